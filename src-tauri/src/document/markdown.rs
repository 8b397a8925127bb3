//! A document as Markdown: `#` title, `##` numbered sections, pipe tables, facts as a bold
//! list, and each chart as a PNG beside the file.

use super::{Block, Document};
use crate::error::AppResult;

/// A file to write beside the document: its name and bytes.
pub type NamedFile = (String, Vec<u8>);

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// The document as Markdown: `#` title, `##` sections, pipe tables, and each picture as a PNG
/// beside the file (`{stem}-{name}.png`). Returns the text and the pictures to write.
pub fn to_markdown(doc: &Document, stem: &str) -> AppResult<(String, Vec<NamedFile>)> {
    let mut md = format!("# {}\n\n{}\n", doc.title, doc.subtitle);
    let mut files = Vec::new();
    for (i, s) in doc.sections.iter().enumerate() {
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
                Block::Facts(pairs) => {
                    for (k, v) in pairs {
                        md.push_str(&format!("- **{}** {}\n", cell(k), cell(v)));
                    }
                }
                Block::Picture {
                    name,
                    caption,
                    chart,
                } => {
                    let file = format!("{stem}-{name}.png");
                    md.push_str(&format!("![{caption}]({file})\n"));
                    files.push((file, chart.to_png()?));
                }
            }
        }
    }
    Ok((md, files))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::{BarChart, Chart};
    use crate::document::Section;

    #[test]
    fn markdown_tables_facts_and_pictures() {
        let b = Document {
            title: "T".into(),
            subtitle: "S".into(),
            kind: "K".into(),
            form: None,
            sections: vec![Section {
                title: "A".into(),
                blocks: vec![
                    Block::Table {
                        headers: vec!["x".into(), "y|z".into()],
                        right: vec![false, true],
                        rows: vec![vec!["1".into(), "2".into()]],
                    },
                    Block::Facts(vec![("签到".into(), "12 人".into())]),
                    Block::Picture {
                        name: "bars".into(),
                        caption: "c".into(),
                        chart: Chart::Bars(BarChart {
                            title: "t".into(),
                            y_label: "n".into(),
                            bars: vec![("a".into(), 1.0)],
                            y_max: None,
                            width: 200,
                            height: 120,
                        }),
                    },
                ],
            }],
        };
        let (md, files) = to_markdown(&b, "brief").unwrap();
        assert!(md.contains("## 1. A\n"));
        assert!(md.contains("| x | y\\|z |\n| --- | ---: |\n| 1 | 2 |\n"));
        assert!(md.contains("- **签到** 12 人\n"));
        assert!(md.contains("![c](brief-bars.png)"));
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].0, "brief-bars.png");
        assert!(files[0].1.starts_with(b"\x89PNG"));
    }
}
