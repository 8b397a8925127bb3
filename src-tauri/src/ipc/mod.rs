//! The IPC layer: Tauri commands, each one call into `AppCore`. Only this module and
//! `app` import tauri. Commands that touch the store are async and run the work on a
//! blocking thread, so the UI thread never waits on SQLite.

//!
//! This file holds what every area shares; each area's commands are in its own file.

pub mod budget;
pub mod campaigns;
pub mod competitors;
pub mod training;
pub mod weekly;

use crate::core::{AppCore, AppStatus};
use crate::domain::holidays::HolidayCalendar;
use crate::domain::reference::{Brand, BrandInput, Region, RegionInput};
use crate::error::{AppError, AppResult, ErrorDto};
use crate::i18n::Lang;
use crate::import::engine::SheetReport;
use crate::store::batches::{ImportBatch, UndoReport};
use crate::store::dashboard::DashboardSummary;
use std::path::PathBuf;
use std::sync::Arc;
use tauri::State;

pub(crate) type Core<'a> = State<'a, Arc<AppCore>>;

/// What a command answers: its value, or the one error form `{code, message, field?}` with
/// the message in the window's language (the core's, passed in — no global).
pub(crate) type IpcResult<T> = Result<T, ErrorDto>;

/// Long work's progress, sent as an event (`import-progress`, `export-progress`).
#[derive(Clone, serde::Serialize)]
pub(crate) struct Progress {
    pub done: usize,
    pub total: usize,
}

/// Upgrade a data file `AppCore::new_deferred` left closed, off the window's thread: the
/// window shows `upgrade-progress` (migrations done, to do) and asks for its status again on
/// `upgrade-done`.
pub(crate) fn finish_upgrade(app: &tauri::AppHandle, core: Arc<AppCore>) {
    use tauri::Emitter;
    if !core.upgrade_pending() {
        return;
    }
    let app = app.clone();
    std::thread::spawn(move || {
        core.finish_upgrade(&mut |done, total| {
            let _ = app.emit(
                "upgrade-progress",
                Progress {
                    done: usize::try_from(done).unwrap_or(0),
                    total: usize::try_from(total).unwrap_or(0),
                },
            );
        });
        let _ = app.emit("upgrade-done", ());
    });
}

pub(crate) async fn blocking<T, F>(core: &Core<'_>, f: F) -> IpcResult<T>
where
    T: Send + 'static,
    F: FnOnce(&AppCore) -> AppResult<T> + Send + 'static,
{
    let core = Arc::clone(core.inner());
    let worker = Arc::clone(&core);
    let answer = tauri::async_runtime::spawn_blocking(move || f(&worker))
        .await
        .unwrap_or_else(|e| Err(AppError::Internal(e.to_string())));
    answer.map_err(|e| core.error_dto(&e))
}

#[tauri::command]
pub async fn app_status(core: Core<'_>) -> IpcResult<AppStatus> {
    blocking(&core, |c| c.status()).await
}

/// The window painted its first screen (with its data). With `MARKETDESK_REPORT_PAINT` set,
/// says so on stdout: `make bench` times start-up to that line.
#[tauri::command]
pub fn screen_painted(core: Core<'_>) {
    if let Some(after) = core.first_screen_painted() {
        if std::env::var_os("MARKETDESK_REPORT_PAINT").is_some() {
            println!("first screen painted after {} ms", after.as_millis());
        }
    }
}

#[tauri::command]
pub async fn start_empty(core: Core<'_>) -> IpcResult<AppStatus> {
    blocking(&core, |c| c.start_empty()).await
}

#[tauri::command]
pub async fn set_lang(core: Core<'_>, lang: Lang) -> IpcResult<AppStatus> {
    blocking(&core, move |c| c.set_lang(lang)).await
}

#[tauri::command]
pub async fn list_regions(core: Core<'_>) -> IpcResult<Vec<Region>> {
    blocking(&core, |c| c.list_regions()).await
}

#[tauri::command]
pub async fn save_region(core: Core<'_>, input: RegionInput) -> IpcResult<Region> {
    blocking(&core, move |c| c.save_region(input)).await
}

#[tauri::command]
pub async fn delete_region(core: Core<'_>, id: i64) -> IpcResult<()> {
    blocking(&core, move |c| c.delete_region(id)).await
}

#[tauri::command]
pub async fn list_brands(core: Core<'_>) -> IpcResult<Vec<Brand>> {
    blocking(&core, |c| c.list_brands()).await
}

#[tauri::command]
pub async fn save_brand(core: Core<'_>, input: BrandInput) -> IpcResult<Brand> {
    blocking(&core, move |c| c.save_brand(input)).await
}

#[tauri::command]
pub async fn delete_brand(core: Core<'_>, id: i64) -> IpcResult<()> {
    blocking(&core, move |c| c.delete_brand(id)).await
}

#[tauri::command]
pub async fn start_demo(core: Core<'_>) -> IpcResult<AppStatus> {
    blocking(&core, |c| c.start_demo()).await
}

/// Open the native file dialog (from Rust) and remember the choice; the UI gets only the name.
#[tauri::command]
pub async fn pick_import_file(core: Core<'_>) -> IpcResult<Option<String>> {
    let picked = match core.scripted_pick.clone() {
        Some(p) => Some(p),
        None => rfd::AsyncFileDialog::new()
            .set_title("选择要导入的表格 Choose a sheet to import")
            .add_filter(
                "Excel / WPS / CSV",
                &["xlsx", "xlsm", "xlsb", "xls", "ods", "csv", "txt", "tsv"],
            )
            .pick_file()
            .await
            .map(|h| h.path().to_path_buf()),
    };
    Ok(picked.map(|p| core.set_pending_import(p)))
}

#[tauri::command]
pub async fn cancel_import(core: Core<'_>) -> IpcResult<()> {
    core.cancel_import();
    Ok(())
}

#[tauri::command]
pub async fn list_batches(core: Core<'_>) -> IpcResult<Vec<ImportBatch>> {
    blocking(&core, |c| c.list_batches()).await
}

#[tauri::command]
pub async fn undo_batch(core: Core<'_>, id: i64) -> IpcResult<UndoReport> {
    blocking(&core, move |c| c.undo_batch(id)).await
}

#[tauri::command]
pub async fn holiday_calendar(core: Core<'_>) -> IpcResult<HolidayCalendar> {
    blocking(&core, |c| c.holiday_calendar()).await
}

/// Open the native file dialog for a holiday calendar (.ics or JSON) and remember the choice.
#[tauri::command]
pub async fn pick_holiday_file(core: Core<'_>) -> IpcResult<Option<String>> {
    let picked = match core.scripted_pick.clone() {
        Some(p) => Some(p),
        None => rfd::AsyncFileDialog::new()
            .set_title("导入节假日 Import holidays")
            .add_filter("iCalendar / JSON", &["ics", "json"])
            .pick_file()
            .await
            .map(|h| h.path().to_path_buf()),
    };
    Ok(picked.map(|p| core.set_pending_import(p)))
}

/// Preview (`dry_run`) or import the picked holiday calendar as one batch.
#[tauri::command]
pub async fn import_holidays(core: Core<'_>, dry_run: bool) -> IpcResult<SheetReport> {
    blocking(&core, move |c| c.import_holidays_picked(dry_run)).await
}

#[tauri::command]
pub async fn dashboard(core: Core<'_>) -> IpcResult<DashboardSummary> {
    blocking(&core, |c| c.dashboard()).await
}

#[tauri::command]
pub async fn list_backups(core: Core<'_>) -> IpcResult<Vec<crate::core::backups::BackupInfo>> {
    blocking(&core, |c| c.list_backups()).await
}

#[tauri::command]
pub async fn backup_now(core: Core<'_>) -> IpcResult<crate::core::backups::BackupInfo> {
    blocking(&core, |c| {
        c.backup_now(crate::domain::backups::Reason::Manual)
    })
    .await
}

/// A copy of the data file where the user chooses (native dialog, from Rust).
#[tauri::command]
pub async fn export_backup(core: Core<'_>) -> IpcResult<Option<String>> {
    let Some(path) = save_target(
        &core,
        "导出数据文件副本 Export a copy of the data file",
        format!("MarketDesk-{}.db", chrono::Local::now().format("%Y%m%d")),
        &[("MarketDesk", "db")],
    )
    .await
    else {
        return Ok(None);
    };
    blocking(&core, move |c| c.export_backup(&path).map(Some)).await
}

/// Restore from a snapshot in the backups folder (by its name), or from a file chosen in the
/// native dialog (`name` None). The current data is snapshotted first.
#[tauri::command]
pub async fn restore_backup(
    core: Core<'_>,
    name: Option<String>,
) -> IpcResult<Option<crate::core::backups::BackupInfo>> {
    let chosen = match name {
        Some(n) => Some(core.backup_path(&n).map_err(|e| e.to_dto(core.lang()))?),
        None => match core.scripted_pick.clone() {
            Some(p) => Some(p),
            None => rfd::AsyncFileDialog::new()
                .set_title("选择要恢复的数据文件 Choose a data file to restore")
                .add_filter("MarketDesk", &["db", "sqlite"])
                .pick_file()
                .await
                .map(|h| h.path().to_path_buf()),
        },
    };
    let Some(file) = chosen else {
        return Ok(None);
    };
    blocking(&core, move |c| c.restore_backup(&file).map(Some)).await
}

/// The one search box (Ctrl+K): hits grouped by kind.
#[tauri::command]
pub async fn search(core: Core<'_>, q: String) -> IpcResult<Vec<crate::core::search::SearchGroup>> {
    blocking(&core, move |c| c.search(&q)).await
}

/// The formats a document can be saved as (the runner picks by the extension).
pub(crate) const DOCUMENT_FILTERS: [(&str, &str); 3] =
    [("PDF", "pdf"), ("Word", "docx"), ("Markdown", "md")];

/// Where the user chooses to save (native dialog, from Rust), or the scripted path in tests.
pub(crate) async fn save_target(
    core: &Core<'_>,
    title: &str,
    name: String,
    filters: &[(&str, &str)],
) -> Option<PathBuf> {
    if let Some(p) = core.scripted_save.clone() {
        return Some(p);
    }
    let mut dialog = rfd::AsyncFileDialog::new()
        .set_title(title)
        .set_file_name(name);
    for (label, ext) in filters {
        dialog = dialog.add_filter(*label, &[*ext]);
    }
    dialog.save_file().await.map(|h| h.path().to_path_buf())
}

/// The start-up check (after the first paint): `quick_check`, and the newest good backup when
/// it fails.
#[tauri::command]
pub async fn health_check(core: Core<'_>) -> IpcResult<crate::core::backups::Health> {
    blocking(&core, |c| c.health_check()).await
}

/// Replace a damaged data file with a backup from the folder (the user asked for it).
#[tauri::command]
pub async fn restore_damaged(
    core: Core<'_>,
    name: String,
) -> IpcResult<crate::core::backups::BackupInfo> {
    blocking(&core, move |c| c.restore_damaged(&name)).await
}

/// What "undo" would take back now (the side bar's menu shows it).
#[tauri::command]
pub async fn last_action(core: Core<'_>) -> IpcResult<Option<crate::core::audit::ActionView>> {
    blocking(&core, |c| c.last_action()).await
}

/// Take back the destructive action the toast or the menu showed; says what was undone.
#[tauri::command]
pub async fn undo_last(core: Core<'_>, id: i64) -> IpcResult<String> {
    blocking(&core, move |c| c.undo_last(id)).await
}

/// Ctrl+Q (⌘Q): end the program the way closing its window does — the snapshot on the way
/// out is taken by the run loop in `app.rs`.
#[tauri::command]
pub fn quit(app: tauri::AppHandle) {
    app.exit(0);
}

/// A record's history (table name and row id), oldest first.
#[tauri::command]
pub async fn record_history(
    core: Core<'_>,
    table: String,
    id: i64,
) -> IpcResult<Vec<crate::core::audit::HistoryEntry>> {
    blocking(&core, move |c| c.record_history(&table, id)).await
}
