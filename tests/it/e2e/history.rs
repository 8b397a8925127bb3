//! End to end, history and undo in the real window: approve the 国庆 campaign, take it back
//! from the toast's Undo, and read both changes in the campaign's history; delete one of its
//! tasks and bring it back from the side bar's "undo last action" (confirmed).

use super::{accept_confirm, go, session, shot, tid, wait_contains, wait_text};
use fantoccini::{Client, Locator};
use marketdesk_tests::Sandbox;

async fn open_guoqing(c: &Client) {
    go(c, "campaigns", "活动日历").await;
    // Still open on its page (the screen was rebuilt around it)?
    if let Ok(name) = c.find(Locator::Css("[data-testid='campaign-name']")).await {
        if name.text().await.unwrap_or_default() == "江森国庆感恩季" {
            return;
        }
        tid(c, "campaign-back").await.click().await.unwrap();
    }
    c.wait()
        .for_element(Locator::XPath(
            "//button[@data-testid='campaign-open' and normalize-space()='江森国庆感恩季']",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_text(c, "[data-testid='campaign-name']", "江森国庆感恩季").await;
}

async fn task_rows(c: &Client) -> usize {
    c.find_all(Locator::Css("[data-testid='task-row']"))
        .await
        .unwrap()
        .len()
}

#[test]
fn a_status_change_is_undone_from_its_toast_and_a_deleted_task_from_the_menu() {
    let sb = Sandbox::new();
    assert!(sb.cli(&["demo"]).status.success());
    session(&sb, |c| async move {
        open_guoqing(&c).await;
        wait_text(&c, "[data-testid='campaign-page-status']", "已策划").await;
        tid(&c, "status-approved").await.click().await.unwrap();
        wait_text(&c, "[data-testid='campaign-page-status']", "已批准").await;
        wait_contains(&c, "[data-testid='toast']", "撤销").await;
        shot(&c, "73-zh-undo-toast").await;
        tid(&c, "toast-undo").await.click().await.unwrap();
        wait_contains(
            &c,
            "[data-testid='toast']",
            "已撤销：更改活动“江森国庆感恩季”的状态",
        )
        .await;
        // The screens are rebuilt on the data as it now is.
        open_guoqing(&c).await;
        wait_text(&c, "[data-testid='campaign-page-status']", "已策划").await;
        tid(&c, "history-open").await.click().await.unwrap();
        wait_contains(&c, "[data-testid='history']", "状态：已策划 → 已批准").await;
        wait_contains(&c, "[data-testid='history']", "状态：已批准 → 已策划").await;
        shot(&c, "74-zh-campaign-history").await;

        // A task deleted, then brought back from the side bar.
        tid(&c, "cpage-tasks").await.click().await.unwrap();
        tid(&c, "task-row").await;
        let before = task_rows(&c).await;
        tid(&c, "task-delete").await.click().await.unwrap();
        accept_confirm(&c).await;
        wait_contains(&c, "[data-testid='toast']", "删除任务").await;
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while task_rows(&c).await != before - 1 {
            assert!(
                std::time::Instant::now() < deadline,
                "the task stays listed"
            );
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        tid(&c, "nav-undo").await.click().await.unwrap();
        accept_confirm(&c).await;
        wait_contains(&c, "[data-testid='toast']", "已撤销：删除任务").await;
        open_guoqing(&c).await;
        tid(&c, "cpage-tasks").await.click().await.unwrap();
        tid(&c, "task-row").await;
        assert_eq!(task_rows(&c).await, before);
    });
}
