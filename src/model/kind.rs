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
