//! `.engineering/plan.toml`: extra classification patterns, status
//! synonyms, section headings and rule severities. Every key is optional;
//! an absent file means the defaults.

use crate::model::rule::RULES;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::base::text::LineIndex;
use crate::document::sections::{Section, SectionNames};
use crate::model::kind::DocKind;
use crate::model::kind::Patterns;
use crate::model::lifecycle::Lifecycle;
use crate::model::rule::{Level, RuleConfig};
use crate::model::status::Synonyms;

/// The configuration file's name inside the engineering root.
pub const CONFIG_FILE: &str = "plan.toml";

#[derive(Debug, Clone, Default)]
pub struct PlanConfig {
    /// `root = "..."` as written in `.engineering/plan.toml`, relative to the
    /// top of the work tree.
    pub root: Option<String>,
    pub patterns: Patterns,
    pub synonyms: Synonyms,
    /// Severity overrides for `git plan check`.
    pub rules: RuleConfig,
    /// The headings of the success criteria and the rollback plan, built in
    /// and from `[sections]`.
    pub sections: SectionNames,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}:{line}:{column}: {message}")]
    Invalid {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{path}: not valid UTF-8")]
    NotUtf8 { path: PathBuf },
    #[error("cannot read {path}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    root: Option<String>,
    #[serde(default)]
    patterns: RawPatterns,
    #[serde(default)]
    status: RawStatus,
    /// `rule = "error" | "warning" | "off"`, or a table per document kind.
    #[serde(default)]
    rules: toml::Table,
    #[serde(default)]
    sections: RawSections,
}

/// `[sections]`: headings added to the built-in ones, as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSections {
    #[serde(default)]
    success_criteria: Vec<toml::Spanned<String>>,
    #[serde(default)]
    rollback_plan: Vec<toml::Spanned<String>>,
}

impl RawSections {
    fn names(&self, section: Section) -> &[toml::Spanned<String>] {
        match section {
            Section::SuccessCriteria => &self.success_criteria,
            Section::RollbackPlan => &self.rollback_plan,
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPatterns {
    #[serde(default)]
    work_package: Vec<String>,
    #[serde(default)]
    work_plan: Vec<String>,
    #[serde(default)]
    supporting_plan: Vec<String>,
    #[serde(default)]
    adr: Vec<String>,
    #[serde(default)]
    analysis: Vec<String>,
    #[serde(default)]
    completion: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStatus {
    #[serde(default)]
    initiative: BTreeMap<String, String>,
    #[serde(default)]
    work_package: BTreeMap<String, String>,
    #[serde(default)]
    adr: BTreeMap<String, String>,
}

impl PlanConfig {
    /// Reads `path`; a missing file gives the defaults.
    pub fn load(path: &Path) -> Result<PlanConfig, ConfigError> {
        match std::fs::read(path) {
            Ok(bytes) => {
                let text = String::from_utf8(bytes).map_err(|_| ConfigError::NotUtf8 {
                    path: path.to_path_buf(),
                })?;
                Self::parse(path, &text)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(PlanConfig::default()),
            Err(source) => Err(ConfigError::Io {
                path: path.to_path_buf(),
                source,
            }),
        }
    }

    pub fn parse(path: &Path, text: &str) -> Result<PlanConfig, ConfigError> {
        let invalid = |offset: usize, message: String| {
            let lines = LineIndex::new(text);
            let span = lines.span(text, offset, offset);
            ConfigError::Invalid {
                path: path.to_path_buf(),
                line: span.line,
                column: span.column,
                message,
            }
        };
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            invalid(
                e.span().map_or(0, |s| s.start),
                e.message().trim().to_string(),
            )
        })?;
        let mut config = PlanConfig {
            root: raw.root,
            ..PlanConfig::default()
        };
        let p = &mut config.patterns;
        p.work_package.extend(raw.patterns.work_package);
        p.work_plan.extend(raw.patterns.work_plan);
        p.supporting_plan.extend(raw.patterns.supporting_plan);
        p.adr.extend(raw.patterns.adr);
        p.analysis.extend(raw.patterns.analysis);
        p.completion.extend(raw.patterns.completion);
        config.patterns = std::mem::take(&mut config.patterns).normalized();
        for (lifecycle, table) in [
            (Lifecycle::Initiative, raw.status.initiative),
            (Lifecycle::WorkPackage, raw.status.work_package),
            (Lifecycle::Adr, raw.status.adr),
        ] {
            for (value, state_name) in table {
                let Some(state) = lifecycle.state_named(&state_name) else {
                    let offset = text.find(&format!("\"{state_name}\"")).unwrap_or(0);
                    let allowed: Vec<_> = lifecycle.states().iter().map(|s| s.as_str()).collect();
                    return Err(invalid(
                        offset,
                        format!(
                            "`{state_name}` is not a state of {}; use one of: {}",
                            lifecycle.plural(),
                            allowed.join(", ")
                        ),
                    ));
                };
                config.synonyms.add(lifecycle, &value, state);
            }
        }
        // `[sections]`: a name must have words to match headings by, and
        // cannot name the other section's headings too.
        let words = crate::base::text::words;
        for section in [Section::SuccessCriteria, Section::RollbackPlan] {
            let other = section.other();
            for name in raw.sections.names(section) {
                let (text, offset) = (name.get_ref(), name.span().start);
                let w = words(text);
                if w.is_empty() {
                    return Err(invalid(
                        offset,
                        format!(
                            "`{text}` has no words to match a {} heading by",
                            section.label()
                        ),
                    ));
                }
                let taken = SectionNames::default().names(other).contains(&w)
                    || raw
                        .sections
                        .names(other)
                        .iter()
                        .any(|n| words(n.get_ref()) == w);
                if taken {
                    return Err(invalid(
                        offset,
                        format!(
                            "`{text}` already names {} headings; a heading holds one or the other",
                            other.label()
                        ),
                    ));
                }
                config.sections.add(section, text);
            }
        }
        // Where a key under [rules] is written (not where its name first
        // appears: the comments of `git plan init`'s plan.toml name every rule).
        let at = |path: &[&str]| key_offset(text, path).unwrap_or(0);
        let level = |kind: Option<&str>, rule: &str, value: &toml::Value| {
            let path: Vec<&str> = ["rules"].into_iter().chain(kind).chain([rule]).collect();
            if crate::model::rule::rule(rule).is_none() {
                let known: Vec<&str> = RULES.iter().map(|r| r.id).collect();
                return Err(invalid(
                    at(&path),
                    format!("unknown rule `{rule}`; rules are: {}", known.join(", ")),
                ));
            }
            value.as_str().and_then(Level::parse).ok_or_else(|| {
                invalid(
                    at(&path),
                    format!("rule `{rule}`: expected \"error\", \"warning\" or \"off\""),
                )
            })
        };
        for (key, value) in &raw.rules {
            match value {
                toml::Value::Table(per_kind) => {
                    let kinds = DocKind::ALL;
                    if !kinds.iter().any(|k| k.as_str() == key) {
                        let names: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
                        return Err(invalid(
                            at(&["rules", key]),
                            format!(
                                "unknown document kind `{key}` under [rules]; kinds are: {}",
                                names.join(", ")
                            ),
                        ));
                    }
                    for (rule, v) in per_kind {
                        let l = level(Some(key), rule, v)?;
                        config
                            .rules
                            .by_kind
                            .entry(key.clone())
                            .or_default()
                            .insert(rule.clone(), l);
                    }
                }
                v => {
                    let l = level(None, key, v)?;
                    config.rules.all.insert(key.clone(), l);
                }
            }
        }
        Ok(config)
    }
}

/// The byte offset of the key at `path` (`["rules", "adr", "empty-section"]`)
/// as written in `text`.
fn key_offset(text: &str, path: &[&str]) -> Option<usize> {
    let root = toml::de::DeTable::parse(text).ok()?;
    let (last, parents) = path.split_last()?;
    let mut table = root.get_ref();
    for name in parents {
        let (_, value) = table.iter().find(|(k, _)| k.get_ref() == name)?;
        match value.get_ref() {
            toml::de::DeValue::Table(t) => table = t,
            _ => return None,
        }
    }
    table
        .iter()
        .find(|(k, _)| k.get_ref() == last)
        .map(|(k, _)| k.span().start)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::lifecycle::State;

    #[test]
    fn extends_patterns_and_synonyms() {
        let cfg = PlanConfig::parse(
            Path::new("plan.toml"),
            "[patterns]\nwork_package = [\"*-wp.md\"]\n[status.work_package]\n\"Ready to ship\" = \"ready\"\n",
        )
        .unwrap();
        assert!(cfg.patterns.work_package.contains(&"*-wp.md".to_string()));
        let s = cfg
            .synonyms
            .normalize(Lifecycle::WorkPackage, "Ready to ship");
        assert_eq!(s.state, Some(State::Ready));
    }

    #[test]
    fn errors_name_file_and_line() {
        let err = PlanConfig::parse(Path::new("p.toml"), "[status.adr]\n\"Ok\" = \"fine\"\n")
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "p.toml:2:8: `fine` is not a state of ADRs; use one of: proposed, accepted, rejected, deprecated, superseded"
        );
        let err = PlanConfig::parse(Path::new("p.toml"), "bogus = 1\n").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("p.toml:1:1: unknown field `bogus`"),
            "{err}"
        );
    }

    #[test]
    fn rule_levels_per_rule_and_kind() {
        let cfg = PlanConfig::parse(
            Path::new("plan.toml"),
            "[rules]\nmissing-rollback-plan = \"warning\"\n[rules.adr]\nunknown-status = \"off\"\n",
        )
        .unwrap();
        assert_eq!(cfg.rules.all["missing-rollback-plan"], Level::Warning);
        assert_eq!(cfg.rules.by_kind["adr"]["unknown-status"], Level::Off);
        let err = PlanConfig::parse(Path::new("p.toml"), "[rules]\nno-such-rule = \"off\"\n")
            .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("p.toml:2:1: unknown rule `no-such-rule`"),
            "{err}"
        );
        let err = PlanConfig::parse(Path::new("p.toml"), "[rules]\nempty-section = \"loud\"\n")
            .unwrap_err();
        assert!(
            err.to_string()
                .contains("expected \"error\", \"warning\" or \"off\""),
            "{err}"
        );
    }

    #[test]
    fn rule_errors_point_at_the_key_not_at_a_comment_naming_it() {
        let text = "# Rules: missing-rollback-plan, empty-section\n[rules]\nmissing-rollback = \"off\"\n\n[rules.adr]\n";
        let err = PlanConfig::parse(Path::new("p.toml"), text).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("p.toml:3:1: unknown rule `missing-rollback`"),
            "{err}"
        );
        let text = "# empty-section = \"off\"\n[rules]\n[rules.adr]\nempty-section = \"loud\"\n";
        let err = PlanConfig::parse(Path::new("p.toml"), text).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("p.toml:4:1: rule `empty-section`: expected"),
            "{err}"
        );
        let err = PlanConfig::parse(Path::new("p.toml"), "[rules.adrs]\n").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("p.toml:1:8: unknown document kind `adrs`"),
            "{err}"
        );
    }

    #[test]
    fn sections_add_headings_to_the_built_in_ones() {
        use crate::document::sections::Section;
        let cfg = PlanConfig::parse(
            Path::new("plan.toml"),
            "[sections]\nsuccess_criteria = [\"Ship gates\"]\nrollback_plan = [\"Undo\", \"Back it out!\"]\n",
        )
        .unwrap();
        let names = |s| cfg.sections.names(s).to_vec();
        assert!(names(Section::SuccessCriteria).contains(&"ship gates".to_string()));
        assert!(names(Section::SuccessCriteria).contains(&"exit criteria".to_string()));
        assert!(names(Section::RollbackPlan)
            .ends_with(&["undo".to_string(), "back it out".to_string()]));
    }

    #[test]
    fn section_errors_name_file_line_and_column() {
        let err = |text: &str| {
            PlanConfig::parse(Path::new("p.toml"), text)
                .unwrap_err()
                .to_string()
        };
        assert!(
            err("[sections]\nsuccess_criterias = [\"Gates\"]\n")
                .starts_with("p.toml:2:1: unknown field `success_criterias`, expected `success_criteria` or `rollback_plan`"),
            "{}",
            err("[sections]\nsuccess_criterias = [\"Gates\"]\n")
        );
        assert_eq!(
            err("[sections]\nrollback_plan = [\"Undo\", \"--\"]\n"),
            "p.toml:2:26: `--` has no words to match a rollback plan heading by"
        );
        assert_eq!(
            err("# rollback_plan = [\"Rollback\"]\n[sections]\nsuccess_criteria = [\"Rollback\"]\n"),
            "p.toml:3:21: `Rollback` already names rollback plan headings; a heading holds one or the other"
        );
        assert_eq!(
            err("[sections]\nsuccess_criteria = [\"Gates\"]\nrollback_plan = [\"gates\"]\n"),
            "p.toml:2:21: `Gates` already names rollback plan headings; a heading holds one or the other"
        );
        assert!(
            err("[sections]\nrollback_plan = \"Undo\"\n").starts_with("p.toml:2:17: "),
            "{}",
            err("[sections]\nrollback_plan = \"Undo\"\n")
        );
    }

    #[test]
    fn template_is_valid() {
        let cfg = PlanConfig::parse(
            Path::new("plan.toml"),
            include_str!("../write/templates/plan.toml"),
        );
        assert!(cfg.is_ok(), "{cfg:?}");
    }
}
