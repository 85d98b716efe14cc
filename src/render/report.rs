//! The report as one document, rendered twice: to Markdown and to Word.
//!
//! The body comes from the tera template (Markdown); the front matter (who
//! issues it, number, place and date, title) and the signature block come
//! from the clerk's `[document]` settings. Both renderings read this one
//! [`Report`], so `bao-cao.md` and `bao-cao.docx` never say different things.

use super::markdown::escape_markdown;
use super::vn_format;
use crate::config::{DocumentOptions, Layout};
use serde::Serialize;

/// A piece of text with its emphasis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
}

/// A block of the report's body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// Level 1 = "I. KẾT QUẢ", 2 = "1. Mô hình", 3 = "Phụ lục 1."
    Heading {
        level: usize,
        text: String,
    },
    Paragraph(Vec<Span>),
    /// A note set apart ("Lưu ý: số liệu chưa đầy đủ").
    Note(Vec<Span>),
    /// A table: header cells, then rows, and how each column is aligned.
    Table {
        header: Vec<String>,
        rows: Vec<Vec<Vec<Span>>>,
        align: Vec<ColumnAlign>,
    },
    /// The appendices start on a new page.
    PageBreak,
    /// "**Biểu đồ 2. Kinh phí theo năm**" on a line of its own: the caption
    /// of chart `number`; Word draws the chart under it.
    Chart {
        number: usize,
        caption: String,
    },
}

/// A table column's alignment, from the Markdown delimiter row: `---`
/// left (text), `---:` right (figures), `:---:` centre (numbers that are
/// labels: STT, years).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnAlign {
    Left,
    Right,
    Center,
}

impl ColumnAlign {
    fn of_delimiter(cell: &str) -> Self {
        let cell = cell.trim();
        match (cell.starts_with(':'), cell.ends_with(':')) {
            (true, true) => ColumnAlign::Center,
            (_, true) => ColumnAlign::Right,
            _ => ColumnAlign::Left,
        }
    }
}

/// The front matter and signature block, as both renderings write them.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentView {
    pub party: bool,
    /// "ĐẢNG CỘNG SẢN VIỆT NAM", or the national motto's two lines.
    pub motto: Vec<String>,
    pub superior_body: Option<String>,
    /// Upper case, for the header block.
    pub issuing_body: String,
    /// As the clerk wrote it, for sentences ("Ủy ban nhân dân huyện Minh Long").
    pub issuing_body_name: String,
    /// Under the issuing body: "*" (Party) or a short rule (State).
    pub issuing_mark: String,
    pub number_line: String,
    pub place_date: String,
    /// For the appendices' "(Kèm theo …)": "Báo cáo số 12-BC/BDVHU ngày
    /// 15/6/2022 của Ban Dân vận Huyện ủy".
    pub reference: String,
    pub subject: String,
    pub directive: String,
    /// The clerk named the directive (its subject is then the clerk's own words).
    pub directive_given: bool,
    /// What section I reports on: "phong trào" when the sentence has
    /// already named the movement (the directive's subject does), else
    /// "phong trào thi đua “Dân vận khéo”".
    pub movement: String,
    pub signer_on_behalf: Option<String>,
    pub signer_title: String,
    pub signer_name: String,
    pub recipients: Vec<String>,
    /// The files' author (docx and xlsx properties): the issuing body as
    /// the clerk wrote it, else "dvk".
    pub author: String,
    /// The files' creation time (W3CDTF), never the clock, so that the
    /// same input gives the same bytes: the signing date if given, else
    /// the last day of the period reported on.
    pub created: String,
    /// The same date as (year, month, day).
    pub created_ymd: (u16, u8, u8),
}

impl DocumentView {
    /// The "Nơi nhận" lines as both renderings print them, a stop after
    /// the last: Party documents put a comma after each other recipient
    /// ("- Ban Dân vận Tỉnh ủy," … "- Lưu Văn phòng.", Hướng dẫn
    /// 36-HD/VPTW), State documents a semicolon ("- Như trên;" … "- Lưu:
    /// VT.", Nghị định 30/2020/NĐ-CP). The clerk's own end marks are replaced.
    pub fn recipient_lines(&self) -> Vec<String> {
        let n = self.recipients.len();
        let between = if self.party { "," } else { ";" };
        self.recipients
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let r = r.trim_end_matches([',', ';', '.']).trim_end();
                format!("- {r}{}", if i + 1 == n { "." } else { between })
            })
            .collect()
    }

    /// The document's facts; what the clerk has not given is a place to fill.
    pub fn new(
        options: &DocumentOptions,
        period_from: Option<i32>,
        period_to: Option<i32>,
    ) -> Self {
        let party = options.layout == Layout::Party;
        let period = match (period_from, period_to) {
            (Some(a), Some(b)) if a != b => format!("giai đoạn {a} – {b}"),
            (Some(a), _) => format!("năm {a}"),
            _ => String::new(),
        };
        let subject = options.subject.clone().unwrap_or_else(|| {
            let name = options
                .period_name
                .clone()
                .map(|n| format!("{} ", capitalise(&n)))
                .unwrap_or_default();
            let what = if name.is_empty() {
                "Kết quả thực hiện"
            } else {
                "thực hiện"
            };
            // "Tổng kết năm 2025 …" says its year already: not twice.
            let names_year = [period_from, period_to]
                .into_iter()
                .flatten()
                .any(|year| name.contains(&year.to_string()));
            let period = if names_year { "" } else { period.as_str() };
            format!("{name}{what} phong trào thi đua “Dân vận khéo” {period}")
                .trim()
                .to_owned()
        });
        let number = options.number.clone().unwrap_or_else(|| "[   ]".to_owned());
        DocumentView {
            party,
            motto: if party {
                vec!["ĐẢNG CỘNG SẢN VIỆT NAM".to_owned()]
            } else {
                vec!["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".to_owned(), "Độc lập - Tự do - Hạnh phúc".to_owned()]
            },
            superior_body: options.superior_body.as_ref().map(|s| s.to_uppercase()),
            issuing_body: options
                .issuing_body
                .as_ref()
                .map_or_else(|| "[TÊN CƠ QUAN BAN HÀNH]".to_owned(), |s| s.to_uppercase()),
            issuing_body_name: options
                .issuing_body_in_text
                .clone()
                .or_else(|| options.issuing_body.clone())
                .unwrap_or_else(|| "[tên cơ quan ban hành]".to_owned()),
            issuing_mark: if party { "*".to_owned() } else { "————".to_owned() },
            number_line: if party { format!("Số {number}") } else { format!("Số: {number}") },
            reference: format!(
                "Báo cáo số {number} ngày {} của {}",
                options.date.map_or_else(|| "…".to_owned(), vn_format::date_in_figures),
                options
                    .issuing_body_in_text
                    .as_deref()
                    .or(options.issuing_body.as_deref())
                    .unwrap_or("[tên cơ quan ban hành]")
            ),
            place_date: format!(
                "{}, {}",
                options.place.as_deref().unwrap_or("[Địa danh]"),
                options
                    .date
                    .map_or_else(|| "ngày … tháng … năm …".to_owned(), vn_format::date_in_words)
            ),
            subject,
            directive_given: options.directive.is_some(),
            // "Căn cứ Chỉ thị số 22-CT/TU …, Ban Dân vận báo cáo kết quả
            // thực hiện phong trào thi đua “Dân vận khéo” …", never a bare
            // "kết quả thực hiện từ năm …"; once named, "phong trào" will do.
            movement: if options.directive.as_deref().is_none_or(|d| {
                crate::normalise::fold::bare_key(d).contains("dan van kheo")
            }) {
                "phong trào".to_owned()
            } else {
                "phong trào thi đua “Dân vận khéo”".to_owned()
            },
            directive: options
                .directive
                .clone()
                .unwrap_or_else(|| "[tên văn bản chỉ đạo, ví dụ: Chỉ thị số 22-CT/TU ngày 3/4/2017 của Ban Thường vụ Tỉnh ủy]".to_owned()),
            signer_on_behalf: options.signer_on_behalf.as_ref().map(|s| s.to_uppercase()),
            signer_title: options
                .signer_title
                .as_ref()
                .map_or_else(|| "[CHỨC VỤ]".to_owned(), |s| s.to_uppercase()),
            signer_name: options.signer_name.clone().unwrap_or_else(|| "[Họ và tên]".to_owned()),
            author: options
                .issuing_body_in_text
                .clone()
                .or_else(|| options.issuing_body.clone())
                .map_or_else(|| "dvk".to_owned(), |s| s.split_whitespace().collect::<Vec<_>>().join(" ")),
            created_ymd: created_ymd(options, period_to),
            created: {
                let (y, m, d) = created_ymd(options, period_to);
                format!("{y:04}-{m:02}-{d:02}T00:00:00Z")
            },
            recipients: if options.recipients.is_empty() {
                // Nghị định 30 files a State document's copy as "Lưu: VT".
                let kept = if party { "Lưu" } else { "Lưu: VT" };
                vec!["[Cơ quan cấp trên]".to_owned(), kept.to_owned()]
            } else {
                options.recipients.clone()
            },
        }
    }
}

/// The date the outputs say they were made: the signing date, else the
/// period's last day (31/12 of its last year), else 1/1/2000.
fn created_ymd(options: &DocumentOptions, period_to: Option<i32>) -> (u16, u8, u8) {
    let clamp_year = |y: i32| y.clamp(1900, 9999) as u16;
    match (options.date, period_to) {
        (Some(d), _) => (clamp_year(d.year), d.month as u8, d.day as u8),
        (None, Some(y)) => (clamp_year(y), 12, 31),
        (None, None) => (2000, 1, 1),
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// The whole report: front matter, body blocks, signature.
#[derive(Debug, Clone)]
pub struct Report {
    pub document: DocumentView,
    pub body_markdown: String,
    pub body: Vec<Block>,
}

impl Report {
    pub fn new(document: DocumentView, body_markdown: String) -> Self {
        let body_markdown = end_body_text(&body_markdown);
        let body = parse_markdown(&body_markdown);
        Report {
            document,
            body_markdown,
            body,
        }
    }

    /// The body's text and its appendices: the appendices start at the
    /// first page break ("---").
    pub fn text_and_appendices(&self) -> (&[Block], &[Block]) {
        let split = self
            .body
            .iter()
            .position(|b| *b == Block::PageBreak)
            .unwrap_or(self.body.len());
        self.body.split_at(split)
    }

    /// `bao-cao.md`: front matter, the body's text, the signature, then the
    /// appendices, as the Word document has them.
    pub fn to_markdown(&self) -> String {
        let d = &self.document;
        let e = escape_markdown;
        let mut out = String::new();
        if let Some(superior) = &d.superior_body {
            out.push_str(&format!("{}  \n", e(superior)));
        }
        // The Party layout marks the issuing body with "*"; the State one
        // draws a short rule under it, which Markdown cannot: nothing.
        let mark = if d.party { "\\*  \n" } else { "" };
        out.push_str(&format!(
            "**{}**  \n{mark}{}\n\n",
            e(&d.issuing_body),
            e(&d.number_line)
        ));
        for line in &d.motto {
            out.push_str(&format!("**{}**  \n", e(line)));
        }
        out.push_str(&format!("*{}*\n\n", e(&d.place_date)));
        out.push_str(&format!("# BÁO CÁO\n\n**{}**\n\n", e(&d.subject)));
        let body = self.body_markdown.trim_end();
        let split = body
            .match_indices('\n')
            .map(|(i, _)| i + 1)
            .find(|&start| {
                body[start..]
                    .lines()
                    .next()
                    .is_some_and(|l| l.trim() == "---")
            })
            .unwrap_or(body.len());
        out.push_str(body[..split].trim_end());
        out.push_str("\n\n");
        out.push_str(&self.signature_markdown());
        if split < body.len() {
            out.push('\n');
            out.push_str(&body[split..]);
            out.push('\n');
        }
        out
    }

    fn signature_markdown(&self) -> String {
        let d = &self.document;
        let e = escape_markdown;
        let mut out = String::new();
        if let Some(on_behalf) = &d.signer_on_behalf {
            out.push_str(&format!("**{}**  \n", e(on_behalf)));
        }
        out.push_str(&format!(
            "**{}**\n\n\n**{}**\n\n",
            e(&d.signer_title),
            e(&d.signer_name)
        ));
        out.push_str("**Nơi nhận:**\n\n");
        // The same lines as the Word document's, marks included.
        for line in d.recipient_lines() {
            let item = line.strip_prefix("- ").unwrap_or(&line);
            out.push_str(&format!("- {}\n", e(item)));
        }
        out
    }
}

/// Punctuates the clerk's own list as the report's sentences are: an item
/// of a "- " or "+ " list ends with ";", the last with "."; a paragraph
/// ends with a full stop ("…của Ban Chỉ huy Quân sự huyện."). Marks the
/// clerk already wrote are kept ("...", "!", "?"); a trailing "," ";" ":"
/// becomes the mark due.
pub fn punctuate_note(text: &str) -> String {
    let lines: Vec<&str> = text.trim_end().split('\n').collect();
    let is_item = |l: &str| {
        let l = l.trim_start();
        l.starts_with("- ") || l.starts_with("+ ") || l.starts_with("* ")
    };
    // The line that ends each paragraph or item, and whether it is the
    // last of the note.
    let ends: Vec<bool> = (0..lines.len())
        .map(|i| {
            let next = lines.get(i + 1).copied();
            !lines[i].trim().is_empty() && next.is_none_or(|n| n.trim().is_empty() || is_item(n))
        })
        .collect();
    let last = ends.iter().rposition(|&e| e);
    lines
        .iter()
        .enumerate()
        .map(|(i, line)| {
            if !ends[i] {
                return (*line).to_owned();
            }
            let in_list = is_item(line)
                || (0..i)
                    .rev()
                    .map(|j| lines[j])
                    .take_while(|l| !l.trim().is_empty())
                    .any(is_item);
            let mark = if in_list && Some(i) != last && lines.get(i + 1).is_some_and(|n| is_item(n))
            {
                ";"
            } else {
                "."
            };
            end_line(line, mark)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `line` ending with `mark`, after any emphasis marks; a stop of its own
/// ("...", "…", "!", "?", or "." where "." is due) is kept.
fn end_line(line: &str, mark: &str) -> String {
    let line = line.trim_end();
    let core = line.trim_end_matches(['*', '_']);
    let marks = &line[core.len()..];
    if core.ends_with("...")
        || core.ends_with(['…', '!', '?'])
        || (mark == "." && core.ends_with('.'))
    {
        return line.to_owned();
    }
    let core = core.trim_end_matches(['.', ',', ';', ':']).trim_end();
    format!("{core}{mark}{marks}")
}

/// Ends the body's last paragraph before the signature with "./.", as
/// Party (Hướng dẫn 36) and State (Nghị định 30) documents end their text:
/// "…trên địa bàn tỉnh./.". The text ends at the first "---" line (the
/// appendices follow it). A paragraph that already ends so is left alone;
/// a text that ends in a heading, table or chart has no paragraph to end.
pub fn end_body_text(body: &str) -> String {
    let lines: Vec<&str> = body.split('\n').collect();
    let text_end = lines
        .iter()
        .position(|l| l.trim() == "---")
        .unwrap_or(lines.len());
    let Some(last) = lines[..text_end].iter().rposition(|l| !l.trim().is_empty()) else {
        return body.to_owned();
    };
    let line = lines[last].trim_end();
    let trimmed = line.trim_start();
    // A place left for the clerk ("[Viết phần này: …]") is not yet the
    // text that ends the report: "./." waits for the clerk's own words.
    let placeholder = trimmed.starts_with('[') && trimmed.ends_with(']');
    let not_a_paragraph = heading(trimmed).is_some()
        || placeholder
        || trimmed.starts_with('|')
        || trimmed.starts_with("> ")
        || chart_caption(trimmed).is_some();
    if not_a_paragraph {
        return body.to_owned();
    }
    // Emphasis marks close the line after its last word: "./." goes
    // after them, and the stop inside them is the one "./." replaces.
    let core = line.trim_end_matches(['*', '_']);
    let marks = &line[core.len()..];
    let ended = if core.ends_with("/.") {
        line.to_owned()
    } else if core.ends_with("...") || core.ends_with('…') || core.ends_with(['!', '?']) {
        format!("{core}{marks}/.")
    } else {
        let core = core.trim_end_matches(['.', ',', ';', ':']).trim_end();
        format!("{core}{marks}./.")
    };
    let mut out: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
    out[last] = ended;
    out.join("\n")
}

/// Reads the Markdown the report template writes (headings, paragraphs,
/// "> " notes, pipe tables, "---") into blocks.
pub fn parse_markdown(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut paragraph: Vec<String> = Vec::new();
    let mut lines = text.lines().peekable();
    let flush = |paragraph: &mut Vec<String>, blocks: &mut Vec<Block>| {
        if !paragraph.is_empty() {
            blocks.push(Block::Paragraph(spans(&paragraph.join(" "))));
            paragraph.clear();
        }
    };
    while let Some(line) = lines.next() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            flush(&mut paragraph, &mut blocks);
        } else if let Some((level, heading)) = heading(trimmed) {
            flush(&mut paragraph, &mut blocks);
            blocks.push(Block::Heading {
                level,
                text: plain(heading),
            });
        } else if trimmed == "---" {
            flush(&mut paragraph, &mut blocks);
            blocks.push(Block::PageBreak);
        } else if trimmed.starts_with("- ") || trimmed.starts_with("+ ") {
            // A list item is a paragraph of its own, with the clerk's own
            // mark: "+" is the sub-point under a "-" in Vietnamese reports.
            flush(&mut paragraph, &mut blocks);
            blocks.push(Block::Paragraph(spans(trimmed)));
        } else if is_numbered_item(trimmed) {
            flush(&mut paragraph, &mut blocks);
            blocks.push(Block::Paragraph(spans(trimmed)));
        } else if let Some((number, caption)) = chart_caption(trimmed) {
            flush(&mut paragraph, &mut blocks);
            blocks.push(Block::Chart { number, caption });
        } else if let Some(note) = trimmed.strip_prefix("> ") {
            flush(&mut paragraph, &mut blocks);
            blocks.push(Block::Note(spans(note)));
        } else if trimmed.starts_with('|') {
            flush(&mut paragraph, &mut blocks);
            let header = table_cells(trimmed)
                .iter()
                .map(|c| plain(c))
                .collect::<Vec<_>>();
            let mut align = vec![ColumnAlign::Left; header.len()];
            if let Some(delimiters) = lines
                .peek()
                .filter(|l| l.trim().starts_with("|-") || l.trim().starts_with("|:"))
            {
                align = table_cells(delimiters.trim())
                    .iter()
                    .map(|c| ColumnAlign::of_delimiter(c))
                    .collect();
                lines.next();
            }
            let mut rows = Vec::new();
            while let Some(next) = lines.peek().filter(|l| l.trim().starts_with('|')) {
                rows.push(table_cells(next.trim()).iter().map(|c| spans(c)).collect());
                lines.next();
            }
            blocks.push(Block::Table {
                header,
                rows,
                align,
            });
        } else {
            paragraph.push(trimmed.to_owned());
        }
    }
    flush(&mut paragraph, &mut blocks);
    blocks
}

/// "**Biểu đồ 3. Mô hình theo địa bàn**": chart 3 and its caption.
fn chart_caption(line: &str) -> Option<(usize, String)> {
    let caption = line.strip_prefix("**")?.strip_suffix("**")?;
    let rest = caption.strip_prefix("Biểu đồ ")?;
    let (number, title) = rest.split_once(". ")?;
    let number = number.parse().ok().filter(|n| *n > 0)?;
    (!title.is_empty() && !title.contains("**")).then(|| (number, plain(caption)))
}

/// "1. …", "2) …", "a) …", "b. …": a numbered item starts a paragraph.
fn is_numbered_item(line: &str) -> bool {
    let marker: String = line
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect();
    let rest = &line[marker.len()..];
    let numbered = !marker.is_empty()
        && (marker.chars().all(|c| c.is_ascii_digit())
            || (marker.len() == 1 && marker.chars().all(|c| c.is_ascii_lowercase())));
    numbered && (rest.starts_with(". ") || rest.starts_with(") "))
}

fn heading(line: &str) -> Option<(usize, &str)> {
    let hashes = line.chars().take_while(|c| *c == '#').count();
    (1..=4)
        .contains(&hashes)
        .then(|| (hashes, line[hashes..].trim()))
}

/// Cells of "| a | b \| c |", unescaping nothing yet.
fn table_cells(line: &str) -> Vec<String> {
    let inner = line.trim().trim_start_matches('|');
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let mut cells = Vec::new();
    let mut current = String::new();
    let mut escaped = false;
    for c in inner.chars() {
        if escaped {
            current.push('\\');
            current.push(c);
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == '|' {
            cells.push(current.trim().to_owned());
            current.clear();
        } else {
            current.push(c);
        }
    }
    cells.push(current.trim().to_owned());
    cells
}

/// Inline text to spans: `**bold**`, `*italic*`, backslash escapes.
pub fn spans(text: &str) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    let (mut bold, mut italic) = (false, false);
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    let push = |out: &mut Vec<Span>, current: &mut String, bold: bool, italic: bool| {
        if !current.is_empty() {
            out.push(Span {
                text: std::mem::take(current),
                bold,
                italic,
            });
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    current.push(next);
                }
            }
            '*' if chars.peek() == Some(&'*') => {
                chars.next();
                push(&mut out, &mut current, bold, italic);
                bold = !bold;
            }
            '*' => {
                push(&mut out, &mut current, bold, italic);
                italic = !italic;
            }
            _ => current.push(c),
        }
    }
    push(&mut out, &mut current, bold, italic);
    out
}

/// The text of inline Markdown, without its marks.
pub fn plain(text: &str) -> String {
    spans(text).into_iter().map(|s| s.text).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_template_markdown() {
        let md = "## I. CĂN CỨ\n\nDòng một\ndòng hai.\n\n> **Lưu ý:** thiếu.\n\n---\n\n| STT | Tên | Số |\n|:---:|---|---:|\n| 1 | A \\| B | **3** |\n";
        let blocks = parse_markdown(md);
        assert_eq!(
            blocks[0],
            Block::Heading {
                level: 2,
                text: "I. CĂN CỨ".to_owned()
            }
        );
        assert_eq!(
            blocks[1],
            Block::Paragraph(vec![Span {
                text: "Dòng một dòng hai.".to_owned(),
                bold: false,
                italic: false
            }])
        );
        assert!(
            matches!(&blocks[2], Block::Note(spans) if spans[0].bold && spans[0].text == "Lưu ý:")
        );
        assert_eq!(blocks[3], Block::PageBreak);
        match &blocks[4] {
            Block::Table {
                header,
                rows,
                align,
            } => {
                assert_eq!(header, &["STT", "Tên", "Số"]);
                use ColumnAlign::{Center, Left, Right};
                assert_eq!(align, &[Center, Left, Right]);
                assert_eq!(plain_cell(&rows[0][1]), "A | B");
                assert!(rows[0][2][0].bold);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_bold_chart_caption_line_is_a_chart() {
        let blocks = parse_markdown("**Biểu đồ 2. Kinh phí theo năm**\n\n**Biểu đồ hai. Không**\n");
        assert_eq!(
            blocks[0],
            Block::Chart {
                number: 2,
                caption: "Biểu đồ 2. Kinh phí theo năm".to_owned()
            }
        );
        assert!(matches!(blocks[1], Block::Paragraph(_)));
    }

    #[test]
    fn recipients_end_as_the_layout_wants() {
        let options = |layout, recipients: &[&str]| DocumentOptions {
            layout,
            recipients: recipients.iter().map(|r| (*r).to_owned()).collect(),
            ..crate::config::Config::default_config()
                .expect("defaults")
                .document
        };
        let cases: [(Layout, &[&str], &[&str]); 4] = [
            (Layout::Party, &[], &["- [Cơ quan cấp trên],", "- Lưu."]),
            (Layout::State, &[], &["- [Cơ quan cấp trên];", "- Lưu: VT."]),
            (
                Layout::Party,
                &["Ban Dân vận Tỉnh ủy;", "Lưu Văn phòng"],
                &["- Ban Dân vận Tỉnh ủy,", "- Lưu Văn phòng."],
            ),
            (
                Layout::State,
                &["Như trên,", "Lưu: VT, BDV."],
                &["- Như trên;", "- Lưu: VT, BDV."],
            ),
        ];
        for (layout, recipients, expected) in cases {
            let view = DocumentView::new(&options(layout, recipients), Some(2022), Some(2022));
            assert_eq!(view.recipient_lines(), expected, "{recipients:?}");
        }
    }

    #[test]
    fn a_subject_says_its_period_once() {
        let subject = |name: Option<&str>, from, to| {
            let options = DocumentOptions {
                period_name: name.map(str::to_owned),
                ..crate::config::Config::default_config()
                    .expect("defaults")
                    .document
            };
            DocumentView::new(&options, Some(from), Some(to)).subject
        };
        assert_eq!(
            subject(Some("tổng kết năm 2025"), 2025, 2025),
            "Tổng kết năm 2025 thực hiện phong trào thi đua “Dân vận khéo”"
        );
        assert_eq!(
            subject(Some("sơ kết 5 năm"), 2017, 2022),
            "Sơ kết 5 năm thực hiện phong trào thi đua “Dân vận khéo” giai đoạn 2017 – 2022"
        );
        assert_eq!(
            subject(None, 2025, 2025),
            "Kết quả thực hiện phong trào thi đua “Dân vận khéo” năm 2025"
        );
    }

    #[test]
    fn a_clerks_note_is_punctuated_as_the_report() {
        for (note, expected) in [
            (
                "Điện thắp sáng đường quê tại xã Long Sơn; Nồi cơm tình thương của Ban Chỉ huy Quân sự huyện",
                "Điện thắp sáng đường quê tại xã Long Sơn; Nồi cơm tình thương của Ban Chỉ huy Quân sự huyện.",
            ),
            ("Mô hình A;", "Mô hình A."),
            ("Mô hình A.", "Mô hình A."),
            ("Mô hình A...", "Mô hình A..."),
            ("- Mô hình A\n- Mô hình B", "- Mô hình A;\n- Mô hình B."),
            ("- Mô hình A,\n- Mô hình B;\n", "- Mô hình A;\n- Mô hình B."),
            ("+ Mô hình A\n+ **Mô hình B**", "+ Mô hình A;\n+ **Mô hình B.**"),
            (
                "Đoạn một\n\n- Ý một\n- Ý hai",
                "Đoạn một.\n\n- Ý một;\n- Ý hai.",
            ),
        ] {
            assert_eq!(punctuate_note(note), expected, "{note:?}");
        }
    }

    #[test]
    fn the_body_text_ends_with_a_stop_and_slash() {
        let appendix = "\n\n---\n\n## PHỤ LỤC\n\nBảng.\n";
        let cases = [
            ("## VI. KIẾN NGHỊ\n\nĐề nghị hỗ trợ.", "Đề nghị hỗ trợ./."),
            ("Đề nghị hỗ trợ", "Đề nghị hỗ trợ./."),
            ("Đề nghị hỗ trợ;", "Đề nghị hỗ trợ./."),
            ("Đề nghị hỗ trợ./.", "Đề nghị hỗ trợ./."),
            ("Đề nghị hỗ trợ./.  ", "Đề nghị hỗ trợ./."),
            (
                "Gắn với học tập và làm theo Bác...",
                "Gắn với học tập và làm theo Bác.../.",
            ),
            // No "./." after a place left to fill.
            ("[Viết phần này: kiến nghị.]", "[Viết phần này: kiến nghị.]"),
            ("- Ý một;\n- Ý hai.", "- Ý hai./."),
            ("Dòng một\ndòng hai.", "dòng hai./."),
            ("**Đề nghị hỗ trợ.**", "**Đề nghị hỗ trợ**./."),
        ];
        for (text, expected_last) in cases {
            let ended = end_body_text(&format!("{text}{appendix}"));
            let (body, rest) = ended.split_once("\n\n---").expect("page break kept");
            assert_eq!(body.lines().last(), Some(expected_last), "{text:?}");
            assert_eq!(rest, "\n\n## PHỤ LỤC\n\nBảng.\n", "appendices untouched");
        }
        // Nothing to end: a heading or a table last, or no text at all.
        for text in [
            "## VI. KIẾN NGHỊ",
            "| 1 | 2 |",
            "",
            "**Biểu đồ 1. Mô hình**",
        ] {
            let body = format!("{text}{appendix}");
            assert_eq!(end_body_text(&body), body, "{text:?}");
        }
    }

    fn plain_cell(spans: &[Span]) -> String {
        spans.iter().map(|s| s.text.as_str()).collect()
    }
}
