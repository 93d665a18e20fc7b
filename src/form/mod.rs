//! The report form as data, read from `templates/forms/*.toml`.
//!
//! Fields, printed labels, aliases and types live in the TOML file so the province can add a
//! field or a wording without a code change; this module only loads and checks that file and
//! precomputes the folded labels the matcher compares against.

use crate::text::fold_label;
mod measures;

pub use measures::{Aggregate, FollowUp, percent};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The form shipped with baocao, used when no forms folder is configured.
pub const EMBEDDED_FORM: &str = include_str!("../../templates/forms/giam-sat-phan-bien.toml");

/// A report form: its fields and the wording that helps find them.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Form {
    /// Short identifier, reported as `form` in extraction output.
    pub id: String,
    /// The form's title, for reports and e-mails.
    pub title: String,
    /// Column headings that name the figures column of an indicator table (what was done).
    #[serde(default)]
    pub value_columns: Vec<String>,
    /// Column headings of a total over several units (`Tổng cộng`): the value when present.
    #[serde(default)]
    pub total_columns: Vec<String>,
    /// Words of column headings that are never the value (plan, last year, ratio, notes).
    #[serde(default)]
    pub other_columns: Vec<String>,
    /// Titles of a signature block (`TM. Ban Thường vụ`, `Chủ tịch`): never a person's name.
    #[serde(default)]
    pub signature_titles: Vec<String>,
    /// Abbreviations chapters write in labels (`GS` → `giám sát`), expanded before matching.
    #[serde(default)]
    pub abbreviations: std::collections::BTreeMap<String, String>,
    /// Line beginnings that end a narrative section.
    #[serde(default)]
    pub section_stops: Vec<String>,
    /// When a figure is out of line with the chapter's earlier reports.
    #[serde(default)]
    pub plausibility: Plausibility,
    /// The fields, in the order the form prints them.
    pub fields: Vec<Field>,
    /// Cross-field checks.
    #[serde(default)]
    pub checks: Vec<Check>,
    /// The follow-up rates the compiled report gives.
    #[serde(default)]
    pub follow_up: Vec<FollowUp>,
}

/// Thresholds of the cross-period checks ([`crate::plausible`]).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plausibility {
    /// A figure this many times larger (or smaller) than a year earlier needs review.
    pub ratio: u32,
    /// ...when both figures are at least this.
    pub floor: i64,
}

impl Default for Plausibility {
    fn default() -> Self {
        Plausibility { ratio: 5, floor: 10 }
    }
}

/// A check between two integer fields: `field` may not exceed `at_most`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Check {
    /// The field that must not be larger.
    pub field: String,
    /// The field that bounds it.
    pub at_most: String,
}

/// One field of the form.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// Stable key used in records, JSON and the database.
    pub key: String,
    /// The label as printed on the form.
    pub label: String,
    /// Other wordings chapters use for the same field.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// What kind of value the field holds.
    #[serde(rename = "type")]
    pub kind: FieldKind,
    /// Whether a submission without it needs review.
    #[serde(default)]
    pub required: bool,
    /// Whether to look for the value where an official letter puts it when the label is absent.
    #[serde(default)]
    pub unlabelled: bool,
    /// Phrases that give the figure in a sentence, the number written `{n}` (`chủ trì {n}
    /// cuộc giám sát`); integer fields only. A value read so is always reviewed.
    #[serde(default)]
    pub phrases: Vec<String>,
    /// The unit printed in the `ĐVT` column of the blank form (`cuộc`, `lượt`...); integer
    /// fields only, and only for printing: extraction never needs it.
    #[serde(default)]
    pub unit: Option<String>,
    /// A main indicator: drawn in the province's trend over the last periods (integer
    /// fields only).
    #[serde(default)]
    pub main: bool,
    /// How the figure of several periods makes one (integer fields only): `sum` (the
    /// default) or `last` for a stock such as the number of groups.
    #[serde(default)]
    pub aggregate: Aggregate,
}

/// The type of a field's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldKind {
    /// The reporting unit, resolved to a chapter code through the registry.
    Chapter,
    /// A report period (`2021-H1`, `2021-Y`).
    Period,
    /// A calendar date.
    Date,
    /// A whole number.
    Integer,
    /// A short text beside its label.
    Text,
    /// The paragraphs under a heading.
    Section,
}

/// Why a form definition could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum FormError {
    /// The file could not be read.
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    /// The file is not a valid form definition.
    #[error("{path}: {message}")]
    Invalid { path: PathBuf, message: String },
}

impl Form {
    /// Parses and checks a form definition; `path` names it in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Form, FormError> {
        let invalid = |message: String| FormError::Invalid {
            path: path.to_path_buf(),
            message,
        };
        let form: Form = toml::from_str(text).map_err(|e| invalid(e.to_string()))?;
        form.check().map_err(invalid)?;
        Ok(form)
    }

    /// Loads every `*.toml` form of a folder, sorted by file name.
    pub fn load_dir(dir: &Path) -> Result<Vec<Form>, FormError> {
        let io = |source| FormError::Io {
            path: dir.to_path_buf(),
            source,
        };
        let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(io)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        paths.sort();
        paths
            .iter()
            .map(|p| {
                let text = std::fs::read_to_string(p).map_err(|source| FormError::Io {
                    path: p.clone(),
                    source,
                })?;
                Form::parse(&text, p)
            })
            .collect()
    }

    /// The form compiled into the binary.
    pub fn embedded() -> Form {
        Form::parse(EMBEDDED_FORM, Path::new("templates/forms/giam-sat-phan-bien.toml"))
            .expect("the embedded form definition is valid (checked by a unit test)")
    }

    /// The field with this key.
    pub fn field(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }

    /// Rejects duplicate keys and labels that would make matching ambiguous.
    fn check(&self) -> Result<(), String> {
        let mut keys = std::collections::HashSet::new();
        let mut labels = std::collections::HashMap::new();
        for field in &self.fields {
            if !keys.insert(field.key.as_str()) {
                return Err(format!("field `{}` is defined twice", field.key));
            }
            if !field.phrases.is_empty() && field.kind != FieldKind::Integer {
                return Err(format!("field `{}` has phrases but is not an integer field", field.key));
            }
            if let Some(p) = field.phrases.iter().find(|p| p.matches("{n}").count() != 1) {
                return Err(format!("phrase `{p}` of field `{}` must hold `{{n}}` once", field.key));
            }
            if field.unit.is_some() && field.kind != FieldKind::Integer {
                return Err(format!("field `{}` has a unit but is not an integer field", field.key));
            }
            if field.main && field.kind != FieldKind::Integer {
                return Err(format!(
                    "field `{}` is marked main but is not an integer field",
                    field.key
                ));
            }
            for label in field.labels() {
                let folded = fold_label(label);
                if folded.is_empty() {
                    return Err(format!("field `{}` has an empty label", field.key));
                }
                if let Some(other) = labels.insert(folded, field.key.as_str())
                    && other != field.key
                {
                    return Err(format!("label `{label}` is used by both `{other}` and `{}`", field.key));
                }
            }
        }
        if let Some(f) = self
            .fields
            .iter()
            .find(|f| f.aggregate == Aggregate::Last && f.kind != FieldKind::Integer)
        {
            return Err(format!(
                "field `{}` has aggregate = \"last\" but is not an integer field",
                f.key
            ));
        }
        let pairs = self.follow_up.iter().map(|f| [&f.made, &f.done]);
        for key in self
            .checks
            .iter()
            .map(|c| [&c.field, &c.at_most])
            .chain(pairs)
            .flatten()
        {
            if !matches!(self.field(key), Some(f) if f.kind == FieldKind::Integer) {
                return Err(format!(
                    "`{key}` is named in a check or follow-up but is not an integer field of the form"
                ));
            }
        }
        Ok(())
    }
}

impl Field {
    /// The printed label followed by the aliases.
    pub fn labels(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.label.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_form_loads_with_all_fields() {
        let form = Form::embedded();
        assert_eq!(form.fields.len(), 25);
        let required: Vec<&str> = form
            .fields
            .iter()
            .filter(|f| f.required)
            .map(|f| f.key.as_str())
            .collect();
        assert_eq!(
            required,
            [
                "unit",
                "period",
                "supervisions_led",
                "supervisions_joint",
                "critiques_led"
            ]
        );
    }

    #[test]
    fn unknown_keys_are_refused_with_the_file_named() {
        let text =
            format!("{EMBEDDED_FORM}\n[[fields]]\nkey = \"x\"\nlabel = \"X\"\ntype = \"text\"\ncolour = \"red\"\n");
        let err = Form::parse(&text, Path::new("forms/x.toml")).unwrap_err().to_string();
        assert!(err.contains("forms/x.toml") && err.contains("colour"), "{err}");
    }

    #[test]
    fn a_unit_or_main_on_a_field_that_is_not_a_number_is_refused() {
        let text = format!(
            "{EMBEDDED_FORM}\n[[fields]]\nkey = \"x\"\nlabel = \"Ghi chú\"\ntype = \"text\"\nunit = \"cuộc\"\n"
        );
        let err = Form::parse(&text, Path::new("f.toml")).unwrap_err().to_string();
        assert!(err.contains("`x` has a unit"), "{err}");
        let main =
            format!("{EMBEDDED_FORM}\n[[fields]]\nkey = \"y\"\nlabel = \"Ghi chú\"\ntype = \"text\"\nmain = true\n");
        let err = Form::parse(&main, Path::new("f.toml")).unwrap_err().to_string();
        assert!(err.contains("`y` is marked main"), "{err}");
    }

    #[test]
    fn labels_shared_by_two_fields_are_refused() {
        let text = format!(
            "{EMBEDDED_FORM}\n[[fields]]\nkey = \"dup\"\nlabel = \"SỐ TIN, BÀI TUYÊN TRUYỀN\"\ntype = \"integer\"\n"
        );
        let err = Form::parse(&text, Path::new("f.toml")).unwrap_err().to_string();
        assert!(err.contains("media_reports") && err.contains("dup"), "{err}");
    }
}
