//! Any bytes behind a zip (xlsx) or OLE (xls) signature: calamine plus our caps must refuse
//! hostile workbooks without panicking or allocating without bound.
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
    if !(data.starts_with(b"PK\x03\x04") || data.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])) {
        return;
    }
    if let Ok(rows) = read::read_bytes(data) {
        let _ = prices::check_rows(&rows, None, Lang::ZhCn);
    }
    }
);
