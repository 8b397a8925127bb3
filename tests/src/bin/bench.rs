//! `make bench`: reproducible data, each figure printed next to its floor measured in the
//! same run, and written to target/bench/summary.json. Not part of `make test`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "bench/budget.rs"]
mod budget;
#[path = "bench/training.rs"]
mod training;

use marketdesk_lib::core::campaigns::TimelineQuery;
use marketdesk_lib::core::{AppCore, PriceChartQuery};
use marketdesk_lib::domain::competitors::MovesQuery;
use marketdesk_lib::import::competitors::ImportOptions;
use marketdesk_lib::store::competitors::price_history;
use marketdesk_lib::store::competitors::{
    ObservationFilter, ObservationPageQuery, ObservationSort,
};
use marketdesk_lib::store::{latest_version, OpenMode, Store};
use rusqlite::params;
use serde_json::{json, Map, Value};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const REGIONS: [&str; 8] = [
    "山东", "河南", "安徽", "江苏", "浙江", "河北", "湖北", "广东",
];
const CHANNELS: [&str; 4] = ["专卖店", "经销商", "商超", "电商"];
const BRANDS: [&str; 4] = ["江森", "爱玛", "雅迪", "台铃"];

/// A small deterministic generator (no dependency, same numbers every run).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

/// The floor of a PDF: typst compiling a source with its files and the bundled font, with
/// the least World that does it — no data gathering, no charts drawn.
fn typst_floor(source: &str, files: &[(String, Vec<u8>)]) -> Vec<u8> {
    use typst::foundations::{Bytes, Datetime};
    use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
    use typst::text::{Font, FontBook};
    use typst::utils::LazyHash;
    use typst::{Library, LibraryExt};
    struct W {
        lib: &'static LazyHash<Library>,
        book: &'static LazyHash<FontBook>,
        fonts: &'static [Font],
        main: Source,
        base: Source,
        files: Vec<(FileId, Bytes)>,
    }
    impl typst::World for W {
        fn library(&self) -> &LazyHash<Library> {
            self.lib
        }
        fn book(&self) -> &LazyHash<FontBook> {
            self.book
        }
        fn main(&self) -> FileId {
            self.main.id()
        }
        fn source(&self, id: FileId) -> typst::diag::FileResult<Source> {
            Ok(if id == self.base.id() {
                self.base.clone()
            } else {
                self.main.clone()
            })
        }
        fn file(&self, id: FileId) -> typst::diag::FileResult<Bytes> {
            Ok(self.files.iter().find(|f| f.0 == id).unwrap().1.clone())
        }
        fn font(&self, i: usize) -> Option<Font> {
            self.fonts.get(i).cloned()
        }
        fn today(&self, _: Option<typst::foundations::Duration>) -> Option<Datetime> {
            Datetime::from_ymd(2026, 12, 1)
        }
    }
    static FONTS: std::sync::OnceLock<(LazyHash<Library>, LazyHash<FontBook>, Vec<Font>)> =
        std::sync::OnceLock::new();
    let (lib, book, fonts) = FONTS.get_or_init(|| {
        let fonts: Vec<Font> = Font::iter(Bytes::new(marketdesk_lib::charts::FONT_BYTES)).collect();
        (
            LazyHash::new(Library::default()),
            LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
        )
    });
    let id = |p: &str| RootedPath::new(VirtualRoot::Project, VirtualPath::new(p).unwrap()).intern();
    let world = W {
        lib,
        book,
        fonts,
        main: Source::new(id("/main.typ"), source.to_string()),
        base: Source::new(
            id("/base.typ"),
            marketdesk_lib::document::pdf::BASE.to_string(),
        ),
        files: files
            .iter()
            .map(|(p, b)| (id(p), Bytes::new(b.clone())))
            .collect(),
    };
    let doc: typst_layout::PagedDocument = typst::compile(&world).output.unwrap();
    typst_pdf::pdf(&doc, &typst_pdf::PdfOptions::default()).unwrap()
}

/// The optimised `marketdesk` beside this bench binary: what `make run` starts.
fn release_app() -> PathBuf {
    std::env::current_exe()
        .unwrap()
        .parent()
        .unwrap()
        .join(if cfg!(windows) {
            "marketdesk.exe"
        } else {
            "marketdesk"
        })
}

fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        let out = f();
        best = best.min(t.elapsed());
        last = Some(out);
    }
    (best, last.expect("at least one run"))
}

fn ms(d: Duration) -> f64 {
    (d.as_secs_f64() * 1000.0 * 100.0).round() / 100.0
}

fn record(
    summary: &mut Map<String, Value>,
    name: &str,
    value: f64,
    unit: &str,
    floor: Option<f64>,
    target: &str,
) {
    let ratio = floor.map(|f| ((value / f) * 100.0).round() / 100.0);
    match (floor, ratio) {
        (Some(f), Some(r)) => println!("{name:<34} {value:>10.2} {unit:<6} floor {f:>10.2} {unit:<6} ratio {r:>5.2}  (target {target})"),
        _ => println!("{name:<34} {value:>10.2} {unit:<6} (target {target})"),
    }
    summary.insert(
        name.to_string(),
        json!({"value": value, "unit": unit, "floor": floor, "ratio": ratio, "target": target}),
    );
}

fn write_report_xlsx(path: &Path, rows: usize) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let date_fmt = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    for (c, h) in [
        "日期",
        "地区",
        "品牌",
        "型号",
        "渠道",
        "零售价",
        "促销价",
        "报告人",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let mut rng = Lcg(42);
    for i in 0..rows {
        let r = (i + 1) as u32;
        let day = rust_xlsxwriter::ExcelDateTime::from_ymd(2025, 1, 1)
            .unwrap()
            .to_excel()
            + rng.next(540) as f64;
        sheet
            .write_number_with_format(r, 0, day, &date_fmt)
            .unwrap();
        sheet
            .write_string(r, 1, REGIONS[rng.next(8) as usize])
            .unwrap();
        let b = rng.next(4) as usize;
        sheet.write_string(r, 2, BRANDS[b]).unwrap();
        sheet
            .write_string(r, 3, format!("M{}", rng.next(25)))
            .unwrap();
        sheet
            .write_string(r, 4, CHANNELS[rng.next(4) as usize])
            .unwrap();
        let price = 1999 + rng.next(2000) as i64;
        sheet.write_number(r, 5, price as f64).unwrap();
        if rng.next(3) == 0 {
            sheet.write_number(r, 6, (price - 100) as f64).unwrap();
        }
        sheet.write_string(r, 7, "王磊").unwrap();
    }
    book.save(path).unwrap();
}

/// The floor for the import: calamine reads the same file, then the same rows go in with one
/// prepared INSERT in one transaction (ids resolved up front, no checks).
fn import_floor(path: &Path, db: &Path) -> Duration {
    use calamine::{DataType, Reader};
    let _ = std::fs::remove_file(db);
    let core = AppCore::new(db.to_path_buf());
    core.start_empty().unwrap();
    drop(core);
    let mut conn = rusqlite::Connection::open(db).unwrap();
    conn.execute_batch("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;")
        .unwrap();
    {
        let tx = conn.transaction().unwrap();
        tx.execute(
            "INSERT INTO brands (name, is_own, created_at) VALUES ('x', 0, '')",
            [],
        )
        .unwrap();
        tx.execute(
            "INSERT INTO products (brand_id, model, created_at) VALUES (1, 'x', '')",
            [],
        )
        .unwrap();
        // Rows of a batch, as the import writes them (the daily chart series is not kept
        // for the floor: the import pays for it, the floor does not).
        tx.execute(
            "INSERT INTO import_batches (file_name, imported_at) VALUES ('floor', '')",
            [],
        )
        .unwrap();
        tx.commit().unwrap();
    }
    let t = Instant::now();
    let mut book = calamine::open_workbook_auto(path).unwrap();
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&name).unwrap();
    let tx = conn.transaction().unwrap();
    {
        let mut st = tx
            .prepare(
                "INSERT OR IGNORE INTO price_observations
                   (product_id, region_id, channel_id, observed_on, regular_fen, promo_fen, reporter, note, batch_id, created_at)
                 VALUES (1, 1, 1, ?1, ?2, ?3, ?4, '', 1, '')",
            )
            .unwrap();
        for (i, row) in range.rows().enumerate().skip(1) {
            let day = row[0].as_date().map(|d| d.to_string()).unwrap_or_default();
            let price = row[5].as_f64().unwrap_or(0.0) as i64 * 100;
            let promo = row[6].as_f64().map(|p| p as i64 * 100);
            st.execute(params![
                format!("{day}#{i}"),
                price,
                promo,
                row[7].to_string()
            ])
            .unwrap();
        }
    }
    tx.commit().unwrap();
    t.elapsed()
}

/// The minimal floor for an import: calamine reads the workbook and one transaction inserts
/// its rows into a table with only the same-sighting unique key (WAL, synchronous=FULL, as
/// ours). With `prefill`, the table already holds that many rows.
fn minimal_import_floor(path: &Path, db: &Path, prefill: usize) -> Duration {
    use calamine::{DataType, Reader};
    let _ = std::fs::remove_file(db);
    let _ = std::fs::remove_file(db.with_extension("db-wal"));
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.execute_batch(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;
         CREATE TABLE s (product TEXT, region TEXT, channel TEXT, day TEXT, regular INTEGER,
                         promo INTEGER, reporter TEXT,
                         UNIQUE (product, region, channel, day, regular, promo));",
    )
    .unwrap();
    if prefill > 0 {
        conn.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
             INSERT INTO s SELECT 'p' || (i % 40), 'r' || (i % 31), 'c' || (i % 4),
                    date('2024-01-01', '+' || (i % 1000) || ' days'), 200000 + i, NULL, '王磊' FROM n",
            [prefill as i64],
        )
        .unwrap();
    }
    drop(conn);
    let t = Instant::now();
    let mut conn = rusqlite::Connection::open(db).unwrap();
    conn.execute_batch("PRAGMA synchronous=FULL;").unwrap();
    let mut book = calamine::open_workbook_auto(path).unwrap();
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&name).unwrap();
    let tx = conn.transaction().unwrap();
    {
        let mut st = tx
            .prepare("INSERT OR IGNORE INTO s VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
            .unwrap();
        for row in range.rows().skip(1) {
            let day = row[0].as_date().map(|d| d.to_string()).unwrap_or_default();
            st.execute(params![
                row[3].to_string(),
                row[1].to_string(),
                row[4].to_string(),
                day,
                row[5].as_f64().unwrap_or(0.0) as i64 * 100,
                row[6].as_f64().map(|p| p as i64 * 100),
                row[7].to_string()
            ])
            .unwrap();
        }
    }
    tx.commit().unwrap();
    t.elapsed()
}

fn fill_observations(db: &Path, n: usize) {
    let _ = std::fs::remove_file(db);
    let core = AppCore::new(db.to_path_buf());
    core.start_empty().unwrap();
    drop(core);
    let mut conn = rusqlite::Connection::open(db).unwrap();
    let tx = conn.transaction().unwrap();
    for (i, b) in BRANDS.iter().enumerate() {
        tx.execute(
            "INSERT INTO brands (name, is_own, created_at) VALUES (?1, ?2, '')",
            params![b, i == 0],
        )
        .unwrap();
        for m in 0..10 {
            tx.execute(
                "INSERT INTO products (brand_id, model, segment, created_at) VALUES (?1, ?2, 'S', '')",
                params![i as i64 + 1, format!("{b}-{m}")],
            )
            .unwrap();
        }
    }
    let regions: Vec<i64> = {
        let mut st = tx.prepare("SELECT id FROM regions ORDER BY id").unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    {
        let mut st = tx
            .prepare(
                "INSERT OR IGNORE INTO price_observations
                   (product_id, region_id, channel_id, observed_on, regular_fen, promo_fen, reporter, note, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, '王磊', '', '')",
            )
            .unwrap();
        let start = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        let mut rng = Lcg(7);
        let mut inserted = 0;
        while inserted < n {
            let day = start + chrono::Days::new(rng.next(1000));
            let regular = 200_000 + rng.next(200) as i64 * 1_000;
            let promo = (rng.next(3) == 0).then_some(regular - 10_000);
            inserted += st
                .execute(params![
                    1 + rng.next(40) as i64,
                    regions[rng.next(regions.len() as u64) as usize],
                    1 + rng.next(4) as i64,
                    day.to_string(),
                    regular,
                    promo
                ])
                .unwrap();
        }
    }
    tx.commit().unwrap();
}

/// One competitor product with `n` sightings over two years in 8 regions and 4 channels, and an
/// own product of the same segment with a tenth as many (the chart overlays it).
fn fill_chart_product(db: &Path, n: usize) {
    let _ = std::fs::remove_file(db);
    let core = AppCore::new(db.to_path_buf());
    core.start_empty().unwrap();
    drop(core);
    let mut conn = rusqlite::Connection::open(db).unwrap();
    let tx = conn.transaction().unwrap();
    tx.execute_batch(
        "INSERT INTO brands (name, is_own, created_at) VALUES ('雅迪', 0, ''), ('江森', 1, '');
         INSERT INTO products (brand_id, model, segment, created_at) VALUES (1, 'Q7', 'S', ''), (2, 'J7', 'S', '');",
    )
    .unwrap();
    {
        let mut st = tx
            .prepare(
                "INSERT OR IGNORE INTO price_observations
                   (product_id, region_id, channel_id, observed_on, regular_fen, promo_fen, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, '')",
            )
            .unwrap();
        let start = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
        let mut rng = Lcg(5);
        for (product, count) in [(1, n), (2, n / 10)] {
            let mut inserted = 0;
            while inserted < count {
                let day = start + chrono::Days::new(rng.next(730));
                let regular = 300_000 + rng.next(500) as i64 * 100;
                let promo = (rng.next(3) == 0).then_some(regular - 10_000);
                inserted += st
                    .execute(params![
                        product,
                        1 + rng.next(8) as i64,
                        1 + rng.next(4) as i64,
                        day.to_string(),
                        regular,
                        promo
                    ])
                    .unwrap();
            }
        }
    }
    tx.commit().unwrap();
}

/// 200 campaigns in 2025 (3–10 days, 1–4 of the 8 bench regions), 25 tasks each with a
/// dependency chain; campaign 1 runs 60 days in 8 regions with offers on the 10 own products.
fn fill_campaigns(db: &Path) {
    let mut conn = rusqlite::Connection::open(db).unwrap();
    let tx = conn.transaction().unwrap();
    let region_ids: Vec<i64> = REGIONS
        .iter()
        .map(|r| {
            tx.query_row("SELECT id FROM regions WHERE short_name = ?1", [r], |x| {
                x.get(0)
            })
            .unwrap()
        })
        .collect();
    let mut rng = Lcg(2025);
    let start = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    for c in 0..200i64 {
        let (from, days, regions) = if c == 0 {
            (chrono::NaiveDate::from_ymd_opt(2025, 4, 1).unwrap(), 59, 8)
        } else {
            (
                start + chrono::Days::new(rng.next(360)),
                rng.next(8) + 2,
                1 + rng.next(4) as usize,
            )
        };
        let to = from + chrono::Days::new(days);
        tx.execute(
            "INSERT INTO campaigns (name, kind, start_on, end_on, status, created_at)
             VALUES (?1, 'holiday', ?2, ?3, 'planned', '')",
            params![format!("活动{c:03}"), from.to_string(), to.to_string()],
        )
        .unwrap();
        let id = tx.last_insert_rowid();
        let first = rng.next(8) as usize;
        for k in 0..regions {
            tx.execute(
                "INSERT OR IGNORE INTO campaign_regions (campaign_id, region_id) VALUES (?1, ?2)",
                params![id, region_ids[(first + k) % 8]],
            )
            .unwrap();
        }
        let mut previous: Option<i64> = None;
        for t in 0..25i64 {
            let due = from - chrono::Days::new(60) + chrono::Days::new((t * 67 / 25) as u64);
            let begin = due - chrono::Days::new(rng.next(10));
            tx.execute(
                "INSERT INTO campaign_tasks (campaign_id, title, group_id, owner, start_on, due_on, status, created_at)
                 VALUES (?1, ?2, 1 + ?3 % 6, '张伟', ?4, ?5, 'todo', '')",
                params![id, format!("任务{t}"), t, begin.to_string(), due.to_string()],
            )
            .unwrap();
            let task = tx.last_insert_rowid();
            if let Some(p) = previous {
                tx.execute(
                    "INSERT INTO task_dependencies (task_id, depends_on) VALUES (?1, ?2)",
                    params![task, p],
                )
                .unwrap();
            }
            previous = Some(task);
        }
        if c == 0 {
            for product in 1..=10i64 {
                for r in &region_ids {
                    tx.execute(
                        "INSERT INTO campaign_offers (campaign_id, product_id, region_id, regular_fen, special_fen, limit_fen, tolerance_fen)
                         VALUES (?1, ?2, ?3, 320000, 300000, 300000, 5000)",
                        params![id, product, r],
                    )
                    .unwrap();
                }
            }
        }
    }
    tx.commit().unwrap();
}

/// The same holiday moves as one SQL statement for the sqlite3 shell.
fn moves_sql(windows: &[(&str, &str, &str, &str)]) -> String {
    let mut parts = Vec::new();
    for (i, (bf, bt, f, t)) in windows.iter().enumerate() {
        parts.push(format!(
            "SELECT {i} AS w, m.p, m.r, m.c, m.med, x.lo,
                    round((x.lo - m.med) * 10000.0 / m.med) / 100.0 AS pct, m.n, x.n
             FROM (SELECT p, r, c, (sum(v) + count(*) / 2) / count(*) AS med, max(n) AS n FROM (
                     SELECT product_id p, region_id r, channel_id c, effective_fen v,
                            row_number() OVER (PARTITION BY product_id, region_id, channel_id ORDER BY effective_fen) rn,
                            count(*) OVER (PARTITION BY product_id, region_id, channel_id) n
                     FROM price_observations WHERE observed_on BETWEEN '{bf}' AND '{bt}')
                   WHERE rn IN ((n + 1) / 2, (n + 2) / 2) GROUP BY p, r, c) m
             JOIN (SELECT product_id p, region_id r, channel_id c, min(effective_fen) lo, count(*) n
                   FROM price_observations WHERE observed_on BETWEEN '{f}' AND '{t}' GROUP BY 1, 2, 3) x
               ON x.p = m.p AND x.r = m.r AND x.c = m.c"
        ));
    }
    format!(
        "SELECT count(*), sum(pct) FROM ({});\n",
        parts.join(" UNION ALL ")
    )
}

fn main() {
    let out_dir =
        PathBuf::from(std::env::var("BENCH_DIR").unwrap_or_else(|_| "target/bench".into()));
    std::fs::create_dir_all(&out_dir).unwrap();
    let mut summary = Map::new();
    // `BENCH_ONLY=chart make bench` runs one part (import, moves, page, chart, campaigns,
    // process, startup, training, budget; moves and page share their 1 M-row file and run together).
    let only = std::env::var("BENCH_ONLY").unwrap_or_default();
    let wanted = |part: &str| only.is_empty() || only == part;

    if wanted("import") {
        // 1. Import of a 100 k-row xlsx report.
        let xlsx = out_dir.join("report-100k.xlsx");
        if !xlsx.exists() {
            write_report_xlsx(&xlsx, 100_000);
        }
        let db = out_dir.join("import.db");
        // Best of 3; each run starts from an empty file and times the import alone.
        let mut ours = Duration::MAX;
        let mut rows = 0;
        for _ in 0..3 {
            let _ = std::fs::remove_file(&db);
            let core = AppCore::new(db.clone());
            core.start_empty().unwrap();
            let t = Instant::now();
            let r = core
                .import_file(&xlsx, &ImportOptions::default(), &mut |_, _| {})
                .unwrap();
            ours = ours.min(t.elapsed());
            rows = r.imported + r.duplicates;
        }
        let floor = (0..3)
            .map(|_| import_floor(&xlsx, &out_dir.join("floor.db")))
            .min()
            .unwrap();
        println!("(import read {rows} rows)");
        record(
            &mut summary,
            "import_100k_xlsx",
            ms(ours),
            "ms",
            Some(ms(floor)),
            "<= 1.3x floor",
        );
        // Undoing that import (its sightings, the daily chart series, what it created).
        let core = AppCore::new(db.clone());
        let batch = core.list_batches().unwrap()[0].id;
        let t = Instant::now();
        let undone = core.undo_batch(batch).unwrap();
        let undo = t.elapsed();
        println!(
            "(undo removed {} sightings, {} products, {} brands)",
            undone.rows,
            undone
                .names(marketdesk_lib::store::batches::RecordKind::Product)
                .len(),
            undone
                .names(marketdesk_lib::store::batches::RecordKind::Brand)
                .len()
        );
        record(
            &mut summary,
            "undo_100k_import",
            ms(undo),
            "ms",
            None,
            "none (shown so a slow undo is seen)",
        );
    }
    if wanted("moves") || wanted("page") {
        // 2. Holiday moves over 1 M sightings, 4 windows, against one SQL query in the sqlite3 shell.
        let big = out_dir.join(format!("observations-1m-v{}.db", latest_version()));
        if !big.exists() {
            fill_observations(&big, 1_000_000);
        }
        let windows = [
            ("2024-04-17", "2024-04-30", "2024-05-01", "2024-05-05"),
            ("2024-09-17", "2024-09-30", "2024-10-01", "2024-10-07"),
            ("2025-04-17", "2025-04-30", "2025-05-01", "2025-05-05"),
            ("2025-09-17", "2025-09-30", "2025-10-01", "2025-10-08"),
        ];
        let core = AppCore::new(big.clone());
        let (ours, groups) = best_of(3, || {
            windows
                .iter()
                .map(|(_, _, f, t)| {
                    core.price_moves(MovesQuery {
                        from: f.to_string(),
                        to: t.to_string(),
                        baseline_days: Some(14),
                        threshold_pct: Some(0.0),
                    })
                    .unwrap()
                    .summary
                    .groups
                })
                .sum::<i64>()
        });
        let sql = moves_sql(&windows);
        let (floor, shell_out) = best_of(3, || {
            let out = std::process::Command::new("sqlite3")
                .arg(&big)
                .arg(&sql)
                .output()
                .expect("sqlite3 shell (apt install sqlite3)");
            String::from_utf8_lossy(&out.stdout).into_owned()
        });
        let shell_groups: i64 = shell_out
            .split('|')
            .next()
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(-1);
        println!("(moves: {groups} groups in Rust, {shell_groups} in the sqlite3 query)");
        assert_eq!(
            groups, shell_groups,
            "both computations must agree on the groups"
        );
        record(
            &mut summary,
            "moves_1m_4_windows",
            ms(ours),
            "ms",
            Some(ms(floor)),
            "<= 1.0x sqlite3 shell",
        );
        // 3. One observations-table page (50 rows, sorted, filtered) on 1 M rows.
        let shandong = core
            .list_regions()
            .unwrap()
            .into_iter()
            .find(|r| r.short_name == "山东")
            .unwrap()
            .id;
        let (page_t, total) = best_of(5, || {
            core.observation_page(ObservationPageQuery {
                filter: ObservationFilter {
                    region_id: Some(shandong),
                    from: Some("2024-06-01".into()),
                    to: Some("2025-06-01".into()),
                    ..Default::default()
                },
                sort: ObservationSort::DateDesc,
                page: 3,
                page_size: 50,
            })
            .unwrap()
            .total
        });
        println!("(page filter matched {total} rows)");
        record(
            &mut summary,
            "observations_page_1m",
            ms(page_t),
            "ms",
            None,
            "<= 30 ms",
        );
        let (channel_t, _) = best_of(5, || {
            core.observation_page(ObservationPageQuery {
                filter: ObservationFilter {
                    channel_id: Some(2),
                    ..Default::default()
                },
                sort: ObservationSort::DateDesc,
                page: 1,
                page_size: 50,
            })
            .unwrap()
            .total
        });
        record(
            &mut summary,
            "observations_page_1m_channel",
            ms(channel_t),
            "ms",
            None,
            "<= 30 ms",
        );
        let (brand_t, _) = best_of(5, || {
            core.observation_page(ObservationPageQuery {
                filter: ObservationFilter {
                    brand_id: Some(2),
                    ..Default::default()
                },
                sort: ObservationSort::PriceAsc,
                page: 2,
                page_size: 50,
            })
            .unwrap()
            .total
        });
        record(
            &mut summary,
            "observations_page_1m_brand_by_price",
            ms(brand_t),
            "ms",
            None,
            "<= 30 ms",
        );
        let (text_t, _) = best_of(5, || {
            core.observation_page(ObservationPageQuery {
                filter: ObservationFilter {
                    text: Some("爱玛".into()),
                    ..Default::default()
                },
                sort: ObservationSort::DateDesc,
                page: 0,
                page_size: 50,
            })
            .unwrap()
            .total
        });
        record(
            &mut summary,
            "observations_page_1m_text_search",
            ms(text_t),
            "ms",
            None,
            "<= 30 ms",
        );
    }
    if wanted("process") {
        // 6. The program users run, as a whole process: `marketdesk import prices` of the 100 k
        // workbook (into an empty file and into one with 1 M sightings) and `marketdesk moves`
        // over 1 M sightings, next to minimal floors measured in the same run.
        let app = release_app();
        assert!(
            app.exists(),
            "{} is missing: `make bench` builds it (cargo build --release -p marketdesk)",
            app.display()
        );
        let xlsx = out_dir.join("report-100k.xlsx");
        if !xlsx.exists() {
            write_report_xlsx(&xlsx, 100_000);
        }
        let big = out_dir.join(format!("observations-1m-v{}.db", latest_version()));
        if !big.exists() {
            fill_observations(&big, 1_000_000);
        }
        let run = |args: &[&str]| {
            let t = Instant::now();
            let out = std::process::Command::new(&app)
                .args(args)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            t.elapsed()
        };
        let empty_db = out_dir.join("process-empty.db");
        let (t_empty, _) = best_of(3, || {
            let _ = std::fs::remove_file(&empty_db);
            let db = empty_db.to_str().unwrap();
            run(&["--db", db, "init"]);
            run(&[
                "--db",
                db,
                "import",
                "prices",
                xlsx.to_str().unwrap(),
                "--format",
                "json",
            ])
        });
        let floor_db = out_dir.join("floor-minimal.db");
        let (f_empty, _) = best_of(3, || minimal_import_floor(&xlsx, &floor_db, 0));
        record(
            &mut summary,
            "process_import_100k_empty",
            ms(t_empty),
            "ms",
            Some(ms(f_empty)),
            "<= 2x minimal floor (later 1.3x)",
        );
        let full_db = out_dir.join("process-1m.db");
        let (t_full, _) = best_of(2, || {
            fresh_copy(&big, &full_db);
            run(&[
                "--db",
                full_db.to_str().unwrap(),
                "import",
                "prices",
                xlsx.to_str().unwrap(),
                "--format",
                "json",
            ])
        });
        let (f_full, _) = best_of(2, || minimal_import_floor(&xlsx, &floor_db, 1_000_000));
        record(
            &mut summary,
            "process_import_100k_into_1m",
            ms(t_full),
            "ms",
            Some(ms(f_full)),
            "<= 2x minimal floor (later 1.3x)",
        );
        // Each real import snapshots its data file first (228 MB for 1 M sightings, ~1 s of
        // the import into 1 M); the bench's snapshots are not kept.
        let _ = std::fs::remove_dir_all(out_dir.join("backups"));
        let windows = [("2025-04-17", "2025-04-30", "2025-05-01", "2025-05-05")];
        let (t_moves, _) = best_of(3, || {
            run(&[
                "--db",
                big.to_str().unwrap(),
                "moves",
                "--from",
                "2025-05-01",
                "--to",
                "2025-05-05",
                "--threshold",
                "0",
                "--format",
                "json",
            ])
        });
        let sql = moves_sql(&windows);
        let (f_moves, _) = best_of(3, || {
            std::process::Command::new("sqlite3")
                .arg(&big)
                .arg(&sql)
                .output()
                .unwrap()
        });
        record(
            &mut summary,
            "process_moves_1m",
            ms(t_moves),
            "ms",
            Some(ms(f_moves)),
            "<= 1.0x sqlite3 shell",
        );
    }
    if wanted("campaigns") {
        // 5. A year with 200 campaigns and 5,000 tasks on top of 1 M sightings: the month
        // calendar, the timeline and one campaign's compliance.
        let big = out_dir.join(format!("observations-1m-v{}.db", latest_version()));
        if !big.exists() {
            fill_observations(&big, 1_000_000);
        }
        let db = out_dir.join(format!("campaigns-1m-v{}.db", latest_version()));
        fresh_copy(&big, &db);
        fill_campaigns(&db);
        let core = AppCore::new(db.clone());
        let (t_month, items) = best_of(7, || {
            core.campaign_month(2025, 5)
                .unwrap()
                .weeks
                .iter()
                .flatten()
                .map(|d| d.items.len())
                .sum::<usize>()
        });
        println!("(month calendar May 2025: {items} items on its days)");
        record(
            &mut summary,
            "campaign_month_200_5000",
            ms(t_month),
            "ms",
            None,
            "<= 30 ms",
        );
        let q = TimelineQuery {
            from: chrono::NaiveDate::from_ymd_opt(2025, 4, 1).unwrap(),
            months: 3,
        };
        let (t_tl, bars) = best_of(5, || {
            let t = core.campaign_timeline(q.clone()).unwrap();
            (t.plan.len(), t.competition.len())
        });
        println!(
            "(timeline Apr–Jun 2025: {} plan bars, {} competitor activities)",
            bars.0, bars.1
        );
        record(
            &mut summary,
            "campaign_timeline_3_months",
            ms(t_tl),
            "ms",
            None,
            "<= 30 ms",
        );
        let (t_moves, bands) =
            best_of(5, || core.campaign_timeline_moves(q.clone()).unwrap().len());
        println!(
            "(timeline price-move bands: {bands}, from every competitor sighting of the span)"
        );
        record(
            &mut summary,
            "campaign_timeline_moves_3_months",
            ms(t_moves),
            "ms",
            None,
            "<= 30 ms (with the plan)",
        );
        // The whole timeline as the screen asks for it: plan and bands at once (the bands on
        // the core's reader connection), and for comparison one after the other.
        let (t_all, _) = best_of(5, || {
            std::thread::scope(|scope| {
                let bands = scope.spawn(|| core.campaign_timeline_moves(q.clone()).unwrap().len());
                let t = core.campaign_timeline(q.clone()).unwrap();
                t.plan.len() + bands.join().unwrap()
            })
        });
        record(
            &mut summary,
            "campaign_timeline_with_bands_3_months",
            ms(t_all),
            "ms",
            None,
            "<= 30 ms",
        );
        let (t_seq, _) = best_of(5, || {
            let t = core.campaign_timeline(q.clone()).unwrap();
            t.plan.len() + core.campaign_timeline_moves(q.clone()).unwrap().len()
        });
        record(
            &mut summary,
            "campaign_timeline_plan_then_bands_3_months",
            ms(t_seq),
            "ms",
            None,
            "(for comparison: one after the other)",
        );
        let (t_comp, found) = best_of(7, || {
            let c = core.compliance(1).unwrap();
            (c.checked, c.violations.len())
        });
        let sql = "SELECT o.observed_on, r.short_name, ch.name, b.name, p.model, o.reporter, o.note,
                          o.effective_fen, f.limit_fen, o.effective_fen - f.limit_fen
                   FROM campaign_offers f JOIN campaigns c ON c.id = f.campaign_id
                   JOIN campaign_regions cr ON cr.campaign_id = f.campaign_id AND cr.region_id = f.region_id
                   JOIN price_observations o INDEXED BY price_observations_same
                        ON o.product_id = f.product_id AND o.region_id = f.region_id
                        AND o.channel_id IN (SELECT id FROM channels)
                        AND o.observed_on BETWEEN c.start_on AND c.end_on
                   JOIN products p ON p.id = f.product_id JOIN brands b ON b.id = p.brand_id
                   JOIN regions r ON r.id = f.region_id JOIN channels ch ON ch.id = o.channel_id
                   WHERE f.campaign_id = 1 AND abs(o.effective_fen - f.limit_fen) > f.tolerance_fen
                   ORDER BY o.observed_on, r.short_name, p.model;";
        let (floor, shell_rows) = best_of(7, || {
            let out = std::process::Command::new("sqlite3")
                .arg(&db)
                .arg(sql)
                .output()
                .expect("sqlite3 shell (apt install sqlite3)");
            String::from_utf8_lossy(&out.stdout).lines().count()
        });
        println!("(compliance: {} sightings checked, {} violations; the sqlite3 query lists {shell_rows})", found.0, found.1);
        assert_eq!(
            found.1, shell_rows,
            "both computations must find the same violations"
        );
        record(
            &mut summary,
            "compliance_one_campaign",
            ms(t_comp),
            "ms",
            Some(ms(floor)),
            "<= 1.0x sqlite3 shell",
        );

        // The brief of campaign 1 with 200 tasks and its offers (10 products × 8 regions), 1 M
        // sightings in the file: the PDF as the app makes it (data, charts, typesetting) next
        // to typst compiling the same generated source with the same font (floor). Each run
        // starts with typst's memo cache emptied, so that neither side reuses a layout.
        {
            let conn = rusqlite::Connection::open(&db).unwrap();
            for t in 25..200 {
                conn.execute(
                    "INSERT INTO campaign_tasks (campaign_id, title, group_id, owner, start_on, due_on, status, created_at)
                     VALUES (1, ?1, 1 + ?2 % 6, '李娜', '2025-02-10', '2025-03-25', 'todo', '')",
                    params![format!("门店检查{t}"), t],
                )
                .unwrap();
            }
        }
        let pdf_out = out_dir.join("brief-bench.pdf");
        // The first export after start, as a whole process (start, open, fonts, typesetting).
        let app = release_app();
        if app.exists() {
            let (t_first, _) = best_of(3, || {
                let out = std::process::Command::new(&app)
                    .args(["--db", db.to_str().unwrap(), "brief", "1", "--out"])
                    .arg(&pdf_out)
                    .output()
                    .unwrap();
                assert!(
                    out.status.success(),
                    "{}",
                    String::from_utf8_lossy(&out.stderr)
                );
            });
            record(
                &mut summary,
                "brief_pdf_first_export_process",
                ms(t_first),
                "ms",
                None,
                "<= 2000 ms",
            );
        }
        let (t_pdf, bytes) = best_of(5, || {
            typst::comemo::evict(0);
            core.export_brief(1, &pdf_out, &mut |_, _| {}).unwrap();
            std::fs::metadata(&pdf_out).unwrap().len()
        });
        let brief = core.campaign_brief(1).unwrap();
        let files =
            marketdesk_lib::document::pdf::pdf_files(&brief, marketdesk_lib::i18n::Lang::ZhCn)
                .unwrap();
        let (f_pdf, floor_bytes) = best_of(5, || {
            typst::comemo::evict(0);
            typst_floor(marketdesk_lib::document::pdf::TEMPLATE, &files).len()
        });
        println!(
            "(brief: {} tasks, PDF {bytes} bytes; typst alone {floor_bytes} bytes)",
            200
        );
        record(
            &mut summary,
            "brief_pdf_200_tasks",
            ms(t_pdf),
            "ms",
            Some(ms(f_pdf)),
            "<= 1.5x typst alone",
        );
    }
    if wanted("chart") {
        // 4. The price chart of a product with 1 M sightings vs one with 10 k, the way the app
        //    draws it: the daily series read from the store, holiday shading, SVG.
        let chart_db = |n: usize| {
            let path = out_dir.join(format!("chart-{n}-v{}.db", latest_version()));
            if !path.exists() {
                fill_chart_product(&path, n);
            }
            AppCore::new(path)
        };
        let query = PriceChartQuery {
            product_id: 1,
            from: None,
            to: None,
            width: Some(960),
        };
        let (small, big) = (chart_db(10_000), chart_db(1_000_000));
        let (t10k, svg10k) = best_of(7, || small.price_chart(query.clone()).unwrap());
        let (t1m, svg1m) = best_of(7, || big.price_chart(query.clone()).unwrap());
        println!(
        "(chart points read from the daily series: 10 k sightings → {}, 1 M sightings → {}; drawn {} and {})",
        svg10k.points, svg1m.points, svg10k.drawn_points, svg1m.drawn_points
    );
        let read = |n: usize| {
            let path = out_dir.join(format!("chart-{n}-v{}.db", latest_version()));
            let store = Store::open(&path, OpenMode::MustExist).unwrap();
            best_of(7, || price_history(&store, 1, None, None).unwrap().1.len()).0
        };
        println!(
            "(of which reading the daily series: 10 k {:.2} ms, 1 M {:.2} ms)",
            ms(read(10_000)),
            ms(read(1_000_000))
        );
        record(
            &mut summary,
            "price_chart_1m_vs_10k",
            ms(t1m),
            "ms",
            Some(ms(t10k)),
            "<= 1.5x (10 k sightings)",
        );
    }
    if wanted("startup") {
        // 7. Start-up to the first painted screen (with its figures) and memory (PSS of the app
        // and its WebKit processes) 5 s after start, with an empty data file and with 1 M
        // sightings, next to a bare Tauri 2 window built with the same profile. Needs a display
        // (`make bench` runs under Xvfb). Median of three starts each.
        let app = release_app();
        let bare = app.with_file_name(if cfg!(windows) {
            "bare-window.exe"
        } else {
            "bare-window"
        });
        assert!(
            app.exists() && bare.exists(),
            "`make bench` builds both (cargo build --release -p marketdesk -p bare-window)"
        );
        assert!(
            std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some(),
            "start-up is measured in a window: run `make bench` (Xvfb)"
        );
        let empty = out_dir.join("startup-empty.db");
        remove_data_file(&empty);
        let created = std::process::Command::new(&app)
            .args(["--db", empty.to_str().unwrap(), "init"])
            .output()
            .unwrap();
        assert!(created.status.success(), "marketdesk init");
        let big = out_dir.join(format!("observations-1m-v{}.db", latest_version()));
        if !big.exists() {
            fill_observations(&big, 1_000_000);
        }
        let full = out_dir.join("startup-1m.db");
        fresh_copy(&big, &full);
        let config = out_dir.join("startup-home");
        let (bare_ms, bare_mb) = median_window(&bare, &[], &[], &config);
        for (label, db) in [("empty", &empty), ("1m", &full)] {
            let (t, mb) = median_window(&app, &["--db", db.to_str().unwrap()], &[], &config);
            record(
                &mut summary,
                &format!("startup_first_paint_{label}"),
                t,
                "ms",
                Some(bare_ms),
                "<= 1.3x bare Tauri window",
            );
            record(
                &mut summary,
                &format!("memory_pss_5s_{label}"),
                mb,
                "MB",
                Some(bare_mb),
                "<= 1.3x bare Tauri window",
            );
        }
        // On Linux the app paints its pages on the CPU (app.rs, `paint_on_the_cpu`); the bare
        // window above keeps WebKit's default. For comparison: the bare window painting on the
        // CPU too, and the app painting through the GPU (here Mesa's software rasteriser).
        if cfg!(target_os = "linux") {
            let cpu = [("WEBKIT_SKIA_ENABLE_CPU_RENDERING", "1")];
            let (t, mb) = median_window(&bare, &[], &cpu, &config);
            println!("(bare window painting on the CPU: {t:.0} ms, {mb:.0} MB)");
            let gpu = [("WEBKIT_SKIA_ENABLE_CPU_RENDERING", "0")];
            let (t, mb) = median_window(&app, &["--db", empty.to_str().unwrap()], &gpu, &config);
            println!("(app painting through the GPU, empty file: {t:.0} ms, {mb:.0} MB)");
        }
    }
    if wanted("training") {
        // The region × program completion matrix, against one SQL statement.
        training::run(&out_dir, &mut summary);
    }
    if wanted("budget") {
        budget::run(&out_dir, &mut summary);
    }
    let path = out_dir.join("summary.json");
    std::fs::write(
        &path,
        serde_json::to_string_pretty(&Value::Object(summary)).unwrap(),
    )
    .unwrap();
    println!("written to {}", path.display());
}

/// `dst` as a copy of the data file `src`, with no -wal or -shm of an earlier `dst` left to
/// be replayed into it.
fn fresh_copy(src: &Path, dst: &Path) {
    remove_data_file(dst);
    std::fs::copy(src, dst).unwrap();
}

/// A data file with its -wal and -shm gone.
fn remove_data_file(path: &Path) {
    for ext in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(ext);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

/// Start `program` (a window) `args` three times; the median time to its "first screen
/// painted" line on stdout and the median PSS of it and its child processes 5 s after start.
fn median_window(program: &Path, args: &[&str], envs: &[(&str, &str)], home: &Path) -> (f64, f64) {
    let mut times = Vec::new();
    let mut mems = Vec::new();
    for _ in 0..3 {
        let (t, kb) = one_window(program, args, envs, home);
        times.push(t);
        mems.push(kb);
    }
    times.sort_by(f64::total_cmp);
    mems.sort_by(f64::total_cmp);
    (times[1], mems[1])
}

fn one_window(program: &Path, args: &[&str], envs: &[(&str, &str)], home: &Path) -> (f64, f64) {
    // Its own HOME/XDG dirs: no saved window state or WebKit cache from the user's session.
    let _ = std::fs::remove_dir_all(home);
    std::fs::create_dir_all(home).unwrap();
    let start = Instant::now();
    let mut cmd = std::process::Command::new(program);
    cmd.args(args)
        .envs(envs.iter().copied())
        .env("MARKETDESK_REPORT_PAINT", "1")
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .stderr(std::process::Stdio::null());
    let (mut child, lines) = marketdesk_tests::spawn_reading_lines(&mut cmd);
    let deadline = start + Duration::from_secs(60);
    let painted = loop {
        match lines.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok((at, line)) if line.starts_with("first screen painted") => break Some(at),
            Ok(_) => continue,
            Err(_) => break None,
        }
    };
    let Some(painted) = painted else {
        kill_tree(child.id());
        let _ = child.wait();
        panic!(
            "{} did not report its first screen within 60 s",
            program.display()
        );
    };
    std::thread::sleep(Duration::from_secs(5).saturating_sub(start.elapsed()));
    let kb: u64 = process_tree(child.id()).iter().map(|p| pss_kb(*p)).sum();
    kill_tree(child.id());
    let _ = child.wait();
    (ms(painted - start), kb as f64 / 1024.0)
}

/// `root` and every process descended from it (the WebKit web and network processes).
fn process_tree(root: u32) -> Vec<u32> {
    let mut parent_of = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // pid (comm) state ppid …: comm may hold spaces, so read after the last ')'.
        let ppid = stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().nth(1))
            .and_then(|p| p.parse::<u32>().ok());
        if let Some(ppid) = ppid {
            parent_of.push((pid, ppid));
        }
    }
    let mut tree = vec![root];
    let mut i = 0;
    while i < tree.len() {
        let p = tree[i];
        tree.extend(parent_of.iter().filter(|(_, pp)| *pp == p).map(|(c, _)| *c));
        i += 1;
    }
    tree
}

fn pss_kb(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Pss:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}

fn kill_tree(root: u32) {
    let pids: Vec<String> = process_tree(root).iter().map(u32::to_string).collect();
    let _ = std::process::Command::new("kill")
        .arg("-9")
        .args(&pids)
        .status();
}
