//! The campaign brief 活动方案简报 as a document model — sections of paragraphs, lists,
//! tables and pictures — that every format writes from: Markdown today (`to_markdown`), Word
//! and PDF next. The content is put together in `core::campaigns::campaign_brief`.

use crate::i18n::Lang;
use chrono::{Datelike, NaiveDate};

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Para(String),
    List(Vec<String>),
    Table {
        headers: Vec<String>,
        /// Columns to align right (numbers, money).
        right: Vec<bool>,
        rows: Vec<Vec<String>>,
    },
    /// A chart drawn in Rust; `name` is the file it gets beside a Markdown brief.
    Picture {
        name: String,
        caption: String,
        png: Vec<u8>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub title: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Brief {
    /// The campaign's name: the document title and the running header.
    pub title: String,
    pub subtitle: String,
    pub sections: Vec<Section>,
}

/// 2026年4月28日 – 5月5日 / 28 April – 5 May 2026 (the year once when both share it).
pub fn date_range(lang: Lang, a: NaiveDate, b: NaiveDate) -> String {
    match lang {
        Lang::ZhCn => {
            let first = format!("{}年{}月{}日", a.year(), a.month(), a.day());
            let last = if a.year() == b.year() {
                format!("{}月{}日", b.month(), b.day())
            } else {
                format!("{}年{}月{}日", b.year(), b.month(), b.day())
            };
            format!("{first} – {last}")
        }
        Lang::En => {
            let day = |d: NaiveDate| format!("{} {}", d.day(), d.format("%B"));
            if a.year() == b.year() {
                format!("{} – {} {}", day(a), day(b), b.year())
            } else {
                format!("{} {} – {} {}", day(a), a.year(), day(b), b.year())
            }
        }
    }
}

/// 2026年5月1日 / 1 May 2026.
pub fn long_date(lang: Lang, d: NaiveDate) -> String {
    match lang {
        Lang::ZhCn => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
        Lang::En => format!("{} {} {}", d.day(), d.format("%B"), d.year()),
    }
}

/// A signed percentage with two decimals and the true minus sign: −15.39 %, +3.20 %.
pub fn signed_pct(p: f64) -> String {
    if p < 0.0 {
        format!("\u{2212}{:.2} %", p.abs())
    } else if p > 0.0 {
        format!("+{p:.2} %")
    } else {
        "0.00 %".into()
    }
}

/// A signed amount: +¥250.00 / −¥149.00.
pub fn signed_yuan(fen: i64) -> String {
    let abs = crate::import::parse::format_yuan(fen.abs());
    match fen.signum() {
        1 => format!("+{abs}"),
        -1 => format!("\u{2212}{abs}"),
        _ => abs,
    }
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// The brief as Markdown: `#` title, `##` sections, pipe tables, and each picture as a PNG
/// beside the file (`{stem}-{name}.png`). Returns the text and the pictures to write.
pub fn to_markdown(brief: &Brief, stem: &str) -> (String, Vec<(String, Vec<u8>)>) {
    let mut md = format!("# {}\n\n{}\n", brief.title, brief.subtitle);
    let mut files = Vec::new();
    for (i, s) in brief.sections.iter().enumerate() {
        md.push_str(&format!("\n## {}. {}\n", i + 1, s.title));
        for b in &s.blocks {
            md.push('\n');
            match b {
                Block::Para(p) => md.push_str(&format!("{p}\n")),
                Block::List(items) => {
                    for it in items {
                        md.push_str(&format!("- {it}\n"));
                    }
                }
                Block::Table {
                    headers,
                    right,
                    rows,
                } => {
                    let line = |cells: Vec<String>| format!("| {} |\n", cells.join(" | "));
                    md.push_str(&line(headers.iter().map(|h| cell(h)).collect()));
                    md.push_str(&line(
                        (0..headers.len())
                            .map(|c| {
                                if right.get(c).copied().unwrap_or(false) {
                                    "---:".to_string()
                                } else {
                                    "---".to_string()
                                }
                            })
                            .collect(),
                    ));
                    for r in rows {
                        md.push_str(&line(r.iter().map(|c| cell(c)).collect()));
                    }
                }
                Block::Picture { name, caption, png } => {
                    let file = format!("{stem}-{name}.png");
                    md.push_str(&format!("![{caption}]({file})\n"));
                    files.push((file, png.clone()));
                }
            }
        }
    }
    (md, files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn dates_money_and_percentages_as_the_user_reads_them() {
        assert_eq!(
            date_range(Lang::ZhCn, d("2026-05-01"), d("2026-05-05")),
            "2026年5月1日 – 5月5日"
        );
        assert_eq!(
            date_range(Lang::En, d("2026-05-01"), d("2026-05-05")),
            "1 May – 5 May 2026"
        );
        assert_eq!(
            date_range(Lang::En, d("2026-12-30"), d("2027-01-02")),
            "30 December 2026 – 2 January 2027"
        );
        assert_eq!(long_date(Lang::ZhCn, d("2026-12-01")), "2026年12月1日");
        assert_eq!(signed_pct(-15.391), "\u{2212}15.39 %");
        assert_eq!(signed_pct(3.2), "+3.20 %");
        assert_eq!(signed_yuan(-14_900), "\u{2212}¥149.00");
        assert_eq!(signed_yuan(25_000), "+¥250.00");
    }

    #[test]
    fn markdown_tables_and_pictures() {
        let b = Brief {
            title: "T".into(),
            subtitle: "S".into(),
            sections: vec![Section {
                title: "A".into(),
                blocks: vec![
                    Block::Table {
                        headers: vec!["x".into(), "y|z".into()],
                        right: vec![false, true],
                        rows: vec![vec!["1".into(), "2".into()]],
                    },
                    Block::Picture {
                        name: "gantt".into(),
                        caption: "c".into(),
                        png: vec![1],
                    },
                ],
            }],
        };
        let (md, files) = to_markdown(&b, "brief");
        assert!(md.contains("## 1. A\n"));
        assert!(md.contains("| x | y\\|z |\n| --- | ---: |\n| 1 | 2 |\n"));
        assert!(md.contains("![c](brief-gantt.png)"));
        assert_eq!(files, vec![("brief-gantt.png".to_string(), vec![1])]);
    }
}
