//! The one place that writes files: every output goes to a temporary file
//! in the target folder first; only when all of them are written and synced,
//! and every old output has been found replaceable, are they renamed over
//! the old ones. A run stopped half-way (killed, disk full, a file locked by
//! Excel) leaves the previous outputs whole.

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
}

/// Writes `bytes` to `dir/name` atomically.
pub fn write_atomic(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf, WriteError> {
    let mut written = write_all_atomic(dir, &[(name, bytes)])?;
    Ok(written.remove(0))
}

/// Writes each `(name, bytes)` into `dir`: all to temporary files, then all
/// renamed into place, so either every output is replaced or none is (but
/// for a failure between two renames after every check passed, which
/// leaves each file whole).
pub fn write_all_atomic(dir: &Path, outputs: &[(&str, &[u8])]) -> Result<Vec<PathBuf>, WriteError> {
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
    remove_stale_temporaries(dir, name);
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
            return Err(WriteError::File {
                path: output.target.clone(),
                error,
            });
        }
        written.push(output.target.clone());
    }
    Ok(written)
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
fn remove_stale_temporaries(dir: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let prefix = format!(".{name}.");
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let file_name = file_name.to_string_lossy();
        let pid = file_name
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(".tmp"));
        if pid.is_some_and(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit())) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Makes sure the outputs can be written before the slow part of a run:
/// the folder is made if missing, a probe file is written and removed in
/// it, and every old output must be replaceable (not open in Excel on
/// Windows). Returns the folders made here, so a run that then fails can
/// leave no empty folder behind ([`remove_made`]).
pub fn prepare_dir(dir: &Path, outputs: &[&str]) -> Result<Vec<PathBuf>, WriteError> {
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
    let checked = (|| {
        // A folder that takes no new file (read-only, no right to write).
        let probe = dir.join(format!(".dvk-probe.{}.tmp", std::process::id()));
        std::fs::File::create(&probe).map_err(|error| (dir.to_path_buf(), error))?;
        let _ = std::fs::remove_file(&probe);
        for name in outputs {
            let target = dir.join(name);
            check_replaceable(&target).map_err(|error| (target, error))?;
        }
        Ok(())
    })();
    match checked {
        Ok(()) => Ok(made),
        Err((path, error)) => {
            remove_made(&made);
            Err(WriteError::File { path, error })
        }
    }
}

/// Removes the folders [`prepare_dir`] made, deepest first, while they are
/// empty: a run that stopped before its outputs leaves no trace.
pub fn remove_made(made: &[PathBuf]) {
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
