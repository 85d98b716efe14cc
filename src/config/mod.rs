//! Defaults in one embedded file, overlaid by the user's `--config` file.
//!
//! The taxonomy (fields, subfields, statuses, work types, units, column
//! names) lives in `default.toml`, a real file users can read. A user's file
//! of the same shape extends it. Unknown keys are errors that name the file
//! and line. This module reads no spreadsheet.

mod columns;
mod taxonomy;

pub use columns::{columns_of, identifying_columns, template_header, ColumnId};
pub use taxonomy::{ExemplaryMark, FieldDef, SubfieldDef, Taxonomy, UnitDef, WorkTypeDef};

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The default taxonomy and report options, embedded in the binary.
pub const DEFAULT_TOML: &str = include_str!("default.toml");

/// Everything configurable, resolved.
#[derive(Debug, Clone)]
pub struct Config {
    pub taxonomy: Taxonomy,
    pub report: ReportOptions,
}

/// Options of the report's wording.
#[derive(Debug, Clone)]
pub struct ReportOptions {
    /// "07 mô hình" rather than "7 mô hình".
    pub pad_small_counts: bool,
}

/// A configuration file that could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("không đọc được tệp cấu hình {}: {}", path.display(), crate::diagnostic::io_reason(source))]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("tệp cấu hình {path}, dòng {line}: {message}")]
    Parse {
        path: String,
        line: usize,
        message: String,
    },
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawConfig {
    report: Option<RawReport>,
    #[serde(default)]
    field: Vec<taxonomy::RawField>,
    status: Option<taxonomy::RawStatus>,
    exemplary: Option<taxonomy::RawExemplary>,
    #[serde(default)]
    work_type: Vec<taxonomy::RawWorkType>,
    #[serde(default)]
    unit: Vec<taxonomy::RawUnit>,
    columns: Option<BTreeMap<ColumnId, Vec<String>>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReport {
    pad_small_counts: Option<bool>,
}

impl Config {
    /// The defaults alone.
    pub fn default_config() -> Result<Config, ConfigError> {
        Self::build(parse("default.toml", DEFAULT_TOML)?, None)
    }

    /// The defaults overlaid by the user's file, if any.
    pub fn load(user_file: Option<&Path>) -> Result<Config, ConfigError> {
        let defaults = parse("default.toml", DEFAULT_TOML)?;
        let user = match user_file {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
                    path: path.to_owned(),
                    source,
                })?;
                Some(parse(&path.display().to_string(), &text)?)
            }
            None => None,
        };
        Self::build(defaults, user)
    }

    fn build(defaults: RawConfig, user: Option<RawConfig>) -> Result<Config, ConfigError> {
        let pad = user
            .as_ref()
            .and_then(|u| u.report.as_ref())
            .and_then(|r| r.pad_small_counts)
            .or(defaults.report.as_ref().and_then(|r| r.pad_small_counts))
            .unwrap_or(true);
        let taxonomy = Taxonomy::build(defaults, user);
        Ok(Config {
            taxonomy,
            report: ReportOptions {
                pad_small_counts: pad,
            },
        })
    }
}

fn parse(name: &str, text: &str) -> Result<RawConfig, ConfigError> {
    toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1)
            .unwrap_or(0);
        ConfigError::Parse {
            path: name.to_owned(),
            line,
            message: translate_toml_error(e.message()),
        }
    })
}

/// toml's messages are English; say the common ones in Vietnamese.
fn translate_toml_error(message: &str) -> String {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let key = rest.split('`').next().unwrap_or(rest);
        return format!("khóa \"{key}\" không có trong cấu hình của dvk (kiểm tra chính tả; xem src/config/default.toml)");
    }
    if message.starts_with("unknown variant `") {
        let key = message
            .trim_start_matches("unknown variant `")
            .split('`')
            .next()
            .unwrap_or("");
        return format!("tên cột \"{key}\" không có trong [columns] của dvk (kiểm tra chính tả)");
    }
    format!("cấu hình không hợp lệ ({message})")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_config_loads() {
        let config = Config::default_config().expect("embedded default.toml must parse");
        assert_eq!(config.taxonomy.fields.len(), 5);
        assert!(config.report.pad_small_counts);
    }

    #[test]
    fn unknown_key_names_the_line() {
        let text = "[report]\npad_small_counts = true\nfoo = 1\n";
        match parse("dvk.toml", text) {
            Err(ConfigError::Parse { line, message, .. }) => {
                assert_eq!(line, 3);
                assert!(message.contains("foo"), "{message}");
            }
            other => panic!("expected a parse error, got {other:?}"),
        }
    }
}
