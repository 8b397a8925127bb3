//! 培训 Training schedule: staff, programs, sessions with their clashes, enrolment and the
//! waitlist, attendance, and the completion figures by region — put together here from the
//! training store, the campaign calendar and the holiday calendar.

use super::{file_name, AppCore};
use crate::charts::BarChart;
use crate::domain::campaigns::Status;
use crate::domain::holidays::Holiday;
use crate::domain::training::forms::{AttendanceInput, ProgramInput, SessionInput, StaffInput};
use crate::domain::training::{self as rules, Clash, Completion, Peak, Slot};
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::import::engine::SheetReport;
use crate::import::read;
use crate::import::training as import_t;
use crate::store::training::{
    self as t, Choice, Program, RecordLine, RosterLine, Session, StaffMember,
};
use crate::store::Store;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;
use ts_rs::TS;

/// What the training screen's forms choose from.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct TrainingSetup {
    pub roles: Vec<Choice>,
    pub categories: Vec<Choice>,
    pub programs: Vec<Program>,
    /// Campaigns a program can prepare.
    pub campaigns: Vec<Choice>,
}

/// Sessions of a stretch of days, with the holidays that fall in it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct SessionsView {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub sessions: Vec<Session>,
    pub holidays: Vec<Holiday>,
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

/// One region's completion (over every program, or one), as the report prints it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct RegionCompletion {
    #[ts(type = "number")]
    pub region_id: i64,
    pub region: String,
    #[ts(type = "number")]
    pub staff: i64,
    #[ts(type = "number")]
    pub required: i64,
    #[ts(type = "number")]
    pub completed: i64,
    /// completed / required × 100, half up to 2 decimals.
    pub completion_pct: f64,
}

/// The region × program matrix: one row per region with mandatory staff, a cell per program
/// (None where the program is not mandatory there), and the region's total.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct CompletionMatrix {
    pub programs: Vec<Choice>,
    pub rows: Vec<MatrixRow>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct MatrixRow {
    #[ts(type = "number")]
    pub region_id: i64,
    pub region: String,
    pub cells: Vec<Option<Completion>>,
    pub total: Completion,
}

/// Someone who has not completed a mandatory program.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Missing {
    pub person: StaffMember,
    #[ts(type = "number")]
    pub program_id: i64,
    pub program: String,
    pub due_on: Option<NaiveDate>,
}

/// A person's record across programs.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct PersonRecord {
    pub person: StaffMember,
    pub sessions: Vec<RecordLine>,
    pub programs: Vec<ProgramStanding>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ProgramStanding {
    #[ts(type = "number")]
    pub program_id: i64,
    pub program: String,
    pub mandatory: bool,
    pub completed: bool,
    #[ts(type = "number | null")]
    pub best_score: Option<i64>,
}

/// The completion inputs, read once: people, program rules and what each pair completed.
type CompletionInputs = (
    Vec<rules::Person>,
    Vec<rules::ProgramRule>,
    std::collections::HashSet<(i64, i64)>,
);

fn completion_inputs(store: &Store) -> AppResult<CompletionInputs> {
    let people = t::people(store.conn())?;
    let programs = t::program_rules(store.conn())?;
    let done = rules::completions(&programs, &t::attempts(store.conn())?);
    Ok((people, programs, done))
}

impl AppCore {
    pub fn training_setup(&self) -> AppResult<TrainingSetup> {
        self.with_store(|s| {
            Ok(TrainingSetup {
                roles: t::roles(s)?,
                categories: t::categories(s)?,
                programs: t::list_programs(s)?,
                campaigns: crate::store::campaigns::list(s)?
                    .into_iter()
                    .filter(|c| c.parent_id.is_none())
                    .map(|c| Choice {
                        id: c.id,
                        name: c.name,
                    })
                    .collect(),
            })
        })
    }

    pub fn list_staff(&self, region_id: Option<i64>) -> AppResult<Vec<StaffMember>> {
        self.with_store(|s| t::list_staff(s, region_id))
    }

    pub fn save_staff(&self, input: StaffInput) -> AppResult<StaffMember> {
        let v = input.validated()?;
        self.with_store(|s| t::save_staff(s, input.id, &v))
    }

    pub fn add_role(&self, name: &str) -> AppResult<Choice> {
        self.with_store(|s| t::add_role(s, name))
    }

    pub fn save_program(&self, input: ProgramInput) -> AppResult<Program> {
        let v = input.validated()?;
        self.with_store(|s| t::save_program(s, input.id, &v))
    }

    /// A program by id or exact title (the CLI's `--program`).
    pub fn find_program(&self, key: &str) -> AppResult<i64> {
        self.with_store(|s| {
            let programs = t::list_programs(s)?;
            key.trim()
                .parse::<i64>()
                .ok()
                .and_then(|id| programs.iter().find(|p| p.id == id))
                .or_else(|| {
                    programs
                        .iter()
                        .find(|p| p.title.eq_ignore_ascii_case(key.trim()))
                })
                .map(|p| p.id)
                .ok_or_else(|| {
                    AppError::not_found(
                        format!("没有名为“{key}”的课程。"),
                        format!("There is no program called “{key}”."),
                    )
                })
        })
    }

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
        self.with_store(|s| {
            t::set_session_status(s, id, status)?;
            t::get_session(s.conn(), id)
        })
    }

    pub fn delete_session(&self, id: i64) -> AppResult<()> {
        self.with_store(|s| t::delete_session(s, id))
    }

    pub fn session_roster(&self, id: i64) -> AppResult<Roster> {
        self.with_store(|s| roster_of(s, id))
    }

    pub fn enrol(&self, session_id: i64, staff_id: i64) -> AppResult<Roster> {
        self.with_store(|s| {
            s.write(|tx| {
                t::get_session(tx, session_id)?;
                t::get_staff(tx, staff_id)?;
                t::enrol_in(tx, session_id, staff_id)
            })?;
            roster_of(s, session_id)
        })
    }

    /// Enrol everyone for whom the session's program is mandatory (in the session's region,
    /// when it has one) and who has not completed it yet; beyond capacity they wait.
    pub fn enrol_mandatory(&self, session_id: i64) -> AppResult<Enrolled> {
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
                roster: roster_of(s, session_id)?,
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
        self.with_store(|s| {
            t::mark(s, &v)?;
            roster_of(s, v.session_id)
        })
    }

    /// Completion per region with mandatory staff, over every program or one (`training
    /// report`), sorted by region.
    pub fn completion_by_region(&self, program: Option<i64>) -> AppResult<Vec<RegionCompletion>> {
        self.with_store(|s| {
            let (people, mut programs, done) = completion_inputs(s)?;
            if let Some(id) = program {
                programs.retain(|p| p.id == id);
            }
            let names = crate::store::regions::local_names(s)?;
            Ok(rules::completion_matrix(&people, &programs, &done)
                .into_iter()
                .filter(|c| c.program_id.is_none())
                .map(|c| RegionCompletion {
                    region_id: c.region_id,
                    region: names.get(&c.region_id).cloned().unwrap_or_default(),
                    staff: c.staff,
                    required: c.required,
                    completed: c.completed,
                    completion_pct: c.pct_bp as f64 / 100.0,
                })
                .collect())
        })
    }

    pub fn completion_matrix(&self) -> AppResult<CompletionMatrix> {
        self.with_store(|s| {
            let (people, programs, done) = completion_inputs(s)?;
            let cells = rules::completion_matrix(&people, &programs, &done);
            let names = crate::store::regions::local_names(s)?;
            let titles: Vec<Choice> = t::list_programs(s)?
                .into_iter()
                .filter(|p| cells.iter().any(|c| c.program_id == Some(p.id)))
                .map(|p| Choice {
                    id: p.id,
                    name: p.title,
                })
                .collect();
            let mut rows: Vec<MatrixRow> = Vec::new();
            for total in cells.iter().filter(|c| c.program_id.is_none()) {
                rows.push(MatrixRow {
                    region_id: total.region_id,
                    region: names.get(&total.region_id).cloned().unwrap_or_default(),
                    cells: titles
                        .iter()
                        .map(|p| {
                            cells
                                .iter()
                                .find(|c| {
                                    c.region_id == total.region_id && c.program_id == Some(p.id)
                                })
                                .cloned()
                        })
                        .collect(),
                    total: total.clone(),
                });
            }
            Ok(CompletionMatrix {
                programs: titles,
                rows,
            })
        })
    }

    /// The mandatory staff who have not completed: of one region and program (a matrix cell),
    /// of a region, of a program, or everyone.
    pub fn missing(
        &self,
        region_id: Option<i64>,
        program_id: Option<i64>,
    ) -> AppResult<Vec<Missing>> {
        self.with_store(|s| missing_in(s, region_id, |p| program_id.is_none_or(|id| id == p.id)))
    }

    /// Who is not ready for a campaign: the mandatory staff of the programs that prepare it who
    /// have not completed them.
    pub fn not_ready(&self, campaign_id: i64) -> AppResult<Vec<Missing>> {
        self.with_store(|s| missing_in(s, None, |p| p.campaign_id == Some(campaign_id)))
    }

    pub fn person_record(&self, staff_id: i64) -> AppResult<PersonRecord> {
        self.with_store(|s| {
            let person = t::get_staff(s.conn(), staff_id)?;
            let programs = t::list_programs(s)?;
            let rules_by_id: HashMap<i64, rules::ProgramRule> = t::program_rules(s.conn())?
                .into_iter()
                .map(|p| (p.id, p))
                .collect();
            let attempts = t::attempts(s.conn())?;
            let standing = programs
                .iter()
                .filter_map(|p| {
                    let rule = rules_by_id.get(&p.id)?;
                    let mandatory = rule.mandate.applies(person.role_id, person.region_id);
                    let tries = attempts.get(&(staff_id, p.id));
                    if !mandatory && tries.is_none() {
                        return None;
                    }
                    let tries = tries.map(Vec::as_slice).unwrap_or_default();
                    Some(ProgramStanding {
                        program_id: p.id,
                        program: p.title.clone(),
                        mandatory,
                        completed: rules::completed(rule.pass_mark, tries),
                        best_score: rules::best_score(tries),
                    })
                })
                .collect();
            Ok(PersonRecord {
                sessions: t::record(s.conn(), staff_id)?,
                person,
                programs: standing,
            })
        })
    }

    pub fn import_staff_file(
        &self,
        path: &Path,
        sheet: Option<&str>,
        dry_run: bool,
    ) -> AppResult<SheetReport> {
        let sheets = read::read_sheets(path)?;
        let name = file_name(path);
        let run = self.import_run(&name, sheet, dry_run);
        self.with_store(|s| import_t::import_staff(s, &run, &sheets))
    }

    pub fn import_sessions_file(
        &self,
        path: &Path,
        sheet: Option<&str>,
        dry_run: bool,
    ) -> AppResult<SheetReport> {
        let sheets = read::read_sheets(path)?;
        let name = file_name(path);
        let run = self.import_run(&name, sheet, dry_run);
        self.with_store(|s| import_t::import_plan(s, &run, &sheets))
    }

    pub fn import_attendance_file(
        &self,
        path: &Path,
        sheet: Option<&str>,
        dry_run: bool,
    ) -> AppResult<SheetReport> {
        let sheets = read::read_sheets(path)?;
        let name = file_name(path);
        let run = self.import_run(&name, sheet, dry_run);
        self.with_store(|s| import_t::import_sign_in(s, &run, &sheets))
    }

    /// The picked file as a training sheet of `kind`; `dry_run` previews.
    pub fn import_training_picked(
        &self,
        kind: TrainingSheet,
        sheet: Option<String>,
        dry_run: bool,
    ) -> AppResult<SheetReport> {
        let path = self.pending_import()?;
        self.import_cancel.reset();
        let sheet = sheet.as_deref();
        match kind {
            TrainingSheet::Staff => self.import_staff_file(&path, sheet, dry_run),
            TrainingSheet::Sessions => self.import_sessions_file(&path, sheet, dry_run),
            TrainingSheet::Attendance => self.import_attendance_file(&path, sheet, dry_run),
        }
    }
}

/// The training charts, drawn in Rust: completion by region, and the score distribution of a
/// program (its best scores of people who attended).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct TrainingCharts {
    pub completion_svg: String,
    pub scores_svg: Option<String>,
}

impl AppCore {
    pub fn completion_chart(&self, program: Option<i64>) -> AppResult<BarChart> {
        let lang = self.lang();
        let rows = self.completion_by_region(program)?;
        Ok(BarChart {
            title: lang
                .pick("各区域培训完成率", "Training completion by region")
                .to_string(),
            y_label: lang.pick("完成率 %", "Completed %").to_string(),
            bars: rows
                .into_iter()
                .map(|r| (r.region, r.completion_pct))
                .collect(),
            width: 640,
            height: 320,
        })
    }

    pub fn score_chart(&self, program: i64) -> AppResult<BarChart> {
        let lang = self.lang();
        let (title, scores) = self.with_store(|s| {
            let p = t::get_program(s, program)?;
            let scores: Vec<i64> = t::attempts(s.conn())?
                .into_iter()
                .filter(|((_, id), _)| *id == program)
                .filter_map(|(_, a)| rules::best_score(&a))
                .collect();
            Ok((p.title, scores))
        })?;
        let counts = rules::score_bands(&scores);
        Ok(BarChart {
            title: match lang {
                Lang::ZhCn => format!("{title} 成绩分布"),
                Lang::En => format!("{title}: scores"),
            },
            y_label: lang.pick("人数", "People").to_string(),
            bars: rules::SCORE_BANDS
                .iter()
                .zip(counts)
                .map(|((lo, hi), n)| (format!("{lo}–{hi}"), n as f64))
                .collect(),
            width: 640,
            height: 320,
        })
    }

    pub fn training_charts(&self, program: Option<i64>) -> AppResult<TrainingCharts> {
        Ok(TrainingCharts {
            completion_svg: self.completion_chart(program)?.to_svg()?,
            scores_svg: match program {
                Some(id) => Some(self.score_chart(id)?.to_svg()?),
                None => None,
            },
        })
    }
}

/// The training sheets the import screen takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TrainingSheet {
    Staff,
    Sessions,
    Attendance,
}

fn roster_of(s: &Store, id: i64) -> AppResult<Roster> {
    Ok(Roster {
        session: t::get_session(s.conn(), id)?,
        lines: t::roster(s.conn(), id)?,
    })
}

fn missing_in(
    s: &Store,
    region_id: Option<i64>,
    wanted: impl Fn(&Program) -> bool,
) -> AppResult<Vec<Missing>> {
    let (_, rules_list, done) = completion_inputs(s)?;
    let programs: Vec<Program> = t::list_programs(s)?
        .into_iter()
        .filter(|p| wanted(p))
        .collect();
    let rules_by_id: HashMap<i64, &rules::ProgramRule> =
        rules_list.iter().map(|p| (p.id, p)).collect();
    let mut out = Vec::new();
    for person in t::list_staff(s, region_id)?
        .into_iter()
        .filter(|p| p.active)
    {
        for p in &programs {
            let Some(rule) = rules_by_id.get(&p.id) else {
                continue;
            };
            if rule.mandate.applies(person.role_id, person.region_id)
                && !done.contains(&(person.id, p.id))
            {
                out.push(Missing {
                    person: person.clone(),
                    program_id: p.id,
                    program: p.title.clone(),
                    due_on: p.due_on,
                });
            }
        }
    }
    Ok(out)
}

/// The language's name for a mark, for exports and the CLI.
pub fn mark_label(mark: Option<rules::Mark>, lang: Lang) -> &'static str {
    mark.map_or("", |m| m.label(lang))
}
