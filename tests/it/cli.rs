//! The CLI, run as the real binary.

use marketdesk_tests::{stderr, stdout, Sandbox};

#[test]
fn init_creates_the_store_and_prints_the_schema_version() {
    let sb = Sandbox::new();
    let out = sb.cli(&["init"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let expected = format!(
        "schema version: {}",
        marketdesk_lib::store::latest_version()
    );
    assert!(text.contains(&expected), "{text}");
    assert!(sb.db.exists());
    // A second init is a no-op migration, same version.
    let again = sb.cli(&["init"]);
    assert!(again.status.success());
    assert!(stdout(&again).contains(&expected));
}

#[test]
fn a_newer_schema_is_refused_with_both_versions_and_left_unchanged() {
    let sb = Sandbox::new();
    {
        let c = rusqlite::Connection::open(&sb.db).unwrap();
        c.execute_batch("CREATE TABLE later_feature(x); PRAGMA user_version = 42;")
            .unwrap();
    }
    let before = std::fs::read(&sb.db).unwrap();
    let out = sb.cli(&["init"]);
    assert!(!out.status.success());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    let app = marketdesk_lib::store::latest_version().to_string();
    assert!(
        err.contains("schema version 42, newer than version ")
            && err.contains(&format!("version {app} that")),
        "{err}"
    );
    assert!(err.contains("结构版本是 42"), "{err}");
    assert_eq!(std::fs::read(&sb.db).unwrap(), before, "file changed");
}

#[test]
fn help_lists_subcommands_and_unknown_exits_2() {
    let sb = Sandbox::new();
    let help = sb.cli_raw(&["--help"]);
    assert!(help.status.success());
    let text = stdout(&help);
    // Every subcommand is listed with its line of help.
    let commands: Vec<&str> = text
        .split("Commands:")
        .nth(1)
        .unwrap_or("")
        .split("Options:")
        .next()
        .unwrap_or("")
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    for name in [
        "init",
        "import",
        "moves",
        "demo",
        "batches",
        "undo",
        "campaigns",
        "campaign",
        "brief",
        "ics",
        "compliance",
        "staff",
        "training",
        "templates",
        "holidays",
        "expenses",
        "budget",
        "expense",
        "cost-report",
        "backup",
        "restore",
        "weekly-report",
        "help",
    ] {
        assert!(commands.contains(&name), "{name} missing from:\n{text}");
    }
    assert_eq!(commands.len(), 23, "{commands:?}");
    let import = stdout(&sb.cli_raw(&["import", "--help"]));
    for kind in [
        "prices",
        "holidays",
        "campaigns",
        "offers",
        "staff",
        "sessions",
        "attendance",
        "budget",
        "expenses",
    ] {
        assert!(import.contains(kind), "{kind} missing from:\n{import}");
    }
    // The brief writes all three formats; the help no longer says otherwise.
    let brief = stdout(&sb.cli_raw(&["brief", "--help"]));
    assert!(
        brief.contains(".pdf") && brief.contains(".docx") && brief.contains(".md"),
        "{brief}"
    );
    assert!(!brief.contains("refused"), "{brief}");
    let bad = sb.cli_raw(&["frobnicate"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("Usage"), "{}", stderr(&bad));
}

#[test]
fn env_var_names_the_data_file() {
    let sb = Sandbox::new();
    let other = sb.dir.path().join("via-env.db");
    let mut cmd = std::process::Command::new(marketdesk_tests::app_bin());
    cmd.arg("init").env("MARKETDESK_DB", &other);
    for (k, v) in sb.env() {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(other.exists());
}

/// The data file's default place follows the bundle identifier (`com.marketdesk.desktop`); a
/// data file at the place MarketDesk 0.1 used (`com.marketdesk.app`) is still found, where it is.
#[test]
fn the_default_data_file_is_under_the_identifier_and_an_old_one_is_still_found() {
    let sb = Sandbox::new();
    let data = sb.dir.path().join("data");
    // Nothing yet: a new data file goes under the new identifier.
    let out = sb.cli_raw(&["init"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let new = data.join("com.marketdesk.desktop").join("marketdesk.db");
    assert!(
        stdout(&out).contains(&new.display().to_string()),
        "{}",
        stdout(&out)
    );
    assert!(new.exists());

    // A laptop that ran 0.1: its data file under the old folder, nothing under the new one.
    let sb = Sandbox::new();
    let data = sb.dir.path().join("data");
    let old = data.join("com.marketdesk.app").join("marketdesk.db");
    std::fs::create_dir_all(old.parent().unwrap()).unwrap();
    let made = sb.cli_raw(&["--db", old.to_str().unwrap(), "demo"]);
    assert!(made.status.success(), "{}", stderr(&made));
    let out = sb.cli_raw(&["campaigns", "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("江森五一焕新季"),
        "the old file's data"
    );
    assert!(
        !data.join("com.marketdesk.desktop").exists(),
        "nothing new was made"
    );
    assert_eq!(
        marketdesk_lib::core::default_db_path_in(&data),
        old,
        "read where it is"
    );
}
