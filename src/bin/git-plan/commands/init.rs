use clap::Args;
use git_plan::workspace::config::CONFIG_FILE;
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
}

pub fn run(ctx: &Ctx, args: &InitArgs) -> Result<(), CommandError> {
    let ws = Workspace::discover_unchecked(&ctx.location)?;
    let lock = super::lock(&ws)?;
    if ws.root.join(CONFIG_FILE).exists() {
        return Err(CommandError::new(format!(
            "{} is already initialised: {} exists",
            ws.display_path(""),
            ws.display_path(CONFIG_FILE)
        ))
        .hint("edit plan.toml to change the configuration"));
    }
    let mut change = scaffold::plan_init(&ws.root)?;
    // Keep-files only where the directory does not exist yet.
    change.creates.retain(|f| {
        !f.path.ends_with(".gitkeep")
            || !ws
                .root
                .join(&f.path)
                .parent()
                .is_some_and(|dir| dir.exists())
    });
    let shown = if ws.root_rel.is_empty() {
        ".".to_string()
    } else {
        format!("{}/", ws.root_rel)
    };
    super::apply_change(
        &ws,
        &change,
        args.no_commit,
        &format!("Initialised {shown}"),
        &lock,
    )
}
