use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use git_plan::base::text::words;
use git_plan::model::kind::ADR_DIR;
use git_plan::model::lifecycle::Lifecycle;
use git_plan::report::filter::{Filters, StateFilter};
use git_plan::report::{self, AdrView, Scope};
use git_plan::tree::alongside;
use git_plan::tree::id;
use git_plan::tree::plan_tree::PlanTree;
use git_plan::workspace::Workspace;
use git_plan::write::adr_index::{self, IndexError};
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
    Toc(AdrTocArgs),
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
///
/// In a repository whose decision records adr-tools, log4brains or MADR
/// made (found with no configuration), the record is the collection's
/// next, in its naming and format, from its own template when it has one.
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

    /// The decision-record collection to write in, by its name or folder
    /// (`doc/adr`, or a log4brains package's name), when the repository
    /// has several (default: .engineering/artifacts/adr/ when it exists,
    /// else the first one found). The record takes that collection's
    /// naming, format and template.
    #[arg(long, value_name = "name")]
    collection: Option<String>,

    /// Write the file but do not commit it.
    #[arg(long)]
    no_commit: bool,

    /// Commit although HEAD is detached (as in a submodule after `git
    /// submodule update`), where no branch keeps the commit.
    #[arg(long)]
    detached_ok: bool,
}

/// List the ADRs in number order (per collection, each after its name):
/// number, status, date, title and supersession links.
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

    /// Print JSON (`"version": 2`): `adrs`, each as in `status --json`.
    #[arg(long)]
    json: bool,

    /// Use none of the caches under the git directory.
    #[arg(long)]
    no_cache: bool,
}

/// Write a Markdown index of the ADRs (like adr-tools' `generate toc`) and
/// commit it.
///
/// One list item per ADR, in number order: its title linking its file
/// (relative to the index) and its status. The list is written between
/// `<!-- git-plan adr toc -->` and `<!-- /git-plan adr toc -->`, and only
/// that region is ever rewritten: a new file gets a title and the region;
/// in an existing file, text around the region stays as it is, and a file
/// without the region (a hand-written README) is refused, never
/// overwritten. Put the two lines where the index should go.
#[derive(Debug, Args)]
struct AdrTocArgs {
    /// The index file (default: artifacts/adr/README.md under the
    /// engineering root, or the first decision-record collection's
    /// README.md when only collections are read); it must be inside the
    /// root.
    #[arg(long, value_name = "file")]
    out: Option<PathBuf>,

    /// Write nothing; exit 1 (saying the first line that differs) when the
    /// index is missing or not what `adr toc` would write, 0 when current.
    /// For CI.
    #[arg(long, conflicts_with_all = ["stdout", "no_commit"])]
    check: bool,

    /// Print the index file as it would be written; write nothing.
    #[arg(long, conflicts_with = "no_commit")]
    stdout: bool,

    /// Write the file but do not commit it.
    #[arg(long)]
    no_commit: bool,

    /// Commit although HEAD is detached (as in a submodule after `git
    /// submodule update`), where no branch keeps the commit.
    #[arg(long)]
    detached_ok: bool,
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
        AdrCommand::Toc(args) => toc(ctx, args),
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
    let collection = target_collection(&ws, args.collection.as_deref())?;
    let lock = super::lock(&ws)?;
    let tree = PlanTree::read(&ws)?;
    let date = args
        .date
        .as_deref()
        .map_or_else(|| ctx.today(), str::to_string);
    let change = match collection {
        Some(index) => {
            scaffold::new_collection_adr(&ws, &tree, index, &args.title, &date, args.supersedes)?
        }
        None => {
            let taken = scaffold::taken_adr_numbers(&ws)?;
            scaffold::new_adr(&ws.root, &tree, &taken, &args.title, &date, args.supersedes)?
        }
    };
    super::apply_change(
        &ws,
        &change,
        args.no_commit,
        args.detached_ok,
        &format!("Created {}", change.id),
        &lock,
    )
}

/// Where `adr new` writes: the collection named by `--collection` (its
/// index in `ws.collections`), or by default `artifacts/adr/` under the
/// root (None) when the root is read and has one or there is no
/// collection, else the first collection found.
fn target_collection(ws: &Workspace, name: Option<&str>) -> Result<Option<usize>, CommandError> {
    let own = ws.config.patterns.root_listed
        && (ws.root.join(ADR_DIR).is_dir() || ws.collections.is_empty());
    let Some(name) = name else {
        return Ok((!own).then_some(0));
    };
    let name = name.trim_end_matches('/');
    if own && (name == ADR_DIR || name == ws.display_path(ADR_DIR)) {
        return Ok(None);
    }
    match ws
        .collections
        .iter()
        .position(|c| c.name == name || c.dir == name)
    {
        Some(i) => Ok(Some(i)),
        None => {
            let mut known: Vec<String> = ws.collections.iter().map(|c| c.name.clone()).collect();
            if own {
                known.insert(0, ws.display_path(ADR_DIR));
            }
            Err(
                CommandError::usage(format!("no decision-record collection is named `{name}`"))
                    .hint(if known.is_empty() {
                        "There is none; leave out --collection.".to_string()
                    } else {
                        format!("Use one of: {}.", known.join(", "))
                    }),
            )
        }
    }
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
        adrs.sort_by_key(|a| {
            let collection = collection_of(a);
            (
                collection,
                number_of(a).is_none(),
                number_of(a),
                a.path.as_str(),
            )
        });
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

/// The collection prefix of an ADR's id (`core` of `core/adr-0003`), `""`
/// for the first collection's and `.engineering`'s.
fn collection_of(adr: &AdrView) -> &str {
    adr.id.rsplit_once('/').map_or("", |(prefix, _)| prefix)
}

/// An id as the list shows it: without `adr-` before the number.
fn short_id(id: &str) -> String {
    match id.rsplit_once('/') {
        Some((prefix, local)) => format!("{prefix}/{}", local.trim_start_matches("adr-")),
        None => id.trim_start_matches("adr-").to_string(),
    }
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
    let number = |a: &AdrView| {
        let n = number_of(a).map_or("-".to_string(), |n| format!("{n:04}"));
        match collection_of(a) {
            "" => n,
            prefix => format!("{prefix}/{n}"),
        }
    };
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
    let nw = adrs
        .iter()
        .map(|a| ui::columns(&number(a)))
        .max()
        .unwrap_or(4);
    let sw = adrs
        .iter()
        .map(|a| ui::columns(&state(a)))
        .max()
        .unwrap_or(8);
    let dw = adrs
        .iter()
        .map(|a| ui::columns(&date(a)))
        .max()
        .unwrap_or(1);
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
                .map(|id| short_id(id))
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
        let title = git_plan::report::bare_title(&a.title, number_of(a));
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

impl AdrArgs {
    /// Whether the output goes through the pager: `adr list` without `--json`.
    pub fn pages(&self) -> bool {
        matches!(&self.command, AdrCommand::List(a) if !a.json)
    }
}

fn toc(ctx: &Ctx, args: &AdrTocArgs) -> Result<(), CommandError> {
    let ws = super::workspace(ctx)?;
    let index = match &args.out {
        Some(out) => inside_root(&ws.root, &ctx.location.cwd.join(out)).ok_or_else(|| {
            CommandError::usage(format!(
                "--out {} is outside the engineering root {}",
                out.display(),
                ws.shown_path("")
            ))
        })?,
        // Only collections are read (no engineering tree): the first one's
        // README.md, not a new artifacts/ at the top of the repository.
        None => match ws.config.patterns.collections.first() {
            Some(c) if !ws.config.patterns.root_listed => format!("{}/README.md", c.dir),
            _ => adr_index::DEFAULT_INDEX.to_string(),
        },
    };
    let shown = ws.shown_path(&index);
    let read_existing = || -> Result<Option<String>, CommandError> {
        match std::fs::read_to_string(ws.root.join(&index)) {
            Ok(text) => Ok(Some(text)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(CommandError::new(format!("cannot read {shown}")).caused_by(Some(&e))),
        }
    };
    let index_error = |e: IndexError| {
        let hint = match e {
            IndexError::HandWritten { .. } => format!(
                "Put the lines `{}` and `{}` where the index should go, or write it elsewhere with --out.",
                adr_index::BEGIN,
                adr_index::END
            ),
            IndexError::Unclosed { .. } => format!("Add `{}` where the index ends.", adr_index::END),
        };
        CommandError::from_error(&e).hint(hint)
    };
    if args.check || args.stdout {
        let tree = PlanTree::read(&ws)?;
        let existing = read_existing()?;
        let text = adr_index::render(&tree, &index, existing.as_deref()).map_err(index_error)?;
        if args.stdout {
            write!(anstream::stdout(), "{text}")?;
            return Ok(());
        }
        return match existing {
            Some(current) if current == text => {
                writeln!(anstream::stdout(), "{shown} is current.")?;
                Ok(())
            }
            Some(current) => Err(CommandError::new(format!(
                "{shown} is not current: {}",
                first_difference(&current, &text)
            ))
            .hint("Run `git plan adr toc` to rewrite it.")),
            None => Err(CommandError::new(format!("{shown} does not exist"))
                .hint("Run `git plan adr toc` to write it.")),
        };
    }
    let lock = super::lock(&ws)?;
    let tree = PlanTree::read(&ws)?;
    let existing = read_existing()?;
    let Some(change) = adr_index::plan(&tree, &index, existing.as_deref()).map_err(index_error)?
    else {
        writeln!(anstream::stdout(), "{shown} is current; nothing to write.")?;
        return Ok(());
    };
    if !args.no_commit && existing.is_some() {
        let (repo_dir, root_in_repo) = ws.plan_repository();
        let path = git_plan::write::change::in_repo(&root_in_repo, &index);
        if git_plan::write::git::is_modified(&repo_dir, &path)? {
            return Err(CommandError::new(format!(
                "{shown} has uncommitted edits, which the commit would sweep in; nothing was changed"
            ))
            .hint("Commit them or put them aside with `git stash` first, or pass --no-commit."));
        }
    }
    let verb = if existing.is_some() {
        "Updated"
    } else {
        "Wrote"
    };
    super::apply_change(
        &ws,
        &change,
        args.no_commit,
        args.detached_ok,
        &format!("{verb} the index of {} ADRs", tree.adrs().count()),
        &lock,
    )
}

/// `path` relative to `root`, `/`-separated, when it lies inside it (its
/// folder is resolved, so links and `..` count as the file system has them).
fn inside_root(root: &Path, path: &Path) -> Option<String> {
    let name = path.file_name()?;
    let dir = path.parent()?;
    let dir = std::fs::canonicalize(dir).ok()?;
    let root = std::fs::canonicalize(root).ok()?;
    let rel = dir.join(name).strip_prefix(&root).ok()?.to_path_buf();
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_str().map(str::to_string))
        .collect::<Option<_>>()?;
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// `line 4 reads `...`, expected `...``: the first line where `current`
/// and `wanted` differ.
fn first_difference(current: &str, wanted: &str) -> String {
    let mut a = current.lines();
    let mut b = wanted.lines();
    let mut n = 1;
    loop {
        match (a.next(), b.next()) {
            (Some(x), Some(y)) if x == y => n += 1,
            (Some(x), Some(y)) => return format!("line {n} reads `{x}`, expected `{y}`"),
            (None, Some(y)) => return format!("line {n} is missing, expected `{y}`"),
            (Some(x), None) => {
                return format!("line {n} reads `{x}`, expected the end of the file")
            }
            (None, None) => return "its line endings differ".to_string(),
        }
    }
}
