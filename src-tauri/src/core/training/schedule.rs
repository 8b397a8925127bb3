//! The schedule: sessions by week or month with the holidays, clashes before saving, the
//! roster with enrolment, the waitlist and attendance.

use super::*;
use crate::domain::audit::ActionKind;

/// Sessions of a stretch of days, with the holidays that fall in it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct SessionsView {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub sessions: Vec<Session>,
    pub holidays: Vec<Holiday>,
}

/// The schedule's two views.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CalendarView {
    Week,
    Month,
}

/// One day of the schedule: its sessions, the holiday it belongs to, whether it is a make-up
/// workday, and whether it is in the week or month shown (a month grid has days around it).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct TrainingDay {
    pub date: NaiveDate,
    pub holiday: Option<String>,
    pub makeup: bool,
    pub in_range: bool,
    pub today: bool,
    pub sessions: Vec<Session>,
}

/// A week (Monday to Sunday) or a month (whole weeks around it) of sessions, with where the
/// arrows lead.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct TrainingCalendar {
    pub view: CalendarView,
    pub anchor: NaiveDate,
    pub prev: NaiveDate,
    pub next: NaiveDate,
    pub days: Vec<TrainingDay>,
}

/// A clash and the sentence that explains it, in the user's language.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ClashWarning {
    pub clash: Clash,
    pub message: String,
}

/// A session's roster with the session.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Roster {
    pub session: Session,
    pub lines: Vec<RosterLine>,
    /// Enrolled people who are enrolled in another session at an overlapping time that day:
    /// shown when someone is enrolled, as the session form shows them before saving.
    pub clashes: Vec<ClashWarning>,
}

/// What enrolling the mandatory staff did.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Enrolled {
    /// Newly enrolled: with a place, and on the waitlist.
    #[ts(type = "number")]
    pub placed: i64,
    #[ts(type = "number")]
    pub waiting: i64,
    pub roster: Roster,
}

impl AppCore {
    /// Sessions from `from` to `to`, with the holidays in those days.
    pub fn training_sessions(&self, from: NaiveDate, to: NaiveDate) -> AppResult<SessionsView> {
        self.with_store(|s| {
            let mut holidays = Vec::new();
            for year in from.year()..=to.year() {
                let cal = crate::store::holidays::calendar(s, year)?;
                holidays.extend(
                    cal.holidays
                        .into_iter()
                        .filter(|h| h.year == year && h.start <= to && h.end >= from),
                );
            }
            Ok(SessionsView {
                from,
                to,
                sessions: t::list_sessions(s, from, to)?,
                holidays,
            })
        })
    }

    /// The schedule around `anchor` (today when None): its week, or its month in whole weeks.
    pub fn training_calendar(
        &self,
        anchor: Option<NaiveDate>,
        view: CalendarView,
    ) -> AppResult<TrainingCalendar> {
        let today = self.today();
        let anchor = anchor.unwrap_or(today);
        let lang = self.lang();
        let (first, last, prev, next, month) = match view {
            CalendarView::Week => {
                let from = rules::week_start(anchor);
                let to = from + chrono::Days::new(6);
                (
                    from,
                    to,
                    from - chrono::Days::new(7),
                    from + chrono::Days::new(7),
                    None,
                )
            }
            CalendarView::Month => {
                let first = anchor.with_day(1).unwrap_or(anchor);
                let end = first
                    .checked_add_months(chrono::Months::new(1))
                    .and_then(|d| d.pred_opt())
                    .unwrap_or(first);
                let from = rules::week_start(first);
                let to = rules::week_start(end) + chrono::Days::new(6);
                let prev = first
                    .checked_sub_months(chrono::Months::new(1))
                    .unwrap_or(first);
                let next = end.succ_opt().unwrap_or(end);
                (from, to, prev, next, Some(first.month()))
            }
        };
        let v = self.training_sessions(first, last)?;
        let mut days = Vec::new();
        let mut d = first;
        while d <= last {
            let holiday = v
                .holidays
                .iter()
                .find(|h| h.start <= d && d <= h.end)
                .map(|h| lang.pick(&h.name_zh, &h.name_en).to_string());
            days.push(TrainingDay {
                date: d,
                holiday,
                makeup: v.holidays.iter().any(|h| h.makeup_workdays.contains(&d)),
                in_range: month.is_none_or(|m| d.month() == m),
                today: d == today,
                sessions: v.sessions.iter().filter(|s| s.date == d).cloned().collect(),
            });
            d = d + chrono::Days::new(1);
        }
        Ok(TrainingCalendar {
            view,
            anchor,
            prev,
            next,
            days,
        })
    }

    /// What clashes with a session as typed (not yet saved): for each of its dates, the same
    /// trainer or an enrolled person elsewhere at that time, an official holiday, a promotion
    /// of the region at its peak.
    pub fn session_clashes(&self, input: SessionInput) -> AppResult<Vec<ClashWarning>> {
        let (v, dates) = input.validated()?;
        let lang = self.lang();
        self.with_store(|s| {
            let program = t::get_program(s, v.program_id)?;
            let enrolled: Vec<(i64, String)> = match input.id {
                Some(id) => t::roster(s.conn(), id)?
                    .into_iter()
                    .filter(|l| l.enrolled)
                    .map(|l| (l.staff_id, l.name))
                    .collect(),
                None => Vec::new(),
            };
            let peaks: Vec<Peak> = crate::store::campaigns::list(s)?
                .into_iter()
                .filter(|c| matches!(c.status, Status::Approved | Status::Running))
                .map(|c| Peak {
                    id: c.id,
                    name: c.name,
                    start: c.start,
                    end: c.end,
                    region_ids: c.regions.iter().map(|r| r.id).collect(),
                })
                .collect();
            let mut out = Vec::new();
            for date in dates {
                let cal = crate::store::holidays::calendar(s, date.year())?;
                let holiday = cal
                    .holidays
                    .iter()
                    .find(|h| h.kind == "official" && h.start <= date && date <= h.end)
                    .map(|h| lang.pick(&h.name_zh, &h.name_en).to_string());
                let slot = Slot {
                    id: input.id,
                    date,
                    starts: v.starts,
                    ends: v.ends,
                    trainer: v.trainer.clone(),
                    region_id: v.region_id,
                    campaign_id: program.campaign_id,
                };
                let booked = t::booked_on(s.conn(), date)?;
                for clash in rules::clashes(&slot, &enrolled, &booked, holiday.as_deref(), &peaks) {
                    let mut message = clash.message(lang);
                    if input.repeat.is_some() {
                        message = format!("{date}: {message}");
                    }
                    out.push(ClashWarning { clash, message });
                }
            }
            Ok(out)
        })
    }

    /// Save a session (or, with a repeat, one per date); the ids written.
    pub fn save_session(&self, input: SessionInput) -> AppResult<Vec<i64>> {
        let (v, dates) = input.validated()?;
        self.with_store(|s| {
            t::get_program(s, v.program_id)?;
            t::save_session(s, input.id, &v, &dates)
        })
    }

    pub fn set_session_status(&self, id: i64, status: rules::SessionStatus) -> AppResult<Session> {
        self.destructive(ActionKind::Status, |c| {
            c.with_store(|s| t::set_session_status(s, id, status))
        })?;
        self.with_store(|s| t::get_session(s.conn(), id))
    }

    pub fn delete_session(&self, id: i64) -> AppResult<()> {
        self.destructive(ActionKind::Delete, |c| {
            c.with_store(|s| t::delete_session(s, id))
        })
    }

    pub fn session_roster(&self, id: i64) -> AppResult<Roster> {
        let lang = self.lang();
        self.with_store(|s| roster_of(s, id, lang))
    }

    pub fn enrol(&self, session_id: i64, staff_id: i64) -> AppResult<Roster> {
        let lang = self.lang();
        self.with_store(|s| {
            s.write(|tx| {
                t::get_session(tx, session_id)?;
                t::get_staff(tx, staff_id)?;
                t::enrol_in(tx, session_id, staff_id)
            })?;
            roster_of(s, session_id, lang)
        })
    }

    /// Enrol everyone for whom the session's program is mandatory (in the session's region,
    /// when it has one) and who has not completed it yet; beyond capacity they wait.
    pub fn enrol_mandatory(&self, session_id: i64) -> AppResult<Enrolled> {
        let lang = self.lang();
        self.with_store(|s| {
            let (_, _, done) = completion_inputs(s)?;
            let session = t::get_session(s.conn(), session_id)?;
            let regions: HashMap<i64, i64> = t::list_staff(s, None)?
                .into_iter()
                .map(|p| (p.id, p.region_id))
                .collect();
            let before = t::enrolled_in_order(s.conn(), session_id)?.len() as i64;
            let added = s.write(|tx| {
                let mut added = 0i64;
                for staff in t::mandatory_staff_in(tx, session.program_id)? {
                    let here = session
                        .region_id
                        .is_none_or(|r| regions.get(&staff) == Some(&r));
                    if here
                        && !done.contains(&(staff, session.program_id))
                        && t::enrol_in(tx, session_id, staff)?
                    {
                        added += 1;
                    }
                }
                Ok(added)
            })?;
            let free = session
                .capacity
                .map_or(added, |c| (c - before).clamp(0, added));
            Ok(Enrolled {
                placed: free,
                waiting: added - free,
                roster: roster_of(s, session_id, lang)?,
            })
        })
    }

    /// Take someone off a session; the names of those who moved up from the waitlist.
    pub fn withdraw(&self, session_id: i64, staff_id: i64) -> AppResult<Vec<String>> {
        self.with_store(|s| {
            let moved = t::withdraw(s, session_id, staff_id)?;
            moved
                .into_iter()
                .map(|id| t::get_staff(s.conn(), id).map(|p| p.name))
                .collect()
        })
    }

    pub fn mark_attendance(&self, input: AttendanceInput) -> AppResult<Roster> {
        let v = input.validated()?;
        let lang = self.lang();
        self.with_store(|s| {
            t::mark(s, &v)?;
            roster_of(s, v.session_id, lang)
        })
    }
}

fn roster_of(s: &Store, id: i64, lang: Lang) -> AppResult<Roster> {
    let session = t::get_session(s.conn(), id)?;
    let lines = t::roster(s.conn(), id)?;
    let time = |t: &str| crate::domain::value::parse_time_text(t).unwrap_or_default();
    // Only the people: no trainer, holiday or promotion here (the session form checks those).
    let slot = Slot {
        id: Some(id),
        date: session.date,
        starts: time(&session.starts),
        ends: time(&session.ends),
        trainer: String::new(),
        region_id: None,
        campaign_id: None,
    };
    let enrolled: Vec<(i64, String)> = lines
        .iter()
        .filter(|l| l.enrolled)
        .map(|l| (l.staff_id, l.name.clone()))
        .collect();
    let booked = t::booked_on(s.conn(), session.date)?;
    let clashes = rules::clashes(&slot, &enrolled, &booked, None, &[])
        .into_iter()
        .map(|clash| ClashWarning {
            message: clash.message(lang),
            clash,
        })
        .collect();
    Ok(Roster {
        session,
        lines,
        clashes,
    })
}
