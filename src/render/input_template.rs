//! The blank input workbook of `dvk template`: the six data sheets with
//! their exact headers, drop-down lists from the taxonomy and instructions.

use crate::config::{columns_of, template_header, ColumnId, Config};
use crate::domain::SheetKind;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties, ExcelDateTime,
    Format, FormatAlign, FormatBorder, Workbook, XlsxError,
};

/// Rows prepared with validation below the header.
const PREPARED_ROWS: u32 = 2000;

const INSTRUCTIONS: &[&str] = &[
    "HƯỚNG DẪN ĐIỀN BIỂU MẪU “DÂN VẬN KHÉO”",
    "",
    "1. Tệp có sáu trang số liệu: \"Mô hình\", \"Công trình\", \"Nguồn lực\" và, nếu có, \"Khen thưởng\", \"Tiếp xúc, đối thoại\", \"Địa bàn điểm\" (trang không có số liệu thì để trống). Giữ nguyên dòng tiêu đề (dòng 1) của mỗi trang; mỗi dòng bên dưới là một mô hình, một công trình, một năm huy động nguồn lực, một lần khen thưởng, số cuộc tiếp xúc, đối thoại của một nơi trong một năm, hoặc một địa bàn điểm.",
    "2. Địa bàn: ghi Tỉnh, Huyện (để trống nếu đơn vị thuộc tỉnh sau ngày 1/7/2025), Xã, Thôn/Ấp. Mô hình của cơ quan cấp huyện, cấp tỉnh: để trống cột Xã.",
    "3. Năm bắt đầu / Năm: ghi số năm, ví dụ 2019. Dòng thiếu năm sẽ không được tính.",
    "4. Lĩnh vực: chọn trong danh sách (Phát triển kinh tế; Văn hóa - xã hội; Bảo vệ môi trường; Quốc phòng - an ninh; An ninh trật tự; Xây dựng hệ thống chính trị; Khác).",
    "5. Tình trạng: \"Hiệu quả\" (đang duy trì hoạt động hiệu quả), \"Đang thực hiện\", \"Mới đăng ký\" hoặc \"Ngừng hoạt động\".",
    "6. Tiêu biểu: ghi \"x\" nếu mô hình được đánh giá tiêu biểu, để trống nếu không.",
    "7. Kinh phí: ghi theo triệu đồng (ví dụ 150 hoặc 12,5). Với công trình và nguồn lực: Tổng kinh phí = Ngân sách nhà nước + Vận động xã hội hóa; có thể để trống một trong ba cột, dvk sẽ tự tính.",
    "8. Công trình: chọn Loại công trình trong danh sách hoặc ghi loại khác (được thống kê riêng theo tên đã ghi); Đơn vị tính: km (đường, điện thắp sáng), cây (cầu), căn (nhà), suất (học bổng, quà), cái (camera). Đường ghi theo mét (m) cũng được, dvk tự đổi ra km.",
    "9. Đất hiến: ghi theo mét vuông (m²). Nếu ghi theo héc-ta, đổi tiêu đề cột thành \"Đất hiến (ha)\" hoặc ghi ngay trong ô, ví dụ \"0,5 ha\"; dvk tự đổi ra m². Sào, công, mẫu khác nhau theo vùng nên hãy đổi ra m² trước khi ghi.",
    "10. Khen thưởng: mỗi dòng một tập thể hoặc một cá nhân, cột Đối tượng ghi \"Tập thể\" (TT) hoặc \"Cá nhân\" (CN). Khen nhiều tập thể, cá nhân cùng một hình thức mà không kê tên: thêm cột \"Số lượng\" và ghi số (ví dụ Tập thể | 3), hoặc thay cột Đối tượng bằng hai cột \"Số tập thể\", \"Số cá nhân\".",
    "11. Không gộp ô, không thêm dòng cộng giữa bảng. Lưu tệp dạng .xlsx và gửi về cấp trên.",
    "",
    "Kiểm tra tệp trước khi gửi: dvk kiem-tra <tệp>.xlsx",
];

/// Builds the blank template's bytes.
pub fn render_input_template(config: &Config) -> Result<Vec<u8>, XlsxError> {
    let taxonomy = &config.taxonomy;
    let mut workbook = Workbook::new();
    let properties = DocProperties::new()
        .set_title("Biểu mẫu “Dân vận khéo”")
        .set_author("dvk")
        .set_creation_datetime(&ExcelDateTime::from_ymd(2000, 1, 1)?);
    workbook.set_properties(&properties);
    let header_format = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_font_name("Times New Roman")
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_border(FormatBorder::Thin)
        .set_background_color(rust_xlsxwriter::Color::RGB(0xDD_EB_F7));

    let mut field_names: Vec<String> = Vec::new();
    for f in &taxonomy.fields {
        field_names.push(f.name.clone());
        field_names.extend(f.subfields.iter().map(|s| s.name.clone()));
    }
    let statuses = [
        "Hiệu quả",
        "Đang thực hiện",
        "Mới đăng ký",
        "Ngừng hoạt động",
    ];
    let levels = ["Xã", "Huyện", "Tỉnh", "Trung ương"];
    let work_types: Vec<String> = taxonomy.work_types.iter().map(|w| w.name.clone()).collect();

    for kind in SheetKind::ALL {
        let sheet = workbook.add_worksheet();
        sheet.set_name(kind.vietnamese())?;
        for (col, id) in columns_of(kind).iter().enumerate() {
            let col = col as u16;
            let header = template_header(*id, taxonomy.column_name(*id));
            sheet.write_string_with_format(0, col, &header, &header_format)?;
            sheet.set_column_width(col, column_width(*id))?;
            let list = |items: &[String],
                        strict: bool,
                        title: &str,
                        message: &str|
             -> Result<DataValidation, XlsxError> {
                let style = if strict {
                    DataValidationErrorStyle::Warning
                } else {
                    DataValidationErrorStyle::Information
                };
                DataValidation::new()
                    .allow_list_strings(items)?
                    .set_error_style(style)
                    .set_error_title(title)?
                    .set_error_message(message)
            };
            let validation = match id {
                ColumnId::Field => Some(list(&field_names, true, "Lĩnh vực", "Giá trị không có trong danh sách: dvk vẫn đọc nhưng sẽ cảnh báo. Hãy chọn trong danh sách.")?),
                ColumnId::Status => Some(list(&statuses.map(String::from), true, "Tình trạng", "Giá trị không có trong danh sách: dvk vẫn đọc nhưng sẽ cảnh báo. Hãy chọn trong danh sách.")?),
                ColumnId::Recognition => {
                    Some(list(&levels.map(String::from), false, "Cấp công nhận", "Cấp khác danh sách vẫn được ghi nhận.")?)
                }
                ColumnId::Exemplary => Some(list(&["x".to_owned()], true, "Tiêu biểu", "Ghi \"x\" cho mô hình tiêu biểu, để trống nếu không.")?),
                ColumnId::WorkType => Some(list(&work_types, false, "Loại công trình", "Loại khác danh sách vẫn được thống kê riêng theo tên đã ghi.")?),
                ColumnId::StartYear | ColumnId::Year => Some(
                    DataValidation::new()
                        .allow_whole_number(DataValidationRule::Between(1900, 2100))
                        .set_error_title("Năm")?
                        .set_error_message("Ghi năm bằng số, ví dụ 2019.")?,
                ),
                _ => None,
            };
            if let Some(v) = validation {
                sheet.add_data_validation(1, col, PREPARED_ROWS, col, &v)?;
            }
        }
        sheet.set_row_height(0, 45)?;
        sheet.set_freeze_panes(1, 0)?;
        // Printed as filled in: A4 landscape, one page wide, header on every page.
        sheet.set_paper_size(9);
        sheet.set_landscape();
        sheet.set_repeat_rows(0, 0)?;
        sheet.set_print_fit_to_pages(1, 0);
        sheet.set_margins(0.4, 0.4, 0.5, 0.5, 0.3, 0.3);
    }

    let guide = workbook.add_worksheet();
    guide.set_name("Hướng dẫn")?;
    // One column that fits a portrait A4 page; rows tall enough for their lines.
    const GUIDE_WIDTH: f64 = 72.0;
    guide.set_column_width(0, GUIDE_WIDTH)?;
    guide.set_paper_size(9);
    guide.set_print_fit_to_pages(1, 0);
    let bold = Format::new()
        .set_bold()
        .set_font_size(14)
        .set_font_name("Times New Roman");
    let wrap = Format::new()
        .set_text_wrap()
        .set_font_name("Times New Roman")
        .set_font_size(12)
        .set_align(FormatAlign::Top);
    for (row, line) in INSTRUCTIONS.iter().enumerate() {
        let format = if row == 0 { &bold } else { &wrap };
        guide.write_string_with_format(row as u32, 0, *line, format)?;
        let lines = (line.chars().count() as f64 / (GUIDE_WIDTH * 1.05))
            .ceil()
            .max(1.0);
        guide.set_row_height(row as u32, 16.5 * lines)?;
    }
    workbook
        .save_to_buffer()
        .map(super::zip_host::as_made_on_dos)
}

/// Widths that keep a sheet about one landscape A4 page wide at ~75 %.
fn column_width(id: ColumnId) -> f64 {
    match id {
        ColumnId::Stt => 5.0,
        ColumnId::ModelName | ColumnId::WorkName => 28.0,
        ColumnId::Implementer | ColumnId::Field | ColumnId::WorkType => 18.0,
        ColumnId::Note | ColumnId::Participations => 14.0,
        id if id.is_money() => 13.0,
        _ => 10.0,
    }
}
