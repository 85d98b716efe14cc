//! Entry points for the fuzz targets in `fuzz/` and for the test that runs
//! their seed corpora: each takes arbitrary bytes and must never panic,
//! hang or allocate without bound, whatever the bytes.

use crate::config::Config;
use crate::ingest::{CellValue, FileFormat, RawSheet, SourceFile};
use crate::normalise::number::{parse_number, style_evidence, NumberStyle};
use crate::normalise::{area_unit_in, detect_header, money_unit_in, normalise_sheet, Period};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

fn config() -> &'static Config {
    static CONFIG: OnceLock<Config> = OnceLock::new();
    CONFIG.get_or_init(|| Config::default_config().unwrap_or_else(|e| panic!("{e}")))
}

/// The number parser, in both decimal styles, and the unit words.
pub fn number(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for style in [
        None,
        Some(NumberStyle::Vietnamese),
        Some(NumberStyle::Machine),
    ] {
        let _ = parse_number(&text, style);
    }
    let _ = style_evidence(&text);
    let _ = money_unit_in(&text);
    let _ = area_unit_in(&text);
}

/// Lines of tab-separated texts as a sheet.
fn sheet_of(data: &[u8]) -> RawSheet {
    let text = String::from_utf8_lossy(data);
    let cells = text
        .lines()
        .take(2_000)
        .enumerate()
        .flat_map(|(r, line)| {
            line.split('\t')
                .take(100)
                .enumerate()
                .map(move |(c, cell)| (r as u32, c as u32, CellValue::Text(cell.into())))
                .collect::<Vec<_>>()
        })
        .collect();
    RawSheet::from_cells("Trang".to_owned(), false, cells)
}

/// The header detector, then the whole sheet's normalising.
pub fn header(data: &[u8]) {
    let sheet = sheet_of(data);
    let _ = detect_header(&sheet, &config().taxonomy);
    let place = crate::normalise::rows::SheetPlace {
        file_index: 0,
        file: "fuzz",
        sheet_index: 0,
    };
    let _ = normalise_sheet(place, &sheet, &config().taxonomy, Period::default());
}

/// The TCVN3 / VNI detector and decoder.
pub fn legacy(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let _ = crate::ingest::decode_legacy(&text);
    let _ = crate::ingest::font_hint(&text);
}

/// The CSV reader, from bytes.
pub fn csv(data: &[u8]) {
    let _ = crate::ingest::csv_file::read_csv_bytes("fuzz".to_owned(), data);
}

/// The whole path from a file's bytes to counted records, as `format`.
pub fn file(data: &[u8], format: FileFormat) {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let path = std::env::temp_dir().join(format!(
        "dvk-fuzz-{}-{}{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        format.extension()
    ));
    if std::fs::write(&path, data).is_err() {
        return;
    }
    let file = SourceFile {
        index: 0,
        display: "fuzz".to_owned(),
        path: path.clone(),
        format,
    };
    // Not through `summarise_file`: its panic guard would hide what the fuzzer looks for.
    let _ = crate::pipeline::summarise_file_inner(
        &file,
        &config().taxonomy,
        Period::default(),
        Default::default(),
    );
    let _ = std::fs::remove_file(&path);
}
