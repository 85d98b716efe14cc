//! `bao-cao.md`: the report body, rendered by tera from `report-templates/`.
//!
//! Templates are embedded; a `--templates DIR` file of the same name wins.
//! Every `{{ value }}` is escaped for Markdown (tera does not do it for .md);
//! numbers go through the filters of [`super::vn_format`].

use super::view::SummaryView;
use super::vn_format;
use crate::diagnostic::{io_reason, IoAction};
use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;
use tera::{Context, Tera, Value};

/// The report template, embedded from `report-templates/bao-cao.md.tera`.
pub const REPORT_TEMPLATE: &str = include_str!("../../report-templates/bao-cao.md.tera");
pub const REPORT_TEMPLATE_NAME: &str = "bao-cao.md.tera";

/// A template that could not be loaded or rendered.
#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    #[error(
        "không tìm thấy thư mục mẫu báo cáo \"{path}\"; hãy kiểm tra đường dẫn sau --templates, \
         hoặc bỏ --templates để dùng mẫu có sẵn"
    )]
    MissingFolder { path: String },
    #[error(
        "\"{path}\" là một tệp, không phải thư mục; sau --templates hãy ghi thư mục chứa tệp {}",
        REPORT_TEMPLATE_NAME
    )]
    NotAFolder { path: String },
    #[error(
        "thư mục mẫu báo cáo \"{folder}\" không có tệp {}{}; hãy chép tệp \
         mẫu gốc vào đó (lệnh dvk mau --ghi-mau-bao-cao {folder} ghi tệp {0} vào thư mục này) \
         rồi sửa, hoặc bỏ --templates để dùng mẫu có sẵn",
        REPORT_TEMPLATE_NAME,
        look_alikes_note(look_alikes)
    )]
    MissingTemplate {
        folder: String,
        /// Files there with nearly the name ("bao-cao.md.tera.txt").
        look_alikes: Vec<String>,
    },
    #[error(
        "không đọc được mẫu báo cáo {path}: {}",
        io_reason(error, IoAction::Read)
    )]
    Read {
        path: String,
        // Not a source: the message says it, in Vietnamese.
        error: std::io::Error,
    },
    #[error(
        "mẫu báo cáo {path}{}: {}. {}",
        at_line(fault),
        fault.what,
        HOW_TO_FIX
    )]
    Invalid {
        path: String,
        fault: super::template_error::TemplateFault,
    },
}

/// What a clerk with only dvk.exe does about a template's mistake.
const HOW_TO_FIX: &str = "Hãy so với mẫu gốc: lệnh dvk mau --ghi-mau-bao-cao mau-goc ghi mẫu gốc \
     vào thư mục mau-goc (mở bằng Notepad); hoặc bỏ --templates để dùng mẫu có sẵn";

/// ", dòng 46, cột 190 (… {{ models.total | dem } mô hình.)", or nothing.
fn at_line(fault: &super::template_error::TemplateFault) -> String {
    match (fault.line, fault.column) {
        (Some(line), Some(column)) => {
            format!(", dòng {line}, cột {column} ({})", fault.written)
        }
        (Some(line), None) => format!(", dòng {line} ({})", fault.written),
        _ => String::new(),
    }
}

/// The report template to render with: its text, and the file it was
/// read from (None for the embedded one).
#[derive(Debug, Clone)]
pub struct ReportTemplate {
    pub text: Cow<'static, str>,
    pub path: Option<std::path::PathBuf>,
}

impl ReportTemplate {
    /// The template as its errors name it: the path the user gave.
    fn shown_path(&self) -> String {
        match &self.path {
            Some(path) => path.display().to_string(),
            None => format!("{REPORT_TEMPLATE_NAME} (mẫu có sẵn của dvk)"),
        }
    }

    fn invalid(&self, error: &tera::Error, context: Option<&serde_json::Value>) -> TemplateError {
        TemplateError::Invalid {
            path: self.shown_path(),
            fault: super::template_error::explain(error, &self.text, context),
        }
    }

    /// A tera holding the template, parsed; a syntax error names its line.
    fn parsed(&self) -> Result<Tera, TemplateError> {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".md.tera"]);
        tera.set_escape_fn(escape_markdown);
        tera.add_raw_template(REPORT_TEMPLATE_NAME, &self.text)
            .map_err(|e| self.invalid(&e, None))?;
        Ok(tera)
    }
}

/// " (chỉ có bao-cao.md.tera.txt: …)" when the folder holds look-alikes.
fn look_alikes_note(look_alikes: &[String]) -> String {
    if look_alikes.is_empty() {
        return String::new();
    }
    format!(
        " (chỉ có {}: tên tệp phải đúng là {REPORT_TEMPLATE_NAME}; Windows có thể ẩn phần đuôi như .txt)",
        look_alikes.join(", ")
    )
}

/// The report template: `dir`'s own `bao-cao.md.tera` when a folder is
/// given (`--templates DIR`), else the embedded one. Called before any
/// spreadsheet is read, so a wrong folder or a template that does not
/// parse stops the run at once.
pub fn load_template(dir: Option<&Path>) -> Result<ReportTemplate, TemplateError> {
    let Some(dir) = dir else {
        return Ok(ReportTemplate {
            text: Cow::Borrowed(REPORT_TEMPLATE),
            path: None,
        });
    };
    match std::fs::metadata(dir) {
        Ok(metadata) if metadata.is_dir() => {}
        Ok(_) => {
            return Err(TemplateError::NotAFolder {
                path: dir.display().to_string(),
            })
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(TemplateError::MissingFolder {
                path: dir.display().to_string(),
            })
        }
        Err(error) => {
            return Err(TemplateError::Read {
                path: dir.display().to_string(),
                error,
            })
        }
    }
    let path = dir.join(REPORT_TEMPLATE_NAME);
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            let template = ReportTemplate {
                text: Cow::Owned(text),
                path: Some(path),
            };
            template.parsed()?;
            Ok(template)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(TemplateError::MissingTemplate {
            folder: dir.display().to_string(),
            look_alikes: look_alikes(dir),
        }),
        Err(error) => Err(TemplateError::Read {
            path: path.display().to_string(),
            error,
        }),
    }
}

/// Up to three files in `dir` that look meant as the template: named
/// "bao-cao…" or ending in ".tera".
fn look_alikes(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| {
            let lower = name.to_lowercase();
            lower.starts_with("bao-cao") || lower.starts_with("bao_cao") || lower.ends_with(".tera")
        })
        .collect();
    names.sort();
    names.truncate(3);
    names
}

/// Renders the report from the view with `template` (see [`load_template`]).
pub fn render_markdown(
    view: &SummaryView,
    notes: &crate::config::Notes,
    template: &ReportTemplate,
) -> Result<String, TemplateError> {
    let mut tera = template.parsed()?;
    register_filters(&mut tera, view.pad_small_counts);
    let mut context = Context::from_serialize(view).map_err(|e| template.invalid(&e, None))?;
    add_named_listings(&mut context, view, &template.text);
    // The clerk's prose is Markdown already: the template writes it `| safe`.
    context.insert("notes", notes);
    tera.render(REPORT_TEMPLATE_NAME, &context).map_err(|e| {
        // The names a template may use, to list beside an unknown one.
        template.invalid(&e, Some(&context.into_json()))
    })
}

/// The view's listings that grow with the input are copied into the
/// template's context only when the template names them: the embedded
/// report does not, and a nation's problems alone would take tens of MB
/// as tera values.
fn add_named_listings(context: &mut Context, view: &SummaryView, template: &str) {
    if names_variable(template, "outstanding") {
        context.insert("outstanding", &view.outstanding);
    }
    if names_variable(template, "files") {
        context.insert("files", &view.files);
    }
    if names_variable(template, "problems") {
        context.insert("problems", &view.problems);
    }
    if names_variable(template, "rollup") {
        context.insert("rollup", &view.rollup);
    }
}

/// Whether `name` occurs in `template` as a whole identifier, not as a
/// part of a longer one (`files` is not named by `files_failed`) nor as an
/// attribute (`notes.outstanding`).
fn names_variable(template: &str, name: &str) -> bool {
    let is_identifier = |c: char| c.is_alphanumeric() || c == '_';
    template.match_indices(name).any(|(at, _)| {
        let before = template[..at].chars().next_back();
        let after = template[at + name.len()..].chars().next();
        !before.is_some_and(|c| is_identifier(c) || c == '.') && !after.is_some_and(is_identifier)
    })
}

/// Backslash-escapes what Markdown would read as markup.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~'
        ) {
            out.push('\\');
        }
        // Line breaks inside a value would break a table row or a paragraph.
        if c == '\n' || c == '\r' {
            out.push(' ');
            continue;
        }
        out.push(c);
    }
    out
}

fn int_arg(value: &Value) -> tera::Result<i64> {
    value
        .as_i64()
        .or_else(|| value.as_u64().map(|v| v as i64))
        .ok_or_else(|| tera::Error::msg(format!("cần một số nguyên, có {value}")))
}

/// Filters for templates: `so` 1.234, `dem` 07 (one is "một"; `cung=` the phrase's other counts), `tien` trên 1,2 tỷ đồng,
/// `uoc` gần 800 (below ten as `dem`), `trieu` 1.234,5 (triệu đồng, zero "-"; `so_le=` fixes the decimals),
/// `ty_le` (with `tren=`) 13,5%, `so_luong` (with `don_vi=`) trên 31 km,
/// `thap_phan` 30,256 (thousandths; `so_le=` fixes the decimals), `cham_cau` (a clerk's
/// list or paragraph ended with ";" and "." as the report's own).
fn register_filters(tera: &mut Tera, pad: bool) {
    tera.register_filter("so", |v: &Value, _: &HashMap<String, Value>| {
        Ok(Value::String(vn_format::group_thousands(int_arg(v)?)))
    });
    // `cung=` names the other counts of the phrase (a number or a list):
    // "02 tập thể, 01 cá nhân", one style for the phrase.
    tera.register_filter("dem", move |v: &Value, args: &HashMap<String, Value>| {
        Ok(Value::String(vn_format::count_in_phrase(
            int_arg(v)?.max(0) as u64,
            &counts_beside(args)?,
            pad,
        )))
    });
    tera.register_filter("tien", |v: &Value, _: &HashMap<String, Value>| {
        Ok(Value::String(vn_format::money_phrase(int_arg(v)?)))
    });
    tera.register_filter("trieu", |v: &Value, args: &HashMap<String, Value>| {
        let decimals = args.get("so_le").map(int_arg).transpose()?;
        let dong = int_arg(v)?;
        Ok(Value::String(match decimals {
            // A money table shows no money as "-", as the workbook does.
            _ if dong == 0 => "-".to_owned(),
            Some(d) => vn_format::fixed_decimal(dong, 6, d.clamp(0, 6) as u32),
            None => vn_format::million_dong(dong),
        }))
    });
    tera.register_filter("uoc", move |v: &Value, args: &HashMap<String, Value>| {
        let word = args.get("tu").and_then(Value::as_str).unwrap_or("trên");
        let n = int_arg(v)?;
        // A few are written as `dem` writes them: "một cuộc", "03 lượt".
        Ok(Value::String(match u64::try_from(n) {
            Ok(few @ 0..=9) => vn_format::count(few, pad),
            _ => vn_format::approx_count(n, word),
        }))
    });
    tera.register_filter("ty_le", |v: &Value, args: &HashMap<String, Value>| {
        let whole = args.get("tren").map(int_arg).transpose()?.unwrap_or(0);
        Ok(Value::String(vn_format::percent(
            int_arg(v)?.max(0) as u64,
            whole.max(0) as u64,
        )))
    });
    tera.register_filter(
        "so_luong",
        move |v: &Value, args: &HashMap<String, Value>| {
            let unit = args.get("don_vi").and_then(Value::as_str).unwrap_or("");
            Ok(Value::String(vn_format::quantity_in_phrase(
                int_arg(v)?,
                unit,
                &counts_beside(args)?,
                pad,
            )))
        },
    );
    tera.register_filter("cham_cau", |v: &Value, _: &HashMap<String, Value>| {
        let text = v
            .as_str()
            .ok_or_else(|| tera::Error::msg(format!("cần một đoạn văn, có {v}")))?;
        Ok(Value::String(super::report::punctuate_note(text)))
    });
    tera.register_filter("thap_phan", |v: &Value, args: &HashMap<String, Value>| {
        let decimals = args.get("so_le").map(int_arg).transpose()?;
        Ok(Value::String(match decimals {
            Some(d) => vn_format::fixed_decimal(int_arg(v)?, 3, d.clamp(0, 3) as u32),
            None => vn_format::decimal(int_arg(v)?, 3),
        }))
    });
}

/// The other counts of a sentence (a filter's `cung` argument: one number
/// or a list), by which a one is written "01" among larger counts.
fn counts_beside(args: &HashMap<String, Value>) -> tera::Result<Vec<u64>> {
    match args.get("cung") {
        None => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| int_arg(i).map(|n| n.max(0) as u64))
            .collect(),
        Some(other) => Ok(vec![int_arg(other)?.max(0) as u64]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markdown() {
        assert_eq!(escape_markdown("a|b *c* [d]"), "a\\|b \\*c\\* \\[d\\]");
        assert_eq!(escape_markdown("Long Sơn"), "Long Sơn");
    }

    #[test]
    fn a_listing_is_named_only_by_its_whole_identifier() {
        assert!(names_variable("{% for f in files %}", "files"));
        assert!(names_variable("{{ problems | length }}", "problems"));
        assert!(!names_variable("{{ files_failed | length }}", "files"));
        assert!(!names_variable(
            "{% for p in report_problems %}",
            "problems"
        ));
        assert!(!names_variable("{{ outstanding_named }}", "outstanding"));
        assert!(!names_variable("{{ notes.outstanding }}", "outstanding"));
        assert!(!names_variable(REPORT_TEMPLATE, "outstanding"));
        assert!(!names_variable(REPORT_TEMPLATE, "problems"));
        assert!(!names_variable(REPORT_TEMPLATE, "files"));
        assert!(!names_variable(REPORT_TEMPLATE, "rollup"));
    }
}
