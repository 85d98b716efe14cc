//! `tong-hop.xlsx`: the appendix tables a clerk prints, and the problem list.
//!
//! Each table has a title stating the period, a frozen header row repeated
//! on every printed page, A4 setup, "." thousands, money in triệu đồng with
//! the unit in the heading, and a total row written as a value equal to the
//! sum of the rows above. User text is always written as text, never a formula.

use super::chart::{label_colour, money_by_year_parts, ChartKind, MoneyPart, BLUE, ORANGE};
use super::text_width;
use super::view::{problem_column_label, FundingView, SummaryView};
use super::vn_format::{first_few, fixed_decimal, group_thousands};
use rust_xlsxwriter::{
    Chart, ChartDataLabel, ChartDataLabelPosition, ChartFont, ChartFormat, ChartLegendPosition,
    ChartSolidFill, ChartType, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder,
    Workbook, Worksheet, XlsxError,
};
use std::borrow::Cow;
use std::cmp::Reverse;
use std::collections::BTreeMap;

/// Vietnamese locale tag: LibreOffice then shows "." thousands and "," decimals
/// whatever the machine's locale; Excel follows the machine (vi-VN does the same).
const LOCALE: &str = "[$-42A]";
/// The workbook's one typeface, tables, charts and footer alike.
const FONT: &str = "Times New Roman";
const A4: u8 = 9;
const FIRST_DATA_ROW: u32 = 4;
/// Rows from which a table gives its most common height to the sheet's
/// default (see `write_table`).
const LONG_TABLE_ROWS: usize = 1000;

/// One cell of a table; text is borrowed from the view where it can be,
/// so that a long problem list is not copied once more.
enum Cell<'a> {
    /// A row number (STT), centred.
    Index(usize),
    /// A year, without thousands grouping.
    Year(i32),
    Text(Cow<'a, str>),
    Int(i64),
    /// Money in đồng, shown in triệu đồng.
    Money(i64),
    /// Thousandths of a unit.
    Milli(i64),
    Empty,
}

/// A printed table: title, headers, rows and, when it adds up, a total row.
struct Table<'a> {
    /// The title's phrases: a long title breaks between them, never inside
    /// one ("THEO NĂM BẮT ĐẦU" stays whole).
    title: Vec<String>,
    headers: Vec<(&'static str, f64)>,
    rows: Rows<'a>,
    total: Option<Vec<Cell<'a>>>,
    /// A line under the table that explains a column.
    note_below: Option<String>,
}

use super::view::{OVERSTATED_HEADER, UNSPLIT_HEADER};

/// Which extra money columns a table shows: "Chưa rõ nguồn" and "Nguồn
/// ghi vượt tổng" (see [`super::view::UnknownSourceView`]).
#[derive(Clone, Copy)]
struct ExtraMoney {
    unsplit: bool,
    overstated: bool,
}

/// The note under a table, if it has one.
fn note_of(note: &str) -> Option<String> {
    (!note.is_empty()).then(|| note.to_owned())
}

/// Points of the title's type: 14 pt bold.
const TITLE_POINTS: f64 = 14.0;
/// Points of the tables' type.
const POINTS: f64 = 12.0;
/// Measured widths are estimates: a column is made this much wider than
/// its text measures.
const SPARE: f64 = 1.06;
/// A text is taken to fit a line when it measures this much less than the
/// line holds. Smaller than [`SPARE`]: the measure is Times New Roman's own
/// metrics (LibreOffice's Liberation Serif has the same), so a text that
/// measures a little over a column's [`SPARE`] still fits on one line, and
/// its row must not be made two lines tall (a column too narrow for its
/// longest path by the spare alone, say).
const FIT: f64 = 1.02;

/// Points of text a line of a column (or columns) `width` units wide
/// holds, as [`FIT`] leaves it. Excel's unit is a digit of the workbook's
/// Calibri 11, 7 pixels, and a column has 5 pixels more; a cell keeps about
/// 3 pixels each side free; 96 pixels an inch.
fn room_pt(width: f64) -> f64 {
    ((width * 7.0 + 5.0).floor() - 6.0).max(0.0) * 0.75 / FIT
}

/// The width, in units (halves), whose line holds `points` of text.
fn width_for(points: f64) -> f64 {
    ((points * SPARE / 0.75 + 1.0) / 7.0 * 2.0).ceil() / 2.0
}

/// Lines a wrapped text of the tables' type takes in a column `width` units wide.
fn lines(text: &str, width: f64, bold: bool) -> usize {
    text_width::wrapped_lines(text, room_pt(width), POINTS, bold)
}

/// The title's lines for a table `width` units wide: phrases fill a line
/// while they fit, then the next starts a new one.
fn title_lines(phrases: &[String], width: f64) -> Vec<String> {
    let room = room_pt(width);
    let mut lines: Vec<String> = Vec::new();
    for phrase in phrases {
        match lines.last_mut() {
            Some(line)
                if text_width::width_pt(&format!("{line} {phrase}"), TITLE_POINTS, true)
                    <= room =>
            {
                line.push(' ');
                line.push_str(phrase);
            }
            _ => lines.push(phrase.clone()),
        }
    }
    lines
}

/// A title's phrases from string slices.
fn phrases(parts: &[&str]) -> Vec<String> {
    parts.iter().map(|p| (*p).to_owned()).collect()
}

/// A table's body: its rows held, or, for the lists that grow with the
/// input, each row made as it is written.
enum Rows<'a> {
    Held(Vec<Vec<Cell<'a>>>),
    Made { count: usize, make: MakeRow<'a> },
}

type MakeRow<'a> = Box<dyn Fn(usize) -> Vec<Cell<'a>> + 'a>;

impl<'a> Rows<'a> {
    /// The rows of `items`, one made from each as it is written.
    fn made<T>(items: &'a [T], make: impl Fn(usize, &'a T) -> Vec<Cell<'a>> + 'a) -> Self {
        Rows::Made {
            count: items.len(),
            make: Box::new(move |i| make(i, &items[i])),
        }
    }

    fn len(&self) -> usize {
        match self {
            Rows::Held(rows) => rows.len(),
            Rows::Made { count, .. } => *count,
        }
    }

    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn each(&self, mut visit: impl FnMut(&[Cell<'a>])) {
        let Ok(()) = self.try_each(|cells| {
            visit(cells);
            Ok::<(), std::convert::Infallible>(())
        });
    }

    fn try_each<E>(&self, mut visit: impl FnMut(&[Cell<'a>]) -> Result<(), E>) -> Result<(), E> {
        match self {
            Rows::Held(rows) => rows.iter().try_for_each(|cells| visit(cells)),
            Rows::Made { count, make } => (0..*count).try_for_each(|i| visit(&make(i))),
        }
    }
}

struct Formats {
    title: Format,
    subtitle: Format,
    note: Format,
    note_below: Format,
    header: Format,
    text: Format,
    index: Format,
    year: Format,
    total_text: Format,
}

impl Formats {
    fn new() -> Self {
        let base = Format::new().set_font_name(FONT).set_font_size(12);
        let bordered = bordered();
        Formats {
            title: base
                .clone()
                .set_bold()
                .set_font_size(14)
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            subtitle: base.clone().set_italic().set_align(FormatAlign::Center),
            note: base
                .clone()
                .set_italic()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_font_color(rust_xlsxwriter::Color::RGB(0xC0_00_00)),
            note_below: base
                .clone()
                .set_italic()
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            header: bordered
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_background_color(rust_xlsxwriter::Color::RGB(0xDD_EB_F7)),
            text: bordered.clone().set_text_wrap(),
            index: bordered.clone().set_align(FormatAlign::Center),
            year: bordered
                .clone()
                .set_align(FormatAlign::Center)
                .set_num_format("0"),
            total_text: bordered.set_bold(),
        }
    }

    /// A number format with a fixed count of decimals, the same for a whole column.
    fn number(decimals: u32, bold: bool) -> Format {
        Self::bordered_number(number_pattern(decimals), bold)
    }

    /// Money in triệu đồng, as [`Formats::number`], with a zero shown "-"
    /// as Vietnamese money tables show it (bao-cao's appendices alike).
    fn money(decimals: u32, bold: bool) -> Format {
        let pattern = number_pattern(decimals);
        Self::bordered_number(
            format!("{pattern};{LOCALE}-{};\"-\"", &pattern[LOCALE.len()..]),
            bold,
        )
    }

    fn bordered_number(pattern: String, bold: bool) -> Format {
        let format = bordered().set_num_format(pattern);
        if bold {
            format.set_bold()
        } else {
            format
        }
    }
}

/// `[$-42A]#,##0.00`: thousands grouped, `decimals` decimals.
fn number_pattern(decimals: u32) -> String {
    if decimals == 0 {
        format!("{LOCALE}#,##0")
    } else {
        format!("{LOCALE}#,##0.{}", "0".repeat(decimals as usize))
    }
}

fn bordered() -> Format {
    Format::new()
        .set_font_name(FONT)
        .set_font_size(12)
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::VerticalCenter)
}

/// Decimals a cell needs: money in triệu đồng (up to 6), quantities (up to 3).
fn decimals_needed(cell: &Cell<'_>) -> u32 {
    let (mut units, mut decimals) = match cell {
        Cell::Money(dong) => (*dong, 6u32),
        Cell::Milli(milli) => (*milli, 3),
        _ => return 0,
    };
    while decimals > 0 && units % 10 == 0 {
        units /= 10;
        decimals -= 1;
    }
    decimals
}

/// Builds the workbook's bytes.
pub fn render_xlsx(view: &SummaryView) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    // Level 2 deflates a long list of problems in half the default's (6)
    // time, for a file about an eighth larger.
    workbook.set_zip_compression_level(2);
    // A creation time of the input's own (never the clock) keeps the file
    // byte-identical from run to run; the author is the issuing body, as
    // in bao-cao.docx.
    let (year, month, day) = view.document.created_ymd;
    let properties = DocProperties::new()
        .set_title("Tổng hợp phong trào thi đua “Dân vận khéo”")
        .set_author(&view.document.author)
        .set_creation_datetime(&ExcelDateTime::from_ymd(year, month, day)?);
    workbook.set_properties(&properties);
    let formats = Formats::new();
    let period = period_text(view);
    let note = view.incomplete.then(|| incomplete_note(view));
    let tables = [
        ("Lĩnh vực", fields_table(view)),
        ("Lĩnh vực con", subfields_table(view)),
        ("Địa bàn", localities_table(view)),
        ("Theo năm", years_table(view)),
        ("Công trình", works_table(view)),
        ("Nguồn lực", funding_table(view)),
        ("Kinh phí theo năm", funding_years_table(view)),
        ("Khen thưởng", commendations_table(view)),
        ("Tệp đã đọc", files_table(view)),
        ("Tóm tắt vấn đề", problem_kinds_table(view)),
        ("Vấn đề", problems_table(view)),
    ];
    for (name, table) in tables {
        // No commendation was reported: no page that prints only a zero
        // total; no problem, no summary of them.
        if matches!(name, "Khen thưởng" | "Tóm tắt vấn đề") && table.rows.is_empty() {
            continue;
        }
        // The two lists that grow with the input are written row by row
        // through a temporary file instead of being held until the save:
        // a nation's problem list would otherwise take tens of MB.
        let sheet = if matches!(name, "Tệp đã đọc" | "Vấn đề") {
            workbook.add_worksheet_with_constant_memory()?
        } else {
            workbook.add_worksheet()
        };
        sheet.set_name(name)?;
        let note = if name == "Vấn đề" {
            None
        } else {
            note.as_deref()
        };
        let (widths, mut printed) = write_table(sheet, &table, &period, note, &formats)?;
        if name == "Vấn đề" && !table.rows.is_empty() {
            sheet.autofilter(
                FIRST_DATA_ROW - 1,
                0,
                FIRST_DATA_ROW - 1 + table.rows.len() as u32,
                6,
            )?;
        }
        let charted = if name == "Địa bàn" {
            charted_localities(sheet, &table, view, &formats)?
        } else {
            None
        };
        if let Some((mut chart, height)) = chart_of(name, &table, view, charted) {
            // Below the table and as wide, so that a printed page stays one
            // page wide and the table centred on it.
            let below = FIRST_DATA_ROW + table.rows.len() as u32 + 3;
            chart.set_width(pixels(&widths) as u32);
            // A chart that might run over a page's foot starts the next
            // page instead: printed, the table's repeated heading would
            // otherwise cover the chart's top.
            printed.blank_rows_to(below);
            if !printed.holds(f64::from(height) * 0.75) {
                // One empty row between the repeated heading and the chart.
                sheet.set_page_breaks(&[below - 1])?;
            }
            sheet.insert_chart(below, 0, &chart)?;
        }
    }
    workbook
        .save_to_buffer()
        .map(super::zip_host::as_made_on_dos)
}

/// Most files a note names one by one before "và N tệp khác".
const FILES_NAMED: usize = 3;

/// The red line above every table when there is an error: how many errors,
/// and what they left out (rows, files), never "0 dòng", or counted twice.
/// A file left out alone is named with its reason (a summary refused for
/// its period, say); several are named, their reasons left to the "Vấn đề"
/// sheet.
fn incomplete_note(view: &SummaryView) -> String {
    let mut parts = vec![format!("có {} lỗi", group_thousands(view.errors as i64))];
    if view.rows.rejected > 0 {
        parts.push(format!(
            "{} dòng không được tính",
            group_thousands(view.rows.rejected as i64)
        ));
    }
    // Why the files were left out, a sentence of its own.
    let mut why = None;
    let failed: Vec<&str> = view
        .files
        .iter()
        .filter(|f| f.status == "failed")
        .map(|f| f.file.as_ref())
        .collect();
    match failed.as_slice() {
        [] => {}
        [one] => {
            // The file's own error (the one without a sheet or row) says why.
            let reason = view.problems.diagnostics().iter().find(|p| {
                p.severity == crate::diagnostic::Severity::Error
                    && *p.location.file == **one
                    && p.location.sheet.is_none()
                    && p.location.row.is_none()
            });
            parts.push(format!("tệp {one} không được tính"));
            why = reason.map(|p| p.message.to_string());
        }
        many => {
            let named = first_few(many, FILES_NAMED, ", ", "tệp");
            parts.push(format!("{} tệp không được tính ({named})", many.len()));
            why = Some("Lý do từng tệp ở trang “Vấn đề”.".to_owned());
        }
    }
    if view.counted_twice > 0 {
        parts.push(format!(
            "{} tệp có số liệu của xã, phường mà tệp tổng hợp khác cũng có, nên số liệu nơi đó bị tính hai lần",
            group_thousands(view.counted_twice as i64)
        ));
    }
    let what = match (view.left_out, view.counted_twice > 0) {
        (true, true) => "Số liệu chưa đầy đủ và có phần bị tính hai lần",
        (false, true) => "Số liệu bị tính hai lần",
        _ => "Số liệu chưa đầy đủ",
    };
    let mut note = format!("{what}: {}.", parts.join("; "));
    if let Some(why) = why {
        note.push(' ');
        note.push_str(&why);
        if !why.ends_with('.') {
            note.push('.');
        }
    }
    note.push_str(" Xem trang “Vấn đề”.");
    note
}

fn period_text(view: &SummaryView) -> String {
    match (view.period_from, view.period_to) {
        (Some(a), Some(b)) if a == b => format!("Năm {a}"),
        (Some(a), Some(b)) => format!("Giai đoạn {a} – {b}"),
        _ => "Chưa có số liệu".to_owned(),
    }
}

/// Writes a table on its own sheet, with its page setup; returns its
/// columns' widths and where its rows fall on the printed pages.
fn write_table(
    sheet: &mut Worksheet,
    table: &Table,
    period: &str,
    note: Option<&str>,
    f: &Formats,
) -> Result<(Vec<f64>, PrintedRows), XlsxError> {
    let last_col = (table.headers.len() - 1) as u16;
    // One money format per column with as many decimals as its values need
    // (quantities keep their own: a column holds several units).
    let mut decimals = vec![0u32; table.headers.len()];
    let widths = column_widths(table, &mut decimals);
    let width: f64 = widths.iter().sum();
    let mut printed = PrintedRows::new(pixels(&widths));
    // A title longer than the table is wide breaks between its phrases,
    // in a row as tall as its lines.
    let title = title_lines(&table.title, width);
    sheet.merge_range(0, 0, 0, last_col, &title.join("\n"), &f.title)?;
    sheet.set_row_height(0, 20.0 * title.len() as f64)?;
    printed.add(20.0 * title.len() as f64);
    sheet.merge_range(1, 0, 1, last_col, &format!("({period})"), &f.subtitle)?;
    // Within the table's width, so that the printed page holds it all.
    let note_lines = note.map_or(1, |note| {
        text_width::wrapped_lines(note, room_pt(width), POINTS, false)
    });
    if let Some(note) = note {
        sheet.merge_range(2, 0, 2, last_col, note, &f.note)?;
    }
    // A long list repeats its texts (one message for many rows, one file
    // name for its problems): each column measures a text once.
    let mut measured: Vec<foldhash::HashMap<String, usize>> =
        vec![foldhash::HashMap::default(); widths.len()];
    let mut row_lines = |cells: &[Cell], bold: bool| {
        cells
            .iter()
            .zip(&widths)
            .zip(&mut measured)
            .filter_map(|((cell, width), measured)| match cell {
                Cell::Text(s) if bold => Some(lines(s, *width, bold)),
                Cell::Text(s) => Some(match measured.get(&**s) {
                    Some(&known) => known,
                    None => *measured
                        .entry(s.to_string())
                        .or_insert_with(|| lines(s, *width, bold)),
                }),
                _ => None,
            })
            .max()
            .unwrap_or(1)
    };
    // A long list gives its most common height to the sheet's default, so
    // only the other rows carry a height of their own: the writer keeps
    // hundreds of bytes per such row until the save (12 MB for a nation's
    // problems). The empty rows below the list then take that height too,
    // which is why a short table keeps the usual default.
    let usual_lines = if table.rows.len() >= LONG_TABLE_ROWS {
        let mut lines_seen: BTreeMap<usize, usize> = BTreeMap::new();
        table.rows.each(|cells| {
            *lines_seen.entry(row_lines(cells, false)).or_default() += 1;
        });
        lines_seen
            .iter()
            .max_by_key(|&(lines, rows)| (rows, Reverse(lines)))
            .map_or(1, |(&lines, _)| lines)
    } else {
        1
    };
    if usual_lines > 1 {
        sheet.set_default_row_height(row_height(usual_lines));
        for above_header in 1..FIRST_DATA_ROW - 1 {
            sheet.set_row_height(above_header, row_height(1))?;
        }
    }
    if note_lines > 1 {
        sheet.set_row_height(2, row_height(note_lines))?;
    }
    printed.default_height = row_height(usual_lines);
    printed.add(row_height(1));
    printed.add(row_height(note_lines));
    let header_row = FIRST_DATA_ROW - 1;
    let mut header_lines = 1;
    for (col, ((name, _), width)) in table.headers.iter().zip(&widths).enumerate() {
        let text = header_text(name, *width);
        header_lines = header_lines.max(lines(&text, *width, true));
        sheet.write_string_with_format(header_row, col as u16, &text, &f.header)?;
        sheet.set_column_width(col as u16, *width)?;
    }
    sheet.set_row_height(header_row, 16.5 * header_lines.max(2) as f64)?;
    printed.add(16.5 * header_lines.max(2) as f64);
    let mut row = FIRST_DATA_ROW;
    let mut write_row = |cells: &[Cell], total: bool| {
        write_cells(sheet, row, cells, total, &decimals, f)?;
        let lines = row_lines(cells, total);
        if lines != usual_lines {
            sheet.set_row_height(row, row_height(lines))?;
        }
        printed.add(row_height(lines));
        row += 1;
        Ok::<(), XlsxError>(())
    };
    table.rows.try_each(|cells| write_row(cells, false))?;
    if let Some(total) = &table.total {
        write_row(total, true)?;
    }
    if let Some(note) = &table.note_below {
        sheet.merge_range(row, 0, row, last_col, note, &f.note_below)?;
        let lines = text_width::wrapped_lines(note, room_pt(width), POINTS, false);
        sheet.set_row_height(row, row_height(lines))?;
        printed.add(row_height(lines));
        row += 1;
    }
    printed.next_row = row;
    sheet.set_freeze_panes(FIRST_DATA_ROW, 0)?;
    sheet.set_repeat_rows(header_row, header_row)?;
    sheet.set_paper_size(A4);
    // Landscape when the table is wider than a portrait page's text.
    if pixels(&widths) > PORTRAIT_PIXELS {
        sheet.set_landscape();
    }
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_print_center_horizontally(true);
    // Inches: 2 cm left for binding, 1.5 cm elsewhere.
    sheet.set_margins(0.79, 0.59, 0.59, 0.59, 0.3, 0.3);
    // Times New Roman, as the tables (Excel's own is Calibri).
    sheet.set_footer(format!("&C&\"{FONT},Regular\"Trang &P/&N"));
    Ok((widths, printed))
}

/// How far down a sheet's first printed page its rows reach (A4, the
/// margins `write_table` sets, scaled to the page's width), so that a chart
/// below a table can keep off a page's foot.
struct PrintedRows {
    /// Points of the sheet one page holds at the print scale.
    page: f64,
    /// Points used on the first page.
    used: f64,
    /// Whether the rows so far all fit on the first page.
    one_page: bool,
    /// The height of a row given none of its own.
    default_height: f64,
    /// The first row not yet counted.
    next_row: u32,
}

impl PrintedRows {
    /// For a table `table_pixels` wide.
    fn new(table_pixels: f64) -> Self {
        // Pixels across and points down between the margins.
        let (across, down) = if table_pixels > PORTRAIT_PIXELS {
            (LANDSCAPE_PIXELS, A4_SHORT_SIDE_PT - 2.0 * 0.59 * 72.0)
        } else {
            (PORTRAIT_PIXELS, A4_LONG_SIDE_PT - 2.0 * 0.59 * 72.0)
        };
        // Fitting the page's width shrinks the whole sheet, in whole percents.
        let scale = (across / table_pixels.max(1.0) * 100.0).floor().min(100.0) / 100.0;
        Self {
            page: down / scale,
            used: 0.0,
            one_page: true,
            default_height: row_height(1),
            next_row: 0,
        }
    }

    /// Counts a row `height` points tall.
    fn add(&mut self, height: f64) {
        self.used += height;
        self.one_page &= self.used <= self.page;
        self.next_row += 1;
    }

    /// Counts the empty rows up to `row`.
    fn blank_rows_to(&mut self, row: u32) {
        while self.next_row < row {
            self.add(self.default_height);
        }
    }

    /// Whether `height` points more surely fit on the first page. Where the
    /// table's last page ends is not known as surely (each page's rows are
    /// an estimate, and the errors add up), so a table of several pages
    /// never holds more on its last.
    fn holds(&self, height: f64) -> bool {
        self.one_page && self.used + height <= self.page - 2.0 * row_height(1)
    }
}

/// Pixels across a landscape A4 page between its margins (11.69 inches less
/// 0.79 and 0.59, at 96 pixels an inch).
const LANDSCAPE_PIXELS: f64 = 989.0;
/// An A4 page's sides, in points.
const A4_LONG_SIDE_PT: f64 = 11.69 * 72.0;
const A4_SHORT_SIDE_PT: f64 = 8.27 * 72.0;

/// Pixels across a portrait A4 page between its margins (8.27 inches less
/// 0.79 and 0.59, at 96 pixels an inch).
const PORTRAIT_PIXELS: f64 = 661.0;

/// The pixels of columns `widths` units wide, side by side.
fn pixels(widths: &[f64]) -> f64 {
    widths.iter().map(|w| (w * 7.0 + 5.0).floor()).sum()
}

/// Each column's width: the table's own, widened so that its heading
/// takes at most two lines of words (and one for its unit) and its longest
/// figure fits on one line (Excel shows "#####" for a figure wider than its
/// cell). Also sets each money column's `decimals`.
fn column_widths(table: &Table, decimals: &mut [u32]) -> Vec<f64> {
    let mut widths: Vec<f64> = table
        .headers
        .iter()
        .map(|(name, width)| width.max(header_width(name)))
        .collect();
    // The largest money (đồng, and whether any is negative) of each column:
    // its text depends on the column's decimals, known only at the end.
    let mut money = vec![(0u64, false); widths.len()];
    let mut visit = |cells: &[Cell], bold: bool| {
        for (col, cell) in cells.iter().enumerate() {
            let text = match cell {
                Cell::Money(dong) => {
                    decimals[col] = decimals[col].max(decimals_needed(cell));
                    let (most, negative) = &mut money[col];
                    *most = (*most).max(dong.unsigned_abs());
                    *negative |= *dong < 0;
                    continue;
                }
                Cell::Index(i) => i.to_string(),
                Cell::Year(y) => y.to_string(),
                Cell::Int(n) => group_thousands(*n),
                Cell::Milli(milli) => fixed_decimal(*milli, 3, decimals_needed(cell)),
                Cell::Text(_) | Cell::Empty => continue,
            };
            let needed = width_for(text_width::width_pt(&text, POINTS, bold));
            widths[col] = widths[col].max(needed);
        }
    };
    table.rows.each(|cells| visit(cells, false));
    if let Some(total) = &table.total {
        visit(total, true);
    }
    for (col, &(most, negative)) in money.iter().enumerate() {
        let dong = i64::try_from(most).unwrap_or(i64::MAX);
        let text = fixed_decimal(if negative { -dong } else { dong }, 6, decimals[col]);
        // Totals are bold.
        let needed = width_for(text_width::width_pt(&text, POINTS, true));
        widths[col] = widths[col].max(needed);
    }
    widths
}

/// The least width of a column for its heading: its words on at most two
/// lines (one for a heading of one or two words: "Mức độ", "Số lượng"), its
/// unit on one.
fn header_width(name: &str) -> f64 {
    let (words, unit) = text_width::heading_unit(name);
    let words = if words.split_whitespace().count() <= 2 {
        text_width::width_pt(words, POINTS, true)
    } else {
        text_width::balanced_lines(words, 2, POINTS, true).0
    };
    let unit = unit.map_or(0.0, |u| text_width::width_pt(u, POINTS, true));
    width_for(words.max(unit))
}

/// A heading's text for a column `width` units wide: on one line when it
/// fits; else its unit on a line of its own ("Tổng kinh phí" over
/// "(triệu đồng)", never "Tổng kinh phí (triệu" over "đồng)"), its words
/// on one line or two evenly long ones ("Ngân sách" over "nhà nước", never
/// "Ngân sách nhà" over "nước").
fn header_text(name: &str, width: f64) -> String {
    if lines(name, width, true) == 1 {
        return name.to_owned();
    }
    let (words, unit) = text_width::heading_unit(name);
    let mut text = if lines(words, width, true) == 1 {
        words.to_owned()
    } else {
        match text_width::balanced_lines(words, 2, POINTS, true) {
            (two, lines) if two <= room_pt(width) => lines.join("\n"),
            _ => words.to_owned(),
        }
    };
    if let Some(unit) = unit {
        text.push('\n');
        text.push_str(unit);
    }
    text
}

fn write_cells(
    sheet: &mut Worksheet,
    row: u32,
    cells: &[Cell],
    total: bool,
    decimals: &[u32],
    f: &Formats,
) -> Result<(), XlsxError> {
    let text = if total { &f.total_text } else { &f.text };
    for (col, cell) in cells.iter().enumerate() {
        let money = || Formats::money(decimals.get(col).copied().unwrap_or(0), total);
        let col_u16 = col as u16;
        match cell {
            Cell::Index(i) => sheet.write_number_with_format(row, col_u16, *i as f64, &f.index)?,
            Cell::Year(y) => {
                sheet.write_number_with_format(row, col_u16, f64::from(*y), &f.year)?
            }
            Cell::Text(s) => sheet.write_string_with_format(row, col_u16, s.as_ref(), text)?,
            Cell::Int(n) => sheet.write_number_with_format(
                row,
                col_u16,
                *n as f64,
                &Formats::number(0, total),
            )?,
            Cell::Money(dong) => sheet.write_number_with_format(
                row,
                col_u16,
                *dong as f64 / 1_000_000.0,
                &money(),
            )?,
            // Quantities keep their own decimals: a column holds several units.
            Cell::Milli(milli) => {
                let own = Formats::number(decimals_needed(cell), total);
                sheet.write_number_with_format(row, col_u16, *milli as f64 / 1000.0, &own)?
            }
            Cell::Empty => sheet.write_blank(row, col_u16, text)?,
        };
    }
    Ok(())
}

/// A row's height in points: one line as Excel's default, more at 15.75
/// points a line.
fn row_height(lines: usize) -> f64 {
    if lines > 1 {
        15.75 * lines as f64
    } else {
        15.0
    }
}

/// The column of Biểu 6 that holds a part of the money-by-year chart: STT,
/// Năm, Tổng, Ngân sách, Vận động, then Chưa rõ nguồn (shown whenever a
/// year has money of no known source, the only time the chart draws it).
fn money_column(part: MoneyPart) -> u16 {
    match part {
        MoneyPart::Total => 2,
        MoneyPart::StateBudget => 3,
        MoneyPart::Mobilized => 4,
        MoneyPart::Unsplit => 5,
    }
}

/// The localities Biểu 2's chart draws when they are too many to draw
/// legibly: the largest, as bao-cao.docx draws them (see
/// [`super::chart::charted_localities`]), written into hidden columns
/// beside the table (name, registered, effective) for the chart to read.
/// Returns the first of those columns and how many rows they hold; None
/// when the chart draws the table itself.
fn charted_localities(
    sheet: &mut Worksheet,
    table: &Table,
    view: &SummaryView,
    f: &Formats,
) -> Result<Option<(u16, u32)>, XlsxError> {
    let (kept, cut) = super::chart::charted_localities(&view.models.by_locality);
    if !cut {
        return Ok(None);
    }
    let first = table.headers.len() as u16;
    let headers = [
        "Địa bàn trên biểu đồ",
        "Số mô hình đăng ký",
        "Số mô hình hiệu quả",
    ];
    for (i, header) in headers.into_iter().enumerate() {
        sheet.write_string_with_format(FIRST_DATA_ROW - 1, first + i as u16, header, &f.header)?;
    }
    for (i, l) in kept.iter().enumerate() {
        let row = FIRST_DATA_ROW + i as u32;
        sheet.write_string(row, first, &l.locality)?;
        sheet.write_number(row, first + 1, l.total as f64)?;
        sheet.write_number(row, first + 2, l.effective as f64)?;
    }
    for column in first..first + headers.len() as u16 {
        sheet.set_column_hidden(column)?;
    }
    Ok(Some((first, kept.len() as u32)))
}

/// A native chart of a table's rows, and its height in pixels: (title, chart type, the value columns
/// and their names). None when every value it would draw is zero: works
/// and resources alone have no model to draw, and an empty frame under a
/// table of zeros says nothing. The money chart stands as bao-cao.docx's
/// (see [`money_by_year_parts`]); `charted` is where the localities' chart
/// reads its rows when it draws only the largest (see
/// [`charted_localities`]).
fn chart_of(
    sheet: &str,
    table: &Table,
    view: &SummaryView,
    charted: Option<(u16, u32)>,
) -> Option<(Chart, u32)> {
    let models_drawn = view.models.total > 0;
    let (money_kind, money_parts) = money_by_year_parts(&view.funding_by_year);
    let money_drawn = view
        .funding_by_year
        .iter()
        .any(|y| money_parts.iter().any(|part| part.dong(&y.funding) != 0));
    let money_series: Vec<(u16, &str, &str)> = money_parts
        .iter()
        .map(|part| (money_column(*part), part.name(), part.colour()))
        .collect();
    let (money_title, money_kind) = match money_kind {
        ChartKind::ColumnStacked => ("Kinh phí theo năm (triệu đồng)", ChartType::ColumnStacked),
        _ => (
            "Kinh phí theo năm: tổng số và từng nguồn (triệu đồng)",
            ChartType::Column,
        ),
    };
    // The two model charts are vertical bars, as in bao-cao.docx (see
    // `chart::report_charts`), so that their legends list the series in
    // the table's order in every program.
    let model_series = vec![(2, "Đăng ký", BLUE), (3, "Hiệu quả", ORANGE)];
    let (title, kind, series) = match sheet {
        "Lĩnh vực" if models_drawn => (
            "Mô hình theo lĩnh vực".to_owned(),
            ChartType::Column,
            model_series,
        ),
        "Địa bàn" if models_drawn => (
            match charted {
                // "… (20 đơn vị cấp xã có nhiều mô hình nhất)", as in bao-cao.docx.
                Some(_) => format!(
                    "Mô hình theo địa bàn ({})",
                    super::chart::most_localities_words(&view.group_level)
                ),
                None => "Mô hình theo địa bàn".to_owned(),
            },
            ChartType::Column,
            model_series,
        ),
        "Kinh phí theo năm" if money_drawn => (money_title.to_owned(), money_kind, money_series),
        _ => return None,
    };
    if table.rows.is_empty() {
        return None;
    }
    // The rows drawn: the table's, or the hidden columns of the largest
    // localities, whose values follow their names as the table's do.
    let (name_column, offset, rows) = match (sheet, charted) {
        ("Địa bàn", Some((column, rows))) => (column, column - 1, rows),
        _ => (1, 0, table.rows.len() as u32),
    };
    let first = FIRST_DATA_ROW;
    let last = FIRST_DATA_ROW + rows - 1;
    let mut chart = Chart::new(kind);
    // Times New Roman, as the tables and bao-cao.docx's charts (Excel
    // would draw Calibri).
    let font = |points: f64, bold: bool| {
        let mut font = ChartFont::new();
        font.set_name(FONT).set_size(points);
        if bold {
            font.set_bold();
        }
        font
    };
    chart.title().set_name(&title).set_font(&font(13.0, true));
    // Each bar's figure, as bao-cao.docx prints it: above a bar, inside a
    // stacked part (white inside a dark one); zeros print nothing.
    let labels = |colour: Option<&str>| {
        let mut font = font(10.0, false);
        if let Some(colour) = colour {
            font.set_color(colour);
        }
        let mut labels = ChartDataLabel::new();
        labels
            .show_value()
            .set_num_format(format!("{LOCALE}#,##0;-#,##0;;"))
            .set_font(&font)
            .set_position(match kind {
                ChartType::ColumnStacked => ChartDataLabelPosition::Center,
                _ => ChartDataLabelPosition::OutsideEnd,
            });
        labels
    };
    let drawn_kind = match kind {
        ChartType::ColumnStacked => ChartKind::ColumnStacked,
        _ => ChartKind::Column,
    };
    // The report's colours (bao-cao.docx draws the same charts).
    for (column, name, colour) in &series {
        let column = column + offset;
        chart
            .add_series()
            .set_categories((sheet, first, name_column, last, name_column))
            .set_values((sheet, first, column, last, column))
            .set_name(*name)
            .set_data_label(&labels(label_colour(drawn_kind, colour)))
            .set_format(
                ChartFormat::new().set_solid_fill(ChartSolidFill::new().set_color(*colour)),
            );
    }
    if series
        .iter()
        .any(|(column, ..)| *column as usize >= table.headers.len())
        || offset > 0
    {
        chart.show_hidden_data();
    }
    // Below the plot, as in bao-cao.docx.
    chart
        .legend()
        .set_position(ChartLegendPosition::Bottom)
        .set_font(&font(11.0, false));
    chart
        .y_axis()
        .set_num_format(format!("{LOCALE}#,##0"))
        .set_font(&font(10.0, false));
    chart.x_axis().set_font(&font(10.0, false));
    // Many vertical bars slant their names, as in bao-cao.docx: 20
    // localities take a taller chart than 5 fields.
    let height = (300 + 8 * rows).clamp(360, 460);
    chart.set_height(height);
    Some((chart, height))
}

/// The money cells of a split: total, state, mobilised, and the part of no
/// known source when the table shows that column.
fn money_cells(f: &FundingView, extra: ExtraMoney) -> Vec<Cell<'static>> {
    let mut cells = vec![
        Cell::Money(f.total),
        Cell::Money(f.state_budget),
        Cell::Money(f.mobilized),
    ];
    if extra.unsplit {
        cells.push(Cell::Money(f.unsplit));
    }
    // Negative, so that the row's columns add up to its total.
    if extra.overstated {
        cells.push(Cell::Money(-f.overstated));
    }
    cells
}

/// The money headers, with "Chưa rõ nguồn" when the table shows it.
fn money_headers(width: f64, extra: ExtraMoney) -> Vec<(&'static str, f64)> {
    let mut headers = vec![
        ("Tổng kinh phí (triệu đồng)", width),
        ("Ngân sách nhà nước (triệu đồng)", width),
        ("Vận động xã hội hóa (triệu đồng)", width),
    ];
    if extra.unsplit {
        headers.push((UNSPLIT_HEADER, width));
    }
    if extra.overstated {
        headers.push((OVERSTATED_HEADER, width));
    }
    headers
}

/// The line under Biểu 6: what its extra columns hold and, when its chart
/// stands the total beside the sources (see [`money_by_year_parts`]), why.
fn by_year_note(view: &SummaryView) -> Option<String> {
    let mut note = view.unknown_source.by_year_note.clone();
    if money_by_year_parts(&view.funding_by_year).0 != ChartKind::ColumnStacked {
        if !note.is_empty() {
            note.push(' ');
        }
        note.push_str(
            "Vì có năm các nguồn ghi vượt tổng, biểu đồ vẽ tổng kinh phí và từng nguồn cạnh nhau \
             (không chồng các nguồn lên nhau, để không cột nào cao hơn tổng của năm).",
        );
    }
    note_of(&note)
}

fn funding_years_table(view: &SummaryView) -> Table<'_> {
    let u = &view.unknown_source;
    let unknown = ExtraMoney {
        unsplit: u.by_year,
        overstated: u.by_year_over,
    };
    let rows = view
        .funding_by_year
        .iter()
        .enumerate()
        .map(|(i, y)| {
            let mut row = vec![stt(i), Cell::Year(y.year)];
            row.extend(money_cells(&y.funding, unknown));
            row
        })
        .collect();
    let mut headers = vec![("STT", 6.0), ("Năm", 12.0)];
    headers.extend(money_headers(18.0, unknown));
    let mut total = vec![Cell::Empty, total_label()];
    total.extend(money_cells(&view.funding, unknown));
    Table {
        title: phrases(&[
            "BIỂU 6.",
            "KINH PHÍ THỰC HIỆN THEO NĂM",
            "(CÔNG TRÌNH VÀ NGUỒN LỰC)",
        ]),
        headers,
        rows: Rows::Held(rows),
        total: Some(total),
        note_below: by_year_note(view),
    }
}

fn commendations_table(view: &SummaryView) -> Table<'_> {
    let rows = view
        .commendations
        .iter()
        .enumerate()
        .map(|(i, c)| {
            vec![
                stt(i),
                Cell::Text((&c.form).into()),
                count(c.collective),
                count(c.individual),
            ]
        })
        .collect();
    Table {
        title: phrases(&["BIỂU 7.", "KHEN THƯỞNG TẬP THỂ, CÁ NHÂN"]),
        headers: vec![
            ("STT", 6.0),
            ("Hình thức khen thưởng", 36.0),
            ("Tập thể", 14.0),
            ("Cá nhân", 14.0),
        ],
        rows: Rows::Held(rows),
        total: Some(vec![
            Cell::Empty,
            total_label(),
            count(view.commendations.iter().map(|c| c.collective).sum()),
            count(view.commendations.iter().map(|c| c.individual).sum()),
        ]),
        note_below: None,
    }
}

fn count(n: u64) -> Cell<'static> {
    Cell::Int(n as i64)
}

fn stt(i: usize) -> Cell<'static> {
    Cell::Index(i + 1)
}

fn total_label() -> Cell<'static> {
    Cell::Text("Tổng cộng".into())
}

/// The line under a table of models when there is none to show (works and
/// resources only), said instead of a chart of zeros.
fn no_models(view: &SummaryView) -> Option<String> {
    (view.models.total == 0).then(|| "Chưa có số liệu mô hình trong kỳ báo cáo.".to_owned())
}

fn fields_table(view: &SummaryView) -> Table<'_> {
    let rows = view
        .models
        .by_field
        .iter()
        .enumerate()
        .map(|(i, f)| {
            vec![
                stt(i),
                Cell::Text((&f.field).into()),
                count(f.total),
                count(f.effective),
            ]
        })
        .collect();
    Table {
        title: phrases(&["BIỂU 1.", "MÔ HÌNH “DÂN VẬN KHÉO”", "THEO LĨNH VỰC"]),
        headers: vec![
            ("STT", 6.0),
            ("Lĩnh vực", 40.0),
            ("Số mô hình đăng ký", 16.0),
            ("Số mô hình hiệu quả", 16.0),
        ],
        rows: Rows::Held(rows),
        total: Some(vec![
            Cell::Empty,
            total_label(),
            count(view.models.total),
            count(view.models.effective),
        ]),
        note_below: no_models(view).or_else(|| models_money(view)),
    }
}

/// The line under Biểu 1 that gives the models' own money, which Biểu 5
/// does not add in (as Phụ lục 1 of bao-cao says it).
fn models_money(view: &SummaryView) -> Option<String> {
    (view.models.funding_total != 0).then(|| {
        format!(
            "Kinh phí thực hiện các mô hình: {} triệu đồng (tính riêng, không cộng vào \
             kinh phí công trình, phần việc và huy động nguồn lực ở Biểu 4, Biểu 5).",
            super::vn_format::million_dong(view.models.funding_total)
        )
    })
}

/// Biểu 1A's columns: as narrow as a portrait page needs, like Biểu 1
/// beside it (its names are short; a longer one wraps).
const SUBFIELD_HEADERS: [(&str, f64); 5] = [
    ("STT", 6.0),
    ("Lĩnh vực con", 24.0),
    ("Thuộc lĩnh vực", 28.0),
    ("Số mô hình đăng ký", 16.0),
    ("Số mô hình hiệu quả", 16.0),
];

fn subfields_table(view: &SummaryView) -> Table<'_> {
    let mut rows = Vec::new();
    for f in &view.models.by_field {
        for s in &f.subfields {
            rows.push(vec![
                stt(rows.len()),
                Cell::Text((&s.subfield).into()),
                Cell::Text((&f.field).into()),
                count(s.total),
                count(s.effective),
            ]);
        }
    }
    Table {
        title: phrases(&[
            "BIỂU 1A.",
            "MÔ HÌNH THEO LĨNH VỰC CON",
            "(ĐÃ TÍNH TRONG LĨNH VỰC CHA Ở BIỂU 1)",
        ]),
        headers: SUBFIELD_HEADERS.to_vec(),
        rows: Rows::Held(rows),
        // A breakdown across different fields: a total would mean nothing.
        total: None,
        note_below: no_models(view),
    }
}

fn localities_table(view: &SummaryView) -> Table<'_> {
    let rows = view
        .models
        .by_locality
        .iter()
        .enumerate()
        .map(|(i, l)| {
            vec![
                stt(i),
                Cell::Text((&l.locality).into()),
                count(l.total),
                count(l.effective),
            ]
        })
        .collect();
    Table {
        title: vec![
            "BIỂU 2.".to_owned(),
            "MÔ HÌNH “DÂN VẬN KHÉO”".to_owned(),
            "THEO ĐỊA BÀN".to_owned(),
            format!("(CẤP {})", view.group_level.to_uppercase()),
        ],
        headers: vec![
            ("STT", 6.0),
            ("Địa bàn", 40.0),
            ("Số mô hình đăng ký", 16.0),
            ("Số mô hình hiệu quả", 16.0),
        ],
        rows: Rows::Held(rows),
        total: Some(vec![
            Cell::Empty,
            total_label(),
            count(view.models.total),
            count(view.models.effective),
        ]),
        note_below: no_models(view),
    }
}

fn years_table(view: &SummaryView) -> Table<'_> {
    let rows = view
        .models
        .by_year
        .iter()
        .enumerate()
        .map(|(i, y)| vec![stt(i), Cell::Year(y.year), count(y.total)])
        .collect();
    Table {
        title: phrases(&["BIỂU 3.", "MÔ HÌNH “DÂN VẬN KHÉO”", "THEO NĂM BẮT ĐẦU"]),
        headers: vec![("STT", 8.0), ("Năm", 20.0), ("Số mô hình", 24.0)],
        rows: Rows::Held(rows),
        total: Some(vec![Cell::Empty, total_label(), count(view.models.total)]),
        note_below: no_models(view),
    }
}

fn works_table(view: &SummaryView) -> Table<'_> {
    let u = &view.unknown_source;
    let unknown = ExtraMoney {
        unsplit: u.works,
        overstated: u.works_over,
    };
    let rows = view
        .works
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let mut row = vec![
                stt(i),
                Cell::Text((&w.work_type).into()),
                Cell::Text((&w.unit).into()),
                count(w.count),
                Cell::Milli(w.quantity_milli),
            ];
            row.extend(money_cells(&w.funding, unknown));
            row
        })
        .collect();
    let mut headers = vec![
        ("STT", 6.0),
        ("Loại công trình", 32.0),
        ("Đơn vị tính", 10.0),
        ("Số công trình", 11.0),
        ("Số lượng", 11.0),
    ];
    headers.extend(money_headers(16.0, unknown));
    let mut total = vec![
        Cell::Empty,
        total_label(),
        Cell::Empty,
        count(view.works_count),
        Cell::Empty,
    ];
    total.extend(money_cells(&view.works_funding, unknown));
    Table {
        title: phrases(&["BIỂU 4.", "CÔNG TRÌNH, PHẦN VIỆC"]),
        headers,
        rows: Rows::Held(rows),
        total: Some(total),
        note_below: note_of(&u.works_note),
    }
}

fn funding_table(view: &SummaryView) -> Table<'_> {
    let u = &view.unknown_source;
    let unknown = ExtraMoney {
        unsplit: u.funding,
        overstated: u.funding_over,
    };
    let r = &view.resources;
    let others = || {
        vec![
            Cell::Int(r.participations),
            Cell::Int(r.workdays),
            Cell::Milli(r.land_milli),
        ]
    };
    let line =
        |first: Cell<'static>, name: &'static str, f: &FundingView, rest: Vec<Cell<'static>>| {
            let mut cells = vec![first, Cell::Text(name.into())];
            cells.extend(money_cells(f, unknown));
            cells.extend(rest);
            cells
        };
    let rows = vec![
        line(
            stt(0),
            "Công trình, phần việc",
            &view.works_funding,
            vec![Cell::Empty, Cell::Empty, Cell::Empty],
        ),
        line(
            stt(1),
            "Nguồn lực khác (lượt tham gia, ngày công, đất hiến)",
            &r.funding,
            others(),
        ),
    ];
    let mut headers = vec![("STT", 6.0), ("Nguồn", 34.0)];
    headers.extend(money_headers(16.0, unknown));
    headers.extend([
        ("Lượt cơ quan, đơn vị tham gia", 14.0),
        ("Ngày công", 12.0),
        ("Đất hiến (m²)", 12.0),
    ]);
    Table {
        title: phrases(&["BIỂU 5.", "HUY ĐỘNG NGUỒN LỰC"]),
        headers,
        rows: Rows::Held(rows),
        total: Some(line(Cell::Empty, "Tổng cộng", &view.funding, others())),
        note_below: note_of(&u.funding_note),
    }
}

/// What became of a file, as the sheet "Tệp đã đọc" says it.
fn file_status(status: &str) -> &'static str {
    match status {
        "read" => "Đã đọc",
        "copy" => "Bản chép, không tính",
        _ => "Không tính",
    }
}

/// The width of a column of file paths: the longest on one line, between
/// `least` and `most` (longer ones wrap).
fn path_width(view: &SummaryView, least: f64, most: f64) -> f64 {
    let longest = view
        .files
        .iter()
        .map(|f| text_width::width_pt(&f.file, POINTS, false))
        .fold(0.0, f64::max);
    width_for(longest).clamp(least, most)
}

fn files_table(view: &SummaryView) -> Table<'_> {
    let status_width = view
        .files
        .iter()
        .map(|f| width_for(text_width::width_pt(file_status(f.status), POINTS, false)))
        .fold(10.0, f64::max);
    let rows = Rows::made(&view.files, |i, f| {
        vec![
            stt(i),
            Cell::Text((&f.file).into()),
            Cell::Text(file_status(f.status).into()),
            count(f.read),
            count(f.accepted),
            count(f.skipped),
            count(f.rejected),
            count(f.errors),
            count(f.warnings),
            Cell::Text(f.skipped_reasons.join("; ").into()),
        ]
    });
    let sum = |get: fn(&super::view::FileRow) -> u64| count(view.files.iter().map(get).sum());
    Table {
        title: phrases(&["TỆP ĐÃ ĐỌC VÀ SỐ DÒNG", "(ĐỌC = NHẬN + BỎ QUA + LOẠI)"]),
        headers: vec![
            ("STT", 6.0),
            ("Tệp", path_width(view, 30.0, 60.0)),
            ("Kết quả", status_width),
            ("Dòng đọc", 10.0),
            ("Nhận", 10.0),
            ("Bỏ qua", 10.0),
            ("Loại", 10.0),
            ("Lỗi", 8.0),
            ("Cảnh báo", 10.0),
            ("Lý do bỏ qua", 30.0),
        ],
        rows,
        total: Some(vec![
            Cell::Empty,
            total_label(),
            Cell::Empty,
            sum(|f| f.read),
            sum(|f| f.accepted),
            sum(|f| f.skipped),
            sum(|f| f.rejected),
            sum(|f| f.errors),
            sum(|f| f.warnings),
            Cell::Empty,
        ]),
        note_below: None,
    }
}

/// One sentence of the problem list and where it is said.
struct ProblemKind<'a> {
    severity: crate::diagnostic::Severity,
    message: &'a str,
    times: u64,
    files: u64,
    first: &'a crate::diagnostic::Location,
    last_file: &'a str,
}

/// The problem list with each sentence once: how often and in how many
/// files it is said, and where first. The same unknown field typed on
/// every row of every commune is one line here, so the clerk sees what to
/// fix (an alias in the config, a column renamed) before the thousand rows
/// of "Vấn đề". Errors first, then the most frequent.
fn problem_kinds(view: &SummaryView) -> Vec<ProblemKind<'_>> {
    let mut kinds: Vec<ProblemKind<'_>> = Vec::new();
    let mut index: foldhash::HashMap<(crate::diagnostic::Severity, &str), usize> =
        foldhash::HashMap::default();
    // The list is in file order: a sentence's files are counted as they change.
    for problem in view.problems.diagnostics() {
        let file = problem.location.file.as_ref();
        let at = *index
            .entry((problem.severity, problem.message.as_ref()))
            .or_insert_with(|| {
                kinds.push(ProblemKind {
                    severity: problem.severity,
                    message: &problem.message,
                    times: 0,
                    files: 0,
                    first: &problem.location,
                    last_file: "",
                });
                kinds.len() - 1
            });
        let kind = &mut kinds[at];
        kind.times += 1;
        if kind.files == 0 || kind.last_file != file {
            kind.files += 1;
            kind.last_file = file;
        }
    }
    kinds.sort_by_key(|k| (k.severity, Reverse(k.times)));
    kinds
}

fn problem_kinds_table(view: &SummaryView) -> Table<'_> {
    let rows = problem_kinds(view)
        .into_iter()
        .enumerate()
        .map(|(i, kind)| {
            vec![
                stt(i),
                Cell::Text(kind.severity.vietnamese().into()),
                Cell::Text(kind.message.into()),
                count(kind.times),
                count(kind.files),
                // "Tệp a.csv, dòng 2, cột D (Lĩnh vực)", as `dvk kiem-tra` says it.
                Cell::Text(kind.first.to_string().into()),
            ]
        })
        .collect();
    Table {
        title: phrases(&["TÓM TẮT CÁC VẤN ĐỀ", "(MỖI NỘI DUNG MỘT DÒNG)"]),
        headers: vec![
            ("STT", 6.0),
            ("Mức độ", 10.0),
            ("Nội dung", 70.0),
            ("Số lần", 9.0),
            ("Số tệp", 9.0),
            ("Gặp đầu tiên ở", path_width(view, 20.0, 36.0)),
        ],
        rows: Rows::Held(rows),
        total: None,
        note_below: Some("Chi tiết từng dòng ở trang “Vấn đề”.".to_owned()),
    }
}

fn problems_table(view: &SummaryView) -> Table<'_> {
    let rows = Rows::made(view.problems.diagnostics(), |i, p| {
        let l = &p.location;
        let column = problem_column_label(l).map_or(Cow::Borrowed(""), Cow::Owned);
        vec![
            stt(i),
            Cell::Text(l.file.as_ref().into()),
            Cell::Text(l.sheet.as_deref().unwrap_or_default().into()),
            // Centred, so it does not run into the column's letter.
            l.row.map_or(Cell::Empty, |r| Cell::Index(r as usize)),
            Cell::Text(column),
            Cell::Text(p.severity.vietnamese().into()),
            Cell::Text(p.message.as_ref().into()),
        ]
    });
    Table {
        title: phrases(&["CÁC VẤN ĐỀ TRONG TỆP BÁO CÁO", "(GỬI LẠI ĐƠN VỊ ĐỂ SỬA)"]),
        headers: vec![
            ("STT", 6.0),
            ("Tệp", path_width(view, 20.0, 36.0)),
            ("Trang", 14.0),
            ("Dòng", 7.0),
            ("Cột", 22.0),
            ("Mức độ", 10.0),
            ("Nội dung", 70.0),
        ],
        // An empty list still says so, rather than a bare heading.
        note_below: view
            .problems
            .diagnostics()
            .is_empty()
            .then(|| NO_PROBLEM.to_owned()),
        rows,
        total: None,
    }
}

/// What the "Vấn đề" sheet says when there is no problem at all.
const NO_PROBLEM: &str =
    "Không có vấn đề nào: mọi tệp, mọi dòng đều đọc được, không có lỗi hay cảnh báo.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subfields_print_portrait_as_fields_do() {
        let widths: Vec<f64> = SUBFIELD_HEADERS
            .iter()
            .map(|(name, width)| width.max(header_width(name)))
            .collect();
        assert!(pixels(&widths) <= PORTRAIT_PIXELS, "{}", pixels(&widths));
        // The default taxonomy's names still take one line each.
        let config = crate::config::Config::default_config().expect("default config");
        for field in &config.taxonomy.fields {
            assert_eq!(lines(&field.name, widths[2], false), 1, "{}", field.name);
            for subfield in &field.subfields {
                assert_eq!(
                    lines(&subfield.name, widths[1], false),
                    1,
                    "{}",
                    subfield.name
                );
            }
        }
    }

    #[test]
    fn a_title_breaks_between_its_phrases() {
        let title = phrases(&["BIỂU 3.", "MÔ HÌNH “DÂN VẬN KHÉO”", "THEO NĂM BẮT ĐẦU"]);
        // (table width, lines)
        let cases: [(f64, &[&str]); 3] = [
            (80.0, &["BIỂU 3. MÔ HÌNH “DÂN VẬN KHÉO” THEO NĂM BẮT ĐẦU"]),
            (
                52.0,
                &["BIỂU 3. MÔ HÌNH “DÂN VẬN KHÉO”", "THEO NĂM BẮT ĐẦU"],
            ),
            (
                20.0,
                &["BIỂU 3.", "MÔ HÌNH “DÂN VẬN KHÉO”", "THEO NĂM BẮT ĐẦU"],
            ),
        ];
        for (width, expected) in cases {
            assert_eq!(title_lines(&title, width), expected, "width {width}");
        }
    }

    #[test]
    fn a_heading_too_long_for_its_column_breaks_before_its_unit() {
        let cases = [
            (
                "Tổng kinh phí (triệu đồng)",
                16.0,
                "Tổng kinh phí\n(triệu đồng)",
            ),
            (
                "Tổng kinh phí (triệu đồng)",
                30.0,
                "Tổng kinh phí (triệu đồng)",
            ),
            (
                "Lượt cơ quan, đơn vị tham gia",
                14.0,
                "Lượt cơ quan, đơn vị tham gia",
            ),
            ("Đất hiến (m²)", 12.0, "Đất hiến\n(m²)"),
            // Its words too long for one line: two evenly long ones.
            (
                "Ngân sách nhà nước (triệu đồng)",
                16.0,
                "Ngân sách\nnhà nước\n(triệu đồng)",
            ),
            ("Số mô hình hiệu quả", 16.0, "Số mô hình\nhiệu quả"),
        ];
        for (name, width, expected) in cases {
            assert_eq!(header_text(name, width), expected);
        }
    }
}
