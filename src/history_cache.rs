//! The incremental history cache, under the git directory
//! (`<common-dir>/git-plan/history-<key>.json`). Keyed by the tip commit: a
//! later run on a descendant reads only the new commits. A missing, stale or
//! corrupt cache is rebuilt silently, and the cache holds only what history
//! alone determines (raw statuses, not their normalisation), so it can never
//! change an answer.

use std::path::{Path, PathBuf};

use gix::{ObjectId, Repository};
use serde::{Deserialize, Serialize};

use crate::history::{self, History, HistoryError, HistoryQuery};

const CACHE_VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
struct CacheFile {
    version: u32,
    key: String,
    history: History,
}

/// Reads the history at `tip`, through the cache in `dir` when given.
pub fn read(
    repo: &Repository,
    tip: ObjectId,
    query: &HistoryQuery<'_>,
    dir: Option<&Path>,
) -> Result<History, HistoryError> {
    let Some(dir) = dir else {
        return history::read(repo, tip, query, None);
    };
    let key = cache_key(repo, query);
    let path = dir.join(format!("history-{}.json", &key[..16]));
    let cached = load(&path, &key);
    let tip_hex = tip.to_string();
    if cached
        .as_ref()
        .is_some_and(|h| h.tip.as_deref() == Some(tip_hex.as_str()))
    {
        return Ok(cached.unwrap_or_default());
    }
    let history = history::read(repo, tip, query, cached)?;
    store(dir, &path, &key, &history);
    Ok(history)
}

/// The cache directory for a repository: in its common git directory, so
/// linked worktrees share it.
pub fn default_dir(repo: &Repository) -> PathBuf {
    repo.common_dir().join("git-plan")
}

fn load(path: &Path, key: &str) -> Option<History> {
    let bytes = std::fs::read(path).ok()?;
    let file: CacheFile = serde_json::from_slice(&bytes).ok()?;
    (file.version == CACHE_VERSION && file.key == key).then_some(file.history)
}

/// Best effort: a cache that cannot be written is simply not there next time.
fn store(dir: &Path, path: &Path, key: &str, history: &History) {
    let file = CacheFile {
        version: CACHE_VERSION,
        key: key.to_string(),
        history: history.clone(),
    };
    let Ok(bytes) = serde_json::to_vec(&file) else {
        return;
    };
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    let temp = dir.join(format!(".history.{}.tmp", std::process::id()));
    if std::fs::write(&temp, bytes).is_ok() && std::fs::rename(&temp, path).is_err() {
        let _ = std::fs::remove_file(&temp);
    }
}

/// Everything besides the tip that the history depends on: the root, the
/// walk mode, the classification patterns and the shallow boundary.
fn cache_key(repo: &Repository, query: &HistoryQuery<'_>) -> String {
    let p = query.patterns;
    let mut text = format!(
        "v{CACHE_VERSION}\0{}\0{}\0{:?}\0{:?}\0{:?}\0{:?}\0{:?}",
        query.root,
        query.full_history,
        p.completion,
        p.analysis,
        p.work_plan,
        p.work_package,
        p.adr
    );
    if let Ok(Some(shallow)) = repo.shallow_commits() {
        let mut ids: Vec<String> = shallow.iter().map(|id| id.to_string()).collect();
        ids.sort();
        text.push('\0');
        text.push_str(&ids.join(","));
    }
    fnv_hex(&text)
}

/// 64-bit FNV-1a twice (two offsets) as 32 hex digits: a stable key, not a
/// security measure.
fn fnv_hex(text: &str) -> String {
    let hash = |seed: u64| {
        text.bytes().fold(seed, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        })
    };
    format!(
        "{:016x}{:016x}",
        hash(0xcbf2_9ce4_8422_2325),
        hash(0x8422_2325_cbf2_9ce4)
    )
}
