//! Broken, hostile and mislabelled files beside good ones: each bad file gets
//! one located Vietnamese error, the good files' figures do not move, and the
//! run finishes with exit code 1. Every bad file is made here, by code.

use crate::harness::{fixtures, Run};
use std::io::{Cursor, Read, Write};
use std::path::Path;

/// Rewrites a zip, passing each entry's bytes through `edit`.
fn rezip(bytes: &[u8], edit: impl Fn(&str, Vec<u8>) -> Vec<u8>) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).expect("entry");
        let name = entry.name().expect("name").into_owned();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).expect("read");
        out.start_file(name.clone(), zip::write::SimpleFileOptions::default())
            .expect("start");
        out.write_all(&edit(&name, data)).expect("write");
    }
    out.finish().expect("finish").into_inner()
}

/// The good workbook with its shared strings passed through `edit`.
fn with_shared_strings(edit: impl Fn(String) -> String) -> Vec<u8> {
    rezip(&good_xlsx(), |name, data| {
        if name == "xl/sharedStrings.xml" {
            edit(String::from_utf8(data).expect("utf-8")).into_bytes()
        } else {
            data
        }
    })
}

/// A zip of the given entries, stored (not compressed).
fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, data) in entries {
        out.start_file(*name, stored).expect("start");
        out.write_all(data).expect("write");
    }
    out.finish().expect("finish").into_inner()
}

/// A compound (OLE) file of the given streams.
fn compound(streams: &[(&str, &[u8])]) -> Vec<u8> {
    let mut file =
        cfb::CompoundFile::create_with_version(cfb::Version::V3, Cursor::new(Vec::new()))
            .expect("cfb");
    for (name, data) in streams {
        let mut stream = file.create_stream(name).expect("stream");
        stream.write_all(data).expect("write");
    }
    file.flush().expect("flush");
    file.into_inner().into_inner()
}

/// The records of an .xls workbook stream, as (kind, data).
fn records(stream: &[u8]) -> Vec<(u16, Vec<u8>)> {
    let mut out = Vec::new();
    let mut pos = 0;
    while pos + 4 <= stream.len() {
        let kind = u16::from_le_bytes([stream[pos], stream[pos + 1]]);
        let length = u16::from_le_bytes([stream[pos + 2], stream[pos + 3]]) as usize;
        out.push((kind, stream[pos + 4..pos + 4 + length].to_vec()));
        pos += 4 + length;
    }
    out
}

fn unrecords(records: &[(u16, Vec<u8>)]) -> Vec<u8> {
    let mut out = Vec::new();
    for (kind, data) in records {
        out.extend(kind.to_le_bytes());
        out.extend((data.len() as u16).to_le_bytes());
        out.extend(data);
    }
    out
}

/// The good .xls with its workbook stream's records edited.
fn edited_xls(edit: impl Fn(&mut Vec<(u16, Vec<u8>)>)) -> Vec<u8> {
    let mut file = cfb::open(fixtures().join("xls-ods/chuan.xls")).expect("xls");
    let mut stream = Vec::new();
    file.open_stream("Workbook")
        .expect("Workbook")
        .read_to_end(&mut stream)
        .expect("read");
    let mut list = records(&stream);
    edit(&mut list);
    compound(&[("Workbook", &unrecords(&list))])
}

/// Sets the declared uncompressed size of `name` in a stored zip's headers.
fn declare_size(mut zip: Vec<u8>, name: &str, size: u32) -> Vec<u8> {
    for (signature, size_at, name_at) in [(b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)] {
        let mut at = 0;
        while let Some(found) = zip[at..].windows(4).position(|w| w == signature) {
            let start = at + found;
            if zip[start + name_at..].starts_with(name.as_bytes()) {
                zip[start + size_at..start + size_at + 4].copy_from_slice(&size.to_le_bytes());
            }
            at = start + 4;
        }
    }
    zip
}

fn good_xlsx() -> Vec<u8> {
    std::fs::read(fixtures().join("chuan/chuan.xlsx")).expect("good xlsx")
}

/// The good files: the same records as .xlsx, .xls and .ods.
fn write_good(dir: &Path, xlsx: &[u8]) {
    std::fs::write(dir.join("tot.xlsx"), xlsx).expect("write");
    for name in ["chuan.xls", "chuan.ods"] {
        std::fs::copy(fixtures().join("xls-ods").join(name), dir.join(name)).expect("copy");
    }
}

/// Each bad file, and a piece of the message it must get.
fn bad_files() -> Vec<(&'static str, Vec<u8>, &'static str)> {
    let good = good_xlsx();
    let billion_laughs = {
        let mut dtd = String::from("<!DOCTYPE sst [<!ENTITY a0 \"hahahahaha\">");
        for i in 1..10 {
            let refs = format!("&a{};", i - 1).repeat(10);
            dtd.push_str(&format!("<!ENTITY a{i} \"{refs}\">"));
        }
        format!(
            "<?xml version=\"1.0\"?>{dtd}]><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"1\" uniqueCount=\"1\"><si><t>&a9;</t></si></sst>"
        )
    };
    let shared = "<?xml version=\"1.0\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"1\" uniqueCount=\"1\"><si><t>Tên mô hình</t></si></sst>";
    let workbook_parts = |shared: &[u8]| {
        zip_of(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("xl/workbook.xml", b"<workbook/>"),
            ("xl/sharedStrings.xml", shared),
        ])
    };
    let mut garbage = Vec::new();
    let mut state: u32 = 7;
    for _ in 0..5000 {
        state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        garbage.push((state >> 16) as u8);
    }
    let no_header = {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        for r in 0..20u32 {
            for c in 0..5u16 {
                sheet
                    .write_number(r, c, f64::from(r * 10 + u32::from(c)))
                    .expect("cell");
            }
        }
        workbook.save_to_buffer().expect("xlsx")
    };
    vec![
        ("rong.xlsx", Vec::new(), "tệp rỗng (0 byte)"),
        (
            "chep-do.xlsx",
            good[..good.len() * 3 / 5].to_vec(),
            "tệp bị cắt cụt",
        ),
        (
            "ghi-chu.xlsx",
            "Kính gửi Ban Dân vận huyện,\r\nxã gửi báo cáo sau.\r\n".as_bytes().to_vec(),
            "tệp có đuôi .xlsx nhưng thực ra là tệp chữ CSV",
        ),
        (
            "mat-khau.xlsx",
            compound(&[("EncryptionInfo", &[4, 0, 4, 0]), ("EncryptedPackage", &[0; 64])]),
            "tệp có mật khẩu",
        ),
        (
            "mat-khau.xls",
            edited_xls(|list| list.insert(1, (0x002F, vec![1, 0, 1, 0, 1, 0]))),
            "tệp có mật khẩu",
        ),
        (
            "van-ban.xlsx",
            zip_of(&[("word/document.xml", b"<w:document/>")]),
            "văn bản Word (.docx)",
        ),
        (
            "van-ban.xls",
            compound(&[("WordDocument", &[0; 64])]),
            "văn bản Word 97-2003 (.doc)",
        ),
        ("tai-lieu.xls", b"%PDF-1.4\n%\xE2\xE3\n1 0 obj".to_vec(), "tài liệu PDF"),
        (
            "trang-web.xls",
            b"<html><head><meta charset=\"utf-8\"></head><body><table><tr><td>STT</td></tr></table></body></html>".to_vec(),
            "trang web (HTML)",
        ),
        (
            "xml-2003.xls",
            b"<?xml version=\"1.0\"?><?mso-application progid=\"Excel.Sheet\"?><Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\"/>".to_vec(),
            "bảng tính XML 2003",
        ),
        (
            "excel-4.xls",
            vec![0x09, 0x04, 0x06, 0x00, 0x00, 0x00, 0x10, 0x00, 0, 0],
            "Excel đời cũ",
        ),
        (
            "o-xa.xls",
            // One number at the sheet's last row and column: a 16-million-cell grid.
            edited_xls(|list| {
                let sheet_bof = list
                    .iter()
                    .enumerate()
                    .filter(|(_, (kind, _))| *kind == 0x0809)
                    .nth(1)
                    .map(|(i, _)| i)
                    .expect("a worksheet");
                let mut number = vec![0xFF, 0xFF, 0xFF, 0x00, 0x0F, 0x00];
                number.extend(42.0f64.to_le_bytes());
                list.insert(sheet_bof + 1, (0x0203, number));
            }),
            "quá nhiều ô",
        ),
        (
            "dong-lap.ods",
            zip_of(&[
                ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
                (
                    "content.xml",
                    b"<office:document-content><office:body><office:spreadsheet><table:table table:name=\"A\"><table:table-row table:number-rows-repeated=\"1000000\"><table:table-cell office:value-type=\"float\" office:value=\"1\" table:number-columns-repeated=\"50\"/></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>",
                ),
            ]),
            "quá nhiều ô",
        ),
        (
            "bom-khai-lon.xlsx",
            declare_size(workbook_parts(shared.as_bytes()), "xl/sharedStrings.xml", 3 << 30),
            "quá lớn",
        ),
        (
            "bom-khai-nho.xlsx",
            declare_size(
                with_shared_strings(|text| text + &" ".repeat(100_000)),
                "xl/sharedStrings.xml",
                100,
            ),
            "hỏng",
        ),
        (
            "dem-chuoi-gia.xlsx",
            with_shared_strings(|text| text.replacen("uniqueCount=\"", "uniqueCount=\"99999999999", 1)),
            "bảng chuỗi khai báo",
        ),
        (
            "thuc-the.xlsx",
            with_shared_strings(|_| billion_laughs.clone()),
            "",
        ),
        ("khong-tieu-de.xlsx", no_header, "không tìm thấy trang số liệu nào"),
        ("rac.csv", garbage, "không chứa chữ đọc được"),
    ]
}

#[test]
fn each_bad_file_costs_one_located_error_and_nothing_else() {
    let dir = tempfile::tempdir().expect("temp");
    let good_dir = dir.path().join("tot");
    let mixed_dir = dir.path().join("lan");
    std::fs::create_dir_all(&good_dir).expect("dir");
    std::fs::create_dir_all(&mixed_dir).expect("dir");
    write_good(&good_dir, &good_xlsx());
    // Among the good files, one declares a sheet of a million rows but holds
    // the same cells: it must count the same.
    let huge_dimension = rezip(&good_xlsx(), |name, data| {
        if name.starts_with("xl/worksheets/") {
            let text = String::from_utf8(data).expect("utf-8");
            let start = text.find("<dimension ref=\"").expect("dimension") + 16;
            let end = start + text[start..].find('"').expect("end");
            format!("{}A1:XFD1048576{}", &text[..start], &text[end..]).into_bytes()
        } else {
            data
        }
    });
    write_good(&mixed_dir, &huge_dimension);
    let bad = bad_files();
    for (name, bytes, _) in &bad {
        std::fs::write(mixed_dir.join(name), bytes).expect("write");
    }

    let good = Run::new().in_dir(dir.path()).build(["tot"]).run().code(0);
    let mixed = Run::new().in_dir(dir.path()).build(["lan"]).run().code(1);
    let (good_json, mixed_json) = (good.json(), mixed.json());
    for key in ["rows", "models", "projects", "funding"] {
        assert_eq!(good_json[key], mixed_json[key], "{key} moved");
    }

    let problems = mixed_json["problems"].as_array().expect("problems");
    for (name, _, message) in &bad {
        let file = format!("lan/{name}");
        let errors: Vec<&str> = problems
            .iter()
            .filter(|p| p["file"] == file.as_str() && p["severity"] == "error")
            .map(|p| p["message"].as_str().unwrap_or(""))
            .collect();
        assert_eq!(errors.len(), 1, "{name}: {errors:?}");
        // Messages start with a capital in the outputs.
        assert!(
            errors[0].to_lowercase().contains(&message.to_lowercase()),
            "{name}: {}",
            errors[0]
        );
    }
    // The report names the files left out.
    let md = mixed.markdown();
    assert!(
        md.contains(&format!("{} tệp không được tính", bad.len())),
        "{md}"
    );
    assert!(md.contains("lan/tai-lieu.xls"));
}

/// Audit: a workbook cut short was told "(chi tiết kỹ thuật: invalid Zip
/// archive: Could not find EOCD)", a library's English. Each broken file
/// is told in Vietnamese what it means for the clerk (cut short, or not
/// really a workbook) and what to do (Save As, or ask for the file again).
#[test]
fn a_broken_workbook_is_told_in_vietnamese_without_a_librarys_english() {
    let good = good_xlsx();
    let mut not_zip = b"PK\x03\x04".to_vec();
    not_zip.extend(std::iter::repeat_n(0x5Au8, 300));
    let files: [(&str, Vec<u8>, &str); 4] = [
        // Downloaded or copied half-way: no zip directory at the end.
        (
            "cat-cut.xlsx",
            good[..good.len() / 2].to_vec(),
            "bị cắt cụt",
        ),
        ("dau-zip.xlsx", not_zip, "bị cắt cụt"),
        // A zip whose workbook part is not XML: calamine cannot read it.
        (
            "ben-trong-hong.xlsx",
            zip_of(&[
                ("[Content_Types].xml", b"<Types/>"),
                ("xl/workbook.xml", b"<workbook><sheets><sheet name="),
                ("xl/_rels/workbook.xml.rels", b"<Relationships"),
            ]),
            "không thực sự là bảng tính",
        ),
        (
            "hong.xls",
            compound(&[("Workbook", &[0x09, 0x08, 0x10, 0x00, 0x00])]),
            "không thực sự là bảng tính",
        ),
    ];
    let dir = tempfile::tempdir().expect("temp");
    for (name, bytes, _) in &files {
        std::fs::write(dir.path().join(name), bytes).expect("write");
    }
    // A good file beside them, so the run has figures to write.
    std::fs::write(dir.path().join("tot.xlsx"), &good).expect("write");
    let outcome = Run::new().in_dir(dir.path()).build(["."]).run().code(1);
    let json = outcome.json();
    let problems = json["problems"].as_array().expect("problems");
    for (name, _, meaning) in &files {
        let told: Vec<&str> = problems
            .iter()
            .filter(|p| p["file"] == *name)
            .filter_map(|p| p["message"].as_str())
            .collect();
        assert_eq!(told.len(), 1, "{name}: {problems:?}");
        let told = told[0];
        for said in [*meaning, "Lưu thành (Save As)", "xin lại tệp"] {
            assert!(told.contains(said), "{name}: {said}: {told}");
        }
        for english in [
            "chi tiết kỹ thuật",
            "invalid",
            "Could not",
            "EOCD",
            "rror",
            "xpected",
        ] {
            assert!(!told.contains(english), "{name}: {english}: {told}");
        }
    }
}

#[test]
fn texts_no_output_can_carry_are_repaired_and_told() {
    let long_name = "Tổ hợp tác trồng keo".to_owned() + &" rất dài".repeat(5000);
    let edited = rezip(&good_xlsx(), |name, data| {
        if name == "xl/sharedStrings.xml" {
            String::from_utf8(data)
                .expect("utf-8")
                // Excel writes a control character as _x0001_.
                .replace(
                    "<t>Nuôi bò sinh sản luân chuyển</t>",
                    "<t>Nuôi bò sinh sản_x0001_ luân chuyển</t>",
                )
                .replace(
                    "<t>Tổ hợp tác trồng keo</t>",
                    &format!("<t>{long_name}</t>"),
                )
                .into_bytes()
        } else {
            data
        }
    });
    let dir = tempfile::tempdir().expect("temp");
    std::fs::write(dir.path().join("xa.xlsx"), edited).expect("write");
    let outcome = Run::new()
        .in_dir(dir.path())
        .build(["xa.xlsx"])
        .run()
        .code(0);
    let json = outcome.json();
    let good = Run::new()
        .build(["tests/fixtures/chuan"])
        .run()
        .code(0)
        .json();
    // The rows still count: nothing lost.
    assert_eq!(json["models"], good["models"]);
    let warning = json["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .find(|p| p["severity"] == "warning")
        .expect("a warning");
    let message = warning["message"].as_str().expect("message");
    assert!(
        message.contains("1 ô có ký tự điều khiển") && message.contains("1 ô dài quá 32.767 ký tự"),
        "{message}"
    );
    assert_eq!(warning["sheet"], "Mô hình");
    assert_eq!(warning["column"], "Tên mô hình");
    // No output carries the control character, and the Word file is valid XML text.
    for name in ["tong-hop.json", "bao-cao.md"] {
        let text = String::from_utf8(outcome.bytes(name)).expect("utf-8");
        assert!(!text.contains('\u{1}'), "{name}");
        assert!(text.contains("Nuôi bò sinh sản luân chuyển"), "{name}");
    }
}

/// Every part of a zip, as text.
fn zip_texts(bytes: &[u8]) -> Vec<(String, String)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    (0..archive.len())
        .filter_map(|i| {
            let mut entry = archive.by_index(i).expect("entry");
            let name = entry.name().expect("name").into_owned();
            let mut text = String::new();
            entry.read_to_string(&mut text).ok().map(|_| (name, text))
        })
        .collect()
}

#[test]
fn user_text_goes_out_as_text_never_as_formula_or_markup() {
    let dir = tempfile::tempdir().expect("temp");
    let hostile = [
        "=HYPERLINK(\"http://x\",\"bấm\")",
        "+1+1",
        "-2+3",
        "@SUM(A1)",
        "<b>đậm</b> & **sao** | ống",
    ];
    let mut models = String::from("STT;Tên mô hình;Xã;Lĩnh vực;Năm bắt đầu;Tình trạng;Tiêu biểu\n");
    let mut works = String::from(
        "STT;Tên công trình;Loại công trình;Số lượng;Đơn vị tính;Xã;Năm;Tổng kinh phí (triệu đồng)\n",
    );
    for (i, text) in hostile.iter().enumerate() {
        models.push_str(&format!(
            "{i};\"{}\";Long Sơn;Kinh tế;2020;Hiệu quả;x\n",
            text.replace('"', "\"\"")
        ));
        works.push_str(&format!(
            "{i};Việc {i};\"{}\";1;cái;Long Sơn;2020;10\n",
            text.replace('"', "\"\"")
        ));
    }
    std::fs::write(dir.path().join("mo-hinh.csv"), models).expect("write");
    std::fs::write(dir.path().join("cong-trinh.csv"), works).expect("write");
    let outcome = Run::new().in_dir(dir.path()).build(["."]).run().code(0);

    // The workbook: no formula anywhere, each text kept as a string.
    let parts = zip_texts(&outcome.bytes("tong-hop.xlsx"));
    for (name, xml) in &parts {
        assert!(!xml.contains("<f>"), "a formula in {name}");
    }
    let strings: String = parts
        .iter()
        .filter(|(name, _)| name.starts_with("xl/"))
        .map(|(_, xml)| xml.as_str())
        .collect();
    assert!(strings.contains("=HYPERLINK(\"http://x\",\"bấm\")"));
    assert!(strings.contains("@SUM(A1)"));

    // The report: Markdown marks escaped, so the text reads as written.
    let md = outcome.markdown();
    assert!(md.contains(r"\<b\>đậm\</b\> & \*\*sao\*\* \| ống"), "{md}");
    // The Word document is well-formed XML that shows the text as written.
    let docx = zip_texts(&outcome.bytes("bao-cao.docx"));
    for (name, xml) in docx.iter().filter(|(name, _)| name.ends_with(".xml")) {
        let mut reader = quick_xml::Reader::from_str(xml);
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("{name} is not well-formed: {e}"),
            }
        }
    }
    let document = &docx
        .iter()
        .find(|(n, _)| n == "word/document.xml")
        .expect("document")
        .1;
    assert!(document.contains("&lt;b&gt;đậm&lt;/b&gt; &amp; **sao** | ống"));
}
