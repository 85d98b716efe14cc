//! The one place that writes files: every output goes to a temporary file
//! in the target folder first; only when all of them are written and synced
//! are they renamed over the old ones. A run stopped half-way (killed, disk
//! full, a file locked by Excel) leaves the previous outputs whole.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Test hook: milliseconds to wait between writing the temporary files and
/// renaming them, so a test can kill dvk at the worst moment. Unset, nothing.
const PAUSE_BEFORE_RENAME: &str = "DVK_TEST_PAUSE_BEFORE_RENAME_MS";

/// An output that could not be written.
#[derive(Debug, thiserror::Error)]
#[error(
    "không ghi được {}: {}",
    crate::ingest::display_path(path),
    crate::diagnostic::io_reason(source)
)]
pub struct WriteError {
    pub path: PathBuf,
    // Not a `#[source]`: the message already says it, in Vietnamese.
    pub source: std::io::Error,
}

/// Writes `bytes` to `dir/name` atomically.
pub fn write_atomic(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf, WriteError> {
    let mut written = write_all_atomic(dir, &[(name, bytes)])?;
    Ok(written.remove(0))
}

/// Writes each `(name, bytes)` into `dir`: all to temporary files, then all
/// renamed into place, so either every output is replaced or none is (but
/// for a failure between two renames, which leaves each file whole).
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
        Err(source) => Err(WriteError {
            path: staged.target.clone(),
            source,
        }),
    }
}

/// Renames every staged output into place.
pub fn commit(staged: Vec<Staged>) -> Result<Vec<PathBuf>, WriteError> {
    if let Some(ms) = std::env::var(PAUSE_BEFORE_RENAME)
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
    let mut written = Vec::with_capacity(staged.len());
    for output in staged {
        if let Err(source) = std::fs::rename(&output.temporary, &output.target) {
            return Err(WriteError {
                path: output.target.clone(),
                source,
            });
        }
        written.push(output.target.clone());
    }
    Ok(written)
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

/// Creates the output folder if it is missing.
pub fn ensure_dir(dir: &Path) -> Result<(), WriteError> {
    std::fs::create_dir_all(dir).map_err(|source| WriteError {
        path: dir.to_owned(),
        source,
    })
}
