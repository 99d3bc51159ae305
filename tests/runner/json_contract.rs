//! The JSON contract every command keeps: errors under `--json` are a JSON
//! object on stdout as well as text on stderr.

use serde_json::json;

use crate::common::TestRepo;

#[test]
fn errors_under_json_are_a_json_object_on_stdout_too() {
    let repo = TestRepo::initialised();
    let run = repo.plan(&["show", "nothing", "--json"]).fails(1);
    assert!(run.stderr.starts_with("Error: "), "{}", run.stderr);
    let error = &run.json()["error"];
    assert_eq!(run.json()["version"], 2);
    assert_eq!(error["code"], 1);
    assert_eq!(
        format!("Error: {}\n", error["message"].as_str().unwrap()),
        run.stderr.lines().next().unwrap().to_string() + "\n"
    );
    // Hints and causes are the same lines as on stderr.
    for hint in error["hints"].as_array().unwrap() {
        assert!(
            run.stderr
                .contains(&format!("Hint: {}\n", hint.as_str().unwrap())),
            "{}",
            run.stderr
        );
    }
    // `--format json` asks for JSON too.
    let run = repo
        .plan(&["check", "--rev", "no-such-rev", "--format", "json"])
        .fails(1);
    assert_eq!(run.json()["error"]["code"], 1, "{}", run.stdout);
    assert!(run.stderr.starts_with("Error: "), "{}", run.stderr);
}

#[test]
fn usage_errors_under_json_are_json_with_code_2() {
    let repo = TestRepo::initialised();
    let run = repo.plan(&["status", "--json", "--bogus"]).fails(2);
    assert_eq!(
        run.json(),
        json!({
            "version": 2,
            "error": {
                "message": "unexpected argument '--bogus' found",
                "causes": [],
                "hints": [],
                "code": 2
            }
        })
    );
    assert!(
        run.stderr
            .starts_with("error: unexpected argument '--bogus' found"),
        "{}",
        run.stderr
    );
}

#[test]
fn errors_outside_a_repository_under_json() {
    let dir = TestRepo::empty_dir();
    let run = dir.plan(&["status", "--json"]).fails(1);
    let error = &run.json()["error"];
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .starts_with("not a git repository"),
        "{}",
        run.stdout
    );
}

#[test]
fn without_json_errors_are_text_only() {
    let repo = TestRepo::initialised();
    let run = repo.plan(&["show", "nothing"]).fails(1);
    assert_eq!(run.stdout, "");
    // After `--`, `--json` is not an option.
    let run = repo.plan(&["show", "--", "--json"]).fails(1);
    assert_eq!(run.stdout, "");
}

/// `--json` is the spelling of `--format json` for the commands that have
/// a `--format`, and asking for both is a usage error.
#[test]
fn json_is_format_json_for_check_and_graph() {
    let repo = crate::common::two_work_packages();
    for command in ["check", "graph"] {
        let json = repo.plan(&[command, "--json"]);
        let format = repo.plan(&[command, "--format", "json"]);
        assert_eq!(json.code, format.code, "{command}");
        assert_eq!(json.json(), format.json(), "{command}");
        repo.plan(&[command, "--json", "--format", "json"]).fails(2);
    }
}
