//! `settings`: small key/value preferences stored with the data (language, onboarding).

use super::Store;
use crate::error::AppResult;
use rusqlite::OptionalExtension;

pub const LANG: &str = "lang";
pub const ONBOARDED: &str = "onboarded";

pub fn get(store: &Store, key: &str) -> AppResult<Option<String>> {
    Ok(store
        .conn()
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

pub fn set(store: &mut Store, key: &str, value: &str) -> AppResult<()> {
    store.write(|tx| {
        tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )?;
        Ok(())
    })
}
