//! Everything the user keeps in a spreadsheet comes in here: `read` turns a file (xlsx, xls,
//! csv in any common encoding) into rows, `engine` finds the header and checks every row
//! against a kind's schema, and each area's file holds its sheets' schemas and row checks
//! (`competitors`: price reports; `campaigns`: schedules and price-limit tables; `training`:
//! rosters, plans, sign-in sheets; `budget`: budget plans and expense ledgers). The rows
//! go to the area's store writer through `engine::write_batch`, one batch in one transaction.

pub mod budget;
pub mod campaigns;
pub mod competitors;
pub mod engine;
pub mod evidence;
pub mod holidays;
pub mod read;
pub mod training;
