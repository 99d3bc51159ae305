//! The state machines of the three lifecycles (PRODUCT.md, Lifecycles): which
//! moves are legal, what each verb means, and the guards that mirror the
//! seeds. Pure data: no files, no git.

use serde::Serialize;

use crate::status::{Lifecycle, State};

/// Every legal move of a lifecycle, `from -> to`.
pub fn edges(lifecycle: Lifecycle) -> &'static [(State, State)] {
    use State::*;
    match lifecycle {
        Lifecycle::WorkPackage => &[
            (Draft, Ready),
            (Draft, Deferred),
            (Draft, Cancelled),
            (Ready, Draft),
            (Ready, InProgress),
            (Ready, Blocked),
            (Ready, Deferred),
            (Ready, Cancelled),
            (InProgress, Blocked),
            (InProgress, Complete),
            (InProgress, Deferred),
            (InProgress, Cancelled),
            (Blocked, InProgress),
            (Blocked, Ready),
            (Blocked, Deferred),
            (Blocked, Cancelled),
            (Complete, InProgress),
            (Deferred, Ready),
            (Deferred, Draft),
            (Deferred, Cancelled),
            (Cancelled, Draft),
        ],
        Lifecycle::Initiative => &[
            (ScopeAssessment, PlanningFolder),
            (PlanningFolder, Analysis),
            (PlanningFolder, WorkPackagePlanning),
            (Analysis, WorkPackagePlanning),
            (WorkPackagePlanning, Prioritization),
            (Prioritization, RoadmapFinalized),
            (RoadmapFinalized, Implementation),
            (Implementation, Complete),
            (Complete, Implementation),
        ],
        Lifecycle::Adr => &[
            (Proposed, Accepted),
            (Proposed, Rejected),
            (Proposed, Superseded),
            (Accepted, Deprecated),
            (Accepted, Superseded),
            (Rejected, Proposed),
            (Deprecated, Accepted),
        ],
    }
}

/// States reachable from `from` in one move.
pub fn next_states(lifecycle: Lifecycle, from: State) -> Vec<State> {
    edges(lifecycle)
        .iter()
        .filter(|(f, _)| *f == from)
        .map(|(_, t)| *t)
        .collect()
}

pub fn is_legal(lifecycle: Lifecycle, from: State, to: State) -> bool {
    edges(lifecycle).contains(&(from, to))
}

/// The checkpoint an initiative passes to on approval: the next one in
/// seed 002's order (analysis is optional, so planning-folder approval goes
/// to analysis; `set` can skip it).
pub fn next_checkpoint(from: State) -> Option<State> {
    let order = Lifecycle::Initiative.states();
    let i = order.iter().position(|s| *s == from)?;
    order.get(i + 1).copied()
}

/// The seven checkpoints' numbers, for ticking `N. ...` checklist items.
pub fn checkpoint_number(state: State) -> Option<usize> {
    Lifecycle::Initiative
        .states()
        .iter()
        .position(|s| *s == state)
        .filter(|i| *i < 7)
        .map(|i| i + 1)
}

/// A precondition of a move, taken from the seeds. `--force` passes one and
/// the commit records it in a `Plan-Override:` trailer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Guard {
    /// Ready needs a non-empty Success Criteria section (seeds 001, 002).
    SuccessCriteria,
    /// Ready needs a non-empty Rollback Plan section (seeds 000, 001).
    RollbackPlan,
    /// Start needs every dependency complete.
    DependenciesComplete,
    /// Done (verified) needs every success criterion ticked (seed 000).
    CriteriaTicked,
}

impl Guard {
    pub fn as_str(self) -> &'static str {
        match self {
            Guard::SuccessCriteria => "success-criteria",
            Guard::RollbackPlan => "rollback-plan",
            Guard::DependenciesComplete => "dependencies-complete",
            Guard::CriteriaTicked => "criteria-ticked",
        }
    }
}

/// The guards that apply to a work package's move into `to`.
pub fn guards(lifecycle: Lifecycle, to: State, verified: bool) -> Vec<Guard> {
    match (lifecycle, to) {
        (Lifecycle::WorkPackage, State::Ready) => vec![Guard::SuccessCriteria, Guard::RollbackPlan],
        (Lifecycle::WorkPackage, State::InProgress) => vec![Guard::DependenciesComplete],
        (Lifecycle::WorkPackage, State::Complete) if verified => vec![Guard::CriteriaTicked],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edges_stay_inside_their_lifecycle() {
        for l in Lifecycle::ALL {
            for (from, to) in edges(l) {
                assert!(l.states().contains(from), "{l:?} {from:?}");
                assert!(l.states().contains(to), "{l:?} {to:?}");
            }
        }
    }

    #[test]
    fn every_state_can_be_left_or_is_final_by_design() {
        for l in Lifecycle::ALL {
            for s in l.states() {
                let terminal = matches!(s, State::Superseded);
                assert!(
                    terminal || !next_states(l, *s).is_empty(),
                    "{l:?} {s:?} is a dead end"
                );
            }
        }
    }

    #[test]
    fn checkpoints_follow_seed_002() {
        assert_eq!(
            next_checkpoint(State::ScopeAssessment),
            Some(State::PlanningFolder)
        );
        assert_eq!(
            next_checkpoint(State::Implementation),
            Some(State::Complete)
        );
        assert_eq!(next_checkpoint(State::Complete), None);
        assert_eq!(checkpoint_number(State::Implementation), Some(7));
        assert_eq!(checkpoint_number(State::Complete), None);
    }

    #[test]
    fn guards_mirror_the_seeds() {
        assert_eq!(
            guards(Lifecycle::WorkPackage, State::Ready, true),
            [Guard::SuccessCriteria, Guard::RollbackPlan]
        );
        assert!(guards(Lifecycle::WorkPackage, State::Complete, false).is_empty());
        assert!(is_legal(
            Lifecycle::WorkPackage,
            State::InProgress,
            State::Complete
        ));
        assert!(!is_legal(
            Lifecycle::WorkPackage,
            State::Draft,
            State::Complete
        ));
    }
}
