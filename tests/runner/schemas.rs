//! The JSON Schemas of `docs/json/`, which every JSON output the tests read
//! must keep: [`crate::common::Run::json`] checks each against the schema
//! of its command, so a field added, renamed or retyped without its schema
//! fails the test that reads it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use serde_json::Value;

/// Where the schemas' `$id`s point; `docs/json/` holds the files.
const BASE: &str = "https://git-plan.invalid/json/";

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/json")
}

/// Which schema the output of `git plan ARGS` keeps: `status`,
/// `adr-list`, `hooks-status`, ..., or `error` for an error object.
pub fn schema_name(args: &[String], value: &Value) -> Option<String> {
    if value.get("error").is_some() {
        return Some("error".to_string());
    }
    let mut words = Vec::new();
    let mut iter = args.iter();
    while let Some(a) = iter.next() {
        match a.as_str() {
            "--" => break,
            "-C" => {
                iter.next();
            }
            a if a.starts_with('-') => {}
            a => words.push(a),
        }
    }
    let name = match words.as_slice() {
        ["adr", "list", ..] => "adr-list",
        ["hooks", "status", ..] => "hooks-status",
        [command, ..] => command,
        [] => return None,
    };
    Some(name.to_string())
}

/// Checks `value`, the JSON `git plan ARGS` printed, against its schema;
/// panics naming each violation. With `GIT_PLAN_DUMP_JSON=DIR` it appends
/// the output to `DIR/<schema>.jsonl` instead (for writing a schema).
#[track_caller]
pub fn check(args: &[String], value: &Value) {
    let Some(name) = schema_name(args, value) else {
        return;
    };
    if let Some(dump) = std::env::var_os("GIT_PLAN_DUMP_JSON") {
        use std::io::Write;
        static LOCK: Mutex<()> = Mutex::new(());
        let _guard = LOCK.lock().unwrap_or_else(|e| e.into_inner());
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(Path::new(&dump).join(format!("{name}.jsonl")))
            .unwrap();
        writeln!(file, "{value}").unwrap();
        return;
    }
    let validators = validators();
    let Some(validator) = validators.get(&name) else {
        panic!(
            "no schema docs/json/{name}.schema.json for the JSON of `git plan {}`",
            args.join(" ")
        );
    };
    let errors: Vec<String> = validator
        .iter_errors(value)
        .map(|e| format!("  at {}: {e}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "the JSON of `git plan {}` does not keep docs/json/{name}.schema.json:\n{}",
        args.join(" "),
        errors.join("\n")
    );
}

/// Resolves `$ref`s to the shared definitions (`defs.schema.json`) from
/// the files of `docs/json/`.
struct Files;

impl jsonschema::Retrieve for Files {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let name = uri
            .as_str()
            .strip_prefix(BASE)
            .ok_or_else(|| format!("not one of git-plan's schemas: {}", uri.as_str()))?;
        let text = std::fs::read_to_string(dir().join(name))?;
        Ok(serde_json::from_str(&text)?)
    }
}

/// Every schema of `docs/json/`, compiled once, by name.
fn validators() -> &'static HashMap<String, jsonschema::Validator> {
    static VALIDATORS: OnceLock<HashMap<String, jsonschema::Validator>> = OnceLock::new();
    VALIDATORS.get_or_init(|| {
        let mut out = HashMap::new();
        for entry in std::fs::read_dir(dir()).unwrap() {
            let path = entry.unwrap().path();
            let file = path.file_name().unwrap().to_string_lossy().into_owned();
            let Some(name) = file.strip_suffix(".schema.json") else {
                continue;
            };
            if name == "defs" {
                continue;
            }
            let schema: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap())
                .unwrap_or_else(|e| panic!("{file} is not JSON: {e}"));
            let validator = jsonschema::options()
                .with_retriever(Files)
                .build(&schema)
                .unwrap_or_else(|e| panic!("{file} is not a valid schema: {e}"));
            out.insert(name.to_string(), validator);
        }
        out
    })
}

/// Every schema file is itself a valid JSON Schema (2020-12) whose `$id`
/// names its file, and every command with `--json` has one.
#[test]
fn every_schema_is_valid_and_named_by_its_file() {
    let validators = validators();
    for name in [
        "status",
        "show",
        "log",
        "check",
        "diff",
        "review",
        "next",
        "graph",
        "report",
        "adr-list",
        "hooks-status",
        "error",
    ] {
        assert!(
            validators.contains_key(name),
            "no docs/json/{name}.schema.json"
        );
    }
    for entry in std::fs::read_dir(dir()).unwrap() {
        let path = entry.unwrap().path();
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        if !file.ends_with(".schema.json") {
            continue;
        }
        let schema: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(schema["$id"], format!("{BASE}{file}"), "{file}");
        assert_eq!(
            schema["$schema"], "https://json-schema.org/draft/2020-12/schema",
            "{file}"
        );
    }
}

/// The schemas reject what the contract rules out: a status whose `at` is
/// the old `path:line` string, an ADR id as a number, a missing field.
#[test]
fn the_schemas_reject_the_shapes_of_version_1() {
    let validators = validators();
    let repo = crate::common::TestRepo::initialised();
    repo.write(
        ".engineering/artifacts/adr/0001-use-git.md",
        "# 1. Use git\n\n**Status:** Superseded by [ADR-0002](0002-x.md)\n",
    );
    repo.write(
        ".engineering/artifacts/adr/0002-x.md",
        "# 2. X\n\n**Status:** Accepted\n",
    );
    let good = repo.plan(&["status", "--json"]).ok().json();
    assert!(validators["status"].is_valid(&good));
    let status = &good["adrs"]["items"][0]["status"];
    assert_eq!(status["superseded_by"], "adr-0002");
    let mut old_at = good.clone();
    old_at["adrs"]["items"][0]["status"]["at"] = "artifacts/adr/0001-use-git.md:3".into();
    assert!(!validators["status"].is_valid(&old_at));
    let mut old_id = good.clone();
    old_id["adrs"]["items"][0]["status"]["superseded_by"] = 2.into();
    assert!(!validators["status"].is_valid(&old_id));
    let mut no_since = good.clone();
    no_since["adrs"]["items"][1]["status"]
        .as_object_mut()
        .unwrap()
        .remove("since");
    assert!(!validators["status"].is_valid(&no_since));
    let mut old_version = good;
    old_version["version"] = 1.into();
    assert!(!validators["status"].is_valid(&old_version));
}
