//! `dvk check` (`kiem-tra`): the problems of each file, most serious first,
//! and one accounting line per file. Writes no file.

use crate::cli::CheckArgs;
use anyhow::Result;
use dvk::diagnostic::Severity;
use dvk::exit_code::ExitCode;
use dvk::render::SummaryView;
use serde::Serialize;

#[derive(Serialize)]
struct CheckJson<'a> {
    schema: &'static str,
    rows: &'a dvk::render::view::RowsView,
    files: &'a [dvk::render::view::FileRow],
    problems: &'a dvk::render::view::ProblemList,
}

pub fn run(args: &CheckArgs) -> Result<ExitCode> {
    let config = super::load_config(args.input.config.as_deref())?;
    let (files, period) = super::inputs(&args.input, None)?;
    // The JSON is for programs; the bar (on stderr) is for a person.
    let summary = super::progress::read_files(
        &files,
        &config.taxonomy,
        period,
        args.input.jobs,
        !args.json,
    )?;
    let view = SummaryView::new(&summary, &config, period, None);
    if args.json {
        let document = CheckJson {
            schema: "dvk.check/1",
            rows: &view.rows,
            files: &view.files,
            problems: &view.problems,
        };
        println!("{}", serde_json::to_string_pretty(&document)?);
    } else {
        print_text(&summary, &view);
    }
    Ok(if view.incomplete {
        ExitCode::DoneWithErrors
    } else {
        ExitCode::Done
    })
}

fn print_text(summary: &dvk::aggregate::Summary, view: &SummaryView) {
    for file in &summary.files {
        let mut problems: Vec<_> = summary
            .problems
            .iter()
            .filter(|p| p.location.file_index == file.index)
            .collect();
        // Most serious first, then in sheet order.
        problems.sort_by(|a, b| (a.severity, a.sort_key()).cmp(&(b.severity, b.sort_key())));
        let verdict = if file.status == dvk::aggregate::FileStatus::Failed {
            "KHÔNG ĐỌC ĐƯỢC".to_owned()
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
        println!(
            "== {} — {verdict}; {} lỗi, {} cảnh báo",
            file.file, file.errors, file.warnings
        );
        for p in problems {
            let place = p.location.place();
            let severity = match p.severity {
                Severity::Error => "LỖI",
                Severity::Warning => "cảnh báo",
                Severity::Info => "thông tin",
            };
            if place.is_empty() {
                println!("  [{severity}] {}", p.message);
            } else {
                println!("  [{severity}] {place}: {}", p.message);
            }
        }
    }
    println!(
        "Tổng: {} tệp, đọc {} dòng = nhận {} + bỏ qua {} + loại {}; {} lỗi, {} cảnh báo.",
        summary.files.len(),
        view.rows.read,
        view.rows.accepted,
        view.rows.skipped,
        view.rows.rejected,
        view.errors,
        view.warnings
    );
}
