//! The command line as a user meets it: help, exit codes, `check`, config.

use crate::harness::Run;

#[test]
fn help_is_vietnamese_with_an_example_per_command() {
    let top = Run::new().args(["--help"]).run().code(0);
    assert!(top.stdout.contains("Cách dùng"), "{}", top.stdout);
    for alias in ["tong-hop", "kiem-tra", "mau"] {
        assert!(top.stdout.contains(alias), "alias {alias} in help");
    }
    for command in ["build", "check", "template", "tong-hop", "kiem-tra", "mau"] {
        let help = Run::new().args([command, "--help"]).run().code(0);
        assert!(help.stdout.contains("Ví dụ"), "{command}: {}", help.stdout);
        assert!(
            help.stdout.contains("Cách dùng"),
            "{command}: {}",
            help.stdout
        );
        assert!(
            !help.stdout.contains("Usage:"),
            "{command}: English heading"
        );
    }
}

#[test]
fn exit_code_2_when_it_cannot_run() {
    let cases: &[&[&str]] = &[
        &["build", "khong-co-thu-muc-nay", "-o", "x"],
        &["build", "sample-data"],
        &[
            "build",
            "sample-data",
            "-o",
            "x",
            "--from",
            "2022",
            "--to",
            "2017",
        ],
        &["build", "sample-data", "-o", "x", "--group-by", "tinhh"],
        &["lam-gi-do"],
        &["check", "README.md"],
        // The output folder is a file; the template is not .xlsx.
        &["build", "sample-data", "-o", "README.md"],
        &["mau", "-o", "bieu-mau.csv"],
    ];
    for args in cases {
        let outcome = Run::new().args(*args).run().code(2);
        assert!(
            outcome.stderr.contains("Lỗi"),
            "{args:?}: {}",
            outcome.stderr
        );
    }
}

#[test]
fn exit_code_2_for_a_folder_without_spreadsheets() {
    let empty = tempfile::tempdir().expect("temp");
    std::fs::write(empty.path().join("ghi-chu.txt"), "không phải bảng tính").expect("write");
    let outcome = Run::new()
        .build([empty.path().display().to_string()])
        .run()
        .code(2);
    assert!(
        outcome.stderr.contains("không tìm thấy bảng tính"),
        "{}",
        outcome.stderr
    );
}

#[test]
fn the_template_never_overwrites_a_filled_form() {
    let dir = tempfile::tempdir().expect("temp");
    let form = dir.path().join("bieu-mau.xlsx");
    std::fs::write(&form, b"a form someone filled in").expect("write");
    let outcome = Run::new()
        .args(["mau", "-o", &form.display().to_string()])
        .run()
        .code(2);
    assert!(outcome.stderr.contains("--ghi-de"), "{}", outcome.stderr);
    assert_eq!(
        std::fs::read(&form).expect("read"),
        b"a form someone filled in"
    );
    Run::new()
        .args(["mau", "-o", &form.display().to_string(), "--ghi-de"])
        .run()
        .code(0);
    assert_ne!(
        std::fs::read(&form).expect("read"),
        b"a form someone filled in"
    );
}

#[test]
fn usage_errors_are_in_vietnamese() {
    let outcome = Run::new()
        .args(["tong-hop", "sample-data", "--from", "abc", "-o", "x"])
        .run()
        .code(2);
    assert!(
        outcome.stderr.contains("\"abc\" không phải là năm"),
        "{}",
        outcome.stderr
    );
    assert!(!outcome.stderr.contains("error:"), "{}", outcome.stderr);
    let cases: [(&[&str], &str); 6] = [
        (&["kiem-tra"], "ví dụ: dvk kiem-tra bao-cao-cac-xa."),
        (
            &["kiem-tra", "sample-data", "--json", "-q"],
            "--json không dùng cùng với --quiet",
        ),
        (
            &["tong-hop", "sample-data"],
            "thiếu thư mục ghi kết quả (-o THƯ_MỤC); ví dụ: dvk tong-hop bao-cao-cac-xa -o ket-qua.",
        ),
        (
            &["tong-hop"],
            "thiếu thư mục ghi kết quả (-o THƯ_MỤC) và tệp hoặc thư mục đầu vào; ví dụ:",
        ),
        (&["tong-hop", "sample-data", "-o"], "thiếu giá trị sau --out"),
        (&["kiem-tra", "sample-data", "--from"], "thiếu giá trị sau --from"),
    ];
    for (args, said) in cases {
        let outcome = Run::new().args(args).run().code(2);
        assert!(
            outcome.stderr.contains(said),
            "{args:?}: {}",
            outcome.stderr
        );
    }
}

#[test]
fn the_template_alone_writes_bieu_mau_xlsx() {
    let dir = tempfile::tempdir().expect("temp");
    Run::new().in_dir(dir.path()).args(["mau"]).run().code(0);
    assert!(dir.path().join("bieu-mau.xlsx").is_file());
    // Only the config asked for: no form.
    let only_config = tempfile::tempdir().expect("temp");
    Run::new()
        .in_dir(only_config.path())
        .args(["mau", "--write-config", "dvk.toml"])
        .run()
        .code(0);
    assert!(!only_config.path().join("bieu-mau.xlsx").exists());
    assert!(only_config.path().join("dvk.toml").is_file());
}

#[test]
fn vietnamese_aliases_work() {
    let outcome = Run::new()
        .args(["tong-hop", "sample-data", "-o"])
        .args([Run::new().out.path().display().to_string()])
        .run()
        .code(0);
    assert!(
        outcome.stderr.contains("Đã đọc 9 tệp"),
        "{}",
        outcome.stderr
    );
    Run::new().args(["kiem-tra", "sample-data"]).run().code(0);
}

#[test]
fn check_groups_problems_by_file_and_locates_them() {
    let outcome = Run::new()
        .in_fixtures()
        .args(["kiem-tra", "loi", "--from", "2018", "--to", "2021"])
        .run()
        .code(1);
    let out = &outcome.stdout;
    assert!(
        out.contains(
            "== loi/loi.xlsx — đọc 25 dòng: nhận 15, bỏ qua 6 (6 dòng có năm ngoài kỳ báo cáo), loại 4"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "[LỖI] trang \"Mô hình\", dòng 3, cột I (Năm bắt đầu): \"2O19\" không phải là năm"
        ),
        "{out}"
    );
    assert!(out.contains("[LỖI] trang \"Công trình\", dòng 3"), "{out}");
    // Most serious first.
    let first_warning = out.find("[cảnh báo]").expect("a warning");
    let last_error = out.rfind("[LỖI]").expect("an error");
    assert!(last_error < first_warning, "errors before warnings:\n{out}");
    assert!(
        out.contains("Tổng: 1 tệp, đọc 25 dòng = nhận 15 + bỏ qua 6 + loại 4"),
        "{out}"
    );
    assert!(
        !outcome.out.join("tong-hop.json").exists(),
        "check writes nothing"
    );
}

#[test]
fn check_json_for_batch_jobs() {
    let outcome = Run::new()
        .in_fixtures()
        .args(["check", "loi", "--json"])
        .run()
        .code(1);
    let json: serde_json::Value = serde_json::from_str(&outcome.stdout).expect("JSON on stdout");
    assert_eq!(json["schema"], "dvk.check/1");
    let problems = json["problems"].as_array().expect("list");
    // The same year the text output locates at "dòng 3, cột I (Năm bắt đầu)".
    let year = problems
        .iter()
        .find(|p| {
            p["message"]
                .as_str()
                .is_some_and(|m| m.contains("\"2O19\""))
        })
        .expect("the 2O19 year");
    assert_eq!(
        (
            &year["file"],
            &year["sheet"],
            &year["row"],
            &year["column_label"]
        ),
        (
            &serde_json::json!("loi/loi.xlsx"),
            &serde_json::json!("Mô hình"),
            &serde_json::json!(3),
            &serde_json::json!("I (Năm bắt đầu)")
        )
    );
    assert_eq!(
        (&year["severity"], &year["severity_vi"]),
        (&serde_json::json!("error"), &serde_json::json!("lỗi"))
    );
    assert_eq!(json["rows"]["rejected"], 4);
}

#[test]
fn a_config_file_extends_the_taxonomy() {
    let dir = tempfile::tempdir().expect("temp");
    let config = dir.path().join("dvk.toml");
    std::fs::write(
        &config,
        "[[field]]\nname = \"Phát triển kinh tế\"\naliases = [\"Chuyển đổi số\"]\n",
    )
    .expect("write");
    let outcome = Run::new()
        .build(["sample-data"])
        .args(["--config", &config.display().to_string()])
        .run()
        .code(0);
    let json = outcome.json();
    assert_eq!(
        json["problems"].as_array().expect("list").len(),
        0,
        "the unknown field is now known"
    );
    let economy = &json["models"]["by_field"][0];
    assert_eq!(economy["field"], "Phát triển kinh tế");
    assert_eq!(economy["total"], 89, "87 + the two 'Chuyển đổi số' models");
}

#[test]
fn an_unknown_config_key_names_the_file_and_line() {
    let dir = tempfile::tempdir().expect("temp");
    let config = dir.path().join("dvk.toml");
    std::fs::write(
        &config,
        "[report]\npad_small_counts = false\nmau_sac = \"đỏ\"\n",
    )
    .expect("write");
    let outcome = Run::new()
        .build(["sample-data"])
        .args(["--config", &config.display().to_string()])
        .run()
        .code(2);
    assert!(outcome.stderr.contains("dòng 3"), "{}", outcome.stderr);
    assert!(outcome.stderr.contains("mau_sac"), "{}", outcome.stderr);
}

#[test]
fn files_dropped_onto_dvk_build_beside_them() {
    let dir = tempfile::tempdir().expect("temp");
    let folder = dir.path().join("Báo cáo các xã");
    std::fs::create_dir(&folder).expect("mkdir");
    for name in ["xa-long-son.xlsx", "xa-thanh-an.xlsx"] {
        std::fs::copy(
            crate::harness::root().join("sample-data").join(name),
            folder.join(name),
        )
        .expect("copy");
    }
    std::fs::write(
        folder.join("dvk.toml"),
        "[document]\nissuing_body = \"Ban Dân vận Huyện ủy\"\n",
    )
    .expect("write");

    // The files themselves: results in a ket-qua folder beside them, with the dvk.toml found there.
    let files = [
        folder.join("xa-long-son.xlsx"),
        folder.join("xa-thanh-an.xlsx"),
    ];
    let outcome = Run::new()
        .args(files.iter().map(|f| f.display().to_string()))
        .run()
        .code(0);
    assert!(
        outcome.stderr.contains("bao-cao.docx"),
        "{}",
        outcome.stderr
    );
    let md = std::fs::read_to_string(folder.join("ket-qua").join("bao-cao.md"))
        .expect("report beside the files");
    assert!(
        md.contains("BAN DÂN VẬN HUYỆN ỦY"),
        "the dvk.toml beside the files was used"
    );

    // The same files named from the folder above, as typed: the same place.
    std::fs::remove_dir_all(folder.join("ket-qua")).expect("clean");
    Run::new()
        .in_dir(dir.path())
        .args([
            "Báo cáo các xã/xa-long-son.xlsx",
            "Báo cáo các xã/xa-thanh-an.xlsx",
        ])
        .run()
        .code(0);
    assert!(folder.join("ket-qua").join("bao-cao.md").is_file());

    // A folder: results beside the folder.
    let outcome = Run::new()
        .args([folder.display().to_string()])
        .run()
        .code(0);
    assert!(
        outcome.stderr.contains("Đã đọc 2 tệp"),
        "{}",
        outcome.stderr
    );
    assert!(dir.path().join("ket-qua").join("bao-cao.docx").is_file());
    let md =
        std::fs::read_to_string(dir.path().join("ket-qua").join("bao-cao.md")).expect("report");
    assert!(
        md.contains("BAN DÂN VẬN HUYỆN ỦY"),
        "the dvk.toml inside the dropped folder was used"
    );

    // The settings and the notes dropped with the spreadsheets.
    let elsewhere = dir.path().join("cai-dat");
    std::fs::create_dir(&elsewhere).expect("mkdir");
    let config = elsewhere.join("huyen.toml");
    std::fs::write(
        &config,
        "[document]\nissuing_body = \"Ủy ban nhân dân huyện\"\n",
    )
    .expect("write");
    let notes = elsewhere.join("nhan-dinh.md");
    std::fs::write(&notes, "## Hạn chế\nKinh phí còn ít.\n").expect("write");
    let outcome = Run::new()
        .args([
            files[0].display().to_string(),
            config.display().to_string(),
            notes.display().to_string(),
        ])
        .run()
        .code(0);
    assert!(
        outcome.stderr.contains("Đã đọc 1 tệp"),
        "{}",
        outcome.stderr
    );
    let md = std::fs::read_to_string(folder.join("ket-qua").join("bao-cao.md")).expect("report");
    assert!(
        md.contains("ỦY BAN NHÂN DÂN HUYỆN") && md.contains("Kinh phí còn ít."),
        "{md}"
    );
}

#[test]
fn jobs_bound_the_threads_without_changing_the_figures() {
    let one = Run::new()
        .build(["sample-data"])
        .args(["--jobs", "1"])
        .run()
        .code(0);
    let two = Run::new()
        .build(["sample-data"])
        .args(["--luong", "2"])
        .run()
        .code(0);
    assert!(
        one.bytes("tong-hop.json") == two.bytes("tong-hop.json"),
        "tong-hop.json differs between --jobs 1 and --jobs 2"
    );
    // A bound far above the files is that many files' threads: it once
    // started a hundred thousand threads (minutes, or a stack overflow).
    let many = Run::new()
        .build(["sample-data"])
        .args(["--jobs", "100000"])
        .run()
        .code(0);
    assert!(one.bytes("tong-hop.json") == many.bytes("tong-hop.json"));
    Run::new()
        .args(["kiem-tra", "sample-data", "--jobs", "2"])
        .run()
        .code(0);
}

#[test]
fn jobs_must_be_a_whole_number_from_one() {
    for jobs in ["0", "hai", "-1", "1.5"] {
        let outcome = Run::new()
            .build(["sample-data"])
            .args(["--jobs", jobs])
            .run()
            .code(2);
        assert!(
            outcome.stderr.starts_with("Lỗi: ") && outcome.stderr.contains(jobs),
            "--jobs {jobs}: {}",
            outcome.stderr
        );
        assert!(
            !outcome.out.join("tong-hop.json").exists(),
            "--jobs {jobs} wrote results"
        );
    }
    Run::new()
        .args(["check", "sample-data", "--jobs", "0"])
        .run()
        .code(2);
}

#[test]
fn no_progress_bar_on_a_pipe() {
    let build = Run::new().build(["sample-data"]).run().code(0);
    let check = Run::new().args(["kiem-tra", "sample-data"]).run().code(0);
    for (what, stderr) in [("build", &build.stderr), ("check", &check.stderr)] {
        for mark in ['█', '░', '\r', '\u{1b}'] {
            assert!(!stderr.contains(mark), "{what}: {mark:?} in {stderr:?}");
        }
        assert!(!stderr.contains("đang đọc"), "{what}: {stderr}");
    }
    assert!(build.stderr.starts_with("Đã đọc 9 tệp"), "{}", build.stderr);
    assert!(check.stderr.is_empty(), "{}", check.stderr);
}

#[test]
fn quiet_tells_nothing_but_errors_and_how_to_see_them() {
    let clean = Run::new().build(["sample-data"]).args(["-q"]).run().code(0);
    assert_eq!(clean.stderr, "", "nothing without errors");
    assert_eq!(clean.stdout, "");

    let with_errors = Run::new()
        .in_fixtures()
        .build(["loi"])
        .args(["-q", "--from", "2015"])
        .run()
        .code(1);
    assert!(
        with_errors.stderr.contains("Số liệu CHƯA ĐẦY ĐỦ"),
        "{}",
        with_errors.stderr
    );
    // The hint repeats the run's own inputs and period.
    assert!(
        with_errors.stderr.contains("dvk kiem-tra loi --from 2015"),
        "{}",
        with_errors.stderr
    );
    assert!(!with_errors.stderr.contains("Kết quả:"));
}

#[test]
fn the_output_folder_cannot_be_the_input_folder() {
    // Regression: the output folder is never read, so "-o ." beside the
    // spreadsheets said it found none in a folder of nine.
    let dir = crate::harness::sample_data_copy();
    let outcome = Run::new()
        .in_dir(dir.path())
        .args(["tong-hop", ".", "-o", "."])
        .run()
        .code(2);
    assert!(
        outcome.stderr.contains("trùng với thư mục đầu vào")
            && outcome.stderr.contains("-o ket-qua"),
        "{}",
        outcome.stderr
    );
    assert!(!dir.path().join("tong-hop.json").exists());
}

/// From a batch engineer's walkthrough: `-o` to a subfolder of the input
/// that holds spreadsheets left that subfolder out without a word (five
/// communes lost, exit 0). Refused as the input folder itself is; a results
/// folder inside the inputs holding only dvk's outputs is fine, run after
/// run.
#[test]
fn an_output_folder_inside_the_inputs_may_hold_only_dvks_outputs() {
    let dir = crate::harness::sample_data_copy();
    let district = dir.path().join("Huyện Tân Biên");
    std::fs::create_dir(&district).expect("folder");
    std::fs::copy(
        dir.path().join("xa-long-mon-mo-hinh.csv"),
        district.join("xa-long-mon-mo-hinh.csv"),
    )
    .expect("copy");
    let outcome = Run::new()
        .in_dir(dir.path())
        .args(["tong-hop", ".", "-o", "Huyện Tân Biên"])
        .run()
        .code(2);
    assert!(
        outcome.stderr.contains("nằm trong thư mục đầu vào")
            && outcome.stderr.contains("xa-long-mon-mo-hinh.csv")
            && !outcome.stderr.contains("không tìm được tệp đầu vào"),
        "{}",
        outcome.stderr
    );
    assert!(!district.join("tong-hop.json").exists());
    std::fs::remove_dir_all(&district).expect("remove");
    for run in 0..3 {
        Run::new()
            .in_dir(dir.path())
            .args(["tong-hop", ".", "-o", "ket-qua"])
            .run()
            .code(0);
        // A copy of dvk's workbook kept beside it is dvk's output too.
        if run == 0 {
            let results = dir.path().join("ket-qua");
            std::fs::copy(
                results.join("tong-hop.xlsx"),
                results.join("tong-hop (1).xlsx"),
            )
            .expect("copy");
        }
    }
}

/// A folder link back up the tree (a loop) is walked once: it once went
/// forty levels deep and told a broken file forty-one times.
#[cfg(unix)]
#[test]
fn a_folder_link_that_loops_is_walked_once() {
    let dir = tempfile::tempdir().expect("temp");
    let sub = dir.path().join("nhan/xa");
    std::fs::create_dir_all(&sub).expect("folder");
    std::fs::copy(
        crate::harness::root().join("sample-data/xa-long-mon-mo-hinh.csv"),
        sub.join("mo-hinh.csv"),
    )
    .expect("copy");
    // A link to a file that is gone: no canonical path to tell it by.
    std::os::unix::fs::symlink("da-xoa.xlsx", sub.join("hong.xlsx")).expect("link");
    std::os::unix::fs::symlink("..", sub.join("vong")).expect("link");
    let json = Run::new()
        .build([dir.path().join("nhan").display().to_string()])
        .run()
        .code(1)
        .json();
    let broken = crate::harness::problems(&json, "error");
    assert_eq!(broken.len(), 1, "{broken:?}");
    assert_eq!(json["files"].as_array().expect("files").len(), 2);
}

#[test]
fn a_period_that_holds_no_row_is_refused() {
    // Regression: "--from 2030" alone wrote a report of "giai đoạn 2030 –
    // 2022" with 0 models and exit 0. The sample data is 2017–2022.
    let cases: [(&[&str], &str); 3] = [
        (
            &["--from", "2030"],
            "--from 2030 sau năm muộn nhất trong số liệu (2022)",
        ),
        (
            &["--to", "2010"],
            "--to 2010 trước năm sớm nhất trong số liệu (2017)",
        ),
        (
            &["--from", "2030", "--to", "2031"],
            "không có dòng số liệu nào thuộc kỳ 2030–2031",
        ),
    ];
    for (period, said) in cases {
        let build = Run::new().build(["sample-data"]).args(period).run().code(2);
        assert!(build.stderr.contains(said), "{period:?}: {}", build.stderr);
        assert!(!build.out.join("bao-cao.md").exists(), "{period:?}");
        let check = Run::new()
            .args(["check", "sample-data"])
            .args(period)
            .run()
            .code(2);
        assert!(check.stderr.contains(said), "{period:?}: {}", check.stderr);
    }
    // One year of the data is a period.
    Run::new()
        .build(["sample-data"])
        .args(["--from", "2022"])
        .run()
        .code(0);
}

#[test]
fn check_quiet_prints_the_errors_only() {
    let outcome = Run::new()
        .in_fixtures()
        .args(["kiem-tra", "loi", "chuan", "-q"])
        .run()
        .code(1);
    let lines: Vec<&str> = outcome.stdout.lines().collect();
    assert!(!lines.is_empty());
    for line in &lines {
        assert!(
            line.starts_with("== loi/") || line.starts_with("  [LỖI]"),
            "{line}"
        );
    }
    assert!(outcome.stderr.is_empty(), "{}", outcome.stderr);
    let clean = Run::new()
        .in_fixtures()
        .args(["kiem-tra", "chuan", "-q"])
        .run()
        .code(0);
    assert_eq!(clean.stdout, "");
}

#[test]
fn check_stops_quietly_when_its_reader_does() {
    // `dvk kiem-tra … | more`, closed before the first page: no "lỗi nội bộ".
    use std::process::{Command, Stdio};
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("dvk"))
        .current_dir(crate::harness::fixtures())
        .args(["check", "loi", "chuan", "lon-xon", "tong-sai"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    // Closed while dvk is still reading its files.
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("lỗi nội bộ"), "{stderr}");
    assert_eq!(output.status.code(), Some(1), "{stderr}");
}

#[test]
fn io_errors_are_vietnamese_without_the_system_words() {
    let dir = tempfile::tempdir().expect("temp");
    std::fs::write(dir.path().join("thu.pdf"), "không phải thư mục").expect("write");
    let cases: &[(&[&str], &str, &str)] = &[
        (
            &[
                "build",
                "sample-data",
                "-o",
                "y",
                "--ghi-chu",
                "khong-co.md",
            ],
            "khong-co.md",
            "không tồn tại",
        ),
        (
            &["build", "sample-data", "-o", "y", "--config", "khong.toml"],
            "khong.toml",
            "không tồn tại",
        ),
        (
            &["build", "sample-data", "-o", "y", "--so-sanh", "khong.json"],
            "khong.json",
            "không tồn tại",
        ),
        (
            &["build", "sample-data", "-o", "thu.pdf/kq"],
            "thu.pdf",
            "là một tệp, không phải thư mục",
        ),
        (
            &["mau", "-o", "thu.pdf/bieu-mau.xlsx"],
            "thu.pdf",
            "là một tệp, không phải thư mục",
        ),
    ];
    for (args, path, reason) in cases {
        let mut args = args.to_vec();
        let sample = crate::harness::root().join("sample-data");
        let sample = sample.display().to_string();
        for arg in &mut args {
            if *arg == "sample-data" {
                *arg = &sample;
            }
        }
        let outcome = Run::new().in_dir(dir.path()).args(&args).run().code(2);
        let stderr = &outcome.stderr;
        assert!(
            stderr.contains(path) && stderr.contains(reason) && stderr.contains("hãy "),
            "{args:?}: {stderr}"
        );
        assert_eq!(
            stderr.matches(reason).count(),
            1,
            "{args:?} repeats: {stderr}"
        );
        for english in ["os error", "No such file", "Not a directory", "File exists"] {
            assert!(!stderr.contains(english), "{args:?}: {stderr}");
        }
    }
    assert!(!dir.path().join("y").exists(), "nothing written");
}

#[test]
fn a_missing_templates_folder_is_an_error() {
    let dir = tempfile::tempdir().expect("temp");
    let missing = dir.path().join("khong");
    let outcome = Run::new()
        .build(["sample-data"])
        .args(["--templates", &missing.display().to_string()])
        .run()
        .code(2);
    assert!(
        outcome
            .stderr
            .contains("không tìm thấy thư mục mẫu báo cáo")
            && outcome.stderr.contains("khong"),
        "{}",
        outcome.stderr
    );
    assert!(
        !outcome.out.join("bao-cao.md").exists(),
        "no report written"
    );

    // A folder without bao-cao.md.tera, as Notepad saves it on Windows.
    let folder = dir.path().join("mau");
    std::fs::create_dir(&folder).expect("mkdir");
    std::fs::write(folder.join("bao-cao.md.tera.txt"), "{{ models.total }}").expect("write");
    let outcome = Run::new()
        .build(["sample-data"])
        .args(["--templates", &folder.display().to_string()])
        .run()
        .code(2);
    assert!(
        outcome.stderr.contains("không có tệp bao-cao.md.tera")
            && outcome.stderr.contains("bao-cao.md.tera.txt"),
        "{}",
        outcome.stderr
    );
    assert!(
        !outcome.out.join("bao-cao.md").exists(),
        "no report written"
    );
}

#[test]
fn the_readme_first_command_prints_what_the_readme_shows() {
    let readme = std::fs::read_to_string(crate::harness::root().join("README.md")).expect("README");
    let shown: Vec<&str> = readme
        .split("Lệnh thứ nhất in ra:")
        .nth(1)
        .and_then(|rest| rest.split("```").nth(1))
        .expect("the README shows the first command's lines")
        .trim()
        .lines()
        .collect();
    let dir = tempfile::tempdir().expect("temp");
    let data = crate::harness::sample_data_copy();
    std::fs::rename(data.path(), dir.path().join("sample-data")).expect("move");
    let outcome = Run::new()
        .in_dir(dir.path())
        .args(["build", "sample-data", "-o", "ket-qua"])
        .run()
        .code(0);
    let printed: Vec<&str> = outcome.stderr.trim().lines().collect();
    assert_eq!(printed.len(), shown.len(), "{}", outcome.stderr);
    for (printed, shown) in printed.iter().zip(&shown) {
        // The time taken is the one figure that may differ.
        let untimed = |line: &str| line.split(" (").next().unwrap_or(line).to_owned();
        if shown.starts_with("Đã đọc") {
            assert_eq!(untimed(printed), untimed(shown));
        } else {
            assert_eq!(printed, shown);
        }
    }
}

#[test]
fn earlier_results_are_never_read_as_inputs_and_always_told() {
    // Regression: results written beside the spreadsheets ("-o ." with a
    // file input) were read back by the next run of the folder: Long Sơn
    // twice, and tong-hop.xlsx as data with five errors. A results folder
    // below an input was left out without a word.
    let data = crate::harness::sample_data_copy();
    Run::new()
        .in_dir(data.path())
        .args(["tong-hop", "xa-long-son.xlsx", "-o", "."])
        .run()
        .code(0);
    let below = data.path().join("ket-qua-xa");
    Run::new()
        .in_dir(data.path())
        .args(["tong-hop", "xa-long-mai.xlsx", "-o", "ket-qua-xa"])
        .run()
        .code(0);
    assert!(below.join("tong-hop.json").is_file());

    let outcome = Run::new()
        .build([data.path().display().to_string()])
        .run()
        .code(0);
    let json = outcome.json();
    // sample-data/README.md: 464 rows, 301 models, once each.
    assert_eq!(json["rows"]["read"], 464);
    assert_eq!(json["models"]["total"], 301);
    let told: Vec<(&str, &str)> = crate::harness::problems_saying(&json, "ết quả cũ của dvk")
        .map(|p| {
            (
                p["severity"].as_str().unwrap_or(""),
                p["file"].as_str().unwrap_or(""),
            )
        })
        .collect();
    let folder = dvk::ingest::display_path(data.path());
    let results_folder = format!("{folder}/ket-qua-xa");
    assert_eq!(
        told,
        [
            ("info", folder.as_str()),
            ("warning", results_folder.as_str())
        ]
    );

    // An input that an output would overwrite is refused before anything.
    let lone = tempfile::tempdir().expect("temp");
    std::fs::copy(
        data.path().join("xa-thanh-an.xlsx"),
        lone.path().join("tong-hop.xlsx"),
    )
    .expect("copy");
    let refused = Run::new()
        .in_dir(lone.path())
        .args(["tong-hop", "tong-hop.xlsx", "-o", "."])
        .run()
        .code(2);
    assert!(
        refused.stderr.contains("dvk sẽ ghi đè lên nó"),
        "{}",
        refused.stderr
    );
    assert!(!lone.path().join("tong-hop.json").exists());
}

#[test]
fn a_year_option_takes_four_digits_in_a_sane_range() {
    // Regression: "--from 22" ran, titled "giai đoạn 22 – 2022".
    let cases: [(&[&str], &str); 5] = [
        (
            &["--from", "22"],
            "--from 22: năm phải ghi đủ bốn chữ số (ví dụ 2022, không phải 22)",
        ),
        (&["--to", "022"], "--to 022: năm phải ghi đủ bốn chữ số"),
        (&["--from=17"], "--from 17: năm phải ghi đủ bốn chữ số"),
        (
            &["--from", "1850"],
            "--from 1850: năm 1850 không hợp lý (cần từ 1900 đến 2100)",
        ),
        (&["--to", "2200"], "năm 2200 không hợp lý"),
    ];
    for (period, said) in cases {
        let build = Run::new().build(["sample-data"]).args(period).run().code(2);
        assert!(build.stderr.contains(said), "{period:?}: {}", build.stderr);
        assert!(!build.out.join("bao-cao.md").exists(), "{period:?}");
        let check = Run::new()
            .args(["kiem-tra", "sample-data"])
            .args(period)
            .run()
            .code(2);
        assert!(check.stderr.contains(said), "{period:?}: {}", check.stderr);
    }
}

#[test]
fn nothing_to_count_writes_no_report_unless_an_error_left_it_out() {
    // Regression: a folder holding only a blank form gave exit 0 and a
    // report of "phong trào năm  như sau" (no year, no figures).
    let dir = tempfile::tempdir().expect("temp");
    let forms = dir.path().join("chi-mau");
    std::fs::create_dir(&forms).expect("mkdir");
    Run::new().in_dir(&forms).args(["mau"]).run().code(0);
    let outcome = Run::new()
        .build([forms.display().to_string()])
        .run()
        .code(2);
    assert!(
        outcome
            .stderr
            .contains("không có dòng số liệu nào để tổng hợp nên dvk không ghi báo cáo")
            && outcome.stderr.contains("như biểu mẫu trống"),
        "{}",
        outcome.stderr
    );
    assert!(!outcome.out.join("bao-cao.md").exists());
    assert!(!outcome.out.join("tong-hop.json").exists());
    // Every row rejected: done with errors (interface.md: exit 1, the
    // outputs still written), so a batch job reads the problems in the JSON.
    let rejected = tempfile::tempdir().expect("temp");
    std::fs::write(
        rejected.path().join("mo-hinh.csv"),
        "STT,Tên mô hình,Xã,Năm bắt đầu,Lĩnh vực\n1,Mô hình A,Long Sơn,năm ngoái,Kinh tế\n",
    )
    .expect("write");
    let outcome = Run::new()
        .in_dir(rejected.path())
        .build(["."])
        .run()
        .code(1);
    assert!(
        outcome.stderr.contains("Số liệu CHƯA ĐẦY ĐỦ (1 lỗi)")
            && outcome
                .stderr
                .contains("Không có dòng số liệu nào được tính")
            && outcome.stderr.contains("dvk kiem-tra ."),
        "{}",
        outcome.stderr
    );
    let json = outcome.json();
    assert_eq!(json["rows"]["read"], 1);
    assert_eq!(json["rows"]["rejected"], 1);
    assert_eq!(json["models"]["total"], 0);
    let errors = crate::harness::problems(&json, "error");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["row"], 2);
    assert_eq!(errors[0]["column"], "Năm bắt đầu");
    // No year read: the report leaves the year to fill, not "năm  như sau".
    let md = outcome.markdown();
    assert!(md.contains("phong trào năm [   ] như sau"), "{md}");
    assert!(md.contains("số liệu chưa đầy đủ"), "{md}");
}

#[test]
fn the_output_files_are_named_from_the_folder_as_typed() {
    // Regression: "-o ." printed "/bao-cao.docx", "/tong-hop.xlsx".
    let dir = tempfile::tempdir().expect("temp");
    let work = dir.path().join("lam-viec");
    std::fs::create_dir(&work).expect("mkdir");
    std::fs::copy(
        crate::harness::root()
            .join("sample-data")
            .join("xa-long-son.xlsx"),
        work.join("xa-long-son.xlsx"),
    )
    .expect("copy");
    let absolute = dir.path().join("kq-tuyet-doi");
    let absolute = absolute.display().to_string();
    for (out, shown) in [
        (".", "bao-cao.docx"),
        ("./", "bao-cao.docx"),
        ("..", "../bao-cao.docx"),
        ("kq/", "kq/bao-cao.docx"),
        ("./kq2/", "kq2/bao-cao.docx"),
        ("Kết quả", "Kết quả/bao-cao.docx"),
        (absolute.as_str(), &format!("{absolute}/bao-cao.docx")),
    ] {
        let outcome = Run::new()
            .in_dir(&work)
            .args(["tong-hop", "xa-long-son.xlsx", "-o", out])
            .run()
            .code(0);
        let said = format!("Kết quả: {shown}, ");
        assert!(
            outcome.stderr.contains(&said),
            "{out:?}: {}",
            outcome.stderr
        );
        assert!(
            !outcome.stderr.contains(" /bao-cao"),
            "{out:?}: {}",
            outcome.stderr
        );
        assert!(
            !outcome.stderr.contains(" /tong-hop"),
            "{out:?}: {}",
            outcome.stderr
        );
    }
}

#[test]
fn a_file_left_out_is_said_not_counted() {
    // A summary refused for its period was read: "không đọc được" was wrong.
    let dir = crate::harness::sample_data_copy();
    std::fs::write(dir.path().join("hong.xlsx"), b"not a workbook").expect("write");
    let outcome = Run::new().in_dir(dir.path()).build(["."]).run().code(1);
    assert!(
        outcome.stderr.contains("  Không tính: hong.xlsx"),
        "{}",
        outcome.stderr
    );
    assert!(
        !outcome.stderr.contains("Không đọc được:"),
        "{}",
        outcome.stderr
    );
    let check = Run::new()
        .in_dir(dir.path())
        .args(["kiem-tra", "."])
        .run()
        .code(1);
    assert!(
        check.stdout.contains("== hong.xlsx — KHÔNG TÍNH;"),
        "{}",
        check.stdout
    );
}

#[test]
fn a_file_of_the_wrong_kind_is_named_for_what_it_is() {
    // Regression: a spreadsheet given to --so-sanh was said to be text
    // "not saved as UTF-8".
    let dir = tempfile::tempdir().expect("temp");
    let docx = dir.path().join("bao-cao.docx");
    std::fs::write(&docx, b"PK\x03\x04 a Word document").expect("write");
    let json = dir.path().join("tong-hop.json");
    std::fs::write(&json, r#"{"schema": "dvk.summary/1"}"#).expect("write");
    let notes = dir.path().join("ghi-chu.md");
    std::fs::write(&notes, "## Kiến nghị\nA.\n").expect("write");
    let docx = docx.display().to_string();
    let json = json.display().to_string();
    let notes = notes.display().to_string();
    let sheet = "sample-data/xa-long-son.xlsx";
    let cases: [(&[&str], &str); 6] = [
        (
            &["--so-sanh", sheet],
            "tệp so sánh sample-data/xa-long-son.xlsx là một bảng tính, không dùng được: --so-sanh (--compare) cần tệp tong-hop.json của kỳ trước",
        ),
        (
            &["--so-sanh", &notes],
            "không phải tệp JSON của dvk: --so-sanh (--compare) cần tệp tong-hop.json của kỳ trước",
        ),
        (
            &["--ghi-chu", &docx],
            "là một văn bản Word, không dùng được: --ghi-chu cần một tệp chữ Markdown",
        ),
        (
            &["--ghi-chu", sheet],
            "là một bảng tính, không dùng được: --ghi-chu cần",
        ),
        (
            &["--config", sheet],
            "xa-long-son.xlsx không phải tệp cấu hình: đây là một bảng tính; tệp cấu hình là tệp chữ .toml",
        ),
        (
            &["--config", &json],
            "không phải tệp cấu hình: đây là tệp JSON",
        ),
    ];
    for (option, said) in cases {
        let outcome = Run::new().build(["sample-data"]).args(option).run().code(2);
        assert!(
            outcome.stderr.contains(said),
            "{option:?}: {}",
            outcome.stderr
        );
        assert!(
            !outcome.stderr.contains("UTF-8;"),
            "{option:?}: {}",
            outcome.stderr
        );
    }
}

#[test]
fn option_mistakes_are_told_with_what_was_meant() {
    let cases: [(&[&str], &str); 6] = [
        (
            &["tong-hop", "sample-data", "-o", "x", "--so-sahn", "a.json"],
            "không có tham số \"--so-sahn\" (có phải là --so-sanh?)",
        ),
        (
            &["tong-hop", "sample-data", "-o", "x", "--nots", "a.md"],
            "(có phải là --notes?)",
        ),
        (
            &["tonghop", "sample-data"],
            "không có lệnh \"tonghop\" (có phải là tong-hop?); các lệnh:",
        ),
        (&["kiemtra", "sample-data"], "(có phải là kiem-tra?)"),
        (
            &["tong-hop", "sample-data", "-o", "x", "--from", "2017", "--from", "2018"],
            "--from <NĂM> được ghi hai lần",
        ),
        (
            &["tong-hop", "sample-data", "-o", "x", "--group-by"],
            "thiếu giá trị sau --group-by <CẤP>; các giá trị được dùng: tinh, huyen, xa, thon (ví dụ: --group-by tinh)",
        ),
    ];
    for (args, said) in cases {
        let outcome = Run::new().args(args).run().code(2);
        assert!(
            outcome.stderr.contains(said),
            "{args:?}: {}",
            outcome.stderr
        );
    }
}

#[test]
fn an_alias_that_names_another_field_is_a_config_error_naming_the_line() {
    // Regression: the alias was silently ignored (exit 0, same counts).
    let dir = tempfile::tempdir().expect("temp");
    let config = dir.path().join("dvk.toml");
    std::fs::write(
        &config,
        "[document]\nplace = \"Minh Long\"\n\n[[field]]\nname = \"Phát triển kinh tế\"\naliases = [\n  \"Chuyển đổi số\",\n  \"VH-XH\",\n]\n",
    )
    .expect("write");
    let stderr = refused_with("--config", &config);
    assert!(
        stderr.contains("dòng 8 (\"VH-XH\",)")
            && stderr.contains(
                "tên gọi khác \"VH-XH\" của lĩnh vực \"Phát triển kinh tế\" trùng với tên gọi khác \"VH-XH\" của lĩnh vực \"Văn hóa - xã hội\""
            ),
        "{stderr}"
    );
    std::fs::write(
        &config,
        "[[field]]\nname = \"Phát triển kinh tế\"\naliases = [\"Văn hóa - xã hội\", \"VH-XH\"]\n",
    )
    .expect("write");
    let stderr = refused_with("--config", &config);
    assert!(
        stderr.contains("dòng 3")
            && stderr.contains("trùng với tên của lĩnh vực \"Văn hóa - xã hội\""),
        "{stderr}"
    );
}

#[test]
fn two_note_headings_for_one_section_lose_no_text() {
    // Regression: "## Đề xuất khen thưởng" replaced the "## Kiến nghị" text.
    let dir = tempfile::tempdir().expect("temp");
    let notes = dir.path().join("ghi-chu.md");
    std::fs::write(
        &notes,
        "## Kiến nghị\nKiến nghị D.\n\n## Đề xuất khen thưởng\nNội dung E.\n",
    )
    .expect("write");
    let stderr = refused_with("--ghi-chu", &notes);
    assert!(
        stderr.contains(
            "mục \"Kiến nghị\" (dòng 1) và mục \"Đề xuất khen thưởng\" (dòng 4) cùng vào phần \"Kiến nghị, đề xuất\""
        ),
        "{stderr}"
    );
}

/// The stderr of a build of the sample data refused (exit 2) for the file
/// given to `option`.
fn refused_with(option: &str, file: &std::path::Path) -> String {
    Run::new()
        .build(["sample-data"])
        .args([option, &file.display().to_string()])
        .run()
        .code(2)
        .stderr
}

/// A clerk drags the workbooks and a Word report onto dvk.exe: the run
/// stopped (exit 2) and read nothing. The stray file is left out with one
/// warning naming it and what dvk reads; the rest is read, as by `check`.
/// Stray files alone still stop the run.
#[test]
fn a_stray_word_file_among_the_workbooks_is_left_out_with_a_warning() {
    let dir = tempfile::tempdir().expect("temp");
    let docx = dir.path().join("bao-cao-cu.docx");
    std::fs::write(&docx, b"PK\x03\x04 a Word report").expect("write");
    let txt = dir.path().join("ghi-chu.txt");
    std::fs::write(&txt, "không phải bảng tính").expect("write");
    let docx = docx.display().to_string();
    let alone = Run::new().in_fixtures().build(["csv"]).run().code(0).json();
    let outcome = Run::new()
        .in_fixtures()
        .build(["csv", docx.as_str()])
        .run()
        .code(0);
    let json = outcome.json();
    assert_eq!(json["rows"], alone["rows"]);
    assert_eq!(json["models"], alone["models"]);
    let told: Vec<&serde_json::Value> = json["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .filter(|p| {
            p["file"]
                .as_str()
                .is_some_and(|f| f.ends_with("bao-cao-cu.docx"))
        })
        .collect();
    assert_eq!(told.len(), 1, "{told:?}");
    assert_eq!(told[0]["severity"], "warning");
    let message = told[0]["message"].as_str().expect("message");
    for said in [
        "không phải bảng tính",
        "không tính",
        ".xlsx, .xlsm, .xls, .ods, .csv",
        "tong-hop.json",
    ] {
        assert!(message.contains(said), "{said}: {message}");
    }
    assert!(
        outcome.stderr.contains("Không đọc") && outcome.stderr.contains("bao-cao-cu.docx"),
        "{}",
        outcome.stderr
    );
    assert!(
        outcome.stderr.contains("Đã đọc 3 tệp"),
        "{}",
        outcome.stderr
    );

    let check = Run::new()
        .in_fixtures()
        .args(["kiem-tra", "csv", docx.as_str()])
        .run()
        .code(0);
    assert!(
        check.stdout.contains("bao-cao-cu.docx — [cảnh báo]")
            && check.stdout.contains("Tổng: 3 tệp"),
        "{}",
        check.stdout
    );

    let strays = Run::new()
        .build([docx.as_str(), &txt.display().to_string()])
        .run()
        .code(2);
    assert!(
        strays.stderr.contains("bao-cao-cu.docx")
            && strays.stderr.contains("ghi-chu.txt")
            && strays.stderr.contains("không phải bảng tính"),
        "{}",
        strays.stderr
    );
}

/// Asserts that `file`, named but left out, got one info line saying each
/// of `said`.
fn told_left_out(json: &serde_json::Value, file: &str, said: &[&str]) {
    let problems = json["problems"].as_array().expect("problems");
    let told: Vec<&serde_json::Value> = problems.iter().filter(|p| p["file"] == file).collect();
    assert_eq!(told.len(), 1, "{file}: {problems:?}");
    assert_eq!(told[0]["severity"], "info", "{file}");
    let message = told[0]["message"].as_str().expect("message");
    for said in said {
        assert!(message.contains(said), "{file}: {said}: {message}");
    }
}

/// Asserts that of the files `named`, a build read only `read`, and that
/// `dvk kiem-tra` on them finds no error and says `check_says`.
fn read_only(
    json: &serde_json::Value,
    dir: &std::path::Path,
    named: &[&str],
    read: &str,
    check_says: &str,
) {
    let files: Vec<&str> = json["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter_map(|f| f["file"].as_str())
        .collect();
    assert_eq!(files, [read]);
    let check = Run::new()
        .in_dir(dir)
        .args(["kiem-tra"])
        .args(named)
        .run()
        .code(0);
    assert!(
        check.stdout.contains("0 lỗi") && check.stdout.contains(check_says),
        "{}",
        check.stdout
    );
}

/// Seventh walkthrough: `dvk tong-hop * -o kq` in a folder where Excel had
/// the workbook open picked up its lock file `~$…` (165 bytes), which was
/// read, failed ("Không nhận ra định dạng tệp"), and made the run exit 1
/// with "CHƯA ĐẦY ĐỦ". Named, a lock file (Excel's or LibreOffice's) is
/// left out as in a folder walk, with an info line.
#[test]
fn a_lock_file_named_on_the_command_line_is_not_read() {
    let dir = tempfile::tempdir().expect("temp");
    // Two models, 2023: 10 + 20 triệu.
    let models = "STT;Tên mô hình;Đơn vị thực hiện;Tỉnh;Huyện;Xã;Thôn/Ấp;Lĩnh vực;Năm bắt đầu;Tình trạng;Cấp công nhận;Tiêu biểu;Kinh phí (triệu đồng);Ghi chú\n\
        1;Hũ gạo tình thương;Hội Phụ nữ xã;Quảng Ngãi;Minh Long;Long Sơn;Thôn 1;Văn hóa - xã hội;2023;Hiệu quả;;;10;\n\
        2;Đường hoa;Đoàn Thanh niên;Quảng Ngãi;Minh Long;Long Sơn;Thôn 2;Kinh tế;2023;Đăng ký;;;20;\n";
    std::fs::write(dir.path().join("xa-long-son.csv"), models).expect("write");
    // Excel's owner file: the user's name, padded to 165 bytes.
    let mut owner = b"\x0cNguyen Van A".to_vec();
    owner.resize(165, b' ');
    std::fs::write(dir.path().join("~$xa-long-son.xlsx"), &owner).expect("write");
    std::fs::write(
        dir.path().join(".~lock.xa-long-son.ods#"),
        "Nguyen Van A,may-xa/nva,MAY-XA,24.11.2026 08:00,file:///C:/Users/nva/AppData;\n",
    )
    .expect("write");
    let named = [
        "xa-long-son.csv",
        "~$xa-long-son.xlsx",
        ".~lock.xa-long-son.ods#",
    ];
    let outcome = Run::new().in_dir(dir.path()).build(named).run().code(0);
    let json = outcome.json();
    assert_eq!(
        json["rows"],
        serde_json::json!({"read": 2, "accepted": 2, "skipped": 0, "rejected": 0})
    );
    assert_eq!(json["models"]["total"], 2);
    assert_eq!(json["models"]["funding_total"], 30_000_000);
    assert!(
        !outcome.stderr.contains("CHƯA ĐẦY ĐỦ"),
        "{}",
        outcome.stderr
    );
    for (lock, program) in [
        ("~$xa-long-son.xlsx", "Excel"),
        (".~lock.xa-long-son.ods#", "LibreOffice"),
    ] {
        told_left_out(&json, lock, &["tệp khóa", program, "không đọc"]);
    }
    read_only(&json, dir.path(), &named, "xa-long-son.csv", "tệp khóa");

    // Nothing but the lock file: nothing to read, said as such.
    let alone = Run::new()
        .in_dir(dir.path())
        .build(["~$xa-long-son.xlsx"])
        .run()
        .code(2);
    assert!(
        alone.stderr.contains("không tìm thấy bảng tính nào") && alone.stderr.contains("tệp khóa"),
        "{}",
        alone.stderr
    );
}

/// Audit D7: a hidden file named on the command line (`dvk tong-hop
/// .xa-an.csv xa-long-son.csv`) was read, though a folder walk leaves hidden
/// files out and interface.md says they are ignored. Named, it is left out
/// as a lock file is, with an info line saying how to have it read (rename
/// it), or, for a Mac's "._" side file, that its data is in the file it
/// shadows. Only hidden or lock files named: nothing to read, exit 2.
#[test]
fn a_hidden_file_named_on_the_command_line_is_not_read() {
    let dir = tempfile::tempdir().expect("temp");
    let header = "STT;Tên mô hình;Đơn vị thực hiện;Xã;Lĩnh vực;Năm bắt đầu;Tình trạng;Kinh phí (triệu đồng)\n";
    // Two models, 2023: 10 + 20 triệu.
    let long_son = format!(
        "{header}1;Hũ gạo tình thương;Hội Phụ nữ xã;Long Sơn;Văn hóa - xã hội;2023;Hiệu quả;10\n\
         2;Đường hoa;Đoàn Thanh niên;Long Sơn;Kinh tế;2023;Đăng ký;20\n"
    );
    std::fs::write(dir.path().join("xa-long-son.csv"), long_son).expect("write");
    // A hidden commune's report (one model, 7 triệu) and a Mac's side file.
    let an = format!("{header}1;Tổ tự quản;Mặt trận xã;Long An;Kinh tế;2023;Hiệu quả;7\n");
    std::fs::write(dir.path().join(".xa-an.csv"), an).expect("write");
    std::fs::write(
        dir.path().join("._xa-long-son.csv"),
        b"\x00\x05\x16\x07Mac OS X",
    )
    .expect("write");
    let named = ["xa-long-son.csv", ".xa-an.csv", "._xa-long-son.csv"];
    let outcome = Run::new().in_dir(dir.path()).build(named).run().code(0);
    let json = outcome.json();
    assert_eq!(
        json["rows"],
        serde_json::json!({"read": 2, "accepted": 2, "skipped": 0, "rejected": 0}),
        "{}",
        json["problems"]
    );
    assert_eq!(json["models"]["total"], 2);
    assert_eq!(json["models"]["funding_total"], 30_000_000);
    for (hidden, said) in [
        (
            ".xa-an.csv",
            ["tệp ẩn", "không đọc", "đổi tên", "\"xa-an.csv\""],
        ),
        (
            "._xa-long-son.csv",
            ["tệp ẩn", "không đọc", "máy Mac", "\"xa-long-son.csv\""],
        ),
    ] {
        told_left_out(&json, hidden, &said);
    }
    read_only(&json, dir.path(), &named, "xa-long-son.csv", "tệp ẩn");

    // Nothing but hidden and lock files: nothing to read, said as such.
    std::fs::write(dir.path().join("~$xa-long-son.xlsx"), [0x0c; 165]).expect("write");
    let alone = Run::new()
        .in_dir(dir.path())
        .build([".xa-an.csv", "~$xa-long-son.xlsx"])
        .run()
        .code(2);
    for said in [
        "không tìm thấy bảng tính nào",
        "tệp ẩn",
        "tệp khóa",
        "đổi tên",
    ] {
        assert!(alone.stderr.contains(said), "{said}: {}", alone.stderr);
    }
}

/// From a batch engineer's walkthrough: folder names as a Mac writes them
/// (NFD) sorted before the same names typed on Windows (NFC), so the same
/// tree gave another file order, another "first spelling" and other
/// output bytes. Paths are shown, and ordered, in NFC.
#[test]
fn a_tree_with_mac_folder_names_gives_the_same_outputs() {
    use unicode_normalization::UnicodeNormalization;
    let build_tree = |nfd: bool| {
        let dir = tempfile::tempdir().expect("temp");
        for (folder, file) in [
            ("Xã Phước Vinh", "xa-long-mon-mo-hinh.csv"),
            ("An Cơ", "xa-long-mon-cong-trinh.csv"),
            ("Ấp Bàu", "xa-long-mon-nguon-luc.csv"),
        ] {
            let folder: String = match nfd {
                true => folder.nfd().collect(),
                false => folder.to_owned(),
            };
            let path = dir.path().join("nhan").join(folder);
            std::fs::create_dir_all(&path).expect("folder");
            std::fs::copy(
                crate::harness::root().join("sample-data").join(file),
                path.join(file),
            )
            .expect("copy");
        }
        let outcome = Run::new().in_dir(dir.path()).build(["nhan"]).run().code(0);
        (outcome.bytes("tong-hop.json"), outcome.bytes("bao-cao.md"))
    };
    let (nfc_json, nfc_md) = build_tree(false);
    let (nfd_json, nfd_md) = build_tree(true);
    assert!(nfc_json == nfd_json, "tong-hop.json differs");
    assert!(nfc_md == nfd_md, "bao-cao.md differs");
}

/// A walkthrough's clerk typed `--group-by xã` with the keyboard in
/// Vietnamese and was refused: the levels are read with diacritics too,
/// and give the same tables.
#[test]
fn group_by_levels_typed_with_diacritics_are_the_levels() {
    let tables = |level: &str| {
        Run::new()
            .build(["sample-data"])
            .args(["--group-by", level])
            .run()
            .code(0)
            .json()["models"]["by_locality"]
            .clone()
    };
    assert_eq!(tables("xã"), tables("xa"));
    assert_eq!(tables("huyện"), tables("huyen"));
}

#[test]
fn rows_outside_the_period_are_named_in_their_note() {
    // Models of 2019, 2020, 2023 and 2018 on rows 2–5; --from 2022: rows
    // 2, 3 and 5 are skipped, 1 accepted, and the note names the three.
    let dir = tempfile::tempdir().expect("temp");
    std::fs::write(
        dir.path().join("mo-hinh.csv"),
        "STT;Tên mô hình;Xã;Lĩnh vực;Năm bắt đầu\n\
         1;MH A;Long Sơn;Kinh tế;2019\n\
         2;MH B;Long Sơn;Kinh tế;2020\n\
         3;MH C;Long Sơn;Kinh tế;2023\n\
         4;MH D;Long Sơn;Kinh tế;2018\n",
    )
    .expect("write");
    let json = Run::new()
        .in_dir(dir.path())
        .build(["mo-hinh.csv"])
        .args(["--from", "2022"])
        .run()
        .code(0)
        .json();
    assert_eq!(json["rows"]["skipped"], 3);
    assert_eq!(json["models"]["total"], 1);
    let notes: Vec<_> =
        crate::harness::problems_saying(&json, "3 dòng có năm ngoài kỳ báo cáo").collect();
    assert_eq!(notes.len(), 1, "{}", json["problems"]);
    assert!(
        notes[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("không tính vào số liệu: dòng 2, 3, 5")),
        "{}",
        notes[0]
    );
}
