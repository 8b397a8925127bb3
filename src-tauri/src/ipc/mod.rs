//! The IPC layer: Tauri commands, each one call into `AppCore`. Only this module and
//! `app` import tauri. Commands that touch the store are async and run the work on a
//! blocking thread, so the UI thread never waits on SQLite.

use crate::charts::price::ChartSvg;
use crate::core::{AppCore, AppStatus, PriceChartQuery};
use crate::domain::competitors::{MovesQuery, MovesResult};
use crate::domain::holidays::{Holiday, HolidayCalendar};
use crate::domain::reference::{Brand, BrandInput, Region, RegionInput};
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::import::prices::{ImportOptions, ImportReport};
use crate::store::competitors::{
    Channel, ChannelInput, ImportBatch, ObservationPage, ObservationPageQuery, Product, UndoReport,
};
use crate::store::intel::{
    Activity, ActivityInput, Battlecard, DashboardSummary, ProductInput, SegmentView, SightingInput,
};
use std::sync::Arc;
use tauri::{AppHandle, Emitter, State};

type Core<'a> = State<'a, Arc<AppCore>>;

async fn blocking<T, F>(core: &Core<'_>, f: F) -> AppResult<T>
where
    T: Send + 'static,
    F: FnOnce(&AppCore) -> AppResult<T> + Send + 'static,
{
    let core = Arc::clone(core.inner());
    tauri::async_runtime::spawn_blocking(move || f(&core))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
}

#[tauri::command]
pub async fn app_status(core: Core<'_>) -> AppResult<AppStatus> {
    blocking(&core, |c| c.status()).await
}

#[tauri::command]
pub async fn start_empty(core: Core<'_>) -> AppResult<AppStatus> {
    blocking(&core, |c| c.start_empty()).await
}

#[tauri::command]
pub async fn set_lang(core: Core<'_>, lang: Lang) -> AppResult<AppStatus> {
    blocking(&core, move |c| c.set_lang(lang)).await
}

#[tauri::command]
pub async fn list_regions(core: Core<'_>) -> AppResult<Vec<Region>> {
    blocking(&core, |c| c.list_regions()).await
}

#[tauri::command]
pub async fn save_region(core: Core<'_>, input: RegionInput) -> AppResult<Region> {
    blocking(&core, move |c| c.save_region(input)).await
}

#[tauri::command]
pub async fn delete_region(core: Core<'_>, id: i64) -> AppResult<()> {
    blocking(&core, move |c| c.delete_region(id)).await
}

#[tauri::command]
pub async fn list_brands(core: Core<'_>) -> AppResult<Vec<Brand>> {
    blocking(&core, |c| c.list_brands()).await
}

#[tauri::command]
pub async fn save_brand(core: Core<'_>, input: BrandInput) -> AppResult<Brand> {
    blocking(&core, move |c| c.save_brand(input)).await
}

#[tauri::command]
pub async fn delete_brand(core: Core<'_>, id: i64) -> AppResult<()> {
    blocking(&core, move |c| c.delete_brand(id)).await
}

#[tauri::command]
pub async fn start_demo(core: Core<'_>) -> AppResult<AppStatus> {
    blocking(&core, |c| c.start_demo()).await
}

/// Open the native file dialog (from Rust) and remember the choice; the UI gets only the name.
#[tauri::command]
pub async fn pick_import_file(core: Core<'_>) -> AppResult<Option<String>> {
    let picked = match core.scripted_pick.clone() {
        Some(p) => Some(p),
        None => rfd::AsyncFileDialog::new()
            .set_title("选择价格报表 Choose a price report")
            .add_filter("Excel / CSV", &["xlsx", "xlsm", "xls", "csv", "txt", "tsv"])
            .pick_file()
            .await
            .map(|h| h.path().to_path_buf()),
    };
    Ok(picked.map(|p| core.set_pending_import(p)))
}

#[tauri::command]
pub async fn preview_import(core: Core<'_>, choices: ImportOptions) -> AppResult<ImportReport> {
    blocking(&core, move |c| c.preview_import(choices)).await
}

#[derive(Clone, serde::Serialize)]
struct ImportProgress {
    done: usize,
    total: usize,
}

/// Import the picked file; progress goes out as `import-progress` events.
#[tauri::command]
pub async fn run_import(
    app: AppHandle,
    core: Core<'_>,
    choices: ImportOptions,
) -> AppResult<ImportReport> {
    blocking(&core, move |c| {
        c.run_import(choices, &mut |done, total| {
            let _ = app.emit("import-progress", ImportProgress { done, total });
        })
    })
    .await
}

#[tauri::command]
pub async fn cancel_import(core: Core<'_>) -> AppResult<()> {
    core.cancel_import();
    Ok(())
}

#[tauri::command]
pub async fn list_batches(core: Core<'_>) -> AppResult<Vec<ImportBatch>> {
    blocking(&core, |c| c.list_batches()).await
}

#[tauri::command]
pub async fn undo_batch(core: Core<'_>, id: i64) -> AppResult<UndoReport> {
    blocking(&core, move |c| c.undo_batch(id)).await
}

#[tauri::command]
pub async fn observation_page(
    core: Core<'_>,
    query: ObservationPageQuery,
) -> AppResult<ObservationPage> {
    blocking(&core, move |c| c.observation_page(query)).await
}

#[tauri::command]
pub async fn list_products(core: Core<'_>) -> AppResult<Vec<Product>> {
    blocking(&core, |c| c.list_products()).await
}

#[tauri::command]
pub async fn list_channels(core: Core<'_>) -> AppResult<Vec<Channel>> {
    blocking(&core, |c| c.list_channels()).await
}

#[tauri::command]
pub async fn save_channel(core: Core<'_>, input: ChannelInput) -> AppResult<i64> {
    blocking(&core, move |c| c.save_channel(input)).await
}

#[tauri::command]
pub async fn delete_channel(core: Core<'_>, id: i64) -> AppResult<()> {
    blocking(&core, move |c| c.delete_channel(id)).await
}

#[tauri::command]
pub async fn price_moves(core: Core<'_>, query: MovesQuery) -> AppResult<MovesResult> {
    blocking(&core, move |c| c.price_moves(query)).await
}

#[tauri::command]
pub async fn holiday_calendar(core: Core<'_>) -> AppResult<HolidayCalendar> {
    blocking(&core, |c| c.holiday_calendar()).await
}

#[tauri::command]
pub async fn default_moves_holiday(core: Core<'_>) -> AppResult<Option<Holiday>> {
    blocking(&core, |c| c.default_moves_holiday()).await
}

#[tauri::command]
pub async fn price_chart(core: Core<'_>, query: PriceChartQuery) -> AppResult<ChartSvg> {
    blocking(&core, move |c| c.price_chart(query)).await
}

#[tauri::command]
pub async fn list_activities(core: Core<'_>) -> AppResult<Vec<Activity>> {
    blocking(&core, |c| c.list_activities()).await
}

#[tauri::command]
pub async fn save_activity(core: Core<'_>, input: ActivityInput) -> AppResult<i64> {
    blocking(&core, move |c| c.save_activity(input)).await
}

#[tauri::command]
pub async fn delete_activity(core: Core<'_>, id: i64) -> AppResult<()> {
    blocking(&core, move |c| c.delete_activity(id)).await
}

#[tauri::command]
pub async fn list_battlecards(core: Core<'_>) -> AppResult<Vec<Battlecard>> {
    blocking(&core, |c| c.list_battlecards()).await
}

#[tauri::command]
pub async fn save_battlecard(core: Core<'_>, card: Battlecard) -> AppResult<()> {
    blocking(&core, move |c| c.save_battlecard(card)).await
}

#[tauri::command]
pub async fn add_sighting(core: Core<'_>, input: SightingInput) -> AppResult<i64> {
    blocking(&core, move |c| c.add_sighting(input)).await
}

#[tauri::command]
pub async fn repeat_sighting(core: Core<'_>, id: i64) -> AppResult<i64> {
    blocking(&core, move |c| c.repeat_sighting(id)).await
}

#[tauri::command]
pub async fn save_product(core: Core<'_>, input: ProductInput) -> AppResult<i64> {
    blocking(&core, move |c| c.save_product(input)).await
}

#[tauri::command]
pub async fn segment_views(core: Core<'_>) -> AppResult<Vec<SegmentView>> {
    blocking(&core, |c| c.segment_views()).await
}

/// Save the moves table as xlsx where the user chooses (native dialog, from Rust).
#[tauri::command]
pub async fn export_moves(core: Core<'_>, query: MovesQuery) -> AppResult<Option<String>> {
    let target = match core.scripted_save.clone() {
        Some(p) => Some(p),
        None => rfd::AsyncFileDialog::new()
            .set_title("导出节日价格变动 Export price moves")
            .set_file_name(format!("价格变动_{}_{}.xlsx", query.from, query.to))
            .add_filter("Excel", &["xlsx"])
            .save_file()
            .await
            .map(|h| h.path().to_path_buf()),
    };
    let Some(path) = target else {
        return Ok(None);
    };
    blocking(&core, move |c| c.export_moves_xlsx(query, &path).map(Some)).await
}

/// Import a later year's holiday calendar (JSON) chosen in the native dialog.
#[tauri::command]
pub async fn import_holidays(core: Core<'_>) -> AppResult<Option<usize>> {
    let picked = match core.scripted_pick.clone() {
        Some(p) => Some(p),
        None => rfd::AsyncFileDialog::new()
            .set_title("导入节假日 Import holidays")
            .add_filter("iCalendar / JSON", &["ics", "json"])
            .pick_file()
            .await
            .map(|h| h.path().to_path_buf()),
    };
    let Some(path) = picked else {
        return Ok(None);
    };
    blocking(&core, move |c| c.import_holidays_file(&path).map(Some)).await
}

#[tauri::command]
pub async fn dashboard(core: Core<'_>) -> AppResult<DashboardSummary> {
    blocking(&core, |c| c.dashboard()).await
}
