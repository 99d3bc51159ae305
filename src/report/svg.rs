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
    Esc(text).to_string()
}

/// [`escape`] as it is written out, without a string of its own.
struct Esc<'a>(&'a str);

impl std::fmt::Display for Esc<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut rest = self.0;
        while let Some(i) = rest.find(['&', '<', '>', '"', '\'']) {
            f.write_str(&rest[..i])?;
            f.write_str(match rest.as_bytes()[i] {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                _ => "&#39;",
            })?;
            rest = &rest[i + 1..];
        }
        f.write_str(rest)
    }
}

/// A number as `{:.1}` writes it (one decimal, rounded as the exact
/// value of the float is), without the float formatting machinery for the
/// common case: a coordinate of the charts, positive and far from a tie
/// (a multiple of 0.05), where the nearest tenth is beyond doubt. Anything
/// else is handed to `{:.1}` itself.
struct D1(f64);

impl std::fmt::Display for D1 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut buf = [0u8; 24];
        match tenths_digits(self.0, &mut buf) {
            Some(text) => f.write_str(text),
            None => write!(f, "{:.1}", self.0),
        }
    }
}

/// [`D1`] written onto `out`.
fn d1(out: &mut String, x: f64) {
    let mut buf = [0u8; 24];
    match tenths_digits(x, &mut buf) {
        Some(text) => out.push_str(text),
        None => {
            let _ = write!(out, "{x:.1}");
        }
    }
}

/// `x` with one decimal in the end of `buf`, when [`D1`]'s fast case
/// holds: below 1e7, `x * 10.0` is within 2e-8 of the exact product, so a
/// fraction more than 1e-6 away from one half rounds as the exact value
/// does.
fn tenths_digits(x: f64, buf: &mut [u8; 24]) -> Option<&str> {
    if !(x.is_sign_positive() && x < 1e7) {
        return None;
    }
    let tenths = x * 10.0;
    let fraction = tenths - tenths.floor();
    if (fraction - 0.5).abs() <= 1e-6 {
        return None;
    }
    let n = tenths.round() as u64;
    let mut i = buf.len();
    buf[i - 1] = b'0' + (n % 10) as u8;
    buf[i - 2] = b'.';
    i -= 2;
    let mut whole = n / 10;
    loop {
        i -= 1;
        buf[i] = b'0' + (whole % 10) as u8;
        whole /= 10;
        if whole == 0 {
            break;
        }
    }
    std::str::from_utf8(&buf[i..]).ok()
}

/// [`Esc`] written onto `out`.
fn esc(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(i) = rest.find(['&', '<', '>', '"', '\'']) {
        out.push_str(&rest[..i]);
        out.push_str(match rest.as_bytes()[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
        rest = &rest[i + 1..];
    }
    out.push_str(rest);
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
        Esc(title)
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
        Esc(day(&first.date)),
        W - RIGHT,
        H - 18.0,
        Esc(day(&last.date))
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
        let _ = write!(out, "<path class=\"line {class}\" d=\"");
        for (k, p) in points.iter().enumerate() {
            out.push_str(if k == 0 { "M" } else { " H" });
            d1(&mut out, x(p.time));
            out.push_str(if k == 0 { "," } else { " V" });
            d1(&mut out, y(value(p)));
        }
        let _ = write!(out, "\" fill=\"none\"><title>{name}</title></path>");
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
            "<text x=\"{}\" y=\"{}\" class=\"axis\" text-anchor=\"end\">{v}</text>",
            LEFT - 6.0,
            D1(y(v) + 4.0)
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
            "<rect class=\"mark\" x=\"{}\" y=\"22\" width=\"3\" height=\"26\"><title>{}d</title></rect>",
            D1(x(*v) - 1.5),
            D1(*v as f64 / 86_400.0)
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
                "<line class=\"pct\" x1=\"{0}\" y1=\"14\" x2=\"{0}\" y2=\"56\"/>\
                 <text x=\"{2}\" y=\"{label_y}\" class=\"axis\" text-anchor=\"middle\">{name} {1}</text>",
                D1(x(v)),
                days(v),
                D1(label_x)
            );
        }
    }
    out.push_str("</svg>");
    out
}

/// Seconds as days with one decimal: `2.5d`.
pub fn days(seconds: i64) -> String {
    format!("{}d", D1(seconds as f64 / 86_400.0))
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
    // Each edge's ends, looked up once.
    let ends: Vec<Option<(usize, usize)>> = report
        .edges
        .iter()
        .map(|e| Some((*index.get(e.from.as_str())?, *index.get(e.to.as_str())?)))
        .collect();
    let mut column = vec![0usize; report.nodes.len()];
    // Longest path by relaxation, bounded by the node count (cycles stop).
    for _ in 0..report.nodes.len() {
        let mut changed = false;
        for (e, ends) in report.edges.iter().zip(&ends) {
            if let (false, Some((a, b))) = (e.in_cycle, *ends) {
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
    // Documents no edge touches are laid out in a grid beside the layers,
    // not as one tall column: a roadmap whose plans state no dependencies
    // is a list of boxes, not a chain.
    let mut linked = vec![false; report.nodes.len()];
    for (a, b) in ends.iter().flatten() {
        linked[*a] = true;
        linked[*b] = true;
    }
    let layers = (0..report.nodes.len())
        .filter(|i| linked[*i])
        .map(|i| column[i] + 1)
        .max()
        .unwrap_or(0);
    let alone = linked.iter().filter(|l| !**l).count();
    let grid_cols = alone
        .div_ceil(GRID_ROWS)
        .clamp(usize::from(alone > 0), GRID_COLS);
    let grid_rows = if grid_cols == 0 {
        0
    } else {
        alone.div_ceil(grid_cols)
    };
    let mut rows = vec![0usize; report.nodes.len()];
    let mut filled: BTreeMap<usize, usize> = BTreeMap::new();
    let mut placed = 0;
    for i in 0..report.nodes.len() {
        if linked[i] {
            let r = filled.entry(column[i]).or_insert(0);
            rows[i] = *r;
            *r += 1;
        } else {
            column[i] = layers + placed % grid_cols;
            rows[i] = placed / grid_cols;
            placed += 1;
        }
    }
    let (bw, bh, gx, gy) = (BOX_WIDTH, 34.0, 40.0, 12.0);
    let cols = layers + grid_cols;
    let most = filled
        .values()
        .copied()
        .chain([grid_rows])
        .max()
        .unwrap_or(0);
    let width = (cols as f64 * (bw + gx) + 10.0).max(200.0);
    let height = (most as f64 * (bh + gy) + 10.0).max(50.0);
    let pos = |i: usize| {
        (
            5.0 + column[i] as f64 * (bw + gx),
            5.0 + rows[i] as f64 * (bh + gy),
        )
    };
    let mut out = String::with_capacity(report.edges.len() * 90 + report.nodes.len() * 400);
    open(&mut out, width, height, title);
    if report.nodes.is_empty() {
        out.push_str("<text x=\"10\" y=\"20\" class=\"axis\">no dependencies</text></svg>");
        return out;
    }
    for (e, ends) in report.edges.iter().zip(&ends) {
        if let Some((a, b)) = *ends {
            let ((ax, ay), (bx, by)) = (pos(a), pos(b));
            out.push_str(if e.critical {
                "<line class=\"edge critical\" x1=\""
            } else {
                "<line class=\"edge\" x1=\""
            });
            d1(&mut out, ax + bw);
            out.push_str("\" y1=\"");
            d1(&mut out, ay + bh / 2.0);
            out.push_str("\" x2=\"");
            d1(&mut out, bx);
            out.push_str("\" y2=\"");
            d1(&mut out, by + bh / 2.0);
            out.push_str("\"/>");
        }
    }
    let size = format!("\" width=\"{bw}\" height=\"{bh}\" rx=\"5\"/>");
    for (i, n) in report.nodes.iter().enumerate() {
        let (x, y) = pos(i);
        let (first, second) = node_label(&n.id);
        out.push_str(if n.critical {
            "<g class=\"node critical s-"
        } else {
            "<g class=\"node s-"
        });
        esc(&mut out, &n.state);
        out.push_str("\"><title>");
        esc(&mut out, &n.id);
        out.push_str(": ");
        esc(&mut out, &n.title);
        out.push_str(" (");
        esc(&mut out, &n.state);
        out.push_str(")</title><rect x=\"");
        d1(&mut out, x);
        out.push_str("\" y=\"");
        d1(&mut out, y);
        out.push_str(&size);
        out.push_str("<text x=\"");
        d1(&mut out, x + 6.0);
        out.push_str("\" y=\"");
        d1(&mut out, y + 14.0);
        out.push_str("\">");
        esc(&mut out, &first);
        out.push_str("</text><text x=\"");
        d1(&mut out, x + 6.0);
        out.push_str("\" y=\"");
        d1(&mut out, y + 28.0);
        out.push_str("\" class=\"small\">");
        if let Some(second) = second {
            esc(&mut out, second);
            out.push_str(" \u{b7} ");
        }
        esc(&mut out, &n.state);
        out.push_str("</text></g>");
    }
    out.push_str("</svg>");
    out
}

/// A graph box's width, and the characters its first line holds.
const BOX_WIDTH: f64 = 220.0;
const LABEL_CHARS: usize = 32;
/// The grid of documents no edge touches: at most this many columns, and
/// rows before another column is opened.
const GRID_COLS: usize = 4;
const GRID_ROWS: usize = 12;

/// A node's two lines: its initiative (without the folder's date) or the
/// whole id, cut at the end to what the box holds; and the document's
/// number or name in the initiative (`02`, `plan.md`), shown before its
/// state. The whole id is in the box's `<title>` and the table.
fn node_label(id: &str) -> (String, Option<&str>) {
    let (first, second) = match id.rsplit_once('/') {
        Some((initiative, doc)) => (undated(initiative), Some(doc)),
        None => (id, None),
    };
    let cut = match first.char_indices().nth(LABEL_CHARS - 1) {
        Some((k, _)) => format!("{}\u{2026}", &first[..k]),
        None => first.to_string(),
    };
    (cut, second)
}

/// `2025-11-14-architecture-refactoring` without its `2025-11-14-`.
fn undated(folder: &str) -> &str {
    let b = folder.as_bytes();
    let dated = b.len() > 11
        && b[..10].iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
        && b[10] == b'-';
    if dated {
        &folder[11..]
    } else {
        folder
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_boxes_name_the_initiative_without_its_date_and_the_document() {
        assert_eq!(
            node_label("2025-11-14-architecture-refactoring/02"),
            ("architecture-refactoring".to_string(), Some("02"))
        );
        assert_eq!(
            node_label("2025-12-03-modularize-hybrid-fast-seed/plan.md"),
            ("modularize-hybrid-fast-seed".to_string(), Some("plan.md"))
        );
        assert_eq!(node_label("adr-0012"), ("adr-0012".to_string(), None));
        // Cut at the end, on a character boundary, to what a box holds.
        let long = format!("2026-01-02-{}/01", "é".repeat(40));
        let (first, _) = node_label(&long);
        assert_eq!(first, format!("{}\u{2026}", "é".repeat(LABEL_CHARS - 1)));
        // Not a date: kept.
        assert_eq!(undated("2025-1x-14-x"), "2025-1x-14-x");
        assert_eq!(undated("2025-11-14"), "2025-11-14");
    }

    #[test]
    fn markup_is_escaped() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(escape("plain"), "plain");
        assert_eq!(escape("é<é"), "é&lt;é");
    }

    /// [`D1`] writes what `{:.1}` writes: on a grid of thousandths (ties
    /// among them), on coordinates as the charts make them, and on what
    /// it hands over (negative, huge, not finite).
    #[test]
    fn one_decimal_as_the_formatter_writes_it() {
        let same = |x: f64| assert_eq!(D1(x).to_string(), format!("{x:.1}"), "{x:e}");
        for i in 0..200_000 {
            same(f64::from(i) / 1000.0);
            same(f64::from(i) * 0.05);
            same(40.0 + f64::from(i) / 199_999.0 * 584.0);
            same(12.0 + (1.0 - f64::from(i % 977) / 976.0) * 192.0 + 4.0);
        }
        let mut bits: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..200_000 {
            bits ^= bits << 13;
            bits ^= bits >> 7;
            bits ^= bits << 17;
            let x = f64::from_bits(bits);
            same(x);
            same((x.abs() % 2e7).max(0.0));
        }
        for x in [
            0.0,
            -0.0,
            -0.04,
            -1.25,
            0.05,
            0.25,
            0.35,
            1e7,
            9_999_999.95,
            1e300,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MIN_POSITIVE,
        ] {
            same(x);
        }
    }
}
