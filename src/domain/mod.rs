//! The vocabulary of a "Dân vận khéo" review: records and the values in them.
//!
//! No I/O and no formatting here; every other stage speaks these types.
//! A sector of work is a [`FieldRef`]; a spreadsheet column is never called a field.

mod locality;
mod money;
mod quantity;
mod record;
mod shared_text;

pub use locality::{Locality, LocalityLevel};
pub use money::{Money, MoneyUnit};
pub use quantity::Quantity;
pub use record::{
    BudgetSplit, Commendation, Dialogue, FieldRef, FocusLocality, Model, ModelStatus,
    RecipientKind, Record, Resource, Work, WorkTypeRef,
};
pub use shared_text::{SharedText, TextPool, TextSet};

/// The three kinds of sheet, recognised by their header row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SheetKind {
    Models,
    Works,
    Resources,
    /// Khen thưởng: who was commended, by which form.
    Commendations,
    /// Tiếp xúc, đối thoại: meetings of leaders with citizens.
    Dialogues,
    /// Địa bàn điểm: communes and hamlets chosen for "Dân vận khéo".
    FocusLocalities,
}

impl SheetKind {
    pub const ALL: [SheetKind; 6] = [
        SheetKind::Models,
        SheetKind::Works,
        SheetKind::Resources,
        SheetKind::Commendations,
        SheetKind::Dialogues,
        SheetKind::FocusLocalities,
    ];

    /// The sheet's name in the template ("Mô hình").
    pub const fn vietnamese(self) -> &'static str {
        match self {
            SheetKind::Models => "Mô hình",
            SheetKind::Works => "Công trình",
            SheetKind::Resources => "Nguồn lực",
            SheetKind::Commendations => "Khen thưởng",
            SheetKind::Dialogues => "Tiếp xúc, đối thoại",
            SheetKind::FocusLocalities => "Địa bàn điểm",
        }
    }
}
