//! The command line: the same binary, store and code as the window. `marketdesk` with no
//! subcommand opens the window; with one, it runs here and exits.

use crate::core::default_db_path;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::store::{OpenMode, Store};
use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "marketdesk",
    version,
    about = "MarketDesk 市场部工作台 — offline marketing desk. Without a subcommand, opens the window."
)]
pub struct Cli {
    /// The data file (default: the OS app-data directory). Also read from MARKETDESK_DB.
    #[arg(long, global = true, env = "MARKETDESK_DB", value_name = "FILE")]
    pub db: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the data file (or migrate it to this version) and print its schema version.
    Init,
}

impl Cli {
    pub fn db_path(&self) -> PathBuf {
        self.db.clone().unwrap_or_else(default_db_path)
    }
}

/// Run a subcommand; returns the process exit code.
pub fn run(cli: &Cli, command: &Command) -> i32 {
    let mut out = std::io::stdout().lock();
    let result = match command {
        Command::Init => init(cli, &mut out),
    };
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("marketdesk: {}", e.message(Lang::ZhCn));
            eprintln!("marketdesk: {}", e.message(Lang::En));
            1
        }
    }
}

fn init(cli: &Cli, out: &mut impl Write) -> Result<(), AppError> {
    let path = cli.db_path();
    let store = Store::open(&path, OpenMode::CreateIfMissing)?;
    let version = store.schema_version()?;
    let io = |e| AppError::io("stdout", e);
    writeln!(out, "数据文件 data file: {}", path.display()).map_err(io)?;
    writeln!(out, "结构版本 schema version: {version}").map_err(io)?;
    Ok(())
}
