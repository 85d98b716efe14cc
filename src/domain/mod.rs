//! The vocabulary of a "Dân vận khéo" review: records and the values in them.
//!
//! No I/O and no formatting here; every other stage speaks these types.
//! A sector of work is a [`FieldRef`]; a spreadsheet column is never called a field.

mod locality;
mod money;
mod quantity;
mod record;

pub use locality::{Locality, LocalityLevel};
pub use money::{Money, MoneyUnit};
pub use quantity::Quantity;
pub use record::{BudgetSplit, FieldRef, Model, ModelStatus, Record, Resource, Work, WorkTypeRef};

/// The three kinds of sheet, recognised by their header row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SheetKind {
    Models,
    Works,
    Resources,
}

impl SheetKind {
    pub const ALL: [SheetKind; 3] = [SheetKind::Models, SheetKind::Works, SheetKind::Resources];

    /// The sheet's name in the template ("Mô hình").
    pub const fn vietnamese(self) -> &'static str {
        match self {
            SheetKind::Models => "Mô hình",
            SheetKind::Works => "Công trình",
            SheetKind::Resources => "Nguồn lực",
        }
    }
}
