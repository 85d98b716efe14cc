//! Reading one cell as a year, money, a quantity, a count or a text.
//!
//! Each reader returns the value or a [`CellProblem`] that says, in
//! Vietnamese, what was found and what was expected.

use crate::domain::{Money, MoneyUnit, Quantity};
use crate::ingest::{CellValue, DAYS_FROM_1900_TO_1904_SYSTEM};
use crate::normalise::fold::{clean_text, fold_key, without_leading_word};
use crate::normalise::number::{
    bare_end_of_money_in_words, parse_money_in_words, parse_number, BareEnd, Decimal, NumberStyle,
};
use crate::normalise::unit::{area_unit_of_suffix, money_unit_of_suffix, AreaUnit};

/// Years outside this range are typing mistakes.
pub const YEARS: std::ops::RangeInclusive<i64> = 1900..=2100;

/// Why a cell could not be read; the message quotes the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellProblem {
    pub message: String,
}

impl CellProblem {
    fn new(message: String) -> Self {
        CellProblem { message }
    }
}

/// A value read, with a warning when dvk had to guess.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Read<T> {
    pub value: T,
    pub warning: Option<String>,
}

/// A cell's text, NFC and tidied; numbers as they show.
pub fn text_of(cell: Option<&CellValue>) -> String {
    match cell {
        None => String::new(),
        Some(CellValue::Text(t)) => clean_text(t),
        Some(CellValue::Number(n)) => format!("{n}"),
        Some(other) => clean_text(&other.display()),
    }
}

/// Reads a year: a number, a text such as "2019", or a date cell's year.
/// A date cell whose serial number is itself a year is that year (see
/// [`year_typed_as_date`]).
pub fn year_of(cell: &CellValue) -> Result<i32, CellProblem> {
    if let Some(year) = typed_year_serial(cell) {
        return Ok(year);
    }
    let bad = |shown: &str| {
        // "2023-2024": which year is the clerk's to say, not dvk's.
        let how = match years_in(shown).as_slice() {
            [first, second, ..] => format!(
                "ô này ghi hai năm ({first} và {second}): hãy chỉ ghi một năm \
                 (ví dụ năm bắt đầu, {first}), hoặc tách thành từng năm một dòng"
            ),
            _ => "hãy sửa lại năm cho đúng".to_owned(),
        };
        CellProblem::new(format!(
            "\"{shown}\" không phải là năm (cần dạng 2019); {how}"
        ))
    };
    let year = match cell {
        CellValue::Number(n) => {
            if n.fract() != 0.0 {
                return Err(bad(&cell.display()));
            }
            *n as i64
        }
        CellValue::Text(t) => {
            // Most year texts are digits: they cost no allocation.
            let nfc;
            let t = match t.is_ascii() {
                true => &**t,
                false => {
                    nfc = clean_text(t);
                    nfc.as_str()
                }
            };
            let t = without_year_words(t);
            let t = t.strip_suffix(".0").unwrap_or(t);
            let t = match t.bytes().all(|b| b.is_ascii_digit()) {
                true => t,
                false => year_of_written_date(t)
                    .or_else(|| year_of_quarter(t))
                    .unwrap_or(t),
            };
            if t.is_empty() || !t.chars().all(|c| c.is_ascii_digit()) || t.len() > 4 {
                return Err(bad(&cell.display()));
            }
            t.parse::<i64>().map_err(|_| bad(&cell.display()))?
        }
        CellValue::Date(serial) => year_of_serial(*serial).ok_or_else(|| bad(&cell.display()))?,
        CellValue::Date1904(serial) => year_of_serial(serial + DAYS_FROM_1900_TO_1904_SYSTEM)
            .ok_or_else(|| bad(&cell.display()))?,
        CellValue::DateIso(s) => s
            .get(..4)
            .and_then(|y| y.parse::<i64>().ok())
            .ok_or_else(|| bad(s))?,
        CellValue::Bool(_) | CellValue::Error(_) => return Err(bad(&cell.display())),
    };
    if !YEARS.contains(&year) {
        // "21" is most likely 2021, but it could be 1921 or a row number:
        // dvk asks rather than guesses, and shows what to write.
        let how = match year {
            0..=99 => format!(
                "hãy ghi đủ bốn chữ số của năm (ví dụ {} nếu là năm 20{year:02})",
                2000 + year
            ),
            _ => "hãy sửa lại năm cho đúng".to_owned(),
        };
        return Err(CellProblem::new(format!(
            "năm {year} nằm ngoài khoảng hợp lệ ({}–{}); {how}",
            YEARS.start(),
            YEARS.end()
        )));
    }
    Ok(year as i32)
}

/// A year's text without what clerks write before it: Excel's apostrophe
/// that keeps "'2023" a text (when a reader hands it on), and the words
/// "Từ" and "Năm": "Từ năm 2023" → "2023", "từ T3/2023" → "T3/2023".
fn without_year_words(text: &str) -> &str {
    let text = text
        .trim()
        .trim_start_matches(['\'', '‘', '’'])
        .trim_start();
    let text = without_leading_word(text, "từ").unwrap_or(text);
    without_leading_word(text, "năm").unwrap_or(text)
}

/// The whole years (four digits, within [`YEARS`]) written in a text, in
/// order and without repeats: "2023-2024" → [2023, 2024].
fn years_in(text: &str) -> Vec<i64> {
    let mut years = Vec::new();
    for run in text.split(|c: char| !c.is_ascii_digit()) {
        if let Ok(year) = run.parse::<i64>() {
            if run.len() == 4 && YEARS.contains(&year) && !years.contains(&year) {
                years.push(year);
            }
        }
    }
    years
}

/// Whether a cell is a quarter ("Quý I/2024"): a year in a year column, but
/// elsewhere more likely a plan's timeline than a record's date.
pub fn is_quarter(cell: &CellValue) -> bool {
    match cell {
        CellValue::Text(t) => year_of_quarter(without_year_words(&clean_text(t))).is_some(),
        _ => false,
    }
}

/// "Quý I/2023", "Quý 1/2023", "QI/2023", "Q1-2023", "quý IV năm 2023":
/// the year of a quarter, as a start date's month gives its year.
fn year_of_quarter(text: &str) -> Option<&str> {
    let split = text.len().checked_sub(4)?;
    let (head, year) = (text.get(..split)?, text.get(split..)?);
    if !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let head = head.to_lowercase();
    let head = head.trim_end();
    let quarter = head
        .strip_suffix(['/', '-'])
        .or_else(|| head.strip_suffix(" năm"))?
        .trim_end();
    // "qúy": the tone on the u, as some keyboards put it.
    let quarter = ["quý", "qúy", "q"]
        .into_iter()
        .find_map(|word| quarter.strip_prefix(word))?
        .trim_start_matches('.')
        .trim();
    matches!(quarter, "i" | "ii" | "iii" | "iv" | "1" | "2" | "3" | "4").then_some(year)
}

/// The year of a date typed as text, as a date cell gives its year:
/// "15/03/2021", "15-3-2021", "15.03.2021", "3/2021", "2021-03-15",
/// "T3/2021", "tháng 3 năm 2021".
fn year_of_written_date(text: &str) -> Option<&str> {
    // "T3/2025", "Th3/2025", "tháng 3/2025", "tháng 3 năm 2025": the month
    // as a clerk writes it.
    if let Some(rest) = month_written_out(text) {
        let year_alone = rest.len() == 4 && rest.chars().all(|c| c.is_ascii_digit());
        return if year_alone {
            Some(rest)
        } else {
            year_of_written_date(rest)
        };
    }
    let parts: Vec<&str> = text.split(['/', '-', '.']).map(str::trim).collect();
    let number = |p: &str, most: u32| {
        !p.is_empty()
            && p.len() <= 2
            && p.chars().all(|c| c.is_ascii_digit())
            && p.parse::<u32>().is_ok_and(|n| (1..=most).contains(&n))
    };
    let year = |p: &str| p.len() == 4 && p.chars().all(|c| c.is_ascii_digit());
    match parts.as_slice() {
        [day, month, y] if number(day, 31) && number(month, 12) && year(y) => Some(*y),
        [month, y] if number(month, 12) && year(y) => Some(*y),
        [y, month, day] if year(y) && number(month, 12) && number(day, 31) => Some(*y),
        _ => None,
    }
}

/// A month written with its word, "T3/2025", "Th3/2025", "tháng 3/2025":
/// the rest ("3/2025"); "tháng 3 năm 2025": its year ("2025").
fn month_written_out(text: &str) -> Option<&str> {
    let text = text.trim();
    let lower = text.to_lowercase();
    let word = ["tháng", "th", "t"].into_iter().find(|w| {
        lower
            .strip_prefix(w)
            .is_some_and(|rest| rest.trim_start().starts_with(|c: char| c.is_ascii_digit()))
    })?;
    // Lower case keeps these words' length in bytes.
    let rest = text.get(word.len()..)?.trim_start();
    let Some((month, year)) = rest
        .split_once(" năm ")
        .or_else(|| rest.split_once(" Năm "))
    else {
        return Some(rest);
    };
    let (month, year) = (month.trim(), year.trim());
    let month_ok = month.len() <= 2 && month.parse::<u32>().is_ok_and(|m| (1..=12).contains(&m));
    let year_ok = year.len() == 4 && year.chars().all(|c| c.is_ascii_digit());
    (month_ok && year_ok).then_some(year)
}

/// A year typed into a cell formatted as a date: the cell holds the number
/// 2022, which the spreadsheet shows as the date 14/07/1905 (15/07/1909 in
/// a workbook that counts from 1904).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearAsDate {
    /// The number in the cell, taken as the year.
    pub year: i32,
    /// The date the spreadsheet shows, dd/mm/yyyy.
    pub shown: String,
}

/// Excel's day 0 (and LibreOffice's default null date): 1899-12-30, as days
/// since 1970-01-01. From day 61 on, Excel's serials count from it too.
const SERIAL_EPOCH: i64 = -25_569;

/// Whether `cell` is a date whose serial number (days since 1899-12-30, or
/// since 1904-01-01 in a workbook that counts from there) is a whole number
/// within [`YEARS`]: a year typed into a column formatted as dates. Such
/// serials are dates from 14/03/1905 to 30/09/1905 (1909 from 1904), long
/// before any "Dân vận khéo" report, so the number is what the clerk typed.
/// A real date of 1905 outside that span (01/01/1905) stays a date.
pub fn year_typed_as_date(cell: &CellValue) -> Option<YearAsDate> {
    let year = typed_year_serial(cell)?;
    let epoch = match cell {
        CellValue::Date1904(_) => SERIAL_EPOCH + DAYS_FROM_1900_TO_1904_SYSTEM as i64,
        _ => SERIAL_EPOCH,
    };
    let (y, m, d) = civil_date(i64::from(year) + epoch);
    Some(YearAsDate {
        year,
        shown: format!("{d:02}/{m:02}/{y}"),
    })
}

/// The serial number of a date cell when it is a typed year (see
/// [`year_typed_as_date`]); without the date shown, for [`year_of`].
fn typed_year_serial(cell: &CellValue) -> Option<i32> {
    let serial = match cell {
        // The number typed, whichever day the workbook counts from.
        CellValue::Date(serial) | CellValue::Date1904(serial) => {
            if serial.fract() != 0.0 || !(*serial >= 0.0 && *serial <= f64::from(i32::MAX)) {
                return None;
            }
            *serial as i64
        }
        // .ods cells hold the date shown: "1905-07-14" is serial 2022.
        CellValue::DateIso(iso) => days_of_iso_date(iso)? - SERIAL_EPOCH,
        _ => return None,
    };
    if !YEARS.contains(&serial) {
        return None;
    }
    i32::try_from(serial).ok()
}

/// Days since 1970-01-01 of a whole day written "1905-07-14" (a time of
/// midnight may follow); None for anything else.
fn days_of_iso_date(iso: &str) -> Option<i64> {
    let (date, time) = iso.split_once('T').unwrap_or((iso, ""));
    if !matches!(time, "" | "00:00" | "00:00:00") {
        return None;
    }
    let mut parts = date.split('-');
    let mut next = |len: usize| {
        parts
            .next()
            .filter(|p| p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|p| p.parse::<i64>().ok())
    };
    let (y, m, d) = (next(4)?, next(2)?, next(2)?);
    if parts.next().is_some() || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some(days_of_civil(y, m, d))
}

/// Days since 1970-01-01 of a date (proleptic Gregorian).
fn days_of_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The year of an Excel serial date (1900 date system).
fn year_of_serial(serial: f64) -> Option<i64> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    // Days since 1970-01-01; Excel's day 25569 is 1970-01-01.
    let days = serial.floor() as i64 + SERIAL_EPOCH;
    Some(civil_date(days).0)
}

/// Year, month and day of a day count since 1970-01-01 (proleptic Gregorian).
fn civil_date(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

/// One row's amount no model or work reaches (1.000 tỷ đồng), in a column
/// counted in thousands or millions: đồng typed in the wrong column.
const IMPLAUSIBLE_DONG: i64 = 1_000_000_000_000;

/// An amount in the unit its column is written in: "1.284,5 triệu đồng".
pub fn money_in_unit(dong: i64, unit: MoneyUnit) -> String {
    let scale = unit.dong_per_unit().ilog10();
    format!(
        "{} {}",
        crate::render::vn_format::decimal(dong, scale),
        unit.name()
    )
}

/// Reads money in `unit` (a text may name its own: "12.500.000đ", "1,5 tỷ").
pub fn money_of(
    cell: &CellValue,
    unit: MoneyUnit,
    style: Option<NumberStyle>,
) -> Result<Read<Money>, CellProblem> {
    let not_money = || {
        CellProblem::new(format!(
            "\"{}\" không phải là số tiền; hãy ghi số (ví dụ 150 hoặc 1.234,5) theo đơn vị {} của cột",
            cell.display(),
            unit.name()
        ))
    };
    let column_unit = unit;
    let (value, unit, warning) = match cell {
        CellValue::Number(n) => (Decimal::from_f64(*n).map_err(|_| not_money())?, unit, None),
        CellValue::Text(t) => {
            let Ok(parsed) = parse_number(t, style) else {
                if let Some(bare) = bare_end_of_money_in_words(t, style) {
                    return Err(bare_end_problem(t, &bare));
                }
                let dong = parse_money_in_words(t, style).ok_or_else(not_money)?;
                return Ok(Read {
                    value: Money::from_dong(dong),
                    warning: None,
                });
            };
            let unit = match parsed.suffix.as_deref() {
                None => unit,
                Some(suffix) => money_unit_of_suffix(suffix).ok_or_else(not_money)?,
            };
            let warning = parsed.ambiguous.then(|| ambiguity_warning(t, parsed.value));
            (parsed.value, unit, warning)
        }
        _ => return Err(not_money()),
    };
    if value.is_negative() {
        return Err(CellProblem::new(format!(
            "số tiền âm \"{}\"; hãy ghi số tiền dương",
            cell.display()
        )));
    }
    let dong = value.to_whole(unit.dong_per_unit()).ok_or_else(|| {
        CellProblem::new(format!(
            "số tiền \"{}\" quá lớn; hãy kiểm tra đơn vị",
            cell.display()
        ))
    })?;
    // Đồng typed into a "(triệu đồng)" column: 350.000.000 would be 350.000
    // tỷ, more than any one model or work; refused rather than counted.
    if unit == column_unit && unit != MoneyUnit::Dong && dong >= IMPLAUSIBLE_DONG {
        // Triệu typed into a "(tỷ đồng)" column when that makes a plausible
        // amount ("3000" is 3 tỷ), else đồng typed into any column.
        let typed_in = match value.to_whole(MoneyUnit::MillionDong.dong_per_unit()) {
            Some(d) if unit == MoneyUnit::BillionDong && d < IMPLAUSIBLE_DONG => {
                MoneyUnit::MillionDong
            }
            _ => MoneyUnit::Dong,
        };
        let as_typed = value.to_whole(typed_in.dong_per_unit()).unwrap_or(dong);
        let typed_unit = typed_in.name();
        return Err(CellProblem::new(format!(
            "số tiền \"{}\" theo đơn vị của cột là {}, quá lớn cho một dòng; có lẽ ô ghi theo \
             {typed_unit}. Nếu vậy hãy ghi {}; nếu cả cột ghi theo {typed_unit}, hãy sửa tiêu đề cột \
             thành \"({typed_unit})\"",
            cell.display(),
            money_in_unit(dong, MoneyUnit::BillionDong),
            money_in_unit(as_typed, unit),
        )));
    }
    Ok(Read {
        value: Money::from_dong(dong),
        warning,
    })
}

/// "1 tỷ 5": why it is refused and how to write it.
fn bare_end_problem(text: &str, bare: &BareEnd) -> CellProblem {
    let tail = &bare.tail;
    CellProblem::new(match &bare.as_decimal {
        Some((decimal, dong)) => format!(
            "\"{text}\" không rõ là {decimal} hay {text} đồng (số cuối \"{tail}\" không ghi đơn vị); \
             hãy ghi \"{decimal}\" hoặc \"{}\" (đồng), hoặc ghi đơn vị cho số cuối",
            crate::render::vn_format::decimal(*dong, 0)
        ),
        None => format!(
            "\"{text}\" không rõ số cuối \"{tail}\" là đồng hay phần lẻ của đơn vị trước (số cuối không ghi \
             đơn vị); hãy ghi đơn vị cho số cuối (ví dụ \"1 tỷ 500 triệu\"), hoặc ghi cả số tiền \
             bằng đồng (ví dụ \"1.500.000.000\")"
        ),
    })
}

/// Whether a cell in a number column says "none": only dashes ("-", "--",
/// "–", "—", with spaces around) or the word "không". Such a cell reads
/// exactly like a blank one, in every number, money and quantity column and
/// in the year column (where blank is a missing year).
pub fn says_none(cell: &CellValue) -> bool {
    let CellValue::Text(text) = cell else {
        return false;
    };
    let text = text.trim();
    if text.is_empty() {
        return false;
    }
    if text.chars().all(|c| c.is_whitespace() || is_dash(c)) {
        return true;
    }
    // "không" (none), as the taxonomy's "Tiêu biểu" column reads it too;
    // folded only when it could be, as this runs on every number cell.
    text.starts_with(['k', 'K']) && text.chars().count() <= 8 && fold_key(text) == fold_key("không")
}

/// A hyphen, the dashes and the minus sign, as clerks type "none".
fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}'
            | '\u{2011}'
            | '\u{2012}'
            | '\u{2013}'
            | '\u{2014}'
            | '\u{2015}'
            | '\u{2212}'
    )
}

/// Reads a non-negative amount exactly, as written; a text may carry its
/// unit ("1,5 km"), returned folded. The caller rounds it once, to the
/// unit it is counted in.
pub fn amount_of(
    cell: &CellValue,
    style: Option<NumberStyle>,
) -> Result<Read<(Decimal, Option<String>)>, CellProblem> {
    let not_number = || {
        CellProblem::new(format!(
            "\"{}\" không phải là số; hãy ghi số lượng bằng số (ví dụ 2 hoặc 1,5)",
            cell.display()
        ))
    };
    let (value, suffix, warning) = match cell {
        CellValue::Number(n) => (Decimal::from_f64(*n).map_err(|_| not_number())?, None, None),
        CellValue::Text(t) => {
            let parsed = parse_number(t, style).map_err(|_| not_number())?;
            let warning = parsed.ambiguous.then(|| ambiguity_warning(t, parsed.value));
            (parsed.value, parsed.suffix, warning)
        }
        _ => return Err(not_number()),
    };
    if value.is_negative() {
        return Err(CellProblem::new(format!(
            "số lượng âm \"{}\"; hãy ghi số dương",
            cell.display()
        )));
    }
    // Every amount must fit in thousandths of its own unit.
    value.to_whole(1000).ok_or_else(|| too_large(cell))?;
    Ok(Read {
        value: (value, suffix),
        warning,
    })
}

/// `amount` (in some unit) as thousandths of the unit it is counted in, where
/// one of its unit is `factor_milli` thousandths ("m" to "km": 1; same unit:
/// 1000): exact decimal arithmetic, rounded once, half away from zero.
pub fn quantity_in(amount: Decimal, factor_milli: i64) -> Option<Quantity> {
    amount.to_whole(factor_milli).map(Quantity::from_milli)
}

/// The problem of an amount too large to count.
pub fn too_large(cell: &CellValue) -> CellProblem {
    CellProblem::new(format!(
        "số lượng \"{}\" quá lớn; hãy kiểm tra đơn vị",
        cell.display()
    ))
}

/// Reads donated land in thousandths of a m²: a number in its column's
/// `unit` (from the header: "Đất hiến (ha)"), a text in its own ("0,5 ha",
/// "5000 m2"). A hectare is 10.000 m², exactly. A unit whose size varies by
/// region ("sào", "công đất") or any other word is refused, never taken
/// as m².
pub fn land_of(
    cell: &CellValue,
    unit: AreaUnit,
    style: Option<NumberStyle>,
) -> Result<Read<Quantity>, CellProblem> {
    const FIX: &str = "hãy ghi số m² (ví dụ 5000 hoặc \"5000 m2\") hoặc số ha (ví dụ \"0,5 ha\")";
    let Read {
        value: (amount, suffix),
        warning,
    } = amount_of(cell, style)?;
    let (unit, in_header) = match suffix.as_deref() {
        None => (unit, true),
        Some(suffix) => (
            area_unit_of_suffix(suffix).ok_or_else(|| {
                CellProblem::new(format!(
                    "\"{}\" không ghi diện tích theo m² hay ha; {FIX}",
                    cell.display()
                ))
            })?,
            false,
        ),
    };
    let milli_m2 = unit.milli_m2().map_err(|name| {
        CellProblem::new(if in_header {
            format!(
                "\"{}\" theo đơn vị {name} ghi ở tiêu đề cột, mà {name} mỗi vùng quy ra m² một khác nên dvk \
                 không tự đổi; hãy đổi ô này ra m² và sửa tiêu đề cột thành \"Đất hiến (m²)\" \
                 (hoặc đổi ra ha và ghi \"Đất hiến (ha)\")",
                cell.display()
            )
        } else {
            format!(
                "\"{}\" ghi theo {name}, mà {name} mỗi vùng quy ra m² một khác nên dvk không tự đổi; {FIX}",
                cell.display()
            )
        })
    })?;
    let land = quantity_in(amount, milli_m2).ok_or_else(|| too_large(cell))?;
    // m² typed under "(ha)": 5000 would be 50 km² given by one row.
    if unit == AreaUnit::Hectare && in_header && land.milli() >= IMPLAUSIBLE_LAND_MILLI_M2 {
        return Err(CellProblem::new(format!(
            "\"{}\" ha theo đơn vị của cột, quá lớn cho một dòng đất hiến; có lẽ ô ghi theo m². \
             Nếu vậy hãy ghi \"{} m2\"; nếu cả cột ghi theo m², hãy sửa tiêu đề cột thành \"Đất hiến (m²)\"",
            cell.display(),
            cell.display()
        )));
    }
    Ok(Read {
        value: land,
        warning,
    })
}

/// Land one row hardly gives (100 ha), in a column counted in hectares: m²
/// typed in the wrong column.
const IMPLAUSIBLE_LAND_MILLI_M2: i64 = 1_000_000 * 1_000;

/// Reads a whole count (lượt, ngày công); a fraction is rounded once, half
/// away from zero, with a warning.
pub fn count_of(cell: &CellValue, style: Option<NumberStyle>) -> Result<Read<i64>, CellProblem> {
    let read = amount_of(cell, style)?;
    let (amount, _) = read.value;
    if let Some(n) = amount.as_integer() {
        return Ok(Read {
            value: n,
            warning: read.warning,
        });
    }
    let rounded = amount.to_whole(1).ok_or_else(|| too_large(cell))?;
    Ok(Read {
        value: rounded,
        warning: Some(format!(
            "\"{}\" không phải số nguyên; dvk làm tròn thành {rounded}",
            cell.display()
        )),
    })
}

fn ambiguity_warning(text: &str, read_as: Decimal) -> String {
    let shown = crate::render::vn_format::decimal(
        i64::try_from(read_as.units).unwrap_or(i64::MAX),
        read_as.scale,
    );
    format!(
        "\"{}\" có thể hiểu hai cách (dấu chấm, dấu phẩy là phân cách hàng nghìn hay dấu thập phân); \
         dvk hiểu theo cách viết Việt Nam là {shown}. Nếu không đúng, hãy sửa ô này \
         (gõ số vào ô kiểu số, hoặc viết rõ như 1.234,5)",
        text.trim()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years() {
        let ok = [
            (CellValue::Number(2019.0), 2019),
            (CellValue::Text("2019".into()), 2019),
            (CellValue::Text(" 2019 ".into()), 2019),
            (CellValue::Text("Năm 2020".into()), 2020),
            // 2019-05-01 as an Excel serial date.
            (CellValue::Date(43586.0), 2019),
            (CellValue::Date(43465.0), 2018), // 2018-12-31
            (CellValue::Date(43466.0), 2019), // 2019-01-01
            (CellValue::DateIso("2021-03-04".into()), 2021),
            // Dates typed as text, as clerks type a start date.
            (CellValue::Text("15/03/2021".into()), 2021),
            (CellValue::Text("5-3-2021".into()), 2021),
            (CellValue::Text("15.03.2021".into()), 2021),
            (CellValue::Text("3/2021".into()), 2021),
            (CellValue::Text("2021-03-15".into()), 2021),
            // A month with its word.
            (CellValue::Text("T3/2025".into()), 2025),
            (CellValue::Text("Th03/2025".into()), 2025),
            (CellValue::Text("tháng 3/2025".into()), 2025),
            (CellValue::Text("Tháng 12 năm 2024".into()), 2024),
            // Words before the year, Excel's text apostrophe, a quarter.
            (CellValue::Text("NĂM 2020".into()), 2020),
            (CellValue::Text("Từ năm 2023".into()), 2023),
            (CellValue::Text("từ 2023".into()), 2023),
            (CellValue::Text("TỪ NĂM 2023".into()), 2023),
            (
                CellValue::Text("Tu\u{31b}\u{300} na\u{306}m 2023".into()),
                2023,
            ),
            (CellValue::Text("Từ tháng 3/2023".into()), 2023),
            (CellValue::Text("'2023".into()), 2023),
            (CellValue::Text("’2023".into()), 2023),
            (CellValue::Text("Quý I/2023".into()), 2023),
            (CellValue::Text("Quý 1/2023".into()), 2023),
            (CellValue::Text("quý IV năm 2023".into()), 2023),
            (CellValue::Text("QI/2023".into()), 2023),
            (CellValue::Text("Q.2 - 2023".into()), 2023),
            (CellValue::Text("Từ quý III/2023".into()), 2023),
        ];
        for (cell, year) in ok {
            assert_eq!(year_of(&cell), Ok(year), "{cell:?}");
        }
        for cell in [
            CellValue::Text("2O19".into()),
            CellValue::Text("abc".into()),
            CellValue::Number(2019.5),
            CellValue::Number(1850.0),
            CellValue::Text("20190".into()),
            CellValue::Text("32/03/2021".into()),
            CellValue::Text("15/13/2021".into()),
            CellValue::Text("2019-2021".into()),
            CellValue::Text("15/03/21".into()),
            CellValue::Text("T13/2025".into()),
            CellValue::Text("Tháng 13 năm 2025".into()),
            CellValue::Text("Tổ 3/2025".into()),
            CellValue::Text("Từ năm 2023 đến 2024".into()),
            CellValue::Text("Từ năm".into()),
            CellValue::Text("Quý V/2023".into()),
            CellValue::Text("Quý I/2023-2024".into()),
            CellValue::Text("Quý I".into()),
            CellValue::Text("'".into()),
            CellValue::Text("Q/2023".into()),
            CellValue::Bool(true),
        ] {
            assert!(year_of(&cell).is_err(), "{cell:?}");
        }
        // A two-digit year is refused with the four digits to write.
        let short = year_of(&CellValue::Number(21.0)).unwrap_err().message;
        assert!(
            short.ends_with("hãy ghi đủ bốn chữ số của năm (ví dụ 2021 nếu là năm 2021)"),
            "{short}"
        );
        let long = year_of(&CellValue::Number(1850.0)).unwrap_err().message;
        assert!(long.ends_with("hãy sửa lại năm cho đúng"), "{long}");
        // Two years: the clerk is asked to choose one, not to "correct" it.
        let two = year_of(&CellValue::Text("2023-2024".into()))
            .unwrap_err()
            .message;
        assert!(
            two.starts_with(
                "\"2023-2024\" không phải là năm (cần dạng 2019); ô này ghi hai năm (2023 và 2024)"
            ),
            "{two}"
        );
    }

    #[test]
    fn a_year_typed_into_a_date_cell_is_that_year() {
        let typed = |year: i32, shown: &str| {
            Some(YearAsDate {
                year,
                shown: shown.to_owned(),
            })
        };
        let cases = [
            // 2022 in a dd/mm/yyyy column: Excel shows 14/07/1905.
            (CellValue::Date(2022.0), typed(2022, "14/07/1905")),
            (CellValue::Date(2021.0), typed(2021, "13/07/1905")),
            (CellValue::Date(1900.0), typed(1900, "14/03/1905")),
            (CellValue::Date(2100.0), typed(2100, "30/09/1905")),
            // A workbook counting from 1904 shows the same number 1462 days on.
            (CellValue::Date1904(2022.0), typed(2022, "15/07/1909")),
            // LibreOffice writes the date it shows into the .ods.
            (
                CellValue::DateIso("1905-07-14".into()),
                typed(2022, "14/07/1905"),
            ),
            (
                CellValue::DateIso("1905-07-13T00:00:00".into()),
                typed(2021, "13/07/1905"),
            ),
            // Real dates, or serials that are not a whole year.
            (CellValue::Date(1828.0), None), // 01/01/1905
            (CellValue::Date(1899.0), None),
            (CellValue::Date(2101.0), None),
            (CellValue::Date(2022.5), None),
            (CellValue::Date(43586.0), None), // 01/05/2019
            (CellValue::Date(f64::NAN), None),
            (CellValue::DateIso("1905-01-01".into()), None),
            (CellValue::DateIso("1905-07-14T12:00:00".into()), None),
            (CellValue::DateIso("2019-05-01".into()), None),
            (CellValue::DateIso("1905-7-14".into()), None),
            (CellValue::Number(2022.0), None),
            (CellValue::Text("14/07/1905".into()), None),
        ];
        for (cell, expected) in cases {
            assert_eq!(year_typed_as_date(&cell), expected, "{cell:?}");
        }
        assert_eq!(year_of(&CellValue::Date(2022.0)), Ok(2022));
        assert_eq!(year_of(&CellValue::DateIso("1905-07-14".into())), Ok(2022));
        // A real date of 1905 keeps its year.
        assert_eq!(year_of(&CellValue::Date(1828.0)), Ok(1905));
        assert_eq!(year_of(&CellValue::DateIso("1905-01-01".into())), Ok(1905));
        // 01/05/2019 counted from 1904 (43586 counted from 1900).
        assert_eq!(year_of(&CellValue::Date1904(42124.0)), Ok(2019));
        assert_eq!(year_of(&CellValue::Date1904(0.0)), Ok(1904));
    }

    #[test]
    fn dates_and_day_counts_agree() {
        for days in [-25_569, -1, 0, 1, 59, 60, 365, 11_016, 19_000, 47_482] {
            let (y, m, d) = civil_date(days);
            assert_eq!(days_of_civil(y, m, d), days, "{days}");
        }
        assert_eq!(civil_date(0), (1970, 1, 1));
        assert_eq!(civil_date(SERIAL_EPOCH), (1899, 12, 30));
        assert_eq!(days_of_iso_date("2019-05-01"), Some(43586 + SERIAL_EPOCH));
    }

    #[test]
    fn an_implausible_amount_says_the_unit_it_was_likely_typed_in() {
        let refused = |n: f64, unit| {
            money_of(&CellValue::Number(n), unit, None)
                .expect_err("implausible")
                .message
        };
        // 3000 in a "(tỷ)" column: triệu, so 3 tỷ.
        let message = refused(3000.0, MoneyUnit::BillionDong);
        assert!(
            message.contains("có lẽ ô ghi theo triệu đồng. Nếu vậy hãy ghi 3 tỷ đồng")
                && message.contains("thành \"(triệu đồng)\""),
            "{message}"
        );
        // 350.000.000 in a "(triệu đồng)" column: đồng, so 350 triệu.
        let message = refused(350_000_000.0, MoneyUnit::MillionDong);
        assert!(
            message.contains("có lẽ ô ghi theo đồng. Nếu vậy hãy ghi 350 triệu đồng")
                && message.contains("thành \"(đồng)\""),
            "{message}"
        );
    }

    #[test]
    fn money_in_units() {
        let cases = [
            (
                CellValue::Number(123.456),
                MoneyUnit::MillionDong,
                123_456_000,
            ),
            (CellValue::Number(0.1), MoneyUnit::MillionDong, 100_000),
            (
                CellValue::Text("1.234,5".into()),
                MoneyUnit::MillionDong,
                1_234_500_000,
            ),
            (
                CellValue::Text("12.500.000đ".into()),
                MoneyUnit::MillionDong,
                12_500_000,
            ),
            (
                CellValue::Text("1,5 tỷ".into()),
                MoneyUnit::MillionDong,
                1_500_000_000,
            ),
            (
                CellValue::Text("350".into()),
                MoneyUnit::ThousandDong,
                350_000,
            ),
            (
                CellValue::Number(2.0),
                MoneyUnit::BillionDong,
                2_000_000_000,
            ),
            (CellValue::Number(1500.0), MoneyUnit::Dong, 1500),
        ];
        for (cell, unit, dong) in cases {
            let read = money_of(&cell, unit, None).unwrap_or_else(|e| panic!("{cell:?}: {e:?}"));
            assert_eq!(read.value.dong(), dong, "{cell:?}");
        }
        assert!(money_of(&CellValue::Text("abc".into()), MoneyUnit::MillionDong, None).is_err());
        assert!(money_of(&CellValue::Number(-5.0), MoneyUnit::MillionDong, None).is_err());
        let ambiguous = money_of(
            &CellValue::Text("1.234".into()),
            MoneyUnit::MillionDong,
            None,
        )
        .expect("reads");
        assert!(ambiguous.warning.is_some());
    }

    fn text(t: &str) -> CellValue {
        CellValue::Text(t.into())
    }

    #[test]
    fn dashes_and_khong_say_none() {
        for t in [
            "-", "--", "---", " - ", "–", "—", "——", " – ", "- -", "−", "không", "Không", "KHÔNG",
            " không ",
        ] {
            assert!(says_none(&text(t)), "{t:?}");
        }
        for cell in [
            text(""),
            text("  "),
            text("-5"),
            text("0"),
            text("0đ"),
            text("abc"),
            text("không hiệu quả"),
            text("-,"),
            CellValue::Number(0.0),
        ] {
            assert!(!says_none(&cell), "{cell:?}");
        }
    }

    #[test]
    fn zero_dong_is_an_explicit_zero() {
        let read = money_of(&text("0đ"), MoneyUnit::MillionDong, None).expect("reads");
        assert_eq!(read.value, Money::ZERO);
    }

    #[test]
    fn metres_to_km_round_once_half_away_from_zero() {
        // (cell, thousandths of a km), "m" to "km" being 1 thousandth a metre.
        let cases = [
            (text("333,3"), 333),
            (CellValue::Number(333.3), 333),
            (text("1,5"), 2),
            (CellValue::Number(1.5), 2),
            (text("2,5"), 3),
            (CellValue::Number(2.5), 3),
            (text("0,5"), 1),
            (text("0,4999"), 0),
            (text("999,5"), 1000),
            (text("1.500"), 1500),
            (text("350"), 350),
        ];
        for (cell, milli) in cases {
            let (amount, _) = amount_of(&cell, None).expect("reads").value;
            assert_eq!(
                quantity_in(amount, 1),
                Some(Quantity::from_milli(milli)),
                "{cell:?}"
            );
        }
    }

    #[test]
    fn quantities_round_once_to_thousandths() {
        let cases = [
            (CellValue::Number(0.0005), 1),
            (text("0,0005"), 1),
            (text("0,0004999"), 0),
            (CellValue::Number(0.3333), 333),
            (text("1,2345"), 1235),
            (CellValue::Number(1.0015), 1002),
            (text("12"), 12_000),
        ];
        for (cell, milli) in cases {
            let quantity = land_of(&cell, AreaUnit::SquareMetre, None)
                .expect("reads")
                .value;
            assert_eq!(quantity.milli(), milli, "{cell:?}");
        }
    }

    #[test]
    fn land_is_read_in_its_headers_or_its_own_unit() {
        use AreaUnit::{Hectare, Regional, SquareMetre};
        // (cell, the column's unit, thousandths of a m²)
        let cases = [
            (CellValue::Number(0.5), Hectare, 5_000_000),
            (text("0,5"), Hectare, 5_000_000),
            (text("0,5 ha"), SquareMetre, 5_000_000),
            (text("0,5 ha"), Hectare, 5_000_000),
            (text("1,25 héc-ta"), SquareMetre, 12_500_000),
            (text("0,0000001 ha"), SquareMetre, 1),
            (CellValue::Number(0.00000004), Hectare, 0),
            (CellValue::Number(99.0), Hectare, 990_000_000),
            (text("5000 ha"), SquareMetre, 50_000_000_000),
            (CellValue::Number(5000.0), SquareMetre, 5_000_000),
            (text("5000 m2"), SquareMetre, 5_000_000),
            (text("5.000m2"), Hectare, 5_000_000),
            (text("5000 m²"), Hectare, 5_000_000),
            (text("120,5 mét vuông"), SquareMetre, 120_500),
        ];
        for (cell, unit, milli) in cases {
            let land = land_of(&cell, unit, None)
                .unwrap_or_else(|e| panic!("{cell:?}: {e:?}"))
                .value;
            assert_eq!(land.milli(), milli, "{cell:?} in {unit:?}");
        }
        // Never m² by default: a regional unit, in the cell or the header,
        // and any other word are refused, naming the cell's value.
        let refused = [
            (text("2 sào"), SquareMetre, "\"2 sào\" ghi theo sào"),
            (
                text("1 công đất"),
                Hectare,
                "\"1 công đất\" ghi theo công đất",
            ),
            (
                text("3"),
                Regional("sào"),
                "\"3\" theo đơn vị sào ghi ở tiêu đề cột",
            ),
            (CellValue::Number(3.0), Regional("công"), "theo đơn vị công"),
            (
                text("500 m"),
                SquareMetre,
                "\"500 m\" không ghi diện tích theo m² hay ha",
            ),
            (
                text("5 km2"),
                SquareMetre,
                "không ghi diện tích theo m² hay ha",
            ),
            // m² typed under "(ha)": 5000 ha from one row.
            (
                CellValue::Number(5000.0),
                Hectare,
                "có lẽ ô ghi theo m². Nếu vậy hãy ghi \"5000 m2\"",
            ),
        ];
        for (cell, unit, says) in refused {
            let problem = land_of(&cell, unit, None).expect_err("refused");
            assert!(
                problem.message.contains(says),
                "{cell:?}: {}",
                problem.message
            );
        }
        // Too large for thousandths of a m²: an error, not an overflow.
        let huge = CellValue::Number(1e15);
        assert!(land_of(&huge, Hectare, None).is_err());
    }

    #[test]
    fn counts_round_once() {
        // 2,4996 is nearer 2: it is not first rounded to 2,500.
        let read = count_of(&text("2,4996"), None).expect("reads");
        assert_eq!(read.value, 2);
        assert!(read.warning.is_some());
        assert_eq!(count_of(&text("2,5"), None).expect("reads").value, 3);
        assert_eq!(
            count_of(&CellValue::Number(7.0), None)
                .expect("reads")
                .value,
            7
        );
    }
}
