//! The competitors area's exports: the holiday price-moves table as an Excel workbook.

use crate::domain::competitors::MovesResult;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use rust_xlsxwriter::{Format, Workbook};
use std::path::Path;

fn xlsx_err(e: rust_xlsxwriter::XlsxError) -> AppError {
    AppError::Internal(format!("xlsx: {e}"))
}

/// The holiday price-moves table as a workbook: prices in yuan with a ¥ format (exact: fen/100
/// has at most two decimals), change as a percentage, both sighting counts.
pub fn moves_xlsx(result: &MovesResult, lang: Lang, path: &Path) -> AppResult<()> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet
        .set_name(lang.pick("节日价格变动", "Holiday price moves"))
        .map_err(xlsx_err)?;
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("¥#,##0.00");
    let pct = Format::new().set_num_format("+0.00%;-0.00%;0.00%");
    let title = match lang {
        Lang::ZhCn => format!(
            "窗口 {} 至 {}；基准期 {} 至 {}（中位数）；阈值 ±{:.2}%",
            result.from, result.to, result.baseline_from, result.baseline_to, result.threshold_pct
        ),
        Lang::En => format!(
            "Window {} to {}; baseline {} to {} (median); threshold ±{:.2}%",
            result.from, result.to, result.baseline_from, result.baseline_to, result.threshold_pct
        ),
    };
    sheet
        .write_string_with_format(0, 0, &title, &bold)
        .map_err(xlsx_err)?;
    let headers: [&str; 9] = match lang {
        Lang::ZhCn => [
            "品牌",
            "型号",
            "区域",
            "渠道",
            "基准价",
            "窗口价",
            "变动",
            "基准期观察数",
            "窗口期观察数",
        ],
        Lang::En => [
            "Brand",
            "Model",
            "Region",
            "Channel",
            "Baseline",
            "Window",
            "Change",
            "Baseline sightings",
            "Window sightings",
        ],
    };
    for (c, h) in headers.iter().enumerate() {
        sheet
            .write_string_with_format(2, c as u16, *h, &bold)
            .map_err(xlsx_err)?;
    }
    for (i, m) in result.moves.iter().enumerate() {
        let r = 3 + i as u32;
        sheet.write_string(r, 0, &m.brand).map_err(xlsx_err)?;
        sheet.write_string(r, 1, &m.product).map_err(xlsx_err)?;
        sheet.write_string(r, 2, &m.region).map_err(xlsx_err)?;
        sheet.write_string(r, 3, &m.channel).map_err(xlsx_err)?;
        sheet
            .write_number_with_format(r, 4, m.baseline_fen as f64 / 100.0, &money)
            .map_err(xlsx_err)?;
        sheet
            .write_number_with_format(r, 5, m.window_fen as f64 / 100.0, &money)
            .map_err(xlsx_err)?;
        sheet
            .write_number_with_format(r, 6, m.change_pct / 100.0, &pct)
            .map_err(xlsx_err)?;
        sheet
            .write_number(r, 7, m.baseline_obs as f64)
            .map_err(xlsx_err)?;
        sheet
            .write_number(r, 8, m.window_obs as f64)
            .map_err(xlsx_err)?;
    }
    sheet.set_column_width(0, 10).map_err(xlsx_err)?;
    sheet.set_column_width(1, 14).map_err(xlsx_err)?;
    for c in 4..=8 {
        sheet.set_column_width(c, 14).map_err(xlsx_err)?;
    }
    book.save(path).map_err(|e| match e {
        rust_xlsxwriter::XlsxError::IoError(io) => AppError::io(path, io),
        other => xlsx_err(other),
    })
}
