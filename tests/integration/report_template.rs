//! A report template edited by the clerk (`--templates DIR`) with a mistake:
//! told in Vietnamese with the template's path, line and the names that
//! would be right; and `dvk mau --ghi-mau-bao-cao` writes the original.

use crate::harness::Run;

/// The embedded template with `from` replaced by `to` (once), in its own
/// folder.
fn edited(from: &str, to: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("temp");
    let original = dvk::render::REPORT_TEMPLATE;
    assert!(original.contains(from), "{from:?} not in the template");
    let folder = dir.path().join("mau cua toi");
    std::fs::create_dir(&folder).expect("mkdir");
    std::fs::write(
        folder.join("bao-cao.md.tera"),
        original.replacen(from, to, 1),
    )
    .expect("write");
    (dir, folder.display().to_string())
}

/// The 1-based line of the embedded template holding `text`.
fn line_of(text: &str) -> usize {
    let template = dvk::render::REPORT_TEMPLATE;
    template[..template.find(text).expect("in the template")]
        .matches('\n')
        .count()
        + 1
}

/// `build` of the sample data with the template folder; exit 2, nothing written.
fn refused(folder: &str) -> String {
    let outcome = Run::new()
        .build(["sample-data"])
        .args(["--templates", folder])
        .run()
        .code(2);
    assert!(!outcome.out.join("bao-cao.md").exists(), "nothing written");
    assert!(
        !outcome.out.join("tong-hop.json").exists(),
        "nothing written"
    );
    let stderr = outcome.stderr;
    for english in ["Failed to", "not found", "expected", "Variable", "Filter"] {
        assert!(!stderr.contains(english), "{english:?} in {stderr}");
    }
    assert!(
        stderr.contains(&format!("mẫu báo cáo {folder}/bao-cao.md.tera, dòng ")),
        "{stderr}"
    );
    assert!(
        stderr.contains("dvk mau --ghi-mau-bao-cao mau-goc"),
        "{stderr}"
    );
    stderr
}

#[test]
fn a_template_syntax_error_names_the_path_line_and_closing_braces() {
    let (_dir, folder) = edited(
        "{{ models.total | dem }} mô hình",
        "{{ models.total | dem } mô hình",
    );
    let stderr = refused(&folder);
    let line = line_of("{{ models.total | dem }} mô hình");
    assert!(stderr.contains(&format!("dòng {line}, cột ")), "{stderr}");
    assert!(
        stderr.contains("{{ models.total | dem } mô hình"),
        "{stderr}"
    );
    assert!(stderr.contains("cần dấu }} đóng {{ … }}"), "{stderr}");
}

#[test]
fn an_unknown_template_variable_is_found_on_its_line_with_the_names_there() {
    let (_dir, folder) = edited(
        "{{ models.total | dem }} mô hình",
        "{{ models.tong_so | dem }} mô hình",
    );
    let stderr = refused(&folder);
    let line = line_of("{{ models.total | dem }} mô hình");
    assert!(stderr.contains(&format!("dòng {line}, cột ")), "{stderr}");
    assert!(
        stderr.contains("không có biến \"models.tong_so\" trong số liệu"),
        "{stderr}"
    );
    assert!(
        stderr.contains("models có: ") && stderr.contains("total"),
        "{stderr}"
    );
}

#[test]
fn an_unknown_template_filter_is_found_on_its_line_with_the_filters() {
    let (_dir, folder) = edited(
        "{{ models.total | dem }} mô hình",
        "{{ models.total | dem_so }} mô hình",
    );
    let stderr = refused(&folder);
    let line = line_of("{{ models.total | dem }} mô hình");
    assert!(stderr.contains(&format!("dòng {line}, cột ")), "{stderr}");
    assert!(
        stderr.contains("không có bộ lọc \"dem_so\"; có phải là \"dem\"?"),
        "{stderr}"
    );
    assert!(stderr.contains("so, dem, tien, trieu"), "{stderr}");
}

#[test]
fn a_missing_endif_is_told_at_its_if_not_where_the_parser_gave_up() {
    // The walkthrough's case: the `{% endif %}` closing line 51's
    // `{% if models.effective > 0 %}` deleted; tera said line 65, and
    // pairing the tags in order blames the section's outer `if`.
    let template = dvk::render::REPORT_TEMPLATE;
    let opening = template
        .find("{% if models.effective > 0 %}")
        .expect("the if");
    let line_end = opening + template[opening..].find('\n').expect("its line");
    let endif = opening
        + template[opening..line_end]
            .rfind("{% endif %}")
            .expect("its endif");
    let edited = format!(
        "{}{}",
        &template[..endif],
        &template[endif + "{% endif %}".len()..]
    );
    let line = template[..opening].matches('\n').count() + 1;
    let dir = tempfile::tempdir().expect("temp");
    std::fs::write(dir.path().join("bao-cao.md.tera"), edited).expect("write");
    let folder = dir.path().display().to_string();
    let stderr = refused(&folder);
    assert!(
        stderr.contains(&format!(
            "dòng {line}, cột 1 ({{% if models.effective > 0 %}}"
        )),
        "{stderr}"
    );
    assert!(stderr.contains("thiếu {% endif %}"), "{stderr}");
}

#[test]
fn the_original_report_template_is_written_for_templates() {
    let dir = tempfile::tempdir().expect("temp");
    let folder = dir.path().join("mau-goc");
    let shown = folder.display().to_string();
    let outcome = Run::new()
        .in_dir(dir.path())
        .args(["mau", "--ghi-mau-bao-cao", "mau-goc"])
        .run()
        .code(0);
    assert!(
        outcome.stderr.contains("Đã ghi mẫu báo cáo gốc"),
        "{}",
        outcome.stderr
    );
    let written = std::fs::read_to_string(folder.join("bao-cao.md.tera")).expect("written");
    assert_eq!(written, dvk::render::REPORT_TEMPLATE);
    // Only the template: no form beside it.
    assert!(!dir.path().join("bieu-mau.xlsx").exists());
    // Usable as it is.
    Run::new()
        .build(["sample-data"])
        .args(["--templates", &shown])
        .run()
        .code(0);
    // Never over an edited one.
    let again = Run::new()
        .args(["mau", "--ghi-mau-bao-cao", &shown])
        .run()
        .code(2);
    assert!(again.stderr.contains("đã có"), "{}", again.stderr);
}
