//! Place names typed without a Vietnamese keyboard: "Quang Ngai" beside
//! "Quảng Ngãi". They stay apart (names are compared with their marks), and
//! one warning per name says where it was written, what it looks like, how
//! to fix it and, when it made the tables group at a higher level, that
//! too. The files are written by `tests/fixtures/ten-khong-dau/make.py`.

use crate::harness::{problems_saying, Run};
use serde_json::{json, Value};

const DIR: &str = "ten-khong-dau";

fn build(files: &[&str], extra: &[&str]) -> Value {
    Run::new()
        .in_fixtures()
        .build(files.iter().map(|f| format!("{DIR}/{f}")))
        .args(extra)
        .run()
        .code(0)
        .json()
}

fn warnings(json: &Value) -> Vec<&Value> {
    json["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .filter(|p| p["severity"] == "warning")
        .collect()
}

fn message(problem: &Value) -> &str {
    problem["message"].as_str().expect("message")
}

fn assert_says(problem: &Value, parts: &[&str]) {
    for part in parts {
        assert!(
            message(problem).contains(part),
            "{part:?} in {}",
            message(problem)
        );
    }
}

/// The walkthrough's file: row 3 writes "Quang Ngai" and "Long Mon".
#[test]
fn a_place_written_without_diacritics_is_told_and_not_merged() {
    let json = build(&["ten-xa.xlsx"], &[]);
    // Counted as written: two provinces, so the tables group by province.
    assert_eq!(json["models"]["total"], 6);
    assert_eq!(
        json["models"]["by_locality"],
        json!([
            {"locality": "Quang Ngai", "total": 1, "effective": 1},
            {"locality": "Quảng Ngãi", "total": 5, "effective": 5},
        ])
    );
    let told = warnings(&json);
    assert_eq!(told.len(), 2, "{told:#?}");
    for p in &told {
        assert_eq!(p["file"], "ten-khong-dau/ten-xa.xlsx");
        assert_eq!(p["sheet"], "Mô hình");
        assert_eq!(p["row"], 3);
    }
    let province: Vec<_> = problems_saying(&json, "\"Quang Ngai\"").collect();
    assert_eq!(province.len(), 1);
    assert_says(
        province[0],
        &[
            "Tên tỉnh \"Quang Ngai\" viết không dấu (dòng 3)",
            "giống tên tỉnh \"Quảng Ngãi\"",
            "hai tỉnh khác nhau, không gộp",
            // The split is why the tables group by province.
            "chia theo cấp tỉnh thay vì cấp xã",
            "hãy sửa \"Quang Ngai\" thành \"Quảng Ngãi\" (viết có dấu như các dòng khác)",
        ],
    );
    let commune: Vec<_> = problems_saying(&json, "\"Long Mon\"").collect();
    assert_eq!(commune.len(), 1);
    // "Xã Long Môn" is shown without its level word; the commune did not
    // change the level.
    assert_says(
        commune[0],
        &[
            "Tên xã \"Long Mon\"",
            "giống tên xã \"Long Môn\"",
            "thành \"Long Môn\"",
        ],
    );
    assert!(!message(commune[0]).contains("thay vì"));
    assert_eq!(json["files"][0]["warnings"], 2);
}

/// Grouped by commune as asked, "Long Mon" stays a commune of its own and
/// both names are told; the level was asked for, so no warning says it
/// changed.
#[test]
fn with_group_by_the_warnings_stay_and_say_nothing_of_the_level() {
    let json = build(&["ten-xa.xlsx"], &["--group-by", "xa"]);
    assert_eq!(
        json["models"]["by_locality"],
        json!([
            {"locality": "Long Mon", "total": 1, "effective": 1},
            {"locality": "Long Sơn", "total": 2, "effective": 2},
            {"locality": "Xã Long Môn", "total": 3, "effective": 3},
        ])
    );
    let told = warnings(&json);
    assert_eq!(told.len(), 2, "{told:#?}");
    assert!(told.iter().all(|p| !message(p).contains("thay vì")));
}

/// The province without marks in two files: one warning, on the first file
/// in path order, naming its first rows, how many more, and the other file.
/// The same whatever the order the files are given in.
#[test]
fn one_warning_names_every_file_and_sheet_whatever_the_order() {
    let json = build(&["ten-xa.xlsx", "cong-trinh.xlsx"], &[]);
    let province: Vec<_> = problems_saying(&json, "\"Quang Ngai\"").collect();
    assert_eq!(province.len(), 1, "{province:#?}");
    let p = province[0];
    assert_eq!(p["file"], "ten-khong-dau/cong-trinh.xlsx");
    assert_eq!(p["sheet"], "Công trình");
    assert_eq!(p["row"], 2);
    assert_says(
        p,
        &["(dòng 2, 3, 4 và 2 dòng khác; tệp ten-khong-dau/ten-xa.xlsx, trang \"Mô hình\", dòng 3)"],
    );
    // Nothing merged: five works and a model still count apart.
    assert_eq!(json["models"]["total"], 6);
    assert_eq!(json["projects"]["by_type"][0]["count"], 6);
    let reversed = build(&["cong-trinh.xlsx", "ten-xa.xlsx"], &[]);
    assert_eq!(json["problems"], reversed["problems"]);
    assert_eq!(json["files"], reversed["files"]);
}

/// "Long Môn" and "Long Mơn" differ only in marks, but both have them: they
/// may be two communes, so nothing is merged; but a mark left out ("Kỳ Tan"
/// for "Kỳ Tân") is the likelier reading, and a walkthrough's clerk saw one
/// commune become two without a word. One warning, on the name with fewer
/// models.
#[test]
fn two_names_alike_but_for_their_marks_are_told_not_merged() {
    let json = build(&["hai-xa.xlsx"], &[]);
    let problems = json["problems"].as_array().expect("problems");
    assert_eq!(problems.len(), 1, "{problems:#?}");
    let p = &problems[0];
    assert_eq!(p["severity"], "warning");
    assert_eq!(p["file"], "ten-khong-dau/hai-xa.xlsx");
    assert_eq!(p["row"], 3);
    assert_says(
        p,
        &[
            "Tên xã \"Long Mơn\" (1 mô hình) và tên xã \"Long Môn\" (2 mô hình) chỉ khác nhau ở dấu",
            "sửa \"Long Mơn\" thành \"Long Môn\"",
            "nếu đúng là các nơi khác nhau thì bỏ qua cảnh báo này",
        ],
    );
    assert_eq!(
        json["models"]["by_locality"],
        json!([
            {"locality": "Long Môn", "total": 2, "effective": 2},
            {"locality": "Long Mơn", "total": 1, "effective": 1},
        ])
    );
}

/// `dvk kiem-tra` tells the same warning under its file.
#[test]
fn check_tells_it_too() {
    let out = Run::new()
        .in_fixtures()
        .args(["check", &format!("{DIR}/ten-xa.xlsx")])
        .run()
        .code(0);
    assert!(out.stdout.contains("0 lỗi, 2 cảnh báo"), "{}", out.stdout);
    assert!(
        out.stdout
            .contains("trang \"Mô hình\", dòng 3: Tên tỉnh \"Quang Ngai\" viết không dấu"),
        "{}",
        out.stdout
    );
}
