//! The store on real SQLite files, through the public API.

use marketdesk_lib::core::AppCore;
use marketdesk_lib::domain::reference::BrandInput;
use marketdesk_lib::store::{latest_version, OpenMode, Store};
use marketdesk_tests::{daily_series_mismatches, Sandbox};

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

fn assert_daily_matches_sightings(conn: &rusqlite::Connection) {
    assert_eq!(
        daily_series_mismatches(conn),
        0,
        "price_daily differs from the sightings"
    );
}

#[test]
fn the_daily_price_series_follows_every_insert_delete_and_edit() {
    let sb = Sandbox::new();
    AppCore::new(sb.db.clone()).start_empty().unwrap();
    let store = Store::open(&sb.db, OpenMode::MustExist).unwrap();
    let conn = store.conn();
    conn.execute_batch(
        "INSERT INTO brands (name, is_own, created_at) VALUES ('爱玛', 0, '');
         INSERT INTO products (brand_id, model, created_at) VALUES (1, 'A3', ''), (1, 'A5', '');",
    )
    .unwrap();
    let mut seed = 11_u64;
    let mut next = |n: u64| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) % n
    };
    for round in 0..6 {
        for _ in 0..400 {
            let regular = 200_000 + next(20) as i64 * 1_000;
            let promo = (next(3) == 0).then(|| regular - next(5) as i64 * 1_000 - 1_000);
            conn.execute(
                "INSERT OR IGNORE INTO price_observations
                   (product_id, region_id, channel_id, observed_on, regular_fen, promo_fen, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, '')",
                rusqlite::params![
                    1 + next(2) as i64,
                    1 + next(3) as i64,
                    1 + next(2) as i64,
                    format!("2026-04-{:02}", 1 + next(6)),
                    regular,
                    promo
                ],
            )
            .unwrap();
        }
        assert_daily_matches_sightings(conn);
        // Delete the cheapest sighting of some days (the case that looks the low up again)
        // and some at random.
        conn.execute(
            "DELETE FROM price_observations WHERE id IN (
                SELECT id FROM price_observations o WHERE effective_fen = (
                    SELECT min(effective_fen) FROM price_observations x
                    WHERE x.product_id = o.product_id AND x.region_id = o.region_id
                      AND x.observed_on = o.observed_on) AND id % 3 = ?1)",
            [round % 3],
        )
        .unwrap();
        conn.execute(
            "DELETE FROM price_observations WHERE id % 7 = ?1",
            [round as i64],
        )
        .unwrap();
        assert_daily_matches_sightings(conn);
        conn.execute(
            "UPDATE OR IGNORE price_observations SET regular_fen = regular_fen + 500, observed_on = '2026-04-07'
             WHERE id % 11 = ?1",
            [round as i64],
        )
        .unwrap();
        assert_daily_matches_sightings(conn);
    }
    let rows: i64 = conn
        .query_row("SELECT count(*) FROM price_daily", [], |r| r.get(0))
        .unwrap();
    assert!(rows > 20, "the test must leave data to compare ({rows})");
}

#[test]
fn a_version_2_file_is_upgraded_and_its_daily_series_filled_in() {
    let sb = Sandbox::new();
    {
        let conn = rusqlite::Connection::open(&sb.db).unwrap();
        conn.execute_batch(include_str!(
            "../../src-tauri/src/store/sql/0001_foundation.sql"
        ))
        .unwrap();
        conn.execute_batch(include_str!(
            "../../src-tauri/src/store/sql/0002_competitors.sql"
        ))
        .unwrap();
        conn.execute_batch(
            "INSERT INTO brands (name, is_own, created_at) VALUES ('雅迪', 0, '');
             INSERT INTO products (brand_id, model, created_at) VALUES (1, 'Q7', '');
             INSERT INTO price_observations (product_id, region_id, channel_id, observed_on, regular_fen, promo_fen, created_at)
             VALUES (1, 1, 1, '2026-05-01', 339900, 319900, ''), (1, 1, 2, '2026-05-01', 329900, NULL, ''),
                    (1, 2, 1, '2026-05-02', 339900, NULL, '');
             PRAGMA user_version = 2;",
        )
        .unwrap();
    }
    let store = Store::open(&sb.db, OpenMode::MustExist).unwrap();
    assert_eq!(store.schema_version().unwrap(), latest_version());
    assert_daily_matches_sightings(store.conn());
    let low: i64 = store
        .conn()
        .query_row(
            "SELECT low_fen FROM price_daily WHERE region_id = 1 AND observed_on = '2026-05-01'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(low, 319_900);
}

/// A data file of an older schema is left closed by the window's core until the window is up;
/// then it is upgraded one migration at a time, each step reported, and opened.
#[test]
fn an_older_data_file_is_upgraded_after_the_window_opens_step_by_step() {
    let (sb, conn) = Sandbox::at_schema(3);
    drop(conn);
    let latest = latest_version();
    assert_eq!(Store::pending_upgrade(&sb.db), Some((3, latest)));
    let core = AppCore::new_deferred(sb.db.clone());
    let before = core.status().unwrap();
    assert!(before.upgrading && !before.open, "{before:?}");
    let mut steps = Vec::new();
    core.finish_upgrade(&mut |done, total| steps.push((done, total)));
    let expected: Vec<(i64, i64)> = (1..=latest - 3).map(|d| (d, latest - 3)).collect();
    assert_eq!(steps, expected);
    let after = core.status().unwrap();
    assert!(after.open && !after.upgrading, "{after:?}");
    assert_eq!(after.schema_version, Some(latest));
    drop(core);
    // Up to date now: opened at once.
    assert_eq!(Store::pending_upgrade(&sb.db), None);
    let again = AppCore::new_deferred(sb.db.clone());
    assert!(again.status().unwrap().open);
}

/// A file waiting for its upgrade is shown in the language it remembers (the upgrade screen is
/// the first thing an English-reading user sees after updating the app).
#[test]
fn an_upgrade_speaks_the_language_the_file_remembers() {
    let (sb, conn) = Sandbox::at_schema(3);
    conn.execute(
        "INSERT INTO settings (key, value) VALUES ('lang', 'en')",
        [],
    )
    .unwrap();
    drop(conn);
    let core = AppCore::new_deferred(sb.db.clone());
    let before = core.status().unwrap();
    assert!(before.upgrading, "{before:?}");
    assert_eq!(before.lang, marketdesk_lib::i18n::Lang::En);
    core.finish_upgrade(&mut |_, _| {});
    assert_eq!(core.status().unwrap().lang, marketdesk_lib::i18n::Lang::En);
}

/// Version 7 rebuilds `import_batches` (its kinds become a table): every batch of a version-6
/// file keeps its id, kind and counts, and every sighting, campaign and offer still points at
/// its batch — foreign keys are off while the table is rebuilt, or dropping the old one would
/// have set them all to NULL. A kind the file does not know is refused by the new key.
#[test]
fn the_version_7_rebuild_of_import_batches_keeps_every_batch_link() {
    let (sb, conn) = Sandbox::at_schema(6);
    conn.execute_batch(
        "PRAGMA foreign_keys = ON;
         INSERT INTO import_batches (id, file_name, imported_at, imported, kind, undone_at)
           VALUES (4, '山东.xlsx', '2026-04-30T09:00:00', 2, 'prices', NULL),
                  (5, '排期.xlsx', '2026-03-01T10:00:00', 1, 'campaigns', '2026-03-02T08:00:00'),
                  (6, '限价.xlsx', '2026-03-05T10:00:00', 1, 'offers', NULL);
         INSERT INTO brands (name, is_own, created_at) VALUES ('江森', 1, ''), ('雅迪', 0, '');
         INSERT INTO products (brand_id, model, created_at) VALUES (2, 'Q7', ''), (1, 'JS-M5', '');
         INSERT INTO price_observations (product_id, region_id, channel_id, observed_on, regular_fen, batch_id, created_at)
           VALUES (1, 1, 1, '2026-05-01', 339900, 4, ''), (1, 2, 1, '2026-05-01', 329900, 4, '');
         INSERT INTO campaigns (id, name, kind, start_on, end_on, status, created_batch_id, created_at)
           VALUES (1, '江森五一焕新季', 'holiday', '2026-04-28', '2026-05-05', 'draft', 5, '');
         INSERT INTO campaign_offers (campaign_id, product_id, region_id, regular_fen, special_fen, limit_fen, batch_id)
           VALUES (1, 2, 1, 329900, 299900, 309900, 6);",
    )
    .unwrap();
    drop(conn);
    let store = Store::open(&sb.db, OpenMode::MustExist).unwrap();
    assert_eq!(store.schema_version().unwrap(), latest_version());
    let c = store.conn();
    let one = |sql: &str| -> String { c.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(
        one("SELECT group_concat(id || ':' || kind || ':' || imported || ':' || coalesce(undone_at, '-'), ' ') FROM (SELECT * FROM import_batches ORDER BY id)"),
        "4:prices:2:- 5:campaigns:1:2026-03-02T08:00:00 6:offers:1:-"
    );
    assert_eq!(
        one("SELECT group_concat(batch_id) FROM price_observations"),
        "4,4"
    );
    assert_eq!(
        one("SELECT CAST(created_batch_id AS TEXT) FROM campaigns"),
        "5"
    );
    assert_eq!(
        one("SELECT CAST(batch_id AS TEXT) FROM campaign_offers"),
        "6"
    );
    let fk: i64 = c
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1, "foreign keys are on again after the upgrade");
    let violations: i64 = c
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(violations, 0);
    // The table that points at the batches is the new one.
    assert!(c
        .execute(
            "INSERT INTO import_batches (file_name, imported_at, kind) VALUES ('x', '', 'payroll')",
            []
        )
        .is_err());
    c.execute(
        "INSERT INTO import_batches (file_name, imported_at, kind) VALUES ('花名册.xlsx', '', 'staff')",
        [],
    )
    .unwrap();
}

/// Every schema version MarketDesk has shipped, as a real data file with data of every area
/// it knew (tests/fixtures/make_schema_fixtures.py): opened by this build it is upgraded,
/// passes integrity_check and foreign_key_check, keeps every row, and was snapshotted before
/// the upgrade; one from a newer MarketDesk is refused with the file untouched.
#[test]
fn a_data_file_of_every_released_schema_version_opens_upgraded_with_its_data() {
    let latest = marketdesk_lib::store::latest_version();
    let tables = [
        "brands",
        "products",
        "price_observations",
        "campaigns",
        "campaign_tasks",
        "staff",
        "attendance",
        "budget_lines",
        "expenses",
        "expense_evidence",
        "weekly_notes",
    ];
    for version in 1..=latest {
        let sb = marketdesk_tests::Sandbox::new();
        let fixture = marketdesk_tests::fixture(&format!("schema_v{version:02}.db"));
        std::fs::copy(&fixture, &sb.db).unwrap();
        let before: Vec<Option<i64>> = {
            let c = rusqlite::Connection::open(&sb.db).unwrap();
            let v: i64 = c
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .unwrap();
            assert_eq!(v, version, "the fixture is of version {version}");
            tables
                .iter()
                .map(|t| {
                    c.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
                        .ok()
                })
                .collect()
        };
        assert!(before[0].unwrap() > 0, "v{version} has data");
        let core = marketdesk_lib::core::AppCore::new(sb.db.clone());
        let status = core.status().unwrap();
        assert!(status.open, "v{version}: {:?}", status.open_error);
        assert_eq!(status.schema_version, Some(latest));
        drop(core);
        let c = rusqlite::Connection::open(&sb.db).unwrap();
        let ok: String = c
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(ok, "ok", "v{version}");
        let fk: i64 = c
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(fk, 0, "v{version}: foreign keys");
        for (t, n) in tables.iter().zip(&before) {
            if let Some(n) = n {
                let now: i64 = c
                    .query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
                    .unwrap();
                assert_eq!(now, *n, "v{version}: {t}");
            }
        }
        let backups: Vec<String> = std::fs::read_dir(sb.db.parent().unwrap().join("backups"))
            .map(|d| {
                d.flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        if version < latest {
            assert_eq!(
                backups.len(),
                1,
                "v{version}: a snapshot before the upgrade"
            );
        } else {
            assert!(backups.is_empty(), "no upgrade, no snapshot");
        }
    }
    // A file from a newer MarketDesk: refused, unchanged.
    let sb = marketdesk_tests::Sandbox::new();
    std::fs::copy(
        marketdesk_tests::fixture(&format!("schema_v{latest:02}.db")),
        &sb.db,
    )
    .unwrap();
    rusqlite::Connection::open(&sb.db)
        .unwrap()
        .execute_batch(&format!("PRAGMA user_version = {}", latest + 1))
        .unwrap();
    let bytes = std::fs::read(&sb.db).unwrap();
    let core = marketdesk_lib::core::AppCore::new(sb.db.clone());
    let status = core.status().unwrap();
    assert!(!status.open);
    assert_eq!(status.open_error.unwrap().code, "schema_too_new");
    drop(core);
    assert_eq!(std::fs::read(&sb.db).unwrap(), bytes, "not a byte changed");
}
