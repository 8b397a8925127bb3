//! Any bytes as a CSV/TSV price report: reading, header detection and row checks must never
//! panic or abort, only refuse.
#![no_main]

use libfuzzer_sys::fuzz_target;
use marketdesk_lib::i18n::Lang;
use marketdesk_lib::import::{competitors as prices, read};

fuzz_target!(
    init: {
        // The readers catch calamine's panics and refuse the file; only a panic that escapes
        // them (through the C boundary, which aborts) is a finding.
        std::panic::set_hook(Box::new(|_| {}));
    },
    |data: &[u8]| {
    // Keep to the text path: the workbook target covers zip/OLE input.
    if data.starts_with(b"PK") || data.starts_with(&[0xD0, 0xCF]) {
        return;
    }
    if let Ok(rows) = read::read_bytes(data) {
        let _ = prices::check_rows(&rows, None, Lang::ZhCn);
    }
    }
);
