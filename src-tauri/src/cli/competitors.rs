//! The competitors area's subcommands: `import prices` (a regional price report) and `moves`
//! (holiday price moves).

use super::{io, open, write_csv, Cli, Fail, Format, ImportArgs};
use crate::domain::competitors::MovesQuery;
use crate::domain::value::format_yuan;
use crate::import::competitors::{ImportOptions, ImportReport};
use std::io::Write;

pub(super) fn import_prices(
    cli: &Cli,
    args: &ImportArgs,
    out: &mut impl Write,
) -> Result<i32, Fail> {
    let ImportArgs {
        file,
        sheet,
        dry_run,
        strict,
        format,
    } = args;
    let (dry_run, strict, format) = (*dry_run, *strict, *format);
    let core = open(cli)?;
    let options = |dry_run: bool| ImportOptions {
        sheet: sheet.clone(),
        dry_run,
        ..Default::default()
    };
    let mut report = core.import_file(file, &options(dry_run || strict), &mut |_, _| {})?;
    let code = if strict && !report.rejected.is_empty() {
        1
    } else {
        if strict && !dry_run {
            report = core.import_file(file, &options(false), &mut |_, _| {})?;
        }
        0
    };
    match format {
        Format::Json => {
            writeln!(out, "{}", report_json(&report)).map_err(io)?;
        }
        Format::Table | Format::Csv => {
            print_report(&report, strict && code == 1, out).map_err(io)?
        }
    }
    Ok(code)
}

/// The CLI's JSON contract for an import.
pub fn report_json(r: &ImportReport) -> serde_json::Value {
    serde_json::json!({
        "sheet": r.sheet,
        "rows_read": r.rows_read,
        "imported": r.imported,
        "duplicates": r.duplicates,
        "rejected": r.rejected,
        "created": {
            "brands": r.created.brands,
            "products": r.created.products,
            "regions": r.created.regions,
        },
    })
}

fn print_report(r: &ImportReport, refused: bool, out: &mut impl Write) -> std::io::Result<()> {
    let verb = if r.dry_run {
        "将导入 would import"
    } else {
        "已导入 imported"
    };
    writeln!(
        out,
        "文件 file: {} (表头在第 {} 行 header on row {})",
        r.file_name, r.header_row, r.header_row
    )?;
    writeln!(out, "读取 rows read: {}", r.rows_read)?;
    writeln!(out, "{verb}: {}", if refused { 0 } else { r.imported })?;
    writeln!(out, "重复 duplicates: {}", r.duplicates)?;
    writeln!(out, "拒绝 rejected: {}", r.rejected.len())?;
    for x in &r.rejected {
        writeln!(
            out,
            "  第 {} 行 row {} · {} · {}",
            x.row, x.row, x.column, x.reason
        )?;
    }
    for (label, list) in [
        ("新品牌 new brands", &r.created.brands),
        ("新产品 new products", &r.created.products),
        ("新区域 new regions", &r.created.regions),
        ("新渠道 new channels", &r.created.channels),
    ] {
        if !list.is_empty() {
            writeln!(out, "{label}: {}", list.join("、"))?;
        }
    }
    if refused {
        writeln!(
            out,
            "--strict: 有被拒绝的行，未写入任何数据 rows were rejected; nothing was written"
        )?;
    }
    Ok(())
}

pub(super) fn moves(
    cli: &Cli,
    q: MovesQuery,
    format: Format,
    out: &mut impl Write,
) -> Result<i32, Fail> {
    let core = open(cli)?;
    let r = core.price_moves(q).map_err(|e| Fail(2, e))?;
    match format {
        Format::Json => {
            let rows: Vec<serde_json::Value> = r
                .moves
                .iter()
                .map(|m| {
                    serde_json::json!({
                        "brand": m.brand, "product": m.product, "region": m.region, "channel": m.channel,
                        "baseline_fen": m.baseline_fen, "window_fen": m.window_fen, "change_pct": m.change_pct,
                        "baseline_obs": m.baseline_obs, "window_obs": m.window_obs,
                    })
                })
                .collect();
            writeln!(out, "{}", serde_json::Value::Array(rows)).map_err(io)?;
        }
        Format::Csv => {
            let rows = r.moves.iter().map(|m| {
                vec![
                    m.brand.clone(),
                    m.product.clone(),
                    m.region.clone(),
                    m.channel.clone(),
                    m.baseline_fen.to_string(),
                    m.window_fen.to_string(),
                    format!("{:.2}", m.change_pct),
                    m.baseline_obs.to_string(),
                    m.window_obs.to_string(),
                ]
            });
            let headers = [
                "brand",
                "product",
                "region",
                "channel",
                "baseline_fen",
                "window_fen",
                "change_pct",
                "baseline_obs",
                "window_obs",
            ];
            write_csv(out, &headers, rows)?;
        }
        Format::Table => {
            writeln!(
                out,
                "窗口 window {} – {} · 基准 baseline {} – {} · 阈值 threshold ±{:.2} %",
                r.from, r.to, r.baseline_from, r.baseline_to, r.threshold_pct
            )
            .map_err(io)?;
            for m in &r.moves {
                writeln!(
                    out,
                    "{:+8.2} %  {} {} · {} · {}  {} → {}  (n={}/{})",
                    m.change_pct,
                    m.brand,
                    m.product,
                    m.region,
                    m.channel,
                    format_yuan(m.baseline_fen),
                    format_yuan(m.window_fen),
                    m.baseline_obs,
                    m.window_obs
                )
                .map_err(io)?;
            }
            let s = &r.summary;
            writeln!(
                out,
                "共 {} 组 groups: 上涨 rose {} · 下降 fell {} · 持平 stayed {} · 平均 mean {}",
                s.groups,
                s.rose,
                s.fell,
                s.stayed,
                s.mean_change_pct
                    .map_or("—".to_string(), |m| format!("{m:+.2} %"))
            )
            .map_err(io)?;
        }
    }
    Ok(0)
}
