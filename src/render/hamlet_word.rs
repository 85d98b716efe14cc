//! The word the report uses for the level below the commune: "05 thôn được
//! chọn…". Quảng Ngãi says "thôn", the South says "ấp", towns "tổ dân phố",
//! the north-west "bản"; a clerk expects the word of their own data.
//!
//! In order: the clerk's `hamlet_word` setting; the word the data itself
//! uses (a hamlet column headed "Thôn" or "Ấp" rather than "Thôn/Ấp", or
//! hamlets named "Ấp 3", "Thôn Gò Chè"); the provinces' usual word ("ấp" in
//! the South, "thôn" elsewhere); else "thôn, ấp". Reads the summary only.

use crate::aggregate::{LocalityKey, Summary};
use crate::normalise::fold::{bare_key, fold_key};

/// Words of the hamlet level, in the order a report lists several; a longer
/// word comes before a word it starts with ("khu phố" before "khu").
pub const WORDS: [&str; 12] = [
    "thôn",
    "ấp",
    "bản",
    "buôn",
    "bon",
    "plei",
    "làng",
    "xóm",
    "khóm",
    "khu phố",
    "tổ dân phố",
    "khu",
];

/// Said when neither the data nor its provinces tell the word.
pub const EITHER: &str = "thôn, ấp";

/// Provinces whose hamlets are "ấp" (the Southeast and the Mekong Delta,
/// names before and after 1/7/2025), as [`bare_key`]s.
const AP_PROVINCES: [&str; 23] = [
    "ho chi minh",
    "hcm",
    "tphcm",
    "binh duong",
    "ba ria vung tau",
    "ba ria",
    "vung tau",
    "dong nai",
    "binh phuoc",
    "tay ninh",
    "long an",
    "tien giang",
    "ben tre",
    "tra vinh",
    "vinh long",
    "dong thap",
    "an giang",
    "kien giang",
    "can tho",
    "hau giang",
    "soc trang",
    "bac lieu",
    "ca mau",
];

/// The hamlet level's word for `summary`'s report; `configured` wins.
pub fn hamlet_word(configured: Option<&str>, summary: &Summary) -> String {
    if let Some(word) = configured {
        return word.to_owned();
    }
    let keys = || summary.localities.keys().chain(&summary.focus_localities);
    let from_data = words_of_data(summary.hamlet_headers.iter().map(String::as_str), keys());
    if !from_data.is_empty() {
        return from_data.join(", ");
    }
    word_of_provinces(keys().map(|k| &*k[0])).to_owned()
}

/// The words named by headers ("Thôn", "Ấp", not "Thôn/Ấp") and by at least
/// half of the hamlets' own names ("Ấp 3"), in [`WORDS`] order.
fn words_of_data<'a>(
    headers: impl Iterator<Item = &'a str>,
    keys: impl Iterator<Item = &'a LocalityKey>,
) -> Vec<&'static str> {
    let mut named = [false; WORDS.len()];
    for header in headers {
        // "Địa bàn / Thôn": a two-row header's own part.
        let own = header.rsplit(" / ").next().unwrap_or(header);
        let key = fold_key(own);
        if let Some(i) = WORDS.iter().position(|w| fold_key(w) == key) {
            named[i] = true;
        }
    }
    let mut names = std::collections::BTreeSet::new();
    for key in keys {
        if !key[3].is_empty() {
            names.insert(&*key[3]);
        }
    }
    let mut starting = [0usize; WORDS.len()];
    for name in &names {
        let word = WORDS
            .iter()
            .position(|w| name.strip_prefix(&format!("{} ", fold_key(w))).is_some());
        if let Some(i) = word {
            starting[i] += 1;
        }
    }
    // One "Xóm Mới" among thôn with plain names is a name, not the word.
    for (i, n) in starting.iter().enumerate() {
        if *n > 0 && n * 2 >= names.len() {
            named[i] = true;
        }
    }
    WORDS
        .iter()
        .zip(named)
        .filter(|(_, n)| *n)
        .map(|(w, _)| *w)
        .collect()
}

/// "ấp" when every province named is in the South, "thôn" when none is,
/// [`EITHER`] when they are mixed or none is named.
fn word_of_provinces<'a>(provinces: impl Iterator<Item = &'a str>) -> &'static str {
    let (mut ap, mut thon) = (false, false);
    for province in provinces.filter(|p| !p.is_empty()) {
        let key = bare_key(province);
        let name = ["thanh pho ", "tp ", "tinh "]
            .iter()
            .find_map(|prefix| key.strip_prefix(prefix))
            .unwrap_or(&key);
        if AP_PROVINCES.contains(&name) {
            ap = true;
        } else {
            thon = true;
        }
    }
    match (ap, thon) {
        (true, false) => "ấp",
        (false, true) => "thôn",
        _ => EITHER,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::SharedText;

    fn key(province: &str, hamlet: &str) -> LocalityKey {
        [
            SharedText::from(fold_key(province).as_str()),
            SharedText::from(""),
            SharedText::from("x"),
            SharedText::from(fold_key(hamlet).as_str()),
        ]
    }

    #[test]
    fn the_data_names_the_word() {
        let cases: [(&[&str], &[&str], &[&str]); 7] = [
            (&["Thôn/Ấp"], &["Gò Chè", "Hà Bôi"], &[]),
            (&["Thôn"], &["Gò Chè"], &["thôn"]),
            (&["ẤP"], &[], &["ấp"]),
            (&["Địa bàn / Tổ dân phố"], &[], &["tổ dân phố"]),
            (&["Thôn/Ấp"], &["Ấp 1", "Ấp 2", "Long Thạnh"], &["ấp"]),
            (&["Thôn/Ấp"], &["Xóm Mới", "Gò Chè", "Hà Bôi"], &[]),
            (
                &["Thôn"],
                &["Tổ dân phố 2", "Thôn 1"],
                &["thôn", "tổ dân phố"],
            ),
        ];
        for (headers, hamlets, expected) in cases {
            let keys: Vec<LocalityKey> = hamlets.iter().map(|h| key("", h)).collect();
            assert_eq!(
                words_of_data(headers.iter().copied(), keys.iter()),
                expected,
                "{headers:?} {hamlets:?}"
            );
        }
    }

    #[test]
    fn the_provinces_name_the_word() {
        let cases: [(&[&str], &str); 6] = [
            (&["Quảng Ngãi"], "thôn"),
            (&["Bạc Liêu", "tỉnh Cà Mau"], "ấp"),
            (&["TP. Hồ Chí Minh"], "ấp"),
            (&["Thành phố Cần Thơ"], "ấp"),
            (&["An Giang", "Quảng Ngãi"], EITHER),
            (&[""], EITHER),
        ];
        for (provinces, expected) in cases {
            let folded: Vec<String> = provinces.iter().map(|p| fold_key(p)).collect();
            assert_eq!(
                word_of_provinces(folded.iter().map(String::as_str)),
                expected,
                "{provinces:?}"
            );
        }
    }
}
