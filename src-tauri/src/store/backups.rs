//! Snapshots of the data file through SQLite's online backup API (never a copy of the live
//! file), each checked with `PRAGMA quick_check` after writing; the check of a file offered for
//! restore (readable, a MarketDesk file, a schema this build knows); and the restore itself,
//! page by page into the open connection. Evidence files live inside the data file, so every
//! snapshot carries them.

use super::migrations::latest_version;
use super::Store;
use crate::error::{AppError, AppResult};
use rusqlite::backup::Backup;
use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use std::time::Duration;

/// The tables every MarketDesk file has had since its first version.
const MARKERS: [&str; 3] = ["regions", "brands", "import_batches"];

fn quick_check(conn: &Connection) -> AppResult<bool> {
    let r: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
    Ok(r == "ok")
}

/// How many problems `PRAGMA quick_check` finds in the file at `path`, read through its own
/// read-only connection (the app's connection is not held while the pages are read); a file
/// SQLite cannot read at all counts as one problem. Zero: the file is sound.
pub fn problems_in(path: &Path) -> usize {
    let found = (|| -> rusqlite::Result<usize> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        let mut st = conn.prepare("PRAGMA quick_check(100)")?;
        let rows: Vec<String> = st
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(if rows == ["ok"] { 0 } else { rows.len().max(1) })
    })();
    found.unwrap_or(1)
}

/// Copy a data file that cannot be trusted, as it is on disk (with its -wal beside it), to
/// `dest`: a plain file copy, since the backup API would stop at the damaged pages.
pub fn set_aside(data_file: &Path, dest: &Path) -> AppResult<()> {
    if let Some(dir) = dest.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| AppError::io(dir, e))?;
    }
    std::fs::copy(data_file, dest).map_err(|e| AppError::io(dest, e))?;
    let wal = sidecar(data_file, "-wal");
    if wal.exists() {
        let to = sidecar(dest, "-wal");
        std::fs::copy(&wal, &to).map_err(|e| AppError::io(&to, e))?;
    }
    Ok(())
}

/// Put a checked backup in place of a closed data file: copied beside it, then renamed over
/// it, its old -wal and -shm removed first so SQLite does not replay them onto the backup.
pub fn replace_closed(data_file: &Path, backup: &Path) -> AppResult<()> {
    check_file(backup)?;
    let tmp = sidecar(data_file, ".restoring");
    std::fs::copy(backup, &tmp).map_err(|e| AppError::io(&tmp, e))?;
    for ext in ["-wal", "-shm"] {
        let p = sidecar(data_file, ext);
        if p.exists() {
            std::fs::remove_file(&p).map_err(|e| AppError::io(&p, e))?;
        }
    }
    std::fs::rename(&tmp, data_file).map_err(|e| AppError::io(data_file, e))
}

fn sidecar(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    s.into()
}

/// Copy the open data file to `dest` (through a temporary file beside it and a rename), then
/// open the copy and run `quick_check` on it; a copy that fails is removed and refused.
pub fn snapshot(conn: &Connection, dest: &Path) -> AppResult<u64> {
    if let Some(dir) = dest.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| AppError::io(dir, e))?;
    }
    let tmp = dest.with_extension("db.part");
    let _ = std::fs::remove_file(&tmp);
    let written = (|| -> AppResult<()> {
        let mut out = Connection::open(&tmp)?;
        {
            let b = Backup::new(conn, &mut out)?;
            b.run_to_completion(1024, Duration::from_millis(0), None)?;
        }
        // A snapshot is a plain file: no WAL beside it.
        out.pragma_update(None, "journal_mode", "DELETE")?;
        if !quick_check(&out)? {
            return Err(AppError::Internal(
                "the snapshot failed its quick_check".into(),
            ));
        }
        Ok(())
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    std::fs::rename(&tmp, dest).map_err(|e| AppError::io(dest, e))?;
    Ok(std::fs::metadata(dest).map(|m| m.len()).unwrap_or(0))
}

/// What a file offered for restore is, or why it is refused: damaged, not MarketDesk's, or
/// written by a newer MarketDesk. Returns its schema version.
pub fn check_file(path: &Path) -> AppResult<i64> {
    let damaged = || {
        AppError::invalid(
            "file",
            format!("{} 已损坏或不是数据库文件，不能用来恢复；当前数据未做任何改动。", path.display()),
            format!("{} is damaged or not a database; it cannot be restored, and your data was not changed.", path.display()),
        )
    };
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|_| damaged())?;
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|_| damaged())?;
    if !quick_check(&conn).unwrap_or(false) {
        return Err(damaged());
    }
    let tables: i64 = conn
        .query_row(
            &format!(
                "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN ({})",
                MARKERS
                    .iter()
                    .map(|m| format!("'{m}'"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            [],
            |r| r.get(0),
        )
        .map_err(|_| damaged())?;
    if version == 0 || tables != MARKERS.len() as i64 {
        return Err(AppError::invalid(
            "file",
            format!("{} 不是 MarketDesk 数据文件，不能用来恢复；当前数据未做任何改动。", path.display()),
            format!("{} is not a MarketDesk data file; it cannot be restored, and your data was not changed.", path.display()),
        ));
    }
    let app = latest_version();
    if version > app {
        return Err(AppError::invalid(
            "file",
            format!("{} 由较新版本的 MarketDesk 写入（结构版本 {version}，本程序支持 {app}），请先升级程序；当前数据未做任何改动。", path.display()),
            format!("{} was written by a newer MarketDesk (schema {version}; this build knows {app}): upgrade first. Your data was not changed.", path.display()),
        ));
    }
    Ok(version)
}

impl Store {
    /// Snapshot this data file to `dest` (see [`snapshot`]).
    pub fn snapshot_to(&self, dest: &Path) -> AppResult<u64> {
        snapshot(&self.conn, dest)
    }

    /// Replace this data file's contents with a checked file's, page by page through the
    /// backup API, in one step the other connections see whole.
    pub fn restore_from(&mut self, src: &Path) -> AppResult<()> {
        check_file(src)?;
        let from = Connection::open_with_flags(
            src,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        let b = Backup::new(&from, &mut self.conn)?;
        b.run_to_completion(1024, Duration::from_millis(0), None)?;
        Ok(())
    }
}

/// The folder snapshots go to: `backups` beside the data file.
pub fn backup_dir(data_file: &Path) -> std::path::PathBuf {
    data_file
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join("backups")
}

/// Snapshot a file about to be upgraded, before its first migration runs.
pub(crate) fn before_upgrade(conn: &Connection, data_file: &Path) -> AppResult<()> {
    let name = crate::domain::backups::file_name(
        chrono::Local::now().naive_local(),
        crate::domain::backups::Reason::Upgrade,
    );
    snapshot(conn, &backup_dir(data_file).join(name)).map(|_| ())
}
