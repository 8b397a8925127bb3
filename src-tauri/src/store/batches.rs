//! Import batches of every kind: one row per import, so the history can be listed and any
//! batch undone. A leaf: each area's store module writes its rows and knows how to take
//! them back, and the composition root (`core::AppCore::undo_batch`) matches the batch's
//! kind to the area's undo — a kind without one does not compile.

use super::{now_text, Store};
use crate::error::{AppError, AppResult};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ValueRef};
use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The kinds of sheet an import batch came from (the `kind` column).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum BatchKind {
    /// A regional price report: competitor sightings (competitors area).
    Prices,
    /// A campaign schedule 活动排期表 (campaigns area).
    Campaigns,
    /// A campaign's price-limit table 限价表 (campaigns area).
    Offers,
    /// A roster 花名册: the sales force (training area).
    Staff,
    /// A training plan 培训计划: sessions, and the programs they name (training area).
    Sessions,
    /// A sign-in sheet 签到表: attendance and scores (training area).
    Attendance,
    /// A holiday calendar (.ics as the feeds publish it, or JSON): holidays of later years,
    /// or corrections to bundled ones (shared reference data).
    Holidays,
    /// A budget plan 预算表: plan lines (budget area).
    Budget,
    /// An expense ledger 费用台账: requests as they happened (budget area).
    Expenses,
}

impl BatchKind {
    pub const ALL: [BatchKind; 9] = [
        BatchKind::Prices,
        BatchKind::Campaigns,
        BatchKind::Offers,
        BatchKind::Staff,
        BatchKind::Sessions,
        BatchKind::Attendance,
        BatchKind::Holidays,
        BatchKind::Budget,
        BatchKind::Expenses,
    ];

    /// What a batch's rows are, as the CLI prints them.
    pub fn rows_label(self) -> &'static str {
        match self {
            BatchKind::Prices => "条价格观察 sightings",
            BatchKind::Campaigns => "个活动 campaigns",
            BatchKind::Offers => "条特价政策 offer rows",
            BatchKind::Staff => "名员工 people",
            BatchKind::Sessions => "场培训 sessions",
            BatchKind::Attendance => "条签到 attendance rows",
            BatchKind::Holidays => "个节假日 holidays",
            BatchKind::Budget => "条预算 plan lines",
            BatchKind::Expenses => "笔费用 expenses",
        }
    }

    /// As stored in `import_batches.kind`.
    pub fn as_str(self) -> &'static str {
        match self {
            BatchKind::Prices => "prices",
            BatchKind::Campaigns => "campaigns",
            BatchKind::Offers => "offers",
            BatchKind::Staff => "staff",
            BatchKind::Sessions => "sessions",
            BatchKind::Attendance => "attendance",
            BatchKind::Holidays => "holidays",
            BatchKind::Budget => "budget",
            BatchKind::Expenses => "expenses",
        }
    }

    pub fn parse(s: &str) -> Option<BatchKind> {
        BatchKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl FromSql for BatchKind {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let text = value.as_str()?;
        BatchKind::parse(text).ok_or_else(|| {
            FromSqlError::Other(format!("unknown import batch kind {text:?}").into())
        })
    }
}

#[derive(Debug, Clone, Serialize, TS, PartialEq, Eq)]
#[ts(export)]
pub struct ImportBatch {
    #[ts(type = "number")]
    pub id: i64,
    pub kind: BatchKind,
    pub file_name: String,
    pub imported_at: String,
    #[ts(type = "number")]
    pub rows_read: i64,
    #[ts(type = "number")]
    pub imported: i64,
    #[ts(type = "number")]
    pub duplicates: i64,
    #[ts(type = "number")]
    pub rejected: i64,
    pub undone_at: Option<String>,
}

/// What undoing an import took back, whatever its kind: how many of its rows were taken back
/// or put back as they were, and the records named by what they are.
#[derive(Debug, Clone, Serialize, TS, PartialEq, Eq)]
#[ts(export)]
pub struct UndoReport {
    /// The kind of the batch undone: what its rows are.
    pub kind: BatchKind,
    /// Rows the batch wrote, taken back or restored (sightings, campaigns, offers …).
    #[ts(type = "number")]
    pub rows: i64,
    /// Records named in the undo: those the batch created that nothing uses any more (removed),
    /// and for a campaign schedule the campaigns it created (removed) or updated (restored).
    pub records: Vec<UndoneRecords>,
}

#[derive(Debug, Clone, Serialize, TS, PartialEq, Eq)]
#[ts(export)]
pub struct UndoneRecords {
    pub kind: RecordKind,
    pub names: Vec<String>,
}

/// What a named record is.
#[derive(Debug, Clone, Copy, Serialize, TS, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RecordKind {
    Brand,
    Product,
    Region,
    Channel,
    Campaign,
    Person,
    Program,
    Session,
    Holiday,
    BudgetLine,
    Category,
    Expense,
}

impl RecordKind {
    /// As the CLI prints it.
    pub fn label(self) -> &'static str {
        match self {
            RecordKind::Brand => "品牌 brands",
            RecordKind::Product => "产品 products",
            RecordKind::Region => "区域 regions",
            RecordKind::Channel => "渠道 channels",
            RecordKind::Campaign => "活动 campaigns",
            RecordKind::Person => "员工 people",
            RecordKind::Program => "课程 programs",
            RecordKind::Session => "培训场次 sessions",
            RecordKind::Holiday => "节假日 holidays",
            RecordKind::BudgetLine => "预算行 plan lines",
            RecordKind::Category => "费用类别 categories",
            RecordKind::Expense => "费用申请 expenses",
        }
    }
}

impl UndoReport {
    /// A report of `rows` rows and the named records, leaving out kinds with no names.
    pub fn new(
        kind: BatchKind,
        rows: i64,
        records: impl IntoIterator<Item = (RecordKind, Vec<String>)>,
    ) -> Self {
        UndoReport {
            kind,
            rows,
            records: records
                .into_iter()
                .filter(|(_, names)| !names.is_empty())
                .map(|(kind, names)| UndoneRecords { kind, names })
                .collect(),
        }
    }

    /// The names of one kind of record (empty when none).
    pub fn names(&self, kind: RecordKind) -> &[String] {
        self.records
            .iter()
            .find(|r| r.kind == kind)
            .map_or(&[], |r| r.names.as_slice())
    }
}

/// Open a batch inside the import's transaction.
pub fn begin(tx: &Transaction<'_>, kind: BatchKind, file_name: &str) -> AppResult<i64> {
    tx.execute(
        "INSERT INTO import_batches (kind, file_name, imported_at) VALUES (?1, ?2, ?3)",
        params![kind.as_str(), file_name, now_text()],
    )?;
    Ok(tx.last_insert_rowid())
}

/// Record what the batch did.
pub fn finish(
    tx: &Transaction<'_>,
    batch_id: i64,
    rows_read: usize,
    imported: usize,
    duplicates: usize,
    rejected: usize,
) -> AppResult<()> {
    tx.execute(
        "UPDATE import_batches SET rows_read = ?2, imported = ?3, duplicates = ?4, rejected = ?5 WHERE id = ?1",
        params![batch_id, rows_read as i64, imported as i64, duplicates as i64, rejected as i64],
    )?;
    Ok(())
}

pub fn list(store: &Store) -> AppResult<Vec<ImportBatch>> {
    const SQL: &str =
        "SELECT id, kind, file_name, imported_at, rows_read, imported, duplicates, rejected, undone_at
         FROM import_batches ORDER BY id DESC";
    store.query_all(SQL, |r| {
        Ok(ImportBatch {
            id: r.get(0)?,
            kind: r.get(1)?,
            file_name: r.get(2)?,
            imported_at: r.get(3)?,
            rows_read: r.get(4)?,
            imported: r.get(5)?,
            duplicates: r.get(6)?,
            rejected: r.get(7)?,
            undone_at: r.get(8)?,
        })
    })
}

/// Undo a batch, in one transaction: `undo_rows` is the area's undo for the batch's kind
/// (chosen at the composition root); the batch is then marked undone.
pub fn undo(
    store: &mut Store,
    batch_id: i64,
    undo_rows: impl FnOnce(&Transaction<'_>, BatchKind, i64) -> AppResult<UndoReport>,
) -> AppResult<UndoReport> {
    store.write(|tx| {
        let found: Option<(BatchKind, Option<String>)> = tx
            .query_row(
                "SELECT kind, undone_at FROM import_batches WHERE id = ?1",
                [batch_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let kind = match found {
            None => {
                return Err(AppError::not_found(
                    "这个导入批次不存在。",
                    "This import batch does not exist.",
                ))
            }
            Some((_, Some(_))) => {
                return Err(AppError::conflict(
                    None,
                    "这个导入批次已经撤销过了。",
                    "This import batch was already undone.",
                ))
            }
            Some((kind, None)) => kind,
        };
        let report = undo_rows(tx, kind, batch_id)?;
        tx.execute(
            "UPDATE import_batches SET undone_at = ?2 WHERE id = ?1",
            params![batch_id, now_text()],
        )?;
        Ok(report)
    })
}

/// Keep a row's fields as they were before a batch changed them, so that undo can put them
/// back: `before` is a SELECT of (row id, JSON object of the fields) with `?1` for the row's
/// key. Only the first change in a batch is kept. `import_replaced` is written here only.
pub fn keep_before(
    tx: &Transaction<'_>,
    batch_id: i64,
    table: &str,
    before: &str,
    key: impl rusqlite::Params,
) -> AppResult<()> {
    let found: Option<(i64, String)> = tx
        .query_row(before, key, |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if let Some((row_id, json)) = found {
        tx.execute(
            "INSERT OR IGNORE INTO import_replaced (batch_id, row_table, row_id, before)
             VALUES (?1, ?2, ?3, ?4)",
            params![batch_id, table, row_id, json],
        )?;
    }
    Ok(())
}

/// The rows of `table` a batch changed, with their fields before (JSON), as `keep_before`
/// kept them.
pub fn kept_before(
    tx: &Transaction<'_>,
    batch_id: i64,
    table: &str,
) -> AppResult<Vec<(i64, String)>> {
    let mut st = tx.prepare(
        "SELECT row_id, before FROM import_replaced WHERE batch_id = ?1 AND row_table = ?2",
    )?;
    let rows = st.query_map(params![batch_id, table], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Remove what `select` finds for the batch (id, name) from `table`; returns the names, sorted.
/// Each area uses it to take back the records an import created and nothing uses any more.
pub fn take_back(
    tx: &Transaction<'_>,
    batch_id: i64,
    table: &str,
    select: &str,
) -> AppResult<Vec<String>> {
    let found = {
        let mut st = tx.prepare(select)?;
        let rows = st.query_map([batch_id], |r| Ok((r.get::<_, i64>(0)?, r.get(1)?)))?;
        rows.collect::<Result<Vec<(i64, String)>, _>>()?
    };
    let mut delete = tx.prepare(&format!("DELETE FROM {table} WHERE id = ?1"))?;
    let mut names = Vec::with_capacity(found.len());
    for (id, name) in found {
        delete.execute([id])?;
        names.push(name);
    }
    names.sort();
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_reads_back_as_itself_and_an_unknown_one_is_refused() {
        for k in BatchKind::ALL {
            assert_eq!(BatchKind::parse(k.as_str()), Some(k));
            let json = serde_json::to_string(&k).unwrap();
            assert_eq!(json, format!("\"{}\"", k.as_str()));
        }
        assert_eq!(BatchKind::parse("training"), None);
    }
}
