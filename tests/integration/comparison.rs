//! `--so-sanh` (`--compare`) with an earlier summary that cannot be
//! compared as it is: one of other places, or a file cut short.

use crate::harness::{problems_saying, Run};

/// `tong-hop.json` of `inputs` up to 2019, written into a temporary folder.
fn earlier_summary(inputs: &[&str]) -> (tempfile::TempDir, String) {
    let outcome = Run::new().build(inputs).args(["--to", "2019", "-q"]).run();
    assert!(outcome.code <= 1, "{}", outcome.stderr);
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("ky-truoc.json");
    std::fs::copy(outcome.out.join("tong-hop.json"), &path).expect("copy");
    (dir, path.display().to_string())
}

#[test]
fn an_earlier_summary_of_one_commune_is_told_against_a_district() {
    let (_dir, earlier) = earlier_summary(&["sample-data/xa-long-son.xlsx"]);
    let outcome = Run::new()
        .build(["sample-data"])
        .args(["--from", "2020", "--so-sanh", &earlier])
        .run()
        .code(0);
    let said = "không cùng địa bàn với kỳ này: tệp đó có 1 nơi báo cáo (Long Sơn), kỳ này có";
    assert!(outcome.stderr.contains(said), "{}", outcome.stderr);
    assert!(outcome.stderr.contains("Long Hiệp"), "{}", outcome.stderr);
    let json = outcome.json();
    let warnings: Vec<_> = problems_saying(&json, said).collect();
    assert_eq!(warnings.len(), 1, "{json:#}");
    assert_eq!(warnings[0]["severity"], "warning");
    // Still compared: the clerk decides; the report itself says what the
    // rates are worth, for a reader who never sees the warning.
    let md = outcome.markdown();
    assert!(md.contains("So với giai đoạn 2017 – 2019"), "{md}");
    assert!(
        md.contains(
            "Lưu ý: số liệu giai đoạn 2017 – 2019 không cùng các địa phương, đơn vị với kỳ này, \
             nên các tỷ lệ trên chỉ để tham khảo."
        ),
        "{md}"
    );
}

#[test]
fn an_earlier_summary_of_the_same_places_is_not_told() {
    let (_dir, earlier) = earlier_summary(&["sample-data"]);
    let outcome = Run::new()
        .build(["sample-data"])
        .args(["--from", "2020", "--so-sanh", &earlier])
        .run()
        .code(0);
    assert!(
        !outcome.stderr.contains("không cùng địa bàn"),
        "{}",
        outcome.stderr
    );
    assert_eq!(
        problems_saying(&outcome.json(), "không cùng địa bàn").count(),
        0
    );
    assert!(!outcome.markdown().contains("chỉ để tham khảo"));
}

#[test]
fn a_truncated_earlier_summary_is_said_to_be_cut_short() {
    let (dir, earlier) = earlier_summary(&["sample-data"]);
    let text = std::fs::read_to_string(&earlier).expect("read");
    // Cut inside a text, as a copy stopped half way leaves it.
    let cut = text.find("\"Long Sơn").expect("a name") + 5;
    std::fs::write(&earlier, &text[..cut]).expect("write");
    let line = text[..cut].matches('\n').count() + 1;
    let outcome = Run::new()
        .build(["sample-data"])
        .args(["--from", "2020", "--so-sanh", &earlier])
        .run()
        .code(2);
    let said =
        format!("bị cắt cụt (chép hoặc tải về chưa hết): nội dung dừng giữa chừng ở dòng {line}");
    assert!(outcome.stderr.contains(&said), "{}", outcome.stderr);
    assert!(
        outcome.stderr.contains("Hãy xin lại tệp"),
        "{}",
        outcome.stderr
    );
    assert!(!outcome.stderr.contains("EOF"), "{}", outcome.stderr);

    // Broken in the middle (a hand edit): not JSON at that line.
    std::fs::write(&earlier, text.replacen("\"schema\":", "\"schema\" ", 1)).expect("write");
    let outcome = Run::new()
        .build(["sample-data"])
        .args(["--from", "2020", "--so-sanh", &earlier])
        .run()
        .code(2);
    assert!(
        outcome.stderr.contains("không còn là JSON hợp lệ ở dòng 2"),
        "{}",
        outcome.stderr
    );
    assert!(!outcome.out.join("bao-cao.md").exists(), "nothing written");
    drop(dir);
}
