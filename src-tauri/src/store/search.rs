//! Reading the search index (migration 0011 keeps it by triggers): a query's hits, best first,
//! at most `per_kind` of each kind. The words are always bound as parameters.

use super::Store;
use crate::domain::search::{fts_query, like_patterns, SearchKind};
use crate::error::AppResult;
use rusqlite::types::Value;
use std::collections::HashMap;

/// One record found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Hit {
    pub kind: SearchKind,
    #[ts(type = "number")]
    pub id: i64,
    pub title: String,
    pub detail: String,
    /// What opens it: the campaign of a task or material, else the record itself.
    #[ts(type = "number")]
    pub open_id: i64,
}

pub fn search(store: &Store, q: &str, per_kind: usize) -> AppResult<Vec<Hit>> {
    let (sql, params): (String, Vec<Value>) = match fts_query(q) {
        Some(m) => (
            "SELECT kind, ref_id, title, body FROM search_index WHERE search_index MATCH ?1 ORDER BY rank LIMIT 500"
                .into(),
            vec![Value::Text(m)],
        ),
        None => {
            let pats = like_patterns(q);
            if pats.is_empty() {
                return Ok(Vec::new());
            }
            let cond: Vec<String> = (1..=pats.len())
                .map(|i| format!("(title LIKE ?{i} ESCAPE '\\' OR body LIKE ?{i} ESCAPE '\\')"))
                .collect();
            (
                format!(
                    "SELECT kind, ref_id, title, body FROM search_index WHERE {} LIMIT 500",
                    cond.join(" AND ")
                ),
                pats.into_iter().map(Value::Text).collect(),
            )
        }
    };
    let mut st = store.conn().prepare(&sql)?;
    let rows = st.query_map(rusqlite::params_from_iter(params), |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    let mut taken: HashMap<SearchKind, usize> = HashMap::new();
    let mut out = Vec::new();
    for row in rows {
        let (kind, id, title, detail) = row?;
        let Some(kind) = SearchKind::from_code(&kind) else {
            continue;
        };
        let n = taken.entry(kind).or_default();
        if *n < per_kind {
            *n += 1;
            let open_id = match kind {
                SearchKind::Task => campaign_of(store, "campaign_tasks", id)?,
                SearchKind::Material => campaign_of(store, "campaign_materials", id)?,
                _ => id,
            };
            out.push(Hit {
                kind,
                id,
                title,
                detail: detail.split_whitespace().collect::<Vec<_>>().join(" "),
                open_id,
            });
        }
    }
    Ok(out)
}

fn campaign_of(store: &Store, table: &str, id: i64) -> AppResult<i64> {
    Ok(store.conn().query_row(
        &format!("SELECT campaign_id FROM {table} WHERE id = ?1"),
        [id],
        |r| r.get(0),
    )?)
}
