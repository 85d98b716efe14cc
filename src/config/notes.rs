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
}

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
        for (line, heading, body) in sections {
            let key = fold_key(&heading);
            let has = |word: &str| key.contains(&fold_key(word));
            let slot = if has("hạn chế") || has("tồn tại") {
                &mut notes.limitations
            } else if has("bài học") {
                &mut notes.lessons
            } else if has("phương hướng") || has("nhiệm vụ") {
                &mut notes.directions
            } else if has("kiến nghị") || has("đề xuất") {
                &mut notes.proposals
            } else if has("tiêu biểu") {
                &mut notes.outstanding
            } else {
                return Err(NotesError::UnknownSection {
                    file: file.to_owned(),
                    line,
                    heading,
                });
            };
            let body = body.trim().to_owned();
            if !body.is_empty() {
                *slot = Some(body);
            }
        }
        Ok(notes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn unknown_section_names_the_line() {
        match Notes::parse("ghi-chu.md", "## Hạn chế\nA\n## Linh tinh\nB\n") {
            Err(NotesError::UnknownSection { line, heading, .. }) => {
                assert_eq!((line, heading.as_str()), (3, "Linh tinh"));
            }
            other => panic!("{other:?}"),
        }
    }
}
