//! Reads a text file the user named for a text option (`--config`,
//! `--ghi-chu`, `--so-sanh`), telling a spreadsheet, a Word document or a
//! PDF given by mistake from a text file in another encoding: "this is a
//! spreadsheet" helps a clerk who picked the wrong file, "save it as UTF-8"
//! does not. It only reads; what the text must hold is the caller's check.

use std::path::Path;

/// Why a named file gave no text.
#[derive(Debug)]
pub enum TextFileError {
    /// The file could not be read at all.
    Io(std::io::Error),
    /// The file is a document of another kind: "một bảng tính (.xlsx)".
    NotText { kind: &'static str },
    /// Text, but not in UTF-8.
    NotUtf8,
}

/// The whole file as text.
pub fn read_text_file(path: &Path) -> Result<String, TextFileError> {
    let bytes = std::fs::read(path).map_err(TextFileError::Io)?;
    if let Some(kind) = document_kind(&bytes, path) {
        return Err(TextFileError::NotText { kind });
    }
    let text = String::from_utf8(bytes).map_err(|_| TextFileError::NotUtf8)?;
    // Notepad may write a byte-order mark; it is no part of the text.
    Ok(text
        .strip_prefix('\u{feff}')
        .map(str::to_owned)
        .unwrap_or(text))
}

/// What kind of document `bytes` is, when it is not plain text, by its
/// first bytes (and, for a zip container, by the file's extension).
fn document_kind(bytes: &[u8], path: &Path) -> Option<&'static str> {
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if bytes.starts_with(b"PK\x03\x04") {
        return Some(match extension.as_str() {
            "xlsx" | "xlsm" | "ods" => "một bảng tính",
            "docx" | "odt" => "một văn bản Word",
            _ => "một tệp nén (zip) hoặc tệp Office (bảng tính, văn bản Word)",
        });
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Some(match extension.as_str() {
            "doc" => "một văn bản Word",
            "xls" => "một bảng tính",
            _ => "một tệp Office (bảng tính .xls hoặc văn bản Word .doc)",
        });
    }
    if bytes.starts_with(b"%PDF") {
        return Some("một tệp PDF");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_are_told_from_text() {
        let cases: [(&[u8], &str, Option<&str>); 7] = [
            (b"PK\x03\x04rest", "a.xlsx", Some("một bảng tính")),
            (b"PK\x03\x04rest", "a.docx", Some("một văn bản Word")),
            (
                b"PK\x03\x04rest",
                "a.zip",
                Some("một tệp nén (zip) hoặc tệp Office (bảng tính, văn bản Word)"),
            ),
            (&[0xD0, 0xCF, 0x11, 0xE0, 0], "a.xls", Some("một bảng tính")),
            (b"%PDF-1.7", "a.pdf", Some("một tệp PDF")),
            (b"## H\xe1\xba\xa1n ch\xe1\xba\xbf", "a.md", None),
            (b"\xff\xfe#\0", "a.md", None),
        ];
        for (bytes, name, kind) in cases {
            assert_eq!(document_kind(bytes, Path::new(name)), kind, "{name}");
        }
    }
}
