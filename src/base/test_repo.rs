//! For unit tests: a new git repository in a temporary directory, made by
//! the `git` command with the user's and the system's configuration left
//! out.

#![allow(clippy::unwrap_used)]

/// `git init` in a new temporary directory, which is removed when the
/// returned value is dropped.
pub(crate) fn git_init() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let status = std::process::Command::new("git")
        .args(["init", "--quiet"])
        .arg(dir.path())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .status()
        .unwrap();
    assert!(status.success(), "git init failed");
    dir
}
