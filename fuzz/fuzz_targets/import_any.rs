//! Any bytes as a file given to any of the nine importers (prices, holidays, campaigns,
//! offers, staff, sessions, attendance, budget, expenses; the first byte picks the kind), run
//! as a dry run on a data file holding the demo: reading, header detection, row checks and
//! the batch write must only ever answer — import or refuse — never panic or abort.
#![no_main]

use libfuzzer_sys::fuzz_target;
use marketdesk_lib::core::AppCore;
use marketdesk_lib::import::dry_run_bytes;
use marketdesk_lib::store::batches::BatchKind;
use marketdesk_lib::store::{OpenMode, Store};
use std::sync::{Mutex, OnceLock};

static STORE: OnceLock<Mutex<Store>> = OnceLock::new();

fn store() -> &'static Mutex<Store> {
    STORE.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("marketdesk-fuzz-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("a temporary folder");
        let db = dir.join("marketdesk.db");
        let core = AppCore::new(db.clone());
        core.start_empty().expect("a new data file");
        core.load_demo().expect("the demo");
        drop(core);
        Mutex::new(Store::open(&db, OpenMode::MustExist).expect("the data file"))
    })
}

fuzz_target!(
    init: {
        // The readers catch calamine's panics and refuse the file; only a panic that escapes
        // them (through the C boundary, which aborts) is a finding.
        std::panic::set_hook(Box::new(|_| {}));
        let _ = store();
    },
    |data: &[u8]| {
        let Some((&pick, bytes)) = data.split_first() else {
            return;
        };
        let kind = BatchKind::ALL[usize::from(pick) % BatchKind::ALL.len()];
        let mut s = store().lock().unwrap_or_else(|p| p.into_inner());
        let _ = dry_run_bytes(&mut s, kind, bytes, 1);
    }
);
