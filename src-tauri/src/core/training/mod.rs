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

mod completion;
mod exports;
mod schedule;

pub use completion::*;
pub use exports::TrainingTable;
pub use schedule::*;

/// What the training screen's forms choose from.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct TrainingSetup {
    pub roles: Vec<Choice>,
    pub categories: Vec<Choice>,
    pub programs: Vec<Program>,
    /// Campaigns a program can prepare.
    pub campaigns: Vec<Choice>,
    /// Attendance marks and session statuses with their names in the user's language: the
    /// screen shows Rust's names, it keeps no second list.
    pub marks: Vec<MarkLabel>,
    pub statuses: Vec<StatusLabel>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct MarkLabel {
    pub mark: rules::Mark,
    pub label: String,
    /// The key that marks it on the roster (P, L, A, E).
    pub key: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct StatusLabel {
    pub status: rules::SessionStatus,
    pub label: String,
}

impl AppCore {
    pub fn training_setup(&self) -> AppResult<TrainingSetup> {
        let lang = self.lang();
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
                marks: rules::Mark::ALL
                    .into_iter()
                    .map(|mark| MarkLabel {
                        mark,
                        label: mark.label(lang).to_string(),
                        key: mark.code()[..1].to_uppercase(),
                    })
                    .collect(),
                statuses: rules::SessionStatus::ALL
                    .into_iter()
                    .map(|status| StatusLabel {
                        status,
                        label: status.label(lang).to_string(),
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

    pub fn import_staff_file(
        &self,
        path: &Path,
        sheet: Option<&str>,
        dry_run: bool,
    ) -> AppResult<SheetReport> {
        self.import_sheet_file(path, sheet, dry_run, import_t::import_staff)
    }

    pub fn import_sessions_file(
        &self,
        path: &Path,
        sheet: Option<&str>,
        dry_run: bool,
    ) -> AppResult<SheetReport> {
        self.import_sheet_file(path, sheet, dry_run, import_t::import_plan)
    }

    pub fn import_attendance_file(
        &self,
        path: &Path,
        sheet: Option<&str>,
        dry_run: bool,
    ) -> AppResult<SheetReport> {
        self.import_sheet_file(path, sheet, dry_run, import_t::import_sign_in)
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

/// The training sheets the import screen takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TrainingSheet {
    Staff,
    Sessions,
    Attendance,
}
