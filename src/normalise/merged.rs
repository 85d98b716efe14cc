//! Merged cells below the header: the value each one shows on the rows it
//! covers.
//!
//! A clerk merges a commune's name down over that commune's rows, or a year
//! over the models of that year. The file holds the value once, in the
//! block's first cell, but the clerk sees it on every row. In the columns
//! that say what a row is about (its place, unit, field, year, status, work
//! type, unit of measure, award), the value is every covered row's own.
//! Figures (money, quantities, counts) and names are never copied, which
//! would invent figures or records: a merged figure counts once, on the
//! block's first row, and the clerk is told so once per column.
//!
//! Only the block's own column is filled (a block merged across columns is
//! a heading or a label, not a value of the columns beside it), and only
//! below the header. Which rows are layout (headings, totals, signatures) is
//! decided on the row's own cells, never on a merged value.

use super::header::HeaderBand;
use crate::config::ColumnId;
use crate::ingest::{CellValue, RawSheet};

/// Whether a merged block's value belongs to every row it covers: the
/// columns that categorise a row, never a figure, a flag that is counted,
/// or a name.
pub fn spreads_down(id: ColumnId) -> bool {
    use ColumnId::*;
    match id {
        Implementer | Province | District | Commune | Hamlet | Field | StartYear | Year
        | Status | Recognition | WorkType | QuantityUnit | AwardForm | AwardLevel
        | RecipientKind | ChosenBy => true,
        Stt | ModelName | WorkName | RecipientName | Quantity | Participations | ModelFunding
        | FundingTotal | StateBudget | Mobilized | Workdays | LandM2 | Meetings | Citizens
        | CollectiveCount | IndividualCount | RecipientCount | Exemplary | Note => false,
    }
}

/// A merged value over rows `first..=last` (as the sheet shows them) below
/// the block's first row, in column `col`.
#[derive(Debug, Clone, Copy)]
struct Spread<'a> {
    col: u32,
    first: u32,
    last: u32,
    value: &'a CellValue,
}

/// A merged block over several rows in a column that is not filled: its
/// value counts on its first row only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnspreadBlock {
    pub id: ColumnId,
    /// The block's first and last rows, as the sheet shows them.
    pub first_row: u32,
    pub last_row: u32,
    /// How many more such blocks the column has.
    pub others: usize,
}

impl UnspreadBlock {
    /// The info line for the block's column.
    pub fn message(&self) -> String {
        let others = match self.others {
            0 => String::new(),
            n => format!(", và {n} ô gộp khác"),
        };
        format!(
            "cột này có ô gộp qua nhiều dòng (dòng {}–{}{others}): dvk tính giá trị của ô gộp \
             một lần, ở dòng đầu (dòng {}), không chép xuống các dòng dưới",
            self.first_row, self.last_row, self.first_row
        )
    }
}

/// The merged values of one sheet's data rows, by row and column.
#[derive(Debug, Default)]
pub struct MergedValues<'a> {
    /// Sorted by column, then first row.
    spreads: Vec<Spread<'a>>,
}

impl<'a> MergedValues<'a> {
    /// The sheet's merged blocks below its header, and the blocks of figure
    /// and name columns (one per column, with a count of the others), which
    /// are not filled.
    pub fn new(sheet: &'a RawSheet, header: &HeaderBand) -> (Self, Vec<UnspreadBlock>) {
        let mut spreads = Vec::new();
        let mut unspread: Vec<UnspreadBlock> = Vec::new();
        for block in &sheet.merged {
            let first = block.first_row.saturating_add(1);
            let last = block.last_row.saturating_add(1);
            if first <= header.row_number || last == first {
                continue;
            }
            let Some(column) = header.columns.iter().find(|c| c.index == block.first_col) else {
                continue;
            };
            let Some(value) = value_at(sheet, first, block.first_col) else {
                continue;
            };
            if spreads_down(column.id) {
                spreads.push(Spread {
                    col: block.first_col,
                    first: first + 1,
                    last,
                    value,
                });
            } else if !matches!(column.id, ColumnId::Stt | ColumnId::Note) {
                match unspread.iter_mut().find(|u| u.id == column.id) {
                    Some(told) => told.others += 1,
                    None => unspread.push(UnspreadBlock {
                        id: column.id,
                        first_row: first,
                        last_row: last,
                        others: 0,
                    }),
                }
            }
        }
        spreads.sort_by_key(|s| (s.col, s.first));
        (MergedValues { spreads }, unspread)
    }

    /// The value a merged block shows at `row` (as the sheet shows it) in
    /// column `col`, when the row is covered by one below its first row.
    #[inline]
    pub fn value(&self, row: u32, col: u32) -> Option<&'a CellValue> {
        if self.spreads.is_empty() {
            return None;
        }
        let after = self
            .spreads
            .partition_point(|s| (s.col, s.first) <= (col, row));
        let spread = self.spreads.get(after.checked_sub(1)?)?;
        (spread.col == col && spread.last >= row).then_some(spread.value)
    }
}

/// The non-blank value of a cell, by row number as shown and column.
fn value_at(sheet: &RawSheet, number: u32, col: u32) -> Option<&CellValue> {
    let at = sheet
        .rows
        .binary_search_by_key(&number, |r| r.number)
        .ok()?;
    sheet.rows[at].get(col).filter(|v| !v.is_blank())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::ingest::MergedRange;
    use crate::normalise::detect_header;

    #[test]
    fn a_merged_commune_fills_its_rows_and_a_merged_figure_does_not() {
        let taxonomy = Config::default_config().expect("defaults").taxonomy;
        let sheet = RawSheet::from_texts(
            "Mô hình",
            false,
            &[
                &[
                    "STT",
                    "Xã",
                    "Tên mô hình",
                    "Năm bắt đầu",
                    "Kinh phí (triệu đồng)",
                ],
                &["1", "Thạch Kim", "A", "2021", "30"],
                &["2", "", "B", "2022", ""],
                &["3", "", "C", "2022", ""],
                &["4", "Thạch Lạc", "D", "2021", "5"],
            ],
        )
        .with_merged(vec![
            // The header's "Xã" over the whole column's title row only.
            MergedRange::new((0, 1), (0, 1)),
            MergedRange::new((1, 1), (3, 1)),
            MergedRange::new((1, 4), (3, 4)),
            // Across two columns: a label, not a value of column D.
            MergedRange::new((4, 2), (4, 3)),
        ]);
        let header = detect_header(&sheet, &taxonomy).expect("header");
        let (merged, unspread) = MergedValues::new(&sheet, &header);
        let commune = |row| merged.value(row, 1).map(CellValue::display);
        assert_eq!(commune(2), None, "the block's own row holds the value");
        assert_eq!(commune(3).as_deref(), Some("Thạch Kim"));
        assert_eq!(commune(4).as_deref(), Some("Thạch Kim"));
        assert_eq!(commune(5), None);
        assert_eq!(merged.value(3, 4), None, "money is never copied");
        assert_eq!(merged.value(5, 3), None);
        assert_eq!(
            unspread,
            [UnspreadBlock {
                id: ColumnId::ModelFunding,
                first_row: 2,
                last_row: 4,
                others: 0
            }]
        );
    }
}
