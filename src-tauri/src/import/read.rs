//! Reading a spreadsheet file into rows of cells, whatever it is: xlsx, xls or delimited text
//! (UTF-8 with/without BOM, GBK/GB18030, UTF-16 with BOM; comma, tab or semicolon).
//! The kind is sniffed from the bytes, not the extension. Hostile files are refused with a
//! clear message: sizes are capped before anything large is allocated.

use crate::error::AppError;
use calamine::{Data, DataRef, Reader};
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::path::Path;

/// Largest file accepted (bytes).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// Largest sheet accepted (Excel's own row limit) and widest.
pub const MAX_ROWS: u32 = 1_048_576;
pub const MAX_COLS: u32 = 256;

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDate),
}

impl Cell {
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as the user would read it.
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.trim().to_string(),
            Cell::Number(n) => {
                if n.fract() == 0.0 && n.abs() < 1e15 {
                    format!("{}", *n as i64)
                } else {
                    format!("{n}")
                }
            }
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
        }
    }
}

/// A non-blank row with the 1-based row number the user sees in Excel (or the line in a CSV).
#[derive(Debug, Clone)]
pub struct Row {
    pub number: usize,
    pub cells: Vec<Cell>,
}

/// Why a file is not a price report we can read.
pub fn refuse(zh: impl Into<String>, en: impl Into<String>) -> AppError {
    AppError::invalid("file", zh, en)
}

/// One sheet of a file: its name in the workbook ("" for a text file) and its rows.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Row>,
}

/// Most sheets read from one workbook (an instructions sheet, a report, a few helpers).
pub const MAX_SHEETS: usize = 64;

/// Every sheet of a file: xlsx, xlsm, xlsb, xls, ods, or CSV/TSV text in any common encoding,
/// chosen by the file's content, not its name.
pub fn read_sheets(path: &Path) -> Result<Vec<Sheet>, AppError> {
    let meta = std::fs::metadata(path).map_err(|e| AppError::io(path, e))?;
    if meta.len() == 0 {
        return Err(empty_file());
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(refuse(
            format!("文件太大（{} MB），一个表格文件最多 64 MB。请拆分后再导入。", meta.len() / 1024 / 1024),
            format!("The file is too large ({} MB); a sheet file can be at most 64 MB. Split it and import the parts.", meta.len() / 1024 / 1024),
        ));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path)
        .and_then(|mut f| f.read_to_end(&mut bytes))
        .map_err(|e| AppError::io(path, e))?;
    read_sheets_bytes(&bytes)
}

/// The rows of a file's first sheet.
pub fn read_rows(path: &Path) -> Result<Vec<Row>, AppError> {
    Ok(first(read_sheets(path)?))
}

/// The rows of the first sheet of a file's bytes.
pub fn read_bytes(bytes: &[u8]) -> Result<Vec<Row>, AppError> {
    Ok(first(read_sheets_bytes(bytes)?))
}

fn first(sheets: Vec<Sheet>) -> Vec<Row> {
    sheets
        .into_iter()
        .next()
        .map(|s| s.rows)
        .unwrap_or_default()
}

fn empty_file() -> AppError {
    refuse(
        "文件是空的，没有可导入的内容。",
        "The file is empty; there is nothing to import.",
    )
}

pub fn read_sheets_bytes(bytes: &[u8]) -> Result<Vec<Sheet>, AppError> {
    if bytes.is_empty() {
        return Err(empty_file());
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return guarded(|| read_zip_workbook(bytes));
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return guarded(|| read_xls(bytes));
    }
    if bytes.starts_with(b"PK") || bytes.starts_with(b"\x1f\x8b") || bytes.starts_with(b"%PDF") {
        return Err(not_a_sheet());
    }
    let text = decode_text(bytes)?;
    let head = text
        .trim_start()
        .get(..64)
        .unwrap_or(text.trim_start())
        .to_ascii_lowercase();
    if head.starts_with("<!doctype")
        || head.starts_with("<html")
        || head.starts_with("<?xml")
        || head.starts_with("<table")
    {
        return Err(refuse(
            "这是网页（HTML/XML）文件，只是扩展名像表格。请在 Excel 或 WPS 中打开后“另存为” .xlsx 再导入。",
            "This is a web page (HTML/XML) with a spreadsheet-like name. Open it in Excel or WPS, save it as .xlsx, then import that.",
        ));
    }
    Ok(vec![Sheet {
        name: String::new(),
        rows: read_delimited(&text)?,
    }])
}

/// A zip: an OpenDocument spreadsheet (LibreOffice, WPS) says so in its `mimetype`; a binary
/// Excel workbook (.xlsb) keeps `xl/workbook.bin`; anything else is read as xlsx/xlsm.
fn read_zip_workbook(bytes: &[u8]) -> Result<Vec<Sheet>, AppError> {
    if contains(bytes, b"application/vnd.oasis.opendocument.spreadsheet") {
        read_ods(bytes)
    } else if contains(bytes, b"xl/workbook.bin") {
        read_xlsb(bytes)
    } else {
        read_xlsx(bytes)
    }
}

/// calamine can panic on malformed workbooks (found by `make fuzz`: a truncated OLE sector
/// list). A hostile file must be refused, never crash the app or the CLI.
fn guarded(read: impl FnOnce() -> Result<Vec<Sheet>, AppError>) -> Result<Vec<Sheet>, AppError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(read)).unwrap_or_else(|_| {
        eprintln!("marketdesk: the workbook reader failed on a malformed file; refused it");
        Err(unreadable())
    })
}

fn not_a_sheet() -> AppError {
    refuse(
        "这不是表格文件。请导入 Excel（.xlsx/.xls/.xlsb）、WPS 或 LibreOffice（.ods）表格，或 CSV 文件。",
        "This is not a spreadsheet. Import a sheet saved by Excel (.xlsx/.xls/.xlsb), WPS or LibreOffice (.ods), or a CSV file.",
    )
}

fn too_big() -> AppError {
    refuse(
        format!("表格超出上限（最多 {MAX_ROWS} 行、{MAX_COLS} 列），未导入任何数据。"),
        format!("The sheet is beyond the limit ({MAX_ROWS} rows, {MAX_COLS} columns); nothing was imported."),
    )
}

fn xls_too_big() -> AppError {
    refuse(
        "这个 .xls 文件中的工作表范围过大（超过 400 万个单元格），可能已损坏或被改动过，未导入任何数据。请在 Excel 中另存为 .xlsx 后再导入。",
        "A sheet in this .xls file spans too many cells (over 4 million); the file may be damaged or tampered with. Nothing was imported. Save it as .xlsx in Excel and import that.",
    )
}

fn excel_date(dt: &calamine::ExcelDateTime) -> Cell {
    match crate::domain::value::date_from_serial(dt.as_f64()) {
        Some(d) => Cell::Date(d),
        None => Cell::Number(dt.as_f64()),
    }
}

/// Cells collected by row number; memory is bounded by the number of cells, not the sheet's
/// claimed size.
type Grid = BTreeMap<u32, Vec<Cell>>;

fn put(grid: &mut Grid, r: u32, c: u32, cell: Cell) -> Result<(), AppError> {
    if r >= MAX_ROWS || c >= MAX_COLS {
        return Err(too_big());
    }
    if !cell.is_blank() {
        let row = grid.entry(r).or_default();
        let c = c as usize;
        if row.len() <= c {
            row.resize(c + 1, Cell::Empty);
        }
        row[c] = cell;
    }
    Ok(())
}

fn finish(grid: Grid) -> Vec<Row> {
    grid.into_iter()
        .map(|(r, cells)| Row {
            number: r as usize + 1,
            cells,
        })
        .collect()
}

/// xlsx is streamed cell by cell, so a forged dimension or a far-away cell cannot make us
/// allocate a huge grid. Every sheet is read (up to `MAX_SHEETS`); the cell cap counts them all.
fn read_xlsx(bytes: &[u8]) -> Result<Vec<Sheet>, AppError> {
    check_xlsx_shared_strings(bytes)?;
    let mut book = calamine::Xlsx::new(Cursor::new(bytes)).map_err(|_| not_a_workbook())?;
    let names = sheet_names(book.sheet_names())?;
    let mut cells = 0usize;
    let mut out = Vec::with_capacity(names.len());
    for name in names {
        let mut reader = book
            .worksheet_cells_reader(&name)
            .map_err(|_| unreadable())?;
        let sheet = stream_sheet(name.clone(), &mut cells, || {
            Ok(reader.next_cell().map_err(|_| unreadable())?.map(|cell| {
                let (r, c) = cell.get_position();
                (r, c, cell_of_ref(cell.get_value()))
            }))
        })?;
        out.push(sheet);
    }
    Ok(out)
}

/// .xlsb (Excel's binary workbook), streamed cell by cell like xlsx.
fn read_xlsb(bytes: &[u8]) -> Result<Vec<Sheet>, AppError> {
    let mut book = calamine::Xlsb::new(Cursor::new(bytes)).map_err(|_| not_a_workbook())?;
    let names = sheet_names(book.sheet_names())?;
    let mut cells = 0usize;
    let mut out = Vec::with_capacity(names.len());
    for name in names {
        let mut reader = book
            .worksheet_cells_reader(&name)
            .map_err(|_| unreadable())?;
        let sheet = stream_sheet(name.clone(), &mut cells, || {
            Ok(reader.next_cell().map_err(|_| unreadable())?.map(|cell| {
                let (r, c) = cell.get_position();
                (r, c, cell_of_ref(cell.get_value()))
            }))
        })?;
        out.push(sheet);
    }
    Ok(out)
}

/// One sheet read cell by cell from `next` (row, column, cell; None at its end); `cells`
/// counts the workbook's cells against `MAX_CELLS`.
fn stream_sheet(
    name: String,
    cells: &mut usize,
    mut next: impl FnMut() -> Result<Option<(u32, u32, Cell)>, AppError>,
) -> Result<Sheet, AppError> {
    let mut grid = Grid::new();
    while let Some((r, c, cell)) = next()? {
        *cells += 1;
        if *cells > MAX_CELLS {
            return Err(too_big());
        }
        put(&mut grid, r, c, cell)?;
    }
    Ok(Sheet {
        name,
        rows: finish(grid),
    })
}

/// .ods (OpenDocument, saved by LibreOffice and WPS): calamine caps repeated rows and cells
/// itself; the range is then read like an .xls sheet.
fn read_ods(bytes: &[u8]) -> Result<Vec<Sheet>, AppError> {
    let mut book = calamine::Ods::new(Cursor::new(bytes)).map_err(|_| not_a_workbook())?;
    let names = sheet_names(book.sheet_names())?;
    let mut out = Vec::with_capacity(names.len());
    for name in names {
        let range = book.worksheet_range(&name).map_err(|_| unreadable())?;
        out.push(Sheet {
            name,
            rows: range_rows(&range)?,
        });
    }
    Ok(out)
}

/// Whether `needle` occurs in `bytes` (zip entry names and an .ods mimetype are stored as
/// plain bytes).
fn contains(bytes: &[u8], needle: &[u8]) -> bool {
    bytes.windows(needle.len()).any(|w| w == needle)
}

/// Most cells read from one workbook, every sheet together.
const MAX_CELLS: usize = 20_000_000;

fn sheet_names(names: Vec<String>) -> Result<Vec<String>, AppError> {
    if names.is_empty() {
        return Err(not_a_sheet());
    }
    Ok(names.into_iter().take(MAX_SHEETS).collect())
}

fn not_a_workbook() -> AppError {
    refuse(
        "这个压缩文件不是能读取的工作簿（也可能已损坏或加密）。请在 Excel 或 WPS 中另存为 .xlsx 后再导入。",
        "This zip file is not a workbook we can read (or it is damaged or encrypted). Save it as .xlsx in Excel or WPS and import again.",
    )
}

fn cell_of_ref(v: &DataRef<'_>) -> Cell {
    match v {
        DataRef::Int(i) => Cell::Number(*i as f64),
        DataRef::Float(f) => Cell::Number(*f),
        DataRef::String(s) => Cell::Text(s.clone()),
        DataRef::SharedString(s) => Cell::Text((*s).to_string()),
        DataRef::Bool(b) => Cell::Text(b.to_string()),
        DataRef::DateTime(dt) => excel_date(dt),
        DataRef::DateTimeIso(s) => Cell::Text(s.clone()),
        DataRef::DurationIso(s) => Cell::Text(s.clone()),
        DataRef::Error(_) => Cell::Text("#ERROR".into()),
        DataRef::Empty => Cell::Empty,
    }
}

fn cell_of(v: &Data) -> Cell {
    match v {
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::String(s) => Cell::Text(s.clone()),
        Data::Bool(b) => Cell::Text(b.to_string()),
        Data::DateTime(dt) => excel_date(dt),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(_) => Cell::Text("#ERROR".into()),
        Data::Empty => Cell::Empty,
    }
}

fn range_rows(range: &calamine::Range<Data>) -> Result<Vec<Row>, AppError> {
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let mut grid = Grid::new();
    for (r, c, v) in range.used_cells() {
        put(&mut grid, r0 + r as u32, c0 + c as u32, cell_of(v))?;
    }
    Ok(finish(grid))
}

/// Most shared strings an xlsx may declare. calamine reserves `uniqueCount` strings when it
/// opens the workbook (24 bytes each), before reading one: a forged count of a trillion asks
/// for 24 TB and aborts the process. Five million is far beyond any price report.
pub const MAX_SHARED_STRINGS: u64 = 5_000_000;

fn check_xlsx_shared_strings(bytes: &[u8]) -> Result<(), AppError> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(()); // not a zip calamine can open either; it says so
    };
    for i in 0..zip.len() {
        let Ok(entry) = zip.by_index(i) else {
            continue;
        };
        let name = entry
            .name()
            .map(|n| n.to_ascii_lowercase())
            .unwrap_or_default();
        if !name.ends_with("sharedstrings.xml") {
            continue;
        }
        // The count sits in the opening <sst> tag, normally in the first bytes; read on until
        // the tag is complete, but not past 1 MB (padding it further away is a forgery too).
        let mut head = Vec::new();
        let mut entry = entry.take(SST_HEAD_LIMIT + 1);
        let mut chunk = [0u8; 8192];
        let count = loop {
            let n = match entry.read(&mut chunk) {
                Ok(n) => n,
                Err(_) => break None,
            };
            head.extend_from_slice(&chunk[..n]);
            let text = String::from_utf8_lossy(&head);
            if let Some(found) = sst_start_tag(&text) {
                break Some(unique_count_of(found));
            }
            if n == 0 {
                break None; // no <sst> tag: calamine refuses the file itself
            }
            if head.len() as u64 > SST_HEAD_LIMIT {
                break Some(Some(u128::MAX));
            }
        };
        if count
            .flatten()
            .is_some_and(|n| n > u128::from(MAX_SHARED_STRINGS))
        {
            return Err(refuse(
                "这个 Excel 文件的共享字符串表声明了异常多的条目，文件可能已损坏或被改动过，未导入任何数据。请在 Excel 中另存为 .xlsx 后再导入。",
                "This Excel file's shared-string table declares an impossible number of entries; the file may be damaged or tampered with. Nothing was imported. Save it as .xlsx in Excel and import that.",
            ));
        }
    }
    Ok(())
}

const SST_HEAD_LIMIT: u64 = 1024 * 1024;

/// The complete `<sst …>` start tag (any namespace prefix), if the text holds it.
fn sst_start_tag(xml: &str) -> Option<&str> {
    let start = xml.match_indices('<').map(|(i, _)| i).find(|&i| {
        let name = xml[i + 1..]
            .split(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .next()
            .unwrap_or("");
        name == "sst" || name.ends_with(":sst")
    })?;
    Some(&xml[start..start + xml[start..].find('>')?])
}

/// The largest `uniqueCount` attribute of a start tag, read as leniently as any XML reader
/// would (spaces around `=`, either quote); more digits than fit count as "too many".
fn unique_count_of(tag: &str) -> Option<u128> {
    let mut found = None;
    for (i, _) in tag.match_indices("uniqueCount") {
        if !tag[..i].ends_with(char::is_whitespace) {
            continue;
        }
        let rest = tag[i + "uniqueCount".len()..].trim_start();
        let Some(rest) = rest.strip_prefix('=') else {
            continue;
        };
        let Some(value) = rest.trim_start().strip_prefix(['"', '\'']) else {
            continue;
        };
        let digits: String = value.chars().take_while(char::is_ascii_digit).collect();
        if !digits.is_empty() {
            let n = digits.parse().unwrap_or(u128::MAX);
            found = Some(found.map_or(n, |m: u128| m.max(n)));
        }
    }
    found
}

fn password_protected() -> AppError {
    refuse(
        "文件设置了密码（已加密），请在 Excel 中去掉密码后再导入。",
        "The file is password-protected (encrypted). Remove the password in Excel and import again.",
    )
}

fn unreadable() -> AppError {
    refuse(
        "无法读取这个 Excel 文件（可能已损坏、加密或格式不受支持），未导入任何数据。",
        "This Excel file cannot be read (damaged, encrypted or unsupported); nothing was imported.",
    )
}

/// An encrypted xlsx is an OLE container holding an "EncryptionInfo" stream.
fn is_encrypted_ole(bytes: &[u8]) -> bool {
    let needle: Vec<u8> = "EncryptionInfo"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    bytes.windows(needle.len()).any(|w| w == needle.as_slice())
}

fn read_xls(bytes: &[u8]) -> Result<Vec<Sheet>, AppError> {
    if is_encrypted_ole(bytes) {
        return Err(password_protected());
    }
    check_xls_grids(bytes)?;
    let mut book = calamine::Xls::new(Cursor::new(bytes)).map_err(|e| match e {
        calamine::XlsError::Password => password_protected(),
        _ => unreadable(),
    })?;
    let names = sheet_names(book.sheet_names())?;
    let mut out = Vec::with_capacity(names.len());
    for name in names {
        let range = book.worksheet_range(&name).map_err(|_| unreadable())?;
        out.push(Sheet {
            name,
            rows: range_rows(&range)?,
        });
    }
    Ok(out)
}

/// Most cells calamine may allocate for one xls sheet: 65,536 rows × 61 columns.
pub const MAX_XLS_GRID: u64 = 4_000_000;

/// calamine reads every sheet of an xls file when it opens it, and allocates for each the
/// whole rectangle between its outermost cells (and whatever a DIMENSIONS record claims)
/// before we see a single cell. A few forged bytes can ask for terabytes, and a failed
/// allocation aborts the process — no `catch_unwind` helps. So the BIFF records are walked
/// here first, the way calamine will walk them, and oversized sheets are refused.
fn check_xls_grids(bytes: &[u8]) -> Result<(), AppError> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|_| unreadable())?;
    let name = ["/Workbook", "/Book"]
        .into_iter()
        .find(|n| file.is_stream(n))
        .ok_or_else(unreadable)?;
    let mut stream = Vec::new();
    file.open_stream(name)
        .map_err(|_| unreadable())?
        .take(MAX_FILE_BYTES)
        .read_to_end(&mut stream)
        .map_err(|_| unreadable())?;
    // Where each sheet starts: the BoundSheet records of the workbook globals.
    let sheets: Vec<usize> = BiffRecords(&stream)
        .take_while(|(typ, _)| *typ != 0x000A)
        .filter(|(typ, data)| *typ == 0x0085 && data.len() >= 4)
        .map(|(_, d)| u32::from_le_bytes([d[0], d[1], d[2], d[3]]) as usize)
        .collect();
    for pos in sheets {
        let Some(sheet) = stream.get(pos..) else {
            continue; // calamine fails on this file anyway
        };
        let mut grid = GridBounds::default();
        let (mut seen_bof, mut nested) = (false, 0usize);
        for (typ, d) in BiffRecords(sheet) {
            if nested > 0 {
                match typ {
                    0x0809 => nested += 1,
                    0x000A => nested -= 1,
                    _ => {}
                }
                continue;
            }
            match typ {
                0x0809 if seen_bof => nested += 1,
                0x0809 => seen_bof = true,
                0x000A => break,
                // DIMENSIONS: calamine reserves rows × columns for it, computed like this.
                0x0200 => {
                    let u16_at = |i: usize| u32::from(u16::from_le_bytes([d[i], d[i + 1]]));
                    let u32_at =
                        |i: usize| u32::from_le_bytes([d[i], d[i + 1], d[i + 2], d[i + 3]]);
                    let (rf, rl, cf, cl) = match d.len() {
                        10 => (u16_at(0), u16_at(2), u16_at(4), u16_at(6)),
                        14 | 16 => (u32_at(0), u32_at(4), u16_at(8), u16_at(10)),
                        _ => continue,
                    };
                    let cf = if cf > 0xFF || cl < cf { 0 } else { cf };
                    if rl >= 1 && cl >= 1 {
                        let rows = (rl - 1).wrapping_sub(rf).wrapping_add(1);
                        let cols = (cl - 1).wrapping_sub(cf).wrapping_add(1);
                        if u64::from(rows) * u64::from(cols) > MAX_XLS_GRID {
                            return Err(xls_too_big());
                        }
                    }
                }
                // Cells: Number, Label, RString, BoolErr, RK, LabelSst, Formula.
                0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 if d.len() >= 4 => {
                    grid.add(&d[0..2], &d[2..4])?;
                }
                // MulRk: one row, a run of columns.
                0x00BD if d.len() >= 6 => {
                    grid.add(&d[0..2], &d[2..4])?;
                    grid.add(&d[0..2], &d[d.len() - 2..])?;
                }
                _ => {}
            }
        }
    }
    Ok(())
}

/// BIFF records as (type, data); Continue records come through as their own records, which
/// leaves every other record where calamine sees it. Stops at a truncated record.
struct BiffRecords<'a>(&'a [u8]);

impl<'a> Iterator for BiffRecords<'a> {
    type Item = (u16, &'a [u8]);
    fn next(&mut self) -> Option<Self::Item> {
        let head = self.0.get(..4)?;
        let typ = u16::from_le_bytes([head[0], head[1]]);
        let len = usize::from(u16::from_le_bytes([head[2], head[3]]));
        let data = self.0.get(4..4 + len)?;
        self.0 = &self.0[4 + len..];
        Some((typ, data))
    }
}

/// The rectangle between a sheet's outermost cells.
#[derive(Default)]
struct GridBounds(Option<(u32, u32, u32, u32)>);

impl GridBounds {
    fn add(&mut self, row: &[u8], col: &[u8]) -> Result<(), AppError> {
        let r = u32::from(u16::from_le_bytes([row[0], row[1]]));
        let c = u32::from(u16::from_le_bytes([col[0], col[1]]));
        let (r0, r1, c0, c1) = self.0.unwrap_or((r, r, c, c));
        let b = (r0.min(r), r1.max(r), c0.min(c), c1.max(c));
        self.0 = Some(b);
        if u64::from(b.1 - b.0 + 1) * u64::from(b.3 - b.2 + 1) > MAX_XLS_GRID {
            return Err(xls_too_big());
        }
        Ok(())
    }
}

/// Decode text: BOMs first, then strict UTF-8, then GB18030 (a superset of GBK).
fn decode_text(bytes: &[u8]) -> Result<String, AppError> {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            return Err(bad_text());
        }
        return Ok(text.into_owned());
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(s.to_string());
    }
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    if had_errors || text.contains('\0') {
        return Err(not_a_sheet());
    }
    Ok(text.into_owned())
}

fn bad_text() -> AppError {
    refuse(
        "文件的文字编码有误，无法读取。请用 Excel 另存为“CSV UTF-8”或 .xlsx 后再导入。",
        "The file's text encoding is broken. Save it from Excel as “CSV UTF-8” or .xlsx and import again.",
    )
}

fn sniff_delimiter(text: &str) -> u8 {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(10)
        .collect();
    let score = |d: char| -> usize {
        lines
            .iter()
            .map(|l| l.matches(d).count())
            .max()
            .unwrap_or(0)
    };
    let (mut best, mut best_score) = (b',', score(','));
    for (d, b) in [('\t', b'\t'), (';', b';')] {
        let s = score(d);
        if s > best_score {
            best = b;
            best_score = s;
        }
    }
    best
}

fn read_delimited(text: &str) -> Result<Vec<Row>, AppError> {
    if text.contains('\0') {
        return Err(not_a_sheet());
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sniff_delimiter(text))
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    // Excel shows a CSV with one row per line, except that a quoted field may span lines.
    let bytes = text.as_bytes();
    let (mut scanned, mut newlines, mut embedded) = (0usize, 0usize, 0usize);
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|_| bad_text())?;
        if i as u32 >= MAX_ROWS || rec.len() as u32 > MAX_COLS {
            return Err(xls_too_big());
        }
        let mut start = rec
            .position()
            .map_or(scanned, |p| p.byte() as usize)
            .min(bytes.len());
        // The reported position can sit before blank lines the reader skipped.
        while start < bytes.len() && matches!(bytes[start], b'\n' | b'\r') {
            start += 1;
        }
        newlines += bytes[scanned.min(start)..start]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        scanned = start;
        let number = newlines + 1 - embedded.min(newlines);
        embedded += rec.iter().map(|f| f.matches('\n').count()).sum::<usize>();
        let cells: Vec<Cell> = rec
            .iter()
            .map(|s| {
                if s.trim().is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(s.to_string())
                }
            })
            .collect();
        if cells.iter().all(Cell::is_blank) {
            continue;
        }
        rows.push(Row { number, cells });
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(rows: &[Row]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| r.cells.iter().map(Cell::display).collect())
            .collect()
    }

    #[test]
    fn encodings_and_delimiters() {
        let utf8_bom = "\u{feff}日期,地区\n2026-05-01,山东\n";
        let r = read_bytes(utf8_bom.as_bytes()).unwrap();
        assert_eq!(
            texts(&r),
            vec![vec!["日期", "地区"], vec!["2026-05-01", "山东"]]
        );

        let (gbk, _, _) = encoding_rs::GBK.encode("日期\t地区\n\n2026/5/1\t河南\n");
        let r = read_bytes(&gbk).unwrap();
        assert_eq!(texts(&r)[1], vec!["2026/5/1", "河南"]);
        assert_eq!(
            r[1].number, 3,
            "blank line kept in numbering, row not counted"
        );

        let mut utf16 = vec![0xFF, 0xFE];
        for u in "日期;地区\r\n2026.5.1;安徽\r\n".encode_utf16() {
            utf16.extend_from_slice(&u.to_le_bytes());
        }
        let r = read_bytes(&utf16).unwrap();
        assert_eq!(texts(&r)[1], vec!["2026.5.1", "安徽"]);
    }

    #[test]
    fn the_declared_shared_string_count_is_read_like_calamine_reads_it() {
        let count = |xml: &str| sst_start_tag(xml).and_then(unique_count_of);
        let sst = |attrs: &str| {
            format!("<?xml version=\"1.0\"?>\n<sst xmlns=\"x\" {attrs}><si><t>a</t></si></sst>")
        };
        assert_eq!(count(&sst(r#"count="3" uniqueCount="2""#)), Some(2));
        assert_eq!(count(&sst("uniqueCount='7'")), Some(7));
        assert_eq!(count(&sst("\n\tuniqueCount = \"8\"")), Some(8));
        assert_eq!(count("<x:sst xmlns:x=\"m\" uniqueCount=\"12\">"), Some(12));
        assert_eq!(
            count(&sst(
                r#"uniqueCount="99999999999999999999999999999999999999999""#
            )),
            Some(u128::MAX)
        );
        assert_eq!(
            count(&sst(r#"uniqueCount="3" uniqueCount="9000000000""#)),
            Some(9_000_000_000)
        );
        assert_eq!(count(&sst(r#"count="3" xuniqueCount="9""#)), None);
        assert_eq!(count("<sstx uniqueCount=\"5\">"), None);
        assert_eq!(
            count("<sst uniqueCount=\"5\""),
            None,
            "the tag is not complete yet"
        );
        assert_eq!(count("no xml at all"), None);
    }

    #[test]
    fn refuses_what_is_not_a_sheet() {
        for bytes in [
            &b""[..],
            b"<html><body><table><tr><td>1</td></tr></table></body></html>",
            b"PK\x03\x04garbage that is not a zip",
            b"%PDF-1.7 ...",
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 not really ole",
        ] {
            let e = read_bytes(bytes).unwrap_err();
            assert_eq!(e.code(), "invalid", "{bytes:?}");
            assert_eq!(e.field(), Some("file"));
        }
    }
}
