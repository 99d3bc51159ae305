use std::io::Write;

use clap::Args;
use git_plan::tree::plan_tree::PlanTree;
use git_plan::write::plan_edit::{self, FieldValue, PlanEditError};
use git_plan::write::transition::{self, Verb};

use super::transition::TransitionOpts;
use crate::error::CommandError;
use crate::ui;
use crate::Ctx;

/// Set a document's status, priority or effort, as one commit.
///
/// `status=` takes a canonical state (`ready`) or any synonym (`Ready for
/// Implementation`); from an unknown or missing status any state of the
/// lifecycle may be set. `priority=` takes HIGH, MEDIUM or LOW (any case,
/// a reason in parentheses kept), `effort=` an estimate such as
/// `2-4h agentic + 1h review`. A field that is there has only its value
/// replaced; a missing one is added below the header's last metadata line,
/// in its style. Several may be given; they make one commit.
#[derive(Debug, Args)]
pub struct SetArgs {
    /// The document or initiative.
    id: String,
    /// `status=VALUE`, `priority=VALUE`, `effort=VALUE`.
    #[arg(value_name = "key=VALUE", required = true)]
    assignments: Vec<String>,
    #[command(flatten)]
    opts: TransitionOpts,
}

pub fn run(ctx: &Ctx, args: &SetArgs) -> Result<(), CommandError> {
    let mut status = None;
    let mut fields: Vec<FieldValue> = Vec::new();
    for assignment in &args.assignments {
        let Some((key, value)) = assignment.split_once('=') else {
            return Err(CommandError::usage(format!(
                "expected key=VALUE, got `{assignment}`"
            )));
        };
        let value = value.trim().to_string();
        super::one_line(&format!("{}=VALUE", key.trim()), &value)?;
        if key.trim() == "status" {
            if status.replace(value).is_some() {
                return Err(CommandError::usage("status is given more than once"));
            }
            continue;
        }
        fields.push(plan_edit::field_value(key, &value).map_err(|e| {
            match e {
                PlanEditError::UnknownField { .. } => CommandError::usage(e.to_string())
                    .hint("Set status, priority or effort; edit other fields by hand."),
                other => CommandError::from(other),
            }
        })?);
    }
    if fields.is_empty() {
        // Only the status: the transition, as before.
        let value = status.unwrap_or_default();
        return super::transition::run(ctx, &args.id, &args.opts, move |ws, tree, index| {
            let state =
                transition::state_named(&tree.documents[index], &ws.config.synonyms, &value)?;
            Ok(Verb::Set { state })
        });
    }
    let ws = super::workspace(ctx)?;
    let lock = super::lock(&ws)?;
    let tree = PlanTree::read(&ws)?;
    let index = super::transition::target(&tree, &args.id)?;
    let doc = &tree.documents[index];
    let planned = match &status {
        Some(value) => {
            let state = transition::state_named(doc, &ws.config.synonyms, value)?;
            Some(transition::plan(
                &tree,
                doc,
                &Verb::Set { state },
                args.opts.force,
            )?)
        }
        None => None,
    };
    let id = transition::subject_id(doc);
    let moved = planned.as_ref().map(|t| format!("{} -> {}", t.from, t.to));
    let overrides = planned
        .as_ref()
        .map(|t| t.overrides.clone())
        .unwrap_or_default();
    let Some(change) = plan_edit::plan_fields(doc, &id, &fields, planned.map(|t| t.change))? else {
        let mut out = anstream::stdout();
        writeln!(out, "{id}: already set; nothing to commit")?;
        return Ok(());
    };
    let committed = super::transition::commit(&ws, &lock, &change, &args.opts.commit, "edit")?;
    let mut err = anstream::stderr();
    for g in &overrides {
        writeln!(
            err,
            "{}: guard `{}` overridden with --force",
            ui::paint(ui::YELLOW, "Note"),
            g.as_str()
        )?;
    }
    let set: Vec<String> = fields
        .iter()
        .map(|f| format!("{}={}", f.kind.name(), f.value))
        .collect();
    let mut out = anstream::stdout();
    let what = moved.into_iter().chain(set).collect::<Vec<_>>().join(", ");
    writeln!(out, "{}: {what}", ui::paint(ui::BOLD, &id))?;
    super::transition::report_commit(&ws, &change, committed.as_ref())
}
