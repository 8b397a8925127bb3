//! The dashboard's figures, read across the areas' tables.

use super::competitors::{list_activities, Activity};
use super::Store;
use crate::error::AppResult;
use serde::Serialize;
use ts_rs::TS;

/// What the dashboard shows: how much is tracked and what competitors are doing now.
#[derive(Debug, Clone, Serialize, TS, PartialEq, Eq)]
#[ts(export)]
pub struct DashboardSummary {
    #[ts(type = "number")]
    pub brands: i64,
    #[ts(type = "number")]
    pub products: i64,
    #[ts(type = "number")]
    pub observations: i64,
    pub latest_observed_on: Option<String>,
    #[ts(type = "number")]
    pub regions_reporting: i64,
    /// Activities running on `today` or starting within 30 days.
    pub current_activities: Vec<Activity>,
}

pub fn dashboard(store: &Store, today: chrono::NaiveDate) -> AppResult<DashboardSummary> {
    let c = store.conn();
    let one = |sql: &str| -> AppResult<i64> { Ok(c.query_row(sql, [], |r| r.get(0))?) };
    let today_s = today.format("%Y-%m-%d").to_string();
    let soon = today
        .checked_add_days(chrono::Days::new(30))
        .unwrap_or(today)
        .format("%Y-%m-%d")
        .to_string();
    let current_activities = list_activities(store)?
        .into_iter()
        .filter(|a| a.end_on >= today_s && a.start_on <= soon)
        .collect();
    Ok(DashboardSummary {
        brands: one("SELECT count(*) FROM brands")?,
        products: one("SELECT count(*) FROM products")?,
        observations: one("SELECT count(*) FROM price_observations")?,
        latest_observed_on: c.query_row(
            "SELECT max(observed_on) FROM price_observations",
            [],
            |r| r.get(0),
        )?,
        regions_reporting: one("SELECT count(DISTINCT region_id) FROM price_observations")?,
        current_activities,
    })
}
