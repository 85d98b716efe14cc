//! Commendations, dialogues with citizens and focus localities: read from
//! their sheets, counted, and said the way the seed reports say them
//! ("tặng bằng khen cho 8 tập thể, 12 cá nhân", "gần 800 cuộc tiếp xúc,
//! đối thoại đối với trên 25 nghìn lượt công dân", "30 xã và 40 ấp").

use crate::harness::Run;
use rust_xlsxwriter::Workbook;

pub(crate) fn sheet(workbook: &mut Workbook, name: &str, rows: &[Vec<String>]) {
    let sheet = workbook.add_worksheet();
    sheet.set_name(name).expect("name");
    crate::harness::fill_sheet(sheet, rows);
}

pub(crate) fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn commendations_dialogues_and_focus_localities() {
    let dir = tempfile::tempdir().expect("temp");
    let mut workbook = Workbook::new();
    // 8 collectives and 12 people given a Bằng khen, 3 people a Giấy khen.
    let mut awards = vec![strings(&[
        "STT",
        "Năm",
        "Hình thức khen thưởng",
        "Cấp khen",
        "Đối tượng",
        "Tên tập thể, cá nhân",
    ])];
    for i in 0..23 {
        let (form, kind) = match i {
            0..=7 => ("Bằng khen", "Tập thể"),
            8..=19 => ("Bằng khen", "Cá nhân"),
            _ => ("Giấy khen", "Cá nhân"),
        };
        awards.push(strings(&[
            &(i + 1).to_string(),
            "2023",
            form,
            "UBND tỉnh",
            kind,
            &format!("Người {i}"),
        ]));
    }
    sheet(&mut workbook, "Khen thưởng", &awards);
    // 792 meetings with 25.040 citizens, over 4 rows.
    let mut dialogues = vec![strings(&[
        "STT",
        "Năm",
        "Tỉnh",
        "Huyện",
        "Xã",
        "Số cuộc tiếp xúc, đối thoại",
        "Số lượt công dân",
    ])];
    for (i, (meetings, citizens)) in [(200, 6000), (200, 6500), (192, 6540), (200, 6000)]
        .iter()
        .enumerate()
    {
        dialogues.push(strings(&[
            &(i + 1).to_string(),
            "2019",
            "Bắc Giang",
            "Lục Nam",
            &format!("Xã {i}"),
            &meetings.to_string(),
            &citizens.to_string(),
        ]));
    }
    sheet(&mut workbook, "Tiếp xúc đối thoại", &dialogues);
    // 3 communes and 4 hamlets, one commune listed twice (two years).
    let mut focus = vec![strings(&[
        "STT",
        "Năm",
        "Tỉnh",
        "Huyện",
        "Xã",
        "Thôn/Ấp",
        "Cấp chọn",
    ])];
    for (i, (xa, ap)) in [
        ("Vĩnh Hưng", ""),
        ("Vĩnh Hưng", ""),
        ("Phước Long", ""),
        ("Hòa Bình", ""),
        ("Vĩnh Hưng", "Ấp 1"),
        ("Vĩnh Hưng", "Ấp 2"),
        ("Phước Long", "Ấp 3"),
        ("Hòa Bình", "Ấp 4"),
    ]
    .iter()
    .enumerate()
    {
        let year = if i == 1 { "2020" } else { "2019" };
        focus.push(strings(&[
            &(i + 1).to_string(),
            year,
            "Bạc Liêu",
            "Hồng Dân",
            xa,
            ap,
            "Tỉnh",
        ]));
    }
    sheet(&mut workbook, "Địa bàn điểm", &focus);
    workbook.save(dir.path().join("tinh.xlsx")).expect("save");
    std::fs::write(
        dir.path().join("dvk.toml"),
        "[report]\npad_small_counts = false\n",
    )
    .expect("config");

    let outcome = Run::new()
        .in_dir(dir.path())
        .build(["tinh.xlsx"])
        .args(["--config", "dvk.toml"])
        .run()
        .code(0);
    let json = outcome.json();
    assert_eq!(json["commendations"]["collective"], 8);
    assert_eq!(json["commendations"]["individual"], 15);
    assert_eq!(json["dialogues"]["meetings"], 792);
    assert_eq!(json["dialogues"]["citizens"], 25_040);
    assert_eq!(json["focus_localities"]["communes"], 3);
    assert_eq!(json["focus_localities"]["hamlets"], 4);
    let md = outcome.markdown();
    for sentence in [
        "tặng bằng khen cho 8 tập thể, 12 cá nhân",
        "tặng giấy khen cho 3 cá nhân",
        "gần 800 cuộc tiếp xúc, đối thoại đối với trên 25 nghìn lượt công dân",
        "Đã có 3 xã và 4 ấp được chọn",
    ] {
        assert!(md.contains(sentence), "{sentence:?} in:\n{md}");
    }
}

#[test]
fn hamlets_are_called_by_the_word_of_the_data() {
    // Regression: Quảng Ngãi's focus hamlets were counted as "05 ấp"; the
    // word there is "thôn" (the South's is "ấp").
    let sample = Run::new().build(["sample-data"]).run().code(0);
    assert!(sample
        .markdown()
        .contains("Đã có 02 xã và 05 thôn được chọn"));
    // Grouped by hamlet, the level takes the same word; "Làng Ren" is a
    // thôn's name, not a level.
    let by_hamlet = Run::new()
        .build(["sample-data"])
        .args(["--group-by", "thon"])
        .run()
        .code(0)
        .markdown();
    assert!(by_hamlet.contains("### Phụ lục 2. Mô hình theo địa bàn (cấp thôn)"));
    assert!(by_hamlet.contains("nhiều mô hình: thôn Làng Ren có 18 mô hình"));

    // The clerk's setting wins over the provinces.
    let dir = tempfile::tempdir().expect("temp");
    let config = dir.path().join("dvk.toml");
    std::fs::write(&config, "[report]\nhamlet_word = \"Tổ dân phố\"\n").expect("config");
    let configured = Run::new()
        .build(["sample-data"])
        .args(["--config", &config.display().to_string()])
        .run()
        .code(0);
    assert!(configured
        .markdown()
        .contains("Đã có 02 xã và 05 tổ dân phố được chọn"));

    // A column headed "Ấp" says "ấp", whatever the province.
    let csv = "STT;Năm;Tỉnh;Huyện;Xã;Ấp;Cấp chọn\n\
               1;2021;Quảng Ngãi;Minh Long;Long Sơn;;Huyện\n\
               2;2021;Quảng Ngãi;Minh Long;Long Sơn;Gò Chè;Xã\n";
    std::fs::write(dir.path().join("dia-ban-diem.csv"), csv).expect("csv");
    let headed = Run::new()
        .in_dir(dir.path())
        .build(["dia-ban-diem.csv"])
        .run()
        .code(0);
    assert!(
        headed
            .markdown()
            .contains("Đã có một xã và một ấp được chọn"),
        "{}",
        headed.markdown()
    );
}

/// A commendations sheet without an "Đối tượng" column warned on every
/// row that "" is neither a collective nor a person: one warning for the
/// sheet now, at its header, saying how many rows and how to fix it; the
/// rows are counted as before (as individuals).
#[test]
fn a_commendations_sheet_without_a_recipient_kind_column_warns_once() {
    let dir = tempfile::tempdir().expect("temp");
    let mut workbook = Workbook::new();
    let mut awards = vec![strings(&[
        "STT",
        "Năm",
        "Hình thức khen thưởng",
        "Cấp khen",
        "Tên tập thể, cá nhân",
    ])];
    for i in 0..6 {
        awards.push(strings(&[
            &(i + 1).to_string(),
            "2023",
            "Bằng khen",
            "UBND tỉnh",
            &format!("Người {i}"),
        ]));
    }
    sheet(&mut workbook, "Khen thưởng", &awards);
    workbook.save(dir.path().join("khen.xlsx")).expect("save");

    let outcome = Run::new()
        .in_dir(dir.path())
        .build(["khen.xlsx"])
        .run()
        .code(0);
    let json = outcome.json();
    assert_eq!(json["commendations"]["collective"], 0);
    assert_eq!(json["commendations"]["individual"], 6);
    let rows = &json["rows"];
    assert_eq!(
        (
            &rows["read"],
            &rows["accepted"],
            &rows["skipped"],
            &rows["rejected"]
        ),
        (&6.into(), &6.into(), &0.into(), &0.into())
    );
    let problems = json["problems"].as_array().expect("problems");
    assert_eq!(problems.len(), 1, "{problems:?}");
    let problem = &problems[0];
    assert_eq!(problem["severity"], "warning");
    assert_eq!(problem["file"], "khen.xlsx");
    assert_eq!(problem["sheet"], "Khen thưởng");
    assert_eq!(problem["row"], 1);
    let message = problem["message"].as_str().expect("message");
    for said in [
        "không có cột \"Đối tượng\"",
        "6 dòng",
        "các dòng 2–7",
        "\"Tập thể\" hoặc \"Cá nhân\"",
    ] {
        assert!(message.contains(said), "{said}: {message}");
    }
}
