//! The store: one SQLite file per user, opened with the same settings everywhere
//! (app, CLI, tests). Per-table code lives in the sibling modules.

pub mod audit;
pub mod backups;
pub mod batches;
pub mod brands;
pub mod budget;
pub mod campaigns;
pub mod competitors;
pub mod dashboard;
pub mod holidays;
pub mod migrations;
pub mod regions;
pub mod search;
pub mod settings;
pub mod training;
pub mod weekly;

use crate::error::{AppError, AppResult};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

pub use migrations::latest_version;

/// SQLite's default page cache, as `PRAGMA cache_size` (negative: KiB).
const DEFAULT_CACHE_KIB: i64 = -2000;

/// The page cache an import of sightings gets (`Store::with_cache_mib`); SQLite allocates it
/// only as pages are touched.
pub const IMPORT_CACHE_MIB: i64 = 256;

/// How much of the data file a reader connection maps into memory (`open_reader`).
const READER_MMAP_BYTES: i64 = 1 << 30;

pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// The language names are read in (`local_name()` in SQL): true for English.
    english: Arc<AtomicBool>,
}

/// How to treat a missing file: MarketDesk never swaps a missing data file for an empty one
/// unless asked to create one (first run, `init`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    MustExist,
    CreateIfMissing,
}

impl Store {
    pub fn open(path: &Path, mode: OpenMode) -> AppResult<Store> {
        Store::open_with_progress(path, mode, &mut |_, _| {})
    }

    /// The (found, latest) schema versions of an existing data file this build will upgrade;
    /// `None` when there is nothing to upgrade, or the file is new, missing or not ours (the
    /// real open says why).
    pub fn pending_upgrade(path: &Path) -> Option<(i64, i64)> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .ok()?;
        let found: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .ok()?;
        let latest = latest_version();
        (found > 0 && found < latest).then_some((found, latest))
    }

    /// A setting an existing data file holds, read without opening the file for use (a file
    /// waiting for its upgrade still greets its user in their language).
    pub fn stored_setting(path: &Path, key: &str) -> Option<String> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .ok()?;
        conn.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .ok()
    }

    /// `open`, reporting the migrations as they run: (steps done, steps to do).
    pub fn open_with_progress(
        path: &Path,
        mode: OpenMode,
        progress: &mut dyn FnMut(i64, i64),
    ) -> AppResult<Store> {
        let exists = path.exists();
        if !exists && mode == OpenMode::MustExist {
            return Err(AppError::DbMissing(path.to_path_buf()));
        }
        if !exists {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|e| AppError::io(dir, e))?;
            }
        }
        let flags = if exists {
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX
        } else {
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
        };
        let mut conn = Connection::open_with_flags(path, flags).map_err(|e| open_error(path, e))?;
        conn.busy_timeout(Duration::from_secs(5))?;

        // Look before touching anything: a newer schema is refused with the file unchanged
        // (switching to WAL would already be a change).
        let found: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| open_error(path, e))?;
        let app = latest_version();
        if found > app {
            return Err(AppError::SchemaTooNew {
                path: path.to_path_buf(),
                db: found,
                app,
            });
        }
        if found == 0 && exists && has_foreign_tables(&conn)? {
            return Err(AppError::NotADatabase(path.to_path_buf()));
        }

        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // Statement journals and temporary b-trees in memory: an import's INSERTs (each may
        // roll back alone: triggers, foreign keys) otherwise journal every page they touch to
        // a temporary file — ~30 small writes per sighting, most of a 100 k import's time.
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        // One migration at a time, so a long one (an index over a million sightings) is
        // reported step by step. Foreign keys are off meanwhile, as SQLite's procedure for
        // rebuilding a table asks (a step that rebuilds one checks the keys before it ends).
        if found < app {
            // A file that has data gets a snapshot before its first migration runs.
            if exists && found > 0 {
                backups::before_upgrade(&conn, path)?;
            }
            conn.pragma_update(None, "foreign_keys", "OFF")?;
            for v in found + 1..=app {
                let step = usize::try_from(v).map_err(|e| AppError::Internal(e.to_string()))?;
                migrations::MIGRATIONS.to_version(&mut conn, step)?;
                progress(v - found, app - found);
            }
            conn.pragma_update(None, "foreign_keys", "ON")?;
        }
        audit::close_all(&conn)?;
        Store::from_conn(conn, path)
    }

    /// The store around an open, migrated connection: our SQL functions registered, names
    /// in Chinese until told otherwise.
    fn from_conn(conn: Connection, path: &Path) -> AppResult<Store> {
        let english = Arc::new(AtomicBool::new(false));
        register_functions(&conn, english.clone())?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            english,
        })
    }

    /// A second connection to a data file the app already opened (and migrated), for long
    /// reads beside the main connection: `query_only`, so writes through it fail. Opened
    /// read-write all the same, so that whichever connection closes last checkpoints the WAL
    /// into the file and removes it (a read-only connection would leave the -wal behind).
    pub fn open_reader(path: &Path) -> AppResult<Store> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| open_error(path, e))?;
        conn.busy_timeout(Duration::from_secs(5))?;
        conn.pragma_update(None, "query_only", "ON")?;
        // Pages read through a memory map rather than copied in by one read call each: the
        // bands' scattered series touch thousands of pages per view (in one comparison, plan
        // and bands at once 17 ms instead of 26; the map shares the system's file cache, no
        // second copy of the pages).
        conn.pragma_update(None, "mmap_size", READER_MMAP_BYTES)?;
        Store::from_conn(conn, path)
    }

    /// Read names (regions, built-in channels) in this language from now on; Chinese until
    /// told otherwise.
    pub fn set_lang(&self, lang: crate::i18n::Lang) {
        self.english
            .store(lang == crate::i18n::Lang::En, Ordering::Relaxed);
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn schema_version(&self) -> AppResult<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Every row of a query without parameters, mapped.
    pub fn query_all<T>(
        &self,
        sql: &str,
        map: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> AppResult<Vec<T>> {
        let mut st = self.conn.prepare(sql)?;
        let rows = st.query_map([], map)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Run `f` (an import) with a page cache of up to `mib` MiB instead of SQLite's 2 MiB, given
    /// back afterwards: a large batch touches index pages all over the file, and with the small
    /// cache SQLite spills them to the WAL and reads them back again and again.
    pub fn with_cache_mib<T>(
        &mut self,
        mib: i64,
        f: impl FnOnce(&mut Store) -> AppResult<T>,
    ) -> AppResult<T> {
        self.conn.pragma_update(None, "cache_size", -mib * 1024)?;
        let out = f(self);
        self.conn
            .pragma_update(None, "cache_size", DEFAULT_CACHE_KIB)?;
        out
    }

    /// A transaction the caller commits or drops (rolls back): for dry runs and cancellable work.
    pub fn transaction(&mut self) -> AppResult<rusqlite::Transaction<'_>> {
        Ok(self.conn.transaction()?)
    }

    /// Every write goes through one transaction: all of it or nothing.
    pub fn write<T>(
        &mut self,
        f: impl FnOnce(&rusqlite::Transaction<'_>) -> AppResult<T>,
    ) -> AppResult<T> {
        let tx = self.conn.transaction()?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }
}

/// `local_name(zh, en)`: the English name when this store reads English and the record has
/// one, else the Chinese name — for regions (山东 / Shandong) and the built-in channels
/// (专卖店 / Brand store). What the user added without an English name keeps its own name in
/// both languages.
fn register_functions(conn: &Connection, english: Arc<AtomicBool>) -> AppResult<()> {
    use rusqlite::functions::FunctionFlags;
    conn.create_scalar_function(
        "local_name",
        2,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_INNOCUOUS,
        move |ctx| {
            let zh: Option<String> = ctx.get(0)?;
            let en: Option<String> = ctx.get(1)?;
            Ok(match en {
                Some(en) if !en.is_empty() && english.load(Ordering::Relaxed) => Some(en),
                _ => zh,
            })
        },
    )?;
    Ok(())
}

/// A date as the store keeps it ('2026-05-01'). Read without a format string: the chart and
/// the holiday calendar read thousands of them.
pub fn iso_day(s: &str) -> Option<chrono::NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    chrono::NaiveDate::from_ymd_opt(i32::try_from(num(0..4)?).ok()?, num(5..7)?, num(8..10)?)
}

/// Column `i` of a row as a stored date; `None` when it is not one.
pub fn day_at(row: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Option<chrono::NaiveDate>> {
    Ok(row.get_ref(i)?.as_str().ok().and_then(iso_day))
}

fn open_error(path: &Path, e: rusqlite::Error) -> AppError {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => AppError::NotADatabase(path.to_path_buf()),
        Some(rusqlite::ErrorCode::CannotOpen) => AppError::io(
            path,
            std::io::Error::new(std::io::ErrorKind::PermissionDenied, e.to_string()),
        ),
        _ => AppError::Storage(e),
    }
}

/// A version-0 file that already has tables belongs to some other program.
fn has_foreign_tables(conn: &Connection) -> AppResult<bool> {
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_schema WHERE type = 'table'",
        [],
        |r| r.get(0),
    )?;
    Ok(n > 0)
}

/// Current local time as stored in `created_at` columns.
pub fn now_text() -> String {
    chrono::Local::now()
        .naive_local()
        .format("%Y-%m-%dT%H:%M:%S")
        .to_string()
}

/// Map a UNIQUE violation to a user-facing conflict on `field`.
pub fn unique_violation(
    e: rusqlite::Error,
    field: &str,
    zh: impl Into<String>,
    en: impl Into<String>,
) -> AppError {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::ConstraintViolation) => AppError::conflict(Some(field), zh, en),
        _ => AppError::Storage(e),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn stored_dates_are_read_strictly() {
        assert_eq!(
            iso_day("2026-05-01"),
            chrono::NaiveDate::from_ymd_opt(2026, 5, 1)
        );
        assert_eq!(
            iso_day("2024-02-29"),
            chrono::NaiveDate::from_ymd_opt(2024, 2, 29)
        );
        for bad in [
            "2026-02-30",
            "2026-5-01",
            "2026/05/01",
            "2026-05-0x",
            "",
            "２０２６-05-01",
            "+202-05-01",
        ] {
            assert_eq!(iso_day(bad), None, "{bad}");
        }
    }

    use super::*;

    #[test]
    fn creates_migrates_and_sets_pragmas() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("m.db");
        let store = Store::open(&path, OpenMode::CreateIfMissing).unwrap();
        assert_eq!(store.schema_version().unwrap(), latest_version());
        let mode: String = store
            .conn()
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        let sync: i64 = store
            .conn()
            .query_row("PRAGMA synchronous", [], |r| r.get(0))
            .unwrap();
        assert_eq!(sync, 2, "synchronous=FULL");
        let fk: i64 = store
            .conn()
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        assert_eq!(fk, 1);
    }

    #[test]
    fn missing_file_is_not_created_when_it_must_exist() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gone.db");
        let err = Store::open(&path, OpenMode::MustExist).err().unwrap();
        assert_eq!(err.code(), "db_missing");
        assert!(!path.exists());
    }

    #[test]
    fn newer_schema_is_refused_and_file_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.db");
        {
            let c = Connection::open(&path).unwrap();
            c.execute_batch("CREATE TABLE future(x); PRAGMA user_version = 99;")
                .unwrap();
        }
        let before = std::fs::read(&path).unwrap();
        let err = Store::open(&path, OpenMode::MustExist).err().unwrap();
        match &err {
            AppError::SchemaTooNew { db, app, .. } => {
                assert_eq!(*db, 99);
                assert_eq!(*app, latest_version());
            }
            other => panic!("unexpected {other:?}"),
        }
        assert_eq!(std::fs::read(&path).unwrap(), before);
        assert!(!dir.path().join("new.db-wal").exists());
    }

    #[test]
    fn foreign_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("text.db");
        std::fs::write(
            &path,
            "hello, this is not sqlite at all, just some text.....",
        )
        .unwrap();
        let err = Store::open(&path, OpenMode::MustExist).err().unwrap();
        assert_eq!(err.code(), "not_a_database");

        let other = dir.path().join("other.db");
        Connection::open(&other)
            .unwrap()
            .execute_batch("CREATE TABLE t(x)")
            .unwrap();
        let err = Store::open(&other, OpenMode::MustExist).err().unwrap();
        assert_eq!(err.code(), "not_a_database");
    }

    #[test]
    fn reopen_keeps_data() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.db");
        {
            let mut s = Store::open(&path, OpenMode::CreateIfMissing).unwrap();
            settings::set(&mut s, "k", "v").unwrap();
        }
        let s = Store::open(&path, OpenMode::MustExist).unwrap();
        assert_eq!(settings::get(&s, "k").unwrap().as_deref(), Some("v"));
    }
}
