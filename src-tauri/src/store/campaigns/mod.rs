//! Campaign tables, a file per job: here campaigns and sub-activities with their regions and
//! status history; `work` (tasks, dependencies, materials, groups, due lists), `templates`,
//! `offers` (special prices and terminal price limits), `compliance` (price-limit checks and
//! price position, read from the sightings), `results`, `sheets` (the schedule and price-limit
//! import batches and their undo).

mod compliance;
mod offers;
mod results;
mod sheets;
mod templates;
mod work;

pub use compliance::*;
pub use offers::*;
pub use results::*;
pub use sheets::*;
pub use templates::*;
pub use work::*;

use super::batches::{self, UndoReport};
use super::{day_at, now_text, Store};
use crate::domain::campaigns::forms::{CampaignInput, OfferInput, ValidCampaign, ValidOffer};
use crate::domain::campaigns::{self as rules, CampaignKind, GapBand, Limit, Status, WorkStatus};
use crate::error::{AppError, AppResult};
use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RegionRef {
    #[ts(type = "number")]
    pub id: i64,
    /// Short name in the store's language (山东 / Shandong).
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Campaign {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number | null")]
    pub parent_id: Option<i64>,
    pub name: String,
    pub kind: CampaignKind,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub regions: Vec<RegionRef>,
    pub owner: String,
    pub theme: String,
    #[ts(type = "number | null")]
    pub target_units: Option<i64>,
    #[ts(type = "number | null")]
    pub target_revenue_fen: Option<i64>,
    pub objectives: String,
    pub notes: String,
    pub holiday_year: Option<i32>,
    pub holiday_name: Option<String>,
    pub status: Status,
    /// Where the status may go from here.
    pub next: Vec<Status>,
}

const CAMPAIGN_COLUMNS: &str = "c.id, c.parent_id, c.name, c.kind, c.start_on, c.end_on, c.owner, c.theme,
    c.target_units, c.target_revenue_fen, c.objectives, c.notes, c.holiday_year, c.holiday_name, c.status,
    coalesce((SELECT group_concat(r.id || char(31) || local_name(r.short_name, r.name_en), char(30))
              FROM campaign_regions cr JOIN regions r ON r.id = cr.region_id
              WHERE cr.campaign_id = c.id ORDER BY r.code IS NULL, r.code, r.id), '')";

fn campaign_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Campaign> {
    let status = Status::from_code(&r.get::<_, String>(14)?);
    let regions: String = r.get(15)?;
    Ok(Campaign {
        id: r.get(0)?,
        parent_id: r.get(1)?,
        name: r.get(2)?,
        kind: CampaignKind::from_code(&r.get::<_, String>(3)?),
        start: day_at(r, 4)?.unwrap_or_default(),
        end: day_at(r, 5)?.unwrap_or_default(),
        owner: r.get(6)?,
        theme: r.get(7)?,
        target_units: r.get(8)?,
        target_revenue_fen: r.get(9)?,
        objectives: r.get(10)?,
        notes: r.get(11)?,
        holiday_year: r.get(12)?,
        holiday_name: r.get(13)?,
        status,
        next: status.next(),
        regions: regions
            .split('\u{1e}')
            .filter_map(|p| {
                let (id, name) = p.split_once('\u{1f}')?;
                Some(RegionRef {
                    id: id.parse().ok()?,
                    name: name.to_string(),
                })
            })
            .collect(),
    })
}

/// Every campaign and sub-activity, by start date.
pub fn list(store: &Store) -> AppResult<Vec<Campaign>> {
    store.query_all(
        &format!("SELECT {CAMPAIGN_COLUMNS} FROM campaigns c ORDER BY c.start_on, c.parent_id IS NOT NULL, c.id"),
        campaign_from_row,
    )
}

/// Campaigns that overlap [from, to].
pub fn list_between(store: &Store, from: NaiveDate, to: NaiveDate) -> AppResult<Vec<Campaign>> {
    let mut st = store.conn().prepare_cached(&format!(
        "SELECT {CAMPAIGN_COLUMNS} FROM campaigns c WHERE c.start_on <= ?2 AND c.end_on >= ?1
         ORDER BY c.start_on, c.parent_id IS NOT NULL, c.id"
    ))?;
    let rows = st.query_map(params![from.to_string(), to.to_string()], campaign_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The campaigns with these ids (unknown ids are left out), in one read.
pub fn list_by_ids(store: &Store, ids: &[i64]) -> AppResult<Vec<Campaign>> {
    let ids = serde_json::to_string(ids).map_err(|e| AppError::Internal(e.to_string()))?;
    let mut st = store.conn().prepare_cached(&format!(
        "SELECT {CAMPAIGN_COLUMNS} FROM campaigns c WHERE c.id IN (SELECT value FROM json_each(?1))"
    ))?;
    let rows = st.query_map([ids], campaign_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn not_found() -> AppError {
    AppError::not_found("这个活动已不存在。", "This campaign no longer exists.")
}

pub fn get(store: &Store, id: i64) -> AppResult<Campaign> {
    get_in(store.conn(), id)
}

fn get_in(conn: &rusqlite::Connection, id: i64) -> AppResult<Campaign> {
    conn.query_row(
        &format!("SELECT {CAMPAIGN_COLUMNS} FROM campaigns c WHERE c.id = ?1"),
        [id],
        campaign_from_row,
    )
    .optional()?
    .ok_or_else(not_found)
}

/// A campaign by id or exact name (the CLI's CAMPAIGN argument); an unknown one is named.
pub fn find(store: &Store, id_or_name: &str) -> AppResult<i64> {
    let key = id_or_name.trim();
    let found: Option<i64> = store
        .conn()
        .query_row(
            "SELECT id FROM campaigns WHERE name = ?1 ORDER BY parent_id IS NOT NULL, start_on DESC LIMIT 1",
            [key],
            |r| r.get(0),
        )
        .optional()?;
    let found = match found {
        Some(id) => Some(id),
        None => match key.parse::<i64>() {
            Ok(id) => store
                .conn()
                .query_row("SELECT id FROM campaigns WHERE id = ?1", [id], |r| r.get(0))
                .optional()?,
            Err(_) => None,
        },
    };
    found.ok_or_else(|| {
        AppError::not_found(
            format!("找不到活动“{key}”：请用活动编号或完整的活动名称。"),
            format!("No campaign “{key}”: give its number or its exact name."),
        )
    })
}

fn check_regions(tx: &Transaction<'_>, v: &ValidCampaign) -> AppResult<()> {
    for id in &v.region_ids {
        let ok: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM regions WHERE id = ?1)",
            [id],
            |r| r.get(0),
        )?;
        if !ok {
            return Err(AppError::invalid(
                "region_ids",
                "所选区域已不存在，请重新选择。",
                "A chosen region no longer exists; choose again.",
            ));
        }
    }
    Ok(())
}

fn check_parent(tx: &Transaction<'_>, v: &ValidCampaign, own_id: Option<i64>) -> AppResult<()> {
    let Some(pid) = v.parent_id else {
        return Ok(());
    };
    if Some(pid) == own_id {
        return Err(AppError::invalid(
            "parent_id",
            "活动不能是自己的子活动。",
            "A campaign cannot be its own sub-activity.",
        ));
    }
    if let Some(id) = own_id {
        let has_children: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM campaigns WHERE parent_id = ?1)",
            [id],
            |r| r.get(0),
        )?;
        if has_children {
            return Err(AppError::invalid(
                "parent_id",
                "这个活动有自己的子活动，不能再作为别的活动的子活动。",
                "This campaign has sub-activities of its own, so it cannot become a sub-activity.",
            ));
        }
    }
    let parent = get_in(tx, pid)?;
    if parent.parent_id.is_some() {
        return Err(AppError::invalid(
            "parent_id",
            "子活动下不能再建子活动。",
            "A sub-activity cannot have sub-activities of its own.",
        ));
    }
    rules::check_inside_parent(v.start, v.end, parent.start, parent.end, &parent.name)
}

fn clash(e: rusqlite::Error, name: &str, start: NaiveDate) -> AppError {
    crate::store::unique_violation(
        e,
        "name",
        format!("已有同名、同一天开始的活动“{name}”（{start}）。"),
        format!("There is already a campaign “{name}” starting on {start}."),
    )
}

/// Write a campaign's own fields (insert or update) and its regions; returns its id.
pub(crate) fn write_campaign(
    tx: &Transaction<'_>,
    id: Option<i64>,
    v: &ValidCampaign,
    batch_id: Option<i64>,
) -> AppResult<i64> {
    let (hy, hn) = match &v.holiday {
        Some((y, n)) => (Some(*y), Some(n.as_str())),
        None => (None, None),
    };
    let id = match id {
        Some(id) => {
            let n = tx
                .execute(
                    "UPDATE campaigns SET parent_id = ?2, name = ?3, kind = ?4, start_on = ?5, end_on = ?6,
                       owner = ?7, theme = ?8, target_units = ?9, target_revenue_fen = ?10, objectives = ?11,
                       notes = ?12, holiday_year = ?13, holiday_name = ?14 WHERE id = ?1",
                    params![id, v.parent_id, v.name, v.kind.code(), v.start.to_string(), v.end.to_string(),
                        v.owner, v.theme, v.target_units, v.target_revenue_fen, v.objectives, v.notes, hy, hn],
                )
                .map_err(|e| clash(e, &v.name, v.start))?;
            if n == 0 {
                return Err(not_found());
            }
            id
        }
        None => {
            tx.execute(
                "INSERT INTO campaigns (parent_id, name, kind, start_on, end_on, owner, theme, target_units,
                   target_revenue_fen, objectives, notes, holiday_year, holiday_name, status, created_batch_id, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 'draft', ?14, ?15)",
                params![v.parent_id, v.name, v.kind.code(), v.start.to_string(), v.end.to_string(), v.owner,
                    v.theme, v.target_units, v.target_revenue_fen, v.objectives, v.notes, hy, hn, batch_id, now_text()],
            )
            .map_err(|e| clash(e, &v.name, v.start))?;
            let id = tx.last_insert_rowid();
            tx.execute(
                "INSERT INTO campaign_status_log (campaign_id, from_status, to_status, at, note) VALUES (?1, NULL, 'draft', ?2, '')",
                params![id, now_text()],
            )?;
            id
        }
    };
    tx.execute("DELETE FROM campaign_regions WHERE campaign_id = ?1", [id])?;
    for r in &v.region_ids {
        tx.execute(
            "INSERT INTO campaign_regions (campaign_id, region_id) VALUES (?1, ?2)",
            params![id, r],
        )?;
    }
    Ok(id)
}

pub fn save(store: &mut Store, input: &CampaignInput) -> AppResult<i64> {
    let v = input.validated()?;
    store.write(|tx| {
        check_regions(tx, &v)?;
        check_parent(tx, &v, input.id)?;
        if let Some(id) = input.id {
            // Children must still fit inside a moved parent.
            let outside: Option<String> = tx
                .query_row(
                    "SELECT name FROM campaigns WHERE parent_id = ?1 AND (start_on < ?2 OR end_on > ?3) LIMIT 1",
                    params![id, v.start.to_string(), v.end.to_string()],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(child) = outside {
                return Err(AppError::invalid(
                    "start",
                    format!("子活动“{child}”会落在新的日期之外，请先调整它。"),
                    format!("The sub-activity “{child}” would fall outside the new dates; change it first."),
                ));
            }
        }
        write_campaign(tx, input.id, &v, None)
    })
}

pub fn delete(store: &mut Store, id: i64) -> AppResult<()> {
    store.write(|tx| {
        // Money and training point at a campaign: it is not deleted from under them.
        let (expenses, lines, programs): (i64, i64, i64) = tx.query_row(
            "SELECT (SELECT count(*) FROM expenses WHERE campaign_id = ?1),
                    (SELECT count(*) FROM budget_lines WHERE campaign_id = ?1),
                    (SELECT count(*) FROM training_programs WHERE campaign_id = ?1)",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        if expenses + lines + programs > 0 {
            return Err(AppError::conflict(
                None,
                format!("这个活动还有 {expenses} 笔费用申请、{lines} 条预算行和 {programs} 门培训课程，不能删除；不再进行的活动请改为“已取消”。"),
                format!("This campaign still has {expenses} expense requests, {lines} budget lines and {programs} training programs, so it cannot be deleted; set a campaign that will not happen to Cancelled."),
            ));
        }
        if tx.execute("DELETE FROM campaigns WHERE id = ?1", [id])? == 0 {
            return Err(not_found());
        }
        Ok(())
    })
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct StatusChange {
    pub from: Option<Status>,
    pub to: Status,
    /// Local time, 2026-04-02T09:30:00.
    pub at: String,
    pub note: String,
}

/// Move a campaign along Draft → Planned → Approved → Running → Done (or Cancelled), with
/// the time and an optional note in its history.
pub fn set_status(store: &mut Store, id: i64, to: Status, note: &str) -> AppResult<()> {
    store.write(|tx| set_status_in(tx, id, to, note, &now_text()))
}

pub(crate) fn set_status_in(
    tx: &Transaction<'_>,
    id: i64,
    to: Status,
    note: &str,
    at: &str,
) -> AppResult<()> {
    let from: String = tx
        .query_row("SELECT status FROM campaigns WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?
        .ok_or_else(not_found)?;
    let from = Status::from_code(&from);
    from.check_transition(to)?;
    tx.execute(
        "UPDATE campaigns SET status = ?2 WHERE id = ?1",
        params![id, to.code()],
    )?;
    tx.execute(
        "INSERT INTO campaign_status_log (campaign_id, from_status, to_status, at, note) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, from.code(), to.code(), at, note.trim()],
    )?;
    Ok(())
}

/// When a campaign was drafted, for a history that began before it was typed in (the sample).
pub(crate) fn backdate_draft_in(tx: &Transaction<'_>, id: i64, at: &str) -> AppResult<()> {
    tx.execute(
        "UPDATE campaign_status_log SET at = ?2 WHERE campaign_id = ?1 AND from_status IS NULL",
        params![id, at],
    )?;
    Ok(())
}

pub fn status_history(store: &Store, id: i64) -> AppResult<Vec<StatusChange>> {
    let mut st = store.conn().prepare_cached(
        "SELECT from_status, to_status, at, note FROM campaign_status_log WHERE campaign_id = ?1 ORDER BY id",
    )?;
    let rows = st.query_map([id], |r| {
        Ok(StatusChange {
            from: r
                .get::<_, Option<String>>(0)?
                .map(|s| Status::from_code(&s)),
            to: Status::from_code(&r.get::<_, String>(1)?),
            at: r.get(2)?,
            note: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
