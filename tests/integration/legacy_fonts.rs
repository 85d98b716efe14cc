//! Cells typed in .VnTime / .VnTimeH fonts, as a 2005 workbook holds them.

use crate::harness::Run;
use rust_xlsxwriter::{Format, Workbook};

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
