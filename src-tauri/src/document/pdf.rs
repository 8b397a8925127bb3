//! PDF through typst embedded as a library, with the bundled Simplified-Chinese font as its
//! only font (embedded in every PDF as a subset, text searchable). A typst source (`/main.typ`)
//! imports the house style (`/base.typ`: page, running header, page numbers, fonts, table
//! style) and reads its data as JSON (`json("/data.json")`, never spliced into markup, so that
//! a `#` in a campaign name stays text) and its charts as SVG. `document.typ` renders any
//! [`Document`]; a form with its own layout (a sign-in sheet, an expense form) is a further
//! source that imports `/base.typ`, not further machinery.
//!
//! Fonts and the standard library are loaded once, on the first document (lazily, so that
//! start-up does not pay for them).

use super::{Block, Document};
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;
use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime};
use typst::layout::{Frame, FrameItem};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

static SHARED: OnceLock<Shared> = OnceLock::new();

fn shared() -> &'static Shared {
    SHARED.get_or_init(|| {
        let fonts: Vec<Font> = Font::iter(Bytes::new(crate::charts::FONT_BYTES)).collect();
        Shared {
            library: LazyHash::new(Library::default()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
        }
    })
}

/// A typeset PDF and the characters its text needed that the bundled font does not have
/// (drawn as empty boxes; the tests keep every label and template string out of this list).
#[derive(Debug)]
pub struct Pdf {
    pub bytes: Vec<u8>,
    pub missing: Vec<char>,
}

/// The house style every typst source imports as `/base.typ`.
pub const BASE: &str = include_str!("base.typ");
/// The source that renders any [`Document`].
pub const TEMPLATE: &str = include_str!("document.typ");

struct DocWorld {
    main: Source,
    base: Source,
    files: HashMap<FileId, Bytes>,
    today: chrono::NaiveDate,
}

fn file_id(path: &str) -> AppResult<FileId> {
    let vpath = VirtualPath::new(path)
        .map_err(|e| AppError::Internal(format!("pdf path {path}: {e:?}")))?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

impl World for DocWorld {
    fn library(&self) -> &LazyHash<Library> {
        &shared().library
    }
    fn book(&self) -> &LazyHash<FontBook> {
        &shared().book
    }
    fn main(&self) -> FileId {
        self.main.id()
    }
    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else if id == self.base.id() {
            Ok(self.base.clone())
        } else {
            Err(FileError::NotFound(
                id.get().vpath().get_with_slash().into(),
            ))
        }
    }
    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.files
            .get(&id)
            .cloned()
            .ok_or_else(|| FileError::NotFound(id.get().vpath().get_with_slash().into()))
    }
    fn font(&self, index: usize) -> Option<Font> {
        shared().fonts.get(index).cloned()
    }
    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        use chrono::Datelike;
        Datetime::from_ymd(
            self.today.year(),
            u8::try_from(self.today.month()).ok()?,
            u8::try_from(self.today.day()).ok()?,
        )
    }
}

fn diagnostics(what: &str, errors: &[SourceDiagnostic]) -> AppError {
    let text: Vec<String> = errors.iter().map(|d| d.message.to_string()).collect();
    AppError::Internal(format!("{what}: {}", text.join("; ")))
}

/// Typeset `source` (typst markup, which may import `/base.typ`) with `files` (virtual path →
/// bytes, e.g. "/data.json") into a PDF dated `today`. A failure here is a bug in a template,
/// reported as an internal error.
pub fn compile(
    source: &str,
    files: Vec<(String, Vec<u8>)>,
    today: chrono::NaiveDate,
) -> AppResult<Pdf> {
    let main = Source::new(file_id("/main.typ")?, source.to_string());
    let base = Source::new(file_id("/base.typ")?, BASE.to_string());
    let mut map = HashMap::new();
    for (path, bytes) in files {
        map.insert(file_id(&path)?, Bytes::new(bytes));
    }
    let world = DocWorld {
        main,
        base,
        files: map,
        today,
    };
    let doc: PagedDocument = typst::compile(&world)
        .output
        .map_err(|e| diagnostics("typesetting", &e))?;
    let mut missing = BTreeSet::new();
    for page in doc.pages() {
        missing_in_frame(&page.frame, &mut missing);
    }
    let bytes = typst_pdf::pdf(&doc, &typst_pdf::PdfOptions::default())
        .map_err(|e| diagnostics("pdf", &e))?;
    // Keep the memo cache of a long-running app from growing document after document.
    typst::comemo::evict(10);
    Ok(Pdf {
        bytes,
        missing: missing.into_iter().collect(),
    })
}

fn missing_in_frame(frame: &Frame, out: &mut BTreeSet<char>) {
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(g) => missing_in_frame(&g.frame, out),
            FrameItem::Text(t) => {
                for g in t.glyphs.iter().filter(|g| g.id == 0) {
                    if let Some(s) = t.text.get(g.range()) {
                        out.extend(s.chars().filter(|c| !c.is_whitespace()));
                    }
                }
            }
            _ => {}
        }
    }
}

/// The characters of `text` the bundled font has no glyph for (whitespace aside). Serves the
/// charts (plotters draws with the same font) and the tests of every label.
pub fn missing_glyphs(text: &str) -> Vec<char> {
    let Some(font) = shared().fonts.first() else {
        return text.chars().collect();
    };
    let coverage = &font.info().coverage;
    let set: BTreeSet<char> = text
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .filter(|c| !coverage.contains(u32::from(*c)))
        .collect();
    set.into_iter().collect()
}

/// The document as a PDF through `document.typ`: charts as SVG (vector). Returns the PDF and
/// any characters the bundled font lacks.
pub fn to_pdf(doc: &Document, lang: Lang, today: chrono::NaiveDate) -> AppResult<Pdf> {
    compile(TEMPLATE, pdf_files(doc, lang)?, today)
}

/// The files `document.typ` reads: `/data.json` and a `/pic-N.svg` per chart.
pub fn pdf_files(doc: &Document, lang: Lang) -> AppResult<Vec<(String, Vec<u8>)>> {
    use serde_json::json;
    let mut files = Vec::new();
    let mut sections = Vec::new();
    for s in &doc.sections {
        let mut blocks = Vec::new();
        for b in &s.blocks {
            blocks.push(match b {
                Block::Para(text) => json!({"kind": "para", "text": text}),
                Block::List(items) => json!({"kind": "list", "items": items}),
                Block::Facts(pairs) => json!({"kind": "facts",
                    "pairs": pairs.iter().map(|(k, v)| json!([k, v])).collect::<Vec<_>>()}),
                Block::Table {
                    headers,
                    right,
                    rows,
                } => json!({"kind": "table", "headers": headers, "right": right,
                    "write": super::writing_columns(headers, rows),
                    // Every row as wide as the header (typst fills cells in order).
                    "rows": rows.iter().map(|r| (0..headers.len())
                        .map(|i| r.get(i).cloned().unwrap_or_default())
                        .collect::<Vec<_>>()).collect::<Vec<_>>()}),
                Block::Picture { caption, chart, .. } => {
                    let file = format!("/pic-{}.svg", files.len());
                    files.push((file.clone(), chart.to_svg()?.into_bytes()));
                    json!({"kind": "picture", "file": file, "caption": caption})
                }
            });
        }
        sections.push(json!({"title": s.title, "blocks": blocks}));
    }
    let page = match lang {
        Lang::ZhCn => ["第 ", " 页，共 ", " 页"],
        Lang::En => ["Page ", " of ", ""],
    };
    let data = json!({
        "lang": match lang { Lang::ZhCn => "zh", Lang::En => "en" },
        "region": match lang { Lang::ZhCn => "cn", Lang::En => "gb" },
        "title": doc.title,
        "subtitle": doc.subtitle,
        "kind": doc.kind,
        "page": page,
        "sections": sections,
        "form": doc.form.map(|f| json!({"rows": f.rows_per_page, "height": f.row_height_mm})),
    });
    files.push(("/data.json".into(), json_bytes(&data)?));
    Ok(files)
}

/// A template's data as the bytes of `/data.json`.
pub fn json_bytes(value: &serde_json::Value) -> AppResult<Vec<u8>> {
    serde_json::to_vec(value).map_err(|e| AppError::Internal(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2026, 4, 20).unwrap()
    }

    #[test]
    fn a_source_imports_the_house_style() {
        let pdf = compile(
            "#import \"/base.typ\": house, muted\n#show: house.with((title: \"T\", kind: \"K\", lang: \"zh\", region: \"cn\", page: (\"第 \", \" 页，共 \", \" 页\")))\n#datetime.today().display()",
            vec![],
            day(),
        )
        .unwrap();
        assert!(pdf.bytes.starts_with(b"%PDF-"));
        assert!(pdf.missing.is_empty(), "{:?}", pdf.missing);
    }

    #[test]
    fn a_small_document_typesets_with_the_bundled_font() {
        let pdf = compile(
            "#let d = json(\"/data.json\")\n= #d.title\n#d.body",
            vec![(
                "/data.json".into(),
                r##"{"title":"五一焕新季 #1","body":"价格 \u221215.39 %"}"##
                    .as_bytes()
                    .to_vec(),
            )],
            day(),
        )
        .unwrap();
        assert!(pdf.bytes.starts_with(b"%PDF-"));
        assert!(pdf.missing.is_empty(), "{:?}", pdf.missing);
    }

    #[test]
    fn a_character_outside_the_font_is_reported() {
        // U+1F600 (an emoji) is not in the Simplified-Chinese subset.
        let pdf = compile("价格 \u{1F600}", vec![], day()).unwrap();
        assert_eq!(pdf.missing, vec!['\u{1F600}']);
        assert_eq!(missing_glyphs("−¥1,234.56 活动"), Vec::<char>::new());
        assert_eq!(missing_glyphs("a\u{1F600}"), vec!['\u{1F600}']);
    }

    #[test]
    fn a_template_error_is_an_internal_error_not_a_panic() {
        let err = compile("#let x = ", vec![], day()).unwrap_err();
        assert!(matches!(err, AppError::Internal(_)), "{err:?}");
    }
}
