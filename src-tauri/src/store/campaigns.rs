//! Campaign tables: campaigns and sub-activities with their regions and status history,
//! tasks (with dependencies) and materials, templates, special-price offers with terminal
//! price limits, typed-in results; the compliance and price-position queries; and the
//! batches of the schedule and price-limit imports.

use super::batches::{self, UndoReport};
use super::{day_at, now_text, Store};
use crate::domain::campaigns::{self as rules, CampaignKind, GapBand, Limit, Status, WorkStatus};
use crate::error::{AppError, AppResult};
use crate::import::parse::{date_input, parse_price_text};
use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
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

/// A campaign as typed in the form: dates and money as typed, parsed here.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[ts(export)]
pub struct CampaignInput {
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    #[ts(type = "number | null")]
    pub parent_id: Option<i64>,
    pub name: String,
    pub kind: Option<CampaignKind>,
    pub start: String,
    pub end: String,
    #[ts(type = "Array<number>")]
    pub region_ids: Vec<i64>,
    pub owner: String,
    pub theme: String,
    /// Units, as typed ("12,000").
    pub target_units: String,
    /// Yuan, as typed ("¥3,600,000").
    pub target_revenue: String,
    pub objectives: String,
    pub notes: String,
    pub holiday_year: Option<i32>,
    pub holiday_name: Option<String>,
}

/// A checked campaign, ready to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidCampaign {
    pub parent_id: Option<i64>,
    pub name: String,
    pub kind: CampaignKind,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub region_ids: Vec<i64>,
    pub owner: String,
    pub theme: String,
    pub target_units: Option<i64>,
    pub target_revenue_fen: Option<i64>,
    pub objectives: String,
    pub notes: String,
    pub holiday: Option<(i32, String)>,
}

fn optional_count(raw: &str, field: &str) -> AppResult<Option<i64>> {
    let t: String = crate::import::parse::to_half_width(raw.trim())
        .chars()
        .filter(|c| *c != ',')
        .collect();
    let t = t.trim_end_matches(['台', '辆']);
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<i64>()
        .ok()
        .filter(|n| *n >= 0)
        .map(Some)
        .ok_or_else(|| {
            AppError::invalid(
                field,
                format!("“{raw}”不是有效的数量，请填写整数，例如 12000。"),
                format!("“{raw}” is not a valid number; enter a whole number such as 12000."),
            )
        })
}

fn optional_money(raw: &str, field: &str) -> AppResult<Option<i64>> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    parse_price_text(raw).map(Some).ok_or_else(|| {
        AppError::invalid(
            field,
            format!(
                "金额“{}”无法识别，请填写数字，例如 3,600,000 或 3299.00。",
                raw.trim()
            ),
            format!(
                "The amount “{}” cannot be read; enter a number such as 3,600,000 or 3299.00.",
                raw.trim()
            ),
        )
    })
}

fn required_money(raw: &str, field: &str, zh: &str, en: &str) -> AppResult<i64> {
    optional_money(raw, field)?
        .filter(|v| *v > 0)
        .ok_or_else(|| {
            AppError::invalid(
                field,
                format!("请填写大于 0 的{zh}，例如 3299。"),
                format!("Enter a {en} above 0, e.g. 3299."),
            )
        })
}

impl CampaignInput {
    pub fn validated(&self) -> AppResult<ValidCampaign> {
        let name = rules::required("name", &self.name, "活动名称", "campaign name")?;
        let kind = self.kind.ok_or_else(|| {
            AppError::invalid("kind", "请选择活动类型。", "Choose the campaign type.")
        })?;
        let start = date_input(&self.start, "start")?;
        let end = date_input(&self.end, "end")?;
        rules::check_dates(start, end, "end")?;
        let mut region_ids = self.region_ids.clone();
        region_ids.sort_unstable();
        region_ids.dedup();
        Ok(ValidCampaign {
            parent_id: self.parent_id,
            name,
            kind,
            start,
            end,
            region_ids,
            owner: self.owner.trim().to_string(),
            theme: self.theme.trim().to_string(),
            target_units: optional_count(&self.target_units, "target_units")?,
            target_revenue_fen: optional_money(&self.target_revenue, "target_revenue")?,
            objectives: self.objectives.trim().to_string(),
            notes: self.notes.trim().to_string(),
            holiday: match (self.holiday_year, &self.holiday_name) {
                (Some(y), Some(n)) if !n.trim().is_empty() => Some((y, n.trim().to_string())),
                _ => None,
            },
        })
    }
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
    super::unique_violation(
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

// ---------------------------------------------------------------------------------------
// Tasks, materials, groups

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct TaskGroup {
    #[ts(type = "number")]
    pub id: i64,
    /// In the store's language.
    pub name: String,
    pub builtin: bool,
}

pub fn list_groups(store: &Store) -> AppResult<Vec<TaskGroup>> {
    store.query_all(
        "SELECT id, local_name(name, name_en), builtin FROM task_groups ORDER BY builtin DESC, id",
        |r| {
            Ok(TaskGroup {
                id: r.get(0)?,
                name: r.get(1)?,
                builtin: r.get(2)?,
            })
        },
    )
}

/// Add a group of the user's own (企划 … 其他 are built in).
pub fn add_group(store: &mut Store, name: &str) -> AppResult<i64> {
    let name = rules::required("name", name, "分组名称", "group name")?;
    store.write(|tx| {
        tx.execute(
            "INSERT INTO task_groups (name, builtin) VALUES (?1, 0)",
            [&name],
        )
        .map_err(|e| {
            super::unique_violation(
                e,
                "name",
                format!("已有分组“{name}”。"),
                format!("There is already a group “{name}”."),
            )
        })?;
        Ok(tx.last_insert_rowid())
    })
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Task {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub campaign_id: i64,
    pub title: String,
    #[ts(type = "number")]
    pub group_id: i64,
    pub group: String,
    pub owner: String,
    pub start: NaiveDate,
    pub due: NaiveDate,
    pub status: WorkStatus,
    pub done_on: Option<NaiveDate>,
    #[ts(type = "Array<number>")]
    pub depends_on: Vec<i64>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct TaskInput {
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    #[ts(type = "number")]
    pub campaign_id: i64,
    pub title: String,
    #[ts(type = "number | null")]
    pub group_id: Option<i64>,
    pub owner: String,
    pub start: String,
    pub due: String,
    pub status: WorkStatus,
    #[ts(type = "Array<number>")]
    pub depends_on: Vec<i64>,
}

const TASK_SQL: &str = "SELECT t.id, t.campaign_id, t.title, t.group_id, local_name(g.name, g.name_en), t.owner,
        t.start_on, t.due_on, t.status, t.done_on,
        coalesce((SELECT group_concat(depends_on) FROM task_dependencies d WHERE d.task_id = t.id), '')
     FROM campaign_tasks t JOIN task_groups g ON g.id = t.group_id";

fn task_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Task> {
    let deps: String = r.get(10)?;
    Ok(Task {
        id: r.get(0)?,
        campaign_id: r.get(1)?,
        title: r.get(2)?,
        group_id: r.get(3)?,
        group: r.get(4)?,
        owner: r.get(5)?,
        start: day_at(r, 6)?.unwrap_or_default(),
        due: day_at(r, 7)?.unwrap_or_default(),
        status: WorkStatus::from_code(&r.get::<_, String>(8)?),
        done_on: day_at(r, 9)?,
        depends_on: deps.split(',').filter_map(|s| s.parse().ok()).collect(),
    })
}

pub fn list_tasks(store: &Store, campaign_id: i64) -> AppResult<Vec<Task>> {
    let mut st = store.conn().prepare_cached(&format!(
        "{TASK_SQL} WHERE t.campaign_id = ?1 ORDER BY t.start_on, t.due_on, t.id"
    ))?;
    let rows = st.query_map([campaign_id], task_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Tasks of the campaigns overlapping or due within [from, to].
pub fn list_tasks_between(store: &Store, from: NaiveDate, to: NaiveDate) -> AppResult<Vec<Task>> {
    let mut st = store.conn().prepare_cached(&format!(
        "{TASK_SQL} WHERE t.start_on <= ?2 AND t.due_on >= ?1 ORDER BY t.campaign_id, t.start_on, t.id"
    ))?;
    let rows = st.query_map(params![from.to_string(), to.to_string()], task_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn done_on_for(
    tx: &Transaction<'_>,
    table: &str,
    id: Option<i64>,
    status: WorkStatus,
    today: NaiveDate,
) -> AppResult<Option<String>> {
    if status != WorkStatus::Done {
        return Ok(None);
    }
    // Keep the day it was first marked done.
    let kept: Option<Option<String>> = match id {
        Some(id) => tx
            .query_row(
                &format!("SELECT done_on FROM {table} WHERE id = ?1"),
                [id],
                |r| r.get(0),
            )
            .optional()?,
        None => None,
    };
    Ok(Some(kept.flatten().unwrap_or_else(|| today.to_string())))
}

pub fn save_task(store: &mut Store, input: &TaskInput, today: NaiveDate) -> AppResult<i64> {
    let title = rules::required("title", &input.title, "任务名称", "task title")?;
    let group_id = input
        .group_id
        .ok_or_else(|| AppError::invalid("group_id", "请选择分组。", "Choose the group."))?;
    let due = date_input(&input.due, "due")?;
    let start = if input.start.trim().is_empty() {
        due
    } else {
        date_input(&input.start, "start")?
    };
    rules::check_dates(start, due, "due")?;
    store.write(|tx| {
        let campaign_ok: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM campaigns WHERE id = ?1)",
            [input.campaign_id],
            |r| r.get(0),
        )?;
        if !campaign_ok {
            return Err(not_found());
        }
        let done_on = done_on_for(tx, "campaign_tasks", input.id, input.status, today)?;
        let id = match input.id {
            Some(id) => {
                let n = tx.execute(
                    "UPDATE campaign_tasks SET title = ?2, group_id = ?3, owner = ?4, start_on = ?5, due_on = ?6,
                       status = ?7, done_on = ?8 WHERE id = ?1 AND campaign_id = ?9",
                    params![id, title, group_id, input.owner.trim(), start.to_string(), due.to_string(),
                        input.status.code(), done_on, input.campaign_id],
                )?;
                if n == 0 {
                    return Err(AppError::not_found("这个任务已不存在。", "This task no longer exists."));
                }
                id
            }
            None => {
                tx.execute(
                    "INSERT INTO campaign_tasks (campaign_id, title, group_id, owner, start_on, due_on, status, done_on, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                    params![input.campaign_id, title, group_id, input.owner.trim(), start.to_string(),
                        due.to_string(), input.status.code(), done_on, now_text()],
                )?;
                tx.last_insert_rowid()
            }
        };
        set_dependencies(tx, id, input.campaign_id, &input.depends_on)?;
        Ok(id)
    })
}

/// Replace a task's dependencies; a cycle is refused, naming it (A → B → A).
fn set_dependencies(
    tx: &Transaction<'_>,
    task: i64,
    campaign_id: i64,
    depends_on: &[i64],
) -> AppResult<()> {
    tx.execute("DELETE FROM task_dependencies WHERE task_id = ?1", [task])?;
    let mut edges: Vec<(i64, i64)> = {
        let mut st = tx.prepare(
            "SELECT d.task_id, d.depends_on FROM task_dependencies d
             JOIN campaign_tasks t ON t.id = d.task_id WHERE t.campaign_id = ?1",
        )?;
        let rows = st.query_map([campaign_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<Result<_, _>>()?
    };
    for dep in depends_on {
        let same_campaign: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM campaign_tasks WHERE id = ?1 AND campaign_id = ?2)",
            params![dep, campaign_id],
            |r| r.get(0),
        )?;
        if !same_campaign {
            return Err(AppError::invalid(
                "depends_on",
                "只能依赖同一活动里的任务。",
                "A task can only depend on tasks of the same campaign.",
            ));
        }
        if let Some(cycle) = rules::dependency_cycle(&edges, task, *dep) {
            let mut names = Vec::with_capacity(cycle.len());
            for id in &cycle {
                names.push(
                    tx.query_row(
                        "SELECT title FROM campaign_tasks WHERE id = ?1",
                        [id],
                        |r| r.get::<_, String>(0),
                    )
                    .optional()?
                    .unwrap_or_default(),
                );
            }
            let chain = names.join(" → ");
            return Err(AppError::invalid(
                "depends_on",
                format!("依赖关系成环：{chain}。请去掉其中一个依赖。"),
                format!("The dependencies form a cycle: {chain}. Remove one of them."),
            ));
        }
        tx.execute(
            "INSERT OR IGNORE INTO task_dependencies (task_id, depends_on) VALUES (?1, ?2)",
            params![task, dep],
        )?;
        edges.push((task, *dep));
    }
    Ok(())
}

pub fn delete_task(store: &mut Store, id: i64) -> AppResult<()> {
    store.write(|tx| {
        tx.execute("DELETE FROM campaign_tasks WHERE id = ?1", [id])?;
        Ok(())
    })
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Material {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub campaign_id: i64,
    pub item: String,
    #[ts(type = "number")]
    pub quantity: i64,
    pub owner: String,
    pub due: NaiveDate,
    pub status: WorkStatus,
    pub done_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct MaterialInput {
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    #[ts(type = "number")]
    pub campaign_id: i64,
    pub item: String,
    pub quantity: String,
    pub owner: String,
    pub due: String,
    pub status: WorkStatus,
}

fn material_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Material> {
    Ok(Material {
        id: r.get(0)?,
        campaign_id: r.get(1)?,
        item: r.get(2)?,
        quantity: r.get(3)?,
        owner: r.get(4)?,
        due: day_at(r, 5)?.unwrap_or_default(),
        status: WorkStatus::from_code(&r.get::<_, String>(6)?),
        done_on: day_at(r, 7)?,
    })
}

const MATERIAL_SQL: &str =
    "SELECT id, campaign_id, item, quantity, owner, due_on, status, done_on FROM campaign_materials";

pub fn list_materials(store: &Store, campaign_id: i64) -> AppResult<Vec<Material>> {
    let mut st = store.conn().prepare_cached(&format!(
        "{MATERIAL_SQL} WHERE campaign_id = ?1 ORDER BY due_on, id"
    ))?;
    let rows = st.query_map([campaign_id], material_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn list_materials_between(
    store: &Store,
    from: NaiveDate,
    to: NaiveDate,
) -> AppResult<Vec<Material>> {
    let mut st = store.conn().prepare_cached(&format!(
        "{MATERIAL_SQL} WHERE due_on BETWEEN ?1 AND ?2 ORDER BY due_on, id"
    ))?;
    let rows = st.query_map(params![from.to_string(), to.to_string()], material_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn save_material(store: &mut Store, input: &MaterialInput, today: NaiveDate) -> AppResult<i64> {
    let item = rules::required("item", &input.item, "物料名称", "item")?;
    let quantity = optional_count(&input.quantity, "quantity")?.unwrap_or(0);
    let due = date_input(&input.due, "due")?;
    store.write(|tx| {
        let done_on = done_on_for(tx, "campaign_materials", input.id, input.status, today)?;
        match input.id {
            Some(id) => {
                let n = tx.execute(
                    "UPDATE campaign_materials SET item = ?2, quantity = ?3, owner = ?4, due_on = ?5, status = ?6, done_on = ?7
                     WHERE id = ?1 AND campaign_id = ?8",
                    params![id, item, quantity, input.owner.trim(), due.to_string(), input.status.code(), done_on, input.campaign_id],
                )?;
                if n == 0 {
                    return Err(AppError::not_found("这项物料已不存在。", "This material no longer exists."));
                }
                Ok(id)
            }
            None => {
                tx.execute(
                    "INSERT INTO campaign_materials (campaign_id, item, quantity, owner, due_on, status, done_on, created_at)
                     SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8 WHERE EXISTS (SELECT 1 FROM campaigns WHERE id = ?1)",
                    params![input.campaign_id, item, quantity, input.owner.trim(), due.to_string(), input.status.code(), done_on, now_text()],
                )?;
                if tx.changes() == 0 {
                    return Err(not_found());
                }
                Ok(tx.last_insert_rowid())
            }
        }
    })
}

pub fn delete_material(store: &mut Store, id: i64) -> AppResult<()> {
    store.write(|tx| {
        tx.execute("DELETE FROM campaign_materials WHERE id = ?1", [id])?;
        Ok(())
    })
}

/// A task or material with its campaign, for the overdue and due-this-week lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct WorkItem {
    /// "task" | "material"
    pub kind: String,
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub campaign_id: i64,
    pub campaign: String,
    pub title: String,
    pub owner: String,
    pub due: NaiveDate,
    pub status: WorkStatus,
    /// Days past due (overdue list), 0 otherwise.
    #[ts(type = "number")]
    pub days_late: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct DueLists {
    pub today: NaiveDate,
    pub overdue: Vec<WorkItem>,
    pub this_week: Vec<WorkItem>,
}

/// Open work across all campaigns (not cancelled): past due, and due from today to Sunday.
pub fn due_lists(store: &Store, today: NaiveDate) -> AppResult<DueLists> {
    use chrono::Datelike;
    let sunday = today + chrono::Days::new(u64::from(6 - today.weekday().num_days_from_monday()));
    let mut st = store.conn().prepare_cached(
        "SELECT 'task', t.id, t.campaign_id, c.name, t.title, t.owner, t.due_on, t.status
         FROM campaign_tasks t JOIN campaigns c ON c.id = t.campaign_id
         WHERE t.status <> 'done' AND c.status <> 'cancelled' AND t.due_on <= ?1
         UNION ALL
         SELECT 'material', m.id, m.campaign_id, c.name, m.item, m.owner, m.due_on, m.status
         FROM campaign_materials m JOIN campaigns c ON c.id = m.campaign_id
         WHERE m.status <> 'done' AND c.status <> 'cancelled' AND m.due_on <= ?1
         ORDER BY 7, 4, 5",
    )?;
    let rows = st.query_map([sunday.to_string()], |r| {
        let due = day_at(r, 6)?.unwrap_or_default();
        Ok(WorkItem {
            kind: r.get(0)?,
            id: r.get(1)?,
            campaign_id: r.get(2)?,
            campaign: r.get(3)?,
            title: r.get(4)?,
            owner: r.get(5)?,
            due,
            status: WorkStatus::from_code(&r.get::<_, String>(7)?),
            days_late: rules::days_between(due, today).max(0),
        })
    })?;
    let (overdue, this_week) = rows
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .partition(|w| w.due < today);
    Ok(DueLists {
        today,
        overdue,
        this_week,
    })
}

// ---------------------------------------------------------------------------------------
// Templates

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct TemplateItem {
    /// "task" | "material"
    pub item_type: String,
    pub title: String,
    #[ts(type = "number | null")]
    pub group_id: Option<i64>,
    #[ts(type = "number")]
    pub quantity: i64,
    /// Days from the launch day (T-60 → -60).
    #[ts(type = "number")]
    pub start_offset: i64,
    #[ts(type = "number")]
    pub due_offset: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Template {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub builtin: bool,
    pub items: Vec<TemplateItem>,
}

pub fn list_templates(store: &Store) -> AppResult<Vec<Template>> {
    let mut out: Vec<Template> = store.query_all(
        "SELECT id, local_name(name, name_en), builtin FROM campaign_templates ORDER BY builtin DESC, id",
        |r| {
            Ok(Template {
                id: r.get(0)?,
                name: r.get(1)?,
                builtin: r.get(2)?,
                items: Vec::new(),
            })
        },
    )?;
    let items: Vec<(i64, TemplateItem)> = store.query_all(
        "SELECT template_id, item_type, local_name(title, title_en), group_id, quantity, start_offset, due_offset
         FROM template_items ORDER BY template_id, due_offset, id",
        |r| {
            Ok((
                r.get(0)?,
                TemplateItem {
                    item_type: r.get(1)?,
                    title: r.get(2)?,
                    group_id: r.get(3)?,
                    quantity: r.get(4)?,
                    start_offset: r.get(5)?,
                    due_offset: r.get(6)?,
                },
            ))
        },
    )?;
    for (tid, item) in items {
        if let Some(t) = out.iter_mut().find(|t| t.id == tid) {
            t.items.push(item);
        }
    }
    Ok(out)
}

/// Create a campaign with the template's tasks and materials placed around its launch day
/// (the campaign's first day).
pub fn create_from_template(
    store: &mut Store,
    input: &CampaignInput,
    template_id: i64,
) -> AppResult<i64> {
    let v = input.validated()?;
    let template = list_templates(store)?
        .into_iter()
        .find(|t| t.id == template_id)
        .ok_or_else(|| {
            AppError::not_found("这个模板已不存在。", "This template no longer exists.")
        })?;
    let other_group: i64 = store.conn().query_row(
        "SELECT id FROM task_groups WHERE name = '其他'",
        [],
        |r| r.get(0),
    )?;
    store.write(|tx| {
        check_regions(tx, &v)?;
        check_parent(tx, &v, None)?;
        let id = write_campaign(tx, None, &v, None)?;
        let now = now_text();
        for item in &template.items {
            let start = rules::offset_day(v.start, item.start_offset)?;
            let due = rules::offset_day(v.start, item.due_offset)?;
            if item.item_type == "material" {
                tx.execute(
                    "INSERT INTO campaign_materials (campaign_id, item, quantity, owner, due_on, status, created_at)
                     VALUES (?1, ?2, ?3, '', ?4, 'todo', ?5)",
                    params![id, item.title, item.quantity, due.to_string(), now],
                )?;
            } else {
                tx.execute(
                    "INSERT INTO campaign_tasks (campaign_id, title, group_id, owner, start_on, due_on, status, created_at)
                     VALUES (?1, ?2, ?3, '', ?4, ?5, 'todo', ?6)",
                    params![id, item.title, item.group_id.unwrap_or(other_group), start.to_string(), due.to_string(), now],
                )?;
            }
        }
        Ok(id)
    })
}

/// Save a campaign's tasks and materials as a template of the user's own, each placed by its
/// days from the campaign's first day (the launch day).
pub fn save_as_template(store: &mut Store, campaign_id: i64, name: &str) -> AppResult<i64> {
    let name = rules::required("name", name, "模板名称", "template name")?;
    let c = get(store, campaign_id)?;
    store.write(|tx| {
        tx.execute(
            "INSERT INTO campaign_templates (name, builtin) VALUES (?1, 0)",
            [&name],
        )
        .map_err(|e| {
            super::unique_violation(
                e,
                "name",
                format!("已有模板“{name}”。"),
                format!("There is already a template “{name}”."),
            )
        })?;
        let id = tx.last_insert_rowid();
        let launch = c.start.to_string();
        tx.execute(
            "INSERT INTO template_items (template_id, item_type, title, group_id, quantity, start_offset, due_offset)
             SELECT ?1, 'task', title, group_id, 0,
                    CAST(julianday(start_on) - julianday(?3) AS INTEGER), CAST(julianday(due_on) - julianday(?3) AS INTEGER)
             FROM campaign_tasks WHERE campaign_id = ?2 ORDER BY due_on, id",
            params![id, campaign_id, launch],
        )?;
        tx.execute(
            "INSERT INTO template_items (template_id, item_type, title, group_id, quantity, start_offset, due_offset)
             SELECT ?1, 'material', item, NULL, quantity,
                    CAST(julianday(due_on) - julianday(?3) AS INTEGER), CAST(julianday(due_on) - julianday(?3) AS INTEGER)
             FROM campaign_materials WHERE campaign_id = ?2 ORDER BY due_on, id",
            params![id, campaign_id, launch],
        )?;
        Ok(id)
    })
}

/// Remove a template of the user's own (the built-in one stays).
pub fn delete_template(store: &mut Store, id: i64) -> AppResult<()> {
    store.write(|tx| {
        let n = tx.execute(
            "DELETE FROM campaign_templates WHERE id = ?1 AND builtin = 0",
            [id],
        )?;
        if n == 0 {
            return Err(AppError::invalid(
                "template",
                "内置模板不能删除。",
                "The built-in template cannot be removed.",
            ));
        }
        Ok(())
    })
}

/// Copy a campaign (with its sub-activities, tasks, dependencies, materials and offers) to
/// another year, every date moved by `shift_days`; the copy starts as a draft.
pub fn copy_shifted(
    store: &mut Store,
    id: i64,
    shift_days: i64,
    holiday: Option<(i32, String)>,
) -> AppResult<i64> {
    let src = get(store, id)?;
    let children: Vec<Campaign> = list(store)?
        .into_iter()
        .filter(|c| c.parent_id == Some(id))
        .collect();
    let mv = |d: NaiveDate| rules::shift(d, shift_days);
    store.write(|tx| {
        let valid = |c: &Campaign,
                     parent: Option<i64>,
                     holiday: Option<(i32, String)>|
         -> AppResult<ValidCampaign> {
            Ok(ValidCampaign {
                parent_id: parent,
                name: c.name.clone(),
                kind: c.kind,
                start: mv(c.start)?,
                end: mv(c.end)?,
                region_ids: c.regions.iter().map(|r| r.id).collect(),
                owner: c.owner.clone(),
                theme: c.theme.clone(),
                target_units: c.target_units,
                target_revenue_fen: c.target_revenue_fen,
                objectives: c.objectives.clone(),
                notes: c.notes.clone(),
                holiday,
            })
        };
        let new_id = write_campaign(tx, None, &valid(&src, None, holiday.clone())?, None)?;
        let mut pairs = vec![(src.id, new_id)];
        for c in &children {
            let child = write_campaign(tx, None, &valid(c, Some(new_id), None)?, None)?;
            pairs.push((c.id, child));
        }
        for (old, new) in pairs {
            copy_work(tx, old, new, shift_days)?;
        }
        Ok(new_id)
    })
}

fn copy_work(tx: &Transaction<'_>, old: i64, new: i64, days: i64) -> AppResult<()> {
    let sh = format!("{days:+} days");
    tx.execute(
        "INSERT INTO campaign_tasks (campaign_id, title, group_id, owner, start_on, due_on, status, created_at)
         SELECT ?2, title, group_id, owner, date(start_on, ?3), date(due_on, ?3), 'todo', ?4
         FROM campaign_tasks WHERE campaign_id = ?1 ORDER BY id",
        params![old, new, sh, now_text()],
    )?;
    // Dependencies between the copies: tasks pair up in id order.
    tx.execute(
        "INSERT INTO task_dependencies (task_id, depends_on)
         WITH o AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM campaign_tasks WHERE campaign_id = ?1),
              c AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM campaign_tasks WHERE campaign_id = ?2)
         SELECT ct.id, cd.id FROM task_dependencies d
         JOIN o ot ON ot.id = d.task_id JOIN o od ON od.id = d.depends_on
         JOIN c ct ON ct.n = ot.n JOIN c cd ON cd.n = od.n",
        params![old, new],
    )?;
    tx.execute(
        "INSERT INTO campaign_materials (campaign_id, item, quantity, owner, due_on, status, created_at)
         SELECT ?2, item, quantity, owner, date(due_on, ?3), 'todo', ?4 FROM campaign_materials WHERE campaign_id = ?1",
        params![old, new, sh, now_text()],
    )?;
    tx.execute(
        "INSERT INTO campaign_offers (campaign_id, product_id, region_id, regular_fen, special_fen, limit_fen,
           tolerance_fen, ratio, units, gap_min_fen, gap_max_fen)
         SELECT ?2, product_id, region_id, regular_fen, special_fen, limit_fen, tolerance_fen, ratio, units,
           gap_min_fen, gap_max_fen FROM campaign_offers WHERE campaign_id = ?1",
        params![old, new],
    )?;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Offers (特价政策 / 终端限价)

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Offer {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub campaign_id: i64,
    #[ts(type = "number")]
    pub product_id: i64,
    pub brand: String,
    /// Always true today (only own products can have offers); compliance checks it anyway.
    pub brand_is_own: bool,
    pub product: String,
    #[ts(type = "number")]
    pub region_id: i64,
    pub region: String,
    #[ts(type = "number")]
    pub regular_fen: i64,
    #[ts(type = "number")]
    pub special_fen: i64,
    #[ts(type = "number")]
    pub limit_fen: i64,
    #[ts(type = "number")]
    pub tolerance_fen: i64,
    pub ratio: Option<String>,
    #[ts(type = "number | null")]
    pub units: Option<i64>,
    #[ts(type = "number | null")]
    pub gap_min_fen: Option<i64>,
    #[ts(type = "number | null")]
    pub gap_max_fen: Option<i64>,
}

/// An offer as typed in the form; an empty region list means every region of the campaign.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[ts(export)]
pub struct OfferInput {
    #[ts(type = "number")]
    pub campaign_id: i64,
    #[ts(type = "number | null")]
    pub product_id: Option<i64>,
    #[ts(type = "Array<number>")]
    pub region_ids: Vec<i64>,
    pub regular: String,
    pub special: String,
    pub limit: String,
    pub tolerance: String,
    pub ratio: String,
    pub units: String,
    /// Target gap to the lowest same-segment competitor price, 元 (e.g. 50 and 100).
    pub gap_min: String,
    pub gap_max: String,
}

/// A checked offer for one or more regions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidOffer {
    pub regular_fen: i64,
    pub special_fen: i64,
    pub limit_fen: i64,
    pub tolerance_fen: i64,
    pub ratio: Option<String>,
    pub units: Option<i64>,
    pub gap_min_fen: Option<i64>,
    pub gap_max_fen: Option<i64>,
}

fn signed_money(raw: &str, field: &str) -> AppResult<Option<i64>> {
    let t = raw.trim();
    if let Some(rest) = t.strip_prefix(['-', '−']) {
        return Ok(optional_money(rest, field)?.map(|v| -v));
    }
    optional_money(t.trim_start_matches('+'), field)
}

impl OfferInput {
    pub fn validated(&self) -> AppResult<ValidOffer> {
        let regular_fen = required_money(&self.regular, "regular", "零售价", "regular price")?;
        let special_fen = required_money(&self.special, "special", "特价", "special price")?;
        let limit_fen = required_money(&self.limit, "limit", "终端限价", "terminal price limit")?;
        let ratio = if self.ratio.trim().is_empty() {
            None
        } else {
            Some(rules::parse_ratio(&self.ratio).ok_or_else(|| {
                AppError::invalid(
                    "ratio",
                    format!(
                        "配比“{}”无法识别，请写成 1:2 这样的形式。",
                        self.ratio.trim()
                    ),
                    format!(
                        "The ratio “{}” cannot be read; write it like 1:2.",
                        self.ratio.trim()
                    ),
                )
            })?)
        };
        let gap_min_fen = signed_money(&self.gap_min, "gap_min")?;
        let gap_max_fen = signed_money(&self.gap_max, "gap_max")?;
        if let (Some(a), Some(b)) = (gap_min_fen, gap_max_fen) {
            if b < a {
                return Err(AppError::invalid(
                    "gap_max",
                    "价差上限不能小于下限。",
                    "The upper gap cannot be below the lower one.",
                ));
            }
        }
        Ok(ValidOffer {
            regular_fen,
            special_fen,
            limit_fen,
            tolerance_fen: optional_money(&self.tolerance, "tolerance")?.unwrap_or(0),
            ratio,
            units: optional_count(&self.units, "units")?,
            gap_min_fen,
            gap_max_fen,
        })
    }
}

fn campaign_region_ids(tx: &rusqlite::Connection, campaign_id: i64) -> AppResult<Vec<i64>> {
    let mut st =
        tx.prepare_cached("SELECT region_id FROM campaign_regions WHERE campaign_id = ?1")?;
    let rows = st.query_map([campaign_id], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Write an offer for each region; returns how many rows were written. Only products of an
/// own brand, only regions of the campaign. An existing offer for the same product and
/// region is replaced (its old values kept for undo when `batch_id` is given).
pub(crate) fn write_offer(
    tx: &Transaction<'_>,
    campaign_id: i64,
    product_id: i64,
    region_ids: &[i64],
    v: &ValidOffer,
    batch_id: Option<i64>,
) -> AppResult<usize> {
    let own: Option<bool> = tx
        .query_row(
            "SELECT b.is_own FROM products p JOIN brands b ON b.id = p.brand_id WHERE p.id = ?1",
            [product_id],
            |r| r.get(0),
        )
        .optional()?;
    match own {
        None => {
            return Err(AppError::invalid(
                "product_id",
                "请选择产品。",
                "Choose the product.",
            ))
        }
        Some(false) => {
            return Err(AppError::invalid(
                "product_id",
                "只有我方品牌的产品才能设特价政策；这是竞品。",
                "Only products of an own brand can have offers; this is a competitor's.",
            ))
        }
        Some(true) => {}
    }
    let campaign_regions = campaign_region_ids(tx, campaign_id)?;
    let regions: Vec<i64> = if region_ids.is_empty() {
        campaign_regions.clone()
    } else {
        region_ids.to_vec()
    };
    if regions.is_empty() {
        return Err(AppError::invalid(
            "region_ids",
            "活动还没有区域：请先给活动选区域，或为特价政策指定区域。",
            "The campaign has no regions yet: give it regions first.",
        ));
    }
    if let Some(outside) = regions.iter().find(|r| !campaign_regions.contains(r)) {
        let name: String = tx
            .query_row(
                "SELECT local_name(short_name, name_en) FROM regions WHERE id = ?1",
                [outside],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or_default();
        return Err(AppError::invalid(
            "region_ids",
            format!("{name}不在这个活动的区域内。"),
            format!("{name} is not one of this campaign's regions."),
        ));
    }
    for region in &regions {
        if let Some(batch) = batch_id {
            tx.execute(
                "INSERT OR IGNORE INTO import_replaced (batch_id, row_table, row_id, before)
                 SELECT ?4, 'campaign_offers', id, json_object('regular_fen', regular_fen, 'special_fen', special_fen,
                   'limit_fen', limit_fen, 'tolerance_fen', tolerance_fen, 'ratio', ratio, 'units', units,
                   'gap_min_fen', gap_min_fen, 'gap_max_fen', gap_max_fen, 'batch_id', batch_id)
                 FROM campaign_offers WHERE campaign_id = ?1 AND product_id = ?2 AND region_id = ?3",
                params![campaign_id, product_id, region, batch],
            )?;
        }
        tx.execute(
            "INSERT INTO campaign_offers (campaign_id, product_id, region_id, regular_fen, special_fen, limit_fen,
               tolerance_fen, ratio, units, gap_min_fen, gap_max_fen, batch_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
             ON CONFLICT (campaign_id, product_id, region_id) DO UPDATE SET regular_fen = excluded.regular_fen,
               special_fen = excluded.special_fen, limit_fen = excluded.limit_fen, tolerance_fen = excluded.tolerance_fen,
               ratio = excluded.ratio, units = excluded.units, gap_min_fen = excluded.gap_min_fen,
               gap_max_fen = excluded.gap_max_fen, batch_id = excluded.batch_id",
            params![campaign_id, product_id, region, v.regular_fen, v.special_fen, v.limit_fen, v.tolerance_fen,
                v.ratio, v.units, v.gap_min_fen, v.gap_max_fen, batch_id],
        )?;
    }
    Ok(regions.len())
}

pub fn save_offer(store: &mut Store, input: &OfferInput) -> AppResult<usize> {
    let v = input.validated()?;
    let product_id = input
        .product_id
        .ok_or_else(|| AppError::invalid("product_id", "请选择产品。", "Choose the product."))?;
    store.write(|tx| {
        get_in(tx, input.campaign_id)?;
        write_offer(
            tx,
            input.campaign_id,
            product_id,
            &input.region_ids,
            &v,
            None,
        )
    })
}

pub fn delete_offer(store: &mut Store, id: i64) -> AppResult<()> {
    store.write(|tx| {
        tx.execute("DELETE FROM campaign_offers WHERE id = ?1", [id])?;
        Ok(())
    })
}

pub fn list_offers(store: &Store, campaign_id: i64) -> AppResult<Vec<Offer>> {
    let mut st = store.conn().prepare_cached(
        "SELECT f.id, f.campaign_id, f.product_id, b.name, p.model, f.region_id, local_name(r.short_name, r.name_en),
                f.regular_fen, f.special_fen, f.limit_fen, f.tolerance_fen, f.ratio, f.units, f.gap_min_fen, f.gap_max_fen,
                b.is_own
         FROM campaign_offers f JOIN products p ON p.id = f.product_id JOIN brands b ON b.id = p.brand_id
         JOIN regions r ON r.id = f.region_id
         WHERE f.campaign_id = ?1 ORDER BY b.name, p.model, r.code IS NULL, r.code, r.id",
    )?;
    let rows = st.query_map([campaign_id], |r| {
        Ok(Offer {
            id: r.get(0)?,
            campaign_id: r.get(1)?,
            product_id: r.get(2)?,
            brand: r.get(3)?,
            product: r.get(4)?,
            region_id: r.get(5)?,
            region: r.get(6)?,
            regular_fen: r.get(7)?,
            special_fen: r.get(8)?,
            limit_fen: r.get(9)?,
            tolerance_fen: r.get(10)?,
            ratio: r.get(11)?,
            units: r.get(12)?,
            gap_min_fen: r.get(13)?,
            gap_max_fen: r.get(14)?,
            brand_is_own: r.get(15)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

// ---------------------------------------------------------------------------------------
// Compliance and price position

/// A sighting that broke the terminal price limit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Violation {
    #[ts(type = "number")]
    pub observation_id: i64,
    pub date: NaiveDate,
    #[ts(type = "number")]
    pub region_id: i64,
    pub region: String,
    pub channel: String,
    pub brand: String,
    #[ts(type = "number")]
    pub product_id: i64,
    pub product: String,
    pub reporter: String,
    pub note: String,
    #[ts(type = "number")]
    pub price_fen: i64,
    #[ts(type = "number")]
    pub limit_fen: i64,
    #[ts(type = "number")]
    pub tolerance_fen: i64,
    /// price − limit
    #[ts(type = "number")]
    pub diff_fen: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RegionCompliance {
    #[ts(type = "number")]
    pub region_id: i64,
    pub region: String,
    /// Sightings of our offer products in this region within the campaign's dates.
    #[ts(type = "number")]
    pub checked: i64,
    #[ts(type = "number")]
    pub violations: i64,
    /// The violation furthest from the limit (signed), if any.
    #[ts(type = "number | null")]
    pub largest_diff_fen: Option<i64>,
    /// Mean signed difference of the violations, rounded half away from zero to the fen.
    #[ts(type = "number | null")]
    pub mean_diff_fen: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Compliance {
    #[ts(type = "number")]
    pub campaign_id: i64,
    pub from: NaiveDate,
    pub to: NaiveDate,
    #[ts(type = "number")]
    pub checked: i64,
    pub regions: Vec<RegionCompliance>,
    /// Sorted by date, region, product.
    pub violations: Vec<Violation>,
}

/// Every sighting of an offer's product in the offer's region between the campaign's start
/// and end, against the offer's limit ± tolerance (rules in `domain::campaigns::Limit`).
///
/// The campaign's dates are read from the covering date index (date, product, region,
/// channel, price: no table access) and matched to the offers in memory; only the violations
/// are then looked up for their reporter, note and names. Measured on 1 M sightings this is
/// several times cheaper than the same join done by SQLite (`make bench`).
pub fn compliance(store: &Store, campaign_id: i64) -> AppResult<Compliance> {
    let c = get(store, campaign_id)?;
    let offers: HashMap<(i64, i64), (Limit, String, String, String)> =
        list_offers(store, campaign_id)?
            .into_iter()
            .filter(|o| c.regions.iter().any(|r| r.id == o.region_id))
            .filter(|o| o.brand_is_own)
            .map(|o| {
                (
                    (o.product_id, o.region_id),
                    (
                        Limit {
                            limit_fen: o.limit_fen,
                            tolerance_fen: o.tolerance_fen,
                        },
                        o.region,
                        o.brand,
                        o.product,
                    ),
                )
            })
            .collect();
    let mut per_region: BTreeMap<i64, (String, i64, Vec<i64>)> = BTreeMap::new();
    for ((_, region_id), (_, region, _, _)) in &offers {
        per_region
            .entry(*region_id)
            .or_insert_with(|| (region.clone(), 0, Vec::new()));
    }
    let mut channels: HashMap<i64, String> = HashMap::new();
    {
        let mut st = store
            .conn()
            .prepare_cached("SELECT id, local_name(name, name_en) FROM channels")?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            channels.insert(r.get(0)?, r.get(1)?);
        }
    }
    let mut violations = Vec::new();
    let mut checked = 0i64;
    // Offer by offer through the same-sighting key (product, region, channel, day, …): only the
    // sightings checked are read, the effective price from the key's own columns, reporter and
    // note from the same statement.
    let mut st = store.conn().prepare_cached(
        "SELECT o.id, o.observed_on, o.channel_id,
                CASE WHEN coalesce(o.promo_fen, 0) > 0 THEN coalesce(o.promo_fen, 0) ELSE o.regular_fen END,
                o.reporter, o.note
         FROM price_observations o INDEXED BY price_observations_same
         WHERE o.product_id = ?1 AND o.region_id = ?2 AND o.channel_id IN (SELECT id FROM channels)
           AND o.observed_on BETWEEN ?3 AND ?4",
    )?;
    let mut keys: Vec<(i64, i64)> = offers.keys().copied().collect();
    keys.sort_unstable();
    let (from, to) = (c.start.to_string(), c.end.to_string());
    for key in keys {
        let Some((limit, region, brand, product)) = offers.get(&key) else {
            continue;
        };
        let mut rows = st.query(params![key.0, key.1, from, to])?;
        while let Some(r) = rows.next()? {
            checked += 1;
            let price_fen: i64 = r.get(3)?;
            let entry = per_region
                .entry(key.1)
                .or_insert_with(|| (String::new(), 0, Vec::new()));
            entry.1 += 1;
            if let Some(diff) = limit.violation(price_fen) {
                entry.2.push(diff);
                let channel_id: i64 = r.get(2)?;
                violations.push(Violation {
                    observation_id: r.get(0)?,
                    date: day_at(r, 1)?.unwrap_or_default(),
                    region_id: key.1,
                    region: region.clone(),
                    channel: channels.get(&channel_id).cloned().unwrap_or_default(),
                    brand: brand.clone(),
                    product_id: key.0,
                    product: product.clone(),
                    reporter: r.get(4)?,
                    note: r.get(5)?,
                    price_fen,
                    limit_fen: limit.limit_fen,
                    tolerance_fen: limit.tolerance_fen,
                    diff_fen: price_fen - limit.limit_fen,
                });
            }
        }
    }
    violations.sort_by(|a, b| {
        (a.date, &a.region, &a.brand, &a.product, a.observation_id).cmp(&(
            b.date,
            &b.region,
            &b.brand,
            &b.product,
            b.observation_id,
        ))
    });
    let mut regions: Vec<RegionCompliance> = per_region
        .into_iter()
        .map(|(region_id, (region, n, diffs))| RegionCompliance {
            region_id,
            region,
            checked: n,
            violations: diffs.len() as i64,
            // The largest by size; of a tie (+250 and −250), the one above the limit.
            largest_diff_fen: diffs.iter().copied().max_by_key(|d| (d.abs(), *d)),
            mean_diff_fen: mean_half_away(&diffs),
        })
        .collect();
    let order: Vec<i64> = c.regions.iter().map(|r| r.id).collect();
    regions.sort_by_key(|r| order.iter().position(|id| *id == r.region_id));
    Ok(Compliance {
        campaign_id,
        from: c.start,
        to: c.end,
        checked,
        regions,
        violations,
    })
}

fn mean_half_away(v: &[i64]) -> Option<i64> {
    if v.is_empty() {
        return None;
    }
    let sum: i128 = v.iter().map(|x| i128::from(*x)).sum();
    let n = v.len() as i128;
    let q = (sum.abs() * 2 + n) / (2 * n);
    i64::try_from(if sum < 0 { -q } else { q }).ok()
}

/// Our price against the lowest same-segment competitor price, one region and day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PositionDay {
    pub date: NaiveDate,
    #[ts(type = "number")]
    pub region_id: i64,
    pub region: String,
    pub product: String,
    #[ts(type = "number")]
    pub ours_fen: i64,
    /// The competitor product with the lowest price that day (brand and model).
    pub competitor: String,
    #[ts(type = "number")]
    pub competitor_fen: i64,
    #[ts(type = "number")]
    pub gap_fen: i64,
    /// The offer's target band (either end may be open).
    #[ts(type = "number | null")]
    pub gap_min_fen: Option<i64>,
    #[ts(type = "number | null")]
    pub gap_max_fen: Option<i64>,
    pub outside: bool,
}

/// For offers with a target gap, each region and day in the campaign's dates on which both
/// our product and a same-segment competitor were sighted (lowest effective price per day).
pub fn price_position(store: &Store, campaign_id: i64) -> AppResult<Vec<PositionDay>> {
    let c = get(store, campaign_id)?;
    let mut st = store.conn().prepare_cached(
        "SELECT d.observed_on, f.region_id, local_name(r.short_name, r.name_en), b.name || ' ' || p.model, d.low_fen,
                (SELECT cb.name || ' ' || cp.model || char(31) || cd.low_fen
                 FROM products cp JOIN brands cb ON cb.id = cp.brand_id AND cb.is_own = 0
                 JOIN price_daily cd ON cd.product_id = cp.id AND cd.region_id = f.region_id AND cd.observed_on = d.observed_on
                 WHERE cp.segment = p.segment AND p.segment <> ''
                 ORDER BY cd.low_fen, cp.id LIMIT 1),
                f.gap_min_fen, f.gap_max_fen
         FROM campaign_offers f
         JOIN campaign_regions cr ON cr.campaign_id = f.campaign_id AND cr.region_id = f.region_id
         JOIN products p ON p.id = f.product_id JOIN brands b ON b.id = p.brand_id
         JOIN regions r ON r.id = f.region_id
         JOIN price_daily d ON d.product_id = f.product_id AND d.region_id = f.region_id
              AND d.observed_on BETWEEN ?2 AND ?3
         WHERE f.campaign_id = ?1 AND (f.gap_min_fen IS NOT NULL OR f.gap_max_fen IS NOT NULL)
         ORDER BY d.observed_on, r.code IS NULL, r.code, p.model",
    )?;
    let mut rows = st.query(params![campaign_id, c.start.to_string(), c.end.to_string()])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let Some(comp): Option<String> = r.get(5)? else {
            continue;
        };
        let Some((competitor, comp_fen)) = comp.split_once('\u{1f}') else {
            continue;
        };
        let Ok(competitor_fen) = comp_fen.parse::<i64>() else {
            continue;
        };
        let (gap_min_fen, gap_max_fen): (Option<i64>, Option<i64>) = (r.get(6)?, r.get(7)?);
        let band = GapBand {
            min_fen: gap_min_fen.unwrap_or(i64::MIN),
            max_fen: gap_max_fen.unwrap_or(i64::MAX),
        };
        let ours_fen: i64 = r.get(4)?;
        let (gap_fen, outside) = band.check(ours_fen, competitor_fen);
        out.push(PositionDay {
            date: day_at(r, 0)?.unwrap_or_default(),
            region_id: r.get(1)?,
            region: r.get(2)?,
            product: r.get(3)?,
            ours_fen,
            competitor: competitor.to_string(),
            competitor_fen,
            gap_fen,
            gap_min_fen,
            gap_max_fen,
            outside,
        });
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// Results (typed in for the review)

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RegionResult {
    #[ts(type = "number")]
    pub region_id: i64,
    pub region: String,
    #[ts(type = "number | null")]
    pub units: Option<i64>,
    #[ts(type = "number | null")]
    pub revenue_fen: Option<i64>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct ResultInput {
    #[ts(type = "number")]
    pub campaign_id: i64,
    #[ts(type = "number")]
    pub region_id: i64,
    pub units: String,
    pub revenue: String,
}

pub fn save_result(store: &mut Store, input: &ResultInput) -> AppResult<()> {
    let units = optional_count(&input.units, "units")?.unwrap_or(0);
    let revenue = optional_money(&input.revenue, "revenue")?.unwrap_or(0);
    store.write(|tx| {
        if !campaign_region_ids(tx, input.campaign_id)?.contains(&input.region_id) {
            return Err(AppError::invalid(
                "region_id",
                "这个区域不在活动范围内。",
                "This region is not one of the campaign's.",
            ));
        }
        tx.execute(
            "INSERT INTO campaign_results (campaign_id, region_id, units, revenue_fen) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (campaign_id, region_id) DO UPDATE SET units = excluded.units, revenue_fen = excluded.revenue_fen",
            params![input.campaign_id, input.region_id, units, revenue],
        )?;
        Ok(())
    })
}

/// Results per region of the campaign (None where nothing was typed in yet).
pub fn results(store: &Store, campaign_id: i64) -> AppResult<Vec<RegionResult>> {
    let mut st = store.conn().prepare_cached(
        "SELECT r.id, local_name(r.short_name, r.name_en), x.units, x.revenue_fen
         FROM campaign_regions cr JOIN regions r ON r.id = cr.region_id
         LEFT JOIN campaign_results x ON x.campaign_id = cr.campaign_id AND x.region_id = cr.region_id
         WHERE cr.campaign_id = ?1 ORDER BY r.code IS NULL, r.code, r.id",
    )?;
    let rows = st.query_map([campaign_id], |r| {
        Ok(RegionResult {
            region_id: r.get(0)?,
            region: r.get(1)?,
            units: r.get(2)?,
            revenue_fen: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

// ---------------------------------------------------------------------------------------
// Import batches: schedules and price-limit tables

/// A campaign-schedule row, checked; regions already matched to stored ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduledCampaign {
    pub row: usize,
    pub campaign: ValidCampaign,
}

/// What a schedule import wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WrittenCampaigns {
    pub created: Vec<String>,
    pub updated: Vec<String>,
}

/// Write a schedule: a campaign with the same name and start is updated (its old fields kept
/// for undo), anything else created as a draft.
pub fn write_schedule(
    tx: &Transaction<'_>,
    batch_id: i64,
    rows: &[ScheduledCampaign],
) -> AppResult<WrittenCampaigns> {
    let mut out = WrittenCampaigns::default();
    for r in rows {
        let v = &r.campaign;
        let existing: Option<i64> = tx
            .query_row(
                "SELECT id FROM campaigns WHERE name = ?1 AND start_on = ?2 AND parent_id IS NULL",
                params![v.name, v.start.to_string()],
                |r| r.get(0),
            )
            .optional()?;
        match existing {
            Some(id) => {
                tx.execute(
                    "INSERT OR IGNORE INTO import_replaced (batch_id, row_table, row_id, before)
                     SELECT ?2, 'campaigns', id, json_object('kind', kind, 'end_on', end_on, 'owner', owner,
                       'theme', theme, 'target_units', target_units, 'target_revenue_fen', target_revenue_fen,
                       'regions', (SELECT json_group_array(region_id) FROM campaign_regions WHERE campaign_id = ?1))
                     FROM campaigns WHERE id = ?1",
                    params![id, batch_id],
                )?;
                tx.execute(
                    "UPDATE campaigns SET kind = ?2, end_on = ?3, owner = ?4, theme = ?5, target_units = ?6,
                       target_revenue_fen = ?7 WHERE id = ?1",
                    params![id, v.kind.code(), v.end.to_string(), v.owner, v.theme, v.target_units, v.target_revenue_fen],
                )?;
                tx.execute("DELETE FROM campaign_regions WHERE campaign_id = ?1", [id])?;
                for region in &v.region_ids {
                    tx.execute(
                        "INSERT INTO campaign_regions (campaign_id, region_id) VALUES (?1, ?2)",
                        params![id, region],
                    )?;
                }
                out.updated.push(v.name.clone());
            }
            None => {
                write_campaign(tx, None, v, Some(batch_id))?;
                out.created.push(v.name.clone());
            }
        }
    }
    Ok(out)
}

/// Undo a schedule import: remove the campaigns it created (unless the user has built on them
/// since), put back the fields of those it updated.
pub fn undo_campaign_batch(tx: &Transaction<'_>, batch_id: i64) -> AppResult<UndoReport> {
    let mut names = batches::take_back(
        tx,
        batch_id,
        "campaigns",
        // What the user has built on since (a plan, offers, results, sub-activities, a status
        // change) stays: undo takes back the import, not the work.
        "SELECT c.id, c.name FROM campaigns c
         WHERE c.created_batch_id = ?1 AND c.status = 'draft'
           AND NOT EXISTS (SELECT 1 FROM campaign_tasks t WHERE t.campaign_id = c.id)
           AND NOT EXISTS (SELECT 1 FROM campaign_materials m WHERE m.campaign_id = c.id)
           AND NOT EXISTS (SELECT 1 FROM campaign_offers f WHERE f.campaign_id = c.id)
           AND NOT EXISTS (SELECT 1 FROM campaign_results x WHERE x.campaign_id = c.id)
           AND NOT EXISTS (SELECT 1 FROM campaigns s WHERE s.parent_id = c.id)",
    )?;
    let replaced: Vec<(i64, String)> = {
        let mut st = tx.prepare(
            "SELECT row_id, before FROM import_replaced WHERE batch_id = ?1 AND row_table = 'campaigns'",
        )?;
        let rows = st.query_map([batch_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<Result<_, _>>()?
    };
    for (id, before) in replaced {
        let n = tx.execute(
            "UPDATE campaigns SET kind = b.kind, end_on = b.end_on, owner = b.owner, theme = b.theme,
               target_units = b.target_units, target_revenue_fen = b.target_revenue_fen
             FROM (SELECT json_extract(?2, '$.kind') AS kind, json_extract(?2, '$.end_on') AS end_on,
                          json_extract(?2, '$.owner') AS owner, json_extract(?2, '$.theme') AS theme,
                          json_extract(?2, '$.target_units') AS target_units,
                          json_extract(?2, '$.target_revenue_fen') AS target_revenue_fen) AS b
             WHERE campaigns.id = ?1",
            params![id, before],
        )?;
        if n == 1 {
            tx.execute("DELETE FROM campaign_regions WHERE campaign_id = ?1", [id])?;
            tx.execute(
                "INSERT INTO campaign_regions (campaign_id, region_id)
                 SELECT ?1, value FROM json_each(json_extract(?2, '$.regions'))",
                params![id, before],
            )?;
            if let Some(name) = tx
                .query_row("SELECT name FROM campaigns WHERE id = ?1", [id], |r| {
                    r.get::<_, String>(0)
                })
                .optional()?
            {
                names.push(name);
            }
        }
    }
    Ok(UndoReport {
        campaigns: names,
        ..UndoReport::default()
    })
}

/// A price-limit row, checked: brand and model as written, regions matched (empty = all of
/// the campaign's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LimitRow {
    pub row: usize,
    pub brand: String,
    pub product: String,
    pub region_ids: Vec<i64>,
    pub offer: ValidOffer,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WrittenOffers {
    pub offers: usize,
    pub brands: Vec<String>,
    pub products: Vec<String>,
}

/// Find or create (as own) the brand and product of a price-limit row.
fn own_product(
    tx: &Transaction<'_>,
    batch_id: i64,
    brand: &str,
    model: &str,
    out: &mut WrittenOffers,
) -> AppResult<i64> {
    let found: Option<i64> = tx
        .query_row(
            "SELECT id FROM brands WHERE name = ?1 COLLATE NOCASE",
            [brand],
            |r| r.get(0),
        )
        .optional()?;
    let brand_id = match found {
        Some(id) => id,
        None => {
            tx.execute(
                "INSERT INTO brands (name, is_own, notes, created_at, created_batch_id) VALUES (?1, 1, '', ?2, ?3)",
                params![brand, now_text(), batch_id],
            )?;
            out.brands.push(brand.to_string());
            tx.last_insert_rowid()
        }
    };
    let product: Option<i64> = tx
        .query_row(
            "SELECT id FROM products WHERE brand_id = ?1 AND model = ?2 COLLATE NOCASE",
            params![brand_id, model],
            |r| r.get(0),
        )
        .optional()?;
    Ok(match product {
        Some(id) => id,
        None => {
            tx.execute(
                "INSERT INTO products (brand_id, model, created_at, created_batch_id) VALUES (?1, ?2, ?3, ?4)",
                params![brand_id, model, now_text(), batch_id],
            )?;
            out.products.push(format!("{brand} {model}"));
            tx.last_insert_rowid()
        }
    })
}

/// Write a price-limit table for one campaign (competitor brands were rejected by the
/// importer; `write_offer` refuses them anyway).
pub fn write_limits(
    tx: &Transaction<'_>,
    batch_id: i64,
    campaign_id: i64,
    rows: &[LimitRow],
) -> AppResult<WrittenOffers> {
    let mut out = WrittenOffers::default();
    for r in rows {
        let product_id = own_product(tx, batch_id, &r.brand, &r.product, &mut out)?;
        out.offers += write_offer(
            tx,
            campaign_id,
            product_id,
            &r.region_ids,
            &r.offer,
            Some(batch_id),
        )?;
    }
    Ok(out)
}

/// Undo a price-limit import: offers it added go, offers it replaced get their old values
/// back, and the own brands and products it created go when nothing uses them.
pub fn undo_offer_batch(tx: &Transaction<'_>, batch_id: i64) -> AppResult<UndoReport> {
    let replaced: Vec<(i64, String)> = {
        let mut st = tx.prepare(
            "SELECT row_id, before FROM import_replaced WHERE batch_id = ?1 AND row_table = 'campaign_offers'",
        )?;
        let rows = st.query_map([batch_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<Result<_, _>>()?
    };
    let mut restored = 0i64;
    for (id, before) in &replaced {
        restored += tx.execute(
            "UPDATE campaign_offers SET regular_fen = json_extract(?2, '$.regular_fen'),
               special_fen = json_extract(?2, '$.special_fen'), limit_fen = json_extract(?2, '$.limit_fen'),
               tolerance_fen = json_extract(?2, '$.tolerance_fen'), ratio = json_extract(?2, '$.ratio'),
               units = json_extract(?2, '$.units'), gap_min_fen = json_extract(?2, '$.gap_min_fen'),
               gap_max_fen = json_extract(?2, '$.gap_max_fen'), batch_id = json_extract(?2, '$.batch_id')
             WHERE id = ?1",
            params![id, before],
        )? as i64;
    }
    let removed = tx.execute(
        "DELETE FROM campaign_offers WHERE batch_id = ?1",
        [batch_id],
    )? as i64;
    let products = batches::take_back(
        tx,
        batch_id,
        "products",
        "SELECT p.id, b.name || ' ' || p.model FROM products p JOIN brands b ON b.id = p.brand_id
         WHERE p.created_batch_id = ?1 AND p.segment = '' AND p.category = ''
           AND p.list_price_fen IS NULL AND p.launched_on IS NULL
           AND NOT EXISTS (SELECT 1 FROM price_observations o WHERE o.product_id = p.id)
           AND NOT EXISTS (SELECT 1 FROM campaign_offers f WHERE f.product_id = p.id)",
    )?;
    let brands = batches::take_back(
        tx,
        batch_id,
        "brands",
        "SELECT b.id, b.name FROM brands b
         WHERE b.created_batch_id = ?1 AND b.notes = ''
           AND NOT EXISTS (SELECT 1 FROM products p WHERE p.brand_id = b.id)",
    )?;
    Ok(UndoReport {
        offers: removed + restored,
        brands,
        products,
        ..UndoReport::default()
    })
}
