//! The training exports: a session's sign-in sheet (PDF, Word or Markdown through the one
//! document runner; a workbook that comes back through the sign-in import), attendance and the
//! completion matrix as workbooks.

use super::*;
use crate::core::DocumentExport;
use crate::export::training::{self as x, MatrixLine, SignInData};

/// The training tables that export as workbooks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TrainingTable {
    Attendance,
    Completion,
}

impl AppCore {
    /// Write a training table as .xlsx.
    pub fn export_training_xlsx(&self, table: TrainingTable, path: &Path) -> AppResult<String> {
        match table {
            TrainingTable::Attendance => self.export_attendance_xlsx(path),
            TrainingTable::Completion => self.export_completion_xlsx(path),
        }
    }

    /// What a session's sign-in sheet lists: the enrolled, those with a place first.
    pub fn sign_in_data(&self, session_id: i64) -> AppResult<SignInData> {
        let roster = self.session_roster(session_id)?;
        Ok(SignInData {
            session: roster.session,
            lines: roster.lines.into_iter().filter(|l| l.enrolled).collect(),
        })
    }

    /// Write a session's sign-in sheet by the extension of `path`: .xlsx in the sign-in
    /// import's columns, else a document (.pdf, .docx, .md) through `export_document`.
    pub fn export_sign_in(
        &self,
        session_id: i64,
        path: &Path,
        progress: &mut dyn FnMut(usize, usize),
    ) -> AppResult<DocumentExport> {
        if is_xlsx(path) {
            let data = self.sign_in_data(session_id)?;
            let bytes = x::sign_in_xlsx(&data, self.lang())?;
            crate::export::write_atomically(path, &bytes)?;
            return Ok(DocumentExport {
                files: vec![file_name(path)],
                missing_glyphs: String::new(),
            });
        }
        let lang = self.lang();
        self.export_document(path, progress, |core| {
            Ok(x::sign_in(&core.sign_in_data(session_id)?, lang))
        })
    }

    /// Every attendance mark as a workbook.
    pub fn export_attendance_xlsx(&self, path: &Path) -> AppResult<String> {
        need_xlsx(path)?;
        let rows = self.with_store(|s| t::attendance_rows(s.conn()))?;
        crate::export::write_atomically(path, &x::attendance_xlsx(&rows, self.lang())?)?;
        Ok(file_name(path))
    }

    /// The region × program completion matrix as a workbook.
    pub fn export_completion_xlsx(&self, path: &Path) -> AppResult<String> {
        need_xlsx(path)?;
        let m = self.completion_matrix()?;
        let programs: Vec<String> = m.programs.iter().map(|p| p.name.clone()).collect();
        let lines: Vec<MatrixLine<'_>> = m
            .rows
            .iter()
            .map(|r| MatrixLine {
                region: &r.region,
                cells: &r.cells,
                total: &r.total,
            })
            .collect();
        let bytes = x::completion_xlsx(&programs, &lines, self.lang())?;
        crate::export::write_atomically(path, &bytes)?;
        Ok(file_name(path))
    }
}

fn is_xlsx(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

fn need_xlsx(path: &Path) -> AppResult<()> {
    if is_xlsx(path) {
        Ok(())
    } else {
        Err(AppError::invalid(
            "out",
            "文件的扩展名应为 .xlsx。",
            "The file name must end in .xlsx.",
        ))
    }
}
