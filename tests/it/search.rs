//! The one search on the demo's data file: Chinese found through the trigram index (three
//! characters or more) and through LIKE (shorter); every kind of record; the index kept by its
//! triggers as records are added, renamed and deleted; what the user types never read as MATCH
//! or LIKE syntax.

use marketdesk_lib::core::AppCore;
use marketdesk_lib::domain::search::SearchKind;
use marketdesk_tests::Sandbox;

fn kinds(core: &AppCore, q: &str) -> Vec<(SearchKind, Vec<String>)> {
    core.search(q)
        .unwrap()
        .into_iter()
        .map(|g| (g.kind, g.hits.into_iter().map(|h| h.title).collect()))
        .collect()
}

#[test]
fn every_area_is_found_and_the_index_follows_the_records() {
    let sb = Sandbox::new();
    assert!(sb.cli(&["demo"]).status.success());
    let core = AppCore::new(sb.db.clone());
    // Three characters or more: the trigram index.
    assert_eq!(
        kinds(&core, "鑫源车行"),
        [(SearchKind::Expense, vec!["济南天桥鑫源车行".to_string()])]
    );
    let mayday = kinds(&core, "五一焕新");
    assert!(
        mayday
            .iter()
            .any(|(k, t)| *k == SearchKind::Campaign && t.contains(&"江森五一焕新季".to_string())),
        "{mayday:?}"
    );
    // Two characters: LIKE, across areas (a brand, its products' bodies, its activities …).
    let aima = kinds(&core, "爱玛");
    let found: Vec<SearchKind> = aima.iter().map(|(k, _)| *k).collect();
    assert!(
        found.contains(&SearchKind::Brand) && found.contains(&SearchKind::Product),
        "{aima:?}"
    );
    let wang = kinds(&core, "王强");
    assert!(
        wang.iter().any(|(k, _)| *k == SearchKind::Person),
        "{wang:?}"
    );
    assert!(
        wang.iter().any(|(k, _)| *k == SearchKind::Expense),
        "王强's requests: {wang:?}"
    );
    assert!(kinds(&core, "门店海报")
        .iter()
        .any(|(k, _)| *k == SearchKind::Material));
    assert!(kinds(&core, "终端执行标准")
        .iter()
        .any(|(k, _)| *k == SearchKind::Program));
    // Two words, both required.
    assert_eq!(kinds(&core, "郑州 金水").len(), 1);
    assert!(kinds(&core, "郑州 上海").is_empty());
    // The index follows: a renamed brand is found by its new name only; a deleted draft goes.
    let brand = core
        .list_brands()
        .unwrap()
        .into_iter()
        .find(|b| b.name == "台铃")
        .unwrap();
    core.save_brand(marketdesk_lib::domain::reference::BrandInput {
        id: Some(brand.id),
        name: "台铃电动".into(),
        is_own: false,
        notes: String::new(),
    })
    .unwrap();
    assert!(kinds(&core, "台铃电动")
        .iter()
        .any(|(k, _)| *k == SearchKind::Brand));
    assert!(kinds(&core, "金陵广告")
        .iter()
        .any(|(k, _)| *k == SearchKind::Expense));
    core.delete_expense(7).unwrap();
    assert!(kinds(&core, "金陵广告").is_empty());
}

#[test]
fn what_is_typed_is_never_query_syntax() {
    let sb = Sandbox::new();
    assert!(sb.cli(&["demo"]).status.success());
    let core = AppCore::new(sb.db.clone());
    for q in [
        "\"",
        "\"\"",
        "a\" OR \"b",
        "NEAR(江森 五一)",
        "江森*",
        "* OR 1",
        "') OR 1=1 --",
        "%",
        "_",
        "\\",
        "%%%",
        "___",
        "title:江森",
        "^江森",
        "{江森}",
        "-江森",
        "AND",
        "OR NOT",
    ] {
        let r = core.search(q);
        assert!(r.is_ok(), "{q:?}: {:?}", r.err());
        // A wildcard typed is a character, not "anything": every hit contains it as typed.
        if matches!(q, "%" | "_" | "%%%" | "___" | "\\") {
            for g in r.unwrap() {
                for h in g.hits {
                    assert!(
                        h.title.contains(q) || h.detail.contains(q),
                        "{q:?} matched {h:?} as a wildcard"
                    );
                }
            }
        }
    }
    assert!(core.search("").unwrap().is_empty());
    assert!(core.search("   ").unwrap().is_empty());
}
