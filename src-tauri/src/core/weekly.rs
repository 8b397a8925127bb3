//! The week 周, read across the four areas: the Monday dashboard's cards (the 7 days ending
//! today, the week it is) and the weekly report 周报 for the general manager (an ISO week,
//! Monday to Sunday), built from the same view so the two never disagree.

use super::{AppCore, DocumentExport};
use crate::domain::campaigns::Status;
use crate::domain::competitors::{MovesQuery, MovesResult, PriceMove};
use crate::domain::weekly::{largest_first, IsoWeek, Window};
use crate::error::AppResult;
use crate::store::campaigns::{self as c, Violation, WorkItem};
use crate::store::competitors::{self as comp, Activity};
use crate::store::training::{self as t, Session};
use crate::store::weekly as notes;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::HashSet;
use std::path::Path;
use ts_rs::TS;

use super::budget::BudgetAlerts;
use super::training::RegionCompletion;

/// How many moves a card shows (the rest are counted).
const MOVES_SHOWN: usize = 8;
/// How many violations of a campaign a card shows.
const VIOLATIONS_SHOWN: usize = 5;

/// Competitor price moves of one window against the 14 days before it, largest first.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct MovesCard {
    pub window: MovesResult,
    /// Competitor moves in all (the card shows the largest).
    #[ts(type = "number")]
    pub total: i64,
}

/// The moves of the current or latest holiday with sightings around it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct HolidayMoves {
    pub holiday: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub moves: MovesCard,
}

/// A campaign in the field during the window, with its status.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct CampaignLine {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub status: Status,
    pub status_label: String,
    pub regions: Vec<String>,
    /// Price-limit violations seen up to the window's end.
    #[ts(type = "number")]
    pub violations: i64,
    /// The largest of them (by how far from the limit).
    pub worst: Vec<Violation>,
}

/// Training readiness: completion by region of the programs that prepare the next campaign
/// (or are due before it), regions furthest behind first.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Readiness {
    /// The campaign the programs prepare; None when no campaign is ahead (then every program).
    pub campaign: Option<String>,
    pub campaign_start: Option<NaiveDate>,
    pub programs: Vec<String>,
    pub regions: Vec<RegionCompletion>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct WeekView {
    /// 2026-W19
    pub week: String,
    /// 2026年第19周（5月4日–5月10日）
    pub week_label: String,
    pub today: NaiveDate,
    /// The days looked back over: moves, activities started, violations.
    pub looked_back: Window,
    /// Monday to Sunday: work due and sessions.
    pub planned: Window,
    pub moves: MovesCard,
    pub holiday: Option<HolidayMoves>,
    /// Competitor activities that started in the days looked back over.
    pub activities: Vec<Activity>,
    pub overdue: Vec<WorkItem>,
    pub due: Vec<WorkItem>,
    /// Campaigns in the field during the days looked back over (not drafts, not cancelled).
    pub campaigns: Vec<CampaignLine>,
    pub sessions: Vec<Session>,
    pub readiness: Readiness,
    pub budget: BudgetAlerts,
}

/// The weekly report as the dialog shows it before export: the week's view and the manager's
/// decisions-needed text kept with the week.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct WeeklyReport {
    pub view: WeekView,
    pub decisions: String,
}

impl AppCore {
    /// The Monday dashboard: the 7 days ending today and the week it is.
    pub fn week_at_a_glance(&self) -> AppResult<WeekView> {
        let today = self.today();
        self.week_view(IsoWeek::of(today), Window::last_seven_days(today), today)
    }

    /// An ISO week's report: Monday to Sunday, with its decisions.
    pub fn weekly_report(&self, week: IsoWeek) -> AppResult<WeeklyReport> {
        let view = self.week_view(week, Window::of_week(week), self.today())?;
        let decisions = self.with_store(|s| notes::decisions(s, week))?;
        Ok(WeeklyReport { view, decisions })
    }

    /// Keep the decisions-needed text with the week (empty removes it).
    pub fn save_weekly_decisions(&self, week: IsoWeek, text: &str) -> AppResult<()> {
        if text.chars().count() > 20_000 {
            return Err(crate::error::AppError::invalid(
                "decisions",
                "待决策事项太长（最多 20,000 字）。",
                "The decisions are too long (20,000 characters at most).",
            ));
        }
        self.with_store(|s| notes::save_decisions(s, week, text))
    }

    /// The weekly report as PDF, Word or Markdown (by the extension), through the one runner.
    pub fn export_weekly_report(
        &self,
        week: IsoWeek,
        path: &Path,
        progress: &mut dyn FnMut(usize, usize),
    ) -> AppResult<DocumentExport> {
        let lang = self.lang();
        self.export_document(path, progress, |core| {
            let report = core.weekly_report(week)?;
            let chart = match report.view.moves.window.moves.first() {
                Some(m) => Some(crate::charts::Chart::Price(
                    core.price_chart_spec(crate::core::PriceChartQuery {
                        product_id: m.product_id,
                        from: report
                            .view
                            .looked_back
                            .from
                            .checked_sub_days(chrono::Days::new(14)),
                        to: Some(report.view.looked_back.to),
                        width: Some(960),
                    })?,
                )),
                None => None,
            };
            Ok(crate::export::weekly::weekly_report(&report, chart, lang))
        })
    }

    fn week_view(&self, week: IsoWeek, back: Window, today: NaiveDate) -> AppResult<WeekView> {
        let lang = self.lang();
        let planned = Window::of_week(week);
        // What is known as of the window's end (never later than today).
        let as_of = back.to.min(today);
        let moves = self.moves_card(back.from, back.to)?;
        let holiday = self.holiday_moves(as_of)?;
        let (activities, work, campaigns, sessions) = self.with_store(|s| {
            let activities: Vec<Activity> = comp::list_activities(s)?
                .into_iter()
                .filter(|a| {
                    NaiveDate::parse_from_str(&a.start_on, "%Y-%m-%d")
                        .is_ok_and(|d| back.contains(d))
                })
                .collect();
            let work = c::due_lists(s, as_of.max(planned.from).min(planned.to))?;
            let mut campaigns = Vec::new();
            for k in c::list(s)?.into_iter().filter(|k| {
                !matches!(k.status, Status::Draft | Status::Cancelled)
                    && back.overlaps(k.start, k.end)
            }) {
                let mut found: Vec<Violation> = c::compliance(s, k.id)?
                    .violations
                    .into_iter()
                    .filter(|v| v.date <= back.to)
                    .collect();
                let count = found.len() as i64;
                found = largest_first(
                    found,
                    |v| v.diff_fen,
                    |v| (v.date, v.region.clone(), v.product.clone()),
                    VIOLATIONS_SHOWN,
                );
                campaigns.push(CampaignLine {
                    id: k.id,
                    status_label: k.status.label(lang).to_string(),
                    regions: k.regions.iter().map(|r| r.name.clone()).collect(),
                    name: k.name,
                    start: k.start,
                    end: k.end,
                    status: k.status,
                    violations: count,
                    worst: found,
                });
            }
            let sessions = t::list_sessions(s, planned.from, planned.to)?;
            Ok((activities, work, campaigns, sessions))
        })?;
        Ok(WeekView {
            week: week.code(),
            week_label: week.label(lang),
            today,
            looked_back: back,
            planned,
            moves,
            holiday,
            activities,
            overdue: work.overdue,
            due: work.this_week,
            campaigns,
            sessions,
            readiness: self.readiness(as_of)?,
            budget: self.budget_alerts_on(as_of)?,
        })
    }

    /// Competitor moves in [from, to] against the 14 days before, largest first.
    fn moves_card(&self, from: NaiveDate, to: NaiveDate) -> AppResult<MovesCard> {
        let mut window = self.price_moves(MovesQuery {
            from: from.to_string(),
            to: to.to_string(),
            baseline_days: Some(14),
            threshold_pct: None,
        })?;
        let competitors: Vec<PriceMove> = window.moves.drain(..).filter(|m| !m.own).collect();
        let total = competitors.len() as i64;
        window.moves = largest_first(
            competitors,
            |m| (m.change_pct * 100.0).round() as i64,
            |m| (m.brand.clone(), m.product.clone(), m.region.clone()),
            MOVES_SHOWN,
        );
        Ok(MovesCard { window, total })
    }

    /// The current or latest holiday (begun by `day`) with sightings in it and before it.
    fn holiday_moves(&self, day: NaiveDate) -> AppResult<Option<HolidayMoves>> {
        let lang = self.lang();
        let calendar = self.with_store(|s| crate::store::holidays::calendar(s, day.year()))?;
        let found = self.with_store(|s| {
            Ok(
                crate::domain::holidays::latest_with_data(&calendar.holidays, day, 14, |a, b| {
                    comp::has_sightings_between(s, a, b)
                })?
                .cloned(),
            )
        })?;
        let Some(h) = found else {
            return Ok(None);
        };
        Ok(Some(HolidayMoves {
            holiday: format!("{} {}", h.year, lang.pick(&h.name_zh, &h.name_en)),
            from: h.start,
            to: h.end,
            moves: self.moves_card(h.start, h.end)?,
        }))
    }

    /// Completion by region of the programs preparing the next campaign (the first top-level
    /// one not yet ended on `day`), or due before it; regions furthest behind first.
    fn readiness(&self, day: NaiveDate) -> AppResult<Readiness> {
        let (next, programs) = self.with_store(|s| {
            let next = c::list(s)?
                .into_iter()
                .filter(|k| {
                    k.parent_id.is_none()
                        && !matches!(k.status, Status::Draft | Status::Cancelled)
                        && k.end >= day
                })
                .min_by_key(|k| (k.start, k.id));
            Ok((next, t::list_programs(s)?))
        })?;
        let preparing: Vec<&t::Program> = match &next {
            Some(k) => programs
                .iter()
                .filter(|p| {
                    p.campaign_id == Some(k.id)
                        || p.due_on
                            .is_some_and(|d| d <= k.start && k.start - chrono::Days::new(90) <= d)
                })
                .collect(),
            None => Vec::new(),
        };
        let (campaign, chosen): (Option<&c::Campaign>, Vec<&t::Program>) = if preparing.is_empty() {
            (None, programs.iter().collect())
        } else {
            (next.as_ref(), preparing)
        };
        let ids: HashSet<i64> = chosen.iter().map(|p| p.id).collect();
        let mut regions = self.completion_of_programs(|id| ids.contains(&id))?;
        regions.sort_by(|a, b| {
            a.completion_pct
                .total_cmp(&b.completion_pct)
                .then_with(|| a.region_id.cmp(&b.region_id))
        });
        Ok(Readiness {
            campaign: campaign.map(|k| k.name.clone()),
            campaign_start: campaign.map(|k| k.start),
            programs: chosen.iter().map(|p| p.title.clone()).collect(),
            regions,
        })
    }
}
