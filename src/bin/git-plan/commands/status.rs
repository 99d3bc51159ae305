use std::io::Write;

use clap::Args;
use git_plan::document::EFFORT_KEYS;
use git_plan::history::timeline::{human_duration, Timelines};
use git_plan::model::lifecycle::Lifecycle;
use git_plan::report::filter::{self, Filters, StateFilter};
use git_plan::report::{
    self, HistoryContext, InitiativeView, Scope, StatusReport, StatusView, WorkPackageView,
};
use git_plan::tree::id::{self, Target};

use crate::error::CommandError;
use crate::ui::{self, paint};
use crate::Ctx;

/// Show the roadmap: initiatives, work packages and ADRs with their status.
///
/// Every initiative with its checkpoint, its work packages with status,
/// priority, effort, dependencies and checklist progress, and the ADRs by
/// status.
///
/// Each status shows since when it holds and who set it, from git history:
/// the last commit that changed the status line, whether made by `git plan`
/// or by hand. Problems found while reading (an unknown status, a file that
/// is not UTF-8) are printed to stderr with file and line; the rest is still
/// shown.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Limit the report to one initiative, work package or ADR.
    id: Option<String>,

    /// Show the roadmap as it was at a revision (a commit, branch or tag)
    /// instead of the work tree.
    #[arg(long, value_name = "rev")]
    at: Option<String>,

    #[command(flatten)]
    history: super::HistoryOpts,

    /// Print JSON (`"version": 2`) instead of text. With filters it holds
    /// only the documents that match (`adrs` counts those), and `filters`
    /// says which were applied.
    #[arg(long)]
    json: bool,

    /// Only documents in this state (a canonical state or a synonym,
    /// read under each document's lifecycle; `unknown`, `missing`). May be
    /// given more than once; filters of different kinds must all match.
    /// An initiative is shown when it or one of its work packages matches.
    #[arg(long, value_name = "state")]
    state: Vec<String>,

    /// Only documents of this kind: initiative, work-package, work-plan,
    /// adr (the kinds `status` shows). May be given more than once.
    #[arg(long, value_name = "kind")]
    kind: Vec<String>,

    /// Only work packages of this priority (CRITICAL, HIGH, MEDIUM-HIGH,
    /// MEDIUM, MEDIUM-LOW, LOW). May be given more than once.
    #[arg(long, value_name = "priority")]
    priority: Vec<String>,

    /// Only this initiative and its work packages. May be given more than once.
    #[arg(long, value_name = "id")]
    initiative: Vec<String>,

    /// Only documents whose status changed on or after this date: YYYY-MM-DD
    /// (local midnight), `today`, `yesterday`, or `N.days.ago` (also hours,
    /// weeks, months of 30 days, years of 365; `N days ago` too). From the
    /// history `status` reads.
    #[arg(long, value_name = "date")]
    since: Option<String>,

    /// One line per document: id, state, title, and priority and effort
    /// for work packages.
    #[arg(long)]
    oneline: bool,

    #[command(flatten)]
    branches: super::branches::BranchOpts,
}

pub fn run(ctx: &Ctx, args: &StatusArgs) -> Result<(), CommandError> {
    let ws = super::workspace_for(ctx, args.at.is_some())?;
    let branch_settings = match (&args.at, args.branches.given()) {
        (Some(_), true) => {
            return Err(CommandError::usage(
                "--branches compares the branches with HEAD; it cannot be used with --at",
            ))
        }
        (Some(_), false) => None,
        (None, _) => args.branches.settings(&ws)?,
    };
    // History and the work tree are independent: read them side by side.
    let (tree, at, history, writes) = match &args.at {
        Some(rev) => {
            let (tree, commit, history) = super::work_tree::read_at(&ws, rev, &args.history)?;
            (tree, Some(commit), history, super::CacheWrites::default())
        }
        None => {
            let (tree, history, writes) = super::work_tree::read(ctx, &ws, &args.history)?;
            (tree, None, history, writes)
        }
    };
    let branches = match &branch_settings {
        Some(settings) => Some((
            settings,
            super::branches::read(ctx, &ws, settings, !args.history.no_cache)?,
        )),
        None => None,
    };
    // The caches are written on another thread while the report is made.
    super::writing_caches(&writes, history.as_ref(), || {
        print_report(
            ctx,
            args,
            &ws,
            &tree,
            at,
            history.as_ref(),
            branches.as_ref(),
        )
    })?;
    ui::leak((history, tree, ws, writes, branches));
    Ok(())
}

fn print_report(
    ctx: &Ctx,
    args: &StatusArgs,
    ws: &git_plan::workspace::Workspace,
    tree: &git_plan::tree::plan_tree::PlanTree<()>,
    at: Option<String>,
    history: Option<&git_plan::history::walk::History>,
    branches: Option<&(&super::branches::Settings, super::branches::Read)>,
) -> Result<(), CommandError> {
    let timelines = history.map(|h| Timelines::new(h, &ws.config.patterns, &ws.config.synonyms));
    let context = timelines.as_ref().map(|t| HistoryContext {
        timelines: t,
        now: ctx.now,
    });
    let scope = match &args.id {
        None => Scope::All,
        Some(q) => match id::resolve(tree, q)? {
            Target::Initiative(i) => Scope::Initiative(i),
            Target::Document(d) => Scope::Document(d),
        },
    };
    let filters = filters(ctx, args, ws, tree)?;
    let mut report = report::status_report(tree, &ws.root_rel, scope, context.as_ref());
    report.at = at;
    filters.apply(&mut report);
    if let Some((settings, (read, states))) = branches {
        states.attach(
            &mut report,
            tree,
            read,
            settings.pattern.as_deref(),
            settings.stale_days,
            &ws.config.patterns,
        );
        if let Some(view) = &mut report.branches {
            // The documents only on a branch, as far as the report goes:
            // one initiative's, or none for one document; with filters,
            // those of the initiatives listed (ADRs when ADRs are).
            let listed: Vec<&str> = report.initiatives.iter().map(|i| i.id.as_str()).collect();
            let adrs = !report.adrs.items.is_empty();
            view.only_on_branches.retain(|d| match scope {
                Scope::Document(_) => false,
                Scope::Initiative(i) => {
                    d.initiative.as_deref() == Some(tree.initiatives[i].folder.as_str())
                }
                Scope::All if filters.is_empty() => true,
                Scope::All => match &d.initiative {
                    Some(i) => listed.contains(&i.as_str()),
                    None => adrs && d.kind == git_plan::model::kind::DocKind::Adr,
                },
            });
        }
    }
    if args.json {
        ui::json(&report)?;
    } else {
        let mut out = anstream::stdout();
        let width = ui::width();
        if args.oneline {
            oneline(&mut out, &report, width)?;
        } else {
            render(
                &mut out,
                &report,
                &ws.shown_path(""),
                history.is_some(),
                width,
            )?;
        }
        if !filters.is_empty() && nothing_shown(&report) {
            writeln!(out, "No documents match {}.", described(args))?;
        }
        super::print_diagnostics(ws, &report.diagnostics)?;
        if report.shallow {
            super::shallow_hint()?;
        }
        if let Some(h) = history {
            super::unread_hint(&h.unread)?;
        }
    }
    // In this order: each one borrows from the next.
    ui::leak(report);
    ui::leak(context);
    ui::leak(timelines);
    Ok(())
}

/// The filters the options ask for, resolved against the tree and the
/// configuration's synonyms; a value that names nothing is a usage error.
fn filters(
    ctx: &Ctx,
    args: &StatusArgs,
    ws: &git_plan::workspace::Workspace,
    tree: &git_plan::tree::plan_tree::PlanTree<()>,
) -> Result<Filters, CommandError> {
    let mut filters = Filters::default();
    for value in &args.state {
        filters.add_state(
            StateFilter::parse(value, &ws.config.synonyms, &Lifecycle::ALL)
                .map_err(filter_error)?,
        );
    }
    for value in &args.kind {
        filters
            .kinds
            .push(filter::parse_kind(value).map_err(filter_error)?);
    }
    for value in &args.priority {
        filters
            .priorities
            .push(filter::parse_priority(value).map_err(filter_error)?);
    }
    for value in &args.initiative {
        let i = id::resolve_initiative(tree, value)?;
        filters.initiatives.push(tree.initiatives[i].folder.clone());
    }
    if let Some(value) = &args.since {
        let time = since_time(value, ctx.now).ok_or_else(|| {
            CommandError::usage(format!(
                "--since `{value}` is not a date: write YYYY-MM-DD, `today`, `yesterday` or `N.days.ago` (hours, days, weeks, months, years)"
            ))
        })?;
        filters.since = Some(time);
        filters.since_shown = Some(format!(
            "{value} ({})",
            git_plan::history::timeline::rfc3339(time)
        ));
    }
    Ok(filters)
}

/// `--since` as seconds since the epoch: `YYYY-MM-DD` (local midnight),
/// `today`, `yesterday`, or `N.<unit>.ago` / `N <unit> ago`, counted back
/// from `now`.
pub(crate) fn since_time(value: &str, now: i64) -> Option<i64> {
    use chrono::TimeZone;
    let value = value.trim().to_ascii_lowercase();
    let midnight = |date: chrono::NaiveDate| {
        chrono::Local
            .from_local_datetime(&date.and_hms_opt(0, 0, 0)?)
            .earliest()
            .map(|t| t.timestamp())
    };
    let today = || {
        chrono::Local
            .timestamp_opt(now, 0)
            .single()
            .map(|t| t.date_naive())
    };
    match value.as_str() {
        "today" => return midnight(today()?),
        "yesterday" => return midnight(today()?.pred_opt()?),
        _ => {}
    }
    if let Ok(date) = chrono::NaiveDate::parse_from_str(&value, "%Y-%m-%d") {
        return midnight(date);
    }
    let parts: Vec<&str> = value.split(['.', ' ']).filter(|p| !p.is_empty()).collect();
    let [n, unit, "ago"] = parts.as_slice() else {
        return None;
    };
    let n: i64 = n.parse().ok()?;
    let seconds = match unit.trim_end_matches('s') {
        "second" => 1,
        "minute" => 60,
        "hour" => 3_600,
        "day" => 86_400,
        "week" => 7 * 86_400,
        "month" => 30 * 86_400,
        "year" => 365 * 86_400,
        _ => return None,
    };
    Some(now - n.checked_mul(seconds)?)
}

/// The filter options as given, for the line saying nothing matched.
fn described(args: &StatusArgs) -> String {
    let mut parts = Vec::new();
    for (option, values) in [
        ("--state", &args.state),
        ("--kind", &args.kind),
        ("--priority", &args.priority),
        ("--initiative", &args.initiative),
    ] {
        parts.extend(values.iter().map(|v| format!("{option} {v}")));
    }
    if let Some(since) = &args.since {
        parts.push(format!("--since {since}"));
    }
    parts.join(" ")
}

fn nothing_shown(report: &StatusReport) -> bool {
    report.initiatives.is_empty() && report.adrs.items.is_empty()
}

/// `--oneline`: one aligned line per document (initiatives, each followed
/// by its work packages, then the ADRs): id, state, priority for work
/// packages, title, effort for work packages.
fn oneline(
    out: &mut impl Write,
    report: &StatusReport,
    width: Option<usize>,
) -> std::io::Result<()> {
    struct Line<'a> {
        id: &'a str,
        state: String,
        priority: Option<String>,
        title: &'a str,
        effort: Option<&'a str>,
        /// `status --branches`: the state furthest along, on its branch.
        furthest: Option<&'a git_plan::report::branches::FurthestView>,
    }
    let state = |s: Option<&StatusView>| s.map_or("missing".to_string(), |s| s.state.clone());
    let mut lines = Vec::new();
    for init in &report.initiatives {
        lines.push(Line {
            id: &init.id,
            state: state(init.status.as_ref()),
            priority: None,
            title: init.title.as_deref().unwrap_or(""),
            effort: None,
            furthest: init.furthest.as_ref(),
        });
        for wp in &init.work_packages {
            lines.push(Line {
                id: &wp.id,
                state: state(wp.status.as_ref()),
                priority: Some(wp.priority.as_ref().map_or("-".to_string(), |p| {
                    p.level.map_or(p.raw.clone(), |l| l.as_str().to_string())
                })),
                title: &wp.title,
                effort: wp.effort.as_ref().map(|e| e.raw.as_str()),
                furthest: wp.furthest.as_ref(),
            });
        }
    }
    for adr in &report.adrs.items {
        lines.push(Line {
            id: &adr.id,
            state: state(adr.status.as_ref()),
            priority: None,
            title: git_plan::report::bare_title(
                &adr.title,
                adr.number.as_deref().and_then(|n| n.parse().ok()),
            ),
            effort: None,
            furthest: adr.furthest.as_ref(),
        });
    }
    let iw = lines.iter().map(|l| ui::columns(l.id)).max().unwrap_or(0);
    let sw = lines
        .iter()
        .map(|l| ui::columns(&l.state))
        .max()
        .unwrap_or(0);
    let pw = lines
        .iter()
        .filter_map(|l| l.priority.as_deref().map(|p| ui::columns(p).min(11)))
        .max();
    for l in &lines {
        let priority = match (pw, &l.priority) {
            (Some(pw), Some(p)) => format!("{:<pw$}  ", ui::cut(p, 11)),
            (Some(pw), None) => format!("{:<pw$}  ", ""),
            (None, _) => String::new(),
        };
        let mut effort = l.effort.map(|e| format!("  {e}")).unwrap_or_default();
        if let Some(f) = l.furthest {
            effort.push_str(&format!("  [{} on {}]", f.state, f.branch));
        }
        let used = iw + 2 + sw + 2 + ui::columns(&priority) + ui::columns(&effort);
        let title = ui::cut(l.title, ui::room(width, used));
        writeln!(
            out,
            "{}  {}  {priority}{title}{}",
            paint(ui::BOLD, &format!("{:<iw$}", l.id)),
            paint(ui::state_style(&l.state), &format!("{:<sw$}", l.state)),
            paint(ui::DIM, &effort),
        )?;
    }
    Ok(())
}

/// The report as text; raw values that would take a line past `width`
/// columns are cut (`--json` keeps them whole).
fn render(
    out: &mut impl Write,
    report: &StatusReport,
    root: &str,
    with_history: bool,
    width: Option<usize>,
) -> std::io::Result<()> {
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
        ui::plural(report.initiatives.len()),
        wps,
        ui::plural(wps),
        report.adrs.total,
        ui::plural(report.adrs.total),
    )?;
    if let Some(at) = &report.at {
        writeln!(out, "{}", paint(ui::DIM, &format!("as of commit {at}")))?;
    }
    for init in &report.initiatives {
        writeln!(out)?;
        initiative(out, init, with_history, width)?;
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
            adr_groups(out, &report.adrs.items, width)?;
        }
    }
    if let Some(branches) = &report.branches {
        super::branches::summary(out, branches)?;
    }
    Ok(())
}

/// How many ADRs of one state are listed before the rest are counted.
const ADR_GROUP_LIMIT: usize = 10;

/// The order ADR groups are shown in: what holds first.
const ADR_GROUP_ORDER: [&str; 7] = [
    "accepted",
    "proposed",
    "superseded",
    "deprecated",
    "rejected",
    "unknown",
    "missing",
];

/// The ADRs grouped by state (in [`ADR_GROUP_ORDER`]), number and title;
/// past [`ADR_GROUP_LIMIT`] in a group, the rest is a count and the
/// command that lists them.
fn adr_groups(
    out: &mut impl Write,
    adrs: &[git_plan::report::AdrView],
    width: Option<usize>,
) -> std::io::Result<()> {
    let state_of = |a: &git_plan::report::AdrView| {
        a.status
            .as_ref()
            .map_or("missing".to_string(), |s| s.state.clone())
    };
    let number = |a: &git_plan::report::AdrView| -> Option<u32> {
        a.number.as_deref().and_then(|n| n.parse().ok())
    };
    for state in ADR_GROUP_ORDER {
        let mut group: Vec<&git_plan::report::AdrView> =
            adrs.iter().filter(|a| state_of(a) == state).collect();
        if group.is_empty() {
            continue;
        }
        group.sort_by_key(|a| (number(a).is_none(), number(a), a.path.as_str()));
        writeln!(out, "  {}", paint(ui::state_style(state), state))?;
        for a in group.iter().take(ADR_GROUP_LIMIT) {
            let n = number(a).map_or("-   ".to_string(), |n| format!("{n:04}"));
            let by = if a.superseded_by.is_empty() || state != "superseded" {
                String::new()
            } else {
                let ids: Vec<&str> = a
                    .superseded_by
                    .iter()
                    .map(|id| id.trim_start_matches("adr-"))
                    .collect();
                format!("  (by {})", ids.join(", "))
            };
            let title = git_plan::report::bare_title(&a.title, number(a));
            let title = ui::cut(title, ui::room(width, 4 + 4 + 2 + ui::columns(&by)));
            writeln!(out, "    {n}  {title}{}", paint(ui::DIM, &by))?;
            super::branches::marks(out, "          ", &a.branches)?;
        }
        if group.len() > ADR_GROUP_LIMIT {
            let more = group.len() - ADR_GROUP_LIMIT;
            let hint = format!("git plan adr list --status {state}");
            writeln!(
                out,
                "{}",
                paint(ui::DIM, &format!("    … and {more} more {state} ({hint})"))
            )?;
        }
    }
    Ok(())
}

fn initiative(
    out: &mut impl Write,
    init: &InitiativeView,
    with_history: bool,
    width: Option<usize>,
) -> std::io::Result<()> {
    let since = init
        .status
        .as_ref()
        .map(|s| since_text(s, with_history))
        .unwrap_or_default();
    // The raw value gets what the rest of the line leaves of the width.
    let fit = |s: &StatusView, note: &str| {
        let used = ui::columns(&init.id) + 2 + ui::columns(&s.state) + 3 + ui::columns(note);
        ui::cut(&s.raw, ui::room(width, used + ui::columns(&since))).into_owned()
    };
    let (state, raw) = match &init.status {
        Some(s) => match s.derived {
            Some(_) => {
                let at = s.at.to_string();
                let file = at.rsplit('/').next().unwrap_or(&at);
                let note = format!(", from {file}");
                (s.state.as_str(), format!(" ({}{note})", fit(s, &note)))
            }
            None => (s.state.as_str(), format!(" ({})", fit(s, ""))),
        },
        None if init.looked_in.is_empty() => (
            "missing",
            " (no START-HERE.md or README.md, and no document gives a status)".to_string(),
        ),
        None => (
            "missing",
            format!(" (no status line in {})", init.looked_in.join(" or ")),
        ),
    };
    writeln!(
        out,
        "{}  {}{}{}",
        paint(ui::BOLD, &init.id),
        paint(ui::state_style(state), state),
        paint(ui::DIM, &raw),
        paint(ui::DIM, &since)
    )?;
    super::branches::marks(out, "  ", &init.branches)?;
    if let Some(title) = &init.title {
        writeln!(out, "  {title}")?;
    }
    let passed: Vec<String> = init
        .checkpoints
        .iter()
        .filter_map(|c| {
            let by = c.approved_by.as_ref()?;
            Some(format!(
                "{} {} by {by}",
                c.state.as_deref().unwrap_or("?"),
                day(&c.at.date)
            ))
        })
        .collect();
    if !passed.is_empty() {
        writeln!(
            out,
            "{}",
            paint(ui::DIM, &format!("  approved: {}", passed.join("; ")))
        )?;
    }
    for wp in &init.work_packages {
        work_package(out, wp, with_history, width)?;
    }
    Ok(())
}

/// `  since 2026-01-02 by Ada, 3d 4h`, `  (not committed)`, or nothing.
fn since_text(status: &StatusView, with_history: bool) -> String {
    match &status.since {
        Some(m) => {
            let age = status
                .seconds_in_state
                .map(|s| format!(", {}", human_duration(s)))
                .unwrap_or_default();
            match &m.author {
                Some(author) => format!("  since {} by {author}{age}", day(&m.date)),
                None => format!("  since {}", day(&m.date)),
            }
        }
        None if with_history => "  (not committed)".to_string(),
        None => String::new(),
    }
}

fn day(date: &Option<git_plan::history::timeline::Shared>) -> String {
    date.as_deref().map_or("an unknown date".to_string(), |d| {
        d.get(..10).unwrap_or(d).to_string()
    })
}

/// A work package's line: number, state (with the value as written when
/// it is no known state), priority, title, criteria and effort; the raw
/// values (an unknown status, priority or effort as written) cut to what
/// `width` leaves them, in that order of need.
fn work_package(
    out: &mut impl Write,
    wp: &WorkPackageView,
    with_history: bool,
    width: Option<usize>,
) -> std::io::Result<()> {
    let state = wp.status.as_ref().map_or("missing".to_string(), |s| {
        if s.verified == Some(false) {
            format!("{} (unverified)", s.state)
        } else {
            s.state.clone()
        }
    });
    let unknown_raw = wp.status.as_ref().filter(|s| s.state == "unknown");
    let priority = wp.priority.as_ref().map_or("-".to_string(), |p| {
        p.level.map_or(p.raw.clone(), |l| l.as_str().to_string())
    });
    let number = format!("    {:<4}", wp.number.as_deref().unwrap_or("-"));
    let criteria = wp
        .success_criteria
        .filter(|p| p.total > 0)
        .map(|p| format!("  criteria {}/{}", p.done, p.total))
        .unwrap_or_default();
    // A placeholder effort is no estimate: it says so instead.
    let effort =
        wp.effort.as_ref().map(|e| e.raw.as_str()).or_else(|| {
            report::placeholder_of(&wp.placeholders, EFFORT_KEYS).map(|_| "not estimated")
        });
    // Columns of everything but the raw values, then each raw value
    // (status, priority, effort) takes what is left, at least MIN_CUT.
    let mut used = ui::columns(&number)
        + ui::columns(&state).max(21)
        + 2
        + 2
        + ui::columns(&wp.title)
        + ui::columns(&criteria)
        + effort.map_or(0, |_| 2);
    let state_text = match unknown_raw {
        Some(s) => {
            used += 3;
            let room = ui::room(
                width,
                used + ui::columns(&priority).max(11) + effort.map_or(0, ui::columns),
            );
            let raw = ui::cut(&s.raw, room);
            used += ui::columns(&raw);
            format!("{state} ({raw})")
        }
        None => format!("{state:<21}"),
    };
    let priority = ui::cut(
        &priority,
        ui::room(width, used + effort.map_or(0, ui::columns)),
    )
    .into_owned();
    used += ui::columns(&priority).max(11);
    let mut line = format!(
        "{number}{}  {:<11}  {}{criteria}",
        paint(ui::state_style(&state), &state_text),
        priority,
        wp.title
    );
    if let Some(e) = effort {
        let e = ui::cut(e, ui::room(width, used));
        line.push_str(&paint(ui::DIM, &format!("  {e}")));
    }
    writeln!(out, "{line}")?;
    if let Some(s) = &wp.status {
        let since = since_text(s, with_history);
        if !since.is_empty() {
            writeln!(
                out,
                "{}",
                paint(ui::DIM, &format!("         {}", since.trim_start()))
            )?;
        }
    }
    super::branches::marks(out, "         ", &wp.branches)?;
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

/// A filter value that names nothing is a usage error.
pub fn filter_error(e: git_plan::report::filter::FilterError) -> CommandError {
    CommandError::usage(e.to_string())
}

impl StatusArgs {
    /// Whether the output goes through the pager: not JSON.
    pub fn pages(&self) -> bool {
        !self.json
    }
}
