//! What a clerk reads when something is off: a config value that cannot be
//! used (the signing date above all), a command to copy, an output folder
//! that cannot be made, and help that says what dvk does.

use crate::harness::{problems_saying, Run};
use calamine::{open_workbook, Reader, Xlsx};
use std::path::Path;

/// One model row of 2021, and one row with no year (an error, exit 1).
const MODELS: &str = "STT;Tên mô hình;Đơn vị thực hiện;Tỉnh;Huyện;Xã;Thôn/Ấp;Lĩnh vực;Năm bắt đầu;Tình trạng;Cấp công nhận;Tiêu biểu;Kinh phí (triệu đồng);Ghi chú\n\
    1;Hũ gạo tình thương;Hội Phụ nữ xã;Quảng Ngãi;Minh Long;Long Sơn;Gò Chè;Văn hóa - xã hội;2021;Hiệu quả;Huyện;x;12;\n";
const MODEL_WITHOUT_YEAR: &str =
    "2;Dân vận khéo;Đoàn xã;Quảng Ngãi;Minh Long;Long Sơn;Gò Chè;Kinh tế;;Hiệu quả;Xã;;5;\n";

/// A folder holding `mo-hinh.csv`, with an error row when `with_error`.
fn models_in(dir: &Path, with_error: bool) {
    std::fs::create_dir_all(dir).expect("mkdir");
    let mut text = MODELS.to_owned();
    if with_error {
        text.push_str(MODEL_WITHOUT_YEAR);
    }
    std::fs::write(dir.join("mo-hinh.csv"), text).expect("write models");
}

/// `build` on one small CSV with `config` as the config file's text.
fn build_with_config(config: &str) -> crate::harness::Outcome {
    let dir = tempfile::tempdir().expect("temp");
    models_in(dir.path(), false);
    std::fs::write(dir.path().join("dvk.toml"), config).expect("write config");
    let outcome = Run::new()
        .in_dir(dir.path())
        .build(["mo-hinh.csv"])
        .args(["--config", "dvk.toml"])
        .run();
    drop(dir);
    outcome
}

/// The English words toml and serde use, never to reach a clerk.
fn assert_no_english(text: &str) {
    for english in [
        "invalid type",
        "invalid value",
        "expected",
        "missing field",
        "unknown variant",
        "key with no value",
        "u32",
        "boolean",
    ] {
        assert!(!text.contains(english), "English {english:?} in: {text}");
    }
}

#[test]
fn a_signing_date_that_is_no_real_date_is_refused_naming_the_key() {
    for (date, why) in [
        ("32/13/2022", "không có tháng 13"),
        ("31/6/2022", "tháng 6 chỉ có 30 ngày"),
        ("29/2/2023", "tháng 2 năm 2023 chỉ có 28 ngày"),
        ("5/6/22", "năm phải ghi đủ bốn chữ số"),
        ("6/2022", "thiếu ngày ký"),
        ("ngày ngày 5 tháng 6 năm 2022", "không đọc được"),
    ] {
        let outcome = build_with_config(&format!("[document]\ndate = \"{date}\"\n")).code(2);
        let said = &outcome.stderr;
        assert!(said.contains("dòng 2"), "{date}: {said}");
        assert!(
            said.contains(&format!("date = \"{date}\"")),
            "{date}: {said}"
        );
        assert!(said.contains(why), "{date}: {said}");
        assert!(
            said.contains("ví dụ: date = \"15/6/2022\""),
            "{date}: {said}"
        );
        assert_no_english(said);
        assert!(
            !outcome.out.join("bao-cao.md").exists(),
            "{date}: no report with a wrong date"
        );
    }
}

#[test]
fn every_form_of_a_signing_date_reads_the_same_in_header_and_appendix() {
    for date in [
        "\"5/6/2022\"",
        "\"05/06/2022\"",
        "\"05-06-2022\"",
        "\"ngày 5 tháng 6 năm 2022\"",
        "\"2022-06-05\"",
        // A TOML date, without quotes.
        "2022-06-05",
    ] {
        let outcome = build_with_config(&format!(
            "[document]\nplace = \"Minh Long\"\nnumber = \"12-BC/BDVHU\"\ndate = {date}\n"
        ))
        .code(0);
        let report = outcome.markdown();
        assert!(
            report.contains("*Minh Long, ngày 05 tháng 6 năm 2022*"),
            "{date}: {report}"
        );
        assert!(
            report.contains("Báo cáo số 12-BC/BDVHU ngày 05/6/2022 của"),
            "{date}: {report}"
        );
        assert!(!report.contains("ngày ngày"), "{date}");
    }
    // January and February take a 0 in both places (Nghị định 30).
    let report = build_with_config("[document]\ndate = \"5/1/2022\"\n")
        .code(0)
        .markdown();
    assert!(report.contains("ngày 05 tháng 01 năm 2022"), "{report}");
    assert!(report.contains("ngày 05/01/2022 của"), "{report}");
}

#[test]
fn config_errors_are_vietnamese_name_the_key_and_line_and_say_the_fix() {
    for (config, said) in [
        (
            "[document]\nfont_size = \"14\"\n",
            "dòng 2 (font_size = \"14\"): font_size phải là một số nguyên dương, không phải chữ \"14\"; hãy bỏ dấu ngoặc kép: font_size = 14",
        ),
        (
            "[report]\npad_small_counts = \"co\"\n",
            "pad_small_counts phải là true hoặc false",
        ),
        (
            "[document]\nmargins_mm = { top = 20 }\n",
            "margins_mm thiếu bottom: hãy ghi đủ; ví dụ: margins_mm = { top = 20, bottom = 20, left = 30, right = 15 }",
        ),
        (
            "[document]\nlayout = \"dang\"\n",
            "layout phải là \"party\" (văn bản của Đảng, Hướng dẫn 36) hoặc \"state\" (văn bản của Nhà nước, Nghị định 30), không phải \"dang\"",
        ),
        (
            "[document]\nsigner_name = Nguyễn Văn A\n",
            "hãy sửa thành: signer_name = \"Nguyễn Văn A\"",
        ),
        (
            "[documnet]\nnumber = \"1\"\n",
            "dòng 1 ([documnet]): mục [documnet] không có trong cấu hình của dvk (kiểm tra chính tả; có phải là \"document\"?)",
        ),
    ] {
        let outcome = build_with_config(config).code(2);
        assert!(outcome.stderr.contains(said), "{config}\n{}", outcome.stderr);
        assert!(
            outcome.stderr.contains("tệp cấu hình dvk.toml"),
            "{}",
            outcome.stderr
        );
        assert_no_english(&outcome.stderr);
    }
}

#[test]
fn a_notes_file_given_as_the_config_is_named_for_what_it_is() {
    let dir = tempfile::tempdir().expect("temp");
    models_in(dir.path(), false);
    std::fs::write(
        dir.path().join("ghi-chu.md"),
        "## Hạn chế, nguyên nhân\n\nViệc nhân rộng mô hình còn chậm.\n",
    )
    .expect("write notes");
    let outcome = Run::new()
        .in_dir(dir.path())
        .build(["mo-hinh.csv"])
        .args(["--config", "ghi-chu.md"])
        .run()
        .code(2);
    assert!(
        outcome
            .stderr
            .contains("ghi-chu.md là tệp ghi chú (Markdown), không phải tệp cấu hình: hãy dùng nó với --ghi-chu"),
        "{}",
        outcome.stderr
    );
    assert_no_english(&outcome.stderr);
}

/// Splits a printed command line as Command Prompt would: spaces apart,
/// double quotes holding a word together.
fn command_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ' ' if !quoted => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            _ => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// The `dvk kiem-tra …` a build printed, run as the clerk would copy it.
fn run_suggested_check(stderr: &str, cwd: &Path) -> crate::harness::Outcome {
    let line = stderr
        .lines()
        .find_map(|l| l.split("hoặc chạy: ").nth(1))
        .unwrap_or_else(|| panic!("no suggested command in: {stderr}"));
    let words = command_words(line);
    assert_eq!(&words[..2], ["dvk", "kiem-tra"], "{line}");
    Run::new().in_dir(cwd).args(&words[1..]).run()
}

#[test]
fn the_suggested_check_command_names_the_current_folder_and_quotes_spaces() {
    // `dvk tong-hop . -o ../runs/all`, from inside the commune's folder.
    let dir = tempfile::tempdir().expect("temp");
    let inside = dir.path().join("xa");
    models_in(&inside, true);
    let outcome = Run::new()
        .in_dir(&inside)
        .args(["tong-hop", ".", "-o", "../runs/all"])
        .run()
        .code(1);
    assert!(
        outcome
            .stderr
            .lines()
            .any(|l| l.ends_with("hoặc chạy: dvk kiem-tra .")),
        "{}",
        outcome.stderr
    );
    let check = run_suggested_check(&outcome.stderr, &inside).code(1);
    assert!(check.stdout.contains("mo-hinh.csv"), "{}", check.stdout);

    // A folder name with spaces, a config with spaces, and a period.
    let spaced = dir.path().join("Báo cáo các xã");
    models_in(&spaced, true);
    std::fs::write(
        dir.path().join("cấu hình.toml"),
        "[report]\npad_small_counts = false\n",
    )
    .expect("write config");
    let outcome = Run::new()
        .in_dir(dir.path())
        .args([
            "tong-hop",
            "Báo cáo các xã",
            "--from",
            "2020",
            "-o",
            "ket-qua",
            "--config",
            "cấu hình.toml",
        ])
        .run()
        .code(1);
    assert!(
        outcome.stderr.contains(
            "hoặc chạy: dvk kiem-tra \"Báo cáo các xã\" --from 2020 --config \"cấu hình.toml\"\n"
        ),
        "{}",
        outcome.stderr
    );
    let check = run_suggested_check(&outcome.stderr, dir.path()).code(1);
    assert!(
        check.stdout.contains("Báo cáo các xã/mo-hinh.csv"),
        "{}",
        check.stdout
    );
}

#[test]
fn an_output_folder_that_cannot_be_made_is_not_said_missing() {
    // /proc takes no new folder, even from root: mkdir says "not found",
    // though the folder above is there.
    if !Path::new("/proc/self").exists() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp");
    models_in(dir.path(), false);
    let outcome = Run::new()
        .in_dir(dir.path())
        .args(["tong-hop", "mo-hinh.csv", "-o", "/proc/dvk-ket-qua"])
        .run()
        .code(2);
    assert!(
        outcome
            .stderr
            .contains("không tạo được thư mục /proc/dvk-ket-qua: nơi đó không cho tạo thư mục mới"),
        "{}",
        outcome.stderr
    );
    assert!(!outcome.stderr.contains("không còn"), "{}", outcome.stderr);
}

#[test]
fn help_names_every_sheet_of_the_template_and_what_build_reads() {
    let dir = tempfile::tempdir().expect("temp");
    Run::new().in_dir(dir.path()).args(["mau"]).run().code(0);
    let workbook: Xlsx<_> = open_workbook(dir.path().join("bieu-mau.xlsx")).expect("open");
    let sheets = workbook.sheet_names();
    assert_eq!(sheets.len(), 7, "{sheets:?}");
    // Help is wrapped to the terminal's width: compare words, not lines.
    let help = |args: &[&str]| {
        let text = Run::new().args(args).run().code(0).stdout;
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let top = help(&["--help"]);
    let template = help(&["mau", "--help"]);
    let readme = std::fs::read_to_string(crate::harness::root().join("README.md")).expect("README");
    for help in [&top, &template] {
        assert!(!help.contains("ba trang"), "{help}");
        for sheet in &sheets {
            assert!(help.contains(&format!("\"{sheet}\"")), "{sheet}: {help}");
        }
    }
    // -o is optional (bieu-mau.xlsx), as the README says.
    assert!(template.contains("dvk mau [-o <TỆP.xlsx>]"), "{template}");
    assert!(readme.contains("`dvk mau`"), "README");
    assert!(
        !readme.contains("ghi tệp `bieu-mau.xlsx` có ba trang"),
        "README"
    );

    let build = help(&["tong-hop", "--help"]);
    assert!(build.contains("tong-hop.json cấp dưới gửi lên"), "{build}");
    let config = build
        .split("--config")
        .nth(1)
        .expect("--config in build's help");
    for fact in ["cơ quan ban hành", "số văn bản", "ngày ký", "người ký"] {
        assert!(config.contains(fact), "{fact}: {build}");
    }
}

#[test]
fn a_usage_error_points_to_the_help_of_the_command_typed() {
    let outcome = Run::new()
        .args(["kiem-tra", ".", "--json", "-q"])
        .run()
        .code(2);
    assert!(
        outcome
            .stderr
            .contains("Xem hướng dẫn: dvk kiem-tra --help"),
        "{}",
        outcome.stderr
    );
    assert!(
        !outcome.stderr.contains("tong-hop --help"),
        "{}",
        outcome.stderr
    );
    let outcome = Run::new().args(["mau", "--khong-co"]).run().code(2);
    assert!(
        outcome.stderr.contains("Xem hướng dẫn: dvk mau --help"),
        "{}",
        outcome.stderr
    );
}

/// From a walkthrough of a clerk's config: "Số Số 12-BC/BDVHU", "- - Ban
/// Dân vận" in "Nơi nhận", a signing date years before the period ends
/// said nothing, and a dvk.toml beside the inputs was left unused without
/// a word.
#[test]
fn config_values_are_not_doubled_and_an_unused_config_or_early_date_is_told() {
    let dir = tempfile::tempdir().expect("temp");
    let inputs = dir.path().join("bao-cao");
    std::fs::create_dir(&inputs).expect("mkdir");
    std::fs::write(
        inputs.join("xa.csv"),
        "STT,Tên mô hình,Tỉnh,Xã,Lĩnh vực,Năm bắt đầu,Tình trạng\n\
         1,Mô hình A,Quảng Ngãi,Long Sơn,Kinh tế,2024,Hiệu quả\n",
    )
    .expect("write");
    let config = "[document]\nnumber = \"Số 12-BC/BDVHU\"\ndate = \"5/1/2019\"\n\
                  signer_name = \"\"\nrecipients = [\"- Ban Dân vận Tỉnh ủy (b/c);\", \"Lưu VP.\"]\n";
    std::fs::write(inputs.join("dvk.toml"), config).expect("write");

    // Not named: dvk says where it is and how to use it.
    let unused = Run::new()
        .in_dir(dir.path())
        .build(["bao-cao"])
        .run()
        .code(0);
    assert!(
        unused.stderr.contains(
            "Có tệp cấu hình bao-cao/dvk.toml nhưng dvk chưa dùng: hãy chạy lại với --config \"bao-cao/dvk.toml\""
        ),
        "{}",
        unused.stderr
    );

    let used = Run::new()
        .in_dir(dir.path())
        .build(["bao-cao"])
        .args(["--config", "bao-cao/dvk.toml"])
        .run()
        .code(0);
    assert!(
        used.stderr
            .contains("Lưu ý: ngày ký trong tệp cấu hình (5/1/2019) ở trước năm 2024"),
        "{}",
        used.stderr
    );
    assert!(!used.stderr.contains("chưa dùng"), "{}", used.stderr);
    // A batch job reads it in the JSON: a warning on the config file.
    let json = used.json();
    let told: Vec<_> = problems_saying(&json, "Ngày ký trong tệp cấu hình").collect();
    assert_eq!(told.len(), 1, "{}", json["problems"]);
    assert_eq!(told[0]["file"], "bao-cao/dvk.toml");
    assert_eq!(told[0]["severity"], "warning");
    assert!(told[0]["row"].is_null() && told[0]["sheet"].is_null());
    let md = used.markdown();
    assert!(
        md.contains("Số 12-BC/BDVHU") && !md.contains("Số Số"),
        "{md}"
    );
    assert!(
        md.contains("- Ban Dân vận Tỉnh ủy (b/c),") && !md.contains("- - "),
        "{md}"
    );
    // An empty name keeps its place to fill.
    assert!(md.contains("\\[Họ và tên\\]"), "{md}");
}

/// Audit: "Tiêu biểu cấp huyện" in the Tiêu biểu column counted as not
/// exemplary, with a warning, though interface.md lists "tiêu biểu" (any
/// case) as a mark. A text holding "tiêu biểu" is exemplary; negated
/// ("không tiêu biểu", "chưa tiêu biểu") it is not, and needs no warning.
#[test]
fn a_tieu_bieu_column_text_holding_tieu_bieu_marks_an_exemplary_model() {
    let marks = [
        ("x", true),
        ("Tiêu biểu cấp huyện", true),
        ("Mô hình TIÊU BIỂU", true),
        ("không tiêu biểu", false),
        ("Chưa tiêu biểu", false),
        ("tốt", false),
    ];
    let mut csv = String::from("STT;Tên mô hình;Xã;Lĩnh vực;Năm bắt đầu;Tình trạng;Tiêu biểu\n");
    for (i, (mark, _)) in marks.iter().enumerate() {
        csv.push_str(&format!(
            "{n};Mô hình {n};Long Sơn;Kinh tế;2022;Hiệu quả;{mark}\n",
            n = i + 1
        ));
    }
    let dir = tempfile::tempdir().expect("temp");
    std::fs::write(dir.path().join("mo-hinh.csv"), csv).expect("write");
    let json = Run::new()
        .in_dir(dir.path())
        .build(["mo-hinh.csv"])
        .run()
        .code(0)
        .json();
    assert_eq!(json["models"]["total"], 6);
    // x, "Tiêu biểu cấp huyện", "Mô hình TIÊU BIỂU".
    assert_eq!(json["models"]["exemplary"], 3, "{}", json["problems"]);
    // Only "tốt" (row 7) is unclear.
    let unclear: Vec<&serde_json::Value> =
        problems_saying(&json, "ở cột Tiêu biểu không rõ").collect();
    assert_eq!(unclear.len(), 1, "{}", json["problems"]);
    assert_eq!(unclear[0]["row"], 7);
    assert_eq!(unclear[0]["severity"], "warning");
}
