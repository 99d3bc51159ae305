//! `git plan completions SHELL`: shell completion scripts generated from
//! the clap definitions, so that they always match the commands.

use std::io::Write;

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use crate::error::CommandError;
use crate::Ctx;

/// Print a shell completion script for git-plan.
///
/// bash: `git plan completions bash > ~/.local/share/bash-completion/completions/git-plan`
/// (or source it from ~/.bashrc); it completes `git-plan ...` and, through
/// git's own completion (which calls `_git_plan`), `git plan ...`.
/// zsh: write it as `_git-plan` in a directory of `$fpath`.
/// fish: `git plan completions fish > ~/.config/fish/completions/git-plan.fish`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    shell: Shell,
}

/// The bash function git's completion calls for `git plan ...`
/// (git-completion.bash runs `_git_<command>` when it is defined): it hands
/// the words after `plan` to the generated `_gitplan`, as if `git-plan`
/// had been typed.
const BASH_GIT_SUBCOMMAND: &str = r#"
# `git plan <TAB>`: git's completion calls _git_plan for the subcommand.
_git_plan() {
    local i plan_at=0
    for ((i = 1; i < ${#COMP_WORDS[@]}; i++)); do
        if [[ ${COMP_WORDS[i]} == plan ]]; then
            plan_at=$i
            break
        fi
    done
    ((plan_at > 0 && COMP_CWORD > plan_at)) || return 0
    local -a COMP_WORDS=("git-plan" "${COMP_WORDS[@]:plan_at+1}")
    local COMP_CWORD=$((COMP_CWORD - plan_at))
    _gitplan git-plan "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
}
"#;

pub fn run(_ctx: &Ctx, args: &CompletionsArgs) -> Result<(), CommandError> {
    let script = match args.shell {
        Shell::Bash => bash(),
        shell => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut crate::Cli::command(), "git-plan", &mut script);
            script
        }
    };
    std::io::stdout().write_all(&script)?;
    Ok(())
}

/// The bash script. clap_complete's bash generator derives the names of
/// its per-command cases from the binary's name in two ways that disagree
/// when the name holds a `-` (`git__plan` in one place,
/// `git__subcmd__plan` in another, with the nesting depth off by one), so
/// that nothing after the first word completes. It is generated for the
/// name `gitplan` and registered for `git-plan`; the generated function
/// takes the command name from its first argument, which bash passes.
fn bash() -> Vec<u8> {
    let mut script = Vec::new();
    clap_complete::generate(
        Shell::Bash,
        &mut crate::Cli::command(),
        "gitplan",
        &mut script,
    );
    let text = String::from_utf8_lossy(&script);
    let mut out = String::with_capacity(text.len() + BASH_GIT_SUBCOMMAND.len());
    for line in text.lines() {
        match line.trim_start().strip_prefix("complete -F _gitplan") {
            Some(rest) => {
                let options = rest.trim_end().strip_suffix(" gitplan").unwrap_or(rest);
                let indent = &line[..line.len() - line.trim_start().len()];
                out.push_str(&format!("{indent}complete -F _gitplan{options} git-plan"));
            }
            None => out.push_str(line),
        }
        out.push('\n');
    }
    out.push_str(BASH_GIT_SUBCOMMAND);
    out.into_bytes()
}
