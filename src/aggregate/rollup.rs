//! A summary written whole into `tong-hop.json` (key `rollup`) and read back
//! as an input, so communes → province → nation can each send a summary up
//! instead of their spreadsheets.
//!
//! Everything is an integer (đồng, thousandths of a unit, counts), so a
//! summary read back merges exactly as the one written. Fields and work
//! types are named, not numbered, so a summary made with another
//! configuration is matched by name or refused, never misfiled.

use super::summary::locality_key;
use super::{
    CommendationTally, FieldTally, FileReport, FileStatus, Funds, LocalityTally, OutstandingModel,
    Summary, WorkKey, WorkTally,
};
use crate::config::Taxonomy;
use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::domain::{Money, Quantity, SharedText};
use crate::normalise::fold::fold_key;
use crate::normalise::{Period, RowCounts, SkipReason};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use unicode_normalization::UnicodeNormalization;

/// The version of the `rollup` key's layout.
pub const ROLLUP_VERSION: u32 = 1;

/// A whole summary, as written under `rollup`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rollup {
    pub version: u32,
    /// The bounds the summary was built with (`--from`/`--to`), if given.
    pub bounds: Bounds,
    /// Earliest and latest year among the rows read.
    pub years: Option<(i32, i32)>,
    pub rows: RowCounts,
    pub skipped_by_reason: BTreeMap<SkipReason, u64>,
    pub models: Models,
    pub localities: Vec<LocalityLine>,
    pub works: Vec<WorkLine>,
    pub resources: Resources,
    pub commendations: Vec<CommendationLine>,
    pub dialogues: (i64, i64),
    /// Each focus locality's comparison key, written in NFC (like every
    /// text of the JSON) and folded again when read.
    pub focus_localities: Vec<[String; 4]>,
    /// The places that reported, keyed like the focus localities. Added
    /// after version 1 was written: absent in older files.
    #[serde(default)]
    pub reporting_places: Vec<[String; 4]>,
    pub funding_by_year: Vec<(i32, Split)>,
    pub outstanding: Vec<OutstandingLine>,
    /// Added after version 1 was written: absent in older files.
    #[serde(default)]
    pub hamlet_headers: Vec<String>,
    /// How many of the summary's errors say a place was counted twice (see
    /// [`Summary::counted_twice`]), so the level above says so too. Added
    /// after version 1 was written: absent in older files, and left out
    /// when zero.
    #[serde(default, skip_serializing_if = "is_zero_count")]
    pub counted_twice: u64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Bounds {
    pub from: Option<i32>,
    pub to: Option<i32>,
}

impl From<Period> for Bounds {
    fn from(period: Period) -> Self {
        Bounds {
            from: period.from,
            to: period.to,
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Split {
    pub total: i64,
    pub state_budget: i64,
    pub mobilized: i64,
    /// How much rows' two sources exceed their totals (see [`Funds`]).
    /// Added after version 1 was written: absent in older files, and
    /// left out when zero.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub overstated: i64,
}

fn is_zero(n: &i64) -> bool {
    *n == 0
}

fn is_zero_count(n: &u64) -> bool {
    *n == 0
}

impl From<Funds> for Split {
    fn from(b: Funds) -> Self {
        Split {
            total: b.total.dong(),
            state_budget: b.state_budget.dong(),
            mobilized: b.mobilized.dong(),
            overstated: b.overstated.dong(),
        }
    }
}

impl From<Split> for Funds {
    fn from(s: Split) -> Self {
        Funds {
            total: Money::from_dong(s.total),
            state_budget: Money::from_dong(s.state_budget),
            mobilized: Money::from_dong(s.mobilized),
            overstated: Money::from_dong(s.overstated),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Models {
    pub total: u64,
    pub effective: u64,
    pub stopped: u64,
    pub exemplary: u64,
    pub funding: i64,
    pub by_field: Vec<FieldLine>,
    pub by_year: Vec<(i32, u64)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldLine {
    pub field: String,
    pub total: u64,
    pub effective: u64,
    /// Subfield name, total, effective.
    pub subfields: Vec<(String, u64, u64)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalityLine {
    pub names: [Option<SharedText>; 4],
    pub total: u64,
    pub effective: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkLine {
    #[serde(rename = "type")]
    pub work_type: String,
    pub unit: String,
    /// A type of the configuration (matched by name), or one kept as written.
    pub known: bool,
    pub count: u64,
    pub quantity_milli: i64,
    pub funding: Split,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resources {
    pub funding: Split,
    pub participations: i64,
    pub workdays: i64,
    pub land_milli: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommendationLine {
    pub form: String,
    pub collective: u64,
    pub individual: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutstandingLine {
    pub name: String,
    pub implementer: String,
    pub commune: Option<String>,
    pub district: Option<String>,
}

/// A line of the top-level `files` key, as read back.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct FileLine {
    pub file: String,
    pub status: String,
    pub read: u64,
    pub accepted: u64,
    pub skipped: u64,
    pub rejected: u64,
    #[serde(default)]
    pub skipped_by_reason: BTreeMap<SkipReason, u64>,
    #[serde(default)]
    pub errors: u64,
    #[serde(default)]
    pub warnings: u64,
}

/// A line of the top-level `problems` key, as read back.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ProblemLine {
    pub file: String,
    pub sheet: Option<String>,
    #[serde(default)]
    pub sheet_index: usize,
    pub row: Option<u32>,
    #[serde(default)]
    pub column_index: Option<u32>,
    pub column: Option<String>,
    pub severity: Severity,
    pub message: String,
}

impl Rollup {
    /// The whole of `summary`, built with `bounds`.
    pub fn of(summary: &Summary, taxonomy: &Taxonomy, bounds: Bounds) -> Rollup {
        let m = &summary.models;
        let field_name = |i: usize| taxonomy.fields.get(i).map_or("", |f| f.name.as_str());
        Rollup {
            version: ROLLUP_VERSION,
            bounds,
            years: summary.years,
            rows: summary.rows,
            skipped_by_reason: summary.skipped_by_reason.clone(),
            models: Models {
                total: m.total,
                effective: m.effective,
                stopped: m.stopped,
                exemplary: m.exemplary,
                funding: m.funding.dong(),
                by_field: m
                    .by_field
                    .iter()
                    .map(|(&i, t)| FieldLine {
                        field: field_name(i).to_owned(),
                        total: t.total,
                        effective: t.effective,
                        subfields: t
                            .subfields
                            .iter()
                            .map(|(&s, &(total, effective))| {
                                let name = taxonomy
                                    .fields
                                    .get(i)
                                    .and_then(|f| f.subfields.get(s))
                                    .map_or("", |s| s.name.as_str());
                                (name.to_owned(), total, effective)
                            })
                            .collect(),
                    })
                    .collect(),
                by_year: m.by_year.iter().map(|(&y, &n)| (y, n)).collect(),
            },
            localities: summary
                .localities
                .values()
                .map(|l| LocalityLine {
                    names: l.names.clone(),
                    total: l.total,
                    effective: l.effective,
                })
                .collect(),
            works: summary
                .works
                .iter()
                .map(|(key, w)| WorkLine {
                    work_type: w.name.clone(),
                    unit: w.unit.clone(),
                    known: matches!(key, WorkKey::Known(_)),
                    count: w.count,
                    quantity_milli: w.quantity.milli(),
                    funding: w.money.into(),
                })
                .collect(),
            resources: Resources {
                funding: summary.resources.money.into(),
                participations: summary.resources.participations,
                workdays: summary.resources.workdays,
                land_milli: summary.resources.land_m2.milli(),
            },
            commendations: summary
                .commendations
                .values()
                .map(|c| CommendationLine {
                    form: c.form.clone(),
                    collective: c.collective,
                    individual: c.individual,
                })
                .collect(),
            dialogues: (summary.dialogues.meetings, summary.dialogues.citizens),
            focus_localities: nfc_keys(&summary.focus_localities),
            hamlet_headers: summary.hamlet_headers.iter().cloned().collect(),
            counted_twice: summary.counted_twice,
            reporting_places: nfc_keys(&summary.reporting_places),
            funding_by_year: summary
                .funding_by_year
                .iter()
                .map(|(&y, &s)| (y, s.into()))
                .collect(),
            outstanding: summary
                .outstanding
                .iter()
                .map(|o| OutstandingLine {
                    name: o.name.clone(),
                    implementer: o.implementer.clone(),
                    commune: o.commune.clone(),
                    district: o.district.clone(),
                })
                .collect(),
        }
    }

    /// The summary this rollup holds, as read from the input file `index`
    /// shown as `shown`. Files and problems inside it are named
    /// "`shown` › their own name". A field or subfield the configuration
    /// does not have is refused: counting it elsewhere would misfile it.
    pub fn into_summary(
        self,
        files: Vec<FileLine>,
        problems: Vec<ProblemLine>,
        index: usize,
        shown: &str,
        taxonomy: &Taxonomy,
    ) -> Result<Summary, String> {
        let seen = (index, 0);
        let nested = |file: &str| format!("{shown} › {file}");
        let mut summary = Summary {
            rows: self.rows,
            skipped_by_reason: self.skipped_by_reason,
            years: self.years,
            ..Summary::default()
        };

        let m = &mut summary.models;
        (m.total, m.effective, m.stopped, m.exemplary) = (
            self.models.total,
            self.models.effective,
            self.models.stopped,
            self.models.exemplary,
        );
        m.funding = Money::from_dong(self.models.funding);
        for line in self.models.by_field {
            let field = find(&taxonomy.fields, &line.field, |f| &f.name).ok_or_else(|| {
                format!(
                    "lĩnh vực \"{}\" trong tệp tổng hợp không có trong danh mục đang dùng; \
                     hãy thêm lĩnh vực này vào tệp cấu hình (--config) rồi chạy lại",
                    line.field
                )
            })?;
            let mut tally = FieldTally {
                total: line.total,
                effective: line.effective,
                ..FieldTally::default()
            };
            for (name, total, effective) in line.subfields {
                let sub = find(&taxonomy.fields[field].subfields, &name, |s| &s.name)
                    .ok_or_else(|| {
                        format!(
                            "lĩnh vực con \"{name}\" (thuộc \"{}\") trong tệp tổng hợp không có trong \
                             danh mục đang dùng; hãy thêm vào tệp cấu hình (--config) rồi chạy lại",
                            line.field
                        )
                    })?;
                tally.subfields.insert(sub, (total, effective));
            }
            m.by_field.insert(field, tally);
        }
        m.by_year = self.models.by_year.into_iter().collect();

        for line in self.localities {
            let key = locality_key(&line.names);
            summary.localities.insert(
                key,
                LocalityTally {
                    names: line.names,
                    first_seen: seen,
                    total: line.total,
                    effective: line.effective,
                },
            );
        }
        for line in self.works {
            let known = line.known.then(|| {
                taxonomy.work_types.iter().position(|t| {
                    fold_key(&t.name) == fold_key(&line.work_type)
                        && fold_key(&t.unit) == fold_key(&line.unit)
                })
            });
            let key = match known.flatten() {
                Some(i) => WorkKey::Known(i),
                None => WorkKey::Other {
                    name_key: fold_key(&line.work_type),
                    unit_key: fold_key(&line.unit),
                },
            };
            summary.works.insert(
                key,
                WorkTally {
                    name: line.work_type,
                    unit: line.unit,
                    first_seen: seen,
                    count: line.count,
                    quantity: Quantity::from_milli(line.quantity_milli),
                    money: line.funding.into(),
                },
            );
        }
        let r = &mut summary.resources;
        r.money = self.resources.funding.into();
        r.participations = self.resources.participations;
        r.workdays = self.resources.workdays;
        r.land_m2 = Quantity::from_milli(self.resources.land_milli);
        for line in self.commendations {
            summary.commendations.insert(
                fold_key(&line.form),
                CommendationTally {
                    form: line.form,
                    first_seen: seen,
                    collective: line.collective,
                    individual: line.individual,
                },
            );
        }
        (summary.dialogues.meetings, summary.dialogues.citizens) = self.dialogues;
        summary.focus_localities = folded_keys(&self.focus_localities);
        summary.reporting_places = folded_keys(&self.reporting_places);
        summary.hamlet_headers = self.hamlet_headers.into_iter().collect();
        summary.counted_twice = self.counted_twice;
        summary.funding_by_year = self
            .funding_by_year
            .into_iter()
            .map(|(y, s)| (y, s.into()))
            .collect();
        summary.outstanding = self
            .outstanding
            .into_iter()
            .map(|o| OutstandingModel::new(o.name, o.implementer, o.commune, o.district))
            .collect();
        summary.files = files
            .into_iter()
            .map(|f| FileReport {
                index,
                file: nested(&f.file),
                status: match f.status.as_str() {
                    "failed" => FileStatus::Failed,
                    "copy" => FileStatus::Copy,
                    _ => FileStatus::Read { sheets: 0 },
                },
                rows: RowCounts {
                    read: f.read,
                    accepted: f.accepted,
                    skipped: f.skipped,
                    rejected: f.rejected,
                },
                skipped_by_reason: f.skipped_by_reason,
                errors: f.errors,
                warnings: f.warnings,
            })
            .collect();
        summary.problems = problems
            .into_iter()
            .map(|p| Diagnostic {
                severity: p.severity,
                location: Location {
                    file_index: index,
                    file: nested(&p.file).into(),
                    sheet: p.sheet.map(Into::into),
                    sheet_index: p.sheet_index,
                    row: p.row,
                    column_index: p.column_index,
                    column: p.column.map(Into::into),
                },
                message: p.message.into(),
            })
            .collect();
        Ok(summary)
    }
}

/// The position of the entry named `name` (compared folded).
fn find<T>(items: &[T], name: &str, name_of: impl Fn(&T) -> &String) -> Option<usize> {
    let key = fold_key(name);
    items.iter().position(|item| fold_key(name_of(item)) == key)
}

/// Place keys as written: each part in NFC, like every text of the JSON.
fn nfc_keys(keys: &std::collections::BTreeSet<super::summary::LocalityKey>) -> Vec<[String; 4]> {
    keys.iter()
        .map(|key| key.each_ref().map(|part| part.nfc().collect()))
        .collect()
}

/// Place keys as read back: folded again, whatever form they were saved in.
fn folded_keys(parts: &[[String; 4]]) -> std::collections::BTreeSet<super::summary::LocalityKey> {
    parts
        .iter()
        .map(|parts| locality_key(&parts.each_ref().map(|p| Some(p).filter(|p| !p.is_empty()))))
        .collect()
}
