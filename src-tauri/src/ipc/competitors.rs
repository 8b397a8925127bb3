//! 竞品 Competitor tracking commands.

use super::{blocking, save_target, Core, IpcResult};
use crate::charts::price::ChartSvg;
use crate::core::PriceChartQuery;
use crate::domain::competitors::{MovesQuery, MovesResult};
use crate::domain::holidays::Holiday;
use crate::import::competitors::{ImportOptions, ImportReport};
use crate::store::competitors::{
    Activity, ActivityInput, Battlecard, ProductInput, SegmentView, SightingInput,
};
use crate::store::competitors::{
    Channel, ChannelInput, ObservationPage, ObservationPageQuery, Product,
};
use tauri::{AppHandle, Emitter};

#[tauri::command]
pub async fn preview_import(core: Core<'_>, choices: ImportOptions) -> IpcResult<ImportReport> {
    blocking(&core, move |c| c.preview_import(choices)).await
}

/// Import the picked file; progress goes out as `import-progress` events.
#[tauri::command]
pub async fn run_import(
    app: AppHandle,
    core: Core<'_>,
    choices: ImportOptions,
) -> IpcResult<ImportReport> {
    blocking(&core, move |c| {
        c.run_import(choices, &mut |done, total| {
            let _ = app.emit("import-progress", super::Progress { done, total });
        })
    })
    .await
}

#[tauri::command]
pub async fn observation_page(
    core: Core<'_>,
    query: ObservationPageQuery,
) -> IpcResult<ObservationPage> {
    blocking(&core, move |c| c.observation_page(query)).await
}

#[tauri::command]
pub async fn list_products(core: Core<'_>) -> IpcResult<Vec<Product>> {
    blocking(&core, |c| c.list_products()).await
}

#[tauri::command]
pub async fn list_channels(core: Core<'_>) -> IpcResult<Vec<Channel>> {
    blocking(&core, |c| c.list_channels()).await
}

#[tauri::command]
pub async fn save_channel(core: Core<'_>, input: ChannelInput) -> IpcResult<i64> {
    blocking(&core, move |c| c.save_channel(input)).await
}

#[tauri::command]
pub async fn delete_channel(core: Core<'_>, id: i64) -> IpcResult<()> {
    blocking(&core, move |c| c.delete_channel(id)).await
}

#[tauri::command]
pub async fn price_moves(core: Core<'_>, query: MovesQuery) -> IpcResult<MovesResult> {
    blocking(&core, move |c| c.price_moves(query)).await
}

#[tauri::command]
pub async fn default_moves_holiday(core: Core<'_>) -> IpcResult<Option<Holiday>> {
    blocking(&core, |c| c.default_moves_holiday()).await
}

#[tauri::command]
pub async fn price_chart(core: Core<'_>, query: PriceChartQuery) -> IpcResult<ChartSvg> {
    blocking(&core, move |c| c.price_chart(query)).await
}

#[tauri::command]
pub async fn list_activities(core: Core<'_>) -> IpcResult<Vec<Activity>> {
    blocking(&core, |c| c.list_activities()).await
}

#[tauri::command]
pub async fn save_activity(core: Core<'_>, input: ActivityInput) -> IpcResult<i64> {
    blocking(&core, move |c| c.save_activity(input)).await
}

#[tauri::command]
pub async fn delete_activity(core: Core<'_>, id: i64) -> IpcResult<()> {
    blocking(&core, move |c| c.delete_activity(id)).await
}

#[tauri::command]
pub async fn list_battlecards(core: Core<'_>) -> IpcResult<Vec<Battlecard>> {
    blocking(&core, |c| c.list_battlecards()).await
}

#[tauri::command]
pub async fn save_battlecard(core: Core<'_>, card: Battlecard) -> IpcResult<()> {
    blocking(&core, move |c| c.save_battlecard(card)).await
}

#[tauri::command]
pub async fn add_sighting(core: Core<'_>, input: SightingInput) -> IpcResult<i64> {
    blocking(&core, move |c| c.add_sighting(input)).await
}

#[tauri::command]
pub async fn repeat_sighting(core: Core<'_>, id: i64) -> IpcResult<i64> {
    blocking(&core, move |c| c.repeat_sighting(id)).await
}

#[tauri::command]
pub async fn save_product(core: Core<'_>, input: ProductInput) -> IpcResult<i64> {
    blocking(&core, move |c| c.save_product(input)).await
}

#[tauri::command]
pub async fn segment_views(core: Core<'_>) -> IpcResult<Vec<SegmentView>> {
    blocking(&core, |c| c.segment_views()).await
}

/// Save the moves table as xlsx where the user chooses (native dialog, from Rust).
#[tauri::command]
pub async fn export_moves(core: Core<'_>, query: MovesQuery) -> IpcResult<Option<String>> {
    let Some(path) = save_target(
        &core,
        "导出节日价格变动 Export price moves",
        format!("价格变动_{}_{}.xlsx", query.from, query.to),
        &[("Excel", "xlsx")],
    )
    .await
    else {
        return Ok(None);
    };
    blocking(&core, move |c| c.export_moves_xlsx(query, &path).map(Some)).await
}
