//! Every figure of every fixture equals what the generator computed from its
//! own records, and every planted problem is reported where it was planted.

use crate::harness::{expected, normalised, Run};
use serde_json::Value;

/// `got` with only the object keys `want` has: outputs may add keys.
fn restricted(got: &Value, want: &Value) -> Value {
    match (got, want) {
        (Value::Object(g), Value::Object(w)) => Value::Object(
            w.keys()
                .filter_map(|k| g.get(k).map(|v| (k.clone(), restricted(v, &w[k]))))
                .collect(),
        ),
        (Value::Array(g), Value::Array(w)) if !w.is_empty() => {
            Value::Array(g.iter().map(|item| restricted(item, &w[0])).collect())
        }
        _ => got.clone(),
    }
}

fn check_case(case: &str, outcome: &crate::harness::Outcome) {
    let got = outcome.json();
    let want = expected(case);
    for (key, value) in want.as_object().expect("object") {
        if key == "args" || key == "expected_problems" {
            continue;
        }
        assert_eq!(
            normalised(&restricted(&got[key], value)),
            normalised(value),
            "{case}: key {key} differs\n got: {}\nwant: {}",
            got[key],
            value
        );
    }
    let located = |p: &Value| {
        (
            p["file"].as_str().unwrap_or("").to_owned(),
            p["sheet"].as_str().unwrap_or("").to_owned(),
            p["row"].as_u64().unwrap_or(0),
            p["column"].as_str().unwrap_or("").to_owned(),
            p["severity"].as_str().unwrap_or("").to_owned(),
        )
    };
    let mut got_problems: Vec<_> = got["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .filter(|p| p["severity"] != "info")
        .map(located)
        .collect();
    let mut want_problems: Vec<_> = want["expected_problems"]
        .as_array()
        .expect("list")
        .iter()
        .map(located)
        .collect();
    got_problems.sort();
    want_problems.sort();
    assert_eq!(got_problems, want_problems, "{case}: problems differ");
    // The accounting adds up.
    let rows = &got["rows"];
    assert_eq!(
        rows["read"].as_u64(),
        Some(
            rows["accepted"].as_u64().unwrap()
                + rows["skipped"].as_u64().unwrap()
                + rows["rejected"].as_u64().unwrap()
        ),
        "{case}: read = accepted + skipped + rejected"
    );
}

fn run_case(case: &str) {
    let want = expected(case);
    let args: Vec<String> = want["args"]
        .as_array()
        .expect("args")
        .iter()
        .map(|a| a.as_str().expect("string").to_owned())
        .collect();
    let has_error = want["expected_problems"]
        .as_array()
        .expect("list")
        .iter()
        .any(|p| p["severity"] == "error");
    let outcome = Run::new()
        .in_fixtures()
        .build([case])
        .args(args)
        .run()
        .code(i32::from(has_error));
    check_case(case, &outcome);
}

#[test]
fn sample_data_figures_match_the_generator() {
    let outcome = Run::new().build(["sample-data"]).run().code(0);
    check_case("sample-data", &outcome);
}

#[test]
fn canonical_xlsx() {
    run_case("chuan");
}

#[test]
fn csv_in_three_encodings_and_delimiters() {
    run_case("csv");
}

#[test]
fn xls_and_ods() {
    run_case("xls-ods");
}

#[test]
fn header_variants_and_title_rows() {
    run_case("bien-the");
}

#[test]
fn errors_are_located_and_rows_rejected() {
    run_case("loi");
}

#[test]
fn the_same_records_in_any_format_give_the_same_figures() {
    let figures = |case: &str| {
        let mut json = Run::new().in_fixtures().build([case]).run().code(0).json();
        let object = json.as_object_mut().expect("object");
        for key in ["problems", "files"] {
            object.remove(key);
        }
        // The roll-up's own file list and problems name the files too.
        for key in ["problems", "files"] {
            object["rollup"]
                .as_object_mut()
                .expect("rollup")
                .remove(key);
        }
        normalised(&json)
    };
    assert_eq!(figures("chuan"), figures("csv"), "xlsx and csv");
}

// Messy real files: one case per quirk (tests/fixtures/README.md).

#[test]
fn title_block_and_unit_lines() {
    run_case("tieu-de");
}

#[test]
fn two_row_merged_headers_and_numbering_rows() {
    run_case("tieu-de-hai-dong");
}

#[test]
fn group_rows_subtotals_totals_and_signatures() {
    run_case("nhom-va-tong");
}

#[test]
fn a_wrong_stated_total_is_warned_with_both_figures() {
    run_case("tong-sai");
}

#[test]
fn money_typed_as_text_in_every_unit() {
    run_case("so-dang-chu");
}

#[test]
fn an_ambiguous_number_is_read_the_vietnamese_way_and_warned() {
    run_case("so-mo-ho");
}

#[test]
fn date_cells_for_years_and_formula_cells() {
    run_case("ngay-va-cong-thuc");
}

#[test]
fn csv_in_utf8_utf16_and_windows_1258() {
    run_case("csv-ma-hoa");
}

#[test]
fn tcvn3_and_vni_cells() {
    run_case("phong-cu");
}

#[test]
fn nfd_text_tone_placement_and_headers_without_diacritics() {
    run_case("nfd-va-dau");
}

#[test]
fn the_spellings_clerks_use_for_values() {
    run_case("gia-tri");
}

#[test]
fn every_quirk_at_once() {
    run_case("lon-xon");
}

/// The key test: the same records written clean and written messy (every
/// quirk at once, over several files and formats) give the same figures.
#[test]
fn messy_files_give_the_figures_of_the_clean_ones() {
    let figures = |case: &str| {
        let json = Run::new().in_fixtures().build([case]).run().code(0).json();
        ["period", "models", "projects", "funding"].map(|key| (key, normalised(&json[key])))
    };
    let clean = figures("chuan");
    let messy = figures("lon-xon");
    for ((key, clean), (_, messy)) in clean.iter().zip(&messy) {
        assert_eq!(clean, messy, "{key} differs between chuan and lon-xon");
    }
}
