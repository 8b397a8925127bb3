//! Templates that fit a promotion of any length: work anchored to the start, to the end or
//! spanning the campaign, dependencies kept, and a copy to a longer holiday next year that
//! keeps the review after the end — hand-computed.

use super::{campaign_input, demo_core, empty_core, mayday_id};
use marketdesk_lib::core::campaigns::{TemplateUse, TimelineQuery};
use marketdesk_lib::core::AppCore;
use marketdesk_lib::domain::campaigns::templates::Anchor;
use marketdesk_tests::{fixture, stderr, stdout, Sandbox};
use serde_json::Value;
use std::collections::BTreeSet;

fn day(s: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn from_builtin(core: &AppCore, name: &str, start: &str, end: &str) -> i64 {
    let template = core.campaign_templates().unwrap().remove(0);
    assert!(template.builtin);
    core.create_from_template(TemplateUse {
        template_id: template.id,
        campaign: campaign_input(name, start, end, vec![]),
    })
    .unwrap()
}

fn task_days(core: &AppCore, id: i64, title: &str) -> (String, String) {
    let page = core.campaign_page(id).unwrap();
    let t = page
        .tasks
        .iter()
        .find(|t| t.title.starts_with(title))
        .unwrap_or_else(|| panic!("{title}"));
    (t.start.to_string(), t.due.to_string())
}

/// The dependency graph of a campaign as (task, the task it waits for) titles.
fn graph(core: &AppCore, id: i64) -> BTreeSet<(String, String)> {
    let page = core.campaign_page(id).unwrap();
    let title = |id: &i64| {
        page.tasks
            .iter()
            .find(|t| t.id == *id)
            .unwrap()
            .title
            .clone()
    };
    page.tasks
        .iter()
        .flat_map(|t| t.depends_on.iter().map(|d| (t.title.clone(), title(d))))
        .collect()
}

fn dd(a: &str, b: &str) -> (String, String) {
    (a.to_string(), b.to_string())
}

#[test]
fn the_built_in_template_fits_a_promotion_of_any_length() {
    let sb = Sandbox::new();
    let core = empty_core(&sb);
    let t = core.campaign_templates().unwrap().remove(0);
    let item = |title: &str| t.items.iter().find(|i| i.title == title).unwrap();
    assert_eq!(item("每日价格监控").anchor, Anchor::Span);
    assert_eq!(item("每日价格监控").when, "活动期间");
    assert_eq!(item("活动复盘").anchor, Anchor::End);
    assert_eq!(item("活动复盘").when, "结束后 1 天至结束后 3 天");
    assert_eq!(item("方案审批").when, "开始前 40 天至开始前 30 天");

    // 五一, 5 days: the same days as before the anchors.
    let mayday = from_builtin(&core, "五一", "2026-05-01", "2026-05-05");
    assert_eq!(
        task_days(&core, mayday, "每日价格监控"),
        dd("2026-05-01", "2026-05-05")
    );
    assert_eq!(
        task_days(&core, mayday, "活动复盘"),
        dd("2026-05-06", "2026-05-08")
    );
    // 618, 18 days: monitoring covers all of it, the review follows the 18th.
    let six = from_builtin(&core, "江森618年中大促", "2026-06-01", "2026-06-18");
    assert_eq!(
        task_days(&core, six, "每日价格监控"),
        dd("2026-06-01", "2026-06-18")
    );
    assert_eq!(
        task_days(&core, six, "活动复盘"),
        dd("2026-06-19", "2026-06-21")
    );
    assert_eq!(
        task_days(&core, six, "活动方案策划"),
        dd("2026-04-02", "2026-04-17")
    );
    assert_eq!(
        task_days(&core, six, "销售培训"),
        dd("2026-05-22", "2026-05-25")
    );
    // One day.
    let one = from_builtin(&core, "路演日", "2026-09-10", "2026-09-10");
    assert_eq!(
        task_days(&core, one, "每日价格监控"),
        dd("2026-09-10", "2026-09-10")
    );
    assert_eq!(
        task_days(&core, one, "活动复盘"),
        dd("2026-09-11", "2026-09-13")
    );
    // Across the year's end.
    let ny = from_builtin(&core, "元旦", "2026-12-28", "2027-01-03");
    assert_eq!(
        task_days(&core, ny, "活动复盘"),
        dd("2027-01-04", "2027-01-06")
    );
    assert_eq!(
        task_days(&core, ny, "竞品调研与价格摸底"),
        dd("2026-10-19", "2026-10-29")
    );
    // The plan's order comes with the tasks, and the timeline draws it.
    let deps = graph(&core, six);
    assert!(
        deps.contains(&dd("方案审批", "活动方案策划（主题、特价政策、终端限价）")),
        "{deps:?}"
    );
    assert!(deps.contains(&dd("活动复盘", "每日价格监控")), "{deps:?}");
    assert_eq!(deps.len(), 7);
    let tl = core
        .campaign_timeline(TimelineQuery {
            from: day("2026-03-01"),
            months: 5,
        })
        .unwrap();
    let lines = tl
        .dependencies
        .iter()
        .filter(|d| tl.plan[d.from].campaign_id == six && tl.plan[d.to].campaign_id == six)
        .count();
    assert_eq!(lines, 7, "{:?}", tl.dependencies);
}

#[test]
fn a_campaign_saved_as_a_template_keeps_its_dependency_graph_and_anchors() {
    let sb = Sandbox::new();
    let core = demo_core(&sb);
    let mayday = mayday_id(&core);
    let before = graph(&core, mayday);
    assert!(!before.is_empty(), "the demo's 五一 plan has dependencies");
    let tid = core.save_as_template(mayday, "五一打法".into()).unwrap();
    let again = core
        .create_from_template(TemplateUse {
            template_id: tid,
            campaign: campaign_input("江森国庆 2027", "2027-09-28", "2027-10-07", vec![]),
        })
        .unwrap();
    assert_eq!(graph(&core, again), before, "the same graph");
    // Work after the end of 五一 (the review) stays after the end of a longer campaign.
    let tpl = core
        .campaign_templates()
        .unwrap()
        .into_iter()
        .find(|t| t.id == tid)
        .unwrap();
    let page = core.campaign_page(mayday).unwrap();
    for task in &page.tasks {
        let item = tpl.items.iter().find(|i| i.title == task.title).unwrap();
        let expected = if task.start > page.campaign.end {
            Anchor::End
        } else if task.start == page.campaign.start && task.due == page.campaign.end {
            Anchor::Span
        } else {
            Anchor::Start
        };
        assert_eq!(item.anchor, expected, "{}", task.title);
    }
}

/// 国庆 2026 (1–7 October) copied to 2027, whose 国庆 runs a day longer (1–8 October): the
/// campaign follows the holiday, monitoring covers it, the review still starts after it ends,
/// the plan keeps T-60, and the dependencies come along.
#[test]
fn a_copy_to_a_longer_holiday_keeps_the_review_after_the_end() {
    let sb = Sandbox::new();
    let core = empty_core(&sb);
    let template = core.campaign_templates().unwrap().remove(0);
    let mut input = campaign_input("江森国庆感恩季", "2026-10-01", "2026-10-07", vec![]);
    input.holiday_year = Some(2026);
    input.holiday_name = Some("国庆".into());
    let id = core
        .create_from_template(TemplateUse {
            template_id: template.id,
            campaign: input,
        })
        .unwrap();
    assert_eq!(
        task_days(&core, id, "活动复盘"),
        dd("2026-10-08", "2026-10-10")
    );
    core.import_holidays_file(&fixture("holidays_2027_national_day.json"), false)
        .unwrap();
    let copy = core.copy_campaign_to_year(id, 2027).unwrap();
    let p = core.campaign_page(copy).unwrap();
    assert_eq!(
        (p.campaign.start.to_string(), p.campaign.end.to_string()),
        dd("2027-10-01", "2027-10-08")
    );
    assert_eq!(
        task_days(&core, copy, "每日价格监控"),
        dd("2027-10-01", "2027-10-08")
    );
    assert_eq!(
        task_days(&core, copy, "活动复盘"),
        dd("2027-10-09", "2027-10-11")
    );
    assert_eq!(
        task_days(&core, copy, "活动方案策划"),
        dd("2027-08-02", "2027-08-17")
    );
    let posters = p.materials.iter().find(|m| m.item == "门店海报").unwrap();
    assert_eq!(posters.due.to_string(), "2027-09-17", "T-14 from the start");
    assert_eq!(graph(&core, copy), graph(&core, id));
}

#[test]
fn the_cli_creates_a_campaign_from_a_template_and_lists_the_templates() {
    let sb = Sandbox::new();
    assert!(sb.cli(&["init"]).status.success());
    let out = sb.cli(&[
        "campaign",
        "new",
        "--name",
        "江森618年中大促",
        "--type",
        "节日促销",
        "--start",
        "2026-06-01",
        "--end",
        "2026-06-18",
        "--regions",
        "山东,江苏",
        "--template",
        "节日促销标准流程",
        "--holiday",
        "618",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let c: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(c["name"], "江森618年中大促");
    assert_eq!(c["regions"], serde_json::json!(["江苏", "山东"]));
    assert_eq!(c["holiday"]["name"], "618");
    let tasks = c["tasks"].as_array().unwrap();
    let task = |title: &str| {
        tasks
            .iter()
            .find(|t| t["title"].as_str().unwrap().starts_with(title))
            .unwrap()
    };
    assert_eq!(task("每日价格监控")["start"], "2026-06-01");
    assert_eq!(task("每日价格监控")["due"], "2026-06-18");
    assert_eq!(task("活动复盘")["start"], "2026-06-19");
    assert_eq!(
        task("活动复盘")["depends_on"],
        serde_json::json!(["每日价格监控"])
    );
    assert_eq!(
        task("方案审批")["depends_on"],
        serde_json::json!(["活动方案策划（主题、特价政策、终端限价）"])
    );
    // `campaign NAME` prints the same.
    let shown: Value =
        serde_json::from_str(&stdout(&sb.cli(&["campaign", "江森618年中大促"]))).unwrap();
    assert_eq!(shown, c);
    // An unknown template or region is a usage error, and nothing is created.
    let bad = sb.cli(&[
        "campaign",
        "new",
        "--name",
        "x",
        "--type",
        "路演",
        "--start",
        "2026-07-01",
        "--end",
        "2026-07-02",
        "--template",
        "没有这个",
    ]);
    assert_eq!(bad.status.code(), Some(2), "{}", stderr(&bad));
    let list: Value =
        serde_json::from_str(&stdout(&sb.cli(&["campaigns", "--format", "json"]))).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);

    let t: Value =
        serde_json::from_str(&stdout(&sb.cli(&["templates", "--format", "json"]))).unwrap();
    let items = t[0]["items"].as_array().unwrap();
    let review = items.iter().find(|i| i["title"] == "活动复盘").unwrap();
    assert_eq!(review["anchor"], "end");
    assert_eq!(
        (
            review["start_offset"].as_i64(),
            review["due_offset"].as_i64()
        ),
        (Some(1), Some(3))
    );
    assert_eq!(review["when"], "结束后 1 天至结束后 3 天");
    assert_eq!(review["depends_on"], serde_json::json!(["每日价格监控"]));
}
