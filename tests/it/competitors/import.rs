//! Importing the regional price reports in tests/fixtures: every accepted form, every
//! rejection, duplicates, dry runs, cancel and undo — on real files and real SQLite files.

use marketdesk_lib::core::AppCore;
use marketdesk_lib::import::competitors::{ImportOptions, ImportReport};
use marketdesk_lib::store::batches::RecordKind;
use marketdesk_lib::store::competitors::{
    ObservationFilter, ObservationPageQuery, ObservationSort,
};
use marketdesk_tests::{daily_series_mismatches, fixture, stderr, stdout, Sandbox};
use serde_json::Value;

fn core(sb: &Sandbox) -> AppCore {
    let core = AppCore::new(sb.db.clone());
    core.start_empty().unwrap();
    core
}

fn import(core: &AppCore, name: &str) -> ImportReport {
    core.import_file(&fixture(name), &ImportOptions::default(), &mut |_, _| {})
        .unwrap()
}

fn count(sb: &Sandbox, sql: &str) -> i64 {
    rusqlite::Connection::open(&sb.db)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

fn rejected(r: &ImportReport) -> Vec<(usize, &str, &str)> {
    r.rejected
        .iter()
        .map(|x| (x.row, x.column.as_str(), x.reason.as_str()))
        .collect()
}

#[test]
fn anhui_rows_3_to_7_are_each_rejected_for_their_own_reason() {
    let sb = Sandbox::new();
    let core = core(&sb);
    let r = import(&core, "prices_anhui_with_errors.csv");
    assert_eq!(r.rows_read, 7);
    assert_eq!(r.imported, 2);
    assert_eq!(
        rejected(&r),
        vec![
            (3, "日期", "日期无效或不存在：2026-04-31"),
            (4, "零售价", "价格必须大于 0"),
            (5, "品牌", "缺少品牌"),
            (6, "促销价", "促销价 ¥2,199.00 高于零售价 ¥1,999.00"),
            (7, "零售价", "价格无法识别：一千九"),
        ]
    );
    assert_eq!(r.created.brands, vec!["台铃"]);
    assert_eq!(count(&sb, "SELECT count(*) FROM price_observations"), 2);
    let dates: String = rusqlite::Connection::open(&sb.db)
        .unwrap()
        .query_row("SELECT group_concat(observed_on, ',') FROM (SELECT observed_on FROM price_observations ORDER BY 1)", [], |r| r.get(0))
        .unwrap();
    assert_eq!(dates, "2026-04-20,2026-04-25");
}

#[test]
fn henan_gbk_with_title_row_yen_signs_and_aliases() {
    let sb = Sandbox::new();
    let core = core(&sb);
    let r = import(&core, "prices_henan_gbk.csv");
    assert_eq!(r.header_row, 2, "title row above the header is skipped");
    assert_eq!((r.rows_read, r.imported, r.rejected.len()), (5, 5, 0));
    assert_eq!(r.headers[1], "区域");
    assert_eq!(r.preview[0].regular_fen, 339_900, "￥3,399");
    assert_eq!(r.preview[1].regular_fen, 339_900, "3399元");
    assert_eq!(r.preview[0].date, "2026-04-17", "2026/4/17");
    // 河南 matched the preloaded 河南省: no region created.
    assert!(r.created.regions.is_empty());
    assert_eq!(count(&sb, "SELECT count(*) FROM regions"), 31);
}

#[test]
fn jiangsu_xlsx_with_real_dates() {
    let sb = Sandbox::new();
    let core = core(&sb);
    let r = import(&core, "prices_jiangsu_2026-04.xlsx");
    assert_eq!((r.rows_read, r.imported, r.rejected.len()), (8, 8, 0));
    assert!(
        r.preview.iter().any(|p| p.promo_fen.is_some()),
        "promo column read"
    );
    assert!(r.preview.iter().all(|p| p.date.starts_with("2026-0")));
}

#[test]
fn utf16_tab_full_width_digits_and_chinese_dates() {
    let sb = Sandbox::new();
    let core = core(&sb);
    let r = import(&core, "prices_shandong_utf16.txt");
    assert_eq!((r.imported, r.rejected.len()), (2, 0));
    assert_eq!(r.preview[0].date, "2026-04-20");
    assert_eq!(r.preview[0].regular_fen, 339_900, "３３９９");
    assert_eq!(r.preview[1].promo_fen, Some(309_900));
    assert_eq!(r.preview[0].region, "山东省");
}

#[test]
fn semicolons_bom_title_rows_and_blank_rows() {
    let sb = Sandbox::new();
    let core = core(&sb);
    let r = import(&core, "prices_jiangsu_semicolon.csv");
    assert_eq!(r.header_row, 4);
    assert_eq!(r.rows_read, 2, "blank rows are not counted");
    assert_eq!(
        r.preview[1].row, 7,
        "row numbers count the blank lines as Excel does"
    );
    assert_eq!(r.preview[0].regular_fen, 339_900);
    assert_eq!(r.preview[0].channel, "其他", "no channel column");
}

#[test]
fn xlsx_serial_dates_and_prices_as_text_cells() {
    let sb = Sandbox::new();
    let core = core(&sb);
    let r = import(&core, "prices_anhui_serial.xlsx");
    assert_eq!(r.header_row, 2);
    assert_eq!(r.preview[0].date, "2026-04-20");
    assert_eq!(r.preview[0].regular_fen, 319_900, "￥3,199 as text");
    assert_eq!(r.preview[1].regular_fen, 329_900, "3299元");
    assert_eq!(r.preview[1].promo_fen, Some(319_900), "3,199.00");
    assert_eq!(
        rejected(&r),
        vec![(5, "促销价", "促销价 ¥3,399.00 高于零售价 ¥3,299.00")]
    );
}

#[test]
fn files_that_are_not_price_reports_are_refused_and_write_nothing() {
    for (name, words) in [
        ("not_a_report.csv", "找不到表头"),
        ("empty.csv", "文件是空的"),
        ("page_saved_as.xls", "网页"),
        ("not_a_workbook.xlsx", "不是能读取的工作簿"),
        ("encrypted.xlsx", "设置了密码"),
        // Found by `make fuzz`: made calamine panic inside its OLE reader.
        ("fuzz_truncated_ole.xls", "无法读取"),
        // A few forged bytes in a real .xls (tests/fixtures/make_xls.py): calamine would
        // allocate 137 GB (a cell at row 65 535, column 65 535) or 1.7 TB (a DIMENSIONS
        // record claiming 4 billion rows) and abort the process.
        ("forged_far_cell.xls", "范围过大"),
        ("forged_dimensions.xls", "范围过大"),
        // A shared-string table claiming a trillion entries: calamine would reserve 24 TB.
        ("forged_shared_strings.xlsx", "共享字符串表"),
        ("forged_shared_strings_padded.xlsx", "共享字符串表"),
    ] {
        let sb = Sandbox::new();
        let core = core(&sb);
        let e = core
            .import_file(&fixture(name), &ImportOptions::default(), &mut |_, _| {})
            .unwrap_err();
        assert_eq!(e.code(), "invalid", "{name}");
        let msg = e.message(marketdesk_lib::i18n::Lang::ZhCn);
        assert!(msg.contains(words), "{name}: {msg}");
        assert_eq!(
            count(&sb, "SELECT count(*) FROM import_batches"),
            0,
            "{name}"
        );
        assert_eq!(count(&sb, "SELECT count(*) FROM brands"), 0, "{name}");
    }
}

#[test]
fn reimport_counts_duplicates_and_dry_run_writes_nothing() {
    let sb = Sandbox::new();
    let core = core(&sb);
    let dry = core
        .import_file(
            &fixture("prices_henan_gbk.csv"),
            &ImportOptions {
                dry_run: true,
                ..Default::default()
            },
            &mut |_, _| {},
        )
        .unwrap();
    assert_eq!(dry.imported, 5);
    assert_eq!(count(&sb, "SELECT count(*) FROM price_observations"), 0);
    assert_eq!(count(&sb, "SELECT count(*) FROM brands"), 0);
    let first = import(&core, "prices_henan_gbk.csv");
    assert_eq!(first.imported, 5);
    let again = import(&core, "prices_henan_gbk.csv");
    assert_eq!((again.imported, again.duplicates), (0, 5));
    assert!(again.created.brands.is_empty());
    assert_eq!(count(&sb, "SELECT count(*) FROM price_observations"), 5);
}

/// The sightings' indexes, as the schema declares them.
fn sighting_indexes(sb: &Sandbox) -> Vec<(String, String)> {
    let conn = rusqlite::Connection::open(&sb.db).unwrap();
    let mut st = conn
        .prepare(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index'
               AND tbl_name = 'price_observations' ORDER BY name",
        )
        .unwrap();
    let rows = st
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get::<_, Option<String>>(1)?.unwrap_or_default(),
            ))
        })
        .unwrap();
    rows.collect::<Result<_, _>>().unwrap()
}

/// A batch larger than what is stored goes in before the secondary indexes, which are built
/// again; a smaller one updates them row by row. Either way the same indexes come out, the
/// daily series equals the sightings, a dry run or an undo leaves the schema as it was.
#[test]
fn large_and_small_batches_leave_the_same_indexes_and_a_true_daily_series() {
    let sb = Sandbox::new();
    let core = core(&sb);
    let declared = sighting_indexes(&sb);
    assert_eq!(declared.len(), 8, "{declared:?}");
    let dry = core
        .import_file(
            &fixture("prices_jiangsu_2026-04.xlsx"),
            &ImportOptions {
                dry_run: true,
                ..Default::default()
            },
            &mut |_, _| {},
        )
        .unwrap();
    assert!(dry.imported > 0);
    assert_eq!(
        sighting_indexes(&sb),
        declared,
        "a dry run rolls the rebuild back"
    );
    // Into the empty file: the indexes are dropped and built again.
    let first = import(&core, "prices_jiangsu_2026-04.xlsx");
    assert!(
        first.imported > 5,
        "more than the next batch: {}",
        first.imported
    );
    assert_eq!(sighting_indexes(&sb), declared);
    let conn = rusqlite::Connection::open(&sb.db).unwrap();
    assert_eq!(daily_series_mismatches(&conn), 0);
    let plan: String = conn
        .query_row(
            "EXPLAIN QUERY PLAN SELECT count(*) FROM price_observations WHERE region_id = 1 AND observed_on > '2026-01-01'",
            [],
            |r| r.get(3),
        )
        .unwrap();
    assert!(plan.contains("price_observations_by_region"), "{plan}");
    // A smaller batch into a file holding more: row by row.
    let second = import(&core, "prices_henan_gbk.csv");
    assert_eq!(second.imported, 5);
    assert_eq!(sighting_indexes(&sb), declared);
    assert_eq!(daily_series_mismatches(&conn), 0);
    let total = count(&sb, "SELECT count(*) FROM price_observations");
    assert_eq!(total as usize, first.imported + second.imported);
    core.undo_batch(second.batch_id.unwrap()).unwrap();
    assert_eq!(daily_series_mismatches(&conn), 0);
    assert_eq!(
        count(&sb, "SELECT count(*) FROM price_observations") as usize,
        first.imported
    );
}

#[test]
fn a_repeat_inside_one_file_is_a_duplicate() {
    let sb = Sandbox::new();
    let core = core(&sb);
    let path = sb.dir.path().join("twice.csv");
    std::fs::write(
        &path,
        "日期,地区,品牌,型号,零售价,报告人\n2026-05-02,山东,雅迪,Q9,3599,王强\n2026-05-01,山东,雅迪,Q7,3399,张伟\n2026-05-01,山东,雅迪,Q7,3399,李娜\n2026-04-30,山东,雅迪,Q7,3299,赵敏\n",
    )
    .unwrap();
    let r = core
        .import_file(&path, &ImportOptions::default(), &mut |_, _| {})
        .unwrap();
    assert_eq!((r.imported, r.duplicates), (3, 1));
    // The rows go in sorted by the same-sighting key; of a repeat, the first in the file stays.
    let conn = rusqlite::Connection::open(&sb.db).unwrap();
    let kept: String = conn
        .query_row(
            "SELECT reporter FROM price_observations WHERE observed_on = '2026-05-01'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(kept, "张伟");
    assert_eq!(daily_series_mismatches(&conn), 0);
}

#[test]
fn cancel_writes_nothing_and_undo_removes_the_batch() {
    let sb = Sandbox::new();
    let core = core(&sb);
    core.import_cancel.cancel();
    let e = core
        .import_file(
            &fixture("prices_henan_gbk.csv"),
            &ImportOptions::default(),
            &mut |_, _| {},
        )
        .unwrap_err();
    assert_eq!(e.code(), "cancelled");
    assert_eq!(count(&sb, "SELECT count(*) FROM price_observations"), 0);
    assert_eq!(count(&sb, "SELECT count(*) FROM import_batches"), 0);
    core.import_cancel.reset();

    let mut seen = Vec::new();
    let r = core
        .import_file(
            &fixture("prices_henan_gbk.csv"),
            &ImportOptions::default(),
            &mut |d, t| seen.push((d, t)),
        )
        .unwrap();
    assert_eq!(seen.last(), Some(&(5, 5)), "progress reaches the total");
    let batch = r.batch_id.unwrap();
    let page = core
        .observation_page(ObservationPageQuery {
            filter: ObservationFilter {
                batch_id: Some(batch),
                ..Default::default()
            },
            sort: ObservationSort::PriceAsc,
            page: 0,
            page_size: 50,
        })
        .unwrap();
    assert_eq!(page.total, 5);
    assert_eq!(page.rows[0].effective_fen, 239_900);
    let undone = core.undo_batch(batch).unwrap();
    assert_eq!(undone.rows, 5);
    assert_eq!(count(&sb, "SELECT count(*) FROM price_observations"), 0);
    assert_eq!(core.undo_batch(batch).unwrap_err().code(), "conflict");
    assert!(core.list_batches().unwrap()[0].undone_at.is_some());
}

#[test]
fn cli_import_json_contract_strict_and_exit_codes() {
    let sb = Sandbox::new();
    assert!(sb.cli(&["init"]).status.success());
    let anhui = fixture("prices_anhui_with_errors.csv");
    let anhui = anhui.to_str().unwrap();

    let strict = sb.cli(&["import", "prices", anhui, "--strict", "--format", "json"]);
    assert_eq!(strict.status.code(), Some(1));
    assert_eq!(
        count(&sb, "SELECT count(*) FROM price_observations"),
        0,
        "--strict wrote nothing"
    );

    let dry = sb.cli(&["import", "prices", anhui, "--dry-run", "--format", "json"]);
    assert_eq!(dry.status.code(), Some(0));
    assert_eq!(
        count(&sb, "SELECT count(*) FROM price_observations"),
        0,
        "--dry-run wrote nothing"
    );

    let out = sb.cli(&["import", "prices", anhui, "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["rows_read"], 7);
    assert_eq!(v["imported"], 2);
    assert_eq!(v["duplicates"], 0);
    assert_eq!(v["rejected"].as_array().unwrap().len(), 5);
    assert_eq!(v["rejected"][0]["row"], 3);
    assert_eq!(v["rejected"][0]["column"], "日期");
    assert_eq!(v["created"]["brands"][0], "台铃");
    assert_eq!(v["created"]["products"][0], "台铃 T-Max");
    assert!(v["created"]["regions"].as_array().unwrap().is_empty());
    let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "created",
            "duplicates",
            "imported",
            "rejected",
            "rows_read",
            "sheet"
        ]
    );

    let again = sb.cli(&["import", "prices", anhui, "--format", "json"]);
    let v: Value = serde_json::from_str(&stdout(&again)).unwrap();
    assert_eq!(
        (v["imported"].as_i64(), v["duplicates"].as_i64()),
        (Some(0), Some(2))
    );

    let bad = sb.cli(&[
        "import",
        "prices",
        fixture("not_a_report.csv").to_str().unwrap(),
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("不是价格报表"), "{}", stderr(&bad));
    assert!(stdout(&bad).is_empty());

    // A missing data file is never created by import.
    let other = Sandbox::new();
    let out = other.cli(&["import", "prices", anhui]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!other.db.exists());
}

#[test]
fn cli_moves_on_the_henan_report_hand_computed() {
    let sb = Sandbox::new();
    assert!(sb.cli(&["init"]).status.success());
    let f = fixture("prices_henan_gbk.csv");
    assert!(sb
        .cli(&["import", "prices", f.to_str().unwrap()])
        .status
        .success());
    let out = sb.cli(&[
        "moves",
        "--from",
        "2026-05-01",
        "--to",
        "2026-05-05",
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let rows = v.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    // 爱玛 A3 Lite: 2599 → 2399 = −7.695 % → −7.70, sorted first (ascending).
    assert_eq!(rows[0]["brand"], "爱玛");
    assert_eq!(rows[0]["change_pct"], -7.7);
    assert_eq!(rows[0]["baseline_fen"], 259_900);
    assert_eq!(rows[0]["window_fen"], 239_900);
    assert_eq!(
        (
            rows[0]["baseline_obs"].as_i64(),
            rows[0]["window_obs"].as_i64()
        ),
        (Some(1), Some(1))
    );
    // 雅迪 Q7: median(3399, 3399) → 3199 = −5.88 %.
    assert_eq!(rows[1]["product"], "Q7");
    assert_eq!(rows[1]["region"], "河南");
    assert_eq!(rows[1]["channel"], "经销商");
    assert_eq!(rows[1]["change_pct"], -5.88);
    assert_eq!(rows[1]["baseline_obs"], 2);
    // Above 6 %, only the 爱玛 move remains.
    let out = sb.cli(&[
        "moves",
        "--from",
        "2026-05-01",
        "--to",
        "2026-05-05",
        "--threshold",
        "6",
        "--format",
        "csv",
    ]);
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(text
        .lines()
        .nth(1)
        .unwrap()
        .starts_with("爱玛,A3 Lite,河南,专卖店,259900,239900,-7.70,1,1"));
}

#[test]
fn demo_loads_a_realistic_sample_with_a_yadea_cut_and_a_tailg_rise() {
    let sb = Sandbox::new();
    let out = sb.cli(&["demo"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let conn = rusqlite::Connection::open(&sb.db).unwrap();
    assert!(count(&sb, "SELECT count(*) FROM price_daily") > 100);
    assert_eq!(daily_series_mismatches(&conn), 0);
    let out = sb.cli(&[
        "moves",
        "--from",
        "2026-05-01",
        "--to",
        "2026-05-05",
        "--format",
        "json",
    ]);
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let rows = v.as_array().unwrap();
    assert!(rows.iter().any(|r| r["brand"] == "雅迪"
        && r["region"] == "河南"
        && r["change_pct"].as_f64().unwrap() <= -8.0));
    assert!(rows.iter().any(|r| r["brand"] == "台铃"
        && r["region"] == "安徽"
        && r["change_pct"].as_f64().unwrap() >= 5.0));
    assert!(count(&sb, "SELECT count(*) FROM competitor_activities") >= 3);
    assert_eq!(count(&sb, "SELECT count(*) FROM battlecards"), 3);
    // A second demo into a data file with sightings is refused.
    let again = sb.cli(&["demo"]);
    assert_eq!(again.status.code(), Some(1));
}

#[test]
fn a_later_year_of_holidays_is_imported_and_no_longer_unknown() {
    let sb = Sandbox::new();
    assert!(sb.cli(&["init"]).status.success());
    let core = AppCore::open_existing(sb.db.clone()).unwrap();
    let before = core.holiday_calendar().unwrap();
    let y2027 = before.years.iter().find(|y| y.year == 2027).unwrap();
    assert!(
        !y2027.known,
        "2027 has no bundled data: unknown, not 'no holidays'"
    );
    drop(core);
    let f = fixture("holidays_2027.json");
    let out = sb.cli(&["import", "holidays", f.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let core = AppCore::open_existing(sb.db.clone()).unwrap();
    let after = core.holiday_calendar().unwrap();
    let y2027 = after.years.iter().find(|y| y.year == 2027).unwrap();
    assert!(y2027.known);
    assert!(y2027.source.contains("2027"));
    let may = after.holidays.iter().find(|h| h.year == 2027).unwrap();
    assert_eq!(may.makeup_workdays.len(), 1);
    // The same year as .ics (what calendar apps export) replaces nothing it does not name.
    let ics = fixture("holidays_2027.ics");
    let out = sb.cli(&["import", "holidays", ics.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    // 劳动节 is the bundled calendar's 五一: the .ics corrects the JSON's holiday, no second one.
    assert_eq!(count(&sb, "SELECT count(*) FROM holidays WHERE name_zh = '五一' AND makeup_workdays = '2027-04-25' AND end_on = '2027-05-05'"), 1);
    // A malformed file is refused with nothing written.
    let bad = sb.dir.path().join("bad.json");
    std::fs::write(&bad, "{\"holidays\": [{\"year\": 2028}]}").unwrap();
    let out = sb.cli(&["import", "holidays", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(count(&sb, "SELECT count(*) FROM holidays"), 1);
}

/// Holiday feeds as published: one event per day (`劳动节 假期 第1天/共5天`), make-up
/// workdays as timed 补班 events, 元旦 from 31 December — for a year not bundled (2023) and
/// for a bundled one (2026, where the feed's 劳动节 replaces the bundled 五一); a preview,
/// one batch, a re-import that adds and changes nothing, undo; `holidays` lists the result.
#[test]
fn holiday_feeds_merge_into_holidays_in_their_year_replace_bundled_ones_and_undo() {
    let sb = Sandbox::new();
    assert!(sb.cli(&["init"]).status.success());
    let feed = fixture("holidays_feed_2023.ics");
    let json = |args: &[&str]| -> Value {
        let out = sb.cli(args);
        assert!(out.status.success(), "{}", stderr(&out));
        serde_json::from_str(&stdout(&out)).unwrap()
    };
    let f = feed.to_str().unwrap();
    let dry = json(&["import", "holidays", f, "--dry-run", "--format", "json"]);
    assert_eq!(dry["imported"], 3);
    assert_eq!(
        dry["created"]["holidays"],
        serde_json::json!(["2023 元旦", "2023 五一", "2023 国庆"])
    );
    assert_eq!(
        count(&sb, "SELECT count(*) FROM holidays"),
        0,
        "a preview writes nothing"
    );
    let done = json(&["import", "holidays", f, "--format", "json"]);
    assert_eq!(done["imported"], 3);
    let list = json(&["holidays", "--year", "2023", "--format", "json"]);
    let got: Vec<(String, String, String, Vec<String>)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["name"].as_str().unwrap().to_string(),
                h["start"].as_str().unwrap().to_string(),
                h["end"].as_str().unwrap().to_string(),
                h["makeup_workdays"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|d| d.as_str().unwrap().to_string())
                    .collect(),
            )
        })
        .collect();
    let s = |x: &str| x.to_string();
    assert_eq!(
        got,
        vec![
            (s("元旦"), s("2022-12-31"), s("2023-01-02"), vec![]),
            (
                s("五一"),
                s("2023-04-29"),
                s("2023-05-03"),
                vec![s("2023-04-23"), s("2023-05-06")]
            ),
            (
                s("国庆"),
                s("2023-09-29"),
                s("2023-10-06"),
                vec![s("2023-10-07"), s("2023-10-08")]
            ),
        ]
    );
    assert_eq!(list[0]["year"], 2023);
    assert_eq!(list[0]["source"], "ICS: holidays_feed_2023.ics");
    // The same file again adds and changes nothing.
    let again = json(&["import", "holidays", f, "--format", "json"]);
    assert_eq!(
        (again["imported"].as_u64(), again["duplicates"].as_u64()),
        (Some(0), Some(3))
    );
    assert_eq!(count(&sb, "SELECT count(*) FROM holidays"), 3);

    // 2026 is bundled: the feed's 劳动节 (1–4 May, 补班 26 April) replaces the bundled 五一.
    let f26 = fixture("holidays_feed_2026.ics");
    let r = json(&[
        "import",
        "holidays",
        f26.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(r["created"]["holidays"], serde_json::json!(["2026 五一"]));
    let may: Vec<Value> = json(&["holidays", "--year", "2026", "--format", "json"])
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["name"] == "五一")
        .cloned()
        .collect();
    assert_eq!(may.len(), 1, "{may:?}");
    assert_eq!(
        (may[0]["start"].as_str(), may[0]["end"].as_str()),
        (Some("2026-05-01"), Some("2026-05-04"))
    );
    assert_eq!(may[0]["makeup_workdays"], serde_json::json!(["2026-04-26"]));
    let core = AppCore::open_existing(sb.db.clone()).unwrap();
    let y2026 = core
        .holiday_calendar()
        .unwrap()
        .years
        .into_iter()
        .find(|y| y.year == 2026)
        .unwrap();
    assert!(
        y2026.source.ends_with("+ ICS: holidays_feed_2026.ics"),
        "{}",
        y2026.source
    );
    // Undo the 2026 batch: the bundled 五一 is back.
    let batch = core
        .list_batches()
        .unwrap()
        .into_iter()
        .find(|b| b.file_name == "holidays_feed_2026.ics")
        .unwrap();
    let undone = core.undo_batch(batch.id).unwrap();
    assert_eq!(undone.names(RecordKind::Holiday), ["2026 五一"]);
    let may = core
        .holiday_calendar()
        .unwrap()
        .holidays
        .into_iter()
        .find(|h| h.year == 2026 && h.name_zh == "五一")
        .unwrap();
    assert_eq!(may.end.to_string(), "2026-05-05", "the bundled dates again");
}

#[test]
fn unknown_names_can_be_mapped_onto_existing_records_instead_of_created() {
    use marketdesk_lib::import::competitors::NameMapping;
    let sb = Sandbox::new();
    let core = core(&sb);
    import(&core, "prices_henan_gbk.csv"); // stores 雅迪 and 雅迪 Q7
    let yadea = core
        .list_brands()
        .unwrap()
        .into_iter()
        .find(|b| b.name == "雅迪")
        .unwrap();
    let q7 = core
        .list_products()
        .unwrap()
        .into_iter()
        .find(|p| p.model == "Q7")
        .unwrap();
    let shandong = core
        .list_regions()
        .unwrap()
        .into_iter()
        .find(|r| r.short_name == "山东")
        .unwrap();
    let path = sb.dir.path().join("spelled.csv");
    std::fs::write(
        &path,
        "日期,地区,品牌,型号,零售价\n2026-05-02,鲁,Yadi,Q-7,3299\n",
    )
    .unwrap();
    let plain = core
        .import_file(
            &path,
            &ImportOptions {
                dry_run: true,
                ..Default::default()
            },
            &mut |_, _| {},
        )
        .unwrap();
    assert_eq!(plain.created.brands, vec!["Yadi"]);
    assert_eq!(plain.created.regions, vec!["鲁"]);
    assert_eq!(plain.created.products, vec!["Yadi Q-7"]);
    let mapped = vec![
        NameMapping {
            kind: "brand".into(),
            name: "Yadi".into(),
            to_id: yadea.id,
        },
        NameMapping {
            kind: "product".into(),
            name: "Yadi Q-7".into(),
            to_id: q7.id,
        },
        NameMapping {
            kind: "region".into(),
            name: "鲁".into(),
            to_id: shandong.id,
        },
    ];
    let r = core
        .import_file(
            &path,
            &ImportOptions {
                mapped,
                ..Default::default()
            },
            &mut |_, _| {},
        )
        .unwrap();
    assert_eq!(r.imported, 1);
    assert!(
        r.created.brands.is_empty()
            && r.created.products.is_empty()
            && r.created.regions.is_empty()
    );
    assert_eq!(count(&sb, "SELECT count(*) FROM brands"), 2);
    assert_eq!(
        count(
            &sb,
            &format!(
                "SELECT count(*) FROM price_observations WHERE product_id = {} AND region_id = {}",
                q7.id, shandong.id
            )
        ),
        1
    );
}

#[test]
fn undo_takes_back_what_the_import_created_unless_it_is_used_or_filled_in() {
    // A plain import and its undo leave the file as it was.
    let sb = Sandbox::new();
    let core = core(&sb);
    let first = import(&core, "prices_henan_gbk.csv");
    assert_eq!(first.created.brands, ["雅迪", "爱玛"]);
    let undone = core.undo_batch(first.batch_id.unwrap()).unwrap();
    assert_eq!(undone.rows, 5);
    assert_eq!(undone.names(RecordKind::Brand), ["爱玛", "雅迪"]);
    assert_eq!(
        undone.names(RecordKind::Product),
        ["爱玛 A3 Lite", "雅迪 Q7"]
    );
    assert!(undone.names(RecordKind::Region).is_empty());
    assert!(undone.names(RecordKind::Channel).is_empty());
    // Only kinds with names are listed.
    assert_eq!(undone.records.len(), 2);
    assert_eq!(count(&sb, "SELECT count(*) FROM brands"), 0);
    assert_eq!(count(&sb, "SELECT count(*) FROM products"), 0);
    assert_eq!(count(&sb, "SELECT count(*) FROM price_daily"), 0);

    // A product a later import still uses stays, and so does a brand with a battlecard.
    drop(core);
    let sb = Sandbox::new();
    let core = self::core(&sb);
    let first = import(&core, "prices_henan_gbk.csv");
    let second = import(&core, "prices_henan_mayday_mixed.csv");
    assert_eq!((second.imported, second.duplicates), (1, 2));
    let conn = rusqlite::Connection::open(&sb.db).unwrap();
    assert_eq!(count(&sb, "SELECT count(*) FROM price_daily"), 5);
    assert_eq!(
        daily_series_mismatches(&conn),
        0,
        "imports keep the chart series"
    );
    let aima = core
        .list_brands()
        .unwrap()
        .into_iter()
        .find(|b| b.name == "爱玛")
        .unwrap();
    core.save_battlecard(marketdesk_lib::store::competitors::Battlecard {
        brand_id: aima.id,
        brand: String::new(),
        selling_points: "门店多".into(),
        strengths: String::new(),
        weaknesses: String::new(),
        our_strategy: String::new(),
        as_of: "2026-04-20".into(),
    })
    .unwrap();
    let undone = core.undo_batch(first.batch_id.unwrap()).unwrap();
    assert_eq!(undone.rows, 5);
    assert_eq!(undone.names(RecordKind::Product), ["爱玛 A3 Lite"]);
    assert!(undone.names(RecordKind::Brand).is_empty(), "{undone:?}");
    let products: Vec<String> = core
        .list_products()
        .unwrap()
        .into_iter()
        .map(|p| format!("{} {}", p.brand, p.model))
        .collect();
    assert_eq!(products, ["雅迪 Q7"]);
    assert_eq!(core.list_brands().unwrap().len(), 2);
    assert_eq!(core.list_battlecards().unwrap().len(), 1);
    // The remaining sighting is the daily series' only point.
    assert_eq!(
        count(
            &sb,
            "SELECT count(*) FROM price_daily WHERE low_fen = 319900 AND sightings = 1"
        ),
        1
    );
    assert_eq!(count(&sb, "SELECT count(*) FROM price_daily"), 1);
    assert_eq!(daily_series_mismatches(&conn), 0);
}

#[test]
fn a_real_xls_report_is_read_with_its_dates() {
    let sb = Sandbox::new();
    let core = core(&sb);
    let r = import(&core, "prices_henan.xls");
    assert_eq!(r.header_row, 3, "the title row above the header is skipped");
    assert_eq!((r.rows_read, r.imported), (4, 3));
    // A stray number far below the table is a row without a date, not a guess.
    assert_eq!(rejected(&r), [(301, "日期", "缺少日期")]);
    let dates: Vec<&str> = r.preview.iter().map(|p| p.date.as_str()).collect();
    assert_eq!(dates, ["2026-04-20", "2026-05-01", "2026-05-02"]);
    assert_eq!(r.preview[1].promo_fen, Some(319_900));
    assert_eq!(r.preview[0].region, "河南省");
}

#[test]
fn the_cli_refuses_forged_workbooks_without_crashing() {
    let sb = Sandbox::new();
    assert!(sb.cli(&["init"]).status.success());
    for (name, words) in [
        ("forged_far_cell.xls", "范围过大"),
        ("forged_dimensions.xls", "范围过大"),
        ("forged_shared_strings.xlsx", "共享字符串表"),
    ] {
        let out = sb.cli(&["import", "prices", fixture(name).to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{name}: {}", stderr(&out));
        assert!(stderr(&out).contains(words), "{name}: {}", stderr(&out));
        assert!(stdout(&out).is_empty());
    }
    assert_eq!(count(&sb, "SELECT count(*) FROM import_batches"), 0);
}

#[test]
fn cli_lists_batches_and_undoes_one() {
    let sb = Sandbox::new();
    assert!(sb.cli(&["init"]).status.success());
    let henan = fixture("prices_henan_gbk.csv");
    assert!(sb
        .cli(&["import", "prices", henan.to_str().unwrap()])
        .status
        .success());
    let out = sb.cli(&["batches", "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let list: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(list[0]["file_name"], "prices_henan_gbk.csv");
    assert_eq!(list[0]["imported"], 5);
    assert!(list[0]["undone_at"].is_null());
    let id = list[0]["id"].as_i64().unwrap().to_string();

    let out = sb.cli(&["undo", &id]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("撤回 5 条价格观察"), "{text}");
    assert!(text.contains("爱玛 A3 Lite、雅迪 Q7"), "{text}");
    assert_eq!(count(&sb, "SELECT count(*) FROM price_observations"), 0);
    assert_eq!(count(&sb, "SELECT count(*) FROM brands"), 0);

    let again = sb.cli(&["undo", &id]);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("已经撤销过了"));
    let missing = sb.cli(&["undo", "999"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr(&missing).contains("不存在"));
    let table = stdout(&sb.cli(&["batches"]));
    assert!(table.contains("已撤销 undone"), "{table}");
}

#[test]
fn a_report_behind_an_instructions_sheet_comes_in_and_the_other_report_can_be_chosen() {
    let sb = Sandbox::new();
    let core = core(&sb);
    let file = fixture("prices_behind_instructions.xlsx");
    // The first sheet is the instructions: the first sheet that holds a price report is read.
    let preview = core
        .import_file(
            &file,
            &ImportOptions {
                dry_run: true,
                ..Default::default()
            },
            &mut |_, _| {},
        )
        .unwrap();
    assert_eq!(preview.sheet, "价格反馈");
    assert_eq!(preview.sheets, vec!["价格反馈", "四月"]);
    assert_eq!((preview.rows_read, preview.imported), (3, 3));
    // The preview's choice: the April sheet.
    let april = core
        .import_file(
            &file,
            &ImportOptions {
                sheet: Some("四月".into()),
                ..Default::default()
            },
            &mut |_, _| {},
        )
        .unwrap();
    assert_eq!(april.sheet, "四月");
    assert_eq!(april.imported, 2);
    assert_eq!(count(&sb, "SELECT count(*) FROM price_observations"), 2);
    // A sheet that is not there is named, with the ones that are; nothing is written.
    let e = core
        .import_file(
            &file,
            &ImportOptions {
                sheet: Some("五月".into()),
                ..Default::default()
            },
            &mut |_, _| {},
        )
        .unwrap_err();
    assert_eq!(e.field(), Some("sheet"));
    let msg = e.message(marketdesk_lib::i18n::Lang::ZhCn);
    assert!(
        msg.contains("五月") && msg.contains("填表说明、价格反馈、四月"),
        "{msg}"
    );
    assert_eq!(count(&sb, "SELECT count(*) FROM price_observations"), 2);
}

#[test]
fn cli_import_takes_the_sheet_by_name() {
    let sb = Sandbox::new();
    assert!(sb.cli(&["init"]).status.success());
    let file = fixture("prices_behind_instructions.xlsx");
    let file = file.to_str().unwrap();
    let out = sb.cli(&[
        "import", "prices", file, "--sheet", "四月", "--format", "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["sheet"], "四月");
    assert_eq!(v["imported"], 2);
    let bad = sb.cli(&["import", "prices", file, "--sheet", "五月"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("五月"), "{}", stderr(&bad));
    // The same workbook is not a campaign schedule, and the refusal says which kind it is not.
    let sched = sb.cli(&["import", "campaigns", file]);
    assert_eq!(sched.status.code(), Some(2), "{}", stderr(&sched));
    assert!(stderr(&sched).contains("活动排期表"), "{}", stderr(&sched));
}

#[test]
fn a_binary_excel_workbook_is_read_sheet_by_sheet_and_refused_as_a_report_in_the_kinds_words() {
    use marketdesk_lib::import::read::{read_sheets, Cell};
    // Saved by Excel (.xlsb); see tests/fixtures/make_sheets.py for where it comes from.
    let file = fixture("excel_binary_sample.xlsb");
    let sheets = read_sheets(&file).unwrap();
    let names: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Sheet1", "Sheet2", "Sheet3", "Merged Cells"]);
    let first = &sheets[0].rows[0].cells;
    assert_eq!(first[0], Cell::Text("String".into()));
    assert_eq!(first[1], Cell::Number(1.0));
    assert_eq!(
        first[5],
        Cell::Date(chrono::NaiveDate::from_ymd_opt(2010, 10, 10).unwrap())
    );
    let third: Vec<Vec<String>> = sheets[2]
        .rows
        .iter()
        .map(|r| r.cells.iter().map(Cell::display).collect())
        .collect();
    assert_eq!(third.len(), 3);
    // The sheet starts in column B: cells keep their columns.
    assert_eq!(third[2], ["", "line3", "line3", "line3"]);
    // Not a price report: refused with the report's own sentence, nothing written.
    let sb = Sandbox::new();
    let core = core(&sb);
    let e = core
        .import_file(&file, &ImportOptions::default(), &mut |_, _| {})
        .unwrap_err();
    assert!(
        e.message(marketdesk_lib::i18n::Lang::ZhCn).contains("价格"),
        "{}",
        e.message(marketdesk_lib::i18n::Lang::ZhCn)
    );
    assert_eq!(count(&sb, "SELECT count(*) FROM import_batches"), 0);
}
