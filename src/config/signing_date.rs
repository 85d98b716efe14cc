//! The report's signing date (`date` under `[document]`), read from the
//! forms clerks type ("15/6/2022", "05-06-2022", "ngày 5 tháng 6 năm 2022",
//! "2022-06-15") and checked to be a real calendar date, so a mistyped date
//! stops the run instead of reaching the report. Writing it out is
//! `render::vn_format`'s job; this module only reads.

use crate::normalise::fold::bare_key;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use std::fmt;

/// How the key is shown in messages, with a date that reads well.
const EXAMPLE: &str = "date = \"15/6/2022\"";

/// A real calendar date between 1900 and 2100.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SigningDate {
    pub day: u32,
    pub month: u32,
    pub year: i32,
}

impl SigningDate {
    /// A checked date; the error says, in Vietnamese, what is impossible.
    pub fn new(day: u32, month: u32, year: i32) -> Result<SigningDate, String> {
        if !(1900..=2100).contains(&year) {
            return Err(format!("năm {year} không hợp lý (cần từ 1900 đến 2100)"));
        }
        if !(1..=12).contains(&month) {
            return Err(format!("không có tháng {month}"));
        }
        let last = days_in_month(month, year);
        if day == 0 {
            return Err("không có ngày 0".to_owned());
        }
        if day > last {
            return Err(if month == 2 {
                format!("tháng 2 năm {year} chỉ có {last} ngày")
            } else {
                format!("tháng {month} chỉ có {last} ngày")
            });
        }
        Ok(SigningDate { day, month, year })
    }

    /// Reads `15/6/2022`, `05/06/2022`, `15-6-2022`, `15.6.2022`,
    /// `ngày 15 tháng 6 năm 2022` (with or without diacritics) and
    /// `2022-06-15`. The error is the Vietnamese reason, without the key.
    pub fn parse(text: &str) -> Result<SigningDate, String> {
        // Diacritics, case and punctuation folded: "Ngày 5 tháng 6 năm 2022"
        // is "ngay 5 thang 6 nam 2022", "15/6/2022" is "15 6 2022".
        let key = bare_key(text);
        let tokens: Vec<&str> = key.split(' ').filter(|t| !t.is_empty()).collect();
        let numbers: Vec<&str> = match tokens.as_slice() {
            ["ngay", d, "thang", m, "nam", y] | [d, "thang", m, "nam", y] => vec![*d, *m, *y],
            ["thang", m, "nam", y] => vec![*m, *y],
            other => other.to_vec(),
        };
        if numbers.is_empty()
            || !numbers
                .iter()
                .all(|n| n.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err("không đọc được thành ngày".to_owned());
        }
        let value = |n: &str| n.parse::<u32>().ok();
        match numbers.as_slice() {
            [y, m, d] if y.len() == 4 => {
                let (Some(y), Some(m), Some(d)) = (value(y), value(m), value(d)) else {
                    return Err("không đọc được thành ngày".to_owned());
                };
                Self::new(d, m, y as i32)
            }
            [d, m, y] => {
                if y.len() != 4 {
                    return Err(format!(
                        "năm phải ghi đủ bốn chữ số (ví dụ 2022, không phải {y})"
                    ));
                }
                let (Some(d), Some(m), Some(y)) = (value(d), value(m), value(y)) else {
                    return Err("không đọc được thành ngày".to_owned());
                };
                Self::new(d, m, y as i32)
            }
            [_, y] if y.len() == 4 => Err("thiếu ngày ký (chỉ có tháng và năm)".to_owned()),
            [y] if y.len() == 4 => Err("thiếu ngày và tháng ký (chỉ có năm)".to_owned()),
            _ => Err("không đọc được thành ngày".to_owned()),
        }
    }
}

fn days_in_month(month: u32, year: i32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The whole message for a date that cannot be used: the key, the value
/// as written, why, and an example.
fn refusal(written: &str, reason: &str) -> String {
    format!(
        "date = \"{written}\" không dùng được làm ngày ký: {reason}. \
         Hãy ghi ngày/tháng/năm, năm đủ bốn chữ số, ví dụ: {EXAMPLE}"
    )
}

impl<'de> Deserialize<'de> for SigningDate {
    /// A text in one of the forms of [`SigningDate::parse`], or a TOML
    /// date written without quotes (`date = 2022-06-15`).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DateVisitor;

        impl<'de> Visitor<'de> for DateVisitor {
            type Value = SigningDate;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                // Vietnamese: the config's error translator shows it as is
                // ("date phải là ngày ký đặt trong dấu ngoặc kép, …").
                f.write_str("ngày ký đặt trong dấu ngoặc kép")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<SigningDate, E> {
                SigningDate::parse(text).map_err(|reason| E::custom(refusal(text.trim(), &reason)))
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<SigningDate, A::Error> {
                let written =
                    toml::value::Datetime::deserialize(de::value::MapAccessDeserializer::new(map))?;
                let Some(date) = written.date else {
                    return Err(de::Error::custom(format!(
                        "date = {written} là giờ, không phải ngày ký. Hãy ghi ngày/tháng/năm, ví dụ: {EXAMPLE}"
                    )));
                };
                SigningDate::new(
                    u32::from(date.day),
                    u32::from(date.month),
                    i32::from(date.year),
                )
                .map_err(|reason| de::Error::custom(refusal(&written.to_string(), &reason)))
            }
        }

        deserializer.deserialize_any(DateVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_forms_clerks_type() {
        for (written, (day, month, year)) in [
            ("15/6/2022", (15, 6, 2022)),
            ("5/6/2022", (5, 6, 2022)),
            ("05/06/2022", (5, 6, 2022)),
            ("15-6-2022", (15, 6, 2022)),
            ("05-06-2022", (5, 6, 2022)),
            ("15.6.2022", (15, 6, 2022)),
            (" 15 / 6 / 2022 ", (15, 6, 2022)),
            ("2022-06-15", (15, 6, 2022)),
            ("ngày 5 tháng 6 năm 2022", (5, 6, 2022)),
            ("Ngày 05 tháng 01 năm 2022", (5, 1, 2022)),
            ("ngay 5 thang 6 nam 2022", (5, 6, 2022)),
            // Decomposed (NFD) text, as some Windows editors save it.
            ("nga\u{300}y 5 tha\u{301}ng 6 na\u{306}m 2022", (5, 6, 2022)),
            ("5 tháng 6 năm 2022", (5, 6, 2022)),
            ("29/2/2024", (29, 2, 2024)),
            ("29/2/2000", (29, 2, 2000)),
            ("31/12/2021", (31, 12, 2021)),
        ] {
            assert_eq!(
                SigningDate::parse(written),
                Ok(SigningDate { day, month, year }),
                "{written:?}"
            );
        }
    }

    #[test]
    fn impossible_or_incomplete_dates_say_why() {
        for (written, reason) in [
            ("32/13/2022", "không có tháng 13"),
            ("32/12/2022", "tháng 12 chỉ có 31 ngày"),
            ("31/6/2022", "tháng 6 chỉ có 30 ngày"),
            ("29/2/2023", "tháng 2 năm 2023 chỉ có 28 ngày"),
            ("29/2/1900", "tháng 2 năm 1900 chỉ có 28 ngày"),
            ("0/6/2022", "không có ngày 0"),
            ("15/0/2022", "không có tháng 0"),
            (
                "5/6/22",
                "năm phải ghi đủ bốn chữ số (ví dụ 2022, không phải 22)",
            ),
            ("6/2022", "thiếu ngày ký"),
            ("tháng 6 năm 2022", "thiếu ngày ký"),
            ("2022", "thiếu ngày và tháng"),
            ("15/6/3022", "năm 3022 không hợp lý"),
            ("ngày ngày 5 tháng 6 năm 2022", "không đọc được"),
            ("Minh Long, ngày 5 tháng 6 năm 2022", "không đọc được"),
            ("cuối tháng 6", "không đọc được"),
            ("", "không đọc được"),
            ("15/6/2022/1", "không đọc được"),
            ("99999999999/6/2022", "không đọc được"),
        ] {
            match SigningDate::parse(written) {
                Err(message) => assert!(message.contains(reason), "{written:?}: {message}"),
                Ok(date) => panic!("{written:?} read as {date:?}"),
            }
        }
    }

    #[test]
    fn leap_years() {
        for (year, days) in [(2024, 29), (2023, 28), (2000, 29), (1900, 28), (2100, 28)] {
            assert_eq!(days_in_month(2, year), days, "{year}");
        }
    }
}
