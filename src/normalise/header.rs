//! Finds a sheet's header band (one row, or two with merged group cells)
//! and maps its columns.
//!
//! The header is found by content among the first rows (under any title
//! block), and the sheet's kind follows from the columns it names. A header
//! over two rows ("KINH PHÍ (TRIỆU ĐỒNG)" above "TỔNG | NGÂN SÁCH NHÀ NƯỚC |
//! VẬN ĐỘNG XÃ HỘI HÓA") gives each child its parent's name and unit. Money
//! columns get their unit from the header ("(triệu đồng)") or from a unit
//! line above the table ("ĐVT: triệu đồng").

use crate::config::{identifying_columns, ColumnId, Taxonomy};
use crate::domain::{MoneyUnit, SheetKind};
use crate::ingest::{CellValue, RawRow, RawSheet};
use crate::normalise::fold::{bare_key, clean_text, fold_key};

/// How many non-empty rows from the top may hold the header.
const HEADER_SEARCH_ROWS: usize = 30;

/// One recognised column.
#[derive(Debug, Clone)]
pub struct MappedColumn {
    pub index: u32,
    pub id: ColumnId,
    /// The header as the user wrote it (NFC, spaces tidied).
    pub header: String,
    /// For money columns: the unit stated in this header, if any.
    pub money_unit: Option<MoneyUnit>,
}

/// The header of a sheet: where it is, its kind and its columns.
#[derive(Debug, Clone)]
pub struct HeaderBand {
    pub kind: SheetKind,
    /// Position of the header's last row in `RawSheet::rows` (data follows).
    pub row_position: usize,
    /// The header's last row number, as the spreadsheet shows it.
    pub row_number: u32,
    pub columns: Vec<MappedColumn>,
    /// A unit line above the table ("ĐVT: triệu đồng").
    pub unit_line: Option<MoneyUnit>,
}

impl HeaderBand {
    pub fn column(&self, id: ColumnId) -> Option<&MappedColumn> {
        self.columns.iter().find(|c| c.id == id)
    }
}

/// One header cell to match: what to show, and the names to try in order.
struct HeaderCell {
    index: u32,
    shown: String,
    tries: Vec<String>,
    /// Texts that may state a money unit: the cell's own, then its parent's.
    unit_texts: Vec<String>,
}

/// Column lookups of one sheet, by header text: each text is folded once,
/// however many rows, kinds and band shapes are tried.
/// The columns (of every kind) a header's name, then its whole text, names.
type NamedColumns = (Vec<ColumnId>, Vec<ColumnId>);

struct ColumnLookup<'t> {
    taxonomy: &'t Taxonomy,
    cache: std::cell::RefCell<std::collections::HashMap<String, NamedColumns>>,
}

impl ColumnLookup<'_> {
    /// Matches a header without its bracketed unit first, then whole.
    fn column(&self, header: &str, kind: SheetKind) -> Option<ColumnId> {
        if header.is_empty() {
            return None;
        }
        let mut cache = self.cache.borrow_mut();
        let (base_ids, whole_ids) = cache.entry(header.to_owned()).or_insert_with(|| {
            let base = header.split(['(', '[']).next().unwrap_or(header).trim();
            let base_ids = if base.is_empty() {
                Vec::new()
            } else {
                self.taxonomy.columns_named(base)
            };
            (base_ids, self.taxonomy.columns_named(header))
        });
        let allowed = crate::config::columns_of(kind);
        base_ids
            .iter()
            .chain(whole_ids.iter())
            .find(|id| allowed.contains(id))
            .copied()
    }
}

/// Finds the header band and the sheet's kind, if the sheet has one.
pub fn detect_header(sheet: &RawSheet, taxonomy: &Taxonomy) -> Option<HeaderBand> {
    let lookup = ColumnLookup {
        taxonomy,
        cache: Default::default(),
    };
    let mut best: Option<(usize, HeaderBand)> = None;
    for (position, row) in sheet.rows.iter().enumerate().take(HEADER_SEARCH_ROWS) {
        // A header found two rows up is not beaten by the data below it.
        if best
            .as_ref()
            .is_some_and(|(_, band)| position > band.row_position + 1)
        {
            break;
        }
        let below = sheet
            .rows
            .get(position + 1)
            .filter(|next| next.number == row.number + 1);
        // One row, then two: a band counts only if it names more columns
        // than either of its rows alone (a title above a header is no band).
        let single = single_row(row);
        let texts = single.len();
        consider(sheet, &lookup, single, position, position, None, &mut best);
        let Some(next) = below else { continue };
        // Every text of this row names a column, and the row below writes
        // only under them: neither a two-row band nor the rows below can name
        // more columns (the usual header above its data), so stop here.
        let complete = best
            .as_ref()
            .is_some_and(|(score, band)| band.row_position == position && *score == texts);
        if complete && text_cells(next).all(|(col, _)| row.cells.iter().any(|c| c.col == col)) {
            break;
        }
        consider(
            sheet,
            &lookup,
            two_rows(row, next),
            position,
            position + 1,
            Some(next),
            &mut best,
        );
    }
    best.map(|(_, band)| band)
}

/// Tries `cells` (the band of rows `position..=last`) as every sheet kind's
/// header; keeps it in `best` if it names more columns.
fn consider(
    sheet: &RawSheet,
    lookup: &ColumnLookup<'_>,
    cells: Vec<HeaderCell>,
    position: usize,
    last: usize,
    bottom: Option<&RawRow>,
    best: &mut Option<(usize, HeaderBand)>,
) {
    let row = &sheet.rows[position];
    for kind in SheetKind::ALL {
        let columns = map_columns(&cells, kind, lookup);
        let has = |id: ColumnId| columns.iter().any(|c| c.id == id);
        let identified = identifying_columns(kind)
            .iter()
            .any(|set| set.iter().all(|id| has(*id)));
        let score = columns.len();
        if !identified || best.as_ref().is_some_and(|(s, _)| score <= *s) {
            continue;
        }
        if let Some(bottom) = bottom {
            let alone = |r: &RawRow| map_columns(&single_row(r), kind, lookup).len();
            if score <= alone(row).max(alone(bottom)) {
                continue;
            }
        }
        let unit_line = sheet.rows[..position].iter().rev().find_map(|r| {
            r.cells.iter().find_map(|c| match &c.value {
                CellValue::Text(t) => unit_line_of(t),
                _ => None,
            })
        });
        *best = Some((
            score,
            HeaderBand {
                kind,
                row_position: last,
                row_number: sheet.rows[last].number,
                columns,
                unit_line,
            },
        ));
    }
}

fn text_cells(row: &RawRow) -> impl Iterator<Item = (u32, String)> + '_ {
    row.cells.iter().filter_map(|c| match &c.value {
        CellValue::Text(t) => Some((c.col, clean_text(t))),
        _ => None,
    })
}

fn single_row(row: &RawRow) -> Vec<HeaderCell> {
    text_cells(row)
        .map(|(index, text)| HeaderCell {
            index,
            shown: text.clone(),
            tries: vec![text.clone()],
            unit_texts: vec![text],
        })
        .collect()
}

/// A header over two rows. A top cell with children below it (a merged group
/// such as "KINH PHÍ (TRIỆU ĐỒNG)" or "ĐỊA BÀN") is the parent of every child
/// from its column up to the next top cell; a top cell with nothing below is
/// a column merged over both rows.
fn two_rows(top: &RawRow, bottom: &RawRow) -> Vec<HeaderCell> {
    let tops: Vec<(u32, String)> = text_cells(top).collect();
    let bottoms: Vec<(u32, String)> = text_cells(bottom).collect();
    let mut columns: Vec<u32> = tops.iter().chain(&bottoms).map(|(c, _)| *c).collect();
    columns.sort_unstable();
    columns.dedup();
    columns
        .into_iter()
        .map(|index| {
            let parent = tops
                .iter()
                .rev()
                .find(|(c, _)| *c <= index)
                .map(|(_, t)| t.clone());
            let own_top = tops
                .iter()
                .find(|(c, _)| *c == index)
                .map(|(_, t)| t.clone());
            let child = bottoms
                .iter()
                .find(|(c, _)| *c == index)
                .map(|(_, t)| t.clone());
            match (child, parent) {
                (Some(child), Some(parent)) => HeaderCell {
                    index,
                    shown: format!("{parent} / {child}"),
                    tries: vec![child.clone(), format!("{parent} {child}"), parent.clone()],
                    unit_texts: vec![child, parent],
                },
                (Some(child), None) => HeaderCell {
                    index,
                    shown: child.clone(),
                    tries: vec![child.clone()],
                    unit_texts: vec![child],
                },
                (None, _) => {
                    let text = own_top.unwrap_or_default();
                    HeaderCell {
                        index,
                        shown: text.clone(),
                        tries: vec![text.clone()],
                        unit_texts: vec![text],
                    }
                }
            }
        })
        .collect()
}

fn map_columns(
    cells: &[HeaderCell],
    kind: SheetKind,
    lookup: &ColumnLookup<'_>,
) -> Vec<MappedColumn> {
    let mut columns: Vec<MappedColumn> = Vec::new();
    for cell in cells {
        let Some(id) = cell.tries.iter().find_map(|t| lookup.column(t, kind)) else {
            continue;
        };
        // The first column with a name wins; a repeated one is left out.
        if columns.iter().any(|c| c.id == id) {
            continue;
        }
        let money_unit = if id.is_money() {
            cell.unit_texts.iter().find_map(|t| money_unit_in(t))
        } else {
            None
        };
        columns.push(MappedColumn {
            index: cell.index,
            id,
            header: cell.shown.clone(),
            money_unit,
        });
    }
    columns
}

/// The money unit a header or unit line names ("(triệu đồng)", "ĐVT: tỷ
/// đồng"), with or without diacritics ("(trieu dong)").
pub fn money_unit_in(text: &str) -> Option<MoneyUnit> {
    // Without diacritics only when the text has none ("NGÂN" is not "ngàn").
    let fold = if text.is_ascii() { bare_key } else { fold_key };
    let key = format!(" {} ", fold(text));
    let has = |word: &str| key.contains(&format!(" {} ", fold(word)));
    if has("triệu") || has("tr đồng") || has("trđ") {
        Some(MoneyUnit::MillionDong)
    } else if has("tỷ") || has("tỉ") {
        Some(MoneyUnit::BillionDong)
    } else if has("nghìn") || has("ngàn") {
        Some(MoneyUnit::ThousandDong)
    } else if has("đồng") || has("vnđ") {
        Some(MoneyUnit::Dong)
    } else {
        None
    }
}

fn unit_line_of(text: &str) -> Option<MoneyUnit> {
    let key = fold_key(text);
    let dvt = fold_key("đvt");
    if key.starts_with(&dvt)
        || key.starts_with(&fold_key("đơn vị tính"))
        || key.contains(&format!(" {dvt} "))
    {
        money_unit_in(text)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::ingest::RawSheet;

    fn sheet(rows: &[&[&str]]) -> RawSheet {
        RawSheet::from_texts("Sheet1", false, rows)
    }

    #[test]
    fn headers_match_in_any_case_and_spacing() {
        let taxonomy = Config::default_config().expect("defaults").taxonomy;
        let cases: &[(&[&str], SheetKind)] = &[
            (
                &["STT", "Tên mô hình", "Lĩnh vực", "Năm bắt đầu"],
                SheetKind::Models,
            ),
            (
                &["STT", "TÊN MÔ HÌNH", "LĨNH VỰC", "NĂM BẮT ĐẦU"],
                SheetKind::Models,
            ),
            (&["Tên  mô hình", "Năm   bắt đầu"], SheetKind::Models),
            (&["Ten mo hinh", "Nam bat dau"], SheetKind::Models),
            (
                &["Tên công trình, phần việc", "Loại công trình", "Năm"],
                SheetKind::Works,
            ),
            (
                &["Năm", "Lượt cơ quan, đơn vị tham gia", "Ngày công"],
                SheetKind::Resources,
            ),
        ];
        for (headers, kind) in cases {
            let band = detect_header(&sheet(&[headers]), &taxonomy)
                .unwrap_or_else(|| panic!("{headers:?}"));
            assert_eq!(band.kind, *kind, "{headers:?}");
        }
    }

    #[test]
    fn header_under_a_title_block_with_unit_line() {
        let taxonomy = Config::default_config().expect("defaults").taxonomy;
        let s = sheet(&[
            &["BIỂU TỔNG HỢP CÔNG TRÌNH"],
            &["ĐVT: nghìn đồng"],
            &[
                "STT",
                "Loại công trình",
                "Năm",
                "Tổng kinh phí",
                "Ngân sách nhà nước (triệu đồng)",
            ],
        ]);
        let band = detect_header(&s, &taxonomy).expect("header");
        assert_eq!(band.row_number, 3);
        assert_eq!(band.unit_line, Some(MoneyUnit::ThousandDong));
        assert_eq!(
            band.column(ColumnId::FundingTotal)
                .and_then(|c| c.money_unit),
            None
        );
        assert_eq!(
            band.column(ColumnId::StateBudget)
                .and_then(|c| c.money_unit),
            Some(MoneyUnit::MillionDong)
        );
    }

    #[test]
    fn two_row_header_with_merged_groups() {
        let taxonomy = Config::default_config().expect("defaults").taxonomy;
        let s = sheet(&[
            &["BIỂU TỔNG HỢP CÔNG TRÌNH, PHẦN VIỆC"],
            &[
                "STT",
                "TÊN CÔNG TRÌNH, PHẦN VIỆC",
                "LOẠI",
                "ĐỊA BÀN",
                "",
                "",
                "NĂM",
                "KINH PHÍ (TRIỆU ĐỒNG)",
                "",
                "",
            ],
            &[
                "",
                "",
                "",
                "TỈNH",
                "HUYỆN",
                "XÃ",
                "",
                "TỔNG",
                "NGÂN SÁCH NHÀ NƯỚC",
                "VẬN ĐỘNG XÃ HỘI HÓA",
            ],
            &[
                "1",
                "Đường thôn 1",
                "Đường GTNT",
                "Quảng Ngãi",
                "Minh Long",
                "Long Sơn",
                "2020",
                "500",
                "300",
                "200",
            ],
        ]);
        let band = detect_header(&s, &taxonomy).expect("header");
        assert_eq!(band.kind, SheetKind::Works);
        assert_eq!(
            band.row_number, 3,
            "data starts below the second header row"
        );
        let column = |id| {
            band.column(id)
                .map(|c| (c.index, c.header.clone(), c.money_unit))
        };
        assert_eq!(
            column(ColumnId::Province),
            Some((3, "ĐỊA BÀN / TỈNH".to_owned(), None))
        );
        assert_eq!(column(ColumnId::Commune).map(|c| c.0), Some(5));
        assert_eq!(column(ColumnId::Year).map(|c| c.0), Some(6));
        assert_eq!(
            column(ColumnId::FundingTotal),
            Some((
                7,
                "KINH PHÍ (TRIỆU ĐỒNG) / TỔNG".to_owned(),
                Some(MoneyUnit::MillionDong)
            ))
        );
        assert_eq!(
            column(ColumnId::StateBudget).and_then(|c| c.2),
            Some(MoneyUnit::MillionDong)
        );
        assert_eq!(column(ColumnId::Mobilized).map(|c| c.0), Some(9));
    }

    #[test]
    fn a_data_row_is_not_taken_for_a_second_header_row() {
        let taxonomy = Config::default_config().expect("defaults").taxonomy;
        let s = sheet(&[
            &[
                "STT",
                "Tên mô hình",
                "Lĩnh vực",
                "Năm bắt đầu",
                "Tình trạng",
            ],
            &["1", "Hũ gạo", "Kinh tế", "2019", "Hiệu quả"],
        ]);
        let band = detect_header(&s, &taxonomy).expect("header");
        assert_eq!(band.row_number, 1);
        assert_eq!(
            band.column(ColumnId::Status).map(|c| c.header.as_str()),
            Some("Tình trạng")
        );
    }

    #[test]
    fn money_units_in_headers() {
        for (text, unit) in [
            ("Kinh phí (triệu đồng)", Some(MoneyUnit::MillionDong)),
            ("Kinh phí (đồng)", Some(MoneyUnit::Dong)),
            ("Kinh phí (nghìn đồng)", Some(MoneyUnit::ThousandDong)),
            ("Kinh phí (ngàn đồng)", Some(MoneyUnit::ThousandDong)),
            ("Kinh phí (tỷ đồng)", Some(MoneyUnit::BillionDong)),
            ("KINH PHÍ (TRIỆU ĐỒNG)", Some(MoneyUnit::MillionDong)),
            ("Kinh phi (trieu dong)", Some(MoneyUnit::MillionDong)),
            ("KINH PHI (NGHIN DONG)", Some(MoneyUnit::ThousandDong)),
            ("Kinh phí", None),
        ] {
            assert_eq!(money_unit_in(text), unit, "{text:?}");
        }
    }
}
