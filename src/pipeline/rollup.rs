//! Summaries given as inputs (`tong-hop.json` of a lower level): read, the
//! period they were built for checked against this run's, then merged like
//! any file's summary.

use super::failed;
use crate::aggregate::{Bounds, FileLine, ProblemLine, Rollup, Summary, ROLLUP_VERSION};
use crate::config::Taxonomy;
use crate::diagnostic::{Diagnostic, IoAction, Location, Severity};
use crate::ingest::SourceFile;
use crate::normalise::{Period, SkipReason};
use std::collections::BTreeSet;

/// What reading a summary file gave: its parts, or why it cannot be used.
pub(super) type ReadRollup = Result<Sent, String>;

/// A summary sent up: the roll-up and the files and problems beside it.
#[derive(Debug)]
pub(super) struct Sent {
    rollup: Rollup,
    files: Vec<FileLine>,
    problems: Vec<ProblemLine>,
    shown: Shown,
}

/// The figures a summary shows a reader at its top, which a hand may
/// change; a roll-up reads its `rollup` part, which these must agree with.
#[derive(Debug, Default)]
struct Shown {
    models: Option<ShownModels>,
    funding: Option<ShownFunding>,
}

#[derive(Debug, serde::Deserialize)]
struct ShownModels {
    total: Option<u64>,
    effective: Option<u64>,
}

#[derive(Debug, serde::Deserialize)]
struct ShownFunding {
    total: Option<i64>,
}

/// The parts of `tong-hop.json` a roll-up needs; other keys are ignored.
#[derive(serde::Deserialize)]
struct Document {
    schema: String,
    rollup: Option<Rollup>,
    #[serde(default)]
    files: Vec<FileLine>,
    #[serde(default)]
    problems: Vec<ProblemLine>,
    // Not `flatten`: that would buffer a nation's whole document.
    #[serde(default)]
    models: Option<ShownModels>,
    #[serde(default)]
    funding: Option<ShownFunding>,
}

use crate::render::SUMMARY_SCHEMA;

/// A JSON file's schema alone, whatever else it holds.
#[derive(serde::Deserialize)]
struct Schema {
    schema: String,
}

/// The largest summary file read (a nation's is a few megabytes).
const MAX_SUMMARY_BYTES: u64 = 256 << 20;

pub(super) fn read(file: &SourceFile) -> ReadRollup {
    let size = std::fs::metadata(&file.path)
        .map_err(|e| crate::diagnostic::io_reason(&e, IoAction::Read))?
        .len();
    if size > MAX_SUMMARY_BYTES {
        return Err(format!(
            "tệp JSON quá lớn ({} MB, tối đa {} MB) để là tệp tổng hợp của dvk",
            size >> 20,
            MAX_SUMMARY_BYTES >> 20
        ));
    }
    let text = std::fs::read_to_string(&file.path).map_err(|e| {
        format!(
            "không đọc được tệp tổng hợp: {}",
            crate::diagnostic::io_reason(&e, IoAction::Read)
        )
    })?;
    // Notepad and PowerShell 5 save UTF-8 with a byte-order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    if text.trim().is_empty() {
        return Err(
            "tệp tổng hợp rỗng (chưa có số liệu nào, có lẽ tải về hay chép chưa xong); \
                    hãy xin lại tệp tong-hop.json từ nơi gửi"
                .to_owned(),
        );
    }
    let not_ours = "tệp JSON này không phải tệp tong-hop.json do dvk ghi; \
                    hãy lấy đúng tệp tong-hop.json trong thư mục kết quả của nơi gửi";
    let document = serde_json::from_str::<Document>(text);
    if let Some(what) = document
        .as_ref()
        .map_or(true, |d| d.schema != SUMMARY_SCHEMA)
        .then(|| other_dvk_file(text))
        .flatten()
    {
        return Err(what);
    }
    // serde_json's words are English: the line and column say where.
    let document = document.map_err(|e| {
        let (line, column) = (e.line(), e.column());
        if e.is_eof() {
            format!(
                "tệp JSON bị cắt cụt (chép hoặc tải về chưa hết): nội dung dừng ở dòng {line}, cột {column}; \
                 hãy xin lại tệp tong-hop.json từ nơi gửi"
            )
        } else if e.is_syntax() {
            format!(
                "tệp JSON bị hỏng: không đúng cách viết JSON ở dòng {line}, cột {column} (có thể do sửa tay); \
                 hãy xin lại tệp tong-hop.json từ nơi gửi"
            )
        } else {
            format!("{not_ours} (nội dung không đúng mẫu tệp tổng hợp ở dòng {line}, cột {column})")
        }
    })?;
    if document.schema != SUMMARY_SCHEMA {
        return Err(not_ours.to_owned());
    }
    let rollup = document.rollup.ok_or_else(|| {
        "tệp tổng hợp này do một bản dvk cũ ghi, chưa có phần số liệu đầy đủ (khóa \"rollup\") để gộp; \
         hãy nhờ nơi gửi chạy lại dvk build bằng bản mới rồi gửi lại tong-hop.json"
            .to_owned()
    })?;
    if rollup.version != ROLLUP_VERSION {
        return Err(format!(
            "tệp tổng hợp này ghi theo mẫu số {} mà bản dvk này chỉ đọc mẫu số {ROLLUP_VERSION}; \
             hãy dùng cùng một bản dvk ở các cấp",
            rollup.version
        ));
    }
    Ok(Sent {
        rollup,
        files: document.files,
        problems: document.problems,
        shown: Shown {
            models: document.models,
            funding: document.funding,
        },
    })
}

/// What a JSON file that is not a summary this dvk reads is, when it is
/// another dvk file: a `kiem-tra --json` output, or a newer dvk's summary.
/// Read only then: a summary is parsed once.
fn other_dvk_file(text: &str) -> Option<String> {
    let Schema { schema } = serde_json::from_str(text).ok()?;
    if schema == "dvk.check/1" {
        return Some(
            "tệp này là kết quả của lệnh dvk kiem-tra --json (chỉ có danh sách vấn đề), \
             không phải tệp tổng hợp; hãy lấy tệp tong-hop.json trong thư mục kết quả \
             của lệnh dvk tong-hop"
                .to_owned(),
        );
    }
    (schema != SUMMARY_SCHEMA && schema.starts_with("dvk.summary/")).then(|| {
        format!(
            "tệp tổng hợp này do một bản dvk mới hơn ghi (mẫu \"{schema}\"), bản dvk này chỉ đọc \
             mẫu \"{SUMMARY_SCHEMA}\"; hãy cập nhật dvk, hoặc dùng cùng một bản dvk ở các cấp"
        )
    })
}

/// The period of the run, once the summaries are known.
#[derive(Debug, Clone)]
pub(super) struct Settled {
    pub period: Period,
    /// Summaries were built for different periods and none was asked for:
    /// each of them is refused, listing these.
    pub conflicting: Option<Vec<Bounds>>,
    /// No period was asked for: the summaries that gave theirs to the run.
    pub taken_from: Vec<String>,
}

/// With no `--from`/`--to`, the period the summaries were built for is the
/// run's, when they agree; when they disagree, no period can be assumed.
pub(super) fn settle_period(requested: Period, rollups: &[(&SourceFile, ReadRollup)]) -> Settled {
    if requested.from.is_some() || requested.to.is_some() {
        return Settled {
            period: requested,
            conflicting: None,
            taken_from: Vec::new(),
        };
    }
    let built_for: BTreeSet<Bounds> = rollups
        .iter()
        .filter_map(|(_, read)| read.as_ref().ok())
        .map(|sent| sent.rollup.bounds)
        .filter(|b| *b != Bounds::default())
        .collect();
    match built_for.len() {
        0 => Settled {
            period: requested,
            conflicting: None,
            taken_from: Vec::new(),
        },
        1 => {
            let only = built_for.into_iter().next().unwrap_or_default();
            Settled {
                period: Period {
                    from: only.from,
                    to: only.to,
                },
                conflicting: None,
                taken_from: rollups
                    .iter()
                    .filter(|(_, read)| read.as_ref().is_ok_and(|s| s.rollup.bounds == only))
                    .map(|(file, _)| file.display.clone())
                    .collect(),
            }
        }
        _ => Settled {
            period: requested,
            conflicting: Some(built_for.into_iter().collect()),
            taken_from: Vec::new(),
        },
    }
}

/// "tệp tổng hợp a.json", "các tệp tổng hợp a.json và 2 tệp khác": the
/// summaries a period was taken from, if any.
fn taken_from(summaries: &[String]) -> Option<String> {
    match summaries {
        [] => None,
        [one] => Some(format!("tệp tổng hợp {one}")),
        [first, rest @ ..] => Some(format!(
            "các tệp tổng hợp {first} và {} tệp khác",
            rest.len()
        )),
    }
}

/// The warning on a spreadsheet whose `outside` rows fall outside a period
/// taken from summaries (no `--from`/`--to`), or `None` when the period was
/// asked for. The rows stay skipped (their reason counted); the clerk is
/// told which summary set the period and how to have them counted.
pub(super) fn outside_summary_period(
    outside: u64,
    period: Period,
    years: Option<(i32, i32)>,
    period_from: &[String],
) -> Option<String> {
    let named = taken_from(period_from)?;
    // The period that would hold them too.
    let (first, last) = years.unwrap_or_default();
    let wider = |bound: Option<i32>, year: i32, pick: fn(i32, i32) -> i32| {
        bound.map_or(year, |b| if years.is_some() { pick(b, year) } else { b })
    };
    let (from, to) = (
        wider(period.from, first, std::cmp::min),
        wider(period.to, last, std::cmp::max),
    );
    Some(format!(
        "{outside} dòng của tệp này có năm ngoài kỳ {} nên không được tính (đếm vào số dòng bỏ qua): \
         kỳ này lấy theo {named}, vì lệnh không ghi --from/--to. Muốn tính các dòng đó, \
         hãy nhờ nơi gửi tệp tổng hợp chạy lại dvk với kỳ rộng hơn (ví dụ --from {from} --to {to}) \
         rồi gửi lại tong-hop.json, hoặc đưa bảng tính của nơi đó thay cho tệp tong-hop.json của nó",
        describe(period.from, period.to),
    ))
}

/// "2021–2025", "từ 2021", "đến 2025".
fn describe(from: Option<i32>, to: Option<i32>) -> String {
    match (from, to) {
        (Some(f), Some(t)) if f == t => format!("năm {f}"),
        (Some(f), Some(t)) => format!("{f}–{t}"),
        (Some(f), None) => format!("từ {f}"),
        (None, Some(t)) => format!("đến {t}"),
        (None, None) => "không giới hạn".to_owned(),
    }
}

/// One summary file's contribution, or its error.
pub(super) fn summarise(
    file: &SourceFile,
    read: ReadRollup,
    taxonomy: &Taxonomy,
    settled: &Settled,
) -> Summary {
    let Sent {
        rollup,
        files,
        problems,
        shown,
    } = match read {
        Ok(sent) => sent,
        Err(message) => return failed(file, message),
    };
    if let (Some(all), true) = (&settled.conflicting, rollup.bounds != Bounds::default()) {
        let periods: Vec<String> = all.iter().map(|b| describe(b.from, b.to)).collect();
        return failed(
            file,
            format!(
                "các tệp tổng hợp được lập cho những kỳ khác nhau ({}); tệp này lập cho kỳ {}. \
                 Hãy chọn kỳ báo cáo bằng --from và --to rồi chạy lại",
                periods.join("; "),
                describe(rollup.bounds.from, rollup.bounds.to)
            ),
        );
    }
    // The years the summary's figures may cover.
    let covers = (
        rollup.bounds.from.or(rollup.years.map(|y| y.0)),
        rollup.bounds.to.or(rollup.years.map(|y| y.1)),
    );
    let period = settled.period;
    let starts_early = matches!((period.from, covers.0), (Some(p), Some(c)) if c < p)
        || (period.from.is_some() && covers.0.is_none() && rollup.years.is_some());
    let ends_late = matches!((period.to, covers.1), (Some(p), Some(c)) if c > p)
        || (period.to.is_some() && covers.1.is_none() && rollup.years.is_some());
    if starts_early || ends_late {
        // Say where the period came from when the user did not give it.
        let origin = match taken_from(&settled.taken_from) {
            Some(named) => format!(" (lấy theo {named}, vì lệnh không ghi --from/--to)"),
            None => String::new(),
        };
        return failed(
            file,
            format!(
                "tệp tổng hợp này có số liệu kỳ {}, ra ngoài kỳ đang tổng hợp {}{origin}: dvk không tách được \
                 số liệu theo năm từ tệp tổng hợp. Hãy nhờ nơi gửi chạy lại với --from {} --to {}, \
                 hoặc bỏ tệp này ra",
                describe(covers.0, covers.1),
                describe(period.from, period.to),
                period.from.map_or("…".to_owned(), |y| y.to_string()),
                period.to.map_or("…".to_owned(), |y| y.to_string()),
            ),
        );
    }
    let outside = rollup
        .skipped_by_reason
        .get(&SkipReason::OutsidePeriod)
        .copied();
    let narrower = narrower_period(period, rollup.bounds, outside);
    match rollup.into_summary(files, problems, file.index, &file.display, taxonomy) {
        Ok(mut summary) => {
            if let Some(message) = edited_by_hand(&shown, &summary) {
                summary.problems.push(Diagnostic::new(
                    Severity::Warning,
                    Location::file(file.index, &file.display),
                    message,
                ));
            }
            if let Some(message) = narrower {
                summary.problems.push(Diagnostic::new(
                    Severity::Warning,
                    Location::file(file.index, &file.display),
                    message,
                ));
            }
            summary
        }
        Err(message) => failed(file, message),
    }
}

/// The warning on a summary whose figures shown at its top differ from its
/// `rollup` part (which dvk rolls up): changed by hand after dvk wrote it.
fn edited_by_hand(shown: &Shown, summary: &Summary) -> Option<String> {
    let models = shown.models.as_ref();
    let differences: Vec<String> = [
        (
            "tổng số mô hình",
            models.and_then(|m| m.total).map(i128::from),
            i128::from(summary.models.total),
            false,
        ),
        (
            "số mô hình hiệu quả",
            models.and_then(|m| m.effective).map(i128::from),
            i128::from(summary.models.effective),
            false,
        ),
        (
            "tổng kinh phí",
            shown.funding.as_ref().and_then(|f| f.total).map(i128::from),
            i128::from(summary.funding().total.dong()),
            true,
        ),
    ]
    .into_iter()
    .filter_map(|(what, shown, counted, money)| {
        let shown = shown.filter(|s| *s != counted)?;
        let say = |n: i128| match money {
            true => format!("{} đồng", crate::render::vn_format::decimal(n as i64, 0)),
            false => n.to_string(),
        };
        Some(format!(
            "{what} ghi {}, số liệu đầy đủ là {}",
            say(shown),
            say(counted)
        ))
    })
    .collect();
    (!differences.is_empty()).then(|| {
        format!(
            "số liệu ghi ở đầu tệp tổng hợp này khác phần số liệu đầy đủ (khóa \"rollup\") mà dvk dùng \
             để gộp: {}. Tệp có lẽ đã bị sửa tay sau khi dvk ghi; dvk dùng số liệu đầy đủ. Nếu số sửa \
             mới đúng, hãy nhờ nơi gửi sửa bảng tính rồi chạy lại dvk, không sửa tay tệp tong-hop.json",
            differences.join("; ")
        )
    })
}

/// The warning on a summary built for a period narrower than the run's
/// (`--from 2017 --to 2019` rolled up into 2017–2022): it holds no figures
/// for the other years, which would otherwise be missing without a word.
/// `outside`: the rows it skipped for their years when it was built. A
/// summary reaching past the run's period is refused before this.
fn narrower_period(period: Period, built: Bounds, outside: Option<u64>) -> Option<String> {
    let years = |from: i32, to: i32| {
        if from == to {
            format!("năm {from}")
        } else {
            format!("các năm {from}–{to}")
        }
    };
    let before = match (period.from, built.from) {
        (Some(asked), Some(own)) if own > asked => Some(years(asked, own - 1)),
        (None, Some(own)) => Some(format!("các năm trước {own}")),
        _ => None,
    };
    let after = match (period.to, built.to) {
        (Some(asked), Some(own)) if own < asked => Some(years(own + 1, asked)),
        (None, Some(own)) => Some(format!("các năm sau {own}")),
        _ => None,
    };
    let missing: Vec<String> = before.into_iter().chain(after).collect();
    if missing.is_empty() {
        return None;
    }
    let skipped = match outside {
        Some(n) if n > 0 => format!(
            " (khi lập, tệp đã bỏ qua {n} dòng có năm ngoài kỳ {})",
            describe(built.from, built.to)
        ),
        _ => String::new(),
    };
    // The bounds that cover the run's period: the run's own.
    let wider: Vec<String> = [("--from", period.from), ("--to", period.to)]
        .into_iter()
        .filter_map(|(flag, year)| year.map(|y| format!("{flag} {y}")))
        .collect();
    Some(format!(
        "tệp tổng hợp này lập cho kỳ {}, hẹp hơn kỳ đang tổng hợp {}: không có số liệu {}{skipped}; \
         dvk chỉ gộp được số liệu kỳ {} của tệp này. Muốn đủ số liệu, hãy nhờ nơi gửi chạy lại dvk \
         với {} rồi gửi lại tong-hop.json, hoặc đưa bảng tính của nơi đó thay cho tệp tong-hop.json của nó",
        describe(built.from, built.to),
        describe(period.from, period.to),
        missing.join(" và "),
        describe(built.from, built.to),
        wider.join(" "),
    ))
}
