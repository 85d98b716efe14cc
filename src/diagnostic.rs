//! What a run has to tell the user about a file, a sheet, a row or a cell.
//!
//! A messy row is not a program error: it becomes a [`Diagnostic`] with its
//! exact location, the value quoted and a Vietnamese sentence that says how to
//! fix it; the run goes on.

use crate::domain::SharedText;
use serde::{Deserialize, Serialize};
use std::fmt;

/// How serious a problem is; `Error` means a row or file did not count.
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

/// What an I/O error means, in Vietnamese, with the system's own words last.
pub fn io_reason(error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    let reason = match error.kind() {
        ErrorKind::NotFound => "không tồn tại",
        ErrorKind::PermissionDenied => {
            "không có quyền (tệp đang mở trong Excel, hoặc thư mục chỉ đọc)"
        }
        ErrorKind::AlreadyExists => "đã có một tệp trùng tên",
        ErrorKind::StorageFull => "ổ đĩa đã đầy",
        ErrorKind::ReadOnlyFilesystem => "ổ đĩa chỉ cho đọc",
        ErrorKind::IsADirectory => "đây là thư mục, không phải tệp",
        ErrorKind::NotADirectory => "một phần của đường dẫn là tệp, không phải thư mục",
        ErrorKind::InvalidFilename => "tên tệp không hợp lệ hoặc quá dài",
        _ => "lỗi hệ thống",
    };
    format!("{reason} ({error})")
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
