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
//! the grid calamine will build.

use super::grid::Bounds;

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
/// NUMBER, RK, LABELSST, LABEL, RSTRING, BOOLERR, FORMULA: row and column first.
const CELLS: [u16; 7] = [0x0203, 0x027E, 0x00FD, 0x0204, 0x00D6, 0x0205, 0x0006];
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

/// Checks the stream, defuses it in place and returns the cells of every
/// sheet's grid, summed.
pub fn guard_biff(stream: &mut [u8]) -> Result<u64, MalformedRecord> {
    // Defusing only ever zeroes bytes, so repeating until nothing changes
    // ends; it matters only when sheet offsets overlap other records.
    loop {
        let (cells, changed) = walk(stream)?;
        if !changed {
            return Ok(cells);
        }
    }
}

/// One pass over what calamine reads; returns the grid's cells and whether
/// a byte was changed.
fn walk(stream: &mut [u8]) -> Result<(u64, bool), MalformedRecord> {
    let mut sheet_offsets = Vec::new();
    let mut biff8 = true;
    let mut changed = false;
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
                sheet_offsets.push(u32::from_le_bytes([data[0], data[1], data[2], data[3]]));
            }
            EOF => break,
            _ => {}
        }
    }

    let mut cells: u64 = 0;
    for offset in sheet_offsets {
        let offset = offset as usize;
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
                }
                _ => {}
            }
        }
        cells = cells.saturating_add(sheet.cells());
    }
    Ok((cells, changed))
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
        let mut bof = vec![0u8; 16];
        bof[..2].copy_from_slice(&BIFF8.to_le_bytes());
        let globals_len = (4 + 16) + (4 + 8) + 4;
        let mut boundsheet = (globals_len as u32).to_le_bytes().to_vec();
        boundsheet.extend([0, 0, 1, 0]);
        let mut stream = record(BOF, &bof);
        stream.extend(record(BOUNDSHEET, &boundsheet));
        stream.extend(record(EOF, &[]));
        assert_eq!(stream.len(), globals_len);
        stream.extend(record(BOF, &bof));
        for r in sheet_records {
            stream.extend(r);
        }
        stream.extend(record(EOF, &[]));
        stream
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
        let cells = guard_biff(&mut stream).expect("well formed");
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
        assert_eq!(guard_biff(&mut stream), Ok(1));
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
