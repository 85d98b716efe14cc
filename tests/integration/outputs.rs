//! The three outputs: the workbook read back, the report's text, determinism.

use crate::harness::{root, Run};
use calamine::{open_workbook, Data, Reader, Xlsx};
use serde_json::Value;

fn sheet(path: &std::path::Path, name: &str) -> Vec<Vec<Data>> {
    let mut workbook: Xlsx<_> = open_workbook(path).expect("open tong-hop.xlsx");
    let range = workbook
        .worksheet_range(name)
        .unwrap_or_else(|e| panic!("sheet {name}: {e}"));
    range.rows().map(<[Data]>::to_vec).collect()
}

fn number(cell: &Data) -> f64 {
    match cell {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("not a number: {other:?}"),
    }
}

fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Rows below the header (row 4) of a printed table, up to and including the total.
fn table_rows(rows: &[Vec<Data>]) -> (&[Vec<Data>], &Vec<Data>) {
    let body = &rows[4..];
    let total_at = body
        .iter()
        .position(|r| r.get(1).map(text).as_deref() == Some("Tổng cộng"))
        .expect("total row");
    (&body[..total_at], &body[total_at])
}

#[test]
fn workbook_tables_equal_the_json_and_totals_equal_their_rows() {
    let outcome = Run::new().build(["sample-data"]).run().code(0);
    let json = outcome.json();
    let path = outcome.out.join("tong-hop.xlsx");

    let workbook: Xlsx<_> = open_workbook(&path).expect("open");
    let names = workbook.sheet_names();
    for expected in [
        "Lĩnh vực",
        "Lĩnh vực con",
        "Địa bàn",
        "Theo năm",
        "Công trình",
        "Nguồn lực",
        "Tệp đã đọc",
        "Vấn đề",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "sheet {expected} in {names:?}"
        );
    }

    let fields = sheet(&path, "Lĩnh vực");
    assert!(text(&fields[0][0]).contains("THEO LĨNH VỰC"));
    assert_eq!(text(&fields[1][0]), "(Giai đoạn 2017 – 2022)");
    assert_eq!(text(&fields[3][1]), "Lĩnh vực");
    let (rows, total) = table_rows(&fields);
    for (row, field) in rows
        .iter()
        .zip(json["models"]["by_field"].as_array().expect("list"))
    {
        assert_eq!(text(&row[1]), field["field"].as_str().expect("name"));
        assert_eq!(
            number(&row[2]) as u64,
            field["total"].as_u64().expect("total")
        );
        assert_eq!(
            number(&row[3]) as u64,
            field["effective"].as_u64().expect("effective")
        );
    }
    let sum: f64 = rows.iter().map(|r| number(&r[2])).sum();
    assert_eq!(number(&total[2]), sum);
    assert_eq!(
        number(&total[2]) as u64,
        json["models"]["total"].as_u64().expect("total")
    );

    let localities = sheet(&path, "Địa bàn");
    let (rows, total) = table_rows(&localities);
    assert_eq!(
        rows.len(),
        json["models"]["by_locality"]
            .as_array()
            .expect("list")
            .len()
    );
    assert_eq!(
        number(&total[2]),
        rows.iter().map(|r| number(&r[2])).sum::<f64>()
    );

    // Money in triệu đồng: the total row equals the rows above and the JSON's đồng.
    let works = sheet(&path, "Công trình");
    // A heading too long for its column breaks before its unit.
    assert_eq!(text(&works[3][5]), "Tổng kinh phí\n(triệu đồng)");
    let (rows, total) = table_rows(&works);
    for col in [5, 6, 7] {
        let sum: f64 = rows.iter().map(|r| number(&r[col])).sum();
        assert!((number(&total[col]) - sum).abs() < 1e-6, "column {col}");
    }
    let works_total: i64 = json["projects"]["by_type"]
        .as_array()
        .expect("list")
        .iter()
        .map(|t| t["funding"]["total"].as_i64().expect("money"))
        .sum();
    assert_eq!(
        (number(&total[5]) * 1_000_000.0).round() as i64,
        works_total
    );

    let funding = sheet(&path, "Nguồn lực");
    let (_, total) = table_rows(&funding);
    assert_eq!(
        (number(&total[2]) * 1_000_000.0).round() as i64,
        json["funding"]["total"].as_i64().expect("money")
    );

    let files = sheet(&path, "Tệp đã đọc");
    let (rows, total) = table_rows(&files);
    assert_eq!(rows.len(), 9);
    assert_eq!(
        number(&total[3]) as u64,
        json["rows"]["read"].as_u64().expect("read")
    );

    let problems = sheet(&path, "Vấn đề");
    assert_eq!(problems.len() - 4, 2, "two warnings in the sample");
    assert!(text(&problems[4][6]).contains("Chuyển đổi số"));
}

#[test]
fn report_text_snapshot() {
    let outcome = Run::new().build(["sample-data"]).run().code(0);
    insta::assert_snapshot!("bao-cao-sample-data", outcome.markdown());
}

#[test]
fn report_reads_like_the_seed_reports() {
    let outcome = Run::new().build(["sample-data"]).run().code(0);
    let json: Value = outcome.json();
    let md = outcome.markdown();
    let total = json["models"]["total"].as_u64().expect("total");
    assert!(
        md.contains(&format!(
            "từ năm 2017 đến năm 2022 là {total} mô hình. Trong đó, lĩnh vực phát triển kinh tế"
        )),
        "{md}"
    );
    assert!(md.contains("mô hình đang duy trì hoạt động hiệu quả"));
    assert!(md.contains("trong đó, ngân sách nhà nước"));
    for section in [
        "HẠN CHẾ, NGUYÊN NHÂN",
        "BÀI HỌC KINH NGHIỆM",
        "PHƯƠNG HƯỚNG, NHIỆM VỤ",
        "KIẾN NGHỊ, ĐỀ XUẤT",
        "PHỤ LỤC",
    ] {
        assert!(md.contains(section), "section {section}");
    }
    // Vietnamese numbers: "." thousands, "," decimals, no English separators.
    assert!(md.contains("tỷ đồng"));
    assert!(
        !md.contains(",000"),
        "English thousands separator in the report"
    );
}

#[test]
fn incomplete_figures_are_said_in_the_report_and_workbook() {
    let outcome = Run::new()
        .in_fixtures()
        .build(["loi"])
        .args(["--from", "2018", "--to", "2021"])
        .run()
        .code(1);
    let md = outcome.markdown();
    assert!(md.contains("số liệu chưa đầy đủ"), "{md}");
    let rows = sheet(&outcome.out.join("tong-hop.xlsx"), "Lĩnh vực");
    assert!(text(&rows[2][0]).starts_with("Số liệu chưa đầy đủ"));
    assert!(text(&rows[2][0]).ends_with("Xem trang “Vấn đề”."));
    assert!(outcome.stderr.contains("CHƯA ĐẦY ĐỦ"));
}

#[test]
fn outputs_are_byte_identical_whatever_the_input_order() {
    let first = Run::new().build(["sample-data"]).run().code(0);
    let mut files: Vec<String> = std::fs::read_dir(root().join("sample-data"))
        .expect("list")
        .map(|e| {
            format!(
                "sample-data/{}",
                e.expect("entry").file_name().to_string_lossy()
            )
        })
        .filter(|f| !f.ends_with(".md"))
        .collect();
    files.sort();
    files.reverse();
    let second = Run::new().build(files).run().code(0);
    for name in [
        "tong-hop.json",
        "tong-hop.xlsx",
        "bao-cao.md",
        "bao-cao.docx",
    ] {
        assert!(
            first.bytes(name) == second.bytes(name),
            "{name} differs between runs"
        );
    }
}

#[test]
fn inputs_are_not_modified() {
    let digest = || -> Vec<(String, Vec<u8>)> {
        let mut all = Vec::new();
        for entry in std::fs::read_dir(root().join("sample-data")).expect("list") {
            let path = entry.expect("entry").path();
            all.push((
                path.display().to_string(),
                std::fs::read(&path).expect("read"),
            ));
        }
        all.sort();
        all
    };
    let before = digest();
    Run::new().build(["sample-data"]).run().code(0);
    assert!(before == digest(), "an input changed");
}

#[test]
fn no_temporary_files_are_left_behind() {
    let outcome = Run::new().build(["sample-data"]).run().code(0);
    let mut names: Vec<String> = std::fs::read_dir(&outcome.out)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            // The folder's lock file, hidden and empty, stays (see output.rs).
            ".dvk.lock",
            "bao-cao.docx",
            "bao-cao.md",
            "tong-hop.json",
            "tong-hop.xlsx"
        ]
    );
    let lock = std::fs::metadata(outcome.out.join(".dvk.lock")).expect("lock file");
    assert_eq!(lock.len(), 0);
}

#[test]
fn a_user_template_overrides_the_report() {
    let dir = tempfile::tempdir().expect("temp");
    std::fs::write(
        dir.path().join("bao-cao.md.tera"),
        "Tổng: {{ models.total }} mô hình; {{ 1234567 | so }}; {{ 7 | dem }}.\n",
    )
    .expect("write");
    let outcome = Run::new()
        .build(["sample-data"])
        .args(["--templates", &dir.path().display().to_string()])
        .run()
        .code(0);
    let json = outcome.json();
    // The text's last paragraph ends with "./.", a user's template's too.
    let expected = format!(
        "\n\nTổng: {} mô hình; 1.234.567; 07./.\n\n",
        json["models"]["total"]
    );
    assert!(
        outcome.markdown().contains(&expected),
        "{}",
        outcome.markdown()
    );
}

#[test]
fn a_user_template_may_list_every_problem_and_file() {
    let dir = tempfile::tempdir().expect("temp");
    std::fs::write(
        dir.path().join("bao-cao.md.tera"),
        "{% for p in problems %}V:{{ p.file }}\n{% endfor %}\
         {% for f in files %}T:{{ f.file }}\n{% endfor %}\
         {% for o in outstanding %}M\n{% endfor %}\
         Kỳ gửi lên: {{ rollup.bounds | length }}\n",
    )
    .expect("write");
    let outcome = Run::new()
        .build(["tests/fixtures/loi"])
        .args(["--templates", &dir.path().display().to_string()])
        .run();
    let json = outcome.json();
    let markdown = outcome.markdown();
    let lines_starting = |prefix: &str| markdown.lines().filter(|l| l.starts_with(prefix)).count();
    let problems = json["problems"].as_array().expect("problems").len();
    assert!(problems > 0, "the fixture has problems");
    assert_eq!(lines_starting("V:"), problems, "{markdown}");
    assert_eq!(
        lines_starting("T:"),
        json["files"].as_array().expect("files").len()
    );
    assert_eq!(
        lines_starting("M"),
        json["models"]["outstanding"]
            .as_array()
            .expect("outstanding")
            .len()
    );
    assert!(markdown.contains("Kỳ gửi lên: "), "{markdown}");
}

#[test]
fn group_by_changes_the_locality_level() {
    let outcome = Run::new()
        .build(["sample-data"])
        .args(["--group-by", "huyen"])
        .run()
        .code(0);
    let json = outcome.json();
    let localities: Vec<&str> = json["models"]["by_locality"]
        .as_array()
        .expect("list")
        .iter()
        .map(|l| l["locality"].as_str().expect("name"))
        .collect();
    assert_eq!(localities, ["Minh Long"]);
}

#[test]
fn signature_block_below_the_table_is_not_counted() {
    // Regression: the rows under a table ("NGƯỜI LẬP BIỂU", names) were
    // rejected for a missing year, so nearly every real file exited 1.
    let dir = tempfile::tempdir().expect("temp");
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    let rows: [&[&str]; 6] = [
        &[
            "STT",
            "Tên mô hình",
            "Xã",
            "Lĩnh vực",
            "Năm bắt đầu",
            "Tình trạng",
        ],
        &[
            "1",
            "Hũ gạo tình thương",
            "Long Sơn",
            "VH-XH",
            "2019",
            "Hiệu quả",
        ],
        &["2", "Camera an ninh", "Long Sơn", "ANTT", "2020", ""],
        &["", "Long Sơn, ngày 15 tháng 6 năm 2022", "", "", "", ""],
        &["", "NGƯỜI LẬP BIỂU", "", "", "TM. ỦY BAN NHÂN DÂN XÃ", ""],
        &["", "Nguyễn Văn A", "", "", "Trần Thị B", ""],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            if !value.is_empty() {
                sheet
                    .write_string(r as u32, c as u16, *value)
                    .expect("cell");
            }
        }
    }
    workbook.save(dir.path().join("xa.xlsx")).expect("save");
    let outcome = Run::new()
        .in_dir(dir.path())
        .build(["xa.xlsx"])
        .run()
        .code(0);
    let json = outcome.json();
    assert_eq!(json["models"]["total"], 2);
    assert_eq!(json["rows"]["read"], 5);
    assert_eq!(json["rows"]["skipped"], 3);
    assert_eq!(json["rows"]["rejected"], 0);
}

#[test]
fn a_record_missing_its_year_does_not_end_the_table() {
    // Regression: "KT" (the field kinh tế) on a row with no STT and no year
    // read as "KT. Chủ tịch": the rows below were dropped as a signature
    // block, silently, with exit 0.
    let dir = tempfile::tempdir().expect("temp");
    let csv = "STT;Tên mô hình;Xã;Lĩnh vực;Năm bắt đầu;Tình trạng;Kinh phí (triệu đồng)\n\
               1;Mô hình một;Long Sơn;KT;2020;Hiệu quả;\n\
               ;Tổ tự quản đường làng;Long Sơn;KT;;Hiệu quả;\n\
               3;Mô hình ba;Long Sơn;KT;2021;Hiệu quả;\n\
               4;Mô hình bốn;Long Sơn;KT;2021;Hiệu quả;abc\n\
               ;Lưu giữ bản sắc văn hóa;Long Sơn;VH-XH;;Hiệu quả;\n\
               ;Long Sơn, ngày 15 tháng 6 năm 2022;;;;;\n\
               ;NGƯỜI LẬP BIỂU;;KT. CHỦ TỊCH;;;\n";
    std::fs::write(dir.path().join("xa.csv"), csv).expect("write");
    let outcome = Run::new()
        .in_dir(dir.path())
        .build(["xa.csv"])
        .run()
        .code(1);
    let json = outcome.json();
    assert_eq!(json["models"]["total"], 2);
    assert_eq!(json["rows"]["read"], 7);
    // The two records without a year and the one with "abc" as money.
    assert_eq!(json["rows"]["rejected"], 3);
    assert_eq!(json["rows"]["skipped"], 2);
    let errors: Vec<u64> = json["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .filter(|p| p["severity"] == "error")
        .map(|p| p["row"].as_u64().expect("row"))
        .collect();
    assert_eq!(errors, [3, 5, 6]);
}

#[test]
fn quantities_print_with_their_decimals() {
    // Regression: the quantity column took the money columns' format and
    // printed 1,6 km of road as "2".
    let outcome = Run::new().in_fixtures().build(["chuan"]).run().code(0);
    let path = outcome.out.join("tong-hop.xlsx");
    let mut workbook: Xlsx<_> = open_workbook(&path).expect("open");
    let values = workbook.worksheet_range("Công trình").expect("sheet");
    let styles = workbook.worksheet_style("Công trình").expect("styles");
    let mut checked = 0;
    for (row, cells) in values.rows().enumerate().skip(4) {
        let quantity = number_or_none(&cells[4]);
        let Some(quantity) = quantity else { continue };
        let format = styles
            .get((row as u32, 4))
            .and_then(|s| s.number_format.as_ref())
            .map(|f| f.format_code.clone())
            .unwrap_or_default();
        let decimals = format
            .split('.')
            .nth(1)
            .map_or(0, |d| d.matches('0').count());
        let shown = (quantity * 10f64.powi(decimals as i32)).round() / 10f64.powi(decimals as i32);
        assert!(
            (shown - quantity).abs() < 1e-9,
            "{quantity} shown with {format:?}"
        );
        checked += 1;
    }
    assert!(checked >= 5, "checked {checked} quantities");
}

fn number_or_none(cell: &Data) -> Option<f64> {
    match cell {
        Data::Float(f) => Some(*f),
        Data::Int(i) => Some(*i as f64),
        _ => None,
    }
}

/// (name, place phrase) of every model marked "x" in Tiêu biểu in the
/// sample, read straight from the files.
fn sample_outstanding_models() -> std::collections::BTreeSet<(String, String)> {
    let mut out = std::collections::BTreeSet::new();
    let dir = root().join("sample-data");
    let mut add = |header: &[String], row: &[String]| {
        let col = |name: &str| header.iter().position(|h| h == name);
        let (Some(n), Some(x), Some(u), Some(t)) = (
            col("Tên mô hình"),
            col("Xã"),
            col("Đơn vị thực hiện"),
            col("Tiêu biểu"),
        ) else {
            return;
        };
        if row.get(t).map(String::as_str) != Some("x") {
            return;
        }
        let place = match row.get(x).filter(|v| !v.is_empty()) {
            Some(xa) => format!("tại xã {xa}"),
            None => format!("của {}", row[u]),
        };
        out.insert((row[n].clone(), place));
    };
    for entry in std::fs::read_dir(&dir).expect("list") {
        let path = entry.expect("entry").path();
        match path.extension().and_then(|e| e.to_str()) {
            Some("xlsx") => {
                let mut workbook: Xlsx<_> = open_workbook(&path).expect("open");
                // Files of commendations and dialogues have no models.
                let Ok(range) = workbook.worksheet_range("Mô hình") else {
                    continue;
                };
                let rows: Vec<Vec<String>> =
                    range.rows().map(|r| r.iter().map(text).collect()).collect();
                for row in &rows[1..] {
                    add(&rows[0], row);
                }
            }
            Some("csv") if path.to_string_lossy().contains("mo-hinh") => {
                let bytes = std::fs::read(&path).expect("read");
                let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
                let mut reader = csv::ReaderBuilder::new()
                    .delimiter(b';')
                    .has_headers(false)
                    .from_reader(body);
                let rows: Vec<Vec<String>> = reader
                    .records()
                    .map(|r| r.expect("record").iter().map(str::to_owned).collect())
                    .collect();
                for row in &rows[1..] {
                    add(&rows[0], row);
                }
            }
            _ => {}
        }
    }
    out
}

#[test]
fn outstanding_models_are_named_with_their_place() {
    let outcome = Run::new().build(["sample-data"]).run().code(0);
    let md = outcome.markdown();
    let sentence = md
        .lines()
        .find_map(|l| l.strip_prefix("Một số mô hình tiêu biểu như: "))
        .expect("the sentence");
    let marked = sample_outstanding_models();
    let listed = sentence
        .strip_suffix(" và một số mô hình khác.")
        .or_else(|| sentence.strip_suffix('.'))
        .expect("the sentence ends");
    let items: Vec<&str> = listed.split("; ").collect();
    assert!(items.len() >= 5, "{sentence}");
    for item in items {
        // Names as the seed reports list them, without "mô hình “…”" each:
        // the longest outstanding model's name the item starts with.
        let name = marked
            .iter()
            .map(|(name, _)| name.as_str())
            .filter(|name| item.starts_with(&format!("{name} ")))
            .max_by_key(|name| name.len())
            .unwrap_or_else(|| panic!("{item:?} names no model"));
        assert!(!item.starts_with("mô hình “"), "{item:?}");
        let places = &item[name.len() + 1..];
        // "tại xã A", "tại các xã A, B", "của Đơn vị", joined by " và ".
        let mut expanded = Vec::new();
        for place in places.split(" và ") {
            match place.strip_prefix("tại các xã ") {
                Some(communes) => {
                    assert!(communes.contains(", "), "{item:?}");
                    expanded.extend(communes.split(", ").map(|c| format!("tại xã {c}")));
                }
                None => expanded.push(place.to_owned()),
            }
        }
        for place in expanded {
            assert!(
                marked.contains(&(name.to_owned(), place.clone())),
                "{name:?} {place:?} is not an outstanding model of the sample"
            );
        }
    }
    let json = outcome.json();
    assert_eq!(
        json["models"]["outstanding"]
            .as_array()
            .expect("list")
            .len(),
        marked.len().min(50)
    );
}

#[test]
fn workbook_has_charts_and_money_by_year() {
    let outcome = Run::new().build(["sample-data"]).run().code(0);
    let path = outcome.out.join("tong-hop.xlsx");
    let bytes = std::fs::read(&path).expect("read");
    let archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let charts = archive
        .file_names()
        .filter(|n| n.as_ref().is_ok_and(|n| n.starts_with("xl/charts/chart")))
        .count();
    assert_eq!(charts, 3, "fields, localities, money by year");
    let years = sheet(&path, "Kinh phí theo năm");
    let (rows, total) = table_rows(&years);
    let sum: f64 = rows.iter().map(|r| number(&r[2])).sum();
    assert!((number(&total[2]) - sum).abs() < 1e-6);
    let json = outcome.json();
    assert_eq!(
        (sum * 1_000_000.0).round() as i64,
        json["funding"]["total"].as_i64().expect("money")
    );
}

/// The `ht` (points) of each `<row>` of a worksheet's XML, by 1-based row.
fn row_heights(sheet_xml: &str) -> std::collections::BTreeMap<u32, f64> {
    let attribute = |tag: &str, name: &str| {
        let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        let len = tag[start..].find('"')?;
        Some(tag[start..start + len].to_owned())
    };
    sheet_xml
        .split("<row ")
        .skip(1)
        .filter_map(|rest| {
            let tag = format!(" {}", &rest[..rest.find('>')?]);
            let row = attribute(&tag, "r")?.parse().ok()?;
            Some((row, attribute(&tag, "ht")?.parse().ok()?))
        })
        .collect()
}

#[test]
fn every_problem_row_of_a_long_list_is_tall_enough_for_its_message() {
    // 1,200 warnings: most for a short unknown field, some for a long one,
    // so the list has rows of two heights.
    let dir = tempfile::tempdir().expect("temp");
    let long_field = "Mô hình hỗ trợ ".repeat(12);
    let mut csv = String::from(
        "STT;Tên mô hình;Đơn vị thực hiện;Tỉnh;Huyện;Xã;Lĩnh vực;Năm bắt đầu;Tình trạng\n",
    );
    for i in 1..=1200 {
        let field = if i % 10 == 0 {
            long_field.trim()
        } else {
            "Trồng nấm"
        };
        csv.push_str(&format!(
            "{i};Mô hình {i};Hội Nông dân;Quảng Ngãi;Minh Long;Long Môn;{field};2020;Hiệu quả\n"
        ));
    }
    std::fs::write(dir.path().join("mo-hinh.csv"), csv).expect("write csv");
    let outcome = Run::new()
        .build([dir.path().display().to_string()])
        .run()
        .code(0);
    assert_eq!(
        outcome.json()["problems"].as_array().expect("list").len(),
        1200
    );

    let path = outcome.out.join("tong-hop.xlsx");
    let rows = sheet(&path, "Vấn đề");
    let workbook: Xlsx<_> = open_workbook(&path).expect("open");
    let position = workbook.sheet_names().iter().position(|n| n == "Vấn đề");
    let file = std::fs::File::open(&path).expect("open");
    let mut archive = zip::ZipArchive::new(file).expect("zip");
    let mut xml = String::new();
    let entry = format!("xl/worksheets/sheet{}.xml", position.expect("sheet") + 1);
    std::io::Read::read_to_string(&mut archive.by_name(&entry).expect("entry"), &mut xml)
        .expect("xml");
    let heights = row_heights(&xml);

    // A 70-character column holds at most 80 characters a line; a line
    // takes at least 15 points.
    let mut seen = std::collections::BTreeSet::new();
    for (i, row) in rows.iter().enumerate().skip(4) {
        let message = text(&row[6]);
        let lines = message.chars().count().div_ceil(80).max(1);
        let height = heights[&(i as u32 + 1)];
        assert!(
            height >= 15.0 * lines as f64,
            "row {}: {height} for {message}",
            i + 1
        );
        seen.insert(height.to_bits());
    }
    assert!(seen.len() >= 2, "short and long messages differ in height");
    // The subtitle and the blank row above the header stay one line high.
    assert!(heights[&2] <= 16.0 && heights.get(&3).is_none_or(|h| *h <= 16.0));
}

#[test]
fn a_copy_of_a_file_counts_once_and_a_blank_form_is_told() {
    // Regression: "xa-long-son (1).xlsx" beside "xa-long-son.xlsx" counted
    // Long Sơn's 61 models twice, silently; a form with only its header
    // passed without a word.
    let dir = crate::harness::sample_data_copy();
    std::fs::copy(
        dir.path().join("xa-long-son.xlsx"),
        dir.path().join("xa-long-son (1).xlsx"),
    )
    .expect("copy");
    std::fs::write(
        dir.path().join("xa-moi.csv"),
        "STT;Tên mô hình;Xã;Lĩnh vực;Năm bắt đầu;Tình trạng\n",
    )
    .expect("write");
    // A form whose one row is its (empty) total has no data either.
    std::fs::write(
        dir.path().join("xa-trong.csv"),
        "STT;Tên mô hình;Xã;Lĩnh vực;Năm bắt đầu;Kinh phí (triệu đồng)\n;Tổng cộng;;;;0\n",
    )
    .expect("write");
    let outcome = Run::new().in_dir(dir.path()).build(["."]).run().code(0);
    let json = outcome.json();
    // sample-data/README.md: 301 models, 464 rows; and the total row.
    assert_eq!(json["models"]["total"], 301);
    assert_eq!(json["rows"]["read"], 465);
    let warnings: Vec<(String, String)> = json["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .filter(|p| p["severity"] == "warning" && p["row"].is_null())
        .map(|p| {
            (
                p["file"].as_str().expect("file").to_owned(),
                p["message"].as_str().expect("message").to_owned(),
            )
        })
        .collect();
    assert_eq!(warnings.len(), 3, "{warnings:?}");
    let copies: Vec<&str> = json["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter(|f| f["status"] == "copy")
        .map(|f| f["file"].as_str().expect("file"))
        .collect();
    assert_eq!(copies, ["xa-long-son (1).xlsx"]);
    assert_eq!(warnings[2].0, "xa-trong.csv");
    assert_eq!(warnings[0].0, "xa-long-son (1).xlsx");
    assert!(
        warnings[0].1.contains("giống hệt tệp xa-long-son.xlsx"),
        "{warnings:?}"
    );
    assert_eq!(warnings[1].0, "xa-moi.csv");
    assert!(
        warnings[1].1.contains("không có dòng số liệu nào"),
        "{warnings:?}"
    );
}

/// A commune's models as a CSV file: (name, hamlet, year, money in triệu).
fn models_csv(commune: &str, rows: &[(&str, &str, i32, u32)]) -> String {
    let mut csv = String::from(
        "STT;Tên mô hình;Tỉnh;Huyện;Xã;Thôn/Ấp;Lĩnh vực;Năm bắt đầu;Tình trạng;Kinh phí (triệu đồng)\n",
    );
    for (i, (name, hamlet, year, money)) in rows.iter().enumerate() {
        csv.push_str(&format!(
            "{};{name};Quảng Ngãi;Minh Long;{commune};{hamlet};Kinh tế;{year};Hiệu quả;{money}\n",
            i + 1
        ));
    }
    csv
}

/// Ten models of Long Sơn as first sent.
const LONG_SON: [(&str, &str, i32, u32); 10] = [
    ("Hũ gạo tình thương", "Gò Chè", 2021, 10),
    ("Camera an ninh", "Hà Bôi", 2021, 50),
    ("Tổ hợp tác trồng keo", "Gò Chè", 2022, 120),
    ("Nuôi bò sinh sản", "Hà Bôi", 2022, 80),
    ("Đường hoa nông thôn mới", "Gò Chè", 2022, 15),
    ("Tổ tự quản môi trường", "Hà Bôi", 2023, 5),
    ("Vườn mẫu trồng bưởi", "Gò Chè", 2023, 40),
    ("Dòng họ khuyến học", "Hà Bôi", 2023, 8),
    ("Chi hội phụ nữ tiết kiệm", "Gò Chè", 2024, 12),
    ("Sân chơi thiếu nhi", "Hà Bôi", 2024, 30),
];

fn resubmission_warnings(json: &Value) -> Vec<(String, String)> {
    crate::harness::problems_saying(json, "trùng nhau")
        .map(|p| {
            assert_eq!(p["severity"], "warning", "{p}");
            assert!(p["row"].is_null() && p["column"].is_null(), "{p}");
            (
                p["file"].as_str().expect("file").to_owned(),
                p["message"].as_str().expect("message").to_owned(),
            )
        })
        .collect()
}

#[test]
fn a_corrected_resubmission_beside_the_first_is_counted_with_a_warning() {
    // Regression: "xa-long-son.csv" and its correction "xa-long-son (sua
    // lai).csv" in one folder doubled Long Sơn's models and money, exit 0,
    // without a word.
    let dir = tempfile::tempdir().expect("temp");
    let mut corrected = LONG_SON.to_vec();
    corrected[1].3 = 55; // money corrected: still the same model
    corrected[3].0 = "Nuôi bò sinh sản tập thể"; // renamed
    corrected[6].2 = 2022; // year corrected
    corrected.push(("Bếp ăn bán trú", "Gò Chè", 2024, 20)); // added
    std::fs::write(
        dir.path().join("xa-long-son.csv"),
        models_csv("Long Sơn", &LONG_SON),
    )
    .expect("write");
    std::fs::write(
        dir.path().join("xa-long-son (sua lai).csv"),
        models_csv("Long Sơn", &corrected),
    )
    .expect("write");
    let outcome = Run::new().in_dir(dir.path()).build(["."]).run().code(0);
    let json = outcome.json();
    // Both counted: dvk cannot know which version is right.
    assert_eq!(json["models"]["total"], 21);
    assert!(json["files"]
        .as_array()
        .expect("files")
        .iter()
        .all(|f| f["status"] != "copy"));
    let warnings = resubmission_warnings(&json);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let (file, message) = &warnings[0];
    assert_eq!(file, "xa-long-son (sua lai).csv");
    for said in [
        "xa-long-son (sua lai).csv",
        "tệp xa-long-son.csv",
        "8 mô hình trùng nhau",
        // Where they are in the later file: records 1–10 on rows 2–11, of
        // which the 4th (renamed) and 7th (its year corrected) differ.
        "ở tệp xa-long-son (sua lai).csv: dòng 2, 3, 4, 6, 7 và 3 dòng khác",
        "hãy bỏ bản cũ ra khỏi thư mục rồi chạy lại",
        // A year's report that lists last year's models again looks the
        // same, and is told how to fix it.
        "kê lại các mô hình, công trình đã báo cáo năm trước (số lũy kế)",
        "hãy xóa các dòng kê lại ở tệp năm sau",
    ] {
        assert!(message.contains(said), "{said:?} in {message}");
    }
    let later = json["files"]
        .as_array()
        .expect("files")
        .iter()
        .find(|f| f["file"] == "xa-long-son (sua lai).csv")
        .expect("file");
    assert_eq!(later["warnings"], 1, "{later}");
    // The workbook's problem list shows it too.
    let problems = sheet(&outcome.out.join("tong-hop.xlsx"), "Vấn đề");
    assert!(
        problems
            .iter()
            .flatten()
            .any(|cell| text(cell).contains("8 mô hình trùng nhau")),
        "{problems:?}"
    );
    // Whatever the order the files are given in, the same bytes.
    let given = |names: [&str; 2]| {
        Run::new()
            .in_dir(dir.path())
            .build(names)
            .run()
            .code(0)
            .bytes("tong-hop.json")
    };
    assert_eq!(
        given(["xa-long-son.csv", "xa-long-son (sua lai).csv"]),
        given(["xa-long-son (sua lai).csv", "xa-long-son.csv"])
    );
}

#[test]
fn a_third_version_gets_one_warning_naming_both_earlier_ones() {
    // Regression: each later version was warned once per earlier one, so
    // five versions of one report made ten warnings.
    let dir = tempfile::tempdir().expect("temp");
    let mut second = LONG_SON.to_vec();
    second[1].3 = 55;
    let mut third = second.clone();
    third[2].3 = 99;
    for (name, rows) in [
        ("xa-long-son-1.csv", LONG_SON.to_vec()),
        ("xa-long-son-2.csv", second),
        ("xa-long-son-3.csv", third),
    ] {
        std::fs::write(dir.path().join(name), models_csv("Long Sơn", &rows)).expect("write");
    }
    let outcome = Run::new().in_dir(dir.path()).build(["."]).run().code(0);
    let json = outcome.json();
    assert_eq!(json["models"]["total"], 3 * LONG_SON.len());
    let warnings = resubmission_warnings(&json);
    let files: Vec<&str> = warnings.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(
        files,
        ["xa-long-son-2.csv", "xa-long-son-3.csv"],
        "{warnings:?}"
    );
    let third = &warnings[1].1;
    for said in [
        "với 2 tệp trước",
        "tệp xa-long-son-1.csv (10 mô hình)",
        "tệp xa-long-son-2.csv (10 mô hình)",
        "đang bị tính nhiều lần",
    ] {
        assert!(third.contains(said), "{said:?} in {third}");
    }
}

#[test]
fn two_communes_sharing_a_few_common_model_names_are_not_versions() {
    // "Hũ gạo tình thương" and "Camera an ninh" run in many communes, in the
    // same year and in hamlets of the same name; and a commune's second
    // list sharing two of its ten models is another list.
    let dir = tempfile::tempdir().expect("temp");
    let mut long_mai = LONG_SON.to_vec();
    for (i, row) in long_mai.iter_mut().enumerate().skip(2) {
        row.0 = ["Mô hình A", "Mô hình B", "Mô hình C", "Mô hình D"][i % 4];
        row.2 = 2015 + i as i32;
    }
    let mut later = LONG_SON.to_vec();
    for (i, row) in later.iter_mut().enumerate().skip(2) {
        row.2 = 2025;
        row.1 = [
            "Thôn 1", "Thôn 2", "Thôn 3", "Thôn 4", "Thôn 5", "Thôn 6", "Thôn 7", "Thôn 8",
        ][i - 2];
    }
    for (name, commune, rows) in [
        ("xa-long-son.csv", "Long Sơn", LONG_SON.to_vec()),
        ("xa-long-mai.csv", "Long Mai", LONG_SON.to_vec()),
        ("xa-long-hiep.csv", "Long Hiệp", long_mai),
        ("xa-long-son-2025.csv", "Long Sơn", later),
    ] {
        std::fs::write(dir.path().join(name), models_csv(commune, &rows)).expect("write");
    }
    let outcome = Run::new().in_dir(dir.path()).build(["."]).run().code(0);
    let json = outcome.json();
    assert_eq!(json["models"]["total"], 40);
    assert_eq!(resubmission_warnings(&json), []);
}

#[test]
fn every_text_dvk_writes_is_nfc() {
    // Regression: the roll-up's focus localities were written as folded
    // keys with their tone marks moved ("ngaĩ"), not NFC. Inputs in NFD,
    // with tone marks placed the old way and in legacy fonts, must not leak
    // into any output either.
    use std::io::Read;
    use unicode_normalization::is_nfc;
    let outcome = Run::new()
        .in_fixtures()
        .build(["nfd-va-dau", "phong-cu", "../../sample-data"])
        .run();
    let mut texts: Vec<(String, String)> = vec![
        (
            "tong-hop.json".into(),
            String::from_utf8(outcome.bytes("tong-hop.json")).expect("utf-8"),
        ),
        ("bao-cao.md".into(), outcome.markdown()),
    ];
    for name in ["tong-hop.xlsx", "bao-cao.docx"] {
        let bytes = outcome.bytes(name);
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
        for i in 0..zip.len() {
            let mut member = zip.by_index(i).expect("member");
            let member_name = member.name().expect("member name").into_owned();
            let mut text = String::new();
            if member_name.ends_with(".xml") && member.read_to_string(&mut text).is_ok() {
                texts.push((format!("{name}/{member_name}"), text));
            }
        }
    }
    assert!(texts.len() > 10);
    for (name, text) in &texts {
        for (i, line) in text.lines().enumerate() {
            assert!(is_nfc(line), "{name}, line {}: {line:.200}", i + 1);
        }
    }
}

/// The 1-based row heights and the summed column widths of sheet `name`.
fn sheet_layout(path: &std::path::Path, name: &str) -> (std::collections::BTreeMap<u32, f64>, f64) {
    let xml = sheet_xml(path, name);
    let attribute = |tag: &str, name: &str| -> Option<f64> {
        let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        let len = tag[start..].find('"')?;
        tag[start..start + len].parse().ok()
    };
    // One <col> may stand for a range of columns of the same width.
    let width = xml
        .split("<col ")
        .skip(1)
        .filter_map(|col| {
            let tag = format!(" {}", &col[..col.find('>')?]);
            let columns = attribute(&tag, "max")? - attribute(&tag, "min")? + 1.0;
            Some(columns * attribute(&tag, "width")?)
        })
        .sum();
    (row_heights(&xml), width)
}

/// The money tables of the workbook, each with its first money column.
const MONEY_TABLES: [(&str, usize); 3] = [
    ("Công trình", 5),
    ("Nguồn lực", 2),
    ("Kinh phí theo năm", 2),
];

/// Checks Biểu 4, 5 and 6: after their three money columns come the
/// `extra` ones (headings as written, lines joined); in every row and the
/// total, total = the other money columns added; each money column's rows
/// add up to its total. The extra columns hold no negative figure but the
/// sources written beyond a total.
fn assert_money_tables_add_up(path: &std::path::Path, extra: &[&str]) {
    for (name, first_money) in MONEY_TABLES {
        let rows = sheet(path, name);
        for (i, heading) in extra.iter().enumerate() {
            let shown = text(&rows[3][first_money + 3 + i]).replace('\n', " ");
            assert_eq!(shown, *heading, "{name}");
        }
        let columns = first_money..first_money + 3 + extra.len();
        let (body, total) = table_rows(&rows);
        for row in body.iter().chain([total]) {
            let money: Vec<f64> = columns
                .clone()
                .map(|c| number_or_none(&row[c]).unwrap_or(0.0))
                .collect();
            let parts: f64 = money[1..].iter().sum();
            assert!((money[0] - parts).abs() < 1e-6, "{name}: {row:?}");
            for (heading, value) in extra.iter().zip(&money[3..]) {
                let beyond = heading.starts_with("Nguồn ghi vượt tổng");
                assert!(beyond || *value >= 0.0, "{name}: {row:?}");
                assert!(!beyond || *value <= 0.0, "{name}: {row:?}");
            }
        }
        for col in columns {
            let sum: f64 = body
                .iter()
                .map(|r| number_or_none(&r[col]).unwrap_or(0.0))
                .sum();
            assert!(
                (number(&total[col]) - sum).abs() < 1e-6,
                "{name} column {col}"
            );
        }
    }
}

#[test]
fn money_tables_add_up_when_a_row_gives_only_its_total() {
    // Regression: a work with only "Tổng kinh phí" printed "1.500 | 0 | 0"
    // and the works' total row 3.100 | 1.060 | 530, columns that did not
    // add up, with no word of why.
    let dir = crate::harness::unsplit_money_inputs();
    let outcome = Run::new()
        .build([dir.path().display().to_string()])
        .run()
        .code(0);
    let json = outcome.json();
    assert_eq!(json["funding"]["unknown_source"], 1_710_000_000_i64);
    let well = json["projects"]["by_type"]
        .as_array()
        .expect("types")
        .iter()
        .find(|t| t["type"] == "Giếng nước sạch")
        .expect("the well");
    assert_eq!(
        well["funding"],
        serde_json::json!({"total": 1_500_000_000_i64, "state_budget": 0, "mobilized": 0,
                           "unknown_source": 1_500_000_000_i64,
                           "unsplit": 1_500_000_000_i64, "overstated": 0})
    );

    // Every printed row and total: total = state + mobilised + unknown.
    let path = outcome.out.join("tong-hop.xlsx");
    assert_money_tables_add_up(&path, &["Chưa rõ nguồn (triệu đồng)"]);
    for (name, _) in MONEY_TABLES {
        let rows = sheet(&path, name);
        let (body, _) = table_rows(&rows);
        // The line under the table says what the column holds.
        let note_row = 4 + body.len() + 1;
        assert!(
            text(&rows[note_row][0]).starts_with("Cột “Chưa rõ nguồn”"),
            "{name}: {:?}",
            rows[note_row]
        );
    }

    let md = outcome.markdown();
    for line in [
        "| STT | Loại công trình | Đơn vị tính | Số công trình | Số lượng | Tổng kinh phí (triệu đồng) | Ngân sách nhà nước (triệu đồng) | Vận động xã hội hóa (triệu đồng) | Chưa rõ nguồn (triệu đồng) |",
        "| 3 | Giếng nước sạch | cái | 1 | 3 | 1.500 | - | - | 1.500 |",
        "| 2 | Nhà tình thương | căn | 1 | 2 | 600 | 360 | 230 | 10 |",
        "| | **Tổng cộng** | | **3** | | **3.100** | **1.060** | **530** | **1.510** |",
        "| 2 | Nguồn lực khác | 300 | 40 | 60 | 200 |",
        "| | **Tổng cộng** | **3.400** | **1.100** | **590** | **1.710** |",
        "*Cột “Chưa rõ nguồn”: phần kinh phí mà đơn vị không chia theo nguồn",
    ] {
        assert!(md.contains(line), "{line:?} in\n{md}");
    }
    assert!(md.contains("còn trên 1,5 tỷ đồng chưa rõ nguồn"), "{md}");
}

#[test]
fn money_tables_without_unknown_sources_keep_three_money_columns() {
    let outcome = Run::new().build(["sample-data"]).run().code(0);
    let path = outcome.out.join("tong-hop.xlsx");
    assert_eq!(sheet(&path, "Công trình")[3].len(), 8);
    assert_eq!(sheet(&path, "Kinh phí theo năm")[3].len(), 5);
    assert!(!outcome.markdown().contains("Chưa rõ nguồn"));
}

/// The charts of a workbook: for each, its title text and its series as
/// (name, value range, cached values), in order.
type WorkbookChart = (String, Vec<(String, String, Vec<f64>)>);

fn workbook_charts(path: &std::path::Path) -> Vec<WorkbookChart> {
    use std::io::Read;
    let bytes = std::fs::read(path).expect("read");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut names: Vec<String> = archive
        .file_names()
        .filter_map(Result::ok)
        .filter(|n| n.starts_with("xl/charts/chart"))
        .map(std::borrow::Cow::into_owned)
        .collect();
    names.sort();
    let between = |text: &str, open: &str, close: &str| -> String {
        text.split(open)
            .nth(1)
            .and_then(|rest| rest.split(close).next())
            .unwrap_or("")
            .to_owned()
    };
    names
        .iter()
        .map(|name| {
            let mut xml = String::new();
            archive
                .by_name(name)
                .expect("chart")
                .read_to_string(&mut xml)
                .expect("text");
            let title = between(&xml, "<a:t>", "</a:t>");
            let series = xml
                .split("<c:ser>")
                .skip(1)
                .map(|ser| {
                    let name = between(ser, "<c:tx><c:v>", "</c:v>");
                    let val = between(ser, "<c:val>", "</c:val>");
                    let range = between(&val, "<c:f>", "</c:f>");
                    let values = val
                        .split("<c:v>")
                        .skip(1)
                        .map(|v| {
                            v.split("</c:v>")
                                .next()
                                .unwrap_or("")
                                .parse()
                                .expect("value")
                        })
                        .collect();
                    (name, range, values)
                })
                .collect();
            (title, series)
        })
        .collect()
}

#[test]
fn money_chart_stands_the_total_beside_its_sources_when_a_year_overstates_them() {
    // Regression: 2022's sources (360 + 230) exceed its total (500), and the
    // stacked bar of the two stood 590 tall, above the year's total.
    let dir = crate::harness::negative_gap_year_inputs();
    let outcome = Run::new()
        .build([dir.path().display().to_string()])
        .run()
        .code(0);
    let path = outcome.out.join("tong-hop.xlsx");
    let charts = workbook_charts(&path);
    let (title, money) = charts
        .iter()
        .find(|(title, _)| title.starts_with("Kinh phí theo năm"))
        .expect("the money chart");
    assert_eq!(
        title,
        "Kinh phí theo năm: tổng số và từng nguồn (triệu đồng)"
    );
    let drawn: Vec<(&str, &str, &[f64])> = money
        .iter()
        .map(|(name, range, values)| (name.as_str(), range.as_str(), values.as_slice()))
        .collect();
    assert_eq!(
        drawn,
        [
            (
                "Tổng kinh phí",
                "'Kinh phí theo năm'!$C$5:$C$7",
                &[2500.0, 500.0, 800.0][..]
            ),
            (
                "Ngân sách nhà nước",
                "'Kinh phí theo năm'!$D$5:$D$7",
                &[700.0, 360.0, 300.0][..]
            ),
            (
                "Vận động xã hội hóa",
                "'Kinh phí theo năm'!$E$5:$E$7",
                &[300.0, 230.0, 300.0][..]
            ),
        ]
    );
    // Side by side, not stacked.
    let xml = chart_xml(&path, "Kinh phí theo năm");
    assert!(xml.contains("<c:grouping val=\"clustered\"/>"), "{xml}");
    // The table under says why.
    let years = sheet(&path, "Kinh phí theo năm");
    assert!(years
        .iter()
        .flatten()
        .any(|cell| text(cell).contains("biểu đồ vẽ tổng kinh phí và từng nguồn cạnh nhau")));
}

/// The XML of the chart whose title starts with `title`.
fn chart_xml(path: &std::path::Path, title: &str) -> String {
    use std::io::Read;
    let bytes = std::fs::read(path).expect("read");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).expect("part");
        if !part.name().expect("name").starts_with("xl/charts/chart") {
            continue;
        }
        let mut xml = String::new();
        part.read_to_string(&mut xml).expect("text");
        if xml.contains(&format!("<a:t>{title}")) {
            return xml;
        }
    }
    panic!("no chart titled {title}");
}

#[test]
fn figures_on_a_dark_stacked_bar_are_white() {
    // Regression: black figures on the dark blue of "Ngân sách nhà nước".
    let dir = crate::harness::unsplit_money_inputs();
    let outcome = Run::new()
        .build([dir.path().display().to_string()])
        .run()
        .code(0);
    let xml = chart_xml(&outcome.out.join("tong-hop.xlsx"), "Kinh phí theo năm");
    assert!(xml.contains("<c:grouping val=\"stacked\"/>"), "{xml}");
    let white: Vec<bool> = xml
        .split("<c:ser>")
        .skip(1)
        .map(|ser| {
            let labels = ser.split("<c:dLbls>").nth(1).unwrap_or("");
            let labels = labels.split("</c:dLbls>").next().unwrap_or("");
            labels.contains("<a:srgbClr val=\"FFFFFF\"/>")
        })
        .collect();
    // Blue, orange, grey.
    assert_eq!(white, [true, false, false], "{xml}");
}

#[test]
fn money_of_no_known_source_is_not_netted_against_sources_beyond_a_total() {
    // Regression: a row with 1.500 of no source and another whose two
    // sources exceed its total by 90 printed one netted figure, and the
    // report said only the difference ("còn … chưa rõ nguồn").
    let dir = crate::harness::negative_gap_year_inputs();
    let outcome = Run::new()
        .build([dir.path().display().to_string()])
        .run()
        .code(0);
    let json = outcome.json();
    assert_eq!(json["funding"]["unknown_source"], 1_610_000_000_i64);
    assert_eq!(json["funding"]["unsplit"], 1_700_000_000_i64);
    assert_eq!(json["funding"]["overstated"], 90_000_000_i64);

    // Every table: total = state + mobilised + unknown + beyond (negative).
    let path = outcome.out.join("tong-hop.xlsx");
    assert_money_tables_add_up(
        &path,
        &[
            "Chưa rõ nguồn (triệu đồng)",
            "Nguồn ghi vượt tổng (triệu đồng)",
        ],
    );
    let years = sheet(&path, "Kinh phí theo năm");
    let (rows, total) = table_rows(&years);
    let unknown: Vec<f64> = rows.iter().map(|r| number(&r[5])).collect();
    assert_eq!(unknown, [1500.0, 0.0, 200.0]);
    let beyond: Vec<f64> = rows.iter().map(|r| number(&r[6])).collect();
    assert_eq!(beyond, [0.0, -90.0, 0.0]);
    assert_eq!(number(&total[5]), 1700.0);
    assert_eq!(number(&total[6]), -90.0);

    // The report says both, apart.
    let md = outcome.markdown();
    assert!(
        md.contains("còn 1,7 tỷ đồng chưa rõ nguồn (có dòng ghi ngân sách nhà nước và vận động xã hội hóa cộng lại vượt tổng kinh phí 90 triệu đồng, cần kiểm tra lại"),
        "{md}"
    );
    assert!(
        md.contains("| | **Tổng cộng** | **3.800** | **1.360** | **830** | **1.700** | **-90** |"),
        "{md}"
    );
    // Said once: the resources paragraph, whose total holds the same works,
    // points back rather than repeating the clause word for word.
    assert_eq!(md.matches("cộng lại vượt tổng kinh phí").count(), 1, "{md}");
    assert!(
        md.contains(
            "chưa rõ nguồn (gồm phần ghi vượt tổng kinh phí đã nêu ở đoạn công trình, phần việc)."
        ),
        "{md}"
    );
}

#[test]
fn works_and_resources_alone_draw_no_empty_model_chart() {
    // Regression: an input with no model sheet drew Biểu 1's chart as an
    // empty frame over a table of zeros.
    let dir = tempfile::tempdir().expect("temp");
    for name in ["xa-long-mon-cong-trinh.csv", "xa-long-mon-nguon-luc.csv"] {
        std::fs::copy(root().join("sample-data").join(name), dir.path().join(name)).expect("copy");
    }
    let outcome = Run::new()
        .build([dir.path().display().to_string()])
        .run()
        .code(0);
    let path = outcome.out.join("tong-hop.xlsx");
    let titles: Vec<String> = workbook_charts(&path)
        .into_iter()
        .map(|(title, _)| title)
        .collect();
    assert_eq!(titles, ["Kinh phí theo năm (triệu đồng)"]);
    // A line under the table says why there is no chart.
    let fields = sheet(&path, "Lĩnh vực");
    let (body, _) = table_rows(&fields);
    assert_eq!(
        text(&fields[4 + body.len() + 1][0]),
        "Chưa có số liệu mô hình trong kỳ báo cáo."
    );
    // The Word report draws the money chart only, under its caption.
    let bytes = outcome.bytes("bao-cao.docx");
    let archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let charts: Vec<String> = archive
        .file_names()
        .filter_map(Result::ok)
        .filter(|n| n.starts_with("word/charts/chart"))
        .map(std::borrow::Cow::into_owned)
        .collect();
    assert_eq!(charts, ["word/charts/chart1.xml"]);
    let md = outcome.markdown();
    let captions: Vec<&str> = md.lines().filter(|l| l.starts_with("**Biểu đồ")).collect();
    assert_eq!(
        captions,
        ["**Biểu đồ 1. Kinh phí thực hiện công trình, phần việc và huy động nguồn lực theo năm (triệu đồng)**"]
    );
}

#[test]
fn the_model_charts_list_their_series_alike() {
    // Regression: Biểu 1 (columns) and Biểu 2 (bars) listed "Đăng ký" and
    // "Hiệu quả" in opposite orders in LibreOffice, which lists the legend
    // of a clustered horizontal bar chart in reverse; then both were
    // horizontal bars, alike but both "Hiệu quả, Đăng ký" there. Both are
    // now vertical bars, whose legend below lists the series in the
    // table's column order in every program.
    let outcome = Run::new().build(["sample-data"]).run().code(0);
    let bytes = outcome.bytes("tong-hop.xlsx");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut layouts = Vec::new();
    for n in 1..=3 {
        let mut xml = String::new();
        std::io::Read::read_to_string(
            &mut archive
                .by_name(&format!("xl/charts/chart{n}.xml"))
                .expect("chart"),
            &mut xml,
        )
        .expect("text");
        if xml.contains("Mô hình theo") {
            layouts.push(crate::harness::legend_layout(&xml));
        }
    }
    assert_eq!(layouts.len(), 2, "fields and localities");
    assert_eq!(layouts[0], layouts[1]);
    let (direction, orientation, legend, names) = &layouts[0];
    assert_eq!(
        (direction.as_str(), orientation.as_str(), legend.as_str()),
        ("col", "minMax", "b")
    );
    assert_eq!(names, &["Đăng ký", "Hiệu quả"]);
}

#[test]
fn workbook_titles_and_labels_use_curly_quotes() {
    // Regression: the workbook's titles read "DÂN VẬN KHÉO" in straight
    // quotes where the report writes “Dân vận khéo”.
    let outcome = Run::new().build(["sample-data"]).run().code(0);
    let path = outcome.out.join("tong-hop.xlsx");
    let workbook: Xlsx<_> = open_workbook(&path).expect("open");
    for name in workbook.sheet_names() {
        let rows = sheet(&path, &name);
        // Title, period, note and headers: the sheet's own words.
        for row in rows.iter().take(4) {
            for cell in row {
                assert!(!text(cell).contains('"'), "{name}: {cell:?}");
            }
        }
    }
    assert!(text(&sheet(&path, "Lĩnh vực")[0][0]).contains("MÔ HÌNH “DÂN VẬN KHÉO”"));
}

#[test]
fn long_titles_break_between_phrases_in_a_row_tall_enough() {
    // Regression: Biểu 3's title wrapped as "…THEO NĂM BẮT" over "ĐẦU".
    let outcome = Run::new().build(["sample-data"]).run().code(0);
    let path = outcome.out.join("tong-hop.xlsx");
    assert_eq!(
        text(&sheet(&path, "Theo năm")[0][0]),
        "BIỂU 3. MÔ HÌNH “DÂN VẬN KHÉO”\nTHEO NĂM BẮT ĐẦU"
    );
    let workbook: Xlsx<_> = open_workbook(&path).expect("open");
    for name in workbook.sheet_names() {
        let title = text(&sheet(&path, &name)[0][0]);
        let (heights, width) = sheet_layout(&path, &name);
        // Regression: Biểu 1A's title, said to fit on one line, took two in
        // a row one line high. Each line fits the table, in 14 pt bold.
        for line in title.lines() {
            let needed = dvk::render::text_width::width_pt(line, 14.0, true);
            assert!(
                needed <= line_room(width),
                "{name}: {line:?} ({needed:.0} pt) is wider than the table ({width})"
            );
        }
        // 20 points a line, as Excel rounds it (to whole pixels).
        assert!(
            heights[&1] >= 20.0 * title.lines().count() as f64 - 0.5,
            "{name}: {} points for {title:?}",
            heights[&1]
        );
    }
}

#[test]
fn a_one_year_report_says_the_year_once() {
    // Regression: annual reports read "từ năm 2022 đến năm 2022".
    let outcome = Run::new()
        .build(["sample-data"])
        .args(["--from", "2022", "--to", "2022"])
        .run()
        .code(0);
    let report = outcome.markdown();
    assert!(!report.contains("từ năm 2022 đến năm 2022"), "{report}");
    assert!(report.contains("báo cáo kết quả thực hiện phong trào năm 2022 như sau"));
    assert!(report.contains("Tổng số mô hình đăng ký thực hiện trong năm 2022 là"));
}

#[test]
fn the_report_counts_the_places_that_reported() {
    // Regression: the count was the locality table's rows: one commune
    // grouped by its hamlets read "báo cáo của 05 địa phương", and a
    // commune that sent works only, "của 0 địa phương".
    let one = Run::new()
        .build(["sample-data/xa-long-son.xlsx"])
        .run()
        .code(0);
    assert!(one
        .markdown()
        .contains("tổng hợp từ báo cáo của một địa phương"));

    let dir = tempfile::tempdir().expect("temp");
    std::fs::write(
        dir.path().join("cong-trinh.csv"),
        "STT;Tên công trình;Loại công trình;Số lượng;Đơn vị tính;Xã;Năm;Tổng kinh phí (triệu đồng)\n\
         1;Đường xóm;Đường GTNT;1;km;Long Sơn;2020;100\n\
         2;Cầu;Cầu;1;cây;Thanh An;2021;50\n",
    )
    .expect("write");
    let works = Run::new()
        .in_dir(dir.path())
        .build(["cong-trinh.csv"])
        .run()
        .code(0);
    assert!(works
        .markdown()
        .contains("tổng hợp từ báo cáo của 02 địa phương"));

    // sample-data/README.md: five communes and the district's agencies,
    // each agency (Đơn vị thực hiện, no Xã) a reporter of its own: 11 of
    // them in cac-co-quan-huyen.xlsx, so 5 + 11.
    let all = Run::new().build(["sample-data"]).run().code(0);
    assert!(all
        .markdown()
        .contains("tổng hợp từ báo cáo của 16 địa phương, cơ quan, đơn vị"));
}

#[test]
fn the_locality_chart_draws_the_twenty_largest_as_the_word_report_does() {
    // Regression: Biểu 2's chart drew every locality at a fixed height,
    // unreadable for a province of a hundred communes; bao-cao.docx drew
    // the 20 with the most models. 25 communes, the n-th with n models.
    let (_dir, outcome) = build_communes((1..=25).collect());
    let path = outcome.out.join("tong-hop.xlsx");
    let charts = workbook_charts(&path);
    let (title, series) = charts
        .iter()
        .find(|(title, _)| title.starts_with("Mô hình theo địa bàn"))
        .expect("the locality chart");
    assert_eq!(
        title,
        "Mô hình theo địa bàn (20 đơn vị cấp xã có nhiều mô hình nhất)"
    );
    let (name, range, registered) = &series[0];
    assert_eq!(name, "Đăng ký");
    // The 20 largest, in the table's order, read from hidden columns.
    let expected: Vec<f64> = (6..=25).map(f64::from).collect();
    assert_eq!(registered, &expected);
    assert_eq!(range, "'Địa bàn'!$F$5:$F$24");
    // The table itself still lists every commune.
    let localities = sheet(&path, "Địa bàn");
    let (rows, _) = table_rows(&localities);
    assert_eq!(rows.len(), 25);
    // The Word report draws the same 20 under the same words.
    assert!(outcome
        .markdown()
        .contains("Mô hình theo địa bàn (20 đơn vị cấp xã có nhiều mô hình nhất)"));
}

/// The XML of sheet `name` of workbook `path`.
fn sheet_xml(path: &std::path::Path, name: &str) -> String {
    let workbook: Xlsx<_> = open_workbook(path).expect("open");
    let position = workbook
        .sheet_names()
        .iter()
        .position(|n| n == name)
        .unwrap_or_else(|| panic!("sheet {name}"));
    let file = std::fs::File::open(path).expect("open");
    let mut archive = zip::ZipArchive::new(file).expect("zip");
    let mut xml = String::new();
    let entry = format!("xl/worksheets/sheet{}.xml", position + 1);
    std::io::Read::read_to_string(&mut archive.by_name(&entry).expect("entry"), &mut xml)
        .expect("xml");
    xml
}

/// Each column's width as stored (characters and padding), by 0-based column.
fn column_widths(sheet_xml: &str) -> Vec<f64> {
    let attribute = |tag: &str, name: &str| -> Option<f64> {
        let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        let len = tag[start..].find('"')?;
        tag[start..start + len].parse().ok()
    };
    let mut widths = Vec::new();
    for col in sheet_xml.split("<col ").skip(1) {
        let tag = format!(" {}", &col[..col.find('>').expect("tag")]);
        let (min, max) = (attribute(&tag, "min"), attribute(&tag, "max"));
        let width = attribute(&tag, "width").expect("width");
        for _ in min.expect("min") as usize..=max.expect("max") as usize {
            widths.push(width);
        }
    }
    widths
}

/// Points of text a line of a column (or merged columns) holds, its width
/// as stored: 7 pixels a character, less 3 pixels each side, 0,75 points
/// a pixel.
fn line_room(stored_width: f64) -> f64 {
    (stored_width * 7.0 - 6.0) * 0.75
}

#[test]
fn rows_of_the_files_sheet_are_as_tall_as_their_text() {
    // Regression: rows of "Tệp đã đọc" whose path was a little longer than
    // 42 characters were twice as tall as their one line of text.
    let dir = tempfile::tempdir().expect("temp");
    let folder = dir.path().join("cac-xa-minh-long");
    std::fs::create_dir(&folder).expect("folder");
    for entry in std::fs::read_dir(root().join("sample-data")).expect("list") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, folder.join(path.file_name().expect("name"))).expect("copy");
    }
    let outcome = Run::new().in_dir(dir.path()).build(["."]).run().code(0);
    let path = outcome.out.join("tong-hop.xlsx");
    let xml = sheet_xml(&path, "Tệp đã đọc");
    let (heights, widths) = (row_heights(&xml), column_widths(&xml));
    let rows = sheet(&path, "Tệp đã đọc");
    let (body, _) = table_rows(&rows);
    assert!(body.iter().any(|r| text(&r[1]).chars().count() > 42));
    for (i, row) in body.iter().enumerate() {
        let file = text(&row[1]);
        let needed = dvk::render::text_width::width_pt(&file, 12.0, false);
        assert!(
            needed <= line_room(widths[1]),
            "{file:?} fits its column on one line"
        );
        let height = heights.get(&(i as u32 + 5)).copied().unwrap_or(15.0);
        assert!(height <= 16.0, "{file:?}: a row of {height} points");
    }
}

#[test]
fn a_path_that_fits_its_capped_column_keeps_its_row_one_line_tall() {
    // Regression: a path a little wider than the file column's cap of 60
    // (as absolute paths are) with the measure's 6% to spare, though it
    // fits the column, made its row of "Tệp đã đọc" two lines tall.
    let dir = tempfile::tempdir().expect("temp");
    let folder = dir.path().join("bao-cao-cac-xa-huyen-minh-long");
    std::fs::create_dir(&folder).expect("folder");
    // The file column's width at its cap, as stored.
    const CAPPED: f64 = 60.710_937_5;
    let room_at_cap = line_room(CAPPED);
    let mut name = "xa-long-son".to_owned();
    let shown = |name: &str| format!("bao-cao-cac-xa-huyen-minh-long/{name}.csv");
    let width = |name: &str| dvk::render::text_width::width_pt(&shown(name), 12.0, false);
    while width(&name) * 1.06 <= room_at_cap {
        name.push_str("-a");
    }
    assert!(width(&name) * 1.01 < room_at_cap, "{}", shown(&name));
    std::fs::copy(
        root().join("sample-data").join("xa-long-mon-mo-hinh.csv"),
        folder.join(format!("{name}.csv")),
    )
    .expect("copy");
    let outcome = Run::new().in_dir(dir.path()).build(["."]).run().code(0);
    let path = outcome.out.join("tong-hop.xlsx");
    let xml = sheet_xml(&path, "Tệp đã đọc");
    let rows = sheet(&path, "Tệp đã đọc");
    assert_eq!(text(&rows[4][1]), shown(&name));
    assert_eq!(column_widths(&xml)[1], CAPPED, "the capped width");
    let height = row_heights(&xml).get(&5).copied().unwrap_or(15.0);
    assert!(height <= 16.0, "a row of {height} points");
}

#[test]
fn headings_and_figures_fit_their_columns() {
    // Regression: headings wrapped a few letters at a time ("Ngân sách nhà"
    // over "nước"), and a large sum was wider than its column (Excel
    // prints "#####"). Each heading line fits its column, and so does the
    // widest figure of each column, with its decimals, in bold.
    let dir = tempfile::tempdir().expect("temp");
    // No one row may reach 1.000 tỷ (đồng typed as triệu is refused): many
    // rows just under it make the large sums.
    let mut works = String::from(
        "STT;Tên công trình, phần việc;Loại công trình;Số lượng;Đơn vị tính;Tỉnh;Huyện;Xã;Năm;Tổng kinh phí (triệu đồng);Ngân sách nhà nước (triệu đồng);Vận động xã hội hóa (triệu đồng)\n\
         1;Nhà văn hóa;Nhà văn hóa;1;căn;Quảng Ngãi;Minh Long;Long Mai;2022;1,5;1;0,5\n",
    );
    for i in 2..=99 {
        works.push_str(&format!(
            "{i};Đường tỉnh {i};Đường giao thông nông thôn;1234,5;km;Quảng Ngãi;Minh Long;Long Sơn;2021;999999,5;899999,25;100000,25\n"
        ));
    }
    std::fs::write(dir.path().join("cong-trinh.csv"), works).expect("write");
    let big = Run::new()
        .build([dir.path().display().to_string()])
        .run()
        .code(0);
    let sample = Run::new().build(["sample-data"]).run().code(0);
    for outcome in [sample, big] {
        let path = outcome.out.join("tong-hop.xlsx");
        let workbook: Xlsx<_> = open_workbook(&path).expect("open");
        for name in workbook.sheet_names() {
            let rows = sheet(&path, &name);
            let widths = column_widths(&sheet_xml(&path, &name));
            for (col, heading) in rows[3].iter().enumerate() {
                let heading = text(heading);
                assert!(heading.lines().count() <= 3, "{name}: {heading:?}");
                for line in heading.lines() {
                    let needed = dvk::render::text_width::width_pt(line, 12.0, true);
                    assert!(
                        needed <= line_room(widths[col]),
                        "{name}: heading line {line:?} ({needed:.0} pt) in a column {} wide",
                        widths[col]
                    );
                }
            }
            for (col, width) in widths.iter().enumerate() {
                let figures: Vec<f64> = rows[4..]
                    .iter()
                    .filter_map(|r| r.get(col).and_then(number_or_none))
                    .collect();
                let Some(largest) = figures.iter().map(|f| f.abs()).reduce(f64::max) else {
                    continue;
                };
                // As many decimals as the column's values need, up to 6.
                let decimals = figures
                    .iter()
                    .map(|f| {
                        let shown = format!("{:.6}", f.abs());
                        shown
                            .trim_end_matches('0')
                            .split('.')
                            .nth(1)
                            .map_or(0, str::len)
                    })
                    .max()
                    .unwrap_or(0);
                let whole = dvk::render::vn_format::group_thousands(largest.trunc() as i64);
                let figure = match decimals {
                    0 => whole,
                    d => format!("{whole},{}", "0".repeat(d)),
                };
                let needed = dvk::render::text_width::width_pt(&figure, 12.0, true);
                assert!(
                    needed <= line_room(*width),
                    "{name}: {figure} ({needed:.0} pt) in a column {width} wide"
                );
            }
        }
    }
}

#[test]
fn the_incomplete_figures_note_stays_within_the_table() {
    // Regression: "Số liệu chưa đầy đủ: …" ran past a narrow table's last
    // column, off the printed page (and pulled the table off centre).
    let outcome = Run::new().build(["tests/fixtures/loi"]).run().code(1);
    let path = outcome.out.join("tong-hop.xlsx");
    let workbook: Xlsx<_> = open_workbook(&path).expect("open");
    for name in workbook.sheet_names() {
        if name == "Vấn đề" {
            continue;
        }
        let xml = sheet_xml(&path, &name);
        let last = column_widths(&xml).len();
        let last = char::from(b'A' + u8::try_from(last - 1).expect("few columns"));
        assert!(
            xml.contains(&format!(r#"<mergeCell ref="A3:{last}3"/>"#)),
            "{name}: the note spans the table"
        );
        assert!(text(&sheet(&path, &name)[2][0]).starts_with("Số liệu chưa đầy đủ"));
    }
}

#[test]
fn charts_are_as_wide_as_their_tables() {
    // Regression: a chart 640 pixels wide from column B stuck out past a
    // narrower table, and the printed page was centred on neither.
    let outcome = Run::new().build(["sample-data"]).run().code(0);
    let path = outcome.out.join("tong-hop.xlsx");
    let file = std::fs::File::open(&path).expect("open");
    let mut archive = zip::ZipArchive::new(file).expect("zip");
    let names: Vec<String> = archive
        .file_names()
        .filter_map(|n| n.ok().map(std::borrow::Cow::into_owned))
        .filter(|n| n.starts_with("xl/drawings/drawing") && n.ends_with(".xml"))
        .collect();
    assert_eq!(names.len(), 3);
    for name in names {
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut archive.by_name(&name).expect("entry"), &mut xml)
            .expect("xml");
        // (column, offset) of the chart's corner `tag`.
        let corner = |tag: &str| -> (u32, u32) {
            let at = xml.find(tag).expect(tag) + tag.len();
            let value = |name: &str| -> u32 {
                let open = format!("<xdr:{name}>");
                let rest = &xml[at..];
                let start = rest.find(&open).expect("value") + open.len();
                rest[start..start + rest[start..].find('<').expect("end")]
                    .parse()
                    .expect("number")
            };
            (value("col"), value("colOff"))
        };
        assert_eq!(
            corner("<xdr:from>"),
            (0, 0),
            "{name}: from the table's left edge"
        );
        // Lĩnh vực and Địa bàn have 4 columns, Kinh phí theo năm 5: the chart
        // ends at the table's right edge.
        let columns = if name.ends_with("drawing3.xml") { 5 } else { 4 };
        assert_eq!(
            corner("<xdr:to>"),
            (columns, 0),
            "{name}: to its right edge"
        );
    }
}

#[test]
fn the_problem_summary_says_each_sentence_once_with_how_often_and_where_first() {
    let dir = tempfile::tempdir().expect("temp");
    let header = "STT;Tên mô hình;Xã;Lĩnh vực;Năm bắt đầu;Tình trạng\n";
    // a.csv: "Trồng nấm" (not a field) on rows 2, 3 and 4.
    std::fs::write(
        dir.path().join("a.csv"),
        format!(
            "{header}1;Nấm A;Long Sơn;Trồng nấm;2020;Hiệu quả\n\
             2;Nấm B;Long Sơn;Trồng nấm;2021;Hiệu quả\n\
             3;Nấm C;Long Sơn;Trồng nấm;2021;Hiệu quả\n"
        ),
    )
    .expect("write");
    // b.csv: "Trồng nấm" on rows 2 and 4, "Nuôi ong" on row 3, and row 5
    // without its year (an error).
    std::fs::write(
        dir.path().join("b.csv"),
        format!(
            "{header}1;Nấm D;Long Môn;Trồng nấm;2020;Hiệu quả\n\
             2;Ong A;Long Môn;Nuôi ong;2020;Hiệu quả\n\
             3;Nấm E;Long Môn;Trồng nấm;2022;Hiệu quả\n\
             4;Đường hoa;Long Môn;Kinh tế;;Hiệu quả\n"
        ),
    )
    .expect("write");
    let outcome = Run::new().in_dir(dir.path()).build(["."]).run().code(1);
    let json = outcome.json();
    assert_eq!(json["problems"].as_array().expect("list").len(), 7);
    let rows = sheet(&outcome.out.join("tong-hop.xlsx"), "Tóm tắt vấn đề");
    let body: Vec<Vec<String>> = rows[4..]
        .iter()
        .take_while(|r| text(&r[0]).parse::<u32>().is_ok())
        .map(|r| r.iter().map(text).collect())
        .collect();
    // The error first; then the sentence said 5 times in 2 files, first in
    // a.csv on row 2 (placed as `dvk kiem-tra` places it); then the one said once.
    assert_eq!(body.len(), 3, "{body:?}");
    assert_eq!(body[0][1], "lỗi");
    assert!(body[0][2].starts_with("Thiếu năm"), "{:?}", body[0]);
    assert_eq!(
        body[0][3..],
        ["1", "1", "Tệp b.csv, dòng 5, cột E (Năm bắt đầu)"]
    );
    assert!(body[1][2].contains("\"Trồng nấm\""), "{:?}", body[1]);
    assert_eq!(body[1][1..2], ["cảnh báo"]);
    assert_eq!(
        body[1][3..],
        ["5", "2", "Tệp a.csv, dòng 2, cột D (Lĩnh vực)"]
    );
    assert!(body[2][2].contains("\"Nuôi ong\""), "{:?}", body[2]);
    assert_eq!(
        body[2][3..],
        ["1", "1", "Tệp b.csv, dòng 3, cột D (Lĩnh vực)"]
    );
    assert_eq!(
        text(&rows[4 + body.len()][0]),
        "Chi tiết từng dòng ở trang “Vấn đề”."
    );

    // No problem, no summary page.
    let clean_dir = tempfile::tempdir().expect("temp");
    std::fs::write(
        clean_dir.path().join("c.csv"),
        format!("{header}1;Đường hoa;Long Môn;Kinh tế;2020;Hiệu quả\n"),
    )
    .expect("write");
    let clean = Run::new()
        .in_dir(clean_dir.path())
        .build(["."])
        .run()
        .code(0);
    let workbook: Xlsx<_> = open_workbook(clean.out.join("tong-hop.xlsx")).expect("open");
    assert_eq!(clean.json()["problems"], serde_json::json!([]));
    assert!(!workbook.sheet_names().iter().any(|n| n == "Tóm tắt vấn đề"));
}

#[test]
fn a_chart_that_would_cross_a_page_foot_starts_a_page_of_its_own() {
    // Regression: Biểu 2's chart began at the foot of the table's last
    // printed page and ran onto the next, whose repeated heading row was
    // printed over it. `communes` communes of one model each: 8 leave the
    // chart room on the table's page; 40 fill most of an A4 page (15-point
    // rows), 90 fill two, and the chart needs 345 points.
    for (communes, broken) in [(8, false), (40, true), (90, true)] {
        let (_dir, outcome) = build_communes(vec![1; communes as usize]);
        let path = outcome.out.join("tong-hop.xlsx");
        let xml = sheet_xml(&path, "Địa bàn");
        // The chart's top row (0-based), from the sheet's drawing.
        let position = {
            let workbook: Xlsx<_> = open_workbook(&path).expect("open");
            workbook
                .sheet_names()
                .iter()
                .position(|n| n == "Địa bàn")
                .expect("sheet")
                + 1
        };
        let file = std::fs::File::open(&path).expect("open");
        let mut archive = zip::ZipArchive::new(file).expect("zip");
        let mut read = |entry: &str| {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut archive.by_name(entry).expect(entry), &mut text)
                .expect("xml");
            text
        };
        let rels = read(&format!("xl/worksheets/_rels/sheet{position}.xml.rels"));
        let drawing = rels
            .split("Target=\"../drawings/")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("a drawing");
        let drawing = read(&format!("xl/drawings/{drawing}"));
        let from = &drawing[drawing.find("<xdr:from>").expect("from")..];
        let chart_row: u32 = from[from.find("<xdr:row>").expect("row") + 9..]
            .split('<')
            .next()
            .and_then(|n| n.parse().ok())
            .expect("chart row");
        // Title, period, note, heading, the communes, the total: the table
        // ends on row 4 + communes (0-based); the chart is below it.
        let last_table_row = 4 + communes;
        assert!(chart_row > last_table_row, "{communes}: {chart_row}");
        let breaks: Vec<u32> = xml
            .split("<brk id=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next()?.parse().ok())
            .collect();
        if broken {
            // Excel's break N falls under the N-th row (1-based): the page
            // starts with one empty row, then the chart.
            assert_eq!(breaks, [chart_row - 1], "{communes} communes");
            assert!(breaks[0] > last_table_row + 1, "under the table");
        } else {
            assert!(breaks.is_empty(), "{communes} communes: {breaks:?}");
        }
    }
}

/// Builds one CSV of models in Cà Mau's communes "Khánh 01", "Khánh 02"…,
/// the n-th with `models[n - 1]` models of one field.
fn build_communes(models: Vec<usize>) -> (tempfile::TempDir, crate::harness::Outcome) {
    let dir = tempfile::tempdir().expect("temp");
    let mut csv = "STT;Tên mô hình;Tỉnh;Xã;Lĩnh vực;Năm bắt đầu;Tình trạng\n".to_owned();
    let mut stt = 0;
    for (commune, count) in (1..).zip(models) {
        for _ in 0..count {
            stt += 1;
            csv.push_str(&format!(
                "{stt};Mô hình {stt};Cà Mau;Khánh {commune:02};Kinh tế;2024;Đăng ký\n"
            ));
        }
    }
    std::fs::write(dir.path().join("mo-hinh.csv"), csv).expect("write");
    let outcome = Run::new()
        .in_dir(dir.path())
        .build(["mo-hinh.csv"])
        .run()
        .code(0);
    (dir, outcome)
}

/// The XML of a workbook part.
fn workbook_part(path: &std::path::Path, part: &str) -> String {
    use std::io::Read;
    let bytes = std::fs::read(path).expect("read");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut xml = String::new();
    archive
        .by_name(part)
        .expect("part")
        .read_to_string(&mut xml)
        .expect("text");
    xml
}

#[test]
fn the_models_own_money_is_in_the_workbook_and_the_appendix() {
    // Regression: "Kinh phí thực hiện các mô hình trên 16,2 tỷ đồng" was
    // said in prose and shown in no table. The figure is the generator's
    // own (tests/expected), not dvk's JSON.
    let expected = crate::harness::expected("sample-data")["models"]["funding_total"]
        .as_i64()
        .expect("the generator's figure");
    assert_eq!(expected, 16_274_582_000);
    let outcome = Run::new().build(["sample-data"]).run().code(0);
    let line = "Kinh phí thực hiện các mô hình: 16.274,582 triệu đồng";
    let md = outcome.markdown();
    let appendix = &md[md.find("### Phụ lục 1.").expect("Phụ lục 1")..];
    let appendix = &appendix[..appendix.find("### Phụ lục 2.").expect("Phụ lục 2")];
    assert!(appendix.contains(line), "{appendix}");
    let rows = sheet(&outcome.out.join("tong-hop.xlsx"), "Lĩnh vực");
    let (_, total) = table_rows(&rows);
    let below = rows
        .iter()
        .skip_while(|r| *r != total)
        .nth(1)
        .expect("a line under Biểu 1");
    assert!(text(&below[0]).starts_with(line), "{below:?}");
}

#[test]
fn workbook_charts_and_footer_are_times_new_roman_with_data_labels() {
    // Regression: the workbook's charts and page footer were Calibri, and
    // its charts had no figures on their bars, unlike bao-cao.docx's.
    let outcome = Run::new().build(["sample-data"]).run().code(0);
    let path = outcome.out.join("tong-hop.xlsx");
    for n in 1..=3 {
        let chart = workbook_part(&path, &format!("xl/charts/chart{n}.xml"));
        assert!(!chart.contains("Calibri"), "chart{n}");
        for part in [
            "<c:title>",
            "<c:catAx>",
            "<c:valAx>",
            "<c:legend>",
            "<c:dLbls>",
        ] {
            let from = chart
                .find(part)
                .unwrap_or_else(|| panic!("chart{n} {part}"));
            assert!(
                chart[from..].contains(r#"<a:latin typeface="Times New Roman""#),
                "chart{n} {part}"
            );
        }
        assert!(chart.contains(r#"<c:showVal val="1"/>"#), "chart{n}");
    }
    let sheet1 = workbook_part(&path, "xl/worksheets/sheet1.xml");
    assert!(
        sheet1.contains(
            "<oddFooter>&amp;C&amp;\"Times New Roman,Regular\"Trang &amp;P/&amp;N</oddFooter>"
        ),
        "{sheet1}"
    );
}

#[test]
fn zero_money_shows_a_dash_in_every_money_column() {
    // Regression: "Chưa rõ nguồn" printed "0,000" for a zero, the other
    // money columns alike; Vietnamese money tables print "-".
    let dir = crate::harness::unsplit_money_inputs();
    let outcome = Run::new()
        .build([dir.path().display().to_string()])
        .run()
        .code(0);
    let md = outcome.markdown();
    let works = &md[md.find("### Phụ lục 4.").expect("Phụ lục 4")..];
    assert!(
        !works.contains("| 0 |") && !works.contains(",000 |"),
        "{works}"
    );
    assert!(works.contains("| - |"), "{works}");
    let styles = workbook_part(&outcome.out.join("tong-hop.xlsx"), "xl/styles.xml");
    assert!(
        styles.contains(r#"formatCode="[$-42A]#,##0;[$-42A]-#,##0;&quot;-&quot;""#),
        "{styles}"
    );
}
