//! I/O faults on real files: a data file locked by another program, a read-only data file
//! and a full disk each give a sentence that names the fault and what to do (exit 1), and
//! lose nothing. Where the machine cannot make the fault (root ignores permissions; a small
//! tmpfs needs mount rights) the test says why it skipped that part.

use marketdesk_tests::{stderr, Sandbox};

fn status_of(db: &std::path::Path, id: i64) -> String {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row("SELECT status FROM expenses WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .unwrap()
}

#[test]
fn a_locked_data_file_is_named_as_such_and_nothing_is_lost() {
    let sb = Sandbox::new();
    assert!(sb.cli(&["demo"]).status.success());
    // Another program holds the write lock for longer than MarketDesk waits (5 s).
    let other = rusqlite::Connection::open(&sb.db).unwrap();
    other
        .execute_batch("BEGIN IMMEDIATE; UPDATE settings SET value = value;")
        .unwrap();
    let o = sb.cli(&["expense", "cancel", "7"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("locked by another program"), "{err}");
    assert!(err.contains("被另一个程序锁定"), "{err}");
    other.execute_batch("ROLLBACK").unwrap();
    drop(other);
    assert_eq!(status_of(&sb.db, 7), "draft", "nothing was written");
    // Once the other program lets go, the same command works.
    assert!(sb.cli(&["expense", "cancel", "7"]).status.success());
    assert_eq!(status_of(&sb.db, 7), "cancelled");
}

#[test]
fn a_read_only_data_file_is_named_as_such() {
    use std::os::unix::fs::PermissionsExt;
    let sb = Sandbox::new();
    assert!(sb.cli(&["demo"]).status.success());
    let dir = sb.db.parent().unwrap().to_path_buf();
    std::fs::set_permissions(&sb.db, std::fs::Permissions::from_mode(0o444)).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o555)).unwrap();
    let probe = dir.join("probe");
    let root = std::fs::write(&probe, b"x").is_ok();
    if root {
        let _ = std::fs::remove_file(&probe);
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        eprintln!("skipped: this user writes through read-only permissions (root); the read-only message is checked by its SQLite code below");
        let e = marketdesk_lib::error::AppError::Storage(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_READONLY),
            None,
        ));
        assert_eq!(e.code(), "read_only");
        assert!(e
            .message(marketdesk_lib::i18n::Lang::En)
            .contains("read-only"));
        return;
    }
    let o = sb.cli(&["expense", "cancel", "7"]);
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&sb.db, std::fs::Permissions::from_mode(0o644)).unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("read-only") || stderr(&o).contains("permission denied"),
        "{}",
        stderr(&o)
    );
    assert_eq!(status_of(&sb.db, 7), "draft");
}

#[test]
fn a_full_disk_is_named_as_such_and_the_data_already_there_is_intact() {
    let sb = Sandbox::new();
    let mnt = sb.dir.path().join("small");
    std::fs::create_dir_all(&mnt).unwrap();
    let mounted = std::process::Command::new("mount")
        .args([
            "-t",
            "tmpfs",
            "-o",
            "size=600k",
            "tmpfs",
            mnt.to_str().unwrap(),
        ])
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if !mounted {
        eprintln!("skipped: a 600 KB tmpfs cannot be mounted here (needs mount rights); the disk-full message is checked by its SQLite code");
        let e = marketdesk_lib::error::AppError::Storage(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_FULL),
            None,
        ));
        assert_eq!(e.code(), "disk_full");
        assert!(e
            .message(marketdesk_lib::i18n::Lang::En)
            .contains("disk is full"));
        return;
    }
    let db = mnt.join("marketdesk.db");
    let run = |args: &[&str]| {
        let mut full = vec!["--db", db.to_str().unwrap()];
        full.extend_from_slice(args);
        sb.cli_raw(&full)
    };
    let o = run(&["demo"]);
    let err = stderr(&o);
    let _ = std::process::Command::new("umount").arg(&mnt).status();
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("disk is full") || err.contains("磁盘空间已满"),
        "{err}"
    );
}
