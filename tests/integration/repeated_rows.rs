//! One model or work written twice inside one file: a workbook with a sheet
//! per year that lists the earlier years' models again (lũy kế), rows pasted
//! twice. Every row is still counted, as across files, and one warning per
//! pair of sheets (or per sheet) names the rows; rows alike but for one
//! identifying column are not told. The files are written by
//! `tests/fixtures/dong-lap-lai/make.py`; the figures are counted by hand.

use crate::harness::{problems, Run};
use serde_json::{json, Value};

const DIR: &str = "dong-lap-lai";

fn build(file: &str) -> Value {
    Run::new()
        .in_fixtures()
        .build([format!("{DIR}/{file}")])
        .run()
        .code(0)
        .json()
}

/// A warning at (file, sheet, row), of no one column, saying each part.
fn assert_warning(problem: &Value, file: &str, sheet: &str, row: u32, parts: &[&str]) {
    assert_eq!(problem["file"], format!("{DIR}/{file}"), "{problem}");
    assert_eq!(problem["sheet"], sheet, "{problem}");
    assert_eq!(problem["row"], row, "{problem}");
    assert!(problem["column"].is_null(), "{problem}");
    let message = problem["message"].as_str().expect("message");
    for part in parts {
        assert!(message.contains(part), "{part:?} in {message}");
    }
}

fn rows(json: &Value) -> (u64, u64, u64, u64) {
    let rows = &json["rows"];
    let n = |key: &str| rows[key].as_u64().expect("count");
    (n("read"), n("accepted"), n("skipped"), n("rejected"))
}

/// A work type's (count, quantity, total money).
fn works_of(json: &Value, work_type: &str) -> (u64, f64, i64) {
    let row = json["projects"]["by_type"]
        .as_array()
        .expect("by_type")
        .iter()
        .find(|t| t["type"] == work_type)
        .unwrap_or_else(|| panic!("{work_type} in {}", json["projects"]));
    (
        row["count"].as_u64().expect("count"),
        row["quantity"].as_f64().expect("quantity"),
        row["funding"]["total"].as_i64().expect("total"),
    )
}

/// Regression: a workbook with sheets "Năm 2021", "Năm 2022", "Năm 2023",
/// each listing the models so far, counted 17 rows of 7 models with no word.
#[test]
fn a_cumulative_workbook_is_told_once_per_pair_of_year_sheets() {
    let json = build("luy-ke.xlsx");
    // Still counted, every row: 4 models of 2021 in three sheets, 2 of 2022
    // in two, 1 of 2023 in one.
    assert_eq!(rows(&json), (17, 17, 0, 0));
    assert_eq!(json["models"]["total"], 17);
    assert_eq!(
        json["models"]["by_year"],
        json!([
            {"year": 2021, "total": 12},
            {"year": 2022, "total": 4},
            {"year": 2023, "total": 1},
        ])
    );
    let told = problems(&json, "warning");
    assert_eq!(told.len(), 2, "{told:#?}");
    assert_eq!(json["problems"].as_array().expect("problems").len(), 2);
    assert_warning(
        &told[0],
        "luy-ke.xlsx",
        "Năm 2022",
        2,
        &[
            "4 mô hình của trang này đã có ở trang \"Năm 2021\" của cùng tệp",
            "(cùng tên, cùng đơn vị thực hiện, cùng địa bàn, cùng năm)",
            "dòng 2, 3, 4, 5 trùng dòng 2, 3, 4, 5 của trang \"Năm 2021\"",
            "ghi lũy kế",
            "dvk vẫn tính cả hai trang, nên những mô hình này đang bị tính hai lần",
            "ở trang của năm bắt đầu",
            "xóa các dòng chép lại ở trang \"Năm 2022\" rồi chạy lại",
        ],
    );
    // The 2023 sheet repeats the 2022 one's six (four of them also in
    // 2021's): told against the sheet just before, once.
    assert_warning(
        &told[1],
        "luy-ke.xlsx",
        "Năm 2023",
        2,
        &[
            "6 mô hình của trang này đã có ở trang \"Năm 2022\"",
            "dòng 2, 3, 4, 5, 6 và 1 dòng khác trùng dòng 2, 3, 4, 5, 6 và 1 dòng khác của trang \"Năm 2022\"",
            "xóa các dòng chép lại ở trang \"Năm 2023\"",
        ],
    );
    // The rows told are the rows counted too many: 4 + 6 = 17 - 7.
    assert_eq!(json["files"][0]["warnings"], 2);
}

/// Regression: three models pasted twice into one sheet counted six.
#[test]
fn rows_pasted_twice_are_told_in_their_sheet() {
    let json = build("dan-2-lan.xlsx");
    assert_eq!(rows(&json), (9, 9, 0, 0));
    assert_eq!(json["models"]["total"], 6);
    // The house pasted twice counts twice; the bridge once.
    assert_eq!(works_of(&json, "Nhà tình thương"), (2, 2.0, 100_000_000));
    assert_eq!(works_of(&json, "Cầu"), (1, 1.0, 120_000_000));
    let told = problems(&json, "warning");
    assert_eq!(told.len(), 2, "{told:#?}");
    assert_warning(
        &told[0],
        "dan-2-lan.xlsx",
        "Mô hình",
        5,
        &[
            "3 mô hình được ghi lặp lại trong cùng trang",
            "dòng 5, 6, 7 trùng dòng 2, 3, 4",
            "dán hai lần",
            "những mô hình này đang bị tính hai lần",
            "Hãy xóa các dòng thừa rồi chạy lại",
        ],
    );
    assert_warning(
        &told[1],
        "dan-2-lan.xlsx",
        "Công trình",
        4,
        &[
            "1 công trình, phần việc được ghi lặp lại trong cùng trang",
            "(cùng tên, cùng địa bàn, cùng năm, cùng số lượng và kinh phí)",
            "dòng 4 trùng dòng 2,",
            "nên công trình, phần việc này đang bị tính hai lần",
        ],
    );
    assert_eq!(json["files"][0]["warnings"], 2);
}

/// "Hũ gạo tình thương" in another hamlet, of another unit, year or
/// commune is another model; houses without a name, or with other money,
/// are other houses. Nothing is said, everything counts.
#[test]
fn rows_alike_but_for_one_identifying_column_are_not_told() {
    let json = build("hai-ap.xlsx");
    assert_eq!(json["problems"], json!([]));
    assert_eq!(rows(&json), (9, 9, 0, 0));
    assert_eq!(json["models"]["total"], 5);
    assert_eq!(works_of(&json, "Nhà tình thương"), (4, 4.0, 210_000_000));
}

/// The three files together: each file's own warnings, no file said to
/// repeat another, and every row counted.
#[test]
fn a_folder_of_them_adds_up() {
    let json = Run::new().in_fixtures().build([DIR]).run().code(0).json();
    let (read, accepted, skipped, rejected) = rows(&json);
    assert_eq!((read, accepted, skipped, rejected), (35, 35, 0, 0));
    assert_eq!(read, accepted + skipped + rejected);
    assert_eq!(json["models"]["total"], 17 + 6 + 5);
    let told = problems(&json, "warning");
    assert_eq!(told.len(), 4, "{told:#?}");
    assert!(
        told.iter().all(|p| !p["message"]
            .as_str()
            .expect("message")
            .contains("tệp trước")
            && !p["row"].is_null()),
        "{told:#?}"
    );
}

/// `dvk kiem-tra` tells them under the file, with sheet and row.
#[test]
fn check_tells_it_too() {
    let out = Run::new()
        .in_fixtures()
        .args(["check", &format!("{DIR}/luy-ke.xlsx")])
        .run()
        .code(0);
    assert!(
        out.stdout
            .contains("nhận 17, bỏ qua 0, loại 0; 0 lỗi, 2 cảnh báo"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains(
            "trang \"Năm 2023\", dòng 2: 6 mô hình của trang này đã có ở trang \"Năm 2022\""
        ),
        "{}",
        out.stdout
    );
}
