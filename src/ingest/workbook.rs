//! Workbooks through calamine: .xlsx/.xlsm streamed cell by cell (a sheet's
//! declared dimension is never allocated), .xls and .ods through a range
//! whose size is checked first.

use super::legacy_text::{font_hint, CellFonts, FontHint};
use super::{CellValue, IngestError, MergedRange, RawSheet, Visibility, MAX_CELLS_PER_FILE};
use calamine::{
    open_workbook, Data, DataRef, Dimensions, ExcelDateTime, ExcelDateTimeType, Ods, Reader,
    SheetVisible, Xls, Xlsx, XlsxError,
};
use std::collections::HashMap;
use std::path::Path;

/// An .xlsx, from the archive the container check opened.
pub fn read_xlsx(
    path: &Path,
    zip: super::container::OpenZip,
) -> Result<Vec<RawSheet>, IngestError> {
    // The plain workbooks nearly everyone sends are read straight from
    // their XML; calamine reads the rest.
    match super::xlsx_direct::read(zip.0)? {
        Some(sheets) => Ok(sheets),
        None => read_xlsx_with_calamine(path),
    }
}

pub(super) fn read_xlsx_with_calamine(path: &Path) -> Result<Vec<RawSheet>, IngestError> {
    let mut workbook: Xlsx<_> = open_workbook(path).map_err(xlsx_error)?;
    let names = workbook.sheet_names().clone();
    let visibility = visibilities(workbook.sheets_metadata());
    let mut sheets = Vec::with_capacity(names.len());
    let mut earlier_sheets: u64 = 0;
    for name in names {
        let shown = visibility.get(&name).copied().unwrap_or_default();
        let mut reader = match workbook.worksheet_cells_reader(&name) {
            Ok(reader) => reader,
            // Chart sheets and macro sheets are not worksheets: nothing to read.
            Err(XlsxError::NotAWorksheet(_)) => continue,
            Err(e) => return Err(xlsx_error(e)),
        };
        // Which styles use a legacy Vietnamese font (.VnTime, VNI-Times):
        // worked out once per style, not per cell.
        let style_fonts: Vec<Option<FontHint>> = reader
            .styles()
            .iter()
            .map(|style| {
                style
                    .font
                    .as_ref()
                    .and_then(|f| f.name.as_deref())
                    .and_then(font_hint)
            })
            .collect();
        let mut fonts = CellFonts::new();
        let mut cells = Vec::new();
        while let Some((cell, style)) = reader.next_cell_with_style_id().map_err(xlsx_error)? {
            let (row, col) = cell.get_position();
            if let Some(value) = from_data_ref(cell.get_value()) {
                if let (CellValue::Text(_), Some(Some(hint))) = (&value, style_fonts.get(style)) {
                    fonts.insert((row, col), *hint);
                }
                cells.push((row, col, value));
                let so_far = earlier_sheets + cells.len() as u64;
                if so_far > MAX_CELLS_PER_FILE {
                    return Err(IngestError::TooLarge {
                        sheet: name,
                        cells: so_far,
                        limit: MAX_CELLS_PER_FILE,
                    });
                }
            }
        }
        earlier_sheets += cells.len() as u64;
        drop(reader);
        // Merged blocks are a second look at the sheet's part: a file whose
        // blocks cannot be read is still read, cell by cell.
        let merged = workbook
            .merge_cells_by_sheet_name(&name)
            .map(|blocks| blocks.iter().map(merged_range).collect())
            .unwrap_or_default();
        sheets.push(
            RawSheet::from_cells_with_fonts(name, false, cells, &fonts)
                .with_merged(merged)
                .with_visibility(shown),
        );
    }
    Ok(sheets)
}

fn merged_range(block: &Dimensions) -> MergedRange {
    MergedRange::new(block.start, block.end)
}

/// An .xls, from the clean compound file the container check made, with
/// the hidden rows and legacy-font cells it found (calamine gives no fonts:
/// without them, TCVN3 text that also reads as Unicode, "Phó" for "Phú",
/// would stay as typed).
pub fn read_xls(xls: super::container::XlsFile) -> Result<Vec<RawSheet>, IngestError> {
    const FORMAT: &str = "Excel 97-2003 (.xls)";
    let super::container::XlsFile {
        compound,
        mut hidden_rows,
        mut cell_fonts,
    } = xls;
    let mut workbook = Xls::new(std::io::Cursor::new(compound)).map_err(|e| match e {
        calamine::XlsError::Password => IngestError::Password,
        other => corrupt(FORMAT, other),
    })?;
    // calamine gives one sheet per BOUNDSHEET record, in their order, as
    // the guard listed them; should they ever differ, no row or font is told.
    let count = workbook.sheet_names().len();
    if hidden_rows.len() != count || cell_fonts.len() != count {
        hidden_rows.clear();
        cell_fonts.clear();
    }
    let sheets = read_ranges(&mut workbook, FORMAT, cell_fonts)?;
    let mut hidden_rows = hidden_rows.into_iter();
    Ok(sheets
        .into_iter()
        .map(|sheet| {
            let merged = workbook
                .merge_cells_by_sheet_name(&sheet.name)
                .map(|blocks| blocks.iter().map(merged_range).collect())
                .unwrap_or_default();
            let hidden = hidden_rows.next().unwrap_or_default();
            let hidden = rows_with_cells(&sheet, |number| hidden.binary_search(&number).is_ok());
            sheet.with_merged(merged).with_hidden_rows(hidden)
        })
        .collect())
}

/// The rows of `sheet` that hold cells and are `hidden` (1-based): a
/// workbook may hide thousands of empty rows.
fn rows_with_cells(sheet: &RawSheet, hidden: impl Fn(u32) -> bool) -> Vec<u32> {
    sheet
        .rows
        .iter()
        .map(|row| row.number)
        .filter(|number| hidden(*number))
        .collect()
}

/// An .ods, with the merged blocks, hidden sheets, hidden rows and
/// legacy-font cells the container check found in its `content.xml` and
/// `styles.xml` (calamine gives none of them: it misses `table:display`
/// written as an empty element, as LibreOffice writes it, and reads no
/// styles).
pub fn read_ods(path: &Path, layout: super::grid::OdsLayout) -> Result<Vec<RawSheet>, IngestError> {
    const FORMAT: &str = "OpenDocument (.ods)";
    let mut workbook: Ods<_> = open_workbook(path).map_err(|e| match e {
        calamine::OdsError::Password => IngestError::Password,
        other => corrupt(FORMAT, other),
    })?;
    let super::grid::OdsLayout {
        mut merged,
        hidden_sheets,
        mut hidden_rows,
        mut cell_fonts,
    } = layout;
    let fonts = workbook
        .sheet_names()
        .iter()
        .map(|name| cell_fonts.remove(name).unwrap_or_default())
        .collect();
    let sheets = read_ranges(&mut workbook, FORMAT, fonts)?;
    Ok(sheets
        .into_iter()
        .map(|sheet| {
            let blocks = merged.remove(&sheet.name).unwrap_or_default();
            let ranges = hidden_rows.remove(&sheet.name).unwrap_or_default();
            // A range may repeat an empty row a million times.
            let hidden = rows_with_cells(&sheet, |number| {
                let index = u64::from(number.saturating_sub(1));
                ranges.iter().any(|(a, b)| (*a..=*b).contains(&index))
            });
            let visibility = match hidden_sheets.contains(&sheet.name) {
                true => Visibility::Hidden,
                false => sheet.visibility,
            };
            sheet
                .with_merged(blocks)
                .with_visibility(visibility)
                .with_hidden_rows(hidden)
        })
        .collect())
}

/// Every sheet through its range; `cell_fonts` gives each sheet's
/// legacy-font cells in order (none when empty).
fn read_ranges<R, RS>(
    workbook: &mut R,
    format: &'static str,
    cell_fonts: Vec<CellFonts>,
) -> Result<Vec<RawSheet>, IngestError>
where
    RS: std::io::Read + std::io::Seek,
    R: Reader<RS>,
    R::Error: std::fmt::Display,
{
    let names = workbook.sheet_names().clone();
    let visibility = visibilities(workbook.sheets_metadata());
    let mut sheets = Vec::with_capacity(names.len());
    let mut cell_fonts = cell_fonts.into_iter();
    for name in names {
        let shown = visibility.get(&name).copied().unwrap_or_default();
        let fonts = cell_fonts.next().unwrap_or_default();
        let range = workbook
            .worksheet_range(&name)
            .map_err(|e| corrupt(format, e))?;
        let (height, width) = range.get_size();
        let size = (height as u64).saturating_mul(width as u64);
        if size > MAX_CELLS_PER_FILE * 4 {
            return Err(IngestError::TooLarge {
                sheet: name,
                cells: size,
                limit: MAX_CELLS_PER_FILE,
            });
        }
        let (row0, col0) = range.start().unwrap_or((0, 0));
        let cells = range
            .used_cells()
            .filter_map(|(r, c, data)| {
                from_data(data).map(|v| (row0 + r as u32, col0 + c as u32, v))
            })
            .collect();
        sheets.push(
            RawSheet::from_cells_with_fonts(name, false, cells, &fonts).with_visibility(shown),
        );
    }
    Ok(sheets)
}

/// Whether a workbook shows each sheet, by name.
fn visibilities(sheets: &[calamine::Sheet]) -> HashMap<String, Visibility> {
    sheets
        .iter()
        .map(|s| {
            let shown = match s.visible {
                SheetVisible::Visible => Visibility::Visible,
                SheetVisible::Hidden => Visibility::Hidden,
                SheetVisible::VeryHidden => Visibility::VeryHidden,
            };
            (s.name.clone(), shown)
        })
        .collect()
}

fn from_data_ref(data: &DataRef<'_>) -> Option<CellValue> {
    Some(match data {
        DataRef::Empty => return None,
        DataRef::Int(i) => CellValue::Number(*i as f64),
        DataRef::Float(f) => CellValue::Number(*f),
        DataRef::String(s) => CellValue::Text(s.as_str().into()),
        DataRef::SharedString(s) => CellValue::Text((*s).into()),
        DataRef::Bool(b) => CellValue::Bool(*b),
        DataRef::DateTime(d) => date_cell(d),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => CellValue::DateIso(s.clone()),
        DataRef::Error(e) => CellValue::Error(format!("{e}")),
    })
}

fn from_data(data: &Data) -> Option<CellValue> {
    Some(match data {
        Data::Empty => return None,
        Data::Int(i) => CellValue::Number(*i as f64),
        Data::Float(f) => CellValue::Number(*f),
        Data::String(s) => CellValue::Text(s.as_str().into()),
        Data::Bool(b) => CellValue::Bool(*b),
        Data::DateTime(d) => date_cell(d),
        Data::DateTimeIso(s) | Data::DurationIso(s) => CellValue::DateIso(s.clone()),
        Data::Error(e) => CellValue::Error(format!("{e}")),
    })
}

/// A date as its serial number in its workbook's date system. calamine
/// keeps whether a workbook counts from 1904 inside each date, and shows it
/// only through the day it makes of the serial.
fn date_cell(date: &ExcelDateTime) -> CellValue {
    let kind = match date.is_duration() {
        true => ExcelDateTimeType::TimeDelta,
        false => ExcelDateTimeType::DateTime,
    };
    match *date == ExcelDateTime::new(date.as_f64(), kind, true) {
        true => CellValue::Date1904(date.as_f64()),
        false => CellValue::Date(date.as_f64()),
    }
}

fn xlsx_error(e: XlsxError) -> IngestError {
    match e {
        XlsxError::Password => IngestError::Password,
        XlsxError::Io(io) => IngestError::Io(io),
        other => corrupt("Excel (.xlsx)", other),
    }
}

/// calamine's error, English, is dropped: the message says what it means
/// for the clerk.
fn corrupt(format: &'static str, _: impl std::fmt::Display) -> IngestError {
    IngestError::Corrupt { format }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_keeps_the_day_its_workbook_counts_from() {
        let date = |serial, from_1904| {
            date_cell(&ExcelDateTime::new(
                serial,
                ExcelDateTimeType::DateTime,
                from_1904,
            ))
        };
        assert!(matches!(date(43586.0, false), CellValue::Date(s) if s == 43586.0));
        assert!(matches!(date(42124.0, true), CellValue::Date1904(s) if s == 42124.0));
        assert!(matches!(date(0.0, true), CellValue::Date1904(s) if s == 0.0));
    }
}
