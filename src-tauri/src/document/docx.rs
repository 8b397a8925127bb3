//! A document as Word (.docx, docx-rs): heading styles, tables with a shaded header row,
//! charts as PNG, East-Asian fonts on every run; A4 portrait.

use super::{Block, Document};
use crate::error::AppResult;

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

/// The document as Word (.docx): Word's own heading styles (`Heading 1`, `Title`),
/// tables as Word tables with a shaded header row, charts as PNG pictures scaled to the page,
/// the East-Asian font set on every run, its title in the page header and page
/// numbers in the footer; A4 portrait.
pub fn to_docx(doc_model: &Document) -> AppResult<Vec<u8>> {
    use docx_rs::{
        AlignmentType, BreakType, Docx, Footer, Header, HeightRule, PageNum, Paragraph, Pic, Run,
        RunFonts, Shading, Style, StyleType, Table, TableCell, TableRow, WidthType,
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
            Header::new()
                .add_paragraph(Paragraph::new().add_run(docx_run(&doc_model.title).size(16))),
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
                .add_run(docx_run(&doc_model.title)),
        )
        .add_paragraph(Paragraph::new().add_run(docx_run(&doc_model.subtitle).color("666666")));
    // Usable width of A4 with Word's default 2.54 cm margins (≈ 15.9 cm), in EMU.
    const WIDTH_EMU: u64 = 5_731_510;
    for (i, s) in doc_model.sections.iter().enumerate() {
        // A form's sections are not numbered; one without a title has no heading.
        let heading = match doc_model.form {
            None => format!("{}. {}", i + 1, s.title),
            Some(_) => s.title.clone(),
        };
        if !heading.is_empty() {
            doc = doc.add_paragraph(
                Paragraph::new()
                    .style("Heading1")
                    .add_run(docx_run(&heading)),
            );
        }
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
                    let write = super::writing_columns(headers, rows);
                    let weights: Vec<usize> = (0..headers.len())
                        .map(|c| {
                            // A column to write in by hand (a signature) gets room for it.
                            if doc_model.form.is_some() && write[c] {
                                return 24;
                            }
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
                    let header = || {
                        TableRow::new(
                            headers
                                .iter()
                                .enumerate()
                                .map(|(c, h)| cell(h, c, true))
                                .collect(),
                        )
                    };
                    let row = |r: &Vec<String>| {
                        TableRow::new(
                            (0..headers.len())
                                .map(|c| cell(r.get(c).map_or("", String::as_str), c, false))
                                .collect(),
                        )
                    };
                    match doc_model.form {
                        None => {
                            let mut table_rows = vec![header()];
                            table_rows.extend(rows.iter().map(row));
                            doc = doc
                                .add_table(Table::new(table_rows).set_grid(grid.clone()))
                                .add_paragraph(Paragraph::new());
                        }
                        // A form: pages of writing rows of a fixed height, each with its header.
                        Some(form) => {
                            // Whole twips: Word and python-docx refuse a fraction here.
                            let twips = (form.row_height_mm * 1440.0 / 25.4).round();
                            let per_page = form.rows_per_page.max(1);
                            for (k, chunk) in rows.chunks(per_page).enumerate() {
                                if k > 0 {
                                    doc = doc.add_paragraph(
                                        Paragraph::new()
                                            .add_run(Run::new().add_break(BreakType::Page)),
                                    );
                                }
                                let mut table_rows = vec![header()];
                                table_rows.extend(chunk.iter().map(|r| {
                                    row(r).row_height(twips).height_rule(HeightRule::Exact)
                                }));
                                doc = doc.add_table(Table::new(table_rows).set_grid(grid.clone()));
                            }
                        }
                    }
                }
                Block::Facts(pairs) => {
                    for (k, v) in pairs {
                        doc = doc.add_paragraph(
                            Paragraph::new()
                                .add_run(docx_run(&format!("{k} ")).color("2B6CB0"))
                                .add_run(docx_run(v)),
                        );
                    }
                }
                Block::Picture { caption, chart, .. } => {
                    let png = chart.to_png()?;
                    let (w, h) = png_size(&png).unwrap_or((1100, 500));
                    let h_emu = WIDTH_EMU * u64::from(h) / u64::from(w.max(1));
                    let pic = Pic::new_with_dimensions(png, w, h).size(
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
