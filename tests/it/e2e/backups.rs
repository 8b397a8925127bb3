//! End to end, backups in Settings: back up now, see it listed, delete a request, restore the
//! backup from the list (confirmed), and find the request back and the data before kept.

use super::{accept_confirm, css, go, session, shot, tid, wait_contains, wait_text, TITLE};
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

/// A data file damaged since the last backup: after the first paint the window says so, offers
/// the latest good backup, and restores it once the user confirms; the damaged file is kept.
#[test]
fn a_damaged_data_file_is_reported_at_start_and_the_latest_good_backup_restored() {
    let sb = Sandbox::new();
    assert!(sb.cli(&["demo"]).status.success());
    let good = sb.dir.path().join("good.db");
    assert!(sb
        .cli(&["backup", "--out", good.to_str().unwrap()])
        .status
        .success());
    let backups = sb.db.parent().unwrap().join("backups");
    std::fs::create_dir_all(&backups).unwrap();
    std::fs::copy(&good, backups.join("marketdesk-20261201-090000-daily.db")).unwrap();
    marketdesk_tests::damage_middle(&sb.db);
    session(&sb, |c| async move {
        wait_contains(&c, "[data-testid='health-alert']", "数据文件可能已损坏").await;
        wait_contains(
            &c,
            "[data-testid='health-backup']",
            "最近一份完好的备份：2026-12-01 09:00:00（每日）",
        )
        .await;
        shot(&c, "72-zh-damaged-data-file").await;
        tid(&c, "health-restore").await.click().await.unwrap();
        accept_confirm(&c).await;
        wait_contains(
            &c,
            "[data-testid='toast']",
            "已从 2026-12-01 09:00:00 的备份恢复",
        )
        .await;
        wait_text(&c, TITLE, "总览").await;
        wait_text(&c, "[data-testid='brand-count']", "4").await;
        assert!(c
            .find(fantoccini::Locator::Css("[data-testid='health-alert']"))
            .await
            .is_err());
    });
    let kept: Vec<String> = std::fs::read_dir(&backups)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with("-damaged.db"))
        .collect();
    assert_eq!(kept.len(), 1, "the damaged file is set aside");
    let ok: String = rusqlite::Connection::open(&sb.db)
        .unwrap()
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
}

/// Ctrl+Q ends the program the way closing its window does, and on the way out the snapshot
/// "on exit" is written beside the data file — while the WebDriver session is still open, so
/// it is the program's own exit that wrote it.
#[test]
fn ctrl_q_ends_the_program_and_leaves_the_snapshot_taken_on_exit() {
    let sb = Sandbox::new();
    assert!(sb.cli(&["demo"]).status.success());
    let backups = sb.db.parent().unwrap().join("backups");
    let needle = sb.db.display().to_string();
    let exit_snapshots = move |dir: &std::path::Path| -> Vec<String> {
        std::fs::read_dir(dir)
            .map(|rd| {
                rd.flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|n| n.ends_with("-exit.db"))
                    .collect()
            })
            .unwrap_or_default()
    };
    assert!(exit_snapshots(&backups).is_empty());
    let dir = backups.clone();
    session(&sb, |c| async move {
        wait_text(&c, TITLE, "总览").await;
        c.execute(
            // A moment later, so that this call has its answer before the program goes.
            "setTimeout(() => window.dispatchEvent(
               new KeyboardEvent('keydown', { key: 'q', ctrlKey: true })), 200)",
            vec![],
        )
        .await
        .unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        // Until the program has gone and its snapshot is there (or 20 s).
        let running = || !super::pids_matching(&[&needle]).is_empty();
        while (running() || exit_snapshots(&dir).is_empty()) && std::time::Instant::now() < deadline
        {
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert!(!running(), "the program is still running after Ctrl+Q");
    });
    let found = exit_snapshots(&backups);
    assert_eq!(found.len(), 1, "{found:?}");
    // The snapshot is a whole data file with the demo in it.
    let n: i64 = rusqlite::Connection::open(backups.join(&found[0]))
        .unwrap()
        .query_row("SELECT count(*) FROM campaigns", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 3);
}
