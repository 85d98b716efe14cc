//! Units as a walkthrough's headers wrote them: money "(1000đ)", "(đ)",
//! "(Tr.đ)", "(1.000 đồng)", "ĐVT: 1000đ", and the resources sheet's land
//! "Đất hiến (ha)". Each was read wrong without a word (3000 under "(1000đ)"
//! became 3 tỷ, 0,5 ha became 0,5 m²). Every expected figure is worked out
//! by hand in the comments.

use crate::harness::{problems, problems_saying, Run};
use rust_xlsxwriter::Workbook;
use serde_json::Value;

/// `build` over one CSV file holding `text`; the run's `tong-hop.json`.
fn build_csv(name: &str, text: &str) -> Value {
    let dir = tempfile::tempdir().expect("temp");
    std::fs::write(dir.path().join(name), text).expect("write");
    Run::new().in_dir(dir.path()).build([name]).run().json()
}

/// A works sheet of one road, its three money columns headed
/// "<name> (<unit>)", and amounts total 3000, state 1000, mobilised 2000.
fn works_in(unit: &str) -> String {
    format!(
        "STT;Tên công trình, phần việc;Loại công trình;Xã;Năm;Tổng kinh phí ({unit});\
         Ngân sách nhà nước ({unit});Vận động xã hội hóa ({unit})\n\
         1;Đường xóm 1;Đường GTNT;Long Sơn;2024;3000;1000;2000\n"
    )
}

fn no_missing_unit_warning(json: &Value, case: &str) {
    let told: Vec<&Value> = problems_saying(json, "không ghi đơn vị").collect();
    assert!(told.is_empty(), "{case}: {told:?}");
}

#[test]
fn money_units_written_short_in_headers_are_read() {
    // (header unit, đồng per unit): 3000 / 1000 / 2000 of that unit.
    let cases: [(&str, i64); 8] = [
        ("1000đ", 1_000),
        ("1.000đ", 1_000),
        ("1.000 đồng", 1_000),
        ("ng.đ", 1_000),
        ("đ", 1),
        ("VNĐ", 1),
        ("Tr.đ", 1_000_000),
        ("tr.đ", 1_000_000),
    ];
    for (unit, dong) in cases {
        let json = build_csv("cong-trinh.csv", &works_in(unit));
        assert_eq!(
            json["rows"]["accepted"], 1,
            "({unit}): {}",
            json["problems"]
        );
        // "(1000đ)": 3000 × 1.000 = 3.000.000 đ, not 3.000 × 1.000.000.
        assert_eq!(json["funding"]["total"], 3000 * dong, "({unit})");
        assert_eq!(json["funding"]["state_budget"], 1000 * dong, "({unit})");
        assert_eq!(json["funding"]["mobilized"], 2000 * dong, "({unit})");
        no_missing_unit_warning(&json, unit);
    }
}

#[test]
fn headers_typed_without_diacritics_name_no_unit_by_their_words() {
    // "Ngan sach" is not "ngàn", "Van dong" not "đồng": both columns name no
    // unit, so they are triệu (with the warning), like the total's
    // "(trieu dong)": 3 / 1 / 2 triệu.
    let json = build_csv(
        "cong-trinh.csv",
        "STT;Ten cong trinh, phan viec;Loai cong trinh;Xa;Nam;Tong kinh phi (trieu dong);\
         Ngan sach nha nuoc;Van dong xa hoi hoa\n\
         1;Duong xom 1;Duong GTNT;Long Son;2024;3;1;2\n",
    );
    assert_eq!(json["rows"]["accepted"], 1, "{}", json["problems"]);
    assert_eq!(json["funding"]["total"], 3_000_000);
    assert_eq!(json["funding"]["state_budget"], 1_000_000);
    assert_eq!(json["funding"]["mobilized"], 2_000_000);
    assert_eq!(problems_saying(&json, "không ghi đơn vị").count(), 2);
}

#[test]
fn a_unit_line_in_thousands_written_short_is_read() {
    // "ĐVT: 1000đ" above the table: 5000 is 5.000.000 đ; the column
    // naming its own unit "(Tr.đ)" keeps it: 2 is 2.000.000 đ.
    let json = build_csv(
        "cong-trinh.csv",
        "BIỂU TỔNG HỢP CÔNG TRÌNH;;;;;;\n\
         ĐVT: 1000đ;;;;;;\n\
         STT;Tên công trình, phần việc;Loại công trình;Xã;Năm;Tổng kinh phí;Ngân sách nhà nước (Tr.đ)\n\
         1;Đường xóm 1;Đường GTNT;Long Sơn;2024;5000;2\n",
    );
    assert_eq!(json["rows"]["accepted"], 1, "{}", json["problems"]);
    assert_eq!(json["funding"]["total"], 5_000_000);
    assert_eq!(json["funding"]["state_budget"], 2_000_000);
    // 5.000.000 − 2.000.000.
    assert_eq!(json["funding"]["mobilized"], 3_000_000);
    no_missing_unit_warning(&json, "ĐVT: 1000đ");
}

#[test]
fn a_workbooks_two_row_header_in_thousands_is_read() {
    // "KINH PHÍ (1.000đ)" merged over TỔNG | NGÂN SÁCH NHÀ NƯỚC | VẬN ĐỘNG
    // XÃ HỘI HÓA: the children take the parent's unit; 1500 + 2500 = 4000
    // nghìn, 4.000.000 đ.
    let dir = tempfile::tempdir().expect("temp");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Công trình").expect("name");
    let top = [
        "STT",
        "Tên công trình, phần việc",
        "Loại công trình",
        "Xã",
        "Năm",
        "KINH PHÍ (1.000đ)",
    ];
    for (c, text) in top.iter().enumerate() {
        sheet.write_string(0, c as u16, *text).expect("cell");
    }
    for (c, text) in ["TỔNG", "NGÂN SÁCH NHÀ NƯỚC", "VẬN ĐỘNG XÃ HỘI HÓA"]
        .iter()
        .enumerate()
    {
        sheet.write_string(1, 5 + c as u16, *text).expect("cell");
    }
    sheet.write_number(2, 0, 1.0).expect("cell");
    sheet.write_string(2, 1, "Đường xóm 1").expect("cell");
    sheet.write_string(2, 2, "Đường GTNT").expect("cell");
    sheet.write_string(2, 3, "Long Sơn").expect("cell");
    sheet.write_number(2, 4, 2024.0).expect("cell");
    for (c, amount) in [4000.0, 1500.0, 2500.0].iter().enumerate() {
        sheet.write_number(2, 5 + c as u16, *amount).expect("cell");
    }
    workbook
        .save(dir.path().join("cong-trinh.xlsx"))
        .expect("save");
    let json = Run::new()
        .in_dir(dir.path())
        .build(["cong-trinh.xlsx"])
        .run()
        .json();
    assert_eq!(json["rows"]["accepted"], 1, "{}", json["problems"]);
    assert_eq!(json["funding"]["total"], 4_000_000);
    assert_eq!(json["funding"]["state_budget"], 1_500_000);
    assert_eq!(json["funding"]["mobilized"], 2_500_000);
    no_missing_unit_warning(&json, "KINH PHÍ (1.000đ)");
}

#[test]
fn land_in_hectares_is_counted_in_square_metres() {
    // "Đất hiến (ha)": 0,5 ha is 5.000 m²; a cell saying "2000 m2" keeps its
    // own unit. "Đất hiến (m2)": "0,25 ha" is 2.500 m², 300 is 300 m².
    // 5.000 + 2.000 + 2.500 + 300 = 9.800 m².
    let dir = tempfile::tempdir().expect("temp");
    std::fs::write(
        dir.path().join("nguon-luc-ha.csv"),
        "STT;Xã;Năm;Ngày công;Đất hiến (ha)\n\
         1;Long Sơn;2024;100;0,5\n\
         2;Long Môn;2024;50;2000 m2\n",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("nguon-luc-m2.csv"),
        "STT;Xã;Năm;Ngày công;Đất hiến (m2)\n\
         1;Thanh An;2024;20;0,25 ha\n\
         2;Long Hiệp;2024;10;300\n",
    )
    .expect("write");
    let json = Run::new().in_dir(dir.path()).build(["."]).run().json();
    assert_eq!(json["rows"]["accepted"], 4, "{}", json["problems"]);
    assert_eq!(json["funding"]["land_m2"].as_f64(), Some(9_800.0));
    assert_eq!(json["funding"]["workdays"], 180);
    assert!(problems(&json, "error").is_empty(), "{}", json["problems"]);
}

#[test]
fn land_in_a_regional_unit_is_refused_not_taken_as_square_metres() {
    // A sào is 360 m² in the North and 500 m² in the Centre: "Đất hiến
    // (sào)" 3 and "2 công đất" under "Đất hiến" are errors naming the cell,
    // their rows rejected (row 2 of each file); only 50 workdays, then
    // 400 m², count.
    let json = build_csv(
        "nguon-luc.csv",
        "STT;Xã;Năm;Ngày công;Đất hiến (sào)\n\
         1;Long Sơn;2024;100;3\n\
         2;Long Môn;2024;50;\n",
    );
    assert_eq!(json["rows"]["rejected"], 1, "{}", json["problems"]);
    assert_eq!(json["funding"]["land_m2"].as_f64(), Some(0.0));
    assert_eq!(json["funding"]["workdays"], 50);
    let errors = problems(&json, "error");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["row"], 2);
    assert_eq!(errors[0]["column"], "Đất hiến (sào)");
    let message = errors[0]["message"].as_str().expect("message");
    assert!(message.contains("\"3\" theo đơn vị sào"), "{message}");
    assert!(message.contains("Đất hiến (m²)"), "{message}");

    let json = build_csv(
        "nguon-luc.csv",
        "STT;Xã;Năm;Ngày công;Đất hiến\n\
         1;Long Sơn;2024;100;2 công đất\n\
         2;Long Môn;2024;100;400\n",
    );
    assert_eq!(json["rows"]["rejected"], 1, "{}", json["problems"]);
    assert_eq!(json["funding"]["land_m2"].as_f64(), Some(400.0));
    let errors = problems(&json, "error");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["row"], 2);
    let message = errors[0]["message"].as_str().expect("message");
    assert!(
        message.contains("\"2 công đất\" ghi theo công đất"),
        "{message}"
    );
}
