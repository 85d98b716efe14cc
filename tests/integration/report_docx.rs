//! `bao-cao.docx`, read back: layout, facts, figures, and agreement with
//! `bao-cao.md`.

use crate::harness::Run;
use std::collections::HashMap;
use std::io::Read;

/// The XML parts of a .docx, by name.
pub(crate) fn parts(bytes: &[u8]) -> HashMap<String, String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut out = HashMap::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).expect("entry");
        let name = entry.name().expect("name").into_owned();
        let mut text = String::new();
        if entry.read_to_string(&mut text).is_ok() {
            out.insert(name, text);
        }
    }
    out
}

/// The document's visible text: every <w:t>, in order, paragraphs on lines;
/// a line break inside a paragraph reads as a space.
pub(crate) fn visible_text(xml: &str) -> String {
    let xml = xml.replace(r#"<w:br w:type="textWrapping" />"#, "<w:t> </w:t>");
    let mut out = String::new();
    for paragraph in xml.split("</w:p>") {
        for piece in paragraph.split("<w:t").skip(1) {
            let Some(start) = piece.find('>') else {
                continue;
            };
            let Some(end) = piece.find("</w:t>") else {
                continue;
            };
            out.push_str(&piece[start + 1..end]);
        }
        out.push('\n');
    }
    out.replace("&quot;", "\"")
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

#[test]
fn docx_has_the_party_layout_and_the_figures() {
    let outcome = Run::new().build(["sample-data"]).run().code(0);
    let docx = parts(&outcome.bytes("bao-cao.docx"));
    let document = &docx["word/document.xml"];
    // A4 portrait, margins 20/20/30/15 mm by default.
    assert!(
        document.contains(r#"<w:pgSz w:w="11906" w:h="16838""#),
        "A4"
    );
    // The wide appendix tables are on landscape A4 pages, in a section of their own.
    assert!(
        document.contains(r#"<w:pgSz w:w="16838" w:h="11906" w:orient="landscape""#),
        "landscape appendices"
    );
    assert!(
        document.contains(r#"w:top="1134""#) && document.contains(r#"w:left="1701""#),
        "margins"
    );
    // Page numbers from page 2: a different first page, a PAGE field in the header.
    assert!(document.contains("<w:titlePg"), "title page");
    assert!(
        docx.iter()
            .any(|(name, xml)| name.starts_with("word/header") && xml.contains("PAGE")),
        "page field"
    );
    // Word's own heading styles, so the navigation pane works.
    let styles = &docx["word/styles.xml"];
    assert!(styles.contains(r#"w:val="heading 1""#) && styles.contains("Times New Roman"));
    assert!(document.contains(r#"<w:pStyle w:val="Heading1" />"#));
    // Table header rows repeat on each page.
    assert!(document.contains("<w:tblHeader />"));

    // Places to fill stand out; the Party title has its rule (an underline).
    assert!(document.contains(
        r#"<w:highlight w:val="yellow" /></w:rPr><w:t xml:space="preserve">[TÊN CƠ QUAN BAN HÀNH]"#
    ));
    assert!(document.contains(
        r#"<w:u w:val="single" /></w:rPr><w:t xml:space="preserve">ĐẢNG CỘNG SẢN VIỆT NAM"#
    ));
    // Appendix titles and their "(Kèm theo …)" line are centred.
    for title in ["Phụ lục 1. ", "(Kèm theo Báo cáo số "] {
        let at = document.find(title).unwrap_or_else(|| panic!("{title}"));
        let start = document[..at].rfind("<w:p ").expect("its paragraph");
        assert!(
            document[start..at].contains(r#"<w:jc w:val="center" />"#),
            "{title} is centred"
        );
    }

    let text = visible_text(document);
    for expected in [
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "BÁO CÁO",
        "[TÊN CƠ QUAN BAN HÀNH]",
        "Nơi nhận:",
        "PHỤ LỤC",
    ] {
        assert!(text.contains(expected), "{expected:?} in the document");
    }
    let json = outcome.json();
    let total = json["models"]["total"].as_u64().expect("total");
    assert!(
        text.contains(&format!("là {total} mô hình")),
        "the models' total in the text"
    );
    assert!(
        text.contains("65.570,526"),
        "the funding total in Phụ lục 5"
    );
}

#[test]
fn the_clerks_facts_and_the_state_layout() {
    let dir = tempfile::tempdir().expect("temp");
    let config = dir.path().join("dvk.toml");
    std::fs::write(
        &config,
        r#"[document]
layout = "state"
superior_body = "Ủy ban nhân dân tỉnh Quảng Ngãi"
issuing_body = "Ủy ban nhân dân huyện Minh Long"
number = "12/BC-UBND"
place = "Minh Long"
date = "15/6/2022"
period_name = "sơ kết 5 năm"
directive = "Chỉ thị số 22-CT/TU ngày 3/4/2017 của Ban Thường vụ Tỉnh ủy"
signer_on_behalf = "TM. Ủy ban nhân dân"
signer_title = "Chủ tịch"
signer_name = "Đinh Văn A"
recipients = ["Ban Dân vận Tỉnh ủy", "Lưu: VT."]
margins_mm = { top = 25, bottom = 20, left = 35, right = 20 }
"#,
    )
    .expect("write");
    let outcome = Run::new()
        .build(["sample-data"])
        .args(["--config", &config.display().to_string()])
        .run()
        .code(0);
    let docx = parts(&outcome.bytes("bao-cao.docx"));
    let document = &docx["word/document.xml"];
    assert!(
        document.contains(r#"w:top="1417""#) && document.contains(r#"w:left="1984""#),
        "margins from the config"
    );
    let text = visible_text(document);
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        // Nghị định 30's two lines, as even as they can be.
        "ỦY BAN NHÂN DÂN\nHUYỆN MINH LONG",
        "Số: 12/BC-UBND",
        "Minh Long, ngày 15 tháng 6 năm 2022",
        "Sơ kết 5 năm thực hiện phong trào thi đua",
        "Căn cứ Chỉ thị số 22-CT/TU ngày 3/4/2017 của Ban Thường vụ Tỉnh ủy",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "Đinh Văn A",
        "- Ban Dân vận Tỉnh ủy",
    ] {
        assert!(text.contains(expected), "{expected:?} in the document");
    }
    assert!(!text.contains("ĐẢNG CỘNG SẢN VIỆT NAM"));
    // Under the subject a solid line (underlined spaces), not the Party
    // documents' "-----".
    assert!(!text.contains("-----"), "{text}");
    let line = format!("{}</w:t>", "\u{a0}".repeat(24));
    let at = document.find(&line).expect("the line under the subject");
    let run_start = document[..at].rfind("<w:r>").expect("its run");
    assert!(
        document[run_start..at].contains(r#"<w:u w:val="single"#),
        "underlined"
    );
    let md = outcome.markdown();
    assert!(md.contains("Số: 12/BC-UBND") && md.contains("Minh Long, ngày 15 tháng 6 năm 2022"));
}

#[test]
fn markdown_and_word_say_the_same_things() {
    let outcome = Run::new()
        .in_fixtures()
        .build(["loi"])
        .args(["--from", "2018", "--to", "2021"])
        .run()
        .code(1);
    let docx = parts(&outcome.bytes("bao-cao.docx"));
    let word = visible_text(&docx["word/document.xml"]).replace('\n', " ");
    let word: String = word.split_whitespace().collect::<Vec<_>>().join(" ");
    let md = outcome.markdown();
    let mut checked = 0;
    for line in md.lines() {
        let line = line.trim();
        let delimiter_row =
            line.starts_with('|') && line.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '));
        if line.is_empty() || line == "---" || delimiter_row {
            continue;
        }
        // Markdown's marks away: headings, emphasis, escapes, bullets, table bars.
        let plain: String = line
            .trim_start_matches('#')
            .trim_start_matches("> ")
            .trim_start_matches("- ")
            .replace("\\*", "\u{1}")
            .replace(['*'], "")
            .replace('\u{1}', "*")
            .replace('\\', "");
        for piece in plain.split('|').map(str::trim).filter(|p| !p.is_empty()) {
            let piece: String = piece.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(word.contains(&piece), "the Word document lacks {piece:?}");
            checked += 1;
        }
    }
    assert!(checked > 100, "checked {checked} pieces");
}

#[test]
fn the_clerks_prose_from_a_notes_file() {
    let dir = tempfile::tempdir().expect("temp");
    let notes = dir.path().join("ghi-chu.md");
    std::fs::write(
        &notes,
        "## Hạn chế, nguyên nhân\n\nMột số mô hình còn hình thức, thiếu duy trì.\n\n- Kinh phí hỗ trợ còn ít.\n\n## Kiến nghị, đề xuất\n\nĐề nghị Ban Dân vận Tỉnh ủy mở lớp tập huấn.\n",
    )
    .expect("write");
    let outcome = Run::new()
        .build(["sample-data"])
        .args(["--notes", &notes.display().to_string()])
        .run()
        .code(0);
    let md = outcome.markdown();
    let limits = md
        .find("## III. HẠN CHẾ, NGUYÊN NHÂN")
        .expect("section III");
    let lessons = md.find("## IV. BÀI HỌC KINH NGHIỆM").expect("section IV");
    let prose = md
        .find("Một số mô hình còn hình thức, thiếu duy trì.")
        .expect("the prose");
    assert!(
        limits < prose && prose < lessons,
        "the prose is in section III"
    );
    assert!(md.contains("- Kinh phí hỗ trợ còn ít."));
    assert!(md.contains("Đề nghị Ban Dân vận Tỉnh ủy mở lớp tập huấn."));
    // A section without notes keeps its place to fill.
    assert!(md[lessons..].contains("[Viết phần này: những bài học kinh nghiệm rút ra.]"));
    let word = visible_text(&parts(&outcome.bytes("bao-cao.docx"))["word/document.xml"]);
    assert!(word.contains("Một số mô hình còn hình thức, thiếu duy trì."));
    assert!(word.contains("Kinh phí hỗ trợ còn ít."));

    std::fs::write(&notes, "## Hạn chế\nA\n\n## Linh tinh\nB\n").expect("write");
    let outcome = Run::new()
        .build(["sample-data"])
        .args(["--notes", &notes.display().to_string()])
        .run()
        .code(2);
    assert!(
        outcome.stderr.contains("dòng 4") && outcome.stderr.contains("Linh tinh"),
        "{}",
        outcome.stderr
    );
}

#[test]
fn comparison_with_an_earlier_period() {
    let dir = tempfile::tempdir().expect("temp");
    let earlier = dir.path().join("tong-hop-truoc.json");
    let compare_with = |summary: &str, code: i32| {
        std::fs::write(&earlier, summary).expect("write");
        Run::new()
            .build(["sample-data"])
            .args(["--compare", &earlier.display().to_string()])
            .run()
            .code(code)
    };
    let earlier_summary = |from: i32, to: i32| {
        // 250 models, 100 effective, 50 tỷ: the sample has 301, 173 and 65,57 tỷ.
        format!(
            r#"{{"schema":"dvk.summary/1","period":{{"from":{from},"to":{to}}},"models":{{"total":250,"effective":100}},"funding":{{"total":50000000000}}}}"#
        )
    };

    let md = compare_with(&earlier_summary(2012, 2016), 0).markdown();
    // 301/250 = +20,4%; 173/100 = +73%; 65.570.526.000/50.000.000.000 = +31,1%.
    let sentence = "So với giai đoạn 2012 – 2016, số mô hình tăng 20,4% (từ 250 lên 301 mô hình), \
        số mô hình hiệu quả tăng 73% (từ 100 lên 173 mô hình); tổng kinh phí thực hiện các công trình, \
        phần việc và huy động nguồn lực tăng 31,1% (từ 50 tỷ đồng lên trên 65,5 tỷ đồng).";
    assert!(md.contains(sentence), "{md}");
    // Regression: it closed "5. Khen thưởng"; it compares results, so it
    // closes the results it compares (models and money), its own paragraph.
    let at = md.find(sentence).expect("the comparison");
    let funding = md.find("### 3. Huy động nguồn lực").expect("section 3");
    let next = md[funding..]
        .find("\n### 4.")
        .map(|i| funding + i)
        .expect("section 4");
    assert!(funding < at && at < next, "{md}");
    assert!(md[..at].ends_with("\n\n") && md[at + sentence.len()..].starts_with("\n\n"));

    // A period that overlaps this one is not an earlier period.
    let stderr = compare_with(&earlier_summary(2015, 2019), 2).stderr;
    assert!(
        stderr.contains("kỳ so sánh 2015 – 2019 trùng với kỳ báo cáo 2017 – 2022"),
        "{stderr}"
    );

    let stderr = compare_with("{}", 2).stderr;
    assert!(stderr.contains("dvk.summary/1"), "{stderr}");
}

#[test]
fn word_text_snapshots_in_both_layouts() {
    let party = Run::new().build(["sample-data"]).run().code(0);
    let text = visible_text(&parts(&party.bytes("bao-cao.docx"))["word/document.xml"]);
    insta::assert_snapshot!("bao-cao-docx-party", text);

    let dir = tempfile::tempdir().expect("temp");
    let config = dir.path().join("dvk.toml");
    std::fs::write(&config, "[document]\nlayout = \"state\"\nissuing_body = \"Ủy ban nhân dân huyện Minh Long\"\nnumber = \"12/BC-UBND\"\n").expect("write");
    let state = Run::new()
        .build(["sample-data"])
        .args(["--config", &config.display().to_string()])
        .run()
        .code(0);
    let text = visible_text(&parts(&state.bytes("bao-cao.docx"))["word/document.xml"]);
    insta::assert_snapshot!("bao-cao-docx-state", text);
    // The Markdown has the layout's marks too: "*" under the body in the
    // Party's, none in the State's.
    assert!(party
        .markdown()
        .starts_with("**\\[TÊN CƠ QUAN BAN HÀNH\\]**  \n\\*  \n"));
    assert!(state
        .markdown()
        .starts_with("**ỦY BAN NHÂN DÂN HUYỆN MINH LONG**  \nSố: 12/BC-UBND\n"));
}

/// The cached text of every `<c:v>` inside `section` of a chart part, in
/// order, for each occurrence of `section` (one per series).
fn chart_values(xml: &str, section: &str) -> Vec<Vec<String>> {
    let open = format!("<c:{section}>");
    let close = format!("</c:{section}>");
    xml.split(&open)
        .skip(1)
        .map(|rest| {
            let body = rest.split(&close).next().unwrap_or("");
            body.split("<c:v>")
                .skip(1)
                .map(|v| v.split("</c:v>").next().unwrap_or("").to_owned())
                .collect()
        })
        .collect()
}

#[test]
fn native_charts_carry_the_summary_figures() {
    let outcome = Run::new().build(["sample-data"]).run().code(0);
    let bytes = outcome.bytes("bao-cao.docx");
    let docx = parts(&bytes);
    let document = &docx["word/document.xml"];
    let json = outcome.json();
    let models = &json["models"];

    // Each chart: a part, its content type, a relationship, and a drawing
    // right under its caption.
    for n in 1..=3 {
        let chart = format!("word/charts/chart{n}.xml");
        assert!(docx.contains_key(&chart), "{chart}");
        assert!(docx["[Content_Types].xml"].contains(&format!("/word/charts/chart{n}.xml")));
        assert!(docx["word/_rels/document.xml.rels"]
            .contains(&format!("Target=\"charts/chart{n}.xml\"")));
        let caption = format!("Biểu đồ {n}. ");
        let at = document
            .find(&caption)
            .unwrap_or_else(|| panic!("{caption}"));
        let drawing = document[at..].find(&format!("r:id=\"rIdDvkChart{n}\""));
        let next_paragraph = document[at..].find("</w:p>").unwrap_or(0);
        assert!(
            drawing.is_some_and(|d| d > next_paragraph),
            "chart {n} under its caption"
        );
    }
    assert!(!document.contains("dvk-chart-"), "no marker is left");

    // Chart 1: the fields with their registered and effective counts.
    let xml = &docx["word/charts/chart1.xml"];
    let fields: Vec<String> = models["by_field"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|f| f["field"].as_str().expect("name").to_owned())
        .collect();
    assert_eq!(chart_values(xml, "cat")[0], fields);
    let counts = |key: &str, list: &str| -> Vec<String> {
        models[list]
            .as_array()
            .expect("rows")
            .iter()
            .map(|f| f[key].to_string())
            .collect()
    };
    let values = chart_values(xml, "val");
    assert_eq!(
        values,
        [counts("total", "by_field"), counts("effective", "by_field")]
    );

    // Chart 2: money by year adds up to the state budget and the mobilised
    // money of the whole period (in triệu đồng).
    let values = chart_values(&docx["word/charts/chart2.xml"], "val");
    let sum = |series: &[String]| -> f64 {
        series
            .iter()
            .map(|v| v.parse::<f64>().expect("number"))
            .sum()
    };
    let million = |key: &str| json["funding"][key].as_f64().expect("money") / 1e6;
    assert!((sum(&values[0]) - million("state_budget")).abs() < 1e-6);
    assert!((sum(&values[1]) - million("mobilized")).abs() < 1e-6);

    // Chart 3: every locality of Phụ lục 2 (six: fewer than the cut).
    let xml = &docx["word/charts/chart3.xml"];
    let localities: Vec<String> = models["by_locality"]
        .as_array()
        .expect("localities")
        .iter()
        .map(|l| l["locality"].as_str().expect("name").to_owned())
        .collect();
    assert_eq!(chart_values(xml, "cat")[0], localities);
    assert_eq!(chart_values(xml, "val")[0], counts("total", "by_locality"));

    // The workbook behind chart 1 holds the same figures (Word's "Edit Data").
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut embedded = Vec::new();
    archive
        .by_name("word/embeddings/Microsoft_Excel_Worksheet1.xlsx")
        .expect("workbook")
        .read_to_end(&mut embedded)
        .expect("read");
    let mut workbook: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(embedded)).expect("xlsx");
    let range = calamine::Reader::worksheet_range(&mut workbook, "Sheet1").expect("sheet");
    let first_field = range.get_value((1, 0)).map(ToString::to_string);
    assert_eq!(first_field.as_deref(), Some(fields[0].as_str()));
    let registered = range.get_value((1, 1)).map(ToString::to_string);
    assert_eq!(registered, Some(models["by_field"][0]["total"].to_string()));
}

#[test]
fn the_problems_appendix_keeps_its_short_columns_and_its_introduction() {
    let outcome = Run::new().build(["tests/fixtures/loi"]).run().code(1);
    let docx = parts(&outcome.bytes("bao-cao.docx"));
    let document = &docx["word/document.xml"];
    let title = document
        .find("Lỗi và cảnh báo trong các tệp báo cáo")
        .expect("appendix");
    let after = &document[title..];
    // The sentence that introduces the table stays on the table's page.
    let intro_start = after.find("<w:p ").expect("intro paragraph");
    let table = after.find("<w:tbl>").expect("table");
    assert!(
        after[intro_start..table].contains("<w:keepNext />"),
        "keep with the table"
    );
    assert!(after[intro_start..table].contains("tệp hoặc dòng đó không được tính"));
    // Long messages squeeze the wide columns, not "STT" (which must not
    // wrap to "ST/T"): its column keeps room for it, 1,2 cm or more.
    let grid = &after[table..];
    let first = grid
        .split("<w:gridCol w:w=\"")
        .nth(1)
        .and_then(|w| w.split('"').next())
        .and_then(|w| w.parse::<u32>().ok())
        .expect("grid column");
    assert!(first >= 700, "STT column {first} twips");
}

/// The "Nơi nhận" lines of a text: those after "Nơi nhận:" that start with "- ".
fn recipient_lines(text: &str) -> Vec<String> {
    text.lines()
        .skip_while(|l| !l.contains("Nơi nhận:"))
        .skip(1)
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take_while(|l| l.starts_with("- "))
        .map(|l| l.replace('\\', ""))
        .collect()
}

#[test]
fn markdown_and_word_list_the_same_recipients() {
    // Regression: bao-cao.md had "- [Cơ quan cấp trên]" where the Word
    // document had "- [Cơ quan cấp trên],".
    let party = Run::new().build(["sample-data"]).run().code(0);
    let word = visible_text(&parts(&party.bytes("bao-cao.docx"))["word/document.xml"]);
    // Hướng dẫn 36: a comma after each recipient, a stop after the last.
    let expected = ["- [Cơ quan cấp trên],", "- Lưu."];
    assert_eq!(recipient_lines(&party.markdown()), expected);
    assert_eq!(recipient_lines(&word), expected);

    let dir = tempfile::tempdir().expect("temp");
    let config = dir.path().join("dvk.toml");
    std::fs::write(
        &config,
        "[document]\nlayout = \"state\"\nrecipients = [\"Như trên\", \"Ban Dân vận Tỉnh ủy,\", \"Lưu: VT, BDV.\"]\n",
    )
    .expect("write");
    let state = Run::new()
        .build(["sample-data"])
        .args(["--config", &config.display().to_string()])
        .run()
        .code(0);
    let word = visible_text(&parts(&state.bytes("bao-cao.docx"))["word/document.xml"]);
    // Nghị định 30: a semicolon after each recipient, "Lưu: VT, …" last.
    let expected = ["- Như trên;", "- Ban Dân vận Tỉnh ủy;", "- Lưu: VT, BDV."];
    assert_eq!(recipient_lines(&state.markdown()), expected);
    assert_eq!(recipient_lines(&word), expected);
}

#[test]
fn the_works_appendix_shows_money_of_no_known_source() {
    let dir = crate::harness::unsplit_money_inputs();
    let outcome = Run::new()
        .build([dir.path().display().to_string()])
        .run()
        .code(0);
    let docx = parts(&outcome.bytes("bao-cao.docx"));
    let document = &docx["word/document.xml"];
    let text = visible_text(document);
    // The heading, its unit on a line of its own.
    assert!(text.contains("Chưa rõ nguồn (triệu đồng)"));
    assert!(document
        .contains(r#"<w:br w:type="textWrapping" /><w:t xml:space="preserve">(triệu đồng)"#));
    let rows: Vec<&str> = text.lines().collect();
    let well = rows
        .iter()
        .position(|l| *l == "Giếng nước sạch")
        .expect("the well's row");
    assert_eq!(
        rows[well + 1..well + 8],
        ["cái", "1", "3", "1.500", "-", "-", "1.500"]
    );
    assert!(text.contains("Cột “Chưa rõ nguồn”: phần kinh phí mà đơn vị không chia theo nguồn"));
    // Money by year stacks it on top, so that each bar is the year's total.
    let chart = docx
        .iter()
        .find(|(name, xml)| name.starts_with("word/charts/") && xml.contains("Vận động xã hội hóa"))
        .map(|(_, xml)| xml)
        .expect("the money chart");
    assert_eq!(
        chart_values(chart, "val"),
        [["700", "400"], ["300", "290"], ["1700", "10"]]
    );
}

#[test]
fn the_money_chart_stands_the_total_beside_its_sources_when_a_year_overstates_them() {
    // Regression: 2022's sources (360 + 230) exceed its total (500), and the
    // stacked bar of the two stood 590 tall, above the year's total.
    let dir = crate::harness::negative_gap_year_inputs();
    let outcome = Run::new()
        .build([dir.path().display().to_string()])
        .run()
        .code(0);
    let docx = parts(&outcome.bytes("bao-cao.docx"));
    let chart = docx
        .iter()
        .find(|(name, xml)| name.starts_with("word/charts/") && xml.contains("Vận động xã hội hóa"))
        .map(|(_, xml)| xml)
        .expect("the money chart");
    assert!(chart.contains("<c:grouping val=\"clustered\" />"));
    assert!(chart.contains("<c:v>Tổng kinh phí</c:v>"));
    assert!(!chart.contains("<c:v>Chưa rõ nguồn</c:v>"));
    assert_eq!(
        chart_values(chart, "val"),
        [
            ["2500", "500", "800"],
            ["700", "360", "300"],
            ["300", "230", "300"]
        ]
    );
    // The caption says what the bars are.
    assert!(outcome
        .markdown()
        .contains("theo năm: tổng số và từng nguồn (triệu đồng)**"));
}

#[test]
fn the_report_names_files_as_the_clerk_knows_them() {
    // Regression: inputs given by absolute path (as a folder dropped on
    // dvk.exe gives them) printed "/home/…" or "C:\Users\…" in the report's
    // "Lưu ý" and its list of problems.
    let machine = tempfile::tempdir().expect("temp");
    let folder = machine.path().join("Bao cao cac xa");
    std::fs::create_dir(&folder).expect("folder");
    let sample = crate::harness::root().join("sample-data");
    std::fs::copy(
        sample.join("xa-long-son.xlsx"),
        folder.join("xa-long-son.xlsx"),
    )
    .expect("copy");
    std::fs::copy(
        sample.join("xa-long-son.xlsx"),
        folder.join("xa-long-son (1).xlsx"),
    )
    .expect("copy");
    std::fs::write(folder.join("hong.xlsx"), "not a workbook").expect("write");
    let elsewhere = machine.path().join("Tai ve");
    std::fs::create_dir(&elsewhere).expect("folder");
    std::fs::write(elsewhere.join("loi.xlsx"), "").expect("write");
    let outcome = Run::new()
        .build([
            folder.display().to_string(),
            elsewhere.join("loi.xlsx").display().to_string(),
        ])
        .run()
        .code(1);
    let above = machine.path().display().to_string().replace('\\', "/");
    let md = outcome.markdown();
    let docx = parts(&outcome.bytes("bao-cao.docx"));
    let word = visible_text(&docx["word/document.xml"]);
    for (name, text) in [("bao-cao.md", &md), ("bao-cao.docx", &word)] {
        assert!(
            !text.contains(&above),
            "{name} names a machine path:\n{text}"
        );
        let note = text
            .lines()
            .find(|l| l.contains("Lưu ý: số liệu chưa đầy đủ"))
            .unwrap_or_else(|| panic!("{name}: the note"));
        assert!(note.contains("Bao cao cac xa/hong.xlsx"), "{note}");
        assert!(note.contains("loi.xlsx"), "{note}");
        // The copy's warning names the file kept the same way.
        assert!(
            text.contains("giống hệt tệp Bao cao cac xa/xa-long-son.xlsx"),
            "{name}:\n{text}"
        );
    }
    assert!(md.contains("| Bao cao cac xa/hong.xlsx |"), "{md}");
    // tong-hop.json keeps the paths as shown on this machine.
    let json = outcome.json();
    let files: Vec<&str> = json["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| f["file"].as_str().expect("path"))
        .collect();
    assert!(files.iter().all(|f| f.starts_with(&above)), "{files:?}");
}

#[test]
fn the_report_model_charts_list_their_series_alike() {
    // Regression: Biểu đồ 1 (columns) and Biểu đồ 3 (bars) listed "Đăng ký"
    // and "Hiệu quả" in opposite orders in LibreOffice; then, both
    // horizontal bars, both in reverse there. Vertical bars list them in
    // the table's column order in Word, Excel and LibreOffice.
    let outcome = Run::new().build(["sample-data"]).run().code(0);
    let docx = parts(&outcome.bytes("bao-cao.docx"));
    let fields = crate::harness::legend_layout(&docx["word/charts/chart1.xml"]);
    let places = crate::harness::legend_layout(&docx["word/charts/chart3.xml"]);
    assert_eq!(fields, places);
    assert_eq!((fields.0.as_str(), fields.1.as_str()), ("col", "minMax"));
    assert_eq!(fields.3, ["Đăng ký", "Hiệu quả"]);
}

/// A bordered table of a .docx, read back: its columns' widths (twips) and
/// its rows of cells; a cell is its lines (split at line breaks), its type
/// size (points), whether it is bold and whether it is right-aligned.
struct WordTable {
    grid: Vec<f64>,
    rows: Vec<Vec<WordCell>>,
    xml: String,
}

struct WordCell {
    lines: Vec<String>,
    points: f64,
    bold: bool,
    right: bool,
}

/// The bordered tables of `document` (those with a repeated header row).
fn word_tables(document: &str) -> Vec<WordTable> {
    document
        .split("<w:tbl>")
        .skip(1)
        .filter_map(|rest| {
            let xml = &rest[..rest.find("</w:tbl>")?];
            if !xml.contains("<w:tblHeader />") {
                return None;
            }
            let grid = xml
                .split("<w:gridCol w:w=\"")
                .skip(1)
                .filter_map(|w| w.split('"').next()?.parse().ok())
                .collect();
            let rows = xml
                .split("<w:tr>")
                .skip(1)
                .map(|row| row.split("<w:tc>").skip(1).map(word_cell).collect())
                .collect();
            Some(WordTable {
                grid,
                rows,
                xml: xml.to_owned(),
            })
        })
        .collect()
}

fn word_cell(xml: &str) -> WordCell {
    let text = visible_text(&xml.replace(r#"<w:br w:type="textWrapping" />"#, "</w:p><w:p>"));
    let points = xml
        .split("<w:sz w:val=\"")
        .nth(1)
        .and_then(|s| s.split('"').next()?.parse::<f64>().ok())
        .map_or(12.0, |half| half / 2.0);
    WordCell {
        lines: text
            .lines()
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect(),
        points,
        bold: xml.contains("<w:b />"),
        right: xml.contains(r#"<w:jc w:val="right" />"#),
    }
}

/// Twips a line of text needs in a table cell: its width in Times New Roman
/// and the cell's padding (108 twips each side).
fn needed_twips(line: &str, points: f64, bold: bool) -> f64 {
    dvk::render::text_width::width_pt(line, points, bold) * 20.0 + 216.0
}

#[test]
fn appendix_headings_and_figures_fit_their_columns() {
    // Regression: narrow columns wrapped their headings a few letters at a
    // time ("Số / công / trình", "Ngân sách nhà / nước / (triệu đồng)"),
    // then still in three lines ("Vận động / xã hội hóa / (triệu đồng)").
    // Now each heading line fits its column, a heading wraps at most once
    // (its words on one line over its unit, or two lines of words), and
    // every figure fits on one line.
    let money = crate::harness::unsplit_money_inputs();
    let inputs = [
        "sample-data".to_owned(),
        "tests/fixtures/loi".to_owned(),
        money.path().display().to_string(),
    ];
    for input in inputs {
        let outcome = Run::new().build([input.as_str()]).run();
        let docx = parts(&outcome.bytes("bao-cao.docx"));
        let tables = word_tables(&docx["word/document.xml"]);
        assert!(tables.len() >= 5, "{input}: the appendix tables");
        for table in &tables {
            let heading = &table.rows[0];
            let names: Vec<String> = heading.iter().map(|c| c.lines.join(" ")).collect();
            assert_eq!(table.grid.len(), heading.len(), "{input}: {names:?}");
            for (cell, width) in heading.iter().zip(&table.grid) {
                assert!(cell.lines.len() <= 2, "{input}: {:?}", cell.lines);
                for line in &cell.lines {
                    let needed = needed_twips(line, cell.points, true);
                    assert!(
                        needed <= *width,
                        "{input}: heading line {line:?} needs {needed:.0} twips, has {width} ({names:?})"
                    );
                }
            }
            for row in &table.rows[1..] {
                for (cell, width) in row.iter().zip(&table.grid) {
                    if !cell.right {
                        continue;
                    }
                    let figure = cell.lines.join("");
                    let needed = needed_twips(&figure, cell.points, cell.bold);
                    assert!(needed <= *width, "{input}: {figure:?} in {width} twips");
                }
            }
        }
    }
}

#[test]
fn table_rows_keep_whole_and_only_the_heading_row_repeats() {
    // Regression: a long message's row broke across two pages.
    let outcome = Run::new().build(["tests/fixtures/loi"]).run().code(1);
    let docx = parts(&outcome.bytes("bao-cao.docx"));
    for table in word_tables(&docx["word/document.xml"]) {
        let rows: Vec<&str> = table.xml.split("<w:tr>").skip(1).collect();
        assert!(rows[0].contains("<w:tblHeader />"));
        for row in &rows {
            assert!(row.contains("<w:cantSplit />"), "a row may not split");
        }
        for row in &rows[1..] {
            assert!(!row.contains("<w:tblHeader />"), "only the heading repeats");
        }
        // Word and LibreOffice keep the widths given.
        assert!(table.xml.contains(r#"<w:tblLayout w:type="fixed" />"#));
    }
}

#[test]
fn a_note_under_a_table_stays_on_the_tables_page() {
    // Regression: "Lượt cơ quan, đơn vị tham gia: …" under Phụ lục 5 was
    // printed alone at the top of the next page.
    let outcome = Run::new().build(["sample-data"]).run().code(0);
    let docx = parts(&outcome.bytes("bao-cao.docx"));
    let document = &docx["word/document.xml"];
    let note = document
        .find("Lượt cơ quan, đơn vị tham gia:")
        .expect("the note");
    let table_end = document[..note].rfind("</w:tbl>").expect("the table");
    let last_row = document[..table_end].rfind("<w:tr>").expect("its last row");
    assert!(
        document[last_row..table_end].contains("<w:keepNext />"),
        "the last row keeps with what follows"
    );
    let note_start = document[..note]
        .rfind("<w:p ")
        .expect("the note's paragraph");
    let between = &document[table_end..note_start];
    assert_eq!(
        between.matches("<w:p ").count(),
        between.matches("<w:keepNext />").count(),
        "every paragraph between the table and its note keeps with the next"
    );
}

#[test]
fn the_problems_appendix_gives_the_message_most_of_the_width() {
    // Regression: "Vị trí" took as much room as "Nội dung", so messages
    // wrapped to six or seven lines beside a place on two.
    let outcome = Run::new().build(["tests/fixtures/loi"]).run().code(1);
    let docx = parts(&outcome.bytes("bao-cao.docx"));
    let table = word_tables(&docx["word/document.xml"])
        .into_iter()
        .find(|t| {
            t.rows[0]
                .last()
                .is_some_and(|c| c.lines.concat() == "Nội dung")
        })
        .expect("the problems' table");
    let heading: Vec<String> = table.rows[0].iter().map(|c| c.lines.concat()).collect();
    assert_eq!(heading, ["STT", "Tệp", "Vị trí", "Mức độ", "Nội dung"]);
    let [_, file, place, _, message] = table.grid[..] else {
        panic!("five columns: {:?}", table.grid)
    };
    let width: f64 = table.grid.iter().sum();
    assert!(message > 0.4 * width, "{:?}", table.grid);
    assert!(
        message > 1.5 * place && message > 1.5 * file,
        "{:?}",
        table.grid
    );
}

#[test]
fn document_properties_name_the_issuing_body_and_a_date_of_the_report() {
    // Regression: the file's properties said author "unknown", created
    // 1/1/2000.
    let plain = Run::new().build(["sample-data"]).run().code(0);
    let core = &parts(&plain.bytes("bao-cao.docx"))["docProps/core.xml"];
    assert!(core.contains("<dc:creator>dvk</dc:creator>"), "{core}");
    // No signing date: the period's last day.
    assert!(
        core.contains(">2022-12-31T00:00:00Z</dcterms:created>"),
        "{core}"
    );

    let dir = tempfile::tempdir().expect("temp");
    let config = dir.path().join("dvk.toml");
    std::fs::write(
        &config,
        "[document]\nissuing_body = \"Ban Dân vận & Huyện ủy\"\ndate = \"05/6/2022\"\n",
    )
    .expect("write");
    let run = || {
        Run::new()
            .build(["sample-data"])
            .args(["--config", &config.display().to_string()])
            .run()
            .code(0)
    };
    let signed = run();
    let core = &parts(&signed.bytes("bao-cao.docx"))["docProps/core.xml"];
    assert!(
        core.contains("<dc:creator>Ban Dân vận &amp; Huyện ủy</dc:creator>"),
        "{core}"
    );
    assert!(
        core.contains(">2022-06-05T00:00:00Z</dcterms:created>"),
        "{core}"
    );
    // Never the clock: the same input gives the same bytes.
    assert_eq!(signed.bytes("bao-cao.docx"), run().bytes("bao-cao.docx"));
    assert_eq!(signed.bytes("tong-hop.xlsx"), run().bytes("tong-hop.xlsx"));
}

/// From a walkthrough: a clerk's "+" sub-points under a "-" point became
/// "-" in Word while the .md kept them; both keep the clerk's marks.
#[test]
fn a_clerks_plus_sub_points_stay_plus_in_word() {
    let dir = tempfile::tempdir().expect("temp");
    let notes = dir.path().join("ghi-chu.md");
    std::fs::write(
        &notes,
        "## Hạn chế, nguyên nhân\n- Một số nơi còn hình thức\n+ Đăng ký mô hình chưa sát thực tế\n+ Thiếu kinh phí\n",
    )
    .expect("write");
    let outcome = Run::new()
        .build(["sample-data"])
        .args(["--ghi-chu", &notes.display().to_string()])
        .run()
        .code(0);
    let word = visible_text(&parts(&outcome.bytes("bao-cao.docx"))["word/document.xml"]);
    for item in [
        "- Một số nơi còn hình thức\n",
        "+ Đăng ký mô hình chưa sát thực tế\n",
        "+ Thiếu kinh phí",
    ] {
        assert!(word.contains(item), "{item:?} in {word}");
        assert!(outcome.markdown().contains(item), "{item:?} in the .md");
    }
}
