//! The week: the Monday dashboard's cards and the weekly report 周报 (its decisions, its export).

use super::{blocking, save_target, Core, IpcResult, Progress, DOCUMENT_FILTERS};
use crate::core::weekly::{WeekView, WeeklyReport};
use crate::core::DocumentExport;
use crate::domain::weekly::IsoWeek;
use tauri::{AppHandle, Emitter};

#[tauri::command]
pub async fn week_at_a_glance(core: Core<'_>) -> IpcResult<WeekView> {
    blocking(&core, |c| c.week_at_a_glance()).await
}

/// The report of an ISO week (2026-W18), or of the week it is when `week` is None.
#[tauri::command]
pub async fn weekly_report(core: Core<'_>, week: Option<String>) -> IpcResult<WeeklyReport> {
    blocking(&core, move |c| {
        let week = match week {
            Some(w) => IsoWeek::parse(&w, "week")?,
            None => IsoWeek::of(c.today()),
        };
        c.weekly_report(week)
    })
    .await
}

#[tauri::command]
pub async fn save_weekly_decisions(core: Core<'_>, week: String, text: String) -> IpcResult<()> {
    blocking(&core, move |c| {
        c.save_weekly_decisions(IsoWeek::parse(&week, "week")?, &text)
    })
    .await
}

#[tauri::command]
pub async fn export_weekly_report(
    app: AppHandle,
    core: Core<'_>,
    week: String,
) -> IpcResult<Option<DocumentExport>> {
    let parsed = match IsoWeek::parse(&week, "week") {
        Ok(w) => w,
        Err(e) => return Err(core.error_dto(&e)),
    };
    let name = format!("周报 {}.pdf", parsed.code());
    let Some(path) = save_target(
        &core,
        "导出周报 Export the weekly report",
        name,
        &DOCUMENT_FILTERS,
    )
    .await
    else {
        return Ok(None);
    };
    blocking(&core, move |c| {
        c.export_weekly_report(parsed, &path, &mut |done, total| {
            let _ = app.emit("export-progress", Progress { done, total });
        })
        .map(Some)
    })
    .await
}
