//! Commendations written as counts ("Số tập thể", "Số cá nhân", one row per
//! form) and "Đối tượng" written as "TT"/"CN": a new user's walkthrough
//! found dvk counting one person per row of counts, and "TT" as a person.
//! The figures here are counted by hand from the fixtures
//! (`tests/fixtures/khen-thuong/make.py`) and the sheets written below.

use crate::harness::{problems_saying, Run};
use calamine::{open_workbook, Data, Reader, Xlsx};
use rust_xlsxwriter::Workbook;
use serde_json::{json, Value};

/// The "Khen thưởng" table of tong-hop.xlsx: (form, collectives,
/// individuals) per row below its header, the total row last.
fn workbook_table(out: &std::path::Path) -> Vec<(String, f64, f64)> {
    let mut workbook: Xlsx<_> = open_workbook(out.join("tong-hop.xlsx")).expect("open");
    let range = workbook.worksheet_range("Khen thưởng").expect("sheet");
    let number = |cell: &Data| match cell {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("not a number: {other:?}"),
    };
    range
        .rows()
        .skip_while(|r| r.get(1).map(Data::to_string).as_deref() != Some("Hình thức khen thưởng"))
        .skip(1)
        .filter(|r| !r.get(1).is_none_or(|c| c.to_string().is_empty()))
        .map(|r| (r[1].to_string(), number(&r[2]), number(&r[3])))
        .collect()
}

/// `commendations` of a tong-hop.json: the totals, and (form, collective,
/// individual) per form in alphabetical order.
fn commendations((collective, individual): (u64, u64), by_form: &[(&str, u64, u64)]) -> Value {
    let by_form: Vec<Value> = by_form
        .iter()
        .map(|(form, c, i)| json!({"form": form, "collective": c, "individual": i}))
        .collect();
    json!({"collective": collective, "individual": individual, "by_form": by_form})
}

/// `build` on one fixture of `khen-thuong/`, which must succeed.
fn build_fixture(file: &str) -> (crate::harness::Outcome, Value) {
    let outcome = Run::new()
        .in_fixtures()
        .build([format!("khen-thuong/{file}")])
        .run()
        .code(0);
    let json = outcome.json();
    (outcome, json)
}

fn rows(json: &Value) -> [u64; 4] {
    ["read", "accepted", "skipped", "rejected"].map(|k| json["rows"][k].as_u64().expect(k))
}

#[test]
fn a_sheet_of_counts_adds_its_numbers_not_one_person_per_row() {
    // Regression: "Bằng khen | 3 | 5" and "Giấy khen | 4 | 10" counted as
    // 2 people, with a warning to add an "Đối tượng" column.
    let (outcome, json) = build_fixture("so-luong.xlsx");
    assert_eq!(
        json["commendations"],
        commendations((7, 15), &[("Bằng khen", 3, 5), ("Giấy khen", 4, 10)])
    );
    assert_eq!(rows(&json), [2, 2, 0, 0]);
    // No column is missing: no word about "Đối tượng".
    assert_eq!(problems_saying(&json, "Đối tượng").count(), 0, "{json:#}");
    assert_eq!(
        workbook_table(&outcome.out),
        [
            ("Bằng khen".to_owned(), 3.0, 5.0),
            ("Giấy khen".to_owned(), 4.0, 10.0),
            ("Tổng cộng".to_owned(), 7.0, 15.0),
        ]
    );
    let md = outcome.markdown();
    let sentence =
        "tặng bằng khen cho 03 tập thể, 05 cá nhân; tặng giấy khen cho 04 tập thể, 10 cá nhân";
    assert!(md.contains(sentence), "{sentence:?} in:\n{md}");
    // Sent up as tong-hop.json and rolled up there, the figures stay.
    let sent = tempfile::tempdir().expect("temp");
    let summary = sent.path().join("tong-hop.json");
    std::fs::copy(outcome.out.join("tong-hop.json"), &summary).expect("copy");
    let above = Run::new()
        .in_dir(sent.path())
        .build(["tong-hop.json"])
        .run()
        .code(0);
    assert_eq!(above.json()["commendations"], json["commendations"]);
    assert!(above.markdown().contains(sentence));
}

#[test]
fn tt_and_cn_in_the_recipient_column_are_collective_and_individual() {
    // Regression: "TT" was "không rõ là tập thể hay cá nhân" and counted as
    // a person.
    let (outcome, json) = build_fixture("tt-cn.xlsx");
    assert_eq!(
        json["commendations"],
        commendations((5, 5), &[("Bằng khen", 1, 1), ("Giấy khen", 4, 4)])
    );
    assert_eq!(rows(&json), [10, 10, 0, 0]);
    assert_eq!(json["problems"], json!([]), "{json:#}");
    let md = outcome.markdown();
    let sentence =
        "tặng bằng khen cho một tập thể, một cá nhân; tặng giấy khen cho 04 tập thể, 04 cá nhân";
    assert!(md.contains(sentence), "{sentence:?} in:\n{md}");
}

/// A row of a sheet written by [`write_sheet`].
type Row<'a> = &'a [&'a str];

/// Writes `rows` as sheet "Khen thưởng" of `file` in `dir`: a text that
/// reads as a Rust number becomes a number cell.
fn write_sheet(dir: &std::path::Path, file: &str, rows: &[Row]) {
    let mut workbook = Workbook::new();
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| crate::recognition::strings(r))
        .collect();
    crate::recognition::sheet(&mut workbook, "Khen thưởng", &rows);
    workbook.save(dir.join(file)).expect("save");
}

/// (severity, column, message) of each problem at `row` of a build's JSON.
fn problems_at(json: &Value, row: u64) -> Vec<(String, String, String)> {
    json["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .filter(|p| p["row"] == row)
        .map(|p| {
            (
                p["severity"].as_str().unwrap_or_default().to_owned(),
                p["column"].as_str().unwrap_or_default().to_owned(),
                p["message"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

/// Writes `rows` as khen.xlsx in a new folder and builds it: one row
/// there is wrong, so the run exits 1.
fn build_sheet_with_an_error(rows: &[Row]) -> (crate::harness::Outcome, Value) {
    let dir = tempfile::tempdir().expect("temp");
    write_sheet(dir.path(), "khen.xlsx", rows);
    let outcome = Run::new()
        .in_dir(dir.path())
        .build(["khen.xlsx"])
        .run()
        .code(1);
    let json = outcome.json();
    (outcome, json)
}

#[test]
fn counts_beside_a_recipient_column_blank_wrong_and_zero() {
    let (_, json) = build_sheet_with_an_error(&[
        &[
            "STT",
            "Năm",
            "Hình thức khen thưởng",
            "Đối tượng",
            "SL tập thể",
            "SL cá nhân",
        ],
        // Counts alone: 2 collectives, 3 people.
        &["1", "2024", "Bằng khen", "", "2", "3"],
        // "Tập thể" beside 1 collective and 4 people: the counts win.
        &["2", "2024", "Bằng khen", "Tập thể", "1", "4"],
        // No counts: "Đối tượng" says one person.
        &["3", "2024", "Bằng khen", "CN", "", ""],
        // Nothing to count: skipped, with a warning.
        &["4", "2024", "Giấy khen", "", "", ""],
        // A negative count and a word: rejected, naming the cell.
        &["5", "2024", "Giấy khen", "", "-1", "2"],
        &["6", "2024", "Giấy khen", "", "ba", ""],
        // Nobody, written so: accepted, counts nothing.
        &["7", "2024", "Giấy khen", "", "0", "0"],
        // A fraction, as every count cell: rounded, with a warning.
        &["8", "2024", "Giấy khen", "", "1,5", ""],
    ]);
    assert_eq!(
        json["commendations"],
        commendations((5, 8), &[("Bằng khen", 3, 8), ("Giấy khen", 2, 0)])
    );
    assert_eq!(rows(&json), [8, 5, 1, 2], "{json:#}");
    let at = |row: u64| problems_at(&json, row);
    for (row, severity, column, said) in [
        (3, "warning", "Đối tượng", "dvk tính theo số"),
        (
            5,
            "warning",
            "SL tập thể",
            "không ghi số tập thể, số cá nhân",
        ),
        (6, "error", "SL tập thể", "\"-1\""),
        (7, "error", "SL tập thể", "\"ba\" không phải là số"),
        (9, "warning", "SL tập thể", "làm tròn thành 2"),
    ] {
        let problems = at(row);
        assert!(
            problems
                .iter()
                .any(|(s, c, m)| s == severity && c == column && m.contains(said)),
            "row {row}: {problems:?}"
        );
    }
    // Rows 2, 4 and 8 say nothing; no word of a missing column.
    for row in [2, 4, 8] {
        assert_eq!(at(row), [], "row {row}");
    }
    assert_eq!(problems_saying(&json, "không có cột").count(), 0);
}

#[test]
fn bare_collective_and_individual_columns_hold_numbers_or_names() {
    let dir = tempfile::tempdir().expect("temp");
    let cases: [(&str, &[Row], (u64, u64)); 2] = [
        // Numbers under "Tập thể" and "Cá nhân": counts.
        (
            "so.xlsx",
            &[
                &["STT", "Năm", "Hình thức khen thưởng", "Tập thể", "Cá nhân"],
                &["1", "2024", "Bằng khen", "3", "5"],
                &["2", "2024", "Giấy khen", "", "10"],
            ],
            (3, 15),
        ),
        // Names (or marks) under them: one each.
        (
            "ten.xlsx",
            &[
                &["STT", "Năm", "HÌNH THỨC KHEN THƯỞNG", "TẬP THỂ", "CÁ NHÂN"],
                &["1", "2024", "Bằng khen", "Hội Nông dân xã", ""],
                &["2", "2024", "Bằng khen", "", "Đinh Văn A"],
                &["3", "2024", "Bằng khen", "", "x"],
            ],
            (1, 2),
        ),
    ];
    for (file, rows, (collective, individual)) in cases {
        write_sheet(dir.path(), file, rows);
        let outcome = Run::new().in_dir(dir.path()).build([file]).run().code(0);
        let json = outcome.json();
        assert_eq!(json["commendations"]["collective"], collective, "{file}");
        assert_eq!(json["commendations"]["individual"], individual, "{file}");
        assert_eq!(json["problems"], json!([]), "{file}: {json:#}");
    }
}

#[test]
fn a_recipient_column_with_a_number_column_counts_that_many() {
    // Regression: "Tập thể | 3" counted one collective; the "Số lượng"
    // column was not read at all, without a word.
    let (outcome, json) = build_sheet_with_an_error(&[
        &[
            "STT",
            "Năm",
            "Hình thức khen thưởng",
            "Đối tượng",
            "Số lượng",
            "Xã",
        ],
        &["1", "2025", "Bằng khen", "Tập thể", "3", "Long Sơn"],
        &["2", "2025", "Bằng khen", "Cá nhân", "5", "Long Sơn"],
        &["3", "2025", "Giấy khen", "TT", "4", "Long Sơn"],
        // Blank: the row names one recipient.
        &["4", "2025", "Giấy khen", "CN", "", "Long Sơn"],
        // A word where the number goes: rejected, naming the cell.
        &["5", "2025", "Giấy khen", "CN", "hai", "Long Sơn"],
    ]);
    // Bằng khen: 3 collectives, 5 people; Giấy khen: 4 collectives, 1 person.
    assert_eq!(
        json["commendations"],
        commendations((7, 6), &[("Bằng khen", 3, 5), ("Giấy khen", 4, 1)])
    );
    assert_eq!(rows(&json), [5, 4, 0, 1], "{json:#}");
    let at_6 = problems_at(&json, 6);
    assert!(
        matches!(&at_6[..], [(severity, column, _)] if severity == "error" && column == "Số lượng"),
        "{at_6:?}"
    );
    let md = outcome.markdown();
    let sentence =
        "tặng bằng khen cho 03 tập thể, 05 cá nhân; tặng giấy khen cho 04 tập thể, 01 cá nhân";
    assert!(md.contains(sentence), "{sentence:?} in:\n{md}");
}
