//! `dvk template` (`mau`): the blank input workbook.

use crate::cli::TemplateArgs;
use anyhow::{bail, Context, Result};
use dvk::exit_code::ExitCode;
use dvk::render::input_template::render_input_template;
use dvk::render::output::{ensure_dir, write_atomic};

pub fn run(args: &TemplateArgs) -> Result<ExitCode> {
    let is_xlsx = args
        .out
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if !is_xlsx {
        bail!(
            "tên tệp biểu mẫu phải có đuôi .xlsx (ví dụ: dvk mau -o bieu-mau.xlsx), không phải \"{}\"",
            dvk::ingest::display_path(&args.out)
        );
    }
    if args.out.is_dir() {
        bail!(
            "\"{}\" là một thư mục; hãy ghi tên tệp, ví dụ -o bieu-mau.xlsx",
            dvk::ingest::display_path(&args.out)
        );
    }
    if args.out.exists() && !args.overwrite {
        bail!(
            "tệp \"{}\" đã có; dvk không ghi đè để khỏi mất biểu đã điền. Hãy chọn tên khác, hoặc thêm --ghi-de",
            dvk::ingest::display_path(&args.out)
        );
    }
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
