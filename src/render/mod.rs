//! Turns the summary into each output format: JSON, xlsx, Markdown.
//!
//! Every renderer is a pure function of one [`SummaryView`]; [`output`] is
//! the one place that writes files. Vietnamese number formatting lives in
//! [`vn_format`], which every renderer and template filter uses; how wide a
//! text prints, in [`text_width`], by which the xlsx and docx tables are
//! laid out. Render never sees ingest.

pub mod chart;
pub mod comparison;
pub mod docx;
mod docx_chart;
pub mod file_name;
pub mod hamlet_word;
pub mod input_template;
mod json;
mod markdown;
pub mod output;
mod place_in_prose;
pub mod report;
pub mod template_error;
pub mod text_width;
pub mod view;
pub mod vn_format;
mod xlsx;
pub mod zip_host;

pub use json::{render_json, write_json, SUMMARY_SCHEMA};
pub use markdown::{
    escape_markdown, load_template, render_markdown, ReportTemplate, TemplateError,
    REPORT_TEMPLATE, REPORT_TEMPLATE_NAME,
};
pub use view::{reported_period, SummaryView};
pub use xlsx::render_xlsx;
