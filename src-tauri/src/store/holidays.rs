//! `holidays`: calendars the user imported — later years, or corrections to bundled ones —
//! each holiday with the batch that wrote it.

use super::{batches, day_at, iso_day, Store};
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
            source: r.get(7)?,
        });
        if !sources.iter().any(|(y, _)| *y == year) {
            sources.push((year, r.get(7)?));
        }
    }
    Ok((out, sources))
}

/// The merged calendar from 2024 (or the earliest year imported) to the year after `this_year`.
pub fn calendar(store: &Store, this_year: i32) -> AppResult<HolidayCalendar> {
    let (imported, sources) = imported(store)?;
    let last = imported
        .iter()
        .map(|h| h.year)
        .max()
        .unwrap_or(this_year)
        .max(this_year + 1);
    // Earlier years the user imported are listed too.
    let first = imported
        .iter()
        .map(|h| h.year)
        .min()
        .unwrap_or(2024)
        .min(2024);
    holidays::calendar(imported, &sources, first, last)
}

/// What a calendar import wrote: holidays added and changed (`2027 五一`), and how many were
/// there already as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WrittenHolidays {
    pub added: Vec<String>,
    pub changed: Vec<String>,
    pub unchanged: usize,
}

fn makeup_text(h: &Holiday) -> String {
    h.makeup_workdays
        .iter()
        .map(|d| d.format("%Y-%m-%d").to_string())
        .collect::<Vec<_>>()
        .join(",")
}

/// Write a calendar's holidays as one batch: a holiday of the same year and name that differs
/// is changed (its fields before kept for undo), a new one added, an identical one left alone.
pub fn write_calendar(
    tx: &rusqlite::Transaction<'_>,
    batch_id: i64,
    file: &[Holiday],
) -> AppResult<WrittenHolidays> {
    use rusqlite::OptionalExtension;
    let mut out = WrittenHolidays::default();
    for h in file {
        let label = format!("{} {}", h.year, h.name_zh);
        let (start, end) = (h.start.to_string(), h.end.to_string());
        let makeup = makeup_text(h);
        let existing: Option<(i64, String, String, String, String, String)> = tx
            .query_row(
                "SELECT id, name_en, start_on, end_on, kind, makeup_workdays FROM holidays WHERE year = ?1 AND name_zh = ?2",
                params![h.year, h.name_zh],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
            )
            .optional()?;
        match existing {
            Some((_, en, s, e, k, m))
                if (en.as_str(), s.as_str(), e.as_str(), k.as_str(), m.as_str())
                    == (
                        h.name_en.as_str(),
                        start.as_str(),
                        end.as_str(),
                        h.kind.as_str(),
                        makeup.as_str(),
                    ) =>
            {
                out.unchanged += 1;
            }
            Some((id, ..)) => {
                batches::keep_before(
                    tx,
                    batch_id,
                    "holidays",
                    "SELECT id, json_object('name_en', name_en, 'start_on', start_on, 'end_on', end_on, 'kind', kind,
                       'makeup_workdays', makeup_workdays, 'source', source, 'batch_id', batch_id)
                     FROM holidays WHERE id = ?1",
                    [id],
                )?;
                tx.execute(
                    "UPDATE holidays SET name_en = ?2, start_on = ?3, end_on = ?4, kind = ?5, makeup_workdays = ?6,
                       source = ?7, batch_id = ?8 WHERE id = ?1",
                    params![id, h.name_en, start, end, h.kind, makeup, h.source, batch_id],
                )?;
                out.changed.push(label);
            }
            None => {
                tx.execute(
                    "INSERT INTO holidays (year, name_zh, name_en, start_on, end_on, kind, makeup_workdays, source, batch_id)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                    params![h.year, h.name_zh, h.name_en, start, end, h.kind, makeup, h.source, batch_id],
                )?;
                out.added.push(label);
            }
        }
    }
    Ok(out)
}

/// Undo a calendar import: the holidays it added go (a bundled one it stood in for shows
/// again), the ones it changed get their fields back.
pub fn undo_calendar_batch(
    tx: &rusqlite::Transaction<'_>,
    batch_id: i64,
) -> AppResult<batches::UndoReport> {
    let mut names = batches::take_back(
        tx,
        batch_id,
        "holidays",
        "SELECT id, year || ' ' || name_zh FROM holidays WHERE batch_id = ?1
           AND id NOT IN (SELECT row_id FROM import_replaced WHERE batch_id = ?1 AND row_table = 'holidays')",
    )?;
    for (id, before) in batches::kept_before(tx, batch_id, "holidays")? {
        tx.execute(
            "UPDATE holidays SET name_en = json_extract(?2, '$.name_en'), start_on = json_extract(?2, '$.start_on'),
               end_on = json_extract(?2, '$.end_on'), kind = json_extract(?2, '$.kind'),
               makeup_workdays = json_extract(?2, '$.makeup_workdays'), source = json_extract(?2, '$.source'),
               batch_id = json_extract(?2, '$.batch_id')
             WHERE id = ?1",
            params![id, before],
        )?;
        let name: String = tx.query_row(
            "SELECT year || ' ' || name_zh FROM holidays WHERE id = ?1",
            [id],
            |r| r.get(0),
        )?;
        names.push(name);
    }
    Ok(batches::UndoReport::new(
        batches::BatchKind::Holidays,
        names.len() as i64,
        [(batches::RecordKind::Holiday, names)],
    ))
}
