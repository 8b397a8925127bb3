//! Schema migrations, one SQL file per step, applied in one transaction each by
//! rusqlite_migration (which tracks the version in `PRAGMA user_version`).

use rusqlite_migration::{Migrations, M};

const STEPS: &[M<'static>] = &[
    M::up(include_str!("sql/0001_foundation.sql")),
    M::up(include_str!("sql/0002_competitors.sql")),
    M::up(include_str!("sql/0003_undo_and_daily.sql")),
    M::up(include_str!("sql/0004_campaigns.sql")),
    M::up(include_str!("sql/0005_region_scan.sql")),
    M::up(include_str!("sql/0006_region_index_narrow.sql")),
    M::up(include_str!("sql/0007_training.sql")).foreign_key_check(),
    M::up(include_str!("sql/0008_template_anchors.sql")),
    M::up(include_str!("sql/0009_holiday_batches.sql")),
    M::up(include_str!("sql/0010_budget.sql")),
    M::up(include_str!("sql/0011_search.sql")),
    M::up(include_str!("sql/0012_weekly.sql")),
    M::up(include_str!("sql/0013_audit.sql")),
];

pub static MIGRATIONS: Migrations<'static> = Migrations::from_slice(STEPS);

/// The schema version this build writes and understands.
pub fn latest_version() -> i64 {
    STEPS.len() as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_validate() {
        MIGRATIONS.validate().unwrap();
    }
}
