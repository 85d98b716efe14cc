//! The fuzz targets' seed corpora (`fuzz/seeds/`) through the same entry
//! points the fuzzers call: the targets compile and pass on every seed in
//! the normal test run, without a fuzzer.

use crate::harness::root;
use dvk::ingest::FileFormat;

fn seeds(target: &str) -> Vec<Vec<u8>> {
    let dir = root().join("fuzz").join("seeds").join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no seeds for {target}");
    files
        .iter()
        .map(|f| std::fs::read(f).expect("seed"))
        .collect()
}

/// A fuzz target over bytes.
type Target = fn(&[u8]);

#[test]
fn every_seed_goes_through_its_target() {
    let byte_targets: [(&str, Target); 4] = [
        ("number", dvk::fuzzing::number),
        ("header", dvk::fuzzing::header),
        ("legacy", dvk::fuzzing::legacy),
        ("csv", dvk::fuzzing::csv),
    ];
    for (target, run) in byte_targets {
        for seed in seeds(target) {
            run(&seed);
        }
    }
    for (target, format) in [
        ("xlsx", FileFormat::Xlsx),
        ("xls", FileFormat::Xls),
        ("ods", FileFormat::Ods),
    ] {
        for seed in seeds(target) {
            dvk::fuzzing::file(&seed, format);
            // Half a file, as from a broken copy, must not panic either.
            dvk::fuzzing::file(&seed[..seed.len() / 2], format);
        }
    }
}
