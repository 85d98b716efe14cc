//! Invariants over random record sets: splitting rows over files, shuffling
//! files and rows, or merging per-file summaries never changes a figure, and
//! every total equals the sum of its parts.

use dvk::config::Config;
use dvk::ingest::discover;
use dvk::normalise::Period;
use dvk::pipeline::summarise;
use dvk::render::{render_json, SummaryView};
use proptest::prelude::*;
use serde_json::Value;
use std::path::Path;

const COMMUNES: [&str; 4] = ["Long Sơn", "Long Hiệp", "Thanh An", "Long Mai"];
const FIELDS: [&str; 8] = [
    "Kinh tế",
    "VH-XH",
    "Bảo vệ môi trường",
    "QP-AN",
    "ANTT",
    "XDHTCT",
    "Khác",
    "Chuyển đổi số",
];
const STATUSES: [&str; 5] = [
    "Hiệu quả",
    "Đang thực hiện",
    "Ngừng hoạt động",
    "",
    "Duy trì hiệu quả",
];
const TYPES: [(&str, &str); 4] = [
    ("Đường giao thông nông thôn", "km"),
    ("Đường GTNT", "m"),
    ("Cầu", "cây"),
    ("Nhà đại đoàn kết", "căn"),
];

#[derive(Debug, Clone)]
enum Row {
    Model {
        /// The record's own number: its name, whatever file it lands in.
        id: usize,
        commune: usize,
        field: usize,
        year: i32,
        status: usize,
        exemplary: bool,
        money_k: u32,
    },
    Work {
        commune: usize,
        kind: usize,
        quantity: u32,
        year: i32,
        state_k: u32,
        mobilized_k: u32,
    },
    Resource {
        commune: usize,
        year: i32,
        participations: u32,
        total_k: u32,
        state_k: u32,
        workdays: u32,
    },
}

fn row() -> impl Strategy<Value = Row> {
    prop_oneof![
        3 => (0..4usize, 0..8usize, 2015..2024i32, 0..5usize, any::<bool>(), 0..500_000u32).prop_map(
            |(commune, field, year, status, exemplary, money_k)| Row::Model { id: 0, commune, field, year, status, exemplary, money_k }
        ),
        2 => (0..4usize, 0..4usize, 0..5000u32, 2015..2024i32, 0..900_000u32, 0..900_000u32).prop_map(
            |(commune, kind, quantity, year, state_k, mobilized_k)| Row::Work { commune, kind, quantity, year, state_k, mobilized_k }
        ),
        1 => (0..4usize, 2015..2024i32, 0..200u32, 0..900_000u32, 0..900_000u32, 0..5000u32).prop_map(
            |(commune, year, participations, total_k, state_k, workdays)| {
                let state_k = state_k.min(total_k);
                Row::Resource { commune, year, participations, total_k, state_k, workdays }
            }
        ),
    ]
}

/// Money in nghìn đồng written as triệu đồng, the Vietnamese way ("1.234,5").
fn trieu(thousands: u32) -> String {
    let whole = thousands / 1000;
    let fraction = thousands % 1000;
    let mut grouped = String::new();
    let digits = whole.to_string();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(c);
    }
    if fraction == 0 {
        grouped
    } else {
        format!(
            "{grouped},{}",
            format!("{fraction:03}").trim_end_matches('0')
        )
    }
}

/// Writes rows as the three CSV kinds of one file set named `stem`.
fn write_csvs(dir: &Path, stem: &str, rows: &[Row]) {
    let mut models = String::from("STT;Tên mô hình;Tỉnh;Huyện;Xã;Lĩnh vực;Năm bắt đầu;Tình trạng;Tiêu biểu;Kinh phí (triệu đồng)\n");
    let mut works = String::from("STT;Tên công trình, phần việc;Loại công trình;Số lượng;Đơn vị tính;Xã;Năm;Tổng kinh phí (triệu đồng);Ngân sách nhà nước (triệu đồng);Vận động xã hội hóa (triệu đồng)\n");
    let mut resources = String::from("STT;Xã;Năm;Lượt cơ quan, đơn vị tham gia;Tổng kinh phí (triệu đồng);Ngân sách nhà nước (triệu đồng);Vận động xã hội hóa (triệu đồng);Ngày công\n");
    for (i, row) in rows.iter().enumerate() {
        match row {
            Row::Model {
                id,
                commune,
                field,
                year,
                status,
                exemplary,
                money_k,
            } => models.push_str(&format!(
                "{i};Mô hình {id};Quảng Ngãi;Minh Long;{};{};{year};{};{};{}\n",
                COMMUNES[*commune],
                FIELDS[*field],
                STATUSES[*status],
                if *exemplary { "x" } else { "" },
                trieu(*money_k)
            )),
            Row::Work {
                commune,
                kind,
                quantity,
                year,
                state_k,
                mobilized_k,
            } => works.push_str(&format!(
                "{i};Công trình {i};{};{quantity};{};{};{year};{};{};{}\n",
                TYPES[*kind].0,
                TYPES[*kind].1,
                COMMUNES[*commune],
                trieu(state_k + mobilized_k),
                trieu(*state_k),
                trieu(*mobilized_k)
            )),
            Row::Resource {
                commune,
                year,
                participations,
                total_k,
                state_k,
                workdays,
            } => resources.push_str(&format!(
                "{i};{};{year};{participations};{};{};;{workdays}\n",
                COMMUNES[*commune],
                trieu(*total_k),
                trieu(*state_k)
            )),
        }
    }
    for (kind, text) in [
        ("mo-hinh", models),
        ("cong-trinh", works),
        ("nguon-luc", resources),
    ] {
        std::fs::write(dir.join(format!("{stem}-{kind}.csv")), text).expect("write csv");
    }
}

fn summary_json(dir: &Path, period: Period) -> Value {
    let config = Config::default_config().expect("config");
    let files = discover(&[dir.to_path_buf()], None).expect("discover");
    let summary = summarise(&files, &config.taxonomy, period);
    let view = SummaryView::new(&summary, &config, period, None);
    figures(&render_json(&view))
}

/// The figures only: problems and files name the files, which differ by
/// design, and `counted_twice` counts problems (a commune whose rows two
/// summaries split between them is one the roll-up reports twice).
fn figures(json: &str) -> Value {
    let mut value: Value = serde_json::from_str(json).expect("JSON");
    let object = value.as_object_mut().expect("object");
    object.remove("problems");
    object.remove("files");
    let rollup = object["rollup"].as_object_mut().expect("rollup");
    rollup.remove("problems");
    rollup.remove("files");
    rollup.remove("counted_twice");
    value
}

/// `tong-hop.json` of the files under `dir`, as `build` writes it.
fn summary_text(dir: &Path, period: Period) -> String {
    let config = Config::default_config().expect("config");
    let files = discover(&[dir.to_path_buf()], None).expect("discover");
    let summary = summarise(&files, &config.taxonomy, period);
    render_json(&SummaryView::new(&summary, &config, period, None))
}

/// Gives each model its own name, whatever file it lands in.
fn with_ids(rows: Vec<Row>) -> Vec<Row> {
    rows.into_iter()
        .enumerate()
        .map(|(i, mut row)| {
            if let Row::Model { id, .. } = &mut row {
                *id = i;
            }
            row
        })
        .collect()
}

fn sum(list: &Value, key: &str) -> u64 {
    list.as_array()
        .expect("list")
        .iter()
        .map(|v| v[key].as_u64().expect("count"))
        .sum()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn splitting_and_shuffling_files_and_rows_changes_nothing(
        rows in prop::collection::vec(row(), 1..60),
        assignment in prop::collection::vec(0..4usize, 60),
        seed in any::<u64>(),
        from in prop::option::of(2015..2020i32),
    ) {
        let rows = with_ids(rows);
        let period = Period { from, to: None };
        let whole = tempfile::tempdir().expect("temp");
        write_csvs(whole.path(), "toan-bo", &rows);

        // The same rows over up to four files, each file's rows in another order.
        let split = tempfile::tempdir().expect("temp");
        let mut parts: Vec<Vec<Row>> = vec![Vec::new(); 4];
        for (i, r) in rows.iter().enumerate() {
            parts[assignment[i]].push(r.clone());
        }
        let mut state = seed | 1;
        for (n, part) in parts.iter_mut().enumerate() {
            // A small xorshift shuffle: deterministic from the seed.
            for i in (1..part.len()).rev() {
                state ^= state << 13; state ^= state >> 7; state ^= state << 17;
                part.swap(i, (state % (i as u64 + 1)) as usize);
            }
            write_csvs(split.path(), &format!("phan-{}", 3 - n), part);
        }
        let a = summary_json(whole.path(), period);
        let b = summary_json(split.path(), period);
        // The first spelling seen may differ only where spellings differ; here they never do.
        prop_assert_eq!(a, b);
    }

    #[test]
    fn totals_equal_the_sum_of_their_parts(rows in prop::collection::vec(row(), 0..80)) {
        let dir = tempfile::tempdir().expect("temp");
        write_csvs(dir.path(), "xa", &rows);
        let json = summary_json(dir.path(), Period::default());
        let models = &json["models"];
        let total = models["total"].as_u64().expect("total");
        prop_assert_eq!(sum(&models["by_field"], "total"), total);
        prop_assert_eq!(sum(&models["by_field"], "effective"), models["effective"].as_u64().expect("n"));
        prop_assert_eq!(sum(&models["by_locality"], "total"), total);
        prop_assert_eq!(sum(&models["by_year"], "total"), total);
        for field in models["by_field"].as_array().expect("list") {
            prop_assert!(sum(&field["subfields"], "total") <= field["total"].as_u64().expect("n"));
        }
        let funding = &json["funding"];
        prop_assert_eq!(
            funding["total"].as_i64().expect("money"),
            funding["state_budget"].as_i64().expect("money") + funding["mobilized"].as_i64().expect("money")
        );
        let rows_json = &json["rows"];
        prop_assert_eq!(
            rows_json["read"].as_u64(),
            Some(rows_json["accepted"].as_u64().unwrap() + rows_json["skipped"].as_u64().unwrap() + rows_json["rejected"].as_u64().unwrap())
        );
        // Independent recount from the generated rows.
        let expected_models = rows.iter().filter(|r| matches!(r, Row::Model { .. })).count() as u64;
        prop_assert_eq!(total, expected_models);
        let expected_money: i64 = rows.iter().map(|r| match r {
            Row::Work { state_k, mobilized_k, .. } => i64::from(state_k + mobilized_k) * 1000,
            Row::Resource { total_k, .. } => i64::from(*total_k) * 1000,
            Row::Model { .. } => 0,
        }).sum();
        prop_assert_eq!(funding["total"].as_i64(), Some(expected_money));
        let expected_model_money: i64 = rows.iter().map(|r| match r {
            Row::Model { money_k, .. } => i64::from(*money_k) * 1000,
            _ => 0,
        }).sum();
        prop_assert_eq!(models["funding_total"].as_i64(), Some(expected_model_money));
    }

    #[test]
    fn merging_per_file_summaries_equals_reading_all_files(
        rows in prop::collection::vec(row(), 1..40),
        assignment in prop::collection::vec(0..3usize, 40),
    ) {
        let rows = with_ids(rows);
        let dir = tempfile::tempdir().expect("temp");
        let mut parts: Vec<Vec<Row>> = vec![Vec::new(); 3];
        for (i, r) in rows.iter().enumerate() {
            parts[assignment[i]].push(r.clone());
        }
        for (n, part) in parts.iter().enumerate() {
            write_csvs(dir.path(), &format!("xa-{n}"), part);
        }
        let config = Config::default_config().expect("config");
        let files = discover(&[dir.path().to_path_buf()], None).expect("discover");
        let all = summarise(&files, &config.taxonomy, Period::default());
        let mut merged = dvk::aggregate::Summary::default();
        for file in files.iter().rev() {
            merged.merge(summarise(std::slice::from_ref(file), &config.taxonomy, Period::default()));
        }
        let json = |s: &dvk::aggregate::Summary| render_json(&SummaryView::new(s, &config, Period::default(), None));
        prop_assert_eq!(json(&all), json(&merged));
    }

    #[test]
    fn rolling_up_summaries_equals_reading_all_files(
        rows in prop::collection::vec(row(), 1..40),
        assignment in prop::collection::vec(0..4usize, 40),
        from in prop::option::of(2015..2020i32),
        two_levels in any::<bool>(),
    ) {
        let rows = with_ids(rows);
        let period = Period { from, to: None };
        let raw = tempfile::tempdir().expect("temp");
        let sent = tempfile::tempdir().expect("temp");
        let mut parts: Vec<Vec<Row>> = vec![Vec::new(); 4];
        for (i, r) in rows.iter().enumerate() {
            parts[assignment[i]].push(r.clone());
        }
        // Each commune builds its own summary and sends it up; with two
        // levels, communes 0 and 1 go through their district first.
        let district = tempfile::tempdir().expect("temp");
        for (n, part) in parts.iter().enumerate() {
            let commune = raw.path().join(format!("xa-{n}"));
            std::fs::create_dir(&commune).expect("dir");
            write_csvs(&commune, &format!("xa-{n}"), part);
            let to = if two_levels && n < 2 { district.path() } else { sent.path() };
            std::fs::write(to.join(format!("xa-{n}.json")), summary_text(&commune, period)).expect("write");
        }
        if two_levels {
            std::fs::write(sent.path().join("huyen.json"), summary_text(district.path(), period)).expect("write");
        }
        let all = summary_json(raw.path(), period);
        // Built for an explicit period, the summaries give it to the run.
        let rolled = summary_json(sent.path(), Period::default());
        prop_assert_eq!(all, rolled);
    }
}

/// A model row as a clerk might send it, sound or with one defect.
#[derive(Debug, Clone, Copy)]
enum Defect {
    None,
    /// "hai chục" in the money column: the row is rejected.
    UnreadableMoney,
    /// A negative amount: rejected.
    NegativeMoney,
    /// A year that is not a year: rejected.
    UnreadableYear,
    /// A remark in the name column only: a note row, skipped.
    Remark,
}

fn defect() -> impl Strategy<Value = Defect> {
    prop_oneof![
        6 => Just(Defect::None),
        1 => Just(Defect::UnreadableMoney),
        1 => Just(Defect::NegativeMoney),
        1 => Just(Defect::UnreadableYear),
        1 => Just(Defect::Remark),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Every row read is accepted, skipped or rejected, per file and in all,
    /// and each count is the one the planted defects call for.
    #[test]
    fn every_row_is_accounted_for_whatever_its_defects(
        files in prop::collection::vec(
            (prop::collection::vec((defect(), 0..4usize, 2016..2023i32, 0..900u32), 0..30), any::<bool>()),
            1..4,
        ),
    ) {
        let dir = tempfile::tempdir().expect("temp");
        let (mut accepted, mut rejected, mut skipped) = (0u64, 0u64, 0u64);
        for (n, (rows, with_total)) in files.iter().enumerate() {
            let mut text = String::from("STT;Tên mô hình;Xã;Lĩnh vực;Năm bắt đầu;Tình trạng;Kinh phí (triệu đồng)\n");
            let mut stt = 0;
            for (i, (defect, commune, year, money_k)) in rows.iter().enumerate() {
                let money = trieu(*money_k);
                let commune = COMMUNES[*commune];
                match defect {
                    Defect::Remark => {
                        text.push_str(";Số liệu tạm tính, chờ xã bổ sung;;;;;\n");
                        skipped += 1;
                        continue;
                    }
                    Defect::None => accepted += 1,
                    _ => rejected += 1,
                }
                stt += 1;
                let (year, money) = match defect {
                    Defect::UnreadableMoney => (year.to_string(), "hai chục".to_owned()),
                    // "-0" is zero, not a negative amount.
                    Defect::NegativeMoney => (year.to_string(), format!("-{}", trieu((*money_k).max(1)))),
                    Defect::UnreadableYear => ("năm ngoái".to_owned(), money),
                    _ => (year.to_string(), money),
                };
                text.push_str(&format!("{stt};Mô hình {n}-{i};{commune};Kinh tế;{year};Hiệu quả;{money}\n"));
            }
            if *with_total && stt > 0 {
                text.push_str(";Tổng cộng;;;;;\n");
                skipped += 1;
            }
            std::fs::write(dir.path().join(format!("xa-{n}-mo-hinh.csv")), text).expect("write");
        }
        let json = summary_json_with_files(dir.path());
        let rows = &json["rows"];
        prop_assert_eq!(rows["accepted"].as_u64(), Some(accepted));
        prop_assert_eq!(rows["rejected"].as_u64(), Some(rejected));
        prop_assert_eq!(rows["skipped"].as_u64(), Some(skipped));
        prop_assert_eq!(rows["read"].as_u64(), Some(accepted + rejected + skipped));
        prop_assert_eq!(json["models"]["total"].as_u64(), Some(accepted));
        // Per file, and the files add up to the whole.
        let mut read_in_files = 0;
        for file in json["files"].as_array().expect("files") {
            let count = |key: &str| file[key].as_u64().unwrap_or(0);
            prop_assert_eq!(count("read"), count("accepted") + count("skipped") + count("rejected"), "{}", file);
            read_in_files += count("read");
        }
        prop_assert_eq!(Some(read_in_files), rows["read"].as_u64());
    }
}

/// The whole JSON, files and all.
fn summary_json_with_files(dir: &Path) -> Value {
    let config = Config::default_config().expect("config");
    let files = discover(&[dir.to_path_buf()], None).expect("discover");
    let summary = summarise(&files, &config.taxonomy, Period::default());
    let view = SummaryView::new(&summary, &config, Period::default(), None);
    serde_json::from_str(&render_json(&view)).expect("JSON")
}
