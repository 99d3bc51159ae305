//! Canonical lifecycle states and the normalisation of the status values
//! people actually write (`📋 Ready`, `✅ COMPLETE - all tests pass`,
//! `Accepted (Inherited)`) onto them.
//!
//! A value is matched against the synonym table of its document's lifecycle
//! after [`crate::base::text::words`] has reduced it to lower-case words: first the
//! whole value, then the value with a trailing note (`- ...`, `(...)`, `: ...`)
//! removed, then the longest synonym the value starts with (`complete and
//! tested` is `complete`). Anything else stays unknown, verbatim: it is never
//! guessed.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::base::text::words;
use crate::model::lifecycle::{Lifecycle, State};

/// A status value as written, and what it means.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Status {
    /// The value exactly as written (trimmed).
    pub raw: String,
    /// The canonical state, `None` when the value is not recognised.
    pub state: Option<State>,
    /// For a complete work package: `Some(true)` verified, `Some(false)`
    /// unverified (seed 000), `None` when the text does not say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verified: Option<bool>,
    /// For a superseded ADR: the number of the ADR that supersedes it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub superseded_by: Option<u32>,
    /// When the value is recognised as a state of another lifecycle only
    /// (`Accepted` on a work package), that lifecycle.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub foreign: Option<Lifecycle>,
}

impl Status {
    pub fn is_known(&self) -> bool {
        self.state.is_some()
    }

    /// `complete`, `complete (unverified)`, `superseded by 12`, or `unknown`.
    pub fn describe(&self) -> String {
        match (self.state, self.verified, self.superseded_by) {
            (None, ..) => "unknown".to_string(),
            (Some(State::Complete), Some(false), _) => "complete (unverified)".to_string(),
            (Some(State::Superseded), _, Some(n)) => format!("superseded by {n:04}"),
            (Some(s), ..) => s.as_str().to_string(),
        }
    }
}

/// Synonym tables, built in and extended by `plan.toml`.
#[derive(Debug, Clone)]
pub struct Synonyms {
    tables: BTreeMap<Lifecycle, BTreeMap<String, State>>,
}

const INITIATIVE: &[(&str, State)] = {
    use State::*;
    &[
        ("scope assessment", ScopeAssessment),
        ("scoping", ScopeAssessment),
        ("idea", ScopeAssessment),
        ("proposed", ScopeAssessment),
        ("proposal", ScopeAssessment),
        ("draft", ScopeAssessment),
        ("planning folder", PlanningFolder),
        ("planning folder setup", PlanningFolder),
        ("planning folder created", PlanningFolder),
        ("analysis", Analysis),
        ("analyzing", Analysis),
        ("analysing", Analysis),
        ("research", Analysis),
        ("investigation", Analysis),
        ("investigating", Analysis),
        ("planning", WorkPackagePlanning),
        ("planning phase", WorkPackagePlanning),
        ("in planning", WorkPackagePlanning),
        ("work package planning", WorkPackagePlanning),
        ("prioritization", Prioritization),
        ("prioritisation", Prioritization),
        ("roadmap finalized", RoadmapFinalized),
        ("roadmap finalised", RoadmapFinalized),
        ("design finalized", RoadmapFinalized),
        ("design finalised", RoadmapFinalized),
        ("roadmap complete", RoadmapFinalized),
        ("planning complete", RoadmapFinalized),
        ("planned", RoadmapFinalized),
        ("design complete", RoadmapFinalized),
        // The analysis checkpoint passed: nothing is built yet.
        ("analysis complete", Analysis),
        ("analysis completed", Analysis),
        ("ready for review", RoadmapFinalized),
        ("ready for implementation", RoadmapFinalized),
        ("ready to implement", RoadmapFinalized),
        ("ready", RoadmapFinalized),
        ("approved", RoadmapFinalized),
        ("implementation", Implementation),
        ("implementing", Implementation),
        ("in progress", Implementation),
        ("investigation in progress", Implementation),
        // Built, awaiting review and merge.
        ("ready for pr", Implementation),
        ("ready for merge", Implementation),
        ("active", Implementation),
        ("ongoing", Implementation),
        ("partial", Implementation),
        ("partially complete", Implementation),
        ("complete", Complete),
        ("completed", Complete),
        ("done", Complete),
        ("finished", Complete),
        ("implemented", Complete),
        ("fully implemented", Complete),
        ("implementation complete", Complete),
        ("investigation complete", Complete),
        ("evaluation complete", Complete),
        ("merged", Complete),
        ("released", Complete),
        ("shipped", Complete),
        ("delivered", Complete),
        ("review complete", Complete),
        ("session complete", Complete),
    ]
};

const WORK_PACKAGE: &[(&str, State)] = {
    use State::*;
    &[
        ("draft", Draft),
        ("planning", Draft),
        ("planning phase", Draft),
        ("in planning", Draft),
        ("planned", Draft),
        ("not started", Draft),
        ("todo", Draft),
        ("to do", Draft),
        ("new", Draft),
        ("pending", Draft),
        ("ready", Ready),
        ("ready for implementation", Ready),
        ("ready to implement", Ready),
        ("ready for development", Ready),
        ("design complete", Ready),
        ("planning complete", Ready),
        ("approved", Ready),
        ("in progress", InProgress),
        ("wip", InProgress),
        ("started", InProgress),
        ("starting", InProgress),
        ("implementing", InProgress),
        ("in development", InProgress),
        ("in review", InProgress),
        ("partial", InProgress),
        ("partially complete", InProgress),
        ("blocked", Blocked),
        ("on hold", Blocked),
        ("waiting", Blocked),
        ("complete", Complete),
        ("completed", Complete),
        ("done", Complete),
        ("finished", Complete),
        ("implemented", Complete),
        ("fully implemented", Complete),
        ("implementation complete", Complete),
        ("merged", Complete),
        ("released", Complete),
        ("shipped", Complete),
        ("delivered", Complete),
        ("session complete", Complete),
        ("verified", Complete),
        ("unverified", Complete),
        ("complete unverified", Complete),
        ("complete verified", Complete),
        ("deferred", Deferred),
        ("postponed", Deferred),
        ("backlog", Deferred),
        ("cancelled", Cancelled),
        ("canceled", Cancelled),
        ("abandoned", Cancelled),
        ("dropped", Cancelled),
        ("wontfix", Cancelled),
        ("won t do", Cancelled),
    ]
};

const ADR: &[(&str, State)] = {
    use State::*;
    &[
        ("proposed", Proposed),
        ("draft", Proposed),
        ("under review", Proposed),
        ("in review", Proposed),
        ("pending", Proposed),
        ("accepted", Accepted),
        ("approved", Accepted),
        ("adopted", Accepted),
        ("decided", Accepted),
        ("rejected", Rejected),
        ("declined", Rejected),
        ("deprecated", Deprecated),
        ("obsolete", Deprecated),
        ("retired", Deprecated),
        ("superseded", Superseded),
        ("replaced", Superseded),
    ]
};

impl Default for Synonyms {
    fn default() -> Self {
        let mut tables = BTreeMap::new();
        for (lifecycle, table) in [
            (Lifecycle::Initiative, INITIATIVE),
            (Lifecycle::WorkPackage, WORK_PACKAGE),
            (Lifecycle::Adr, ADR),
        ] {
            let map: BTreeMap<String, State> =
                table.iter().map(|(k, v)| ((*k).to_string(), *v)).collect();
            tables.insert(lifecycle, map);
        }
        Synonyms { tables }
    }
}

impl Synonyms {
    /// Adds a synonym; `value` is reduced to words like any status value.
    pub fn add(&mut self, lifecycle: Lifecycle, value: &str, state: State) {
        self.tables
            .entry(lifecycle)
            .or_default()
            .insert(words(value), state);
    }

    /// Normalises `raw` for a document of `lifecycle`.
    pub fn normalize(&self, lifecycle: Lifecycle, raw: &str) -> Status {
        let raw = raw.trim();
        let mut status = Status {
            raw: raw.to_string(),
            state: None,
            verified: None,
            superseded_by: None,
            foreign: None,
        };
        let Some((state, matched)) = self.lookup(lifecycle, raw) else {
            status.foreign = Lifecycle::ALL
                .into_iter()
                .filter(|l| *l != lifecycle)
                .find(|l| self.lookup(*l, raw).is_some());
            return status;
        };
        let all = words(raw);
        // `Complete — design pending`: the note takes the claim back.
        if state == State::Complete
            && says_not_done(all.strip_prefix(matched.as_str()).unwrap_or(""))
        {
            return status;
        }
        status.state = Some(state);
        if state == State::Complete && lifecycle == Lifecycle::WorkPackage {
            let has = |w: &str| all.split(' ').any(|x| x == w);
            if has("unverified") {
                status.verified = Some(false);
            } else if has("verified") {
                status.verified = Some(true);
            }
        }
        if state == State::Superseded {
            status.superseded_by = all
                .split(' ')
                .skip_while(|w| *w != matched.split(' ').next().unwrap_or(""))
                .find_map(|w| w.trim_start_matches("adr").parse::<u32>().ok());
        }
        status
    }

    fn lookup(&self, lifecycle: Lifecycle, raw: &str) -> Option<(State, String)> {
        let table = self.tables.get(&lifecycle)?;
        let full = words(raw);
        let head = words(strip_note(raw));
        for candidate in [&full, &head] {
            if let Some(state) = table.get(candidate.as_str()) {
                return Some((*state, candidate.clone()));
            }
        }
        // Longest synonym that the value starts with, on a word boundary.
        table
            .iter()
            .filter(|(syn, _)| {
                head.strip_prefix(syn.as_str())
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
            })
            .max_by_key(|(syn, _)| syn.len())
            .map(|(syn, state)| (*state, syn.clone()))
    }
}

/// Whether a note after a status says that part of the work is not done.
fn says_not_done(note: &str) -> bool {
    let note: Vec<&str> = note.split(' ').collect();
    note.iter()
        .any(|w| matches!(*w, "pending" | "remaining" | "outstanding" | "todo"))
        || note
            .windows(2)
            .any(|p| p == ["not", "yet"] || p == ["still", "open"])
}

/// Removes a trailing note: `Complete - all tests pass` -> `Complete`,
/// `HIGH (blocks 05)` -> `HIGH`.
pub fn strip_note(value: &str) -> &str {
    // One pass: the first `(`, `:`, `;`, `,`, `[` or ` | `, ` - `, ` – `,
    // ` — ` after the first character.
    let mut cut = value.len();
    for (i, c) in value.char_indices() {
        if i == 0 {
            continue;
        }
        let note = match c {
            '(' | ':' | ';' | ',' | '[' => true,
            ' ' => {
                let rest = &value[i + 1..];
                ["- ", "– ", "— ", "| "]
                    .iter()
                    .any(|sep| rest.starts_with(sep))
            }
            _ => false,
        };
        if note {
            cut = i;
            break;
        }
    }
    value[..cut].trim()
}

#[cfg(test)]
mod note_tests {
    use super::*;

    #[test]
    fn a_long_value_is_read_from_its_leading_words_unless_its_note_takes_it_back() {
        let s = Synonyms::default();
        let state = |l, raw| s.normalize(l, raw).state;
        assert_eq!(
            state(Lifecycle::WorkPackage, "Complete — merged and closed"),
            Some(State::Complete)
        );
        assert_eq!(
            state(Lifecycle::WorkPackage, "Approved — PR awaiting merge"),
            Some(State::Ready)
        );
        assert_eq!(
            state(Lifecycle::Initiative, "Analysis Complete — Design Pending"),
            Some(State::Analysis)
        );
        for raw in [
            "Complete — tests pending",
            "Implemented, docs not yet written",
            "Done; two items remaining",
        ] {
            assert_eq!(state(Lifecycle::WorkPackage, raw), None, "{raw}");
        }
        // A pending note on a state that is not "complete" changes nothing.
        assert_eq!(
            state(Lifecycle::WorkPackage, "Ready (pending approval)"),
            Some(State::Ready)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wp(raw: &str) -> Status {
        Synonyms::default().normalize(Lifecycle::WorkPackage, raw)
    }

    #[test]
    fn seed_and_corpus_values_normalise() {
        assert_eq!(wp("Ready for Implementation").state, Some(State::Ready));
        assert_eq!(wp("📋 Ready").state, Some(State::Ready));
        assert_eq!(wp("✅ Complete").state, Some(State::Complete));
        assert_eq!(wp("✅ **COMPLETED**").state, Some(State::Complete));
        assert_eq!(wp("⚠️ Partial").state, Some(State::InProgress));
        assert_eq!(wp("🔄 IN PROGRESS").state, Some(State::InProgress));
        assert_eq!(
            wp("✅ COMPLETE - All success criteria met").state,
            Some(State::Complete)
        );
        assert_eq!(wp("✅ COMPLETE AND TESTED").state, Some(State::Complete));
        assert_eq!(
            wp("✅ Ready for implementation (waiting for task selection)").state,
            Some(State::Ready)
        );
    }

    #[test]
    fn verification_is_read_from_the_text() {
        assert_eq!(wp("UNVERIFIED").verified, Some(false));
        assert_eq!(wp("Complete (verified)").verified, Some(true));
        assert_eq!(wp("Complete").verified, None);
    }

    #[test]
    fn adr_values_normalise() {
        let syn = Synonyms::default();
        let s = syn.normalize(Lifecycle::Adr, "Accepted (Inherited)");
        assert_eq!(s.state, Some(State::Accepted));
        let s = syn.normalize(Lifecycle::Adr, "Superseded by ADR-0042");
        assert_eq!(s.state, Some(State::Superseded));
        assert_eq!(s.superseded_by, Some(42));
        let s = syn.normalize(Lifecycle::Adr, "superseded by [0007](0007-x.md)");
        assert_eq!(s.superseded_by, Some(7));
    }

    #[test]
    fn unknown_values_are_kept_verbatim() {
        let s = wp("✅ PASS");
        assert_eq!(s.state, None);
        assert_eq!(s.raw, "✅ PASS");
        assert_eq!(s.describe(), "unknown");
    }

    #[test]
    fn foreign_values_name_their_lifecycle() {
        let s = wp("Accepted");
        assert_eq!(s.state, None);
        assert_eq!(s.foreign, Some(Lifecycle::Adr));
    }

    #[test]
    fn configured_synonyms_extend_the_table() {
        let mut syn = Synonyms::default();
        syn.add(Lifecycle::WorkPackage, "Ready to ship", State::Ready);
        assert_eq!(
            syn.normalize(Lifecycle::WorkPackage, "**Ready to ship**")
                .state,
            Some(State::Ready)
        );
    }

    #[test]
    fn prefix_match_needs_a_word_boundary() {
        assert_eq!(wp("Doneness unclear").state, None);
    }
}
