//! Years typed into cells formatted as dates: the cell holds 2022, the
//! spreadsheet shows 14/07/1905. dvk takes 2022 with one warning per year
//! column of a sheet. The files are hand-made by
//! `tests/fixtures/nam-kieu-ngay/make.py` (.xls and .ods by LibreOffice);
//! the figures below are counted from the rows it writes.

use crate::harness::{problems, Outcome, Run};
use serde_json::{json, Value};

const DIR: &str = "nam-kieu-ngay";

fn run(file: &str, args: &[&str]) -> Outcome {
    Run::new()
        .in_fixtures()
        .build([format!("{DIR}/{file}")])
        .args(args)
        .run()
        .code(0)
}

fn build(file: &str, args: &[&str]) -> Value {
    run(file, args).json()
}

/// Asserts that `problem`'s message says each of `parts`.
fn says(file: &str, problem: &Value, parts: &[&str]) {
    let said = problem["message"].as_str().expect("message");
    for part in parts {
        assert!(said.contains(part), "{file}: {part}: {said}");
    }
}

fn on_sheet(warnings: &[Value], sheet: &str) -> Vec<Value> {
    warnings
        .iter()
        .filter(|p| p["sheet"] == sheet)
        .cloned()
        .collect()
}

/// "Mô hình": 01/05/2019 (a real date), 2022 typed into the date column,
/// 2021 as a number: years 2019, 2021, 2022, 10 + 20 + 30 triệu. "Công
/// trình": six works typed 2020, 2020, 2021, 2021, 2022, 2022 into a date
/// column. Without the fix the period began in 1905 and Phụ lục 3 had a
/// 1905 row.
#[test]
fn a_year_typed_into_a_date_cell_is_that_year_with_one_warning_per_column() {
    for file in [
        "nam-kieu-ngay.xlsx",
        "nam-kieu-ngay.xls",
        "nam-kieu-ngay.ods",
    ] {
        let outcome = run(file, &[]);
        let report = outcome.markdown();
        assert!(
            report.contains("giai đoạn 2019 – 2022") && !report.contains("1905"),
            "{file}: {report}"
        );
        let json = outcome.json();
        assert_eq!(
            json["rows"],
            json!({"read": 9, "accepted": 9, "skipped": 0, "rejected": 0}),
            "{file}"
        );
        assert_eq!(json["period"], json!({"from": 2019, "to": 2022}), "{file}");
        assert_eq!(
            json["models"]["by_year"],
            json!([
                {"year": 2019, "total": 1},
                {"year": 2021, "total": 1},
                {"year": 2022, "total": 1},
            ]),
            "{file}"
        );
        assert_eq!(json["models"]["funding_total"], 60_000_000, "{file}");

        let warnings = problems(&json, "warning");
        assert_eq!(warnings.len(), 2, "{file}: {warnings:?}");
        let models = on_sheet(&warnings, "Mô hình");
        assert_eq!(models.len(), 1, "{file}: {warnings:?}");
        assert_eq!(models[0]["row"], 3, "{file}");
        assert_eq!(models[0]["column"], "Năm bắt đầu", "{file}");
        says(
            file,
            &models[0],
            &[
                "Ô định dạng kiểu ngày nhưng chứa số 2022, nên ô hiện 14/07/1905",
                "dvk lấy năm 2022, không phải năm 1905",
                "Hãy định dạng cột \"Năm bắt đầu\" là Number (Số) hoặc General (Chung)",
            ],
        );

        let works = on_sheet(&warnings, "Công trình");
        assert_eq!(works.len(), 1, "{file}: {warnings:?}");
        assert_eq!(works[0]["row"], 2, "{file}");
        assert_eq!(works[0]["column"], "Năm", "{file}");
        says(
            file,
            &works[0],
            &[
                "6 ô định dạng kiểu ngày nhưng chứa số năm",
                "dòng 2 hiện 12/07/1905 (lấy năm 2020); dòng 3 hiện 12/07/1905 (lấy năm 2020); \
                 dòng 4 hiện 13/07/1905 (lấy năm 2021); dòng 5 hiện 13/07/1905 (lấy năm 2021); \
                 dòng 6 hiện 14/07/1905 (lấy năm 2022) và 1 dòng khác",
                "Hãy định dạng cột \"Năm\" là Number",
            ],
        );
    }
}

/// The years taken decide the period: --from 2020 --to 2020 keeps the two
/// works typed 2020 (rows 2 and 3: 10 + 20 triệu, 100 + 200 m) and no model.
#[test]
fn a_year_typed_into_a_date_cell_counts_in_its_own_year() {
    let json = build("nam-kieu-ngay.xlsx", &["--from", "2020", "--to", "2020"]);
    assert_eq!(json["period"], json!({"from": 2020, "to": 2020}));
    assert_eq!(json["models"]["total"], 0);
    assert_eq!(json["funding"]["total"], 30_000_000);
    let roads = &json["projects"]["by_type"][0];
    assert_eq!(roads["type"], "Đường giao thông nông thôn");
    assert_eq!(roads["count"], 2);
    assert_eq!(roads["quantity"], 0.3);
}

/// 01/01/1905 is serial 1828, not a year typed as a date: it stays 1905,
/// with no word about date formats.
#[test]
fn a_real_date_of_1905_stays_a_date() {
    let json = build("ngay-1905.xlsx", &[]);
    assert_eq!(json["period"], json!({"from": 1905, "to": 2021}));
    assert_eq!(
        json["models"]["by_year"],
        json!([{"year": 1905, "total": 1}, {"year": 2021, "total": 1}])
    );
    assert!(
        crate::harness::problems_saying(&json, "kiểu ngày")
            .next()
            .is_none(),
        "{:?}",
        json["problems"]
    );
}

/// A workbook that counts its dates from 1904-01-01 (old Mac Excel):
/// 01/05/2019 is serial 42124 there and 31/12/2020 is 42734, which read as
/// 1900 dates would be 2015 and 2016. A year typed into a date cell there
/// shows 15/07/1909. The .xls copy keeps the date system (its DATE1904
/// record), so calamine's path is proven too. Models: 2019, 2022, 2020 and
/// 2021 (a number), 10 + 20 + 30 + 40 triệu.
#[test]
fn a_workbook_counting_dates_from_1904_gives_the_years_it_shows() {
    for file in ["nam-1904.xlsx", "nam-1904.xls"] {
        let json = build(file, &[]);
        assert_eq!(json["period"], json!({"from": 2019, "to": 2022}), "{file}");
        assert_eq!(
            json["models"]["by_year"],
            json!([
                {"year": 2019, "total": 1},
                {"year": 2020, "total": 1},
                {"year": 2021, "total": 1},
                {"year": 2022, "total": 1},
            ]),
            "{file}"
        );
        assert_eq!(json["models"]["funding_total"], 100_000_000, "{file}");
        let warnings = problems(&json, "warning");
        assert_eq!(warnings.len(), 1, "{file}: {warnings:?}");
        assert_eq!(warnings[0]["row"], 3, "{file}");
        says(
            file,
            &warnings[0],
            &[
                "chứa số 2022, nên ô hiện 15/07/1909",
                "dvk lấy năm 2022, không phải năm 1909",
            ],
        );
    }
}

/// Seventh walkthrough: "Từ năm 2023", "Quý I/2023" and "'2023" (Excel's
/// apostrophe that keeps a number as text, as a CSV export keeps it) were
/// rejected as "không phải là năm", while "Năm 2023" and "T3/2023" were
/// read. Each is now its year; two years in one cell are still refused,
/// asking for one.
#[test]
fn a_year_written_with_words_a_quarter_or_an_apostrophe_is_that_year() {
    let dir = tempfile::tempdir().expect("temp");
    let header = "STT;Tên mô hình;Đơn vị thực hiện;Tỉnh;Huyện;Xã;Thôn/Ấp;Lĩnh vực;Năm bắt đầu;Tình trạng;Cấp công nhận;Tiêu biểu;Kinh phí (triệu đồng);Ghi chú\n";
    let years = [
        "'2023",
        "Từ năm 2023",
        "Quý I/2023",
        "Quý 1/2023",
        "QI/2022",
        "từ quý IV năm 2022",
        "2023-2024",
    ];
    let mut text = header.to_owned();
    for (i, year) in years.iter().enumerate() {
        text.push_str(&format!(
            "{};Mô hình {};Hội Nông dân xã;Quảng Ngãi;Minh Long;Long Sơn;Thôn 1;Kinh tế;{year};Hiệu quả;;;10;\n",
            i + 1,
            i + 1
        ));
    }
    std::fs::write(dir.path().join("mo-hinh.csv"), text).expect("write");
    let outcome = Run::new()
        .in_dir(dir.path())
        .build(["mo-hinh.csv"])
        .run()
        .code(1);
    let json = outcome.json();
    // Six read as years (2023 four times, 2022 twice); "2023-2024" refused.
    assert_eq!(
        json["rows"],
        json!({"read": 7, "accepted": 6, "skipped": 0, "rejected": 1})
    );
    assert_eq!(
        json["models"]["by_year"],
        json!([{"year": 2022, "total": 2}, {"year": 2023, "total": 4}])
    );
    assert_eq!(json["models"]["funding_total"], 60_000_000);
    let errors = problems(&json, "error");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["row"], 8);
    says(
        "mo-hinh.csv",
        &errors[0],
        &[
            "\"2023-2024\" không phải là năm",
            "hai năm (2023 và 2024)",
            "một năm",
        ],
    );
}
