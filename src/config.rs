//! The optional `dossier.toml` at a root: the organisation's details for cover sheets and
//! defaults for options.
//!
//! ```toml
//! [organisation]
//! name = "Stichting Voorbeeld"
//! address = ["Voorbeeldstraat 1", "1234 AB Utrecht"]
//! contact = "J. de Vries"
//! phone = "030 123 45 67"
//! email = "info@example.org"
//!
//! [defaults]
//! strict = false
//! jobs = 2
//! ```

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The organisation that prepares the dossiers.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    /// Name.
    #[serde(default)]
    pub name: String,
    /// Address lines (a single string is one line).
    #[serde(default, deserialize_with = "lines")]
    pub address: Vec<String>,
    /// Contact person.
    #[serde(default)]
    pub contact: String,
    /// Phone number.
    #[serde(default)]
    pub phone: String,
    /// E-mail address.
    #[serde(default)]
    pub email: String,
}

/// Defaults for command-line options; the command line wins.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Defaults {
    /// Like `--strict`.
    pub strict: Option<bool>,
    /// Like `--jobs`.
    pub jobs: Option<usize>,
}

/// The whole file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// `[organisation]`.
    #[serde(default)]
    pub organisation: Organisation,
    /// `[defaults]`.
    #[serde(default)]
    pub defaults: Defaults,
}

fn lines<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(s) => s.lines().map(str::to_string).collect(),
        OneOrMany::Many(v) => v,
    })
}

/// A `dossier.toml` that could not be used.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {message}")]
pub struct ConfigError {
    /// The file.
    pub path: PathBuf,
    /// What is wrong (with line and column when known).
    pub message: String,
}

/// Reads `root/dossier.toml` of the first root that has one.
pub fn load(roots: &[PathBuf]) -> Result<Config, ConfigError> {
    for root in roots {
        let path = root.join("dossier.toml");
        if path.is_file() {
            return load_file(&path);
        }
    }
    Ok(Config::default())
}

fn load_file(path: &Path) -> Result<Config, ConfigError> {
    let err = |message: String| ConfigError {
        path: path.to_path_buf(),
        message,
    };
    let meta = std::fs::metadata(path).map_err(|e| err(e.to_string()))?;
    if meta.len() > 1024 * 1024 {
        return Err(err("larger than 1 MiB; this is not a dossier.toml".into()));
    }
    let text = std::fs::read_to_string(path).map_err(|e| err(e.to_string()))?;
    toml::from_str(&text).map_err(|e| {
        let pos = e.span().map(|s| {
            let before = &text[..s.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            format!("line {line}, column {col}: ")
        });
        err(format!(
            "{}{}",
            pos.unwrap_or_default(),
            e.message().lines().next().unwrap_or("")
        ))
    })
}
