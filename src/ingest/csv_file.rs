//! CSV files: UTF-8 with or without BOM, `,` `;` or tab, CRLF or LF.
//! Every cell is text; numbers are read later, the Vietnamese way.

use super::{CellValue, IngestError, RawSheet};
use std::path::Path;

pub fn read_csv(path: &Path) -> Result<RawSheet, IngestError> {
    let bytes = std::fs::read(path)?;
    let text = decode(&bytes)?;
    let delimiter = sniff_delimiter(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut cells = Vec::new();
    let mut record = csv::StringRecord::new();
    // csv's own line count is off with CRLF endings: count newlines up to
    // each record's first byte instead (incrementally).
    let (mut counted_to, mut newlines) = (0usize, 0u32);
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let mut start = record
                    .position()
                    .map_or(0, |p| p.byte() as usize)
                    .min(text.len());
                // With CRLF, csv may report the record as starting on the "\n".
                while text
                    .as_bytes()
                    .get(start)
                    .is_some_and(|b| *b == b'\n' || *b == b'\r')
                {
                    start += 1;
                }
                newlines += text.as_bytes()[counted_to..start]
                    .iter()
                    .filter(|b| **b == b'\n')
                    .count() as u32;
                counted_to = start;
                // 0-based: the row a spreadsheet program shows, minus one.
                let row = newlines;
                for (col, field) in record.iter().enumerate() {
                    if !field.trim().is_empty() {
                        cells.push((row, col as u32, CellValue::Text(field.to_owned())));
                    }
                }
            }
            Err(e) => return Err(IngestError::Csv(e.to_string())),
        }
    }
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(RawSheet::from_cells(name, true, cells))
}

fn decode(bytes: &[u8]) -> Result<&str, IngestError> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(body).map_err(|_| IngestError::NotUtf8)
}

/// The delimiter used most on the first line, outside quotes.
fn sniff_delimiter(text: &str) -> u8 {
    let first_line = text.lines().next().unwrap_or("");
    let mut counts = [(b';', 0usize), (b',', 0), (b'\t', 0)];
    let mut quoted = false;
    for b in first_line.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            for (d, n) in counts.iter_mut() {
                if *d == b {
                    *n += 1;
                }
            }
        }
    }
    // Ties go to ",", the CSV default, then ";".
    let best = counts
        .iter()
        .max_by_key(|(d, n)| (*n, *d == b',', *d == b';'));
    match best {
        Some((d, n)) if *n > 0 => *d,
        _ => b',',
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters() {
        for (line, delimiter) in [
            ("STT;Tên mô hình;Năm bắt đầu", b';'),
            ("STT,Tên mô hình,Năm bắt đầu", b','),
            ("STT\tTên mô hình\tNăm", b'\t'),
            ("\"Tên công trình, phần việc\";Năm;Số lượng", b';'),
            ("STT", b','),
        ] {
            assert_eq!(sniff_delimiter(line), delimiter, "{line:?}");
        }
    }
}
