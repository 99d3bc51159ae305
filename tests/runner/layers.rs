//! The library's layering, as `src/lib.rs` states it: modules are grouped
//! by stage (the top-level folder under `src/`), a file imports from its own
//! stage or an earlier one, never a later one, and no import circle joins
//! two files. The `crate::...` paths of every library file (not `src/bin/`,
//! not `tests.rs` files, not `#[cfg(test)] mod ... { }` blocks, not comment
//! lines) are resolved to the file defining the module they name, as
//! `../shared/tools/import-circles.py` does.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The stages, first to last.
const STAGES: [&str; 9] = [
    "base",
    "model",
    "document",
    "workspace",
    "tree",
    "history",
    "rules",
    "write",
    "report",
];

/// A module path (`["tree", "cache"]`; `[]` is `lib.rs`).
type Module = Vec<String>;

/// The library's files by module, without `src/bin/` and test files.
fn library_files(src: &Path) -> BTreeMap<Module, PathBuf> {
    fn walk(dir: &Path, src: &Path, files: &mut BTreeMap<Module, PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let rel = path.strip_prefix(src).unwrap().to_path_buf();
            if path.is_dir() {
                if rel != Path::new("bin") {
                    walk(&path, src, files);
                }
                continue;
            }
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if !name.ends_with(".rs") || name == "tests.rs" || name.ends_with("_tests.rs") {
                continue;
            }
            let mut module: Module = rel
                .with_extension("")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if matches!(module.last().map(String::as_str), Some("mod" | "lib")) {
                module.pop();
            }
            files.insert(module, path);
        }
    }
    let mut files = BTreeMap::new();
    walk(src, src, &mut files);
    files
}

/// `text` without its `#[cfg(test)] mod name { ... }` blocks and without
/// comment lines (`//`, `///`, `//!`).
fn code_of(text: &str) -> String {
    let mut kept = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("#[cfg(test)]") {
        kept.push_str(&rest[..at]);
        let after = &rest[at + "#[cfg(test)]".len()..];
        let trimmed = after.trim_start();
        let is_mod_block = trimmed.strip_prefix("mod ").is_some_and(|m| {
            let m = m.trim_start();
            let name_end = m
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(m.len());
            m[name_end..].trim_start().starts_with('{')
        });
        if !is_mod_block {
            kept.push_str("#[cfg(test)]");
            rest = after;
            continue;
        }
        let open = after.find('{').unwrap();
        let mut depth = 0usize;
        let mut end = after.len();
        for (i, c) in after[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = open + i + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &after[end..];
    }
    kept.push_str(rest);
    kept.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn ident_end(s: &str, at: usize) -> usize {
    s[at..]
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .map_or(s.len(), |n| at + n)
}

/// The index of the `}` closing the `{` at `open`.
fn closing(s: &str, open: usize) -> usize {
    let mut depth = 0usize;
    for (i, c) in s[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return open + i;
                }
            }
            _ => {}
        }
    }
    s.len()
}

/// The paths a `use` tree or a path expression starting at `at` names,
/// below `prefix`: `a::{b, c::{d, e}}` is `a::b`, `a::c::d`, `a::c::e`.
fn scan(s: &str, mut at: usize, mut prefix: Module, out: &mut Vec<Module>) {
    loop {
        if s[at..].starts_with('{') {
            let close = closing(s, at);
            let body = &s[at + 1..close];
            let (mut depth, mut start) = (0usize, 0);
            for (i, c) in body.char_indices().chain([(body.len(), ',')]) {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        let item = body[start..i].trim();
                        if !item.is_empty() {
                            scan(item, 0, prefix.clone(), out);
                        }
                        start = i + 1;
                    }
                    _ => {}
                }
            }
            return;
        }
        let end = ident_end(s, at);
        if end == at {
            break;
        }
        let name = &s[at..end];
        if name != "self" {
            prefix.push(name.to_string());
        }
        at = end;
        match s[at..].strip_prefix("::") {
            Some(_) => at += 2,
            None => break,
        }
    }
    out.push(prefix);
}

/// Every `crate::...` path in `code`.
fn crate_paths(code: &str) -> Vec<Module> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(found) = code[from..].find("crate::") {
        let start = from + found;
        from = start + "crate::".len();
        let before = code[..start].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            continue;
        }
        scan(code, from, Vec::new(), &mut out);
    }
    out
}

fn shown(module: &[String]) -> String {
    format!("crate::{}", module.join("::"))
}

/// Each file's imports of other files: target module, and the first path
/// that names it.
fn imports(files: &BTreeMap<Module, PathBuf>) -> BTreeMap<Module, BTreeMap<Module, String>> {
    let mut edges = BTreeMap::new();
    for (module, path) in files {
        let code = code_of(&std::fs::read_to_string(path).unwrap());
        let targets: &mut BTreeMap<Module, String> = edges.entry(module.clone()).or_default();
        for used in crate_paths(&code) {
            let Some(target) = (1..=used.len())
                .rev()
                .map(|n| used[..n].to_vec())
                .find(|m| files.contains_key(m))
            else {
                continue;
            };
            // A file's own module and its parents are not imports of it.
            if module.starts_with(&target) {
                continue;
            }
            targets.entry(target).or_insert_with(|| shown(&used));
        }
    }
    edges
}

fn stage_of(module: &[String]) -> Option<usize> {
    STAGES
        .iter()
        .position(|s| module.first() == Some(&s.to_string()))
}

/// The problems with `files`: imports from a later stage, modules in no
/// stage, and import circles, each naming the file and the import.
fn layering_problems(files: &BTreeMap<Module, PathBuf>) -> Vec<String> {
    let edges = imports(files);
    let top = Path::new(env!("CARGO_MANIFEST_DIR"));
    let name = |m: &Module| {
        let path = &files[m];
        path.strip_prefix(top).unwrap_or(path).display().to_string()
    };
    let mut problems = Vec::new();
    for (module, targets) in &edges {
        if module.is_empty() {
            continue;
        }
        let Some(stage) = stage_of(module) else {
            problems.push(format!(
                "{} is in no stage: the top-level modules are {STAGES:?}",
                name(module)
            ));
            continue;
        };
        for (target, path) in targets {
            if let Some(later) = stage_of(target).filter(|t| *t > stage) {
                problems.push(format!(
                    "{} imports `{path}` ({}): stage `{}` comes after `{}`",
                    name(module),
                    name(target),
                    STAGES[later],
                    STAGES[stage]
                ));
            }
        }
    }

    // Circles: a depth-first walk; an edge back to a file on the walk's
    // path closes one.
    #[derive(Clone, Copy, PartialEq)]
    enum Seen {
        No,
        OnPath,
        Done,
    }
    fn walk(
        module: &Module,
        edges: &BTreeMap<Module, BTreeMap<Module, String>>,
        seen: &mut BTreeMap<Module, Seen>,
        path: &mut Vec<Module>,
        circles: &mut Vec<Vec<Module>>,
    ) {
        seen.insert(module.clone(), Seen::OnPath);
        path.push(module.clone());
        for target in edges[module].keys() {
            match seen[target] {
                Seen::No => walk(target, edges, seen, path, circles),
                Seen::OnPath => {
                    let from = path.iter().position(|m| m == target).unwrap();
                    circles.push(path[from..].to_vec());
                }
                Seen::Done => {}
            }
        }
        path.pop();
        seen.insert(module.clone(), Seen::Done);
    }
    let mut seen: BTreeMap<Module, Seen> = edges.keys().map(|m| (m.clone(), Seen::No)).collect();
    let mut circles = Vec::new();
    for module in edges.keys() {
        if seen[module] == Seen::No {
            walk(module, &edges, &mut seen, &mut Vec::new(), &mut circles);
        }
    }
    for circle in circles {
        let mut text = format!("import circle: {}", name(&circle[0]));
        for (i, from) in circle.iter().enumerate() {
            let to = &circle[(i + 1) % circle.len()];
            text.push_str(&format!(" imports `{}` ({})", edges[from][to], name(to)));
            if i + 1 < circle.len() {
                text.push_str(", which");
            }
        }
        problems.push(text);
    }
    problems
}

#[test]
fn no_import_goes_to_a_later_stage_or_round_a_circle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files = library_files(&src);
    assert!(files.len() > 30, "{files:?}");
    let edges = imports(&files);
    // The walk sees imports: rules reads the tree, the tree reads documents.
    let module = |s: &str| s.split("::").map(str::to_string).collect::<Module>();
    assert!(edges[&module("tree::cache")].contains_key(&module("document")));
    assert!(edges.values().map(BTreeMap::len).sum::<usize>() > 50);
    let problems = layering_problems(&files);
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

#[test]
fn use_trees_expand_to_every_path() {
    let code = code_of(
        "use crate::{a::{b, c::{d as e, f}}, g::*};\n\
         // use crate::commented::out;\n\
         /// [`crate::doc::link`]\n\
         let x = crate::h::i(1);\n\
         #[cfg(test)]\nmod tests {\n    use crate::test_only::x;\n    fn f() { {} }\n}\n\
         use crate::after::tests;\n",
    );
    let paths: Vec<String> = crate_paths(&code).iter().map(|p| shown(p)).collect();
    assert_eq!(
        paths,
        [
            "crate::a::b",
            "crate::a::c::d",
            "crate::a::c::f",
            "crate::g",
            "crate::h::i",
            "crate::after::tests",
        ]
    );
}
