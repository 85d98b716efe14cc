//! One model or work written twice inside one file: a workbook with a sheet
//! per year where each year lists the earlier years' models again (lũy kế),
//! or rows pasted twice into one sheet. The check across files
//! ([`super::versions`]) cannot see it, since it compares a file with others.
//!
//! Rows are the same record by that check's key (kind, name as typed, folded
//! locality path, year), plus what tells apart two records of one name
//! inside a file: a model's implementer ("Hũ gạo tình thương" of the Hội
//! Phụ nữ and of the Đoàn Thanh niên), a work's quantity and money (two
//! road sections of one hamlet). As across files, nothing says which row is
//! right, so every row is still counted and one warning per pair of sheets
//! (or per sheet, for rows repeated within it) says where; no figure
//! changes here. Rows without a name are left out: a works sheet without a
//! name column lists five houses of one commune and year as five rows alike.

use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::domain::Record;
use crate::ingest::SourceFile;
use crate::render::vn_format::count;
use std::collections::BTreeMap;
use xxhash_rust::xxh3::xxh3_64_with_seed;

/// Rows named in full in a warning, on each side; the rest are counted.
const ROWS_NAMED: usize = crate::render::vn_format::ROWS_NAMED;

/// One accepted model or work row of a file, by its key.
#[derive(Debug, Clone, Copy)]
struct RowKey {
    key: u64,
    sheet: usize,
    row: u32,
    work: bool,
}

/// A file's named models and works, collected sheet by sheet as they are
/// read, each by its key.
#[derive(Debug, Default)]
pub(super) struct RowKeys {
    rows: Vec<RowKey>,
}

impl RowKeys {
    /// Adds a row whose cross-file key (before it is cut to 32 bits) is
    /// `record_key`; `buffer` is scratch space.
    pub(super) fn push(
        &mut self,
        sheet: usize,
        row: u32,
        record: &Record,
        record_key: u64,
        buffer: &mut Vec<u8>,
    ) {
        buffer.clear();
        let work = match record {
            Record::Model(m) => {
                buffer.push(0);
                super::versions::name_key_into(&m.implementer, buffer);
                false
            }
            Record::Work(w) => {
                buffer.push(1);
                for n in [
                    w.quantity.milli(),
                    w.money.total.dong(),
                    w.money.state_budget.dong(),
                    w.money.mobilized.dong(),
                ] {
                    buffer.extend_from_slice(&n.to_le_bytes());
                }
                true
            }
            _ => return,
        };
        // 64 bits: a file's few hundred rows never meet by chance.
        let key = xxh3_64_with_seed(buffer, record_key);
        self.rows.push(RowKey {
            key,
            sheet,
            row,
            work,
        });
    }

    /// The rows that repeat a row met before them in the file, by pair of
    /// sheets (later, earlier), in sheet order. Each repeat is paired with
    /// the row just before it of its record, so a model listed in three
    /// yearly sheets is told once between the first two and once between
    /// the last two, and the rows told add up to the rows counted too many.
    pub(super) fn repeats(mut self) -> Vec<Repeat> {
        self.rows.sort_unstable_by_key(|r| (r.key, r.sheet, r.row));
        let mut pairs: BTreeMap<(usize, usize), Repeat> = BTreeMap::new();
        for pair in self.rows.windows(2) {
            let [earlier, later] = pair else { continue };
            if earlier.key != later.key {
                continue;
            }
            let repeat = pairs
                .entry((later.sheet, earlier.sheet))
                .or_insert_with(|| Repeat {
                    later_sheet: later.sheet,
                    earlier_sheet: earlier.sheet,
                    work: later.work,
                    rows: Vec::new(),
                });
            repeat.rows.push((later.row, earlier.row));
        }
        let mut repeats: Vec<Repeat> = pairs.into_values().collect();
        for repeat in &mut repeats {
            repeat.rows.sort_unstable();
        }
        repeats
    }
}

/// Rows of one sheet that repeat rows of an earlier sheet of the file, or
/// rows above them in the same sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Repeat {
    pub later_sheet: usize,
    pub earlier_sheet: usize,
    /// Works, not models (a sheet holds one kind).
    pub work: bool,
    /// (the repeating row, the row it repeats), by the repeating row.
    pub rows: Vec<(u32, u32)>,
}

impl Repeat {
    /// The warning, at the first repeating row; `sheet_name` gives a
    /// sheet's name as its other problems show it.
    pub(super) fn warning(
        &self,
        file: &SourceFile,
        sheet_name: impl Fn(usize) -> String,
    ) -> Diagnostic {
        let later: Vec<u32> = self.rows.iter().map(|(later, _)| *later).collect();
        let earlier: Vec<u32> = self.rows.iter().map(|(_, earlier)| *earlier).collect();
        let n = count(self.rows.len() as u64, false);
        let (noun, same, year) = if self.work {
            (
                "công trình, phần việc",
                "cùng tên, cùng địa bàn, cùng năm, cùng số lượng và kinh phí",
                "năm thực hiện",
            )
        } else {
            (
                "mô hình",
                "cùng tên, cùng đơn vị thực hiện, cùng địa bàn, cùng năm",
                "năm bắt đầu",
            )
        };
        let these = if self.rows.len() == 1 {
            format!("{noun} này")
        } else {
            format!("những {noun} này")
        };
        let ignore = format!("nếu đây là các {noun} khác nhau thì bỏ qua cảnh báo này");
        let later_sheet = sheet_name(self.later_sheet);
        let message = if self.later_sheet == self.earlier_sheet {
            let within = if file.format == crate::ingest::FileFormat::Csv {
                "trong tệp"
            } else {
                "trong cùng trang"
            };
            format!(
                "{n} {noun} được ghi lặp lại {within} ({same}): {} trùng {}, có thể do các dòng bị dán hai lần. \
                 dvk vẫn tính mọi dòng, nên {these} đang bị tính hai lần. \
                 Hãy xóa các dòng thừa rồi chạy lại; {ignore}",
                rows_named(&later),
                rows_named(&earlier),
            )
        } else {
            let earlier_sheet = sheet_name(self.earlier_sheet);
            format!(
                "{n} {noun} của trang này đã có ở trang \"{earlier_sheet}\" của cùng tệp ({same}): \
                 {} trùng {} của trang \"{earlier_sheet}\", có thể do trang này ghi lũy kế \
                 (chép lại {noun} của các năm trước). dvk vẫn tính cả hai trang, nên {these} \
                 đang bị tính hai lần. Hãy chỉ ghi mỗi {noun} một lần, ở một trang (nếu mỗi trang là một năm \
                 thì ở trang của {year}): xóa các dòng chép lại ở trang \"{later_sheet}\" rồi chạy lại; {ignore}",
                rows_named(&later),
                rows_named(&earlier),
            )
        };
        let location = Location {
            sheet: Some(later_sheet.into()),
            sheet_index: self.later_sheet,
            row: later.first().copied(),
            ..Location::file(file.index, &file.display)
        };
        Diagnostic::new(Severity::Warning, location, message)
    }
}

/// "dòng 8, 9, 10, 11, 12 và 2 dòng khác".
fn rows_named(rows: &[u32]) -> String {
    crate::render::vn_format::rows_named(rows, rows.len() as u64, ROWS_NAMED)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{BudgetSplit, Locality, Money, Quantity, SharedText, Work, WorkTypeRef};
    use crate::normalise::AcceptedRow;
    use crate::pipeline::versions::tests::model_row;

    fn locality(hamlet: &str) -> Locality {
        let name = |s: &str| Some(s).filter(|s| !s.is_empty()).map(SharedText::from);
        Locality {
            names: [name("Tây Ninh"), None, name("Truông Mít"), name(hamlet)],
        }
    }

    fn model(row: u32, name: &str, implementer: &str, hamlet: &str, year: i32) -> AcceptedRow {
        model_row(row, name, implementer, locality(hamlet), year)
    }

    fn work(row: u32, name: &str, houses: i64, trieu: i64) -> AcceptedRow {
        AcceptedRow {
            row,
            record: Record::Work(Work {
                name: name.to_owned(),
                work_type: WorkTypeRef::Known(0),
                quantity: Quantity::from_whole(houses),
                locality: locality("Ấp 1"),
                year: 2022,
                money: BudgetSplit {
                    total: Money::from_dong(trieu * 1_000_000),
                    ..BudgetSplit::default()
                },
            }),
        }
    }

    /// (later sheet, earlier sheet, (repeating row, row repeated)).
    type Told = (usize, usize, Vec<(u32, u32)>);

    /// What the sheets given repeat.
    fn repeats(sheets: &[Vec<AcceptedRow>]) -> Vec<Told> {
        let mut keys = crate::pipeline::versions::RecordKeys::default();
        for (i, rows) in sheets.iter().enumerate() {
            keys.add(i, rows);
        }
        keys.repeats()
            .into_iter()
            .map(|r| (r.later_sheet, r.earlier_sheet, r.rows))
            .collect()
    }

    #[test]
    fn cumulative_sheets_pair_each_repeat_with_the_sheet_before() {
        let year = |upto: usize| -> Vec<AcceptedRow> {
            (0..upto)
                .map(|i| model(i as u32 + 2, &format!("Mô hình {i}"), "", "", 2021))
                .collect()
        };
        assert_eq!(
            repeats(&[year(2), year(3), year(4)]),
            [
                (1, 0, vec![(2, 2), (3, 3)]),
                (2, 1, vec![(2, 2), (3, 3), (4, 4)]),
            ]
        );
    }

    #[test]
    fn rows_pasted_twice_are_paired_in_their_sheet() {
        let sheet = vec![
            model(2, "Hũ gạo", "", "", 2021),
            model(3, "Camera an ninh", "", "", 2021),
            model(4, "hũ gạo.", "", "", 2021),
            model(5, "Camera  an ninh", "", "", 2021),
            model(6, "Hũ gạo", "", "", 2021),
        ];
        assert_eq!(repeats(&[sheet]), [(0, 0, vec![(4, 2), (5, 3), (6, 4)])]);
    }

    #[test]
    fn what_tells_two_records_apart_keeps_them_apart() {
        // (first row, second row): never the same record.
        let apart = [
            (
                model(2, "Hũ gạo", "", "Ấp 1", 2021),
                model(3, "Hũ gạo", "", "Ấp 2", 2021),
            ),
            (
                model(2, "Hũ gạo", "", "", 2021),
                model(3, "Hũ gạo", "", "", 2022),
            ),
            (
                model(2, "Hũ gạo", "Hội Phụ nữ", "", 2021),
                model(3, "Hũ gạo", "Đoàn Thanh niên", "", 2021),
            ),
            (
                model(2, "Hũ gạo", "", "", 2021),
                model(3, "Hũ gạo tình thương", "", "", 2021),
            ),
            (
                work(2, "Nhà tình thương", 1, 50),
                work(3, "Nhà tình thương", 1, 60),
            ),
            (
                work(2, "Đường bê tông", 1, 50),
                work(3, "Đường bê tông", 2, 50),
            ),
            // No name: two houses of one place and year.
            (work(2, "", 1, 50), work(3, "", 1, 50)),
            (model(2, "", "", "", 2021), model(3, "", "", "", 2021)),
        ];
        for (a, b) in apart {
            assert_eq!(repeats(&[vec![a.clone(), b.clone()]]), [], "{a:?} {b:?}");
        }
        let same = [
            (
                model(2, "Hũ gạo", "Hội Phụ nữ", "Ấp 1", 2021),
                model(3, "hũ gạo", "Hội phụ nữ.", "ấp 1", 2021),
            ),
            (
                work(2, "Nhà tình thương", 1, 50),
                work(3, "Nhà tình thương", 1, 50),
            ),
        ];
        for (a, b) in same {
            assert_eq!(
                repeats(&[vec![a.clone(), b.clone()]]).len(),
                1,
                "{a:?} {b:?}"
            );
        }
    }

    #[test]
    fn a_warning_names_five_rows_and_counts_the_rest() {
        assert_eq!(rows_named(&[4]), "dòng 4");
        assert_eq!(rows_named(&[4, 5, 6, 7, 8]), "dòng 4, 5, 6, 7, 8");
        assert_eq!(
            rows_named(&[4, 5, 6, 7, 8, 9, 10]),
            "dòng 4, 5, 6, 7, 8 và 2 dòng khác"
        );
    }
}
