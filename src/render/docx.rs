//! `bao-cao.docx`: the report in the official layout (Party: Hướng dẫn
//! 36-HD/VPTW; State: Nghị định 30/2020/NĐ-CP), from the same [`Report`]
//! as `bao-cao.md`.
//!
//! A4, Times New Roman, margins from the config, real Word heading styles
//! (the navigation pane works), tables whose header row repeats on every
//! page and whose columns are as wide as their headings and figures need
//! (measured in Times New Roman, see [`text_width`]), page numbers centred
//! at the top from page 2, the signature block and
//! "Nơi nhận". Deterministic: fixed document dates, no timestamps in the zip.

use super::chart::ChartData;
use super::docx_chart::{add_charts, marker, PlacedChart};
use super::report::{Block, ColumnAlign, Report, Span};
use super::text_width;
use docx_rs::{
    AlignmentType, BreakType, Docx, Header, LineSpacing, PageMargin, PageNum, PageOrientationType,
    PageSize, Paragraph, Run, RunFonts, Section, SpecialIndentType, Style, StyleType, Table,
    TableAlignmentType, TableCell, TableCellMargins, TableLayoutType, TableRow, VAlignType,
    WidthType,
};
use std::borrow::Cow;

const FONT: &str = "Times New Roman";
/// A4 in twentieths of a point.
const A4_WIDTH: u32 = 11_906;
const A4_HEIGHT: u32 = 16_838;
const TWIPS_PER_MM: f64 = 56.692_913;
/// Table text is a size smaller than the body's.
const TABLE_SIZE_PT: usize = 12;
/// A table cell's padding left and right, in twips: Word's default, written
/// out so that LibreOffice lays the table out alike.
const CELL_PADDING: usize = 108;
/// The narrowest table column, in twips: "STT" and a three-digit number.
const NARROWEST: f64 = 700.0;

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
        .created_at(&report.document.created)
        .updated_at(&report.document.created);

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
        // Under the subject: "-----" in a Party document (Hướng dẫn 36), a
        // solid line a third of the subject's width in a State one (Nghị
        // định 30), drawn as underlined spaces.
        Element::Paragraph(centered(vec![if report.document.party {
            run("-----", size)
        } else {
            run(&"\u{a0}".repeat(24), size).underline("single")
        }])),
    ];
    // Charts are drawn where the body names them ("**Biểu đồ N. …**").
    let mut placed: Vec<PlacedChart<'_>> = Vec::new();
    let mut elements = |block: &Block, next: Option<&Block>, room: TextArea| match block {
        Block::Chart { number, caption } => {
            let data = charts.get(number.wrapping_sub(1));
            if let Some(data) = data {
                placed.push(PlacedChart {
                    data,
                    width_twips: room.width,
                    number: placed.len() + 1,
                });
            }
            chart_elements(caption, data.map(|_| placed.len()), size)
        }
        _ => block_elements(block, next, size, room),
    };
    let body = TextArea {
        width: text_width,
        height: A4_HEIGHT as i32 - margin.top - margin.bottom,
    };
    for (i, block) in text.iter().enumerate() {
        main.extend(elements(block, text.get(i + 1), body));
    }
    main.push(Element::Table(signature(report, size, text_width)));

    // The appendices follow on pages of their own: landscape when a table
    // is too wide for a portrait page.
    let appendix_blocks: Vec<&Block> = appendices
        .iter()
        .filter(|b| **b != Block::PageBreak)
        .collect();
    let portrait_width = A4_WIDTH as i32 - margin.left - margin.right;
    let wide = appendix_blocks.iter().any(|b| match b {
        Block::Table {
            header,
            rows,
            align,
        } => header.len() >= 6 || !fits_on(header, rows, align, portrait_width),
        _ => false,
    });
    let (page_width, page_height, orient) = if wide {
        (A4_HEIGHT, A4_WIDTH, PageOrientationType::Landscape)
    } else {
        (A4_WIDTH, A4_HEIGHT, PageOrientationType::Portrait)
    };
    let appendix_area = TextArea {
        width: page_width as i32 - margin.left - margin.right,
        height: page_height as i32 - margin.top - margin.bottom,
    };

    let mut appendix: Vec<Element> = Vec::new();
    for (i, block) in appendix_blocks.iter().enumerate() {
        let next = appendix_blocks.get(i + 1).copied();
        appendix.extend(elements(block, next, appendix_area));
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
    // docx-rs has no "repeat header row": a table's first row, when it is
    // marked cantSplit (as header rows and data rows are), gains
    // w:tblHeader here.
    let document = String::from_utf8_lossy(&xml.document)
        .split("<w:tbl>")
        .enumerate()
        .map(|(i, part)| match i {
            0 => Cow::Borrowed(part),
            _ => Cow::Owned(part.replacen("<w:cantSplit />", "<w:cantSplit /><w:tblHeader />", 1)),
        })
        .collect::<Vec<_>>()
        .join("<w:tbl>");
    xml.document = document.into_bytes();
    // docx-rs writes "unknown" as the author and has no setter for it.
    let author = super::docx_chart::escape(&report.document.author);
    let core = String::from_utf8_lossy(&xml.doc_props.core)
        .replace(
            "<dc:creator>unknown</dc:creator>",
            &format!("<dc:creator>{author}</dc:creator>"),
        )
        .replace(
            "<cp:lastModifiedBy>unknown</cp:lastModifiedBy>",
            &format!("<cp:lastModifiedBy>{author}</cp:lastModifiedBy>"),
        );
    xml.doc_props.core = core.into_bytes();
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

/// The text area of a page, in twips.
#[derive(Debug, Clone, Copy)]
struct TextArea {
    width: i32,
    height: i32,
}

/// The Word elements of a body block, for a page's text `area`; `next` is
/// the block that follows it.
fn block_elements(
    block: &Block,
    next: Option<&Block>,
    size: usize,
    area: TextArea,
) -> Vec<Element> {
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
        } => {
            // A note under a table ("Lượt cơ quan, đơn vị tham gia: …")
            // is not left alone at the top of the next page.
            let note_follows = matches!(next, Some(Block::Paragraph(_) | Block::Note(_)));
            vec![
                Element::Table(table(header, rows, align, area, note_follows)),
                Element::Paragraph(Paragraph::new().keep_next(note_follows)),
            ]
        }
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
    // Room inside the cell: its width less Word's default cell margins.
    let room_pt = f64::from(left_width) / 20.0 - 11.0;
    for line in issuing_body_lines(&d.issuing_body, body_points, room_pt) {
        left.push(centered(bold(runs(&line, body_points))));
    }
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

/// The issuing body's lines: one when it fits its column, else as few lines
/// as even as they can be ("BAN TUYÊN GIÁO" over "VÀ DÂN VẬN", not "VẬN"
/// alone on the second line where Word would break it). A placeholder to
/// fill stays whole. `half_points` is the font size as Word gives it.
fn issuing_body_lines(body: &str, half_points: usize, room_pt: f64) -> Vec<String> {
    let size_pt = half_points as f64 / 2.0;
    let lines = text_width::wrapped_lines(body, room_pt, size_pt, true);
    if lines <= 1 || body.starts_with('[') {
        return vec![body.to_owned()];
    }
    text_width::balanced_lines(body, lines, size_pt, true).1
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

/// Measured widths are estimates: a text is given this much more room.
const SPARE: f64 = 1.06;
/// Room a text of `points` needs in a cell, padding included, in twips.
fn cell_twips(points: f64) -> f64 {
    points * SPARE * 20.0 + (2 * CELL_PADDING) as f64
}

/// The lines of a column heading for a column `width` twips wide: the
/// unit always on a line of its own ("Tổng kinh phí" over "(triệu đồng)",
/// never "Tổng kinh phí (triệu" over "đồng)"); words that do not fit on one
/// line go on two evenly long ones ("Ngân sách" over "nhà nước", never
/// "Ngân sách nhà" over "nước"). Columns are made wide enough for at most
/// two lines (see [`column_rooms`]); only a page too narrow for that gives
/// a heading with a unit three. Narrower still, Word wraps them.
fn heading_lines(heading: &str, width: i32, points: f64) -> Vec<String> {
    let (words, unit) = text_width::heading_unit(heading);
    // Widths are whole twips, rounded down.
    let fits = |text_points: f64| cell_twips(text_points) <= f64::from(width) + 1.0;
    let mut lines = if fits(text_width::width_pt(words, points, true)) {
        vec![words.to_owned()]
    } else {
        let (two, lines) = text_width::balanced_lines(words, 2, points, true);
        if fits(two) {
            lines
        } else {
            vec![words.to_owned()]
        }
    };
    lines.extend(unit.map(str::to_owned));
    lines
}

fn heading_runs(lines: &[String], size: usize) -> Vec<Run> {
    lines
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let run = if i == 0 {
                Run::new()
            } else {
                Run::new().add_break(BreakType::TextWrapping)
            };
            run.add_text(line).size(size).bold()
        })
        .collect()
}

/// How much room a column needs, in twips, padding included, from the
/// last resort to all it could use.
#[derive(Debug, Clone, Copy, PartialEq)]
struct ColumnRoom {
    /// Narrower than this, a word would break.
    hard: f64,
    /// Its heading on at most two lines: its words on one and its unit on
    /// the other ("Vận động xã hội hóa" over "(triệu đồng)"), or words with
    /// no unit on two (one for a heading of one or two words, "Mức độ");
    /// its figures on one line, its texts wrapped no narrower than a few
    /// words.
    least: f64,
    /// As `least`, with the heading's words on one line.
    headed: f64,
    /// As `headed`, with its longest text on one line too (at most about
    /// half the table).
    ample: f64,
}

/// The room each column of a table needs at `points`, for a table at most
/// `page` twips wide. Figures (right- or centre-aligned) never wrap; texts
/// (left-aligned) may.
fn column_rooms(
    header: &[String],
    rows: &[Vec<Vec<Span>>],
    align: &[ColumnAlign],
    page: i32,
    points: f64,
) -> Vec<ColumnRoom> {
    // A text column wider than this is wrapped rather than made wider.
    let longest_text = f64::from(page) * 0.45 / 20.0;
    // A text column is kept at least this wide (a few words), if its texts are.
    const FEW_WORDS_PT: f64 = 72.0;
    header
        .iter()
        .enumerate()
        .map(|(i, heading)| {
            let (words, unit) = text_width::heading_unit(heading);
            let unit = unit.map_or(0.0, |u| text_width::width_pt(u, points, true));
            let one_line = text_width::width_pt(words, points, true);
            let two_lines = if words.split_whitespace().count() <= 2 {
                one_line
            } else {
                text_width::balanced_lines(words, 2, points, true).0
            };
            let (mut value, mut word) = (0.0_f64, 0.0_f64);
            for spans in rows.iter().filter_map(|r| r.get(i)) {
                value = value.max(
                    spans
                        .iter()
                        .map(|s| text_width::width_pt(&s.text, points, s.bold))
                        .sum(),
                );
                for s in spans {
                    word = word.max(text_width::widest_word_pt(&s.text, points, s.bold));
                }
            }
            let text = matches!(align.get(i), None | Some(ColumnAlign::Left));
            let (hard_value, least_value, ample_value) = if text {
                (
                    word,
                    word.max(value.min(FEW_WORDS_PT)),
                    value.min(longest_text),
                )
            } else {
                (value, value, value)
            };
            // Two lines at most: a unit takes one, so its words the other.
            let heading = if unit > 0.0 {
                one_line.max(unit)
            } else {
                two_lines
            };
            let hard = cell_twips(two_lines.max(unit).max(hard_value)).max(NARROWEST);
            let least = cell_twips(heading.max(least_value)).max(hard);
            let headed = cell_twips(one_line).max(least);
            let ample = cell_twips(ample_value).max(headed);
            ColumnRoom {
                hard,
                least,
                headed,
                ample,
            }
        })
        .collect()
}

/// The columns' widths for a table at most `page` twips wide. When all
/// columns fit with their ample room, they have it, and a little more (a
/// table of short columns is narrower than the page, but no narrower than
/// 60% of it). Otherwise each has its least room, then what is left goes first to
/// headings, so that as many as can be are on one line (those that lack
/// least first), then to long texts, in proportion to what each lacks. A
/// page too narrow even for the least room takes from the texts down to
/// their longest word, then from all columns alike.
fn column_widths(rooms: &[ColumnRoom], page: i32) -> Vec<i32> {
    let page = f64::from(page);
    let sum = |get: fn(&ColumnRoom) -> f64| rooms.iter().map(get).sum::<f64>();
    let (hard, least, headed, ample) = (
        sum(|r| r.hard),
        sum(|r| r.least),
        sum(|r| r.headed),
        sum(|r| r.ample),
    );
    // Each column between two of its rooms, the page's width shared in
    // proportion to what each lacks.
    let between = |from: fn(&ColumnRoom) -> f64, to: fn(&ColumnRoom) -> f64, share: f64| {
        rooms
            .iter()
            .map(|r| from(r) + (to(r) - from(r)) * share)
            .collect::<Vec<f64>>()
    };
    let widths: Vec<f64> = if ample <= page {
        // Some air around the widest texts, and no table narrower than
        // 60% of the page: the appendices look alike.
        let width = (ample * 1.15).max(page * 0.6).min(page);
        rooms.iter().map(|r| r.ample * width / ample).collect()
    } else if headed <= page {
        between(
            |r| r.headed,
            |r| r.ample,
            (page - headed) / (ample - headed),
        )
    } else if least <= page {
        let mut widths: Vec<f64> = rooms.iter().map(|r| r.least).collect();
        let mut order: Vec<usize> = (0..rooms.len()).collect();
        let lack = |i: usize| rooms[i].headed - rooms[i].least;
        order.sort_by(|&a, &b| lack(a).total_cmp(&lack(b)).then(a.cmp(&b)));
        let mut left = page - least;
        for i in order {
            let given = lack(i).min(left);
            widths[i] += given;
            left -= given;
        }
        widths
    } else if hard <= page {
        between(|r| r.hard, |r| r.least, (page - hard) / (least - hard))
    } else {
        rooms.iter().map(|r| r.hard * page / hard).collect()
    };
    widths.into_iter().map(|w| w.floor() as i32).collect()
}

/// A table with more rows than this keeps its widths as shared: its text
/// columns are not balanced line by line (the report's own lists are shorter).
const BALANCED_ROWS: usize = 200;

/// Shares the room of a table's text columns, when some must wrap, so that
/// its rows take as few lines as they can: the room above each column's
/// heading goes, a slice at a time, where it saves the most lines. A long
/// message beside a short place ("Nội dung" beside "Vị trí") then gets
/// most of the width, not the same.
fn balance_texts(
    widths: &mut [i32],
    rooms: &[ColumnRoom],
    rows: &[Vec<Vec<Span>>],
    align: &[ColumnAlign],
    points: usize,
) {
    let texts: Vec<usize> = (0..widths.len().min(rooms.len()))
        .filter(|&i| matches!(align.get(i), None | Some(ColumnAlign::Left)))
        .collect();
    if texts.len() < 2 || rows.len() > BALANCED_ROWS {
        return;
    }
    // Each row's text cells' widths on one line, in points.
    let text_widths: Vec<Vec<f64>> = rows
        .iter()
        .map(|row| {
            texts
                .iter()
                .map(|&i| {
                    row.get(i).map_or(0.0, |spans| {
                        spans
                            .iter()
                            .map(|s| text_width::width_pt(&s.text, points as f64, s.bold))
                            .sum()
                    })
                })
                .collect()
        })
        .collect();
    // The room (twips) each text column's longest cell takes on one line (a
    // column's ample room stops at about half the page; this does not).
    let longest: Vec<f64> = (0..texts.len())
        .map(|k| cell_twips(text_widths.iter().map(|cells| cells[k]).fold(0.0, f64::max)))
        .collect();
    let short = |widths: &[i32], k: usize| f64::from(widths[texts[k]]) < longest[k];
    if !(0..texts.len()).any(|k| short(widths, k)) {
        return;
    }
    let floor: Vec<i32> = texts
        .iter()
        .map(|&i| (rooms[i].headed.ceil() as i32).min(widths[i]))
        .collect();
    let pool: i32 = texts.iter().zip(&floor).map(|(&i, &f)| widths[i] - f).sum();
    if pool <= 0 {
        return;
    }
    for (&i, &f) in texts.iter().zip(&floor) {
        widths[i] = f;
    }
    // The rows' lines, each row as tall as its fullest text cell, counted
    // in fractions of a line (a cell's text width over its room) so that
    // a slice counts before it saves a whole line.
    let cost = |widths: &[i32]| -> f64 {
        text_widths
            .iter()
            .map(|cells| {
                cells
                    .iter()
                    .zip(&texts)
                    .map(|(w, &i)| {
                        let room =
                            ((f64::from(widths[i]) - (2 * CELL_PADDING) as f64) / 20.0 / SPARE)
                                .max(1.0);
                        (w / room).max(1.0)
                    })
                    .fold(1.0, f64::max)
            })
            .sum()
    };
    const SLICES: i32 = 40;
    let slice = (pool / SLICES).max(1);
    let mut left = pool;
    while left > 0 {
        let give = slice.min(left);
        let wanting: Vec<usize> = (0..texts.len())
            .filter(|&k| short(widths, k))
            .map(|k| texts[k])
            .collect();
        let candidates = if wanting.is_empty() { &texts } else { &wanting };
        let best = candidates
            .iter()
            .map(|&i| {
                widths[i] += give;
                let c = cost(widths);
                widths[i] -= give;
                (c, i)
            })
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, i)| i);
        let Some(best) = best else { return };
        widths[best] += give;
        left -= give;
    }
}

/// About how tall a table is, in twips, its columns `widths` twips wide:
/// each row as many lines as its longest cell wraps to.
fn table_height(header: &[String], rows: &[Vec<Vec<Span>>], widths: &[i32], points: usize) -> i32 {
    let points = points as f64;
    let room = |i: usize| {
        let width = widths.get(i).copied().unwrap_or(0);
        (f64::from(width) - (2 * CELL_PADDING) as f64) / 20.0 / SPARE
    };
    let head = header
        .iter()
        .enumerate()
        .map(|(i, h)| heading_lines(h, widths.get(i).copied().unwrap_or(0), points).len())
        .max()
        .unwrap_or(1);
    let lines: usize = head
        + rows
            .iter()
            .map(|row| {
                row.iter()
                    .enumerate()
                    .map(|(i, spans)| {
                        let text: String = spans.iter().map(|s| s.text.as_str()).collect();
                        text_width::wrapped_lines(&text, room(i), points, false)
                    })
                    .max()
                    .unwrap_or(1)
            })
            .sum::<usize>();
    // Single line spacing is about 1.15 of the type's size.
    (lines as f64 * points * 1.15 * 20.0) as i32
}

/// Whether a table fits a page `page` twips wide without a word broken.
fn fits_on(header: &[String], rows: &[Vec<Vec<Span>>], align: &[ColumnAlign], page: i32) -> bool {
    let rooms = column_rooms(header, rows, align, page, (TABLE_SIZE_PT - 1) as f64);
    rooms.iter().map(|r| r.least).sum::<f64>() <= f64::from(page)
}

/// A bordered table, centred; the header row repeats on each page. With
/// `keep_with_next`, its last row stays on the page of what follows (the
/// note under a table).
fn table(
    header: &[String],
    rows: &[Vec<Vec<Span>>],
    align: &[ColumnAlign],
    area: TextArea,
    keep_with_next: bool,
) -> Table {
    let page = area.width;
    // Wide tables get a point smaller type, and so does a table that would
    // not fit the page otherwise.
    let fits = |points: usize| {
        let rooms = column_rooms(header, rows, align, page, points as f64);
        rooms.iter().map(|r| r.least).sum::<f64>() <= f64::from(page)
    };
    let points = if header.len() >= 7 || !fits(TABLE_SIZE_PT) {
        TABLE_SIZE_PT - 1
    } else {
        TABLE_SIZE_PT
    };
    let size = points * 2;
    let rooms = column_rooms(header, rows, align, page, points as f64);
    let mut widths = column_widths(&rooms, page);
    balance_texts(&mut widths, &rooms, rows, align, points);
    let width: i32 = widths.iter().sum();
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
            .map(|(i, h)| {
                let width = widths.get(i).copied().unwrap_or(other);
                let lines = heading_lines(h, width, points as f64);
                cell(centered(heading_runs(&lines, size)).keep_next(true), i)
            })
            .collect(),
    )
    .cant_split();
    let mut table_rows = vec![head];
    // A table shorter than half a page stays on one page: each row keeps
    // with the next. A longer one would leave too much of a page blank, or,
    // longer than a page, its title alone on one.
    let keep_together = 2 * table_height(header, rows, &widths, points) <= area.height;
    for (r, row) in rows.iter().enumerate() {
        let last = r + 1 == rows.len();
        let keep = (keep_together && !last) || (keep_with_next && last);
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
        // A row is never split across two pages.
        table_rows.push(TableRow::new(cells).cant_split());
    }
    // Fixed layout: Word and LibreOffice both keep the widths set here
    // rather than re-fitting columns each its own way.
    Table::new(table_rows)
        .set_grid(widths.iter().map(|w| (*w).max(0) as usize).collect())
        .width(width.max(0) as usize, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .margins(TableCellMargins::new().margin(0, CELL_PADDING, 0, CELL_PADDING))
        .align(TableAlignmentType::Center)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_issuing_body_breaks_into_even_lines() {
        // Party layout, 14 pt, 45% of a page with 3 cm and 2 cm margins.
        let room_pt = f64::from((11_906 - 1_701 - 1_134) * 45 / 100) / 20.0 - 11.0;
        assert_eq!(
            issuing_body_lines("BAN TUYÊN GIÁO VÀ DÂN VẬN", 28, room_pt),
            ["BAN TUYÊN GIÁO", "VÀ DÂN VẬN"]
        );
        assert_eq!(
            issuing_body_lines("BAN DÂN VẬN", 28, room_pt),
            ["BAN DÂN VẬN"]
        );
        assert_eq!(
            issuing_body_lines("[TÊN CƠ QUAN BAN HÀNH ĐỦ DÀI ĐỂ XUỐNG DÒNG]", 28, room_pt),
            ["[TÊN CƠ QUAN BAN HÀNH ĐỦ DÀI ĐỂ XUỐNG DÒNG]"]
        );
    }

    /// The width (twips) of a column whose heading `line` just fits.
    fn just_fits(line: &str, points: f64) -> i32 {
        cell_twips(text_width::width_pt(line, points, true)).ceil() as i32
    }

    #[test]
    fn a_heading_keeps_its_unit_apart_and_its_words_in_even_lines() {
        let money = "Ngân sách nhà nước (triệu đồng)";
        // (heading, column width, lines)
        let cases: [(&str, i32, &[&str]); 4] = [
            (
                money,
                just_fits("Ngân sách nhà nước", 11.0),
                &["Ngân sách nhà nước", "(triệu đồng)"],
            ),
            (
                money,
                just_fits("Ngân sách nhà nước", 11.0) - 20,
                &["Ngân sách", "nhà nước", "(triệu đồng)"],
            ),
            (
                "Số công trình",
                just_fits("Số công trình", 11.0),
                &["Số công trình"],
            ),
            // Too narrow even for two lines: Word wraps it.
            ("Số công trình", 500, &["Số công trình"]),
        ];
        for (heading, width, expected) in cases {
            assert_eq!(heading_lines(heading, width, 11.0), expected, "{width}");
        }
    }

    #[test]
    fn columns_share_the_page_by_what_they_need() {
        let room = |hard: f64, least: f64, headed: f64, ample: f64| ColumnRoom {
            hard,
            least,
            headed,
            ample,
        };
        // STT, a text column, two figure columns whose headings want more.
        let rooms = [
            room(700.0, 700.0, 700.0, 700.0),
            room(1000.0, 1500.0, 1500.0, 4000.0),
            room(1200.0, 1200.0, 1600.0, 1600.0),
            room(1200.0, 1200.0, 2000.0, 2000.0),
        ];
        // (page, widths)
        let cases: [(i32, [i32; 4]); 5] = [
            // All ample, and some air.
            (10_000, [805, 4600, 1840, 2300]),
            // Headings on one line; the text wraps.
            (7_000, [700, 2700, 1600, 2000]),
            // One heading on one line: the one that lacks least.
            (5_000, [700, 1500, 1600, 1200]),
            // Texts give way down to their longest word.
            (4_350, [700, 1250, 1200, 1200]),
            // Then all shrink alike.
            (2_050, [350, 500, 600, 600]),
        ];
        for (page, expected) in cases {
            assert_eq!(column_widths(&rooms, page), expected, "page {page}");
        }
    }
}
