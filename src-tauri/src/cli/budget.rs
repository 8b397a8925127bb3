//! CLI subcommands of the budget: `expenses`, `budget report`, `expense …` (the approval flow
//! and the printed form), `cost-report`, and the plan and ledger imports.

use super::campaigns::find;
use super::{io, open, sheet_import, usage, write_csv, Cli, Fail, Format, ImportArgs, LangArg};
use crate::core::budget::{ExpenseStep, ReportBy};
use crate::domain::budget::{ExpenseAction, ExpenseStatus};
use crate::domain::value::format_yuan;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::store::budget::ExpenseFilter;
use clap::Subcommand;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Subcommand)]
pub enum BudgetCommand {
    /// Plan, committed, actual and available by category, region, campaign or period; every
    /// view adds up to the same totals, with an "unplanned" row for requests no line covers.
    Report {
        #[arg(long, value_name = "YYYY")]
        year: i32,
        #[arg(long, value_enum, default_value_t = ReportBy::Category)]
        by: ReportBy,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        #[arg(long, value_enum, default_value_t = LangArg::Zh)]
        lang: LangArg,
    },
    /// The year's budget as a workbook (.xlsx): a sheet per view, the lines, the requests.
    Export {
        #[arg(long, value_name = "YYYY")]
        year: i32,
        #[arg(long, value_name = "FILE.xlsx")]
        out: PathBuf,
        #[arg(long, value_enum, default_value_t = LangArg::Zh)]
        lang: LangArg,
    },
}

#[derive(Debug, Subcommand)]
pub enum ExpenseCommand {
    /// The request form 费用申请单 (amount in capitals, evidence, signatures) as .pdf, .docx or .md.
    Form {
        id: i64,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        #[arg(long, value_enum, default_value_t = LangArg::Zh)]
        lang: LangArg,
    },
    /// Submit a draft for approval (the plan's overspend policy applies).
    Submit { id: i64 },
    /// Approve a submitted request, for the amount requested or less.
    Approve {
        id: i64,
        #[arg(long)]
        approver: String,
        /// The approved amount in yuan (default: as requested).
        #[arg(long, default_value = "")]
        amount: String,
    },
    /// Reimburse an approved request (refused without approval, or without the evidence its
    /// category needs).
    Reimburse {
        id: i64,
        /// The paid amount in yuan (default: as approved).
        #[arg(long, default_value = "")]
        amount: String,
    },
    /// Reject a submitted request, with the reason.
    Reject {
        id: i64,
        #[arg(long)]
        reason: String,
    },
    /// Cancel a request (it stays on record).
    Cancel { id: i64 },
}

#[derive(Debug, Clone, Copy)]
pub(super) enum Sheet {
    Budget,
    Expenses,
}

pub(super) fn import(
    cli: &Cli,
    kind: Sheet,
    args: &ImportArgs,
    out: &mut impl Write,
) -> Result<i32, Fail> {
    let core = open(cli)?;
    let created = match kind {
        Sheet::Budget => "lines",
        Sheet::Expenses => "categories",
    };
    sheet_import(args, created, out, |file, sheet, dry| match kind {
        Sheet::Budget => core.import_budget_file(file, sheet, dry),
        Sheet::Expenses => core.import_expenses_file(file, sheet, dry),
    })
}

pub(super) fn expenses(
    cli: &Cli,
    status: Option<&str>,
    format: Format,
    out: &mut impl Write,
) -> Result<i32, Fail> {
    let core = open(cli)?;
    let status = match status {
        None => None,
        Some(s) => Some(ExpenseStatus::parse(s).ok_or_else(|| {
            Fail(
                2,
                AppError::invalid(
                    "status",
                    format!("状态“{s}”不认识：请写 draft、submitted、approved、reimbursed、rejected 或 cancelled。"),
                    format!("Unknown status “{s}”: use draft, submitted, approved, reimbursed, rejected or cancelled."),
                ),
            )
        })?),
    };
    let list = core.expense_list(ExpenseFilter {
        status,
        ..ExpenseFilter::default()
    })?;
    match format {
        Format::Json => {
            let rows: Vec<serde_json::Value> = list
                .iter()
                .map(|v| {
                    let e = &v.expense;
                    serde_json::json!({
                        "id": e.id, "date": e.date.to_string(), "requester": e.requester,
                        "region": e.region, "campaign": e.campaign, "category": e.category,
                        "payee": e.payee, "requested_fen": e.requested_fen,
                        "approved_fen": e.approved_fen, "paid_fen": e.paid_fen,
                        "status": e.status.code(),
                    })
                })
                .collect();
            writeln!(out, "{}", serde_json::Value::Array(rows)).map_err(io)?;
        }
        Format::Csv => write_csv(
            out,
            &[
                "id",
                "date",
                "requester",
                "region",
                "campaign",
                "category",
                "payee",
                "requested_fen",
                "approved_fen",
                "paid_fen",
                "status",
            ],
            list.iter().map(|v| {
                let e = &v.expense;
                vec![
                    e.id.to_string(),
                    e.date.to_string(),
                    e.requester.clone(),
                    e.region.clone().unwrap_or_default(),
                    e.campaign.clone().unwrap_or_default(),
                    e.category.clone(),
                    e.payee.clone(),
                    e.requested_fen.to_string(),
                    e.approved_fen.map(|v| v.to_string()).unwrap_or_default(),
                    e.paid_fen.map(|v| v.to_string()).unwrap_or_default(),
                    e.status.code().to_string(),
                ]
            }),
        )?,
        Format::Table => {
            writeln!(out, "编号 id\t日期 date\t申请人 requester\t区域 region\t类别 category\t收款方 payee\t申请 requested\t核准 approved\t报销 paid\t状态 status").map_err(io)?;
            for v in &list {
                let e = &v.expense;
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    e.id,
                    e.date,
                    e.requester,
                    e.region.as_deref().unwrap_or("—"),
                    e.category,
                    e.payee,
                    format_yuan(e.requested_fen),
                    e.approved_fen.map_or("—".into(), format_yuan),
                    e.paid_fen.map_or("—".into(), format_yuan),
                    e.status.code()
                )
                .map_err(io)?;
            }
        }
    }
    Ok(0)
}

pub(super) fn budget(cli: &Cli, cmd: &BudgetCommand, out: &mut impl Write) -> Result<i32, Fail> {
    let core = open(cli)?;
    match cmd {
        BudgetCommand::Report {
            year,
            by,
            format,
            lang,
        } => {
            core.use_lang(Lang::from(*lang));
            let r = core.budget_report(*year, *by)?;
            let rows: Vec<(String, [i64; 4])> = r
                .rows
                .iter()
                .map(|row| {
                    let f = &row.figures;
                    (
                        row.key.clone(),
                        [f.plan_fen, f.committed_fen, f.actual_fen, f.available_fen],
                    )
                })
                .collect();
            match format {
                Format::Json => {
                    let json: Vec<serde_json::Value> = rows
                        .iter()
                        .map(|(k, [p, c, a, v])| {
                            serde_json::json!({"key": k, "plan_fen": p, "committed_fen": c, "actual_fen": a, "available_fen": v})
                        })
                        .collect();
                    writeln!(out, "{}", serde_json::Value::Array(json)).map_err(io)?;
                }
                Format::Csv => write_csv(
                    out,
                    &[
                        "key",
                        "plan_fen",
                        "committed_fen",
                        "actual_fen",
                        "available_fen",
                    ],
                    rows.iter().map(|(k, v)| {
                        let mut row = vec![k.clone()];
                        row.extend(v.iter().map(|x| x.to_string()));
                        row
                    }),
                )?,
                Format::Table => {
                    writeln!(
                        out,
                        "项目 key\t预算 plan\t已占用 committed\t已报销 actual\t可用 available"
                    )
                    .map_err(io)?;
                    for (k, v) in &rows {
                        writeln!(
                            out,
                            "{k}\t{}\t{}\t{}\t{}",
                            format_yuan(v[0]),
                            format_yuan(v[1]),
                            format_yuan(v[2]),
                            format_yuan(v[3])
                        )
                        .map_err(io)?;
                    }
                    let t = &r.total;
                    writeln!(
                        out,
                        "合计 total\t{}\t{}\t{}\t{}",
                        format_yuan(t.plan_fen),
                        format_yuan(t.committed_fen),
                        format_yuan(t.actual_fen),
                        format_yuan(t.available_fen)
                    )
                    .map_err(io)?;
                }
            }
        }
        BudgetCommand::Export {
            year,
            out: file,
            lang,
        } => {
            core.use_lang(Lang::from(*lang));
            let name = core.export_budget_xlsx(*year, file).map_err(usage)?;
            writeln!(out, "已导出 exported: {name}").map_err(io)?;
        }
    }
    Ok(0)
}

pub(super) fn expense(cli: &Cli, cmd: &ExpenseCommand, out: &mut impl Write) -> Result<i32, Fail> {
    let core = open(cli)?;
    let step = |action, amount: &str, approver: &str, reason: &str| ExpenseStep {
        action,
        amount: amount.to_string(),
        approver: approver.to_string(),
        date: String::new(),
        reason: reason.to_string(),
    };
    let (id, step) = match cmd {
        ExpenseCommand::Form {
            id,
            out: file,
            lang,
        } => {
            core.use_lang(Lang::from(*lang));
            let done = core
                .export_expense_form(*id, file, &mut |_, _| {})
                .map_err(usage)?;
            writeln!(
                out,
                "已导出费用申请单 request form written: {}",
                done.files.join(", ")
            )
            .map_err(io)?;
            return Ok(0);
        }
        ExpenseCommand::Submit { id } => (*id, step(ExpenseAction::Submit, "", "", "")),
        ExpenseCommand::Approve {
            id,
            approver,
            amount,
        } => (*id, step(ExpenseAction::Approve, amount, approver, "")),
        ExpenseCommand::Reimburse { id, amount } => {
            (*id, step(ExpenseAction::Reimburse, amount, "", ""))
        }
        ExpenseCommand::Reject { id, reason } => (*id, step(ExpenseAction::Reject, "", "", reason)),
        ExpenseCommand::Cancel { id } => (*id, step(ExpenseAction::Cancel, "", "", "")),
    };
    let done = core.expense_step(id, step).map_err(|e| match e {
        AppError::NotFound { .. } => Fail(2, e),
        e => Fail(1, e),
    })?;
    if let Some(w) = &done.warning {
        eprintln!("marketdesk: {w}");
    }
    let e = &done.view.expense;
    writeln!(
        out,
        "{}",
        serde_json::json!({
            "id": e.id, "status": e.status.code(), "requested_fen": e.requested_fen,
            "approved_fen": e.approved_fen, "paid_fen": e.paid_fen, "warning": done.warning,
        })
    )
    .map_err(io)?;
    Ok(0)
}

pub(super) fn cost_report(
    cli: &Cli,
    campaign: &str,
    file: &Path,
    lang: LangArg,
    out: &mut impl Write,
) -> Result<i32, Fail> {
    let core = open(cli)?;
    let id = find(&core, campaign)?;
    core.use_lang(Lang::from(lang));
    let done = core
        .export_cost_report(id, file, &mut |_, _| {})
        .map_err(usage)?;
    writeln!(
        out,
        "已导出活动费用分析报告 cost report written: {}",
        done.files.join(", ")
    )
    .map_err(io)?;
    Ok(0)
}
