//! Price reports 价格反馈表: the schema of the sheet (columns and their aliases), the row
//! checks with reasons that name the column as it appears in the file, and the report of
//! what an import did. The rows go to `store::competitors::write_sightings` as one batch.

use super::engine::{self, sheet_fields, Field, Rejection, RowReader, Run, Schema, Tally};
use super::read::{Row, Sheet};
use crate::domain::competitors::ReportedSighting;
use crate::error::AppResult;
use crate::i18n::Lang;
use crate::store::batches::BatchKind;
use crate::store::{competitors, Store};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use crate::store::competitors::{Created, NameMapping};

/// Which column holds what (0-based column index); `None` when the file has no such column.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ColumnMapping {
    pub date: Option<u32>,
    pub region: Option<u32>,
    pub brand: Option<u32>,
    pub product: Option<u32>,
    pub channel: Option<u32>,
    pub regular: Option<u32>,
    pub promo: Option<u32>,
    pub reporter: Option<u32>,
    pub note: Option<u32>,
}

sheet_fields! {
    /// The price report's columns, in the schema's order (and `ColumnMapping`'s).
    pub enum ReportCol {
        Date = Field {
                zh: "日期",
                en: "date",
                aliases: &["日期", "观察日期", "调查日期", "date"],
                required: true,
        },
        Region = Field {
                zh: "地区",
                en: "region",
                aliases: &["地区", "区域", "省份", "省", "region", "province"],
                required: true,
        },
        Brand = Field {
                zh: "品牌",
                en: "brand",
                aliases: &["品牌", "厂家", "brand"],
                required: true,
        },
        Product = Field {
                zh: "型号",
                en: "product",
                aliases: &[
                    "型号",
                    "产品",
                    "产品型号",
                    "车型",
                    "品名",
                    "product",
                    "model",
                ],
                required: true,
        },
        Channel = Field {
                zh: "渠道",
                en: "channel",
                aliases: &["渠道", "销售渠道", "终端", "channel"],
                required: false,
        },
        Regular = Field {
                zh: "零售价",
                en: "regular price",
                aliases: &[
                    "零售价",
                    "价格",
                    "终端价",
                    "成交价",
                    "price",
                    "regularprice",
                ],
                required: true,
        },
        Promo = Field {
                zh: "促销价",
                en: "promo price",
                aliases: &["促销价", "特价", "活动价", "promoprice", "promo"],
                required: false,
        },
        Reporter = Field {
                zh: "报告人",
                en: "reporter",
                aliases: &["报告人", "反馈人", "业务员", "来源", "reporter"],
                required: false,
        },
        Note = Field {
                zh: "备注",
                en: "note",
                aliases: &["备注", "说明", "note", "notes"],
                required: false,
        },
    }
}

pub const SCHEMA: Schema = Schema {
    fields: ReportCol::FIELDS,
    min_match: 3,
    not_this_zh: "这不是价格报表：前 10 行里找不到表头（需要 日期、地区、品牌、型号、零售价 等列）。",
    not_this_en: "This is not a price report: no header in the first 10 rows (expected columns such as date, region, brand, product, price).",
};

impl ColumnMapping {
    fn to_columns(&self) -> Vec<Option<u32>> {
        vec![
            self.date,
            self.region,
            self.brand,
            self.product,
            self.channel,
            self.regular,
            self.promo,
            self.reporter,
            self.note,
        ]
    }

    fn from_columns(c: &[Option<u32>]) -> ColumnMapping {
        let at = |f: ReportCol| c.get(usize::from(f)).copied().flatten();
        ColumnMapping {
            date: at(ReportCol::Date),
            region: at(ReportCol::Region),
            brand: at(ReportCol::Brand),
            product: at(ReportCol::Product),
            channel: at(ReportCol::Channel),
            regular: at(ReportCol::Regular),
            promo: at(ReportCol::Promo),
            reporter: at(ReportCol::Reporter),
            note: at(ReportCol::Note),
        }
    }
}

/// Check one data row; Err names the first problem.
fn parse_row(r: &RowReader<'_>) -> Result<ReportedSighting, Rejection> {
    let date = r
        .date(ReportCol::Date)?
        .ok_or_else(|| r.reject(ReportCol::Date, "缺少日期", "date is missing"))?;
    let region = r.required_text(ReportCol::Region)?;
    let brand = r.required_text(ReportCol::Brand)?;
    let product = r.required_text(ReportCol::Product)?;
    let regular_fen = r
        .positive_money(ReportCol::Regular, "价格", "price")?
        .ok_or_else(|| r.reject(ReportCol::Regular, "缺少价格", "price is missing"))?;
    let promo_fen = r.positive_money(ReportCol::Promo, "促销价", "promo price")?;
    if let Some(p) = promo_fen.filter(|p| *p > regular_fen) {
        let (p, reg) = (
            crate::domain::value::format_yuan(p),
            crate::domain::value::format_yuan(regular_fen),
        );
        return Err(r.reject(
            ReportCol::Promo,
            format!("促销价 {p} 高于零售价 {reg}"),
            format!("promo price {p} is above the regular price {reg}"),
        ));
    }
    let channel = r.text(ReportCol::Channel);
    Ok(ReportedSighting {
        row: r.number(),
        date,
        region,
        brand,
        product,
        channel: if channel.is_empty() {
            "其他".to_string()
        } else {
            channel
        },
        regular_fen,
        promo_fen,
        reporter: r.text(ReportCol::Reporter),
        note: r.text(ReportCol::Note),
    })
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PreviewRow {
    #[ts(type = "number")]
    pub row: usize,
    pub date: String,
    pub region: String,
    pub brand: String,
    pub product: String,
    pub channel: String,
    #[ts(type = "number")]
    pub regular_fen: i64,
    #[ts(type = "number | null")]
    pub promo_fen: Option<i64>,
}

/// What an import did (or, in a dry run or preview, would do).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ImportReport {
    pub file_name: String,
    /// The sheet read ("" for a text file) and every sheet whose header matches a price
    /// report (the preview offers a choice when there are several).
    pub sheet: String,
    pub sheets: Vec<String>,
    /// 1-based row number of the header.
    #[ts(type = "number")]
    pub header_row: usize,
    pub headers: Vec<String>,
    pub mapping: ColumnMapping,
    #[ts(type = "number")]
    pub rows_read: usize,
    #[ts(type = "number")]
    pub imported: usize,
    #[ts(type = "number")]
    pub duplicates: usize,
    pub rejected: Vec<Rejection>,
    pub created: Created,
    /// The first valid rows, for the preview.
    pub preview: Vec<PreviewRow>,
    pub dry_run: bool,
    #[ts(type = "number | null")]
    pub batch_id: Option<i64>,
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[ts(export)]
pub struct ImportOptions {
    /// The sheet to read (the preview's choice); none: the first that holds a price report.
    #[serde(default)]
    pub sheet: Option<String>,
    /// Override the detected columns (from the preview).
    pub mapping: Option<ColumnMapping>,
    /// Names to map onto existing records instead of creating them.
    #[serde(default)]
    pub mapped: Vec<NameMapping>,
    /// Check and count everything, write nothing.
    pub dry_run: bool,
}

/// Find the header and check every row; writes nothing.
pub fn check_rows(
    rows: &[Row],
    mapping: Option<ColumnMapping>,
    lang: Lang,
) -> AppResult<engine::Checked<ReportedSighting>> {
    engine::check_rows(
        rows,
        &SCHEMA,
        mapping.map(|m| m.to_columns()),
        lang,
        parse_row,
    )
}

/// Progress: (rows done, rows total).
pub type Progress<'a> = &'a mut dyn FnMut(usize, usize);

/// Import checked rows as one batch. A dry run (or a cancel) rolls everything back.
pub fn import_rows(
    store: &mut Store,
    run: &Run<'_>,
    sheets: &[Sheet],
    opts: &ImportOptions,
    progress: Progress<'_>,
) -> AppResult<ImportReport> {
    let picked = engine::pick_sheet(sheets, &SCHEMA, run)?;
    let rows = &picked.sheet.rows;
    let checked = check_rows(rows, opts.mapping.clone(), run.lang)?;
    let (batch_id, written) =
        engine::write_batch(store, BatchKind::Prices, run, &checked, |tx, id, valid| {
            let w =
                competitors::write_sightings(tx, id, valid, &opts.mapped, run.cancel, progress)?;
            let tally = Tally {
                imported: w.imported,
                duplicates: w.duplicates,
            };
            Ok((w, tally))
        })?;
    let preview = checked
        .valid
        .iter()
        .take(20)
        .map(|r| PreviewRow {
            row: r.row,
            date: r.date.format("%Y-%m-%d").to_string(),
            region: r.region.clone(),
            brand: r.brand.clone(),
            product: r.product.clone(),
            channel: r.channel.clone(),
            regular_fen: r.regular_fen,
            promo_fen: r.promo_fen,
        })
        .collect();
    Ok(ImportReport {
        file_name: run.file_name.to_string(),
        sheet: picked.sheet.name.clone(),
        sheets: picked.matching,
        header_row: engine::header_row_number(rows, &checked),
        headers: checked.header.texts,
        mapping: ColumnMapping::from_columns(&checked.header.columns),
        rows_read: checked.rows_read,
        imported: written.imported,
        duplicates: written.duplicates,
        rejected: checked.rejected,
        created: written.created,
        preview,
        dry_run: run.dry_run,
        batch_id,
    })
}
