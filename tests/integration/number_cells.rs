//! Number cells as clerks fill them: a dash ("-", "—", "–") or "không"
//! meaning "none" reads like a blank cell, and quantities are rounded once
//! per cell, half away from zero, to thousandths (metres to km exactly).
//! Every expected figure below is worked out by hand in the comments.

use crate::harness::Run;
use rust_xlsxwriter::Workbook;
use serde_json::{json, Value};

const MODELS: &str = "\
STT;Tên mô hình;Xã;Lĩnh vực;Năm bắt đầu;Tình trạng;Kinh phí (triệu đồng)
1;Tổ hợp tác nuôi bò;Long Sơn;Kinh tế;2020;Hiệu quả;-
2;Hũ gạo tình thương;Long Sơn;Kinh tế;2021;Hiệu quả;—
3;Camera an ninh;Long Môn;Kinh tế;2021;Đăng ký; --
4;Đường hoa;Long Môn;Kinh tế;2022;Hiệu quả;không
5;Trồng nấm;Long Môn;Kinh tế;2022;Hiệu quả;12,5
";

const WORKS: &str = "\
STT;Tên công trình, phần việc;Loại công trình;Số lượng;Đơn vị tính;Xã;Năm;Tổng kinh phí (triệu đồng);Ngân sách nhà nước (triệu đồng);Vận động xã hội hóa (triệu đồng)
1;Đường xóm 1;Đường GTNT;333,3;m;Long Sơn;2020;-;–;12
2;Đường xóm 2;Đường GTNT;333,3;m;Long Sơn;2020;10;4;—
3;Đường xóm 3;Đường GTNT;1,5;m;Long Môn;2021;-;-;-
4;Đường xóm 4;Đường GTNT;2,5;m;Long Môn;2021;;;
5;Đường xóm 5;Đường GTNT;0,0005;km;Long Môn;2021;;;
6;Cầu Bến Đình;Cầu;-;cây;Long Môn;2021;5;5;0đ
7;Đường xóm 7;Đường GTNT;1;km;Long Môn;-;3;;
";

fn by_type<'a>(json: &'a Value, name: &str) -> &'a Value {
    json["projects"]["by_type"]
        .as_array()
        .expect("by_type")
        .iter()
        .find(|t| t["type"] == name)
        .unwrap_or_else(|| panic!("{name} in {json}"))
}

fn errors(json: &Value) -> Vec<&Value> {
    json["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .filter(|p| p["severity"] == "error")
        .collect()
}

#[test]
fn dashes_read_as_blank_and_metres_round_once_in_a_csv() {
    let dir = tempfile::tempdir().expect("temp");
    std::fs::write(dir.path().join("mo-hinh.csv"), MODELS).expect("write");
    std::fs::write(dir.path().join("cong-trinh.csv"), WORKS).expect("write");
    let outcome = Run::new().in_dir(dir.path()).build(["."]).run();
    let json = outcome.json();

    // 5 models + 6 works accepted; only work 7 (year "-", a missing year)
    // is rejected.
    assert_eq!(
        json["rows"],
        json!({"read": 12, "accepted": 11, "skipped": 0, "rejected": 1}),
        "{}",
        json["problems"]
    );
    let errors = errors(&json);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["row"], 8);
    assert!(
        errors[0]["message"]
            .as_str()
            .expect("message")
            .starts_with("Thiếu năm"),
        "{}",
        errors[0]
    );
    assert_eq!(outcome.code, 1, "an error leaves the figures incomplete");

    // Every model counts; only "12,5" triệu is money.
    assert_eq!(json["models"]["total"], 5);
    assert_eq!(json["models"]["effective"], 4);
    assert_eq!(json["models"]["funding_total"], 12_500_000);

    // Roads: 333,3 m -> 0,333 km twice, 1,5 m -> 0,002, 2,5 m -> 0,003,
    // 0,0005 km -> 0,001: 0,333 + 0,333 + 0,002 + 0,003 + 0,001 = 0,672.
    // Money: row 1 total = 0 + 12; row 2 mobilised = 10 - 4; rows 3-5 none.
    let road = by_type(&json, "Đường giao thông nông thôn");
    assert_eq!(road["count"], 5);
    assert_eq!(road["quantity"].as_f64(), Some(0.672), "{road}");
    assert_eq!(
        road["funding"],
        json!({"total": 22_000_000, "state_budget": 4_000_000, "mobilized": 18_000_000, "unknown_source": 0,
               "unsplit": 0, "overstated": 0})
    );
    // The bridge's "-" is no quantity; its "0đ" is an explicit 0.
    let bridge = by_type(&json, "Cầu");
    assert_eq!(bridge["count"], 1);
    assert_eq!(bridge["quantity"].as_f64(), Some(0.0), "{bridge}");
    assert_eq!(
        bridge["funding"],
        json!({"total": 5_000_000, "state_budget": 5_000_000, "mobilized": 0, "unknown_source": 0,
               "unsplit": 0, "overstated": 0})
    );
    assert_eq!(json["funding"]["total"], 27_000_000);
    assert_eq!(json["funding"]["state_budget"], 9_000_000);
    assert_eq!(json["funding"]["mobilized"], 18_000_000);
}

#[test]
fn number_cells_of_a_workbook_round_once_and_dashes_read_as_blank() {
    // The same roads as number cells (floats), the money dashes as strings.
    let dir = tempfile::tempdir().expect("temp");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Công trình").expect("name");
    let header = [
        "STT",
        "Tên công trình, phần việc",
        "Loại công trình",
        "Số lượng",
        "Đơn vị tính",
        "Xã",
        "Năm",
        "Tổng kinh phí (triệu đồng)",
    ];
    for (c, text) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, *text).expect("cell");
    }
    let rows: [(f64, &str, &str); 5] = [
        (333.3, "m", "-"),
        (333.3, "m", "—"),
        (1.5, "m", "–"),
        (2.5, "m", "--"),
        (0.0005, "km", "không"),
    ];
    for (i, (quantity, unit, money)) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        sheet.write_number(r, 0, f64::from(r)).expect("cell");
        sheet
            .write_string(r, 1, format!("Đường xóm {r}"))
            .expect("cell");
        sheet.write_string(r, 2, "Đường GTNT").expect("cell");
        sheet.write_number(r, 3, *quantity).expect("cell");
        sheet.write_string(r, 4, *unit).expect("cell");
        sheet.write_string(r, 5, "Long Sơn").expect("cell");
        sheet.write_number(r, 6, 2021.0).expect("cell");
        sheet.write_string(r, 7, *money).expect("cell");
    }
    workbook
        .save(dir.path().join("cong-trinh.xlsx"))
        .expect("save");
    let outcome = Run::new().in_dir(dir.path()).build(["."]).run().code(0);
    let json = outcome.json();
    assert_eq!(
        json["rows"],
        json!({"read": 5, "accepted": 5, "skipped": 0, "rejected": 0}),
        "{}",
        json["problems"]
    );
    assert!(errors(&json).is_empty());
    // 0,333 + 0,333 + 0,002 + 0,003 + 0,001 = 0,672 km, no money.
    let road = by_type(&json, "Đường giao thông nông thôn");
    assert_eq!(road["count"], 5);
    assert_eq!(road["quantity"].as_f64(), Some(0.672), "{road}");
    assert_eq!(json["funding"]["total"], 0);
}

/// Audit D8: a type outside the taxonomy typed in "m" was counted in km
/// ("Kênh mương nội đồng | 200 | m" became 0,2 km), though interface.md
/// keeps any other type "under its own name and unit". Only the
/// taxonomy's km types (Đường giao thông nông thôn, Điện thắp sáng đường
/// quê) turn metres into km.
#[test]
fn a_type_outside_the_list_keeps_its_own_unit_and_metres_become_km_only_for_km_types() {
    let dir = tempfile::tempdir().expect("temp");
    std::fs::write(
        dir.path().join("long-son.csv"),
        "STT;Tên công trình, phần việc;Loại công trình;Số lượng;Đơn vị tính;Xã;Năm\n\
         1;Kênh ấp 1;Kênh mương nội đồng;500;m;Long Sơn;2021\n\
         2;Kênh ấp 2;Kênh mương nội đồng;250,5;mét;Long Sơn;2022\n\
         3;Đường xóm 1;Đường GTNT;800;m;Long Sơn;2022\n\
         4;Đèn đường ấp 1;Thắp sáng đường quê;1.500;mét;Long Sơn;2022\n",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("long-mon.csv"),
        "STT;Tên công trình, phần việc;Loại công trình;Số lượng;Đơn vị tính;Xã;Năm\n\
         1;Kênh xóm;Kênh mương nội đồng;1,2;km;Long Môn;2021\n\
         2;Giếng khoan;Giếng nước sạch;3;giếng;Long Môn;2021\n\
         3;Đường xóm 2;Đường giao thông nông thôn;0,7;km;Long Môn;2021\n",
    )
    .expect("write");
    let json = Run::new()
        .in_dir(dir.path())
        .build(["."])
        .run()
        .code(0)
        .json();
    let types = json["projects"]["by_type"].as_array().expect("by_type");
    let mut canals: Vec<(&str, u64, f64)> = types
        .iter()
        .filter(|t| t["type"] == "Kênh mương nội đồng")
        .map(|t| {
            (
                t["unit"].as_str().expect("unit"),
                t["count"].as_u64().expect("count"),
                t["quantity"].as_f64().expect("quantity"),
            )
        })
        .collect();
    canals.sort_by(|a, b| a.0.cmp(b.0));
    // "m" and "mét" are one unit: 500 + 250,5 = 750,5 m; the km row apart.
    assert_eq!(canals, [("km", 1, 1.2), ("m", 2, 750.5)], "{types:?}");
    // 800 m = 0,8 km, + 0,7 km = 1,5 km.
    let road = by_type(&json, "Đường giao thông nông thôn");
    assert_eq!(road["unit"], "km");
    assert_eq!(road["count"], 2);
    assert_eq!(road["quantity"].as_f64(), Some(1.5), "{road}");
    // A km type of the taxonomy besides roads: 1.500 mét = 1,5 km.
    let lights = by_type(&json, "Điện thắp sáng đường quê");
    assert_eq!(lights["unit"], "km");
    assert_eq!(lights["quantity"].as_f64(), Some(1.5), "{lights}");
    // A unit dvk cannot convert is kept as written.
    let wells = by_type(&json, "Giếng nước sạch");
    assert_eq!(wells["unit"], "giếng");
    assert_eq!(wells["quantity"].as_f64(), Some(3.0));
}

#[test]
fn money_written_in_words_of_several_units_is_read_to_the_dong() {
    let dir = tempfile::tempdir().expect("temp");
    std::fs::write(
        dir.path().join("cong-trinh.csv"),
        "STT;Tên công trình, phần việc;Loại công trình;Số lượng;Đơn vị tính;Xã;Năm;Tổng kinh phí (triệu đồng)\n\
         1;Nhà văn hóa ấp 1;Nhà văn hóa;1;căn;Long Sơn;2021;1 tỷ 500 triệu\n\
         2;Nhà văn hóa ấp 2;Nhà văn hóa;1;căn;Long Sơn;2022;2 triệu 350 nghìn đồng\n\
         3;Nhà văn hóa ấp 3;Nhà văn hóa;1;căn;Long Sơn;2022;1 tỷ 5\n",
    )
    .expect("write");
    let outcome = Run::new().in_dir(dir.path()).build(["."]).run();
    let json = outcome.json();
    // 1.500.000.000 + 2.350.000 đồng; "1 tỷ 5" (1,5 tỷ or 1 tỷ 5 đồng?) is
    // not guessed: that row is rejected, naming the cell.
    let houses = by_type(&json, "Nhà văn hóa");
    assert_eq!(houses["count"], 2, "{}", json["problems"]);
    assert_eq!(houses["funding"]["total"], 1_502_350_000_i64);
    let errors = errors(&json);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["row"], 4);
    assert!(
        errors[0]["message"].as_str().is_some_and(|m| m
            .contains("\"1 tỷ 5\" không rõ là 1,5 tỷ hay 1 tỷ 5 đồng")
            && m.contains("hãy ghi \"1,5 tỷ\" hoặc \"1.500.000.000\"")),
        "{}",
        errors[0]
    );
}
