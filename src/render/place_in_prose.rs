//! A place name as a sentence writes it: "tại xã Khánh Bình (huyện Trần Văn
//! Thời)", where the sheet wrote "Xã Khánh Bình (Huyện Trần Văn Thời)".
//!
//! Input: a name or a locality label as the outputs show it; output: the
//! same with each leading level word in lower case. Tables keep the
//! spelling as written; only the report's sentences use this.

use super::hamlet_word;
use crate::normalise::fold::fold_key;

/// Level words above the hamlet, longest first so "Thị xã" is found before
/// "Xã"; the hamlet's own words ("Khu phố", "Bản") follow them.
const LEVEL_WORDS: [&str; 9] = [
    "thành phố",
    "thị trấn",
    "thị xã",
    "đặc khu",
    "huyện",
    "phường",
    "quận",
    "tỉnh",
    "xã",
];

/// Lowers the level word that opens `name` or a bracket in it, when a name
/// follows it: "Phường An Xuyên" → "phường An Xuyên", "Xã Khánh Bình
/// (Huyện Trần Văn Thời)" → "xã Khánh Bình (huyện Trần Văn Thời)". A name
/// typed in capitals ("XÃ KHÁNH BÌNH") and a word that names nothing
/// ("Thôn" alone) are left as written.
pub fn place_in_prose(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for (i, part) in name.split('(').enumerate() {
        if i > 0 {
            out.push('(');
        }
        out.push_str(&lower_level_word(part));
    }
    out
}

/// True when `name` opens with a level word followed by a name.
pub fn starts_with_level_word(name: &str) -> bool {
    level_word_len(name).is_some()
}

/// The byte length of the level word that opens `text`, if a name follows.
fn level_word_len(text: &str) -> Option<usize> {
    LEVEL_WORDS
        .iter()
        .chain(&hamlet_word::WORDS)
        .find_map(|word| {
            let syllables = word.split(' ').count();
            let end = text.match_indices(' ').nth(syllables - 1).map(|(i, _)| i)?;
            let (head, tail) = (&text[..end], &text[end + 1..]);
            let names_a_place = tail
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
            (fold_key(head) == fold_key(word) && names_a_place).then_some(end)
        })
}

fn lower_level_word(text: &str) -> String {
    match level_word_len(text) {
        // Typed in capitals: the clerk's own style, left alone.
        Some(end) if text[..end] != text[..end].to_uppercase() => {
            format!("{}{}", text[..end].to_lowercase(), &text[end..])
        }
        _ => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn level_words_are_lower_case_in_a_sentence() {
        let cases = [
            ("Phường An Xuyên", "phường An Xuyên"),
            ("Xã Khánh Bình", "xã Khánh Bình"),
            (
                "Xã Khánh Bình (Huyện Trần Văn Thời)",
                "xã Khánh Bình (huyện Trần Văn Thời)",
            ),
            ("Thị xã Kỳ Anh", "thị xã Kỳ Anh"),
            ("Thị Xã Kỳ Anh", "thị xã Kỳ Anh"),
            ("Thị trấn Minh Long", "thị trấn Minh Long"),
            ("Thành phố Cà Mau", "thành phố Cà Mau"),
            ("Tỉnh Cà Mau", "tỉnh Cà Mau"),
            ("Quận 1", "quận 1"),
            ("Đặc khu Phú Quốc", "đặc khu Phú Quốc"),
            ("Thôn Gò Chè", "thôn Gò Chè"),
            ("Ấp 3", "ấp 3"),
            ("Khu phố 2", "khu phố 2"),
            ("Tổ dân phố Trung", "tổ dân phố Trung"),
            ("Bản Lác", "bản Lác"),
            ("Ấp 3 (Xã Khánh Bình)", "ấp 3 (xã Khánh Bình)"),
            // Already as a sentence writes it, or no level word.
            ("xã Long Sơn", "xã Long Sơn"),
            ("Long Sơn", "Long Sơn"),
            ("Minh Long (cấp huyện)", "Minh Long (cấp huyện)"),
            ("Khánh Bình (Trần Văn Thời)", "Khánh Bình (Trần Văn Thời)"),
            ("(Không ghi địa bàn)", "(Không ghi địa bàn)"),
            // Capitals are the clerk's style; a bare word names nothing.
            ("XÃ KHÁNH BÌNH", "XÃ KHÁNH BÌNH"),
            ("Thôn", "Thôn"),
            ("Xã", "Xã"),
            // A word that only begins like a level word.
            ("Xãm Lớn", "Xãm Lớn"),
            ("Huyện đội", "Huyện đội"),
        ];
        for (name, expected) in cases {
            assert_eq!(place_in_prose(name), expected, "{name}");
        }
    }

    #[test]
    fn knows_a_leading_level_word() {
        assert!(starts_with_level_word("Huyện Trần Văn Thời"));
        assert!(starts_with_level_word("thị trấn Minh Long"));
        assert!(!starts_with_level_word("Trần Văn Thời"));
        assert!(!starts_with_level_word("Công an huyện"));
    }
}
