//! Tables as clerks lay them out: total rows with any common label, a
//! "Tổng cộng" above the rows it adds, budget parts left for dvk to work
//! out, and đồng typed into a "(triệu đồng)" column. Every figure expected
//! below is worked out by hand in the comments.

use crate::harness::{one_sheet_workbook, problems, Run};
use serde_json::Value;

/// Writes one "Mô hình" sheet of `rows` (header first) to `path`.
fn models_workbook(path: &std::path::Path, rows: &[&[&str]]) {
    one_sheet_workbook(path, "Mô hình", rows);
}

const HEADER: &[&str] = &[
    "STT",
    "Tên mô hình",
    "Xã",
    "Lĩnh vực",
    "Năm bắt đầu",
    "Tình trạng",
    "Kinh phí (triệu đồng)",
];

fn messages(json: &Value, severity: &str) -> Vec<String> {
    problems(json, severity)
        .iter()
        .map(|p| p["message"].as_str().expect("message").to_owned())
        .collect()
}

#[test]
fn total_rows_with_a_place_a_field_or_a_range_are_skipped_not_rejected() {
    let dir = tempfile::tempdir().expect("temp");
    let rows: &[&[&str]] = &[
        HEADER,
        &["", "Tổng cộng toàn huyện", "", "", "", "", "60"],
        &["I", "XÃ KỲ ANH", "", "", "", "", ""],
        &[
            "1",
            "Tổ tự quản",
            "Kỳ Anh",
            "Kinh tế",
            "2021",
            "Hiệu quả",
            "10",
        ],
        &["2", "Hũ gạo", "Kỳ Anh", "Kinh tế", "2022", "Hiệu quả", "20"],
        &["", "Cộng xã Kỳ Anh", "", "", "", "", "30"],
        &["II", "XÃ KỲ LẠC", "", "", "", "", ""],
        &["3", "Camera", "Kỳ Lạc", "Kinh tế", "2022", "Hiệu quả", "30"],
        &["", "Cộng lĩnh vực kinh tế", "", "", "", "", "30"],
        &["", "Cộng toàn xã", "", "", "", "", "30"],
        &["", "Tổng cộng (I+II)", "", "", "", "", "60"],
        &["", "Tổng hợp chung", "", "", "", "", "60"],
    ];
    models_workbook(&dir.path().join("huyen.xlsx"), rows);
    let outcome = Run::new().in_dir(dir.path()).build(["huyen.xlsx"]).run();
    let json = outcome.json();
    // 11 rows under the header: 3 models, 2 group headings, 6 totals. Every
    // stated total is right: the first adds the rows below it (10+20+30),
    // "Cộng toàn xã" the last group (30), the others their group or all.
    assert_eq!(
        json["rows"],
        serde_json::json!({"read": 11, "accepted": 3, "skipped": 8, "rejected": 0}),
        "{}",
        json["problems"]
    );
    assert!(messages(&json, "error").is_empty(), "{}", json["problems"]);
    assert!(
        messages(&json, "warning").is_empty(),
        "{}",
        json["problems"]
    );
    assert_eq!(json["models"]["funding_total"], 60_000_000);
    assert_eq!(outcome.code, 0);
}

#[test]
fn a_wrong_total_above_its_rows_is_told_against_the_rows_below() {
    let dir = tempfile::tempdir().expect("temp");
    let rows: &[&[&str]] = &[
        HEADER,
        &["", "TỔNG CỘNG", "", "", "", "", "50"],
        &[
            "1",
            "Tổ tự quản",
            "Kỳ Anh",
            "Kinh tế",
            "2021",
            "Hiệu quả",
            "10",
        ],
        &["2", "Hũ gạo", "Kỳ Anh", "Kinh tế", "2022", "Hiệu quả", "20"],
    ];
    models_workbook(&dir.path().join("xa.xlsx"), rows);
    let json = Run::new()
        .in_dir(dir.path())
        .build(["xa.xlsx"])
        .run()
        .json();
    let warnings = messages(&json, "warning");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    // 10 + 20 = 30, not 50.
    assert!(
        warnings[0].contains("cộng các dòng phía dưới được 30 triệu đồng (chênh 20 triệu đồng)"),
        "{warnings:?}"
    );
}

#[test]
fn a_stated_total_counts_the_budget_parts_dvk_works_out() {
    let dir = tempfile::tempdir().expect("temp");
    std::fs::write(
        dir.path().join("cong-trinh.csv"),
        "STT;Tên công trình, phần việc;Loại công trình;Số lượng;Đơn vị tính;Xã;Năm;\
         Tổng kinh phí (triệu đồng);Ngân sách nhà nước (triệu đồng);Vận động xã hội hóa (triệu đồng)\n\
         1;Đường ấp 1;Đường GTNT;1;km;Long Sơn;2021;1000;600;400\n\
         2;Cầu ấp 2;Cầu;1;cây;Long Sơn;2022;500;;200\n\
         ;Tổng cộng;;;;;;1500;900;600\n",
    )
    .expect("write");
    let json = Run::new().in_dir(dir.path()).build(["."]).run().json();
    // Row 2's state budget is 500 - 200 = 300, so 600 + 300 = 900 as stated.
    assert!(
        messages(&json, "warning").is_empty(),
        "{}",
        json["problems"]
    );
    assert_eq!(json["funding"]["state_budget"], 900_000_000);
}

#[test]
fn dong_typed_into_a_million_column_is_refused_with_the_fix() {
    let dir = tempfile::tempdir().expect("temp");
    let rows: &[&[&str]] = &[
        HEADER,
        &[
            "1",
            "Tổ tự quản",
            "Kỳ Anh",
            "Kinh tế",
            "2021",
            "Hiệu quả",
            "350000000",
        ],
        &[
            "2",
            "Hũ gạo",
            "Kỳ Anh",
            "Kinh tế",
            "2022",
            "Hiệu quả",
            "999999",
        ],
    ];
    models_workbook(&dir.path().join("xa.xlsx"), rows);
    let outcome = Run::new().in_dir(dir.path()).build(["xa.xlsx"]).run();
    let json = outcome.json();
    // 350.000.000 triệu is 350.000 tỷ: refused. 999.999 triệu (just under
    // 1.000 tỷ) is large but possible: counted.
    let errors = messages(&json, "error");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("350.000 tỷ đồng"), "{errors:?}");
    assert!(errors[0].contains("hãy ghi 350 triệu đồng"), "{errors:?}");
    assert_eq!(json["rows"]["rejected"], 1);
    assert_eq!(json["models"]["funding_total"], 999_999_000_000_i64);
    assert_eq!(outcome.code, 1);
}

/// From a walkthrough: total rows labelled "Toàn xã", "Tổng toàn xã",
/// "Cộng (1+2)", "Lũy kế" and "Toàn xã: …", with the year filled in, were
/// works of type "Khác" and multiplied the money by five. Two works, 100 +
/// 200 = 300 triệu; every total row says 300.
#[test]
fn totals_named_by_their_place_a_sum_or_a_running_total_are_not_works() {
    let dir = tempfile::tempdir().expect("temp");
    let mut csv = "STT;Tên công trình, phần việc;Loại công trình;Số lượng;Đơn vị tính;Xã;Năm;\
         Tổng kinh phí (triệu đồng);Ngân sách nhà nước (triệu đồng);Vận động xã hội hóa (triệu đồng)\n\
         1;Đường ấp 1;Đường GTNT;3;km;Long Sơn;2025;100;60;40\n\
         2;Cầu ấp 2;Cầu;1;cây;Long Sơn;2025;200;100;100\n"
        .to_owned();
    for label in [
        "Toàn xã",
        "Tổng toàn xã",
        "Cộng (1+2)",
        "Lũy kế",
        "Toàn xã: 02 công trình",
    ] {
        csv.push_str(&format!(";{label};;;;;2025;300;160;140\n"));
    }
    std::fs::write(dir.path().join("cong-trinh.csv"), csv).expect("write");
    let json = Run::new()
        .in_dir(dir.path())
        .build(["."])
        .run()
        .code(0)
        .json();
    assert_eq!(
        json["rows"],
        serde_json::json!({"read": 7, "accepted": 2, "skipped": 5, "rejected": 0}),
        "{}",
        json["problems"]
    );
    assert_eq!(json["funding"]["total"], 300_000_000, "{}", json["funding"]);
    let types: Vec<&str> = json["projects"]["by_type"]
        .as_array()
        .expect("works")
        .iter()
        .map(|w| w["type"].as_str().expect("type"))
        .collect();
    assert!(!types.contains(&"Khác"), "{types:?}");
    assert!(
        messages(&json, "warning").is_empty(),
        "{}",
        json["problems"]
    );
}
