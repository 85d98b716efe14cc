//! Runs read → normalise → aggregate over many files, in parallel, one
//! summary per file merged at the end. A file that cannot be read, or whose
//! reader panics, costs that file only.

use crate::aggregate::{FileReport, FileStatus, Summary};
use crate::config::Taxonomy;
use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::ingest::{read_file, SourceFile};
use crate::normalise::rows::SheetPlace;
use crate::normalise::{normalise_sheet, Period};
use rayon::prelude::*;

/// Summarises every file; the result does not depend on the order of `files`
/// beyond their indices.
pub fn summarise(files: &[SourceFile], taxonomy: &Taxonomy, period: Period) -> Summary {
    files
        .par_iter()
        .map(|file| summarise_file(file, taxonomy, period))
        .reduce(Summary::default, |mut a, b| {
            a.merge(b);
            a
        })
}

/// Reads, normalises and counts one file.
pub fn summarise_file(file: &SourceFile, taxonomy: &Taxonomy, period: Period) -> Summary {
    isolated(file, || summarise_file_inner(file, taxonomy, period))
}

/// Runs one file's work; a panic in it (from a dependency, say) becomes that
/// file's error instead of ending the run.
fn isolated(file: &SourceFile, work: impl FnOnce() -> Summary) -> Summary {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)) {
        Ok(summary) => summary,
        Err(payload) => {
            let detail = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            failed(
                file,
                format!(
                    "dvk gặp lỗi nội bộ khi đọc tệp này (chi tiết kỹ thuật: {detail}); hãy mở bằng Excel, \
                     lưu lại dưới dạng .xlsx rồi chạy lại, và gửi tệp cho nhóm phát triển dvk"
                ),
            )
        }
    }
}

pub(crate) fn summarise_file_inner(
    file: &SourceFile,
    taxonomy: &Taxonomy,
    period: Period,
) -> Summary {
    let (sheets, renamed) = match read_file(file) {
        Ok(read) => (read.sheets, read.renamed),
        Err(e) => return failed(file, e.to_string()),
    };
    let mut summary = Summary::default();
    if let Some(renamed) = renamed {
        summary.problems.push(Diagnostic::new(
            Severity::Info,
            Location::file(file.index, &file.display),
            format!(
                "{}; dvk vẫn đọc được, nên đổi lại đuôi cho đúng",
                renamed.describe()
            ),
        ));
    }
    let mut report = FileReport {
        index: file.index,
        file: file.display.clone(),
        status: FileStatus::Read { sheets: 0 },
        rows: Default::default(),
        skipped_by_reason: Default::default(),
        errors: 0,
        warnings: 0,
    };
    let mut kinds_found = 0;
    let mut ignored = Vec::new();
    for (sheet_index, sheet) in sheets.iter().enumerate() {
        let place = SheetPlace {
            file_index: file.index,
            file: &file.display,
            sheet_index,
        };
        let outcome = normalise_sheet(place, sheet, taxonomy, period);
        if outcome.kind.is_none() {
            ignored.push((sheet_index, sheet.name.clone(), sheet.rows.is_empty()));
            continue;
        }
        kinds_found += 1;
        summary.rows += outcome.counts;
        report.rows += outcome.counts;
        for (reason, n) in outcome.skipped_by_reason {
            *summary.skipped_by_reason.entry(reason).or_default() += n;
            *report.skipped_by_reason.entry(reason).or_default() += n;
        }
        summary.years = match (summary.years, outcome.years) {
            (Some((a, b)), Some((c, d))) => Some((a.min(c), b.max(d))),
            (a, b) => a.or(b),
        };
        summary.add_rows(file.index, &outcome.accepted, taxonomy);
        summary.problems.extend(outcome.diagnostics);
    }
    if let (0, Some(renamed)) = (kinds_found, renamed) {
        return failed(
            file,
            format!(
                "{}, không có bảng số liệu nào dvk nhận ra; hãy xin lại tệp Excel của báo cáo",
                renamed.describe()
            ),
        );
    }
    if kinds_found == 0 {
        return failed(
            file,
            "không tìm thấy trang số liệu nào (Mô hình, Công trình, Nguồn lực): không có dòng tiêu đề nào dvk nhận ra. \
             Hãy dùng biểu mẫu của dvk (lệnh: dvk mau -o bieu-mau.xlsx) hoặc sửa tên cột cho đúng"
                .to_owned(),
        );
    }
    for (sheet_index, name, empty) in ignored {
        if empty {
            continue;
        }
        let location = Location {
            sheet: Some(name),
            sheet_index,
            ..Location::file(file.index, &file.display)
        };
        summary.problems.push(Diagnostic::new(
            Severity::Info,
            location,
            "trang này không có dòng tiêu đề của Mô hình, Công trình hay Nguồn lực; dvk bỏ qua"
                .to_owned(),
        ));
    }
    report.status = FileStatus::Read {
        sheets: kinds_found,
    };
    report.errors = summary
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count() as u64;
    report.warnings = summary
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Warning)
        .count() as u64;
    summary.files.push(report);
    summary.problems.sort_by_key(Diagnostic::sort_key);
    summary
}

fn failed(file: &SourceFile, message: String) -> Summary {
    let mut summary = Summary::default();
    summary.problems.push(Diagnostic::new(
        Severity::Error,
        Location::file(file.index, &file.display),
        message,
    ));
    summary.files.push(FileReport {
        index: file.index,
        file: file.display.clone(),
        status: FileStatus::Failed,
        rows: Default::default(),
        skipped_by_reason: Default::default(),
        errors: 1,
        warnings: 0,
    });
    summary
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::FileFormat;

    #[test]
    fn a_panic_in_one_file_is_that_files_error() {
        let file = SourceFile {
            index: 3,
            path: "xa.xlsx".into(),
            display: "xa.xlsx".to_owned(),
            format: FileFormat::Xlsx,
        };
        let summary = isolated(&file, || panic!("index out of bounds"));
        assert_eq!(summary.files.len(), 1);
        assert_eq!(summary.files[0].status, FileStatus::Failed);
        assert_eq!(summary.problems.len(), 1);
        assert!(summary.problems[0].message.contains("index out of bounds"));
        assert_eq!(summary.problems[0].severity, Severity::Error);
    }
}
