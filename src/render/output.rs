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
    for (name, _) in outputs {
        remove_stale_temporaries(dir, name);
    }
    let temporary = |name: &str| dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let mut written: Vec<(PathBuf, PathBuf)> = Vec::new();
    let clean_up = |written: &[(PathBuf, PathBuf)]| {
        for (temporary, _) in written {
            let _ = std::fs::remove_file(temporary);
        }
    };
    for (name, bytes) in outputs {
        let (temp, target) = (temporary(name), dir.join(name));
        let result = (|| {
            let mut file = std::fs::File::create(&temp)?;
            file.write_all(bytes)?;
            file.sync_all()
        })();
        if let Err(source) = result {
            let _ = std::fs::remove_file(&temp);
            clean_up(&written);
            return Err(WriteError {
                path: target,
                source,
            });
        }
        written.push((temp, target));
    }
    if let Some(ms) = std::env::var(PAUSE_BEFORE_RENAME)
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
    for (i, (temp, target)) in written.iter().enumerate() {
        if let Err(source) = std::fs::rename(temp, target) {
            clean_up(&written[i..]);
            return Err(WriteError {
                path: target.clone(),
                source,
            });
        }
    }
    Ok(written.into_iter().map(|(_, target)| target).collect())
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
