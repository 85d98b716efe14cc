//! toml's errors said the way a clerk can act on them: which line and key,
//! what is wrong, and the line written right.
//!
//! toml and serde word their errors in English and in Rust's terms
//! ("invalid type: string \"14\", expected u32"). This module turns one
//! error and the file's text into a Vietnamese sentence naming the key
//! ("font_size phải là một số nguyên, không phải \"14\" …; hãy bỏ dấu ngoặc
//! kép: font_size = 14"), with an example taken from the commented example
//! config (or the defaults), so the examples never drift from the keys.

use super::{DEFAULT_TOML, EXAMPLE_TOML};

/// Where an error is and what it says, for `ConfigError::Parse`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Explanation {
    /// 1-based; 0 when toml gave no position.
    pub line: usize,
    /// The line as the user wrote it, trimmed (shortened when long).
    pub written: String,
    pub message: String,
}

/// What the error's position says: the line, the table it is in, the key.
struct Place<'a> {
    line_text: &'a str,
    /// The table header above (or at) the error, as written: "[document]".
    header: Option<String>,
    /// The table's name: "document", "field".
    section: Option<String>,
    /// The error is on the table's header line itself.
    on_header: bool,
    /// The key whose value is wrong: the last `key =` before the error.
    key: Option<String>,
    /// The text toml points at ("Minh Long" in `place = Minh Long`).
    pointed: &'a str,
}

/// Explains `error`, raised while reading `source`.
pub(super) fn explain(error: &toml::de::Error, source: &str) -> Explanation {
    let message = error.message().replace('\n', ", ");
    let Some(span) = error.span() else {
        return Explanation {
            line: 0,
            written: String::new(),
            message: fallback(&message),
        };
    };
    let mut start = floor_boundary(source, span.start);
    let mut end = floor_boundary(source, span.end.max(span.start));
    // A list left open (`recipients = ["a", "b"` then `place = …`) is only
    // noticed at the next key, which toml takes for a list element missing
    // its comma: the mistake is on the line above.
    if message.contains("missing comma between array elements") {
        if let Some(open_end) = unclosed_list_above(source, start) {
            (start, end) = (open_end, open_end);
        }
    }
    let place = locate(source, start, end);
    let (line, written) = line_at(source, start);
    Explanation {
        line,
        written,
        message: say(&message, &place, source),
    }
}

/// The 1-based line holding byte `offset` of `source`, and that line as
/// written (trimmed, shortened when long).
pub(super) fn line_at(source: &str, offset: usize) -> (usize, String) {
    let start = floor_boundary(source, offset);
    let line = source[..start].matches('\n').count() + 1;
    let line_text = locate(source, start, start).line_text.trim();
    let mut written: String = line_text.chars().take(80).collect();
    if written.chars().count() < line_text.chars().count() {
        written.push('…');
    }
    (line, written)
}

/// When the line at `offset` starts a new `key = …` and the line above
/// (blank lines and comments skipped) opened a list it did not close: the
/// end of that line.
fn unclosed_list_above(source: &str, offset: usize) -> Option<usize> {
    let line_start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = source[offset..]
        .find('\n')
        .map_or(source.len(), |i| offset + i);
    let line = strip_comment(&source[line_start..line_end]);
    if last_key(line).is_none() && !line.trim_start().starts_with('[') {
        return None;
    }
    let mut end = line_start.checked_sub(1)?;
    loop {
        let start = source[..end].rfind('\n').map_or(0, |i| i + 1);
        let above = strip_comment(&source[start..end]).trim();
        if !above.is_empty() {
            let opened = above.matches('[').count() > above.matches(']').count();
            return opened.then(|| start + source[start..end].trim_end().len());
        }
        end = start.checked_sub(1)?;
    }
}

/// `key` and its value as written on a `key = value` line (value trimmed,
/// comment kept: a `#` may be inside the quotes).
fn key_and_value(line: &str) -> Option<(&str, &str)> {
    let (key, value) = line.split_once('=')?;
    let key = key.trim();
    let simple = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == '.');
    simple.then(|| (key, value.trim()))
}

/// Typographic quotes, which Word puts in for `"` and which TOML does not
/// take as quotes.
const CURLY_QUOTES: [char; 6] = ['“', '”', '„', '‘', '’', '«'];

/// A value with quotes inside (`"thi đua "Dân vận khéo" năm 2022"`): the
/// line written with curly quotes inside instead.
fn inner_quotes_fixed(key: &str, value: &str) -> Option<String> {
    let inner = value.strip_prefix('"')?;
    if inner.starts_with("\"\"") {
        return None;
    }
    let last = inner.rfind('"')?;
    let (inner, after) = (&inner[..last], inner[last + 1..].trim());
    if !inner.contains('"') || !(after.is_empty() || after.starts_with('#')) {
        return None;
    }
    let mut open = true;
    let fixed: String = inner
        .chars()
        .map(|c| match c {
            '"' => {
                open = !open;
                if open {
                    '”'
                } else {
                    '“'
                }
            }
            c => c,
        })
        .collect();
    Some(format!("{key} = \"{fixed}\""))
}

fn floor_boundary(text: &str, mut index: usize) -> usize {
    index = index.min(text.len());
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

fn locate(source: &str, start: usize, end: usize) -> Place<'_> {
    let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = source[start..]
        .find('\n')
        .map_or(source.len(), |i| start + i);
    let line_text = source[line_start..line_end].trim_end_matches('\r');
    let before = &source[line_start..start];
    let on_header = line_text.trim_start().starts_with('[') && !line_text.contains('=');
    // The nearest header at or above the error.
    let header = source[..line_end]
        .lines()
        .rev()
        .map(|l| strip_comment(l).trim())
        .find(|l| l.starts_with('[') && !l.contains('='))
        .map(str::to_owned);
    let section = header.as_deref().map(|h| {
        h.trim_start_matches('[')
            .trim_end_matches(']')
            .trim()
            .to_owned()
    });
    // The key: the last `key =` before the error on its line; on a line
    // with no key at all (inside a list over several lines), the nearest
    // `key =` above, up to the header.
    let key = last_key(before).or_else(|| {
        if strip_comment(line_text).contains('=') {
            return None;
        }
        source[..line_start]
            .lines()
            .rev()
            .take_while(|l| !strip_comment(l).trim().starts_with('['))
            .find_map(last_key)
    });
    Place {
        line_text,
        header,
        section,
        on_header,
        key: if on_header { None } else { key },
        pointed: source[start..end.min(line_end).max(start)].trim(),
    }
}

fn strip_comment(line: &str) -> &str {
    // Good enough for finding headers and keys: a '#' inside a quoted text
    // comes after the key it would hide.
    line.split('#').next().unwrap_or(line)
}

/// The last `name =` (bare or quoted name) in `text`.
fn last_key(text: &str) -> Option<String> {
    let text = strip_comment(text);
    let mut found = None;
    for (i, _) in text.match_indices('=') {
        let name = text[..i]
            .trim_end()
            .rsplit(|c: char| c == '{' || c == ',' || c.is_whitespace())
            .next()
            .unwrap_or("")
            .trim_matches(['"', '\'']);
        if !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == '.')
        {
            found = Some(name.to_owned());
        }
    }
    found
}

/// The sentence for one error.
fn say(message: &str, place: &Place<'_>, source: &str) -> String {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        return unknown_key(rest, place);
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        return unknown_value(rest, place);
    }
    if let Some(rest) = message
        .strip_prefix("invalid type: ")
        .or_else(|| message.strip_prefix("invalid value: "))
    {
        if let Some((found, expected)) = rest.rsplit_once(", expected ") {
            return wrong_type(found, expected, place);
        }
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let missing = rest.split('`').next().unwrap_or(rest);
        return missing_key(missing, place);
    }
    if message.starts_with("duplicate key") {
        return match (place.on_header, &place.header, &place.key) {
            (true, Some(header), _) => format!(
                "mục {header} được ghi hai lần; hãy để mọi khóa của nó dưới một dòng {header} duy nhất"
            ),
            _ => format!(
                "khóa {} được ghi hai lần{}; hãy xóa một trong hai dòng",
                place.pointed.trim_matches(['"', '\'']),
                place
                    .header
                    .as_deref()
                    .map(|h| format!(" trong {h}"))
                    .unwrap_or_default()
            ),
        };
    }
    // Our own deserialisers (the signing date) already speak Vietnamese.
    if !message.is_ascii() {
        return message.to_owned();
    }
    syntax(message, place, source)
}

fn unknown_key(rest: &str, place: &Place<'_>) -> String {
    let name = rest.split('`').next().unwrap_or(rest);
    let known = listed(rest);
    let guess = closest(name, &known)
        .map(|g| format!("; có phải là \"{g}\"?"))
        .unwrap_or_default();
    if place.on_header {
        return format!(
            "mục [{name}] không có trong cấu hình của dvk (kiểm tra chính tả{guess}); các mục: {}",
            known
                .iter()
                .map(|k| {
                    // A list of tables ([[field]]) is written as the defaults write it.
                    if DEFAULT_TOML.contains(&format!("[[{k}]]")) {
                        format!("[[{k}]]")
                    } else {
                        format!("[{k}]")
                    }
                })
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    // A key of another table written in the wrong place.
    let elsewhere = example(None, name)
        .filter(|(section, _)| section.as_deref() != place.section.as_deref())
        .and_then(|(section, _)| section)
        .map(|s| format!("; khóa {name} thuộc mục [{s}]: hãy đặt nó dưới dòng [{s}]"))
        .unwrap_or_default();
    let table = place
        .section
        .as_deref()
        .map(|s| format!(" trong mục [{s}]"))
        .unwrap_or_default();
    format!(
        "khóa \"{name}\"{table} không có trong cấu hình của dvk (kiểm tra chính tả{guess}){elsewhere}; \
         tệp mẫu có đủ các khóa: dvk mau --write-config dvk-mau.toml"
    )
}

fn unknown_value(rest: &str, place: &Place<'_>) -> String {
    let value = rest.split('`').next().unwrap_or(rest);
    let known = listed(rest);
    let guess = closest(value, &known)
        .map(|g| format!("; có phải là \"{g}\"?"))
        .unwrap_or_default();
    // In [columns] the keys are the column names: toml points at the key.
    if place.section.as_deref() == Some("columns")
        && place.key.as_deref().is_none_or(|key| key == value)
    {
        return format!(
            "\"{value}\" không phải tên cột của dvk trong [columns] (kiểm tra chính tả{guess}); các tên cột: {}",
            known.join(", ")
        );
    }
    let key = place.key.as_deref().unwrap_or("giá trị này");
    if key == "layout" {
        return format!(
            "layout phải là \"party\" (văn bản của Đảng, Hướng dẫn 36) hoặc \"state\" (văn bản của Nhà nước, \
             Nghị định 30), không phải \"{value}\"; ví dụ: layout = \"party\""
        );
    }
    let choices: Vec<String> = known.iter().map(|k| format!("\"{k}\"")).collect();
    format!(
        "{key} không nhận \"{value}\"{guess}; các giá trị được dùng: {}",
        choices.join(", ")
    )
}

fn wrong_type(found: &str, expected: &str, place: &Place<'_>) -> String {
    let key = place
        .key
        .clone()
        .or_else(|| place.section.clone())
        .unwrap_or_else(|| "giá trị này".to_owned());
    // A table name given a value (`document = 3`).
    if expected.starts_with("struct ") || expected == "a map" {
        return format!(
            "{key} là một mục, không phải một giá trị: hãy viết dòng [{key}] rồi các khóa của nó ở các dòng bên dưới"
        );
    }
    let text = found
        .strip_prefix("string \"")
        .and_then(|s| s.strip_suffix('"'));
    let number = found
        .strip_prefix("integer `")
        .or_else(|| found.strip_prefix("floating point `"))
        .and_then(|s| s.strip_suffix('`'));
    let whole = matches!(
        expected,
        "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64" | "isize"
    );
    let unsigned = expected.starts_with('u');
    let wanted = match expected {
        "a boolean" => "true hoặc false".to_owned(),
        _ if whole && unsigned => "một số nguyên dương".to_owned(),
        _ if whole => "một số nguyên".to_owned(),
        "f32" | "f64" | "a number" => "một số".to_owned(),
        "a string" | "a borrowed string" | "a character" => {
            "chữ đặt trong dấu ngoặc kép".to_owned()
        }
        "a sequence" => "một danh sách trong ngoặc vuông".to_owned(),
        // Our own deserialisers' words (the signing date's).
        other => other.to_owned(),
    };
    let shown = match (text, number) {
        (Some(text), _) => format!("chữ \"{text}\""),
        (_, Some(number)) => format!("số {number}"),
        _ => match found {
            "sequence" => "một danh sách".to_owned(),
            "map" => "một mục { … }".to_owned(),
            other => other.trim_matches('`').to_owned(),
        },
    };
    let numeric = expected.starts_with(['u', 'i', 'f']) || expected == "a number";
    let fix = match (text, number) {
        (Some(text), _)
            if numeric
                && text.trim().parse::<f64>().is_ok()
                && !(whole && text.trim().contains('.')) =>
        {
            format!("hãy bỏ dấu ngoặc kép: {key} = {}", text.trim())
        }
        (Some(_), _) if expected == "a boolean" => {
            format!("hãy ghi {key} = true (có) hoặc {key} = false (không), không có dấu ngoặc kép")
        }
        (Some(text), _) if expected == "a sequence" => {
            format!("hãy đặt trong ngoặc vuông: {key} = [\"{text}\"]")
        }
        (_, Some(number)) if wanted.starts_with("chữ") => {
            format!("hãy đặt trong dấu ngoặc kép: \"{number}\"")
        }
        _ => match example(place.section.as_deref(), &key) {
            Some((_, line)) => format!("ví dụ: {line}"),
            None => "hãy sửa lại theo tệp mẫu (dvk mau --write-config dvk-mau.toml)".to_owned(),
        },
    };
    format!("{key} phải là {wanted}, không phải {shown}; {fix}")
}

fn missing_key(missing: &str, place: &Place<'_>) -> String {
    match (&place.key, &place.header) {
        (Some(key), _) => {
            let line = example(place.section.as_deref(), key)
                .map(|(_, line)| format!("; ví dụ: {line}"))
                .unwrap_or_default();
            format!("{key} thiếu {missing}: hãy ghi đủ{line}")
        }
        (None, Some(header)) => {
            let line = example(place.section.as_deref(), missing)
                .map(|(_, line)| format!("; ví dụ: {line}"))
                .unwrap_or_default();
            format!("mục {header} thiếu khóa {missing}{line}")
        }
        (None, None) => format!("thiếu khóa {missing}"),
    }
}

/// A line that is not TOML at all.
fn syntax(message: &str, place: &Place<'_>, source: &str) -> String {
    let written =
        key_and_value(strip_comment(place.line_text)).or_else(|| key_and_value(place.line_text));
    let what = if let Some(fixed) =
        key_and_value(place.line_text).and_then(|(key, value)| inner_quotes_fixed(key, value))
    {
        format!(
            "dấu \" bên trong chữ làm chữ kết thúc ở đó, phần sau không đọc được; bên trong chữ hãy dùng \
             dấu ngoặc kép cong “ ” (hoặc viết \\\" cho mỗi dấu \"); hãy sửa thành: {fixed}"
        )
    } else if let Some((key, value)) = written
        .filter(|(_, value)| value.starts_with(CURLY_QUOTES) || value.ends_with(CURLY_QUOTES))
    {
        let text = value
            .trim_matches(CURLY_QUOTES)
            .trim_matches('"')
            .trim_matches(CURLY_QUOTES);
        format!(
            "chữ phải mở và đóng bằng dấu ngoặc kép thẳng \" (gõ bằng phím \"), không phải dấu cong “ ” \
             (Word tự đổi dấu \" thành dấu cong); hãy sửa thành: {key} = \"{text}\""
        )
    } else if message.contains("must be quoted") {
        let value = place.pointed;
        match &place.key {
            Some(key) => {
                format!("chữ phải đặt trong dấu ngoặc kép; hãy sửa thành: {key} = \"{value}\"")
            }
            None => format!("chữ phải đặt trong dấu ngoặc kép: \"{value}\""),
        }
    } else if message.contains("invalid basic string")
        || message.contains("invalid literal string")
        || message.contains("unterminated")
    {
        "thiếu dấu ngoặc kép đóng: chữ phải mở và đóng bằng dấu \" trên cùng một dòng".to_owned()
    } else if message.contains("escape") || message.contains("unicode value") {
        let fix = written
            .and_then(|(key, value)| {
                let text = value.strip_prefix('"')?.strip_suffix('"')?;
                Some(if text.contains('\'') {
                    format!(
                        "; hãy sửa thành: {key} = \"{}\"",
                        text.replace('\\', "\\\\")
                    )
                } else {
                    format!("; hãy sửa thành: {key} = '{text}'")
                })
            })
            .unwrap_or_default();
        format!(
            "trong chữ đặt giữa hai dấu \", dấu \\ mở đầu một ký tự đặc biệt (\\n, \\u…); muốn viết chính dấu \\ \
             thì ghi \\\\, hoặc đặt chữ trong dấu nháy đơn '…' (khi đó \\ giữ nguyên){fix}"
        )
    } else if message.contains("missing comma between array elements") {
        match (
            place.key.as_deref(),
            place.line_text.trim_end().ends_with(','),
        ) {
            (Some(key), false)
                if place.line_text.matches('[').count() > place.line_text.matches(']').count() =>
            {
                format!(
                    "danh sách {key} thiếu dấu ] đóng ở cuối; hãy sửa thành: {}]",
                    place.line_text.trim()
                )
            }
            _ => "các phần tử trong danh sách phải cách nhau bằng dấu phẩy, ví dụ: \
                  recipients = [\"Ban Dân vận Tỉnh ủy\", \"Lưu\"]"
                .to_owned(),
        }
    } else if message.contains("unclosed table") {
        "tên mục thiếu dấu ] đóng, ví dụ: [document]".to_owned()
    } else if message.contains("unclosed array") {
        "danh sách thiếu dấu ] đóng, ví dụ: recipients = [\"Ban Dân vận Tỉnh ủy\", \"Lưu\"]"
            .to_owned()
    } else if message.contains("key with no value") {
        "dòng này không có dạng khóa = giá trị (thiếu dấu =)".to_owned()
    } else {
        format!("dòng này không đúng cách viết của tệp cấu hình (chi tiết kỹ thuật: {message})")
    };
    // A notes file (Markdown headings "## Hạn chế…") given as the config.
    let notes = source.lines().any(|l| l.starts_with("## "));
    let hint = if notes && place.key.is_none() {
        " Tệp này có vẻ là tệp ghi chú (Markdown): tệp ghi chú dùng với --ghi-chu, tệp cấu hình (.toml) dùng với --config."
    } else {
        ""
    };
    format!(
        "{what}. Mỗi dòng của tệp cấu hình có dạng khóa = giá trị, chữ đặt trong dấu ngoặc kép \
         (place = \"Minh Long\"), tên mục trong ngoặc vuông ([document]), dòng ghi chú bắt đầu bằng #.{hint}"
    )
}

/// A message of last resort: Vietnamese first, toml's words after.
fn fallback(message: &str) -> String {
    if message.is_ascii() {
        format!("cấu hình không hợp lệ (chi tiết kỹ thuật: {message}); hãy sửa lại theo tệp mẫu (dvk mau --write-config dvk-mau.toml)")
    } else {
        message.to_owned()
    }
}

/// The names in "expected `a` or `b`" / "expected one of `a`, `b`".
fn listed(rest: &str) -> Vec<String> {
    let Some((_, list)) = rest.split_once("expected") else {
        return Vec::new();
    };
    list.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

/// The known name a typo most likely meant: at most two edits away.
pub fn closest<'a>(name: &str, known: &'a [String]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (edits(&name.to_lowercase(), k), k))
        .filter(|(d, k)| *d <= 2 && *d < k.chars().count())
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k.as_str())
}

/// Levenshtein distance, by characters.
fn edits(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(previous + 1);
        }
    }
    row[b.len()]
}

/// A line setting `key`, from the example config (where settings are
/// commented out) or the defaults: the table it is in and the line.
/// `section` None: any table.
fn example(section: Option<&str>, key: &str) -> Option<(Option<String>, String)> {
    for file in [EXAMPLE_TOML, DEFAULT_TOML] {
        let mut current: Option<String> = None;
        for line in file.lines() {
            let line = line.trim();
            let line = line.strip_prefix("# ").unwrap_or(line).trim();
            if line.starts_with('[') && !line.contains('=') {
                current = Some(
                    line.trim_start_matches('[')
                        .trim_end_matches(']')
                        .trim()
                        .to_owned(),
                );
                continue;
            }
            let Some((name, _)) = line.split_once(" = ") else {
                continue;
            };
            if name.trim() == key && section.is_none_or(|s| current.as_deref() == Some(s)) {
                return Some((current, line.to_owned()));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)] // read only for its errors
    struct Probe {
        document: Option<ProbeDocument>,
        report: Option<ProbeReport>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct ProbeDocument {
        layout: Option<super::super::Layout>,
        place: Option<String>,
        font_size: Option<u32>,
        recipients: Option<Vec<String>>,
        margins_mm: Option<super::super::Margins>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct ProbeReport {
        pad_small_counts: Option<bool>,
    }

    fn explained(source: &str) -> Explanation {
        let error = toml::from_str::<Probe>(source).expect_err("an error");
        explain(&error, source)
    }

    #[test]
    fn each_error_names_its_key_and_says_how_to_fix_it() {
        for (source, line, said) in [
            (
                "[document]\nfont_size = \"14\"\n",
                2,
                "font_size phải là một số nguyên dương, không phải chữ \"14\"; hãy bỏ dấu ngoặc kép: font_size = 14",
            ),
            (
                "[document]\nfont_size = -3\n",
                2,
                "font_size phải là một số nguyên dương, không phải số -3; ví dụ: font_size = 14",
            ),
            (
                "[report]\npad_small_counts = \"co\"\n",
                2,
                "pad_small_counts phải là true hoặc false, không phải chữ \"co\"; hãy ghi pad_small_counts = true (có) hoặc pad_small_counts = false (không)",
            ),
            (
                "[document]\nmargins_mm = { top = 20 }\n",
                2,
                "margins_mm thiếu bottom: hãy ghi đủ; ví dụ: margins_mm = { top = 20, bottom = 20, left = 30, right = 15 }",
            ),
            (
                "[document]\nmargins_mm = { top = \"20\", bottom = 20, left = 30, right = 15 }\n",
                2,
                "top phải là một số, không phải chữ \"20\"; hãy bỏ dấu ngoặc kép: top = 20",
            ),
            (
                "[document]\nlayout = \"dang\"\n",
                2,
                "layout phải là \"party\" (văn bản của Đảng, Hướng dẫn 36) hoặc \"state\"",
            ),
            (
                "[document]\nplace = Minh Long\n",
                2,
                "hãy sửa thành: place = \"Minh Long\"",
            ),
            (
                "[document]\nrecipients = \"Lưu\"\n",
                2,
                "recipients phải là một danh sách trong ngoặc vuông, không phải chữ \"Lưu\"; hãy đặt trong ngoặc vuông: recipients = [\"Lưu\"]",
            ),
            (
                "[document]\nrecipients = [\n  \"Lưu\",\n  12,\n]\n",
                4,
                "recipients phải là chữ đặt trong dấu ngoặc kép, không phải số 12; hãy đặt trong dấu ngoặc kép: \"12\"",
            ),
            (
                "[document]\nplace = \"a\"\nplace = \"b\"\n",
                3,
                "khóa place được ghi hai lần trong [document]",
            ),
            (
                "[documnet]\nplace = \"a\"\n",
                1,
                "mục [documnet] không có trong cấu hình của dvk (kiểm tra chính tả; có phải là \"document\"?)",
            ),
            (
                "[documnet]\nplace = \"a\"\n",
                1,
                "các mục: [document], [report]",
            ),
            (
                "[document]\nplcae = \"a\"\n",
                2,
                "khóa \"plcae\" trong mục [document] không có trong cấu hình của dvk (kiểm tra chính tả; có phải là \"place\"?)",
            ),
            (
                "[report]\nfont_size = 14\n",
                2,
                "khóa font_size thuộc mục [document]: hãy đặt nó dưới dòng [document]",
            ),
            (
                "document = 3\n",
                1,
                "document là một mục, không phải một giá trị",
            ),
            (
                "# Ghi chú\n\n## Hạn chế, nguyên nhân\nCòn chậm.\n",
                4,
                "dòng này không có dạng khóa = giá trị (thiếu dấu =). Mỗi dòng của tệp cấu hình",
            ),
            (
                "# Ghi chú\n\n## Hạn chế, nguyên nhân\nCòn chậm.\n",
                4,
                "Tệp này có vẻ là tệp ghi chú (Markdown)",
            ),
            (
                "[document\nplace = \"a\"\n",
                1,
                "tên mục thiếu dấu ] đóng",
            ),
            (
                "[document]\nplace = \"thi đua \"Dân vận khéo\" năm 2022\"\n",
                2,
                "dấu \" bên trong chữ làm chữ kết thúc ở đó",
            ),
            (
                "[document]\nplace = \"thi đua \"Dân vận khéo\" năm 2022\"\n",
                2,
                "hãy sửa thành: place = \"thi đua “Dân vận khéo” năm 2022\"",
            ),
            (
                "[document]\nplace = “Minh Long”\n",
                2,
                "không phải dấu cong “ ” (Word tự đổi dấu \" thành dấu cong); hãy sửa thành: place = \"Minh Long\"",
            ),
            (
                "[document]\nplace = \"Minh Long”\n",
                2,
                "hãy sửa thành: place = \"Minh Long\"",
            ),
            (
                "[document]\nrecipients = [\"Ban Dân vận\", \"Lưu\"\n\nplace = \"Minh Long\"\n",
                2,
                "danh sách recipients thiếu dấu ] đóng ở cuối; hãy sửa thành: recipients = [\"Ban Dân vận\", \"Lưu\"]",
            ),
            (
                "[document]\nrecipients = [\"Ban Dân vận\" \"Lưu\"]\n",
                2,
                "các phần tử trong danh sách phải cách nhau bằng dấu phẩy",
            ),
            (
                "[document]\nplace = \"C:\\Users\\dvk\"\n",
                2,
                "muốn viết chính dấu \\ thì ghi \\\\, hoặc đặt chữ trong dấu nháy đơn '…' (khi đó \\ giữ nguyên); hãy sửa thành: place = 'C:\\Users\\dvk'",
            ),
            (
                "[document]\nplace = \"C:\\dvk\\Tổng kết 'cũ'\"\n",
                2,
                "hãy sửa thành: place = \"C:\\\\dvk\\\\Tổng kết 'cũ'\"",
            ),
        ] {
            let explanation = explained(source);
            assert_eq!(explanation.line, line, "{source:?}: {explanation:?}");
            assert!(
                explanation.message.contains(said),
                "{source:?}:\n  got  {}\n  want {said}",
                explanation.message
            );
            // No English words of toml or serde, but where quoted as detail.
            for english in ["invalid", "expected", "missing", "unknown", "u32", "boolean"] {
                assert!(
                    !explanation.message.contains(english),
                    "{source:?}: {}",
                    explanation.message
                );
            }
        }
    }

    #[test]
    fn the_line_is_quoted_as_written() {
        let explanation = explained("[document]\n  font_size = \"14\"   # cỡ chữ\n");
        assert_eq!(explanation.written, "font_size = \"14\"   # cỡ chữ");
    }

    #[test]
    fn typos_find_the_name_meant() {
        let known: Vec<String> = ["party", "state"].map(String::from).to_vec();
        assert_eq!(closest("Party", &known), Some("party"));
        assert_eq!(closest("stat", &known), Some("state"));
        assert_eq!(closest("dang", &known), None);
        assert_eq!(edits("kitten", "sitting"), 3);
        assert_eq!(edits("", "abc"), 3);
    }
}
