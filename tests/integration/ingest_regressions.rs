//! Files as clerks send them, where dvk once lost or doubled rows without a
//! word: a commune merged down over its rows, a TCVN3 header in a file that
//! does not name its font, one report sent as .xls and .xlsx, a sheet
//! whose header dvk did not recognise, a sheet without a year column, a CSV
//! saved in TCVN3 bytes and dvk's own workbook given back as input.

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

/// Seventh walkthrough: `c-ban-chep.csv` is a byte copy of `b.xlsx` (CSV
/// text renamed .xlsx, kept of the two for its shorter name), which holds
/// the records of `a.csv` and is not counted either. The copy's warning
/// named b.xlsx as the file counted once, and b.xlsx's said "(.csv và
/// .xlsx)": both wrong.
#[test]
fn a_copy_of_a_file_not_counted_names_the_file_counted() {
    let dir = tempfile::tempdir().expect("temp");
    let rows = [
        ["STT", "Tên mô hình", "Xã", "Lĩnh vực", "Năm bắt đầu"],
        [
            "1",
            "Hũ gạo tình thương",
            "Long Sơn",
            "Văn hóa - xã hội",
            "2022",
        ],
        ["2", "Đường hoa", "Long Sơn", "Kinh tế", "2023"],
    ];
    let csv = |separator: &str| {
        rows.iter()
            .map(|row| row.join(separator) + "\n")
            .collect::<String>()
    };
    std::fs::write(dir.path().join("a.csv"), csv(",")).expect("write");
    // The same rows with another separator: other bytes, one report.
    std::fs::write(dir.path().join("b.xlsx"), csv(";")).expect("write");
    std::fs::write(dir.path().join("c-ban-chep.csv"), csv(";")).expect("write");
    let outcome = Run::new().in_dir(dir.path()).build(["."]).run().code(0);
    let json = outcome.json();
    assert_eq!(json["models"]["total"], 2);
    let status_of = |name: &str| {
        json["files"]
            .as_array()
            .expect("files")
            .iter()
            .find(|f| f["file"] == name)
            .map(|f| f["status"].clone())
    };
    assert_eq!(status_of("a.csv"), Some("read".into()));
    assert_eq!(status_of("b.xlsx"), Some("copy".into()));
    assert_eq!(status_of("c-ban-chep.csv"), Some("copy".into()));
    let warning_on = |name: &str| -> String {
        let told: Vec<Value> = problems(&json, "warning")
            .into_iter()
            .filter(|p| p["file"] == name)
            .collect();
        assert_eq!(told.len(), 1, "{name}: {told:?}");
        message_of(&told[0]).to_owned()
    };
    let copy = warning_on("c-ban-chep.csv");
    assert!(
        copy.contains("giống hệt tệp b.xlsx")
            && copy.contains("dvk chỉ tính một lần, theo tệp a.csv"),
        "{copy}"
    );
    let renamed = warning_on("b.xlsx");
    assert!(
        renamed.contains("theo tệp a.csv")
            && renamed.contains("tệp này thực ra là tệp chữ CSV, bị đổi đuôi thành .xlsx")
            && !renamed.contains("hai dạng tệp"),
        "{renamed}"
    );
}

/// Seventh walkthrough: "Ghi chú: …" typed in column A below the models was
/// counted as "1 dòng ghi chú" among the skipped rows, but no line named
/// its row, where every other note gets an info line.
#[test]
fn a_note_in_the_first_column_is_told_naming_its_row() {
    let dir = tempfile::tempdir().expect("temp");
    let row = |cells: &[&str]| cells.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>();
    let mut models = model_rows(&MODEL_HEADER, 2);
    models.insert(0, row(&["BÁO CÁO MÔ HÌNH DÂN VẬN KHÉO"]));
    // Rows 5 (blank) and 6, the note; 7, the signature block.
    models.push(vec![]);
    models.push(row(&["Ghi chú: Số liệu tính đến ngày 30/6/2024"]));
    models.push(row(&["", "Người lập biểu"]));
    workbook(dir.path(), "ghi-chu.xlsx", &[("Mô hình", models)]);
    let json = Run::new()
        .in_dir(dir.path())
        .build(["ghi-chu.xlsx"])
        .run()
        .code(0)
        .json();
    assert_eq!(
        json["rows"],
        serde_json::json!({"read": 4, "accepted": 2, "skipped": 2, "rejected": 0})
    );
    let infos = problems(&json, "info");
    let note: Vec<&Value> = infos.iter().filter(|p| p["row"] == 6).collect();
    assert_eq!(note.len(), 1, "{infos:?}");
    assert_eq!(note[0]["sheet"], "Mô hình");
    let message = message_of(note[0]);
    assert!(
        message.contains("\"Ghi chú: Số liệu tính đến ngày 30/6/2024\"")
            && message.contains("ghi chú")
            && message.contains("không tính"),
        "{message}"
    );
    assert!(problems(&json, "warning").is_empty(), "{infos:?}");
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

const MODEL_HEADER: [&str; 6] = [
    "STT",
    "Tên mô hình",
    "Đơn vị thực hiện",
    "Xã",
    "Lĩnh vực",
    "Năm bắt đầu",
];

/// A workbook of named sheets, each a grid of texts (numbers written as
/// numbers), saved to `dir/name`.
fn workbook(dir: &std::path::Path, name: &str, sheets: &[(&str, Vec<Vec<String>>)]) {
    let mut book = Workbook::new();
    for (sheet_name, rows) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(*sheet_name).expect("name");
        for (r, row) in rows.iter().enumerate() {
            for (c, text) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match text.parse::<f64>() {
                    Ok(n) => sheet.write_number(r, c, n),
                    Err(_) => sheet.write_string(r, c, text),
                }
                .expect("cell");
            }
        }
    }
    book.save(dir.join(name)).expect("save");
}

/// `n` model rows under `header` (its year column, wherever it is, gets 2019+i).
fn model_rows(header: &[&str], n: usize) -> Vec<Vec<String>> {
    let mut rows = vec![header.iter().map(|h| (*h).to_owned()).collect::<Vec<_>>()];
    for i in 0..n {
        rows.push(vec![
            (i + 1).to_string(),
            format!("Mô hình {}", i + 1),
            "Hội Phụ nữ xã".to_owned(),
            "Long Sơn".to_owned(),
            "Kinh tế".to_owned(),
            (2019 + i % 3).to_string(),
        ]);
    }
    rows
}

fn message_of(problem: &Value) -> &str {
    problem["message"].as_str().unwrap_or("")
}

/// The tester's xa-long-mai.xlsx: the "Mô hình" sheet's header deleted, and
/// the header "Tên mô hình" renamed "Tên". The models were dropped with an
/// info line, exit 0; now each such sheet is an error naming the sheet, what
/// its header lacks and the fix, its rows count as rejected, and a cover
/// page keeps its info line, which names every kind dvk reads.
#[test]
fn a_data_sheet_whose_header_is_not_recognised_is_an_error() {
    let dir = tempfile::tempdir().expect("temp");
    let works = vec![
        [
            "STT",
            "Tên công trình, phần việc",
            "Loại công trình",
            "Xã",
            "Năm",
        ]
        .map(str::to_owned)
        .to_vec(),
        [
            "1",
            "Nhà đại đoàn kết",
            "Nhà tình thương",
            "Long Sơn",
            "2020",
        ]
        .map(str::to_owned)
        .to_vec(),
    ];
    let cover = vec![vec!["BÁO CÁO PHONG TRÀO DÂN VẬN KHÉO".to_owned()]];
    let headerless = model_rows(&MODEL_HEADER, 5).split_off(1);
    let mut renamed = MODEL_HEADER;
    renamed[1] = "Tên";
    workbook(
        dir.path(),
        "xa.xlsx",
        &[
            ("Bìa", cover),
            ("Mô hình", headerless),
            ("Công trình", works),
        ],
    );
    workbook(
        dir.path(),
        "ten.xlsx",
        &[("Sheet1", model_rows(&renamed, 4))],
    );
    let outcome = Run::new()
        .in_dir(dir.path())
        .build(["xa.xlsx", "ten.xlsx"])
        .run()
        .code(1);
    let json = outcome.json();
    assert_eq!(json["models"]["total"], 0);
    assert_eq!(json["rows"]["accepted"], 1, "the works row");
    assert_eq!(json["rows"]["rejected"], 9, "5 + 4 model rows not counted");
    let errors = problems(&json, "error");
    assert_eq!(errors.len(), 2, "{errors:?}");
    let (ten, xa) = (&errors[0], &errors[1]);
    assert_eq!(
        (&ten["file"], &ten["sheet"]),
        (&"ten.xlsx".into(), &"Sheet1".into())
    );
    assert_eq!(xa["file"], "xa.xlsx");
    assert_eq!(xa["sheet"], "Mô hình");
    for said in [
        "5 dòng số liệu",
        "không có dòng tiêu đề",
        "STT | Tên mô hình",
        "dvk mau",
    ] {
        assert!(message_of(xa).contains(said), "{said}: {xa}");
    }
    assert_eq!(ten["row"], 1);
    for said in [
        "4 dòng số liệu",
        "thiếu cột \"Tên mô hình\"",
        "cột B \"Tên\"",
    ] {
        assert!(message_of(ten).contains(said), "{said}: {ten}");
    }
    let files = json["files"].as_array().expect("files");
    let status = |name: &str| {
        files
            .iter()
            .find(|f| f["file"] == name)
            .map(|f| f["status"].clone())
    };
    assert_eq!(
        status("ten.xlsx"),
        Some("failed".into()),
        "nothing of it counted"
    );
    assert_eq!(status("xa.xlsx"), Some("read".into()));
    let cover_note: Vec<_> = problems(&json, "info")
        .into_iter()
        .filter(|p| p["sheet"] == "Bìa")
        .collect();
    assert_eq!(cover_note.len(), 1, "{cover_note:?}");
    assert!(message_of(&cover_note[0]).contains("Khen thưởng"));
    assert!(outcome
        .markdown()
        .contains("9 dòng số liệu không được tính"));
}

/// The tester's nam-bd.xlsx: a models sheet whose year column is headed
/// "Năm BĐ" gave one identical error per row; now "Năm BĐ" is a name of
/// the column, and a header dvk still does not know ("Năm thành lập") is
/// named once for the sheet, its rows rejected as before.
#[test]
fn a_missing_year_column_is_told_once_naming_the_likely_header() {
    let dir = tempfile::tempdir().expect("temp");
    let mut abbreviated = MODEL_HEADER;
    abbreviated[5] = "Năm BĐ";
    let mut unknown = MODEL_HEADER;
    unknown[5] = "Năm thành lập";
    workbook(
        dir.path(),
        "bd.xlsx",
        &[("Mô hình", model_rows(&abbreviated, 3))],
    );
    workbook(
        dir.path(),
        "tl.xlsx",
        &[("Mô hình", model_rows(&unknown, 4))],
    );
    let outcome = Run::new()
        .in_dir(dir.path())
        .build(["bd.xlsx", "tl.xlsx"])
        .run()
        .code(1);
    let json = outcome.json();
    assert_eq!(json["models"]["total"], 3, "Năm BĐ is read");
    assert_eq!(json["rows"]["rejected"], 4);
    let errors = problems(&json, "error");
    assert_eq!(errors.len(), 1, "{errors:?}");
    let message = message_of(&errors[0]);
    assert_eq!(errors[0]["file"], "tl.xlsx");
    for said in [
        "4 dòng số liệu",
        "Cột F \"Năm thành lập\" có vẻ là cột năm",
        "\"Năm bắt đầu\"",
        "dvk mau",
    ] {
        assert!(message.contains(said), "{said}: {message}");
    }
}

/// A CSV saved in TCVN3 bytes (made with `iconv -t TCVN5712-1`) was decoded
/// as Windows-1258 first: half-converted cells ("Ngơng hoạt động"), no model
/// stopped, four fields "Khác". Figures counted by hand from the rows.
#[test]
fn a_csv_in_tcvn3_bytes_reads_as_its_text() {
    let outcome = Run::new()
        .in_fixtures()
        .build(["csv-tcvn3/mo-hinh-tcvn3.csv"])
        .run()
        .code(0);
    let json = outcome.json();
    let models = &json["models"];
    assert_eq!(
        (&models["total"], &models["effective"], &models["stopped"]),
        (&5.into(), &2.into(), &2.into())
    );
    assert_eq!(models["funding_total"], 56_750_000);
    assert_eq!(
        fields(&json),
        [
            ("Phát triển kinh tế".to_owned(), 1),
            ("Văn hóa - xã hội".to_owned(), 1),
            ("Quốc phòng - an ninh".to_owned(), 1),
            ("Xây dựng hệ thống chính trị".to_owned(), 1),
            ("Khác".to_owned(), 1),
        ]
    );
    assert!(localities(&json)
        .iter()
        .any(|(name, _, _)| name == "Ấp Văn Mỹ"));
    assert!(problems(&json, "info")
        .iter()
        .any(|p| message_of(p).contains("bảng mã TCVN3")));
}

/// dvk's own tong-hop.xlsx given back: one error saying what it is and to
/// give its tong-hop.json instead, no sheet's errors; its folder alone
/// exits 2 saying the same.
#[test]
fn dvk_own_results_given_as_input_are_named_for_what_they_are() {
    let first = Run::new().in_fixtures().build(["chuan"]).run().code(0);
    let outcome = Run::new()
        .in_dir(&first.out)
        .args(["check", "tong-hop.xlsx", "--json"])
        .run()
        .code(1);
    let check: Value = serde_json::from_str(&outcome.stdout).expect("json");
    let problems = check["problems"].as_array().expect("problems");
    assert_eq!(problems.len(), 1, "{problems:?}");
    let message = message_of(&problems[0]);
    assert!(message.contains("do chính dvk lập"), "{message}");
    assert!(message.contains("tong-hop.json"), "{message}");
    let elsewhere = tempfile::tempdir().expect("temp");
    let folder = Run::new()
        .args([
            "build".to_owned(),
            first.out.display().to_string(),
            "-o".to_owned(),
        ])
        .args([elsewhere.path().join("x").display().to_string()])
        .run()
        .code(2);
    assert!(
        folder.stderr.contains("thư mục kết quả của dvk"),
        "{}",
        folder.stderr
    );
    assert!(
        folder.stderr.contains("/tong-hop.json"),
        "{}",
        folder.stderr
    );
}

/// A CSV that is not UTF-8 read as Windows-1258 said nothing, while one in
/// TCVN3 or VNI bytes had an info line: each now gets one info line naming
/// the encoding dvk guessed and how to spare the guess ("CSV UTF-8").
#[test]
fn a_csv_read_in_a_guessed_encoding_says_which() {
    let dir = tempfile::tempdir().expect("temp");
    // VNI-Windows bytes, as a sheet typed in VNI-Times saves them.
    let vni: &[u8] = b"STT;Ten mo hinh;Linh vuc;Tinh;Huyen;Xa;Nam bat dau;Tinh trang\n\
        1;Mo hinh A;Kinh te;Qua\xfbng Nga\xf5i;Minh Long;Long Son;2020;Ng\xf6\xf8ng hoa\xeft \xf1o\xe4ng\n";
    std::fs::write(dir.path().join("mo-hinh-vni.csv"), vni).expect("write");
    let cases = [
        (
            fixtures().join("csv-ma-hoa/5-windows-1258.csv"),
            "Windows-1258",
        ),
        (fixtures().join("csv-tcvn3/mo-hinh-tcvn3.csv"), "TCVN3"),
        (dir.path().join("mo-hinh-vni.csv"), "VNI-Windows"),
        (fixtures().join("csv-ma-hoa/2-utf8.csv"), ""),
    ];
    for (path, encoding) in cases {
        let outcome = Run::new()
            .args(["check", "--json"])
            .args([path.display().to_string()])
            .run()
            .code(0);
        let check: Value = serde_json::from_str(&outcome.stdout).expect("json");
        let told: Vec<&Value> = check["problems"]
            .as_array()
            .expect("problems")
            .iter()
            .filter(|p| message_of(p).contains("không lưu theo Unicode"))
            .collect();
        if encoding.is_empty() {
            assert!(told.is_empty(), "{}: {told:?}", path.display());
            continue;
        }
        assert_eq!(told.len(), 1, "{}: {told:?}", path.display());
        assert_eq!(told[0]["severity"], "info");
        let message = message_of(told[0]);
        for said in [encoding, "CSV UTF-8", "ví dụ ô"] {
            assert!(message.contains(said), "{said}: {message}");
        }
    }
}

/// A new-user walkthrough's file: the year column first, and the group
/// headings "I. Lĩnh vực kinh tế" / "II. Văn hóa - xã hội" typed into it,
/// alone on their rows. They were rejected as years that could not be read
/// (two errors, exit 1) and every model fell to "Khác"; now they are
/// headings, as they are in any other column. Rows: 2 headings, 3 models
/// (2 under I, 1 under II), one "Tổng cộng".
#[test]
fn a_group_heading_typed_into_the_year_column_is_a_heading() {
    let dir = tempfile::tempdir().expect("temp");
    let row = |cells: &[&str]| cells.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>();
    let models = vec![
        row(&[
            "Năm bắt đầu",
            "Tên mô hình",
            "Xã",
            "Tình trạng",
            "Kinh phí (triệu đồng)",
            "STT",
        ]),
        row(&["I. Lĩnh vực kinh tế"]),
        row(&["2021", "Chợ an toàn", "Hòa Thành", "Hiệu quả", "10", "1"]),
        row(&[
            "2022",
            "Hợp tác xã rau sạch",
            "Hòa Thành",
            "Đăng ký",
            "20",
            "2",
        ]),
        row(&["II. Văn hóa - xã hội"]),
        row(&[
            "2024",
            "Thư viện cộng đồng",
            "Hòa Thành",
            "Hiệu quả",
            "5",
            "3",
        ]),
        row(&["", "Tổng cộng", "", "", "35"]),
    ];
    workbook(dir.path(), "nhom-o-cot-nam.xlsx", &[("Mô hình", models)]);
    let json = Run::new()
        .in_dir(dir.path())
        .build(["nhom-o-cot-nam.xlsx"])
        .run()
        .code(0)
        .json();
    assert_eq!(
        json["rows"],
        serde_json::json!({"read": 6, "accepted": 3, "skipped": 3, "rejected": 0})
    );
    assert_eq!(
        fields(&json),
        [
            ("Phát triển kinh tế".to_owned(), 2),
            ("Văn hóa - xã hội".to_owned(), 1)
        ]
    );
    assert_eq!(json["models"]["funding_total"], 35_000_000);
    assert!(problems(&json, "error").is_empty(), "{}", json["problems"]);
    assert!(
        problems(&json, "warning").is_empty(),
        "{}",
        json["problems"]
    );
}

/// Audit D4: a CSV's row numbers were its physical lines. Excel writes an
/// Alt+Enter header ("Kinh phí\n(triệu đồng)") and a multi-line cell as
/// quoted line breaks, which shifted every row below; Excel and
/// LibreOffice show one record per row (and one row per blank line). The
/// rows named in problems, in the repeats warning and in `dvk kiem-tra`
/// are the rows the clerk sees, whatever the file's line ends.
#[test]
fn csv_rows_are_numbered_as_a_spreadsheet_shows_them() {
    // Row 1: the header (3 lines); row 2: Hũ gạo; row 3: a name of two
    // lines; row 4: a bad year; row 5: blank; row 6: row 2 pasted again.
    let lines = [
        "STT,\"Tên mô hình,\nđiển hình\",Đơn vị thực hiện,Xã,Lĩnh vực,Năm bắt đầu,Tình trạng,\"Kinh phí\n(triệu đồng)\"",
        "1,Hũ gạo tình thương,Hội Phụ nữ,Long Sơn,Kinh tế,2019,Hiệu quả,10",
        "2,\"Đường hoa\nthôn 1\",Đoàn Thanh niên,Long Sơn,Kinh tế,2020,Hiệu quả,5",
        "3,Vườn mẫu,UBND xã,Long Sơn,Kinh tế,abc,Hiệu quả,1",
        "",
        "4,Hũ gạo tình thương,Hội Phụ nữ,Long Sơn,Kinh tế,2019,Hiệu quả,10",
    ];
    // Excel's line ends are CRLF (an Alt+Enter inside a cell stays LF);
    // old Mac Excel's "CSV (Macintosh)" ends lines with CR alone.
    for (name, line_end) in [("lf", "\n"), ("crlf", "\r\n"), ("cr", "\r")] {
        let dir = tempfile::tempdir().expect("temp");
        let text = lines.join(line_end) + line_end;
        let text = match line_end {
            "\r" => text.replace('\n', "\r"),
            _ => text,
        };
        std::fs::write(dir.path().join("mo-hinh.csv"), text).expect("write");
        let outcome = Run::new()
            .in_dir(dir.path())
            .build(["mo-hinh.csv"])
            .run()
            .code(1);
        let json = outcome.json();
        assert_eq!(
            json["rows"],
            serde_json::json!({"read": 4, "accepted": 3, "skipped": 0, "rejected": 1}),
            "{name}: {}",
            json["problems"]
        );
        // 10 + 5 + 10 triệu (the pasted row still counts, with a warning).
        assert_eq!(json["models"]["funding_total"], 25_000_000, "{name}");
        let errors = problems(&json, "error");
        assert_eq!(errors.len(), 1, "{name}: {errors:?}");
        assert_eq!(errors[0]["row"], 4, "{name}: {}", errors[0]);
        assert_eq!(errors[0]["column"], "Năm bắt đầu", "{name}");
        let repeated: Vec<&Value> =
            crate::harness::problems_saying(&json, "được ghi lặp lại").collect();
        assert_eq!(repeated.len(), 1, "{name}: {}", json["problems"]);
        assert_eq!(repeated[0]["row"], 6, "{name}");
        let message = repeated[0]["message"].as_str().expect("message");
        assert!(message.contains("dòng 6 trùng dòng 2"), "{name}: {message}");

        let check = Run::new()
            .in_dir(dir.path())
            .args(["kiem-tra", "mo-hinh.csv"])
            .run()
            .code(1);
        assert!(
            check.stdout.contains("dòng 4") && !check.stdout.contains("dòng 7"),
            "{name}: {}",
            check.stdout
        );
    }
}
