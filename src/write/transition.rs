//! Phase transitions planned as data: which file bytes change, what the
//! commit says. Applying them (write, commit, undo on failure) is
//! [`crate::write::change::apply`]'s job.

use crate::document::{Field, FieldOrigin, STATUS_KEYS};
use crate::model::kind::{lifecycle_of, DocKind};
use crate::model::lifecycle::{self, Guard, Move};
use crate::model::lifecycle::{Lifecycle, State};
use crate::model::status::{Status, Synonyms};
use crate::rules::guard;
use crate::tree::plan_tree::{DocIndex, PlanDoc, PlanTree};
use crate::write::change::{Change, FileEdit};
use crate::write::edit::{self, EditError};
use crate::write::message::one_line;
use crate::write::message::CommitMessage;
use crate::write::message::Trailer;

/// What the user asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verb {
    /// Work package: ready or blocked -> in progress.
    Start,
    /// Work package: in progress -> complete, verified unless `unverified`.
    Done { unverified: bool },
    /// Work package -> blocked, with the reason written beside the status.
    Block { reason: String },
    /// Work package: back from blocked, complete, deferred or cancelled.
    Reopen,
    /// Initiative: pass the current checkpoint, approved by `by`.
    Approve { by: String },
    /// ADR: proposed -> accepted.
    Accept,
    /// ADR: proposed -> rejected.
    Reject,
    /// ADR: accepted -> deprecated.
    Deprecate,
    /// ADR: superseded by the ADR at this document index.
    Supersede { by: DocIndex },
    /// Any legal state of the document's lifecycle.
    Set { state: State },
}

impl Verb {
    pub fn name(&self) -> &'static str {
        match self {
            Verb::Start => "start",
            Verb::Done { .. } => "done",
            Verb::Block { .. } => "block",
            Verb::Reopen => "reopen",
            Verb::Approve { .. } => "approve",
            Verb::Accept => "adr accept",
            Verb::Reject => "adr reject",
            Verb::Deprecate => "adr deprecate",
            Verb::Supersede { .. } => "adr supersede",
            Verb::Set { .. } => "set",
        }
    }

    /// The verb's moves in the lifecycle tables; `None` for `set`.
    pub fn as_move(&self) -> Option<Move> {
        Some(match self {
            Verb::Start => Move::Start,
            Verb::Done { .. } => Move::Done,
            Verb::Block { .. } => Move::Block,
            Verb::Reopen => Move::Reopen,
            Verb::Approve { .. } => Move::Approve,
            Verb::Accept => Move::Accept,
            Verb::Reject => Move::Reject,
            Verb::Deprecate => Move::Deprecate,
            Verb::Supersede { .. } => Move::Supersede,
            Verb::Set { .. } => return None,
        })
    }

    fn lifecycle(&self) -> Option<Lifecycle> {
        self.as_move().map(Move::lifecycle)
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TransitionError {
    #[error("`git plan {verb}` applies to {expected}, and {id} is {kind}")]
    WrongKind {
        verb: &'static str,
        expected: &'static str,
        id: String,
        kind: &'static str,
    },
    #[error("{id} has no lifecycle: it is {kind}")]
    NoLifecycle { id: String, kind: &'static str },
    #[error("{id}: its status `{raw}` ({at}) is not a known {lifecycle} status")]
    UnknownStatus {
        id: String,
        raw: String,
        at: String,
        lifecycle: &'static str,
    },
    #[error("{id} has no status line ({path})")]
    NoStatus { id: String, path: String },
    #[error("{id} is already {state}")]
    AlreadyThere { id: String, state: String },
    #[error("{id} cannot go from {from} to {to}; from {from} it can go to: {}", if allowed.is_empty() { "nowhere".to_string() } else { allowed.join(", ") })]
    Illegal {
        id: String,
        from: String,
        to: String,
        allowed: Vec<String>,
    },
    #[error("`git plan {verb}` moves {moves}, and {id} is {from}")]
    OtherVerb {
        verb: &'static str,
        moves: String,
        id: String,
        from: String,
        /// The verb that makes the move asked for, as `git plan ...` names it.
        instead: Option<&'static str>,
    },
    #[error("`{value}` is not a state of {lifecycle}")]
    NotAState {
        value: String,
        lifecycle: &'static str,
        allowed: Vec<String>,
    },
    /// Every guard of the move that fails, in one refusal.
    #[error("{id}: {}", refusal(failures))]
    Guards {
        id: String,
        failures: Vec<GuardFailure>,
    },
    #[error("{id} cannot supersede itself")]
    SelfSupersede { id: String },
    #[error(transparent)]
    Edit(#[from] EditError),
    /// An edit of one document that cannot be made.
    #[error("{path}: {error}")]
    EditIn { path: String, error: EditError },
}

/// A guard that does not hold, and what is missing
/// (`its Rollback Plan section (line 67) is empty`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuardFailure {
    pub guard: Guard,
    pub detail: String,
}

/// `cannot become ready: its Success Criteria section (line 51) holds only
/// the template's placeholders; its Rollback Plan section (line 67) is
/// empty`: every failure, after the move they refuse.
fn refusal(failures: &[GuardFailure]) -> String {
    let details: Vec<&str> = failures.iter().map(|f| f.detail.as_str()).collect();
    format!(
        "cannot {}: {}",
        failures.first().map_or("move", |f| f.guard.refused()),
        details.join("; ")
    )
}

/// A planned transition: the change to apply, and what it means.
#[derive(Debug, Clone)]
pub struct Transition {
    pub change: Change,
    pub id: String,
    pub from: String,
    pub to: String,
    /// Guards passed with `--force`.
    pub overrides: Vec<Guard>,
}

/// Plans `verb` on `doc`, a document of `tree` (for an initiative, its
/// status document). `force` passes failing guards.
pub fn plan(
    tree: &PlanTree,
    doc: &PlanDoc,
    verb: &Verb,
    force: bool,
) -> Result<Transition, TransitionError> {
    let id = subject_id(doc);
    let Some(lifecycle) = doc.lifecycle() else {
        return Err(TransitionError::NoLifecycle {
            id,
            kind: doc.kind.with_article(),
        });
    };
    if let Some(expected) = verb.lifecycle() {
        if expected != lifecycle {
            return Err(TransitionError::WrongKind {
                verb: verb.name(),
                expected: expected.plural(),
                id,
                kind: doc.kind.with_article(),
            });
        }
    }
    let from = doc.status.as_ref().and_then(|s| s.state);
    if from.is_none() && !matches!(verb, Verb::Set { .. }) {
        return Err(match &doc.status {
            Some(s) => TransitionError::UnknownStatus {
                id,
                raw: s.raw.clone(),
                at: format!(
                    "{}:{}",
                    doc.path,
                    doc.doc.field(STATUS_KEYS).map_or(0, |f| f.span.line)
                ),
                lifecycle: lifecycle.as_str(),
            },
            None => TransitionError::NoStatus {
                id,
                path: doc.path.clone(),
            },
        });
    }
    let to = target_state(verb, lifecycle, from, &id)?;
    if let Some(from) = from {
        let upgrading = matches!(verb, Verb::Done { unverified: false })
            && doc
                .status
                .as_ref()
                .is_some_and(|s| s.verified == Some(false));
        if from == to && !upgrading {
            return Err(TransitionError::AlreadyThere {
                id,
                state: to.to_string(),
            });
        }
        if !lifecycle::is_legal(lifecycle, from, to) && from != to {
            return Err(illegal(&id, lifecycle, from, to.as_str()));
        }
    }
    let unverified = matches!(verb, Verb::Done { unverified: true });
    let failures: Vec<GuardFailure> = lifecycle::guards(lifecycle, to, !unverified)
        .into_iter()
        .filter_map(|guard| {
            guard::failing(tree, doc, guard).map(|detail| GuardFailure { guard, detail })
        })
        .collect();
    if !failures.is_empty() && !force {
        return Err(TransitionError::Guards { id, failures });
    }
    let overrides: Vec<Guard> = failures.iter().map(|f| f.guard).collect();

    let value = status_value(verb, to);
    let mut edits = Vec::new();
    let mut trailers = Vec::new();
    match verb {
        Verb::Approve { .. } | Verb::Set { .. } if lifecycle == Lifecycle::Initiative => {
            // Keep START-HERE.md and README.md in step, and on approval tick
            // the checkpoint that was passed.
            let approved_by = match verb {
                Verb::Approve { by } => Some(by),
                _ => None,
            };
            let folder = doc.initiative.clone().unwrap_or_default();
            let init = tree.initiative(&folder);
            let members: Vec<&PlanDoc> = init
                .map(|i| i.docs.iter().map(|d| &tree.documents[*d]).collect())
                .unwrap_or_default();
            for member in members.iter().filter(|d| {
                d.kind == DocKind::Initiative && (d.status.is_some() || d.path == doc.path)
            }) {
                let mut e = status_edits(tree, member, &value)?;
                let passed = from
                    .and_then(lifecycle::checkpoint_number)
                    .filter(|_| approved_by.is_some());
                if let Some(number) = passed {
                    if let Some(i) = member.doc.checklist.iter().position(|c| {
                        !c.checked && c.text.trim_start().starts_with(&format!("{number}."))
                    }) {
                        e.push(edit::set_checked(&member.doc, i, true)?);
                    }
                }
                edits.push(file_edit(member, &e)?);
            }
            if let Some(by) = approved_by {
                trailers.push((Trailer::ApprovedBy, by.to_string()));
            }
        }
        Verb::Supersede { by } => {
            let newer = &tree.documents[*by];
            if newer.path == doc.path {
                return Err(TransitionError::SelfSupersede { id });
            }
            // Both records as their own format says it (adr-tools,
            // MADR 2, MADR 4, or git plan's header lines).
            let value =
                crate::write::adr_format::superseded_value(doc, newer, &relative_link(doc, newer));
            edits.push(file_edit(doc, &status_edits(tree, doc, &value)?)?);
            let back =
                crate::write::adr_format::supersedes_edit(newer, doc, &relative_link(newer, doc))?;
            if let Some(e) = back {
                edits.push(file_edit(newer, &[e])?);
            }
            trailers.push((Trailer::SupersededBy, newer.id()));
        }
        _ => edits.push(file_edit(doc, &status_edits(tree, doc, &value)?)?),
    }
    if let Verb::Block { reason } = verb {
        trailers.push((Trailer::Reason, reason.to_string()));
    }
    if !overrides.is_empty() {
        let names: Vec<&str> = overrides.iter().map(|g| g.as_str()).collect();
        trailers.push((Trailer::Override, names.join(", ")));
    }
    let from_name = from.map_or_else(
        || {
            doc.status
                .as_ref()
                .map_or("none".to_string(), |_| "unknown".to_string())
        },
        |s| {
            // Completing an unverified completion says so.
            let was_unverified = doc.status.as_ref().and_then(|st| st.verified) == Some(false);
            match s {
                State::Complete if was_unverified && lifecycle == Lifecycle::WorkPackage => {
                    "complete (unverified)".to_string()
                }
                _ => s.to_string(),
            }
        },
    );
    let to_name = match (to, unverified) {
        (State::Complete, true) if lifecycle == Lifecycle::WorkPackage => {
            "complete (unverified)".to_string()
        }
        _ => to.to_string(),
    };
    let mut message = CommitMessage::new(
        &id,
        &format!("{from_name} -> {to_name}"),
        &from_name,
        &to_name,
    );
    for (trailer, value) in trailers {
        message.push(trailer, &value);
    }
    Ok(Transition {
        change: Change {
            id: id.clone(),
            creates: Vec::new(),
            edits,
            removes: Vec::new(),
            message,
        },
        id,
        from: from_name,
        to: to_name,
        overrides,
    })
}

/// The id a transition is about: the initiative folder for its documents.
pub fn subject_id(doc: &PlanDoc) -> String {
    match (doc.kind, &doc.initiative) {
        (DocKind::Initiative, Some(folder)) => folder.clone(),
        _ => doc.id(),
    }
}

fn target_state(
    verb: &Verb,
    lifecycle: Lifecycle,
    from: Option<State>,
    id: &str,
) -> Result<State, TransitionError> {
    use State::*;
    if let (Some(mv), Some(from)) = (verb.as_move(), from) {
        if let Some(to) = mv.target(from) {
            return Ok(to);
        }
        // A legal move, but another verb's (start on a complete work
        // package is reopen's): refused, naming that verb.
        if let Some(to) = mv.single_target() {
            if from != to && lifecycle::is_legal(lifecycle, from, to) {
                return Err(TransitionError::OtherVerb {
                    verb: mv.name(),
                    moves: mv.describe(),
                    id: id.to_string(),
                    from: from.to_string(),
                    instead: Move::making(from, to).map(Move::name),
                });
            }
        }
    }
    Ok(match verb {
        Verb::Start => InProgress,
        Verb::Done { .. } => Complete,
        Verb::Block { .. } => Blocked,
        // Its moves are taken above; from any other state it is refused.
        Verb::Reopen => match from {
            Some(other) => return Err(illegal(id, lifecycle, other, "reopened")),
            None => Draft,
        },
        Verb::Approve { .. } => {
            let from = from.unwrap_or(ScopeAssessment);
            lifecycle::next_checkpoint(from)
                .ok_or_else(|| illegal(id, lifecycle, from, "the next checkpoint"))?
        }
        Verb::Accept => Accepted,
        Verb::Reject => Rejected,
        Verb::Deprecate => Deprecated,
        Verb::Supersede { .. } => Superseded,
        Verb::Set { state } => {
            if !lifecycle.states().contains(state) {
                return Err(TransitionError::NotAState {
                    value: state.to_string(),
                    lifecycle: lifecycle.plural(),
                    allowed: lifecycle.states().iter().map(|s| s.to_string()).collect(),
                });
            }
            *state
        }
    })
}

/// The state `value` names for `doc` (what `git plan set` moves to): a
/// state of the document's lifecycle, by its canonical name or any synonym.
pub fn state_named(
    doc: &PlanDoc,
    synonyms: &Synonyms,
    value: &str,
) -> Result<State, TransitionError> {
    let lifecycle = lifecycle_of(doc.kind).ok_or_else(|| TransitionError::NoLifecycle {
        id: subject_id(doc),
        kind: doc.kind.with_article(),
    })?;
    let value = value.trim();
    lifecycle
        .state_named(value)
        .or_else(|| synonyms.normalize(lifecycle, value).state)
        .ok_or_else(|| TransitionError::NotAState {
            value: value.to_string(),
            lifecycle: lifecycle.plural(),
            allowed: lifecycle.states().iter().map(|s| s.to_string()).collect(),
        })
}

/// The refusal of a move from `from` to `to`, listing the legal moves.
fn illegal(id: &str, lifecycle: Lifecycle, from: State, to: &str) -> TransitionError {
    TransitionError::Illegal {
        id: id.to_string(),
        from: from.to_string(),
        to: to.to_string(),
        allowed: lifecycle::next_states(lifecycle, from)
            .iter()
            .map(|s| s.to_string())
            .collect(),
    }
}

/// The words written into the status line.
fn status_value(verb: &Verb, to: State) -> String {
    match verb {
        Verb::Done { unverified: true } => "Complete (unverified)".to_string(),
        Verb::Block { reason } => format!("Blocked ({})", one_line(reason)),
        _ => to.label().to_string(),
    }
}

/// The edits that set `doc`'s status to `value`: its first status
/// statement (or a new header line), and every other statement that agreed
/// with the first, one edit each, so that a transition never leaves two
/// statements disagreeing. A statement that already disagreed is left as
/// it was (`check` reports it).
fn status_edits(
    tree: &PlanTree,
    doc: &PlanDoc,
    value: &str,
) -> Result<Vec<edit::Edit>, TransitionError> {
    let lifecycle = doc.lifecycle().unwrap_or(Lifecycle::WorkPackage);
    // Front matter holds canonical names; header lines hold words.
    let text_for = |origin: FieldOrigin| {
        if origin == FieldOrigin::FrontMatter {
            tree.synonyms
                .normalize(lifecycle, value)
                .state
                .map_or(value.to_string(), |s| s.to_string())
        } else {
            value.to_string()
        }
    };
    let origin = doc
        .doc
        .field(STATUS_KEYS)
        .map_or(FieldOrigin::Header, |f| f.origin);
    // A MADR record that wrote no status gets one in its front matter.
    if doc.doc.field(STATUS_KEYS).is_none() {
        if let Some(e) = crate::write::adr_format::front_matter_status(&doc.doc, value) {
            return Ok(vec![e]);
        }
    }
    // In the case the record writes its status in (`accepted` in MADR).
    let current = doc
        .doc
        .field(STATUS_KEYS)
        .filter(|_| lifecycle == Lifecycle::Adr)
        .map_or("", |f| f.value.as_str());
    let text_for = |origin| crate::write::adr_format::in_case_of(current, &text_for(origin));
    let mut edits = vec![
        edit::set_field(&doc.doc, STATUS_KEYS, "Status", &text_for(origin)).map_err(|error| {
            TransitionError::EditIn {
                path: doc.path.clone(),
                error,
            }
        })?,
    ];
    // Every status statement, read under the document's lifecycle, as
    // `PlanTree::statements` reads them (here with their fields, to edit).
    let statements: Vec<(&Field, Status)> = doc
        .doc
        .fields
        .iter()
        .filter(|f| STATUS_KEYS.contains(&f.name.as_str()))
        .map(|f| (f, tree.synonyms.normalize(lifecycle, &f.value)))
        .collect();
    if let Some(((_, first), rest)) = statements.split_first() {
        let agrees = |s: &Status| match (first.state, s.state) {
            (Some(a), Some(b)) => a == b,
            _ => first.raw == s.raw,
        };
        for (field, _) in rest.iter().filter(|(_, s)| agrees(s)) {
            edits.push(edit::replace_field(field, &text_for(field.origin))?);
        }
    }
    Ok(edits)
}

fn file_edit(doc: &PlanDoc, edits: &[edit::Edit]) -> Result<FileEdit, TransitionError> {
    Ok(FileEdit {
        path: doc.path.clone(),
        before: doc.doc.text.clone(),
        after: edit::apply(&doc.doc.text, edits)?,
    })
}

/// A link from `from` to `to`, relative when they share a directory.
fn relative_link(from: &PlanDoc, to: &PlanDoc) -> String {
    let dir = |p: &str| {
        p.rsplit_once('/')
            .map_or(String::new(), |(d, _)| d.to_string())
    };
    if dir(&from.path) == dir(&to.path) {
        to.file_name().to_string()
    } else {
        to.path.clone()
    }
}

#[cfg(test)]
mod tests;
