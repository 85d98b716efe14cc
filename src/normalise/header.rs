//! Finds a sheet's header band (one row, or two with merged group cells)
//! and maps its columns.
//!
//! The header is found by content among the first rows (under any title
//! block), and the sheet's kind follows from the columns it names. A header
//! over two rows ("KINH PHÍ (TRIỆU ĐỒNG)" above "TỔNG | NGÂN SÁCH NHÀ NƯỚC |
//! VẬN ĐỘNG XÃ HỘI HÓA") gives each child its parent's name and unit. Money
//! columns get their unit from the header ("(triệu đồng)", "(1000đ)") or from
//! a unit line above the table ("ĐVT: triệu đồng"), the land column its area
//! unit ("(ha)"), as `unit` reads them. A header that names no column
//! as written is read in the legacy encodings too ("X·" is "Xã" typed in
//! TCVN3 in a file that does not say its font).

use crate::config::{identifying_columns, ColumnId, Taxonomy};
use crate::domain::{MoneyUnit, SheetKind};
use crate::ingest::{
    legacy_readings, CellValue, GuessedEncoding, LegacyEncoding, RawRow, RawSheet,
};
use crate::normalise::fold::clean_text;
use crate::normalise::unit::{area_unit_in, money_unit_in, money_unit_of_line, AreaUnit};

/// How many non-empty rows from the top may hold the header.
pub(super) const HEADER_SEARCH_ROWS: usize = 30;

/// One recognised column.
#[derive(Debug, Clone)]
pub struct MappedColumn {
    pub index: u32,
    pub id: ColumnId,
    /// The header as the user wrote it (NFC, spaces tidied).
    pub header: String,
    /// For money columns: the unit stated in this header, if any.
    pub money_unit: Option<MoneyUnit>,
    /// For the land column: the area unit stated in this header, if any.
    pub area_unit: Option<AreaUnit>,
    /// The legacy encoding the header was read in, when it names its column
    /// only so (`header` is then the decoded text; `written` as in the file).
    pub legacy: Option<(LegacyEncoding, String)>,
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

/// One header cell to match: the names to try in order, each with what to
/// show when it matches.
struct HeaderCell {
    index: u32,
    tries: Vec<Try>,
    /// Texts that may state a money unit: the cell's own, then its parent's.
    unit_texts: Vec<String>,
}

/// A name a header cell may be read as.
struct Try {
    name: String,
    shown: String,
    /// Read in a legacy encoding, from the text shown as written.
    legacy: Option<(LegacyEncoding, String)>,
}

/// The text of a header cell, then its readings in the legacy encodings
/// (tried only after every name as written).
fn readings(text: &str) -> Vec<(String, Option<LegacyEncoding>)> {
    let mut all = vec![(text.to_owned(), None)];
    all.extend(
        legacy_readings(text)
            .into_iter()
            .map(|(decoded, encoding)| (clean_text(&decoded), Some(encoding))),
    );
    all
}

/// Column lookups of one sheet, by header text: each text is folded once,
/// however many rows, kinds and band shapes are tried.
/// The columns (of every kind) a header's name, then its whole text, names.
type NamedColumns = (Vec<ColumnId>, Vec<ColumnId>);

struct ColumnLookup<'t> {
    taxonomy: &'t Taxonomy,
    cache: std::cell::RefCell<foldhash::HashMap<String, NamedColumns>>,
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
        base_ids
            .iter()
            .chain(whole_ids.iter())
            .find(|id| crate::config::reads_column(kind, **id))
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
        let unit_line = sheet.rows[..position].iter().rev().find_map(unit_line_of);
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

/// The money unit `row` announces as a unit line ("ĐVT: triệu đồng").
pub(crate) fn unit_line_of(row: &RawRow) -> Option<MoneyUnit> {
    row.cells.iter().find_map(|c| match &c.value {
        CellValue::Text(t) => money_unit_of_line(t),
        _ => None,
    })
}

fn text_cells(row: &RawRow) -> impl Iterator<Item = (u32, String)> + '_ {
    row.cells.iter().filter_map(|c| match &c.value {
        CellValue::Text(t) => Some((c.col, clean_text(t))),
        _ => None,
    })
}

fn single_row(row: &RawRow) -> Vec<HeaderCell> {
    text_cells(row)
        .map(|(index, text)| single_cell(index, text))
        .collect()
}

/// A header cell of one text (and its legacy readings).
fn single_cell(index: u32, text: String) -> HeaderCell {
    let mut tries = Vec::new();
    let mut unit_texts = Vec::new();
    for (reading, legacy) in readings(&text) {
        tries.push(Try {
            name: reading.clone(),
            shown: reading.clone(),
            legacy: legacy.map(|e| (e, text.clone())),
        });
        unit_texts.push(reading);
    }
    HeaderCell {
        index,
        tries,
        unit_texts,
    }
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
                (Some(child), Some(parent)) => {
                    // Either row may be typed in a legacy encoding: each name
                    // is tried as written, then as each encoding reads it.
                    let written = format!("{parent} / {child}");
                    let mut variants = vec![(child.clone(), parent.clone(), None)];
                    for encoding in [LegacyEncoding::Tcvn3, LegacyEncoding::Vni] {
                        let read = |text: &str| {
                            readings(text)
                                .into_iter()
                                .find(|(_, e)| *e == Some(encoding))
                                .map_or_else(|| text.to_owned(), |(decoded, _)| decoded)
                        };
                        let (c, p) = (read(&child), read(&parent));
                        if c != child || p != parent {
                            variants.push((c, p, Some((encoding, written.clone()))));
                        }
                    }
                    let names: [fn(&str, &str) -> String; 3] = [
                        |c, _| c.to_owned(),
                        |c, p| format!("{p} {c}"),
                        |_, p| p.to_owned(),
                    ];
                    let tries = names
                        .iter()
                        .flat_map(|name| {
                            variants.iter().map(move |(c, p, legacy)| Try {
                                name: name(c, p),
                                shown: format!("{p} / {c}"),
                                legacy: legacy.clone(),
                            })
                        })
                        .collect();
                    HeaderCell {
                        index,
                        tries,
                        unit_texts: variants
                            .iter()
                            .flat_map(|(c, p, _)| [c.clone(), p.clone()])
                            .collect(),
                    }
                }
                (Some(child), None) => single_cell(index, child),
                (None, _) => single_cell(index, own_top.unwrap_or_default()),
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
        let Some((id, read)) = cell
            .tries
            .iter()
            .find_map(|t| lookup.column(&t.name, kind).map(|id| (id, t)))
        else {
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
        let area_unit = if id == ColumnId::LandM2 {
            cell.unit_texts.iter().find_map(|t| area_unit_in(t))
        } else {
            None
        };
        columns.push(MappedColumn {
            index: cell.index,
            id,
            header: read.shown.clone(),
            money_unit,
            area_unit,
            legacy: read.legacy.clone(),
        });
    }
    columns
}

/// The row that comes nearest to a header when none is recognised: the
/// columns it names for the kind it resembles most, its other texts, and
/// the columns that kind still needs.
#[derive(Debug, Clone)]
pub struct HeaderGuess {
    pub kind: SheetKind,
    /// Position of the row in `RawSheet::rows`.
    pub position: usize,
    pub row_number: u32,
    pub found: Vec<MappedColumn>,
    /// Texts of the row that name no column of `kind`: (column, text).
    pub unknown: Vec<(u32, String)>,
    /// The columns missing from the identifying set nearest to complete.
    pub missing: Vec<ColumnId>,
}

/// For a sheet whose header [`detect_header`] did not recognise: the row
/// among the first ones naming most columns of one kind (at least two
/// besides STT and Ghi chú, which every kind has), if any.
pub fn closest_header(sheet: &RawSheet, taxonomy: &Taxonomy) -> Option<HeaderGuess> {
    let lookup = ColumnLookup {
        taxonomy,
        cache: Default::default(),
    };
    let telling = |columns: &[MappedColumn]| {
        columns
            .iter()
            .filter(|c| !matches!(c.id, ColumnId::Stt | ColumnId::Note))
            .count()
    };
    let mut best: Option<(usize, usize, HeaderGuess)> = None;
    for (position, row) in sheet.rows.iter().enumerate().take(HEADER_SEARCH_ROWS) {
        // A header is text; a data row holds numbers, and may name a column
        // by chance ("Hiệu quả" is a status, "Huyện" a level).
        if row
            .cells
            .iter()
            .any(|c| !matches!(c.value, CellValue::Text(_)))
        {
            continue;
        }
        let cells = single_row(row);
        for kind in SheetKind::ALL {
            let found = map_columns(&cells, kind, &lookup);
            let score = telling(&found);
            let missing: Vec<ColumnId> = identifying_columns(kind)
                .iter()
                .map(|set| {
                    set.iter()
                        .filter(|id| !found.iter().any(|c| c.id == **id))
                        .copied()
                        .collect::<Vec<_>>()
                })
                .min_by_key(Vec::len)
                .unwrap_or_default();
            // More columns named first; then fewer still missing.
            let better = best
                .as_ref()
                .is_none_or(|(s, m, _)| score > *s || (score == *s && missing.len() < *m));
            if score < 2 || !better {
                continue;
            }
            let unknown: Vec<(u32, String)> = text_cells(row)
                .filter(|(col, _)| !found.iter().any(|c| c.index == *col))
                .collect();
            // Mostly texts of no column: a data row, not a header.
            if unknown.len() > found.len() {
                continue;
            }
            let guess = HeaderGuess {
                kind,
                position,
                row_number: row.number,
                found,
                unknown,
                missing: missing.clone(),
            };
            best = Some((score, missing.len(), guess));
        }
    }
    best.map(|(_, _, guess)| guess)
}

/// The header texts of a recognised band that name no column: (column,
/// text), from its last row, then from the row above for a two-row band.
pub fn unmapped_headers(sheet: &RawSheet, band: &HeaderBand) -> Vec<(u32, String)> {
    let mapped = |col: u32| band.columns.iter().any(|c| c.index == col);
    let mut rows = vec![&sheet.rows[band.row_position]];
    if let Some(above) = band
        .row_position
        .checked_sub(1)
        .and_then(|p| sheet.rows.get(p))
        .filter(|r| r.number + 1 == band.row_number)
    {
        rows.push(above);
    }
    // Above, only a cell with nothing under it (a header merged over both
    // rows): a title above the header is no column.
    let mut out: Vec<(u32, String)> = Vec::new();
    for (i, row) in rows.into_iter().enumerate() {
        let bottom = i == 0;
        for (col, text) in text_cells(row) {
            let under = sheet.rows[band.row_position].get(col).is_some();
            if !mapped(col) && (bottom || !under) && !out.iter().any(|(c, _)| *c == col) {
                out.push((col, text));
            }
        }
    }
    out.sort_by_key(|(col, _)| *col);
    out
}

/// Models, works and resources are counted by commune: a sheet of them with
/// `rows` data rows and no "Xã" column is told, never grouped silently one
/// level up.
pub fn missing_commune_note(band: &HeaderBand, taxonomy: &Taxonomy, rows: u64) -> Option<String> {
    let by_commune = matches!(
        band.kind,
        SheetKind::Models | SheetKind::Works | SheetKind::Resources
    );
    if !by_commune || rows == 0 || band.column(ColumnId::Commune).is_some() {
        return None;
    }
    let commune = taxonomy.column_name(ColumnId::Commune);
    Some(format!(
        "trang không có cột \"{commune}\": {rows} dòng số liệu không ghi xã, phường nào, nên được tính vào \
         địa bàn cấp trên có ghi ở dòng (huyện, tỉnh) hoặc vào \"(Không ghi địa bàn)\", các xã không tách ra được. \
         Nếu đây là số liệu của một hay nhiều xã, hãy thêm cột \"{commune}\" và ghi tên xã ở từng dòng"
    ))
}

/// The info line for text dvk converted from legacy encodings: the sheet's
/// cells, and the headers that named their column only once decoded.
pub fn legacy_note(sheet: &RawSheet, band: &HeaderBand) -> Option<String> {
    let cells = sheet.legacy.describe().map(|what| {
        let example = sheet
            .legacy
            .first
            .as_ref()
            .map_or_else(String::new, |(row, col, text)| {
                format!(
                    ", ví dụ ô {}{}: \"{text}\"",
                    crate::diagnostic::column_letter(*col),
                    row + 1
                )
            });
        format!("{what} đã được chuyển sang chữ Unicode{example}")
    });
    let headers: Vec<String> = band
        .columns
        .iter()
        .filter_map(|c| {
            let (encoding, written) = c.legacy.as_ref()?;
            let code = match encoding {
                LegacyEncoding::Tcvn3 => "TCVN3",
                LegacyEncoding::Vni => "VNI-Windows",
            };
            Some(format!(
                "cột {} \"{written}\" được đọc theo bảng mã {code} là \"{}\"",
                crate::diagnostic::column_letter(c.index),
                c.header
            ))
        })
        .collect();
    let headers = (!headers.is_empty()).then(|| format!("tiêu đề {}", headers.join("; ")));
    let said: Vec<String> = cells.into_iter().chain(headers).collect();
    if said.is_empty() {
        return None;
    }
    Some(format!(
        "{}. Hãy mở tệp xem lại vài ô cho chắc",
        said.join("; ")
    ))
}

/// The info line for a CSV that is not Unicode: the encoding dvk took it to
/// be in (a guess, as no byte says it), a cell to check it by, and how to
/// spare dvk the guess. Windows-1258, TCVN3 and VNI are said alike.
pub fn encoding_note(sheet: &RawSheet) -> Option<String> {
    // A legacy text saved as UTF-8 is still legacy text: convert it first.
    let convert = "chuyển chữ sang Unicode (ví dụ bằng công cụ chuyển mã của UniKey) rồi ";
    let (read_as, fix) = match sheet.guessed_encoding? {
        GuessedEncoding::Windows1258 => {
            ("bảng mã Windows-1258 (bảng mã tiếng Việt của Excel cũ)", "")
        }
        GuessedEncoding::Legacy(LegacyEncoding::Tcvn3) => (
            "bảng mã TCVN3 (phông .VnTime) rồi chuyển sang chữ Unicode",
            convert,
        ),
        GuessedEncoding::Legacy(LegacyEncoding::Vni) => (
            "bảng mã VNI-Windows (phông VNI-Times) rồi chuyển sang chữ Unicode",
            convert,
        ),
    };
    // The first text only Unicode shows right: the clerk checks it reads well.
    let example = sheet
        .rows
        .iter()
        .flat_map(|row| row.cells.iter().map(move |cell| (row.number, cell)))
        .find_map(|(row, cell)| match &cell.value {
            CellValue::Text(text) if !text.is_ascii() => {
                let mut shown = clean_text(text);
                if shown.chars().count() > 40 {
                    shown = shown.chars().take(40).collect::<String>() + "…";
                }
                Some(format!(
                    ", ví dụ ô {}{row}: \"{shown}\"",
                    crate::diagnostic::column_letter(cell.col)
                ))
            }
            _ => None,
        })
        .unwrap_or_default();
    Some(format!(
        "tệp CSV này không lưu theo Unicode (UTF-8) nên dvk phải đoán bảng mã: đã đọc theo {read_as}{example}. \
         Hãy mở tệp xem lại vài ô cho chắc; để dvk không phải đoán, hãy {fix}lưu lại bằng Excel với kiểu \
         \"CSV UTF-8 (Comma delimited)\""
    ))
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
            (&["Tên mô hình", "Năm BĐ"], SheetKind::Models),
            (&["Tên mô hình", "Năm bđ."], SheetKind::Models),
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
            // Every header names its column.
            assert_eq!(band.columns.len(), headers.len(), "{headers:?}");
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
    fn commendation_count_columns() {
        use ColumnId::{CollectiveCount, IndividualCount};
        let taxonomy = Config::default_config().expect("defaults").taxonomy;
        for (header, id) in [
            ("Số tập thể", CollectiveCount),
            ("SỐ TẬP THỂ", CollectiveCount),
            ("So tap the", CollectiveCount),
            ("SL tập thể", CollectiveCount),
            ("Số lượng tập thể", CollectiveCount),
            ("Tập thể", CollectiveCount),
            ("TAP THE", CollectiveCount),
            ("Số tập thể được khen thưởng", CollectiveCount),
            ("Số cá nhân", IndividualCount),
            ("SO CA NHAN", IndividualCount),
            ("SL cá nhân", IndividualCount),
            ("Số lượng cá nhân", IndividualCount),
            ("Cá nhân", IndividualCount),
            ("ca nhan", IndividualCount),
            ("Cá nhân được khen", IndividualCount),
        ] {
            let s = sheet(&[&["STT", "Năm", "Hình thức khen thưởng", "Cấp khen", header]]);
            let band = detect_header(&s, &taxonomy).unwrap_or_else(|| panic!("{header:?}"));
            assert_eq!(band.kind, SheetKind::Commendations, "{header:?}");
            assert_eq!(
                band.column(id).map(|c| (c.index, c.header.as_str())),
                Some((4, header)),
                "{header:?}"
            );
        }
        // "Số lượng" over "Tập thể | Cá nhân": each child its own count.
        let s = sheet(&[
            &["STT", "Năm", "Hình thức khen thưởng", "Số lượng", ""],
            &["", "", "", "Tập thể", "Cá nhân"],
        ]);
        let band = detect_header(&s, &taxonomy).expect("two rows");
        assert_eq!(band.row_number, 2);
        assert_eq!(band.column(CollectiveCount).map(|c| c.index), Some(3));
        assert_eq!(band.column(IndividualCount).map(|c| c.index), Some(4));
        // Other sheets have no such column: "Cá nhân" names nothing there.
        let s = sheet(&[&["Tên mô hình", "Năm bắt đầu", "Cá nhân"]]);
        let band = detect_header(&s, &taxonomy).expect("models");
        assert_eq!(band.kind, SheetKind::Models);
        assert_eq!(band.columns.len(), 2);
    }
}
