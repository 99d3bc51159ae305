//! The catalogue of rules `git plan check` enforces: each with a stable id
//! and a default severity, and the per-rule, per-kind overrides that
//! `plan.toml` sets. The checks themselves are in the `rules` stage.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::kind::DocKind;

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Off,
    Warning,
    Error,
}

impl Level {
    pub fn parse(text: &str) -> Option<Level> {
        match text.trim().to_ascii_lowercase().as_str() {
            "off" | "allow" | "none" => Some(Level::Off),
            "warning" | "warn" => Some(Level::Warning),
            "error" | "deny" => Some(Level::Error),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Off => "off",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
}

/// A rule's identity and defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub id: &'static str,
    pub level: Level,
    pub summary: &'static str,
}

/// Every rule, in the order findings are reported within a file.
pub const RULES: &[Rule] = &[
    Rule {
        id: "missing-success-criteria",
        level: Level::Error,
        summary: "a work package or plan has no Success Criteria (or Acceptance Criteria) section",
    },
    Rule {
        id: "missing-rollback-plan",
        level: Level::Error,
        summary:
            "a work package or plan has no Rollback Plan (or Rollback, Rollback Strategy) section",
    },
    Rule {
        id: "empty-section",
        level: Level::Error,
        summary: "a required section holds nothing but blank lines, rules or comments",
    },
    Rule {
        id: "template-placeholder",
        level: Level::Warning,
        summary: "a required section or field still holds only the template's placeholder text",
    },
    Rule {
        id: "unknown-status",
        level: Level::Warning,
        summary: "a status value is not one the lifecycle knows",
    },
    Rule {
        id: "illegal-status-for-kind",
        level: Level::Error,
        summary: "a status belongs to another kind of document (an ADR state on a work package)",
    },
    Rule {
        id: "dangling-dependency",
        level: Level::Error,
        summary: "a dependency names a plan that does not exist",
    },
    Rule {
        id: "dependency-cycle",
        level: Level::Error,
        summary: "work packages depend on each other in a cycle",
    },
    Rule {
        id: "duplicate-number",
        level: Level::Error,
        summary: "two work packages of one initiative, or two ADRs, share a number",
    },
    Rule {
        id: "adr-supersede-mismatch",
        level: Level::Error,
        summary: "an ADR is superseded by one that does not exist or does not say it supersedes it",
    },
    Rule {
        id: "complete-with-unticked-criteria",
        level: Level::Error,
        summary: "a work package is complete (verified) while a success criterion is unticked",
    },
    Rule {
        id: "status-contradiction",
        level: Level::Warning,
        summary:
            "documents disagree, such as a completion record beside a work package not complete",
    },
    Rule {
        id: "status-disagreement",
        level: Level::Warning,
        summary: "a document states its status in two places that disagree, or an initiative's START-HERE.md and README.md do",
    },
    Rule {
        id: "illegal-transition",
        level: Level::Error,
        summary: "a commit of the range moves a status where the lifecycle does not go (draft -> complete), without a Plan-Override trailer",
    },
    Rule {
        id: "guard-skipped",
        level: Level::Error,
        summary: "a commit of the range makes a move the CLI's guards refuse (start with an open dependency, done with unticked criteria), without a Plan-Override trailer",
    },
    Rule {
        id: "approval-missing",
        level: Level::Error,
        summary: "a commit of the range passes an initiative checkpoint without a Plan-Approved-By trailer",
    },
    Rule {
        id: "parse-error",
        level: Level::Error,
        summary:
            "a plan file cannot be read: not UTF-8, or a malformed `+++` TOML front matter block",
    },
];

pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

/// Severity overrides from `plan.toml`: `[rules]` for every kind, and
/// `[rules.<kind>]` (kind as in `work-package`, `adr`) for one kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleConfig {
    pub all: BTreeMap<String, Level>,
    pub by_kind: BTreeMap<String, BTreeMap<String, Level>>,
}

impl RuleConfig {
    pub fn level(&self, rule: &Rule, kind: Option<DocKind>) -> Level {
        kind.and_then(|k| self.by_kind.get(k.as_str()))
            .and_then(|m| m.get(rule.id))
            .or_else(|| self.all.get(rule.id))
            .copied()
            .unwrap_or(rule.level)
    }
}
