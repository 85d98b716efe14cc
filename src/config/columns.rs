//! The columns dvk knows, per sheet kind, in the template's order.

use crate::domain::SheetKind;
use serde::Deserialize;

/// A known spreadsheet column (never "field": a field is a sector of work).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnId {
    Stt,
    ModelName,
    Implementer,
    WorkName,
    WorkType,
    Quantity,
    QuantityUnit,
    Province,
    District,
    Commune,
    Hamlet,
    Field,
    StartYear,
    Year,
    Status,
    Recognition,
    Exemplary,
    Participations,
    ModelFunding,
    FundingTotal,
    StateBudget,
    Mobilized,
    Workdays,
    LandM2,
    AwardForm,
    AwardLevel,
    RecipientKind,
    /// "Số tập thể": how many collectives a row commends (a sheet of counts).
    CollectiveCount,
    /// "Số cá nhân": how many people a row commends.
    IndividualCount,
    /// "Số lượng" beside "Đối tượng": how many of that kind a row commends.
    RecipientCount,
    RecipientName,
    Meetings,
    Citizens,
    ChosenBy,
    Note,
}

impl ColumnId {
    /// Columns whose header may carry a money unit ("(triệu đồng)").
    pub const fn is_money(self) -> bool {
        matches!(
            self,
            ColumnId::ModelFunding
                | ColumnId::FundingTotal
                | ColumnId::StateBudget
                | ColumnId::Mobilized
        )
    }
}

/// The columns of each sheet kind in the template's order, as in `interface.md`.
pub const fn columns_of(kind: SheetKind) -> &'static [ColumnId] {
    use ColumnId::*;
    match kind {
        SheetKind::Models => &[
            Stt,
            ModelName,
            Implementer,
            Province,
            District,
            Commune,
            Hamlet,
            Field,
            StartYear,
            Status,
            Recognition,
            Exemplary,
            ModelFunding,
            Note,
        ],
        SheetKind::Works => &[
            Stt,
            WorkName,
            WorkType,
            Quantity,
            QuantityUnit,
            Province,
            District,
            Commune,
            Hamlet,
            Year,
            FundingTotal,
            StateBudget,
            Mobilized,
            Note,
        ],
        SheetKind::Resources => &[
            Stt,
            Province,
            District,
            Commune,
            Year,
            Participations,
            FundingTotal,
            StateBudget,
            Mobilized,
            Workdays,
            LandM2,
            Note,
        ],
        SheetKind::Commendations => &[
            Stt,
            Year,
            AwardForm,
            AwardLevel,
            RecipientKind,
            RecipientName,
            Implementer,
            Province,
            District,
            Commune,
            Note,
        ],
        SheetKind::Dialogues => &[
            Stt, Year, Province, District, Commune, Meetings, Citizens, Note,
        ],
        SheetKind::FocusLocalities => &[
            Stt, Year, Province, District, Commune, Hamlet, ChosenBy, Note,
        ],
    }
}

/// Columns a sheet of `kind` may have besides the template's: read when
/// present, never written by `dvk template`. A commendations sheet written
/// as counts ("Số tập thể", "Số cá nhân", one row per form, or "Đối tượng"
/// with "Số lượng") has them.
pub const fn extra_columns_of(kind: SheetKind) -> &'static [ColumnId] {
    use ColumnId::*;
    match kind {
        SheetKind::Commendations => &[CollectiveCount, IndividualCount, RecipientCount],
        _ => &[],
    }
}

/// Whether dvk reads column `id` on a sheet of `kind`: one of the
/// template's columns, or one of [`extra_columns_of`].
pub fn reads_column(kind: SheetKind, id: ColumnId) -> bool {
    columns_of(kind).contains(&id) || extra_columns_of(kind).contains(&id)
}

/// Sets of columns that identify a kind: one set must be present entirely.
pub const fn identifying_columns(kind: SheetKind) -> &'static [&'static [ColumnId]] {
    use ColumnId::*;
    match kind {
        SheetKind::Models => &[&[ModelName, StartYear], &[ModelName, Field]],
        SheetKind::Works => &[&[WorkType, Year], &[WorkName, Year], &[WorkType, Quantity]],
        SheetKind::Resources => &[&[Year, Participations], &[Year, Workdays], &[Year, LandM2]],
        SheetKind::Commendations => &[
            &[AwardForm, Year],
            &[RecipientKind, Year],
            &[AwardForm, RecipientName],
        ],
        SheetKind::Dialogues => &[&[Meetings, Year], &[Citizens, Year]],
        SheetKind::FocusLocalities => &[&[ChosenBy, Year], &[ChosenBy, Commune]],
    }
}

/// The header the template writes for a column, with its unit.
pub fn template_header(column: ColumnId, first_name: &str) -> String {
    match column {
        c if c.is_money() => format!("{first_name} (triệu đồng)"),
        ColumnId::LandM2 => format!("{first_name} (m²)"),
        _ => first_name.to_owned(),
    }
}
