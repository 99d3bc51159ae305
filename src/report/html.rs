//! The page `git plan report` writes: one self-contained HTML file (inline
//! CSS and SVG, no script, no network) from the status report, the
//! progress series, the dependency graph and the check findings, through
//! a minijinja template with HTML auto-escaping on (every value from a
//! document is escaped). The SVG of [`super::svg`], which escapes its own
//! text, and the tables written here, which escape theirs with
//! minijinja's `HtmlEscape`, are inserted as they are.

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
        out.push_str("</td></tr>\n");
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::timeline::Moment;
    use crate::model::rule::Level;
    use crate::report::{CheckpointView, Scope};
    use crate::tree::plan_tree::PlanTree;

    /// The loops the template had before the tables were written here,
    /// as it had them.
    const LOOPS: &str = r##"{% for p in points %}<tr><td>{{ p.date[:10] }}</td><td>{{ p.planned }}</td><td>{{ p.completed }}</td><td>{{ p.wip }}</td></tr>{% endfor %}
--
{% for f in flows %}<tr><td>{{ f.id }}</td><td>{{ f.title }}</td><td>{{ f.state or "none" }}</td><td>{{ f.created or "?" }}</td><td>{{ f.started or "" }}</td><td>{{ f.completed or "" }}</td><td>{{ f.cycle }}</td><td>{{ f.lead }}</td><td>{{ f.blocked }}</td></tr>{% endfor %}
--
{% for i in initiatives %}<tr><td><a href="#i-{{ loop.index }}">{{ i.id }}</a></td><td>{{ i.title or "" }}</td><td>{{ i.status.raw if i.status else "none" }}</td><td>{{ i.work_packages|length }}</td></tr>
{% endfor %}
--
{% for i in initiatives %}
<h3 id="i-{{ loop.index }}">{{ i.id }}{% if i.title %}: {{ i.title }}{% endif %}</h3>
<p class="dim">Checkpoint: {{ i.status.raw if i.status else "none" }}{% if i.checkpoints %} ({% for c in i.checkpoints %}{{ c.raw or "none" }}{% if c.reached.date %} {{ c.reached.date[:10] }}{% endif %}{% if not loop.last %} → {% endif %}{% endfor %}){% endif %}</p>
{% if i.work_packages %}<div class="scroll"><table>
<thead><tr><th>WP</th><th>Title</th><th>State</th><th>Priority</th><th>Effort</th><th>Checklist</th><th>Since</th></tr></thead>
<tbody>
{% for w in i.work_packages %}<tr><td>{{ w.number or w.id }}</td><td>{{ w.title }}</td><td>{{ w.status.raw if w.status else "none" }}</td><td>{{ w.priority.raw if w.priority else "" }}</td><td>{{ w.effort.raw if w.effort else "" }}</td><td>{{ w.checklist.done }}/{{ w.checklist.total }}</td><td>{{ w.status.since.date[:10] if w.status and w.status.since and w.status.since.date else "" }}</td></tr>
{% endfor %}</tbody></table></div>{% endif %}
{% endfor %}
--
{% for a in adrs %}<tr id="{{ a.id }}"><td>{{ a.number or a.id }}</td><td>{{ a.title }}</td><td>{{ a.status.raw if a.status else "none" }}</td><td>{% for s in a.supersedes %}<a href="#{{ s }}">{{ s }}</a> {% endfor %}</td><td>{% for s in a.superseded_by %}<a href="#{{ s }}">{{ s }}</a> {% endfor %}</td></tr>
{% endfor %}
--
{% for e in edges %}<tr><td>{{ e.from }}</td><td>{{ e.to }}</td><td>{{ "yes" if e.critical else "" }}</td></tr>{% endfor %}
--
{% for f in findings %}<tr><td class="{{ f.level }}">{{ f.level }}</td><td>{{ f.rule }}</td><td>{{ f.path }}:{{ f.line }}</td><td>{{ f.message }}</td></tr>{% endfor %}
"##;

    fn moment(date: Option<&str>) -> Moment {
        Moment {
            commit: "c".repeat(40).into(),
            date: date.map(Into::into),
            time: None,
            author: None,
            email: None,
        }
    }

    /// Markup in every text, and every value a template's `or` or `if`
    /// decides on missing, empty and present.
    #[test]
    fn the_tables_are_what_the_template_wrote() {
        let nasty = "<b>&amp;</b> 'q' \"d\" a/b é";
        let x = "artifacts/planning/2026-01-02-a&b";
        let texts = [
            (format!("{x}/START-HERE.md"), format!("# {nasty}\n\n**Status:** Implementation {nasty}\n")),
            (
                format!("{x}/01-one-plan.md"),
                format!("# Phase 01: {nasty}\n\n**Status:** In Progress {nasty}\n**Priority:** HIGH ({nasty})\n**Estimated Effort:** 2-4h agentic + 1h review\n**Depends on:** [02](02-two-plan.md)\n\n## Success Criteria\n\n- [x] one\n- [ ] two\n"),
            ),
            (format!("{x}/02-two-plan.md"), "**Status:** Ready\n**Depends on:** [01](01-one-plan.md)\n".to_string()),
            (format!("{x}/03-three-plan.md"), "# Three\n".to_string()),
            ("artifacts/planning/2026-01-03-empty/README.md".to_string(), "no title\n".to_string()),
            ("artifacts/adr/0001-first.md".to_string(), format!("# 1. {nasty}\n\n## Status\n\nSuperseded by [ADR 2](0002-second.md)\n")),
            ("artifacts/adr/0002-second.md".to_string(), "# 2. Second\n\n**Status:** Accepted\n**Supersedes:** [ADR 0001](0001-first.md)\n".to_string()),
            ("artifacts/adr/0003-third.md".to_string(), "no heading\n".to_string()),
        ];
        let tree = PlanTree::from_texts(&texts);
        let mut status = crate::report::status_report(&tree, "", Scope::All, None);
        let graph =
            crate::report::graph::graph_report(&tree, crate::report::graph::GraphScope::All, None);
        assert!(!graph.edges.is_empty());
        let first = &mut status.initiatives[0];
        first.checkpoints = vec![
            CheckpointView {
                state: None,
                raw: Some(nasty.to_string()),
                at: moment(Some("2026-01-02T03:04:05Z")),
                approved_by: None,
            },
            CheckpointView {
                state: None,
                raw: Some(String::new()),
                at: moment(Some("")),
                approved_by: None,
            },
            CheckpointView {
                state: None,
                raw: None,
                at: moment(None),
                approved_by: None,
            },
        ];
        for (w, date) in
            first
                .work_packages
                .iter_mut()
                .zip([Some("2026-02-03T04:05:06Z"), Some(""), None])
        {
            if let Some(s) = w.status.as_mut() {
                s.since = Some(moment(date));
            }
        }
        let flow = |state: Option<&str>, created: Option<&str>, blocked: i64| Flow {
            id: format!("a/{nasty}"),
            initiative: "a".to_string(),
            title: nasty.to_string(),
            state: state.map(str::to_string),
            created: created.map(str::to_string),
            started: created.map(str::to_string),
            completed: created.map(str::to_string),
            cycle_time_seconds: created.map(|_| 90_000),
            lead_time_seconds: None,
            blocked_seconds: blocked,
        };
        let flows = [
            flow(Some("ready"), Some("2026-01-01T00:00:00Z"), 0),
            flow(Some(""), Some(""), 86_400),
            flow(None, None, 3),
        ];
        let point = |date: &str| Point {
            date: date.to_string(),
            time: 0,
            planned: 3,
            completed: 1,
            wip: 2,
        };
        let points = [
            point("2026-01-01T00:00:00Z"),
            point("2026-01-02"),
            point("é<2026-01-03T00:00:00Z"),
        ];
        let finding = |level, message: &str| Finding {
            rule: "duplicate-number",
            level,
            path: format!("{x}/01-one-plan.md"),
            line: 7,
            column: 1,
            message: message.to_string(),
            hint: None,
            source: None,
            related: Vec::new(),
        };
        let findings = [
            finding(Level::Error, nasty),
            finding(Level::Warning, "plain"),
        ];

        let old_flows: Vec<serde_json::Value> = flows
            .iter()
            .map(|f| {
                serde_json::json!({
                    "id": f.id, "title": f.title, "state": f.state, "created": f.created,
                    "started": f.started, "completed": f.completed,
                    "cycle": or_blank(f.cycle_time_seconds), "lead": or_blank(f.lead_time_seconds),
                    "blocked": if f.blocked_seconds > 0 { svg::days(f.blocked_seconds) } else { String::new() },
                })
            })
            .collect();
        let mut env = Environment::new();
        env.add_template("loops.html", LOOPS).unwrap();
        let old = env
            .get_template("loops.html")
            .unwrap()
            .render(context! {
                points => Value::from(Serde(&points)),
                flows => Value::from(Serde(&old_flows)),
                initiatives => Value::from(Serde(&status.initiatives)),
                adrs => Value::from(Serde(&status.adrs.items)),
                edges => Value::from(Serde(&graph.edges)),
                findings => Value::from(Serde(&findings)),
            })
            .unwrap();
        let new = [
            point_rows(&points.iter().collect::<Vec<_>>()),
            flow_rows(&flows),
            initiative_rows(&status.initiatives),
            initiative_sections(&status.initiatives),
            adr_rows(&status.adrs.items),
            edge_rows(&graph.edges),
            finding_rows(&findings),
        ]
        .map(|v| v.to_string())
        .join("\n--\n");
        assert_eq!(new, old);
        assert!(
            new.contains(
                "&lt;b&gt;&amp;amp;&lt;&#x2f;b&gt; &#x27;q&#x27; &quot;d&quot; a&#x2f;b é"
            ),
            "{new}"
        );
    }
}
