//! A report template's mistake said the way a clerk can act on it: the
//! line (and column), the line quoted, what is wrong in Vietnamese, and
//! the names that would be right.
//!
//! tera words its errors in English, names the template only by its
//! internal name, gives no line for an unknown variable or filter, and
//! reports a missing `{% endif %}` where the parser gave up (often at the
//! end of the file). This module reads one error with the template's text
//! and finds the line itself; it formats nothing else and reads no file.

use crate::config::closest_name;

/// Where a template's mistake is and what it is, for
/// [`super::markdown::TemplateError::Invalid`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateFault {
    /// 1-based; None when the mistake has no one place.
    pub line: Option<usize>,
    /// 1-based, in characters.
    pub column: Option<usize>,
    /// The line (or the part of it around the column) as written.
    pub written: String,
    /// What is wrong, in Vietnamese, with the right names when known.
    pub what: String,
}

/// The filters dvk adds to tera's own (see `register_filters`).
pub const DVK_FILTERS: [&str; 9] = [
    "so",
    "dem",
    "tien",
    "trieu",
    "uoc",
    "ty_le",
    "so_luong",
    "thap_phan",
    "cham_cau",
];

/// Tera's own filters a report is likely to use, offered as guesses.
const TERA_FILTERS: [&str; 14] = [
    "length",
    "upper",
    "lower",
    "capitalize",
    "title",
    "trim",
    "default",
    "join",
    "first",
    "last",
    "round",
    "replace",
    "safe",
    "sort",
];

/// Explains `error`, raised while parsing or rendering `template`;
/// `context` is the data the template was given (None while parsing).
pub fn explain(
    error: &tera::Error,
    template: &str,
    context: Option<&serde_json::Value>,
) -> TemplateFault {
    let chain = chain_of(error);
    if let Some(name) = chain.iter().find_map(|e| match &e.kind {
        tera::ErrorKind::FilterNotFound(name) => Some(name.clone()),
        _ => None,
    }) {
        return unknown_filter(&name, template);
    }
    let messages: Vec<String> = chain.iter().map(|e| own_message(e)).collect();
    if let Some(name) = messages.iter().find_map(|m| unknown_variable_name(m)) {
        return unknown_variable(name, template, context);
    }
    if let Some(pest) = messages.iter().find(|m| m.contains("-->")) {
        return syntax(pest, template);
    }
    // Anything else (a filter given a text where it needs a number, say):
    // tera's words, after ours.
    let detail = messages
        .iter()
        .filter(|m| !m.starts_with("Failed to render") && !m.starts_with("Failed to parse"))
        .cloned()
        .collect::<Vec<_>>()
        .join(": ");
    TemplateFault {
        line: None,
        column: None,
        written: String::new(),
        what: format!(
            "không điền được số liệu vào mẫu (chi tiết kỹ thuật: {})",
            if detail.is_empty() {
                messages.join(": ")
            } else {
                detail
            }
        ),
    }
}

/// `error` and its sources, as tera's errors (the others are not tera's).
fn chain_of(error: &tera::Error) -> Vec<&tera::Error> {
    let mut chain = vec![error];
    let mut source = std::error::Error::source(error);
    while let Some(s) = source {
        if let Some(e) = s.downcast_ref::<tera::Error>() {
            chain.push(e);
        }
        source = s.source();
    }
    chain
}

/// One error's own text, without its sources'.
fn own_message(error: &tera::Error) -> String {
    match &error.kind {
        tera::ErrorKind::Msg(message) => message.clone(),
        _ => error.to_string(),
    }
}

/// `models.tong_so` in "Variable `models.tong_so` not found in context…".
fn unknown_variable_name(message: &str) -> Option<&str> {
    let (_, rest) = message.split_once("Variable `")?;
    let (name, rest) = rest.split_once('`')?;
    rest.starts_with(" not found").then_some(name)
}

fn unknown_filter(name: &str, template: &str) -> TemplateFault {
    let known: Vec<String> = DVK_FILTERS
        .iter()
        .chain(TERA_FILTERS.iter())
        .map(|f| (*f).to_owned())
        .collect();
    // "dem_so" is three edits from "dem", but plainly meant it.
    let guess = closest_name(name, &known)
        .or_else(|| {
            known
                .iter()
                .filter(|k| name.starts_with(k.as_str()))
                .max_by_key(|k| k.len())
                .map(String::as_str)
        })
        .map(|g| format!("; có phải là \"{g}\"?"))
        .unwrap_or_default();
    let at = find(template, |text, at| {
        is_name_at(text, at, name) && text[..at].trim_end().ends_with('|')
    });
    TemplateFault {
        what: format!(
            "không có bộ lọc \"{name}\"{guess}. Các bộ lọc của dvk: {}; và các bộ lọc có sẵn của tera \
             ({}, …)",
            DVK_FILTERS.join(", "),
            TERA_FILTERS[..6].join(", ")
        ),
        ..fault_at(template, at)
    }
}

fn unknown_variable(
    name: &str,
    template: &str,
    context: Option<&serde_json::Value>,
) -> TemplateFault {
    let at = find(template, |text, at| {
        is_name_at(text, at, name) && !text[..at].ends_with('.')
    });
    // The names one level up: `models.tong_so` → the keys of `models`.
    let (parent, last) = match name.rsplit_once('.') {
        Some((parent, last)) => (Some(parent), last),
        None => (None, name),
    };
    let object = context.and_then(|c| match parent {
        None => Some(c),
        Some(parent) => parent.split('.').try_fold(c, |v, part| v.get(part)),
    });
    let keys = |value: Option<&serde_json::Value>| -> Vec<String> {
        let mut keys: Vec<String> = value
            .and_then(serde_json::Value::as_object)
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default();
        keys.sort();
        keys
    };
    let known = keys(object);
    let top = keys(context);
    let guess = closest_name(last, &known)
        .map(|g| match parent {
            Some(parent) => format!("; có phải là \"{parent}.{g}\"?"),
            None => format!("; có phải là \"{g}\"?"),
        })
        .unwrap_or_default();
    let listed = match (parent, known.is_empty()) {
        (Some(parent), false) => format!("{parent} có: {}", known.join(", ")),
        // A loop's own variable (`m.ten` in `{% for m in … %}`), or an
        // unknown name at the top.
        _ => format!(
            "các tên dùng được ở ngoài cùng: {}{}",
            top.join(", "),
            if parent.is_some() {
                " (và biến của vòng lặp {% for … in … %} chứa nó)"
            } else {
                ""
            }
        ),
    };
    TemplateFault {
        what: format!("không có biến \"{name}\" trong số liệu{guess}. {listed}"),
        ..fault_at(template, at)
    }
}

/// A template tera could not parse: `pest` is the parser's message
/// ("  --> 46:190 … = expected …").
fn syntax(pest: &str, template: &str) -> TemplateFault {
    if let Some(fault) = unbalanced_blocks(template) {
        return fault;
    }
    let position = pest.split_once("-->").and_then(|(_, rest)| {
        let (line, rest) = rest.trim_start().split_once(':')?;
        let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
        Some((
            line.trim().parse::<usize>().ok()?,
            column.parse::<usize>().ok()?,
        ))
    });
    let expected = pest
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("= "))
        .unwrap_or("");
    let what = if expected.contains("a variable end (`}}`)") {
        "cú pháp không đúng: ở đây dvk cần dấu }} đóng {{ … }} (hoặc một bộ lọc sau dấu |); hãy xem dấu }} \
         có đủ hai dấu ngoặc không"
    } else if expected.contains("a tag end (`%}`)") || expected.contains("tag end") {
        "cú pháp không đúng: ở đây dvk cần dấu %} đóng {% … %}; hãy xem thẻ này có viết đúng không"
    } else {
        "cú pháp không đúng ở chỗ này (dấu {{ }}, {% %} hoặc tên, dấu ngoặc viết sai hay thiếu)"
    };
    let mut fault = TemplateFault {
        what: what.to_owned(),
        ..fault_at(template, None)
    };
    if let Some((line, column)) = position {
        let offset = offset_of(template, line, column);
        fault = TemplateFault {
            what: what.to_owned(),
            ..fault_at(template, offset)
        };
    }
    fault
}

/// The first `{% if %}` (`for`, `macro`, `block`, `filter`, `raw`) left
/// without its `{% endif %}`, or an end tag with no opening: what tera
/// reports only where it gives up.
fn unbalanced_blocks(template: &str) -> Option<TemplateFault> {
    const OPENERS: [&str; 6] = ["if", "for", "macro", "block", "filter", "raw"];
    let tags = block_tags(template);
    let mut open: Vec<(&str, usize)> = Vec::new();
    for &(word, start) in &tags {
        if open.last().is_some_and(|(kind, _)| *kind == "raw") && word != "endraw" {
            continue;
        }
        if OPENERS.contains(&word) {
            open.push((word, start));
            continue;
        }
        let Some(kind) = word.strip_prefix("end") else {
            continue;
        };
        match open.last() {
            Some((top, _)) if *top == kind => {
                open.pop();
            }
            Some(&(top, at)) => {
                let (end_line, _) = line_and_column(template, start);
                let at = edited_opener(template, &tags, top, at).unwrap_or(at);
                return Some(TemplateFault {
                    what: format!(
                        "thẻ {{% {top} %}} ở dòng này chưa được đóng bằng {{% end{top} %}} \
                         (dvk gặp {{% {word} %}} ở dòng {end_line} trước khi gặp {{% end{top} %}}); \
                         hãy thêm {{% end{top} %}} vào chỗ phần {top} kết thúc"
                    ),
                    ..fault_at(template, Some(at))
                });
            }
            None => {
                return Some(TemplateFault {
                    what: format!(
                        "thẻ {{% {word} %}} không có thẻ {{% {kind} … %}} mở ở phía trên; hãy xóa nó \
                         hoặc thêm thẻ mở"
                    ),
                    ..fault_at(template, Some(start))
                });
            }
        }
    }
    let &(top, at) = open.last()?;
    let at = edited_opener(template, &tags, top, at).unwrap_or(at);
    Some(TemplateFault {
        what: format!(
            "thẻ {{% {top} %}} ở dòng này chưa được đóng: thiếu {{% end{top} %}}; hãy thêm {{% end{top} %}} \
             vào chỗ phần {top} kết thúc"
        ),
        ..fault_at(template, Some(at))
    })
}

/// Every `{% word … %}` of `template`: its first word and byte offset.
fn block_tags(template: &str) -> Vec<(&str, usize)> {
    let mut tags = Vec::new();
    let mut rest = 0;
    while let Some(found) = template[rest..].find("{%") {
        let start = rest + found;
        let Some(length) = template[start..].find("%}") else {
            break;
        };
        let end = start + length + 2;
        let inner =
            template[start + 2..end - 2].trim_matches(|c: char| c == '-' || c.is_whitespace());
        tags.push((inner.split_whitespace().next().unwrap_or(""), start));
        rest = end;
    }
    tags
}

/// Pairing tags in order blames the outermost block when an inner one
/// lost its end tag. The likelier place: the first line from `from` on
/// that opens more `kind` blocks than it closes and is not a line of the
/// embedded template as it is (the clerk edited it).
fn edited_opener(template: &str, tags: &[(&str, usize)], kind: &str, from: usize) -> Option<usize> {
    let original: std::collections::HashSet<&str> =
        super::markdown::REPORT_TEMPLATE.lines().collect();
    let end = format!("end{kind}");
    // Per line: its number, opened minus closed, its first opening tag.
    let mut balance: Vec<(usize, i32, Option<usize>)> = Vec::new();
    for &(word, start) in tags.iter().filter(|(_, start)| *start >= from) {
        let delta = if word == kind {
            1
        } else if word == end {
            -1
        } else {
            continue;
        };
        let opener = (delta > 0).then_some(start);
        let (line, _) = line_and_column(template, start);
        match balance.last_mut() {
            Some((l, sum, first)) if *l == line => {
                *sum += delta;
                *first = first.or(opener);
            }
            _ => balance.push((line, delta, opener)),
        }
    }
    balance
        .into_iter()
        .filter(|&(_, sum, _)| sum > 0)
        .filter_map(|(_, _, opener)| opener)
        .find(|&start| {
            let line_start = template[..start].rfind('\n').map_or(0, |i| i + 1);
            let line_end = template[start..]
                .find('\n')
                .map_or(template.len(), |i| start + i);
            !original.contains(template[line_start..line_end].trim_end_matches('\r'))
        })
}

/// The byte offset of the first place where `matches(template, offset)`.
fn find(template: &str, matches: impl Fn(&str, usize) -> bool) -> Option<usize> {
    template
        .char_indices()
        .map(|(at, _)| at)
        .find(|&at| matches(template, at))
}

/// Whether `name` is written at `at` as a whole name (not inside a longer one).
fn is_name_at(text: &str, at: usize, name: &str) -> bool {
    let is_identifier = |c: char| c.is_alphanumeric() || c == '_';
    text[at..].starts_with(name)
        && !text[..at].chars().next_back().is_some_and(is_identifier)
        && !text[at + name.len()..]
            .chars()
            .next()
            .is_some_and(|c| is_identifier(c) || c == '.')
}

/// A fault at byte `offset` of `template` (or nowhere).
fn fault_at(template: &str, offset: Option<usize>) -> TemplateFault {
    let Some(offset) = offset else {
        return TemplateFault {
            line: None,
            column: None,
            written: String::new(),
            what: String::new(),
        };
    };
    let (line, column) = line_and_column(template, offset);
    TemplateFault {
        line: Some(line),
        column: Some(column),
        written: around(template, offset),
        what: String::new(),
    }
}

/// The 1-based line and column (in characters) of byte `offset`.
fn line_and_column(template: &str, offset: usize) -> (usize, usize) {
    let before = &template[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

/// The byte offset of 1-based `line` and `column` (in characters).
fn offset_of(template: &str, line: usize, column: usize) -> Option<usize> {
    let line_start = if line <= 1 {
        0
    } else {
        template.match_indices('\n').nth(line - 2)?.0 + 1
    };
    let text = &template[line_start..];
    let within = text
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(text.find('\n').unwrap_or(text.len()), |(i, _)| i);
    Some(line_start + within)
}

/// The line holding byte `offset`, trimmed; a long line shortened to the
/// part around the offset, with "…" where cut.
fn around(template: &str, offset: usize) -> String {
    const BEFORE: usize = 50;
    const AFTER: usize = 40;
    let line_start = template[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = template[offset..]
        .find('\n')
        .map_or(template.len(), |i| offset + i);
    let before: Vec<char> = template[line_start..offset].chars().collect();
    let after: Vec<char> = template[offset..line_end].trim_end().chars().collect();
    let mut text = String::new();
    if before.len() > BEFORE {
        text.push('…');
        text.extend(&before[before.len() - BEFORE..]);
    } else {
        text.extend(before.iter().skip_while(|c| c.is_whitespace()));
    }
    text.extend(after.iter().take(AFTER));
    if after.len() > AFTER {
        text.push('…');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(template: &str) -> TemplateFault {
        let error = tera::Tera::default()
            .add_raw_template("t", template)
            .expect_err("a syntax error");
        explain(&error, template, None)
    }

    fn rendered(template: &str) -> TemplateFault {
        let mut tera = tera::Tera::default();
        tera.add_raw_template("t", template).expect("parses");
        tera.register_filter(
            "dem",
            |v: &tera::Value, _: &std::collections::HashMap<String, tera::Value>| Ok(v.clone()),
        );
        let json = serde_json::json!({"models": {"total": 3, "effective": 1}, "period_from": 2020});
        let context = tera::Context::from_value(json.clone()).expect("context");
        let error = tera.render("t", &context).expect_err("an error");
        explain(&error, template, Some(&json))
    }

    #[test]
    fn each_mistake_is_found_on_its_line() {
        for (fault, line, column, written, said) in [
            (
                parsed("A\nLà {{ models.total | dem } mô hình.\n"),
                2,
                26,
                "Là {{ models.total | dem } mô hình.",
                "dấu }} đóng {{ … }}",
            ),
            (
                rendered("A\n\nCó {{ models.tong_so | dem }} mô hình.\n"),
                3,
                7,
                "Có {{ models.tong_so | dem }} mô hình.",
                "không có biến \"models.tong_so\" trong số liệu. models có: effective, total",
            ),
            (
                rendered("A {{ model.total }}\n"),
                1,
                6,
                "A {{ model.total }}",
                "các tên dùng được ở ngoài cùng: models, period_from",
            ),
            (
                rendered("A {{ models.total }}\nB {{ models.total | dem_so }}\n"),
                2,
                21,
                "B {{ models.total | dem_so }}",
                "không có bộ lọc \"dem_so\"; có phải là \"dem\"?",
            ),
            (
                parsed("{% for a in b %}\n{% if a %}x\n{% endfor %}\n"),
                2,
                1,
                "{% if a %}x",
                "thẻ {% if %} ở dòng này chưa được đóng bằng {% endif %} (dvk gặp {% endfor %} ở dòng 3",
            ),
            (
                parsed("A\n{% if a %}x\nB\n\nC\n"),
                2,
                1,
                "{% if a %}x",
                "thiếu {% endif %}",
            ),
            (
                parsed("A\n{% endif %}\n"),
                2,
                1,
                "{% endif %}",
                "không có thẻ {% if … %} mở",
            ),
        ] {
            assert_eq!(fault.line, Some(line), "{fault:?}");
            assert_eq!(fault.column, Some(column), "{fault:?}");
            assert_eq!(fault.written, written, "{fault:?}");
            assert!(fault.what.contains(said), "got {}\nwant {said}", fault.what);
            assert!(!fault.what.contains("expected"), "{}", fault.what);
        }
    }

    #[test]
    fn a_long_line_is_quoted_around_the_mistake() {
        let line = format!("{} {{{{ x }} {}", "a".repeat(80), "b".repeat(40));
        let offset = line.find("{{").expect("braces");
        let quoted = around(&line, offset);
        assert!(quoted.starts_with('…') && quoted.ends_with('…'), "{quoted}");
        assert!(quoted.contains("{{ x }"), "{quoted}");
    }

    #[test]
    fn line_and_column_round_trip() {
        let text = "ab\nSơn {{ x }}\n";
        let offset = text.find("{{").expect("braces");
        assert_eq!(line_and_column(text, offset), (2, 5));
        assert_eq!(offset_of(text, 2, 5), Some(offset));
    }
}
