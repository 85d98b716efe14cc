//! `dvk build` (`tong-hop`): read, check, count, write the three outputs.

use crate::cli::{BuildArgs, GroupBy};
use anyhow::{Context, Result};
use dvk::config::Notes;
use dvk::domain::LocalityLevel;
use dvk::exit_code::ExitCode;
use dvk::ingest::OUTPUT_NAMES;
use dvk::render::comparison::Previous;
use dvk::render::docx::{render_docx, DocxOptions};
use dvk::render::file_name::ReportNames;
use dvk::render::output::{commit, prepare_dir, remove_made, stage, stage_with};
use dvk::render::report::Report;
use dvk::render::{
    load_template, render_markdown, render_xlsx, vn_format, write_json, SummaryView,
};
use std::time::Instant;

pub fn run(args: &BuildArgs) -> Result<ExitCode> {
    let started = Instant::now();
    let mut made_folders = Vec::new();
    let result = run_inner(args, started, &mut made_folders);
    if result.is_err() {
        remove_made(&made_folders);
    }
    result
}

fn run_inner(
    args: &BuildArgs,
    started: Instant,
    made_folders: &mut Vec<std::path::PathBuf>,
) -> Result<ExitCode> {
    if args.out.exists() && !args.out.is_dir() {
        anyhow::bail!(
            "\"{}\" là một tệp, không phải thư mục; hãy ghi sau -o tên một thư mục (ví dụ -o ket-qua)",
            dvk::ingest::display_path(&args.out)
        );
    }
    let config = super::load_config(args.input.config.as_deref())?;
    // A wrong --templates folder stops the run before the slow part.
    let template = load_template(args.templates.as_deref())?;
    // So are a missing notes or comparison file.
    let notes = match &args.notes {
        Some(path) => {
            let text = super::read_named_file(path, "tệp ghi chú")?;
            Notes::parse(&dvk::ingest::display_path(path), &text)?
        }
        None => Notes::default(),
    };
    let previous = match &args.compare {
        Some(path) => {
            let shown = dvk::ingest::display_path(path);
            let text = super::read_named_file(path, "tệp so sánh")?;
            Some(Previous::from_json(&shown, &text)?)
        }
        None => None,
    };
    let super::Inputs {
        files,
        period,
        old_results,
    } = super::inputs(&args.input, Some(&args.out))?;
    // And an output folder that cannot be written, or an old output open
    // in Excel: found now, not after minutes of reading.
    *made_folders = prepare_dir(&args.out, &OUTPUT_NAMES)?;
    let mut summary = super::progress::read_files(
        &files,
        &config.taxonomy,
        period,
        args.input.jobs,
        !args.quiet,
    )?;
    super::period_holds_rows(&summary, period)?;
    super::tell_old_results(&mut summary, &old_results);
    let group_by = args.group_by.map(|g| match g {
        GroupBy::Tinh => LocalityLevel::Province,
        GroupBy::Huyen => LocalityLevel::District,
        GroupBy::Xa => LocalityLevel::Commune,
        GroupBy::Thon => LocalityLevel::Hamlet,
    });
    // The view holds all the outputs show: the summary's problems move
    // into it, and the rest (its per-place tallies) is freed before the
    // outputs are made.
    let mut view = SummaryView::from_summary(summary, &config, period, group_by);
    // The printed report names files from the folders given, not by the
    // machine's paths; this terminal keeps the paths as typed.
    let failed_paths: Vec<String> = view.files_failed.clone();
    let inputs: Vec<String> = args
        .input
        .inputs
        .iter()
        .map(|p| dvk::ingest::display_path(p))
        .collect();
    view.name_files_for_report(&ReportNames::new(&inputs));
    if let Some(previous) = &previous {
        view.compare_with(previous)?;
    }

    // The workbook and the Word report take the longest: made side by side,
    // each staged (written and synced) while the other is still being made;
    // all four are renamed into place together.
    let (tables, report) = rayon::join(
        || {
            // The workbook takes longest: the JSON is left for whichever
            // thread is free first.
            let (xlsx, json) = rayon::join(
                || -> Result<_> {
                    let xlsx = render_xlsx(&view).context("không tạo được tệp tong-hop.xlsx")?;
                    Ok(stage(&args.out, "tong-hop.xlsx", &xlsx)?)
                },
                || stage_with(&args.out, "tong-hop.json", |file| write_json(&view, file)),
            );
            anyhow::Ok((json?, xlsx?))
        },
        || -> Result<_> {
            let body = render_markdown(&view, &notes, &template)?;
            let report = Report::new(view.document.clone(), body);
            let markdown = report.to_markdown();
            let docx = render_docx(
                &report,
                &view.charts,
                DocxOptions {
                    font_size_pt: config.document.font_size as usize,
                    margins_mm: config.document.margins_mm,
                },
            )
            .context("không tạo được tệp bao-cao.docx")?;
            let markdown = stage(&args.out, "bao-cao.md", markdown.as_bytes())?;
            Ok((markdown, stage(&args.out, "bao-cao.docx", &docx)?))
        },
    );
    let ((json, xlsx), (markdown, docx)) = (tables?, report?);
    commit(vec![json, xlsx, markdown, docx])?;

    let out = dvk::ingest::display_path(&args.out);
    if !args.quiet {
        let summaries = files
            .iter()
            .filter(|f| f.format == dvk::ingest::FileFormat::Summary)
            .count();
        let carried = if summaries > 0 {
            format!(
                " (trong đó {summaries} tệp tổng hợp của cấp dưới; tính cả các tệp chúng gộp là {} tệp)",
                view.files.len()
            )
        } else {
            String::new()
        };
        eprintln!(
            "Đã đọc {} tệp{carried}, {} dòng: nhận {}, bỏ qua {}, loại {}; {} lỗi, {} cảnh báo ({} giây).",
            files.len(),
            vn_format::count(view.rows.read, false),
            vn_format::count(view.rows.accepted, false),
            vn_format::count(view.rows.skipped, false),
            vn_format::count(view.rows.rejected, false),
            view.errors,
            view.warnings,
            format!("{:.1}", started.elapsed().as_secs_f64()).replace('.', ",")
        );
        eprintln!("Kết quả: {out}/bao-cao.docx, {out}/tong-hop.xlsx, {out}/bao-cao.md, {out}/tong-hop.json");
    }
    // Errors are told even with -q: a batch job must see why it got exit 1.
    if view.incomplete {
        eprintln!(
            "Số liệu CHƯA ĐẦY ĐỦ ({} lỗi): xem trang “Vấn đề” trong {out}/tong-hop.xlsx, hoặc chạy: {}",
            view.errors,
            check_command(args)
        );
        for failed in failed_paths.iter().take(10) {
            eprintln!("  Không đọc được: {failed}");
        }
        if failed_paths.len() > 10 {
            eprintln!("  … và {} tệp khác", failed_paths.len() - 10);
        }
    } else if view.warnings > 0 && !args.quiet {
        eprintln!("Có chỗ dvk phải đoán: xem trang “Vấn đề” trong {out}/tong-hop.xlsx.");
    }
    if args.notes.is_none() && !args.quiet {
        eprintln!(
            "Các phần hạn chế, bài học, phương hướng, kiến nghị đang để trống [ ]: viết sẵn trong một tệp ghi chú rồi chạy lại với --ghi-chu TỆP (xem: dvk tong-hop --help)."
        );
    }
    Ok(if view.incomplete {
        ExitCode::DoneWithErrors
    } else {
        ExitCode::Done
    })
}

/// The `dvk kiem-tra` command that shows this run's problems: the same
/// inputs and period, each path typed so the clerk can copy the line into
/// Command Prompt (or a Unix shell) as it is.
fn check_command(args: &BuildArgs) -> String {
    let mut words = vec!["dvk kiem-tra".to_owned()];
    words.extend(args.input.inputs.iter().map(|input| command_word(input)));
    if let Some(from) = args.input.from {
        words.push(format!("--from {from}"));
    }
    if let Some(to) = args.input.to {
        words.push(format!("--to {to}"));
    }
    if let Some(config) = &args.input.config {
        words.push(format!("--config {}", command_word(config)));
    }
    words.join(" ")
}

/// A path as it must be typed in a command: "." for the current folder
/// (whose display path is empty), in double quotes when it holds a space
/// or a character that Command Prompt or a shell reads as its own
/// (`&`, `(`, `,`, `;`…), "./" before a name that starts like an option.
fn command_word(path: &std::path::Path) -> String {
    let shown = dvk::ingest::display_path(path);
    if shown.is_empty() {
        return ".".to_owned();
    }
    let shown = if shown.starts_with('-') {
        format!("./{shown}")
    } else {
        shown
    };
    let plain = shown
        .chars()
        .all(|c| c.is_alphanumeric() || "-_./\\:+@".contains(c));
    if plain {
        shown
    } else {
        format!("\"{shown}\"")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn command_words_can_be_typed_back() {
        for (path, typed) in [
            (".", "."),
            ("./", "."),
            ("sample-data", "sample-data"),
            ("./sample-data/xa.xlsx", "sample-data/xa.xlsx"),
            ("../runs/all", "../runs/all"),
            ("Báo cáo các xã", "\"Báo cáo các xã\""),
            ("xã_Long-Sơn.xlsx", "xã_Long-Sơn.xlsx"),
            ("Tan Phu & Long Son", "\"Tan Phu & Long Son\""),
            ("bao-cao(1).xlsx", "\"bao-cao(1).xlsx\""),
            ("a,b.csv", "\"a,b.csv\""),
            ("-x.xlsx", "./-x.xlsx"),
        ] {
            assert_eq!(command_word(Path::new(path)), typed, "{path:?}");
        }
    }
}
