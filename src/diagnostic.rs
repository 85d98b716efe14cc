//! What a run has to tell the user about a file, a sheet, a row or a cell.
//!
//! A messy row is not a program error: it becomes a [`Diagnostic`] with its
//! exact location, the value quoted and a Vietnamese sentence that says how to
//! fix it; the run goes on.

use crate::domain::SharedText;
use serde::{Deserialize, Serialize};
use std::fmt;

/// How serious a problem is; `Error` means the figures are wrong: a row or
/// file did not count, or a place was counted twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub const fn vietnamese(self) -> &'static str {
        match self {
            Severity::Error => "lỗi",
            Severity::Warning => "cảnh báo",
            Severity::Info => "thông tin",
        }
    }
}

/// Where a problem is, as the spreadsheet shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Location {
    /// Position of the file in the sorted input list (for ordering only).
    pub file_index: usize,
    /// The file's display path.
    pub file: SharedText,
    pub sheet: Option<SharedText>,
    /// Position of the sheet in its workbook (for ordering only).
    pub sheet_index: usize,
    /// 1-based row number.
    pub row: Option<u32>,
    /// 0-based column index, for the letter shown to the user.
    pub column_index: Option<u32>,
    /// The header text as the user wrote it.
    pub column: Option<SharedText>,
}

impl Location {
    pub fn file(file_index: usize, file: &str) -> Self {
        Location {
            file_index,
            file: file.into(),
            ..Location::default()
        }
    }
}

/// One problem found while reading, with what the user should do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub location: Location,
    /// The Vietnamese sentence: what is wrong, the value quoted, how to fix it.
    pub message: SharedText,
}

impl Diagnostic {
    /// A problem; the message is made a sentence (capital first letter).
    pub fn new(severity: Severity, location: Location, message: impl Into<String>) -> Self {
        let message: String = message.into();
        let message = match message.chars().next() {
            Some(first) if !first.is_uppercase() => {
                let mut sentence = String::with_capacity(message.len() + 4);
                sentence.extend(first.to_uppercase());
                sentence.push_str(&message[first.len_utf8()..]);
                sentence.into()
            }
            _ => message.into(),
        };
        Diagnostic {
            severity,
            location,
            message,
        }
    }

    /// Ordering key: file, sheet, row, column, then severity. The file's
    /// name orders the files a rolled-up summary read, which share its index.
    pub fn sort_key(&self) -> (usize, &str, usize, u32, u32, Severity) {
        let l = &self.location;
        (
            l.file_index,
            &l.file,
            l.sheet_index,
            l.row.unwrap_or(0),
            l.column_index.unwrap_or(0),
            self.severity,
        )
    }
}

/// What dvk was doing when an I/O error happened: the advice differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IoAction {
    Read,
    Write,
    /// Making a folder and the folders above it that are missing: those
    /// are made too, so "not found" here means the place refuses new
    /// folders (a system folder such as /proc, a drive that is not there),
    /// never that a folder above is missing.
    CreateFolder,
}

/// Why an I/O error happened and what to do, in Vietnamese, for after
/// "không đọc được tệp X: ". The system's own words are English and never
/// shown; an unknown error shows only its number, for whoever supports dvk.
pub fn io_reason(error: &std::io::Error, action: IoAction) -> String {
    use std::io::ErrorKind;
    // Windows says "in use by another program" (a file open in Excel) with
    // codes std does not name: ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION.
    if cfg!(windows) && matches!(error.raw_os_error(), Some(32 | 33)) {
        return "tệp đang mở trong chương trình khác (thường là Excel hoặc Word); \
                hãy đóng tệp đó rồi chạy lại"
            .to_owned();
    }
    let reason = match (error.kind(), action) {
        (ErrorKind::NotFound, IoAction::Read) => {
            "không tồn tại; hãy kiểm tra tên và đường dẫn (có thể tệp đã bị đổi tên, chuyển đi hoặc gõ sai)"
        }
        (ErrorKind::NotFound, IoAction::Write) => {
            "thư mục chứa nó không còn; hãy kiểm tra đường dẫn rồi chạy lại"
        }
        (ErrorKind::NotFound, IoAction::CreateFolder) => {
            "nơi đó không cho tạo thư mục mới (thư mục của hệ thống, ổ đĩa chỉ cho đọc, hoặc ổ đĩa không có); \
             hãy chọn thư mục khác, ví dụ -o ket-qua ngay trong thư mục đang làm việc"
        }
        (ErrorKind::PermissionDenied, IoAction::CreateFolder) => {
            "không có quyền tạo thư mục ở đó (thư mục chỉ cho đọc, hoặc tài khoản này không được phép ghi); \
             hãy chọn thư mục khác, ví dụ -o ket-qua ngay trong thư mục đang làm việc"
        }
        (ErrorKind::PermissionDenied, IoAction::Read) => {
            "không có quyền đọc (tệp bị chương trình khác khóa, hoặc tài khoản này không được phép đọc); \
             hãy đóng chương trình đang dùng tệp, hoặc chép tệp sang thư mục khác rồi chạy lại"
        }
        (ErrorKind::PermissionDenied, IoAction::Write) => {
            "không có quyền ghi (tệp đang mở trong Excel hoặc Word, tệp chỉ đọc, hoặc thư mục chỉ đọc); \
             hãy đóng tệp đó rồi chạy lại, hoặc chọn thư mục khác"
        }
        (ErrorKind::AlreadyExists, _) => {
            "ở đó đã có một tệp trùng tên; hãy đổi tên hoặc chuyển tệp đó đi, hoặc chọn đường dẫn khác"
        }
        (ErrorKind::NotADirectory, _) => {
            "một phần của đường dẫn là tệp, không phải thư mục; hãy sửa đường dẫn hoặc chọn thư mục khác"
        }
        (ErrorKind::IsADirectory, IoAction::Read) => {
            "đây là thư mục, không phải tệp; hãy ghi tên tệp"
        }
        (ErrorKind::IsADirectory, IoAction::Write) => {
            "ở đó đang có một thư mục trùng tên; hãy đổi tên hoặc chuyển thư mục đó đi, hoặc chọn thư mục khác"
        }
        (ErrorKind::InvalidData, _) => {
            "nội dung không đọc được (tệp bị hỏng, hoặc tệp chữ không lưu bằng bảng mã UTF-8); \
             hãy mở tệp, lưu lại với bảng mã UTF-8 rồi chạy lại"
        }
        (ErrorKind::StorageFull | ErrorKind::QuotaExceeded, _) => {
            "ổ đĩa đã đầy; hãy xóa bớt tệp cho có chỗ trống, hoặc chọn ổ đĩa khác"
        }
        (ErrorKind::ReadOnlyFilesystem, _) => {
            "ổ đĩa chỉ cho đọc; hãy chọn thư mục trên ổ đĩa khác"
        }
        (ErrorKind::InvalidFilename, _) => {
            "tên tệp không hợp lệ hoặc đường dẫn quá dài; hãy đặt tên ngắn hơn hoặc chọn thư mục gần gốc ổ đĩa hơn"
        }
        (ErrorKind::ResourceBusy, _) => {
            "tệp đang bị chương trình khác dùng; hãy đóng chương trình đó rồi chạy lại"
        }
        (_, action) => {
            let (doing, otherwise) = match action {
                IoAction::Read => ("đọc", "chép tệp sang thư mục khác"),
                IoAction::Write => ("ghi", "chọn thư mục khác"),
                IoAction::CreateFolder => ("tạo thư mục", "chọn thư mục khác"),
            };
            let code = error
                .raw_os_error()
                .map(|code| format!(" (mã lỗi {code})"))
                .unwrap_or_default();
            return format!(
                "lỗi hệ thống khi {doing}{code}; hãy chạy lại, nếu vẫn lỗi hãy {otherwise}"
            );
        }
    };
    reason.to_owned()
}

/// `cột H (Năm bắt đầu)`, or `cột M "Kinh phí (triệu đồng)"` when the
/// header has brackets of its own.
pub fn column_label(index: u32, header: &str) -> String {
    if header.contains('(') {
        format!("cột {} \"{header}\"", column_letter(index))
    } else {
        format!("cột {} ({header})", column_letter(index))
    }
}

/// The spreadsheet letter of a 0-based column: 0 → "A", 27 → "AB".
pub fn column_letter(index: u32) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

impl Location {
    /// Where inside the file: `trang "Mô hình", dòng 14, cột H (Năm bắt đầu)`;
    /// empty for a problem of the whole file.
    pub fn place(&self) -> String {
        let mut parts = Vec::new();
        // A CSV has no sheets: its "sheet" is only the kind of table it holds.
        let csv = self.file.to_ascii_lowercase().ends_with(".csv");
        if let Some(sheet) = self.sheet.as_ref().filter(|_| !csv) {
            parts.push(format!("trang \"{sheet}\""));
        }
        if let Some(row) = self.row {
            parts.push(format!("dòng {row}"));
        }
        match (self.column_index, &self.column) {
            (Some(i), Some(name)) => parts.push(column_label(i, name)),
            (Some(i), None) => parts.push(format!("cột {}", column_letter(i))),
            (None, Some(name)) => parts.push(format!("cột \"{name}\"")),
            (None, None) => {}
        }
        parts.join(", ")
    }
}

impl fmt::Display for Location {
    /// `Tệp xa-long-son.xlsx, trang "Mô hình", dòng 14, cột H (Năm bắt đầu)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Tệp {}", self.file)?;
        let place = self.place();
        if !place.is_empty() {
            write!(f, ", {place}")?;
        }
        Ok(())
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} [{}]: {}",
            self.location,
            self.severity.vietnamese(),
            self.message
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters() {
        for (index, letter) in [
            (0, "A"),
            (7, "H"),
            (25, "Z"),
            (26, "AA"),
            (27, "AB"),
            (701, "ZZ"),
            (702, "AAA"),
        ] {
            assert_eq!(column_letter(index), letter, "column {index}");
        }
    }

    #[test]
    fn io_reasons_are_vietnamese_without_the_system_words() {
        use std::io::{Error, ErrorKind};
        for (kind, action, expected) in [
            (ErrorKind::NotFound, IoAction::Read, "không tồn tại"),
            (
                ErrorKind::NotFound,
                IoAction::Write,
                "thư mục chứa nó không còn",
            ),
            (
                ErrorKind::PermissionDenied,
                IoAction::Read,
                "không có quyền đọc",
            ),
            (
                ErrorKind::PermissionDenied,
                IoAction::Write,
                "đang mở trong Excel",
            ),
            (
                ErrorKind::NotADirectory,
                IoAction::Write,
                "là tệp, không phải thư mục",
            ),
            (ErrorKind::IsADirectory, IoAction::Read, "đây là thư mục"),
            (
                ErrorKind::IsADirectory,
                IoAction::Write,
                "một thư mục trùng tên",
            ),
            (
                ErrorKind::AlreadyExists,
                IoAction::Write,
                "một tệp trùng tên",
            ),
            (ErrorKind::InvalidData, IoAction::Read, "UTF-8"),
            (ErrorKind::StorageFull, IoAction::Write, "ổ đĩa đã đầy"),
            (ErrorKind::Other, IoAction::Read, "lỗi hệ thống khi đọc"),
            (ErrorKind::Other, IoAction::Write, "lỗi hệ thống khi ghi"),
            (
                ErrorKind::NotFound,
                IoAction::CreateFolder,
                "nơi đó không cho tạo thư mục mới",
            ),
            (
                ErrorKind::PermissionDenied,
                IoAction::CreateFolder,
                "không có quyền tạo thư mục ở đó",
            ),
            (
                ErrorKind::Other,
                IoAction::CreateFolder,
                "lỗi hệ thống khi tạo thư mục",
            ),
        ] {
            let error = Error::new(kind, "English words");
            let reason = io_reason(&error, action);
            assert!(reason.contains(expected), "{kind:?}: {reason}");
            assert!(
                reason.contains("; hãy "),
                "{kind:?} says what to do: {reason}"
            );
            assert!(!reason.contains("English"), "{kind:?}: {reason}");
        }
        let unknown = io_reason(&Error::from_raw_os_error(5), IoAction::Write);
        assert!(!unknown.contains("os error"), "{unknown}");
    }

    #[test]
    fn a_message_starts_with_a_capital_letter() {
        for (written, shown) in [
            ("lĩnh vực trống", "Lĩnh vực trống"),
            ("đơn vị lạ", "Đơn vị lạ"),
            ("Năm 2019 lặp lại", "Năm 2019 lặp lại"),
            ("\"2O19\" không phải là năm", "\"2O19\" không phải là năm"),
            ("ǆ", "Ǆ"),
            ("", ""),
        ] {
            let problem = Diagnostic::new(Severity::Error, Location::file(0, "a.xlsx"), written);
            assert_eq!(&*problem.message, shown);
        }
    }
}
