//! Text typed in legacy Vietnamese fonts, as the spreadsheet holds it.
//!
//! A cell typed with a .VnTime (TCVN3/ABC) or VNI-Windows font stores the
//! font's bytes as Windows-1252 characters: "Qu¶ng Ng·i", "Tieáng Vieät".
//! [`decode_legacy`] recognises such text and converts it to Unicode, and
//! never touches text that is already Vietnamese Unicode: any letter such as
//! "ạ", "ư" or "đ" (which those fonts cannot produce) leaves the cell alone.
//! The tables come from the bamboo-core crate.

use bamboo_core::{decode_charset, encode_charset, Charset};
use std::collections::HashSet;
use std::sync::LazyLock;
use unicode_normalization::UnicodeNormalization;

/// The legacy encodings dvk recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LegacyEncoding {
    Tcvn3,
    Vni,
}

impl LegacyEncoding {
    pub const fn font_name(self) -> &'static str {
        match self {
            LegacyEncoding::Tcvn3 => "TCVN3 (.VnTime)",
            LegacyEncoding::Vni => "VNI-Windows",
        }
    }
}

/// Characters the legacy encodings write for Vietnamese letters that are
/// neither ASCII nor Vietnamese letters themselves ("¶", "·", "§", "ä"…).
static MARKERS: LazyLock<HashSet<char>> = LazyLock::new(|| {
    let mut letters = String::new();
    for base in "aăâeêioôơuưyđAĂÂEÊIOÔƠUƯYĐ".chars() {
        letters.push(base);
        for tone in ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'] {
            if base != 'đ' && base != 'Đ' {
                letters.extend([base, tone].iter().collect::<String>().nfc());
            }
        }
    }
    let mut markers = HashSet::new();
    for charset in [Charset::Tcvn3, Charset::VniWindows] {
        for c in encode_charset(charset, &letters).chars() {
            if !c.is_ascii() && !is_vietnamese_letter(c) && !COMMON_SYMBOLS.contains(&c) {
                markers.insert(c);
            }
        }
    }
    markers
});

/// Symbols that real Unicode text uses too: never taken as legacy evidence.
const COMMON_SYMBOLS: [char; 6] = ['²', '³', '°', '±', '·', '–'];

/// A Vietnamese letter (any case, any tone) or đ.
fn is_vietnamese_letter(c: char) -> bool {
    if matches!(c, 'đ' | 'Đ') {
        return true;
    }
    let mut parts = std::iter::once(c).nfd();
    match parts.next() {
        Some(base) if base.is_ascii_alphabetic() => parts.all(|m| {
            matches!(
                m,
                '\u{300}'
                    | '\u{301}'
                    | '\u{303}'
                    | '\u{309}'
                    | '\u{323}'
                    | '\u{302}'
                    | '\u{306}'
                    | '\u{31B}'
            )
        }),
        _ => false,
    }
}

/// Letters only Unicode Vietnamese has (Windows-1252 has none of them).
fn is_unicode_only_vietnamese(c: char) -> bool {
    matches!(
        c,
        '\u{1EA0}'
            ..='\u{1EF9}' | 'ă' | 'Ă' | 'đ' | 'Đ' | 'ơ' | 'Ơ' | 'ư' | 'Ư' | 'ĩ' | 'Ĩ' | 'ũ' | 'Ũ'
    )
}

/// Vowel groups a Vietnamese syllable can have (tones removed); loanword
/// groups such as "oo" (xoong) are left out on purpose: they break ties.
const VOWEL_GROUPS: [&str; 54] = [
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao", "au", "ay", "âu", "ây",
    "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "ôi", "ơi", "ua", "uâ", "uê", "ui", "uô",
    "uơ", "uy", "ưa", "ưi", "ươ", "ưu", "yê", "iêu", "oai", "oay", "oao", "oeo", "uây", "uôi",
    "uya", "uyê", "uyu", "ươi", "ươu", "yêu",
];

fn is_vowel(c: char) -> bool {
    matches!(
        c,
        'a' | 'ă' | 'â' | 'e' | 'ê' | 'i' | 'o' | 'ô' | 'ơ' | 'u' | 'ư' | 'y'
    )
}

/// Words that no Vietnamese syllable looks like: a vowel group that does not
/// exist ("ieá", "ieo"), or a capital after a small letter ("trÒn"), among
/// words that have a non-ASCII letter (plain ASCII words are left out).
fn odd_words(text: &str) -> usize {
    text.split(|c: char| !c.is_alphanumeric() && c != '\u{AD}')
        .filter(|word| !word.is_ascii())
        .filter(|word| {
            let mut chars = word.chars().peekable();
            let mut mixed = false;
            while let Some(c) = chars.next() {
                if c.is_lowercase()
                    && chars
                        .peek()
                        .is_some_and(|n| n.is_uppercase() && !n.is_ascii())
                {
                    mixed = true;
                }
            }
            mixed || !is_possible_syllable(word)
        })
        .count()
}

/// Whether a word could be a Vietnamese syllable: one vowel group that
/// exists, and no final consonant after a group that cannot take one
/// ("eo", "ai", "ia"…). "qu" and "gi" count as onsets.
fn is_possible_syllable(word: &str) -> bool {
    let plain: String = word
        .to_lowercase()
        .nfd()
        .filter(|m| !matches!(m, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}'))
        .nfc()
        .collect();
    let mut rest = plain.as_str();
    for onset in ["qu", "gi"] {
        if let Some(after) = rest.strip_prefix(onset) {
            if after.starts_with(is_vowel) {
                rest = after;
            }
        }
    }
    let start = rest.find(is_vowel);
    let Some(start) = start else { return true };
    let body = &rest[start..];
    let end = body.find(|c: char| !is_vowel(c)).unwrap_or(body.len());
    let (group, coda) = body.split_at(end);
    if !VOWEL_GROUPS.contains(&group) || coda.contains(is_vowel) {
        return false;
    }
    let open_only = group.chars().count() >= 2
        && (group.ends_with(['i', 'y', 'o', 'u']) || matches!(group, "ia" | "ua" | "ưa"));
    coda.is_empty() || !open_only
}

/// A character legacy fonts' bytes come out as ('ư' in TCVN3 is U+00AD, a
/// soft hyphen).
fn is_marker(c: char) -> bool {
    MARKERS.contains(&c) || c == '\u{AD}'
}

/// A character that may stand in a word of legacy text: a letter, a marker,
/// or a symbol TCVN3 writes a letter or tone with ("·" is "ã").
fn in_legacy_word(c: char) -> bool {
    c.is_alphabetic() || is_marker(c) || COMMON_SYMBOLS.contains(&c)
}

/// The marker characters a text shows as evidence of legacy bytes. A
/// letter-shaped one ("ë", "Ö", the soft hyphen) always counts; a symbol
/// ("§", "¶", "×") only inside a word, touching a letter or another marker:
/// "§ang", "qu¶", "§¹i" are TCVN3 ("Đang", "quả", "Đại"), while "Điều 5 § 2",
/// "§3", "20×30" and a lone "¶" are the symbols themselves.
fn legacy_markers(text: &str) -> impl Iterator<Item = char> + '_ {
    text.char_indices().filter_map(|(at, c)| {
        let evidence = is_marker(c)
            && (c.is_alphabetic()
                || c == '\u{AD}'
                || text[..at].chars().next_back().is_some_and(in_legacy_word)
                || text[at + c.len_utf8()..]
                    .chars()
                    .next()
                    .is_some_and(in_legacy_word));
        evidence.then_some(c)
    })
}

/// How un-Vietnamese a text looks: legacy markers, odd words, two tones in a word.
fn oddness(text: &str) -> usize {
    let markers = legacy_markers(text).count();
    let double_tones = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| {
            word.nfd()
                .filter(|m| matches!(m, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}'))
                .count()
                > 1
        })
        .count();
    markers + double_tones + odd_words(text)
}

/// TCVN 5712:1993 (VN3, "TCVN3"), byte by byte from 0x80: the .VnTime
/// fonts' codes for small letters (capitals typed with .VnTimeH share
/// them), the standard's own codes for toned capitals, and combining tones
/// at 0xB0–0xB4; as iconv's TCVN5712-1 writes them.
const TCVN3_HIGH: [char; 128] = [
    'À', 'Ả', 'Ã', 'Á', 'Ạ', 'Ặ', 'Ậ', 'È', 'Ẻ', 'Ẽ', 'É', 'Ẹ', 'Ệ', 'Ì', 'Ỉ', 'Ĩ', // 0x80
    'Í', 'Ị', 'Ò', 'Ỏ', 'Õ', 'Ó', 'Ọ', 'Ộ', 'Ờ', 'Ở', 'Ỡ', 'Ớ', 'Ợ', 'Ù', 'Ủ', 'Ũ', // 0x90
    '\u{A0}', 'Ă', 'Â', 'Ê', 'Ô', 'Ơ', 'Ư', 'Đ', 'ă', 'â', 'ê', 'ô', 'ơ', 'ư', 'đ',
    'Ằ', // 0xA0
    '\u{300}', '\u{309}', '\u{303}', '\u{301}', '\u{323}', 'à', 'ả', 'ã', 'á', 'ạ', 'Ẳ', 'ằ', 'ẳ',
    'ẵ', 'ắ', 'Ẵ', // 0xB0
    'Ắ', 'Ầ', 'Ẩ', 'Ẫ', 'Ấ', 'Ề', 'ặ', 'ầ', 'ẩ', 'ẫ', 'ấ', 'ậ', 'è', 'Ể', 'ẻ', 'ẽ', // 0xC0
    'é', 'ẹ', 'ề', 'ể', 'ễ', 'ế', 'ệ', 'ì', 'ỉ', 'Ễ', 'Ế', 'Ồ', 'ĩ', 'í', 'ị', 'ò', // 0xD0
    'Ổ', 'ỏ', 'õ', 'ó', 'ọ', 'ồ', 'ổ', 'ỗ', 'ố', 'ộ', 'ờ', 'ở', 'ỡ', 'ớ', 'ợ', 'ù', // 0xE0
    'Ỗ', 'ủ', 'ũ', 'ú', 'ụ', 'ừ', 'ử', 'ữ', 'ứ', 'ự', 'ỳ', 'ỷ', 'ỹ', 'ý', 'ỵ', 'Ố', // 0xF0
];

/// The standard's toned capitals below 0x20 (where ASCII has control codes).
const TCVN3_LOW: [(u8, char); 12] = [
    (0x01, 'Ú'),
    (0x02, 'Ụ'),
    (0x04, 'Ừ'),
    (0x05, 'Ử'),
    (0x06, 'Ữ'),
    (0x11, 'Ứ'),
    (0x12, 'Ự'),
    (0x13, 'Ỳ'),
    (0x14, 'Ỷ'),
    (0x15, 'Ỹ'),
    (0x16, 'Ý'),
    (0x17, 'Ỵ'),
];

/// Bytes in TCVN3 as Unicode (NFC); `None` when a control byte has no
/// meaning in TCVN3 either (a binary file).
pub fn decode_tcvn3_bytes(bytes: &[u8]) -> Option<String> {
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 4);
    for &b in bytes {
        let c = match b {
            0x80.. => TCVN3_HIGH[usize::from(b - 0x80)],
            b'\t' | b'\r' | b'\n' | 0x20..=0x7F => char::from(b),
            _ => TCVN3_LOW.iter().find(|(code, _)| *code == b)?.1,
        };
        text.push(c);
    }
    Some(text.nfc().collect())
}

/// Bytes typed in VNI-Windows as Unicode: each byte as Windows-1252 shows
/// it, then read as VNI.
pub fn decode_vni_bytes(bytes: &[u8]) -> String {
    let (shown, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
    decode_charset(Charset::VniWindows, &shown).nfc().collect()
}

/// Whether a text shows characters legacy fonts' bytes come out as in a
/// Unicode reading ("Qu¶ng", "§ang", "ñ"…): only then is another reading
/// worth trying. A "§" or "¶" standing as a symbol ("Điều 5 § 2") is none.
pub fn shows_legacy_markers(text: &str) -> bool {
    legacy_markers(text).next().is_some()
}

/// Of readings of one file's bytes, the one that reads most like Vietnamese:
/// the first (the default reading) unless it shows legacy marker characters
/// ("¶", "§", "ñ"…) and another has fewer oddities. Returns its position.
pub fn likeliest_reading(readings: &[&str]) -> usize {
    let Some(first) = readings.first() else {
        return 0;
    };
    if !shows_legacy_markers(first) {
        return 0;
    }
    let scores: Vec<usize> = readings.iter().map(|r| oddness(r)).collect();
    let mut best = 0;
    for (i, score) in scores.iter().enumerate() {
        if *score < scores[best] {
            best = i;
        }
    }
    best
}

/// What a cell's text is, as far as legacy fonts go.
#[derive(Clone)]
enum Reading {
    /// Unicode or plain ASCII: leave it.
    Unicode,
    /// No evidence either way ("trén").
    Ambiguous,
    /// One font reads it best.
    Decided(String, LegacyEncoding),
    /// Both fonts read it equally well ("heá": "heỏ" or "hế").
    Tie { tcvn3: String, vni: String },
}

/// ASCII, or a letter no legacy font can produce: Unicode for sure.
fn plainly_unicode(text: &str) -> bool {
    text.is_ascii() || text.chars().any(is_unicode_only_vietnamese)
}

fn read(text: &str) -> Reading {
    if plainly_unicode(text) {
        return Reading::Unicode;
    }
    // Evidence: marker characters ('ư' in TCVN3 is U+00AD, a soft hyphen),
    // a capital after a small letter ("trÒn"), two tones in a word (VNI
    // "Ñoàng"), an impossible syllable (VNI "caên"); text that reads as
    // Vietnamese already is never decoded.
    let before = oddness(text);
    if before == 0 {
        return Reading::Ambiguous;
    }
    let decode = |charset| -> (usize, String) {
        let decoded: String = decode_charset(charset, text).nfc().collect();
        (oddness(&decoded), decoded)
    };
    let (tcvn3_odd, tcvn3) = decode(Charset::Tcvn3);
    let (vni_odd, vni) = decode(Charset::VniWindows);
    match (tcvn3_odd < before, vni_odd < before) {
        (false, false) => Reading::Unicode,
        (true, false) => Reading::Decided(tcvn3, LegacyEncoding::Tcvn3),
        (false, true) => Reading::Decided(vni, LegacyEncoding::Vni),
        (true, true) if tcvn3_odd < vni_odd => Reading::Decided(tcvn3, LegacyEncoding::Tcvn3),
        (true, true) if vni_odd < tcvn3_odd => Reading::Decided(vni, LegacyEncoding::Vni),
        (true, true) => Reading::Tie { tcvn3, vni },
    }
}

/// The Unicode text of a cell typed in a legacy font, if it is one; on a
/// tie between the fonts, TCVN3 (the more common). [`decode_cells`] does
/// better with a column's context.
pub fn decode_legacy(text: &str) -> Option<(String, LegacyEncoding)> {
    match read(text) {
        Reading::Decided(decoded, encoding) => Some((decoded, encoding)),
        Reading::Tie { tcvn3, .. } => Some((tcvn3, LegacyEncoding::Tcvn3)),
        Reading::Unicode | Reading::Ambiguous => None,
    }
}

/// Every reading of a text in a legacy encoding that differs from the text
/// itself, TCVN3 first; none for ASCII or for text only Unicode can hold.
/// For a header that names no column as written ("X·", TCVN3 for "Xã",
/// which carries no marker character to tell it by).
pub fn legacy_readings(text: &str) -> Vec<(String, LegacyEncoding)> {
    if plainly_unicode(text) {
        return Vec::new();
    }
    [
        (Charset::Tcvn3, LegacyEncoding::Tcvn3),
        (Charset::VniWindows, LegacyEncoding::Vni),
    ]
    .into_iter()
    .map(|(charset, encoding)| (decode_charset(charset, text).nfc().collect(), encoding))
    .filter(|(decoded, _): &(String, _)| decoded != text)
    .collect()
}

/// What a cell's font says: a legacy font names its encoding, and the
/// TCVN3 capital fonts (".VnTimeH", ".VnArialH") type capitals with the
/// codes of small letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FontHint {
    pub encoding: LegacyEncoding,
    pub capitals: bool,
}

/// The legacy fonts of a sheet's text cells, by 0-based (row, col); cells
/// in other fonts have no entry.
pub type CellFonts = std::collections::HashMap<(u32, u32), FontHint>;

/// The hint of a font name: ".VnTime" → TCVN3, ".VnTimeH" → TCVN3 capitals,
/// "VNI-Times" → VNI; a Unicode font ("Times New Roman") gives none.
pub fn font_hint(font_name: &str) -> Option<FontHint> {
    let name = font_name.trim().to_ascii_lowercase();
    if name.starts_with(".vn") {
        Some(FontHint {
            encoding: LegacyEncoding::Tcvn3,
            capitals: name.ends_with('h'),
        })
    } else if name.starts_with("vni-") || name.starts_with("vni ") {
        Some(FontHint {
            encoding: LegacyEncoding::Vni,
            capitals: false,
        })
    } else {
        None
    }
}

/// How many cells of a sheet were converted from each legacy encoding (and
/// of those, how many because their font said so), and the first one
/// (0-based row, column, its new text) for the user to look at.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LegacyCount {
    pub tcvn3: usize,
    pub vni: usize,
    pub tcvn3_by_font: usize,
    pub vni_by_font: usize,
    pub first: Option<(u32, u32, String)>,
}

impl LegacyCount {
    /// "19 ô gõ bằng phông TCVN3 (.VnTime)", or, for cells told by their
    /// characters rather than their font, "3 ô gõ theo bảng mã TCVN3 (…)":
    /// a file that does not name the font is never said to.
    pub fn describe(&self) -> Option<String> {
        let mut parts = Vec::new();
        for (total, by_font, encoding) in [
            (self.tcvn3, self.tcvn3_by_font, LegacyEncoding::Tcvn3),
            (self.vni, self.vni_by_font, LegacyEncoding::Vni),
        ] {
            let (code, font) = match encoding {
                LegacyEncoding::Tcvn3 => ("TCVN3", ".VnTime"),
                LegacyEncoding::Vni => ("VNI-Windows", "VNI-Times"),
            };
            if by_font > 0 {
                parts.push(format!("{by_font} ô gõ bằng phông {code} ({font})"));
            }
            let by_text = total.saturating_sub(by_font);
            if by_text > 0 {
                parts.push(format!(
                    "{by_text} ô gõ theo bảng mã {code} (dvk nhận ra qua các ký tự đặc trưng, không theo phông chữ của ô)"
                ));
            }
        }
        if parts.is_empty() {
            return None;
        }
        Some(parts.join(" và "))
    }

    fn add(&mut self, encoding: LegacyEncoding, by_font: bool, row: u32, col: u32, text: &str) {
        match encoding {
            LegacyEncoding::Tcvn3 => self.tcvn3 += 1,
            LegacyEncoding::Vni => self.vni += 1,
        }
        match (encoding, by_font) {
            (LegacyEncoding::Tcvn3, true) => self.tcvn3_by_font += 1,
            (LegacyEncoding::Vni, true) => self.vni_by_font += 1,
            (_, false) => {}
        }
        if self
            .first
            .as_ref()
            .is_none_or(|(r, c, _)| (row, col) < (*r, *c))
        {
            self.first = Some((row, col, text.to_owned()));
        }
    }
}

/// Decodes the legacy-font cells of a sheet, given as (column, text, the
/// cell's font when the file says it).
///
/// A cell in a legacy font is decoded by that font. Otherwise a cell one
/// font reads best is decoded on its own, and a cell both fonts read alike
/// takes the font its column's decided cells use (TCVN3 if none). A text
/// that reads as valid Vietnamese is never decoded without its font: it may
/// be Unicode ("Tên mô hình"), so "trén" (TCVN3 for "trộn") stays as it is
/// unless its cell says .VnTime.
pub fn decode_cells(
    cells: &mut [(u32, u32, &mut super::CellText, Option<FontHint>)],
) -> LegacyCount {
    use foldhash::{HashMap, HashMapExt};
    #[derive(Default)]
    struct Column {
        tcvn3: usize,
        vni: usize,
    }
    impl Column {
        fn add(&mut self, encoding: LegacyEncoding) {
            match encoding {
                LegacyEncoding::Tcvn3 => self.tcvn3 += 1,
                LegacyEncoding::Vni => self.vni += 1,
            }
        }
    }
    let mut columns: HashMap<u32, Column> = HashMap::new();
    let mut count = LegacyCount::default();
    let mut pending = Vec::new();
    let mut seen: HashMap<String, Reading> = HashMap::new();
    for (i, (row, col, text, hint)) in cells.iter_mut().enumerate() {
        // The cell's own font settles it, when the file says which.
        if let Some(hint) = hint {
            if !text.chars().any(is_unicode_only_vietnamese) {
                let charset = match hint.encoding {
                    LegacyEncoding::Tcvn3 => Charset::Tcvn3,
                    LegacyEncoding::Vni => Charset::VniWindows,
                };
                let mut decoded: String = decode_charset(charset, text).nfc().collect();
                if hint.capitals {
                    decoded = decoded.to_uppercase();
                }
                if *decoded != ***text {
                    **text = decoded.into();
                    columns.entry(*col).or_default().add(hint.encoding);
                    count.add(hint.encoding, true, *row, *col, text);
                }
                continue;
            }
        }
        if plainly_unicode(text) {
            continue;
        }
        // A commune's name or a status recurs on every row: read each once.
        let reading = match seen.get(&***text) {
            Some(known) => known.clone(),
            None => {
                let reading = read(text);
                if !matches!(reading, Reading::Tie { .. }) {
                    seen.insert(text.to_string(), reading.clone());
                }
                reading
            }
        };
        match reading {
            Reading::Unicode => {}
            Reading::Decided(decoded, encoding) => {
                **text = decoded.into();
                columns.entry(*col).or_default().add(encoding);
                count.add(encoding, false, *row, *col, text);
            }
            Reading::Ambiguous => {}
            Reading::Tie { tcvn3, vni } => pending.push((i, tcvn3, vni)),
        }
    }
    for (i, tcvn3, vni) in pending {
        let (row, col, text, _) = &mut cells[i];
        let vni_column = columns.get(col).is_some_and(|c| c.vni > c.tcvn3);
        let encoding = if vni_column {
            LegacyEncoding::Vni
        } else {
            LegacyEncoding::Tcvn3
        };
        **text = if vni_column { vni } else { tcvn3 }.into();
        count.add(encoding, false, *row, *col, text);
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn decodes_legacy_cells() {
        let cases = [
            ("Qu¶ng Ng·i", "Quảng Ngãi", LegacyEncoding::Tcvn3),
            (
                "§ang duy tr×, hiÖu qu¶",
                "Đang duy trì, hiệu quả",
                LegacyEncoding::Tcvn3,
            ),
            (
                "B¶o vÖ m«i tr\u{AD}êng",
                "Bảo vệ môi trường",
                LegacyEncoding::Tcvn3,
            ),
            ("Céng hßa", "Cộng hòa", LegacyEncoding::Tcvn3),
            ("nh©n d©n", "nhân dân", LegacyEncoding::Tcvn3),
            ("Tieáng Vieät", "Tiếng Việt", LegacyEncoding::Vni),
            (
                "Phaùt trieån kinh teá",
                "Phát triển kinh tế",
                LegacyEncoding::Vni,
            ),
        ];
        for (legacy, unicode, encoding) in cases {
            assert_eq!(
                decode_legacy(legacy),
                Some((unicode.to_owned(), encoding)),
                "{legacy:?}"
            );
        }
    }

    #[test]
    fn leaves_unicode_alone() {
        for text in [
            "Bình Thạnh",
            "Hòa",
            "Hoà Bình",
            "Phát triển kinh tế",
            "Đất hiến (m²)",
            "Kinh phí (triệu đồng)",
            "Long Sơn",
            "STT",
            "1.234,5",
            "Nhà văn hóa – khu dân cư",
            "Tiêu biểu ✓",
        ] {
            assert_eq!(decode_legacy(text), None, "{text:?}");
        }
    }

    #[test]
    fn a_section_sign_or_pilcrow_standing_alone_is_no_legacy_marker() {
        // Symbols typed as such: no Unicode-only letter tells these apart
        // from TCVN3, so "§" and "¶" must not count outside a word.
        for text in [
            "§3",
            "Điều 5 § 2",
            "Hòa Bình § 2",
            "Khu §3",
            "Mô hình ¶ hay",
            "¶",
            "Sân 20×30 m",
        ] {
            assert_eq!(decode_legacy(text), None, "{text:?}");
            assert!(!shows_legacy_markers(text), "{text:?}");
        }
        // Inside a word they are TCVN3 letters still.
        for (legacy, unicode) in [
            ("§ang", "Đang"),
            ("§¹i héi", "Đại hội"),
            ("§· ®\u{AD}îc", "Đã được"),
            ("hiÖu qu¶", "hiệu quả"),
        ] {
            assert_eq!(
                decode_legacy(legacy),
                Some((unicode.to_owned(), LegacyEncoding::Tcvn3)),
                "{legacy:?}"
            );
        }
        let column = [
            "Qu¶ng Ng·i".to_owned(),
            "§3".to_owned(),
            "Hòa Bình § 2".to_owned(),
        ];
        assert_eq!(decode_column(&column), ["Quảng Ngãi", "§3", "Hòa Bình § 2"]);
    }

    fn decode_column(texts: &[String]) -> Vec<String> {
        let mut owned: Vec<crate::ingest::CellText> =
            texts.iter().map(|t| t.as_str().into()).collect();
        let mut cells: Vec<(u32, u32, &mut crate::ingest::CellText, Option<FontHint>)> = owned
            .iter_mut()
            .enumerate()
            .map(|(r, t)| (r as u32, 0, t, None))
            .collect();
        decode_cells(&mut cells);
        owned.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn the_cell_font_decides() {
        let mut owned: [crate::ingest::CellText; 3] =
            ["qu¶ng ng·i".into(), "trén".into(), "Tieáng Vieät".into()];
        let hints = [
            font_hint(".VnTimeH"),
            font_hint(".VnTime"),
            font_hint("VNI-Times"),
        ];
        let mut cells: Vec<(u32, u32, &mut crate::ingest::CellText, Option<FontHint>)> = owned
            .iter_mut()
            .zip(hints)
            .enumerate()
            .map(|(i, (t, h))| (0, i as u32, t, h))
            .collect();
        decode_cells(&mut cells);
        assert_eq!(
            owned.map(|t| t.to_string()),
            ["QUẢNG NGÃI", "trộn", "Tiếng Việt"]
        );
        assert_eq!(font_hint("Times New Roman"), None);
    }

    #[test]
    fn a_column_settles_ties_and_never_touches_valid_text() {
        // "heá" is "hế" in VNI and "heỏ" in TCVN3: the column's VNI cells settle it.
        let column = ["Tieáng Vieät".to_owned(), "heá".to_owned()];
        assert_eq!(decode_column(&column), ["Tiếng Việt", "hế"]);
        // A Unicode header above TCVN3 data stays Unicode; so does "trén".
        let column = [
            "Tên mô hình".to_owned(),
            "Qu¶ng Ng·i".to_owned(),
            "trén".to_owned(),
        ];
        assert_eq!(
            decode_column(&column),
            ["Tên mô hình", "Quảng Ngãi", "trén"]
        );
        // VNI with no marker character: an impossible syllable is evidence.
        let column = ["caên".to_owned(), "Phaùt trieån".to_owned()];
        assert_eq!(decode_column(&column), ["căn", "Phát triển"]);
    }

    proptest! {
        /// Vietnamese text survives: unchanged as Unicode; from VNI and from
        /// TCVN3 (lower case, as the .VnTime font types it) every cell comes
        /// back as it was, or stays as typed when it reads as valid
        /// Vietnamese already, and never as a third text.
        #[test]
        fn round_trips(cells in prop::collection::vec(prop::collection::vec("(tr|ng|nh|kh|ph|th|ch|b|c|d|đ|h|l|m|n|s|t|v|x)(a|à|á|ả|ã|ạ|ă|ằ|ắ|ặ|â|ấ|ầ|ậ|e|é|è|ẹ|ê|ế|ề|ệ|i|í|ì|o|ó|ò|ọ|ô|ố|ồ|ộ|ơ|ớ|ờ|ợ|u|ú|ù|ụ|ư|ứ|ừ|ự|y|ý)(n|ng|nh|c|ch|t|m|p|)", 1..5), 1..8)) {
            let texts: Vec<String> = cells.iter().map(|words| words.join(" ")).collect();
            prop_assert_eq!(decode_column(&texts), texts.clone());
            for (charset, font) in [(Charset::VniWindows, LegacyEncoding::Vni), (Charset::Tcvn3, LegacyEncoding::Tcvn3)] {
                let encoded: Vec<String> = texts.iter().map(|t| encode_charset(charset, t).into_owned()).collect();
                // The column must show its font somewhere: one cell only it reads.
                let evidence = encoded.iter().any(|t| matches!(read(t), Reading::Decided(_, f) if f == font));
                if evidence {
                    let decoded = decode_column(&encoded);
                    for ((got, original), typed) in decoded.iter().zip(&texts).zip(&encoded) {
                        prop_assert!(got == original || (got == typed && matches!(read(typed), Reading::Ambiguous)),
                            "{:?} from {:?} should be {:?}", got, typed, original);
                    }
                }
            }
        }
    }
}
