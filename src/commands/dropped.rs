//! Files or a folder dropped onto `dvk.exe`: no subcommand, only paths.
//!
//! Builds the report into `ket-qua` beside the first input, using a
//! `dvk.toml` and a `ghi-chu.md` dropped with the spreadsheets, or found in
//! the dropped folder or beside the dropped files; says where the results
//! are and what to check, and waits for Enter when a window is open (so it
//! does not close before the clerk has read it).

use crate::cli::{BuildArgs, InputArgs};
use dvk::exit_code::ExitCode;
use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// The paths, when every argument is an existing path and none is a command.
pub fn dropped_paths(args: impl Iterator<Item = OsString>) -> Option<Vec<PathBuf>> {
    let paths: Vec<PathBuf> = args.map(PathBuf::from).collect();
    let known = ["build", "tong-hop", "check", "kiem-tra", "template", "mau"];
    let first = paths.first()?;
    if known.iter().any(|k| first.as_os_str() == *k) || first.to_string_lossy().starts_with('-') {
        return None;
    }
    paths.iter().all(|p| p.exists()).then_some(paths)
}

/// The folder results go beside: the first input's own folder.
fn base_folder(first: &Path) -> PathBuf {
    let absolute = first.canonicalize().unwrap_or_else(|_| first.to_path_buf());
    absolute
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// What was dropped, sorted: spreadsheets and folders to read, and the
/// clerk's own settings and notes when they were dropped too or sit in the
/// dropped folder or beside the first file.
struct Dropped {
    inputs: Vec<PathBuf>,
    config: Option<PathBuf>,
    notes: Option<PathBuf>,
    base: PathBuf,
}

impl Dropped {
    fn sort(paths: Vec<PathBuf>) -> Dropped {
        let has_extension = |p: &Path, ext: &str| {
            p.is_file()
                && p.extension()
                    .is_some_and(|e| e.to_string_lossy().eq_ignore_ascii_case(ext))
        };
        let mut config = paths.iter().find(|p| has_extension(p, "toml")).cloned();
        let mut notes = paths.iter().find(|p| has_extension(p, "md")).cloned();
        let inputs: Vec<PathBuf> = paths
            .into_iter()
            .filter(|p| !has_extension(p, "toml") && !has_extension(p, "md"))
            .collect();
        let base = inputs
            .first()
            .map_or_else(|| PathBuf::from("."), |p| base_folder(p));
        // Where the clerk keeps them: in a dropped folder, else beside the first input.
        let places: Vec<PathBuf> = inputs
            .iter()
            .filter(|p| p.is_dir())
            .cloned()
            .chain(std::iter::once(base.clone()))
            .collect();
        let find = |name: &str| places.iter().map(|d| d.join(name)).find(|p| p.is_file());
        config = config.or_else(|| find("dvk.toml"));
        notes = notes.or_else(|| find("ghi-chu.md"));
        Dropped {
            inputs,
            config,
            notes,
            base,
        }
    }
}

pub fn run(paths: Vec<PathBuf>) -> ExitCode {
    // Windows gives dropped paths in full; typed ones may be relative, and
    // must be made whole before the working folder changes below.
    let paths = paths
        .into_iter()
        .map(|p| std::path::absolute(&p).unwrap_or(p))
        .collect();
    let dropped = Dropped::sort(paths);
    // Work from the base folder, so messages and the report name files as
    // "Báo cáo các xã/xa-long-son.xlsx", not by their full path.
    let inputs: Vec<PathBuf> = if std::env::set_current_dir(&dropped.base).is_ok() {
        dropped
            .inputs
            .iter()
            .map(|p| {
                let absolute = p.canonicalize().unwrap_or_else(|_| p.clone());
                absolute
                    .strip_prefix(&dropped.base)
                    .map(Path::to_path_buf)
                    .ok()
                    .filter(|relative| !relative.as_os_str().is_empty())
                    .unwrap_or(absolute)
            })
            .collect()
    } else {
        dropped.inputs.clone()
    };
    let args = BuildArgs {
        input: InputArgs {
            inputs,
            from: None,
            to: None,
            config: dropped.config,
            jobs: None,
        },
        out: dropped.base.join("ket-qua"),
        group_by: None,
        templates: None,
        compare: None,
        notes: dropped.notes,
        quiet: false,
    };
    let code = super::build::run(&args).unwrap_or_else(|e| {
        eprintln!("Lỗi: {e:#}");
        ExitCode::CouldNotRun
    });
    if code != ExitCode::CouldNotRun {
        eprintln!();
        // Places to fill are written "\[…\]" in the Markdown report.
        let to_fill = std::fs::read_to_string(args.out.join("bao-cao.md"))
            .map_or(true, |md| md.contains("\\["));
        if to_fill {
            eprintln!("Hãy mở bao-cao.docx trong thư mục trên, điền những chỗ trong ngoặc vuông [ ] và viết các phần nhận định.");
        } else {
            eprintln!("Báo cáo đã đủ các phần: hãy mở bao-cao.docx trong thư mục trên, đọc lại trước khi in.");
        }
        match &args.input.config {
            Some(config) => eprintln!("Đã dùng tệp cấu hình {}.", dvk::ingest::display_path(config)),
            None => eprintln!(
                "(Đặt tệp dvk.toml trong thư mục các tệp báo cáo để dvk điền sẵn cơ quan, số văn bản, người ký; tệp ghi-chu.md cho các phần nhận định. Tạo tệp mẫu: dvk mau --write-config dvk.toml)"
            ),
        }
        if let Some(notes) = &args.notes {
            eprintln!("Đã dùng tệp ghi chú {}.", dvk::ingest::display_path(notes));
        }
    }
    if std::io::stdin().is_terminal() {
        eprintln!("Nhấn Enter để đóng cửa sổ…");
        let mut line = String::new();
        let _ = std::io::stdin().read_line(&mut line);
    }
    code
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_paths_only() {
        let args = |list: &[&str]| {
            list.iter()
                .map(OsString::from)
                .collect::<Vec<_>>()
                .into_iter()
        };
        assert!(dropped_paths(args(&["src"])).is_some());
        assert!(dropped_paths(args(&["src", "Cargo.toml"])).is_some());
        assert!(dropped_paths(args(&["build", "src"])).is_none());
        assert!(dropped_paths(args(&["--help"])).is_none());
        assert!(dropped_paths(args(&["khong-co"])).is_none());
        assert!(dropped_paths(args(&[])).is_none());
    }
}
