use std::io::Write;

use clap::{Args, Subcommand};
use git_plan::base::text::words;
use git_plan::model::lifecycle::Lifecycle;
use git_plan::report::filter::{Filters, StateFilter};
use git_plan::report::{self, AdrView, Scope};
use git_plan::tree::alongside;
use git_plan::tree::id;
use git_plan::tree::plan_tree::PlanTree;
use git_plan::write::scaffold;
use git_plan::write::transition::Verb;

use git_plan::model::lifecycle::Move;

use super::transition::{about, long_about, TransitionOpts};
use crate::error::CommandError;
use crate::ui::{self, paint};
use crate::Ctx;

/// Architecture decision records: create them and move them through their states.
///
/// States: proposed, accepted, rejected, deprecated, superseded.
#[derive(Debug, Args)]
pub struct AdrArgs {
    #[command(subcommand)]
    command: AdrCommand,
}

#[derive(Debug, Subcommand)]
enum AdrCommand {
    New(AdrNewArgs),
    List(AdrListArgs),
    #[command(about = about("Accept an ADR", Move::Accept))]
    Accept(AdrMoveArgs),
    #[command(about = about("Reject an ADR", Move::Reject))]
    Reject(AdrMoveArgs),
    #[command(about = about("Deprecate an ADR", Move::Deprecate))]
    Deprecate(AdrMoveArgs),
    #[command(
        about = about("Supersede ADR N by ADR M", Move::Supersede),
        long_about = long_about(
            "Supersede ADR N by ADR M",
            Move::Supersede,
            "N's status links to M and M gains a Supersedes line linking back, in one commit.",
        )
    )]
    Supersede(AdrSupersedeArgs),
}

/// Write a new ADR under artifacts/adr/ with the next free number, counting
/// the numbers taken on every local and remote-tracking branch, so that two
/// branches do not pick the same one.
#[derive(Debug, Args)]
struct AdrNewArgs {
    /// Title of the decision.
    title: String,

    /// Number of the ADR this one supersedes; its status is set to
    /// "Superseded by" this one in the same commit.
    #[arg(long, value_name = "N")]
    supersedes: Option<u32>,

    /// The Date field (default: today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    date: Option<String>,

    /// Write the file but do not commit it.
    #[arg(long)]
    no_commit: bool,
}

/// List the ADRs in number order: number, status, date, title and
/// supersession links.
///
/// The status is the canonical state, followed by the value as written
/// when that says more (`Accepted (Inherited)`). Links are both ways:
/// `supersedes 0003` from a Supersedes line or from 0003's "Superseded by"
/// status, `superseded by 0007` likewise. Reads the work tree as `status`
/// does (its cache included), without history.
#[derive(Debug, Args)]
struct AdrListArgs {
    /// Only ADRs in this state: proposed, accepted, rejected, deprecated,
    /// superseded (or a synonym: `adopted`, `obsolete`, ...), `unknown`
    /// or `missing`. May be given more than once.
    #[arg(long, value_name = "state")]
    status: Vec<String>,

    /// Print JSON (`"version": 1`): `adrs`, each as in `status --json`.
    #[arg(long)]
    json: bool,

    /// Use none of the caches under the git directory.
    #[arg(long)]
    no_cache: bool,
}

// Accept, reject and deprecate: their help is on `AdrCommand`, written from
// the lifecycle tables.
#[derive(Debug, Args)]
struct AdrMoveArgs {
    /// The ADR: its number, `adr-N` or its slug.
    id: String,
    #[command(flatten)]
    opts: TransitionOpts,
}

// Its help is on `AdrCommand`, written from the lifecycle tables.
#[derive(Debug, Args)]
struct AdrSupersedeArgs {
    /// The ADR being superseded.
    id: String,
    /// The ADR that supersedes it.
    #[arg(long, value_name = "M")]
    by: String,
    #[command(flatten)]
    opts: TransitionOpts,
}

pub fn run(ctx: &Ctx, args: &AdrArgs) -> Result<(), CommandError> {
    match &args.command {
        AdrCommand::New(args) => new(ctx, args),
        AdrCommand::List(args) => list(ctx, args),
        AdrCommand::Accept(a) => {
            super::transition::run(ctx, &id::adr_query(&a.id), &a.opts, |_, _, _| {
                Ok(Verb::Accept)
            })
        }
        AdrCommand::Reject(a) => {
            super::transition::run(ctx, &id::adr_query(&a.id), &a.opts, |_, _, _| {
                Ok(Verb::Reject)
            })
        }
        AdrCommand::Deprecate(a) => {
            super::transition::run(ctx, &id::adr_query(&a.id), &a.opts, |_, _, _| {
                Ok(Verb::Deprecate)
            })
        }
        AdrCommand::Supersede(a) => {
            super::one_line("--by", &a.by)?;
            super::transition::run(ctx, &id::adr_query(&a.id), &a.opts, |_, tree, _| {
                Ok(Verb::Supersede {
                    by: id::resolve_adr(tree, &a.by)?,
                })
            })
        }
    }
}

fn new(ctx: &Ctx, args: &AdrNewArgs) -> Result<(), CommandError> {
    super::one_line("<title>", &args.title)?;
    if let Some(date) = &args.date {
        super::one_line("--date", date)?;
    }
    let ws = super::workspace(ctx)?;
    let lock = super::lock(&ws)?;
    let tree = PlanTree::read(&ws)?;
    let taken = scaffold::taken_adr_numbers(&ws)?;
    let date = args
        .date
        .as_deref()
        .map_or_else(|| ctx.today(), str::to_string);
    let change = scaffold::new_adr(&ws.root, &tree, &taken, &args.title, &date, args.supersedes)?;
    super::apply_change(
        &ws,
        &change,
        args.no_commit,
        &format!("Created {}", change.id),
        &lock,
    )
}

/// What `adr list --json` prints.
#[derive(serde::Serialize)]
struct AdrList<'a> {
    version: u32,
    root: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    status: Vec<String>,
    adrs: Vec<&'a AdrView>,
}

fn list(ctx: &Ctx, args: &AdrListArgs) -> Result<(), CommandError> {
    let ws = super::workspace(ctx)?;
    let mut filters = Filters::default();
    for value in &args.status {
        filters.add_state(
            StateFilter::parse(value, &ws.config.synonyms, &[Lifecycle::Adr])
                .map_err(super::status::filter_error)?,
        );
    }
    let read = alongside::read_workspace_alone(&ws, !args.no_cache, ctx.now);
    let tree = read.tree?;
    let writes = super::CacheWrites {
        history: None,
        tree: read.cache_write,
    };
    super::writing_caches(&writes, None, || -> Result<(), CommandError> {
        let report = report::status_report(&tree, &ws.root_rel, Scope::All, None);
        let mut adrs: Vec<&AdrView> = report
            .adrs
            .items
            .iter()
            .filter(|a| filters.adr_matches(a))
            .collect();
        adrs.sort_by_key(|a| (number_of(a).is_none(), number_of(a), a.path.as_str()));
        if args.json {
            ui::json(&AdrList {
                version: report::JSON_VERSION,
                root: &report.root,
                status: filters.states.clone(),
                adrs,
            })?;
            return Ok(());
        }
        render_list(&mut anstream::stdout(), &adrs, &filters, ui::width())?;
        let diagnostics: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| adrs.iter().any(|a| a.path == d.path))
            .cloned()
            .collect();
        super::print_diagnostics(&ws, &diagnostics)
    })?;
    ui::leak((tree, ws, writes));
    Ok(())
}

fn number_of(adr: &AdrView) -> Option<u32> {
    adr.number.as_deref().and_then(|n| n.parse().ok())
}

/// The ADRs as aligned lines: number, state, date, title, then what the
/// status says as written (when more than the state) and the links; the
/// title is cut to what the width leaves it.
fn render_list(
    out: &mut impl Write,
    adrs: &[&AdrView],
    filters: &Filters,
    width: Option<usize>,
) -> std::io::Result<()> {
    if adrs.is_empty() {
        if filters.states.is_empty() {
            return writeln!(out, "No ADRs.");
        }
        return writeln!(out, "No ADRs are {}.", filters.states.join(" or "));
    }
    let number = |a: &AdrView| number_of(a).map_or("-".to_string(), |n| format!("{n:04}"));
    let state = |a: &AdrView| {
        a.status
            .as_ref()
            .map_or("missing".to_string(), |s| s.state.clone())
    };
    // A date that starts `YYYY-MM-DD` shows that much; another is cut.
    let date = |a: &AdrView| {
        a.date.as_deref().map_or("-".to_string(), |d| {
            let day = d.get(..10).filter(|p| {
                p.bytes().enumerate().all(|(i, b)| match i {
                    4 | 7 => b == b'-',
                    _ => b.is_ascii_digit(),
                })
            });
            day.map_or_else(|| ui::cut(d, 10).into_owned(), str::to_string)
        })
    };
    let nw = adrs.iter().map(|a| ui::columns(&number(a))).max().unwrap_or(4);
    let sw = adrs.iter().map(|a| ui::columns(&state(a))).max().unwrap_or(8);
    let dw = adrs.iter().map(|a| ui::columns(&date(a))).max().unwrap_or(1);
    for a in adrs {
        let state = state(a);
        let mut notes = Vec::new();
        if let Some(s) = &a.status {
            if words(&s.raw) != words(&state) {
                notes.push(format!("status: {}", s.raw));
            }
        }
        let short = |ids: &[String]| {
            ids.iter()
                .map(|id| id.trim_start_matches("adr-").to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        if !a.supersedes.is_empty() {
            notes.push(format!("supersedes {}", short(&a.supersedes)));
        }
        if !a.superseded_by.is_empty() {
            notes.push(format!("superseded by {}", short(&a.superseded_by)));
        }
        let notes = if notes.is_empty() {
            String::new()
        } else {
            format!("  ({})", notes.join("; "))
        };
        let title = bare_title(&a.title, number_of(a));
        let used = nw + 2 + sw + 2 + dw + 2;
        let title = ui::cut(title, ui::room(width, used + ui::columns(&notes)));
        writeln!(
            out,
            "{}  {}  {:<dw$}  {title}{}",
            paint(ui::BOLD, &format!("{:<nw$}", number(a))),
            paint(ui::state_style(&state), &format!("{state:<sw$}")),
            date(a),
            paint(ui::DIM, &notes),
        )?;
    }
    Ok(())
}

/// A title without the number it repeats (`3. Use X`, `ADR-0003: Use X`,
/// `0003 - Use X` for ADR 3): the list shows the number in its own column.
pub fn bare_title(title: &str, number: Option<u32>) -> &str {
    let Some(n) = number else { return title };
    let rest = title.trim_start();
    let rest = rest
        .strip_prefix("ADR")
        .or_else(|| rest.strip_prefix("adr"))
        .unwrap_or(rest)
        .trim_start_matches(['-', '_', ' ']);
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 || rest[..digits].parse::<u32>().ok() != Some(n) {
        return title;
    }
    let after = rest[digits..].trim_start_matches(['.', ':', ')', '-', '–', '—', ' ']);
    if after.is_empty() || after.len() == rest[digits..].len() {
        return title;
    }
    after
}

impl AdrArgs {
    /// Whether the output goes through the pager: `adr list` without `--json`.
    pub fn pages(&self) -> bool {
        matches!(&self.command, AdrCommand::List(a) if !a.json)
    }
}
