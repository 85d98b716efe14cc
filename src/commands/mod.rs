//! One thin module per subcommand, wiring the library's stages together.

pub mod build;
pub mod check;
pub mod dropped;
mod progress;
pub mod template;

use crate::cli::InputArgs;
use anyhow::{bail, Context, Result};
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
