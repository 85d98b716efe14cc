//! A sheet as read: only its non-empty cells, row by row, with text typed
//! in legacy Vietnamese fonts already converted to Unicode.

use super::legacy_text::{decode_cells, CellFonts, FontHint, LegacyCount};

/// A cell's text. Shared: the cells that show one shared string of a
/// workbook (a commune's name on every row) hold the same text, not copies.
pub type CellText = crate::domain::SharedText;

/// A cell's value as the file holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum CellValue {
    Text(CellText),
    Number(f64),
    Bool(bool),
    /// A date cell, as its Excel serial number (days since 1899-12-30).
    Date(f64),
    /// A date cell of a workbook that counts days from 1904-01-01 (as old
    /// Mac Excel did), as its serial number there: the same day's
    /// [`CellValue::Date`] is [`DAYS_FROM_1900_TO_1904_SYSTEM`] more.
    Date1904(f64),
    /// A date written in ISO form ("2019-05-01"), as .ods files hold them.
    DateIso(String),
    /// An error cell (#N/A, #REF!...), with its text.
    Error(String),
}

/// What a 1904-system serial number adds to be the 1900 system's.
pub const DAYS_FROM_1900_TO_1904_SYSTEM: f64 = 1462.0;

impl CellValue {
    /// The value as the user would see it in a message.
    pub fn display(&self) -> String {
        match self {
            CellValue::Text(s) => s.to_string(),
            CellValue::DateIso(s) | CellValue::Error(s) => s.clone(),
            CellValue::Number(n) => format!("{n}"),
            CellValue::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
            CellValue::Date(serial) | CellValue::Date1904(serial) => format!("{serial}"),
        }
    }

    /// True for text that is only white space.
    pub fn is_blank(&self) -> bool {
        matches!(self, CellValue::Text(s) if s.chars().all(char::is_whitespace))
    }
}

/// One non-empty cell; `col` is 0-based.
#[derive(Debug, Clone, PartialEq)]
pub struct RawCell {
    pub col: u32,
    pub value: CellValue,
}

/// A row with at least one non-empty cell; `number` is 1-based as shown.
#[derive(Debug, Clone, PartialEq)]
pub struct RawRow {
    pub number: u32,
    pub cells: Vec<RawCell>,
}

impl RawRow {
    pub fn get(&self, col: u32) -> Option<&CellValue> {
        self.cells
            .binary_search_by_key(&col, |c| c.col)
            .ok()
            .map(|i| &self.cells[i].value)
    }
}

/// The longest text kept from one cell: Excel's own limit.
pub const MAX_CELL_CHARS: usize = 32_767;

/// Texts dvk had to change to keep them safe: control characters (which no
/// output can carry) dropped, overlong texts cut at [`MAX_CELL_CHARS`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextRepairs {
    pub control: usize,
    pub truncated: usize,
    /// The first repaired cell, 0-based (row, col).
    pub first: Option<(u32, u32)>,
}

impl TextRepairs {
    /// Repairs `text` in place, counting what it changed.
    fn repair(&mut self, row: u32, col: u32, shared: &mut CellText) {
        let forbidden = |c: char| {
            (c < ' ' && !matches!(c, '\t' | '\n' | '\r'))
                || matches!(c, '\u{7F}' | '\u{FFFE}' | '\u{FFFF}')
        };
        let mut changed = false;
        let suspect = has_suspect_byte(shared.as_bytes());
        // Bytes are at least chars: most texts need no count at all.
        let overlong = shared.len() > MAX_CELL_CHARS;
        if !suspect && !overlong {
            return;
        }
        let mut text = shared.to_string();
        if suspect && text.contains(forbidden) {
            text.retain(|c| !forbidden(c));
            self.control += 1;
            changed = true;
        }
        if let Some((cut, _)) = overlong
            .then(|| text.char_indices().nth(MAX_CELL_CHARS))
            .flatten()
        {
            text.truncate(cut);
            self.truncated += 1;
            changed = true;
        }
        if changed {
            *shared = text.into();
            if self.first.is_none_or(|first| (row, col) < first) {
                self.first = Some((row, col));
            }
        }
    }
}

/// Whether `bytes` holds a byte that starts a character [`TextRepairs`]
/// drops: a control (below a space, or 0x7F) or 0xEF (U+FFFE, U+FFFF).
/// Every text cell passes here, so eight bytes are tested at a time: a
/// byte below 0x20 borrows into its high bit when 0x20 is taken from it,
/// and an equal byte is zero after an exclusive or.
fn has_suspect_byte(bytes: &[u8]) -> bool {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH_BITS: u64 = u64::from_ne_bytes([0x80; 8]);
    let below = |word: u64, n: u64| word.wrapping_sub(ONES * n) & !word & HIGH_BITS != 0;
    let (words, rest) = bytes.as_chunks::<8>();
    let suspect_word = |word: &[u8; 8]| {
        let word = u64::from_ne_bytes(*word);
        below(word, 0x20) || below(word ^ (ONES * 0x7F), 1) || below(word ^ (ONES * 0xEF), 1)
    };
    words.iter().any(suspect_word) || rest.iter().any(|&b| b < b' ' || b == 0x7F || b == 0xEF)
}

/// A block of merged cells, 0-based and inclusive. The file holds its value
/// in the first (top left) cell only; the others show that value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct MergedRange {
    pub first_row: u32,
    pub first_col: u32,
    pub last_row: u32,
    pub last_col: u32,
}

impl MergedRange {
    /// The block between two corners given in any order.
    pub fn new(a: (u32, u32), b: (u32, u32)) -> Self {
        MergedRange {
            first_row: a.0.min(b.0),
            first_col: a.1.min(b.1),
            last_row: a.0.max(b.0),
            last_col: a.1.max(b.1),
        }
    }
}

/// Whether a workbook shows a sheet's tab.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Visibility {
    #[default]
    Visible,
    /// Hidden: Excel's "Unhide" lists it.
    Hidden,
    /// Very hidden (.xlsx, .xls): only Visual Basic shows it again.
    VeryHidden,
}

/// A sheet: its name and its non-empty rows in order.
#[derive(Debug, Clone, PartialEq)]
pub struct RawSheet {
    pub name: String,
    /// CSV files have no sheet name; messages then name the sheet's kind.
    pub from_csv: bool,
    pub rows: Vec<RawRow>,
    /// The sheet's merged blocks of more than one cell, sorted (a commune's
    /// name merged down over its rows, a title across the table).
    pub merged: Vec<MergedRange>,
    /// Cells converted from TCVN3 or VNI fonts.
    pub legacy: LegacyCount,
    /// The encoding a CSV that is not Unicode was taken to be in.
    pub guessed_encoding: Option<super::csv_file::GuessedEncoding>,
    pub repairs: TextRepairs,
    /// Whether the workbook shows the sheet: a hidden one the clerk does
    /// not see.
    pub visibility: Visibility,
    /// Rows hidden in the sheet (by a filter, or by hand), 1-based, sorted.
    /// Only the readers that can tell fill it (.xlsx read directly, .xls, .ods).
    pub hidden_rows: Vec<u32>,
    /// Formula cells the file holds no computed value for (written by a
    /// program that does not calculate), 1-based row and 0-based column,
    /// sorted; they are not among `rows`.
    pub uncalculated: Vec<(u32, u32)>,
}

impl RawSheet {
    /// Builds a sheet from cells in any order (0-based row, col).
    pub fn from_cells(name: String, from_csv: bool, cells: Vec<(u32, u32, CellValue)>) -> Self {
        Self::from_cells_with_fonts(name, from_csv, cells, &CellFonts::new())
    }

    /// A sheet of texts, row by row; empty strings are empty cells (for tests).
    #[cfg(test)]
    pub fn from_texts(name: &str, from_csv: bool, rows: &[&[&str]]) -> Self {
        let cells = rows
            .iter()
            .enumerate()
            .flat_map(|(r, row)| {
                row.iter()
                    .enumerate()
                    .filter(|(_, t)| !t.is_empty())
                    .map(move |(c, t)| (r as u32, c as u32, CellValue::Text((*t).into())))
            })
            .collect();
        Self::from_cells(name.to_owned(), from_csv, cells)
    }

    /// Like [`RawSheet::from_cells`], with the legacy fonts some cells are
    /// formatted in, by (row, col).
    pub fn from_cells_with_fonts(
        name: String,
        from_csv: bool,
        mut cells: Vec<(u32, u32, CellValue)>,
        fonts: &CellFonts,
    ) -> Self {
        cells.sort_by_key(|(r, c, _)| (*r, *c));
        let mut texts: Vec<(u32, u32, &mut CellText, Option<FontHint>)> = cells
            .iter_mut()
            .filter_map(|(r, c, value)| match value {
                CellValue::Text(t) => Some((*r, *c, t, fonts.get(&(*r, *c)).copied())),
                _ => None,
            })
            .collect();
        let legacy = decode_cells(&mut texts);
        let mut repairs = TextRepairs::default();
        for (row, col, text, _) in &mut texts {
            repairs.repair(*row, *col, text);
        }
        let mut rows: Vec<RawRow> = Vec::new();
        for (r, c, value) in cells {
            if value.is_blank() {
                continue;
            }
            let number = r.saturating_add(1);
            match rows.last_mut() {
                Some(row) if row.number == number => {
                    if row.cells.last().is_some_and(|last| last.col == c) {
                        continue;
                    }
                    row.cells.push(RawCell { col: c, value });
                }
                _ => {
                    // Rows of a table are alike: room for as many cells as
                    // the last one had, so a row is allocated once.
                    let room = rows.last().map_or(1, |row| row.cells.len());
                    let mut cells = Vec::with_capacity(room);
                    cells.push(RawCell { col: c, value });
                    rows.push(RawRow { number, cells });
                }
            }
        }
        RawSheet {
            name,
            from_csv,
            rows,
            merged: Vec::new(),
            legacy,
            guessed_encoding: None,
            repairs,
            visibility: Visibility::Visible,
            hidden_rows: Vec::new(),
            uncalculated: Vec::new(),
        }
    }

    pub fn with_visibility(mut self, visibility: Visibility) -> Self {
        self.visibility = visibility;
        self
    }

    /// The sheet with its hidden rows (1-based, any order).
    pub fn with_hidden_rows(mut self, mut rows: Vec<u32>) -> Self {
        rows.sort_unstable();
        rows.dedup();
        self.hidden_rows = rows;
        self
    }

    /// Whether row `number` (1-based) is hidden.
    pub fn row_hidden(&self, number: u32) -> bool {
        self.hidden_rows.binary_search(&number).is_ok()
    }

    /// Whether the cell at row `number` (1-based), column `col` (0-based) is
    /// a formula with no computed value.
    pub fn uncalculated_at(&self, number: u32, col: u32) -> bool {
        self.uncalculated.binary_search(&(number, col)).is_ok()
    }

    /// The sheet's merged blocks: single cells left out, each block
    /// once, in order.
    pub fn with_merged(mut self, mut merged: Vec<MergedRange>) -> Self {
        merged.retain(|m| m.first_row != m.last_row || m.first_col != m.last_col);
        merged.sort_unstable();
        merged.dedup();
        self.merged = merged;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn suspect_one_by_one(bytes: &[u8]) -> bool {
        bytes.iter().any(|&b| b < b' ' || b == 0x7F || b == 0xEF)
    }

    proptest::proptest! {
        #[test]
        fn eight_at_a_time_finds_what_one_by_one_finds(
            // Mostly plain bytes, so that texts without a suspect are common.
            bytes in proptest::collection::vec(
                proptest::prop_oneof![
                    20 => 0x20u8..0x7F,
                    10 => 0xF0u8..=0xFF,
                    10 => 0x80u8..0xEF,
                    1 => proptest::prelude::any::<u8>(),
                ],
                0..40,
            ),
        ) {
            proptest::prop_assert_eq!(has_suspect_byte(&bytes), suspect_one_by_one(&bytes));
        }
    }

    #[test]
    fn each_suspect_byte_is_found_at_every_place_among_plain_ones() {
        for suspect in (0u8..0x20).chain([0x7F, 0xEF]) {
            for at in 0..19 {
                let mut bytes = "Mô hình dân vận".as_bytes()[..19].to_vec();
                bytes[at] = suspect;
                assert!(has_suspect_byte(&bytes), "{suspect:#x} at {at}");
            }
        }
        assert!(!has_suspect_byte("Xã Khánh Bình, ấp 1 — “tốt”".as_bytes()));
        assert!(!has_suspect_byte(&[
            0x20, 0x7E, 0x80, 0xEE, 0xF0, 0xFF, 0x21, 0x7E, 0xE1
        ]));
    }
}
