//! The kinds of plan document, where each lives under the root, the
//! file-name patterns that recognise them (`plan.toml` can add more per
//! kind), and the lifecycle each kind follows.

use serde::Serialize;

use crate::model::lifecycle::Lifecycle;

/// The kinds of PRODUCT.md's document table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DocKind {
    /// `START-HERE.md` or `README.md` of an initiative folder.
    Initiative,
    /// `NN-slug-plan.md` inside an initiative folder.
    WorkPackage,
    /// A plan made of `ST1..STn` subtasks (seed 000).
    WorkPlan,
    /// A plan beside a work package that is not one: a test plan
    /// (`NN-test-plan.md`), an evaluation, investigation or drafting plan.
    /// No lifecycle, and the work-package rules do not apply.
    SupportingPlan,
    /// `NN-*-ANALYSIS.md` and similar.
    Analysis,
    /// `*-COMPLETE.md`.
    Completion,
    /// `artifacts/adr/NNNN-slug.md` or `adrNNNN-slug.md`.
    Adr,
    /// Anything else.
    Note,
}

impl DocKind {
    pub const ALL: [DocKind; 8] = [
        DocKind::Initiative,
        DocKind::WorkPackage,
        DocKind::WorkPlan,
        DocKind::SupportingPlan,
        DocKind::Analysis,
        DocKind::Completion,
        DocKind::Adr,
        DocKind::Note,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::Initiative => "initiative",
            DocKind::WorkPackage => "work-package",
            DocKind::WorkPlan => "work-plan",
            DocKind::SupportingPlan => "supporting-plan",
            DocKind::Analysis => "analysis",
            DocKind::Completion => "completion",
            DocKind::Adr => "adr",
            DocKind::Note => "note",
        }
    }
}

impl DocKind {
    /// `a work package`, `an ADR`, for messages.
    pub fn with_article(self) -> &'static str {
        match self {
            DocKind::Initiative => "an initiative document",
            DocKind::WorkPackage => "a work package",
            DocKind::WorkPlan => "a work plan",
            DocKind::SupportingPlan => "a supporting plan (test, evaluation, investigation)",
            DocKind::Analysis => "an analysis",
            DocKind::Completion => "a completion record",
            DocKind::Adr => "an ADR",
            DocKind::Note => "a note",
        }
    }
}

/// Directory holding initiative folders, relative to the root.
pub const PLANNING_DIR: &str = "artifacts/planning";
/// Directory holding ADRs, relative to the root.
pub const ADR_DIR: &str = "artifacts/adr";

/// Directory under the root holding template overrides; never read as plans.
pub const TEMPLATES_DIR: &str = "templates";

/// Glob patterns per kind, tried in the order of [`Patterns::ordered`]. A
/// pattern without `/` matches the file name, one with `/` the path relative
/// to the root. Matching is case-insensitive. A pattern starting with `!`
/// excludes what it matches from that kind (as in `.gitignore`), so that
/// `plan.toml` can take a file away from a built-in pattern.
#[derive(Debug, Clone)]
pub struct Patterns {
    pub completion: Vec<String>,
    pub analysis: Vec<String>,
    pub work_plan: Vec<String>,
    pub supporting_plan: Vec<String>,
    pub work_package: Vec<String>,
    pub adr: Vec<String>,
    /// Decision-record collections found where other tools keep them
    /// (adr-tools, log4brains, MADR; `workspace::collections`): each
    /// Markdown file directly in one, but its template and index, is an
    /// ADR, whatever its name.
    pub collections: Vec<AdrCollection>,
    /// Whether the engineering root itself is read: false when the root is
    /// the top of the work tree only because collections were found there
    /// (the rest of the repository is not a plan).
    pub root_listed: bool,
}

/// A decision-record collection, as classification and the history see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdrCollection {
    /// Its folder relative to the engineering root, `/`-separated, without
    /// a trailing slash; `../` leads out of the root (`../doc/adr` from
    /// `.engineering/`).
    pub dir: String,
    /// Put before each id so that ids of several collections do not
    /// collide: `""` for the first, `core/` for log4brains' package `core`.
    pub id_prefix: String,
}

impl AdrCollection {
    /// The file name of `path` when it lies directly in this collection.
    pub fn file_in<'p>(&self, path: &'p str) -> Option<&'p str> {
        let rest = if self.dir.is_empty() {
            path
        } else {
            path.strip_prefix(self.dir.as_str())?.strip_prefix('/')?
        };
        (!rest.contains('/')).then_some(rest)
    }
}

/// Whether a file name in a collection is a decision: Markdown, not a
/// template (`template.md`, `adr-template.md`) nor an index (`README.md`,
/// `index.md`).
pub fn is_decision_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let Some(stem) = lower.strip_suffix(".md") else {
        return false;
    };
    !(stem.is_empty()
        || stem.starts_with('.')
        || stem == "readme"
        || stem == "index"
        || stem == "template"
        || stem.ends_with("-template")
        || stem.starts_with("template-"))
}

impl Default for Patterns {
    fn default() -> Self {
        let s = |v: &[&str]| v.iter().map(|p| (*p).to_string()).collect();
        Patterns {
            completion: s(&["*-complete.md", "complete.md", "*_complete.md"]),
            analysis: s(&["[0-9][0-9]-*analysis*.md", "*-analysis.md"]),
            work_plan: s(&["work_plan.md", "work-plan.md", "*-work-plan.md"]),
            supporting_plan: s(&[
                "*test-plan.md",
                "*evaluation-plan.md",
                "*investigation-plan.md",
                "*drafting-plan.md",
            ]),
            work_package: s(&[
                "[0-9][0-9]-*plan.md",
                "[0-9][0-9][0-9]-*plan.md",
                // An initiative's one unnumbered plan.
                "plan.md",
                "work-package-plan.md",
                "wp-plan.md",
            ]),
            adr: s(&[
                "artifacts/adr/[0-9][0-9][0-9][0-9]-*.md",
                "artifacts/adr/adr[0-9][0-9][0-9][0-9]-*.md",
                "artifacts/adr/adr-[0-9][0-9][0-9][0-9]-*.md",
            ]),
            collections: Vec::new(),
            root_listed: true,
        }
    }
}

impl Patterns {
    /// Lower-cases every pattern, so that matching (case-insensitive) needs
    /// no allocation.
    pub fn normalized(mut self) -> Self {
        for list in [
            &mut self.completion,
            &mut self.analysis,
            &mut self.work_plan,
            &mut self.supporting_plan,
            &mut self.work_package,
            &mut self.adr,
        ] {
            for p in list.iter_mut() {
                *p = p.to_lowercase();
            }
        }
        self
    }

    /// The collection `path` lies directly in, and its file name, when
    /// that name is a decision's.
    pub fn collection_of<'p>(&self, path: &'p str) -> Option<(&AdrCollection, &'p str)> {
        self.collections
            .iter()
            .find_map(|c| c.file_in(path).map(|name| (c, name)))
            .filter(|(_, name)| is_decision_name(name))
    }

    /// Whether a path is read at all: under the root when the root is
    /// listed, or directly in a collection.
    pub fn is_listed(&self, path: &str) -> bool {
        (self.root_listed && !path.starts_with("../")) || self.collection_of(path).is_some()
    }

    pub fn ordered(&self) -> [(DocKind, &Vec<String>); 6] {
        [
            (DocKind::Adr, &self.adr),
            (DocKind::Completion, &self.completion),
            (DocKind::Analysis, &self.analysis),
            (DocKind::WorkPlan, &self.work_plan),
            (DocKind::SupportingPlan, &self.supporting_plan),
            (DocKind::WorkPackage, &self.work_package),
        ]
    }
}

/// The lifecycle a kind of document follows; none for analyses,
/// completion records, supporting plans and notes.
pub fn lifecycle_of(kind: DocKind) -> Option<Lifecycle> {
    match kind {
        DocKind::Initiative => Some(Lifecycle::Initiative),
        DocKind::WorkPackage | DocKind::WorkPlan => Some(Lifecycle::WorkPackage),
        DocKind::Adr => Some(Lifecycle::Adr),
        DocKind::Analysis | DocKind::Completion | DocKind::SupportingPlan | DocKind::Note => None,
    }
}
