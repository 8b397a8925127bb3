//! The campaign brief 活动方案简报 as a document model — sections of paragraphs, lists,
//! tables and pictures — that every format writes from: Markdown today (`to_markdown`), Word
//! and PDF next. The content is put together in `core::campaigns::campaign_brief`.

use crate::error::AppResult;
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
    /// A chart drawn in Rust: vector (SVG) in the PDF, PNG in Word and beside a Markdown
    /// brief (`name` is its file name there).
    Picture {
        name: String,
        caption: String,
        png: Vec<u8>,
        svg: String,
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
                Block::Picture {
                    name, caption, png, ..
                } => {
                    let file = format!("{stem}-{name}.png");
                    md.push_str(&format!("![{caption}]({file})\n"));
                    files.push((file, png.clone()));
                }
            }
        }
    }
    (md, files)
}

/// The typst template of the brief.
pub const TEMPLATE: &str = include_str!("brief.typ");

/// The brief as a PDF: the typst template `brief.typ` over the brief as JSON, charts as SVG
/// (vector). Returns the PDF and any characters the bundled font lacks.
pub fn to_pdf(brief: &Brief, lang: Lang) -> AppResult<crate::pdf::Pdf> {
    crate::pdf::compile(TEMPLATE, pdf_files(brief, lang)?)
}

/// The files `brief.typ` reads: `/data.json` and a `/pic-N.svg` per chart.
pub fn pdf_files(brief: &Brief, lang: Lang) -> AppResult<Vec<(String, Vec<u8>)>> {
    use serde_json::json;
    let mut files = Vec::new();
    let sections: Vec<serde_json::Value> = brief
        .sections
        .iter()
        .map(|s| {
            let blocks: Vec<serde_json::Value> = s
                .blocks
                .iter()
                .map(|b| match b {
                    Block::Para(text) => json!({"kind": "para", "text": text}),
                    Block::List(items) => json!({"kind": "list", "items": items}),
                    Block::Table {
                        headers,
                        right,
                        rows,
                    } => json!({"kind": "table", "headers": headers, "right": right,
                        // Every row as wide as the header (typst fills cells in order).
                        "rows": rows.iter().map(|r| (0..headers.len())
                            .map(|i| r.get(i).cloned().unwrap_or_default())
                            .collect::<Vec<_>>()).collect::<Vec<_>>()}),
                    Block::Picture { caption, svg, .. } => {
                        let file = format!("/pic-{}.svg", files.len());
                        files.push((file.clone(), svg.clone().into_bytes()));
                        json!({"kind": "picture", "file": file, "caption": caption})
                    }
                })
                .collect();
            json!({"title": s.title, "blocks": blocks})
        })
        .collect();
    let (page, kind) = match lang {
        Lang::ZhCn => (["第 ", " 页，共 ", " 页"], "活动方案简报"),
        Lang::En => (["Page ", " of ", ""], "Campaign brief"),
    };
    let data = json!({
        "lang": match lang { Lang::ZhCn => "zh", Lang::En => "en" },
        "region": match lang { Lang::ZhCn => "cn", Lang::En => "gb" },
        "title": brief.title,
        "subtitle": brief.subtitle,
        "kind": kind,
        "page": page,
        "sections": sections,
    });
    files.push(("/data.json".into(), crate::pdf::json_bytes(&data)?));
    Ok(files)
}

/// The Word file's fonts: 微软雅黑 (Microsoft YaHei) for Chinese — on every Windows office
/// PC and in WPS; Word on macOS and LibreOffice substitute their own CJK sans.
const DOCX_EAST_ASIA: &str = "Microsoft YaHei";
const DOCX_LATIN: &str = "Arial";

fn docx_run(text: &str) -> docx_rs::Run {
    docx_rs::Run::new().add_text(text).fonts(
        docx_rs::RunFonts::new()
            .east_asia(DOCX_EAST_ASIA)
            .ascii(DOCX_LATIN)
            .hi_ansi(DOCX_LATIN),
    )
}

/// Width and height of a PNG from its IHDR chunk.
fn png_size(png: &[u8]) -> Option<(u32, u32)> {
    let w = u32::from_be_bytes(png.get(16..20)?.try_into().ok()?);
    let h = u32::from_be_bytes(png.get(20..24)?.try_into().ok()?);
    Some((w, h))
}

/// The brief as a Word document (.docx): Word's own heading styles (`Heading 1`, `Title`),
/// tables as Word tables with a shaded header row, charts as PNG pictures scaled to the page,
/// the East-Asian font set on every run, the campaign's name in the page header and page
/// numbers in the footer; A4 portrait.
pub fn to_docx(brief: &Brief) -> AppResult<Vec<u8>> {
    use docx_rs::{
        AlignmentType, Docx, Footer, Header, PageNum, Paragraph, Pic, RunFonts, Shading, Style,
        StyleType, Table, TableCell, TableRow, WidthType,
    };
    let fonts = RunFonts::new()
        .east_asia(DOCX_EAST_ASIA)
        .ascii(DOCX_LATIN)
        .hi_ansi(DOCX_LATIN);
    let mut doc = Docx::new()
        .page_size(11_906, 16_838)
        .default_fonts(fonts.clone())
        .default_size(21)
        .add_style(
            Style::new("Title", StyleType::Paragraph)
                .name("Title")
                .size(48)
                .color("2B6CB0")
                .fonts(fonts.clone()),
        )
        .add_style(
            Style::new("Heading1", StyleType::Paragraph)
                .name("heading 1")
                .outline_lvl(0)
                .size(30)
                .color("2B6CB0")
                .fonts(fonts.clone()),
        )
        .header(
            Header::new().add_paragraph(Paragraph::new().add_run(docx_run(&brief.title).size(16))),
        )
        .footer(
            Footer::new().add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Center)
                    .add_page_num(PageNum::new()),
            ),
        )
        .add_paragraph(
            Paragraph::new()
                .style("Title")
                .add_run(docx_run(&brief.title)),
        )
        .add_paragraph(Paragraph::new().add_run(docx_run(&brief.subtitle).color("666666")));
    // Usable width of A4 with Word's default 2.54 cm margins (≈ 15.9 cm), in EMU.
    const WIDTH_EMU: u64 = 5_731_510;
    for (i, s) in brief.sections.iter().enumerate() {
        doc = doc.add_paragraph(
            Paragraph::new()
                .style("Heading1")
                .add_run(docx_run(&format!("{}. {}", i + 1, s.title))),
        );
        for b in &s.blocks {
            match b {
                Block::Para(p) => doc = doc.add_paragraph(Paragraph::new().add_run(docx_run(p))),
                Block::List(items) => {
                    for it in items {
                        doc = doc.add_paragraph(
                            Paragraph::new().add_run(docx_run(&format!("\u{2022} {it}"))),
                        );
                    }
                }
                Block::Table {
                    headers,
                    right,
                    rows,
                } => {
                    // Column widths from their longest text (a hanzi counts twice), over the
                    // page's width, so that LibreOffice and WPS lay the table out as Word does.
                    let width_of = |t: &str| -> usize {
                        t.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
                    };
                    let weights: Vec<usize> = (0..headers.len())
                        .map(|c| {
                            rows.iter()
                                .filter_map(|r| r.get(c))
                                .chain(std::iter::once(&headers[c]))
                                // Room for the cell's padding and for a wider substitute
                                // font where Arial or 微软雅黑 are missing.
                                .map(|t| width_of(t).clamp(4, 40) + 3)
                                .max()
                                .unwrap_or(7)
                        })
                        .collect();
                    let total: usize = weights.iter().sum::<usize>().max(1);
                    let grid: Vec<usize> = weights.iter().map(|w| w * 9_000 / total).collect();
                    let cell = |text: &str, col: usize, head: bool| {
                        let mut p = Paragraph::new().add_run(docx_run(text).size(18));
                        if right.get(col).copied().unwrap_or(false) {
                            p = p.align(AlignmentType::Right);
                        }
                        let c = TableCell::new()
                            .width(grid[col], WidthType::Dxa)
                            .add_paragraph(p);
                        if head {
                            c.shading(Shading::new().fill("E8EEF6"))
                        } else {
                            c
                        }
                    };
                    let mut table_rows = vec![TableRow::new(
                        headers
                            .iter()
                            .enumerate()
                            .map(|(c, h)| cell(h, c, true))
                            .collect(),
                    )];
                    for r in rows {
                        table_rows.push(TableRow::new(
                            (0..headers.len())
                                .map(|c| cell(r.get(c).map_or("", String::as_str), c, false))
                                .collect(),
                        ));
                    }
                    doc = doc
                        .add_table(Table::new(table_rows).set_grid(grid.clone()))
                        .add_paragraph(Paragraph::new());
                }
                Block::Picture { caption, png, .. } => {
                    let (w, h) = png_size(png).unwrap_or((1100, 500));
                    let h_emu = WIDTH_EMU * u64::from(h) / u64::from(w.max(1));
                    let pic = Pic::new_with_dimensions(png.clone(), w, h).size(
                        u32::try_from(WIDTH_EMU).unwrap_or(u32::MAX),
                        u32::try_from(h_emu).unwrap_or(u32::MAX),
                    );
                    doc = doc
                        .add_paragraph(Paragraph::new().add_run(docx_rs::Run::new().add_image(pic)))
                        .add_paragraph(
                            Paragraph::new()
                                .align(AlignmentType::Center)
                                .add_run(docx_run(caption).size(18).color("666666")),
                        );
                }
            }
        }
    }
    let mut out = std::io::Cursor::new(Vec::new());
    doc.build()
        .pack(&mut out)
        .map_err(|e| crate::error::AppError::Internal(format!("docx: {e}")))?;
    Ok(out.into_inner())
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
                        svg: String::new(),
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
