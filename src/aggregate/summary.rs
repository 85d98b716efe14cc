//! The summary of one file or many, and how two summaries merge.

use crate::config::Taxonomy;
use crate::diagnostic::Diagnostic;
use crate::domain::{
    BudgetSplit, LocalityLevel, Model, ModelStatus, Money, Quantity, Record, Resource, SharedText,
    TextSet, Work, WorkTypeRef,
};
use crate::normalise::fold::fold_key;
use crate::normalise::{AcceptedRow, RowCounts, SkipReason};
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::collections::BTreeMap;

/// Where a spelling was first seen: (file index, row). Smaller is earlier.
type FirstSeen = (usize, u32);

/// Counts of models in one field (and its subfields, by index).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldTally {
    pub total: u64,
    pub effective: u64,
    pub subfields: BTreeMap<usize, (u64, u64)>,
}

/// Everything counted about models.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ModelTally {
    pub total: u64,
    pub effective: u64,
    pub stopped: u64,
    pub exemplary: u64,
    /// The models' own money ("Kinh phí"), reported apart from `funding`.
    pub funding: Money,
    pub by_field: BTreeMap<usize, FieldTally>,
    pub by_year: BTreeMap<i32, u64>,
}

/// A locality path compared by folded names, highest level first.
pub type LocalityKey = [SharedText; 4];

/// Models of one locality path, with the spelling seen first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalityTally {
    pub names: [Option<SharedText>; 4],
    pub first_seen: FirstSeen,
    pub total: u64,
    pub effective: u64,
}

impl LocalityTally {
    /// Adds the counts of the same place; the spelling seen first wins.
    fn absorb(&mut self, other: &LocalityTally) {
        if other.first_seen < self.first_seen {
            self.names = other.names.clone();
            self.first_seen = other.first_seen;
        }
        self.total += other.total;
        self.effective += other.effective;
    }
}

/// How works are grouped: the taxonomy's types in its order, then others by key.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WorkKey {
    Known(usize),
    Other { name_key: String, unit_key: String },
}

/// Works of one type and unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkTally {
    pub name: String,
    pub unit: String,
    pub first_seen: FirstSeen,
    pub count: u64,
    pub quantity: Quantity,
    pub money: Funds,
}

/// Money of rows added up: the three columns as given, and how much the
/// rows whose two sources exceed their total overstate them. Kept apart
/// so that one row's money of no known source and another row's
/// overstatement are never netted against each other.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Funds {
    pub total: Money,
    pub state_budget: Money,
    pub mobilized: Money,
    /// Sum over rows of `state_budget + mobilized - total` where positive.
    pub overstated: Money,
}

impl Funds {
    /// Adds one row's money.
    fn add_row(&mut self, row: BudgetSplit) {
        self.total += row.total;
        self.state_budget += row.state_budget;
        self.mobilized += row.mobilized;
        let over = (row.state_budget + row.mobilized) - row.total;
        if over > Money::ZERO {
            self.overstated += over;
        }
    }

    /// Adds another sum of rows.
    fn add(&mut self, other: Funds) {
        self.total += other.total;
        self.state_budget += other.state_budget;
        self.mobilized += other.mobilized;
        self.overstated += other.overstated;
    }
}

/// Commendations of one form ("Bằng khen"), with the spelling seen first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommendationTally {
    pub form: String,
    pub first_seen: FirstSeen,
    pub collective: u64,
    pub individual: u64,
}

/// Meetings with citizens, added up.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DialogueTally {
    pub meetings: i64,
    pub citizens: i64,
}

/// An outstanding (tiêu biểu) model, to be named in the report with its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutstandingModel {
    /// Orders the list whatever the order of files and rows.
    pub key: (String, String, String),
    pub name: String,
    pub implementer: String,
    pub commune: Option<String>,
    pub district: Option<String>,
}

impl OutstandingModel {
    pub fn new(
        name: String,
        implementer: String,
        commune: Option<String>,
        district: Option<String>,
    ) -> Self {
        OutstandingModel {
            key: (
                fold_key(&name),
                fold_key(commune.as_deref().unwrap_or("")),
                fold_key(&implementer),
            ),
            name,
            implementer,
            commune,
            district,
        }
    }
}

/// How many outstanding models a summary keeps (the first ones by name, so
/// the list does not depend on the order of files or rows).
pub const OUTSTANDING_KEPT: usize = 50;

/// Resource rows added up.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResourceTally {
    pub money: Funds,
    pub participations: i64,
    pub workdays: i64,
    pub land_m2: Quantity,
}

/// What became of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileStatus {
    /// Read; the kinds of sheet found in it.
    Read { sheets: usize },
    /// Not read at all; the reason is in the problems.
    Failed,
    /// Not read: the same bytes as another input, which was (a warning
    /// names it).
    Copy,
}

/// One line of the accounting per file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileReport {
    pub index: usize,
    pub file: String,
    pub status: FileStatus,
    pub rows: RowCounts,
    pub skipped_by_reason: BTreeMap<SkipReason, u64>,
    pub errors: u64,
    pub warnings: u64,
}

/// The mergeable summary of any number of files.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub rows: RowCounts,
    pub skipped_by_reason: BTreeMap<SkipReason, u64>,
    /// Earliest and latest valid year among all rows read.
    pub years: Option<(i32, i32)>,
    pub models: ModelTally,
    pub localities: BTreeMap<LocalityKey, LocalityTally>,
    pub works: BTreeMap<WorkKey, WorkTally>,
    pub resources: ResourceTally,
    /// Commendations by form (folded).
    pub commendations: BTreeMap<String, CommendationTally>,
    pub dialogues: DialogueTally,
    /// Focus localities, each place once: a path with a hamlet is a hamlet
    /// (ấp), one that ends at the commune is a commune (xã).
    pub focus_localities: std::collections::BTreeSet<LocalityKey>,
    /// Every place down to the commune that a row of any kind names (the
    /// report's "báo cáo của 06 địa phương"); keys as in `localities`,
    /// hamlet left blank.
    pub reporting_places: std::collections::BTreeSet<LocalityKey>,
    /// Money of works and resources by year.
    pub funding_by_year: BTreeMap<i32, Funds>,
    /// The hamlet columns' headers as written ("Thôn", "Ấp", "Thôn/Ấp"),
    /// each once: the word the data uses for that level.
    pub hamlet_headers: std::collections::BTreeSet<String>,
    /// Outstanding models, the first [`OUTSTANDING_KEPT`] by name and place.
    pub outstanding: Vec<OutstandingModel>,
    /// Place names written without any diacritics, and where: for the
    /// warning when other rows write the same place with them.
    pub unaccented_places: super::unaccented::UnaccentedPlaces,
    pub files: Vec<FileReport>,
    pub problems: Vec<Diagnostic>,
    /// How many of the errors in `problems` say that a place was counted
    /// twice (one commune given twice through a summary): errors that leave
    /// no figure out, so the report says "counted twice", not "incomplete".
    pub counted_twice: u64,
    /// The period the figures were filtered by: the one asked for, or the
    /// one the rolled-up summaries were built for (set by the pipeline).
    pub bounds: crate::normalise::Period,
}

/// The reporter a file's name stands for: the words of its name, else of
/// its nearest folder's, that are not a sheet kind's, a year or a number
/// ("mttq-tinh-cong-trinh-2023.csv" and "mttq-tinh nguon luc.csv" are "mttq
/// tinh"; "mttq/bao-cao.xlsx" is "mttq"); its whole path when nothing is
/// left. Without diacritics, as file names are often typed.
fn reporter_of_file(file: &str) -> String {
    const KIND_WORDS: &[&str] = &[
        "mo", "hinh", "cong", "trinh", "phan", "viec", "nguon", "luc", "khen", "thuong", "tiep",
        "xuc", "doi", "thoai", "dia", "ban", "diem", "bao", "cao", "bieu", "mau", "tong", "hop",
        "so", "lieu", "nam", "giai", "ket", "qua", "du", "danh", "sach", "ds", "file", "tep",
        "dvk", "xlsx", "xls", "ods", "csv", "json", "sua", "lai", "moi", "cu",
    ];
    let stem = |part: &str| {
        let part = part.rsplit_once('.').map_or(part, |(stem, _)| stem);
        crate::normalise::fold::bare_key(&part.replace(['-', '_', '.'], " "))
            .split(' ')
            .filter(|w| {
                !w.is_empty() && !KIND_WORDS.contains(w) && !w.chars().all(|c| c.is_ascii_digit())
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    file.rsplit(['/', '\\'])
        .map(stem)
        .find(|words| !words.is_empty())
        .unwrap_or_else(|| fold_key(file))
}

impl Summary {
    /// Adds accepted rows of one file (`file_index` orders first spellings).
    pub fn add_rows(&mut self, file_index: usize, rows: &[AcceptedRow], taxonomy: &Taxonomy) {
        // A file names the same few places on every row: count each path
        // here, then fold and merge it once.
        let mut places: HashMap<&[Option<SharedText>; 4], LocalityTally> = HashMap::new();
        let mut reporting: HashSet<[Option<&str>; 4]> = HashSet::new();
        let mut last_reporting = None;
        for row in rows {
            let seen = (file_index, row.row);
            if let Some(locality) = row.record.locality() {
                let [province, district, commune, _] = &locality.names;
                // Above the commune, a model's agency ("Công an huyện") is a
                // reporter of its own, kept where a hamlet would be.
                let agency = match &row.record {
                    Record::Model(m) if commune.is_none() && !m.implementer.is_empty() => {
                        Some(m.implementer.as_str())
                    }
                    _ => None,
                };
                let place = [
                    province.as_deref(),
                    district.as_deref(),
                    commune.as_deref(),
                    agency,
                ];
                // Rows run by place: most repeat the one before, unhashed.
                if last_reporting != Some(place) {
                    reporting.insert(place);
                    last_reporting = Some(place);
                }
            }
            match &row.record {
                Record::Model(m) => {
                    self.add_model(m);
                    let tally = places
                        .entry(&m.locality.names)
                        .or_insert_with(|| LocalityTally {
                            // Named below, once per place.
                            names: Default::default(),
                            first_seen: seen,
                            total: 0,
                            effective: 0,
                        });
                    tally.total += 1;
                    tally.effective += u64::from(m.status == ModelStatus::Effective);
                }
                Record::Work(w) => self.add_work(w, seen, taxonomy),
                Record::Resource(r) => self.add_resource(r),
                // A row of counts may commend nobody ("0 | 0"): no form
                // with nothing to say.
                Record::Commendation(c) if c.collective == 0 && c.individual == 0 => {}
                Record::Commendation(c) => {
                    let tally = self
                        .commendations
                        .entry(fold_key(&c.form))
                        .or_insert_with(|| CommendationTally {
                            form: c.form.clone(),
                            first_seen: seen,
                            collective: 0,
                            individual: 0,
                        });
                    if seen < tally.first_seen {
                        tally.form = c.form.clone();
                        tally.first_seen = seen;
                    }
                    tally.collective = tally.collective.saturating_add(c.collective);
                    tally.individual = tally.individual.saturating_add(c.individual);
                }
                Record::Dialogue(d) => {
                    self.dialogues.meetings = self.dialogues.meetings.saturating_add(d.meetings);
                    self.dialogues.citizens = self.dialogues.citizens.saturating_add(d.citizens);
                }
                Record::FocusLocality(f) => {
                    self.focus_localities
                        .insert(locality_key(&f.locality.names));
                }
            }
        }
        self.reporting_places
            .extend(reporting.into_iter().map(|place| locality_key(&place)));
        // Shared with other files' equal names by the pipeline, once the
        // file is done (`share_texts`).
        for (names, tally) in places {
            let key = locality_key(names);
            let names = names.clone();
            self.add_locality(key, LocalityTally { names, ..tally });
        }
        self.keep_outstanding();
    }

    /// Gives the places of one file's rows that name neither a commune nor
    /// an agency (an agency's works or resources without a "Đơn vị thực
    /// hiện" column: "Hà Tĩnh" alone) the file as their reporter, so two
    /// such agencies of one province count as two reporters, not one; one
    /// agency's files split by kind or by years are one reporter, named
    /// alike ([`reporter_of_file`]).
    /// Such a place is dropped when the file names a place below it too
    /// (a commune's works sheet without the Xã column beside its models):
    /// those rows are that place's. Rows naming no place at all stay the
    /// file's. Called once a file's sheets are all added.
    pub fn name_unnamed_reporters(&mut self, file: &str) {
        let commune = LocalityLevel::Commune.index();
        let unnamed = |key: &LocalityKey| key[commune].is_empty() && key[3].is_empty();
        if !self.reporting_places.iter().any(unnamed) {
            return;
        }
        let (bare, named): (std::collections::BTreeSet<LocalityKey>, _) =
            std::mem::take(&mut self.reporting_places)
                .into_iter()
                .partition(unnamed);
        self.reporting_places = named;
        let reporter: SharedText = format!("tệp {}", reporter_of_file(file)).into();
        for mut key in bare {
            let below = |other: &LocalityKey| {
                *other != key && (0..commune).all(|l| key[l].is_empty() || key[l] == other[l])
            };
            // Rows naming no place at all may be the file's own agency's
            // (a union listing its communes' models and its own): kept.
            let blank = key.iter().all(|n| n.is_empty());
            let named_below = !blank && self.reporting_places.iter().any(below);
            if !named_below {
                key[3] = reporter.clone();
                self.reporting_places.insert(key);
            }
        }
    }

    /// Adds a locality's counts; the spelling seen first wins.
    fn add_locality(&mut self, key: LocalityKey, tally: LocalityTally) {
        match self.localities.get_mut(&key) {
            Some(mine) => mine.absorb(&tally),
            None => {
                self.localities.insert(key, tally);
            }
        }
    }

    /// Adds another summary's localities: one by one when they are few;
    /// else the places both know are added here, and the rest merged in by
    /// walking both sorted maps at once, with no third copy of a nation's
    /// places while they merge.
    fn add_localities(&mut self, mut other: BTreeMap<LocalityKey, LocalityTally>) {
        if other.len() * 8 < self.localities.len() {
            for (key, tally) in other {
                self.add_locality(key, tally);
            }
            return;
        }
        other.retain(|key, theirs| match self.localities.get_mut(key) {
            Some(mine) => {
                mine.absorb(theirs);
                false
            }
            None => true,
        });
        self.localities.append(&mut other);
    }

    fn add_model(&mut self, model: &Model) {
        let effective = model.status == ModelStatus::Effective;
        let m = &mut self.models;
        m.total += 1;
        m.effective += u64::from(effective);
        m.stopped += u64::from(model.status == ModelStatus::Stopped);
        m.exemplary += u64::from(model.exemplary);
        m.funding += model.funding.unwrap_or_default();
        let field = m.by_field.entry(model.field.field).or_default();
        field.total += 1;
        field.effective += u64::from(effective);
        if let Some(sub) = model.field.subfield {
            let s = field.subfields.entry(sub).or_default();
            s.0 += 1;
            s.1 += u64::from(effective);
        }
        *m.by_year.entry(model.year).or_default() += 1;
        if model.exemplary && !model.name.is_empty() {
            let place = |level| model.locality.name(level).map(str::to_owned);
            self.outstanding.push(OutstandingModel::new(
                model.name.clone(),
                model.implementer.clone(),
                place(crate::domain::LocalityLevel::Commune),
                place(crate::domain::LocalityLevel::District),
            ));
        }
    }

    fn add_work(&mut self, work: &Work, seen: FirstSeen, taxonomy: &Taxonomy) {
        let key = match &work.work_type {
            WorkTypeRef::Known(i) => WorkKey::Known(*i),
            WorkTypeRef::Other { name, unit } => WorkKey::Other {
                name_key: fold_key(name),
                unit_key: fold_key(unit),
            },
        };
        let tally = self.works.entry(key).or_insert_with(|| WorkTally {
            name: taxonomy.work_type_name(&work.work_type).to_owned(),
            unit: taxonomy.work_type_unit(&work.work_type).to_owned(),
            first_seen: seen,
            count: 0,
            quantity: Quantity::ZERO,
            money: Funds::default(),
        });
        if seen < tally.first_seen {
            tally.name = taxonomy.work_type_name(&work.work_type).to_owned();
            tally.unit = taxonomy.work_type_unit(&work.work_type).to_owned();
            tally.first_seen = seen;
        }
        tally.count += 1;
        tally.quantity += work.quantity;
        tally.money.add_row(work.money);
        self.funding_by_year
            .entry(work.year)
            .or_default()
            .add_row(work.money);
    }

    fn add_resource(&mut self, resource: &Resource) {
        self.funding_by_year
            .entry(resource.year)
            .or_default()
            .add_row(resource.money);
        let r = &mut self.resources;
        r.money.add_row(resource.money);
        r.participations = r.participations.saturating_add(resource.participations);
        r.workdays = r.workdays.saturating_add(resource.workdays);
        r.land_m2 += resource.land_m2;
    }

    /// Keeps the outstanding list short and in an order of its own.
    fn keep_outstanding(&mut self) {
        self.outstanding
            .sort_by(|a, b| (&a.key, &a.name).cmp(&(&b.key, &b.name)));
        self.outstanding.dedup_by(|a, b| a.key == b.key);
        self.outstanding.truncate(OUTSTANDING_KEPT);
    }

    /// Adds a problem, counting it against its file's line.
    pub fn add_problem(&mut self, problem: Diagnostic) {
        self.problems.push(problem);
    }

    /// Merges another summary into this one; the result does not depend on
    /// the order of merging, once [put in order](Summary::put_in_order).
    pub fn merge(&mut self, mut other: Summary) {
        // The smaller map goes into the larger (merging is symmetric: the
        // spelling seen first wins either way).
        if other.localities.len() > self.localities.len() {
            std::mem::swap(&mut self.localities, &mut other.localities);
        }
        let localities = std::mem::take(&mut other.localities);
        self.add_localities(localities);
        self.rows += other.rows;
        for (reason, n) in other.skipped_by_reason {
            *self.skipped_by_reason.entry(reason).or_default() += n;
        }
        self.years = match (self.years, other.years) {
            (Some((a, b)), Some((c, d))) => Some((a.min(c), b.max(d))),
            (a, b) => a.or(b),
        };
        let (m, o) = (&mut self.models, other.models);
        m.total += o.total;
        m.effective += o.effective;
        m.stopped += o.stopped;
        m.exemplary += o.exemplary;
        m.funding += o.funding;
        for (field, tally) in o.by_field {
            let mine = m.by_field.entry(field).or_default();
            mine.total += tally.total;
            mine.effective += tally.effective;
            for (sub, (t, e)) in tally.subfields {
                let s = mine.subfields.entry(sub).or_default();
                s.0 += t;
                s.1 += e;
            }
        }
        for (year, n) in o.by_year {
            *m.by_year.entry(year).or_default() += n;
        }
        for (key, tally) in other.works {
            match self.works.get_mut(&key) {
                Some(mine) => {
                    if tally.first_seen < mine.first_seen {
                        mine.name = tally.name;
                        mine.unit = tally.unit;
                        mine.first_seen = tally.first_seen;
                    }
                    mine.count += tally.count;
                    mine.quantity += tally.quantity;
                    mine.money.add(tally.money);
                }
                None => {
                    self.works.insert(key, tally);
                }
            }
        }
        let (r, o) = (&mut self.resources, other.resources);
        r.money.add(o.money);
        r.participations = r.participations.saturating_add(o.participations);
        r.workdays = r.workdays.saturating_add(o.workdays);
        r.land_m2 += o.land_m2;
        for (form, tally) in other.commendations {
            match self.commendations.get_mut(&form) {
                Some(mine) => {
                    if tally.first_seen < mine.first_seen {
                        mine.form = tally.form;
                        mine.first_seen = tally.first_seen;
                    }
                    mine.collective = mine.collective.saturating_add(tally.collective);
                    mine.individual = mine.individual.saturating_add(tally.individual);
                }
                None => {
                    self.commendations.insert(form, tally);
                }
            }
        }
        self.dialogues.meetings = self
            .dialogues
            .meetings
            .saturating_add(other.dialogues.meetings);
        self.dialogues.citizens = self
            .dialogues
            .citizens
            .saturating_add(other.dialogues.citizens);
        self.focus_localities.extend(other.focus_localities);
        self.reporting_places.extend(other.reporting_places);
        self.hamlet_headers.extend(other.hamlet_headers);
        for (year, money) in other.funding_by_year {
            self.funding_by_year.entry(year).or_default().add(money);
        }
        self.outstanding.extend(other.outstanding);
        self.keep_outstanding();
        self.unaccented_places.merge(other.unaccented_places);
        // Appended only: ordering a nation's problems at every merge would
        // cost more than reading them. [`Summary::put_in_order`] does it once.
        self.files.extend(other.files);
        // The longer list takes the other: the shorter one is what moves.
        if other.problems.len() > self.problems.len() {
            std::mem::swap(&mut self.problems, &mut other.problems);
        }
        self.problems.extend(other.problems);
        self.counted_twice += other.counted_twice;
    }

    /// Makes this summary's problem and place texts the set's equal ones,
    /// so that what many files repeat is held once.
    pub fn share_texts(&mut self, texts: &mut TextSet) {
        for problem in &mut self.problems {
            let location = &mut problem.location;
            texts.share(&mut problem.message);
            texts.share(&mut location.file);
            location.sheet.iter_mut().for_each(|t| texts.share(t));
            location.column.iter_mut().for_each(|t| texts.share(t));
        }
        self.reporting_places = std::mem::take(&mut self.reporting_places)
            .into_iter()
            .map(|mut key| {
                key.iter_mut().for_each(|t| texts.share(t));
                key
            })
            .collect();
        // A file names a few places: its map is rebuilt with shared keys.
        self.localities = std::mem::take(&mut self.localities)
            .into_iter()
            .map(|(mut key, mut tally)| {
                key.iter_mut().for_each(|t| texts.share(t));
                tally
                    .names
                    .iter_mut()
                    .flatten()
                    .for_each(|t| texts.share(t));
                (key, tally)
            })
            .collect();
    }

    /// Sorts files and problems into their one order (file, sheet, row,
    /// column); after merging, before anything is shown.
    pub fn put_in_order(&mut self) {
        // A rolled-up summary's files share its index: their names order them.
        self.files
            .sort_by(|a, b| (a.index, &a.file).cmp(&(b.index, &b.file)));
        self.problems
            .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    }

    /// The level the tables group by when none is asked for: see
    /// [`group_level`].
    pub fn default_group_level(&self) -> LocalityLevel {
        group_level(
            self.localities
                .keys()
                .map(|key| key.each_ref().map(|t| &**t)),
        )
    }

    /// Money of works and resources together (what `funding` reports).
    pub fn funding(&self) -> Funds {
        let mut total = self.resources.money;
        for w in self.works.values() {
            total.add(w.money);
        }
        total
    }

    /// Files that could not be read at all.
    pub fn failed_files(&self) -> impl Iterator<Item = &FileReport> {
        self.files.iter().filter(|f| f.status == FileStatus::Failed)
    }
}

/// The highest level with more than one distinct name among `paths`
/// (locality keys, blank where a level is) where no path names a place
/// below it while leaving it blank (the commune level aside: a hamlet
/// without its commune does not split a table into hamlets); else the
/// deepest level that has any name. A province's communes after the 2025
/// reform name no district: grouped by district, they would all be one
/// "(cấp tỉnh)" row.
pub fn group_level<'a>(paths: impl IntoIterator<Item = [&'a str; 4]>) -> LocalityLevel {
    let mut distinct: [std::collections::BTreeSet<&str>; 4] = Default::default();
    let mut skipped = [false; 4];
    for key in paths {
        let deepest = key.iter().rposition(|name| !name.is_empty());
        for (level, name) in key.into_iter().enumerate() {
            if !name.is_empty() {
                distinct[level].insert(name);
            } else if deepest.is_some_and(|d| d > level) {
                skipped[level] = true;
            }
        }
    }
    LocalityLevel::ALL
        .into_iter()
        .find(|l| {
            distinct[l.index()].len() > 1 && (!skipped[l.index()] || *l == LocalityLevel::Commune)
        })
        .or_else(|| {
            LocalityLevel::ALL
                .into_iter()
                .find(|l| distinct[l.index()].len() > 1)
        })
        .or_else(|| {
            LocalityLevel::ALL
                .into_iter()
                .rev()
                .find(|l| !distinct[l.index()].is_empty())
        })
        .unwrap_or(LocalityLevel::Commune)
}

/// A place named more fully than a key of it (see [`fuller_places`]).
#[derive(Debug)]
pub struct FullerPlace<'a> {
    /// The key, named down to `level` as the fuller place is.
    pub key: LocalityKey,
    /// A key that names the fuller place: its names label it.
    pub named_by: &'a LocalityKey,
    /// The level down to which the fuller place names the key.
    pub level: usize,
}

/// The places of `keys` named less fully than another place, each with
/// that place: an agency's sheet without a Tỉnh column names "Cam Lộ" (or
/// "Cam Lộ › Thôn 1") where the commune's own file names "Quảng Trị › Cam
/// Lộ › Thôn 1". A key whose commune, or the level above where no commune
/// is named, is its level `d` (an agency named where a hamlet would be, or
/// a hamlet without its commune, is left alone) is named less fully than
/// another key's path down to `d` when every level it names there is the
/// other's and it is not that path. Only a key with exactly one such fuller
/// path is mapped: to that path with the key's own levels below `d`, and a
/// key that names the path, whose names a table shows. "Cam Lộ" beside two
/// provinces' Cam Lộ stays apart; names are never guessed alike ("Đông Hà"
/// and "Phường Đông Hà" may be a commune and a ward).
pub fn fuller_places<'a>(
    keys: impl IntoIterator<Item = &'a LocalityKey> + Clone,
) -> std::collections::HashMap<&'a LocalityKey, FullerPlace<'a>> {
    let commune = LocalityLevel::Commune.index();
    // The level a key is compared at: its commune, else its deepest above.
    let level_of = |key: &LocalityKey| -> Option<usize> {
        if key[commune].is_empty() && !key[commune + 1..].iter().all(|n| n.is_empty()) {
            return None;
        }
        key[..=commune].iter().rposition(|n| !n.is_empty())
    };
    // Keys that all name the same levels (a province's communes, all with
    // or all without a district) cannot name one another less fully: no
    // need to index a nation's places.
    let shape = |key: &LocalityKey| -> [bool; 3] {
        // Province, district, commune.
        std::array::from_fn(|l| !key[l].is_empty())
    };
    let mut shapes = keys.clone().into_iter().map(shape);
    if let Some(first) = shapes.next() {
        if shapes.all(|s| s == first) {
            return std::collections::HashMap::new();
        }
    }
    // Every path down to each level up to the commune, by that level and
    // its name there, with the first key naming it.
    type Paths<'k> = BTreeMap<&'k [SharedText], &'k LocalityKey>;
    let mut paths: HashMap<(usize, &str), Paths<'a>> = HashMap::new();
    for key in keys.clone() {
        for d in 0..=commune {
            if !key[d].is_empty() {
                paths
                    .entry((d, &*key[d]))
                    .or_default()
                    .entry(&key[..=d])
                    .or_insert(key);
            }
        }
    }
    let mut fuller = std::collections::HashMap::new();
    for key in keys {
        let Some(d) = level_of(key) else {
            continue;
        };
        let Some(candidates) = paths.get(&(d, &*key[d])) else {
            continue;
        };
        let less_named = |path: &[SharedText]| {
            path != &key[..=d] && (0..d).all(|l| key[l].is_empty() || key[l] == path[l])
        };
        let mut more = candidates.iter().filter(|(path, _)| less_named(path));
        if let (Some((path, named_by)), None) = (more.next(), more.next()) {
            let mut replacement = key.clone();
            replacement[..=d].clone_from_slice(path);
            fuller.insert(
                key,
                FullerPlace {
                    key: replacement,
                    named_by,
                    level: d,
                },
            );
        }
    }
    fuller
}

/// The key of a locality path: each level's name folded, blank if none.
/// A name that starts with its own level's word is the name without it:
/// "Huyện Trần Văn Thời" and "Trần Văn Thời" are one district, "Xã Khánh
/// Bình" and "Khánh Bình" one commune. Other words stay ("Thị xã Kỳ Anh"
/// is not "huyện Kỳ Anh"), and hamlets keep theirs ("Ấp 1").
pub(crate) fn locality_key<S: AsRef<str>>(names: &[Option<S>; 4]) -> LocalityKey {
    let mut levels = LocalityLevel::ALL.into_iter();
    names.each_ref().map(|n| {
        let key = n
            .as_ref()
            .map_or_else(String::new, |n| fold_key(n.as_ref()));
        let own_word = levels
            .next()
            .and_then(LocalityLevel::own_word)
            .map(|w| fold_key(w) + " ");
        match own_word {
            Some(word) => match key.strip_prefix(&word) {
                Some(rest) if !rest.is_empty() => rest.into(),
                _ => key.into(),
            },
            None => key.into(),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::domain::{FieldRef, Locality};

    #[test]
    fn one_agencys_files_split_by_kind_or_years_are_one_reporter() {
        let of = reporter_of_file;
        assert_eq!(
            of("mttq-tinh-cong-trinh-2023.csv"),
            of("mttq tinh nguon luc.csv")
        );
        assert_eq!(
            of("nhan/mttq-tinh-2021-2022.xlsx"),
            of("nhan/MTTQ tinh 2023_2025.xlsx")
        );
        assert_eq!(of("mttq/bao-cao.xlsx"), "mttq");
        assert_ne!(of("tinh-doan.xlsx"), of("mttq-tinh.xlsx"));
        assert_ne!(of("tinh-doan.xlsx"), of("hoi-nong-dan-tinh.xlsx"));
    }

    fn model(commune: &str, field: usize, year: i32, status: ModelStatus) -> Record {
        let mut locality = Locality::default();
        locality.names[LocalityLevel::Commune.index()] = Some(commune.into());
        Record::Model(Model {
            name: "Mô hình".into(),
            implementer: String::new(),
            locality,
            field: FieldRef {
                field,
                subfield: None,
            },
            year,
            status,
            exemplary: false,
            funding: Some(Money::from_dong(1_000_000)),
        })
    }

    #[test]
    fn the_default_level_never_lumps_communes_that_name_no_district() {
        use LocalityLevel::{Commune, District, Hamlet, Province};
        let level = |paths: &[[&str; 4]]| group_level(paths.iter().copied());
        // A province's districts, each with communes: by district.
        let districts = [
            ["tây ninh", "tân châu", "an phú", ""],
            ["tây ninh", "hòa thành", "hòa thành", ""],
        ];
        assert_eq!(level(&districts), District);
        // After the 2025 reform Bình Minh names no district: by commune.
        let reformed = [
            districts[0],
            districts[1],
            ["tây ninh", "", "bình minh", ""],
        ];
        assert_eq!(level(&reformed), Commune);
        // A district's agencies name no commune and nothing below: still by
        // district, their rows under "(cấp tỉnh)".
        let agencies = [districts[0], districts[1], ["tây ninh", "", "", ""]];
        assert_eq!(level(&agencies), District);
        // A hamlet without its commune does not split the tables into hamlets.
        let hamlet = [
            ["", "", "long sơn", "gò chè"],
            ["", "", "long môn", ""],
            ["", "", "", "ấp 1"],
        ];
        assert_eq!(level(&hamlet), Commune);
        assert_eq!(level(&[["quảng ngãi", "", "", ""]]), Province);
        assert_eq!(level(&[["", "", "", "ấp 1"], ["", "", "", "ấp 2"]]), Hamlet);
    }

    #[test]
    fn a_place_named_less_fully_maps_to_its_only_fuller_place() {
        let key = |names: [&str; 4]| -> LocalityKey { names.map(|n| fold_key(n).into()) };
        let keys = [
            key(["Quảng Trị", "", "Cam Lộ", "Thôn 1"]),
            key(["Quảng Trị", "", "Cam Lộ", "Thôn 2"]),
            key(["", "", "Cam Lộ", ""]),
            key(["", "", "Cam Lộ", "Thôn 1"]),
            key(["Quảng Trị", "", "Phường Đông Hà", ""]),
            key(["Quảng Trị", "", "Đông Hà", ""]),
            key(["", "", "Gio Linh", ""]),
            key(["Quảng Trị", "", "Gio Linh", ""]),
            key(["Hà Tĩnh", "", "Gio Linh", ""]),
            key(["Quảng Trị", "", "", ""]),
            key(["", "", "", "Hội Nông dân tỉnh"]),
            key(["", "", "", "Thôn 1"]),
        ];
        let fuller = fuller_places(&keys);
        let mapped = |k: &LocalityKey| fuller.get(k).map(|more| more.key.clone());
        // "Cam Lộ" is Quảng Trị's, its hamlet kept.
        assert_eq!(mapped(&keys[2]), Some(key(["Quảng Trị", "", "Cam Lộ", ""])));
        assert_eq!(mapped(&keys[3]), Some(keys[0].clone()));
        // A ward and a commune of one name are never guessed alike; two
        // provinces' Gio Linh stay apart; fuller places, the province's own
        // rows, an agency and a hamlet without its commune are themselves.
        for k in [0, 1, 4, 5, 6, 7, 8, 9, 10, 11] {
            assert_eq!(mapped(&keys[k]), None, "{:?}", keys[k]);
        }
    }

    #[test]
    fn a_name_with_its_own_level_word_is_the_same_place() {
        let key = |p: &str, d: &str, c: &str| {
            let name = |n: &str| (!n.is_empty()).then(|| n.to_owned());
            locality_key(&[name(p), name(d), name(c), None])
        };
        assert_eq!(
            key("Tỉnh Cà Mau", "Huyện Trần Văn Thời", "Xã Khánh Bình"),
            key("Cà Mau", "trần văn thời", "Khánh Bình")
        );
        // Another level's word is part of the name; a bare word is a name.
        assert_ne!(key("", "Thị xã Kỳ Anh", ""), key("", "Kỳ Anh", ""));
        assert_ne!(key("", "", "Phường An Xuyên"), key("", "", "An Xuyên"));
        assert_ne!(key("", "", "Xã"), key("", "", ""));
        let hamlet = |h: &str| locality_key(&[None, None, None, Some(h.to_owned())]);
        assert_ne!(hamlet("Ấp 1"), hamlet("1"));
    }

    #[test]
    fn merge_keeps_the_first_spelling_and_adds_counts() {
        let taxonomy = Config::default_config().expect("defaults").taxonomy;
        let mut a = Summary::default();
        a.add_rows(
            1,
            &[AcceptedRow {
                row: 2,
                record: model("long sơn", 0, 2019, ModelStatus::Effective),
            }],
            &taxonomy,
        );
        let mut b = Summary::default();
        b.add_rows(
            0,
            &[AcceptedRow {
                row: 5,
                record: model("Long Sơn", 1, 2020, ModelStatus::Stopped),
            }],
            &taxonomy,
        );
        let mut ab = a.clone();
        ab.merge(b.clone());
        let mut ba = b;
        ba.merge(a);
        for s in [&ab, &ba] {
            assert_eq!(s.models.total, 2);
            assert_eq!(s.models.effective, 1);
            assert_eq!(s.models.stopped, 1);
            assert_eq!(s.models.funding.dong(), 2_000_000);
            assert_eq!(s.localities.len(), 1);
            let only = s.localities.values().next().expect("one locality");
            assert_eq!(only.names[2].as_deref(), Some("Long Sơn"));
        }
    }
}
