//! The report's charts as data: what each shows, its categories and series.
//!
//! One description, drawn natively by Word (`bao-cao.docx`); the workbook
//! draws the same three from its own sheets. Values here are for drawing
//! only: money is converted to triệu đồng after every sum is done in đồng.

use super::view::{FundingYearRow, LocalityRow, SummaryView};
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
            series("Đăng ký", by_field.iter().map(|f| f.total as f64)),
            series("Hiệu quả", by_field.iter().map(|f| f.effective as f64)),
        ],
    };

    let years = &view.funding_by_year;
    let million = |dong: i64| dong as f64 / 1_000_000.0;
    let mut money = ChartData {
        caption:
            "Kinh phí thực hiện công trình, phần việc và huy động nguồn lực theo năm (triệu đồng)"
                .to_owned(),
        kind: ChartKind::ColumnStacked,
        categories: years.iter().map(|y| y.year.to_string()).collect(),
        series: vec![
            series(
                "Ngân sách nhà nước",
                years.iter().map(|y| million(y.funding.state_budget)),
            ),
            series(
                "Vận động xã hội hóa",
                years.iter().map(|y| million(y.funding.mobilized)),
            ),
        ],
    };
    // Money of no known source stacks on top, so each bar is the money
    // the rows give (a row whose two sources exceed its total draws them
    // as given; Biểu 6 and the "Vấn đề" sheet say so).
    if years.iter().any(|y| y.funding.unsplit > 0) {
        money.series.push(series(
            UNKNOWN_SOURCE,
            years.iter().map(|y| million(drawn_unknown_source(y))),
        ));
    }

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
            series("Đăng ký", localities.iter().map(|l| l.total as f64)),
            series("Hiệu quả", localities.iter().map(|l| l.effective as f64)),
        ],
    };

    [fields, money, place]
        .into_iter()
        .filter(ChartData::worth_drawing)
        .collect()
}

/// The name of the grey series of money of no known source.
pub const UNKNOWN_SOURCE: &str = "Chưa rõ nguồn";

/// The part of a year's money of no known source a stacked bar draws, in
/// đồng: the rows' that gave no source (never netted against rows whose
/// two sources exceed their total).
pub fn drawn_unknown_source(year: &FundingYearRow) -> i64 {
    year.funding.unsplit
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

fn series(name: &str, values: impl Iterator<Item = f64>) -> ChartSeries {
    ChartSeries {
        name: name.to_owned(),
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
