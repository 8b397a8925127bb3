//! The campaign calendar's views: the month grid and the timeline (the plan with its
//! run-up, dependencies and holidays, and the competition's bands beneath it).

use super::*;

/// What a calendar item or timeline bar stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ItemKind {
    Campaign,
    /// A sub-activity (a roadshow inside a promotion).
    Sub,
    Task,
    Material,
    /// A competitor activity beneath the plan.
    Activity,
    /// A competitor price move beneath the plan.
    Move,
    Holiday,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct CalendarItem {
    pub kind: ItemKind,
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub campaign_id: i64,
    pub title: String,
    /// Campaign status, or the task/material status code (a style class).
    pub status: String,
    /// That status as the user reads it, in their language (empty for other items).
    pub status_label: String,
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
    pub kind: ItemKind,
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub campaign_id: i64,
    pub label: String,
    pub detail: String,
    /// A style class: the campaign's or task's status code, a move's direction.
    pub status: String,
    /// A campaign's or task's status as the user reads it (empty for other bars).
    pub status_label: String,
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

impl AppCore {
    /// The month calendar: campaigns, sub-activities, tasks and materials on their days,
    /// holidays and make-up workdays marked; Monday-first weeks.
    pub fn campaign_month(&self, year: i32, month: u32) -> AppResult<MonthView> {
        let lang = self.lang();
        let (first, last) = rules::month_grid(year, month)?;
        let calendar = self.holiday_calendar()?;
        let (campaigns, tasks, materials) = self.with_store(|s| {
            Ok((
                c::list_between(s, first, last)?,
                c::list_tasks_between(s, first, last)?,
                c::list_materials_between(s, first, last)?,
            ))
        })?;
        let now = self.today();
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
                            ItemKind::Sub
                        } else {
                            ItemKind::Campaign
                        },
                        id: x.id,
                        campaign_id: x.id,
                        title: x.name.clone(),
                        status: x.status.code().into(),
                        status_label: x.status.label(lang).into(),
                    })
                    .collect();
                items.extend(tasks.iter().filter(|t| t.due == day).map(|t| CalendarItem {
                    kind: ItemKind::Task,
                    id: t.id,
                    campaign_id: t.campaign_id,
                    title: t.title.clone(),
                    status: t.status.code().into(),
                    status_label: t.status.label(lang).into(),
                }));
                items.extend(
                    materials
                        .iter()
                        .filter(|m| m.due == day)
                        .map(|m| CalendarItem {
                            kind: ItemKind::Material,
                            id: m.id,
                            campaign_id: m.campaign_id,
                            title: m.item.clone(),
                            status: m.status.code().into(),
                            status_label: m.status.label(lang).into(),
                        }),
                );
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
            Ok((campaigns, tasks, comp::list_activities(s)?))
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
                    ItemKind::Sub
                } else {
                    ItemKind::Campaign
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
                    ItemKind::Sub,
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
                    ItemKind::Task,
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
                        ItemKind::Activity,
                        a.id,
                        0,
                        format!("{} · {}", a.brand, a.description),
                        a.regions.join("、"),
                        a.kind.code().to_string(),
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
                    ItemKind::Holiday,
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
        // Campaigns', sub-activities' and tasks' statuses named in the user's language.
        let lang = self.lang();
        for b in &mut plan {
            b.status_label = match b.kind {
                ItemKind::Campaign | ItemKind::Sub => {
                    Status::from_code(&b.status).label(lang).into()
                }
                ItemKind::Task | ItemKind::Material => {
                    crate::domain::campaigns::WorkStatus::from_code(&b.status)
                        .label(lang)
                        .into()
                }
                _ => String::new(),
            };
        }
        let now = self.today();
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
                ItemKind::Move,
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
        kind: ItemKind,
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
            kind,
            id,
            campaign_id,
            label,
            detail,
            status,
            status_label: String::new(),
            start,
            end,
            // A bar wholly outside the view (a campaign shown for its run-up) has no days.
            offset: rules::days_between(self.from, s).clamp(0, span),
            days: (rules::days_between(s, e) + 1).max(0),
        }
    }
}
