//! A place written without diacritics where other rows write it with
//! them: "Quang Ngai" beside "Quảng Ngãi", typed without a Vietnamese
//! keyboard. Places are told apart by a key that keeps diacritics
//! (interface.md), and rightly: "Long Môn" and "Long Mơn" may be two
//! communes. So nothing is merged here; but a name with no mark at all
//! whose letters are those of a name written with marks, at the same level
//! under the same parent, is most likely that place, and dvk counted it as
//! another. One warning per such name says where it was written, which
//! name it looks like, how to fix it, and whether it changed the level the
//! tables group by (a second "province" makes them group by province).
//!
//! Names are compared once every file is merged, whatever their order: one
//! map per level, keyed by the path's names stripped to their letters.

use crate::aggregate::unaccented::{SheetRows, UnaccentedPlace, ROWS_KEPT};
use crate::aggregate::{group_level, LocalityKey, Summary};
use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::domain::{LocalityLevel, SharedText};
use crate::normalise::fold::{bare_key, fold_key};
use crate::render::vn_format::{count, first_few};
use std::collections::{BTreeMap, HashMap};

/// Rows and other sheets named in the warning before the rest are counted.
const ROWS_NAMED: usize = 3;
const SHEETS_NAMED: usize = 2;

/// A name's letters without any mark ("đ" is "d"), case folded, and
/// without its own level's word ("Xa Long Mon" is "long mon", as "Xã Long
/// Môn" is "Long Môn"); hamlets keep theirs, as their keys do.
pub(crate) fn stripped(level: LocalityLevel, name: &str) -> String {
    let bare = bare_key(name);
    let Some(word) = level.own_word() else {
        return bare;
    };
    let word = format!("{} ", bare_key(word));
    match bare.strip_prefix(&word) {
        Some(rest) if !rest.is_empty() => rest.to_owned(),
        _ => bare,
    }
}

/// Stripped names, each made once: a province's name is on every path.
#[derive(Default)]
struct Strip<'a>(HashMap<(LocalityLevel, &'a str), String>);

impl<'a> Strip<'a> {
    /// The path `key[..=level]` stripped, level by level.
    fn path(&mut self, key: &'a [SharedText], level: LocalityLevel) -> Vec<String> {
        LocalityLevel::ALL[..=level.index()]
            .iter()
            .map(|&l| {
                let name: &str = &key[l.index()];
                self.0
                    .entry((l, name))
                    .or_insert_with(|| stripped(l, name))
                    .clone()
            })
            .collect()
    }
}

/// A name without diacritics that looks like other names at its place.
struct Finding {
    level: LocalityLevel,
    /// Its key down to its level (as the models' table keys it).
    path: Vec<SharedText>,
    place: UnaccentedPlace,
    /// The names it looks like: (key, spelling), by key.
    looks_like: Vec<(SharedText, String)>,
    /// The level the tables group by because of it, and the one they would
    /// without the names found.
    changed_level: Option<(LocalityLevel, LocalityLevel)>,
}

/// Warns, once per name, of a place written without diacritics where other
/// rows write the same letters with them. `group_by` is the level asked
/// for (`--group-by`), if any: only the default level can have changed.
pub fn warn_unaccented_places(summary: &mut Summary, group_by: Option<LocalityLevel>) {
    let mut diagnostics = marks_apart(summary);
    if !summary.unaccented_places.is_empty() {
        diagnostics.extend(find(summary, group_by).iter().map(warning));
    }
    if diagnostics.is_empty() {
        return;
    }
    for diagnostic in diagnostics {
        let location = &diagnostic.location;
        if let Some(file) = summary
            .files
            .iter_mut()
            .find(|f| f.index == location.file_index && *f.file == *location.file)
        {
            file.warnings += 1;
        }
        summary.problems.push(diagnostic);
    }
    summary
        .problems
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}

/// Names of one place level, under the same parent, written with
/// diacritics that differ only in their marks: "Kỳ Tan" beside "Kỳ Tân",
/// a mark left out. Two places to the key, and maybe truly two, so nothing
/// is merged; one warning per such set, at the first row of the spelling
/// with the fewest models (most likely the slip), naming the others.
/// Provinces, districts and communes only: hamlets alike in letters are
/// many and often truly apart.
fn marks_apart(summary: &Summary) -> Vec<Diagnostic> {
    /// A spelling: its name as first written, where, and its models.
    struct Spelling {
        shown: SharedText,
        first_seen: (usize, u32),
        models: u64,
    }
    let mut strip = Strip::default();
    let mut by_letters: BTreeMap<(LocalityLevel, Vec<String>), BTreeMap<&SharedText, Spelling>> =
        BTreeMap::new();
    for (key, tally) in &summary.localities {
        for level in [
            LocalityLevel::Province,
            LocalityLevel::District,
            LocalityLevel::Commune,
        ] {
            let name = &key[level.index()];
            let Some(shown) = &tally.names[level.index()] else {
                continue;
            };
            if name.is_ascii() {
                continue;
            }
            let spelling = by_letters
                .entry((level, strip.path(key, level)))
                .or_default()
                .entry(name)
                .or_insert_with(|| Spelling {
                    shown: shown.clone(),
                    first_seen: tally.first_seen,
                    models: 0,
                });
            if tally.first_seen < spelling.first_seen {
                spelling.shown = shown.clone();
                spelling.first_seen = tally.first_seen;
            }
            spelling.models += tally.total;
        }
    }
    let mut diagnostics = Vec::new();
    for ((level, _), spellings) in by_letters {
        if spellings.len() < 2 {
            continue;
        }
        let mut spellings: Vec<Spelling> = spellings.into_values().collect();
        spellings.sort_by_key(|s| (s.models, std::cmp::Reverse(s.first_seen)));
        let slip = spellings.remove(0);
        let (file_index, row) = slip.first_seen;
        let Some(file) = summary.files.iter().find(|f| f.index == file_index) else {
            continue;
        };
        let level_word = level.vietnamese();
        let own = |s: &Spelling| without_own_word(level, &s.shown).to_owned();
        let others: Vec<String> = spellings
            .iter()
            .map(|s| format!("\"{}\" ({})", own(s), count(s.models, false) + " mô hình"))
            .collect();
        let fix = spellings.last().map(own).unwrap_or_default();
        let spelled = own(&slip);
        diagnostics.push(Diagnostic::new(
            Severity::Warning,
            Location {
                // A rolled-up summary's places have no row.
                row: (row > 0).then_some(row),
                ..Location::file(file_index, &file.file)
            },
            format!(
                "tên {level_word} \"{spelled}\" ({} mô hình) và tên {level_word} {} \
                 chỉ khác nhau ở dấu; dvk tính đây là các {level_word} khác nhau, không gộp số liệu. \
                 Nếu là một nơi (gõ thiếu hay sai dấu), hãy sửa cho giống nhau, ví dụ sửa \"{spelled}\" \
                 thành \"{fix}\", rồi chạy lại; nếu đúng là các nơi khác nhau thì bỏ qua cảnh báo này",
                count(slip.models, false),
                others.join(" và ")
            ),
        ));
    }
    diagnostics
}

/// The names without diacritics that look like names with them.
fn find(summary: &Summary, group_by: Option<LocalityLevel>) -> Vec<Finding> {
    let unaccented = &summary.unaccented_places.0;
    let mut levels = [false; 4];
    for (level, _) in unaccented.keys() {
        levels[level.index()] = true;
    }
    // Every place counted, with the spelling the tables show when models
    // name it; reporting places (of every kind of row) end at the commune,
    // their hamlet slot holding an agency, not a hamlet.
    let paths = summary
        .localities
        .iter()
        .map(|(key, tally)| (key, Some(tally), LocalityLevel::Hamlet))
        .chain(
            summary
                .reporting_places
                .iter()
                .map(|key| (key, None, LocalityLevel::Commune)),
        );
    type Spelled = Option<((usize, u32), SharedText)>;
    let mut strip = Strip::default();
    let mut accented: [BTreeMap<Vec<String>, BTreeMap<SharedText, Spelled>>; 4] =
        Default::default();
    for (key, tally, deepest) in paths {
        for level in LocalityLevel::ALL {
            let name = &key[level.index()];
            if level > deepest || !levels[level.index()] || name.is_empty() || name.is_ascii() {
                continue;
            }
            let spelled = accented[level.index()]
                .entry(strip.path(key, level))
                .or_default()
                .entry(name.clone())
                .or_default();
            let Some(tally) = tally else { continue };
            let Some(shown) = &tally.names[level.index()] else {
                continue;
            };
            if spelled
                .as_ref()
                .is_none_or(|(seen, _)| tally.first_seen < *seen)
            {
                *spelled = Some((tally.first_seen, shown.clone()));
            }
        }
    }
    let mut findings = Vec::new();
    let mut instead: HashMap<(LocalityLevel, &[SharedText]), &SharedText> = HashMap::new();
    for ((level, path), place) in unaccented {
        let Some(names) = accented[level.index()].get(&strip.path(path, *level)) else {
            continue;
        };
        let looks_like: Vec<(SharedText, String)> = names
            .iter()
            .map(|(key, spelled)| {
                let shown = spelled
                    .as_ref()
                    .map_or_else(|| title_case(key), |(_, s)| s.to_string());
                (key.clone(), shown)
            })
            .collect();
        if let Some((key, _)) = names.first_key_value() {
            instead.insert((*level, path.as_slice()), key);
        }
        findings.push(Finding {
            level: *level,
            path: path.clone(),
            place: place.clone(),
            looks_like,
            changed_level: None,
        });
    }
    if group_by.is_none() && !findings.is_empty() {
        mark_changed_level(summary, &instead, &mut findings);
    }
    findings
}

/// Notes on the findings that made the tables group at a higher level
/// than they would with each name written as the one it looks like.
fn mark_changed_level(
    summary: &Summary,
    instead: &HashMap<(LocalityLevel, &[SharedText]), &SharedText>,
    findings: &mut [Finding],
) {
    let grouped = summary.default_group_level();
    let corrected = |key: &LocalityKey| -> [SharedText; 4] {
        let mut names = key.clone();
        for level in LocalityLevel::ALL {
            let i = level.index();
            if key[i].is_ascii() && !key[i].is_empty() {
                if let Some(other) = instead.get(&(level, &key[..=i])) {
                    names[i] = (*other).clone();
                }
            }
        }
        names
    };
    let corrected: Vec<[SharedText; 4]> = summary.localities.keys().map(corrected).collect();
    let would = group_level(corrected.iter().map(|k| k.each_ref().map(|t| &**t)));
    if would == grouped {
        return;
    }
    // The names at the level grouped by that the models' table holds.
    let at_level: std::collections::BTreeSet<&[SharedText]> = summary
        .localities
        .keys()
        .map(|key| &key[..=grouped.index()])
        .collect();
    for finding in findings.iter_mut() {
        if finding.level == grouped && at_level.contains(finding.path.as_slice()) {
            finding.changed_level = Some((grouped, would));
        }
    }
}

/// "quảng ngãi" → "Quảng Ngãi": a key shown when no model spells it.
fn title_case(key: &str) -> String {
    key.split(' ')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect()
            })
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The warning for one name, at the first row that wrote it.
fn warning(finding: &Finding) -> Diagnostic {
    let place = &finding.place;
    let mut sheets = place.sheets.iter();
    let first = sheets.next();
    let location = match first {
        Some(((file_index, file, sheet_index), rows)) => Location {
            file_index: *file_index,
            file: file.clone(),
            sheet: Some(rows.sheet.clone()),
            sheet_index: *sheet_index,
            row: rows.rows.first().copied(),
            ..Location::default()
        },
        None => Location::default(),
    };
    let mut written = first.map_or_else(String::new, |(_, rows)| rows_named(rows));
    let others: Vec<String> = sheets
        .map(|((_, file, _), rows)| {
            let at = Location {
                file: file.clone(),
                sheet: Some(rows.sheet.clone()),
                ..Location::default()
            };
            let file_named = if *file == location.file {
                String::new()
            } else {
                format!("tệp {file}, ")
            };
            let sheet = at.place();
            let sheet = if sheet.is_empty() {
                sheet
            } else {
                format!("{sheet}, ")
            };
            format!("{file_named}{sheet}{}", rows_named(rows))
        })
        .collect();
    if !others.is_empty() {
        written.push_str("; ");
        written.push_str(&first_few(&others, SHEETS_NAMED, "; ", "trang"));
    }
    let level = finding.level.vietnamese();
    let spelling = &place.spelling;
    // "tên xã \"Long Môn\"", where a row wrote "Xã Long Môn".
    let looks_like: Vec<&str> = finding
        .looks_like
        .iter()
        .map(|(_, shown)| without_own_word(finding.level, shown))
        .collect();
    let looks: Vec<String> = looks_like.iter().map(|s| format!("\"{s}\"")).collect();
    let fix = looks_like.first().copied().unwrap_or_default();
    let changed = finding
        .changed_level
        .map_or_else(String::new, |(grouped, would)| {
            format!(
                "; vì có thêm {level} này nên các bảng theo địa phương và báo cáo chia theo cấp {grouped} \
                 thay vì cấp {would}"
            )
        });
    Diagnostic::new(
        Severity::Warning,
        location,
        format!(
            "tên {level} \"{spelling}\" viết không dấu ({written}) giống tên {level} {} ở các dòng khác, \
             chỉ khác dấu; dvk tính đây là hai {level} khác nhau, không gộp số liệu{changed}. \
             Nếu là một nơi, hãy sửa \"{spelling}\" thành \"{fix}\" (viết có dấu như các dòng khác) \
             rồi chạy lại; nếu đúng là hai nơi khác nhau thì bỏ qua cảnh báo này",
            looks.join(" hoặc ")
        ),
    )
}

/// A name without its own level's word: "Long Môn" for "Xã Long Môn".
fn without_own_word(level: LocalityLevel, name: &str) -> &str {
    match name.split_once(' ') {
        Some((word, rest))
            if level != LocalityLevel::Hamlet
                && !rest.is_empty()
                && fold_key(word) == fold_key(level.vietnamese()) =>
        {
            rest
        }
        _ => name,
    }
}

/// "dòng 3, 5, 8 và 4 dòng khác".
fn rows_named(rows: &SheetRows) -> String {
    crate::render::vn_format::rows_named(&rows.rows, rows.count, ROWS_NAMED.min(ROWS_KEPT))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stripping_keeps_the_letters_only() {
        use LocalityLevel::*;
        assert_eq!(stripped(Province, "quảng ngãi"), "quang ngai");
        assert_eq!(stripped(Province, "Quang Ngai"), "quang ngai");
        assert_eq!(stripped(Commune, "Đắk Đoa"), "dak doa");
        // The level's own word goes, unmarked too; another level's stays.
        assert_eq!(stripped(Commune, "Xa Long Mon"), "long mon");
        assert_eq!(stripped(Commune, "xã long môn"), "long mon");
        assert_eq!(stripped(District, "thị xã kỳ anh"), "thi xa ky anh");
        assert_eq!(stripped(Commune, "Xa"), "xa");
        assert_eq!(stripped(Hamlet, "Thon 1"), "thon 1");
        // Names that differ only in marks strip alike: hence the warning
        // only when one of them has none at all.
        assert_eq!(stripped(Commune, "long môn"), stripped(Commune, "long mơn"));
    }

    #[test]
    fn a_key_with_no_model_is_shown_in_title_case() {
        assert_eq!(title_case("quảng ngãi"), "Quảng Ngãi");
        assert_eq!(title_case("đắk lắk"), "Đắk Lắk");
    }
}
