//! Inputs are never changed; outputs are replaced whole or not at all.

use crate::harness::{root, Run};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

const OUTPUTS: [&str; 4] = [
    "tong-hop.json",
    "tong-hop.xlsx",
    "bao-cao.md",
    "bao-cao.docx",
];

fn outputs_of(dir: &Path) -> BTreeMap<&'static str, Vec<u8>> {
    OUTPUTS
        .iter()
        .map(|name| (*name, std::fs::read(dir.join(name)).expect("an output")))
        .collect()
}

fn temporaries_in(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect()
}

/// Waits until a running dvk has written all its temporary files in `out`.
fn wait_for_temporaries(out: &Path) {
    let started = Instant::now();
    while temporaries_in(out).len() < OUTPUTS.len() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "dvk never wrote its temporary files"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A `dvk build INPUT -o OUT -q` that waits `pause_ms` between writing its
/// temporary files and renaming them; its messages are kept.
fn paused_build(input: &str, out_arg: &str, pause_ms: &str) -> std::process::Child {
    std::process::Command::new(assert_cmd::cargo::cargo_bin("dvk"))
        .current_dir(root())
        .args(["build", input, "-o", out_arg, "-q"])
        .env("DVK_TEST_PAUSE_BEFORE_RENAME_MS", pause_ms)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn dvk")
}

#[test]
fn a_run_killed_while_writing_leaves_the_previous_outputs_whole() {
    let out = tempfile::tempdir().expect("temp");
    let out_arg = out.path().display().to_string();
    Run::new()
        .args(["build", "tests/fixtures/chuan", "-o", &out_arg])
        .run()
        .code(0);
    let before = outputs_of(out.path());

    // A second run, on other data, stopped after its temporary files are
    // written and before any is renamed into place.
    let mut child = paused_build("sample-data", &out_arg, "30000");
    wait_for_temporaries(out.path());
    child.kill().expect("kill");
    let _ = child.wait();
    assert_eq!(outputs_of(out.path()), before, "an output changed");

    // The next run replaces everything and clears what the killed one left.
    Run::new()
        .args(["build", "sample-data", "-o", &out_arg, "-q"])
        .run()
        .code(0);
    assert!(temporaries_in(out.path()).is_empty());
    assert_ne!(outputs_of(out.path()), before);
}

/// Every file under `dir`, with its bytes and modification time.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (Vec<u8>, SystemTime)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("list") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let modified = std::fs::metadata(&path)
                    .and_then(|m| m.modified())
                    .expect("mtime");
                out.insert(
                    path.clone(),
                    (std::fs::read(&path).expect("read"), modified),
                );
            }
        }
    }
    out
}

#[test]
fn inputs_are_read_only_and_never_changed() {
    // Every fixture (legacy fonts, renamed files, broken totals…) and the sample.
    let inputs = tempfile::tempdir().expect("temp");
    for folder in ["sample-data", "tests/fixtures"] {
        let from = root().join(folder);
        for (path, (bytes, _)) in snapshot(&from) {
            let to = inputs
                .path()
                .join(folder)
                .join(path.strip_prefix(&from).expect("below"));
            std::fs::create_dir_all(to.parent().expect("parent")).expect("dir");
            std::fs::write(&to, bytes).expect("copy");
            let mut permissions = std::fs::metadata(&to).expect("meta").permissions();
            permissions.set_readonly(true);
            std::fs::set_permissions(&to, permissions).expect("read-only");
        }
    }
    let before = snapshot(inputs.path());
    let outcome = Run::new()
        .in_dir(inputs.path())
        .build(["sample-data", "tests/fixtures"])
        .run();
    assert!(outcome.code == 0 || outcome.code == 1, "{}", outcome.stderr);
    assert!(outcome.json()["rows"]["accepted"].as_u64().unwrap_or(0) > 400);
    assert_eq!(snapshot(inputs.path()), before, "an input changed");
}

#[test]
fn an_output_folder_that_cannot_be_made_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("temp");
    // A file where the output folder should be.
    let blocker = dir.path().join("ket-qua");
    std::fs::write(&blocker, "một tệp, không phải thư mục").expect("write");
    let outcome = Run::new()
        .args(["build", "sample-data", "-o", &blocker.display().to_string()])
        .run()
        .code(2);
    assert!(
        outcome.stderr.contains("là một tệp, không phải thư mục")
            && outcome.stderr.contains("ket-qua"),
        "{}",
        outcome.stderr
    );
    let inside = dir.path().join("ket-qua").join("con");
    let outcome = Run::new()
        .args(["build", "sample-data", "-o", &inside.display().to_string()])
        .run()
        .code(2);
    assert!(
        outcome.stderr.contains("không tạo được thư mục")
            && outcome
                .stderr
                .contains("ket-qua\" là một tệp, không phải thư mục"),
        "{}",
        outcome.stderr
    );
    assert_eq!(
        std::fs::read_to_string(&blocker).expect("still there"),
        "một tệp, không phải thư mục"
    );
}

/// The portable stand-in for tong-hop.xlsx open in Excel on Windows: a
/// folder where it should be, which no rename can replace either.
fn block_workbook(out: &Path) {
    std::fs::remove_file(out.join("tong-hop.xlsx")).expect("remove");
    std::fs::create_dir_all(out.join("tong-hop.xlsx").join("x")).expect("mkdir");
}

fn assert_refused_and_untouched(
    out: &Path,
    before: &BTreeMap<&'static str, Vec<u8>>,
    stderr: &str,
) {
    for name in OUTPUTS.iter().filter(|n| **n != "tong-hop.xlsx") {
        assert_eq!(
            std::fs::read(out.join(name)).expect("an old output"),
            before[name],
            "{name} was replaced though tong-hop.xlsx could not be"
        );
    }
    assert!(
        stderr.contains("không ghi được")
            && stderr.contains("tong-hop.xlsx")
            && stderr.contains("thư mục trùng tên"),
        "{stderr}"
    );
    assert!(out.join("tong-hop.xlsx").join("x").is_dir());
    assert!(temporaries_in(out).is_empty(), "temporary files left");
}

/// A folder with an earlier run's outputs, its path as typed, and those outputs.
fn earlier_outputs() -> (tempfile::TempDir, String, BTreeMap<&'static str, Vec<u8>>) {
    let out = tempfile::tempdir().expect("temp");
    let out_arg = out.path().display().to_string();
    Run::new()
        .args(["build", "sample-data", "-o", &out_arg, "-q"])
        .run()
        .code(0);
    let before = outputs_of(out.path());
    (out, out_arg, before)
}

#[test]
fn an_output_that_cannot_be_replaced_is_refused_before_reading() {
    let (out, out_arg, before) = earlier_outputs();
    block_workbook(out.path());
    // A period with no row in it is refused after reading: the blocked
    // output must be what stops this run, before the files are read.
    let outcome = Run::new()
        .args([
            "build",
            "tests/fixtures/chuan",
            "--from",
            "2030",
            "-o",
            &out_arg,
        ])
        .run()
        .code(2);
    assert_refused_and_untouched(out.path(), &before, &outcome.stderr);
    assert!(!outcome.stderr.contains("2030"), "{}", outcome.stderr);
}

#[test]
fn an_output_blocked_while_dvk_works_leaves_every_old_output_untouched() {
    let (out, out_arg, before) = earlier_outputs();
    // Blocked after the check before reading passed, while the new
    // outputs wait to be renamed into place.
    let child = paused_build("tests/fixtures/chuan", &out_arg, "4000");
    wait_for_temporaries(out.path());
    block_workbook(out.path());
    let output = child.wait_with_output().expect("wait");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_refused_and_untouched(out.path(), &before, &stderr);
}

#[test]
fn a_run_that_fails_leaves_no_output_folder_behind() {
    let dir = tempfile::tempdir().expect("temp");
    let out = dir.path().join("moi").join("ket-qua");
    let out_arg = out.display().to_string();
    // Read, then refused: no row in the period asked for.
    Run::new()
        .args(["build", "sample-data", "--from", "2030", "-o", &out_arg])
        .run()
        .code(2);
    assert!(!dir.path().join("moi").exists(), "an empty folder was left");
    // A notes file that is not there stops the run before reading (else
    // the empty period would be the complaint), and makes no folder.
    let outcome = Run::new()
        .args(["build", "sample-data", "--from", "2030", "-o", &out_arg])
        .args(["--ghi-chu", "khong-co-tep-nay.md"])
        .run()
        .code(2);
    assert!(
        outcome.stderr.contains("tệp ghi chú") && !outcome.stderr.contains("2030"),
        "{}",
        outcome.stderr
    );
    assert!(!dir.path().join("moi").exists());
    // A folder that was there already stays.
    std::fs::create_dir_all(&out).expect("mkdir");
    Run::new()
        .args(["build", "sample-data", "--from", "2030", "-o", &out_arg])
        .run()
        .code(2);
    assert!(out.is_dir());
}

/// Takes the output folder's lock as a dvk run writing there would.
fn hold_lock(out: &Path) -> std::fs::File {
    let lock = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(out.join(".dvk.lock"))
        .expect("lock file");
    lock.try_lock().expect("lock");
    lock
}

#[test]
fn a_second_run_into_a_folder_another_run_writes_to_is_refused_and_touches_nothing() {
    let (out, out_arg, before) = earlier_outputs();
    // The other run, mid-way: its lock held, one temporary written.
    let lock = hold_lock(out.path());
    let theirs = out.path().join(".tong-hop.json.999999.tmp");
    std::fs::write(&theirs, "đang ghi").expect("write");
    let outcome = Run::new()
        .args(["build", "tests/fixtures/chuan", "-o", &out_arg])
        .run()
        .code(2);
    assert!(
        outcome.stderr.contains(&format!(
            "thư mục kết quả {out_arg} đang được một lần chạy dvk khác ghi vào"
        )) && outcome
            .stderr
            .contains("hãy chờ lần chạy kia xong rồi chạy lại")
            && outcome.stderr.contains("-o"),
        "{}",
        outcome.stderr
    );
    assert!(!outcome.stderr.contains("không còn"), "{}", outcome.stderr);
    assert_eq!(outputs_of(out.path()), before, "an output changed");
    assert_eq!(
        std::fs::read_to_string(&theirs).expect("the other run's temporary"),
        "đang ghi"
    );

    // Once the other run is over (killed: its lock is gone with it), a run
    // goes through and clears what it left.
    drop(lock);
    Run::new()
        .args(["build", "tests/fixtures/chuan", "-o", &out_arg, "-q"])
        .run()
        .code(0);
    assert_ne!(outputs_of(out.path()), before);
    assert!(temporaries_in(out.path()).is_empty());
}

#[test]
fn two_runs_at_once_into_one_folder_leave_one_run_s_outputs() {
    let (out, out_arg, _) = earlier_outputs();
    // The first is held between writing and renaming, so the second
    // surely comes while it writes.
    let first = paused_build("tests/fixtures/chuan", &out_arg, "3000");
    wait_for_temporaries(out.path());
    let second = Run::new()
        .args(["build", "sample-data", "-o", &out_arg, "-q"])
        .run()
        .code(2);
    assert!(
        second
            .stderr
            .contains("đang được một lần chạy dvk khác ghi vào"),
        "{}",
        second.stderr
    );
    let first = first.wait_with_output().expect("wait");
    assert_eq!(
        first.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    // Every output is the first run's.
    let alone = Run::new().build(["tests/fixtures/chuan"]).run().code(0);
    assert_eq!(outputs_of(out.path()), outputs_of(&alone.out));
}
