use std::collections::BTreeMap;
use std::io::Write;

use clap::Args;
use git_plan::report::next::{self, NextItem, NextReport};
use git_plan::tree::id::{self, Target};
use git_plan::tree::plan_tree::{InitiativeIndex, PlanTree};
use git_plan::workspace::Workspace;

use crate::error::CommandError;
use crate::ui::{self, paint};
use crate::Ctx;

/// Show the work packages that can start now.
///
/// A work package can start when it is ready and every dependency is
/// complete (an ADR it depends on: accepted). They are listed HIGH before
/// MEDIUM before LOW (no priority last), then in the initiative's priority
/// order (the `Priority Order` section of its START-HERE.md or README.md;
/// number order without one), then by number; each with why it is ready
/// and what it unblocks. In-progress and blocked work packages are never
/// "next". Exits 0 when nothing is ready, and says why.
#[derive(Debug, Args)]
pub struct NextArgs {
    /// Limit the list to one initiative.
    initiative: Option<String>,

    /// Also list what is waiting (and on what), in progress, blocked or not
    /// ready yet.
    #[arg(long)]
    all: bool,

    #[command(flatten)]
    history: super::HistoryOpts,

    /// Print JSON (`"version": 2`) instead of text.
    #[arg(long)]
    json: bool,

    #[command(flatten)]
    branches: super::branches::BranchOpts,
}

pub fn run(ctx: &Ctx, args: &NextArgs) -> Result<(), CommandError> {
    let ws = super::workspace(ctx)?;
    // Work in flight on another branch is not offered.
    let branches = match args.branches.settings(&ws)? {
        Some(settings) => Some(super::branches::read(
            ctx,
            &ws,
            &settings,
            !args.history.no_cache,
        )?),
        None => None,
    };
    super::work_tree::report(ctx, &ws, &args.history, |tree, history| {
        let scope = match &args.initiative {
            Some(q) => Some(initiative_of(tree, q)?),
            None => None,
        };
        let orders = priority_orders(&ws, tree, scope);
        let mut report = next::next_report(tree, scope, history, &orders);
        if let Some((_, states)) = &branches {
            states.hold_back(&mut report);
        }
        if !args.all {
            report.waiting.clear();
            report.in_progress.clear();
            report.blocked.clear();
            report.not_ready.clear();
        }
        if args.json {
            ui::json(&report)?;
        } else {
            render(&mut anstream::stdout(), &report, args.all)?;
        }
        ui::leak(report);
        Ok(())
    })
}

/// The initiative `query` names: an initiative, or a document of its
/// folder that stands for it (its START-HERE.md or README.md).
pub fn initiative_of(tree: &PlanTree<()>, query: &str) -> Result<InitiativeIndex, CommandError> {
    match id::resolve(tree, query)? {
        Target::Initiative(i) => Ok(i),
        Target::Document(d) => {
            let doc = &tree.documents[d];
            let standing_for = tree
                .indexed_initiatives()
                .find(|(_, init)| init.entry_doc == Some(d) || init.status_doc == Some(d));
            match standing_for {
                Some((i, _)) => Ok(i),
                None => Err(CommandError::new(format!(
                    "`{query}` is {}, not an initiative",
                    doc.id()
                ))
                .hint(match &doc.initiative {
                    Some(folder) => format!("Run `git plan next {folder}`, its initiative."),
                    None => "Run `git plan status` to list the initiatives.".to_string(),
                })),
            }
        }
    }
}

/// Each initiative's priority order, from its START-HERE.md or README.md
/// (the first that writes one). Only initiatives with two work packages or
/// more are read: one alone needs no order.
fn priority_orders(
    ws: &Workspace,
    tree: &PlanTree<()>,
    scope: Option<InitiativeIndex>,
) -> BTreeMap<InitiativeIndex, Vec<git_plan::tree::plan_tree::DocIndex>> {
    let mut orders = BTreeMap::new();
    for (i, init) in tree.indexed_initiatives() {
        if scope.is_some_and(|s| s != i) || tree.work_packages(init).nth(1).is_none() {
            continue;
        }
        for doc in next::order_documents(tree, i) {
            // A file that cannot be read now gives no order: number order stands.
            let Ok(text) = std::fs::read_to_string(ws.root.join(&doc.path)) else {
                continue;
            };
            let order = next::priority_order(tree, doc, &text);
            if !order.is_empty() {
                orders.insert(i, order);
                break;
            }
        }
    }
    orders
}

fn render(out: &mut impl Write, report: &NextReport, all: bool) -> std::io::Result<()> {
    let place = report
        .initiative
        .as_deref()
        .map(|i| format!(" in {i}"))
        .unwrap_or_default();
    match &report.nothing_ready {
        Some(why) => writeln!(out, "{why}")?,
        None => {
            writeln!(
                out,
                "{}",
                paint(ui::BOLD, &format!("Ready to start{place}:"))
            )?;
            for item in &report.ready {
                entry(out, item)?;
            }
        }
    }
    if all {
        for (heading, items) in [
            ("Waiting on dependencies", &report.waiting),
            ("In progress", &report.in_progress),
            ("Blocked", &report.blocked),
            ("Not ready", &report.not_ready),
        ] {
            if items.is_empty() {
                continue;
            }
            writeln!(out)?;
            writeln!(out, "{}", paint(ui::BOLD, &format!("{heading}:")))?;
            for item in items {
                entry(out, item)?;
            }
        }
    }
    Ok(())
}

/// `  01  HIGH  One  3-4h agentic + 1h review`, then why, then what it unblocks.
fn entry(out: &mut impl Write, item: &NextItem) -> std::io::Result<()> {
    let priority = item.priority.as_ref().map_or("-".to_string(), |p| {
        p.level.map_or(p.raw.clone(), |l| l.as_str().to_string())
    });
    let mut line = format!(
        "  {}  {:<11}  {}",
        paint(ui::BOLD, &item.name),
        priority,
        item.title
    );
    if let Some(e) = &item.effort {
        line.push_str(&paint(ui::DIM, &format!("  {}", e.raw)));
    }
    writeln!(out, "{line}")?;
    writeln!(
        out,
        "      {}",
        paint(ui::state_style(&item.state), &item.why)
    )?;
    if !item.unblocks.is_empty() {
        writeln!(
            out,
            "      {}",
            paint(ui::DIM, &format!("unblocks {}", item.unblocks.join(", ")))
        )?;
    }
    Ok(())
}
