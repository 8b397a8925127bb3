//! End to end, the Monday dashboard and the weekly report 周报 in the real window: on the demo
//! with today fixed at Monday 2026-05-04, the week's cards tell the 五一 story (the competitors'
//! cuts of the last 7 days and of the 五一 window, 雅迪's special price, the broken price limit,
//! 安徽 behind on training, the materials line over plan, no session this week); a move opens
//! the sightings behind it; the 五一 week's report (2026-W18) is written with two decisions and
//! exported through Rust's save dialog, then read back; the dashboard in English.

use super::{
    click_until, go, session_with_args, shot, switch_lang, tid, wait_contains, wait_text, TITLE,
};
use fantoccini::Client;
use marketdesk_tests::Sandbox;
use std::time::{Duration, Instant};

async fn type_into(c: &Client, id: &str, text: &str) {
    let e = tid(c, id).await;
    e.clear().await.unwrap();
    e.send_keys(text).await.unwrap();
}

#[test]
fn the_monday_dashboard_tells_the_wuyi_story_and_the_weekly_report_is_exported() {
    let sb = Sandbox::new();
    assert!(sb.cli(&["demo"]).status.success());
    let report = sb.dir.path().join("周报 2026-W18.pdf");
    let args = [
        "--today".to_string(),
        "2026-05-04".to_string(),
        "--scripted-save".to_string(),
        report.display().to_string(),
    ];
    let saved = report.clone();
    session_with_args(&sb, &args, |c| async move {
        wait_text(
            &c,
            "[data-testid='week-label']",
            "2026年第19周（5月4日–5月10日）",
        )
        .await;
        // Competitors: the 7 days to Monday against the 14 before, and the 五一 window.
        wait_contains(&c, "[data-testid='week-moves']", "雅迪 冠能Q7").await;
        wait_contains(
            &c,
            "[data-testid='week-holiday']",
            "2026 五一（2026-05-01 至 2026-05-05）",
        )
        .await;
        wait_contains(&c, "[data-testid='week-holiday']", "-12.69 %").await;
        wait_contains(
            &c,
            "[data-testid='week-activities']",
            "五一特价：冠能Q7 直降约 300 元",
        )
        .await;
        // The broken price limit of the campaign in the field.
        wait_contains(&c, "[data-testid='week-violations']", "江森五一焕新季").await;
        wait_contains(&c, "[data-testid='week-violations']", "条违规").await;
        // Training readiness for 五一: 安徽 furthest behind; no session this week.
        wait_contains(
            &c,
            "[data-testid='dash-training']",
            "培训就绪：江森五一焕新季",
        )
        .await;
        wait_contains(&c, "[data-testid='dash-training']", "安徽 · 13.33 % (2/15)").await;
        tid(&c, "week-sessions-empty").await;
        // The materials line over plan.
        wait_contains(
            &c,
            "[data-testid='dash-budget']",
            "物料 · 江森五一焕新季 · 110.67 %",
        )
        .await;
        shot(&c, "67-zh-monday-dashboard").await;
        c.execute(
            "document.querySelector(\"[data-testid='dash-budget']\").scrollIntoView()",
            vec![],
        )
        .await
        .unwrap();
        shot(&c, "67b-zh-monday-dashboard-below").await;

        // A move opens the sightings behind it.
        click_until(
            &c,
            "week-holiday-list-row",
            "[data-testid='filter-product']",
        )
        .await;
        wait_text(&c, TITLE, "竞品跟踪").await;
        go(&c, "dashboard", "总览").await;

        // The 五一 week's report: a week the year does not have is refused by its field.
        tid(&c, "open-weekly").await.click().await.unwrap();
        wait_contains(&c, "[data-testid='weekly-label']", "2026年第19周").await;
        type_into(&c, "weekly-week", "2026-W60").await;
        tid(&c, "weekly-show").await.click().await.unwrap();
        wait_contains(
            &c,
            "[data-testid='weekly-week-error']",
            "2026 年没有第 60 周",
        )
        .await;
        type_into(&c, "weekly-week", "2026-W18").await;
        tid(&c, "weekly-show").await.click().await.unwrap();
        wait_text(
            &c,
            "[data-testid='weekly-label']",
            "2026年第18周（4月27日–5月3日）",
        )
        .await;
        wait_contains(&c, "[data-testid='weekly-summary']", "竞品变动 13 项").await;
        type_into(&c, "weekly-decisions", "1. 是否跟进雅迪冠能Q7 直降 300 元").await;
        let enter = char::from(fantoccini::key::Key::Enter).to_string();
        tid(&c, "weekly-decisions")
            .await
            .send_keys(&format!("{enter}2. 安徽导购五一前补训"))
            .await
            .unwrap();
        shot(&c, "68-zh-weekly-report-dialog").await;
        tid(&c, "weekly-export").await.click().await.unwrap();
        let deadline = Instant::now() + Duration::from_secs(60);
        while !saved.exists() && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        wait_contains(&c, "[data-testid='toast']", "已导出").await;
        tid(&c, "weekly-close").await.click().await.unwrap();
        // Kept with the week: reopened, the W18 decisions are there, one per line.
        tid(&c, "open-weekly").await.click().await.unwrap();
        type_into(&c, "weekly-week", "2026W18").await;
        tid(&c, "weekly-show").await.click().await.unwrap();
        wait_text(
            &c,
            "[data-testid='weekly-label']",
            "2026年第18周（4月27日–5月3日）",
        )
        .await;
        let kept = tid(&c, "weekly-decisions")
            .await
            .prop("value")
            .await
            .unwrap();
        assert_eq!(
            kept.as_deref(),
            Some("1. 是否跟进雅迪冠能Q7 直降 300 元\n2. 安徽导购五一前补训")
        );
        tid(&c, "weekly-close").await.click().await.unwrap();

        // English.
        go(&c, "settings", "设置").await;
        switch_lang(&c, "lang-en", "Settings").await;
        go(&c, "dashboard", "Dashboard").await;
        wait_text(
            &c,
            "[data-testid='week-label']",
            "Week 19, 2026 (4 May – 10 May)",
        )
        .await;
        wait_contains(
            &c,
            "[data-testid='week-holiday']",
            "Holiday window: 2026 May Day",
        )
        .await;
        wait_contains(&c, "[data-testid='dash-training']", "Training readiness").await;
        shot(&c, "69-en-monday-dashboard").await;
    });
    // The report as written: its sections and the two decisions, kept with the week.
    let text = std::process::Command::new("pdftotext")
        .args(["-layout", &report.display().to_string(), "-"])
        .output()
        .expect("pdftotext");
    let text = String::from_utf8_lossy(&text.stdout);
    for want in [
        "市场部周报 2026-W18",
        "2026年第18周（4月27日–5月3日）",
        "竞品动态",
        "限价违规",
        "培训就绪",
        "预算风险",
        "是否跟进雅迪冠能Q7 直降 300 元",
        "安徽导购五一前补训",
    ] {
        assert!(text.contains(want), "{want} not in the report:\n{text}");
    }
}
