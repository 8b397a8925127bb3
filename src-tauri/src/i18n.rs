//! The user's language. Labels live in the UI; sentences that Rust produces (errors, CLI
//! output, chart titles) are written in both languages and picked here.

use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicU8, Ordering};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, Default)]
#[ts(export)]
pub enum Lang {
    #[default]
    #[serde(rename = "zh-CN")]
    ZhCn,
    #[serde(rename = "en")]
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::En => "en",
        }
    }

    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "zh-CN" | "zh" | "zh_CN" => Some(Lang::ZhCn),
            "en" | "en-US" | "en_US" => Some(Lang::En),
            _ => None,
        }
    }

    /// Pick the sentence for this language.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::ZhCn => zh,
            Lang::En => en,
        }
    }
}

static CURRENT: AtomicU8 = AtomicU8::new(0);

/// The language errors are serialized in when they cross IPC. Set when the store opens and
/// whenever the user switches language.
pub fn current() -> Lang {
    match CURRENT.load(Ordering::Relaxed) {
        1 => Lang::En,
        _ => Lang::ZhCn,
    }
}

pub fn set_current(lang: Lang) {
    CURRENT.store(
        match lang {
            Lang::ZhCn => 0,
            Lang::En => 1,
        },
        Ordering::Relaxed,
    );
}
