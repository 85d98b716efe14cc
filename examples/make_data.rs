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
//! Same arguments, byte-identical files: randomness comes from an inline
//! splitmix64 seeded by constants, and workbooks carry a fixed creation date.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context, Result};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet};
use serde_json::{json, Value};

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
        return write_xlsx(&dir.join("nguon.xlsx"), &chuan_sheets(), None);
    }

    let cases = [
        sample_case(),
        chuan_case(),
        csv_case(),
        xls_ods_case(),
        bien_the_case(),
        loi_case(),
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
        }
    }

    fn write(&self, dir: &Path) -> Result<()> {
        let path = dir.join(&self.name);
        match &self.body {
            Body::Xlsx { sheets, notes } => write_xlsx(&path, sheets, notes.as_ref()),
            Body::Csv { sheet, style } => write_csv(&path, sheet, *style),
            Body::Converted { .. } => Ok(()),
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
    };
    // Vietnamese numbers with a "," delimiter: the writer quotes "1.130,25".
    let resources_style = CsvStyle {
        bom: true,
        delimiter: b',',
        crlf: true,
        numbers: NumberStyle::Vietnamese,
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
// Writers.

fn write_xlsx(path: &Path, sheets: &[Sheet], notes: Option<&(String, Vec<String>)>) -> Result<()> {
    let mut workbook = Workbook::new();
    // A fixed creation date keeps the file byte-identical between runs.
    let created = ExcelDateTime::from_ymd(2024, 1, 15)?.and_hms(8, 0, 0)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&created)
            .set_author("dvk make_data"),
    );
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
    let body = writer.into_inner().map_err(|e| anyhow!("{e}"))?;
    let mut bytes = if style.bom {
        "\u{feff}".as_bytes().to_vec()
    } else {
        Vec::new()
    };
    bytes.extend(body);
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

/// Field texts this generator writes, with their field and subfield.
const FIELD_TEXTS: [(&str, usize, Option<&str>); 22] = [
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
    // Kept here only to be refused loudly if a record ever used them.
    ("", usize::MAX, None),
    ("Văn hóa, xã hội", usize::MAX, None),
];

/// (field index, subfield, known?) of a field text; unknown text is Khác.
fn classify_field(text: &str) -> Result<(usize, Option<&'static str>, bool)> {
    match FIELD_TEXTS.iter().find(|(t, _, _)| *t == text) {
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
    let t = text.trim().to_lowercase();
    if ["không hiệu quả", "chưa hiệu quả", "kém hiệu quả"]
        .iter()
        .any(|s| t.contains(s))
    {
        return Ok(Status::Registered);
    }
    if t.contains("hiệu quả") {
        return Ok(Status::Effective);
    }
    if t.contains("ngừng") || t.contains("dừng") {
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
    if quiet.contains(&t.as_str()) {
        return Ok(Status::Registered);
    }
    bail!("status {text:?} would raise a warning; the generator plants none")
}

fn is_exemplary(mark: &str) -> Result<bool> {
    match mark.trim().to_lowercase().as_str() {
        "" => Ok(false),
        "x" | "có" | "✓" | "1" | "tiêu biểu" => Ok(true),
        other => bail!("exemplary mark {other:?} would raise a warning"),
    }
}

/// (canonical type, unit, divisor) of a work type as written.
fn classify_work(kind: &str, unit: &str) -> (String, String, i64) {
    let metres = matches!(unit, "m" | "mét");
    match kind.to_lowercase().as_str() {
        "đường giao thông nông thôn" | "đường gtnt" => (
            "Đường giao thông nông thôn".into(),
            "km".into(),
            if metres { 1000 } else { 1 },
        ),
        "cầu" | "cầu bê-tông" => ("Cầu".into(), "cây".into(), 1),
        "nhà tình thương" | "nhà đại đoàn kết" | "nhà tình nghĩa" | "mái ấm công đoàn" => {
            ("Nhà tình thương".into(), "căn".into(), 1)
        }
        "nhà văn hóa" => ("Nhà văn hóa".into(), "căn".into(), 1),
        "học bổng" => ("Học bổng".into(), "suất".into(), 1),
        _ => (kind.into(), unit.into(), 1),
    }
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
    problems: Vec<Value>,
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
    for file in files {
        for sheet in file.sheets() {
            let file_label = format!("{}/{}", case.label, file.name);
            let first_row = sheet.header_row + 1;
            match &sheet.records {
                Records::Models(models) => {
                    for (i, m) in models.iter().enumerate() {
                        let at = RowAt {
                            file: file_label.clone(),
                            sheet,
                            row: first_row + i as u32,
                        };
                        tally_model(&mut s, &at, m, level)?;
                    }
                }
                Records::Works(works) => {
                    for (i, w) in works.iter().enumerate() {
                        let at = RowAt {
                            file: file_label.clone(),
                            sheet,
                            row: first_row + i as u32,
                        };
                        tally_work(&mut s, &at, w)?;
                    }
                }
                Records::Resources(resources) => {
                    for (i, r) in resources.iter().enumerate() {
                        let at = RowAt {
                            file: file_label.clone(),
                            sheet,
                            row: first_row + i as u32,
                        };
                        tally_resource(&mut s, &at, r)?;
                    }
                }
            }
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

fn tally_model(s: &mut Summary, at: &RowAt, m: &Model, level: usize) -> Result<()> {
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
        .entry(locality_label(&m.place, level)?)
        .or_default();
    counts.total += 1;
    counts.effective += effective;
    *s.by_year.entry(year).or_default() += 1;
    Ok(())
}

fn tally_work(s: &mut Summary, at: &RowAt, w: &Work) -> Result<()> {
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
    let (kind, unit, divisor) = classify_work(&w.kind, &w.unit);
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
            .map(|p| p.part(level).to_lowercase())
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

fn locality_label(place: &Place, level: usize) -> Result<String> {
    if !place.part(level).is_empty() {
        return Ok(place.part(level).into());
    }
    let above = (0..level)
        .rev()
        .find(|&l| !place.part(l).is_empty())
        .context("a model with no locality")?;
    Ok(format!("{} (cấp {})", place.part(above), LEVELS[above]))
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
        json!({
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
        })
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
         tổng hợp dưới tên \"Minh Long (cấp huyện)\".\n\n\
         Hai mô hình ghi lĩnh vực \"Chuyển đổi số\" (không có trong danh mục) được tính vào \"Khác\" \
         kèm cảnh báo; ngoài ra dữ liệu không có lỗi (`dvk` kết thúc với mã 0).\n\n\
         Các tệp này được sinh tự động, đừng sửa tay. Tạo lại (kết quả giống hệt từng byte):\n\n\
         ```\ncargo run --example make_data -- --root .\n```\n\n\
         ## English\n\n\
         Synthetic (not real) \"Dân vận khéo\" data of a district (Minh Long, Quảng Ngãi): \
         one workbook per commune, one commune sent as three semicolon CSVs with Vietnamese \
         number style, and the district agencies' models. Two models have the unknown field \
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
    out
}
