//! The one document module: every document MarketDesk writes — the campaign brief today, the
//! training sign-in sheet, the expense form and the weekly report next — is a [`Document`]
//! (title, sections of paragraphs, lists, facts, tables and charts) built by a pure function in
//! its area's `export` file, then rendered here as PDF (typst, with the house style in
//! `base.typ`), Word or Markdown. Charts are drawn only in the form the format needs: SVG
//! (vector) for the PDF, PNG for Word and Markdown. `core::AppCore::export_document` is the
//! one runner (format from the extension, progress, cancel, temporary file and rename).

pub mod docx;
pub mod markdown;
pub mod pdf;
pub mod text;

use crate::charts::Chart;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub enum Block {
    Para(String),
    List(Vec<String>),
    /// Label–value pairs (日期 2026-04-28 …), the form of a header block or a sign-in form.
    Facts(Vec<(String, String)>),
    Table {
        headers: Vec<String>,
        /// Columns to align right (numbers, money).
        right: Vec<bool>,
        rows: Vec<Vec<String>>,
    },
    /// A chart drawn in Rust; `name` names its PNG beside a Markdown file.
    Picture {
        name: String,
        caption: String,
        chart: Chart,
    },
}

#[derive(Debug, Clone)]
pub struct Section {
    pub title: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone)]
pub struct Document {
    /// The document title, also the running header.
    pub title: String,
    pub subtitle: String,
    /// What the document is (活动方案简报 / Campaign brief), at the header's right.
    pub kind: String,
    pub sections: Vec<Section>,
    /// A form to print and fill in by hand (a sign-in sheet) rather than a report: no cover,
    /// sections unnumbered, tables cut into pages of writing rows.
    pub form: Option<Form>,
}

/// How a form's tables are printed: `rows_per_page` rows of `row_height_mm` on each page,
/// each page's table with its header; a column empty in every row (a signature) takes the
/// room the others leave.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Form {
    pub rows_per_page: usize,
    pub row_height_mm: f32,
}

/// Which columns of a table are left to write in by hand: empty in every row.
pub fn writing_columns(headers: &[String], rows: &[Vec<String>]) -> Vec<bool> {
    (0..headers.len())
        .map(|c| !rows.is_empty() && rows.iter().all(|r| r.get(c).is_none_or(|t| t.is_empty())))
        .collect()
}

impl Document {
    /// Every text of the document, charts' captions included (for the font check).
    pub fn text(&self) -> String {
        let mut text = format!("{}\n{}\n{}\n", self.title, self.subtitle, self.kind);
        for s in &self.sections {
            text.push_str(&s.title);
            text.push('\n');
            for b in &s.blocks {
                match b {
                    Block::Para(p) => text.push_str(p),
                    Block::List(items) => text.push_str(&items.join("\n")),
                    Block::Facts(pairs) => {
                        for (k, v) in pairs {
                            text.push_str(&format!("{k} {v}\n"));
                        }
                    }
                    Block::Table { headers, rows, .. } => {
                        text.push_str(&headers.join(" "));
                        for r in rows {
                            text.push('\n');
                            text.push_str(&r.join(" "));
                        }
                    }
                    Block::Picture { caption, .. } => text.push_str(caption),
                }
                text.push('\n');
            }
        }
        text
    }
}

/// The formats a document is written in, chosen by the file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Pdf,
    Docx,
    Markdown,
}

impl Format {
    pub fn of_path(path: &Path) -> AppResult<Format> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_lowercase)
            .unwrap_or_default();
        match ext.as_str() {
            "pdf" => Ok(Format::Pdf),
            "docx" => Ok(Format::Docx),
            "md" => Ok(Format::Markdown),
            _ => Err(AppError::invalid(
                "out",
                "文件的扩展名应为 .pdf、.docx 或 .md。",
                "The file name must end in .pdf, .docx or .md.",
            )),
        }
    }
}

/// The files a document becomes (the document first; a Markdown file's charts follow, beside
/// it) and the characters the bundled font lacks (PDF only).
#[derive(Debug)]
pub struct Rendered {
    pub files: Vec<(PathBuf, Vec<u8>)>,
    pub missing: Vec<char>,
}

/// Render `doc` for `path` in the format its extension names; writes nothing.
pub fn render(doc: &Document, path: &Path, lang: Lang, today: NaiveDate) -> AppResult<Rendered> {
    let mut files = Vec::new();
    let mut missing = Vec::new();
    match Format::of_path(path)? {
        Format::Pdf => {
            let pdf = pdf::to_pdf(doc, lang, today)?;
            missing = pdf.missing;
            files.push((path.to_path_buf(), pdf.bytes));
        }
        Format::Docx => files.push((path.to_path_buf(), docx::to_docx(doc)?)),
        Format::Markdown => {
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "document".into());
            let (md, pictures) = markdown::to_markdown(doc, &stem)?;
            let dir = path
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            files.push((path.to_path_buf(), md.into_bytes()));
            for (name, png) in pictures {
                files.push((dir.join(name), png));
            }
        }
    }
    Ok(Rendered { files, missing })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_comes_from_the_extension_and_others_are_refused() {
        assert_eq!(Format::of_path(Path::new("a/b.PDF")).unwrap(), Format::Pdf);
        assert_eq!(Format::of_path(Path::new("b.docx")).unwrap(), Format::Docx);
        assert_eq!(
            Format::of_path(Path::new("b.md")).unwrap(),
            Format::Markdown
        );
        let e = Format::of_path(Path::new("b.txt")).unwrap_err();
        assert_eq!(e.field(), Some("out"));
    }
}
