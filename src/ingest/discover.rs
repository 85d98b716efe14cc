//! Finds the spreadsheets under the paths the user gave, in a stable order.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The formats dvk reads, by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    Xlsx,
    Xls,
    Ods,
    Csv,
    /// A `tong-hop.json` of an earlier run (schema `dvk.summary/1`), rolled up.
    Summary,
}

impl FileFormat {
    /// The usual extension, for messages.
    pub fn extension(self) -> &'static str {
        match self {
            FileFormat::Xlsx => ".xlsx",
            FileFormat::Xls => ".xls",
            FileFormat::Ods => ".ods",
            FileFormat::Csv => ".csv",
            FileFormat::Summary => ".json",
        }
    }

    /// What a file of this format is, for messages.
    pub fn description(self) -> &'static str {
        match self {
            FileFormat::Xlsx => "bảng tính Excel (.xlsx)",
            FileFormat::Xls => "bảng tính Excel 97-2003 (.xls)",
            FileFormat::Ods => "bảng tính OpenDocument (.ods)",
            FileFormat::Csv => "tệp chữ CSV",
            FileFormat::Summary => "tệp tổng hợp của dvk (tong-hop.json)",
        }
    }

    pub fn from_path(path: &Path) -> Option<FileFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "xlsx" | "xlsm" => Some(FileFormat::Xlsx),
            "xls" => Some(FileFormat::Xls),
            "ods" => Some(FileFormat::Ods),
            "csv" => Some(FileFormat::Csv),
            "json" => Some(FileFormat::Summary),
            _ => None,
        }
    }
}

/// A spreadsheet to read, with the path shown to the user.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Position in the sorted list; orders problems and "first spelling seen".
    pub index: usize,
    pub path: PathBuf,
    /// The input argument joined with the path below it, with `/` separators.
    pub display: String,
    pub format: FileFormat,
}

/// An input path that does not exist or cannot be listed.
#[derive(Debug, thiserror::Error)]
pub enum DiscoverError {
    #[error("không tìm thấy \"{0}\"; hãy kiểm tra đường dẫn (tên tệp hoặc thư mục)")]
    Missing(String),
    #[error(
        "không đọc được thư mục \"{path}\": {}",
        crate::diagnostic::io_reason(error, crate::diagnostic::IoAction::Read)
    )]
    Unreadable {
        path: String,
        // Not a source: the message says it, in Vietnamese.
        error: std::io::Error,
    },
    #[error(
        "{} không phải bảng tính dvk đọc được (.xlsx, .xlsm, .xls, .ods, .csv) \
         hay tệp tổng hợp tong-hop.json của dvk",
        quoted(.0)
    )]
    UnsupportedFile(Vec<String>),
    #[error(
        "{} là thư mục kết quả của dvk (có tong-hop.json và tong-hop.xlsx), không có bảng tính số liệu nào: \
         dvk không đọc lại kết quả của chính nó theo thư mục, để không tính hai lần. Muốn gộp kết quả đó, \
         hãy ghi thẳng đường dẫn tệp tổng hợp, ví dụ: dvk tong-hop {}/tong-hop.json -o ket-qua-moi",
        .0.join(", "),
        .0.first().map_or("ket-qua", String::as_str)
    )]
    OnlyOldResults(Vec<String>),
    /// The output folder is inside an input folder and holds files dvk
    /// would read there: never read (old results would count twice), they
    /// would be left out unseen.
    #[error(
        "thư mục kết quả {folder} nằm trong thư mục đầu vào và có tệp số liệu ({}): dvk không đọc \
         thư mục kết quả (để không tính lại kết quả cũ), nên các tệp đó sẽ bị bỏ sót. Hãy ghi kết quả \
         vào một thư mục khác, ví dụ -o ket-qua, hoặc chuyển các tệp đó ra khỏi {folder}",
        quoted(files)
    )]
    InputsInOutputFolder { folder: String, files: Vec<String> },
}

/// "\"a.docx\"" or "\"a.docx\", \"b.pdf\"".
fn quoted(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Lists the spreadsheets under `inputs`, recursively, sorted by display path.
/// Lock files (`~$…`), hidden files (named or found), `skip_dir` (the output folder) and any
/// earlier dvk output folder (holding tong-hop.json and tong-hop.xlsx) are left out.
/// A `.json` file named on the command line is read as a dvk summary; one
/// found in a folder only if it is one (other JSON files are not inputs).
pub fn discover(
    inputs: &[PathBuf],
    skip_dir: Option<&Path>,
) -> Result<Vec<SourceFile>, DiscoverError> {
    discover_all(inputs, skip_dir).map(|found| found.files)
}

/// An earlier run's results that a folder walk left out, so that they are
/// not counted twice: said to the user, never dropped unseen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OldResults {
    /// A folder below an input holding dvk's outputs: not read at all.
    Folder(String),
    /// An input folder that holds dvk's outputs beside the spreadsheets:
    /// those outputs are not read, the rest is.
    FilesIn(String),
}

/// The files to read, and the earlier results left out.
#[derive(Debug, Default)]
pub struct Discovered {
    pub files: Vec<SourceFile>,
    pub old_results: Vec<OldResults>,
    /// Files named on the command line that are no spreadsheet ("bao-cao.docx"
    /// dragged in with the workbooks), sorted: left out, said to the user.
    pub not_spreadsheets: Vec<String>,
    /// Office lock files named on the command line (a shell's `*` picks up
    /// `~$xa.xlsx`), sorted, with the program that left each: never read,
    /// as in a folder walk, and said.
    pub lock_files: Vec<(String, LockOwner)>,
    /// Hidden files (a name starting with ".") named on the command line,
    /// sorted: never read, as in a folder walk, and said.
    pub hidden_files: Vec<String>,
}

/// Which program leaves a lock file beside a workbook it has open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum LockOwner {
    /// `~$xa.xlsx` (Word's `~$bao-cao.docx` too).
    MicrosoftOffice,
    /// `.~lock.xa.xlsx#`.
    LibreOffice,
}

impl LockOwner {
    /// The lock file a name is, if it is one.
    pub fn of_name(name: &str) -> Option<LockOwner> {
        if name.starts_with("~$") {
            Some(LockOwner::MicrosoftOffice)
        } else if name.starts_with(".~lock.") && name.ends_with('#') {
            Some(LockOwner::LibreOffice)
        } else {
            None
        }
    }
}

/// Whether a file or folder name is hidden: it starts with "." on every
/// system (".~tmp.xlsx", a Mac's "._xa.xlsx" beside every file copied to a
/// USB stick). A folder walk never reads one; named, it is left out and said.
pub fn is_hidden_name(name: &str) -> bool {
    name.starts_with('.')
}

/// Whether the file or folder at `path`, named `name`, is hidden: by its
/// name ([`is_hidden_name`]) or, on Windows, by its Hidden attribute
/// (Properties › Hidden), which is what "hidden" means to a clerk there.
fn is_hidden(path: &Path, name: &str) -> bool {
    is_hidden_name(name) || has_hidden_attribute(path)
}

#[cfg(windows)]
fn has_hidden_attribute(path: &Path) -> bool {
    use std::os::windows::fs::MetadataExt;
    const FILE_ATTRIBUTE_HIDDEN: u32 = 0x2;
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_attributes() & FILE_ATTRIBUTE_HIDDEN != 0)
}

#[cfg(not(windows))]
fn has_hidden_attribute(_: &Path) -> bool {
    false
}

/// The names dvk writes its outputs under.
pub const OUTPUT_NAMES: [&str; 4] = [
    "tong-hop.json",
    "tong-hop.xlsx",
    "bao-cao.md",
    "bao-cao.docx",
];

/// Whether `dir` holds an earlier run's results (tong-hop.json beside
/// tong-hop.xlsx).
fn holds_old_results(dir: &Path) -> bool {
    dir.join("tong-hop.json").is_file() && dir.join("tong-hop.xlsx").is_file()
}

/// [`discover`], with the earlier results and the other files it left out.
/// A file named on the command line that dvk does not read is left out
/// (a Word report dragged in with the workbooks); only when nothing else is
/// left to read is it an error.
pub fn discover_all(
    inputs: &[PathBuf],
    skip_dir: Option<&Path>,
) -> Result<Discovered, DiscoverError> {
    let skip = skip_dir.and_then(|d| d.canonicalize().ok());
    // Keyed by display path; the canonical path removes a file given twice.
    // Two names that differ only in their Unicode form show alike: the
    // path as stored keeps them two files.
    let mut found: BTreeMap<(String, PathBuf), FileFormat> = BTreeMap::new();
    let mut seen = std::collections::HashSet::new();
    let mut old_results = Vec::new();
    let mut not_spreadsheets = std::collections::BTreeSet::new();
    let mut lock_files = std::collections::BTreeSet::new();
    let mut hidden_files = std::collections::BTreeSet::new();
    for input in inputs {
        let shown = display_path(input);
        if !input.exists() {
            return Err(DiscoverError::Missing(shown));
        }
        if input.is_file() {
            // A few bytes naming who has the workbook open: never a report.
            let name = input.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if let Some(owner) = LockOwner::of_name(name) {
                lock_files.insert((shown, owner));
                continue;
            }
            if is_hidden(input, name) {
                hidden_files.insert(shown);
                continue;
            }
            let Some(format) = FileFormat::from_path(input) else {
                not_spreadsheets.insert(shown);
                continue;
            };
            let canonical = input.canonicalize().unwrap_or_else(|_| input.clone());
            if seen.insert(canonical) {
                found.insert((shown, input.clone()), format);
            }
            continue;
        }
        let (told_before, found_before) = (old_results.len(), found.len());
        let mut walk_from = Walk {
            skip: skip.as_deref(),
            old_results: &mut old_results,
            walked: std::collections::HashSet::new(),
        };
        walk_from.folder(input, true, &mut |path| {
            if let Some(format) = FileFormat::from_path(path).filter(|_| is_input_file(path)) {
                let canonical = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
                if seen.insert(canonical) {
                    found.insert((display_path(path), path.to_path_buf()), format);
                }
            }
        })?;
        // An input folder of dvk's outputs and nothing else: the whole
        // folder is an earlier result left out, not outputs beside data.
        if found.len() == found_before {
            if let Some(told) = old_results.get_mut(told_before) {
                if let OldResults::FilesIn(folder) = told {
                    *told = OldResults::Folder(std::mem::take(folder));
                }
            }
        }
    }
    if found.is_empty() && !old_results.is_empty() {
        let folders = old_results
            .into_iter()
            .map(|old| match old {
                OldResults::Folder(f) | OldResults::FilesIn(f) => f,
            })
            .collect();
        return Err(DiscoverError::OnlyOldResults(folders));
    }
    if found.is_empty() && !not_spreadsheets.is_empty() {
        return Err(DiscoverError::UnsupportedFile(
            not_spreadsheets.into_iter().collect(),
        ));
    }
    let files = found
        .into_iter()
        .enumerate()
        .map(|(index, ((display, path), format))| SourceFile {
            index,
            path,
            display,
            format,
        })
        .collect();
    Ok(Discovered {
        files,
        old_results,
        not_spreadsheets: not_spreadsheets.into_iter().collect(),
        lock_files: lock_files.into_iter().collect(),
        hidden_files: hidden_files.into_iter().collect(),
    })
}

/// Whether a file found in a folder is one dvk reads.
fn is_input_file(path: &Path) -> bool {
    match FileFormat::from_path(path) {
        Some(FileFormat::Summary) => looks_like_summary(path),
        Some(_) => true,
        None => false,
    }
}

/// Whether a JSON file found in a folder is meant as a dvk summary: named
/// like one ("tong-hop.json", "tong-hop (1).json", "TONG_HOP.json"), or
/// with the summary schema wherever its keys put it (a summary saved
/// again with sorted keys has "schema" last). Such a file that cannot be
/// read as a summary is then an error for that file, never left out
/// unseen: a commune's figures missing from a province's would be.
fn looks_like_summary(path: &Path) -> bool {
    let named = path
        .file_stem()
        .and_then(|s| s.to_str())
        .map(|stem| stem.to_lowercase().replace(['_', ' '], "-"))
        .is_some_and(|stem| stem.starts_with("tong-hop") || stem.starts_with("tonghop"));
    if named {
        return true;
    }
    // Other JSON (a tool's settings, `dvk kiem-tra --json`) is not read;
    // one larger than a summary can be is not looked into.
    const LOOKED_INTO: u64 = 256 << 20;
    let small = std::fs::metadata(path).is_ok_and(|m| m.len() <= LOOKED_INTO);
    small && std::fs::read(path).is_ok_and(|bytes| names_summary_schema(&bytes))
}

/// Whether JSON text has a `"schema": "dvk.summary/…"` member anywhere:
/// the words quoted in a message or an "$id" are not a schema.
fn names_summary_schema(bytes: &[u8]) -> bool {
    memchr::memmem::find_iter(bytes, b"\"schema\"").any(|at| {
        let rest = &bytes[at + b"\"schema\"".len()..];
        let rest = rest.trim_ascii_start();
        rest.strip_prefix(b":")
            .is_some_and(|rest| rest.trim_ascii_start().starts_with(b"\"dvk.summary/"))
    })
}

/// The output folder met in a walk: fine when it holds nothing dvk would
/// read but its own outputs.
fn refuse_inputs_in(dir: &Path) -> Result<(), DiscoverError> {
    let mut files = Vec::new();
    let mut walk = Walk {
        skip: None,
        old_results: &mut Vec::new(),
        walked: std::collections::HashSet::new(),
    };
    walk.folder(dir, true, &mut |path| {
        // dvk's outputs, or copies of them ("tong-hop (1).xlsx").
        let stem = path
            .file_stem()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_lowercase();
        let own_output = stem.starts_with("tong-hop") || stem.starts_with("bao-cao");
        if is_input_file(path) && !own_output {
            files.push(display_path(path));
        }
    })?;
    match files.is_empty() {
        true => Ok(()),
        false => Err(DiscoverError::InputsInOutputFolder {
            folder: display_path(dir),
            files,
        }),
    }
}

/// A walk down the input folders.
struct Walk<'a> {
    /// The output folder of this run, canonical: never read.
    skip: Option<&'a Path>,
    old_results: &'a mut Vec<OldResults>,
    /// Folders walked, canonical: a link back up (a loop) is walked once.
    walked: std::collections::HashSet<PathBuf>,
}

impl Walk<'_> {
    fn folder(
        &mut self,
        dir: &Path,
        is_input: bool,
        visit: &mut dyn FnMut(&Path),
    ) -> Result<(), DiscoverError> {
        if let Ok(canonical) = dir.canonicalize() {
            if self.skip == Some(canonical.as_path()) {
                return refuse_inputs_in(dir);
            }
            if !self.walked.insert(canonical) {
                return Ok(());
            }
        }
        // An earlier run's results are dvk's own output, never an input: a
        // folder of them below an input is left out whole; beside the
        // spreadsheets of an input folder, the output files only.
        let old_outputs_here = holds_old_results(dir);
        if old_outputs_here {
            self.old_results.push(if is_input {
                OldResults::FilesIn(display_path(dir))
            } else {
                OldResults::Folder(display_path(dir))
            });
            if !is_input {
                return Ok(());
            }
        }
        let unreadable = |error| DiscoverError::Unreadable {
            path: display_path(dir),
            error,
        };
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(unreadable)?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .collect();
        entries.sort();
        for path in entries {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if LockOwner::of_name(name).is_some() || is_hidden(&path, name) {
                continue;
            }
            if path.is_dir() {
                self.folder(&path, false, visit)?;
            } else if !(old_outputs_here && OUTPUT_NAMES.contains(&name)) {
                visit(&path);
            }
        }
        Ok(())
    }
}

/// `sample-data\xa.xlsx` → `sample-data/xa.xlsx`; a leading `./` is
/// dropped; in NFC.
pub fn display_path(path: &Path) -> String {
    use std::path::Component;
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::new();
    for component in path.components() {
        match component {
            Component::Prefix(p) => out.push_str(&p.as_os_str().to_string_lossy()),
            Component::RootDir => out.push('/'),
            Component::CurDir => {}
            Component::ParentDir | Component::Normal(_) => {
                if !out.is_empty() && !out.ends_with('/') {
                    out.push('/');
                }
                out.push_str(&component.as_os_str().to_string_lossy());
            }
        }
    }
    // In NFC, as every text dvk shows: a folder copied from a Mac (NFD
    // names) then sorts, and reads, as the same folder from Windows.
    out.nfc().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_summary_is_told_by_its_schema_member_not_by_the_words() {
        assert!(names_summary_schema(
            br#"{"rollup": {}, "schema" : "dvk.summary/1"}"#
        ));
        assert!(names_summary_schema(
            b"{\n  \"schema\":\n  \"dvk.summary/2\"\n}"
        ));
        assert!(!names_summary_schema(
            r#"{"schema": "dvk.check/1", "problems": [{"message": "mẫu \"dvk.summary/2\""}]}"#
                .as_bytes()
        ));
        assert!(!names_summary_schema(br#"{"$id": "dvk.summary/1"}"#));
    }

    #[test]
    fn display_paths() {
        for (path, shown) in [
            ("./sample-data/xa.xlsx", "sample-data/xa.xlsx"),
            (
                "sample-data/huyện/xã Long Sơn.xlsx",
                "sample-data/huyện/xã Long Sơn.xlsx",
            ),
            ("/tmp/a/b.csv", "/tmp/a/b.csv"),
            ("../x.ods", "../x.ods"),
            // A Mac's NFD name reads as typed on Windows.
            (
                "Xa\u{303} Phu\u{31b}o\u{31b}\u{301}c Vinh/a.xlsx",
                "Xã Phước Vinh/a.xlsx",
            ),
        ] {
            assert_eq!(display_path(Path::new(path)), shown);
        }
    }
}
