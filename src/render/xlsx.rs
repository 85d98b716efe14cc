//! `tong-hop.xlsx`: the appendix tables a clerk prints, and the problem list.
//!
//! Each table has a title stating the period, a frozen header row repeated
//! on every printed page, A4 setup, "." thousands, money in triệu đồng with
//! the unit in the heading, and a total row written as a value equal to the
//! sum of the rows above. User text is always written as text, never a formula.

use super::view::SummaryView;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

/// Vietnamese locale tag: LibreOffice then shows "." thousands and "," decimals
/// whatever the machine's locale; Excel follows the machine (vi-VN does the same).
const LOCALE: &str = "[$-42A]";
const A4: u8 = 9;
const FIRST_DATA_ROW: u32 = 4;

/// One cell of a table.
enum Cell {
    /// A row number (STT), centred.
    Index(usize),
    Text(String),
    Int(i64),
    /// Money in đồng, shown in triệu đồng.
    Money(i64),
    /// Thousandths of a unit.
    Milli(i64),
    Empty,
}

/// A printed table: title, headers, rows and, when it adds up, a total row.
struct Table {
    title: String,
    headers: Vec<(&'static str, f64)>,
    rows: Vec<Vec<Cell>>,
    total: Option<Vec<Cell>>,
}

struct Formats {
    title: Format,
    subtitle: Format,
    note: Format,
    header: Format,
    text: Format,
    index: Format,
    int: Format,
    decimal: Format,
    total_text: Format,
    total_int: Format,
    total_decimal: Format,
}

impl Formats {
    fn new() -> Self {
        let base = Format::new()
            .set_font_name("Times New Roman")
            .set_font_size(12);
        let bordered = base
            .clone()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter);
        let int = bordered.clone().set_num_format(format!("{LOCALE}#,##0"));
        let decimal = bordered
            .clone()
            .set_num_format(format!("{LOCALE}#,##0.0##"));
        Formats {
            title: base
                .clone()
                .set_bold()
                .set_font_size(14)
                .set_align(FormatAlign::Center),
            subtitle: base.clone().set_italic().set_align(FormatAlign::Center),
            note: base
                .clone()
                .set_italic()
                .set_font_color(rust_xlsxwriter::Color::RGB(0xC0_00_00)),
            header: bordered
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_background_color(rust_xlsxwriter::Color::RGB(0xDD_EB_F7)),
            text: bordered.clone().set_text_wrap(),
            index: bordered.clone().set_align(FormatAlign::Center),
            total_text: bordered.clone().set_bold(),
            total_int: int.clone().set_bold(),
            total_decimal: decimal.clone().set_bold(),
            int,
            decimal,
        }
    }
}

/// Builds the workbook's bytes.
pub fn render_xlsx(view: &SummaryView) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    // A fixed creation time keeps the file byte-identical from run to run.
    let properties = DocProperties::new()
        .set_title("Tổng hợp phong trào thi đua \"Dân vận khéo\"")
        .set_author("dvk")
        .set_creation_datetime(&ExcelDateTime::from_ymd(2000, 1, 1)?);
    workbook.set_properties(&properties);
    let formats = Formats::new();
    let period = period_text(view);
    let note = view.incomplete.then(|| {
        format!(
            "Số liệu chưa đầy đủ: có {} lỗi, {} dòng không được tính. Xem trang \"Vấn đề\".",
            view.errors, view.rows.rejected
        )
    });
    let tables = [
        ("Lĩnh vực", fields_table(view)),
        ("Lĩnh vực con", subfields_table(view)),
        ("Địa bàn", localities_table(view)),
        ("Theo năm", years_table(view)),
        ("Công trình", works_table(view)),
        ("Nguồn lực", funding_table(view)),
        ("Tệp đã đọc", files_table(view)),
        ("Vấn đề", problems_table(view)),
    ];
    for (name, table) in tables {
        let sheet = workbook.add_worksheet();
        sheet.set_name(name)?;
        write_table(sheet, &table, &period, note.as_deref(), &formats)?;
        if name == "Vấn đề" && !table.rows.is_empty() {
            sheet.autofilter(
                FIRST_DATA_ROW - 1,
                0,
                FIRST_DATA_ROW - 1 + table.rows.len() as u32,
                6,
            )?;
        }
    }
    workbook.save_to_buffer()
}

fn period_text(view: &SummaryView) -> String {
    match (view.period_from, view.period_to) {
        (Some(a), Some(b)) if a == b => format!("Năm {a}"),
        (Some(a), Some(b)) => format!("Giai đoạn {a} – {b}"),
        _ => "Chưa có số liệu".to_owned(),
    }
}

fn write_table(
    sheet: &mut Worksheet,
    table: &Table,
    period: &str,
    note: Option<&str>,
    f: &Formats,
) -> Result<(), XlsxError> {
    let last_col = (table.headers.len() - 1) as u16;
    sheet.merge_range(0, 0, 0, last_col, &table.title, &f.title)?;
    sheet.merge_range(1, 0, 1, last_col, &format!("({period})"), &f.subtitle)?;
    if let Some(note) = note {
        sheet.write_string_with_format(2, 0, note, &f.note)?;
    }
    let header_row = FIRST_DATA_ROW - 1;
    sheet.set_row_height(header_row, 33)?;
    for (col, (name, width)) in table.headers.iter().enumerate() {
        sheet.write_string_with_format(header_row, col as u16, *name, &f.header)?;
        sheet.set_column_width(col as u16, *width)?;
    }
    let mut row = FIRST_DATA_ROW;
    for cells in &table.rows {
        write_cells(sheet, row, cells, false, f)?;
        row += 1;
    }
    if let Some(total) = &table.total {
        write_cells(sheet, row, total, true, f)?;
    }
    sheet.set_freeze_panes(FIRST_DATA_ROW, 0)?;
    sheet.set_repeat_rows(header_row, header_row)?;
    sheet.set_paper_size(A4);
    let width: f64 = table.headers.iter().map(|(_, w)| w).sum();
    if width > 90.0 {
        sheet.set_landscape();
    }
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_print_center_horizontally(true);
    // Inches: 2 cm left for binding, 1.5 cm elsewhere.
    sheet.set_margins(0.79, 0.59, 0.59, 0.59, 0.3, 0.3);
    sheet.set_footer("&CTrang &P/&N");
    Ok(())
}

fn write_cells(
    sheet: &mut Worksheet,
    row: u32,
    cells: &[Cell],
    total: bool,
    f: &Formats,
) -> Result<(), XlsxError> {
    let (text, int, decimal) = if total {
        (&f.total_text, &f.total_int, &f.total_decimal)
    } else {
        (&f.text, &f.int, &f.decimal)
    };
    for (col, cell) in cells.iter().enumerate() {
        let col = col as u16;
        match cell {
            Cell::Index(i) => sheet.write_number_with_format(row, col, *i as f64, &f.index)?,
            Cell::Text(s) => sheet.write_string_with_format(row, col, s, text)?,
            Cell::Int(n) => sheet.write_number_with_format(row, col, *n as f64, int)?,
            Cell::Money(dong) => {
                let format = if dong % 1_000_000 == 0 { int } else { decimal };
                sheet.write_number_with_format(row, col, *dong as f64 / 1_000_000.0, format)?
            }
            Cell::Milli(milli) => {
                let format = if milli % 1000 == 0 { int } else { decimal };
                sheet.write_number_with_format(row, col, *milli as f64 / 1000.0, format)?
            }
            Cell::Empty => sheet.write_blank(row, col, text)?,
        };
    }
    Ok(())
}

fn count(n: u64) -> Cell {
    Cell::Int(n as i64)
}

fn stt(i: usize) -> Cell {
    Cell::Index(i + 1)
}

fn total_label() -> Cell {
    Cell::Text("Tổng cộng".to_owned())
}

fn fields_table(view: &SummaryView) -> Table {
    let rows = view
        .models
        .by_field
        .iter()
        .enumerate()
        .map(|(i, f)| {
            vec![
                stt(i),
                Cell::Text(f.field.clone()),
                count(f.total),
                count(f.effective),
            ]
        })
        .collect();
    Table {
        title: "BIỂU 1. MÔ HÌNH \"DÂN VẬN KHÉO\" THEO LĨNH VỰC".to_owned(),
        headers: vec![
            ("STT", 6.0),
            ("Lĩnh vực", 40.0),
            ("Số mô hình đăng ký", 16.0),
            ("Số mô hình hiệu quả", 16.0),
        ],
        rows,
        total: Some(vec![
            Cell::Empty,
            total_label(),
            count(view.models.total),
            count(view.models.effective),
        ]),
    }
}

fn subfields_table(view: &SummaryView) -> Table {
    let mut rows = Vec::new();
    for f in &view.models.by_field {
        for s in &f.subfields {
            rows.push(vec![
                stt(rows.len()),
                Cell::Text(s.subfield.clone()),
                Cell::Text(f.field.clone()),
                count(s.total),
                count(s.effective),
            ]);
        }
    }
    let total = rows.len();
    let (t, e) = view
        .models
        .by_field
        .iter()
        .flat_map(|f| &f.subfields)
        .fold((0, 0), |(t, e), s| (t + s.total, e + s.effective));
    Table {
        title: "BIỂU 1A. MÔ HÌNH THEO LĨNH VỰC CON (ĐÃ TÍNH TRONG LĨNH VỰC CHA Ở BIỂU 1)"
            .to_owned(),
        headers: vec![
            ("STT", 6.0),
            ("Lĩnh vực con", 30.0),
            ("Thuộc lĩnh vực", 30.0),
            ("Số mô hình đăng ký", 16.0),
            ("Số mô hình hiệu quả", 16.0),
        ],
        rows,
        total: (total > 0)
            .then(|| vec![Cell::Empty, total_label(), Cell::Empty, count(t), count(e)]),
    }
}

fn localities_table(view: &SummaryView) -> Table {
    let rows = view
        .models
        .by_locality
        .iter()
        .enumerate()
        .map(|(i, l)| {
            vec![
                stt(i),
                Cell::Text(l.locality.clone()),
                count(l.total),
                count(l.effective),
            ]
        })
        .collect();
    Table {
        title: format!(
            "BIỂU 2. MÔ HÌNH \"DÂN VẬN KHÉO\" THEO ĐỊA BÀN (CẤP {})",
            view.group_level.to_uppercase()
        ),
        headers: vec![
            ("STT", 6.0),
            ("Địa bàn", 40.0),
            ("Số mô hình đăng ký", 16.0),
            ("Số mô hình hiệu quả", 16.0),
        ],
        rows,
        total: Some(vec![
            Cell::Empty,
            total_label(),
            count(view.models.total),
            count(view.models.effective),
        ]),
    }
}

fn years_table(view: &SummaryView) -> Table {
    let rows = view
        .models
        .by_year
        .iter()
        .enumerate()
        .map(|(i, y)| vec![stt(i), Cell::Int(i64::from(y.year)), count(y.total)])
        .collect();
    Table {
        title: "BIỂU 3. MÔ HÌNH \"DÂN VẬN KHÉO\" THEO NĂM BẮT ĐẦU".to_owned(),
        headers: vec![("STT", 6.0), ("Năm", 12.0), ("Số mô hình", 16.0)],
        rows,
        total: Some(vec![Cell::Empty, total_label(), count(view.models.total)]),
    }
}

fn works_table(view: &SummaryView) -> Table {
    let rows = view
        .works
        .iter()
        .enumerate()
        .map(|(i, w)| {
            vec![
                stt(i),
                Cell::Text(w.work_type.clone()),
                Cell::Text(w.unit.clone()),
                count(w.count),
                Cell::Milli(w.quantity_milli),
                Cell::Money(w.funding.total),
                Cell::Money(w.funding.state_budget),
                Cell::Money(w.funding.mobilized),
            ]
        })
        .collect();
    let f = view.works_funding;
    Table {
        title: "BIỂU 4. CÔNG TRÌNH, PHẦN VIỆC".to_owned(),
        headers: vec![
            ("STT", 6.0),
            ("Loại công trình", 32.0),
            ("Đơn vị tính", 10.0),
            ("Số công trình", 11.0),
            ("Số lượng", 11.0),
            ("Tổng kinh phí (triệu đồng)", 16.0),
            ("Ngân sách nhà nước (triệu đồng)", 16.0),
            ("Vận động xã hội hóa (triệu đồng)", 16.0),
        ],
        rows,
        total: Some(vec![
            Cell::Empty,
            total_label(),
            Cell::Empty,
            count(view.works_count),
            Cell::Empty,
            Cell::Money(f.total),
            Cell::Money(f.state_budget),
            Cell::Money(f.mobilized),
        ]),
    }
}

fn funding_table(view: &SummaryView) -> Table {
    let r = &view.resources;
    let w = view.works_funding;
    let line = |i: usize, name: &str, f: super::view::FundingView| {
        vec![
            stt(i),
            Cell::Text(name.to_owned()),
            Cell::Money(f.total),
            Cell::Money(f.state_budget),
            Cell::Money(f.mobilized),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
        ]
    };
    let rows = vec![line(0, "Công trình, phần việc", w), {
        let mut l = line(
            1,
            "Nguồn lực khác (lượt tham gia, ngày công, đất hiến)",
            r.funding,
        );
        l[5] = Cell::Int(r.participations);
        l[6] = Cell::Int(r.workdays);
        l[7] = Cell::Milli(r.land_milli);
        l
    }];
    Table {
        title: "BIỂU 5. HUY ĐỘNG NGUỒN LỰC".to_owned(),
        headers: vec![
            ("STT", 6.0),
            ("Nguồn", 34.0),
            ("Tổng kinh phí (triệu đồng)", 16.0),
            ("Ngân sách nhà nước (triệu đồng)", 16.0),
            ("Vận động xã hội hóa (triệu đồng)", 16.0),
            ("Lượt cơ quan, đơn vị tham gia", 14.0),
            ("Ngày công", 12.0),
            ("Đất hiến (m²)", 12.0),
        ],
        rows,
        total: Some(vec![
            Cell::Empty,
            total_label(),
            Cell::Money(view.funding.total),
            Cell::Money(view.funding.state_budget),
            Cell::Money(view.funding.mobilized),
            Cell::Int(r.participations),
            Cell::Int(r.workdays),
            Cell::Milli(r.land_milli),
        ]),
    }
}

fn files_table(view: &SummaryView) -> Table {
    let rows: Vec<Vec<Cell>> = view
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| {
            vec![
                stt(i),
                Cell::Text(f.file.clone()),
                Cell::Text(
                    if f.read_ok {
                        "Đã đọc"
                    } else {
                        "Không đọc được"
                    }
                    .to_owned(),
                ),
                count(f.read),
                count(f.accepted),
                count(f.skipped),
                count(f.rejected),
                count(f.errors),
                count(f.warnings),
            ]
        })
        .collect();
    let sum = |get: fn(&super::view::FileRow) -> u64| count(view.files.iter().map(get).sum());
    Table {
        title: "TỆP ĐÃ ĐỌC VÀ SỐ DÒNG (ĐỌC = NHẬN + BỎ QUA + LOẠI)".to_owned(),
        headers: vec![
            ("STT", 6.0),
            ("Tệp", 40.0),
            ("Kết quả", 14.0),
            ("Dòng đọc", 10.0),
            ("Nhận", 10.0),
            ("Bỏ qua", 10.0),
            ("Loại", 10.0),
            ("Lỗi", 8.0),
            ("Cảnh báo", 10.0),
        ],
        rows,
        total: Some(vec![
            Cell::Empty,
            total_label(),
            Cell::Empty,
            sum(|f| f.read),
            sum(|f| f.accepted),
            sum(|f| f.skipped),
            sum(|f| f.rejected),
            sum(|f| f.errors),
            sum(|f| f.warnings),
        ]),
    }
}

fn problems_table(view: &SummaryView) -> Table {
    let rows = view
        .problems
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let column = match (&p.column_letter, &p.column) {
                (Some(letter), Some(name)) => format!("{letter} ({name})"),
                (Some(letter), None) => letter.clone(),
                (None, Some(name)) => name.clone(),
                (None, None) => String::new(),
            };
            vec![
                stt(i),
                Cell::Text(p.file.clone()),
                Cell::Text(p.sheet.clone().unwrap_or_default()),
                p.row.map_or(Cell::Empty, |r| Cell::Int(i64::from(r))),
                Cell::Text(column),
                Cell::Text(p.severity_vi.to_owned()),
                Cell::Text(p.message.clone()),
            ]
        })
        .collect();
    Table {
        title: "CÁC VẤN ĐỀ TRONG TỆP BÁO CÁO (GỬI LẠI ĐƠN VỊ ĐỂ SỬA)".to_owned(),
        headers: vec![
            ("STT", 6.0),
            ("Tệp", 28.0),
            ("Trang", 14.0),
            ("Dòng", 7.0),
            ("Cột", 22.0),
            ("Mức độ", 10.0),
            ("Nội dung", 70.0),
        ],
        rows,
        total: None,
    }
}
