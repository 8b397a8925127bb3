//! Activities, battlecards, hand-typed sightings, "price unchanged", the segment view and the
//! xlsx export of price moves — through AppCore on real SQLite files.

use calamine::{Data, Reader};
use marketdesk_lib::core::AppCore;
use marketdesk_lib::domain::competitors::MovesQuery;
use marketdesk_lib::store::competitors::{ActivityInput, Battlecard, SightingInput};
use marketdesk_tests::Sandbox;

fn demo(sb: &Sandbox) -> AppCore {
    let core = AppCore::new(sb.db.clone());
    core.start_demo().unwrap();
    core
}

fn product_id(core: &AppCore, model: &str) -> i64 {
    core.list_products()
        .unwrap()
        .into_iter()
        .find(|p| p.model == model)
        .unwrap()
        .id
}

fn region_id(core: &AppCore, short: &str) -> i64 {
    core.list_regions()
        .unwrap()
        .into_iter()
        .find(|r| r.short_name == short)
        .unwrap()
        .id
}

#[test]
fn a_typed_sighting_is_parsed_in_rust_and_bad_input_writes_nothing() {
    let sb = Sandbox::new();
    let core = demo(&sb);
    let before = core.observation_page(Default::default()).unwrap().total;
    let channel = core.list_channels().unwrap()[0].id;
    let mut input = SightingInput {
        product_id: Some(product_id(&core, "冠能Q7")),
        region_id: Some(region_id(&core, "山东")),
        channel_id: Some(channel),
        observed_on: "2026/6/1".into(),
        regular: "￥3,399".into(),
        promo: "3099元".into(),
        reporter: "王磊".into(),
        note: String::new(),
    };
    input.promo = "3499".into();
    let e = core.add_sighting(input.clone()).unwrap_err();
    assert_eq!(e.field(), Some("promo"));
    input.promo = "3099元".into();
    input.regular = "三千".into();
    assert_eq!(
        core.add_sighting(input.clone()).unwrap_err().field(),
        Some("regular")
    );
    assert_eq!(
        core.observation_page(Default::default()).unwrap().total,
        before,
        "nothing written"
    );

    input.regular = "￥3,399".into();
    core.add_sighting(input.clone()).unwrap();
    assert_eq!(
        core.add_sighting(input).unwrap_err().code(),
        "conflict",
        "same sighting twice"
    );
    let page = core.observation_page(Default::default()).unwrap();
    assert_eq!(page.total, before + 1);
    let top = &page.rows[0];
    assert_eq!(
        (
            top.observed_on.as_str(),
            top.regular_fen,
            top.promo_fen,
            top.effective_fen
        ),
        ("2026-06-01", 339_900, Some(309_900), 309_900)
    );

    // Price unchanged: repeats the latest of that product × region × channel, dated today.
    let today = chrono::Local::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string();
    core.repeat_sighting(top.id).unwrap();
    let page = core.observation_page(Default::default()).unwrap();
    let newest = page.rows.iter().find(|r| r.observed_on == today).unwrap();
    assert_eq!(
        (newest.regular_fen, newest.promo_fen, newest.note.as_str()),
        (339_900, Some(309_900), "价格未变")
    );
    assert_eq!(
        core.repeat_sighting(top.id).unwrap_err().code(),
        "conflict",
        "once a day"
    );
}

#[test]
fn activities_and_battlecards_round_trip_with_validation() {
    let sb = Sandbox::new();
    let core = demo(&sb);
    assert_eq!(core.list_activities().unwrap().len(), 4);
    let yadea = core
        .list_brands()
        .unwrap()
        .into_iter()
        .find(|b| b.name == "雅迪")
        .unwrap();
    let mut a = ActivityInput {
        id: None,
        brand_id: Some(yadea.id),
        region_ids: vec![region_id(&core, "河南"), region_id(&core, "山东")],
        start_on: "2026-06-01".into(),
        end_on: "2026-05-18".into(),
        kind: Some(marketdesk_lib::domain::competitors::ActivityKind::SpecialPrice),
        description: "618 冠能Q7 直降 400 元".into(),
        source: "河南区域经理".into(),
    };
    assert_eq!(
        core.save_activity(a.clone()).unwrap_err().field(),
        Some("end_on")
    );
    a.end_on = "2026-06-18".into();
    let id = core.save_activity(a).unwrap();
    let list = core.list_activities().unwrap();
    let saved = list.iter().find(|x| x.id == id).unwrap();
    let mut regions = saved.regions.clone();
    regions.sort();
    assert_eq!(regions, vec!["山东".to_string(), "河南".to_string()]);
    assert_eq!(list[0].id, id, "newest first");
    core.delete_activity(id).unwrap();
    assert_eq!(core.list_activities().unwrap().len(), 4);

    let cards = core.list_battlecards().unwrap();
    assert_eq!(cards.len(), 3);
    assert!(cards.iter().all(|c| c.as_of == "2026-04-15"));
    let mut card: Battlecard = cards.into_iter().find(|c| c.brand == "雅迪").unwrap();
    card.our_strategy = "618 前锁定终端限价".into();
    card.as_of = "2026年5月20日".into();
    core.save_battlecard(card.clone()).unwrap();
    let again = core
        .list_battlecards()
        .unwrap()
        .into_iter()
        .find(|c| c.brand == "雅迪")
        .unwrap();
    assert_eq!(
        (again.our_strategy.as_str(), again.as_of.as_str()),
        ("618 前锁定终端限价", "2026-05-20")
    );
    card.as_of = "soon".into();
    assert_eq!(
        core.save_battlecard(card).unwrap_err().field(),
        Some("as_of")
    );
}

#[test]
fn segment_view_puts_same_segment_products_side_by_side() {
    let sb = Sandbox::new();
    let core = demo(&sb);
    let views = core.segment_views().unwrap();
    assert_eq!(views.len(), 2);
    let commute = views
        .iter()
        .find(|v| v.segment.starts_with("都市通勤"))
        .unwrap();
    assert_eq!(commute.products.len(), 4);
    assert!(commute.products[0].own, "our product first");
    assert_eq!(commute.regions.len(), 4);
    for p in &commute.products {
        assert_eq!(
            p.latest.len(),
            4,
            "{} has a latest price in every region",
            p.model
        );
        assert!(p
            .latest
            .iter()
            .all(|c| c.observed_on.as_str() <= "2026-05-05"));
    }
}

#[test]
fn moves_export_to_xlsx_reads_back() {
    let sb = Sandbox::new();
    let core = demo(&sb);
    let q = MovesQuery {
        from: "2026-05-01".into(),
        to: "2026-05-05".into(),
        baseline_days: None,
        threshold_pct: None,
    };
    let expected = core.price_moves(q.clone()).unwrap();
    let path = sb.dir.path().join("moves.xlsx");
    assert_eq!(core.export_moves_xlsx(q, &path).unwrap(), "moves.xlsx");
    let mut book = calamine::open_workbook_auto(&path).unwrap();
    let sheet = book.sheet_names()[0].clone();
    assert_eq!(sheet, "节日价格变动");
    let range = book.worksheet_range(&sheet).unwrap();
    assert!(range
        .get((0, 0))
        .unwrap()
        .to_string()
        .contains("2026-05-01"));
    assert_eq!(range.get((2, 0)), Some(&Data::String("品牌".into())));
    assert_eq!(range.height(), 3 + expected.moves.len());
    let first = &expected.moves[0];
    assert_eq!(range.get((3, 0)), Some(&Data::String(first.brand.clone())));
    assert_eq!(
        range.get((3, 4)),
        Some(&Data::Float(first.baseline_fen as f64 / 100.0))
    );
    let change = match range.get((3, 6)) {
        Some(Data::Float(f)) => *f,
        other => panic!("{other:?}"),
    };
    assert!((change * 100.0 - first.change_pct).abs() < 1e-9);
    assert_eq!(
        range.get((3, 7)),
        Some(&Data::Float(first.baseline_obs as f64))
    );
}

#[test]
fn dashboard_counts_and_current_activities() {
    use marketdesk_lib::store::{dashboard, OpenMode, Store};
    let sb = Sandbox::new();
    drop(demo(&sb));
    let store = Store::open(&sb.db, OpenMode::MustExist).unwrap();
    let day = chrono::NaiveDate::from_ymd_opt(2026, 5, 2).unwrap();
    let d = dashboard::dashboard(&store, day).unwrap();
    // 484 generated sightings + 4 typed around the 五一 campaign's price limit.
    assert_eq!((d.brands, d.products, d.observations), (4, 8, 488));
    assert_eq!(d.latest_observed_on.as_deref(), Some("2026-05-05"));
    assert_eq!(d.regions_reporting, 4);
    // 4 demo activities, all running on 2 May.
    assert_eq!(d.current_activities.len(), 4);
    let later =
        dashboard::dashboard(&store, chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap()).unwrap();
    assert_eq!(
        later.current_activities.len(),
        1,
        "only the big-store drive runs into June"
    );
    assert_eq!(
        later.current_activities[0].kind,
        marketdesk_lib::domain::competitors::ActivityKind::BigStore
    );
}

#[test]
fn sightings_filters_text_brand_region_dates_and_paging() {
    use marketdesk_lib::store::competitors::{
        ObservationFilter, ObservationPageQuery, ObservationSort,
    };
    let sb = Sandbox::new();
    let core = demo(&sb);
    let sql = |q: &str| -> i64 {
        rusqlite::Connection::open(&sb.db)
            .unwrap()
            .query_row(q, [], |r| r.get(0))
            .unwrap()
    };
    let page = |filter: ObservationFilter, sort: ObservationSort, page: u32| {
        core.observation_page(ObservationPageQuery {
            filter,
            sort,
            page,
            page_size: 50,
        })
        .unwrap()
    };
    let text = |t: &str| ObservationFilter {
        text: Some(t.into()),
        ..Default::default()
    };
    let yadea_rows = sql("SELECT count(*) FROM price_observations o JOIN products p ON p.id = o.product_id JOIN brands b ON b.id = p.brand_id WHERE b.name = '雅迪'");
    assert!(yadea_rows > 0);
    assert_eq!(
        page(text("雅迪"), ObservationSort::DateDesc, 0).total,
        yadea_rows,
        "brand name"
    );
    let q7 = sql("SELECT count(*) FROM price_observations o JOIN products p ON p.id = o.product_id WHERE p.model LIKE '%Q7%'");
    assert_eq!(
        page(text("Q7"), ObservationSort::DateDesc, 0).total,
        q7,
        "part of a model"
    );
    let lina = sql("SELECT count(*) FROM price_observations WHERE reporter = '李娜'");
    assert_eq!(
        page(text("李娜"), ObservationSort::DateDesc, 0).total,
        lina,
        "reporter"
    );
    assert_eq!(
        page(text("100%_"), ObservationSort::DateDesc, 0).total,
        0,
        "LIKE wildcards are literal"
    );

    let yadea = core
        .list_brands()
        .unwrap()
        .into_iter()
        .find(|b| b.name == "雅迪")
        .unwrap();
    let henan = core
        .list_regions()
        .unwrap()
        .into_iter()
        .find(|r| r.short_name == "河南")
        .unwrap();
    let f = ObservationFilter {
        brand_id: Some(yadea.id),
        region_id: Some(henan.id),
        from: Some("2026/5/1".into()),
        to: Some("2026-05-05".into()),
        ..Default::default()
    };
    let by_price = page(f.clone(), ObservationSort::PriceAsc, 0);
    let expected = sql(&format!("SELECT count(*) FROM price_observations o JOIN products p ON p.id = o.product_id WHERE p.brand_id = {} AND o.region_id = {} AND o.observed_on BETWEEN '2026-05-01' AND '2026-05-05'", yadea.id, henan.id));
    assert_eq!(by_price.total, expected);
    assert!(by_price.rows.iter().all(|r| r.brand == "雅迪"
        && r.region == "河南"
        && r.observed_on.as_str() >= "2026-05-01"));
    assert!(
        by_price
            .rows
            .windows(2)
            .all(|w| w[0].effective_fen <= w[1].effective_fen),
        "sorted by price"
    );

    // Paging walks the whole set once, newest first.
    let all = page(Default::default(), ObservationSort::DateDesc, 0).total;
    let mut seen = 0;
    let mut last = String::from("9999");
    for p in 0..((all + 49) / 50) as u32 {
        let rows = page(Default::default(), ObservationSort::DateDesc, p).rows;
        assert!(rows.iter().all(|r| r.observed_on <= last));
        last = rows.last().unwrap().observed_on.clone();
        seen += rows.len() as i64;
    }
    assert_eq!(seen, all);
    let bad = core.observation_page(ObservationPageQuery {
        filter: ObservationFilter {
            from: Some("5月1日".into()),
            ..Default::default()
        },
        ..Default::default()
    });
    assert_eq!(bad.unwrap_err().field(), Some("from"));
}

#[test]
fn region_names_are_read_in_the_data_files_language() {
    use marketdesk_lib::i18n::Lang;
    use marketdesk_lib::store::{competitors as comp, OpenMode, Store};
    let sb = Sandbox::new();
    let core = demo(&sb);
    let yadea = product_id(&core, "冠能Q7");
    drop(core);
    // Through the store, so the process-wide language other tests rely on stays as it is.
    let store = Store::open(&sb.db, OpenMode::MustExist).unwrap();
    let q = MovesQuery {
        from: "2026-05-01".into(),
        to: "2026-05-05".into(),
        baseline_days: None,
        threshold_pct: None,
    };
    let names = |store: &Store| {
        let page = comp::observation_page(store, &Default::default()).unwrap();
        let moves = comp::price_moves(store, &q).unwrap();
        let (_, chart) = comp::price_history(store, yadea, None, None).unwrap();
        let activities = comp::list_activities(store).unwrap();
        let segments = comp::segment_views(store).unwrap();
        let mut all: Vec<String> = page.rows.iter().map(|r| r.region.clone()).collect();
        all.extend(moves.moves.iter().map(|m| m.region.clone()));
        all.extend(chart.iter().filter(|s| !s.own).map(|s| s.label.clone()));
        all.extend(activities.iter().flat_map(|a| a.regions.clone()));
        all.extend(segments.iter().flat_map(|s| s.regions.clone()));
        all.sort();
        all.dedup();
        all
    };
    let channels = |store: &Store| {
        let mut all: Vec<String> = comp::observation_page(store, &Default::default())
            .unwrap()
            .rows
            .iter()
            .map(|r| r.channel.clone())
            .chain(
                comp::list_channels(store)
                    .unwrap()
                    .into_iter()
                    .map(|c| c.name),
            )
            .collect();
        all.sort();
        all.dedup();
        all
    };
    assert_eq!(names(&store), ["安徽", "山东", "江苏", "河南"]);
    assert_eq!(
        channels(&store),
        ["专卖店", "其他", "商超", "电商", "经销商"]
    );
    store.set_lang(Lang::En);
    assert_eq!(names(&store), ["Anhui", "Henan", "Jiangsu", "Shandong"]);
    assert_eq!(
        channels(&store),
        ["Brand store", "Dealer", "Online", "Other", "Supermarket"]
    );
}

#[test]
fn a_report_in_english_matches_regions_and_channels_by_their_english_names() {
    let sb = Sandbox::new();
    let core = AppCore::new(sb.db.clone());
    core.start_empty().unwrap();
    let path = sb.dir.path().join("english.csv");
    std::fs::write(
        &path,
        "date,province,brand,model,channel,price\n2026-05-01,Shandong,Yadea,Q7,dealer,3399\n",
    )
    .unwrap();
    let r = core
        .import_file(&path, &Default::default(), &mut |_, _| {})
        .unwrap();
    assert_eq!(r.imported, 1);
    assert!(
        r.created.regions.is_empty() && r.created.channels.is_empty(),
        "{:?}",
        r.created
    );
    let row = &core.observation_page(Default::default()).unwrap().rows[0];
    assert_eq!(
        (row.region.as_str(), row.channel.as_str()),
        ("山东", "经销商")
    );
}

#[test]
fn channels_are_extended_renamed_and_removed_only_when_unused() {
    use marketdesk_lib::store::competitors::ChannelInput;
    let sb = Sandbox::new();
    let core = demo(&sb);
    let input = |id, zh: &str, en: &str| ChannelInput {
        id,
        name_zh: zh.into(),
        name_en: en.into(),
    };
    let id = core.save_channel(input(None, " 社区店 ", "")).unwrap();
    let e = core.save_channel(input(None, "社区店", "x")).unwrap_err();
    assert_eq!((e.code(), e.field()), ("conflict", Some("name_zh")));
    let e = core.save_channel(input(None, "  ", "")).unwrap_err();
    assert_eq!((e.code(), e.field()), ("invalid", Some("name_zh")));
    let builtin = core.list_channels().unwrap()[0].clone();
    assert!(builtin.builtin && builtin.name_zh == "专卖店");
    let e = core
        .save_channel(input(Some(builtin.id), "旗舰店", ""))
        .unwrap_err();
    assert_eq!(e.code(), "conflict");
    assert_eq!(
        core.delete_channel(builtin.id).unwrap_err().code(),
        "conflict"
    );
    core.save_channel(input(Some(id), "社区便利店", "Community store"))
        .unwrap();

    // A sighting in the new channel keeps it.
    core.add_sighting(SightingInput {
        product_id: Some(product_id(&core, "冠能Q7")),
        region_id: Some(region_id(&core, "山东")),
        channel_id: Some(id),
        observed_on: "2026-05-06".into(),
        regular: "3299".into(),
        promo: String::new(),
        reporter: "王磊".into(),
        note: String::new(),
    })
    .unwrap();
    let ours = core
        .list_channels()
        .unwrap()
        .into_iter()
        .find(|c| c.id == id)
        .unwrap();
    assert_eq!(
        (ours.name.as_str(), ours.name_en.as_str(), ours.sightings),
        ("社区便利店", "Community store", 1)
    );
    let e = core.delete_channel(id).unwrap_err();
    assert!(e
        .message(marketdesk_lib::i18n::Lang::ZhCn)
        .contains("1 条价格观察"));
    let spare = core.save_channel(input(None, "批发市场", "")).unwrap();
    core.delete_channel(spare).unwrap();
    assert_eq!(core.list_channels().unwrap().len(), 6);
}

#[test]
fn price_moves_open_on_the_latest_holiday_with_sightings_around_it() {
    let sb = Sandbox::new();
    let core = demo(&sb);
    // The sample's sightings surround 五一 2026; later holidays have none.
    let h = core.default_moves_holiday().unwrap().unwrap();
    assert_eq!(
        (h.name_zh.as_str(), h.start.to_string().as_str()),
        ("五一", "2026-05-01")
    );
    // Without sightings: the latest holiday that has begun.
    let empty = Sandbox::new();
    let core = AppCore::new(empty.db.clone());
    core.start_empty().unwrap();
    let h = core.default_moves_holiday().unwrap().unwrap();
    let today = chrono::Local::now().date_naive();
    assert!(h.start <= today);
    assert!(core
        .holiday_calendar()
        .unwrap()
        .holidays
        .iter()
        .all(|x| x.start > today || x.start <= h.start));
}

/// The competitors' series behind price moves and the timeline's bands are read through the
/// same-sighting key alone: no table row read, no temporary b-tree to sort them (the reading
/// code takes each series as a run by day), and the effective price it computes from the
/// key's columns is the stored one.
#[test]
fn competitor_series_come_from_the_same_sighting_key_in_order() {
    use marketdesk_lib::store::competitors::COMPETITOR_SERIES_SQL;
    let sb = Sandbox::new();
    let _core = demo(&sb);
    let conn = rusqlite::Connection::open(&sb.db).unwrap();
    let args = rusqlite::params![
        "2026-01-01",
        "2026-12-31",
        "[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31]"
    ];
    let mut st = conn
        .prepare(&format!("EXPLAIN QUERY PLAN {COMPETITOR_SERIES_SQL}"))
        .unwrap();
    let plan: Vec<String> = st
        .query_map(args, |r| r.get::<_, String>(3))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let text = plan.join("\n");
    assert!(
        text.contains("COVERING INDEX price_observations_same"),
        "{text}"
    );
    assert!(!text.contains("TEMP B-TREE"), "{text}");
    // The rows: every competitor sighting of the year, in (product, region, channel, day)
    // order, each with its effective price.
    let mut st = conn.prepare(COMPETITOR_SERIES_SQL).unwrap();
    let rows: Vec<(i64, i64, i64, String, i64)> = st
        .query_map(args, |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut expected: Vec<(i64, i64, i64, String, i64)> = conn
        .prepare(
            "SELECT o.product_id, o.region_id, o.channel_id, o.observed_on, o.effective_fen
             FROM price_observations o JOIN products p ON p.id = o.product_id
             JOIN brands b ON b.id = p.brand_id
             WHERE b.is_own = 0 AND o.observed_on BETWEEN '2026-01-01' AND '2026-12-31'",
        )
        .unwrap()
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(expected.len() > 100, "{}", expected.len());
    expected.sort();
    let mut got = rows.clone();
    got.sort();
    assert_eq!(got, expected);
    assert!(
        rows.windows(2)
            .all(|w| (w[0].0, w[0].1, w[0].2, &w[0].3) <= (w[1].0, w[1].1, w[1].2, &w[1].3)),
        "not in series order"
    );
}
