//! Who a commendation row commends, from its words: the "Đối tượng" cell
//! ("Tập thể", "TT", "Cá nhân", "CN") and the header of a count column
//! ("Số tập thể" holds numbers; a bare "Tập thể" may hold names or marks).
//! Pure functions of text: the row itself is read in `rows.rs`.

use super::fold::{bare_key, fold_key};
use crate::domain::RecipientKind;

/// The kind a "Đối tượng" cell names: "Tập thể" and its abbreviations
/// "TT", "T.T" a collective; "Cá nhân", "CN", "C.N" a person; any case,
/// with or without diacritics. Other text: `None`.
pub fn recipient_kind_of(text: &str) -> Option<RecipientKind> {
    // Without diacritics only when the text has none ("tap the").
    let fold = if text.is_ascii() { bare_key } else { fold_key };
    let key = fold(text);
    // "T.T" folds to "t t": the letters alone say the abbreviation.
    let letters: String = key.split(' ').collect();
    let words = format!(" {key} ");
    let says = |word: &str| words.contains(&format!(" {} ", fold(word)));
    if letters == "tt" || says("tập thể") {
        Some(RecipientKind::Collective)
    } else if letters == "cn" || says("cá nhân") {
        Some(RecipientKind::Individual)
    } else {
        None
    }
}

/// Whether a count column's header says it holds numbers: "Số tập thể",
/// "SL cá nhân", "Số lượng / Tập thể" do; a bare "Tập thể" or "Đối tượng /
/// Cá nhân" does not, and may list names or marks ("x") instead.
pub fn header_says_number(header: &str) -> bool {
    bare_key(header)
        .split(' ')
        .any(|word| matches!(word, "so" | "sl"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::RecipientKind::{Collective, Individual};

    #[test]
    fn recipient_words() {
        let cases = [
            ("Tập thể", Some(Collective)),
            ("tập thể", Some(Collective)),
            ("TẬP THỂ", Some(Collective)),
            ("Tap the", Some(Collective)),
            ("TT", Some(Collective)),
            ("tt", Some(Collective)),
            ("T.T", Some(Collective)),
            ("t.t.", Some(Collective)),
            (" TT ", Some(Collective)),
            ("Cá nhân", Some(Individual)),
            ("cá nhân", Some(Individual)),
            ("CA NHAN", Some(Individual)),
            ("CN", Some(Individual)),
            ("cn", Some(Individual)),
            ("C.N", Some(Individual)),
            ("c.n", Some(Individual)),
            ("Tập thể, cá nhân", Some(Collective)),
            ("", None),
            ("Hộ gia đình", None),
            ("TTN", None),
            ("CNV", None),
            ("Tạp thể", None),
        ];
        for (text, kind) in cases {
            assert_eq!(recipient_kind_of(text), kind, "{text:?}");
        }
    }

    #[test]
    fn count_headers_that_say_numbers() {
        for (header, number) in [
            ("Số tập thể", true),
            ("SỐ CÁ NHÂN", true),
            ("So ca nhan", true),
            ("SL tập thể", true),
            ("SL. cá nhân", true),
            ("Số lượng / Tập thể", true),
            ("Số lượng tập thể", true),
            ("Tập thể", false),
            ("CÁ NHÂN", false),
            ("Đối tượng / Tập thể", false),
            ("Tập thể được khen", false),
        ] {
            assert_eq!(header_says_number(header), number, "{header:?}");
        }
    }
}
