//! One thin module per subcommand, wiring the library's stages together.

pub mod build;
pub mod check;
pub mod dropped;
mod progress;
pub mod template;

use crate::cli::InputArgs;
use anyhow::{bail, Context, Result};
use dvk::aggregate::Summary;
use dvk::config::{Config, TextFileError};
use dvk::diagnostic::{io_reason, Diagnostic, IoAction, Location, Severity};
use dvk::ingest::{
    discover_all, DiscoverError, Discovered, LockOwner, OldResults, SourceFile, OUTPUT_NAMES,
};
use dvk::normalise::Period;
use std::path::Path;

/// Loads the configuration: defaults overlaid by the user's file.
pub fn load_config(file: Option<&Path>) -> Result<Config> {
    Config::load(file).context("không dùng được cấu hình")
}

/// Reads a text file the user named (`what`: "tệp ghi chú"); `needs` says
/// what the option takes, for when the file is a spreadsheet or a Word
/// document. The error is one Vietnamese sentence: the system's English
/// words are left out.
pub fn read_named_file(path: &Path, what: &str, needs: &str) -> Result<String> {
    let shown = dvk::ingest::display_path(path);
    dvk::config::read_text_file(path).map_err(|error| match error {
        TextFileError::Io(error) => anyhow::anyhow!(
            "không đọc được {what} {shown}: {}",
            io_reason(&error, IoAction::Read)
        ),
        TextFileError::NotText { kind } => {
            anyhow::anyhow!("{what} {shown} là {kind}, không dùng được: {needs}")
        }
        TextFileError::NotUtf8 => anyhow::anyhow!(
            "{what} {shown} không lưu bằng bảng mã UTF-8; hãy mở bằng Notepad, chọn Lưu thành \
             (Save As) với mã hóa (Encoding) UTF-8 rồi chạy lại"
        ),
    })
}

/// What a run reads: the files, the period asked for, the earlier results
/// a folder walk left out and the files named that are no spreadsheet, an
/// Office lock file or a hidden file.
pub struct Inputs {
    pub files: Vec<SourceFile>,
    pub period: Period,
    pub old_results: Vec<OldResults>,
    pub not_spreadsheets: Vec<String>,
    pub lock_files: Vec<(String, LockOwner)>,
    pub hidden_files: Vec<String>,
}

/// Checks the period and lists the input files.
pub fn inputs(args: &InputArgs, skip_dir: Option<&Path>) -> Result<Inputs> {
    let period = Period {
        from: args.from,
        to: args.to,
    };
    if let (Some(from), Some(to)) = (period.from, period.to) {
        if from > to {
            bail!("năm đầu kỳ ({from}) lớn hơn năm cuối kỳ ({to}); hãy đổi lại --from và --to");
        }
    }
    // The output folder is never read (old results would count twice), so
    // an input folder that is the output folder would read as empty.
    if let Some(out) = skip_dir.and_then(|d| d.canonicalize().ok()) {
        if let Some(same) = args
            .inputs
            .iter()
            .find(|input| input.is_dir() && input.canonicalize().ok().as_ref() == Some(&out))
        {
            bail!(
                "thư mục kết quả trùng với thư mục đầu vào ({}): dvk không đọc thư mục kết quả \
                 để không tính lại kết quả cũ. Hãy ghi kết quả vào một thư mục khác, ví dụ -o ket-qua",
                same.display()
            );
        }
    }
    let Discovered {
        files,
        old_results,
        not_spreadsheets,
        lock_files,
        hidden_files,
    } = match discover_all(&args.inputs, skip_dir) {
        // Said as it is: the inputs were found, the output folder is wrong.
        Err(refused @ DiscoverError::InputsInOutputFolder { .. }) => return Err(refused.into()),
        found => found.context("không tìm được tệp đầu vào")?,
    };
    if let Some(out) = skip_dir {
        refuse_to_overwrite_an_input(&files, out)?;
    }
    if files.is_empty() {
        let shown: Vec<String> = args
            .inputs
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        // Only lock files or hidden files named (`dvk tong-hop ~$*`): say
        // what they are.
        let mut told = Vec::new();
        if !lock_files.is_empty() {
            let locks: Vec<&str> = lock_files.iter().map(|(file, _)| file.as_str()).collect();
            told.push(format!(
                "{} là tệp khóa của Excel hoặc LibreOffice, không phải bảng tính",
                locks.join(", ")
            ));
        }
        if !hidden_files.is_empty() {
            told.push(format!(
                "{} là tệp ẩn (tên bắt đầu bằng dấu chấm, hoặc đặt thuộc tính Hidden), dvk không đọc; \
                 nếu đúng là bảng tính số liệu, hãy đổi tên bỏ dấu chấm ở đầu (hoặc bỏ chọn Hidden \
                 trong Properties của tệp) rồi chạy lại",
                hidden_files.join(", ")
            ));
        }
        let told = match told.is_empty() {
            true => String::new(),
            false => format!(" ({})", told.join("; ")),
        };
        bail!(
            "không tìm thấy bảng tính nào (.xlsx, .xlsm, .xls, .ods, .csv) trong {}{told}",
            shown.join(", ")
        );
    }
    Ok(Inputs {
        files,
        period,
        old_results,
        not_spreadsheets,
        lock_files,
        hidden_files,
    })
}

/// An input named like an output ("tong-hop.xlsx") in the output folder
/// would be overwritten by this run.
fn refuse_to_overwrite_an_input(files: &[SourceFile], out: &Path) -> Result<()> {
    for name in OUTPUT_NAMES {
        let Ok(target) = out.join(name).canonicalize() else {
            continue;
        };
        // Only a file of that name can be it: the others cost no lookup.
        if let Some(file) = files.iter().find(|f| {
            f.path.file_name().is_some_and(|n| n == name)
                && f.path.canonicalize().is_ok_and(|p| p == target)
        }) {
            bail!(
                "tệp đầu vào {} nằm trong thư mục kết quả và trùng tên một tệp kết quả: dvk sẽ ghi đè lên nó. \
                 Hãy ghi kết quả vào một thư mục khác, ví dụ -o ket-qua",
                file.display
            );
        }
    }
    Ok(())
}

/// Said of a file named on the command line that dvk does not read.
const NOT_A_SPREADSHEET: &str =
    "tệp này không phải bảng tính nên dvk không đọc và không tính: dvk chỉ đọc bảng tính \
     .xlsx, .xlsm, .xls, .ods, .csv (và tệp tổng hợp tong-hop.json khi gộp kết quả cấp dưới). \
     Nếu tệp này có số liệu, hãy chép bảng sang biểu mẫu của dvk (dvk mau) rồi chạy lại";

/// Said of an Office lock file named on the command line. The workbook it
/// stands for may be open with changes not yet saved: worth a word.
fn lock_file_message(owner: LockOwner) -> String {
    let program = match owner {
        LockOwner::MicrosoftOffice => "Excel (hay Word)",
        LockOwner::LibreOffice => "LibreOffice",
    };
    format!(
        "đây là tệp khóa do {program} tạo ra khi đang mở một tệp, không phải bảng tính số liệu: \
         dvk không đọc tệp này (như khi đọc cả thư mục). Nếu bảng tính đó còn đang mở, hãy lưu lại \
         trước khi chạy dvk để những chỗ vừa sửa được tính"
    )
}

/// Said of a hidden file named on the command line ("._xa.xlsx", which a
/// Mac leaves beside each file copied to a USB stick, or ".xa.xlsx"): left
/// out as in a folder walk, with the way to have it read if it was meant.
fn hidden_file_message(file: &str) -> String {
    let name = file.rsplit('/').next().unwrap_or(file);
    if !name.starts_with('.') {
        // Hidden by its Windows attribute, not by its name.
        return "đây là tệp ẩn (đặt thuộc tính Hidden): dvk không đọc tệp ẩn, như khi đọc cả thư mục. \
                Nếu tệp này đúng là bảng tính số liệu cần tổng hợp, hãy bấm chuột phải vào tệp, \
                chọn Properties, bỏ chọn Hidden rồi chạy lại"
            .to_owned();
    }
    let not_read =
        "đây là tệp ẩn (tên bắt đầu bằng dấu chấm): dvk không đọc tệp ẩn, như khi đọc cả thư mục.";
    match name.strip_prefix("._").filter(|rest| !rest.is_empty()) {
        Some(real) => format!(
            "{not_read} Tên bắt đầu bằng \"._\" thường là tệp phụ máy Mac tạo ra khi chép tệp \"{real}\", \
             không có số liệu; số liệu nằm ở chính tệp \"{real}\""
        ),
        None => format!(
            "{not_read} Nếu tệp này đúng là bảng tính số liệu cần tổng hợp, hãy đổi tên bỏ dấu chấm \
             ở đầu (ví dụ \"{}\") rồi chạy lại",
            name.trim_start_matches('.')
        ),
    }
}

/// Tells, as a problem of the run, each earlier result a folder walk left
/// out, so that a commune's results folder is never dropped unseen, each
/// file named that dvk does not read, and each lock file or hidden file
/// named.
pub fn tell_left_out(summary: &mut Summary, inputs: &Inputs) {
    let Inputs {
        old_results,
        not_spreadsheets,
        lock_files,
        hidden_files,
        ..
    } = inputs;
    let first_index = summary.files.len();
    for (i, old) in old_results.iter().enumerate() {
        let (severity, folder, message) = match old {
            OldResults::Folder(folder) => (
                Severity::Warning,
                folder,
                format!(
                    "thư mục này là kết quả cũ của dvk (có tong-hop.json và tong-hop.xlsx) nên không được đọc, \
                     để không tính hai lần. Nếu đây là tệp tổng hợp cấp dưới gửi lên, hãy ghi thẳng đường dẫn \
                     {folder}/tong-hop.json khi chạy, hoặc chép tệp đó ra thư mục nhận"
                ),
            ),
            OldResults::FilesIn(folder) => (
                Severity::Info,
                folder,
                "kết quả cũ của dvk trong thư mục này (tong-hop.json, tong-hop.xlsx, bao-cao.md, bao-cao.docx) \
                 không được đọc, để không tính hai lần; các bảng tính khác trong thư mục vẫn được đọc"
                    .to_owned(),
            ),
        };
        summary.problems.push(Diagnostic::new(
            severity,
            Location::file(first_index + i, folder),
            message,
        ));
    }
    // A Word report or a PDF dragged in with the workbooks cannot have been
    // meant as data: a warning, and the rest is read.
    let first_index = first_index + old_results.len();
    for (i, file) in not_spreadsheets.iter().enumerate() {
        // The file is named by the problem's place, as for old results.
        summary.problems.push(Diagnostic::new(
            Severity::Warning,
            Location::file(first_index + i, file),
            NOT_A_SPREADSHEET.to_owned(),
        ));
    }
    // Info, not a warning: nothing the clerk meant as data is left out.
    let first_index = first_index + not_spreadsheets.len();
    for (i, (file, owner)) in lock_files.iter().enumerate() {
        summary.problems.push(Diagnostic::new(
            Severity::Info,
            Location::file(first_index + i, file),
            lock_file_message(*owner),
        ));
    }
    // Info too: a folder walk leaves them out without a word.
    let first_index = first_index + lock_files.len();
    for (i, file) in hidden_files.iter().enumerate() {
        summary.problems.push(Diagnostic::new(
            Severity::Info,
            Location::file(first_index + i, file),
            hidden_file_message(file),
        ));
    }
}

/// A period given by one end only, or by both, that holds none of the rows
/// read: refused rather than written as a report of nothing ("giai đoạn
/// 2030 – 2022").
pub fn period_holds_rows(summary: &Summary, requested: Period) -> Result<()> {
    if requested == Period::default() || summary.rows.accepted > 0 {
        return Ok(());
    }
    let Some((first, last)) = summary.years else {
        return Ok(());
    };
    let from = requested.from.unwrap_or(first);
    let to = requested.to.unwrap_or(last);
    if from > to {
        match (requested.from, requested.to) {
            (Some(from), None) => bail!(
                "--from {from} sau năm muộn nhất trong số liệu ({last}): không có dòng nào thuộc kỳ báo cáo. \
                 Hãy kiểm tra lại năm sau --from (số liệu có các năm từ {first} đến {last})"
            ),
            _ => bail!(
                "--to {to} trước năm sớm nhất trong số liệu ({first}): không có dòng nào thuộc kỳ báo cáo. \
                 Hãy kiểm tra lại năm sau --to (số liệu có các năm từ {first} đến {last})"
            ),
        }
    }
    bail!(
        "không có dòng số liệu nào thuộc kỳ {from}–{to}: các dòng đọc được có năm từ {first} đến {last}. \
         Hãy kiểm tra lại --from, --to"
    )
}

#[cfg(test)]
mod tests {
    use super::hidden_file_message;

    #[test]
    fn a_hidden_file_is_told_how_to_be_read_by_what_hid_it() {
        // By its name: rename it; a Mac's "._" file: its data is elsewhere;
        // by the Windows attribute (the name says nothing): untick Hidden.
        let named = hidden_file_message("du-lieu/.xa-long-son.xlsx");
        assert!(named.contains("đổi tên bỏ dấu chấm ở đầu (ví dụ \"xa-long-son.xlsx\")"));
        let mac = hidden_file_message("usb/._xa.xlsx");
        assert!(mac.contains("số liệu nằm ở chính tệp \"xa.xlsx\""));
        let attribute = hidden_file_message("du-lieu/xa-long-son.xlsx");
        assert!(attribute.contains("thuộc tính Hidden") && attribute.contains("bỏ chọn Hidden"));
        assert!(!attribute.contains("dấu chấm ở đầu"));
    }
}
