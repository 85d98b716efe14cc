//! CSV files: UTF-8 with or without BOM, UTF-16 LE/BE with BOM (Excel's
//! "Unicode text"), Windows-1258, or TCVN3 or VNI-Windows bytes (a sheet
//! typed in legacy fonts saved as CSV); `,` `;` or tab; CRLF or LF.
//! Every cell is text; numbers are read later, the Vietnamese way.

use super::legacy_text::{
    decode_tcvn3_bytes, decode_vni_bytes, likeliest_reading, shows_legacy_markers,
};
use super::{CellValue, IngestError, LegacyEncoding, RawSheet};

/// The 8-bit encoding dvk took a CSV that is not Unicode to be in: a
/// guess, told to the user with an info line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GuessedEncoding {
    /// The Vietnamese ANSI code page older Excel saves "CSV" in.
    Windows1258,
    /// Bytes of a sheet typed in .VnTime or VNI-Times fonts.
    Legacy(LegacyEncoding),
}
use std::borrow::Cow;
use std::path::Path;
use unicode_normalization::UnicodeNormalization;

pub fn read_csv(path: &Path) -> Result<RawSheet, IngestError> {
    let bytes = std::fs::read(path)?;
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    read_csv_bytes(name, &bytes)
}

/// A CSV's cells from its bytes; `name` names the sheet.
pub fn read_csv_bytes(name: String, bytes: &[u8]) -> Result<RawSheet, IngestError> {
    let (text, guessed) = decode(bytes)?;
    let text: &str = &text;
    let delimiter = sniff_delimiter(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut cells = Vec::new();
    let mut record = csv::StringRecord::new();
    // A spreadsheet program shows one row a record, and one row a blank
    // line: the row is the line ends before the record's first byte, less
    // those inside quoted cells ("Kinh phí\n(triệu đồng)", as Excel writes
    // an Alt+Enter header). csv's own line count is off with CRLF endings
    // and counts the line breaks inside cells, so both are counted here
    // (incrementally).
    let (mut counted_to, mut line_ends, mut inside_cells) = (0usize, 0u32, 0u32);
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
                line_ends += count_line_ends(&text.as_bytes()[counted_to..start]);
                counted_to = start;
                // 0-based: the row a spreadsheet program shows, minus one.
                let row = line_ends - inside_cells;
                inside_cells += record
                    .iter()
                    .map(|field| count_line_ends(field.as_bytes()))
                    .sum::<u32>();
                for (col, field) in record.iter().enumerate() {
                    if !field.trim().is_empty() {
                        cells.push((row, col as u32, CellValue::Text(field.into())));
                        if cells.len() as u64 > super::MAX_CELLS_PER_FILE {
                            return Err(IngestError::TooLarge {
                                sheet: name,
                                cells: cells.len() as u64,
                                limit: super::MAX_CELLS_PER_FILE,
                            });
                        }
                    }
                }
            }
            // csv's own words are English: the message says it instead.
            Err(_) => return Err(IngestError::Csv),
        }
    }
    let mut sheet = RawSheet::from_cells(name, true, cells);
    sheet.guessed_encoding = guessed;
    Ok(sheet)
}

/// Line ends in `bytes`: "\r\n", a lone "\n" or a lone "\r" (old Mac
/// Excel's "CSV (Macintosh)") each end one line.
fn count_line_ends(bytes: &[u8]) -> u32 {
    let mut count = 0;
    for (i, b) in bytes.iter().enumerate() {
        match b {
            b'\n' => count += 1,
            b'\r' if bytes.get(i + 1) != Some(&b'\n') => count += 1,
            _ => {}
        }
    }
    count
}

/// The text of a CSV: by its byte-order mark, else UTF-8, else the 8-bit
/// encoding it reads best in: Windows-1258 (the Vietnamese ANSI code page of
/// older Excel; its tone marks come out as combining characters, made NFC
/// later), or TCVN3 or VNI bytes, as a sheet typed in .VnTime or VNI-Times
/// fonts saves. Windows-1258 unless its reading shows legacy marker
/// characters ("Qu¶ng" for "Quảng") that another reading does away with:
/// decoding TCVN3 bytes as Windows-1258 first would turn some of them into
/// Vietnamese letters ("Ng­êi" into "Ngơng") that no later step can undo.
/// An encoding guessed (none of UTF-8's) is returned with the text, for the
/// info line.
fn decode(bytes: &[u8]) -> Result<(Cow<'_, str>, Option<GuessedEncoding>), IngestError> {
    if let Some((encoding, bom_length)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_length..]);
        if had_errors {
            return Err(IngestError::NotText);
        }
        return Ok((text, None));
    }
    // A workbook renamed .csv: say so, since saving it as CSV would lose sheets.
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(IngestError::RenamedWorkbook { real: ".xlsx" });
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(IngestError::RenamedWorkbook { real: ".xls" });
    }
    // Control bytes other than tab and line ends do not occur in a
    // spreadsheet's text, except TCVN3's toned capitals ("Ú", "Ự"…).
    let controls = bytes
        .iter()
        .any(|b| *b < 0x20 && !matches!(b, b'\t' | b'\r' | b'\n'));
    if controls {
        let shown = encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0;
        return match decode_tcvn3_bytes(bytes) {
            Some(tcvn3) if likeliest_reading(&[&shown, &tcvn3]) == 1 => {
                Ok((Cow::Owned(tcvn3), Some(TCVN3)))
            }
            _ => Err(IngestError::NotText),
        };
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((Cow::Borrowed(text), None));
    }
    let (cp1258, _) = encoding_rs::WINDOWS_1258.decode_without_bom_handling(bytes);
    // The other readings are made only when this one looks like legacy bytes.
    if !shows_legacy_markers(&cp1258) {
        return Ok((cp1258, Some(GuessedEncoding::Windows1258)));
    }
    let composed: String = cp1258.nfc().collect();
    let tcvn3 = decode_tcvn3_bytes(bytes).unwrap_or_default();
    let vni = decode_vni_bytes(bytes);
    Ok(match likeliest_reading(&[&composed, &tcvn3, &vni]) {
        1 => (Cow::Owned(tcvn3), Some(TCVN3)),
        2 => (
            Cow::Owned(vni),
            Some(GuessedEncoding::Legacy(LegacyEncoding::Vni)),
        ),
        _ => (cp1258, Some(GuessedEncoding::Windows1258)),
    })
}

const TCVN3: GuessedEncoding = GuessedEncoding::Legacy(LegacyEncoding::Tcvn3);

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
    fn encodings() {
        let utf16le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Năm\tXã\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let utf16be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("Năm\tXã\n".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        // "Hòa" in Windows-1258: o + combining grave (0xCC).
        let cp1258 = b"Ho\xCCa;B\xECnh\n".to_vec();
        let cases: [(&[u8], &str, Option<GuessedEncoding>); 5] = [
            (b"\xEF\xBB\xBFN\xC4\x83m\n", "Năm\n", None),
            ("Năm\n".as_bytes(), "Năm\n", None),
            (&utf16le, "Năm\tXã\n", None),
            (&utf16be, "Năm\tXã\n", None),
            (
                &cp1258,
                "Ho\u{300}a;B\u{301}nh\n",
                Some(GuessedEncoding::Windows1258),
            ),
        ];
        for (bytes, text, guessed) in cases {
            assert_eq!(decode(bytes).expect("decodes"), (text.into(), guessed));
        }
        assert!(matches!(
            decode(b"PK\x03\x04\x00\x01garbage"),
            Err(IngestError::RenamedWorkbook { .. })
        ));
        assert!(matches!(
            decode(b"abc\x00\x01def"),
            Err(IngestError::NotText)
        ));
    }

    #[test]
    fn legacy_byte_encodings() {
        // iconv -t TCVN5712-1: "Ứ" is 0x11, in ASCII's control range.
        let tcvn3 = b"\x11ng d\xf4ng;Qu\xb6ng Ng\xb7i;Ng\xf5ng ho\xb9t \xae\xe9ng\n";
        // iconv -t TCVN5712-1 of text without toned capitals: no control byte.
        let tcvn3_plain = b"Qu\xb6ng Ng\xb7i;Ng\xf5ng ho\xb9t \xae\xe9ng\n";
        // VNI-Windows as Windows-1252 bytes.
        let vni = b"Qua\xfbng Nga\xf5i;Ng\xf6\xf8ng hoa\xeft \xf1o\xe4ng\n";
        let cases: [(&[u8], &str, LegacyEncoding); 3] = [
            (
                tcvn3,
                "Ứng dụng;Quảng Ngãi;Ngừng hoạt động\n",
                LegacyEncoding::Tcvn3,
            ),
            (
                tcvn3_plain,
                "Quảng Ngãi;Ngừng hoạt động\n",
                LegacyEncoding::Tcvn3,
            ),
            (vni, "Quảng Ngãi;Ngừng hoạt động\n", LegacyEncoding::Vni),
        ];
        for (bytes, text, encoding) in cases {
            assert_eq!(
                decode(bytes).expect("decodes"),
                (text.into(), Some(GuessedEncoding::Legacy(encoding))),
                "{text}"
            );
        }
        // A control byte TCVN3 gives no letter is no text.
        assert!(matches!(decode(b"Qu\xb6ng\x00"), Err(IngestError::NotText)));
    }

    proptest::proptest! {
        /// Vietnamese text written in Windows-1258 (tones as combining bytes,
        /// as the code page stores them) or as NFD reads back as its NFC self.
        #[test]
        fn windows_1258_and_nfd_round_trip(text in "[A-Za-z ,.0-9àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵĐƠƯĂÂÊÔ]{1,40}") {
            use unicode_normalization::UnicodeNormalization;
            let nfc: String = text.nfc().collect();
            let nfd: String = text.nfd().collect();
            // Windows-1258's own form: shapes precomposed (ơ, ê), tones combining.
            let mut cp1258_form = String::new();
            let mut tones = String::new();
            for c in nfd.chars() {
                if matches!(c, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}') {
                    tones.push(c);
                } else if matches!(c, '\u{302}' | '\u{306}' | '\u{31B}') {
                    let base = cp1258_form.pop().unwrap_or(' ');
                    cp1258_form.extend([base, c].iter().collect::<String>().nfc());
                } else {
                    cp1258_form.push_str(&tones);
                    tones.clear();
                    cp1258_form.push(c);
                }
            }
            cp1258_form.push_str(&tones);
            let (bytes, _, unmappable) = encoding_rs::WINDOWS_1258.encode(&cp1258_form);
            proptest::prop_assert!(!unmappable);
            let decoded: String = decode(&bytes).expect("decodes").0.nfc().collect();
            proptest::prop_assert_eq!(&decoded, &nfc);
            proptest::prop_assert_eq!(crate::normalise::fold::clean_text(&nfd), crate::normalise::fold::clean_text(&nfc));
        }
    }

    #[test]
    fn rows_are_records_and_blank_lines_not_lines_inside_cells() {
        // (text, 1-based row of each record's first cell)
        let cases: [(&str, &[u32]); 5] = [
            ("a\nb\nc\n", &[1, 2, 3]),
            ("\"a\nb\",x\nc\n", &[1, 2]),
            ("a\r\n\"b\r\nb\"\r\n\r\nc\r\n", &[1, 2, 4]),
            ("a\r\"b\rb\"\rc", &[1, 2, 3]),
            ("\n\na\n", &[3]),
        ];
        for (text, rows) in cases {
            let sheet = read_csv_bytes("t".to_owned(), text.as_bytes()).expect("reads");
            let numbers: Vec<u32> = sheet.rows.iter().map(|r| r.number).collect();
            assert_eq!(numbers, rows, "{text:?}");
        }
    }

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
