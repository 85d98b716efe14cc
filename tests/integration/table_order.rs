//! What a clerk reads in the tables beside the figures: the order of
//! places, the page's orientation, the lines said when a list is empty.

use crate::harness::Run;
use crate::report_docx::{parts, visible_text};
use calamine::{open_workbook, Data, Reader, Xlsx};
use std::path::Path;

fn sheet(path: &Path, name: &str) -> Vec<Vec<String>> {
    let mut workbook: Xlsx<_> = open_workbook(path).expect("open tong-hop.xlsx");
    let range = workbook
        .worksheet_range(name)
        .unwrap_or_else(|e| panic!("sheet {name}: {e}"));
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

/// Models of four communes whose names carry numbers, written in text
/// order; "Camera an ninh" is exemplary in three of them.
fn numbered_communes() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp");
    let mut csv = String::from(
        "STT;Tên mô hình;Tỉnh;Huyện;Xã;Thôn/Ấp;Lĩnh vực;Năm bắt đầu;Tình trạng;Tiêu biểu\n",
    );
    let rows = [
        ("Camera an ninh", "Xã 1", "Thôn 1", "x"),
        ("Hũ gạo tình thương", "Xã 10", "Thôn 10", ""),
        ("Camera an ninh", "Xã 11", "Thôn 2", "x"),
        ("Nuôi bò sinh sản", "Xã 11", "Thôn 1", ""),
        ("Camera an ninh", "Xã 2", "Thôn 2", "x"),
        ("Vườn mẫu trồng bưởi", "Xã 2", "Thôn 10", ""),
    ];
    for (i, (name, commune, hamlet, exemplary)) in rows.iter().enumerate() {
        csv.push_str(&format!(
            "{};{name};Quảng Ngãi;Minh Long;{commune};{hamlet};Kinh tế;2022;Duy trì hiệu quả;{exemplary}\n",
            i + 1
        ));
    }
    std::fs::write(dir.path().join("mo-hinh.csv"), csv).expect("write");
    dir
}

#[test]
fn places_with_numbers_sort_by_value_in_the_tables_and_report_but_by_key_in_the_json() {
    // Regression: "Xã 1, Xã 10, Xã 11, Xã 2" in Biểu 2 and Phụ lục 2.
    let dir = numbered_communes();
    let outcome = Run::new()
        .build([dir.path().display().to_string()])
        .run()
        .code(0);
    let natural = ["Xã 1", "Xã 2", "Xã 10", "Xã 11"];

    let table = sheet(&outcome.out.join("tong-hop.xlsx"), "Địa bàn");
    let names: Vec<&str> = table[4..8].iter().map(|r| r[1].as_str()).collect();
    assert_eq!(names, natural);

    let md = outcome.markdown();
    let at = |name: &str| {
        md.find(&format!("| {name} |"))
            .unwrap_or_else(|| panic!("{name} in {md}"))
    };
    assert!(natural.windows(2).all(|w| at(w[0]) < at(w[1])), "{md}");
    // "tại các xã 1, 2, 11", not "1, 11, 2".
    assert!(md.contains("Camera an ninh tại các xã 1, 2, 11"), "{md}");

    let document = &parts(&outcome.bytes("bao-cao.docx"))["word/document.xml"];
    let text = visible_text(document);
    let lines: Vec<&str> = text.lines().collect();
    let in_word: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| natural.contains(l))
        .collect();
    assert_eq!(in_word, natural, "{text}");

    // tong-hop.json keeps its order by key, as batch jobs read it.
    let json = outcome.json();
    let keyed: Vec<&str> = json["models"]["by_locality"]
        .as_array()
        .expect("by_locality")
        .iter()
        .map(|l| l["locality"].as_str().expect("name"))
        .collect();
    assert_eq!(keyed, ["Xã 1", "Xã 10", "Xã 11", "Xã 2"]);

    // Hamlets too: "Thôn 1 (Xã 1)" before "Thôn 1 (Xã 11)", "Thôn 2" before "Thôn 10".
    let hamlets = Run::new()
        .build([dir.path().display().to_string()])
        .args(["--group-by", "thon"])
        .run()
        .code(0);
    let table = sheet(&hamlets.out.join("tong-hop.xlsx"), "Địa bàn");
    let names: Vec<&str> = table[4..10].iter().map(|r| r[1].as_str()).collect();
    assert_eq!(
        names,
        [
            "Thôn 1 (Xã 1)",
            "Thôn 1 (Xã 11)",
            "Thôn 2 (Xã 2)",
            "Thôn 2 (Xã 11)",
            "Thôn 10 (Xã 2)",
            "Thôn 10 (Xã 10)",
        ]
    );
}

#[test]
fn an_empty_problem_list_says_there_is_none() {
    // Regression: with no problem at all, "Vấn đề" printed its heading only.
    let dir = numbered_communes();
    let outcome = Run::new()
        .build([dir.path().display().to_string()])
        .run()
        .code(0);
    assert_eq!(outcome.json()["problems"], serde_json::json!([]));
    let path = outcome.out.join("tong-hop.xlsx");
    let problems = sheet(&path, "Vấn đề");
    assert_eq!(problems.len(), 5, "{problems:?}");
    assert_eq!(
        problems[4][0],
        "Không có vấn đề nào: mọi tệp, mọi dòng đều đọc được, không có lỗi hay cảnh báo."
    );
    // No problem, no summary of them (as no commendation, no Biểu 7).
    let workbook: Xlsx<_> = open_workbook(&path).expect("open");
    assert!(!workbook.sheet_names().iter().any(|n| n == "Tóm tắt vấn đề"));
}

#[test]
fn subfields_print_in_the_orientation_of_fields() {
    // Regression: Biểu 1A printed landscape beside a portrait Biểu 1.
    let outcome = Run::new().build(["sample-data"]).run().code(0);
    let path = outcome.out.join("tong-hop.xlsx");
    let workbook: Xlsx<_> = open_workbook(&path).expect("open");
    let names = workbook.sheet_names();
    let landscape = |name: &str| {
        use std::io::Read;
        let position = names.iter().position(|n| n == name).expect("sheet");
        let bytes = std::fs::read(&path).expect("read");
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
        let mut xml = String::new();
        archive
            .by_name(&format!("xl/worksheets/sheet{}.xml", position + 1))
            .expect("sheet part")
            .read_to_string(&mut xml)
            .expect("xml");
        xml.contains("orientation=\"landscape\"")
    };
    assert!(!landscape("Lĩnh vực"));
    assert!(!landscape("Lĩnh vực con"));
    // A table that needs the width keeps it.
    assert!(landscape("Công trình"));
}

#[test]
fn a_commune_written_with_its_level_word_sorts_by_its_name() {
    // Regression: "Xã Long Môn" (the first spelling seen) came last, after
    // "Thanh An", in Biểu 2 and Phụ lục 2.
    let dir = tempfile::tempdir().expect("temp");
    let mut csv = String::from("STT;Tên mô hình;Tỉnh;Huyện;Xã;Lĩnh vực;Năm bắt đầu;Tình trạng\n");
    for (i, commune) in ["Thanh An", "Xã Long Môn", "Long Sơn", "Long Môn"]
        .iter()
        .enumerate()
    {
        csv.push_str(&format!(
            "{};Mô hình {i};Quảng Ngãi;Minh Long;{commune};Kinh tế;2022;Duy trì hiệu quả\n",
            i + 1
        ));
    }
    std::fs::write(dir.path().join("mo-hinh.csv"), csv).expect("write");
    let outcome = Run::new()
        .build([dir.path().display().to_string()])
        .run()
        .code(0);
    let expected = ["Xã Long Môn", "Long Sơn", "Thanh An"];
    let table = sheet(&outcome.out.join("tong-hop.xlsx"), "Địa bàn");
    let names: Vec<&str> = table[4..7].iter().map(|r| r[1].as_str()).collect();
    assert_eq!(names, expected);
    let md = outcome.markdown();
    let at = |name: &str| {
        md.find(&format!("| {name} |"))
            .unwrap_or_else(|| panic!("{name} in {md}"))
    };
    assert!(expected.windows(2).all(|w| at(w[0]) < at(w[1])), "{md}");
}
