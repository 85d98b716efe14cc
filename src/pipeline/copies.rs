//! Files given twice under two names: the "xa-long-son (1).xlsx" that a
//! download or a chat app makes beside the original. Counting both would
//! count one commune's models twice, so the later copy is not read.
//!
//! The same report saved twice in two formats (an .xls and the .xlsx or
//! .ods made from it) has other bytes but the same rows: after reading,
//! files whose accepted records are the same, value for value and in the
//! same order, under the same title block, are one report, counted once.
//! Each file's records are hashed as they are read (SipHash, with their
//! count: two different files meet by chance with odds of 1 in 2^64). Files
//! are met in [`rank`] order, so the file counted is always the first met of
//! its report, and each later one is known as soon as it is read.

use crate::ingest::{CellValue, FileFormat, RawSheet, SourceFile};
use crate::normalise::fold::clean_text;
use crate::normalise::AcceptedRow;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};
use xxhash_rust::xxh3::Xxh3;

/// For each file whose bytes equal another's, the one that is kept: the
/// shortest name ("xa-long-son.xlsx", not "xa-long-son (1).xlsx"), then the
/// first in the list, as [`rank`] orders them: the one kept is met first.
/// Only files of equal size are looked at, by their last bytes first, and a
/// match is confirmed byte by byte.
pub(super) fn find(files: &[SourceFile]) -> HashMap<usize, &SourceFile> {
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
        group.sort_by_key(|f| rank(f));
        let mut originals: Vec<(&SourceFile, Vec<u8>)> = Vec::new();
        for file in group {
            let Ok(bytes) = std::fs::read(&file.path) else {
                continue;
            };
            match originals.iter().find(|(_, seen)| *seen == bytes) {
                Some((original, _)) => {
                    copies.insert(file.index, *original);
                }
                None => originals.push((file, bytes)),
            }
        }
    }
    copies
}

/// The accepted records of one file, hashed in order, and their count; the
/// same for the same rows whatever the file's format, row numbers or
/// problems.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct ContentKey {
    hash: u128,
    records: u64,
}

/// Hashes a file's accepted records sheet by sheet, as they are read.
#[derive(Default)]
pub(super) struct ContentHasher {
    /// XXH3, 128 bits, unseeded: the same in every run and on every thread,
    /// and a tenth of SipHash's cost on a nation's records.
    state: Xxh3,
    /// A sheet's bytes, hashed in one write: a hasher is slow on the many
    /// small writes of a record's fields.
    sheet: Fed,
    records: u64,
}

/// Keeps the bytes `Hash` feeds it.
#[derive(Debug, Default)]
struct Fed(Vec<u8>);

impl Hasher for Fed {
    fn write(&mut self, bytes: &[u8]) {
        self.0.extend_from_slice(bytes);
    }

    fn finish(&self) -> u64 {
        unreachable!("the bytes are hashed by the ContentHasher")
    }
}

impl ContentHasher {
    /// Adds a sheet's accepted rows: each record's every value, not its row
    /// number (a copy saved in another format may number rows otherwise),
    /// and the texts above the first of them (title block, header): two
    /// communes' files that name the commune only in their title, with rows
    /// alike ("Ấp 1", "Hũ gạo tình thương"), are two reports.
    pub(super) fn add(&mut self, sheet: &RawSheet, rows: &[AcceptedRow]) {
        let Some(first) = rows.first() else {
            return;
        };
        let above = sheet.rows.iter().take_while(|r| r.number < first.row);
        self.sheet.0.clear();
        for cell in above.flat_map(|r| &r.cells) {
            if let CellValue::Text(text) = &cell.value {
                clean_text(text).hash(&mut self.sheet);
            }
        }
        for row in rows {
            row.record.hash(&mut self.sheet);
        }
        self.state.update(&self.sheet.0);
        self.records += rows.len() as u64;
    }

    /// The key, or `None` for a file with no accepted record: two blank
    /// forms are two places with nothing to report, not one report twice.
    pub(super) fn finish(self) -> Option<ContentKey> {
        (self.records > 0).then(|| ContentKey {
            hash: self.state.digest128(),
            records: self.records,
        })
    }
}

/// Which of several files holding one report is counted: the shortest name
/// ("xa-long-son.xls" before "xa-long-son (1).xlsx"), then the first in the
/// list, as for byte copies. Files are met in this order.
pub(super) fn rank(file: &SourceFile) -> (usize, usize) {
    (file.display.chars().count(), file.index)
}

/// A file read, as the same report met again is told of it.
#[derive(Debug, Clone, Copy)]
pub(super) struct ReadFile<'f> {
    pub file: &'f SourceFile,
    /// What its bytes hold, whatever its extension says.
    pub holds: FileFormat,
    pub rejected: u64,
}

/// The reports counted so far, by their records' key: the file counted for
/// each; and the files not counted, with the one counted instead.
#[derive(Debug, Default)]
pub(super) struct SameReports<'f> {
    counted: HashMap<ContentKey, ReadFile<'f>>,
    instead: HashMap<usize, &'f SourceFile>,
}

impl<'f> SameReports<'f> {
    /// For a file met in [`rank`] order with `key`: the file already
    /// counted with the same records, if any; otherwise this file is
    /// counted from now on.
    pub(super) fn counted_before(
        &mut self,
        read: ReadFile<'f>,
        key: ContentKey,
    ) -> Option<ReadFile<'f>> {
        match self.counted.entry(key) {
            std::collections::hash_map::Entry::Occupied(seen) => {
                self.instead.insert(read.file.index, seen.get().file);
                Some(*seen.get())
            }
            std::collections::hash_map::Entry::Vacant(new) => {
                new.insert(read);
                None
            }
        }
    }

    /// The file counted instead of the file of `index`, met before, when
    /// it held a report already counted: a byte copy of it names that one.
    pub(super) fn counted_instead_of(&self, index: usize) -> Option<&'f SourceFile> {
        self.instead.get(&index).copied()
    }
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
        assert_eq!(copies.get(&0).map(|f| f.display.as_str()), Some("a.csv"));
        // Reversed, the first in the list is still the one kept.
        let reversed: Vec<SourceFile> = files.iter().rev().cloned().collect();
        let kept = |copies: HashMap<usize, &SourceFile>| -> Vec<(usize, String)> {
            copies
                .into_iter()
                .map(|(i, f)| (i, f.display.clone()))
                .collect()
        };
        assert_eq!(kept(find(&reversed)), kept(copies));
    }

    #[test]
    fn the_same_records_are_one_report_and_no_records_are_none() {
        use crate::domain::{Locality, Record, Resource};
        let row = |commune: &str, row: u32| AcceptedRow {
            row,
            record: Record::Resource(Resource {
                locality: Locality {
                    names: [None, None, Some(commune.into()), None],
                },
                year: 2022,
                participations: 3,
                money: Default::default(),
                workdays: 10,
                land_m2: Default::default(),
            }),
        };
        let sheet = |title: &str| RawSheet::from_texts("Nguồn lực", false, &[&[title], &["Xã"]]);
        let key_under = |title: &str, rows: &[AcceptedRow]| {
            let mut hasher = ContentHasher::default();
            hasher.add(&sheet(title), rows);
            hasher.finish()
        };
        let key = |rows: &[AcceptedRow]| key_under("UBND HUYỆN MINH LONG", rows);
        let a = key(&[row("Long Sơn", 4), row("Long Mai", 5)]);
        assert!(a.is_some());
        assert_eq!(
            a,
            key(&[row("Long Sơn", 7), row("Long Mai", 8)]),
            "row numbers aside"
        );
        assert_ne!(
            a,
            key(&[row("Long Mai", 4), row("Long Sơn", 5)]),
            "in order"
        );
        assert_ne!(a, key(&[row("Long Sơn", 4)]));
        assert_ne!(
            a,
            key_under(
                "UBND XÃ LONG SƠN",
                &[row("Long Sơn", 4), row("Long Mai", 5)]
            ),
            "under another title"
        );
        assert_eq!(key(&[]), None);
        let file = |index: usize, name: &str| SourceFile {
            index,
            path: name.into(),
            display: name.to_owned(),
            format: FileFormat::Xlsx,
        };
        let mut files = [
            file(0, "xa-long-son.xlsx"),
            file(1, "xa-long-son.xls"),
            file(2, "b.xlsx"),
        ];
        files.sort_by_key(rank);
        let names: Vec<&str> = files.iter().map(|f| f.display.as_str()).collect();
        assert_eq!(names, ["b.xlsx", "xa-long-son.xls", "xa-long-son.xlsx"]);
        let (a, b) = (a.expect("key"), key(&[row("Thanh An", 4)]).expect("key"));
        let mut reports = SameReports::default();
        let read = |file, rejected| ReadFile {
            file,
            holds: FileFormat::Xlsx,
            rejected,
        };
        assert!(reports.counted_before(read(&files[0], 0), b).is_none());
        assert!(reports.counted_before(read(&files[1], 1), a).is_none());
        let counted = reports.counted_before(read(&files[2], 0), a);
        assert_eq!(
            counted.map(|kept| (kept.file.index, kept.rejected)),
            Some((1, 1))
        );
        assert_eq!(reports.counted_instead_of(0).map(|f| f.index), Some(1));
        assert!(reports.counted_instead_of(1).is_none());
    }
}
