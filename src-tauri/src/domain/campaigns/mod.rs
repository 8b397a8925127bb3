//! 活动 Campaigns: promotions planned about two months ahead across 企划/设计/推广/研究/区域
//! teams — their status rules, task dependencies, templates anchored on the launch day,
//! re-anchoring to next year's holiday, and the terminal-price-limit (终端限价) check.
//! Plain Rust: no SQL, no tauri.

pub mod forms;
pub mod templates;

use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use ts_rs::TS;

/// 节日促销 / 新品上市 / 路演 / 科室会 / 其他
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CampaignKind {
    Holiday,
    Launch,
    Roadshow,
    Meeting,
    Other,
}

impl CampaignKind {
    pub const ALL: [CampaignKind; 5] = [
        CampaignKind::Holiday,
        CampaignKind::Launch,
        CampaignKind::Roadshow,
        CampaignKind::Meeting,
        CampaignKind::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CampaignKind::Holiday => "holiday",
            CampaignKind::Launch => "launch",
            CampaignKind::Roadshow => "roadshow",
            CampaignKind::Meeting => "meeting",
            CampaignKind::Other => "other",
        }
    }

    pub fn from_code(s: &str) -> CampaignKind {
        Self::ALL
            .into_iter()
            .find(|k| k.code() == s)
            .unwrap_or(CampaignKind::Other)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            CampaignKind::Holiday => ("节日促销", "Holiday promotion"),
            CampaignKind::Launch => ("新品上市", "Product launch"),
            CampaignKind::Roadshow => ("路演", "Roadshow"),
            CampaignKind::Meeting => ("科室会", "Department meeting"),
            CampaignKind::Other => ("其他", "Other"),
        };
        lang.pick(zh, en)
    }

    /// A type as written in a schedule: 节日促销, 促销, 新品, launch…
    pub fn parse(s: &str) -> Option<CampaignKind> {
        let t = s.trim().to_lowercase();
        if t.is_empty() {
            return None;
        }
        Some(match t.as_str() {
            "节日促销" | "节日" | "促销" | "holiday" | "holidaypromotion" | "holiday promotion" => {
                CampaignKind::Holiday
            }
            "新品上市" | "新品" | "上市" | "launch" | "product launch" => {
                CampaignKind::Launch
            }
            "路演" | "roadshow" => CampaignKind::Roadshow,
            "科室会" | "meeting" | "department meeting" => CampaignKind::Meeting,
            "其他" | "other" => CampaignKind::Other,
            _ => return None,
        })
    }
}

/// Draft → Planned → Approved → Running → Done, or Cancelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Status {
    Draft,
    Planned,
    Approved,
    Running,
    Done,
    Cancelled,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Draft,
        Status::Planned,
        Status::Approved,
        Status::Running,
        Status::Done,
        Status::Cancelled,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Planned => "planned",
            Status::Approved => "approved",
            Status::Running => "running",
            Status::Done => "done",
            Status::Cancelled => "cancelled",
        }
    }

    pub fn from_code(s: &str) -> Status {
        Self::ALL
            .into_iter()
            .find(|k| k.code() == s)
            .unwrap_or(Status::Draft)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            Status::Draft => ("草稿", "Draft"),
            Status::Planned => ("已策划", "Planned"),
            Status::Approved => ("已批准", "Approved"),
            Status::Running => ("进行中", "Running"),
            Status::Done => ("已结束", "Done"),
            Status::Cancelled => ("已取消", "Cancelled"),
        };
        lang.pick(zh, en)
    }

    /// Where a campaign may go from here: the next step, or Cancelled before it is done.
    pub fn next(self) -> Vec<Status> {
        match self {
            Status::Draft => vec![Status::Planned, Status::Cancelled],
            Status::Planned => vec![Status::Approved, Status::Cancelled],
            Status::Approved => vec![Status::Running, Status::Cancelled],
            Status::Running => vec![Status::Done, Status::Cancelled],
            Status::Done | Status::Cancelled => vec![],
        }
    }

    pub fn check_transition(self, to: Status) -> AppResult<()> {
        if self.next().contains(&to) {
            return Ok(());
        }
        let allowed_zh: Vec<&str> = self.next().iter().map(|s| s.label(Lang::ZhCn)).collect();
        let allowed_en: Vec<&str> = self.next().iter().map(|s| s.label(Lang::En)).collect();
        Err(AppError::invalid(
            "status",
            format!(
                "活动不能从“{}”改为“{}”。{}",
                self.label(Lang::ZhCn),
                to.label(Lang::ZhCn),
                if allowed_zh.is_empty() {
                    "它已经是最终状态。".to_string()
                } else {
                    format!("可以改为：{}。", allowed_zh.join("、"))
                }
            ),
            format!(
                "A campaign cannot go from {} to {}. {}",
                self.label(Lang::En),
                to.label(Lang::En),
                if allowed_en.is_empty() {
                    "It is final.".to_string()
                } else {
                    format!("It can go to: {}.", allowed_en.join(", "))
                }
            ),
        ))
    }
}

/// todo / doing / done / blocked (tasks and materials alike).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum WorkStatus {
    Todo,
    Doing,
    Done,
    Blocked,
}

impl WorkStatus {
    pub const ALL: [WorkStatus; 4] = [
        WorkStatus::Todo,
        WorkStatus::Doing,
        WorkStatus::Done,
        WorkStatus::Blocked,
    ];
    pub fn code(self) -> &'static str {
        match self {
            WorkStatus::Todo => "todo",
            WorkStatus::Doing => "doing",
            WorkStatus::Done => "done",
            WorkStatus::Blocked => "blocked",
        }
    }
    pub fn from_code(s: &str) -> WorkStatus {
        Self::ALL
            .into_iter()
            .find(|k| k.code() == s)
            .unwrap_or(WorkStatus::Todo)
    }
    pub fn label(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            WorkStatus::Todo => ("待办", "To do"),
            WorkStatus::Doing => ("进行中", "Doing"),
            WorkStatus::Done => ("已完成", "Done"),
            WorkStatus::Blocked => ("受阻", "Blocked"),
        };
        lang.pick(zh, en)
    }
}

pub use crate::domain::value::required;

/// Start ≤ end, or an error on `end_field`.
pub fn check_dates(start: NaiveDate, end: NaiveDate, end_field: &str) -> AppResult<()> {
    if end < start {
        return Err(AppError::invalid(
            end_field,
            format!("结束日期 {end} 早于开始日期 {start}。"),
            format!("The end date {end} is before the start date {start}."),
        ));
    }
    Ok(())
}

/// A sub-activity's dates must lie inside its parent's.
pub fn check_inside_parent(
    start: NaiveDate,
    end: NaiveDate,
    parent_start: NaiveDate,
    parent_end: NaiveDate,
    parent_name: &str,
) -> AppResult<()> {
    if start < parent_start || end > parent_end {
        return Err(AppError::invalid(
            "start",
            format!("子活动的日期必须在“{parent_name}”的 {parent_start} 至 {parent_end} 之内。"),
            format!("A sub-activity's dates must lie inside {parent_name} ({parent_start} to {parent_end})."),
        ));
    }
    Ok(())
}

/// The cycle adding `task → depends_on` would close, as task ids from `task` back to `task`;
/// `None` when the edge is safe. `edges` are the existing (task, depends_on) pairs.
pub fn dependency_cycle(edges: &[(i64, i64)], task: i64, depends_on: i64) -> Option<Vec<i64>> {
    if task == depends_on {
        return Some(vec![task, task]);
    }
    let mut next: HashMap<i64, Vec<i64>> = HashMap::new();
    for (a, b) in edges {
        next.entry(*a).or_default().push(*b);
    }
    // Depth-first from depends_on, looking for a path back to task.
    let mut stack = vec![(depends_on, vec![task, depends_on])];
    let mut seen = HashSet::new();
    while let Some((at, path)) = stack.pop() {
        if !seen.insert(at) {
            continue;
        }
        for n in next.get(&at).into_iter().flatten() {
            let mut p = path.clone();
            p.push(*n);
            if *n == task {
                return Some(p);
            }
            stack.push((*n, p));
        }
    }
    None
}

/// Day `offset` from the launch day (T-60 → launch − 60 days).
pub fn offset_day(launch: NaiveDate, offset: i64) -> AppResult<NaiveDate> {
    let d = if offset >= 0 {
        launch.checked_add_days(Days::new(offset as u64))
    } else {
        launch.checked_sub_days(Days::new(offset.unsigned_abs()))
    };
    d.ok_or_else(|| AppError::invalid("offset", "日期超出范围。", "The date is out of range."))
}

/// Move a date by a signed number of days.
pub fn shift(d: NaiveDate, days: i64) -> AppResult<NaiveDate> {
    offset_day(d, days)
}

/// Whole days from `a` to `b` (positive when b is later).
pub fn days_between(a: NaiveDate, b: NaiveDate) -> i64 {
    (b - a).num_days()
}

/// A terminal price limit and how far from it a price may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub limit_fen: i64,
    pub tolerance_fen: i64,
}

impl Limit {
    /// The signed difference from the limit when `price_fen` breaks it (above limit +
    /// tolerance, or below limit − tolerance); `None` when it complies. Exactly at the edge
    /// of the tolerance complies.
    pub fn violation(self, price_fen: i64) -> Option<i64> {
        let diff = price_fen.checked_sub(self.limit_fen)?;
        (diff.checked_abs()? > self.tolerance_fen).then_some(diff)
    }
}

/// Where our price should sit against the lowest same-segment competitor price (元 in fen).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GapBand {
    pub min_fen: i64,
    pub max_fen: i64,
}

impl GapBand {
    /// The gap (ours − lowest competitor) and whether it lies outside the band.
    pub fn check(self, ours_fen: i64, competitor_fen: i64) -> (i64, bool) {
        let gap = ours_fen.saturating_sub(competitor_fen);
        (gap, gap < self.min_fen || gap > self.max_fen)
    }
}

/// A ratio as people write it (1:2, 1：1, 2比1) → normalised "a:b".
pub fn parse_ratio(s: &str) -> Option<String> {
    let t = crate::domain::value::to_half_width(s.trim());
    if t.is_empty() {
        return None;
    }
    let (a, b) = t.split_once([':', '：', '比', '/'])?;
    let a: u32 = a.trim().parse().ok()?;
    let b: u32 = b.trim().parse().ok()?;
    (a > 0 && b > 0 && a <= 100 && b <= 100).then(|| format!("{a}:{b}"))
}

/// The weeks of a month as the calendar shows them: Monday first, from the Monday on or
/// before the 1st to the Sunday on or after the last day.
pub fn month_grid(year: i32, month: u32) -> AppResult<(NaiveDate, NaiveDate)> {
    let first = NaiveDate::from_ymd_opt(year, month, 1).ok_or_else(|| {
        AppError::invalid(
            "month",
            format!("没有这个月份：{year}-{month}。"),
            format!("No such month: {year}-{month}."),
        )
    })?;
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    }
    .ok_or_else(|| AppError::invalid("month", "月份超出范围。", "The month is out of range."))?;
    let last = next.pred_opt().unwrap_or(first);
    let start = first - Days::new(u64::from(first.weekday().num_days_from_monday()));
    let end = last + Days::new(u64::from(6 - last.weekday().num_days_from_monday()));
    debug_assert_eq!(start.weekday(), Weekday::Mon);
    Ok((start, end))
}

/// The same day in another year (29 Feb → 28 Feb).
pub fn same_day_in(d: NaiveDate, year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, d.month(), d.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, d.month(), 28))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn only_the_listed_transitions_are_allowed() {
        use Status::*;
        let allowed = [
            (Draft, Planned),
            (Planned, Approved),
            (Approved, Running),
            (Running, Done),
            (Draft, Cancelled),
            (Planned, Cancelled),
            (Approved, Cancelled),
            (Running, Cancelled),
        ];
        for from in Status::ALL {
            for to in Status::ALL {
                let ok = from.check_transition(to).is_ok();
                assert_eq!(ok, allowed.contains(&(from, to)), "{from:?} → {to:?}");
            }
        }
        let e = Draft.check_transition(Approved).unwrap_err();
        assert_eq!(
            e.message(Lang::ZhCn),
            "活动不能从“草稿”改为“已批准”。可以改为：已策划、已取消。"
        );
        let e = Done.check_transition(Running).unwrap_err();
        assert_eq!(
            e.message(Lang::En),
            "A campaign cannot go from Done to Running. It is final."
        );
    }

    #[test]
    fn a_dependency_cycle_is_found_and_named_in_order() {
        // 3 depends on 2, 2 depends on 1.
        let edges = [(3, 2), (2, 1)];
        assert_eq!(dependency_cycle(&edges, 1, 3), Some(vec![1, 3, 2, 1]));
        assert_eq!(dependency_cycle(&edges, 4, 3), None);
        assert_eq!(
            dependency_cycle(&edges, 3, 1),
            None,
            "a shortcut is no cycle"
        );
        assert_eq!(dependency_cycle(&edges, 5, 5), Some(vec![5, 5]));
    }

    #[test]
    fn limit_violations_above_below_inside_tolerance_and_at_the_edge() {
        let l = Limit {
            limit_fen: 304_900,
            tolerance_fen: 2_000,
        };
        assert_eq!(l.violation(329_900), Some(25_000), "kept at regular price");
        assert_eq!(l.violation(280_000), Some(-24_900), "below the limit");
        assert_eq!(l.violation(306_000), None, "inside tolerance");
        assert_eq!(l.violation(306_900), None, "exactly at limit + tolerance");
        assert_eq!(l.violation(302_900), None, "exactly at limit − tolerance");
        assert_eq!(l.violation(306_901), Some(2_001));
        let exact = Limit {
            limit_fen: 100,
            tolerance_fen: 0,
        };
        assert_eq!(exact.violation(100), None);
        assert_eq!(exact.violation(101), Some(1));
    }

    #[test]
    fn gap_band() {
        let b = GapBand {
            min_fen: 5_000,
            max_fen: 10_000,
        };
        assert_eq!(b.check(315_000, 310_000), (5_000, false));
        assert_eq!(b.check(304_900, 310_000), (-5_100, true));
        assert_eq!(b.check(322_000, 310_000), (12_000, true));
    }

    #[test]
    fn offsets_and_grids() {
        assert_eq!(offset_day(d("2026-05-01"), -60).unwrap(), d("2026-03-02"));
        assert_eq!(offset_day(d("2026-05-01"), 7).unwrap(), d("2026-05-08"));
        let (a, b) = month_grid(2026, 5).unwrap();
        assert_eq!((a, b), (d("2026-04-27"), d("2026-05-31")));
        let (a, b) = month_grid(2026, 2).unwrap();
        assert_eq!((a, b), (d("2026-01-26"), d("2026-03-01")));
        assert!(month_grid(2026, 13).is_err());
        assert_eq!(same_day_in(d("2024-02-29"), 2025), Some(d("2025-02-28")));
    }

    #[test]
    fn ratios_and_kinds_as_typed() {
        assert_eq!(parse_ratio("1:2").as_deref(), Some("1:2"));
        assert_eq!(parse_ratio("2：1").as_deref(), Some("2:1"));
        assert_eq!(parse_ratio("1比1").as_deref(), Some("1:1"));
        assert_eq!(parse_ratio("abc"), None);
        assert_eq!(parse_ratio("0:1"), None);
        assert_eq!(CampaignKind::parse("新品上市"), Some(CampaignKind::Launch));
        assert_eq!(
            CampaignKind::parse("Roadshow"),
            Some(CampaignKind::Roadshow)
        );
        assert_eq!(CampaignKind::parse("团购"), None);
    }
}
