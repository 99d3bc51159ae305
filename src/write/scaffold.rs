//! Creating documents: `init`, `new`, `add`, `adr new`. Each is planned as
//! data first (a [`Change`]: files to create, files to edit, a commit
//! message), then applied: written, committed with exactly those files, and
//! undone if anything fails, so a failed command leaves the tree as it was.

use crate::write::change::Change;
use crate::write::change::FileEdit;
use crate::write::change::NewFile;
use crate::write::message::CommitMessage;
use crate::write::message::Trailer;
use std::collections::BTreeSet;
use std::path::Path;

use crate::base::text::{file_slug, slugify};
use crate::document::STATUS_KEYS;
use crate::model::kind::TEMPLATES_DIR;
use crate::model::kind::{DocKind, Patterns, ADR_DIR, PLANNING_DIR};
use crate::model::lifecycle::State;
use crate::model::placeholder;
use crate::tree::classify::{self, classify};
use crate::tree::plan_tree::{DocIndex, PlanDoc, PlanTree};
use crate::workspace::config::CONFIG_FILE;
use crate::workspace::Workspace;
use crate::write::edit;
use crate::write::template::{self, Template, TemplateError};

#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    #[error("{path} already exists; nothing was written")]
    Exists { path: String },
    #[error("{root} is already initialised: {config} exists")]
    AlreadyInitialised { root: String, config: String },
    #[error("`{slug}` is not a usable name: use letters, digits and dashes")]
    BadSlug { slug: String },
    /// The file name the title gives would be read back as another kind of
    /// document (a title with `analysis` in it reads as an analysis).
    #[error("{path} would be read as {kind}, not as a work package; nothing was written")]
    ReadsAsAnotherKind { path: String, kind: &'static str },
    #[error("`{date}` is not a date in the form YYYY-MM-DD")]
    BadDate { date: String },
    #[error("ADR {number:04} does not exist")]
    NoSuchAdr { number: u32 },
    /// `adr new --collection` named none of the collections found.
    #[error("no decision-record collection is named `{name}`")]
    NoSuchCollection { name: String },
    #[error(transparent)]
    Template(#[from] TemplateError),
    #[error(transparent)]
    Edit(#[from] edit::EditError),
    #[error("cannot open the repository at {path} to find the numbers in use")]
    OpenRepo {
        path: std::path::PathBuf,
        #[source]
        source: Box<gix::Error>,
    },
    #[error("cannot list the branches to find the numbers in use")]
    Refs {
        #[source]
        source: Box<gix::Error>,
    },
    #[error("cannot look up `{path}` in commit {commit} to find the numbers in use")]
    NumberedDir {
        path: String,
        commit: gix::ObjectId,
        #[source]
        source: Box<gix::Error>,
    },
    /// A value holding a newline or another control character would forge
    /// metadata lines of the new file.
    #[error("the {field} contains {} (character {position}); it must be one line of text", crate::base::text::describe_char(*character))]
    ControlCharacter {
        field: &'static str,
        position: usize,
        character: char,
    },
}

/// Refuses a value with a control character in it.
fn one_line_value(field: &'static str, value: &str) -> Result<(), ScaffoldError> {
    match crate::base::text::control_char(value) {
        Some((position, character)) => Err(ScaffoldError::ControlCharacter {
            field,
            position,
            character,
        }),
        None => Ok(()),
    }
}

/// `git plan init`: the root's skeleton, unless it has a plan.toml already;
/// a keep-file only where its directory does not exist yet.
pub fn plan_init(ws: &Workspace) -> Result<Change, ScaffoldError> {
    let root = ws.root.as_path();
    if root.join(CONFIG_FILE).exists() {
        return Err(ScaffoldError::AlreadyInitialised {
            root: ws.display_path(""),
            config: ws.display_path(CONFIG_FILE),
        });
    }
    let mut change = skeleton(root)?;
    change.creates.retain(|f| {
        !f.path.ends_with(".gitkeep")
            || !root.join(&f.path).parent().is_some_and(|dir| dir.exists())
    });
    Ok(change)
}

/// Every file of a new root.
fn skeleton(root: &Path) -> Result<Change, ScaffoldError> {
    let plan_toml = template::load(root, Template::PlanToml)?;
    let templates_readme = format!(
        "# Templates\n\nFiles here override git-plan's built-in templates, by name:\n\n{}\nPlaceholders are written `{{{{name}}}}`: title, date, status, number, priority, effort, depends_on, requires, deciders, supersedes_line.\nAn unknown placeholder is an error, so a typo never reaches a plan.\n",
        Template::ALL
            .iter()
            .map(|t| format!("- `{}`\n", t.file_name()))
            .collect::<String>()
    );
    Ok(Change {
        id: String::new(),
        creates: vec![
            NewFile {
                path: CONFIG_FILE.to_string(),
                contents: plan_toml.text,
            },
            NewFile {
                path: format!("{TEMPLATES_DIR}/README.md"),
                contents: templates_readme,
            },
            NewFile {
                path: format!("{PLANNING_DIR}/.gitkeep"),
                contents: String::new(),
            },
            NewFile {
                path: format!("{ADR_DIR}/.gitkeep"),
                contents: String::new(),
            },
        ],
        edits: Vec::new(),
        removes: Vec::new(),
        message: CommitMessage::subject_only("plan: initialise the engineering root"),
    })
}

/// `git plan new`: an initiative folder with START-HERE.md and README.md at
/// the first checkpoint.
pub fn new_initiative(
    root: &Path,
    slug: &str,
    title: Option<&str>,
    date: &str,
) -> Result<Change, ScaffoldError> {
    check_date(date)?;
    one_line_value("slug", slug)?;
    if let Some(title) = title {
        one_line_value("title", title)?;
    }
    let clean = slugify(slug);
    if clean.is_empty() || clean != slug.to_ascii_lowercase() {
        return Err(ScaffoldError::BadSlug {
            slug: slug.to_string(),
        });
    }
    let folder = format!("{date}-{clean}");
    // An existing folder is an existing initiative, even without the two
    // documents this would create.
    let folder_path = format!("{PLANNING_DIR}/{folder}");
    if root.join(&folder_path).exists() {
        return Err(ScaffoldError::Exists { path: folder_path });
    }
    let title = title
        .map(str::to_string)
        .unwrap_or_else(|| title_case(&clean));
    let status = State::ScopeAssessment.label();
    let vars = [
        ("title", title.as_str()),
        ("date", date),
        ("status", status),
    ];
    let mut creates = Vec::new();
    for (template, name) in [
        (Template::StartHere, "START-HERE.md"),
        (Template::Readme, "README.md"),
    ] {
        let loaded = template::load(root, template)?;
        creates.push(NewFile {
            path: format!("{PLANNING_DIR}/{folder}/{name}"),
            contents: template::render(&loaded, &vars)?,
        });
    }
    Ok(Change {
        id: folder.clone(),
        creates,
        edits: Vec::new(),
        removes: Vec::new(),
        message: CommitMessage::new(
            &folder,
            "new initiative",
            "none",
            State::ScopeAssessment.as_str(),
        ),
    })
}

/// Options of `git plan add`.
#[derive(Debug, Clone)]
pub struct WorkPackageSpec<'a> {
    pub title: &'a str,
    pub priority: Option<&'a str>,
    pub effort: Option<&'a str>,
    pub date: &'a str,
    /// Documents (indices into the tree) this one depends on.
    pub depends_on: Vec<DocIndex>,
}

/// `git plan add`: the next `NN-slug-plan.md` in an initiative. Numbers
/// continue after every numbered file in the folder, analyses included, and
/// after `taken` (the folder's numbers on every branch,
/// [`taken_work_package_numbers`]), so that two branches do not both add
/// the same number.
pub fn add_work_package(
    root: &Path,
    tree: &PlanTree,
    patterns: &Patterns,
    initiative: &str,
    taken: &BTreeSet<u32>,
    spec: &WorkPackageSpec<'_>,
) -> Result<Change, ScaffoldError> {
    check_date(spec.date)?;
    one_line_value("title", spec.title)?;
    if let Some(priority) = spec.priority {
        one_line_value("priority", priority)?;
    }
    if let Some(effort) = spec.effort {
        one_line_value("effort", effort)?;
    }
    let slug = file_slug(spec.title);
    if slug.is_empty() {
        return Err(ScaffoldError::BadSlug {
            slug: spec.title.to_string(),
        });
    }
    let folder_prefix = format!("{PLANNING_DIR}/{initiative}/");
    let next = tree
        .documents
        .iter()
        .filter(|d| {
            d.path.starts_with(&folder_prefix) && !d.path[folder_prefix.len()..].contains('/')
        })
        .filter_map(|d| classify::leading_number(d.file_name()).map(|(n, _)| n))
        .chain(taken.iter().copied())
        .max()
        .map_or(1, |n| n + 1);
    let number = format!("{next:02}");
    let path = format!("{folder_prefix}{number}-{slug}-plan.md");
    // A title such as "Load test" or "Data analysis" gives a name that reads
    // as a test plan or an analysis: say what the file is, so that it reads
    // back as the work package it was created as.
    let path = if classify(&path, patterns).kind == DocKind::WorkPackage {
        path
    } else {
        format!("{folder_prefix}{number}-{slug}-work-package-plan.md")
    };
    let read_as = classify(&path, patterns).kind;
    if read_as != DocKind::WorkPackage {
        return Err(ScaffoldError::ReadsAsAnotherKind {
            path,
            kind: read_as.with_article(),
        });
    }
    let refs: Vec<String> = spec
        .depends_on
        .iter()
        .map(|i| dependency_link(&tree.documents[*i], initiative))
        .collect();
    let depends_on = if refs.is_empty() {
        "None".to_string()
    } else {
        refs.join(", ")
    };
    let requires = if refs.is_empty() {
        "- None".to_string()
    } else {
        refs.iter()
            .map(|link| format!("- [ ] {link} complete"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let loaded = template::load(root, Template::WorkPackage)?;
    let contents = template::render(
        &loaded,
        &[
            ("title", spec.title),
            ("number", &number),
            ("date", spec.date),
            ("priority", spec.priority.unwrap_or("MEDIUM")),
            ("status", State::Draft.label()),
            ("effort", spec.effort.unwrap_or(placeholder::EFFORT)),
            ("depends_on", &depends_on),
            ("requires", &requires),
        ],
    )?;
    let id = format!("{initiative}/{number}");
    Ok(Change {
        id: id.clone(),
        creates: vec![NewFile { path, contents }],
        edits: Vec::new(),
        removes: Vec::new(),
        message: CommitMessage::new(&id, "new work package", "none", State::Draft.as_str()),
    })
}

/// A Markdown reference to `doc` as written in a plan of `initiative`: a
/// relative link for a sibling, the id otherwise. Also returns the id.
fn dependency_link(doc: &PlanDoc, initiative: &str) -> String {
    if doc.initiative.as_deref() == Some(initiative) {
        format!(
            "[{}]({})",
            doc.number.as_deref().unwrap_or(doc.file_name()),
            doc.file_name()
        )
    } else {
        doc.id()
    }
}

/// `git plan adr new`: the next free number, counting `taken` (numbers on
/// every branch) and the work tree; named like the ADRs already there.
pub fn new_adr(
    root: &Path,
    tree: &PlanTree,
    taken: &BTreeSet<u32>,
    title: &str,
    date: &str,
    supersedes: Option<u32>,
) -> Result<Change, ScaffoldError> {
    check_date(date)?;
    one_line_value("title", title)?;
    let slug = file_slug(title);
    if slug.is_empty() {
        return Err(ScaffoldError::BadSlug {
            slug: title.to_string(),
        });
    }
    // Collections found elsewhere number their own records (their ids
    // carry their name here: `doc/adr/adr-0003`).
    let own = |d: &&PlanDoc| !d.id().contains('/');
    let in_tree = tree
        .adrs()
        .map(|(_, d)| d)
        .filter(own)
        .filter_map(|d| d.number_value());
    let next = taken
        .iter()
        .copied()
        .chain(in_tree)
        .max()
        .map_or(1, |n| n + 1);
    // Follow the tree's naming: `adrNNNN-slug.md` if that is what it uses.
    let prefixed = tree
        .adrs()
        .map(|(_, d)| d)
        .filter(own)
        .filter(|d| d.file_name().starts_with("adr"))
        .count();
    let plain = tree.adrs().map(|(_, d)| d).filter(own).count() - prefixed;
    let name = if prefixed > plain {
        format!("adr{next:04}-{slug}.md")
    } else {
        format!("{next:04}-{slug}.md")
    };
    let mut edits = Vec::new();
    let mut supersedes_line = String::new();
    let id = format!("adr-{next:04}");
    let mut message = CommitMessage::new(&id, title, "none", State::Proposed.as_str());
    if let Some(old) = supersedes {
        let old_doc = tree
            .adrs()
            .map(|(_, d)| d)
            .filter(own)
            .find(|d| d.number_value() == Some(old))
            .ok_or(ScaffoldError::NoSuchAdr { number: old })?;
        supersedes_line = format!("**Supersedes:** [ADR {old:04}]({})", old_doc.file_name());
        let value = format!("Superseded by [ADR {next:04}]({name})");
        let e = edit::set_field(&old_doc.doc, STATUS_KEYS, "Status", &value)?;
        edits.push(FileEdit {
            path: old_doc.path.clone(),
            before: old_doc.doc.text.clone(),
            after: edit::apply(&old_doc.doc.text, &[e])?,
        });
        let from = old_doc
            .status
            .as_ref()
            .map_or("unknown".to_string(), |s| s.describe());
        message.push(
            Trailer::Supersedes,
            &format!("adr-{old:04} ({from} -> superseded)"),
        );
    }
    let loaded = template::load(root, Template::Adr)?;
    let number = format!("{next:04}");
    let contents = template::render(
        &loaded,
        &[
            ("number", &number),
            ("title", title),
            ("date", date),
            ("status", State::Proposed.label()),
            ("deciders", placeholder::DECIDERS),
            ("supersedes_line", &supersedes_line),
        ],
    )?;
    Ok(Change {
        id,
        creates: vec![NewFile {
            path: format!("{ADR_DIR}/{name}"),
            contents,
        }],
        edits,
        removes: Vec::new(),
        message,
    })
}

/// `git plan adr new` in a found collection (`ws.collections[index]`): the
/// next record in the collection's own naming and format, from its own
/// template when it has one (see [`adr_format`]); numbered after the
/// highest number in the folder on every branch and in the work tree.
/// With `supersedes`, that record of the collection is marked superseded
/// as the format writes it, in the same change.
pub fn new_collection_adr(
    ws: &Workspace,
    tree: &PlanTree,
    index: usize,
    title: &str,
    date: &str,
    supersedes: Option<u32>,
) -> Result<Change, ScaffoldError> {
    use crate::write::adr_format::{self, NewRecord};
    check_date(date)?;
    one_line_value("title", title)?;
    let (Some(found), Some(collection)) = (
        ws.collections.get(index),
        ws.config.patterns.collections.get(index),
    ) else {
        return Err(ScaffoldError::NoSuchCollection {
            name: index.to_string(),
        });
    };
    let dir = collection.dir.as_str();
    let in_folder = |d: &&PlanDoc| collection.file_in(&d.path).is_some();
    let taken = taken_numbers(ws, dir, &|name| crate::model::kind::is_decision_name(name))?;
    let next = tree
        .adrs()
        .map(|(_, d)| d)
        .filter(in_folder)
        .filter(|d| !classify::is_dated(d.file_name()))
        .filter_map(|d| d.number_value())
        .chain(taken.into_iter().filter(|n| *n < 10_000_000))
        .max()
        .map_or(1, |n| n + 1);
    let record = NewRecord {
        number: next,
        title,
        date,
    };
    let name = adr_format::file_name(found.format, &record);
    if adr_format::adr_tools_slug(title).is_empty() {
        return Err(ScaffoldError::BadSlug {
            slug: title.to_string(),
        });
    }
    let path = if dir.is_empty() {
        name.clone()
    } else {
        format!("{dir}/{name}")
    };
    let id = classify::collection_id(collection, &name);
    let status = match found.format {
        crate::workspace::collections::Format::Nygard => State::Proposed.label().to_string(),
        _ => State::Proposed.as_str().to_string(),
    };
    let template = adr_format::collection_template(&ws.root.join(dir), found.format);
    let mut contents = adr_format::render(found.format, template.as_deref(), &record, &status);
    let mut message = CommitMessage::new(&id, title, "none", State::Proposed.as_str());
    let mut edits = Vec::new();
    if let Some(old) = supersedes {
        let old_doc = tree
            .adrs()
            .map(|(_, d)| d)
            .filter(in_folder)
            .find(|d| d.number_value() == Some(old))
            .ok_or(ScaffoldError::NoSuchAdr { number: old })?;
        let (new_doc, _) = crate::document::Document::parse_str(&path, contents.clone());
        let new_title = new_doc.title.clone().unwrap_or_else(|| title.to_string());
        let value = adr_format::superseded_value_of(&old_doc.doc, &new_title, next, &name);
        let current = old_doc
            .doc
            .field(STATUS_KEYS)
            .map_or("", |f| f.value.as_str());
        let value = adr_format::in_case_of(current, &value);
        let e = edit::set_field(&old_doc.doc, STATUS_KEYS, "Status", &value)?;
        edits.push(FileEdit {
            path: old_doc.path.clone(),
            before: old_doc.doc.text.clone(),
            after: edit::apply(&old_doc.doc.text, &[e])?,
        });
        if let Some(e) = adr_format::supersedes_edit_of(
            &new_doc,
            &old_doc.doc,
            old_doc.number.as_deref(),
            old_doc.file_name(),
        )? {
            contents = edit::apply(&contents, &[e])?;
        }
        let from = old_doc
            .status
            .as_ref()
            .map_or("unknown".to_string(), |s| s.describe());
        message.push(
            Trailer::Supersedes,
            &format!("{} ({from} -> superseded)", old_doc.id()),
        );
    }
    Ok(Change {
        id,
        creates: vec![NewFile { path, contents }],
        edits,
        removes: Vec::new(),
        message,
    })
}

/// ADR numbers used on every local branch, every remote-tracking branch and
/// HEAD of the repository holding the plans, read with gix from each tip's
/// tree.
pub fn taken_adr_numbers(ws: &Workspace) -> Result<BTreeSet<u32>, ScaffoldError> {
    let patterns = &ws.config.patterns;
    taken_numbers(ws, ADR_DIR, &|name| {
        classify(&format!("{ADR_DIR}/{name}"), patterns).kind == DocKind::Adr
    })
}

/// The numbers of the Markdown files in an initiative's folder (`folder`
/// relative to the root, as [`crate::tree::plan_tree::PlanDoc::path`]'s
/// directory) on every local and remote-tracking branch and HEAD: what
/// `add` and `renumber` must not pick.
pub fn taken_work_package_numbers(
    ws: &Workspace,
    folder: &str,
) -> Result<BTreeSet<u32>, ScaffoldError> {
    taken_numbers(ws, folder, &|name| {
        name.to_ascii_lowercase().ends_with(".md")
    })
}

/// The leading numbers of the files in `dir` (relative to the root) that
/// `keep` accepts (by file name), on the tips of the repository holding the
/// plans.
fn taken_numbers(
    ws: &Workspace,
    dir: &str,
    keep: &dyn Fn(&str) -> bool,
) -> Result<BTreeSet<u32>, ScaffoldError> {
    match &ws.nested_repo {
        Some(repo_dir) => {
            let repo = gix::open(repo_dir).map_err(|e| ScaffoldError::OpenRepo {
                path: repo_dir.clone(),
                source: Box::new(e),
            })?;
            numbers_on_refs(&repo, dir, keep)
        }
        None => numbers_on_refs(
            &ws.repo,
            &crate::write::change::in_repo(&ws.root_rel, dir),
            keep,
        ),
    }
}

/// ADR numbers in `dir/artifacts/adr` on the tips of `repo` (`root_in_repo`
/// is the root's path inside `repo`).
pub fn adr_numbers_on_refs(
    repo: &gix::Repository,
    root_in_repo: &str,
    patterns: &Patterns,
) -> Result<BTreeSet<u32>, ScaffoldError> {
    numbers_on_refs(
        repo,
        &crate::write::change::in_repo(root_in_repo, ADR_DIR),
        &|name| classify(&format!("{ADR_DIR}/{name}"), patterns).kind == DocKind::Adr,
    )
}

/// The leading numbers of the entries of `dir` (a path inside `repo`) that
/// `keep` accepts, on HEAD and the tip of every local and remote-tracking
/// branch, each distinct tree read once.
fn numbers_on_refs(
    repo: &gix::Repository,
    dir: &str,
    keep: &dyn Fn(&str) -> bool,
) -> Result<BTreeSet<u32>, ScaffoldError> {
    let err = |e: gix::Error| ScaffoldError::Refs {
        source: Box::new(e),
    };
    let mut tips = Vec::new();
    if let Ok(id) = repo.head_id() {
        tips.push(id.detach());
    }
    let branches = crate::history::branches::branch_tips(repo).map_err(|e| err(*e))?;
    tips.extend(branches.into_iter().map(|(_, _, id)| id));
    let mut seen_trees = BTreeSet::new();
    let mut numbers = BTreeSet::new();
    for tip in tips {
        let Ok(commit) = repo.find_commit(tip) else {
            continue;
        };
        let Ok(tree) = commit.tree() else { continue };
        let found = tree
            .lookup_entry_by_path(dir)
            .map_err(|e| ScaffoldError::NumberedDir {
                path: dir.to_string(),
                commit: tip,
                source: Box::new(e),
            })?;
        let Some(entry) = found else {
            continue;
        };
        if !seen_trees.insert(entry.object_id()) {
            continue;
        }
        let Ok(dir_tree) = repo.find_tree(entry.object_id()) else {
            continue;
        };
        for item in dir_tree.iter() {
            let Ok(item) = item else { continue };
            let name = item.filename().to_string();
            if keep(&name) {
                if let Some((n, _)) = classify::leading_number(&name) {
                    numbers.insert(n);
                }
            }
        }
    }
    Ok(numbers)
}

fn check_date(date: &str) -> Result<(), ScaffoldError> {
    chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .map(|_| ())
        .map_err(|_| ScaffoldError::BadDate {
            date: date.to_string(),
        })
}

fn title_case(slug: &str) -> String {
    slug.split('-')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(files: &[(&str, &str)]) -> PlanTree {
        PlanTree::from_texts(files)
    }

    #[test]
    fn init_refuses_an_initialised_root_and_keeps_only_new_directories() {
        let dir = crate::base::test_repo::git_init();
        let location = crate::workspace::Location {
            cwd: dir.path().to_path_buf(),
            git_dir: None,
            work_tree: None,
            config_parameters: Vec::new(),
        };
        let ws = Workspace::discover_unchecked(&location).unwrap();
        std::fs::create_dir_all(ws.root.join(ADR_DIR)).unwrap();
        let change = plan_init(&ws).unwrap();
        let paths: Vec<&str> = change.creates.iter().map(|f| f.path.as_str()).collect();
        assert!(paths.contains(&CONFIG_FILE), "{paths:?}");
        assert!(
            paths.iter().any(|p| p.ends_with(".gitkeep"))
                && !paths.iter().any(|p| p.starts_with(ADR_DIR)),
            "{paths:?}"
        );
        std::fs::write(ws.root.join(CONFIG_FILE), "").unwrap();
        let err = plan_init(&ws).unwrap_err();
        assert!(
            matches!(err, ScaffoldError::AlreadyInitialised { .. }),
            "{err:?}"
        );
        assert_eq!(
            err.to_string(),
            ".engineering is already initialised: .engineering/plan.toml exists"
        );
    }

    #[test]
    fn initiative_is_at_the_first_checkpoint() {
        let c = new_initiative(
            Path::new("/nonexistent"),
            "api-redesign",
            None,
            "2026-01-02",
        )
        .unwrap();
        assert_eq!(
            c.creates[0].path,
            "artifacts/planning/2026-01-02-api-redesign/START-HERE.md"
        );
        let t = tree(&[(&c.creates[0].path, &c.creates[0].contents)]);
        assert_eq!(t.initiatives[0].slug, "api-redesign");
        let s = t.initiative_status(&t.initiatives[0]).unwrap();
        assert_eq!(s.state, Some(State::ScopeAssessment));
        assert!(c.creates[0].contents.starts_with("# Api Redesign\n"));
        assert!(new_initiative(Path::new("/x"), "Bad Slug", None, "2026-01-02").is_err());
        assert!(new_initiative(Path::new("/x"), "ok", None, "2026-13-02").is_err());
    }

    #[test]
    fn work_package_numbers_continue_after_analyses() {
        let i = "artifacts/planning/2026-01-02-x";
        let t = tree(&[
            (&format!("{i}/START-HERE.md"), "# X\n"),
            (&format!("{i}/01-CONTEXT-ANALYSIS.md"), "# A\n"),
            (
                &format!("{i}/02-first-plan.md"),
                "# F\n\n**Status:** Draft\n",
            ),
        ]);
        let dep = t
            .indexed()
            .find(|(_, d)| d.file_name() == "02-first-plan.md")
            .map(|(i, _)| i)
            .unwrap();
        let spec = WorkPackageSpec {
            title: "Result Types",
            priority: Some("HIGH (blocks 04)"),
            effort: Some("2-4h agentic + 1h review"),
            date: "2026-01-03",
            depends_on: vec![dep],
        };
        let c = add_work_package(
            Path::new("/nonexistent"),
            &t,
            &Patterns::default(),
            "2026-01-02-x",
            &BTreeSet::new(),
            &spec,
        )
        .unwrap();
        assert_eq!(c.creates[0].path, format!("{i}/03-result-types-plan.md"));
        let t2 = tree(&[(&c.creates[0].path, &c.creates[0].contents)]);
        let d = &t2.documents[0];
        assert_eq!(d.kind, DocKind::WorkPackage);
        assert_eq!(d.status.as_ref().unwrap().state, Some(State::Draft));
        assert_eq!(
            d.priority.as_ref().unwrap().note.as_deref(),
            Some("blocks 04")
        );
        let deps: Vec<_> = d
            .doc
            .dependencies()
            .into_iter()
            .map(|r| r.reference)
            .collect();
        assert_eq!(deps, ["02-first-plan.md"]);
        assert!(d.doc.section(&["rollback plan"]).is_some());
        assert!(d.doc.section(&["success criteria"]).is_some());
        assert!(d.doc.section(&["risks"]).is_some());
    }

    #[test]
    fn adr_numbers_skip_numbers_taken_elsewhere_and_supersede() {
        let t = tree(&[(
            "artifacts/adr/0001-a.md",
            "# 1. A\n\n**Status:** Accepted\n",
        )]);
        let taken: BTreeSet<u32> = [1, 7].into_iter().collect();
        let c = new_adr(
            Path::new("/nonexistent"),
            &t,
            &taken,
            "Use gix",
            "2026-01-02",
            Some(1),
        )
        .unwrap();
        assert_eq!(c.creates[0].path, "artifacts/adr/0008-use-gix.md");
        assert!(c.creates[0]
            .contents
            .contains("**Supersedes:** [ADR 0001](0001-a.md)"));
        assert_eq!(
            c.edits[0].after,
            "# 1. A\n\n**Status:** Superseded by [ADR 0008](0008-use-gix.md)\n"
        );
        assert!(matches!(
            new_adr(Path::new("/x"), &t, &taken, "T", "2026-01-02", Some(5)),
            Err(ScaffoldError::NoSuchAdr { number: 5 })
        ));
    }
}
