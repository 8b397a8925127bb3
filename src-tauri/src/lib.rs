//! MarketDesk 市场部工作台: the application crate. See ARCHITECTURE.md for the map.
//!
//! Only `app` and `ipc` import tauri; everything else is plain Rust tested without a window.

#[cfg(feature = "app")]
pub mod app;
pub mod charts;
pub mod cli;
pub mod context;
pub mod core;
pub mod document;
pub mod domain;
pub mod error;
pub mod export;
pub mod i18n;
pub mod import;
#[cfg(feature = "app")]
pub mod ipc;
pub mod sample;
pub mod store;

use clap::Parser;

/// The binary's entry: a subcommand runs the CLI, none opens the window.
pub fn main_entry() -> i32 {
    // A panic is a bug: say so in one line instead of Rust's backtrace hint. Readers that can
    // meet hostile input catch panics and turn them into a clear refusal.
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("marketdesk: internal error{place}");
    }));
    let cli = cli::Cli::parse();
    match &cli.command {
        Some(command) => cli::run(&cli, command),
        #[cfg(feature = "app")]
        None => app::run(
            cli.db_path(),
            cli.clock(),
            cli.scripted_pick.clone(),
            cli.scripted_save.clone(),
        ),
        #[cfg(not(feature = "app"))]
        None => {
            eprintln!("marketdesk: built without the window (feature `app`); give a subcommand, see --help");
            2
        }
    }
}
