//! How large a grid calamine would build for an .ods or .xls file, counted
//! without building it.
//!
//! calamine holds these sheets as full rectangles, from the first used cell
//! to the last, with repeated rows and columns expanded: one cell at A1 and
//! one at XFD1048576 would be seventeen billion cells. Counting first lets
//! dvk refuse such a file with a message instead of running out of memory.

use std::io::BufRead;

/// calamine's own caps on .ods repeats.
const ODS_MAX_ROWS: u64 = 1_048_576;
const ODS_MAX_COLUMNS: u64 = 16_384;

/// The used rectangle of one sheet, 0-based and inclusive.
#[derive(Debug, Default, Clone, Copy)]
struct Bounds {
    rows: Option<(u64, u64)>,
    cols: Option<(u64, u64)>,
}

impl Bounds {
    fn add_rows(&mut self, first: u64, last: u64) {
        self.rows = Some(match self.rows {
            Some((a, b)) => (a.min(first), b.max(last)),
            None => (first, last),
        });
    }

    fn add_cols(&mut self, first: u64, last: u64) {
        self.cols = Some(match self.cols {
            Some((a, b)) => (a.min(first), b.max(last)),
            None => (first, last),
        });
    }

    fn cells(&self) -> u64 {
        match (self.rows, self.cols) {
            (Some((r0, r1)), Some((c0, c1))) => (r1 - r0 + 1).saturating_mul(c1 - c0 + 1),
            _ => 0,
        }
    }
}

/// The cells of every sheet's grid in an .ods `content.xml`, summed.
pub fn ods_grid_cells<R: BufRead>(content: R) -> Result<u64, quick_xml::Error> {
    use quick_xml::events::{BytesStart, Event};
    let repeats = |e: &BytesStart<'_>, name: &str| -> u64 {
        e.try_get_attribute(name)
            .ok()
            .flatten()
            .and_then(|a| a.value.trim().parse::<u64>().ok())
            .unwrap_or(1)
            .max(1)
    };
    let mut reader = quick_xml::Reader::from_reader(content);
    let mut buf = Vec::new();
    let mut total: u64 = 0;
    let mut sheet = Bounds::default();
    let mut row_index: u64 = 0;
    let mut row: Option<OdsRow> = None;
    loop {
        buf.clear();
        let event = reader.read_event_into(&mut buf)?;
        let (element, closed) = match &event {
            Event::Start(e) => (Some(e), false),
            Event::Empty(e) => (Some(e), true),
            Event::End(e) => {
                match e.name().as_ref() {
                    "table:table" => {
                        total = total.saturating_add(sheet.cells());
                        sheet = Bounds::default();
                        row_index = 0;
                    }
                    "table:table-row" => {
                        finish_row(&mut row, &mut row_index, &mut sheet);
                    }
                    _ => {}
                }
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        let Some(e) = element else { continue };
        match e.name().as_ref() {
            "table:table-row" => {
                row = Some(OdsRow {
                    repeats: repeats(e, "table:number-rows-repeated"),
                    width: 0,
                    used: None,
                });
                if closed {
                    finish_row(&mut row, &mut row_index, &mut sheet);
                }
            }
            "table:table-cell" | "table:covered-table-cell" => {
                let Some(OdsRow { width, used, .. }) = row.as_mut() else {
                    continue;
                };
                let n = repeats(e, "table:number-columns-repeated")
                    .min(ODS_MAX_COLUMNS.saturating_sub(*width));
                let has_value = !closed
                    || e.try_get_attribute("office:value-type")
                        .ok()
                        .flatten()
                        .is_some()
                    || e.try_get_attribute("table:formula")
                        .ok()
                        .flatten()
                        .is_some();
                if has_value && n > 0 {
                    let (first, last) = (*width, *width + n - 1);
                    *used = Some(match *used {
                        Some((a, _)) => (a, last),
                        None => (first, last),
                    });
                }
                *width += n;
            }
            _ => {}
        }
    }
    Ok(total)
}

/// The .ods row being read.
struct OdsRow {
    repeats: u64,
    /// Cells so far, repeats expanded.
    width: u64,
    /// First and last column holding a value.
    used: Option<(u64, u64)>,
}

fn finish_row(row: &mut Option<OdsRow>, row_index: &mut u64, sheet: &mut Bounds) {
    let Some(OdsRow { repeats, used, .. }) = row.take() else {
        return;
    };
    let repeats = repeats.min(ODS_MAX_ROWS.saturating_sub(*row_index));
    if let (Some((first, last)), true) = (used, repeats > 0) {
        sheet.add_rows(*row_index, *row_index + repeats - 1);
        sheet.add_cols(first, last);
    }
    *row_index += repeats;
}

/// Walks an .xls workbook stream's records: returns the cells of every
/// sheet's grid, summed, and clears each DIMENSIONS record in place, since
/// calamine reserves the size a sheet declares there before reading a cell.
pub fn guard_biff(stream: &mut [u8]) -> u64 {
    const BOF: u16 = 0x0809;
    const DIMENSIONS: u16 = 0x0200;
    const MULRK: u16 = 0x00BD;
    // NUMBER, RK, LABELSST, LABEL, RSTRING, BOOLERR, FORMULA: row and column first.
    const CELLS: [u16; 7] = [0x0203, 0x027E, 0x00FD, 0x0204, 0x00D6, 0x0205, 0x0006];
    let u16_at = |data: &[u8], at: usize| -> u64 {
        data.get(at..at + 2)
            .map_or(0, |b| u64::from(u16::from_le_bytes([b[0], b[1]])))
    };
    let mut total: u64 = 0;
    let mut sheet = Bounds::default();
    let mut pos = 0usize;
    while pos + 4 <= stream.len() {
        let kind = u16::from_le_bytes([stream[pos], stream[pos + 1]]);
        let length = usize::from(u16::from_le_bytes([stream[pos + 2], stream[pos + 3]]));
        let start = pos + 4;
        let end = (start + length).min(stream.len());
        let data = &mut stream[start..end];
        match kind {
            BOF => {
                total = total.saturating_add(sheet.cells());
                sheet = Bounds::default();
            }
            DIMENSIONS => data.fill(0),
            MULRK if data.len() >= 6 => {
                let row = u16_at(data, 0);
                let (first, last) = (u16_at(data, 2), u16_at(data, data.len() - 2));
                sheet.add_rows(row, row);
                sheet.add_cols(first.min(last), first.max(last));
            }
            kind if CELLS.contains(&kind) && data.len() >= 4 => {
                let (row, col) = (u16_at(data, 0), u16_at(data, 2));
                sheet.add_rows(row, row);
                sheet.add_cols(col, col);
            }
            _ => {}
        }
        pos = end;
    }
    total.saturating_add(sheet.cells())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ods_repeats_count_as_calamine_expands_them() {
        let content = r#"<office:document-content><office:body><office:spreadsheet>
            <table:table table:name="A">
              <table:table-row><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>
              <table:table-row table:number-rows-repeated="1000"><table:table-cell table:number-columns-repeated="3"/></table:table-row>
              <table:table-row><table:table-cell table:number-columns-repeated="9"/><table:table-cell office:value-type="float" office:value="1"/></table:table-row>
            </table:table>
            <table:table table:name="B">
              <table:table-row table:number-rows-repeated="2000000"><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="20000"/></table:table-row>
            </table:table>
        </office:spreadsheet></office:body></office:document-content>"#;
        let cells = ods_grid_cells(content.as_bytes()).expect("xml");
        // A: rows 0..=1001, columns 0..=9; B: capped at 1048576 × 16384.
        assert_eq!(cells, 1002 * 10 + 1_048_576 * 16_384);
    }

    #[test]
    fn biff_cells_set_the_grid_and_dimensions_are_cleared() {
        let record = |kind: u16, data: &[u8]| {
            let mut r = kind.to_le_bytes().to_vec();
            r.extend((data.len() as u16).to_le_bytes());
            r.extend(data);
            r
        };
        let mut stream = Vec::new();
        stream.extend(record(0x0809, &[0; 16]));
        stream.extend(record(0x0200, &[0xFF; 14]));
        stream.extend(record(0x0203, &[1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
        stream.extend(record(0x00BD, &[200, 0, 5, 0, 0, 0, 0, 0, 0, 0, 9, 0]));
        let cells = guard_biff(&mut stream);
        // Rows 1..=200, columns 2..=9.
        assert_eq!(cells, 200 * 8);
        assert!(stream[24..38].iter().all(|b| *b == 0), "DIMENSIONS cleared");
    }
}
