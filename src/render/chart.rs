//! The report's charts as data: what each shows, its categories and series.
//!
//! One description, drawn natively by Word (`bao-cao.docx`); the workbook
//! draws the same three from its own sheets. Values here are for drawing
//! only: money is converted to triệu đồng after every sum is done in đồng.

use super::view::{FundingView, FundingYearRow, LocalityRow, SummaryView};
use serde::Serialize;

/// Localities a chart can show legibly; more are cut to the largest.
const MOST_LOCALITIES: usize = 20;

/// How the bars stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ChartKind {
    /// Vertical bars side by side.
    Column,
    /// Horizontal bars side by side (long category names).
    Bar,
    /// Vertical bars stacked (parts of a whole).
    ColumnStacked,
}

/// One series of bars.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChartSeries {
    pub name: String,
    /// The bars' fill, "2F5597".
    pub colour: &'static str,
    pub values: Vec<f64>,
}

/// One chart, with the caption it is printed under.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChartData {
    /// "Mô hình theo lĩnh vực", without the "Biểu đồ N." number.
    pub caption: String,
    pub kind: ChartKind,
    pub categories: Vec<String>,
    pub series: Vec<ChartSeries>,
}

impl ChartData {
    /// A chart with nothing to draw is left out.
    fn worth_drawing(&self) -> bool {
        !self.categories.is_empty()
            && self
                .series
                .iter()
                .any(|s| s.values.iter().any(|v| *v != 0.0))
    }
}

/// The report's charts, in order: models by field, money by year, models by
/// locality. Charts without data are left out.
pub fn report_charts(view: &SummaryView) -> Vec<ChartData> {
    let by_field = &view.models.by_field;
    // Vertical bars, as the localities' chart: a legend below a chart of
    // vertical bars lists its series in their order (the table's columns,
    // "Đăng ký" then "Hiệu quả") in Word, Excel and LibreOffice alike.
    // Horizontal bars would not: LibreOffice lists the legend of a
    // clustered horizontal bar chart in reverse, Word and Excel do not.
    let fields = ChartData {
        caption: "Mô hình theo lĩnh vực (đăng ký và đang hoạt động hiệu quả)".to_owned(),
        kind: ChartKind::Column,
        categories: by_field.iter().map(|f| f.field.clone()).collect(),
        series: vec![
            series("Đăng ký", BLUE, by_field.iter().map(|f| f.total as f64)),
            series(
                "Hiệu quả",
                ORANGE,
                by_field.iter().map(|f| f.effective as f64),
            ),
        ],
    };

    let money = money_by_year(&view.funding_by_year);

    let (localities, cut) = charted_localities(&view.models.by_locality);
    let level = &view.group_level;
    let caption = if cut {
        format!("Mô hình theo địa bàn ({})", most_localities_words(level))
    } else {
        format!("Mô hình theo địa bàn (cấp {level})")
    };
    let place = ChartData {
        caption,
        kind: ChartKind::Column,
        categories: localities.iter().map(|l| l.locality.clone()).collect(),
        series: vec![
            series("Đăng ký", BLUE, localities.iter().map(|l| l.total as f64)),
            series(
                "Hiệu quả",
                ORANGE,
                localities.iter().map(|l| l.effective as f64),
            ),
        ],
    };

    [fields, money, place]
        .into_iter()
        .filter(ChartData::worth_drawing)
        .collect()
}

/// The name of the grey series of money of no known source.
pub const UNKNOWN_SOURCE: &str = "Chưa rõ nguồn";

/// Series colours: blue and orange read apart in colour and in grey print;
/// grey for money of no known source, or for the total beside its sources.
pub const BLUE: &str = "2F5597";
pub const ORANGE: &str = "F4B183";
pub const GREY: &str = "A5A5A5";

/// The colour of the figures printed on a series' bars, where it is not
/// the program's own (black): white inside a dark bar. Labels above a bar
/// stand on the white page and stay black.
pub fn label_colour(kind: ChartKind, fill: &str) -> Option<&'static str> {
    let inside = kind == ChartKind::ColumnStacked;
    (inside && is_dark(fill)).then_some("FFFFFF")
}

/// Whether white text reads better than black on `hex` ("2F5597"): WCAG's
/// relative luminance below the point where both contrast equally.
fn is_dark(hex: &str) -> bool {
    let channel = |at: usize| {
        let value = hex
            .get(at..at + 2)
            .and_then(|c| u8::from_str_radix(c, 16).ok())
            .map_or(1.0, |c| f64::from(c) / 255.0);
        if value <= 0.039_28 {
            value / 12.92
        } else {
            ((value + 0.055) / 1.055).powf(2.4)
        }
    };
    let luminance = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
    // (1.05) / (L + 0.05) = (L + 0.05) / 0.05 at L ≈ 0.179.
    luminance < 0.179
}

/// One part of the chart of money by year, named as the table's columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoneyPart {
    Total,
    StateBudget,
    Mobilized,
    /// Money of rows that gave no source (never netted against rows whose
    /// two sources exceed their total).
    Unsplit,
}

impl MoneyPart {
    /// The series' name, as the legend shows it.
    pub fn name(self) -> &'static str {
        match self {
            MoneyPart::Total => "Tổng kinh phí",
            MoneyPart::StateBudget => "Ngân sách nhà nước",
            MoneyPart::Mobilized => "Vận động xã hội hóa",
            MoneyPart::Unsplit => UNKNOWN_SOURCE,
        }
    }

    pub fn colour(self) -> &'static str {
        match self {
            MoneyPart::Total | MoneyPart::Unsplit => GREY,
            MoneyPart::StateBudget => BLUE,
            MoneyPart::Mobilized => ORANGE,
        }
    }

    /// The part of a year's money, in đồng.
    pub fn dong(self, funding: &FundingView) -> i64 {
        match self {
            MoneyPart::Total => funding.total,
            MoneyPart::StateBudget => funding.state_budget,
            MoneyPart::Mobilized => funding.mobilized,
            MoneyPart::Unsplit => funding.unsplit,
        }
    }
}

/// How the chart of money by year stands, and its parts in order (the
/// workbook's chart and bao-cao.docx's alike). The sources stacked, with
/// money of no known source on top, so that each bar is its year's total;
/// but when some year has rows whose two sources exceed their total, its
/// stacked sources would stand taller than its total: then the total and
/// each source stand side by side, each as written.
pub fn money_by_year_parts(years: &[FundingYearRow]) -> (ChartKind, Vec<MoneyPart>) {
    if years.iter().any(|y| y.funding.overstated > 0) {
        return (
            ChartKind::Column,
            vec![
                MoneyPart::Total,
                MoneyPart::StateBudget,
                MoneyPart::Mobilized,
            ],
        );
    }
    let mut parts = vec![MoneyPart::StateBudget, MoneyPart::Mobilized];
    if years.iter().any(|y| y.funding.unsplit > 0) {
        parts.push(MoneyPart::Unsplit);
    }
    (ChartKind::ColumnStacked, parts)
}

/// The chart of money by year (see [`money_by_year_parts`]).
fn money_by_year(years: &[FundingYearRow]) -> ChartData {
    let (kind, parts) = money_by_year_parts(years);
    let million = |dong: i64| dong as f64 / 1_000_000.0;
    let caption = match kind {
        ChartKind::ColumnStacked => {
            "Kinh phí thực hiện công trình, phần việc và huy động nguồn lực theo năm (triệu đồng)"
        }
        _ => {
            // Shorter, so that it still takes one line.
            "Kinh phí công trình, phần việc và huy động nguồn lực theo năm: \
             tổng số và từng nguồn (triệu đồng)"
        }
    };
    ChartData {
        caption: caption.to_owned(),
        kind,
        categories: years.iter().map(|y| y.year.to_string()).collect(),
        series: parts
            .into_iter()
            .map(|part| {
                series(
                    part.name(),
                    part.colour(),
                    years.iter().map(|y| million(part.dong(&y.funding))),
                )
            })
            .collect(),
    }
}

/// The localities a chart of models by locality draws (bao-cao.docx and
/// tong-hop.xlsx alike): all of them, or the largest when there are more
/// than a chart shows legibly, and whether some were left out.
pub fn charted_localities(rows: &[LocalityRow]) -> (Vec<&LocalityRow>, bool) {
    let kept = largest_in_order(rows, MOST_LOCALITIES);
    let cut = kept.len() < rows.len();
    (kept, cut)
}

/// "20 đơn vị cấp xã có nhiều mô hình nhất": what a cut chart shows.
pub fn most_localities_words(level: &str) -> String {
    format!("{MOST_LOCALITIES} đơn vị cấp {level} có nhiều mô hình nhất")
}

/// The `most` localities with the most models, kept in the appendix's order
/// (ties go to the one listed first).
fn largest_in_order(rows: &[LocalityRow], most: usize) -> Vec<&LocalityRow> {
    let mut ranked: Vec<usize> = (0..rows.len()).collect();
    ranked.sort_by_key(|&i| std::cmp::Reverse(rows[i].total));
    ranked.truncate(most);
    ranked.sort_unstable();
    ranked.into_iter().map(|i| &rows[i]).collect()
}

fn series(name: &str, colour: &'static str, values: impl Iterator<Item = f64>) -> ChartSeries {
    ChartSeries {
        name: name.to_owned(),
        colour,
        values: values.collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(locality: &str, total: u64) -> LocalityRow {
        LocalityRow {
            locality: locality.to_owned(),
            total,
            effective: 0,
            names_units_below: false,
        }
    }

    /// A year's row from triệu đồng: total, state budget, mobilised, and
    /// how much its rows overstate their sources.
    fn year(year: i32, [total, state, mobilized, over]: [i64; 4]) -> FundingYearRow {
        let m = 1_000_000;
        FundingYearRow {
            year,
            funding: FundingView::new(total * m, state * m, mobilized * m, over * m),
        }
    }

    #[test]
    fn the_money_chart_never_draws_a_year_taller_than_its_total() {
        // (years, kind, series); 2022's rows write 360 + 230 for a total of 500.
        let cases: [(Vec<FundingYearRow>, ChartKind, &[&str]); 3] = [
            (
                vec![
                    year(2021, [1000, 700, 300, 0]),
                    year(2022, [600, 360, 240, 0]),
                ],
                ChartKind::ColumnStacked,
                &["Ngân sách nhà nước", "Vận động xã hội hóa"],
            ),
            (
                vec![
                    year(2021, [2500, 700, 300, 0]),
                    year(2022, [600, 360, 230, 0]),
                ],
                ChartKind::ColumnStacked,
                &["Ngân sách nhà nước", "Vận động xã hội hóa", "Chưa rõ nguồn"],
            ),
            (
                vec![
                    year(2021, [2500, 700, 300, 0]),
                    year(2022, [500, 360, 230, 90]),
                    year(2023, [800, 300, 300, 0]),
                ],
                ChartKind::Column,
                &["Tổng kinh phí", "Ngân sách nhà nước", "Vận động xã hội hóa"],
            ),
        ];
        for (years, kind, names) in cases {
            let chart = money_by_year(&years);
            assert_eq!(chart.kind, kind);
            let drawn: Vec<&str> = chart.series.iter().map(|s| s.name.as_str()).collect();
            assert_eq!(drawn, names);
            let totals: Vec<f64> = years
                .iter()
                .map(|y| y.funding.total as f64 / 1_000_000.0)
                .collect();
            match kind {
                // Stacked, each bar is its year's total.
                ChartKind::ColumnStacked => {
                    for (i, total) in totals.iter().enumerate() {
                        let stacked: f64 = chart.series.iter().map(|s| s.values[i]).sum();
                        assert_eq!(stacked, *total, "year {}", years[i].year);
                    }
                }
                // Side by side, the total is a bar of its own; each source
                // as written.
                _ => {
                    assert_eq!(chart.series[0].values, totals);
                    assert_eq!(chart.series[1].values, [700.0, 360.0, 300.0]);
                    assert_eq!(chart.series[2].values, [300.0, 230.0, 300.0]);
                }
            }
        }
    }

    #[test]
    fn figures_inside_a_dark_bar_are_white() {
        let cases = [
            (ChartKind::ColumnStacked, BLUE, Some("FFFFFF")),
            (ChartKind::ColumnStacked, ORANGE, None),
            (ChartKind::ColumnStacked, GREY, None),
            // Above the bar, on the page.
            (ChartKind::Column, BLUE, None),
            (ChartKind::Bar, BLUE, None),
        ];
        for (kind, fill, expected) in cases {
            assert_eq!(label_colour(kind, fill), expected, "{kind:?} {fill}");
        }
    }

    #[test]
    fn keeps_the_largest_localities_in_the_appendix_order() {
        let rows = [
            row("A", 5),
            row("B", 9),
            row("C", 1),
            row("D", 9),
            row("E", 7),
        ];
        let kept: Vec<&str> = largest_in_order(&rows, 3)
            .iter()
            .map(|r| r.locality.as_str())
            .collect();
        assert_eq!(kept, ["B", "D", "E"]);
        assert_eq!(largest_in_order(&rows, 10).len(), 5);
    }
}
