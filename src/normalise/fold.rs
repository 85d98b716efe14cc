//! Comparison keys for Vietnamese names and header texts.
//!
//! [`fold_key`] makes "TÊN  MÔ HÌNH", "Tên mô hình" and "tên mô hình" equal,
//! and "hoà" equal to "hòa" (the tone mark may sit on either vowel), while
//! keeping the letters' marks so "Năm" and "Nam" stay apart. [`bare_key`]
//! also drops every mark, for headers typed without diacritics. Keys are for
//! comparing only; outputs always show the user's own spelling.

use unicode_normalization::UnicodeNormalization;

/// Combining tone marks of Vietnamese: grave, acute, tilde, hook above, dot below.
const TONE_MARKS: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

/// NFC text with white space trimmed and runs of white space made one space.
pub fn clean_text(text: &str) -> String {
    if is_clean(text) {
        return text.to_owned();
    }
    let nfc: String = text.nfc().collect();
    nfc.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Most cells are already clean: one pass says so without rebuilding them.
fn is_clean(text: &str) -> bool {
    let mut previous_space = true; // no white space first
    let mut surely_nfc = true;
    for c in text.chars() {
        if c.is_whitespace() {
            if c != ' ' || previous_space {
                return false;
            }
            previous_space = true;
            continue;
        }
        previous_space = false;
        // Below the combining marks, and Vietnamese's precomposed letters,
        // nothing can change under NFC.
        surely_nfc &= c < '\u{300}' || ('\u{1E00}'..='\u{1EFF}').contains(&c);
    }
    if previous_space && !text.is_empty() {
        return false; // white space last
    }
    surely_nfc
        || unicode_normalization::is_nfc_quick(text.chars())
            == unicode_normalization::IsNormalized::Yes
}

/// `text` without a leading `word` (given in lower case, NFC; any case in
/// `text`) and the spaces after it, when the word stands whole (no letter
/// follows it): "Từ năm 2023" → "năm 2023", "Số 12-BC" → "12-BC";
/// "từng" keeps its "từ". Vietnamese letters keep their length in bytes
/// between cases.
pub fn without_leading_word<'t>(text: &'t str, word: &str) -> Option<&'t str> {
    let head = text.get(..word.len())?;
    let rest = &text[word.len()..];
    let whole = !rest.starts_with(char::is_alphabetic);
    // Compared char by char: year cells pass here, most of them digits.
    let same = head.chars().flat_map(char::to_lowercase).eq(word.chars());
    (whole && same).then(|| rest.trim_start())
}

/// Case-, space-, punctuation- and tone-placement-insensitive key.
///
/// Each word's tone mark is moved to the end of the word, so the key does not
/// depend on which vowel carries it. Punctuation becomes a space.
pub fn fold_key(text: &str) -> String {
    fold(text, false)
}

/// Like [`fold_key`] but without any diacritics ("đ" becomes "d").
pub fn bare_key(text: &str) -> String {
    fold(text, true)
}

fn fold(text: &str, bare: bool) -> String {
    // Built in one buffer: a word's letters go straight out, and its tone
    // mark, held aside, follows them when the word ends.
    let mut out = String::with_capacity(text.len() + 1);
    let mut in_word = false;
    let mut tone: Option<char> = None;
    let end_word = |out: &mut String, in_word: &mut bool, tone: &mut Option<char>| {
        if let Some(t) = tone.take().filter(|_| !bare) {
            out.push(t);
        }
        *in_word = false;
    };
    let mut take = |c: char, out: &mut String| {
        if TONE_MARKS.contains(&c) {
            if in_word {
                tone = Some(c);
            }
        } else if is_combining_mark(c) {
            if !bare && in_word {
                out.push(c);
            }
        } else if c.is_alphanumeric() {
            if !in_word {
                if !out.is_empty() {
                    out.push(' ');
                }
                in_word = true;
            }
            match c {
                'Đ' | 'đ' => out.push(if bare { 'd' } else { 'đ' }),
                _ if c.is_ascii() => out.push(c.to_ascii_lowercase()),
                _ => out.extend(c.to_lowercase()),
            }
        } else if in_word {
            end_word(out, &mut in_word, &mut tone);
        }
    };
    // Each character decomposed on its own: keys need no canonical
    // reordering, and this skips the NFD iterator's buffering.
    for ch in text.chars() {
        if ch.is_ascii() {
            take(ch, &mut out);
        } else {
            unicode_normalization::char::decompose_canonical(ch, |d| take(d, &mut out));
        }
    }
    end_word(&mut out, &mut in_word, &mut tone);
    out
}

/// A sort key in Vietnamese dictionary order: a ă â b c d đ e ê … o ô ơ …
/// u ư …, then by tone (none, huyền, hỏi, ngã, sắc, nặng), ignoring case.
pub fn collation_key(text: &str) -> (Vec<u16>, Vec<u8>) {
    const ALPHABET: &str = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz";
    let mut primary = Vec::with_capacity(text.len());
    let mut tones = Vec::with_capacity(text.len());
    let mut chars = text.nfd().flat_map(char::to_lowercase).peekable();
    while let Some(c) = chars.next() {
        // The letter with its shape marks (ă â ê ô ơ ư), and its tone.
        let mut letter = String::from(c);
        let mut tone = 0u8;
        while let Some(&m) = chars.peek() {
            if !is_combining_mark(m) {
                break;
            }
            chars.next();
            match m {
                '\u{300}' => tone = 1,
                '\u{309}' => tone = 2,
                '\u{303}' => tone = 3,
                '\u{301}' => tone = 4,
                '\u{323}' => tone = 5,
                _ => letter.push(m),
            }
        }
        let letter: String = letter.nfc().collect();
        let rank = match ALPHABET
            .chars()
            .position(|a| letter.starts_with(a) && letter.chars().count() == 1)
        {
            Some(p) => 100 + p as u16,
            None => match letter.chars().next() {
                Some(d) if d.is_ascii_digit() => 50 + (d as u16 - '0' as u16),
                Some(w) if w.is_whitespace() => 1,
                Some(o) if o.is_alphanumeric() => 200 + (o as u32 % 1000) as u16,
                _ => 2,
            },
        };
        primary.push(rank);
        tones.push(tone);
    }
    (primary, tones)
}

/// [`collation_key`] with each run of digits taken by its value, for the
/// names people read in lists: "Thôn 2" before "Thôn 10", "Xã 9" before
/// "Xã 11". Leading zeros do not count ("Ấp 02" sorts as "Ấp 2").
pub fn natural_collation_key(text: &str) -> (Vec<u16>, Vec<u8>) {
    let mut primary = Vec::with_capacity(text.len());
    let mut tones = Vec::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        if digits > 0 {
            let value = rest[..digits].trim_start_matches('0');
            let value = if value.is_empty() { "0" } else { value };
            // A digit's rank (as in `collation_key`), then the count of
            // digits, so that a longer number is larger, then the digits.
            primary.push(50);
            primary.push(u16::try_from(value.len()).unwrap_or(u16::MAX));
            primary.extend(value.bytes().map(|d| 50 + u16::from(d - b'0')));
            tones.resize(primary.len(), 0);
            rest = &rest[digits..];
        } else {
            let words = rest
                .find(|c: char| c.is_ascii_digit())
                .unwrap_or(rest.len());
            let (p, t) = collation_key(&rest[..words]);
            primary.extend(p);
            tones.extend(t);
            rest = &rest[words..];
        }
    }
    (primary, tones)
}

fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_keys() {
        let same = [
            ("TÊN MÔ HÌNH", "Tên  mô hình"),
            ("Văn hóa - xã hội", "Văn hoá – Xã hội"),
            ("Văn hóa, xã hội", "văn hóa xã hội"),
            ("thủy lợi", "thuỷ lợi"),
            ("Ủy ban", "Uỷ ban"),
            ("Thôn/Ấp", "thôn ấp"),
            ("hòa", "hoà"),
            // NFD input (as Windows-1258 CSVs decode) equals NFC.
            ("Ho\u{300}a", "Hòa"),
        ];
        for (a, b) in same {
            assert_eq!(fold_key(a), fold_key(b), "{a:?} vs {b:?}");
        }
    }

    #[test]
    fn different_keys() {
        let different = [
            ("Năm", "Nam"),
            ("Đất", "Dat"),
            ("Hòa", "Họa"),
            ("Lĩnh vực", "Linh vuc"),
        ];
        for (a, b) in different {
            assert_ne!(fold_key(a), fold_key(b), "{a:?} vs {b:?}");
        }
    }

    #[test]
    fn a_leading_word_goes_only_when_whole() {
        assert_eq!(without_leading_word("Từ năm 2023", "từ"), Some("năm 2023"));
        assert_eq!(without_leading_word("SỐ: 12-BC", "số"), Some(": 12-BC"));
        assert_eq!(without_leading_word("năm2023", "năm"), Some("2023"));
        assert_eq!(without_leading_word("từng năm", "từ"), None);
        assert_eq!(without_leading_word("2023", "năm"), None);
    }

    #[test]
    fn bare_keys() {
        let same = [
            ("Năm bắt đầu", "Nam bat dau"),
            ("ĐẤT HIẾN", "dat hien"),
            ("Lĩnh vực", "linh vuc"),
        ];
        for (a, b) in same {
            assert_eq!(bare_key(a), bare_key(b), "{a:?} vs {b:?}");
        }
    }

    #[test]
    fn numbers_in_names_sort_by_value() {
        let mut names = vec![
            "Thôn 10",
            "Xã 11",
            "Thôn 2",
            "Ấp 02",
            "Thôn 1",
            "Xã 2",
            "Xã 1",
            "Thôn An",
            "Ấp 1B",
            "Ấp 1A",
            "Ấp 1",
            "Tổ 3 khu 12",
            "Tổ 3 khu 4",
        ];
        names.sort_by_key(|n| natural_collation_key(n));
        assert_eq!(
            names,
            [
                "Ấp 1",
                "Ấp 1A",
                "Ấp 1B",
                "Ấp 02",
                "Thôn 1",
                "Thôn 2",
                "Thôn 10",
                "Thôn An",
                "Tổ 3 khu 4",
                "Tổ 3 khu 12",
                "Xã 1",
                "Xã 2",
                "Xã 11",
            ]
        );
        // Without digits, the dictionary order itself.
        for name in ["Đồng Rinh", "Hòa Bình", "An Phú"] {
            assert_eq!(natural_collation_key(name), collation_key(name));
        }
    }

    #[test]
    fn vietnamese_dictionary_order() {
        let mut names = vec![
            "Yên Ngựa",
            "Đồng Rinh",
            "Dương",
            "Ấp 2",
            "An Phú",
            "Ăn",
            "Bình",
            "ba",
            "Hòa",
            "Hoa",
            "Họa",
            "Hóa",
        ];
        names.sort_by_key(|n| collation_key(n));
        assert_eq!(
            names,
            [
                "An Phú",
                "Ăn",
                "Ấp 2",
                "ba",
                "Bình",
                "Dương",
                "Đồng Rinh",
                "Hoa",
                "Hòa",
                "Hóa",
                "Họa",
                "Yên Ngựa"
            ]
        );
    }

    #[test]
    fn clean_text_is_nfc_and_single_spaced() {
        assert_eq!(clean_text("  Ho\u{300}a   Bình \t"), "Hòa Bình");
    }

    #[test]
    fn the_quick_check_agrees_with_rebuilding() {
        let rebuilt = |t: &str| {
            let nfc: String = t.nfc().collect();
            nfc.split_whitespace().collect::<Vec<_>>().join(" ")
        };
        let samples = [
            "",
            " ",
            "a",
            "a ",
            " a",
            "a  b",
            "a\u{a0}b",
            "a\tb",
            "Hòa Bình",
            "Ho\u{300}a",
            "Ấp Phước Lợi",
            "\u{1EA0}\u{300}",
            "Ω \u{2126}",
            "한국",
            "e\u{301}\u{302}",
        ];
        for t in samples {
            assert_eq!(clean_text(t), rebuilt(t), "{t:?}");
            // The check may be unsure (and rebuild), never wrong.
            assert!(!is_clean(t) || rebuilt(t) == t, "{t:?}");
        }
    }
}
