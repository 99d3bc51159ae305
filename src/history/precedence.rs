//! Which status holds when a document states it in several places that
//! disagree (a header `**Status:** Ready`, a closing `**Status:**
//! Complete`), or an initiative's START-HERE.md and README.md do: the
//! statement whose value was changed most recently, as the history knows
//! it. Each statement is followed back through the document's versions the
//! way `git blame` follows a line: matched between neighbouring versions by
//! value and order (a longest common subsequence), it was last changed by
//! the commit of the newest version where it has no match. An edit in the
//! work tree that is not committed yet is newer than any commit.
//!
//! Only the documents whose statements disagree are looked at, from the
//! statement lists the walk records in each event
//! ([`crate::history::walk::Event::statements`]); nothing is read from
//! the repository here.

use crate::history::timeline::{Moment, Timelines};
use crate::tree::plan_tree::{DocIndex, Initiative, PlanDoc, PlanTree, Statement};

/// When a status statement was last changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Changed {
    /// By the commit at this index of [`crate::history::walk::History::commits`]
    /// (oldest first, so a higher index is a later commit).
    At(usize),
    /// In the work tree, not committed yet: later than any commit.
    Uncommitted,
}

/// The statement a report shows for a document, and when it was set.
#[derive(Debug, Clone)]
pub struct Shown<'a> {
    pub statement: Statement<'a>,
    pub changed: Changed,
}

impl Timelines<'_> {
    /// When each of `current` (the status statements of the document now at
    /// `path`, as written, in text order) was last changed. A document the
    /// history does not know is uncommitted throughout.
    pub fn statement_changes(&self, path: &str, current: &[&str]) -> Vec<Changed> {
        let events = self.events(path);
        let mut out = vec![Changed::Uncommitted; current.len()];
        // Where each current statement is in `newer`, while it is followed.
        let mut at: Vec<Option<usize>> = (0..current.len()).map(Some).collect();
        let mut newer: Vec<&str> = current.to_vec();
        let mut newer_change = Changed::Uncommitted;
        for e in events.iter().rev() {
            let older = e.statement_values();
            let matched = common_subsequence(&newer, &older);
            for (i, pos) in at.iter_mut().enumerate() {
                if let Some(k) = *pos {
                    *pos = matched[k];
                    if pos.is_none() {
                        out[i] = newer_change;
                    }
                }
            }
            newer = older;
            newer_change = Changed::At(e.commit);
        }
        // Unchanged since the oldest version known: set by its commit.
        for (i, pos) in at.iter().enumerate() {
            if pos.is_some() {
                out[i] = newer_change;
            }
        }
        out
    }

    /// The commit of a change, `None` when it is not committed.
    pub fn moment(&self, changed: Changed) -> Option<Moment> {
        match changed {
            Changed::At(i) => (i < self.history().commits.len()).then(|| self.commit_moment(i)),
            Changed::Uncommitted => None,
        }
    }

    /// The status statement of `d` that holds, when its statements
    /// disagree (see [`PlanTree::disagreement`]): of the statements with a
    /// known state, the one changed most recently. `None` when they agree
    /// (the first statement is the status, as without history).
    pub fn shown_statement<'a, D>(
        &self,
        tree: &PlanTree<D>,
        d: &'a PlanDoc<D>,
    ) -> Option<Shown<'a>> {
        tree.disagreement(d)?;
        let statements = tree.statements(d);
        let values: Vec<&str> = statements.iter().map(|s| s.line.value.as_str()).collect();
        let changes = self.statement_changes(&d.path, &values);
        let known = statements
            .iter()
            .enumerate()
            .filter(|(_, s)| s.status.is_known());
        // Statements changed by the same commit (or all written in one, or
        // never committed) keep the reading order: the first wins.
        let (i, _) = latest(known.map(|(i, _)| (i, changes[i])))?;
        Some(Shown {
            statement: statements.into_iter().nth(i)?,
            changed: changes[i],
        })
    }

    /// Whichever of an initiative's START-HERE.md and README.md holds,
    /// when both state a status with a known state and the two disagree:
    /// the one whose status (see [`Timelines::shown_statement`]) was
    /// changed most recently. `None` when they agree, or only one states
    /// a status (the initiative's `status_doc` holds).
    pub fn initiative_status_doc<D>(
        &self,
        tree: &PlanTree<D>,
        init: &Initiative,
    ) -> Option<DocIndex> {
        let named = |name: &str| {
            init.docs.iter().copied().find(|i| {
                let d = &tree.documents[*i];
                d.kind == crate::model::kind::DocKind::Initiative
                    && d.file_name().eq_ignore_ascii_case(name)
            })
        };
        let pair = [named("START-HERE.md")?, named("README.md")?];
        let mut shown = Vec::with_capacity(2);
        for i in pair {
            let d = &tree.documents[i];
            let (state, changed) = match self.shown_statement(tree, d) {
                Some(s) => (s.statement.status.state, s.changed),
                None => {
                    let statements = tree.statements(d);
                    let values: Vec<&str> =
                        statements.iter().map(|s| s.line.value.as_str()).collect();
                    let first = statements.first()?;
                    (
                        first.status.state,
                        self.statement_changes(&d.path, &values)[0],
                    )
                }
            };
            shown.push((i, state?, changed));
        }
        if shown[0].1 == shown[1].1 {
            return None;
        }
        // Changed in the same commit: START-HERE.md, as without history.
        latest(shown.iter().map(|(i, _, changed)| (*i, *changed))).map(|(i, _)| i)
    }
}

/// The item changed last; of several changed by the same commit, the
/// first.
fn latest<T>(items: impl IntoIterator<Item = (T, Changed)>) -> Option<(T, Changed)> {
    let mut best: Option<(T, Changed)> = None;
    for (item, changed) in items {
        if best.as_ref().is_none_or(|(_, b)| changed > *b) {
            best = Some((item, changed));
        }
    }
    best
}

/// For each item of `newer`, its match in `older` along a longest common
/// subsequence (by equal values), or `None`.
fn common_subsequence(newer: &[&str], older: &[&str]) -> Vec<Option<usize>> {
    let (n, m) = (newer.len(), older.len());
    // lengths[i][j]: the longest common subsequence of newer[i..], older[j..].
    let mut lengths = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lengths[i][j] = if newer[i] == older[j] {
                lengths[i + 1][j + 1] + 1
            } else {
                lengths[i + 1][j].max(lengths[i][j + 1])
            };
        }
    }
    let mut out = vec![None; n];
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if newer[i] == older[j] {
            out[i] = Some(j);
            i += 1;
            j += 1;
        } else if lengths[i + 1][j] >= lengths[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::walk::{ChangeKind, CommitInfo, Event, History};
    use crate::model::kind::Patterns;
    use crate::model::status::Synonyms;

    #[test]
    fn a_common_subsequence_matches_in_order() {
        assert_eq!(
            common_subsequence(&["a", "b"], &["a", "b"]),
            [Some(0), Some(1)]
        );
        assert_eq!(
            common_subsequence(&["a", "c"], &["a", "b"]),
            [Some(0), None]
        );
        // A statement inserted before another: the other is matched.
        assert_eq!(common_subsequence(&["x", "a"], &["a"]), [None, Some(0)]);
        assert_eq!(
            common_subsequence(&["c", "d"], &["a", "c"]),
            [Some(1), None]
        );
        assert_eq!(common_subsequence(&["a"], &[]), [None]);
    }

    /// A history of one document, a version per commit (its statements).
    fn history(versions: &[&[&str]]) -> History {
        let commit = |i: usize| CommitInfo {
            id: format!("{i}").repeat(40),
            time: i as i64,
            author: "a".to_string(),
            email: "a@b".to_string(),
            trailers: Vec::new(),
            boundary: false,
        };
        let mut previous: Option<String> = None;
        let events = versions
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let to = v.first().map(|s| s.to_string());
                let e = Event {
                    commit: i,
                    path: "x.md".to_string(),
                    previous_path: None,
                    change: if i == 0 {
                        ChangeKind::Added
                    } else {
                        ChangeKind::Modified
                    },
                    from: previous.take(),
                    to: to.clone(),
                    statements: if v.len() > 1 {
                        v.iter().map(|s| s.to_string()).collect()
                    } else {
                        Vec::new()
                    },
                };
                previous = to;
                e
            })
            .collect();
        History {
            tip: None,
            commits: (0..versions.len()).map(commit).collect(),
            events,
            shallow: false,
            unread: Default::default(),
            walked_changes: 0,
        }
    }

    fn changes(versions: &[&[&str]], now: &[&str]) -> Vec<Changed> {
        let h = history(versions);
        let (patterns, synonyms) = (Patterns::default(), Synonyms::default());
        Timelines::new(&h, &patterns, &synonyms).statement_changes("x.md", now)
    }

    #[test]
    fn each_statement_is_followed_back_to_its_last_change() {
        use Changed::{At, Uncommitted};
        // The closing line edited after the header.
        let v: &[&[&str]] = &[&["Ready", "Ready"], &["Ready", "Complete"]];
        assert_eq!(changes(v, &["Ready", "Complete"]), [At(0), At(1)]);
        // The header edited after the closing line.
        let v: &[&[&str]] = &[
            &["Ready", "Ready"],
            &["Ready", "Complete"],
            &["Done", "Complete"],
        ];
        assert_eq!(changes(v, &["Done", "Complete"]), [At(2), At(1)]);
        // A header added above an older closing line.
        let v: &[&[&str]] = &[&["Complete"], &["Ready", "Complete"]];
        assert_eq!(changes(v, &["Ready", "Complete"]), [At(1), At(0)]);
        // An edit not committed yet.
        assert_eq!(changes(v, &["Ready", "Blocked"]), [At(1), Uncommitted]);
        // Unknown to the history: not committed at all.
        assert_eq!(changes(&[], &["Ready", "Done"]), [Uncommitted, Uncommitted]);
    }

    #[test]
    fn the_latest_change_wins_and_a_tie_keeps_the_first() {
        use Changed::{At, Uncommitted};
        assert_eq!(latest([(0, At(1)), (1, At(2))]), Some((1, At(2))));
        assert_eq!(latest([(0, At(2)), (1, At(2))]), Some((0, At(2))));
        assert_eq!(
            latest([(0, Uncommitted), (1, At(9))]),
            Some((0, Uncommitted))
        );
        assert_eq!(latest::<usize>([]), None);
    }
}
