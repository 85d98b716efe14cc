//! The one place that writes files: each output goes to a temporary file in
//! the target folder and is renamed over the old one, so a run stopped
//! half-way leaves the previous outputs whole.

use std::io::Write;
use std::path::{Path, PathBuf};

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
    let target = dir.join(name);
    let temporary = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let error = |source| WriteError {
        path: target.clone(),
        source,
    };
    let result = (|| {
        let mut file = std::fs::File::create(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&temporary, &target)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&temporary);
        return Err(error(e));
    }
    Ok(target)
}

/// Creates the output folder if it is missing.
pub fn ensure_dir(dir: &Path) -> Result<(), WriteError> {
    std::fs::create_dir_all(dir).map_err(|source| WriteError {
        path: dir.to_owned(),
        source,
    })
}
