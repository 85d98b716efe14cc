//! Native Word charts for `bao-cao.docx`.
//!
//! docx-rs writes no charts, so each chart is added to the package here: a
//! DrawingML chart part whose cached values Word and LibreOffice draw, the
//! small workbook behind it (so "Edit Data" in Word works), their
//! relationships and content types, and the inline drawing that places it.
//! Everything is written with fixed dates, so the file stays byte-identical.

use super::chart::{label_colour, ChartData, ChartKind};
use super::zip_host::as_made_on_dos;
use std::fmt::Write as _;
use std::io::{Cursor, Write as _};

/// English Microsoft Office names this sheet in every chart workbook; the
/// chart's formulas point at it.
const SHEET: &str = "Sheet1";
const EMU_PER_TWIP: i64 = 635;
const EMU_PER_CM: i64 = 360_000;

/// The marker text of the paragraph that will hold chart `number` (1-based).
/// A private-use character keeps it from ever matching report text.
pub(super) fn marker(number: usize) -> String {
    format!("\u{E000}dvk-chart-{number}")
}

/// A chart drawn in the document: its data, its width, and its number
/// among the drawings (the marker it replaces).
pub(super) struct PlacedChart<'a> {
    pub data: &'a ChartData,
    pub width_twips: i32,
    pub number: usize,
}

/// Adds the charts to a built document: inline drawings in place of their
/// markers, the chart and workbook parts, relationships and content types.
pub(super) fn add_charts(
    xml: docx_rs::XMLDocx,
    charts: &[PlacedChart<'_>],
) -> Result<Vec<u8>, std::io::Error> {
    let mut xml = xml;
    let mut document = String::from_utf8_lossy(&xml.document).into_owned();
    let mut relationships = String::new();
    let mut overrides = String::new();
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    for chart in charts {
        let number = chart.number;
        let id = format!("rIdDvkChart{number}");
        let text = format!(
            "<w:t xml:space=\"preserve\">{}</w:t>",
            escape(&marker(number))
        );
        let drawing = inline_drawing(number, &id, chart);
        document = document.replacen(&text, &drawing, 1);
        let _ = write!(
            relationships,
            "<Relationship Id=\"{id}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart\" Target=\"charts/chart{number}.xml\" />"
        );
        let _ = write!(
            overrides,
            "<Override PartName=\"/word/charts/chart{number}.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.drawingml.chart+xml\" />"
        );
        let workbook = format!("Microsoft_Excel_Worksheet{number}.xlsx");
        parts.push((
            format!("word/charts/chart{number}.xml"),
            chart_part(chart.data).into_bytes(),
        ));
        parts.push((
            format!("word/charts/_rels/chart{number}.xml.rels"),
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/package\" Target=\"../embeddings/{workbook}\" /></Relationships>"
            )
            .into_bytes(),
        ));
        parts.push((
            format!("word/embeddings/{workbook}"),
            chart_workbook(chart.data).map_err(std::io::Error::other)?,
        ));
    }
    xml.document = document.into_bytes();
    if !charts.is_empty() {
        xml.document_rels = insert_before(&xml.document_rels, "</Relationships>", &relationships);
        let default = "<Default ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\" Extension=\"xlsx\" />";
        xml.content_type = insert_before(&xml.content_type, "<Override ", default);
        xml.content_type = insert_before(&xml.content_type, "</Types>", &overrides);
    }

    let mut buffer = Cursor::new(Vec::new());
    xml.pack(&mut buffer).map_err(std::io::Error::other)?;
    if parts.is_empty() {
        return Ok(as_made_on_dos(buffer.into_inner()));
    }
    let mut zip = zip::ZipWriter::new_append(buffer).map_err(std::io::Error::other)?;
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for (name, bytes) in parts {
        zip.start_file(name, options)
            .map_err(std::io::Error::other)?;
        zip.write_all(&bytes)?;
    }
    let archive = zip.finish().map_err(std::io::Error::other)?.into_inner();
    Ok(as_made_on_dos(archive))
}

/// `text` with `insert` put before the first `anchor` (or at the end).
fn insert_before(bytes: &[u8], anchor: &str, insert: &str) -> Vec<u8> {
    let text = String::from_utf8_lossy(bytes);
    match text.find(anchor) {
        Some(at) => format!("{}{insert}{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{text}{insert}").into_bytes(),
    }
}

/// The inline drawing that shows chart `number`, as wide as the text.
fn inline_drawing(number: usize, id: &str, chart: &PlacedChart<'_>) -> String {
    let width = i64::from(chart.width_twips.max(0)) * EMU_PER_TWIP;
    let height = chart_height_cm(chart.data) * EMU_PER_CM / 10;
    format!(
        "<w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\"><wp:extent cx=\"{width}\" cy=\"{height}\" /><wp:effectExtent l=\"0\" t=\"0\" r=\"0\" b=\"0\" /><wp:docPr id=\"{number}\" name=\"Biểu đồ {number}\" /><wp:cNvGraphicFramePr /><a:graphic xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\"><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/chart\"><c:chart xmlns:c=\"http://schemas.openxmlformats.org/drawingml/2006/chart\" r:id=\"{id}\" /></a:graphicData></a:graphic></wp:inline></w:drawing>"
    )
}

/// Height in tenths of a centimetre: horizontal bars need room per
/// category, and many vertical ones room below for their slanted names.
fn chart_height_cm(chart: &ChartData) -> i64 {
    let categories = chart.categories.len() as i64;
    match chart.kind {
        ChartKind::Bar => (25 + 7 * categories).clamp(70, 150),
        // Two to a landscape page, with their captions.
        ChartKind::Column | ChartKind::ColumnStacked => (50 + 2 * categories).clamp(70, 100),
    }
}

/// Column letter of the series `index` in the chart's workbook (B, C, …).
fn column(index: usize) -> char {
    char::from(b'B' + index.min(24) as u8)
}

/// The DrawingML chart part: cached categories and values, Times New Roman,
/// values on the bars, legend below.
fn chart_part(chart: &ChartData) -> String {
    let rows = chart.categories.len();
    let (direction, grouping, overlap, category_side, value_side) = match chart.kind {
        ChartKind::Column => ("col", "clustered", -10, "b", "l"),
        ChartKind::Bar => ("bar", "clustered", -10, "l", "b"),
        ChartKind::ColumnStacked => ("col", "stacked", 100, "b", "l"),
    };
    // Horizontal bars are drawn bottom-up: reverse the axis so the first
    // category is on top, as in the appendix table.
    let (category_order, value_crosses) = match chart.kind {
        ChartKind::Bar => ("maxMin", "max"),
        _ => ("minMax", "autoZero"),
    };
    let label_position = match chart.kind {
        ChartKind::ColumnStacked => "ctr",
        _ => "outEnd",
    };
    let mut categories = String::new();
    for (i, name) in chart.categories.iter().enumerate() {
        let _ = write!(
            categories,
            "<c:pt idx=\"{i}\"><c:v>{}</c:v></c:pt>",
            escape(name)
        );
    }
    let text_properties = |points: u32, colour: Option<&str>| {
        let fill = colour.map_or(String::new(), |c| {
            format!("<a:solidFill><a:srgbClr val=\"{c}\" /></a:solidFill>")
        });
        format!(
            "<c:txPr><a:bodyPr /><a:lstStyle /><a:p><a:pPr><a:defRPr sz=\"{}\">{fill}<a:latin typeface=\"Times New Roman\" /><a:cs typeface=\"Times New Roman\" /></a:defRPr></a:pPr><a:endParaRPr lang=\"vi-VN\" /></a:p></c:txPr>",
            points * 100
        )
    };
    // Whole numbers with "." thousands (the Vietnamese locale tag makes
    // LibreOffice do it too, as in the workbook); zeros print nothing.
    let number_format = "[$-42A]#,##0;-#,##0;;";
    // The figures on the bars, in `colour` (the program's own when None).
    let labels = |colour: Option<&str>| {
        format!(
            "<c:dLbls><c:numFmt formatCode=\"{number_format}\" sourceLinked=\"0\" /><c:spPr><a:noFill /><a:ln><a:noFill /></a:ln></c:spPr>{}<c:dLblPos val=\"{label_position}\" /><c:showLegendKey val=\"0\" /><c:showVal val=\"1\" /><c:showCatName val=\"0\" /><c:showSerName val=\"0\" /><c:showPercent val=\"0\" /><c:showBubbleSize val=\"0\" /></c:dLbls>",
            text_properties(10, colour)
        )
    };
    let mut series = String::new();
    for (i, s) in chart.series.iter().enumerate() {
        let col = column(i);
        let colour = s.colour;
        let mut values = String::new();
        for (j, v) in s.values.iter().enumerate() {
            let _ = write!(values, "<c:pt idx=\"{j}\"><c:v>{v}</c:v></c:pt>");
        }
        let _ = write!(
            series,
            "<c:ser><c:idx val=\"{i}\" /><c:order val=\"{i}\" />\
             <c:tx><c:strRef><c:f>{SHEET}!${col}$1</c:f><c:strCache><c:ptCount val=\"1\" /><c:pt idx=\"0\"><c:v>{name}</c:v></c:pt></c:strCache></c:strRef></c:tx>\
             <c:spPr><a:solidFill><a:srgbClr val=\"{colour}\" /></a:solidFill></c:spPr>\
             <c:invertIfNegative val=\"0\" />{labels}\
             <c:cat><c:strRef><c:f>{SHEET}!$A$2:$A${last}</c:f><c:strCache><c:ptCount val=\"{rows}\" />{categories}</c:strCache></c:strRef></c:cat>\
             <c:val><c:numRef><c:f>{SHEET}!${col}$2:${col}${last}</c:f><c:numCache><c:formatCode>General</c:formatCode><c:ptCount val=\"{rows}\" />{values}</c:numCache></c:numRef></c:val>\
             </c:ser>",
            name = escape(&s.name),
            last = rows + 1,
            // Each series its own, so that a dark bar's figures are white.
            labels = labels(label_colour(chart.kind, colour)),
        );
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <c:chartSpace xmlns:c=\"http://schemas.openxmlformats.org/drawingml/2006/chart\" xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">\
         <c:date1904 val=\"0\" /><c:lang val=\"vi-VN\" /><c:roundedCorners val=\"0\" />\
         <c:chart><c:autoTitleDeleted val=\"1\" /><c:plotArea><c:layout />\
         <c:barChart><c:barDir val=\"{direction}\" /><c:grouping val=\"{grouping}\" /><c:varyColors val=\"0\" />{series}\
         {labels}\
         <c:gapWidth val=\"80\" /><c:overlap val=\"{overlap}\" /><c:axId val=\"1001\" /><c:axId val=\"1002\" /></c:barChart>\
         <c:catAx><c:axId val=\"1001\" /><c:scaling><c:orientation val=\"{category_order}\" /></c:scaling><c:delete val=\"0\" /><c:axPos val=\"{category_side}\" /><c:numFmt formatCode=\"General\" sourceLinked=\"0\" /><c:majorTickMark val=\"none\" /><c:minorTickMark val=\"none\" /><c:tickLblPos val=\"nextTo\" /><c:crossAx val=\"1002\" /><c:crosses val=\"autoZero\" /><c:auto val=\"1\" /><c:lblAlgn val=\"ctr\" /><c:lblOffset val=\"100\" /><c:noMultiLvlLbl val=\"0\" /></c:catAx>\
         <c:valAx><c:axId val=\"1002\" /><c:scaling><c:orientation val=\"minMax\" /></c:scaling><c:delete val=\"0\" /><c:axPos val=\"{value_side}\" /><c:majorGridlines><c:spPr><a:ln w=\"6350\"><a:solidFill><a:srgbClr val=\"D9D9D9\" /></a:solidFill></a:ln></c:spPr></c:majorGridlines><c:numFmt formatCode=\"[$-42A]#,##0\" sourceLinked=\"0\" /><c:majorTickMark val=\"none\" /><c:minorTickMark val=\"none\" /><c:tickLblPos val=\"nextTo\" /><c:spPr><a:ln><a:noFill /></a:ln></c:spPr><c:crossAx val=\"1001\" /><c:crosses val=\"{value_crosses}\" /><c:crossBetween val=\"between\" /></c:valAx>\
         </c:plotArea><c:legend><c:legendPos val=\"b\" /><c:overlay val=\"0\" /></c:legend><c:plotVisOnly val=\"1\" /><c:dispBlanksAs val=\"gap\" /></c:chart>\
         <c:spPr><a:noFill /><a:ln><a:noFill /></a:ln></c:spPr>{body_text}\
         <c:externalData r:id=\"rId1\"><c:autoUpdate val=\"0\" /></c:externalData>\
         </c:chartSpace>",
        labels = labels(None),
        body_text = text_properties(11, None),
    )
}

/// The workbook behind a chart: categories in A, one series per column.
fn chart_workbook(chart: &ChartData) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    workbook.set_properties(
        &rust_xlsxwriter::DocProperties::new()
            .set_author("dvk")
            .set_creation_datetime(&rust_xlsxwriter::ExcelDateTime::from_ymd(2000, 1, 1)?),
    );
    let sheet = workbook.add_worksheet();
    sheet.set_name(SHEET)?;
    for (i, s) in chart.series.iter().enumerate() {
        let col = 1 + i as u16;
        sheet.write_string(0, col, &s.name)?;
        for (j, v) in s.values.iter().enumerate() {
            sheet.write_number(1 + j as u32, col, *v)?;
        }
    }
    for (j, name) in chart.categories.iter().enumerate() {
        sheet.write_string(1 + j as u32, 0, name)?;
    }
    sheet.set_column_width(0, 30)?;
    workbook
        .save_to_buffer()
        .map(super::zip_host::as_made_on_dos)
}

/// Text as XML character data: markup escaped, characters XML forbids dropped.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if u32::from(c) < 0x20 => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::chart::ChartSeries;

    fn sample() -> ChartData {
        ChartData {
            caption: "Mô hình".to_owned(),
            kind: ChartKind::Bar,
            categories: vec!["Long Sơn".to_owned(), "A & B".to_owned()],
            series: vec![ChartSeries {
                name: "Đăng ký".to_owned(),
                colour: crate::render::chart::BLUE,
                values: vec![61.0, 5.0],
            }],
        }
    }

    #[test]
    fn the_chart_part_caches_every_category_and_value() {
        let xml = chart_part(&sample());
        assert!(xml.contains("<c:v>Long Sơn</c:v>"));
        assert!(xml.contains("<c:v>A &amp; B</c:v>"));
        assert!(xml.contains("<c:pt idx=\"1\"><c:v>5</c:v></c:pt>"));
        assert!(xml.contains("<c:f>Sheet1!$B$2:$B$3</c:f>"));
        assert!(xml.contains("<c:orientation val=\"maxMin\" />"));
    }

    #[test]
    fn a_dark_stacked_bar_prints_its_figures_in_white() {
        let mut chart = sample();
        chart.kind = ChartKind::ColumnStacked;
        chart.series.push(ChartSeries {
            name: "Vận động xã hội hóa".to_owned(),
            colour: crate::render::chart::ORANGE,
            values: vec![3.0, 4.0],
        });
        let xml = chart_part(&chart);
        let labels: Vec<&str> = xml
            .split("<c:ser>")
            .skip(1)
            .map(|ser| ser.split("<c:cat>").next().unwrap_or(""))
            .collect();
        let white = "<a:solidFill><a:srgbClr val=\"FFFFFF\" /></a:solidFill>";
        assert!(labels[0].contains("<c:dLbls>") && labels[0].contains(white));
        assert!(labels[1].contains("<c:dLbls>") && !labels[1].contains(white));
    }

    #[test]
    fn escape_drops_control_characters() {
        assert_eq!(escape("a\u{1}<b>"), "a&lt;b&gt;");
    }
}
