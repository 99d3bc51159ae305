//! Installing the hook shims of `hooks/` into a repository: next to any
//! hook that is already there (kept as `<hook>.legacy` and run first, as the
//! pre-commit framework does), idempotently, and reversibly.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::write::git::{self, GitError};

/// The hooks git-plan provides.
pub const HOOKS: [&str; 3] = ["pre-commit", "pre-push", "pre-merge-commit"];

/// The line that marks a file as our shim.
const MARKER: &str = "# git-plan hook shim";

/// The shim for `hook`, as shipped in `hooks/`.
pub fn shim(hook: &str) -> Option<&'static str> {
    match hook {
        "pre-commit" => Some(include_str!("../../hooks/pre-commit")),
        "pre-push" => Some(include_str!("../../hooks/pre-push")),
        "pre-merge-commit" => Some(include_str!("../../hooks/pre-merge-commit")),
        _ => None,
    }
}

#[derive(Debug, thiserror::Error)]
pub enum HookError {
    #[error(
        "`{0}` is not a hook git-plan provides (it has: pre-commit, pre-push, pre-merge-commit)"
    )]
    Unknown(String),
    #[error("core.hooksPath is set to `{path}`: git runs the hooks there, which another tool (husky, lefthook, ...) manages; nothing was installed")]
    HooksPath { path: String },
    #[error("cannot change {path}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Git(#[from] GitError),
}

/// What is in place for one hook.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HookState {
    /// No hook.
    Missing,
    /// Our shim.
    Installed,
    /// Our shim, running the previous hook (`.legacy`) first.
    Chained,
    /// Someone else's hook; ours is not installed.
    Foreign,
}

/// What an install or uninstall did for one hook.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    Installed,
    /// Installed, with the existing hook kept as `.legacy`.
    Chained,
    AlreadyInstalled,
    Removed,
    /// Removed, and the `.legacy` hook moved back in place.
    Restored,
    NotInstalled,
}

/// The directory git runs hooks from for the repository at `repo_dir`
/// (right for linked worktrees), or the `core.hooksPath` error.
pub fn hooks_dir(repo_dir: &Path) -> Result<PathBuf, HookError> {
    if let Ok(path) = git::git(repo_dir, &["config", "--get", "core.hooksPath"]) {
        if !path.trim().is_empty() {
            return Err(HookError::HooksPath {
                path: path.trim().to_string(),
            });
        }
    }
    let dir = git::git(
        repo_dir,
        &["rev-parse", "--path-format=absolute", "--git-path", "hooks"],
    )?;
    Ok(PathBuf::from(dir))
}

pub fn check_names(names: &[String]) -> Result<(), HookError> {
    match names.iter().find(|n| shim(n).is_none()) {
        Some(bad) => Err(HookError::Unknown(bad.clone())),
        None => Ok(()),
    }
}

fn is_ours(path: &Path) -> bool {
    std::fs::read_to_string(path).is_ok_and(|t| t.lines().any(|l| l.starts_with(MARKER)))
}

fn legacy(dir: &Path, hook: &str) -> PathBuf {
    dir.join(format!("{hook}.legacy"))
}

pub fn state(dir: &Path, hook: &str) -> HookState {
    let path = dir.join(hook);
    if !path.exists() {
        HookState::Missing
    } else if !is_ours(&path) {
        HookState::Foreign
    } else if legacy(dir, hook).exists() {
        HookState::Chained
    } else {
        HookState::Installed
    }
}

pub fn install(dir: &Path, hooks: &[String]) -> Result<Vec<(String, Action)>, HookError> {
    check_names(hooks)?;
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| HookError::Io { path, source }
    };
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let mut done = Vec::new();
    for hook in hooks {
        let path = dir.join(hook);
        let text = shim(hook).unwrap_or_default();
        let action = match state(dir, hook) {
            HookState::Installed | HookState::Chained => {
                // Refresh the shim if an older one is there; never touch .legacy.
                if std::fs::read_to_string(&path).ok().as_deref() != Some(text) {
                    write_executable(&path, text)?;
                }
                Action::AlreadyInstalled
            }
            HookState::Foreign => {
                let keep = legacy(dir, hook);
                if keep.exists() {
                    return Err(HookError::Io {
                        path: keep,
                        source: std::io::Error::new(
                            std::io::ErrorKind::AlreadyExists,
                            "a .legacy hook is already there; move it away first",
                        ),
                    });
                }
                std::fs::rename(&path, &keep).map_err(io(&path))?;
                write_executable(&path, text)?;
                Action::Chained
            }
            HookState::Missing => {
                write_executable(&path, text)?;
                Action::Installed
            }
        };
        done.push((hook.clone(), action));
    }
    Ok(done)
}

pub fn uninstall(dir: &Path, hooks: &[String]) -> Result<Vec<(String, Action)>, HookError> {
    check_names(hooks)?;
    let mut done = Vec::new();
    for hook in hooks {
        let path = dir.join(hook);
        let action = match state(dir, hook) {
            HookState::Missing | HookState::Foreign => Action::NotInstalled,
            HookState::Installed => {
                std::fs::remove_file(&path).map_err(|source| HookError::Io {
                    path: path.clone(),
                    source,
                })?;
                Action::Removed
            }
            HookState::Chained => {
                let keep = legacy(dir, hook);
                std::fs::rename(&keep, &path).map_err(|source| HookError::Io {
                    path: keep.clone(),
                    source,
                })?;
                Action::Restored
            }
        };
        done.push((hook.clone(), action));
    }
    Ok(done)
}

fn write_executable(path: &Path, text: &str) -> Result<(), HookError> {
    let io = |source| HookError::Io {
        path: path.to_path_buf(),
        source,
    };
    std::fs::write(path, text).map_err(io)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).map_err(io)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shims_are_marked_and_call_the_hook() {
        for h in HOOKS {
            let text = shim(h).unwrap();
            assert!(text.starts_with("#!/bin/sh\n"));
            assert!(text.lines().any(|l| l.starts_with(MARKER)), "{h}");
            assert!(text.contains(&format!("git plan hook {h}")), "{h}");
            assert!(text.contains(&format!("{h}.legacy")), "{h}");
        }
    }

    #[test]
    fn install_chain_and_restore() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("pre-commit"), "#!/bin/sh\necho mine\n").unwrap();
        let names: Vec<String> = HOOKS.iter().map(|s| s.to_string()).collect();
        let done = install(d, &names).unwrap();
        assert_eq!(done[0], ("pre-commit".to_string(), Action::Chained));
        assert_eq!(done[1], ("pre-push".to_string(), Action::Installed));
        assert_eq!(state(d, "pre-commit"), HookState::Chained);
        let again = install(d, &names).unwrap();
        assert!(again.iter().all(|(_, a)| *a == Action::AlreadyInstalled));
        let undone = uninstall(d, &names).unwrap();
        assert_eq!(undone[0].1, Action::Restored);
        assert_eq!(
            std::fs::read_to_string(d.join("pre-commit")).unwrap(),
            "#!/bin/sh\necho mine\n"
        );
        assert!(!d.join("pre-push").exists());
        assert!(!d.join("pre-commit.legacy").exists());
        assert!(install(d, &["post-commit".to_string()]).is_err());
    }
}
