//! The campaign calendar on real SQLite files: status rules, sub-activities, dependencies,
//! templates and re-anchoring, the terminal-price-limit check and price position on
//! hand-computed cases, the schedule and price-limit imports (with rejections, re-import and
//! undo), the month calendar and timeline, and the CLI.

mod templates;

use marketdesk_lib::context::Clock;
use marketdesk_lib::core::campaigns::{ItemKind, StatusInput, TemplateUse, TimelineQuery};
use marketdesk_lib::core::AppCore;
use marketdesk_lib::domain::campaigns::forms::{CampaignInput, OfferInput, TaskInput};
use marketdesk_lib::domain::campaigns::{CampaignKind, Status, WorkStatus};
use marketdesk_lib::store::batches::RecordKind;
use marketdesk_lib::store::competitors::SightingInput;
use marketdesk_tests::{fixture, stderr, stdout, Sandbox};
use serde_json::Value;

fn day(s: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn empty_core(sb: &Sandbox) -> AppCore {
    let core = AppCore::new(sb.db.clone());
    core.start_empty().unwrap();
    core
}

fn demo_core(sb: &Sandbox) -> AppCore {
    let core = AppCore::new(sb.db.clone());
    core.start_demo().unwrap();
    core
}

fn region(core: &AppCore, short: &str) -> i64 {
    core.list_regions()
        .unwrap()
        .into_iter()
        .find(|r| r.short_name == short)
        .unwrap()
        .id
}

fn campaign_input(name: &str, start: &str, end: &str, regions: Vec<i64>) -> CampaignInput {
    CampaignInput {
        name: name.into(),
        kind: Some(CampaignKind::Holiday),
        start: start.into(),
        end: end.into(),
        region_ids: regions,
        ..Default::default()
    }
}

fn mayday_id(core: &AppCore) -> i64 {
    core.find_campaign("江森五一焕新季").unwrap()
}

#[test]
fn status_moves_only_along_the_allowed_path_and_is_recorded() {
    let sb = Sandbox::new();
    let core = empty_core(&sb);
    let sd = region(&core, "山东");
    let id = core
        .save_campaign(campaign_input("五一", "2026-05-01", "2026-05-05", vec![sd]))
        .unwrap();
    let go = |to: Status, note: &str| {
        core.set_campaign_status(StatusInput {
            id,
            to,
            note: note.into(),
        })
    };
    let refused = go(Status::Approved, "").unwrap_err();
    assert_eq!(refused.code(), "invalid");
    go(Status::Planned, "初稿").unwrap();
    go(Status::Approved, "总经理批准").unwrap();
    assert!(
        go(Status::Done, "").is_err(),
        "Approved cannot jump to Done"
    );
    go(Status::Running, "").unwrap();
    go(Status::Done, "").unwrap();
    assert!(go(Status::Cancelled, "").is_err(), "Done is final");
    let page = core.campaign_page(id).unwrap();
    assert_eq!(page.campaign.status, Status::Done);
    assert!(page.campaign.next.is_empty());
    let steps: Vec<(Option<Status>, Status, &str)> = page
        .history
        .iter()
        .map(|h| (h.from, h.to, h.note.as_str()))
        .collect();
    assert_eq!(
        steps,
        vec![
            (None, Status::Draft, ""),
            (Some(Status::Draft), Status::Planned, "初稿"),
            (Some(Status::Planned), Status::Approved, "总经理批准"),
            (Some(Status::Approved), Status::Running, ""),
            (Some(Status::Running), Status::Done, ""),
        ]
    );
    assert!(
        page.history.iter().all(|h| h.at.len() == 19),
        "each step has its time"
    );
}

#[test]
fn sub_activities_stay_inside_their_parent_and_bad_input_writes_nothing() {
    let sb = Sandbox::new();
    let core = empty_core(&sb);
    let sd = region(&core, "山东");
    let parent = core
        .save_campaign(campaign_input("五一", "2026-04-28", "2026-05-05", vec![sd]))
        .unwrap();
    let mut sub = campaign_input("济南路演", "2026-05-04", "2026-05-06", vec![sd]);
    sub.parent_id = Some(parent);
    sub.kind = Some(CampaignKind::Roadshow);
    let e = core.save_campaign(sub.clone()).unwrap_err();
    assert_eq!(e.field(), Some("start"));
    sub.end = "2026-05-05".into();
    let child = core.save_campaign(sub).unwrap();
    let page = core.campaign_page(parent).unwrap();
    assert_eq!(page.children.len(), 1);
    assert_eq!(page.children[0].id, child);
    // Moving the parent so the child falls outside is refused.
    let mut moved = campaign_input("五一", "2026-04-28", "2026-05-03", vec![sd]);
    moved.id = Some(parent);
    assert!(core.save_campaign(moved).is_err());
    assert_eq!(
        core.campaign_page(parent).unwrap().campaign.end.to_string(),
        "2026-05-05"
    );
    // End before start, and an unreadable amount, name their fields.
    let e = core
        .save_campaign(campaign_input("x", "2026-05-05", "2026-05-01", vec![sd]))
        .unwrap_err();
    assert_eq!(e.field(), Some("end"));
    let mut bad = campaign_input("x", "2026-05-01", "2026-05-05", vec![sd]);
    bad.target_revenue = "三百万".into();
    assert_eq!(
        core.save_campaign(bad).unwrap_err().field(),
        Some("target_revenue")
    );
    assert_eq!(core.list_campaigns().unwrap().len(), 2);
}

#[test]
fn a_dependency_cycle_is_refused_naming_it() {
    let sb = Sandbox::new();
    let core = empty_core(&sb);
    let id = core
        .save_campaign(campaign_input("五一", "2026-05-01", "2026-05-05", vec![]))
        .unwrap();
    let group = core.task_groups().unwrap()[0].id;
    let task = |title: &str, deps: Vec<i64>, id_: Option<i64>| TaskInput {
        id: id_,
        campaign_id: id,
        title: title.into(),
        group_id: Some(group),
        owner: "张伟".into(),
        start: "2026-03-01".into(),
        due: "2026-03-10".into(),
        status: WorkStatus::Todo,
        depends_on: deps,
    };
    let plan = core.save_task(task("策划", vec![], None)).unwrap();
    let approve = core.save_task(task("审批", vec![plan], None)).unwrap();
    let design = core.save_task(task("设计", vec![approve], None)).unwrap();
    let e = core
        .save_task(task("策划", vec![design], Some(plan)))
        .unwrap_err();
    assert_eq!(e.field(), Some("depends_on"));
    assert_eq!(
        e.message(marketdesk_lib::i18n::Lang::ZhCn),
        "依赖关系成环：策划 → 设计 → 审批 → 策划。请去掉其中一个依赖。"
    );
    // Nothing changed: 策划 still depends on nothing.
    let tasks = core.campaign_page(id).unwrap().tasks;
    let p = tasks.iter().find(|t| t.id == plan).unwrap();
    assert!(p.depends_on.is_empty());
    assert_eq!(
        tasks.iter().find(|t| t.id == design).unwrap().depends_on,
        vec![approve]
    );
}

#[test]
fn a_template_places_work_around_the_launch_day_and_a_copy_follows_next_years_holiday() {
    let sb = Sandbox::new();
    let core = empty_core(&sb);
    let template = core.campaign_templates().unwrap().remove(0);
    let mut input = campaign_input("五一焕新季", "2026-05-01", "2026-05-05", vec![]);
    input.holiday_year = Some(2026);
    input.holiday_name = Some("五一".into());
    let id = core
        .create_from_template(TemplateUse {
            template_id: template.id,
            campaign: input,
        })
        .unwrap();
    let page = core.campaign_page(id).unwrap();
    let tasks = template
        .items
        .iter()
        .filter(|i| i.item_type == "task")
        .count();
    assert_eq!(page.tasks.len(), tasks);
    assert_eq!(page.materials.len(), template.items.len() - tasks);
    let plan = page
        .tasks
        .iter()
        .find(|t| t.title.starts_with("活动方案策划"))
        .unwrap();
    assert_eq!(
        (plan.start.to_string(), plan.due.to_string()),
        ("2026-03-02".into(), "2026-03-17".into())
    );
    let review = page.tasks.iter().find(|t| t.title == "活动复盘").unwrap();
    assert_eq!(review.due.to_string(), "2026-05-08", "T+7");
    let posters = page
        .materials
        .iter()
        .find(|m| m.item == "门店海报")
        .unwrap();
    assert_eq!(posters.due.to_string(), "2026-04-17", "T-14");

    // 2027 has no holiday data yet: the error names the year.
    let e = core.copy_campaign_to_year(id, 2027).unwrap_err();
    assert!(
        e.message(marketdesk_lib::i18n::Lang::ZhCn).contains("2027"),
        "{e:?}"
    );
    core.import_holidays_file(&fixture("holidays_2027.json"), false)
        .unwrap();
    let copy = core.copy_campaign_to_year(id, 2027).unwrap();
    let p2 = core.campaign_page(copy).unwrap();
    assert_eq!(p2.campaign.start.to_string(), "2027-05-01");
    assert_eq!(p2.campaign.end.to_string(), "2027-05-05");
    assert_eq!(p2.campaign.status, Status::Draft);
    assert_eq!(p2.campaign.holiday_year, Some(2027));
    let plan27 = p2
        .tasks
        .iter()
        .find(|t| t.title.starts_with("活动方案策划"))
        .unwrap();
    assert_eq!(
        plan27.due.to_string(),
        "2027-03-17",
        "same offset from the holiday"
    );
    assert_eq!(p2.materials.len(), page.materials.len());
}

/// Hand-computed: limit ¥3,049 ± ¥20 for JS-M5 in 山东 during 1–5 May.
#[test]
fn compliance_and_price_position_on_hand_computed_sightings() {
    let sb = Sandbox::new();
    let core = empty_core(&sb);
    // Our brand and a competitor, one segment.
    let brand = |name: &str, is_own: bool| {
        core.save_brand(marketdesk_lib::domain::reference::BrandInput {
            id: None,
            name: name.into(),
            is_own,
            notes: String::new(),
        })
        .unwrap()
        .id
    };
    let own = brand("江森", true);
    let comp = brand("雅迪", false);
    let product = |brand_id: i64, model: &str| {
        core.save_product(marketdesk_lib::store::competitors::ProductInput {
            id: None,
            brand_id: Some(brand_id),
            model: model.into(),
            category: String::new(),
            segment: "都市通勤".into(),
            list_price: String::new(),
            launched_on: String::new(),
            active: true,
        })
        .unwrap()
    };
    let ours = product(own, "JS-M5");
    let theirs = product(comp, "Q7-X");
    let (sd, hn) = (region(&core, "山东"), region(&core, "河南"));
    let channel = core.list_channels().unwrap()[0].id;
    let sight = |p: i64, r: i64, day: &str, regular: &str, promo: &str| {
        core.add_sighting(SightingInput {
            product_id: Some(p),
            region_id: Some(r),
            channel_id: Some(channel),
            observed_on: day.into(),
            regular: regular.into(),
            promo: promo.into(),
            reporter: "王磊".into(),
            note: String::new(),
        })
        .unwrap()
    };
    let id = core
        .save_campaign(campaign_input(
            "五一",
            "2026-05-01",
            "2026-05-05",
            vec![sd, hn],
        ))
        .unwrap();
    core.save_offer(OfferInput {
        campaign_id: id,
        product_id: Some(ours),
        region_ids: vec![sd],
        regular: "3299".into(),
        special: "2999".into(),
        limit: "3,049".into(),
        tolerance: "20".into(),
        ratio: "1:2".into(),
        units: "300".into(),
        gap_min: "50".into(),
        gap_max: "100".into(),
    })
    .unwrap();
    // A competitor's product cannot have an offer.
    let e = core
        .save_offer(OfferInput {
            campaign_id: id,
            product_id: Some(theirs),
            regular: "3399".into(),
            special: "3099".into(),
            limit: "3149".into(),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(e.field(), Some("product_id"));

    let above = sight(ours, sd, "2026-05-01", "3299", ""); // +250.00
    let below = sight(ours, sd, "2026-05-02", "2900", ""); // −149.00
    sight(ours, sd, "2026-05-03", "3060", ""); // inside tolerance
    sight(ours, sd, "2026-05-04", "3069", ""); // exactly limit + tolerance
    sight(ours, sd, "2026-05-05", "3299", "3049"); // promo price at the limit
    sight(ours, sd, "2026-04-30", "3299", ""); // before the campaign
    sight(ours, sd, "2026-05-06", "3299", ""); // after it
    sight(ours, hn, "2026-05-02", "3299", ""); // 河南: no offer there
    sight(theirs, sd, "2026-05-01", "3299", "2999"); // competitor: ignored by compliance
    sight(theirs, sd, "2026-05-02", "3099", "");

    let c = core.compliance(id).unwrap();
    assert_eq!(c.checked, 5);
    let got: Vec<(i64, String, i64, i64)> = c
        .violations
        .iter()
        .map(|v| {
            (
                v.observation_id,
                v.date.to_string(),
                v.price_fen,
                v.diff_fen,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (above, "2026-05-01".into(), 329_900, 25_000),
            (below, "2026-05-02".into(), 290_000, -14_900),
        ]
    );
    assert_eq!(c.regions.len(), 1);
    let r = &c.regions[0];
    assert_eq!((r.checked, r.violations), (5, 2));
    assert_eq!(r.largest_diff_fen, Some(25_000));
    assert_eq!(r.mean_diff_fen, Some(5_050), "(25000 − 14900) / 2");

    // Price position: our lowest per day against the competitor's lowest the same day.
    let pos = core.price_position(id).unwrap();
    let days: Vec<(String, i64, i64, i64, bool)> = pos
        .iter()
        .map(|p| {
            (
                p.date.to_string(),
                p.ours_fen,
                p.competitor_fen,
                p.gap_fen,
                p.outside,
            )
        })
        .collect();
    assert_eq!(
        days,
        vec![
            ("2026-05-01".into(), 329_900, 299_900, 30_000, true),
            ("2026-05-02".into(), 290_000, 309_900, -19_900, true),
        ]
    );
    assert_eq!(pos[0].competitor, "雅迪 Q7-X");
}

#[test]
fn demo_compliance_finds_dealers_above_the_limit_by_150_to_300_yuan() {
    let sb = Sandbox::new();
    let core = demo_core(&sb);
    let id = mayday_id(&core);
    let c = core.compliance(id).unwrap();
    assert!(!c.violations.is_empty());
    let names: Vec<&str> = c.regions.iter().map(|r| r.region.as_str()).collect();
    assert_eq!(
        names,
        vec!["江苏", "山东"],
        "in the order of the region codes"
    );
    assert!(c
        .violations
        .iter()
        .all(|v| v.product == "JS-M5" && v.limit_fen == 304_900));
    assert!(c
        .violations
        .iter()
        .any(|v| v.diff_fen == 25_000 && v.note.contains("未执行特价")));
    // Compared with the sightings themselves, computed independently in SQL.
    let conn = rusqlite::Connection::open(&sb.db).unwrap();
    let expected: i64 = conn
        .query_row(
            "SELECT count(*) FROM price_observations o JOIN products p ON p.id = o.product_id
             JOIN regions r ON r.id = o.region_id
             WHERE p.model = 'JS-M5' AND r.short_name IN ('山东', '江苏')
               AND o.observed_on BETWEEN '2026-04-28' AND '2026-05-05' AND o.effective_fen <> 304900",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(c.violations.len() as i64, expected);
    let sorted = c
        .violations
        .windows(2)
        .all(|w| (w[0].date, &w[0].region) <= (w[1].date, &w[1].region));
    assert!(sorted);
    // The review: results against targets, late work, competitor moves in the window.
    let review = core.campaign_review(id).unwrap();
    assert_eq!(review.actual_units, 10_500);
    assert_eq!(review.units_bp, Some(8_750));
    assert!(review
        .late
        .iter()
        .any(|l| l.title == "门店海报" && l.days_late == 10));
    assert!(review
        .late
        .iter()
        .any(|l| l.title == "物料设计" && l.days_late == 5));
    assert!(review
        .competitor_moves
        .iter()
        .any(|m| m.brand == "雅迪" && m.change_pct < 0.0));
    assert!(review.competitor_moves.iter().all(|m| m.brand != "江森"));
}

#[test]
fn month_calendar_and_timeline_show_the_plan_with_holidays_and_the_competition() {
    let sb = Sandbox::new();
    let core = demo_core(&sb);
    let may = core.campaign_month(2026, 5).unwrap();
    let first = &may.weeks[0][0];
    assert_eq!(
        first.date.to_string(),
        "2026-04-27",
        "weeks start on Monday"
    );
    let day = |d: &str| {
        may.weeks
            .iter()
            .flatten()
            .find(|x| x.date.to_string() == d)
            .unwrap()
            .clone()
    };
    let labour = day("2026-05-01");
    assert_eq!(labour.holiday.as_deref(), Some("五一"));
    assert!(labour.off_day);
    assert!(labour
        .items
        .iter()
        .any(|i| i.kind == ItemKind::Campaign && i.title == "江森五一焕新季"));
    assert!(labour
        .items
        .iter()
        .any(|i| i.kind == ItemKind::Sub && i.title == "济南万达广场路演"));
    assert!(day("2026-05-09").makeup_workday);
    assert!(!day("2026-05-06")
        .items
        .iter()
        .any(|i| i.title == "江森五一焕新季"));
    assert!(day("2026-05-08")
        .items
        .iter()
        .any(|i| i.kind == ItemKind::Task && i.title == "活动复盘"));

    let t = core
        .campaign_timeline(TimelineQuery {
            from: "2026-04-01".parse().unwrap(),
            months: 2,
        })
        .unwrap();
    assert_eq!(
        (t.from.to_string(), t.to.to_string(), t.days),
        ("2026-04-01".into(), "2026-05-31".into(), 61)
    );
    assert_eq!(t.months.len(), 2);
    let camp = t
        .plan
        .iter()
        .find(|b| b.kind == ItemKind::Campaign)
        .unwrap();
    assert_eq!((camp.offset, camp.days), (27, 8));
    assert!(t.plan.iter().any(|b| b.kind == ItemKind::Task));
    assert!(!t.dependencies.is_empty());
    assert!(t
        .competition
        .iter()
        .any(|b| b.kind == ItemKind::Activity && b.label.starts_with("雅迪")));
    let moves = core
        .campaign_timeline_moves(TimelineQuery {
            from: "2026-04-01".parse().unwrap(),
            months: 2,
        })
        .unwrap();
    let cut = moves
        .iter()
        .find(|b| {
            b.kind == ItemKind::Move && b.label.starts_with("雅迪") && b.detail.starts_with("山东")
        })
        .unwrap();
    assert_eq!(cut.status, "down");
    assert_eq!(
        (cut.start.to_string(), cut.offset),
        ("2026-04-28".into(), 27)
    );
    assert!(
        moves.iter().all(|b| !b.label.starts_with("江森")),
        "own brand is not competition"
    );
    assert!(t.holidays.iter().any(|h| h.label == "五一"));
}

/// The timeline's bands are read on the core's second connection: it sees every sighting the
/// main connection commits after it opened, and it closes before the main one, so no -wal file
/// is left beside the data file.
#[test]
fn timeline_bands_on_the_reader_connection_see_new_sightings_and_leave_no_wal() {
    let sb = Sandbox::new();
    let core = demo_core(&sb);
    let q = || TimelineQuery {
        from: "2026-04-01".parse().unwrap(),
        months: 2,
    };
    let band = |core: &AppCore| {
        core.campaign_timeline_moves(q())
            .unwrap()
            .into_iter()
            .find(|b| {
                b.kind == ItemKind::Move
                    && b.label.starts_with("雅迪")
                    && b.detail.starts_with("山东")
            })
            .map(|b| b.label)
    };
    let before = band(&core).expect("the demo's 雅迪 cut in 山东");
    // A much deeper 雅迪 cut in 山东 during 五一, sighted through the main connection.
    let products = core.list_products().unwrap();
    let yadi = products.iter().find(|p| p.brand == "雅迪").unwrap();
    core.add_sighting(SightingInput {
        product_id: Some(yadi.id),
        region_id: Some(region(&core, "山东")),
        channel_id: Some(core.list_channels().unwrap()[0].id),
        observed_on: "2026-05-02".into(),
        regular: "999".into(),
        promo: String::new(),
        reporter: "王磊".into(),
        note: String::new(),
    })
    .unwrap();
    let after = band(&core).unwrap();
    assert_ne!(before, after, "the reader sees the new sighting");
    assert!(after.contains(&yadi.model), "{after}");
    drop(core);
    let mut wal = sb.db.as_os_str().to_owned();
    wal.push("-wal");
    assert!(
        !std::path::Path::new(&wal).exists(),
        "the last connection to close checkpoints and removes the WAL"
    );
}

#[test]
fn schedule_import_rejects_with_row_and_column_and_a_reimport_updates_then_undoes() {
    let sb = Sandbox::new();
    let core = empty_core(&sb);
    let r = core
        .import_schedule_file(&fixture("campaigns_2026.xlsx"), None, false)
        .unwrap();
    assert_eq!(r.header_row, 3);
    assert_eq!(r.rows_read, 6);
    let rej: Vec<(usize, &str, &str)> = r
        .rejected
        .iter()
        .map(|x| (x.row, x.column.as_str(), x.reason.as_str()))
        .collect();
    assert_eq!(
        rej,
        vec![
            (7, "结束日期", "结束日期 2026-09-28 早于开始日期 2026-10-07"),
            (
                8,
                "区域",
                "“华东大区”既不是省份，也不是已建的销售区域（请先在设置里添加）"
            ),
            (
                9,
                "类型",
                "类型“团购”不认识：请写 节日促销、新品上市、路演、科室会 或 其他"
            ),
        ]
    );
    assert_eq!(
        r.created,
        vec!["五一焕新季", "618 线上大促", "JS-M7 新品上市"]
    );
    let list = core.list_campaigns().unwrap();
    assert_eq!(list.len(), 3);
    let mayday = list.iter().find(|c| c.name == "五一焕新季").unwrap();
    let names: Vec<&str> = mayday.regions.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, vec!["江苏", "安徽", "山东", "河南"]);
    assert_eq!(mayday.target_revenue_fen, Some(3_600_000_000));
    assert_eq!(mayday.target_units, Some(12_000));

    // A month later: the same campaign is updated, not duplicated.
    let v2 = core
        .import_schedule_file(&fixture("campaigns_2026_v2.xlsx"), None, false)
        .unwrap();
    assert_eq!(v2.updated, vec!["五一焕新季"]);
    assert_eq!(v2.created, vec!["端午龙舟季"]);
    let list = core.list_campaigns().unwrap();
    assert_eq!(list.len(), 4);
    let m = list.iter().find(|c| c.name == "五一焕新季").unwrap();
    assert_eq!(
        (m.end.to_string(), m.regions.len()),
        ("2026-05-06".into(), 5)
    );

    // Undo the second import: 端午 goes, 五一 is as the first import left it.
    let undone = core.undo_batch(v2.batch_id.unwrap()).unwrap();
    assert!(undone
        .names(RecordKind::Campaign)
        .contains(&"端午龙舟季".to_string()));
    let list = core.list_campaigns().unwrap();
    assert_eq!(list.len(), 3);
    let m = list.iter().find(|c| c.name == "五一焕新季").unwrap();
    assert_eq!(
        (m.end.to_string(), m.regions.len(), m.target_units),
        ("2026-05-05".into(), 4, Some(12_000))
    );
    // And a dry run writes nothing.
    let dry = core
        .import_schedule_file(&fixture("campaigns_2026_v2.xlsx"), None, true)
        .unwrap();
    assert!(dry.dry_run && dry.batch_id.is_none());
    assert_eq!(core.list_campaigns().unwrap().len(), 3);
}

#[test]
fn price_limit_import_makes_offers_rejects_competitors_and_foreign_regions_and_undoes() {
    let sb = Sandbox::new();
    let core = demo_core(&sb);
    let id = mayday_id(&core);
    let before = core.campaign_page(id).unwrap().offers.len();
    assert_eq!(before, 2);
    let r = core
        .import_limits_file(id, &fixture("limits_mayday.xlsx"), None, false)
        .unwrap();
    let rej: Vec<(usize, &str)> = r
        .rejected
        .iter()
        .map(|x| (x.row, x.column.as_str()))
        .collect();
    assert_eq!(
        rej,
        vec![(5, "品牌"), (6, "区域"), (7, "特价"), (8, "配比")]
    );
    assert!(r.rejected[0].reason.contains("竞品"), "{:?}", r.rejected[0]);
    assert_eq!(r.imported, 6, "JS-L3 × 4 regions, JS-M5 河南, JS-M7 安徽");
    assert_eq!(r.created, vec!["江森 JS-M7"]);
    let offers = core.campaign_page(id).unwrap().offers;
    assert_eq!(offers.len(), 8);
    let l3: Vec<&str> = offers
        .iter()
        .filter(|o| o.product == "JS-L3")
        .map(|o| o.region.as_str())
        .collect();
    assert_eq!(
        l3.len(),
        4,
        "an empty 区域 means all of the campaign's regions"
    );
    let m7 = offers.iter().find(|o| o.product == "JS-M7").unwrap();
    assert_eq!(
        (m7.ratio.as_deref(), m7.units, m7.limit_fen),
        (Some("2:1"), Some(80), 364_900)
    );
    let l3_row = offers.iter().find(|o| o.product == "JS-L3").unwrap();
    assert_eq!(
        (l3_row.tolerance_fen, l3_row.ratio.as_deref()),
        (2_000, Some("1:1"))
    );

    let undone = core.undo_batch(r.batch_id.unwrap()).unwrap();
    assert_eq!(undone.rows, 6);
    assert_eq!(undone.names(RecordKind::Product), ["江森 JS-M7"]);
    assert_eq!(core.campaign_page(id).unwrap().offers.len(), before);
    assert!(!core
        .list_products()
        .unwrap()
        .iter()
        .any(|p| p.model == "JS-M7"));
}

#[test]
fn overdue_and_due_this_week_span_all_campaigns() {
    let sb = Sandbox::new();
    let core = demo_core(&sb);
    // Monday 14 September 2026: the demo's 国庆 plan has open work due in August and early
    // September (overdue), a poster due today and stands due next Monday.
    core.set_clock(Clock::Fixed(day("2026-09-14")));
    let lists = core.due_lists().unwrap();
    assert_eq!(lists.today, day("2026-09-14"));
    let approval = lists
        .overdue
        .iter()
        .find(|w| w.campaign == "江森国庆感恩季" && w.title == "方案审批")
        .expect("the approval is overdue");
    assert_eq!(approval.days_late, 16);
    assert!(lists
        .overdue
        .iter()
        .all(|w| w.days_late > 0 && w.status != WorkStatus::Done));
    assert!(lists.this_week.iter().any(|w| w.title == "门店海报"));
    assert!(!lists.this_week.iter().any(|w| w.title == "展架"));
    assert!(lists
        .this_week
        .iter()
        .all(|w| w.due >= lists.today && w.due <= day("2026-09-20")));
}

#[test]
fn cli_campaigns_campaign_compliance_and_imports() {
    let sb = Sandbox::new();
    assert!(sb.cli(&["demo"]).status.success());
    let out = sb.cli(&["campaigns", "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let list: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let mayday = list
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "江森五一焕新季")
        .unwrap();
    assert_eq!(mayday["type"], "holiday");
    assert_eq!(mayday["start"], "2026-04-28");
    assert_eq!(mayday["status"], "done");
    assert_eq!(
        mayday["regions"],
        serde_json::json!(["江苏", "安徽", "山东", "河南"])
    );

    let id = mayday["id"].as_i64().unwrap().to_string();
    let out = sb.cli(&["campaign", &id, "--format", "json"]);
    let one: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let offers = one["offers"].as_array().unwrap();
    assert_eq!(offers.len(), 2);
    assert_eq!(offers[0]["limit_fen"], 304_900);
    assert_eq!(offers[0]["ratio"], "1:2");
    assert!(one["tasks"].as_array().unwrap().len() >= 8);
    assert!(!one["materials"].as_array().unwrap().is_empty());

    let out = sb.cli(&["compliance", "江森五一焕新季", "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let rows: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let rows = rows.as_array().unwrap();
    assert!(!rows.is_empty());
    for r in rows {
        assert_eq!(
            r["diff_fen"].as_i64().unwrap(),
            r["price_fen"].as_i64().unwrap() - r["limit_fen"].as_i64().unwrap()
        );
    }
    let out = sb.cli(&["compliance", "江森五一焕新季", "--format", "csv"]);
    assert!(stdout(&out)
        .starts_with("date,region,channel,brand,product,reporter,price_fen,limit_fen,diff_fen"));

    let out = sb.cli(&["compliance", "没有这个活动"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("没有这个活动"));

    // --strict with rejected rows writes nothing and exits 1.
    let file = fixture("campaigns_2026.xlsx");
    let out = sb.cli(&[
        "import",
        "campaigns",
        file.to_str().unwrap(),
        "--strict",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let rep: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(rep["rejected"].as_array().unwrap().len(), 3);
    assert_eq!(rep["imported"], 0);
    let out = sb.cli(&["campaigns", "--format", "json"]);
    let n = serde_json::from_str::<Value>(&stdout(&out))
        .unwrap()
        .as_array()
        .unwrap()
        .len();
    assert_eq!(n, 3, "the demo's three, nothing added");
    let out = sb.cli(&[
        "import",
        "campaigns",
        file.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let rep: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(rep["imported"], 3);

    let limits = fixture("limits_mayday.xlsx");
    let out = sb.cli(&[
        "import",
        "offers",
        "江森五一焕新季",
        limits.to_str().unwrap(),
        "--dry-run",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rep: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(rep["imported"], 6);
    let out = sb.cli(&["import", "offers", "不存在", limits.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("不存在"));
}

#[test]
fn the_timelines_one_pass_moves_equal_the_moves_view_for_each_window() {
    use marketdesk_lib::domain::competitors::MovesQuery;
    use marketdesk_lib::store::competitors::{
        competitor_move_bands, competitor_moves_in_windows, MoveWindow,
    };
    use marketdesk_lib::store::{OpenMode, Store};
    let sb = Sandbox::new();
    let core = demo_core(&sb);
    let (sd, hn, js) = (
        region(&core, "山东"),
        region(&core, "河南"),
        region(&core, "江苏"),
    );
    let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let windows = vec![
        MoveWindow {
            from: d("2026-05-01"),
            to: d("2026-05-05"),
            region_ids: vec![sd, hn],
        },
        MoveWindow {
            from: d("2026-04-28"),
            to: d("2026-05-03"),
            region_ids: vec![js],
        },
    ];
    let store = Store::open(&sb.db, OpenMode::MustExist).unwrap();
    let got = competitor_moves_in_windows(&store, &windows, 14, 500).unwrap();
    assert!(!got[0].is_empty(), "雅迪's 五一 cut in 山东 and 河南");
    for (w, moves) in windows.iter().zip(&got) {
        let view = core
            .price_moves(MovesQuery {
                from: w.from.to_string(),
                to: w.to.to_string(),
                baseline_days: Some(14),
                threshold_pct: Some(5.0),
            })
            .unwrap();
        let mut expected: Vec<(i64, i64, i64, i64, i64)> = view
            .moves
            .iter()
            .filter(|m| !m.own && w.region_ids.contains(&m.region_id))
            .map(|m| {
                (
                    m.product_id,
                    m.region_id,
                    m.channel_id,
                    m.baseline_fen,
                    m.window_fen,
                )
            })
            .collect();
        let mut mine: Vec<(i64, i64, i64, i64, i64)> = moves
            .iter()
            .map(|m| {
                (
                    m.product_id,
                    m.region_id,
                    m.channel_id,
                    m.baseline_fen,
                    m.window_fen,
                )
            })
            .collect();
        expected.sort();
        mine.sort();
        assert_eq!(mine, expected);
    }
    // The timeline's bands: per window, one per brand and region — its largest move.
    let bands = competitor_move_bands(&store, &windows, 14, 500).unwrap();
    for (moves, bands) in got.iter().zip(&bands) {
        let mut keys: Vec<(String, i64)> = moves
            .iter()
            .map(|m| (m.brand.clone(), m.region_id))
            .collect();
        keys.sort();
        keys.dedup();
        assert_eq!(bands.len(), keys.len());
        for b in bands {
            let largest = moves
                .iter()
                .filter(|m| m.brand == b.brand && m.region_id == b.region_id)
                .map(|m| m.change_pct.abs())
                .fold(0.0, f64::max);
            assert_eq!(b.change_pct.abs(), largest, "{} {}", b.brand, b.region);
        }
    }
    assert!(bands[0].iter().any(|b| b.brand == "雅迪"));
}

/// The calendar as .ics: parsed back with an iCalendar parser, stable UIDs across exports,
/// all-day DTEND the day after, Chinese intact, lines folded at 75 octets; a date range; both
/// languages; a wrong extension exits 2 and writes nothing.
#[test]
fn ics_export_parses_back_with_stable_uids_and_exclusive_all_day_ends() {
    use icalendar::{Calendar, Component, DatePerhapsTime};
    let sb = Sandbox::new();
    assert!(sb.cli(&["demo"]).status.success());
    let a = sb.dir.path().join("a.ics");
    let b = sb.dir.path().join("b.ics");
    for f in [&a, &b] {
        let out = sb.cli(&["ics", "--out", f.to_str().unwrap()]);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let text = std::fs::read_to_string(&a).unwrap();
    assert!(text.lines().all(|l| l.len() <= 75), "folded at 75 octets");
    let parse = |t: &str| -> Vec<(String, String, Option<String>, Option<String>)> {
        let cal: Calendar = t.parse().unwrap();
        let day = |d: Option<DatePerhapsTime>| d.map(|d| d.date_naive().to_string());
        cal.events()
            .map(|e| {
                (
                    e.get_uid().unwrap().to_string(),
                    e.get_summary().unwrap().to_string(),
                    day(e.get_start()),
                    day(e.get_end()),
                )
            })
            .collect()
    };
    let first = parse(&text);
    let second = parse(&std::fs::read_to_string(&b).unwrap());
    assert_eq!(first, second, "the same events with the same UIDs");
    let mayday = first.iter().find(|e| e.1 == "江森五一焕新季").unwrap();
    assert_eq!(
        (mayday.2.as_deref(), mayday.3.as_deref()),
        (Some("2026-04-28"), Some("2026-05-06")),
        "DTEND is the day after the last day"
    );
    assert!(text.contains("DTSTART;VALUE=DATE:20260428"));
    let poster = first
        .iter()
        .find(|e| e.1 == "物料：门店海报 × 500（江森五一焕新季）")
        .unwrap();
    assert_eq!(
        (poster.2.as_deref(), poster.3.as_deref()),
        (Some("2026-04-14"), Some("2026-04-15"))
    );
    assert!(first.iter().any(|e| e.1.starts_with("任务：方案审批")));
    let campaigns = first.iter().filter(|e| e.0.contains("-campaign-")).count();
    assert_eq!(campaigns, 3);

    // A date range: only what overlaps or falls due in it; and English texts.
    let out = sb.cli(&[
        "ics",
        "--out",
        a.to_str().unwrap(),
        "--from",
        "2026-09-01",
        "--to",
        "2026-10-31",
        "--lang",
        "en",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let ranged = parse(&std::fs::read_to_string(&a).unwrap());
    assert!(ranged.iter().any(|e| e.1 == "江森国庆感恩季"));
    assert!(!ranged.iter().any(|e| e.1 == "江森五一焕新季"));
    assert!(ranged
        .iter()
        .any(|e| e.1.starts_with("Material: 门店海报 × 600 (")));
    let same = ranged.iter().find(|e| e.1 == "江森国庆感恩季").unwrap();
    assert_eq!(
        &same.0,
        &first.iter().find(|e| e.1 == "江森国庆感恩季").unwrap().0
    );

    let bad = sb.dir.path().join("c.txt");
    let out = sb.cli(&["ics", "--out", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!bad.exists());
}

#[test]
fn a_campaign_saved_as_a_template_plans_the_next_one_the_same_way() {
    let sb = Sandbox::new();
    let core = demo_core(&sb);
    let mayday = mayday_id(&core);
    let tid = core.save_as_template(mayday, "五一打法".into()).unwrap();
    assert_eq!(
        core.save_as_template(mayday, "五一打法".into())
            .unwrap_err()
            .field(),
        Some("name")
    );
    let tpl = core
        .campaign_templates()
        .unwrap()
        .into_iter()
        .find(|t| t.id == tid)
        .unwrap();
    assert!(!tpl.builtin);
    // 方案审批 was due 2026-03-20, 39 days before the launch on 2026-04-28.
    let approval = tpl.items.iter().find(|i| i.title == "方案审批").unwrap();
    assert_eq!((approval.start_offset, approval.due_offset), (-43, -39));
    let id = core
        .create_from_template(TemplateUse {
            template_id: tid,
            campaign: campaign_input("江森国庆 2027", "2027-09-28", "2027-10-07", vec![]),
        })
        .unwrap();
    let page = core.campaign_page(id).unwrap();
    let t = page.tasks.iter().find(|t| t.title == "方案审批").unwrap();
    assert_eq!(t.due.to_string(), "2027-08-20");
    assert_eq!(page.materials.len(), 4);
    core.delete_template(tid).unwrap();
    let builtin = core.campaign_templates().unwrap()[0].id;
    assert!(
        core.delete_template(builtin).is_err(),
        "the built-in template stays"
    );
}

/// Every pipe table in a Markdown text: (header cells, rows), checking each row has as many
/// cells as the header and the separator row is there.
fn pipe_tables(md: &str) -> Vec<(Vec<String>, Vec<Vec<String>>)> {
    let split = |l: &str| -> Vec<String> {
        l.trim()
            .trim_matches('|')
            .split(" | ")
            .map(|c| c.trim().to_string())
            .collect()
    };
    let lines: Vec<&str> = md.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].starts_with('|') {
            let header = split(lines[i]);
            let sep = split(lines[i + 1]);
            assert_eq!(sep.len(), header.len(), "separator row of {:?}", header);
            assert!(sep.iter().all(|s| s == "---" || s == "---:"));
            let mut rows = Vec::new();
            i += 2;
            while i < lines.len() && lines[i].starts_with('|') {
                let r = split(lines[i]);
                assert_eq!(r.len(), header.len(), "row {:?}", r);
                rows.push(r);
                i += 1;
            }
            out.push((header, rows));
        } else {
            i += 1;
        }
    }
    out
}

#[test]
fn the_markdown_brief_holds_every_section_its_tables_and_charts_in_both_languages() {
    let sb = Sandbox::new();
    assert!(sb.cli(&["demo"]).status.success());
    let zh = sb.dir.path().join("简报.md");
    let out = sb.cli(&["brief", "江森五一焕新季", "--out", zh.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let md = std::fs::read_to_string(&zh).unwrap();
    assert!(md.starts_with("# 江森五一焕新季\n"));
    for title in [
        "活动概况",
        "主题与目标",
        "特价政策与终端限价",
        "时间安排",
        "竞争态势",
        "终端限价执行",
        "风险与备注",
    ] {
        assert!(md.contains(&format!(". {title}\n")), "section {title}");
    }
    assert!(md.contains("2026年4月28日 – 5月5日"));
    let tables = pipe_tables(&md);
    let offers = tables.iter().find(|t| t.0[0] == "产品").unwrap();
    assert_eq!(offers.1.len(), 2);
    assert!(offers
        .1
        .iter()
        .any(|r| r[1] == "山东" && r[4] == "¥3,049.00" && r[5] == "1:2"));
    let moves = tables
        .iter()
        .find(|t| t.0.last().map(String::as_str) == Some("变动"))
        .unwrap();
    assert!(moves.1.iter().any(|r| r[0] == "雅迪"
        && r[1] == "冠能Q7"
        && r[6].starts_with('\u{2212}')
        && r[6].ends_with(" %")));
    let compliance = tables
        .iter()
        .find(|t| t.0[0] == "区域" && t.0[1] == "检查")
        .unwrap();
    assert_eq!(compliance.1.len(), 2);
    for png in ["简报-gantt.png", "简报-price.png"] {
        assert!(md.contains(&format!("]({png})")));
        let img = image_size(&sb.dir.path().join(png));
        assert!(img.0 >= 1000 && img.1 > 100, "{png}: {img:?}");
    }

    let en = sb.dir.path().join("brief.md");
    let out = sb.cli(&[
        "brief",
        "江森五一焕新季",
        "--out",
        en.to_str().unwrap(),
        "--lang",
        "en",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let md = std::fs::read_to_string(&en).unwrap();
    for title in [
        "Campaign",
        "Theme and objectives",
        "Special-price policy and price limits",
        "Timeline",
        "Competitive situation",
        "Price-limit compliance",
        "Risks and notes",
    ] {
        assert!(md.contains(&format!(". {title}\n")), "section {title}");
    }
    assert!(md.contains("28 April – 5 May 2026"));
    assert!(md.contains("| Shandong |"));

    // An unknown extension or campaign: exit 2, nothing written.
    let txt = sb.dir.path().join("b.txt");
    assert_eq!(
        sb.cli(&["brief", "江森五一焕新季", "--out", txt.to_str().unwrap()])
            .status
            .code(),
        Some(2)
    );
    assert!(!txt.exists());
    let pdf = sb.dir.path().join("nothing.pdf");
    let out = sb.cli(&["brief", "没有的活动", "--out", pdf.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("没有的活动"));
    assert!(!pdf.exists());
}

/// Runs a real reader (poppler's pdftotext/pdffonts/pdfinfo, python-docx) and returns what it
/// printed.
fn reader(cmd: &str, args: &[&str]) -> String {
    let out = std::process::Command::new(cmd)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{cmd} (make test-deps installs it): {e}"));
    assert!(out.status.success(), "{cmd}: {}", stderr(&out));
    stdout(&out)
}

fn pdf_text(pdf: &std::path::Path) -> String {
    reader("pdftotext", &["-enc", "UTF-8", pdf.to_str().unwrap(), "-"])
}

#[test]
fn the_pdf_brief_is_typeset_searchable_with_an_embedded_subset_font_in_both_languages() {
    let sb = Sandbox::new();
    assert!(sb.cli(&["demo"]).status.success());
    let zh = sb.dir.path().join("简报.pdf");
    let out = sb.cli(&["brief", "江森五一焕新季", "--out", zh.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = pdf_text(&zh);
    for want in [
        "江森五一焕新季",
        "活动概况",
        "主题与目标",
        "特价政策与终端限价",
        "时间安排",
        "竞争态势",
        "终端限价执行",
        "风险与备注",
        "2026年4月28日 – 5月5日",
        "山东",
        "JS-M5",
        "¥3,049.00",
        "1:2",
        "冠能Q7",
        "第 1 页，共",
    ] {
        assert!(
            text.contains(want),
            "{want} missing from the PDF text:\n{text}"
        );
    }
    // A competitor move with its signed percentage (U+2212, kept with its digits), on one
    // line of the laid-out text.
    let layout = reader(
        "pdftotext",
        &["-layout", "-enc", "UTF-8", zh.to_str().unwrap(), "-"],
    );
    assert!(
        layout
            .lines()
            .any(|l| l.contains("雅迪") && l.contains('\u{2212}') && l.contains(" %")),
        "no competitor move with a signed percentage:\n{text}"
    );
    // One font, embedded as a subset (pdffonts: emb yes, sub yes, name with a tag).
    let fonts = reader("pdffonts", &[zh.to_str().unwrap()]);
    let rows: Vec<&str> = fonts
        .lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert!(!rows.is_empty(), "{fonts}");
    for row in &rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert!(cols[0].contains('+'), "subset tag: {row}");
        let n = cols.len();
        assert_eq!(
            &cols[n - 5..n - 2],
            &["yes", "yes", "yes"],
            "emb sub uni: {row}"
        );
    }
    // The charts are vector graphics: no raster image in the file.
    let images = reader("pdfimages", &["-list", zh.to_str().unwrap()]);
    assert_eq!(
        images.lines().count(),
        2,
        "only pdfimages' header lines: {images}"
    );
    let info = reader("pdfinfo", &[zh.to_str().unwrap()]);
    assert!(info.contains("595.") && info.contains("841."), "A4: {info}");
    assert!(
        info.contains("Title:") && info.contains("江森五一焕新季"),
        "{info}"
    );

    let en = sb.dir.path().join("brief.pdf");
    let out = sb.cli(&[
        "brief",
        "江森五一焕新季",
        "--out",
        en.to_str().unwrap(),
        "--lang",
        "en",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = pdf_text(&en);
    for want in [
        "Theme and objectives",
        "Special-price policy and price limits",
        "Competitive situation",
        "Price-limit compliance",
        "Risks and notes",
        "28 April – 5 May 2026",
        "Shandong",
        "Page 1 of",
    ] {
        assert!(
            text.contains(want),
            "{want} missing from the PDF text:\n{text}"
        );
    }
}

#[test]
fn a_long_task_table_breaks_across_pages_with_its_header_repeated() {
    let sb = Sandbox::new();
    let core = demo_core(&sb);
    let id = mayday_id(&core);
    let groups = core.task_groups().unwrap();
    for i in 0..150 {
        core.save_task(TaskInput {
            id: None,
            campaign_id: id,
            title: format!("门店陈列检查 第{i}站"),
            group_id: Some(groups[i % groups.len()].id),
            owner: "王芳".into(),
            start: "2026-04-01".into(),
            due: "2026-04-20".into(),
            status: WorkStatus::Todo,
            depends_on: vec![],
        })
        .unwrap();
    }
    // One title with a character no font of ours has: the export says so instead of drawing
    // a box silently.
    core.save_task(TaskInput {
        id: None,
        campaign_id: id,
        title: "冲刺 \u{1F680}".into(),
        group_id: Some(groups[0].id),
        owner: "王芳".into(),
        start: "2026-04-01".into(),
        due: "2026-04-20".into(),
        status: WorkStatus::Todo,
        depends_on: vec![],
    })
    .unwrap();
    let pdf = sb.dir.path().join("long.pdf");
    let mut steps = Vec::new();
    let done = core
        .export_brief(id, &pdf, &mut |d, t| steps.push((d, t)))
        .unwrap();
    assert_eq!(done.files, vec!["long.pdf".to_string()]);
    assert_eq!(done.missing_glyphs, "\u{1F680}");
    assert_eq!(steps, vec![(0, 3), (1, 3), (2, 3), (3, 3)]);
    // Cancelled while it runs (the Cancel button during the progress): nothing is written.
    let cancelled = sb.dir.path().join("cancelled.pdf");
    let err = core
        .export_brief(id, &cancelled, &mut |d, _| {
            if d == 1 {
                core.cancel_export();
            }
        })
        .unwrap_err();
    assert!(
        matches!(err, marketdesk_lib::error::AppError::Cancelled),
        "{err:?}"
    );
    assert!(!cancelled.exists());
    assert_eq!(
        std::fs::read_dir(sb.dir.path())
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .contains("cancelled")
            })
            .count(),
        0,
        "no temporary file left"
    );
    let pages: usize = reader("pdfinfo", &[pdf.to_str().unwrap()])
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!(pages >= 5, "{pages} pages");
    // The task table's header row on every page the table runs over (up to the next
    // section: the risks later name these tasks again).
    let mut with_header = 0;
    let mut past_the_table = false;
    for p in 1..=pages {
        if past_the_table {
            break;
        }
        let ps = p.to_string();
        let text = reader(
            "pdftotext",
            &[
                "-enc",
                "UTF-8",
                "-f",
                &ps,
                "-l",
                &ps,
                pdf.to_str().unwrap(),
                "-",
            ],
        );
        past_the_table = text.contains("5. 竞争态势");
        let table_part = text.split("5. 竞争态势").next().unwrap();
        if table_part.contains("门店陈列检查") {
            assert!(
                text.contains("分组") && text.contains("负责人"),
                "page {p}: {text}"
            );
            with_header += 1;
        }
    }
    assert!(with_header >= 3, "{with_header} pages of tasks");
    // The Gantt picture has a bar per group, not 150 rows.
    let brief = core.campaign_brief(id).unwrap();
    assert!(brief
        .sections
        .iter()
        .any(|s| s.blocks.iter().any(|b| matches!(
            b,
            marketdesk_lib::document::Block::Picture { name, chart, .. } if name == "gantt" && {
                let svg = chart.to_svg().unwrap();
                !svg.contains("门店陈列检查") && svg.contains(" (2")
            }
        ))));
}

#[test]
fn the_word_brief_opens_in_a_real_reader_with_heading_styles_tables_and_east_asian_fonts() {
    let sb = Sandbox::new();
    assert!(sb.cli(&["demo"]).status.success());
    for (lang, titles) in [
        (
            "zh",
            ["活动概况", "特价政策与终端限价", "竞争态势", "预算与费用"],
        ),
        (
            "en",
            [
                "Campaign",
                "Special-price policy and price limits",
                "Competitive situation",
                "Budget and costs",
            ],
        ),
    ] {
        let docx = sb.dir.path().join(format!("brief-{lang}.docx"));
        let out = sb.cli(&[
            "brief",
            "江森五一焕新季",
            "--out",
            docx.to_str().unwrap(),
            "--lang",
            lang,
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        let script = r#"
import sys, json, docx
from docx.oxml.ns import qn
d = docx.Document(sys.argv[1])
runs = [r for p in d.paragraphs for r in p.runs if r.text.strip()]
cell_runs = [r for t in d.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs if r.text.strip()]
def east(r):
    f = r._r.rPr.find(qn("w:rFonts")) if r._r.rPr is not None else None
    return None if f is None else f.get(qn("w:eastAsia"))
print(json.dumps({
  "headings": [p.text for p in d.paragraphs if p.style is not None and p.style.name in ("heading 1", "Heading 1")],
  "title": [p.text for p in d.paragraphs if p.style is not None and p.style.name == "Title"],
  "text": "\n".join(p.text for p in d.paragraphs),
  "tables": [[[c.text for c in row.cells] for row in t.rows] for t in d.tables],
  "no_east_asian_font": [r.text for r in runs + cell_runs if not east(r)],
  "pictures": len(d.inline_shapes),
  "header": "\n".join(p.text for p in d.sections[0].header.paragraphs),
}, ensure_ascii=False))
"#;
        let got: Value =
            serde_json::from_str(&reader("python3", &["-c", script, docx.to_str().unwrap()]))
                .unwrap();
        let headings: Vec<&str> = got["headings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h.as_str().unwrap())
            .collect();
        // The 五一 demo campaign has money against it, so its brief carries the budget section.
        assert_eq!(headings.len(), 8, "{headings:?}");
        for t in titles {
            assert!(headings.iter().any(|h| h.ends_with(t)), "{t}: {headings:?}");
        }
        assert_eq!(got["title"][0], "江森五一焕新季");
        assert!(got["header"].as_str().unwrap().contains("江森五一焕新季"));
        assert_eq!(got["no_east_asian_font"], Value::Array(vec![]), "{lang}");
        assert_eq!(got["pictures"], 2, "Gantt and price chart");
        let tables = got["tables"].as_array().unwrap();
        let region = if lang == "zh" { "山东" } else { "Shandong" };
        assert!(
            tables.iter().any(|t| t.as_array().unwrap().iter().any(|r| {
                r[0].as_str().unwrap().contains("JS-M5") && r[1] == region && r[4] == "¥3,049.00"
            })),
            "offers table: {tables:?}"
        );
        assert!(
            tables.iter().flat_map(|t| t.as_array().unwrap()).any(|r| {
                // Brand names are the user's data, the same in both languages.
                r[0] == "雅迪"
                    && r.as_array()
                        .unwrap()
                        .last()
                        .unwrap()
                        .as_str()
                        .unwrap()
                        .starts_with('\u{2212}')
            }),
            "competitor move with its percentage: {tables:?}"
        );
    }
}

/// Every character the brief and its charts use is in the bundled font: the whole brief of
/// the sample campaigns in both languages (every section title, label, table header, status,
/// type and date format), and the text drawn in its charts.
#[test]
fn every_character_of_the_briefs_and_their_charts_is_in_the_bundled_font() {
    use marketdesk_lib::document::pdf::missing_glyphs;
    use marketdesk_lib::document::Block;
    use marketdesk_lib::i18n::Lang;
    let sb = Sandbox::new();
    let core = demo_core(&sb);
    let mut checked = 0;
    for lang in [Lang::ZhCn, Lang::En] {
        core.use_lang(lang);
        for c in core.list_campaigns().unwrap() {
            let brief = core.campaign_brief(c.id).unwrap();
            let mut text = brief.text();
            for s in &brief.sections {
                for b in &s.blocks {
                    if let Block::Picture { chart, .. } = b {
                        // The text the chart draws: every <text> element's content.
                        let svg = chart.to_svg().unwrap();
                        for part in svg.split("<text").skip(1) {
                            let inner = part.split_once('>').unwrap().1;
                            text.push_str(inner.split("</text>").next().unwrap());
                        }
                    }
                }
            }
            assert_eq!(missing_glyphs(&text), Vec::<char>::new(), "{}", c.name);
            checked += text.chars().count();
        }
    }
    assert!(checked > 2000, "{checked} characters checked");
    // The holiday names the charts shade, in both languages.
    let names: String = core
        .holiday_calendar()
        .unwrap()
        .holidays
        .iter()
        .map(|h| format!("{} {} ", h.name_zh, h.name_en))
        .collect();
    assert_eq!(missing_glyphs(&names), Vec::<char>::new());
    // The PDF's own check agrees: nothing drawn as an empty box.
    let pdf = marketdesk_lib::document::pdf::to_pdf(
        &core.campaign_brief(mayday_id(&core)).unwrap(),
        Lang::En,
        core.today(),
    )
    .unwrap();
    assert_eq!(pdf.missing, Vec::<char>::new());
}

/// Width and height from a PNG's IHDR chunk (the file must be a PNG).
fn image_size(path: &std::path::Path) -> (u32, u32) {
    let b = std::fs::read(path).unwrap();
    assert_eq!(&b[1..4], b"PNG", "{} is a PNG", path.display());
    let be = |i: usize| u32::from_be_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
    (be(16), be(20))
}

#[test]
fn undoing_a_schedule_keeps_a_campaign_the_user_has_planned_since() {
    let sb = Sandbox::new();
    let core = empty_core(&sb);
    let r = core
        .import_schedule_file(&fixture("campaigns_2026.xlsx"), None, false)
        .unwrap();
    let planned = core.find_campaign("618 线上大促").unwrap();
    let group = core.task_groups().unwrap()[0].id;
    core.save_task(TaskInput {
        id: None,
        campaign_id: planned,
        title: "直播排期".into(),
        group_id: Some(group),
        owner: String::new(),
        start: String::new(),
        due: "2026-05-20".into(),
        status: WorkStatus::Todo,
        depends_on: vec![],
    })
    .unwrap();
    let undone = core.undo_batch(r.batch_id.unwrap()).unwrap();
    assert_eq!(
        undone.names(RecordKind::Campaign),
        ["JS-M7 新品上市", "五一焕新季"]
    );
    let left: Vec<String> = core
        .list_campaigns()
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(left, vec!["618 线上大促"]);
}

#[test]
fn the_timeline_shows_a_campaigns_run_up_before_its_own_dates() {
    let sb = Sandbox::new();
    let core = demo_core(&sb);
    // March 2026 holds the 五一 plan's approval, though the campaign starts on 28 April.
    let t = core
        .campaign_timeline(TimelineQuery {
            from: "2026-03-01".parse().unwrap(),
            months: 1,
        })
        .unwrap();
    let camp = t
        .plan
        .iter()
        .find(|b| b.kind == ItemKind::Campaign && b.label == "江森五一焕新季")
        .unwrap();
    assert!(
        camp.offset >= t.days,
        "its own bar lies after the view: {camp:?}"
    );
    assert!(t
        .plan
        .iter()
        .any(|b| b.kind == ItemKind::Task && b.label == "方案审批"));
}

#[test]
fn a_schedule_saved_by_libreoffice_or_wps_as_ods_comes_in_from_its_second_sheet() {
    let sb = Sandbox::new();
    let core = empty_core(&sb);
    let r = core
        .import_schedule_file(&fixture("campaigns_2026.ods"), None, false)
        .unwrap();
    assert_eq!(r.sheet, "排期");
    assert_eq!(r.sheets, vec!["排期"]);
    assert_eq!(r.header_row, 1);
    assert_eq!(r.rows_read, 3);
    assert_eq!(r.created, vec!["五一焕新季", "618 线上大促"]);
    assert_eq!(r.rejected.len(), 1);
    assert_eq!(r.rejected[0].row, 4);
    let mayday = core
        .list_campaigns()
        .unwrap()
        .into_iter()
        .find(|c| c.name == "五一焕新季")
        .unwrap();
    assert_eq!(
        (mayday.start, mayday.end),
        (day("2026-04-28"), day("2026-05-05"))
    );
    assert_eq!(mayday.regions.len(), 4);
    assert_eq!(mayday.target_units, Some(12_000));
    assert_eq!(mayday.target_revenue_fen, Some(3_600_000_000));
}
