//! Realistic canonical inputs for the benchmark: one workbook per commune
//! with the three sheets of the interface (Mô hình, Công trình, Nguồn lực),
//! strings in a shared-strings table as Excel writes them, and every K-th
//! commune sent as three CSV files instead.
//!
//! The same [`Spec`] always gives the same bytes. The generator also keeps
//! its own tally of what it wrote, so a test can check dvk's figures against
//! numbers computed without dvk.

use anyhow::{Context, Result};
use dvk::config::{columns_of, template_header, Config};
use dvk::domain::SheetKind;
use rayon::prelude::*;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spec {
    pub communes: usize,
    pub models: usize,
    /// Every `csv_every`-th commune is written as CSV (0: none).
    pub csv_every: usize,
    pub seed: u64,
}

impl Spec {
    /// One line that names the data set, kept beside it to know it is current.
    pub fn stamp(&self) -> String {
        format!(
            "dvk-bench communes={} models={} csv_every={} seed={} v1",
            self.communes, self.models, self.csv_every, self.seed
        )
    }
}

/// What the generator wrote, counted by itself.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub files: u64,
    pub rows: u64,
    pub models: u64,
    pub effective: u64,
    pub stopped: u64,
    pub works: u64,
    /// Works' and resources' money, in đồng.
    pub funding_total: i64,
    pub funding_state: i64,
    pub funding_mobilized: i64,
    pub workdays: i64,
}

impl Tally {
    fn add(mut self, other: Tally) -> Tally {
        self.files += other.files;
        self.rows += other.rows;
        self.models += other.models;
        self.effective += other.effective;
        self.stopped += other.stopped;
        self.works += other.works;
        self.funding_total += other.funding_total;
        self.funding_state += other.funding_state;
        self.funding_mobilized += other.funding_mobilized;
        self.workdays += other.workdays;
        self
    }
}

/// A sheet's header row, exactly as `dvk template` writes it.
fn headers(kind: SheetKind) -> &'static [String] {
    static HEADERS: OnceLock<Vec<(SheetKind, Vec<String>)>> = OnceLock::new();
    let all = HEADERS.get_or_init(|| {
        // The embedded default.toml always loads (a unit test says so).
        let config = Config::default_config().unwrap_or_else(|e| panic!("{e}"));
        SheetKind::ALL
            .iter()
            .map(|&kind| {
                let names = columns_of(kind)
                    .iter()
                    .map(|&id| template_header(id, config.taxonomy.column_name(id)))
                    .collect();
                (kind, names)
            })
            .collect()
    });
    all.iter()
        .find(|(k, _)| *k == kind)
        .map_or(&[], |(_, names)| names.as_slice())
}

/// The 34 provinces and cities since the 2025 reform (a few of them).
const PROVINCES: [&str; 12] = [
    "Tỉnh Đồng Tháp",
    "Tỉnh An Giang",
    "Tỉnh Vĩnh Long",
    "Thành phố Cần Thơ",
    "Tỉnh Cà Mau",
    "Tỉnh Tây Ninh",
    "Tỉnh Quảng Ngãi",
    "Tỉnh Nghệ An",
    "Tỉnh Thái Nguyên",
    "Tỉnh Lâm Đồng",
    "Tỉnh Gia Lai",
    "Tỉnh Phú Thọ",
];
const COMMUNE_NAMES: [&str; 15] = [
    "Tân Phú",
    "Mỹ Hòa",
    "Bình Thạnh",
    "Long Hưng",
    "An Nhơn",
    "Phú Lợi",
    "Hòa Bình",
    "Thới Sơn",
    "Vĩnh Xuân",
    "Đông Thạnh",
    "Tân Hội",
    "Mỹ Xương",
    "Hưng Thạnh",
    "Phước Lộc",
    "Quới Điền",
];
const UNITS: [&str; 8] = [
    "Hội Nông dân xã",
    "Hội Liên hiệp Phụ nữ xã",
    "Đoàn Thanh niên xã",
    "Hội Cựu chiến binh xã",
    "Ủy ban Mặt trận Tổ quốc xã",
    "Ban Công tác Mặt trận ấp",
    "Công an xã",
    "Chi hội Người cao tuổi",
];
/// Field text as communes write it (canonical names, aliases, subfields,
/// a little no alias covers), with weights.
const FIELD_TEXTS: [(&str, u64); 12] = [
    ("Phát triển kinh tế", 22),
    ("Kinh tế", 6),
    ("Văn hóa - xã hội", 14),
    ("Văn hoá - Xã hội", 4),
    ("Bảo vệ môi trường", 10),
    ("Môi trường", 2),
    ("Quốc phòng - an ninh", 8),
    ("An ninh trật tự", 10),
    ("Xây dựng hệ thống chính trị", 12),
    ("Khác", 6),
    ("Nông nghiệp công nghệ cao", 1),
    ("Chuyển đổi số", 1),
];
#[derive(Clone, Copy)]
enum Status {
    Effective,
    Registered,
    Stopped,
}
const STATUSES: [(&str, Status, u64); 5] = [
    ("Hiệu quả", Status::Effective, 55),
    ("Đang duy trì", Status::Registered, 25),
    ("Đã dừng", Status::Stopped, 12),
    ("Ngừng hoạt động", Status::Stopped, 4),
    ("hiệu quả", Status::Effective, 4),
];
const LEVELS: [(&str, u64); 3] = [("Xã", 70), ("Huyện", 22), ("Tỉnh", 8)];
const KINDS: [&str; 8] = [
    "Tổ tự quản",
    "Câu lạc bộ",
    "Tổ hợp tác",
    "Ấp văn hóa",
    "Camera an ninh",
    "Tuyến đường",
    "Quỹ hỗ trợ",
    "Mô hình sinh kế",
];
/// Work type, unit, weight; the quantity is drawn by [`work_quantity`].
const WORK_TYPES: [(&str, &str, u64); 6] = [
    ("Đường giao thông nông thôn", "km", 30),
    ("Đường giao thông nông thôn", "m", 15),
    ("Cầu", "cây", 15),
    ("Nhà tình thương", "căn", 25),
    ("Nhà văn hóa", "căn", 5),
    ("Kênh mương nội đồng", "km", 10),
];

/// A small, fast, seedable generator (splitmix64): the data must not depend
/// on a crate's version.
struct Rng(u64);

impl Rng {
    fn new(seed: u64, commune: usize) -> Rng {
        Rng(seed
            .wrapping_mul(1_000_003)
            .wrapping_add(commune as u64)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15))
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A whole number in `low..=high`.
    fn range(&mut self, low: i64, high: i64) -> i64 {
        low + (self.next() % (high - low + 1) as u64) as i64
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[(self.next() % items.len() as u64) as usize]
    }

    fn weighted<T: Copy>(&mut self, items: &[T], weight: impl Fn(&T) -> u64) -> T {
        let total: u64 = items.iter().map(&weight).sum();
        let mut x = self.next() % total;
        for item in items {
            let w = weight(item);
            if x < w {
                return *item;
            }
            x -= w;
        }
        items[items.len() - 1]
    }
}

/// A cell as written: blank, text, or a number given as its text (so money
/// in triệu đồng keeps exactly three decimals).
#[derive(Debug, Clone)]
enum Cell {
    Blank,
    Text(String),
    Int(i64),
    /// Thousandths: money in triệu đồng with three decimals is whole nghìn
    /// đồng, a quantity in km has at most one decimal.
    Milli(i64),
}

impl Cell {
    fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    fn csv(&self) -> String {
        match self {
            Cell::Blank => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Int(n) => n.to_string(),
            Cell::Milli(m) => milli_text(*m),
        }
    }
}

/// 123456 → "123.456", 5000 → "5": the shortest text of thousandths, as a
/// spreadsheet shows a number with a "." decimal point.
fn milli_text(milli: i64) -> String {
    let (whole, frac) = (milli / 1000, milli % 1000);
    if frac == 0 {
        return whole.to_string();
    }
    let frac = format!("{frac:03}");
    format!("{whole}.{}", frac.trim_end_matches('0'))
}

/// Money in thousandths of a triệu (nghìn đồng) → đồng.
const DONG_PER_MILLI: i64 = 1000;

struct Commune {
    province: &'static str,
    name: String,
    folder: String,
    file: String,
}

fn commune(i: usize, communes: usize) -> Commune {
    // About a hundred communes per province, as since the 2025 reform.
    let provinces = communes.div_ceil(100).max(1);
    let province_no = i * provinces / communes.max(1);
    Commune {
        province: PROVINCES[province_no % PROVINCES.len()],
        name: format!("Xã {} {}", COMMUNE_NAMES[i % COMMUNE_NAMES.len()], i + 1),
        folder: format!("tinh-{:02}", province_no + 1),
        file: format!("xa-{:05}", i + 1),
    }
}

type Sheet = (&'static str, &'static [String], Vec<Vec<Cell>>);

/// The three sheets of one commune, and what they hold.
fn commune_sheets(i: usize, spec: &Spec) -> (Vec<Sheet>, Tally) {
    let mut rng = Rng::new(spec.seed, i);
    let place = commune(i, spec.communes);
    let mut tally = Tally::default();
    let locality = |rng: &mut Rng, hamlet: bool| {
        let mut cells = vec![
            Cell::text(place.province),
            Cell::Blank, // no district since the 2025 reform
            Cell::text(&place.name),
        ];
        if hamlet {
            cells.push(Cell::Text(format!("Ấp {}", rng.range(1, 9))));
        }
        cells
    };

    let mut models = Vec::with_capacity(spec.models);
    for k in 0..spec.models {
        let (field, _) = rng.weighted(&FIELD_TEXTS, |f| f.1);
        let (status, kind, _) = rng.weighted(&STATUSES, |s| s.2);
        let (level, _) = rng.weighted(&LEVELS, |l| l.1);
        let mut row = vec![
            Cell::Int(k as i64 + 1),
            Cell::Text(format!("{} số {} {}", rng.pick(&KINDS), k + 1, place.name)),
            Cell::text(rng.pick(&UNITS)),
        ];
        row.extend(locality(&mut rng, true));
        row.extend([
            Cell::text(field),
            Cell::Int(rng.range(2015, 2025)),
            Cell::text(status),
            Cell::text(level),
            if rng.chance(15) {
                Cell::text("x")
            } else {
                Cell::Blank
            },
            if rng.chance(90) {
                Cell::Milli(rng.range(0, 500_000))
            } else {
                Cell::Blank
            },
            if rng.chance(5) {
                Cell::text("Nhân rộng")
            } else {
                Cell::Blank
            },
        ]);
        models.push(row);
        tally.models += 1;
        match kind {
            Status::Effective => tally.effective += 1,
            Status::Stopped => tally.stopped += 1,
            Status::Registered => {}
        }
    }

    let mut works = Vec::with_capacity(spec.models / 3);
    for k in 0..spec.models / 3 {
        let (work_type, unit, _) = rng.weighted(&WORK_TYPES, |w| w.2);
        let quantity = work_quantity(&mut rng, work_type, unit);
        let total = rng.range(50_000, 3_000_000);
        let state = total * rng.pick(&[0, 3, 5, 7, 10]) / 10;
        let mut row = vec![
            Cell::Int(k as i64 + 1),
            Cell::Text(format!("{work_type} {} hạng mục {}", place.name, k + 1)),
            Cell::text(work_type),
            quantity,
            Cell::text(unit),
        ];
        row.extend(locality(&mut rng, true));
        row.extend([
            Cell::Int(rng.range(2020, 2025)),
            Cell::Milli(total),
            Cell::Milli(state),
            Cell::Milli(total - state),
            Cell::Blank,
        ]);
        works.push(row);
        tally.works += 1;
        tally.funding_total += total * DONG_PER_MILLI;
        tally.funding_state += state * DONG_PER_MILLI;
        tally.funding_mobilized += (total - state) * DONG_PER_MILLI;
    }

    let mut resources = Vec::with_capacity(6);
    for (k, year) in (2020..=2025).enumerate() {
        let total = rng.range(100_000, 20_000_000);
        let state = rng.range(0, total);
        let workdays = rng.range(100, 20_000);
        let mut row = vec![Cell::Int(k as i64 + 1)];
        row.extend(locality(&mut rng, false));
        row.extend([
            Cell::Int(year),
            Cell::Int(rng.range(5, 120)),
            Cell::Milli(total),
            Cell::Milli(state),
            Cell::Milli(total - state),
            Cell::Int(workdays),
            if rng.chance(80) {
                Cell::Milli(rng.range(0, 5000) * 100)
            } else {
                Cell::Blank
            },
            Cell::Blank,
        ]);
        resources.push(row);
        tally.funding_total += total * DONG_PER_MILLI;
        tally.funding_state += state * DONG_PER_MILLI;
        tally.funding_mobilized += (total - state) * DONG_PER_MILLI;
        tally.workdays += workdays;
    }

    tally.rows = (models.len() + works.len() + resources.len()) as u64;
    let sheets = vec![
        ("Mô hình", headers(SheetKind::Models), models),
        ("Công trình", headers(SheetKind::Works), works),
        ("Nguồn lực", headers(SheetKind::Resources), resources),
    ];
    (sheets, tally)
}

fn work_quantity(rng: &mut Rng, work_type: &str, unit: &str) -> Cell {
    match (work_type, unit) {
        (_, "km") => Cell::Milli(rng.range(2, 50) * 100),
        (_, "m") => Cell::Int(rng.range(50, 2000)),
        ("Cầu", _) => Cell::Int(rng.range(1, 3)),
        ("Nhà văn hóa", _) => Cell::Int(1),
        _ => Cell::Int(rng.range(1, 4)),
    }
}

/// Writes the data set under `dir` (which must exist) and returns its tally.
pub fn generate(dir: &Path, spec: &Spec) -> Result<Tally> {
    (0..spec.communes)
        .into_par_iter()
        .map(|i| write_commune(dir, i, spec))
        .try_reduce(Tally::default, |a, b| Ok(a.add(b)))
}

fn write_commune(dir: &Path, i: usize, spec: &Spec) -> Result<Tally> {
    let place = commune(i, spec.communes);
    let folder = dir.join(&place.folder);
    std::fs::create_dir_all(&folder).with_context(|| format!("creating {}", folder.display()))?;
    let (sheets, mut tally) = commune_sheets(i, spec);
    let base = folder.join(&place.file);
    if spec.csv_every > 0 && (i + 1).is_multiple_of(spec.csv_every) {
        for (suffix, (_, headers, rows)) in
            ["mo-hinh", "cong-trinh", "nguon-luc"].iter().zip(&sheets)
        {
            write_csv(&with_suffix(&base, suffix, "csv"), headers, rows)?;
            tally.files += 1;
        }
    } else {
        write_xlsx(&with_suffix(&base, "", "xlsx"), &sheets)?;
        tally.files += 1;
    }
    Ok(tally)
}

fn with_suffix(base: &Path, suffix: &str, extension: &str) -> PathBuf {
    let mut name = base.file_name().unwrap_or_default().to_os_string();
    if !suffix.is_empty() {
        name.push(format!("-{suffix}"));
    }
    name.push(format!(".{extension}"));
    base.with_file_name(name)
}

fn write_xlsx(path: &Path, sheets: &[Sheet]) -> Result<()> {
    let mut workbook = Workbook::new();
    // A fixed creation date keeps the file byte-identical between runs.
    let created = ExcelDateTime::from_ymd(2026, 1, 1)?.and_hms(8, 0, 0)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&created)
            .set_author("dvk bench"),
    );
    for (name, headers, rows) in sheets {
        let ws = workbook.add_worksheet();
        ws.set_name(*name)?;
        for (c, header) in headers.iter().enumerate() {
            ws.write_string(0, c as u16, header)?;
        }
        for (r, row) in rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Cell::Blank => {}
                    Cell::Text(s) => {
                        ws.write_string(r, c, s)?;
                    }
                    Cell::Int(n) => {
                        ws.write_number(r, c, *n as f64)?;
                    }
                    Cell::Milli(m) => {
                        // The nearest double to the three-decimal text, as
                        // Excel stores what the clerk typed.
                        let value: f64 = milli_text(*m).parse()?;
                        ws.write_number(r, c, value)?;
                    }
                }
            }
        }
    }
    workbook
        .save(path)
        .with_context(|| format!("writing {}", path.display()))
}

/// A CSV as Excel saves "CSV UTF-8": a byte-order mark, then comma-separated
/// fields, quoted when needed.
fn write_csv(path: &Path, headers: &[String], rows: &[Vec<Cell>]) -> Result<()> {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut bytes);
        writer.write_record(headers)?;
        for row in rows {
            writer.write_record(row.iter().map(Cell::csv))?;
        }
        writer.flush()?;
    }
    std::fs::write(path, bytes).with_context(|| format!("writing {}", path.display()))
}
