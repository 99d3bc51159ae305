//! The one builder of commit messages: every commit git-plan makes has the
//! subject `plan(ID): SUMMARY` and `Plan-*` trailers, written here and read
//! back by [`crate::history::walk::plan_trailers`].

use std::fmt;

/// The trailers git-plan writes, in the order they are usually added.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trailer {
    Id,
    Transition,
    ApprovedBy,
    Supersedes,
    SupersededBy,
    Reason,
    Override,
    /// `Plan-Set: priority=HIGH`: a field `git plan set` wrote, one each.
    Set,
    /// `Plan-Tick: <item>`: the checklist item ticked.
    Tick,
    /// `Plan-Untick: <item>`: the checklist item unticked.
    Untick,
    /// `Plan-Depend: +x/02` or `-x/02`: a dependency added or removed.
    Depend,
    /// `Plan-Renumber: 04 -> 06`: a work package renamed to a new number.
    Renumber,
}

impl Trailer {
    pub fn key(self) -> &'static str {
        match self {
            Trailer::Id => "Plan-Id",
            Trailer::Transition => "Plan-Transition",
            Trailer::ApprovedBy => "Plan-Approved-By",
            Trailer::Supersedes => "Plan-Supersedes",
            Trailer::SupersededBy => "Plan-Superseded-By",
            Trailer::Reason => "Plan-Reason",
            Trailer::Override => "Plan-Override",
            Trailer::Set => "Plan-Set",
            Trailer::Tick => "Plan-Tick",
            Trailer::Untick => "Plan-Untick",
            Trailer::Depend => "Plan-Depend",
            Trailer::Renumber => "Plan-Renumber",
        }
    }
}

/// A commit message being built: a subject, then trailers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitMessage {
    subject: String,
    trailers: Vec<(Trailer, String)>,
}

impl CommitMessage {
    /// `plan(ID): SUMMARY` with the `Plan-Id` and `Plan-Transition: FROM ->
    /// TO` trailers.
    pub fn new(id: &str, summary: &str, from: &str, to: &str) -> CommitMessage {
        CommitMessage {
            subject: format!("plan({id}): {}", one_line(summary)),
            trailers: Vec::new(),
        }
        .with(Trailer::Id, id)
        .with(Trailer::Transition, &format!("{from} -> {to}"))
    }

    /// `plan(ID): SUMMARY` with the `Plan-Id` trailer only: an edit that is
    /// not a transition (`set priority=`, `tick`, `depend`, `renumber`),
    /// whose own trailer the caller adds.
    pub fn edit(id: &str, summary: &str) -> CommitMessage {
        CommitMessage {
            subject: format!("plan({id}): {}", one_line(summary)),
            trailers: Vec::new(),
        }
        .with(Trailer::Id, id)
    }

    /// A message with a subject and no trailers (`git plan init`, which
    /// creates no document with an id).
    pub fn subject_only(subject: &str) -> CommitMessage {
        CommitMessage {
            subject: one_line(subject),
            trailers: Vec::new(),
        }
    }

    /// The first line.
    pub fn subject(&self) -> &str {
        &self.subject
    }

    /// Adds a trailer; its value is kept on one line, whitespace collapsed,
    /// so that it cannot start another trailer or paragraph.
    pub fn with(mut self, trailer: Trailer, value: &str) -> CommitMessage {
        self.trailers.push((trailer, one_line(value)));
        self
    }

    pub fn push(&mut self, trailer: Trailer, value: &str) {
        self.trailers.push((trailer, one_line(value)));
    }
}

impl fmt::Display for CommitMessage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}\n", self.subject)?;
        for (trailer, value) in &self.trailers {
            writeln!(f, "{}: {value}", trailer.key())?;
        }
        Ok(())
    }
}

/// `text` with every run of whitespace (newlines included) made one space.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_is_a_subject_a_blank_line_and_trailers() {
        let m = CommitMessage::new("api/01", "ready -> blocked", "ready", "blocked")
            .with(Trailer::Reason, "waiting\n\nPlan-Override: all");
        assert_eq!(
            m.to_string(),
            "plan(api/01): ready -> blocked\n\nPlan-Id: api/01\n\
             Plan-Transition: ready -> blocked\nPlan-Reason: waiting Plan-Override: all\n"
        );
    }
}
