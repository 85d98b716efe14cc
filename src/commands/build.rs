//! `dvk build` (`tong-hop`): read, check, count, write the three outputs.

use crate::cli::{BuildArgs, GroupBy};
use anyhow::{Context, Result};
use dvk::aggregate::Summary;
use dvk::config::{Notes, NotesError};
use dvk::diagnostic::{Diagnostic, Location, Severity};
use dvk::domain::LocalityLevel;
use dvk::exit_code::ExitCode;
use dvk::ingest::OUTPUT_NAMES;
use dvk::render::comparison::Previous;
use dvk::render::docx::{render_docx, DocxOptions};
use dvk::render::file_name::ReportNames;
use dvk::render::output::{commit, prepare_dir, stage, stage_with, OutputDir};
use dvk::render::report::Report;
use dvk::render::{
    load_template, render_markdown, render_xlsx, vn_format, write_json, SummaryView,
};
use std::path::Path;
use std::time::Instant;

pub fn run(args: &BuildArgs) -> Result<ExitCode> {
    let started = Instant::now();
    // Holds the output folder's lock until the run ends: past the renames.
    let mut output_dir = None;
    let result = run_inner(args, started, &mut output_dir);
    if let (Err(_), Some(output_dir)) = (&result, output_dir) {
        output_dir.abandon();
    }
    result
}

fn run_inner(
    args: &BuildArgs,
    started: Instant,
    output_dir: &mut Option<OutputDir>,
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
        Some(path) => read_notes(path)?,
        None => Notes::default(),
    };
    let previous = match &args.compare {
        Some(path) => Some(read_previous(path)?),
        None => None,
    };
    let inputs = super::inputs(&args.input, Some(&args.out))?;
    let (files, period) = (&inputs.files, inputs.period);
    // And an output folder that cannot be written, or an old output open
    // in Excel, or another dvk run writing there: found now, not after
    // minutes of reading.
    *output_dir = Some(prepare_dir(&args.out, &OUTPUT_NAMES)?);
    let mut summary = super::progress::read_files(
        files,
        &config.taxonomy,
        period,
        args.input.jobs,
        !args.quiet,
    )?;
    super::period_holds_rows(&summary, period)?;
    something_to_report(&summary, args)?;
    super::tell_left_out(&mut summary, &inputs);
    let other_places = match (&previous, &args.compare) {
        (Some(previous), Some(path)) => warn_other_places(&mut summary, previous, path, args.quiet),
        _ => false,
    };
    let group_by = args.group_by.map(|g| match g {
        GroupBy::Tinh => LocalityLevel::Province,
        GroupBy::Huyen => LocalityLevel::District,
        GroupBy::Xa => LocalityLevel::Commune,
        GroupBy::Thon => LocalityLevel::Hamlet,
    });
    dvk::pipeline::warn_unaccented_places(&mut summary, group_by);
    warn_early_signing_date(&mut summary, &config, period, args);
    // The view holds all the outputs show: the summary's problems move
    // into it, and the rest (its per-place tallies) is freed before the
    // outputs are made.
    // This terminal names the files not counted by their paths as typed
    // (the printed report names them from the folders given), each with
    // why.
    let not_counted = not_counted_with_reasons(&summary);
    let mut view = SummaryView::from_summary(summary, &config, period, group_by);
    let input_names: Vec<String> = args
        .input
        .inputs
        .iter()
        .map(|p| dvk::ingest::display_path(p))
        .collect();
    view.name_files_for_report(&ReportNames::new(&input_names));
    if let Some(previous) = &previous {
        view.compare_with(previous)?;
        if let Some(comparison) = &mut view.comparison {
            comparison.other_places = other_places;
        }
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

    let out = |name: &str| output_path(&args.out, name);
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
        // A Word file dragged in with the workbooks: said here, where the
        // clerk looks, not only on the "Vấn đề" sheet.
        for file in &inputs.not_spreadsheets {
            eprintln!(
                "  Không đọc {file}: không phải bảng tính (dvk đọc .xlsx, .xlsm, .xls, .ods, .csv)"
            );
        }
        eprintln!(
            "Kết quả: {}, {}, {}, {}",
            out("bao-cao.docx"),
            out("tong-hop.xlsx"),
            out("bao-cao.md"),
            out("tong-hop.json")
        );
    }
    // Errors are told even with -q: a batch job must see why it got exit 1.
    if view.incomplete {
        // What the errors did to the figures: left some out, or counted a
        // place twice (both files are counted), or both.
        let what = match (view.left_out, view.counted_twice > 0) {
            (true, true) => "Số liệu CHƯA ĐẦY ĐỦ và CÓ PHẦN BỊ TÍNH HAI LẦN",
            (false, true) => "Số liệu BỊ TÍNH HAI LẦN",
            _ => "Số liệu CHƯA ĐẦY ĐỦ",
        };
        let twice = if view.counted_twice == 0 {
            String::new()
        } else if view.left_out {
            format!(
                ", trong đó {} lỗi vì có xã, phường được đưa vào hai lần",
                view.counted_twice
            )
        } else {
            ": có xã, phường được đưa vào hai lần, qua bảng tính và tệp tong-hop.json \
             của nơi đó hoặc hai tệp tổng hợp có chung nơi"
                .to_owned()
        };
        eprintln!(
            "{what} ({} lỗi{twice}): xem trang “Vấn đề” trong {}, hoặc chạy: {}",
            view.errors,
            out("tong-hop.xlsx"),
            check_command(args)
        );
        if view.rows.accepted == 0 {
            eprintln!(
                "  Không có dòng số liệu nào được tính: báo cáo chỉ có phần khung, chưa có số liệu."
            );
        }
        // Not "could not read": a summary refused for its period was read.
        for line in not_counted.iter().take(10) {
            eprintln!("  Không tính: {line}");
        }
        if not_counted.len() > 10 {
            eprintln!("  … và {} tệp khác", not_counted.len() - 10);
        }
    } else if view.warnings > 0 && !args.quiet {
        eprintln!(
            "Có chỗ dvk phải đoán: xem trang “Vấn đề” trong {}.",
            out("tong-hop.xlsx")
        );
    }
    if !args.quiet {
        // Files a drag-and-drop run would have used, here only when named.
        let beside = |name: &str| {
            args.input
                .inputs
                .iter()
                .filter(|p| p.is_dir())
                .map(|d| d.join(name))
                .find(|p| p.is_file())
        };
        if args.input.config.is_none() {
            if let Some(config) = beside("dvk.toml") {
                let config = dvk::ingest::display_path(&config);
                eprintln!(
                    "Có tệp cấu hình {config} nhưng dvk chưa dùng: hãy chạy lại với --config \"{config}\"."
                );
            }
        }
        if args.notes.is_none() {
            match beside("ghi-chu.md") {
                Some(notes) => {
                    let notes = dvk::ingest::display_path(&notes);
                    eprintln!(
                        "Các phần hạn chế, bài học, phương hướng, kiến nghị đang để trống [ ]: có tệp ghi chú {notes}, hãy chạy lại với --ghi-chu \"{notes}\"."
                    );
                }
                None => eprintln!(
                    "Các phần hạn chế, bài học, phương hướng, kiến nghị đang để trống [ ]: viết sẵn trong một tệp ghi chú rồi chạy lại với --ghi-chu TỆP (xem: dvk tong-hop --help)."
                ),
            }
        }
    }
    Ok(if view.incomplete {
        ExitCode::DoneWithErrors
    } else {
        ExitCode::Done
    })
}

/// A report is signed after the period it reports on ends: a signing date
/// in an earlier year is told on screen and kept among the problems (the
/// JSON's, the "Vấn đề" sheet's), on the configuration file.
fn warn_early_signing_date(
    summary: &mut Summary,
    config: &dvk::config::Config,
    period: dvk::normalise::Period,
    args: &BuildArgs,
) {
    let (Some(date), (_, Some(to))) = (
        config.document.date,
        dvk::render::reported_period(summary, period),
    ) else {
        return;
    };
    if date.year >= to {
        return;
    }
    let message = format!(
        "ngày ký trong tệp cấu hình ({}/{}/{}) ở trước năm {to}, năm cuối của kỳ báo cáo; \
         hãy xem lại khóa date trong tệp cấu hình",
        date.day, date.month, date.year
    );
    if !args.quiet {
        eprintln!("Lưu ý: {message}.");
    }
    let config_file = args
        .input
        .config
        .as_deref()
        .map_or_else(|| "tệp cấu hình".to_owned(), dvk::ingest::display_path);
    // After every input file, in the problems' order.
    let location = Location::file(usize::MAX, &config_file);
    summary
        .problems
        .push(Diagnostic::new(Severity::Warning, location, message));
}

/// An output file as the clerk can find it from where dvk was run: the
/// folder as typed, then the name ("bao-cao.docx" for `-o .`, never
/// "/bao-cao.docx").
fn output_path(out: &Path, name: &str) -> String {
    let folder = dvk::ingest::display_path(out);
    if folder.is_empty() {
        name.to_owned()
    } else if folder.ends_with(['/', '\\']) {
        format!("{folder}{name}")
    } else {
        format!("{folder}/{name}")
    }
}

/// The files not counted, each as "path: the first error on it".
fn not_counted_with_reasons(summary: &Summary) -> Vec<String> {
    use dvk::aggregate::FileStatus;
    use dvk::diagnostic::Severity;
    summary
        .files
        .iter()
        .filter(|f| f.status == FileStatus::Failed)
        .map(|file| {
            let reason = summary
                .problems
                .iter()
                .find(|p| p.location.file_index == file.index && p.severity == Severity::Error)
                .map_or("có lỗi", |p| &*p.message);
            format!("{}: {reason}", file.file)
        })
        .collect()
}

/// A run whose files give no row to count, and had no error, writes no
/// report: a report of nothing ("phong trào năm  như sau") is worse than a
/// message saying why. Exit 2, as for a period that holds no row. With an
/// error (a file that cannot be read, rows rejected), the run is done with
/// errors (exit 1): the outputs are written, and `tong-hop.json` lists the
/// problems for a batch job, as for any run with errors.
fn something_to_report(summary: &Summary, args: &BuildArgs) -> Result<()> {
    use dvk::diagnostic::Severity;
    let rows = &summary.rows;
    if rows.accepted > 0
        || summary
            .problems
            .iter()
            .any(|p| p.severity == Severity::Error)
    {
        return Ok(());
    }
    let why = if rows.skipped > 0 {
        format!(
            "{} dòng đọc được đều bị bỏ qua (không phải dòng số liệu); xem lý do bằng lệnh: {}",
            vn_format::count(rows.skipped, false),
            check_command(args)
        )
    } else {
        "Các bảng tính chỉ có dòng tiêu đề, chưa có dòng số liệu nào (như biểu mẫu trống). \
         Hãy kiểm tra đã chọn đúng tệp, thư mục và các bảng tính đã được điền chưa"
            .to_owned()
    };
    anyhow::bail!(
        "không có dòng số liệu nào để tổng hợp nên dvk không ghi báo cáo (báo cáo sẽ không có kỳ, không có số liệu).\n{why}"
    )
}

/// What `--ghi-chu` takes, said when it is given another kind of file.
const NOTES_ARE: &str = "--ghi-chu cần một tệp chữ Markdown (.md, soạn bằng Notepad, lưu với bảng mã UTF-8) \
     có các mục \"## Hạn chế, nguyên nhân\", \"## Bài học kinh nghiệm\", \"## Phương hướng, nhiệm vụ\", \
     \"## Kiến nghị, đề xuất\", \"## Mô hình tiêu biểu\"; hãy chép nội dung vào một tệp như vậy rồi chạy lại";

/// The clerk's notes (`--ghi-chu`).
fn read_notes(path: &Path) -> Result<Notes> {
    let shown = dvk::ingest::display_path(path);
    let text = super::read_named_file(path, "tệp ghi chú", NOTES_ARE)?;
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match Notes::parse(&shown, &text) {
        Ok(notes) => Ok(notes),
        // A config or a summary has no "## " heading: say what it is.
        Err(NotesError::Empty { .. }) if extension == "toml" => anyhow::bail!(
            "tệp ghi chú {shown} là tệp cấu hình (.toml), không phải tệp ghi chú: hãy dùng nó với --config {shown}; {NOTES_ARE}"
        ),
        Err(NotesError::Empty { .. }) if extension == "json" || text.trim_start().starts_with('{') => {
            anyhow::bail!(
                "tệp ghi chú {shown} là tệp JSON (như tong-hop.json dvk ghi ra), không phải tệp ghi chú; {NOTES_ARE}"
            )
        }
        Err(error) => Err(error.into()),
    }
}

/// What `--so-sanh` takes, said when it is given another kind of file.
const PREVIOUS_IS: &str =
    "--so-sanh (--compare) cần tệp tong-hop.json của kỳ trước, do dvk ghi vào thư mục kết quả \
     khi tổng hợp kỳ trước. Nếu chỉ có các bảng tính của kỳ trước, hãy tổng hợp chúng trước \
     (ví dụ: dvk tong-hop bang-tinh-ky-truoc -o ket-qua-ky-truoc --from 2012 --to 2016) \
     rồi dùng --so-sanh ket-qua-ky-truoc/tong-hop.json";

/// The previous period's figures (`--so-sanh`).
fn read_previous(path: &Path) -> Result<Previous> {
    let shown = dvk::ingest::display_path(path);
    let text = super::read_named_file(path, "tệp so sánh", PREVIOUS_IS)?;
    // A spreadsheet saved as .csv, a notes file: JSON's own words would
    // only say its first character is wrong.
    if !text.trim_start().starts_with('{') {
        anyhow::bail!("tệp so sánh {shown} không phải tệp JSON của dvk: {PREVIOUS_IS}");
    }
    Ok(Previous::from_json(&shown, &text)?)
}

/// An earlier summary of other places than this run's (one commune's,
/// compared with a district's files): a warning with the run's problems and
/// here, not an error, since a commune that joined or left is normal.
fn warn_other_places(summary: &mut Summary, previous: &Previous, path: &Path, quiet: bool) -> bool {
    let shown = dvk::ingest::display_path(path);
    let Some(message) = previous.other_places_warning(&shown, summary) else {
        return false;
    };
    let location = Location::file(summary.files.len(), &shown);
    let warning = Diagnostic::new(Severity::Warning, location, message);
    if !quiet {
        eprintln!("Cảnh báo: {}", warning.message);
    }
    summary.problems.push(warning);
    true
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
