//! The state machines of the three lifecycles (PRODUCT.md, Lifecycles): which
//! moves are legal, what each verb means, and the guards that mirror the
//! seeds. Pure data: no files, no git.

use std::fmt;

use serde::Serialize;

/// The three lifecycles of PRODUCT.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Lifecycle {
    Initiative,
    WorkPackage,
    Adr,
}

impl Lifecycle {
    pub const ALL: [Lifecycle; 3] = [
        Lifecycle::Initiative,
        Lifecycle::WorkPackage,
        Lifecycle::Adr,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Lifecycle::Initiative => "initiative",
            Lifecycle::WorkPackage => "work-package",
            Lifecycle::Adr => "adr",
        }
    }

    /// `work packages`, for messages.
    pub fn plural(self) -> &'static str {
        match self {
            Lifecycle::Initiative => "initiatives",
            Lifecycle::WorkPackage => "work packages",
            Lifecycle::Adr => "ADRs",
        }
    }

    /// Canonical states, in lifecycle order.
    pub fn states(self) -> &'static [State] {
        use State::*;
        match self {
            Lifecycle::Initiative => &[
                ScopeAssessment,
                PlanningFolder,
                Analysis,
                WorkPackagePlanning,
                Prioritization,
                RoadmapFinalized,
                Implementation,
                Complete,
            ],
            Lifecycle::WorkPackage => &[
                Draft, Ready, InProgress, Blocked, Complete, Deferred, Cancelled,
            ],
            Lifecycle::Adr => &[Proposed, Accepted, Rejected, Deprecated, Superseded],
        }
    }

    /// The state a canonical name denotes in this lifecycle.
    pub fn state_named(self, name: &str) -> Option<State> {
        self.states().iter().copied().find(|s| s.as_str() == name)
    }
}

/// A canonical state. `Complete` is shared by initiatives and work packages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum State {
    // initiative checkpoints (seed 002)
    ScopeAssessment,
    PlanningFolder,
    Analysis,
    WorkPackagePlanning,
    Prioritization,
    RoadmapFinalized,
    Implementation,
    // work package
    Draft,
    Ready,
    InProgress,
    Blocked,
    Complete,
    Deferred,
    Cancelled,
    // ADR
    Proposed,
    Accepted,
    Rejected,
    Deprecated,
    Superseded,
}

impl State {
    pub fn as_str(self) -> &'static str {
        use State::*;
        match self {
            ScopeAssessment => "scope-assessment",
            PlanningFolder => "planning-folder",
            Analysis => "analysis",
            WorkPackagePlanning => "work-package-planning",
            Prioritization => "prioritization",
            RoadmapFinalized => "roadmap-finalized",
            Implementation => "implementation",
            Draft => "draft",
            Ready => "ready",
            InProgress => "in-progress",
            Blocked => "blocked",
            Complete => "complete",
            Deferred => "deferred",
            Cancelled => "cancelled",
            Proposed => "proposed",
            Accepted => "accepted",
            Rejected => "rejected",
            Deprecated => "deprecated",
            Superseded => "superseded",
        }
    }

    /// The words a template writes for this state.
    pub fn label(self) -> &'static str {
        use State::*;
        match self {
            ScopeAssessment => "Scope Assessment",
            PlanningFolder => "Planning Folder Setup",
            Analysis => "Analysis",
            WorkPackagePlanning => "Work Package Planning",
            Prioritization => "Prioritization",
            RoadmapFinalized => "Roadmap Finalized",
            Implementation => "Implementation",
            Draft => "Draft",
            Ready => "Ready for Implementation",
            InProgress => "In Progress",
            Blocked => "Blocked",
            Complete => "Complete",
            Deferred => "Deferred",
            Cancelled => "Cancelled",
            Proposed => "Proposed",
            Accepted => "Accepted",
            Rejected => "Rejected",
            Deprecated => "Deprecated",
            Superseded => "Superseded",
        }
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for State {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

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

/// The shortest chain of legal moves from `from` to `to`: the states it
/// passes through after `from`, ending with `to` (empty when they are the
/// same), or `None` when `to` cannot be reached. What a jump skipped, for
/// the range rules: draft -> complete passes ready and in-progress.
pub fn shortest_path(lifecycle: Lifecycle, from: State, to: State) -> Option<Vec<State>> {
    let mut came_from: Vec<(State, State)> = Vec::new();
    let mut frontier = vec![from];
    let mut seen = vec![from];
    while !frontier.is_empty() && !seen.contains(&to) {
        let mut next = Vec::new();
        for s in frontier {
            for n in next_states(lifecycle, s) {
                if !seen.contains(&n) {
                    seen.push(n);
                    came_from.push((n, s));
                    next.push(n);
                }
            }
        }
        frontier = next;
    }
    if !seen.contains(&to) {
        return None;
    }
    let mut path = Vec::new();
    let mut at = to;
    while at != from {
        path.push(at);
        at = came_from.iter().find(|(n, _)| *n == at)?.1;
    }
    path.reverse();
    Some(path)
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

/// A verb of the command line that moves a document along its lifecycle
/// (`git plan set` aside, which takes any legal move). What each one does is
/// [`Move::moves`]: the transitions read it, and the help of each command is
/// written from it, so that the two cannot disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    Start,
    Done,
    Block,
    Reopen,
    Approve,
    Accept,
    Reject,
    Deprecate,
    Supersede,
}

impl Move {
    pub const ALL: [Move; 9] = [
        Move::Start,
        Move::Done,
        Move::Block,
        Move::Reopen,
        Move::Approve,
        Move::Accept,
        Move::Reject,
        Move::Deprecate,
        Move::Supersede,
    ];

    /// The command, as typed after `git plan`.
    pub fn name(self) -> &'static str {
        match self {
            Move::Start => "start",
            Move::Done => "done",
            Move::Block => "block",
            Move::Reopen => "reopen",
            Move::Approve => "approve",
            Move::Accept => "adr accept",
            Move::Reject => "adr reject",
            Move::Deprecate => "adr deprecate",
            Move::Supersede => "adr supersede",
        }
    }

    pub fn lifecycle(self) -> Lifecycle {
        match self {
            Move::Start | Move::Done | Move::Block | Move::Reopen => Lifecycle::WorkPackage,
            Move::Approve => Lifecycle::Initiative,
            Move::Accept | Move::Reject | Move::Deprecate | Move::Supersede => Lifecycle::Adr,
        }
    }

    /// Every move this verb makes, `from -> to`, each an edge of its
    /// lifecycle.
    pub fn moves(self) -> Vec<(State, State)> {
        use State::*;
        match self {
            Move::Start => vec![(Ready, InProgress), (Blocked, InProgress)],
            Move::Done => vec![(InProgress, Complete)],
            Move::Block => vec![(Ready, Blocked), (InProgress, Blocked)],
            Move::Reopen => vec![
                (Blocked, InProgress),
                (Complete, InProgress),
                (Deferred, Ready),
                (Cancelled, Draft),
            ],
            Move::Approve => Lifecycle::Initiative
                .states()
                .iter()
                .filter_map(|s| next_checkpoint(*s).map(|n| (*s, n)))
                .collect(),
            Move::Accept => vec![(Proposed, Accepted), (Deprecated, Accepted)],
            Move::Reject => vec![(Proposed, Rejected)],
            Move::Deprecate => vec![(Accepted, Deprecated)],
            Move::Supersede => vec![(Proposed, Superseded), (Accepted, Superseded)],
        }
    }

    /// Where this verb takes a document that is `from`, if it moves it.
    pub fn target(self, from: State) -> Option<State> {
        self.moves()
            .into_iter()
            .find(|(f, _)| *f == from)
            .map(|(_, t)| t)
    }

    /// The one state this verb moves to, when it has one.
    pub fn single_target(self) -> Option<State> {
        let moves = self.moves();
        let (_, to) = *moves.first()?;
        moves.iter().all(|(_, t)| *t == to).then_some(to)
    }

    /// The verb that makes the move `from -> to`, if one does.
    pub fn making(from: State, to: State) -> Option<Move> {
        Move::ALL
            .into_iter()
            .find(|m| m.moves().contains(&(from, to)))
    }

    /// The moves in words, for help: `ready or blocked -> in-progress`, a
    /// chain as `a -> b -> c`, else `a -> b; c -> d`, by target.
    pub fn describe(self) -> String {
        let moves = self.moves();
        let chain = moves.windows(2).all(|w| w[0].1 == w[1].0);
        if chain && moves.len() > 2 {
            let mut words = vec![moves[0].0.as_str()];
            words.extend(moves.iter().map(|(_, t)| t.as_str()));
            return words.join(" -> ");
        }
        let mut targets: Vec<State> = Vec::new();
        for (_, to) in &moves {
            if !targets.contains(to) {
                targets.push(*to);
            }
        }
        targets
            .iter()
            .map(|to| {
                let froms: Vec<&str> = moves
                    .iter()
                    .filter(|(_, t)| t == to)
                    .map(|(f, _)| f.as_str())
                    .collect();
                let froms = match froms.split_last() {
                    Some((last, rest)) if !rest.is_empty() => {
                        format!("{} or {last}", rest.join(", "))
                    }
                    _ => froms.join(""),
                };
                format!("{froms} -> {to}")
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
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

    /// What a failing guard refuses, after `cannot`: the move it guards.
    pub fn refused(self) -> &'static str {
        match self {
            Guard::SuccessCriteria | Guard::RollbackPlan => "become ready",
            Guard::DependenciesComplete => "start",
            Guard::CriteriaTicked => "be done (verified)",
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
    fn shortest_paths_pass_the_skipped_states() {
        use State::*;
        let wp = Lifecycle::WorkPackage;
        assert_eq!(
            shortest_path(wp, Draft, Complete),
            Some(vec![Ready, InProgress, Complete])
        );
        assert_eq!(
            shortest_path(wp, InProgress, Complete),
            Some(vec![Complete])
        );
        assert_eq!(shortest_path(wp, Ready, Ready), Some(vec![]));
        assert_eq!(shortest_path(Lifecycle::Adr, Superseded, Accepted), None);
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
    fn every_verb_moves_along_legal_edges_only() {
        for m in Move::ALL {
            assert!(!m.moves().is_empty(), "{m:?} moves nothing");
            for (from, to) in m.moves() {
                assert!(is_legal(m.lifecycle(), from, to), "{m:?}: {from} -> {to}");
            }
        }
        assert_eq!(
            Move::making(State::Complete, State::InProgress),
            Some(Move::Reopen)
        );
        assert_eq!(Move::Start.target(State::Complete), None);
        assert_eq!(Move::Start.describe(), "ready or blocked -> in-progress");
        assert_eq!(
            Move::Reopen.describe(),
            "blocked or complete -> in-progress; deferred -> ready; cancelled -> draft"
        );
        assert!(Move::Approve
            .describe()
            .starts_with("scope-assessment -> planning-folder -> analysis -> "));
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
