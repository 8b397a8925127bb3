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

/// Every real import (not a preview or dry run) first snapshots the data file: the
/// `before-import` backup holds the data as it was, whatever the kind of sheet.
#[test]
fn a_snapshot_is_taken_before_every_import_but_not_before_a_dry_run() {
    let sb = Sandbox::new();
    assert!(sb.cli(&["demo"]).status.success());
    let imports = |sb: &Sandbox| -> Vec<std::path::PathBuf> {
        let dir = sb.db.parent().unwrap().join("backups");
        let mut v: Vec<_> = std::fs::read_dir(dir)
            .map(|d| d.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        v.retain(|p: &std::path::PathBuf| p.to_string_lossy().ends_with("-before-import.db"));
        v.sort();
        v
    };
    let sightings = count(&sb.db, "SELECT count(*) FROM price_observations");
    let henan = marketdesk_tests::fixture("prices_henan_gbk.csv");
    let o = sb.cli(&["import", "prices", henan.to_str().unwrap(), "--dry-run"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        imports(&sb).is_empty(),
        "a dry run writes nothing, not even a backup"
    );
    let o = sb.cli(&["import", "prices", henan.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let after = count(&sb.db, "SELECT count(*) FROM price_observations");
    assert!(after > sightings);
    let taken = imports(&sb);
    assert_eq!(taken.len(), 1, "{taken:?}");
    assert_eq!(
        count(&taken[0], "SELECT count(*) FROM price_observations"),
        sightings,
        "the snapshot holds the data before the import"
    );
    // A sheet kind through the shared engine: the roster.
    let staff = count(&sb.db, "SELECT count(*) FROM staff");
    let roster = marketdesk_tests::fixture("roster_2026.xlsx");
    let o = sb.cli(&["import", "staff", roster.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let taken = imports(&sb);
    assert_eq!(taken.len(), 2, "{taken:?}");
    assert_eq!(count(&taken[1], "SELECT count(*) FROM staff"), staff);
    assert_eq!(
        count(&taken[1], "SELECT count(*) FROM price_observations"),
        after
    );
}

/// The start-up check: a data file with damaged pages fails `quick_check`; the newest good
/// backup is offered, and restoring it sets the damaged file aside (nothing thrown away) and
/// brings the data back. A file SQLite cannot read at all is offered the same way.
#[test]
fn a_damaged_data_file_is_found_at_start_and_the_latest_good_backup_restores_it() {
    let sb = Sandbox::new();
    assert!(sb.cli(&["demo"]).status.success());
    let staff = count(&sb.db, "SELECT count(*) FROM staff");
    let core = AppCore::new(sb.db.clone());
    assert!(core.health_check().unwrap().ok);
    let good = core
        .backup_now(marketdesk_lib::domain::backups::Reason::Manual)
        .unwrap();
    drop(core);
    // A newer but damaged snapshot must not be the one offered.
    let junk = sb
        .db
        .parent()
        .unwrap()
        .join("backups/marketdesk-20991231-090000-daily.db");
    std::fs::write(&junk, b"SQLite format 3\0 but nothing else").unwrap();

    // Damage pages in the middle of the data file (its WAL checkpointed into it first).
    let bytes = marketdesk_tests::damage_middle(&sb.db);

    let core = AppCore::new(sb.db.clone());
    let health = core.health_check().unwrap();
    assert!(!health.ok);
    let problem = health.problem.unwrap();
    assert!(problem.contains("没有通过完整性检查"), "{problem}");
    assert!(!problem.to_lowercase().contains("sqlite"), "{problem}");
    let offered = health.latest_good.expect("a good backup is offered");
    assert_eq!(offered.file_name, good.file_name);

    let aside = core.restore_damaged(&offered.file_name).unwrap();
    assert!(
        aside.file_name.ends_with("-damaged.db"),
        "{}",
        aside.file_name
    );
    let kept = core.backup_dir().join(&aside.file_name);
    assert_eq!(
        std::fs::read(&kept).unwrap(),
        bytes,
        "the damaged file is kept as it was"
    );
    assert!(core.health_check().unwrap().ok);
    assert_eq!(core.list_staff(None).unwrap().len() as i64, staff);
    drop(core);
    assert_eq!(count(&sb.db, "SELECT count(*) FROM staff"), staff);

    // A header SQLite cannot read: the window's core cannot open it, and the same offer stands.
    let mut bytes = std::fs::read(&sb.db).unwrap();
    bytes[..16].copy_from_slice(b"not a database!!");
    std::fs::write(&sb.db, &bytes).unwrap();
    let core = AppCore::new(sb.db.clone());
    let status = core.status().unwrap();
    assert!(!status.open);
    let health = core.health_check().unwrap();
    assert!(!health.ok);
    let offered = health.latest_good.unwrap();
    core.restore_damaged(&offered.file_name).unwrap();
    assert!(core.status().unwrap().open);
    assert_eq!(core.list_staff(None).unwrap().len() as i64, staff);
}
