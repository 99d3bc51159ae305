//! The pager, as git runs one: the human output of `status`, `log`, `show`,
//! `diff` and `adr list` goes through it when stdout is a terminal.
//!
//! Which pager (git's `pager.c` and `git.c`): `pager.plan` set to false
//! turns it off; else `GIT_PAGER`, then `pager.plan` when it names a
//! command, then `core.pager`, then `PAGER`, then `less`; an empty value or
//! `cat` means none. `--no-pager` (`-P`) turns it off, and so does
//! `git --no-pager plan`, which runs us with `GIT_PAGER=cat`. `LESS=FRX` and
//! `LV=-c` are set for it when unset. It runs as `sh -c "$pager"`, and
//! stdout (and stderr, when that is the terminal too) are redirected into
//! it, so every line a command writes, warnings included, reaches it in
//! order; at exit the pipe is closed and the pager waited for. Colour and
//! the width long values are cut to are decided for the terminal, before
//! the redirection, so they are as they would be without a pager. A pager
//! that quits early (the user leaves `less`) closes the pipe: the command
//! then stops writing and exits 0, like any closed pipe.

use std::io::{IsTerminal, Write};
use std::os::fd::OwnedFd;
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// A running pager that stdout (and maybe stderr) write into.
pub struct Pager {
    child: Child,
    /// The terminal's stdout and stderr, put back at [`Pager::finish`].
    stdout: OwnedFd,
    stderr: Option<OwnedFd>,
}

/// Starts the pager for a command run in `cwd`, unless `no_pager`, stdout
/// is not a terminal, or the configuration says none.
pub fn start(cwd: &Path, no_pager: bool) -> Option<Pager> {
    if no_pager || !std::io::stdout().is_terminal() {
        return None;
    }
    let command = choose(
        &config(cwd),
        std::env::var("GIT_PAGER").ok(),
        std::env::var("PAGER").ok(),
    )?;
    // Decided for the terminal, before stdout becomes a pipe.
    anstream::AutoStream::choice(&std::io::stdout()).write_global();
    crate::ui::remember_terminal_width();
    let mut cmd = Command::new("sh");
    cmd.arg("-c").arg(&command).stdin(Stdio::piped());
    if std::env::var_os("LESS").is_none() {
        cmd.env("LESS", "FRX");
    }
    if std::env::var_os("LV").is_none() {
        cmd.env("LV", "-c");
    }
    let mut child = cmd.spawn().ok()?;
    let pipe = child.stdin.take()?;
    let _ = std::io::stdout().flush();
    let redirected = (|| -> std::io::Result<(OwnedFd, Option<OwnedFd>)> {
        let stdout = rustix::io::dup(std::io::stdout())?;
        let stderr = if std::io::stderr().is_terminal() {
            Some(rustix::io::dup(std::io::stderr())?)
        } else {
            None
        };
        rustix::stdio::dup2_stdout(&pipe)?;
        // Stderr stays the terminal's if it cannot be redirected.
        let stderr = stderr.filter(|_| rustix::stdio::dup2_stderr(&pipe).is_ok());
        Ok((stdout, stderr))
    })();
    // Stdout (and stderr) hold the pipe now; this handle is not needed.
    drop(pipe);
    match redirected {
        Ok((stdout, stderr)) => {
            // While the pager runs, a Ctrl-C is the pager's: this process
            // waits for it before it exits (as git does).
            crate::signals::arm();
            Some(Pager {
                child,
                stdout,
                stderr,
            })
        }
        Err(_) => {
            // Nothing was redirected (or stdout is put back): no pager.
            let _ = child.kill();
            let _ = child.wait();
            None
        }
    }
}

impl Pager {
    /// Closes the pipe (stdout and stderr are the terminal's again) and
    /// waits for the pager to exit.
    pub fn finish(mut self) {
        let _ = std::io::stdout().flush();
        let _ = std::io::stderr().flush();
        let _ = rustix::stdio::dup2_stdout(&self.stdout);
        if let Some(err) = &self.stderr {
            let _ = rustix::stdio::dup2_stderr(err);
        }
        let _ = self.child.wait();
    }
}

/// What the git configuration says: `pager.plan` and `core.pager`, the last
/// value of each.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct PagerConfig {
    /// `pager.plan`, as written (`None` for a key without a value, which
    /// means true).
    pub plan: Option<Option<String>>,
    pub core: Option<String>,
}

/// Reads `pager.plan` and `core.pager` with `git config` (every file git
/// reads, `-c` included); nothing when git cannot tell.
fn config(cwd: &Path) -> PagerConfig {
    let output = Command::new("git")
        .arg("-C")
        .arg(cwd)
        .args([
            "config",
            "-z",
            "--get-regexp",
            r"^(pager\.plan|core\.pager)$",
        ])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output();
    match output {
        Ok(o) => parse_config(&String::from_utf8_lossy(&o.stdout)),
        Err(_) => PagerConfig::default(),
    }
}

/// `git config -z --get-regexp` output: `key\nvalue\0`, or `key\0` for a
/// key without a value.
fn parse_config(output: &str) -> PagerConfig {
    let mut config = PagerConfig::default();
    for entry in output.split('\0').filter(|e| !e.is_empty()) {
        let (key, value) = match entry.split_once('\n') {
            Some((k, v)) => (k, Some(v.to_string())),
            None => (entry, None),
        };
        match key {
            "pager.plan" => config.plan = Some(value),
            "core.pager" => config.core = value,
            _ => {}
        }
    }
    config
}

/// git's boolean spellings: `Some(true)`, `Some(false)`, or `None` for a
/// value that is a command.
fn boolean(value: &str) -> Option<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "on" | "1" => Some(true),
        "false" | "no" | "off" | "0" | "" => Some(false),
        _ => None,
    }
}

/// The pager command to run, `None` for none (see the module's comment).
fn choose(
    config: &PagerConfig,
    git_pager: Option<String>,
    pager: Option<String>,
) -> Option<String> {
    let mut program = config.core.clone();
    match &config.plan {
        Some(None) => {}
        Some(Some(value)) => match boolean(value) {
            Some(false) => return None,
            Some(true) => {}
            None => program = Some(value.clone()),
        },
        None => {}
    }
    let command = git_pager
        .or(program)
        .or(pager)
        .unwrap_or_else(|| "less".to_string());
    let command = command.trim();
    (!command.is_empty() && command != "cat").then(|| command.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> Option<String> {
        Some(v.to_string())
    }

    #[test]
    fn the_pager_is_chosen_as_git_chooses_it() {
        let none = PagerConfig::default();
        assert_eq!(choose(&none, None, None), s("less"));
        assert_eq!(choose(&none, None, s("more")), s("more"));
        assert_eq!(choose(&none, s("most"), s("more")), s("most"));
        // `git --no-pager plan` sets GIT_PAGER=cat; an empty value is none too.
        assert_eq!(choose(&none, s("cat"), s("more")), None);
        assert_eq!(choose(&none, s(""), None), None);
        let core = PagerConfig {
            plan: None,
            core: s("less -S"),
        };
        assert_eq!(choose(&core, None, s("more")), s("less -S"));
        assert_eq!(choose(&core, s("most"), None), s("most"));
        let plan = |v: Option<&str>| PagerConfig {
            plan: Some(v.map(str::to_string)),
            core: s("less -S"),
        };
        assert_eq!(choose(&plan(Some("false")), s("most"), None), None);
        assert_eq!(choose(&plan(Some("off")), None, None), None);
        assert_eq!(choose(&plan(Some("true")), None, None), s("less -S"));
        assert_eq!(choose(&plan(None), None, None), s("less -S"));
        assert_eq!(choose(&plan(Some("tig")), None, None), s("tig"));
        // GIT_PAGER still comes first, as in git.
        assert_eq!(choose(&plan(Some("tig")), s("most"), None), s("most"));
    }

    #[test]
    fn git_config_output_is_read_last_value_first() {
        assert_eq!(
            parse_config("core.pager\nless -S\0pager.plan\nfalse\0pager.plan\nmore\0"),
            PagerConfig {
                plan: Some(s("more")),
                core: s("less -S")
            }
        );
        assert_eq!(parse_config("pager.plan\0").plan, Some(None));
        assert_eq!(parse_config(""), PagerConfig::default());
    }
}
