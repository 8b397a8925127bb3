//! Business rules, one module per area. Plain Rust: no tauri, no SQL.

pub mod budget;
pub mod campaigns;
pub mod competitors;
pub mod holidays;
pub mod reference;
pub mod training;
