//! One thin module per subcommand, wiring the library's stages together.

pub mod build;
pub mod check;
pub mod dropped;
mod progress;
pub mod template;

use crate::cli::InputArgs;
use anyhow::{bail, Context, Result};
use dvk::aggregate::Summary;
use dvk::config::Config;
use dvk::diagnostic::{io_reason, IoAction};
use dvk::ingest::{discover, SourceFile};
use dvk::normalise::Period;
use std::path::Path;

/// Loads the configuration: defaults overlaid by the user's file.
pub fn load_config(file: Option<&Path>) -> Result<Config> {
    Config::load(file).context("không dùng được cấu hình")
}

/// Reads a text file the user named (`what`: "tệp ghi chú"). The error is
/// one Vietnamese sentence: the system's English words are left out.
pub fn read_named_file(path: &Path, what: &str) -> Result<String> {
    std::fs::read_to_string(path).map_err(|error| {
        anyhow::anyhow!(
            "không đọc được {what} {}: {}",
            dvk::ingest::display_path(path),
            io_reason(&error, IoAction::Read)
        )
    })
}

/// Checks the period and lists the input files.
pub fn inputs(args: &InputArgs, skip_dir: Option<&Path>) -> Result<(Vec<SourceFile>, Period)> {
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
    let files = discover(&args.inputs, skip_dir).context("không tìm được tệp đầu vào")?;
    if files.is_empty() {
        let shown: Vec<String> = args
            .inputs
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        bail!(
            "không tìm thấy bảng tính nào (.xlsx, .xlsm, .xls, .ods, .csv) trong {}",
            shown.join(", ")
        );
    }
    Ok((files, period))
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
