//! Business rules, one module per area, and `value`: the one parser for each kind of value
//! people type (money, counts, dates), used by the importers, the forms and the CLI alike.
//! Plain Rust: no tauri, no SQL.

pub mod audit;
pub mod backups;
pub mod budget;
pub mod campaigns;
pub mod competitors;
pub mod holidays;
pub mod reference;
pub mod search;
pub mod training;
pub mod value;
pub mod weekly;
