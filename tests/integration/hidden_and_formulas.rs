//! What a clerk cannot see in a workbook: hidden sheets (not counted, one
//! warning each), hidden rows (counted, one warning per sheet), formulas
//! saved without a value (told as such), and the sheets kept beside the
//! data (a plan, a summary, an empty sheet). The files are hand-made by
//! `tests/fixtures/an-va-cong-thuc/make.py`; the figures below are counted
//! from the rows it writes.

use crate::harness::Run;
use serde_json::Value;

const DIR: &str = "an-va-cong-thuc";

fn build(file: &str, code: i32) -> Value {
    Run::new()
        .in_fixtures()
        .build([format!("{DIR}/{file}")])
        .run()
        .code(code)
        .json()
}

/// The warnings (or errors) of one sheet, by severity.
fn told<'a>(json: &'a Value, severity: &str, sheet: &str) -> Vec<&'a Value> {
    json["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .filter(|p| p["severity"] == severity && p["sheet"] == sheet)
        .collect()
}

fn message(problem: &Value) -> &str {
    problem["message"].as_str().expect("message")
}

/// "Mô hình" holds three models (2021, 2022, 2023: 10 + 20 + 30 triệu);
/// the hidden "Mô hình cũ" three of 2019 (stopped) and the very hidden
/// "Công trình cũ" one work of 2018: neither counts, nor moves the period
/// to 2018 or 2019. The hidden list "Danh mục" holds no data: not told.
#[test]
fn a_hidden_sheet_is_not_counted_and_is_told_in_every_format() {
    for file in ["trang-an.xlsx", "trang-an.xls", "trang-an.ods"] {
        let json = build(file, 0);
        assert_eq!(
            json["rows"],
            serde_json::json!({"read": 3, "accepted": 3, "skipped": 0, "rejected": 0}),
            "{file}"
        );
        assert_eq!(json["period"]["from"], 2021, "{file}");
        assert_eq!(json["period"]["to"], 2023, "{file}");
        assert_eq!(json["models"]["total"], 3, "{file}");
        assert_eq!(json["models"]["stopped"], 0, "{file}");
        assert_eq!(json["models"]["funding_total"], 60_000_000, "{file}");
        assert_eq!(json["projects"]["by_type"], serde_json::json!([]), "{file}");
        let old = told(&json, "warning", "Mô hình cũ");
        assert_eq!(old.len(), 1, "{file}: {old:?}");
        for said in ["đang bị ẩn", "không tính 3 dòng số liệu", "Bỏ ẩn / Unhide"] {
            assert!(
                message(old[0]).contains(said),
                "{file}: {said}: {}",
                message(old[0])
            );
        }
        let works = told(&json, "warning", "Công trình cũ");
        assert_eq!(works.len(), 1, "{file}: {works:?}");
        assert!(message(works[0]).contains("không tính 1 dòng số liệu"));
        assert!(
            json["problems"]
                .as_array()
                .expect("problems")
                .iter()
                .all(|p| p["sheet"] != "Danh mục"),
            "{file}: a hidden list is not told"
        );
    }
    // Only .xlsx keeps "very hidden" (LibreOffice writes it as hidden), and
    // Excel's Unhide does not list such a sheet.
    let json = build("trang-an.xlsx", 0);
    let works = told(&json, "warning", "Công trình cũ");
    assert!(
        message(works[0]).contains("Visual Basic"),
        "{}",
        message(works[0])
    );
}

/// Row 4 of "Mô hình" is hidden and still counted (3 models above): one
/// warning names it, in every format.
#[test]
fn a_hidden_row_is_counted_with_one_warning() {
    for file in ["trang-an.xlsx", "trang-an.xls", "trang-an.ods"] {
        let json = build(file, 0);
        let hidden = told(&json, "warning", "Mô hình");
        assert_eq!(hidden.len(), 1, "{file}: {hidden:?}");
        assert_eq!(hidden[0]["row"], 4, "{file}");
        assert!(
            message(hidden[0]).starts_with(
                "1 dòng bị ẩn (dòng 4) vẫn được tính; nếu không muốn tính, hãy xóa các dòng đó"
            ),
            "{file}: {}",
            message(hidden[0])
        );
    }
}

/// `dong-an.xls` (BIFF8, by LibreOffice): "Mô hình" starts at B3, models on
/// rows 4-10 (10 + 20 + 30 + 5 + 40 + 15 + 25 triệu), rows 5, 7 and 9
/// hidden and row 12 hidden with nothing in it; "Công trình" (two works)
/// hides nothing. All nine rows count; one warning names rows 5, 7 and 9
/// by the numbers Excel shows. A workbook hiding no row gets no such word.
#[test]
fn hidden_rows_of_an_xls_are_told_by_their_numbers() {
    let json = build("dong-an.xls", 0);
    assert_eq!(
        json["rows"],
        serde_json::json!({"read": 9, "accepted": 9, "skipped": 0, "rejected": 0})
    );
    assert_eq!(json["models"]["total"], 7);
    assert_eq!(json["models"]["funding_total"], 145_000_000);
    let hidden = told(&json, "warning", "Mô hình");
    assert_eq!(hidden.len(), 1, "{hidden:?}");
    assert_eq!(hidden[0]["row"], 5);
    assert!(
        message(hidden[0]).starts_with(
            "3 dòng bị ẩn (dòng 5, 7, 9) vẫn được tính; nếu không muốn tính, hãy xóa các dòng đó"
        ),
        "{}",
        message(hidden[0])
    );
    let all = json["problems"].as_array().expect("problems");
    assert_eq!(
        all.iter().filter(|p| p["severity"] == "warning").count(),
        1,
        "{all:?}"
    );

    let json = Run::new()
        .in_fixtures()
        .build(["xls-ods/chuan.xls"])
        .run()
        .code(0)
        .json();
    assert_eq!(json["rows"]["accepted"], 24);
    let all = json["problems"].as_array().expect("problems");
    assert!(all.iter().all(|p| !message(p).contains("bị ẩn")), "{all:?}");
}

/// Row 2: quantity `=300+200` and total `=I2+J2` with no saved value: the
/// work counts (1 road, 0 km, 150 triệu from 100 + 50), with a warning on
/// each cell. Row 3: year `=2020+3` with no value: rejected, the error on
/// G3 saying why. Nothing says "không ghi số lượng".
#[test]
fn a_formula_without_a_saved_value_is_told_as_such() {
    let json = build("cong-thuc-chua-tinh.xlsx", 1);
    assert_eq!(
        json["rows"],
        serde_json::json!({"read": 2, "accepted": 1, "skipped": 0, "rejected": 1})
    );
    let types = json["projects"]["by_type"].as_array().expect("types");
    assert_eq!(types.len(), 1, "{types:?}");
    assert_eq!(types[0]["count"], 1);
    assert_eq!(types[0]["quantity"], 0);
    assert_eq!(json["funding"]["total"], 150_000_000);
    let errors = told(&json, "error", "Công trình");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(
        (&errors[0]["row"], &errors[0]["column_index"]),
        (&3.into(), &6.into())
    );
    let warnings = told(&json, "warning", "Công trình");
    let cells: Vec<(u64, u64)> = warnings
        .iter()
        .map(|w| {
            (
                w["row"].as_u64().expect("row"),
                w["column_index"].as_u64().expect("col"),
            )
        })
        .collect();
    assert_eq!(cells, [(2, 3), (2, 7)], "{warnings:?}");
    for (problem, cell) in [(errors[0], "G3"), (warnings[0], "D2"), (warnings[1], "H2")] {
        for said in [
            format!("Ô {cell} là công thức chưa có giá trị đã tính"),
            "hãy mở tệp bằng Excel hoặc LibreOffice và lưu lại".to_owned(),
        ] {
            assert!(
                message(problem).contains(&said),
                "{said}: {}",
                message(problem)
            );
        }
    }
    let all = json["problems"].as_array().expect("problems");
    assert!(
        all.iter().all(
            |p| !message(p).contains("không ghi số lượng") && !message(p).contains("thiếu năm")
        ),
        "{all:?}"
    );
}

/// Beside one model: a plan ("Xây dựng mô hình mới" in its table is no
/// sign of a models sheet) gets the info line of a sheet without data; a
/// summary by hamlet one short warning, no template header to copy; the
/// empty "Sheet5" nothing.
#[test]
fn a_plan_and_a_summary_beside_the_data_are_told_briefly() {
    let json = build("ke-hoach.xlsx", 0);
    assert_eq!(json["models"]["total"], 1);
    assert!(told(&json, "warning", "Kế hoạch 2024").is_empty());
    let plan = told(&json, "info", "Kế hoạch 2024");
    assert_eq!(plan.len(), 1, "{plan:?}");
    let summary = told(&json, "warning", "Tổng hợp theo ấp");
    assert_eq!(summary.len(), 1, "{summary:?}");
    let text = message(summary[0]);
    assert!(text.contains("trang tổng hợp, kế hoạch"), "{text}");
    assert!(
        text.chars().count() < 400,
        "{} chars: {text}",
        text.chars().count()
    );
    for unsaid in ["trang Mô hình", "STT | Tên mô hình", "Năm bắt đầu"] {
        assert!(!text.contains(unsaid), "{unsaid}: {text}");
    }
    assert!(json["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .all(|p| p["sheet"] != "Sheet5"));
}
