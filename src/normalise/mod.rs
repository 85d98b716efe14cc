//! Turns raw sheets into typed records, and gives every row its fate.
//!
//! Finds the header, maps columns, reads Vietnamese numbers, years and names,
//! and decides for each row: accepted, skipped (outside the period, or part of
//! the sheet's layout) or rejected (a value that cannot be read), always with
//! a reason. It never reads files.

mod cell;
pub mod fold;
mod header;
mod merged;
pub mod number;
mod recipients;
pub mod rows;
mod unit;
mod unrecognised;

pub use header::{detect_header, HeaderBand, MappedColumn};
pub use rows::{data_rows_in, normalise_sheet, shown_sheet_name};
pub use unit::{area_unit_in, money_unit_in};

use crate::diagnostic::Diagnostic;
use crate::domain::{Record, SheetKind};

/// The years a run counts; a missing bound is open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Period {
    pub from: Option<i32>,
    pub to: Option<i32>,
}

impl Period {
    pub fn contains(&self, year: i32) -> bool {
        self.from.is_none_or(|f| year >= f) && self.to.is_none_or(|t| year <= t)
    }
}

/// Why a row was skipped.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    OutsidePeriod,
    NumberingRow,
    TotalRow,
    SectionHeading,
    RepeatedHeader,
    Breakdown,
    NoData,
    BelowTable,
}

impl SkipReason {
    pub const ALL: [SkipReason; 8] = [
        SkipReason::OutsidePeriod,
        SkipReason::NumberingRow,
        SkipReason::TotalRow,
        SkipReason::SectionHeading,
        SkipReason::RepeatedHeader,
        SkipReason::Breakdown,
        SkipReason::NoData,
        SkipReason::BelowTable,
    ];

    pub const fn vietnamese(self) -> &'static str {
        match self {
            // Said after a count: "1 dòng có năm ngoài kỳ báo cáo".
            SkipReason::OutsidePeriod => "dòng có năm ngoài kỳ báo cáo",
            SkipReason::NumberingRow => "dòng đánh số cột",
            SkipReason::TotalRow => "dòng cộng, tổng cộng",
            SkipReason::SectionHeading => "dòng tiêu đề nhóm",
            SkipReason::RepeatedHeader => "dòng tiêu đề lặp lại",
            SkipReason::Breakdown => "dòng chi tiết dưới dòng tổng (trong đó, bình quân, tỷ lệ)",
            SkipReason::NoData => "dòng ghi chú, không có số liệu",
            SkipReason::BelowTable => "dòng chữ ký, ghi chú cuối bảng",
        }
    }
}

/// How many rows met each fate; `read = accepted + skipped + rejected`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RowCounts {
    pub read: u64,
    pub accepted: u64,
    pub skipped: u64,
    pub rejected: u64,
}

impl std::ops::AddAssign for RowCounts {
    fn add_assign(&mut self, o: RowCounts) {
        self.read += o.read;
        self.accepted += o.accepted;
        self.skipped += o.skipped;
        self.rejected += o.rejected;
    }
}

/// An accepted record with the row it came from.
#[derive(Debug, Clone)]
pub struct AcceptedRow {
    pub row: u32,
    pub record: Record,
}

/// What one sheet gave.
#[derive(Debug, Clone, Default)]
pub struct SheetOutcome {
    /// `None` when the sheet has no recognisable header (it is ignored).
    pub kind: Option<SheetKind>,
    pub accepted: Vec<AcceptedRow>,
    pub counts: RowCounts,
    pub skipped_by_reason: Vec<(SkipReason, u64)>,
    pub diagnostics: Vec<Diagnostic>,
    /// Earliest and latest valid year among the rows, in the period or not.
    pub years: Option<(i32, i32)>,
    /// The hamlet column's header as written ("Thôn", "Ấp", "Thôn/Ấp"),
    /// which tells the report what the data calls that level.
    pub hamlet_header: Option<String>,
}
