//! 预算 Budget tables: categories, plans, lines and their revisions here; expense requests and
//! their transitions in `expenses`; evidence files in `evidence`; the plan and ledger import
//! batches and their undo in `sheets`. This module alone writes these tables.

mod evidence;
mod expenses;
mod sheets;

pub use evidence::*;
pub use expenses::*;
pub use sheets::*;

use super::batches::{self, UndoReport};
use super::{day_at, now_text, Store};
use crate::domain::budget::forms::ValidLine;
use crate::domain::budget::{LineKey, Period, Policy};
use crate::error::{AppError, AppResult};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::Serialize;
use ts_rs::TS;

/// The built-in 促销 category (migration 0010's second row): a campaign's promotion costs,
/// the requests its price-limit violations flag.
pub const PROMOTION_CATEGORY: i64 = 2;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct BudgetCategory {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    /// Evidence must be attached before a request of this category is reimbursed.
    pub needs_evidence: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Plan {
    #[ts(type = "number")]
    pub id: i64,
    pub year: i32,
    pub policy: Policy,
    /// When the plan was approved and its baseline locked (None: still a draft).
    pub approved_at: Option<String>,
    pub approved_by: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Line {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub plan_id: i64,
    #[ts(type = "string")]
    pub period: Period,
    #[ts(type = "number")]
    pub category_id: i64,
    pub category: String,
    #[ts(type = "number | null")]
    pub region_id: Option<i64>,
    pub region: Option<String>,
    #[ts(type = "number | null")]
    pub campaign_id: Option<i64>,
    pub campaign: Option<String>,
    #[ts(type = "number")]
    pub amount_fen: i64,
    /// The amount when the plan was approved (None: added after, or not yet approved).
    #[ts(type = "number | null")]
    pub baseline_fen: Option<i64>,
    pub note: String,
    #[ts(type = "number")]
    pub revisions: i64,
}

impl Line {
    pub fn key(&self) -> LineKey {
        LineKey {
            id: self.id,
            period: self.period,
            category_id: self.category_id,
            region_id: self.region_id,
            campaign_id: self.campaign_id,
            plan_fen: self.amount_fen,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Revision {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub line_id: i64,
    #[ts(type = "number")]
    pub old_fen: i64,
    #[ts(type = "number")]
    pub new_fen: i64,
    pub reason: String,
    pub revised_at: String,
}

pub fn categories(store: &Store) -> AppResult<Vec<BudgetCategory>> {
    store.query_all(
        "SELECT id, local_name(name, name_en), needs_evidence FROM budget_categories ORDER BY id",
        |r| {
            Ok(BudgetCategory {
                id: r.get(0)?,
                name: r.get(1)?,
                needs_evidence: r.get(2)?,
            })
        },
    )
}

/// A category by any of its names (促销, Promotion), case aside.
pub fn category_id_in(conn: &Connection, name: &str) -> AppResult<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT id FROM budget_categories
             WHERE name = ?1 COLLATE NOCASE OR (name_en <> '' AND name_en = ?1 COLLATE NOCASE)",
            [name.trim()],
            |r| r.get(0),
        )
        .optional()?)
}

/// A category by name, added when there is none yet (categories are user-extensible); the
/// flag says it was added.
pub fn category_in(tx: &Transaction<'_>, name: &str) -> AppResult<(i64, bool)> {
    if let Some(id) = category_id_in(tx, name)? {
        return Ok((id, false));
    }
    tx.execute(
        "INSERT INTO budget_categories (name, created_at) VALUES (?1, ?2)",
        params![name.trim(), now_text()],
    )?;
    Ok((tx.last_insert_rowid(), true))
}

pub fn add_category(
    store: &mut Store,
    name: &str,
    needs_evidence: bool,
) -> AppResult<BudgetCategory> {
    let name = crate::domain::value::required("name", name, "类别名称", "category name")?;
    store.write(|tx| {
        let (id, _) = category_in(tx, &name)?;
        tx.execute(
            "UPDATE budget_categories SET needs_evidence = ?2 WHERE id = ?1",
            params![id, needs_evidence],
        )?;
        Ok(BudgetCategory {
            id,
            name,
            needs_evidence,
        })
    })
}

pub fn set_needs_evidence(store: &mut Store, id: i64, needs: bool) -> AppResult<()> {
    store.write(|tx| {
        let n = tx.execute(
            "UPDATE budget_categories SET needs_evidence = ?2 WHERE id = ?1",
            params![id, needs],
        )?;
        if n == 0 {
            return Err(AppError::not_found(
                "没有这个费用类别。",
                "No such category.",
            ));
        }
        Ok(())
    })
}

const PLAN_COLUMNS: &str = "id, year, policy, approved_at, approved_by FROM budget_plans";

fn plan_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Plan> {
    let policy: String = r.get(2)?;
    Ok(Plan {
        id: r.get(0)?,
        year: r.get(1)?,
        policy: Policy::from_code(&policy).unwrap_or(Policy::Warn),
        approved_at: r.get(3)?,
        approved_by: r.get(4)?,
    })
}

pub fn plans(store: &Store) -> AppResult<Vec<Plan>> {
    store.query_all(&format!("SELECT {PLAN_COLUMNS} ORDER BY year"), plan_row)
}

pub fn plan(conn: &Connection, id: i64) -> AppResult<Plan> {
    conn.query_row(
        &format!("SELECT {PLAN_COLUMNS} WHERE id = ?1"),
        [id],
        plan_row,
    )
    .optional()?
    .ok_or_else(|| AppError::not_found("没有这个预算。", "No such budget plan."))
}

pub fn plan_of_year(conn: &Connection, year: i32) -> AppResult<Option<Plan>> {
    Ok(conn
        .query_row(
            &format!("SELECT {PLAN_COLUMNS} WHERE year = ?1"),
            [year],
            plan_row,
        )
        .optional()?)
}

/// The year's plan, made (a draft that warns) when there is none.
pub fn plan_in(tx: &Transaction<'_>, year: i32, policy: Policy) -> AppResult<(i64, bool)> {
    if let Some(p) = plan_of_year(tx, year)? {
        return Ok((p.id, false));
    }
    tx.execute(
        "INSERT INTO budget_plans (year, policy, created_at) VALUES (?1, ?2, ?3)",
        params![year, policy.code(), now_text()],
    )?;
    Ok((tx.last_insert_rowid(), true))
}

pub fn create_plan(store: &mut Store, year: i32, policy: Policy) -> AppResult<Plan> {
    store.write(|tx| {
        if plan_of_year(tx, year)?.is_some() {
            return Err(AppError::conflict(
                Some("year"),
                format!("{year} 年度的预算已经存在。"),
                format!("There is already a {year} budget plan."),
            ));
        }
        let (id, _) = plan_in(tx, year, policy)?;
        plan(tx, id)
    })
}

pub fn set_policy(store: &mut Store, id: i64, policy: Policy) -> AppResult<Plan> {
    store.write(|tx| {
        tx.execute(
            "UPDATE budget_plans SET policy = ?2 WHERE id = ?1",
            params![id, policy.code()],
        )?;
        plan(tx, id)
    })
}

/// Approve a plan: its lines' amounts become the baseline; later changes are revisions.
pub fn approve_plan(store: &mut Store, id: i64, by: &str, at: &str) -> AppResult<Plan> {
    store.write(|tx| approve_plan_in(tx, id, by, at))
}

pub fn approve_plan_in(tx: &Transaction<'_>, id: i64, by: &str, at: &str) -> AppResult<Plan> {
    {
        let p = plan(tx, id)?;
        if p.approved_at.is_some() {
            return Err(AppError::conflict(
                None,
                format!(
                    "{} 年度预算已经批准过了；调整请逐项修改并写明原因。",
                    p.year
                ),
                format!(
                    "The {} plan is already approved; revise its lines with a reason.",
                    p.year
                ),
            ));
        }
        tx.execute(
            "UPDATE budget_plans SET approved_at = ?2, approved_by = ?3 WHERE id = ?1",
            params![id, at, by.trim()],
        )?;
        tx.execute(
            "UPDATE budget_lines SET baseline_fen = amount_fen WHERE plan_id = ?1",
            [id],
        )?;
        plan(tx, id)
    }
}

const LINE_COLUMNS: &str =
    "l.id, l.plan_id, l.period, l.category_id, local_name(c.name, c.name_en),
    l.region_id, local_name(g.short_name, g.name_en), l.campaign_id, k.name, l.amount_fen,
    l.baseline_fen, l.note, (SELECT count(*) FROM budget_revisions v WHERE v.line_id = l.id)
    FROM budget_lines l JOIN budget_categories c ON c.id = l.category_id
    LEFT JOIN regions g ON g.id = l.region_id LEFT JOIN campaigns k ON k.id = l.campaign_id";

fn line_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Line> {
    let period: String = r.get(2)?;
    Ok(Line {
        id: r.get(0)?,
        plan_id: r.get(1)?,
        period: Period::parse(&period).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                2,
                rusqlite::types::Type::Text,
                format!("budget period {period:?}").into(),
            )
        })?,
        category_id: r.get(3)?,
        category: r.get(4)?,
        region_id: r.get(5)?,
        region: r.get(6)?,
        campaign_id: r.get(7)?,
        campaign: r.get(8)?,
        amount_fen: r.get(9)?,
        baseline_fen: r.get(10)?,
        note: r.get(11)?,
        revisions: r.get(12)?,
    })
}

/// A plan's lines: categories in their order (built-in first), then period, region, campaign.
pub fn lines(conn: &Connection, plan_id: i64) -> AppResult<Vec<Line>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {LINE_COLUMNS} WHERE l.plan_id = ?1
         ORDER BY l.category_id, l.starts_on, l.ends_on DESC, l.region_id IS NOT NULL, l.region_id,
                  l.campaign_id IS NOT NULL, l.campaign_id, l.id"
    ))?;
    let rows = st.query_map([plan_id], line_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn line(conn: &Connection, id: i64) -> AppResult<Line> {
    conn.query_row(
        &format!("SELECT {LINE_COLUMNS} WHERE l.id = ?1"),
        [id],
        line_row,
    )
    .optional()?
    .ok_or_else(|| AppError::not_found("没有这一预算行。", "No such plan line."))
}

/// The line with this key in the plan, if any.
pub fn line_with_key_in(conn: &Connection, plan_id: i64, v: &ValidLine) -> AppResult<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT id FROM budget_lines WHERE plan_id = ?1 AND period = ?2 AND category_id = ?3
               AND ifnull(region_id, 0) = ifnull(?4, 0) AND ifnull(campaign_id, 0) = ifnull(?5, 0)",
            params![
                plan_id,
                v.period.code(),
                v.category_id,
                v.region_id,
                v.campaign_id
            ],
            |r| r.get(0),
        )
        .optional()?)
}

/// Add a line; `baseline` is its amount when added to an already approved plan it is not.
pub fn insert_line_in(
    tx: &Transaction<'_>,
    plan_id: i64,
    v: &ValidLine,
    batch_id: Option<i64>,
) -> AppResult<i64> {
    tx.execute(
        "INSERT INTO budget_lines (plan_id, period, starts_on, ends_on, category_id, region_id,
             campaign_id, amount_fen, note, batch_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            plan_id,
            v.period.code(),
            v.period.starts().to_string(),
            v.period.ends().to_string(),
            v.category_id,
            v.region_id,
            v.campaign_id,
            v.amount_fen,
            v.note,
            batch_id,
            now_text()
        ],
    )
    .map_err(duplicate_line)?;
    Ok(tx.last_insert_rowid())
}

fn duplicate_line(e: rusqlite::Error) -> AppError {
    super::unique_violation(
        e,
        "period",
        "这一期间、类别、区域和活动的预算行已经存在，请修改那一行。",
        "A line for this period, category, region and campaign already exists; change that line.",
    )
}

/// Change a line's amount; in an approved plan, keep the revision (old, new, why, when).
pub fn revise_line_in(
    tx: &Transaction<'_>,
    id: i64,
    v: &ValidLine,
    revision: Option<(&str, Option<i64>)>,
) -> AppResult<()> {
    let old: i64 = tx.query_row(
        "SELECT amount_fen FROM budget_lines WHERE id = ?1",
        [id],
        |r| r.get(0),
    )?;
    tx.execute(
        "UPDATE budget_lines SET period = ?2, starts_on = ?3, ends_on = ?4, category_id = ?5,
             region_id = ?6, campaign_id = ?7, amount_fen = ?8, note = ?9
         WHERE id = ?1",
        params![
            id,
            v.period.code(),
            v.period.starts().to_string(),
            v.period.ends().to_string(),
            v.category_id,
            v.region_id,
            v.campaign_id,
            v.amount_fen,
            v.note
        ],
    )
    .map_err(duplicate_line)?;
    if let Some((reason, batch_id)) = revision {
        if old != v.amount_fen {
            tx.execute(
                "INSERT INTO budget_revisions (line_id, old_fen, new_fen, reason, batch_id, revised_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![id, old, v.amount_fen, reason, batch_id, now_text()],
            )?;
        }
    }
    Ok(())
}

/// Save a line typed on the screen: in an approved plan a change needs its reason (kept as a
/// revision) and the line's key stays; a new line there starts without a baseline.
pub fn save_line(
    store: &mut Store,
    id: Option<i64>,
    plan_id: i64,
    v: &ValidLine,
) -> AppResult<Line> {
    store.write(|tx| {
        let p = plan(tx, plan_id)?;
        let approved = p.approved_at.is_some();
        if approved && v.reason.is_empty() {
            return Err(AppError::invalid(
                "reason",
                "预算已批准：调整须写明原因，原数与调整记录都会保留。",
                "The plan is approved: a change needs its reason; the baseline and every revision are kept.",
            ));
        }
        let line_id = match id {
            Some(id) => {
                let before = line(tx, id)?;
                if approved && before.key() != (LineKey { plan_fen: before.amount_fen, ..v_key(id, v) }) {
                    return Err(AppError::invalid(
                        "period",
                        "预算已批准：只能调整金额；其他期间、类别、区域或活动请新增一行。",
                        "The plan is approved: only the amount can change; add a new line for another period, category, region or campaign.",
                    ));
                }
                revise_line_in(tx, id, v, approved.then_some((v.reason.as_str(), None)))?;
                id
            }
            None => {
                let id = insert_line_in(tx, plan_id, v, None)?;
                if approved {
                    tx.execute(
                        "INSERT INTO budget_revisions (line_id, old_fen, new_fen, reason, revised_at)
                         VALUES (?1, 0, ?2, ?3, ?4)",
                        params![id, v.amount_fen, v.reason, now_text()],
                    )?;
                }
                id
            }
        };
        line(tx, line_id)
    })
}

fn v_key(id: i64, v: &ValidLine) -> LineKey {
    LineKey {
        id,
        period: v.period,
        category_id: v.category_id,
        region_id: v.region_id,
        campaign_id: v.campaign_id,
        plan_fen: v.amount_fen,
    }
}

/// Delete a line of a plan not yet approved (an approved one's lines are revised to zero).
pub fn delete_line(store: &mut Store, id: i64) -> AppResult<()> {
    store.write(|tx| {
        let l = line(tx, id)?;
        if plan(tx, l.plan_id)?.approved_at.is_some() {
            return Err(AppError::conflict(
                None,
                "预算已批准，不能删除预算行；如不再需要，请把金额调整为 0 并写明原因。",
                "The plan is approved: its lines cannot be deleted; revise the amount to 0 with a reason instead.",
            ));
        }
        tx.execute("DELETE FROM budget_lines WHERE id = ?1", [id])?;
        Ok(())
    })
}

pub fn revisions(store: &Store, line_id: i64) -> AppResult<Vec<Revision>> {
    let mut st = store.conn().prepare(
        "SELECT id, line_id, old_fen, new_fen, reason, revised_at FROM budget_revisions
         WHERE line_id = ?1 ORDER BY id",
    )?;
    let rows = st.query_map([line_id], |r| {
        Ok(Revision {
            id: r.get(0)?,
            line_id: r.get(1)?,
            old_fen: r.get(2)?,
            new_fen: r.get(3)?,
            reason: r.get(4)?,
            revised_at: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
