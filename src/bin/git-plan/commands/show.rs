use std::io::Write;

use clap::Args;
use git_plan::document::{EFFORT_KEYS, PRIORITY_KEYS};
use git_plan::history::job::HistoryJob;
use git_plan::history::timeline::Timelines;
use git_plan::report::{self, HistoryContext, PlaceholderView, ShowReport};
use git_plan::tree::id::{self, Target};
use git_plan::tree::plan_tree::PlanTree;

use crate::error::CommandError;
use crate::ui::{self, paint};
use crate::Ctx;

/// Show one document: metadata, sections, checklist and dependencies.
///
/// For an initiative, its START-HERE.md (or README.md) and the documents in
/// its folder.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// An initiative, work package (`roadmap/04`, a slug), ADR (`adr-12`) or a path.
    id: String,

    /// Show the document as it was committed at this revision.
    #[arg(long, value_name = "rev")]
    at: Option<String>,

    #[command(flatten)]
    history: super::HistoryOpts,

    /// Print JSON (`"version": 2`) instead of text.
    #[arg(long)]
    json: bool,
}

pub fn run(ctx: &Ctx, args: &ShowArgs) -> Result<(), CommandError> {
    let ws = super::workspace_for(ctx, args.at.is_some())?;
    let (tree, commit) = match &args.at {
        Some(rev) => {
            let (tree, commit) = git_plan::history::snapshot::tree_at(&ws, rev)?;
            (tree, Some(commit))
        }
        None => (PlanTree::read(&ws)?, None),
    };
    let resolved = match id::resolve(&tree, &args.id) {
        Ok(target) => target,
        Err(e) => return Err(unreadable(&ws, &tree, &args.id).unwrap_or_else(|| e.into())),
    };
    let (index, members) = match resolved {
        Target::Document(d) => (d, Vec::new()),
        Target::Initiative(i) => {
            let init = &tree.initiatives[i];
            let members = init.docs.iter().map(|d| tree.documents[*d].id()).collect();
            let doc = init
                .entry_doc
                .or(init.status_doc)
                .or_else(|| init.derived.as_ref().map(|d| d.doc))
                .or_else(|| init.docs.first().copied())
                .ok_or_else(|| {
                    CommandError::new(format!(
                        "initiative {} holds no Markdown document",
                        init.folder
                    ))
                    .hint(format!("Run `git plan status {}`.", init.folder))
                })?;
            (doc, members)
        }
    };
    // Since when the status holds, as `status` says it: from the history
    // (its cache, when it holds the commit shown).
    let history = HistoryJob::new(
        &ws,
        commit.as_deref(),
        args.history.full_history,
        !args.history.no_cache,
    )?
    .fetching(args.history.fetch())
    .run()?;
    let timelines = history
        .as_ref()
        .map(|h| Timelines::new(h, &ws.config.patterns, &ws.config.synonyms));
    let context = timelines.as_ref().map(|t| HistoryContext {
        timelines: t,
        now: ctx.now,
    });
    let report = report::show_report(&tree, &tree.documents[index], members, context.as_ref());
    let mut out = anstream::stdout();
    if args.json {
        ui::json(&report)?;
        return Ok(());
    }
    render(&mut out, &report, &ws.shown_path(&report.path))?;
    super::print_diagnostics(&ws, &report.diagnostics)?;
    Ok(())
}

/// When `query` names no document but does name a file that could not be
/// parsed (not UTF-8), says what is wrong with that file instead of "no plan
/// document matches".
fn unreadable(
    ws: &git_plan::workspace::Workspace,
    tree: &PlanTree,
    query: &str,
) -> Option<CommandError> {
    let query = query.to_lowercase();
    let (folder, name) = query.rsplit_once('/').unwrap_or(("", &query));
    let d = tree.diagnostics.iter().find(|d| {
        let path = d.path.to_lowercase();
        let file = path.rsplit('/').next().unwrap_or(&path);
        d.severity == git_plan::model::diagnostic::Severity::Error
            && !tree.documents.iter().any(|doc| doc.path == d.path)
            && (path == query || (!name.is_empty() && file.contains(name) && path.contains(folder)))
    })?;
    let at = match d.line {
        Some(line) => format!("{}:{line}", ws.shown_path(&d.path)),
        None => ws.shown_path(&d.path),
    };
    let err = CommandError::new(format!("{at}: {}; it cannot be shown", d.message));
    Some(match &d.hint {
        Some(h) => err.hint(h.clone()),
        None => err,
    })
}

/// `not estimated  (the template's `X-Yh agentic + Zh review`, line 6)`.
fn unwritten(what: &str, p: &PlaceholderView) -> String {
    format!(
        "{}  {}",
        paint(ui::YELLOW, what),
        paint(
            ui::DIM,
            &format!("(the template's `{}`, line {})", p.placeholder, p.line)
        )
    )
}

fn render(out: &mut impl Write, r: &ShowReport, path: &str) -> std::io::Result<()> {
    writeln!(
        out,
        "{}  {}",
        paint(ui::BOLD, &r.id),
        paint(ui::DIM, r.kind.as_str())
    )?;
    if let Some(title) = &r.title {
        writeln!(out, "Title:       {title}")?;
    }
    writeln!(out, "Path:        {path}")?;
    match &r.status {
        Some(s) => writeln!(
            out,
            "Status:      {}  {}",
            paint(ui::state_style(&s.state), &s.state),
            paint(ui::DIM, &format!("({}, {})", s.raw, s.at))
        )?,
        None => writeln!(out, "Status:      {}", paint(ui::YELLOW, "none written"))?,
    }
    // A field holding the template's placeholder has no value to show.
    let placeholder = |names| report::placeholder_of(&r.placeholders, names);
    match (&r.priority, placeholder(PRIORITY_KEYS)) {
        (Some(p), _) => writeln!(out, "Priority:    {}", p.raw)?,
        (None, Some(p)) => writeln!(out, "Priority:    {}", unwritten("none written", p))?,
        (None, None) => {}
    }
    match (&r.effort, placeholder(EFFORT_KEYS)) {
        (Some(e), _) => writeln!(out, "Effort:      {}", e.raw)?,
        (None, Some(p)) => writeln!(out, "Effort:      {}", unwritten("not estimated", p))?,
        (None, None) => {}
    }
    for d in &r.depends_on {
        let target = match (&d.id, &d.state) {
            (Some(id), Some(state)) => format!("{id} ({state})"),
            (Some(id), None) => id.clone(),
            (None, _) => paint(ui::YELLOW, "not found"),
        };
        writeln!(out, "Depends on:  {} -> {target}", d.reference)?;
    }
    if !r.fields.is_empty() {
        writeln!(out, "\n{}", paint(ui::BOLD, "Fields"))?;
        for f in &r.fields {
            let value = match (&f.value, &f.placeholder) {
                (Some(value), _) => value.clone(),
                (None, placeholder) => format!(
                    "{}  {}",
                    paint(ui::YELLOW, "none written"),
                    paint(
                        ui::DIM,
                        &format!(
                            "(the template's `{}`)",
                            placeholder.as_deref().unwrap_or_default()
                        )
                    )
                ),
            };
            writeln!(
                out,
                "  {:<22} {value}  {}",
                format!("{}:", f.key),
                paint(ui::DIM, &format!("line {}", f.line))
            )?;
        }
    }
    if !r.sections.is_empty() {
        writeln!(out, "\n{}", paint(ui::BOLD, "Sections"))?;
        for s in r.sections.iter().filter(|s| s.level > 1) {
            let indent = "  ".repeat(usize::from(s.level - 1));
            let progress = if s.checklist.total > 0 {
                format!("  [{}/{}]", s.checklist.done, s.checklist.total)
            } else {
                String::new()
            };
            writeln!(
                out,
                "{indent}{}{progress}  {}",
                s.title,
                paint(ui::DIM, &format!("line {}", s.line))
            )?;
        }
    }
    if !r.checklist.is_empty() {
        let p = r.checklist_progress;
        let criteria = r
            .success_criteria
            .filter(|c| c.total > 0)
            .map_or(String::new(), |c| {
                format!(", success criteria {}/{}", c.done, c.total)
            });
        writeln!(
            out,
            "\n{} {}/{}{criteria}",
            paint(ui::BOLD, "Checklist"),
            p.done,
            p.total
        )?;
        for c in &r.checklist {
            let mark = if c.checked {
                paint(ui::GREEN, "[x]")
            } else {
                "[ ]".to_string()
            };
            writeln!(
                out,
                "  {mark} {}  {}",
                c.text,
                paint(ui::DIM, &format!("line {}", c.line))
            )?;
        }
    }
    if !r.subtasks.is_empty() {
        writeln!(out, "\n{}", paint(ui::BOLD, "Subtasks"))?;
        for s in &r.subtasks {
            let deps = if s.depends_on.is_empty() {
                String::new()
            } else {
                format!("  (after {})", s.depends_on.join(", "))
            };
            writeln!(out, "  {}: {}{deps}", s.id, s.title)?;
        }
    }
    if !r.documents.is_empty() {
        writeln!(out, "\n{}", paint(ui::BOLD, "Documents"))?;
        for d in &r.documents {
            writeln!(out, "  {d}")?;
        }
    }
    Ok(())
}

impl ShowArgs {
    /// Whether the output goes through the pager: not JSON.
    pub fn pages(&self) -> bool {
        !self.json
    }
}
