//! CLI subcommands of the campaign calendar: `campaigns`, `campaign`, `compliance`.

use super::{io, open, write_csv, Cli, Fail, Format, ImportArgs, LangArg};
use crate::core::AppCore;
use crate::domain::value::format_yuan;
use crate::error::AppError;
use crate::i18n::Lang;
use chrono::NaiveDate;
use std::io::Write;
use std::path::Path;

/// A campaign by id or exact name; an unknown one exits 2 with its name.
pub(super) fn find(core: &AppCore, name: &str) -> Result<i64, Fail> {
    core.find_campaign(name).map_err(|e| match e {
        AppError::NotFound { .. } => Fail(2, e),
        e => Fail(1, e),
    })
}

fn json_out(out: &mut impl Write, v: &serde_json::Value) -> Result<(), Fail> {
    writeln!(out, "{v}").map_err(io)
}

pub(super) fn list(cli: &Cli, format: Format, out: &mut impl Write) -> Result<i32, Fail> {
    let core = open(cli)?;
    let list = core.list_campaigns()?;
    match format {
        Format::Json => {
            let rows: Vec<serde_json::Value> = list
                .iter()
                .map(|c| {
                    serde_json::json!({
                        "id": c.id, "name": c.name, "type": c.kind.code(),
                        "start": c.start.to_string(), "end": c.end.to_string(),
                        "status": c.status.code(),
                        "regions": c.regions.iter().map(|r| r.name.clone()).collect::<Vec<_>>(),
                    })
                })
                .collect();
            json_out(out, &serde_json::Value::Array(rows))?;
        }
        Format::Table | Format::Csv => {
            writeln!(
                out,
                "编号 id\t开始 start\t结束 end\t状态 status\t类型 type\t名称 name\t区域 regions"
            )
            .map_err(io)?;
            for c in &list {
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}\t{}\t{}{}\t{}",
                    c.id,
                    c.start,
                    c.end,
                    c.status.label(Lang::ZhCn),
                    c.kind.label(Lang::ZhCn),
                    if c.parent_id.is_some() { "  └ " } else { "" },
                    c.name,
                    c.regions
                        .iter()
                        .map(|r| r.name.as_str())
                        .collect::<Vec<_>>()
                        .join("、")
                )
                .map_err(io)?;
            }
        }
    }
    Ok(0)
}

/// What `campaign new` was given.
pub(super) struct NewCampaign<'a> {
    pub name: &'a str,
    pub kind: &'a str,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub regions: &'a str,
    pub template: Option<&'a str>,
    pub holiday: Option<&'a str>,
}

pub(super) fn create(cli: &Cli, n: &NewCampaign<'_>, out: &mut impl Write) -> Result<i32, Fail> {
    use crate::domain::campaigns::forms::CampaignInput;
    use crate::domain::campaigns::CampaignKind;
    use crate::import::engine::{split_list, RegionNames};
    let usage = |field: &str, zh: String, en: String| Fail(2, AppError::invalid(field, zh, en));
    let core = open(cli)?;
    let kind = CampaignKind::parse(n.kind).ok_or_else(|| {
        usage(
            "type",
            format!(
                "类型“{}”不认识：请写 节日促销、新品上市、路演、科室会 或 其他。",
                n.kind
            ),
            format!(
                "Unknown type “{}”: use holiday, launch, roadshow, meeting or other.",
                n.kind
            ),
        )
    })?;
    let names = RegionNames::new(&core.list_regions()?);
    let mut region_ids = Vec::new();
    for r in split_list(n.regions) {
        region_ids.push(names.get(&r).ok_or_else(|| {
            usage(
                "regions",
                format!("没有名为“{r}”的区域。"),
                format!("There is no region called “{r}”."),
            )
        })?);
    }
    let input = CampaignInput {
        name: n.name.to_string(),
        kind: Some(kind),
        start: n.start.to_string(),
        end: n.end.to_string(),
        region_ids,
        holiday_year: n.holiday.map(|_| chrono::Datelike::year(&n.start)),
        holiday_name: n.holiday.map(str::to_string),
        ..Default::default()
    };
    let id = match n.template {
        None => core.save_campaign(input)?,
        Some(key) => {
            let templates = core.campaign_templates()?;
            let t = templates
                .iter()
                .find(|t| t.id.to_string() == key.trim() || t.name == key.trim())
                .ok_or_else(|| {
                    usage(
                        "template",
                        format!("没有名为“{key}”的模板。"),
                        format!("There is no template called “{key}”."),
                    )
                })?;
            core.create_from_template(crate::core::campaigns::TemplateUse {
                template_id: t.id,
                campaign: input,
            })?
        }
    };
    drop(core);
    show(cli, &id.to_string(), Format::Json, out)
}

pub(super) fn templates(cli: &Cli, format: Format, out: &mut impl Write) -> Result<i32, Fail> {
    let core = open(cli)?;
    let list = core.campaign_templates()?;
    match format {
        Format::Json => {
            let json: Vec<serde_json::Value> = list
                .iter()
                .map(|t| {
                    let title = |id: &i64| {
                        t.items
                            .iter()
                            .find(|i| i.id == *id)
                            .map(|i| i.title.clone())
                            .unwrap_or_default()
                    };
                    serde_json::json!({
                        "id": t.id, "name": t.name, "builtin": t.builtin,
                        "items": t.items.iter().map(|i| serde_json::json!({
                            "type": i.item_type, "title": i.title, "quantity": i.quantity,
                            "anchor": i.anchor.code(), "start_offset": i.start_offset,
                            "due_offset": i.due_offset, "when": i.when,
                            "depends_on": i.depends_on.iter().map(title).collect::<Vec<_>>(),
                        })).collect::<Vec<_>>(),
                    })
                })
                .collect();
            json_out(out, &serde_json::Value::Array(json))?;
        }
        Format::Table | Format::Csv => {
            for t in &list {
                writeln!(out, "{}\t{}", t.id, t.name).map_err(io)?;
                for i in &t.items {
                    writeln!(out, "  {}\t{}", i.title, i.when).map_err(io)?;
                }
            }
        }
    }
    Ok(0)
}

pub(super) fn show(
    cli: &Cli,
    name: &str,
    _format: Format,
    out: &mut impl Write,
) -> Result<i32, Fail> {
    let core = open(cli)?;
    let id = find(&core, name)?;
    let p = core.campaign_page(id)?;
    let task_title = |id: &i64| {
        p.tasks
            .iter()
            .find(|t| t.id == *id)
            .map(|t| t.title.clone())
            .unwrap_or_default()
    };
    let c = &p.campaign;
    let v = serde_json::json!({
        "id": c.id,
        "name": c.name,
        "type": c.kind.code(),
        "start": c.start.to_string(),
        "end": c.end.to_string(),
        "status": c.status.code(),
        "regions": c.regions.iter().map(|r| r.name.clone()).collect::<Vec<_>>(),
        "parent_id": c.parent_id,
        "owner": c.owner,
        "theme": c.theme,
        "target_units": c.target_units,
        "target_revenue_fen": c.target_revenue_fen,
        "objectives": c.objectives,
        "notes": c.notes,
        "holiday": c.holiday_name.as_ref().map(|n| serde_json::json!({"year": c.holiday_year, "name": n})),
        "offers": p.offers.iter().map(|o| serde_json::json!({
            "brand": o.brand, "product": o.product, "region": o.region,
            "regular_fen": o.regular_fen, "special_fen": o.special_fen, "limit_fen": o.limit_fen,
            "tolerance_fen": o.tolerance_fen, "ratio": o.ratio, "units": o.units,
        })).collect::<Vec<_>>(),
        "tasks": p.tasks.iter().map(|t| serde_json::json!({
            "id": t.id, "title": t.title, "group": t.group, "owner": t.owner,
            "start": t.start.to_string(), "due": t.due.to_string(), "status": t.status.code(),
            "done_on": t.done_on.map(|d| d.to_string()),
            "depends_on": t.depends_on.iter().map(task_title).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "materials": p.materials.iter().map(|m| serde_json::json!({
            "id": m.id, "item": m.item, "quantity": m.quantity, "owner": m.owner,
            "due": m.due.to_string(), "status": m.status.code(), "done_on": m.done_on.map(|d| d.to_string()),
        })).collect::<Vec<_>>(),
    });
    json_out(out, &v)?;
    Ok(0)
}

pub(super) fn compliance(
    cli: &Cli,
    name: &str,
    format: Format,
    out: &mut impl Write,
) -> Result<i32, Fail> {
    let core = open(cli)?;
    let id = find(&core, name)?;
    let r = core.compliance(id)?;
    match format {
        Format::Json => {
            let rows: Vec<serde_json::Value> = r
                .violations
                .iter()
                .map(|v| {
                    serde_json::json!({
                        "date": v.date.to_string(), "region": v.region, "channel": v.channel,
                        "brand": v.brand, "product": v.product, "reporter": v.reporter,
                        "price_fen": v.price_fen, "limit_fen": v.limit_fen, "diff_fen": v.diff_fen,
                    })
                })
                .collect();
            json_out(out, &serde_json::Value::Array(rows))?;
        }
        Format::Csv => {
            let headers = [
                "date",
                "region",
                "channel",
                "brand",
                "product",
                "reporter",
                "price_fen",
                "limit_fen",
                "diff_fen",
            ];
            let rows = r.violations.iter().map(|v| {
                vec![
                    v.date.to_string(),
                    v.region.clone(),
                    v.channel.clone(),
                    v.brand.clone(),
                    v.product.clone(),
                    v.reporter.clone(),
                    v.price_fen.to_string(),
                    v.limit_fen.to_string(),
                    v.diff_fen.to_string(),
                ]
            });
            write_csv(out, &headers, rows)?;
        }
        Format::Table => {
            writeln!(
                out,
                "活动 campaign {} – {} · 检查 checked {} · 违规 violations {}",
                r.from,
                r.to,
                r.checked,
                r.violations.len()
            )
            .map_err(io)?;
            for g in &r.regions {
                writeln!(
                    out,
                    "  {}: 检查 {} · 违规 {} · 最大 largest {} · 平均 mean {}",
                    g.region,
                    g.checked,
                    g.violations,
                    g.largest_diff_fen.map_or("—".into(), signed_yuan),
                    g.mean_diff_fen.map_or("—".into(), signed_yuan)
                )
                .map_err(io)?;
            }
            for v in &r.violations {
                writeln!(
                    out,
                    "{}  {} · {} · {} {} · {}  {} vs {}  {}",
                    v.date,
                    v.region,
                    v.channel,
                    v.brand,
                    v.product,
                    v.reporter,
                    format_yuan(v.price_fen),
                    format_yuan(v.limit_fen),
                    signed_yuan(v.diff_fen)
                )
                .map_err(io)?;
            }
        }
    }
    Ok(0)
}

fn signed_yuan(fen: i64) -> String {
    if fen > 0 {
        format!("+{}", format_yuan(fen))
    } else {
        format_yuan(fen)
    }
}

pub(super) fn ics(
    cli: &Cli,
    file: &Path,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    lang: LangArg,
    out: &mut impl Write,
) -> Result<i32, Fail> {
    if file
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_lowercase)
        .as_deref()
        != Some("ics")
    {
        return Err(Fail(
            2,
            AppError::invalid(
                "out",
                "日历文件的扩展名应为 .ics。",
                "The calendar file must end in .ics.",
            ),
        ));
    }
    let core = open(cli)?;
    core.use_lang(match lang {
        LangArg::Zh => Lang::ZhCn,
        LangArg::En => Lang::En,
    });
    let n = core.export_ics(from, to, file).map_err(|e| match e {
        AppError::Invalid { .. } => Fail(2, e),
        e => Fail(1, e),
    })?;
    writeln!(
        out,
        "已导出 {n} 个日历事件 calendar events exported: {}",
        file.display()
    )
    .map_err(io)?;
    Ok(0)
}

pub(super) fn brief(
    cli: &Cli,
    name: &str,
    file: &Path,
    lang: LangArg,
    out: &mut impl Write,
) -> Result<i32, Fail> {
    let core = open(cli)?;
    let id = find(&core, name)?;
    core.use_lang(match lang {
        LangArg::Zh => Lang::ZhCn,
        LangArg::En => Lang::En,
    });
    let files = core
        .export_brief(id, file, &mut |_, _| {})
        .map_err(|e| match e {
            AppError::Invalid { .. } => Fail(2, e),
            e => Fail(1, e),
        })?;
    writeln!(out, "已导出简报 brief written: {}", files.files.join(", ")).map_err(io)?;
    if !files.missing_glyphs.is_empty() {
        eprintln!(
            "注意：内置字体没有这些字符，PDF 中显示为方框 / not in the bundled font, drawn as boxes: {}",
            files.missing_glyphs
        );
    }
    Ok(0)
}

pub(super) fn import_sheet(
    cli: &Cli,
    campaign: Option<&String>,
    args: &ImportArgs,
    out: &mut impl Write,
) -> Result<i32, Fail> {
    let core = open(cli)?;
    let id = match campaign {
        Some(name) => Some(find(&core, name)?),
        None => None,
    };
    let created = if id.is_some() {
        "brands_and_products"
    } else {
        "campaigns"
    };
    super::sheet_import(args, created, out, |file, sheet, dry| match id {
        Some(id) => core.import_limits_file(id, file, sheet, dry),
        None => core.import_schedule_file(file, sheet, dry),
    })
}
