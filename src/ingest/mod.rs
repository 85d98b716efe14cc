//! Turns paths into raw sheets: cells with their file, sheet, row and column.
//!
//! Knows file formats and encodings, nothing about "Dân vận khéo": it never
//! interprets a cell. Inputs are only ever opened for reading.

mod csv_file;
pub(crate) mod discover;
mod legacy_text;
mod raw_sheet;
mod workbook;

pub use discover::{discover, display_path, DiscoverError, FileFormat, SourceFile};
pub use legacy_text::{decode_cells, decode_legacy, LegacyCount, LegacyEncoding};
pub use raw_sheet::{CellValue, RawCell, RawRow, RawSheet};

/// Why a whole file could not be read; each says what the clerk can do.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error(
        "không mở được tệp ({0}); hãy kiểm tra tệp còn tồn tại và không bị chương trình khác khóa"
    )]
    Io(#[from] std::io::Error),
    #[error("tệp bị hỏng hoặc không phải bảng tính {format} ({detail}); hãy mở bằng Excel và lưu lại dưới dạng .xlsx")]
    Corrupt {
        format: &'static str,
        detail: String,
    },
    #[error("tệp có mật khẩu; hãy gỡ mật khẩu (Excel: Tệp › Thông tin › Bảo vệ sổ làm việc) rồi chạy lại")]
    Password,
    #[error("trang \"{sheet}\" có quá nhiều ô ({cells}); dvk đọc tối đa {limit} ô mỗi trang, hãy tách tệp")]
    TooLarge {
        sheet: String,
        cells: u64,
        limit: u64,
    },
    #[error(
        "tệp .csv này không chứa chữ đọc được (có thể là tệp khác bị đổi đuôi); hãy mở tệp gốc bằng Excel và lưu lại dưới dạng \"CSV UTF-8\" hoặc .xlsx"
    )]
    NotText,
    #[error("tệp này thực ra là bảng tính Excel ({real}) bị đổi đuôi thành .csv; hãy đổi lại đuôi thành {real} rồi chạy lại (đừng lưu thành CSV: sẽ mất các trang khác)")]
    RenamedWorkbook { real: &'static str },
    #[error("tệp CSV không đọc được ({0}); hãy mở bằng Excel và lưu lại dưới dạng \"CSV UTF-8\"")]
    Csv(String),
}

/// The most non-empty cells kept from one sheet; beyond it the file is refused
/// rather than exhausting memory (a commune's sheet holds a few thousand).
pub const MAX_CELLS_PER_SHEET: u64 = 5_000_000;

/// Reads every sheet of a file.
pub fn read_file(file: &SourceFile) -> Result<Vec<RawSheet>, IngestError> {
    match file.format {
        FileFormat::Csv => csv_file::read_csv(&file.path).map(|sheet| vec![sheet]),
        FileFormat::Xlsx => workbook::read_xlsx(&file.path),
        FileFormat::Xls | FileFormat::Ods => workbook::read_other(&file.path, file.format),
    }
}
