//! The resolved taxonomy and its lookups by folded key.

use super::{reads_column, ColumnId, RawConfig};
use crate::domain::{FieldRef, ModelStatus, SheetKind, WorkTypeRef};
use crate::normalise::fold::{bare_key, clean_text, fold_key};
use foldhash::{HashMap, HashMapExt};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::ops::Range;

/// An alias as written, with where it is in its file (for messages).
type Alias = toml::Spanned<String>;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawField {
    name: String,
    #[serde(default)]
    aliases: Vec<Alias>,
    #[serde(default)]
    subfield: Vec<RawSubfield>,
    #[serde(default)]
    fallback: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSubfield {
    name: String,
    #[serde(default)]
    aliases: Vec<Alias>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawStatus {
    #[serde(default)]
    not_effective: Vec<String>,
    #[serde(default)]
    effective: Vec<String>,
    #[serde(default)]
    stopped: Vec<String>,
    #[serde(default)]
    registered: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawExemplary {
    #[serde(default)]
    yes: Vec<String>,
    #[serde(default)]
    no: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawWorkType {
    name: String,
    unit: Option<String>,
    /// The unit as the report's sentences say it; "" leaves it out
    /// ("6 nhà văn hóa", not "6 căn nhà văn hóa").
    prose_unit: Option<String>,
    #[serde(default)]
    aliases: Vec<Alias>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawUnit {
    name: String,
    #[serde(default)]
    aliases: Vec<Alias>,
    to: Option<String>,
    factor_milli: Option<i64>,
}

/// A field (lĩnh vực) with its subfields.
#[derive(Debug, Clone)]
pub struct FieldDef {
    pub name: String,
    pub aliases: Vec<String>,
    pub subfields: Vec<SubfieldDef>,
}

#[derive(Debug, Clone)]
pub struct SubfieldDef {
    pub name: String,
    pub aliases: Vec<String>,
}

/// A work type the taxonomy knows, with the unit it is counted in.
#[derive(Debug, Clone)]
pub struct WorkTypeDef {
    pub name: String,
    pub unit: String,
    /// The unit in the report's sentences; empty to leave it out.
    pub prose_unit: Option<String>,
    pub aliases: Vec<String>,
}

/// A unit of quantity; `to`/`factor_milli` convert it ("m" → 0,001 "km").
#[derive(Debug, Clone)]
pub struct UnitDef {
    pub name: String,
    pub aliases: Vec<String>,
    pub to: Option<String>,
    pub factor_milli: i64,
}

/// What a "Tiêu biểu" cell says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExemplaryMark {
    Yes,
    No,
    Unknown,
}

/// Looks names up by exact folded key, then by the key without diacritics
/// when that is unambiguous.
#[derive(Debug, Clone)]
struct KeyIndex<T: Clone + PartialEq> {
    exact: HashMap<String, T>,
    bare: HashMap<String, Option<T>>,
}

impl<T: Clone + PartialEq> Default for KeyIndex<T> {
    fn default() -> Self {
        KeyIndex {
            exact: HashMap::new(),
            bare: HashMap::new(),
        }
    }
}

impl<T: Clone + PartialEq> KeyIndex<T> {
    fn insert(&mut self, text: &str, value: T) {
        self.exact.insert(fold_key(text), value.clone());
        let bare = bare_key(text);
        match self.bare.get(&bare) {
            Some(Some(existing)) if *existing != value => {
                self.bare.insert(bare, None);
            }
            Some(_) => {}
            None => {
                self.bare.insert(bare, Some(value));
            }
        }
    }

    fn get(&self, text: &str) -> Option<T> {
        if let Some(v) = self.exact.get(&fold_key(text)) {
            return Some(v.clone());
        }
        self.bare.get(&bare_key(text)).cloned().flatten()
    }
}

/// Fields, statuses, work types, units and column names, with their lookups.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    pub fields: Vec<FieldDef>,
    pub fallback_field: usize,
    pub work_types: Vec<WorkTypeDef>,
    pub units: Vec<UnitDef>,
    pub status_registered: Vec<String>,
    pub exemplary_yes: Vec<String>,
    /// Known header names per column, first the template's.
    pub column_names: BTreeMap<ColumnId, Vec<String>>,
    field_index: KeyIndex<FieldRef>,
    work_type_index: KeyIndex<usize>,
    unit_index: KeyIndex<usize>,
    column_index: KeyIndex<Vec<ColumnId>>,
    status_not_effective: Vec<String>,
    status_effective: Vec<String>,
    status_stopped: Vec<String>,
    status_registered_keys: Vec<String>,
    exemplary_yes_keys: Vec<String>,
    exemplary_no_keys: Vec<String>,
    /// The marks of more than one word ("tiêu biểu"), without diacritics:
    /// found inside a longer text ("Tiêu biểu cấp huyện") too.
    exemplary_yes_phrases: Vec<String>,
}

impl Taxonomy {
    pub(crate) fn build(defaults: RawConfig, user: Option<RawConfig>) -> Taxonomy {
        let mut fields: Vec<FieldDef> = Vec::new();
        let mut fallback_name: Option<String> = None;
        let mut work_types: Vec<WorkTypeDef> = Vec::new();
        let mut units: Vec<UnitDef> = Vec::new();
        let mut status = RawStatus::default();
        let mut exemplary = RawExemplary::default();
        let mut column_names: BTreeMap<ColumnId, Vec<String>> = BTreeMap::new();

        for raw in std::iter::once(defaults).chain(user) {
            for f in raw.field {
                if f.fallback {
                    fallback_name = Some(clean_text(&f.name));
                }
                merge_field(&mut fields, f);
            }
            for w in raw.work_type {
                let name = clean_text(&w.name);
                match work_types
                    .iter_mut()
                    .find(|d| fold_key(&d.name) == fold_key(&name))
                {
                    Some(existing) => {
                        existing
                            .aliases
                            .extend(w.aliases.iter().map(|a| clean_text(a.get_ref())));
                        if let Some(unit) = w.unit {
                            existing.unit = clean_text(&unit);
                        }
                        if let Some(prose) = w.prose_unit {
                            existing.prose_unit = Some(clean_text(&prose));
                        }
                    }
                    None => work_types.push(WorkTypeDef {
                        name,
                        unit: w.unit.map(|u| clean_text(&u)).unwrap_or_default(),
                        prose_unit: w.prose_unit.map(|u| clean_text(&u)),
                        aliases: w.aliases.iter().map(|a| clean_text(a.get_ref())).collect(),
                    }),
                }
            }
            for u in raw.unit {
                let name = clean_text(&u.name);
                match units.iter_mut().find(|d| d.name == name) {
                    Some(existing) => existing
                        .aliases
                        .extend(u.aliases.iter().map(|a| clean_text(a.get_ref()))),
                    None => units.push(UnitDef {
                        name,
                        aliases: u.aliases.iter().map(|a| clean_text(a.get_ref())).collect(),
                        to: u.to.map(|t| clean_text(&t)),
                        factor_milli: u.factor_milli.unwrap_or(1000),
                    }),
                }
            }
            if let Some(s) = raw.status {
                status.not_effective.extend(s.not_effective);
                status.effective.extend(s.effective);
                status.stopped.extend(s.stopped);
                status.registered.extend(s.registered);
            }
            if let Some(e) = raw.exemplary {
                exemplary.yes.extend(e.yes);
                exemplary.no.extend(e.no);
            }
            if let Some(columns) = raw.columns {
                for (id, names) in columns {
                    column_names
                        .entry(id)
                        .or_default()
                        .extend(names.iter().map(|n| clean_text(n)));
                }
            }
        }

        // The fallback field ("Khác") stays last, whatever the user added.
        let fallback_key = fold_key(fallback_name.as_deref().unwrap_or("Khác"));
        let fallback_pos = fields
            .iter()
            .position(|f| fold_key(&f.name) == fallback_key);
        let fallback_field = match fallback_pos {
            Some(pos) => {
                let f = fields.remove(pos);
                fields.push(f);
                fields.len() - 1
            }
            None => {
                fields.push(FieldDef {
                    name: "Khác".to_owned(),
                    aliases: Vec::new(),
                    subfields: Vec::new(),
                });
                fields.len() - 1
            }
        };

        // Aliases first, names last: a name always wins over another entry's alias,
        // so a type "configured apart" is not swallowed by a default alias.
        let mut field_index = KeyIndex::default();
        for (fi, f) in fields.iter().enumerate() {
            for a in &f.aliases {
                field_index.insert(
                    a,
                    FieldRef {
                        field: fi,
                        subfield: None,
                    },
                );
            }
            for (si, s) in f.subfields.iter().enumerate() {
                for a in &s.aliases {
                    field_index.insert(
                        a,
                        FieldRef {
                            field: fi,
                            subfield: Some(si),
                        },
                    );
                }
            }
        }
        for (fi, f) in fields.iter().enumerate() {
            field_index.insert(
                &f.name,
                FieldRef {
                    field: fi,
                    subfield: None,
                },
            );
            for (si, s) in f.subfields.iter().enumerate() {
                field_index.insert(
                    &s.name,
                    FieldRef {
                        field: fi,
                        subfield: Some(si),
                    },
                );
            }
        }
        let mut work_type_index = KeyIndex::default();
        for (i, w) in work_types.iter().enumerate() {
            for a in &w.aliases {
                work_type_index.insert(a, i);
            }
        }
        for (i, w) in work_types.iter().enumerate() {
            work_type_index.insert(&w.name, i);
        }
        let mut unit_index = KeyIndex::default();
        for (i, u) in units.iter().enumerate() {
            for a in &u.aliases {
                unit_index.insert(a, i);
            }
        }
        for (i, u) in units.iter().enumerate() {
            unit_index.insert(&u.name, i);
        }
        let mut column_index: KeyIndex<Vec<ColumnId>> = KeyIndex::default();
        let mut by_key: BTreeMap<String, (String, Vec<ColumnId>)> = BTreeMap::new();
        for (id, names) in &column_names {
            for n in names {
                let entry = by_key
                    .entry(fold_key(n))
                    .or_insert_with(|| (n.clone(), Vec::new()));
                if !entry.1.contains(id) {
                    entry.1.push(*id);
                }
            }
        }
        for (text, ids) in by_key.into_values() {
            column_index.insert(&text, ids);
        }

        let keys = |v: &[String]| v.iter().map(|s| fold_key(s)).collect::<Vec<_>>();
        Taxonomy {
            fallback_field,
            status_not_effective: keys(&status.not_effective),
            status_effective: keys(&status.effective),
            status_stopped: keys(&status.stopped),
            status_registered_keys: keys(&status.registered),
            exemplary_yes_keys: keys(&exemplary.yes),
            exemplary_no_keys: keys(&exemplary.no),
            exemplary_yes_phrases: exemplary
                .yes
                .iter()
                .map(|mark| bare_key(mark))
                .filter(|mark| mark.contains(' '))
                .collect(),
            status_registered: status.registered,
            exemplary_yes: exemplary.yes,
            fields,
            work_types,
            units,
            column_names,
            field_index,
            work_type_index,
            unit_index,
            column_index,
        }
    }

    /// The field a "Lĩnh vực" text names, if the taxonomy knows it.
    pub fn field_of(&self, text: &str) -> Option<FieldRef> {
        if let Some(f) = self.field_index.get(text) {
            return Some(f);
        }
        // "I. Lĩnh vực kinh tế", "1. Kinh tế", "Lĩnh vực: Kinh tế"
        let key = fold_key(text);
        let stripped = strip_list_marker(&key);
        let prefix = format!("{} ", fold_key("lĩnh vực"));
        let stripped = stripped.strip_prefix(prefix.as_str()).unwrap_or(stripped);
        self.field_index.get(stripped)
    }

    pub fn field_name(&self, field: FieldRef) -> &str {
        let f = &self.fields[field.field];
        match field.subfield {
            Some(s) => &f.subfields[s].name,
            None => &f.name,
        }
    }

    /// What a "Tình trạng" text means; `None` when the text is not understood.
    pub fn status_of(&self, text: &str) -> Option<ModelStatus> {
        // Typed without any diacritics ("Hieu qua"), a text is matched
        // without them; with them, "dùng" is not "dừng".
        let plain = text.is_ascii();
        let key = format!(
            " {} ",
            if plain {
                bare_key(text)
            } else {
                fold_key(text)
            }
        );
        let fold = |p: &str| if plain { bare_key(p) } else { fold_key(p) };
        let in_text = |key: &str, patterns: &[String]| {
            patterns.iter().any(|p| {
                let p = if plain { bare_key(p) } else { p.clone() };
                key.contains(&format!(" {p} "))
            })
        };
        let contains = |patterns: &[String]| in_text(&key, patterns);
        // A model that stopped is stopped however well it once did ("Kém
        // hiệu quả, đã dừng"); "không ngừng" (ceaselessly) and "không hoạt
        // động hiệu quả" (not effective) say no stop.
        let stop_key = [" không ngừng ", " không hoạt động hiệu quả "]
            .iter()
            .fold(key.clone(), |k, phrase| {
                k.replace(&format!(" {} ", fold(phrase.trim())), " ")
            });
        // "Chưa thật sự hiệu quả", "hiệu quả chưa rõ": a clause saying
        // "hiệu quả" with a negation in it is not effective. "Không ngừng"
        // (ceaselessly), "không chỉ" (not only), "không ít" (many) and
        // "không kém" (no less) negate nothing.
        let negated = text.split([',', ';', '(', ')', '/']).any(|clause| {
            let clause = [" không ngừng ", " không chỉ ", " không ít ", " không kém "]
                .iter()
                .fold(format!(" {} ", fold(clause)), |k, phrase| {
                    k.replace(&format!(" {} ", fold(phrase.trim())), " ")
                });
            in_text(&clause, &self.status_effective)
                && ["không", "chưa", "kém", "ít"]
                    .iter()
                    .any(|no| clause.contains(&format!(" {} ", fold(no))))
        });
        if key.trim().is_empty() {
            Some(ModelStatus::Registered)
        } else if in_text(&stop_key, &self.status_stopped) {
            Some(ModelStatus::Stopped)
        } else if contains(&self.status_not_effective) || negated {
            Some(ModelStatus::Registered)
        } else if contains(&self.status_effective) {
            Some(ModelStatus::Effective)
        } else if contains(&self.status_registered_keys) {
            Some(ModelStatus::Registered)
        } else {
            None
        }
    }

    /// What a "Tiêu biểu" cell says.
    pub fn exemplary_of(&self, text: &str) -> ExemplaryMark {
        // A tick is punctuation to the fold: look at it before folding.
        if matches!(text.trim(), "✓" | "✔" | "☑" | "√") {
            return ExemplaryMark::Yes;
        }
        let key = fold_key(text);
        if key.is_empty() || self.exemplary_no_keys.contains(&key) {
            ExemplaryMark::No
        } else if self.exemplary_yes_keys.contains(&key) {
            ExemplaryMark::Yes
        } else {
            self.exemplary_phrase_in(text)
                .unwrap_or(ExemplaryMark::Unknown)
        }
    }

    /// A text holding a mark of several words ("Tiêu biểu cấp huyện",
    /// "Mô hình tiêu biểu"): yes, unless a negation stands in the two words
    /// before it ("không tiêu biểu", "chưa đạt tiêu biểu": no).
    fn exemplary_phrase_in(&self, text: &str) -> Option<ExemplaryMark> {
        const NEGATIONS: [&str; 4] = ["khong", "chua", "chang", "ko"];
        let key = bare_key(text);
        let words: Vec<&str> = key.split(' ').collect();
        self.exemplary_yes_phrases.iter().find_map(|phrase| {
            let phrase: Vec<&str> = phrase.split(' ').collect();
            let at = words
                .windows(phrase.len())
                .position(|window| window == phrase.as_slice())?;
            let negated = words[at.saturating_sub(2)..at]
                .iter()
                .any(|word| NEGATIONS.contains(word));
            Some(match negated {
                true => ExemplaryMark::No,
                false => ExemplaryMark::Yes,
            })
        })
    }

    pub fn work_type_of(&self, text: &str) -> Option<usize> {
        self.work_type_index.get(text)
    }

    pub fn work_type_name<'a>(&'a self, work_type: &'a WorkTypeRef) -> &'a str {
        match work_type {
            WorkTypeRef::Known(i) => &self.work_types[*i].name,
            WorkTypeRef::Other { name, .. } => name,
        }
    }

    pub fn work_type_unit<'a>(&'a self, work_type: &'a WorkTypeRef) -> &'a str {
        match work_type {
            WorkTypeRef::Known(i) => &self.work_types[*i].unit,
            WorkTypeRef::Other { unit, .. } => unit,
        }
    }

    /// The unit a work's quantity takes in a sentence: the taxonomy's choice,
    /// else the unit itself, except the bare classifier "cái".
    pub fn prose_unit<'a>(&'a self, known: Option<usize>, unit: &'a str) -> &'a str {
        match known.and_then(|i| self.work_types[i].prose_unit.as_deref()) {
            Some(prose) => prose,
            None if fold_key(unit) == fold_key("cái") => "",
            None => unit,
        }
    }

    pub fn unit_of(&self, text: &str) -> Option<&UnitDef> {
        self.unit_index_of(text).map(|i| &self.units[i])
    }

    /// The index in `units` of the unit `text` names.
    pub fn unit_index_of(&self, text: &str) -> Option<usize> {
        self.unit_index.get(text)
    }

    /// The columns of `kind` a header text names.
    pub fn column_of(&self, kind: SheetKind, header: &str) -> Option<ColumnId> {
        self.columns_named(header)
            .into_iter()
            .find(|id| reads_column(kind, *id))
    }

    /// Every column, of any sheet kind, a header text names.
    pub fn columns_named(&self, header: &str) -> Vec<ColumnId> {
        self.column_index.get(header).unwrap_or_default()
    }

    /// The template's header name for a column.
    pub fn column_name(&self, column: ColumnId) -> &str {
        self.column_names
            .get(&column)
            .and_then(|names| names.first())
            .map_or("", String::as_str)
    }
}

fn merge_field(fields: &mut Vec<FieldDef>, raw: RawField) {
    let name = clean_text(&raw.name);
    let subfields = raw.subfield.into_iter().map(|s| SubfieldDef {
        name: clean_text(&s.name),
        aliases: s.aliases.iter().map(|a| clean_text(a.get_ref())).collect(),
    });
    match fields
        .iter_mut()
        .find(|f| fold_key(&f.name) == fold_key(&name))
    {
        Some(existing) => {
            existing
                .aliases
                .extend(raw.aliases.iter().map(|a| clean_text(a.get_ref())));
            for s in subfields {
                match existing
                    .subfields
                    .iter_mut()
                    .find(|e| fold_key(&e.name) == fold_key(&s.name))
                {
                    Some(e) => e.aliases.extend(s.aliases),
                    None => existing.subfields.push(s),
                }
            }
        }
        None => fields.push(FieldDef {
            name,
            aliases: raw
                .aliases
                .iter()
                .map(|a| clean_text(a.get_ref()))
                .collect(),
            subfields: subfields.collect(),
        }),
    }
}

/// One name or alias of the taxonomy, for finding aliases that name two
/// entries.
struct Naming<'a> {
    /// The entry it names, by folded key: field (and subfield), work type
    /// or unit.
    target: (String, Option<String>),
    /// The entry, as a message says it: "lĩnh vực \"Văn hóa - xã hội\"".
    entry: String,
    text: &'a str,
    /// The entry's own name, not an alias.
    is_name: bool,
    /// Where the alias is written in the user's file; `None` for a name,
    /// and for an alias of the defaults.
    user_span: Option<Range<usize>>,
}

/// An alias of the user's file that also names another entry: dvk would
/// take one of the two silently.
pub(crate) struct AliasConflict {
    pub span: Range<usize>,
    pub message: String,
}

/// The first alias in the user's file that is the name or an alias of
/// another field (or subfield), work type or unit.
pub(crate) fn alias_conflict(defaults: &RawConfig, user: &RawConfig) -> Option<AliasConflict> {
    let mut fields = Vec::new();
    let mut work_types = Vec::new();
    let mut units = Vec::new();
    for (raw, is_user) in [(defaults, false), (user, true)] {
        for f in &raw.field {
            let field_key = fold_key(&f.name);
            let entry = format!("lĩnh vực \"{}\"", clean_text(&f.name));
            push_namings(
                &mut fields,
                (field_key.clone(), None),
                &entry,
                &f.name,
                &f.aliases,
                is_user,
            );
            for sub in &f.subfield {
                let entry = format!(
                    "lĩnh vực con \"{}\" (của \"{}\")",
                    clean_text(&sub.name),
                    clean_text(&f.name)
                );
                let target = (field_key.clone(), Some(fold_key(&sub.name)));
                push_namings(
                    &mut fields,
                    target,
                    &entry,
                    &sub.name,
                    &sub.aliases,
                    is_user,
                );
            }
        }
        for w in &raw.work_type {
            let entry = format!("loại công trình \"{}\"", clean_text(&w.name));
            push_namings(
                &mut work_types,
                (fold_key(&w.name), None),
                &entry,
                &w.name,
                &w.aliases,
                is_user,
            );
        }
        for u in &raw.unit {
            let entry = format!("đơn vị tính \"{}\"", clean_text(&u.name));
            push_namings(
                &mut units,
                (fold_key(&u.name), None),
                &entry,
                &u.name,
                &u.aliases,
                is_user,
            );
        }
    }
    let mut conflicts: Vec<AliasConflict> = [fields, work_types, units]
        .iter()
        .filter_map(|namings| first_conflict(namings))
        .collect();
    conflicts.sort_by_key(|c| c.span.start);
    conflicts.into_iter().next()
}

fn push_namings<'a>(
    list: &mut Vec<Naming<'a>>,
    target: (String, Option<String>),
    entry: &str,
    name: &'a str,
    aliases: &'a [Alias],
    is_user: bool,
) {
    list.push(Naming {
        target: target.clone(),
        entry: entry.to_owned(),
        text: name,
        is_name: true,
        user_span: None,
    });
    for alias in aliases {
        list.push(Naming {
            target: target.clone(),
            entry: entry.to_owned(),
            text: alias.get_ref(),
            is_name: false,
            user_span: is_user.then(|| alias.span()),
        });
    }
}

/// The first user alias (in file order) that another entry also answers to.
fn first_conflict(namings: &[Naming<'_>]) -> Option<AliasConflict> {
    let mut by_key: HashMap<String, Vec<&Naming<'_>>> = HashMap::new();
    for naming in namings {
        by_key
            .entry(fold_key(naming.text))
            .or_default()
            .push(naming);
    }
    namings
        .iter()
        .filter_map(|alias| {
            let span = alias.user_span.clone()?;
            let other = by_key
                .get(&fold_key(alias.text))?
                .iter()
                .find(|other| other.target != alias.target)?;
            let what = if other.is_name {
                format!("tên của {}", other.entry)
            } else {
                format!("tên gọi khác \"{}\" của {}", clean_text(other.text), other.entry)
            };
            let alias_text = clean_text(alias.text);
            Some(AliasConflict {
                span,
                message: format!(
                    "tên gọi khác \"{alias_text}\" của {} trùng với {what}: một tên chỉ được chỉ một mục, \
                     nếu không dvk không biết ô ghi \"{alias_text}\" thuộc mục nào. Hãy bỏ \"{alias_text}\" \
                     khỏi aliases của {}",
                    alias.entry, alias.entry
                ),
            })
        })
        .min_by_key(|c| c.span.start)
}

/// Drops a leading "I.", "II -", "1.", "a)" from a folded text.
pub(crate) fn strip_list_marker(key: &str) -> &str {
    let mut words = key.splitn(2, ' ');
    let first = words.next().unwrap_or("");
    let rest = words.next().unwrap_or("");
    let is_roman = !first.is_empty() && first.chars().all(|c| matches!(c, 'i' | 'v' | 'x' | 'l'));
    let is_number = !first.is_empty() && first.chars().all(|c| c.is_ascii_digit());
    let is_letter = first.len() == 1 && first.chars().all(|c| c.is_ascii_lowercase());
    if (is_roman || is_number || is_letter) && !rest.is_empty() {
        rest
    } else {
        key
    }
}

#[cfg(test)]
mod tests {
    use crate::config::{Config, ExemplaryMark};
    use crate::domain::ModelStatus;

    fn taxonomy() -> crate::config::Taxonomy {
        Config::default_config().expect("defaults").taxonomy
    }

    #[test]
    fn field_aliases() {
        let t = taxonomy();
        let cases = [
            ("Phát triển kinh tế", "Phát triển kinh tế"),
            ("KT", "Phát triển kinh tế"),
            ("Lĩnh vực kinh tế", "Phát triển kinh tế"),
            ("I. Lĩnh vực kinh tế", "Phát triển kinh tế"),
            ("VH-XH", "Văn hóa - xã hội"),
            ("VHXH", "Văn hóa - xã hội"),
            ("Văn hoá – Xã hội", "Văn hóa - xã hội"),
            ("Văn hóa, xã hội", "Văn hóa - xã hội"),
            ("Bảo vệ môi trường", "Bảo vệ môi trường"),
            ("QP-AN", "Quốc phòng - an ninh"),
            ("QPAN", "Quốc phòng - an ninh"),
            ("Quốc phòng – An ninh", "Quốc phòng - an ninh"),
            ("ANTT", "An ninh trật tự"),
            ("XDHTCT", "Xây dựng hệ thống chính trị"),
            ("XD HTCT", "Xây dựng hệ thống chính trị"),
            ("Xây dựng Đảng, chính quyền", "Xây dựng hệ thống chính trị"),
            ("Các lĩnh vực khác", "Khác"),
            ("kinh te", "Phát triển kinh tế"),
        ];
        for (text, expected) in cases {
            let f = t
                .field_of(text)
                .unwrap_or_else(|| panic!("{text:?} not found"));
            assert_eq!(t.field_name(f), expected, "{text:?}");
        }
        assert_eq!(t.field_of("Chuyển đổi số"), None);
    }

    #[test]
    fn subfields_belong_to_their_field() {
        let t = taxonomy();
        let f = t.field_of("Môi trường").expect("alias");
        assert_eq!(t.fields[f.field].name, "Văn hóa - xã hội");
        let f = t.field_of("An ninh trật tự").expect("name");
        assert_eq!(t.fields[f.field].name, "Quốc phòng - an ninh");
    }

    #[test]
    fn statuses() {
        let t = taxonomy();
        let cases = [
            ("Hiệu quả", Some(ModelStatus::Effective)),
            ("Đang duy trì, hiệu quả", Some(ModelStatus::Effective)),
            ("Duy trì hiệu quả", Some(ModelStatus::Effective)),
            ("DUY TRÌ HIỆU QUẢ", Some(ModelStatus::Effective)),
            ("Không hiệu quả", Some(ModelStatus::Registered)),
            ("Ngừng hoạt động", Some(ModelStatus::Stopped)),
            ("Đã dừng", Some(ModelStatus::Stopped)),
            ("Đăng ký", Some(ModelStatus::Registered)),
            ("Mới đăng ký", Some(ModelStatus::Registered)),
            ("Đang thực hiện", Some(ModelStatus::Registered)),
            ("", Some(ModelStatus::Registered)),
            ("Hieu qua", Some(ModelStatus::Effective)),
            ("Khong hieu qua", Some(ModelStatus::Registered)),
            ("Ngung", Some(ModelStatus::Stopped)),
            ("Đang sử dụng", None),
            ("Tốt lắm", None),
            // From a walkthrough: partly effective is not effective, "HQ"
            // is "hiệu quả", not running any more is stopped.
            ("Hiệu quả chưa cao", Some(ModelStatus::Registered)),
            ("Hoạt động hiệu quả", Some(ModelStatus::Effective)),
            ("Không hoạt động hiệu quả", Some(ModelStatus::Registered)),
            ("HQ", Some(ModelStatus::Effective)),
            ("Không HQ", Some(ModelStatus::Registered)),
            ("Không còn hoạt động", Some(ModelStatus::Stopped)),
            ("Ngưng hoạt động", Some(ModelStatus::Stopped)),
            // From the walkthrough's second look.
            ("Chưa thật sự hiệu quả", Some(ModelStatus::Registered)),
            ("Chưa phát huy hiệu quả", Some(ModelStatus::Registered)),
            ("Hiệu quả chưa rõ", Some(ModelStatus::Registered)),
            ("Kém hiệu quả, ngừng hoạt động", Some(ModelStatus::Stopped)),
            ("Không hiệu quả, đã dừng", Some(ModelStatus::Stopped)),
            ("Không duy trì", Some(ModelStatus::Stopped)),
            ("Không hoạt động", Some(ModelStatus::Stopped)),
            (
                "Hiệu quả, không ngừng nhân rộng",
                Some(ModelStatus::Effective),
            ),
            ("Đang duy trì, hiệu quả", Some(ModelStatus::Effective)),
            // Words that only look like negations, in the same clause.
            ("Duy trì hiệu quả không ngừng", Some(ModelStatus::Effective)),
            ("Hiệu quả không chỉ ở xã", Some(ModelStatus::Effective)),
            ("Hiệu quả không kém năm trước", Some(ModelStatus::Effective)),
            (
                "Hiệu quả, không ít hộ tham gia",
                Some(ModelStatus::Effective),
            ),
            ("Không chỉ chưa hiệu quả", Some(ModelStatus::Registered)),
        ];
        for (text, expected) in cases {
            assert_eq!(t.status_of(text), expected, "{text:?}");
        }
    }

    #[test]
    fn exemplary_marks() {
        let t = taxonomy();
        for (text, mark) in [
            ("x", ExemplaryMark::Yes),
            ("X", ExemplaryMark::Yes),
            ("có", ExemplaryMark::Yes),
            ("Có", ExemplaryMark::Yes),
            ("✓", ExemplaryMark::Yes),
            ("1", ExemplaryMark::Yes),
            ("Tiêu biểu", ExemplaryMark::Yes),
            ("tiêu biểu cấp huyện", ExemplaryMark::Yes),
            ("Mô hình TIÊU BIỂU", ExemplaryMark::Yes),
            ("Tieu bieu cap tinh", ExemplaryMark::Yes),
            ("không tiêu biểu", ExemplaryMark::No),
            ("Chưa tiêu biểu", ExemplaryMark::No),
            ("chưa đạt tiêu biểu", ExemplaryMark::No),
            ("biểu dương", ExemplaryMark::Unknown),
            ("", ExemplaryMark::No),
            ("không", ExemplaryMark::No),
            ("tốt", ExemplaryMark::Unknown),
        ] {
            assert_eq!(t.exemplary_of(text), mark, "{text:?}");
        }
    }

    #[test]
    fn work_types_and_units() {
        let t = taxonomy();
        for (text, expected) in [
            ("Đường GTNT", "Đường giao thông nông thôn"),
            ("cầu bê-tông", "Cầu"),
            ("Nhà đại đoàn kết", "Nhà tình thương"),
            ("Mái ấm công đoàn", "Nhà tình thương"),
            ("Nhà văn hoá", "Nhà văn hóa"),
        ] {
            let i = t.work_type_of(text).unwrap_or_else(|| panic!("{text:?}"));
            assert_eq!(t.work_types[i].name, expected);
        }
        assert_eq!(t.unit_of("mét").map(|u| u.name.as_str()), Some("m"));
        assert_eq!(t.unit_of("Km").map(|u| u.name.as_str()), Some("km"));
    }
}
