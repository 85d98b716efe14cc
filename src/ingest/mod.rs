//! Turns paths into raw sheets: cells with their file, sheet, row and column.
//!
//! Knows file formats and encodings, nothing about "Dân vận khéo": it never
//! interprets a cell. Inputs are only ever opened for reading.

mod biff;
mod container;
pub(crate) mod csv_file;
pub(crate) mod discover;
mod grid;
mod legacy_text;
mod ods_fonts;
mod raw_sheet;
mod workbook;
mod xlsx_direct;

pub use csv_file::GuessedEncoding;
pub use discover::{
    discover, discover_all, display_path, DiscoverError, Discovered, FileFormat, LockOwner,
    OldResults, SourceFile, OUTPUT_NAMES,
};
pub use legacy_text::{
    decode_cells, decode_legacy, font_hint, legacy_readings, LegacyCount, LegacyEncoding,
};
pub use raw_sheet::{
    CellText, CellValue, MergedRange, RawCell, RawRow, RawSheet, TextRepairs, Visibility,
    DAYS_FROM_1900_TO_1904_SYSTEM, MAX_CELL_CHARS,
};

/// Why a whole file could not be read; each says what the clerk can do.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error(
        "không mở được tệp: {}",
        crate::diagnostic::io_reason(.0, crate::diagnostic::IoAction::Read)
    )]
    Io(#[from] std::io::Error),
    /// The container opened but its reader could not make sense of what
    /// is inside. The reader's own (English) words are not kept: the
    /// clerk's fix is the same whatever they say.
    #[error("tệp bị hỏng hoặc không thực sự là bảng tính {format} dù có đuôi như vậy: dvk không đọc được nội dung bên trong. Hãy mở tệp bằng Excel rồi Lưu thành (Save As) .xlsx và chạy lại; nếu Excel không mở được, hãy xin lại tệp từ nơi gửi")]
    Corrupt { format: &'static str },
    #[error("tệp rỗng (0 byte): có thể tệp chưa được lưu xong hoặc chép bị lỗi; hãy xin lại tệp từ nơi gửi")]
    Empty,
    /// The container itself (zip, compound file) is broken; `detail` is
    /// dvk's own finding, in Vietnamese, when it has one (a library's
    /// English words are never shown).
    #[error("tệp bị hỏng, dvk không mở được: thường là tệp bị cắt cụt (chưa lưu xong, chép hoặc tải về chưa hết) hoặc không thực sự là bảng tính Excel dù có đuôi như vậy{}. Hãy mở tệp bằng Excel rồi Lưu thành (Save As) .xlsx và chạy lại; nếu Excel không mở được, hãy xin lại tệp từ nơi gửi", .detail.as_ref().map(|d| format!(" ({d})")).unwrap_or_default())]
    Broken { detail: Option<String> },
    #[error("tệp quá lớn ({} MB; dvk đọc tệp đến {} MB); hãy tách thành nhiều tệp nhỏ hơn", count(*.megabytes), count(*.limit))]
    FileTooLarge { megabytes: u64, limit: u64 },
    #[error("tệp này là {what}, không phải bảng tính (dù có đuôi của bảng tính); hãy xin lại tệp Excel của báo cáo")]
    NotSpreadsheet { what: &'static str },
    #[error("tệp này là trang web (HTML) được lưu với đuôi của Excel, thường do phần mềm khác xuất ra; hãy mở bằng Excel rồi lưu lại dưới dạng .xlsx (Tệp › Lưu thành › Sổ làm việc Excel)")]
    WebPage,
    #[error("tệp này là bảng tính XML 2003 (\"XML Spreadsheet\"); hãy mở bằng Excel rồi lưu lại dưới dạng .xlsx")]
    Xml2003,
    #[error("tệp này là bảng tính Excel đời cũ (Excel 2.0 – 4.0) dvk không đọc được; hãy mở bằng Excel rồi lưu lại dưới dạng .xlsx")]
    OldExcel,
    #[error("tệp này là bảng tính Excel dạng nhị phân (.xlsb) dvk không đọc được; hãy mở bằng Excel rồi lưu lại dưới dạng .xlsx")]
    Xlsb,
    #[error("tệp nén có phần giải nén ra quá lớn ({} MB) so với kích thước tệp: có thể là tệp độc hại hoặc bị hỏng, dvk không đọc; hãy mở bằng Excel kiểm tra rồi lưu lại dưới dạng .xlsx", count(*.megabytes))]
    ZipBomb { megabytes: u64 },
    #[error("các trang của tệp trải ra quá nhiều ô ({} ô tính cả ô trống ở giữa; dvk đọc đến {} ô mỗi tệp .xls, .ods): thường do có ô ở rất xa bảng số liệu; hãy xóa các dòng, cột thừa hoặc lưu lại dưới dạng .xlsx", count(*.cells), count(*.limit))]
    GridTooLarge { cells: u64, limit: u64 },
    #[error("không nhận ra định dạng tệp (không phải .xlsx, .xls, .ods hay .csv dù có đuôi như vậy); hãy mở bằng Excel và lưu lại dưới dạng .xlsx")]
    Unknown,
    #[error("tệp có mật khẩu; hãy gỡ mật khẩu (Excel: Tệp › Thông tin › Bảo vệ sổ làm việc) rồi chạy lại")]
    Password,
    #[error("tệp có quá nhiều ô (đến trang \"{sheet}\" đã có {} ô có dữ liệu); dvk đọc tối đa {} ô mỗi tệp, hãy tách thành nhiều tệp", count(*.cells), count(*.limit))]
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
    #[error("tệp CSV không đọc được (cấu trúc dòng, cột bị hỏng); hãy mở bằng Excel và lưu lại dưới dạng \"CSV UTF-8\"")]
    Csv,
}

/// "1.234.567", as every message writes a count.
fn count(n: u64) -> String {
    crate::render::vn_format::group_thousands(i64::try_from(n).unwrap_or(i64::MAX))
}

/// The most non-empty cells kept from one file, all sheets together; beyond
/// it the file is refused rather than exhausting memory (a commune's file
/// holds a few thousand; at the limit dvk needs about 700 MB).
pub const MAX_CELLS_PER_FILE: u64 = 5_000_000;

/// A file's sheets, and what it really is when its extension says otherwise.
#[derive(Debug)]
pub struct FileSheets {
    pub sheets: Vec<RawSheet>,
    pub renamed: Option<Renamed>,
}

/// A file whose extension does not say what it holds.
#[derive(Debug, Clone, Copy)]
pub struct Renamed {
    pub extension: FileFormat,
    pub holds: FileFormat,
}

impl Renamed {
    /// "tệp có đuôi .xls nhưng thực ra là bảng tính Excel (.xlsx)"
    pub fn describe(&self) -> String {
        format!(
            "tệp có đuôi {} nhưng thực ra là {}",
            self.extension.extension(),
            self.holds.description()
        )
    }
}

/// Reads every sheet of a file, by what the file holds, not its extension.
pub fn read_file(file: &SourceFile) -> Result<FileSheets, IngestError> {
    let found = container::identify(&file.path, file.format)?;
    let renamed = (found.format() != file.format).then_some(Renamed {
        extension: file.format,
        holds: found.format(),
    });
    let sheets = match found {
        container::Container::Csv => csv_file::read_csv(&file.path).map(|sheet| vec![sheet]),
        container::Container::Xlsx(zip) => workbook::read_xlsx(&file.path, zip),
        container::Container::Ods(merged) => workbook::read_ods(&file.path, merged),
        container::Container::Xls(xls) => workbook::read_xls(xls),
    }?;
    Ok(FileSheets { sheets, renamed })
}
