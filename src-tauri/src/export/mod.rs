//! Exports written by Rust to a path Rust chose (through the save dialog or the CLI), a file
//! or folder per area: `competitors` (the price moves as a workbook), `campaigns` (the brief,
//! the calendar as iCalendar), `training` (the sign-in sheet, attendance and completion
//! workbooks, sessions as calendar events), `budget` (the budget workbook, the expense request
//! form, the campaign cost report). Documents are built here and rendered by `document`; every
//! file goes through `write_atomically`.

pub mod budget;
pub mod campaigns;
pub mod competitors;
pub mod training;
pub mod weekly;

use crate::error::{AppError, AppResult};
use std::path::Path;

/// Write a file so that a failure leaves no half-written file behind: the bytes go to a
/// temporary file beside the target (a name of its own, removed if anything fails), are flushed
/// to the disk, and the file is then renamed over the target.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> AppResult<()> {
    use std::io::Write;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".part")
        .tempfile_in(dir)
        .map_err(|e| AppError::io(path, e))?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| AppError::io(path, e))?;
    tmp.persist(path).map_err(|e| AppError::io(path, e.error))?;
    Ok(())
}

/// An xlsx writer's failure (a bug, not the user's doing).
pub(crate) fn xlsx_err(e: rust_xlsxwriter::XlsxError) -> AppError {
    AppError::Internal(format!("xlsx: {e}"))
}

pub(crate) fn write_row(
    sheet: &mut rust_xlsxwriter::Worksheet,
    row: u32,
    cells: &[String],
    format: Option<&rust_xlsxwriter::Format>,
) -> AppResult<()> {
    for (c, text) in cells.iter().enumerate() {
        let col = u16::try_from(c).map_err(|e| AppError::Internal(e.to_string()))?;
        match format {
            Some(f) => sheet.write_string_with_format(row, col, text, f),
            None => sheet.write_string(row, col, text),
        }
        .map_err(xlsx_err)?;
    }
    Ok(())
}
