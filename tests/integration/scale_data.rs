//! The benchmark's data generator: deterministic, and dvk reads exactly what
//! it says it wrote (its own tally, never dvk's code).

#[allow(dead_code)]
#[path = "../../benches/scale/generate.rs"]
mod generate;

use crate::harness::Run;
use generate::{generate, Spec, Tally};
use std::collections::BTreeMap;
use std::path::Path;

pub const SMALL: Spec = Spec {
    communes: 7,
    models: 30,
    csv_every: 3,
    seed: 11,
};

/// Writes a data set into a fresh temporary folder.
pub fn small_data_set(spec: &Spec) -> (tempfile::TempDir, Tally) {
    let dir = tempfile::tempdir().expect("temp dir");
    let tally = generate(dir.path(), spec).expect("generate");
    (dir, tally)
}

fn files_of(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).expect("list") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let name = path
                    .strip_prefix(dir)
                    .expect("inside")
                    .display()
                    .to_string();
                files.insert(name, std::fs::read(&path).expect("read"));
            }
        }
    }
    files
}

#[test]
fn the_same_arguments_give_the_same_bytes() {
    let (a, tally_a) = small_data_set(&SMALL);
    let (b, tally_b) = small_data_set(&SMALL);
    assert_eq!(tally_a, tally_b);
    let (files_a, files_b) = (files_of(a.path()), files_of(b.path()));
    // 7 communes, every third as three CSV files: 5 workbooks + 2 × 3 CSV.
    assert_eq!(files_a.len(), 11);
    assert_eq!(tally_a.files, 11);
    assert_eq!(files_a, files_b);

    let other_seed = Spec { seed: 12, ..SMALL };
    let (c, _) = small_data_set(&other_seed);
    assert_ne!(files_of(c.path()), files_a, "the seed changes the data");
}

#[test]
fn dvk_reads_what_the_generator_wrote() {
    let (data, tally) = small_data_set(&SMALL);
    let outcome = Run::new().in_dir(data.path()).build(["."]).run().code(0);
    let json = outcome.json();
    assert_eq!(json["rows"]["read"], tally.rows);
    assert_eq!(json["rows"]["accepted"], tally.rows);
    assert_eq!(json["models"]["total"], tally.models);
    assert_eq!(json["models"]["effective"], tally.effective);
    assert_eq!(json["models"]["stopped"], tally.stopped);
    let works: u64 = json["projects"]["by_type"]
        .as_array()
        .expect("by_type")
        .iter()
        .map(|t| t["count"].as_u64().expect("count"))
        .sum();
    assert_eq!(works, tally.works);
    assert_eq!(json["funding"]["total"], tally.funding_total);
    assert_eq!(json["funding"]["state_budget"], tally.funding_state);
    assert_eq!(json["funding"]["mobilized"], tally.funding_mobilized);
    assert_eq!(json["funding"]["workdays"], tally.workdays);
}
