//! Defaults in one embedded file, overlaid by the user's `--config` file.
//!
//! The taxonomy (fields, subfields, statuses, work types, units, column
//! names) lives in `default.toml`, a real file users can read. A user's file
//! of the same shape extends it. Unknown keys are errors that name the file
//! and line. This module reads no spreadsheet.

mod columns;
mod notes;
mod signing_date;
mod taxonomy;
mod text_file;
mod toml_error;

pub use columns::{
    columns_of, extra_columns_of, identifying_columns, reads_column, template_header, ColumnId,
};
pub use notes::{Notes, NotesError};
pub use signing_date::SigningDate;
pub use taxonomy::{ExemplaryMark, FieldDef, SubfieldDef, Taxonomy, UnitDef, WorkTypeDef};
pub use text_file::{read_text_file, TextFileError};
pub use toml_error::closest as closest_name;

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The default taxonomy and report options, embedded in the binary.
pub const DEFAULT_TOML: &str = include_str!("default.toml");

/// An example `dvk.toml` for clerks, written by `dvk template --write-config`.
pub const EXAMPLE_TOML: &str = include_str!("example.toml");

/// Everything configurable, resolved.
#[derive(Debug, Clone)]
pub struct Config {
    pub taxonomy: Taxonomy,
    pub report: ReportOptions,
    pub document: DocumentOptions,
}

/// The official layout of the Word report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Layout {
    /// Party documents (Hướng dẫn 36-HD/VPTW).
    Party,
    /// State documents (Nghị định 30/2020/NĐ-CP).
    State,
}

/// Page margins in millimetres, each 5 to 60 (refused otherwise as the
/// file is read, so the error names its line).
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, try_from = "WrittenMargins")]
pub struct Margins {
    pub top: f64,
    pub bottom: f64,
    pub left: f64,
    pub right: f64,
}

/// Margins as written, before they are checked.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WrittenMargins {
    top: f64,
    bottom: f64,
    left: f64,
    right: f64,
}

impl TryFrom<WrittenMargins> for Margins {
    type Error = String;

    /// Nghị định 30/2020 asks 20–25 (top, bottom), 30–35 (left) and 15–20
    /// mm (right); the message says so.
    fn try_from(m: WrittenMargins) -> Result<Self, String> {
        for (value, side) in [
            (m.top, "trên"),
            (m.bottom, "dưới"),
            (m.left, "trái"),
            (m.right, "phải"),
        ] {
            if !(5.0..=60.0).contains(&value) {
                let shown = format!("{value}").replace('.', ",");
                return Err(format!(
                    "lề {side} {shown} mm không dùng được; hãy ghi từ 5 đến 60 mm: văn bản hành chính \
                     (Nghị định 30/2020) dùng lề trên 20–25, dưới 20–25, trái 30–35, phải 15–20 mm; \
                     ví dụ: margins_mm = {{ top = 20, bottom = 20, left = 30, right = 15 }}"
                ));
            }
        }
        Ok(Margins {
            top: m.top,
            bottom: m.bottom,
            left: m.left,
            right: m.right,
        })
    }
}

/// The body's type size in points, 10 to 16 (refused otherwise as the file
/// is read, so the error names its line).
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(try_from = "u32")]
struct FontSize(u32);

impl TryFrom<u32> for FontSize {
    type Error = String;

    fn try_from(size: u32) -> Result<Self, String> {
        if (10..=16).contains(&size) {
            Ok(FontSize(size))
        } else {
            Err(format!(
                "cỡ chữ {size} không in được thành văn bản; hãy ghi từ 10 đến 16 \
                 (văn bản hành chính dùng 13 hoặc 14); ví dụ: font_size = 14"
            ))
        }
    }
}

/// The clerk's own facts for the document: who issues it, under what
/// number, where and when, who signs, which directive it reviews. Missing
/// facts are left as bracketed places to fill ("[Số văn bản]").
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentOptions {
    pub layout: Layout,
    pub superior_body: Option<String>,
    pub issuing_body: Option<String>,
    /// The body as sentences name it ("Ban Dân vận Huyện ủy"), when the
    /// header's short name ("Ban Dân vận") needs its superior to be clear.
    pub issuing_body_in_text: Option<String>,
    pub number: Option<String>,
    pub place: Option<String>,
    /// The signing date, a real one ("15/6/2022" in the config), written
    /// out as "ngày 15 tháng 6 năm 2022".
    pub date: Option<SigningDate>,
    pub subject: Option<String>,
    pub directive: Option<String>,
    pub period_name: Option<String>,
    pub signer_on_behalf: Option<String>,
    pub signer_title: Option<String>,
    pub signer_name: Option<String>,
    pub recipients: Vec<String>,
    pub margins_mm: Margins,
    /// Body text size in points (13–14).
    pub font_size: u32,
}

/// Options of the report's wording.
#[derive(Debug, Clone)]
pub struct ReportOptions {
    /// "07 mô hình" rather than "7 mô hình".
    pub pad_small_counts: bool,
    /// The word for the hamlet level ("thôn", "ấp", "tổ dân phố"); `None`
    /// lets the report take it from the data (see `render::hamlet_word`).
    pub hamlet_word: Option<String>,
}

/// A configuration file that could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(
        "không đọc được tệp cấu hình {}: {}",
        path.display(),
        crate::diagnostic::io_reason(error, crate::diagnostic::IoAction::Read)
    )]
    Read {
        path: PathBuf,
        // Not a source: the message says it in Vietnamese, and a source
        // would add the system's English words to the printed chain.
        error: std::io::Error,
    },
    /// A line that is not valid: the message names the key and says how
    /// to write it (see `toml_error`).
    #[error("tệp cấu hình {path}{}: {message}", at_line(*line, written))]
    Parse {
        path: String,
        /// 1-based; 0 when unknown.
        line: usize,
        /// The line as the user wrote it.
        written: String,
        message: String,
    },
    /// A notes file (Markdown) given where the config goes.
    #[error(
        "{} là tệp ghi chú (Markdown), không phải tệp cấu hình: hãy dùng nó với --ghi-chu {}; \
         tệp cấu hình là tệp .toml (tạo tệp mẫu: dvk mau --write-config dvk.toml)",
        path.display(),
        path.display()
    )]
    NotesGivenAsConfig { path: PathBuf },
    /// A file that is no TOML text: a spreadsheet, a Word document, a
    /// summary (JSON), or text in another encoding; `what` says which and
    /// what to do.
    #[error("{} không phải tệp cấu hình: {what}", path.display())]
    NotConfig { path: PathBuf, what: String },
}

/// How to get a config file, for after saying what the file given is.
const CONFIG_IS: &str = "tệp cấu hình là tệp chữ .toml, sửa bằng Notepad \
     (tạo tệp mẫu có chú thích: dvk mau --write-config dvk.toml)";

/// Why `path`, given after --config, holds no config, if its kind tells.
fn not_config(path: &Path, error: TextFileError) -> ConfigError {
    let what = match error {
        TextFileError::Io(error) => {
            return ConfigError::Read {
                path: path.to_owned(),
                error,
            }
        }
        TextFileError::NotText { kind } if kind.contains("bảng tính") => format!(
            "đây là {kind}; {CONFIG_IS}. Nếu đây là bảng tính số liệu, hãy ghi nó làm đầu vào \
             (trước -o), không ghi sau --config"
        ),
        TextFileError::NotText { kind } => format!("đây là {kind}; {CONFIG_IS}"),
        TextFileError::NotUtf8 => format!(
            "tệp không lưu bằng bảng mã UTF-8; hãy mở bằng Notepad, chọn Lưu thành (Save As) với \
             mã hóa (Encoding) UTF-8 rồi chạy lại ({CONFIG_IS})"
        ),
    };
    ConfigError::NotConfig {
        path: path.to_owned(),
        what,
    }
}

/// `, dòng 2 (font_size = "14")`, or nothing when the line is unknown.
fn at_line(line: usize, written: &str) -> String {
    match (line, written.is_empty()) {
        (0, _) => String::new(),
        (_, true) => format!(", dòng {line}"),
        (_, false) => format!(", dòng {line} ({written})"),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawConfig {
    report: Option<RawReport>,
    document: Option<RawDocument>,
    #[serde(default)]
    field: Vec<taxonomy::RawField>,
    status: Option<taxonomy::RawStatus>,
    exemplary: Option<taxonomy::RawExemplary>,
    #[serde(default)]
    work_type: Vec<taxonomy::RawWorkType>,
    #[serde(default)]
    unit: Vec<taxonomy::RawUnit>,
    columns: Option<BTreeMap<ColumnId, Vec<String>>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReport {
    pad_small_counts: Option<bool>,
    hamlet_word: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDocument {
    layout: Option<Layout>,
    superior_body: Option<String>,
    issuing_body: Option<String>,
    issuing_body_in_text: Option<String>,
    number: Option<String>,
    place: Option<String>,
    date: Option<SigningDate>,
    subject: Option<String>,
    directive: Option<String>,
    period_name: Option<String>,
    signer_on_behalf: Option<String>,
    signer_title: Option<String>,
    signer_name: Option<String>,
    recipients: Option<Vec<String>>,
    margins_mm: Option<Margins>,
    font_size: Option<FontSize>,
}

impl Config {
    /// The defaults alone.
    pub fn default_config() -> Result<Config, ConfigError> {
        Self::build(parse("default.toml", DEFAULT_TOML)?, None)
    }

    /// The defaults overlaid by the user's file, if any.
    pub fn load(user_file: Option<&Path>) -> Result<Config, ConfigError> {
        let defaults = parse("default.toml", DEFAULT_TOML)?;
        let user = match user_file {
            Some(path) => {
                let markdown = path.extension().is_some_and(|e| {
                    e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown")
                });
                if markdown {
                    return Err(ConfigError::NotesGivenAsConfig {
                        path: path.to_owned(),
                    });
                }
                let text = read_text_file(path).map_err(|e| not_config(path, e))?;
                // A summary (tong-hop.json) is JSON: toml would only say
                // its first line is wrong.
                let json = path
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("json"))
                    || text.trim_start().starts_with('{');
                if json {
                    return Err(ConfigError::NotConfig {
                        path: path.to_owned(),
                        what: format!(
                            "đây là tệp JSON (như tong-hop.json dvk ghi ra, dùng làm đầu vào hoặc với --so-sanh); {CONFIG_IS}"
                        ),
                    });
                }
                let name = path.display().to_string();
                let user = parse(&name, &text)?;
                if let Some(conflict) = taxonomy::alias_conflict(&defaults, &user) {
                    let (line, written) = toml_error::line_at(&text, conflict.span.start);
                    return Err(ConfigError::Parse {
                        path: name,
                        line,
                        written,
                        message: conflict.message,
                    });
                }
                Some(user)
            }
            None => None,
        };
        Self::build(defaults, user)
    }

    fn build(defaults: RawConfig, user: Option<RawConfig>) -> Result<Config, ConfigError> {
        let pad = user
            .as_ref()
            .and_then(|u| u.report.as_ref())
            .and_then(|r| r.pad_small_counts)
            .or(defaults.report.as_ref().and_then(|r| r.pad_small_counts))
            .unwrap_or(true);
        let hamlet_word = [user.as_ref(), Some(&defaults)]
            .into_iter()
            .flatten()
            .find_map(|c| c.report.as_ref().and_then(|r| r.hamlet_word.as_deref()))
            .map(|w| crate::normalise::fold::clean_text(w).to_lowercase())
            .filter(|w| !w.is_empty());
        let mut document = DocumentOptions {
            layout: Layout::Party,
            superior_body: None,
            issuing_body: None,
            issuing_body_in_text: None,
            number: None,
            place: None,
            date: None,
            subject: None,
            directive: None,
            period_name: None,
            signer_on_behalf: None,
            signer_title: None,
            signer_name: None,
            recipients: Vec::new(),
            // Hướng dẫn 36-HD/VPTW and Nghị định 30/2020: top/bottom 20–25,
            // left 30–35, right 15–20 mm.
            margins_mm: Margins {
                top: 20.0,
                bottom: 20.0,
                left: 30.0,
                right: 15.0,
            },
            font_size: 14,
        };
        for raw in [
            defaults.document.as_ref(),
            user.as_ref().and_then(|u| u.document.as_ref()),
        ]
        .into_iter()
        .flatten()
        {
            document.overlay(raw);
        }
        let taxonomy = Taxonomy::build(defaults, user);
        Ok(Config {
            taxonomy,
            report: ReportOptions {
                pad_small_counts: pad,
                hamlet_word,
            },
            document,
        })
    }
}

impl DocumentOptions {
    fn overlay(&mut self, raw: &RawDocument) {
        // A value left empty ("") keeps its place to fill ("[Họ và tên]"),
        // as a value left out does.
        let text = |value: &Option<String>| {
            value
                .as_ref()
                .map(|v| crate::normalise::fold::clean_text(v))
                .filter(|v| !v.is_empty())
        };
        if let Some(layout) = raw.layout {
            self.layout = layout;
        }
        for (target, value) in [
            (&mut self.superior_body, &raw.superior_body),
            (&mut self.issuing_body, &raw.issuing_body),
            (&mut self.issuing_body_in_text, &raw.issuing_body_in_text),
            (&mut self.number, &raw.number),
            (&mut self.place, &raw.place),
            (&mut self.subject, &raw.subject),
            (&mut self.directive, &raw.directive),
            (&mut self.period_name, &raw.period_name),
            (&mut self.signer_on_behalf, &raw.signer_on_behalf),
            (&mut self.signer_title, &raw.signer_title),
            (&mut self.signer_name, &raw.signer_name),
        ] {
            if let Some(v) = text(value) {
                *target = Some(v);
            }
        }
        // The report writes "Số 12-BC/BDVHU" (or "Số: …") itself, and
        // "BÁO CÁO" above the subject.
        self.number = self
            .number
            .take()
            .map(|n| without_lead(&n, NUMBER_LEADS).to_owned());
        self.subject = self.subject.take().map(|s| {
            let rest = without_lead(&s, &["báo cáo"]);
            if rest.len() == s.len() {
                s
            } else {
                let mut chars = rest.chars();
                chars
                    .next()
                    .map(|c| c.to_uppercase().chain(chars).collect())
                    .unwrap_or(s)
            }
        });
        if let Some(date) = raw.date {
            self.date = Some(date);
        }
        if let Some(recipients) = &raw.recipients {
            // The report puts its own "- " before each and drops none but
            // the empty.
            self.recipients = recipients
                .iter()
                .map(|r| crate::normalise::fold::clean_text(r))
                .map(|r| {
                    r.trim_start_matches(['-', '+', '•', '*', '–', ' '])
                        .to_owned()
                })
                .filter(|r| !r.is_empty())
                .collect();
        }
        if let Some(margins) = raw.margins_mm {
            self.margins_mm = margins;
        }
        if let Some(FontSize(size)) = raw.font_size {
            self.font_size = size;
        }
    }
}

/// What a document number may start with that the report writes itself.
const NUMBER_LEADS: &[&str] = &["số", "so"];

/// `text` without the first of `leads` it starts with, as a whole word,
/// and the spaces and colon after it ("Số: 12-BC" → "12-BC"); kept whole
/// when nothing would be left.
fn without_lead<'t>(text: &'t str, leads: &[&str]) -> &'t str {
    leads
        .iter()
        .find_map(|lead| crate::normalise::fold::without_leading_word(text, lead))
        .map(|rest| rest.trim_start_matches([' ', ':']))
        .filter(|rest| !rest.trim().is_empty())
        .unwrap_or(text)
}

fn parse(name: &str, text: &str) -> Result<RawConfig, ConfigError> {
    toml::from_str(text).map_err(|e| {
        let toml_error::Explanation {
            line,
            written,
            message,
        } = toml_error::explain(&e, text);
        ConfigError::Parse {
            path: name.to_owned(),
            line,
            written,
            message,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_config_loads() {
        let config = Config::default_config().expect("embedded default.toml must parse");
        assert_eq!(config.taxonomy.fields.len(), 5);
        assert!(config.report.pad_small_counts);
    }

    #[test]
    fn the_example_config_is_valid() {
        // As written (every setting commented out) and with every setting used.
        parse("example.toml", EXAMPLE_TOML).expect("the example parses");
        let used: String = EXAMPLE_TOML
            .lines()
            .map(|line| {
                let setting = line.strip_prefix("# ").filter(|rest| {
                    rest.starts_with('[')
                        || rest.split_once(" = ").is_some_and(|(key, _)| {
                            key.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                        })
                });
                format!("{}\n", setting.unwrap_or(line))
            })
            .collect();
        let raw = parse("example.toml", &used).expect("the example parses with every setting");
        let config = Config::build(
            parse("default.toml", DEFAULT_TOML).expect("defaults"),
            Some(raw),
        )
        .expect("builds");
        assert_eq!(config.document.signer_name.as_deref(), Some("Nguyễn Văn A"));
        assert_eq!(config.document.layout, Layout::Party);
    }

    #[test]
    fn values_written_with_what_the_report_adds_itself_are_not_doubled() {
        // A walkthrough's config: "Số Số 12-BC/BDVHU", "****" for an empty
        // name, "- ." for an empty recipient, "- - Ban Dân vận".
        let raw = parse(
            "dvk.toml",
            "[document]\nnumber = \"Số 12-BC/BDVHU\"\nsigner_name = \"\"\nissuing_body = \"  \"\n\
             subject = \"Báo cáo kết quả năm 2025\"\n\
             recipients = [\"- Ban Dân vận Tỉnh ủy (b/c);\", \"\", \"Lưu VP.\"]\n",
        )
        .expect("parses");
        let config = Config::build(
            parse("default.toml", DEFAULT_TOML).expect("defaults"),
            Some(raw),
        )
        .expect("builds");
        let document = &config.document;
        assert_eq!(document.number.as_deref(), Some("12-BC/BDVHU"));
        assert_eq!(document.signer_name, None);
        assert_eq!(document.issuing_body, None);
        assert_eq!(document.subject.as_deref(), Some("Kết quả năm 2025"));
        assert_eq!(
            document.recipients,
            ["Ban Dân vận Tỉnh ủy (b/c);", "Lưu VP."]
        );
        for (written, kept) in [
            ("Số: 12/BC-UBND", "12/BC-UBND"),
            ("SỐ 5-BC/HU", "5-BC/HU"),
            ("So 7-BC/HU", "7-BC/HU"),
            ("12-BC/BDVHU", "12-BC/BDVHU"),
            ("Số", "Số"),
        ] {
            assert_eq!(without_lead(written, NUMBER_LEADS), kept, "{written}");
        }
    }

    #[test]
    fn a_page_that_cannot_be_printed_is_refused_naming_the_line() {
        for (text, line, said) in [
            ("[document]\nfont_size = 40\n", 2, "cỡ chữ 40 không in được"),
            ("[document]\n  font_size=0\n", 2, "hãy ghi từ 10 đến 16"),
            (
                "[document]\nplace = \"A\"\nmargins_mm = { top = 20, bottom = 20, left = 300, right = 15 }\n",
                3,
                "lề trái 300 mm không dùng được",
            ),
            (
                "[document]\nmargins_mm = { top = 2.5, bottom = 20, left = 30, right = 15 }\n",
                2,
                "lề trên 2,5 mm",
            ),
            (
                "[document]\nmargins_mm = { top = nan, bottom = 20, left = 30, right = 15 }\n",
                2,
                "hãy ghi từ 5 đến 60 mm",
            ),
        ] {
            match parse("dvk.toml", text) {
                Err(ConfigError::Parse {
                    line: at, message, ..
                }) => {
                    assert_eq!(at, line, "{text}");
                    assert!(message.contains(said), "{text}: {message}");
                }
                other => panic!("{text}: expected an error, got {other:?}"),
            }
        }
        // The limits themselves are fine.
        let text = "[document]\nfont_size = 16\nmargins_mm = { top = 5, bottom = 60, left = 35, right = 20 }\n";
        assert!(parse("dvk.toml", text).is_ok());
    }

    #[test]
    fn unknown_key_names_the_line() {
        let text = "[report]\npad_small_counts = true\nfoo = 1\n";
        match parse("dvk.toml", text) {
            Err(ConfigError::Parse { line, message, .. }) => {
                assert_eq!(line, 3);
                assert!(message.contains("foo"), "{message}");
            }
            other => panic!("expected a parse error, got {other:?}"),
        }
    }
}
