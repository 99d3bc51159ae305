//! The document templates: embedded defaults, faithful to the seed
//! conventions, each overridable by a file of the same name in the root's
//! `templates/` directory. Placeholders are `{{name}}`.

use std::path::{Path, PathBuf};

use crate::model::kind::TEMPLATES_DIR;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Template {
    StartHere,
    Readme,
    WorkPackage,
    Adr,
    PlanToml,
}

impl Template {
    pub const ALL: [Template; 5] = [
        Template::StartHere,
        Template::Readme,
        Template::WorkPackage,
        Template::Adr,
        Template::PlanToml,
    ];

    /// The override's file name under `templates/`.
    pub fn file_name(self) -> &'static str {
        match self {
            Template::StartHere => "start-here.md",
            Template::Readme => "readme.md",
            Template::WorkPackage => "work-package.md",
            Template::Adr => "adr.md",
            Template::PlanToml => "plan.toml",
        }
    }

    pub fn builtin(self) -> &'static str {
        match self {
            Template::StartHere => include_str!("templates/start-here.md"),
            Template::Readme => include_str!("templates/readme.md"),
            Template::WorkPackage => include_str!("templates/work-package.md"),
            Template::Adr => include_str!("templates/adr.md"),
            Template::PlanToml => include_str!("templates/plan.toml"),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    #[error("{source_name}:{line}: unknown placeholder `{{{{{name}}}}}`; known: {known}")]
    UnknownPlaceholder {
        source_name: String,
        line: usize,
        name: String,
        known: String,
    },
    #[error("{source_name}:{line}: `{{{{` is never closed")]
    Unclosed { source_name: String, line: usize },
    #[error("cannot read template {path}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("template {path} is not valid UTF-8")]
    NotUtf8 { path: PathBuf },
}

/// A template's text and where it came from (for messages).
#[derive(Debug, Clone)]
pub struct Loaded {
    pub text: String,
    pub source_name: String,
}

/// The override in `root/templates/` if there is one, else the built-in.
pub fn load(root: &Path, template: Template) -> Result<Loaded, TemplateError> {
    let path = root.join(TEMPLATES_DIR).join(template.file_name());
    match std::fs::read(&path) {
        Ok(bytes) => {
            let text = String::from_utf8(bytes)
                .map_err(|_| TemplateError::NotUtf8 { path: path.clone() })?;
            Ok(Loaded {
                text,
                source_name: path.display().to_string(),
            })
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Loaded {
            text: template.builtin().to_string(),
            source_name: format!("built-in {}", template.file_name()),
        }),
        Err(source) => Err(TemplateError::Read { path, source }),
    }
}

/// Replaces every `{{name}}` with its value. A placeholder with no value is
/// an error naming the template and line, so a typo in an override never
/// ends up in a plan.
pub fn render(template: &Loaded, vars: &[(&str, &str)]) -> Result<String, TemplateError> {
    let text = &template.text;
    let mut out = String::with_capacity(text.len() + 256);
    let mut pos = 0;
    while let Some(open) = text[pos..].find("{{").map(|i| pos + i) {
        out.push_str(&text[pos..open]);
        let line = text[..open].matches('\n').count() + 1;
        let Some(close) = text[open..].find("}}").map(|i| open + i) else {
            return Err(TemplateError::Unclosed {
                source_name: template.source_name.clone(),
                line,
            });
        };
        let name = text[open + 2..close].trim();
        let Some((_, value)) = vars.iter().find(|(k, _)| *k == name) else {
            return Err(TemplateError::UnknownPlaceholder {
                source_name: template.source_name.clone(),
                line,
                name: name.to_string(),
                known: vars.iter().map(|(k, _)| *k).collect::<Vec<_>>().join(", "),
            });
        };
        out.push_str(value);
        pos = close + 2;
    }
    out.push_str(&text[pos..]);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plan_toml_template_names_every_rule() {
        let text = Template::PlanToml.builtin();
        for rule in crate::model::rule::RULES {
            assert!(
                text.contains(rule.id),
                "plan.toml does not name `{}`",
                rule.id
            );
        }
    }

    #[test]
    fn the_plan_toml_template_names_every_built_in_section_heading() {
        use crate::document::sections::{ROLLBACK_PLAN, SUCCESS_CRITERIA};
        let text = crate::base::text::words(Template::PlanToml.builtin());
        for name in SUCCESS_CRITERIA.iter().chain(ROLLBACK_PLAN) {
            assert!(
                text.contains(name),
                "plan.toml does not name the heading `{name}`"
            );
        }
    }

    fn loaded(text: &str) -> Loaded {
        Loaded {
            text: text.to_string(),
            source_name: "t.md".to_string(),
        }
    }

    #[test]
    fn renders_and_rejects_unknown_names() {
        assert_eq!(
            render(&loaded("# {{title}}!"), &[("title", "X")]).unwrap(),
            "# X!"
        );
        let err = render(&loaded("a\n{{titel}}"), &[("title", "X")]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "t.md:2: unknown placeholder `{{titel}}`; known: title"
        );
        assert!(render(&loaded("{{title"), &[]).is_err());
    }

    #[test]
    fn builtins_use_only_known_placeholders() {
        let vars = [
            ("title", "T"),
            ("date", "2026-01-01"),
            ("status", "Draft"),
            ("number", "03"),
            ("priority", "HIGH"),
            ("effort", "1h"),
            ("depends_on", "None"),
            ("requires", "- None"),
            ("deciders", "Ada"),
            ("supersedes_line", ""),
        ];
        for t in Template::ALL {
            let l = Loaded {
                text: t.builtin().to_string(),
                source_name: t.file_name().to_string(),
            };
            assert!(render(&l, &vars).is_ok(), "{}", t.file_name());
        }
    }
}
