//! The charts of `git plan report` as SVG text, drawn from the series of
//! [`super::progress`] and the graph of [`super::graph`]: step lines with
//! date axes, a strip of durations, and the dependency graph as boxes in
//! topological columns. Every chart has a `<title>`; every text from a
//! document is escaped here (the HTML template inserts the SVG as is).
//! Our own module rather than `plotters`: see ADR 0013.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::graph::GraphReport;
use super::progress::{Distribution, Series};

/// `text` safe inside an XML element or a double-quoted attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const W: f64 = 640.0;
const H: f64 = 240.0;
const LEFT: f64 = 40.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 36.0;

fn open(out: &mut String, width: f64, height: f64, title: &str) {
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" \
         viewBox=\"0 0 {width} {height}\" role=\"img\"><title>{}</title>",
        escape(title)
    );
}

/// The date part of an RFC 3339 time.
fn day(date: &str) -> &str {
    date.get(..10).unwrap_or(date)
}

/// A burn-up chart: planned (the scope line), completed and work in
/// progress as steps over time.
pub fn burnup(series: &Series, title: &str) -> String {
    let mut out = String::new();
    open(&mut out, W, H, title);
    let points = &series.points;
    let (Some(first), Some(last)) = (points.first(), points.last()) else {
        out.push_str("<text x=\"10\" y=\"20\" class=\"axis\">no history</text></svg>");
        return out;
    };
    let t0 = first.time as f64;
    let span = ((last.time - first.time) as f64).max(1.0);
    let max = points
        .iter()
        .map(|p| p.planned.max(p.completed))
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let x = |t: i64| LEFT + (t as f64 - t0) / span * (W - LEFT - RIGHT);
    let y = |v: usize| TOP + (1.0 - v as f64 / max) * (H - TOP - BOTTOM);
    axes(&mut out, max as usize, &y);
    let _ = write!(
        out,
        "<text x=\"{LEFT}\" y=\"{}\" class=\"axis\">{}</text>\
         <text x=\"{}\" y=\"{}\" class=\"axis\" text-anchor=\"end\">{}</text>",
        H - 18.0,
        escape(day(&first.date)),
        W - RIGHT,
        H - 18.0,
        escape(day(&last.date))
    );
    for (name, class, value) in [
        (
            "planned",
            "planned",
            (|p: &super::progress::Point| p.planned) as fn(&_) -> usize,
        ),
        ("completed", "completed", |p| p.completed),
        ("in progress", "wip", |p| p.wip),
    ] {
        let mut d = String::new();
        for (k, p) in points.iter().enumerate() {
            if k == 0 {
                let _ = write!(d, "M{:.1},{:.1}", x(p.time), y(value(p)));
            } else {
                let _ = write!(d, " H{:.1} V{:.1}", x(p.time), y(value(p)));
            }
        }
        let _ = write!(
            out,
            "<path class=\"line {class}\" d=\"{d}\" fill=\"none\"><title>{name}</title></path>"
        );
    }
    let _ = write!(
        out,
        "<g class=\"legend\"><text x=\"{LEFT}\" y=\"{}\" class=\"planned-t\">planned {}</text>\
         <text x=\"{}\" y=\"{}\" class=\"completed-t\">completed {}</text>\
         <text x=\"{}\" y=\"{}\" class=\"wip-t\">in progress {}</text></g></svg>",
        H - 4.0,
        last.planned,
        LEFT + 140.0,
        H - 4.0,
        last.completed,
        LEFT + 290.0,
        H - 4.0,
        last.wip
    );
    out
}

fn axes(out: &mut String, max: usize, y: &dyn Fn(usize) -> f64) {
    let _ = write!(
        out,
        "<line class=\"axis-line\" x1=\"{LEFT}\" y1=\"{TOP}\" x2=\"{LEFT}\" y2=\"{}\"/>\
         <line class=\"axis-line\" x1=\"{LEFT}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>",
        H - BOTTOM,
        H - BOTTOM,
        W - RIGHT,
        H - BOTTOM
    );
    for v in [0, max / 2, max] {
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{:.1}\" class=\"axis\" text-anchor=\"end\">{v}</text>",
            LEFT - 6.0,
            y(v) + 4.0
        );
    }
}

/// Durations in days as a strip: one mark per work package, with the
/// median and 85th percentile drawn across.
pub fn strip(dist: &Distribution, title: &str) -> String {
    let (w, h) = (W, 90.0);
    let mut out = String::new();
    open(&mut out, w, h, title);
    let Some(max) = dist.values.last().copied() else {
        out.push_str(
            "<text x=\"10\" y=\"20\" class=\"axis\">no complete work package</text></svg>",
        );
        return out;
    };
    let max = max.max(1) as f64;
    let x = |v: i64| LEFT + v as f64 / max * (w - LEFT - RIGHT);
    let _ = write!(
        out,
        "<line class=\"axis-line\" x1=\"{LEFT}\" y1=\"50\" x2=\"{}\" y2=\"50\"/>\
         <text x=\"{LEFT}\" y=\"70\" class=\"axis\">0</text>\
         <text x=\"{}\" y=\"70\" class=\"axis\" text-anchor=\"end\">{}</text>",
        w - RIGHT,
        w - RIGHT,
        days(max as i64)
    );
    for v in &dist.values {
        let _ = write!(
            out,
            "<rect class=\"mark\" x=\"{:.1}\" y=\"22\" width=\"3\" height=\"26\"><title>{}</title></rect>",
            x(*v) - 1.5,
            days(*v)
        );
    }
    for (name, value, label_y) in [
        ("median", dist.median_seconds, 12.0),
        ("85th percentile", dist.p85_seconds, 84.0),
    ] {
        if let Some(v) = value {
            let label_x = x(v).clamp(LEFT + 60.0, w - RIGHT - 60.0);
            let _ = write!(
                out,
                "<line class=\"pct\" x1=\"{0:.1}\" y1=\"14\" x2=\"{0:.1}\" y2=\"56\"/>\
                 <text x=\"{label_x:.1}\" y=\"{label_y}\" class=\"axis\" text-anchor=\"middle\">{name} {1}</text>",
                x(v),
                days(v)
            );
        }
    }
    out.push_str("</svg>");
    out
}

/// Seconds as days with one decimal: `2.5d`.
pub fn days(seconds: i64) -> String {
    format!("{:.1}d", seconds as f64 / 86_400.0)
}

/// The dependency graph: each node in the column of its longest chain of
/// dependencies, edges as lines, the critical path highlighted.
pub fn graph(report: &GraphReport, title: &str) -> String {
    let index: BTreeMap<&str, usize> = report
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    let mut column = vec![0usize; report.nodes.len()];
    // Longest path by relaxation, bounded by the node count (cycles stop).
    for _ in 0..report.nodes.len() {
        let mut changed = false;
        for e in report.edges.iter().filter(|e| !e.in_cycle) {
            if let (Some(&a), Some(&b)) = (index.get(e.from.as_str()), index.get(e.to.as_str())) {
                if column[b] < column[a] + 1 {
                    column[b] = column[a] + 1;
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    let mut rows = vec![0usize; report.nodes.len()];
    let mut filled: BTreeMap<usize, usize> = BTreeMap::new();
    for (i, c) in column.iter().enumerate() {
        let r = filled.entry(*c).or_insert(0);
        rows[i] = *r;
        *r += 1;
    }
    let (bw, bh, gx, gy) = (150.0, 34.0, 40.0, 12.0);
    let cols = column.iter().max().map_or(0, |m| m + 1);
    let most = filled.values().max().copied().unwrap_or(0);
    let width = (cols as f64 * (bw + gx) + 10.0).max(200.0);
    let height = (most as f64 * (bh + gy) + 10.0).max(50.0);
    let pos = |i: usize| {
        (
            5.0 + column[i] as f64 * (bw + gx),
            5.0 + rows[i] as f64 * (bh + gy),
        )
    };
    let mut out = String::new();
    open(&mut out, width, height, title);
    if report.nodes.is_empty() {
        out.push_str("<text x=\"10\" y=\"20\" class=\"axis\">no dependencies</text></svg>");
        return out;
    }
    for e in &report.edges {
        if let (Some(&a), Some(&b)) = (index.get(e.from.as_str()), index.get(e.to.as_str())) {
            let ((ax, ay), (bx, by)) = (pos(a), pos(b));
            let class = if e.critical { "edge critical" } else { "edge" };
            let _ = write!(
                out,
                "<line class=\"{class}\" x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{bx:.1}\" y2=\"{:.1}\"/>",
                ax + bw,
                ay + bh / 2.0,
                by + bh / 2.0
            );
        }
    }
    for (i, n) in report.nodes.iter().enumerate() {
        let (x, y) = pos(i);
        let class = if n.critical { "node critical" } else { "node" };
        let label: String =
            n.id.chars()
                .rev()
                .take(22)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
        let _ = write!(
            out,
            "<g class=\"{class} s-{}\"><title>{}: {} ({})</title>\
             <rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{bw}\" height=\"{bh}\" rx=\"5\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\">{}</text>\
             <text x=\"{:.1}\" y=\"{:.1}\" class=\"small\">{}</text></g>",
            escape(&n.state),
            escape(&n.id),
            escape(&n.title),
            escape(&n.state),
            x + 6.0,
            y + 14.0,
            escape(&label),
            x + 6.0,
            y + 28.0,
            escape(&n.state)
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_escaped() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
