//! The import engine: one way for every sheet the user already keeps in Excel (price reports,
//! campaign schedules, price-limit tables, and later rosters, sign-in sheets, budgets and
//! ledgers) to come in.
//!
//! `read` turns a file into rows of cells (encodings, title rows, caps); a [`Schema`] says
//! which columns a kind of sheet has and what their headers may be called; [`check_rows`]
//! finds the header, then hands each data row to the kind's row parser through a
//! [`RowReader`], which reads dates, money and text the way people type them and words a
//! rejection with the file's row number and the column's header as written. What comes out
//! are plain inputs; the area's `store` module writes them as one batch (`store::batches`),
//! in one transaction that a dry run or a cancel rolls back.

use super::read::{refuse, Cell, Row, Sheet};
use crate::context::CancelToken;
use crate::domain::reference::Region;
use crate::domain::value::{
    date_from_serial, parse_count_text, parse_date_text, parse_price_text, parse_time_text,
    price_from_number, time_from_fraction,
};
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::store::batches::{self, BatchKind};
use crate::store::Store;
use chrono::{NaiveDate, NaiveTime};
use serde::Serialize;
use std::collections::HashMap;
use ts_rs::TS;

/// One column a kind of sheet may have.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// Its name in the user's language, when the file's header cannot be shown.
    pub zh: &'static str,
    pub en: &'static str,
    /// Header texts that mean this column, in normalised form (see [`normalize_header`]).
    pub aliases: &'static [&'static str],
    pub required: bool,
}

/// A kind of sheet's columns, declared once (`sheet_fields!`): an enum whose variants name
/// the fields, each with its [`Field`] (names and header aliases), in the schema's order. Row
/// parsers read cells by the enum; there is no index to keep in step with the schema.
macro_rules! sheet_fields {
    ($(#[$meta:meta])* $vis:vis enum $name:ident {
        $($(#[$vmeta:meta])* $variant:ident = $field:expr),+ $(,)?
    }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        $vis enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every field, in the schema's order (the variants' order).
            pub const FIELDS: &'static [$crate::import::engine::Field] = &[$($field),+];
        }

        impl From<$name> for usize {
            fn from(f: $name) -> usize {
                f as usize
            }
        }
    };
}
pub(crate) use sheet_fields;

/// A kind of sheet: its columns (from its `sheet_fields!` enum) and what to say when a file
/// is not of this kind.
#[derive(Debug, Clone, Copy)]
pub struct Schema {
    pub fields: &'static [Field],
    /// A row counts as the header when at least this many columns are recognised.
    pub min_match: usize,
    pub not_this_zh: &'static str,
    pub not_this_en: &'static str,
}

/// Header text → canonical form: no spaces, no unit in brackets ("零售价（元）"), lower case.
pub fn normalize_header(s: &str) -> String {
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

impl Schema {
    fn field_of(&self, header: &str) -> Option<usize> {
        let h = normalize_header(header);
        self.fields
            .iter()
            .position(|f| f.aliases.contains(&h.as_str()))
    }

    /// The required columns a mapping lacks, as an error naming them.
    pub fn check_required(&self, columns: &[Option<u32>]) -> AppResult<()> {
        let missing: Vec<&Field> = self
            .fields
            .iter()
            .enumerate()
            .filter(|(i, f)| f.required && columns.get(*i).copied().flatten().is_none())
            .map(|(_, f)| f)
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        let zh: Vec<&str> = missing.iter().map(|f| f.zh).collect();
        let en: Vec<&str> = missing.iter().map(|f| f.en).collect();
        Err(AppError::invalid(
            "mapping",
            format!("表头缺少必需的列：{}。请检查表头，或在预览中指定对应的列。", zh.join("、")),
            format!("The header lacks required columns: {}. Check the header or choose the columns in the preview.", en.join(", ")),
        ))
    }
}

/// The header row (index into the rows), its texts and which column holds each field.
#[derive(Debug, Clone)]
pub struct Header {
    pub index: usize,
    pub texts: Vec<String>,
    /// Indexed like `Schema::fields`: the 0-based column, or `None` when the file lacks it.
    pub columns: Vec<Option<u32>>,
}

impl Header {
    pub fn col(&self, field: usize) -> Option<u32> {
        self.columns.get(field).copied().flatten()
    }
}

/// Look for the header in the first 10 rows; title rows above it are skipped. The row that
/// recognises the most columns wins; the search stops at one that has every required column.
pub fn detect_header(rows: &[Row], schema: &Schema) -> AppResult<Header> {
    let mut best: Option<(usize, Header)> = None;
    for (index, row) in rows.iter().take(10).enumerate() {
        let mut columns = vec![None; schema.fields.len()];
        for (c, cell) in row.cells.iter().enumerate() {
            if let Cell::Text(t) = cell {
                if let Some(f) = schema.field_of(t) {
                    if columns[f].is_none() {
                        columns[f] = Some(c as u32);
                    }
                }
            }
        }
        let count = columns.iter().filter(|c| c.is_some()).count();
        if count >= schema.min_match && best.as_ref().is_none_or(|(n, _)| count > *n) {
            let complete = schema.check_required(&columns).is_ok();
            best = Some((
                count,
                Header {
                    index,
                    texts: row.cells.iter().map(Cell::display).collect(),
                    columns,
                },
            ));
            if complete {
                break;
            }
        }
    }
    let Some((_, header)) = best else {
        return Err(refuse(schema.not_this_zh, schema.not_this_en));
    };
    schema.check_required(&header.columns)?;
    Ok(header)
}

/// A row that was not imported: where (row as in Excel, column as headed in the file) and why.
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

/// A money cell: absent, unreadable, or fen.
pub enum Money {
    Missing,
    Bad(String),
    Fen(i64),
}

/// One data row as a kind's parser sees it: cells by field, read the way people type them.
pub struct RowReader<'a> {
    pub row: &'a Row,
    header: &'a Header,
    schema: &'a Schema,
    pub lang: Lang,
}

impl RowReader<'_> {
    pub fn number(&self) -> usize {
        self.row.number
    }

    pub fn cell(&self, f: impl Into<usize>) -> &Cell {
        let f: usize = f.into();
        static EMPTY: Cell = Cell::Empty;
        self.header
            .col(f)
            .and_then(|c| self.row.cells.get(c as usize))
            .unwrap_or(&EMPTY)
    }

    /// The cell as the user reads it, trimmed ("" when empty or absent).
    pub fn text(&self, f: impl Into<usize>) -> String {
        let f: usize = f.into();
        self.cell(f).display()
    }

    /// The column's header as written in the file, else the field's name.
    pub fn column_name(&self, f: impl Into<usize>) -> String {
        let f: usize = f.into();
        self.header
            .col(f)
            .and_then(|c| self.header.texts.get(c as usize))
            .cloned()
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| {
                let field = &self.schema.fields[f];
                self.lang.pick(field.zh, field.en).to_string()
            })
    }

    pub fn reject(
        &self,
        f: impl Into<usize>,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) -> Rejection {
        let f: usize = f.into();
        Rejection {
            row: self.row.number,
            column: self.column_name(f),
            reason: match self.lang {
                Lang::ZhCn => zh.into(),
                Lang::En => en.into(),
            },
        }
    }

    /// Text that must be there: "缺少{column}" otherwise.
    pub fn required_text(&self, f: impl Into<usize>) -> Result<String, Rejection> {
        let f: usize = f.into();
        let t = self.text(f);
        if t.is_empty() {
            let c = self.column_name(f);
            Err(self.reject(f, format!("缺少{c}"), format!("{c} is missing")))
        } else {
            Ok(t)
        }
    }

    /// A date cell: `None` when empty; a date typed as text, an Excel date or serial number.
    pub fn date(&self, f: impl Into<usize>) -> Result<Option<NaiveDate>, Rejection> {
        let f: usize = f.into();
        match self.cell(f) {
            Cell::Empty => Ok(None),
            Cell::Text(t) if t.trim().is_empty() => Ok(None),
            Cell::Date(d) => Ok(Some(*d)),
            Cell::Number(n) => date_from_serial(*n).map(Some).ok_or_else(|| {
                self.reject(
                    f,
                    format!("日期无效：{n}"),
                    format!("not a valid date: {n}"),
                )
            }),
            Cell::Text(t) => parse_date_text(t).map(Some).ok_or_else(|| {
                self.reject(
                    f,
                    format!("日期无效或不存在：{}", t.trim()),
                    format!("impossible or unreadable date: {}", t.trim()),
                )
            }),
        }
    }

    /// A time-of-day cell: `None` when empty; "9:00", "9点半" as text, or an Excel time.
    pub fn time(&self, f: impl Into<usize>) -> Result<Option<NaiveTime>, Rejection> {
        let f: usize = f.into();
        let bad = |shown: String| {
            self.reject(
                f,
                format!("时间无法识别：{shown}（应写成 09:30 这样的形式）"),
                format!("unreadable time: {shown} (write it like 09:30)"),
            )
        };
        match self.cell(f) {
            Cell::Empty => Ok(None),
            Cell::Text(t) if t.trim().is_empty() => Ok(None),
            Cell::Text(t) => parse_time_text(t)
                .map(Some)
                .ok_or_else(|| bad(t.trim().to_string())),
            Cell::Number(n) if (0.0..1.0).contains(n) => time_from_fraction(*n)
                .map(Some)
                .ok_or_else(|| bad(n.to_string())),
            other => Err(bad(other.display())),
        }
    }

    /// A money cell as typed (￥3,399 / 3399元 / 3399.5).
    pub fn money(&self, f: impl Into<usize>) -> Money {
        let f: usize = f.into();
        match self.cell(f) {
            Cell::Empty => Money::Missing,
            Cell::Text(t) if t.trim().is_empty() => Money::Missing,
            Cell::Text(t) => parse_price_text(t).map_or(Money::Bad(t.trim().into()), Money::Fen),
            Cell::Number(n) => price_from_number(*n).map_or(Money::Bad(n.to_string()), Money::Fen),
            Cell::Date(d) => Money::Bad(d.to_string()),
        }
    }

    /// An optional amount above zero, named `label` in the reasons ("价格无法识别：abc").
    pub fn positive_money(
        &self,
        f: impl Into<usize>,
        label_zh: &str,
        label_en: &str,
    ) -> Result<Option<i64>, Rejection> {
        let f: usize = f.into();
        match self.money(f) {
            Money::Missing => Ok(None),
            Money::Bad(shown) => Err(self.reject(
                f,
                format!("{label_zh}无法识别：{shown}"),
                format!("{label_en} cannot be read: {shown}"),
            )),
            Money::Fen(0) => Err(self.reject(
                f,
                format!("{label_zh}必须大于 0"),
                format!("{label_en} must be above 0"),
            )),
            Money::Fen(v) => Ok(Some(v)),
        }
    }

    /// An optional whole number ≥ 0 (units, quantities): "120", "120台", "1,200".
    pub fn count(&self, f: impl Into<usize>) -> Result<Option<i64>, Rejection> {
        let f: usize = f.into();
        let bad = |shown: String| {
            self.reject(
                f,
                format!("不是有效的数量：{shown}"),
                format!("not a valid quantity: {shown}"),
            )
        };
        match self.cell(f) {
            Cell::Empty => Ok(None),
            Cell::Number(n) if n.fract() == 0.0 && *n >= 0.0 && *n < 1e12 => Ok(Some(*n as i64)),
            Cell::Number(n) => Err(bad(n.to_string())),
            Cell::Date(d) => Err(bad(d.to_string())),
            Cell::Text(t) if t.trim().is_empty() => Ok(None),
            Cell::Text(t) => parse_count_text(t)
                .map(Some)
                .ok_or_else(|| bad(t.trim().to_string())),
        }
    }
}

/// What checking a file found: the header, the rows read, the plain inputs and the rejections.
pub struct Checked<T> {
    pub header: Header,
    pub rows_read: usize,
    pub valid: Vec<T>,
    pub rejected: Vec<Rejection>,
}

/// Find the header (or take the user's columns), then parse every data row.
pub fn check_rows<T>(
    rows: &[Row],
    schema: &Schema,
    columns: Option<Vec<Option<u32>>>,
    lang: Lang,
    mut parse: impl FnMut(&RowReader<'_>) -> Result<T, Rejection>,
) -> AppResult<Checked<T>> {
    let mut header = detect_header(rows, schema)?;
    if let Some(mut c) = columns {
        c.resize(schema.fields.len(), None);
        schema.check_required(&c)?;
        header.columns = c;
    }
    let data = &rows[header.index + 1..];
    let mut valid = Vec::with_capacity(data.len());
    let mut rejected = Vec::new();
    for row in data {
        let reader = RowReader {
            row,
            header: &header,
            schema,
            lang,
        };
        match parse(&reader) {
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

/// The 1-based row number of the header, as the user sees it.
pub fn header_row_number<T>(rows: &[Row], checked: &Checked<T>) -> usize {
    rows.get(checked.header.index).map_or(0, |r| r.number)
}

/// How one import runs: the file's name (kept with the batch), the language its rejections
/// are written in, whether it only previews, and the flag that cancels it.
#[derive(Debug, Clone, Copy)]
pub struct Run<'a> {
    pub file_name: &'a str,
    /// The sheet the user chose (the preview's choice, `--sheet`); `None` takes the first
    /// whose header matches the kind.
    pub sheet: Option<&'a str>,
    pub lang: Lang,
    pub dry_run: bool,
    pub cancel: &'a CancelToken,
}

/// The sheet an import reads, and every sheet of the file whose header matches the kind (the
/// preview offers a choice when there are several).
#[derive(Debug)]
pub struct Picked<'a> {
    pub sheet: &'a Sheet,
    pub matching: Vec<String>,
}

/// Choose the sheet: the one `run.sheet` names, else the first whose header matches the kind
/// (a report behind an instructions sheet comes in). When none matches, the first sheet's
/// reason is given, in the kind's own words.
pub fn pick_sheet<'a>(
    sheets: &'a [Sheet],
    schema: &Schema,
    run: &Run<'_>,
) -> AppResult<Picked<'a>> {
    let matching: Vec<&Sheet> = sheets
        .iter()
        .filter(|s| detect_header(&s.rows, schema).is_ok())
        .collect();
    let names: Vec<String> = matching.iter().map(|s| s.name.clone()).collect();
    if let Some(wanted) = run.sheet.filter(|w| !w.is_empty()) {
        let Some(sheet) = sheets.iter().find(|s| s.name == wanted) else {
            let all: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
            return Err(AppError::invalid(
                "sheet",
                format!(
                    "文件里没有名为“{wanted}”的工作表。现有：{}。",
                    all.join("、")
                ),
                format!(
                    "The file has no sheet named “{wanted}”. It has: {}.",
                    all.join(", ")
                ),
            ));
        };
        return Ok(Picked {
            sheet,
            matching: names,
        });
    }
    if let Some(sheet) = matching.first() {
        return Ok(Picked {
            sheet,
            matching: names,
        });
    }
    match sheets.first() {
        Some(first) => detect_header(&first.rows, schema).map(|_| Picked {
            sheet: first,
            matching: names,
        }),
        None => Err(refuse(schema.not_this_zh, schema.not_this_en)),
    }
}

/// What a kind's writer wrote, for the batch's row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub imported: usize,
    pub duplicates: usize,
}

/// The one batch sequence of every import: a transaction, the batch opened, the kind's store
/// writer called with the checked rows, the batch's counts recorded, then committed — or rolled
/// back for a dry run or a cancel. Returns the batch (None for a dry run) and what the writer
/// reported.
pub fn write_batch<T, W>(
    store: &mut Store,
    kind: BatchKind,
    run: &Run<'_>,
    checked: &Checked<T>,
    write: impl FnOnce(&rusqlite::Transaction<'_>, i64, &[T]) -> AppResult<(W, Tally)>,
) -> AppResult<(Option<i64>, W)> {
    let tx = store.transaction()?;
    let batch_id = batches::begin(&tx, kind, run.file_name)?;
    let (written, tally) = write(&tx, batch_id, &checked.valid)?;
    batches::finish(
        &tx,
        batch_id,
        checked.rows_read,
        tally.imported,
        tally.duplicates,
        checked.rejected.len(),
    )?;
    if run.cancel.is_cancelled() {
        return Err(AppError::Cancelled);
    }
    if run.dry_run {
        drop(tx);
        Ok((None, written))
    } else {
        tx.commit()?;
        Ok((Some(batch_id), written))
    }
}

/// What a sheet import did (or, in a preview or dry run, would do): every kind but the price
/// report (which has its mapping and samples) reports in this shape.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SheetReport {
    pub file_name: String,
    /// The sheet read ("" for a text file) and every sheet whose header matches the kind.
    pub sheet: String,
    pub sheets: Vec<String>,
    pub kind: BatchKind,
    #[ts(type = "number")]
    pub header_row: usize,
    pub headers: Vec<String>,
    #[ts(type = "number")]
    pub rows_read: usize,
    /// Rows written: campaigns created and updated, offer rows (one per product and region),
    /// people, sessions or marks.
    #[ts(type = "number")]
    pub imported: usize,
    /// Rows that repeat an earlier row of the same file (written once).
    #[ts(type = "number")]
    pub duplicates: usize,
    pub rejected: Vec<Rejection>,
    pub created: Vec<String>,
    pub updated: Vec<String>,
    pub dry_run: bool,
    #[ts(type = "number | null")]
    pub batch_id: Option<i64>,
}

impl SheetReport {
    /// A report of what was read (file, sheet, header, rows, rejections); the kind's import
    /// fills in what it wrote (`imported`, `duplicates`, `created`, `updated`).
    pub fn read<T>(
        run: &Run<'_>,
        picked: &Picked<'_>,
        kind: BatchKind,
        checked: Checked<T>,
        batch_id: Option<i64>,
    ) -> SheetReport {
        SheetReport {
            file_name: run.file_name.to_string(),
            sheet: picked.sheet.name.clone(),
            sheets: picked.matching.clone(),
            kind,
            header_row: header_row_number(&picked.sheet.rows, &checked),
            headers: checked.header.texts,
            rows_read: checked.rows_read,
            imported: 0,
            duplicates: 0,
            rejected: checked.rejected,
            created: Vec::new(),
            updated: Vec::new(),
            dry_run: run.dry_run,
            batch_id,
        }
    }
}

/// Regions by every name a sheet may use (山东, 山东省, Shandong).
pub struct RegionNames(HashMap<String, i64>);

impl RegionNames {
    pub fn new(regions: &[Region]) -> RegionNames {
        let mut m = HashMap::new();
        for r in regions {
            for n in [&r.name, &r.short_name, &r.name_en] {
                if !n.is_empty() {
                    m.insert(n.to_lowercase(), r.id);
                }
            }
        }
        RegionNames(m)
    }

    pub fn get(&self, name: &str) -> Option<i64> {
        self.0.get(&name.trim().to_lowercase()).copied()
    }
}

/// Split a cell naming several things ("山东、河南, 江苏；安徽 浙江").
pub fn split_list(s: &str) -> Vec<String> {
    s.split(['、', ',', '，', ';', '；', ' ', '\u{3000}', '/', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    sheet_fields! {
        enum Col {
            Name = Field {
                zh: "名称",
                en: "name",
                aliases: &["名称", "name"],
                required: true,
            },
            Units = Field {
                zh: "数量",
                en: "units",
                aliases: &["数量", "台数"],
                required: false,
            },
        }
    }

    const SCHEMA: Schema = Schema {
        fields: Col::FIELDS,
        min_match: 1,
        not_this_zh: "不是这种表",
        not_this_en: "not this sheet",
    };

    fn row(number: usize, cells: &[&str]) -> Row {
        Row {
            number,
            cells: cells.iter().map(|c| Cell::Text(c.to_string())).collect(),
        }
    }

    #[test]
    fn header_after_title_rows_and_counts_as_typed() {
        let rows = vec![
            row(1, &["2026 年排期"]),
            row(3, &["名称（必填）", "台数"]),
            row(4, &["A", "1,200台"]),
            row(5, &["B", "x"]),
            row(6, &["", "3"]),
        ];
        let c = check_rows(&rows, &SCHEMA, None, Lang::ZhCn, |r| {
            Ok((r.required_text(Col::Name)?, r.count(Col::Units)?))
        })
        .unwrap();
        assert_eq!(c.header.index, 1);
        assert_eq!(c.valid, vec![("A".to_string(), Some(1200))]);
        assert_eq!(c.rejected.len(), 2);
        assert_eq!(c.rejected[0].row, 5);
        assert_eq!(c.rejected[0].column, "台数");
        assert_eq!(c.rejected[0].reason, "不是有效的数量：x");
        assert_eq!(c.rejected[1].reason, "缺少名称（必填）");
    }

    #[test]
    fn no_header_is_refused_with_the_kinds_sentence() {
        let rows = vec![row(1, &["a", "b"])];
        let e = check_rows(&rows, &SCHEMA, None, Lang::ZhCn, |_| Ok(()))
            .err()
            .unwrap();
        assert_eq!(e.message(Lang::ZhCn), "不是这种表");
    }

    #[test]
    fn lists_split_on_every_separator_people_use() {
        assert_eq!(
            split_list("山东、河南, 江苏；安徽 浙江，福建;上海"),
            ["山东", "河南", "江苏", "安徽", "浙江", "福建", "上海"]
        );
    }
}
