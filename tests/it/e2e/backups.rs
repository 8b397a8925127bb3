//! End to end, backups in Settings: back up now, see it listed, delete a request, restore the
//! backup from the list (confirmed), and find the request back and the data before kept.

use super::{accept_confirm, css, go, session, shot, tid, wait_contains};
use marketdesk_tests::Sandbox;

#[test]
fn back_up_now_then_restore_it_from_the_list() {
    let sb = Sandbox::new();
    assert!(sb.cli(&["demo"]).status.success());
    session(&sb, |c| async move {
        go(&c, "settings", "设置").await;
        wait_contains(&c, "[data-testid='backups']", "备份").await;
        tid(&c, "backup-now").await.click().await.unwrap();
        wait_contains(&c, "[data-testid='backup-table']", "手动").await;
        shot(&c, "70-zh-settings-backups").await;
    });
    // Work after the backup: the draft request goes.
    let before: i64 = rusqlite::Connection::open(&sb.db)
        .unwrap()
        .query_row("SELECT count(*) FROM expenses", [], |r| r.get(0))
        .unwrap();
    assert!(sb.cli(&["expense", "cancel", "7"]).status.success());
    let db = sb.db.clone();
    session(&sb, |c| async move {
        go(&c, "settings", "设置").await;
        css(&c, "[data-testid='backup-restore']").await;
        // The one made by hand above.
        c.wait()
            .for_element(fantoccini::Locator::XPath(
                "//tr[@data-testid='backup-row'][contains(., '手动')]//button[@data-testid='backup-restore']",
            ))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        accept_confirm(&c).await;
        wait_contains(&c, "[data-testid='backup-table']", "恢复前").await;
        shot(&c, "71-zh-settings-restored").await;
    });
    let status: String = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("SELECT status FROM expenses WHERE id = 7", [], |r| r.get(0))
        .unwrap();
    assert_eq!(status, "draft", "the restore brought the draft back");
    let after: i64 = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("SELECT count(*) FROM expenses", [], |r| r.get(0))
        .unwrap();
    assert_eq!(after, before);
}
