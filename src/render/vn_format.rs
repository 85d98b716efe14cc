//! Numbers written the Vietnamese way, for every renderer and template filter.
//!
//! Thousands ".", decimals ",": `2.090`, `4,2 nghìn`, `1.192 tỷ đồng`, `85,3%`.
//! Rounded figures carry a word, applied honestly: "trên"/"hơn" only when the
//! exact figure is above what is shown, "gần" only when it is below.
//!
//! Prose rounds by one rule, as the seed reports write ("trên 31 km", "hơn
//! 4,2 nghìn", "hơn 4.400 mô hình", "trên 25 nghìn", "trên 1.192 tỷ đồng"):
//! a cut figure keeps two significant digits, never fewer than its whole
//! part in its unit (tỷ đồng, triệu đồng, nghìn, km…): one decimal below
//! 10 of the unit ("trên 9,5 km"), none from 10 up ("trên 30 km"); counts
//! of thousands to the ten ("trên 2.090"). Money keeps one decimal up to
//! 100 of its unit ("trên 7,2 tỷ", "trên 27,8 tỷ"), none from there ("trên
//! 614 triệu", "trên 1.192 tỷ"). Tables keep exact figures.

use crate::config::SigningDate;

/// How a shown figure relates to the exact one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rounding {
    Exact,
    /// The exact figure is above the one shown ("trên", "hơn").
    Above,
    /// The exact figure is below the one shown ("gần").
    Below,
}

/// `1234567` → `1.234.567`.
pub fn group_thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// `units / 10^decimals` with "," as decimal mark, trailing zeros dropped:
/// (12345, 3) → `12,345`; (12500, 3) → `12,5`; (1_234_000, 3) → `1.234`.
pub fn decimal(units: i64, decimals: u32) -> String {
    let base = 10i64.pow(decimals);
    let whole = units / base;
    let fraction = (units % base).unsigned_abs();
    let mut out = if units < 0 && whole == 0 {
        "-0".to_owned()
    } else {
        group_thousands(whole)
    };
    if fraction > 0 {
        let digits = format!("{fraction:0width$}", width = decimals as usize);
        out.push(',');
        out.push_str(digits.trim_end_matches('0'));
    }
    out
}

/// `units / 10^scale` with exactly `decimals` decimals (truncating only
/// zeros the caller knows are zeros): (1_234_500, 3, 2) → `1.234,50`.
pub fn fixed_decimal(units: i64, scale: u32, decimals: u32) -> String {
    let decimals = decimals.min(scale);
    let shown = units / 10i64.pow(scale - decimals);
    let base = 10i64.pow(decimals);
    let whole = group_thousands(shown / base);
    if decimals == 0 {
        return whole;
    }
    let sign = if shown < 0 && shown / base == 0 {
        "-"
    } else {
        ""
    };
    format!(
        "{sign}{whole},{:0width$}",
        (shown % base).unsigned_abs(),
        width = decimals as usize
    )
}

/// A count in prose: `7` → `07` when padding small counts, as reports do
/// ("05 xã", "07 mô hình"); one thing is then written "một" ("một xã và 05
/// thôn"), as reports write it, never "01".
pub fn count(n: u64, pad_small: bool) -> String {
    match n {
        1 if pad_small => "một".to_owned(),
        2..=9 if pad_small => format!("0{n}"),
        _ => group_thousands(n as i64),
    }
}

/// The first `named` of `items` joined by `separator`, the rest counted:
/// "a, b, c và 2 tệp khác" (`others` names what the rest are).
pub fn first_few(items: &[impl AsRef<str>], named: usize, separator: &str, others: &str) -> String {
    let shown: Vec<&str> = items.iter().take(named).map(AsRef::as_ref).collect();
    let mut text = shown.join(separator);
    if items.len() > named {
        let rest = count((items.len() - named) as u64, false);
        text.push_str(&format!(" và {rest} {others} khác"));
    }
    text
}

/// Rows a message names before counting the rest ("dòng 2, 3, 4, 6, 7 và
/// 3 dòng khác"), unless it says otherwise.
pub const ROWS_NAMED: usize = 5;

/// "dòng 8, 9, 10, 11, 12 và 2 dòng khác": the first `named` of `rows`,
/// of `total` rows in all (more than `rows` holds when only the first few
/// were kept).
pub fn rows_named(rows: &[u32], total: u64, named: usize) -> String {
    let shown: Vec<String> = rows.iter().take(named).map(u32::to_string).collect();
    let mut text = format!("dòng {}", shown.join(", "));
    let rest = total.saturating_sub(shown.len() as u64);
    if rest > 0 {
        text.push_str(&format!(" và {} dòng khác", count(rest, false)));
    }
    text
}

/// A count said beside other counts of one phrase ("02 tập thể, 01 cá
/// nhân"): one style for the phrase, so a one among padded figures is
/// "01", not "một"; alone, or among other ones, it is "một".
pub fn count_in_phrase(n: u64, others: &[u64], pad_small: bool) -> String {
    if pad_small && n == 1 && others.iter().any(|&o| o > 1) {
        return "01".to_owned();
    }
    count(n, pad_small)
}

/// Units that measure rather than count: their amounts are written in
/// figures, never padded nor in words ("1 km", "5 m²", not "01 km").
fn is_measure(unit: &str) -> bool {
    matches!(
        unit,
        "km" | "m" | "mét" | "m²" | "m2" | "m³" | "m3" | "ha" | "kg" | "tấn" | "lít"
    )
}

/// `part / whole` as a percentage with one decimal: `85,3%`.
pub fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "0%".to_owned();
    }
    // Tenths of a percent, rounded half up.
    let (part, whole) = (u128::from(part), u128::from(whole));
    let tenths = (part * 2000 + whole) / (whole * 2);
    format!("{}%", decimal(tenths as i64, 1))
}

/// Money in tỷ / triệu / đồng, truncated to a readable precision, with
/// "trên" when the exact amount is above: `trên 1.192 tỷ đồng`.
pub fn money_phrase(dong: i64) -> String {
    let (shown, rounding) = money_rounded(dong);
    with_word(&shown, rounding, "trên")
}

/// The amount shown and its rounding, e.g. (`1.192 tỷ đồng`, Above).
pub fn money_rounded(dong: i64) -> (String, Rounding) {
    let (base, unit) = if dong >= 1_000_000_000 {
        (1_000_000_000i64, "tỷ đồng")
    } else if dong >= 1_000_000 {
        (1_000_000, "triệu đồng")
    } else {
        return (format!("{} đồng", group_thousands(dong)), Rounding::Exact);
    };
    // Money keeps a decimal up to 100 of its unit ("trên 27,8 tỷ", not
    // "trên 27 tỷ" for 27,89: a tenth of a tỷ is too much to drop), none
    // from there ("trên 1.192 tỷ", as a seed writes).
    let decimals = if dong / base >= 100 { 0 } else { 1 };
    let scale = 10i64.pow(decimals);
    let shown_units = (i128::from(dong) * i128::from(scale) / i128::from(base)) as i64;
    let exact = i128::from(shown_units) * i128::from(base) == i128::from(dong) * i128::from(scale);
    let rounding = if exact {
        Rounding::Exact
    } else {
        Rounding::Above
    };
    (
        format!("{} {unit}", decimal(shown_units, decimals)),
        rounding,
    )
}

/// Decimals of a rounded figure whose whole part in its unit is `whole`:
/// one below 10 ("trên 7,2 tỷ"), none from 10 up ("trên 16 tỷ").
fn decimals_for(whole: i64) -> u32 {
    if whole >= 10 {
        0
    } else {
        1
    }
}

/// `n` in units of `base`, cut to [`decimals_for`] its size, with the rounding.
fn cut_to(n: i64, base: i64) -> (String, Rounding) {
    let decimals = decimals_for(n / base);
    let step = base / 10i64.pow(decimals);
    let shown = n / step;
    let rounding = if shown * step == n {
        Rounding::Exact
    } else {
        Rounding::Above
    };
    (decimal(shown, decimals), rounding)
}

/// A large count rounded the way reports round it: `gần 800`, `trên 4,2
/// nghìn`, `trên 25,3 nghìn`; small counts stay exact. `above` is "trên" or "hơn".
pub fn approx_count(n: i64, above: &str) -> String {
    let (shown, rounding) = count_rounded(n);
    with_word(&shown, rounding, above)
}

/// The count shown and its rounding.
pub fn count_rounded(n: i64) -> (String, Rounding) {
    if n < 100 {
        return (group_thousands(n), Rounding::Exact);
    }
    if n < 1_000 {
        // Round up to two significant digits when within 1%: 792 → "gần 800".
        let step = 10i64.pow((n.ilog10()) - 1);
        let up = (n + step - 1) / step * step;
        if up != n && (up - n) * 100 <= up {
            return (group_thousands(up), Rounding::Below);
        }
        return (group_thousands(n), Rounding::Exact);
    }
    if n < 10_000 {
        // To the ten, as the seeds' "trên 2.090 lượt" (and "hơn 4.400 mô
        // hình", which rounding to the ten also gives).
        let shown = n - n % 10;
        let rounding = if shown == n {
            Rounding::Exact
        } else {
            Rounding::Above
        };
        return (group_thousands(shown), rounding);
    }
    let (base, unit) = if n < 1_000_000 {
        (1_000, "nghìn")
    } else {
        (1_000_000, "triệu")
    };
    let (shown, rounding) = cut_to(n, base);
    (format!("{shown} {unit}"), rounding)
}

/// A quantity in thousandths with its unit: `trên 31 km`, `2,5 km`, `798 căn`;
/// a whole count below 10 is padded ("07 cây", "một cây") when `pad` is
/// set, a measure never ("5 km").
pub fn quantity_phrase(milli: i64, unit: &str, pad: bool) -> String {
    let pad = pad && !is_measure(unit);
    let whole = milli / 1000;
    let (shown, rounding) = if milli % 1000 == 0 && whole < 10 {
        (count(whole.max(0) as u64, pad), Rounding::Exact)
    } else if whole < 1 {
        // Less than one unit is written exactly: "0,85 km".
        (decimal(milli, 3), Rounding::Exact)
    } else if milli % 1000 == 0 {
        (group_thousands(whole), Rounding::Exact)
    } else {
        cut_to(milli, 1000)
    };
    let text = if unit.is_empty() {
        shown
    } else {
        format!("{shown} {unit}")
    };
    with_word(&text, rounding, "trên")
}

/// [`quantity_phrase`] in a sentence with `others` counts: one of a
/// counted unit among larger counts is "01 cây cầu", as
/// [`count_in_phrase`] writes it; a measure stays "1 km".
pub fn quantity_in_phrase(milli: i64, unit: &str, others: &[u64], pad: bool) -> String {
    if milli == 1000 && !is_measure(unit) {
        let one = count_in_phrase(1, others, pad);
        return if unit.is_empty() {
            one
        } else {
            format!("{one} {unit}")
        };
    }
    quantity_phrase(milli, unit, pad)
}

fn with_word(shown: &str, rounding: Rounding, above: &str) -> String {
    match rounding {
        Rounding::Exact => shown.to_owned(),
        Rounding::Above => format!("{above} {shown}"),
        Rounding::Below => format!("gần {shown}"),
    }
}

/// Money as a number of triệu đồng for tables: `1.234,5` (at most 6 decimals, exact).
pub fn million_dong(dong: i64) -> String {
    decimal(dong, 6)
}

/// A date in words, as Hướng dẫn 36-HD/VPTW and Nghị định 30/2020 write
/// the place and date line: a 0 before days below 10 and before months 1
/// and 2. `5/1/2022` → `ngày 05 tháng 01 năm 2022`; `15/6/2022` →
/// `ngày 15 tháng 6 năm 2022`.
pub fn date_in_words(date: SigningDate) -> String {
    format!(
        "ngày {:02} tháng {} năm {}",
        date.day,
        padded_month(date.month),
        date.year
    )
}

/// The same date in figures, padded alike, as a reference to the report
/// writes it ("Kèm theo Báo cáo số … ngày 05/6/2022"): `05/01/2022`, `15/6/2022`.
pub fn date_in_figures(date: SigningDate) -> String {
    format!("{:02}/{}/{}", date.day, padded_month(date.month), date.year)
}

/// January and February take a 0 (Nghị định 30/2020), so that no digit can
/// be added to a signed date afterwards (1 into 11 or 12).
fn padded_month(month: u32) -> String {
    if month <= 2 {
        format!("{month:02}")
    } else {
        month.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn dates_in_words_and_figures_pad_alike() {
        for ((day, month, year), words, figures) in [
            ((15, 6, 2022), "ngày 15 tháng 6 năm 2022", "15/6/2022"),
            ((5, 6, 2022), "ngày 05 tháng 6 năm 2022", "05/6/2022"),
            ((5, 1, 2022), "ngày 05 tháng 01 năm 2022", "05/01/2022"),
            ((28, 2, 2023), "ngày 28 tháng 02 năm 2023", "28/02/2023"),
            ((3, 4, 2018), "ngày 03 tháng 4 năm 2018", "03/4/2018"),
            ((31, 12, 2021), "ngày 31 tháng 12 năm 2021", "31/12/2021"),
        ] {
            let date = SigningDate { day, month, year };
            assert_eq!(date_in_words(date), words);
            assert_eq!(date_in_figures(date), figures);
        }
    }

    #[test]
    fn thousands() {
        for (n, s) in [
            (0, "0"),
            (7, "7"),
            (999, "999"),
            (1000, "1.000"),
            (2090, "2.090"),
            (1_234_567, "1.234.567"),
            (-1234, "-1.234"),
        ] {
            assert_eq!(group_thousands(n), s);
        }
    }

    #[test]
    fn decimals() {
        for (units, d, s) in [
            (12345, 3, "12,345"),
            (12500, 3, "12,5"),
            (1_234_000, 3, "1.234"),
            (42, 1, "4,2"),
            (5, 3, "0,005"),
        ] {
            assert_eq!(decimal(units, d), s);
        }
    }

    #[test]
    fn fixed_decimals() {
        for (units, scale, decimals, s) in [
            (1_234_500_000, 6, 3, "1.234,500"),
            (25_145_370_000, 6, 2, "25.145,37"),
            (500_000, 6, 1, "0,5"),
            (30_256, 3, 3, "30,256"),
            (7_000, 3, 0, "7"),
        ] {
            assert_eq!(fixed_decimal(units, scale, decimals), s);
        }
    }

    #[test]
    fn counts_and_percents() {
        assert_eq!(count(7, true), "07");
        assert_eq!(count(7, false), "7");
        assert_eq!(count(296, true), "296");
        assert_eq!(count(0, true), "0");
        assert_eq!(count(1, true), "một");
        assert_eq!(count(1, false), "1");
        assert_eq!(count(10, true), "10");
        assert_eq!(first_few(&["a", "b"], 3, ", ", "tệp"), "a, b");
        assert_eq!(
            first_few(&["a", "b", "c", "d", "e"], 3, "; ", "nơi"),
            "a; b; c và 2 nơi khác"
        );
        assert_eq!(count_in_phrase(1, &[2], true), "01");
        assert_eq!(count_in_phrase(1, &[12], true), "01");
        assert_eq!(count_in_phrase(1, &[1], true), "một");
        assert_eq!(count_in_phrase(1, &[0], true), "một");
        assert_eq!(count_in_phrase(1, &[2], false), "1");
        assert_eq!(count_in_phrase(3, &[1], true), "03");
        assert_eq!(percent(40, 296), "13,5%");
        assert_eq!(percent(1, 3), "33,3%");
        assert_eq!(percent(2, 3), "66,7%");
        assert_eq!(percent(0, 0), "0%");
    }

    #[test]
    fn money_phrases() {
        for (dong, s) in [
            (1_192_400_000_000, "trên 1.192 tỷ đồng"),
            (1_192_000_000_000, "1.192 tỷ đồng"),
            (1_000_300_000_000, "trên 1.000 tỷ đồng"),
            (12_540_000_000, "trên 12,5 tỷ đồng"),
            (19_998_000_000, "trên 19,9 tỷ đồng"),
            (27_885_780_000, "trên 27,8 tỷ đồng"),
            (12_000_000_000, "12 tỷ đồng"),
            (2_500_000_000, "2,5 tỷ đồng"),
            (2_345_000_000, "trên 2,3 tỷ đồng"),
            // One rule: "trên 7,2 tỷ" beside "trên 16,2 tỷ", never "7,22".
            (7_225_000_000, "trên 7,2 tỷ đồng"),
            (16_274_582_000, "trên 16,2 tỷ đồng"),
            (614_501_000, "trên 614 triệu đồng"),
            (350_000_000, "350 triệu đồng"),
            (350_500_000, "trên 350 triệu đồng"),
            (1_500_000, "1,5 triệu đồng"),
            (850_000, "850.000 đồng"),
        ] {
            assert_eq!(money_phrase(dong), s, "{dong}");
        }
    }

    #[test]
    fn count_phrases() {
        for (n, s) in [
            (792, "gần 800"),
            (296, "296"),
            (40, "40"),
            (2_094, "trên 2.090"),
            (2_000, "2.000"),
            (5_874, "trên 5.870"),
            (25_310, "trên 25 nghìn"),
            (25_000, "25 nghìn"),
            (66_633, "trên 66 nghìn"),
            (123_456, "trên 123 nghìn"),
            (1_234_567, "trên 1,2 triệu"),
            (12_345_678, "trên 12 triệu"),
        ] {
            assert_eq!(approx_count(n, "trên"), s, "{n}");
        }
        assert_eq!(approx_count(4_401, "hơn"), "hơn 4.400");
    }

    #[test]
    fn quantity_phrases() {
        assert_eq!(quantity_phrase(31_400, "km", true), "trên 31 km");
        assert_eq!(quantity_phrase(31_000, "km", true), "31 km");
        assert_eq!(quantity_phrase(2_500, "km", true), "2,5 km");
        // Not "9,555 km" beside "trên 30 km": one rule for every figure.
        assert_eq!(quantity_phrase(2_550, "km", true), "trên 2,5 km");
        assert_eq!(quantity_phrase(9_555, "km", true), "trên 9,5 km");
        assert_eq!(quantity_phrase(30_256, "km", true), "trên 30 km");
        assert_eq!(quantity_phrase(150_700, "km", true), "trên 150 km");
        assert_eq!(quantity_phrase(18_528_000, "m²", true), "18.528 m²");
        assert_eq!(quantity_phrase(850, "km", true), "0,85 km");
        assert_eq!(quantity_phrase(798_000, "căn", true), "798 căn");
        assert_eq!(quantity_in_phrase(1_000, "cây", &[8], true), "01 cây");
        assert_eq!(quantity_in_phrase(1_000, "cây", &[1], true), "một cây");
        assert_eq!(quantity_in_phrase(1_000, "km", &[8], true), "1 km");
        assert_eq!(quantity_in_phrase(3_000, "căn", &[8], true), "03 căn");
        assert_eq!(quantity_phrase(7_000, "cây", true), "07 cây");
        assert_eq!(quantity_phrase(7_000, "cây", false), "7 cây");
        assert_eq!(quantity_phrase(6_000, "", true), "06");
        assert_eq!(quantity_phrase(1_000, "cây", true), "một cây");
        assert_eq!(quantity_phrase(1_000, "km", true), "1 km");
        assert_eq!(quantity_phrase(5_000, "m²", true), "5 m²");
    }

    /// Reads a shown figure back ("1.192 tỷ đồng" → đồng) to check the word.
    fn shown_dong(shown: &str) -> i128 {
        let mut parts = shown.split(' ');
        let number = parts.next().unwrap_or("0").replace('.', "");
        let (whole, fraction) = number.split_once(',').unwrap_or((&number, ""));
        let base: i128 = match parts.next() {
            Some("tỷ") => 1_000_000_000,
            Some("triệu") => 1_000_000,
            _ => 1,
        };
        let scale = 10i128.pow(fraction.len() as u32);
        let units: i128 = format!("{whole}{fraction}").parse().unwrap_or(0);
        units * base / scale
    }

    proptest! {
        #[test]
        fn money_words_are_honest(dong in 0i64..5_000_000_000_000_000) {
            let (shown, rounding) = money_rounded(dong);
            let value = shown_dong(&shown);
            match rounding {
                Rounding::Exact => prop_assert_eq!(value, i128::from(dong)),
                Rounding::Above => prop_assert!(i128::from(dong) > value, "{} > {}", dong, shown),
                Rounding::Below => prop_assert!(i128::from(dong) < value),
            }
        }

        #[test]
        fn count_words_are_honest(n in 0i64..10_000_000) {
            let (shown, rounding) = count_rounded(n);
            let mut parts = shown.split(' ');
            let number = parts.next().unwrap_or("0").replace('.', "");
            let (whole, fraction) = number.split_once(',').unwrap_or((&number, ""));
            let mut value: i64 = format!("{whole}{fraction}").parse().unwrap_or(0);
            if parts.next() == Some("nghìn") {
                value = value * 1000 / 10i64.pow(fraction.len() as u32);
            }
            match rounding {
                Rounding::Exact => prop_assert_eq!(value, n),
                Rounding::Above => prop_assert!(n > value),
                Rounding::Below => prop_assert!(n < value),
            }
        }
    }
}
