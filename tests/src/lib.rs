//! Shared helpers for the integration and end-to-end tests: where the built binary is, and a
//! sandbox (temp HOME/XDG dirs and data file) so no test touches the user's data.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// `target/debug` (or whatever CARGO_TARGET_DIR holds this test binary).
pub fn target_profile_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("test exe path");
    // target/debug/deps/it-<hash>
    exe.parent()
        .and_then(Path::parent)
        .expect("target profile dir")
        .to_path_buf()
}

/// The `marketdesk` binary built by `make build` / `cargo build -p marketdesk`.
pub fn app_bin() -> PathBuf {
    let name = if cfg!(windows) {
        "marketdesk.exe"
    } else {
        "marketdesk"
    };
    let p = target_profile_dir().join(name);
    assert!(
        p.exists(),
        "{} is missing: build it first (make build, or cargo build -p marketdesk)",
        p.display()
    );
    p
}

/// How many rows of the chart's daily series (`price_daily`) differ from the lowest effective
/// price per product, region and day over the sightings that exist (0 when they agree).
pub fn daily_series_mismatches(conn: &rusqlite::Connection) -> i64 {
    conn.query_row(
        "SELECT (SELECT count(*) FROM (
            SELECT product_id, region_id, observed_on, min(effective_fen), count(*)
            FROM price_observations GROUP BY 1, 2, 3
            EXCEPT SELECT product_id, region_id, observed_on, low_fen, sightings FROM price_daily))
         + (SELECT count(*) FROM (
            SELECT product_id, region_id, observed_on, low_fen, sightings FROM price_daily
            EXCEPT SELECT product_id, region_id, observed_on, min(effective_fen), count(*)
            FROM price_observations GROUP BY 1, 2, 3))",
        [],
        |r| r.get(0),
    )
    .expect("compare the daily series")
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

/// A temp home for one test: HOME and XDG dirs point inside it, and `db` is its data file.
pub struct Sandbox {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
}

impl Default for Sandbox {
    fn default() -> Self {
        Self::new()
    }
}

impl Sandbox {
    /// A sandbox whose data file was written by an older MarketDesk: schema `version`, no data.
    /// Returns the open connection to add what the test needs before the app opens it.
    pub fn at_schema(version: usize) -> (Sandbox, rusqlite::Connection) {
        let sb = Sandbox::new();
        let mut conn = rusqlite::Connection::open(&sb.db).expect("data file");
        marketdesk_lib::store::migrations::MIGRATIONS
            .to_version(&mut conn, version)
            .expect("older schema");
        (sb, conn)
    }

    pub fn new() -> Sandbox {
        let dir = tempfile::tempdir().expect("tempdir");
        for sub in ["home", "data", "config", "cache", "runtime"] {
            std::fs::create_dir_all(dir.path().join(sub)).expect("mkdir");
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(
                dir.path().join("runtime"),
                std::fs::Permissions::from_mode(0o700),
            );
        }
        let db = dir.path().join("data").join("marketdesk.db");
        Sandbox { dir, db }
    }

    /// Environment that keeps the app's files inside the sandbox.
    pub fn env(&self) -> Vec<(String, String)> {
        let p = |s: &str| self.dir.path().join(s).display().to_string();
        vec![
            ("HOME".into(), p("home")),
            ("XDG_DATA_HOME".into(), p("data")),
            ("XDG_CONFIG_HOME".into(), p("config")),
            ("XDG_CACHE_HOME".into(), p("cache")),
            ("XDG_RUNTIME_DIR".into(), p("runtime")),
        ]
    }

    /// Run the CLI with `--db <sandbox db>` and the given arguments.
    pub fn cli(&self, args: &[&str]) -> Output {
        let mut cmd = Command::new(app_bin());
        cmd.arg("--db").arg(&self.db).args(args);
        cmd.env_remove("MARKETDESK_DB");
        for (k, v) in self.env() {
            cmd.env(k, v);
        }
        cmd.output().expect("run marketdesk")
    }

    /// Run the CLI with exactly these arguments (no `--db`).
    pub fn cli_raw(&self, args: &[&str]) -> Output {
        let mut cmd = Command::new(app_bin());
        cmd.args(args);
        cmd.env_remove("MARKETDESK_DB");
        for (k, v) in self.env() {
            cmd.env(k, v);
        }
        cmd.output().expect("run marketdesk")
    }
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Starts `cmd` with its stdout piped and read on a thread: each line arrives on the
/// receiver with the moment it was read (start-up is timed to a line the window prints).
pub fn spawn_reading_lines(
    cmd: &mut Command,
) -> (
    std::process::Child,
    std::sync::mpsc::Receiver<(std::time::Instant, String)>,
) {
    use std::io::BufRead;
    let mut child = cmd
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {cmd:?}: {e}"));
    let stdout = child.stdout.take().expect("piped stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
        {
            if tx.send((std::time::Instant::now(), line)).is_err() {
                break;
            }
        }
    });
    (child, rx)
}

/// A PDF's text as poppler's `pdftotext` reads it (UTF-8).
pub fn pdf_text(p: &Path) -> String {
    let o = Command::new("pdftotext")
        .args(["-enc", "UTF-8", &p.display().to_string(), "-"])
        .output()
        .expect("pdftotext (make test-deps installs it)");
    assert!(o.status.success(), "pdftotext: {}", stderr(&o));
    stdout(&o)
}

/// A Word file's paragraphs and table cells as python-docx reads them.
pub fn docx_text(p: &Path) -> String {
    let script = "import sys, docx\nd = docx.Document(sys.argv[1])\nprint('\\n'.join([p.text for p in d.paragraphs] + [c.text for t in d.tables for r in t.rows for c in r.cells]))";
    let o = Command::new("python3")
        .args(["-c", script, &p.display().to_string()])
        .output()
        .expect("python3 with python-docx (make test-deps installs it)");
    assert!(o.status.success(), "python-docx: {}", stderr(&o));
    stdout(&o)
}

/// Damage the pages in the middle third of a data file (its WAL checkpointed into it first),
/// as a disk fault would; returns the damaged bytes as written.
pub fn damage_middle(db: &Path) -> Vec<u8> {
    rusqlite::Connection::open(db)
        .expect("open the data file")
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .expect("checkpoint");
    let mut bytes = std::fs::read(db).expect("read the data file");
    let len = bytes.len();
    for b in &mut bytes[len / 3..len / 2] {
        *b = 0x5a;
    }
    std::fs::write(db, &bytes).expect("write the data file");
    bytes
}
