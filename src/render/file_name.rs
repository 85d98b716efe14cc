//! How the printed report names an input file: as the clerk knows it.
//!
//! Files are identified everywhere by the path shown for them (the input
//! as typed, joined with the path below it). A report that is printed and
//! signed should not carry the machine's folders above the input
//! ("/home/…", "C:/Users/…/Desktop/…", as a dropped folder gives them): it
//! names a file by its path from the folder that was given, that folder's
//! name included ("Bao cao cac xa/xa-long-son.xlsx"), or a file given by
//! itself by its own name. The workbook and `tong-hop.json` keep the full
//! path, to find the file on this machine and to merge summaries.

use std::borrow::Cow;

/// The report's names for the files under the inputs of a run.
#[derive(Debug, Clone, Default)]
pub struct ReportNames {
    /// What each input's files start with above the name kept, each ending
    /// in `/`, longest first.
    above: Vec<String>,
}

/// Separates a roll-up's file from the files it holds: "xa.json › xa.xlsx".
const WITHIN: &str = " › ";

impl ReportNames {
    /// Names for the files under `inputs`, each as shown to the user
    /// (`/` separators, as [`crate::ingest::display_path`] writes them).
    pub fn new<S: AsRef<str>>(inputs: &[S]) -> Self {
        let mut above: Vec<String> = inputs
            .iter()
            .filter_map(|input| above_input(input.as_ref()))
            .collect();
        above.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        above.dedup();
        ReportNames { above }
    }

    /// The report's name for the file shown as `path`: "/home/x/Bao cao/xa.xlsx"
    /// given as "/home/x/Bao cao" is "Bao cao/xa.xlsx". The files inside a
    /// lower level's summary ("xa.json › /home/y/xa.xlsx") keep only their
    /// own name when their path is absolute on the machine that made it.
    pub fn name<'a>(&self, path: &'a str) -> Cow<'a, str> {
        let mut parts = path.split(WITHIN);
        let first = parts.next().unwrap_or_default();
        let first = self
            .above
            .iter()
            .find_map(|above| first.strip_prefix(above.as_str()))
            .filter(|rest| !rest.is_empty())
            .unwrap_or(first);
        let inner: Vec<&str> = parts.map(own_name_if_absolute).collect();
        if first.len() == path.len() {
            return Cow::Borrowed(path);
        }
        if inner.is_empty() {
            return Cow::Borrowed(first);
        }
        let mut name = first.to_owned();
        for part in inner {
            name.push_str(WITHIN);
            name.push_str(part);
        }
        Cow::Owned(name)
    }

    /// `text` (a problem's message) with the same folders left out of the
    /// paths it quotes: "giống hệt tệp /home/x/Bao cao/xa.xlsx" reads
    /// "giống hệt tệp Bao cao/xa.xlsx".
    pub fn in_text<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let mut out = Cow::Borrowed(text);
        // A bare "/" is too short to be told from other text ("03/4/2017").
        for above in self.above.iter().filter(|a| a.chars().count() > 1) {
            if out.contains(above.as_str()) {
                out = Cow::Owned(out.replace(above.as_str(), ""));
            }
        }
        out
    }
}

/// What an input's files start with above the part the report keeps: the
/// folders above the input ("/home/x/" for "/home/x/Bao cao"), or the whole
/// input when it ends in ".." (its files are then named from inside it).
/// None when nothing is above it ("sample-data", "xa.xlsx", ".").
fn above_input(input: &str) -> Option<String> {
    let input = input.trim_end_matches('/');
    let (parent, last) = match input.rsplit_once('/') {
        Some((parent, last)) => (parent, last),
        None => ("", input),
    };
    if last == ".." {
        return Some(format!("{input}/"));
    }
    if last.is_empty() || (parent.is_empty() && !input.starts_with('/')) {
        return None;
    }
    Some(format!("{parent}/"))
}

/// A path written on another machine ("/home/y/xa.xlsx", "C:/Users/y/xa.xlsx",
/// "C:\Users\y\xa.xlsx") by its file name; a relative one as it is.
fn own_name_if_absolute(path: &str) -> &str {
    let bytes = path.as_bytes();
    let absolute = path.starts_with('/')
        || path.starts_with('\\')
        || (bytes.len() > 2
            && bytes[0].is_ascii_alphabetic()
            && bytes[1] == b':'
            && matches!(bytes[2], b'/' | b'\\'));
    if !absolute {
        return path;
    }
    path.rsplit(['/', '\\'])
        .find(|part| !part.is_empty())
        .unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_a_file_from_the_folder_given() {
        let names = ReportNames::new(&[
            "/home/chuyen-vien/Bao cao cac xa",
            "C:/Users/cv/Desktop/xa-thanh-an.xlsx",
            "sample-data",
            "../../nhan",
        ]);
        for (path, name) in [
            (
                "/home/chuyen-vien/Bao cao cac xa/xa-long-son.xlsx",
                "Bao cao cac xa/xa-long-son.xlsx",
            ),
            (
                "/home/chuyen-vien/Bao cao cac xa/huyen/xa.csv",
                "Bao cao cac xa/huyen/xa.csv",
            ),
            ("C:/Users/cv/Desktop/xa-thanh-an.xlsx", "xa-thanh-an.xlsx"),
            (
                "sample-data/xa-long-mai.xlsx",
                "sample-data/xa-long-mai.xlsx",
            ),
            ("../../nhan/xa.json", "nhan/xa.json"),
            (
                "../../nhan/xa.json › /home/y/Bao cao/xa-a.xlsx",
                "nhan/xa.json › xa-a.xlsx",
            ),
            (
                "../../nhan/xa.json › C:\\Users\\y\\xa-b.xlsx",
                "nhan/xa.json › xa-b.xlsx",
            ),
            (
                "../../nhan/xa.json › huyen/xa-c.xlsx",
                "nhan/xa.json › huyen/xa-c.xlsx",
            ),
            ("xa.xlsx", "xa.xlsx"),
        ] {
            assert_eq!(names.name(path), name, "{path}");
        }
    }

    #[test]
    fn leaves_the_folders_out_of_a_message() {
        let names = ReportNames::new(&["/tmp/abc/Bao cao", "/"]);
        assert_eq!(
            names.in_text("Tệp này giống hệt tệp /tmp/abc/Bao cao/xa.xlsx, ngày 03/4/2017"),
            "Tệp này giống hệt tệp Bao cao/xa.xlsx, ngày 03/4/2017"
        );
    }

    #[test]
    fn what_is_above_an_input() {
        for (input, above) in [
            ("/home/x/Bao cao", Some("/home/x/")),
            ("/home/x/Bao cao/", Some("/home/x/")),
            ("/xa.xlsx", Some("/")),
            ("C:/Users/x", Some("C:/Users/")),
            ("sample-data", None),
            ("a/b", Some("a/")),
            ("..", Some("../")),
            ("../x", Some("../")),
            ("", None),
        ] {
            assert_eq!(above_input(input).as_deref(), above, "{input:?}");
        }
    }
}
