//! Files given twice under two names: the "xa-long-son (1).xlsx" that a
//! download or a chat app makes beside the original. Counting both would
//! count one commune's models twice, so the later copy is not read.

use crate::ingest::SourceFile;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::hash::{DefaultHasher, Hasher};

/// For each file whose bytes equal another's, the one that is kept: the
/// shortest name ("xa-long-son.xlsx", not "xa-long-son (1).xlsx"), then the
/// first in the list. Only files of equal size are looked at, by their last
/// bytes first, and a match is confirmed byte by byte.
pub(super) fn find(files: &[SourceFile]) -> HashMap<usize, String> {
    let mut by_size: BTreeMap<u64, Vec<&SourceFile>> = BTreeMap::new();
    for file in files {
        if let Ok(meta) = std::fs::metadata(&file.path) {
            by_size.entry(meta.len()).or_default().push(file);
        }
    }
    let alike: Vec<&SourceFile> = by_size
        .into_values()
        .filter(|same_size| same_size.len() > 1)
        .flatten()
        .collect();
    let fingerprints: Vec<((u64, u64), &SourceFile)> = alike
        .par_iter()
        .filter_map(|file| fingerprint(file).map(|f| (f, *file)))
        .collect();
    let mut by_fingerprint: BTreeMap<(u64, u64), Vec<&SourceFile>> = BTreeMap::new();
    for (fingerprint, file) in fingerprints {
        by_fingerprint.entry(fingerprint).or_default().push(file);
    }
    let mut copies = HashMap::new();
    for mut group in by_fingerprint.into_values().filter(|g| g.len() > 1) {
        group.sort_by_key(|f| (f.display.chars().count(), f.index));
        let mut originals: Vec<(&SourceFile, Vec<u8>)> = Vec::new();
        for file in group {
            let Ok(bytes) = std::fs::read(&file.path) else {
                continue;
            };
            match originals.iter().find(|(_, seen)| *seen == bytes) {
                Some((original, _)) => {
                    copies.insert(file.index, original.display.clone());
                }
                None => originals.push((file, bytes)),
            }
        }
    }
    copies
}

/// How much of a file's end is read for its fingerprint: a workbook's zip
/// directory, with every part's CRC, sits there.
const TAIL: u64 = 8 * 1024;

/// The file's length and a hash of its last bytes (SipHash with fixed keys,
/// so the same in every run): files of one size that differ almost always
/// differ there, and the few that match are compared whole.
fn fingerprint(file: &SourceFile) -> Option<(u64, u64)> {
    use std::io::{Read, Seek, SeekFrom};
    let mut handle = std::fs::File::open(&file.path).ok()?;
    let len = handle.metadata().ok()?.len();
    handle
        .seek(SeekFrom::Start(len.saturating_sub(TAIL)))
        .ok()?;
    let mut tail = Vec::with_capacity(TAIL as usize);
    handle.read_to_end(&mut tail).ok()?;
    let mut hasher = DefaultHasher::new();
    hasher.write(&tail);
    Some((len, hasher.finish()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::FileFormat;

    #[test]
    fn a_later_copy_points_at_the_first_and_a_same_size_file_is_no_copy() {
        let dir = tempfile::tempdir().expect("temp");
        let write = |name: &str, text: &str, index: usize| {
            let path = dir.path().join(name);
            std::fs::write(&path, text).expect("write");
            SourceFile {
                index,
                path,
                display: name.to_owned(),
                format: FileFormat::Csv,
            }
        };
        let files = [
            write("a (1).csv", "STT;Năm\n1;2020\n", 0),
            write("a.csv", "STT;Năm\n1;2020\n", 1),
            write("b.csv", "STT;Năm\n1;2021\n", 2),
            write("c.csv", "STT;Năm\n", 3),
        ];
        let copies = find(&files);
        assert_eq!(copies.len(), 1);
        assert_eq!(copies.get(&0).map(String::as_str), Some("a.csv"));
        // Reversed, the first in the list is still the one kept.
        let reversed: Vec<SourceFile> = files.iter().rev().cloned().collect();
        assert_eq!(find(&reversed), copies);
    }
}
