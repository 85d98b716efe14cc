//! Cells typed in .VnTime / .VnTimeH fonts, as a 2005 workbook holds them.

use crate::harness::Run;
use rust_xlsxwriter::{Format, Workbook};
use serde_json::{json, Value};

#[test]
fn cells_in_vntime_fonts_read_as_unicode() {
    let dir = tempfile::tempdir().expect("temp");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    // The capital font .VnTimeH types capitals with the codes of small letters.
    let capitals = Format::new().set_font_name(".VnTimeH");
    let small = Format::new().set_font_name(".VnTime");
    // "TÊN MÔ HÌNH | LĨNH VỰC | NĂM BẮT ĐẦU | XÃ", typed in .VnTimeH.
    for (col, text) in ["tªn m« h×nh", "lÜnh vùc", "n¨m b¾t ®Çu", "x·"]
        .iter()
        .enumerate()
    {
        sheet
            .write_string_with_format(0, col as u16, *text, &capitals)
            .expect("cell");
    }
    let rows = [
        [
            "Hò g¹o t×nh th\u{AD}¬ng",
            "V¨n hãa - x· héi",
            "2019",
            "Long S¬n",
        ],
        ["trén bª t«ng", "Kinh tÕ", "2020", "Long S¬n"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (col, text) in row.iter().enumerate() {
            sheet
                .write_string_with_format(r as u32 + 1, col as u16, *text, &small)
                .expect("cell");
        }
    }
    workbook
        .save(dir.path().join("xa-2005.xlsx"))
        .expect("save");

    let outcome = Run::new()
        .in_dir(dir.path())
        .build(["xa-2005.xlsx"])
        .run()
        .code(0);
    let json = outcome.json();
    assert_eq!(json["models"]["total"], 2);
    let fields: Vec<(String, u64)> = json["models"]["by_field"]
        .as_array()
        .expect("list")
        .iter()
        .map(|f| {
            (
                f["field"].as_str().expect("name").to_owned(),
                f["total"].as_u64().expect("n"),
            )
        })
        .collect();
    assert!(
        fields.contains(&("Văn hóa - xã hội".to_owned(), 1)),
        "{fields:?}"
    );
    assert!(
        fields.contains(&("Phát triển kinh tế".to_owned(), 1)),
        "{fields:?}"
    );
    assert_eq!(json["models"]["by_locality"][0]["locality"], "Long Sơn");
    let problems = json["problems"].as_array().expect("list");
    assert!(
        problems
            .iter()
            .any(|p| p["severity"] == "info"
                && p["message"].as_str().unwrap_or("").contains("TCVN3")),
        "an info line says cells were converted: {problems:?}"
    );
    assert!(
        problems.iter().all(|p| p["severity"] == "info"),
        "{problems:?}"
    );
}

/// A "§" or "¶" typed as a symbol in Unicode text ("Điều 5 § 2", "Khu §3")
/// was taken for a TCVN3 letter: "Khu §3" became "Khu Đ3" and "Hòa Bình §
/// 2" "Hũa Bỡnh Đ 2", in a workbook, a UTF-8 CSV and a Windows-1258 CSV.
#[test]
fn a_section_sign_or_pilcrow_in_unicode_text_is_left_as_typed() {
    let dir = tempfile::tempdir().expect("temp");
    let header = [
        "STT",
        "Tên mô hình",
        "Lĩnh vực",
        "Tỉnh",
        "Huyện",
        "Xã",
        "Thôn/Ấp",
        "Năm bắt đầu",
        "Tình trạng",
        "Ghi chú",
    ];
    let rows = [
        [
            "1",
            "Hòa giải ở cơ sở",
            "Kinh tế",
            "Quảng Ngãi",
            "Minh Long",
            "Long Sơn",
            "Khu §3",
            "2020",
            "Duy trì hiệu quả",
            "Điều 5 § 2",
        ],
        [
            "2",
            "Mô hình ¶ hay",
            "Kinh tế",
            "Quảng Ngãi",
            "Minh Long",
            "Long Sơn",
            "Hòa Bình § 2",
            "2021",
            "Duy trì hiệu quả",
            "¶",
        ],
    ];
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (r, row) in std::iter::once(header).chain(rows).enumerate() {
        for (c, text) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *text).expect("cell");
        }
    }
    workbook
        .save(dir.path().join("mo-hinh.xlsx"))
        .expect("save");
    let csv: String = std::iter::once(header)
        .chain(rows)
        .map(|row| row.join(";") + "\n")
        .collect();
    std::fs::write(dir.path().join("mo-hinh-utf8.csv"), &csv).expect("write");
    // Windows-1258 as Excel saves it: the header without diacritics (dvk
    // reads it), the hamlets' tones as combining bytes, "§" as 0xA7.
    let cp1258: &[u8] = b"STT;Ten mo hinh;Linh vuc;Tinh;Huyen;Xa;Thon/Ap;Nam bat dau;Tinh trang\n\
        1;Hoa giai;Kinh te;Quang Ngai;Minh Long;Long Son;Khu \xA73;2020;Duy tri hieu qua\n\
        2;Mo hinh;Kinh te;Quang Ngai;Minh Long;Long Son;Ho\xCCa Bi\xCCnh \xA7 2;2021;Duy tri hieu qua\n";
    std::fs::write(dir.path().join("mo-hinh-1258.csv"), cp1258).expect("write");
    for name in ["mo-hinh.xlsx", "mo-hinh-utf8.csv", "mo-hinh-1258.csv"] {
        let outcome = Run::new()
            .in_dir(dir.path())
            .build([name])
            .args(["--group-by", "thon"])
            .run()
            .code(0);
        let json = outcome.json();
        let mut places: Vec<&str> = json["models"]["by_locality"]
            .as_array()
            .expect("list")
            .iter()
            .map(|l| l["locality"].as_str().expect("name"))
            .collect();
        places.sort_unstable();
        assert_eq!(places, ["Hòa Bình § 2", "Khu §3"], "{name}");
        let problems = json["problems"].as_array().expect("list");
        assert!(
            problems.iter().all(|p| {
                let message = p["message"].as_str().unwrap_or("");
                !message.contains("TCVN3") && !message.contains("VNI")
            }),
            "{name}: {problems:?}"
        );
    }
}

/// TCVN3 text that also reads as valid Unicode ("An Phó" for "An Phú",
/// "cã" for "có", "PHó NINH" in .VnTimeH for "PHÚ NINH") is told only by
/// its cell's font. An .xls or .ods gave no fonts, so it stayed as typed:
/// "xã An Phó", exemplary marks lost, "PHó NINH" a place. The .xls and .ods
/// are LibreOffice's conversions of the .xlsx (`tests/fixtures/phong-cu-xls/
/// make.py`); all three must give what its rows say, counted by hand:
/// five models; exemplary rows 3 ("có"), 4 ("x"), 5 ("có") and 7 ("x",
/// Unicode "Phó ban an ninh" in Times New Roman, left as it is); An Phú
/// rows 3, 4, 7 and Phú Ninh rows 5 ("PHÚ NINH", its first spelling) and 6.
#[test]
fn tcvn3_text_that_reads_as_unicode_follows_its_font_in_xls_and_ods_as_in_xlsx() {
    for file in ["an-phu.xlsx", "an-phu.xls", "an-phu.ods"] {
        let json = Run::new()
            .in_fixtures()
            .build([format!("phong-cu-xls/{file}")])
            .run()
            .code(0)
            .json();
        let models = &json["models"];
        assert_eq!(models["total"], 5, "{file}");
        assert_eq!(models["exemplary"], 4, "{file}");
        assert_eq!(
            models["outstanding"],
            json!([
                {"name": "Camera an ninh", "place": "tại xã PHÚ NINH"},
                {"name": "Góp vốn", "place": "tại xã An Phú"},
                {"name": "Nồi cơm tình thương", "place": "tại xã An Phú"},
                {"name": "Phó ban an ninh", "place": "tại xã An Phú"},
            ]),
            "{file}"
        );
        let places: Vec<(&str, &Value)> = models["by_locality"]
            .as_array()
            .expect("list")
            .iter()
            .map(|l| (l["locality"].as_str().expect("name"), &l["total"]))
            .collect();
        assert_eq!(
            places,
            [("An Phú", &json!(3)), ("PHÚ NINH", &json!(2))],
            "{file}"
        );
        // One info line, naming the font, with the .VnTimeH title all in
        // capitals; 25 converted cells: the title, seven headers and 17
        // cells of rows 3-6 (not "STT", "x" or "Camera an ninh").
        let problems = json["problems"].as_array().expect("list");
        assert_eq!(problems.len(), 1, "{file}: {problems:?}");
        let message = problems[0]["message"].as_str().expect("message");
        assert!(
            message.contains("25 ô gõ bằng phông TCVN3 (.VnTime)")
                && message.contains("ô A1: \"ĐẢNG ỦY XÃ AN PHÚ\""),
            "{file}: {message}"
        );
    }
}
