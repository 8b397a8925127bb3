//! `weekly-report`: the week's report 周报 for the general manager, through the one document
//! runner (the same view as the Monday dashboard and the window's report dialog).

use super::{io, open, usage, Cli, Fail, LangArg};
use crate::domain::weekly::IsoWeek;
use crate::i18n::Lang;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct WeeklyArgs {
    /// The ISO week, Monday to Sunday (2026-W18); default: the week it is (see --today).
    #[arg(long, value_name = "YYYY-Www")]
    pub week: Option<String>,
    /// The file to write: .pdf, .docx, or .md (its chart as PNG beside it).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    #[arg(long, value_enum, default_value_t = LangArg::Zh)]
    pub lang: LangArg,
}

pub(super) fn weekly_report(
    cli: &Cli,
    args: &WeeklyArgs,
    out: &mut impl Write,
) -> Result<i32, Fail> {
    let week = match &args.week {
        Some(raw) => IsoWeek::parse(raw, "week").map_err(usage)?,
        None => IsoWeek::of(cli.clock().today()),
    };
    let core = open(cli)?;
    core.use_lang(Lang::from(args.lang));
    let done = core
        .export_weekly_report(week, &args.out, &mut |_, _| {})
        .map_err(usage)?;
    writeln!(
        out,
        "已导出周报 weekly report {} written: {}",
        week.code(),
        done.files.join(", ")
    )
    .map_err(io)?;
    Ok(0)
}
