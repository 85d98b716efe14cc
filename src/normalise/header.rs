//! Finds a sheet's header row and maps its columns.
//!
//! The header is found by content among the first rows (under any title
//! block), and the sheet's kind follows from the columns it names. Money
//! columns get their unit from the header ("(triệu đồng)") or from a unit
//! line above the table ("ĐVT: triệu đồng").

use crate::config::{identifying_columns, ColumnId, Taxonomy};
use crate::domain::{MoneyUnit, SheetKind};
use crate::ingest::{CellValue, RawSheet};
use crate::normalise::fold::{clean_text, fold_key};

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
    /// Position of the header row in `RawSheet::rows`.
    pub row_position: usize,
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

/// Finds the header row and the sheet's kind, if the sheet has one.
pub fn detect_header(sheet: &RawSheet, taxonomy: &Taxonomy) -> Option<HeaderBand> {
    let mut best: Option<(usize, HeaderBand)> = None;
    for (position, row) in sheet.rows.iter().enumerate().take(HEADER_SEARCH_ROWS) {
        for kind in SheetKind::ALL {
            let columns = map_columns(row.cells.iter().map(|c| (c.col, &c.value)), kind, taxonomy);
            let has = |id: ColumnId| columns.iter().any(|c| c.id == id);
            let identified = identifying_columns(kind)
                .iter()
                .any(|set| set.iter().all(|id| has(*id)));
            if !identified {
                continue;
            }
            let score = columns.len();
            if best.as_ref().is_none_or(|(s, _)| score > *s) {
                let unit_line = sheet.rows[..position].iter().rev().find_map(|r| {
                    r.cells.iter().find_map(|c| match &c.value {
                        CellValue::Text(t) => unit_line_of(t),
                        _ => None,
                    })
                });
                best = Some((
                    score,
                    HeaderBand {
                        kind,
                        row_position: position,
                        row_number: row.number,
                        columns,
                        unit_line,
                    },
                ));
            }
        }
    }
    best.map(|(_, band)| band)
}

fn map_columns<'a>(
    cells: impl Iterator<Item = (u32, &'a CellValue)>,
    kind: SheetKind,
    taxonomy: &Taxonomy,
) -> Vec<MappedColumn> {
    let mut columns: Vec<MappedColumn> = Vec::new();
    for (index, value) in cells {
        let CellValue::Text(text) = value else {
            continue;
        };
        let header = clean_text(text);
        let Some(id) = column_of_header(&header, kind, taxonomy) else {
            continue;
        };
        // The first column with a name wins; a repeated one is left out.
        if columns.iter().any(|c| c.id == id) {
            continue;
        }
        let money_unit = if id.is_money() {
            money_unit_in(&header)
        } else {
            None
        };
        columns.push(MappedColumn {
            index,
            id,
            header,
            money_unit,
        });
    }
    columns
}

/// Matches a header without its bracketed unit first, then whole.
fn column_of_header(header: &str, kind: SheetKind, taxonomy: &Taxonomy) -> Option<ColumnId> {
    let base = header.split(['(', '[']).next().unwrap_or(header).trim();
    if !base.is_empty() {
        if let Some(id) = taxonomy.column_of(kind, base) {
            return Some(id);
        }
    }
    taxonomy.column_of(kind, header)
}

/// The money unit a header or unit line names ("(triệu đồng)", "ĐVT: tỷ đồng").
pub fn money_unit_in(text: &str) -> Option<MoneyUnit> {
    let key = format!(" {} ", fold_key(text));
    let has = |word: &str| key.contains(&format!(" {} ", fold_key(word)));
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
        let cells = rows
            .iter()
            .enumerate()
            .flat_map(|(r, row)| {
                row.iter()
                    .enumerate()
                    .map(move |(c, text)| (r as u32, c as u32, CellValue::Text((*text).to_owned())))
            })
            .collect();
        RawSheet::from_cells("Sheet1".into(), false, cells)
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
    fn money_units_in_headers() {
        for (text, unit) in [
            ("Kinh phí (triệu đồng)", Some(MoneyUnit::MillionDong)),
            ("Kinh phí (đồng)", Some(MoneyUnit::Dong)),
            ("Kinh phí (nghìn đồng)", Some(MoneyUnit::ThousandDong)),
            ("Kinh phí (ngàn đồng)", Some(MoneyUnit::ThousandDong)),
            ("Kinh phí (tỷ đồng)", Some(MoneyUnit::BillionDong)),
            ("KINH PHÍ (TRIỆU ĐỒNG)", Some(MoneyUnit::MillionDong)),
            ("Kinh phí", None),
        ] {
            assert_eq!(money_unit_in(text), unit, "{text:?}");
        }
    }
}
