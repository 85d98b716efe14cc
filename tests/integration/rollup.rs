//! Roll-up through the real binary: communes send their tong-hop.json up, the
//! province builds from them; periods that do not fit are refused by file.

use crate::harness::{problems_saying, Run};
use crate::scale_data::{small_data_set, SMALL};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Builds one summary per commune file into `sent/`, with `extra` arguments.
fn send_up(data: &Path, sent: &Path, extra: &[&str]) {
    let mut files: Vec<PathBuf> = Vec::new();
    for folder in std::fs::read_dir(data).expect("list") {
        for file in std::fs::read_dir(folder.expect("entry").path()).expect("list") {
            files.push(file.expect("entry").path());
        }
    }
    files.sort();
    for (n, file) in files.iter().enumerate() {
        let outcome = Run::new()
            .build([file.display().to_string()])
            .args(extra)
            .run()
            .code(0);
        std::fs::copy(
            outcome.out.join("tong-hop.json"),
            sent.join(format!("gui-len-{n:02}.json")),
        )
        .expect("copy");
    }
}

/// Builds `file` with `period` and keeps its tong-hop.json as `to`.
fn summary_of(file: &Path, period: &[&str], to: &Path) {
    let outcome = Run::new()
        .build([file.display().to_string()])
        .args(period)
        .run()
        .code(0);
    std::fs::copy(outcome.out.join("tong-hop.json"), to).expect("copy");
}

/// Builds from the summaries in `sent`, which refuses some (exit 1).
fn build_from(sent: &Path) -> crate::harness::Outcome {
    Run::new().build([sent.display().to_string()]).run().code(1)
}

fn without_file_names(mut json: Value) -> Value {
    let object = json.as_object_mut().expect("object");
    object.remove("problems");
    object.remove("files");
    let rollup = object["rollup"].as_object_mut().expect("rollup");
    rollup.remove("problems");
    rollup.remove("files");
    json
}

#[test]
fn a_provinces_commune_summaries_roll_up_to_the_figures_of_all_its_files() {
    let (data, tally) = small_data_set(&SMALL);
    let sent = tempfile::tempdir().expect("temp");
    send_up(
        data.path(),
        sent.path(),
        &["--from", "2015", "--to", "2025"],
    );

    let direct = Run::new()
        .build([data.path().display().to_string()])
        .args(["--from", "2015", "--to", "2025"])
        .run()
        .code(0);
    // No period given: the one the summaries were built for is taken.
    let rolled = Run::new()
        .build([sent.path().display().to_string()])
        .run()
        .code(0);
    let (direct, rolled) = (direct.json(), rolled.json());
    assert_eq!(rolled["models"]["total"], tally.models);
    assert_eq!(rolled["funding"]["total"], tally.funding_total);
    assert_eq!(
        rolled["period"],
        serde_json::json!({"from": 2015, "to": 2025})
    );
    assert_eq!(
        without_file_names(direct.clone()),
        without_file_names(rolled.clone())
    );
    // Each commune file is still accounted for, under the summary that carried it.
    assert_eq!(rolled["files"].as_array().map(Vec::len), Some(11));
    let first = rolled["files"][0]["file"].as_str().expect("name");
    assert!(first.contains("gui-len-00.json › "), "{first}");
    assert_eq!(
        direct["problems"].as_array().map(Vec::len),
        rolled["problems"].as_array().map(Vec::len)
    );
}

#[test]
fn summaries_all_outside_the_period_asked_for_leave_nothing_to_report() {
    let (data, _) = small_data_set(&SMALL);
    let sent = tempfile::tempdir().expect("temp");
    send_up(data.path(), sent.path(), &[]);
    let outcome = Run::new()
        .build([sent.path().display().to_string()])
        .args(["--from", "2021", "--to", "2025"])
        .run()
        .code(1);
    // Every commune has models since 2015: every summary is refused, an
    // error each, so nothing is counted; the first ten refusals are told
    // on screen with their reason, all eleven in the JSON.
    let refused: Vec<&str> = outcome
        .stderr
        .lines()
        .filter(|l| {
            l.starts_with("  Không tính: ") && l.contains("ra ngoài kỳ đang tổng hợp 2021–2025")
        })
        .collect();
    assert_eq!(refused.len(), 10, "{}", outcome.stderr);
    assert!(
        outcome.stderr.contains("Số liệu CHƯA ĐẦY ĐỦ (11 lỗi)")
            && outcome.stderr.contains("… và 1 tệp khác")
            && refused[0].contains("--from 2021 --to 2025"),
        "{}",
        outcome.stderr
    );
    let json = outcome.json();
    assert_eq!(json["models"]["total"], 0);
    assert_eq!(
        problems_saying(&json, "ra ngoài kỳ đang tổng hợp 2021–2025").count(),
        11
    );
}

#[test]
fn summaries_built_for_different_periods_are_refused_without_a_period() {
    let (data, _) = small_data_set(&SMALL);
    let sent = tempfile::tempdir().expect("temp");
    let first = data.path().join("tinh-01").join("xa-00001.xlsx");
    for (name, from) in [("a.json", "2015"), ("b.json", "2016")] {
        summary_of(
            &first,
            &["--from", from, "--to", "2025"],
            &sent.path().join(name),
        );
    }
    // Both refused: done with errors (exit 1), both reasons in the JSON,
    // and the report's year left to fill (regression: "năm  như sau").
    let outcome = Run::new()
        .build([sent.path().display().to_string()])
        .run()
        .code(1);
    let json = outcome.json();
    let told = problems_saying(&json, "những kỳ khác nhau (2015–2025; 2016–2025)").count();
    assert_eq!(told, 2, "{}", json["problems"]);
    assert_eq!(json["models"]["total"], 0);
    assert!(
        outcome.stderr.contains("Không tính: ") && outcome.stderr.contains("a.json"),
        "{}",
        outcome.stderr
    );
    assert!(outcome.markdown().contains("năm [   ] như sau"));
}

#[test]
fn json_that_is_not_a_dvk_summary_is_an_error_when_named_and_ignored_in_a_folder() {
    let (data, tally) = small_data_set(&SMALL);
    std::fs::write(
        data.path().join("ghi-chu.json"),
        r#"{"ten": "không phải tổng hợp"}"#,
    )
    .expect("write");
    let walked = Run::new()
        .build([data.path().display().to_string()])
        .run()
        .code(0);
    assert_eq!(walked.json()["rows"]["read"], tally.rows);

    // Named alone, it is an error and leaves nothing counted: the reason is
    // told on screen.
    let named = Run::new()
        .build([data.path().join("ghi-chu.json").display().to_string()])
        .run()
        .code(1);
    let message = named.stderr;
    assert!(
        message.contains("không phải tệp tong-hop.json do dvk ghi"),
        "{message}"
    );

    std::fs::write(
        data.path().join("hong.json"),
        "{\"schema\": \"dvk.summary/1\", \"rollup\": {",
    )
    .expect("write");
    let broken = Run::new()
        .build([data.path().join("hong.json").display().to_string()])
        .run()
        .code(1);
    let message = broken.stderr;
    // Said in Vietnamese, with where it stops; serde_json's English is not.
    assert!(
        message.contains("JSON bị cắt cụt") && message.contains("dòng 1, cột"),
        "{message}"
    );
    assert!(
        !message.contains("EOF") && !message.contains("while parsing"),
        "{message}"
    );
}

/// Builds from two summaries of one commune: a.json for 2016–2025, c.json
/// for all its years (from 2015), which the period taken from a.json refuses.
fn one_summary_refused_for_its_period() -> crate::harness::Outcome {
    let (data, _) = small_data_set(&SMALL);
    let sent = tempfile::tempdir().expect("temp");
    let first = data.path().join("tinh-01").join("xa-00001.xlsx");
    for (name, period) in [
        ("a.json", &["--from", "2016", "--to", "2025"][..]),
        ("c.json", &[][..]),
    ] {
        summary_of(&first, period, &sent.path().join(name));
    }
    build_from(sent.path())
}

#[test]
fn a_period_taken_from_the_summaries_is_named_when_it_refuses_one() {
    let outcome = one_summary_refused_for_its_period();
    let json = outcome.json();
    let errors = errors_of(&json);
    assert_eq!(errors.len(), 1, "{errors:?}");
    let message = errors[0]["message"].as_str().expect("message");
    assert!(errors[0]["file"].as_str().unwrap_or("").ends_with("c.json"));
    assert!(
        message.contains("ra ngoài kỳ đang tổng hợp 2016–2025 (lấy theo tệp tổng hợp"),
        "{message}"
    );
    assert!(
        message.contains("a.json, vì lệnh không ghi --from/--to"),
        "{message}"
    );
    assert_eq!(
        json["period"],
        serde_json::json!({"from": 2016, "to": 2025})
    );
}

#[test]
fn a_refused_summary_is_named_with_its_reason_in_the_workbook_note() {
    // Regression: the workbook's note said "có 1 lỗi, 0 dòng không được
    // tính" for a tong-hop.json refused for its period: no row was left
    // out, a whole summary was.
    let outcome = one_summary_refused_for_its_period();
    let note = workbook_note(&outcome, "Lĩnh vực");
    assert!(
        note.starts_with("Số liệu chưa đầy đủ: có 1 lỗi; tệp "),
        "{note}"
    );
    assert!(
        note.contains("c.json không được tính. Tệp tổng hợp này có số liệu kỳ"),
        "{note}"
    );
    assert!(
        note.contains("ra ngoài kỳ đang tổng hợp 2016–2025"),
        "{note}"
    );
    assert!(note.ends_with("Xem trang “Vấn đề”."), "{note}");
    assert!(!note.contains("0 dòng"), "{note}");
}

/// The error problems of a build's JSON.
fn errors_of(json: &Value) -> Vec<&Value> {
    json["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .filter(|p| p["severity"] == "error")
        .collect()
}

/// The models header of a commune's CSV.
const MODELS_HEADER: &str = "STT,Tên mô hình,Đơn vị thực hiện,Tỉnh,Huyện,Xã,Thôn/Ấp,Lĩnh vực,Năm bắt đầu,Tình trạng,Cấp công nhận,Tiêu biểu,Kinh phí (triệu đồng)\n";

/// A models CSV of `commune` (Đồng Phú, Bình Phước), one model per year.
fn commune_csv(path: &Path, commune: &str, years: &[i32]) {
    let mut text = MODELS_HEADER.to_owned();
    for (n, year) in years.iter().enumerate() {
        text.push_str(&format!(
            "{},Mô hình {n} của {commune},Hội ND,Bình Phước,Đồng Phú,{commune},Ấp 1,KT,{year},Hiệu quả,,,100\n",
            n + 1
        ));
    }
    std::fs::write(path, text).expect("write csv");
}

/// The errors of a build's JSON that say one place is given twice (each
/// asserted to be an error: the figures are known to be wrong).
fn given_twice(json: &Value) -> Vec<String> {
    crate::harness::problems_saying(json, "cùng có số liệu của")
        .chain(crate::harness::problems_saying(
            json,
            "có số liệu của cùng nơi",
        ))
        .map(|p| {
            assert_eq!(p["severity"], "error", "{p}");
            format!(
                "{} | {}",
                p["file"].as_str().unwrap_or(""),
                p["message"].as_str().unwrap_or("")
            )
        })
        .collect()
}

#[test]
fn a_commune_given_as_its_spreadsheet_and_its_summary_is_counted_twice_as_an_error() {
    let dir = tempfile::tempdir().expect("temp");
    let folder = dir.path().join("nhan");
    std::fs::create_dir(&folder).expect("mkdir");
    // Tân Phú: 3 models; Tân Lợi: 2 models; Tân Phú's summary of its 3.
    commune_csv(&folder.join("tan phu.csv"), "Tân Phú", &[2021, 2022, 2023]);
    commune_csv(&folder.join("tan loi.csv"), "Tân Lợi", &[2022, 2023]);
    summary_of(
        &folder.join("tan phu.csv"),
        &[],
        &folder.join("tan phu.json"),
    );

    let inputs = ["nhan/tan phu.json", "nhan/tan loi.csv", "nhan/tan phu.csv"];
    let forward = Run::new().in_dir(dir.path()).build(inputs).run().code(1);
    let mut reversed_inputs = inputs;
    reversed_inputs.reverse();
    let backward = Run::new()
        .in_dir(dir.path())
        .build(reversed_inputs)
        .run()
        .code(1);
    let (json, other) = (forward.json(), backward.json());
    // Both counted, as for two versions of one report: 3 + 3 + 2.
    assert_eq!(json["models"]["total"], 8);
    assert_eq!(json["rows"]["accepted"], 8);
    let errors = given_twice(&json);
    assert_eq!(errors.len(), 1, "{errors:?}");
    let error = &errors[0];
    for said in [
        "nhan/tan phu.csv | ",
        "tệp tổng hợp nhan/tan phu.json",
        "Tân Phú (Đồng Phú, Bình Phước)",
        "bị tính hai lần",
        "hoặc bảng tính của nơi đó, hoặc tệp tong-hop.json của nơi đó",
    ] {
        assert!(error.contains(said), "{said}: {error}");
    }
    assert!(!error.contains("Tân Lợi"), "{error}");
    assert!(!error.contains("bỏ qua cảnh báo"), "{error}");
    // Whatever the order of the inputs.
    assert_eq!(json["problems"], other["problems"]);
    assert_eq!(json["models"], other["models"]);
    assert_eq!(json["files"], other["files"]);
    assert!(
        forward.stderr.contains("1 lỗi, 0 cảnh báo")
            && forward.stderr.contains("Số liệu BỊ TÍNH HAI LẦN (1 lỗi"),
        "{}",
        forward.stderr
    );

    // The normal roll-up: each commune once, by its summary: no problem.
    summary_of(
        &folder.join("tan loi.csv"),
        &[],
        &dir.path().join("tan loi.json"),
    );
    std::fs::remove_file(folder.join("tan loi.csv")).expect("rm");
    std::fs::remove_file(folder.join("tan phu.csv")).expect("rm");
    std::fs::rename(dir.path().join("tan loi.json"), folder.join("tan loi.json")).expect("mv");
    let rolled = Run::new().in_dir(dir.path()).build(["nhan"]).run().code(0);
    let json = rolled.json();
    assert_eq!(json["models"]["total"], 5);
    assert_eq!(given_twice(&json), Vec::<String>::new());
    assert!(rolled.stderr.contains("0 cảnh báo"), "{}", rolled.stderr);
}

#[test]
fn a_commune_named_less_fully_beside_its_summary_is_counted_twice_as_an_error() {
    // Regression: the table merged "Tân Phú" (a sheet without Tỉnh and
    // Huyện) into "Tân Phú (Đồng Phú, Bình Phước)" of the summary, but the
    // double count was not seen: exit 0.
    let dir = tempfile::tempdir().expect("temp");
    commune_csv(&dir.path().join("tan phu.csv"), "Tân Phú", &[2021, 2022]);
    summary_of(
        &dir.path().join("tan phu.csv"),
        &[],
        &dir.path().join("tan phu.json"),
    );
    let short = "STT,Tên mô hình,Xã,Lĩnh vực,Năm bắt đầu,Tình trạng\n\
                 1,Mô hình A của Tân Phú,Tân Phú,KT,2021,Hiệu quả\n";
    std::fs::write(dir.path().join("ban dan van.csv"), short).expect("write");
    let outcome = Run::new()
        .in_dir(dir.path())
        .build(["tan phu.json", "ban dan van.csv"])
        .run()
        .code(1);
    let json = outcome.json();
    // Counted as given (2 + 1), in one row of the table.
    assert_eq!(json["models"]["total"], 3);
    let errors = given_twice(&json);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].starts_with("ban dan van.csv | "), "{errors:?}");
    assert!(errors[0].contains("tan phu.json"), "{errors:?}");
    assert!(
        outcome.stderr.contains("Số liệu BỊ TÍNH HAI LẦN"),
        "{}",
        outcome.stderr
    );
}

#[test]
fn two_summaries_of_one_commune_built_for_other_periods_are_counted_with_an_error() {
    let dir = tempfile::tempdir().expect("temp");
    let data = dir.path().join("tan phu.csv");
    commune_csv(&data, "Tân Phú", &[2021, 2022, 2023]);
    let folder = dir.path().join("nhan");
    std::fs::create_dir(&folder).expect("mkdir");
    summary_of(&data, &[], &folder.join("tanphu.json"));
    summary_of(
        &data,
        &["--from", "2021", "--to", "2023"],
        &folder.join("tanphu (gui lai).json"),
    );
    commune_csv(&dir.path().join("tan loi.csv"), "Tân Lợi", &[2022, 2023]);
    summary_of(
        &dir.path().join("tan loi.csv"),
        &[],
        &folder.join("tanloi.json"),
    );

    let outcome = Run::new().in_dir(dir.path()).build(["nhan"]).run().code(1);
    let json = outcome.json();
    // 3 + 3 + 2: both of Tân Phú's summaries are counted.
    assert_eq!(json["models"]["total"], 8);
    let errors = given_twice(&json);
    assert_eq!(errors.len(), 1, "{errors:?}");
    let error = &errors[0];
    // On the longer name (met later, as for versions), naming the other.
    for said in [
        "nhan/tanphu (gui lai).json | ",
        "tệp tổng hợp nhan/tanphu.json cùng có số liệu của Tân Phú (Đồng Phú, Bình Phước)",
        "hai lần tổng hợp của cùng một nơi",
    ] {
        assert!(error.contains(said), "{said}: {error}");
    }
}

/// The first cell of a workbook sheet's note row (the red line above its table).
fn workbook_note(outcome: &crate::harness::Outcome, sheet: &str) -> String {
    let path = outcome.out.join("tong-hop.xlsx");
    let mut workbook: calamine::Xlsx<_> = calamine::open_workbook(&path).expect("open");
    let rows = calamine::Reader::worksheet_range(&mut workbook, sheet).expect("sheet");
    rows.get((2, 0))
        .map(ToString::to_string)
        .unwrap_or_default()
}

#[test]
fn a_commune_counted_twice_exits_1_and_says_so_even_when_quiet() {
    // Regression (walkthrough 6): a commune's tong-hop.json given beside its
    // own spreadsheet was counted twice with only a warning: exit 0, nothing
    // at all on stderr with -q, and a report that said nothing, so a batch
    // job took the doubled figures for right.
    let dir = tempfile::tempdir().expect("temp");
    let folder = dir.path().join("nhan");
    std::fs::create_dir(&folder).expect("mkdir");
    // Tân Phú: four models (2021, 2022, 2022, 2023), each "Hiệu quả" and
    // 100 triệu đồng: 4 rows, 4 models, 4 effective, 400.000.000 đồng.
    commune_csv(
        &folder.join("tan phu.csv"),
        "Tân Phú",
        &[2021, 2022, 2022, 2023],
    );
    summary_of(
        &folder.join("tan phu.csv"),
        &[],
        &dir.path().join("tan phu.json"),
    );

    let outcome = Run::new()
        .in_dir(dir.path())
        .build(["tan phu.json", "nhan/tan phu.csv"])
        .args(["-q"])
        .run()
        .code(1);
    // Exactly twice the commune's own figures: nothing dropped, nothing changed.
    let json = outcome.json();
    assert_eq!(
        json["rows"],
        serde_json::json!({"read": 8, "accepted": 8, "skipped": 0, "rejected": 0})
    );
    assert_eq!(json["models"]["total"], 8);
    assert_eq!(json["models"]["effective"], 8);
    assert_eq!(json["models"]["funding_total"], 800_000_000_i64);
    assert_eq!(
        json["models"]["by_year"],
        serde_json::json!([
            {"year": 2021, "total": 2},
            {"year": 2022, "total": 4},
            {"year": 2023, "total": 2}
        ])
    );
    assert_eq!(json["models"]["by_locality"][0]["total"], 8);
    // One problem, an error, on the spreadsheet (met after the summary).
    let errors = errors_of(&json);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["file"], "nhan/tan phu.csv");
    assert_eq!(given_twice(&json).len(), 1);
    assert_eq!(crate::harness::problems(&json, "warning").len(), 0);
    // -q still tells why the run exited 1, and tells it truly: nothing is
    // missing, a place is counted twice.
    let stderr = outcome.stderr.trim();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("Số liệu BỊ TÍNH HAI LẦN (1 lỗi: có xã, phường được đưa vào hai lần"),
        "{stderr}"
    );
    assert!(
        stderr.contains("hoặc chạy: dvk kiem-tra \"tan phu.json\" \"nhan/tan phu.csv\""),
        "{stderr}"
    );
    assert!(!stderr.contains("CHƯA ĐẦY ĐỦ"), "{stderr}");
    // The report and the workbook say the same, never "chưa đầy đủ".
    let report = outcome.markdown();
    assert!(
        report.contains("> **Lưu ý: số liệu bị tính hai lần.** Có 1 lỗi trong các tệp báo cáo; 1 tệp có số liệu của xã, phường mà tệp tổng hợp khác cũng có"),
        "{report}"
    );
    assert!(!report.contains("chưa đầy đủ"), "{report}");
    assert!(
        report.contains("số liệu nơi đó được cộng hai lần"),
        "{report}"
    );
    let note = workbook_note(&outcome, "Lĩnh vực");
    assert_eq!(
        note,
        "Số liệu bị tính hai lần: có 1 lỗi; 1 tệp có số liệu của xã, phường mà tệp tổng hợp khác \
         cũng có, nên số liệu nơi đó bị tính hai lần. Xem trang “Vấn đề”."
    );

    // `dvk kiem-tra` on the same inputs: the same error, exit 1.
    let check = Run::new()
        .in_dir(dir.path())
        .args(["kiem-tra", "tan phu.json", "nhan/tan phu.csv"])
        .run()
        .code(1);
    assert!(
        check.stdout.contains(
            "[LỖI] Tệp nhan/tan phu.csv và tệp tổng hợp tan phu.json cùng có số liệu của Tân Phú"
        ),
        "{}",
        check.stdout
    );
    assert!(
        check.stdout.contains("; 1 lỗi, 0 cảnh báo."),
        "{}",
        check.stdout
    );

    // With a rejected row too, both are said: some figures left out, some
    // counted twice.
    std::fs::write(
        folder.join("tan loi.csv"),
        format!("{MODELS_HEADER}1,Mô hình của Tân Lợi,Hội ND,Bình Phước,Đồng Phú,Tân Lợi,Ấp 1,KT,năm ngoái,Hiệu quả,,,100\n"),
    )
    .expect("write");
    let both = Run::new()
        .in_dir(dir.path())
        .build(["tan phu.json", "nhan/tan phu.csv", "nhan/tan loi.csv"])
        .args(["-q"])
        .run()
        .code(1);
    assert_eq!(both.json()["rows"]["rejected"], 1);
    assert!(
        both.stderr.starts_with(
            "Số liệu CHƯA ĐẦY ĐỦ và CÓ PHẦN BỊ TÍNH HAI LẦN (2 lỗi, trong đó 1 lỗi vì có xã, phường được đưa vào hai lần)"
        ),
        "{}",
        both.stderr
    );
    assert!(
        both.markdown().contains(
            "> **Lưu ý: số liệu chưa đầy đủ và có phần bị tính hai lần.** Có 2 lỗi trong các tệp báo cáo; 1 dòng số liệu không được tính; 1 tệp có số liệu"
        ),
        "{}",
        both.markdown()
    );
}

#[test]
fn a_districts_summary_beside_one_of_its_communes_summaries_is_an_error_carried_up() {
    // The walkthrough's second case: Đồng Phú's tong-hop.json (Tân Phú's 3
    // models and Tân Lợi's 2) given with Tân Phú's own tong-hop.json. Of
    // two summaries the longer name is met later: the error is Đồng Phú's.
    let dir = tempfile::tempdir().expect("temp");
    let district = dir.path().join("dong phu");
    std::fs::create_dir(&district).expect("mkdir");
    commune_csv(
        &district.join("tan phu.csv"),
        "Tân Phú",
        &[2021, 2022, 2023],
    );
    commune_csv(&district.join("tan loi.csv"), "Tân Lợi", &[2022, 2023]);
    summary_of(&district, &[], &dir.path().join("huyen dong phu.json"));
    summary_of(
        &district.join("tan phu.csv"),
        &[],
        &dir.path().join("xa tan phu.json"),
    );

    let outcome = Run::new()
        .in_dir(dir.path())
        .build(["huyen dong phu.json", "xa tan phu.json"])
        .args(["-q"])
        .run()
        .code(1);
    let json = outcome.json();
    // 3 + 2 + 3: Tân Phú's models in both.
    assert_eq!(json["models"]["total"], 8);
    assert_eq!(
        json["rows"],
        serde_json::json!({"read": 8, "accepted": 8, "skipped": 0, "rejected": 0})
    );
    let errors = given_twice(&json);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("huyen dong phu.json | Tệp huyen dong phu.json và tệp tổng hợp xa tan phu.json cùng có số liệu của Tân Phú (Đồng Phú, Bình Phước)"),
        "{errors:?}"
    );
    assert!(
        errors[0].contains("tổng hợp của cấp trên đã gồm nơi đó"),
        "{errors:?}"
    );
    assert!(
        outcome.stderr.starts_with("Số liệu BỊ TÍNH HAI LẦN (1 lỗi"),
        "{}",
        outcome.stderr
    );
    Run::new()
        .in_dir(dir.path())
        .args(["kiem-tra", "huyen dong phu.json", "xa tan phu.json"])
        .run()
        .code(1);

    // Sent up once more, the doubled summary is still said to be doubled,
    // not incomplete.
    std::fs::copy(
        outcome.out.join("tong-hop.json"),
        dir.path().join("tinh.json"),
    )
    .expect("copy");
    let above = Run::new()
        .in_dir(dir.path())
        .build(["tinh.json"])
        .args(["-q"])
        .run()
        .code(1);
    assert_eq!(above.json()["models"]["total"], 8);
    assert!(
        above.stderr.starts_with("Số liệu BỊ TÍNH HAI LẦN (1 lỗi"),
        "{}",
        above.stderr
    );
}

#[test]
fn rows_outside_a_period_taken_from_a_summary_are_a_warning_naming_it() {
    let dir = tempfile::tempdir().expect("temp");
    let folder = dir.path().join("nhan");
    std::fs::create_dir(&folder).expect("mkdir");
    commune_csv(
        &dir.path().join("tan phu.csv"),
        "Tân Phú",
        &[2021, 2022, 2023],
    );
    summary_of(
        &dir.path().join("tan phu.csv"),
        &["--from", "2021", "--to", "2023"],
        &folder.join("tanphu-2021-2023.json"),
    );
    // Tân Lợi: one model of 2023, two of 2024.
    commune_csv(&folder.join("tan loi.csv"), "Tân Lợi", &[2023, 2024, 2024]);

    let outcome = Run::new().in_dir(dir.path()).build(["nhan"]).run().code(0);
    let json = outcome.json();
    // Tân Phú's 3 and Tân Lợi's 2023 model; its two of 2024 are skipped.
    assert_eq!(json["models"]["total"], 4);
    assert_eq!(
        json["rows"],
        serde_json::json!({"read": 6, "accepted": 4, "skipped": 2, "rejected": 0})
    );
    let tan_loi = json["files"]
        .as_array()
        .expect("files")
        .iter()
        .find(|f| f["file"] == "nhan/tan loi.csv")
        .expect("tan loi");
    assert_eq!(
        tan_loi["skipped_by_reason"]["outside_period"], 2,
        "{tan_loi}"
    );
    let warnings: Vec<&Value> =
        crate::harness::problems_saying(&json, "có năm ngoài kỳ 2021–2023").collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let message = warnings[0]["message"].as_str().expect("message");
    assert_eq!(warnings[0]["severity"], "warning");
    assert_eq!(warnings[0]["file"], "nhan/tan loi.csv");
    for said in [
        "2 dòng",
        "lấy theo tệp tổng hợp nhan/tanphu-2021-2023.json",
        "--from 2021 --to 2024",
        "đưa bảng tính của nơi đó thay cho tệp tong-hop.json",
    ] {
        assert!(message.contains(said), "{said}: {message}");
    }
    // Said once, as the warning, not also as the sheet's info line.
    assert_eq!(
        crate::harness::problems_saying(&json, "năm ngoài kỳ báo cáo, không tính").count(),
        0
    );
    assert!(outcome.stderr.contains("1 cảnh báo"), "{}", outcome.stderr);

    // `dvk kiem-tra` says the same.
    let check = Run::new()
        .in_dir(dir.path())
        .args(["kiem-tra", "nhan"])
        .run()
        .code(0);
    assert!(
        check
            .stdout
            .contains("[cảnh báo] 2 dòng của tệp này có năm ngoài kỳ 2021–2023"),
        "{}",
        check.stdout
    );

    // A period asked for: the sheet's info line, as before, no warning.
    let asked = Run::new()
        .in_dir(dir.path())
        .build(["nhan"])
        .args(["--from", "2021", "--to", "2023"])
        .run()
        .code(0);
    let json = asked.json();
    assert_eq!(json["models"]["total"], 4);
    assert_eq!(
        crate::harness::problems_saying(&json, "có năm ngoài kỳ 2021–2023").count(),
        0
    );
    assert_eq!(
        crate::harness::problems_saying(&json, "2 dòng có năm ngoài kỳ báo cáo, không tính")
            .count(),
        1
    );
}

/// The warnings of a build's JSON that say a summary was built for a
/// narrower period than the run's, by file.
fn narrower(json: &Value) -> Vec<(String, String)> {
    crate::harness::problems_saying(json, "hẹp hơn kỳ đang tổng hợp")
        .map(|p| {
            assert_eq!(p["severity"], "warning", "{p}");
            (
                p["file"].as_str().unwrap_or("").to_owned(),
                p["message"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

/// Three communes with one model a year from 2017 to 2022: Tân Phú sent a
/// summary built for 2017–2019, Tân Lợi one for 2020–2022, Tân Hòa one for
/// all its years. Rolled up for 2017–2022, each narrow summary adds only
/// its own three years: counted, with one warning each naming the years
/// it cannot have. Before, the roll-up said nothing but info lines.
#[test]
fn a_summary_built_for_a_narrower_period_is_a_warning_naming_the_missing_years() {
    let dir = tempfile::tempdir().expect("temp");
    let folder = dir.path().join("nhan");
    std::fs::create_dir(&folder).expect("mkdir");
    let years = [2017, 2018, 2019, 2020, 2021, 2022];
    for (commune, file, period) in [
        ("Tân Phú", "tanphu", &["--from", "2017", "--to", "2019"][..]),
        ("Tân Lợi", "tanloi", &["--from", "2020", "--to", "2022"][..]),
        ("Tân Hòa", "tanhoa", &[][..]),
    ] {
        let data = dir.path().join(format!("{file}.csv"));
        commune_csv(&data, commune, &years);
        summary_of(&data, period, &folder.join(format!("{file}.json")));
    }

    let inputs = ["nhan/tanhoa.json", "nhan/tanloi.json", "nhan/tanphu.json"];
    let run = |inputs: &[&str], period: &[&str]| {
        Run::new()
            .in_dir(dir.path())
            .build(inputs)
            .args(period)
            .run()
            .code(0)
    };
    let asked = ["--from", "2017", "--to", "2022"];
    let forward = run(&inputs, &asked);
    let json = forward.json();
    // 3 (Tân Phú 2017–2019) + 3 (Tân Lợi 2020–2022) + 6 (Tân Hòa).
    assert_eq!(json["models"]["total"], 12);
    assert_eq!(json["models"]["funding_total"], 1_200_000_000_i64);
    assert_eq!(
        json["period"],
        serde_json::json!({"from": 2017, "to": 2022})
    );
    let warnings = narrower(&json);
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    let (file, message) = &warnings[0];
    assert_eq!(file, "nhan/tanloi.json");
    for said in [
        "Tệp tổng hợp này lập cho kỳ 2020–2022, hẹp hơn kỳ đang tổng hợp 2017–2022",
        "không có số liệu các năm 2017–2019",
        "đã bỏ qua 3 dòng có năm ngoài kỳ 2020–2022",
        "chạy lại dvk với --from 2017 --to 2022",
        "đưa bảng tính của nơi đó thay cho tệp tong-hop.json",
    ] {
        assert!(message.contains(said), "{said}: {message}");
    }
    let (file, message) = &warnings[1];
    assert_eq!(file, "nhan/tanphu.json");
    for said in [
        "lập cho kỳ 2017–2019, hẹp hơn kỳ đang tổng hợp 2017–2022",
        "không có số liệu các năm 2020–2022",
        "--from 2017 --to 2022",
    ] {
        assert!(message.contains(said), "{said}: {message}");
    }
    assert!(forward.stderr.contains("2 cảnh báo"), "{}", forward.stderr);

    // Whatever the order of the inputs.
    let mut reversed = inputs;
    reversed.reverse();
    let backward = run(&reversed, &asked).json();
    assert_eq!(json["problems"], backward["problems"]);
    assert_eq!(json["models"], backward["models"]);

    // Only --to asked: the years before Tân Phú's period are missing too.
    let json = run(&["nhan/tanphu.json"], &["--to", "2022"]).json();
    let warnings = narrower(&json);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let message = &warnings[0].1;
    for said in [
        "hẹp hơn kỳ đang tổng hợp đến 2022",
        "không có số liệu các năm trước 2017 và các năm 2020–2022",
        "chạy lại dvk với --to 2022 rồi",
    ] {
        assert!(message.contains(said), "{said}: {message}");
    }

    // The period the summary was built for, or none asked: no warning.
    for period in [&["--from", "2017", "--to", "2019"][..], &[][..]] {
        let json = run(&["nhan/tanphu.json"], period).json();
        assert_eq!(narrower(&json), Vec::new(), "{period:?}");
        assert_eq!(json["models"]["total"], 3, "{period:?}");
    }
}

#[test]
fn check_lists_a_summary_s_problems_once_under_their_own_files() {
    // Regression: `dvk kiem-tra` listed every problem of a rolled-up summary
    // under each of the summary's file lines (they share one index).
    let sample = crate::harness::sample_data_copy();
    let dir = tempfile::tempdir().expect("temp");
    let long_mon: Vec<String> = [
        "xa-long-mon-mo-hinh.csv",
        "xa-long-mon-cong-trinh.csv",
        "xa-long-mon-nguon-luc.csv",
    ]
    .iter()
    .map(|f| sample.path().join(f).display().to_string())
    .collect();
    let built = Run::new()
        .build(long_mon)
        .args(["--from", "2018", "--to", "2019"])
        .run()
        .code(0);
    std::fs::copy(built.out.join("tong-hop.json"), dir.path().join("b.json")).expect("copy");

    let check = Run::new()
        .args(["kiem-tra", &dir.path().display().to_string()])
        .args(["--from", "2017", "--to", "2022"])
        .run();
    let text = &check.stdout;
    // Three file lines; the summary's own warning once, under the first.
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines.iter().filter(|l| l.starts_with("== ")).count(),
        3,
        "{text}"
    );
    assert_eq!(
        text.matches("hẹp hơn kỳ đang tổng hợp").count(),
        1,
        "{text}"
    );
    let first_file = lines
        .iter()
        .position(|l| l.starts_with("== "))
        .expect("file");
    assert!(
        lines[first_file + 1].contains("hẹp hơn kỳ đang tổng hợp"),
        "{text}"
    );
    // Each file's own note once, under its own line.
    for (file, note) in [
        (
            "xa-long-mon-mo-hinh.csv",
            "45 dòng có năm ngoài kỳ báo cáo, không tính",
        ),
        (
            "xa-long-mon-cong-trinh.csv",
            "9 dòng có năm ngoài kỳ báo cáo, không tính",
        ),
        (
            "xa-long-mon-nguon-luc.csv",
            "4 dòng có năm ngoài kỳ báo cáo, không tính",
        ),
    ] {
        assert_eq!(text.matches(note).count(), 1, "{note}: {text}");
        let at = lines
            .iter()
            .position(|l| l.starts_with("== ") && l.contains(file))
            .expect(file);
        let block_end = lines[at + 1..]
            .iter()
            .position(|l| l.starts_with("== ") || l.starts_with("Tổng:"))
            .map_or(lines.len(), |n| at + 1 + n);
        assert!(
            lines[at + 1..block_end].iter().any(|l| l.contains(note)),
            "{file}: {text}"
        );
    }
}

/// From a batch engineer's walkthrough: in a folder walk a summary saved
/// again with sorted keys ("schema" last) was left out without a word, and
/// so were a 0-byte `tong-hop.json`, a `kiem-tra --json` output and a newer
/// dvk's summary under that name; a summary saved with a byte-order mark
/// was "broken". Long Hà (2 models) is sent with sorted keys and a BOM,
/// Tân Lợi (3) as written; the three bad files are each an error.
#[test]
fn every_summary_in_a_folder_is_read_or_refused_never_left_out() {
    let dir = tempfile::tempdir().expect("temp");
    let inbox = dir.path().join("nhan");
    for sub in ["long-ha", "tan-loi", "rong", "kiem-tra", "moi"] {
        std::fs::create_dir_all(inbox.join(sub)).expect("folder");
    }
    commune_csv(&dir.path().join("long-ha.csv"), "Long Hà", &[2021, 2022]);
    commune_csv(
        &dir.path().join("tan-loi.csv"),
        "Tân Lợi",
        &[2021, 2022, 2022],
    );
    let period = ["--from", "2021", "--to", "2022"];
    summary_of(
        &dir.path().join("long-ha.csv"),
        &period,
        &dir.path().join("a.json"),
    );
    let sorted: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("a.json")).expect("read"))
            .expect("json");
    // serde_json's map is ordered by key: "schema" comes near the end.
    let mut text = "\u{feff}".to_owned() + &serde_json::to_string_pretty(&sorted).expect("json");
    text.push('\n');
    assert!(text.find("\"schema\"") > text.find("\"rollup\""));
    std::fs::write(inbox.join("long-ha/xa-long-ha.json"), text).expect("write");
    summary_of(
        &dir.path().join("tan-loi.csv"),
        &period,
        &inbox.join("tan-loi/tong-hop.json"),
    );
    std::fs::write(inbox.join("rong/tong-hop.json"), "").expect("write");
    let check = Run::new()
        .args([
            "kiem-tra",
            &dir.path().join("long-ha.csv").display().to_string(),
            "--json",
        ])
        .run()
        .code(0);
    std::fs::write(inbox.join("kiem-tra/tong-hop.json"), &check.stdout).expect("write");
    std::fs::write(
        inbox.join("moi/tong-hop.json"),
        r#"{"schema": "dvk.summary/2", "models": {"total": 9}}"#,
    )
    .expect("write");
    // Other JSON in the inbox is no input.
    std::fs::write(inbox.join("cai-dat.json"), r#"{"theme": "dark"}"#).expect("write");

    let outcome = Run::new()
        .build([inbox.display().to_string()])
        .args(period)
        .run()
        .code(1);
    let json = outcome.json();
    assert_eq!(json["models"]["total"], 5, "{}", json["problems"]);
    let errors: Vec<String> = crate::harness::problems(&json, "error")
        .iter()
        .map(|p| format!("{} | {}", p["file"].as_str().unwrap_or(""), p["message"]))
        .collect();
    assert_eq!(errors.len(), 3, "{errors:#?}");
    for (file, says) in [
        ("rong/tong-hop.json", "tệp tổng hợp rỗng"),
        (
            "kiem-tra/tong-hop.json",
            "kết quả của lệnh dvk kiem-tra --json",
        ),
        (
            "moi/tong-hop.json",
            "bản dvk mới hơn ghi (mẫu \\\"dvk.summary/2\\\")",
        ),
    ] {
        assert!(
            errors
                .iter()
                .any(|e| e.contains(file) && e.to_lowercase().contains(says)),
            "{file}: {says} in {errors:#?}"
        );
    }
    assert!(!errors.iter().any(|e| e.contains("cai-dat")), "{errors:#?}");
}

/// From a batch engineer's walkthrough: a summary whose figures at the top
/// were raised by hand (100 more models, 5 tỷ more) rolled up the original
/// figures from its `rollup` part without a word. Still those figures (dvk
/// cannot know which is right), with a warning that names both.
#[test]
fn a_summary_edited_by_hand_is_told() {
    let dir = tempfile::tempdir().expect("temp");
    commune_csv(&dir.path().join("long-ha.csv"), "Long Hà", &[2021, 2022]);
    let sent = dir.path().join("tong-hop.json");
    summary_of(&dir.path().join("long-ha.csv"), &[], &sent);
    let mut json: Value =
        serde_json::from_slice(&std::fs::read(&sent).expect("read")).expect("json");
    let models = json["models"]["total"].as_u64().expect("total");
    assert_eq!(models, 2);
    // Two models' 100 triệu each in the commune's sheet are models' own
    // money: funding (works and resources) is 0.
    assert_eq!(json["funding"]["total"], 0);
    json["models"]["total"] = (models + 100).into();
    json["funding"]["total"] = 5_000_000_000_i64.into();
    std::fs::write(&sent, serde_json::to_vec(&json).expect("json")).expect("write");
    let built = Run::new()
        .build([sent.display().to_string()])
        .run()
        .code(0)
        .json();
    assert_eq!(built["models"]["total"], 2);
    let told: Vec<&Value> = crate::harness::problems_saying(&built, "sửa tay").collect();
    assert_eq!(told.len(), 1, "{}", built["problems"]);
    let message = told[0]["message"].as_str().expect("message");
    assert!(
        message.contains("tổng số mô hình ghi 102, số liệu đầy đủ là 2")
            && message.contains("tổng kinh phí ghi 5.000.000.000 đồng, số liệu đầy đủ là 0 đồng"),
        "{message}"
    );
    assert_eq!(told[0]["severity"], "warning");
}
