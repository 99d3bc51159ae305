use clap::Args;
use git_plan::workspace::Workspace;
use git_plan::write::scaffold;

use crate::error::CommandError;
use crate::Ctx;

/// Create the engineering root (.engineering/), committed as one commit.
///
/// plan.toml with commented defaults, templates/, artifacts/planning/ and
/// artifacts/adr/.
///
/// The root is .engineering/ at the top of the work tree unless
/// `git config plan.root` names another directory. Existing files are never
/// overwritten.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Write the files but do not commit them.
    #[arg(long)]
    no_commit: bool,

    /// Commit although HEAD is detached (as in a submodule after `git
    /// submodule update`), where no branch keeps the commit.
    #[arg(long)]
    detached_ok: bool,
}

pub fn run(ctx: &Ctx, args: &InitArgs) -> Result<(), CommandError> {
    let ws = Workspace::discover_unchecked(&ctx.location)?;
    super::configured(ctx, &ws);
    let lock = super::lock(&ws)?;
    let change = scaffold::plan_init(&ws)?;
    let shown = if ws.root_rel.is_empty() {
        ".".to_string()
    } else {
        format!("{}/", ws.root_rel)
    };
    super::apply_change(
        &ws,
        &change,
        args.no_commit,
        args.detached_ok,
        &format!("Initialised {shown}"),
        &lock,
    )
}
