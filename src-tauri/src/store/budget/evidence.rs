//! 凭证 Evidence files: kept inside the data file as BLOBs, so that the file — and every
//! backup of it — carries them; pictures with a small PNG thumbnail made when attached.

use super::*;
use crate::domain::budget::{EvidenceKind, ExpenseStatus};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Evidence {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub expense_id: i64,
    pub kind: EvidenceKind,
    pub file_name: String,
    #[ts(type = "number")]
    pub size: i64,
    /// The thumbnail as PNG bytes (the core hands it to the screen as a data URL).
    #[serde(skip)]
    #[ts(skip)]
    pub thumb_png: Option<Vec<u8>>,
    /// `data:image/png;base64,…` for the screen; empty when the file is not a picture.
    pub thumb: String,
    pub added_at: String,
}

/// A file to attach, read and checked by the core.
pub struct NewEvidence<'a> {
    pub kind: EvidenceKind,
    pub file_name: &'a str,
    pub bytes: &'a [u8],
    pub thumb_png: Option<&'a [u8]>,
}

pub fn add_evidence_in(
    tx: &Transaction<'_>,
    expense_id: i64,
    e: &NewEvidence<'_>,
) -> AppResult<i64> {
    tx.execute(
        "INSERT INTO expense_evidence (expense_id, kind, file_name, bytes, thumb_png, added_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            expense_id,
            e.kind.code(),
            e.file_name,
            e.bytes,
            e.thumb_png,
            now_text()
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

pub fn add_evidence(
    store: &mut Store,
    expense_id: i64,
    e: &NewEvidence<'_>,
) -> AppResult<Evidence> {
    store.write(|tx| {
        let ex = expense(tx, expense_id)?;
        if matches!(
            ex.status,
            ExpenseStatus::Cancelled | ExpenseStatus::Rejected
        ) {
            return Err(AppError::conflict(
                None,
                "已取消或已驳回的申请不能再添加凭证。",
                "Evidence cannot be added to a cancelled or rejected request.",
            ));
        }
        let id = add_evidence_in(tx, expense_id, e)?;
        evidence_of(tx, expense_id)?
            .into_iter()
            .find(|v| v.id == id)
            .ok_or_else(|| AppError::Internal("evidence just added".into()))
    })
}

/// A request's evidence, oldest first, without the files' bytes.
pub fn evidence_of(conn: &Connection, expense_id: i64) -> AppResult<Vec<Evidence>> {
    let mut st = conn.prepare_cached(
        "SELECT id, expense_id, kind, file_name, length(bytes), thumb_png, added_at
         FROM expense_evidence WHERE expense_id = ?1 ORDER BY id",
    )?;
    let rows = st.query_map([expense_id], |r| {
        let kind: String = r.get(2)?;
        Ok(Evidence {
            id: r.get(0)?,
            expense_id: r.get(1)?,
            kind: EvidenceKind::from_code(&kind).unwrap_or(EvidenceKind::Other),
            file_name: r.get(3)?,
            size: r.get(4)?,
            thumb_png: r.get(5)?,
            thumb: String::new(),
            added_at: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The file's name and bytes, to open it with the system viewer.
pub fn evidence_file(conn: &Connection, id: i64) -> AppResult<(String, Vec<u8>)> {
    conn.query_row(
        "SELECT file_name, bytes FROM expense_evidence WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()?
    .ok_or_else(|| AppError::not_found("没有这个凭证文件。", "No such evidence file."))
}

/// Remove a file from a request not yet reimbursed.
pub fn remove_evidence(store: &mut Store, id: i64) -> AppResult<()> {
    store.write(|tx| {
        let expense_id: i64 = tx
            .query_row(
                "SELECT expense_id FROM expense_evidence WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| AppError::not_found("没有这个凭证文件。", "No such evidence file."))?;
        if expense(tx, expense_id)?.status == ExpenseStatus::Reimbursed {
            return Err(AppError::conflict(
                None,
                "已报销的申请，其凭证须保留。",
                "The evidence of a reimbursed request is kept.",
            ));
        }
        tx.execute("DELETE FROM expense_evidence WHERE id = ?1", [id])?;
        Ok(())
    })
}
