//! `dvk check` (`kiem-tra`): the problems of each file, most serious first,
//! and one accounting line per file. Writes no file.

use crate::cli::CheckArgs;
use anyhow::{Context, Result};
use dvk::diagnostic::Severity;
use dvk::exit_code::ExitCode;
use dvk::render::SummaryView;
use serde::Serialize;
use std::collections::HashSet;
use std::io::Write;

#[derive(Serialize)]
struct CheckJson<'a> {
    schema: &'static str,
    rows: &'a dvk::render::view::RowsView,
    files: &'a [dvk::render::view::FileRow],
    problems: &'a dvk::render::view::ProblemList,
}

pub fn run(args: &CheckArgs) -> Result<ExitCode> {
    let config = super::load_config(args.input.config.as_deref())?;
    let inputs = super::inputs(&args.input, None)?;
    let (files, period) = (&inputs.files, inputs.period);
    // The JSON is for programs; the bar (on stderr) is for a person.
    let mut summary = super::progress::read_files(
        files,
        &config.taxonomy,
        period,
        args.input.jobs,
        !args.json && !args.quiet,
    )?;
    super::period_holds_rows(&summary, period)?;
    super::tell_left_out(&mut summary, &inputs);
    dvk::pipeline::warn_unaccented_places(&mut summary, None);
    let view = SummaryView::new(&summary, &config, period, None);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let printed = if args.json {
        let document = CheckJson {
            schema: "dvk.check/1",
            rows: &view.rows,
            files: &view.files,
            problems: &view.problems,
        };
        serde_json::to_writer_pretty(&mut out, &document)
            .map_err(std::io::Error::from)
            .and_then(|()| writeln!(out))
    } else {
        print_text(&mut out, &summary, &view, args.quiet)
    };
    // `dvk kiem-tra … | more` closed early: the reader has what it wanted.
    match printed.and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            return Err(e).context("không in được kết quả kiểm tra");
        }
        _ => {}
    }
    Ok(if view.incomplete {
        ExitCode::DoneWithErrors
    } else {
        ExitCode::Done
    })
}

/// One block per file, most serious problems first; with `errors_only`,
/// only the files with errors and their error lines.
fn print_text(
    out: &mut impl Write,
    summary: &dvk::aggregate::Summary,
    view: &SummaryView,
    errors_only: bool,
) -> std::io::Result<()> {
    // A rolled-up summary's files share its index: a problem goes under the
    // line of its own file, and one of the summary itself under its first.
    let named: HashSet<&str> = summary.files.iter().map(|f| f.file.as_str()).collect();
    let mut indexes_seen = HashSet::new();
    for file in &summary.files {
        let first_of_index = indexes_seen.insert(file.index);
        let mut problems: Vec<_> = summary
            .problems
            .iter()
            .filter(|p| p.location.file_index == file.index)
            .filter(|p| {
                let name: &str = &p.location.file;
                name == file.file || (first_of_index && !named.contains(name))
            })
            .collect();
        if errors_only {
            problems.retain(|p| p.severity == Severity::Error);
            if problems.is_empty() && file.status != dvk::aggregate::FileStatus::Failed {
                continue;
            }
        }
        // Most serious first, then in sheet order.
        problems.sort_by(|a, b| (a.severity, a.sort_key()).cmp(&(b.severity, b.sort_key())));
        let verdict = if file.status == dvk::aggregate::FileStatus::Failed {
            "KHÔNG TÍNH".to_owned()
        } else {
            let reasons: Vec<String> = file
                .skipped_by_reason
                .iter()
                .map(|(reason, n)| format!("{n} {}", reason.vietnamese()))
                .collect();
            let why = if reasons.is_empty() {
                String::new()
            } else {
                format!(" ({})", reasons.join("; "))
            };
            format!(
                "đọc {} dòng: nhận {}, bỏ qua {}{why}, loại {}",
                file.rows.read, file.rows.accepted, file.rows.skipped, file.rows.rejected
            )
        };
        writeln!(
            out,
            "== {} — {verdict}; {} lỗi, {} cảnh báo",
            file.file, file.errors, file.warnings
        )?;
        for p in problems {
            let place = p.location.place();
            let severity = label(p.severity);
            if place.is_empty() {
                writeln!(out, "  [{severity}] {}", p.message)?;
            } else {
                writeln!(out, "  [{severity}] {place}: {}", p.message)?;
            }
        }
    }
    // Problems of the run rather than of a file: the old results a folder
    // walk left out.
    let files: std::collections::HashSet<usize> = summary.files.iter().map(|f| f.index).collect();
    for p in summary.problems.iter().filter(|p| {
        !files.contains(&p.location.file_index) && (!errors_only || p.severity == Severity::Error)
    }) {
        writeln!(
            out,
            "== {} — [{}] {}",
            p.location.file,
            label(p.severity),
            p.message
        )?;
    }
    if errors_only {
        return Ok(());
    }
    writeln!(
        out,
        "Tổng: {} tệp, đọc {} dòng = nhận {} + bỏ qua {} + loại {}; {} lỗi, {} cảnh báo.",
        summary.files.len(),
        view.rows.read,
        view.rows.accepted,
        view.rows.skipped,
        view.rows.rejected,
        view.errors,
        view.warnings
    )
}

/// The tag of a problem's line: errors shout.
fn label(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "LỖI",
        Severity::Warning => "cảnh báo",
        Severity::Info => "thông tin",
    }
}
