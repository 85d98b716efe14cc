//! Writes dvk's sample data (`sample-data/`) and test fixtures (`tests/fixtures/`)
//! and computes their expected figures (`tests/expected/*.json`) from the records
//! themselves, never by reading files back.
//!
//! This is the tests' independent oracle: it must not use any code from `src/`.
//! Its rules come from `../shared/interface.md` and `docs/decisions.md`.
//!
//! ```text
//! cargo run --example make_data -- --root .
//! cargo run --example make_data -- --xls-ods-source DIR   # used by tests/fixtures/make-xls-ods.sh
//! ```
//!
//! `--xls-ods-source` writes the workbooks LibreOffice converts: `nguon.xlsx`
//! (the `xls-ods` case), `lon-xon-xls.xlsx`, `lon-xon-ods.xlsx` (the two
//! converted files of the `lon-xon` case) and `o-gop.xlsx` (cells merged
//! down over data rows, kept as .xlsx and converted to .xls and .ods).
//!
//! Same arguments, byte-identical files: randomness comes from an inline
//! splitmix64 seeded by constants, and workbooks carry a fixed creation date.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context, Result};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Formula, Workbook, Worksheet};
use serde_json::{json, Value};
use unicode_normalization::UnicodeNormalization;

const TINH: &str = "Quảng Ngãi";
const HUYEN: &str = "Minh Long";

fn main() -> Result<()> {
    let mut root = PathBuf::from(".");
    let mut xls_ods_source: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--root" => root = PathBuf::from(args.next().context("--root needs a folder")?),
            "--xls-ods-source" => {
                xls_ods_source = Some(PathBuf::from(
                    args.next().context("--xls-ods-source needs a folder")?,
                ));
            }
            other => bail!(
                "unknown argument {other:?}; usage: make_data [--root DIR] [--xls-ods-source DIR]"
            ),
        }
    }

    // The xls/ods fixture is converted by LibreOffice from this one workbook.
    if let Some(dir) = xls_ods_source {
        fs::create_dir_all(&dir)?;
        write_xlsx(&dir.join("nguon.xlsx"), &chuan_sheets(), None)?;
        for (_, source, sheets) in lon_xon_files().1 {
            write_xlsx(&dir.join(source), &sheets, None)?;
        }
        write_merged_down(&dir.join("o-gop.xlsx"))?;
        return Ok(());
    }

    let cases = [
        sample_case(),
        chuan_case(),
        csv_case(),
        xls_ods_case(),
        bien_the_case(),
        loi_case(),
        tieu_de_case(),
        tieu_de_hai_dong_case(),
        nhom_va_tong_case(),
        tong_sai_case(),
        so_dang_chu_case(),
        so_mo_ho_case(),
        ngay_va_cong_thuc_case(),
        csv_ma_hoa_case(),
        phong_cu_case(),
        nfd_va_dau_case(),
        gia_tri_case(),
        lon_xon_case(),
    ];
    let expected_dir = root.join("tests/expected");
    fs::create_dir_all(&expected_dir)?;
    for case in &cases {
        let dir = root.join(&case.dir);
        fs::create_dir_all(&dir)?;
        for file in &case.files {
            file.write(&dir)?;
        }
        let summary = summarise(case)?;
        if case.name == "sample-data" {
            fs::write(dir.join("README.md"), sample_readme(&summary))?;
        }
        let text = serde_json::to_string_pretty(&summary.to_json(case))? + "\n";
        fs::write(expected_dir.join(format!("{}.json", case.name)), text)?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Pseudo-random numbers: splitmix64, inline so output never depends on a crate.

struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `lo..=hi` (the modulo bias is irrelevant here).
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next_u64() % (hi - lo + 1) as u64) as i64
    }

    fn percent(&mut self, p: i64) -> bool {
        self.range(0, 99) < p
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.range(0, items.len() as i64 - 1) as usize]
    }

    fn weighted<'a, T>(&mut self, items: &'a [T], weight: impl Fn(&T) -> i64) -> &'a T {
        let mut roll = self.range(1, items.iter().map(&weight).sum());
        for item in items {
            if roll <= weight(item) {
                return item;
            }
            roll -= weight(item);
        }
        &items[items.len() - 1]
    }
}

// ---------------------------------------------------------------------------
// Records: what a clerk typed, cell by cell. Money is whole đồng, quantities
// are thousandths of the unit written, so every expected figure is exact.

#[derive(Clone, Debug, Default)]
struct Place {
    tinh: String,
    huyen: String,
    xa: String,
    thon: String,
}

impl Place {
    fn new(huyen: &str, xa: &str, thon: &str) -> Place {
        Place {
            tinh: TINH.into(),
            huyen: huyen.into(),
            xa: xa.into(),
            thon: thon.into(),
        }
    }

    /// The name at a locality level (0 tỉnh, 1 huyện, 2 xã, 3 thôn).
    fn part(&self, level: usize) -> &str {
        match level {
            0 => &self.tinh,
            1 => &self.huyen,
            2 => &self.xa,
            _ => &self.thon,
        }
    }
}

#[derive(Clone, Debug)]
enum YearCell {
    Number(i64),
    Text(String),
    Blank,
}

#[derive(Clone, Debug)]
enum MoneyCell {
    Blank,
    Dong(i64),
    Text(String),
}

/// Parses money as the fixtures spell it in triệu ("120.5"), "" for blank;
/// anything else stays text so the row can plant an unreadable cell.
fn trieu(text: &str) -> MoneyCell {
    if text.is_empty() {
        MoneyCell::Blank
    } else {
        match decimal(text, 6) {
            Some(dong) => MoneyCell::Dong(dong),
            None => MoneyCell::Text(text.into()),
        }
    }
}

/// Reads "12.5" as an integer scaled by 10^places (exactly, no floats).
fn decimal(text: &str, places: u32) -> Option<i64> {
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    if int.is_empty() || frac.len() > places as usize {
        return None;
    }
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !digits(int) || !digits(frac) {
        return None;
    }
    let scale = 10_i64.pow(places);
    let frac_value = format!("{frac:0<width$}", width = places as usize);
    Some(int.parse::<i64>().ok()? * scale + frac_value.parse::<i64>().unwrap_or(0))
}

#[derive(Clone, Debug)]
struct Model {
    name: String,
    unit: String,
    place: Place,
    field: String,
    year: YearCell,
    status: String,
    level: String,
    exemplary: String,
    money: MoneyCell,
    note: String,
}

fn model(name: &str, unit: &str, field: &str, year: i64, status: &str) -> Model {
    Model {
        name: name.into(),
        unit: unit.into(),
        place: Place::default(),
        field: field.into(),
        year: YearCell::Number(year),
        status: status.into(),
        level: String::new(),
        exemplary: String::new(),
        money: MoneyCell::Blank,
        note: String::new(),
    }
}

impl Model {
    fn at(mut self, place: &Place) -> Model {
        self.place = place.clone();
        self
    }
    fn level(mut self, level: &str) -> Model {
        self.level = level.into();
        self
    }
    fn star(mut self, mark: &str) -> Model {
        self.exemplary = mark.into();
        self
    }
    fn money(mut self, amount: &str) -> Model {
        self.money = trieu(amount);
        self
    }
    fn year_cell(mut self, year: YearCell) -> Model {
        self.year = year;
        self
    }
}

#[derive(Clone, Debug)]
struct Work {
    name: String,
    kind: String,
    /// Thousandths of `unit`; `None` is a blank cell.
    quantity: Option<i64>,
    unit: String,
    place: Place,
    year: YearCell,
    total: MoneyCell,
    state: MoneyCell,
    mobilized: MoneyCell,
    note: String,
}

fn work(name: &str, kind: &str, quantity: &str, unit: &str, year: i64) -> Work {
    Work {
        name: name.into(),
        kind: kind.into(),
        quantity: decimal(quantity, 3),
        unit: unit.into(),
        place: Place::default(),
        year: YearCell::Number(year),
        total: MoneyCell::Blank,
        state: MoneyCell::Blank,
        mobilized: MoneyCell::Blank,
        note: String::new(),
    }
}

impl Work {
    fn at(mut self, place: &Place) -> Work {
        self.place = place.clone();
        self
    }
    fn money(mut self, total: &str, state: &str, mobilized: &str) -> Work {
        self.total = trieu(total);
        self.state = trieu(state);
        self.mobilized = trieu(mobilized);
        self
    }
}

#[derive(Clone, Debug)]
struct Resource {
    place: Place,
    year: YearCell,
    participations: i64,
    total: MoneyCell,
    state: MoneyCell,
    mobilized: MoneyCell,
    workdays: i64,
    land_m2: i64,
    note: String,
}

fn resource(
    place: &Place,
    year: i64,
    participations: i64,
    workdays: i64,
    land_m2: i64,
) -> Resource {
    Resource {
        place: place.clone(),
        year: YearCell::Number(year),
        participations,
        total: MoneyCell::Blank,
        state: MoneyCell::Blank,
        mobilized: MoneyCell::Blank,
        workdays,
        land_m2,
        note: String::new(),
    }
}

impl Resource {
    fn money(mut self, total: &str, state: &str, mobilized: &str) -> Resource {
        self.total = trieu(total);
        self.state = trieu(state);
        self.mobilized = trieu(mobilized);
        self
    }
}

// ---------------------------------------------------------------------------
// Sheets and files: how records are laid out on disk.

#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    Models,
    Works,
    Resources,
}

const MODEL_HEADERS: [&str; 14] = [
    "STT",
    "Tên mô hình",
    "Đơn vị thực hiện",
    "Tỉnh",
    "Huyện",
    "Xã",
    "Thôn/Ấp",
    "Lĩnh vực",
    "Năm bắt đầu",
    "Tình trạng",
    "Cấp công nhận",
    "Tiêu biểu",
    "Kinh phí (triệu đồng)",
    "Ghi chú",
];
const WORK_HEADERS: [&str; 14] = [
    "STT",
    "Tên công trình, phần việc",
    "Loại công trình",
    "Số lượng",
    "Đơn vị tính",
    "Tỉnh",
    "Huyện",
    "Xã",
    "Thôn/Ấp",
    "Năm",
    "Tổng kinh phí (triệu đồng)",
    "Ngân sách nhà nước (triệu đồng)",
    "Vận động xã hội hóa (triệu đồng)",
    "Ghi chú",
];
const RESOURCE_HEADERS: [&str; 12] = [
    "STT",
    "Tỉnh",
    "Huyện",
    "Xã",
    "Năm",
    "Lượt cơ quan, đơn vị tham gia",
    "Tổng kinh phí (triệu đồng)",
    "Ngân sách nhà nước (triệu đồng)",
    "Vận động xã hội hóa (triệu đồng)",
    "Ngày công",
    "Đất hiến (m²)",
    "Ghi chú",
];

// Canonical column indexes that problems point at.
const M_FIELD: usize = 7;
const M_YEAR: usize = 8;
const M_MONEY: usize = 12;
const W_YEAR: usize = 9;
const W_TOTAL: usize = 10;
const R_YEAR: usize = 4;
const R_TOTAL: usize = 6;

impl Kind {
    /// The kind's name, also used as the "sheet" of a CSV file's problems.
    fn name(self) -> &'static str {
        match self {
            Kind::Models => "Mô hình",
            Kind::Works => "Công trình",
            Kind::Resources => "Nguồn lực",
        }
    }

    fn headers(self) -> &'static [&'static str] {
        match self {
            Kind::Models => &MODEL_HEADERS,
            Kind::Works => &WORK_HEADERS,
            Kind::Resources => &RESOURCE_HEADERS,
        }
    }
}

#[derive(Clone, Debug)]
enum Records {
    Models(Vec<Model>),
    Works(Vec<Work>),
    Resources(Vec<Resource>),
}

impl Records {
    fn kind(&self) -> Kind {
        match self {
            Records::Models(_) => Kind::Models,
            Records::Works(_) => Kind::Works,
            Records::Resources(_) => Kind::Resources,
        }
    }

    /// Cells of every record, in canonical column order, STT numbered from 1.
    fn rows(&self) -> Result<Vec<Vec<Cell>>> {
        let stt = |i: usize| Cell::Num((i as i64 + 1) * 1000);
        match self {
            Records::Models(models) => models
                .iter()
                .enumerate()
                .map(|(i, m)| {
                    Ok(vec![
                        stt(i),
                        text(&m.name),
                        text(&m.unit),
                        text(&m.place.tinh),
                        text(&m.place.huyen),
                        text(&m.place.xa),
                        text(&m.place.thon),
                        text(&m.field),
                        year_cell(&m.year),
                        text(&m.status),
                        text(&m.level),
                        text(&m.exemplary),
                        money_cell(&m.money)?,
                        text(&m.note),
                    ])
                })
                .collect(),
            Records::Works(works) => works
                .iter()
                .enumerate()
                .map(|(i, w)| {
                    Ok(vec![
                        stt(i),
                        text(&w.name),
                        text(&w.kind),
                        w.quantity.map_or(Cell::Blank, Cell::Num),
                        text(&w.unit),
                        text(&w.place.tinh),
                        text(&w.place.huyen),
                        text(&w.place.xa),
                        text(&w.place.thon),
                        year_cell(&w.year),
                        money_cell(&w.total)?,
                        money_cell(&w.state)?,
                        money_cell(&w.mobilized)?,
                        text(&w.note),
                    ])
                })
                .collect(),
            Records::Resources(resources) => resources
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    Ok(vec![
                        stt(i),
                        text(&r.place.tinh),
                        text(&r.place.huyen),
                        text(&r.place.xa),
                        year_cell(&r.year),
                        Cell::Num(r.participations * 1000),
                        money_cell(&r.total)?,
                        money_cell(&r.state)?,
                        money_cell(&r.mobilized)?,
                        Cell::Num(r.workdays * 1000),
                        Cell::Num(r.land_m2 * 1000),
                        text(&r.note),
                    ])
                })
                .collect(),
        }
    }
}

/// One cell as written: numbers are thousandths, so ≤ 3 decimals by construction.
#[derive(Clone, Debug)]
enum Cell {
    Blank,
    Text(String),
    Num(i64),
}

fn text(s: &str) -> Cell {
    if s.is_empty() {
        Cell::Blank
    } else {
        Cell::Text(s.into())
    }
}

fn year_cell(year: &YearCell) -> Cell {
    match year {
        YearCell::Number(y) => Cell::Num(y * 1000),
        YearCell::Text(s) => Cell::Text(s.clone()),
        YearCell::Blank => Cell::Blank,
    }
}

/// Money cells are in triệu đồng, so a whole number of đồng must be a multiple of 1000.
fn money_cell(money: &MoneyCell) -> Result<Cell> {
    Ok(match money {
        MoneyCell::Blank => Cell::Blank,
        MoneyCell::Text(s) => Cell::Text(s.clone()),
        MoneyCell::Dong(d) if d % 1000 == 0 => Cell::Num(d / 1000),
        MoneyCell::Dong(d) => bail!("{d} đồng has more than 3 decimals in triệu"),
    })
}

/// One table of one kind, and where it sits in its sheet.
#[derive(Clone, Debug)]
struct Sheet {
    /// Sheet name in a workbook; for a CSV file, the kind's name.
    name: String,
    title: Option<String>,
    /// 1-based row of the header.
    header_row: u32,
    /// Canonical column indexes in the order written.
    order: Vec<usize>,
    /// Upper case, doubled spaces, "hoá" tone placement.
    variant_headers: bool,
    /// Template rows below the data with only STT filled (not rows for dvk).
    numbered_blank_rows: u32,
    records: Records,
    /// A messy layout (title block, two-row header, totals, …); `None` is the
    /// plain table described by the fields above.
    layout: Option<Layout>,
}

fn sheet(name: &str, records: Records) -> Sheet {
    let width = records.kind().headers().len();
    Sheet {
        name: name.into(),
        title: None,
        header_row: 1,
        order: (0..width).collect(),
        variant_headers: false,
        numbered_blank_rows: 0,
        records,
        layout: None,
    }
}

/// A sheet named after its kind, the canonical layout.
fn plain(records: Records) -> Sheet {
    let name = records.kind().name();
    sheet(name, records)
}

impl Sheet {
    /// The header of a canonical column as this file writes it.
    fn header(&self, column: usize) -> String {
        let canonical = self.records.kind().headers()[column];
        if let Some(layout) = &self.layout {
            return layout
                .cols
                .iter()
                .find(|c| c.canon == column)
                .map_or_else(|| canonical.to_string(), Col::display);
        }
        if !self.variant_headers {
            return canonical.into();
        }
        canonical
            .replace("hóa", "hoá")
            .to_uppercase()
            .replacen(' ', "  ", 1)
    }

    fn written_headers(&self) -> Vec<String> {
        self.order.iter().map(|&c| self.header(c)).collect()
    }
}

#[derive(Clone, Copy, Debug)]
enum NumberStyle {
    /// "1.234,5": "." groups thousands, "," marks decimals.
    Vietnamese,
    /// "1234.5", as other software exports.
    Machine,
}

#[derive(Clone, Copy, Debug)]
struct CsvStyle {
    bom: bool,
    delimiter: u8,
    crlf: bool,
    numbers: NumberStyle,
    encoding: Encoding,
}

/// How a CSV file's text becomes bytes. UTF-16 always carries its BOM,
/// Windows-1258 never has one.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Encoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    Windows1258,
}

#[derive(Clone, Debug)]
enum Body {
    Xlsx {
        sheets: Vec<Sheet>,
        notes: Option<(String, Vec<String>)>,
    },
    Csv {
        sheet: Sheet,
        style: CsvStyle,
    },
    /// Written by tests/fixtures/make-xls-ods.sh (LibreOffice), not here.
    Converted {
        sheets: Vec<Sheet>,
    },
    /// Commendations, dialogues and focus localities: three sheets of their
    /// own kinds, in the layout `dvk template` writes.
    Recognition(Recognition),
}

#[derive(Clone, Debug)]
struct SourceFile {
    name: String,
    body: Body,
}

impl SourceFile {
    fn sheets(&self) -> Vec<&Sheet> {
        match &self.body {
            Body::Xlsx { sheets, .. } | Body::Converted { sheets } => sheets.iter().collect(),
            Body::Csv { sheet, .. } => vec![sheet],
            Body::Recognition(_) => Vec::new(),
        }
    }

    fn write(&self, dir: &Path) -> Result<()> {
        let path = dir.join(&self.name);
        match &self.body {
            Body::Xlsx { sheets, notes } => write_xlsx(&path, sheets, notes.as_ref()),
            Body::Csv { sheet, style } => write_csv(&path, sheet, *style),
            Body::Converted { .. } => Ok(()),
            Body::Recognition(r) => r.write(&path),
        }
    }
}

fn xlsx(name: &str, sheets: Vec<Sheet>) -> SourceFile {
    SourceFile {
        name: name.into(),
        body: Body::Xlsx {
            sheets,
            notes: None,
        },
    }
}

fn csv_file(name: &str, records: Records, style: CsvStyle) -> SourceFile {
    SourceFile {
        name: name.into(),
        body: Body::Csv {
            sheet: plain(records),
            style,
        },
    }
}

// ---------------------------------------------------------------------------
// Commendations, dialogues with citizens, focus localities.

#[derive(Clone, Debug)]
struct Award {
    year: i64,
    form: &'static str,
    level: &'static str,
    collective: bool,
    name: String,
    unit: &'static str,
    xa: &'static str,
}

#[derive(Clone, Debug)]
struct Dialogue {
    year: i64,
    xa: &'static str,
    meetings: i64,
    citizens: i64,
}

#[derive(Clone, Debug)]
struct Focus {
    year: i64,
    xa: &'static str,
    thon: &'static str,
    chosen_by: &'static str,
}

#[derive(Clone, Debug, Default)]
struct Recognition {
    awards: Vec<Award>,
    dialogues: Vec<Dialogue>,
    focus: Vec<Focus>,
}

impl Recognition {
    fn write(&self, path: &Path) -> Result<()> {
        let mut workbook = Workbook::new();
        let bold = Format::new().set_bold();
        let table =
            |workbook: &mut Workbook, name: &str, headers: &[&str], rows: Vec<Vec<Cell>>| {
                let ws = workbook.add_worksheet();
                ws.set_name(name)?;
                for (c, h) in headers.iter().enumerate() {
                    ws.write_string_with_format(0, c as u16, *h, &bold)?;
                }
                for (r, row) in rows.iter().enumerate() {
                    let r = r as u32 + 1;
                    ws.write_number(r, 0, f64::from(r))?;
                    for (c, cell) in row.iter().enumerate() {
                        let c = c as u16 + 1;
                        match cell {
                            Cell::Blank => {}
                            Cell::Text(t) => {
                                ws.write_string(r, c, t)?;
                            }
                            Cell::Num(milli) => {
                                ws.write_number(r, c, *milli as f64 / 1000.0)?;
                            }
                        }
                    }
                }
                anyhow::Ok(())
            };
        let n = |v: i64| Cell::Num(v * 1000);
        table(
            &mut workbook,
            "Khen thưởng",
            &[
                "STT",
                "Năm",
                "Hình thức khen thưởng",
                "Cấp khen thưởng",
                "Đối tượng",
                "Tên tập thể, cá nhân",
                "Đơn vị thực hiện",
                "Tỉnh",
                "Huyện",
                "Xã",
                "Ghi chú",
            ],
            self.awards
                .iter()
                .map(|a| {
                    vec![
                        n(a.year),
                        text(a.form),
                        text(a.level),
                        text(if a.collective {
                            "Tập thể"
                        } else {
                            "Cá nhân"
                        }),
                        text(&a.name),
                        text(a.unit),
                        text(TINH),
                        text(HUYEN),
                        text(a.xa),
                    ]
                })
                .collect(),
        )?;
        table(
            &mut workbook,
            "Tiếp xúc, đối thoại",
            &[
                "STT",
                "Năm",
                "Tỉnh",
                "Huyện",
                "Xã",
                "Số cuộc tiếp xúc, đối thoại",
                "Số lượt công dân",
                "Ghi chú",
            ],
            self.dialogues
                .iter()
                .map(|d| {
                    vec![
                        n(d.year),
                        text(TINH),
                        text(HUYEN),
                        text(d.xa),
                        n(d.meetings),
                        n(d.citizens),
                    ]
                })
                .collect(),
        )?;
        table(
            &mut workbook,
            "Địa bàn điểm",
            &[
                "STT",
                "Năm",
                "Tỉnh",
                "Huyện",
                "Xã",
                "Thôn/Ấp",
                "Cấp chọn",
                "Ghi chú",
            ],
            self.focus
                .iter()
                .map(|f| {
                    vec![
                        n(f.year),
                        text(TINH),
                        text(HUYEN),
                        text(f.xa),
                        text(f.thon),
                        text(f.chosen_by),
                    ]
                })
                .collect(),
        )?;
        workbook.set_properties(&fixed_properties()?);
        workbook.save(path)?;
        Ok(())
    }

    fn rows(&self) -> i64 {
        (self.awards.len() + self.dialogues.len() + self.focus.len()) as i64
    }
}

/// The district's commendations, its communes' dialogues with citizens and
/// the communes and hamlets it chose as focus localities.
fn sample_recognition(rng: &mut Rng) -> Recognition {
    let mut r = Recognition::default();
    let units = [
        "Hội Nông dân xã",
        "Hội Liên hiệp Phụ nữ xã",
        "Đoàn Thanh niên xã",
        "Hội Cựu chiến binh xã",
        "Mặt trận Tổ quốc xã",
    ];
    let people = [
        "Đinh Văn Bảy",
        "Đinh Thị Hoa",
        "Phạm Văn Lâm",
        "Đinh Thị Mai",
        "Nguyễn Văn Tấn",
        "Đinh Văn Hùng",
        "Phạm Thị Lan",
        "Đinh Văn Út",
        "Trần Thị Ngọc",
        "Đinh Văn Sáu",
        "Lê Văn Quang",
    ];
    // At the sơ kết (2019) and the tổng kết (2022): Bằng khen of the
    // province, Giấy khen of the district.
    let mut person = 0;
    for (year, form, level, collectives, individuals) in [
        (2019, "Bằng khen", "UBND tỉnh", 1, 2),
        (2019, "Giấy khen", "UBND huyện", 3, 4),
        (2022, "Bằng khen", "UBND tỉnh", 2, 1),
        (2022, "Giấy khen", "UBND huyện", 2, 4),
    ] {
        for k in 0..collectives + individuals {
            let c = &COMMUNES[rng.range(0, COMMUNES.len() as i64 - 1) as usize];
            let unit = rng.pick(&units);
            let collective = k < collectives;
            let name = if collective {
                format!("{} {}", unit, c.name)
            } else {
                person += 1;
                people[(person - 1) % people.len()].to_owned()
            };
            r.awards.push(Award {
                year,
                form,
                level,
                collective,
                name,
                unit,
                xa: c.name,
            });
        }
    }
    for year in 2017..=2022 {
        for c in &COMMUNES {
            let meetings = rng.range(4, 12);
            let citizens = meetings * rng.range(40, 90);
            r.dialogues.push(Dialogue {
                year,
                xa: c.name,
                meetings,
                citizens,
            });
        }
    }
    // Two communes chosen by the district, and a hamlet in each commune.
    for (year, xa, thon) in [
        (2017, COMMUNES[0].name, ""),
        (2018, COMMUNES[3].name, ""),
        (2017, COMMUNES[0].name, COMMUNES[0].thons[1]),
        (2017, COMMUNES[1].name, COMMUNES[1].thons[0]),
        (2018, COMMUNES[2].name, COMMUNES[2].thons[2]),
        (2018, COMMUNES[3].name, COMMUNES[3].thons[0]),
        (2019, COMMUNES[4].name, COMMUNES[4].thons[3]),
    ] {
        r.focus.push(Focus {
            year,
            xa,
            thon,
            chosen_by: if thon.is_empty() { "Huyện" } else { "Xã" },
        });
    }
    r
}

/// A test case or the sample: its files, the CLI args and thus the period.
struct Case {
    name: String,
    /// Folder below --root that holds the files.
    dir: String,
    /// Prefix of `problems[].file` in the expected JSON.
    label: String,
    files: Vec<SourceFile>,
    period: Option<(i64, i64)>,
}

fn fixture(name: &str, files: Vec<SourceFile>) -> Case {
    Case {
        name: name.into(),
        dir: format!("tests/fixtures/{name}"),
        label: name.into(),
        files,
        period: None,
    }
}

// ---------------------------------------------------------------------------
// The sample: huyện Minh Long, five xã and the district's agencies.

struct Commune {
    index: usize,
    name: &'static str,
    slug: &'static str,
    thons: [&'static str; 4],
    seed: u64,
}

static COMMUNES: [Commune; 5] = [
    Commune {
        index: 0,
        name: "Long Sơn",
        slug: "long-son",
        thons: ["Ba Liên", "Gò Chè", "Làng Ranh", "Mai Lãnh Hạ"],
        seed: 11,
    },
    Commune {
        index: 1,
        name: "Long Hiệp",
        slug: "long-hiep",
        thons: ["Hà Bôi", "Diệp Thạch", "Biều Qua", "Đồng Rinh"],
        seed: 23,
    },
    Commune {
        index: 2,
        name: "Long Mai",
        slug: "long-mai",
        thons: ["Dư Thượng", "Ruộng Gò", "Yên Ngựa", "Hà Liệt"],
        seed: 37,
    },
    Commune {
        index: 3,
        name: "Thanh An",
        slug: "thanh-an",
        thons: ["Diệp Hạ", "Làng Trê", "Dư Hạ", "Gò Tranh"],
        seed: 41,
    },
    Commune {
        index: 4,
        name: "Long Môn",
        slug: "long-mon",
        thons: ["Hà Xuyên", "Văn Mỹ", "Làng Ren", "Trà Lãnh"],
        seed: 59,
    },
];

/// A kind of model: how the clerk may write its field, and plausible names and units.
struct ModelTheme {
    weight: i64,
    fields: &'static [&'static str],
    names: &'static [&'static str],
    units: &'static [&'static str],
}

static THEMES: [ModelTheme; 7] = [
    ModelTheme {
        weight: 28,
        fields: &["Kinh tế", "Phát triển kinh tế", "KT"],
        names: &[
            "Nuôi bò sinh sản luân chuyển",
            "Tổ hợp tác trồng keo",
            "Hỗ trợ con giống giúp hội viên thoát nghèo",
            "Trồng cây ăn quả trên đất dốc",
            "Chăn nuôi heo đen bản địa",
            "Tổ tiết kiệm và vay vốn",
            "Trồng rau an toàn",
            "Nuôi cá nước ngọt",
        ],
        units: &[
            "Hội Nông dân xã",
            "Hội Liên hiệp Phụ nữ xã",
            "Hội Cựu chiến binh xã",
            "Đoàn Thanh niên xã",
            "Chi hội Nông dân thôn",
        ],
    },
    ModelTheme {
        weight: 18,
        fields: &["VH-XH", "Văn hoá - Xã hội", "Văn hóa - xã hội", "VHXH"],
        names: &[
            "Nồi cơm tình thương",
            "Hũ gạo tình thương",
            "Tủ sách pháp luật ở thôn",
            "Câu lạc bộ cồng chiêng",
            "Áo ấm cho em",
            "Khuyến học, khuyến tài",
            "Ngày thứ bảy tình nguyện",
        ],
        units: &[
            "Hội Liên hiệp Phụ nữ xã",
            "Đoàn Thanh niên xã",
            "Trường Tiểu học và THCS xã",
            "Trạm Y tế xã",
            "Ban công tác Mặt trận thôn",
        ],
    },
    ModelTheme {
        weight: 10,
        fields: &["Bảo vệ môi trường"],
        names: &[
            "Tổ tự quản đường hoa",
            "Ngày Chủ nhật xanh",
            "Thu gom rác thải tại thôn",
            "Con đường xanh - sạch - đẹp",
            "Phân loại rác thải tại nguồn",
        ],
        units: &[
            "Hội Liên hiệp Phụ nữ xã",
            "Đoàn Thanh niên xã",
            "Hội Cựu chiến binh xã",
            "Ban công tác Mặt trận thôn",
        ],
    },
    ModelTheme {
        weight: 12,
        fields: &[
            "QP-AN",
            "Quốc phòng - an ninh",
            "Quốc phòng – An ninh",
            "QPAN",
        ],
        names: &[
            "Dân quân cùng dân giữ bình yên thôn bản",
            "Tổ hòa giải ở cơ sở",
            "Thôn không có tội phạm",
            "Dân quân giúp dân thu hoạch mùa màng",
        ],
        units: &[
            "Ban Chỉ huy Quân sự xã",
            "Công an xã",
            "Ban công tác Mặt trận thôn",
        ],
    },
    ModelTheme {
        weight: 12,
        fields: &["An ninh trật tự", "ANTT"],
        names: &[
            "Tiếng kẻng an ninh",
            "Camera an ninh Nhân dân",
            "Điện thắp sáng đường quê",
            "Tổ tự quản an ninh trật tự",
        ],
        units: &["Công an xã", "Đoàn Thanh niên xã", "Hội Cựu chiến binh xã"],
    },
    ModelTheme {
        weight: 14,
        fields: &["XDHTCT", "Xây dựng hệ thống chính trị", "XD HTCT"],
        names: &[
            "Dân vận chính quyền trong cải cách hành chính",
            "Tiếp dân và đối thoại trực tiếp với Nhân dân",
            "Chi bộ thôn trong sạch, vững mạnh",
            "Mỗi đảng viên gắn với một hộ gia đình",
        ],
        units: &[
            "Ủy ban nhân dân xã",
            "Đảng ủy xã",
            "Ủy ban MTTQ Việt Nam xã",
            "Chi bộ thôn",
        ],
    },
    ModelTheme {
        weight: 6,
        fields: &["Khác", "Các lĩnh vực khác"],
        names: &[
            "Kết nghĩa giúp đỡ người già neo đơn",
            "Hỗ trợ người khuyết tật hòa nhập",
        ],
        units: &["Hội Người cao tuổi xã", "Hội Chữ thập đỏ xã"],
    },
];

const EFFECTIVE: [&str; 3] = ["Hiệu quả", "Duy trì hiệu quả", "Đang duy trì, hiệu quả"];

/// Random money in `lo..=hi` triệu, a multiple of `grain` đồng.
fn amount(rng: &mut Rng, lo_trieu: i64, hi_trieu: i64, grain: i64) -> i64 {
    rng.range(lo_trieu * 1_000_000 / grain, hi_trieu * 1_000_000 / grain) * grain
}

/// `pct` % of `total`, rounded down to `grain` đồng so both parts stay on the grain.
fn share(total: i64, pct: i64, grain: i64) -> i64 {
    total * pct / 100 / grain * grain
}

fn random_model(rng: &mut Rng, place: Place, grain: i64) -> Model {
    let theme = rng.weighted(&THEMES, |t| t.weight);
    let year = rng.range(2017, 2022);
    // Older models are the ones that had time to stop or to prove effective.
    let status = match (rng.range(0, 99), year <= 2019) {
        (0..=11, true) => "Ngừng hoạt động",
        (0..=59, _) => rng.pick(&EFFECTIVE),
        (60..=74, _) => "Đang thực hiện",
        (75..=86, _) => "Mới đăng ký",
        (87..=92, _) => "Ngừng hoạt động",
        _ => "",
    };
    let effective = EFFECTIVE.contains(&status);
    let mut m = model(
        rng.pick(theme.names),
        rng.pick(theme.units),
        rng.pick(theme.fields),
        year,
        status,
    )
    .at(&place);
    if effective && rng.percent(70) {
        m.level = rng
            .weighted(&[(6, "Xã"), (3, "Huyện"), (1, "Tỉnh")], |p| p.0)
            .1
            .into();
    }
    if effective && rng.percent(18) {
        m.exemplary = "x".into();
    }
    if rng.percent(70) {
        m.money = MoneyCell::Dong(amount(rng, 1, 150, grain));
    }
    if rng.percent(8) {
        m.note = rng
            .pick(&["Nhân rộng ra các thôn", "Được UBND huyện tặng Giấy khen"])
            .into();
    }
    m
}

fn sample_models(c: &Commune, rng: &mut Rng, grain: i64) -> Vec<Model> {
    let count = rng.range(40, 80);
    (0..count)
        .map(|_| {
            let thon = if rng.percent(75) {
                rng.pick(&c.thons)
            } else {
                ""
            };
            random_model(rng, Place::new(HUYEN, c.name, thon), grain)
        })
        .collect()
}

/// Work kinds: (type as written, unit as written, name pattern, price range in triệu per unit,
/// state budget share range in %). Quantities per row come from `work_quantity`.
struct WorkTheme {
    weight: i64,
    kinds: &'static [&'static str],
    unit: &'static str,
    name: &'static str,
    price: (i64, i64),
    state_pct: (i64, i64),
}

static WORK_THEMES: [WorkTheme; 9] = [
    WorkTheme {
        weight: 3,
        kinds: &["Đường giao thông nông thôn", "Đường GTNT"],
        unit: "km",
        name: "Bê tông hóa đường thôn {thon}",
        price: (600, 1200),
        state_pct: (55, 85),
    },
    WorkTheme {
        weight: 3,
        kinds: &["Đường giao thông nông thôn", "Đường GTNT"],
        unit: "m",
        name: "Đường nội đồng thôn {thon}",
        price: (500, 900),
        state_pct: (40, 80),
    },
    WorkTheme {
        weight: 1,
        kinds: &["Cầu"],
        unit: "cây",
        name: "Cầu bê-tông qua suối thôn {thon}",
        price: (300, 1500),
        state_pct: (60, 90),
    },
    WorkTheme {
        weight: 2,
        kinds: &["Nhà tình thương"],
        unit: "căn",
        name: "Xây nhà tình thương cho hộ nghèo thôn {thon}",
        price: (40, 60),
        state_pct: (0, 40),
    },
    WorkTheme {
        weight: 2,
        kinds: &["Nhà đại đoàn kết"],
        unit: "căn",
        name: "Nhà đại đoàn kết cho hộ khó khăn thôn {thon}",
        price: (50, 70),
        state_pct: (0, 50),
    },
    WorkTheme {
        weight: 1,
        kinds: &["Nhà văn hóa"],
        unit: "căn",
        name: "Sửa chữa nhà văn hóa thôn {thon}",
        price: (80, 400),
        state_pct: (40, 80),
    },
    WorkTheme {
        weight: 2,
        kinds: &["Học bổng"],
        unit: "suất",
        name: "Học bổng cho học sinh nghèo vượt khó",
        price: (1, 2),
        state_pct: (0, 20),
    },
    WorkTheme {
        weight: 2,
        kinds: &["Điện thắp sáng đường quê"],
        unit: "km",
        name: "Điện thắp sáng đường quê thôn {thon}",
        price: (20, 80),
        state_pct: (0, 30),
    },
    WorkTheme {
        weight: 2,
        kinds: &["Camera an ninh"],
        unit: "cái",
        name: "Lắp đặt camera an ninh thôn {thon}",
        price: (3, 6),
        state_pct: (0, 40),
    },
];

/// A quantity in thousandths of the written unit: km with decimals
/// (`km_step` thousandths apart), metres and pieces whole.
fn work_quantity(rng: &mut Rng, unit: &str, km_step: i64) -> i64 {
    match unit {
        "km" => rng.range(300 / km_step, 3500 / km_step) * km_step,
        "m" => rng.range(150, 1800) * 1000,
        "cây" | "căn" => rng.range(1, 3) * 1000,
        "suất" => rng.range(10, 50) * 1000,
        _ => rng.range(2, 12) * 1000,
    }
}

fn sample_works(c: &Commune, rng: &mut Rng, grain: i64, km_step: i64) -> Vec<Work> {
    let count = rng.range(8, 20);
    (0..count)
        .map(|i| {
            // The first two works of xã number k are of kinds 2k and 2k+1, so the
            // sample holds every kind, however the dice fall.
            let theme = if i < 2 {
                &WORK_THEMES[(c.index * 2 + i as usize) % WORK_THEMES.len()]
            } else {
                rng.weighted(&WORK_THEMES, |t| t.weight)
            };
            let thon = rng.pick(&c.thons);
            let quantity = work_quantity(rng, theme.unit, km_step);
            // Price is per unit; a road in metres is priced per km.
            let per = if theme.unit == "m" { 1_000_000 } else { 1000 };
            let price = amount(rng, theme.price.0, theme.price.1, grain);
            let total = price * quantity / per / grain * grain;
            let state = share(
                total,
                rng.range(theme.state_pct.0, theme.state_pct.1),
                grain,
            );
            let mut w = work(
                &theme.name.replace("{thon}", thon),
                rng.pick(theme.kinds),
                "",
                theme.unit,
                rng.range(2017, 2022),
            )
            .at(&Place::new(HUYEN, c.name, thon));
            w.quantity = Some(quantity);
            w.total = MoneyCell::Dong(total);
            w.state = MoneyCell::Dong(state);
            w.mobilized = MoneyCell::Dong(total - state);
            if theme.unit == "m" && rng.percent(30) {
                w.note = "Nhân dân hiến đất làm đường".into();
            }
            w
        })
        .collect()
}

fn sample_resources(c: &Commune, rng: &mut Rng, grain: i64) -> Vec<Resource> {
    (2017..=2022)
        .map(|year| {
            let land = if rng.percent(40) {
                0
            } else {
                rng.range(50, 2500)
            };
            let mut r = resource(
                &Place::new(HUYEN, c.name, ""),
                year,
                rng.range(8, 45),
                rng.range(300, 4500),
                land,
            );
            let total = amount(rng, 150, 1800, grain);
            let state = share(total, rng.range(30, 70), grain);
            r.total = MoneyCell::Dong(total);
            r.state = MoneyCell::Dong(state);
            r.mobilized = MoneyCell::Dong(total - state);
            r
        })
        .collect()
}

/// District agencies' models: Xã and Thôn/Ấp blank, grouped as "Minh Long (cấp huyện)".
const AGENCY_MODELS: [(&str, &str, &str); 16] = [
    ("Công an huyện", "Camera an ninh Nhân dân", "ANTT"),
    ("Công an huyện", "Tiếng kẻng an ninh", "An ninh trật tự"),
    (
        "Ban Chỉ huy Quân sự huyện",
        "Dân quân giúp dân thu hoạch mùa màng",
        "QP-AN",
    ),
    (
        "Ban Chỉ huy Quân sự huyện",
        "Hậu phương quân đội vững mạnh",
        "Quốc phòng - an ninh",
    ),
    (
        "Hội Nông dân huyện",
        "Hỗ trợ con giống giúp hội viên thoát nghèo",
        "Kinh tế",
    ),
    (
        "Hội Nông dân huyện",
        "Tổ hợp tác trồng keo giống mới",
        "Phát triển kinh tế",
    ),
    ("Hội Liên hiệp Phụ nữ huyện", "Nồi cơm tình thương", "VH-XH"),
    (
        "Hội Liên hiệp Phụ nữ huyện",
        "Hũ gạo tình thương",
        "Văn hóa - xã hội",
    ),
    (
        "Huyện đoàn Minh Long",
        "Tổ tự quản đường hoa",
        "Bảo vệ môi trường",
    ),
    ("Huyện đoàn Minh Long", "Ngày thứ bảy tình nguyện", "VHXH"),
    (
        "Hội Cựu chiến binh huyện",
        "Cựu chiến binh giúp nhau làm kinh tế",
        "KT",
    ),
    (
        "Ủy ban MTTQ Việt Nam huyện",
        "Nhà đại đoàn kết cho hộ nghèo",
        "Văn hoá - Xã hội",
    ),
    ("Phòng Giáo dục và Đào tạo", "Áo ấm cho em", "VH-XH"),
    (
        "Trung tâm Y tế huyện",
        "Khám bệnh miễn phí cho người cao tuổi",
        "VH-XH",
    ),
    (
        "Văn phòng HĐND và UBND huyện",
        "Dân vận chính quyền trong cải cách hành chính",
        "XDHTCT",
    ),
    (
        "Ban Dân vận Huyện ủy",
        "Tiếp dân và đối thoại trực tiếp với Nhân dân",
        "Xây dựng hệ thống chính trị",
    ),
];

fn agency_models(rng: &mut Rng) -> Vec<Model> {
    let place = Place::new(HUYEN, "", "");
    AGENCY_MODELS
        .iter()
        .map(|&(unit, name, field)| {
            let mut m = random_model(rng, place.clone(), 1000);
            m.unit = unit.into();
            m.name = name.into();
            m.field = field.into();
            m
        })
        .collect()
}

const VIETNAMESE_CSV: CsvStyle = CsvStyle {
    bom: true,
    delimiter: b';',
    crlf: true,
    numbers: NumberStyle::Vietnamese,
    encoding: Encoding::Utf8,
};

fn sample_case() -> Case {
    let mut files = Vec::new();
    for c in &COMMUNES {
        let mut rng = Rng(c.seed);
        // Long Môn's CSVs use two decimals at most, so no "12,345" is ambiguous.
        let csv = c.slug == "long-mon";
        let (grain, km_step) = if csv { (10_000, 10) } else { (1000, 1) };
        let mut models = sample_models(c, &mut rng, grain);
        let works = sample_works(c, &mut rng, grain, km_step);
        let resources = sample_resources(c, &mut rng, grain);
        // The sample's only two problems: a field outside the taxonomy.
        let unknown = match c.slug {
            "long-son" => Some((7, "Tổ công nghệ số cộng đồng", "Đoàn Thanh niên xã")),
            "long-mon" => Some((
                4,
                "Thanh toán không dùng tiền mặt ở chợ",
                "Hội Liên hiệp Phụ nữ xã",
            )),
            _ => None,
        };
        if let Some((i, name, unit)) = unknown {
            models[i].name = name.into();
            models[i].unit = unit.into();
            models[i].field = "Chuyển đổi số".into();
        }
        if csv {
            let base = format!("xa-{}", c.slug);
            files.push(csv_file(
                &format!("{base}-mo-hinh.csv"),
                Records::Models(models),
                VIETNAMESE_CSV,
            ));
            files.push(csv_file(
                &format!("{base}-cong-trinh.csv"),
                Records::Works(works),
                VIETNAMESE_CSV,
            ));
            files.push(csv_file(
                &format!("{base}-nguon-luc.csv"),
                Records::Resources(resources),
                VIETNAMESE_CSV,
            ));
        } else {
            files.push(xlsx(
                &format!("xa-{}.xlsx", c.slug),
                vec![
                    plain(Records::Models(models)),
                    plain(Records::Works(works)),
                    plain(Records::Resources(resources)),
                ],
            ));
        }
    }
    let mut rng = Rng(97);
    files.push(xlsx(
        "cac-co-quan-huyen.xlsx",
        vec![plain(Records::Models(agency_models(&mut rng)))],
    ));
    let mut rng = Rng(98);
    files.push(SourceFile {
        name: "huyen-khen-thuong-doi-thoai.xlsx".into(),
        body: Body::Recognition(sample_recognition(&mut rng)),
    });
    Case {
        name: "sample-data".into(),
        dir: "sample-data".into(),
        label: "sample-data".into(),
        files,
        period: None,
    }
}

// ---------------------------------------------------------------------------
// Fixtures: small hand-written cases, one rule family each.

/// xã Long Hiệp, grouped by thôn (one xã), with two xã-level models
/// ("Long Hiệp (cấp xã)"). Money has ≤ 2 decimals so the CSV copy is unambiguous.
fn chuan_records() -> (Vec<Model>, Vec<Work>, Vec<Resource>) {
    let xa = Place::new(HUYEN, "Long Hiệp", "");
    let hb = Place::new(HUYEN, "Long Hiệp", "Hà Bôi");
    let dt = Place::new(HUYEN, "Long Hiệp", "Diệp Thạch");
    let bq = Place::new(HUYEN, "Long Hiệp", "Biều Qua");
    let dr = Place::new(HUYEN, "Long Hiệp", "Đồng Rinh");
    let models = vec![
        model(
            "Nuôi bò sinh sản luân chuyển",
            "Hội Nông dân xã",
            "Kinh tế",
            2019,
            "Hiệu quả",
        )
        .at(&hb)
        .level("Huyện")
        .star("x")
        .money("120.5"),
        model(
            "Tổ hợp tác trồng keo",
            "Hội Nông dân xã",
            "Phát triển kinh tế",
            2020,
            "Đang thực hiện",
        )
        .at(&dt)
        .money("85"),
        model(
            "Hũ gạo tình thương",
            "Hội Liên hiệp Phụ nữ xã",
            "VH-XH",
            2019,
            "Duy trì hiệu quả",
        )
        .at(&bq)
        .level("Xã")
        .money("3.25"),
        model(
            "Tổ tự quản đường hoa",
            "Đoàn Thanh niên xã",
            "Bảo vệ môi trường",
            2021,
            "Đang duy trì, hiệu quả",
        )
        .at(&dr)
        .level("Huyện")
        .star("x")
        .money("15"),
        model(
            "Tiếng kẻng an ninh",
            "Công an xã",
            "An ninh trật tự",
            2020,
            "Hiệu quả",
        )
        .at(&hb)
        .level("Xã"),
        model(
            "Camera an ninh Nhân dân",
            "Công an xã",
            "QP-AN",
            2022,
            "Mới đăng ký",
        )
        .at(&xa)
        .money("48.6"),
        model(
            "Dân vận chính quyền trong cải cách hành chính",
            "Ủy ban nhân dân xã",
            "XDHTCT",
            2021,
            "Hiệu quả",
        )
        .at(&xa)
        .level("Huyện"),
        model(
            "Ngày Chủ nhật xanh",
            "Đoàn Thanh niên xã",
            "Văn hóa - xã hội",
            2022,
            "",
        )
        .at(&dt)
        .money("2"),
        model(
            "Nồi cơm tình thương",
            "Hội Cựu chiến binh xã",
            "Khác",
            2020,
            "Ngừng hoạt động",
        )
        .at(&bq)
        .money("6.75"),
        model(
            "Chi bộ thôn trong sạch, vững mạnh",
            "Chi bộ thôn Đồng Rinh",
            "Xây dựng hệ thống chính trị",
            2019,
            "Duy trì hiệu quả",
        )
        .at(&dr)
        .level("Xã"),
        model(
            "Tổ hòa giải ở cơ sở",
            "Ban công tác Mặt trận thôn",
            "Quốc phòng - an ninh",
            2022,
            "Đang thực hiện",
        )
        .at(&hb),
    ];
    let works = vec![
        work(
            "Bê tông hóa đường thôn Hà Bôi",
            "Đường giao thông nông thôn",
            "1.25",
            "km",
            2019,
        )
        .at(&hb)
        .money("950", "700", "250"),
        work("Đường nội đồng Diệp Thạch", "Đường GTNT", "350", "m", 2020)
            .at(&dt)
            .money("260.5", "180", "80.5"),
        work("Cầu bê-tông qua suối Biều Qua", "Cầu", "1", "cây", 2021)
            .at(&bq)
            .money("620", "500", "120"),
        work(
            "Xây nhà tình thương cho hộ bà Đinh Thị H.",
            "Nhà tình thương",
            "2",
            "căn",
            2019,
        )
        .at(&bq)
        .money("110", "40", "70"),
        work(
            "Nhà đại đoàn kết cho hộ ông Đinh Văn T.",
            "Nhà đại đoàn kết",
            "1",
            "căn",
            2022,
        )
        .at(&dr)
        .money("60", "20", "40"),
        // Quantity blank: the work still counts, with quantity 0.
        work(
            "Sửa chữa nhà văn hóa thôn Đồng Rinh",
            "Nhà văn hóa",
            "",
            "căn",
            2021,
        )
        .at(&dr)
        .money("85.75", "50", "35.75"),
        work(
            "Học bổng cho học sinh nghèo vượt khó",
            "Học bổng",
            "25",
            "suất",
            2020,
        )
        .at(&xa)
        .money("37.5", "0", "37.5"),
        work(
            "Điện thắp sáng đường quê thôn Hà Bôi",
            "Điện thắp sáng đường quê",
            "1.8",
            "km",
            2022,
        )
        .at(&hb)
        .money("54.2", "0", "54.2"),
        work("Lắp đặt camera an ninh", "Camera an ninh", "6", "cái", 2021)
            .at(&xa)
            .money("27", "7", "20"),
    ];
    let resources = vec![
        resource(&xa, 2019, 12, 1250, 1200).money("820.4", "560", "260.4"),
        resource(&xa, 2020, 15, 1680, 850).money("1130.25", "700", "430.25"),
        resource(&xa, 2021, 18, 2100, 0).money("1425.6", "900", "525.6"),
        resource(&xa, 2022, 14, 1420, 500).money("990", "610", "380"),
    ];
    (models, works, resources)
}

fn chuan_sheets() -> Vec<Sheet> {
    let (models, works, resources) = chuan_records();
    vec![
        plain(Records::Models(models)),
        plain(Records::Works(works)),
        plain(Records::Resources(resources)),
    ]
}

fn chuan_case() -> Case {
    fixture("chuan", vec![xlsx("chuan.xlsx", chuan_sheets())])
}

fn csv_case() -> Case {
    let (models, works, resources) = chuan_records();
    let works_style = CsvStyle {
        bom: false,
        delimiter: b',',
        crlf: false,
        numbers: NumberStyle::Machine,
        encoding: Encoding::Utf8,
    };
    // Vietnamese numbers with a "," delimiter: the writer quotes "1.130,25".
    let resources_style = CsvStyle {
        bom: true,
        delimiter: b',',
        crlf: true,
        numbers: NumberStyle::Vietnamese,
        encoding: Encoding::Utf8,
    };
    fixture(
        "csv",
        vec![
            csv_file("mo-hinh.csv", Records::Models(models), VIETNAMESE_CSV),
            csv_file("cong-trinh.csv", Records::Works(works), works_style),
            csv_file(
                "nguon-luc.csv",
                Records::Resources(resources),
                resources_style,
            ),
        ],
    )
}

fn xls_ods_case() -> Case {
    let converted = |name: &str| SourceFile {
        name: name.into(),
        body: Body::Converted {
            sheets: chuan_sheets(),
        },
    };
    fixture(
        "xls-ods",
        vec![converted("chuan.ods"), converted("chuan.xls")],
    )
}

/// Two xã (grouped by xã); every header is a variant spelling, columns are
/// shuffled, sheets are "Sheet1..3" and the table starts on row 3.
fn bien_the_case() -> Case {
    let ta = Place::new(HUYEN, "Thanh An", "Diệp Hạ");
    let ta2 = Place::new(HUYEN, "Thanh An", "Làng Trê");
    let lm = Place::new(HUYEN, "Long Mai", "Yên Ngựa");
    let lm_xa = Place::new(HUYEN, "Long Mai", "");
    let models = vec![
        model(
            "Trồng cây ăn quả trên đất dốc",
            "Hội Nông dân xã",
            "KT",
            2020,
            "Hiệu quả",
        )
        .at(&ta)
        .level("Xã")
        .star("X")
        .money("45.125"),
        model(
            "Câu lạc bộ cồng chiêng",
            "Đoàn Thanh niên xã",
            "Văn hoá - xã hội",
            2021,
            "Duy trì hiệu quả",
        )
        .at(&ta2)
        .money("12"),
        model(
            "Thu gom rác thải tại thôn",
            "Hội Liên hiệp Phụ nữ xã",
            "Bảo vệ môi trường",
            2022,
            "Mới đăng ký",
        )
        .at(&lm),
        model(
            "Camera an ninh Nhân dân",
            "Công an xã",
            "ANTT",
            2021,
            "Hiệu quả",
        )
        .at(&lm)
        .level("Huyện")
        .star("X")
        .money("30.5"),
        model(
            "Dân quân cùng dân giữ bình yên thôn bản",
            "Ban Chỉ huy Quân sự xã",
            "QPAN",
            2020,
            "Ngừng hoạt động",
        )
        .at(&ta),
        model(
            "Mỗi đảng viên gắn với một hộ gia đình",
            "Đảng ủy xã",
            "XD HTCT",
            2022,
            "Đang thực hiện",
        )
        .at(&lm_xa),
        model(
            "Kết nghĩa giúp đỡ người già neo đơn",
            "Hội Người cao tuổi xã",
            "Các lĩnh vực khác",
            2021,
            "",
        )
        .at(&ta2)
        .money("0.8"),
        model(
            "Tổ tiết kiệm và vay vốn",
            "Hội Liên hiệp Phụ nữ xã",
            "Phát triển kinh tế",
            2022,
            "Đang duy trì, hiệu quả",
        )
        .at(&lm)
        .level("Xã")
        .money("150"),
    ];
    let works = vec![
        work(
            "Bê tông hóa đường thôn Diệp Hạ",
            "Đường GTNT",
            "0.875",
            "km",
            2020,
        )
        .at(&ta)
        .money("612.5", "490", "122.5"),
        work(
            "Đường vào khu sản xuất Yên Ngựa",
            "Đường giao thông nông thôn",
            "1200",
            "m",
            2021,
        )
        .at(&lm)
        .money("840.25", "600", "240.25"),
        work(
            "Nhà tình thương cho hộ ông Đinh Văn P.",
            "Nhà tình thương",
            "1",
            "căn",
            2022,
        )
        .at(&lm)
        .money("55", "10", "45"),
        work("Học bổng Vừ A Dính", "Học bổng", "12", "suất", 2021)
            .at(&ta2)
            .money("18", "0", "18"),
        work(
            "Camera an ninh thôn Làng Trê",
            "Camera an ninh",
            "4",
            "cái",
            2022,
        )
        .at(&ta2)
        .money("19.6", "5", "14.6"),
        work("Cầu treo dân sinh Yên Ngựa", "Cầu", "1", "cây", 2020)
            .at(&lm)
            .money("1350.125", "1200", "150.125"),
    ];
    let resources = vec![
        resource(&Place::new(HUYEN, "Thanh An", ""), 2021, 20, 1800, 600)
            .money("640.5", "400", "240.5"),
        resource(&Place::new(HUYEN, "Thanh An", ""), 2022, 22, 2050, 0).money("700", "450", "250"),
        resource(&lm_xa, 2021, 17, 1320, 1500).money("512.75", "300", "212.75"),
        resource(&lm_xa, 2022, 19, 1475, 250).money("598.4", "350", "248.4"),
    ];
    let variant = |name: &str, title: &str, order: Vec<usize>, records: Records| Sheet {
        title: Some(title.into()),
        header_row: 3,
        order,
        variant_headers: true,
        ..sheet(name, records)
    };
    let file = SourceFile {
        name: "bien-the.xlsx".into(),
        body: Body::Xlsx {
            sheets: vec![
                variant(
                    "Sheet1",
                    "BIỂU TỔNG HỢP CÔNG TRÌNH, PHẦN VIỆC",
                    vec![0, 9, 2, 1, 3, 4, 7, 8, 6, 5, 12, 11, 10, 13],
                    Records::Works(works),
                ),
                variant(
                    "Sheet2",
                    "BIỂU TỔNG HỢP NGUỒN LỰC",
                    vec![0, 4, 3, 2, 1, 9, 10, 5, 6, 8, 7, 11],
                    Records::Resources(resources),
                ),
                variant(
                    "Sheet3",
                    "BIỂU TỔNG HỢP MÔ HÌNH",
                    vec![0, 8, 7, 1, 5, 6, 4, 3, 2, 11, 9, 12, 10, 13],
                    Records::Models(models),
                ),
            ],
            notes: Some((
                "Ghi chú".into(),
                vec![
                    "Số liệu do Văn phòng Đảng ủy các xã tổng hợp.".into(),
                    "Người lập biểu: Đinh Thị Lan".into(),
                    "Số điện thoại liên hệ: 0255 3 000 000".into(),
                ],
            )),
        },
    };
    fixture("bien-the", vec![file])
}

/// Planted errors and warnings, read with `--from 2018 --to 2021`; two huyện,
/// so rows group by huyện.
fn loi_case() -> Case {
    let lm = Place::new(HUYEN, "Long Mai", "Dư Thượng");
    let sh = Place::new("Sơn Hà", "Sơn Hạ", "Nước Rinh");
    let lm_xa = Place::new(HUYEN, "Long Mai", "");
    let sh_xa = Place::new("Sơn Hà", "Sơn Hạ", "");
    let models = vec![
        model(
            "Nuôi bò sinh sản luân chuyển",
            "Hội Nông dân xã",
            "Kinh tế",
            2018,
            "Hiệu quả",
        )
        .at(&lm)
        .money("20"),
        // "2O19" with a letter O: not a year, rejected.
        model(
            "Hũ gạo tình thương",
            "Hội Liên hiệp Phụ nữ xã",
            "VH-XH",
            0,
            "Hiệu quả",
        )
        .at(&lm)
        .year_cell(YearCell::Text("2O19".into())),
        model(
            "Nồi cơm tình thương",
            "Hội Liên hiệp Phụ nữ xã",
            "VH-XH",
            2019,
            "Duy trì hiệu quả",
        )
        .at(&sh)
        .star("x")
        .money("8.5"),
        model(
            "Tủ sách pháp luật ở thôn",
            "Đoàn Thanh niên xã",
            "VH-XH",
            0,
            "Mới đăng ký",
        )
        .at(&sh)
        .year_cell(YearCell::Blank),
        // Outside the taxonomy: counted as Khác, with a warning.
        model(
            "Tổ công nghệ số cộng đồng",
            "Đoàn Thanh niên xã",
            "Chuyển đổi số",
            2020,
            "Đang thực hiện",
        )
        .at(&lm),
        model(
            "Thôn không có tội phạm",
            "Công an xã",
            "QP-AN",
            1850,
            "Hiệu quả",
        )
        .at(&sh),
        model(
            "Trồng rau an toàn",
            "Hội Nông dân xã",
            "Kinh tế",
            2017,
            "Hiệu quả",
        )
        .at(&lm),
        model(
            "Tiếng kẻng an ninh",
            "Công an xã",
            "QP-AN",
            2021,
            "Ngừng hoạt động",
        )
        .at(&sh),
        model(
            "Ngày Chủ nhật xanh",
            "Đoàn Thanh niên xã",
            "Bảo vệ môi trường",
            2022,
            "Mới đăng ký",
        )
        .at(&lm),
        model(
            "Camera an ninh Nhân dân",
            "Công an xã",
            "ANTT",
            2020,
            "Hiệu quả",
        )
        .at(&sh)
        .level("Huyện")
        .money("12.5"),
        model(
            "Chi bộ thôn trong sạch, vững mạnh",
            "Đảng ủy xã",
            "XDHTCT",
            2021,
            "Đang thực hiện",
        )
        .at(&lm_xa),
        // A year typed as text is still a year.
        model(
            "Thu gom rác thải tại thôn",
            "Hội Cựu chiến binh xã",
            "Bảo vệ môi trường",
            0,
            "Hiệu quả",
        )
        .at(&sh)
        .year_cell(YearCell::Text("2019".into()))
        .money("4"),
    ];
    let works = vec![
        work(
            "Bê tông hóa đường thôn Dư Thượng",
            "Đường giao thông nông thôn",
            "1.5",
            "km",
            2018,
        )
        .at(&lm)
        .money("900", "600", "300"),
        work("Cầu bê-tông qua suối Nước Rinh", "Cầu", "1", "cây", 2019)
            .at(&sh)
            .money("abc", "300", "100"),
        // 30 + 50 ≠ 100: accepted with a warning, given values kept.
        work(
            "Nhà tình thương cho hộ bà Đinh Thị M.",
            "Nhà tình thương",
            "1",
            "căn",
            2020,
        )
        .at(&sh)
        .money("100", "30", "50"),
        // Only the total: parts 0 and 0, with a warning.
        work(
            "Học bổng cho học sinh nghèo vượt khó",
            "Học bổng",
            "20",
            "suất",
            2021,
        )
        .at(&sh_xa)
        .money("30", "", ""),
        work("Cầu bê-tông qua suối Dư Thượng", "Cầu", "1", "cây", 2017)
            .at(&lm)
            .money("500", "400", "100"),
        // Total blank: derived from the parts, no warning.
        work(
            "Sửa chữa nhà văn hóa thôn Dư Thượng",
            "Nhà văn hóa",
            "1",
            "căn",
            2019,
        )
        .at(&lm)
        .money("", "150", "60"),
        work("Lắp đặt camera an ninh", "Camera an ninh", "5", "cái", 2022)
            .at(&lm)
            .money("25", "5", "20"),
    ];
    let resources = vec![
        resource(&lm_xa, 2018, 10, 900, 300).money("450", "300", "150"),
        // State budget blank: derived as total - mobilised, no warning.
        resource(&lm_xa, 2019, 12, 1100, 0).money("520.5", "", "200.5"),
        resource(&sh_xa, 2020, 9, 800, 150).money("380", "250", "130"),
        resource(&sh_xa, 2021, 11, 950, 0).money("410.25", "260", "150.25"),
        resource(&lm_xa, 2022, 13, 1200, 400).money("600", "380", "220"),
        resource(&sh_xa, 2017, 8, 700, 0).money("300", "200", "100"),
    ];
    // Pre-numbered template rows below the data: not rows at all.
    let numbered = |records: Records, rows: u32| Sheet {
        numbered_blank_rows: rows,
        ..plain(records)
    };
    let file = xlsx(
        "loi.xlsx",
        vec![
            numbered(Records::Models(models), 4),
            numbered(Records::Works(works), 3),
            plain(Records::Resources(resources)),
        ],
    );
    Case {
        period: Some((2018, 2021)),
        ..fixture("loi", vec![file])
    }
}

// ---------------------------------------------------------------------------
// Messy real files: one case per quirk, and `lon-xon` with all of them.

fn subset<T: Clone>(items: &[T], picks: &[usize]) -> Vec<T> {
    picks.iter().map(|&i| items[i].clone()).collect()
}

const W_STATE: usize = W_TOTAL + 1;

/// Signature block of a commune's models sheet (columns as written).
const MODEL_SIGNATURE: &[&[(usize, &str)]] = &[
    &[],
    &[(9, "Long Hiệp, ngày 15 tháng 12 năm 2022")],
    &[(1, "NGƯỜI LẬP BIỂU"), (9, "TM. ĐẢNG ỦY")],
    &[(9, "BÍ THƯ")],
    &[],
    &[],
    &[(1, "Đinh Thị Lan"), (9, "Đinh Văn Hùng")],
];

/// A title block and a unit line; money headers without their unit.
fn tieu_de_case() -> Case {
    let (models, works, resources) = chuan_records();
    let models = subset(&models, &[0, 1, 3, 5]);
    let works = subset(&works, &[0, 1, 2]);
    let resources = subset(&resources, &[0, 3]);
    let m = Layout::new(Kind::Models, models.len())
        .above(vec![
            title("ĐẢNG BỘ HUYỆN MINH LONG"),
            title("ĐẢNG ỦY XÃ LONG HIỆP"),
            title("BIỂU TỔNG HỢP MÔ HÌNH “DÂN VẬN KHÉO”"),
            title("(Kèm theo Báo cáo số 125-BC/ĐU ngày 15/12/2022 của Đảng ủy xã Long Hiệp)"),
            Above::Blank,
            unit_line("ĐVT: triệu đồng"),
        ])
        .rename(M_MONEY, "Kinh phí");
    let w = Layout::new(Kind::Works, works.len())
        .above(vec![
            title("BIỂU TỔNG HỢP CÔNG TRÌNH, PHẦN VIỆC “DÂN VẬN KHÉO”"),
            Above::Blank,
            Above::Blank,
            unit_line("ĐVT: nghìn đồng"),
        ])
        .rename(W_TOTAL, "Tổng kinh phí")
        .rename(W_TOTAL + 1, "Ngân sách nhà nước")
        .rename(W_TOTAL + 2, "Vận động xã hội hóa")
        .money(Unit::Nghin, Fmt::Number);
    let r = Layout::new(Kind::Resources, resources.len())
        .above(vec![
            title("ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM XÃ LONG HIỆP"),
            title("BIỂU TỔNG HỢP NGUỒN LỰC HUY ĐỘNG"),
            unit_line("ĐVT: đồng"),
            Above::Blank,
        ])
        .rename(R_TOTAL, "Tổng kinh phí")
        .rename(R_TOTAL + 1, "Ngân sách nhà nước")
        .rename(R_TOTAL + 2, "Vận động xã hội hóa")
        .money(Unit::Dong, Fmt::Number);
    fixture(
        "tieu-de",
        vec![xlsx(
            "tieu-de.xlsx",
            vec![
                messy("Mô hình", Records::Models(models), m),
                messy("Công trình", Records::Works(works), w),
                messy("Nguồn lực", Records::Resources(resources), r),
            ],
        )],
    )
}

/// Headers over two rows with merged parents, and a numbering row.
fn tieu_de_hai_dong_case() -> Case {
    let (models, works, resources) = chuan_records();
    let models = subset(&models, &[0, 1, 2, 6, 7]);
    let works = subset(&works, &[0, 1, 2, 4]);
    let resources = subset(&resources, &[1, 2]);
    let m = Layout::new(Kind::Models, models.len())
        .upper()
        .group("ĐỊA BÀN", &[3, 4, 5, 6])
        .numbered(true);
    let w = Layout::new(Kind::Works, works.len())
        .upper()
        .group("ĐỊA BÀN", &[5, 6, 7, 8])
        .group_as(
            "KINH PHÍ (TRIỆU ĐỒNG)",
            &[
                (W_TOTAL, "TỔNG"),
                (W_TOTAL + 1, "NGÂN SÁCH NHÀ NƯỚC"),
                (W_TOTAL + 2, "VẬN ĐỘNG XÃ HỘI HÓA"),
            ],
        )
        .above(vec![title("BIỂU TỔNG HỢP CÔNG TRÌNH, PHẦN VIỆC")])
        .numbered(false);
    let r = Layout::new(Kind::Resources, resources.len())
        .group("Địa bàn", &[1, 2, 3])
        .group_as(
            "Kinh phí (nghìn đồng)",
            &[
                (R_TOTAL, "Tổng"),
                (R_TOTAL + 1, "Ngân sách nhà nước"),
                (R_TOTAL + 2, "Vận động xã hội hóa"),
            ],
        )
        .money(Unit::Nghin, Fmt::Number)
        .numbered(true);
    fixture(
        "tieu-de-hai-dong",
        vec![xlsx(
            "hai-dong.xlsx",
            vec![
                messy("Mô hình", Records::Models(models), m),
                messy("Công trình", Records::Works(works), w),
                messy("Nguồn lực", Records::Resources(resources), r),
            ],
        )],
    )
}

/// Group headings instead of a field column, subtotals and totals (all
/// right), and signature blocks.
fn nhom_va_tong_case() -> Case {
    let (models, works, resources) = chuan_records();
    // Kinh tế ×2, VH-XH ×2, BVMT, QP-AN ×2, ANTT, XDHTCT, Khác.
    let models = subset(&models, &[0, 1, 2, 7, 3, 5, 10, 4, 6, 8]);
    let works = subset(&works, &[0, 1, 2, 3]);
    let m = Layout::new(Kind::Models, models.len())
        .without(M_FIELD)
        .lines(vec![
            heading("I. Lĩnh vực kinh tế", "", 0, None),
            rec(0),
            rec(1),
            total("Cộng I"),
            heading("II", "VĂN HÓA - XÃ HỘI", 1, None),
            rec(2),
            rec(3),
            total("Cộng II"),
            heading("", "Bảo vệ môi trường", 1, Some(BVMT)),
            rec(4),
            total("Cộng"),
            heading("III", "QUỐC PHÒNG - AN NINH", 2, None),
            rec(5),
            rec(6),
            heading("", "An ninh trật tự", 2, Some(ANTT)),
            rec(7),
            heading("IV", "XÂY DỰNG HỆ THỐNG CHÍNH TRỊ", 3, None),
            rec(8),
            heading("", "Các lĩnh vực khác", 4, None),
            rec(9),
            total_stt("Tổng cộng"),
        ])
        .signature(MODEL_SIGNATURE);
    let w = Layout::new(Kind::Works, works.len())
        .lines(vec![rec(0), rec(1), rec(2), rec(3), total("Tổng số")])
        .signature(&[
            &[],
            &[(1, "Người lập biểu"), (5, "TM. ỦY BAN NHÂN DÂN XÃ")],
            &[(5, "CHỦ TỊCH")],
            &[],
            &[(1, "Đinh Thị Lan"), (5, "Đinh Văn Tâm")],
        ]);
    let r = Layout::new(Kind::Resources, resources.len())
        .lines(vec![rec(0), rec(1), rec(2), rec(3), total_stt("Tổng cộng")])
        .signature(&[
            &[],
            &[(1, "Nơi nhận:"), (11, "TM. BAN THƯỜNG TRỰC")],
            &[(1, "- Như trên;"), (11, "CHỦ TỊCH")],
            &[(1, "- Lưu VP.")],
            &[],
            &[(11, "Đinh Thị Mai")],
        ]);
    fixture(
        "nhom-va-tong",
        vec![xlsx(
            "nhom-va-tong.xlsx",
            vec![
                messy("Mô hình", Records::Models(models), m),
                messy("Công trình", Records::Works(works), w),
                messy("Nguồn lực", Records::Resources(resources), r),
            ],
        )],
    )
}

/// One stated total is wrong (the state budget of "Tổng cộng" on the works
/// sheet, under a two-row header): one warning there. Every other total is right.
fn tong_sai_case() -> Case {
    let (models, works, _) = chuan_records();
    let models = subset(&models, &[0, 1, 2, 7, 10, 6]);
    let works = subset(&works, &[0, 1, 2, 3]);
    let m = Layout::new(Kind::Models, models.len())
        .without(M_FIELD)
        .lines(vec![
            heading("I", "LĨNH VỰC KINH TẾ", 0, None),
            rec(0),
            rec(1),
            total("Cộng I"),
            heading("II", "VĂN HÓA - XÃ HỘI", 1, None),
            rec(2),
            rec(3),
            total("Cộng II"),
            heading("III", "QUỐC PHÒNG - AN NINH", 2, None),
            rec(4),
            heading("IV", "XÂY DỰNG HỆ THỐNG CHÍNH TRỊ", 3, None),
            rec(5),
            total("Tổng cộng"),
        ]);
    let w = Layout::new(Kind::Works, works.len())
        .group_as(
            "KINH PHÍ (TRIỆU ĐỒNG)",
            &[
                (W_TOTAL, "TỔNG"),
                (W_STATE, "NGÂN SÁCH NHÀ NƯỚC"),
                (W_TOTAL + 2, "VẬN ĐỘNG XÃ HỘI HÓA"),
            ],
        )
        .lines(vec![
            rec(0),
            rec(1),
            rec(2),
            rec(3),
            Line::Total {
                label: "Tổng cộng".into(),
                in_stt: false,
                formula: false,
                wrong: Some((W_STATE, 10_000_000)),
            },
        ]);
    fixture(
        "tong-sai",
        vec![xlsx(
            "tong-sai.xlsx",
            vec![
                messy("Mô hình", Records::Models(models), m),
                messy("Công trình", Records::Works(works), w),
            ],
        )],
    )
}

/// Money typed as text, one sheet per unit: đồng, nghìn, ngàn, triệu, tỷ.
fn so_dang_chu_case() -> Case {
    let xa = Place::new(HUYEN, "Long Hiệp", "");
    let hb = Place::new(HUYEN, "Long Hiệp", "Hà Bôi");
    let dt = Place::new(HUYEN, "Long Hiệp", "Diệp Thạch");
    let bq = Place::new(HUYEN, "Long Hiệp", "Biều Qua");
    let dong_works = vec![
        // "1.275.500.000", "1.000.000.000", "275.500.000"
        work(
            "Bê tông hóa đường thôn Hà Bôi",
            "Đường GTNT",
            "0.85",
            "km",
            2020,
        )
        .at(&hb)
        .money("1275.5", "1000", "275.5"),
        work(
            "Nhà tình thương cho hộ bà Đinh Thị B.",
            "Nhà tình thương",
            "1",
            "căn",
            2021,
        )
        .at(&dt)
        .money("55.25", "20", "35.25"),
    ];
    let nghin_resources = vec![
        // "1.234.567", "1.000.000", "234567" (grouped it would be ambiguous)
        resource(&xa, 2020, 14, 1500, 300).money("1234.567", "1000", "234.567"),
        // "1.500.250,5", "900000", "600.250,5"
        resource(&xa, 2021, 16, 1700, 0).money("1500.2505", "900", "600.2505"),
    ];
    let ngan_models = vec![
        // "1.250.000"
        model(
            "Trồng rau an toàn",
            "Hội Nông dân xã",
            "Kinh tế",
            2019,
            "Hiệu quả",
        )
        .at(&hb)
        .money("1250"),
        // "85.000,5"
        model(
            "Áo ấm cho em",
            "Đoàn Thanh niên xã",
            "VH-XH",
            2020,
            "Mới đăng ký",
        )
        .at(&dt)
        .money("85.0005"),
        // "15000"
        model(
            "Thôn không có tội phạm",
            "Công an xã",
            "QP-AN",
            2021,
            "Duy trì hiệu quả",
        )
        .at(&bq)
        .money("15"),
        // "2.500,75"
        model(
            "Chi bộ thôn trong sạch, vững mạnh",
            "Đảng ủy xã",
            "XDHTCT",
            2022,
            "Hiệu quả",
        )
        .at(&xa)
        .money("2.50075"),
    ];
    let trieu_works = vec![
        // "1.234,5", "1000", "234,5"
        work("Cầu bê-tông qua suối Biều Qua", "Cầu", "1", "cây", 2019)
            .at(&bq)
            .money("1234.5", "1000", "234.5"),
        // "12,25", "0", "12,25"
        work(
            "Học bổng cho học sinh nghèo",
            "Học bổng",
            "10",
            "suất",
            2020,
        )
        .at(&xa)
        .money("12.25", "0", "12.25"),
        // "350,0", "300", "50,0"
        work(
            "Sửa chữa nhà văn hóa thôn Diệp Thạch",
            "Nhà văn hóa",
            "1",
            "căn",
            2021,
        )
        .at(&dt)
        .money("350", "300", "50"),
        // "12.500.000đ", "5", "7,5"
        work(
            "Lắp đặt camera an ninh thôn Hà Bôi",
            "Camera an ninh",
            "5",
            "cái",
            2022,
        )
        .at(&hb)
        .money("12.5", "5", "7.5"),
        // "1,5 tỷ", "1.200,5", "299,5"
        work(
            "Bê tông hóa đường thôn Biều Qua",
            "Đường giao thông nông thôn",
            "2",
            "km",
            2022,
        )
        .at(&bq)
        .money("1500", "1200.5", "299.5"),
        // "66.5", "16.5", "50" (machine style)
        work(
            "Điện thắp sáng đường quê thôn Diệp Thạch",
            "Điện thắp sáng đường quê",
            "1.5",
            "km",
            2021,
        )
        .at(&dt)
        .money("66.5", "16.5", "50"),
    ];
    let ty_resources = vec![
        // "0,8204", "0,56", "0,2604"
        resource(&xa, 2019, 12, 1250, 1200).money("820.4", "560", "260.4"),
        // "1,13025", "0,7", "0,43025"
        resource(&xa, 2022, 14, 1420, 500).money("1130.25", "700", "430.25"),
    ];
    let units = |layout: Layout, unit: Unit, name: &str| {
        let kind = layout.kind;
        money_columns(kind)
            .iter()
            .fold(layout, |l, &c| {
                let header = kind.headers()[c].replace("(triệu đồng)", name);
                l.rename(c, &header)
            })
            .money(unit, Fmt::Vn)
    };
    let dong = units(Layout::new(Kind::Works, 2), Unit::Dong, "(đồng)");
    let nghin = units(Layout::new(Kind::Resources, 2), Unit::Nghin, "(nghìn đồng)");
    let ngan = units(Layout::new(Kind::Models, 4), Unit::Nghin, "(ngàn đồng)");
    let trieu = units(Layout::new(Kind::Works, 6), Unit::Trieu, "(triệu đồng)")
        .cell(2, W_TOTAL, Fmt::VnDecimal)
        .cell(2, W_TOTAL + 2, Fmt::VnDecimal)
        .cell(3, W_TOTAL, Fmt::DongSuffix)
        .cell(4, W_TOTAL, Fmt::TySuffix)
        .cell(5, W_TOTAL, Fmt::Machine)
        .cell(5, W_TOTAL + 1, Fmt::Machine)
        .cell(5, W_TOTAL + 2, Fmt::Machine);
    let ty = units(Layout::new(Kind::Resources, 2), Unit::Ty, "(tỷ đồng)");
    fixture(
        "so-dang-chu",
        vec![xlsx(
            "so-dang-chu.xlsx",
            vec![
                messy("Đồng", Records::Works(dong_works), dong),
                messy("Nghìn đồng", Records::Resources(nghin_resources), nghin),
                messy("Ngàn đồng", Records::Models(ngan_models), ngan),
                messy("Triệu đồng", Records::Works(trieu_works), trieu),
                messy("Tỷ đồng", Records::Resources(ty_resources), ty),
            ],
        )],
    )
}

/// One ambiguous money text, "1.250" in a column of number cells: read as
/// 1250 triệu, with a warning on that cell.
fn so_mo_ho_case() -> Case {
    let (models, works, _) = chuan_records();
    let models = subset(&models, &[0, 1, 3, 5]);
    let mut works = subset(&works, &[0, 2]);
    works.push(
        work(
            "Đường bê tông liên thôn Hà Bôi - Biều Qua",
            "Đường GTNT",
            "1.5",
            "km",
            2021,
        )
        .at(&Place::new(HUYEN, "Long Hiệp", "Hà Bôi"))
        .money("1250", "1000", "250"),
    );
    let w = Layout::new(Kind::Works, works.len()).cell(2, W_TOTAL, Fmt::Ambiguous);
    fixture(
        "so-mo-ho",
        vec![xlsx(
            "so-mo-ho.xlsx",
            vec![
                plain(Records::Models(models)),
                messy("Công trình", Records::Works(works), w),
            ],
        )],
    )
}

/// Years as date cells, text and formulas; totals as formulas with their
/// cached values (all right).
fn ngay_va_cong_thuc_case() -> Case {
    let (models, works, resources) = chuan_records();
    let models = subset(&models, &[0, 1, 2, 3, 5, 7]);
    let works = subset(&works, &[0, 1, 2, 3]);
    let m = Layout::new(Kind::Models, models.len())
        .cell(0, M_YEAR, Fmt::Date(15, 3))
        .cell(1, M_YEAR, Fmt::Text)
        .cell(2, M_YEAR, Fmt::Date(31, 12))
        .cell(3, M_YEAR, Fmt::Formula)
        .cell(4, M_YEAR, Fmt::Date(2, 9));
    let w = (0..works.len())
        .fold(Layout::new(Kind::Works, works.len()), |l, i| {
            l.cell(i, W_TOTAL, Fmt::Formula)
        })
        .cell(0, W_YEAR, Fmt::Date(20, 11))
        .cell(1, W_YEAR, Fmt::Formula)
        .lines(vec![
            rec(0),
            rec(1),
            rec(2),
            rec(3),
            total_formula("Tổng cộng"),
        ]);
    let r = (0..resources.len())
        .fold(Layout::new(Kind::Resources, resources.len()), |l, i| {
            l.cell(i, R_YEAR, Fmt::Date(31, 12))
                .cell(i, R_TOTAL, Fmt::Formula)
        })
        .lines(vec![
            rec(0),
            rec(1),
            rec(2),
            rec(3),
            total_stt_formula("Tổng cộng"),
        ]);
    fixture(
        "ngay-va-cong-thuc",
        vec![xlsx(
            "ngay-va-cong-thuc.xlsx",
            vec![
                messy("Mô hình", Records::Models(models), m),
                messy("Công trình", Records::Works(works), w),
                messy("Nguồn lực", Records::Resources(resources), r),
            ],
        )],
    )
}

/// The same four model records in five CSV encodings (figures are five
/// times theirs).
fn csv_ma_hoa_case() -> Case {
    let xa = Place::new(HUYEN, "Long Hiệp", "");
    let hb = Place::new(HUYEN, "Long Hiệp", "Hà Bôi");
    let dt = Place::new(HUYEN, "Long Hiệp", "Diệp Thạch");
    let dr = Place::new(HUYEN, "Long Hiệp", "Đồng Rinh");
    let models = vec![
        model(
            "Nuôi bò sinh sản luân chuyển",
            "Hội Nông dân xã",
            "Kinh tế",
            2020,
            "Hiệu quả",
        )
        .at(&hb)
        .level("Xã")
        .star("có")
        .money("45.5"),
        model(
            "Hũ gạo tình thương",
            "Hội Liên hiệp Phụ nữ xã",
            "Văn hóa – xã hội",
            2021,
            "Duy trì hiệu quả",
        )
        .at(&dr)
        .star("x")
        .money("12.25"),
        model(
            "Tiếng kẻng an ninh",
            "Công an xã",
            "An ninh trật tự",
            2021,
            "Mới đăng ký",
        )
        .at(&dt),
        model(
            "Dân vận chính quyền trong cải cách hành chính",
            "Ủy ban nhân dân xã",
            "XDHTCT",
            2022,
            "Ngừng hoạt động",
        )
        .at(&xa)
        .money("8"),
    ];
    let style = |bom, delimiter, crlf, numbers, encoding| CsvStyle {
        bom,
        delimiter,
        crlf,
        numbers,
        encoding,
    };
    let vn = NumberStyle::Vietnamese;
    let files = [
        (
            "1-utf8-bom.csv",
            style(true, b';', true, vn, Encoding::Utf8),
        ),
        (
            "2-utf8.csv",
            style(false, b',', false, NumberStyle::Machine, Encoding::Utf8),
        ),
        (
            "3-utf16le.csv",
            style(false, b'\t', true, vn, Encoding::Utf16Le),
        ),
        (
            "4-utf16be.csv",
            style(false, b'\t', true, vn, Encoding::Utf16Be),
        ),
        (
            "5-windows-1258.csv",
            style(false, b',', true, vn, Encoding::Windows1258),
        ),
    ];
    fixture(
        "csv-ma-hoa",
        files
            .iter()
            .map(|(name, s)| csv_file(name, Records::Models(models.clone()), *s))
            .collect(),
    )
}

/// Cells typed in legacy fonts: TCVN3 in an xlsx and in a UTF-8 CSV (as
/// Excel shows and exports them), VNI-Windows in another xlsx. Headers are
/// Unicode (the template's).
fn phong_cu_case() -> Case {
    let xa = Place::new(HUYEN, "Long Hiệp", "");
    let hb = Place::new(HUYEN, "Long Hiệp", "Hà Bôi");
    let dt = Place::new(HUYEN, "Long Hiệp", "Diệp Thạch");
    let bq = Place::new(HUYEN, "Long Hiệp", "Biều Qua");
    let dr = Place::new(HUYEN, "Long Hiệp", "Đồng Rinh");
    // Lower-case Vietnamese letters only (TCVN3 capitals need another font).
    let tcvn3_models = vec![
        model(
            "Nuôi bò sinh sản luân chuyển",
            "Hội Nông dân xã",
            "Kinh tế",
            2019,
            "Hiệu quả",
        )
        .at(&hb)
        .level("Huyện")
        .star("x")
        .money("120.5"),
        model(
            "Hũ gạo tình thương",
            "Hội Liên hiệp Phụ nữ xã",
            "VH-XH",
            2020,
            "Duy trì hiệu quả",
        )
        .at(&bq)
        .level("Xã")
        .money("3.25"),
        model(
            "Tiếng kẻng an ninh",
            "Công an xã",
            "An ninh trật tự",
            2021,
            "Mới đăng ký",
        )
        .at(&hb),
        model(
            "Nồi cơm tình thương",
            "Hội Cựu chiến binh xã",
            "Khác",
            2021,
            "Ngừng hoạt động",
        )
        .at(&dt)
        .money("6.75"),
        model(
            "Trồng rau an toàn",
            "Hội Nông dân xã",
            "Phát triển kinh tế",
            2022,
            "Hiệu quả",
        )
        .at(&dt),
    ];
    let tcvn3_works = vec![
        work(
            "Bê tông hóa đường thôn Hà Bôi",
            "đường giao thông nông thôn",
            "1.25",
            "km",
            2019,
        )
        .at(&hb)
        .money("950", "700", "250"),
        work(
            "Cầu bê-tông qua suối Biều Qua",
            "Cầu bê-tông",
            "1",
            "cây",
            2021,
        )
        .at(&bq)
        .money("620", "500", "120"),
        work(
            "Xây nhà tình thương cho hộ nghèo",
            "Nhà tình thương",
            "2",
            "căn",
            2020,
        )
        .at(&dt)
        .money("110", "40", "70"),
        work(
            "Học bổng cho học sinh nghèo vượt khó",
            "Học bổng",
            "25",
            "suất",
            2022,
        )
        .at(&xa)
        .money("37.5", "0", "37.5"),
    ];
    let vni_models = vec![
        model(
            "Tổ tự quản đường hoa",
            "Đoàn Thanh niên xã",
            "Bảo vệ môi trường",
            2021,
            "Đang duy trì, hiệu quả",
        )
        .at(&dr)
        .level("Huyện")
        .star("x")
        .money("15"),
        model(
            "Dân vận chính quyền trong cải cách hành chính",
            "Ủy ban nhân dân xã",
            "Xây dựng hệ thống chính trị",
            2020,
            "Hiệu quả",
        )
        .at(&xa)
        .level("Huyện"),
        model(
            "Tổ hòa giải ở cơ sở",
            "Ban công tác Mặt trận thôn",
            "Quốc phòng - an ninh",
            2022,
            "Đang thực hiện",
        )
        .at(&dr),
    ];
    let vni_works = vec![
        work(
            "Nhà đại đoàn kết cho hộ ông Đinh Văn T.",
            "Nhà đại đoàn kết",
            "1",
            "căn",
            2022,
        )
        .at(&dr)
        .money("60", "20", "40"),
        work(
            "Điện thắp sáng đường quê thôn Đồng Rinh",
            "Điện thắp sáng đường quê",
            "1.8",
            "km",
            2021,
        )
        .at(&dr)
        .money("54.2", "0", "54.2"),
    ];
    let csv_style = CsvStyle {
        bom: true,
        delimiter: b',',
        crlf: true,
        numbers: NumberStyle::Vietnamese,
        encoding: Encoding::Utf8,
    };
    let tcvn3_csv = SourceFile {
        name: "tcvn3.csv".into(),
        body: Body::Csv {
            sheet: messy(
                Kind::Works.name(),
                Records::Works(tcvn3_works),
                Layout::new(Kind::Works, 4).text(Fmt::Tcvn3),
            ),
            style: csv_style,
        },
    };
    fixture(
        "phong-cu",
        vec![
            tcvn3_csv,
            xlsx(
                "tcvn3.xlsx",
                vec![messy(
                    "Mô hình",
                    Records::Models(tcvn3_models),
                    Layout::new(Kind::Models, 5).text(Fmt::Tcvn3),
                )],
            ),
            xlsx(
                "vni.xlsx",
                vec![
                    messy(
                        "Mô hình",
                        Records::Models(vni_models),
                        Layout::new(Kind::Models, 3).text(Fmt::Vni),
                    ),
                    messy(
                        "Công trình",
                        Records::Works(vni_works),
                        Layout::new(Kind::Works, 2).text(Fmt::Vni),
                    ),
                ],
            ),
        ],
    )
}

const MODEL_HEADERS_ASCII: [&str; 14] = [
    "STT",
    "Ten mo hinh",
    "Don vi thuc hien",
    "Tinh",
    "Huyen",
    "Xa",
    "Thon/Ap",
    "Linh vuc",
    "Nam bat dau",
    "Tinh trang",
    "Cap cong nhan",
    "Tieu bieu",
    "Kinh phi (trieu dong)",
    "Ghi chu",
];
const RESOURCE_HEADERS_ASCII: [&str; 12] = [
    "STT",
    "Tinh",
    "Huyen",
    "Xa",
    "Nam",
    "Luot co quan, don vi tham gia",
    "Tong kinh phi (trieu dong)",
    "Ngan sach nha nuoc (trieu dong)",
    "Van dong xa hoi hoa (trieu dong)",
    "Ngay cong",
    "Dat hien (m2)",
    "Ghi chu",
];

/// Decomposed (NFD) cells and headers, other tone placements ("Hoà",
/// "Thuỷ", "Uỷ ban"), another case, and headers without diacritics. The
/// first spelling of each name is the plain one.
fn nfd_va_dau_case() -> Case {
    let hoa = |spelling: &str| Place::new(HUYEN, "Thanh An", spelling);
    let xa = Place::new(HUYEN, "Thanh An", "");
    let models = vec![
        model(
            "Tổ hòa giải ở cơ sở",
            "Ủy ban MTTQ Việt Nam xã",
            "Quốc phòng - an ninh",
            2020,
            "Hiệu quả",
        )
        .at(&hoa("Hòa Bình"))
        .money("5"),
        model(
            "Tổ hoà giải ở thôn",
            "Uỷ ban nhân dân xã",
            "Văn hoá - xã hội",
            2021,
            "Duy trì hiệu quả",
        )
        .at(&hoa("Hoà Bình"))
        .star("x")
        .money("12.5"),
        model(
            "Khuyến học, khuyến tài",
            "Hội Khuyến học xã",
            "Văn hóa - xã hội",
            2021,
            "Mới đăng ký",
        )
        .at(&hoa("Thủy Lợi")),
        model(
            "Nuôi cá nước ngọt",
            "Hội Nông dân xã",
            "Kinh tế",
            2022,
            "Hiệu quả",
        )
        .at(&hoa("Thuỷ Lợi"))
        .money("20"),
        model(
            "Trồng rau an toàn",
            "Hội Nông dân xã",
            "Phát triển kinh tế",
            2020,
            "Ngừng hoạt động",
        )
        .at(&hoa("Hòa Bình")),
        model(
            "Camera an ninh Nhân dân",
            "Công an xã",
            "An ninh trật tự",
            2022,
            "Đang thực hiện",
        )
        .at(&hoa("HÒA BÌNH")),
    ];
    let works = vec![
        work(
            "Sửa chữa nhà văn hóa thôn Hòa Bình",
            "Nhà văn hoá",
            "1",
            "căn",
            2021,
        )
        .at(&hoa("Hòa Bình"))
        .money("150", "100", "50"),
        work(
            "Điện thắp sáng đường quê thôn Thủy Lợi",
            "Điện thắp sáng đường quê",
            "1.2",
            "km",
            2020,
        )
        .at(&hoa("Thủy Lợi"))
        .money("36", "0", "36"),
        work(
            "Điện thắp sáng đường quê thôn Hòa Bình",
            "Điện thắp sáng đường quê",
            "0.8",
            "km",
            2022,
        )
        .at(&hoa("Hoà Bình"))
        .money("24", "4", "20"),
    ];
    let resources = vec![
        resource(&xa, 2021, 11, 900, 250).money("310.5", "200", "110.5"),
        resource(&xa, 2022, 13, 1100, 0).money("402", "250", "152"),
    ];
    let m = Layout::new(Kind::Models, models.len())
        .headers(&MODEL_HEADERS_ASCII)
        .row(3, Fmt::Nfd)
        .row(4, Fmt::Nfd)
        .cell(1, 9, Fmt::Nfd);
    let nfd_headers: Vec<String> = WORK_HEADERS.iter().map(|h| h.nfd().collect()).collect();
    let nfd_headers: Vec<&str> = nfd_headers.iter().map(String::as_str).collect();
    let w = Layout::new(Kind::Works, works.len())
        .headers(&nfd_headers)
        .row(2, Fmt::Nfd);
    let r = Layout::new(Kind::Resources, resources.len())
        .headers(&RESOURCE_HEADERS_ASCII)
        .row(1, Fmt::Nfd);
    fixture(
        "nfd-va-dau",
        vec![xlsx(
            "nfd-va-dau.xlsx",
            vec![
                messy("Mô hình", Records::Models(models), m),
                messy("Công trình", Records::Works(works), w),
                messy("Nguồn lực", Records::Resources(resources), r),
            ],
        )],
    )
}

/// Spellings of values: fields, statuses, exemplary marks, work types and
/// units; header synonyms.
fn gia_tri_case() -> Case {
    let dt = Place::new(HUYEN, "Long Mai", "Dư Thượng");
    let rg = Place::new(HUYEN, "Long Mai", "Ruộng Gò");
    let yn = Place::new(HUYEN, "Long Mai", "Yên Ngựa");
    let models = vec![
        model(
            "Nuôi bò sinh sản luân chuyển",
            "Hội Nông dân xã",
            "KT",
            2019,
            "Duy trì hiệu quả",
        )
        .at(&dt)
        .star("có")
        .money("30"),
        model(
            "Nồi cơm tình thương",
            "Hội Liên hiệp Phụ nữ xã",
            "VH-XH",
            2019,
            "Hiệu quả",
        )
        .at(&rg)
        .star("x"),
        model(
            "Tủ sách pháp luật ở thôn",
            "Đoàn Thanh niên xã",
            "VHXH",
            2020,
            "Mới đăng ký",
        )
        .at(&yn),
        model(
            "Dân quân giúp dân thu hoạch mùa màng",
            "Ban Chỉ huy Quân sự xã",
            "QP-AN",
            2020,
            "Ngừng",
        )
        .at(&dt),
        model("Thôn không có tội phạm", "Công an xã", "QPAN", 2021, "").at(&rg),
        model(
            "Camera an ninh Nhân dân",
            "Công an xã",
            "ANTT",
            2021,
            "Hiệu quả",
        )
        .at(&yn)
        .star("✓")
        .money("18.5"),
        model(
            "Chi bộ thôn trong sạch, vững mạnh",
            "Đảng ủy xã",
            "XDHTCT",
            2022,
            "Duy trì hiệu quả",
        )
        .at(&dt),
        model(
            "Hỗ trợ người khuyết tật hòa nhập",
            "Hội Chữ thập đỏ xã",
            "Các lĩnh vực khác",
            2022,
            "Mới đăng ký",
        )
        .at(&rg),
        model(
            "Câu lạc bộ cồng chiêng",
            "Đoàn Thanh niên xã",
            "Văn hóa – xã hội",
            2021,
            "Hiệu quả",
        )
        .at(&yn),
        model(
            "Dân quân cùng dân giữ bình yên thôn bản",
            "Ban Chỉ huy Quân sự xã",
            "Quốc phòng — an ninh",
            2022,
            "Ngừng",
        )
        .at(&yn),
        model(
            "Tổ hợp tác trồng keo",
            "Hội Nông dân xã",
            "PHÁT TRIỂN kinh tế",
            2020,
            "Hiệu quả",
        )
        .at(&dt)
        .star("có")
        .money("42"),
    ];
    let works = vec![
        work("Đường nội đồng Dư Thượng", "Đường GTNT", "850", "mét", 2019)
            .at(&dt)
            .money("420", "300", "120"),
        work(
            "Đường vào khu sản xuất Ruộng Gò",
            "đường giao thông nông thôn",
            "1200",
            "m",
            2020,
        )
        .at(&rg)
        .money("780", "500", "280"),
        work(
            "Bê tông hóa đường thôn Yên Ngựa",
            "Đường GTNT",
            "2.5",
            "km",
            2021,
        )
        .at(&yn)
        .money("1800", "1400", "400"),
        work(
            "Cầu bê-tông qua suối Dư Thượng",
            "Cầu bê-tông",
            "1",
            "cây",
            2021,
        )
        .at(&dt)
        .money("650", "500", "150"),
        work(
            "Nhà đại đoàn kết cho hộ nghèo",
            "Nhà đại đoàn kết",
            "2",
            "căn",
            2022,
        )
        .at(&rg)
        .money("120", "40", "80"),
    ];
    let m = Layout::new(Kind::Models, models.len())
        .rename(1, "Tên mô hình, điển hình")
        .rename(5, "Địa bàn");
    let w = Layout::new(Kind::Works, works.len())
        .rename(W_YEAR, "Năm thực hiện")
        .rename(W_TOTAL, "Kinh phí (triệu đồng)");
    fixture(
        "gia-tri",
        vec![xlsx(
            "gia-tri.xlsx",
            vec![
                messy("Mô hình", Records::Models(models), m),
                messy("Công trình", Records::Works(works), w),
            ],
        )],
    )
}

/// The records of `chuan`, exactly, written messy over six files: its
/// models, projects and funding equal chuan's; only rows.read and
/// rows.skipped grow by the layout rows.
fn lon_xon_case() -> Case {
    let (xlsx_and_csv, converted) = lon_xon_files();
    let mut files = xlsx_and_csv;
    for (name, _, sheets) in converted {
        files.push(SourceFile {
            name,
            body: Body::Converted { sheets },
        });
    }
    fixture("lon-xon", files)
}

/// The files of `lon-xon`, and the workbooks LibreOffice converts:
/// (file name in the fixture, source workbook name, sheets).
#[allow(clippy::type_complexity)]
fn lon_xon_files() -> (Vec<SourceFile>, Vec<(String, String, Vec<Sheet>)>) {
    let (models, works, resources) = chuan_records();

    // bieu-tong-hop.xlsx: everything at once, in plain Unicode (it is read
    // first, so it gives every name its label).
    let m = Layout::new(Kind::Models, 7)
        .without(M_FIELD)
        .upper()
        .rename(M_MONEY, "KINH PHÍ")
        .group("ĐỊA BÀN", &[3, 4, 5, 6])
        .above(vec![
            title("ĐẢNG BỘ HUYỆN MINH LONG"),
            title("ĐẢNG ỦY XÃ LONG HIỆP"),
            title("*"),
            Above::Blank,
            title("BIỂU TỔNG HỢP KẾT QUẢ THỰC HIỆN MÔ HÌNH “DÂN VẬN KHÉO” NĂM 2019 - 2022"),
            title("(Kèm theo Báo cáo số 125-BC/ĐU ngày 15/12/2022 của Đảng ủy xã Long Hiệp)"),
            unit_line("ĐVT: triệu đồng"),
        ])
        .numbered(true)
        .lines(vec![
            heading("I. LĨNH VỰC KINH TẾ", "", 0, None),
            rec(0),
            rec(1),
            total_formula("Cộng I"),
            heading("II", "VĂN HÓA - XÃ HỘI", 1, None),
            rec(2),
            total("Cộng II"),
            heading("", "Bảo vệ môi trường", 1, Some(BVMT)),
            rec(3),
            heading("III", "QUỐC PHÒNG - AN NINH", 2, None),
            rec(4),
            rec(5),
            total("Cộng III"),
            Line::Blank,
            heading("IV", "XÂY DỰNG HỆ THỐNG CHÍNH TRỊ", 3, None),
            rec(6),
            total_stt("TỔNG CỘNG"),
        ])
        .cell(0, M_YEAR, Fmt::Date(15, 3))
        .cell(3, M_YEAR, Fmt::Text)
        .cell(6, M_YEAR, Fmt::Formula)
        .cell(4, M_MONEY, Fmt::Vn)
        .row(5, Fmt::Nfd)
        .signature(&[
            &[],
            &[(8, "Long Hiệp, ngày 15 tháng 12 năm 2022")],
            &[(1, "NGƯỜI LẬP BIỂU"), (8, "TM. ĐẢNG ỦY")],
            &[(8, "BÍ THƯ")],
            &[],
            &[],
            &[(1, "Đinh Thị Lan"), (8, "Đinh Văn Hùng")],
        ]);
    let w = Layout::new(Kind::Works, 4)
        .upper()
        .group("ĐỊA BÀN", &[5, 6, 7, 8])
        .group_as(
            "KINH PHÍ (TRIỆU ĐỒNG)",
            &[
                (W_TOTAL, "TỔNG"),
                (W_TOTAL + 1, "NGÂN SÁCH NHÀ NƯỚC"),
                (W_TOTAL + 2, "VẬN ĐỘNG XÃ HỘI HÓA"),
            ],
        )
        .above(vec![
            title("BIỂU TỔNG HỢP CÔNG TRÌNH, PHẦN VIỆC “DÂN VẬN KHÉO”"),
            title("(Kèm theo Báo cáo số 125-BC/ĐU ngày 15/12/2022 của Đảng ủy xã Long Hiệp)"),
            Above::Blank,
        ])
        .numbered(false)
        .lines(vec![rec(0), rec(1), rec(2), rec(3), total("Tổng cộng")])
        .cell(1, W_TOTAL, Fmt::Formula)
        .cell(2, W_TOTAL, Fmt::DongSuffix)
        .cell(2, W_TOTAL + 1, Fmt::TySuffix)
        .cell(3, W_YEAR, Fmt::Date(20, 11))
        .signature(&[
            &[],
            &[(1, "Người lập biểu"), (5, "TM. ỦY BAN NHÂN DÂN XÃ")],
            &[(5, "KT. CHỦ TỊCH")],
            &[(5, "PHÓ CHỦ TỊCH")],
            &[],
            &[(1, "Đinh Thị Lan"), (5, "Đinh Văn Tâm")],
        ]);
    let r = Layout::new(Kind::Resources, 2)
        .rename(R_TOTAL, "Tổng kinh phí")
        .rename(R_TOTAL + 1, "Ngân sách nhà nước")
        .rename(R_TOTAL + 2, "Vận động xã hội hóa")
        .money(Unit::Dong, Fmt::Vn)
        .above(vec![
            title("BIỂU TỔNG HỢP NGUỒN LỰC HUY ĐỘNG"),
            unit_line("ĐVT: đồng"),
        ])
        .lines(vec![rec(0), rec(1), total_stt("Tổng số")])
        .cell(1, R_YEAR, Fmt::Date(31, 12))
        .signature(&[
            &[],
            &[(1, "T/M BAN THƯỜNG TRỰC")],
            &[(1, "CHỦ TỊCH")],
            &[],
            &[(1, "Đinh Thị Mai")],
        ]);
    let bieu = xlsx(
        "bieu-tong-hop.xlsx",
        vec![
            messy(
                "Mô hình",
                Records::Models(subset(&models, &[0, 1, 7, 3, 5, 10, 6])),
                m,
            ),
            messy(
                "Công trình",
                Records::Works(subset(&works, &[7, 8, 0, 2])),
                w,
            ),
            messy(
                "Nguồn lực",
                Records::Resources(subset(&resources, &[0, 1])),
                r,
            ),
        ],
    );

    // cong-trinh-1258.csv: Windows-1258, ",", money in đồng as text.
    let dong = |kind: Kind, records: usize| {
        money_columns(kind)
            .iter()
            .fold(Layout::new(kind, records), |l, &c| {
                l.rename(c, &kind.headers()[c].replace("(triệu đồng)", "(đồng)"))
            })
            .money(Unit::Dong, Fmt::Vn)
    };
    let cp1258 = SourceFile {
        name: "cong-trinh-1258.csv".into(),
        body: Body::Csv {
            sheet: messy(
                Kind::Works.name(),
                Records::Works(subset(&works, &[1, 3])),
                dong(Kind::Works, 2),
            ),
            style: CsvStyle {
                bom: false,
                delimiter: b',',
                crlf: true,
                numbers: NumberStyle::Vietnamese,
                encoding: Encoding::Windows1258,
            },
        },
    };

    // nguon-luc-utf16.csv: Excel's "Unicode text".
    let utf16 = SourceFile {
        name: "nguon-luc-utf16.csv".into(),
        body: Body::Csv {
            sheet: messy(
                Kind::Resources.name(),
                Records::Resources(subset(&resources, &[2, 3])),
                Layout::new(Kind::Resources, 2),
            ),
            style: CsvStyle {
                bom: false,
                delimiter: b'\t',
                crlf: true,
                numbers: NumberStyle::Vietnamese,
                encoding: Encoding::Utf16Le,
            },
        },
    };

    // phong-chu-cu.xlsx: a TCVN3 sheet and a VNI sheet.
    let years_as_text = (0..3).fold(
        Layout::new(Kind::Models, 3)
            .text(Fmt::Tcvn3)
            .above(vec![title(
                "BIỂU TỔNG HỢP MÔ HÌNH (CHI HỘI PHỤ NỮ, CÔNG AN XÃ, CCB)",
            )]),
        |l, i| l.cell(i, M_YEAR, Fmt::Text),
    );
    let legacy = xlsx(
        "phong-chu-cu.xlsx",
        vec![
            messy(
                "TCVN3",
                Records::Models(subset(&models, &[2, 4, 8])),
                years_as_text,
            ),
            messy(
                "VNI",
                Records::Models(subset(&models, &[9])),
                Layout::new(Kind::Models, 1).text(Fmt::Vni),
            ),
        ],
    );

    // tong-hop-cu.ods: decomposed text, money in đồng.
    let ods = vec![messy(
        "Công trình",
        Records::Works(subset(&works, &[4])),
        dong(Kind::Works, 1)
            .money(Unit::Dong, Fmt::Number)
            .text(Fmt::Nfd)
            .above(vec![
                title("ỦY BAN MTTQ VIỆT NAM XÃ LONG HIỆP"),
                title("DANH SÁCH CÔNG TRÌNH, PHẦN VIỆC"),
            ])
            .signature(&[
                &[],
                &[(1, "Long Hiệp, ngày 20 tháng 12 năm 2022")],
                &[(1, "TM. BAN THƯỜNG TRỰC")],
            ]),
    )];

    // tong-hop-cu.xls: nghìn đồng from a unit line, a date year, a numbering
    // row and a subtotal.
    let xls = vec![messy(
        "Công trình",
        Records::Works(subset(&works, &[5, 6])),
        Layout::new(Kind::Works, 2)
            .rename(W_TOTAL, "Tổng kinh phí")
            .rename(W_TOTAL + 1, "Ngân sách nhà nước")
            .rename(W_TOTAL + 2, "Vận động xã hội hóa")
            .money(Unit::Nghin, Fmt::Number)
            .above(vec![
                title("ĐẢNG ỦY XÃ LONG HIỆP"),
                title("BIỂU TỔNG HỢP CÔNG TRÌNH, PHẦN VIỆC NĂM 2020 - 2021"),
                unit_line("ĐVT: nghìn đồng"),
            ])
            .numbered(true)
            .lines(vec![rec(0), rec(1), total("Cộng")])
            .cell(0, W_YEAR, Fmt::Date(10, 8))
            .signature(&[&[], &[(1, "Người lập biểu")], &[], &[(1, "Đinh Thị Lan")]]),
    )];

    (
        vec![bieu, cp1258, utf16, legacy],
        vec![
            ("tong-hop-cu.ods".into(), "lon-xon-ods.xlsx".into(), ods),
            ("tong-hop-cu.xls".into(), "lon-xon-xls.xlsx".into(), xls),
        ],
    )
}

// ---------------------------------------------------------------------------
// Messy layouts: title blocks, unit lines, two-row headers, numbering rows,
// group headings, stated totals, signature blocks, money units, text numbers,
// dates, formulas, NFD and legacy fonts. A sheet with a layout is laid out
// as a grid of cells that both the writers and the expected figures read, so
// a record's row number is wherever the grid put it.

/// The unit money cells of a column are written in.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Unit {
    Dong,
    Nghin,
    Trieu,
    Ty,
}

impl Unit {
    /// Decimal places from đồng to this unit.
    fn scale(self) -> u32 {
        match self {
            Unit::Dong => 0,
            Unit::Nghin => 3,
            Unit::Trieu => 6,
            Unit::Ty => 9,
        }
    }
}

/// How one cell is written.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Fmt {
    /// A number cell (in a CSV: the file's number style).
    Number,
    /// "1.234.567,5": "." groups thousands, "," marks decimals; an integer
    /// whose grouping would be ambiguous ("990.000") is written ungrouped.
    Vn,
    /// Vietnamese with at least one decimal: "350,0".
    VnDecimal,
    /// "1234567.5".
    Machine,
    /// "12.500.000đ": đồng whatever the column's unit.
    DongSuffix,
    /// "1,5 tỷ": tỷ đồng whatever the column's unit.
    TySuffix,
    /// A planted ambiguity: one "." followed by three digits ("1.250").
    Ambiguous,
    /// Money: "=L5+M5" (total of the row's two parts); year: "=YEAR(DATE(…))";
    /// stated totals: the sum of the cells covered. Cached result included.
    Formula,
    /// Year: a date cell (day, month) in that year.
    Date(u8, u8),
    /// Year: the text "2019".
    Text,
    /// Text cells as they are (NFC).
    Plain,
    /// Text cells decomposed (NFD).
    Nfd,
    /// Text cells typed in a TCVN3 (ABC) font: each byte shown as its
    /// Windows-1252 character. Lower-case Vietnamese letters only.
    Tcvn3,
    /// Text cells typed in a VNI-Windows font ("Tieáng Vieät").
    Vni,
}

/// A column as written.
#[derive(Clone, Debug)]
struct Col {
    canon: usize,
    /// The header text (under a parent, the child's own text).
    header: String,
    /// Two-row header: the merged cell above this column and its neighbours.
    parent: Option<String>,
    /// Money columns: the unit of their values.
    unit: Unit,
    /// Numeric columns: how their cells are written.
    fmt: Fmt,
}

impl Col {
    /// The column as problems name it.
    fn display(&self) -> String {
        match &self.parent {
            Some(parent) => format!("{parent} / {}", self.header),
            None => self.header.clone(),
        }
    }
}

/// A row above the header: not a row for dvk.
#[derive(Clone, Debug)]
enum Above {
    /// Merged across the table.
    Title(String),
    /// "ĐVT: triệu đồng", merged over the last three columns.
    UnitLine(String),
    Blank,
}

fn title(text: &str) -> Above {
    Above::Title(text.into())
}

fn unit_line(text: &str) -> Above {
    Above::UnitLine(text.into())
}

/// A row of the table body.
#[derive(Clone, Debug)]
enum Line {
    Record(usize),
    /// A group heading: `stt` in the STT column (merged over the row when
    /// `name` is empty), `name` in the name column, and the field it names.
    Heading {
        stt: String,
        name: String,
        field: (usize, Option<&'static str>),
    },
    /// A stated total: "Cộng…" sums the records since the last heading,
    /// "Tổng cộng"/"Tổng số" all records above. `wrong` adds đồng to one
    /// column's stated value (a planted warning).
    Total {
        label: String,
        in_stt: bool,
        formula: bool,
        wrong: Option<(usize, i64)>,
    },
    Blank,
}

fn rec(i: usize) -> Line {
    Line::Record(i)
}

fn heading(stt: &str, name: &str, field: usize, sub: Option<&'static str>) -> Line {
    Line::Heading {
        stt: stt.into(),
        name: name.into(),
        field: (field, sub),
    }
}

fn total(label: &str) -> Line {
    Line::Total {
        label: label.into(),
        in_stt: false,
        formula: false,
        wrong: None,
    }
}

/// A total whose label sits in the STT column, merged up to the year column.
fn total_stt(label: &str) -> Line {
    Line::Total {
        label: label.into(),
        in_stt: true,
        formula: false,
        wrong: None,
    }
}

fn total_formula(label: &str) -> Line {
    Line::Total {
        label: label.into(),
        in_stt: false,
        formula: true,
        wrong: None,
    }
}

/// A total whose label sits in the STT column, stated as formulas.
fn total_stt_formula(label: &str) -> Line {
    Line::Total {
        label: label.into(),
        in_stt: true,
        formula: true,
        wrong: None,
    }
}

/// Any text column of a record, in `Layout::cells`.
const ANY: usize = usize::MAX;

#[derive(Clone, Debug)]
struct Layout {
    kind: Kind,
    above: Vec<Above>,
    cols: Vec<Col>,
    /// A numbering row below the header: `Some(true)` "(1) (2) …", `Some(false)` 1 2 3.
    numbering: Option<bool>,
    lines: Vec<Line>,
    /// Rows below the table, by written column; an empty row is blank.
    signature: Vec<Vec<(usize, String)>>,
    /// Per-cell formats: (record, canonical column or `ANY` text column, format).
    cells: Vec<(usize, usize, Fmt)>,
    /// Format of text cells not listed in `cells`.
    text: Fmt,
}

/// Canonical money columns of a kind.
fn money_columns(kind: Kind) -> &'static [usize] {
    match kind {
        Kind::Models => &[M_MONEY],
        Kind::Works => &[W_TOTAL, W_TOTAL + 1, W_TOTAL + 2],
        Kind::Resources => &[R_TOTAL, R_TOTAL + 1, R_TOTAL + 2],
    }
}

fn year_column(kind: Kind) -> usize {
    match kind {
        Kind::Models => M_YEAR,
        Kind::Works => W_YEAR,
        Kind::Resources => R_YEAR,
    }
}

impl Layout {
    /// The canonical table: template headers, money in triệu as numbers.
    fn new(kind: Kind, records: usize) -> Layout {
        Layout {
            kind,
            above: Vec::new(),
            cols: kind
                .headers()
                .iter()
                .enumerate()
                .map(|(canon, header)| Col {
                    canon,
                    header: (*header).into(),
                    parent: None,
                    unit: Unit::Trieu,
                    fmt: Fmt::Number,
                })
                .collect(),
            numbering: None,
            lines: (0..records).map(Line::Record).collect(),
            signature: Vec::new(),
            cells: Vec::new(),
            text: Fmt::Plain,
        }
    }

    fn rename(mut self, canon: usize, header: &str) -> Layout {
        for col in self.cols.iter_mut().filter(|c| c.canon == canon) {
            col.header = header.into();
        }
        self
    }

    fn headers(mut self, headers: &[&str]) -> Layout {
        for (col, header) in self.cols.iter_mut().zip(headers) {
            col.header = (*header).into();
        }
        self
    }

    fn upper(mut self) -> Layout {
        for col in &mut self.cols {
            col.header = col.header.to_uppercase();
        }
        self
    }

    fn without(mut self, canon: usize) -> Layout {
        self.cols.retain(|c| c.canon != canon);
        self
    }

    /// A parent header over columns, keeping their own headers below it.
    fn group(mut self, parent: &str, canons: &[usize]) -> Layout {
        for col in self.cols.iter_mut().filter(|c| canons.contains(&c.canon)) {
            col.parent = Some(parent.into());
        }
        self
    }

    /// A parent header over columns, with the children's headers given.
    fn group_as(self, parent: &str, children: &[(usize, &str)]) -> Layout {
        let canons: Vec<usize> = children.iter().map(|c| c.0).collect();
        children
            .iter()
            .fold(self.group(parent, &canons), |l, (canon, header)| {
                l.rename(*canon, header)
            })
    }

    /// Unit and format of every money column.
    fn money(mut self, unit: Unit, fmt: Fmt) -> Layout {
        let money = money_columns(self.kind);
        for col in self.cols.iter_mut().filter(|c| money.contains(&c.canon)) {
            col.unit = unit;
            col.fmt = fmt;
        }
        self
    }

    fn above(mut self, rows: Vec<Above>) -> Layout {
        self.above = rows;
        self
    }

    fn numbered(mut self, parenthesised: bool) -> Layout {
        self.numbering = Some(parenthesised);
        self
    }

    fn lines(mut self, lines: Vec<Line>) -> Layout {
        self.lines = lines;
        self
    }

    fn signature(mut self, rows: &[&[(usize, &str)]]) -> Layout {
        self.signature = rows
            .iter()
            .map(|row| row.iter().map(|(c, t)| (*c, (*t).to_string())).collect())
            .collect();
        self
    }

    fn cell(mut self, record: usize, canon: usize, fmt: Fmt) -> Layout {
        self.cells.push((record, canon, fmt));
        self
    }

    /// The format of every text cell of one record.
    fn row(self, record: usize, fmt: Fmt) -> Layout {
        self.cell(record, ANY, fmt)
    }

    fn text(mut self, fmt: Fmt) -> Layout {
        self.text = fmt;
        self
    }

    fn text_fmt(&self, record: usize, canon: usize) -> Fmt {
        let find = |c: usize| {
            self.cells
                .iter()
                .find(|(r, k, _)| *r == record && *k == c)
                .map(|x| x.2)
        };
        find(canon).or_else(|| find(ANY)).unwrap_or(self.text)
    }

    fn value_fmt(&self, record: usize, col: &Col) -> Fmt {
        self.cells
            .iter()
            .find(|(r, k, _)| *r == record && *k == col.canon)
            .map_or(col.fmt, |x| x.2)
    }

    fn position(&self, canon: usize) -> Option<usize> {
        self.cols.iter().position(|c| c.canon == canon)
    }
}

/// A sheet laid out by `layout`.
fn messy(name: &str, records: Records, layout: Layout) -> Sheet {
    Sheet {
        layout: Some(layout),
        ..sheet(name, records)
    }
}

/// A decimal number `units / 10^scale`, exact.
#[derive(Clone, Copy, Debug)]
struct Dec {
    units: i64,
    scale: u32,
}

impl Dec {
    fn new(units: i64, scale: u32) -> Dec {
        let mut d = Dec { units, scale };
        while d.scale > 0 && d.units % 10 == 0 {
            d.units /= 10;
            d.scale -= 1;
        }
        d
    }

    fn whole(n: i64) -> Dec {
        Dec::new(n, 0)
    }

    fn pow(self) -> i64 {
        10_i64.pow(self.scale)
    }

    fn to_f64(self) -> f64 {
        self.units as f64 / self.pow() as f64
    }

    /// The digits, with `group` between thousands and `mark` before decimals.
    fn text(self, group: Option<char>, mark: char) -> Result<String> {
        if self.units < 0 {
            bail!("negative number {self:?}");
        }
        let int = self.units / self.pow();
        let mut out = match group {
            Some(sep) => group_thousands(int, sep),
            None => int.to_string(),
        };
        if self.scale > 0 {
            let frac = self.units % self.pow();
            out.push(mark);
            out.push_str(&format!("{frac:0width$}", width = self.scale as usize));
        }
        Ok(out)
    }

    fn machine(self) -> Result<String> {
        self.text(None, '.')
    }

    /// Vietnamese style, never ambiguous: grouping is dropped from an integer
    /// that would read "1.234"; a decimal that would is an error here.
    fn vietnamese(self) -> Result<String> {
        let grouped = self.text(Some('.'), ',')?;
        if !ambiguous(&grouped) {
            return Ok(grouped);
        }
        if self.scale == 0 {
            return self.text(None, ',');
        }
        bail!("{grouped} would be ambiguous")
    }
}

/// One cell of the grid.
#[derive(Clone, Debug)]
enum Out {
    Blank,
    Text(String),
    Num(Dec),
    Date(i64, u8, u8),
    Formula(String, Dec),
}

/// What a grid row is to dvk.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Role {
    /// Above the header: not a row.
    Above,
    Header,
    /// Numbering, heading, total and signature rows: read and skipped.
    Layout,
    Record(usize),
    /// Fully blank: not a row.
    Blank,
}

struct Grid {
    rows: Vec<(Role, Vec<Out>)>,
    /// Merged ranges (first row, first column, last row, last column), 0-based.
    merges: Vec<(u32, u16, u32, u16)>,
    /// Planted warnings: (1-based row, column as problems name it).
    warnings: Vec<(u32, String)>,
}

/// A record's values in canonical column order.
#[derive(Clone, Debug)]
enum Val {
    Stt,
    Text(String),
    Year(YearCell),
    Money(MoneyCell),
    /// Thousandths (quantities, counts); `None` is blank.
    Milli(Option<i64>),
}

impl Records {
    fn len(&self) -> usize {
        match self {
            Records::Models(v) => v.len(),
            Records::Works(v) => v.len(),
            Records::Resources(v) => v.len(),
        }
    }

    fn values(&self, i: usize) -> Vec<Val> {
        let t = |s: &str| Val::Text(s.into());
        match self {
            Records::Models(v) => {
                let m = &v[i];
                vec![
                    Val::Stt,
                    t(&m.name),
                    t(&m.unit),
                    t(&m.place.tinh),
                    t(&m.place.huyen),
                    t(&m.place.xa),
                    t(&m.place.thon),
                    t(&m.field),
                    Val::Year(m.year.clone()),
                    t(&m.status),
                    t(&m.level),
                    t(&m.exemplary),
                    Val::Money(m.money.clone()),
                    t(&m.note),
                ]
            }
            Records::Works(v) => {
                let w = &v[i];
                vec![
                    Val::Stt,
                    t(&w.name),
                    t(&w.kind),
                    Val::Milli(w.quantity),
                    t(&w.unit),
                    t(&w.place.tinh),
                    t(&w.place.huyen),
                    t(&w.place.xa),
                    t(&w.place.thon),
                    Val::Year(w.year.clone()),
                    Val::Money(w.total.clone()),
                    Val::Money(w.state.clone()),
                    Val::Money(w.mobilized.clone()),
                    t(&w.note),
                ]
            }
            Records::Resources(v) => {
                let r = &v[i];
                vec![
                    Val::Stt,
                    t(&r.place.tinh),
                    t(&r.place.huyen),
                    t(&r.place.xa),
                    Val::Year(r.year.clone()),
                    Val::Milli(Some(r.participations * 1000)),
                    Val::Money(r.total.clone()),
                    Val::Money(r.state.clone()),
                    Val::Money(r.mobilized.clone()),
                    Val::Milli(Some(r.workdays * 1000)),
                    Val::Milli(Some(r.land_m2 * 1000)),
                    t(&r.note),
                ]
            }
        }
    }
}

/// A1-style column letters.
fn column_name(c: usize) -> String {
    let mut n = c + 1;
    let mut out = Vec::new();
    while n > 0 {
        out.push(char::from(b'A' + ((n - 1) % 26) as u8));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

fn text_out(text: &str, fmt: Fmt) -> Result<Out> {
    if text.is_empty() {
        return Ok(Out::Blank);
    }
    Ok(Out::Text(match fmt {
        Fmt::Plain => text.into(),
        Fmt::Nfd => text.nfd().collect(),
        Fmt::Tcvn3 => tcvn3(text).with_context(|| format!("{text:?} in TCVN3"))?,
        Fmt::Vni => vni(text).with_context(|| format!("{text:?} in VNI"))?,
        other => bail!("{other:?} is not a text format"),
    }))
}

fn year_out(year: &YearCell, fmt: Fmt) -> Result<Out> {
    Ok(match (year, fmt) {
        (YearCell::Number(y), Fmt::Number) => Out::Num(Dec::whole(*y)),
        (YearCell::Number(y), Fmt::Text) => Out::Text(y.to_string()),
        (YearCell::Number(y), Fmt::Date(day, month)) => Out::Date(*y, month, day),
        (YearCell::Number(y), Fmt::Formula) => {
            Out::Formula(format!("=YEAR(DATE({y},6,30))"), Dec::whole(*y))
        }
        (YearCell::Text(s), _) => Out::Text(s.clone()),
        (YearCell::Blank, _) => Out::Blank,
        (_, other) => bail!("{other:?} is not a year format"),
    })
}

fn money_out(money: &MoneyCell, unit: Unit, fmt: Fmt) -> Result<Out> {
    let dong = match money {
        MoneyCell::Blank => return Ok(Out::Blank),
        MoneyCell::Text(s) => return Ok(Out::Text(s.clone())),
        MoneyCell::Dong(d) => *d,
    };
    let value = Dec::new(dong, unit.scale());
    Ok(match fmt {
        Fmt::Number => Out::Num(value),
        Fmt::Vn => Out::Text(value.vietnamese()?),
        Fmt::VnDecimal if value.scale == 0 => Out::Text(format!("{},0", value.vietnamese()?)),
        Fmt::VnDecimal => Out::Text(value.vietnamese()?),
        Fmt::Machine => Out::Text(value.machine()?),
        Fmt::DongSuffix => {
            let text = Dec::whole(dong).text(Some('.'), ',')?;
            if ambiguous(&text) {
                bail!("{text}đ would be ambiguous");
            }
            Out::Text(format!("{text}đ"))
        }
        Fmt::TySuffix => Out::Text(format!("{} tỷ", Dec::new(dong, 9).vietnamese()?)),
        Fmt::Ambiguous => {
            let text = value.text(Some('.'), ',')?;
            if !ambiguous(&text) {
                bail!("{text} is not ambiguous");
            }
            Out::Text(text)
        }
        other => bail!("{other:?} is not a money format here"),
    })
}

fn milli_out(milli: Option<i64>, fmt: Fmt) -> Result<Out> {
    let Some(milli) = milli else {
        return Ok(Out::Blank);
    };
    let value = Dec::new(milli, 3);
    Ok(match fmt {
        Fmt::Number => Out::Num(value),
        Fmt::Vn => Out::Text(value.vietnamese()?),
        Fmt::Machine => Out::Text(value.machine()?),
        other => bail!("{other:?} is not a quantity format"),
    })
}

fn build_grid(sheet: &Sheet, layout: &Layout) -> Result<Grid> {
    let kind = sheet.records.kind();
    if kind != layout.kind {
        bail!("{}: layout of another kind", sheet.name);
    }
    let width = layout.cols.len();
    let last = width as u16 - 1;
    let blank = || vec![Out::Blank; width];
    let mut g = Grid {
        rows: Vec::new(),
        merges: Vec::new(),
        warnings: Vec::new(),
    };
    let next = |g: &Grid| g.rows.len() as u32;

    for above in &layout.above {
        let r = next(&g);
        let mut cells = blank();
        let role = match above {
            Above::Title(text) => {
                cells[0] = Out::Text(text.clone());
                g.merges.push((r, 0, r, last));
                Role::Above
            }
            Above::UnitLine(text) => {
                let first = last.saturating_sub(2);
                cells[usize::from(first)] = Out::Text(text.clone());
                g.merges.push((r, first, r, last));
                Role::Above
            }
            Above::Blank => Role::Blank,
        };
        g.rows.push((role, cells));
    }

    // The header, over two rows when a column has a parent.
    let two = layout.cols.iter().any(|c| c.parent.is_some());
    let h = next(&g);
    let mut top = blank();
    let mut bottom = blank();
    let mut parents_seen = BTreeSet::new();
    let mut c = 0;
    while c < width {
        let col = &layout.cols[c];
        match &col.parent {
            None => {
                top[c] = Out::Text(col.header.clone());
                if two {
                    g.merges.push((h, c as u16, h + 1, c as u16));
                }
                c += 1;
            }
            Some(parent) => {
                let end = (c..width)
                    .take_while(|&k| layout.cols[k].parent.as_ref() == Some(parent))
                    .last()
                    .unwrap_or(c);
                if end == c || !parents_seen.insert(parent.clone()) {
                    bail!(
                        "{}: parent {parent:?} must span one run of columns",
                        sheet.name
                    );
                }
                top[c] = Out::Text(parent.clone());
                g.merges.push((h, c as u16, h, end as u16));
                for (k, cell) in bottom.iter_mut().enumerate().take(end + 1).skip(c) {
                    *cell = Out::Text(layout.cols[k].header.clone());
                }
                c = end + 1;
            }
        }
    }
    g.rows.push((Role::Header, top));
    if two {
        g.rows.push((Role::Header, bottom));
    }
    if let Some(parenthesised) = layout.numbering {
        let cells = (1..=width as i64)
            .map(|k| {
                if parenthesised {
                    Out::Text(format!("({k})"))
                } else {
                    Out::Num(Dec::whole(k))
                }
            })
            .collect();
        g.rows.push((Role::Layout, cells));
    }

    // Columns left out must be blank in every record, except a field column
    // that group headings replace.
    let headings = layout
        .lines
        .iter()
        .any(|l| matches!(l, Line::Heading { .. }));
    for canon in 0..kind.headers().len() {
        if layout.position(canon).is_some() || canon == 0 {
            continue;
        }
        if kind == Kind::Models && canon == M_FIELD && headings {
            continue;
        }
        for i in 0..sheet.records.len() {
            let empty = match &sheet.records.values(i)[canon] {
                Val::Text(s) => s.is_empty(),
                Val::Money(MoneyCell::Blank) | Val::Year(YearCell::Blank) | Val::Milli(None) => {
                    true
                }
                _ => false,
            };
            if !empty {
                bail!(
                    "{}: column {canon} left out but record {i} fills it",
                    sheet.name
                );
            }
        }
    }
    if headings && (kind != Kind::Models || layout.position(M_FIELD).is_some()) {
        bail!(
            "{}: group headings only in a models sheet without a field column",
            sheet.name
        );
    }

    let stt_col = layout.position(0);
    // Resources have no name column (their column 1 is Tỉnh).
    let name_col = if kind == Kind::Resources {
        None
    } else {
        layout.position(1)
    };
    let year_col = layout.position(year_column(kind));
    let mut stt = 0;
    let mut since: Vec<usize> = Vec::new();
    let mut above: Vec<usize> = Vec::new();
    // Grid row of each record placed so far.
    let mut record_row: BTreeMap<usize, u32> = BTreeMap::new();
    let mut field: Option<(usize, Option<&'static str>)> = None;
    for line in &layout.lines {
        let r = next(&g);
        match line {
            Line::Record(i) => {
                if record_row.insert(*i, r).is_some() {
                    bail!("{}: record {i} placed twice", sheet.name);
                }
                stt += 1;
                if let (Records::Models(models), true) = (&sheet.records, headings) {
                    let (f, sub, known) = classify_field(&models[*i].field)?;
                    if !known || field != Some((f, sub)) {
                        bail!("{}: record {i} is not of its heading's field", sheet.name);
                    }
                }
                let cells = record_cells(sheet, layout, *i, stt, r, &mut g.warnings)?;
                since.push(*i);
                above.push(*i);
                g.rows.push((Role::Record(*i), cells));
            }
            Line::Heading {
                stt: number,
                name,
                field: named,
            } => {
                let mut cells = blank();
                let sc = stt_col.context("a heading needs an STT column")?;
                if !number.is_empty() {
                    cells[sc] = Out::Text(number.clone());
                }
                if name.is_empty() {
                    g.merges.push((r, sc as u16, r, last));
                } else {
                    cells[name_col.context("a heading needs a name column")?] =
                        Out::Text(name.clone());
                }
                field = Some(*named);
                since.clear();
                g.rows.push((Role::Layout, cells));
            }
            Line::Total {
                label,
                in_stt,
                formula,
                wrong,
            } => {
                let mut cells = blank();
                if *in_stt {
                    let sc = stt_col.context("an STT total needs an STT column")?;
                    let end = year_col.context("a total needs a year column")? - 1;
                    cells[sc] = Out::Text(label.clone());
                    if end > sc {
                        g.merges.push((r, sc as u16, r, end as u16));
                    }
                } else {
                    cells[name_col.context("a total needs a name column")?] =
                        Out::Text(label.clone());
                }
                let key = fold(label);
                let covered = if key.starts_with(&fold("Tổng")) {
                    above.clone()
                } else if key.starts_with(&fold("Cộng")) {
                    since.clone()
                } else {
                    bail!("{label:?} is not a total");
                };
                for &canon in money_columns(kind) {
                    let Some(c) = layout.position(canon) else {
                        continue;
                    };
                    let col = &layout.cols[c];
                    let mut sum = 0;
                    let mut refs = Vec::new();
                    for &i in &covered {
                        let Val::Year(year) = &sheet.records.values(i)[year_column(kind)] else {
                            bail!("no year value");
                        };
                        if year_of(year).is_none() {
                            // Rejected rows are not in the sum; keep them out of totals.
                            bail!("{}: a total covers a rejected row", sheet.name);
                        }
                        match &sheet.records.values(i)[canon] {
                            Val::Money(MoneyCell::Dong(d)) => sum += d,
                            Val::Money(MoneyCell::Blank) if kind == Kind::Models => {}
                            _ => bail!("{}: a total covers a blank or unreadable part", sheet.name),
                        }
                        if *formula {
                            if !matches!(layout.value_fmt(i, col), Fmt::Number | Fmt::Formula) {
                                bail!("{}: a formula total over text cells", sheet.name);
                            }
                            refs.push(format!("{}{}", column_name(c), record_row[&i] + 1));
                        }
                    }
                    let mut stated = sum;
                    if let Some((wrong_canon, delta)) = wrong {
                        if *wrong_canon == canon {
                            if *formula {
                                bail!("a formula total cannot be wrong");
                            }
                            stated += delta;
                            g.warnings.push((r + 1, col.display()));
                        }
                    }
                    let value = Dec::new(stated, col.unit.scale());
                    cells[c] = if *formula {
                        Out::Formula(format!("={}", refs.join("+")), value)
                    } else {
                        Out::Num(value)
                    };
                }
                g.rows.push((Role::Layout, cells));
            }
            Line::Blank => g.rows.push((Role::Blank, blank())),
        }
    }
    if record_row.len() != sheet.records.len() {
        bail!("{}: not every record is placed", sheet.name);
    }
    for row in &layout.signature {
        let mut cells = blank();
        for (c, text) in row {
            cells[*c] = Out::Text(text.clone());
        }
        let role = if row.is_empty() {
            Role::Blank
        } else {
            Role::Layout
        };
        g.rows.push((role, cells));
    }
    Ok(g)
}

/// The cells of one record row.
fn record_cells(
    sheet: &Sheet,
    layout: &Layout,
    i: usize,
    stt: i64,
    r: u32,
    warnings: &mut Vec<(u32, String)>,
) -> Result<Vec<Out>> {
    let values = sheet.records.values(i);
    let mut cells = Vec::new();
    for col in &layout.cols {
        let fmt = layout.value_fmt(i, col);
        cells.push(match &values[col.canon] {
            Val::Stt => Out::Num(Dec::whole(stt)),
            Val::Text(text) => text_out(text, layout.text_fmt(i, col.canon))?,
            Val::Year(year) => year_out(year, fmt)?,
            Val::Milli(milli) => milli_out(*milli, fmt)?,
            Val::Money(money) if fmt == Fmt::Formula => formula_total(sheet, layout, i, col, r)?,
            Val::Money(money) => {
                if fmt == Fmt::Ambiguous {
                    warnings.push((r + 1, col.display()));
                }
                money_out(money, col.unit, fmt)?
            }
        });
    }
    Ok(cells)
}

/// A works or resources total written "=<state>+<mobilised>" of the same row.
fn formula_total(sheet: &Sheet, layout: &Layout, i: usize, col: &Col, r: u32) -> Result<Out> {
    let kind = sheet.records.kind();
    let total = money_columns(kind)[0];
    if kind == Kind::Models || col.canon != total {
        bail!("{}: only a total is written as a formula", sheet.name);
    }
    let values = sheet.records.values(i);
    let dong = |canon: usize| match &values[canon] {
        Val::Money(MoneyCell::Dong(d)) => Ok(*d),
        _ => Err(anyhow!("{}: a formula over a blank part", sheet.name)),
    };
    let (t, s, m) = (dong(total)?, dong(total + 1)?, dong(total + 2)?);
    if t != s + m {
        bail!("{}: the formula would not give the total", sheet.name);
    }
    let mut refs = Vec::new();
    for canon in [total + 1, total + 2] {
        let c = layout
            .position(canon)
            .context("a formula part is missing")?;
        let part = &layout.cols[c];
        if part.unit != col.unit || layout.value_fmt(i, part) != Fmt::Number {
            bail!(
                "{}: a formula over parts in text or another unit",
                sheet.name
            );
        }
        refs.push(format!("{}{}", column_name(c), r + 1));
    }
    Ok(Out::Formula(
        format!("={}", refs.join("+")),
        Dec::new(t, col.unit.scale()),
    ))
}

fn write_grid(ws: &mut Worksheet, grid: &Grid, bold: &Format) -> Result<()> {
    let plain = Format::new();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let mut merged = BTreeSet::new();
    for &(r1, c1, r2, c2) in &grid.merges {
        for r in r1..=r2 {
            for c in c1..=c2 {
                merged.insert((r, c));
            }
        }
    }
    for (r, (role, cells)) in grid.rows.iter().enumerate() {
        let r = r as u32;
        let format = if matches!(role, Role::Header | Role::Above) {
            bold
        } else {
            &plain
        };
        for (c, out) in cells.iter().enumerate() {
            let c = c as u16;
            if merged.contains(&(r, c)) {
                continue;
            }
            match out {
                Out::Blank => {}
                Out::Text(s) => {
                    ws.write_string_with_format(r, c, s, format)?;
                }
                Out::Num(d) => {
                    ws.write_number(r, c, d.to_f64())?;
                }
                Out::Date(y, m, d) => {
                    let year = u16::try_from(*y)?;
                    let when = ExcelDateTime::from_ymd(year, *m, *d)?;
                    ws.write_datetime_with_format(r, c, &when, &date)?;
                }
                Out::Formula(f, d) => {
                    ws.write_formula(r, c, Formula::new(f).set_result(d.machine()?))?;
                }
            }
        }
    }
    for &(r1, c1, r2, c2) in &grid.merges {
        let (role, cells) = &grid.rows[r1 as usize];
        let text = match &cells[usize::from(c1)] {
            Out::Text(s) => s.as_str(),
            Out::Blank => "",
            other => bail!("a merged cell holds {other:?}"),
        };
        let format = if matches!(role, Role::Header | Role::Above) {
            bold
        } else {
            &plain
        };
        ws.merge_range(r1, c1, r2, c2, text, format)?;
    }
    // Column widths from the header rows.
    let width = grid.rows.first().map_or(0, |row| row.1.len());
    for c in 0..width {
        let longest = grid
            .rows
            .iter()
            .filter(|(role, _)| *role == Role::Header)
            .filter_map(|(_, cells)| match &cells[c] {
                Out::Text(s) => Some(s.chars().count()),
                _ => None,
            })
            .max()
            .unwrap_or(0);
        ws.set_column_width(c as u16, if longest > 12 { 22 } else { 12 })?;
    }
    Ok(())
}

/// A grid cell as a CSV field.
fn csv_field(out: &Out, numbers: NumberStyle) -> Result<String> {
    Ok(match out {
        Out::Blank => String::new(),
        Out::Text(s) => s.clone(),
        Out::Num(d) => match numbers {
            NumberStyle::Vietnamese => d.vietnamese()?,
            NumberStyle::Machine => d.machine()?,
        },
        other => bail!("{other:?} cannot be written in a CSV"),
    })
}

// ---------------------------------------------------------------------------
// Encoders for the legacy texts, written here from the code charts (checked
// against glibc iconv: TCVN5712-1 and WINDOWS-1258).

const TONE_MARKS: [char; 5] = ['\u{301}', '\u{300}', '\u{309}', '\u{303}', '\u{323}'];

/// A Vietnamese letter as (ASCII base, modifier: 'â' circumflex / 'ă' breve /
/// 'ơ' horn / none, tone 0 none 1 sắc 2 huyền 3 hỏi 4 ngã 5 nặng).
fn letter_parts(ch: char) -> Option<(char, Option<char>, usize)> {
    let mut chars = std::iter::once(ch).nfd();
    let base = chars.next()?;
    if !base.is_ascii_alphabetic() {
        return None;
    }
    let mut modifier = None;
    let mut tone = 0;
    for mark in chars {
        match mark {
            '\u{302}' => modifier = Some('â'),
            '\u{306}' => modifier = Some('ă'),
            '\u{31b}' => modifier = Some('ơ'),
            _ => tone = TONE_MARKS.iter().position(|t| *t == mark)? + 1,
        }
    }
    Some((base, modifier, tone))
}

/// Lower-case Vietnamese letters in TCVN3 order: each vowel with no tone,
/// huyền, hỏi, ngã, sắc, nặng (plain a, e, i, o, u, y are ASCII), then đ.
const TCVN3_LETTERS: &str = "àảãáạăằẳẵắặâầẩẫấậèẻẽéẹêềểễếệìỉĩíịòỏõóọôồổỗốộơờởỡớợùủũúụưừửữứựỳỷỹýỵđ";
const TCVN3_BYTES: [u8; 67] = [
    0xb5, 0xb6, 0xb7, 0xb8, 0xb9, // à ả ã á ạ
    0xa8, 0xbb, 0xbc, 0xbd, 0xbe, 0xc6, // ă ằ ẳ ẵ ắ ặ
    0xa9, 0xc7, 0xc8, 0xc9, 0xca, 0xcb, // â ầ ẩ ẫ ấ ậ
    0xcc, 0xce, 0xcf, 0xd0, 0xd1, // è ẻ ẽ é ẹ
    0xaa, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, // ê ề ể ễ ế ệ
    0xd7, 0xd8, 0xdc, 0xdd, 0xde, // ì ỉ ĩ í ị
    0xdf, 0xe1, 0xe2, 0xe3, 0xe4, // ò ỏ õ ó ọ
    0xab, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, // ô ồ ổ ỗ ố ộ
    0xac, 0xea, 0xeb, 0xec, 0xed, 0xee, // ơ ờ ở ỡ ớ ợ
    0xef, 0xf1, 0xf2, 0xf3, 0xf4, // ù ủ ũ ú ụ
    0xad, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, // ư ừ ử ữ ứ ự
    0xfa, 0xfb, 0xfc, 0xfd, 0xfe, // ỳ ỷ ỹ ý ỵ
    0xae, // đ
];

/// Text typed in a TCVN3 font as Excel shows it: each byte as its
/// Windows-1252 character (all bytes used are 0xA8..=0xFE, where
/// Windows-1252 is Latin-1). `None` when a character has no TCVN3 byte
/// in the lower-case table (capital Vietnamese letters, symbols).
fn tcvn3(text: &str) -> Option<String> {
    let letters: Vec<char> = TCVN3_LETTERS.chars().collect();
    if letters.len() != TCVN3_BYTES.len() {
        return None;
    }
    text.nfc()
        .map(|ch| {
            if ch.is_ascii() {
                return Some(ch);
            }
            let i = letters.iter().position(|l| *l == ch)?;
            Some(char::from(TCVN3_BYTES[i]))
        })
        .collect()
}

/// Text typed in a VNI-Windows font: a base letter followed by one character
/// for its modifier and tone ("ế" = "eá"), a few letters in one character
/// (ơ "ô", ư "ö", đ "ñ", i with a tone "íìæóò", ỵ "î"). Capitals take the
/// capital forms.
fn vni(text: &str) -> Option<String> {
    const PLAIN: [&str; 6] = ["", "ù", "ø", "û", "õ", "ï"];
    const CIRCUMFLEX: [&str; 6] = ["â", "á", "à", "å", "ã", "ä"];
    const BREVE: [&str; 6] = ["ê", "é", "è", "ú", "ü", "ë"];
    const I: [&str; 6] = ["i", "í", "ì", "æ", "ó", "ò"];
    let mut out = String::new();
    for ch in text.nfc() {
        if ch.is_ascii() {
            out.push(ch);
            continue;
        }
        let piece = match ch {
            'đ' => "ñ".to_string(),
            'Đ' => "Ñ".to_string(),
            _ => {
                let (base, modifier, tone) = letter_parts(ch)?;
                let upper = base.is_ascii_uppercase();
                let lower = base.to_ascii_lowercase();
                let piece = match (lower, modifier) {
                    ('i', None) => I[tone].to_string(),
                    ('y', None) if tone == 5 => "î".to_string(),
                    ('o', Some('ơ')) => format!("ô{}", PLAIN[tone]),
                    ('u', Some('ơ')) => format!("ö{}", PLAIN[tone]),
                    ('a' | 'e' | 'o', Some('â')) => format!("{lower}{}", CIRCUMFLEX[tone]),
                    ('a', Some('ă')) => format!("a{}", BREVE[tone]),
                    ('a' | 'e' | 'o' | 'u' | 'y', None) => format!("{lower}{}", PLAIN[tone]),
                    _ => return None,
                };
                if upper {
                    piece.to_uppercase()
                } else {
                    piece
                }
            }
        };
        out.push_str(&piece);
    }
    Some(out)
}

/// Windows-1258 as it stores Vietnamese: base letters (with â ă ê ô ơ ư đ
/// in one byte each) followed by the tone as a separate combining byte.
fn windows_1258(text: &str) -> Result<Vec<u8>> {
    const BASES: [(char, u8); 19] = [
        ('â', 0xe2),
        ('ă', 0xe3),
        ('ê', 0xea),
        ('ô', 0xf4),
        ('ơ', 0xf5),
        ('ư', 0xfd),
        ('đ', 0xf0),
        ('Â', 0xc2),
        ('Ă', 0xc3),
        ('Ê', 0xca),
        ('Ô', 0xd4),
        ('Ơ', 0xd5),
        ('Ư', 0xdd),
        ('Đ', 0xd0),
        ('²', 0xb2),
        ('–', 0x96),
        ('—', 0x97),
        ('“', 0x93),
        ('”', 0x94),
    ];
    // Tone bytes in TONE_MARKS order: sắc, huyền, hỏi, ngã, nặng.
    const TONES: [u8; 5] = [0xec, 0xcc, 0xd2, 0xde, 0xf2];
    let mut out = Vec::new();
    for ch in text.nfc() {
        if ch.is_ascii() {
            out.push(ch as u8);
            continue;
        }
        let (base, tone) = match letter_parts(ch) {
            Some((ascii, modifier, tone)) => {
                let mark = match modifier {
                    Some('â') => "\u{302}",
                    Some('ă') => "\u{306}",
                    Some(_) => "\u{31b}",
                    None => "",
                };
                let base: String = format!("{ascii}{mark}").nfc().collect();
                (base.chars().next().unwrap_or(ascii), tone)
            }
            None => (ch, 0),
        };
        if base.is_ascii() {
            out.push(base as u8);
        } else {
            let byte = BASES
                .iter()
                .find(|(c, _)| *c == base)
                .with_context(|| format!("{ch:?} has no Windows-1258 byte"))?;
            out.push(byte.1);
        }
        if tone > 0 {
            out.push(TONES[tone - 1]);
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------
// Writers.

/// A fixed creation date keeps a workbook byte-identical between runs.
fn fixed_properties() -> Result<DocProperties> {
    let created = ExcelDateTime::from_ymd(2024, 1, 15)?.and_hms(8, 0, 0)?;
    Ok(DocProperties::new()
        .set_creation_datetime(&created)
        .set_author("dvk make_data"))
}

/// `o-gop.xlsx`: a district's table whose cells are merged down over data
/// rows, as clerks merge them. Read by `tests/integration/ingest_regressions.rs`
/// (as .xlsx, .xls and .ods), which states what it must give:
/// - "Mô hình": Xã merged over each commune's rows (B3:B5, B7:B8), Lĩnh vực
///   over two rows (D3:D4), Năm bắt đầu over two (E4:E5), and one Kinh phí
///   over two models (G7:G8, counted once); a "Cộng" and a "Tổng cộng" row;
/// - "Công trình": Năm merged over every row of the table (G3:G6), group
///   headings ("I" "Xã Thạch Kim", "II" "Xã Thạch Lạc") included, and Xã
///   over two works (F3:F4).
fn write_merged_down(path: &Path) -> Result<()> {
    let mut workbook = Workbook::new();
    workbook.set_properties(&fixed_properties()?);
    let bold = Format::new().set_bold();
    let plain = Format::new();
    let row = |ws: &mut Worksheet, r: u32, cells: &[&str]| -> Result<()> {
        for (c, text) in cells.iter().enumerate() {
            if text.is_empty() {
                continue;
            }
            let c = u16::try_from(c)?;
            match text.parse::<f64>() {
                Ok(n) => ws.write_number(r, c, n)?,
                Err(_) => ws.write_string(r, c, *text)?,
            };
        }
        Ok(())
    };

    let ws = workbook.add_worksheet();
    ws.set_name("Mô hình")?;
    ws.merge_range(
        0,
        0,
        0,
        6,
        "BIỂU TỔNG HỢP MÔ HÌNH DÂN VẬN KHÉO HUYỆN THẠCH HÀ",
        &bold,
    )?;
    let header = [
        "STT",
        "Xã",
        "Tên mô hình",
        "Lĩnh vực",
        "Năm bắt đầu",
        "Tình trạng",
        "Kinh phí (triệu đồng)",
    ];
    for (c, text) in header.iter().enumerate() {
        ws.write_string_with_format(1, u16::try_from(c)?, *text, &bold)?;
    }
    row(
        ws,
        2,
        &["1", "", "Mô hình A", "", "2021", "Hiệu quả", "100"],
    )?;
    row(ws, 3, &["2", "", "Mô hình B", "", "", "Hiệu quả", "50"])?;
    row(ws, 4, &["3", "", "Mô hình C", "VHXH", "", "Đăng ký", "10"])?;
    row(ws, 5, &["", "", "Cộng", "", "", "", "160"])?;
    row(
        ws,
        6,
        &["4", "", "Mô hình D", "QPAN", "2021", "Hiệu quả", ""],
    )?;
    row(ws, 7, &["5", "", "Mô hình E", "QPAN", "2023", "Ngừng", ""])?;
    row(ws, 8, &["", "", "Tổng cộng", "", "", "", "220"])?;
    ws.merge_range(2, 1, 4, 1, "Thạch Kim", &plain)?;
    ws.merge_range(6, 1, 7, 1, "Thạch Lạc", &plain)?;
    ws.merge_range(2, 3, 3, 3, "KT", &plain)?;
    ws.merge_range(3, 4, 4, 4, "", &plain)?;
    ws.write_number(3, 4, 2022.0)?;
    ws.merge_range(6, 6, 7, 6, "", &plain)?;
    ws.write_number(6, 6, 60.0)?;

    let ws = workbook.add_worksheet();
    ws.set_name("Công trình")?;
    let header = [
        "STT",
        "Tên công trình, phần việc",
        "Loại công trình",
        "Số lượng",
        "Đơn vị tính",
        "Xã",
        "Năm",
        "Tổng kinh phí (triệu đồng)",
        "Ngân sách nhà nước (triệu đồng)",
        "Vận động xã hội hóa (triệu đồng)",
    ];
    for (c, text) in header.iter().enumerate() {
        ws.write_string_with_format(0, u16::try_from(c)?, *text, &bold)?;
    }
    row(ws, 1, &["I", "Xã Thạch Kim"])?;
    let road = [
        "1",
        "Đường bê tông xóm 1",
        "Đường giao thông nông thôn",
        "500",
        "m",
    ];
    row(ws, 2, &road)?;
    row(ws, 2, &["", "", "", "", "", "", "", "800", "600", "200"])?;
    let house = ["2", "Nhà văn hóa xóm 2", "Nhà văn hóa", "1", "căn"];
    row(ws, 3, &house)?;
    row(ws, 3, &["", "", "", "", "", "", "", "400", "300", "100"])?;
    row(ws, 4, &["II", "Xã Thạch Lạc"])?;
    let bridge = ["3", "Cầu dân sinh", "Cầu", "1", "cây", "Thạch Lạc"];
    row(ws, 5, &bridge)?;
    row(ws, 5, &["", "", "", "", "", "", "", "350", "350", "0"])?;
    ws.merge_range(2, 5, 3, 5, "Thạch Kim", &plain)?;
    ws.merge_range(2, 6, 5, 6, "", &plain)?;
    ws.write_number(2, 6, 2022.0)?;

    workbook
        .save(path)
        .with_context(|| format!("writing {}", path.display()))
}

fn write_xlsx(path: &Path, sheets: &[Sheet], notes: Option<&(String, Vec<String>)>) -> Result<()> {
    let mut workbook = Workbook::new();
    workbook.set_properties(&fixed_properties()?);
    let bold = Format::new().set_bold();
    for sheet in sheets {
        let ws = workbook.add_worksheet();
        ws.set_name(&sheet.name)?;
        write_table(ws, sheet, &bold)?;
    }
    if let Some((name, lines)) = notes {
        let ws = workbook.add_worksheet();
        ws.set_name(name)?;
        ws.set_column_width(0, 60)?;
        for (i, line) in lines.iter().enumerate() {
            ws.write_string(i as u32, 0, line)?;
        }
    }
    workbook
        .save(path)
        .with_context(|| format!("writing {}", path.display()))
}

fn write_table(ws: &mut Worksheet, sheet: &Sheet, bold: &Format) -> Result<()> {
    if let Some(layout) = &sheet.layout {
        return write_grid(ws, &build_grid(sheet, layout)?, bold);
    }
    let headers = sheet.written_headers();
    let header_row = sheet.header_row - 1;
    if let Some(title) = &sheet.title {
        ws.merge_range(0, 0, 0, headers.len() as u16 - 1, title, bold)?;
    }
    for (c, header) in headers.iter().enumerate() {
        ws.write_string_with_format(header_row, c as u16, header, bold)?;
        let width = if header.chars().count() > 12 { 22 } else { 12 };
        ws.set_column_width(c as u16, width)?;
    }
    let rows = sheet.records.rows()?;
    for (i, cells) in rows.iter().enumerate() {
        let r = header_row + 1 + i as u32;
        for (c, &column) in sheet.order.iter().enumerate() {
            match &cells[column] {
                Cell::Blank => {}
                Cell::Text(s) => {
                    ws.write_string(r, c as u16, s)?;
                }
                Cell::Num(milli) => {
                    ws.write_number(r, c as u16, *milli as f64 / 1000.0)?;
                }
            }
        }
    }
    let stt_column = sheet.order.iter().position(|&c| c == 0).unwrap_or(0) as u16;
    for k in 0..sheet.numbered_blank_rows {
        let n = rows.len() as u32 + 1 + k;
        ws.write_number(header_row + n, stt_column, f64::from(n))?;
    }
    Ok(())
}

fn write_csv(path: &Path, sheet: &Sheet, style: CsvStyle) -> Result<()> {
    let terminator = if style.crlf {
        csv::Terminator::CRLF
    } else {
        csv::Terminator::Any(b'\n')
    };
    let mut writer = csv::WriterBuilder::new()
        .delimiter(style.delimiter)
        .terminator(terminator)
        .from_writer(Vec::new());
    if let Some(layout) = &sheet.layout {
        for (_, cells) in build_grid(sheet, layout)?.rows {
            let fields = cells
                .iter()
                .map(|out| csv_field(out, style.numbers))
                .collect::<Result<Vec<String>>>()?;
            writer.write_record(&fields)?;
        }
    } else {
        writer.write_record(sheet.written_headers())?;
        for cells in sheet.records.rows()? {
            let mut fields = Vec::new();
            for &column in &sheet.order {
                fields.push(match &cells[column] {
                    Cell::Blank => String::new(),
                    Cell::Text(s) => s.clone(),
                    Cell::Num(milli) => number_text(*milli, style.numbers)?,
                });
            }
            writer.write_record(&fields)?;
        }
    }
    let body = String::from_utf8(writer.into_inner().map_err(|e| anyhow!("{e}"))?)?;
    let bytes = match style.encoding {
        Encoding::Utf8 => {
            let mut bytes = if style.bom {
                "\u{feff}".as_bytes().to_vec()
            } else {
                Vec::new()
            };
            bytes.extend(body.as_bytes());
            bytes
        }
        Encoding::Utf16Le => std::iter::once(0xFEFF_u16)
            .chain(body.encode_utf16())
            .flat_map(u16::to_le_bytes)
            .collect(),
        Encoding::Utf16Be => std::iter::once(0xFEFF_u16)
            .chain(body.encode_utf16())
            .flat_map(u16::to_be_bytes)
            .collect(),
        Encoding::Windows1258 if style.bom => bail!("Windows-1258 has no BOM"),
        Encoding::Windows1258 => windows_1258(&body)?,
    };
    fs::write(path, bytes).with_context(|| format!("writing {}", path.display()))
}

/// A number as typed in a CSV. Refuses a form dvk could only guess at
/// ("1.234", "12,345"): thousands grouping is dropped from an integer that
/// would look like that, and a 3-decimal value is an error of this generator.
fn number_text(milli: i64, style: NumberStyle) -> Result<String> {
    if milli < 0 {
        bail!("negative number {milli}");
    }
    let int = milli / 1000;
    let frac = format!("{:03}", milli % 1000);
    let frac = frac.trim_end_matches('0');
    let (grouped, mark) = match style {
        NumberStyle::Vietnamese => (group_thousands(int, '.'), ','),
        NumberStyle::Machine => (int.to_string(), '.'),
    };
    let with_frac = |int_text: String| {
        if frac.is_empty() {
            int_text
        } else {
            format!("{int_text}{mark}{frac}")
        }
    };
    let written = with_frac(grouped);
    if !ambiguous(&written) {
        return Ok(written);
    }
    if frac.is_empty() {
        return Ok(int.to_string());
    }
    bail!("{written} would be ambiguous in a CSV; use at most 2 decimals there")
}

/// One separator followed by exactly three digits: thousands or decimals?
fn ambiguous(number: &str) -> bool {
    let seps: Vec<usize> = number.match_indices(['.', ',']).map(|(i, _)| i).collect();
    seps.len() == 1 && number.len() - seps[0] - 1 == 3
}

fn group_thousands(n: i64, sep: char) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(ch);
    }
    out
}

// ---------------------------------------------------------------------------
// Expected figures, computed from the records by the rules of interface.md
// and decisions.md.

const FIELDS: [&str; 5] = [
    "Phát triển kinh tế",
    "Văn hóa - xã hội",
    "Quốc phòng - an ninh",
    "Xây dựng hệ thống chính trị",
    "Khác",
];
const BVMT: &str = "Bảo vệ môi trường";
const ANTT: &str = "An ninh trật tự";

/// Subfields of each field, in taxonomy order.
fn subfields(field: usize) -> &'static [&'static str] {
    match field {
        1 => &[BVMT],
        2 => &[ANTT],
        _ => &[],
    }
}

/// Field texts this generator writes, with their field and subfield. They are
/// matched by `fold`, so case, tone placement and NFD do not matter.
const FIELD_TEXTS: &[(&str, usize, Option<&str>)] = &[
    ("Phát triển kinh tế", 0, None),
    ("Kinh tế", 0, None),
    ("KT", 0, None),
    ("Văn hóa - xã hội", 1, None),
    ("Văn hoá - Xã hội", 1, None),
    ("Văn hoá - xã hội", 1, None),
    ("VH-XH", 1, None),
    ("VHXH", 1, None),
    ("Bảo vệ môi trường", 1, Some(BVMT)),
    ("Quốc phòng - an ninh", 2, None),
    ("Quốc phòng – An ninh", 2, None),
    ("QP-AN", 2, None),
    ("QPAN", 2, None),
    ("An ninh trật tự", 2, Some(ANTT)),
    ("ANTT", 2, Some(ANTT)),
    ("Xây dựng hệ thống chính trị", 3, None),
    ("XDHTCT", 3, None),
    ("XD HTCT", 3, None),
    ("Khác", 4, None),
    ("Các lĩnh vực khác", 4, None),
    // Dashes other than "-".
    ("Văn hóa – xã hội", 1, None),
    ("Quốc phòng — an ninh", 2, None),
    // Kept here only to be refused loudly if a record ever used them.
    ("", usize::MAX, None),
    ("Văn hóa, xã hội", usize::MAX, None),
];

/// (field index, subfield, known?) of a field text; unknown text is Khác.
fn classify_field(text: &str) -> Result<(usize, Option<&'static str>, bool)> {
    let key = fold(text);
    match FIELD_TEXTS.iter().find(|(t, _, _)| fold(t) == key) {
        Some((_, usize::MAX, _)) => bail!("field text {text:?} is ambiguous; do not use it"),
        Some((_, field, sub)) => Ok((*field, *sub, true)),
        None => Ok((4, None, false)),
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Status {
    Effective,
    Stopped,
    Registered,
}

fn classify_status(text: &str) -> Result<Status> {
    let t = fold(text);
    let has = |phrase: &str| t.contains(&fold(phrase));
    if ["không hiệu quả", "chưa hiệu quả", "kém hiệu quả"]
        .iter()
        .any(|s| has(s))
    {
        return Ok(Status::Registered);
    }
    if has("hiệu quả") {
        return Ok(Status::Effective);
    }
    if has("ngừng") || has("dừng") {
        return Ok(Status::Stopped);
    }
    let quiet = [
        "",
        "đăng ký",
        "mới đăng ký",
        "đang thực hiện",
        "đang duy trì",
        "duy trì",
        "nhân rộng",
    ];
    if quiet.iter().any(|q| fold(q) == t) {
        return Ok(Status::Registered);
    }
    bail!("status {text:?} would raise a warning; the generator plants none")
}

fn is_exemplary(mark: &str) -> Result<bool> {
    match mark
        .trim()
        .nfc()
        .collect::<String>()
        .to_lowercase()
        .as_str()
    {
        "" => Ok(false),
        "x" | "có" | "✓" | "1" | "tiêu biểu" => Ok(true),
        other => bail!("exemplary mark {other:?} would raise a warning"),
    }
}

/// (canonical type, unit, divisor) of a work type of the taxonomy; `None` for
/// another type, which keeps its own name and unit (see `Labels::work_type`).
fn classify_work(kind: &str, unit: &str) -> Option<(String, String, i64)> {
    let metres = ["m", "mét"].iter().any(|m| fold(m) == fold(unit));
    let types: [(&[&str], &str, &str); 5] = [
        (
            &["Đường giao thông nông thôn", "Đường GTNT"],
            "Đường giao thông nông thôn",
            "km",
        ),
        (&["Cầu", "Cầu bê-tông"], "Cầu", "cây"),
        (
            &[
                "Nhà tình thương",
                "Nhà đại đoàn kết",
                "Nhà tình nghĩa",
                "Mái ấm công đoàn",
            ],
            "Nhà tình thương",
            "căn",
        ),
        (&["Nhà văn hóa"], "Nhà văn hóa", "căn"),
        (&["Học bổng"], "Học bổng", "suất"),
    ];
    let key = fold(kind);
    let (_, canonical, unit_name) = types
        .iter()
        .find(|(aliases, _, _)| aliases.iter().any(|a| fold(a) == key))?;
    let divisor = if *canonical == "Đường giao thông nông thôn" && metres {
        1000
    } else {
        1
    };
    Some((canonical.to_string(), unit_name.to_string(), divisor))
}

/// The key dvk compares names with: NFC (here: NFD, which is equivalent),
/// case-folded, whitespace collapsed, and tone-placement-folded (each
/// syllable's tone mark moved to its end, so "hòa" and "hoà" agree).
fn fold(text: &str) -> String {
    const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];
    let mut out = String::new();
    let mut tone: Option<char> = None;
    let mut space = false;
    for c in text.trim().nfd().flat_map(char::to_lowercase) {
        let mark = ('\u{300}'..='\u{36f}').contains(&c);
        if TONES.contains(&c) {
            tone = Some(c);
            continue;
        }
        if !c.is_alphanumeric() && !mark {
            out.extend(tone.take());
            if c.is_whitespace() {
                space = true;
                continue;
            }
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    out.extend(tone);
    out
}

fn year_of(year: &YearCell) -> Option<i64> {
    let y = match year {
        YearCell::Number(n) => *n,
        YearCell::Text(s) => s.trim().parse().ok()?,
        YearCell::Blank => return None,
    };
    (1900..=2100).contains(&y).then_some(y)
}

/// Money of a works or resources row after the budget-split rules.
struct Split {
    total: i64,
    state: i64,
    mobilized: i64,
    warning: bool,
}

/// `Err(column offset)` when a cell cannot be read (0 total, 1 state, 2 mobilised).
fn split(total: &MoneyCell, state: &MoneyCell, mobilized: &MoneyCell) -> Result<Split, usize> {
    let read = |cell: &MoneyCell, offset: usize| match cell {
        MoneyCell::Blank => Ok(None),
        MoneyCell::Dong(d) if *d >= 0 => Ok(Some(*d)),
        _ => Err(offset),
    };
    let (t, s, m) = (read(total, 0)?, read(state, 1)?, read(mobilized, 2)?);
    let ok = |total, state, mobilized, warning| Split {
        total,
        state,
        mobilized,
        warning,
    };
    Ok(match (t, s, m) {
        (None, s, m) => ok(
            s.unwrap_or(0) + m.unwrap_or(0),
            s.unwrap_or(0),
            m.unwrap_or(0),
            false,
        ),
        (Some(t), None, None) => ok(t, 0, 0, true),
        (Some(t), None, Some(m)) => ok(t, t - m, m, false),
        (Some(t), Some(s), None) => ok(t, s, t - s, false),
        (Some(t), Some(s), Some(m)) => ok(t, s, m, t != s + m),
    })
}

#[derive(Default)]
struct Counts {
    total: i64,
    effective: i64,
}

#[derive(Default)]
struct TypeTally {
    count: i64,
    quantity: i64,
    total: i64,
    state: i64,
    mobilized: i64,
}

#[derive(Default)]
struct Summary {
    period: (i64, i64),
    read: i64,
    accepted: i64,
    skipped: i64,
    rejected: i64,
    models: Counts,
    stopped: i64,
    exemplary: i64,
    model_money: i64,
    by_field: BTreeMap<(usize, Option<&'static str>), Counts>,
    by_locality: BTreeMap<String, Counts>,
    by_year: BTreeMap<i64, i64>,
    by_type: BTreeMap<(String, String), TypeTally>,
    funding_total: i64,
    funding_state: i64,
    funding_mobilized: i64,
    participations: i64,
    workdays: i64,
    land_m2: i64,
    recognition: Option<RecognitionTally>,
    problems: Vec<Value>,
}

#[derive(Default)]
struct RecognitionTally {
    collective: i64,
    individual: i64,
    meetings: i64,
    citizens: i64,
    communes: BTreeSet<&'static str>,
    hamlets: BTreeSet<(&'static str, &'static str)>,
}

#[derive(PartialEq)]
enum Fate {
    Accepted,
    Skipped,
    Rejected,
}

/// Where a row sits, for its problems.
struct RowAt<'a> {
    file: String,
    sheet: &'a Sheet,
    row: u32,
}

impl Summary {
    fn problem(&mut self, at: &RowAt, column: usize, severity: &str) {
        self.problems.push(json!({
            "file": at.file,
            "sheet": at.sheet.name,
            "row": at.row,
            "column": at.sheet.header(column),
            "severity": severity,
        }));
    }

    /// Rejects on a bad year, skips outside the period; counts the row as read.
    fn fate(&mut self, at: &RowAt, year: &YearCell, year_column: usize) -> (Fate, i64) {
        self.read += 1;
        match year_of(year) {
            None => {
                self.problem(at, year_column, "error");
                (Fate::Rejected, 0)
            }
            Some(y) if y < self.period.0 || y > self.period.1 => (Fate::Skipped, y),
            Some(y) => (Fate::Accepted, y),
        }
    }

    fn settle(&mut self, fate: &Fate) {
        match fate {
            Fate::Accepted => self.accepted += 1,
            Fate::Skipped => self.skipped += 1,
            Fate::Rejected => self.rejected += 1,
        }
    }
}

fn summarise(case: &Case) -> Result<Summary> {
    let all_models = || {
        case.files
            .iter()
            .flat_map(|f| f.sheets())
            .flat_map(|s| match &s.records {
                Records::Models(m) => m.iter().collect::<Vec<&Model>>(),
                _ => Vec::new(),
            })
    };
    let period = match case.period {
        Some(p) => p,
        None => {
            let years: Vec<i64> = case
                .files
                .iter()
                .flat_map(|f| f.sheets())
                .flat_map(|s| match &s.records {
                    Records::Models(v) => v.iter().map(|m| year_of(&m.year)).collect::<Vec<_>>(),
                    Records::Works(v) => v.iter().map(|w| year_of(&w.year)).collect(),
                    Records::Resources(v) => v.iter().map(|r| year_of(&r.year)).collect(),
                })
                .flatten()
                .collect();
            let lo = years.iter().min().context("no year in the case")?;
            let hi = years.iter().max().context("no year in the case")?;
            (*lo, *hi)
        }
    };
    // The group-by level must not depend on whether dvk looks at all model
    // rows or only accepted ones, so fixtures are built to agree.
    let level_all = group_level(all_models().map(|m| &m.place))?;
    let accepted: Vec<&Model> = all_models()
        .filter(|m| year_of(&m.year).is_some_and(|y| (period.0..=period.1).contains(&y)))
        .collect();
    let level = group_level(accepted.iter().map(|m| &m.place))?;
    if level != level_all {
        bail!(
            "{}: group level differs between all and accepted rows",
            case.name
        );
    }

    let mut s = Summary {
        period,
        ..Summary::default()
    };
    for i in 0..FIELDS.len() {
        s.by_field.insert((i, None), Counts::default());
        for sub in subfields(i) {
            s.by_field.insert((i, Some(sub)), Counts::default());
        }
    }
    let mut files: Vec<&SourceFile> = case.files.iter().collect();
    files.sort_by(|a, b| a.name.cmp(&b.name));
    // The same report in two formats (the same sheets converted to .xls and
    // .ods) is counted once: the file of the shorter name, then the first by
    // path; the other gets a warning. (The sheets' Debug text holds every
    // record, so equal texts are equal tables.)
    let mut by_length = files.clone();
    by_length.sort_by_key(|f| (f.name.chars().count(), f.name.clone()));
    let mut kept: Vec<(&SourceFile, String)> = Vec::new();
    for file in by_length {
        let content = format!("{:?}", file.sheets());
        if !file.sheets().is_empty() && kept.iter().any(|(_, seen)| *seen == content) {
            files.retain(|f| f.name != file.name);
            s.problems.push(json!({
                "file": format!("{}/{}", case.label, file.name),
                "sheet": null,
                "row": null,
                "column": null,
                "severity": "warning",
            }));
        } else {
            kept.push((file, content));
        }
    }
    // Every sheet's rows as dvk sees them: files by path, sheets in order.
    let mut sheets = Vec::new();
    for file in &files {
        for sheet in file.sheets() {
            sheets.push((*file, sheet, placed(sheet)?));
        }
    }
    let labels = Labels::collect(&sheets, period)?;
    for (file, sheet, placed) in &sheets {
        let file_label = format!("{}/{}", case.label, file.name);
        for &i in &placed.order {
            let at = RowAt {
                file: file_label.clone(),
                sheet,
                row: placed.rows[i],
            };
            match &sheet.records {
                Records::Models(models) => tally_model(&mut s, &at, &models[i], level, &labels)?,
                Records::Works(works) => tally_work(&mut s, &at, &works[i], &labels)?,
                Records::Resources(resources) => tally_resource(&mut s, &at, &resources[i])?,
            }
        }
        // Layout rows: read and skipped, never counted.
        s.read += placed.layout_rows;
        s.skipped += placed.layout_rows;
        for (row, column) in &placed.warnings {
            s.problems.push(json!({
                "file": file_label,
                "sheet": sheet.name,
                "row": row,
                "column": column,
                "severity": "warning",
            }));
        }
    }
    for file in &files {
        if let Body::Recognition(r) = &file.body {
            tally_recognition(&mut s, r)?;
        }
    }
    // by_year may leave out zero years; make sure there are none to leave out.
    for year in period.0..=period.1 {
        if !s.by_year.contains_key(&year) {
            bail!(
                "{}: no model in {year}, so by_year's zero entry is ambiguous",
                case.name
            );
        }
    }
    Ok(s)
}

/// Every row is counted; the sample's years all lie in its period.
fn tally_recognition(s: &mut Summary, r: &Recognition) -> Result<()> {
    let in_period = |y: i64| (s.period.0..=s.period.1).contains(&y);
    let years = r.awards.iter().map(|a| a.year);
    let years = years.chain(r.dialogues.iter().map(|d| d.year));
    if !years.chain(r.focus.iter().map(|f| f.year)).all(in_period) {
        bail!("a recognition row lies outside the period");
    }
    s.read += r.rows();
    s.accepted += r.rows();
    let t = s.recognition.get_or_insert_with(RecognitionTally::default);
    for a in &r.awards {
        *if a.collective {
            &mut t.collective
        } else {
            &mut t.individual
        } += 1;
    }
    for d in &r.dialogues {
        t.meetings += d.meetings;
        t.citizens += d.citizens;
    }
    for f in &r.focus {
        if f.thon.is_empty() {
            t.communes.insert(f.xa);
        } else {
            t.hamlets.insert((f.xa, f.thon));
        }
    }
    Ok(())
}

fn tally_model(
    s: &mut Summary,
    at: &RowAt,
    m: &Model,
    level: usize,
    labels: &Labels,
) -> Result<()> {
    let (mut fate, year) = s.fate(at, &m.year, M_YEAR);
    let money = match &m.money {
        MoneyCell::Blank => 0,
        MoneyCell::Dong(d) => *d,
        MoneyCell::Text(_) => {
            // One planted error per row, so the expected problems are certain.
            if fate != Fate::Accepted {
                bail!(
                    "{} row {}: unreadable money on a row not accepted",
                    at.file,
                    at.row
                );
            }
            s.problem(at, M_MONEY, "error");
            fate = Fate::Rejected;
            0
        }
    };
    s.settle(&fate);
    let (field, sub, known) = classify_field(&m.field)?;
    let status = classify_status(&m.status)?;
    let exemplary = is_exemplary(&m.exemplary)?;
    if fate != Fate::Accepted {
        // dvk may or may not warn about a row it does not count: plant none there.
        if !known {
            bail!(
                "{} row {}: unknown field on a row not accepted",
                at.file,
                at.row
            );
        }
        return Ok(());
    }
    if !known {
        s.problem(at, M_FIELD, "warning");
    }
    let effective = i64::from(status == Status::Effective);
    s.models.total += 1;
    s.models.effective += effective;
    s.stopped += i64::from(status == Status::Stopped);
    s.exemplary += i64::from(exemplary);
    s.model_money += money;
    let mut bump = |key| {
        let counts: &mut Counts = s.by_field.entry(key).or_default();
        counts.total += 1;
        counts.effective += effective;
    };
    bump((field, None));
    if sub.is_some() {
        bump((field, sub));
    }
    let counts = s
        .by_locality
        .entry(locality_label(&m.place, level, labels)?)
        .or_default();
    counts.total += 1;
    counts.effective += effective;
    *s.by_year.entry(year).or_default() += 1;
    Ok(())
}

fn tally_work(s: &mut Summary, at: &RowAt, w: &Work, labels: &Labels) -> Result<()> {
    let (mut fate, _) = s.fate(at, &w.year, W_YEAR);
    let money = split(&w.total, &w.state, &w.mobilized);
    if let Err(offset) = &money {
        // One planted error per row, so the expected problems are certain.
        if fate != Fate::Accepted {
            bail!(
                "{} row {}: unreadable money on a row not accepted",
                at.file,
                at.row
            );
        }
        s.problem(at, W_TOTAL + offset, "error");
        fate = Fate::Rejected;
    }
    s.settle(&fate);
    let Ok(money) = money else { return Ok(()) };
    if fate != Fate::Accepted {
        if money.warning {
            bail!(
                "{} row {}: budget warning on a row not accepted",
                at.file,
                at.row
            );
        }
        return Ok(());
    }
    if money.warning {
        s.problem(at, W_TOTAL, "warning");
    }
    let (kind, unit, divisor) = match classify_work(&w.kind, &w.unit) {
        Some(known) => known,
        None => {
            let (kind, unit) = labels.work_type(&w.kind, &w.unit)?;
            (kind, unit, 1)
        }
    };
    let quantity = w.quantity.unwrap_or(0);
    if quantity % divisor != 0 {
        bail!("{} row {}: metres with decimals", at.file, at.row);
    }
    let t = s.by_type.entry((kind, unit)).or_default();
    t.count += 1;
    t.quantity += quantity / divisor;
    t.total += money.total;
    t.state += money.state;
    t.mobilized += money.mobilized;
    s.funding_total += money.total;
    s.funding_state += money.state;
    s.funding_mobilized += money.mobilized;
    Ok(())
}

fn tally_resource(s: &mut Summary, at: &RowAt, r: &Resource) -> Result<()> {
    let (mut fate, _) = s.fate(at, &r.year, R_YEAR);
    let money = split(&r.total, &r.state, &r.mobilized);
    if let Err(offset) = &money {
        if fate != Fate::Accepted {
            bail!(
                "{} row {}: unreadable money on a row not accepted",
                at.file,
                at.row
            );
        }
        s.problem(at, R_TOTAL + offset, "error");
        fate = Fate::Rejected;
    }
    s.settle(&fate);
    let Ok(money) = money else { return Ok(()) };
    if fate != Fate::Accepted {
        return Ok(());
    }
    if money.warning {
        s.problem(at, R_TOTAL, "warning");
    }
    s.funding_total += money.total;
    s.funding_state += money.state;
    s.funding_mobilized += money.mobilized;
    s.participations += r.participations;
    s.workdays += r.workdays;
    s.land_m2 += r.land_m2;
    Ok(())
}

const LEVELS: [&str; 4] = ["tỉnh", "huyện", "xã", "thôn"];

/// The highest level with more than one distinct name, else the deepest level in use.
fn group_level<'a>(places: impl Iterator<Item = &'a Place>) -> Result<usize> {
    let places: Vec<&Place> = places.collect();
    let distinct = |level: usize| {
        places
            .iter()
            .map(|p| fold(p.part(level)))
            .filter(|n| !n.is_empty())
            .collect::<BTreeSet<_>>()
            .len()
    };
    if let Some(level) = (0..4).find(|&l| distinct(l) > 1) {
        return Ok(level);
    }
    (0..4)
        .rev()
        .find(|&l| distinct(l) > 0)
        .context("no locality at all")
}

fn locality_label(place: &Place, level: usize, labels: &Labels) -> Result<String> {
    if !place.part(level).is_empty() {
        return labels.locality(place.part(level));
    }
    let above = (0..level)
        .rev()
        .find(|&l| !place.part(l).is_empty())
        .context("a model with no locality")?;
    Ok(format!(
        "{} (cấp {})",
        labels.locality(place.part(above))?,
        LEVELS[above]
    ))
}

/// Where each record of a sheet sits, and what the layout around it adds.
struct Placed {
    /// 1-based row of each record, by record index.
    rows: Vec<u32>,
    /// Record indexes in row order.
    order: Vec<usize>,
    /// Numbering, heading, total and signature rows: read and skipped.
    layout_rows: i64,
    /// Planted warnings outside the records' own rules: (row, column).
    warnings: Vec<(u32, String)>,
}

fn placed(sheet: &Sheet) -> Result<Placed> {
    let Some(layout) = &sheet.layout else {
        let first = sheet.header_row + 1;
        let n = sheet.records.len();
        return Ok(Placed {
            rows: (0..n).map(|i| first + i as u32).collect(),
            order: (0..n).collect(),
            layout_rows: 0,
            warnings: Vec::new(),
        });
    };
    let grid = build_grid(sheet, layout)?;
    let mut rows = vec![0; sheet.records.len()];
    let mut order = Vec::new();
    let mut layout_rows = 0;
    for (r, (role, _)) in grid.rows.iter().enumerate() {
        match role {
            Role::Record(i) => {
                rows[*i] = r as u32 + 1;
                order.push(*i);
            }
            Role::Layout => layout_rows += 1,
            Role::Above | Role::Header | Role::Blank => {}
        }
    }
    Ok(Placed {
        rows,
        order,
        layout_rows,
        warnings: grid.warnings,
    })
}

/// The spellings dvk shows: the first seen (files by path, rows in order) of
/// each name, grouped by `fold`. Collected over all rows and over accepted
/// model (work) rows only; a case must not depend on which one dvk uses, nor
/// show first a spelling that dvk only sees decomposed.
#[derive(Default)]
struct Labels {
    places: BTreeMap<String, (String, bool)>,
    model_places: BTreeMap<String, (String, bool)>,
    types: BTreeMap<(String, String), (String, String, bool)>,
    accepted_types: BTreeMap<(String, String), (String, String, bool)>,
}

impl Labels {
    fn collect(sheets: &[(&SourceFile, &Sheet, Placed)], period: (i64, i64)) -> Result<Labels> {
        let mut labels = Labels::default();
        let in_period =
            |year: &YearCell| year_of(year).is_some_and(|y| (period.0..=period.1).contains(&y));
        for (file, sheet, placed) in sheets {
            for &i in &placed.order {
                let faithful = |canon: usize, text: &str| faithful(file, sheet, i, canon, text);
                let (place, place_columns, accepted): (&Place, [usize; 4], bool) =
                    match &sheet.records {
                        Records::Models(v) => (&v[i].place, [3, 4, 5, 6], in_period(&v[i].year)),
                        Records::Works(v) => {
                            let w = &v[i];
                            if classify_work(&w.kind, &w.unit).is_none() {
                                let key = (fold(&w.kind), fold(&w.unit));
                                let seen = (
                                    w.kind.clone(),
                                    w.unit.clone(),
                                    faithful(2, &w.kind) && faithful(4, &w.unit),
                                );
                                labels.types.entry(key.clone()).or_insert(seen.clone());
                                if in_period(&w.year) {
                                    labels.accepted_types.entry(key).or_insert(seen);
                                }
                            }
                            (&w.place, [5, 6, 7, 8], false)
                        }
                        Records::Resources(v) => (&v[i].place, [1, 2, 3, usize::MAX], false),
                    };
                for (level, &canon) in place_columns.iter().enumerate() {
                    let name = place.part(level);
                    if name.is_empty() {
                        continue;
                    }
                    let seen = (name.to_string(), faithful(canon, name));
                    labels.places.entry(fold(name)).or_insert(seen.clone());
                    if accepted {
                        labels.model_places.entry(fold(name)).or_insert(seen);
                    }
                }
            }
        }
        Ok(labels)
    }

    fn locality(&self, name: &str) -> Result<String> {
        let key = fold(name);
        let (first, faithful) = self.places.get(&key).context("a name never seen")?;
        if let Some((model_first, model_faithful)) = self.model_places.get(&key) {
            if model_first != first || !model_faithful {
                bail!("{name:?}: first spelling differs between all rows and model rows");
            }
        }
        if !faithful {
            bail!("{name:?} is first seen decomposed; put a plain spelling first");
        }
        Ok(first.clone())
    }

    fn work_type(&self, kind: &str, unit: &str) -> Result<(String, String)> {
        let key = (fold(kind), fold(unit));
        let (k, u, faithful) = self.types.get(&key).context("a type never seen")?;
        if let Some((ak, au, af)) = self.accepted_types.get(&key) {
            if ak != k || au != u || !af {
                bail!("{kind:?}: first spelling differs between all and accepted rows");
            }
        }
        if !faithful {
            bail!("{kind:?} is first seen decomposed; put a plain spelling first");
        }
        Ok((k.clone(), u.clone()))
    }
}

/// Whether dvk sees a text cell as this generator's own string (legacy fonts
/// decode to it exactly), not decomposed (NFD cells, Windows-1258 files).
fn faithful(file: &SourceFile, sheet: &Sheet, record: usize, canon: usize, text: &str) -> bool {
    if text.nfd().eq(text.chars()) {
        return true;
    }
    if let Body::Csv { style, .. } = &file.body {
        if style.encoding == Encoding::Windows1258 {
            return false;
        }
    }
    match &sheet.layout {
        Some(layout) => layout.text_fmt(record, canon) != Fmt::Nfd,
        None => true,
    }
}

impl Summary {
    fn to_json(&self, case: &Case) -> Value {
        let counts = |c: &Counts| (c.total, c.effective);
        let by_field: Vec<Value> = FIELDS
            .iter()
            .enumerate()
            .map(|(i, field)| {
                let (total, effective) = self.by_field.get(&(i, None)).map_or((0, 0), counts);
                let subs: Vec<Value> = subfields(i)
                    .iter()
                    .map(|sub| {
                        let (total, effective) =
                            self.by_field.get(&(i, Some(*sub))).map_or((0, 0), counts);
                        json!({"subfield": sub, "total": total, "effective": effective})
                    })
                    .collect();
                json!({"field": field, "total": total, "effective": effective, "subfields": subs})
            })
            .collect();
        let by_locality: Vec<Value> = self
            .by_locality
            .iter()
            .map(
                |(label, c)| json!({"locality": label, "total": c.total, "effective": c.effective}),
            )
            .collect();
        let by_year: Vec<Value> = self
            .by_year
            .iter()
            .map(|(year, total)| json!({"year": year, "total": total}))
            .collect();
        let by_type: Vec<Value> = self
            .by_type
            .iter()
            .map(|((kind, unit), t)| {
                json!({
                    "type": kind,
                    "unit": unit,
                    "count": t.count,
                    "quantity": t.quantity as f64 / 1000.0,
                    "funding": {"total": t.total, "state_budget": t.state, "mobilized": t.mobilized},
                })
            })
            .collect();
        let args: Vec<String> = match case.period {
            Some((from, to)) => vec![
                "--from".into(),
                from.to_string(),
                "--to".into(),
                to.to_string(),
            ],
            None => Vec::new(),
        };
        let mut json = json!({
            "schema": "dvk.summary/1",
            "period": {"from": self.period.0, "to": self.period.1},
            "rows": {
                "read": self.read,
                "accepted": self.accepted,
                "skipped": self.skipped,
                "rejected": self.rejected,
            },
            "models": {
                "total": self.models.total,
                "effective": self.models.effective,
                "stopped": self.stopped,
                "exemplary": self.exemplary,
                "funding_total": self.model_money,
                "by_field": by_field,
                "by_locality": by_locality,
                "by_year": by_year,
            },
            "projects": {"by_type": by_type},
            "funding": {
                "total": self.funding_total,
                "state_budget": self.funding_state,
                "mobilized": self.funding_mobilized,
                "participations": self.participations,
                "workdays": self.workdays,
                "land_m2": self.land_m2,
            },
            "args": args,
            "expected_problems": self.problems,
        });
        if let (Some(t), Some(object)) = (&self.recognition, json.as_object_mut()) {
            object.insert(
                "commendations".into(),
                json!({"collective": t.collective, "individual": t.individual}),
            );
            object.insert(
                "dialogues".into(),
                json!({"meetings": t.meetings, "citizens": t.citizens}),
            );
            object.insert(
                "focus_localities".into(),
                json!({"communes": t.communes.len(), "hamlets": t.hamlets.len()}),
            );
        }
        json
    }
}

// ---------------------------------------------------------------------------
// sample-data/README.md, from the same summary as tests/expected/sample-data.json.

fn sample_readme(s: &Summary) -> String {
    let n = |v: i64| group_thousands(v, '.');
    let qty = |milli: i64| {
        let text = format!("{},{:03}", group_thousands(milli / 1000, '.'), milli % 1000);
        text.trim_end_matches('0').trim_end_matches(',').to_string()
    };
    let mut out = String::new();
    out.push_str(&format!(
        "# Dữ liệu mẫu: huyện Minh Long, tỉnh Quảng Ngãi\n\n\
         Số liệu **giả lập** (không phải số liệu thật) về phong trào thi đua \"Dân vận khéo\" \
         của 05 xã và các cơ quan cấp huyện, giai đoạn {}–{}, để chạy thử `dvk`:\n\n\
         - `xa-long-son.xlsx`, `xa-long-hiep.xlsx`, `xa-long-mai.xlsx`, `xa-thanh-an.xlsx`: \
         mỗi tệp có 3 trang \"Mô hình\", \"Công trình\", \"Nguồn lực\".\n\
         - `xa-long-mon-mo-hinh.csv`, `xa-long-mon-cong-trinh.csv`, `xa-long-mon-nguon-luc.csv`: \
         xã Long Môn gửi 3 tệp CSV (UTF-8 có BOM, phân cách `;`, số viết kiểu Việt Nam).\n\
         - `cac-co-quan-huyen.xlsx`: mô hình của các cơ quan cấp huyện (để trống Xã, Thôn/Ấp), \
         tổng hợp dưới tên \"Minh Long (cấp huyện)\".\n\
         - `huyen-khen-thuong-doi-thoai.xlsx`: 3 trang \"Khen thưởng\", \"Tiếp xúc, đối thoại\", \
         \"Địa bàn điểm\" của huyện.\n\n\
         Hai mô hình ghi lĩnh vực \"Chuyển đổi số\" (không có trong danh mục) được tính vào \"Khác\" \
         kèm cảnh báo; ngoài ra dữ liệu không có lỗi (`dvk` kết thúc với mã 0).\n\n\
         Các tệp này được sinh tự động, đừng sửa tay. Tạo lại (kết quả giống hệt từng byte):\n\n\
         ```\ncargo run --example make_data -- --root .\n```\n\n\
         ## English\n\n\
         Synthetic (not real) \"Dân vận khéo\" data of a district (Minh Long, Quảng Ngãi): \
         one workbook per commune, one commune sent as three semicolon CSVs with Vietnamese \
         number style, the district agencies' models, and the district's commendations, \
         dialogues with citizens and focus localities. Two models have the unknown field \
         \"Chuyển đổi số\" (counted under Khác, with a warning); nothing else is wrong. \
         Regenerate with the command above; the expected figures below are in \
         `tests/expected/sample-data.json` too. Money is in whole đồng; \".\" groups thousands.\n\n",
        s.period.0, s.period.1
    ));
    out.push_str(&format!(
        "## Số liệu cần ra / Expected figures\n\n\
         Dòng đọc / rows read: {}; mô hình / models: {}, hiệu quả / effective: {}, \
         ngừng / stopped: {}, tiêu biểu / exemplary: {}; kinh phí mô hình (tính riêng) / \
         models' own money (reported apart): {} đồng.\n\n",
        n(s.read),
        n(s.models.total),
        n(s.models.effective),
        n(s.stopped),
        n(s.exemplary),
        n(s.model_money)
    ));
    out.push_str(
        "| Lĩnh vực / Field | Mô hình / Models | Hiệu quả / Effective |\n|---|---:|---:|\n",
    );
    for (i, field) in FIELDS.iter().enumerate() {
        let c = s.by_field.get(&(i, None));
        let (t, e) = c.map_or((0, 0), |c| (c.total, c.effective));
        out.push_str(&format!("| {field} | {t} | {e} |\n"));
        for sub in subfields(i) {
            let c = s.by_field.get(&(i, Some(*sub)));
            let (t, e) = c.map_or((0, 0), |c| (c.total, c.effective));
            out.push_str(&format!("| — {sub} | {t} | {e} |\n"));
        }
    }
    out.push_str(
        "\n| Địa bàn / Locality | Mô hình / Models | Hiệu quả / Effective |\n|---|---:|---:|\n",
    );
    for (label, c) in &s.by_locality {
        out.push_str(&format!("| {label} | {} | {} |\n", c.total, c.effective));
    }
    out.push_str(
        "\n| Loại công trình / Work type | ĐVT / Unit | Số công trình / Rows | Số lượng / Quantity | \
         Tổng kinh phí / Total (đồng) | NSNN / State (đồng) | Vận động / Mobilised (đồng) |\n\
         |---|---|---:|---:|---:|---:|---:|\n",
    );
    for ((kind, unit), t) in &s.by_type {
        out.push_str(&format!(
            "| {kind} | {unit} | {} | {} | {} | {} | {} |\n",
            t.count,
            qty(t.quantity),
            n(t.total),
            n(t.state),
            n(t.mobilized)
        ));
    }
    out.push_str(&format!(
        "\n| Nguồn lực (công trình + nguồn lực) / Funding (works + resources) | |\n|---|---:|\n\
         | Tổng kinh phí / Total | {} đồng |\n\
         | Ngân sách nhà nước / State budget | {} đồng |\n\
         | Vận động xã hội hóa / Mobilised | {} đồng |\n\
         | Lượt cơ quan, đơn vị tham gia / Participations | {} |\n\
         | Ngày công / Workdays | {} |\n\
         | Đất hiến / Land donated | {} m² |\n",
        n(s.funding_total),
        n(s.funding_state),
        n(s.funding_mobilized),
        n(s.participations),
        n(s.workdays),
        n(s.land_m2)
    ));
    if let Some(t) = &s.recognition {
        out.push_str(&format!(
            "\n| Khen thưởng, đối thoại, địa bàn điểm / Commendations, dialogues, focus | |\n|---|---:|\n\
             | Tập thể được khen / Collectives commended | {} |\n\
             | Cá nhân được khen / People commended | {} |\n\
             | Cuộc tiếp xúc, đối thoại / Meetings with citizens | {} |\n\
             | Lượt công dân / Citizens met | {} |\n\
             | Xã điểm / Focus communes | {} |\n\
             | Thôn, ấp điểm / Focus hamlets | {} |\n",
            n(t.collective),
            n(t.individual),
            n(t.meetings),
            n(t.citizens),
            t.communes.len(),
            t.hamlets.len()
        ));
    }
    out
}
