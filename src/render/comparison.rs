//! Comparison with an earlier period, from that period's `tong-hop.json`:
//! "số mô hình tăng 12,5% (từ 250 lên 281 mô hình) so với giai đoạn 2017 – 2021".
//! Also says when the earlier summary reports other places than this run
//! (one commune's summary compared with a district's): the percentages
//! would then compare different things.

use super::vn_format;
use crate::aggregate::{locality_key, LocalityKey, Summary};
use serde::Serialize;
use std::collections::BTreeMap;

/// The figures of an earlier run that the report compares with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Previous {
    pub from: Option<i32>,
    pub to: Option<i32>,
    pub models_total: u64,
    pub models_effective: u64,
    pub funding_total: i64,
    /// The places the earlier summary reports (see [`Places`]); None in
    /// files that do not list them.
    pub places: Option<Places>,
}

/// Places that reported, each as one comparison unit with its name as
/// written: a commune by its own name (the district left out, so a summary
/// made before districts were dropped in 2025 still matches), an agency
/// above the communes by its province, district and name.
pub type Places = BTreeMap<[String; 3], String>;

/// An earlier summary that cannot be compared with.
#[derive(Debug, thiserror::Error)]
pub enum ComparisonError {
    #[error(
        "tệp so sánh {file} không phải tong-hop.json của dvk (lược đồ dvk.summary/1): {detail}"
    )]
    NotASummary { file: String, detail: String },
    #[error(
        "tệp so sánh {file} bị cắt cụt (chép hoặc tải về chưa hết): nội dung dừng giữa chừng ở dòng {line}, \
         cột {column}. Hãy xin lại tệp tong-hop.json đầy đủ, hoặc chạy lại dvk ở nơi đã làm ra nó (kỳ trước) \
         để có lại tệp"
    )]
    Truncated {
        file: String,
        line: usize,
        column: usize,
    },
    #[error(
        "tệp so sánh {file} không còn là JSON hợp lệ ở dòng {line}, cột {column} (có thể đã bị sửa tay \
         hoặc hỏng khi chép). Hãy xin lại tệp tong-hop.json, hoặc chạy lại dvk ở nơi đã làm ra nó (kỳ trước) \
         để có lại tệp"
    )]
    NotJson {
        file: String,
        line: usize,
        column: usize,
    },
    #[error("kỳ so sánh {earlier} trùng với kỳ báo cáo {current}; hãy so với một kỳ kết thúc trước kỳ này (ví dụ chạy lại kỳ cũ với --to)")]
    Overlap { earlier: String, current: String },
}

impl Previous {
    /// Reads the figures from a `dvk.summary/1` document.
    pub fn from_json(file: &str, text: &str) -> Result<Previous, ComparisonError> {
        let error = |detail: &str| ComparisonError::NotASummary {
            file: file.to_owned(),
            detail: detail.to_owned(),
        };
        let json: serde_json::Value = serde_json::from_str(text).map_err(|e| {
            let (file, line, column) = (file.to_owned(), e.line(), e.column());
            if e.is_eof() {
                ComparisonError::Truncated { file, line, column }
            } else {
                ComparisonError::NotJson { file, line, column }
            }
        })?;
        if json["schema"] != super::json::SUMMARY_SCHEMA {
            return Err(error("thiếu \"schema\": \"dvk.summary/1\""));
        }
        let number = |value: &serde_json::Value, name: &str| {
            value
                .as_i64()
                .ok_or_else(|| error(&format!("thiếu {name}")))
        };
        Ok(Previous {
            from: json["period"]["from"]
                .as_i64()
                .and_then(|y| i32::try_from(y).ok()),
            to: json["period"]["to"]
                .as_i64()
                .and_then(|y| i32::try_from(y).ok()),
            models_total: number(&json["models"]["total"], "models.total")?.max(0) as u64,
            models_effective: number(&json["models"]["effective"], "models.effective")?.max(0)
                as u64,
            funding_total: number(&json["funding"]["total"], "funding.total")?,
            places: places_of_json(&json["rollup"]),
        })
    }

    /// A warning when this run's places and the earlier summary's overlap
    /// little: fewer than half of either side's places are in the other
    /// (one commune's summary compared with the whole district's files).
    /// None when they mostly match, or when either side lists no places.
    pub fn other_places_warning(&self, file: &str, summary: &Summary) -> Option<String> {
        let earlier = self.places.as_ref().filter(|p| !p.is_empty())?;
        let current = named_places(
            summary.reporting_places.iter(),
            summary.localities.values().map(|tally| &tally.names),
        );
        if current.is_empty() {
            return None;
        }
        let shared = current.keys().filter(|k| earlier.contains_key(*k)).count();
        if !overlap_is_small(shared, earlier.len(), current.len()) {
            return None;
        }
        Some(format!(
            "tệp so sánh {file} không cùng địa bàn với kỳ này: tệp đó có {} nơi báo cáo ({}), kỳ này có {} nơi \
             ({}), chỉ {shared} nơi có ở cả hai. Tỷ lệ tăng, giảm trong báo cáo so sánh hai nhóm nơi khác nhau \
             nên không dùng được: hãy so với tong-hop.json của kỳ trước làm từ các tệp của cùng các nơi này \
             (hoặc bỏ --so-sanh)",
            earlier.len(),
            examples(earlier),
            current.len(),
            examples(&current),
        ))
    }
}

/// Whether `shared` places are fewer than half of either side's: below
/// that the two periods do not count mostly the same places. Half leaves
/// room for the communes merged or newly reporting between two periods.
fn overlap_is_small(shared: usize, earlier: usize, current: usize) -> bool {
    earlier > 0 && current > 0 && (shared * 2 < earlier || shared * 2 < current)
}

/// Three names, then how many more: "Long Hiệp, Long Mai, Long Môn và 8
/// nơi khác".
fn examples(places: &Places) -> String {
    let mut names: Vec<&str> = places.values().map(String::as_str).collect();
    names.sort_unstable();
    names.dedup();
    vn_format::first_few(&names, 3, ", ", "nơi")
}

/// The places a summary's `rollup` lists (`reporting_places`, or in files
/// written before those were kept, the places of its models), named as
/// its `localities` spell them.
fn places_of_json(rollup: &serde_json::Value) -> Option<Places> {
    let names_of = |value: &serde_json::Value| -> Option<[Option<String>; 4]> {
        let parts = value.as_array().filter(|parts| parts.len() == 4)?;
        Some(std::array::from_fn(|i| {
            parts[i]
                .as_str()
                .filter(|p| !p.is_empty())
                .map(str::to_owned)
        }))
    };
    let spelled: Vec<[Option<String>; 4]> = rollup["localities"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|line| names_of(&line["names"]))
        .collect();
    let mut keys: Vec<LocalityKey> = rollup["reporting_places"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|key| names_of(key).map(|names| locality_key(&names)))
        .collect();
    if keys.is_empty() {
        keys = spelled.iter().map(locality_key).collect();
    }
    if keys.is_empty() {
        return None;
    }
    Some(named_places(keys.iter(), spelled.iter()))
}

/// `keys` by comparison unit (see [`Places`]), each named as a line of
/// `spelled` (names as written) of the same unit writes it, else by its
/// key (folded, in lower case).
fn named_places<'a, S: AsRef<str> + 'a>(
    keys: impl Iterator<Item = &'a LocalityKey>,
    spelled: impl Iterator<Item = &'a [Option<S>; 4]>,
) -> Places {
    let mut names: Places = Places::new();
    for written in spelled {
        if let Some((unit, level)) = unit_of(&locality_key(written)) {
            if let Some(name) = &written[level] {
                names
                    .entry(unit)
                    .or_insert_with(|| name.as_ref().to_owned());
            }
        }
    }
    let mut places = Places::new();
    for key in keys {
        if let Some((unit, level)) = unit_of(key) {
            let name = names
                .get(&unit)
                .cloned()
                .unwrap_or_else(|| key[level].to_string());
            places.entry(unit).or_insert(name);
        }
    }
    places
}

/// A place's comparison unit and the level its name is at: a commune by
/// its name; above the communes, an agency (its name where a hamlet would
/// be) or the district or province itself. None for a wholly blank key.
fn unit_of(key: &LocalityKey) -> Option<([String; 3], usize)> {
    let commune = crate::domain::LocalityLevel::Commune.index();
    if key[commune].is_empty() {
        let level = [3, 1, 0].into_iter().find(|&l| !key[l].is_empty())?;
        Some((
            [key[0].to_string(), key[1].to_string(), key[3].to_string()],
            level,
        ))
    } else {
        Some((
            [String::new(), String::new(), key[commune].to_string()],
            commune,
        ))
    }
}
/// One figure then and now, with the change in words: "tăng 12,5%".
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub previous: i64,
    pub current: i64,
    /// "tăng 12,5%", "giảm 3%", "tăng gấp 5,8 lần", "không đổi".
    pub words: String,
}

impl Change {
    pub fn new(previous: i64, current: i64) -> Change {
        let words = if previous == current {
            "không đổi".to_owned()
        } else if previous == 0 {
            "tăng".to_owned()
        } else if previous > 0 && current >= 2 * previous {
            // "tăng 480%" reads hard: twice or more is said as a multiple,
            // in tenths, rounded half away from zero.
            let (current, previous) = (i128::from(current), i128::from(previous));
            let tenths = (current * 20 + previous) / (previous * 2);
            format!("tăng gấp {} lần", vn_format::decimal(tenths as i64, 1))
        } else {
            // Tenths of a percent, rounded half away from zero, in integers.
            let diff = i128::from(current) - i128::from(previous);
            let tenths =
                (diff.abs() * 2000 + i128::from(previous.abs())) / (i128::from(previous.abs()) * 2);
            let verb = if diff > 0 { "tăng" } else { "giảm" };
            format!("{verb} {}%", vn_format::decimal(tenths as i64, 1))
        };
        Change {
            previous,
            current,
            words,
        }
    }
}

/// What the report says about the earlier period.
#[derive(Debug, Clone, Serialize)]
pub struct ComparisonView {
    /// "giai đoạn 2017 – 2021" or "năm 2021".
    pub period: String,
    pub models: Change,
    pub effective: Change,
    pub funding: Change,
    /// The earlier summary counts mostly other places (see
    /// [`Previous::other_places_warning`]): the report says so.
    pub other_places: bool,
}

impl Previous {
    /// Refuses an earlier period that overlaps the current one: "tăng 80%"
    /// between 2017–2019 and 2017–2022 would be the same models counted twice.
    pub fn check_before(&self, from: Option<i32>, to: Option<i32>) -> Result<(), ComparisonError> {
        let show = |a: Option<i32>, b: Option<i32>| {
            format!(
                "{} – {}",
                a.map_or("?".to_owned(), |y| y.to_string()),
                b.map_or("?".to_owned(), |y| y.to_string())
            )
        };
        if let (Some(earlier_to), Some(current_from)) = (self.to, from) {
            if earlier_to >= current_from {
                return Err(ComparisonError::Overlap {
                    earlier: show(self.from, self.to),
                    current: show(from, to),
                });
            }
        }
        Ok(())
    }
}

impl ComparisonView {
    pub fn new(
        previous: &Previous,
        models_total: u64,
        models_effective: u64,
        funding_total: i64,
    ) -> Self {
        let period = match (previous.from, previous.to) {
            (Some(a), Some(b)) if a != b => format!("giai đoạn {a} – {b}"),
            (Some(a), _) | (None, Some(a)) => format!("năm {a}"),
            (None, None) => "kỳ trước".to_owned(),
        };
        ComparisonView {
            period,
            models: Change::new(previous.models_total as i64, models_total as i64),
            effective: Change::new(previous.models_effective as i64, models_effective as i64),
            funding: Change::new(previous.funding_total, funding_total),
            other_places: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_in_words() {
        for (previous, current, words) in [
            (250, 281, "tăng 12,4%"),
            (200, 150, "giảm 25%"),
            (100, 100, "không đổi"),
            (0, 5, "tăng"),
            (3, 4, "tăng 33,3%"),
            (100, 199, "tăng 99%"),
            (100, 200, "tăng gấp 2 lần"),
            (50, 290, "tăng gấp 5,8 lần"),
            (40, 101, "tăng gấp 2,5 lần"),
            (3, 100, "tăng gấp 33,3 lần"),
        ] {
            assert_eq!(
                Change::new(previous, current).words,
                words,
                "{previous} → {current}"
            );
        }
    }

    #[test]
    fn reads_an_earlier_summary() {
        let text = r#"{"schema":"dvk.summary/1","period":{"from":2017,"to":2021},"models":{"total":250,"effective":100},"funding":{"total":5000000000}}"#;
        let previous = Previous::from_json("cu.json", text).expect("reads");
        assert_eq!(previous.models_total, 250);
        assert!(Previous::from_json("x.json", "{}").is_err());
    }
}
