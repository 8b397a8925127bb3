//! The batches of the budget-plan and expense-ledger imports, and their undo.

use super::*;
use crate::store::batches::{BatchKind, RecordKind};

/// A plan row, checked: the year's plan (made when missing) and the category by name (added
/// when new).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetRow {
    pub row: usize,
    pub category: String,
    pub line: ValidLine,
}

/// What an import wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Written {
    pub rows: usize,
    pub duplicates: usize,
    pub created: Vec<String>,
    pub updated: Vec<String>,
}

const LINE_BEFORE: &str = "SELECT id, json_object('amount_fen', amount_fen, 'note', note) FROM budget_lines WHERE id = ?1";

fn describe(tx: &Transaction<'_>, id: i64) -> AppResult<String> {
    let l = line(tx, id)?;
    let mut parts = vec![l.period.code(), l.category];
    parts.extend(l.region);
    parts.extend(l.campaign);
    Ok(parts.join(" · "))
}

/// Write a plan sheet: a line already in the plan (same period, category, region, campaign)
/// gets the sheet's amount — in an approved plan as a revision naming the file — and any
/// other line is added. Categories the sheet names are added when new.
pub fn write_budget(
    tx: &Transaction<'_>,
    batch_id: i64,
    file_name: &str,
    rows: &[BudgetRow],
) -> AppResult<Written> {
    let mut out = Written::default();
    for r in rows {
        let (plan_id, plan_new) = plan_in(tx, r.line.period.year(), Policy::Warn)?;
        if plan_new {
            out.created
                .push(format!("{} 年度预算", r.line.period.year()));
        }
        let (category_id, category_new) = category_in(tx, &r.category)?;
        if category_new {
            out.created.push(r.category.clone());
        }
        let v = ValidLine {
            category_id,
            ..r.line.clone()
        };
        let approved = plan(tx, plan_id)?.approved_at.is_some();
        match line_with_key_in(tx, plan_id, &v)? {
            Some(id) => {
                batches::keep_before(tx, batch_id, "budget_lines", LINE_BEFORE, [id])?;
                let reason = format!("导入 {file_name}");
                revise_line_in(
                    tx,
                    id,
                    &v,
                    approved.then_some((reason.as_str(), Some(batch_id))),
                )?;
                out.updated.push(describe(tx, id)?);
            }
            None => {
                let id = insert_line_in(tx, plan_id, &v, Some(batch_id))?;
                if approved {
                    tx.execute(
                        "INSERT INTO budget_revisions (line_id, old_fen, new_fen, reason, batch_id, revised_at)
                         VALUES (?1, 0, ?2, ?3, ?4, ?5)",
                        params![id, v.amount_fen, format!("导入 {file_name}"), batch_id, now_text()],
                    )?;
                }
                out.created.push(describe(tx, id)?);
            }
        }
        out.rows += 1;
    }
    Ok(out)
}

/// Undo a plan import: lines it added go, lines it changed get their amounts back, its
/// revisions are taken back with them.
pub fn undo_budget_batch(tx: &Transaction<'_>, batch_id: i64) -> AppResult<UndoReport> {
    tx.execute(
        "DELETE FROM budget_revisions WHERE batch_id = ?1",
        [batch_id],
    )?;
    let mut names = batches::take_back(
        tx,
        batch_id,
        "budget_lines",
        "SELECT l.id, l.period || ' · ' || c.name FROM budget_lines l
         JOIN budget_categories c ON c.id = l.category_id WHERE l.batch_id = ?1",
    )?;
    for (id, before) in batches::kept_before(tx, batch_id, "budget_lines")? {
        tx.execute(
            "UPDATE budget_lines SET amount_fen = json_extract(?2, '$.amount_fen'),
               note = json_extract(?2, '$.note') WHERE id = ?1",
            params![id, before],
        )?;
        if let Ok(d) = describe(tx, id) {
            names.push(d);
        }
    }
    Ok(UndoReport::new(
        BatchKind::Budget,
        names.len() as i64,
        [(RecordKind::BudgetLine, names)],
    ))
}

/// A ledger row, checked; the category by name (added when new).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerRow {
    pub row: usize,
    pub category: String,
    pub record: ExpenseRecord,
}

/// Write a ledger: each row a request as it happened (reimbursed rows come in reimbursed; the
/// evidence they lack shows as missing). A row that repeats a request already kept (date,
/// payee, category, requested amount and description) is a duplicate and not written again.
pub fn write_ledger(tx: &Transaction<'_>, batch_id: i64, rows: &[LedgerRow]) -> AppResult<Written> {
    let mut out = Written::default();
    let mut exists = tx.prepare(
        "SELECT 1 FROM expenses WHERE spent_on = ?1 AND payee = ?2 AND category_id = ?3
           AND requested_fen = ?4 AND description = ?5 LIMIT 1",
    )?;
    for r in rows {
        let (category_id, category_new) = category_in(tx, &r.category)?;
        if category_new {
            out.created.push(r.category.clone());
        }
        let mut rec = r.record.clone();
        rec.v.category_id = category_id;
        if exists.exists(params![
            rec.v.date.to_string(),
            rec.v.payee,
            category_id,
            rec.v.requested_fen,
            rec.v.description
        ])? {
            out.duplicates += 1;
            continue;
        }
        insert_expense_in(tx, &rec, Some(batch_id))?;
        out.rows += 1;
    }
    Ok(out)
}

/// Undo a ledger import: its requests go, unless evidence has been attached to one since (it
/// stays, and is named).
pub fn undo_expense_batch(tx: &Transaction<'_>, batch_id: i64) -> AppResult<UndoReport> {
    let names = batches::take_back(
        tx,
        batch_id,
        "expenses",
        "SELECT e.id, e.spent_on || ' ' || e.payee FROM expenses e WHERE e.batch_id = ?1
           AND NOT EXISTS (SELECT 1 FROM expense_evidence v WHERE v.expense_id = e.id)",
    )?;
    Ok(UndoReport::new(
        BatchKind::Expenses,
        names.len() as i64,
        [(RecordKind::Expense, names)],
    ))
}
