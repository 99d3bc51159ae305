use std::path::PathBuf;

use clap::Args;
use git_plan::history::timeline::Timelines;
use git_plan::report::graph::{self, GraphScope};
use git_plan::report::progress::{self, ProgressScope};
use git_plan::report::{self, html, HistoryContext, Scope};
use git_plan::rules::cache as check_cache;
use git_plan::rules::source::{self as check, Source};
use git_plan::rules::Finding;
use git_plan::tree::plan_tree::PlanTree;
use git_plan::workspace::Workspace;

use crate::error::CommandError;
use crate::ui;
use crate::Ctx;

/// Write a progress report: one static HTML page.
///
/// The roadmap (initiatives with their checkpoint, work packages with
/// state, priority, effort, checklist progress and since when, ADRs by
/// status), a burn-up chart per initiative and overall, cycle, lead and
/// blocked time, work in progress over time, the dependency graph with
/// its critical path, and the findings of `check`: from the tree and its
/// history, as `status`, `log` and `graph` read them. The page holds its
/// CSS and SVG inline and needs no script and no network: it opens from a
/// CI artifact or GitHub Pages as is. It is never written into the plan
/// tree.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Write the page to this file (`-` for standard output).
    #[arg(
        short = 'o',
        long = "output",
        value_name = "file",
        default_value = "git-plan-report.html",
        conflicts_with = "out"
    )]
    output: PathBuf,

    /// Write the page as `index.html` in this directory (made if missing),
    /// as GitHub Pages serves it.
    #[arg(long, value_name = "dir")]
    out: Option<PathBuf>,

    /// Report the tree and history as they were at a revision.
    #[arg(long, value_name = "rev")]
    at: Option<String>,

    /// Only moments from this date on (YYYY-MM-DD, `today`, `N.days.ago`):
    /// the series start there, and the distributions count the work
    /// packages completed since.
    #[arg(long, value_name = "date")]
    since: Option<String>,

    /// Only this initiative (its folder name or date-less id).
    #[arg(long, value_name = "id")]
    initiative: Option<String>,

    /// Print the series the charts are drawn from as JSON (`"version": 2`)
    /// instead of writing the page.
    #[arg(long)]
    json: bool,

    #[command(flatten)]
    history: super::HistoryOpts,
}

pub fn run(ctx: &Ctx, args: &ReportArgs) -> Result<(), CommandError> {
    let ws = super::workspace_for(ctx, args.at.is_some())?;
    let since = match &args.since {
        Some(value) => Some(super::status::since_time(value, ctx.now).ok_or_else(|| {
            CommandError::usage(format!(
                "--since `{value}` is not a date: write YYYY-MM-DD, `today`, `yesterday` or `N.days.ago` (hours, days, weeks, months, years)"
            ))
        })?),
        None => None,
    };
    // The findings need every document parsed (on the work tree, unless
    // its listing is the one the cache of findings recorded): on another
    // thread, beside the series and the page (a repository of its own: one
    // is not shared across threads).
    let checking = (!args.json).then(|| {
        let location = ctx.location.clone();
        let at = args.at.clone();
        let use_cache = !args.history.no_cache;
        let now = ctx.now;
        std::thread::spawn(move || -> Result<Vec<Finding>, CommandError> {
            let ws = match at {
                Some(_) => Workspace::discover_for_revisions(&location)?,
                None => Workspace::discover(&location)?,
            };
            Ok(match at {
                Some(rev) => check::run(&ws, &Source::Rev(rev), true)?.findings,
                None => {
                    let dir = use_cache.then(|| Workspace::cache_dir(&ws.repo));
                    check_cache::work_tree_report(&ws, dir.as_deref(), now)?
                        .0
                        .findings
                }
            })
        })
    });
    match &args.at {
        Some(rev) => {
            let (tree, commit, history) = super::work_tree::read_at(&ws, rev, &args.history)?;
            let result = super::work_tree::with_history(ctx, &ws, history.as_ref(), |context| {
                make(
                    args,
                    &ws,
                    &tree,
                    context,
                    since,
                    Some(commit.clone()),
                    checking,
                )
            });
            ui::leak((history, tree));
            result
        }
        None => super::work_tree::report(ctx, &ws, &args.history, |tree, history| {
            make(args, &ws, tree, history, since, None, checking)
        }),
    }
}

/// The thread that runs `check` for the page's findings.
type Checking = std::thread::JoinHandle<Result<Vec<Finding>, CommandError>>;

fn make(
    args: &ReportArgs,
    ws: &Workspace,
    tree: &PlanTree<()>,
    history: Option<&HistoryContext<'_>>,
    since: Option<i64>,
    at: Option<String>,
    checking: Option<Checking>,
) -> Result<(), CommandError> {
    let initiative = match &args.initiative {
        Some(q) => {
            let found = tree.initiatives.iter().find(|i| {
                i.folder == *q || git_plan::tree::plan_tree::split_date(&i.folder).1 == *q
            });
            match found {
                Some(i) => Some(i.folder.clone()),
                None => {
                    return Err(CommandError::usage(format!(
                        "--initiative `{q}` names no initiative of the tree"
                    )))
                }
            }
        }
        None => None,
    };
    let scope = ProgressScope {
        initiative: initiative.clone(),
        since,
    };
    let empty_history;
    let empty_timelines;
    let history = match history {
        Some(h) => h,
        None => {
            // An unborn branch: no history, every series empty.
            empty_history = git_plan::history::walk::History::default();
            empty_timelines =
                Timelines::new(&empty_history, &ws.config.patterns, &ws.config.synonyms);
            &HistoryContext {
                timelines: &empty_timelines,
                now: 0,
            }
        }
    };
    let series = progress::progress_report(tree, history, &scope, at.clone());
    if args.json {
        ui::json(&series)?;
        return Ok(());
    }
    let (status_scope, graph_scope) = match initiative
        .as_deref()
        .and_then(|f| tree.indexed_initiatives().find(|(_, i)| i.folder == f))
    {
        Some((i, _)) => (Scope::Initiative(i), GraphScope::Initiative(i)),
        None => (Scope::All, GraphScope::All),
    };
    let mut status = report::status_report(tree, &ws.root_rel, status_scope, Some(history));
    status.at = at;
    let graph = graph::graph_report(tree, graph_scope, Some(history));
    let critical = super::graph::critical_line(&graph, &super::graph::names(&graph));
    let mut findings = match checking {
        Some(thread) => thread
            .join()
            .map_err(|_| CommandError::new("checking the plans failed (a panic)"))??,
        None => Vec::new(),
    };
    if let Some(folder) = &initiative {
        let prefix = format!("{}/{folder}/", git_plan::model::kind::PLANNING_DIR);
        findings.retain(|f| f.path.starts_with(&prefix));
    }
    let page = html::render(&status, &series, &graph, &critical, &findings)
        .map_err(|e| CommandError::from_error(&e))?;
    ui::leak((status, series, graph, findings));
    let path = match &args.out {
        Some(dir) => {
            std::fs::create_dir_all(dir)?;
            dir.join("index.html")
        }
        None => args.output.clone(),
    };
    if path.as_os_str() == "-" {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        out.write_all(page.as_bytes())?;
        return Ok(out.flush()?);
    }
    refuse_plan_tree(ws, &path)?;
    std::fs::write(&path, page)?;
    eprintln!("wrote {}", path.display());
    Ok(())
}

/// The page is never written into the plan tree (it would become a plan
/// document, or a file a plan commit picks up).
fn refuse_plan_tree(ws: &Workspace, path: &std::path::Path) -> Result<(), CommandError> {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    };
    let parent = absolute
        .parent()
        .and_then(|p| p.canonicalize().ok())
        .unwrap_or_else(|| absolute.clone());
    let root = ws.root.canonicalize().unwrap_or_else(|_| ws.root.clone());
    if parent.starts_with(&root) && ws.root != ws.work_tree {
        return Err(CommandError::new(format!(
            "{} is inside the plan tree ({}): write the report elsewhere",
            path.display(),
            ws.root.display()
        )));
    }
    Ok(())
}
