//! The command line: clap types only, in Vietnamese.

use clap::{ArgAction, Args, Parser, Subcommand, ValueEnum};
use std::num::NonZeroUsize;
use std::path::PathBuf;

const HELP_TEMPLATE: &str = "\
{before-help}{about-with-newline}
Cách dùng: {usage}

{all-args}{after-help}";

/// dvk — tổng hợp số liệu phong trào thi đua "Dân vận khéo".
#[derive(Debug, Parser)]
#[command(
    name = "dvk",
    version,
    override_usage = "dvk <LỆNH> [tùy chọn]",
    about = "dvk — tổng hợp số liệu phong trào thi đua \"Dân vận khéo\" từ các bảng tính của cơ sở thành biểu tổng hợp (xlsx), báo cáo (Word và Markdown) và JSON.",
    help_template = HELP_TEMPLATE,
    subcommand_help_heading = "Lệnh",
    subcommand_value_name = "LỆNH",
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    after_help = "Ví dụ:\n  dvk tong-hop bao-cao-cac-xa -o ket-qua\n  dvk kiem-tra bao-cao-cac-xa\n  dvk mau -o bieu-mau.xlsx\n\nMã thoát: 0 xong, không lỗi; 1 xong nhưng có lỗi trong số liệu (số liệu chưa đầy đủ, hoặc bị tính hai lần); 2 không chạy được."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    #[arg(short = 'h', long = "help", action = ArgAction::Help, help = "In hướng dẫn", global = true, help_heading = "Tùy chọn chung")]
    pub help: Option<bool>,
    #[arg(short = 'V', long = "version", action = ArgAction::Version, help = "In phiên bản", help_heading = "Tùy chọn chung")]
    pub version: Option<bool>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Tổng hợp (hoặc: dvk tong-hop): đọc các bảng tính, ghi bao-cao.docx, bao-cao.md, tong-hop.xlsx và tong-hop.json.
    #[command(
        alias = "tong-hop",
        override_usage = "dvk build <ĐẦU_VÀO>... -o <THƯ_MỤC> [tùy chọn]\n           dvk tong-hop <ĐẦU_VÀO>... -o <THƯ_MỤC> [tùy chọn]",
        help_template = HELP_TEMPLATE,
        after_help = "Ví dụ:\n  dvk tong-hop sample-data -o ket-qua\n  dvk build \"D:\\Bao cao\\2022\" xa-long-son.xlsx -o ket-qua --from 2017 --to 2022\n  dvk tong-hop bao-cao-cac-xa -o ket-qua --config dvk.toml --ghi-chu ghi-chu.md\n  dvk tong-hop nhan-tu-xa -o ket-qua-tinh     (nhan-tu-xa: các tệp tong-hop.json cấp dưới gửi lên)\n\nMã thoát: 0 xong, không lỗi; 1 xong nhưng có lỗi trong số liệu; 2 không chạy được.",
        mut_arg("config", |arg| arg.help(BUILD_CONFIG_HELP))
    )]
    Build(BuildArgs),
    /// Kiểm tra (hoặc: dvk kiem-tra): liệt kê lỗi, cảnh báo theo từng tệp; không ghi tệp nào.
    #[command(
        alias = "kiem-tra",
        override_usage = "dvk check <ĐẦU_VÀO>... [tùy chọn]\n           dvk kiem-tra <ĐẦU_VÀO>... [tùy chọn]",
        help_template = HELP_TEMPLATE,
        after_help = "Ví dụ:\n  dvk kiem-tra sample-data\n  dvk check xa-long-son.xlsx --json\n\nMã thoát: 0 không có lỗi; 1 có lỗi; 2 không chạy được."
    )]
    Check(CheckArgs),
    /// Biểu mẫu (hoặc: dvk mau): ghi tệp xlsx trống để cơ sở điền, gồm sáu trang số liệu ("Mô hình", "Công trình", "Nguồn lực", "Khen thưởng", "Tiếp xúc, đối thoại", "Địa bàn điểm") và trang "Hướng dẫn".
    #[command(
        alias = "mau",
        override_usage = "dvk template [-o <TỆP.xlsx>] [tùy chọn]\n           dvk mau [-o <TỆP.xlsx>] [tùy chọn]",
        help_template = HELP_TEMPLATE,
        after_help = "Ví dụ:\n  dvk mau                     (ghi bieu-mau.xlsx)\n  dvk mau -o bieu-mau-dan-van-kheo.xlsx\n  dvk mau --write-config dvk.toml\n  dvk mau --ghi-mau-bao-cao mau-bao-cao   (ghi mau-bao-cao/bao-cao.md.tera)"
    )]
    Template(TemplateArgs),
}

/// `--config` of `build`: where the report's own facts go.
const BUILD_CONFIG_HELP: &str = "Tệp cấu hình (dvk.toml): cơ quan ban hành, số văn bản, địa danh, ngày ký, người ký, nơi nhận và thể thức (Đảng hoặc Nhà nước) của báo cáo; bổ sung danh mục (lĩnh vực, loại công trình, tên cột). Tạo tệp mẫu có chú thích: dvk mau --write-config dvk.toml";

/// The locality level of the tables by locality.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GroupBy {
    // Typed with diacritics too: a Vietnamese keyboard is on by habit.
    #[value(alias = "tỉnh", alias = "Tỉnh")]
    Tinh,
    #[value(alias = "huyện", alias = "Huyện")]
    Huyen,
    #[value(alias = "xã", alias = "Xã")]
    Xa,
    #[value(alias = "thôn", alias = "Thôn", alias = "ấp")]
    Thon,
}

/// The years a period may name: those a row's year may have
/// (`normalise::cell::YEARS`), so any year in the data can bound a period.
pub const PERIOD_YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

/// Reads the year of `--from`/`--to`: four digits, within `PERIOD_YEARS`.
/// The error is the Vietnamese reason, which `main` puts after the option.
pub fn parse_year(text: &str) -> Result<i32, String> {
    let digits = text.trim();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "\"{text}\" không phải là năm; hãy ghi năm bằng bốn chữ số, ví dụ 2017"
        ));
    }
    // "22" for 2022 is a guess dvk does not make: a report says its period.
    if digits.len() != 4 {
        return Err(format!(
            "năm phải ghi đủ bốn chữ số (ví dụ 2022, không phải {digits})"
        ));
    }
    let year: i32 = digits
        .parse()
        .map_err(|_| format!("\"{text}\" không phải là năm"))?;
    if !PERIOD_YEARS.contains(&year) {
        return Err(format!(
            "năm {year} không hợp lý (cần từ {} đến {})",
            PERIOD_YEARS.start(),
            PERIOD_YEARS.end()
        ));
    }
    Ok(year)
}

#[derive(Debug, Args)]
#[command(next_help_heading = "Tùy chọn")]
pub struct InputArgs {
    /// Tệp hoặc thư mục (đọc cả thư mục con): .xlsx, .xlsm, .xls, .ods, .csv, và tệp tong-hop.json cấp dưới gửi lên (gộp số liệu của cấp dưới)
    #[arg(required = true, value_name = "ĐẦU_VÀO", help_heading = "Đầu vào")]
    pub inputs: Vec<PathBuf>,
    /// Năm đầu của kỳ báo cáo (mặc định: năm sớm nhất trong số liệu)
    #[arg(long = "from", value_name = "NĂM", value_parser = parse_year)]
    pub from: Option<i32>,
    /// Năm cuối của kỳ báo cáo (mặc định: năm muộn nhất trong số liệu)
    #[arg(long = "to", value_name = "NĂM", value_parser = parse_year)]
    pub to: Option<i32>,
    /// Tệp cấu hình (dvk.toml) bổ sung danh mục: lĩnh vực, loại công trình, tên cột… (tạo tệp mẫu: dvk mau --write-config dvk.toml)
    #[arg(long = "config", value_name = "TỆP")]
    pub config: Option<PathBuf>,
    /// Số luồng đọc tệp song song, từ 1 trở lên, nhiều nhất 64 và không quá số tệp (mặc định: số lõi CPU). Tên tiếng Việt: --luong
    #[arg(
        long = "jobs",
        alias = "luong",
        value_name = "SỐ_LUỒNG",
        allow_negative_numbers = true
    )]
    pub jobs: Option<NonZeroUsize>,
}

#[derive(Debug, Args)]
#[command(next_help_heading = "Tùy chọn")]
pub struct BuildArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Thư mục ghi kết quả (tạo mới nếu chưa có)
    #[arg(short = 'o', long = "out", value_name = "THƯ_MỤC", required = true)]
    pub out: PathBuf,
    /// Cấp địa bàn của bảng theo địa bàn: tinh, huyen, xa hoặc thon (mặc định: cấp cao nhất có từ hai nơi trở lên)
    #[arg(long = "group-by", value_name = "CẤP", hide_possible_values = true)]
    pub group_by: Option<GroupBy>,
    /// Thư mục chứa mẫu báo cáo thay thế (bao-cao.md.tera)
    #[arg(long = "templates", value_name = "THƯ_MỤC")]
    pub templates: Option<PathBuf>,
    /// tong-hop.json của kỳ trước (kết thúc trước kỳ này), để báo cáo so sánh ("So với giai đoạn 2012 – 2016, số mô hình tăng 20,4% …"). Tên tiếng Việt: --so-sanh
    #[arg(long = "compare", alias = "so-sanh", value_name = "TỆP")]
    pub compare: Option<PathBuf>,
    /// Tệp ghi chú (Markdown) có các mục "## Hạn chế, nguyên nhân", "## Bài học kinh nghiệm", "## Phương hướng, nhiệm vụ", "## Kiến nghị, đề xuất", "## Mô hình tiêu biểu" do chuyên viên viết. Tên tiếng Việt: --ghi-chu
    #[arg(long = "notes", alias = "ghi-chu", value_name = "TỆP")]
    pub notes: Option<PathBuf>,
    /// Không in gì trừ lỗi
    #[arg(short = 'q', long = "quiet")]
    pub quiet: bool,
}

#[derive(Debug, Args)]
#[command(next_help_heading = "Tùy chọn")]
pub struct CheckArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// In kết quả dạng JSON (cho chương trình khác đọc)
    #[arg(long = "json")]
    pub json: bool,
    /// Chỉ in các lỗi (không in cảnh báo, thông tin, dòng tổng kết)
    #[arg(short = 'q', long = "quiet", conflicts_with = "json")]
    pub quiet: bool,
}

#[derive(Debug, Args)]
#[command(next_help_heading = "Tùy chọn")]
pub struct TemplateArgs {
    /// Tệp xlsx sẽ ghi (mặc định: bieu-mau.xlsx, trừ khi chỉ ghi --write-config)
    #[arg(short = 'o', long = "out", value_name = "TỆP")]
    pub out: Option<PathBuf>,
    /// Ghi đè nếu tệp đã có (mặc định: không ghi đè, để khỏi mất biểu đã điền)
    #[arg(long = "ghi-de", alias = "force")]
    pub overwrite: bool,
    /// Ghi thêm một tệp cấu hình mẫu (dvk.toml: cơ quan, số văn bản, người ký…) để sửa và dùng với --config
    #[arg(long = "write-config", alias = "ghi-cau-hinh", value_name = "TỆP")]
    pub write_config: Option<PathBuf>,
    /// Ghi mẫu báo cáo gốc (bao-cao.md.tera) vào thư mục này, để sửa rồi dùng với dvk tong-hop --templates THƯ_MỤC, hoặc để so khi mẫu đã sửa báo lỗi
    #[arg(
        long = "ghi-mau-bao-cao",
        alias = "write-report-template",
        value_name = "THƯ_MỤC"
    )]
    pub write_report_template: Option<PathBuf>,
    /// Tệp cấu hình bổ sung danh mục (dùng cho danh sách chọn)
    #[arg(long = "config", value_name = "TỆP")]
    pub config: Option<PathBuf>,
}
