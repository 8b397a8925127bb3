//! 培训 Training: what the sales force must learn (programs), when and where it is taught
//! (sessions), who was there and how they scored (attendance) — and the rules that say who has
//! completed a program, who gets a place in a full session, which dates a recurring session
//! falls on, what clashes with a session, and how complete a region is.
//! Plain Rust: no SQL, no tauri.

pub mod forms;

use crate::i18n::Lang;
use chrono::{Datelike, Days, Months, NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use ts_rs::TS;

/// Attendance at a session: 出席 / 迟到 / 缺席 / 请假.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Mark {
    Present,
    Late,
    Absent,
    Excused,
}

impl Mark {
    pub const ALL: [Mark; 4] = [Mark::Present, Mark::Late, Mark::Absent, Mark::Excused];

    pub fn code(self) -> &'static str {
        match self {
            Mark::Present => "present",
            Mark::Late => "late",
            Mark::Absent => "absent",
            Mark::Excused => "excused",
        }
    }

    pub fn from_code(s: &str) -> Option<Mark> {
        Self::ALL.into_iter().find(|m| m.code() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            Mark::Present => ("出席", "Present"),
            Mark::Late => ("迟到", "Late"),
            Mark::Absent => ("缺席", "Absent"),
            Mark::Excused => ("请假", "Excused"),
        };
        lang.pick(zh, en)
    }

    /// As written on a sign-in sheet: 出席/到/√, 迟到, 缺席/未到/×, 请假 (or P/L/A/E).
    pub fn parse(s: &str) -> Option<Mark> {
        let t = s.trim().to_lowercase();
        Some(match t.as_str() {
            "出席" | "到" | "已到" | "签到" | "√" | "✓" | "✔" | "present" | "p" => {
                Mark::Present
            }
            "迟到" | "late" | "l" => Mark::Late,
            "缺席" | "未到" | "缺勤" | "×" | "✗" | "✘" | "x" | "absent" | "a" => {
                Mark::Absent
            }
            "请假" | "excused" | "e" => Mark::Excused,
            _ => return None,
        })
    }

    /// Present and late count as having attended; absent and excused do not.
    pub fn attended(self) -> bool {
        matches!(self, Mark::Present | Mark::Late)
    }
}

/// 计划 / 已举办 / 已取消.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SessionStatus {
    Planned,
    Held,
    Cancelled,
}

impl SessionStatus {
    pub const ALL: [SessionStatus; 3] = [
        SessionStatus::Planned,
        SessionStatus::Held,
        SessionStatus::Cancelled,
    ];

    pub fn code(self) -> &'static str {
        match self {
            SessionStatus::Planned => "planned",
            SessionStatus::Held => "held",
            SessionStatus::Cancelled => "cancelled",
        }
    }

    pub fn from_code(s: &str) -> Option<SessionStatus> {
        Self::ALL.into_iter().find(|m| m.code() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            SessionStatus::Planned => ("计划", "Planned"),
            SessionStatus::Held => ("已举办", "Held"),
            SessionStatus::Cancelled => ("已取消", "Cancelled"),
        };
        lang.pick(zh, en)
    }
}

/// One attendance at a held session of a program: how the person was marked and scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attempt {
    pub mark: Mark,
    pub score: Option<i64>,
}

/// The best score among the attempts the person attended (late counts, excused does not).
pub fn best_score(attempts: &[Attempt]) -> Option<i64> {
    attempts
        .iter()
        .filter(|a| a.mark.attended())
        .filter_map(|a| a.score)
        .max()
}

/// Completed: present or late at a held session of the program (`attempts` are those) and, if
/// the program has a pass mark, a best score there of at least the pass mark.
pub fn completed(pass_mark: Option<i64>, attempts: &[Attempt]) -> bool {
    if !attempts.iter().any(|a| a.mark.attended()) {
        return false;
    }
    match pass_mark {
        None => true,
        Some(pass) => best_score(attempts).is_some_and(|best| best >= pass),
    }
}

/// Who has a place in a session and who waits, from the enrolments in the order they came:
/// the first `capacity` have a place (everyone, with no capacity), the rest wait in order.
pub fn places(capacity: Option<i64>, in_order: &[i64]) -> (Vec<i64>, Vec<i64>) {
    let cap = capacity.map_or(in_order.len(), |c| {
        usize::try_from(c.max(0)).unwrap_or(usize::MAX)
    });
    let cut = cap.min(in_order.len());
    (in_order[..cut].to_vec(), in_order[cut..].to_vec())
}

/// Those who were waiting `before` and have a place `after` (a place freed, or capacity
/// raised), in the order they were promoted.
pub fn promoted(capacity: Option<i64>, before: &[i64], after: &[i64]) -> Vec<i64> {
    let (_, waiting) = places(capacity, before);
    let (placed, _) = places(capacity, after);
    placed.into_iter().filter(|p| waiting.contains(p)).collect()
}

/// How a session repeats: a separate session each week or each month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Repeat {
    Weekly,
    Monthly,
}

/// The most sessions one recurrence creates.
pub const MAX_REPEAT: u32 = 52;

/// The dates of `times` sessions from `first`, each a week or a month after the one before;
/// a monthly session on the 31st falls on the last day of shorter months.
pub fn recur(first: NaiveDate, repeat: Repeat, times: u32) -> Vec<NaiveDate> {
    (0..times.clamp(1, MAX_REPEAT))
        .filter_map(|i| match repeat {
            Repeat::Weekly => first.checked_add_days(Days::new(7 * u64::from(i))),
            Repeat::Monthly => first.checked_add_months(Months::new(i)),
        })
        .collect()
}

/// Who a program is mandatory for: these roles (none: nobody — an optional program) in these
/// regions (none: every region).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Mandate {
    pub role_ids: Vec<i64>,
    pub region_ids: Vec<i64>,
}

impl Mandate {
    pub fn applies(&self, role_id: i64, region_id: i64) -> bool {
        self.role_ids.contains(&role_id)
            && (self.region_ids.is_empty() || self.region_ids.contains(&region_id))
    }
}

/// A person as the completion figures need them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub id: i64,
    pub region_id: i64,
    pub role_id: i64,
}

/// A program as the completion figures need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgramRule {
    pub id: i64,
    pub pass_mark: Option<i64>,
    pub mandate: Mandate,
}

/// The (person, program) pairs completed, from every attempt at held sessions.
pub fn completions(
    programs: &[ProgramRule],
    attempts: &HashMap<(i64, i64), Vec<Attempt>>,
) -> HashSet<(i64, i64)> {
    let pass: HashMap<i64, Option<i64>> = programs.iter().map(|p| (p.id, p.pass_mark)).collect();
    attempts
        .iter()
        .filter(|((_, program), a)| {
            pass.get(program)
                .is_some_and(|pass_mark| completed(*pass_mark, a))
        })
        .map(|(k, _)| *k)
        .collect()
}

/// One cell of the region × program matrix (or a region's total, `program` None).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Completion {
    #[ts(type = "number")]
    pub region_id: i64,
    #[ts(type = "number | null")]
    pub program_id: Option<i64>,
    /// Active people in the region for whom at least one counted program is mandatory.
    #[ts(type = "number")]
    pub staff: i64,
    /// Mandatory (person, program) pairs.
    #[ts(type = "number")]
    pub required: i64,
    #[ts(type = "number")]
    pub completed: i64,
    /// completed / required in hundredths of a percent, half up (6667 is 66.67 %).
    #[ts(type = "number")]
    pub pct_bp: i64,
}

/// completed / required × 100, rounded half up to 2 decimals, in hundredths (0 when nothing
/// is required).
pub fn pct_bp(completed: i64, required: i64) -> i64 {
    if required <= 0 {
        return 0;
    }
    // (2·c·10000 + r) / (2·r) is c/r·10000 rounded half up, in integers.
    (2 * completed * 10_000 + required) / (2 * required)
}

/// The completion of the mandatory staff per region and program, and per region over all the
/// given programs (`program_id` None): sorted by region id, program id; regions and programs
/// with nothing mandatory are left out.
pub fn completion_matrix(
    people: &[Person],
    programs: &[ProgramRule],
    done: &HashSet<(i64, i64)>,
) -> Vec<Completion> {
    use std::collections::BTreeMap;
    // (region, program) → (required, completed); region → people with something mandatory.
    let mut cells: BTreeMap<(i64, Option<i64>), (i64, i64)> = BTreeMap::new();
    let mut staff: BTreeMap<i64, i64> = BTreeMap::new();
    for p in people {
        let mut any = false;
        for prog in programs {
            if !prog.mandate.applies(p.role_id, p.region_id) {
                continue;
            }
            any = true;
            let ok = i64::from(done.contains(&(p.id, prog.id)));
            for key in [(p.region_id, Some(prog.id)), (p.region_id, None)] {
                let c = cells.entry(key).or_default();
                c.0 += 1;
                c.1 += ok;
            }
        }
        if any {
            *staff.entry(p.region_id).or_default() += 1;
        }
    }
    cells
        .into_iter()
        .map(
            |((region_id, program_id), (required, completed))| Completion {
                region_id,
                program_id,
                staff: staff.get(&region_id).copied().unwrap_or(0),
                required,
                completed,
                pct_bp: pct_bp(completed, required),
            },
        )
        .collect()
}

/// A session's time and place, as the clash check sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    /// The session being edited (None for a new one): it does not clash with itself.
    pub id: Option<i64>,
    pub date: NaiveDate,
    pub starts: NaiveTime,
    pub ends: NaiveTime,
    pub trainer: String,
    pub region_id: Option<i64>,
    /// The campaign the session's program prepares, if any.
    pub campaign_id: Option<i64>,
}

/// Another session on the same day, with the people enrolled in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Booked {
    pub id: i64,
    pub title: String,
    pub starts: NaiveTime,
    pub ends: NaiveTime,
    pub trainer: String,
    pub enrolled: Vec<i64>,
}

/// An Approved or Running campaign, as the clash check sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Peak {
    pub id: i64,
    pub name: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// Empty: every region.
    pub region_ids: Vec<i64>,
}

/// Why a session should perhaps not be held as planned — shown before saving.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum Clash {
    /// The trainer teaches another session at the same time.
    Trainer {
        trainer: String,
        other: String,
        starts: String,
        ends: String,
    },
    /// Someone enrolled here is enrolled in another session at the same time.
    Person {
        name: String,
        other: String,
        starts: String,
        ends: String,
    },
    /// The day is an official holiday.
    Holiday { name: String },
    /// The day is inside a promotion of the same region that is approved or running.
    Campaign {
        name: String,
        start: String,
        end: String,
    },
}

impl Clash {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Clash::Trainer { trainer, other, starts, ends }, Lang::ZhCn) => {
                format!("讲师{trainer}同一时间在讲“{other}”（{starts}–{ends}）。")
            }
            (Clash::Trainer { trainer, other, starts, ends }, Lang::En) => {
                format!("The trainer {trainer} teaches “{other}” at the same time ({starts}–{ends}).")
            }
            (Clash::Person { name, other, starts, ends }, Lang::ZhCn) => {
                format!("{name}同一时间已报名“{other}”（{starts}–{ends}）。")
            }
            (Clash::Person { name, other, starts, ends }, Lang::En) => {
                format!("{name} is enrolled in “{other}” at the same time ({starts}–{ends}).")
            }
            (Clash::Holiday { name }, Lang::ZhCn) => format!("这一天是法定节假日（{name}）。"),
            (Clash::Holiday { name }, Lang::En) => format!("That day is an official holiday ({name})."),
            (Clash::Campaign { name, start, end }, Lang::ZhCn) => format!(
                "这一天在本区域的促销“{name}”期间（{start} 至 {end}），促销高峰不宜安排培训。"
            ),
            (Clash::Campaign { name, start, end }, Lang::En) => format!(
                "That day falls inside the region's promotion “{name}” ({start} to {end}); the promotion peak is no time for training."
            ),
        }
    }
}

fn overlaps(a: (NaiveTime, NaiveTime), b: (NaiveTime, NaiveTime)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

fn hm(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

/// Everything that clashes with a session: the same trainer or an enrolled person in another
/// session at an overlapping time that day (`booked`: the day's other sessions that are not
/// cancelled), an official holiday, and an approved or running promotion of the session's
/// region around that day — unless the session's program prepares that very promotion.
pub fn clashes(
    slot: &Slot,
    enrolled: &[(i64, String)],
    booked: &[Booked],
    holiday: Option<&str>,
    peaks: &[Peak],
) -> Vec<Clash> {
    let mut out = Vec::new();
    let trainer = slot.trainer.trim();
    for b in booked.iter().filter(|b| Some(b.id) != slot.id) {
        if !overlaps((slot.starts, slot.ends), (b.starts, b.ends)) {
            continue;
        }
        let (starts, ends) = (hm(b.starts), hm(b.ends));
        if !trainer.is_empty() && b.trainer.trim() == trainer {
            out.push(Clash::Trainer {
                trainer: trainer.to_string(),
                other: b.title.clone(),
                starts: starts.clone(),
                ends: ends.clone(),
            });
        }
        for (id, name) in enrolled {
            if b.enrolled.contains(id) {
                out.push(Clash::Person {
                    name: name.clone(),
                    other: b.title.clone(),
                    starts: starts.clone(),
                    ends: ends.clone(),
                });
            }
        }
    }
    if let Some(name) = holiday {
        out.push(Clash::Holiday {
            name: name.to_string(),
        });
    }
    if let Some(region) = slot.region_id {
        for p in peaks {
            let here = p.region_ids.is_empty() || p.region_ids.contains(&region);
            let during = p.start <= slot.date && slot.date <= p.end;
            if here && during && slot.campaign_id != Some(p.id) {
                out.push(Clash::Campaign {
                    name: p.name.clone(),
                    start: p.start.to_string(),
                    end: p.end.to_string(),
                });
            }
        }
    }
    out
}

/// The score bands of a program's score distribution: under 60, then by tens (90–100 last).
pub const SCORE_BANDS: [(i64, i64); 5] = [(0, 59), (60, 69), (70, 79), (80, 89), (90, 100)];

/// How many scores fall in each band of [`SCORE_BANDS`].
pub fn score_bands(scores: &[i64]) -> [i64; 5] {
    let mut out = [0; 5];
    for s in scores {
        if let Some(i) = SCORE_BANDS.iter().position(|(lo, hi)| lo <= s && s <= hi) {
            out[i] += 1;
        }
    }
    out
}

/// The Monday of the week `day` is in (the week view starts there).
pub fn week_start(day: NaiveDate) -> NaiveDate {
    day - Days::new(u64::from(day.weekday().num_days_from_monday()))
}

/// How a person is recognised across sheets: by employee number, else by name and phone.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum StaffKey {
    EmployeeNo(String),
    NamePhone(String, String),
}

impl StaffKey {
    pub fn of(name: &str, phone: &str, employee_no: &str) -> StaffKey {
        let no = employee_no.trim();
        if no.is_empty() {
            StaffKey::NamePhone(name.trim().to_string(), normalize_phone(phone))
        } else {
            StaffKey::EmployeeNo(no.to_uppercase())
        }
    }
}

/// A phone as written, without the spaces and dashes people put in (138-0531-0003).
pub fn normalize_phone(raw: &str) -> String {
    crate::domain::value::to_half_width(raw)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect()
}

#[cfg(test)]
mod tests;
