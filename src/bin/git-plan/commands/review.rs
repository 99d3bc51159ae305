use std::collections::BTreeMap;
use std::io::Write;

use clap::Args;
use git_plan::report::diff::{DiffSpec, DocDiff, ItemEvent, RiskEvent};
use git_plan::rules::source as check;
use git_plan::rules::{self, range, Finding};

use serde::Serialize;

use super::check::JsonFinding;
use super::diff::{self as plan_diff, escape, Links};
use crate::error::CommandError;
use crate::Ctx;

/// The line a review begins with, by which a workflow finds its own comment.
pub const MARKER: &str = "<!-- git-plan review -->";

/// A Markdown review of a range's plan changes, for a pull request.
///
/// One document for a pull-request comment or a job summary: a summary
/// line (status moves, criteria ticked, new risks, findings introduced and
/// fixed), the diff grouped by initiative, then the check findings the
/// range introduces and the ones it fixes, compared with the base. It
/// begins with the line `<!-- git-plan review -->`, so that a workflow can
/// find and update its own comment. Links to files use the repository URL
/// (`--repo-url`, or GITHUB_SERVER_URL and GITHUB_REPOSITORY) when there is
/// one, and paths relative to the top of the work tree otherwise.
#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// `A...B` (from the merge base, as a pull request shows) or `A..B`.
    #[arg(value_name = "A...B")]
    range: String,

    /// The repository's web URL, for links to files
    /// (`https://github.com/OWNER/REPO`).
    #[arg(long, value_name = "url")]
    repo_url: Option<String>,

    /// Print the review as JSON (`version`, `summary` counts, the diff's
    /// documents grouped by initiative, the findings introduced and fixed)
    /// instead of Markdown.
    #[arg(long)]
    json: bool,
}

/// The counts of a review's summary line.
#[derive(Serialize)]
struct Counts {
    status_moves: usize,
    criteria_ticked: usize,
    new_risks: usize,
    findings_introduced: usize,
    findings_fixed: usize,
    documents: usize,
}

/// The documents of one initiative (`None`: ADRs and other documents).
#[derive(Serialize)]
struct JsonGroup<'a> {
    initiative: Option<&'a str>,
    documents: &'a [&'a DocDiff],
}

#[derive(Serialize)]
struct JsonFindings<'a> {
    introduced: Vec<JsonFinding<'a>>,
    fixed: Vec<JsonFinding<'a>>,
}

/// `review --json`.
#[derive(Serialize)]
struct JsonReview<'a> {
    version: u32,
    from: &'a str,
    to: &'a str,
    commits: usize,
    summary: Counts,
    initiatives: Vec<JsonGroup<'a>>,
    findings: JsonFindings<'a>,
}

pub fn run(ctx: &Ctx, args: &ReviewArgs) -> Result<(), CommandError> {
    let ws = super::workspace_for(ctx, true)?;
    let (diff, mut sides) =
        git_plan::report::diff::load_sides(&ws, &DiffSpec::Range(args.range.clone()))
            .map_err(plan_diff::range_error)?;
    let repo_url = args.repo_url.clone().or_else(|| {
        let server = std::env::var("GITHUB_SERVER_URL")
            .ok()
            .filter(|s| !s.is_empty())?;
        let repo = std::env::var("GITHUB_REPOSITORY")
            .ok()
            .filter(|s| !s.is_empty())?;
        Some(format!("{}/{repo}", server.trim_end_matches('/')))
    });
    let links = Links {
        base: repo_url.map(|u| u.trim_end_matches('/').to_string()),
    };
    // The findings at both ends, from the trees the diff read, and the
    // range rules over the history it read.
    let (before, mut after) = rules::check_ends(&sides.before, &sides.after, &ws.config.rules);
    if let Some(history) = &sides.history {
        let found = range::findings_cached(&ws, history, &mut sides.parses)?;
        check::add_findings(&ws, &mut after, found);
    }
    let result = write_review(&ws, args, &links, &diff, &before, &after);
    // The trees, parses and history go without being freed: the process
    // is about to exit.
    crate::ui::leak((diff, sides, before, after, ws));
    result
}

/// Writes the review of `diff`, the findings `before` (at the base) and
/// `after` (at the tip, with the range rules') compared.
fn write_review(
    ws: &git_plan::workspace::Workspace,
    args: &ReviewArgs,
    links: &Links,
    diff: &git_plan::report::diff::PlanDiff,
    before: &rules::Report,
    after: &rules::Report,
) -> Result<(), CommandError> {
    // A finding is the same on both sides when its rule, its document
    // (followed through a rename) and its message without line numbers are.
    let renamed: BTreeMap<&str, &str> = diff
        .documents
        .iter()
        .filter_map(|d| Some((d.previous_path.as_deref()?, d.path.as_str())))
        .collect();
    let key = |f: &Finding, old_side: bool| {
        let message: String = f.message.chars().filter(|c| !c.is_ascii_digit()).collect();
        let path = match renamed.get(f.path.as_str()) {
            Some(now) if old_side => now.to_string(),
            _ => f.path.clone(),
        };
        (f.rule, path, message)
    };
    let old_keys: std::collections::HashSet<_> =
        before.findings.iter().map(|f| key(f, true)).collect();
    let new_keys: std::collections::HashSet<_> =
        after.findings.iter().map(|f| key(f, false)).collect();
    let introduced: Vec<&Finding> = after
        .findings
        .iter()
        .filter(|f| !old_keys.contains(&key(f, false)))
        .collect();
    let fixed: Vec<&Finding> = before
        .findings
        .iter()
        .filter(|b| !new_keys.contains(&key(b, true)))
        .collect();

    let moves: usize = diff
        .documents
        .iter()
        .map(|d| {
            if d.steps.is_empty() {
                usize::from(
                    d.status
                        .as_ref()
                        .is_some_and(|s| s.from.is_some() && s.to.is_some()),
                )
            } else {
                d.steps.len()
            }
        })
        .sum();
    let ticked: usize = diff
        .documents
        .iter()
        .flat_map(|d| &d.checklist)
        .filter(|c| c.change == ItemEvent::Ticked)
        .count();
    let risks: usize = diff
        .documents
        .iter()
        .flat_map(|d| &d.risks)
        .filter(|r| r.change == RiskEvent::Added)
        .count();
    let counts = Counts {
        status_moves: moves,
        criteria_ticked: ticked,
        new_risks: risks,
        findings_introduced: introduced.len(),
        findings_fixed: fixed.len(),
        documents: diff.documents.len(),
    };
    // The diff, grouped by initiative.
    let mut groups: BTreeMap<Option<&str>, Vec<&DocDiff>> = BTreeMap::new();
    for d in &diff.documents {
        groups.entry(d.initiative.as_deref()).or_default().push(d);
    }
    let mut ordered: Vec<(Option<&str>, Vec<&DocDiff>)> = groups.into_iter().collect();
    // Initiatives first, then the documents of no initiative (ADRs, ...).
    ordered.sort_by_key(|(k, _)| (k.is_none(), k.map(str::to_string)));
    if args.json {
        return Ok(crate::ui::json(&JsonReview {
            version: git_plan::report::JSON_VERSION,
            from: &diff.from,
            to: &diff.to,
            commits: diff.commits,
            summary: counts,
            initiatives: ordered
                .iter()
                .map(|(initiative, documents)| JsonGroup {
                    initiative: *initiative,
                    documents,
                })
                .collect(),
            findings: JsonFindings {
                introduced: introduced.iter().map(|f| JsonFinding::new(f, ws)).collect(),
                fixed: fixed.iter().map(|f| JsonFinding::new(f, ws)).collect(),
            },
        })?);
    }

    let mut out = String::new();
    out.push_str(MARKER);
    out.push('\n');
    out.push_str("## git plan review\n\n");
    if diff.documents.is_empty() && introduced.is_empty() && fixed.is_empty() {
        out.push_str("No plan changes in this range.\n");
        write!(anstream::stdout(), "{out}")?;
        return Ok(());
    }
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    out.push_str(&format!(
        "**{}, {}, {}, {}, {}** in {} ({} → {}).\n\n",
        plural(counts.status_moves, "status move", "status moves"),
        plural(
            counts.criteria_ticked,
            "criterion ticked",
            "criteria ticked"
        ),
        plural(counts.new_risks, "new risk", "new risks"),
        plural(
            counts.findings_introduced,
            "finding introduced",
            "findings introduced"
        ),
        plural(counts.findings_fixed, "finding fixed", "findings fixed"),
        plural(counts.documents, "document", "documents"),
        &diff.from[..diff.from.len().min(10)],
        &diff.to[..diff.to.len().min(10)],
    ));
    for (initiative, docs) in ordered {
        match initiative {
            Some(name) => out.push_str(&format!("### Initiative {}\n\n", escape(name))),
            None => out.push_str("### Other documents\n\n"),
        }
        for d in docs {
            out.push_str(&plan_diff::document_markdown(ws, d, diff, links));
            out.push('\n');
        }
    }
    for (title, list) in [("introduced", &introduced), ("fixed", &fixed)] {
        if list.is_empty() {
            continue;
        }
        out.push_str(&format!(
            "### Findings {title}\n\n| Level | Rule | File | Message |\n|---|---|---|---|\n"
        ));
        for f in list.iter() {
            out.push_str(&format!(
                "| {} | `{}` | {} | {} |\n",
                f.level.as_str(),
                f.rule,
                plan_diff::code(&format!("{}:{}", ws.display_path(&f.path), f.line)),
                plan_diff::inline(&f.message)
            ));
        }
        out.push('\n');
    }
    write!(anstream::stdout(), "{out}")?;
    Ok(())
}
