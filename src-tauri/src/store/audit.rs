//! `audit_log` and `audit_actions`: the history the triggers of migration 0013 keep, and the
//! user's destructive actions it is grouped into. This module reads the log, opens and closes
//! actions, and writes the inverse of an action's rows (rules in `domain::audit`).

use super::{now_text, Store};
use crate::domain::audit::ActionKind;
use crate::error::{AppError, AppResult};
use rusqlite::{params, OptionalExtension};
use serde_json::{Map, Value};

/// One logged change.
#[derive(Debug, Clone)]
pub struct LogRow {
    pub id: i64,
    pub at: String,
    pub table: String,
    pub row_id: i64,
    pub op: String,
    pub old: Option<Map<String, Value>>,
    pub new: Option<Map<String, Value>>,
    pub action_id: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct Action {
    pub id: i64,
    pub kind: ActionKind,
    pub label: String,
    pub target: Option<String>,
    pub at: String,
}

fn json(s: Option<String>) -> Option<Map<String, Value>> {
    s.and_then(|t| serde_json::from_str::<Value>(&t).ok())
        .and_then(|v| v.as_object().cloned())
}

const LOG_COLUMNS: &str = "id, at, tbl, row_id, op, old, new, action_id";

fn log_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<LogRow> {
    Ok(LogRow {
        id: r.get(0)?,
        at: r.get(1)?,
        table: r.get(2)?,
        row_id: r.get(3)?,
        op: r.get(4)?,
        old: json(r.get(5)?),
        new: json(r.get(6)?),
        action_id: r.get(7)?,
    })
}

/// Open an action: the triggers attach every row written until it is closed.
pub fn open_action(store: &mut Store, kind: ActionKind) -> AppResult<i64> {
    store.write(|tx| {
        tx.execute("UPDATE audit_actions SET open = 0 WHERE open = 1", [])?;
        tx.execute(
            "INSERT INTO audit_actions (kind, label, open, at) VALUES (?1, '', 1, ?2)",
            params![kind.code(), now_text()],
        )?;
        Ok(tx.last_insert_rowid())
    })
}

/// Close an action with its label (and target); an action that wrote nothing is dropped
/// unless it has a target (an import's batch, a restore's backup).
pub fn close_action(
    store: &mut Store,
    id: i64,
    label: &str,
    target: Option<&str>,
) -> AppResult<()> {
    store.write(|tx| {
        let rows: i64 = tx.query_row(
            "SELECT count(*) FROM audit_log WHERE action_id = ?1",
            [id],
            |r| r.get(0),
        )?;
        if rows == 0 && target.is_none() {
            tx.execute("DELETE FROM audit_actions WHERE id = ?1", [id])?;
        } else {
            tx.execute(
                "UPDATE audit_actions SET open = 0, label = ?2, target = ?3 WHERE id = ?1",
                params![id, label, target],
            )?;
        }
        Ok(())
    })
}

/// Record an action whose writes are not logged row by row (an import, a restore).
pub fn record_action(
    store: &mut Store,
    kind: ActionKind,
    label: &str,
    target: &str,
) -> AppResult<()> {
    store.write(|tx| {
        tx.execute(
            "INSERT INTO audit_actions (kind, label, target, at) VALUES (?1, ?2, ?3, ?4)",
            params![kind.code(), label, target, now_text()],
        )?;
        Ok(())
    })
}

/// An action left open by a crash is closed when the file is opened.
pub fn close_all(conn: &rusqlite::Connection) -> AppResult<()> {
    // Looked at first: a read-only or busy file is not written to when nothing is open.
    let open: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM audit_actions WHERE open = 1)",
        [],
        |r| r.get(0),
    )?;
    if open {
        conn.execute("UPDATE audit_actions SET open = 0 WHERE open = 1", [])?;
    }
    Ok(())
}

/// The last rows an action logged, newest first (what its label names: a delete's cascaded
/// children are logged before the record itself).
pub fn rows_of(store: &Store, action_id: i64) -> AppResult<Vec<LogRow>> {
    let mut st = store.conn().prepare_cached(&format!(
        "SELECT {LOG_COLUMNS} FROM audit_log WHERE action_id = ?1 ORDER BY id DESC LIMIT 50"
    ))?;
    let rows = st
        .query_map([action_id], log_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

const ACTION_COLUMNS: &str = "id, kind, label, target, at";

fn action_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Action> {
    let kind: String = r.get(1)?;
    Ok(Action {
        id: r.get(0)?,
        kind: ActionKind::from_code(&kind).unwrap_or(ActionKind::Delete),
        label: r.get(2)?,
        target: r.get(3)?,
        at: r.get(4)?,
    })
}

/// The newest actions not yet undone, newest first.
pub fn recent_actions(store: &Store, limit: usize) -> AppResult<Vec<Action>> {
    let mut st = store.conn().prepare_cached(&format!(
        "SELECT {ACTION_COLUMNS} FROM audit_actions
         WHERE undone_at IS NULL AND open = 0 ORDER BY id DESC LIMIT ?1"
    ))?;
    let v = st
        .query_map([i64::try_from(limit).unwrap_or(i64::MAX)], action_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(v)
}

/// One action not yet undone.
pub fn action(store: &Store, id: i64) -> AppResult<Option<Action>> {
    Ok(store
        .conn()
        .query_row(
            &format!(
                "SELECT {ACTION_COLUMNS} FROM audit_actions
                 WHERE id = ?1 AND undone_at IS NULL AND open = 0"
            ),
            [id],
            action_row,
        )
        .optional()?)
}

/// The table of a record the action touched that was changed after it (its undo would undo
/// that change too), if any.
pub fn changed_since(store: &Store, action_id: i64) -> AppResult<Option<String>> {
    Ok(store
        .conn()
        .query_row(
            "SELECT l.tbl FROM audit_log l
             JOIN (SELECT DISTINCT tbl, row_id FROM audit_log WHERE action_id = ?1) a
               ON a.tbl = l.tbl AND a.row_id = l.row_id
             WHERE l.id > (SELECT max(id) FROM audit_log WHERE action_id = ?1)
               AND l.row_id <> 0 LIMIT 1",
            [action_id],
            |r| r.get(0),
        )
        .optional()?)
}

/// The history of one record, oldest first.
pub fn history(store: &Store, table: &str, row_id: i64) -> AppResult<Vec<LogRow>> {
    let mut st = store.conn().prepare_cached(&format!(
        "SELECT {LOG_COLUMNS} FROM audit_log WHERE tbl = ?1 AND row_id = ?2 ORDER BY id"
    ))?;
    let rows = st
        .query_map(params![table, row_id], log_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Mark an action undone (an import's or a restore's own undo did the work).
pub fn mark_undone(store: &mut Store, action_id: i64) -> AppResult<()> {
    store.write(|tx| {
        tx.execute(
            "UPDATE audit_actions SET undone_at = ?2 WHERE id = ?1",
            params![action_id, now_text()],
        )?;
        Ok(())
    })
}

/// Take back an action's logged rows in one transaction, newest first: a delete is inserted
/// again with its rowid, an update set back, an insert removed; foreign keys are checked at
/// the commit, so the order of parents and children does not matter. Refused (nothing
/// written) when one of its records was changed after it.
pub fn undo_rows(store: &mut Store, action_id: i64) -> AppResult<usize> {
    let rows: Vec<LogRow> = {
        let mut st = store.conn().prepare(&format!(
            "SELECT {LOG_COLUMNS} FROM audit_log WHERE action_id = ?1 ORDER BY id DESC"
        ))?;
        let v = st
            .query_map([action_id], log_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        v
    };
    if rows.is_empty() {
        return Ok(0);
    }
    let later = changed_since(store, action_id)?;
    if let Some(t) = later {
        return Err(AppError::Conflict {
            field: None,
            zh: format!(
                "这一步之后，相关的{}又被修改过，不能再撤销；请手动改回。",
                crate::domain::audit::noun(&t, crate::i18n::Lang::ZhCn)
            ),
            en: format!(
                "A {} it touched was changed afterwards, so it can no longer be undone; change it back by hand.",
                crate::domain::audit::noun(&t, crate::i18n::Lang::En)
            ),
        });
    }
    store.write(|tx| {
        tx.execute_batch("PRAGMA defer_foreign_keys = ON")?;
        for r in &rows {
            if r.row_id == 0 {
                undo_link_row(tx, r)?;
                continue;
            }
            let blobs = blob_columns(tx, &r.table)?;
            let value = |k: &str| -> String {
                if blobs.iter().any(|b| b == k) {
                    format!("unhex(json_extract(?1, '$.\"{k}\"'))")
                } else {
                    format!("json_extract(?1, '$.\"{k}\"')")
                }
            };
            match (r.op.as_str(), &r.old) {
                ("delete", Some(old)) => {
                    let cols: Vec<&String> = old.keys().collect();
                    let names = cols.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>();
                    let values = cols.iter().map(|c| value(c)).collect::<Vec<_>>();
                    tx.execute(
                        &format!(
                            "INSERT INTO \"{}\" (rowid, {}) VALUES (?2, {})",
                            r.table,
                            names.join(", "),
                            values.join(", ")
                        ),
                        params![Value::Object(old.clone()).to_string(), r.row_id],
                    )
                    .map_err(|e| undo_refused(e, &r.table))?;
                }
                ("update", Some(old)) => {
                    let sets = old
                        .keys()
                        .map(|c| format!("\"{c}\" = {}", value(c)))
                        .collect::<Vec<_>>();
                    tx.execute(
                        &format!(
                            "UPDATE \"{}\" SET {} WHERE rowid = ?2",
                            r.table,
                            sets.join(", ")
                        ),
                        params![Value::Object(old.clone()).to_string(), r.row_id],
                    )
                    .map_err(|e| undo_refused(e, &r.table))?;
                }
                ("insert", _) => {
                    tx.execute(
                        &format!("DELETE FROM \"{}\" WHERE rowid = ?1", r.table),
                        [r.row_id],
                    )?;
                }
                _ => {}
            }
        }
        tx.execute(
            "UPDATE audit_actions SET undone_at = ?2 WHERE id = ?1",
            params![action_id, now_text()],
        )?;
        Ok(rows.len())
    })
}

/// A link table's row (WITHOUT ROWID, logged with row_id 0): its values are its key, so a
/// delete is inserted again, an insert deleted by its values, an update both.
fn undo_link_row(tx: &rusqlite::Transaction<'_>, r: &LogRow) -> AppResult<()> {
    let insert = |values: &Map<String, Value>| -> AppResult<()> {
        let cols: Vec<&String> = values.keys().collect();
        tx.execute(
            &format!(
                "INSERT OR IGNORE INTO \"{}\" ({}) VALUES ({})",
                r.table,
                cols.iter()
                    .map(|c| format!("\"{c}\""))
                    .collect::<Vec<_>>()
                    .join(", "),
                cols.iter()
                    .map(|c| format!("json_extract(?1, '$.\"{c}\"')"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            [Value::Object(values.clone()).to_string()],
        )?;
        Ok(())
    };
    let delete = |values: &Map<String, Value>| -> AppResult<()> {
        let cond = values
            .keys()
            .map(|c| format!("\"{c}\" IS json_extract(?1, '$.\"{c}\"')"))
            .collect::<Vec<_>>()
            .join(" AND ");
        tx.execute(
            &format!("DELETE FROM \"{}\" WHERE {cond}", r.table),
            [Value::Object(values.clone()).to_string()],
        )?;
        Ok(())
    };
    match (r.op.as_str(), &r.old, &r.new) {
        ("delete", Some(old), _) => insert(old),
        ("insert", _, Some(new)) => delete(new),
        ("update", Some(old), Some(new)) => {
            delete(new)?;
            insert(old)
        }
        _ => Ok(()),
    }
}

fn blob_columns(tx: &rusqlite::Transaction<'_>, table: &str) -> AppResult<Vec<String>> {
    let mut st =
        tx.prepare_cached("SELECT name FROM pragma_table_info(?1) WHERE upper(type) = 'BLOB'")?;
    let v = st
        .query_map([table], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(v)
}

fn undo_refused(e: rusqlite::Error, table: &str) -> AppError {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::ConstraintViolation) => AppError::Conflict {
            field: None,
            zh: format!(
                "不能撤销：同名或相同的{}已经重新建立。",
                crate::domain::audit::noun(table, crate::i18n::Lang::ZhCn)
            ),
            en: format!(
                "Cannot undo: a {} with the same name or key has been created since.",
                crate::domain::audit::noun(table, crate::i18n::Lang::En)
            ),
        },
        _ => AppError::from(e),
    }
}
