//! One presentation-ready view of a summary, which every renderer reads.
//!
//! Decides what the outputs show: the period, the locality level and labels,
//! the order of every list. Renderers only lay it out.

use super::place_in_prose::{place_in_prose, starts_with_level_word};
use crate::aggregate::{FileStatus, Summary};
use crate::config::Config;
use crate::diagnostic::{column_label, Diagnostic, Severity};
use crate::domain::{LocalityLevel, SharedText};
use crate::normalise::fold::{collation_key, fold_key, natural_collation_key};
use crate::normalise::Period;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

/// A split of money in đồng.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
pub struct FundingView {
    pub total: i64,
    pub state_budget: i64,
    pub mobilized: i64,
    /// `total - state_budget - mobilized`, netted over the rows (negative
    /// where rows gave two sources larger than their total): as
    /// `tong-hop.json` has always written it.
    pub unknown_source: i64,
    /// Money of rows that did not split their total (only a total was
    /// written, or two sources short of it): the tables' "Chưa rõ nguồn"
    /// column, never negative.
    pub unsplit: i64,
    /// How much rows whose two sources exceed their total overstate them:
    /// the tables' "Nguồn ghi vượt tổng" column (printed negative), never
    /// netted against `unsplit`. `total = state_budget + mobilized +
    /// unsplit - overstated`.
    pub overstated: i64,
}

impl FundingView {
    /// The split of `total`, `state_budget` and `mobilized` as given, with
    /// the rows' overstatement (see [`crate::aggregate::Funds`]).
    pub fn new(total: i64, state_budget: i64, mobilized: i64, overstated: i64) -> Self {
        let net = total.saturating_sub(state_budget).saturating_sub(mobilized);
        // A summary read back from an older tong-hop.json has no
        // overstatement of its own: a negative remainder is one then.
        let unsplit = net.saturating_add(overstated);
        let (unsplit, overstated) = if unsplit < 0 {
            (0, overstated.saturating_sub(unsplit))
        } else {
            (unsplit, overstated)
        };
        FundingView {
            total,
            state_budget,
            mobilized,
            unknown_source: net,
            unsplit,
            overstated,
        }
    }

    /// Adds another split.
    fn add(&mut self, other: FundingView) {
        *self = FundingView::new(
            self.total.saturating_add(other.total),
            self.state_budget.saturating_add(other.state_budget),
            self.mobilized.saturating_add(other.mobilized),
            self.overstated.saturating_add(other.overstated),
        );
    }
}

/// Which money tables need a "Chưa rõ nguồn" column (some row has money
/// of no known source) and a "Nguồn ghi vượt tổng" column (some row's two
/// sources exceed its total), so that every row adds up.
#[derive(Debug, Clone, Default, Serialize)]
pub struct UnknownSourceView {
    /// Works by type (Biểu 4, Phụ lục 4).
    pub works: bool,
    /// Works and resources (Biểu 5, Phụ lục 5).
    pub funding: bool,
    /// Money by year (Biểu 6).
    pub by_year: bool,
    /// The same tables' "Nguồn ghi vượt tổng" columns.
    pub works_over: bool,
    pub funding_over: bool,
    pub by_year_over: bool,
    /// The line under each such table that says what its columns hold.
    pub works_note: String,
    pub funding_note: String,
    pub by_year_note: String,
    /// The note under the table of works and resources (older templates).
    pub note: String,
}

/// The header of the column of money of no known source.
pub const UNSPLIT_HEADER: &str = "Chưa rõ nguồn (triệu đồng)";
/// The header of the column of sources written beyond their total.
pub const OVERSTATED_HEADER: &str = "Nguồn ghi vượt tổng (triệu đồng)";

impl UnknownSourceView {
    fn new(
        works: &[WorkRow],
        works_funding: &FundingView,
        resources_funding: &FundingView,
        funding: &FundingView,
        by_year: &[FundingYearRow],
    ) -> Self {
        let of = |splits: &mut dyn Iterator<Item = &FundingView>| {
            splits.fold((false, false), |(unsplit, over), f| {
                (unsplit || f.unsplit != 0, over || f.overstated != 0)
            })
        };
        let (works_unsplit, works_over) =
            of(&mut works.iter().map(|w| &w.funding).chain([works_funding]));
        let (funding_unsplit, funding_over) =
            of(&mut [works_funding, resources_funding, funding].into_iter());
        let (years_unsplit, years_over) = of(&mut by_year.iter().map(|y| &y.funding));
        let funding_note = Self::note_of(funding_unsplit, funding_over);
        UnknownSourceView {
            works: works_unsplit,
            funding: funding_unsplit,
            by_year: years_unsplit,
            works_over,
            funding_over,
            by_year_over: years_over,
            works_note: Self::note_of(works_unsplit, works_over),
            by_year_note: Self::note_of(years_unsplit, years_over),
            note: funding_note.clone(),
            funding_note,
        }
    }

    /// What the table's extra columns hold; empty when it has none.
    fn note_of(unsplit: bool, over: bool) -> String {
        let mut parts = Vec::new();
        if unsplit {
            parts.push(
                "Cột “Chưa rõ nguồn”: phần kinh phí mà đơn vị không chia theo nguồn \
                 (chỉ ghi tổng số, hoặc ngân sách nhà nước và vận động xã hội hóa cộng lại chưa bằng tổng)",
            );
        }
        if over {
            parts.push(
                "Cột “Nguồn ghi vượt tổng”: phần ngân sách nhà nước và vận động xã hội hóa \
                 ghi lớn hơn tổng kinh phí ở một số dòng, ghi số âm để các cột cộng lại bằng tổng; \
                 hãy kiểm tra lại các dòng đó (trang “Vấn đề” của tong-hop.xlsx)",
            );
        }
        if parts.is_empty() {
            return String::new();
        }
        format!("{}.", parts.join(". "))
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SubfieldRow {
    pub subfield: String,
    pub total: u64,
    pub effective: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct FieldRow {
    pub field: String,
    pub total: u64,
    pub effective: u64,
    pub subfields: Vec<SubfieldRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LocalityRow {
    pub locality: String,
    pub total: u64,
    pub effective: u64,
    /// A "(cấp …)" row holding rows that name a place below the table's
    /// level (a commune with no district, tables by district): its text
    /// names the units under that place, not only its own agencies.
    #[serde(skip)]
    pub names_units_below: bool,
}

/// An outstanding model and where it is: "tại xã Long Sơn", "của Công an huyện".
#[derive(Debug, Clone, Serialize)]
pub struct OutstandingRow {
    pub name: String,
    pub place: String,
}

/// Commendations of one form.
#[derive(Debug, Clone, Serialize)]
pub struct CommendationRow {
    pub form: String,
    pub collective: u64,
    pub individual: u64,
}

/// Meetings with citizens.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct DialoguesView {
    pub meetings: i64,
    pub citizens: i64,
}

/// Communes and hamlets chosen for the movement.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct FocusView {
    pub communes: u64,
    pub hamlets: u64,
}

/// Money of works and resources in one year.
#[derive(Debug, Clone, Serialize)]
pub struct FundingYearRow {
    pub year: i32,
    pub funding: FundingView,
}

#[derive(Debug, Clone, Serialize)]
pub struct YearRow {
    pub year: i32,
    pub total: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct WorkRow {
    #[serde(rename = "type")]
    pub work_type: String,
    pub unit: String,
    /// The unit as a sentence says it ("" for "6 nhà văn hóa").
    pub prose_unit: String,
    pub count: u64,
    /// Thousandths of the unit.
    pub quantity_milli: i64,
    pub funding: FundingView,
}

#[derive(Debug, Clone, Serialize)]
pub struct FileRow {
    pub file: String,
    /// `read` or `failed`, as in `tong-hop.json`.
    pub status: &'static str,
    pub read: u64,
    pub accepted: u64,
    pub skipped: u64,
    pub rejected: u64,
    pub errors: u64,
    pub warnings: u64,
    /// Why rows were skipped, with counts: "3 dòng cộng, tổng cộng".
    pub skipped_reasons: Vec<String>,
    /// The same, by reason (for the roll-up).
    pub skipped_by_reason: std::collections::BTreeMap<crate::normalise::SkipReason, u64>,
}

/// The run's problems in order, kept as the diagnostics themselves: a
/// nation's list is not copied into rows; an output makes each
/// [`ProblemRow`] as it writes it.
#[derive(Debug, Clone, Default)]
pub struct ProblemList(Vec<Diagnostic>);

impl ProblemList {
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The diagnostics, for an output that writes their fields itself.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.0
    }

    pub fn rows(&self) -> impl Iterator<Item = ProblemRow> + '_ {
        self.0.iter().map(ProblemRow::of)
    }
}

/// Serialised as the list of its rows (a template's `problems`).
impl Serialize for ProblemList {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.rows())
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ProblemRow {
    pub file: SharedText,
    pub sheet: Option<SharedText>,
    /// Position of the sheet and of the column, for ordering (and roll-up).
    pub sheet_index: usize,
    pub column_index: Option<u32>,
    pub row: Option<u32>,
    pub column: Option<SharedText>,
    /// `H (Năm bắt đầu)` as the workbook's problem list shows it.
    pub column_label: Option<String>,
    pub severity: Severity,
    pub severity_vi: &'static str,
    pub message: SharedText,
}

impl ProblemRow {
    pub fn of(problem: &Diagnostic) -> Self {
        let l = &problem.location;
        ProblemRow {
            file: l.file.clone(),
            sheet: l.sheet.clone(),
            sheet_index: l.sheet_index,
            column_index: l.column_index,
            row: l.row,
            column: l.column.clone(),
            column_label: problem_column_label(l),
            severity: problem.severity,
            severity_vi: problem.severity.vietnamese(),
            message: problem.message.clone(),
        }
    }
}

/// `H (Năm bắt đầu)`: the column as the workbook's problem list shows it.
pub fn problem_column_label(location: &crate::diagnostic::Location) -> Option<String> {
    match (location.column_index, &location.column) {
        (Some(i), Some(name)) => Some(column_label(i, name).trim_start_matches("cột ").to_owned()),
        (None, Some(name)) => Some(name.to_string()),
        _ => None,
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ModelsView {
    pub total: u64,
    pub effective: u64,
    pub stopped: u64,
    pub exemplary: u64,
    pub funding_total: i64,
    pub by_field: Vec<FieldRow>,
    pub by_locality: Vec<LocalityRow>,
    pub by_year: Vec<YearRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ResourcesView {
    pub funding: FundingView,
    pub participations: i64,
    pub workdays: i64,
    pub land_milli: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct RowsView {
    pub read: u64,
    pub accepted: u64,
    pub skipped: u64,
    pub rejected: u64,
}

/// Decimals of the appendix money columns (triệu đồng); quantities keep
/// their own, since one column holds several units.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct DecimalsView {
    pub works_money: u32,
    pub funding_money: u32,
}

/// Decimals needed to show `units / 10^scale` exactly.
fn decimals_of(values: impl IntoIterator<Item = i64>, scale: u32) -> u32 {
    values
        .into_iter()
        .map(|mut v| {
            let mut d = scale;
            while d > 0 && v % 10 == 0 {
                v /= 10;
                d -= 1;
            }
            d
        })
        .max()
        .unwrap_or(0)
}

/// Models from which a place "có nhiều mô hình" in a sentence: the seed
/// reports say "nhiều" of tens and hundreds, never of two or three.
pub const MANY_MODELS: u64 = 5;

/// How many errors and warnings the report lists itself (the workbook lists all).
const REPORT_PROBLEMS: usize = 30;

/// Everything the outputs show. The listings that grow with the input
/// (`outstanding`, `files`, `problems`, `rollup`) are not serialised with
/// the rest: a report template gets them only when it names them, see
/// [`super::markdown`].
#[derive(Debug, Clone, Serialize)]
pub struct SummaryView {
    pub period_from: Option<i32>,
    pub period_to: Option<i32>,
    pub rows: RowsView,
    pub skipped_by_reason: Vec<(String, u64)>,
    pub group_level: String,
    pub models: ModelsView,
    /// Fields with at least one model, for the report's sentences.
    pub fields_with_models: Vec<FieldRow>,
    /// Fields with at least one effective model.
    pub fields_with_effective: Vec<FieldRow>,
    /// The three localities with the most models, among those with more
    /// than one model and more than the fewest of any locality.
    pub top_localities: Vec<LocalityRow>,
    /// Whether the first of `top_localities` has many models (at least
    /// [`MANY_MODELS`]): the report then says they "có nhiều mô hình";
    /// with a few ("02 mô hình") only that they lead.
    pub top_localities_many: bool,
    /// The places whose reports were read, as communes and the agencies
    /// above them, whatever level the tables group by: a province's 400
    /// communes are 400 reports, and a commune's report covers its hamlets.
    pub reporting_places: usize,
    /// Outstanding models, one row per model and place (for JSON).
    #[serde(skip)]
    pub outstanding: Vec<OutstandingRow>,
    /// The same models named once each, with all their places, as the
    /// report names them: "tại các xã A, B".
    pub outstanding_named: Vec<OutstandingRow>,
    /// Commendations by form, in alphabetical order of the form.
    pub commendations: Vec<CommendationRow>,
    pub dialogues: DialoguesView,
    pub focus: FocusView,
    pub works: Vec<WorkRow>,
    pub works_count: u64,
    pub works_funding: FundingView,
    pub resources: ResourcesView,
    /// Works and resources together.
    pub funding: FundingView,
    pub funding_by_year: Vec<FundingYearRow>,
    /// Which money tables show a "Chưa rõ nguồn" column.
    pub unknown_source: UnknownSourceView,
    /// The hamlet level's word: "thôn", "ấp", "tổ dân phố"… or "thôn, ấp"
    /// (see [`super::hamlet_word`]).
    pub hamlet_word: String,
    #[serde(skip)]
    pub files: Vec<FileRow>,
    /// The files that could not be read, as the report names them (see
    /// [`SummaryView::name_files_for_report`]).
    pub files_failed: Vec<String>,
    #[serde(skip)]
    pub problems: ProblemList,
    /// Errors and warnings for the report's own list (the first ones).
    pub report_problems: Vec<ProblemRow>,
    /// Errors and warnings beyond that list.
    pub report_problems_more: usize,
    /// Decimals each appendix column needs, so a column shows one precision.
    pub decimals: DecimalsView,
    pub errors: usize,
    pub warnings: usize,
    /// Some row or file had an error (exit 1): the figures are incomplete
    /// (`left_out`), or some are counted twice (`counted_twice`), or both.
    /// The name is older than the second reason; templates test it.
    pub incomplete: bool,
    /// Some error left a row or a file out: the figures are incomplete.
    pub left_out: bool,
    /// How many errors say a place was counted twice (a commune given twice
    /// through a summary): its figures are in the total twice.
    pub counted_twice: usize,
    pub pad_small_counts: bool,
    /// The earlier period the report compares with, if one was given.
    pub comparison: Option<super::comparison::ComparisonView>,
    /// The document's own facts (issuing body, directive…), for the template.
    pub document: super::report::DocumentView,
    /// The report's charts, in "Biểu đồ" order.
    pub charts: Vec<super::chart::ChartData>,
    /// The whole summary, for `tong-hop.json` to be read back as an input.
    #[serde(skip)]
    pub rollup: crate::aggregate::Rollup,
}

/// The years the outputs name: those asked for, else those the rolled-up
/// summaries were built for, else the first and last year read.
pub fn reported_period(summary: &Summary, requested: Period) -> (Option<i32>, Option<i32>) {
    let requested = asked_for(summary, requested);
    (
        requested.from.or(summary.years.map(|y| y.0)),
        requested.to.or(summary.years.map(|y| y.1)),
    )
}

/// The period asked for; none asked for, the one rolled-up summaries were
/// built for.
fn asked_for(summary: &Summary, requested: Period) -> Period {
    if requested == Period::default() {
        summary.bounds
    } else {
        requested
    }
}

impl SummaryView {
    /// Adds the comparison with an earlier period's summary; the earlier
    /// period must end before this one starts.
    pub fn compare_with(
        &mut self,
        previous: &super::comparison::Previous,
    ) -> Result<(), super::comparison::ComparisonError> {
        previous.check_before(self.period_from, self.period_to)?;
        self.comparison = Some(super::comparison::ComparisonView::new(
            previous,
            self.models.total,
            self.models.effective,
            self.funding.total,
        ));
        Ok(())
    }

    /// Names the files in the report's own lists (the files not read, the
    /// errors and warnings) as the clerk knows them, without the machine's
    /// folders above the inputs (see [`super::file_name`]); the workbook
    /// and the JSON keep the full paths.
    pub fn name_files_for_report(&mut self, names: &super::file_name::ReportNames) {
        for file in &mut self.files_failed {
            *file = names.name(file).into_owned();
        }
        for problem in &mut self.report_problems {
            let name = names.name(&problem.file);
            if *name != *problem.file {
                problem.file = name.as_ref().into();
            }
            if let Cow::Owned(message) = names.in_text(&problem.message) {
                problem.message = message.into();
            }
        }
    }

    /// Builds the view; `group_by` forces the locality level.
    pub fn new(
        summary: &Summary,
        config: &Config,
        requested: Period,
        group_by: Option<LocalityLevel>,
    ) -> Self {
        Self::with_problems(
            summary,
            summary.problems.clone(),
            config,
            requested,
            group_by,
        )
    }

    /// Builds the view from a summary that is no longer needed: its
    /// problems, which grow with the input, are moved, not copied.
    pub fn from_summary(
        mut summary: Summary,
        config: &Config,
        requested: Period,
        group_by: Option<LocalityLevel>,
    ) -> Self {
        let problems = std::mem::take(&mut summary.problems);
        Self::with_problems(&summary, problems, config, requested, group_by)
    }

    /// `problems` are the summary's own, taken or copied by the caller.
    fn with_problems(
        summary: &Summary,
        mut problems: Vec<crate::diagnostic::Diagnostic>,
        config: &Config,
        requested: Period,
        group_by: Option<LocalityLevel>,
    ) -> Self {
        let requested = asked_for(summary, requested);
        let taxonomy = &config.taxonomy;
        let by_field = taxonomy
            .fields
            .iter()
            .enumerate()
            .map(|(i, def)| {
                let tally = summary.models.by_field.get(&i).cloned().unwrap_or_default();
                FieldRow {
                    field: def.name.clone(),
                    total: tally.total,
                    effective: tally.effective,
                    subfields: def
                        .subfields
                        .iter()
                        .enumerate()
                        .map(|(si, s)| {
                            let (total, effective) =
                                tally.subfields.get(&si).copied().unwrap_or_default();
                            SubfieldRow {
                                subfield: s.name.clone(),
                                total,
                                effective,
                            }
                        })
                        .collect(),
                }
            })
            .collect();
        let by_field: Vec<FieldRow> = by_field;
        let fields_with_models: Vec<FieldRow> =
            by_field.iter().filter(|f| f.total > 0).cloned().collect();
        let fields_with_effective: Vec<FieldRow> = by_field
            .iter()
            .filter(|f| f.effective > 0)
            .cloned()
            .collect();
        let level = group_by.unwrap_or_else(|| default_group_level(summary));
        let hamlet_word =
            super::hamlet_word::hamlet_word(config.report.hamlet_word.as_deref(), summary);
        // "cấp thôn", "cấp ấp", "cấp thôn, ấp": the level as the data names it.
        let level_word = match level {
            LocalityLevel::Hamlet => hamlet_word.clone(),
            _ => level.vietnamese().to_owned(),
        };
        let by_locality = locality_rows(summary, level);
        let mut top_localities = by_locality.clone();
        // Ties in the tables' order.
        top_localities.sort_by_cached_key(|l| {
            (
                std::cmp::Reverse(l.total),
                natural_collation_key(&l.locality),
                l.locality.clone(),
            )
        });
        // "Có nhiều mô hình" names places with more models than others, and
        // more than one: never "… có nhiều mô hình: xã A 01 mô hình".
        let fewest = by_locality.iter().map(|l| l.total).min().unwrap_or(0);
        // Rows that name no place are no place to name in a sentence.
        top_localities.retain(|l| l.total > 1 && l.total > fewest && l.locality != NO_PLACE_LABEL);
        top_localities.truncate(3);
        let top_localities_many = top_localities
            .first()
            .is_some_and(|l| l.total >= MANY_MODELS);
        // In a sentence a place takes its level: "xã Long Môn".
        for l in &mut top_localities {
            // "Long Môn (cấp xã)" is a table's label; a sentence says "xã
            // Long Môn", as the seed reports name a place.
            // "Minh Long (cấp huyện)" counts the rows that name the district
            // and no commune: its own agencies, not the whole district.
            if let Some((name, level)) = l
                .locality
                .strip_suffix(')')
                .and_then(|rest| rest.rsplit_once(" (cấp "))
            {
                let place = match starts_with_level_word(name) {
                    true => name.to_owned(),
                    false => format!("{level} {name}"),
                };
                // With the communes that name no district (tables by
                // district after the 2025 reform) it is every unit under
                // the province, communes and agencies.
                let units = match l.names_units_below {
                    true => "các địa phương, cơ quan, đơn vị trực thuộc",
                    false => "các cơ quan, đơn vị",
                };
                l.locality = format!("{units} {}", place_in_prose(&place));
                continue;
            }
            let key = fold_key(&l.locality);
            // "Khánh Bình (Trần Văn Thời)" names only its parent, and still
            // takes its own level.
            let has_level = l.locality.starts_with('(')
                || l.locality.contains("(cấp ")
                || [
                    "xã",
                    "phường",
                    "thị trấn",
                    "huyện",
                    "quận",
                    "thị xã",
                    "thành phố",
                    "tỉnh",
                    "đặc khu",
                    "thôn",
                    "ấp",
                ]
                .into_iter()
                // Grouped by hamlet, the data's own word names the level
                // ("Ấp 3"), not any such word ("Làng Ren" is a thôn's name).
                .chain(match level {
                    LocalityLevel::Hamlet => hamlet_word.split(", ").collect(),
                    _ => Vec::new(),
                })
                .any(|w| key.starts_with(&format!("{} ", fold_key(w))));
            // "thôn, ấp Gò Chè" would be no place's name: a bare name then.
            if !has_level && !level_word.contains(',') {
                l.locality = format!("{level_word} {}", l.locality);
            }
            // "Xã Khánh Bình (Huyện Trần Văn Thời)" as the sheet wrote it
            // reads "xã Khánh Bình (huyện Trần Văn Thời)" in a sentence.
            l.locality = place_in_prose(&l.locality);
        }
        if by_locality.len() < 2 {
            top_localities.clear();
        }
        // The taxonomy's types in its order, then the others alphabetically.
        let mut work_tallies: Vec<(&crate::aggregate::WorkKey, &crate::aggregate::WorkTally)> =
            summary.works.iter().collect();
        work_tallies.sort_by(|(ka, a), (kb, b)| match (ka, kb) {
            (crate::aggregate::WorkKey::Known(x), crate::aggregate::WorkKey::Known(y)) => x.cmp(y),
            (crate::aggregate::WorkKey::Known(_), _) => std::cmp::Ordering::Less,
            (_, crate::aggregate::WorkKey::Known(_)) => std::cmp::Ordering::Greater,
            _ => (collation_key(&a.name), collation_key(&a.unit), ka).cmp(&(
                collation_key(&b.name),
                collation_key(&b.unit),
                kb,
            )),
        });
        let works: Vec<WorkRow> = work_tallies
            .into_iter()
            .map(|(key, w)| WorkRow {
                work_type: w.name.clone(),
                unit: w.unit.clone(),
                prose_unit: taxonomy
                    .prose_unit(
                        match key {
                            crate::aggregate::WorkKey::Known(i) => Some(*i),
                            crate::aggregate::WorkKey::Other { .. } => None,
                        },
                        &w.unit,
                    )
                    .to_owned(),
                count: w.count,
                quantity_milli: w.quantity.milli(),
                funding: funding_view(w.money),
            })
            .collect();
        let mut works_funding = FundingView::default();
        for w in &works {
            works_funding.add(w.funding);
        }
        let funding = funding_view(summary.funding());
        let resources_funding = funding_view(summary.resources.money);
        let funding_by_year: Vec<FundingYearRow> = summary
            .funding_by_year
            .iter()
            .map(|(year, money)| FundingYearRow {
                year: *year,
                funding: funding_view(*money),
            })
            .collect();
        let unknown_source = UnknownSourceView::new(
            &works,
            &works_funding,
            &resources_funding,
            &funding,
            &funding_by_year,
        );
        let money = |f: &FundingView| {
            [
                f.total,
                f.state_budget,
                f.mobilized,
                f.unsplit,
                f.overstated,
            ]
        };
        let decimals = DecimalsView {
            works_money: decimals_of(
                works
                    .iter()
                    .flat_map(|w| money(&w.funding))
                    .chain(money(&works_funding)),
                6,
            ),
            funding_money: decimals_of(
                money(&works_funding)
                    .into_iter()
                    .chain(money(&resources_funding))
                    .chain(money(&funding)),
                6,
            ),
        };
        let count = |severity| problems.iter().filter(|p| p.severity == severity).count();
        let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
        let counted_twice = usize::try_from(summary.counted_twice)
            .unwrap_or(usize::MAX)
            .min(errors);
        // Already in order after the pipeline (then this costs one pass);
        // a summary merged by hand is ordered here.
        problems.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        let mut files: Vec<&crate::aggregate::FileReport> = summary.files.iter().collect();
        files.sort_by(|a, b| (a.index, &a.file).cmp(&(b.index, &b.file)));
        let serious = problems.iter().filter(|p| p.severity != Severity::Info);
        // A list cut short keeps every error it can, then warnings: the
        // error that marks the figures is never among those left out.
        let mut shown: Vec<&Diagnostic> = serious.clone().collect();
        shown.sort_by_key(|p| p.severity != Severity::Error);
        shown.truncate(REPORT_PROBLEMS);
        shown.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        let report_problems: Vec<ProblemRow> = shown.into_iter().map(ProblemRow::of).collect();
        let report_problems_more = serious.count().saturating_sub(REPORT_PROBLEMS);
        let (period_from, period_to) = reported_period(summary, requested);
        let outstanding = outstanding_rows(summary);
        let mut view = SummaryView {
            charts: Vec::new(),
            document: super::report::DocumentView::new(&config.document, period_from, period_to),
            comparison: None,
            report_problems,
            report_problems_more,
            period_from,
            period_to,
            rows: RowsView {
                read: summary.rows.read,
                accepted: summary.rows.accepted,
                skipped: summary.rows.skipped,
                rejected: summary.rows.rejected,
            },
            skipped_by_reason: summary
                .skipped_by_reason
                .iter()
                .map(|(r, n)| (r.vietnamese().to_owned(), *n))
                .collect(),
            group_level: level_word,
            hamlet_word,
            models: ModelsView {
                total: summary.models.total,
                effective: summary.models.effective,
                stopped: summary.models.stopped,
                exemplary: summary.models.exemplary,
                funding_total: summary.models.funding.dong(),
                by_field,
                by_locality,
                by_year: summary
                    .models
                    .by_year
                    .iter()
                    .map(|(year, total)| YearRow {
                        year: *year,
                        total: *total,
                    })
                    .collect(),
            },
            fields_with_models,
            fields_with_effective,
            top_localities,
            top_localities_many,
            reporting_places: reporters(&summary.reporting_places),
            outstanding_named: name_once(outstanding.clone()),
            outstanding,
            commendations: {
                let mut rows: Vec<CommendationRow> = summary
                    .commendations
                    .values()
                    .map(|c| CommendationRow {
                        form: c.form.clone(),
                        collective: c.collective,
                        individual: c.individual,
                    })
                    .collect();
                rows.sort_by_key(|c| collation_key(&c.form));
                rows
            },
            dialogues: DialoguesView {
                meetings: summary.dialogues.meetings,
                citizens: summary.dialogues.citizens,
            },
            focus: FocusView {
                communes: summary
                    .focus_localities
                    .iter()
                    .filter(|k| k[3].is_empty() && !k[2].is_empty())
                    .count() as u64,
                hamlets: summary
                    .focus_localities
                    .iter()
                    .filter(|k| !k[3].is_empty())
                    .count() as u64,
            },
            works_count: works.iter().map(|w| w.count).sum(),
            works,
            works_funding,
            resources: ResourcesView {
                funding: resources_funding,
                participations: summary.resources.participations,
                workdays: summary.resources.workdays,
                land_milli: summary.resources.land_m2.milli(),
            },
            funding,
            funding_by_year,
            unknown_source,
            decimals,
            files: files
                .iter()
                .map(|f| FileRow {
                    file: f.file.clone(),
                    status: match f.status {
                        FileStatus::Read { .. } => "read",
                        FileStatus::Failed => "failed",
                        FileStatus::Copy => "copy",
                    },
                    read: f.rows.read,
                    accepted: f.rows.accepted,
                    skipped: f.rows.skipped,
                    rejected: f.rows.rejected,
                    errors: f.errors,
                    warnings: f.warnings,
                    skipped_reasons: f
                        .skipped_by_reason
                        .iter()
                        .map(|(reason, n)| format!("{n} {}", reason.vietnamese()))
                        .collect(),
                    skipped_by_reason: f.skipped_by_reason.clone(),
                })
                .collect(),
            files_failed: files
                .iter()
                .filter(|f| f.status == FileStatus::Failed)
                .map(|f| f.file.clone())
                .collect(),
            problems: ProblemList(problems),
            errors,
            warnings,
            incomplete: errors > 0,
            left_out: errors > counted_twice,
            counted_twice,
            pad_small_counts: config.report.pad_small_counts,
            rollup: crate::aggregate::Rollup::of(summary, taxonomy, requested.into()),
        };
        view.charts = super::chart::report_charts(&view);
        view
    }
}

/// Each outstanding model once, with its place as reports write it; the
/// first model of every place comes before the second of any, so the
/// report's short list names many places.
fn outstanding_rows(summary: &Summary) -> Vec<OutstandingRow> {
    let mut seen = BTreeSet::new();
    let mut rows: Vec<OutstandingRow> = summary
        .outstanding
        .iter()
        .filter_map(|o| {
            let is_unit_word = |name: &str| {
                let key = fold_key(name);
                ["xã", "phường", "thị trấn", "đặc khu"]
                    .iter()
                    .any(|w| key.starts_with(&format!("{} ", fold_key(w))))
            };
            // A sentence writes the level word in lower case: "tại phường
            // An Xuyên", where the sheet wrote "Phường An Xuyên".
            let place = match (&o.commune, o.implementer.is_empty(), &o.district) {
                (Some(c), _, _) if is_unit_word(c) => format!("tại {}", place_in_prose(c)),
                (Some(c), _, _) => format!("tại xã {c}"),
                (None, false, _) => agency_in_prose(&o.name, &o.implementer),
                (None, true, Some(d)) if starts_with_level_word(d) => {
                    format!("tại {}", place_in_prose(d))
                }
                (None, true, Some(d)) => format!("tại huyện {d}"),
                (None, true, None) => String::new(),
            };
            seen.insert((fold_key(&o.name), fold_key(&place)))
                .then(|| OutstandingRow {
                    name: o.name.clone(),
                    place,
                })
        })
        .collect();
    let mut per_place: BTreeMap<String, usize> = BTreeMap::new();
    let mut ranked: Vec<(usize, usize, OutstandingRow)> = rows
        .drain(..)
        .enumerate()
        .map(|(order, row)| {
            let rank = per_place.entry(fold_key(&row.place)).or_default();
            *rank += 1;
            (*rank, order, row)
        })
        .collect();
    ranked.sort_by_key(|(rank, order, _)| (*rank, *order));
    ranked.into_iter().map(|(_, _, row)| row).collect()
}

/// The agency of a model in prose: "của Hội Nông dân tỉnh"; nothing when
/// the model's name already ends with it ("… của Hội Nông dân tỉnh"); in
/// brackets when the name says "của" itself, which would read "Nuôi con
/// nuôi của Hội của Hội Nông dân tỉnh".
fn agency_in_prose(model: &str, agency: &str) -> String {
    let name = fold_key(model);
    if name.ends_with(&fold_key(agency)) {
        String::new()
    } else if format!(" {name} ").contains(&format!(" {} ", fold_key("của"))) {
        format!("({agency})")
    } else {
        format!("của {agency}")
    }
}

/// Names each model once with all its places: "tại các xã A, B và của C".
fn name_once(rows: Vec<OutstandingRow>) -> Vec<OutstandingRow> {
    let mut grouped: Vec<(String, Vec<String>, Vec<String>)> = Vec::new();
    for row in rows {
        let index = match grouped
            .iter()
            .position(|(name, ..)| fold_key(name) == fold_key(&row.name))
        {
            Some(i) => i,
            None => {
                grouped.push((row.name.clone(), Vec::new(), Vec::new()));
                grouped.len() - 1
            }
        };
        let (_, communes, others) = &mut grouped[index];
        match row.place.strip_prefix("tại xã ") {
            Some(commune) => communes.push(commune.to_owned()),
            None if !row.place.is_empty() => others.push(row.place),
            None => {}
        }
    }
    grouped
        .into_iter()
        .map(|(name, mut communes, others)| {
            communes.sort_by_cached_key(|c| (natural_collation_key(c), c.clone()));
            let mut places = Vec::new();
            match communes.len() {
                0 => {}
                1 => places.push(format!("tại xã {}", communes[0])),
                _ => places.push(format!("tại các xã {}", communes.join(", "))),
            }
            places.extend(others);
            OutstandingRow {
                name,
                place: places.join(" và "),
            }
        })
        .collect()
}

fn funding_view(split: crate::aggregate::Funds) -> FundingView {
    FundingView::new(
        split.total.dong(),
        split.state_budget.dong(),
        split.mobilized.dong(),
        split.overstated.dong(),
    )
}

/// The level the locality tables group by when `--group-by` is not given
/// (see [`crate::aggregate::group_level`]).
pub fn default_group_level(summary: &Summary) -> LocalityLevel {
    summary.default_group_level()
}

/// How many communes and agencies above them `places` name (see
/// [`SummaryView::reporting_places`]); a place blank at the commune level
/// counts at the nearest level above, as in the locality table.
fn reporters(places: &BTreeSet<crate::aggregate::LocalityKey>) -> usize {
    // A sheet without the Tỉnh and Huyện columns (a commune's works) names
    // "An Phú" where its models name "Tây Ninh, Tân Châu, An Phú": one
    // place, not two.
    let fuller = crate::aggregate::fuller_places(places);
    places
        .iter()
        .map(|key| fuller.get(key).map_or(key, |more| &more.key))
        .map(|key| {
            // An agency above the communes (its name where a hamlet would
            // be) reports on its own.
            let agency = if key[2].is_empty() { &*key[3] } else { "" };
            (group_of(key, LocalityLevel::Commune).1, agency)
        })
        .collect::<BTreeSet<_>>()
        .len()
}

/// The level a place is grouped at (`level`, or the nearest above it when
/// blank there) and its key down to that level; empty when wholly blank.
fn group_of(key: &[SharedText; 4], level: LocalityLevel) -> (Option<usize>, &[SharedText]) {
    let at = (0..=level.index()).rev().find(|&l| !key[l].is_empty());
    (at, at.map_or(&key[..0], |l| &key[..=l]))
}

/// A province's, district's or commune's name without its own level's word
/// in front ("Xã Long Môn" → "Long Môn"); other words and hamlets' names
/// stay, as in [`crate::aggregate::locality_key`].
fn own_level_word_dropped(name: &str, level: LocalityLevel) -> &str {
    let Some(word) = level.own_word() else {
        return name;
    };
    match name.split_once(' ') {
        Some((head, rest)) if fold_key(head) == fold_key(word) && !rest.trim().is_empty() => {
            rest.trim()
        }
        _ => name,
    }
}

/// The locality tables' row of models that name no place at all.
const NO_PLACE_LABEL: &str = "(Không ghi địa bàn)";

/// Models grouped at `level`; a row blank there goes under the nearest level
/// above it, labelled "<name> (cấp <level>)".
fn locality_rows(summary: &Summary, level: LocalityLevel) -> Vec<LocalityRow> {
    struct Group {
        label_level: usize,
        names: [Option<SharedText>; 4],
        first_seen: (usize, u32),
        total: u64,
        effective: u64,
        names_units_below: bool,
    }
    let mut groups: BTreeMap<Vec<SharedText>, Group> = BTreeMap::new();
    // A place named less fully counts with its fuller name, which names it.
    let fuller = crate::aggregate::fuller_places(summary.localities.keys());
    // Places as named, then those named less fully: these add their counts
    // and take the names of their fuller place, never their own.
    let as_named = summary
        .localities
        .iter()
        .filter(|(key, _)| !fuller.contains_key(key))
        .map(|(key, tally)| (key, tally, tally.names.clone(), tally.first_seen));
    let less_named = fuller.iter().map(|(key, more)| {
        // The fuller place's names down to its level, the key's own below.
        let own = &summary.localities[*key];
        let mut names = own.names.clone();
        names[..=more.level]
            .clone_from_slice(&summary.localities[more.named_by].names[..=more.level]);
        (&more.key, own, names, (usize::MAX, u32::MAX))
    });
    let mut less_named: Vec<_> = less_named.collect();
    // The map's order is not the files' order: sort for the same output.
    less_named.sort_by(|a, b| a.0.cmp(b.0).then(a.1.first_seen.cmp(&b.1.first_seen)));
    for (key, tally, names, first_seen) in as_named.chain(less_named) {
        let (at, group_key) = group_of(key, level);
        let group_key: Vec<SharedText> = group_key.to_vec();
        let group = groups.entry(group_key).or_insert_with(|| Group {
            label_level: at.unwrap_or(0),
            names: names.clone(),
            first_seen,
            total: 0,
            effective: 0,
            names_units_below: false,
        });
        group.names_units_below |= at != Some(level.index())
            && key[level.index() + 1..].iter().any(|name| !name.is_empty());
        if first_seen < group.first_seen {
            group.names = names;
            group.first_seen = first_seen;
        }
        group.total += tally.total;
        group.effective += tally.effective;
    }
    let mut rows: Vec<(String, Option<String>, u64, u64, String, bool)> = groups
        .into_iter()
        .map(|(key, g)| {
            // "Xã Long Môn" sorts as "Long Môn", beside "Long Sơn": the
            // level's own word is not part of the name (as in its key).
            let sort_name = own_level_word_dropped(
                g.names[g.label_level].as_deref().unwrap_or_default(),
                LocalityLevel::ALL[g.label_level],
            )
            .to_owned();
            let label = if key.is_empty() {
                NO_PLACE_LABEL.to_owned()
            } else {
                let name = g.names[g.label_level]
                    .as_deref()
                    .unwrap_or_default()
                    .to_owned();
                if g.label_level == level.index() {
                    name
                } else {
                    format!(
                        "{name} (cấp {})",
                        LocalityLevel::ALL[g.label_level].vietnamese()
                    )
                }
            };
            let parent = (0..g.label_level)
                .rev()
                .find_map(|l| g.names[l].as_deref().map(str::to_owned));
            (
                label,
                parent,
                g.total,
                g.effective,
                sort_name,
                g.names_units_below,
            )
        })
        .collect();
    // Two places with the same name under different parents: name the parent.
    let mut label_count: BTreeMap<String, usize> = BTreeMap::new();
    for (label, ..) in &rows {
        *label_count.entry(fold_key(label)).or_default() += 1;
    }
    for (label, parent, ..) in &mut rows {
        if label_count.get(&fold_key(label)).copied().unwrap_or(0) > 1 {
            if let Some(p) = parent {
                *label = format!("{label} ({p})");
            }
        }
    }
    // Numbers in names by value ("Thôn 2" before "Thôn 10"); tong-hop.json
    // lists them by key (see `json::by_key`).
    rows.sort_by_cached_key(|row| {
        (
            natural_collation_key(&row.4),
            natural_collation_key(&row.0),
            row.0.clone(),
        )
    });
    rows.into_iter()
        .map(
            |(locality, _, total, effective, _, names_units_below)| LocalityRow {
                locality,
                total,
                effective,
                names_units_below,
            },
        )
        .collect()
}
