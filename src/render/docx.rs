//! `bao-cao.docx`: the report in the official layout (Party: Hướng dẫn
//! 36-HD/VPTW; State: Nghị định 30/2020/NĐ-CP), from the same [`Report`]
//! as `bao-cao.md`.
//!
//! A4, Times New Roman, margins from the config, real Word heading styles
//! (the navigation pane works), tables whose header row repeats on every
//! page, page numbers centred at the top from page 2, the signature block and
//! "Nơi nhận". Deterministic: fixed document dates, no timestamps in the zip.

use super::chart::ChartData;
use super::docx_chart::{add_charts, marker, PlacedChart};
use super::report::{Block, ColumnAlign, Report, Span};
use docx_rs::{
    AlignmentType, BreakType, Docx, Header, LineSpacing, PageMargin, PageNum, PageOrientationType,
    PageSize, Paragraph, Run, RunFonts, Section, SpecialIndentType, Style, StyleType, Table,
    TableAlignmentType, TableCell, TableRow, VAlignType, WidthType,
};

const FONT: &str = "Times New Roman";
/// A4 in twentieths of a point.
const A4_WIDTH: u32 = 11_906;
const A4_HEIGHT: u32 = 16_838;
const TWIPS_PER_MM: f64 = 56.692_913;
/// Table text is a size smaller than the body's.
const TABLE_SIZE_PT: usize = 12;
/// Room for one character of table text, padding included: a table needs
/// no more width than its columns' longest values at this rate.
const TWIPS_PER_CHARACTER: usize = 170;

/// Options of the Word rendering.
#[derive(Debug, Clone, Copy)]
pub struct DocxOptions {
    pub font_size_pt: usize,
    pub margins_mm: crate::config::Margins,
}

/// Builds the .docx bytes; the charts follow the appendix tables, each
/// under its caption "Biểu đồ N. …".
pub fn render_docx(
    report: &Report,
    charts: &[ChartData],
    options: DocxOptions,
) -> Result<Vec<u8>, std::io::Error> {
    let size = options.font_size_pt * 2;
    let m = options.margins_mm;
    let twips = |mm: f64| (mm * TWIPS_PER_MM).round() as i32;
    let margin = PageMargin {
        top: twips(m.top),
        bottom: twips(m.bottom),
        left: twips(m.left),
        right: twips(m.right),
        header: twips(m.top / 2.0),
        footer: twips(m.bottom / 2.0),
        gutter: 0,
    };
    let text_width = A4_WIDTH as i32 - margin.left - margin.right;
    let fonts = RunFonts::new()
        .ascii(FONT)
        .hi_ansi(FONT)
        .cs(FONT)
        .east_asia(FONT);
    let heading = |id: &str, name: &str, level: usize| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
            .outline_lvl(level)
            .bold()
            .size(size)
            .fonts(fonts.clone())
    };
    // Page numbers from page 2: the first page has an empty header of its own.
    let page_number = Header::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_page_num(PageNum::new()),
    );
    let mut docx = Docx::new()
        .default_fonts(fonts.clone())
        .default_size(size)
        .add_style(heading("Heading1", "heading 1", 0))
        .add_style(heading("Heading2", "heading 2", 1))
        .add_style(heading("Heading3", "heading 3", 2).italic())
        .add_style(heading("Heading4", "heading 4", 3))
        .created_at("2000-01-01T00:00:00Z")
        .updated_at("2000-01-01T00:00:00Z");

    // The report's text: front matter, body, signature.
    let (text, appendices) = report.text_and_appendices();
    let mut main: Vec<Element> = vec![
        Element::Table(front_matter(report, size, text_width)),
        Element::Paragraph(
            centered(vec![run("BÁO CÁO", size + 4).bold()])
                .line_spacing(LineSpacing::new().before(240)),
        ),
        // "2017 – 2022" stays on one line.
        Element::Paragraph(centered(vec![run(
            &report.document.subject.replace(" – ", "\u{a0}–\u{a0}"),
            size,
        )
        .bold()])),
        Element::Paragraph(centered(vec![run("-----", size)])),
    ];
    // Charts are drawn where the body names them ("**Biểu đồ N. …**").
    let mut placed: Vec<PlacedChart<'_>> = Vec::new();
    let mut elements = |block: &Block, width: i32| match block {
        Block::Chart { number, caption } => {
            let data = charts.get(number.wrapping_sub(1));
            if let Some(data) = data {
                placed.push(PlacedChart {
                    data,
                    width_twips: width,
                    number: placed.len() + 1,
                });
            }
            chart_elements(caption, data.map(|_| placed.len()), size)
        }
        _ => block_elements(block, size, width),
    };
    for block in text {
        main.extend(elements(block, text_width));
    }
    main.push(Element::Table(signature(report, size, text_width)));

    // The appendices follow on pages of their own: landscape when a table
    // is too wide for a portrait page.
    let appendix_blocks: Vec<&Block> = appendices
        .iter()
        .filter(|b| **b != Block::PageBreak)
        .collect();
    let wide = appendix_blocks
        .iter()
        .any(|b| matches!(b, Block::Table { header, .. } if header.len() >= 6));
    let (page_width, page_height, orient) = if wide {
        (A4_HEIGHT, A4_WIDTH, PageOrientationType::Landscape)
    } else {
        (A4_WIDTH, A4_HEIGHT, PageOrientationType::Portrait)
    };
    let appendix_width = page_width as i32 - margin.left - margin.right;

    let mut appendix: Vec<Element> = Vec::new();
    for block in &appendix_blocks {
        appendix.extend(elements(block, appendix_width));
    }
    let main = kept_with_their_tables(main);
    let appendix = kept_with_their_tables(appendix);

    if appendix.is_empty() {
        docx = main.into_iter().fold(docx, Element::add_to_docx);
        docx = docx
            .page_size(A4_WIDTH, A4_HEIGHT)
            .page_margin(margin)
            .header(page_number)
            .first_header(Header::new())
            .title_pg();
    } else {
        let section = main.into_iter().fold(
            Section::new()
                .page_size(PageSize::new().size(A4_WIDTH, A4_HEIGHT))
                .page_margin(margin.clone())
                .title_pg()
                .header(page_number.clone())
                .first_header(Header::new()),
            Element::add_to_section,
        );
        docx = docx.add_section(section);
        docx = appendix.into_iter().fold(docx, Element::add_to_docx);
        docx = docx
            .page_size(page_width, page_height)
            .page_orient(orient)
            .page_margin(margin)
            .header(page_number);
    }

    let mut xml = docx.build();
    // docx-rs has no "repeat header row": header rows are marked cantSplit,
    // and gain w:tblHeader here.
    let document = String::from_utf8_lossy(&xml.document)
        .replace("<w:cantSplit />", "<w:cantSplit /><w:tblHeader />");
    xml.document = document.into_bytes();
    add_charts(xml, &placed)
}

/// A chart's caption, kept with the paragraph that will hold drawing
/// `placed` (none when the report has no such chart).
fn chart_elements(caption: &str, placed: Option<usize>, size: usize) -> Vec<Element> {
    let caption = centered(vec![run(caption, size).bold()])
        .line_spacing(LineSpacing::new().before(240).after(120));
    match placed {
        Some(number) => vec![
            Element::Paragraph(caption.keep_next(true)),
            Element::Paragraph(centered(vec![run(&marker(number), size)])),
        ],
        None => vec![Element::Paragraph(caption)],
    }
}

/// A paragraph that introduces a table stays on the table's page.
fn kept_with_their_tables(elements: Vec<Element>) -> Vec<Element> {
    let mut kept: Vec<Element> = Vec::with_capacity(elements.len());
    for element in elements {
        if let (Element::Table(_), Some(Element::Paragraph(before))) = (&element, kept.last_mut()) {
            *before = std::mem::take(before).keep_next(true);
        }
        kept.push(element);
    }
    kept
}

/// A paragraph or a table, to go into a section or the document.
// Each lives only until it is added, one block at a time: boxing the larger
// variant would buy nothing.
#[allow(clippy::large_enum_variant)]
enum Element {
    Paragraph(Paragraph),
    Table(Table),
}

impl Element {
    fn add_to_docx(docx: Docx, element: Element) -> Docx {
        match element {
            Element::Paragraph(p) => docx.add_paragraph(p),
            Element::Table(t) => docx.add_table(t),
        }
    }

    fn add_to_section(section: Section, element: Element) -> Section {
        match element {
            Element::Paragraph(p) => section.add_paragraph(p),
            Element::Table(t) => section.add_table(t),
        }
    }
}

/// The Word elements of a body block, for a text `width` in twips.
fn block_elements(block: &Block, size: usize, width: i32) -> Vec<Element> {
    match block {
        Block::Heading { level, text } => {
            let style = match level {
                1 | 2 => "Heading1",
                3 => "Heading2",
                _ => "Heading3",
            };
            // Appendix titles are centred, as official appendices are.
            let align = if text.to_lowercase().starts_with("phụ lục") {
                AlignmentType::Center
            } else {
                AlignmentType::Both
            };
            vec![Element::Paragraph(
                Paragraph::new()
                    .style(style)
                    .keep_next(true)
                    .align(align)
                    .line_spacing(LineSpacing::new().before(120).after(60))
                    .add_run(run(text, size)),
            )]
        }
        Block::Paragraph(spans) => vec![Element::Paragraph(body_paragraph(spans, size, false))],
        Block::Note(spans) => vec![Element::Paragraph(body_paragraph(spans, size, true))],
        Block::PageBreak => vec![Element::Paragraph(
            Paragraph::new().add_run(Run::new().add_break(BreakType::Page)),
        )],
        Block::Table {
            header,
            rows,
            align,
        } => vec![
            Element::Table(table(header, rows, align, width)),
            Element::Paragraph(Paragraph::new()),
        ],
        // Drawn by the caller, which knows the charts.
        Block::Chart { caption, .. } => chart_elements(caption, None, size),
    }
}

fn run(text: &str, size: usize) -> Run {
    Run::new().add_text(text).size(size)
}

fn centered(runs: Vec<Run>) -> Paragraph {
    runs.into_iter().fold(
        Paragraph::new().align(AlignmentType::Center),
        Paragraph::add_run,
    )
}

/// The runs of a text whose places to fill ("[Họ và tên]") are
/// highlighted, so the clerk sees at once what is left to write.
fn runs(text: &str, size: usize) -> Vec<Run> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find(']').map(|c| open + c + 1) else {
            break;
        };
        if open > 0 {
            out.push(run(&rest[..open], size));
        }
        out.push(run(&rest[open..close], size).highlight("yellow"));
        rest = &rest[close..];
    }
    if !rest.is_empty() || out.is_empty() {
        out.push(run(rest, size));
    }
    out
}

fn bold(runs: Vec<Run>) -> Vec<Run> {
    runs.into_iter().map(Run::bold).collect()
}

fn styled(span: &Span, size: usize, italic: bool) -> Vec<Run> {
    runs(&span.text, size)
        .into_iter()
        .map(|mut r| {
            if span.bold {
                r = r.bold();
            }
            if span.italic || italic {
                r = r.italic();
            }
            r
        })
        .collect()
}

/// Body text: justified, first line indented 1 cm, 6 pt after. A line all
/// in italics and in brackets ("(Kèm theo Báo cáo số …)") is centred.
fn body_paragraph(spans: &[Span], size: usize, italic: bool) -> Paragraph {
    let text: String = spans.iter().map(|s| s.text.as_str()).collect();
    let bracketed = text.starts_with('(') && text.ends_with(')');
    if bracketed && spans.iter().all(|s| s.italic) {
        return spans.iter().fold(
            Paragraph::new()
                .align(AlignmentType::Center)
                .line_spacing(LineSpacing::new().after(120)),
            |p, span| {
                styled(span, size, italic)
                    .into_iter()
                    .fold(p, Paragraph::add_run)
            },
        );
    }
    spans.iter().fold(
        Paragraph::new()
            .align(AlignmentType::Both)
            .indent(None, Some(SpecialIndentType::FirstLine(567)), None, None)
            .line_spacing(LineSpacing::new().after(120)),
        |p, span| {
            styled(span, size, italic)
                .into_iter()
                .fold(p, Paragraph::add_run)
        },
    )
}

fn borderless_cell(paragraphs: Vec<Paragraph>, width: i32) -> TableCell {
    paragraphs
        .into_iter()
        .fold(
            TableCell::new().width(width.max(0) as usize, WidthType::Dxa),
            TableCell::add_paragraph,
        )
        .clear_all_border()
}

/// Issuing body, "*" and number on the left; motto, place and date on the right.
fn front_matter(report: &Report, size: usize, width: i32) -> Table {
    let d = &report.document;
    // The state's national name needs the wider right-hand column.
    let left_width = if report.document.party {
        width * 45 / 100
    } else {
        width * 40 / 100
    };
    let mut left = Vec::new();
    if let Some(superior) = &d.superior_body {
        left.push(centered(vec![run(superior, size)]));
    }
    let body_points = if d.party { size } else { 26 };
    left.push(centered(bold(runs(&d.issuing_body, body_points))));
    left.push(centered(vec![run(&d.issuing_mark, size)]));
    left.push(centered(runs(&d.number_line, size)));
    let mut right = Vec::new();
    // Party: "ĐẢNG CỘNG SẢN VIỆT NAM" 15 pt with a rule as long as itself
    // (Hướng dẫn 36). State: the national name 12 pt, on one line, over the
    // motto 13 pt, underlined (Nghị định 30).
    for (i, line) in d.motto.iter().enumerate() {
        let points = match (d.party, i) {
            (true, _) => size + 1,
            (false, 0) => 24,
            (false, _) => 26,
        };
        let r = run(line, points).bold();
        right.push(centered(vec![if d.party || i == 1 {
            r.underline("single")
        } else {
            r
        }]));
    }
    right.push(
        centered(
            runs(&d.place_date, size)
                .into_iter()
                .map(Run::italic)
                .collect(),
        )
        .line_spacing(LineSpacing::new().before(120)),
    );
    Table::without_borders(vec![TableRow::new(vec![
        borderless_cell(left, left_width),
        borderless_cell(right, width - left_width),
    ])])
    .set_grid(vec![
        left_width.max(0) as usize,
        (width - left_width).max(0) as usize,
    ])
    .width(width.max(0) as usize, WidthType::Dxa)
}

/// "Nơi nhận" on the left; the signer on the right.
fn signature(report: &Report, size: usize, width: i32) -> Table {
    let d = &report.document;
    let half = width / 2;
    let small = size.saturating_sub(4).max(20);
    // Party documents underline "Nơi nhận:"; State documents set it bold italic.
    let heading = run("Nơi nhận:", small);
    let heading = if d.party {
        heading.underline("single")
    } else {
        heading.bold().italic()
    };
    let mut left = vec![Paragraph::new().add_run(heading)];
    for line in d.recipient_lines() {
        left.push(
            runs(&line, small - 2)
                .into_iter()
                .fold(Paragraph::new(), Paragraph::add_run),
        );
    }
    let mut right = Vec::new();
    if let Some(on_behalf) = &d.signer_on_behalf {
        right.push(centered(vec![run(on_behalf, size).bold()]));
    }
    right.push(centered(bold(runs(&d.signer_title, size))));
    // Room for the signature and the seal, as signed documents leave it.
    for _ in 0..4 {
        right.push(Paragraph::new());
    }
    right.push(centered(bold(runs(&d.signer_name, size))));
    Table::without_borders(vec![TableRow::new(vec![
        borderless_cell(left, half),
        borderless_cell(right, width - half),
    ])])
    .set_grid(vec![half.max(0) as usize, (width - half).max(0) as usize])
    .width(width.max(0) as usize, WidthType::Dxa)
}

/// A column heading, its unit on a line of its own: "Tổng kinh phí" over
/// "(triệu đồng)", never "Tổng kinh phí (triệu" over "đồng)".
fn heading_runs(heading: &str, size: usize) -> Vec<Run> {
    match heading.rsplit_once(" (") {
        Some((words, unit)) if !words.is_empty() => vec![
            run(words, size).bold(),
            Run::new()
                .add_break(BreakType::TextWrapping)
                .add_text(format!("({unit}"))
                .size(size)
                .bold(),
        ],
        _ => vec![run(heading, size).bold()],
    }
}

/// A bordered table, centred; the header row repeats on each page. A table
/// of short columns is narrower than the page rather than stretched thin.
fn table(header: &[String], rows: &[Vec<Vec<Span>>], align: &[ColumnAlign], width: i32) -> Table {
    let columns = header.len().max(1);
    // Wide tables get a point smaller type; every column gets room for its
    // longest value (numbers must not wrap) and its header's longest word,
    // and the column of the longest texts the most room.
    let size = if columns >= 7 {
        (TABLE_SIZE_PT - 1) * 2
    } else {
        TABLE_SIZE_PT * 2
    };
    let longest: Vec<usize> = (0..columns)
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|spans| spans.iter().map(|s| s.text.chars().count()).sum::<usize>())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let widest = (0..columns).max_by_key(|&i| (longest[i], std::cmp::Reverse(i)));
    let needs: Vec<usize> = (0..columns)
        .map(|i| {
            let longest_value = longest[i];
            // A heading may take two lines, never one word a line; a short
            // one ("Số mô hình") keeps to one, rather than "Số mô" over "hình".
            const SHORT_HEADING: usize = 12;
            let heading = header.get(i).map_or(0, |h| {
                let length = h.chars().count();
                let longest_word = h
                    .split_whitespace()
                    .map(|w| w.chars().count())
                    .max()
                    .unwrap_or(0);
                if length <= SHORT_HEADING {
                    length
                } else {
                    longest_word.max(length.div_ceil(2))
                }
            });
            let most = if Some(i) == widest { 60 } else { 30 };
            longest_value.max(heading).clamp(4, most) + 2
        })
        .collect();
    let total: usize = needs.iter().sum();
    let width = width
        .min((total * TWIPS_PER_CHARACTER) as i32)
        .max(width / 2);
    // When the page is too narrow for every column, short columns (STT,
    // units, years) keep their room and the long ones give way: "STT" must
    // not wrap to "ST/T".
    const SHORT: usize = 8;
    let short_room: usize = needs.iter().filter(|&&n| n <= SHORT).sum();
    let long_room = total - short_room;
    let short_width = (short_room * TWIPS_PER_CHARACTER) as i32;
    let squeezed = long_room > 0 && short_width < width / 2;
    let widths: Vec<i32> = needs
        .iter()
        .map(|&n| match squeezed {
            true if n <= SHORT => (n * TWIPS_PER_CHARACTER) as i32,
            true => (i64::from(width - short_width) * n as i64 / long_room as i64) as i32,
            false => (i64::from(width) * n as i64 / total.max(1) as i64) as i32,
        })
        .collect();
    let other = widths.last().copied().unwrap_or(width);
    let cell = |paragraph: Paragraph, i: usize| {
        TableCell::new()
            .width(
                widths.get(i).copied().unwrap_or(other).max(0) as usize,
                WidthType::Dxa,
            )
            .vertical_align(VAlignType::Center)
            .add_paragraph(paragraph)
    };
    let head = TableRow::new(
        header
            .iter()
            .enumerate()
            .map(|(i, h)| cell(centered(heading_runs(h, size)).keep_next(true), i))
            .collect(),
    )
    .cant_split();
    let mut table_rows = vec![head];
    // A short table stays on one page: each row keeps with the next.
    let keep_together = rows.len() <= 25;
    for (r, row) in rows.iter().enumerate() {
        let keep = keep_together && r + 1 < rows.len();
        let cells = row
            .iter()
            .enumerate()
            .map(|(i, spans)| {
                let align = match align.get(i) {
                    Some(ColumnAlign::Right) => AlignmentType::Right,
                    Some(ColumnAlign::Center) => AlignmentType::Center,
                    _ => AlignmentType::Left,
                };
                let paragraph =
                    spans
                        .iter()
                        .fold(Paragraph::new().align(align).keep_next(keep), |p, s| {
                            styled(s, size, false)
                                .into_iter()
                                .fold(p, Paragraph::add_run)
                        });
                cell(paragraph, i)
            })
            .collect();
        table_rows.push(TableRow::new(cells));
    }
    Table::new(table_rows)
        .set_grid(widths.iter().map(|w| (*w).max(0) as usize).collect())
        .width(width.max(0) as usize, WidthType::Dxa)
        .align(TableAlignmentType::Center)
}
