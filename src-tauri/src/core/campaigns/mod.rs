//! 活动 Campaign calendar: campaigns, tasks, materials, templates, offers and their
//! compliance; the month calendar, the timeline with the competition beneath it, and the
//! review. Views are put together here from the store and the holiday calendar.

mod calendar;

pub use calendar::*;

use super::AppCore;
use super::DocumentExport;
use crate::document::Document;
use crate::domain::audit::ActionKind;
use crate::domain::campaigns::forms::{
    CampaignInput, MaterialInput, OfferInput, ResultInput, TaskInput,
};
use crate::domain::campaigns::{self as rules, Status};
use crate::domain::competitors::{MovesQuery, PriceMove};
use crate::domain::holidays::Holiday;
use crate::error::{AppError, AppResult};
use crate::export::campaigns::brief::BriefData;
use crate::import::campaigns as import_c;
use crate::import::engine::SheetReport;
use crate::store::campaigns::{
    self as c, Campaign, Compliance, DueLists, Material, Offer, PositionDay, RegionResult,
    StatusChange, Task, TaskGroup, Template,
};
use crate::store::competitors as comp;
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

/// The names of the campaign area's enums in the user's language: statuses, kinds and the
/// work status of tasks and materials. The screens show these, not a list of their own.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct CampaignLabels {
    pub statuses: Vec<super::Label<Status>>,
    pub kinds: Vec<super::Label<rules::CampaignKind>>,
    pub work: Vec<super::Label<rules::WorkStatus>>,
}

impl AppCore {
    pub fn campaign_labels(&self) -> CampaignLabels {
        let lang = self.lang();
        CampaignLabels {
            statuses: super::labels(&Status::ALL, |v| v.label(lang)),
            kinds: super::labels(&rules::CampaignKind::ALL, |v| v.label(lang)),
            work: super::labels(&rules::WorkStatus::ALL, |v| v.label(lang)),
        }
    }

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
        self.destructive(ActionKind::Delete, |k| k.with_store(|s| c::delete(s, id)))
    }

    pub fn set_campaign_status(&self, input: StatusInput) -> AppResult<()> {
        self.destructive(ActionKind::Status, |k| {
            k.with_store(|s| c::set_status(s, input.id, input.to, &input.note))
        })
    }

    pub fn task_groups(&self) -> AppResult<Vec<TaskGroup>> {
        self.with_store(|s| c::list_groups(s))
    }

    pub fn add_task_group(&self, name: String) -> AppResult<i64> {
        self.with_store(|s| c::add_group(s, &name))
    }

    pub fn save_task(&self, input: TaskInput) -> AppResult<i64> {
        self.with_store(|s| c::save_task(s, &input, self.today()))
    }

    pub fn delete_task(&self, id: i64) -> AppResult<()> {
        self.destructive(ActionKind::Delete, |k| {
            k.with_store(|s| c::delete_task(s, id))
        })
    }

    pub fn save_material(&self, input: MaterialInput) -> AppResult<i64> {
        self.with_store(|s| c::save_material(s, &input, self.today()))
    }

    pub fn delete_material(&self, id: i64) -> AppResult<()> {
        self.destructive(ActionKind::Delete, |k| {
            k.with_store(|s| c::delete_material(s, id))
        })
    }

    pub fn due_lists(&self) -> AppResult<DueLists> {
        self.with_store(|s| c::due_lists(s, self.today()))
    }

    /// The templates, each item's placement in words in the user's language.
    pub fn campaign_templates(&self) -> AppResult<Vec<Template>> {
        let lang = self.lang();
        let mut list = self.with_store(|s| c::list_templates(s))?;
        for item in list.iter_mut().flat_map(|t| t.items.iter_mut()) {
            item.when = item.placement().describe(lang);
        }
        Ok(list)
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
            // The same holiday that year: the campaign keeps its distance to the holiday's
            // first day and to its last, so a longer holiday gives a longer campaign.
            let (start, end, holiday) = match (&src.holiday_name, src.holiday_year) {
                (Some(name), Some(hy)) => {
                    let find = |y: i32| -> Option<&Holiday> {
                        calendar
                            .holidays
                            .iter()
                            .find(|h| h.year == y && &h.name_zh == name)
                    };
                    let old = find(hy).ok_or_else(|| missing_holiday(name, hy))?;
                    let new = find(year).ok_or_else(|| missing_holiday(name, year))?;
                    let start = rules::shift(src.start, rules::days_between(old.start, new.start))?;
                    let end = rules::shift(src.end, rules::days_between(old.end, new.end))?;
                    (start, end.max(start), Some((year, name.clone())))
                }
                _ => {
                    let target = rules::same_day_in(src.start, year).ok_or_else(|| {
                        AppError::invalid("year", "年份超出范围。", "The year is out of range.")
                    })?;
                    let shift = rules::days_between(src.start, target);
                    (target, rules::shift(src.end, shift)?, None)
                }
            };
            c::copy_to(s, id, start, end, holiday)
        })
    }

    pub fn save_offer(&self, input: OfferInput) -> AppResult<usize> {
        self.with_store(|s| c::save_offer(s, &input))
    }

    pub fn delete_offer(&self, id: i64) -> AppResult<()> {
        self.destructive(ActionKind::Delete, |k| {
            k.with_store(|s| c::delete_offer(s, id))
        })
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
        let now = self.today();
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
        // Training sessions of those days join the calendar.
        let sessions = self.with_store(|s| {
            let first = from.unwrap_or(NaiveDate::from_ymd_opt(1990, 1, 1).unwrap_or_default());
            let last = to.unwrap_or(NaiveDate::from_ymd_opt(2100, 12, 31).unwrap_or_default());
            crate::store::training::list_sessions(s, first, last)
        })?;
        let mut cal = crate::export::campaigns::calendar(&shown, &tasks, &materials, &names, lang);
        let events = crate::export::training::session_events(&sessions, lang);
        let n = shown.len() + tasks.len() + materials.len() + events.len();
        for e in events {
            cal.push(e);
        }
        crate::export::write_atomically(path, cal.done().to_string().as_bytes())?;
        Ok(n)
    }

    /// What a campaign's brief is made of, read from the store: the campaign with its
    /// sub-activities, offers, tasks and materials; the holidays its Gantt chart shades; the
    /// competitor moves and activities in its regions (during it once it has begun, else in the
    /// 30 days before) with the largest move's price chart; compliance once it has begun.
    pub fn campaign_brief_data(&self, id: i64) -> AppResult<BriefData> {
        let page = self.campaign_page(id)?;
        let c = &page.campaign;
        let regions: Vec<String> = c.regions.iter().map(|r| r.name.clone()).collect();
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
        let top = moves
            .iter()
            .max_by(|a, b| a.change_pct.abs().total_cmp(&b.change_pct.abs()));
        let price_chart = match top {
            Some(top) => Some((
                top.clone(),
                self.price_chart_spec(crate::core::PriceChartQuery {
                    product_id: top.product_id,
                    from: Some(from - chrono::Days::new(30)),
                    to: Some(c.end),
                    width: Some(1100),
                })?,
            )),
            None => None,
        };
        let activities = self
            .list_activities()?
            .into_iter()
            .filter(|a| a.regions.iter().any(|r| regions.contains(r)))
            .filter(|a| {
                a.start_on.as_str() <= c.end.to_string().as_str() && a.end_on >= from.to_string()
            })
            .collect();
        let compliance = if begun && !page.offers.is_empty() {
            Some(self.compliance(id)?)
        } else {
            None
        };
        Ok(BriefData {
            holidays: self.holiday_calendar()?.holidays,
            campaign: page.campaign,
            children: page.children,
            tasks: page.tasks,
            materials: page.materials,
            offers: page.offers,
            moves_from: from,
            moves_to: to,
            moves,
            price_chart,
            activities,
            compliance,
            costs: Some(self.campaign_costs(id)?.figures),
            today: self.today(),
        })
    }

    /// The campaign brief 活动方案简报 as a document, in the current language: cover, theme and
    /// objectives, the special-price policy, the timeline (tasks by group, materials, a Gantt
    /// picture), the competitive situation in its regions (moves with a price chart, activities),
    /// compliance for a running or finished campaign, risks and notes.
    pub fn campaign_brief(&self, id: i64) -> AppResult<Document> {
        let data = self.campaign_brief_data(id)?;
        Ok(crate::export::campaigns::brief::build(&data, self.lang()))
    }

    /// Write the brief where `path` says (.pdf, .docx, or .md with its charts as PNG beside
    /// it), through the one document runner: progress, cancel, nothing half-written.
    pub fn export_brief(
        &self,
        id: i64,
        path: &Path,
        progress: &mut dyn FnMut(usize, usize),
    ) -> AppResult<DocumentExport> {
        self.export_document(path, progress, |core| core.campaign_brief(id))
    }

    /// Read the picked file as a campaign schedule; `dry_run` previews.
    pub fn import_schedule_picked(
        &self,
        sheet: Option<String>,
        dry_run: bool,
    ) -> AppResult<SheetReport> {
        let path = self.pending_import()?;
        self.import_cancel.reset();
        self.import_schedule_file(&path, sheet.as_deref(), dry_run)
    }

    pub fn import_schedule_file(
        &self,
        path: &Path,
        sheet: Option<&str>,
        dry_run: bool,
    ) -> AppResult<SheetReport> {
        self.import_sheet_file(path, sheet, dry_run, import_c::import_schedule)
    }

    /// Read the picked file as a price-limit table for a campaign; `dry_run` previews.
    pub fn import_limits_picked(
        &self,
        campaign_id: i64,
        sheet: Option<String>,
        dry_run: bool,
    ) -> AppResult<SheetReport> {
        let path = self.pending_import()?;
        self.import_cancel.reset();
        self.import_limits_file(campaign_id, &path, sheet.as_deref(), dry_run)
    }

    pub fn import_limits_file(
        &self,
        campaign_id: i64,
        path: &Path,
        sheet: Option<&str>,
        dry_run: bool,
    ) -> AppResult<SheetReport> {
        self.import_sheet_file(path, sheet, dry_run, |s, run, sheets| {
            import_c::import_limits(s, run, campaign_id, sheets)
        })
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
