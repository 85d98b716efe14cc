//! Where a record belongs: a path tỉnh › huyện › xã › thôn/ấp, any level blank.

use std::fmt;

/// One level of the administrative path, highest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LocalityLevel {
    Province,
    District,
    Commune,
    Hamlet,
}

impl LocalityLevel {
    pub const ALL: [LocalityLevel; 4] = [
        LocalityLevel::Province,
        LocalityLevel::District,
        LocalityLevel::Commune,
        LocalityLevel::Hamlet,
    ];

    pub const fn index(self) -> usize {
        self as usize
    }

    /// The word a name at this level may open with and still be the same
    /// place ("Xã Khánh Bình" is "Khánh Bình"); none for hamlets, whose
    /// words are part of their names ("Ấp 1", "Thôn 2").
    pub const fn own_word(self) -> Option<&'static str> {
        match self {
            LocalityLevel::Hamlet => None,
            _ => Some(self.vietnamese()),
        }
    }

    /// The word used in labels such as "Minh Long (cấp huyện)".
    pub const fn vietnamese(self) -> &'static str {
        match self {
            LocalityLevel::Province => "tỉnh",
            LocalityLevel::District => "huyện",
            LocalityLevel::Commune => "xã",
            LocalityLevel::Hamlet => "thôn",
        }
    }

    /// The spelling used on the command line (`--group-by xa`).
    pub const fn ascii(self) -> &'static str {
        match self {
            LocalityLevel::Province => "tinh",
            LocalityLevel::District => "huyen",
            LocalityLevel::Commune => "xa",
            LocalityLevel::Hamlet => "thon",
        }
    }
}

impl fmt::Display for LocalityLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.vietnamese())
    }
}

/// A locality path as the user spelled it (NFC, trimmed); blank levels are `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Locality {
    pub names: [Option<crate::domain::SharedText>; 4],
}

impl Locality {
    pub fn name(&self, level: LocalityLevel) -> Option<&str> {
        self.names[level.index()].as_deref()
    }
}
