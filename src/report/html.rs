//! The page `git plan report` writes: one self-contained HTML file (inline
//! CSS and SVG, no script, no network) from the status report, the
//! progress series, the dependency graph and the check findings, through
//! a minijinja template with HTML auto-escaping on (every value from a
//! document is escaped; only the SVG of [`super::svg`], which escapes its
//! own text, is inserted as is).

use minijinja::value::Serde;
use minijinja::{context, Environment, Value};
use serde::Serialize;

use super::graph::GraphReport;
use super::progress::{Point, ProgressReport};
use super::svg;
use super::StatusReport;
use crate::rules::Finding;

const TEMPLATE: &str = include_str!("templates/report.html");

/// The page could not be made (a template error: a bug, never the input).
#[derive(Debug, thiserror::Error)]
#[error("the report template failed: {0}")]
pub struct HtmlError(#[from] minijinja::Error);

#[derive(Serialize)]
struct Chart<'a> {
    name: String,
    svg: Value,
    /// The table beside the chart: the last point of each day (UTC).
    points: Vec<&'a Point>,
}

/// The last of `points` on each day (the date's first ten characters).
fn daily(points: &[Point]) -> Vec<&Point> {
    let mut out: Vec<&Point> = Vec::new();
    for p in points {
        match out.last_mut() {
            Some(last) if last.date.get(..10) == p.date.get(..10) => *last = p,
            _ => out.push(p),
        }
    }
    out
}

#[derive(Serialize)]
struct FlowRow<'a> {
    id: &'a str,
    title: &'a str,
    state: Option<&'a str>,
    created: Option<&'a str>,
    started: Option<&'a str>,
    completed: Option<&'a str>,
    cycle: String,
    lead: String,
    blocked: String,
}

fn or_blank(seconds: Option<i64>) -> String {
    seconds.map(svg::days).unwrap_or_default()
}

/// The whole page.
pub fn render(
    status: &StatusReport,
    progress: &ProgressReport,
    graph: &GraphReport,
    critical: &str,
    findings: &[Finding],
) -> Result<String, HtmlError> {
    let mut env = Environment::new();
    // The `.html` name turns HTML auto-escaping on.
    env.add_template("report.html", TEMPLATE)?;
    let overall = Chart {
        name: "All initiatives".to_string(),
        svg: Value::from_safe_string(svg::burnup(&progress.overall, "Burn-up: all initiatives")),
        points: daily(&progress.overall.points),
    };
    let mut burnups = Vec::new();
    for s in progress.initiatives.iter().filter(|s| !s.points.is_empty()) {
        let name = match &s.title {
            Some(t) => format!("{}: {t}", s.id),
            None => s.id.clone(),
        };
        burnups.push(Chart {
            svg: Value::from_safe_string(svg::burnup(s, &format!("Burn-up: {name}"))),
            name,
            points: daily(&s.points),
        });
    }
    let flows: Vec<FlowRow> = progress
        .work_packages
        .iter()
        .map(|f| FlowRow {
            id: &f.id,
            title: &f.title,
            state: f.state.as_deref(),
            created: f.created.as_deref(),
            started: f.started.as_deref(),
            completed: f.completed.as_deref(),
            cycle: or_blank(f.cycle_time_seconds),
            lead: or_blank(f.lead_time_seconds),
            blocked: if f.blocked_seconds > 0 {
                svg::days(f.blocked_seconds)
            } else {
                String::new()
            },
        })
        .collect();
    let none = || "none".to_string();
    let page = env.get_template("report.html")?.render(context! {
        root => Value::from(Serde(&status.root)),
        at => Value::from(Serde(&progress.at)),
        since => Value::from(Serde(&progress.since)),
        unknown_dates => Value::from(Serde(&progress.unknown_dates)),
        initiatives => Value::from(Serde(&status.initiatives)),
        adrs => Value::from(Serde(&status.adrs.items)),
        overall => Value::from(Serde(overall)),
        burnups => Value::from(Serde(burnups)),
        cycle => Value::from(Serde(&progress.cycle_time)),
        cycle_median => progress.cycle_time.median_seconds.map_or_else(none, svg::days),
        cycle_p85 => progress.cycle_time.p85_seconds.map_or_else(none, svg::days),
        cycle_svg => Value::from_safe_string(svg::strip(&progress.cycle_time, "Cycle times in days")),
        lead => Value::from(Serde(&progress.lead_time)),
        lead_median => progress.lead_time.median_seconds.map_or_else(none, svg::days),
        lead_p85 => progress.lead_time.p85_seconds.map_or_else(none, svg::days),
        lead_svg => Value::from_safe_string(svg::strip(&progress.lead_time, "Lead times in days")),
        flows => Value::from(Serde(flows)),
        critical => critical,
        graph_svg => Value::from_safe_string(svg::graph(graph, "Dependency graph, critical path highlighted")),
        edges => Value::from(Serde(&graph.edges)),
        findings => Value::from(Serde(findings)),
    })?;
    Ok(page)
}
