//! A sheet whose header dvk does not recognise: either data that would be
//! lost (rows with numbers and years, a name or title naming a sheet kind,
//! a row that nearly is a header), told as an error that says what the
//! header lacks, or a sheet with no data (a cover page, notes), left to an
//! info line. It never reads files.

use super::cell::{is_quarter, year_of};
use super::header::{closest_header, HeaderGuess};
use super::rows::{is_numbering_row, is_total_label};
use crate::config::{columns_of, template_header, ColumnId, Taxonomy};
use crate::diagnostic::column_letter;
use crate::domain::SheetKind;
use crate::ingest::{CellValue, RawRow, RawSheet};
use crate::normalise::fold::fold_key;

/// Data in a sheet without a recognised header, which dvk cannot count.
#[derive(Debug, Clone)]
pub struct UnrecognisedData {
    /// The row nearest to a header, if any.
    pub row: Option<u32>,
    /// Rows that look like data: each is counted as rejected when `sure`.
    pub rows: u64,
    /// Whether the sheet surely holds records dvk reads: its name names a
    /// kind, or a row is that kind's header but for one column. Otherwise
    /// it may well be a summary, a plan or a list of another kind, which
    /// a clerk keeps beside the data: told as a warning, its rows not
    /// counted, and no renaming advised.
    pub sure: bool,
    pub message: String,
}

/// Columns (besides STT and Ghi chú) a row must name, lacking only one,
/// to be surely a header.
const SURE_HEADER_COLUMNS: usize = 4;

/// How many rows with a year make a sheet data even with no other sign.
const DATED_ROWS_FOR_DATA: u64 = 3;

/// The words a sheet's name or title uses for each kind it holds.
const KIND_WORDS: [(SheetKind, &[&str]); 6] = [
    (SheetKind::Models, &["mô hình"]),
    (SheetKind::Works, &["công trình", "phần việc"]),
    (SheetKind::Resources, &["nguồn lực"]),
    (SheetKind::Commendations, &["khen thưởng"]),
    (SheetKind::Dialogues, &["tiếp xúc", "đối thoại"]),
    (SheetKind::FocusLocalities, &["địa bàn điểm"]),
];

/// Whether a sheet without a recognised header holds data, and if so what
/// the clerk must change; `None` for a sheet that holds none.
pub fn unrecognised_data(sheet: &RawSheet, taxonomy: &Taxonomy) -> Option<UnrecognisedData> {
    let guess = closest_header(sheet, taxonomy);
    let below = guess.as_ref().map_or(0, |g| g.position + 1);
    let data: Vec<&RawRow> = sheet.rows[below.min(sheet.rows.len())..]
        .iter()
        .filter(|row| looks_like_data(row))
        .collect();
    if data.is_empty() {
        return None;
    }
    let dated = data
        .iter()
        // "Quý I/2024" under "Thời gian" is a plan's, not a record's year.
        .filter(|row| {
            row.cells
                .iter()
                .any(|c| year_of(&c.value).is_ok() && !is_quarter(&c.value))
        })
        .count() as u64;
    let named = named_kind(sheet, below);
    if guess.is_none() && named.is_none() && dated < DATED_ROWS_FOR_DATA {
        return None;
    }
    let rows = data.len() as u64;
    let sure = kind_named_by(&sheet.name).is_some()
        || guess.as_ref().is_some_and(|g| {
            g.missing.len() == 1
                && g.found
                    .iter()
                    .filter(|c| !matches!(c.id, ColumnId::Stt | ColumnId::Note))
                    .count()
                    >= SURE_HEADER_COLUMNS
        });
    let message = match (&guess, sure) {
        (_, false) => unsure_message(guess.as_ref(), rows),
        (Some(guess), true) => near_header_message(guess, taxonomy, rows, sure),
        (None, true) => no_header_message(named, taxonomy, rows),
    };
    Some(UnrecognisedData {
        row: guess.map(|g| g.row_number),
        rows,
        sure,
        message,
    })
}

/// A row of a table: three cells or more, one of them a number or a date,
/// and not a total or numbering row.
fn looks_like_data(row: &RawRow) -> bool {
    let numeric = |value: &CellValue| match value {
        CellValue::Number(_)
        | CellValue::Date(_)
        | CellValue::Date1904(_)
        | CellValue::DateIso(_) => true,
        CellValue::Text(t) => {
            let t = t.trim();
            !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || ".,".contains(c))
        }
        _ => false,
    };
    let total = row.cells.iter().any(|c| match &c.value {
        CellValue::Text(t) => is_total_label(t),
        _ => false,
    });
    row.cells.len() >= 3
        && row.cells.iter().any(|c| numeric(&c.value))
        && !total
        && !is_numbering_row(row)
}

/// The kind `text` (a sheet's name or title) names.
fn kind_named_by(text: &str) -> Option<SheetKind> {
    let key = fold_key(text);
    KIND_WORDS
        .iter()
        .find(|(_, words)| words.iter().any(|w| key.contains(&fold_key(w))))
        .map(|(kind, _)| *kind)
}

/// The kind a sheet's name, or a short title above `below`, names. A title
/// is a row of one or two cells: a table's own cells ("Xây dựng mô hình
/// mới" in a plan) are no evidence of what the sheet is.
fn named_kind(sheet: &RawSheet, below: usize) -> Option<SheetKind> {
    let titles = sheet.rows[..below.clamp(5, 10).min(sheet.rows.len())]
        .iter()
        .filter(|row| row.cells.len() <= 2)
        .flat_map(|row| &row.cells)
        .filter_map(|c| match &c.value {
            CellValue::Text(t) if t.chars().count() <= 100 => Some(t.as_ref()),
            _ => None,
        });
    std::iter::once(sheet.name.as_str())
        .chain(titles)
        .find_map(kind_named_by)
}

/// `"Tên mô hình"` and `"Lĩnh vực"`, as a message lists names.
fn quoted_names(names: impl Iterator<Item = String>, last_join: &str) -> String {
    let names: Vec<String> = names.map(|n| format!("\"{n}\"")).collect();
    match names.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{}{last_join}{last}", rest.join(", ")),
        None => String::new(),
    }
}

/// `cột B "Tên", cột O "Ngày"`, at most `limit` of them.
pub(super) fn located(cells: &[(u32, String)], limit: usize) -> String {
    let mut shown: Vec<String> = cells
        .iter()
        .take(limit)
        .map(|(col, text)| format!("cột {} \"{text}\"", column_letter(*col)))
        .collect();
    if cells.len() > limit {
        shown.push("…".to_owned());
    }
    shown.join(", ")
}

/// How a message points to the template (also for a missing year column).
pub(super) const TEMPLATE_HINT: &str = "như biểu mẫu của dvk (lệnh: dvk mau -o bieu-mau.xlsx)";

/// `sure`: whether a renaming may be advised (see [`UnrecognisedData::sure`]).
fn near_header_message(guess: &HeaderGuess, taxonomy: &Taxonomy, rows: u64, sure: bool) -> String {
    let kind = guess.kind.vietnamese();
    let found: Vec<(u32, String)> = guess
        .found
        .iter()
        .map(|c| (c.index, c.header.clone()))
        .collect();
    let missing = quoted_names(
        guess
            .missing
            .iter()
            .map(|id| taxonomy.column_name(*id).to_owned()),
        " và ",
    );
    let mut message = format!(
        "trang này có {rows} dòng số liệu nhưng dvk không nhận ra dòng tiêu đề, nên không dòng nào được tính: \
         dòng {} giống tiêu đề trang {kind} (nhận ra {}) nhưng thiếu cột {missing}",
        guess.row_number,
        located(&found, 6),
    );
    if !guess.unknown.is_empty() {
        message.push_str(&format!(
            "; tiêu đề dvk chưa nhận ra ở dòng đó: {}",
            located(&guess.unknown, 6)
        ));
    }
    let fix = match (guess.unknown.as_slice(), guess.missing.as_slice()) {
        // One header unknown and one column missing: that header is likely it.
        ([(col, text)], [id]) if sure => format!(
            "Hãy đổi tên cột {} từ \"{text}\" thành \"{}\" {TEMPLATE_HINT}, rồi chạy lại",
            column_letter(*col),
            taxonomy.column_name(*id)
        ),
        _ => {
            format!("Hãy sửa tên cột cho đúng {TEMPLATE_HINT} (cần có cột {missing}), rồi chạy lại")
        }
    };
    format!("{message}. {fix}")
}

/// A sheet that may well be a summary, a plan or a list beside the data:
/// short, naming no kind (its columns are only a few any table has) and no
/// header to copy.
fn unsure_message(guess: Option<&HeaderGuess>, rows: u64) -> String {
    let why = match guess {
        Some(guess) => {
            let found: Vec<(u32, String)> = guess
                .found
                .iter()
                .map(|c| (c.index, c.header.clone()))
                .collect();
            format!(
                "dòng {} chỉ có vài tiêu đề dvk biết: {}",
                guess.row_number,
                located(&found, 4)
            )
        }
        None => "không có dòng tiêu đề nào dvk nhận ra".to_owned(),
    };
    format!(
        "trang này có {rows} dòng giống số liệu nhưng dvk không tính ({why}). \
         Nếu đây là trang tổng hợp, kế hoạch hay danh sách khác thì bỏ qua cảnh báo này; \
         nếu là số liệu cần tính thì hãy sửa dòng tiêu đề {TEMPLATE_HINT}"
    )
}

fn no_header_message(kind: Option<SheetKind>, taxonomy: &Taxonomy, rows: u64) -> String {
    let kind_said = kind.map_or(String::new(), |k| {
        format!(" (trang có vẻ là trang {})", k.vietnamese())
    });
    let header = kind.map_or_else(
        || "tên cột của trang tương ứng".to_owned(),
        |k| {
            let names: Vec<String> = columns_of(k)
                .iter()
                .map(|id: &ColumnId| template_header(*id, taxonomy.column_name(*id)))
                .collect();
            format!("các cột {}", names.join(" | "))
        },
    );
    format!(
        "trang này có {rows} dòng số liệu{kind_said} nhưng không có dòng tiêu đề nào dvk nhận ra trong {} dòng đầu, \
         nên không dòng nào được tính. Hãy chèn một dòng tiêu đề lên trên bảng, với {header}, \
         {TEMPLATE_HINT}, rồi chạy lại",
        super::header::HEADER_SEARCH_ROWS
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn judge(name: &str, rows: &[&[&str]]) -> Option<UnrecognisedData> {
        let taxonomy = Config::default_config().expect("defaults").taxonomy;
        unrecognised_data(&RawSheet::from_texts(name, false, rows), &taxonomy)
    }

    const MODEL_ROW: [&str; 6] = ["1", "Hũ gạo", "Hội Phụ nữ", "Long Sơn", "Kinh tế", "2019"];

    #[test]
    fn data_under_a_header_missing_its_name_column_is_told() {
        let found = judge(
            "Sheet1",
            &[
                &[
                    "STT",
                    "Tên",
                    "Đơn vị thực hiện",
                    "Xã",
                    "Lĩnh vực",
                    "Năm bắt đầu",
                ],
                &MODEL_ROW,
                &MODEL_ROW,
            ],
        )
        .expect("data");
        assert_eq!((found.row, found.rows), (Some(1), 2));
        for said in [
            "trang Mô hình",
            "thiếu cột \"Tên mô hình\"",
            "đổi tên cột B từ \"Tên\" thành \"Tên mô hình\"",
            "dvk mau",
        ] {
            assert!(found.message.contains(said), "{said}: {}", found.message);
        }
    }

    #[test]
    fn data_without_any_header_is_told_by_its_name_or_its_years() {
        let rows: &[&[&str]] = &[&MODEL_ROW, &MODEL_ROW, &MODEL_ROW];
        let by_name = judge("Mô hình", &rows[..1]).expect("named");
        assert_eq!((by_name.row, by_name.rows), (None, 1));
        assert!(by_name.message.contains("Tên mô hình | Đơn vị thực hiện"));
        let by_years = judge("Sheet1", rows).expect("dated");
        assert_eq!(by_years.rows, 3);
        assert!(
            judge("Sheet1", &rows[..2]).is_none(),
            "two rows say too little"
        );
    }

    #[test]
    fn a_summary_beside_the_data_is_a_warning_without_renaming_advice() {
        // A clerk's own summary by hamlet: "Thôn" and "Kinh phí" are model
        // columns, but it lacks both the name and the year.
        let found = judge(
            "Tổng hợp",
            &[
                &[
                    "STT",
                    "Thôn",
                    "Số mô hình",
                    "Số công trình",
                    "Kinh phí (triệu đồng)",
                ],
                &["1", "Hà Xuyên", "12", "3", "150"],
                &["2", "Gò Chè", "9", "2", "80"],
            ],
        )
        .expect("data");
        assert!(!found.sure, "{}", found.message);
        assert!(found.message.contains("trang tổng hợp, kế hoạch"));
        for unsaid in ["đổi tên", "trang Mô hình", "STT | Tên mô hình"] {
            assert!(!found.message.contains(unsaid), "{}", found.message);
        }
        // Named for what it holds, a sheet is surely data.
        let rows: &[&[&str]] = &[&MODEL_ROW];
        assert!(judge("Mô hình", rows).expect("named").sure);
    }

    #[test]
    fn a_plan_is_not_called_a_models_sheet_for_a_word_in_its_table() {
        // "mô hình" in a plan's own cells is no title naming the sheet.
        let plan: &[&[&str]] = &[
            &["TT", "Nội dung", "Thời gian", "Đơn vị chủ trì"],
            &["1", "Xây dựng mô hình mới", "Quý I/2024", "UBND xã"],
            &["2", "Sơ kết 6 tháng", "Tháng 7/2024", "Đảng ủy"],
            &["3", "Tổng kết năm", "Tháng 12/2024", "Đảng ủy"],
        ];
        assert!(judge("Kế hoạch 2024", plan).is_none());
        // A title above the table still names it: one dated row is then
        // data to tell.
        let titled: &[&[&str]] = &[&["DANH SÁCH MÔ HÌNH DÂN VẬN KHÉO"], &MODEL_ROW];
        assert!(judge("Sheet1", titled).is_some());
        assert!(judge("Sheet1", &titled[1..]).is_none());
    }

    #[test]
    fn sheets_without_data_are_not_told() {
        for (name, rows) in [
            (
                "Bìa",
                &[
                    &["ỦY BAN NHÂN DÂN XÃ LONG SƠN"][..],
                    &["BÁO CÁO MÔ HÌNH DÂN VẬN KHÉO"],
                    &["Năm 2022"],
                ][..],
            ),
            (
                "Hướng dẫn",
                &[
                    &["1. Ghi tên mô hình"][..],
                    &["2. Ghi năm bắt đầu, ví dụ 2019"],
                ],
            ),
            ("Mô hình", &[&["STT", "Tên", "Năm"][..]]),
            ("Sheet1", &[]),
        ] {
            assert!(judge(name, rows).is_none(), "{name}");
        }
    }
}
