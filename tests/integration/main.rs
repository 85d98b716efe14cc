//! The one integration-test binary: the real `dvk` on real files.
//!
//! Expected figures come from `tests/expected/*.json`, written by the data
//! generator (`examples/make_data.rs`) from its own records, never by
//! reading files back with dvk's code.

// A failed expectation in a test is the test failing, not a user's crash.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod harness;

mod bad_files;
mod clerk_messages;
mod cli;
mod commendation_counts;
mod comparison;
mod config_syntax;
mod expected_figures;
mod fuzz_seeds;
mod generator;
mod hidden_and_formulas;
mod ingest_regressions;
mod layout_rows;
mod legacy_fonts;
mod number_cells;
mod outputs;
mod place_accents;
mod properties;
mod recognition;
mod repeated_rows;
mod report_docx;
mod report_prose;
mod report_template;
mod rollup;
mod safe_io;
mod scale_data;
mod seed_reports;
mod table_order;
mod template;
mod total_rows;
mod units_in_headers;
mod years_as_dates;
