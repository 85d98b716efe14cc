//! A small fluent harness around the real binary.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A temporary folder holding a copy of `sample-data/`.
pub fn sample_data_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp");
    for entry in std::fs::read_dir(root().join("sample-data")).expect("list") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, dir.path().join(path.file_name().expect("name"))).expect("copy");
    }
    dir
}

pub fn fixtures() -> PathBuf {
    root().join("tests").join("fixtures")
}

/// One run of `dvk`, in a fresh temporary folder for its outputs.
pub struct Run {
    pub out: tempfile::TempDir,
    cwd: PathBuf,
    args: Vec<String>,
}

/// What a run gave.
pub struct Outcome {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub out: PathBuf,
    _keep: tempfile::TempDir,
}

impl Run {
    pub fn new() -> Self {
        Run {
            out: tempfile::tempdir().expect("temp dir"),
            cwd: root(),
            args: Vec::new(),
        }
    }

    /// Runs from the fixtures folder, so paths read "case/file.xlsx".
    pub fn in_fixtures(mut self) -> Self {
        self.cwd = fixtures();
        self
    }

    pub fn in_dir(mut self, dir: &Path) -> Self {
        self.cwd = dir.to_owned();
        self
    }

    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.args
            .extend(args.into_iter().map(|s| s.as_ref().to_owned()));
        self
    }

    /// `build INPUT... -o <temp>`.
    pub fn build<I, S>(self, inputs: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let out = self.out.path().display().to_string();
        self.args(["build".to_owned()])
            .args(
                inputs
                    .into_iter()
                    .map(|s| s.as_ref().to_owned())
                    .collect::<Vec<_>>(),
            )
            .args(["-o".to_owned(), out])
    }

    pub fn run(self) -> Outcome {
        let output = Command::cargo_bin("dvk")
            .expect("dvk binary")
            .current_dir(&self.cwd)
            .args(&self.args)
            .output()
            .expect("run dvk");
        Outcome {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            out: self.out.path().to_owned(),
            _keep: self.out,
        }
    }
}

impl Outcome {
    pub fn code(self, expected: i32) -> Self {
        assert_eq!(
            self.code, expected,
            "exit code {} (expected {expected})\nstdout:\n{}\nstderr:\n{}",
            self.code, self.stdout, self.stderr
        );
        self
    }

    pub fn json(&self) -> Value {
        let text = std::fs::read_to_string(self.out.join("tong-hop.json")).expect("tong-hop.json");
        serde_json::from_str(&text).expect("valid JSON")
    }

    pub fn markdown(&self) -> String {
        std::fs::read_to_string(self.out.join("bao-cao.md")).expect("bao-cao.md")
    }

    pub fn bytes(&self, name: &str) -> Vec<u8> {
        std::fs::read(self.out.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
    }
}

/// The problems of a `tong-hop.json` whose message contains `text`.
pub fn problems_saying<'a>(json: &'a Value, text: &'a str) -> impl Iterator<Item = &'a Value> {
    json["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .filter(move |p| p["message"].as_str().is_some_and(|m| m.contains(text)))
}

/// Reads an expected-figures file of the generator.
pub fn expected(case: &str) -> Value {
    let path = root()
        .join("tests")
        .join("expected")
        .join(format!("{case}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).expect("expected JSON")
}

/// A JSON value with lists sorted and whole floats as integers, so two
/// documents compare by content, not by order or number spelling.
pub fn normalised(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), normalised(v)))
                .collect(),
        ),
        Value::Array(items) => {
            let mut items: Vec<Value> = items.iter().map(normalised).collect();
            items.sort_by_key(ToString::to_string);
            Value::Array(items)
        }
        Value::Number(n) => match n.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() < 9e15 => Value::from(f as i64),
            _ => value.clone(),
        },
        other => other.clone(),
    }
}

/// A folder with works and resources of which some rows give only their
/// total money, no split by source: a well of 1.500 triệu (total only), a
/// road split in full, a house whose two sources (360 + 230) fall 10 short
/// of its total (600), and a resource row of 200 triệu (total only).
pub fn unsplit_money_inputs() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp");
    let works = "STT;Tên công trình, phần việc;Loại công trình;Số lượng;Đơn vị tính;Tỉnh;Huyện;Xã;Thôn/Ấp;Năm;Tổng kinh phí (triệu đồng);Ngân sách nhà nước (triệu đồng);Vận động xã hội hóa (triệu đồng);Ghi chú\n\
        1;Giếng nước thôn Gò Chè;Giếng nước sạch;3;cái;Quảng Ngãi;Minh Long;Long Sơn;Gò Chè;2021;1500;;;\n\
        2;Đường bê tông thôn Hà Bôi;Đường giao thông nông thôn;1200;m;Quảng Ngãi;Minh Long;Long Sơn;Hà Bôi;2021;1000;700;300;\n\
        3;Nhà tình thương;Nhà tình thương;2;căn;Quảng Ngãi;Minh Long;Long Sơn;Gò Chè;2022;600;360;230;\n";
    let resources = "STT;Tỉnh;Huyện;Xã;Năm;Lượt cơ quan, đơn vị tham gia;Tổng kinh phí (triệu đồng);Ngân sách nhà nước (triệu đồng);Vận động xã hội hóa (triệu đồng);Ngày công;Đất hiến (m²);Ghi chú\n\
        1;Quảng Ngãi;Minh Long;Long Sơn;2021;12;200;;;150;300;\n\
        2;Quảng Ngãi;Minh Long;Long Sơn;2022;8;100;40;60;80;0;\n";
    std::fs::write(dir.path().join("cong-trinh.csv"), works).expect("write works");
    std::fs::write(dir.path().join("nguon-luc.csv"), resources).expect("write resources");
    dir
}

/// Works whose money of no known source is positive in two years and
/// negative in the one between: 2021 a well of 1.500 triệu (total only)
/// and a road split in full; 2022 a house whose two sources (360 + 230)
/// exceed its total (500) by 90; 2023 a cultural house of 800 triệu whose
/// sources (300 + 300) fall 200 short.
pub fn negative_gap_year_inputs() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp");
    let works = "STT;Tên công trình, phần việc;Loại công trình;Số lượng;Đơn vị tính;Tỉnh;Huyện;Xã;Thôn/Ấp;Năm;Tổng kinh phí (triệu đồng);Ngân sách nhà nước (triệu đồng);Vận động xã hội hóa (triệu đồng);Ghi chú\n\
        1;Giếng nước thôn Gò Chè;Giếng nước sạch;3;cái;Quảng Ngãi;Minh Long;Long Sơn;Gò Chè;2021;1500;;;\n\
        2;Đường bê tông thôn Hà Bôi;Đường giao thông nông thôn;1200;m;Quảng Ngãi;Minh Long;Long Sơn;Hà Bôi;2021;1000;700;300;\n\
        3;Nhà tình thương;Nhà tình thương;2;căn;Quảng Ngãi;Minh Long;Long Sơn;Gò Chè;2022;500;360;230;\n\
        4;Nhà văn hóa thôn Gò Chè;Nhà văn hóa;1;căn;Quảng Ngãi;Minh Long;Long Sơn;Gò Chè;2023;800;300;300;\n";
    std::fs::write(dir.path().join("cong-trinh.csv"), works).expect("write works");
    dir
}

/// What decides the order of a chart part's legend in Word, Excel and
/// LibreOffice: the bars' direction, the category axis' orientation, the
/// legend's place and the series' names in order, read from its XML.
pub fn legend_layout(chart_xml: &str) -> (String, String, String, Vec<String>) {
    let attribute = |tag: &str| -> String {
        chart_xml
            .split(&format!("<c:{tag} val=\""))
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap_or("")
            .to_owned()
    };
    let names = chart_xml
        .split("<c:ser>")
        .skip(1)
        .map(|ser| {
            let tx = ser.split("</c:tx>").next().unwrap_or("");
            tx.rsplit("<c:v>")
                .next()
                .and_then(|v| v.split("</c:v>").next())
                .unwrap_or("")
                .to_owned()
        })
        .collect();
    (
        attribute("barDir"),
        attribute("orientation"),
        attribute("legendPos"),
        names,
    )
}

/// The problems of `severity` ("error", "warning") in a run's JSON.
pub fn problems(json: &Value, severity: &str) -> Vec<Value> {
    json["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .filter(|p| p["severity"] == severity)
        .cloned()
        .collect()
}

/// Writes one sheet named `name` of `rows` (header first) to the .xlsx at
/// `path` (see [`fill_sheet`]).
pub fn one_sheet_workbook(path: &Path, name: &str, rows: &[&[&str]]) {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(name).expect("name");
    fill_sheet(sheet, rows);
    workbook.save(path).expect("save");
}

/// Writes `rows` from the sheet's first cell: a text that reads as a
/// number ("2023", "1.1") is a number cell, an empty text no cell.
pub fn fill_sheet<R: AsRef<[S]>, S: AsRef<str>>(
    sheet: &mut rust_xlsxwriter::Worksheet,
    rows: &[R],
) {
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.as_ref().iter().enumerate() {
            let text = text.as_ref();
            if text.is_empty() {
                continue;
            }
            let (r, c) = (r as u32, c as u16);
            match text.parse::<f64>() {
                Ok(n) => sheet.write_number(r, c, n).map(|_| ()),
                Err(_) => sheet.write_string(r, c, text).map(|_| ()),
            }
            .expect("write");
        }
    }
}
