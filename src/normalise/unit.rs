//! The units a header, a unit line ("ĐVT: 1000đ") or a number's own suffix
//! ("12.500.000đ", "0,5 ha") names: money (đồng, nghìn, triệu, tỷ đồng) and
//! land area (m², ha). It reads words only, never numbers or cells.
//!
//! Texts are compared by compact keys: folded (case, tone placement) with the
//! spaces and dots between words dropped, so "Tr.đ", "tr đ" and "trđ" are one
//! spelling, as are "1.000đ" and "1000 đ". Short spellings ("đ", "tr", "ha")
//! count only where a unit is written: inside brackets, after a colon or
//! "ĐVT", or after a number; among a header's words they are other words
//! ("Đ/c", "Đơn vị"). Without diacritics only spellings that cannot be
//! another word are read among words ("dong" may be "động", "ngan" "ngân").

use crate::domain::MoneyUnit;
use crate::normalise::fold::{bare_key, fold_key};
use std::sync::LazyLock;

/// Where a spelling names its unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// Only where a unit is written: brackets, after a colon or "ĐVT", after
    /// a number.
    Written,
    /// Also among a header's words, typed with its diacritics.
    Words,
    /// Also among a header's words typed without diacritics.
    BareWords,
}

/// Where a text is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Context {
    /// After a number ("12.500.000đ", "5d"): every spelling, even one letter.
    Suffix,
    /// Where a unit is written in a header or a unit line.
    Written,
    /// Among a header's words.
    Words,
}

/// Spellings of the money units.
const MONEY: &[(&str, MoneyUnit, Place)] = &[
    ("đ", MoneyUnit::Dong, Place::Written),
    ("đồng", MoneyUnit::Dong, Place::Words),
    ("vnđ", MoneyUnit::Dong, Place::BareWords),
    ("nghìn", MoneyUnit::ThousandDong, Place::BareWords),
    ("ngàn", MoneyUnit::ThousandDong, Place::Words),
    ("nghìn đồng", MoneyUnit::ThousandDong, Place::BareWords),
    ("ngàn đồng", MoneyUnit::ThousandDong, Place::BareWords),
    ("nghìn đ", MoneyUnit::ThousandDong, Place::BareWords),
    ("ngàn đ", MoneyUnit::ThousandDong, Place::BareWords),
    ("ng.đ", MoneyUnit::ThousandDong, Place::BareWords),
    ("1000đ", MoneyUnit::ThousandDong, Place::BareWords),
    ("1000 đồng", MoneyUnit::ThousandDong, Place::BareWords),
    ("triệu", MoneyUnit::MillionDong, Place::BareWords),
    ("triệu đồng", MoneyUnit::MillionDong, Place::BareWords),
    ("triệu đ", MoneyUnit::MillionDong, Place::BareWords),
    ("tr", MoneyUnit::MillionDong, Place::Written),
    ("tr.đ", MoneyUnit::MillionDong, Place::BareWords),
    ("tr đồng", MoneyUnit::MillionDong, Place::BareWords),
    ("tỷ", MoneyUnit::BillionDong, Place::Words),
    ("tỉ", MoneyUnit::BillionDong, Place::Words),
    ("tỷ đồng", MoneyUnit::BillionDong, Place::BareWords),
    ("tỉ đồng", MoneyUnit::BillionDong, Place::BareWords),
    ("tỷ đ", MoneyUnit::BillionDong, Place::BareWords),
    ("tỉ đ", MoneyUnit::BillionDong, Place::BareWords),
];

/// Which money unit wins when a header names several: "(triệu đồng)" names
/// triệu and đồng, and is triệu.
const MONEY_PRIORITY: [MoneyUnit; 4] = [
    MoneyUnit::MillionDong,
    MoneyUnit::BillionDong,
    MoneyUnit::ThousandDong,
    MoneyUnit::Dong,
];

/// A land area's unit: one dvk converts to m², or a regional one whose size
/// differs from region to region (a sào is 360 m² in the North, 500 m² in
/// the Centre), which dvk must not guess.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AreaUnit {
    SquareMetre,
    Hectare,
    /// The unit's usual spelling ("sào").
    Regional(&'static str),
}

impl AreaUnit {
    /// Thousandths of a m² in one unit, or a regional unit's name.
    pub const fn milli_m2(self) -> Result<i64, &'static str> {
        match self {
            AreaUnit::SquareMetre => Ok(1_000),
            AreaUnit::Hectare => Ok(10_000_000),
            AreaUnit::Regional(name) => Err(name),
        }
    }
}

/// Spellings of the land area units.
const AREA: &[(&str, AreaUnit, Place)] = &[
    ("m2", AreaUnit::SquareMetre, Place::BareWords),
    ("m²", AreaUnit::SquareMetre, Place::BareWords),
    ("mét vuông", AreaUnit::SquareMetre, Place::BareWords),
    ("ha", AreaUnit::Hectare, Place::Written),
    ("hecta", AreaUnit::Hectare, Place::BareWords),
    ("héc-ta", AreaUnit::Hectare, Place::BareWords),
    ("hécta", AreaUnit::Hectare, Place::BareWords),
    ("sào", AreaUnit::Regional("sào"), Place::Written),
    ("công", AreaUnit::Regional("công"), Place::Written),
    ("công đất", AreaUnit::Regional("công đất"), Place::Written),
    ("công tầm", AreaUnit::Regional("công tầm"), Place::Written),
    ("mẫu", AreaUnit::Regional("mẫu"), Place::Written),
    ("thước", AreaUnit::Regional("thước"), Place::Written),
];

/// Regional units first: a header naming one is never read as m².
const AREA_PRIORITY: [fn(AreaUnit) -> bool; 3] = [
    |u| matches!(u, AreaUnit::Regional(_)),
    |u| u == AreaUnit::Hectare,
    |u| u == AreaUnit::SquareMetre,
];

/// Words that announce a unit: "ĐVT", "Đơn vị tính", "Đơn vị".
const UNIT_LABELS: [&str; 3] = ["đơn vị tính", "đơn vị", "đvt"];

/// The money unit a header or unit line names: "(triệu đồng)", "(1000đ)",
/// "(1.000 đồng)", "(Tr.đ)", "(ng.đ)", "(đ)", "(VNĐ)", "ĐVT: 1000đ", with
/// or without diacritics ("(trieu dong)").
pub fn money_unit_in(text: &str) -> Option<MoneyUnit> {
    let found = units_in(text, &MONEY_SPELLINGS);
    MONEY_PRIORITY.into_iter().find(|unit| found.contains(unit))
}

/// The money unit a unit line above a table names ("ĐVT: 1000đ", "Đơn vị
/// tính: triệu đồng", "DVT: trieu dong"); `None` for any other line ("Đơn
/// vị: Hội đồng nhân dân xã" names the reporting body, not a unit).
pub fn money_unit_of_line(text: &str) -> Option<MoneyUnit> {
    let key = fold_key(text);
    let labelled = ["đvt", "đơn vị tính"].iter().any(|label| {
        [fold_key(label), bare_key(label)].iter().any(|spelled| {
            key.strip_prefix(spelled.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
                || key.contains(&format!(" {spelled} "))
        })
    });
    if labelled {
        money_unit_in(text)
    } else {
        None
    }
}

/// The money unit a number's suffix names ("đ", "triệu", "tỷ đồng", "trđ").
pub fn money_unit_of_suffix(suffix: &str) -> Option<MoneyUnit> {
    unit_of(suffix, &MONEY_SPELLINGS, Context::Suffix)
}

/// The land area unit a header names: "Đất hiến (ha)", "Đất hiến (m2)",
/// "Diện tích (héc-ta)"; a regional unit ("(sào)") too, to be refused.
pub fn area_unit_in(text: &str) -> Option<AreaUnit> {
    let found = units_in(text, &AREA_SPELLINGS);
    AREA_PRIORITY
        .iter()
        .find_map(|is| found.iter().copied().find(|u| is(*u)))
}

/// The land area unit a number's suffix names ("ha", "m2", "sào"); `None`
/// for any other text.
pub fn area_unit_of_suffix(suffix: &str) -> Option<AreaUnit> {
    unit_of(suffix, &AREA_SPELLINGS, Context::Suffix)
}

/// Every unit `text` names: in the places a unit is written (brackets,
/// after a colon, after "ĐVT"), and among its words (one to three in a row:
/// "tr đồng", "1 000 đồng").
fn units_in<U: Copy>(text: &str, table: &[Spelling<U>]) -> Vec<U> {
    let mut found = Vec::new();
    let mut after = None;
    for part in text.split_inclusive(SEPARATORS) {
        let separator = part.chars().last().filter(|c| SEPARATORS.contains(c));
        let body = separator.map_or(part, |s| &part[..part.len() - s.len_utf8()]);
        let written = matches!(after, Some('(' | '[' | ':'));
        after = separator;
        let (labelled, rest) = without_unit_label(body);
        if written || labelled {
            found.extend(unit_of(&rest, table, Context::Written));
        }
    }
    let key = fold_key(text);
    let words: Vec<&str> = key.split(' ').collect();
    for length in 1..=3 {
        for window in words.windows(length) {
            found.extend(unit_of(&window.concat(), table, Context::Words));
        }
    }
    found
}

/// What separates the parts of a header: a part after an opening bracket
/// or a colon is where a unit is written.
const SEPARATORS: [char; 8] = ['(', ')', '[', ']', ':', ',', ';', '/'];

/// The folded `text` without a leading "ĐVT", "Đơn vị tính" or "Đơn vị",
/// and whether it had one.
fn without_unit_label(text: &str) -> (bool, String) {
    let key = fold_key(text);
    for label in UNIT_LABELS {
        for spelled in [fold_key(label), bare_key(label)] {
            if let Some(rest) = key.strip_prefix(&spelled) {
                if rest.is_empty() || rest.starts_with(' ') {
                    return (true, rest.trim_start().to_owned());
                }
            }
        }
    }
    (false, key)
}

/// The unit `text` names as a whole, read in `context`.
fn unit_of<U: Copy>(text: &str, table: &[Spelling<U>], context: Context) -> Option<U> {
    let key = compact(&fold_key(text));
    if key.is_empty() {
        return None;
    }
    // A folded key is lower case: when it is ASCII, it is its own bare key.
    let ascii = key.is_ascii();
    table.iter().find_map(|s| {
        let named = match (context, s.place) {
            (Context::Words, Place::Written) => false,
            (Context::Words, Place::Words) => s.folded == key,
            _ => {
                s.folded == key
                    // One letter without its marks ("d") is a unit only
                    // after a number; in a header it may be a column's
                    // label "(d)".
                    || (ascii && (context == Context::Suffix || s.bare.len() > 1) && s.bare == key)
            }
        };
        named.then_some(s.unit)
    })
}

/// A spelling of a unit, with its compact keys computed once.
struct Spelling<U> {
    folded: String,
    bare: String,
    unit: U,
    place: Place,
}

fn spellings<U: Copy>(table: &[(&str, U, Place)]) -> Vec<Spelling<U>> {
    table
        .iter()
        .map(|(text, unit, place)| Spelling {
            folded: compact(&fold_key(text)),
            bare: compact(&bare_key(text)),
            unit: *unit,
            place: *place,
        })
        .collect()
}

static MONEY_SPELLINGS: LazyLock<Vec<Spelling<MoneyUnit>>> = LazyLock::new(|| spellings(MONEY));
static AREA_SPELLINGS: LazyLock<Vec<Spelling<AreaUnit>>> = LazyLock::new(|| spellings(AREA));

/// A folded key without the spaces between its words.
fn compact(key: &str) -> String {
    key.split(' ').collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_units_in_headers() {
        use MoneyUnit::*;
        for (text, unit) in [
            ("Kinh phí (triệu đồng)", Some(MillionDong)),
            ("Kinh phí (đồng)", Some(Dong)),
            ("Kinh phí (nghìn đồng)", Some(ThousandDong)),
            ("Kinh phí (ngàn đồng)", Some(ThousandDong)),
            ("Kinh phí (tỷ đồng)", Some(BillionDong)),
            ("KINH PHÍ (TRIỆU ĐỒNG)", Some(MillionDong)),
            ("Kinh phi (trieu dong)", Some(MillionDong)),
            ("KINH PHI (NGHIN DONG)", Some(ThousandDong)),
            // Thousands, as a walkthrough's headers wrote them.
            ("Tổng kinh phí (1000đ)", Some(ThousandDong)),
            ("Tổng kinh phí (1.000đ)", Some(ThousandDong)),
            ("Tổng kinh phí (1.000 đồng)", Some(ThousandDong)),
            ("Tổng kinh phí (1000 đồng)", Some(ThousandDong)),
            ("Tổng kinh phí (ng.đ)", Some(ThousandDong)),
            ("Tổng kinh phí (ngđ)", Some(ThousandDong)),
            ("Tổng kinh phí (nghìn đ)", Some(ThousandDong)),
            ("Tổng kinh phí (ngàn đ)", Some(ThousandDong)),
            ("Tổng kinh phí (nghìn)", Some(ThousandDong)),
            ("Tong kinh phi (1000d)", Some(ThousandDong)),
            ("Tổng kinh phí 1000đ", Some(ThousandDong)),
            ("ĐVT: 1000đ", Some(ThousandDong)),
            ("ĐVT 1.000 đồng", Some(ThousandDong)),
            // Millions.
            ("Tổng kinh phí (Tr.đ)", Some(MillionDong)),
            ("Tổng kinh phí (tr.đ)", Some(MillionDong)),
            ("Tổng kinh phí (trđ)", Some(MillionDong)),
            ("Tổng kinh phí (tr.đồng)", Some(MillionDong)),
            ("Tổng kinh phí (tr đồng)", Some(MillionDong)),
            ("Tổng kinh phí (tr)", Some(MillionDong)),
            ("Tổng kinh phí (Triệu)", Some(MillionDong)),
            ("Tổng kinh phí tr.đ", Some(MillionDong)),
            ("Ngân sách nhà nước (triệu đồng)", Some(MillionDong)),
            ("Tong kinh phi (tr.d)", Some(MillionDong)),
            // Billions.
            ("Tổng kinh phí (tỷ)", Some(BillionDong)),
            ("Tổng kinh phí (tỉ đồng)", Some(BillionDong)),
            ("Tong kinh phi (ty dong)", Some(BillionDong)),
            // Đồng.
            ("Tổng kinh phí (đ)", Some(Dong)),
            ("Tổng kinh phí (Đ)", Some(Dong)),
            ("Tổng kinh phí (VNĐ)", Some(Dong)),
            ("Tổng kinh phí (VND)", Some(Dong)),
            ("Tong kinh phi (VND)", Some(Dong)),
            ("Tong kinh phi (dong)", Some(Dong)),
            ("Tổng kinh phí (Đơn vị: đồng)", Some(Dong)),
            ("Tổng kinh phí (đ/năm)", Some(Dong)),
            ("Vận động xã hội hóa (đ)", Some(Dong)),
            ("ĐVT: đ", Some(Dong)),
            ("ĐVT: đồng", Some(Dong)),
            // No unit: ordinary words.
            ("Kinh phí", None),
            ("Tổng kinh phí", None),
            ("Đ/c", None),
            ("Đ/c phụ trách", None),
            ("Đơn vị", None),
            ("Đơn vị thực hiện", None),
            ("Đất hiến", None),
            ("Đất hiến (ha)", None),
            ("Ngân sách", None),
            ("Ngân sách nhà nước", None),
            ("NGÂN SÁCH NHÀ NƯỚC", None),
            ("Ngan sach nha nuoc", None),
            ("Vận động", None),
            ("Vận động xã hội hóa", None),
            ("Van dong xa hoi hoa", None),
            ("VẬN ĐỘNG XÃ HỘI HÓA", None),
            ("Trong đó", None),
            ("Tổng kinh phí (d)", None),
            ("Tr", None),
            ("Đ", None),
        ] {
            assert_eq!(money_unit_in(text), unit, "{text:?}");
        }
    }

    #[test]
    fn money_units_of_unit_lines() {
        use MoneyUnit::*;
        for (text, unit) in [
            ("ĐVT: triệu đồng", Some(MillionDong)),
            ("ĐVT: 1000đ", Some(ThousandDong)),
            ("ĐVT: 1.000 đồng", Some(ThousandDong)),
            ("ĐVT:1000đ", Some(ThousandDong)),
            ("Đơn vị tính: 1.000đ", Some(ThousandDong)),
            ("ĐVT: Tr.đ", Some(MillionDong)),
            ("ĐVT: ng.đ", Some(ThousandDong)),
            ("ĐVT: đ", Some(Dong)),
            ("ĐVT: đồng", Some(Dong)),
            ("(ĐVT: VNĐ)", Some(Dong)),
            ("DVT: trieu dong", Some(MillionDong)),
            ("DVT: 1000d", Some(ThousandDong)),
            ("Biểu 2 - ĐVT: tỷ đồng", Some(BillionDong)),
            // Not unit lines.
            ("Đơn vị: Hội đồng nhân dân xã Long Sơn", None),
            ("BIỂU TỔNG HỢP CÔNG TRÌNH (triệu đồng)", None),
            ("ĐVT", None),
            ("Đvtx: 1000đ", None),
        ] {
            assert_eq!(money_unit_of_line(text), unit, "{text:?}");
        }
    }

    #[test]
    fn money_units_after_numbers() {
        use MoneyUnit::*;
        for (suffix, unit) in [
            ("đ", Some(Dong)),
            ("d", Some(Dong)),
            ("vnd", Some(Dong)),
            ("đồng", Some(Dong)),
            ("nghìn", Some(ThousandDong)),
            ("ngàn đ", Some(ThousandDong)),
            ("tr", Some(MillionDong)),
            ("trđ", Some(MillionDong)),
            ("tr đ", Some(MillionDong)),
            ("triệu đồng", Some(MillionDong)),
            ("tỷ", Some(BillionDong)),
            ("tỉ đồng", Some(BillionDong)),
            ("km", None),
            ("ha", None),
        ] {
            let folded = fold_key(suffix);
            assert_eq!(money_unit_of_suffix(&folded), unit, "{suffix:?}");
        }
    }

    #[test]
    fn area_units_in_land_headers() {
        use AreaUnit::*;
        for (text, unit) in [
            ("Đất hiến (ha)", Some(Hectare)),
            ("Đất hiến (HA)", Some(Hectare)),
            ("Đất hiến (hecta)", Some(Hectare)),
            ("Đất hiến (héc-ta)", Some(Hectare)),
            ("Đất hiến (hécta)", Some(Hectare)),
            ("Diện tích đất hiến, ĐVT: ha", Some(Hectare)),
            ("Dat hien (ha)", Some(Hectare)),
            ("Đất hiến (m2)", Some(SquareMetre)),
            ("Đất hiến (m²)", Some(SquareMetre)),
            ("Đất hiến (mét vuông)", Some(SquareMetre)),
            ("Dat hien (m2)", Some(SquareMetre)),
            ("Số m2 đất hiến", Some(SquareMetre)),
            ("Đất hiến (sào)", Some(Regional("sào"))),
            ("Đất hiến (công đất)", Some(Regional("công đất"))),
            ("Đất hiến (Công)", Some(Regional("công"))),
            ("Đất hiến (mẫu)", Some(Regional("mẫu"))),
            ("Đất hiến", None),
            ("Diện tích đất hiến", None),
            ("Đất hiến cho công trình", None),
            ("Hà Nội", None),
            ("Đất hiến (nếu có)", None),
        ] {
            assert_eq!(area_unit_in(text), unit, "{text:?}");
        }
    }

    #[test]
    fn area_units_after_numbers() {
        use AreaUnit::*;
        for (suffix, unit) in [
            ("ha", Some(Hectare)),
            ("Ha", Some(Hectare)),
            ("m2", Some(SquareMetre)),
            ("m²", Some(SquareMetre)),
            ("M2", Some(SquareMetre)),
            ("mét vuông", Some(SquareMetre)),
            ("sào", Some(Regional("sào"))),
            ("sao", Some(Regional("sào"))),
            ("công đất", Some(Regional("công đất"))),
            ("m", None),
            ("km", None),
            ("đ", None),
        ] {
            let folded = fold_key(suffix);
            assert_eq!(area_unit_of_suffix(&folded), unit, "{suffix:?}");
        }
    }
}
