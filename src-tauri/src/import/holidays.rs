//! Holiday calendars through the import engine: not a sheet, but the same batch — a preview
//! (dry run) of what would be added or changed, one batch, undo. The file is read by
//! `store::holidays::parse` (iCalendar as the feeds publish it, or JSON).

use super::engine::{self, Checked, Header, Run, SheetReport, Tally};
use crate::error::AppResult;
use crate::store::batches::BatchKind;
use crate::store::holidays as store_h;
use crate::store::Store;

/// Import a holiday calendar's text as one batch.
pub fn import_calendar(store: &mut Store, run: &Run<'_>, text: &str) -> AppResult<SheetReport> {
    let file = store_h::parse(text, run.file_name)?;
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
