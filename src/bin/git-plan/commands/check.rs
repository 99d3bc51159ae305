use std::io::Write;

use clap::{Args, ValueEnum};
use git_plan::model::rule::Level;
use git_plan::rules::source::{self as check, Source};
use git_plan::rules::{Finding, Report};
use git_plan::workspace::Workspace;
use serde::Serialize;

use crate::error::CommandError;
use crate::ui::{self, paint};
use crate::Ctx;

/// Check plans against the rules (success criteria, rollback plan, ...).
///
/// Success criteria and a rollback plan in every work package, known
/// statuses, dependencies that exist and do not form cycles, unique
/// numbers, consistent supersessions, and more (`plan.toml` can change each
/// rule's severity, per document kind).
///
/// Exits 0 when clean or with warnings only, 1 when an error is found.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Check the staged blobs (what `git commit` would record), not the work tree.
    #[arg(long, conflicts_with_all = ["rev", "range"])]
    staged: bool,

    /// Check the documents as they are in a revision.
    #[arg(long, value_name = "rev", conflicts_with = "range")]
    rev: Option<String>,

    /// Check the documents changed in a range (`A..B`, or `A...B` from the
    /// merge base), as they are at B, with the whole-tree rules they can break.
    #[arg(long, value_name = "A..B")]
    range: Option<String>,

    /// With --staged or --range, check every document, not only the changed ones.
    #[arg(long)]
    all: bool,

    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,

    /// Print JSON: the same as `--format json`, as the other commands spell it.
    #[arg(long, conflicts_with = "format")]
    json: bool,

    /// Also append a Markdown summary to this file (for `$GITHUB_STEP_SUMMARY`).
    #[arg(long, value_name = "file")]
    summary: Option<std::path::PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// rustc-style messages with the offending line.
    Human,
    /// Versioned JSON.
    Json,
    /// GitHub Actions workflow commands (annotations on the pull request).
    Github,
    /// A Markdown table.
    Markdown,
}

pub fn run(ctx: &Ctx, args: &CheckArgs) -> Result<(), CommandError> {
    let ws = super::workspace_for(
        ctx,
        !args.staged && (args.range.is_some() || args.rev.is_some()),
    )?;
    let source = if args.staged {
        Source::Staged
    } else if let Some(rev) = &args.rev {
        Source::Rev(rev.clone())
    } else if let Some(range) = &args.range {
        Source::Range(range.clone())
    } else {
        Source::WorkTree
    };
    let report = &check::run(&ws, &source, args.all)?;
    let mut out = anstream::stdout();
    let format = if args.json { Format::Json } else { args.format };
    match format {
        Format::Human => human(&mut out, &ws, report)?,
        Format::Json => ui::json(&JsonReport::new(report, &ws))?,
        Format::Github => github(&mut out, &ws, report)?,
        Format::Markdown => write!(out, "{}", markdown(&ws, report))?,
    }
    if let Some(path) = &args.summary {
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map_err(|e| {
                CommandError::new(format!("cannot write the summary to {}", path.display()))
                    .caused_by(Some(&e))
            })?;
        file.write_all(markdown(&ws, report).as_bytes())
            .map_err(|e| {
                CommandError::new(format!("cannot write the summary to {}", path.display()))
                    .caused_by(Some(&e))
            })?;
    }
    if report.errors() > 0 {
        return Err(CommandError::silent_failure());
    }
    Ok(())
}

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    errors: usize,
    warnings: usize,
    checked: usize,
    /// Findings per rule.
    by_rule: std::collections::BTreeMap<&'static str, usize>,
    findings: Vec<JsonFinding<'a>>,
    allowed: Vec<JsonAllowed<'a>>,
}

/// A finding as `check --json` prints it (and `review --json`).
#[derive(Serialize)]
pub struct JsonFinding<'a> {
    #[serde(flatten)]
    finding: &'a Finding,
    /// The path from the top of the work tree.
    file: String,
}

impl<'a> JsonFinding<'a> {
    pub fn new(finding: &'a Finding, ws: &Workspace) -> Self {
        JsonFinding {
            finding,
            file: ws.display_path(&finding.path),
        }
    }
}

#[derive(Serialize)]
struct JsonAllowed<'a> {
    #[serde(flatten)]
    allowed: &'a git_plan::rules::Allowed,
    file: String,
}

impl<'a> JsonReport<'a> {
    fn new(r: &'a Report, ws: &Workspace) -> Self {
        JsonReport {
            version: git_plan::report::JSON_VERSION,
            errors: r.errors(),
            warnings: r.warnings(),
            checked: r.checked,
            by_rule: r.by_rule(),
            findings: r.findings.iter().map(|f| JsonFinding::new(f, ws)).collect(),
            allowed: r
                .allowed
                .iter()
                .map(|a| JsonAllowed {
                    allowed: a,
                    file: ws.display_path(&a.path),
                })
                .collect(),
        }
    }
}

/// rustc-style: `error[rule]: message`, ` --> file:line:col`, the line, a hint.
pub fn human(out: &mut impl Write, ws: &Workspace, r: &Report) -> std::io::Result<()> {
    for f in &r.findings {
        finding(out, ws, f)?;
    }
    for a in &r.allowed {
        let reason = if a.reason.is_empty() {
            "no reason given"
        } else {
            a.reason.as_str()
        };
        writeln!(
            out,
            "{}: {}:{}: {reason} ({} finding{} silenced)",
            paint(ui::CYAN, &format!("allowed[{}]", a.rule)),
            ws.shown_path(&a.path),
            a.line,
            a.silenced,
            if a.silenced == 1 { "" } else { "s" }
        )?;
    }
    writeln!(out, "{}", summary_line(r))
}

pub fn finding(out: &mut impl Write, ws: &Workspace, f: &Finding) -> std::io::Result<()> {
    let (label, style) = match f.level {
        Level::Error => ("error", ui::RED),
        _ => ("warning", ui::YELLOW),
    };
    writeln!(
        out,
        "{}: {}",
        paint(style, &format!("{label}[{}]", f.rule)),
        paint(ui::BOLD, &f.message)
    )?;
    let width = f.line.to_string().len();
    let pad = " ".repeat(width);
    writeln!(
        out,
        "{pad}{} {}:{}:{}",
        paint(ui::BLUE, "-->"),
        ws.shown_path(&f.path),
        f.line,
        f.column
    )?;
    if let Some(source) = &f.source {
        writeln!(out, "{pad} {}", paint(ui::BLUE, "|"))?;
        writeln!(
            out,
            "{} {} {source}",
            paint(ui::BLUE, &f.line.to_string()),
            paint(ui::BLUE, "|")
        )?;
        writeln!(out, "{pad} {}", paint(ui::BLUE, "|"))?;
    }
    if let Some(hint) = &f.hint {
        writeln!(out, "{pad} {} hint: {hint}", paint(ui::BLUE, "="))?;
    }
    writeln!(out)
}

fn summary_line(r: &Report) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    // "in K of D documents": K had findings, D were checked.
    let with_findings = r
        .findings
        .iter()
        .map(|f| &f.path)
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    let mut s = format!(
        "check: {} and {} in {with_findings} of {}",
        plural(r.errors(), "error"),
        plural(r.warnings(), "warning"),
        plural(r.checked, "document")
    );
    if !r.allowed.is_empty() {
        s.push_str(&format!("; {}", plural(r.allowed.len(), "opt-out")));
    }
    s
}

/// GitHub workflow commands, one per finding, escaped as the runner expects.
pub fn github(out: &mut impl Write, ws: &Workspace, r: &Report) -> std::io::Result<()> {
    for f in &r.findings {
        let command = if f.level == Level::Error {
            "error"
        } else {
            "warning"
        };
        let mut message = f.message.clone();
        if let Some(hint) = &f.hint {
            message.push_str(&format!("\nhint: {hint}"));
        }
        writeln!(
            out,
            "::{command} file={},line={},col={},title={}::{}",
            escape_property(&ws.display_path(&f.path)),
            f.line,
            f.column,
            escape_property(&format!("git plan: {}", f.rule)),
            escape_data(&message)
        )?;
    }
    writeln!(out, "{}", escape_data(&summary_line(r)))
}

/// `%`, CR and LF in a workflow command's message.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Also `:` and `,` in a workflow command's properties.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// A Markdown summary: a heading with the counts and a table of findings.
pub fn markdown(ws: &Workspace, r: &Report) -> String {
    // What the plans hold (a status value, a reason) is made inert: HTML,
    // backticks, pipes and brackets cannot break out of the table.
    let cell = super::diff::inline;
    let code = super::diff::code;
    let mut md = format!(
        "### git plan check\n\n{}\n\n",
        summary_line(r).trim_start_matches("check: ")
    );
    if !r.findings.is_empty() {
        md.push_str("| | Rule | File | Message |\n|---|---|---|---|\n");
        for f in &r.findings {
            let icon = if f.level == Level::Error {
                "❌"
            } else {
                "⚠️"
            };
            md.push_str(&format!(
                "| {icon} | `{}` | {} | {} |\n",
                f.rule,
                code(&format!("{}:{}", ws.display_path(&f.path), f.line)),
                cell(&f.message)
            ));
        }
        md.push('\n');
    }
    if !r.allowed.is_empty() {
        md.push_str("Opt-outs:\n\n");
        for a in &r.allowed {
            md.push_str(&format!(
                "- `{}` in {}: {}\n",
                a.rule,
                code(&format!("{}:{}", ws.display_path(&a.path), a.line)),
                super::diff::escape(if a.reason.is_empty() {
                    "no reason given"
                } else {
                    &a.reason
                })
            ));
        }
        md.push('\n');
    }
    md
}
