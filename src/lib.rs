//! dvk: from the spreadsheets communes send up to the figures, tables and
//! report of a "Dân vận khéo" review.
//!
//! The crate is a pipeline, and its folders say so, in order:
//!
//! ```text
//!  paths ─► ingest ─► RawSheet ─► normalise ─► Record ─► aggregate ─► Summary ─► render ─► json, xlsx, md
//!           (files,    (cells)    (header,     (typed)   (mergeable   (one view  (pure functions,
//!           formats)              fates)                  per file)    of it)     one writer)
//! ```
//!
//! - [`domain`] is the vocabulary (Model, Work, Resource, Locality, Money) and depends on nothing.
//! - [`ingest`] knows file formats, nothing about the movement.
//! - [`normalise`] never reads files; [`aggregate`] never parses; [`render`] never sees ingest.
//! - [`config`] holds the embedded taxonomy and the user's overlay.
//! - [`pipeline`] runs the stages over many files in parallel.
//!
//! Dependencies flow one way, top to bottom of that list; the library never
//! sees clap (the `dvk` binary's `cli.rs` and `commands/` wire it up).

pub mod aggregate;
pub mod config;
pub mod diagnostic;
pub mod domain;
pub mod exit_code;
#[doc(hidden)]
pub mod fuzzing;
pub mod ingest;
pub mod normalise;
pub mod pipeline;
pub mod render;
