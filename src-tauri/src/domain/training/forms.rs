//! The training forms: a person, a program, a session, one attendance — as typed (dates,
//! times and numbers as text), checked into values ready to write.

use super::{normalize_phone, recur, Mark, Repeat, SessionStatus};
use crate::domain::value::{count_input, date_input, required, time_input};
use crate::error::{AppError, AppResult};
use chrono::{NaiveDate, NaiveTime};
use serde::Deserialize;
use ts_rs::TS;

/// A person of the sales force as typed.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[ts(export)]
pub struct StaffInput {
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    pub name: String,
    #[ts(type = "number | null")]
    pub region_id: Option<i64>,
    #[ts(type = "number | null")]
    pub role_id: Option<i64>,
    pub phone: String,
    pub employee_no: String,
    /// As typed ("2024-03-01"); empty when not known.
    pub hire_on: String,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidStaff {
    pub name: String,
    pub region_id: i64,
    pub role_id: i64,
    pub phone: String,
    pub employee_no: Option<String>,
    pub hire_on: Option<NaiveDate>,
    pub active: bool,
}

fn pick(field: &str, id: Option<i64>, zh: &str, en: &str) -> AppResult<i64> {
    id.ok_or_else(|| AppError::invalid(field, format!("请选择{zh}。"), format!("Choose the {en}.")))
}

fn optional_date(raw: &str, field: &str) -> AppResult<Option<NaiveDate>> {
    if raw.trim().is_empty() {
        Ok(None)
    } else {
        date_input(raw, field).map(Some)
    }
}

/// A phone as people write it: digits, with +, spaces and dashes; 5 to 20 digits.
pub fn phone_ok(phone: &str) -> bool {
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    phone.is_empty()
        || ((5..=20).contains(&digits)
            && phone
                .chars()
                .all(|c| c.is_ascii_digit() || c == '+' || c == '(' || c == ')'))
}

impl StaffInput {
    pub fn validated(&self) -> AppResult<ValidStaff> {
        let name = required("name", &self.name, "姓名", "name")?;
        let region_id = pick("region_id", self.region_id, "区域", "region")?;
        let role_id = pick("role_id", self.role_id, "岗位", "role")?;
        let phone = normalize_phone(&self.phone);
        if !phone_ok(&phone) {
            return Err(AppError::invalid(
                "phone",
                format!(
                    "电话“{}”无法识别：请只填数字，例如 13805310003。",
                    self.phone.trim()
                ),
                format!(
                    "The phone “{}” cannot be read: digits only, such as 13805310003.",
                    self.phone.trim()
                ),
            ));
        }
        let no = self.employee_no.trim();
        Ok(ValidStaff {
            name,
            region_id,
            role_id,
            phone,
            employee_no: (!no.is_empty()).then(|| no.to_string()),
            hire_on: optional_date(&self.hire_on, "hire_on")?,
            active: self.active,
        })
    }
}

/// A training program as typed.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[ts(export)]
pub struct ProgramInput {
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    pub title: String,
    #[ts(type = "number | null")]
    pub category_id: Option<i64>,
    pub description: String,
    /// 0–100 as typed; empty: attending is enough.
    pub pass_mark: String,
    /// Mandatory for these roles (none: optional) …
    #[ts(type = "Array<number>")]
    pub role_ids: Vec<i64>,
    /// … in these regions (none: every region).
    #[ts(type = "Array<number>")]
    pub region_ids: Vec<i64>,
    #[ts(type = "number | null")]
    pub campaign_id: Option<i64>,
    /// As typed; empty when there is no deadline.
    pub due_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidProgram {
    pub title: String,
    pub category_id: i64,
    pub description: String,
    pub pass_mark: Option<i64>,
    pub role_ids: Vec<i64>,
    pub region_ids: Vec<i64>,
    pub campaign_id: Option<i64>,
    pub due_on: Option<NaiveDate>,
}

/// A score 0–100 (a pass mark or a result), or an error on `field`.
pub fn score_input(raw: &str, field: &str) -> AppResult<Option<i64>> {
    let n = count_input(raw, field)?;
    match n {
        Some(v) if v > 100 => Err(score_range(field, &v.to_string())),
        n => Ok(n),
    }
}

pub fn score_range(field: &str, shown: &str) -> AppError {
    AppError::invalid(
        field,
        format!("分数应在 0 到 100 之间（填的是 {shown}）。"),
        format!("A score is between 0 and 100 (this one is {shown})."),
    )
}

impl ProgramInput {
    pub fn validated(&self) -> AppResult<ValidProgram> {
        let mut role_ids = self.role_ids.clone();
        role_ids.sort_unstable();
        role_ids.dedup();
        let mut region_ids = self.region_ids.clone();
        region_ids.sort_unstable();
        region_ids.dedup();
        Ok(ValidProgram {
            title: required("title", &self.title, "课程名称", "program title")?,
            category_id: pick("category_id", self.category_id, "类别", "category")?,
            description: self.description.trim().to_string(),
            pass_mark: score_input(&self.pass_mark, "pass_mark")?,
            role_ids,
            region_ids,
            campaign_id: self.campaign_id,
            due_on: optional_date(&self.due_on, "due_on")?,
        })
    }
}

/// A session as typed; with `repeat` and `times`, the first of several.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[ts(export)]
pub struct SessionInput {
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    #[ts(type = "number | null")]
    pub program_id: Option<i64>,
    pub date: String,
    pub starts: String,
    pub ends: String,
    #[ts(type = "number | null")]
    pub region_id: Option<i64>,
    pub location: String,
    pub trainer: String,
    /// Places, as typed; empty: no limit.
    pub capacity: String,
    pub status: Option<SessionStatus>,
    pub repeat: Option<Repeat>,
    /// How many sessions the repeat makes (this one included), as typed.
    pub times: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidSession {
    pub program_id: i64,
    pub date: NaiveDate,
    pub starts: NaiveTime,
    pub ends: NaiveTime,
    pub region_id: Option<i64>,
    pub location: String,
    pub trainer: String,
    pub capacity: Option<i64>,
    pub status: SessionStatus,
}

impl SessionInput {
    /// The session, and with a repeat the further dates (the first date included).
    pub fn validated(&self) -> AppResult<(ValidSession, Vec<NaiveDate>)> {
        let program_id = pick("program_id", self.program_id, "课程", "program")?;
        let date = date_input(&self.date, "date")?;
        let starts = time_input(&self.starts, "starts")?;
        let ends = time_input(&self.ends, "ends")?;
        if ends <= starts {
            return Err(AppError::invalid(
                "ends",
                format!(
                    "结束时间 {} 应晚于开始时间 {}。",
                    ends.format("%H:%M"),
                    starts.format("%H:%M")
                ),
                format!(
                    "The end {} must be after the start {}.",
                    ends.format("%H:%M"),
                    starts.format("%H:%M")
                ),
            ));
        }
        let capacity = count_input(&self.capacity, "capacity")?;
        if capacity == Some(0) {
            return Err(AppError::invalid(
                "capacity",
                "人数上限至少为 1（不限人数请留空）。",
                "Capacity is at least 1 (leave it empty for no limit).",
            ));
        }
        let dates = match self.repeat {
            None => vec![date],
            Some(repeat) => {
                let times = count_input(&self.times, "times")?.unwrap_or(1);
                if !(1..=i64::from(super::MAX_REPEAT)).contains(&times) {
                    return Err(AppError::invalid(
                        "times",
                        format!("重复次数应在 1 到 {} 之间。", super::MAX_REPEAT),
                        format!("Repeat between 1 and {} times.", super::MAX_REPEAT),
                    ));
                }
                recur(date, repeat, times as u32)
            }
        };
        Ok((
            ValidSession {
                program_id,
                date,
                starts,
                ends,
                region_id: self.region_id,
                location: self.location.trim().to_string(),
                trainer: self.trainer.trim().to_string(),
                capacity,
                status: self.status.unwrap_or(SessionStatus::Planned),
            },
            dates,
        ))
    }
}

/// One person's attendance at a session, as marked on the roster.
#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct AttendanceInput {
    #[ts(type = "number")]
    pub session_id: i64,
    #[ts(type = "number")]
    pub staff_id: i64,
    pub mark: Mark,
    /// 0–100 as typed; empty when not scored.
    pub score: String,
    pub remark: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidAttendance {
    pub session_id: i64,
    pub staff_id: i64,
    pub mark: Mark,
    pub score: Option<i64>,
    pub remark: String,
}

impl AttendanceInput {
    pub fn validated(&self) -> AppResult<ValidAttendance> {
        Ok(ValidAttendance {
            session_id: self.session_id,
            staff_id: self.staff_id,
            mark: self.mark,
            score: score_input(&self.score, "score")?,
            remark: self.remark.trim().to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_form_is_checked_and_repeats() {
        let input = SessionInput {
            program_id: Some(1),
            date: "2026-03-02".into(),
            starts: "9:00".into(),
            ends: "11点半".into(),
            capacity: "20".into(),
            repeat: Some(Repeat::Weekly),
            times: "4".into(),
            ..Default::default()
        };
        let (s, dates) = input.validated().unwrap();
        assert_eq!(s.starts.format("%H:%M").to_string(), "09:00");
        assert_eq!(s.ends.format("%H:%M").to_string(), "11:30");
        assert_eq!(dates.len(), 4);
        assert_eq!(dates[3].to_string(), "2026-03-23");
        let bad = SessionInput {
            ends: "08:00".into(),
            ..input.clone()
        };
        assert_eq!(bad.validated().unwrap_err().field(), Some("ends"));
        let zero = SessionInput {
            capacity: "0".into(),
            ..input.clone()
        };
        assert_eq!(zero.validated().unwrap_err().field(), Some("capacity"));
        let many = SessionInput {
            times: "60".into(),
            ..input
        };
        assert_eq!(many.validated().unwrap_err().field(), Some("times"));
    }

    #[test]
    fn scores_are_0_to_100_and_phones_digits() {
        assert_eq!(score_input("85", "score").unwrap(), Some(85));
        assert_eq!(score_input("", "score").unwrap(), None);
        assert!(score_input("101", "score").is_err());
        assert!(score_input("-3", "score").is_err());
        let staff = StaffInput {
            name: "王强".into(),
            region_id: Some(1),
            role_id: Some(2),
            phone: "138-0531-0003".into(),
            active: true,
            ..Default::default()
        };
        assert_eq!(staff.validated().unwrap().phone, "13805310003");
        let bad = StaffInput {
            phone: "call me".into(),
            ..staff
        };
        assert_eq!(bad.validated().unwrap_err().field(), Some("phone"));
    }
}
