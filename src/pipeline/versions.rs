//! Two versions of one report: "xa-long-son.xlsx" and, beside it, the
//! corrected "xa-long-son (sua lai).xlsx" with a few rows changed. Unlike a
//! copy ([`super::copies`]), nothing says which of the two is right, so both
//! are counted as before and the later one (in [`super::copies::rank`]
//! order) gets a warning naming both; no figure changes here.
//!
//! In the worker, a file's accepted models and works become a set of 32-bit
//! keys of (kind, name as typed, folded locality path, year), and the places
//! (tỉnh › huyện › xã) they name. At merge time, in rank order, a file is
//! compared only with the files met before it that name one of its places,
//! by walking the two sorted sets: a nation's thousands of communes each
//! meet their own few files, not each other.
//!
//! The same key, before it is cut to 32 bits, tells the records a file
//! repeats itself ([`super::repeats`]).

use super::repeats::{Repeat, RowKeys};
use crate::aggregate::locality_key;
use crate::domain::{Record, SharedText};
use crate::ingest::SourceFile;
use crate::normalise::AcceptedRow;
use std::collections::HashMap;
use xxhash_rust::xxh3::{xxh3_64, xxh3_64_with_seed};

/// Records two files must share, at the least, to be two versions: two
/// communes' lists may well share a name or two ("Hũ gạo tình thương").
pub(super) const MIN_SHARED: usize = 3;

/// Files of one place compared with a later file of that place, at most: a
/// place named by hundreds of files (files without a Xã column, whose rows
/// all count at the province) must not make the run quadratic.
const MAX_PER_PLACE: usize = 256;

/// The key's top bit: set for a work, clear for a model, so sorted sets hold
/// the models first and a shared key says which it is.
const WORK_BIT: u32 = 1 << 31;

/// Whether two files sharing `shared` record keys, the smaller of which has
/// `smaller` keys, are probably two versions of one report: at least
/// [`MIN_SHARED`] records, and at least half of the smaller file's.
pub(super) fn probably_versions(shared: usize, smaller: usize) -> bool {
    shared >= MIN_SHARED && 2 * shared >= smaller
}

/// A file's models and works, as keys (sorted, each once), and the places
/// they name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RecordSet {
    keys: Box<[u32]>,
    /// The row of each key's first record, beside `keys`: for the warning
    /// on this file only, dropped once the file is met (a nation's files
    /// are kept to be met by later ones, and their rows would weigh).
    rows: Box<[u32]>,
    places: Box<[u64]>,
}

/// Builds a file's [`RecordSet`] sheet by sheet, as it is read, and the
/// keys of its rows for the records it repeats itself ([`super::repeats`]).
#[derive(Default)]
pub(super) struct RecordKeys {
    /// (key, row) of each model and work.
    keys: Vec<(u32, u32)>,
    places: Vec<u64>,
    rows: RowKeys,
    buffer: Vec<u8>,
}

impl RecordKeys {
    /// Adds the accepted models and works of the file's sheet
    /// `sheet_index`; other records name no thing a clerk would call the
    /// same twice.
    pub(super) fn add(&mut self, sheet_index: usize, rows: &[AcceptedRow]) {
        // A sheet names a few places on many rows, each held once (shared):
        // each path folded once, found again by where its names are held.
        let mut paths: foldhash::HashMap<[usize; 4], u64> = Default::default();
        for row in rows {
            let (kind, name, locality, year) = match &row.record {
                Record::Model(m) => (0, &m.name, &m.locality, m.year),
                Record::Work(w) => (WORK_BIT, &w.name, &w.locality, w.year),
                _ => continue,
            };
            let held = locality
                .names
                .each_ref()
                .map(|n| n.as_ref().map_or(0, |n| n.as_ptr() as usize));
            let path = *paths.entry(held).or_insert_with(|| {
                let key = locality_key(&locality.names);
                let (place, path) = (fold_hash(&key[..3]), fold_hash(&key));
                self.places.push(place);
                path
            });
            self.buffer.clear();
            name_key_into(name, &mut self.buffer);
            let seed = path ^ u64::from(year.unsigned_abs()).wrapping_mul(0x9E37_79B9_7F4A_7C15);
            // The low 31 bits of a 64-bit hash: two files of one place with
            // a few hundred records each meet by chance about once in 10^4
            // pairs for one key, and never for the several a warning needs.
            let hash = xxh3_64_with_seed(&self.buffer, seed);
            self.keys.push((kind | (hash as u32 & !WORK_BIT), row.row));
            // A row without a name names no one thing to have written twice.
            if !self.buffer.is_empty() {
                self.rows
                    .push(sheet_index, row.row, &row.record, hash, &mut self.buffer);
            }
        }
    }

    /// The rows of the file that repeat a record of the file met before
    /// them; the set itself is still to [`finish`](Self::finish).
    pub(super) fn repeats(&mut self) -> Vec<Repeat> {
        let rows = std::mem::take(&mut self.rows);
        // Rows of one record share their 32-bit key too: a file whose keys
        // are all distinct (most files) repeats nothing, and its rows need
        // no sorting. The keys are sorted here for `finish` anyway.
        self.keys.sort_unstable();
        if self.keys.windows(2).all(|pair| pair[0].0 != pair[1].0) {
            return Vec::new();
        }
        rows.repeats()
    }

    /// The set, or `None` when it is too small to be a version of anything.
    pub(super) fn finish(mut self) -> Option<RecordSet> {
        // Sorted by key, then row: each key keeps its first row.
        self.keys.sort_unstable();
        self.keys.dedup_by_key(|(key, _)| *key);
        if self.keys.len() < MIN_SHARED {
            return None;
        }
        self.places.sort_unstable();
        self.places.dedup();
        Some(RecordSet {
            keys: self.keys.iter().map(|(key, _)| *key).collect(),
            rows: self.keys.iter().map(|(_, row)| *row).collect(),
            places: self.places.into_boxed_slice(),
        })
    }
}

/// A name as typed, give or take spaces, punctuation and the case of its
/// plain letters: a corrected version keeps its names as they were typed.
/// Much lighter than `fold_key` (no decomposition, no tone moved, no
/// table lookup per letter), which cost a region's run 8 % for spellings
/// a copy-and-correct does not make.
pub(super) fn name_key_into(name: &str, out: &mut Vec<u8>) {
    for byte in name.bytes() {
        if byte.is_ascii_alphanumeric() {
            out.push(byte.to_ascii_lowercase());
        } else if !byte.is_ascii() {
            out.push(byte);
        }
    }
}

/// A hash of folded texts, each ended by a separator so "a b" + "" and
/// "a" + "b" differ.
fn fold_hash(parts: &[SharedText]) -> u64 {
    let mut bytes = Vec::with_capacity(64);
    for part in parts {
        bytes.extend_from_slice(part.as_bytes());
        bytes.push(0x1f);
    }
    xxh3_64(&bytes)
}

/// A file met before, whose records the later file shares.
#[derive(Debug, Clone)]
pub(super) struct Shared<'f> {
    pub earlier: &'f SourceFile,
    pub models: usize,
    pub works: usize,
    /// The later file's rows holding them: (models, works).
    pub rows: (Vec<u32>, Vec<u32>),
}

/// The counted files met so far, by the places they name.
#[derive(Debug, Default)]
pub(super) struct Versions<'f> {
    files: Vec<(&'f SourceFile, RecordSet)>,
    by_place: HashMap<u64, Vec<usize>>,
}

impl<'f> Versions<'f> {
    /// For a file met in rank order (and counted): the files met before it
    /// of which it is probably another version, in the order they were met;
    /// then the file is kept for those met after it.
    pub(super) fn meet(&mut self, file: &'f SourceFile, mut set: RecordSet) -> Vec<Shared<'f>> {
        let mut candidates: Vec<usize> = set
            .places
            .iter()
            .filter_map(|place| self.by_place.get(place))
            .flatten()
            .copied()
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        let found = candidates
            .into_iter()
            .filter_map(|i| {
                let (earlier, other) = &self.files[i];
                let (models, works) = shared_keys(&set.keys, &other.keys);
                let smaller = set.keys.len().min(other.keys.len());
                probably_versions(models + works, smaller).then(|| Shared {
                    earlier,
                    models,
                    works,
                    rows: shared_rows(&set, &other.keys),
                })
            })
            .collect();
        set.rows = Box::default();
        let slot = self.files.len();
        for place in set.places.iter() {
            let files = self.by_place.entry(*place).or_default();
            if files.len() < MAX_PER_PLACE {
                files.push(slot);
            }
        }
        self.files.push((file, set));
        found
    }
}

/// The rows of `set` whose keys `other` holds too: (models, works), in
/// the keys' order (the warning puts them in order).
fn shared_rows(set: &RecordSet, other: &[u32]) -> (Vec<u32>, Vec<u32>) {
    let (mut models, mut works) = (Vec::new(), Vec::new());
    for (key, row) in set.keys.iter().zip(set.rows.iter()) {
        if other.binary_search(key).is_ok() {
            match key & WORK_BIT {
                0 => models.push(*row),
                _ => works.push(*row),
            }
        }
    }
    (models, works)
}

/// Keys in both sorted sets: (models, works).
fn shared_keys(a: &[u32], b: &[u32]) -> (usize, usize) {
    let (mut i, mut j) = (0, 0);
    let (mut models, mut works) = (0, 0);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                if x & WORK_BIT == 0 {
                    models += 1;
                } else {
                    works += 1;
                }
                i += 1;
                j += 1;
            }
        }
    }
    (models, works)
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::domain::{FieldRef, Locality, Model, ModelStatus, Work, WorkTypeRef};
    use crate::ingest::FileFormat;

    fn locality(commune: &str, hamlet: &str) -> Locality {
        let name = |s: &str| Some(s).filter(|s| !s.is_empty()).map(SharedText::from);
        Locality {
            names: [name("Quảng Ngãi"), None, name(commune), name(hamlet)],
        }
    }

    fn model(name: &str, commune: &str, year: i32) -> AcceptedRow {
        model_row(5, name, "", locality(commune, "Ấp 1"), year)
    }

    /// A registered model of field 0 on `row`.
    pub(in crate::pipeline) fn model_row(
        row: u32,
        name: &str,
        implementer: &str,
        locality: Locality,
        year: i32,
    ) -> AcceptedRow {
        AcceptedRow {
            row,
            record: Record::Model(Model {
                name: name.to_owned(),
                implementer: implementer.to_owned(),
                locality,
                field: FieldRef {
                    field: 0,
                    subfield: None,
                },
                year,
                status: ModelStatus::Registered,
                exemplary: false,
                funding: None,
            }),
        }
    }

    fn work(name: &str, commune: &str, year: i32) -> AcceptedRow {
        AcceptedRow {
            row: 5,
            record: Record::Work(Work {
                name: name.to_owned(),
                work_type: WorkTypeRef::Known(0),
                quantity: Default::default(),
                locality: locality(commune, "Ấp 1"),
                year,
                money: Default::default(),
            }),
        }
    }

    fn set(rows: &[AcceptedRow]) -> Option<RecordSet> {
        let mut keys = RecordKeys::default();
        keys.add(0, rows);
        keys.finish()
    }

    fn file(index: usize, name: &str) -> SourceFile {
        SourceFile {
            index,
            path: name.into(),
            display: name.to_owned(),
            format: FileFormat::Xlsx,
        }
    }

    /// Ten models of `commune`, named by `names` (padded with its own).
    fn ten(commune: &str, names: &[&str]) -> Vec<AcceptedRow> {
        (0..10)
            .map(|i| {
                let own = format!("Mô hình {i} của {commune}");
                model(names.get(i).copied().unwrap_or(&own), commune, 2021)
            })
            .collect()
    }

    #[test]
    fn the_rule_wants_a_few_records_and_half_of_the_smaller_file() {
        // (shared, keys of the smaller file, versions?)
        let cases = [
            (0, 10, false),
            (2, 10, false),
            (2, 2, false),
            (2, 3, false),
            (3, 3, true),
            (3, 6, true),
            (3, 7, false),
            (4, 10, false),
            (5, 10, true),
            (9, 10, true),
            (30, 60, true),
            (29, 60, false),
        ];
        for (shared, smaller, expected) in cases {
            assert_eq!(
                probably_versions(shared, smaller),
                expected,
                "{shared} of {smaller}"
            );
        }
    }

    #[test]
    fn keys_fold_spelling_but_not_place_year_or_kind() {
        let one = |row: AcceptedRow| set(&[row.clone(), row.clone(), row]);
        // Three equal rows are one key: too few to be anything.
        assert_eq!(one(model("Hũ gạo", "Long Sơn", 2021)), None);
        let keys = |rows: &[AcceptedRow]| set(rows).map(|s| s.keys);
        let base = keys(&[
            model("Hũ gạo tình thương", "Long Sơn", 2021),
            model("Camera an ninh", "Long Sơn", 2021),
            work("Đường bê tông", "Long Sơn", 2022),
        ]);
        assert!(base.is_some());
        assert_eq!(
            base,
            keys(&[
                model("Hũ gạo  tình thương", "Long Sơn", 2021),
                model("camera an ninh", "xã Long Sơn", 2021),
                work("Đường bê tông.", "LONG SƠN", 2022),
            ]),
            "spaces, punctuation, plain letters' case and the commune's own word aside"
        );
        for other in [
            [
                model("Hũ gạo tình thương", "Long Mai", 2021),
                model("Camera an ninh", "Long Sơn", 2021),
                work("Đường bê tông", "Long Sơn", 2022),
            ],
            [
                model("Hũ gạo tình thương", "Long Sơn", 2020),
                model("Camera an ninh", "Long Sơn", 2021),
                work("Đường bê tông", "Long Sơn", 2022),
            ],
            [
                work("Hũ gạo tình thương", "Long Sơn", 2021),
                model("Camera an ninh", "Long Sơn", 2021),
                work("Đường bê tông", "Long Sơn", 2022),
            ],
        ] {
            assert_ne!(base, keys(&other), "{other:?}");
        }
    }

    #[test]
    fn a_corrected_version_is_met_and_another_commune_is_not() {
        let first = ten("Long Sơn", &[]);
        // Two rows renamed, one added.
        let mut corrected = first.clone();
        corrected[3] = model("Mô hình sửa tên", "Long Sơn", 2021);
        corrected[7] = model("Mô hình 7 của Long Sơn", "Long Sơn", 2022);
        corrected.push(work("Cầu bê tông", "Long Sơn", 2023));
        let common = ["Hũ gạo tình thương", "Camera an ninh"];
        let files = [
            file(0, "xa-long-son.xlsx"),
            file(1, "xa-long-mai.xlsx"),
            file(2, "xa-long-son-v2.xlsx"),
            file(3, "xa-long-hiep.xlsx"),
        ];
        let mut versions = Versions::default();
        let sets = [
            set(&first),
            set(&ten("Long Mai", &common)),
            set(&corrected),
            set(&ten("Long Hiệp", &common)),
        ];
        let met: Vec<Vec<(usize, usize, usize)>> = files
            .iter()
            .zip(sets)
            .map(|(file, set)| {
                versions
                    .meet(file, set.expect("set"))
                    .iter()
                    .map(|s| (s.earlier.index, s.models, s.works))
                    .collect()
            })
            .collect();
        assert_eq!(met, [vec![], vec![], vec![(0, 8, 0)], vec![]]);
    }

    #[test]
    fn without_a_commune_common_names_stay_below_half() {
        // Rows that all count at the province: 2 names of 10 alike.
        let blank = |names: &[&str], tag: &str| -> Vec<AcceptedRow> {
            (0..10)
                .map(|i| {
                    let own = format!("Mô hình {tag} {i}");
                    model(names.get(i).copied().unwrap_or(&own), "", 2021)
                })
                .collect()
        };
        let common = ["Hũ gạo tình thương", "Camera an ninh"];
        let files = [file(0, "a.xlsx"), file(1, "b.xlsx")];
        let mut versions = Versions::default();
        let a = set(&blank(&common, "a")).expect("set");
        let b = set(&blank(&common, "b")).expect("set");
        assert!(versions.meet(&files[0], a).is_empty());
        assert!(versions.meet(&files[1], b).is_empty());
    }
}
