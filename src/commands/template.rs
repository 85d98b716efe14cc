//! `dvk template` (`mau`): the blank input workbook, and an example config.

use crate::cli::TemplateArgs;
use anyhow::{bail, Context, Result};
use dvk::config::EXAMPLE_TOML;
use dvk::exit_code::ExitCode;
use dvk::ingest::display_path;
use dvk::render::input_template::render_input_template;
use dvk::render::output::{ensure_dir, write_atomic};
use dvk::render::{REPORT_TEMPLATE, REPORT_TEMPLATE_NAME};
use std::path::{Path, PathBuf};

pub fn run(args: &TemplateArgs) -> Result<ExitCode> {
    // `dvk mau` alone writes the form under its usual name.
    let writes_other = args.write_config.is_some() || args.write_report_template.is_some();
    let out = match (&args.out, writes_other) {
        (Some(out), _) => Some(out.clone()),
        (None, false) => Some(PathBuf::from("bieu-mau.xlsx")),
        (None, true) => None,
    };
    if let Some(out) = &out {
        write_form(args, out)?;
    }
    if let Some(path) = &args.write_config {
        refuse_to_overwrite(path, args.overwrite)?;
        write_beside(path, EXAMPLE_TOML.as_bytes())?;
        eprintln!(
            "Đã ghi tệp cấu hình mẫu {}: sửa cơ quan, số văn bản, người ký… rồi dùng với --config (hoặc để trong thư mục các tệp báo cáo: kéo thả lên dvk.exe sẽ tự dùng).",
            display_path(path)
        );
    }
    if let Some(folder) = &args.write_report_template {
        write_report_template(folder, args.overwrite)?;
    }
    Ok(ExitCode::Done)
}

/// The embedded report template, written as `FOLDER/bao-cao.md.tera`: the
/// folder `--templates` takes, so a clerk with only dvk.exe can edit it or
/// compare an edited one with it.
fn write_report_template(folder: &Path, overwrite: bool) -> Result<()> {
    if folder.is_file() {
        bail!(
            "\"{}\" là một tệp; sau --ghi-mau-bao-cao hãy ghi tên một thư mục (ví dụ: mau-bao-cao), \
             dvk sẽ ghi {REPORT_TEMPLATE_NAME} vào đó",
            display_path(folder)
        );
    }
    let path = folder.join(REPORT_TEMPLATE_NAME);
    refuse_to_overwrite(&path, overwrite)?;
    write_beside(&path, REPORT_TEMPLATE.as_bytes())?;
    eprintln!(
        "Đã ghi mẫu báo cáo gốc {}: sửa bằng Notepad rồi dùng với dvk tong-hop … --templates {}",
        display_path(&path),
        display_path(folder)
    );
    Ok(())
}

fn write_form(args: &TemplateArgs, out: &Path) -> Result<()> {
    let is_xlsx = out
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if !is_xlsx {
        bail!(
            "tên tệp biểu mẫu phải có đuôi .xlsx (ví dụ: dvk mau -o bieu-mau.xlsx), không phải \"{}\"",
            display_path(out)
        );
    }
    refuse_to_overwrite(out, args.overwrite)?;
    let config = super::load_config(args.config.as_deref())?;
    let bytes = render_input_template(&config).context("không tạo được biểu mẫu")?;
    write_beside(out, &bytes)?;
    eprintln!(
        "Đã ghi biểu mẫu {}: trang Mô hình, Công trình, Nguồn lực, Khen thưởng, Tiếp xúc, đối thoại, Địa bàn điểm và Hướng dẫn.",
        display_path(out)
    );
    Ok(())
}

/// A filled-in form or an edited config is never overwritten by accident.
fn refuse_to_overwrite(path: &Path, overwrite: bool) -> Result<()> {
    if path.is_dir() {
        bail!("\"{}\" là một thư mục; hãy ghi tên tệp", display_path(path));
    }
    if path.exists() && !overwrite {
        bail!(
            "tệp \"{}\" đã có; dvk không ghi đè để khỏi mất nội dung đã điền. Hãy chọn tên khác, hoặc thêm --ghi-de",
            display_path(path)
        );
    }
    Ok(())
}

fn write_beside(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .context("thiếu tên tệp")?;
    ensure_dir(&dir)?;
    write_atomic(&dir, &name, bytes)?;
    Ok(())
}
