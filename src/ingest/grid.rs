//! How large a grid calamine would build for an .ods or .xls file, counted
//! without building it.
//!
//! calamine holds these sheets as full rectangles, from the first used cell
//! to the last, with repeated rows and columns expanded: one cell at A1 and
//! one at XFD1048576 would be seventeen billion cells. Counting first lets
//! dvk refuse such a file with a message instead of running out of memory.
//! The same pass over an .ods notes its merged cells, hidden sheets, hidden
//! rows and the text cells typed in a legacy Vietnamese font, which
//! calamine does not give.

use super::legacy_text::CellFonts;
use super::ods_fonts::OdsCellFonts;
use super::MergedRange;
use std::collections::{HashMap, HashSet};
use std::io::BufRead;

/// calamine's own caps on .ods repeats.
const ODS_MAX_ROWS: u64 = 1_048_576;
const ODS_MAX_COLUMNS: u64 = 16_384;

/// A text cell repeated over more cells than this (a whole column of one
/// word) gets no font hint: the hint map must not grow with a repeat count.
const MAX_FONT_REPEATS: u64 = 4_096;

/// The used rectangle of one sheet, 0-based and inclusive.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Bounds {
    rows: Option<(u64, u64)>,
    cols: Option<(u64, u64)>,
}

impl Bounds {
    pub(super) fn add_rows(&mut self, first: u64, last: u64) {
        self.rows = Some(match self.rows {
            Some((a, b)) => (a.min(first), b.max(last)),
            None => (first, last),
        });
    }

    pub(super) fn add_cols(&mut self, first: u64, last: u64) {
        self.cols = Some(match self.cols {
            Some((a, b)) => (a.min(first), b.max(last)),
            None => (first, last),
        });
    }

    pub(super) fn cells(&self) -> u64 {
        match (self.rows, self.cols) {
            (Some((r0, r1)), Some((c0, c1))) => (r1 - r0 + 1).saturating_mul(c1 - c0 + 1),
            _ => 0,
        }
    }
}

/// What an .ods says of its sheets' layout, by sheet name.
#[derive(Debug, Default)]
pub struct OdsLayout {
    pub merged: HashMap<String, Vec<MergedRange>>,
    /// Sheets whose table style says `table:display="false"`.
    pub hidden_sheets: HashSet<String>,
    /// Rows with `table:visibility="collapse"` or `"filter"` and a value,
    /// as 0-based inclusive ranges (a row may repeat).
    pub hidden_rows: HashMap<String, Vec<(u64, u64)>>,
    /// Text cells whose style types them in a legacy font.
    pub cell_fonts: HashMap<String, CellFonts>,
}

/// What the pass over an .ods `content.xml` found.
#[derive(Debug, Default)]
pub struct OdsGrid {
    /// The cells of every sheet's grid, summed.
    pub cells: u64,
    pub layout: OdsLayout,
}

/// The grid size and merged blocks of an .ods `content.xml`. A merged cell
/// is a `table:table-cell` with `table:number-rows-spanned` or
/// `table:number-columns-spanned`; in a repeated row or column only the
/// first holds the block (LibreOffice writes no other). `fonts` holds the
/// cell styles of `styles.xml`; the automatic styles here join them.
pub fn ods_grid<R: BufRead>(
    content: R,
    mut fonts: OdsCellFonts,
) -> Result<OdsGrid, quick_xml::Error> {
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
    let mut layout = OdsLayout::default();
    // Table styles that hide their sheet, and the style being read.
    let mut hiding_styles: HashSet<String> = HashSet::new();
    let mut table_style: Option<String> = None;
    let mut sheet_name = String::new();
    let mut sheet = Bounds::default();
    let mut row_index: u64 = 0;
    let mut row: Option<OdsRow> = None;
    // The sheet's columns with their default cell styles: first and last
    // column, style.
    let mut columns: Vec<(u64, u64, Option<String>)> = Vec::new();
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
                        columns.clear();
                    }
                    "table:table-row" => {
                        finish_row(
                            &mut row,
                            &mut row_index,
                            &mut sheet,
                            &mut layout,
                            &sheet_name,
                        );
                    }
                    "style:style" => table_style = None,
                    _ => {}
                }
                fonts.end(e.name().as_ref());
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        let Some(e) = element else { continue };
        let text = |name: &str| super::ods_fonts::attribute(e, name);
        if e.name().as_ref().starts_with("style:") {
            fonts.element(e, closed);
        }
        match e.name().as_ref() {
            "style:style" => {
                table_style = (!closed && text("style:family").as_deref() == Some("table"))
                    .then(|| text("style:name"))
                    .flatten();
            }
            "style:table-properties" => {
                if let (Some(style), Some("false")) =
                    (&table_style, text("table:display").as_deref())
                {
                    hiding_styles.insert(style.clone());
                }
            }
            "table:table" => {
                sheet_name = text("table:name").unwrap_or_default();
                if text("table:style-name").is_some_and(|s| hiding_styles.contains(&s)) {
                    layout.hidden_sheets.insert(sheet_name.clone());
                }
            }
            "table:table-column" => {
                let first = columns.last().map_or(0, |c| c.1 + 1);
                let n = repeats(e, "table:number-columns-repeated")
                    .min(ODS_MAX_COLUMNS.saturating_sub(first));
                if n > 0 {
                    columns.push((first, first + n - 1, text("table:default-cell-style-name")));
                }
            }
            "table:table-row" => {
                let visibility = text("table:visibility");
                row = Some(OdsRow {
                    repeats: repeats(e, "table:number-rows-repeated"),
                    width: 0,
                    used: None,
                    hidden: matches!(visibility.as_deref(), Some("collapse" | "filter")),
                    default_style: text("table:default-cell-style-name"),
                });
                if closed {
                    finish_row(
                        &mut row,
                        &mut row_index,
                        &mut sheet,
                        &mut layout,
                        &sheet_name,
                    );
                }
            }
            "table:table-cell" | "table:covered-table-cell" => {
                let Some(OdsRow {
                    width,
                    used,
                    repeats: row_repeats,
                    default_style,
                    ..
                }) = row.as_mut()
                else {
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
                if fonts.any_legacy() && text("office:value-type").as_deref() == Some("string") {
                    // A cell's own style, else its row's, else its column's.
                    let style = text("table:style-name")
                        .or_else(|| default_style.clone())
                        .or_else(|| {
                            columns
                                .iter()
                                .find(|c| (c.0..=c.1).contains(width))
                                .and_then(|c| c.2.clone())
                        });
                    let cells = n.saturating_mul(*row_repeats);
                    if let (Some(hint), true) =
                        (fonts.hint(style.as_deref()), cells <= MAX_FONT_REPEATS)
                    {
                        let sheet_fonts = layout.cell_fonts.entry(sheet_name.clone()).or_default();
                        let last_row = (row_index + *row_repeats).min(ODS_MAX_ROWS);
                        for r in row_index..last_row {
                            for c in *width..*width + n {
                                // Both within calamine's caps, so within u32.
                                let at = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
                                sheet_fonts.insert((at(r), at(c)), hint);
                            }
                        }
                    }
                }
                let rows = repeats(e, "table:number-rows-spanned");
                let cols = repeats(e, "table:number-columns-spanned");
                if (rows > 1 || cols > 1) && n > 0 && row_index < ODS_MAX_ROWS {
                    let last_row = (row_index + rows - 1).min(ODS_MAX_ROWS - 1);
                    let last_col = (*width + cols - 1).min(ODS_MAX_COLUMNS - 1);
                    // Both within calamine's caps, so within u32.
                    let at = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
                    layout
                        .merged
                        .entry(sheet_name.clone())
                        .or_default()
                        .push(MergedRange::new(
                            (at(row_index), at(*width)),
                            (at(last_row), at(last_col)),
                        ));
                }
                *width += n;
            }
            _ => {}
        }
    }
    Ok(OdsGrid {
        cells: total,
        layout,
    })
}

/// The .ods row being read.
struct OdsRow {
    repeats: u64,
    /// Cells so far, repeats expanded.
    width: u64,
    /// First and last column holding a value.
    used: Option<(u64, u64)>,
    /// Collapsed or filtered out.
    hidden: bool,
    /// The style of its cells that name none.
    default_style: Option<String>,
}

fn finish_row(
    row: &mut Option<OdsRow>,
    row_index: &mut u64,
    sheet: &mut Bounds,
    layout: &mut OdsLayout,
    sheet_name: &str,
) {
    let Some(OdsRow {
        repeats,
        used,
        hidden,
        ..
    }) = row.take()
    else {
        return;
    };
    let repeats = repeats.min(ODS_MAX_ROWS.saturating_sub(*row_index));
    if let (Some((first, last)), true) = (used, repeats > 0) {
        sheet.add_rows(*row_index, *row_index + repeats - 1);
        sheet.add_cols(first, last);
        if hidden {
            layout
                .hidden_rows
                .entry(sheet_name.to_owned())
                .or_default()
                .push((*row_index, *row_index + repeats - 1));
        }
    }
    *row_index += repeats;
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
        let grid = ods_grid(content.as_bytes(), OdsCellFonts::default()).expect("xml");
        // A: rows 0..=1001, columns 0..=9; B: capped at 1048576 × 16384.
        assert_eq!(grid.cells, 1002 * 10 + 1_048_576 * 16_384);
    }

    #[test]
    fn ods_merged_cells_are_found_where_calamine_puts_cells() {
        let content = r#"<office:document-content><office:body><office:spreadsheet>
            <table:table table:name="M&#244; h&#236;nh">
              <table:table-row table:number-rows-repeated="2"><table:table-cell/></table:table-row>
              <table:table-row><table:table-cell table:number-columns-repeated="2"/><table:table-cell table:number-rows-spanned="3" office:value-type="string"><text:p>Long Sơn</text:p></table:table-cell><table:table-cell table:number-columns-spanned="2"/><table:covered-table-cell/></table:table-row>
              <table:table-row><table:table-cell table:number-columns-repeated="2"/><table:covered-table-cell/></table:table-row>
            </table:table>
        </office:spreadsheet></office:body></office:document-content>"#;
        let grid = ods_grid(content.as_bytes(), OdsCellFonts::default()).expect("xml");
        let blocks = &grid.layout.merged["Mô hình"];
        // C3:C5 (a commune merged down) and D3:E3.
        assert_eq!(
            blocks,
            &[
                MergedRange::new((2, 2), (4, 2)),
                MergedRange::new((2, 3), (2, 4))
            ]
        );
    }

    #[test]
    fn ods_text_cells_take_the_font_of_their_own_row_or_column_style() {
        let content = r#"<office:document-content>
            <office:font-face-decls><style:font-face style:name=".VnTime" svg:font-family=".VnTime"/></office:font-face-decls>
            <office:automatic-styles>
              <style:style style:name="vn" style:family="table-cell"><style:text-properties style:font-name=".VnTime"/></style:style>
              <style:style style:name="uni" style:family="table-cell"><style:text-properties style:font-name="Arial"/></style:style>
            </office:automatic-styles>
            <office:body><office:spreadsheet><table:table table:name="A">
              <table:table-column table:default-cell-style-name="uni"/>
              <table:table-column table:number-columns-repeated="2" table:default-cell-style-name="vn"/>
              <table:table-row>
                <table:table-cell office:value-type="string"><text:p>a</text:p></table:table-cell>
                <table:table-cell office:value-type="string"><text:p>b</text:p></table:table-cell>
                <table:table-cell table:style-name="uni" office:value-type="string"><text:p>c</text:p></table:table-cell>
              </table:table-row>
              <table:table-row table:number-rows-repeated="2" table:default-cell-style-name="vn">
                <table:table-cell office:value-type="string"><text:p>d</text:p></table:table-cell>
                <table:table-cell office:value-type="float" office:value="1"/>
              </table:table-row>
            </table:table></office:spreadsheet></office:body></office:document-content>"#;
        let grid = ods_grid(content.as_bytes(), OdsCellFonts::default()).expect("xml");
        let mut cells: Vec<(u32, u32)> = grid.layout.cell_fonts["A"].keys().copied().collect();
        cells.sort_unstable();
        // B1 by its column; A2 and A3 by their row; not A1 (its column's
        // Unicode font), C1 (its own), nor the number in B2.
        assert_eq!(cells, [(0, 1), (1, 0), (2, 0)]);
    }
}
