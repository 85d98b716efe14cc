//! Layout rows clerks write that are not in a total's usual place: a total
//! labelled in a place column, "Cộng 2 mô hình", a total with no label at
//! all, the header repeated inside the table, the parent rows of a numbered
//! hierarchy, the breakdown under a total ("Trong đó:", "Bình quân/năm",
//! "Tỷ lệ (%)"), numbering rows with letters or formulas, roman group
//! headings carrying their sums, and a signing date alone in the year
//! column. Every figure expected below is worked out by hand in the
//! comments; each sheet is the shape a tester's report found miscounted.

use crate::harness::{one_sheet_workbook, problems, Outcome, Run};
use serde_json::Value;

const RESOURCES: &[&str] = &[
    "STT",
    "Tỉnh",
    "Huyện",
    "Xã",
    "Năm",
    "Lượt cơ quan, đơn vị tham gia",
    "Tổng kinh phí (triệu đồng)",
    "Ngân sách nhà nước (triệu đồng)",
    "Vận động xã hội hóa (triệu đồng)",
    "Ngày công",
    "Đất hiến (m²)",
];

const MODELS: &[&str] = &[
    "STT",
    "Tên mô hình",
    "Đơn vị thực hiện",
    "Tỉnh",
    "Huyện",
    "Xã",
    "Thôn/Ấp",
    "Lĩnh vực",
    "Năm bắt đầu",
    "Tình trạng",
    "Kinh phí (triệu đồng)",
];

const WORKS: &[&str] = &[
    "STT",
    "Tên công trình, phần việc",
    "Loại công trình",
    "Số lượng",
    "Đơn vị tính",
    "Tỉnh",
    "Huyện",
    "Xã",
    "Thôn/Ấp",
    "Năm",
    "Tổng kinh phí (triệu đồng)",
    "Ngân sách nhà nước (triệu đồng)",
    "Vận động xã hội hóa (triệu đồng)",
];

/// Two communes' resources for 2023: 100 + 200 triệu (state 60 + 150,
/// mobilised 40 + 50), 1 + 1 participations, 10 + 10 workdays.
const TWO_COMMUNES: [&[&str]; 2] = [
    &[
        "1",
        "Quảng Ngãi",
        "Minh Long",
        "Long Sơn",
        "2023",
        "1",
        "100",
        "60",
        "40",
        "10",
        "0",
    ],
    &[
        "2",
        "Quảng Ngãi",
        "Minh Long",
        "Long Mai",
        "2023",
        "1",
        "200",
        "150",
        "50",
        "10",
        "0",
    ],
];

/// Two models of Long Sơn, 2023: 10 + 20 triệu.
const TWO_MODELS: [&[&str]; 2] = [
    &[
        "1",
        "MH 1",
        "Hội ND",
        "Quảng Ngãi",
        "Minh Long",
        "Long Sơn",
        "Thôn 1",
        "Kinh tế",
        "2023",
        "Hiệu quả",
        "10",
    ],
    &[
        "2",
        "MH 2",
        "Hội ND",
        "Quảng Ngãi",
        "Minh Long",
        "Long Sơn",
        "Thôn 2",
        "Kinh tế",
        "2023",
        "Hiệu quả",
        "20",
    ],
];

/// Two community halls of Long Sơn, 2023: 1 + 1 căn, 100 + 200 triệu
/// (state 60 + 150, mobilised 40 + 50).
const TWO_WORKS: [&[&str]; 2] = [
    &[
        "1",
        "Nhà văn hóa thôn 1",
        "Nhà văn hóa",
        "1",
        "căn",
        "Quảng Ngãi",
        "Minh Long",
        "Long Sơn",
        "Thôn 1",
        "2023",
        "100",
        "60",
        "40",
    ],
    &[
        "2",
        "Nhà văn hóa thôn 2",
        "Nhà văn hóa",
        "1",
        "căn",
        "Quảng Ngãi",
        "Minh Long",
        "Long Sơn",
        "Thôn 2",
        "2023",
        "200",
        "150",
        "50",
    ],
];

/// Builds the one-sheet workbook of `rows` and runs `dvk build` on it.
fn build(sheet: &str, rows: &[&[&str]]) -> Outcome {
    let dir = tempfile::tempdir().expect("temp");
    one_sheet_workbook(&dir.path().join("xa.xlsx"), sheet, rows);
    Run::new().in_dir(dir.path()).build(["xa.xlsx"]).run()
}

fn counts(json: &Value) -> (u64, u64, u64, u64) {
    let n = |k: &str| json["rows"][k].as_u64().expect("count");
    (n("read"), n("accepted"), n("skipped"), n("rejected"))
}

/// The problems a run's JSON names on `row`.
fn on_row(json: &Value, row: u32) -> Vec<&Value> {
    json["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .filter(|p| p["row"] == row)
        .collect()
}

fn no_errors(json: &Value) {
    let errors = problems(json, "error");
    assert!(errors.is_empty(), "{errors:?}");
}

/// The resources of [`TWO_COMMUNES`], counted once: 300 triệu (210 state,
/// 90 mobilised), 2 participations, 20 workdays.
fn counted_once(json: &Value) {
    let funding = &json["funding"];
    assert_eq!(funding["total"], 300_000_000, "{json}");
    assert_eq!(funding["state_budget"], 210_000_000);
    assert_eq!(funding["mobilized"], 90_000_000);
    assert_eq!(funding["participations"], 2);
    assert_eq!(funding["workdays"], 20);
}

#[test]
fn a_total_labelled_in_a_place_column_is_skipped_not_counted() {
    // The label in Xã, in Huyện, upper case, "Toàn huyện"; with a year or
    // without: each time a total of the two rows above.
    for (huyen, xa, year) in [
        ("Minh Long", "Tổng cộng", "2023"),
        ("Minh Long", "TỔNG CỘNG", "2023"),
        ("Minh Long", "Cộng", "2023"),
        ("Minh Long", "Toàn huyện", "2023"),
        ("Tổng", "", "2023"),
        ("Minh Long", "Tổng cộng", ""),
    ] {
        let total: &[&str] = &[
            "",
            "Quảng Ngãi",
            huyen,
            xa,
            year,
            "2",
            "300",
            "210",
            "90",
            "20",
            "0",
        ];
        let rows = [RESOURCES, TWO_COMMUNES[0], TWO_COMMUNES[1], total];
        let outcome = build("Nguồn lực", &rows);
        let json = outcome.json();
        assert_eq!(
            counts(&json),
            (3, 2, 1, 0),
            "{xa:?} {huyen:?} {year:?}: {json}"
        );
        counted_once(&json);
        no_errors(&json);
        // The total is not a place that reported: two communes.
        assert!(
            outcome.markdown().contains("02 địa phương"),
            "{}",
            outcome.markdown()
        );
        assert_eq!(outcome.code, 0);
    }
}

#[test]
fn a_place_named_like_a_total_word_stays_a_place() {
    // "Cộng Hòa" is a commune (a unit test has "Toàn Thắng"); "Toàn xã" as the hamlet of
    // a named model is a model run across the commune. All are counted:
    // resources 100 + 200 + 50 = 350 triệu; models 10 + 20 + 5 = 35 triệu.
    let cong_hoa: &[&str] = &[
        "3",
        "Quảng Ngãi",
        "Minh Long",
        "Cộng Hòa",
        "2023",
        "1",
        "50",
        "50",
        "0",
        "5",
        "0",
    ];
    let json = build(
        "Nguồn lực",
        &[RESOURCES, TWO_COMMUNES[0], TWO_COMMUNES[1], cong_hoa],
    )
    .json();
    assert_eq!(counts(&json), (3, 3, 0, 0), "{json}");
    assert_eq!(json["funding"]["total"], 350_000_000);
    let whole_commune: &[&str] = &[
        "3",
        "Camera an ninh",
        "Công an xã",
        "Quảng Ngãi",
        "Minh Long",
        "Long Sơn",
        "Toàn xã",
        "Quốc phòng - an ninh",
        "2023",
        "Hiệu quả",
        "5",
    ];
    let json = build(
        "Mô hình",
        &[MODELS, TWO_MODELS[0], TWO_MODELS[1], whole_commune],
    )
    .json();
    assert_eq!(counts(&json), (3, 3, 0, 0), "{json}");
    assert_eq!(json["models"]["total"], 3);
    assert_eq!(json["models"]["funding_total"], 35_000_000);
}

#[test]
fn toan_xa_in_the_hamlet_column_and_cong_2_mo_hinh_are_totals() {
    // 10 + 20 = 30 triệu, stated once more by each total row.
    let toan_xa: &[&str] = &[
        "",
        "",
        "",
        "Quảng Ngãi",
        "Minh Long",
        "Long Sơn",
        "Toàn xã",
        "",
        "2023",
        "",
        "30",
    ];
    let cong_2: &[&str] = &[
        "3",
        "Cộng 2 mô hình",
        "",
        "Quảng Ngãi",
        "Minh Long",
        "Long Sơn",
        "",
        "",
        "2023",
        "",
        "30",
    ];
    for total in [toan_xa, cong_2] {
        let json = build("Mô hình", &[MODELS, TWO_MODELS[0], TWO_MODELS[1], total]).json();
        assert_eq!(counts(&json), (3, 2, 1, 0), "{json}");
        assert_eq!(json["models"]["total"], 2);
        assert_eq!(json["models"]["funding_total"], 30_000_000);
        // A right total: no warning at all.
        assert!(
            problems(&json, "warning").is_empty(),
            "{}",
            json["problems"]
        );
    }
}

#[test]
fn an_unlabelled_row_adding_the_rows_above_is_a_total() {
    // 1 + 1 căn, 100 + 200 = 300 triệu (60 + 150 = 210, 40 + 50 = 90):
    // the row states just that, with a year and without.
    for year in ["2023", ""] {
        let total: &[&str] = &[
            "", "", "", "2", "", "", "", "", "", year, "300", "210", "90",
        ];
        let json = build("Công trình", &[WORKS, TWO_WORKS[0], TWO_WORKS[1], total]).json();
        assert_eq!(counts(&json), (3, 2, 1, 0), "{year:?}: {json}");
        assert_eq!(json["funding"]["total"], 300_000_000);
        let types = json["projects"]["by_type"].as_array().expect("types");
        assert_eq!(types.len(), 1, "no work of type Khác: {types:?}");
        assert_eq!(types[0]["count"], 2);
        no_errors(&json);
        let said = on_row(&json, 4);
        assert_eq!(said.len(), 1, "{said:?}");
        assert_eq!(said[0]["severity"], "info");
        let message = said[0]["message"].as_str().expect("message");
        assert!(
            message.contains("bằng tổng các dòng phía trên") && message.contains("dòng tổng cộng"),
            "{message}"
        );
    }
}

#[test]
fn an_unlabelled_row_that_is_not_the_sum_stays_a_record() {
    // 300 + 1 triệu is no sum of 100 and 200: a work missing its name and
    // type, counted (with a warning) as today, 100 + 200 + 301 = 601 triệu.
    let row: &[&str] = &[
        "", "", "", "2", "", "", "", "", "", "2023", "301", "211", "90",
    ];
    let json = build("Công trình", &[WORKS, TWO_WORKS[0], TWO_WORKS[1], row]).json();
    assert_eq!(counts(&json), (3, 3, 0, 0), "{json}");
    assert_eq!(json["funding"]["total"], 601_000_000);
    assert!(!problems(&json, "warning").is_empty());
}

#[test]
fn a_resources_row_of_another_year_or_numbered_is_never_an_unlabelled_total() {
    // From a re-check: a commune's resources with the place left blank,
    // 2022: 100, 2023: 50, 2024: 150 triệu. The 2024 row equals the two
    // above, but a total adds rows of its own year: all three count, 300.
    let header: &[&str] = &["Năm", "Tổng kinh phí (triệu đồng)", "Ngày công"];
    let rows: [&[&str]; 3] = [
        &["2022", "100", "10"],
        &["2023", "50", "5"],
        &["2024", "150", "15"],
    ];
    let json = build("Nguồn lực", &[header, rows[0], rows[1], rows[2]]).json();
    assert_eq!(counts(&json), (3, 3, 0, 0), "{json}");
    assert_eq!(json["funding"]["total"], 300_000_000);
    assert_eq!(json["funding"]["workdays"], 30);
    // Numbered rows of one year, the third equal to the first two: a
    // numbered row is the clerk's record.
    let header: &[&str] = &["STT", "Năm", "Tổng kinh phí (triệu đồng)", "Ngày công"];
    let rows: [&[&str]; 3] = [
        &["1", "2023", "100", "10"],
        &["2", "2023", "50", "5"],
        &["3", "2023", "150", "15"],
    ];
    let json = build("Nguồn lực", &[header, rows[0], rows[1], rows[2]]).json();
    assert_eq!(counts(&json), (3, 3, 0, 0), "{json}");
    assert_eq!(json["funding"]["total"], 300_000_000);
}

#[test]
fn a_header_repeated_inside_the_table_is_skipped() {
    // Three models, 10 + 20 + 3 = 33 triệu, the header repeated after the
    // second as on a printed page.
    let third: &[&str] = &[
        "3",
        "MH 3",
        "Hội ND",
        "Quảng Ngãi",
        "Minh Long",
        "Long Sơn",
        "Thôn 2",
        "Kinh tế",
        "2022",
        "Hiệu quả",
        "3",
    ];
    let json = build(
        "Mô hình",
        &[MODELS, TWO_MODELS[0], TWO_MODELS[1], MODELS, third],
    )
    .json();
    assert_eq!(counts(&json), (4, 3, 1, 0), "{json}");
    assert_eq!(json["models"]["funding_total"], 33_000_000);
    no_errors(&json);
    assert_eq!(json["problems"][0]["row"], 4, "{}", json["problems"]);
    assert_eq!(json["problems"][0]["severity"], "info");
}

#[test]
fn stacked_commune_blocks_each_with_a_header_and_a_total_are_read() {
    // XÃ LONG SƠN: 10 triệu, "Cộng 10"; XÃ LONG MAI: 20 triệu, "Cộng 20".
    // Read: the total, the second title, its header, its total = 4
    // skipped; 2 models, 30 triệu, and each total right (no warning).
    let mai: &[&str] = &[
        "1",
        "MH LM",
        "Hội ND",
        "Quảng Ngãi",
        "Minh Long",
        "Long Mai",
        "Thôn 1",
        "Kinh tế",
        "2022",
        "Hiệu quả",
        "20",
    ];
    let cong_10: &[&str] = &["", "Cộng", "", "", "", "", "", "", "", "", "10"];
    let cong_20: &[&str] = &["", "Cộng", "", "", "", "", "", "", "", "", "20"];
    let rows: &[&[&str]] = &[
        &["XÃ LONG SƠN"],
        MODELS,
        TWO_MODELS[0],
        cong_10,
        &[],
        &["XÃ LONG MAI"],
        MODELS,
        mai,
        cong_20,
    ];
    let outcome = build("Mô hình", rows);
    let json = outcome.json();
    assert_eq!(counts(&json), (6, 2, 4, 0), "{json}");
    assert_eq!(json["models"]["funding_total"], 30_000_000);
    no_errors(&json);
    assert!(
        problems(&json, "warning").is_empty(),
        "{}",
        json["problems"]
    );
    assert_eq!(outcome.code, 0);
}

#[test]
fn parent_rows_of_a_numbered_hierarchy_are_group_headings() {
    // "1 | Lĩnh vực kinh tế | 30" over 1.1 (10) and 1.2 (20); "2 | … | 5"
    // over 2.1 (5): 3 models, 35 triệu, the parents skipped. The second
    // parent states 6 where its group adds 5: told, figures from the rows.
    // The children leave Lĩnh vực blank: their parent row names it.
    // The same with roman headings ("I", "II") over rows numbered 1, 2, 3,
    // which an audit found rejected for want of a year: each group ends at
    // the next heading, so only II's 6 is told.
    let parent = |stt, name, money| vec![stt, name, "", "", "", "", "", "", "", "", money];
    let child = |stt, name, money| {
        vec![
            stt,
            name,
            "Hội ND",
            "Quảng Ngãi",
            "Minh Long",
            "Long Sơn",
            "Thôn 1",
            "",
            "2022",
            "Hiệu quả",
            money,
        ]
    };
    for [first, second, a, b, c] in [["1", "2", "1.1", "1.2", "2.1"], ["I", "II", "1", "2", "3"]] {
        let rows = [
            MODELS.to_vec(),
            parent(first, "Lĩnh vực kinh tế", "30"),
            child(a, "Nuôi dê", "10"),
            child(b, "Trồng quế", "20"),
            parent(second, "Lĩnh vực quốc phòng - an ninh", "6"),
            child(c, "Camera", "5"),
        ];
        let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
        let outcome = build("Mô hình", &rows);
        let json = outcome.json();
        assert_eq!(counts(&json), (5, 3, 2, 0), "{first}: {json}");
        assert_eq!(json["models"]["total"], 3);
        assert_eq!(json["models"]["funding_total"], 35_000_000);
        no_errors(&json);
        let warnings = problems(&json, "warning");
        assert_eq!(warnings.len(), 1, "{first}: {warnings:?}");
        assert_eq!(warnings[0]["row"], 5);
        let message = warnings[0]["message"].as_str().expect("message");
        assert!(
            message.contains("ghi 6 triệu đồng") && message.contains("được 5 triệu đồng"),
            "{message}"
        );
        assert_eq!(outcome.code, 0);
    }
}

#[test]
fn averages_ratios_and_breakdowns_under_a_total_are_skipped() {
    // Resources: "Tổng số" then "Bình quân/năm" and "Tỷ lệ (%)".
    let tong_so: &[&str] = &[
        "Tổng số",
        "",
        "",
        "",
        "",
        "2",
        "300",
        "210",
        "90",
        "20",
        "0",
    ];
    let average: &[&str] = &[
        "Bình quân/năm",
        "",
        "",
        "",
        "",
        "1",
        "150",
        "105",
        "45",
        "10",
        "0",
    ];
    let ratio: &[&str] = &["Tỷ lệ (%)", "", "", "", "", "", "100", "70", "30", "", ""];
    let json = build(
        "Nguồn lực",
        &[
            RESOURCES,
            TWO_COMMUNES[0],
            TWO_COMMUNES[1],
            tong_so,
            average,
            ratio,
        ],
    )
    .json();
    assert_eq!(counts(&json), (5, 2, 3, 0), "{json}");
    counted_once(&json);
    no_errors(&json);
    // Works: "Tổng cộng", "Trong đó:", "- Năm 2023".
    let tong_cong: &[&str] = &[
        "",
        "Tổng cộng",
        "",
        "2",
        "căn",
        "",
        "",
        "",
        "",
        "",
        "300",
        "210",
        "90",
    ];
    let trong_do: &[&str] = &["", "Trong đó:"];
    let item: &[&str] = &[
        "",
        "- Năm 2023",
        "",
        "2",
        "căn",
        "",
        "",
        "",
        "",
        "",
        "300",
        "210",
        "90",
    ];
    let outcome = build(
        "Công trình",
        &[WORKS, TWO_WORKS[0], TWO_WORKS[1], tong_cong, trong_do, item],
    );
    let json = outcome.json();
    assert_eq!(counts(&json), (5, 2, 3, 0), "{json}");
    assert_eq!(json["funding"]["total"], 300_000_000);
    no_errors(&json);
    let named: Vec<u64> = problems(&json, "info")
        .iter()
        .filter(|p| {
            p["message"]
                .as_str()
                .is_some_and(|m| m.contains("dòng chi tiết"))
        })
        .filter_map(|p| p["row"].as_u64())
        .collect();
    assert_eq!(named, [5, 6], "{}", json["problems"]);
    assert_eq!(outcome.code, 0);
}

#[test]
fn a_dashed_row_with_no_year_and_no_total_above_is_still_rejected() {
    // No total above it: "- Nhà văn hóa thôn 3" is a record missing its year.
    let dashed: &[&str] = &[
        "3",
        "- Nhà văn hóa thôn 3",
        "Nhà văn hóa",
        "1",
        "căn",
        "Quảng Ngãi",
        "Minh Long",
        "Long Sơn",
        "Thôn 3",
        "",
        "50",
        "50",
        "0",
    ];
    let json = build("Công trình", &[WORKS, TWO_WORKS[0], TWO_WORKS[1], dashed]).json();
    assert_eq!(counts(&json), (3, 2, 0, 1), "{json}");
}

#[test]
fn a_second_table_under_its_own_header_is_read_with_that_header() {
    // "I. MÔ HÌNH" with two models (10 + 20 triệu), a blank row, "II. CÔNG
    // TRÌNH" with two works (100 + 200 triệu, state 60 + 150, mobilised
    // 40 + 50). Read: 2 models + the heading "II…" + 2 works; the works
    // header is no row. Before, its header was read as a model missing its
    // year, and the works as models.
    let rows: &[&[&str]] = &[
        &["I. MÔ HÌNH"],
        MODELS,
        TWO_MODELS[0],
        TWO_MODELS[1],
        &[],
        &["II. CÔNG TRÌNH"],
        WORKS,
        TWO_WORKS[0],
        TWO_WORKS[1],
    ];
    let outcome = build("Tổng hợp", rows);
    let json = outcome.json();
    assert_eq!(counts(&json), (5, 4, 1, 0), "{json}");
    assert_eq!(json["models"]["total"], 2);
    assert_eq!(json["models"]["funding_total"], 30_000_000);
    assert_eq!(json["funding"]["total"], 300_000_000);
    assert_eq!(json["funding"]["state_budget"], 210_000_000);
    assert_eq!(json["projects"]["by_type"][0]["count"], 2);
    no_errors(&json);
    let told = on_row(&json, 7);
    assert_eq!(told.len(), 1, "{}", json["problems"]);
    assert!(told[0]["message"]
        .as_str()
        .is_some_and(|m| m.contains("tiêu đề của một bảng khác (Công trình)")));
    assert_eq!(outcome.code, 0);
}

#[test]
fn a_unit_line_over_the_sheet_counts_for_its_second_table_too() {
    // "ĐVT: nghìn đồng" once at the top; neither table's money header names
    // a unit. The works below are 100 + 200 nghìn (state 60 + 150,
    // mobilised 40 + 50), so 300,000 đồng, as the models' 10 + 20 nghìn are
    // 30,000. Before, the second table lost the line and took its money for
    // triệu đồng, as a header without a unit is: 300,000,000 đồng.
    let unitless = |header: &[&'static str]| -> Vec<&'static str> {
        header
            .iter()
            .map(|h| h.strip_suffix(" (triệu đồng)").unwrap_or(h))
            .collect()
    };
    let (models, works) = (unitless(MODELS), unitless(WORKS));
    let rows: &[&[&str]] = &[
        &["BÁO CÁO KẾT QUẢ DÂN VẬN KHÉO"],
        &["ĐVT: nghìn đồng"],
        &models,
        TWO_MODELS[0],
        TWO_MODELS[1],
        &[],
        &works,
        TWO_WORKS[0],
        TWO_WORKS[1],
    ];
    let json = build("Tổng hợp", rows).json();
    assert_eq!(counts(&json), (4, 4, 0, 0), "{json}");
    assert_eq!(json["models"]["funding_total"], 30_000);
    assert_eq!(json["funding"]["total"], 300_000, "{json}");
    assert_eq!(json["funding"]["state_budget"], 210_000);
    assert_eq!(json["funding"]["mobilized"], 90_000);
    assert!(
        problems(&json, "warning").is_empty(),
        "{}",
        json["problems"]
    );
    no_errors(&json);
}

/// Numbering rows as forms print them: column letters before the numbers,
/// or a column's number saying how it is worked out. From an audit: each
/// was read as a work whose year was "(10)" or 7 (exit 1). Under each, the
/// two halls of [`TWO_WORKS`]: 2 works, 300 triệu (210 state, 90 mobilised).
#[test]
fn numbering_rows_with_letters_or_formulas_are_skipped() {
    let formula: &[&str] = &[
        "(1)",
        "(2)",
        "(3)",
        "(4)",
        "(5)",
        "(6)",
        "(7)",
        "(8)",
        "(9)",
        "(10)",
        "(11)=(12)+(13)",
        "(12)",
        "(13)",
    ];
    let three_letters: &[&str] = &[
        "A", "B", "C", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10",
    ];
    let two_letters: &[&str] = &[
        "A", "B", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11",
    ];
    let spaced: &[&str] = &[
        "1",
        "2",
        "3",
        "4",
        "5",
        "6",
        "7",
        "8",
        "9",
        "10",
        "11 = 12 + 13",
        "12",
        "13",
    ];
    for numbering in [formula, three_letters, two_letters, spaced] {
        let outcome = build(
            "Công trình",
            &[WORKS, numbering, TWO_WORKS[0], TWO_WORKS[1]],
        );
        two_works_under_a_layout_row(&outcome, &format!("{numbering:?}"));
    }
}

/// [`TWO_WORKS`] under one layout row: read 3, that row skipped; 300 triệu
/// (210 state, 90 mobilised) in 2023; no error or warning, exit 0.
fn two_works_under_a_layout_row(outcome: &Outcome, what: &str) {
    let json = outcome.json();
    assert_eq!(counts(&json), (3, 2, 1, 0), "{what}: {json}");
    assert_eq!(json["funding"]["total"], 300_000_000, "{what}");
    assert_eq!(json["funding"]["state_budget"], 210_000_000, "{what}");
    assert_eq!(json["funding"]["mobilized"], 90_000_000, "{what}");
    assert_eq!(json["period"]["from"], 2023, "{what}");
    assert!(
        problems(&json, "warning").is_empty(),
        "{what}: {}",
        json["problems"]
    );
    no_errors(&json);
    assert_eq!(outcome.code, 0, "{what}");
}

/// From an audit: a roman group heading that carries its group's sum
/// ("I | Lĩnh vực kinh tế | … | 30") was a model missing its year (exit
/// 1). It is a heading: skipped, its 30 not counted, and 30 = 10 + 20, the
/// two models of [`TWO_MODELS`] under it, so no warning. Counted: 2
/// models, 30 triệu.
#[test]
fn a_roman_group_heading_carrying_its_sum_is_skipped_not_counted() {
    let mut in_a_and_b = vec![""; MODELS.len()];
    in_a_and_b[0] = "I";
    in_a_and_b[1] = "Lĩnh vực kinh tế";
    in_a_and_b[10] = "30";
    let mut in_a_alone = vec![""; MODELS.len()];
    in_a_alone[0] = "I. LĨNH VỰC KINH TẾ";
    in_a_alone[10] = "30";
    let mut in_b_alone = vec![""; MODELS.len()];
    in_b_alone[1] = "I. Lĩnh vực kinh tế";
    in_b_alone[10] = "30";
    // Its field again in "Lĩnh vực".
    let mut with_its_field = in_a_and_b.clone();
    with_its_field[7] = "Kinh tế";
    for heading in [in_a_and_b, in_a_alone, in_b_alone, with_its_field] {
        let outcome = build("Mô hình", &[MODELS, &heading, TWO_MODELS[0], TWO_MODELS[1]]);
        let json = outcome.json();
        assert_eq!(counts(&json), (3, 2, 1, 0), "{heading:?}: {json}");
        assert_eq!(json["models"]["total"], 2);
        assert_eq!(json["models"]["funding_total"], 30_000_000);
        assert!(
            problems(&json, "warning").is_empty(),
            "{heading:?}: {}",
            json["problems"]
        );
        no_errors(&json);
        assert_eq!(outcome.code, 0);
    }
}

/// The works form's way: "I | Giao thông" over its works, with the group's
/// money in the three money columns (300 = 100 + 200, 210 = 60 + 150,
/// 90 = 40 + 50). Counted once: 300 triệu, as [`counted_once`] says.
#[test]
fn a_roman_works_heading_with_its_money_is_skipped_not_counted() {
    let mut heading = vec![""; WORKS.len()];
    heading[0] = "I";
    heading[1] = "Giao thông";
    heading[10] = "300";
    heading[11] = "210";
    heading[12] = "90";
    let outcome = build("Công trình", &[WORKS, &heading, TWO_WORKS[0], TWO_WORKS[1]]);
    two_works_under_a_layout_row(&outcome, "I | Giao thông");
}

/// A roman STT on a row with a real year is the clerk's numbering of a
/// record: counted (5 triệu). Without a year but with its unit and places,
/// it is a record missing its year, not a heading: rejected. Counted: 3
/// models, 10 + 20 + 5 = 35 triệu; exit 1 for the rejected row.
#[test]
fn a_roman_numbered_row_with_a_year_or_places_is_a_record() {
    let dated: &[&str] = &[
        "III",
        "Tổ hợp tác nuôi bò",
        "Hội ND",
        "Quảng Ngãi",
        "Minh Long",
        "Long Sơn",
        "Thôn 3",
        "Kinh tế",
        "2023",
        "Hiệu quả",
        "5",
    ];
    let undated: &[&str] = &[
        "IV",
        "Hũ gạo tình thương",
        "Hội PN",
        "Quảng Ngãi",
        "Minh Long",
        "Long Sơn",
        "Thôn 4",
        "",
        "",
        "",
        "7",
    ];
    let rows: &[&[&str]] = &[MODELS, TWO_MODELS[0], TWO_MODELS[1], dated, undated];
    let outcome = build("Mô hình", rows);
    let json = outcome.json();
    assert_eq!(counts(&json), (4, 3, 0, 1), "{json}");
    assert_eq!(json["models"]["total"], 3);
    assert_eq!(json["models"]["funding_total"], 35_000_000);
    let errors = problems(&json, "error");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["row"], 5);
    assert_eq!(outcome.code, 1);
}

/// From an audit: below the table, after a blank row, the date the report
/// is signed stands alone in the year column, over "NGƯỜI LẬP BIỂU". As a
/// text "15/12/2021" (or a date cell) it was a model of 2021 with no name
/// (3 models, period to 2021); as "Ngày 15/12/2021" a rejected row (exit
/// 1). Each is the signature block: the 2 models of 2023, 30 triệu, period
/// 2023–2023; read 4 (2 models, the date, the signer; the blank row is no
/// row), 2 of them skipped below the table.
#[test]
fn a_signing_date_alone_in_the_year_column_ends_the_table() {
    let year_column = 8;
    let date_row = |date: &'static str| {
        let mut row = vec![""; MODELS.len()];
        row[year_column] = date;
        row
    };
    let signer = date_row("NGƯỜI LẬP BIỂU");
    let check = |outcome: Outcome, what: &str| {
        let json = outcome.json();
        assert_eq!(counts(&json), (4, 2, 2, 0), "{what}: {json}");
        assert_eq!(json["models"]["total"], 2, "{what}");
        assert_eq!(json["models"]["funding_total"], 30_000_000, "{what}");
        assert_eq!(json["period"]["from"], 2023, "{what}");
        assert_eq!(json["period"]["to"], 2023, "{what}");
        assert!(
            problems(&json, "warning").is_empty(),
            "{what}: {}",
            json["problems"]
        );
        no_errors(&json);
        let below = |p: &&Value| {
            p["message"]
                .as_str()
                .is_some_and(|m| m.contains("dòng 5 trở xuống là phần chữ ký"))
        };
        assert!(
            on_row(&json, 5).iter().any(below),
            "{what}: {}",
            json["problems"]
        );
        assert_eq!(outcome.code, 0, "{what}");
    };
    for date in [
        "15/12/2021",
        "Ngày 15/12/2021",
        "Long Sơn, ngày 15 tháng 12 năm 2021",
    ] {
        let rows: &[&[&str]] = &[
            MODELS,
            TWO_MODELS[0],
            TWO_MODELS[1],
            &[],
            &date_row(date),
            &signer,
        ];
        check(build("Mô hình", rows), date);
    }
    // The same date as a date cell, shown 15/12/2021.
    let dir = tempfile::tempdir().expect("temp");
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Mô hình").expect("name");
    let rows: &[&[&str]] = &[MODELS, TWO_MODELS[0], TWO_MODELS[1], &[], &[], &signer];
    crate::harness::fill_sheet(sheet, rows);
    let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2021, 12, 15).expect("date");
    let shown = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
    sheet
        .write_datetime_with_format(4, year_column as u16, &date, &shown)
        .expect("write");
    workbook.save(dir.path().join("xa.xlsx")).expect("save");
    let outcome = Run::new().in_dir(dir.path()).build(["xa.xlsx"]).run();
    check(outcome, "date cell");
}

#[test]
fn an_arabic_numbered_heading_beside_the_stt_is_a_heading_without_a_warning() {
    // "1. Lĩnh vực kinh tế" in the name column, STT blank, then the two
    // models (10 + 20 triệu): the heading is skipped as one, with no
    // warning. Regression: the roman-heading change read "1. …" as a figure
    // typed as text, and the row fell through to a note with a warning that
    // it might be a model.
    let rows: &[&[&str]] = &[
        MODELS,
        &["", "1. Lĩnh vực kinh tế"],
        TWO_MODELS[0],
        TWO_MODELS[1],
    ];
    let json = build("Mô hình", rows).json();
    assert_eq!(counts(&json), (3, 2, 1, 0), "{json}");
    assert_eq!(
        json["files"][0]["skipped_by_reason"]["section_heading"], 1,
        "{}",
        json["files"]
    );
    assert_eq!(json["models"]["funding_total"], 30_000_000);
    assert!(
        problems(&json, "warning").is_empty(),
        "{}",
        json["problems"]
    );
    no_errors(&json);
}
