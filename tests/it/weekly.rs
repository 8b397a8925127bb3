//! The week on real SQLite files: the Monday dashboard's view of the demo (today fixed at
//! Monday 2026-05-04) against figures worked out from the area's own answers, the weekly
//! report's decisions kept with their ISO week, and `weekly-report` written as PDF, Word and
//! Markdown and read back by real readers.

use marketdesk_lib::context::Clock;
use marketdesk_lib::core::AppCore;
use marketdesk_lib::domain::weekly::IsoWeek;
use marketdesk_lib::i18n::Lang;
use marketdesk_tests::{docx_text, pdf_text, stderr, stdout, Sandbox};

fn demo_on(sb: &Sandbox, day: &str) -> AppCore {
    assert!(sb.cli(&["demo"]).status.success());
    let core = AppCore::new(sb.db.clone());
    core.set_clock(Clock::Fixed(
        chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap(),
    ));
    core
}

fn d(s: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn monday_after_wuyi_the_dashboard_shows_the_seeds_story() {
    let sb = Sandbox::new();
    let core = demo_on(&sb, "2026-05-04");
    let w = core.week_at_a_glance().unwrap();
    assert_eq!(w.week, "2026-W19");
    assert_eq!(
        (w.looked_back.from, w.looked_back.to),
        (d("2026-04-28"), d("2026-05-04"))
    );
    assert_eq!(
        (w.planned.from, w.planned.to),
        (d("2026-05-04"), d("2026-05-10"))
    );

    // The moves card is the price-moves view of the same 7 days, competitors only, largest
    // first, with every competitor move counted.
    let full = core
        .price_moves(marketdesk_lib::domain::competitors::MovesQuery {
            from: "2026-04-28".into(),
            to: "2026-05-04".into(),
            baseline_days: Some(14),
            threshold_pct: None,
        })
        .unwrap();
    let competitors: Vec<_> = full.moves.iter().filter(|m| !m.own).collect();
    assert!(
        full.moves.iter().any(|m| m.own),
        "the demo has own-brand moves to leave out"
    );
    assert_eq!(w.moves.total as usize, competitors.len());
    assert_eq!(w.moves.window.moves.len(), competitors.len().min(8));
    assert!(w.moves.window.moves.iter().all(|m| !m.own));
    let sizes: Vec<f64> = w
        .moves
        .window
        .moves
        .iter()
        .map(|m| m.change_pct.abs())
        .collect();
    assert!(sizes.windows(2).all(|p| p[0] >= p[1]), "{sizes:?}");
    let largest = competitors
        .iter()
        .map(|m| m.change_pct.abs())
        .fold(0.0, f64::max);
    assert_eq!(sizes[0], largest);

    // The 五一 window: its largest cut is 雅迪 DE2 in 河南 (¥2,199 → ¥1,920).
    let h = w.holiday.as_ref().expect("五一 has sightings around it");
    assert_eq!(h.holiday, "2026 五一");
    assert_eq!((h.from, h.to), (d("2026-05-01"), d("2026-05-05")));
    let top = &h.moves.window.moves[0];
    assert_eq!(
        (
            top.brand.as_str(),
            top.product.as_str(),
            top.region.as_str()
        ),
        ("雅迪", "DE2", "河南")
    );
    assert_eq!((top.baseline_fen, top.window_fen), (219_900, 192_000));

    // Activities that began in the 7 days: 雅迪's 五一 special price (28 April) only.
    let begun: Vec<&str> = w.activities.iter().map(|a| a.start_on.as_str()).collect();
    assert_eq!(begun, ["2026-04-28"]);

    // The campaigns in the field: 五一 and its roadshow; 五一's violations are the compliance
    // view's, up to Monday.
    let names: Vec<&str> = w.campaigns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["江森五一焕新季", "济南万达广场路演"]);
    let wuyi = &w.campaigns[0];
    let expected = core
        .compliance(wuyi.id)
        .unwrap()
        .violations
        .iter()
        .filter(|v| v.date <= d("2026-05-04"))
        .count() as i64;
    assert!(expected > 0);
    assert_eq!(wuyi.violations, expected);
    assert!(wuyi.worst.len() <= 5);
    let gaps: Vec<u64> = wuyi
        .worst
        .iter()
        .map(|v| v.diff_fen.unsigned_abs())
        .collect();
    assert!(gaps.windows(2).all(|p| p[0] >= p[1]), "{gaps:?}");

    // Training readiness for 五一 (its two programs): 安徽 furthest behind, 2 of 15.
    assert_eq!(w.readiness.campaign.as_deref(), Some("江森五一焕新季"));
    assert_eq!(w.readiness.programs.len(), 2);
    let first = &w.readiness.regions[0];
    assert_eq!(
        (first.region.as_str(), first.completed, first.required),
        ("安徽", 2, 15)
    );
    let pcts: Vec<f64> = w
        .readiness
        .regions
        .iter()
        .map(|r| r.completion_pct)
        .collect();
    assert!(pcts.windows(2).all(|p| p[0] <= p[1]), "{pcts:?}");

    // No session this week; the materials line over plan.
    assert!(w.sessions.is_empty());
    assert!(w
        .budget
        .lines
        .iter()
        .any(|l| l.label.contains("物料") && l.figures.available_fen == -1_600_000));
}

#[test]
fn in_december_the_dashboard_falls_back_to_the_latest_holiday_and_all_programs() {
    let sb = Sandbox::new();
    let core = demo_on(&sb, "2026-12-07");
    let w = core.week_at_a_glance().unwrap();
    assert_eq!(w.week, "2026-W50");
    assert_eq!(w.moves.total, 0, "no sighting in the last 3 weeks");
    // The latest holiday with sightings around it is still 五一 (国庆 has none).
    assert_eq!(w.holiday.as_ref().unwrap().holiday, "2026 五一");
    assert!(w.campaigns.is_empty());
    // No campaign ahead: completion over every program, as the training report gives it.
    assert_eq!(w.readiness.campaign, None);
    let mut overall = core.completion_by_region(None).unwrap();
    overall.sort_by(|a, b| a.completion_pct.total_cmp(&b.completion_pct));
    assert_eq!(w.readiness.regions, overall);
    // The session on 10 December is this week's.
    assert_eq!(w.sessions.len(), 1);
    assert_eq!(w.sessions[0].date, d("2026-12-10"));
}

#[test]
fn decisions_are_kept_with_their_week_and_a_bad_week_or_text_writes_nothing() {
    let sb = Sandbox::new();
    let core = demo_on(&sb, "2026-05-04");
    let w18 = IsoWeek::parse("2026-W18", "week").unwrap();
    let w19 = IsoWeek::parse("2026-W19", "week").unwrap();
    core.save_weekly_decisions(w18, "跟进雅迪直降\n安徽补训")
        .unwrap();
    assert_eq!(
        core.weekly_report(w18).unwrap().decisions,
        "跟进雅迪直降\n安徽补训"
    );
    assert_eq!(core.weekly_report(w19).unwrap().decisions, "");
    // Too long: refused by its field, the kept text unchanged.
    let e = core
        .save_weekly_decisions(w18, &"决".repeat(20_001))
        .unwrap_err();
    assert_eq!(e.field(), Some("decisions"));
    assert_eq!(
        core.weekly_report(w18).unwrap().decisions,
        "跟进雅迪直降\n安徽补训"
    );
    // The table refuses a malformed week even from SQL.
    let conn = rusqlite::Connection::open(&sb.db).unwrap();
    assert!(conn
        .execute(
            "INSERT INTO weekly_notes (week, decisions, updated_at) VALUES ('2026-18', 'x', 'now')",
            [],
        )
        .is_err());
    drop(conn);
    // Emptied: the week's note goes.
    core.save_weekly_decisions(w18, "  \n").unwrap();
    assert_eq!(core.weekly_report(w18).unwrap().decisions, "");
}

#[test]
fn weekly_report_is_written_as_pdf_word_and_markdown_and_read_back() {
    let sb = Sandbox::new();
    let core = demo_on(&sb, "2026-05-04");
    core.save_weekly_decisions(
        IsoWeek::parse("2026-W18", "week").unwrap(),
        "1. 是否跟进雅迪冠能Q7 直降 300 元\n（2）安徽导购补训",
    )
    .unwrap();
    drop(core);
    for ext in ["pdf", "docx", "md"] {
        let out = sb.dir.path().join(format!("周报.{ext}"));
        let o = sb.cli(&[
            "--today",
            "2026-05-04",
            "weekly-report",
            "--week",
            "2026-W18",
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(stdout(&o).contains("2026-W18"), "{}", stdout(&o));
        let text = match ext {
            "pdf" => pdf_text(&out),
            "docx" => docx_text(&out),
            _ => std::fs::read_to_string(&out).unwrap(),
        };
        for want in [
            "市场部周报 2026-W18",
            "2026年第18周（4月27日–5月3日）",
            "竞品动态",
            "雅迪",
            "2026 五一",
            "江森五一焕新季",
            "已结束",
            "限价违规",
            "培训就绪",
            "13.33 %",
            "2026Q2 · 物料 · 江森五一焕新季",
            "-¥16,000.00",
            "济南天桥鑫源车行",
            "是否跟进雅迪冠能Q7 直降 300 元",
            "安徽导购补训",
        ] {
            assert!(text.contains(want), "{ext} lacks {want}:\n{text}");
        }
        // The numbering the manager typed is not printed twice.
        assert!(!text.contains("1. 是否跟进"), "{ext}");
    }
    // The Markdown's price chart is a PNG beside it, linked from the text.
    let md = std::fs::read_to_string(sb.dir.path().join("周报.md")).unwrap();
    let link = md
        .split("](")
        .nth(1)
        .and_then(|rest| rest.split(')').next())
        .expect("a picture link");
    assert!(link.ends_with(".png"), "{link}");
    let png = std::fs::read(sb.dir.path().join(link)).unwrap();
    assert_eq!(&png[1..4], b"PNG");

    // English; the week it is when --week is left out; every glyph in the bundled font.
    let english = |today: &str, week: &[&str], out: &std::path::Path| {
        let mut args = vec!["--today", today, "weekly-report"];
        args.extend_from_slice(week);
        args.extend(["--out", out.to_str().unwrap(), "--lang", "en"]);
        let o = sb.cli(&args);
        assert!(o.status.success(), "{}", stderr(&o));
    };
    let en = sb.dir.path().join("weekly-en.md");
    english("2026-05-01", &[], &en);
    let text = std::fs::read_to_string(&en).unwrap();
    assert!(text.contains("Marketing weekly report 2026-W18"), "{text}");
    assert!(text.contains("Week 18, 2026 (27 Apr – 3 May)"), "{text}");
    assert!(text.contains("Decisions needed"), "{text}");

    // The English PDF of the 五一 week: a heading and the sentence under it stay on the page
    // of the table they introduce (they were once left at the foot of page 2), one request
    // is "1 request".
    let pdf = sb.dir.path().join("weekly-en.pdf");
    english("2026-05-04", &["--week", "2026-W18"], &pdf);
    let text = pdf_text(&pdf);
    let page = text
        .split('\u{c}')
        .find(|p| p.contains("4. Price-limit violations"))
        .expect("the violations section");
    assert!(
        page.contains("Reporter") && page.contains("JS-M5"),
        "the violations heading without its table:\n{page}"
    );
    assert!(text.contains("1 request waiting for approval"), "{text}");
    let core = AppCore::new(sb.db.clone());
    core.set_clock(Clock::Fixed(d("2026-05-04")));
    for lang in [Lang::ZhCn, Lang::En] {
        core.set_lang(lang).unwrap();
        let done = core
            .export_weekly_report(
                IsoWeek::parse("2026-W18", "week").unwrap(),
                &sb.dir.path().join("check.pdf"),
                &mut |_, _| {},
            )
            .unwrap();
        assert!(
            done.missing_glyphs.is_empty(),
            "{lang:?}: {}",
            done.missing_glyphs
        );
    }

    // A week the year does not have, or a wrong extension: usage (2), nothing written.
    let bad = sb.dir.path().join("bad.pdf");
    let o = sb.cli(&[
        "weekly-report",
        "--week",
        "2027-W53",
        "--out",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("2027 年没有第 53 周"), "{}", stderr(&o));
    assert!(!bad.exists());
    let txt = sb.dir.path().join("weekly.txt");
    let o = sb.cli(&[
        "weekly-report",
        "--week",
        "2026-W18",
        "--out",
        txt.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(!txt.exists());
}
