use std::io::Write;

use clap::{Args, ValueEnum};
use git_plan::report::diff::{
    self, Change, ChunkTag, DiffError, DiffSpec, DocDiff, ItemEvent, PlanDiff, RiskEvent,
    SectionEvent,
};
use git_plan::rules::source::CheckError;
use git_plan::workspace::Workspace;
use serde::Serialize;

use crate::error::CommandError;
use crate::ui::{self, paint};
use crate::Ctx;

/// Show what changed in the plans: statuses, criteria, risks, prose.
///
/// Without a range, the work tree against HEAD (`--staged`: the index
/// against HEAD). `A..B` compares two commits, `A...B` the merge base of A
/// and B with B, as git does. Per document, in lifecycle order: added,
/// removed or renamed; every status move the commits made, with commit,
/// author and `Plan-*` trailers, and whether the lifecycle allows it;
/// checkpoint approvals; checklist items; Success Criteria and Rollback
/// Plan sections; risks; dependencies, priority, effort; and a word diff of
/// each prose section that changed.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// `A..B` or `A...B` (an empty right side is HEAD).
    #[arg(value_name = "A..B", conflicts_with = "staged")]
    range: Option<String>,

    /// Compare the index with HEAD.
    #[arg(long)]
    staged: bool,

    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,

    /// Same as `--format json`.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A summary like `git diff --stat`, then the details.
    Human,
    /// Versioned JSON.
    Json,
    /// Markdown, for a pull request or a job summary.
    Markdown,
}

pub fn run(ctx: &Ctx, args: &DiffArgs) -> Result<(), CommandError> {
    let ws = super::workspace_for(ctx, args.range.is_some())?;
    let spec = match (&args.range, args.staged) {
        (Some(range), _) => DiffSpec::Range(range.clone()),
        (None, true) => DiffSpec::Staged,
        (None, false) => DiffSpec::WorkTree,
    };
    let diff = load(&ws, &spec)?;
    let format = if args.json { Format::Json } else { args.format };
    let mut out = anstream::stdout();
    match format {
        Format::Human => human(&mut out, &ws, &diff)?,
        Format::Json => ui::json(&JsonDiff {
            version: git_plan::report::JSON_VERSION,
            diff: &diff,
        })?,
        Format::Markdown => write!(out, "{}", markdown(&ws, &diff, &Links::relative()))?,
    }
    Ok(())
}

/// The diff, with a range that is wrong as a usage error (exit 2).
pub fn load(ws: &Workspace, spec: &DiffSpec) -> Result<PlanDiff, CommandError> {
    diff::load(ws, spec).map_err(range_error)
}

/// A range that is wrong is a usage error (exit 2); anything else is not.
pub fn range_error(e: DiffError) -> CommandError {
    match e {
        DiffError::BadRange(_) | DiffError::EmptyLeft(_) => {
            CommandError::usage(e.to_string()).hint("Write A..B or A...B, such as main...HEAD.")
        }
        DiffError::Unresolved { ref source, .. } => {
            CommandError::usage(e.to_string()).caused_by(Some(source))
        }
        DiffError::Check(none @ CheckError::NoMergeBase { .. }) => CommandError::from(none),
        DiffError::Repo(repo) => CommandError::from(repo),
        other => CommandError::from_error(&other),
    }
}

#[derive(Serialize)]
struct JsonDiff<'a> {
    version: u32,
    #[serde(flatten)]
    diff: &'a PlanDiff,
}

fn short(id: &str) -> &str {
    &id[..id.len().min(10)]
}

fn side(name: &str) -> String {
    if name.len() == 40 || name.len() == 64 {
        short(name).to_string()
    } else {
        name.to_string()
    }
}

/// The one-line summary of a document's change, for the stat lines.
fn summary(d: &DocDiff) -> String {
    let mut parts = Vec::new();
    if let Some(s) = &d.status {
        let name = |n: &Option<String>| n.clone().unwrap_or_else(|| "none".to_string());
        let mut text = format!("{} -> {}", name(&s.from), name(&s.to));
        if s.legal == Some(false) && d.steps.is_empty() {
            text.push_str(" (not a lifecycle move)");
        }
        parts.push(text);
    }
    let count = |n: usize, what: &str| (n > 0).then(|| format!("{n} {what}"));
    let ticked = d
        .checklist
        .iter()
        .filter(|c| c.change == ItemEvent::Ticked)
        .count();
    parts.extend(count(ticked, "ticked"));
    parts.extend(count(d.checklist.len() - ticked, "checklist change(s)"));
    parts.extend(count(d.risks.len(), "risk change(s)"));
    parts.extend(count(d.prose.len(), "section(s) reworded"));
    if parts.is_empty() {
        parts.push(match d.change {
            Change::Added => "added".to_string(),
            Change::Removed => "removed".to_string(),
            _ => "edited".to_string(),
        });
    }
    parts.join(", ")
}

/// `git plan diff`'s human output.
pub fn human(out: &mut impl Write, ws: &Workspace, diff: &PlanDiff) -> std::io::Result<()> {
    if diff.documents.is_empty() {
        writeln!(
            out,
            "No plan changes between {} and {}.",
            side(&diff.from),
            side(&diff.to)
        )?;
        return Ok(());
    }
    let width = diff.documents.iter().map(|d| d.id.len()).max().unwrap_or(0);
    for d in &diff.documents {
        let letter = d.change.letter().to_string();
        let style = match d.change {
            Change::Added => ui::GREEN,
            Change::Removed => ui::RED,
            _ => ui::YELLOW,
        };
        writeln!(
            out,
            " {} {:width$} | {}",
            paint(style, &letter),
            d.id,
            summary(d)
        )?;
    }
    let count = |c: Change| diff.documents.iter().filter(|d| d.change == c).count();
    writeln!(
        out,
        " {} document{} changed ({} added, {} removed, {} renamed, {} modified) between {} and {}",
        diff.documents.len(),
        if diff.documents.len() == 1 { "" } else { "s" },
        count(Change::Added),
        count(Change::Removed),
        count(Change::Renamed),
        count(Change::Modified),
        side(&diff.from),
        side(&diff.to)
    )?;
    for d in &diff.documents {
        writeln!(out)?;
        document_human(out, ws, d)?;
    }
    Ok(())
}

fn document_human(out: &mut impl Write, ws: &Workspace, d: &DocDiff) -> std::io::Result<()> {
    let what = match d.change {
        Change::Added => "added".to_string(),
        Change::Removed => "removed".to_string(),
        Change::Renamed => format!(
            "renamed from {} ({}% similar)",
            ws.shown_path(d.previous_path.as_deref().unwrap_or("")),
            d.similarity.unwrap_or(0)
        ),
        Change::Modified => "modified".to_string(),
    };
    writeln!(
        out,
        "{} {} ({}, {what})",
        paint(ui::BOLD, &d.id),
        ws.shown_path(&d.path),
        d.kind
    )?;
    if let Some(s) = &d.status {
        let raw = |r: &Option<String>| r.clone().unwrap_or_else(|| "none".to_string());
        // With the steps shown, each says whether it was allowed.
        let legal = match s.legal {
            Some(false) if d.steps.is_empty() => paint(
                ui::RED,
                " (the lifecycle does not allow this move in one step)",
            ),
            _ => String::new(),
        };
        writeln!(
            out,
            "  status: {} -> {}{legal}",
            raw(&s.from_raw),
            raw(&s.to_raw)
        )?;
    }
    for step in &d.steps {
        let name = |n: &Option<String>| n.clone().unwrap_or_else(|| "none".to_string());
        let legal = match step.legal {
            Some(false) => paint(ui::RED, "  not allowed"),
            _ => String::new(),
        };
        writeln!(
            out,
            "    {} {} {}  {} -> {}{legal}",
            paint(ui::YELLOW, short(&step.at.commit)),
            step.at
                .date
                .as_deref()
                .map_or("", |d| &d[..d.len().min(10)]),
            step.at.author.as_deref().unwrap_or("?"),
            name(&step.from),
            name(&step.to)
        )?;
        for (key, value) in [
            ("Plan-Approved-By", &step.approved_by),
            ("Plan-Reason", &step.reason),
            ("Plan-Override", &step.r#override),
        ] {
            if let Some(v) = value {
                writeln!(out, "        {key}: {v}")?;
            }
        }
    }
    for a in &d.approvals {
        writeln!(
            out,
            "  checkpoint {} approved by {} ({})",
            a.checkpoint,
            a.by,
            short(&a.commit)
        )?;
    }
    for s in &d.sections {
        let what = match s.change {
            SectionEvent::Added => "added",
            SectionEvent::Filled => "filled in",
            SectionEvent::Emptied => "emptied",
            SectionEvent::Removed => "removed",
        };
        writeln!(out, "  {} section {what}", s.section)?;
    }
    for c in &d.checklist {
        let mark = if c.checked { "[x]" } else { "[ ]" };
        let line = match c.change {
            ItemEvent::Reworded => format!(
                "reworded  {mark} {} (was: {})",
                c.text,
                c.previous_text.as_deref().unwrap_or("")
            ),
            other => format!("{:<9} {mark} {}", event(other), c.text),
        };
        let style = match c.change {
            ItemEvent::Ticked | ItemEvent::Added => ui::GREEN,
            ItemEvent::Unticked | ItemEvent::Removed => ui::RED,
            ItemEvent::Reworded => ui::YELLOW,
        };
        writeln!(out, "  {} ({})", paint(style, &line), c.section)?;
    }
    for r in &d.risks {
        let rating = |r: &diff::Risk| match (&r.likelihood, &r.impact) {
            (None, None) => String::new(),
            (l, i) => format!(
                " (likelihood {}, impact {})",
                l.as_deref().unwrap_or("?"),
                i.as_deref().unwrap_or("?")
            ),
        };
        let text = match r.change {
            RiskEvent::Added => format!("risk added: {}{}", r.risk.risk, rating(&r.risk)),
            RiskEvent::Removed => format!("risk removed: {}{}", r.risk.risk, rating(&r.risk)),
            RiskEvent::Changed => {
                let was = r.previous.as_ref().map(rating).unwrap_or_default();
                let now = rating(&r.risk);
                if was == now {
                    format!("risk changed: {}", r.risk.risk)
                } else {
                    format!("risk changed: {}{was} ->{now}", r.risk.risk)
                }
            }
        };
        writeln!(out, "  {text}")?;
    }
    for dep in &d.dependencies_added {
        writeln!(out, "  dependency added: {dep}")?;
    }
    for dep in &d.dependencies_removed {
        writeln!(out, "  dependency removed: {dep}")?;
    }
    for f in &d.fields {
        let v = |x: &Option<String>| x.clone().unwrap_or_else(|| "none".to_string());
        writeln!(out, "  {}: {} -> {}", f.field, v(&f.from), v(&f.to))?;
    }
    for p in &d.prose {
        writeln!(out, "  ## {}", p.section)?;
        let mut text = String::new();
        for c in &p.chunks {
            match c.tag {
                ChunkTag::Equal => text.push_str(&elide(&c.text)),
                ChunkTag::Delete => text.push_str(&paint(ui::RED, &format!("[-{}-]", c.text))),
                ChunkTag::Insert => text.push_str(&paint(ui::GREEN, &format!("{{+{}+}}", c.text))),
            }
        }
        for line in text.lines() {
            writeln!(out, "    {line}")?;
        }
    }
    Ok(())
}

fn event(e: ItemEvent) -> &'static str {
    match e {
        ItemEvent::Added => "added",
        ItemEvent::Removed => "removed",
        ItemEvent::Ticked => "ticked",
        ItemEvent::Unticked => "unticked",
        ItemEvent::Reworded => "reworded",
    }
}

/// Unchanged text longer than a few lines keeps its first and last line.
fn elide(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    if lines.len() <= 5 {
        return text.to_string();
    }
    format!(
        "{}\n{}\n…\n{}\n{}",
        lines[0],
        lines[1],
        lines[lines.len() - 2],
        lines[lines.len() - 1]
    )
}

/// How Markdown links to files: through the repository's web URL at a
/// commit, or as paths relative to the top of the work tree.
pub struct Links {
    pub base: Option<String>,
}

impl Links {
    pub fn relative() -> Links {
        Links { base: None }
    }

    fn file(&self, ws: &Workspace, path: &str, commit: &str) -> String {
        let shown = ws.display_path(path);
        let target = match &self.base {
            Some(url) if commit.len() >= 40 => format!("{url}/blob/{commit}/{shown}"),
            _ => shown.clone(),
        };
        format!(
            "[{}]({})",
            escape(&shown),
            target.replace(' ', "%20").replace(')', "%29")
        )
    }
}

/// Text made inert in Markdown: HTML, emphasis, code spans, table cells and
/// links cannot start from what a plan holds.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '|' => out.push_str("\\|"),
            '`' | '*' | '_' | '[' | ']' | '\\' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// Text shown as code, inert: `<code>` with its HTML escaped (a pipe too,
/// so that it cannot split a table cell).
pub fn code(text: &str) -> String {
    let mut out = String::from("<code>");
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '|' => out.push_str("&#124;"),
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out.push_str("</code>");
    out
}

/// A message of ours, whose `quoted` parts stay code and everything else
/// is escaped; with an odd number of backticks (the content held one) all
/// of it is escaped.
pub fn inline(text: &str) -> String {
    if text.matches('`').count() % 2 == 1 {
        return escape(text);
    }
    text.split('`')
        .enumerate()
        .map(|(i, part)| if i % 2 == 1 { code(part) } else { escape(part) })
        .collect()
}

/// The diff as Markdown.
pub fn markdown(ws: &Workspace, diff: &PlanDiff, links: &Links) -> String {
    let mut out = String::new();
    if diff.documents.is_empty() {
        out.push_str("No plan changes.\n");
        return out;
    }
    out.push_str("| | Document | Change |\n|---|---|---|\n");
    for d in &diff.documents {
        out.push_str(&format!(
            "| {} | {} | {} |\n",
            d.change.letter(),
            escape(&d.id),
            escape(&summary(d))
        ));
    }
    for d in &diff.documents {
        out.push('\n');
        out.push_str(&document_markdown(ws, d, diff, links));
    }
    out
}

/// One document's section of the Markdown diff.
pub fn document_markdown(ws: &Workspace, d: &DocDiff, diff: &PlanDiff, links: &Links) -> String {
    let mut out = String::new();
    let commit = if d.change == Change::Removed {
        &diff.from
    } else {
        &diff.to
    };
    let what = match d.change {
        Change::Added => "added".to_string(),
        Change::Removed => "removed".to_string(),
        Change::Renamed => format!(
            "renamed from `{}`, {}% similar",
            ws.display_path(d.previous_path.as_deref().unwrap_or(""))
                .replace('`', "'"),
            d.similarity.unwrap_or(0)
        ),
        Change::Modified => "modified".to_string(),
    };
    out.push_str(&format!(
        "#### {} ({}, {what})\n\n{}\n\n",
        escape(&d.id),
        d.kind,
        links.file(ws, &d.path, commit)
    ));
    let name = |n: &Option<String>| escape(n.as_deref().unwrap_or("none"));
    if let Some(s) = &d.status {
        let legal = if s.legal == Some(false) && d.steps.is_empty() {
            " — **not a move the lifecycle allows in one step**"
        } else {
            ""
        };
        out.push_str(&format!(
            "- Status: {} → {}{legal}\n",
            name(&s.from_raw),
            name(&s.to_raw)
        ));
    }
    for step in &d.steps {
        let mut trailers = Vec::new();
        for (key, value) in [
            ("Plan-Approved-By", &step.approved_by),
            ("Plan-Reason", &step.reason),
            ("Plan-Override", &step.r#override),
        ] {
            if let Some(v) = value {
                trailers.push(format!("{key}: {}", escape(v)));
            }
        }
        out.push_str(&format!(
            "  - {} → {} in {} by {}{}{}\n",
            name(&step.from),
            name(&step.to),
            short(&step.at.commit),
            escape(step.at.author.as_deref().unwrap_or("?")),
            if step.legal == Some(false) {
                " (**not allowed**)"
            } else {
                ""
            },
            if trailers.is_empty() {
                String::new()
            } else {
                format!("; {}", trailers.join("; "))
            }
        ));
    }
    for a in &d.approvals {
        out.push_str(&format!(
            "- Checkpoint {} approved by {}\n",
            escape(&a.checkpoint),
            escape(&a.by)
        ));
    }
    for s in &d.sections {
        let what = match s.change {
            SectionEvent::Added => "added",
            SectionEvent::Filled => "filled in",
            SectionEvent::Emptied => "emptied",
            SectionEvent::Removed => "removed",
        };
        out.push_str(&format!("- {} section {what}\n", s.section));
    }
    for c in &d.checklist {
        let mark = if c.checked { "[x]" } else { "[ ]" };
        let text = match c.change {
            ItemEvent::Reworded => format!(
                "reworded {mark} {} (was: {})",
                escape(&c.text),
                escape(c.previous_text.as_deref().unwrap_or(""))
            ),
            other => format!("{} {mark} {}", event(other), escape(&c.text)),
        };
        out.push_str(&format!("- {text} ({})\n", escape(&c.section)));
    }
    for r in &d.risks {
        let rating = |r: &diff::Risk| match (&r.likelihood, &r.impact) {
            (None, None) => String::new(),
            (l, i) => format!(
                " (likelihood {}, impact {})",
                escape(l.as_deref().unwrap_or("?")),
                escape(i.as_deref().unwrap_or("?"))
            ),
        };
        let what = match r.change {
            RiskEvent::Added => "added",
            RiskEvent::Removed => "removed",
            RiskEvent::Changed => "changed",
        };
        out.push_str(&format!(
            "- Risk {what}: {}{}\n",
            escape(&r.risk.risk),
            rating(&r.risk)
        ));
    }
    for dep in &d.dependencies_added {
        out.push_str(&format!("- Dependency added: {}\n", escape(dep)));
    }
    for dep in &d.dependencies_removed {
        out.push_str(&format!("- Dependency removed: {}\n", escape(dep)));
    }
    for f in &d.fields {
        out.push_str(&format!(
            "- {}: {} → {}\n",
            f.field,
            name(&f.from),
            name(&f.to)
        ));
    }
    for p in &d.prose {
        out.push_str(&format!(
            "\n<details><summary>{}</summary>\n\n",
            escape(&p.section)
        ));
        let mut text = String::new();
        for c in &p.chunks {
            match c.tag {
                ChunkTag::Equal => text.push_str(&elide(&c.text)),
                ChunkTag::Delete => text.push_str(&format!("[-{}-]", c.text)),
                ChunkTag::Insert => text.push_str(&format!("{{+{}+}}", c.text)),
            }
        }
        // A fence longer than any run of backticks in the text.
        let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
        let fence = "`".repeat(longest.max(2) + 1);
        out.push_str(&format!("{fence}text\n{text}\n{fence}\n\n</details>\n"));
    }
    out
}

impl DiffArgs {
    /// Whether the output goes through the pager: not JSON.
    pub fn pages(&self) -> bool {
        !self.json && self.format != Format::Json
    }
}
