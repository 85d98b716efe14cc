//! `dvk template` (`mau`): the blank input workbook.

use crate::cli::TemplateArgs;
use anyhow::{Context, Result};
use dvk::exit_code::ExitCode;
use dvk::render::input_template::render_input_template;
use dvk::render::output::{ensure_dir, write_atomic};

pub fn run(args: &TemplateArgs) -> Result<ExitCode> {
    let config = super::load_config(args.config.as_deref())?;
    let bytes = render_input_template(&config).context("không tạo được biểu mẫu")?;
    let dir = match args.out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let name = args
        .out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .context("thiếu tên tệp sau -o")?;
    ensure_dir(&dir)?;
    write_atomic(&dir, &name, &bytes)?;
    eprintln!(
        "Đã ghi biểu mẫu {}: trang Mô hình, Công trình, Nguồn lực và Hướng dẫn.",
        dvk::ingest::display_path(&args.out)
    );
    Ok(ExitCode::Done)
}
