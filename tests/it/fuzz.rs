//! Every importer against hostile input, as `make fuzz` drives it but in a fixed, quick form:
//! each fixture file (the fuzzers' findings are kept there too) and cut and scrambled copies
//! of it, given to each of the nine kinds of import as a dry run on the demo. Each must answer
//! — import or refuse with a sentence — never panic, and a dry run must write nothing.

use marketdesk_lib::core::AppCore;
use marketdesk_lib::import::dry_run_bytes;
use marketdesk_lib::store::batches::BatchKind;
use marketdesk_lib::store::{OpenMode, Store};
use marketdesk_tests::Sandbox;

#[test]
fn every_importer_answers_fixtures_and_their_mangled_copies_without_panicking() {
    let sb = Sandbox::new();
    let core = AppCore::new(sb.db.clone());
    core.start_empty().unwrap();
    core.load_demo().unwrap();
    drop(core);
    let mut store = Store::open(&sb.db, OpenMode::MustExist).unwrap();
    let fingerprint = |s: &Store| -> Vec<i64> {
        [
            "price_observations",
            "campaigns",
            "campaign_offers",
            "staff",
            "training_sessions",
            "attendance",
            "holidays",
            "budget_lines",
            "expenses",
            "import_batches",
        ]
        .iter()
        .map(|t| {
            s.conn()
                .query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
                .unwrap()
        })
        .collect()
    };
    let before = fingerprint(&store);
    let dir = marketdesk_tests::fixture("");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
            !matches!(ext, "py" | "db" | "png")
        })
        .collect();
    files.sort();
    assert!(files.len() > 20, "{files:?}");
    let mut seed = 7_u64;
    let mut next = |n: usize| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) as usize % n.max(1)
    };
    let (mut answered, mut refused) = (0, 0);
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        let mut inputs = vec![bytes.clone()];
        for cut in [
            1,
            7,
            bytes.len() / 3,
            bytes.len() / 2,
            bytes.len().saturating_sub(9),
        ] {
            inputs.push(bytes[..cut.min(bytes.len())].to_vec());
        }
        for _ in 0..4 {
            let mut m = bytes.clone();
            for _ in 0..8 {
                if !m.is_empty() {
                    let at = next(m.len());
                    m[at] = next(256) as u8;
                }
            }
            inputs.push(m);
        }
        for input in &inputs {
            for kind in BatchKind::ALL {
                let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    dry_run_bytes(&mut store, kind, input, 1)
                }));
                match outcome {
                    Ok(Ok(())) => answered += 1,
                    Ok(Err(e)) => {
                        refused += 1;
                        let m = e.message(marketdesk_lib::i18n::Lang::ZhCn);
                        assert!(
                            !m.trim().is_empty(),
                            "{kind:?} {}: an empty refusal",
                            f.display()
                        );
                    }
                    Err(_) => panic!("{kind:?} panicked on a copy of {}", f.display()),
                }
            }
        }
    }
    assert!(
        answered > 0 && refused > 0,
        "{answered} imported, {refused} refused"
    );
    assert_eq!(fingerprint(&store), before, "a dry run wrote something");
}
