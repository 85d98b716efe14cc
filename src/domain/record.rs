//! The three kinds of record a review counts: models, works and resources.

use super::{Locality, Money, Quantity};

/// A field of the taxonomy, and optionally one of its subfields (indices into
/// the taxonomy's lists, which keep their order in every output).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FieldRef {
    pub field: usize,
    pub subfield: Option<usize>,
}

/// What a model's "Tình trạng" says about it now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ModelStatus {
    Registered,
    Effective,
    Stopped,
}

/// A "Dân vận khéo" model (mô hình, điển hình).
#[derive(Debug, Clone, Hash)]
pub struct Model {
    pub name: String,
    /// "Đơn vị thực hiện": who runs the model.
    pub implementer: String,
    pub locality: Locality,
    pub field: FieldRef,
    pub year: i32,
    pub status: ModelStatus,
    pub exemplary: bool,
    pub funding: Option<Money>,
}

/// A work's type: one of the taxonomy's, or a type of the user's own.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WorkTypeRef {
    Known(usize),
    Other { name: String, unit: String },
}

/// Money of a work or a resource row, split by source; total = state + mobilised
/// unless the sheet said otherwise (kept as given, with a warning).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct BudgetSplit {
    pub total: Money,
    pub state_budget: Money,
    pub mobilized: Money,
}

/// A work (công trình, phần việc): a road, a bridge, a house.
#[derive(Debug, Clone, Hash)]
pub struct Work {
    pub name: String,
    pub work_type: WorkTypeRef,
    pub quantity: Quantity,
    pub locality: Locality,
    pub year: i32,
    pub money: BudgetSplit,
}

/// A row of resources mobilised (nguồn lực) in one place and year.
#[derive(Debug, Clone, Hash)]
pub struct Resource {
    pub locality: Locality,
    pub year: i32,
    pub participations: i64,
    pub money: BudgetSplit,
    pub workdays: i64,
    pub land_m2: Quantity,
}

/// Who a commendation went to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RecipientKind {
    Collective,
    Individual,
}

/// Commendations (Bằng khen, Giấy khen…) of one row: to a collective or a
/// person, or, on a sheet of counts, to so many of each.
#[derive(Debug, Clone, Hash)]
pub struct Commendation {
    pub year: i32,
    /// "Bằng khen", "Giấy khen", as written (tidied).
    pub form: String,
    /// Who gave it: "UBND tỉnh", "Ban Dân vận Tỉnh ủy"…
    pub level: String,
    /// How many collectives and people the row commends: one of either on
    /// a list of names, any numbers on a sheet of counts ("Số tập thể").
    pub collective: u64,
    pub individual: u64,
    pub name: String,
    pub locality: Locality,
}

/// Meetings of leaders with citizens (tiếp xúc, đối thoại) in one place and year.
#[derive(Debug, Clone, Hash)]
pub struct Dialogue {
    pub year: i32,
    pub locality: Locality,
    pub meetings: i64,
    pub citizens: i64,
}

/// A commune or hamlet chosen to focus the movement on (địa bàn điểm).
#[derive(Debug, Clone, Hash)]
pub struct FocusLocality {
    pub year: i32,
    pub locality: Locality,
}

/// Any accepted record.
#[derive(Debug, Clone, Hash)]
pub enum Record {
    Model(Model),
    Work(Work),
    Resource(Resource),
    Commendation(Commendation),
    Dialogue(Dialogue),
    FocusLocality(FocusLocality),
}

impl Record {
    /// The place that reports this row: a model's, a work's, a resource
    /// row's or a dialogue's. A commendation or a focus locality names a
    /// place chosen by the one reporting.
    pub fn locality(&self) -> Option<&Locality> {
        match self {
            Record::Model(m) => Some(&m.locality),
            Record::Work(w) => Some(&w.locality),
            Record::Resource(r) => Some(&r.locality),
            Record::Dialogue(d) => Some(&d.locality),
            Record::Commendation(_) | Record::FocusLocality(_) => None,
        }
    }

    pub fn year(&self) -> i32 {
        match self {
            Record::Model(m) => m.year,
            Record::Work(w) => w.year,
            Record::Resource(r) => r.year,
            Record::Commendation(c) => c.year,
            Record::Dialogue(d) => d.year,
            Record::FocusLocality(f) => f.year,
        }
    }
}
