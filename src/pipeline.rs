//! Runs read → normalise → aggregate over many files, in parallel, one
//! summary per file merged at the end. A file that cannot be read, or whose
//! reader panics, costs that file only.

use crate::aggregate::{FileReport, FileStatus, Summary};
use crate::config::Taxonomy;
use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::domain::{SheetKind, TextPool};
use crate::ingest::{read_file, FileFormat, SourceFile, Visibility};
use crate::normalise::rows::SheetPlace;
use crate::normalise::{data_rows_in, normalise_sheet, Period, SkipReason};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};

mod copies;
mod overlaps;
mod place_accents;
mod repeats;
mod rollup;
mod versions;

pub use place_accents::warn_unaccented_places;

/// What [`summarise_with`] reports as it works, for a progress display; the
/// library itself shows nothing.
#[derive(Debug, Clone, Copy)]
pub enum ProgressEvent<'a> {
    /// A worker began reading this file.
    Started { file: &'a SourceFile },
    /// This file is summarised (or failed); `rows_read` rows were read from it.
    Finished {
        file: &'a SourceFile,
        rows_read: u64,
    },
}

/// Summarises every file; the result does not depend on the order of `files`
/// beyond their indices.
pub fn summarise(files: &[SourceFile], taxonomy: &Taxonomy, period: Period) -> Summary {
    summarise_with(files, taxonomy, period, &|_| {})
}

/// [`summarise`], telling `observe` when each file starts and finishes. It is
/// called from the worker threads, once per file and event (never per row),
/// and runs in whatever rayon pool the caller installs.
pub fn summarise_with(
    files: &[SourceFile],
    taxonomy: &Taxonomy,
    period: Period,
    observe: &(dyn Fn(ProgressEvent<'_>) + Sync),
) -> Summary {
    // Summaries first: when no period is given, the one they were built for
    // is the period of the spreadsheets too.
    let (mut summaries, spreadsheets): (Vec<&SourceFile>, Vec<&SourceFile>) =
        files.iter().partition(|f| f.format == FileFormat::Summary);
    // Met in the order of spreadsheets, so that of two summaries of one
    // place the warning falls on the one a spreadsheet's would.
    summaries.sort_by_key(|file| copies::rank(file));
    let rollups: Vec<_> = summaries
        .par_iter()
        .map(|file| (*file, rollup::read(file)))
        .collect();
    let settled = rollup::settle_period(period, &rollups);
    let period = settled.period;
    let beside = Beside {
        summaries: !summaries.is_empty(),
        period_from: &settled.taken_from,
    };
    let copies = copies::find(files);

    // Each file's problems and places share their texts with the files read
    // before it as soon as the file is done, so the repeats are freed at once.
    let texts = TextPool::default();
    // Spreadsheets are handed out in the order that decides which of two
    // files holding one report is counted (shorter names first), and merged
    // in that order as they finish: the second of the two is known as soon
    // as it comes, and no summary waits for the end of the run.
    let mut spreadsheets = spreadsheets;
    spreadsheets.sort_by_key(|file| copies::rank(file));
    let inputs = rollups
        .into_iter()
        .map(|(file, read)| (file, Some(read)))
        .chain(spreadsheets.into_iter().map(|file| (file, None)));
    let in_order = Mutex::new(InOrder::default());
    inputs
        .enumerate()
        .par_bridge()
        .for_each(|(position, (file, rollup))| {
            let mut content = FileKeys::default();
            let summary = watched(observe, file, &texts, || {
                match (rollup, copies.get(&file.index)) {
                    (Some(_), Some(original)) => {
                        content.copy_of = Some((*original).clone());
                        copy_of(file, &original.display, None)
                    }
                    (Some(read), None) => {
                        let summary =
                            isolated(file, || rollup::summarise(file, read, taxonomy, &settled));
                        content.places = Some(overlaps::PlaceSet::of_summary(&summary));
                        summary
                    }
                    (None, original) => {
                        let (summary, keys) = summarise_file_keyed(file, taxonomy, period, beside);
                        // Two blank forms alike are two communes with nothing to
                        // report, not a copy counted twice.
                        match original {
                            Some(original) if summary.rows.read > 0 => {
                                content.copy_of = Some((*original).clone());
                                copy_of(file, &original.display, None)
                            }
                            _ => {
                                content = keys;
                                summary
                            }
                        }
                    }
                }
            });
            in_order
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .add(position, file, summary, content);
        });
    let mut merged = in_order
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner)
        .merged;
    merged.bounds = period;
    merged.put_in_order();
    merged
}

/// What a file's accepted records are, to tell one report met twice.
#[derive(Default)]
pub(crate) struct FileKeys {
    /// All of them, for the same report in another format.
    content: Option<copies::ContentKey>,
    /// Its models and works, for another version of one report.
    records: Option<versions::RecordSet>,
    /// The communes it reports, for one commune given twice through a
    /// summary (when summaries are given).
    places: Option<overlaps::PlaceSet>,
    /// What its bytes hold, when its extension says otherwise.
    holds: Option<FileFormat>,
    /// The file it is a byte copy of (then it is not read).
    copy_of: Option<SourceFile>,
}

/// What reading a spreadsheet needs to know of the summaries beside it.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Beside<'a> {
    /// Summaries are given too: the communes the file reports are noted.
    summaries: bool,
    /// The summaries the run's period was taken from (no --from/--to):
    /// rows outside it are a warning naming them.
    period_from: &'a [String],
}

/// Files' summaries merged in the order the files were handed out, whatever
/// order they finish in; a file whose records repeat a report already
/// counted is counted no more, and one whose models and works largely
/// repeat a file counted before is counted with a warning; one whose
/// communes a summary counted before reports too is counted with an error.
#[derive(Default)]
struct InOrder<'f> {
    next: usize,
    waiting: BTreeMap<usize, (&'f SourceFile, Summary, FileKeys)>,
    reports: copies::SameReports<'f>,
    versions: versions::Versions<'f>,
    overlaps: overlaps::Overlaps<'f>,
    merged: Summary,
}

impl<'f> InOrder<'f> {
    fn add(&mut self, position: usize, file: &'f SourceFile, summary: Summary, keys: FileKeys) {
        self.waiting.insert(position, (file, summary, keys));
        while self
            .waiting
            .first_key_value()
            .is_some_and(|(first, _)| *first == self.next)
        {
            let Some((_, (file, mut summary, keys))) = self.waiting.pop_first() else {
                break;
            };
            self.next += 1;
            // A copy of a file not counted itself names the one counted.
            if let Some(original) = &keys.copy_of {
                if let Some(counted) = self.reports.counted_instead_of(original.index) {
                    summary = copy_of(file, &original.display, Some(&counted.display));
                }
            }
            let read = copies::ReadFile {
                file,
                holds: keys.holds.unwrap_or(file.format),
                rejected: summary.rows.rejected,
            };
            let counted = keys
                .content
                .and_then(|key| self.reports.counted_before(read, key));
            if let Some(kept) = counted {
                self.merged.merge(same_report_as(read, kept, &summary));
                continue;
            }
            if let Some(records) = keys.records {
                version_of(file, &self.versions.meet(file, records), &mut summary);
            }
            if let Some(places) = keys.places {
                overlap_of(file, &self.overlaps.meet(file, places), &mut summary);
            }
            self.merged.merge(summary);
        }
    }
}

/// Runs one file's work between its two progress events.
fn watched(
    observe: &(dyn Fn(ProgressEvent<'_>) + Sync),
    file: &SourceFile,
    texts: &TextPool,
    work: impl FnOnce() -> Summary,
) -> Summary {
    observe(ProgressEvent::Started { file });
    let mut summary = work();
    summary.share_texts(&mut texts.lock());
    observe(ProgressEvent::Finished {
        file,
        rows_read: summary.rows.read,
    });
    summary
}

/// Reads, normalises and counts one file.
pub fn summarise_file(file: &SourceFile, taxonomy: &Taxonomy, period: Period) -> Summary {
    summarise_file_keyed(file, taxonomy, period, Beside::default()).0
}

/// [`summarise_file`], with the keys of the file's accepted records.
fn summarise_file_keyed(
    file: &SourceFile,
    taxonomy: &Taxonomy,
    period: Period,
    beside: Beside<'_>,
) -> (Summary, FileKeys) {
    let mut keys = FileKeys::default();
    let summary = isolated(file, || {
        let (summary, found) = summarise_file_inner(file, taxonomy, period, beside);
        keys = found;
        summary
    });
    (summary, keys)
}

/// Runs one file's work; a panic in it (from a dependency, say) becomes that
/// file's error instead of ending the run.
fn isolated(file: &SourceFile, work: impl FnOnce() -> Summary) -> Summary {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)) {
        Ok(summary) => summary,
        // The panic's own words (English, a library's) are not the clerk's:
        // the panic hook has printed where it happened for the developers.
        Err(_) => failed(
            file,
            "dvk gặp lỗi nội bộ khi đọc tệp này; hãy mở bằng Excel, lưu lại dưới dạng .xlsx \
             rồi chạy lại, và gửi tệp cho nhóm phát triển dvk"
                .to_owned(),
        ),
    }
}

pub(crate) fn summarise_file_inner(
    file: &SourceFile,
    taxonomy: &Taxonomy,
    period: Period,
    beside: Beside<'_>,
) -> (Summary, FileKeys) {
    let (sheets, renamed) = match read_file(file) {
        Ok(read) => (read.sheets, read.renamed),
        Err(e) => return (failed(file, e.to_string()), FileKeys::default()),
    };
    if is_dvk_workbook(&sheets) {
        return (
            failed(file, dvk_workbook_message(file)),
            FileKeys::default(),
        );
    }
    let mut content = copies::ContentHasher::default();
    let mut records = versions::RecordKeys::default();
    let mut places = beside.summaries.then(overlaps::PlaceNames::default);
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
    let mut unrecognised_data = 0;
    let mut ignored = Vec::new();
    let mut hidden = Vec::new();
    // Sheets read, by index, as their problems name them.
    let mut sheet_names = BTreeMap::new();
    for (sheet_index, sheet) in sheets.iter().enumerate() {
        let place = SheetPlace {
            file_index: file.index,
            file: &file.display,
            sheet_index,
        };
        if sheet.visibility != Visibility::Visible {
            // Not counted: the clerk does not see it (old figures, lists).
            let rows = data_rows_in(place, sheet, taxonomy, period);
            if rows > 0 {
                hidden.push(hidden_sheet_warning(file, sheet_index, sheet, rows));
            }
            continue;
        }
        let mut outcome = normalise_sheet(place, sheet, taxonomy, period);
        if !beside.period_from.is_empty() {
            // Said once for the file, as a warning, below.
            drop_outside_period_note(&mut outcome);
        }
        match outcome.kind {
            Some(kind) => {
                kinds_found += 1;
                let name = crate::normalise::shown_sheet_name(sheet, kind);
                sheet_names.insert(sheet_index, name.to_owned());
            }
            // Data under a header dvk does not know: its error and its rows
            // rejected count, like any sheet's.
            None if !outcome.diagnostics.is_empty() => unrecognised_data += 1,
            None => {
                ignored.push((sheet_index, sheet.name.clone(), sheet.rows.is_empty()));
                continue;
            }
        }
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
        content.add(sheet, &outcome.accepted);
        records.add(sheet_index, &outcome.accepted);
        if let Some(places) = &mut places {
            places.add(&outcome.accepted);
        }
        summary.add_rows(file.index, &outcome.accepted, taxonomy);
        summary.unaccented_places.add_sheet(
            (file.index, file.display.as_str().into(), sheet_index),
            &sheet.name,
            &outcome.accepted,
        );
        summary.hamlet_headers.extend(outcome.hamlet_header);
        summary.problems.extend(outcome.diagnostics);
    }
    summary.name_unnamed_reporters(&file.display);
    let nothing_known = kinds_found == 0 && unrecognised_data == 0;
    if nothing_known && !hidden.is_empty() {
        // Its only data hidden: the file fails, saying why, with the
        // warning of each hidden sheet.
        let mut summary = failed(
            file,
            "tệp chỉ có số liệu ở trang bị ẩn, dvk không tính trang ẩn (xem cảnh báo của từng trang); \
             nếu cần tính, hãy bỏ ẩn trang rồi chạy lại"
                .to_owned(),
        );
        if let Some(report) = summary.files.last_mut() {
            report.warnings += hidden.len() as u64;
        }
        summary.problems.extend(hidden);
        return (summary, FileKeys::default());
    }
    summary.problems.extend(hidden);
    if let (true, Some(renamed)) = (nothing_known, renamed) {
        let message = format!(
            "{}, không có bảng số liệu nào dvk nhận ra; hãy xin lại tệp Excel của báo cáo",
            renamed.describe()
        );
        return (failed(file, message), FileKeys::default());
    }
    if nothing_known {
        let message = format!(
            "không tìm thấy trang số liệu nào ({}): không có dòng tiêu đề nào dvk nhận ra. \
             Hãy dùng biểu mẫu của dvk (lệnh: dvk mau -o bieu-mau.xlsx) hoặc sửa tên cột cho đúng",
            sheet_kinds_read()
        );
        return (failed(file, message), FileKeys::default());
    }
    // No record at all: rows of layout only ("Tổng cộng … 0"), if any.
    let outside_period = report
        .skipped_by_reason
        .contains_key(&SkipReason::OutsidePeriod);
    if kinds_found > 0 && report.rows.accepted + report.rows.rejected == 0 && !outside_period {
        summary.problems.push(Diagnostic::new(
            Severity::Warning,
            Location::file(file.index, &file.display),
            "tệp không có dòng số liệu nào (chỉ có dòng tiêu đề, dòng cộng hay ghi chú): có thể nơi gửi đã gửi nhầm biểu trống. \
             Hãy xin lại tệp đã điền số liệu (nếu nơi đó thật sự không có gì để báo cáo thì bỏ qua cảnh báo này)"
                .to_owned(),
        ));
    }
    if let Some(&outside) = report.skipped_by_reason.get(&SkipReason::OutsidePeriod) {
        if let Some(message) =
            rollup::outside_summary_period(outside, period, summary.years, beside.period_from)
        {
            summary.problems.push(Diagnostic::new(
                Severity::Warning,
                Location::file(file.index, &file.display),
                message,
            ));
        }
    }
    for (sheet_index, name, empty) in ignored {
        if empty {
            continue;
        }
        let location = Location {
            sheet: Some(name.into()),
            sheet_index,
            ..Location::file(file.index, &file.display)
        };
        summary.problems.push(Diagnostic::new(
            Severity::Info,
            location,
            format!(
                "trang này không có số liệu, không có dòng tiêu đề của trang nào dvk đọc ({}); dvk bỏ qua",
                sheet_kinds_read()
            ),
        ));
    }
    for repeat in records.repeats() {
        let warning = repeat.warning(file, |i| sheet_names.get(&i).cloned().unwrap_or_default());
        summary.problems.push(warning);
    }
    // Only sheets whose data dvk could not read: nothing of the file counts.
    report.status = if kinds_found == 0 {
        FileStatus::Failed
    } else {
        FileStatus::Read {
            sheets: kinds_found,
        }
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
    summary
        .problems
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let keys = FileKeys {
        content: content.finish(),
        records: records.finish(),
        places: places.map(overlaps::PlaceNames::finish),
        holds: renamed.map(|r| r.holds),
        copy_of: None,
    };
    (summary, keys)
}

/// The warning for a hidden sheet holding `rows` rows of data, not counted.
fn hidden_sheet_warning(
    file: &SourceFile,
    sheet_index: usize,
    sheet: &crate::ingest::RawSheet,
    rows: u64,
) -> Diagnostic {
    let unhide = match sheet.visibility {
        Visibility::VeryHidden => {
            "hãy cho hiện trang (trang bị ẩn sâu, chỉ hiện lại được trong Visual Basic: \
             Alt+F11, chọn trang, đổi thuộc tính Visible thành xlSheetVisible)"
        }
        _ => "hãy bỏ ẩn trang (chuột phải vào tên một trang › Bỏ ẩn / Unhide › chọn trang này)",
    };
    let location = Location {
        sheet: Some(sheet.name.as_str().into()),
        sheet_index,
        ..Location::file(file.index, &file.display)
    };
    Diagnostic::new(
        Severity::Warning,
        location,
        format!(
            "trang này đang bị ẩn nên dvk không tính {rows} dòng số liệu của trang; \
             nếu cần tính, {unhide} rồi chạy lại"
        ),
    )
}

/// "Mô hình, Công trình, Nguồn lực, Khen thưởng, Tiếp xúc, đối thoại hay
/// Địa bàn điểm": every kind of sheet dvk reads.
fn sheet_kinds_read() -> String {
    let names: Vec<&str> = SheetKind::ALL.iter().map(|k| k.vietnamese()).collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} hay {last}", rest.join("; ")),
        _ => names.concat(),
    }
}

/// The sheets dvk's own workbook (tong-hop.xlsx) always has, whatever it holds.
const DVK_WORKBOOK_SHEETS: [&str; 4] = ["Lĩnh vực", "Địa bàn", "Tệp đã đọc", "Vấn đề"];

/// Whether a workbook is dvk's own summary (an earlier tong-hop.xlsx, maybe
/// renamed): its sheets hold figures already counted, under headers of
/// their own, and are never data to read again.
fn is_dvk_workbook(sheets: &[crate::ingest::RawSheet]) -> bool {
    DVK_WORKBOOK_SHEETS
        .iter()
        .all(|name| sheets.iter().any(|s| !s.from_csv && s.name == *name))
}

fn dvk_workbook_message(file: &SourceFile) -> String {
    let json = file
        .path
        .parent()
        .map(|dir| dir.join("tong-hop.json"))
        .filter(|json| json.is_file())
        .map_or_else(
            || "tệp tong-hop.json lập cùng lần với nó".to_owned(),
            |json| format!("tệp {}", crate::ingest::display_path(&json)),
        );
    format!(
        "tệp này là bảng tổng hợp do chính dvk lập (tong-hop.xlsx, có các trang \"Lĩnh vực\", \"Địa bàn\", \
         \"Tệp đã đọc\", \"Vấn đề\"), không phải bảng tính số liệu gửi lên: dvk không đọc lại, để không tính sai. \
         Muốn gộp kết quả đó vào lần tổng hợp này, hãy đưa {json} thay cho tệp này"
    )
}

/// A file with the same bytes as `original`: not read, so nothing counts
/// twice; a warning says which file it copies, and which file is counted
/// when `original` is not itself (it held a report counted by `counted`).
fn copy_of(file: &SourceFile, original: &str, counted: Option<&str>) -> Summary {
    let counted = match counted {
        None => "dvk chỉ tính một lần".to_owned(),
        Some(counted) => format!(
            "tệp đó lại có đúng các dòng số liệu của tệp {counted}, nên dvk chỉ tính một lần, \
             theo tệp {counted}"
        ),
    };
    unread(
        file,
        FileStatus::Copy,
        Severity::Warning,
        format!(
            "tệp này giống hệt tệp {original} (có thể là bản chép, tải về hai lần): {counted}. \
             Nếu đây là báo cáo của một nơi khác, hãy xin lại đúng tệp"
        ),
    )
}

/// What two files holding one report are, by their bytes: " dưới hai dạng
/// tệp (.xls và .xlsx)", or, for two of one format, which one has an
/// extension that says otherwise (CSV text renamed .xlsx).
fn formats_of(file: copies::ReadFile<'_>, kept: copies::ReadFile<'_>) -> String {
    if file.holds != kept.holds {
        return format!(
            " dưới hai dạng tệp ({} và {})",
            kept.holds.extension(),
            file.holds.extension()
        );
    }
    let kept_named = format!("tệp {}", kept.file.display);
    let renamed: Vec<String> = [(kept_named.as_str(), kept), ("tệp này", file)]
        .iter()
        .filter(|(_, read)| read.file.format != read.holds)
        .map(|(named, read)| {
            format!(
                "{named} thực ra là {}, bị đổi đuôi thành {}",
                read.holds.description(),
                read.file.format.extension()
            )
        })
        .collect();
    match renamed.is_empty() {
        true => String::new(),
        false => format!(" ({})", renamed.join("; ")),
    }
}

/// A file whose accepted records are those of `kept` (the same report saved
/// in another format): counted once, by `kept`; a warning names both, and
/// rows this file had rejected beyond those of `kept`.
fn same_report_as(
    file: copies::ReadFile<'_>,
    kept: copies::ReadFile<'_>,
    read: &Summary,
) -> Summary {
    let formats = formats_of(file, kept);
    let kept_rejected = kept.rejected;
    let file = file.file;
    let kept = &kept.file.display;
    let mut message = format!(
        "tệp này có đúng các dòng số liệu của tệp {kept} ({} dòng được nhận, cùng giá trị, cùng thứ tự): \
         có thể là một báo cáo được gửi hai lần{formats}. dvk chỉ tính một lần, \
         theo tệp {kept}. Nếu đây là báo cáo của một nơi khác, hãy xin lại đúng tệp",
        crate::render::vn_format::group_thousands(i64::try_from(read.rows.accepted).unwrap_or(i64::MAX))
    );
    if read.rows.rejected != kept_rejected {
        message.push_str(&format!(
            ". Lưu ý: tệp này có {} dòng bị loại vì lỗi, tệp {kept} có {kept_rejected}; \
             xem lỗi của tệp này bằng lệnh: dvk kiem-tra \"{}\"",
            read.rows.rejected, file.display
        ));
    }
    unread(file, FileStatus::Copy, Severity::Warning, message)
}

/// Warns on `file`, counted, that it shares most of its models and works
/// with `shared.earlier`, counted too: probably two versions of one report
/// (the first sent and a correction), which dvk cannot choose between.
/// One warning on a file that repeats the records of earlier ones: each
/// earlier version is named (the first few), however many there are.
fn version_of(file: &SourceFile, shared: &[versions::Shared<'_>], summary: &mut Summary) {
    let Some(first) = shared.first() else {
        return;
    };
    let count = |n: usize| crate::render::vn_format::count(n as u64, false);
    let records = |shared: &versions::Shared<'_>| match (shared.models, shared.works) {
        (models, 0) => format!("{} mô hình", count(models)),
        (0, works) => format!("{} công trình, phần việc", count(works)),
        (models, works) => format!(
            "{} mô hình và {} công trình, phần việc",
            count(models),
            count(works)
        ),
    };
    // The rows of this file holding them, for the clerk to find: of each
    // kind, over every earlier file met.
    let models = rows_in_order(shared.iter().map(|s| &s.rows.0));
    let works = rows_in_order(shared.iter().map(|s| &s.rows.1));
    let named = |rows: &[u32]| {
        crate::render::vn_format::rows_named(
            rows,
            rows.len() as u64,
            crate::render::vn_format::ROWS_NAMED,
        )
    };
    let rows = match (models.is_empty(), works.is_empty()) {
        (false, true) => named(&models),
        (true, false) => named(&works),
        _ => format!(
            "mô hình ở {}; công trình ở {}",
            named(&models),
            named(&works)
        ),
    };
    let message = if shared.len() == 1 {
        format!(
            "tệp {} và tệp {} có {} trùng nhau (cùng tên, cùng địa bàn, cùng năm; ở tệp {}: {rows}): \
             có thể là hai bản của cùng một báo cáo (bản gửi trước và bản sửa lại), \
             hoặc báo cáo năm sau kê lại các mô hình, công trình đã báo cáo năm trước (số lũy kế). \
             dvk vẫn tính cả hai tệp, nên những dòng trùng đang bị tính hai lần. \
             Nếu một tệp là bản sửa của tệp kia, hãy bỏ bản cũ ra khỏi thư mục rồi chạy lại; \
             nếu báo cáo năm sau kê lại số năm trước, hãy xóa các dòng kê lại ở tệp năm sau \
             (hoặc chỉ giữ tệp năm sau nếu tệp đó đã kê đủ); \
             nếu đây là hai báo cáo khác nhau thì bỏ qua cảnh báo này",
            file.display,
            first.earlier.display,
            records(first),
            file.display
        )
    } else {
        let (earlier, last) = name_earlier(shared, |s| {
            format!("tệp {} ({})", s.earlier.display, records(s))
        });
        format!(
            "tệp {} có dòng trùng nhau (cùng tên, cùng địa bàn, cùng năm; {rows}) với {} tệp trước: \
             {} và {}: có thể là nhiều bản của cùng một báo cáo (bản gửi trước và các bản sửa lại), \
             hoặc báo cáo các năm sau kê lại số của năm trước (số lũy kế). \
             dvk vẫn tính mọi tệp, nên những dòng trùng đang bị tính nhiều lần. \
             Hãy chỉ giữ bản cuối cùng trong thư mục, bỏ các bản cũ ra rồi chạy lại \
             (báo cáo lũy kế: xóa các dòng kê lại, hoặc chỉ giữ tệp mới nhất nếu tệp đó đã kê đủ); \
             nếu đây là các báo cáo khác nhau thì bỏ qua cảnh báo này",
            file.display,
            count(shared.len()),
            earlier,
            last
        )
    };
    warn_on(file, summary, message);
}

/// The rows of several lists, each once, in order.
fn rows_in_order<'a>(lists: impl Iterator<Item = &'a Vec<u32>>) -> Vec<u32> {
    let mut rows: Vec<u32> = lists.flatten().copied().collect();
    rows.sort_unstable();
    rows.dedup();
    rows
}

/// Earlier files (or places of one) a warning names in full; the rest are
/// counted.
const NAMED: usize = 3;

/// The first few of several earlier files, each shown by `shown`, the
/// rest counted: ("tệp a (…), tệp b (…)", "tệp c (…)") or, beyond three,
/// (…, "N tệp khác"), to be joined by "và".
fn name_earlier<T>(met: &[T], shown: impl Fn(&T) -> String) -> (String, String) {
    let mut earlier: Vec<String> = met.iter().take(NAMED).map(shown).collect();
    if met.len() > NAMED {
        earlier.push(format!(
            "{} tệp khác",
            crate::render::vn_format::count((met.len() - NAMED) as u64, false)
        ));
    }
    let last = earlier.pop().unwrap_or_default();
    (earlier.join(", "), last)
}

/// Adds a warning on `file`, counted by its line (a summary's files share
/// its index: the warning is counted once).
fn warn_on(file: &SourceFile, summary: &mut Summary, message: String) {
    note_on(file, summary, Severity::Warning, message);
}

/// Adds a problem of `severity` on `file`, counted by its line (a
/// summary's files share its index: the problem is counted once).
fn note_on(file: &SourceFile, summary: &mut Summary, severity: Severity, message: String) {
    summary.problems.push(Diagnostic::new(
        severity,
        Location::file(file.index, &file.display),
        message,
    ));
    if let Some(report) = summary.files.iter_mut().find(|f| f.index == file.index) {
        match severity {
            Severity::Error => report.errors += 1,
            Severity::Warning => report.warnings += 1,
            Severity::Info => {}
        }
    }
}

/// Removes a sheet's info line on its rows outside the period (the file's
/// warning replaces it when a summary set the period).
fn drop_outside_period_note(outcome: &mut crate::normalise::SheetOutcome) {
    let Some(&(_, n)) = outcome
        .skipped_by_reason
        .iter()
        .find(|(reason, _)| *reason == SkipReason::OutsidePeriod)
    else {
        return;
    };
    outcome.diagnostics.retain(|d| {
        !(d.severity == Severity::Info
            && d.location.row.is_none()
            && crate::normalise::rows::is_outside_period_note(&d.message, n))
    });
}

/// An error on `file`, counted, that summaries counted before it report
/// some of its communes too: one commune given twice (its spreadsheet and
/// its tong-hop.json, or two tong-hop.json of it), which dvk cannot choose
/// between. Both stay counted (no figure changes), but the figures of those
/// communes are known to be wrong, so it is an error (exit 1), not a
/// warning: a batch job must not take them for right. One error, naming
/// each earlier summary (the first few) and the communes shared.
fn overlap_of(file: &SourceFile, met: &[overlaps::Overlap<'_>], summary: &mut Summary) {
    let Some(first) = met.first() else {
        return;
    };
    let count = |n: usize| crate::render::vn_format::count(n as u64, false);
    let places = |overlap: &overlaps::Overlap<'_>| {
        crate::render::vn_format::first_few(&overlap.places, NAMED, "; ", "nơi")
    };
    let once = "Mỗi xã, phường chỉ nên đưa vào một lần: hoặc bảng tính của nơi đó, \
                hoặc tệp tong-hop.json của nơi đó";
    let message = if met.len() == 1 {
        let why = if file.format == FileFormat::Summary {
            "có thể là hai lần tổng hợp của cùng một nơi (một lần chạy lại, có thể với --from/--to khác), \
             hoặc một tệp là tổng hợp của cấp trên đã gồm nơi đó"
        } else {
            "tệp tong-hop.json là số liệu đã tổng hợp của nơi đó, có thể lập từ chính bảng tính này"
        };
        format!(
            "tệp {} và tệp tổng hợp {} cùng có số liệu của {}: {why}. \
             dvk vẫn tính cả hai tệp, nên số liệu của nơi đó đang bị tính hai lần. \
             {once}; hãy bỏ một trong hai tệp ra khỏi thư mục (hoặc khỏi lệnh) rồi chạy lại. \
             Nếu hai tệp thật sự có số liệu khác nhau của cùng nơi (không trùng dòng nào), \
             hãy đưa các bảng tính của nơi đó thay cho tệp tổng hợp, \
             hoặc lập lại một tệp tổng hợp từ mọi bảng tính của nơi đó",
            file.display,
            first.earlier.display,
            places(first)
        )
    } else {
        let (earlier, last) = name_earlier(met, |o| {
            format!("tệp {} ({})", o.earlier.display, places(o))
        });
        format!(
            "tệp {} có số liệu của cùng nơi với {} tệp tổng hợp trước: {} và {}. \
             dvk vẫn tính mọi tệp, nên số liệu của những nơi đó đang bị tính nhiều lần. \
             {once}; hãy chỉ giữ một tệp cho mỗi nơi, bỏ các tệp kia ra rồi chạy lại. \
             Nếu các tệp thật sự có số liệu khác nhau của cùng nơi (không trùng dòng nào), \
             hãy đưa các bảng tính của những nơi đó thay cho tệp tổng hợp, \
             hoặc lập lại một tệp tổng hợp từ mọi bảng tính của mỗi nơi",
            file.display,
            count(met.len()),
            earlier,
            last
        )
    };
    summary.counted_twice += 1;
    note_on(file, summary, Severity::Error, message);
}

pub(crate) fn failed(file: &SourceFile, message: String) -> Summary {
    unread(file, FileStatus::Failed, Severity::Error, message)
}

/// A file that adds no row: its one problem says why.
fn unread(file: &SourceFile, status: FileStatus, severity: Severity, message: String) -> Summary {
    let mut summary = Summary::default();
    summary.problems.push(Diagnostic::new(
        severity,
        Location::file(file.index, &file.display),
        message,
    ));
    summary.files.push(FileReport {
        index: file.index,
        file: file.display.clone(),
        status,
        rows: Default::default(),
        skipped_by_reason: Default::default(),
        errors: u64::from(severity == Severity::Error),
        warnings: u64::from(severity == Severity::Warning),
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
        // The panic's English is not the clerk's: the hook printed its place.
        let message = &summary.problems[0].message;
        assert!(message.contains("lỗi nội bộ"), "{message}");
        assert!(!message.contains("index out of bounds"), "{message}");
        assert_eq!(summary.problems[0].severity, Severity::Error);
    }

    #[test]
    fn a_place_named_in_many_files_is_held_once() {
        let config = crate::config::Config::default_config().expect("config");
        let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
        let files = crate::ingest::discover(&[sample], None).expect("discover");
        let summary = summarise(&files, &config.taxonomy, Period::default());
        // (file that first named the place, its province's key and name)
        let provinces: Vec<_> = summary
            .localities
            .values()
            .zip(summary.localities.keys())
            .filter_map(|(tally, key)| {
                Some((tally.first_seen.0, &key[0], tally.names[0].as_ref()?))
            })
            .collect();
        let pairs_across_files = provinces
            .iter()
            .flat_map(|a| provinces.iter().map(move |b| (a, b)))
            .filter(|(a, b)| a.0 != b.0 && a.1 == b.1)
            .inspect(|(a, b)| {
                assert!(std::sync::Arc::ptr_eq(a.1, b.1), "key {}", a.1);
                if a.2 == b.2 {
                    assert!(std::sync::Arc::ptr_eq(a.2, b.2), "name {}", a.2);
                }
            })
            .count();
        assert!(
            pairs_across_files > 0,
            "the sample names one province in several files"
        );
    }

    #[test]
    fn progress_events_come_once_per_file_and_add_up_to_the_rows_read() {
        use std::sync::Mutex;
        let config = crate::config::Config::default_config().expect("config");
        let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
        let files = crate::ingest::discover(&[sample], None).expect("discover");
        let events = Mutex::new(Vec::new());
        let summary = summarise_with(&files, &config.taxonomy, Period::default(), &|event| {
            let seen = match event {
                ProgressEvent::Started { file } => (file.index, None),
                ProgressEvent::Finished { file, rows_read } => (file.index, Some(rows_read)),
            };
            events.lock().expect("events").push(seen);
        });
        let events = events.into_inner().expect("events");
        assert_eq!(events.len(), 2 * files.len());
        for file in &files {
            let mine: Vec<_> = events.iter().filter(|(i, _)| *i == file.index).collect();
            assert_eq!(mine.len(), 2, "{}", file.display);
            assert_eq!(mine[0].1, None, "started before finished: {}", file.display);
        }
        let rows: u64 = events.iter().filter_map(|(_, rows)| *rows).sum();
        assert_eq!(rows, summary.rows.read);
        assert!(rows > 0);
    }
}
