//! Listing the engineering root: which files are read as plan documents
//! (every `*.md`, hidden entries and the root's `templates/` skipped), which
//! directories are initiatives, and reading them from the work tree. The
//! same listing rules serve the readers of commits and of the index.

use std::path::Path;

use gix::ObjectId;

use crate::model::kind::{is_decision_name, Patterns, PLANNING_DIR, TEMPLATES_DIR};

/// One entry of a commit's listing (`history::snapshot::list_commit`): a
/// Markdown file by its blob id (not read yet, so that a caller holding its
/// parse can skip it), or another entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Listed {
    Blob { path: String, id: ObjectId },
    Other(Entry),
}

impl Listed {
    pub(crate) fn path(&self) -> &str {
        match self {
            Listed::Blob { path, .. } => path,
            Listed::Other(entry) => entry_path(entry),
        }
    }
}

/// One entry of a source listing: a path relative to the root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    File {
        path: String,
        bytes: Vec<u8>,
    },
    /// A directory whose name looks like a Markdown document.
    MarkdownNamedDir {
        path: String,
    },
    /// A directory directly under `artifacts/planning/`.
    InitiativeDir {
        path: String,
    },
    /// A Markdown name that is not read: a symbolic link leading out of the
    /// root (or nowhere), or not a regular file (a FIFO, a socket). `why`
    /// says which.
    NotRead {
        path: String,
        why: String,
    },
}

#[derive(Debug, thiserror::Error)]
#[error("cannot read {path}")]
pub struct ReadError {
    pub path: String,
    #[source]
    pub source: std::io::Error,
}

/// What `stat` says of a file: size, modification and change times, inode
/// and device, the data git's index trusts (see `tree::cache`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stamp {
    pub(crate) len: u64,
    pub(crate) mtime: i64,
    pub(crate) mtime_ns: i64,
    pub(crate) ctime: i64,
    pub(crate) ctime_ns: i64,
    pub(crate) ino: u64,
    pub(crate) dev: u64,
}

impl Stamp {
    /// The stamp of the file at `path` (following links, as reading does);
    /// `None` where there is no such data (not Unix) or no file.
    pub(crate) fn of(path: &Path) -> Option<Stamp> {
        Stamp::from_metadata(&std::fs::metadata(path).ok()?)
    }

    #[cfg(unix)]
    fn from_metadata(m: &std::fs::Metadata) -> Option<Stamp> {
        use std::os::unix::fs::MetadataExt;
        Some(Stamp {
            len: m.len(),
            mtime: m.mtime(),
            mtime_ns: m.mtime_nsec(),
            ctime: m.ctime(),
            ctime_ns: m.ctime_nsec(),
            ino: m.ino(),
            dev: m.dev(),
        })
    }

    #[cfg(not(unix))]
    fn from_metadata(_: &std::fs::Metadata) -> Option<Stamp> {
        None
    }

    /// Both times before `before` (nanoseconds since the epoch).
    pub(crate) fn settled(&self, before: i128) -> bool {
        let ns = |secs: i64, nanos: i64| i128::from(secs) * 1_000_000_000 + i128::from(nanos);
        ns(self.mtime, self.mtime_ns) < before && ns(self.ctime, self.ctime_ns) < before
    }
}

/// Lists the Markdown files under `root` in the work tree, with their
/// contents, skipping hidden directories and `templates/`; and the
/// decisions of the collections in `patterns` outside the root.
pub fn read_work_tree(root: &Path, patterns: &Patterns) -> Result<Vec<Entry>, ReadError> {
    read_listed(
        root,
        list_work_tree(root, patterns, false)?
            .into_iter()
            .map(|(entry, _)| entry),
    )
}

/// The entries of a listing under `root`, each file's `bytes` read.
pub(crate) fn read_listed(
    root: &Path,
    listing: impl IntoIterator<Item = Entry>,
) -> Result<Vec<Entry>, ReadError> {
    let mut scratch = Vec::new();
    listing
        .into_iter()
        .map(|entry| match entry {
            Entry::File { path, .. } => {
                let bytes = read_doc(&root.join(&path), &mut scratch)?;
                Ok(Entry::File { path, bytes })
            }
            other => Ok(other),
        })
        .collect()
}

/// Like [`read_work_tree`] with every file's `bytes` left empty, sorted;
/// with `stamps`, each file's [`Stamp`] beside it, taken while listing
/// (from the directory being read, as `ls -l` does, which is cheaper than
/// looking up every path again).
pub(crate) fn list_work_tree(
    root: &Path,
    patterns: &Patterns,
    stamps: bool,
) -> Result<Vec<(Entry, Option<Stamp>)>, ReadError> {
    let mut entries = Vec::new();
    let real_root = std::fs::canonicalize(root).map_err(|source| ReadError {
        path: root.display().to_string(),
        source,
    })?;
    if patterns.root_listed {
        let mut walker = Walker {
            real_root: &real_root,
            stamps,
            out: &mut entries,
            dirs: Vec::new(),
        };
        walker.walk(root, "")?;
    }
    for collection in &patterns.collections {
        if patterns.root_listed && !collection.dir.starts_with("../") {
            continue; // listed with the root
        }
        list_collection(root, &collection.dir, stamps, &mut entries)?;
    }
    entries.sort_by(|(a, _), (b, _)| entry_path(a).cmp(entry_path(b)));
    Ok(entries)
}

/// The decisions directly in a collection's folder `dir` (relative to
/// `root`): regular files, or links to them, with a decision's name.
fn list_collection(
    root: &Path,
    dir: &str,
    stamps: bool,
    out: &mut Vec<(Entry, Option<Stamp>)>,
) -> Result<(), ReadError> {
    let full = root.join(dir);
    let io = |source| ReadError {
        path: full.display().to_string(),
        source,
    };
    let items = match std::fs::read_dir(&full) {
        Ok(items) => items,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(io(e)),
    };
    for item in items {
        let item = item.map_err(io)?;
        let name = item.file_name().to_string_lossy().to_string();
        if !is_decision_name(&name) {
            continue;
        }
        let path = if dir.is_empty() {
            name
        } else {
            format!("{dir}/{name}")
        };
        let Ok(meta) = std::fs::metadata(item.path()) else {
            continue;
        };
        if !meta.is_file() {
            let why = "is not a regular file".to_string();
            out.push((Entry::NotRead { path, why }, None));
            continue;
        }
        let stamp = if stamps {
            Stamp::from_metadata(&meta)
        } else {
            None
        };
        let file = Entry::File {
            path,
            bytes: Vec::new(),
        };
        out.push((file, stamp));
    }
    Ok(())
}

pub(crate) fn read_doc(full: &Path, scratch: &mut Vec<u8>) -> Result<Vec<u8>, ReadError> {
    read_file(full, scratch).map_err(|source| ReadError {
        path: full.display().to_string(),
        source,
    })
}

pub(crate) fn entry_path(e: &Entry) -> &str {
    match e {
        Entry::File { path, .. }
        | Entry::MarkdownNamedDir { path }
        | Entry::InitiativeDir { path }
        | Entry::NotRead { path, .. } => path,
    }
}

/// The state of one listing.
struct Walker<'a> {
    /// The root's canonical path.
    real_root: &'a Path,
    stamps: bool,
    out: &'a mut Vec<(Entry, Option<Stamp>)>,
    /// What [`visit`] records, before it goes into `out`.
    dirs: Vec<Entry>,
}

impl Walker<'_> {
    /// Lists `dir` (`rel` under the root). Symbolic links to directories
    /// are not followed: `ln -s .. loop` would list the same documents
    /// again and again. A Markdown file that is a symbolic link is read
    /// only when it resolves to a regular file inside the root; anything
    /// else with a Markdown name that is not a regular file is listed as
    /// [`Entry::NotRead`], never opened (opening a FIFO blocks).
    fn walk(&mut self, dir: &Path, rel: &str) -> Result<(), ReadError> {
        let io = |source| ReadError {
            path: dir.display().to_string(),
            source,
        };
        for item in std::fs::read_dir(dir).map_err(io)? {
            let item = item.map_err(io)?;
            let name = item.file_name();
            let name = name.to_string_lossy();
            let file_type = item.file_type().map_err(io)?;
            let visit = visit(rel, &name, file_type.is_dir(), &mut self.dirs);
            self.out.extend(self.dirs.drain(..).map(|d| (d, None)));
            match visit {
                Visit::Skip => {}
                Visit::Descend(path) => self.walk(&item.path(), &path)?,
                Visit::Read(path) => match not_read(self.real_root, &item.path(), file_type) {
                    Some(why) => self.out.push((Entry::NotRead { path, why }, None)),
                    None => {
                        // A regular file's own stamp, from its directory; a
                        // link's is its target's, as reading follows it.
                        let stamp = match (self.stamps, file_type.is_file()) {
                            (false, _) => None,
                            (true, true) => {
                                item.metadata().ok().and_then(|m| Stamp::from_metadata(&m))
                            }
                            (true, false) => Stamp::of(&item.path()),
                        };
                        let file = Entry::File {
                            path,
                            bytes: Vec::new(),
                        };
                        self.out.push((file, stamp));
                    }
                },
            }
        }
        Ok(())
    }
}

/// Why a Markdown-named entry is not read, if it is not.
fn not_read(real_root: &Path, full: &Path, file_type: std::fs::FileType) -> Option<String> {
    if file_type.is_file() {
        return None;
    }
    if !file_type.is_symlink() {
        return Some("is not a regular file".to_string());
    }
    match std::fs::canonicalize(full) {
        Err(_) => Some("is a symbolic link that leads nowhere".to_string()),
        Ok(target) if !target.starts_with(real_root) => Some(format!(
            "is a symbolic link to {}, outside the engineering root",
            target.display()
        )),
        Ok(target) if !target.is_file() => {
            Some("is a symbolic link to something that is not a regular file".to_string())
        }
        Ok(_) => None,
    }
}

/// A whole file, read through `scratch` without asking its size first: plan
/// documents are small, and on a large roadmap the `stat` and `lseek` per
/// file that `std::fs::read` makes are a fifth of the time spent reading.
fn read_file(path: &Path, scratch: &mut Vec<u8>) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    if scratch.len() < SCRATCH_BYTES {
        scratch.resize(SCRATCH_BYTES, 0);
    }
    let mut len = 0;
    loop {
        if len == scratch.len() {
            scratch.resize(len * 2, 0);
        }
        match file.read(&mut scratch[len..]) {
            Ok(0) => break,
            Ok(n) => len += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(scratch[..len].to_vec())
}

const SCRATCH_BYTES: usize = 64 * 1024;

/// What a reader (of the work tree, or of a commit) does with one entry of
/// the directory `rel`.
pub(crate) enum Visit {
    Skip,
    Descend(String),
    Read(String),
}

/// The listing rules shared by every reader: hidden entries and the
/// top-level `templates/` are skipped, Markdown files are read, directories
/// are descended into, and initiative folders and Markdown-named
/// directories are recorded in `out`.
pub(crate) fn visit(rel: &str, name: &str, is_dir: bool, out: &mut Vec<Entry>) -> Visit {
    if name.starts_with('.') || (is_dir && rel.is_empty() && name == TEMPLATES_DIR) {
        return Visit::Skip;
    }
    let markdown = is_markdown_name(name);
    if !is_dir && !markdown {
        return Visit::Skip; // the common case in a code tree: no path made
    }
    let path = if rel.is_empty() {
        name.to_string()
    } else {
        let mut path = String::with_capacity(rel.len() + 1 + name.len());
        path.push_str(rel);
        path.push('/');
        path.push_str(name);
        path
    };
    if is_dir {
        if rel == PLANNING_DIR {
            out.push(Entry::InitiativeDir { path: path.clone() });
        }
        if markdown {
            out.push(Entry::MarkdownNamedDir { path: path.clone() });
        }
        Visit::Descend(path)
    } else {
        Visit::Read(path)
    }
}

/// Whether `name` ends in `.md`, in any case. Only ASCII `M` and `D`
/// lowercase to `m` and `d`, so this is `name.to_lowercase().ends_with(".md")`
/// without the copy.
pub(crate) fn is_markdown_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    bytes.len() >= 3 && bytes[bytes.len() - 3..].eq_ignore_ascii_case(b".md")
}
