//! 活动 Campaign calendar: campaigns, tasks, materials, templates, offers and their
//! compliance; the month calendar, the timeline with the competition beneath it, and the
//! review. Views are put together here from the store and the holiday calendar.

use super::AppCore;
use crate::charts::gantt::{GanttChart, GanttRow};
use crate::domain::campaigns::{self as rules, Status};
use crate::domain::competitors::{MovesQuery, PriceMove};
use crate::domain::holidays::Holiday;
use crate::error::{AppError, AppResult};
use crate::export::brief::Brief;
use crate::import::campaigns::{self as import_c, SheetReport};
use crate::import::read;
use crate::store::campaigns::{
    self as c, Campaign, CampaignInput, Compliance, DueLists, Material, MaterialInput, Offer,
    OfferInput, PositionDay, RegionResult, ResultInput, StatusChange, Task, TaskGroup, TaskInput,
    Template,
};
use crate::store::competitors as comp;
use crate::store::intel;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::path::Path;
use ts_rs::TS;

/// Everything the campaign page shows about one campaign.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct CampaignPage {
    pub campaign: Campaign,
    pub parent: Option<Campaign>,
    pub children: Vec<Campaign>,
    pub tasks: Vec<Task>,
    pub materials: Vec<Material>,
    pub offers: Vec<Offer>,
    pub history: Vec<StatusChange>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct CalendarItem {
    /// "campaign" | "sub" | "task" | "material"
    pub kind: String,
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub campaign_id: i64,
    pub title: String,
    /// Campaign status, or the task/material status code.
    pub status: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct CalendarDay {
    pub date: NaiveDate,
    #[ts(type = "number")]
    pub day: u32,
    pub in_month: bool,
    pub today: bool,
    /// The official holiday (or shopping festival) this day belongs to.
    pub holiday: Option<String>,
    /// An official day off.
    pub off_day: bool,
    /// 调休: a weekend day worked.
    pub makeup_workday: bool,
    pub items: Vec<CalendarItem>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct MonthView {
    pub year: i32,
    #[ts(type = "number")]
    pub month: u32,
    /// Monday-first weeks of seven days.
    pub weeks: Vec<Vec<CalendarDay>>,
}

/// A bar on the timeline: day offsets from the view's first day (not dates: the UI only
/// places them).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Bar {
    /// "campaign" | "sub" | "task" | "activity" | "move"
    pub kind: String,
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub campaign_id: i64,
    pub label: String,
    pub detail: String,
    pub status: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// First day's index from the view's first day (clipped to the view); `days` is 0 for a
    /// bar that lies wholly outside it.
    #[ts(type = "number")]
    pub offset: i64,
    #[ts(type = "number")]
    pub days: i64,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct MonthMark {
    pub label: String,
    #[ts(type = "number")]
    pub offset: i64,
    #[ts(type = "number")]
    pub days: i64,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Dependency {
    /// Indexes into `plan`: the task and the one it waits for.
    #[ts(type = "number")]
    pub from: usize,
    #[ts(type = "number")]
    pub to: usize,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Timeline {
    pub from: NaiveDate,
    pub to: NaiveDate,
    #[ts(type = "number")]
    pub days: i64,
    pub months: Vec<MonthMark>,
    /// Holidays in view, as shaded bands.
    pub holidays: Vec<Bar>,
    /// Campaigns, each followed by its sub-activities and tasks.
    pub plan: Vec<Bar>,
    pub dependencies: Vec<Dependency>,
    /// The competition in the same regions: competitor activities (the price moves detected
    /// during each campaign come from `campaign_timeline_moves`, asked for together with it).
    pub competition: Vec<Bar>,
    /// Today's index, when in view.
    #[ts(type = "number | null")]
    pub today: Option<i64>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct TimelineQuery {
    /// First month shown (YYYY-MM-01 or any day in it).
    pub from: NaiveDate,
    #[ts(type = "number")]
    pub months: u32,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct LateItem {
    /// "task" | "material"
    pub kind: String,
    pub title: String,
    pub owner: String,
    pub due: NaiveDate,
    /// The day it was done, or None when still open.
    pub done_on: Option<NaiveDate>,
    #[ts(type = "number")]
    pub days_late: i64,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Review {
    pub campaign: Campaign,
    pub results: Vec<RegionResult>,
    #[ts(type = "number")]
    pub actual_units: i64,
    #[ts(type = "number")]
    pub actual_revenue_fen: i64,
    /// Actual as a share of the target, in basis points (10000 = 100 %).
    #[ts(type = "number | null")]
    pub units_bp: Option<i64>,
    #[ts(type = "number | null")]
    pub revenue_bp: Option<i64>,
    pub compliance: Compliance,
    /// Competitor price moves in the campaign's regions during its dates.
    pub competitor_moves: Vec<PriceMove>,
    pub late: Vec<LateItem>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct StatusInput {
    #[ts(type = "number")]
    pub id: i64,
    pub to: Status,
    pub note: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct TemplateUse {
    #[ts(type = "number")]
    pub template_id: i64,
    pub campaign: CampaignInput,
}

/// Share in basis points, rounded half up; None without a target.
fn share_bp(actual: i64, target: Option<i64>) -> Option<i64> {
    let t = i128::from(target.filter(|t| *t > 0)?);
    i64::try_from((i128::from(actual) * 20_000 + t) / (2 * t)).ok()
}

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

impl AppCore {
    pub fn list_campaigns(&self) -> AppResult<Vec<Campaign>> {
        self.with_store(|s| c::list(s))
    }

    pub fn campaign_page(&self, id: i64) -> AppResult<CampaignPage> {
        self.with_store(|s| {
            let campaign = c::get(s, id)?;
            let parent = match campaign.parent_id {
                Some(p) => Some(c::get(s, p)?),
                None => None,
            };
            let children = c::list(s)?
                .into_iter()
                .filter(|x| x.parent_id == Some(id))
                .collect();
            Ok(CampaignPage {
                tasks: c::list_tasks(s, id)?,
                materials: c::list_materials(s, id)?,
                offers: c::list_offers(s, id)?,
                history: c::status_history(s, id)?,
                campaign,
                parent,
                children,
            })
        })
    }

    /// A campaign by id or exact name (CLI).
    pub fn find_campaign(&self, id_or_name: &str) -> AppResult<i64> {
        self.with_store(|s| c::find(s, id_or_name))
    }

    pub fn save_campaign(&self, input: CampaignInput) -> AppResult<i64> {
        self.with_store(|s| c::save(s, &input))
    }

    pub fn delete_campaign(&self, id: i64) -> AppResult<()> {
        self.with_store(|s| c::delete(s, id))
    }

    pub fn set_campaign_status(&self, input: StatusInput) -> AppResult<()> {
        self.with_store(|s| c::set_status(s, input.id, input.to, &input.note))
    }

    pub fn task_groups(&self) -> AppResult<Vec<TaskGroup>> {
        self.with_store(|s| c::list_groups(s))
    }

    pub fn add_task_group(&self, name: String) -> AppResult<i64> {
        self.with_store(|s| c::add_group(s, &name))
    }

    pub fn save_task(&self, input: TaskInput) -> AppResult<i64> {
        self.with_store(|s| c::save_task(s, &input, today()))
    }

    pub fn delete_task(&self, id: i64) -> AppResult<()> {
        self.with_store(|s| c::delete_task(s, id))
    }

    pub fn save_material(&self, input: MaterialInput) -> AppResult<i64> {
        self.with_store(|s| c::save_material(s, &input, today()))
    }

    pub fn delete_material(&self, id: i64) -> AppResult<()> {
        self.with_store(|s| c::delete_material(s, id))
    }

    pub fn due_lists(&self) -> AppResult<DueLists> {
        self.with_store(|s| c::due_lists(s, today()))
    }

    pub fn campaign_templates(&self) -> AppResult<Vec<Template>> {
        self.with_store(|s| c::list_templates(s))
    }

    pub fn save_as_template(&self, campaign_id: i64, name: String) -> AppResult<i64> {
        self.with_store(|s| c::save_as_template(s, campaign_id, &name))
    }

    pub fn delete_template(&self, id: i64) -> AppResult<()> {
        self.with_store(|s| c::delete_template(s, id))
    }

    pub fn create_from_template(&self, input: TemplateUse) -> AppResult<i64> {
        self.with_store(|s| c::create_from_template(s, &input.campaign, input.template_id))
    }

    /// Copy a campaign to another year. Tied to a holiday, it is re-anchored to that
    /// holiday's first day in the target year (bundled or imported calendar; a year without
    /// data is named in the error); otherwise it moves to the same dates in that year.
    pub fn copy_campaign_to_year(&self, id: i64, year: i32) -> AppResult<i64> {
        let calendar = self.holiday_calendar()?;
        self.with_store(|s| {
            let src = c::get(s, id)?;
            let (shift, holiday) = match (&src.holiday_name, src.holiday_year) {
                (Some(name), Some(hy)) => {
                    let find = |y: i32| -> Option<&Holiday> {
                        calendar
                            .holidays
                            .iter()
                            .find(|h| h.year == y && &h.name_zh == name)
                    };
                    let old = find(hy).ok_or_else(|| missing_holiday(name, hy))?;
                    let new = find(year).ok_or_else(|| missing_holiday(name, year))?;
                    (
                        rules::days_between(old.start, new.start),
                        Some((year, name.clone())),
                    )
                }
                _ => {
                    let target = rules::same_day_in(src.start, year).ok_or_else(|| {
                        AppError::invalid("year", "年份超出范围。", "The year is out of range.")
                    })?;
                    (rules::days_between(src.start, target), None)
                }
            };
            c::copy_shifted(s, id, shift, holiday)
        })
    }

    pub fn save_offer(&self, input: OfferInput) -> AppResult<usize> {
        self.with_store(|s| c::save_offer(s, &input))
    }

    pub fn delete_offer(&self, id: i64) -> AppResult<()> {
        self.with_store(|s| c::delete_offer(s, id))
    }

    pub fn compliance(&self, campaign_id: i64) -> AppResult<Compliance> {
        self.with_store(|s| c::compliance(s, campaign_id))
    }

    pub fn price_position(&self, campaign_id: i64) -> AppResult<Vec<PositionDay>> {
        self.with_store(|s| c::price_position(s, campaign_id))
    }

    pub fn save_result(&self, input: ResultInput) -> AppResult<()> {
        self.with_store(|s| c::save_result(s, &input))
    }

    /// Objectives against results, compliance, competitor moves in the window, late work.
    pub fn campaign_review(&self, id: i64) -> AppResult<Review> {
        let page = self.campaign_page(id)?;
        let campaign = page.campaign.clone();
        let region_names: Vec<String> = campaign.regions.iter().map(|r| r.name.clone()).collect();
        let moves = self.price_moves(MovesQuery {
            from: campaign.start.to_string(),
            to: campaign.end.to_string(),
            baseline_days: Some(14),
            threshold_pct: Some(0.0),
        })?;
        let own: Vec<String> = self
            .list_brands()?
            .into_iter()
            .filter(|b| b.is_own)
            .map(|b| b.name)
            .collect();
        let competitor_moves = moves
            .moves
            .into_iter()
            .filter(|m| region_names.contains(&m.region) && !own.contains(&m.brand))
            .collect();
        let (results, compliance) =
            self.with_store(|s| Ok((c::results(s, id)?, c::compliance(s, id)?)))?;
        let actual_units = results
            .iter()
            .filter_map(|r| r.units)
            .try_fold(0i64, i64::checked_add)
            .ok_or_else(|| AppError::Internal("units overflow".into()))?;
        let actual_revenue_fen = results
            .iter()
            .filter_map(|r| r.revenue_fen)
            .try_fold(0i64, i64::checked_add)
            .ok_or_else(|| AppError::Internal("revenue overflow".into()))?;
        let now = today();
        let late_days =
            |due: NaiveDate, done: Option<NaiveDate>| rules::days_between(due, done.unwrap_or(now));
        let mut late: Vec<LateItem> = page
            .tasks
            .iter()
            .map(|t| ("task", &t.title, &t.owner, t.due, t.done_on, t.status))
            .chain(
                page.materials
                    .iter()
                    .map(|m| ("material", &m.item, &m.owner, m.due, m.done_on, m.status)),
            )
            .filter_map(|(kind, title, owner, due, done_on, status)| {
                let done_on = if status == rules::WorkStatus::Done {
                    done_on
                } else {
                    None
                };
                let days = late_days(due, done_on);
                (days > 0).then(|| LateItem {
                    kind: kind.to_string(),
                    title: title.clone(),
                    owner: owner.clone(),
                    due,
                    done_on,
                    days_late: days,
                })
            })
            .collect();
        late.sort_by_key(|l| std::cmp::Reverse(l.days_late));
        Ok(Review {
            units_bp: share_bp(actual_units, campaign.target_units),
            revenue_bp: share_bp(actual_revenue_fen, campaign.target_revenue_fen),
            campaign,
            results,
            actual_units,
            actual_revenue_fen,
            compliance,
            competitor_moves,
            late,
        })
    }

    /// The month calendar: campaigns, sub-activities, tasks and materials on their days,
    /// holidays and make-up workdays marked; Monday-first weeks.
    pub fn campaign_month(&self, year: i32, month: u32) -> AppResult<MonthView> {
        let (first, last) = rules::month_grid(year, month)?;
        let calendar = self.holiday_calendar()?;
        let (campaigns, tasks, materials) = self.with_store(|s| {
            Ok((
                c::list_between(s, first, last)?,
                c::list_tasks_between(s, first, last)?,
                c::list_materials_between(s, first, last)?,
            ))
        })?;
        let now = today();
        let mut weeks = Vec::new();
        let mut day = first;
        while day <= last {
            let mut week = Vec::with_capacity(7);
            for _ in 0..7 {
                let holiday = calendar
                    .holidays
                    .iter()
                    .find(|h| h.start <= day && day <= h.end);
                let makeup = calendar
                    .holidays
                    .iter()
                    .any(|h| h.makeup_workdays.contains(&day));
                let mut items: Vec<CalendarItem> = campaigns
                    .iter()
                    .filter(|x| x.start <= day && day <= x.end)
                    .map(|x| CalendarItem {
                        kind: if x.parent_id.is_some() {
                            "sub"
                        } else {
                            "campaign"
                        }
                        .into(),
                        id: x.id,
                        campaign_id: x.id,
                        title: x.name.clone(),
                        status: x.status.code().into(),
                    })
                    .collect();
                items.extend(tasks.iter().filter(|t| t.due == day).map(|t| CalendarItem {
                    kind: "task".into(),
                    id: t.id,
                    campaign_id: t.campaign_id,
                    title: t.title.clone(),
                    status: t.status.code().into(),
                }));
                items.extend(
                    materials
                        .iter()
                        .filter(|m| m.due == day)
                        .map(|m| CalendarItem {
                            kind: "material".into(),
                            id: m.id,
                            campaign_id: m.campaign_id,
                            title: m.item.clone(),
                            status: m.status.code().into(),
                        }),
                );
                let lang = self.lock().lang;
                week.push(CalendarDay {
                    date: day,
                    day: day.day(),
                    in_month: day.month() == month,
                    today: day == now,
                    holiday: holiday.map(|h| lang.pick(&h.name_zh, &h.name_en).to_string()),
                    off_day: holiday.is_some_and(|h| h.kind == "official") && !makeup,
                    makeup_workday: makeup,
                    items,
                });
                day = day.succ_opt().unwrap_or(day);
            }
            weeks.push(week);
        }
        Ok(MonthView { year, month, weeks })
    }

    /// The timeline over whole months: the plan as bars (campaigns, their sub-activities and
    /// tasks, dependencies), and beneath, for the plan's regions, competitor activities. The
    /// price moves detected during each campaign come from `campaign_timeline_moves`.
    pub fn campaign_timeline(&self, q: TimelineQuery) -> AppResult<Timeline> {
        let (from, to) = timeline_span(&q)?;
        let lang = self.lock().lang;
        let calendar = self.holiday_calendar()?;
        let (campaigns, tasks, activities) = self.with_store(|s| {
            let mut campaigns = c::list_between(s, from, to)?;
            let tasks = c::list_tasks_between(s, from, to)?;
            // A campaign whose run-up falls in view (the March tasks of a May promotion) is
            // shown with it, though its own dates lie later.
            let mut missing: Vec<i64> = tasks
                .iter()
                .map(|t| t.campaign_id)
                .filter(|id| !campaigns.iter().any(|x| x.id == *id))
                .collect();
            missing.sort_unstable();
            missing.dedup();
            campaigns.extend(c::list_by_ids(s, &missing)?);
            campaigns.sort_by_key(|x| (x.start, x.parent_id.is_some(), x.id));
            Ok((campaigns, tasks, intel::list_activities(s)?))
        })?;
        let view = View { from, to };
        let mut plan = Vec::new();
        let mut task_rows = std::collections::HashMap::new();
        let tops: Vec<&Campaign> = campaigns.iter().filter(|x| x.parent_id.is_none()).collect();
        let orphans: Vec<&Campaign> = campaigns
            .iter()
            .filter(|x| x.parent_id.is_some_and(|p| !tops.iter().any(|t| t.id == p)))
            .collect();
        for top in tops.iter().chain(orphans.iter()) {
            let regions: Vec<&str> = top.regions.iter().map(|r| r.name.as_str()).collect();
            plan.push(view.bar(
                if top.parent_id.is_some() {
                    "sub"
                } else {
                    "campaign"
                },
                top.id,
                top.id,
                top.name.clone(),
                regions.join("、"),
                top.status.code().into(),
                top.start,
                top.end,
            ));
            let mut members = vec![top.id];
            for sub in campaigns.iter().filter(|x| x.parent_id == Some(top.id)) {
                plan.push(view.bar(
                    "sub",
                    sub.id,
                    sub.id,
                    sub.name.clone(),
                    String::new(),
                    sub.status.code().into(),
                    sub.start,
                    sub.end,
                ));
                members.push(sub.id);
            }
            for t in tasks.iter().filter(|t| members.contains(&t.campaign_id)) {
                task_rows.insert(t.id, plan.len());
                plan.push(view.bar(
                    "task",
                    t.id,
                    t.campaign_id,
                    t.title.clone(),
                    format!("{} · {}", t.group, t.owner),
                    t.status.code().into(),
                    t.start,
                    t.due,
                ));
            }
        }
        let dependencies = tasks
            .iter()
            .flat_map(|t| t.depends_on.iter().map(move |d| (t.id, *d)))
            .filter_map(|(t, d)| {
                Some(Dependency {
                    from: *task_rows.get(&t)?,
                    to: *task_rows.get(&d)?,
                })
            })
            .collect();
        // The competition in the plan's regions.
        let plan_regions: Vec<String> = campaigns
            .iter()
            .flat_map(|x| x.regions.iter().map(|r| r.name.clone()))
            .collect();
        let competition: Vec<Bar> = activities
            .iter()
            .filter(|a| a.regions.iter().any(|n| plan_regions.contains(n)))
            .filter_map(|a| {
                let start = crate::store::iso_day(&a.start_on)?;
                let end = crate::store::iso_day(&a.end_on)?;
                (start <= to && end >= from).then(|| {
                    view.bar(
                        "activity",
                        a.id,
                        0,
                        format!("{} · {}", a.brand, a.description),
                        a.regions.join("、"),
                        a.kind.clone(),
                        start,
                        end,
                    )
                })
            })
            .collect();
        let holidays = calendar
            .holidays
            .iter()
            .filter(|h| h.start <= to && h.end >= from)
            .map(|h| {
                view.bar(
                    "holiday",
                    0,
                    0,
                    lang.pick(&h.name_zh, &h.name_en).to_string(),
                    String::new(),
                    h.kind.clone(),
                    h.start,
                    h.end,
                )
            })
            .collect();
        let mut month_marks = Vec::new();
        let mut m = from;
        while m <= to {
            let next = m.checked_add_months(chrono::Months::new(1)).unwrap_or(to);
            month_marks.push(MonthMark {
                label: match lang {
                    crate::i18n::Lang::ZhCn => format!("{}年{}月", m.year(), m.month()),
                    crate::i18n::Lang::En => m.format("%b %Y").to_string(),
                },
                offset: rules::days_between(from, m),
                days: rules::days_between(m, next.min(to.succ_opt().unwrap_or(to))),
            });
            m = next;
            if next == to {
                break;
            }
        }
        let now = today();
        Ok(Timeline {
            from,
            to,
            days: rules::days_between(from, to) + 1,
            months: month_marks,
            holidays,
            plan,
            dependencies,
            competition,
            today: (from <= now && now <= to).then(|| rules::days_between(from, now)),
        })
    }

    /// The competitor price moves detected during each campaign of the timeline's months, in
    /// its regions, as bands beneath the plan (largest move per competitor brand and region).
    /// It reads every competitor sighting of the span in the campaigns' regions, on the reader
    /// connections (two halves at once), so the screen asks for it together with the plan and
    /// both are computed at once.
    pub fn campaign_timeline_moves(&self, q: TimelineQuery) -> AppResult<Vec<Bar>> {
        let (from, to) = timeline_span(&q)?;
        let tops: Vec<Campaign> = self.with_reader(|s| {
            Ok(c::list_between(s, from, to)?
                .into_iter()
                .filter(|x| x.parent_id.is_none())
                .collect())
        })?;
        // Competitor price moves during each campaign, in its regions: the sightings read
        // region by region in halves, each on its own reader connection at once (a region's
        // moves come from its own sightings only), then the bands chosen and named.
        let windows: Vec<comp::MoveWindow> = tops
            .iter()
            .map(|top| comp::MoveWindow {
                from: top.start,
                to: top.end,
                region_ids: top.regions.iter().map(|r| r.id).collect(),
            })
            .collect();
        let parts = comp::split_windows_by_region(&windows, crate::core::READERS);
        let raws = std::thread::scope(|scope| {
            let others: Vec<_> = parts
                .iter()
                .enumerate()
                .skip(1)
                .map(|(at, part)| {
                    scope.spawn(move || {
                        self.with_reader_at(at, |s| comp::competitor_raw_moves(s, part, 14, 500))
                    })
                })
                .collect();
            let mut raws =
                vec![self.with_reader_at(0, |s| comp::competitor_raw_moves(s, &parts[0], 14, 500))];
            for h in others {
                raws.push(h.join().unwrap_or_else(|_| {
                    Err(AppError::Internal(
                        "the bands' reading thread panicked".into(),
                    ))
                }));
            }
            raws.into_iter().collect::<AppResult<Vec<_>>>()
        })?;
        let moves = self.with_reader(|s| comp::name_move_bands(s, windows.len(), raws))?;
        Ok(timeline_bands(from, to, &tops, moves))
    }

    /// The campaign calendar as iCalendar: campaigns overlapping [from, to], tasks and
    /// materials due within it (everything when a bound is missing). Written atomically.
    pub fn export_ics(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        path: &Path,
    ) -> AppResult<usize> {
        if let (Some(a), Some(b)) = (from, to) {
            rules::check_dates(a, b, "to")?;
        }
        let lang = self.lock().lang;
        let (lo, hi) = (from.unwrap_or(NaiveDate::MIN), to.unwrap_or(NaiveDate::MAX));
        let (campaigns, tasks, materials) = self.with_store(|s| {
            let all = c::list(s)?;
            let mut tasks = Vec::new();
            let mut materials = Vec::new();
            for x in &all {
                tasks.extend(
                    c::list_tasks(s, x.id)?
                        .into_iter()
                        .filter(|t| lo <= t.due && t.due <= hi),
                );
                materials.extend(
                    c::list_materials(s, x.id)?
                        .into_iter()
                        .filter(|m| lo <= m.due && m.due <= hi),
                );
            }
            Ok((all, tasks, materials))
        })?;
        let names = campaigns.iter().map(|x| (x.id, x.name.clone())).collect();
        let shown: Vec<Campaign> = campaigns
            .into_iter()
            .filter(|x| x.start <= hi && x.end >= lo)
            .collect();
        let text = crate::export::campaigns::ics(&shown, &tasks, &materials, &names, lang);
        crate::export::write_atomically(path, text.as_bytes())?;
        Ok(shown.len() + tasks.len() + materials.len())
    }

    /// The campaign brief 活动方案简报 as a document, in the current language: cover, theme and
    /// objectives, the special-price policy, the timeline (tasks by group, materials, a Gantt
    /// picture), the competitive situation in its regions (moves with a price chart, activities),
    /// compliance for a running or finished campaign, risks and notes.
    pub fn campaign_brief(&self, id: i64) -> AppResult<Brief> {
        use crate::export::brief::{
            date_range, long_date, signed_pct, signed_yuan, Block, Section,
        };
        use crate::import::parse::format_yuan;
        let lang = self.lock().lang;
        let pick = |zh: &str, en: &str| lang.pick(zh, en).to_string();
        let page = self.campaign_page(id)?;
        let c = &page.campaign;
        let today = today();
        let regions: Vec<String> = c.regions.iter().map(|r| r.name.clone()).collect();
        let sep = lang.pick("、", ", ");
        let mut sections = Vec::new();
        sections.push(Section {
            title: pick("活动概况", "Campaign"),
            blocks: vec![Block::List(vec![
                format!("{}{}", pick("类型：", "Type: "), c.kind.label(lang)),
                format!(
                    "{}{}",
                    pick("日期：", "Dates: "),
                    date_range(lang, c.start, c.end)
                ),
                format!(
                    "{}{}",
                    pick("区域：", "Regions: "),
                    if regions.is_empty() {
                        "—".into()
                    } else {
                        regions.join(sep)
                    }
                ),
                format!(
                    "{}{}",
                    pick("负责人：", "Owner: "),
                    if c.owner.is_empty() { "—" } else { &c.owner }
                ),
                format!("{}{}", pick("状态：", "Status: "), c.status.label(lang)),
                format!(
                    "{}{}",
                    pick("简报生成于：", "Brief made on: "),
                    long_date(lang, today)
                ),
            ])],
        });
        let mut goals = vec![
            format!(
                "{}{}",
                pick("主题：", "Theme: "),
                if c.theme.is_empty() { "—" } else { &c.theme }
            ),
            format!(
                "{}{}",
                pick("目标销量：", "Target units: "),
                c.target_units.map_or("—".into(), |u| u.to_string())
            ),
            format!(
                "{}{}",
                pick("目标销售额：", "Target revenue: "),
                c.target_revenue_fen.map_or("—".into(), format_yuan)
            ),
        ];
        if !c.objectives.is_empty() {
            goals.push(format!(
                "{}{}",
                pick("目标说明：", "Objectives: "),
                c.objectives
            ));
        }
        for sub in &page.children {
            goals.push(format!(
                "{}{} · {}",
                pick("子活动：", "Sub-activity: "),
                sub.name,
                date_range(lang, sub.start, sub.end)
            ));
        }
        sections.push(Section {
            title: pick("主题与目标", "Theme and objectives"),
            blocks: vec![Block::List(goals)],
        });
        let offers = if page.offers.is_empty() {
            vec![Block::Para(pick(
                "尚未设置特价政策。",
                "No special-price policy yet.",
            ))]
        } else {
            vec![Block::Table {
                headers: vec![
                    pick("产品", "Product"),
                    pick("区域", "Region"),
                    pick("零售价", "Regular price"),
                    pick("特价", "Special price"),
                    pick("终端限价", "Price limit"),
                    pick("配比", "Ratio"),
                    pick("特价车数量", "Units"),
                ],
                right: vec![false, false, true, true, true, false, true],
                rows: page
                    .offers
                    .iter()
                    .map(|o| {
                        vec![
                            format!("{} {}", o.brand, o.product),
                            o.region.clone(),
                            format_yuan(o.regular_fen),
                            format_yuan(o.special_fen),
                            format_yuan(o.limit_fen),
                            o.ratio.clone().unwrap_or_else(|| "—".into()),
                            o.units.map_or("—".into(), |u| u.to_string()),
                        ]
                    })
                    .collect(),
            }]
        };
        sections.push(Section {
            title: pick(
                "特价政策与终端限价",
                "Special-price policy and price limits",
            ),
            blocks: offers,
        });
        let mut tasks = page.tasks.clone();
        tasks.sort_by(|a, b| (&a.group, a.due).cmp(&(&b.group, b.due)));
        let mut timeline = Vec::new();
        if !tasks.is_empty() {
            timeline.push(Block::Table {
                headers: vec![
                    pick("分组", "Group"),
                    pick("任务", "Task"),
                    pick("负责人", "Owner"),
                    pick("截止", "Due"),
                    pick("状态", "Status"),
                ],
                right: vec![false; 5],
                rows: tasks
                    .iter()
                    .map(|t| {
                        vec![
                            t.group.clone(),
                            t.title.clone(),
                            t.owner.clone(),
                            t.due.to_string(),
                            t.status.label(lang).to_string(),
                        ]
                    })
                    .collect(),
            });
        }
        if !page.materials.is_empty() {
            timeline.push(Block::Table {
                headers: vec![
                    pick("物料", "Material"),
                    pick("数量", "Quantity"),
                    pick("负责人", "Owner"),
                    pick("截止", "Due"),
                    pick("状态", "Status"),
                ],
                right: vec![false, true, false, false, false],
                rows: page
                    .materials
                    .iter()
                    .map(|m| {
                        vec![
                            m.item.clone(),
                            m.quantity.to_string(),
                            m.owner.clone(),
                            m.due.to_string(),
                            m.status.label(lang).to_string(),
                        ]
                    })
                    .collect(),
            });
        }
        let calendar = self.holiday_calendar()?;
        // A bar per task; a plan of more than 40 tasks gets a bar per group instead (from its
        // first start to its last due date), so that the picture stays readable on a page.
        let mut rows: Vec<GanttRow> = if page.tasks.len() <= 40 {
            page.tasks
                .iter()
                .map(|t| GanttRow {
                    label: t.title.clone(),
                    start: t.start,
                    end: t.due,
                    emphasis: false,
                    done: t.status == rules::WorkStatus::Done,
                })
                .collect()
        } else {
            let mut groups: std::collections::BTreeMap<&str, (NaiveDate, NaiveDate, usize, bool)> =
                Default::default();
            for t in &page.tasks {
                let done = t.status == rules::WorkStatus::Done;
                let g = groups
                    .entry(t.group.as_str())
                    .or_insert((t.start, t.due, 0, true));
                g.0 = g.0.min(t.start);
                g.1 = g.1.max(t.due);
                g.2 += 1;
                g.3 &= done;
            }
            groups
                .into_iter()
                .map(|(name, (start, end, n, done))| GanttRow {
                    label: format!("{name} ({n})"),
                    start,
                    end,
                    emphasis: false,
                    done,
                })
                .collect()
        };
        rows.push(GanttRow {
            label: c.name.clone(),
            start: c.start,
            end: c.end,
            emphasis: true,
            done: false,
        });
        let gantt = GanttChart {
            title: format!("{} · {}", c.name, pick("计划", "plan")),
            shades: calendar
                .holidays
                .iter()
                .map(|h| {
                    (
                        lang.pick(&h.name_zh, &h.name_en).to_string(),
                        h.start,
                        h.end,
                    )
                })
                .collect(),
            rows,
            width: 1100,
        };
        timeline.push(Block::Picture {
            name: "gantt".into(),
            caption: pick("甘特图", "Gantt chart"),
            png: gantt.to_png()?,
            svg: gantt.to_svg()?,
        });
        sections.push(Section {
            title: pick("时间安排", "Timeline"),
            blocks: timeline,
        });
        // The competition: during the window for a campaign that has begun, else the 30 days
        // before it.
        let begun = matches!(c.status, Status::Running | Status::Done);
        let (from, to) = if begun {
            (c.start, c.end)
        } else {
            (
                c.start - chrono::Days::new(30),
                c.start.pred_opt().unwrap_or(c.start),
            )
        };
        let own: Vec<String> = self
            .list_brands()?
            .into_iter()
            .filter(|b| b.is_own)
            .map(|b| b.name)
            .collect();
        let mut moves: Vec<PriceMove> = self
            .price_moves(MovesQuery {
                from: from.to_string(),
                to: to.to_string(),
                baseline_days: Some(14),
                threshold_pct: Some(5.0),
            })?
            .moves
            .into_iter()
            .filter(|m| regions.contains(&m.region) && !own.contains(&m.brand))
            .collect();
        // Largest first, rises and cuts alike.
        moves.sort_by(|a, b| b.change_pct.abs().total_cmp(&a.change_pct.abs()));
        let mut competition = vec![Block::Para(format!(
            "{}{}",
            pick("观察期：", "Period: "),
            date_range(lang, from, to)
        ))];
        if moves.is_empty() {
            competition.push(Block::Para(pick(
                "活动区域内没有检测到竞品价格变动（±5% 以上）。",
                "No competitor price move of 5 % or more was detected in the campaign's regions.",
            )));
        } else {
            // The largest moves (the list comes sorted by size); the rest are one click away
            // on the competitors screen, not pages of a brief.
            const SHOWN: usize = 30;
            let listed = &moves[..moves.len().min(SHOWN)];
            competition.push(Block::Table {
                headers: vec![
                    pick("品牌", "Brand"),
                    pick("型号", "Product"),
                    pick("区域", "Region"),
                    pick("渠道", "Channel"),
                    pick("基准价", "Baseline"),
                    pick("窗口价", "Window"),
                    pick("变动", "Change"),
                ],
                right: vec![false, false, false, false, true, true, true],
                rows: listed
                    .iter()
                    .map(|m| {
                        vec![
                            m.brand.clone(),
                            m.product.clone(),
                            m.region.clone(),
                            m.channel.clone(),
                            format_yuan(m.baseline_fen),
                            format_yuan(m.window_fen),
                            signed_pct(m.change_pct),
                        ]
                    })
                    .collect(),
            });
            if moves.len() > SHOWN {
                competition.push(Block::Para(match lang {
                    crate::i18n::Lang::ZhCn => format!(
                        "另有 {} 条较小的变动未列出，见“竞品 › 节日价格变动”。",
                        moves.len() - SHOWN
                    ),
                    crate::i18n::Lang::En => format!(
                        "{} smaller moves are not listed: see Competitors › Holiday price moves.",
                        moves.len() - SHOWN
                    ),
                }));
            }
            if let Some(top) = moves
                .iter()
                .max_by(|a, b| a.change_pct.abs().total_cmp(&b.change_pct.abs()))
            {
                let chart = self.price_chart_spec(crate::core::PriceChartQuery {
                    product_id: top.product_id,
                    from: Some(from - chrono::Days::new(30)),
                    to: Some(c.end),
                    width: Some(1100),
                })?;
                competition.push(Block::Picture {
                    name: "price".into(),
                    caption: format!(
                        "{} {} {}",
                        top.brand,
                        top.product,
                        pick("价格走势", "price history")
                    ),
                    png: chart.to_png()?,
                    svg: chart.to_svg()?.svg,
                });
            }
        }
        let activities: Vec<String> = self
            .list_activities()?
            .into_iter()
            .filter(|a| a.regions.iter().any(|r| regions.contains(r)))
            .filter(|a| {
                a.start_on.as_str() <= c.end.to_string().as_str() && a.end_on >= from.to_string()
            })
            .map(|a| {
                format!(
                    "{} · {} – {} · {} · {}",
                    a.brand,
                    a.start_on,
                    a.end_on,
                    a.regions.join(sep),
                    a.description
                )
            })
            .collect();
        if !activities.is_empty() {
            competition.push(Block::Para(pick("竞品活动：", "Competitor activities:")));
            competition.push(Block::List(activities));
        }
        sections.push(Section {
            title: pick("竞争态势", "Competitive situation"),
            blocks: competition,
        });
        if begun && !page.offers.is_empty() {
            let comp = self.compliance(id)?;
            let mut blocks = vec![Block::Para(match lang {
                crate::i18n::Lang::ZhCn => format!(
                    "检查 {} 条我方价格观察，其中 {} 条违反终端限价。",
                    comp.checked,
                    comp.violations.len()
                ),
                crate::i18n::Lang::En => format!(
                    "{} sightings of our products checked; {} broke the terminal price limit.",
                    comp.checked,
                    comp.violations.len()
                ),
            })];
            blocks.push(Block::Table {
                headers: vec![
                    pick("区域", "Region"),
                    pick("检查", "Checked"),
                    pick("违规", "Violations"),
                    pick("最大偏差", "Largest difference"),
                    pick("平均偏差", "Mean difference"),
                ],
                right: vec![false, true, true, true, true],
                rows: comp
                    .regions
                    .iter()
                    .map(|r| {
                        vec![
                            r.region.clone(),
                            r.checked.to_string(),
                            r.violations.to_string(),
                            r.largest_diff_fen.map_or("—".into(), signed_yuan),
                            r.mean_diff_fen.map_or("—".into(), signed_yuan),
                        ]
                    })
                    .collect(),
            });
            let mut worst = comp.violations.clone();
            worst.sort_by_key(|v| std::cmp::Reverse(v.diff_fen.abs()));
            worst.truncate(10);
            if !worst.is_empty() {
                blocks.push(Block::Table {
                    headers: vec![
                        pick("日期", "Date"),
                        pick("区域", "Region"),
                        pick("渠道", "Channel"),
                        pick("产品", "Product"),
                        pick("反馈人", "Reporter"),
                        pick("成交价", "Price"),
                        pick("终端限价", "Limit"),
                        pick("差额", "Difference"),
                    ],
                    right: vec![false, false, false, false, false, true, true, true],
                    rows: worst
                        .iter()
                        .map(|v| {
                            vec![
                                v.date.to_string(),
                                v.region.clone(),
                                v.channel.clone(),
                                format!("{} {}", v.brand, v.product),
                                v.reporter.clone(),
                                format_yuan(v.price_fen),
                                format_yuan(v.limit_fen),
                                signed_yuan(v.diff_fen),
                            ]
                        })
                        .collect(),
                });
            }
            sections.push(Section {
                title: pick("终端限价执行", "Price-limit compliance"),
                blocks,
            });
        }
        let mut risks: Vec<String> = page
            .tasks
            .iter()
            .filter(|t| t.status != rules::WorkStatus::Done && t.due < today)
            .map(|t| {
                format!(
                    "{}{}（{}）",
                    pick("逾期任务：", "Overdue task: "),
                    t.title,
                    t.due
                )
            })
            .chain(
                page.materials
                    .iter()
                    .filter(|m| m.status != rules::WorkStatus::Done && m.due < today)
                    .map(|m| {
                        format!(
                            "{}{}（{}）",
                            pick("逾期物料：", "Overdue material: "),
                            m.item,
                            m.due
                        )
                    }),
            )
            .collect();
        if !c.notes.is_empty() {
            risks.push(c.notes.clone());
        }
        if risks.is_empty() {
            risks.push(pick("暂无。", "None recorded."));
        }
        sections.push(Section {
            title: pick("风险与备注", "Risks and notes"),
            blocks: vec![Block::List(risks)],
        });
        Ok(Brief {
            title: c.name.clone(),
            subtitle: format!(
                "{} · {}",
                pick("活动方案简报", "Campaign brief"),
                date_range(lang, c.start, c.end)
            ),
            sections,
        })
    }

    /// Write the brief where `path` says; the format comes from the extension (.pdf, .docx,
    /// .md — Markdown writes its charts as PNG files beside it). Reports its steps through
    /// `progress` (done, total) and stops without writing anything when the export is
    /// cancelled. Every file is written to a temporary file and renamed. Returns the files
    /// written.
    pub fn export_brief(
        &self,
        id: i64,
        path: &Path,
        progress: &mut dyn FnMut(usize, usize),
    ) -> AppResult<BriefExport> {
        enum Format {
            Pdf,
            Docx,
            Markdown,
        }
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_lowercase)
            .unwrap_or_default();
        let format = match ext.as_str() {
            "pdf" => Format::Pdf,
            "docx" => Format::Docx,
            "md" => Format::Markdown,
            _ => {
                return Err(AppError::invalid(
                    "out",
                    "简报文件的扩展名应为 .pdf、.docx 或 .md。",
                    "The brief's file name must end in .pdf, .docx or .md.",
                ))
            }
        };
        self.export_cancel.reset();
        let steps = 3;
        progress(0, steps);
        let lang = self.lock().lang;
        let brief = self.campaign_brief(id)?;
        progress(1, steps);
        self.export_cancel.check()?;
        let mut files: Vec<(std::path::PathBuf, Vec<u8>)> = Vec::new();
        let mut missing_glyphs = String::new();
        match format {
            Format::Pdf => {
                let pdf = crate::export::brief::to_pdf(&brief, lang)?;
                missing_glyphs = pdf.missing.iter().collect();
                files.push((path.to_path_buf(), pdf.bytes))
            }
            Format::Docx => {
                files.push((path.to_path_buf(), crate::export::brief::to_docx(&brief)?))
            }
            Format::Markdown => {
                let stem = path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "brief".into());
                let (md, pictures) = crate::export::brief::to_markdown(&brief, &stem);
                let dir = path
                    .parent()
                    .filter(|d| !d.as_os_str().is_empty())
                    .unwrap_or(Path::new("."));
                files.push((path.to_path_buf(), md.into_bytes()));
                for (name, png) in pictures {
                    files.push((dir.join(name), png));
                }
            }
        }
        progress(2, steps);
        self.export_cancel.check()?;
        let mut written = Vec::new();
        for (p, bytes) in &files {
            crate::export::write_atomically(p, bytes)?;
            written.push(super::file_name(p));
        }
        progress(3, steps);
        Ok(BriefExport {
            files: written,
            missing_glyphs,
        })
    }

    /// Read the picked file as a campaign schedule; `dry_run` previews.
    pub fn import_schedule_picked(&self, dry_run: bool) -> AppResult<SheetReport> {
        let path = self.pending_import()?;
        self.import_cancel.reset();
        self.import_schedule_file(&path, dry_run)
    }

    pub fn import_schedule_file(&self, path: &Path, dry_run: bool) -> AppResult<SheetReport> {
        let rows = read::read_rows(path)?;
        let name = super::file_name(path);
        let cancel = self.import_cancel.clone();
        self.with_store(|s| import_c::import_schedule(s, &name, &rows, dry_run, &cancel))
    }

    /// Read the picked file as a price-limit table for a campaign; `dry_run` previews.
    pub fn import_limits_picked(&self, campaign_id: i64, dry_run: bool) -> AppResult<SheetReport> {
        let path = self.pending_import()?;
        self.import_cancel.reset();
        self.import_limits_file(campaign_id, &path, dry_run)
    }

    pub fn import_limits_file(
        &self,
        campaign_id: i64,
        path: &Path,
        dry_run: bool,
    ) -> AppResult<SheetReport> {
        let rows = read::read_rows(path)?;
        let name = super::file_name(path);
        let cancel = self.import_cancel.clone();
        self.with_store(|s| import_c::import_limits(s, campaign_id, &name, &rows, dry_run, &cancel))
    }
}

/// What a brief export wrote.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct BriefExport {
    /// The files written, the brief first (a Markdown brief's charts follow).
    pub files: Vec<String>,
    /// Characters of the campaign's own text (names, notes) that the bundled font lacks: the PDF
    /// shows them as empty boxes, and the user is told which (empty when none).
    pub missing_glyphs: String,
}

/// The timeline's competitor bands over [from, to] (see `campaign_timeline_moves`): one per
/// competitor brand and region of each top campaign, its largest move in the campaign's days.
fn timeline_bands(
    from: NaiveDate,
    to: NaiveDate,
    tops: &[Campaign],
    moves: Vec<Vec<PriceMove>>,
) -> Vec<Bar> {
    let view = View { from, to };
    let mut competition = Vec::new();
    for (top, moves) in tops.iter().zip(moves) {
        // One band per competitor brand and region: its largest move in the window.
        let mut best: std::collections::BTreeMap<(String, String), PriceMove> = Default::default();
        for m in moves {
            match best.entry((m.brand.clone(), m.region.clone())) {
                std::collections::btree_map::Entry::Vacant(e) => {
                    e.insert(m);
                }
                std::collections::btree_map::Entry::Occupied(mut e) => {
                    if m.change_pct.abs() > e.get().change_pct.abs() {
                        e.insert(m);
                    }
                }
            }
        }
        for ((brand, region), m) in best {
            let sign = if m.change_pct < 0.0 { "−" } else { "+" };
            competition.push(view.bar(
                "move",
                0,
                top.id,
                format!("{brand} {} {sign}{:.2} %", m.product, m.change_pct.abs()),
                format!("{region} · {}", m.channel),
                if m.change_pct < 0.0 { "down" } else { "up" }.into(),
                top.start,
                top.end,
            ));
        }
    }
    competition
}

/// The whole months a timeline shows: from the first of `q.from`'s month, `q.months` long.
fn timeline_span(q: &TimelineQuery) -> AppResult<(NaiveDate, NaiveDate)> {
    let months = q.months.clamp(1, 12);
    let from = NaiveDate::from_ymd_opt(q.from.year(), q.from.month(), 1)
        .ok_or_else(|| AppError::invalid("from", "日期无效。", "Invalid date."))?;
    let to = from
        .checked_add_months(chrono::Months::new(months))
        .and_then(|d| d.pred_opt())
        .ok_or_else(|| AppError::invalid("from", "日期超出范围。", "The date is out of range."))?;
    Ok((from, to))
}

/// The days a timeline shows; places bars on them.
struct View {
    from: NaiveDate,
    to: NaiveDate,
}

impl View {
    /// A bar clipped to the view, as day offsets from its first day.
    #[allow(clippy::too_many_arguments)]
    fn bar(
        &self,
        kind: &str,
        id: i64,
        campaign_id: i64,
        label: String,
        detail: String,
        status: String,
        start: NaiveDate,
        end: NaiveDate,
    ) -> Bar {
        let s = start.max(self.from);
        let e = end.min(self.to);
        let span = rules::days_between(self.from, self.to) + 1;
        Bar {
            kind: kind.into(),
            id,
            campaign_id,
            label,
            detail,
            status,
            start,
            end,
            // A bar wholly outside the view (a campaign shown for its run-up) has no days.
            offset: rules::days_between(self.from, s).clamp(0, span),
            days: (rules::days_between(s, e) + 1).max(0),
        }
    }
}

fn missing_holiday(name: &str, year: i32) -> AppError {
    AppError::invalid(
        "year",
        format!("没有 {year} 年的节假日数据（{name}）：请在“节日价格变动”里导入 {year} 年的节假日文件后再复制。"),
        format!("There is no holiday data for {year} ({name}): import the {year} holiday file (Price moves) and copy again."),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn shares_round_half_up() {
        assert_eq!(super::share_bp(1, Some(3)), Some(3333));
        assert_eq!(super::share_bp(2, Some(3)), Some(6667));
        assert_eq!(super::share_bp(5, None), None);
        assert_eq!(super::share_bp(5, Some(0)), None);
    }
}
