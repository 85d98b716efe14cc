//! Place names written without any diacritics ("Quang Ngai"), and where
//! they were written: what the check for a place typed without a
//! Vietnamese keyboard (`pipeline::place_accents`) needs once every file is
//! read. Only collected and merged here; no name is changed or merged.

use super::summary::{locality_key, LocalityKey};
use crate::domain::{LocalityLevel, Record, SharedText};
use crate::normalise::AcceptedRow;
use foldhash::{HashMap, HashMapExt};
use std::collections::BTreeMap;

/// Rows kept per sheet for the warning (it names the first few, counts all).
pub const ROWS_KEPT: usize = 5;

/// True for a name with letters and no diacritic at all: "Quang Ngai",
/// "Long Mon" (an "đ" is a diacritic too). Names are NFC, so a mark is
/// never a plain ASCII byte.
pub fn is_unaccented(name: &str) -> bool {
    name.is_ascii() && name.bytes().any(|b| b.is_ascii_alphabetic())
}

/// The rows of one sheet that wrote the name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetRows {
    pub sheet: SharedText,
    /// The first [`ROWS_KEPT`] rows, in order.
    pub rows: Vec<u32>,
    /// All of them.
    pub count: u64,
}

/// Where a file's sheet is: (file index, file as shown, sheet index).
pub type SheetAt = (usize, SharedText, usize);

/// One name without diacritics at one place of the path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnaccentedPlace {
    /// As written first (files in path order, rows in order).
    pub spelling: SharedText,
    pub first_seen: (usize, u32),
    pub sheets: BTreeMap<SheetAt, SheetRows>,
}

/// Names without diacritics, by level and the place's key down to that
/// level (the keys of `Summary::localities`, cut there).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnaccentedPlaces(pub BTreeMap<(LocalityLevel, Vec<SharedText>), UnaccentedPlace>);

impl UnaccentedPlaces {
    /// Notes the names without diacritics that a sheet's accepted rows
    /// write. Hamlets count as places only in the models' table, so only
    /// models' hamlets are noted.
    pub fn add_sheet(&mut self, at: SheetAt, sheet: &str, rows: &[AcceptedRow]) {
        type Found = (SharedText, u32, Vec<u32>, u64);
        let mut found: HashMap<(LocalityLevel, Vec<SharedText>), Found> = HashMap::new();
        // Rows run by place: a path's key is made once per run of it.
        let mut last: Option<(&[Option<SharedText>; 4], LocalityKey)> = None;
        for row in rows {
            let Some(locality) = row.record.locality() else {
                continue;
            };
            let names = &locality.names;
            let model = matches!(row.record, Record::Model(_));
            let unaccented = |level: LocalityLevel| {
                names[level.index()]
                    .as_ref()
                    .filter(|n| is_unaccented(n) && (model || level != LocalityLevel::Hamlet))
            };
            if !LocalityLevel::ALL
                .into_iter()
                .any(|l| unaccented(l).is_some())
            {
                continue;
            }
            let key = match &last {
                Some((held, key)) if *held == names => key.clone(),
                _ => {
                    let key = locality_key(names);
                    last = Some((names, key.clone()));
                    key
                }
            };
            for level in LocalityLevel::ALL {
                let Some(name) = unaccented(level) else {
                    continue;
                };
                let place = (level, key[..=level.index()].to_vec());
                let entry = found
                    .entry(place)
                    .or_insert_with(|| (name.clone(), row.row, Vec::new(), 0));
                if entry.2.len() < ROWS_KEPT {
                    entry.2.push(row.row);
                }
                entry.3 += 1;
            }
        }
        let sheet: SharedText = sheet.into();
        for (place, (spelling, first_row, rows, count)) in found {
            let mut sheets = BTreeMap::new();
            sheets.insert(
                at.clone(),
                SheetRows {
                    sheet: sheet.clone(),
                    rows,
                    count,
                },
            );
            self.add(
                place,
                UnaccentedPlace {
                    spelling,
                    first_seen: (at.0, first_row),
                    sheets,
                },
            );
        }
    }

    fn add(&mut self, place: (LocalityLevel, Vec<SharedText>), theirs: UnaccentedPlace) {
        let Some(mine) = self.0.get_mut(&place) else {
            self.0.insert(place, theirs);
            return;
        };
        if theirs.first_seen < mine.first_seen {
            mine.spelling = theirs.spelling;
            mine.first_seen = theirs.first_seen;
        }
        for (at, rows) in theirs.sheets {
            match mine.sheets.get_mut(&at) {
                // One sheet met twice (a file read once per kind of sheet
                // would do it): its rows together, the first ones kept.
                Some(held) => {
                    held.rows.extend(rows.rows);
                    held.rows.sort_unstable();
                    held.rows.dedup();
                    held.rows.truncate(ROWS_KEPT);
                    held.count += rows.count;
                }
                None => {
                    mine.sheets.insert(at, rows);
                }
            }
        }
    }

    /// Adds another summary's names; the spelling seen first wins.
    pub fn merge(&mut self, other: UnaccentedPlaces) {
        for (place, theirs) in other.0 {
            self.add(place, theirs);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_unaccented_only_without_any_mark() {
        for name in [
            "Quang Ngai",
            "Long Mon",
            "LONG MON",
            "Xa Long Mon",
            "Thon 1",
        ] {
            assert!(is_unaccented(name), "{name}");
        }
        // Every mark counts, "đ" too; a number is no name.
        for name in [
            "Quảng Ngãi",
            "Long Môn",
            "Long Mơn",
            "Dak Đoa",
            "1",
            "12 - 3",
        ] {
            assert!(!is_unaccented(name), "{name}");
        }
    }
}
