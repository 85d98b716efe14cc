//! The clerk's own prose for the report: a Markdown file whose `##`
//! headings name the sections (hạn chế, bài học, phương hướng, kiến nghị).

use crate::normalise::fold::fold_key;
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
        // (line of the heading, heading, text below it); text before the
        // first heading is not part of any section.
        let mut sections: Vec<(usize, String, String)> = Vec::new();
        for (number, line) in text.lines().enumerate() {
            if let Some(heading) = line.trim_start().strip_prefix("## ") {
                sections.push((number + 1, heading.trim().to_owned(), String::new()));
            } else if let Some((_, _, body)) = sections.last_mut() {
                body.push_str(line);
                body.push('\n');
            }
        }
        if sections.is_empty() {
            return Err(NotesError::Empty {
                file: file.to_owned(),
            });
        }
        // The heading (and its line) that took each section so far.
        let mut taken: [Option<(usize, String)>; SECTIONS.len()] = Default::default();
        for (line, heading, body) in sections {
            let key = fold_key(&heading);
            let has = |word: &str| key.contains(&fold_key(word));
            let section = if has("hạn chế") || has("tồn tại") {
                0
            } else if has("bài học") {
                1
            } else if has("phương hướng") || has("nhiệm vụ") {
                2
            } else if has("kiến nghị") || has("đề xuất") {
                3
            } else if has("tiêu biểu") {
                4
            } else {
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
            let body = curl_quotes(body.trim());
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
}
