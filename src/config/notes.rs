//! The clerk's own prose for the report: a Markdown file whose `##`
//! headings name the sections (hạn chế, bài học, phương hướng, kiến nghị).

use crate::normalise::fold::{bare_key, fold_key};
use serde::Serialize;

/// The prose sections a report leaves to the clerk.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Notes {
    /// Hạn chế, nguyên nhân.
    pub limitations: Option<String>,
    /// Bài học kinh nghiệm.
    pub lessons: Option<String>,
    /// Phương hướng, nhiệm vụ.
    pub directions: Option<String>,
    /// Kiến nghị, đề xuất.
    pub proposals: Option<String>,
    /// Một số mô hình tiêu biểu (the clerk's own wording, if given).
    pub outstanding: Option<String>,
    /// The outstanding-models note is a bare list of models ("Điện thắp
    /// sáng đường quê tại xã Long Sơn; …"), which the report writes after
    /// its own lead-in ("Một số mô hình tiêu biểu như: …"); false when the
    /// note introduces itself ("Các mô hình tiêu biểu như: …") and so
    /// replaces the whole paragraph.
    pub outstanding_is_list: bool,
}

/// The report's sections a note can fill, as the report names them, in
/// the order `Notes::parse` numbers them.
const SECTIONS: [&str; 5] = [
    "Hạn chế, nguyên nhân",
    "Bài học kinh nghiệm",
    "Phương hướng, nhiệm vụ",
    "Kiến nghị, đề xuất",
    "Mô hình tiêu biểu",
];

/// A notes file dvk cannot use.
#[derive(Debug, thiserror::Error)]
pub enum NotesError {
    #[error("tệp ghi chú {file}, dòng {line}: mục \"{heading}\" không nhận ra; các mục: Hạn chế, nguyên nhân; Bài học kinh nghiệm; Phương hướng, nhiệm vụ; Kiến nghị, đề xuất; Mô hình tiêu biểu")]
    UnknownSection {
        file: String,
        line: usize,
        heading: String,
    },
    #[error("tệp ghi chú {file}: không có mục nào (mỗi mục bắt đầu bằng một dòng \"## Tên mục\")")]
    Empty { file: String },
    /// Text above every heading: no section to put it in.
    #[error(
        "tệp ghi chú {file}, dòng {line}: đoạn \"{text}\" nằm trước mọi mục nên dvk không biết đưa vào \
         phần nào của báo cáo. Hãy viết một dòng \"## Tên mục\" phía trên đoạn đó (các mục: Hạn chế, \
         nguyên nhân; Bài học kinh nghiệm; Phương hướng, nhiệm vụ; Kiến nghị, đề xuất; Mô hình tiêu biểu), \
         hoặc xóa đoạn đó nếu không cần"
    )]
    OutsideSections {
        file: String,
        line: usize,
        text: String,
    },
    /// Two headings land in one section of the report: one text would be
    /// lost, so neither is taken.
    #[error(
        "tệp ghi chú {file}: mục \"{first}\" (dòng {first_line}) và mục \"{second}\" (dòng {second_line}) \
         cùng vào phần \"{section}\" của báo cáo. Hãy gộp nội dung vào một mục; nếu muốn giữ tiêu đề \
         thứ hai làm ý nhỏ trong mục, hãy viết nó là \"### {second}\""
    )]
    SameSection {
        file: String,
        section: &'static str,
        first: String,
        first_line: usize,
        second: String,
        second_line: usize,
    },
}

impl Notes {
    /// Reads the sections of a notes file; `file` names it in messages.
    pub fn parse(file: &str, text: &str) -> Result<Notes, NotesError> {
        let mut notes = Notes::default();
        let sections = split_sections(file, text)?;
        if sections.is_empty() {
            return Err(NotesError::Empty {
                file: file.to_owned(),
            });
        }
        // The heading (and its line) that took each section so far.
        let mut taken: [Option<(usize, String)>; SECTIONS.len()] = Default::default();
        for (line, heading, body) in sections {
            let Some(section) = section_of(&heading) else {
                return Err(NotesError::UnknownSection {
                    file: file.to_owned(),
                    line,
                    heading,
                });
            };
            // Never keep one text and drop the other ("## Kiến nghị" then
            // "## Đề xuất khen thưởng"): the clerk says which goes where.
            if let Some((first_line, first)) = taken[section].take() {
                return Err(NotesError::SameSection {
                    file: file.to_owned(),
                    section: SECTIONS[section],
                    first,
                    first_line,
                    second: heading,
                    second_line: line,
                });
            }
            let slot = match section {
                0 => &mut notes.limitations,
                1 => &mut notes.lessons,
                2 => &mut notes.directions,
                3 => &mut notes.proposals,
                _ => &mut notes.outstanding,
            };
            let body = curl_quotes(&as_markdown_items(body.trim(), section == 4));
            if !body.is_empty() {
                *slot = Some(body);
            }
            taken[section] = Some((line, heading));
        }
        notes.outstanding_is_list = notes
            .outstanding
            .as_deref()
            .is_some_and(|note| !introduces_itself(note));
        Ok(notes)
    }
}

/// The words that name each section (an index into [`SECTIONS`]), in the
/// order they are tried: "Phương hướng và kiến nghị" is the third.
const SECTION_WORDS: [(&str, usize); 8] = [
    ("hạn chế", 0),
    ("tồn tại", 0),
    ("bài học", 1),
    ("phương hướng", 2),
    ("nhiệm vụ", 2),
    ("kiến nghị", 3),
    ("đề xuất", 3),
    ("tiêu biểu", 4),
];

/// How a heading is compared: typed without any diacritics ("Bai hoc
/// kinh nghiem"), without them.
fn heading_fold(heading: &str) -> fn(&str) -> String {
    if heading.is_ascii() {
        bare_key
    } else {
        fold_key
    }
}

/// The section of the report a heading names (an index into
/// [`SECTIONS`]), if any.
fn section_of(heading: &str) -> Option<usize> {
    let fold = heading_fold(heading);
    let key = fold(heading);
    SECTION_WORDS
        .iter()
        .find(|(words, _)| key.contains(&fold(words)))
        .map(|(_, section)| *section)
}

/// A line written as a heading other than "## …": "# …" or "### …", a
/// line wholly in bold ("**Bài học kinh nghiệm**"), or a short plain line
/// that is numbered ("3. Phương hướng, nhiệm vụ"), in capitals ("HẠN CHẾ,
/// NGUYÊN NHÂN") or ends with a colon; its text without the marks and the
/// numbering. A bullet or a sentence is never one, so a body line such as
/// "- Kiến nghị tỉnh hỗ trợ" stays text. Such a line is a heading only when
/// it names a section (see [`split_sections`]).
fn heading_like(line: &str) -> Option<&str> {
    let line = line.trim();
    let (text, marked) = if let Some(rest) = line.strip_prefix('#') {
        (rest.trim_start_matches('#'), true)
    } else if let Some(bold) = line
        .strip_prefix("**")
        .and_then(|l| l.strip_suffix("**"))
        .or_else(|| line.strip_prefix("__").and_then(|l| l.strip_suffix("__")))
    {
        (bold, true)
    } else {
        (line, false)
    };
    let text = text.trim();
    // "I.", "3.", "3)", "a)", "II -" before the words.
    let (numbered, text) = match text.split_once([' ', '\t']) {
        Some((mark, rest)) => {
            let label = mark.trim_end_matches(['.', ')', '-', ':']);
            let is_number = !label.is_empty()
                && label.len() < mark.len()
                && label.len() <= 4
                && label
                    .chars()
                    .all(|c| c.is_ascii_digit() || "IVXivx".contains(c) || c.is_ascii_lowercase());
            if is_number {
                (true, rest.trim_start_matches(['-', ' ']))
            } else {
                (false, text)
            }
        }
        None => (false, text),
    };
    let plain_heading = numbered
        || text.ends_with(':')
        || (text.chars().any(char::is_alphabetic) && !text.chars().any(char::is_lowercase));
    let short = text.split_whitespace().count() <= 10 && !text.ends_with(['.', ';', ',']);
    if !(marked || (plain_heading && short)) {
        return None;
    }
    let text = text.trim().trim_end_matches(':').trim();
    (!text.is_empty()).then_some(text)
}

/// Whether a heading-like line starts with a section's words ("Bài học
/// kinh nghiệm", "Một số mô hình tiêu biểu"), as a heading does; "Nhân
/// rộng các mô hình tiêu biểu" in a numbered list is a point, not one.
fn opens_with_section_words(text: &str) -> bool {
    let fold = heading_fold(text);
    let key = fold(text);
    let key = ["một số", "các", "những"]
        .iter()
        .fold(key.as_str(), |k, lead| {
            k.strip_prefix(&fold(lead) as &str)
                .map_or(k, str::trim_start)
        });
    SECTION_WORDS
        .iter()
        .map(|(words, _)| *words)
        .chain(["mô hình tiêu biểu", "điển hình tiêu biểu"])
        .any(|words| key.starts_with(&fold(words)))
}

/// Splits a notes file into (line of the heading, heading, text below it).
/// "## …" always opens a section (an unknown one is refused later). Any
/// other heading-like line ([`heading_like`]) opens one when it names a
/// section other than the one it stands in: inside "## Kiến nghị", a
/// "### Đề xuất khen thưởng" stays a sub-point of it. Text before the
/// first section would be lost, so it is refused, naming its line; a
/// title ([`is_title`], or a line underlined "===="), a rule, an HTML
/// comment or front matter there is no text, and is left out.
fn split_sections(file: &str, text: &str) -> Result<Vec<(usize, String, String)>, NotesError> {
    let mut sections: Vec<(usize, String, String)> = Vec::new();
    let mut current: Option<usize> = None;
    let lines: Vec<&str> = text.lines().collect();
    // Front matter ("---" … "---" at the top), as some editors write it.
    let mut skip_to = 0;
    if lines.first().is_some_and(|l| l.trim() == "---") {
        if let Some(end) = lines.iter().skip(1).position(|l| l.trim() == "---") {
            skip_to = end + 2;
        }
    }
    let mut in_comment = false;
    for (number, line) in lines.iter().enumerate().skip(skip_to) {
        let trimmed = line.trim_start();
        // HTML comments are no text of the report, wherever they are.
        if in_comment || trimmed.starts_with("<!--") {
            in_comment = !trimmed.contains("-->");
            continue;
        }
        if let Some(heading) = trimmed.strip_prefix("## ") {
            let heading = heading.trim().to_owned();
            current = section_of(&heading);
            sections.push((number + 1, heading, String::new()));
            continue;
        }
        let named = heading_like(line)
            .filter(|h| opens_with_section_words(h))
            .and_then(|h| Some((h, section_of(h)?)));
        if let Some((heading, section)) = named.filter(|(_, s)| Some(*s) != current) {
            current = Some(section);
            sections.push((number + 1, heading.to_owned(), String::new()));
            continue;
        }
        match sections.last_mut() {
            // A "# …" line inside a section is a sub-heading of it: the
            // report's own sections are "##".
            Some((_, _, body)) if trimmed.starts_with("# ") => {
                body.push_str("##");
                body.push_str(trimmed);
                body.push('\n');
            }
            Some((_, _, body)) => {
                body.push_str(line);
                body.push('\n');
            }
            None if trimmed.is_empty() || is_rule(trimmed) => {}
            // A title above the sections ("# Ghi chú báo cáo năm 2025",
            // "**GHI CHÚ**", a line underlined "====") heads the file.
            None if is_title(trimmed)
                || lines
                    .get(number + 1)
                    .is_some_and(|next| is_rule(next.trim())) => {}
            None => {
                return Err(NotesError::OutsideSections {
                    file: file.to_owned(),
                    line: number + 1,
                    text: trimmed.chars().take(60).collect(),
                })
            }
        }
    }
    Ok(sections)
}

/// A line set as a title: "# …", wholly bold, or in capitals. A numbered
/// or plain line above the sections may be text, and is refused.
fn is_title(line: &str) -> bool {
    let line = line.trim();
    line.starts_with('#')
        || (line.len() > 4 && (line.starts_with("**") && line.ends_with("**")))
        || (line.chars().any(char::is_alphabetic) && !line.chars().any(char::is_lowercase))
}

/// A line that only draws a rule or underlines a title: "---", "====".
fn is_rule(line: &str) -> bool {
    line.len() >= 3
        && line
            .chars()
            .all(|c| matches!(c, '-' | '=' | '*' | '_' | ' '))
}

/// Bullets typed as Word writes them ("• ", "· ", "◦ ") as Markdown's
/// "- ", so the report sets them as a list, not one run-on paragraph. In
/// the outstanding models' note (`numbered_too`), numbered items ("1. ",
/// "2) ") too: the report lists them after "Một số mô hình tiêu biểu như:".
fn as_markdown_items(text: &str, numbered_too: bool) -> String {
    text.lines()
        .map(|line| {
            let rest = line.trim_start();
            let indent = &line[..line.len() - rest.len()];
            let bullet = ["• ", "· ", "◦ ", "●", "•"]
                .iter()
                .find_map(|b| rest.strip_prefix(b));
            let numbered = || {
                let (mark, item) = rest.split_once(' ')?;
                let label = mark.strip_suffix(['.', ')'])?;
                (!label.is_empty() && label.len() <= 3 && label.chars().all(|c| c.is_ascii_digit()))
                    .then_some(item)
            };
            match bullet.or_else(|| numbered_too.then(numbered).flatten()) {
                Some(item) => format!("{indent}- {}", item.trim_start()),
                None => line.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The clerk's straight double quotes as the report's own: "Dân vận khéo"
/// → “Dân vận khéo”. A quote opens at the start of a line or after a space
/// or an opening bracket or dash, and closes elsewhere.
fn curl_quotes(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut before: Option<char> = None;
    for c in text.chars() {
        if c == '"' {
            let opens = before.is_none_or(|b| b.is_whitespace() || "([{-–—/".contains(b));
            out.push(if opens { '“' } else { '”' });
        } else {
            out.push(c);
        }
        before = Some(c);
    }
    out
}

/// True when a note about outstanding models opens with its own lead-in:
/// its first line, up to a colon or the end of its first sentence, speaks
/// of models that stand out ("Một số mô hình tiêu biểu như: …", "Nổi bật
/// là các mô hình …", "Các điển hình: …"). A list of names does not.
fn introduces_itself(note: &str) -> bool {
    let first_line = note.lines().next().unwrap_or_default();
    let lead = first_line.split([':', '.', ';']).next().unwrap_or_default();
    let key = fold_key(lead);
    ["tiêu biểu", "nổi bật", "điển hình"]
        .iter()
        .any(|word| key.contains(&fold_key(word)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn straight_quotes_are_curled_as_the_report_writes_them() {
        let notes = Notes::parse(
            "ghi-chu.md",
            "## Bài học kinh nghiệm\n\"Dân vận khéo\" phải gắn với (\"dân biết\").\n- \"Một\", \"hai\"",
        )
        .expect("notes");
        assert_eq!(
            notes.lessons.as_deref(),
            Some("“Dân vận khéo” phải gắn với (“dân biết”).\n- “Một”, “hai”")
        );
    }

    #[test]
    fn sections_by_heading() {
        let text = "## Hạn chế, nguyên nhân\n\nMột số nơi còn hình thức.\n\n- Thiếu kinh phí.\n\n## Bài học kinh nghiệm\nPhát huy vai trò Nhân dân.\n\n## KIẾN NGHỊ\nĐề nghị tỉnh hỗ trợ.\n";
        let notes = Notes::parse("ghi-chu.md", text).expect("parses");
        assert_eq!(
            notes.limitations.as_deref(),
            Some("Một số nơi còn hình thức.\n\n- Thiếu kinh phí.")
        );
        assert_eq!(notes.lessons.as_deref(), Some("Phát huy vai trò Nhân dân."));
        assert_eq!(notes.proposals.as_deref(), Some("Đề nghị tỉnh hỗ trợ."));
        assert_eq!(notes.directions, None);
    }

    #[test]
    fn an_outstanding_models_note_is_a_list_or_its_own_paragraph() {
        let cases = [
            (
                "Điện thắp sáng đường quê tại xã Long Sơn; Nồi cơm tình thương.",
                true,
            ),
            (
                "- Điện thắp sáng đường quê tại xã Long Sơn;\n- Nồi cơm tình thương.",
                true,
            ),
            ("Mô hình “Điện thắp sáng đường quê”: xã Long Sơn.", true),
            (
                "Một số mô hình tiêu biểu như: Điện thắp sáng đường quê.",
                false,
            ),
            (
                "Các mô hình tiêu biểu:\n\n- Điện thắp sáng đường quê.",
                false,
            ),
            (
                "Nổi bật là các mô hình Điện thắp sáng đường quê, Nồi cơm.",
                false,
            ),
            (
                "Nhiều điển hình được nhân rộng, như: Nồi cơm tình thương.",
                false,
            ),
            // "Tiêu biểu" in a model's own name, after the lead, is a list.
            ("Gia đình văn hóa; Chi hội tiêu biểu.", true),
        ];
        for (note, is_list) in cases {
            let notes = Notes::parse("ghi-chu.md", &format!("## Mô hình tiêu biểu\n\n{note}\n"))
                .expect("parses");
            assert_eq!(notes.outstanding.as_deref(), Some(note));
            assert_eq!(notes.outstanding_is_list, is_list, "{note}");
        }
    }

    #[test]
    fn two_headings_for_one_section_are_refused_naming_both() {
        // Regression: the second heading's text replaced the first's.
        let cases = [
            (
                "## Kiến nghị\nKiến nghị D.\n\n## Kiến nghị, đề xuất\nKiến nghị G.\n",
                ("Kiến nghị", 1, "Kiến nghị, đề xuất", 4),
            ),
            (
                "## Hạn chế\nA\n## Kiến nghị\nKiến nghị D.\n\n## Đề xuất khen thưởng\nNội dung E.\n",
                ("Kiến nghị", 3, "Đề xuất khen thưởng", 6),
            ),
        ];
        for (text, expected) in cases {
            let error = Notes::parse("ghi-chu.md", text).expect_err("two headings");
            match &error {
                NotesError::SameSection {
                    section,
                    first,
                    first_line,
                    second,
                    second_line,
                    ..
                } => {
                    assert_eq!(*section, "Kiến nghị, đề xuất");
                    assert_eq!(
                        (first.as_str(), *first_line, second.as_str(), *second_line),
                        expected
                    );
                }
                other => panic!("{other:?}"),
            }
            let said = error.to_string();
            assert!(said.contains(&format!("### {}", expected.2)), "{said}");
        }
        // A sub-heading (###) stays inside its section's text.
        let notes = Notes::parse(
            "ghi-chu.md",
            "## Kiến nghị\nKiến nghị D.\n\n### Đề xuất khen thưởng\nNội dung E.\n",
        )
        .expect("parses");
        assert_eq!(
            notes.proposals.as_deref(),
            Some("Kiến nghị D.\n\n### Đề xuất khen thưởng\nNội dung E.")
        );
    }

    #[test]
    fn unknown_section_names_the_line() {
        match Notes::parse("ghi-chu.md", "## Hạn chế\nA\n## Linh tinh\nB\n") {
            Err(NotesError::UnknownSection { line, heading, .. }) => {
                assert_eq!((line, heading.as_str()), (3, "Linh tinh"));
            }
            other => panic!("{other:?}"),
        }
    }
    #[test]
    fn headings_written_other_ways_open_their_sections() {
        // Regression: everything above the first "## " line was dropped
        // without a word, and only "## Kiến nghị" was filled.
        let text = "# Ghi chú báo cáo\n\nHẠN CHẾ, NGUYÊN NHÂN\nMột số nơi còn hình thức.\n\
                    - Kiến nghị chưa được giải quyết kịp thời\n\n**Bài học kinh nghiệm**\n\
                    Cần sự lãnh đạo.\n2. Nhân rộng các mô hình tiêu biểu\n\n\
                    ### Phương hướng, nhiệm vụ\nTiếp tục.\n\nIV. Kiến nghị:\nĐề nghị hỗ trợ.\n\
                    ### Đề xuất khen thưởng\nKhen 3 tập thể.\n";
        let notes = Notes::parse("ghi-chu.md", text).expect("parses");
        assert_eq!(
            notes.limitations.as_deref(),
            Some("Một số nơi còn hình thức.\n- Kiến nghị chưa được giải quyết kịp thời")
        );
        assert_eq!(
            notes.lessons.as_deref(),
            Some("Cần sự lãnh đạo.\n2. Nhân rộng các mô hình tiêu biểu")
        );
        assert_eq!(notes.directions.as_deref(), Some("Tiếp tục."));
        // A sub-heading of the section it stands in stays inside it.
        assert_eq!(
            notes.proposals.as_deref(),
            Some("Đề nghị hỗ trợ.\n### Đề xuất khen thưởng\nKhen 3 tập thể.")
        );
    }

    #[test]
    fn a_top_heading_inside_a_section_is_its_sub_heading() {
        let notes = Notes::parse("ghi-chu.md", "## Hạn chế\nA.\n# Phần II\nB.\n").expect("parses");
        assert_eq!(notes.limitations.as_deref(), Some("A.\n### Phần II\nB."));
    }

    #[test]
    fn headings_typed_without_diacritics_are_read() {
        let notes = Notes::parse(
            "ghi-chu.md",
            "## II. Bai hoc kinh nghiem\nA.\n\nPHUONG HUONG, NHIEM VU\nB.\n",
        )
        .expect("parses");
        assert_eq!(notes.lessons.as_deref(), Some("A."));
        assert_eq!(notes.directions.as_deref(), Some("B."));
    }

    #[test]
    fn text_above_every_section_is_refused_naming_its_line() {
        let text = "Đây là đoạn viết trước mục đầu tiên.\n\n## Kiến nghị\nĐề nghị.\n";
        match Notes::parse("ghi-chu.md", text) {
            Err(error @ NotesError::OutsideSections { line: 1, .. }) => {
                let said = error.to_string();
                assert!(said.contains("dòng 1: đoạn \"Đây là đoạn"), "{said}");
                assert!(said.contains("## Tên mục"), "{said}");
            }
            other => panic!("{other:?}"),
        }
        // Titles, rules, comments and front matter above the sections are
        // no text to lose; a numbered line there may be.
        for top in [
            "<!-- ghi chú -->\n",
            "---\ntitle: Ghi chú\n---\n",
            "---\n",
            "Ghi chú báo cáo\n===============\n",
            "**GHI CHÚ**\n",
            "GHI CHÚ BÁO CÁO NĂM 2025\n",
        ] {
            let notes = Notes::parse("ghi-chu.md", &format!("{top}\n## Kiến nghị\nĐề nghị.\n"))
                .unwrap_or_else(|e| panic!("{top:?}: {e}"));
            assert_eq!(notes.proposals.as_deref(), Some("Đề nghị."), "{top:?}");
        }
        let numbered = Notes::parse(
            "ghi-chu.md",
            "1. Một số nơi còn hình thức\n## Kiến nghị\nA.\n",
        );
        assert!(
            matches!(numbered, Err(NotesError::OutsideSections { line: 1, .. })),
            "{numbered:?}"
        );
        // A sentence is not a heading, even one naming a section.
        let text = "## Hạn chế\nA\nKiến nghị tỉnh hỗ trợ thêm kinh phí cho các xã\n";
        let notes = Notes::parse("ghi-chu.md", text).expect("parses");
        assert_eq!(notes.proposals, None);
    }
    #[test]
    fn word_bullets_and_numbered_outstanding_models_are_lists() {
        let notes = Notes::parse(
            "ghi-chu.md",
            "## Hạn chế\n• Thiếu kinh phí\n•Còn hình thức\n1. Một\n\n## Mô hình tiêu biểu\n1. Điện thắp sáng\n2) Nồi cơm\n",
        )
        .expect("parses");
        assert_eq!(
            notes.limitations.as_deref(),
            Some("- Thiếu kinh phí\n- Còn hình thức\n1. Một")
        );
        assert_eq!(
            notes.outstanding.as_deref(),
            Some("- Điện thắp sáng\n- Nồi cơm")
        );
        assert!(notes.outstanding_is_list);
    }
}
