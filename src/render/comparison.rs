//! Comparison with an earlier period, from that period's `tong-hop.json`:
//! "số mô hình tăng 12,5% (từ 250 lên 281 mô hình) so với giai đoạn 2017 – 2021".

use super::vn_format;
use serde::Serialize;

/// The figures of an earlier run that the report compares with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Previous {
    pub from: Option<i32>,
    pub to: Option<i32>,
    pub models_total: u64,
    pub models_effective: u64,
    pub funding_total: i64,
}

/// An earlier summary that cannot be compared with.
#[derive(Debug, thiserror::Error)]
pub enum ComparisonError {
    #[error(
        "tệp so sánh {file} không phải tong-hop.json của dvk (lược đồ dvk.summary/1): {detail}"
    )]
    NotASummary { file: String, detail: String },
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
        let json: serde_json::Value =
            serde_json::from_str(text).map_err(|e| error(&e.to_string()))?;
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
        })
    }
}

/// One figure then and now, with the change in words: "tăng 12,5%".
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub previous: i64,
    pub current: i64,
    /// "tăng 12,5%", "giảm 3%", "không đổi".
    pub words: String,
}

impl Change {
    pub fn new(previous: i64, current: i64) -> Change {
        let words = if previous == current {
            "không đổi".to_owned()
        } else if previous == 0 {
            "tăng".to_owned()
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
