//! One search box (Ctrl+K) across brands, products, competitor activities, battlecards,
//! campaigns, tasks, materials, people, programs, sessions and expenses: hits grouped by kind
//! in that order, each opening its record.

use super::AppCore;
use crate::domain::search::SearchKind;
use crate::error::AppResult;
use crate::store::search::{self as s, Hit};
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct SearchGroup {
    pub kind: SearchKind,
    pub label: String,
    pub hits: Vec<Hit>,
}

/// How many hits of each kind the box shows.
const PER_KIND: usize = 8;

impl AppCore {
    pub fn search(&self, q: &str) -> AppResult<Vec<SearchGroup>> {
        let lang = self.lang();
        let hits = self.with_store(|st| s::search(st, q, PER_KIND))?;
        Ok(SearchKind::ALL
            .into_iter()
            .filter_map(|kind| {
                let mine: Vec<Hit> = hits.iter().filter(|h| h.kind == kind).cloned().collect();
                (!mine.is_empty()).then(|| SearchGroup {
                    kind,
                    label: kind.label(lang).to_string(),
                    hits: mine,
                })
            })
            .collect())
    }
}
