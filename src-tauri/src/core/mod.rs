//! The application core: everything the window (through IPC) or the CLI asks for, as plain
//! Rust methods. Each Tauri command is one call into a method here.
//!
//! This file holds what every area shares (the data file, language, reference data, the
//! picked import file, import batches, holidays, the dashboard); each area adds its methods
//! in its own file (`competitors`, `campaigns`).

pub mod audit;
pub mod backups;
pub mod budget;
pub mod campaigns;
pub mod competitors;
pub mod search;
pub mod training;
pub mod weekly;

pub use competitors::PriceChartQuery;

use crate::context::{CancelToken, Clock};
use crate::domain::audit::ActionKind;
use crate::domain::holidays::HolidayCalendar;
use crate::domain::reference::{Brand, BrandInput, Region, RegionInput};
use crate::error::{AppError, AppResult, ErrorDto};
use crate::i18n::Lang;
use crate::import::engine::Run;
use crate::import::engine::SheetReport;
use crate::sample::DemoSummary;
use crate::store::batches::{self, BatchKind, ImportBatch, UndoReport};
use crate::store::dashboard::{self, DashboardSummary};
use crate::store::{self, brands, holidays, regions, settings, OpenMode, Store};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use ts_rs::TS;

pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The app's folder in the OS app-data directory: the bundle identifier (tauri.conf.json).
pub const APP_DIR: &str = "com.marketdesk.desktop";
/// Where MarketDesk 0.1 kept its data: an identifier ending in `.app`, which macOS confuses
/// with an application bundle (the bundler warns).
pub const OLD_APP_DIR: &str = "com.marketdesk.app";

/// Where the data lives unless `--db` or `MARKETDESK_DB` says otherwise: the OS app-data
/// directory (`~/.local/share`, `%APPDATA%`, `~/Library/Application Support`).
pub fn default_db_path() -> PathBuf {
    default_db_path_in(&dirs::data_dir().unwrap_or_else(|| PathBuf::from(".")))
}

/// The data file under `data_dir`: `com.marketdesk.desktop/marketdesk.db`, unless only the
/// old folder holds one — then that file is used where it is. It is not moved: a SQLite file
/// comes with its -wal and -shm beside it, and an older MarketDesk may still have it open.
pub fn default_db_path_in(data_dir: &Path) -> PathBuf {
    let new = data_dir.join(APP_DIR).join("marketdesk.db");
    let old = data_dir.join(OLD_APP_DIR).join("marketdesk.db");
    if !new.exists() && old.exists() {
        old
    } else {
        new
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct AppStatus {
    /// The data file this window works on.
    pub db_path: String,
    /// False on first run: the welcome screen offers to create it.
    pub db_exists: bool,
    /// The store is open and usable.
    pub open: bool,
    #[ts(type = "number | null")]
    pub schema_version: Option<i64>,
    #[ts(type = "number")]
    pub app_schema_version: i64,
    pub app_version: String,
    pub lang: Lang,
    /// Why an existing data file could not be opened (e.g. a newer schema).
    pub open_error: Option<ErrorDto>,
    /// The data file's schema is being upgraded (progress in `upgrade-progress` events).
    pub upgrading: bool,
}

/// What a document export wrote.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct DocumentExport {
    /// The files written, the document first (a Markdown file's charts follow).
    pub files: Vec<String>,
    /// Characters the bundled font lacks, drawn as empty boxes in the PDF (empty when none).
    pub missing_glyphs: String,
}

/// Reader connections beside the main one (see `AppCore::readers`).
pub(crate) const READERS: usize = 2;

pub struct AppCore {
    db_path: PathBuf,
    /// More connections to the same file for long reads (the timeline's competitor bands, in
    /// two halves at once), so they run beside the main connection's work instead of queueing
    /// behind it (WAL lets a reader see the last commit while the writer works). Opened on
    /// first use, once the data file is open. Declared before `inner` so they close first and
    /// the main connection, the last to close, checkpoints the WAL.
    readers: [Mutex<Option<Store>>; READERS],
    /// The language of an open data file (`None` while none is open), as the readers need it
    /// without waiting for `inner`, which the main connection holds through its work.
    reading: Mutex<Option<Lang>>,
    inner: Mutex<Inner>,
    /// The file the user picked for import (through the Rust-side dialog). The webview only
    /// ever learns its name; Rust reads it.
    pending_import: Mutex<Option<PathBuf>>,
    /// Cancels the running import.
    pub import_cancel: CancelToken,
    /// Cancels the running export (a brief): nothing is written.
    pub export_cancel: CancelToken,
    /// When this core was made (the app's start, near enough), and whether the window has
    /// reported its first painted screen (start-up is measured to that moment).
    started: std::time::Instant,
    painted: std::sync::atomic::AtomicBool,
    /// The data file waits for its schema upgrade (`new_deferred`, `finish_upgrade`).
    upgrading: std::sync::atomic::AtomicBool,
    /// What day it is for every rule that asks (see `context::Clock`).
    clock: Mutex<Clock>,
    /// End-to-end tests only (`--scripted-pick FILE`): the file dialog's answer.
    pub scripted_pick: Option<PathBuf>,
    /// End-to-end tests only (`--scripted-save FILE`): the save dialog's answer.
    pub scripted_save: Option<PathBuf>,
}

struct Inner {
    store: Option<Store>,
    lang: Lang,
    open_error: Option<AppError>,
}

impl AppCore {
    /// Open the data file if it exists. A missing file is left missing: the welcome screen
    /// creates it when the user asks.
    pub fn new(db_path: PathBuf) -> AppCore {
        let core = AppCore::unopened(db_path);
        if core.db_path.exists() {
            let opened = Store::open(&core.db_path, OpenMode::MustExist);
            core.install(opened);
        }
        core
    }

    /// For the window: like `new`, but a data file that needs its schema upgraded is left
    /// closed (`status().upgrading`), so the window can open first and show the upgrade's
    /// progress while `finish_upgrade` runs it.
    pub fn new_deferred(db_path: PathBuf) -> AppCore {
        if Store::pending_upgrade(&db_path).is_none() {
            return AppCore::new(db_path);
        }
        let core = AppCore::unopened(db_path);
        core.upgrading
            .store(true, std::sync::atomic::Ordering::Relaxed);
        // The upgrade screen in the language the file remembers.
        if let Some(lang) = Store::stored_setting(&core.db_path, settings::LANG)
            .as_deref()
            .and_then(Lang::parse)
        {
            core.lock().lang = lang;
        }
        core
    }

    /// Whether the data file still waits for `finish_upgrade`.
    pub fn upgrade_pending(&self) -> bool {
        self.upgrading.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Upgrade and open the data file `new_deferred` left closed, reporting (steps done,
    /// steps to do). A failure is kept as the open error the window shows.
    pub fn finish_upgrade(&self, progress: &mut dyn FnMut(i64, i64)) {
        if !self.upgrade_pending() {
            return;
        }
        let opened = Store::open_with_progress(&self.db_path, OpenMode::MustExist, progress);
        self.install(opened);
        self.upgrading
            .store(false, std::sync::atomic::Ordering::Relaxed);
    }

    fn install(&self, opened: AppResult<Store>) {
        let mut inner = self.lock();
        match opened {
            Ok(s) => {
                inner.lang = stored_lang(&s);
                s.set_lang(inner.lang);
                inner.store = Some(s);
                inner.open_error = None;
            }
            Err(e) => inner.open_error = Some(e),
        }
        self.publish(&inner);
    }

    /// Tell the readers whether a data file is open and in which language.
    fn publish(&self, inner: &Inner) {
        *self.reading.lock().unwrap_or_else(|p| p.into_inner()) =
            inner.store.is_some().then_some(inner.lang);
    }

    fn unopened(db_path: PathBuf) -> AppCore {
        let inner = Inner {
            store: None,
            lang: Lang::ZhCn,
            open_error: None,
        };
        AppCore {
            db_path,
            inner: Mutex::new(inner),
            pending_import: Mutex::new(None),
            import_cancel: CancelToken::default(),
            export_cancel: CancelToken::default(),
            readers: std::array::from_fn(|_| Mutex::new(None)),
            reading: Mutex::new(None),
            started: std::time::Instant::now(),
            painted: std::sync::atomic::AtomicBool::new(false),
            upgrading: std::sync::atomic::AtomicBool::new(false),
            clock: Mutex::new(Clock::System),
            scripted_pick: None,
            scripted_save: None,
        }
    }

    /// For the CLI: open an existing data file or fail (never create one silently).
    pub fn open_existing(db_path: PathBuf) -> AppResult<AppCore> {
        if !db_path.exists() {
            return Err(AppError::DbMissing(db_path));
        }
        let core = AppCore::new(db_path);
        let err = core.lock().open_error.take();
        match err {
            Some(e) => Err(e),
            None => Ok(core),
        }
    }

    /// Today, by the core's clock.
    pub fn today(&self) -> chrono::NaiveDate {
        self.clock.lock().unwrap_or_else(|p| p.into_inner()).today()
    }

    /// Fix the day (tests, `--today`) or go back to the wall clock.
    pub fn set_clock(&self, clock: Clock) {
        *self.clock.lock().unwrap_or_else(|p| p.into_inner()) = clock;
    }

    /// An error as the window shows it: in the language the user reads now; the detail of
    /// a storage or I/O failure goes to the log.
    pub fn error_dto(&self, e: &AppError) -> ErrorDto {
        e.log_detail();
        e.to_dto(self.lang())
    }

    /// The language sentences are written in now.
    pub fn lang(&self) -> Lang {
        self.lock().lang
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(crate) fn with_store<T>(&self, f: impl FnOnce(&mut Store) -> AppResult<T>) -> AppResult<T> {
        let mut inner = self.lock();
        match inner.store.as_mut() {
            Some(s) => f(s),
            None => Err(AppError::NotOpen),
        }
    }

    /// A read on the first reader connection (see `readers`); only for reads that need no
    /// consistency with the main connection's unfinished work.
    pub(crate) fn with_reader<T>(&self, f: impl FnOnce(&Store) -> AppResult<T>) -> AppResult<T> {
        self.with_reader_at(0, f)
    }

    /// A read on reader connection `at` (0 ≤ at < `READERS`).
    pub(crate) fn with_reader_at<T>(
        &self,
        at: usize,
        f: impl FnOnce(&Store) -> AppResult<T>,
    ) -> AppResult<T> {
        let Some(lang) = *self.reading.lock().unwrap_or_else(|p| p.into_inner()) else {
            return Err(AppError::NotOpen);
        };
        let slot = self
            .readers
            .get(at)
            .ok_or_else(|| AppError::Internal(format!("no reader connection {at}")))?;
        let mut reader = slot.lock().unwrap_or_else(|p| p.into_inner());
        if reader.is_none() {
            *reader = Some(Store::open_reader(&self.db_path)?);
        }
        match reader.as_ref() {
            Some(r) => {
                r.set_lang(lang);
                f(r)
            }
            None => Err(AppError::NotOpen),
        }
    }

    /// The window painted its first screen: the time since start the first time it says so,
    /// `None` after.
    pub fn first_screen_painted(&self) -> Option<std::time::Duration> {
        let first = !self
            .painted
            .swap(true, std::sync::atomic::Ordering::Relaxed);
        first.then(|| self.started.elapsed())
    }

    pub fn status(&self) -> AppResult<AppStatus> {
        let inner = self.lock();
        let schema_version = match &inner.store {
            Some(s) => Some(s.schema_version()?),
            None => None,
        };
        Ok(AppStatus {
            db_path: self.db_path.display().to_string(),
            db_exists: self.db_path.exists(),
            open: inner.store.is_some(),
            schema_version,
            app_schema_version: store::latest_version(),
            app_version: APP_VERSION.to_string(),
            lang: inner.lang,
            open_error: inner.open_error.as_ref().map(|e| e.to_dto(inner.lang)),
            upgrading: self.upgrading.load(std::sync::atomic::Ordering::Relaxed),
        })
    }

    /// First run: create the data file on purpose, empty but for the reference data.
    /// Close the data file and open it again (after a restore: an older file is upgraded).
    pub(crate) fn reopen(&self) -> AppResult<()> {
        self.lock().store = None;
        let s = Store::open(&self.db_path, OpenMode::MustExist)?;
        self.install(Ok(s));
        Ok(())
    }

    pub fn start_empty(&self) -> AppResult<AppStatus> {
        {
            let mut inner = self.lock();
            if inner.store.is_none() {
                if self.db_path.exists() {
                    // Never overwrite a file we could not open.
                    return Err(inner.open_error.take().unwrap_or(AppError::NotOpen));
                }
                let mut s = Store::open(&self.db_path, OpenMode::CreateIfMissing)?;
                settings::set(&mut s, settings::LANG, inner.lang.code())?;
                s.set_lang(inner.lang);
                inner.store = Some(s);
                inner.open_error = None;
                self.publish(&inner);
            }
        }
        self.status()
    }

    /// Switch the language; remembered in the data file when one is open.
    pub fn set_lang(&self, lang: Lang) -> AppResult<AppStatus> {
        {
            let mut inner = self.lock();
            if let Some(s) = inner.store.as_mut() {
                settings::set(s, settings::LANG, lang.code())?;
                s.set_lang(lang);
            }
            inner.lang = lang;
            self.publish(&inner);
        }
        self.status()
    }

    /// Use a language for this run only, without remembering it (the CLI speaks Chinese
    /// whatever the app was last set to).
    pub fn use_lang(&self, lang: Lang) {
        let mut inner = self.lock();
        if let Some(s) = inner.store.as_ref() {
            s.set_lang(lang);
        }
        inner.lang = lang;
        self.publish(&inner);
    }

    pub fn list_regions(&self) -> AppResult<Vec<Region>> {
        self.with_store(|s| regions::list(s))
    }

    pub fn save_region(&self, input: RegionInput) -> AppResult<Region> {
        self.with_store(|s| regions::save(s, &input))
    }

    pub fn delete_region(&self, id: i64) -> AppResult<()> {
        self.with_store(|s| regions::delete(s, id))
    }

    pub fn list_brands(&self) -> AppResult<Vec<Brand>> {
        self.with_store(|s| brands::list(s))
    }

    pub fn save_brand(&self, input: BrandInput) -> AppResult<Brand> {
        self.with_store(|s| brands::save(s, &input))
    }

    pub fn delete_brand(&self, id: i64) -> AppResult<()> {
        self.destructive(ActionKind::Delete, |c| {
            c.with_store(|s| brands::delete(s, id))
        })
    }

    /// First run with the sample: create the data file and load the demo into it.
    pub fn start_demo(&self) -> AppResult<AppStatus> {
        self.start_empty()?;
        self.load_demo()?;
        self.status()
    }

    pub fn load_demo(&self) -> AppResult<DemoSummary> {
        self.with_store(crate::sample::load_demo)
    }

    /// Remember the file the user picked; returns its name for the UI.
    pub fn set_pending_import(&self, path: PathBuf) -> String {
        let name = file_name(&path);
        *self
            .pending_import
            .lock()
            .unwrap_or_else(|p| p.into_inner()) = Some(path);
        name
    }

    fn pending_import(&self) -> AppResult<PathBuf> {
        self.pending_import
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
            .ok_or_else(|| {
                AppError::invalid(
                    "file",
                    "请先选择要导入的文件。",
                    "Choose a file to import first.",
                )
            })
    }

    /// How an import of `file_name` runs now: in the user's language, cancelled by
    /// `cancel_import`.
    /// The run of one import. A real one (not a preview) first snapshots the data file into
    /// the backups folder (`before-import`), so even an import that was undone and
    /// forgotten, or went wrong in a way undo cannot mend, can be taken back.
    pub(crate) fn import_run<'a>(
        &'a self,
        file_name: &'a str,
        sheet: Option<&'a str>,
        dry_run: bool,
    ) -> AppResult<Run<'a>> {
        if !dry_run {
            self.backup_now(crate::domain::backups::Reason::Import)?;
        }
        Ok(Run {
            file_name,
            sheet,
            lang: self.lang(),
            dry_run,
            cancel: &self.import_cancel,
        })
    }

    /// Read a file's sheets and hand them, with the run, to a kind's import on the store: the
    /// one path from a file to a sheet import (every kind but the price report).
    pub(crate) fn import_sheet_file(
        &self,
        path: &Path,
        sheet: Option<&str>,
        dry_run: bool,
        import: impl FnOnce(
            &mut Store,
            &Run<'_>,
            &[crate::import::read::Sheet],
        ) -> AppResult<SheetReport>,
    ) -> AppResult<SheetReport> {
        let sheets = crate::import::read::read_sheets(path)?;
        let name = file_name(path);
        let run = self.import_run(&name, sheet, dry_run)?;
        let report = self.with_store(|s| import(s, &run, &sheets))?;
        self.imported(&name, report.batch_id)?;
        Ok(report)
    }

    /// An import done: remembered as the action "undo" takes back (by its batch).
    pub(crate) fn imported(&self, name: &str, batch: Option<i64>) -> AppResult<()> {
        match batch {
            Some(id) => self.record_action(
                crate::domain::audit::ActionKind::Import,
                name,
                &id.to_string(),
            ),
            None => Ok(()),
        }
    }

    pub fn cancel_import(&self) {
        self.import_cancel.cancel();
    }

    pub fn cancel_export(&self) {
        self.export_cancel.cancel();
    }

    /// The one document runner: builds the document with `build`, renders it in the format
    /// `path`'s extension names (.pdf, .docx, .md with its charts beside it), in the user's
    /// language and dated by the core's clock, and writes every file through a temporary file
    /// and a rename. Reports its three steps through `progress`; a cancel (`cancel_export`)
    /// between them writes nothing. Briefs, sign-in sheets, forms and reports all come here.
    pub fn export_document(
        &self,
        path: &Path,
        progress: &mut dyn FnMut(usize, usize),
        build: impl FnOnce(&AppCore) -> AppResult<crate::document::Document>,
    ) -> AppResult<DocumentExport> {
        // Refuse a wrong extension before any work.
        crate::document::Format::of_path(path)?;
        self.export_cancel.reset();
        let steps = 3;
        progress(0, steps);
        let doc = build(self)?;
        progress(1, steps);
        self.export_cancel.check()?;
        let rendered = crate::document::render(&doc, path, self.lang(), self.today())?;
        progress(2, steps);
        self.export_cancel.check()?;
        let mut files = Vec::new();
        for (p, bytes) in &rendered.files {
            crate::export::write_atomically(p, bytes)?;
            files.push(file_name(p));
        }
        progress(3, steps);
        Ok(DocumentExport {
            files,
            missing_glyphs: rendered.missing.into_iter().collect(),
        })
    }

    pub fn list_batches(&self) -> AppResult<Vec<ImportBatch>> {
        self.with_store(|s| batches::list(s))
    }

    /// Undo an import batch of any kind: each kind is matched to its area's undo here, the
    /// composition root (`batches` stays a leaf), so a new kind without an undo does not compile.
    pub fn undo_batch(&self, id: i64) -> AppResult<UndoReport> {
        self.with_store(|s| {
            batches::undo(s, id, |tx, kind, id| match kind {
                BatchKind::Prices => store::competitors::undo_sightings(tx, id),
                BatchKind::Campaigns => store::campaigns::undo_campaign_batch(tx, id),
                BatchKind::Offers => store::campaigns::undo_offer_batch(tx, id),
                BatchKind::Staff => store::training::undo_staff_batch(tx, id),
                BatchKind::Sessions => store::training::undo_session_batch(tx, id),
                BatchKind::Attendance => store::training::undo_attendance_batch(tx, id),
                BatchKind::Holidays => store::holidays::undo_calendar_batch(tx, id),
                BatchKind::Budget => store::budget::undo_budget_batch(tx, id),
                BatchKind::Expenses => store::budget::undo_expense_batch(tx, id),
            })
        })
    }

    pub fn dashboard(&self) -> AppResult<DashboardSummary> {
        let today = self.today();
        self.with_store(|s| dashboard::dashboard(s, today))
    }

    pub fn holiday_calendar(&self) -> AppResult<HolidayCalendar> {
        let this_year = chrono::Datelike::year(&self.today());
        self.with_store(|s| holidays::calendar(s, this_year))
    }

    /// A holiday calendar, as .ics (the feeds' shape) or JSON, as one batch; `dry_run`
    /// previews what would be added or changed.
    pub fn import_holidays_file(&self, path: &Path, dry_run: bool) -> AppResult<SheetReport> {
        let text = std::fs::read_to_string(path).map_err(|e| AppError::io(path, e))?;
        let name = file_name(path);
        let run = self.import_run(&name, None, dry_run)?;
        let report =
            self.with_store(|s| crate::import::holidays::import_calendar(s, &run, &text))?;
        self.imported(&name, report.batch_id)?;
        Ok(report)
    }

    /// The picked file as a holiday calendar; `dry_run` previews.
    pub fn import_holidays_picked(&self, dry_run: bool) -> AppResult<SheetReport> {
        let path = self.pending_import()?;
        self.import_cancel.reset();
        self.import_holidays_file(&path, dry_run)
    }
}

/// A value of an enum the user reads (a status, a kind) with its name in their language: the
/// screens show Rust's names and keep no second list.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Label<T> {
    pub value: T,
    pub label: String,
}

pub(crate) fn labels<T: Copy>(all: &[T], name: impl Fn(T) -> &'static str) -> Vec<Label<T>> {
    all.iter()
        .map(|v| Label {
            value: *v,
            label: name(*v).to_string(),
        })
        .collect()
}

pub(crate) fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

fn stored_lang(s: &Store) -> Lang {
    settings::get(s, settings::LANG)
        .ok()
        .flatten()
        .and_then(|v| Lang::parse(&v))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_run_creates_only_on_purpose_and_remembers_language() {
        let d = tempfile::tempdir().unwrap();
        let path = d.path().join("data").join("m.db");
        let core = AppCore::new(path.clone());
        let st = core.status().unwrap();
        assert!(!st.db_exists && !st.open);
        assert!(!path.exists(), "opening the app must not create the file");
        assert_eq!(core.list_brands().err().unwrap().code(), "not_open");

        core.start_empty().unwrap();
        assert!(path.exists());
        core.set_lang(Lang::En).unwrap();
        drop(core);

        let again = AppCore::new(path);
        let st = again.status().unwrap();
        assert!(st.open);
        assert_eq!(st.lang, Lang::En);
        assert_eq!(st.schema_version, Some(store::latest_version()));
        assert_eq!(again.list_regions().unwrap().len(), 31);
    }
}
