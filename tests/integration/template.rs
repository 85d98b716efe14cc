//! `dvk template`: the blank workbook has the interface's exact headers, and
//! once filled in it reads back with no warning.

use crate::harness::Run;
use calamine::{open_workbook, Data, Reader, Xlsx};

const MODEL_HEADERS: [&str; 14] = [
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
    "Cấp công nhận",
    "Tiêu biểu",
    "Kinh phí (triệu đồng)",
    "Ghi chú",
];
const WORK_HEADERS: [&str; 14] = [
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
    "Ghi chú",
];
const RESOURCE_HEADERS: [&str; 12] = [
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
    "Ghi chú",
];

fn headers(path: &std::path::Path, sheet: &str) -> Vec<String> {
    let mut workbook: Xlsx<_> = open_workbook(path).expect("open template");
    let range = workbook.worksheet_range(sheet).expect("sheet");
    range
        .rows()
        .next()
        .expect("header row")
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn template_has_the_exact_headers() {
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("bieu-mau.xlsx");
    Run::new()
        .args(["mau", "-o", &path.display().to_string()])
        .run()
        .code(0);
    assert_eq!(headers(&path, "Mô hình"), MODEL_HEADERS);
    assert_eq!(headers(&path, "Công trình"), WORK_HEADERS);
    assert_eq!(headers(&path, "Nguồn lực"), RESOURCE_HEADERS);
    let mut workbook: Xlsx<_> = open_workbook(&path).expect("open");
    let guide = workbook.worksheet_range("Hướng dẫn").expect("guide sheet");
    assert!(guide
        .get_value((0, 0))
        .is_some_and(|v| v.to_string().contains("HƯỚNG DẪN")));
}

#[test]
fn template_validations_are_in_the_file() {
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("bieu-mau.xlsx");
    Run::new()
        .args(["template", "-o", &path.display().to_string()])
        .run()
        .code(0);
    let file = std::fs::File::open(&path).expect("open");
    let mut zip = zip_entries(file);
    let sheet1 = zip.remove("xl/worksheets/sheet1.xml").expect("sheet1");
    assert!(sheet1.contains("<dataValidations"), "drop-down lists");
    assert!(sheet1.contains("Phát triển kinh tế"), "field list");
    assert!(sheet1.contains("type=\"whole\""), "whole-number years");
    assert!(sheet1.contains("<pane"), "frozen header");
}

/// The text entries of an xlsx (a zip), by name.
fn zip_entries(file: std::fs::File) -> std::collections::HashMap<String, String> {
    // calamine depends on zip; its archive reader is enough here.
    let mut archive = zip::ZipArchive::new(file).expect("zip");
    let mut out = std::collections::HashMap::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).expect("entry");
        let name = entry.name().expect("entry name").into_owned();
        let mut text = String::new();
        if std::io::Read::read_to_string(&mut entry, &mut text).is_ok() {
            out.insert(name, text);
        }
    }
    out
}

#[test]
fn a_filled_template_reads_back_with_no_warning() {
    let dir = tempfile::tempdir().expect("temp");
    let blank = dir.path().join("bieu-mau.xlsx");
    Run::new()
        .args(["mau", "-o", &blank.display().to_string()])
        .run()
        .code(0);

    // Fill it in as a clerk would: the template's own headers, values from its lists.
    let mut workbook = rust_xlsxwriter::Workbook::new();
    // (sheet, its headers, its rows)
    type Filled<'a> = (&'a str, Vec<String>, Vec<Vec<&'a str>>);
    let sheets: [Filled; 3] = [
        (
            "Mô hình",
            headers(&blank, "Mô hình"),
            vec![
                vec![
                    "1",
                    "Hũ gạo tình thương",
                    "Hội Phụ nữ xã",
                    "Quảng Ngãi",
                    "Minh Long",
                    "Long Sơn",
                    "Thôn 1",
                    "Văn hóa - xã hội",
                    "2019",
                    "Hiệu quả",
                    "Xã",
                    "x",
                    "12,5",
                    "",
                ],
                vec![
                    "2",
                    "Camera an ninh",
                    "Công an xã",
                    "Quảng Ngãi",
                    "Minh Long",
                    "Long Sơn",
                    "Thôn 2",
                    "An ninh trật tự",
                    "2020",
                    "Đang thực hiện",
                    "Huyện",
                    "",
                    "30",
                    "",
                ],
                vec![
                    "3",
                    "Tổ hợp tác nuôi bò",
                    "Hội Nông dân xã",
                    "Quảng Ngãi",
                    "Minh Long",
                    "Long Mai",
                    "",
                    "Phát triển kinh tế",
                    "2021",
                    "Mới đăng ký",
                    "",
                    "",
                    "",
                    "",
                ],
            ],
        ),
        (
            "Công trình",
            headers(&blank, "Công trình"),
            vec![vec![
                "1",
                "Đường thôn 1",
                "Đường giao thông nông thôn",
                "850",
                "m",
                "Quảng Ngãi",
                "Minh Long",
                "Long Sơn",
                "Thôn 1",
                "2020",
                "500",
                "300",
                "200",
                "",
            ]],
        ),
        (
            "Nguồn lực",
            headers(&blank, "Nguồn lực"),
            vec![vec![
                "1",
                "Quảng Ngãi",
                "Minh Long",
                "Long Sơn",
                "2020",
                "12",
                "100",
                "",
                "40",
                "300",
                "120",
                "",
            ]],
        ),
    ];
    for (name, header, rows) in &sheets {
        let sheet = workbook.add_worksheet();
        sheet.set_name(*name).expect("name");
        for (col, h) in header.iter().enumerate() {
            sheet.write_string(0, col as u16, h).expect("header");
        }
        for (r, row) in rows.iter().enumerate() {
            for (col, value) in row.iter().enumerate() {
                if value.is_empty() {
                    continue;
                }
                match value.parse::<f64>() {
                    Ok(n) if !value.contains(',') => sheet
                        .write_number(r as u32 + 1, col as u16, n)
                        .expect("cell"),
                    _ => sheet
                        .write_string(r as u32 + 1, col as u16, *value)
                        .expect("cell"),
                };
            }
        }
    }
    let filled = dir.path().join("xa-long-son.xlsx");
    workbook.save(&filled).expect("save");

    let outcome = Run::new()
        .in_dir(dir.path())
        .build(["xa-long-son.xlsx"])
        .run()
        .code(0);
    let json = outcome.json();
    let problems: Vec<_> = json["problems"]
        .as_array()
        .expect("list")
        .iter()
        .filter(|p| p["severity"] != "info")
        .collect();
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(json["models"]["total"], 3);
    assert_eq!(json["models"]["effective"], 1);
    assert_eq!(json["models"]["funding_total"], 42_500_000);
    assert_eq!(json["projects"]["by_type"][0]["quantity"], 0.85);
    // 100 total, 40 mobilised: the state budget is derived as 60.
    assert_eq!(json["funding"]["state_budget"], 300_000_000 + 60_000_000);
    let _ = Data::Empty;
}

#[test]
fn an_example_config_is_written_and_works() {
    let dir = tempfile::tempdir().expect("temp");
    let config = dir.path().join("dvk.toml");
    Run::new()
        .args(["mau", "--write-config", &config.display().to_string()])
        .run()
        .code(0);
    let build = || {
        Run::new()
            .build(["sample-data"])
            .args(["--config", &config.display().to_string()])
            .run()
            .code(0)
            .markdown()
    };
    // As written, nothing is set: the report keeps its places to fill.
    let md = build();
    assert!(md.contains(r"\[TÊN CƠ QUAN BAN HÀNH\]"), "{md}");

    // The clerk removes the "#" before the document's settings.
    let text = std::fs::read_to_string(&config).expect("read");
    let mut in_document = false;
    let edited: Vec<&str> = text
        .lines()
        .map(|line| {
            if line.starts_with('[') {
                in_document = line == "[document]";
            }
            match line.strip_prefix("# ") {
                Some(setting) if in_document && setting.contains(" = ") => setting,
                _ => line,
            }
        })
        .collect();
    std::fs::write(&config, edited.join("\n")).expect("write");
    let md = build();
    assert!(
        md.contains("HUYỆN ỦY MINH LONG")
            && md.contains("**BAN DÂN VẬN**")
            && md.contains("Số 12-BC/BDVHU"),
        "{md}"
    );
    assert!(md.contains("Minh Long, ngày 15 tháng 6 năm 2022"));
    assert!(md.contains("Ban Dân vận Huyện ủy báo cáo kết quả"), "{md}");
    // Written once: never over an edited file.
    Run::new()
        .args(["mau", "--write-config", &config.display().to_string()])
        .run()
        .code(2);
}
