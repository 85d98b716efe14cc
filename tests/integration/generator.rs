//! The committed sample data and fixtures are exactly what the generator
//! writes today: nothing was edited by hand, and the generator is deterministic.

use crate::harness::root;
use std::path::{Path, PathBuf};
use std::process::Command;

fn generator() -> Command {
    let dvk = PathBuf::from(env!("CARGO_BIN_EXE_dvk"));
    let built = dvk.parent().map(|dir| {
        dir.join("examples")
            .join(format!("make_data{}", std::env::consts::EXE_SUFFIX))
    });
    match built {
        Some(path) if path.is_file() => Command::new(path),
        _ => {
            let mut cargo =
                Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
            cargo
                .current_dir(root())
                .args(["run", "--quiet", "--example", "make_data", "--"]);
            cargo
        }
    }
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("list") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

#[test]
fn generator_reproduces_the_committed_files() {
    let fresh = tempfile::tempdir().expect("temp");
    let status = generator()
        .args(["--root", &fresh.path().display().to_string()])
        .status()
        .expect("run make_data");
    assert!(status.success(), "make_data failed");
    let mut written = Vec::new();
    files_under(fresh.path(), &mut written);
    assert!(
        written.len() >= 15,
        "the generator wrote {} files",
        written.len()
    );
    for path in written {
        let relative = path.strip_prefix(fresh.path()).expect("inside");
        let committed = root().join(relative);
        let same =
            std::fs::read(&committed).map(|bytes| bytes == std::fs::read(&path).expect("read"));
        assert!(
            matches!(same, Ok(true)),
            "{} differs from what make_data writes; regenerate with `cargo run --example make_data -- --root .`",
            relative.display()
        );
    }
}
