//! Turns records into a [`Summary`]: counts and sums, mergeable.
//!
//! One summary per file, merged at the end, so files can be read in parallel
//! and memory holds what the outputs need, not the rows. Keyed maps are
//! `BTreeMap`s so that every output comes out in the same order.

mod rollup;
mod summary;
pub mod unaccented;

pub use rollup::{Bounds, FileLine, ProblemLine, Rollup, ROLLUP_VERSION};

pub use summary::{
    CommendationTally, DialogueTally, FieldTally, FileReport, FileStatus, Funds, LocalityKey,
    LocalityTally, ModelTally, OutstandingModel, ResourceTally, Summary, WorkKey, WorkTally,
    OUTSTANDING_KEPT,
};

pub(crate) use summary::locality_key;
pub use summary::{fuller_places, group_level, FullerPlace};
