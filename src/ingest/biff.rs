//! Makes an .xls workbook stream safe to hand to calamine.
//!
//! calamine trusts some record lengths and offsets in a BIFF stream: a
//! record shorter than its fields, a sheet offset past the end or a
//! malformed formula makes it panic, and a DIMENSIONS record makes it
//! reserve the size a sheet claims before reading one cell. This module
//! walks the records exactly as calamine will (the globals from the start,
//! then each sheet from the offset its BOUNDSHEET gives), refuses what
//! calamine cannot read, and defuses the rest in place: DIMENSIONS records
//! are cleared, and formulas (of cells and of defined names) are emptied,
//! since dvk reads the value a cell shows, never its formula. It also counts
//! the grid calamine will build and, in the same pass, notes the rows each
//! worksheet hides and the text cells typed in a legacy Vietnamese font
//! (calamine tells neither).

use super::grid::Bounds;
use super::legacy_text::{font_hint, CellFonts, FontHint};

const EOF: u16 = 0x000A;
const BOF: u16 = 0x0809;
const FILEPASS: u16 = 0x002F;
const CODEPAGE: u16 = 0x0042;
const DATE1904: u16 = 0x0022;
const BOUNDSHEET: u16 = 0x0085;
const NAME: u16 = 0x0018;
const EXTERNSHEET: u16 = 0x0017;
const DIMENSIONS: u16 = 0x0200;
const MERGECELLS: u16 = 0x00E5;
const MULRK: u16 = 0x00BD;
const FORMULA: u16 = 0x0006;
const SST: u16 = 0x00FC;
const CONTINUE: u16 = 0x003C;
const ROW: u16 = 0x0208;
const FONT: u16 = 0x0031;
const XF: u16 = 0x00E0;
const LABELSST: u16 = 0x00FD;
const LABEL: u16 = 0x0204;
const RSTRING: u16 = 0x00D6;
/// The font index no FONT record has: XF records count the fonts skipping
/// 4 (in every BIFF version), so index 5 is the fifth record.
const MISSING_FONT: u16 = 4;
/// ROW's `grbit` (at byte 12): the row's height is zero, so Excel hides it
/// (by hand, or by a filter).
const ROW_HIDDEN: u16 = 0x0020;
/// BOUNDSHEET's sheet type (byte 5) of a worksheet; charts, macro sheets
/// and VBA modules hold no rows.
const WORKSHEET: u8 = 0x00;
/// NUMBER, RK, LABELSST, LABEL, RSTRING, BOOLERR, FORMULA: row and column first.
const CELLS: [u16; 7] = [0x0203, 0x027E, LABELSST, LABEL, RSTRING, 0x0205, FORMULA];
/// BOF's version field for BIFF8, the only version whose EXTERNSHEET calamine reads.
const BIFF8: u16 = 0x0600;

/// A record calamine would read past its end, or a sheet that starts
/// outside the stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MalformedRecord {
    pub kind: u16,
    pub offset: usize,
}

impl std::fmt::Display for MalformedRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "bản ghi BIFF 0x{:04X} ở vị trí {} bị cắt cụt",
            self.kind, self.offset
        )
    }
}

/// What the guard found in a stream it let through.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Guarded {
    /// The cells of every sheet's grid, summed.
    pub cells: u64,
    /// Per BOUNDSHEET record, in their order (calamine's order of sheets):
    /// the rows the sheet hides, 1-based, sorted. Empty for a sheet that is
    /// not a worksheet, and for every sheet of an encrypted stream.
    pub hidden_rows: Vec<Vec<u32>>,
    /// Per BOUNDSHEET record, like `hidden_rows`: the text cells whose font
    /// is a legacy Vietnamese one (.VnTime, VNI-Times), by 0-based (row,
    /// col). Empty when the font records cannot be read.
    pub cell_fonts: Vec<CellFonts>,
}

/// Checks the stream, defuses it in place and returns what it found.
pub fn guard_biff(stream: &mut [u8]) -> Result<Guarded, MalformedRecord> {
    // Defusing only ever zeroes bytes, so repeating until nothing changes
    // ends; it matters only when sheet offsets overlap other records. The
    // last pass read the bytes calamine will read.
    loop {
        let (guarded, changed) = walk(stream)?;
        if !changed {
            return Ok(guarded);
        }
    }
}

/// One pass over what calamine reads; returns what it found and whether a
/// byte was changed.
fn walk(stream: &mut [u8]) -> Result<(Guarded, bool), MalformedRecord> {
    let mut sheet_offsets = Vec::new();
    let mut biff8 = true;
    let mut changed = false;
    // Hidden rows are a courtesy: an encrypted stream (its records' bodies
    // are scrambled) or a ROW record too short for its flags ends the look
    // for them, never the reading of the file.
    let mut rows_readable = true;
    // Fonts are a courtesy too: a cut FONT or XF record means no hints.
    let mut fonts_readable = true;
    let mut fonts: Vec<Option<FontHint>> = Vec::new();
    let mut xf_fonts: Vec<u16> = Vec::new();
    let globals = records(stream, 0);
    for (n, record) in globals.iter().enumerate() {
        if record.kind == SST {
            let continued = globals[n + 1..]
                .iter()
                .take_while(|r| r.kind == CONTINUE)
                .map(|r| &stream[r.data.clone()]);
            let pieces: Vec<&[u8]> = std::iter::once(&stream[record.data.clone()])
                .chain(continued)
                .collect();
            if !shared_strings_are_safe(&pieces) {
                return Err(record.malformed());
            }
        }
        let data = &mut stream[record.data.clone()];
        let need = match record.kind {
            BOF | FILEPASS | CODEPAGE | DATE1904 => 2,
            BOUNDSHEET => 6,
            EXTERNSHEET if biff8 => 2,
            NAME => 14.max(data.get(4..6).map_or(0, |cce| usize::from(u16_at(cce)))),
            _ => 0,
        };
        if data.len() < need {
            return Err(record.malformed());
        }
        match record.kind {
            BOF => biff8 = u16_at(data) == BIFF8,
            NAME => changed |= clear(&mut data[4..6]),
            BOUNDSHEET => {
                let offset = u32::from_le_bytes([data[0], data[1], data[2], data[3]]);
                sheet_offsets.push((offset, data[5] == WORKSHEET));
            }
            FILEPASS => {
                rows_readable = false;
                fonts_readable = false;
            }
            FONT => match font_record_name(data, biff8) {
                Some(name) => fonts.push(font_hint(&name)),
                None => fonts_readable = false,
            },
            XF => match data.get(0..2) {
                Some(font) => xf_fonts.push(u16_at(font)),
                None => fonts_readable = false,
            },
            EOF => break,
            _ => {}
        }
    }

    // The legacy font of each XF; none at all when the fonts were unreadable.
    let xf_hints: Vec<Option<FontHint>> = match fonts_readable {
        true => xf_fonts
            .iter()
            .map(|&index| {
                let record = match index {
                    MISSING_FONT => return None,
                    0..MISSING_FONT => index,
                    _ => index - 1,
                };
                fonts.get(usize::from(record)).copied().flatten()
            })
            .collect(),
        false => Vec::new(),
    };
    let any_legacy_font = xf_hints.iter().any(Option::is_some);

    let mut cells: u64 = 0;
    let mut hidden_rows = Vec::with_capacity(sheet_offsets.len());
    let mut cell_fonts = Vec::with_capacity(sheet_offsets.len());
    for (offset, worksheet) in sheet_offsets {
        let offset = offset as usize;
        let mut hidden = Vec::new();
        let mut legacy_cells = CellFonts::new();
        // A text cell (row, col and XF index first) whose XF types in a
        // legacy font.
        let mut note_font = |data: &[u8]| {
            if !(worksheet && any_legacy_font) {
                return;
            }
            let hint = data
                .get(4..6)
                .and_then(|xf| xf_hints.get(usize::from(u16_at(xf))));
            if let Some(Some(hint)) = hint {
                let (row, col) = (u32::from(u16_at(data)), u32::from(u16_at(&data[2..])));
                legacy_cells.insert((row, col), *hint);
            }
        };
        if offset > stream.len() {
            return Err(MalformedRecord {
                kind: BOUNDSHEET,
                offset,
            });
        }
        let mut sheet = Bounds::default();
        let mut seen_bof = false;
        let mut nested = 0usize;
        for record in records(stream, offset) {
            let data = &mut stream[record.data.clone()];
            if nested > 0 {
                match record.kind {
                    BOF => nested += 1,
                    EOF => nested -= 1,
                    _ => {}
                }
                continue;
            }
            match record.kind {
                BOF if seen_bof => nested += 1,
                BOF => seen_bof = true,
                EOF => break,
                DIMENSIONS => changed |= clear(data),
                // calamine checks the first 20 bytes itself; the formula's
                // length follows them.
                FORMULA if data.len() >= 20 => {
                    let Some(formula_length) = data.get_mut(20..22) else {
                        return Err(record.malformed());
                    };
                    changed |= clear(formula_length);
                    let (row, col) = (u64::from(u16_at(data)), u64::from(u16_at(&data[2..])));
                    sheet.add_rows(row, row);
                    sheet.add_cols(col, col);
                    // A text result: type 0 and 0xFFFF where a number's
                    // last bytes would be.
                    if data[6] == 0 && data[12..14] == [0xFF, 0xFF] {
                        note_font(data);
                    }
                }
                MERGECELLS => {
                    let count = data.get(0..2).map(u16_at);
                    if count.is_none_or(|count| data.len() < 2 + 8 * usize::from(count)) {
                        return Err(record.malformed());
                    }
                }
                MULRK if data.len() >= 6 => {
                    let row = u64::from(u16_at(data));
                    let first = u64::from(u16_at(&data[2..]));
                    let last = u64::from(u16_at(&data[data.len() - 2..]));
                    sheet.add_rows(row, row);
                    sheet.add_cols(first.min(last), first.max(last));
                }
                kind if CELLS.contains(&kind) && data.len() >= 4 => {
                    let (row, col) = (u64::from(u16_at(data)), u64::from(u16_at(&data[2..])));
                    sheet.add_rows(row, row);
                    sheet.add_cols(col, col);
                    if matches!(kind, LABELSST | LABEL | RSTRING) {
                        note_font(data);
                    }
                }
                ROW if worksheet && rows_readable => match data.get(12..14) {
                    // `rw` is 0-based, as calamine's cell rows are.
                    Some(grbit) if u16_at(grbit) & ROW_HIDDEN != 0 => {
                        hidden.push(u32::from(u16_at(data)) + 1);
                    }
                    Some(_) => {}
                    None => rows_readable = false,
                },
                _ => {}
            }
        }
        cells = cells.saturating_add(sheet.cells());
        hidden.sort_unstable();
        hidden.dedup();
        hidden_rows.push(hidden);
        cell_fonts.push(legacy_cells);
    }
    let guarded = Guarded {
        cells,
        hidden_rows,
        cell_fonts,
    };
    Ok((guarded, changed))
}

/// The font name at the end of a FONT record: a count of characters at
/// byte 14, then (BIFF8) a flags byte whose bit 0 says two bytes a
/// character, then the characters. `None` if the record is cut short.
fn font_record_name(data: &[u8], biff8: bool) -> Option<String> {
    let chars = usize::from(*data.get(14)?);
    let (wide, name) = match biff8 {
        true => (data.get(15)? & 0x1 != 0, data.get(16..)?),
        false => (false, data.get(15..)?),
    };
    if wide {
        let units = name.get(..2 * chars)?.chunks_exact(2).map(u16_at);
        Some(
            char::decode_utf16(units)
                .map(|c| c.unwrap_or('\u{FFFD}'))
                .collect(),
        )
    } else {
        // One byte a character: the code page's, and font names are ASCII.
        Some(name.get(..chars)?.iter().copied().map(char::from).collect())
    }
}

/// Follows calamine's reading of the shared-strings table across its
/// CONTINUE records; false where calamine would read past a piece's end.
/// (Where calamine stops with an error of its own, the table is "safe".)
fn shared_strings_are_safe<'a>(pieces: &[&'a [u8]]) -> bool {
    let mut rest = pieces.iter().skip(1);
    let mut next_piece = |data: &mut &'a [u8]| rest.next().map(|piece| *data = piece).is_some();
    let Some(mut data) = pieces.first().and_then(|first| first.get(8..)) else {
        return true;
    };
    loop {
        if data.is_empty() && !next_piece(&mut data) {
            return true;
        }
        if data.is_empty() {
            continue;
        }
        if data.len() < 3 {
            return true;
        }
        let (mut chars, flags) = (usize::from(u16_at(data)), data[2]);
        data = &data[3..];
        let mut runs = 0usize;
        if flags & 0x8 != 0 {
            let Some(count) = data.get(..2) else {
                return false;
            };
            runs = usize::from(u16_at(count)) * 4;
            data = &data[2..];
        }
        let mut extension = 0usize;
        if flags & 0x4 != 0 {
            let Some(size) = data.get(..4) else {
                return false;
            };
            extension = i32::from_le_bytes([size[0], size[1], size[2], size[3]]) as usize;
            data = &data[4..];
        }
        let mut wide = flags & 0x1 != 0;
        while chars > 0 {
            let taken = if wide {
                (data.len() / 2).min(chars)
            } else {
                data.len().min(chars)
            };
            data = &data[if wide { 2 * taken } else { taken }..];
            chars -= taken;
            if chars > 0 {
                if !next_piece(&mut data) {
                    return true;
                }
                let Some(&first) = data.first() else {
                    return false;
                };
                wide = first & 0x1 != 0;
                data = &data[1..];
            }
        }
        for mut skip in [runs, extension] {
            while skip > 0 {
                if data.is_empty() && !next_piece(&mut data) {
                    return true;
                }
                let taken = skip.min(data.len());
                data = &data[taken..];
                skip -= taken;
            }
        }
    }
}

/// Zeroes `bytes`; says whether any was not zero already.
fn clear(bytes: &mut [u8]) -> bool {
    let changed = bytes.iter().any(|b| *b != 0);
    bytes.fill(0);
    changed
}

fn u16_at(data: &[u8]) -> u16 {
    u16::from_le_bytes([data[0], data[1]])
}

/// One record: its kind, where it starts and the range of its body.
struct Record {
    kind: u16,
    offset: usize,
    data: std::ops::Range<usize>,
}

impl Record {
    fn malformed(&self) -> MalformedRecord {
        MalformedRecord {
            kind: self.kind,
            offset: self.offset,
        }
    }
}

/// The records from an offset, as calamine splits them: a record that runs
/// past the end of the stream ends the walk, as it ends calamine's.
fn records(stream: &[u8], mut at: usize) -> Vec<Record> {
    let mut records = Vec::new();
    while at + 4 <= stream.len() {
        let kind = u16_at(&stream[at..]);
        let end = at + 4 + usize::from(u16_at(&stream[at + 2..]));
        if end > stream.len() {
            break;
        }
        records.push(Record {
            kind,
            offset: at,
            data: at + 4..end,
        });
        at = end;
    }
    records
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: u16, data: &[u8]) -> Vec<u8> {
        let mut r = kind.to_le_bytes().to_vec();
        r.extend((data.len() as u16).to_le_bytes());
        r.extend(data);
        r
    }

    /// Globals with one BOUNDSHEET pointing past themselves, then the sheet.
    fn workbook(sheet_records: &[Vec<u8>]) -> Vec<u8> {
        workbook_of(&[], &[(WORKSHEET, sheet_records.to_vec())])
    }

    /// Globals (`globals` after their BOF), one BOUNDSHEET per sheet (its
    /// type, then its records), then each sheet's substream.
    fn workbook_of(globals: &[Vec<u8>], sheets: &[(u8, Vec<Vec<u8>>)]) -> Vec<u8> {
        let mut bof = vec![0u8; 16];
        bof[..2].copy_from_slice(&BIFF8.to_le_bytes());
        let mut substreams = Vec::new();
        let mut starts = Vec::new();
        for (_, records) in sheets {
            starts.push(substreams.len());
            substreams.extend(record(BOF, &bof));
            for r in records {
                substreams.extend(r);
            }
            substreams.extend(record(EOF, &[]));
        }
        let globals_len =
            (4 + 16) + globals.iter().map(Vec::len).sum::<usize>() + sheets.len() * (4 + 8) + 4;
        let mut stream = record(BOF, &bof);
        for r in globals {
            stream.extend(r);
        }
        for ((kind, _), start) in sheets.iter().zip(starts) {
            let mut boundsheet = ((globals_len + start) as u32).to_le_bytes().to_vec();
            boundsheet.extend([0, *kind, 1, 0]);
            stream.extend(record(BOUNDSHEET, &boundsheet));
        }
        stream.extend(record(EOF, &[]));
        assert_eq!(stream.len(), globals_len);
        stream.extend(substreams);
        stream
    }

    /// A ROW record for 0-based row `rw`, hidden or not.
    fn row(rw: u16, hidden: bool) -> Vec<u8> {
        let mut data = vec![0u8; 16];
        data[..2].copy_from_slice(&rw.to_le_bytes());
        data[4] = 8; // colMac
        data[6..8].copy_from_slice(&0x00FFu16.to_le_bytes()); // miyRw
        let grbit: u16 = if hidden { 0x0120 } else { 0x0100 };
        data[12..14].copy_from_slice(&grbit.to_le_bytes());
        record(ROW, &data)
    }

    /// A BIFF8 FONT record named `name`, its characters one byte each or
    /// two (UTF-16).
    fn font(name: &str, wide: bool) -> Vec<u8> {
        let mut data = vec![0u8; 14];
        data[..2].copy_from_slice(&200u16.to_le_bytes()); // 10 points
        data.extend([name.len() as u8, u8::from(wide)]);
        for c in name.encode_utf16() {
            match wide {
                true => data.extend(c.to_le_bytes()),
                false => data.push(c as u8),
            }
        }
        record(FONT, &data)
    }

    /// An XF record whose font is `font` (an index with 4 skipped).
    fn xf(font: u16) -> Vec<u8> {
        let mut data = vec![0u8; 20];
        data[..2].copy_from_slice(&font.to_le_bytes());
        record(XF, &data)
    }

    /// A text cell record of `kind` at 0-based (row, col) in XF `xf`.
    fn text_cell(kind: u16, row: u16, col: u16, xf: u16) -> Vec<u8> {
        let mut data = [row, col, xf].map(u16::to_le_bytes).concat();
        data.extend([0, 0, 0, 0]); // the string's index, or its length
        record(kind, &data)
    }

    /// The five fonts Excel writes first (index 4 skipped: 0-3, 5), then
    /// `names` from index 6.
    fn fonts_then(names: &[&str]) -> Vec<Vec<u8>> {
        let standard = ["Arial"; 5].map(|name| font(name, false));
        let added = names.iter().map(|name| font(name, true));
        standard.into_iter().chain(added).collect()
    }

    fn cell_fonts(mut stream: Vec<u8>) -> Vec<Vec<((u32, u32), FontHint)>> {
        let guarded = guard_biff(&mut stream).expect("well formed");
        guarded
            .cell_fonts
            .into_iter()
            .map(|fonts| {
                let mut cells: Vec<_> = fonts.into_iter().collect();
                cells.sort_unstable_by_key(|(at, _)| *at);
                cells
            })
            .collect()
    }

    fn hidden_rows(mut stream: Vec<u8>) -> Vec<Vec<u32>> {
        guard_biff(&mut stream).expect("well formed").hidden_rows
    }

    #[test]
    fn hidden_rows_are_noted_per_worksheet_one_based() {
        let chart = 0x02;
        let embedded_chart = [
            record(BOF, &[0, 6, 0x20, 0]),
            row(9, true),
            record(EOF, &[]),
        ];
        let stream = workbook_of(
            &[],
            &[
                (
                    WORKSHEET,
                    [vec![
                        row(0, false),
                        row(4, true),
                        row(2, true),
                        row(4, true),
                    ]]
                    .into_iter()
                    .flatten()
                    .chain(embedded_chart.iter().cloned())
                    .chain([row(65535, true)])
                    .collect(),
                ),
                (chart, vec![row(1, true)]),
                (WORKSHEET, vec![row(0, false), row(1, false)]),
            ],
        );
        // Sorted, once each, 1-based; the embedded chart's and the chart
        // sheet's records are not rows of a worksheet.
        assert_eq!(hidden_rows(stream), [vec![3, 5, 65536], vec![], vec![]]);
    }

    #[test]
    fn font_names_are_read_in_one_byte_and_two_byte_characters() {
        // BIFF5: no flags byte, one byte a character.
        let mut biff5 = vec![0u8; 14];
        biff5.push(9);
        biff5.extend(b"VNI-Times");
        for (data, biff8) in [
            (font("VNI-Times", false)[4..].to_vec(), true),
            (font("VNI-Times", true)[4..].to_vec(), true),
            (biff5, false),
        ] {
            assert_eq!(font_record_name(&data, biff8).as_deref(), Some("VNI-Times"));
            // Cut short anywhere: no name, never a panic.
            for end in 0..data.len() {
                assert_eq!(font_record_name(&data[..end], biff8), None, "{end}");
            }
        }
    }

    #[test]
    fn text_cells_in_legacy_fonts_are_noted_per_worksheet() {
        let tcvn3 = font_hint(".VnTime");
        let capitals = font_hint(".VnTimeH");
        let vni = font_hint("VNI-Times");
        let mut globals = fonts_then(&[".VnTime", "Times New Roman", ".VnTimeH", "VNI-Times"]);
        // XF 0: Arial; 1: index 6 (.VnTime, the sixth record); 2: index 7
        // (Times New Roman); 3: index 8 (.VnTimeH); 4: index 9 (VNI); 5:
        // index 4, which no record has; 6: index 99, past the table.
        globals.extend([0, 6, 7, 8, 9, 4, 99].map(xf));
        let mut string_formula = vec![0u8; 22];
        string_formula[..6].copy_from_slice(&[5, 0, 2, 0, 1, 0]); // row 5, col 2, XF 1
        string_formula[12..14].copy_from_slice(&[0xFF, 0xFF]);
        let mut number_formula = string_formula.clone();
        number_formula[0] = 6;
        number_formula[12..14].copy_from_slice(&[0, 0]);
        let mut number = [7u16, 0, 1].map(u16::to_le_bytes).concat();
        number.extend([0; 8]);
        let stream = workbook_of(
            &globals,
            &[
                (
                    WORKSHEET,
                    vec![
                        text_cell(LABELSST, 0, 0, 1),
                        text_cell(LABELSST, 0, 1, 0),
                        text_cell(LABELSST, 1, 0, 2),
                        text_cell(LABEL, 2, 3, 3),
                        text_cell(RSTRING, 3, 4, 4),
                        text_cell(LABELSST, 4, 0, 5),
                        text_cell(LABELSST, 4, 1, 6),
                        record(FORMULA, &string_formula),
                        record(FORMULA, &number_formula),
                        record(0x0203, &number), // a number in .VnTime: no text
                    ],
                ),
                (0x02, vec![text_cell(LABELSST, 0, 0, 1)]),
                (WORKSHEET, vec![text_cell(LABELSST, 9, 9, 3)]),
            ],
        );
        let hinted = |at, hint: Option<FontHint>| (at, hint.expect("a legacy font"));
        assert_eq!(
            cell_fonts(stream),
            [
                vec![
                    hinted((0, 0), tcvn3),
                    hinted((2, 3), capitals),
                    hinted((3, 4), vni),
                    hinted((5, 2), tcvn3),
                ],
                vec![],
                vec![hinted((9, 9), capitals)],
            ]
        );
    }

    #[test]
    fn a_cut_font_or_xf_record_means_no_hints_and_the_file_is_still_read() {
        let legacy_sheet = vec![(WORKSHEET, vec![text_cell(LABELSST, 0, 0, 0)])];
        let sound = workbook_of(&[font(".VnTime", false), xf(0)], &legacy_sheet);
        assert_eq!(cell_fonts(sound).concat().len(), 1);
        // The font's name runs past its record's end.
        let whole = font(".VnTime", true);
        let cut_font = record(FONT, &whole[4..whole.len() - 3]);
        for globals in [
            vec![cut_font, xf(0)],
            vec![font(".VnTime", false), record(XF, &[0])],
            vec![record(FONT, &[0; 15]), xf(0)],
        ] {
            let mut stream = workbook_of(&globals, &legacy_sheet);
            let guarded = guard_biff(&mut stream).expect("still read");
            assert_eq!(guarded.cells, 1);
            assert_eq!(guarded.cell_fonts, [CellFonts::new()]);
        }
        // An encrypted stream's font records are scrambled.
        let filepass = record(FILEPASS, &[1, 0, 1, 0, 0, 0]);
        let stream = workbook_of(&[filepass, font(".VnTime", false), xf(0)], &legacy_sheet);
        assert_eq!(cell_fonts(stream), [vec![]]);
    }

    #[test]
    fn an_encrypted_stream_tells_no_hidden_rows() {
        let filepass = record(FILEPASS, &[1, 0, 1, 0, 0, 0]);
        let stream = workbook_of(&[filepass], &[(WORKSHEET, vec![row(3, true)])]);
        assert_eq!(hidden_rows(stream), [Vec::<u32>::new()]);
    }

    #[test]
    fn a_row_record_too_short_for_its_flags_ends_the_look_for_hidden_rows() {
        let stream = workbook_of(
            &[],
            &[
                (
                    WORKSHEET,
                    vec![row(1, true), record(ROW, &[5, 0, 0, 0]), row(7, true)],
                ),
                (WORKSHEET, vec![row(2, true)]),
            ],
        );
        // The file is still read: what came before the short record stays.
        assert_eq!(hidden_rows(stream), [vec![2], vec![]]);
    }

    #[test]
    fn a_cut_or_garbled_stream_never_panics() {
        let stream = workbook_of(
            &[font(".VnTime", true), xf(0)],
            &[
                (
                    WORKSHEET,
                    vec![row(1, true), row(2, false), text_cell(LABELSST, 3, 1, 0)],
                ),
                (WORKSHEET, vec![row(0, true), text_cell(LABEL, 0, 0, 0)]),
            ],
        );
        for end in 0..stream.len() {
            let _ = guard_biff(&mut stream[..end].to_vec());
        }
        // Each byte in turn set to every value that matters to a length, a
        // kind or a flag.
        for at in 0..stream.len() {
            for byte in [0x00, 0x02, 0x08, 0x0A, 0x20, 0x85, 0xFF] {
                let mut garbled = stream.clone();
                garbled[at] = byte;
                let _ = guard_biff(&mut garbled);
            }
        }
    }

    #[test]
    fn cells_set_the_grid_and_dimensions_are_cleared() {
        let mut stream = workbook(&[
            record(DIMENSIONS, &[0xFF; 14]),
            record(0x0203, &[1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
            record(MULRK, &[200, 0, 5, 0, 0, 0, 0, 0, 0, 0, 9, 0]),
        ]);
        // Globals (36 bytes), the sheet's BOF (20), the DIMENSIONS header (4).
        let dimensions = 36 + 20 + 4;
        let cells = guard_biff(&mut stream).expect("well formed").cells;
        // Rows 1..=200, columns 2..=9.
        assert_eq!(cells, 200 * 8);
        assert!(stream[dimensions..dimensions + 14].iter().all(|b| *b == 0));
    }

    #[test]
    fn records_shorter_than_calamine_reads_are_refused() {
        let mut short_codepage = workbook(&[]);
        let at = 4 + 16 + 4 + 8;
        short_codepage.splice(at..at, record(CODEPAGE, &[]));
        // The sheet moved by four bytes: point BOUNDSHEET at it again.
        let offset = u32::from_le_bytes(short_codepage[24..28].try_into().unwrap()) + 4;
        short_codepage[24..28].copy_from_slice(&offset.to_le_bytes());
        assert_eq!(
            guard_biff(&mut short_codepage),
            Err(MalformedRecord {
                kind: CODEPAGE,
                offset: at
            })
        );

        let mut short_merge = workbook(&[record(MERGECELLS, &[2, 0, 0, 0, 0, 0, 0, 0, 0, 0])]);
        assert_eq!(guard_biff(&mut short_merge).unwrap_err().kind, MERGECELLS);
    }

    #[test]
    fn formulas_are_emptied_and_a_cut_formula_refused() {
        let mut formula = vec![0u8; 30];
        formula[0] = 3; // row 3, column 0
        formula[20] = 8; // eight bytes of formula tokens
        let mut stream = workbook(&[record(FORMULA, &formula)]);
        assert_eq!(guard_biff(&mut stream).map(|g| g.cells), Ok(1));
        let at = 36 + 20 + 4;
        assert_eq!(&stream[at + 20..at + 22], &[0, 0]);

        let mut cut = workbook(&[record(FORMULA, &[0; 21])]);
        assert_eq!(guard_biff(&mut cut).unwrap_err().kind, FORMULA);
    }

    #[test]
    fn shared_strings_calamine_would_overrun_are_refused() {
        // Two strings: "ab" whole, then "cd" split over a CONTINUE record.
        let sound: [&[u8]; 2] = [
            &[2, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, b'a', b'b', 2, 0, 0, b'c'],
            &[0, b'd'],
        ];
        assert!(shared_strings_are_safe(&sound));
        // The string goes on into a CONTINUE record that is empty.
        let empty_continue: [&[u8]; 2] = [&[1, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, b'a'], &[]];
        assert!(!shared_strings_are_safe(&empty_continue));
        // Rich text flag set, but the run count is cut off.
        let cut_runs: [&[u8]; 1] = [&[1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0x8, 0]];
        assert!(!shared_strings_are_safe(&cut_runs));
    }

    #[test]
    fn a_sheet_offset_past_the_end_is_refused() {
        let mut stream = workbook(&[]);
        stream[20 + 4..20 + 8].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(guard_biff(&mut stream).unwrap_err().kind, BOUNDSHEET);
    }
}
