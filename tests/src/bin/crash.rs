//! The crash test: a child process writes to a data file through the app's own core (single
//! edits, imports of several kinds, status changes, restores) and prints each write once it
//! is committed; the parent kills it with SIGKILL at a random moment, then checks the file:
//! it opens, `quick_check` and `foreign_key_check` pass, every write the child confirmed is
//! there, no import batch is partial, and the budget's totals equal its lines.
//!
//!     cargo run -p marketdesk-tests --bin crash -- 200        (`make crash-test`)
//!     cargo run -p marketdesk-tests --bin crash -- 20         (in `make test`)
//!
//! Exit 0 when every round passes; 1 with the round, its seed and what was wrong otherwise.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use marketdesk_lib::core::budget::ExpenseStep;
use marketdesk_lib::core::AppCore;
use marketdesk_lib::domain::budget::forms::ExpenseInput;
use marketdesk_lib::domain::budget::ExpenseAction;
use marketdesk_lib::domain::reference::BrandInput;
use marketdesk_lib::import::competitors::ImportOptions;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A small deterministic generator (the round's seed is printed, so a failure can be re-run).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("child") => child(Path::new(&args[2]), args[3].parse().expect("seed")),
        Some(n) => std::process::exit(parent(n.parse().expect("rounds: a number"))),
        None => std::process::exit(parent(20)),
    }
}

/// What the child says, one line per committed write.
fn say(line: String) {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{line}").unwrap();
    out.flush().unwrap();
}

fn child(db: &Path, seed: u64) {
    let core = AppCore::new(db.to_path_buf());
    assert!(core.status().unwrap().open, "the child opens the data file");
    let mut rng = Lcg(seed);
    // The parent's copy, outside the backups folder (which keeps only the day's newest five).
    let first_backup = db.with_file_name("first-backup.db");
    let prices = marketdesk_tests::fixture("prices_henan_gbk.csv");
    let roster = marketdesk_tests::fixture("roster_2026.xlsx");
    let mut i = 0_u64;
    loop {
        i += 1;
        match rng.below(10) {
            0..=3 => {
                let name = format!("品牌-{seed}-{i}");
                core.save_brand(BrandInput {
                    id: None,
                    name: name.clone(),
                    is_own: false,
                    notes: String::new(),
                })
                .unwrap();
                say(format!("brand {name}"));
            }
            4 => {
                // A sightings import; undone half the time so later ones import rows again.
                let r = core
                    .import_file(&prices, &ImportOptions::default(), &mut |_, _| {})
                    .unwrap();
                let id = r.batch_id.expect("a batch");
                say(format!("batch {id}"));
                if rng.below(2) == 0 {
                    core.undo_batch(id).unwrap();
                    say(format!("undone {id}"));
                }
            }
            5 => {
                let r = core.import_staff_file(&roster, None, false).unwrap();
                say(format!("batch {}", r.batch_id.expect("a batch")));
            }
            6..=7 => {
                let v = core
                    .save_expense(ExpenseInput {
                        id: None,
                        date: "2026-05-03".into(),
                        staff_id: None,
                        requester: "刘洋".into(),
                        region_id: None,
                        campaign_id: Some(1),
                        category_id: Some(2),
                        payee: format!("门店-{seed}-{i}"),
                        description: "崩溃测试".into(),
                        amount: "1200".into(),
                    })
                    .unwrap();
                let id = v.expense.id;
                say(format!("expense {id} draft"));
                core.expense_step(
                    id,
                    ExpenseStep {
                        action: ExpenseAction::Submit,
                        amount: String::new(),
                        approver: String::new(),
                        date: String::new(),
                        reason: String::new(),
                    },
                )
                .unwrap();
                say(format!("expense {id} submitted"));
            }
            _ => {
                say("restore begin".to_string());
                core.restore_backup(&first_backup).unwrap();
                say("restore done".to_string());
            }
        }
    }
}

/// What the child confirmed before it was killed.
#[derive(Default, Debug)]
struct Confirmed {
    brands: Vec<String>,
    batches: Vec<i64>,
    undone: Vec<i64>,
    expenses: Vec<(i64, &'static str)>,
    /// A restore begun and not confirmed: the file holds either everything confirmed, or
    /// the first backup's data (the restore committed before it could say so).
    restore_in_flight: bool,
}

impl Confirmed {
    fn read(line: &str, c: &mut Confirmed) {
        let mut w = line.split(' ');
        match (w.next(), w.next(), w.next()) {
            (Some("brand"), Some(name), _) => c.brands.push(name.to_string()),
            (Some("batch"), Some(id), _) => c.batches.push(id.parse().unwrap()),
            (Some("undone"), Some(id), _) => c.undone.push(id.parse().unwrap()),
            (Some("expense"), Some(id), Some(state)) => {
                let id = id.parse().unwrap();
                c.expenses.retain(|(e, _)| *e != id);
                c.expenses.push((
                    id,
                    if state == "draft" {
                        "draft"
                    } else {
                        "submitted"
                    },
                ));
            }
            (Some("restore"), Some("begin"), _) => c.restore_in_flight = true,
            (Some("restore"), Some("done"), _) => {
                // The data is the first backup's again: nothing confirmed since stands.
                *c = Confirmed::default();
            }
            _ => panic!("the child said {line:?}"),
        }
    }
}

fn parent(rounds: u64) -> i32 {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("data").join("marketdesk.db");
    let exe = std::env::current_exe().unwrap();
    std::fs::create_dir_all(db.parent().unwrap()).unwrap();
    let core = AppCore::new(db.clone());
    core.start_empty().unwrap();
    core.load_demo().unwrap();
    core.export_backup(&db.with_file_name("first-backup.db"))
        .unwrap();
    drop(core);
    let started = Instant::now();
    let mut rng = Lcg(0x5eed ^ u64::from(std::process::id()));
    let mut writes = 0;
    for round in 1..=rounds {
        let seed = rng.below(1 << 40);
        let wait = Duration::from_millis(50 + rng.below(700));
        let mut child = Command::new(&exe)
            .args(["child", &db.display().to_string(), &seed.to_string()])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let out = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            BufReader::new(out)
                .lines()
                .map_while(Result::ok)
                .collect::<Vec<String>>()
        });
        std::thread::sleep(wait);
        let exited_early = child.try_wait().unwrap();
        child.kill().ok(); // SIGKILL on Unix
        let status = child.wait().unwrap();
        let lines = reader.join().unwrap();
        if let Some(s) = exited_early {
            let mut err = String::new();
            std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).ok();
            eprintln!("round {round} (seed {seed}): the child stopped by itself ({s}): {err}");
            return 1;
        }
        debug_assert!(!status.success());
        let mut confirmed = Confirmed::default();
        for l in &lines {
            Confirmed::read(l, &mut confirmed);
        }
        writes += lines.len();
        if let Err(why) = check(&db, &confirmed) {
            eprintln!(
                "round {round} (seed {seed}, killed after {} ms, {} writes confirmed): {why}",
                wait.as_millis(),
                lines.len()
            );
            return 1;
        }
    }
    println!(
        "crash test: {rounds} rounds killed with SIGKILL, {writes} confirmed writes all found, the file sound after each ({:.1} s)",
        started.elapsed().as_secs_f64()
    );
    0
}

fn check(db: &Path, c: &Confirmed) -> Result<(), String> {
    let conn = rusqlite::Connection::open(db).map_err(|e| format!("open: {e}"))?;
    let one = |sql: &str| -> Result<i64, String> {
        conn.query_row(sql, [], |r| r.get(0))
            .map_err(|e| format!("{sql}: {e}"))
    };
    let ok: String = conn
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .map_err(|e| e.to_string())?;
    if ok != "ok" {
        return Err(format!("quick_check: {ok}"));
    }
    if one("SELECT count(*) FROM pragma_foreign_key_check")? != 0 {
        return Err("foreign_key_check found rows".into());
    }
    // Every confirmed write (unless a restore in flight may have taken them all back).
    let mut missing = Vec::new();
    for b in &c.brands {
        let n: i64 = conn
            .query_row("SELECT count(*) FROM brands WHERE name = ?1", [b], |r| {
                r.get(0)
            })
            .map_err(|e| e.to_string())?;
        if n != 1 {
            missing.push(format!("brand {b}"));
        }
    }
    for id in &c.batches {
        let n: i64 = conn
            .query_row(
                "SELECT count(*) FROM import_batches WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .map_err(|e| e.to_string())?;
        if n != 1 {
            missing.push(format!("batch {id}"));
        }
    }
    for id in &c.undone {
        let n: i64 = conn
            .query_row(
                "SELECT count(*) FROM import_batches WHERE id = ?1 AND undone_at IS NOT NULL",
                [id],
                |r| r.get(0),
            )
            .map_err(|e| e.to_string())?;
        if n != 1 {
            missing.push(format!("undo of batch {id}"));
        }
    }
    for (id, state) in &c.expenses {
        let s: Option<String> = conn
            .query_row("SELECT status FROM expenses WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .ok();
        // A confirmed draft may have been submitted by the step in flight when killed.
        let ok =
            s.as_deref() == Some(state) || (*state == "draft" && s.as_deref() == Some("submitted"));
        if !ok {
            missing.push(format!("expense {id} {state} (found {s:?})"));
        }
    }
    let confirmed = c.brands.len() + c.batches.len() + c.undone.len() + c.expenses.len();
    let all_taken_back = c.restore_in_flight && missing.len() == confirmed;
    if !missing.is_empty() && !all_taken_back {
        return Err(format!("confirmed writes missing: {missing:?}"));
    }
    // No partial import: a sightings batch holds exactly the rows it counted.
    let partial = one("SELECT count(*) FROM import_batches b
         WHERE b.kind = 'prices' AND b.undone_at IS NULL
           AND b.imported <> (SELECT count(*) FROM price_observations o WHERE o.batch_id = b.id)")?;
    if partial != 0 {
        return Err(format!("{partial} sightings batches are partial"));
    }
    drop(conn);
    // The budget's totals equal the sum of its lines.
    let core = AppCore::new(PathBuf::from(db));
    let report = core
        .budget_report(2026, marketdesk_lib::core::budget::ReportBy::Category)
        .map_err(|e| format!("budget report: {e:?}"))?;
    let lines = core
        .budget_plan_of_year(2026)
        .map_err(|e| format!("{e:?}"))?
        .map(|p| core.budget_lines(p.id))
        .transpose()
        .map_err(|e| format!("{e:?}"))?
        .unwrap_or_default();
    let by_lines: i64 = lines.iter().map(|l| l.figures.plan_fen).sum();
    if report.total.plan_fen != by_lines {
        return Err(format!(
            "budget total {} ≠ the lines' sum {by_lines}",
            report.total.plan_fen
        ));
    }
    Ok(())
}
