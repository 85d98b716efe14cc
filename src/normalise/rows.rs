//! Row by row: layout rows, data rows, and the record each data row becomes.

use super::cell::{
    amount_of, count_of, land_of, money_in_unit, money_of, quantity_in, says_none, text_of,
    too_large, year_of, year_typed_as_date, CellProblem, Read, YearAsDate,
};
use super::header::{
    detect_header, encoding_note, legacy_note, missing_commune_note, unit_line_of, HeaderBand,
};
use super::merged::MergedValues;
use super::number::{parse_number, style_evidence, Decimal, NumberStyle};
use super::recipients::{header_says_number, recipient_kind_of};
use super::unit::AreaUnit;
use super::{AcceptedRow, Period, SheetOutcome, SkipReason};
use crate::config::{ColumnId, ExemplaryMark, Taxonomy};
use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::domain::{
    BudgetSplit, Commendation, Dialogue, FieldRef, FocusLocality, Locality, LocalityLevel, Model,
    ModelStatus, Money, MoneyUnit, Quantity, RecipientKind, Record, Resource, SharedText,
    SheetKind, Work, WorkTypeRef,
};
use crate::ingest::{CellValue, RawRow, RawSheet};
use crate::normalise::fold::{bare_key, clean_text, fold_key};
use std::borrow::Cow;
// Seeded per run like std's maps, a fraction of SipHash's cost on short keys.
use foldhash::{HashMap, HashMapExt};
use std::collections::BTreeMap;

/// Where the sheet being read sits, for messages.
#[derive(Debug, Clone, Copy)]
pub struct SheetPlace<'a> {
    pub file_index: usize,
    pub file: &'a str,
    pub sheet_index: usize,
}

/// A sheet's name as its problems show it: a CSV has none, and the name of
/// its kind ("Mô hình") stands in.
pub fn shown_sheet_name(sheet: &RawSheet, kind: SheetKind) -> &str {
    match sheet.from_csv {
        true => kind.vietnamese(),
        false => &sheet.name,
    }
}

/// Normalises one sheet: header, row fates, records and diagnostics.
pub fn normalise_sheet(
    place: SheetPlace<'_>,
    sheet: &RawSheet,
    taxonomy: &Taxonomy,
    period: Period,
) -> SheetOutcome {
    let Some(header) = detect_header(sheet, taxonomy) else {
        return unrecognised_outcome(place, sheet, taxonomy);
    };
    let sheet_name = shown_sheet_name(sheet, header.kind).to_owned();
    let data_rows = &sheet.rows[header.row_position + 1..];
    let (merged, unspread) = MergedValues::new(sheet, &header);
    let mut reader = SheetReader {
        place,
        sheet_name,
        taxonomy,
        period,
        styles: column_styles(sheet, &header),
        header,
        outcome: SheetOutcome::default(),
        skipped: BTreeMap::new(),
        section_field: None,
        table_end: None,
        data_rows,
        section_mismatch_told: false,
        section_rows: Vec::new(),
        sheet_rows: Vec::new(),
        total_above: None,
        group_closed: false,
        lookups: Lookups::default(),
        merged,
        yearless_rows: Vec::new(),
        outside_rows: Vec::new(),
        uncalculated: &sheet.uncalculated,
        kindless_rows: Vec::new(),
        years_as_dates: Vec::new(),
        count_marks: Vec::new(),
        header_keys: Vec::new(),
        after_header_repeat: None,
        below_total: Breakdown::No,
        group_above: None,
        heading_above: None,
        next_table: None,
    };
    reader.count_marks = count_marks(sheet, &reader.header);
    reader.header_keys = header_keys(&reader.header);
    reader.outcome.kind = Some(reader.header.kind);
    reader.outcome.hamlet_header = reader
        .header
        .column(ColumnId::Hamlet)
        .map(|c| c.header.clone());
    reader.warn_missing_units();
    if let Some(message) = encoding_note(sheet) {
        reader.outcome.diagnostics.push(Diagnostic::new(
            Severity::Info,
            reader.location(None, None),
            message,
        ));
    }
    if let Some(message) = legacy_note(sheet, &reader.header) {
        reader.outcome.diagnostics.push(Diagnostic::new(
            Severity::Info,
            reader.location(None, None),
            message,
        ));
    }
    for block in unspread {
        let message = block.message();
        reader.push(
            Severity::Info,
            Some(block.first_row),
            Some(block.id),
            message,
        );
    }
    reader.tell_repairs(&sheet.repairs);
    for (i, row) in data_rows.iter().enumerate() {
        reader.read_row(row, i == 0);
        if reader.next_table.is_some() {
            break;
        }
    }
    reader.check_total_above();
    reader.check_group_above();
    reader.check_heading_above();
    if let (Some(start), Some(n)) = (
        reader.table_end,
        reader.skipped.get(&SkipReason::BelowTable),
    ) {
        let message = format!(
            "từ dòng {start} trở xuống là phần chữ ký, ghi chú cuối bảng ({n} dòng): dvk không tính"
        );
        reader.outcome.diagnostics.push(Diagnostic::new(
            Severity::Info,
            reader.location(Some(start), None),
            message,
        ));
    }
    if let Some(n) = reader.skipped.get(&SkipReason::OutsidePeriod) {
        reader.outcome.diagnostics.push(Diagnostic::new(
            Severity::Info,
            reader.location(None, None),
            outside_period_note(*n, &reader.outside_rows),
        ));
    }
    reader.tell_missing_year_column(sheet);
    reader.tell_hidden_rows(sheet);
    reader.tell_missing_recipient_kind_column();
    reader.tell_years_typed_as_dates();
    let rows = reader.outcome.counts.accepted + reader.outcome.counts.rejected;
    if let Some(message) = missing_commune_note(&reader.header, taxonomy, rows) {
        let row = Some(reader.header.row_number);
        reader.push(Severity::Warning, row, None, message);
    }
    let next_table = reader.next_table;
    let mut skipped = reader.skipped;
    let mut outcome = reader.outcome;
    if let Some(position) = next_table {
        // A second table under its own header: read as a sheet of its own.
        let below = normalise_sheet(place, &table_below(sheet, position), taxonomy, period);
        outcome.accepted.extend(below.accepted);
        outcome.counts += below.counts;
        for (reason, n) in below.skipped_by_reason {
            *skipped.entry(reason).or_default() += n;
        }
        outcome.diagnostics.extend(below.diagnostics);
        outcome.years = match (outcome.years, below.years) {
            (Some((a, b)), Some((c, d))) => Some((a.min(c), b.max(d))),
            (a, b) => a.or(b),
        };
        outcome.hamlet_header = outcome.hamlet_header.or(below.hamlet_header);
    }
    outcome.skipped_by_reason = skipped.into_iter().collect();
    outcome
}

/// The rows of `sheet` from `position` on, as a sheet of their own: a
/// second table under its own header. The notes said once for the sheet
/// (fonts, encoding, repaired texts) stay with the first table. The nearest
/// unit line above ("ĐVT: triệu đồng" over the first table, or between the
/// two) goes along: one line at the top of a sheet is for all its tables.
fn table_below(sheet: &RawSheet, position: usize) -> RawSheet {
    let unit_line = sheet.rows[..position]
        .iter()
        .rev()
        .find(|row| unit_line_of(row).is_some());
    RawSheet {
        name: sheet.name.clone(),
        from_csv: sheet.from_csv,
        rows: unit_line
            .into_iter()
            .chain(&sheet.rows[position..])
            .cloned()
            .collect(),
        merged: sheet.merged.clone(),
        legacy: Default::default(),
        guessed_encoding: None,
        repairs: Default::default(),
        visibility: sheet.visibility,
        hidden_rows: sheet.hidden_rows.clone(),
        uncalculated: sheet.uncalculated.clone(),
    }
}

/// Rows outside the period a sheet's note names, the rest counted.
const OUTSIDE_ROWS_NAMED: usize = crate::render::vn_format::ROWS_NAMED;

/// A sheet's note on its `n` rows outside the period asked for, naming the
/// first (the pipeline says more, once per file, when a summary set the
/// period, and drops this note: see [`is_outside_period_note`]).
pub(crate) fn outside_period_note(n: u64, first_rows: &[u32]) -> String {
    format!(
        "{}: {}",
        outside_period_lead(n),
        crate::render::vn_format::rows_named(first_rows, n, OUTSIDE_ROWS_NAMED)
    )
}

fn outside_period_lead(n: u64) -> String {
    format!("{n} dòng có năm ngoài kỳ báo cáo, không tính vào số liệu")
}

/// Whether `message` is the note [`outside_period_note`] wrote for `n` rows.
pub(crate) fn is_outside_period_note(message: &str, n: u64) -> bool {
    message.starts_with(&outside_period_lead(n))
}

/// How many rows of data a sheet holds, read as if it counted: the rows
/// accepted, rejected or outside the period, or, under no recognised
/// header, the rows that look like data. Told of a hidden sheet, which is
/// not counted.
pub fn data_rows_in(
    place: SheetPlace<'_>,
    sheet: &RawSheet,
    taxonomy: &Taxonomy,
    period: Period,
) -> u64 {
    let outcome = normalise_sheet(place, sheet, taxonomy, period);
    if outcome.kind.is_none() {
        return super::unrecognised::unrecognised_data(sheet, taxonomy).map_or(0, |f| f.rows);
    }
    let outside = outcome
        .skipped_by_reason
        .iter()
        .filter(|(reason, _)| *reason == SkipReason::OutsidePeriod)
        .map(|(_, n)| n)
        .sum::<u64>();
    outcome.counts.accepted + outcome.counts.rejected + outside
}

/// A sheet without a recognised header: nothing, or, when it holds data,
/// one error saying what its header lacks, and its data rows rejected (so
/// that the counts show what was not counted).
fn unrecognised_outcome(
    place: SheetPlace<'_>,
    sheet: &RawSheet,
    taxonomy: &Taxonomy,
) -> SheetOutcome {
    let Some(found) = super::unrecognised::unrecognised_data(sheet, taxonomy) else {
        return SheetOutcome::default();
    };
    let location = Location {
        file_index: place.file_index,
        file: place.file.into(),
        // A CSV has no sheet name: its file says it all.
        sheet: (!sheet.from_csv).then(|| sheet.name.as_str().into()),
        sheet_index: place.sheet_index,
        row: found.row,
        column_index: None,
        column: None,
    };
    if !found.sure {
        // Perhaps a summary or a plan beside the data: not read, said.
        return SheetOutcome {
            diagnostics: vec![Diagnostic::new(Severity::Warning, location, found.message)],
            ..Default::default()
        };
    }
    SheetOutcome {
        counts: super::RowCounts {
            read: found.rows,
            rejected: found.rows,
            ..Default::default()
        },
        diagnostics: vec![Diagnostic::new(Severity::Error, location, found.message)],
        ..Default::default()
    }
}

/// The decimal style of each numeric column, from its unambiguous texts
/// (and, failing that, from the whole sheet's).
fn column_styles(sheet: &RawSheet, header: &HeaderBand) -> HashMap<u32, NumberStyle> {
    let numeric: Vec<u32> = header
        .columns
        .iter()
        .filter(|c| {
            c.id.is_money()
                || matches!(
                    c.id,
                    ColumnId::Quantity
                        | ColumnId::Participations
                        | ColumnId::Workdays
                        | ColumnId::LandM2
                        | ColumnId::CollectiveCount
                        | ColumnId::IndividualCount
                        | ColumnId::RecipientCount
                )
        })
        .map(|c| c.index)
        .collect();
    let mut votes: HashMap<u32, (u32, u32)> = HashMap::new();
    let mut sheet_votes = (0u32, 0u32);
    for row in &sheet.rows[header.row_position + 1..] {
        for cell in &row.cells {
            let CellValue::Text(t) = &cell.value else {
                continue;
            };
            if !numeric.contains(&cell.col) {
                continue;
            }
            match style_evidence(t) {
                Some(NumberStyle::Vietnamese) => {
                    votes.entry(cell.col).or_default().0 += 1;
                    sheet_votes.0 += 1;
                }
                Some(NumberStyle::Machine) => {
                    votes.entry(cell.col).or_default().1 += 1;
                    sheet_votes.1 += 1;
                }
                None => {}
            }
        }
    }
    let decide = |(vn, machine): (u32, u32)| match (vn, machine) {
        (v, 0) if v > 0 => Some(NumberStyle::Vietnamese),
        (0, m) if m > 0 => Some(NumberStyle::Machine),
        _ => None,
    };
    let sheet_style = decide(sheet_votes);
    numeric
        .into_iter()
        .filter_map(|col| {
            let style = votes.get(&col).copied().and_then(decide).or(sheet_style)?;
            Some((col, style))
        })
        .collect()
}

struct SheetReader<'a> {
    place: SheetPlace<'a>,
    sheet_name: String,
    taxonomy: &'a Taxonomy,
    period: Period,
    header: HeaderBand,
    styles: HashMap<u32, NumberStyle>,
    outcome: SheetOutcome,
    skipped: BTreeMap<SkipReason, u64>,
    /// The field set by a group heading ("I. Lĩnh vực kinh tế") above the rows.
    section_field: Option<FieldRef>,
    /// The row where the signature block below the table starts.
    table_end: Option<u32>,
    /// The rows below the header, to look ahead from a row that reads like
    /// a signature.
    data_rows: &'a [RawRow],
    /// A mismatch with the group heading is told once per group.
    section_mismatch_told: bool,
    /// The data rows since the last group heading or subtotal, and since the
    /// header: their money is added up only when a total row states a sum
    /// to check (most sheets have none).
    section_rows: Vec<&'a RawRow>,
    sheet_rows: Vec<&'a RawRow>,
    /// A "Tổng cộng" row with no row above it, checked at the sheet's end.
    total_above: Option<&'a RawRow>,
    /// Whether a "Cộng" row has closed the group: the next row starts anew.
    group_closed: bool,
    lookups: Lookups<'a>,
    /// Values of merged cells on the rows they cover (a commune merged down).
    merged: MergedValues<'a>,
    /// Rows rejected because the sheet has no year column: one error says so.
    yearless_rows: Vec<u32>,
    /// The first rows outside the period, for the note that counts them.
    outside_rows: Vec<u32>,
    /// Formula cells without a computed value (row, col), sorted.
    uncalculated: &'a [(u32, u32)],
    /// Commendations counted as individuals because the sheet has no
    /// "Đối tượng" column: one warning says so.
    kindless_rows: Vec<u32>,
    /// Years typed into cells formatted as dates (row, what was read): one
    /// warning for the sheet's year column names them.
    years_as_dates: Vec<(u32, YearAsDate)>,
    /// Count columns of commendations that hold names or marks, not
    /// numbers: each filled cell commends one (see [`count_marks`]).
    count_marks: Vec<ColumnId>,
    /// The header's texts by column, folded, to know the header repeated
    /// further down (see [`header_keys`]).
    header_keys: Vec<HeaderKey>,
    /// The number of the last row that repeated the header: the row right
    /// under it may be the rest of a two-row header or its numbering row.
    after_header_repeat: Option<u32>,
    /// Whether the rows read since the last record follow a total row, and
    /// whether they break it down ("Trong đó:").
    below_total: Breakdown,
    /// A parent row of a numbered hierarchy ("1" above "1.1", "1.2"): its
    /// figures are checked against its group when the group ends.
    /// With the STT its children start with ("1.").
    group_above: Option<(&'a RawRow, String)>,
    /// A group heading ("I | Lĩnh vực kinh tế") and where its group starts
    /// in `sheet_rows`: the figures it states are checked against the rows
    /// up to the next heading or grand total.
    heading_above: Option<(&'a RawRow, usize)>,
    /// Where another table's header starts, in the sheet's rows: this
    /// table ends above it.
    next_table: Option<usize>,
}

/// Where the rows below a total row stand: a breakdown ("Trong đó:",
/// "Bình quân/năm", "Tỷ lệ (%)") is layout, not data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Breakdown {
    /// A record was read since the last total (or none was seen yet).
    No,
    /// Right under a total row.
    BelowTotal,
    /// Under "Trong đó:", "Chia ra:": its items ("- Năm 2023") too.
    Items,
}

/// A mapped column's header, folded whole and, for a two-row header
/// ("KINH PHÍ / TỔNG"), each of its parts; `first` is its first letter,
/// lower case, to pass over data rows without folding them.
struct HeaderKey {
    index: u32,
    first: Vec<char>,
    keys: Vec<String>,
}

/// Taxonomy lookups of the cell texts seen in a sheet: the same few fields
/// and statuses recur on every row, so each text is folded once.
#[derive(Default)]
struct Lookups<'a> {
    total_labels: HashMap<&'a str, Option<(TotalKind, bool)>>,
    fields: HashMap<Cow<'a, str>, Option<FieldRef>>,
    statuses: HashMap<Cow<'a, str>, Option<ModelStatus>>,
    exemplary: HashMap<Cow<'a, str>, ExemplaryMark>,
    /// Work types, units (as indexes into the taxonomy) and folded unit
    /// names, by the cleaned text.
    work_types: HashMap<String, Option<usize>>,
    units: HashMap<String, Option<usize>>,
    unit_keys: HashMap<String, String>,
    /// Place names by the cell's text as written.
    place_names: HashMap<&'a str, Option<SharedText>>,
}

/// `judge(text)`, worked out once per distinct text.
fn memo<T: Clone>(cache: &mut HashMap<String, T>, text: &str, judge: impl FnOnce(&str) -> T) -> T {
    if let Some(known) = cache.get(text) {
        return known.clone();
    }
    let verdict = judge(text);
    cache.insert(text.to_owned(), verdict.clone());
    verdict
}

/// What `judge` says of a cell's text, judged once per distinct text: a text
/// cell is its own key (no copy), another cell the text it shows.
fn judged<'a, T: Copy>(
    cache: &mut HashMap<Cow<'a, str>, T>,
    cell: Option<&'a CellValue>,
    judge: impl FnOnce(&str) -> T,
) -> T {
    let key = match cell {
        Some(CellValue::Text(t)) => Cow::Borrowed(&**t),
        other => Cow::Owned(text_of(other)),
    };
    if let Some(known) = cache.get(key.as_ref()) {
        return *known;
    }
    let verdict = judge(&clean_text(&key));
    cache.insert(key, verdict);
    verdict
}

/// Problems of one row, gathered before its fate is decided.
#[derive(Default)]
struct RowProblems {
    errors: Vec<(Option<ColumnId>, String)>,
    warnings: Vec<(Option<ColumnId>, String)>,
    infos: Vec<(Option<ColumnId>, String)>,
}

impl RowProblems {
    fn error(&mut self, column: ColumnId, message: String) {
        self.errors.push((Some(column), message));
    }
    fn warn(&mut self, column: ColumnId, message: String) {
        self.warnings.push((Some(column), message));
    }
    fn inform(&mut self, column: ColumnId, message: String) {
        self.infos.push((Some(column), message));
    }
}

impl<'a> SheetReader<'a> {
    fn location(&self, row: Option<u32>, column: Option<ColumnId>) -> Location {
        let mapped = column.and_then(|id| self.header.column(id));
        Location {
            file_index: self.place.file_index,
            file: self.place.file.into(),
            sheet: Some(self.sheet_name.as_str().into()),
            sheet_index: self.place.sheet_index,
            row,
            column_index: mapped.map(|c| c.index),
            column: mapped.map(|c| c.header.as_str().into()),
        }
    }

    /// One warning for the texts the reader had to repair, at the first one.
    fn tell_repairs(&mut self, repairs: &crate::ingest::TextRepairs) {
        let Some((row, col)) = repairs.first else {
            return;
        };
        let mut what = Vec::new();
        if repairs.control > 0 {
            what.push(format!(
                "{} ô có ký tự điều khiển (không in được), dvk đã bỏ các ký tự đó",
                repairs.control
            ));
        }
        if repairs.truncated > 0 {
            what.push(format!(
                "{} ô dài quá {} ký tự, dvk chỉ giữ phần đầu",
                repairs.truncated,
                crate::render::vn_format::group_thousands(crate::ingest::MAX_CELL_CHARS as i64)
            ));
        }
        let mut location = self.location(Some(row + 1), None);
        location.column_index = Some(col);
        location.column = self
            .header
            .columns
            .iter()
            .find(|c| c.index == col)
            .map(|c| c.header.as_str().into());
        self.outcome.diagnostics.push(Diagnostic::new(
            Severity::Warning,
            location,
            format!(
                "{} (ô đầu tiên ở đây); hãy xem lại nội dung các ô đó",
                what.join("; ")
            ),
        ));
    }

    fn push(
        &mut self,
        severity: Severity,
        row: Option<u32>,
        column: Option<ColumnId>,
        message: String,
    ) {
        let location = self.location(row, column);
        self.outcome
            .diagnostics
            .push(Diagnostic::new(severity, location, message));
    }

    /// A cell as the clerk sees it: a merged cell's value on every row it
    /// covers, in the columns where it belongs to each row (`merged.rs`).
    fn cell(&self, row: &'a RawRow, id: ColumnId) -> Option<&'a CellValue> {
        let col = self.header.column(id)?.index;
        self.merged
            .value(row.number, col)
            .or_else(|| row.get(col))
            .filter(|c| !c.is_blank())
    }

    /// A cell of a number, money, quantity or year column: one that says
    /// "none" ("-", "—", "không") is blank there.
    fn number_cell(&self, row: &'a RawRow, id: ColumnId) -> Option<&'a CellValue> {
        self.cell(row, id).filter(|c| !says_none(c))
    }

    fn money_unit(&self, id: ColumnId) -> MoneyUnit {
        self.header
            .column(id)
            .and_then(|c| c.money_unit)
            .or(self.header.unit_line)
            .unwrap_or(MoneyUnit::MillionDong)
    }

    /// One warning per money column whose unit dvk had to assume.
    fn warn_missing_units(&mut self) {
        if self.header.unit_line.is_some() {
            return;
        }
        let missing: Vec<ColumnId> = self
            .header
            .columns
            .iter()
            .filter(|c| c.id.is_money() && c.money_unit.is_none())
            .map(|c| c.id)
            .collect();
        for id in missing {
            let message = "tiêu đề cột không ghi đơn vị tiền; dvk hiểu là triệu đồng. \
                           Hãy ghi rõ đơn vị, ví dụ \"Kinh phí (triệu đồng)\""
                .to_owned();
            self.push(
                Severity::Warning,
                Some(self.header.row_number),
                Some(id),
                message,
            );
        }
    }

    /// One warning for the rows counted though hidden (a filter, or by
    /// hand): the clerk may not know they are there.
    fn tell_hidden_rows(&mut self, sheet: &RawSheet) {
        let hidden: Vec<u32> = self
            .outcome
            .accepted
            .iter()
            .map(|a| a.row)
            .filter(|row| sheet.row_hidden(*row))
            .collect();
        let Some(first) = hidden.first().copied() else {
            return;
        };
        const SHOWN: usize = 5;
        let mut rows: Vec<String> = hidden.iter().take(SHOWN).map(u32::to_string).collect();
        if hidden.len() > SHOWN {
            rows.push("…".to_owned());
        }
        let message = format!(
            "{} dòng bị ẩn (dòng {}) vẫn được tính; nếu không muốn tính, hãy xóa các dòng đó \
             (muốn xem: chọn cả trang, chuột phải vào số dòng › Bỏ ẩn / Unhide, hoặc bỏ lọc)",
            hidden.len(),
            rows.join(", ")
        );
        self.push(Severity::Warning, Some(first), None, message);
    }

    /// The message for a formula cell of `id` that holds no computed
    /// value; `required`: the row cannot be counted without it.
    fn uncalculated_message(&self, row: u32, id: ColumnId, required: bool) -> String {
        let cell = self.header.column(id).map_or_else(String::new, |c| {
            format!("{}{row} ", crate::diagnostic::column_letter(c.index))
        });
        let consequence = if required {
            ""
        } else {
            ", dvk coi là ô trống"
        };
        format!(
            "ô {cell}là công thức chưa có giá trị đã tính (tệp được tạo bằng phần mềm khác, \
             chưa mở bằng Excel){consequence}; hãy mở tệp bằng Excel hoặc LibreOffice và lưu lại, \
             rồi chạy lại"
        )
    }

    /// Whether the cell of `id` on row `number` is a formula with no value.
    fn is_uncalculated(&self, number: u32, id: ColumnId) -> bool {
        self.header
            .column(id)
            .is_some_and(|c| self.uncalculated.binary_search(&(number, c.index)).is_ok())
    }

    /// The problems a row's formulas without a value caused (a blank
    /// quantity, a total worked out) are told as what they are: one
    /// message per cell, an error where the row needed the value.
    fn tell_uncalculated(&self, number: u32, problems: &mut RowProblems) {
        let start = self.uncalculated.partition_point(|(r, _)| *r < number);
        let cols = self.uncalculated[start..]
            .iter()
            .take_while(|(r, _)| *r == number)
            .map(|(_, c)| *c);
        for col in cols {
            let Some(id) = self
                .header
                .columns
                .iter()
                .find(|c| c.index == col && c.id != ColumnId::Stt)
                .map(|c| c.id)
            else {
                continue;
            };
            let required = problems.errors.iter().any(|(c, _)| *c == Some(id));
            problems.errors.retain(|(c, _)| *c != Some(id));
            problems.warnings.retain(|(c, _)| *c != Some(id));
            problems.infos.retain(|(c, _)| *c != Some(id));
            let message = self.uncalculated_message(number, id, required);
            match required {
                true => problems.error(id, message),
                false => problems.warn(id, message),
            }
        }
    }

    fn skip(&mut self, reason: SkipReason) {
        self.outcome.counts.read += 1;
        self.outcome.counts.skipped += 1;
        *self.skipped.entry(reason).or_default() += 1;
    }

    fn read_row(&mut self, row: &'a RawRow, first_after_header: bool) {
        if self.table_end.is_some() {
            self.skip(SkipReason::BelowTable);
            return;
        }
        let has_data = row.cells.iter().any(|cell| {
            self.header
                .columns
                .iter()
                .any(|c| c.index == cell.col && c.id != ColumnId::Stt)
        });
        if !has_data {
            // Only a number in STT (a pre-numbered template row) is no row
            // at all; a text there may be a group heading ("I. Lĩnh vực kinh tế").
            let stt_col = self.header.column(ColumnId::Stt).map(|c| c.index);
            let numbered_only = row.cells.iter().all(|c| {
                Some(c.col) == stt_col
                    && match &c.value {
                        CellValue::Number(_) => true,
                        CellValue::Text(t) => t
                            .trim()
                            .trim_end_matches('.')
                            .chars()
                            .all(|ch| ch.is_ascii_digit()),
                        _ => false,
                    }
            });
            if numbered_only {
                return;
            }
            if self.section_heading(row).is_none() {
                // "Ghi chú: …" in column A: a note, said as every note is.
                self.note(row);
                self.skip(SkipReason::NoData);
                return;
            }
        }
        let under_repeat = self
            .after_header_repeat
            .is_some_and(|r| r + 1 == row.number);
        if (first_after_header || under_repeat) && is_numbering_row(row) {
            self.skip(SkipReason::NumberingRow);
            return;
        }
        if self.repeats_header(row, under_repeat) {
            self.after_header_repeat = Some(row.number);
            if !under_repeat {
                let message = format!(
                    "dòng này lặp lại dòng tiêu đề (dòng {}), như khi in sang trang mới hoặc nối hai bảng: \
                     dvk bỏ qua dòng này và đọc tiếp các dòng bên dưới theo tiêu đề đó",
                    self.header.row_number
                );
                self.push(Severity::Info, Some(row.number), None, message);
            }
            self.skip(SkipReason::RepeatedHeader);
            return;
        }
        if let Some(kind) = self.total_row(row) {
            if kind == TotalKind::GrandTotal {
                self.check_heading_above();
            }
            self.check_stated_total(row, kind);
            self.below_total = Breakdown::BelowTotal;
            self.skip(SkipReason::TotalRow);
            return;
        }
        if self.is_unlabelled_total(row) {
            let message = "dòng không có chữ (tên, loại, địa bàn) và mọi số liệu bằng tổng các dòng phía trên: \
                           dvk coi là dòng tổng cộng, không tính. Nếu đây là số liệu thật, hãy ghi tên và địa bàn; \
                           nếu là dòng tổng, nên ghi \"Tổng cộng\" ở đầu dòng"
                .to_owned();
            self.push(Severity::Info, Some(row.number), None, message);
            // Whether it adds the group or the sheet, the next rows start anew.
            self.group_closed = true;
            self.below_total = Breakdown::BelowTotal;
            self.skip(SkipReason::TotalRow);
            return;
        }
        let year_cell = self.number_cell(row, self.year_column());
        let no_year = year_cell.is_none_or(|c| year_of(c).is_err());
        // Signatures spread over the columns, the year column included; a
        // signing date may stand alone there ("15/12/2021" over "Người lập biểu").
        let signs = match no_year {
            true => self.starts_signature_block(row),
            false => self.signing_date_alone(row, year_cell),
        };
        if signs && !self.a_dated_row_below(row) {
            self.table_end = Some(row.number);
            self.skip(SkipReason::BelowTable);
            return;
        }
        if no_year && self.below_total != Breakdown::No {
            if let Some(next) = self.breakdown_step(row) {
                self.below_total = next;
                let shown = Self::excerpt(row);
                let message = format!(
                    "dòng \"{shown}\" nằm dưới dòng tổng, là dòng chi tiết (trong đó, bình quân, tỷ lệ) \
                     của các dòng phía trên: dvk không tính"
                );
                self.push(Severity::Info, Some(row.number), None, message);
                self.skip(SkipReason::Breakdown);
                return;
            }
        }
        // A heading is told by its own cells: a year merged down past it
        // does not make it a record, and a heading typed into the year
        // column ("I. Lĩnh vực kinh tế" in column A) is no year.
        let own_year = self
            .header
            .column(self.year_column())
            .and_then(|c| row.get(c.index))
            .filter(|c| !c.is_blank() && !says_none(c) && year_of(c).is_ok());
        if own_year.is_none() {
            if let Some(field) = self.section_heading(row) {
                self.check_group_above();
                self.check_heading_above();
                self.heading_above = Some((row, self.sheet_rows.len()));
                self.section_field = field;
                self.section_mismatch_told = false;
                self.section_rows.clear();
                self.skip(SkipReason::SectionHeading);
                return;
            }
            if let Some(prefix) = self.children_prefix(row) {
                // "1 | Lĩnh vực kinh tế | … | 30" above "1.1", "1.2": a group
                // heading that states its group's sum.
                self.check_group_above();
                let name = [ColumnId::ModelName, ColumnId::WorkName, ColumnId::WorkType]
                    .into_iter()
                    .find_map(|id| match self.cell(row, id) {
                        Some(CellValue::Text(t)) => Some(&**t),
                        _ => None,
                    });
                self.section_field = name.and_then(|n| self.taxonomy.field_of(n));
                self.section_mismatch_told = false;
                self.section_rows.clear();
                self.group_above = Some((row, prefix));
                self.skip(SkipReason::SectionHeading);
                return;
            }
        }
        if year_cell.is_none() && self.is_note_row(row) && !self.fills_like_a_record(row) {
            self.note(row);
            self.skip(SkipReason::NoData);
            return;
        }
        if no_year {
            if let Some(position) = self.another_header_at(row) {
                self.next_table = Some(position);
                return;
            }
        }
        self.below_total = Breakdown::No;
        self.read_data_row(row, year_cell);
    }

    /// Where, in the sheet's rows, a row with no year starts the header of
    /// another table (another kind, or the same kind's columns elsewhere):
    /// told here, and read with its own header. Only rows of three texts
    /// or more, nothing else, are tried.
    fn another_header_at(&mut self, row: &'a RawRow) -> Option<usize> {
        if row.cells.len() < 3
            || row
                .cells
                .iter()
                .any(|c| !matches!(c.value, CellValue::Text(_)))
        {
            return None;
        }
        let at = self.data_rows.partition_point(|r| r.number < row.number);
        let band: Vec<RawRow> = self.data_rows[at..]
            .iter()
            .take(2)
            .take_while(|r| r.number < row.number + 2)
            .cloned()
            .collect();
        let mut probe = RawSheet::from_cells(String::new(), false, Vec::new());
        probe.rows = band;
        let found = detect_header(&probe, self.taxonomy)?;
        let ours =
            |c: &super::MappedColumn| self.header.column(c.id).map(|o| o.index) == Some(c.index);
        if found.kind == self.header.kind && found.columns.iter().all(ours) {
            return None;
        }
        let kind = self.header.kind.vietnamese();
        let message = format!(
            "dòng này là tiêu đề của một bảng khác ({}): bảng {kind} dừng ở dòng trên; \
             dvk đọc các dòng bên dưới theo tiêu đề mới này. Nếu không phải, hãy để mỗi bảng ở một trang riêng",
            found.kind.vietnamese()
        );
        self.push(Severity::Info, Some(row.number), None, message);
        // `data_rows` are the sheet's rows below the header.
        Some(self.header.row_position + 1 + at)
    }

    /// Whether `row` repeats the header (a print page's, or a second block's
    /// under its own title): most header columns hold their header's text.
    /// `under_repeat`: the row right under one that did, where the second
    /// row of a two-row header repeats only the texts it holds. Only rows
    /// whose first text starts as a header text there are folded.
    fn repeats_header(&self, row: &RawRow, under_repeat: bool) -> bool {
        // Numbers, a year above all, have no place in a header row: most
        // rows are told so before any text is folded.
        if row
            .cells
            .iter()
            .any(|c| !matches!(c.value, CellValue::Text(_)))
        {
            return false;
        }
        if self
            .number_cell(row, self.year_column())
            .is_some_and(|c| year_of(c).is_ok())
        {
            return false;
        }
        let key_of = |col: u32| self.header_keys.iter().find(|k| k.index == col);
        let mut texts = row.cells.iter().filter_map(|c| match &c.value {
            CellValue::Text(t) if !t.trim().is_empty() => Some((c.col, &**t)),
            _ => None,
        });
        let Some((col, first)) = texts.next() else {
            return false;
        };
        let starts_alike = key_of(col).is_some_and(|k| {
            first
                .trim()
                .chars()
                .next()
                .and_then(|c| c.to_lowercase().next())
                .is_some_and(|c| k.first.contains(&c))
        });
        if !starts_alike {
            return false;
        }
        let matches = |(col, text): (u32, &str)| {
            key_of(col).is_some_and(|k| {
                let key = fold_key(text);
                k.keys.contains(&key)
            })
        };
        let (mut alike, mut others) = (0usize, 0usize);
        for cell in std::iter::once((col, first)).chain(texts) {
            match matches(cell) {
                true => alike += 1,
                false => others += 1,
            }
        }
        if others > alike / 3 {
            return false;
        }
        under_repeat || (alike >= 2 && alike * 2 >= self.header_keys.len())
    }

    /// A row's own number in STT, as written ("1", "1.2", "1."); a date or
    /// a fraction of a number is none.
    fn stt_of(&self, row: &'a RawRow) -> Option<Cow<'a, str>> {
        let stt = self.header.column(ColumnId::Stt)?.index;
        let own = match row.get(stt)? {
            CellValue::Number(n) if *n > 0.0 => Cow::Owned(format!("{n}")),
            CellValue::Text(t) => Cow::Borrowed(t.trim().trim_end_matches('.')),
            _ => return None,
        };
        (!own.is_empty() && own.chars().all(|c| c.is_ascii_digit() || c == '.')).then_some(own)
    }

    /// The STT under which a parent row's children are numbered ("1." for
    /// "1"), when the next numbered row is one ("1.1" after "1"): then the
    /// row, having no year, is the parent of a numbered hierarchy.
    fn children_prefix(&self, row: &'a RawRow) -> Option<String> {
        let own = self.stt_of(row)?;
        let at = self.data_rows.partition_point(|r| r.number <= row.number);
        let child = self.data_rows[at..].iter().find_map(|r| self.stt_of(r))?;
        let prefix = format!("{own}.");
        let rest = child.strip_prefix(prefix.as_str())?;
        rest.starts_with(|c: char| c.is_ascii_digit())
            .then_some(prefix)
    }

    /// Whether a row below a total row breaks it down: "Trong đó:",
    /// "Chia ra", "Bình quân/năm", "Tỷ lệ (%)", and under "Trong đó:" its
    /// items ("- Năm 2023"). Returns where the next rows stand.
    fn breakdown_step(&self, row: &RawRow) -> Option<Breakdown> {
        let label = row.cells.iter().find_map(|c| match &c.value {
            CellValue::Text(t) if !t.trim().is_empty() => Some(t.trim()),
            _ => None,
        })?;
        if self.below_total == Breakdown::Items && label.starts_with(['-', '+', '*', '•', '–'])
        {
            return Some(Breakdown::Items);
        }
        let key = bare_key(label);
        let starts = |opener: &str| {
            key.strip_prefix(opener)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
        };
        if ["trong do", "chia ra", "bao gom", "gom co", "chi tiet"]
            .iter()
            .any(|o| starts(o))
        {
            return Some(Breakdown::Items);
        }
        [
            "binh quan",
            "trung binh",
            "ty le",
            "ti le",
            "so sanh",
            "so voi",
        ]
        .iter()
        .any(|o| starts(o))
        .then_some(Breakdown::BelowTotal)
    }

    /// A row with no text (no name, type or place), only a year and figures,
    /// each equal to the sum of the rows above it (since the header or the
    /// last group), two or more: a total row the clerk did not label.
    fn is_unlabelled_total(&self, row: &'a RawRow) -> bool {
        let text_column_filled = self.header.columns.iter().any(|c| {
            c.id != ColumnId::Stt
                && c.id != self.year_column()
                && c.id != ColumnId::QuantityUnit
                && !FIGURE_COLUMNS.contains(&c.id)
                && row.get(c.index).is_some_and(|v| !v.is_blank())
        });
        // A numbered row is the clerk's record, whatever its figures.
        if text_column_filled || self.stt_of(row).is_some() {
            return false;
        }
        let stated = self.figures_as_written(row, true);
        let filled = FIGURE_COLUMNS
            .iter()
            .filter(|id| self.number_cell(row, **id).is_some())
            .count();
        // A figure dvk cannot read is the row's error to tell, as today.
        if stated.len() != filled || stated.iter().all(|(_, n)| *n == 0) {
            return false;
        }
        // A total adds rows of its own year: a 2024 row equal to 2022's and
        // 2023's rows is a coincidence, not their sum.
        let year_of_row = |r: &RawRow| {
            self.number_cell(r, self.year_column())
                .and_then(|c| year_of(c).ok())
        };
        let own_year = year_of_row(row);
        let adds_up = |rows: &[&'a RawRow]| {
            rows.len() >= 2
                && own_year.is_none_or(|year| rows.iter().all(|r| year_of_row(r) == Some(year)))
                && {
                    let sums = self.sums(rows, true);
                    stated
                        .iter()
                        .all(|(id, n)| sums.get(id).copied().unwrap_or(0) == *n)
                }
        };
        adds_up(&self.section_rows) || adds_up(&self.sheet_rows)
    }

    /// Whether a row below `row` has a year: then the table goes on, whatever
    /// `row` says ("KT" is a field as well as "ký thay"). Asked only of rows
    /// that read like a signature.
    fn a_dated_row_below(&self, row: &RawRow) -> bool {
        let year_column = self.year_column();
        self.data_rows
            .iter()
            .rev()
            .take_while(|below| below.number > row.number)
            .any(|below| {
                self.cell(below, year_column)
                    .is_some_and(|c| year_of(c).is_ok())
            })
    }

    /// One error for the rows rejected for want of a year column, naming
    /// the headers that may be that column ("Năm BĐ") and the fix.
    fn tell_missing_year_column(&mut self, sheet: &RawSheet) {
        let Some(rows) = row_span(&self.yearless_rows) else {
            return;
        };
        let name = self.taxonomy.column_name(self.year_column());
        let n = self.yearless_rows.len();
        let unmapped = super::header::unmapped_headers(sheet, &self.header);
        let (year_like, others): (Vec<_>, Vec<_>) = unmapped
            .into_iter()
            .partition(|(_, t)| is_year_like_header(t));
        let shown = |cells: &[(u32, String)]| super::unrecognised::located(cells, 8);
        let template = super::unrecognised::TEMPLATE_HINT;
        let (found, fix) = match (year_like.as_slice(), others.is_empty()) {
            (candidates, _) if !candidates.is_empty() => (
                format!(
                    " {} có vẻ là cột năm nhưng dvk không nhận ra tên đó.",
                    shown(candidates).replacen("cột", "Cột", 1)
                ),
                format!("Hãy đổi tên cột đó thành \"{name}\" {template}, rồi chạy lại"),
            ),
            (_, false) => (
                format!(" Tiêu đề dvk chưa nhận ra ở dòng tiêu đề: {}.", shown(&others)),
                format!(
                    "Nếu một cột trên là cột năm, hãy đổi tên cột đó thành \"{name}\" {template}; \
                     nếu không, hãy thêm cột \"{name}\" và ghi năm cho từng dòng (ví dụ 2019), rồi chạy lại"
                ),
            ),
            (_, true) => (
                String::new(),
                format!(
                    "Hãy thêm cột \"{name}\" {template} và ghi năm cho từng dòng (ví dụ 2019), rồi chạy lại"
                ),
            ),
        };
        let message = format!(
            "trang không có cột \"{name}\" nên {n} dòng số liệu ({rows}) không được tính: mỗi dòng cần năm.{found} {fix}"
        );
        let row = Some(self.header.row_number);
        self.push(Severity::Error, row, None, message);
    }

    /// One warning for the commendations counted as individuals for want of
    /// a column saying who was commended, instead of one per row.
    fn tell_missing_recipient_kind_column(&mut self) {
        let Some(rows) = row_span(&self.kindless_rows) else {
            return;
        };
        let name = self.taxonomy.column_name(ColumnId::RecipientKind);
        let n = self.kindless_rows.len();
        let message = format!(
            "trang không có cột \"{name}\" nên {n} dòng khen thưởng ({rows}) không rõ là tập thể hay cá nhân; \
             dvk tính cả {n} dòng là cá nhân. Hãy thêm cột \"{name}\" và ghi \"Tập thể\" hoặc \"Cá nhân\" \
             cho từng dòng, rồi chạy lại"
        );
        let row = Some(self.header.row_number);
        self.push(Severity::Warning, row, None, message);
    }

    /// One warning for the years typed into cells formatted as dates (the
    /// spreadsheet shows 14/07/1905 for 2022), naming the first few.
    fn tell_years_typed_as_dates(&mut self) {
        let Some(first) = self.years_as_dates.first().map(|(row, _)| *row) else {
            return;
        };
        const NAMED: usize = 5;
        let name = self
            .header
            .column(self.year_column())
            .map_or_else(|| "Năm".to_owned(), |c| c.header.clone());
        let fix = format!(
            "Hãy định dạng cột \"{name}\" là Number (Số) hoặc General (Chung) \
             (chọn cột, chuột phải › Format Cells / Định dạng ô) để ô hiện đúng năm"
        );
        let message = match self.years_as_dates.as_slice() {
            [(_, one)] => format!(
                "ô định dạng kiểu ngày nhưng chứa số {year}, nên ô hiện {shown}; \
                 dvk lấy năm {year}, không phải năm {shown_year}. {fix}",
                year = one.year,
                shown = one.shown,
                shown_year = one.shown.rsplit('/').next().unwrap_or_default(),
            ),
            many => {
                let each: Vec<String> = many
                    .iter()
                    .map(|(row, typed)| {
                        format!("dòng {row} hiện {} (lấy năm {})", typed.shown, typed.year)
                    })
                    .collect();
                format!(
                    "{} ô định dạng kiểu ngày nhưng chứa số năm, nên ô hiện thành ngày: {}; \
                     dvk lấy số trong ô làm năm. {fix}",
                    many.len(),
                    crate::render::vn_format::first_few(&each, NAMED, "; ", "dòng"),
                )
            }
        };
        let column = Some(self.year_column());
        self.push(Severity::Warning, Some(first), column, message);
    }

    fn year_column(&self) -> ColumnId {
        match self.header.kind {
            SheetKind::Models => ColumnId::StartYear,
            _ => ColumnId::Year,
        }
    }

    /// "Cộng", "Cộng I", "Tổng cộng", "Tổng số" in one of the label columns;
    /// in a place column, only a whole total label ("Tổng cộng", "Toàn
    /// huyện") on a row that names nothing: "Toàn xã" is also the hamlet of a
    /// model run across the commune, and a place's name stays a name.
    fn total_row(&mut self, row: &'a RawRow) -> Option<TotalKind> {
        use ColumnId::{
            Commune, District, Hamlet, Implementer, ModelName, Province, RecipientName, Stt,
            WorkName, WorkType,
        };
        let first_text = row.cells.iter().find_map(|c| match &c.value {
            CellValue::Text(t) => Some(&**t),
            _ => None,
        });
        let text = |cell: Option<&'a CellValue>| match cell {
            Some(CellValue::Text(t)) => Some(&**t),
            _ => None,
        };
        for id in [Stt, ModelName, WorkName, WorkType, Province] {
            if let Some(label) = text(self.cell(row, id)) {
                if let Some((kind, _)) = self.total_label(label) {
                    return Some(kind);
                }
            }
        }
        if let Some((kind, _)) = first_text.and_then(|label| self.total_label(label)) {
            return Some(kind);
        }
        let named = [ModelName, WorkName, WorkType, Implementer, RecipientName]
            .into_iter()
            .any(|id| self.cell(row, id).is_some());
        if named {
            return None;
        }
        for id in [District, Commune, Hamlet] {
            // The row's own cell: a commune merged down the table is no label.
            let own = self.header.column(id).and_then(|c| row.get(c.index));
            if let Some(label) = text(own) {
                if let Some((kind, true)) = self.total_label(label) {
                    return Some(kind);
                }
            }
        }
        None
    }

    /// What a label says of a total, and whether it is a total label whole
    /// (see [`is_whole_total_label`]); judged once per text, as the places
    /// and work types recur on every row.
    fn total_label(&mut self, label: &'a str) -> Option<(TotalKind, bool)> {
        *self
            .lookups
            .total_labels
            .entry(label)
            .or_insert_with(|| total_kind(label).map(|kind| (kind, is_whole_total_label(label))))
    }

    /// A group heading: one text, maybe after a roman numeral ("II"), and
    /// nothing else. Returns the field it names, if it names one. Under a
    /// roman numeral it may carry its group's figures ("I | Lĩnh vực kinh
    /// tế | … | 30", checked in [`Self::check_heading_above`]) and repeat
    /// its field in the field column; never a number in STT (an arabic
    /// STT is a record's) or in the year column (a record's year, mistyped).
    fn section_heading(&self, row: &RawRow) -> Option<Option<FieldRef>> {
        let column = |id| self.header.column(id).map(|c| c.index);
        let (stt, year, field_column) = (
            column(ColumnId::Stt),
            column(self.year_column()),
            column(ColumnId::Field),
        );
        let mut texts: [&str; 2] = [""; 2];
        let mut n = 0;
        let mut field_text = None;
        let mut figures = false;
        for cell in &row.cells {
            let in_stt_or_year = Some(cell.col) == stt || Some(cell.col) == year;
            let text = match &cell.value {
                CellValue::Number(_) if in_stt_or_year => return None,
                CellValue::Number(_) => {
                    figures = true;
                    continue;
                }
                CellValue::Text(t) => &**t,
                _ => continue,
            };
            // A figure typed as text ("30", "1.234,5"); not a numbered
            // label ("1. Lĩnh vực kinh tế"), which has letters.
            let a_number = || {
                text.trim_start().starts_with(|c: char| c.is_ascii_digit())
                    && !text.chars().any(char::is_alphabetic)
                    && parse_number(text, None).is_ok()
            };
            if !in_stt_or_year && a_number() {
                figures = true;
            } else if n > 0 && Some(cell.col) == field_column && field_text.is_none() {
                field_text = Some(text);
            } else if n < 2 {
                texts[n] = text;
                n += 1;
            } else {
                return None;
            }
        }
        let label = match &texts[..n] {
            [label] => *label,
            // An arabic number before it is a row's STT, not a group's.
            [marker, label] if is_roman_marker(marker) => *label,
            _ => return None,
        };
        let key = fold_key(label);
        let roman = n == 2 || key.split(' ').next().is_some_and(is_roman_marker);
        if (figures || field_text.is_some()) && !roman {
            return None;
        }
        let field = self.taxonomy.field_of(label);
        if let Some(text) = field_text {
            // "I | Lĩnh vực kinh tế | Kinh tế": the heading's own field again.
            let named = self.taxonomy.field_of(text).map(|f| f.field);
            if named.is_none() || named != field.map(|f| f.field) {
                return None;
            }
        }
        (field.is_some() || roman).then_some(field)
    }

    /// The money cells of a data row, as written (a blank is 0; a cell that
    /// cannot be read leaves the column out), in đồng; with `counts`, its
    /// other figures too (quantity, participations…), in thousandths.
    fn figures_as_written(&self, row: &'a RawRow, counts: bool) -> Vec<(ColumnId, i64)> {
        self.header
            .columns
            .iter()
            .map(|c| (c.id, self.styles.get(&c.index).copied()))
            .filter(|(id, _)| id.is_money() || (counts && FIGURE_COLUMNS.contains(id)))
            .filter_map(|(id, style)| {
                let cell = self.number_cell(row, id)?;
                let value = match id.is_money() {
                    true => money_of(cell, self.money_unit(id), style)
                        .ok()
                        .map(|read| read.value.dong()),
                    false => amount_of(cell, style)
                        .ok()
                        .and_then(|read| read.value.0.to_whole(1000)),
                };
                value.map(|v| (id, v))
            })
            .collect()
    }

    fn add_to_sums(&mut self, row: &'a RawRow) {
        // A group closed by its "Cộng" stays open for the totals right
        // under it ("Cộng lĩnh vực…" then "Cộng xã…" over the same rows).
        if std::mem::take(&mut self.group_closed) {
            self.check_group_above();
            self.section_rows.clear();
        }
        // A row numbered outside a parent's children ("2" after "1.2")
        // ends its group.
        if let Some((_, prefix)) = &self.group_above {
            if !self
                .stt_of(row)
                .is_some_and(|stt| stt.starts_with(prefix.as_str()))
            {
                self.check_group_above();
            }
        }
        self.section_rows.push(row);
        self.sheet_rows.push(row);
    }

    /// Money of `rows` per column, as written, with a budget part left blank
    /// worked out as dvk works it out (total − the other part), so a stated
    /// total that counts it is not called wrong; with `counts`, their other
    /// figures too (see [`Self::figures_as_written`]).
    fn sums(&self, rows: &[&'a RawRow], counts: bool) -> HashMap<ColumnId, i64> {
        use ColumnId::{FundingTotal, Mobilized, StateBudget};
        let mut sums = HashMap::new();
        for row in rows {
            let money = self.figures_as_written(row, counts);
            let written = |id| {
                money
                    .iter()
                    .find(|(c, _)| *c == id)
                    .map(|(_, dong)| Money::from_dong(*dong))
            };
            let (split, _) = split_budget(
                written(FundingTotal),
                written(StateBudget),
                written(Mobilized),
                MoneyUnit::Dong,
            );
            let budget = [
                (FundingTotal, split.total),
                (StateBudget, split.state_budget),
                (Mobilized, split.mobilized),
            ];
            let others = money
                .iter()
                .filter(|(id, _)| budget.iter().all(|(b, _)| b != id))
                .copied();
            let parts = budget
                .into_iter()
                .filter(|(id, _)| self.header.column(*id).is_some())
                .map(|(id, part)| (id, part.dong()));
            for (id, dong) in others.chain(parts) {
                *sums.entry(id).or_default() += dong;
            }
        }
        sums
    }

    /// Compares the sums a "Cộng" or "Tổng cộng" row states with the rows it
    /// covers, and warns, with both figures, where they differ.
    fn check_stated_total(&mut self, row: &'a RawRow, kind: TotalKind) {
        let stated = self.figures_as_written(row, false);
        if stated.is_empty() {
            if kind == TotalKind::Subtotal {
                self.group_closed = true;
            }
            return;
        }
        if kind == TotalKind::GrandTotal && self.sheet_rows.is_empty() {
            // "Tổng cộng" above the rows it adds: checked at the sheet's end.
            self.total_above = Some(row);
            return;
        }
        // "Cộng toàn xã" is the whole sheet in a commune's file and one
        // commune's group in a district's: a total equal to either is right.
        // The rows the label names are added first, the others only if
        // needed (a sheet has as many totals as groups).
        let (own_rows, other_rows, label, rows) = match kind {
            TotalKind::Subtotal => (
                &self.section_rows,
                &self.sheet_rows,
                "dòng cộng",
                "trong nhóm phía trên",
            ),
            TotalKind::GrandTotal => (
                &self.sheet_rows,
                &self.section_rows,
                "dòng tổng cộng",
                "phía trên",
            ),
        };
        let differs = |sums: &HashMap<ColumnId, i64>, (id, dong): &(ColumnId, i64)| {
            sums.get(id).copied().unwrap_or(0) != *dong
        };
        let own = self.sums(own_rows, false);
        let mut stated: Vec<(ColumnId, i64)> =
            stated.into_iter().filter(|s| differs(&own, s)).collect();
        if !stated.is_empty() {
            let other = self.sums(other_rows, false);
            stated.retain(|s| differs(&other, s));
        }
        self.compare_total(row, stated, &own, label, rows);
        if kind == TotalKind::Subtotal {
            self.group_closed = true;
        }
    }

    /// A "Tổng cộng" written above the rows it adds, against all of them.
    fn check_total_above(&mut self) {
        if let Some(row) = self.total_above.take() {
            let sums = self.sums(&self.sheet_rows, false);
            let stated = self.figures_as_written(row, false);
            self.compare_total(row, stated, &sums, "dòng tổng cộng", "phía dưới");
        }
    }

    /// A numbered group's parent row ("1 | Lĩnh vực kinh tế | … | 30"),
    /// against the rows of its group, once the group has ended.
    fn check_group_above(&mut self) {
        if let Some((row, _)) = self.group_above.take() {
            let sums = self.sums(&self.section_rows, false);
            let stated = self.figures_as_written(row, false);
            self.compare_total(row, stated, &sums, "dòng nhóm", "trong nhóm phía dưới");
        }
    }

    /// A roman group heading's figures ("I | Lĩnh vực kinh tế | … | 30"),
    /// against the rows of its group, once the group has ended. A heading
    /// without figures costs no sums.
    fn check_heading_above(&mut self) {
        if let Some((row, start)) = self.heading_above.take() {
            let stated = self.figures_as_written(row, false);
            if stated.is_empty() {
                return;
            }
            let sums = self.sums(&self.sheet_rows[start..], false);
            self.compare_total(row, stated, &sums, "dòng nhóm", "trong nhóm phía dưới");
        }
    }

    /// Warns, with both figures, for each column where `stated` differs
    /// from `sums`.
    fn compare_total(
        &mut self,
        row: &RawRow,
        stated: Vec<(ColumnId, i64)>,
        sums: &HashMap<ColumnId, i64>,
        label: &str,
        rows: &str,
    ) {
        for (id, stated) in stated {
            let counted = sums.get(&id).copied().unwrap_or(0);
            if stated != counted {
                let unit = self.money_unit(id);
                let in_unit = |dong: i64| money_in_unit(dong, unit);
                let message = format!(
                    "{label} ghi {}, nhưng cộng các dòng {rows} được {} (chênh {}); \
                     dvk tính theo từng dòng, không dùng số của dòng này. Hãy kiểm tra lại",
                    in_unit(stated),
                    in_unit(counted),
                    in_unit((stated - counted).abs())
                );
                self.push(Severity::Warning, Some(row.number), Some(id), message);
            }
        }
    }

    /// No STT, no year and no figure: a note, not a record.
    /// A figure is a number: the words of a signature block often sit under
    /// the money columns ("TM. ĐẢNG ỦY" over "Tổng").
    fn is_note_row(&self, row: &RawRow) -> bool {
        let figure = |id: &ColumnId| {
            self.cell(row, *id).is_some_and(|cell| match cell {
                CellValue::Number(_) => true,
                CellValue::Text(t) => parse_number(t, None).is_ok(),
                _ => false,
            })
        };
        self.cell(row, ColumnId::Stt).is_none() && !FIGURE_COLUMNS.iter().any(figure)
    }

    /// A name with its unit, places, field or status: a record missing its
    /// year (an error), not a note, which fills a cell or two.
    fn fills_like_a_record(&self, row: &RawRow) -> bool {
        let filled = self
            .header
            .columns
            .iter()
            .filter(|c| c.id != ColumnId::Stt)
            .filter(|c| row.get(c.index).is_some_and(|cell| !cell.is_blank()))
            .count();
        filled >= 3
    }

    /// What a row holds, for a message: its first texts, shortened.
    fn excerpt(row: &RawRow) -> String {
        let texts: Vec<String> = row
            .cells
            .iter()
            .filter(|c| matches!(c.value, CellValue::Text(_)))
            .take(3)
            .map(|c| c.value.display().trim().to_owned())
            .collect();
        let mut shown = texts.join(" | ");
        if shown.chars().count() > 60 {
            shown = shown.chars().take(60).collect::<String>() + "…";
        }
        shown
    }

    /// "Người lập biểu", "T/M Ủy ban nhân dân", "Nơi nhận:", "…, ngày … tháng … năm …"
    /// on a row with no STT, year or figure: the table ends above it.
    fn starts_signature_block(&self, row: &RawRow) -> bool {
        if !self.is_note_row(row) {
            return false;
        }
        row.cells.iter().any(|c| match &c.value {
            CellValue::Text(t) => is_signature_text(t),
            _ => false,
        })
    }

    /// A whole date ("15/12/2021", a date cell) alone on its row, in the
    /// year column, right above a row that opens the signature block: the
    /// date the report is signed, not a record of that year.
    fn signing_date_alone(&self, row: &RawRow, year_cell: Option<&CellValue>) -> bool {
        // A year, as nearly every row holds, is told at once.
        if !year_cell.is_some_and(is_whole_date) {
            return false;
        }
        let year = self.header.column(self.year_column()).map(|c| c.index);
        let mut filled = row.cells.iter().filter(|c| !c.value.is_blank());
        if !(filled.next().is_some_and(|c| Some(c.col) == year) && filled.next().is_none()) {
            return false;
        }
        let at = self.data_rows.partition_point(|r| r.number <= row.number);
        self.data_rows[at..]
            .iter()
            .find(|r| r.cells.iter().any(|c| !c.value.is_blank()))
            .is_some_and(|next| self.starts_signature_block(next))
    }

    /// Says what a note row held, so that nothing is dropped unseen; a note
    /// in the name column may be a record missing its STT and year: warn.
    fn note(&mut self, row: &RawRow) {
        let mut shown = Self::excerpt(row);
        if shown.is_empty() {
            // Only numbers, beside the table: shown as they are.
            shown = row
                .cells
                .iter()
                .take(3)
                .map(|c| c.value.display())
                .collect::<Vec<_>>()
                .join(" | ");
        }
        let named = [ColumnId::ModelName, ColumnId::WorkName, ColumnId::WorkType]
            .iter()
            .any(|id| self.cell(row, *id).is_some());
        if named {
            let message = format!(
                "dòng \"{shown}\" không có STT, năm và số liệu: dvk coi là ghi chú, không tính. \
                 Nếu đây là một {}, hãy ghi năm và số liệu",
                match self.header.kind {
                    SheetKind::Models => "mô hình",
                    _ => "công trình",
                }
            );
            self.push(Severity::Warning, Some(row.number), None, message);
        } else {
            let message = format!("dòng \"{shown}\" là ghi chú, không có số liệu: dvk không tính");
            self.push(Severity::Info, Some(row.number), None, message);
        }
    }

    fn read_data_row(&mut self, row: &'a RawRow, year_cell: Option<&'a CellValue>) {
        // A total row states the sum of the rows as the clerk sees them,
        // rejected ones included: their readable money counts in the check.
        self.add_to_sums(row);
        let year_column = self.year_column();
        let year = match year_cell.map(year_of) {
            None => {
                let name = self
                    .header
                    .column(year_column)
                    .map_or("Năm", |c| c.header.as_str());
                let message = if self.is_uncalculated(row.number, year_column) {
                    self.uncalculated_message(row.number, year_column, true)
                } else if self.header.column(year_column).is_some() {
                    let what = Self::excerpt(row);
                    if what.is_empty() {
                        format!("thiếu năm; hãy ghi năm vào cột \"{name}\" (ví dụ 2019)")
                    } else {
                        format!("thiếu năm ở dòng \"{what}\"; hãy ghi năm vào cột \"{name}\" (ví dụ 2019)")
                    }
                } else {
                    // No year column at all: said once for the sheet, at its end.
                    self.yearless_rows.push(row.number);
                    self.reject(row.number, Vec::new(), Vec::new());
                    return;
                };
                self.reject(row.number, vec![(Some(year_column), message)], Vec::new());
                return;
            }
            Some(Err(CellProblem { message })) => {
                self.reject(row.number, vec![(Some(year_column), message)], Vec::new());
                return;
            }
            Some(Ok(year)) => year,
        };
        if let Some(typed) = year_cell.and_then(year_typed_as_date) {
            self.years_as_dates.push((row.number, typed));
        }
        self.outcome.years = Some(match self.outcome.years {
            Some((lo, hi)) => (lo.min(year), hi.max(year)),
            None => (year, year),
        });
        if !self.period.contains(year) {
            if self.outside_rows.len() < OUTSIDE_ROWS_NAMED {
                self.outside_rows.push(row.number);
            }
            self.skip(SkipReason::OutsidePeriod);
            return;
        }
        let mut problems = RowProblems::default();
        let record = match self.header.kind {
            SheetKind::Models => Record::Model(self.model(row, year, &mut problems)),
            SheetKind::Works => Record::Work(self.work(row, year, &mut problems)),
            SheetKind::Resources => Record::Resource(self.resource(row, year, &mut problems)),
            SheetKind::Commendations => match self.commendation(row, year, &mut problems) {
                Some(commendation) => Record::Commendation(commendation),
                None => {
                    self.skip_uncounted_commendation(row);
                    return;
                }
            },
            SheetKind::Dialogues => Record::Dialogue(Dialogue {
                year,
                locality: self.locality(row),
                meetings: self.count(row, ColumnId::Meetings, &mut problems),
                citizens: self.count(row, ColumnId::Citizens, &mut problems),
            }),
            SheetKind::FocusLocalities => Record::FocusLocality(FocusLocality {
                year,
                locality: self.locality(row),
            }),
        };
        self.tell_uncalculated(row.number, &mut problems);
        if !problems.errors.is_empty() {
            self.reject(row.number, problems.errors, problems.warnings);
            return;
        }
        for (column, message) in problems.warnings {
            self.push(Severity::Warning, Some(row.number), column, message);
        }
        for (column, message) in problems.infos {
            self.push(Severity::Info, Some(row.number), column, message);
        }
        if matches!(record, Record::Commendation(_))
            && self.header.column(ColumnId::RecipientKind).is_none()
            && !self.has_count_columns()
        {
            self.kindless_rows.push(row.number);
        }
        self.outcome.counts.read += 1;
        self.outcome.counts.accepted += 1;
        self.outcome.accepted.push(AcceptedRow {
            row: row.number,
            record,
        });
    }

    fn reject(
        &mut self,
        row: u32,
        errors: Vec<(Option<ColumnId>, String)>,
        warnings: Vec<(Option<ColumnId>, String)>,
    ) {
        self.outcome.counts.read += 1;
        self.outcome.counts.rejected += 1;
        for (column, message) in errors {
            self.push(
                Severity::Error,
                Some(row),
                column,
                format!("{message} (dòng này không được tính)"),
            );
        }
        for (column, message) in warnings {
            self.push(Severity::Warning, Some(row), column, message);
        }
    }

    fn text(&self, row: &'a RawRow, id: ColumnId) -> String {
        text_of(self.cell(row, id))
    }

    fn locality(&mut self, row: &'a RawRow) -> Locality {
        let level_columns = [
            ColumnId::Province,
            ColumnId::District,
            ColumnId::Commune,
            ColumnId::Hamlet,
        ];
        let mut locality = Locality::default();
        for (level, id) in LocalityLevel::ALL.iter().zip(level_columns) {
            locality.names[level.index()] = self.place_name(self.cell(row, id));
        }
        locality
    }

    /// A place's name, cleaned once per distinct text and shared by every
    /// row that names it: a sheet repeats its few places on each row.
    fn place_name(&mut self, cell: Option<&'a CellValue>) -> Option<SharedText> {
        let Some(CellValue::Text(raw)) = cell else {
            let name = text_of(cell);
            return (!name.is_empty()).then(|| name.into());
        };
        if let Some(known) = self.lookups.place_names.get(&**raw) {
            return known.clone();
        }
        let name = clean_text(raw);
        let shared = (!name.is_empty()).then(|| SharedText::from(name));
        self.lookups.place_names.insert(raw, shared.clone());
        shared
    }

    /// Reads a numeric cell with `read`, in its column's decimal style; a
    /// warning or an error goes to the row's problems. Blank: `None`.
    fn numeric<T>(
        &self,
        row: &'a RawRow,
        id: ColumnId,
        problems: &mut RowProblems,
        read: impl Fn(&CellValue, Option<NumberStyle>) -> Result<Read<T>, CellProblem>,
    ) -> Option<T> {
        let cell = self.number_cell(row, id)?;
        let style = self
            .header
            .column(id)
            .and_then(|c| self.styles.get(&c.index).copied());
        match read(cell, style) {
            Ok(Read { value, warning }) => {
                if let Some(w) = warning {
                    problems.warn(id, w);
                }
                Some(value)
            }
            Err(CellProblem { message }) => {
                problems.error(id, message);
                None
            }
        }
    }

    fn money(&self, row: &'a RawRow, id: ColumnId, problems: &mut RowProblems) -> Option<Money> {
        let unit = self.money_unit(id);
        self.numeric(row, id, problems, |cell, style| money_of(cell, unit, style))
    }

    fn count(&self, row: &'a RawRow, id: ColumnId, problems: &mut RowProblems) -> i64 {
        self.numeric(row, id, problems, count_of).unwrap_or(0)
    }

    fn budget(&self, row: &'a RawRow, problems: &mut RowProblems) -> BudgetSplit {
        let total = self.money(row, ColumnId::FundingTotal, problems);
        let state = self.money(row, ColumnId::StateBudget, problems);
        let mobilized = self.money(row, ColumnId::Mobilized, problems);
        let unit = self.money_unit(ColumnId::FundingTotal);
        let (split, note) = split_budget(total, state, mobilized, unit);
        if let Some(message) = note {
            problems.warn(ColumnId::FundingTotal, message);
        }
        split
    }

    fn model(&mut self, row: &'a RawRow, year: i32, problems: &mut RowProblems) -> Model {
        let name = self.text(row, ColumnId::ModelName);
        if name.is_empty() {
            problems.warn(
                ColumnId::ModelName,
                "thiếu tên mô hình; hãy ghi tên để báo cáo nêu được mô hình".to_owned(),
            );
        }
        let field_cell = self.cell(row, ColumnId::Field);
        let fallback = FieldRef {
            field: self.taxonomy.fallback_field,
            subfield: None,
        };
        let field = if field_cell.is_none() {
            match self.section_field {
                Some(f) => f,
                None => {
                    problems.warn(
                        ColumnId::Field,
                        format!(
                            "thiếu lĩnh vực; dvk xếp vào \"{}\". Hãy ghi lĩnh vực của mô hình",
                            self.taxonomy.fields[fallback.field].name
                        ),
                    );
                    fallback
                }
            }
        } else {
            let taxonomy = self.taxonomy;
            let found = judged(&mut self.lookups.fields, field_cell, |t| {
                taxonomy.field_of(t)
            });
            let field_text = || text_of(field_cell);
            match found {
                Some(f) => {
                    if let Some(section) = self.section_field {
                        if section.field != f.field && !self.section_mismatch_told {
                            self.section_mismatch_told = true;
                            problems.warn(
                                ColumnId::Field,
                                format!(
                                    "lĩnh vực \"{}\" khác với nhóm \"{}\" ghi ở dòng tiêu đề phía trên; dvk theo cột Lĩnh vực. \
                                     Các dòng sau trong nhóm này không nhắc lại",
                                    field_text(),
                                    self.taxonomy.field_name(section)
                                ),
                            );
                        }
                    }
                    f
                }
                None => {
                    let known: Vec<&str> = self
                        .taxonomy
                        .fields
                        .iter()
                        .map(|f| f.name.as_str())
                        .collect();
                    problems.warn(
                        ColumnId::Field,
                        format!(
                            "lĩnh vực \"{}\" không có trong danh mục; dvk xếp vào \"{}\". \
                             Hãy sửa thành một trong các lĩnh vực: {}; hoặc khai báo cách gọi này trong tệp cấu hình (--config)",
                            field_text(),
                            self.taxonomy.fields[fallback.field].name,
                            known.join("; ")
                        ),
                    );
                    fallback
                }
            }
        };
        let status_cell = self.cell(row, ColumnId::Status);
        let taxonomy = self.taxonomy;
        let status = judged(&mut self.lookups.statuses, status_cell, |t| {
            taxonomy.status_of(t)
        })
        .unwrap_or_else(|| {
            problems.warn(
                ColumnId::Status,
                format!(
                    "tình trạng \"{}\" không rõ; dvk tính là đăng ký (chưa hiệu quả). \
                     Hãy ghi \"Hiệu quả\", \"Đang thực hiện\" hoặc \"Ngừng hoạt động\"",
                    text_of(status_cell)
                ),
            );
            ModelStatus::Registered
        });
        let exemplary_cell = self.cell(row, ColumnId::Exemplary);
        let mark = judged(&mut self.lookups.exemplary, exemplary_cell, |t| {
            taxonomy.exemplary_of(t)
        });
        let exemplary_text = || text_of(exemplary_cell);
        let exemplary = match mark {
            ExemplaryMark::Yes => true,
            ExemplaryMark::No => false,
            ExemplaryMark::Unknown => {
                problems.warn(
                    ColumnId::Exemplary,
                    format!("\"{}\" ở cột Tiêu biểu không rõ; dvk tính là không tiêu biểu. Hãy ghi \"x\" cho mô hình tiêu biểu, để trống nếu không", exemplary_text()),
                );
                false
            }
        };
        let funding = self.money(row, ColumnId::ModelFunding, problems);
        Model {
            name,
            implementer: self.text(row, ColumnId::Implementer),
            locality: self.locality(row),
            field,
            year,
            status,
            exemplary,
            funding,
        }
    }

    fn work(&mut self, row: &'a RawRow, year: i32, problems: &mut RowProblems) -> Work {
        let name = self.text(row, ColumnId::WorkName);
        let type_text = self.text(row, ColumnId::WorkType);
        let (amount, suffix) = self
            .numeric(row, ColumnId::Quantity, problems, amount_of)
            .unwrap_or((Decimal::from_int(0), None));
        // Thousandths of the type's unit in one of the unit written.
        let mut factor_milli = 1000;
        if self.header.column(ColumnId::Quantity).is_some()
            && self.number_cell(row, ColumnId::Quantity).is_none()
        {
            problems.inform(
                ColumnId::Quantity,
                "không ghi số lượng: dvk đếm công trình này nhưng không cộng số lượng".to_owned(),
            );
        }
        let unit_text = match self.text(row, ColumnId::QuantityUnit) {
            t if t.is_empty() => suffix.unwrap_or_default(),
            t => t,
        };
        let taxonomy = self.taxonomy;
        let lookups = &mut self.lookups;
        let written_unit = memo(&mut lookups.units, &unit_text, |t| {
            taxonomy.unit_index_of(t)
        })
        .map(|i| &taxonomy.units[i]);
        let unit_name = written_unit.map_or_else(|| unit_text.clone(), |u| u.name.clone());
        // A blank type with a name such as "Cầu Bến Đình" is a bridge.
        let type_or_name = if type_text.is_empty() {
            &name
        } else {
            &type_text
        };
        let work_type = match memo(&mut lookups.work_types, type_or_name, |t| {
            taxonomy.work_type_of(t)
        }) {
            Some(i) => {
                let def = &taxonomy.work_types[i];
                let mut unit_key = |unit: &str| memo(&mut lookups.unit_keys, unit, fold_key);
                let type_unit = unit_key(&def.unit);
                if unit_text.is_empty() || unit_key(&unit_name) == type_unit {
                    WorkTypeRef::Known(i)
                } else if let Some(u) = written_unit
                    .filter(|u| u.to.as_deref().is_some_and(|to| unit_key(to) == type_unit))
                {
                    factor_milli = u.factor_milli;
                    WorkTypeRef::Known(i)
                } else {
                    problems.warn(
                        ColumnId::QuantityUnit,
                        format!(
                            "đơn vị \"{unit_text}\" khác đơn vị của loại \"{}\" ({}); dvk thống kê riêng dòng này theo đơn vị \"{unit_name}\"",
                            def.name, def.unit
                        ),
                    );
                    WorkTypeRef::Other {
                        name: def.name.clone(),
                        unit: unit_name,
                    }
                }
            }
            None if type_text.is_empty() => {
                problems.warn(
                    ColumnId::WorkType,
                    "thiếu loại công trình; dvk xếp vào \"Khác\". Hãy ghi loại, ví dụ \"Đường giao thông nông thôn\"".to_owned(),
                );
                WorkTypeRef::Other {
                    name: "Khác".to_owned(),
                    unit: unit_name,
                }
            }
            // Kept under its own name and unit, as written ("m" stays "m"):
            // only a type of the taxonomy counts in a unit of its own.
            None => WorkTypeRef::Other {
                name: type_text,
                unit: unit_name,
            },
        };
        // Rounded once, from the exact amount: 333,3 m is 0,333 km, 1,5 m 0,002 km.
        let quantity = quantity_in(amount, factor_milli).unwrap_or_else(|| {
            if let Some(cell) = self.number_cell(row, ColumnId::Quantity) {
                problems.error(ColumnId::Quantity, too_large(cell).message);
            }
            Quantity::ZERO
        });
        Work {
            name,
            work_type,
            quantity,
            locality: self.locality(row),
            year,
            money: self.budget(row, problems),
        }
    }

    /// A commendation row: its form, and whom it commends. On a sheet of
    /// counts the numbers say it (and win over a "Đối tượng" cell that says
    /// otherwise, with a warning); else the "Đối tượng" cell, one collective
    /// or one person. `None`: a row of counts with no number and no
    /// "Đối tượng", nothing to count (skipped, see
    /// [`Self::skip_uncounted_commendation`]).
    fn commendation(
        &mut self,
        row: &'a RawRow,
        year: i32,
        problems: &mut RowProblems,
    ) -> Option<Commendation> {
        let form = match self.text(row, ColumnId::AwardForm) {
            f if f.is_empty() => {
                problems.warn(
                    ColumnId::AwardForm,
                    "thiếu hình thức khen thưởng; dvk ghi là \"Khen thưởng\". Hãy ghi \"Bằng khen\", \"Giấy khen\"…"
                        .to_owned(),
                );
                "Khen thưởng".to_owned()
            }
            f => f,
        };
        let kind_text = self.text(row, ColumnId::RecipientKind);
        let (collective, individual) = match self.recipient_counts(row, problems) {
            Some(counts) => {
                self.check_kind_against_counts(&kind_text, counts, problems);
                counts
            }
            None if kind_text.is_empty() && self.has_count_columns() => return None,
            None => {
                let kind = self.recipient_kind(&kind_text, problems);
                let how_many = self.how_many_of_kind(row, problems);
                match kind {
                    RecipientKind::Collective => (how_many, 0),
                    RecipientKind::Individual => (0, how_many),
                }
            }
        };
        let name = match self.text(row, ColumnId::RecipientName) {
            n if n.is_empty() => self.text(row, ColumnId::Implementer),
            n => n,
        };
        Some(Commendation {
            year,
            form,
            level: self.text(row, ColumnId::AwardLevel),
            collective,
            individual,
            name,
            locality: self.locality(row),
        })
    }

    /// Whether the sheet counts commendations in columns ("Số tập thể").
    fn has_count_columns(&self) -> bool {
        self.header.column(ColumnId::CollectiveCount).is_some()
            || self.header.column(ColumnId::IndividualCount).is_some()
    }

    /// The numbers of collectives and people a row of counts commends; a
    /// blank cell is 0. `None` when the sheet has no count column or both
    /// cells are blank. A count that cannot be read is the row's error.
    fn recipient_counts(&self, row: &'a RawRow, problems: &mut RowProblems) -> Option<(u64, u64)> {
        let ids = [ColumnId::CollectiveCount, ColumnId::IndividualCount];
        let [collective, individual] = ids.map(|id| {
            if self.count_marks.contains(&id) {
                // A name or a mark ("x") commends one.
                return self.number_cell(row, id).map(|_| 1);
            }
            self.numeric(row, id, problems, count_of)
                .map(|n| u64::try_from(n).unwrap_or(0))
        });
        let blank = ids.iter().all(|id| self.number_cell(row, *id).is_none());
        if blank {
            // A formula with no value is no blank: the row needs it.
            let uncalculated = ids
                .into_iter()
                .find(|id| self.is_uncalculated(row.number, *id))?;
            problems.error(uncalculated, String::new());
        }
        Some((collective.unwrap_or(0), individual.unwrap_or(0)))
    }

    /// How many of its "Đối tượng" a row commends: its "Số lượng" cell
    /// ("Tập thể | 3"); one when the sheet has no such column or the cell
    /// is blank (a row names one recipient). A number that cannot be read,
    /// or a formula without its value, is the row's error.
    fn how_many_of_kind(&self, row: &'a RawRow, problems: &mut RowProblems) -> u64 {
        let id = ColumnId::RecipientCount;
        if self.header.column(id).is_none() {
            return 1;
        }
        if self.number_cell(row, id).is_none() {
            if self.is_uncalculated(row.number, id) {
                problems.error(id, String::new());
            }
            return 1;
        }
        self.numeric(row, id, problems, count_of)
            .map_or(0, |n| u64::try_from(n).unwrap_or(0))
    }

    /// A "Đối tượng" cell beside counts that say otherwise ("Tập thể" on a
    /// row of 5 people): the counts win, and the clerk is told.
    fn check_kind_against_counts(
        &self,
        kind_text: &str,
        (collective, individual): (u64, u64),
        problems: &mut RowProblems,
    ) {
        if kind_text.is_empty() {
            return;
        }
        let agrees = match recipient_kind_of(kind_text) {
            Some(RecipientKind::Collective) => collective > 0 && individual == 0,
            Some(RecipientKind::Individual) => individual > 0 && collective == 0,
            None => false,
        };
        if agrees {
            return;
        }
        let kind_header = self
            .header
            .column(ColumnId::RecipientKind)
            .map_or("Đối tượng", |c| c.header.as_str());
        let counts = self.count_headers().join(", ");
        problems.warn(
            ColumnId::RecipientKind,
            format!(
                "ô \"{kind_header}\" ghi \"{kind_text}\" nhưng dòng này ghi số ({collective} tập thể, \
                 {individual} cá nhân); dvk tính theo số ở cột {counts}. Nếu số chưa đúng, hãy sửa lại"
            ),
        );
    }

    /// The headers of the sheet's count columns, quoted, as a message says
    /// them: "\"Số tập thể\", \"Số cá nhân\"".
    fn count_headers(&self) -> Vec<String> {
        [ColumnId::CollectiveCount, ColumnId::IndividualCount]
            .into_iter()
            .filter_map(|id| self.header.column(id))
            .map(|c| format!("\"{}\"", c.header))
            .collect()
    }

    /// The kind a "Đối tượng" cell names; an unclear one (or no column at
    /// all, said once for the sheet at its end) counts as a person.
    fn recipient_kind(&self, kind_text: &str, problems: &mut RowProblems) -> RecipientKind {
        if self.header.column(ColumnId::RecipientKind).is_none() {
            return RecipientKind::Individual;
        }
        recipient_kind_of(kind_text).unwrap_or_else(|| {
            problems.warn(
                ColumnId::RecipientKind,
                format!(
                    "\"{kind_text}\" không rõ là tập thể hay cá nhân; dvk tính là cá nhân. \
                     Hãy ghi \"Tập thể\" (TT) hoặc \"Cá nhân\" (CN)"
                ),
            );
            RecipientKind::Individual
        })
    }

    /// A row of a sheet of counts with no number and no "Đối tượng": nobody
    /// to count. Skipped (a row without figures), with a warning, as the
    /// clerk may have forgotten the numbers.
    fn skip_uncounted_commendation(&mut self, row: &RawRow) {
        let shown = Self::excerpt(row);
        let counts = self.count_headers().join(" hoặc ");
        let message = format!(
            "dòng \"{shown}\" không ghi số tập thể, số cá nhân nên không có ai để tính; dvk bỏ qua dòng này. \
             Nếu có khen thưởng, hãy ghi số vào cột {counts} (ghi 0 nếu không có)"
        );
        let column = [ColumnId::CollectiveCount, ColumnId::IndividualCount]
            .into_iter()
            .find(|id| self.header.column(*id).is_some());
        self.push(Severity::Warning, Some(row.number), column, message);
        self.skip(SkipReason::NoData);
    }

    fn resource(&mut self, row: &'a RawRow, year: i32, problems: &mut RowProblems) -> Resource {
        let participations = self.count(row, ColumnId::Participations, problems);
        let money = self.budget(row, problems);
        let workdays = self.count(row, ColumnId::Workdays, problems);
        let unit = self
            .header
            .column(ColumnId::LandM2)
            .and_then(|c| c.area_unit)
            .unwrap_or(AreaUnit::SquareMetre);
        let land_m2 = self
            .numeric(row, ColumnId::LandM2, problems, |cell, style| {
                land_of(cell, unit, style)
            })
            .unwrap_or(Quantity::ZERO);
        Resource {
            locality: self.locality(row),
            year,
            participations,
            money,
            workdays,
            land_m2,
        }
    }
}

/// The header's text of each mapped column, folded, whole and in its parts
/// (a two-row header "KINH PHÍ (TRIỆU ĐỒNG) / TỔNG" repeats as two rows).
fn header_keys(header: &HeaderBand) -> Vec<HeaderKey> {
    header
        .columns
        .iter()
        .map(|c| {
            let mut keys = vec![fold_key(&c.header)];
            let mut first = Vec::new();
            for part in c.header.split(" / ") {
                keys.push(fold_key(part));
                first.extend(
                    part.trim()
                        .chars()
                        .next()
                        .into_iter()
                        .flat_map(char::to_lowercase),
                );
            }
            HeaderKey {
                index: c.index,
                first,
                keys,
            }
        })
        .collect()
}

/// Whether a total label is made of total words only ("Tổng cộng", "Cộng
/// I", "Toàn huyện:", "Toàn xã: 02 mô hình"), not "Cộng xã Kỳ Anh": in a
/// place column, only such a label is taken for a total, never a name.
fn is_whole_total_label(text: &str) -> bool {
    const WORDS: &[&str] = &[
        "cong", "tong", "so", "toan", "chung", "hop", "xa", "phuong", "huyen", "quan", "tinh",
        "thi", "tran", "thanh", "pho", "don", "vi", "khoi", "luy", "ke",
    ];
    let label = text.split_once(':').map_or(text, |(label, _)| label);
    let key = bare_key(label);
    key.split(' ')
        .filter(|w| !w.is_empty())
        .all(|w| WORDS.contains(&w) || is_list_marker(w))
}

/// The count columns of a commendations sheet that list names or marks
/// rather than numbers: a header that does not say "Số"/"SL" ("Tập thể",
/// "Đối tượng / Cá nhân") over cells none of which is a number. Each
/// filled cell there commends one collective or person.
fn count_marks(sheet: &RawSheet, header: &HeaderBand) -> Vec<ColumnId> {
    [ColumnId::CollectiveCount, ColumnId::IndividualCount]
        .into_iter()
        .filter(|id| {
            let Some(column) = header.column(*id) else {
                return false;
            };
            let holds_numbers = sheet.rows[header.row_position + 1..].iter().any(|row| {
                row.get(column.index).is_some_and(|cell| match cell {
                    CellValue::Number(_) => true,
                    CellValue::Text(t) => parse_number(t, None).is_ok(),
                    _ => false,
                })
            });
            !header_says_number(&column.header) && !holds_numbers
        })
        .collect()
}

/// "dòng 4" or "các dòng 4–12": the rows a sheet-wide message concerns.
fn row_span(rows: &[u32]) -> Option<String> {
    match (rows.first(), rows.last()) {
        (Some(first), Some(last)) if first == last => Some(format!("dòng {first}")),
        (Some(first), Some(last)) => Some(format!("các dòng {first}–{last}")),
        _ => None,
    }
}

/// Columns holding figures: a row with any of them filled is data.
const FIGURE_COLUMNS: [ColumnId; 13] = [
    ColumnId::Meetings,
    ColumnId::Citizens,
    ColumnId::CollectiveCount,
    ColumnId::IndividualCount,
    ColumnId::RecipientCount,
    ColumnId::ModelFunding,
    ColumnId::FundingTotal,
    ColumnId::StateBudget,
    ColumnId::Mobilized,
    ColumnId::Quantity,
    ColumnId::Participations,
    ColumnId::Workdays,
    ColumnId::LandM2,
];

/// Words that open the signature block or the notes below a table.
fn is_signature_text(text: &str) -> bool {
    const OPENERS: [&str; 23] = [
        "người lập biểu",
        "người lập",
        "lập biểu",
        "người tổng hợp",
        "thủ trưởng",
        "thủ trưởng đơn vị",
        "chủ tịch",
        "phó chủ tịch",
        "bí thư",
        "phó bí thư",
        "trưởng ban",
        "phó trưởng ban",
        "trưởng phòng",
        "xác nhận",
        "nơi nhận",
        "ký tên",
        "kế toán",
        "ghi chú",
        "lưu vt",
        "lưu vp",
        "lưu văn thư",
        "lưu văn phòng",
        "lưu hồ sơ",
    ];
    // "TM. Ủy ban", "KT. Chủ tịch": alone, "KT" is the field "kinh tế".
    const ON_BEHALF: [&str; 3] = ["tm", "t m", "kt"];
    let key = fold_key(text);
    let words: Vec<&str> = key.split(' ').collect();
    let starts_with = |phrase: &str| {
        let phrase = fold_key(phrase);
        let p: Vec<&str> = phrase.split(' ').collect();
        words.len() >= p.len() && words[..p.len()] == p[..]
    };
    if OPENERS.iter().any(|o| starts_with(o)) {
        return true;
    }
    let on_behalf = |o: &&str| starts_with(o) && words.len() > fold_key(o).split(' ').count();
    if ON_BEHALF.iter().any(on_behalf) {
        return true;
    }
    // "Lưu" alone or "Lưu: VT"; "Lưu giữ bản sắc…" is a model's name.
    if key == fold_key("lưu") {
        return true;
    }
    // "Long Sơn, ngày 15 tháng 6 năm 2022"
    let has = |w: &str| words.contains(&fold_key(w).as_str());
    if has("ngày") && has("tháng") && has("năm") {
        return true;
    }
    // "Ngày 15/12/2021", "Long Sơn, ngày 15-12-2021": "ngày" then the date
    // (the key splits it into its numbers); not "Ngày hội … 18/11/2021".
    let ngay = fold_key("ngày");
    let number = |w: &str, most: u32| {
        w.len() <= 2 && w.parse::<u32>().is_ok_and(|n| (1..=most).contains(&n))
    };
    words.windows(4).any(|w| {
        w[0] == ngay
            && number(w[1], 31)
            && number(w[2], 12)
            && w[3].len() == 4
            && w[3].bytes().all(|b| b.is_ascii_digit())
    })
}

/// A date with its day: a date cell, or a text "15/12/2021", "2021-12-15"
/// (a year typed into a date cell is a year, see [`year_typed_as_date`]).
fn is_whole_date(cell: &CellValue) -> bool {
    match cell {
        CellValue::Date(_) | CellValue::Date1904(_) | CellValue::DateIso(_) => {
            year_typed_as_date(cell).is_none()
        }
        // A year typed as text ("2019", nearly every CSV row) has no separator.
        CellValue::Text(t) if !t.contains(['/', '-', '.']) => false,
        CellValue::Text(t) => {
            let parts: Vec<&str> = t.trim().split(['/', '-', '.']).map(str::trim).collect();
            let digits = |p: &&str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
            parts.len() == 3
                && parts.iter().all(digits)
                && (parts[0].len() == 4 || parts[2].len() == 4)
        }
        _ => false,
    }
}

/// total = state + mobilised: derives a blank one, warns when they disagree
/// (quoting the sums in `unit`, the sheet's own).
pub fn split_budget(
    total: Option<Money>,
    state: Option<Money>,
    mobilized: Option<Money>,
    unit: MoneyUnit,
) -> (BudgetSplit, Option<String>) {
    let split = |total, state_budget, mobilized| BudgetSplit {
        total,
        state_budget,
        mobilized,
    };
    match (total, state, mobilized) {
        (None, s, m) => {
            let (s, m) = (s.unwrap_or_default(), m.unwrap_or_default());
            (split(s + m, s, m), None)
        }
        (Some(t), Some(s), None) if s <= t => (split(t, s, t - s), None),
        (Some(t), None, Some(m)) if m <= t => (split(t, t - m, m), None),
        (Some(t), Some(s), None) | (Some(t), None, Some(s)) => (
            if state.is_some() { split(t, s, Money::ZERO) } else { split(t, Money::ZERO, s) },
            Some("một nguồn kinh phí lớn hơn tổng kinh phí; dvk giữ nguyên các số đã ghi. Hãy kiểm tra lại".to_owned()),
        ),
        (Some(t), None, None) => (
            split(t, Money::ZERO, Money::ZERO),
            (t != Money::ZERO).then(|| {
                "chỉ có tổng kinh phí, không rõ bao nhiêu từ ngân sách nhà nước và bao nhiêu vận động; \
                 dvk tính vào tổng nhưng không chia theo nguồn. Hãy ghi hai cột nguồn"
                    .to_owned()
            }),
        ),
        (Some(t), Some(s), Some(m)) => {
            let note = (s + m != t).then(|| {
                format!(
                    "tổng kinh phí ({}) khác ngân sách nhà nước + vận động ({}); dvk giữ nguyên các số đã ghi. Hãy kiểm tra lại",
                    money_in_unit(t.dong(), unit),
                    money_in_unit((s + m).dong(), unit)
                )
            });
            (split(t, s, m), note)
        }
    }
}

/// What a total row adds up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TotalKind {
    /// "Cộng", "Cộng I": the rows since the last group heading.
    Subtotal,
    /// "Tổng cộng", "Tổng số", "Tổng": every row above.
    GrandTotal,
}

/// "Cộng", "Cộng I", "Cộng:", "Cộng xã Kỳ Anh", "Cộng lĩnh vực kinh tế"
/// (one group); "Tổng cộng", "Tổng số", "Tổng", "Tổng cộng toàn huyện",
/// "Tổng cộng (I+II+III)", "Cộng (1+2)", "Tổng hợp chung", "Cộng toàn xã",
/// "Tổng toàn xã", "Toàn xã", "Lũy kế" (every row).
fn total_kind(text: &str) -> Option<TotalKind> {
    // Most cells are names or numbers: only short texts starting with C, T
    // or L can be totals.
    let trimmed = text.trim();
    if trimmed.len() > 60 || !trimmed.starts_with(['C', 'c', 'T', 't', 'L', 'l']) {
        return None;
    }
    if let Some(kind) = place_or_running_total(trimmed) {
        return Some(kind);
    }
    // The first word decides, read with its marks: "cong" bare could be
    // "công" ("Công an xã…" is a name), unless typed without any. Folding
    // only that word keeps the many names starting with C or T cheap.
    let first_word = trimmed
        .split(|c: char| c.is_whitespace() || c == ':' || c == '(')
        .next()
        .unwrap_or("");
    let bare_first = bare_key(first_word);
    if bare_first != "cong" && bare_first != "tong" {
        return None;
    }
    let first = fold_key(first_word);
    if first != bare_first && first != fold_key("cộng") && first != fold_key("tổng") {
        return None;
    }
    if trimmed.split_whitespace().count() > 7 {
        return None;
    }
    let key = bare_key(trimmed);
    let words: Vec<&str> = key.split(' ').collect();
    match words.as_slice() {
        ["cong"] => Some(TotalKind::Subtotal),
        ["tong"] => Some(TotalKind::GrandTotal),
        ["cong", b] if is_list_marker(b) => Some(TotalKind::Subtotal),
        ["cong", "toan" | "chung", ..] => Some(TotalKind::GrandTotal),
        // What a group is named by: its place, field, part or group. Not
        // "Cộng đồng…", "Cộng tác…": names of models.
        ["cong", b, ..] if GROUP_WORDS.contains(b) => Some(TotalKind::Subtotal),
        // "Cộng 2 mô hình", "Tổng 3 công trình": the rows counted, as
        // "Toàn xã: 02 mô hình" counts them.
        ["cong", n, _, ..] if is_count(n) => Some(TotalKind::Subtotal),
        ["tong", n, _, ..] if is_count(n) => Some(TotalKind::GrandTotal),
        // "Cộng (1+2)", "Cộng (I+II)": the groups named, so every row.
        ["cong", ..] if is_sum_of_markers(&trimmed[first_word.len()..]) => {
            Some(TotalKind::GrandTotal)
        }
        ["tong", "cong" | "so" | "toan" | "chung", ..] => Some(TotalKind::GrandTotal),
        ["tong", "hop", "chung", ..] => Some(TotalKind::GrandTotal),
        _ => None,
    }
}

/// "Toàn xã", "Toàn huyện:", "TOÀN TỈNH", "Toàn xã: 02 mô hình" (the whole
/// place, as a label of its own: "Toàn xã chung tay…" is a model), "Lũy
/// kế", "Luỹ kế từ đầu năm" (the running total).
fn place_or_running_total(trimmed: &str) -> Option<TotalKind> {
    // Most names start with T or L ("Tổ", "Thôn", "Long"): only "To…" and
    // "Lu…", "Lũ…" go on to be folded.
    let mut letters = trimmed.chars().flat_map(char::to_lowercase);
    match (letters.next(), letters.next()) {
        (Some('t'), Some('o')) | (Some('l'), Some('u' | 'ũ')) => {}
        _ => return None,
    }
    let first = trimmed
        .split(|c: char| c.is_whitespace() || c == ':')
        .next()
        .unwrap_or("");
    let first = fold_key(first);
    if first != fold_key("toàn") && first != fold_key("lũy") && first != bare_key(&first) {
        return None;
    }
    // "Toàn xã: 02 mô hình" is the label and what it counts of the place;
    // "Toàn huyện: một lòng" is a name.
    let label = match trimmed.split_once(':') {
        Some((label, said)) => {
            let said = said.trim_start();
            if !said.is_empty() && !said.starts_with(|c: char| c.is_ascii_digit()) {
                return None;
            }
            label
        }
        None => trimmed,
    };
    if label.split_whitespace().count() > 5 {
        return None;
    }
    let key = bare_key(label);
    let words: Vec<&str> = key.split(' ').filter(|w| !w.is_empty()).collect();
    match words.as_slice() {
        ["toan", "xa" | "phuong" | "huyen" | "tinh" | "thi" | "don" | "khoi"] => {
            Some(TotalKind::GrandTotal)
        }
        ["toan", "thi", "tran" | "xa"] | ["toan", "thanh", "pho"] | ["toan", "don", "vi"] => {
            Some(TotalKind::GrandTotal)
        }
        // "Lũy kế", "Lũy kế từ đầu năm", "Lũy kế đến nay"; not "Lũy kế
        // đường bê tông", a work.
        ["luy", "ke"] | ["luy", "ke", "tu" | "den" | "ca", ..] => Some(TotalKind::GrandTotal),
        _ => None,
    }
}

/// "(1+2)", "(I + II + III)", "1+2": list markers joined by "+".
fn is_sum_of_markers(text: &str) -> bool {
    let inner = text
        .trim()
        .trim_start_matches(':')
        .trim()
        .trim_matches(|c| c == '(' || c == ')');
    inner.contains('+') && inner.split('+').all(|part| is_list_marker(part.trim()))
}

/// Words after "Cộng" that name a group: "Cộng xã Kỳ Anh", "Cộng lĩnh vực
/// kinh tế", "Cộng phần I", "Cộng nhóm 2", "Cộng các mô hình".
const GROUP_WORDS: &[&str] = &[
    "xa", "phuong", "thi", "huyen", "quan", "thanh", "tinh", "ap", "thon", "khu", "to", "ban",
    "linh", "phan", "nhom", "muc", "cac", "khoi", "cum", "don", "co",
];

/// "Cộng", "Tổng cộng …": a subtotal or total row's label.
pub(super) fn is_total_label(text: &str) -> bool {
    total_kind(text).is_some()
}

/// "I", "IV", "a)": the markers of group headings (not arabic numbers).
fn is_roman_marker(text: &str) -> bool {
    let t = text
        .trim()
        .trim_matches(|c| c == '(' || c == ')' || c == '.' || c == ':');
    !t.is_empty()
        && (t
            .chars()
            .all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'i' | 'v' | 'x' | 'l'))
            || (t.len() == 1 && t.chars().all(|c| c.is_ascii_lowercase())))
}

/// "2", "02": a number of rows counted.
fn is_count(word: &str) -> bool {
    !word.is_empty() && word.len() <= 4 && word.bytes().all(|b| b.is_ascii_digit())
}

/// "I", "IV", "1", "a", "(1)".
fn is_list_marker(text: &str) -> bool {
    is_roman_marker(text) || {
        let t = text
            .trim()
            .trim_matches(|c| c == '(' || c == ')' || c == '.' || c == ':');
        !t.is_empty() && t.chars().all(|c| c.is_ascii_digit())
    }
}

/// A header that may name a year column dvk does not know ("Năm BĐ",
/// "Năm thành lập", "Thời gian").
fn is_year_like_header(text: &str) -> bool {
    let key = bare_key(text);
    key.split_whitespace().next() == Some("nam") || key.contains("thoi gian")
}

/// "(1) (2) (3)" or "1 2 3" under the header: small increasing numbers,
/// maybe after column letters ("A | B | C | 1 | 2"), a number maybe
/// saying how its column is worked out ("(11)=(12)+(13)").
pub(super) fn is_numbering_row(row: &RawRow) -> bool {
    if row.cells.len() < 3 {
        return false;
    }
    let mut previous_letter = None;
    let mut previous = 0i64;
    for cell in &row.cells {
        let label = match &cell.value {
            CellValue::Number(n) if n.fract() == 0.0 => ColumnLabel::Number(*n as i64),
            CellValue::Text(t) => match column_label(t) {
                Some(label) => label,
                None => return false,
            },
            _ => return false,
        };
        match label {
            // Letters come first, in order.
            ColumnLabel::Letter(l) if previous == 0 && previous_letter.is_none_or(|p| l > p) => {
                previous_letter = Some(l);
            }
            ColumnLabel::Number(n) if n > previous && n <= 100 => previous = n,
            _ => return false,
        }
    }
    true
}

/// What a numbering row writes over a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ColumnLabel {
    /// "A", "B": the columns of names, as forms letter them.
    Letter(u8),
    /// "1", "(1)", "(11)=(12)+(13)".
    Number(i64),
}

/// "A", "(3)", "3", "(11)=(12)+(13)", "7 = 8 - 9": a column's label in a
/// numbering row (a formula's own number before its "=").
fn column_label(text: &str) -> Option<ColumnLabel> {
    let text = text.trim();
    if let [letter] = text.as_bytes() {
        if letter.is_ascii_alphabetic() {
            return Some(ColumnLabel::Letter(letter.to_ascii_uppercase()));
        }
    }
    let (own, formula) = text.split_once('=').unwrap_or((text, ""));
    let formula_ok = formula
        .chars()
        .all(|c| c.is_ascii_digit() || c.is_whitespace() || "()+-*/xX×:.".contains(c));
    if !formula_ok || (text.contains('=') && !formula.contains(|c: char| c.is_ascii_digit())) {
        return None;
    }
    own.trim()
        .trim_start_matches('(')
        .trim_end_matches(')')
        .parse::<i64>()
        .ok()
        .map(ColumnLabel::Number)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn total_labels() {
        for text in [
            "Cộng",
            "Cộng I",
            "CỘNG II",
            "Tổng cộng",
            "TỔNG CỘNG",
            "Tổng số",
            "Tổng",
            "Cộng:",
            "Cộng xã Kỳ Anh",
            "Cộng toàn xã",
            "Cộng lĩnh vực kinh tế",
            "Tổng cộng toàn huyện",
            "Tổng cộng (I+II+III)",
            "Tổng hợp chung",
            "TONG CONG",
            "Tổng toàn xã",
            "Tổng chung",
            "Toàn xã",
            "TOÀN HUYỆN:",
            "Toàn xã: 02 mô hình",
            "Toàn thị trấn",
            "Toàn đơn vị",
            "Cộng (1+2)",
            "Cộng (I+II+III)",
            "Lũy kế",
            "Luỹ kế từ đầu năm",
            "Lũy kế đến nay",
            "LUY KE",
            "Cộng 2 mô hình",
            "Tổng 3 công trình",
        ] {
            assert!(is_total_label(text), "{text:?}");
        }
        for text in [
            "Cộng đồng chung tay",
            "Cộng tác viên dân số",
            "Công an xã Long Sơn",
            "Công trình măng non",
            "Tổng đội thanh niên xung kích",
            "Hũ gạo tình thương",
            "Toàn dân bảo vệ an ninh Tổ quốc",
            "Toàn xã chung tay xây dựng nông thôn mới",
            "Toàn xã ra quân",
            "Lũy tre xanh",
            "Cộng (đồng)",
            "Lũy kế đường bê tông",
            "Toàn huyện: một lòng",
            "Cộng Hòa",
            "Toàn Thắng",
        ] {
            assert!(!is_total_label(text), "{text:?}");
        }
    }

    #[test]
    fn whole_total_labels_for_place_columns() {
        for text in [
            "Tổng cộng",
            "TỔNG CỘNG",
            "Cộng",
            "Tổng",
            "Toàn huyện",
            "Toàn xã:",
            "Cộng I",
            "Tổng cộng toàn huyện",
            "Toàn thị trấn",
        ] {
            assert!(
                is_total_label(text) && is_whole_total_label(text),
                "{text:?}"
            );
        }
        // Totals in a name column, but in a place column a name could
        // follow: kept as a place.
        for text in ["Cộng xã Kỳ Anh", "Cộng 2 mô hình"] {
            assert!(!is_whole_total_label(text), "{text:?}");
        }
    }

    use crate::config::Config;
    use crate::ingest::RawSheet;

    /// An all-text sheet, as a CSV gives.
    fn text_sheet(rows: &[&[&str]]) -> RawSheet {
        RawSheet::from_texts("mo-hinh", true, rows)
    }

    fn outcome(rows: &[&[&str]]) -> SheetOutcome {
        let taxonomy = Config::default_config().unwrap().taxonomy;
        let place = SheetPlace {
            file_index: 0,
            file: "x.csv",
            sheet_index: 0,
        };
        normalise_sheet(place, &text_sheet(rows), &taxonomy, Period::default())
    }

    /// A models header with the field column, for the all-text sheets below.
    const MODELS_WITH_FIELD: &[&str] = &[
        "STT",
        "Tên mô hình",
        "Lĩnh vực",
        "Năm bắt đầu",
        "Kinh phí (triệu đồng)",
    ];

    /// The field of each model accepted, by its index in the taxonomy.
    fn fields(o: &SheetOutcome) -> Vec<usize> {
        o.accepted
            .iter()
            .map(|a| match &a.record {
                Record::Model(m) => m.field.field,
                _ => usize::MAX,
            })
            .collect()
    }

    #[test]
    fn row_fates_in_an_all_text_sheet() {
        let header = MODELS_WITH_FIELD;
        let o = outcome(&[
            header,
            &["(1)", "(2)", "(3)", "(4)", "(5)"],
            &["I", "Lĩnh vực kinh tế", "", "", ""],
            &["1", "Tổ hợp tác nuôi bò", "", "2019", "12,5"],
            &["2", "Mô hình thiếu năm", "", "", ""],
            &["", "Cộng I", "", "", "12,5"],
            &["II", "VĂN HÓA - XÃ HỘI", "", "", ""],
            &["3", "Hũ gạo tình thương", "", "2020", ""],
            &["4", "", "", "", ""],
            &["", "Người lập biểu", "", "", "TM. ỦY BAN NHÂN DÂN"],
            &["", "Nguyễn Văn A", "", "Trần Thị B", ""],
        ]);
        assert_eq!(o.counts.accepted, 2, "{:?}", o.diagnostics);
        assert_eq!(
            o.counts.rejected, 1,
            "the model without a year: {:?}",
            o.diagnostics
        );
        // numbering row, two headings, the subtotal, two signature rows; the STT-only row is no row.
        assert_eq!(o.counts.skipped, 6);
        assert_eq!(o.counts.read, 9);
        assert_eq!(fields(&o), [0, 1], "section headings set the field");
        let error = o
            .diagnostics
            .iter()
            .find(|d| d.severity == Severity::Error)
            .unwrap();
        assert_eq!(error.location.row, Some(5));
    }

    #[test]
    fn repeated_headers_and_numbered_parents_in_an_all_text_sheet() {
        let header: &[&str] = &[
            "STT",
            "Tên mô hình",
            "Xã",
            "Năm bắt đầu",
            "Kinh phí (triệu đồng)",
        ];
        let o = outcome(&[
            header,
            &["1.", "Lĩnh vực kinh tế", "", "", "30"],
            &["1.1", "Tổ hợp tác", "Long Sơn", "2019", "10"],
            header,
            &["(1)", "(2)", "(3)", "(4)", "(5)"],
            &["1.2", "Nuôi bò", "Long Sơn", "2020", "20"],
            &["2", "Hũ gạo", "Long Sơn", "", "5"],
            &["3", "stt", "", "", ""],
        ]);
        // The parent, the repeated header and its numbering row are layout;
        // "2" parents nothing: a record missing its year, and so is "3":
        // "stt" in the name column alone repeats no header.
        assert_eq!(o.counts.accepted, 2, "{:?}", o.diagnostics);
        assert_eq!(o.counts.skipped, 3, "{:?}", o.diagnostics);
        assert_eq!(o.counts.rejected, 2, "{:?}", o.diagnostics);
        assert!(
            !o.diagnostics
                .iter()
                .any(|d| d.message.contains("dòng nhóm")),
            "30 = 10 + 20: {:?}",
            o.diagnostics
        );
    }

    #[test]
    fn roman_headings_with_their_sums_in_an_all_text_sheet() {
        let header = MODELS_WITH_FIELD;
        let o = outcome(&[
            header,
            &["I", "Lĩnh vực kinh tế", "", "", "20"],
            &["1", "Tổ hợp tác", "", "2019", "12,5"],
            &["2", "Nuôi bò", "", "2020", "7,5"],
            &["II", "Văn hóa - xã hội", "Văn hóa - xã hội", "", "1.000"],
            &["3", "Hũ gạo", "", "2021", "1.000"],
        ]);
        assert_eq!(o.counts.accepted, 3, "{:?}", o.diagnostics);
        assert_eq!(o.counts.skipped, 2, "{:?}", o.diagnostics);
        assert_eq!(o.counts.rejected, 0, "{:?}", o.diagnostics);
        // 20 = 12,5 + 7,5 and 1.000 = 1.000: nothing to say (besides the
        // sheet's missing Xã column).
        let said: Vec<_> = o
            .diagnostics
            .iter()
            .filter(|d| d.location.column.is_some())
            .collect();
        assert!(said.is_empty(), "{said:?}");
        assert_eq!(fields(&o), [0, 0, 1], "the headings set the field");
    }

    #[test]
    fn stated_totals_are_checked_against_their_rows() {
        let header: &[&str] = &["STT", "Tên mô hình", "Năm bắt đầu", "Kinh phí (triệu đồng)"];
        let o = outcome(&[
            header,
            &["I", "Lĩnh vực kinh tế", "", ""],
            &["1", "Tổ hợp tác", "2019", "12,5"],
            &["2", "Nuôi bò", "2020", "7,5"],
            &["", "Cộng I", "", "20"],
            &["II", "Văn hóa - xã hội", "", ""],
            &["3", "Hũ gạo", "2021", "1.000"],
            &["", "Cộng II", "", "1.000"],
            &["", "Tổng cộng", "", "1.030"],
        ]);
        // (Besides the warning that the sheet has no Xã column.)
        let warnings: Vec<_> = o
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning && d.location.column.is_some())
            .collect();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(warnings[0].location.row, Some(9));
        assert!(
            warnings[0].message.contains("ghi 1.030 triệu đồng"),
            "{}",
            warnings[0].message
        );
        assert!(
            warnings[0].message.contains("được 1.020 triệu đồng"),
            "{}",
            warnings[0].message
        );
        assert_eq!(o.counts.accepted, 3);
    }

    #[test]
    fn a_stated_total_counts_the_rows_rejected_for_another_cell() {
        // The clerk's "Tổng cộng" adds every row above, the one with the
        // mistyped year too: no warning of a gap dvk made itself.
        let header: &[&str] = &["STT", "Tên mô hình", "Năm bắt đầu", "Kinh phí (triệu đồng)"];
        let o = outcome(&[
            header,
            &["1", "Tổ hợp tác", "2019", "12,5"],
            &["2", "Nuôi bò", "2O20", "7,5"],
            &["", "Tổng cộng", "", "20"],
        ]);
        assert_eq!(o.counts.rejected, 1);
        let gaps: Vec<_> = o
            .diagnostics
            .iter()
            .filter(|d| d.message.contains("tổng cộng"))
            .collect();
        assert!(gaps.is_empty(), "{gaps:?}");
    }
    #[test]
    fn signature_texts() {
        for text in [
            "NGƯỜI LẬP BIỂU",
            "Người lập biểu",
            "TM. ỦY BAN NHÂN DÂN XÃ",
            "T/M ĐẢNG ỦY",
            "KT. CHỦ TỊCH",
            "Nơi nhận:",
            "Long Sơn, ngày 15 tháng 6 năm 2022",
            "Ghi chú: số liệu tạm tính",
            "- Lưu: VT.",
            "Lưu",
            "Ngày 15/12/2021",
            "Long Sơn, ngày 15-12-2021",
        ] {
            assert!(is_signature_text(text), "{text:?}");
        }
        for text in [
            "Hũ gạo tình thương",
            "Tổ tự quản đường hoa",
            "Camera an ninh",
            "Thanh An",
            "Ngày công",
            "KT",
            "Lưu giữ bản sắc văn hóa dân tộc",
            "Ngày hội đại đoàn kết 18/11/2021",
            "Ngày công 15/12/2021",
        ] {
            assert!(!is_signature_text(text), "{text:?}");
        }
    }

    #[test]
    fn numbering_rows() {
        let row = |texts: &[&str]| RawSheet::from_texts("x", true, &[texts]).rows.remove(0);
        for texts in [
            &["(1)", "(2)", "(3)", "(4)"][..],
            &["1", "2", "3"],
            &["A", "B", "C", "1", "2", "3"],
            &["A", "B", "1", "2"],
            &["(10)", "(11)=(12)+(13)", "(12)", "(13)"],
            &["6", "7 = 8 - 9", "8", "9"],
            &["(1)", "(2)", "(3)=(1)x(2)"],
        ] {
            assert!(is_numbering_row(&row(texts)), "{texts:?}");
        }
        for texts in [
            &["1", "Tổ hợp tác", "2019"][..],
            &["3", "2", "1"],
            &["1", "A", "2"],
            &["B", "A", "1"],
            &["1", "2", "3=tổng"],
            &["1", "2="],
            &["I", "Lĩnh vực kinh tế", "3"],
        ] {
            assert!(!is_numbering_row(&row(texts)), "{texts:?}");
        }
    }

    #[test]
    fn whole_dates() {
        for (cell, whole) in [
            (CellValue::Text("15/12/2021".into()), true),
            (CellValue::Text("2021-12-15".into()), true),
            (CellValue::Text("15.12.2021".into()), true),
            (CellValue::Date(44545.0), true),
            (CellValue::Text("2021".into()), false),
            (CellValue::Text("12/2021".into()), false),
            (CellValue::Number(2021.0), false),
            // 2022 typed into a date cell: a year.
            (CellValue::Date(2022.0), false),
        ] {
            assert_eq!(is_whole_date(&cell), whole, "{cell:?}");
        }
    }

    #[test]
    fn budget_split_rules() {
        let m = |d| Some(Money::from_dong(d));
        let cases = [
            ((None, m(30), m(70)), (100, 30, 70), false),
            ((m(100), m(30), None), (100, 30, 70), false),
            ((m(100), None, m(70)), (100, 30, 70), false),
            ((m(100), None, None), (100, 0, 0), true),
            ((m(100), m(30), m(50)), (100, 30, 50), true),
            ((m(100), m(30), m(70)), (100, 30, 70), false),
            ((None, None, None), (0, 0, 0), false),
        ];
        for ((t, s, mo), (et, es, em), warns) in cases {
            let (split, note) = split_budget(t, s, mo, MoneyUnit::MillionDong);
            assert_eq!(
                (
                    split.total.dong(),
                    split.state_budget.dong(),
                    split.mobilized.dong()
                ),
                (et, es, em),
                "{t:?} {s:?} {mo:?}"
            );
            assert_eq!(note.is_some(), warns, "{t:?} {s:?} {mo:?}");
        }
        // The sums are quoted in the sheet's own unit.
        let million = |n: i64| Some(Money::from_dong(n * 1_000_000));
        let (_, note) = split_budget(
            million(100),
            million(30),
            million(60),
            MoneyUnit::MillionDong,
        );
        let note = note.expect("a gap");
        assert!(
            note.contains("(100 triệu đồng)") && note.contains("(90 triệu đồng)"),
            "{note}"
        );
    }

    fn works(o: &SheetOutcome) -> Vec<&Work> {
        o.accepted
            .iter()
            .filter_map(|a| match &a.record {
                Record::Work(w) => Some(w),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_dash_or_khong_in_a_money_cell_reads_as_blank() {
        let header = MODELS_WITH_FIELD;
        let o = outcome(&[
            header,
            &["1", "Tổ hợp tác nuôi bò", "Kinh tế", "2019", "-"],
            &["2", "Hũ gạo tình thương", "Kinh tế", "2020", " -- "],
            &["3", "Camera an ninh", "Kinh tế", "2020", "—"],
            &["4", "Tổ tự quản", "Kinh tế", "2020", "–"],
            &["5", "Đường hoa", "Kinh tế", "2020", "không"],
            &["6", "Nuôi cá", "Kinh tế", "2020", ""],
            &["7", "Trồng nấm", "Kinh tế", "2020", "12,5"],
        ]);
        assert_eq!(o.counts.accepted, 7, "{:?}", o.diagnostics);
        assert_eq!(o.counts.rejected, 0);
        assert!(
            o.diagnostics.iter().all(|d| d.severity != Severity::Error),
            "{:?}",
            o.diagnostics
        );
        let funding: Vec<Option<i64>> = o
            .accepted
            .iter()
            .map(|a| match &a.record {
                Record::Model(m) => m.funding.map(Money::dong),
                _ => Some(-1),
            })
            .collect();
        assert_eq!(
            funding,
            [None, None, None, None, None, None, Some(12_500_000)]
        );
    }

    #[test]
    fn dashes_in_works_read_as_blank_and_metres_round_once() {
        let header: &[&str] = &[
            "STT",
            "Tên công trình, phần việc",
            "Loại công trình",
            "Số lượng",
            "Đơn vị tính",
            "Xã",
            "Năm",
            "Tổng kinh phí (triệu đồng)",
            "Ngân sách nhà nước (triệu đồng)",
            "Vận động xã hội hóa (triệu đồng)",
        ];
        let o = outcome(&[
            header,
            &[
                "1",
                "Đường xóm 1",
                "Đường GTNT",
                "333,3",
                "m",
                "Long Sơn",
                "2020",
                "-",
                "—",
                "12",
            ],
            &[
                "2",
                "Đường xóm 2",
                "Đường GTNT",
                "333,3",
                "m",
                "Long Sơn",
                "2020",
                "10",
                "4",
                "–",
            ],
            &[
                "3",
                "Cầu Bến Đình",
                "Cầu",
                "-",
                "cây",
                "Long Sơn",
                "2020",
                "5",
                "5",
                "0đ",
            ],
            &[
                "4",
                "Đường xóm 4",
                "Đường GTNT",
                "1,5",
                "m",
                "Long Sơn",
                "2020",
                "",
                "",
                "",
            ],
            &[
                "5",
                "Đường xóm 5",
                "Đường GTNT",
                "2,5",
                "m",
                "Long Sơn",
                "2021",
                "không",
                "",
                "",
            ],
            &[
                "6",
                "Đường xóm 6",
                "Đường GTNT",
                "0,0005",
                "km",
                "Long Sơn",
                "2021",
                "",
                "",
                "",
            ],
            &[
                "7",
                "Đường xóm 7",
                "Đường GTNT",
                "1",
                "km",
                "Long Sơn",
                "-",
                "3",
                "",
                "",
            ],
        ]);
        assert_eq!(o.counts.accepted, 6, "{:?}", o.diagnostics);
        assert_eq!(o.counts.rejected, 1, "the row without a year");
        let errors: Vec<_> = o
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].location.row, Some(8));
        // A dash in the year column is a missing year, as a blank is.
        assert!(
            errors[0].message.starts_with("Thiếu năm"),
            "{}",
            errors[0].message
        );
        let works = works(&o);
        let quantities: Vec<i64> = works.iter().map(|w| w.quantity.milli()).collect();
        // 333,3 m = 0,3333 km -> 0,333; 1,5 m -> 0,002; 2,5 m -> 0,003; 0,0005 km -> 0,001.
        assert_eq!(quantities, [333, 333, 0, 2, 3, 1]);
        let money: Vec<(i64, i64, i64)> = works
            .iter()
            .map(|w| {
                (
                    w.money.total.dong(),
                    w.money.state_budget.dong(),
                    w.money.mobilized.dong(),
                )
            })
            .collect();
        assert_eq!(
            money,
            [
                (12_000_000, 0, 12_000_000),
                (10_000_000, 4_000_000, 6_000_000),
                (5_000_000, 5_000_000, 0),
                (0, 0, 0),
                (0, 0, 0),
                (0, 0, 0),
            ]
        );
        // The bridge with "-" as its quantity is told like a blank quantity.
        assert!(o.diagnostics.iter().any(|d| d.severity == Severity::Info
            && d.location.row == Some(4)
            && d.message.starts_with("Không ghi số lượng")));
    }

    #[test]
    fn dashes_in_resource_counts_read_as_blank() {
        let header: &[&str] = &[
            "STT",
            "Xã",
            "Năm",
            "Lượt cơ quan, đơn vị tham gia",
            "Tổng kinh phí (triệu đồng)",
            "Ngày công",
            "Đất hiến (m²)",
        ];
        let o = outcome(&[
            header,
            &["1", "Long Sơn", "2020", "-", "—", "--", "–"],
            &["2", "Long Môn", "2020", "3", "1,5", "12", "100,5"],
        ]);
        assert_eq!(o.counts.accepted, 2, "{:?}", o.diagnostics);
        let resources: Vec<(i64, i64, i64, i64)> = o
            .accepted
            .iter()
            .filter_map(|a| match &a.record {
                Record::Resource(r) => Some((
                    r.participations,
                    r.money.total.dong(),
                    r.workdays,
                    r.land_m2.milli(),
                )),
                _ => None,
            })
            .collect();
        assert_eq!(resources, [(0, 0, 0, 0), (3, 1_500_000, 12, 100_500)]);
    }
}
