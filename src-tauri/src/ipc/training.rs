//! 培训 Training schedule commands.

use super::{blocking, save_target, Core, IpcResult};
use crate::core::training::{
    CalendarView, ClashWarning, CompletionMatrix, Enrolled, Missing, PersonRecord,
    RegionCompletion, Roster, SessionsView, TrainingCalendar, TrainingCharts, TrainingSetup,
    TrainingSheet, TrainingTable,
};
use crate::core::DocumentExport;
use crate::domain::training::forms::{AttendanceInput, ProgramInput, SessionInput, StaffInput};
use crate::domain::training::SessionStatus;
use crate::import::engine::SheetReport;
use crate::store::training::{Choice, Program, Session, StaffMember};
use chrono::NaiveDate;
use tauri::{AppHandle, Emitter};

#[tauri::command]
pub async fn training_setup(core: Core<'_>) -> IpcResult<TrainingSetup> {
    blocking(&core, |c| c.training_setup()).await
}

#[tauri::command]
pub async fn list_staff(core: Core<'_>, region_id: Option<i64>) -> IpcResult<Vec<StaffMember>> {
    blocking(&core, move |c| c.list_staff(region_id)).await
}

#[tauri::command]
pub async fn save_staff(core: Core<'_>, input: StaffInput) -> IpcResult<StaffMember> {
    blocking(&core, move |c| c.save_staff(input)).await
}

#[tauri::command]
pub async fn add_role(core: Core<'_>, name: String) -> IpcResult<Choice> {
    blocking(&core, move |c| c.add_role(&name)).await
}

#[tauri::command]
pub async fn save_program(core: Core<'_>, input: ProgramInput) -> IpcResult<Program> {
    blocking(&core, move |c| c.save_program(input)).await
}

#[tauri::command]
pub async fn training_sessions(
    core: Core<'_>,
    from: NaiveDate,
    to: NaiveDate,
) -> IpcResult<SessionsView> {
    blocking(&core, move |c| c.training_sessions(from, to)).await
}

#[tauri::command]
pub async fn session_clashes(core: Core<'_>, input: SessionInput) -> IpcResult<Vec<ClashWarning>> {
    blocking(&core, move |c| c.session_clashes(input)).await
}

#[tauri::command]
pub async fn save_session(core: Core<'_>, input: SessionInput) -> IpcResult<Vec<i64>> {
    blocking(&core, move |c| c.save_session(input)).await
}

#[tauri::command]
pub async fn set_session_status(
    core: Core<'_>,
    id: i64,
    status: SessionStatus,
) -> IpcResult<Session> {
    blocking(&core, move |c| c.set_session_status(id, status)).await
}

#[tauri::command]
pub async fn delete_session(core: Core<'_>, id: i64) -> IpcResult<()> {
    blocking(&core, move |c| c.delete_session(id)).await
}

#[tauri::command]
pub async fn session_roster(core: Core<'_>, id: i64) -> IpcResult<Roster> {
    blocking(&core, move |c| c.session_roster(id)).await
}

#[tauri::command]
pub async fn enrol(core: Core<'_>, session_id: i64, staff_id: i64) -> IpcResult<Roster> {
    blocking(&core, move |c| c.enrol(session_id, staff_id)).await
}

#[tauri::command]
pub async fn enrol_mandatory(core: Core<'_>, session_id: i64) -> IpcResult<Enrolled> {
    blocking(&core, move |c| c.enrol_mandatory(session_id)).await
}

#[tauri::command]
pub async fn withdraw(core: Core<'_>, session_id: i64, staff_id: i64) -> IpcResult<Vec<String>> {
    blocking(&core, move |c| c.withdraw(session_id, staff_id)).await
}

#[tauri::command]
pub async fn mark_attendance(core: Core<'_>, input: AttendanceInput) -> IpcResult<Roster> {
    blocking(&core, move |c| c.mark_attendance(input)).await
}

#[tauri::command]
pub async fn completion_by_region(
    core: Core<'_>,
    program: Option<i64>,
) -> IpcResult<Vec<RegionCompletion>> {
    blocking(&core, move |c| c.completion_by_region(program)).await
}

#[tauri::command]
pub async fn completion_matrix(core: Core<'_>) -> IpcResult<CompletionMatrix> {
    blocking(&core, |c| c.completion_matrix()).await
}

#[tauri::command]
pub async fn training_missing(
    core: Core<'_>,
    region_id: Option<i64>,
    program_id: Option<i64>,
) -> IpcResult<Vec<Missing>> {
    blocking(&core, move |c| c.missing(region_id, program_id)).await
}

#[tauri::command]
pub async fn not_ready(core: Core<'_>, campaign_id: i64) -> IpcResult<Vec<Missing>> {
    blocking(&core, move |c| c.not_ready(campaign_id)).await
}

#[tauri::command]
pub async fn person_record(core: Core<'_>, staff_id: i64) -> IpcResult<PersonRecord> {
    blocking(&core, move |c| c.person_record(staff_id)).await
}

/// Preview (`dry_run`) or import the picked file as a roster, training plan or sign-in sheet.
#[tauri::command]
pub async fn import_training(
    core: Core<'_>,
    kind: TrainingSheet,
    sheet: Option<String>,
    dry_run: bool,
) -> IpcResult<SheetReport> {
    blocking(&core, move |c| {
        c.import_training_picked(kind, sheet, dry_run)
    })
    .await
}

#[tauri::command]
pub async fn training_charts(core: Core<'_>, program: Option<i64>) -> IpcResult<TrainingCharts> {
    blocking(&core, move |c| c.training_charts(program)).await
}

#[tauri::command]
pub async fn training_calendar(
    core: Core<'_>,
    anchor: Option<NaiveDate>,
    view: CalendarView,
) -> IpcResult<TrainingCalendar> {
    blocking(&core, move |c| c.training_calendar(anchor, view)).await
}

/// Save a session's sign-in sheet where the user chooses: PDF, Word, Markdown, or a workbook
/// in the sign-in import's columns (native dialog, from Rust); progress as `export-progress`.
#[tauri::command]
pub async fn export_sign_in(
    app: AppHandle,
    core: Core<'_>,
    id: i64,
    name: String,
) -> IpcResult<Option<DocumentExport>> {
    let Some(path) = save_target(
        &core,
        "导出签到表 Export the sign-in sheet",
        format!("{name}.pdf"),
        &[
            ("PDF", "pdf"),
            ("Word", "docx"),
            ("Excel", "xlsx"),
            ("Markdown", "md"),
        ],
    )
    .await
    else {
        return Ok(None);
    };
    blocking(&core, move |c| {
        c.export_sign_in(id, &path, &mut |done, total| {
            let _ = app.emit("export-progress", super::Progress { done, total });
        })
        .map(Some)
    })
    .await
}

/// Save attendance or the completion matrix as .xlsx where the user chooses.
#[tauri::command]
pub async fn export_training_xlsx(
    core: Core<'_>,
    table: TrainingTable,
    name: String,
) -> IpcResult<Option<String>> {
    let Some(path) = save_target(
        &core,
        "导出 Excel Export to Excel",
        format!("{name}.xlsx"),
        &[("Excel", "xlsx")],
    )
    .await
    else {
        return Ok(None);
    };
    blocking(&core, move |c| {
        c.export_training_xlsx(table, &path).map(Some)
    })
    .await
}
