//! The page `git plan report` writes: one self-contained HTML file (inline
//! CSS and SVG, no script, no network) from the status report, the
//! progress series, the dependency graph and the check findings, through
//! a minijinja template with HTML auto-escaping on (every value from a
//! document is escaped; only the SVG of [`super::svg`], which escapes its
//! own text, is inserted as is).

use std::fmt::Write;

use minijinja::value::Serde;
use minijinja::{context, Environment, HtmlEscape, Value};
use serde::Serialize;

use super::graph::{Edge, GraphReport};
use super::progress::{Flow, Point, ProgressReport, Series};
use super::svg;
use super::{AdrView, InitiativeView, StatusReport, StatusView};
use crate::rules::Finding;

const TEMPLATE: &str = include_str!("templates/report.html");

/// The page could not be made (a template error: a bug, never the input).
#[derive(Debug, thiserror::Error)]
#[error("the report template failed: {0}")]
pub struct HtmlError(#[from] minijinja::Error);

#[derive(Serialize)]
struct Chart {
    name: String,
    svg: Value,
    /// The rows of the table beside the chart: the last point of each day
    /// (UTC).
    rows: Value,
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

// The tables of the page are written here rather than looped over in the
// template (the loops over the status report's values were most of the
// template's time), exactly as the template wrote them: every text escaped
// as minijinja escapes it, and a value that is missing or empty shown as
// the template's `or` showed it.

/// `text` escaped as the template escapes a value (minijinja's own
/// escaping, which leaves a text without `<>&"'/` as it is).
fn esc(out: &mut String, text: &str) {
    if text.contains(['<', '>', '&', '"', '\'', '/']) {
        let _ = write!(out, "{}", HtmlEscape(text));
    } else {
        out.push_str(text);
    }
}

/// The first `n` characters, as the template's `[:n]` cuts a string.
fn first_chars(text: &str, n: usize) -> &str {
    text.char_indices().nth(n).map_or(text, |(i, _)| &text[..i])
}

/// `value or other`: a missing or empty value is the other.
fn or<'a>(value: Option<&'a str>, other: &'a str) -> &'a str {
    value.filter(|v| !v.is_empty()).unwrap_or(other)
}

fn point_rows(points: &[&Point]) -> Value {
    let mut out = String::with_capacity(points.len() * 80);
    for p in points {
        out.push_str("<tr><td>");
        esc(&mut out, first_chars(&p.date, 10));
        let _ = write!(
            out,
            "</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            p.planned, p.completed, p.wip
        );
    }
    Value::from_safe_string(out)
}

fn chart(series: &Series, name: String, title: &str) -> Chart {
    Chart {
        svg: Value::from_safe_string(svg::burnup(series, title)),
        rows: point_rows(&daily(&series.points)),
        name,
    }
}

fn or_blank(seconds: Option<i64>) -> String {
    seconds.map(svg::days).unwrap_or_default()
}

fn flow_rows(flows: &[Flow]) -> Value {
    let mut out = String::with_capacity(flows.len() * 200);
    for f in flows {
        let blocked = if f.blocked_seconds > 0 {
            svg::days(f.blocked_seconds)
        } else {
            String::new()
        };
        let cells = [
            f.id.as_str(),
            f.title.as_str(),
            or(f.state.as_deref(), "none"),
            or(f.created.as_deref(), "?"),
            or(f.started.as_deref(), ""),
            or(f.completed.as_deref(), ""),
            &or_blank(f.cycle_time_seconds),
            &or_blank(f.lead_time_seconds),
            &blocked,
        ];
        out.push_str("<tr>");
        for cell in cells {
            out.push_str("<td>");
            esc(&mut out, cell);
            out.push_str("</td>");
        }
        out.push_str("</tr>");
    }
    Value::from_safe_string(out)
}

/// A status's text, or `none` without one.
fn raw(status: Option<&StatusView>) -> &str {
    status.map_or("none", |s| s.raw.as_str())
}

/// The roadmap's table of initiatives.
fn initiative_rows(initiatives: &[InitiativeView]) -> Value {
    let mut out = String::with_capacity(initiatives.len() * 160);
    for (k, i) in initiatives.iter().enumerate() {
        let _ = write!(out, "<tr><td><a href=\"#i-{}\">", k + 1);
        esc(&mut out, &i.id);
        out.push_str("</a></td><td>");
        esc(&mut out, or(i.title.as_deref(), ""));
        out.push_str("</td><td>");
        esc(&mut out, raw(i.status.as_ref()));
        let _ = writeln!(out, "</td><td>{}</td></tr>", i.work_packages.len());
    }
    Value::from_safe_string(out)
}

/// Each initiative's heading, checkpoints and table of work packages.
fn initiative_sections(initiatives: &[InitiativeView]) -> Value {
    let mut out = String::with_capacity(initiatives.len() * 2048);
    for (k, i) in initiatives.iter().enumerate() {
        let _ = write!(out, "\n<h3 id=\"i-{}\">", k + 1);
        esc(&mut out, &i.id);
        if let Some(title) = i.title.as_deref().filter(|t| !t.is_empty()) {
            out.push_str(": ");
            esc(&mut out, title);
        }
        out.push_str("</h3>\n<p class=\"dim\">Checkpoint: ");
        esc(&mut out, raw(i.status.as_ref()));
        if !i.checkpoints.is_empty() {
            out.push_str(" (");
            for (n, c) in i.checkpoints.iter().enumerate() {
                esc(&mut out, or(c.raw.as_deref(), "none"));
                if let Some(date) = c.at.date.as_deref().filter(|d| !d.is_empty()) {
                    out.push(' ');
                    esc(&mut out, first_chars(date, 10));
                }
                if n + 1 < i.checkpoints.len() {
                    out.push_str(" → ");
                }
            }
            out.push(')');
        }
        out.push_str("</p>\n");
        if !i.work_packages.is_empty() {
            out.push_str(
                "<div class=\"scroll\"><table>\n<thead><tr><th>WP</th><th>Title</th><th>State</th><th>Priority</th><th>Effort</th><th>Checklist</th><th>Since</th></tr></thead>\n<tbody>\n",
            );
            for w in &i.work_packages {
                out.push_str("<tr><td>");
                esc(&mut out, or(w.number.as_deref(), &w.id));
                out.push_str("</td><td>");
                esc(&mut out, &w.title);
                out.push_str("</td><td>");
                esc(&mut out, raw(w.status.as_ref()));
                out.push_str("</td><td>");
                esc(&mut out, w.priority.as_ref().map_or("", |p| p.raw.as_str()));
                out.push_str("</td><td>");
                esc(&mut out, w.effort.as_ref().map_or("", |e| e.raw.as_str()));
                let _ = write!(
                    out,
                    "</td><td>{}/{}</td><td>",
                    w.checklist.done, w.checklist.total
                );
                let since = w
                    .status
                    .as_ref()
                    .and_then(|s| s.since.as_ref())
                    .and_then(|m| m.date.as_deref())
                    .filter(|d| !d.is_empty());
                esc(&mut out, since.map_or("", |d| first_chars(d, 10)));
                out.push_str("</td></tr>\n");
            }
            out.push_str("</tbody></table></div>");
        }
        out.push('\n');
    }
    Value::from_safe_string(out)
}

fn adr_rows(adrs: &[AdrView]) -> Value {
    let mut out = String::with_capacity(adrs.len() * 200);
    for a in adrs {
        out.push_str("<tr id=\"");
        esc(&mut out, &a.id);
        out.push_str("\"><td>");
        esc(&mut out, or(a.number.as_deref(), &a.id));
        out.push_str("</td><td>");
        esc(&mut out, &a.title);
        out.push_str("</td><td>");
        esc(&mut out, raw(a.status.as_ref()));
        out.push_str("</td><td>");
        for (n, links) in [&a.supersedes, &a.superseded_by].into_iter().enumerate() {
            if n > 0 {
                out.push_str("</td><td>");
            }
            for s in links {
                out.push_str("<a href=\"#");
                esc(&mut out, s);
                out.push_str("\">");
                esc(&mut out, s);
                out.push_str("</a> ");
            }
        }
        out.push_str("</td>");
        out.push_str("</tr>\n");
    }
    Value::from_safe_string(out)
}

fn edge_rows(edges: &[Edge]) -> Value {
    let mut out = String::with_capacity(edges.len() * 100);
    for e in edges {
        out.push_str("<tr><td>");
        esc(&mut out, &e.from);
        out.push_str("</td><td>");
        esc(&mut out, &e.to);
        out.push_str("</td><td>");
        out.push_str(if e.critical { "yes" } else { "" });
        out.push_str("</td></tr>");
    }
    Value::from_safe_string(out)
}

fn finding_rows(findings: &[Finding]) -> Value {
    let mut out = String::with_capacity(findings.len() * 200);
    for f in findings {
        let level = f.level.as_str();
        let _ = write!(out, "<tr><td class=\"{level}\">{level}</td><td>");
        esc(&mut out, f.rule);
        out.push_str("</td><td>");
        esc(&mut out, &f.path);
        let _ = write!(out, ":{}</td><td>", f.line);
        esc(&mut out, &f.message);
        out.push_str("</td></tr>");
    }
    Value::from_safe_string(out)
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
    let overall = chart(
        &progress.overall,
        "All initiatives".to_string(),
        "Burn-up: all initiatives",
    );
    let mut burnups = Vec::new();
    for s in progress.initiatives.iter().filter(|s| !s.points.is_empty()) {
        let name = match &s.title {
            Some(t) => format!("{}: {t}", s.id),
            None => s.id.clone(),
        };
        let title = format!("Burn-up: {name}");
        burnups.push(chart(s, name, &title));
    }
    let none = || "none".to_string();
    let page = env.get_template("report.html")?.render(context! {
        root => Value::from(Serde(&status.root)),
        at => Value::from(Serde(&progress.at)),
        since => Value::from(Serde(&progress.since)),
        unknown_dates => Value::from(Serde(&progress.unknown_dates)),
        initiative_rows => initiative_rows(&status.initiatives),
        initiative_sections => initiative_sections(&status.initiatives),
        adrs => !status.adrs.items.is_empty(),
        adr_rows => adr_rows(&status.adrs.items),
        overall => Value::from(Serde(overall)),
        burnups => Value::from(Serde(burnups)),
        cycle_count => progress.cycle_time.count,
        cycle_median => progress.cycle_time.median_seconds.map_or_else(none, svg::days),
        cycle_p85 => progress.cycle_time.p85_seconds.map_or_else(none, svg::days),
        cycle_svg => Value::from_safe_string(svg::strip(&progress.cycle_time, "Cycle times in days")),
        lead_count => progress.lead_time.count,
        lead_median => progress.lead_time.median_seconds.map_or_else(none, svg::days),
        lead_p85 => progress.lead_time.p85_seconds.map_or_else(none, svg::days),
        lead_svg => Value::from_safe_string(svg::strip(&progress.lead_time, "Lead times in days")),
        flow_rows => flow_rows(&progress.work_packages),
        critical => critical,
        graph_svg => Value::from_safe_string(svg::graph(graph, "Dependency graph, critical path highlighted")),
        edge_rows => edge_rows(&graph.edges),
        findings => !findings.is_empty(),
        finding_rows => finding_rows(findings),
    })?;
    Ok(page)
}
