//! One commune given twice through a summary: its spreadsheet beside its
//! `tong-hop.json`, or two `tong-hop.json` of it (one re-run with another
//! `--from`/`--to`). A summary's bytes and rows differ from the
//! spreadsheet's, so neither [`super::copies`] nor [`super::versions`] can
//! see it; what they share is the places (tỉnh › huyện › xã) they report.
//! As for versions, nothing says which of the two is right, so both are
//! counted and the later file (in merge order) gets a problem naming both
//! and the shared places; no figure changes here. Unlike versions (rows
//! alike, which can be two reports), a place that two counted files both
//! report is, but for a rare split of one commune's records, counted twice:
//! that problem is an error (see `overlap_of`).
//!
//! Only pairs with a summary in them are compared: a commune's spreadsheets
//! (its models in one file, its works in another) share their places by
//! design. For the same reason two files meet only on a kind of record both
//! hold for the place (models, works, resources, dialogues): a summary of a
//! commune's models and one of its works count nothing twice. A summary
//! keeps its models by place (`localities`) but not its other records, so
//! those count for every place it reports. Summaries are merged before any
//! spreadsheet, so only summaries are kept for the files met after them.
//! Places are compared by their folded key (as `reporting_places`), and
//! only places with a commune: rows that count at the province or district
//! name no one commune. A commune named less fully ("Cam Lộ" where the
//! summary says "Quảng Trị › Cam Lộ") is the place that names it more
//! fully when only one does, as the tables count it
//! ([`crate::aggregate::fuller_places`]).

use crate::aggregate::{locality_key, Summary};
use crate::domain::{Record, SharedText};
use crate::ingest::{FileFormat, SourceFile};
use crate::normalise::AcceptedRow;
use std::collections::{BTreeMap, HashMap};

/// A place down to the commune: the folded key of tỉnh, huyện, xã.
type PlaceKey = [SharedText; 3];

/// Summaries of one place kept for later files, at most: a place named by
/// hundreds of summaries must not make the run quadratic.
const MAX_PER_PLACE: usize = 256;

/// Kinds of record a file holds for a place, one bit each.
type Kinds = u8;
const MODELS: Kinds = 1;
const WORKS: Kinds = 2;
const RESOURCES: Kinds = 4;
const DIALOGUES: Kinds = 8;

/// The kind of a record that names a place.
fn kind_of(record: &Record) -> Kinds {
    match record {
        Record::Model(_) => MODELS,
        Record::Work(_) => WORKS,
        Record::Resource(_) => RESOURCES,
        Record::Dialogue(_) => DIALOGUES,
        Record::Commendation(_) | Record::FocusLocality(_) => 0,
    }
}

/// The communes a file reports, by key, each with its names as written
/// ("Tân Phú (Đồng Phú, Bình Phước)") and the kinds of record it holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct PlaceSet {
    places: BTreeMap<PlaceKey, (String, Kinds)>,
}

/// Collects a spreadsheet's communes sheet by sheet, as it is read.
#[derive(Default)]
pub(super) struct PlaceNames {
    set: PlaceSet,
}

impl PlaceNames {
    /// Adds the communes that the accepted rows of a sheet name.
    pub(super) fn add(&mut self, rows: &[AcceptedRow]) {
        // Rows run by place and share their names: each path folded once.
        let mut seen: foldhash::HashSet<([usize; 3], Kinds)> = Default::default();
        for row in rows {
            let Some(locality) = row.record.locality() else {
                continue;
            };
            let [province, district, commune, _] = &locality.names;
            if commune.is_none() {
                continue;
            }
            let kind = kind_of(&row.record);
            let held = [province, district, commune]
                .map(|n| n.as_ref().map_or(0, |n| n.as_ptr() as usize));
            if !seen.insert((held, kind)) {
                continue;
            }
            let names = [province.clone(), district.clone(), commune.clone(), None];
            let key = place_key(&locality_key(&names));
            self.set
                .places
                .entry(key)
                .or_insert_with(|| (shown(&names[..3]), 0))
                .1 |= kind;
        }
    }

    pub(super) fn finish(self) -> PlaceSet {
        self.set
    }
}

impl PlaceSet {
    /// A summary's communes: the places it reports (`reporting_places`),
    /// or, in files written before those were kept, its localities; named
    /// as its localities spell them.
    pub(super) fn of_summary(summary: &Summary) -> PlaceSet {
        let mut spelled: HashMap<PlaceKey, String> = HashMap::new();
        for (key, tally) in &summary.localities {
            if !key[2].is_empty() {
                spelled
                    .entry(place_key(key))
                    .or_insert_with(|| shown(&tally.names[..3]));
            }
        }
        let keys: Vec<PlaceKey> = if summary.reporting_places.is_empty() {
            spelled.keys().cloned().collect()
        } else {
            summary
                .reporting_places
                .iter()
                .filter(|key| !key[2].is_empty())
                .map(place_key)
                .collect()
        };
        let resources = summary.resources != Default::default();
        let dialogues = summary.dialogues != Default::default();
        let others = [
            (!summary.works.is_empty(), WORKS),
            (resources, RESOURCES),
            (dialogues, DIALOGUES),
        ]
        .into_iter()
        .filter(|(held, _)| *held)
        .fold(0, |kinds, (_, kind)| kinds | kind);
        let places = keys
            .into_iter()
            .filter_map(|key| {
                let (name, kinds) = match spelled.get(&key) {
                    Some(name) => (name.clone(), MODELS | others),
                    // A place without models has no spelling kept: its key
                    // is its name, lower-cased.
                    None => {
                        let names = key.clone().map(|k| (!k.is_empty()).then_some(k));
                        (shown(&names), others)
                    }
                };
                (kinds != 0).then_some((key, (name, kinds)))
            })
            .collect();
        PlaceSet { places }
    }
}

fn place_key(key: &crate::aggregate::LocalityKey) -> PlaceKey {
    [key[0].clone(), key[1].clone(), key[2].clone()]
}

/// "Tân Phú (Đồng Phú, Bình Phước)": the commune, then where it lies.
fn shown(names: &[Option<SharedText>]) -> String {
    let [province, district, commune] = [0, 1, 2].map(|i| {
        names
            .get(i)
            .and_then(|n| n.as_deref())
            .map(str::trim)
            .filter(|n| !n.is_empty())
    });
    let above: Vec<&str> = [district, province].into_iter().flatten().collect();
    match (commune, above.is_empty()) {
        (Some(c), true) => c.to_owned(),
        (Some(c), false) => format!("{c} ({})", above.join(", ")),
        (None, _) => above.join(", "),
    }
}

/// A file met before whose communes the later file reports too.
#[derive(Debug, Clone)]
pub(super) struct Overlap<'f> {
    pub earlier: &'f SourceFile,
    /// The shared communes, as the later file names them, in key order.
    pub places: Vec<String>,
}

/// The summaries met so far, by the communes they report.
#[derive(Debug, Default)]
pub(super) struct Overlaps<'f> {
    summaries: Vec<&'f SourceFile>,
    by_place: HashMap<PlaceKey, Vec<(usize, Kinds)>>,
    /// The places of `by_place` by their commune's key.
    by_commune: HashMap<SharedText, Vec<PlaceKey>>,
}

/// Whether `less` names no level that `more` does not name alike, and
/// is not `more`: "Cam Lộ" of "Quảng Trị › Cam Lộ".
fn names_less(less: &PlaceKey, more: &PlaceKey) -> bool {
    less != more && (0..2).all(|l| less[l].is_empty() || less[l] == more[l])
}

impl<'f> Overlaps<'f> {
    /// For a file met in merge order (and counted): the summaries met
    /// before it that report one of its communes, in the order they were
    /// met; a summary is then kept for the files met after it.
    pub(super) fn meet(&mut self, file: &'f SourceFile, set: PlaceSet) -> Vec<Overlap<'f>> {
        let mut found: BTreeMap<usize, Vec<String>> = BTreeMap::new();
        for (key, (name, kinds)) in &set.places {
            let mut slots: Vec<usize> = Vec::new();
            for place in self.same_place(key) {
                for &(slot, theirs) in self.by_place.get(place).into_iter().flatten() {
                    if kinds & theirs != 0 && !slots.contains(&slot) {
                        slots.push(slot);
                    }
                }
            }
            for slot in slots {
                found.entry(slot).or_default().push(name.clone());
            }
        }
        if file.format == FileFormat::Summary {
            let slot = self.summaries.len();
            self.summaries.push(file);
            for (key, (_, kinds)) in set.places {
                let known = self.by_commune.entry(key[2].clone()).or_default();
                if !known.contains(&key) {
                    known.push(key.clone());
                }
                let files = self.by_place.entry(key).or_default();
                if files.len() < MAX_PER_PLACE {
                    files.push((slot, kinds));
                }
            }
        }
        found
            .into_iter()
            .filter_map(|(slot, places)| {
                let earlier = *self.summaries.get(slot)?;
                Some(Overlap { earlier, places })
            })
            .collect()
    }

    /// The summaries' places that are `key`'s commune: `key` itself; the
    /// one place naming it more fully (none if two do: two provinces' Cam
    /// Lộ); places naming it less fully whose only fuller place is `key`.
    fn same_place<'k>(&'k self, key: &'k PlaceKey) -> Vec<&'k PlaceKey> {
        let known = self.by_commune.get(&key[2]).map_or(&[][..], Vec::as_slice);
        let mut same: Vec<&PlaceKey> = known.iter().filter(|k| *k == key).collect();
        let fuller: Vec<&PlaceKey> = known.iter().filter(|k| names_less(key, k)).collect();
        if let [only] = fuller[..] {
            same.push(only);
        }
        for less in known.iter().filter(|k| names_less(k, key)) {
            if !known.iter().any(|k| k != key && names_less(less, k)) {
                same.push(less);
            }
        }
        same
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{FieldRef, Locality, Model, ModelStatus, Record};

    fn row(province: &str, district: &str, commune: &str) -> AcceptedRow {
        let name = |s: &str| Some(s).filter(|s| !s.is_empty()).map(SharedText::from);
        AcceptedRow {
            row: 5,
            record: Record::Model(Model {
                name: "Hũ gạo tình thương".to_owned(),
                implementer: String::new(),
                locality: Locality {
                    names: [name(province), name(district), name(commune), name("Ấp 1")],
                },
                field: FieldRef {
                    field: 0,
                    subfield: None,
                },
                year: 2021,
                status: ModelStatus::Registered,
                exemplary: false,
                funding: None,
            }),
        }
    }

    fn places(rows: &[AcceptedRow]) -> PlaceSet {
        let mut names = PlaceNames::default();
        names.add(rows);
        names.finish()
    }

    fn file(index: usize, name: &str, format: FileFormat) -> SourceFile {
        SourceFile {
            index,
            path: name.into(),
            display: name.to_owned(),
            format,
        }
    }

    #[test]
    fn communes_are_named_as_written_and_rows_without_one_name_none() {
        let set = places(&[
            row("Bình Phước", "Đồng Phú", "Tân Phú"),
            row("Bình Phước", "Đồng Phú", "xã Tân Phú"),
            row("Bình Phước", "Đồng Phú", ""),
            row("", "", "Tân Lợi"),
        ]);
        let names: Vec<&(String, Kinds)> = set.places.values().collect();
        assert_eq!(
            names,
            [
                &("Tân Lợi".to_owned(), MODELS),
                &("Tân Phú (Đồng Phú, Bình Phước)".to_owned(), MODELS)
            ]
        );
    }

    #[test]
    fn a_summary_meets_the_files_of_its_communes_and_spreadsheets_do_not_meet() {
        let json = file(0, "tan-phu.json", FileFormat::Summary);
        let other = file(1, "tan-binh.json", FileFormat::Summary);
        let models = file(2, "tan-phu mo hinh.xlsx", FileFormat::Xlsx);
        let works = file(3, "tan-phu cong trinh.xlsx", FileFormat::Xlsx);
        let tan_phu = places(&[row("Bình Phước", "Đồng Phú", "Tân Phú")]);
        let tan_binh = places(&[row("Bình Phước", "Đồng Xoài", "Tân Bình")]);
        let mut overlaps = Overlaps::default();
        assert!(overlaps.meet(&json, tan_phu.clone()).is_empty());
        assert!(overlaps.meet(&other, tan_binh).is_empty());
        let met = overlaps.meet(&models, tan_phu.clone());
        assert_eq!(met.len(), 1);
        assert_eq!(met[0].earlier.display, "tan-phu.json");
        assert_eq!(met[0].places, ["Tân Phú (Đồng Phú, Bình Phước)"]);
        // Not kept: a spreadsheet is compared with summaries only.
        let met = overlaps.meet(&works, tan_phu);
        assert_eq!(met.len(), 1);
        assert_eq!(met[0].earlier.index, 0);
        // The same commune in another district is another place.
        let elsewhere = places(&[row("Bình Phước", "Bù Đăng", "Tân Phú")]);
        assert!(overlaps.meet(&works, elsewhere).is_empty());
        // Its works beside a summary of its models count nothing twice.
        let mut work = row("Bình Phước", "Đồng Phú", "Tân Phú");
        if let Record::Model(m) = work.record {
            work.record = Record::Work(crate::domain::Work {
                name: m.name,
                work_type: crate::domain::WorkTypeRef::Known(0),
                quantity: Default::default(),
                locality: m.locality,
                year: m.year,
                money: Default::default(),
            });
        }
        assert!(overlaps.meet(&works, places(&[work])).is_empty());
    }
    #[test]
    fn a_commune_named_less_fully_meets_its_only_fuller_place() {
        let quang_tri = file(0, "cam-lo.json", FileFormat::Summary);
        let sheet = file(1, "ban-dan-van.xlsx", FileFormat::Xlsx);
        let cam_lo = places(&[row("", "", "Cam Lộ")]);
        let mut overlaps = Overlaps::default();
        assert!(overlaps
            .meet(&quang_tri, places(&[row("Quảng Trị", "", "Cam Lộ")]))
            .is_empty());
        let met = overlaps.meet(&sheet, cam_lo.clone());
        assert_eq!(met.len(), 1);
        assert_eq!(met[0].places, ["Cam Lộ"]);
        // Another province's Cam Lộ: the sheet's could be either.
        let nghe_an = file(2, "nghe-an.json", FileFormat::Summary);
        overlaps.meet(&nghe_an, places(&[row("Nghệ An", "", "Cam Lộ")]));
        assert!(overlaps.meet(&sheet, cam_lo).is_empty());
        // Named more fully than a summary's only "Cam Lộ": that one.
        let mut overlaps = Overlaps::default();
        let short = file(0, "ban.json", FileFormat::Summary);
        overlaps.meet(&short, places(&[row("", "", "Cam Lộ")]));
        let full = places(&[row("Quảng Trị", "", "Cam Lộ")]);
        assert_eq!(overlaps.meet(&sheet, full).len(), 1);
        // Levels that disagree are two places.
        let other = places(&[row("Quảng Trị", "Gio Linh", "Cam Lộ")]);
        let mut overlaps = Overlaps::default();
        overlaps.meet(&quang_tri, places(&[row("Quảng Trị", "Cam Lộ", "Cam Lộ")]));
        assert!(overlaps.meet(&sheet, other).is_empty());
    }
}
