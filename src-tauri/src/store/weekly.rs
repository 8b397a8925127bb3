//! `weekly_notes`: the "decisions needed" list the manager writes into a weekly report 周报,
//! kept with its ISO week (the week's code, 2026-W18).

use super::{now_text, Store};
use crate::domain::weekly::IsoWeek;
use crate::error::AppResult;
use rusqlite::OptionalExtension;

/// The decisions written for a week, as typed ("" when none).
pub fn decisions(store: &Store, week: IsoWeek) -> AppResult<String> {
    Ok(store
        .conn()
        .query_row(
            "SELECT decisions FROM weekly_notes WHERE week = ?1",
            [week.code()],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or_default())
}

/// Keep the decisions of a week (an empty text removes the week's note).
pub fn save_decisions(store: &mut Store, week: IsoWeek, text: &str) -> AppResult<()> {
    let code = week.code();
    store.write(|tx| {
        if text.trim().is_empty() {
            tx.execute("DELETE FROM weekly_notes WHERE week = ?1", [&code])?;
        } else {
            tx.execute(
                "INSERT INTO weekly_notes (week, decisions, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (week) DO UPDATE SET decisions = excluded.decisions,
                                                  updated_at = excluded.updated_at",
                rusqlite::params![code, text, now_text()],
            )?;
        }
        Ok(())
    })
}
