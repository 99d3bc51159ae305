use std::collections::BTreeMap;
use std::io::Write;

use clap::Args;
use git_plan::model::kind::DocKind;
use git_plan::report::graph::{self, GraphReport, GraphScope, Node};
use git_plan::tree::id::{self, Target};

use crate::error::CommandError;
use crate::ui::{self, paint};
use crate::Ctx;

/// How `graph` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GraphFormat {
    /// A list of work packages with what each needs, coloured by state on
    /// a terminal.
    Text,
    /// A Mermaid `flowchart`, which GitHub renders in Markdown.
    Mermaid,
    /// A Graphviz `digraph` (`dot -Tsvg`).
    Dot,
    /// JSON (`"version": 2`).
    Json,
}

/// Show the dependency graph of work packages.
///
/// Work packages across initiatives, and the ADRs or other plans they
/// depend on, coloured by state, with an edge from each dependency to what
/// depends on it. The critical path (the longest path by the upper bound
/// of each estimate, `X-Yh agentic + Zh review`, through the work packages
/// not complete or cancelled) is marked in every format; work packages
/// without an estimate are named, and a path through one is a lower bound.
/// Cycles are drawn and reported as `git plan check` reports them.
#[derive(Debug, Args)]
pub struct GraphArgs {
    /// Limit the graph to an initiative (its work packages and their direct
    /// neighbours), or to a work package's dependencies and dependents,
    /// transitively.
    id: Option<String>,

    /// Output format.
    #[arg(long, value_name = "format", default_value = "text")]
    format: GraphFormat,

    /// Print JSON: the same as `--format json`, as the other commands spell it.
    #[arg(long, conflicts_with = "format")]
    json: bool,

    #[command(flatten)]
    history: super::HistoryOpts,
}

pub fn run(ctx: &Ctx, args: &GraphArgs) -> Result<(), CommandError> {
    let ws = super::workspace(ctx)?;
    super::work_tree::report(ctx, &ws, &args.history, |tree, history| {
        let scope = match &args.id {
            None => GraphScope::All,
            Some(q) => match id::resolve(tree, q)? {
                Target::Initiative(i) => GraphScope::Initiative(i),
                Target::Document(d) => match super::next::initiative_of(tree, q) {
                    Ok(i) => GraphScope::Initiative(i),
                    Err(_) => GraphScope::Document(d),
                },
            },
        };
        let report = graph::graph_report(tree, scope, history);
        let mut out = anstream::stdout();
        let format = if args.json {
            GraphFormat::Json
        } else {
            args.format
        };
        match format {
            GraphFormat::Json => ui::json(&report)?,
            GraphFormat::Text => text(&mut out, &report)?,
            GraphFormat::Mermaid => mermaid(&mut out, &report)?,
            GraphFormat::Dot => dot(&mut out, &report)?,
        }
        ui::leak(report);
        Ok(())
    })
}

/// How nodes are named: by number when they are all of one initiative and
/// numbered, else by id.
pub(crate) fn names(report: &GraphReport) -> BTreeMap<&str, String> {
    let one = report.nodes.first().and_then(|n| n.initiative.as_deref());
    let by_number = one.is_some()
        && report
            .nodes
            .iter()
            .all(|n| n.initiative.as_deref() == one && n.number.is_some());
    report
        .nodes
        .iter()
        .map(|n| {
            let name = match (&n.number, by_number) {
                (Some(number), true) => number.clone(),
                _ => n.id.clone(),
            };
            (n.id.as_str(), name)
        })
        .collect()
}

fn hours(h: f64) -> String {
    format!("{h}h")
}

/// `critical path: 01 -> 02, 9h (a lower bound: 03 has no estimate)`.
pub(crate) fn critical_line(report: &GraphReport, names: &BTreeMap<&str, String>) -> String {
    let path = &report.critical_path;
    let name = |id: &String| {
        names
            .get(id.as_str())
            .cloned()
            .unwrap_or_else(|| id.clone())
    };
    let mut line = if path.nodes.is_empty() {
        "critical path: none (no work package is ahead)".to_string()
    } else {
        let nodes: Vec<String> = path.nodes.iter().map(name).collect();
        format!(
            "critical path: {}, {}",
            nodes.join(" -> "),
            hours(path.hours)
        )
    };
    if path.lower_bound {
        let unknown: Vec<String> = path
            .unknown_effort
            .iter()
            .map(|id| format!("{} has no estimate", name(id)))
            .collect();
        line.push_str(&format!(" (a lower bound: {})", unknown.join(", ")));
    }
    if !path.through_cycle.is_empty() {
        let left: Vec<String> = path.through_cycle.iter().map(name).collect();
        line.push_str(&format!(
            "; cannot be computed through a cycle: {} left out",
            left.join(", ")
        ));
    }
    line
}

fn text(out: &mut impl Write, report: &GraphReport) -> std::io::Result<()> {
    let names = names(report);
    let name = |id: &str| names.get(id).cloned().unwrap_or_else(|| id.to_string());
    writeln!(
        out,
        "{}",
        paint(
            ui::BOLD,
            &format!(
                "Dependency graph: {} node{}, {} edge{}",
                report.nodes.len(),
                ui::plural(report.nodes.len()),
                report.edges.len(),
                ui::plural(report.edges.len())
            )
        )
    )?;
    let wide = names.values().map(|n| ui::columns(n)).max().unwrap_or(0);
    for node in &report.nodes {
        let mark = if node.critical { "*" } else { " " };
        let estimate = estimate(node)
            .map(|e| paint(ui::DIM, &format!("  ({e})")))
            .unwrap_or_default();
        let shown = name(&node.id);
        writeln!(
            out,
            "{} {}{}  {}  {}{estimate}",
            paint(ui::RED, mark),
            paint(ui::BOLD, &shown),
            " ".repeat(wide.saturating_sub(ui::columns(&shown))),
            paint(ui::state_style(&node.state), &format!("{:<12}", node.state)),
            node.title,
        )?;
        let needs: Vec<String> = report
            .edges
            .iter()
            .filter(|e| e.to == node.id)
            .map(|e| name(&e.from))
            .collect();
        if !needs.is_empty() {
            writeln!(
                out,
                "{}",
                paint(ui::DIM, &format!("      needs {}", needs.join(", ")))
            )?;
        }
    }
    writeln!(out)?;
    writeln!(
        out,
        "{} {}",
        paint(ui::RED, "*"),
        critical_line(report, &names)
    )?;
    for cycle in &report.cycles {
        writeln!(out, "{}: {}", paint(ui::RED, "cycle"), cycle.message)?;
    }
    if !report.unknown_effort.is_empty() {
        let unknown: Vec<String> = report
            .unknown_effort
            .iter()
            .map(|id| format!("{} has no estimate", name(id)))
            .collect();
        writeln!(out, "{}", paint(ui::YELLOW, &unknown.join("; ")))?;
    }
    Ok(())
}

/// Fill colour per state, for Mermaid and Graphviz alike.
fn fill(state: &str) -> &'static str {
    match state {
        "complete" | "accepted" => "#c8e6c9",
        "in-progress" | "implementation" => "#bbdefb",
        "ready" => "#fff9c4",
        "blocked" | "rejected" => "#ffcdd2",
        "unknown" | "missing" => "#ffe0b2",
        "deferred" | "cancelled" | "deprecated" | "superseded" => "#e0e0e0",
        _ => "#f5f5f5",
    }
}

const CRITICAL: &str = "#d32f2f";

/// A work package's estimate in hours, or `no estimate`; nothing for an
/// ADR or another document, which has no effort.
fn estimate(node: &Node) -> Option<String> {
    match node.kind {
        DocKind::WorkPackage | DocKind::WorkPlan => {
            Some(node.hours.map_or("no estimate".to_string(), hours))
        }
        _ => None,
    }
}

/// A node's label: its name, title, state and estimate.
fn label(node: &Node, name: &str) -> String {
    match estimate(node) {
        Some(e) => format!("{name}: {} ({}, {e})", node.title, node.state),
        None => format!("{name}: {} ({})", node.title, node.state),
    }
}

/// `text` with each character `escape` names replaced, and line breaks
/// as spaces: a label's text on one line.
fn escaped(text: &str, escape: impl Fn(char) -> Option<&'static str>) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match (escape(c), c) {
            (Some(e), _) => out.push_str(e),
            (None, '\n' | '\r') => out.push(' '),
            (None, c) => out.push(c),
        }
    }
    out
}

/// Text inside a Mermaid `"..."` label: quotes, `#`, angle brackets,
/// ampersands and backticks as entity codes (`#quot;`), so no title can end
/// the label, start a comment or markup.
fn mermaid_text(text: &str) -> String {
    escaped(text, |c| match c {
        '"' => Some("#quot;"),
        '#' => Some("#35;"),
        '<' => Some("#lt;"),
        '>' => Some("#gt;"),
        '&' => Some("#amp;"),
        '`' => Some("#96;"),
        _ => None,
    })
}

/// A state as a Mermaid class name (letters and `_` only).
fn class_name(state: &str) -> String {
    format!("state_{}", state.replace('-', "_"))
}

fn mermaid(out: &mut impl Write, report: &GraphReport) -> std::io::Result<()> {
    let names = names(report);
    let index: BTreeMap<&str, usize> = report
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    writeln!(out, "flowchart LR")?;
    for (i, node) in report.nodes.iter().enumerate() {
        let name = names.get(node.id.as_str()).map_or(node.id.as_str(), |s| s);
        writeln!(
            out,
            "  n{i}[\"{}\"]:::{}",
            mermaid_text(&label(node, name)),
            class_name(&node.state)
        )?;
    }
    let mut critical_links = Vec::new();
    for (k, edge) in report.edges.iter().enumerate() {
        let (Some(a), Some(b)) = (index.get(edge.from.as_str()), index.get(edge.to.as_str()))
        else {
            continue;
        };
        writeln!(out, "  n{a} --> n{b}")?;
        if edge.critical {
            critical_links.push(k.to_string());
        }
    }
    let mut states: Vec<&str> = report.nodes.iter().map(|n| n.state.as_str()).collect();
    states.sort_unstable();
    states.dedup();
    for state in states {
        writeln!(
            out,
            "  classDef {} fill:{},stroke:#616161,color:#212121",
            class_name(state),
            fill(state)
        )?;
    }
    let critical: Vec<String> = report
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.critical)
        .map(|(i, _)| format!("n{i}"))
        .collect();
    if !critical.is_empty() {
        writeln!(
            out,
            "  classDef critical stroke:{CRITICAL},stroke-width:3px"
        )?;
        writeln!(out, "  class {} critical", critical.join(","))?;
    }
    if !critical_links.is_empty() {
        writeln!(
            out,
            "  linkStyle {} stroke:{CRITICAL},stroke-width:3px",
            critical_links.join(",")
        )?;
    }
    writeln!(
        out,
        "  %% {}",
        mermaid_comment(&critical_line(report, &names))
    )?;
    for cycle in &report.cycles {
        writeln!(out, "  %% {}", mermaid_comment(&cycle.message))?;
    }
    Ok(())
}

/// A comment's text on one line.
fn mermaid_comment(text: &str) -> String {
    text.replace(['\n', '\r'], " ")
}

/// Text inside a Graphviz `"..."` string: backslashes and quotes escaped.
fn dot_text(text: &str) -> String {
    escaped(text, |c| match c {
        '\\' => Some("\\\\"),
        '"' => Some("\\\""),
        _ => None,
    })
}

fn dot(out: &mut impl Write, report: &GraphReport) -> std::io::Result<()> {
    let names = names(report);
    writeln!(out, "digraph plan {{")?;
    writeln!(out, "  rankdir=LR;")?;
    writeln!(
        out,
        "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\"];"
    )?;
    writeln!(
        out,
        "  label=\"{}\";",
        dot_text(&critical_line(report, &names))
    )?;
    for node in &report.nodes {
        let name = names.get(node.id.as_str()).map_or(node.id.as_str(), |s| s);
        let critical = if node.critical {
            format!(", color=\"{CRITICAL}\", penwidth=3, style=\"rounded,filled,bold\"")
        } else {
            String::new()
        };
        writeln!(
            out,
            "  \"{}\" [label=\"{}\", fillcolor=\"{}\"{critical}];",
            dot_text(&node.id),
            dot_text(&label(node, name)),
            fill(&node.state)
        )?;
    }
    for edge in &report.edges {
        let style = match (edge.critical, edge.in_cycle) {
            (true, _) => format!(" [color=\"{CRITICAL}\", penwidth=3]"),
            (false, true) => " [style=dashed]".to_string(),
            (false, false) => String::new(),
        };
        writeln!(
            out,
            "  \"{}\" -> \"{}\"{style};",
            dot_text(&edge.from),
            dot_text(&edge.to)
        )?;
    }
    for cycle in &report.cycles {
        writeln!(out, "  // {}", cycle.message.replace(['\n', '\r'], " "))?;
    }
    writeln!(out, "}}")
}
