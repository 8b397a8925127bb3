//! The command line: the same binary, store and code as the window. `marketdesk` with no
//! subcommand opens the window; with one, it runs here and exits.
//!
//! Exit codes: 0 done; 1 failed (or `--strict` found rejected rows); 2 usage error or a file
//! that cannot be read as a price report.

mod budget;
mod campaigns;
mod competitors;
mod training;
mod weekly;

use crate::context::Clock;
use crate::core::{default_db_path, AppCore};
use crate::domain::competitors::MovesQuery;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::import::engine::SheetReport;
use crate::store::{OpenMode, Store};
use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
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

    /// Take this day as today (YYYY-MM-DD) instead of the computer's date: reproducible
    /// output for tests and scripts.
    #[arg(long, global = true, hide = true, value_name = "YYYY-MM-DD")]
    pub today: Option<NaiveDate>,

    /// Test hook for end-to-end tests, which cannot drive a native dialog: the file
    /// dialog answers with this file instead of opening.
    #[arg(long, hide = true, value_name = "FILE")]
    pub scripted_pick: Option<PathBuf>,

    /// Test hook: the save dialog answers with this path instead of opening.
    #[arg(long, hide = true, value_name = "FILE")]
    pub scripted_save: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the data file (or migrate it to this version) and print its schema version.
    Init,
    /// Import a file into the data file.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Holiday price moves: per product × region × channel, the lowest price in the window
    /// against the median of the days before it.
    Moves {
        /// First day of the window (YYYY-MM-DD).
        #[arg(long)]
        from: NaiveDate,
        /// Last day of the window (YYYY-MM-DD).
        #[arg(long)]
        to: NaiveDate,
        /// Days before --from that make the baseline.
        #[arg(long, default_value_t = 14)]
        baseline_days: u32,
        /// Show groups whose |change %| is at least this.
        #[arg(long, default_value_t = 5.0)]
        threshold: f64,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Load the sample data set (江森 vs 爱玛, 雅迪, 台铃 around 五一 2026). Creates the data file if needed.
    Demo,
    /// The import batches, newest first.
    Batches {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Undo an import batch: its sightings go, and so do the brands, products, regions and
    /// channels it created if nothing else uses them.
    Undo {
        /// The batch number (see `batches`).
        batch: i64,
    },
    /// The campaigns and sub-activities, by start date.
    Campaigns {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// One campaign with its offers, tasks and materials; `campaign new …` creates one.
    Campaign(CampaignArgs),
    /// The holiday calendar (bundled and imported, merged), by date.
    Holidays {
        /// Only this year.
        #[arg(long, value_name = "YYYY")]
        year: Option<i32>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// The campaign templates with their items (anchor, offsets, in words, dependencies).
    Templates {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// A campaign brief 活动方案简报, written as PDF, Word or Markdown by the extension of
    /// --out (.pdf, .docx, or .md with its charts as PNG beside it).
    Brief {
        /// The campaign's number or exact name.
        campaign: String,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        #[arg(long, value_enum, default_value_t = LangArg::Zh)]
        lang: LangArg,
    },
    /// The campaign calendar as iCalendar (.ics): campaigns, tasks, materials and training
    /// sessions.
    Ics {
        #[arg(long, value_name = "FILE.ics")]
        out: PathBuf,
        /// Only what overlaps or falls due from this day (YYYY-MM-DD).
        #[arg(long)]
        from: Option<NaiveDate>,
        /// … up to this day.
        #[arg(long)]
        to: Option<NaiveDate>,
        /// Language of the event texts.
        #[arg(long, value_enum, default_value_t = LangArg::Zh)]
        lang: LangArg,
    },
    /// Sightings of our own products that broke a campaign's terminal price limit.
    Compliance {
        /// The campaign's number or exact name.
        campaign: String,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// The sales force on the roster, by region.
    Staff {
        /// Only this region (山东, 山东省 or Shandong).
        #[arg(long, value_name = "R")]
        region: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// The training schedule.
    #[command(subcommand)]
    Training(TrainingCommand),
    /// Expense requests 费用申请, newest first.
    Expenses {
        /// Only this status (draft, submitted, approved, reimbursed, rejected, cancelled, or 草稿 …).
        #[arg(long, value_name = "S")]
        status: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// The budget 预算: the report by category, region, campaign or period; the workbook.
    #[command(subcommand)]
    Budget(budget::BudgetCommand),
    /// One expense request: its printed form, or a step of its approval flow.
    #[command(subcommand)]
    Expense(budget::ExpenseCommand),
    /// A copy of the data file through SQLite's backup API, checked after writing (evidence
    /// files included: they live inside the data file).
    Backup {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Replace the data file with a backup: the file is checked first (damaged, foreign or newer
    /// files are refused, nothing changed) and the current data is snapshotted into the backups
    /// folder beside the data file, so the restore can be undone.
    Restore { file: PathBuf },
    /// The week's report 周报 (ISO week, Monday to Sunday): competitor moves and activities,
    /// campaigns, violations, training readiness, budget at risk and the decisions needed,
    /// as PDF, Word or Markdown by the extension of --out.
    WeeklyReport(weekly::WeeklyArgs),
    /// A campaign's cost report 活动费用分析报告, as PDF, Word or Markdown by the extension of --out.
    CostReport {
        /// The campaign's number or exact name.
        campaign: String,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        #[arg(long, value_enum, default_value_t = LangArg::Zh)]
        lang: LangArg,
    },
}

#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct CampaignArgs {
    /// The campaign's number or exact name.
    #[arg(required = true)]
    pub campaign: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Json)]
    pub format: Format,
    #[command(subcommand)]
    pub action: Option<CampaignAction>,
}

#[derive(Debug, Subcommand)]
pub enum CampaignAction {
    /// Create a campaign (from a template: its work placed by the start, the end or the whole
    /// run) and print it as `campaign NAME` does.
    New {
        #[arg(long)]
        name: String,
        /// 节日促销 / 新品上市 / 路演 / 科室会 / 其他 (or holiday, launch, roadshow, meeting, other).
        #[arg(long = "type", value_name = "TYPE")]
        kind: String,
        #[arg(long)]
        start: NaiveDate,
        #[arg(long)]
        end: NaiveDate,
        /// Regions, separated by commas (山东,江苏).
        #[arg(long, default_value = "")]
        regions: String,
        /// A template's number or name.
        #[arg(long, value_name = "NAME_OR_ID")]
        template: Option<String>,
        /// The holiday the campaign belongs to that year (五一, 618, 国庆 …).
        #[arg(long)]
        holiday: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum TrainingCommand {
    /// Completion of the mandatory training per region: (person, program) pairs required and
    /// completed, and the share completed.
    Report {
        /// Only this program (its number or exact title).
        #[arg(long, value_name = "ID_OR_TITLE")]
        program: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// A session's sign-in sheet 签到表, by the extension of --out: .pdf, .docx, .md, or .xlsx
    /// in the sign-in import's columns (filled in, it comes back through `import attendance`).
    SignIn {
        /// The session's number.
        session: i64,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        #[arg(long, value_enum, default_value_t = LangArg::Zh)]
        lang: LangArg,
    },
    /// Attendance or the region × program completion matrix as .xlsx.
    Export {
        #[arg(value_enum)]
        table: TableArg,
        #[arg(long, value_name = "FILE.xlsx")]
        out: PathBuf,
        #[arg(long, value_enum, default_value_t = LangArg::Zh)]
        lang: LangArg,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableArg {
    Attendance,
    Completion,
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// A regional price report 价格反馈表 (xlsx, xlsm, xlsb, xls, ods, csv or tsv).
    Prices(ImportArgs),
    /// A holiday calendar (.ics as China's holiday feeds publish it, or JSON in the shape of
    /// assets/holidays): later years, or corrections to bundled ones; one batch, undoable.
    Holidays(ImportArgs),
    /// A campaign schedule 活动排期表 (same name and start date updates the campaign).
    Campaigns(ImportArgs),
    /// A price-limit table 限价表 for one campaign.
    Offers {
        /// The campaign's number or exact name.
        campaign: String,
        #[command(flatten)]
        args: ImportArgs,
    },
    /// A roster 花名册 (a person already on it is updated).
    Staff(ImportArgs),
    /// A training plan 培训计划: sessions, and programs not yet known.
    Sessions(ImportArgs),
    /// A sign-in sheet 签到表: attendance and scores.
    Attendance(ImportArgs),
    /// A budget plan 预算表 (年度/期间, 类别, 区域, 活动, 金额): lines of the year's plan.
    Budget(ImportArgs),
    /// An expense ledger 费用台账: requests as they happened, reimbursed ones included.
    Expenses(ImportArgs),
}

/// What every sheet import takes.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    pub file: PathBuf,
    /// In a workbook of several sheets, the one to read (default: the first whose header
    /// matches the kind).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// Check and count everything, write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Write nothing and exit 1 if any row is rejected.
    #[arg(long)]
    pub strict: bool,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    Zh,
    En,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
}

impl Cli {
    pub fn db_path(&self) -> PathBuf {
        self.db.clone().unwrap_or_else(default_db_path)
    }

    /// Today: `--today` when given, else the computer's date.
    pub fn clock(&self) -> Clock {
        self.today.map_or(Clock::System, Clock::Fixed)
    }
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Zh => Lang::ZhCn,
            LangArg::En => Lang::En,
        }
    }
}

/// A bad file name or an unknown record is a usage error (2); any other failure (a refusal,
/// storage) is 1.
pub(crate) fn usage(e: AppError) -> Fail {
    match e {
        AppError::Invalid { .. } | AppError::NotFound { .. } => Fail(2, e),
        e => Fail(1, e),
    }
}

/// A failure and its exit code.
pub(crate) struct Fail(pub(crate) i32, pub(crate) AppError);

impl From<AppError> for Fail {
    fn from(e: AppError) -> Self {
        // A file that is not a price report is a "cannot read" (2); anything else is 1.
        let code = if matches!(e.field(), Some("file" | "mapping" | "sheet")) {
            2
        } else {
            1
        };
        Fail(code, e)
    }
}

/// Run a subcommand; returns the process exit code.
pub fn run(cli: &Cli, command: &Command) -> i32 {
    let mut out = std::io::stdout().lock();
    let result = match command {
        Command::Init => init(cli, &mut out),
        Command::Import(ImportCommand::Prices(args)) => {
            competitors::import_prices(cli, args, &mut out)
        }
        Command::Import(ImportCommand::Holidays(args)) => open(cli).and_then(|core| {
            sheet_import(args, "holidays", &mut out, |file, _, dry| {
                core.import_holidays_file(file, dry)
            })
        }),
        Command::Moves {
            from,
            to,
            baseline_days,
            threshold,
            format,
        } => {
            let q = MovesQuery {
                from: from.to_string(),
                to: to.to_string(),
                baseline_days: Some(*baseline_days),
                threshold_pct: Some(*threshold),
            };
            competitors::moves(cli, q, *format, &mut out)
        }
        Command::Demo => demo(cli, &mut out),
        Command::Batches { format } => batches(cli, *format, &mut out),
        Command::Undo { batch } => undo(cli, *batch, &mut out),
        Command::Import(ImportCommand::Campaigns(args)) => {
            campaigns::import_sheet(cli, None, args, &mut out)
        }
        Command::Import(ImportCommand::Offers { campaign, args }) => {
            campaigns::import_sheet(cli, Some(campaign), args, &mut out)
        }
        Command::Campaigns { format } => campaigns::list(cli, *format, &mut out),
        Command::Campaign(CampaignArgs {
            action:
                Some(CampaignAction::New {
                    name,
                    kind,
                    start,
                    end,
                    regions,
                    template,
                    holiday,
                }),
            ..
        }) => {
            let new = campaigns::NewCampaign {
                name,
                kind,
                start: *start,
                end: *end,
                regions,
                template: template.as_deref(),
                holiday: holiday.as_deref(),
            };
            campaigns::create(cli, &new, &mut out)
        }
        Command::Campaign(CampaignArgs {
            campaign, format, ..
        }) => campaigns::show(
            cli,
            campaign.as_deref().unwrap_or_default(),
            *format,
            &mut out,
        ),
        Command::Templates { format } => campaigns::templates(cli, *format, &mut out),
        Command::Holidays { year, format } => holidays(cli, *year, *format, &mut out),
        Command::Brief {
            campaign,
            out: file,
            lang,
        } => campaigns::brief(cli, campaign, file, *lang, &mut out),
        Command::Ics {
            out: file,
            from,
            to,
            lang,
        } => campaigns::ics(cli, file, *from, *to, *lang, &mut out),
        Command::Compliance { campaign, format } => {
            campaigns::compliance(cli, campaign, *format, &mut out)
        }
        Command::Import(ImportCommand::Staff(args)) => {
            training::import(cli, training::Sheet::Staff, args, &mut out)
        }
        Command::Import(ImportCommand::Sessions(args)) => {
            training::import(cli, training::Sheet::Sessions, args, &mut out)
        }
        Command::Import(ImportCommand::Attendance(args)) => {
            training::import(cli, training::Sheet::Attendance, args, &mut out)
        }
        Command::Staff { region, format } => {
            training::staff(cli, region.as_deref(), *format, &mut out)
        }
        Command::Training(TrainingCommand::Report { program, format }) => {
            training::report(cli, program.as_deref(), *format, &mut out)
        }
        Command::Training(TrainingCommand::SignIn {
            session,
            out: file,
            lang,
        }) => training::sign_in(cli, *session, file, *lang, &mut out),
        Command::Training(TrainingCommand::Export {
            table,
            out: file,
            lang,
        }) => training::export(cli, *table, file, *lang, &mut out),
        Command::Import(ImportCommand::Budget(args)) => {
            budget::import(cli, budget::Sheet::Budget, args, &mut out)
        }
        Command::Import(ImportCommand::Expenses(args)) => {
            budget::import(cli, budget::Sheet::Expenses, args, &mut out)
        }
        Command::Expenses { status, format } => {
            budget::expenses(cli, status.as_deref(), *format, &mut out)
        }
        Command::Budget(cmd) => budget::budget(cli, cmd, &mut out),
        Command::Expense(cmd) => budget::expense(cli, cmd, &mut out),
        Command::CostReport {
            campaign,
            out: file,
            lang,
        } => budget::cost_report(cli, campaign, file, *lang, &mut out),
        Command::WeeklyReport(args) => weekly::weekly_report(cli, args, &mut out),
        Command::Backup { out: file } => backup(cli, file, &mut out),
        Command::Restore { file } => restore(cli, file, &mut out),
    };
    match result {
        Ok(code) => code,
        Err(Fail(code, e)) => {
            eprintln!("marketdesk: {}", e.message(Lang::ZhCn));
            eprintln!("marketdesk: {}", e.message(Lang::En));
            code
        }
    }
}

fn backup(cli: &Cli, file: &std::path::Path, out: &mut impl Write) -> Result<i32, Fail> {
    let core = open(cli)?;
    let name = core.export_backup(file).map_err(|e| Fail(1, e))?;
    writeln!(out, "已备份 backed up: {name}").map_err(io)?;
    Ok(0)
}

fn restore(cli: &Cli, file: &std::path::Path, out: &mut impl Write) -> Result<i32, Fail> {
    if !file.exists() {
        return Err(Fail(
            2,
            AppError::invalid(
                "file",
                format!("找不到文件 {}。", file.display()),
                format!("There is no file {}.", file.display()),
            ),
        ));
    }
    let core = open(cli)?;
    let before = core.restore_backup(file).map_err(|e| Fail(1, e))?;
    writeln!(
        out,
        "已恢复 restored from {}; 恢复前的数据 the data before: {}",
        file.display(),
        core.backup_dir().join(&before.file_name).display()
    )
    .map_err(io)?;
    Ok(0)
}

/// Every sheet import but the price report's: run it (`--strict` checks first and writes only
/// when nothing is rejected), then print the report as JSON (`created` under `created_key`) or
/// as text. Exit 1 when `--strict` found rejected rows.
pub(crate) fn sheet_import(
    args: &ImportArgs,
    created_key: &str,
    out: &mut impl Write,
    run: impl Fn(&std::path::Path, Option<&str>, bool) -> Result<SheetReport, AppError>,
) -> Result<i32, Fail> {
    let ImportArgs {
        file,
        sheet,
        dry_run,
        strict,
        format,
    } = args;
    let (sheet, dry_run, strict, format) = (sheet.as_deref(), *dry_run, *strict, *format);
    let mut report = run(file, sheet, dry_run || strict)?;
    let code = if strict && !report.rejected.is_empty() {
        1
    } else {
        if strict && !dry_run {
            report = run(file, sheet, false)?;
        }
        0
    };
    let refused = strict && code == 1;
    match format {
        Format::Json => {
            let json = serde_json::json!({
                "rows_read": report.rows_read,
                "imported": if refused { 0 } else { report.imported },
                "duplicates": report.duplicates,
                "rejected": report.rejected,
                "created": { created_key: report.created },
                "updated": report.updated,
            });
            writeln!(out, "{json}").map_err(io)?;
        }
        Format::Table | Format::Csv => {
            let verb = if report.dry_run {
                "将导入 would import"
            } else {
                "已导入 imported"
            };
            writeln!(
                out,
                "文件 file: {} (表头在第 {} 行 header on row {})",
                report.file_name, report.header_row, report.header_row
            )
            .map_err(io)?;
            writeln!(out, "读取 rows read: {}", report.rows_read).map_err(io)?;
            writeln!(out, "{verb}: {}", if refused { 0 } else { report.imported }).map_err(io)?;
            if report.duplicates > 0 {
                writeln!(out, "重复 duplicates: {}", report.duplicates).map_err(io)?;
            }
            writeln!(out, "拒绝 rejected: {}", report.rejected.len()).map_err(io)?;
            for x in &report.rejected {
                writeln!(
                    out,
                    "  第 {} 行 row {} · {} · {}",
                    x.row, x.row, x.column, x.reason
                )
                .map_err(io)?;
            }
            if !report.created.is_empty() {
                writeln!(out, "新建 created: {}", report.created.join("、")).map_err(io)?;
            }
            if !report.updated.is_empty() {
                writeln!(out, "更新 updated: {}", report.updated.join("、")).map_err(io)?;
            }
            if refused {
                writeln!(out, "--strict: 有被拒绝的行，未写入任何数据 rows were rejected; nothing was written").map_err(io)?;
            }
        }
    }
    Ok(code)
}

/// CSV with a header row, written whole (the CLI's `--format csv`).
pub(crate) fn write_csv(
    out: &mut impl Write,
    headers: &[&str],
    rows: impl IntoIterator<Item = Vec<String>>,
) -> Result<(), Fail> {
    let fail = |e: csv::Error| Fail(1, AppError::Internal(e.to_string()));
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(headers).map_err(fail)?;
    for r in rows {
        w.write_record(&r).map_err(fail)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| Fail(1, AppError::Internal(e.to_string())))?;
    out.write_all(&bytes).map_err(io)
}

pub(crate) fn io(e: std::io::Error) -> Fail {
    Fail(1, AppError::io("stdout", e))
}

pub(crate) fn open(cli: &Cli) -> Result<AppCore, Fail> {
    let core = AppCore::open_existing(cli.db_path()).map_err(|e| Fail(1, e))?;
    core.use_lang(Lang::ZhCn);
    core.set_clock(cli.clock());
    Ok(core)
}

fn init(cli: &Cli, out: &mut impl Write) -> Result<i32, Fail> {
    let path = cli.db_path();
    let store = Store::open(&path, OpenMode::CreateIfMissing).map_err(|e| Fail(1, e))?;
    let version = store.schema_version().map_err(|e| Fail(1, e))?;
    writeln!(out, "数据文件 data file: {}", path.display()).map_err(io)?;
    writeln!(out, "结构版本 schema version: {version}").map_err(io)?;
    Ok(0)
}

fn batches(cli: &Cli, format: Format, out: &mut impl Write) -> Result<i32, Fail> {
    let core = open(cli)?;
    let list = core.list_batches()?;
    match format {
        Format::Json => {
            let json = serde_json::to_string(&list)
                .map_err(|e| Fail(1, AppError::Internal(e.to_string())))?;
            writeln!(out, "{json}").map_err(io)?;
        }
        Format::Table | Format::Csv => {
            writeln!(
                out,
                "批次 batch\t导入时间 imported at\t读取 read\t导入 imported\t重复 duplicates\t拒绝 rejected\t状态 status\t文件 file"
            )
            .map_err(io)?;
            for b in &list {
                let status = match &b.undone_at {
                    Some(at) => format!("已撤销 undone {}", at.replace('T', " ")),
                    None => "有效 active".to_string(),
                };
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}\t{}\t{}\t{status}\t{}",
                    b.id,
                    b.imported_at.replace('T', " "),
                    b.rows_read,
                    b.imported,
                    b.duplicates,
                    b.rejected,
                    b.file_name
                )
                .map_err(io)?;
            }
        }
    }
    Ok(0)
}

fn undo(cli: &Cli, batch: i64, out: &mut impl Write) -> Result<i32, Fail> {
    let core = open(cli)?;
    let r = core.undo_batch(batch)?;
    writeln!(
        out,
        "已撤销批次 {batch} undone batch {batch}: 撤回 {} {} taken back",
        r.rows,
        r.kind.rows_label()
    )
    .map_err(io)?;
    for rec in &r.records {
        writeln!(out, "{}: {}", rec.kind.label(), rec.names.join("、")).map_err(io)?;
    }
    Ok(0)
}

fn holidays(
    cli: &Cli,
    year: Option<i32>,
    format: Format,
    out: &mut impl Write,
) -> Result<i32, Fail> {
    let core = open(cli)?;
    let cal = core.holiday_calendar()?;
    let list: Vec<_> = cal
        .holidays
        .iter()
        .filter(|h| year.is_none_or(|y| h.year == y))
        .collect();
    match format {
        Format::Json => {
            let rows: Vec<serde_json::Value> = list
                .iter()
                .map(|h| {
                    serde_json::json!({
                        "year": h.year, "name": h.name_zh, "start": h.start.to_string(),
                        "end": h.end.to_string(),
                        "makeup_workdays": h.makeup_workdays.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
                        "source": h.source,
                    })
                })
                .collect();
            writeln!(out, "{}", serde_json::Value::Array(rows)).map_err(io)?;
        }
        Format::Table | Format::Csv => {
            writeln!(
                out,
                "年 year\t名称 name\t开始 start\t结束 end\t调休上班 make-up\t来源 source"
            )
            .map_err(io)?;
            for h in list {
                let makeup: Vec<String> = h.makeup_workdays.iter().map(|d| d.to_string()).collect();
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}\t{}\t{}",
                    h.year,
                    h.name_zh,
                    h.start,
                    h.end,
                    makeup.join(","),
                    h.source
                )
                .map_err(io)?;
            }
        }
    }
    Ok(0)
}

fn demo(cli: &Cli, out: &mut impl Write) -> Result<i32, Fail> {
    let path = cli.db_path();
    drop(Store::open(&path, OpenMode::CreateIfMissing).map_err(|e| Fail(1, e))?);
    let core = open(cli)?;
    let s = core.load_demo().map_err(|e| Fail(1, e))?;
    writeln!(
        out,
        "示例数据已载入 sample loaded: {} 个品牌 brands, {} 个产品 products, {} 条价格观察 sightings, {} 条竞品活动 activities, {} 个活动 campaigns, {} 名员工 people, {} 场培训 sessions, {} 条预算 plan lines, {} 笔费用 expenses",
        s.brands, s.products, s.observations, s.activities, s.campaigns, s.staff, s.sessions,
        s.budget_lines, s.expenses
    )
    .map_err(io)?;
    Ok(0)
}
