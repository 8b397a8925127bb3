//! Price-report import: header detection with aliases, row checks with reasons that name the
//! column as it appears in the file, and the write of one batch (or nothing).

use super::parse::{date_from_serial, parse_date_text, parse_price_text, price_from_number};
use super::read::{refuse, Cell, Row};
use super::CancelToken;
use crate::error::{AppError, AppResult};
use crate::i18n::{self, Lang};
use crate::store::{now_text, Store};
use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use ts_rs::TS;

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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Date,
    Region,
    Brand,
    Product,
    Channel,
    Regular,
    Promo,
    Reporter,
    Note,
}

const ALIASES: &[(Field, &[&str])] = &[
    (Field::Date, &["日期", "观察日期", "调查日期", "date"]),
    (
        Field::Region,
        &["地区", "区域", "省份", "省", "region", "province"],
    ),
    (Field::Brand, &["品牌", "厂家", "brand"]),
    (
        Field::Product,
        &[
            "型号",
            "产品",
            "产品型号",
            "车型",
            "品名",
            "product",
            "model",
        ],
    ),
    (Field::Channel, &["渠道", "销售渠道", "终端", "channel"]),
    (
        Field::Regular,
        &[
            "零售价",
            "价格",
            "终端价",
            "成交价",
            "price",
            "regularprice",
        ],
    ),
    (
        Field::Promo,
        &["促销价", "特价", "活动价", "promoprice", "promo"],
    ),
    (
        Field::Reporter,
        &["报告人", "反馈人", "业务员", "来源", "reporter"],
    ),
    (Field::Note, &["备注", "说明", "note", "notes"]),
];

/// Header text → canonical form: no spaces, no unit in brackets ("零售价（元）"), lower case.
fn normalize_header(s: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in s.chars() {
        match c {
            '(' | '（' | '[' | '【' => depth += 1,
            ')' | '）' | ']' | '】' => depth = (depth - 1).max(0),
            c if depth == 0 && !c.is_whitespace() && !matches!(c, ':' | '：' | '_' | '-') => {
                out.extend(c.to_lowercase())
            }
            _ => {}
        }
    }
    out
}

fn field_of(header: &str) -> Option<Field> {
    let h = normalize_header(header);
    ALIASES
        .iter()
        .find(|(_, names)| names.contains(&h.as_str()))
        .map(|(f, _)| *f)
}

impl ColumnMapping {
    fn get(&self, f: Field) -> Option<u32> {
        match f {
            Field::Date => self.date,
            Field::Region => self.region,
            Field::Brand => self.brand,
            Field::Product => self.product,
            Field::Channel => self.channel,
            Field::Regular => self.regular,
            Field::Promo => self.promo,
            Field::Reporter => self.reporter,
            Field::Note => self.note,
        }
    }

    fn set(&mut self, f: Field, col: u32) {
        let slot = match f {
            Field::Date => &mut self.date,
            Field::Region => &mut self.region,
            Field::Brand => &mut self.brand,
            Field::Product => &mut self.product,
            Field::Channel => &mut self.channel,
            Field::Regular => &mut self.regular,
            Field::Promo => &mut self.promo,
            Field::Reporter => &mut self.reporter,
            Field::Note => &mut self.note,
        };
        if slot.is_none() {
            *slot = Some(col);
        }
    }

    fn count(&self) -> usize {
        [
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
        .iter()
        .filter(|c| c.is_some())
        .count()
    }
}

fn field_names(f: Field) -> (&'static str, &'static str) {
    match f {
        Field::Date => ("日期", "date"),
        Field::Region => ("地区", "region"),
        Field::Brand => ("品牌", "brand"),
        Field::Product => ("型号", "product"),
        Field::Channel => ("渠道", "channel"),
        Field::Regular => ("零售价", "regular price"),
        Field::Promo => ("促销价", "promo price"),
        Field::Reporter => ("报告人", "reporter"),
        Field::Note => ("备注", "note"),
    }
}

const REQUIRED: [Field; 5] = [
    Field::Date,
    Field::Region,
    Field::Brand,
    Field::Product,
    Field::Regular,
];

/// The header row (index into `rows`), its texts and the detected mapping.
pub struct Header {
    pub index: usize,
    pub texts: Vec<String>,
    pub mapping: ColumnMapping,
}

/// Look for the header in the first 10 rows; title rows above it are skipped.
pub fn detect_header(rows: &[Row]) -> AppResult<Header> {
    let mut best: Option<Header> = None;
    for (index, row) in rows.iter().take(10).enumerate() {
        let mut mapping = ColumnMapping::default();
        for (c, cell) in row.cells.iter().enumerate() {
            if let Cell::Text(t) = cell {
                if let Some(f) = field_of(t) {
                    mapping.set(f, c as u32);
                }
            }
        }
        if mapping.count() >= 3
            && best
                .as_ref()
                .is_none_or(|b| mapping.count() > b.mapping.count())
        {
            best = Some(Header {
                index,
                texts: row.cells.iter().map(Cell::display).collect(),
                mapping,
            });
            if REQUIRED
                .iter()
                .all(|f| best.as_ref().and_then(|b| b.mapping.get(*f)).is_some())
            {
                break;
            }
        }
    }
    let Some(header) = best else {
        return Err(refuse(
            "这不是价格报表：前 10 行里找不到表头（需要 日期、地区、品牌、型号、零售价 等列）。",
            "This is not a price report: no header in the first 10 rows (expected columns such as date, region, brand, product, price).",
        ));
    };
    check_required(&header.mapping)?;
    Ok(header)
}

fn check_required(m: &ColumnMapping) -> AppResult<()> {
    let missing: Vec<Field> = REQUIRED
        .iter()
        .copied()
        .filter(|f| m.get(*f).is_none())
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let zh: Vec<&str> = missing.iter().map(|f| field_names(*f).0).collect();
    let en: Vec<&str> = missing.iter().map(|f| field_names(*f).1).collect();
    Err(AppError::invalid(
        "mapping",
        format!("表头缺少必需的列：{}。请检查表头，或在预览中指定对应的列。", zh.join("、")),
        format!("The header lacks required columns: {}. Check the header or choose the columns in the preview.", en.join(", ")),
    ))
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Rejection {
    /// 1-based row number as shown in Excel.
    #[ts(type = "number")]
    pub row: usize,
    /// The column's header text as it appears in the file.
    pub column: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedRow {
    pub row: usize,
    pub date: NaiveDate,
    pub region: String,
    pub brand: String,
    pub product: String,
    pub channel: String,
    pub regular_fen: i64,
    pub promo_fen: Option<i64>,
    pub reporter: String,
    pub note: String,
}

fn cell(row: &Row, col: Option<u32>) -> &Cell {
    static EMPTY: Cell = Cell::Empty;
    col.and_then(|c| row.cells.get(c as usize))
        .unwrap_or(&EMPTY)
}

fn text_of(row: &Row, col: Option<u32>) -> String {
    cell(row, col).display()
}

enum PriceCell {
    Missing,
    Bad,
    Fen(i64),
}

fn price_of(c: &Cell) -> PriceCell {
    match c {
        Cell::Empty => PriceCell::Missing,
        Cell::Text(t) if t.trim().is_empty() => PriceCell::Missing,
        Cell::Text(t) => parse_price_text(t).map_or(PriceCell::Bad, PriceCell::Fen),
        Cell::Number(n) => price_from_number(*n).map_or(PriceCell::Bad, PriceCell::Fen),
        Cell::Date(_) => PriceCell::Bad,
    }
}

/// Check one data row; Err names the first problem.
pub fn parse_row(row: &Row, header: &Header, lang: Lang) -> Result<ParsedRow, Rejection> {
    let m = &header.mapping;
    let col_name = |f: Field| -> String {
        m.get(f)
            .and_then(|c| header.texts.get(c as usize))
            .cloned()
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| lang.pick(field_names(f).0, field_names(f).1).to_string())
    };
    let reject = |f: Field, zh: String, en: String| Rejection {
        row: row.number,
        column: col_name(f),
        reason: match lang {
            Lang::ZhCn => zh,
            Lang::En => en,
        },
    };
    let date_cell = cell(row, m.date);
    let date = match date_cell {
        Cell::Empty => {
            return Err(reject(
                Field::Date,
                "缺少日期".into(),
                "date is missing".into(),
            ))
        }
        Cell::Date(d) => *d,
        Cell::Number(n) => date_from_serial(*n).ok_or_else(|| {
            reject(
                Field::Date,
                format!("日期无效：{n}"),
                format!("not a valid date: {n}"),
            )
        })?,
        Cell::Text(t) => parse_date_text(t).ok_or_else(|| {
            reject(
                Field::Date,
                format!("日期无效或不存在：{}", t.trim()),
                format!("impossible or unreadable date: {}", t.trim()),
            )
        })?,
    };
    let required_text = |f: Field| -> Result<String, Rejection> {
        let t = text_of(row, m.get(f));
        if t.is_empty() {
            let c = col_name(f);
            Err(reject(f, format!("缺少{c}"), format!("{c} is missing")))
        } else {
            Ok(t)
        }
    };
    let region = required_text(Field::Region)?;
    let brand = required_text(Field::Brand)?;
    let product = required_text(Field::Product)?;
    let regular_fen = match price_of(cell(row, m.regular)) {
        PriceCell::Missing => {
            return Err(reject(
                Field::Regular,
                "缺少价格".into(),
                "price is missing".into(),
            ))
        }
        PriceCell::Bad => {
            let shown = text_of(row, m.regular);
            return Err(reject(
                Field::Regular,
                format!("价格无法识别：{shown}"),
                format!("price cannot be read: {shown}"),
            ));
        }
        PriceCell::Fen(0) => {
            return Err(reject(
                Field::Regular,
                "价格必须大于 0".into(),
                "price must be above 0".into(),
            ))
        }
        PriceCell::Fen(f) => f,
    };
    let promo_fen = match price_of(cell(row, m.promo)) {
        PriceCell::Missing => None,
        PriceCell::Bad => {
            let shown = text_of(row, m.promo);
            return Err(reject(
                Field::Promo,
                format!("促销价无法识别：{shown}"),
                format!("promo price cannot be read: {shown}"),
            ));
        }
        PriceCell::Fen(0) => {
            return Err(reject(
                Field::Promo,
                "促销价必须大于 0".into(),
                "promo price must be above 0".into(),
            ))
        }
        PriceCell::Fen(p) if p > regular_fen => {
            return Err(reject(
                Field::Promo,
                format!(
                    "促销价 {} 高于零售价 {}",
                    super::parse::format_yuan(p),
                    super::parse::format_yuan(regular_fen)
                ),
                format!(
                    "promo price {} is above the regular price {}",
                    super::parse::format_yuan(p),
                    super::parse::format_yuan(regular_fen)
                ),
            ))
        }
        PriceCell::Fen(p) => Some(p),
    };
    let channel = text_of(row, m.channel);
    Ok(ParsedRow {
        row: row.number,
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
        reporter: text_of(row, m.reporter),
        note: text_of(row, m.note),
    })
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Created {
    pub brands: Vec<String>,
    pub products: Vec<String>,
    pub regions: Vec<String>,
    pub channels: Vec<String>,
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

/// A name in the file mapped onto something already stored instead of creating it
/// (e.g. the file says “Yadi” and the user means the stored brand 雅迪).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[ts(export)]
pub struct NameMapping {
    /// "brand" | "product" | "region" | "channel"
    pub kind: String,
    /// As listed under `created` in the preview ("雅迪 Q7" for a product).
    pub name: String,
    #[ts(type = "number")]
    pub to_id: i64,
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[ts(export)]
pub struct ImportOptions {
    /// Override the detected columns (from the preview).
    pub mapping: Option<ColumnMapping>,
    /// Names to map onto existing records instead of creating them.
    #[serde(default)]
    pub mapped: Vec<NameMapping>,
    /// Check and count everything, write nothing.
    pub dry_run: bool,
}

/// Everything an import needs to know about one file before touching the store.
pub struct Checked {
    pub header: Header,
    pub rows_read: usize,
    pub valid: Vec<ParsedRow>,
    pub rejected: Vec<Rejection>,
}

pub fn check_rows(rows: &[Row], mapping: Option<ColumnMapping>, lang: Lang) -> AppResult<Checked> {
    let mut header = detect_header(rows)?;
    if let Some(m) = mapping {
        check_required(&m)?;
        header.mapping = m;
    }
    let data = &rows[header.index + 1..];
    let mut valid = Vec::with_capacity(data.len());
    let mut rejected = Vec::new();
    for row in data {
        match parse_row(row, &header, lang) {
            Ok(p) => valid.push(p),
            Err(r) => rejected.push(r),
        }
    }
    Ok(Checked {
        rows_read: data.len(),
        header,
        valid,
        rejected,
    })
}

/// Lookups that remember what they created, so a 100 k-row file asks SQLite once per name.
struct Resolver {
    mapped: Vec<NameMapping>,
    brands: HashMap<String, i64>,
    products: HashMap<(i64, String), i64>,
    regions: HashMap<String, i64>,
    channels: HashMap<String, i64>,
    created: Created,
    now: String,
    /// Records created here remember the batch, so undoing it can take them back.
    batch_id: i64,
}

impl Resolver {
    fn new(mapped: Vec<NameMapping>, batch_id: i64) -> Self {
        Resolver {
            mapped,
            brands: HashMap::new(),
            products: HashMap::new(),
            regions: HashMap::new(),
            channels: HashMap::new(),
            created: Created::default(),
            now: now_text(),
            batch_id,
        }
    }

    /// The stored record for a name: the user's mapping from the preview first, then a lookup.
    fn find(
        &self,
        tx: &Transaction<'_>,
        kind: &str,
        listed_as: &str,
        sql: &str,
        args: impl rusqlite::Params,
    ) -> AppResult<Option<i64>> {
        if let Some(m) = self
            .mapped
            .iter()
            .find(|m| m.kind == kind && m.name == listed_as)
        {
            return Ok(Some(m.to_id));
        }
        Ok(tx
            .prepare_cached(sql)?
            .query_row(args, |r| r.get(0))
            .optional()?)
    }

    fn brand(&mut self, tx: &Transaction<'_>, name: &str) -> AppResult<i64> {
        let key = name.to_lowercase();
        if let Some(id) = self.brands.get(&key) {
            return Ok(*id);
        }
        let sql = "SELECT id FROM brands WHERE name = ?1 COLLATE NOCASE";
        let id = match self.find(tx, "brand", name, sql, [name])? {
            Some(id) => id,
            None => {
                tx.prepare_cached(
                    "INSERT INTO brands (name, is_own, notes, created_at, created_batch_id) VALUES (?1, 0, '', ?2, ?3)",
                )?
                .execute(params![name, self.now, self.batch_id])?;
                self.created.brands.push(name.to_string());
                tx.last_insert_rowid()
            }
        };
        self.brands.insert(key, id);
        Ok(id)
    }

    fn product(
        &mut self,
        tx: &Transaction<'_>,
        brand: &str,
        brand_id: i64,
        model: &str,
    ) -> AppResult<i64> {
        let key = (brand_id, model.to_lowercase());
        if let Some(id) = self.products.get(&key) {
            return Ok(*id);
        }
        let listed_as = format!("{brand} {model}");
        let sql = "SELECT id FROM products WHERE brand_id = ?1 AND model = ?2 COLLATE NOCASE";
        let id = match self.find(tx, "product", &listed_as, sql, params![brand_id, model])? {
            Some(id) => id,
            None => {
                tx.prepare_cached(
                    "INSERT INTO products (brand_id, model, created_at, created_batch_id) VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(params![brand_id, model, self.now, self.batch_id])?;
                self.created.products.push(listed_as);
                tx.last_insert_rowid()
            }
        };
        self.products.insert(key, id);
        Ok(id)
    }

    fn region(&mut self, tx: &Transaction<'_>, name: &str) -> AppResult<i64> {
        if let Some(id) = self.regions.get(name) {
            return Ok(*id);
        }
        let sql = "SELECT id FROM regions WHERE name = ?1 OR short_name = ?1 OR name_en = ?1 COLLATE NOCASE LIMIT 1";
        let id = match self.find(tx, "region", name, sql, [name])? {
            Some(id) => id,
            None => {
                tx.prepare_cached(
                    "INSERT INTO regions (name, short_name, name_en, kind, created_at, created_batch_id) VALUES (?1, ?1, '', 'sales_region', ?2, ?3)",
                )?
                .execute(params![name, self.now, self.batch_id])?;
                self.created.regions.push(name.to_string());
                tx.last_insert_rowid()
            }
        };
        self.regions.insert(name.to_string(), id);
        Ok(id)
    }

    fn channel(&mut self, tx: &Transaction<'_>, name: &str) -> AppResult<i64> {
        let key = name.to_lowercase();
        if let Some(id) = self.channels.get(&key) {
            return Ok(*id);
        }
        let sql =
            "SELECT id FROM channels WHERE name = ?1 COLLATE NOCASE OR name_en = ?1 COLLATE NOCASE";
        let id = match self.find(tx, "channel", name, sql, [name])? {
            Some(id) => id,
            None => {
                tx.prepare_cached(
                    "INSERT INTO channels (name, builtin, created_batch_id) VALUES (?1, 0, ?2)",
                )?
                .execute(params![name, self.batch_id])?;
                self.created.channels.push(name.to_string());
                tx.last_insert_rowid()
            }
        };
        self.channels.insert(key, id);
        Ok(id)
    }
}

/// Progress: (rows done, rows total).
pub type Progress<'a> = &'a mut dyn FnMut(usize, usize);

/// Import checked rows as one batch. A dry run (or a cancel) rolls everything back.
pub fn import_rows(
    store: &mut Store,
    file_name: &str,
    rows: &[Row],
    opts: &ImportOptions,
    cancel: &CancelToken,
    progress: Progress<'_>,
) -> AppResult<ImportReport> {
    let lang = i18n::current();
    let checked = check_rows(rows, opts.mapping.clone(), lang)?;
    let total = checked.valid.len();
    let tx = store.transaction()?;
    tx.execute(
        "INSERT INTO import_batches (file_name, imported_at) VALUES (?1, ?2)",
        params![file_name, now_text()],
    )?;
    let batch_id = tx.last_insert_rowid();
    let mut resolver = Resolver::new(opts.mapped.clone(), batch_id);
    let (mut imported, mut duplicates) = (0usize, 0usize);
    {
        let mut insert = tx.prepare_cached(
            "INSERT OR IGNORE INTO price_observations
               (product_id, region_id, channel_id, observed_on, regular_fen, promo_fen, reporter, note, batch_id, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?;
        for (i, r) in checked.valid.iter().enumerate() {
            if i % 2000 == 0 {
                if cancel.is_cancelled() {
                    return Err(AppError::Cancelled);
                }
                progress(i, total);
            }
            let brand_id = resolver.brand(&tx, &r.brand)?;
            let product_id = resolver.product(&tx, &r.brand, brand_id, &r.product)?;
            let region_id = resolver.region(&tx, &r.region)?;
            let channel_id = resolver.channel(&tx, &r.channel)?;
            let n = insert.execute(params![
                product_id,
                region_id,
                channel_id,
                r.date.format("%Y-%m-%d").to_string(),
                r.regular_fen,
                r.promo_fen,
                r.reporter,
                r.note,
                batch_id,
                resolver.now,
            ])?;
            if n == 1 {
                imported += 1;
            } else {
                duplicates += 1;
            }
        }
    }
    progress(total, total);
    // The chart's daily series, for the whole batch at once (see migration 0003).
    tx.execute(
        "INSERT INTO price_daily (product_id, region_id, observed_on, low_fen, sightings)
         SELECT product_id, region_id, observed_on, min(effective_fen), count(*)
         FROM price_observations WHERE batch_id = ?1
         GROUP BY product_id, observed_on, region_id
         ON CONFLICT DO UPDATE SET low_fen = min(low_fen, excluded.low_fen),
                                   sightings = sightings + excluded.sightings",
        [batch_id],
    )?;
    tx.execute(
        "UPDATE import_batches SET rows_read = ?2, imported = ?3, duplicates = ?4, rejected = ?5 WHERE id = ?1",
        params![batch_id, checked.rows_read as i64, imported as i64, duplicates as i64, checked.rejected.len() as i64],
    )?;
    if cancel.is_cancelled() {
        return Err(AppError::Cancelled);
    }
    if opts.dry_run {
        drop(tx);
    } else {
        tx.commit()?;
    }
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
        file_name: file_name.to_string(),
        header_row: rows.get(checked.header.index).map_or(0, |r| r.number),
        headers: checked.header.texts,
        mapping: checked.header.mapping,
        rows_read: checked.rows_read,
        imported,
        duplicates,
        rejected: checked.rejected,
        created: resolver.created,
        preview,
        dry_run: opts.dry_run,
        batch_id: (!opts.dry_run).then_some(batch_id),
    })
}
