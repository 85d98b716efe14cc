//! The parse floor: the least any tool must do with these files. calamine
//! opens every workbook and visits every cell of every sheet; a CSV is read
//! whole. Files are spread over a rayon pool, one file per task. Each cell
//! is folded into a checksum so the work cannot be optimised away.

use calamine::{open_workbook_auto, Data, Reader};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

#[derive(Debug, Default, Clone, Copy)]
pub struct FloorTally {
    pub files: u64,
    pub cells: u64,
    pub checksum: u64,
}

/// Spreadsheets under `dir`, recursively, sorted.
pub fn spreadsheets(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder)? {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            let extension = path
                .extension()
                .and_then(|e| e.to_str())
                .unwrap_or("")
                .to_ascii_lowercase();
            if matches!(extension.as_str(), "xlsx" | "xlsm" | "xls" | "ods" | "csv") {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}

pub fn run(dir: &Path, threads: usize) -> Result<FloorTally, String> {
    let files = spreadsheets(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| e.to_string())?;
    pool.install(|| {
        files
            .par_iter()
            .map(|path| one_file(path))
            .try_reduce(FloorTally::default, |a, b| {
                Ok(FloorTally {
                    files: a.files + b.files,
                    cells: a.cells + b.cells,
                    checksum: a.checksum.wrapping_add(b.checksum),
                })
            })
    })
}

fn mix(hash: u64, value: u64) -> u64 {
    hash.wrapping_mul(0x100_0000_01B3).wrapping_add(value)
}

fn one_file(path: &Path) -> Result<FloorTally, String> {
    let fail = |e: &dyn std::fmt::Display| format!("{}: {e}", path.display());
    let mut tally = FloorTally {
        files: 1,
        ..FloorTally::default()
    };
    let is_csv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if is_csv {
        let bytes = std::fs::read(path).map_err(|e| fail(&e))?;
        tally.cells = bytes.len() as u64;
        tally.checksum = bytes.iter().fold(0, |h, b| mix(h, u64::from(*b)));
        return Ok(tally);
    }
    let mut workbook = open_workbook_auto(path).map_err(|e| fail(&e))?;
    for name in workbook.sheet_names() {
        let range = workbook.worksheet_range(&name).map_err(|e| fail(&e))?;
        for (_, _, cell) in range.cells() {
            tally.cells += 1;
            let value = match cell {
                Data::Empty => 0,
                Data::Int(i) => *i as u64,
                Data::Float(f) => f.to_bits(),
                Data::String(s) => s.len() as u64,
                Data::Bool(b) => u64::from(*b),
                Data::DateTime(d) => d.as_f64().to_bits(),
                Data::DateTimeIso(s) | Data::DurationIso(s) => s.len() as u64,
                Data::Error(_) => 0xE,
            };
            tally.checksum = mix(tally.checksum, value);
        }
    }
    Ok(tally)
}
