//! Narrowing a roadmap to what was asked for: `status --state`, `--kind`,
//! `--priority`, `--initiative`, `--since`, and `adr list --status`. The
//! filters are resolved once (a state or any synonym of it, as
//! `set status=` takes them) and then applied to the report's views, so the
//! human output and the JSON hold the same documents.

use serde::Serialize;

use crate::model::fields::{Priority, PriorityLevel};
use crate::model::kind::{lifecycle_of, DocKind};
use crate::model::lifecycle::{Lifecycle, State};
use crate::model::status::Synonyms;
use crate::report::{AdrView, InitiativeView, StatusReport, StatusView, WorkPackageView};

/// A filter value that names nothing.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FilterError {
    #[error("`{value}` is not a state of {lifecycles}; the states are: {}", allowed.join(", "))]
    UnknownState {
        value: String,
        lifecycles: String,
        allowed: Vec<String>,
    },
    #[error("`{value}` is not a kind of document; the kinds are: {}", allowed.join(", "))]
    UnknownKind { value: String, allowed: Vec<String> },
    #[error("`{value}` is not a priority; the priorities are: {}", allowed.join(", "))]
    UnknownPriority { value: String, allowed: Vec<String> },
}

/// One `--state` value, resolved under each lifecycle it was asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateFilter {
    /// As given.
    pub value: String,
    /// What it means per lifecycle; a lifecycle absent here has no such state.
    states: Vec<(Lifecycle, State)>,
    /// `unknown` (a status no lifecycle knows) or `missing` (none written).
    special: Option<&'static str>,
}

impl StateFilter {
    /// Resolves `value` for documents of `lifecycles`: `unknown` and
    /// `missing`; a canonical state name (`in-progress`, `In Progress`),
    /// taken in the lifecycles that have it and no other; else a synonym
    /// (`Ready for Implementation`, one from `plan.toml`), read in each
    /// lifecycle as `set status=` reads it.
    pub fn parse(
        value: &str,
        synonyms: &Synonyms,
        lifecycles: &[Lifecycle],
    ) -> Result<StateFilter, FilterError> {
        let name = value.trim().to_lowercase().replace([' ', '_'], "-");
        let special = ["unknown", "missing"]
            .into_iter()
            .find(|s| *s == name.as_str());
        let mut states: Vec<(Lifecycle, State)> = lifecycles
            .iter()
            .filter_map(|l| l.state_named(&name).map(|s| (*l, s)))
            .collect();
        if states.is_empty() && special.is_none() {
            states = lifecycles
                .iter()
                .filter_map(|l| synonyms.normalize(*l, value).state.map(|s| (*l, s)))
                .collect();
        }
        if states.is_empty() && special.is_none() {
            let mut allowed: Vec<String> = Vec::new();
            for l in lifecycles {
                for s in l.states() {
                    if !allowed.iter().any(|a| a == s.as_str()) {
                        allowed.push(s.as_str().to_string());
                    }
                }
            }
            allowed.extend(["unknown".to_string(), "missing".to_string()]);
            let names: Vec<&str> = lifecycles.iter().map(|l| l.plural()).collect();
            return Err(FilterError::UnknownState {
                value: value.to_string(),
                lifecycles: names.join(", "),
                allowed,
            });
        }
        Ok(StateFilter {
            value: value.to_string(),
            states,
            special,
        })
    }

    /// Does a document of `lifecycle` whose status is `status` match?
    pub fn matches(&self, lifecycle: Lifecycle, status: Option<&StatusView>) -> bool {
        let state = status.map_or("missing", |s| s.state.as_str());
        if let Some(special) = self.special {
            return state == special;
        }
        self.states
            .iter()
            .any(|(l, s)| *l == lifecycle && s.as_str() == state)
    }
}

/// A `--kind` value: `work-package`, `adr`, ... (the names of
/// [`DocKind::as_str`]; a plural or `wp` also do).
pub fn parse_kind(value: &str) -> Result<DocKind, FilterError> {
    let name = value.trim().to_lowercase().replace([' ', '_'], "-");
    let name = match name.as_str() {
        "wp" | "wps" => "work-package",
        "adrs" => "adr",
        other => other.strip_suffix('s').unwrap_or(other),
    };
    DocKind::ALL
        .into_iter()
        .find(|k| k.as_str() == name || k.as_str() == format!("{name}s"))
        .ok_or_else(|| FilterError::UnknownKind {
            value: value.to_string(),
            allowed: DocKind::ALL
                .iter()
                .map(|k| k.as_str().to_string())
                .collect(),
        })
}

/// A `--priority` value, read as a priority field is (`HIGH`, `p1`, `medium-high`).
pub fn parse_priority(value: &str) -> Result<PriorityLevel, FilterError> {
    Priority::parse(&value.replace('-', " "))
        .level
        .ok_or_else(|| FilterError::UnknownPriority {
            value: value.to_string(),
            allowed: [
                PriorityLevel::Critical,
                PriorityLevel::High,
                PriorityLevel::MediumHigh,
                PriorityLevel::Medium,
                PriorityLevel::MediumLow,
                PriorityLevel::Low,
            ]
            .iter()
            .map(|p| p.as_str().to_string())
            .collect(),
        })
}

/// The filters of one `status` run; each kind of filter matches when any of
/// its values does, and a document is kept when every kind given matches.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Filters {
    /// The `--state` values as given.
    #[serde(rename = "state", skip_serializing_if = "Vec::is_empty")]
    pub states: Vec<String>,
    #[serde(skip)]
    pub state_filters: Vec<StateFilter>,
    #[serde(rename = "kind", skip_serializing_if = "Vec::is_empty")]
    pub kinds: Vec<DocKind>,
    #[serde(rename = "priority", skip_serializing_if = "Vec::is_empty")]
    pub priorities: Vec<PriorityLevel>,
    /// Initiative folders.
    #[serde(rename = "initiative", skip_serializing_if = "Vec::is_empty")]
    pub initiatives: Vec<String>,
    /// Status changed at or after this time (seconds since the epoch).
    #[serde(skip)]
    pub since: Option<i64>,
    /// `--since` as given and the time it was read as (RFC 3339).
    #[serde(rename = "since", skip_serializing_if = "Option::is_none")]
    pub since_shown: Option<String>,
}

impl Filters {
    /// No filter was given.
    pub fn is_empty(&self) -> bool {
        self.state_filters.is_empty()
            && self.kinds.is_empty()
            && self.priorities.is_empty()
            && self.initiatives.is_empty()
            && self.since.is_none()
    }

    /// Adds a `--state` value.
    pub fn add_state(&mut self, filter: StateFilter) {
        self.states.push(filter.value.clone());
        self.state_filters.push(filter);
    }

    fn doc_matches(
        &self,
        kind: DocKind,
        status: Option<&StatusView>,
        priority: Option<PriorityLevel>,
        initiative: Option<&str>,
    ) -> bool {
        let lifecycle = lifecycle_of(kind);
        (self.state_filters.is_empty()
            || lifecycle.is_some_and(|l| self.state_filters.iter().any(|f| f.matches(l, status))))
            && (self.kinds.is_empty() || self.kinds.contains(&kind))
            && (self.priorities.is_empty()
                || priority.is_some_and(|p| self.priorities.contains(&p)))
            && (self.initiatives.is_empty()
                || initiative.is_some_and(|i| self.initiatives.iter().any(|x| x == i)))
            && self.since.is_none_or(|since| {
                status
                    .and_then(|s| s.since.as_ref())
                    .and_then(|m| m.time)
                    .is_some_and(|t| t >= since)
            })
    }

    fn initiative_matches(&self, init: &InitiativeView) -> bool {
        self.doc_matches(
            DocKind::Initiative,
            init.status.as_ref(),
            None,
            Some(&init.id),
        )
    }

    fn work_package_matches(&self, wp: &WorkPackageView, initiative: &str) -> bool {
        self.doc_matches(
            wp.kind,
            wp.status.as_ref(),
            wp.priority.as_ref().and_then(|p| p.level),
            Some(initiative),
        )
    }

    /// Does an ADR match (an ADR has no priority and no initiative)?
    pub fn adr_matches(&self, adr: &AdrView) -> bool {
        self.doc_matches(DocKind::Adr, adr.status.as_ref(), None, None)
    }

    /// Keeps in `report` the documents that match: the work packages and
    /// ADRs that do, and the initiatives that do or hold a work package
    /// that does (with only those work packages). The ADR counts are of
    /// the ADRs kept; `report.filters` records the filters.
    pub fn apply(&self, report: &mut StatusReport) {
        if self.is_empty() {
            return;
        }
        report.initiatives.retain_mut(|init| {
            let own = self.initiative_matches(init);
            let id = init.id.clone();
            init.work_packages
                .retain(|wp| self.work_package_matches(wp, &id));
            own || !init.work_packages.is_empty()
        });
        report.adrs.items.retain(|a| self.adr_matches(a));
        report.adrs.total = report.adrs.items.len();
        report.adrs.by_status.clear();
        for a in &report.adrs.items {
            let state = a.status.as_ref().map_or("missing", |s| s.state.as_str());
            *report.adrs.by_status.entry(state.to_string()).or_insert(0) += 1;
        }
        // The warnings about what is shown.
        let shown = |path: &str| {
            report.adrs.items.iter().any(|a| a.path == path)
                || report.initiatives.iter().any(|i| {
                    path.strip_prefix(i.path.as_str())
                        .is_some_and(|rest| rest.starts_with('/'))
                })
        };
        let diagnostics = std::mem::take(&mut report.diagnostics);
        report.diagnostics = diagnostics.into_iter().filter(|d| shown(&d.path)).collect();
        report.filters = Some(self.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_state_is_named_canonically_or_by_a_synonym_in_its_lifecycles() {
        let syn = Synonyms::default();
        let all = Lifecycle::ALL;
        let f = StateFilter::parse("In Progress", &syn, &all).unwrap();
        assert_eq!(f.states, [(Lifecycle::WorkPackage, State::InProgress)]);
        // `ready` is a work-package state: not the initiatives' synonym too.
        let f = StateFilter::parse("ready", &syn, &all).unwrap();
        assert_eq!(f.states, [(Lifecycle::WorkPackage, State::Ready)]);
        let f = StateFilter::parse("Ready for Implementation", &syn, &all).unwrap();
        assert_eq!(
            f.states,
            [
                (Lifecycle::Initiative, State::RoadmapFinalized),
                (Lifecycle::WorkPackage, State::Ready)
            ]
        );
        let f = StateFilter::parse("adopted", &syn, &[Lifecycle::Adr]).unwrap();
        assert_eq!(f.states, [(Lifecycle::Adr, State::Accepted)]);
        assert_eq!(
            StateFilter::parse("missing", &syn, &all).unwrap().special,
            Some("missing")
        );
        let err = StateFilter::parse("shiny", &syn, &[Lifecycle::Adr]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "`shiny` is not a state of ADRs; the states are: proposed, accepted, rejected, deprecated, superseded, unknown, missing"
        );
    }

    #[test]
    fn kinds_and_priorities_are_read_loosely() {
        assert_eq!(parse_kind("work-packages"), Ok(DocKind::WorkPackage));
        assert_eq!(parse_kind("WP"), Ok(DocKind::WorkPackage));
        assert_eq!(parse_kind("analysis"), Ok(DocKind::Analysis));
        assert_eq!(parse_kind("ADR"), Ok(DocKind::Adr));
        assert!(parse_kind("epic").is_err());
        assert_eq!(parse_priority("high"), Ok(PriorityLevel::High));
        assert_eq!(parse_priority("medium-high"), Ok(PriorityLevel::MediumHigh));
        assert!(parse_priority("soon").is_err());
    }
}
