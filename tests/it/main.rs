//! One test binary, a module per area (see ripgrep's tests/tests.rs).
#![allow(clippy::unwrap_used)]

mod campaigns;
mod cli;
mod e2e;
mod import;
mod intel;
mod store;
