//! CLI subcommands of the training schedule: `staff`, `training report`, and the roster,
//! training-plan and sign-in imports.

use super::{io, open, sheet_import, usage, Cli, Fail, Format, ImportArgs, LangArg, TableArg};
use crate::core::training::TrainingTable;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::import::engine::RegionNames;
use std::io::Write;
use std::path::Path;

pub(super) fn sign_in(
    cli: &Cli,
    session: i64,
    file: &Path,
    lang: LangArg,
    out: &mut impl Write,
) -> Result<i32, Fail> {
    let core = open(cli)?;
    core.use_lang(Lang::from(lang));
    let done = core
        .export_sign_in(session, file, &mut |_, _| {})
        .map_err(usage)?;
    writeln!(
        out,
        "已导出签到表 sign-in sheet exported: {}",
        done.files.join(", ")
    )
    .map_err(io)?;
    Ok(0)
}

pub(super) fn export(
    cli: &Cli,
    table: TableArg,
    file: &Path,
    lang: LangArg,
    out: &mut impl Write,
) -> Result<i32, Fail> {
    let core = open(cli)?;
    core.use_lang(Lang::from(lang));
    let table = match table {
        TableArg::Attendance => TrainingTable::Attendance,
        TableArg::Completion => TrainingTable::Completion,
    };
    let name = core.export_training_xlsx(table, file).map_err(usage)?;
    writeln!(out, "已导出 exported: {name}").map_err(io)?;
    Ok(0)
}

/// Which training sheet an `import` names.
#[derive(Debug, Clone, Copy)]
pub(super) enum Sheet {
    Staff,
    Sessions,
    Attendance,
}

pub(super) fn import(
    cli: &Cli,
    kind: Sheet,
    args: &ImportArgs,
    out: &mut impl Write,
) -> Result<i32, Fail> {
    let core = open(cli)?;
    let created = match kind {
        Sheet::Staff => "people",
        Sheet::Sessions => "programs",
        Sheet::Attendance => "records",
    };
    sheet_import(args, created, out, |file, sheet, dry| match kind {
        Sheet::Staff => core.import_staff_file(file, sheet, dry),
        Sheet::Sessions => core.import_sessions_file(file, sheet, dry),
        Sheet::Attendance => core.import_attendance_file(file, sheet, dry),
    })
}

pub(super) fn staff(
    cli: &Cli,
    region: Option<&str>,
    format: Format,
    out: &mut impl Write,
) -> Result<i32, Fail> {
    let core = open(cli)?;
    let region_id = match region {
        None => None,
        Some(name) => {
            let names = RegionNames::new(&core.list_regions()?);
            Some(names.get(name).ok_or_else(|| {
                Fail(
                    2,
                    AppError::invalid(
                        "region",
                        format!("没有名为“{name}”的区域。"),
                        format!("There is no region called “{name}”."),
                    ),
                )
            })?)
        }
    };
    let list = core.list_staff(region_id)?;
    match format {
        Format::Json => {
            let rows: Vec<serde_json::Value> = list
                .iter()
                .map(|p| {
                    serde_json::json!({
                        "id": p.id, "name": p.name, "region": p.region, "role": p.role,
                        "phone": p.phone, "employee_no": p.employee_no, "active": p.active,
                    })
                })
                .collect();
            writeln!(out, "{}", serde_json::Value::Array(rows)).map_err(io)?;
        }
        Format::Table | Format::Csv => {
            writeln!(
                out,
                "编号 id\t姓名 name\t区域 region\t岗位 role\t电话 phone\t工号 no.\t在职 active"
            )
            .map_err(io)?;
            for p in &list {
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    p.id,
                    p.name,
                    p.region,
                    p.role,
                    p.phone,
                    p.employee_no.as_deref().unwrap_or(""),
                    if p.active { "是" } else { "否" }
                )
                .map_err(io)?;
            }
        }
    }
    Ok(0)
}

pub(super) fn report(
    cli: &Cli,
    program: Option<&str>,
    format: Format,
    out: &mut impl Write,
) -> Result<i32, Fail> {
    let core = open(cli)?;
    let program_id = match program {
        None => None,
        Some(key) => Some(core.find_program(key).map_err(|e| match e {
            AppError::NotFound { .. } => Fail(2, e),
            e => Fail(1, e),
        })?),
    };
    let mut rows = core.completion_by_region(program_id)?;
    rows.sort_by(|a, b| a.region.cmp(&b.region));
    match format {
        Format::Json => {
            let json: Vec<serde_json::Value> = rows
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "region": r.region, "staff": r.staff, "required": r.required,
                        "completed": r.completed, "completion_pct": r.completion_pct,
                    })
                })
                .collect();
            writeln!(out, "{}", serde_json::Value::Array(json)).map_err(io)?;
        }
        Format::Table | Format::Csv => {
            writeln!(
                out,
                "区域 region\t人数 staff\t应完成 required\t已完成 completed\t完成率 completion"
            )
            .map_err(io)?;
            for r in &rows {
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}\t{:.2} %",
                    r.region, r.staff, r.required, r.completed, r.completion_pct
                )
                .map_err(io)?;
            }
        }
    }
    Ok(0)
}
