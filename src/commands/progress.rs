//! Reading the input files for `build` and `check`: in a pool of `--jobs`
//! threads, with a progress bar on stderr while a person watches a terminal.
//! Nothing is drawn on a pipe or when the caller asks for quiet; the library
//! only reports per-file events and never sees the terminal.

use anyhow::{Context, Result};
use dvk::aggregate::Summary;
use dvk::config::Taxonomy;
use dvk::ingest::SourceFile;
use dvk::normalise::Period;
use dvk::pipeline::{summarise_with, ProgressEvent};
use dvk::render::vn_format;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::num::NonZeroUsize;
use std::sync::Mutex;
use std::time::Duration;

/// The most threads `--jobs` starts.
pub const MAX_JOBS: usize = 64;

/// Summarises `files` on at most `jobs` threads (default: rayon's, one per
/// core), showing a progress bar when `show` and stderr is a terminal. The
/// bar is gone from the screen when this returns.
pub fn read_files(
    files: &[SourceFile],
    taxonomy: &Taxonomy,
    period: Period,
    jobs: Option<NonZeroUsize>,
    show: bool,
) -> Result<Summary> {
    let progress =
        (show && std::io::stderr().is_terminal()).then(|| FileProgress::new(files.len()));
    let work = || match &progress {
        Some(progress) => summarise_with(files, taxonomy, period, &|event| progress.observe(event)),
        None => summarise_with(files, taxonomy, period, &|_| {}),
    };
    let summary = match jobs {
        // `--jobs` bounds the threads: no more than the files to read, nor
        // than any office PC's disk and cores can use (thousands of
        // threads took minutes to start, or overflowed a stack).
        Some(jobs) => rayon::ThreadPoolBuilder::new()
            .num_threads(jobs.get().min(files.len().max(1)).min(MAX_JOBS))
            .build()
            .context("không tạo được các luồng đọc tệp; hãy thử --jobs 1")?
            .install(work),
        None => work(),
    };
    if let Some(progress) = progress {
        progress.bar.finish_and_clear();
    }
    Ok(summary)
}

/// The bar, and what it counts: redrawn once per file event (and by a
/// steady tick for the clock), never per row.
struct FileProgress {
    bar: ProgressBar,
    total: usize,
    state: Mutex<Tally>,
}

#[derive(Default)]
struct Tally {
    done: usize,
    rows: u64,
    /// Files being read, oldest first: the oldest is the one shown, the
    /// likeliest to be holding the run up.
    reading: Vec<(usize, String)>,
    /// The name shown, kept while no file is being read for a moment (so
    /// the line does not flicker between files).
    shown: Option<String>,
}

impl FileProgress {
    fn new(total: usize) -> FileProgress {
        let bar = ProgressBar::new(total as u64);
        // A fixed template: a mistake in it is a programmer's, and the plain
        // default style still shows progress.
        if let Ok(style) = ProgressStyle::with_template("[{elapsed_precise}] {bar:12} {wide_msg}") {
            bar.set_style(style.progress_chars("█░"));
        }
        bar.set_message(line(0, total, 0, None));
        bar.enable_steady_tick(Duration::from_millis(250));
        FileProgress {
            bar,
            total,
            state: Mutex::new(Tally::default()),
        }
    }

    fn observe(&self, event: ProgressEvent<'_>) {
        let Ok(mut guard) = self.state.lock() else {
            return;
        };
        let tally = &mut *guard;
        match event {
            ProgressEvent::Started { file } => {
                tally.reading.push((file.index, file.display.clone()));
            }
            ProgressEvent::Finished { file, rows_read } => {
                tally.reading.retain(|(index, _)| *index != file.index);
                tally.done += 1;
                tally.rows += rows_read;
                self.bar.set_position(tally.done as u64);
            }
        }
        if let Some((_, oldest)) = tally.reading.first() {
            tally.shown = Some(oldest.clone());
        }
        let shown = tally.shown.as_deref();
        self.bar
            .set_message(line(tally.done, self.total, tally.rows, shown));
    }
}

/// The text after the bar: `42/100 tệp · 12.600 dòng · đang đọc huyen-001/xa-00042.xlsx`.
fn line(done: usize, total: usize, rows: u64, reading: Option<&str>) -> String {
    let mut text = format!(
        "{}/{} tệp · {} dòng",
        vn_format::count(done as u64, false),
        vn_format::count(total as u64, false),
        vn_format::count(rows, false)
    );
    if let Some(name) = reading {
        text.push_str(" · đang đọc ");
        text.push_str(&tail(name, SHOWN_NAME_CHARS));
    }
    text
}

/// How much of a file's path the line shows: the whole line then fits a
/// 100-column console even for thousands of files (indicatif cuts the end of
/// what a narrower one cannot hold).
const SHOWN_NAME_CHARS: usize = 30;

/// The end of `name`, where the file's own name is, cut at a folder when
/// one fits: `…/huyen-001/xa-00042.xlsx`.
fn tail(name: &str, max: usize) -> String {
    let chars = name.chars().count();
    if chars <= max {
        return name.to_owned();
    }
    let kept: String = name.chars().skip(chars - (max - 1)).collect();
    let from_folder = kept.find(['/', '\\']).map_or(&kept[..], |at| &kept[at..]);
    format!("…{from_folder}")
}

#[cfg(test)]
mod tests {
    use super::{line, tail};

    #[test]
    fn the_line_counts_the_vietnamese_way() {
        let cases = [
            ((0, 8, 0, None), "0/8 tệp · 0 dòng"),
            (
                (42, 100, 12_600, Some("huyen-001/xa-00042.xlsx")),
                "42/100 tệp · 12.600 dòng · đang đọc huyen-001/xa-00042.xlsx",
            ),
            (
                (1_234, 3_321, 996_300, Some("xa.csv")),
                "1.234/3.321 tệp · 996.300 dòng · đang đọc xa.csv",
            ),
        ];
        for ((done, total, rows, reading), expected) in cases {
            assert_eq!(line(done, total, rows, reading), expected);
        }
    }

    #[test]
    fn a_long_path_keeps_its_end() {
        let cases = [
            ("xa.xlsx", 10, "xa.xlsx"),
            ("huyen/xa.xlsx", 13, "huyen/xa.xlsx"),
            (
                "Báo cáo 2022/huyện Đức Phổ/xã Phổ An.xlsx",
                16,
                "…/xã Phổ An.xlsx",
            ),
            (
                "Bao cao 2024/huyen-001/xa-00042.xlsx",
                30,
                "…/huyen-001/xa-00042.xlsx",
            ),
            (
                r"D:\Bao cao\huyen-001\xa-00042.xlsx",
                30,
                r"…\huyen-001\xa-00042.xlsx",
            ),
            (
                "mot-ten-tep-rat-dai-khong-co-thu-muc.xlsx",
                12,
                "…hu-muc.xlsx",
            ),
        ];
        for (name, max, expected) in cases {
            assert_eq!(tail(name, max), expected);
            assert!(tail(name, max).chars().count() <= max);
        }
    }
}
