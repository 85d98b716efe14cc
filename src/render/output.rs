//! The one place that writes files: every output goes to a temporary file
//! in the target folder first; only when all of them are written and synced,
//! and every old output has been found replaceable, are they renamed over
//! the old ones. A run stopped half-way (killed, disk full, a file locked by
//! Excel) leaves the previous outputs whole.
//!
//! Two runs writing into one folder at once would mix their outputs, so a
//! run holds an exclusive lock on the folder's [`LOCK_NAME`] file from
//! before it touches anything there until every output is in place; a
//! second run finds it locked and stops at once. The system releases the
//! lock of a killed run: there is no stale lock to clear by hand.

use crate::diagnostic::{io_reason, IoAction};
use crate::ingest::display_path;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Test hook: milliseconds to wait between writing the temporary files and
/// renaming them, so a test can kill dvk at the worst moment. Unset, nothing.
const PAUSE_BEFORE_RENAME: &str = "DVK_TEST_PAUSE_BEFORE_RENAME_MS";

/// An output, or the folder for it, that could not be written.
///
/// The I/O errors are not `#[source]`s (nor fields named `source`): the
/// message says them in Vietnamese, and a source would add the system's
/// English words to the chain `main` prints.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// An output file that could not be written or replaced.
    #[error(
        "không ghi được {}: {}",
        display_path(path),
        io_reason(error, IoAction::Write)
    )]
    File {
        path: PathBuf,
        error: std::io::Error,
    },
    /// The output folder could not be made.
    #[error(
        "không tạo được thư mục {}: {}",
        display_path(path),
        io_reason(error, IoAction::CreateFolder)
    )]
    Folder {
        path: PathBuf,
        error: std::io::Error,
    },
    /// A file stands where the output folder, or a folder above it, should be.
    #[error(
        "không tạo được thư mục {}: \"{}\" là một tệp, không phải thư mục; \
         hãy chọn thư mục khác, hoặc đổi tên tệp đó",
        display_path(path),
        display_path(file)
    )]
    FileInTheWay { path: PathBuf, file: PathBuf },
    /// Another dvk run holds the output folder's lock: nothing was touched.
    #[error(
        "thư mục kết quả {} đang được một lần chạy dvk khác ghi vào, nên lần chạy này dừng lại \
         và không đụng đến tệp nào trong đó; hãy chờ lần chạy kia xong rồi chạy lại, \
         hoặc ghi kết quả vào thư mục khác (-o thư-mục-khác)",
        display_path(path)
    )]
    Busy { path: PathBuf },
    /// The temporary file of an output disappeared before it was renamed
    /// into place, though its folder is still there.
    #[error(
        "không ghi được {}: tệp tạm \"{}\" dvk vừa ghi xong đã bị xóa trước khi kịp đổi tên \
         thành tệp kết quả (có chương trình khác đang dọn hay đồng bộ thư mục này); \
         hãy chạy lại, nếu vẫn lỗi hãy chọn thư mục khác",
        display_path(path),
        temporary
    )]
    TemporaryGone { path: PathBuf, temporary: String },
    /// A part of the output folder's path is a name Windows keeps for a
    /// device ("con", "nul", "com1"…): no folder can have it there.
    #[error(
        "không tạo được thư mục {}: \"{name}\" là tên Windows dành riêng cho thiết bị \
         (CON, PRN, AUX, NUL, COM1–COM9, LPT1–LPT9), không đặt được cho thư mục hay tệp; \
         hãy chọn tên khác, ví dụ -o ket-qua",
        display_path(path)
    )]
    ReservedName { path: PathBuf, name: String },
}

/// The first part of `path` that Windows keeps for a device, whatever its
/// case or extension ("con", "Nul.txt", "COM1"), as written.
pub fn windows_device_name(path: &Path) -> Option<String> {
    const DEVICES: [&str; 4] = ["CON", "PRN", "AUX", "NUL"];
    path.components().find_map(|part| {
        let std::path::Component::Normal(name) = part else {
            return None;
        };
        let name = name.to_string_lossy();
        let stem = name.split('.').next().unwrap_or_default().trim_end();
        let upper = stem.to_ascii_uppercase();
        let numbered = ["COM", "LPT"].iter().any(|device| {
            upper
                .strip_prefix(device)
                .is_some_and(|n| n.len() == 1 && n.as_bytes()[0].is_ascii_digit() && n != "0")
        });
        (DEVICES.contains(&upper.as_str()) || numbered).then(|| name.into_owned())
    })
}

/// The file, inside the output folder, whose lock a run holds while it
/// writes there. Hidden (a leading dot; on Windows also the hidden
/// attribute), empty, and left in place after a run: removing it while
/// another run may have it open would let two runs lock two different
/// files. Only a failed run removes it, with the folder it made.
pub const LOCK_NAME: &str = ".dvk.lock";

/// Without the lock (a file system that cannot lock), a temporary file is
/// taken as a killed run's only when it is this old: a live run renames
/// its temporaries within moments of writing them.
const STALE_WITHOUT_LOCK: std::time::Duration = std::time::Duration::from_secs(3600);

/// Writes `bytes` to `dir/name` atomically.
pub fn write_atomic(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf, WriteError> {
    let mut written = write_all_atomic(dir, &[(name, bytes)])?;
    Ok(written.remove(0))
}

/// Writes each `(name, bytes)` into `dir`: all to temporary files, then all
/// renamed into place, so either every output is replaced or none is (but
/// for a failure between two renames after every check passed, which
/// leaves each file whole). Takes no lock (a form written beside the
/// user's own files): only temporaries old enough to be a killed run's are
/// cleared.
pub fn write_all_atomic(dir: &Path, outputs: &[(&str, &[u8])]) -> Result<Vec<PathBuf>, WriteError> {
    for (name, _) in outputs {
        remove_stale_temporaries(dir, name, Some(STALE_WITHOUT_LOCK));
    }
    let staged = outputs
        .iter()
        .map(|(name, bytes)| stage(dir, name, bytes))
        .collect::<Result<Vec<_>, _>>()?;
    commit(staged)
}

/// An output written and synced to its temporary file, waiting for
/// [`commit`]; dropped without one, its temporary file is removed.
pub struct Staged {
    temporary: PathBuf,
    target: PathBuf,
}

impl Drop for Staged {
    fn drop(&mut self) {
        // After a commit the temporary is gone and this does nothing.
        let _ = std::fs::remove_file(&self.temporary);
    }
}

/// Writes `bytes` to a temporary file beside `dir/name` and syncs it, so
/// the slow part of writing can overlap other work before [`commit`].
pub fn stage(dir: &Path, name: &str, bytes: &[u8]) -> Result<Staged, WriteError> {
    stage_with(dir, name, |file| file.write_all(bytes))
}

/// Like [`stage`], with the bytes written by `write` as they are made.
pub fn stage_with(
    dir: &Path,
    name: &str,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<Staged, WriteError> {
    // Stale temporaries are cleared by `prepare_dir`, under the lock: here
    // one could be another run's, still to be renamed.
    let staged = Staged {
        temporary: dir.join(format!(".{name}.{}.tmp", std::process::id())),
        target: dir.join(name),
    };
    let result = (|| {
        let mut file = std::io::BufWriter::new(std::fs::File::create(&staged.temporary)?);
        write(&mut file)?;
        file.into_inner()
            .map_err(std::io::IntoInnerError::into_error)?
            .sync_all()
    })();
    match result {
        Ok(()) => Ok(staged),
        Err(error) => Err(WriteError::File {
            path: staged.target.clone(),
            error,
        }),
    }
}

/// Renames every staged output into place, once every old output it
/// replaces is found replaceable; if one is not, none is renamed and the
/// temporary files are removed.
pub fn commit(staged: Vec<Staged>) -> Result<Vec<PathBuf>, WriteError> {
    if let Some(ms) = std::env::var(PAUSE_BEFORE_RENAME)
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
    for output in &staged {
        check_replaceable(&output.target).map_err(|error| WriteError::File {
            path: output.target.clone(),
            error,
        })?;
    }
    let mut written = Vec::with_capacity(staged.len());
    for output in staged {
        if let Err(error) = std::fs::rename(&output.temporary, &output.target) {
            return Err(rename_error(&output, error));
        }
        written.push(output.target.clone());
    }
    Ok(written)
}

/// A failed rename, said as what happened: "not found" is the folder gone
/// only when it is; with the folder there, the temporary file was removed
/// under dvk (a cleaner, a sync tool, a run that could not lock).
fn rename_error(output: &Staged, error: std::io::Error) -> WriteError {
    let folder_there = output.target.parent().is_none_or(Path::is_dir);
    if error.kind() == std::io::ErrorKind::NotFound && folder_there && !output.temporary.exists() {
        return WriteError::TemporaryGone {
            path: output.target.clone(),
            temporary: output
                .temporary
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        };
    }
    WriteError::File {
        path: output.target.clone(),
        error,
    }
}

/// Whether the old output at `target`, if there is one, can be replaced: a
/// regular file that can be opened for writing. Windows refuses to open a
/// file Excel or Word holds open, as it would refuse to replace it; a
/// folder in its place cannot be replaced anywhere. The file is neither
/// created nor truncated, so its content and time stay as they are.
fn check_replaceable(target: &Path) -> std::io::Result<()> {
    use std::io::ErrorKind;
    let metadata = match std::fs::metadata(target) {
        Ok(metadata) => metadata,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    if metadata.is_dir() {
        return Err(ErrorKind::IsADirectory.into());
    }
    if !metadata.is_file() {
        // A device or pipe by that name: opening it could block.
        return Err(ErrorKind::AlreadyExists.into());
    }
    std::fs::OpenOptions::new()
        .write(true)
        .open(target)
        .map(drop)
}

/// Temporary files a killed run left for `name` (".tong-hop.json.1234.tmp").
/// Holding the folder's lock, every one is stale (`older_than` None);
/// without it, only those not written to for `older_than`.
fn remove_stale_temporaries(dir: &Path, name: &str, older_than: Option<std::time::Duration>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let old_enough = |entry: &std::fs::DirEntry| {
        older_than.is_none_or(|age| {
            entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|modified| modified.elapsed().ok())
                .is_some_and(|elapsed| elapsed >= age)
        })
    };
    let prefix = format!(".{name}.");
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let file_name = file_name.to_string_lossy();
        let pid = file_name
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(".tmp"));
        if pid.is_some_and(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
            && old_enough(&entry)
        {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The output folder of a run, ready to write: made if missing, locked
/// against other dvk runs, checked writable. Dropped, it releases the lock
/// (and leaves the lock file); a run that fails calls [`OutputDir::abandon`].
#[derive(Debug)]
pub struct OutputDir {
    /// The folders this run made, deepest first.
    made: Vec<PathBuf>,
    /// The locked `.dvk.lock`; `None` where the file system cannot lock.
    lock: Option<std::fs::File>,
    lock_path: PathBuf,
}

impl OutputDir {
    /// Whether this run holds the folder's lock (false on a file system
    /// that cannot lock, where dvk goes on without it).
    pub fn is_locked(&self) -> bool {
        self.lock.is_some()
    }

    /// For a run that failed: removes the folders it made, so it leaves no
    /// empty folder behind. The lock file in such a folder is this run's
    /// and goes first, removed while still locked, so no other run's lock
    /// file is ever removed; in a folder that was there before, it stays.
    pub fn abandon(self) {
        if !self.made.is_empty() {
            let _ = std::fs::remove_file(&self.lock_path);
        }
        drop(self.lock);
        remove_made(&self.made);
    }
}

/// Makes sure the outputs can be written before the slow part of a run:
/// the folder is made if missing and locked against another dvk run
/// writing there (if one is, [`WriteError::Busy`] and nothing is touched),
/// a probe file is written and removed in it, every old output must be
/// replaceable (not open in Excel on Windows), and the temporary files a
/// killed run left are removed. Hold the returned [`OutputDir`] until
/// every output is renamed into place.
pub fn prepare_dir(dir: &Path, outputs: &[&str]) -> Result<OutputDir, WriteError> {
    if cfg!(windows) {
        if let Some(name) = windows_device_name(dir) {
            return Err(WriteError::ReservedName {
                path: dir.to_path_buf(),
                name,
            });
        }
    }
    // Deepest first: the order they can be removed in.
    let made: Vec<PathBuf> = dir
        .ancestors()
        .filter(|p| !p.as_os_str().is_empty())
        .take_while(|p| !p.exists())
        .map(Path::to_path_buf)
        .collect();
    if let Err(error) = ensure_dir(dir) {
        remove_made(&made);
        return Err(error);
    }
    let lock_path = dir.join(LOCK_NAME);
    let lock = match lock(&lock_path) {
        Lock::Held(file) => Some(file),
        // Another run's folder: nothing here is this run's to touch, not
        // even a folder it thought it made (the other run's lock is in it).
        Lock::Busy => {
            return Err(WriteError::Busy {
                path: dir.to_path_buf(),
            })
        }
        Lock::Unavailable => None,
    };
    let prepared = OutputDir {
        made,
        lock,
        lock_path,
    };
    let checked = (|| {
        // A folder that takes no new file (read-only, no right to write).
        let probe = dir.join(format!(".{PROBE_NAME}.{}.tmp", std::process::id()));
        std::fs::File::create(&probe).map_err(|error| (dir.to_path_buf(), error))?;
        let _ = std::fs::remove_file(&probe);
        for name in outputs {
            let target = dir.join(name);
            check_replaceable(&target).map_err(|error| (target, error))?;
        }
        Ok(())
    })();
    if let Err((path, error)) = checked {
        prepared.abandon();
        return Err(WriteError::File { path, error });
    }
    // Under the lock every temporary here is a killed run's; without it,
    // one could be another live run's.
    let older_than = (!prepared.is_locked()).then_some(STALE_WITHOUT_LOCK);
    for name in outputs.iter().copied().chain([PROBE_NAME]) {
        remove_stale_temporaries(dir, name, older_than);
    }
    Ok(prepared)
}

/// The probe file's name, between the dot and the process id.
const PROBE_NAME: &str = "dvk-probe";

/// What came of trying to lock the output folder.
enum Lock {
    Held(std::fs::File),
    /// Another process holds it.
    Busy,
    /// The file system cannot lock, or the lock file cannot be opened (a
    /// read-only folder, which the probe then reports): dvk goes on
    /// without the lock, as it did before it had one.
    Unavailable,
}

/// Opens (creating if missing) and locks `path` without waiting.
fn lock(path: &Path) -> Lock {
    let opened = lock_file_options(true).open(path).or_else(|_| {
        // A lock file this account may not write (made by another user on
        // a shared folder) still locks when opened for reading.
        lock_file_options(false).open(path)
    });
    let Ok(file) = opened else {
        return Lock::Unavailable;
    };
    match file.try_lock() {
        // A failed run that made this folder removes its lock file while
        // locked: a run that opened the file just before may lock it once
        // released, and must then not take the removed file for the lock.
        Ok(()) if !path.exists() => Lock::Busy,
        Ok(()) => Lock::Held(file),
        Err(std::fs::TryLockError::WouldBlock) => Lock::Busy,
        Err(std::fs::TryLockError::Error(_)) => Lock::Unavailable,
    }
}

/// Read and write, created if missing (never truncated); on Windows with
/// the hidden attribute, as a dot does not hide a file there.
fn lock_file_options(write: bool) -> std::fs::OpenOptions {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    if write {
        options.write(true).create(true).truncate(false);
    }
    #[cfg(windows)]
    {
        use std::os::windows::fs::OpenOptionsExt;
        // FILE_ATTRIBUTE_HIDDEN: applied only when the file is created.
        options.attributes(0x2);
    }
    options
}

/// Removes the folders [`prepare_dir`] made, deepest first, while they are
/// empty: a run that stopped before its outputs leaves no trace.
fn remove_made(made: &[PathBuf]) {
    for folder in made {
        // Fails, and keeps the folder, when anything is in it.
        if std::fs::remove_dir(folder).is_err() {
            return;
        }
    }
}

/// Creates the output folder if it is missing.
pub fn ensure_dir(dir: &Path) -> Result<(), WriteError> {
    std::fs::create_dir_all(dir).map_err(|error| match file_in_the_way(dir) {
        Some(file) => WriteError::FileInTheWay {
            path: dir.to_owned(),
            file,
        },
        None => WriteError::Folder {
            path: dir.to_owned(),
            error,
        },
    })
}

/// The nearest of `dir` and the folders above it that exists but is not a
/// folder: `thu.pdf` for `thu.pdf/ket-qua`. Systems word this differently
/// (Unix "not a directory", "file exists"; Windows "path not found"), so
/// dvk looks for itself.
fn file_in_the_way(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .filter(|p| !p.as_os_str().is_empty())
        .find(|p| p.exists())
        .filter(|p| !p.is_dir())
        .map(Path::to_path_buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn windows_device_names_are_found_in_any_part_of_the_path() {
        for (path, found) in [
            ("kq/con", Some("con")),
            ("CON", Some("CON")),
            ("ket-qua/Nul.txt/x", Some("Nul.txt")),
            ("com1", Some("com1")),
            ("lpt9/kq", Some("lpt9")),
            ("aux /kq", Some("aux ")),
            ("com0", None),
            ("com10", None),
            ("con-cai", None),
            ("ket-qua/cong", None),
            ("Kết quả", None),
        ] {
            assert_eq!(
                windows_device_name(Path::new(path)).as_deref(),
                found,
                "{path}"
            );
        }
    }

    #[test]
    fn a_killed_run_s_temporaries_are_cleared_under_the_lock() {
        let dir = tempfile::tempdir().expect("temp");
        for name in [
            ".tong-hop.json.12345.tmp",
            ".bao-cao.docx.7.tmp",
            ".dvk-probe.99.tmp",
            // Not dvk's: stays.
            ".tong-hop.json.abc.tmp",
            "ghi-chu.tmp",
        ] {
            std::fs::write(dir.path().join(name), "x").expect("write");
        }
        let prepared = prepare_dir(dir.path(), &["tong-hop.json", "bao-cao.docx"]).expect("ready");
        assert!(prepared.is_locked());
        assert_eq!(
            names_in(dir.path()),
            [".dvk.lock", ".tong-hop.json.abc.tmp", "ghi-chu.tmp"]
        );
    }

    #[test]
    fn without_the_lock_only_old_temporaries_are_cleared() {
        let dir = tempfile::tempdir().expect("temp");
        let fresh = dir.path().join(".tong-hop.json.12345.tmp");
        std::fs::write(&fresh, "x").expect("write");
        remove_stale_temporaries(dir.path(), "tong-hop.json", Some(STALE_WITHOUT_LOCK));
        assert!(fresh.exists(), "a live run's temporary was removed");
        remove_stale_temporaries(dir.path(), "tong-hop.json", Some(std::time::Duration::ZERO));
        assert!(!fresh.exists());
    }

    #[test]
    fn a_folder_locked_by_another_run_is_refused_untouched() {
        let dir = tempfile::tempdir().expect("temp");
        let first = prepare_dir(dir.path(), &["tong-hop.json"]).expect("ready");
        let theirs = dir.path().join(".tong-hop.json.12345.tmp");
        std::fs::write(&theirs, "x").expect("write");
        let error = prepare_dir(dir.path(), &["tong-hop.json"]).expect_err("busy");
        assert!(matches!(error, WriteError::Busy { .. }), "{error}");
        assert!(theirs.exists(), "another run's temporary was removed");
        // Refused, the second run does not remove the first one's lock file.
        assert!(dir.path().join(LOCK_NAME).exists());
        drop(first);
        prepare_dir(dir.path(), &["tong-hop.json"]).expect("free again");
        assert!(!theirs.exists());
    }

    #[test]
    fn a_failed_run_removes_the_folder_it_made_lock_file_and_all() {
        let dir = tempfile::tempdir().expect("temp");
        let out = dir.path().join("moi").join("ket-qua");
        prepare_dir(&out, &["tong-hop.json"])
            .expect("ready")
            .abandon();
        assert!(!dir.path().join("moi").exists());
        // A folder that was there keeps its lock file; only outputs are dvk's.
        std::fs::create_dir_all(&out).expect("mkdir");
        prepare_dir(&out, &["tong-hop.json"])
            .expect("ready")
            .abandon();
        assert_eq!(names_in(&out), [LOCK_NAME]);
    }

    #[test]
    fn a_temporary_removed_before_its_rename_is_not_a_folder_gone() {
        let dir = tempfile::tempdir().expect("temp");
        let staged = stage(dir.path(), "bao-cao.md", b"x").expect("staged");
        std::fs::remove_file(&staged.temporary).expect("remove");
        let error = commit(vec![staged]).expect_err("gone").to_string();
        assert!(
            error.contains("bao-cao.md") && error.contains("đã bị xóa trước khi kịp đổi tên"),
            "{error}"
        );
        assert!(!error.contains("không còn"), "{error}");

        // With the folder gone, that is what is said.
        let folder = dir.path().join("ket-qua");
        std::fs::create_dir(&folder).expect("mkdir");
        let staged = stage(&folder, "bao-cao.md", b"x").expect("staged");
        std::fs::remove_file(&staged.temporary).expect("remove");
        std::fs::remove_dir(&folder).expect("rmdir");
        let error = commit(vec![staged]).expect_err("gone").to_string();
        assert!(error.contains("thư mục chứa nó không còn"), "{error}");
    }
}
