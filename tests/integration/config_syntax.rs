//! A config file (`--config`) that is not TOML as written by a clerk:
//! quotes inside a text, Word's curly quotes, a list left open, a Windows
//! path. Each is told in Vietnamese with the file, the line and the line
//! written right.

use crate::harness::Run;

/// `build` of the sample data with `config` as the config file; exit 2.
fn refused(config: &str) -> String {
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("dvk.toml");
    std::fs::write(&path, config).expect("write");
    let outcome = Run::new()
        .build(["sample-data"])
        .args(["--config", &path.display().to_string()])
        .run()
        .code(2);
    assert!(!outcome.out.join("bao-cao.md").exists(), "nothing written");
    let stderr = outcome.stderr;
    assert!(
        stderr.contains(&format!("tệp cấu hình {}", path.display())),
        "{stderr}"
    );
    for english in ["unexpected", "missing comma", "unicode value", "expected"] {
        assert!(!stderr.contains(english), "{english:?} in {stderr}");
    }
    stderr
}

#[test]
fn quotes_inside_a_text_are_told_with_curly_quotes_as_the_fix() {
    let stderr = refused(
        "[document]\nsubject = \"Tổng kết phong trào thi đua \"Dân vận khéo\" năm 2022\"\n",
    );
    assert!(stderr.contains("dòng 2 (subject = "), "{stderr}");
    assert!(
        stderr.contains("dấu \" bên trong chữ làm chữ kết thúc ở đó"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "hãy sửa thành: subject = \"Tổng kết phong trào thi đua “Dân vận khéo” năm 2022\""
        ),
        "{stderr}"
    );
}

#[test]
fn curly_quotes_around_a_text_are_replaced_not_kept() {
    // As Word saves it: a BOM and CRLF.
    let stderr = refused("\u{feff}[document]\r\nissuing_body = “Ban Dân vận”\r\n");
    assert!(
        stderr.contains("dòng 2 (issuing_body = “Ban Dân vận”)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("hãy sửa thành: issuing_body = \"Ban Dân vận\""),
        "{stderr}"
    );
    assert!(!stderr.contains("\"“"), "{stderr}");
}

#[test]
fn a_list_left_open_is_told_on_its_own_line() {
    let stderr = refused(
        "[document]\nrecipients = [\"Ban Dân vận Tỉnh ủy\", \"Lưu\"\nplace = \"Minh Long\"\n",
    );
    assert!(
        stderr.contains("dòng 2 (recipients = [\"Ban Dân vận Tỉnh ủy\", \"Lưu\")"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "danh sách recipients thiếu dấu ] đóng ở cuối; hãy sửa thành: recipients = [\"Ban Dân vận Tỉnh ủy\", \"Lưu\"]"
        ),
        "{stderr}"
    );
}

#[test]
fn a_backslash_is_told_to_be_doubled_or_single_quoted() {
    let stderr = refused("[document]\nplace = \"C:\\Users\\Minh Long\"\n");
    assert!(
        stderr.contains("dòng 2 (place = \"C:\\Users\\Minh Long\")"),
        "{stderr}"
    );
    assert!(stderr.contains("ghi \\\\"), "{stderr}");
    assert!(
        stderr.contains("hãy sửa thành: place = 'C:\\Users\\Minh Long'"),
        "{stderr}"
    );
}
