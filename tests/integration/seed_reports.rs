//! The figures of two real reports (../shared/seeds), as input data: the
//! report's sentences must carry them, in the right words for their rounding.

use crate::harness::Run;
use std::fmt::Write as _;

fn write(dir: &std::path::Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).expect("write");
}

/// Bạc Liêu, 5 years of Chỉ thị 37: "trên 2.090 lượt cơ quan, đơn vị tham gia
/// với tổng số tiền thực hiện các công trình, phần việc trên 1.192 tỷ đồng.
/// Trong đó, ngân sách nhà nước đầu tư trên 1.000 tỷ đồng … trên 31km đường
/// giao thông nông thôn; xây dựng 28 cầu bê-tông; … 798 căn nhà tình thương".
#[test]
fn bac_lieu_figures() {
    let dir = tempfile::tempdir().expect("temp");
    // Money in triệu đồng: 600.000 + 300.000 + 292.400 = 1.192.400 (1.192,4 tỷ);
    // state budget 500.000 + 250.000 + 250.300 = 1.000.300 (1.000,3 tỷ).
    write(
        dir.path(),
        "cong-trinh.csv",
        "STT;Tên công trình, phần việc;Loại công trình;Số lượng;Đơn vị tính;Tỉnh;Năm;Tổng kinh phí (triệu đồng);Ngân sách nhà nước (triệu đồng);Vận động xã hội hóa (triệu đồng)\n\
         1;Lộ nông thôn các ấp;Đường giao thông nông thôn;31.400;m;Bạc Liêu;2020;600.000;500.000;100.000\n\
         2;Cầu bê-tông các ấp;Cầu bê-tông;28;cây;Bạc Liêu;2021;300.000;250.000;50.000\n\
         3;Nhà tình thương, tình nghĩa, mái ấm công đoàn;Nhà tình thương;798;căn;Bạc Liêu;2022;292.400;250.300;42.100\n",
    );
    write(
        dir.path(),
        "nguon-luc.csv",
        "STT;Tỉnh;Năm;Lượt cơ quan, đơn vị tham gia;Tổng kinh phí (triệu đồng)\n1;Bạc Liêu;2019;1.000;0\n2;Bạc Liêu;2023;1.095;0\n",
    );
    let outcome = Run::new().in_dir(dir.path()).build(["."]).run().code(0);
    let md = outcome.markdown();
    for sentence in [
        "Có trên 2.090 lượt cơ quan, đơn vị tham gia",
        "tổng số tiền thực hiện các công trình, phần việc và huy động nguồn lực trên 1.192 tỷ đồng",
        "ngân sách nhà nước đầu tư trên 1.000 tỷ đồng",
        "trên 31 km đường giao thông nông thôn",
        "28 cây cầu",
        "798 căn nhà tình thương",
    ] {
        assert!(md.contains(sentence), "{sentence:?} in:\n{md}");
    }
    assert_eq!(outcome.json()["funding"]["total"], 1_192_400_000_000_i64);
}

/// Minh Long, 5 years of Chỉ thị 22: "Tổng số mô hình đăng ký … là 296 mô
/// hình. Trong đó, lĩnh vực kinh tế 07 mô hình, bảo vệ môi trường 22 mô
/// hình, an ninh trật tự 35 mô hình, các lĩnh vực khác 232 mô hình."
#[test]
fn minh_long_figures() {
    let dir = tempfile::tempdir().expect("temp");
    let mut csv = String::from("STT;Tên mô hình;Tỉnh;Huyện;Xã;Lĩnh vực;Năm bắt đầu;Tình trạng\n");
    let groups = [
        ("Kinh tế", 7, 4),
        ("Bảo vệ môi trường", 22, 20),
        ("An ninh trật tự", 35, 7),
        ("Các lĩnh vực khác", 232, 10),
    ];
    let mut n = 0;
    for (field, count, effective) in groups {
        for i in 0..count {
            n += 1;
            let status = if i < effective {
                "Đang duy trì, hiệu quả"
            } else {
                "Đăng ký"
            };
            let year = 2017 + (n % 5);
            writeln!(
                csv,
                "{n};Mô hình {n};Quảng Ngãi;Minh Long;Long Sơn;{field};{year};{status}"
            )
            .expect("write");
        }
    }
    write(dir.path(), "mo-hinh.csv", &csv);
    let outcome = Run::new().in_dir(dir.path()).build(["."]).run().code(0);
    let md = outcome.markdown();
    for sentence in [
        "là 296 mô hình. Trong đó, lĩnh vực phát triển kinh tế 07 mô hình",
        "bảo vệ môi trường 22 mô hình",
        "an ninh trật tự 35 mô hình",
        "lĩnh vực khác 232 mô hình",
        "có 41 mô hình đang duy trì hoạt động hiệu quả",
        "lĩnh vực phát triển kinh tế có 04 mô hình",
    ] {
        assert!(md.contains(sentence), "{sentence:?} in:\n{md}");
    }
}

/// Small counts and zero amounts, written as the seed reports write them:
/// "05 xã", "07 mô hình" padded, one thing as "một", and no sentence about
/// an amount that is zero ("vận động xã hội hóa 0 đồng", "… có nhiều mô
/// hình: … 01 mô hình", "là 0 mô hình").
#[test]
fn small_counts_and_zero_amounts_read_as_officials_write_them() {
    let dir = tempfile::tempdir().expect("temp");
    write(
        dir.path(),
        "mo-hinh.csv",
        "STT;Tên mô hình;Tỉnh;Huyện;Xã;Lĩnh vực;Năm bắt đầu;Tình trạng;Tiêu biểu\n\
         1;Mô hình A1;Quảng Ngãi;Minh Long;Long Sơn;Kinh tế;2021;Đăng ký;\n\
         2;Mô hình A2;Quảng Ngãi;Minh Long;Long Sơn;Kinh tế;2021;Đăng ký;\n\
         3;Mô hình A3;Quảng Ngãi;Minh Long;Long Sơn;VH-XH;2021;Đăng ký;\n\
         4;Mô hình B1;Quảng Ngãi;Minh Long;Long Mai;ANTT;2021;Duy trì hiệu quả;x\n\
         5;Mô hình C1;Quảng Ngãi;Minh Long;Thanh An;XDHTCT;2021;Ngừng;\n",
    );
    // Works paid from the state budget alone.
    write(
        dir.path(),
        "cong-trinh.csv",
        "STT;Tên công trình, phần việc;Loại công trình;Số lượng;Đơn vị tính;Tỉnh;Huyện;Xã;Năm;Tổng kinh phí (triệu đồng);Ngân sách nhà nước (triệu đồng);Vận động xã hội hóa (triệu đồng)\n\
         1;Cầu bê tông;Cầu;1;cây;Quảng Ngãi;Minh Long;Long Sơn;2021;500;500;0\n\
         2;Đường bê tông;Đường giao thông nông thôn;1000;m;Quảng Ngãi;Minh Long;Long Mai;2021;300;300;\n",
    );
    let outcome = Run::new().in_dir(dir.path()).build(["."]).run().code(0);
    let md = outcome.markdown();
    for sentence in [
        // One style per phrase: a one among padded figures is "01".
        "là 05 mô hình. Trong đó, lĩnh vực phát triển kinh tế 02 mô hình, lĩnh vực văn hóa - xã hội 01 mô hình",
        "đến nay có một mô hình đang duy trì hoạt động hiệu quả",
        "Có một mô hình đã ngừng hoạt động; một mô hình được đánh giá tiêu biểu.",
        // A place with more models than others, but few: it leads, it
        // does not "có nhiều mô hình" (see report_prose.rs).
        "Dẫn đầu về số mô hình là xã Long Sơn với 03 mô hình. ",
        "đã thực hiện 02 công trình, phần việc",
        // "02 công trình … như: … 01 cây cầu": one style in the sentence.
        "như: 1 km đường giao thông nông thôn; 01 cây cầu.",
        "Tổng kinh phí thực hiện các công trình, phần việc 800 triệu đồng, toàn bộ từ ngân sách nhà nước.",
    ] {
        assert!(md.contains(sentence), "{sentence:?} in:\n{md}");
    }
    let body = &md[..md.find("## PHỤ LỤC").expect("appendices")];
    for wrong in [
        " 0 đồng",
        "(0 mô hình",
        "01 km",
        "Long Mai 01",
        "01 mô hình đang",
        "có 01 mô hình",
        "02 mô hình, lĩnh vực văn hóa - xã hội một",
    ] {
        assert!(!body.contains(wrong), "{wrong:?} in:\n{body}");
    }

    // Works alone: no sentence counts "0 mô hình".
    std::fs::remove_file(dir.path().join("mo-hinh.csv")).expect("remove");
    let works = Run::new().in_dir(dir.path()).build(["."]).run().code(0);
    let md = works.markdown();
    assert!(
        md.contains("### 1. Xây dựng mô hình, điển hình “Dân vận khéo”\n\nChưa có số liệu mô hình trong kỳ báo cáo.\n\n### 2."),
        "{md}"
    );
    assert!(!md.contains("0 mô hình"), "{md}");
}
