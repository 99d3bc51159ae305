use std::io::Write;

use clap::Args;
use git_plan::history::job::HistoryJob;
use git_plan::history::timeline::{durations, human_duration, Durations, Step, Timelines};
use git_plan::model::kind::DocKind;
use git_plan::tree::id::{self, Target};
use git_plan::tree::plan_tree::PlanTree;
use serde::Serialize;

use crate::error::CommandError;
use crate::ui::{self, paint};
use crate::Ctx;

/// Show the timeline of plan transitions, newest first.
///
/// Creations, status changes (made with git plan or by hand), renames and
/// deletions of initiatives, work packages and ADRs, with commit ids,
/// authors and Plan-* trailers; an initiative's START-HERE.md and README.md
/// changed in one commit are one entry. For a work
/// package, also its cycle time (in progress to complete) and lead time
/// (created to complete).
#[derive(Debug, Args)]
pub struct LogArgs {
    /// Limit to one initiative (all its documents), work package or ADR.
    id: Option<String>,

    /// Only entries at or after this date (YYYY-MM-DD, UTC).
    #[arg(long, value_name = "YYYY-MM-DD")]
    since: Option<String>,

    /// Read history from this revision instead of HEAD.
    #[arg(long, value_name = "rev", conflicts_with = "range")]
    rev: Option<String>,

    /// Only the commits of a range: `A..B`, or `A...B` from the merge base
    /// (first parents from B back to where it left A's history).
    #[arg(long, value_name = "A..B")]
    range: Option<String>,

    #[command(flatten)]
    history: super::HistoryOpts,

    /// Print JSON (`"version": 2`) instead of text.
    #[arg(long)]
    json: bool,

    /// Also list notes, analyses, supporting plans and completion records,
    /// and START-HERE.md and README.md each on its own.
    #[arg(long)]
    all: bool,
}

#[derive(Serialize)]
struct LogReport<'a> {
    version: u32,
    /// The id asked for, `null` for the whole tree.
    id: Option<String>,
    entries: &'a [Step],
    #[serde(skip_serializing_if = "Option::is_none")]
    durations: Option<Durations>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    shallow: bool,
    /// Objects a partial clone lacked and could not fetch (see
    /// `History::unread`); absent when none.
    #[serde(skip_serializing_if = "is_zero")]
    unread_objects: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

pub fn run(ctx: &Ctx, args: &LogArgs) -> Result<(), CommandError> {
    let since = match &args.since {
        Some(d) => Some(
            chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .map_err(|_| {
                    CommandError::usage(format!(
                        "--since `{d}` is not a date in the form YYYY-MM-DD"
                    ))
                })?
                .and_hms_opt(0, 0, 0)
                .map_or(0, |t| t.and_utc().timestamp()),
        ),
        None => None,
    };
    let ws = super::workspace_for(ctx, args.range.is_some())?;
    if let Some(range) = &args.range {
        let (repo, _) = ws.plan_repo()?;
        let (base, tip) = git_plan::report::diff::resolve_range(&repo, range)
            .map_err(super::diff::range_error)?;
        ws.require_root_at(&[base, tip])?;
        let history = git_plan::rules::range::range_history(&ws, base, tip)?;
        return print_log(args, since, &ws, &history, Some(&tip.to_string()));
    }
    let job = HistoryJob::new(
        &ws,
        args.rev.as_deref(),
        args.history.full_history,
        !args.history.no_cache,
    )?
    .fetching(args.history.fetch());
    let Some((history, write)) = job.run_deferred()? else {
        return Err(CommandError::new(
            "the current branch has no commits yet, so there is no history",
        ));
    };
    // The cache is written on another thread while the log is made.
    let writes = super::CacheWrites {
        history: write,
        tree: None,
    };
    super::writing_caches(&writes, Some(&history), || {
        print_log(args, since, &ws, &history, None)
    })?;
    ui::leak((history, ws));
    Ok(())
}

fn print_log(
    args: &LogArgs,
    since: Option<i64>,
    ws: &git_plan::workspace::Workspace,
    history: &git_plan::history::walk::History,
    at: Option<&str>,
) -> Result<(), CommandError> {
    let timelines = Timelines::new(history, &ws.config.patterns, &ws.config.synonyms);
    // Which paths to show: one document (following renames), an initiative's
    // documents, or everything.
    let (id, mut steps, durations) = match &args.id {
        None => (
            None,
            timelines.log_entries(timelines.all_steps(), args.all),
            None,
        ),
        Some(q) => {
            // The documents as they are at the range's end, or on disk.
            let tree = match at {
                Some(rev) => git_plan::history::snapshot::tree_at(ws, rev)?.0,
                None => PlanTree::read(ws)?,
            };
            match id::resolve(&tree, q)? {
                Target::Document(d) => {
                    let doc = &tree.documents[d];
                    let steps = timelines.steps(&doc.path);
                    let durations = matches!(doc.kind, DocKind::WorkPackage | DocKind::WorkPlan)
                        .then(|| durations(&steps));
                    (Some(doc.id()), steps, durations)
                }
                Target::Initiative(i) => {
                    let init = &tree.initiatives[i];
                    let docs = init.docs.iter().map(|d| tree.documents[*d].path.as_str());
                    let steps = timelines.initiative_steps(&init.folder, docs);
                    let steps = timelines.log_entries(steps, args.all);
                    (Some(init.folder.clone()), steps, None)
                }
            }
        }
    };
    if let Some(since) = since {
        steps.retain(|s| s.at.time.is_none_or(|t| t >= since));
    }
    steps.reverse();
    let mut out = anstream::stdout();
    if args.json {
        ui::json(&LogReport {
            version: git_plan::report::JSON_VERSION,
            id,
            entries: &steps,
            durations,
            shallow: history.shallow,
            unread_objects: history.unread.objects,
        })?;
        ui::leak(steps);
        ui::leak(timelines);
        return Ok(());
    }
    let width = ui::width();
    for s in &steps {
        let date = s.at.date.as_deref().map_or(
            before_boundary(history, "(before shallow boundary)", "(unknown date)"),
            |d| d.replace('T', " ").replace('Z', ""),
        );
        let commit = &s.at.commit[..s.at.commit.len().min(10)];
        // A state the synonyms do not know is shown with its value, as
        // `status` shows it: `unknown (Steps 1-5 gated green ...)`, the
        // values sharing what the rest of the line leaves of the width.
        let used = ui::columns(commit) + 1 + ui::columns(&date) + 2 + ui::columns(&s.id) + 2;
        let raws = [(&s.from, &s.from_raw), (&s.to, &s.to_raw)]
            .iter()
            .filter(|(state, raw)| state.as_deref() == Some("unknown") && raw.is_some())
            .count();
        let value =
            |state: &Option<String>, raw: &Option<String>, other: &Option<String>, words| {
                let state = state.as_deref().unwrap_or("none");
                match raw.as_deref().filter(|_| state == "unknown") {
                    Some(raw) => {
                        let room = ui::room(width, used + words).saturating_sub(3) / raws.max(1);
                        let shown =
                            cut_keeping_the_change(raw, other.as_deref(), room.max(ui::MIN_CUT));
                        format!("{state} ({shown})")
                    }
                    None => state.to_string(),
                }
            };
        let what = match (&s.from, &s.to, s.change) {
            (_, _, git_plan::history::walk::ChangeKind::Added) => {
                let verb = if s.at.date.is_some() {
                    "created".to_string()
                } else {
                    before_boundary(
                        history,
                        "present at the shallow boundary",
                        "present in the oldest commit this clone can read",
                    )
                };
                format!(
                    "{verb}{}",
                    s.to.as_ref()
                        .map(|_| format!(" as {}", value(&s.to, &s.to_raw, &None, verb.len() + 4)))
                        .unwrap_or_default()
                )
            }
            (_, _, git_plan::history::walk::ChangeKind::Deleted) => "deleted".to_string(),
            (f, t, git_plan::history::walk::ChangeKind::Renamed) if f == t => {
                format!("renamed from {}", s.previous_path.as_deref().unwrap_or("?"))
            }
            (f, t, _) => {
                let words = ui::columns(f.as_deref().unwrap_or("none"))
                    + 4
                    + ui::columns(t.as_deref().unwrap_or("none"))
                    + 3;
                format!(
                    "{} -> {}",
                    value(f, &s.from_raw, &s.to_raw, words),
                    paint(
                        ui::state_style(t.as_deref().unwrap_or("")),
                        &value(t, &s.to_raw, &s.from_raw, words)
                    )
                )
            }
        };
        writeln!(
            out,
            "{} {}  {}  {what}",
            paint(ui::YELLOW, commit),
            paint(ui::DIM, &date),
            paint(ui::BOLD, &s.id)
        )?;
        let mut detail = match (&s.at.author, &s.at.email) {
            (Some(a), Some(e)) => format!("    by {a} <{e}>"),
            _ => before_boundary(
                history,
                "    made before the shallow boundary, by someone this clone cannot name",
                "    made at or before this commit, by someone this clone cannot name",
            ),
        };
        for (k, v) in s
            .trailers
            .iter()
            .filter(|(k, _)| k != "Plan-Id" && k != "Plan-Transition")
        {
            detail.push_str(&format!("; {k}: {v}"));
        }
        writeln!(out, "{}", paint(ui::DIM, &detail))?;
    }
    if let Some(d) = durations {
        if let Some(c) = d.cycle_time_seconds {
            writeln!(
                out,
                "cycle time (in progress -> complete): {}",
                human_duration(c)
            )?;
        }
        if let Some(l) = d.lead_time_seconds {
            writeln!(
                out,
                "lead time (created -> complete): {}",
                human_duration(l)
            )?;
        }
    }
    if history.shallow {
        super::shallow_hint()?;
    }
    super::unread_hint(&history.unread)?;
    Ok(())
}

/// `shallow` in a shallow clone, else `partial` (a partial clone lacking
/// old versions): the words for what happened before what can be read.
fn before_boundary(
    history: &git_plan::history::walk::History,
    shallow: &str,
    partial: &str,
) -> String {
    if history.shallow { shallow } else { partial }.to_string()
}

/// `raw` cut to `room` columns; when `other` (the step's value on the
/// other side of the arrow) starts with the same text for longer than the
/// cut would keep, from the word a little before where the two differ, so
/// that the line still shows what changed.
fn cut_keeping_the_change(raw: &str, other: Option<&str>, room: usize) -> String {
    /// Characters kept before the first difference.
    const CONTEXT: usize = 12;
    if ui::columns(raw) <= room {
        return raw.to_string();
    }
    let common = other.map_or(0, |o| {
        raw.chars()
            .zip(o.chars())
            .take_while(|(a, b)| a == b)
            .count()
    });
    if common + CONTEXT < room {
        return ui::cut(raw, room).into_owned();
    }
    let from = common.saturating_sub(CONTEXT);
    let at = raw.char_indices().nth(from).map_or(raw.len(), |(i, _)| i);
    // Back to the start of that word.
    let at = raw[..at].rfind(' ').map_or(0, |i| i + 1);
    format!("…{}", ui::cut(&raw[at..], room.saturating_sub(1)))
}

impl LogArgs {
    /// Whether the output goes through the pager: not JSON.
    pub fn pages(&self) -> bool {
        !self.json
    }
}

#[cfg(test)]
mod tests {
    use super::cut_keeping_the_change as cut;

    #[test]
    fn a_cut_keeps_where_two_values_differ() {
        let a = "Step 1 sources complete and pushed; publish blocked by a corrupt workspace";
        let b = "Step 1 sources complete and pushed; publish blocked by a corrupt facade identity";
        assert_eq!(cut(a, Some(b), 200), a);
        assert_eq!(cut(a, Some(b), 40), "…by a corrupt workspace");
        assert_eq!(cut(b, Some(a), 40), "…by a corrupt facade identity");
        // Values that differ early are cut at the end.
        assert_eq!(
            cut(a, Some("Steps 1-2 gated green"), 20),
            "Step 1 sources comp…"
        );
        assert_eq!(cut(a, None, 20), "Step 1 sources comp…");
    }
}
