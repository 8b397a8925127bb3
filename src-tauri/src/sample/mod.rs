//! The demo data set: our brand 江森 against 爱玛, 雅迪 and 台铃 in 山东, 河南, 安徽 and 江苏
//! around 五一 2026 — sightings before and during the holiday, competitor activities and
//! battlecards (`competitors`); the 五一 and 国庆 campaigns (`campaigns`); the sales force and
//! its training before 五一, with 安徽 behind (`training`); the 2026 budget and the 五一
//! requests in every state (`budget`). Deterministic, so
//! tests and screenshots can rely on it. Every part writes through the store's own functions
//! (one owner per table), in one transaction.

mod budget;
mod campaigns;
mod competitors;
mod training;

use crate::error::{AppError, AppResult};
use crate::store::Store;
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, TS, PartialEq, Eq)]
#[ts(export)]
pub struct DemoSummary {
    #[ts(type = "number")]
    pub brands: i64,
    #[ts(type = "number")]
    pub products: i64,
    #[ts(type = "number")]
    pub observations: i64,
    #[ts(type = "number")]
    pub activities: i64,
    #[ts(type = "number")]
    pub campaigns: i64,
    #[ts(type = "number")]
    pub staff: i64,
    #[ts(type = "number")]
    pub sessions: i64,
    #[ts(type = "number")]
    pub budget_lines: i64,
    #[ts(type = "number")]
    pub expenses: i64,
}

/// Load the sample into an open store. Refuses when the store already holds sightings, so a
/// user's own data is never mixed with made-up numbers.
pub fn load_demo(store: &mut Store) -> AppResult<DemoSummary> {
    if crate::store::competitors::sighting_count(store)? > 0 {
        return Err(AppError::conflict(
            None,
            "数据文件里已有价格观察，示例数据只能载入到空的数据文件中。",
            "The data file already holds price sightings; sample data can only go into an empty data file.",
        ));
    }
    store.write(|tx| {
        let c = competitors::load(tx)?;
        let k = campaigns::load(tx)?;
        let t = training::load(tx, k.mayday)?;
        let b = budget::load(tx, k.mayday, k.national)?;
        Ok(DemoSummary {
            campaigns: k.campaigns,
            brands: c.brands,
            products: c.products,
            observations: c.sightings + k.sightings,
            activities: c.activities,
            staff: t.staff,
            sessions: t.sessions,
            budget_lines: b.lines,
            expenses: b.expenses,
        })
    })
}
