//! Finding the repository and the engineering root, as git would: from any
//! subdirectory or linked worktree, with `GIT_DIR` / `GIT_WORK_TREE` values
//! handed in by the caller (the library reads no environment itself).

pub mod collections;
pub mod config;

use std::path::{Path, PathBuf};

use crate::model::kind::{AdrCollection, ADR_DIR};
use crate::workspace::collections::Collection;
use crate::workspace::config::{ConfigError, PlanConfig, CONFIG_FILE};

/// The default engineering root, relative to the top of the work tree.
pub const DEFAULT_ROOT: &str = ".engineering";

/// Where to look for the repository.
#[derive(Debug, Clone, Default)]
pub struct Location {
    /// The directory the command runs in (after any `-C`).
    pub cwd: PathBuf,
    /// An explicit git directory (`GIT_DIR`, `--git-dir`).
    pub git_dir: Option<PathBuf>,
    /// An explicit work tree (`GIT_WORK_TREE`, `--work-tree`).
    pub work_tree: Option<PathBuf>,
    /// Configuration given on git's command line (`git -c key=value plan
    /// ...`, which git hands on in `GIT_CONFIG_PARAMETERS`), as `key=value`
    /// or a bare `key` (true): applied over every configuration file, as
    /// git does.
    pub config_parameters: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum RepoError {
    #[error("not a git repository (or any parent up to the root): {path}")]
    NotARepository {
        path: PathBuf,
        #[source]
        source: Box<gix::Error>,
    },
    #[error("cannot open the git repository at {path}")]
    Open {
        path: PathBuf,
        #[source]
        source: Box<gix::Error>,
    },
    /// gix is built for SHA-1 object ids only.
    #[error("{path} is a SHA-256 repository, which git plan does not support yet")]
    Sha256 { path: PathBuf },
    #[error("{path} is a bare repository; git plan needs a work tree")]
    Bare { path: PathBuf },
    #[error("no engineering root: {path} does not exist")]
    NoRoot { path: PathBuf },
    /// The root is, or lies in, a submodule that is not checked out: an
    /// empty directory (or none) where the index records a commit.
    #[error(
        "the engineering root {path} is in the submodule `{submodule}`, which is not initialised"
    )]
    UninitialisedSubmodule { path: PathBuf, submodule: String },
    #[error("the engineering root {path} is not a directory")]
    RootNotADirectory { path: PathBuf },
    #[error("the engineering root `{root}` ({origin}) lies outside the work tree")]
    RootOutsideWorkTree { root: String, origin: &'static str },
    #[error(transparent)]
    Config(#[from] ConfigError),
}

/// An opened repository and its engineering root.
pub struct Workspace {
    pub repo: gix::Repository,
    /// Top of the work tree.
    pub work_tree: PathBuf,
    /// Absolute path of the engineering root (it may not exist yet for `init`).
    pub root: PathBuf,
    /// The root relative to the work tree, `/`-separated, `""` for the top.
    pub root_rel: String,
    pub config: PlanConfig,
    /// When the root is a submodule (or any nested repository), its own work
    /// tree: history and commits for plan files go there.
    pub nested_repo: Option<PathBuf>,
    /// The directory the command runs in, relative to the top of the work
    /// tree (`/`-separated, `""` at the top); None when it is outside the
    /// work tree (`GIT_WORK_TREE` elsewhere). Human output shows paths from
    /// there, as git does ([`Workspace::shown_path`]).
    pub cwd_rel: Option<String>,
    /// Decision-record collections found in the work tree (see
    /// [`collections`]), in discovery order; their folders are also in
    /// `config.patterns.collections`, relative to the root. None when the
    /// root is a nested repository (they would lie in another one).
    pub collections: Vec<Collection>,
}

impl Workspace {
    /// Opens the repository and resolves the root, which must exist.
    pub fn discover(location: &Location) -> Result<Workspace, RepoError> {
        let ws = Self::discover_unchecked(location)?;
        if ws.nested_repo.is_none() && is_missing_or_empty(&ws.root) {
            if let Some(submodule) = gitlink_above(&ws.repo, &ws.root_rel) {
                return Err(RepoError::UninitialisedSubmodule {
                    path: ws.root,
                    submodule,
                });
            }
        }
        if !ws.root.exists() {
            return Err(RepoError::NoRoot { path: ws.root });
        }
        if !ws.root.is_dir() {
            return Err(RepoError::RootNotADirectory { path: ws.root });
        }
        Ok(ws)
    }

    /// Opens the repository for a command that reads the plans at
    /// revisions (`diff A..B`, `review`, `check --range` and `--rev`, `log
    /// --range`, `show --at`): [`Workspace::discover`], but a root missing
    /// from the work tree is no error yet, as `git diff` needs no work tree
    /// (a branch may add the plans, a checkout may predate them).
    /// [`Workspace::require_root_at`] then asks the revisions read.
    pub fn discover_for_revisions(location: &Location) -> Result<Workspace, RepoError> {
        match Self::discover(location) {
            Err(RepoError::NoRoot { .. }) => Self::discover_unchecked(location),
            other => other,
        }
    }

    /// `Ok` when the root is in the work tree or is a folder in the tree
    /// of one of `commits`; else the error [`Workspace::discover`] gives,
    /// so that a repository without plans is never read as one whose
    /// plans did not change.
    pub fn require_root_at(&self, commits: &[gix::ObjectId]) -> Result<(), RepoError> {
        if self.root.exists() {
            return Ok(());
        }
        let (repo, root) = self.plan_repo()?;
        let has_root = |commit: gix::ObjectId| -> Option<bool> {
            if root.is_empty() {
                return Some(true);
            }
            let mut tree = repo.find_commit(commit).ok()?.tree().ok()?;
            let entry = tree.peel_to_entry_by_path(&root).ok()??;
            Some(entry.mode().is_tree())
        };
        if commits.iter().any(|c| has_root(*c) == Some(true)) {
            return Ok(());
        }
        Err(RepoError::NoRoot {
            path: self.root.clone(),
        })
    }

    /// Opens the repository and resolves where the root is or would be.
    pub fn discover_unchecked(location: &Location) -> Result<Workspace, RepoError> {
        let repo = open_repository(location)?;
        let work_tree = repo
            .workdir()
            .map(Path::to_path_buf)
            .ok_or_else(|| RepoError::Bare {
                path: repo.git_dir().to_path_buf(),
            })?;
        let work_tree = absolute(&location.cwd, &work_tree);
        let configured = repo
            .config_snapshot()
            .string("plan.root")
            .map(|v| v.to_string());
        let default_config = work_tree.join(DEFAULT_ROOT).join(CONFIG_FILE);
        let (root_rel, config) = if let Some(root) = configured {
            let root_rel = normalize_rel(&root, "from `git config plan.root`")?;
            let config = PlanConfig::load(&work_tree.join(&root_rel).join(CONFIG_FILE))?;
            (root_rel, config)
        } else {
            let config = PlanConfig::load(&default_config)?;
            match config.root.clone() {
                Some(root) => {
                    let root_rel = normalize_rel(&root, "from .engineering/plan.toml")?;
                    (root_rel, config)
                }
                None if !work_tree.join(DEFAULT_ROOT).exists()
                    && is_engineering_tree(&work_tree) =>
                {
                    let config = PlanConfig::load(&work_tree.join(CONFIG_FILE))?;
                    (String::new(), config)
                }
                // Only decision records: the top is the root, and only the
                // collections are read.
                None if !work_tree.join(DEFAULT_ROOT).exists()
                    && !collections::discover(&work_tree).is_empty() =>
                {
                    let mut config = config;
                    config.patterns.root_listed = false;
                    (String::new(), config)
                }
                None => (DEFAULT_ROOT.to_string(), config),
            }
        };
        let root = if root_rel.is_empty() {
            work_tree.clone()
        } else {
            work_tree.join(&root_rel)
        };
        let nested_repo =
            (!root_rel.is_empty() && root.join(".git").exists()).then(|| root.clone());
        let cwd_rel = relative_inside(&location.cwd, &work_tree);
        let mut config = config;
        let collections = if nested_repo.is_some() {
            Vec::new()
        } else {
            collections::discover(&work_tree)
        };
        let own_adrs = config.patterns.root_listed && root.join(ADR_DIR).is_dir();
        config.patterns.collections = collections
            .iter()
            .enumerate()
            .map(|(i, c)| AdrCollection {
                dir: match crate::base::text::relative_to(&root_rel, &c.dir) {
                    here if here == "." => String::new(),
                    dir => dir,
                },
                id_prefix: if i == 0 && !own_adrs {
                    String::new()
                } else {
                    format!("{}/", c.name)
                },
            })
            .collect();
        Ok(Workspace {
            repo,
            work_tree,
            root,
            root_rel,
            config,
            nested_repo,
            cwd_rel,
            collections,
        })
    }

    /// `path` (relative to the root) as human output shows it: from the
    /// directory the command runs in, as git prints paths (`../a.md` from a
    /// subdirectory); from the top of the work tree when that directory is
    /// outside it. JSON and what is written for others (a review comment,
    /// CI annotations) keep [`Workspace::display_path`].
    pub fn shown_path(&self, path: &str) -> String {
        let from_top = self.display_path(path);
        match self.cwd_rel.as_deref() {
            None | Some("") => from_top,
            Some(cwd) => crate::base::text::relative_to(cwd, &from_top),
        }
    }

    /// `path` (relative to the root) as seen from the top of the work tree;
    /// a collection's `../doc/adr/x.md` from `.engineering` is
    /// `doc/adr/x.md`.
    pub fn display_path(&self, path: &str) -> String {
        if self.root_rel.is_empty() {
            path.to_string()
        } else if path.is_empty() {
            self.root_rel.clone()
        } else {
            crate::base::text::joined(&self.root_rel, path)
        }
    }

    /// `git config user.name`, for approvals.
    pub fn user_name(&self) -> Option<String> {
        self.repo
            .config_snapshot()
            .string("user.name")
            .map(|v| v.to_string())
            .filter(|v| !v.trim().is_empty())
    }

    /// The repository holding the plan files, opened with gix (the nested
    /// one when the root is a submodule), and the root's path inside it.
    pub fn plan_repo(&self) -> Result<(gix::Repository, String), RepoError> {
        match &self.nested_repo {
            Some(dir) => match gix::open(dir) {
                Ok(repo) => Ok((repo, String::new())),
                Err(e) => Err(RepoError::Open {
                    path: dir.clone(),
                    source: Box::new(e),
                }),
            },
            None => Ok((self.repo.clone(), self.root_rel.clone())),
        }
    }

    /// Where git-plan keeps its caches: `git-plan/` in the common git
    /// directory of `repo` (shared by linked worktrees).
    pub fn cache_dir(repo: &gix::Repository) -> PathBuf {
        repo.common_dir().join("git-plan")
    }

    /// The repository that holds the plan files: the nested one when the
    /// root is a submodule, else this one; and the root's path inside it.
    pub fn plan_repository(&self) -> (PathBuf, String) {
        match &self.nested_repo {
            Some(dir) => (dir.clone(), String::new()),
            None => (self.work_tree.clone(), self.root_rel.clone()),
        }
    }
}

/// The repository holding `dir` when its `.git/config` sets
/// `extensions.objectFormat = sha256`: what a failed discovery was, rather
/// than "not a git repository".
fn sha256_repository(dir: &Path) -> Option<PathBuf> {
    dir.ancestors().find_map(|d| {
        let config = std::fs::read_to_string(d.join(".git").join("config")).ok()?;
        let sha256 = config.lines().any(|l| {
            let l = l.trim().to_ascii_lowercase().replace(' ', "");
            l == "objectformat=sha256"
        });
        sha256.then(|| d.to_path_buf())
    })
}

fn open_repository(location: &Location) -> Result<gix::Repository, RepoError> {
    // `git -c` values, over every configuration file, as git applies them.
    let cli = gix::open::Options::default()
        .cli_overrides(location.config_parameters.iter().map(String::as_str));
    let mut options = cli.clone();
    if let Some(work_tree) = &location.work_tree {
        let wt = absolute(&location.cwd, work_tree);
        options = options.config_overrides([format!("core.worktree={}", wt.display())]);
    }
    match &location.git_dir {
        Some(git_dir) => {
            let path = absolute(&location.cwd, git_dir);
            gix::open_opts(&path, options).map_err(|source| RepoError::Open {
                path,
                source: Box::new(source),
            })
        }
        None => {
            let repo = gix::discover_opts(
                &location.cwd,
                gix::discover::upwards::Options::default(),
                cli,
            )
            .map_err(|source| match sha256_repository(&location.cwd) {
                Some(path) => RepoError::Sha256 { path },
                None => RepoError::NotARepository {
                    path: location.cwd.clone(),
                    source: Box::new(source),
                },
            })?;
            if location.work_tree.is_some() {
                let path = repo.git_dir().to_path_buf();
                return gix::open_opts(&path, options).map_err(|source| RepoError::Open {
                    path,
                    source: Box::new(source),
                });
            }
            Ok(repo)
        }
    }
}

/// `dir` relative to `top`, `/`-separated, when it is inside it (comparing
/// the paths as given, then as the file system resolves them).
fn relative_inside(dir: &Path, top: &Path) -> Option<String> {
    let rel = |dir: &Path, top: &Path| {
        dir.strip_prefix(top).ok().map(|rel| {
            rel.components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/")
        })
    };
    rel(dir, top).or_else(|| {
        let dir = std::fs::canonicalize(dir).ok()?;
        let top = std::fs::canonicalize(top).ok()?;
        rel(&dir, &top)
    })
}

/// Does the top of this work tree look like an engineering root?
fn is_engineering_tree(work_tree: &Path) -> bool {
    work_tree.join("artifacts/planning").is_dir()
        || work_tree.join("artifacts/adr").is_dir()
        || work_tree.join(CONFIG_FILE).is_file()
}

fn normalize_rel(root: &str, origin: &'static str) -> Result<String, RepoError> {
    let trimmed = root.trim().trim_end_matches('/');
    let mut parts = Vec::new();
    for part in trimmed.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                return Err(RepoError::RootOutsideWorkTree {
                    root: root.to_string(),
                    origin,
                })
            }
            p => parts.push(p),
        }
    }
    if Path::new(trimmed).is_absolute() {
        return Err(RepoError::RootOutsideWorkTree {
            root: root.to_string(),
            origin,
        });
    }
    Ok(parts.join("/"))
}

fn absolute(cwd: &Path, path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.join(path)
    }
}

/// A directory that is not there or holds nothing: what a submodule that
/// is not checked out leaves.
fn is_missing_or_empty(dir: &Path) -> bool {
    match std::fs::read_dir(dir) {
        Ok(mut entries) => entries.next().is_none(),
        Err(_) => true,
    }
}

/// The path of the submodule (a gitlink in the index) that `root_rel` is
/// or lies in, if any.
fn gitlink_above(repo: &gix::Repository, root_rel: &str) -> Option<String> {
    if root_rel.is_empty() {
        return None;
    }
    let index = repo.index_or_empty().ok()?;
    let mut prefix = String::new();
    for part in root_rel.split('/') {
        if !prefix.is_empty() {
            prefix.push('/');
        }
        prefix.push_str(part);
        let entry = index.entry_by_path(prefix.as_str().into());
        if entry.is_some_and(|e| e.mode == gix::index::entry::Mode::COMMIT) {
            return Some(prefix);
        }
    }
    None
}
