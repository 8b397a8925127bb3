//! Expense requests and their transitions. The table's CHECKs and trigger hold "nothing paid
//! without approval" whatever writes the row; the transition rules are `domain::budget`'s.

use super::*;
use crate::domain::budget::forms::ValidExpense;
use crate::domain::budget::{transition, Amounts, ExpenseAction, ExpenseStatus, Spend};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Expense {
    #[ts(type = "number")]
    pub id: i64,
    pub date: NaiveDate,
    #[ts(type = "number | null")]
    pub staff_id: Option<i64>,
    pub requester: String,
    #[ts(type = "number | null")]
    pub region_id: Option<i64>,
    pub region: Option<String>,
    #[ts(type = "number | null")]
    pub campaign_id: Option<i64>,
    pub campaign: Option<String>,
    #[ts(type = "number")]
    pub category_id: i64,
    pub category: String,
    pub payee: String,
    pub description: String,
    #[ts(type = "number")]
    pub requested_fen: i64,
    #[ts(type = "number | null")]
    pub approved_fen: Option<i64>,
    #[ts(type = "number | null")]
    pub paid_fen: Option<i64>,
    pub status: ExpenseStatus,
    pub submitted_on: Option<NaiveDate>,
    pub approver: String,
    pub approved_on: Option<NaiveDate>,
    pub paid_on: Option<NaiveDate>,
    /// Why it was rejected.
    pub reason: String,
    /// Evidence files attached.
    #[ts(type = "number")]
    pub evidence: i64,
    /// Its category needs evidence before reimbursement.
    pub needs_evidence: bool,
    #[ts(type = "number | null")]
    pub batch_id: Option<i64>,
}

impl Expense {
    pub fn amounts(&self) -> Amounts {
        Amounts {
            requested: self.requested_fen,
            approved: self.approved_fen,
            paid: self.paid_fen,
        }
    }

    pub fn spend(&self) -> Spend {
        Spend {
            id: self.id,
            date: self.date,
            category_id: self.category_id,
            region_id: self.region_id,
            campaign_id: self.campaign_id,
            status: self.status,
            amounts: self.amounts(),
        }
    }

    /// Approved or reimbursed in a category that needs evidence, with none attached (waiting
    /// for it, or an imported ledger's past payment).
    pub fn evidence_missing(&self) -> bool {
        self.needs_evidence
            && self.evidence == 0
            && matches!(
                self.status,
                ExpenseStatus::Approved | ExpenseStatus::Reimbursed
            )
    }
}

const EXPENSE_COLUMNS: &str = "e.id, e.spent_on, e.staff_id, e.requester, e.region_id,
    local_name(g.short_name, g.name_en), e.campaign_id, k.name, e.category_id,
    local_name(c.name, c.name_en), e.payee, e.description, e.requested_fen, e.approved_fen,
    e.paid_fen, e.status, e.submitted_on, e.approver, e.approved_on, e.paid_on, e.reason,
    (SELECT count(*) FROM expense_evidence v WHERE v.expense_id = e.id), c.needs_evidence, e.batch_id
    FROM expenses e JOIN budget_categories c ON c.id = e.category_id
    LEFT JOIN regions g ON g.id = e.region_id LEFT JOIN campaigns k ON k.id = e.campaign_id";

fn expense_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Expense> {
    let status: String = r.get(15)?;
    Ok(Expense {
        id: r.get(0)?,
        date: day_at(r, 1)?.unwrap_or_default(),
        staff_id: r.get(2)?,
        requester: r.get(3)?,
        region_id: r.get(4)?,
        region: r.get(5)?,
        campaign_id: r.get(6)?,
        campaign: r.get(7)?,
        category_id: r.get(8)?,
        category: r.get(9)?,
        payee: r.get(10)?,
        description: r.get(11)?,
        requested_fen: r.get(12)?,
        approved_fen: r.get(13)?,
        paid_fen: r.get(14)?,
        status: ExpenseStatus::from_code(&status).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                15,
                rusqlite::types::Type::Text,
                format!("expense status {status:?}").into(),
            )
        })?,
        submitted_on: day_at(r, 16)?,
        approver: r.get(17)?,
        approved_on: day_at(r, 18)?,
        paid_on: day_at(r, 19)?,
        reason: r.get(20)?,
        evidence: r.get(21)?,
        needs_evidence: r.get(22)?,
        batch_id: r.get(23)?,
    })
}

/// Which requests a list shows.
#[derive(Debug, Clone, Default, serde::Deserialize, TS)]
#[ts(export)]
pub struct ExpenseFilter {
    pub status: Option<ExpenseStatus>,
    #[ts(type = "number | null")]
    pub campaign_id: Option<i64>,
    #[ts(type = "number | null")]
    pub region_id: Option<i64>,
    #[ts(type = "number | null")]
    pub category_id: Option<i64>,
    pub year: Option<i32>,
    /// Only these ids (the requests behind a figure).
    #[ts(type = "Array<number> | null")]
    pub ids: Option<Vec<i64>>,
}

/// Requests, newest first, filtered.
pub fn expenses(conn: &Connection, f: &ExpenseFilter) -> AppResult<Vec<Expense>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {EXPENSE_COLUMNS}
         WHERE (?1 IS NULL OR e.status = ?1) AND (?2 IS NULL OR e.campaign_id = ?2)
           AND (?3 IS NULL OR e.region_id = ?3) AND (?4 IS NULL OR e.category_id = ?4)
           AND (?5 IS NULL OR substr(e.spent_on, 1, 4) = printf('%04d', ?5))
         ORDER BY e.spent_on DESC, e.id DESC"
    ))?;
    let rows = st.query_map(
        params![
            f.status.map(ExpenseStatus::code),
            f.campaign_id,
            f.region_id,
            f.category_id,
            f.year
        ],
        expense_row,
    )?;
    let mut out: Vec<Expense> = rows.collect::<Result<_, _>>()?;
    if let Some(ids) = &f.ids {
        out.retain(|e| ids.contains(&e.id));
    }
    Ok(out)
}

pub fn expense(conn: &Connection, id: i64) -> AppResult<Expense> {
    conn.query_row(
        &format!("SELECT {EXPENSE_COLUMNS} WHERE e.id = ?1"),
        [id],
        expense_row,
    )
    .optional()?
    .ok_or_else(|| AppError::not_found("没有这笔费用申请。", "No such expense request."))
}

/// What the totals need of every request of a year: no names, no joins.
pub fn spends(conn: &Connection, year: i32) -> AppResult<Vec<Spend>> {
    let mut st = conn.prepare_cached(
        "SELECT id, spent_on, category_id, region_id, campaign_id, status, requested_fen,
                approved_fen, paid_fen
         FROM expenses WHERE spent_on >= ?1 AND spent_on < ?2",
    )?;
    let rows = st.query_map(
        params![format!("{year:04}-01-01"), format!("{:04}-01-01", year + 1)],
        |r| {
            let status: String = r.get(5)?;
            Ok(Spend {
                id: r.get(0)?,
                date: day_at(r, 1)?.unwrap_or_default(),
                category_id: r.get(2)?,
                region_id: r.get(3)?,
                campaign_id: r.get(4)?,
                status: ExpenseStatus::from_code(&status).unwrap_or(ExpenseStatus::Draft),
                amounts: Amounts {
                    requested: r.get(6)?,
                    approved: r.get(7)?,
                    paid: r.get(8)?,
                },
            })
        },
    )?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A request as it stands, for a ledger row or a form: its status and the amounts and dates
/// that go with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpenseRecord {
    pub v: ValidExpense,
    pub status: ExpenseStatus,
    pub approved_fen: Option<i64>,
    pub paid_fen: Option<i64>,
    pub submitted_on: Option<NaiveDate>,
    pub approver: String,
    pub approved_on: Option<NaiveDate>,
    pub paid_on: Option<NaiveDate>,
    pub reason: String,
}

impl ExpenseRecord {
    pub fn draft(v: ValidExpense) -> ExpenseRecord {
        ExpenseRecord {
            v,
            status: ExpenseStatus::Draft,
            approved_fen: None,
            paid_fen: None,
            submitted_on: None,
            approver: String::new(),
            approved_on: None,
            paid_on: None,
            reason: String::new(),
        }
    }
}

pub fn insert_expense_in(
    tx: &Transaction<'_>,
    e: &ExpenseRecord,
    batch_id: Option<i64>,
) -> AppResult<i64> {
    let now = now_text();
    tx.execute(
        "INSERT INTO expenses (spent_on, staff_id, requester, region_id, campaign_id, category_id,
             payee, description, requested_fen, approved_fen, paid_fen, status, submitted_on,
             approver, approved_on, paid_on, reason, batch_id, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?19)",
        params![
            e.v.date.to_string(),
            e.v.staff_id,
            e.v.requester,
            e.v.region_id,
            e.v.campaign_id,
            e.v.category_id,
            e.v.payee,
            e.v.description,
            e.v.requested_fen,
            e.approved_fen,
            e.paid_fen,
            e.status.code(),
            e.submitted_on.map(|d| d.to_string()),
            e.approver,
            e.approved_on.map(|d| d.to_string()),
            e.paid_on.map(|d| d.to_string()),
            e.reason,
            batch_id,
            now
        ],
    )
    .map_err(not_approved)?;
    Ok(tx.last_insert_rowid())
}

/// The store's own refusal (a CHECK or the trigger) as the sentence the rule would give.
fn not_approved(e: rusqlite::Error) -> AppError {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::ConstraintViolation) => AppError::conflict(
            Some("status"),
            "未经批准的费用一律不予报销：报销金额须有核准金额，且不超过核准金额。",
            "Nothing is paid without approval: a paid amount needs an approved amount and cannot exceed it.",
        ),
        _ => AppError::Storage(e),
    }
}

/// Save a request typed on the screen: a new one is a draft; only a draft can be edited.
pub fn save_expense(store: &mut Store, id: Option<i64>, v: &ValidExpense) -> AppResult<Expense> {
    store.write(|tx| {
        let id = match id {
            None => insert_expense_in(tx, &ExpenseRecord::draft(v.clone()), None)?,
            Some(id) => {
                let before = expense(tx, id)?;
                if before.status != ExpenseStatus::Draft {
                    return Err(AppError::conflict(
                        None,
                        "只有草稿可以修改；已提交的申请请驳回或取消后重新申请。",
                        "Only a draft can be edited; reject or cancel a submitted request and make a new one.",
                    ));
                }
                tx.execute(
                    "UPDATE expenses SET spent_on = ?2, staff_id = ?3, requester = ?4, region_id = ?5,
                         campaign_id = ?6, category_id = ?7, payee = ?8, description = ?9,
                         requested_fen = ?10, updated_at = ?11
                     WHERE id = ?1",
                    params![
                        id,
                        v.date.to_string(),
                        v.staff_id,
                        v.requester,
                        v.region_id,
                        v.campaign_id,
                        v.category_id,
                        v.payee,
                        v.description,
                        v.requested_fen,
                        now_text()
                    ],
                )?;
                id
            }
        };
        expense(tx, id)
    })
}

/// A transition with what it records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Submit {
        on: NaiveDate,
    },
    Approve {
        amount: i64,
        approver: String,
        on: NaiveDate,
    },
    Reimburse {
        amount: i64,
        on: NaiveDate,
    },
    Reject {
        reason: String,
    },
    Cancel,
}

impl Change {
    pub fn action(&self) -> ExpenseAction {
        match self {
            Change::Submit { .. } => ExpenseAction::Submit,
            Change::Approve { .. } => ExpenseAction::Approve,
            Change::Reimburse { .. } => ExpenseAction::Reimburse,
            Change::Reject { .. } => ExpenseAction::Reject,
            Change::Cancel => ExpenseAction::Cancel,
        }
    }
}

/// Apply a transition inside the caller's transaction (the core checks the budget and the
/// evidence first, on the same transaction).
pub fn change_in(tx: &Transaction<'_>, id: i64, change: &Change) -> AppResult<Expense> {
    let before = expense(tx, id)?;
    let to = transition(before.status, change.action())?;
    let now = now_text();
    match change {
        Change::Submit { on } => tx.execute(
            "UPDATE expenses SET status = ?2, submitted_on = ?3, updated_at = ?4 WHERE id = ?1",
            params![id, to.code(), on.to_string(), now],
        ),
        Change::Approve {
            amount,
            approver,
            on,
        } => tx.execute(
            "UPDATE expenses SET status = ?2, approved_fen = ?3, approver = ?4, approved_on = ?5,
                 updated_at = ?6 WHERE id = ?1",
            params![id, to.code(), amount, approver, on.to_string(), now],
        ),
        Change::Reimburse { amount, on } => tx.execute(
            "UPDATE expenses SET status = ?2, paid_fen = ?3, paid_on = ?4, updated_at = ?5
             WHERE id = ?1",
            params![id, to.code(), amount, on.to_string(), now],
        ),
        Change::Reject { reason } => tx.execute(
            "UPDATE expenses SET status = ?2, reason = ?3, updated_at = ?4 WHERE id = ?1",
            params![id, to.code(), reason, now],
        ),
        Change::Cancel => tx.execute(
            "UPDATE expenses SET status = ?2, updated_at = ?3 WHERE id = ?1",
            params![id, to.code(), now],
        ),
    }
    .map_err(not_approved)?;
    expense(tx, id)
}

/// Delete a draft (anything further along is cancelled instead, and stays on record).
pub fn delete_expense(store: &mut Store, id: i64) -> AppResult<()> {
    store.write(|tx| {
        if expense(tx, id)?.status != ExpenseStatus::Draft {
            return Err(AppError::conflict(
                None,
                "只有草稿可以删除；其他申请请取消，记录会保留。",
                "Only a draft can be deleted; cancel any other request (it stays on record).",
            ));
        }
        tx.execute("DELETE FROM expenses WHERE id = ?1", [id])?;
        Ok(())
    })
}
