//! Listing the engineering root: which files are read as plan documents
//! (every `*.md`, hidden entries and the root's `templates/` skipped), which
//! directories are initiatives, and reading them from the work tree. The
//! same listing rules serve the readers of commits and of the index.

use std::path::Path;

use crate::model::kind::{PLANNING_DIR, TEMPLATES_DIR};

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
}

#[derive(Debug, thiserror::Error)]
#[error("cannot read {path}")]
pub struct ReadError {
    pub path: String,
    #[source]
    pub source: std::io::Error,
}

/// Lists the Markdown files under `root` in the work tree, with their
/// contents, skipping hidden directories and `templates/`.
pub fn read_work_tree(root: &Path) -> Result<Vec<Entry>, ReadError> {
    let mut entries = list_work_tree(root)?;
    let mut scratch = Vec::new();
    for entry in &mut entries {
        if let Entry::File { path, bytes } = entry {
            *bytes = read_doc(&root.join(path.as_str()), &mut scratch)?;
        }
    }
    Ok(entries)
}

/// Like [`read_work_tree`] with every file's `bytes` left empty, sorted.
pub(crate) fn list_work_tree(root: &Path) -> Result<Vec<Entry>, ReadError> {
    let mut entries = Vec::new();
    walk(root, "", &mut entries)?;
    entries.sort_by(|a, b| entry_path(a).cmp(entry_path(b)));
    Ok(entries)
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
        | Entry::InitiativeDir { path } => path,
    }
}

fn walk(dir: &Path, rel: &str, out: &mut Vec<Entry>) -> Result<(), ReadError> {
    let io = |source| ReadError {
        path: dir.display().to_string(),
        source,
    };
    for item in std::fs::read_dir(dir).map_err(io)? {
        let item = item.map_err(io)?;
        let name = item.file_name().to_string_lossy().to_string();
        let file_type = item.file_type().map_err(io)?;
        let is_dir = file_type.is_dir() || (file_type.is_symlink() && item.path().is_dir());
        match visit(rel, &name, is_dir, out) {
            Visit::Skip => {}
            Visit::Descend(path) => walk(&item.path(), &path, out)?,
            Visit::Read(path) => out.push(Entry::File {
                path,
                bytes: Vec::new(),
            }),
        }
    }
    Ok(())
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
    let path = if rel.is_empty() {
        name.to_string()
    } else {
        format!("{rel}/{name}")
    };
    let markdown = name.to_lowercase().ends_with(".md");
    if is_dir {
        if rel == PLANNING_DIR {
            out.push(Entry::InitiativeDir { path: path.clone() });
        }
        if markdown {
            out.push(Entry::MarkdownNamedDir { path: path.clone() });
        }
        Visit::Descend(path)
    } else if markdown {
        Visit::Read(path)
    } else {
        Visit::Skip
    }
}
