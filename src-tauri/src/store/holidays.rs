//! `holidays`: calendars the user imported for years the bundled data does not cover.

use super::{day_at, iso_day, Store};
use crate::domain::holidays::{self, Holiday, HolidayCalendar};
use crate::error::AppResult;
use rusqlite::params;

/// Imported holidays and, per year, the source it came from.
pub type Imported = (Vec<Holiday>, Vec<(i32, String)>);

pub fn imported(store: &Store) -> AppResult<Imported> {
    let mut st = store.conn().prepare(
        "SELECT year, name_zh, name_en, start_on, end_on, kind, makeup_workdays, source FROM holidays ORDER BY start_on",
    )?;
    let mut out = Vec::new();
    let mut sources: Vec<(i32, String)> = Vec::new();
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let year: i32 = r.get(0)?;
        let (Some(start), Some(end)) = (day_at(r, 3)?, day_at(r, 4)?) else {
            continue;
        };
        let makeup: String = r.get(6)?;
        out.push(Holiday {
            year,
            name_zh: r.get(1)?,
            name_en: r.get(2)?,
            start,
            end,
            kind: r.get(5)?,
            makeup_workdays: makeup
                .split(',')
                .filter_map(|d| iso_day(d.trim()))
                .collect(),
        });
        if !sources.iter().any(|(y, _)| *y == year) {
            sources.push((year, r.get(7)?));
        }
    }
    Ok((out, sources))
}

/// The merged calendar from 2024 to the year after `this_year`.
pub fn calendar(store: &Store, this_year: i32) -> AppResult<HolidayCalendar> {
    let (imported, sources) = imported(store)?;
    let last = imported
        .iter()
        .map(|h| h.year)
        .max()
        .unwrap_or(this_year)
        .max(this_year + 1);
    holidays::calendar(imported, &sources, 2024, last)
}

/// Import a holiday file, JSON (the bundled shape) or iCalendar; returns how many holidays
/// were added or replaced.
pub fn import_text(store: &mut Store, text: &str, file_name: &str) -> AppResult<usize> {
    let file = if text.trim_start().starts_with("BEGIN:VCALENDAR") {
        holidays::parse_ics(text, &format!("ICS: {file_name}"))?
    } else {
        holidays::parse_file(text)?
    };
    store.write(|tx| {
        let mut st = tx.prepare(
            "INSERT INTO holidays (year, name_zh, name_en, start_on, end_on, kind, makeup_workdays, source)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT (year, name_zh) DO UPDATE SET name_en = excluded.name_en, start_on = excluded.start_on,
               end_on = excluded.end_on, kind = excluded.kind, makeup_workdays = excluded.makeup_workdays,
               source = excluded.source",
        )?;
        for h in &file.holidays {
            let makeup: Vec<String> = h.makeup_workdays.iter().map(|d| d.format("%Y-%m-%d").to_string()).collect();
            st.execute(params![
                h.year,
                h.name_zh,
                h.name_en,
                h.start.format("%Y-%m-%d").to_string(),
                h.end.format("%Y-%m-%d").to_string(),
                h.kind,
                makeup.join(","),
                file.source
            ])?;
        }
        Ok(file.holidays.len())
    })
}
