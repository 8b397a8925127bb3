//! Backups on real files: a copy through the backup API that opens with its data and its
//! evidence; a restore that snapshots first and can itself be undone; damaged, foreign and
//! newer files refused with nothing changed (exit 1), a missing one a usage error (2); a
//! snapshot before a schema upgrade; the 7-daily/4-weekly pruning of the backups folder.

use marketdesk_lib::core::AppCore;
use marketdesk_tests::{stderr, stdout, Sandbox};

fn count(db: &std::path::Path, sql: &str) -> i64 {
    let c = rusqlite::Connection::open(db).unwrap();
    c.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn a_backup_carries_the_data_and_the_evidence_and_a_restore_can_be_undone() {
    let sb = Sandbox::new();
    assert!(sb.cli(&["demo"]).status.success());
    let copy = sb.dir.path().join("copy.db");
    let o = sb.cli(&["backup", "--out", copy.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        !sb.dir.path().join("copy.db-wal").exists(),
        "a snapshot is one plain file"
    );
    let expenses = count(&sb.db, "SELECT count(*) FROM expenses");
    assert_eq!(count(&copy, "SELECT count(*) FROM expenses"), expenses);
    assert_eq!(count(&copy, "SELECT count(*) FROM expense_evidence"), 6);
    assert_eq!(
        count(&copy, "SELECT count(*) FROM price_observations"),
        count(&sb.db, "SELECT count(*) FROM price_observations")
    );
    let ok: String = rusqlite::Connection::open(&copy)
        .unwrap()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");

    // Work after the backup, then restore it: the work is gone, the data before is kept.
    let core = AppCore::new(sb.db.clone());
    core.delete_expense(7).unwrap();
    assert_eq!(count(&sb.db, "SELECT count(*) FROM expenses"), expenses - 1);
    let before = core.restore_backup(&copy).unwrap();
    assert_eq!(count(&sb.db, "SELECT count(*) FROM expenses"), expenses);
    let kept = core.backup_dir().join(&before.file_name);
    assert_eq!(count(&kept, "SELECT count(*) FROM expenses"), expenses - 1);
    // … and the restore is undone by restoring what it kept.
    core.restore_backup(&kept).unwrap();
    assert_eq!(count(&sb.db, "SELECT count(*) FROM expenses"), expenses - 1);
    assert!(core.list_backups().unwrap().len() >= 2);
}

#[test]
fn damaged_foreign_newer_and_missing_files_are_refused_and_nothing_changes() {
    let sb = Sandbox::new();
    assert!(sb.cli(&["demo"]).status.success());
    let staff = count(&sb.db, "SELECT count(*) FROM staff");
    // Damaged: a data file with its middle overwritten.
    let damaged = sb.dir.path().join("damaged.db");
    let good = sb.dir.path().join("good.db");
    assert!(sb
        .cli(&["backup", "--out", good.to_str().unwrap()])
        .status
        .success());
    let mut bytes = std::fs::read(&good).unwrap();
    let mid = bytes.len() / 2;
    for b in &mut bytes[4096..mid] {
        *b = 0x5a;
    }
    std::fs::write(&damaged, &bytes).unwrap();
    // Foreign: another program's SQLite file.
    let foreign = sb.dir.path().join("foreign.db");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch(
            "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); PRAGMA user_version = 3;",
        )
        .unwrap();
    // Newer: a MarketDesk file from a later version.
    let newer = sb.dir.path().join("newer.db");
    std::fs::copy(&good, &newer).unwrap();
    rusqlite::Connection::open(&newer)
        .unwrap()
        .execute_batch("PRAGMA user_version = 999;")
        .unwrap();
    for (file, words) in [
        (&damaged, "damaged"),
        (&foreign, "not a MarketDesk data file"),
        (&newer, "newer MarketDesk"),
    ] {
        let o = sb.cli(&["restore", file.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
        assert!(stderr(&o).contains(words), "{words}: {}", stderr(&o));
        assert!(stderr(&o).contains("not changed"), "{}", stderr(&o));
    }
    let o = sb.cli(&[
        "restore",
        sb.dir.path().join("nowhere.db").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(count(&sb.db, "SELECT count(*) FROM staff"), staff);
    // A refused restore takes no snapshot either.
    let core = AppCore::new(sb.db.clone());
    assert!(core.list_backups().unwrap().is_empty());
}

#[test]
fn an_older_data_file_is_snapshotted_before_its_upgrade() {
    let (sb, conn) = Sandbox::at_schema(9);
    conn.execute(
        "INSERT INTO brands (name, is_own, created_at) VALUES ('江森', 1, '2026-01-01')",
        [],
    )
    .unwrap();
    drop(conn);
    let core = AppCore::new(sb.db.clone());
    assert_eq!(
        core.status().unwrap().schema_version,
        Some(marketdesk_lib::store::latest_version())
    );
    let list = core.list_backups().unwrap();
    assert_eq!(list.len(), 1, "{list:?}");
    assert!(list[0].file_name.ends_with("-before-upgrade.db"));
    let kept = core.backup_dir().join(&list[0].file_name);
    assert_eq!(count(&kept, "PRAGMA user_version"), 9);
    assert_eq!(count(&kept, "SELECT count(*) FROM brands"), 1);
}

#[test]
fn the_backups_folder_keeps_seven_days_and_four_weeks() {
    let sb = Sandbox::new();
    let core = AppCore::new(sb.db.clone());
    core.start_empty().unwrap();
    let dir = core.backup_dir();
    std::fs::create_dir_all(&dir).unwrap();
    // Two snapshots a day for 60 days before today, written as files with their names.
    let today = chrono::Local::now().naive_local().date();
    for d in 1..=60 {
        for h in ["090000", "180000"] {
            let day = today - chrono::Duration::days(d);
            let name = format!("marketdesk-{}-{h}-daily.db", day.format("%Y%m%d"));
            std::fs::write(dir.join(name), b"x").unwrap();
        }
    }
    std::fs::write(dir.join("notes.txt"), b"not a backup").unwrap();
    core.backup_now(marketdesk_lib::domain::backups::Reason::Manual)
        .unwrap();
    let left = core.list_backups().unwrap();
    // Today's, the 6 days before it, and up to 3 more weeks' newest: at most 7 + 3.
    assert!((8..=10).contains(&left.len()), "{}", left.len());
    assert!(left
        .iter()
        .all(|b| b.file_name.contains("-180000-") || b.reason_label == "手动"));
    assert!(dir.join("notes.txt").exists(), "other files are left alone");
}
