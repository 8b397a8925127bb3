//! One search across the areas: what kinds of record it finds, in which order the groups are
//! shown, and how the words typed become a query — three characters or more through the
//! trigram index (each word quoted as a phrase, so nothing typed is read as MATCH syntax),
//! shorter through LIKE with `%`, `_` and `\` escaped. Plain Rust.

use crate::i18n::Lang;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SearchKind {
    Brand,
    Product,
    Activity,
    Battlecard,
    Campaign,
    Task,
    Material,
    Person,
    Program,
    Session,
    Expense,
}

impl SearchKind {
    pub const ALL: [SearchKind; 11] = [
        SearchKind::Brand,
        SearchKind::Product,
        SearchKind::Activity,
        SearchKind::Battlecard,
        SearchKind::Campaign,
        SearchKind::Task,
        SearchKind::Material,
        SearchKind::Person,
        SearchKind::Program,
        SearchKind::Session,
        SearchKind::Expense,
    ];

    /// As the index stores it (migration 0011).
    pub fn code(self) -> &'static str {
        match self {
            SearchKind::Brand => "brand",
            SearchKind::Product => "product",
            SearchKind::Activity => "activity",
            SearchKind::Battlecard => "battlecard",
            SearchKind::Campaign => "campaign",
            SearchKind::Task => "task",
            SearchKind::Material => "material",
            SearchKind::Person => "person",
            SearchKind::Program => "program",
            SearchKind::Session => "session",
            SearchKind::Expense => "expense",
        }
    }

    pub fn from_code(s: &str) -> Option<SearchKind> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            SearchKind::Brand => lang.pick("品牌", "Brands"),
            SearchKind::Product => lang.pick("产品", "Products"),
            SearchKind::Activity => lang.pick("竞品活动", "Competitor activities"),
            SearchKind::Battlecard => lang.pick("竞品卡片", "Battlecards"),
            SearchKind::Campaign => lang.pick("活动", "Campaigns"),
            SearchKind::Task => lang.pick("任务", "Tasks"),
            SearchKind::Material => lang.pick("物料", "Materials"),
            SearchKind::Person => lang.pick("人员", "People"),
            SearchKind::Program => lang.pick("培训课程", "Training programs"),
            SearchKind::Session => lang.pick("培训场次", "Training sessions"),
            SearchKind::Expense => lang.pick("费用申请", "Expense requests"),
        }
    }
}

/// The words of a query (split on any white space), at most eight, trimmed.
pub fn words(q: &str) -> Vec<String> {
    q.split_whitespace()
        .take(8)
        .map(str::to_string)
        .filter(|w| !w.is_empty())
        .collect()
}

/// The FTS5 MATCH expression when every word has three characters or more: each word a quoted
/// phrase (a `"` inside doubled), all of them required. None sends the query to LIKE.
pub fn fts_query(q: &str) -> Option<String> {
    let w = words(q);
    if w.is_empty() || w.iter().any(|x| x.chars().count() < 3) {
        return None;
    }
    Some(
        w.iter()
            .map(|x| format!("\"{}\"", x.replace('"', "\"\"")))
            .collect::<Vec<_>>()
            .join(" AND "),
    )
}

/// LIKE patterns for short words: `%word%` with `\`, `%` and `_` escaped (`ESCAPE '\'`).
pub fn like_patterns(q: &str) -> Vec<String> {
    words(q)
        .iter()
        .map(|w| {
            let mut p = String::from("%");
            for c in w.chars() {
                if matches!(c, '\\' | '%' | '_') {
                    p.push('\\');
                }
                p.push(c);
            }
            p.push('%');
            p
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_quoted_or_escaped_never_spliced() {
        assert_eq!(fts_query("鑫源车行").as_deref(), Some("\"鑫源车行\""));
        assert_eq!(
            fts_query("江森 五一焕新").as_deref(),
            None,
            "a two-character word goes to LIKE"
        );
        assert_eq!(
            fts_query("JS-M5 专卖店").as_deref(),
            Some("\"JS-M5\" AND \"专卖店\"")
        );
        assert_eq!(fts_query("a\"b OR c").as_deref(), None);
        assert_eq!(
            fts_query("ab\"c NEAR(x)").as_deref(),
            Some("\"ab\"\"c\" AND \"NEAR(x)\"")
        );
        assert_eq!(fts_query("   "), None);
        assert_eq!(like_patterns("爱玛"), ["%爱玛%"]);
        assert_eq!(like_patterns("5% a_b \\"), ["%5\\%%", "%a\\_b%", "%\\\\%"]);
        for k in SearchKind::ALL {
            assert_eq!(SearchKind::from_code(k.code()), Some(k));
        }
    }
}
