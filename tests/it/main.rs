//! One test binary, a module per area (see ripgrep's tests/tests.rs): `competitors`,
//! `campaigns`, `training`, `budget`, and what every area shares — the data file (`store`), the command line
//! (`cli`), the command list (`ipc`) and the real window (`e2e`, a file per area's screens).
#![allow(clippy::unwrap_used)]

mod backups;
mod budget;
mod campaigns;
mod cli;
mod competitors;
mod e2e;
mod faults;
mod fuzz;
mod history;
mod ipc;
mod layers;
mod search;
mod security;
mod store;
mod training;
mod weekly;
