//! Objects missing from a partial clone (`git clone --filter=blob:none`,
//! `--filter=tree:0`, what `scalar clone` makes), fetched from the promisor
//! remote in one batch, as git does for a batch of objects it lacks.
//!
//! gix does not fetch objects lazily, so the history walk collects the ids
//! it will need and are not in the object database (old versions of plan
//! files; for a treeless clone first the root trees) and hands them to
//! [`Promisor::fetch`], which runs what git's `promisor-remote.c`
//! (`fetch_objects`) runs: `git -c fetch.negotiationAlgorithm=noop fetch
//! <remote> --no-tags --no-write-fetch-head --recurse-submodules=no
//! --filter=blob:none --stdin`, with the ids on its standard input. The
//! remotes are tried in git's order: every `remote.<name>.promisor=true`
//! in the order of the configuration, and `extensions.partialClone`'s
//! remote last.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use gix::{ObjectId, Repository};

/// Whether the history may fetch what a partial clone lacks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Fetch {
    /// Fetch missing objects from the promisor remote (git's own behaviour).
    #[default]
    Promisor,
    /// Read only what is local (`--offline`): what is missing stays unknown.
    Offline,
}

/// Why missing objects could not be fetched.
#[derive(Debug, thiserror::Error)]
pub enum PromisorError {
    #[error("cannot run `git fetch` to get {count} missing objects from `{remote}`")]
    Spawn {
        remote: String,
        count: usize,
        #[source]
        source: std::io::Error,
    },
    #[error("`git fetch {remote}` of {count} missing objects failed: {stderr}")]
    Failed {
        remote: String,
        count: usize,
        stderr: String,
    },
}

/// The promisor remotes of a partial clone, in the order git tries them.
#[derive(Debug, Clone)]
pub struct Promisor {
    remotes: Vec<String>,
    git_dir: PathBuf,
    /// How many `git fetch` runs were made (each one round trip).
    fetches: usize,
}

impl Promisor {
    /// The promisor remotes of `repo`, `None` when it is no partial clone.
    pub fn of(repo: &Repository) -> Option<Promisor> {
        let config = repo.config_snapshot();
        let mut remotes: Vec<String> = Vec::new();
        if let Some(sections) = config.plumbing().sections_by_name("remote") {
            for section in sections {
                let Some(name) = section.header().subsection_name() else {
                    continue;
                };
                let name = name.to_string();
                if remotes.contains(&name) || name.starts_with('/') {
                    continue;
                }
                if config.boolean(format!("remote.{name}.promisor").as_str()) == Some(true) {
                    remotes.push(name);
                }
            }
        }
        if let Some(name) = config.string("extensions.partialClone") {
            let name = name.to_string();
            remotes.retain(|r| *r != name);
            remotes.push(name);
        }
        (!remotes.is_empty()).then(|| Promisor {
            remotes,
            git_dir: repo.git_dir().to_path_buf(),
            fetches: 0,
        })
    }

    /// How many fetches this promisor has run.
    pub fn fetches(&self) -> usize {
        self.fetches
    }

    /// Fetches `ids` (objects `repo` lacks) in one batch from the first
    /// promisor remote, and what is still missing after a failure from the
    /// next one, as git does. The error is the last remote's when some are
    /// still missing after every remote was tried.
    pub fn fetch(&mut self, repo: &Repository, ids: &[ObjectId]) -> Result<(), PromisorError> {
        let mut remaining: Vec<ObjectId> = ids.to_vec();
        let mut last = None;
        for remote in self.remotes.clone() {
            if remaining.is_empty() {
                break;
            }
            self.fetches += 1;
            match self.run(&remote, &remaining) {
                Ok(()) => return Ok(()),
                Err(e) => last = Some(e),
            }
            remaining = missing(repo, remaining);
        }
        match last {
            Some(e) if !remaining.is_empty() => Err(e),
            _ => Ok(()),
        }
    }

    fn run(&self, remote: &str, ids: &[ObjectId]) -> Result<(), PromisorError> {
        let spawn = |source| PromisorError::Spawn {
            remote: remote.to_string(),
            count: ids.len(),
            source,
        };
        let mut child = Command::new("git")
            .arg("--git-dir")
            .arg(&self.git_dir)
            .args(["-c", "fetch.negotiationAlgorithm=noop", "fetch", remote])
            .args([
                "--no-tags",
                "--no-write-fetch-head",
                "--recurse-submodules=no",
                "--filter=blob:none",
                "--stdin",
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(spawn)?;
        if let Some(mut input) = child.stdin.take() {
            let mut text = String::with_capacity(ids.len() * 41);
            for id in ids {
                text.push_str(&id.to_string());
                text.push('\n');
            }
            // A fetch that fails at once closes its input: its status and
            // message say why, not the broken pipe.
            let _ = input.write_all(text.as_bytes());
        }
        let out = child.wait_with_output().map_err(spawn)?;
        if out.status.success() {
            return Ok(());
        }
        Err(PromisorError::Failed {
            remote: remote.to_string(),
            count: ids.len(),
            stderr: String::from_utf8_lossy(&out.stderr).trim().to_string(),
        })
    }
}

/// Those of `ids` that are not in `repo`'s object database (gix looks for
/// new packs before it answers that an object is not there).
pub fn missing(repo: &Repository, ids: impl IntoIterator<Item = ObjectId>) -> Vec<ObjectId> {
    let mut out: Vec<ObjectId> = ids.into_iter().filter(|id| !repo.has_object(id)).collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// What a walk of a partial clone's history lacks: each batch of missing
/// objects fetched at once (with [`Fetch::Promisor`]), and what could not be
/// fetched counted, with the reason.
#[derive(Debug)]
pub(crate) struct Lacking {
    promisor: Promisor,
    fetch: Fetch,
    /// Objects still missing after the fetches.
    pub(crate) unread: usize,
    /// The last fetch's failure, as git told it.
    pub(crate) error: Option<String>,
}

impl Lacking {
    /// `None` when `repo` is no partial clone: then nothing is checked.
    pub(crate) fn of(repo: &Repository, fetch: Fetch) -> Option<Lacking> {
        Promisor::of(repo).map(|promisor| Lacking {
            promisor,
            fetch,
            unread: 0,
            error: None,
        })
    }

    /// Fetches those of `ids` that are missing, in one batch; returns the
    /// ones still missing (offline, or the fetch failed).
    pub(crate) fn ensure(
        &mut self,
        repo: &Repository,
        ids: impl IntoIterator<Item = ObjectId>,
    ) -> std::collections::HashSet<ObjectId> {
        let mut lacking = missing(repo, ids);
        if lacking.is_empty() {
            return Default::default();
        }
        if self.fetch == Fetch::Promisor {
            if let Err(e) = self.promisor.fetch(repo, &lacking) {
                self.error = Some(e.to_string());
            }
            lacking = missing(repo, lacking);
        }
        self.unread += lacking.len();
        lacking.into_iter().collect()
    }
}
