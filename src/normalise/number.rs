//! Numbers as clerks type them, read exactly.
//!
//! Parses `1.234.567`, `1.234,5`, `12,25`, `1234567.5`, `12.500.000đ` and
//! `1,5 tỷ` into an exact [`Decimal`]; a number cell's float goes through its
//! shortest decimal form, so `123.456` triệu becomes exactly 123.456.000 đồng.
//! Rule: a `.` or `,` followed by other than exactly three digits is the
//! decimal mark; `1.234` and `1,234` are ambiguous and the column decides.

use crate::normalise::fold::fold_key;
use crate::normalise::unit::money_unit_of_suffix;

/// An exact decimal: `units / 10^scale`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decimal {
    pub units: i128,
    pub scale: u32,
}

/// Which character is the decimal mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberStyle {
    /// `1.234,5`: "." groups thousands, "," is the decimal mark.
    Vietnamese,
    /// `1,234.5` or `1234.5`: "." is the decimal mark.
    Machine,
}

/// A parsed text number and what else the text said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedNumber {
    pub value: Decimal,
    /// Text after the number ("đ", "tỷ", "km"), folded, if any.
    pub suffix: Option<String>,
    /// Set when the text could be read two ways and no style was given.
    pub ambiguous: bool,
}

/// Why a text is not a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberError {
    NotANumber,
    TooLarge,
}

const MAX_DIGITS: usize = 30;

impl Decimal {
    pub const fn from_int(n: i64) -> Self {
        Decimal {
            units: n as i128,
            scale: 0,
        }
    }

    /// The exact decimal a float cell shows, through its shortest round-trip form.
    pub fn from_f64(value: f64) -> Result<Self, NumberError> {
        if !value.is_finite() {
            return Err(NumberError::NotANumber);
        }
        if let Some(short) = Self::short_decimal(value) {
            return Ok(short);
        }
        // Rust prints floats without exponents, in their shortest round-trip form.
        let text = format!("{value}");
        parse_plain(&text, Some('.'))
    }

    /// The shortest decimal of up to 15 significant digits and 6 places
    /// that reads back as `value`, found without printing it (most cells:
    /// "150", "12,345" triệu). Two such decimals cannot read back as the
    /// same double, so this is the one Rust would print.
    fn short_decimal(value: f64) -> Option<Decimal> {
        let mut power = 1.0;
        for scale in 0..=6 {
            let units = (value * power).round();
            if units.abs() >= 1e15 {
                return None;
            }
            // Both are exact in f64, so the quotient is the double nearest
            // to the decimal: equal exactly when the decimal reads as value.
            if units / power == value {
                return Some(Decimal {
                    units: units as i128,
                    scale,
                });
            }
            power *= 10.0;
        }
        None
    }

    pub fn is_negative(self) -> bool {
        self.units < 0
    }

    /// `self × multiplier`, rounded half away from zero to a whole number.
    pub fn to_whole(self, multiplier: i64) -> Option<i64> {
        let scaled = self.units.checked_mul(i128::from(multiplier))?;
        let divisor = 10i128.checked_pow(self.scale)?;
        let quotient = scaled / divisor;
        let remainder = scaled % divisor;
        let rounded = if remainder.abs() * 2 >= divisor {
            quotient + scaled.signum()
        } else {
            quotient
        };
        i64::try_from(rounded).ok()
    }

    /// The value when it is a whole number.
    pub fn as_integer(self) -> Option<i64> {
        let divisor = 10i128.checked_pow(self.scale)?;
        if self.units % divisor == 0 {
            i64::try_from(self.units / divisor).ok()
        } else {
            None
        }
    }
}

/// Parses a number typed as text, with `style` deciding ambiguous cases
/// (`None`: read the Vietnamese way and report the ambiguity).
pub fn parse_number(text: &str, style: Option<NumberStyle>) -> Result<ParsedNumber, NumberError> {
    let trimmed = text.trim();
    let (number_part, suffix) = split_suffix(trimmed);
    let mut compact: String = number_part
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}' && *c != '\'')
        .collect();
    // Accounting style "(1.234)" is negative.
    if compact.starts_with('(') && compact.ends_with(')') && compact.len() > 2 {
        compact = format!("-{}", &compact[1..compact.len() - 1]);
    }
    let (negative, digits) = match compact.as_bytes().first() {
        Some(b'-') => (true, &compact[1..]),
        Some(b'+') => (false, &compact[1..]),
        _ => (false, compact.as_str()),
    };
    if digits.is_empty()
        || !digits
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
    {
        return Err(NumberError::NotANumber);
    }
    if !digits.bytes().any(|b| b.is_ascii_digit()) {
        return Err(NumberError::NotANumber);
    }
    let (decimal_mark, ambiguous) = decimal_mark(digits, style)?;
    let mut value = parse_plain(digits, decimal_mark)?;
    if negative {
        value.units = -value.units;
    }
    Ok(ParsedNumber {
        value,
        suffix,
        ambiguous,
    })
}

/// What a text tells about its column's style, when it tells anything.
pub fn style_evidence(text: &str) -> Option<NumberStyle> {
    let (number_part, _) = split_suffix(text.trim());
    let digits: String = number_part
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
        .collect();
    let dots = digits.matches('.').count();
    let commas = digits.matches(',').count();
    match (dots, commas) {
        (0, 0) => None,
        (d, c) if d > 0 && c > 0 => {
            let last_dot = digits.rfind('.');
            let last_comma = digits.rfind(',');
            if last_comma > last_dot {
                Some(NumberStyle::Vietnamese)
            } else {
                Some(NumberStyle::Machine)
            }
        }
        (d, 0) if d > 1 => Some(NumberStyle::Vietnamese),
        (0, c) if c > 1 => Some(NumberStyle::Machine),
        _ => {
            let mark = if dots == 1 { '.' } else { ',' };
            let (before, after) = digits.split_once(mark)?;
            if after.len() == 3 && !before.is_empty() && before != "0" {
                None
            } else if mark == ',' {
                Some(NumberStyle::Vietnamese)
            } else {
                Some(NumberStyle::Machine)
            }
        }
    }
}

/// Reads money written in words of several units, "1 tỷ 500 triệu" or
/// "2 triệu 350 nghìn đồng", as whole đồng. Each part names its unit, the
/// units get smaller, and each part is less than one of the unit before
/// it ("1 tỷ 1.500 triệu" is a typo, not 2,5 tỷ); a bare number at the end
/// ("1 tỷ 5", said for 1,5 tỷ) is not read, since it could mean 5 đồng.
pub fn parse_money_in_words(text: &str, style: Option<NumberStyle>) -> Option<i64> {
    let mut parts = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let number_end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
            .unwrap_or(rest.len());
        let unit_end = rest[number_end..]
            .find(|c: char| c.is_ascii_digit())
            .map_or(rest.len(), |i| number_end + i);
        let number = parse_number(&rest[..number_end], style).ok()?;
        let unit = money_unit_of_suffix(rest[number_end..unit_end].trim())?;
        parts.push((number.value, unit));
        rest = &rest[unit_end..];
    }
    if parts.len() < 2 {
        return None;
    }
    let mut total: i64 = 0;
    let mut bound: Option<i64> = None;
    for (value, unit) in parts {
        let per_unit = unit.dong_per_unit();
        let dong = value.to_whole(per_unit)?;
        if bound.is_some_and(|b| per_unit >= b || dong >= b) {
            return None;
        }
        bound = Some(per_unit);
        total = total.checked_add(dong)?;
    }
    Some(total)
}

/// Money in words whose last number names no unit: "1 tỷ 5", said for
/// 1,5 tỷ, but 1 tỷ 5 đồng as written. Not read (see
/// `parse_money_in_words`); this says what the cell's message proposes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BareEnd {
    /// The bare number at the end, as typed: "5".
    pub tail: String,
    /// The reading as a decimal of the unit before, when the text is one
    /// whole number and its unit then the bare digits ("1 tỷ 5"): that
    /// decimal as it should be typed ("1,5 tỷ") and its amount in đồng.
    pub as_decimal: Option<(String, i64)>,
}

/// `Some` when `text` is money in words ("1 tỷ", "1 tỷ 200 triệu") then a
/// bare number ("5"), which `parse_money_in_words` refuses as ambiguous.
pub fn bare_end_of_money_in_words(text: &str, style: Option<NumberStyle>) -> Option<BareEnd> {
    let text = text.trim();
    let tail_start = text
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_digit() || *c == '.' || *c == ',')
        .last()
        .map(|(i, _)| i)?;
    let (head, tail) = (text[..tail_start].trim_end(), &text[tail_start..]);
    // The head ends with a unit's word; the tail is a number on its own.
    if head.is_empty() || head.ends_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    parse_number(tail, style).ok()?;
    let single = parse_number(head, style).ok().and_then(|parsed| {
        let unit = money_unit_of_suffix(parsed.suffix.as_deref()?)?;
        Some((parsed.value, unit))
    });
    if single.is_none() && parse_money_in_words(head, style).is_none() {
        return None;
    }
    let as_decimal = single.and_then(|(value, unit)| {
        let whole = value.as_integer()?;
        if !tail.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let unit_word =
            &head[head.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))?..];
        let decimal = format!("{whole},{tail}");
        let dong = parse_number(&decimal, Some(NumberStyle::Vietnamese))
            .ok()?
            .value
            .to_whole(unit.dong_per_unit())?;
        Some((format!("{decimal} {}", unit_word.trim()), dong))
    });
    Some(BareEnd {
        tail: tail.to_owned(),
        as_decimal,
    })
}

/// Splits "12.500.000 đồng" into ("12.500.000", Some("đồng")), and
/// "5000 m2" into ("5000", Some("m2")).
fn split_suffix(text: &str) -> (&str, Option<String>) {
    let end = power_unit_start(text).or_else(|| {
        text.char_indices()
            .rev()
            .find(|(_, c)| c.is_ascii_digit() || *c == ')')
            .map(|(i, c)| i + c.len_utf8())
    });
    match end {
        Some(end) if end < text.len() => {
            let suffix = text[end..].trim();
            if suffix.is_empty() {
                (&text[..end], None)
            } else {
                (&text[..end], Some(fold_key(suffix)))
            }
        }
        _ => (text, None),
    }
}

/// Where a unit typed with its power as a plain digit ("m2", "km2", "m3")
/// starts, when `text` is a number followed by one: its last digit is then
/// the unit's, not the number's.
fn power_unit_start(text: &str) -> Option<usize> {
    let unit = text.strip_suffix(['2', '3'])?;
    let number = unit.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    // Only metres' units: "3tr2" is money in words, not "3" of "tr2".
    let letters = unit[number.len()..].to_ascii_lowercase();
    if !["m", "km", "dm", "cm"].contains(&letters.as_str()) {
        return None;
    }
    let before = number.trim_end();
    before
        .ends_with(|c: char| c.is_ascii_digit() || c == ')')
        .then_some(number.len())
}

/// Decides which separator, if any, is the decimal mark.
fn decimal_mark(
    digits: &str,
    style: Option<NumberStyle>,
) -> Result<(Option<char>, bool), NumberError> {
    let dots = digits.matches('.').count();
    let commas = digits.matches(',').count();
    if dots > 0 && commas > 0 {
        let mark = if digits.rfind(',') > digits.rfind('.') {
            ','
        } else {
            '.'
        };
        let group = if mark == ',' { '.' } else { ',' };
        if digits.matches(mark).count() > 1 || digits.rfind(group) > digits.find(mark) {
            return Err(NumberError::NotANumber);
        }
        let integer_part = &digits[..digits.find(mark).unwrap_or(digits.len())];
        check_groups(integer_part, group)?;
        return Ok((Some(mark), false));
    }
    let (sep, count) = if dots > 0 { ('.', dots) } else { (',', commas) };
    if count == 0 {
        return Ok((None, false));
    }
    if count > 1 {
        check_groups(digits, sep)?;
        return Ok((None, false));
    }
    let (before, after) = digits.split_once(sep).ok_or(NumberError::NotANumber)?;
    if after.len() != 3 || before.is_empty() || before == "0" || before.len() > 3 {
        return Ok((Some(sep), false));
    }
    // "1.234" or "1,234": three digits after a single separator.
    let vietnamese_reading = if sep == ',' { Some(',') } else { None };
    let machine_reading = if sep == '.' { Some('.') } else { None };
    Ok(match style {
        Some(NumberStyle::Vietnamese) => (vietnamese_reading, false),
        Some(NumberStyle::Machine) => (machine_reading, false),
        None => (vietnamese_reading, true),
    })
}

/// Checks "1.234.567": a first group of 1–3 digits, then groups of exactly 3.
fn check_groups(integer_part: &str, group: char) -> Result<(), NumberError> {
    let mut groups = integer_part.split(group);
    let first = groups.next().unwrap_or("");
    if first.is_empty() || first.len() > 3 {
        return Err(NumberError::NotANumber);
    }
    if groups.any(|g| g.len() != 3) {
        return Err(NumberError::NotANumber);
    }
    Ok(())
}

/// Digits with optional grouping separators and one decimal mark.
fn parse_plain(text: &str, decimal_mark: Option<char>) -> Result<Decimal, NumberError> {
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (integer, fraction) = match decimal_mark.and_then(|m| body.split_once(m)) {
        Some((i, f)) => (i, f),
        None => (body, ""),
    };
    let integer_digits: String = integer.chars().filter(char::is_ascii_digit).collect();
    if !fraction.chars().all(|c| c.is_ascii_digit()) {
        return Err(NumberError::NotANumber);
    }
    let fraction = fraction.trim_end_matches('0');
    let integer_digits = integer_digits.trim_start_matches('0');
    if integer_digits.len() + fraction.len() > MAX_DIGITS {
        return Err(NumberError::TooLarge);
    }
    let mut units: i128 = 0;
    for b in integer_digits.bytes().chain(fraction.bytes()) {
        units = units
            .checked_mul(10)
            .and_then(|u| u.checked_add(i128::from(b - b'0')))
            .ok_or(NumberError::TooLarge)?;
    }
    let scale = u32::try_from(fraction.len()).map_err(|_| NumberError::TooLarge)?;
    Ok(Decimal {
        units: if negative { -units } else { units },
        scale,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::MoneyUnit;

    #[test]
    fn short_decimals_are_what_rust_prints() {
        let mut seed: u64 = 11;
        let mut values = vec![
            0.0,
            -0.0,
            1.0,
            0.1,
            0.2,
            0.3,
            12.345,
            1e14,
            123_456.789_012,
            -5.5,
        ];
        for _ in 0..20_000 {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
            let digits = (seed >> 20) % 1_000_000_000_000;
            let scale = (seed >> 8) % 8;
            values.push(digits as f64 / 10f64.powi(scale as i32));
            values.push(f64::from_bits(seed >> 2));
        }
        for value in values.into_iter().filter(|v| v.is_finite()) {
            if let Some(short) = Decimal::short_decimal(value) {
                let printed = parse_plain(&format!("{value}"), Some('.')).expect("printed");
                assert_eq!(short, printed, "{value}");
            }
        }
    }

    fn dec(units: i128, scale: u32) -> Decimal {
        Decimal { units, scale }
    }

    #[test]
    fn parses_texts() {
        let cases: &[(&str, Option<NumberStyle>, Decimal, bool)] = &[
            ("1.234.567", None, dec(1_234_567, 0), false),
            ("1.234,5", None, dec(12_345, 1), false),
            ("12,25", None, dec(1225, 2), false),
            ("350,0", None, dec(350, 0), false),
            ("1234567.5", None, dec(12_345_675, 1), false),
            ("66.5", None, dec(665, 1), false),
            ("1,234,567.25", None, dec(123_456_725, 2), false),
            ("0,125", None, dec(125, 3), false),
            ("  42 ", None, dec(42, 0), false),
            ("-5", None, dec(-5, 0), false),
            (
                "(1.500)",
                Some(NumberStyle::Vietnamese),
                dec(-1500, 0),
                false,
            ),
            ("1 234 567", None, dec(1_234_567, 0), false),
            // Ambiguous: the Vietnamese reading by default, flagged.
            ("1.234", None, dec(1234, 0), true),
            ("1,234", None, dec(1234, 3), true),
            // The column's style decides.
            ("1.234", Some(NumberStyle::Machine), dec(1234, 3), false),
            ("1,234", Some(NumberStyle::Machine), dec(1234, 0), false),
            ("1.234", Some(NumberStyle::Vietnamese), dec(1234, 0), false),
        ];
        for (text, style, value, ambiguous) in cases {
            let parsed = parse_number(text, *style).unwrap_or_else(|e| panic!("{text:?}: {e:?}"));
            assert_eq!(
                (parsed.value, parsed.ambiguous),
                (*value, *ambiguous),
                "{text:?}"
            );
        }
    }

    #[test]
    fn reads_suffixes() {
        let cases = [
            ("12.500.000đ", 12_500_000, 0, Some(MoneyUnit::Dong)),
            ("1,5 tỷ", 15, 1, Some(MoneyUnit::BillionDong)),
            ("350 triệu đồng", 350, 0, Some(MoneyUnit::MillionDong)),
            ("20 nghìn đồng", 20, 0, Some(MoneyUnit::ThousandDong)),
            ("1.000 tr.đ", 1000, 0, Some(MoneyUnit::MillionDong)),
        ];
        for (text, units, scale, unit) in cases {
            let parsed = parse_number(text, None).unwrap_or_else(|e| panic!("{text:?}: {e:?}"));
            assert_eq!(parsed.value, dec(units, scale), "{text:?}");
            assert_eq!(
                parsed.suffix.as_deref().and_then(money_unit_of_suffix),
                unit,
                "{text:?}"
            );
        }
    }

    #[test]
    fn a_power_typed_as_a_digit_is_the_units() {
        for (text, value, suffix) in [
            ("5000 m2", dec(5000, 0), Some("m2")),
            ("5.000m2", dec(5000, 0), Some("m2")),
            ("0,5 km2", dec(5, 1), Some("km2")),
            ("12 M2", dec(12, 0), Some("m2")),
            ("5000 m²", dec(5000, 0), Some("m²")),
            ("1 tỷ 2", dec(0, 0), None),
            ("3tr2", dec(0, 0), None),
        ] {
            let parsed = parse_number(text, None);
            match suffix {
                Some(suffix) => {
                    let parsed = parsed.unwrap_or_else(|e| panic!("{text:?}: {e:?}"));
                    assert_eq!(parsed.value, value, "{text:?}");
                    assert_eq!(parsed.suffix.as_deref(), Some(suffix), "{text:?}");
                }
                None => assert!(parsed.is_err(), "{text:?}: {parsed:?}"),
            }
        }
    }

    #[test]
    fn reads_money_in_words() {
        let read = |text| parse_money_in_words(text, None);
        assert_eq!(read("1 tỷ 500 triệu"), Some(1_500_000_000));
        assert_eq!(read("1 tỷ 500 triệu đồng"), Some(1_500_000_000));
        assert_eq!(read("2 tỉ 50 triệu"), Some(2_050_000_000));
        assert_eq!(read("2 triệu 350 nghìn đồng"), Some(2_350_000));
        assert_eq!(read("3tỷ250tr"), Some(3_250_000_000));
        assert_eq!(read("1 triệu 500.000 đồng"), Some(1_500_000));
        assert_eq!(read("12 TỶ 7 TRIỆU"), Some(12_007_000_000));
        // One part is an ordinary number with its unit, read elsewhere.
        assert_eq!(read("1,5 tỷ"), None);
        // Units that grow, a part as large as the unit before, a bare end,
        // words that are not units.
        for text in [
            "500 triệu 1 tỷ",
            "1 tỷ 1.500 triệu",
            "1 triệu 2 triệu",
            "1 tỷ 5",
            "1 tỷ 500 km",
            "khoảng 1 tỷ 500 triệu",
            "",
        ] {
            assert_eq!(read(text), None, "{text:?}");
        }
    }

    #[test]
    fn a_bare_number_after_money_in_words_is_told() {
        let told = |text| bare_end_of_money_in_words(text, None);
        assert_eq!(
            told("1 tỷ 5"),
            Some(BareEnd {
                tail: "5".to_owned(),
                as_decimal: Some(("1,5 tỷ".to_owned(), 1_500_000_000)),
            })
        );
        assert_eq!(
            told("2 triệu 35").and_then(|b| b.as_decimal),
            Some(("2,35 triệu".to_owned(), 2_350_000))
        );
        // Several parts before: no single decimal to propose.
        assert_eq!(
            told("1 tỷ 200 triệu 5"),
            Some(BareEnd {
                tail: "5".to_owned(),
                as_decimal: None,
            })
        );
        for text in [
            "1 tỷ",
            "1 tỷ 500 triệu",
            "150",
            "1,5 tỷ",
            "khoảng 5",
            "1 km 5",
            "",
        ] {
            assert_eq!(told(text), None, "{text:?}");
        }
    }

    #[test]
    fn rejects_non_numbers() {
        for text in [
            "abc",
            "",
            "2O19",
            "1.2.3",
            "12,34,5",
            "1..2",
            "--5",
            ".",
            "1.234,5.6",
            "12 ab 3",
        ] {
            assert!(
                parse_number(text, None).is_err(),
                "{text:?} should not parse"
            );
        }
    }

    #[test]
    fn floats_are_read_through_their_shortest_form() {
        let cases = [
            (123.456, 123_456_000),
            (0.1 + 0.2, 300_000),
            (1.0005, 1_000_500),
            (2.5e-7, 0),
            (5e-7, 1),
        ];
        for (float, dong) in cases {
            let d = Decimal::from_f64(float).unwrap_or_else(|e| panic!("{float}: {e:?}"));
            assert_eq!(d.to_whole(1_000_000), Some(dong), "{float}");
        }
    }

    #[test]
    fn rounds_half_away_from_zero() {
        let cases = [
            (dec(5, 1), 1),
            (dec(-5, 1), -1),
            (dec(15, 1), 2),
            (dec(149, 2), 1),
            (dec(-25, 1), -3),
        ];
        for (value, expected) in cases {
            assert_eq!(value.to_whole(1), Some(expected), "{value:?}");
        }
    }

    #[test]
    fn style_evidence_from_texts() {
        let cases = [
            ("12,5", Some(NumberStyle::Vietnamese)),
            ("1.234.567", Some(NumberStyle::Vietnamese)),
            ("1.234,5", Some(NumberStyle::Vietnamese)),
            ("66.5", Some(NumberStyle::Machine)),
            ("1,234,567", Some(NumberStyle::Machine)),
            ("1,234.5", Some(NumberStyle::Machine)),
            ("1.234", None),
            ("1,234", None),
            ("42", None),
        ];
        for (text, style) in cases {
            assert_eq!(style_evidence(text), style, "{text:?}");
        }
    }
}
