//! .xlsx sheets read straight from their XML, for speed.
//!
//! Nearly every workbook a commune sends is written by Excel, LibreOffice or
//! a library in the same plain shape: unprefixed elements, a shared-strings
//! table, `<c r=".." s=".." t=".."><v>..</v></c>` cells. For those, scanning
//! the bytes directly is several times faster than a general XML parser and
//! gives the very cells calamine gives (the tests compare the two on every
//! fixture). Anything outside that shape (namespace prefixes, CDATA, DTDs,
//! unknown entities or elements, a workbook not at `xl/workbook.xml`) makes
//! [`read`] answer `None`, and calamine reads the file instead, so an
//! unusual file costs time, never a wrong cell.

use super::legacy_text::{font_hint, CellFonts, FontHint};
use super::{
    CellText, CellValue, IngestError, MergedRange, RawSheet, Visibility, MAX_CELLS_PER_FILE,
};
use memchr::memmem;
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, Read};

/// A part is held whole in memory; a larger one (a sheet of hundreds of
/// thousands of rows) is left to calamine, which streams it.
const MAX_PART_BYTES: u64 = 64 << 20;

/// Why the direct reader handed a file to calamine (for tests and tracing).
type Unusual = &'static str;

/// The sheets of an opened .xlsx, or `None` when calamine should read it.
pub fn read(zip: zip::ZipArchive<BufReader<File>>) -> Result<Option<Vec<RawSheet>>, IngestError> {
    match read_archive(zip) {
        Ok(sheets) => Ok(Some(sheets)),
        Err(Refusal::Unusual(_)) => Ok(None),
        Err(Refusal::TooLarge(e)) => Err(e),
    }
}

#[derive(Debug)]
enum Refusal {
    // Read by the tests, which must know why a file was handed on.
    #[allow(dead_code)]
    Unusual(Unusual),
    TooLarge(IngestError),
}

impl From<Unusual> for Refusal {
    fn from(why: Unusual) -> Self {
        Refusal::Unusual(why)
    }
}

#[cfg(test)]
fn read_plain(path: &std::path::Path) -> Result<Vec<RawSheet>, Refusal> {
    let file = File::open(path).map_err(|_| "open")?;
    read_archive(zip::ZipArchive::new(BufReader::new(file)).map_err(|_| "zip")?)
}

fn read_archive(mut zip: zip::ZipArchive<BufReader<File>>) -> Result<Vec<RawSheet>, Refusal> {
    let workbook = part(&mut zip, "xl/workbook.xml")?.ok_or("no xl/workbook.xml")?;
    let relations =
        part(&mut zip, "xl/_rels/workbook.xml.rels")?.ok_or("no workbook relationships")?;
    let WorkbookPart {
        sheets,
        dates_from_1904,
    } = workbook_part(&workbook, &relations)?;
    let strings = match part(&mut zip, "xl/sharedStrings.xml")? {
        Some(xml) => shared_strings(&xml)?,
        None => Vec::new(),
    };
    let styles = match part(&mut zip, "xl/styles.xml")? {
        Some(xml) => Styles::parse(&xml)?,
        None => Styles::default(),
    };
    let styles = Styles {
        dates_from_1904,
        ..styles
    };

    let mut raw_sheets = Vec::with_capacity(sheets.len());
    let mut earlier_sheets: u64 = 0;
    for SheetPart {
        name,
        target,
        visibility,
    } in sheets
    {
        let Some(target) = target else {
            continue; // a chart sheet: nothing to read
        };
        let xml = part(&mut zip, &target)?.ok_or("a sheet's part is missing")?;
        let mut fonts = HashMap::new();
        let mut marks = RowMarks::default();
        let cells = sheet_cells(&xml, &strings, &styles, &mut fonts, &mut marks, |so_far| {
            let so_far = earlier_sheets + so_far;
            if so_far > MAX_CELLS_PER_FILE {
                Err(Refusal::TooLarge(IngestError::TooLarge {
                    sheet: name.clone(),
                    cells: so_far,
                    limit: MAX_CELLS_PER_FILE,
                }))
            } else {
                Ok(())
            }
        })?;
        earlier_sheets += cells.len() as u64;
        let merged = merged_ranges(&xml)?;
        let mut sheet = RawSheet::from_cells_with_fonts(name, false, cells, &fonts)
            .with_merged(merged)
            .with_visibility(visibility)
            .with_hidden_rows(marks.hidden_rows);
        sheet.uncalculated = marks.uncalculated;
        raw_sheets.push(sheet);
    }
    Ok(raw_sheets)
}

/// The `<mergeCells>` of a worksheet part: after `<sheetData>`, near the
/// end of the part, so the search starts from the end.
fn merged_ranges(xml: &[u8]) -> Result<Vec<MergedRange>, Unusual> {
    let after_data = memmem::rfind(xml, b"sheetData").unwrap_or(0);
    let Some(start) = memmem::find(&xml[after_data..], b"<mergeCells") else {
        return Ok(Vec::new());
    };
    let mut scan = Scan::new(&xml[after_data + start..])?;
    let mut ranges = Vec::new();
    loop {
        let tag = scan.next_tag()?;
        match (tag.name, tag.kind) {
            (b"mergeCells", TagKind::Start) | (b"mergeCell", TagKind::End) => {}
            (b"mergeCells", TagKind::Empty | TagKind::End) => return Ok(ranges),
            (b"mergeCell", TagKind::Start | TagKind::Empty) => {
                let reference = tag.attribute(b"ref")?.ok_or("a merged block without ref")?;
                let (first, last) = match memchr::memchr(b':', reference) {
                    Some(colon) => (&reference[..colon], &reference[colon + 1..]),
                    None => (reference, reference),
                };
                ranges.push(MergedRange::new(
                    cell_position(first)?,
                    cell_position(last)?,
                ));
            }
            _ => return Err("unexpected element in mergeCells"),
        }
    }
}

/// A part's bytes; `None` when the zip has no such entry.
fn part<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
) -> Result<Option<Vec<u8>>, Unusual> {
    let Some(index) = zip.index_for_name(name) else {
        // Another spelling of the name (calamine looks names up loosely).
        let other_case = zip
            .file_names()
            .any(|n| n.is_ok_and(|n| n.eq_ignore_ascii_case(name)));
        return if other_case {
            Err("a part named in another case")
        } else {
            Ok(None)
        };
    };
    let entry = zip
        .by_index(index)
        .map_err(|_| "a part that does not open")?;
    if entry.size() > MAX_PART_BYTES {
        return Err("a large part");
    }
    let mut bytes = Vec::with_capacity(entry.size() as usize);
    entry
        .take(MAX_PART_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|_| "a part does not inflate")?;
    if bytes.len() as u64 > MAX_PART_BYTES {
        return Err("a part is too large");
    }
    Ok(Some(bytes))
}

/// A sheet as the workbook lists it.
struct SheetPart {
    name: String,
    /// `None` for a chart sheet.
    target: Option<String>,
    /// `state="hidden"` or `"veryHidden"`.
    visibility: Visibility,
}

/// What a worksheet part says of its rows and cells besides their values.
#[derive(Default)]
struct RowMarks {
    /// `<row hidden="1">`, 1-based.
    hidden_rows: Vec<u32>,
    /// `<c><f>..</f></c>` with no `<v>`: 1-based row, 0-based column.
    uncalculated: Vec<(u32, u32)>,
}

/// What `xl/workbook.xml` says.
struct WorkbookPart {
    /// Each sheet's name, part and visibility, in workbook order.
    sheets: Vec<SheetPart>,
    /// `<workbookPr date1904="1">`: date serials count from 1904-01-01.
    dates_from_1904: bool,
}

fn workbook_part(workbook: &[u8], relations: &[u8]) -> Result<WorkbookPart, Unusual> {
    let mut targets: HashMap<String, (String, String)> = HashMap::new();
    for_each_element(relations, |e| {
        if e.name().as_ref() == "Relationship" {
            let id = attribute(e, "Id")?.ok_or("a relationship without Id")?;
            let target = attribute(e, "Target")?.unwrap_or_default();
            let kind = attribute(e, "Type")?.unwrap_or_default();
            targets.insert(id, (target, kind));
        }
        Ok(())
    })?;
    let mut sheets = Vec::new();
    let mut dates_from_1904 = false;
    for_each_element(workbook, |e| {
        if e.name().as_ref() == "workbookPr" {
            dates_from_1904 = match attribute(e, "date1904")?.as_deref() {
                None | Some("0" | "false") => false,
                Some("1" | "true") => true,
                Some(_) => return Err("an unknown date system"),
            };
        }
        if e.name().as_ref() == "sheet" {
            let name = attribute(e, "name")?.ok_or("a sheet without a name")?;
            let id = attribute(e, "r:id")?.ok_or("a sheet without r:id")?;
            let (target, kind) = targets.get(&id).ok_or("a sheet without its part")?;
            let target = match target.strip_prefix('/') {
                Some(absolute) => absolute.to_owned(),
                None => format!("xl/{target}"),
            };
            let part = if kind.ends_with("/worksheet") {
                Some(target)
            } else if kind.ends_with("/chartsheet") {
                None
            } else {
                return Err("a sheet of another kind (macro, dialog)");
            };
            let visibility = match attribute(e, "state")?.as_deref() {
                None | Some("visible") => Visibility::Visible,
                Some("hidden") => Visibility::Hidden,
                Some("veryHidden") => Visibility::VeryHidden,
                Some(_) => return Err("an unknown sheet state"),
            };
            sheets.push(SheetPart {
                name,
                target: part,
                visibility,
            });
        }
        Ok(())
    })?;
    Ok(WorkbookPart {
        sheets,
        dates_from_1904,
    })
}

/// Calls `visit` on every start or empty element of a small XML part.
fn for_each_element(
    xml: &[u8],
    mut visit: impl FnMut(&BytesStart<'_>) -> Result<(), Unusual>,
) -> Result<(), Unusual> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf).map_err(|_| "bad XML")? {
            Event::Start(e) | Event::Empty(e) => visit(&e)?,
            Event::DocType(_) => return Err("a DTD"),
            Event::Eof => return Ok(()),
            _ => {}
        }
        buf.clear();
    }
}

fn attribute(e: &BytesStart<'_>, name: &str) -> Result<Option<String>, Unusual> {
    match e.try_get_attribute(name).map_err(|_| "bad attribute")? {
        Some(a) => Ok(Some(
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|_| "bad attribute")?
                .into_owned(),
        )),
        None => Ok(None),
    }
}

/// For each cell format (`s`): whether it shows a date, and the legacy
/// Vietnamese font its text is typed in; and the day the workbook's dates
/// count from.
#[derive(Default)]
struct Styles {
    date: Vec<bool>,
    font: Vec<Option<FontHint>>,
    dates_from_1904: bool,
}

impl Styles {
    fn parse(xml: &[u8]) -> Result<Styles, Unusual> {
        let mut custom: HashMap<String, bool> = HashMap::new();
        let mut font_names: Vec<Option<String>> = Vec::new();
        let mut styles = Styles::default();
        let mut place = Place::Elsewhere;
        let mut reader = quick_xml::Reader::from_reader(xml);
        let mut buf = Vec::new();
        loop {
            let event = reader.read_event_into(&mut buf).map_err(|_| "bad styles")?;
            let (e, empty) = match &event {
                Event::Start(e) => (e, false),
                Event::Empty(e) => (e, true),
                Event::End(e) => {
                    if matches!(e.name().as_ref(), "numFmts" | "fonts" | "cellXfs") {
                        place = Place::Elsewhere;
                    }
                    buf.clear();
                    continue;
                }
                Event::DocType(_) => return Err("a DTD"),
                Event::Eof => break,
                _ => {
                    buf.clear();
                    continue;
                }
            };
            match e.name().as_ref() {
                "numFmts" if !empty => place = Place::NumberFormats,
                "numFmt" if place == Place::NumberFormats => {
                    let id = attribute(e, "numFmtId")?.unwrap_or_default();
                    let code = attribute(e, "formatCode")?.unwrap_or_default();
                    custom.insert(id, shows_date(&code));
                }
                "fonts" if !empty => place = Place::Fonts,
                "cellXfs" if !empty => place = Place::CellFormats,
                "font" if place == Place::Fonts => font_names.push(None),
                "name" if place == Place::Fonts => {
                    if let Some(last) = font_names.last_mut() {
                        *last = attribute(e, "val")?;
                    }
                }
                "xf" if place == Place::CellFormats => {
                    let format = attribute(e, "numFmtId")?.unwrap_or_else(|| "0".into());
                    let date = match custom.get(&format) {
                        Some(date) => *date,
                        None => built_in_date(&format),
                    };
                    let font = attribute(e, "fontId")?
                        .and_then(|id| id.parse::<usize>().ok())
                        .and_then(|id| font_names.get(id))
                        .and_then(|name| name.as_deref())
                        .and_then(font_hint);
                    styles.date.push(date);
                    styles.font.push(font);
                }
                _ => {}
            }
            buf.clear();
        }
        Ok(styles)
    }
}

#[derive(PartialEq)]
enum Place {
    Elsewhere,
    NumberFormats,
    Fonts,
    CellFormats,
}

/// Excel's built-in date and time formats (ECMA-376 §18.8.30, and the East
/// Asian ones).
fn built_in_date(id: &str) -> bool {
    matches!(id.parse::<u32>(), Ok(14..=22 | 27..=36 | 45..=47 | 50..=58))
}

/// Whether a custom number format shows a date or a time: a day, month,
/// year, hour or second code (or AM/PM) in its first section, outside quoted
/// text, escapes and [brackets], or an elapsed time such as "[h]".
fn shows_date(code: &str) -> bool {
    let mut chars = code.chars();
    let mut after_a = false;
    while let Some(c) = chars.next() {
        match c {
            ';' => return false,
            '"' => {
                for q in chars.by_ref() {
                    if q == '"' {
                        break;
                    }
                }
            }
            '\\' | '_' | '*' => {
                chars.next();
            }
            '[' => {
                let inside: String = chars.by_ref().take_while(|&b| b != ']').collect();
                let elapsed = !inside.is_empty()
                    && inside
                        .chars()
                        .all(|b| matches!(b, 'h' | 'm' | 's' | 'H' | 'M' | 'S'));
                if elapsed {
                    return true;
                }
            }
            'a' | 'A' if !after_a => after_a = true,
            'p' | 'P' | 'm' | 'M' | '/' if after_a => return true,
            'd' | 'D' | 'm' | 'M' | 'y' | 'Y' | 'h' | 'H' | 's' | 'S' if !after_a => return true,
            _ => {}
        }
    }
    false
}

/// The shared-strings table, by index.
fn shared_strings(xml: &[u8]) -> Result<Vec<CellText>, Unusual> {
    let mut scan = Scan::new(xml)?;
    scan.skip_to_element(b"sst")?;
    let mut strings = Vec::new();
    loop {
        let tag = scan.next_tag()?;
        match tag.name {
            b"si" if tag.kind == TagKind::Start => strings.push(scan.rich_text(b"si")?.into()),
            b"si" => {} // `<si/>`: calamine keeps no entry for it either
            b"sst" if tag.kind == TagKind::End => return Ok(strings),
            _ => return Err("unexpected element in the shared strings"),
        }
    }
}

/// Every non-empty cell of a worksheet part, with the legacy fonts of its
/// text cells; `check` is told the running count.
fn sheet_cells(
    xml: &[u8],
    strings: &[CellText],
    styles: &Styles,
    fonts: &mut CellFonts,
    marks: &mut RowMarks,
    mut check: impl FnMut(u64) -> Result<(), Refusal>,
) -> Result<Vec<(u32, u32, CellValue)>, Refusal> {
    let mut scan = Scan::new(xml)?;
    let opened = scan.skip_to_element(b"sheetData")?;
    let mut cells = Vec::new();
    if opened == TagKind::Empty {
        return Ok(cells);
    }
    let (mut row, mut col) = (0u32, 0u32);
    loop {
        let tag = scan.next_tag()?;
        match (tag.name, tag.kind) {
            (b"row", TagKind::Start) => {
                let [r, hidden] = tag.attributes([b"r", b"hidden"])?;
                if let Some(r) = r {
                    row = row_number(r)?;
                }
                // LibreOffice writes "true"/"false", Excel "1".
                if matches!(hidden, Some(b"1" | b"true")) {
                    marks.hidden_rows.push(row.saturating_add(1));
                }
            }
            (b"row", TagKind::Empty) => {}
            (b"row", TagKind::End) => {
                row = row.saturating_add(1);
                col = 0;
            }
            (b"c", TagKind::Empty) => {}
            (b"c", TagKind::Start) => {
                let [r, s, kind] = tag.attributes([b"r", b"s", b"t"])?;
                let at = match r {
                    Some(r) => {
                        let at = cell_position(r)?;
                        col = at.1;
                        at
                    }
                    None => (row, col),
                };
                let style = match s {
                    Some(s) => Some(plain_number(s).ok_or("a bad style number")?),
                    None => None,
                };
                let (value, formula) = scan.cell_value(kind, style, strings, styles)?;
                if formula && value.is_none() {
                    marks.uncalculated.push((at.0.saturating_add(1), at.1));
                }
                col = col.saturating_add(1);
                if let Some(value) = value {
                    // A cell without a style has the workbook's default
                    // one (style 0), which may well be .VnTime.
                    let hint = styles.font.get(style.unwrap_or(0)).copied().flatten();
                    if let (CellValue::Text(_), Some(hint)) = (&value, hint) {
                        fonts.insert(at, hint);
                    }
                    cells.push((at.0, at.1, value));
                    check(cells.len() as u64)?;
                }
            }
            (b"sheetData", TagKind::End) => return Ok(cells),
            _ => return Err("unexpected element in sheetData".into()),
        }
    }
}

fn plain_number(text: &[u8]) -> Option<usize> {
    if text.is_empty() || text.len() > 9 || !text.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(
        text.iter()
            .fold(0usize, |n, d| n * 10 + usize::from(d - b'0')),
    )
}

/// "12" → 11 (0-based).
fn row_number(text: &[u8]) -> Result<u32, Unusual> {
    match plain_number(text) {
        Some(n) if n >= 1 => Ok((n - 1) as u32),
        _ => Err("a bad row number"),
    }
}

/// "AB12" → (11, 27), both 0-based.
fn cell_position(text: &[u8]) -> Result<(u32, u32), Unusual> {
    let letters = text.iter().take_while(|b| b.is_ascii_uppercase()).count();
    if letters == 0 || letters > 3 {
        return Err("a bad cell reference");
    }
    let col = text[..letters]
        .iter()
        .fold(0u32, |n, b| n * 26 + u32::from(b - b'A') + 1);
    Ok((row_number(&text[letters..])?, col - 1))
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum TagKind {
    Start,
    End,
    Empty,
}

struct Tag<'x> {
    name: &'x [u8],
    kind: TagKind,
    /// What lies between the name and the closing `>` or `/>`.
    attributes: &'x [u8],
}

impl<'x> Tag<'x> {
    /// An attribute's raw value; one holding an entity is left to calamine.
    fn attribute(&self, name: &[u8]) -> Result<Option<&'x [u8]>, Unusual> {
        let [value] = self.attributes([name])?;
        Ok(value)
    }

    /// The raw values of the attributes `names`, in one pass.
    fn attributes<const N: usize>(
        &self,
        names: [&[u8]; N],
    ) -> Result<[Option<&'x [u8]>; N], Unusual> {
        let mut found = [None; N];
        let mut rest = self.attributes;
        loop {
            let start = rest.iter().position(|b| !b.is_ascii_whitespace());
            let Some(start) = start else {
                return Ok(found);
            };
            rest = &rest[start..];
            let eq = memchr::memchr(b'=', rest).ok_or("a bad attribute")?;
            let key = rest[..eq].trim_ascii_end();
            let after = rest[eq + 1..].trim_ascii_start();
            let quote = *after.first().ok_or("a bad attribute")?;
            if quote != b'"' && quote != b'\'' {
                return Err("a bad attribute");
            }
            let end = memchr::memchr(quote, &after[1..]).ok_or("a bad attribute")?;
            let value = &after[1..1 + end];
            if let Some(i) = names.iter().position(|n| *n == key) {
                if value.contains(&b'&') {
                    return Err("an entity in an attribute");
                }
                found[i] = Some(value);
            }
            rest = &after[end + 2..];
        }
    }
}

/// A cursor over a part's bytes that knows the few shapes a plain sheet has.
struct Scan<'x> {
    xml: &'x [u8],
    at: usize,
}

impl<'x> Scan<'x> {
    fn new(xml: &'x [u8]) -> Result<Scan<'x>, Unusual> {
        if memmem::find(xml, b"<!").is_some() {
            return Err("a DTD, comment or CDATA");
        }
        // Texts are checked as UTF-8 one by one, when they are taken.
        if xml.starts_with(&[0xEF, 0xBB, 0xBF]) {
            return Err("a byte-order mark");
        }
        Ok(Scan { xml, at: 0 })
    }

    /// Moves past the first `<name ...>` or `<name .../>`.
    fn skip_to_element(&mut self, name: &[u8]) -> Result<TagKind, Unusual> {
        loop {
            let tag = self.next_tag()?;
            if tag.name == name && tag.kind != TagKind::End {
                return Ok(tag.kind);
            }
        }
    }

    /// The next tag, skipping text and `<?...?>` declarations.
    fn next_tag(&mut self) -> Result<Tag<'x>, Unusual> {
        loop {
            let open = memchr::memchr(b'<', &self.xml[self.at..]).ok_or("unexpected end")?;
            let start = self.at + open + 1;
            let close = memchr::memchr(b'>', &self.xml[start..]).ok_or("unexpected end")?;
            let inner = &self.xml[start..start + close];
            self.at = start + close + 1;
            if inner.first() == Some(&b'?') {
                continue;
            }
            let (kind, inner) = if let Some(name) = inner.strip_prefix(b"/") {
                (TagKind::End, name)
            } else if let Some(body) = inner.strip_suffix(b"/") {
                (TagKind::Empty, body)
            } else {
                (TagKind::Start, inner)
            };
            let name_end = inner
                .iter()
                .position(u8::is_ascii_whitespace)
                .unwrap_or(inner.len());
            let name = &inner[..name_end];
            // A ">" inside an attribute's value ends the tag early, leaving
            // a quote unclosed, which reading the attributes refuses.
            if name.is_empty() {
                return Err("an empty tag");
            }
            return Ok(Tag {
                name,
                kind,
                attributes: &inner[name_end..],
            });
        }
    }

    /// The text up to the next `<`, which must open `</name>`.
    fn text_until_end(&mut self, name: &[u8]) -> Result<&'x [u8], Unusual> {
        let rest = &self.xml[self.at..];
        let open = memchr::memchr(b'<', rest).ok_or("unexpected end")?;
        let text = &rest[..open];
        self.at += open;
        let tag = self.next_tag()?;
        if tag.name != name || tag.kind != TagKind::End {
            return Err("an element inside a text");
        }
        Ok(text)
    }

    /// Skips to the `</name>` that closes an element just opened (no nesting
    /// of the same name, as in `<f>` and `<rPh>`).
    fn skip_element(&mut self, name: &[u8]) -> Result<(), Unusual> {
        loop {
            let tag = self.next_tag()?;
            if tag.name == name {
                return match tag.kind {
                    TagKind::End => Ok(()),
                    _ => Err("a nested element of the same name"),
                };
            }
        }
    }

    /// A string item (`<si>` or `<is>`): its `<t>` texts, phonetic runs
    /// left out, each trimmed unless it preserves its spaces.
    fn rich_text(&mut self, closing: &[u8]) -> Result<String, Unusual> {
        let mut out = String::new();
        loop {
            let tag = self.next_tag()?;
            match (tag.name, tag.kind) {
                (name, TagKind::End) if name == closing => return Ok(out),
                (b"t", TagKind::Start) => {
                    let preserve = tag.attribute(b"xml:space")? == Some(b"preserve");
                    let raw = self.text_until_end(b"t")?;
                    let text = unescape(raw)?;
                    let text = if preserve {
                        &text[..]
                    } else {
                        text.trim_matches([' ', '\t', '\r', '\n'])
                    };
                    push_excel_escaped(&mut out, text);
                }
                // Phonetic runs are not the text; run properties are fonts,
                // sizes, colours.
                (b"rPh" | b"rPr", TagKind::Start) => self.skip_element(tag.name)?,
                (b"r", _) | (_, TagKind::Empty) => {}
                _ => return Err("unexpected element in a string"),
            }
        }
    }

    /// A `<c>`'s value, read up to its `</c>` (`None` when it has none),
    /// and whether it holds a formula.
    fn cell_value(
        &mut self,
        kind: Option<&[u8]>,
        style: Option<usize>,
        strings: &[CellText],
        styles: &Styles,
    ) -> Result<(Option<CellValue>, bool), Unusual> {
        // Nearly every cell is `<v>..</v></c>`: read it without the loop.
        let rest = &self.xml[self.at..];
        if let Some(inside) = rest.strip_prefix(b"<v>") {
            if let Some(end) = memchr::memchr(b'<', inside) {
                if inside[end..].starts_with(b"</v></c>")
                    && !matches!(kind, Some(b"inlineStr" | b"is"))
                {
                    self.at += 3 + end + b"</v></c>".len();
                    return Ok((
                        v_value(&inside[..end], kind, style, strings, styles)?,
                        false,
                    ));
                }
            }
        }
        let mut value = None;
        let mut formula = false;
        loop {
            let tag = self.next_tag()?;
            match (tag.name, tag.kind) {
                (b"c", TagKind::End) => return Ok((value, formula)),
                (b"f", TagKind::Start) => {
                    self.skip_element(b"f")?;
                    value = None;
                    formula = true;
                }
                // A shared formula's other cells: `<f t="shared" si="0"/>`.
                (b"f", TagKind::Empty) => formula = true,
                (b"is", TagKind::Start) => {
                    value = Some(CellValue::Text(self.rich_text(b"is")?.into()));
                }
                (b"v", TagKind::Start) => {
                    let raw = self.text_until_end(b"v")?;
                    value = match kind {
                        Some(b"inlineStr" | b"is") => None,
                        _ => v_value(raw, kind, style, strings, styles)?,
                    };
                }
                (b"v" | b"is", TagKind::Empty) => {}
                _ => return Err("unexpected element in a cell"),
            }
        }
    }
}

/// The value a `<v>` holds, by the cell's type.
fn v_value(
    raw: &[u8],
    kind: Option<&[u8]>,
    style: Option<usize>,
    strings: &[CellText],
    styles: &Styles,
) -> Result<Option<CellValue>, Unusual> {
    let text = || std::str::from_utf8(raw).map_err(|_| "not UTF-8");
    Ok(match kind {
        Some(b"s") => {
            if raw.is_empty() {
                return Ok(None);
            }
            let index = plain_number(raw).ok_or("a bad string index")?;
            let text = strings.get(index).ok_or("a string index past the table")?;
            Some(CellValue::Text(text.clone()))
        }
        Some(b"b") => match raw {
            b"0" => Some(CellValue::Bool(false)),
            b"1" => Some(CellValue::Bool(true)),
            _ => return Err("a bad boolean"),
        },
        Some(b"e") => {
            let error: calamine::CellErrorType =
                text()?.parse().map_err(|_| "a bad error value")?;
            Some(CellValue::Error(error.to_string()))
        }
        Some(b"d") => Some(CellValue::DateIso(unescape(raw)?.into_owned())),
        Some(b"str") => {
            let mut out = String::new();
            push_excel_escaped(&mut out, &unescape(raw)?);
            Some(CellValue::Text(out.into()))
        }
        Some(b"n") | None => {
            if raw.is_empty() {
                return Ok(None);
            }
            let plain = raw
                .iter()
                .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'));
            let number: f64 = match plain {
                true => text()?.parse().map_err(|_| "a bad number")?,
                false => return Err("a number calamine may read otherwise"),
            };
            let date = style.is_some_and(|s| styles.date.get(s).copied().unwrap_or(false));
            Some(match (date, styles.dates_from_1904) {
                (false, _) => CellValue::Number(number),
                (true, false) => CellValue::Date(number),
                (true, true) => CellValue::Date1904(number),
            })
        }
        Some(_) => return Err("an unknown cell type"),
    })
}

/// XML text with its five named entities and character references decoded,
/// and line ends made "\n" (as XML 1.0 reads them).
fn unescape(raw: &[u8]) -> Result<std::borrow::Cow<'_, str>, Unusual> {
    let text = std::str::from_utf8(raw).map_err(|_| "not UTF-8")?;
    if !raw.contains(&b'&') && !raw.contains(&b'\r') {
        return Ok(std::borrow::Cow::Borrowed(text));
    }
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let semi = after.find(';').ok_or("a bad entity")?;
        let entity = &after[..semi];
        let c = match entity {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = if let Some(hex) = entity.strip_prefix("#x") {
                    u32::from_str_radix(hex, 16).ok()
                } else if let Some(dec) = entity.strip_prefix('#') {
                    dec.parse::<u32>().ok()
                } else {
                    None
                };
                code.and_then(char::from_u32).ok_or("an unknown entity")?
            }
        };
        out.push(c);
        rest = &after[semi + 1..];
    }
    out.push_str(rest);
    Ok(std::borrow::Cow::Owned(out))
}

/// Appends `text` with Excel's own escapes decoded: "_x000D_" is a carriage
/// return, "_xD83D__xDE00_" a character beyond the basic plane; a lone
/// surrogate becomes U+FFFD.
fn push_excel_escaped(out: &mut String, text: &str) {
    let unit_at = |i: usize| -> Option<u16> {
        let b = text.as_bytes().get(i..i + 7)?;
        if b[0] != b'_' || b[1] != b'x' || b[6] != b'_' {
            return None;
        }
        let hex = std::str::from_utf8(&b[2..6]).ok()?;
        if !hex.bytes().all(|h| h.is_ascii_hexdigit()) {
            return None;
        }
        u16::from_str_radix(hex, 16).ok()
    };
    let mut copied = 0;
    let mut i = 0;
    while let Some(offset) = text[i..].find("_x") {
        let at = i + offset;
        let Some(unit) = unit_at(at) else {
            i = at + 1;
            continue;
        };
        out.push_str(&text[copied..at]);
        let mut next = at + 7;
        let c = match unit {
            0xD800..=0xDBFF => match unit_at(next) {
                Some(low @ 0xDC00..=0xDFFF) => {
                    next += 7;
                    let code =
                        0x10000 + ((u32::from(unit) - 0xD800) << 10) + (u32::from(low) - 0xDC00);
                    char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER)
                }
                _ => char::REPLACEMENT_CHARACTER,
            },
            0xDC00..=0xDFFF => char::REPLACEMENT_CHARACTER,
            _ => char::from_u32(u32::from(unit)).unwrap_or(char::REPLACEMENT_CHARACTER),
        };
        out.push(c);
        copied = next;
        i = next;
    }
    out.push_str(&text[copied..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every .xlsx of the fixtures and the sample (Excel's shapes as
    /// rust_xlsxwriter writes them: dates, formulas, legacy fonts, title
    /// rows, merged headers) is read directly, to the same cells calamine
    /// gives.
    #[test]
    fn the_direct_reader_gives_calamines_cells() {
        let mut paths = Vec::new();
        let mut folders = vec![
            std::path::PathBuf::from("tests/fixtures"),
            "sample-data".into(),
        ];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(&folder).expect("folder") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    folders.push(path);
                } else if path.extension().is_some_and(|e| e == "xlsx") {
                    paths.push(path);
                }
            }
        }
        assert!(paths.len() >= 20, "{paths:?}");
        for path in paths {
            let mut direct = read_plain(&path).unwrap_or_else(|e| panic!("{path:?}: {e:?}"));
            // What only the direct reader tells: hidden rows, formulas
            // without a value.
            for sheet in &mut direct {
                sheet.hidden_rows.clear();
                sheet.uncalculated.clear();
            }
            let calamine =
                super::super::workbook::read_xlsx_with_calamine(&path).expect("calamine");
            assert_eq!(direct, calamine, "{path:?}");
        }
    }

    /// Damaged parts (cut short, bytes changed) are refused or read, never
    /// a panic or a hang.
    #[test]
    fn damaged_parts_never_panic() {
        let sheet = br#"<?xml version="1.0"?><worksheet><sheetData><row r="1"><c r="A1" s="1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><r><rPr><b/></rPr><t xml:space="preserve"> a&amp;b_x000D_ </t></r><rPh><t>x</t></rPh></is></c><c r="C1"><f>SUM(A1:B1)</f><v>3.5</v></c><c r="D1" t="e"><v>#N/A</v></c><c t="b"><v>1</v></c></row><row><c r="A3" t="str"><v>x&#7841;</v></c></row></sheetData></worksheet>"#;
        let strings_xml = br#"<sst count="1"><si><t>Hoa</t></si><si><r><t>B</t></r><r><t xml:space="preserve"> c</t></r></si></sst>"#;
        let styles_xml = br#"<styleSheet><numFmts><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts><fonts><font><name val=".VnTime"/></font></fonts><cellXfs><xf numFmtId="164" fontId="0"/><xf numFmtId="0" fontId="0"/></cellXfs></styleSheet>"#;
        let strings = shared_strings(strings_xml).expect("strings");
        assert_eq!(strings, ["Hoa".into(), "B c".into()] as [CellText; 2]);
        let styles = Styles::parse(styles_xml).expect("styles");
        assert_eq!(styles.date, [true, false]);
        let cells = sheet_cells(
            sheet,
            &strings,
            &styles,
            &mut HashMap::new(),
            &mut RowMarks::default(),
            |_| Ok(()),
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(
            cells,
            [
                (0, 0, CellValue::Text("Hoa".into())),
                (0, 1, CellValue::Text(" a&b\r ".into())),
                (0, 2, CellValue::Number(3.5)),
                (0, 3, CellValue::Error("#N/A".into())),
                (0, 4, CellValue::Bool(true)),
                (2, 0, CellValue::Text("xạ".into())),
            ]
        );
        let mut seed: u64 = 7;
        let mut next = move || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        for part in [&sheet[..], &strings_xml[..], &styles_xml[..]] {
            for _ in 0..3000 {
                let mut bytes = part.to_vec();
                match next() % 3 {
                    0 => bytes.truncate(next() % part.len()),
                    1 => {
                        for _ in 0..1 + next() % 4 {
                            let at = next() % bytes.len();
                            let noise = b"<>/\"=& _x0A1;#";
                            bytes[at] = noise[next() % noise.len()];
                        }
                    }
                    _ => {
                        let at = next() % bytes.len();
                        let len = next() % 20;
                        let piece = bytes[at..(at + len).min(bytes.len())].to_vec();
                        let to = next() % bytes.len();
                        bytes.splice(to..to, piece);
                    }
                }
                let _ = shared_strings(&bytes);
                let _ = Styles::parse(&bytes);
                let _ = sheet_cells(
                    &bytes,
                    &strings,
                    &styles,
                    &mut HashMap::new(),
                    &mut RowMarks::default(),
                    |_| Ok(()),
                );
            }
        }
    }

    #[test]
    fn date_formats_are_told_from_number_formats() {
        for date in [
            "dd/mm/yyyy",
            "[$-42A]dd/mm/yyyy",
            "h:mm AM/PM",
            "[h]:mm:ss",
            "mmm-yy",
            "yyyy",
        ] {
            assert!(shows_date(date), "{date}");
        }
        for number in [
            "General",
            "#,##0",
            "#,##0.00\" đồng\"",
            "0.00E+00",
            "[Red]#,##0;[Blue]-#,##0",
            "#,##0 \"m\"",
            "0;\"dd\"",
            "@",
        ] {
            assert!(!shows_date(number), "{number}");
        }
    }

    #[test]
    fn cell_references() {
        assert_eq!(cell_position(b"A1"), Ok((0, 0)));
        assert_eq!(cell_position(b"AB12"), Ok((11, 27)));
        assert!(cell_position(b"a1").is_err());
        assert!(cell_position(b"A0").is_err());
        assert!(cell_position(b"1").is_err());
    }

    #[test]
    fn excel_escapes_and_entities() {
        let mut out = String::new();
        push_excel_escaped(&mut out, "a_x000D_b_xD83D__xDE00_c_x005F_x_xZZZZ_");
        assert_eq!(out, "a\rb😀c_x_xZZZZ_");
        assert_eq!(
            unescape(b"T&amp;T &#x1EA0;&#7841; &lt;1&gt;\r\n").unwrap(),
            "T&T Ạạ <1>\n"
        );
        assert!(unescape(b"&nbsp;").is_err());
    }
}
