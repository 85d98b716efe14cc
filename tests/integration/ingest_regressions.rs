//! Files as clerks send them, where dvk once lost or doubled rows without a
//! word: a commune merged down over its rows, a TCVN3 header in a file that
//! does not name its font, and one report sent as .xls and .xlsx.

use crate::harness::{fixtures, problems, Run};
use rust_xlsxwriter::Workbook;
use serde_json::Value;

/// `(name, total, effective)` of `models.by_locality`.
fn localities(json: &Value) -> Vec<(String, u64, u64)> {
    json["models"]["by_locality"]
        .as_array()
        .expect("by_locality")
        .iter()
        .map(|l| {
            (
                l["locality"].as_str().expect("name").to_owned(),
                l["total"].as_u64().expect("total"),
                l["effective"].as_u64().expect("effective"),
            )
        })
        .collect()
}

/// `(field, total)` of `models.by_field`, zero fields left out.
fn fields(json: &Value) -> Vec<(String, u64)> {
    json["models"]["by_field"]
        .as_array()
        .expect("by_field")
        .iter()
        .map(|f| {
            (
                f["field"].as_str().expect("field").to_owned(),
                f["total"].as_u64().expect("total"),
            )
        })
        .filter(|(_, n)| *n > 0)
        .collect()
}

/// `tests/fixtures/o-gop/` in each format: a value merged down a category
/// column (Xã, Lĩnh vực, Năm) belongs to every row it covers; a merged
/// money cell counts once; a group heading under a merged year stays a
/// heading.
#[test]
fn a_commune_merged_down_over_its_rows_names_every_row() {
    for name in ["o-gop.xlsx", "o-gop.xls", "o-gop.ods"] {
        let outcome = Run::new()
            .in_dir(&fixtures().join("o-gop"))
            .build([name])
            .run()
            .code(0);
        let json = outcome.json();
        assert_eq!(json["models"]["total"], 5, "{name}");
        assert_eq!(
            localities(&json),
            [
                ("Thạch Kim".to_owned(), 3, 2),
                ("Thạch Lạc".to_owned(), 2, 1)
            ],
            "{name}: no model is left without its commune"
        );
        assert_eq!(
            fields(&json),
            [
                ("Phát triển kinh tế".to_owned(), 2),
                ("Văn hóa - xã hội".to_owned(), 1),
                ("Quốc phòng - an ninh".to_owned(), 2)
            ],
            "{name}"
        );
        let years: Vec<(i64, u64)> = json["models"]["by_year"]
            .as_array()
            .expect("by_year")
            .iter()
            .map(|y| {
                (
                    y["year"].as_i64().expect("year"),
                    y["total"].as_u64().expect("n"),
                )
            })
            .collect();
        assert_eq!(years, [(2021, 2), (2022, 2), (2023, 1)], "{name}");
        // 100 + 50 + 10 + 60: the 60 merged over two models counts once.
        assert_eq!(json["models"]["funding_total"], 220_000_000_i64, "{name}");
        // Works: the year merged over the whole table, group headings too.
        let types: Vec<(String, u64)> = json["projects"]["by_type"]
            .as_array()
            .expect("by_type")
            .iter()
            .map(|t| {
                (
                    t["type"].as_str().expect("type").to_owned(),
                    t["count"].as_u64().expect("count"),
                )
            })
            .filter(|(_, n)| *n > 0)
            .collect();
        assert_eq!(
            types,
            [
                ("Đường giao thông nông thôn".to_owned(), 1),
                ("Cầu".to_owned(), 1),
                ("Nhà văn hóa".to_owned(), 1)
            ],
            "{name}: the headings under the merged year are not works"
        );
        assert_eq!(json["funding"]["total"], 1_550_000_000_i64, "{name}");
        assert_eq!(
            json["rows"],
            serde_json::json!({"read": 12, "accepted": 8, "skipped": 4, "rejected": 0}),
            "{name}"
        );
        assert_eq!(problems(&json, "error"), Vec::<Value>::new(), "{name}");
        assert_eq!(problems(&json, "warning"), Vec::<Value>::new(), "{name}");
        let told = problems(&json, "info");
        assert!(
            told.iter().any(|p| p["row"] == 7
                && p["column"] == "Kinh phí (triệu đồng)"
                && p["message"].as_str().unwrap_or("").contains("ô gộp")),
            "{name}: the merged money is told: {told:?}"
        );
    }
}

/// The audit's file: "Xã" typed in TCVN3 ("X·") with no font in the file,
/// other headers and the data in TCVN3 too.
fn tcvn3_without_font(dir: &std::path::Path, name: &str) {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Mo hinh").expect("name");
    let rows: [&[&str]; 4] = [
        &[
            "STT",
            "Tªn m« h×nh",
            "Huyện",
            "X·",
            "LÜnh vùc",
            "N¨m b¾t ®Çu",
            "T×nh tr¹ng",
        ],
        &[
            "1",
            "Hò g¹o t×nh th\u{AD}¬ng",
            "Minh Long",
            "Long S¬n",
            "V¨n hãa - x· héi",
            "2021",
            "HiÖu qu¶",
        ],
        &[
            "2",
            "Camera an ninh nh©n d©n",
            "Minh Long",
            "Thanh An",
            "Quèc phßng - an ninh",
            "2022",
            "§ang duy tr×, hiÖu qu¶",
        ],
        &[
            "3",
            "C©y lóa ch¸y",
            "Minh Long",
            "Long Mai",
            "Kinh tÕ",
            "2023",
            "§¨ng ký",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            match text.parse::<f64>() {
                Ok(n) => sheet.write_number(r as u32, c as u16, n),
                Err(_) => sheet.write_string(r as u32, c as u16, *text),
            }
            .expect("cell");
        }
    }
    workbook.save(dir.join(name)).expect("save");
}

#[test]
fn a_tcvn3_header_without_font_still_names_its_column() {
    let dir = tempfile::tempdir().expect("temp");
    tcvn3_without_font(dir.path(), "tcvn3-khong-phong.xlsx");
    let outcome = Run::new()
        .in_dir(dir.path())
        .build(["tcvn3-khong-phong.xlsx"])
        .run()
        .code(0);
    let json = outcome.json();
    assert_eq!(
        localities(&json),
        [
            ("Long Mai".to_owned(), 1, 0),
            ("Long Sơn".to_owned(), 1, 1),
            ("Thanh An".to_owned(), 1, 1)
        ],
        "the communes stay apart"
    );
    let infos = problems(&json, "info");
    let note = infos
        .iter()
        .filter_map(|p| p["message"].as_str())
        .find(|m| m.contains("TCVN3"))
        .unwrap_or_else(|| panic!("an info line on the conversion: {infos:?}"));
    assert!(
        note.contains("bảng mã TCVN3") && note.contains("\"X·\"") && note.contains("\"Xã\""),
        "{note}"
    );
    assert!(!note.contains(".VnTime"), "the file names no font: {note}");
    assert_eq!(problems(&json, "warning"), Vec::<Value>::new());
}

#[test]
fn a_sheet_without_a_commune_column_says_so() {
    let dir = tempfile::tempdir().expect("temp");
    // The audit's two communes that name themselves only in the title.
    for (file, commune) in [("xa-a.csv", "XÃ A"), ("xa-b.csv", "XÃ B")] {
        let text = format!(
            "UBND {commune};;;;\n\
             STT;Tên mô hình;Thôn/Ấp;Lĩnh vực;Năm bắt đầu\n\
             1;Hũ gạo;Ấp 1;VHXH;2021\n\
             2;Camera;Ấp 2;ANTT;2022\n"
        );
        std::fs::write(dir.path().join(file), text).expect("write");
    }
    let outcome = Run::new()
        .in_dir(dir.path())
        .build(["xa-a.csv", "xa-b.csv"])
        .run()
        .code(0);
    let json = outcome.json();
    // The same rows under two communes' titles: two reports, not one.
    assert_eq!(json["models"]["total"], 4);
    let warnings = problems(&json, "warning");
    for file in ["xa-a.csv", "xa-b.csv"] {
        assert!(
            warnings.iter().any(|p| p["file"] == file
                && p["row"] == 2
                && p["message"]
                    .as_str()
                    .unwrap_or("")
                    .contains("không có cột \"Xã\"")),
            "{file}: {warnings:?}"
        );
    }
}

/// `tests/fixtures/xls-ods/chuan.xls` and `chuan.ods` and `chuan/chuan.xlsx`
/// hold the same records: one report sent three times.
#[test]
fn the_same_report_as_xls_and_xlsx_counts_once() {
    let dir = tempfile::tempdir().expect("temp");
    for path in ["chuan/chuan.xlsx", "xls-ods/chuan.xls", "xls-ods/chuan.ods"] {
        let from = fixtures().join(path);
        let name = from.file_name().expect("name").to_owned();
        std::fs::copy(&from, dir.path().join(name)).expect("copy");
    }
    let alone = Run::new()
        .in_fixtures()
        .build(["chuan/chuan.xlsx"])
        .run()
        .code(0)
        .json();
    let outcome = Run::new().in_dir(dir.path()).build(["."]).run().code(0);
    let json = outcome.json();
    for key in ["models", "projects", "funding", "rows"] {
        assert_eq!(json[key], alone[key], "{key} as if chuan.xlsx alone");
    }
    // The shorter name is kept ("chuan.ods" before "chuan.xls" by order).
    let statuses: Vec<(String, String)> = json["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| {
            (
                f["file"].as_str().expect("file").to_owned(),
                f["status"].as_str().expect("status").to_owned(),
            )
        })
        .collect();
    assert_eq!(
        statuses,
        [
            ("chuan.ods".to_owned(), "read".to_owned()),
            ("chuan.xls".to_owned(), "copy".to_owned()),
            ("chuan.xlsx".to_owned(), "copy".to_owned())
        ]
    );
    let warnings = problems(&json, "warning");
    for copy in ["chuan.xls", "chuan.xlsx"] {
        assert!(
            warnings
                .iter()
                .any(|p| p["file"] == copy
                    && p["message"].as_str().unwrap_or("").contains("chuan.ods")),
            "a warning on {copy} names the file kept: {warnings:?}"
        );
    }
}

#[test]
fn different_communes_and_blank_forms_are_never_one_report() {
    let dir = tempfile::tempdir().expect("temp");
    let header = "STT;Tên mô hình;Xã;Lĩnh vực;Năm bắt đầu\n";
    let files = [
        ("xa-a.csv", format!("{header}1;Hũ gạo;Long Sơn;VHXH;2021\n")),
        // One letter apart from xa-a: another commune's report.
        ("xa-b.csv", format!("{header}1;Hũ gạo;Long Mai;VHXH;2021\n")),
        // Two blank forms, not byte copies (another separator).
        ("trong-1.csv", header.to_owned()),
        ("trong-2.csv", header.replace(';', ",")),
    ];
    for (name, text) in &files {
        std::fs::write(dir.path().join(name), text).expect("write");
    }
    let outcome = Run::new().in_dir(dir.path()).build(["."]).run().code(0);
    let json = outcome.json();
    assert_eq!(json["models"]["total"], 2);
    let copies: Vec<&Value> = json["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter(|f| f["status"] != "read")
        .collect();
    assert!(copies.is_empty(), "{copies:?}");
}
