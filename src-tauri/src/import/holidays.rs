//! Holiday calendars through the import engine: not a sheet, but the same batch — a preview
//! (dry run) of what would be added or changed, one batch, undo. The file is read as
//! iCalendar (as the feeds publish it) or JSON by `parse`.

use super::engine::{self, Checked, Header, Run, SheetReport, Tally};
use crate::domain::holidays;
use crate::error::AppResult;
use crate::store::batches::BatchKind;
use crate::store::holidays as store_h;
use crate::store::Store;

/// Read a holiday file, iCalendar (as the feeds publish it) or JSON (the bundled shape).
pub fn parse(text: &str, file_name: &str) -> AppResult<holidays::HolidayFile> {
    if text.trim_start().starts_with("BEGIN:VCALENDAR") {
        holidays::parse_ics(text, &format!("ICS: {file_name}"))
    } else {
        let mut f = holidays::parse_file(text)?;
        for h in &mut f.holidays {
            h.source = f.source.clone();
        }
        Ok(f)
    }
}

/// Import a holiday calendar's text as one batch.
pub fn import_calendar(store: &mut Store, run: &Run<'_>, text: &str) -> AppResult<SheetReport> {
    let file = parse(text, run.file_name)?;
    let checked = Checked {
        header: Header {
            index: 0,
            texts: Vec::new(),
            columns: Vec::new(),
        },
        rows_read: file.holidays.len(),
        valid: file.holidays,
        rejected: Vec::new(),
    };
    let kind = BatchKind::Holidays;
    let (batch_id, written) = engine::write_batch(store, kind, run, &checked, |tx, id, valid| {
        let w = store_h::write_calendar(tx, id, valid)?;
        let tally = Tally {
            imported: w.added.len() + w.changed.len(),
            duplicates: w.unchanged,
        };
        Ok((w, tally))
    })?;
    Ok(SheetReport {
        file_name: run.file_name.to_string(),
        sheet: String::new(),
        sheets: Vec::new(),
        kind,
        header_row: 0,
        headers: Vec::new(),
        rows_read: checked.rows_read,
        imported: written.added.len() + written.changed.len(),
        duplicates: written.unchanged,
        rejected: Vec::new(),
        created: written.added,
        updated: written.changed,
        dry_run: run.dry_run,
        batch_id,
    })
}
