//! `tong-hop.json`, schema `dvk.summary/1` of `interface.md`, key for key.

use super::view::{FieldRow, FundingView, LocalityRow, SummaryView, YearRow};
use crate::normalise::fold::collation_key;
use serde::Serialize;

/// The schema of the summaries this dvk writes (and reads back to roll up).
pub const SUMMARY_SCHEMA: &str = "dvk.summary/1";

#[derive(Serialize)]
struct Document<'a> {
    schema: &'static str,
    period: Period,
    rows: &'a super::view::RowsView,
    models: Models<'a>,
    projects: Projects,
    funding: Funding,
    problems: Problems<'a>,
    /// Added: commendations by form.
    commendations: Commendations<'a>,
    /// Added: meetings with citizens.
    dialogues: super::view::DialoguesView,
    /// Added: communes and hamlets chosen for the movement.
    focus_localities: super::view::FocusView,
    /// Added to the schema: the accounting of each file.
    files: Files<'a>,
    /// Added: the whole summary, exact, so that this file can be an input
    /// of a higher level's `dvk build` (roll-up); with `files` and
    /// `problems` above, which it does not repeat.
    rollup: &'a crate::aggregate::Rollup,
}

#[derive(Serialize)]
struct Commendations<'a> {
    collective: u64,
    individual: u64,
    by_form: &'a [super::view::CommendationRow],
}

#[derive(Serialize)]
struct Period {
    from: Option<i32>,
    to: Option<i32>,
}

#[derive(Serialize)]
struct Models<'a> {
    total: u64,
    effective: u64,
    stopped: u64,
    exemplary: u64,
    by_field: &'a [FieldRow],
    /// By key, as tong-hop.json has always listed them (the tables order
    /// numbers in names by value: see [`by_key`]).
    by_locality: Vec<&'a LocalityRow>,
    by_year: &'a [YearRow],
    /// Added: the models' own money, in đồng.
    funding_total: i64,
    /// Added: outstanding models with their place (the first 50 by name,
    /// then the first of every place before the second of any).
    outstanding: &'a [super::view::OutstandingRow],
}

#[derive(Serialize)]
struct Projects {
    by_type: Vec<WorkType>,
}

#[derive(Serialize)]
struct WorkType {
    #[serde(rename = "type")]
    work_type: String,
    unit: String,
    count: u64,
    quantity: serde_json::Number,
    funding: FundingView,
}

#[derive(Serialize)]
struct Funding {
    total: i64,
    state_budget: i64,
    mobilized: i64,
    /// Added: `total - state_budget - mobilized`, money whose source the
    /// sheets did not split (negative where rows' sources exceed their total).
    unknown_source: i64,
    /// Added: the money of rows that gave no source for it (never negative).
    unsplit: i64,
    /// Added: how much rows whose two sources exceed their total overstate
    /// them; `unknown_source = unsplit - overstated`.
    overstated: i64,
    participations: i64,
    workdays: i64,
    land_m2: serde_json::Number,
}

#[derive(Serialize)]
struct Problem<'a> {
    file: &'a str,
    sheet: Option<&'a str>,
    row: Option<u32>,
    column: Option<&'a str>,
    severity: crate::diagnostic::Severity,
    message: &'a str,
    /// Added: positions of the sheet in its workbook and of the column
    /// (0-based), which order problems when this file is rolled up.
    sheet_index: usize,
    column_index: Option<u32>,
}

/// The view's problems, each written as it is serialised: the list grows
/// with the input and is not copied for the JSON.
struct Problems<'a>(&'a [crate::diagnostic::Diagnostic]);

impl Serialize for Problems<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|p| Problem {
            file: &p.location.file,
            sheet: p.location.sheet.as_deref(),
            row: p.location.row,
            column: p.location.column.as_deref(),
            severity: p.severity,
            message: &p.message,
            sheet_index: p.location.sheet_index,
            column_index: p.location.column_index,
        }))
    }
}

/// The view's files, each written as it is serialised.
struct Files<'a>(&'a [super::view::FileRow]);

impl Serialize for Files<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|f| File {
            file: &f.file,
            status: f.status,
            read: f.read,
            accepted: f.accepted,
            skipped: f.skipped,
            rejected: f.rejected,
            errors: f.errors,
            warnings: f.warnings,
            skipped_by_reason: &f.skipped_by_reason,
        }))
    }
}

#[derive(Serialize)]
struct File<'a> {
    file: &'a str,
    status: &'static str,
    read: u64,
    accepted: u64,
    skipped: u64,
    rejected: u64,
    /// Added: the file's errors and warnings, and its skipped rows by reason.
    errors: u64,
    warnings: u64,
    skipped_by_reason: &'a std::collections::BTreeMap<crate::normalise::SkipReason, u64>,
}

/// Thousandths as a JSON number: an integer when whole, else ≤ 3 decimals.
fn milli_number(milli: i64) -> serde_json::Number {
    if milli % 1000 == 0 {
        serde_json::Number::from(milli / 1000)
    } else {
        serde_json::Number::from_f64(milli as f64 / 1000.0)
            .unwrap_or_else(|| serde_json::Number::from(0))
    }
}

/// The JSON text, pretty-printed, ending with a newline.
pub fn render_json(view: &SummaryView) -> String {
    let mut bytes = Vec::new();
    let written = write_json(view, &mut bytes);
    match (written, String::from_utf8(bytes)) {
        (Ok(()), Ok(text)) => text,
        (Err(e), _) => format!("{{\"error\": \"{e}\"}}\n"),
        (_, Err(e)) => format!("{{\"error\": \"{e}\"}}\n"),
    }
}

/// The localities in the order of their names' collation key ("Thôn 1",
/// "Thôn 10", "Thôn 2"): batch jobs rely on it, where the workbook and the
/// report put "Thôn 2" before "Thôn 10".
fn by_key(rows: &[LocalityRow]) -> Vec<&LocalityRow> {
    let mut rows: Vec<&LocalityRow> = rows.iter().collect();
    rows.sort_by_cached_key(|r| (collation_key(&r.locality), r.locality.clone()));
    rows
}

/// Writes `tong-hop.json` to `out` as it is made: a nation's summary is
/// tens of megabytes, never held whole in memory.
pub fn write_json(view: &SummaryView, mut out: impl std::io::Write) -> std::io::Result<()> {
    let document = Document {
        schema: SUMMARY_SCHEMA,
        period: Period {
            from: view.period_from,
            to: view.period_to,
        },
        rows: &view.rows,
        models: Models {
            total: view.models.total,
            effective: view.models.effective,
            stopped: view.models.stopped,
            exemplary: view.models.exemplary,
            by_field: &view.models.by_field,
            by_locality: by_key(&view.models.by_locality),
            by_year: &view.models.by_year,
            funding_total: view.models.funding_total,
            outstanding: &view.outstanding,
        },
        projects: Projects {
            by_type: view
                .works
                .iter()
                .map(|w| WorkType {
                    work_type: w.work_type.clone(),
                    unit: w.unit.clone(),
                    count: w.count,
                    quantity: milli_number(w.quantity_milli),
                    funding: w.funding,
                })
                .collect(),
        },
        funding: Funding {
            total: view.funding.total,
            state_budget: view.funding.state_budget,
            mobilized: view.funding.mobilized,
            unknown_source: view.funding.unknown_source,
            unsplit: view.funding.unsplit,
            overstated: view.funding.overstated,
            participations: view.resources.participations,
            workdays: view.resources.workdays,
            land_m2: milli_number(view.resources.land_milli),
        },
        problems: Problems(view.problems.diagnostics()),
        commendations: Commendations {
            collective: view.commendations.iter().map(|c| c.collective).sum(),
            individual: view.commendations.iter().map(|c| c.individual).sum(),
            by_form: &view.commendations,
        },
        dialogues: view.dialogues,
        focus_localities: view.focus,
        files: Files(&view.files),
        rollup: &view.rollup,
    };
    serde_json::to_writer_pretty(&mut out, &document)?;
    out.write_all(b"\n")
}
