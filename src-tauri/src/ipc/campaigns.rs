//! 活动 Campaign calendar commands.

use super::{blocking, save_target, Core, IpcResult, DOCUMENT_FILTERS};
use crate::core::campaigns::{
    Bar, CampaignPage, MonthView, Review, StatusInput, TemplateUse, Timeline, TimelineQuery,
};
use crate::domain::campaigns::forms::{
    CampaignInput, MaterialInput, OfferInput, ResultInput, TaskInput,
};
use crate::import::engine::SheetReport;
use crate::store::campaigns::{Campaign, Compliance, DueLists, PositionDay, TaskGroup, Template};
use tauri::{AppHandle, Emitter};

#[tauri::command]
pub async fn campaign_labels(core: Core<'_>) -> IpcResult<crate::core::campaigns::CampaignLabels> {
    blocking(&core, |c| Ok(c.campaign_labels())).await
}

#[tauri::command]
pub async fn list_campaigns(core: Core<'_>) -> IpcResult<Vec<Campaign>> {
    blocking(&core, |c| c.list_campaigns()).await
}

#[tauri::command]
pub async fn campaign_page(core: Core<'_>, id: i64) -> IpcResult<CampaignPage> {
    blocking(&core, move |c| c.campaign_page(id)).await
}

#[tauri::command]
pub async fn save_campaign(core: Core<'_>, input: CampaignInput) -> IpcResult<i64> {
    blocking(&core, move |c| c.save_campaign(input)).await
}

#[tauri::command]
pub async fn delete_campaign(core: Core<'_>, id: i64) -> IpcResult<()> {
    blocking(&core, move |c| c.delete_campaign(id)).await
}

#[tauri::command]
pub async fn set_campaign_status(core: Core<'_>, input: StatusInput) -> IpcResult<()> {
    blocking(&core, move |c| c.set_campaign_status(input)).await
}

#[tauri::command]
pub async fn task_groups(core: Core<'_>) -> IpcResult<Vec<TaskGroup>> {
    blocking(&core, |c| c.task_groups()).await
}

#[tauri::command]
pub async fn add_task_group(core: Core<'_>, name: String) -> IpcResult<i64> {
    blocking(&core, move |c| c.add_task_group(name)).await
}

#[tauri::command]
pub async fn save_task(core: Core<'_>, input: TaskInput) -> IpcResult<i64> {
    blocking(&core, move |c| c.save_task(input)).await
}

#[tauri::command]
pub async fn delete_task(core: Core<'_>, id: i64) -> IpcResult<()> {
    blocking(&core, move |c| c.delete_task(id)).await
}

#[tauri::command]
pub async fn save_material(core: Core<'_>, input: MaterialInput) -> IpcResult<i64> {
    blocking(&core, move |c| c.save_material(input)).await
}

#[tauri::command]
pub async fn delete_material(core: Core<'_>, id: i64) -> IpcResult<()> {
    blocking(&core, move |c| c.delete_material(id)).await
}

#[tauri::command]
pub async fn due_lists(core: Core<'_>) -> IpcResult<DueLists> {
    blocking(&core, |c| c.due_lists()).await
}

#[tauri::command]
pub async fn campaign_templates(core: Core<'_>) -> IpcResult<Vec<Template>> {
    blocking(&core, |c| c.campaign_templates()).await
}

#[tauri::command]
pub async fn save_as_template(core: Core<'_>, id: i64, name: String) -> IpcResult<i64> {
    blocking(&core, move |c| c.save_as_template(id, name)).await
}

#[tauri::command]
pub async fn delete_template(core: Core<'_>, id: i64) -> IpcResult<()> {
    blocking(&core, move |c| c.delete_template(id)).await
}

#[tauri::command]
pub async fn create_from_template(core: Core<'_>, input: TemplateUse) -> IpcResult<i64> {
    blocking(&core, move |c| c.create_from_template(input)).await
}

#[tauri::command]
pub async fn copy_campaign_to_year(core: Core<'_>, id: i64, year: i32) -> IpcResult<i64> {
    blocking(&core, move |c| c.copy_campaign_to_year(id, year)).await
}

#[tauri::command]
pub async fn save_offer(core: Core<'_>, input: OfferInput) -> IpcResult<usize> {
    blocking(&core, move |c| c.save_offer(input)).await
}

#[tauri::command]
pub async fn delete_offer(core: Core<'_>, id: i64) -> IpcResult<()> {
    blocking(&core, move |c| c.delete_offer(id)).await
}

#[tauri::command]
pub async fn compliance(core: Core<'_>, id: i64) -> IpcResult<Compliance> {
    blocking(&core, move |c| c.compliance(id)).await
}

#[tauri::command]
pub async fn price_position(core: Core<'_>, id: i64) -> IpcResult<Vec<PositionDay>> {
    blocking(&core, move |c| c.price_position(id)).await
}

#[tauri::command]
pub async fn save_result(core: Core<'_>, input: ResultInput) -> IpcResult<()> {
    blocking(&core, move |c| c.save_result(input)).await
}

#[tauri::command]
pub async fn campaign_review(core: Core<'_>, id: i64) -> IpcResult<Review> {
    blocking(&core, move |c| c.campaign_review(id)).await
}

#[tauri::command]
pub async fn campaign_month(core: Core<'_>, year: i32, month: u32) -> IpcResult<MonthView> {
    blocking(&core, move |c| c.campaign_month(year, month)).await
}

#[tauri::command]
pub async fn campaign_timeline(core: Core<'_>, query: TimelineQuery) -> IpcResult<Timeline> {
    blocking(&core, move |c| c.campaign_timeline(query)).await
}

#[tauri::command]
pub async fn campaign_timeline_moves(core: Core<'_>, query: TimelineQuery) -> IpcResult<Vec<Bar>> {
    blocking(&core, move |c| c.campaign_timeline_moves(query)).await
}

/// Preview (`dry_run`) or import the picked file as a campaign schedule.
#[tauri::command]
pub async fn import_schedule(
    core: Core<'_>,
    sheet: Option<String>,
    dry_run: bool,
) -> IpcResult<SheetReport> {
    blocking(&core, move |c| c.import_schedule_picked(sheet, dry_run)).await
}

/// Preview (`dry_run`) or import the picked file as a campaign's price-limit table.
#[tauri::command]
pub async fn import_limits(
    core: Core<'_>,
    id: i64,
    sheet: Option<String>,
    dry_run: bool,
) -> IpcResult<SheetReport> {
    blocking(&core, move |c| c.import_limits_picked(id, sheet, dry_run)).await
}

/// Save the campaign calendar as .ics where the user chooses (native dialog, from Rust).
#[tauri::command]
pub async fn export_ics(
    core: Core<'_>,
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
) -> IpcResult<Option<String>> {
    let Some(path) = save_target(
        &core,
        "导出活动日历 Export the campaign calendar",
        "活动日历.ics".to_string(),
        &[("iCalendar", "ics")],
    )
    .await
    else {
        return Ok(None);
    };
    blocking(&core, move |c| {
        c.export_ics(from, to, &path)
            .map(|_| Some(crate::core::file_name(&path)))
    })
    .await
}

/// Save a campaign's brief where the user chooses: PDF, Word or Markdown (with its charts as
/// PNG beside it), by the extension picked in the native dialog. Progress goes out as
/// `export-progress` events; `cancel_export` stops it before anything is written.
#[tauri::command]
pub async fn export_brief(
    app: AppHandle,
    core: Core<'_>,
    id: i64,
    name: String,
) -> IpcResult<Option<crate::core::DocumentExport>> {
    let Some(path) = save_target(
        &core,
        "导出活动方案简报 Export the campaign brief",
        format!("{name}.pdf"),
        &DOCUMENT_FILTERS,
    )
    .await
    else {
        return Ok(None);
    };
    blocking(&core, move |c| {
        c.export_brief(id, &path, &mut |done, total| {
            let _ = app.emit("export-progress", super::Progress { done, total });
        })
        .map(Some)
    })
    .await
}

/// Stop the running brief export; it writes nothing.
#[tauri::command]
pub fn cancel_export(core: Core<'_>) {
    core.cancel_export();
}
