//! 预算 Budget and expense commands.

use super::{blocking, save_target, Core, IpcResult, DOCUMENT_FILTERS};
use crate::core::budget::{
    BudgetAlerts, BudgetCharts, BudgetReport, BudgetSetup, BudgetSheet, CampaignCosts,
    ExpenseDetail, ExpenseStep, ExpenseView, LineView, ReportBy, StepResult,
};
use crate::core::DocumentExport;
use crate::domain::budget::forms::{ExpenseInput, LineInput, PlanInput};
use crate::domain::budget::{EvidenceKind, Policy};
use crate::import::engine::SheetReport;
use crate::store::budget::{BudgetCategory, Evidence, ExpenseFilter, Line, Plan, Revision};
use std::path::PathBuf;
use tauri::{AppHandle, Emitter};

#[tauri::command]
pub async fn budget_setup(core: Core<'_>) -> IpcResult<BudgetSetup> {
    blocking(&core, |c| c.budget_setup()).await
}

#[tauri::command]
pub async fn create_budget_plan(core: Core<'_>, input: PlanInput) -> IpcResult<Plan> {
    blocking(&core, move |c| c.create_budget_plan(input)).await
}

#[tauri::command]
pub async fn set_budget_policy(core: Core<'_>, id: i64, policy: Policy) -> IpcResult<Plan> {
    blocking(&core, move |c| c.set_budget_policy(id, policy)).await
}

#[tauri::command]
pub async fn approve_budget_plan(core: Core<'_>, id: i64, by: String) -> IpcResult<Plan> {
    blocking(&core, move |c| c.approve_budget_plan(id, &by)).await
}

#[tauri::command]
pub async fn budget_lines(core: Core<'_>, plan_id: i64) -> IpcResult<Vec<LineView>> {
    blocking(&core, move |c| c.budget_lines(plan_id)).await
}

#[tauri::command]
pub async fn save_budget_line(core: Core<'_>, input: LineInput) -> IpcResult<Line> {
    blocking(&core, move |c| c.save_budget_line(input)).await
}

#[tauri::command]
pub async fn delete_budget_line(core: Core<'_>, id: i64) -> IpcResult<()> {
    blocking(&core, move |c| c.delete_budget_line(id)).await
}

#[tauri::command]
pub async fn budget_line_revisions(core: Core<'_>, id: i64) -> IpcResult<Vec<Revision>> {
    blocking(&core, move |c| c.budget_line_revisions(id)).await
}

#[tauri::command]
pub async fn add_budget_category(
    core: Core<'_>,
    name: String,
    needs_evidence: bool,
) -> IpcResult<BudgetCategory> {
    blocking(&core, move |c| c.add_budget_category(&name, needs_evidence)).await
}

#[tauri::command]
pub async fn set_category_evidence(core: Core<'_>, id: i64, needs_evidence: bool) -> IpcResult<()> {
    blocking(&core, move |c| c.set_category_evidence(id, needs_evidence)).await
}

#[tauri::command]
pub async fn budget_report(core: Core<'_>, year: i32, by: ReportBy) -> IpcResult<BudgetReport> {
    blocking(&core, move |c| c.budget_report(year, by)).await
}

#[tauri::command]
pub async fn budget_alerts(core: Core<'_>) -> IpcResult<BudgetAlerts> {
    blocking(&core, |c| c.budget_alerts()).await
}

#[tauri::command]
pub async fn budget_charts(core: Core<'_>, year: i32) -> IpcResult<BudgetCharts> {
    blocking(&core, move |c| c.budget_charts(year)).await
}

#[tauri::command]
pub async fn expense_list(core: Core<'_>, filter: ExpenseFilter) -> IpcResult<Vec<ExpenseView>> {
    blocking(&core, move |c| c.expense_list(filter)).await
}

#[tauri::command]
pub async fn expense_detail(core: Core<'_>, id: i64) -> IpcResult<ExpenseDetail> {
    blocking(&core, move |c| c.expense_detail(id)).await
}

#[tauri::command]
pub async fn save_expense(core: Core<'_>, input: ExpenseInput) -> IpcResult<ExpenseView> {
    blocking(&core, move |c| c.save_expense(input)).await
}

#[tauri::command]
pub async fn delete_expense(core: Core<'_>, id: i64) -> IpcResult<()> {
    blocking(&core, move |c| c.delete_expense(id)).await
}

#[tauri::command]
pub async fn expense_step(core: Core<'_>, id: i64, step: ExpenseStep) -> IpcResult<StepResult> {
    blocking(&core, move |c| c.expense_step(id, step)).await
}

/// Choose an evidence file in the native dialog (from Rust) and attach it to the request.
#[tauri::command]
pub async fn attach_evidence(
    core: Core<'_>,
    id: i64,
    kind: Option<EvidenceKind>,
) -> IpcResult<Option<Evidence>> {
    let picked: Option<PathBuf> = match core.scripted_pick.clone() {
        Some(p) => Some(p),
        None => rfd::AsyncFileDialog::new()
            .set_title("选择凭证（发票、收据、活动照片） Choose evidence")
            .add_filter(
                "图片与 PDF Pictures and PDF",
                &["jpg", "jpeg", "png", "pdf"],
            )
            .add_filter("所有文件 All files", &["*"])
            .pick_file()
            .await
            .map(|h| h.path().to_path_buf()),
    };
    let Some(path) = picked else {
        return Ok(None);
    };
    blocking(&core, move |c| c.attach_evidence(id, &path, kind).map(Some)).await
}

/// Open an evidence file with the system's viewer (a copy in the temporary folder).
#[tauri::command]
pub async fn open_evidence(core: Core<'_>, id: i64) -> IpcResult<String> {
    let scripted = core.scripted_pick.is_some();
    blocking(&core, move |c| {
        let path = c.evidence_copy(id)?;
        if !scripted {
            open::that_detached(&path).map_err(|e| crate::error::AppError::io(&path, e))?;
        }
        Ok(path.to_string_lossy().into_owned())
    })
    .await
}

#[tauri::command]
pub async fn remove_evidence(core: Core<'_>, id: i64) -> IpcResult<()> {
    blocking(&core, move |c| c.remove_evidence(id)).await
}

/// Preview (`dry_run`) or import the picked file as a budget plan or an expense ledger.
#[tauri::command]
pub async fn import_budget(
    core: Core<'_>,
    kind: BudgetSheet,
    sheet: Option<String>,
    dry_run: bool,
) -> IpcResult<SheetReport> {
    blocking(&core, move |c| c.import_budget_picked(kind, sheet, dry_run)).await
}

#[tauri::command]
pub async fn campaign_costs(core: Core<'_>, id: i64) -> IpcResult<CampaignCosts> {
    blocking(&core, move |c| c.campaign_costs(id)).await
}

#[tauri::command]
pub async fn export_budget_xlsx(
    core: Core<'_>,
    year: i32,
    name: String,
) -> IpcResult<Option<String>> {
    let Some(path) = save_target(
        &core,
        "导出预算 Export the budget",
        format!("{name}.xlsx"),
        &[("Excel", "xlsx")],
    )
    .await
    else {
        return Ok(None);
    };
    blocking(&core, move |c| c.export_budget_xlsx(year, &path).map(Some)).await
}

#[tauri::command]
pub async fn export_expense_form(
    app: AppHandle,
    core: Core<'_>,
    id: i64,
    name: String,
) -> IpcResult<Option<DocumentExport>> {
    let Some(path) = save_target(
        &core,
        "导出费用申请单 Export the request form",
        format!("{name}.pdf"),
        &DOCUMENT_FILTERS,
    )
    .await
    else {
        return Ok(None);
    };
    blocking(&core, move |c| {
        c.export_expense_form(id, &path, &mut |done, total| {
            let _ = app.emit("export-progress", super::Progress { done, total });
        })
        .map(Some)
    })
    .await
}

#[tauri::command]
pub async fn export_cost_report(
    app: AppHandle,
    core: Core<'_>,
    id: i64,
    name: String,
) -> IpcResult<Option<DocumentExport>> {
    let Some(path) = save_target(
        &core,
        "导出活动费用分析报告 Export the cost report",
        format!("{name}.pdf"),
        &DOCUMENT_FILTERS,
    )
    .await
    else {
        return Ok(None);
    };
    blocking(&core, move |c| {
        c.export_cost_report(id, &path, &mut |done, total| {
            let _ = app.emit("export-progress", super::Progress { done, total });
        })
        .map(Some)
    })
    .await
}
