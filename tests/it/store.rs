//! The store on real SQLite files, through the public API.

use marketdesk_lib::core::AppCore;
use marketdesk_lib::domain::reference::BrandInput;
use marketdesk_lib::store::{latest_version, OpenMode, Store};
use marketdesk_tests::Sandbox;

#[test]
fn a_fresh_store_has_reference_data_and_survives_reopen() {
    let sb = Sandbox::new();
    let core = AppCore::new(sb.db.clone());
    assert!(!sb.db.exists());
    core.start_empty().unwrap();
    core.save_brand(BrandInput {
        id: None,
        name: "爱玛".into(),
        is_own: false,
        notes: "主要竞品".into(),
    })
    .unwrap();
    drop(core);

    let store = Store::open(&sb.db, OpenMode::MustExist).unwrap();
    assert_eq!(store.schema_version().unwrap(), latest_version());
    let n: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM brands WHERE name = '爱玛'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 1);
    let fk: i64 = store
        .conn()
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
}

#[test]
fn bad_input_writes_nothing() {
    let sb = Sandbox::new();
    let core = AppCore::new(sb.db.clone());
    core.start_empty().unwrap();
    let err = core
        .save_brand(BrandInput {
            id: None,
            name: "".into(),
            is_own: true,
            notes: String::new(),
        })
        .unwrap_err();
    assert_eq!(err.code(), "invalid");
    assert_eq!(err.field(), Some("name"));
    assert!(core.list_brands().unwrap().is_empty());
}
