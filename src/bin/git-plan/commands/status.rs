use std::io::Write;

use clap::Args;
use git_plan::id::{self, Target};
use git_plan::report::{self, InitiativeView, Scope, StatusReport, WorkPackageView};

use crate::error::CommandError;
use crate::ui::{self, paint};
use crate::Ctx;

/// Show the roadmap: every initiative with its checkpoint, its work packages
/// with status, priority, effort, dependencies and checklist progress, and
/// the ADRs by status.
///
/// Problems found while reading (an unknown status, a file that is not UTF-8)
/// are printed to stderr with file and line; the rest is still shown.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Limit the report to one initiative, work package or ADR.
    id: Option<String>,

    /// Print JSON (`"version": 1`) instead of text.
    #[arg(long)]
    json: bool,
}

pub fn run(ctx: &Ctx, args: &StatusArgs) -> Result<(), CommandError> {
    let ws = super::workspace(ctx)?;
    let tree = ws.load_tree()?;
    let scope = match &args.id {
        None => Scope::All,
        Some(q) => match id::resolve(&tree, q)? {
            Target::Initiative(i) => Scope::Initiative(i),
            Target::Document(d) => Scope::Document(d),
        },
    };
    let report = report::status_report(&tree, &ws.root_rel, scope);
    let mut out = anstream::stdout();
    if args.json {
        ui::json(&mut out, &report)?;
        return Ok(());
    }
    render(&mut out, &report, &ws.display_path(""))?;
    super::print_diagnostics(&ws, &report.diagnostics)?;
    Ok(())
}

fn render(out: &mut impl Write, report: &StatusReport, root: &str) -> std::io::Result<()> {
    let wps: usize = report
        .initiatives
        .iter()
        .map(|i| i.work_packages.len())
        .sum();
    let root = if root.is_empty() { "." } else { root };
    writeln!(
        out,
        "{} {}: {} initiative{}, {} work package{}, {} ADR{}",
        paint(ui::BOLD, "Roadmap in"),
        paint(ui::BOLD, &format!("{root}/")),
        report.initiatives.len(),
        plural(report.initiatives.len()),
        wps,
        plural(wps),
        report.adrs.total,
        plural(report.adrs.total),
    )?;
    for init in &report.initiatives {
        writeln!(out)?;
        initiative(out, init)?;
    }
    if report.adrs.total > 0 {
        writeln!(out)?;
        if report.initiatives.is_empty() && report.adrs.items.len() == 1 {
            let a = &report.adrs.items[0];
            let state = a.status.as_ref().map_or("missing", |s| s.state.as_str());
            writeln!(
                out,
                "{}  {}  {}",
                paint(ui::BOLD, &a.id),
                paint(ui::state_style(state), state),
                a.title
            )?;
        } else {
            let counts: Vec<String> = report
                .adrs
                .by_status
                .iter()
                .map(|(state, n)| format!("{} {n}", paint(ui::state_style(state), state)))
                .collect();
            writeln!(
                out,
                "{} {}: {}",
                paint(ui::BOLD, "ADRs"),
                report.adrs.total,
                counts.join(", ")
            )?;
        }
    }
    Ok(())
}

fn initiative(out: &mut impl Write, init: &InitiativeView) -> std::io::Result<()> {
    let (state, raw) = match &init.status {
        Some(s) => (s.state.as_str(), format!(" ({})", s.raw)),
        None => (
            "missing",
            " (no **Status:** line in START-HERE.md or README.md)".to_string(),
        ),
    };
    writeln!(
        out,
        "{}  {}{}",
        paint(ui::BOLD, &init.id),
        paint(ui::state_style(state), state),
        paint(ui::DIM, &raw)
    )?;
    if let Some(title) = &init.title {
        writeln!(out, "  {title}")?;
    }
    for wp in &init.work_packages {
        work_package(out, wp)?;
    }
    Ok(())
}

fn work_package(out: &mut impl Write, wp: &WorkPackageView) -> std::io::Result<()> {
    let state = wp.status.as_ref().map_or("missing".to_string(), |s| {
        if s.verified == Some(false) {
            format!("{} (unverified)", s.state)
        } else {
            s.state.clone()
        }
    });
    let priority = wp.priority.as_ref().map_or("-".to_string(), |p| {
        p.level.map_or(p.raw.clone(), |l| l.as_str().to_string())
    });
    let mut line = format!(
        "    {:<4}{}  {:<11}  {}",
        wp.number.as_deref().unwrap_or("-"),
        paint(ui::state_style(&state), &format!("{state:<13}")),
        priority,
        wp.title
    );
    if let Some(p) = wp.success_criteria.filter(|p| p.total > 0) {
        line.push_str(&format!("  [{}/{}]", p.done, p.total));
    }
    if let Some(e) = &wp.effort {
        line.push_str(&paint(ui::DIM, &format!("  {}", e.raw)));
    }
    writeln!(out, "{line}")?;
    if !wp.depends_on.is_empty() {
        let deps: Vec<String> = wp
            .depends_on
            .iter()
            .map(|d| match (&d.id, &d.state) {
                (Some(id), Some(state)) => format!("{id} ({state})"),
                (Some(id), None) => id.clone(),
                (None, _) => format!("{} (not found)", d.reference),
            })
            .collect();
        writeln!(
            out,
            "{}",
            paint(ui::DIM, &format!("          needs {}", deps.join(", ")))
        )?;
    }
    Ok(())
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
