use super::*;

const I: &str = "artifacts/planning/2026-01-02-x";

fn tree(files: &[(&str, &str)]) -> PlanTree {
    PlanTree::from_texts(files)
}

fn rules_hit(files: &[(&str, &str)]) -> Vec<(String, &'static str, usize)> {
    check(&tree(files), &RuleConfig::default(), None)
        .findings
        .into_iter()
        .map(|f| {
            (
                f.path.rsplit('/').next().unwrap_or("").to_string(),
                f.rule,
                f.line,
            )
        })
        .collect()
}

const GOOD: &str = "# Phase 01: Good\n\n**Status:** Ready\n**Estimated Effort:** 2h\n\n## Success Criteria\n\n- [ ] fast\n\n## Rollback Plan\n\nRevert.\n";

#[test]
fn a_complete_plan_passes() {
    assert_eq!(rules_hit(&[(&format!("{I}/01-good-plan.md"), GOOD)]), []);
}

#[test]
fn missing_and_empty_and_placeholder_sections() {
    let missing = "# P\n\n**Status:** Draft\n\n## Overview\n";
    let empty = "# P\n\n**Status:** Draft\n\n## Success Criteria\n\n---\n\n## Rollback Plan\n\n- [ ] [Step 1]\n";
    assert_eq!(
        rules_hit(&[
            (&format!("{I}/01-a-plan.md"), missing),
            (&format!("{I}/02-b-plan.md"), empty)
        ]),
        [
            ("01-a-plan.md".to_string(), "missing-rollback-plan", 1),
            ("01-a-plan.md".to_string(), "missing-success-criteria", 1),
            ("02-b-plan.md".to_string(), "empty-section", 5),
            ("02-b-plan.md".to_string(), "template-placeholder", 9),
        ]
    );
}

#[test]
fn heading_synonyms_count() {
    let text = "# P\n\n## Acceptance Criteria\n\n- [ ] x\n\n## Rollback Strategy\n\nRevert.\n";
    assert_eq!(rules_hit(&[(&format!("{I}/01-a-plan.md"), text)]), []);
}

#[test]
fn statuses() {
    let unknown = GOOD.replace("Ready", "✅ PASS");
    let foreign = GOOD.replace("Ready", "Accepted");
    let hits = rules_hit(&[
        (&format!("{I}/01-a-plan.md"), &unknown),
        (&format!("{I}/02-b-plan.md"), &foreign),
    ]);
    assert_eq!(
        hits,
        [
            ("01-a-plan.md".to_string(), "unknown-status", 3),
            ("02-b-plan.md".to_string(), "illegal-status-for-kind", 3),
        ]
    );
}

#[test]
fn dependencies_dangling_and_cyclic() {
    let a = GOOD.replace("**Estimated", "**Depends on:** 02\n**Estimated");
    let b = GOOD.replace("**Estimated", "**Depends on:** 03\n**Estimated");
    let c = GOOD.replace("**Estimated", "**Depends on:** 01, 09\n**Estimated");
    let t = tree(&[
        (&format!("{I}/01-a-plan.md"), &a),
        (&format!("{I}/02-b-plan.md"), &b),
        (&format!("{I}/03-c-plan.md"), &c),
    ]);
    let r = check(&t, &RuleConfig::default(), None);
    let cycle: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.rule == "dependency-cycle")
        .collect();
    assert_eq!(cycle.len(), 1);
    assert_eq!(
        cycle[0].message,
        "dependency cycle: 2026-01-02-x/01 -> 2026-01-02-x/02 -> 2026-01-02-x/03 -> 2026-01-02-x/01"
    );
    let dangling: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.rule == "dangling-dependency")
        .collect();
    assert_eq!(dangling.len(), 1);
    assert_eq!(dangling[0].message, "depends on `09`, which names no plan");
    assert_eq!((dangling[0].line, dangling[0].column), (4, 21));
}

#[test]
fn a_dangling_reference_is_located_in_the_value_not_the_key() {
    let text = GOOD.replace("**Estimated", "**Depends on:** 09, d, é\n**Estimated");
    let r = check(
        &tree(&[(&format!("{I}/01-a-plan.md"), &text)]),
        &RuleConfig::default(),
        None,
    );
    let at: Vec<_> = r
        .findings
        .iter()
        .map(|f| (f.message.as_str(), f.line, f.column))
        .collect();
    assert_eq!(
        at,
        [
            ("depends on `09`, which names no plan", 4, 17),
            ("depends on `d`, which names no plan", 4, 21),
            ("depends on `é`, which names no plan", 4, 24),
        ]
    );
}

#[test]
fn duplicates_and_supersede_mismatch() {
    let hits = rules_hit(&[
        (&format!("{I}/04-a-plan.md"), GOOD),
        (&format!("{I}/04-b-plan.md"), GOOD),
        (
            "artifacts/adr/0001-a.md",
            "# 1. A\n\n**Status:** Superseded by ADR 0002\n",
        ),
        (
            "artifacts/adr/0002-b.md",
            "# 2. B\n\n**Status:** Accepted\n",
        ),
        (
            "artifacts/adr/0003-c.md",
            "# 3. C\n\n**Status:** Superseded by ADR 0009\n",
        ),
    ]);
    assert_eq!(
        hits,
        [
            ("0001-a.md".to_string(), "adr-supersede-mismatch", 3),
            ("0003-c.md".to_string(), "adr-supersede-mismatch", 3),
            ("04-a-plan.md".to_string(), "duplicate-number", 1),
            ("04-b-plan.md".to_string(), "duplicate-number", 1),
        ]
    );
    let fixed = rules_hit(&[
        (
            "artifacts/adr/0001-a.md",
            "# 1. A\n\n**Status:** Superseded by ADR 0002\n",
        ),
        (
            "artifacts/adr/0002-b.md",
            "# 2. B\n\n**Status:** Accepted\n**Supersedes:** [ADR 0001](0001-a.md)\n",
        ),
    ]);
    assert_eq!(fixed, []);
}

#[test]
fn complete_needs_ticks_and_contradictions_warn() {
    let done = GOOD.replace("Ready", "Complete");
    let unverified = GOOD.replace("Ready", "Complete (unverified)");
    let hits = rules_hit(&[
        (&format!("{I}/01-a-plan.md"), &done),
        (&format!("{I}/02-b-plan.md"), &unverified),
        (&format!("{I}/03-caching-plan.md"), GOOD),
        (&format!("{I}/04-caching-complete.md"), "# Done\n"),
    ]);
    assert_eq!(
        hits,
        [
            (
                "01-a-plan.md".to_string(),
                "complete-with-unticked-criteria",
                3
            ),
            ("03-caching-plan.md".to_string(), "status-contradiction", 3),
        ]
    );
}

#[test]
fn opt_outs_silence_one_rule_and_are_listed() {
    let text = "# P\n\n**Status:** Draft\n<!-- git-plan: allow missing-rollback-plan: additive change, nothing to roll back -->\n\n## Success Criteria\n\n- [ ] x\n";
    let r = check(
        &tree(&[(&format!("{I}/01-a-plan.md"), text)]),
        &RuleConfig::default(),
        None,
    );
    assert!(r.findings.is_empty(), "{:?}", r.findings);
    assert_eq!(r.allowed.len(), 1);
    assert_eq!(r.allowed[0].rule, "missing-rollback-plan");
    assert_eq!(r.allowed[0].reason, "additive change, nothing to roll back");
    assert_eq!((r.allowed[0].line, r.allowed[0].silenced), (4, 1));
}

#[test]
fn configuration_changes_severity_per_rule_and_kind() {
    let text = "# P\n\n**Status:** Draft\n\n## Success Criteria\n\n- [ ] x\n";
    let t = tree(&[(&format!("{I}/01-a-plan.md"), text)]);
    let mut cfg = RuleConfig::default();
    cfg.all
        .insert("missing-rollback-plan".into(), Level::Warning);
    assert_eq!(check(&t, &cfg, None).findings[0].level, Level::Warning);
    cfg.by_kind
        .entry("work-package".into())
        .or_default()
        .insert("missing-rollback-plan".into(), Level::Off);
    assert!(check(&t, &cfg, None).findings.is_empty());
}

#[test]
fn scope_keeps_changed_documents_and_whole_tree_findings_touching_them() {
    let t = tree(&[
        (&format!("{I}/04-a-plan.md"), GOOD),
        (&format!("{I}/04-b-plan.md"), GOOD),
        (&format!("{I}/05-c-plan.md"), "# C\n"),
    ]);
    let scope: BTreeSet<String> = [format!("{I}/04-b-plan.md")].into_iter().collect();
    let r = check(&t, &RuleConfig::default(), Some(&scope));
    let rules: Vec<_> = r
        .findings
        .iter()
        .map(|f| (f.path.rsplit('/').next().unwrap_or(""), f.rule))
        .collect();
    assert_eq!(
        rules,
        [
            ("04-a-plan.md", "duplicate-number"),
            ("04-b-plan.md", "duplicate-number")
        ]
    );
    assert_eq!(r.checked, 1);
}

#[test]
fn an_opt_out_without_a_reason_is_not_applied() {
    let text = "# P\n\n**Status:** Draft\n<!-- git-plan: allow missing-rollback-plan -->\n\n## Success Criteria\n\n- [ ] x\n";
    let r = check(
        &tree(&[(&format!("{I}/01-a-plan.md"), text)]),
        &RuleConfig::default(),
        None,
    );
    assert_eq!(r.findings.len(), 1);
    assert_eq!(r.allowed[0].silenced, 0);
    assert_eq!(r.allowed[0].reason, "");
}

#[test]
fn deleting_a_dependency_reports_the_plans_that_named_it() {
    let b = GOOD.replace("**Estimated", "**Depends on:** 01\n**Estimated");
    let t = tree(&[(&format!("{I}/02-b-plan.md"), &b)]);
    let scope: BTreeSet<String> = [format!("{I}/01-a-plan.md")].into_iter().collect();
    let r = check(&t, &RuleConfig::default(), Some(&scope));
    let rules: Vec<_> = r.findings.iter().map(|f| f.rule).collect();
    assert_eq!(rules, ["dangling-dependency"]);
}

#[test]
fn a_bare_number_names_a_sibling_work_package_only() {
    let a = GOOD.replace("**Estimated", "**Depends on:** 49\n**Estimated");
    let hits = rules_hit(&[
        (&format!("{I}/01-a-plan.md"), &a),
        (
            "artifacts/adr/0049-x.md",
            "# 49. X\n\n**Status:** Accepted\n",
        ),
    ]);
    assert_eq!(
        hits,
        [("01-a-plan.md".to_string(), "dangling-dependency", 4)]
    );
}

#[test]
fn opt_out_scanning_never_panics_on_odd_comments() {
    // `<!-->` and `<!--->` used to slice `begin > end`.
    for text in [
        "<!-->\n",
        "<!--->\n",
        "<!---->\n",
        "a <!-- b\n",
        "<!-->x-->\n",
        "é<!--é-->é\n",
        "<!--",
        "-->",
    ] {
        assert_eq!(opt_outs(text), [], "{text:?}");
    }
    assert_eq!(
        opt_outs("<!--> <!-- git-plan: allow empty-section: why -->\n"),
        [(1, "empty-section".to_string(), "why".to_string())]
    );
    // The whole check runs on such a document.
    let doc = format!("{GOOD}\n<!-->\n<!--->\n");
    assert_eq!(rules_hit(&[(&format!("{I}/01-good-plan.md"), &doc)]), []);
}

#[test]
fn statements_that_disagree_are_reported_on_the_later_line() {
    let wp = "# P\n\n**Status:** In Progress\n\n## Success Criteria\n\n- [ ] x\n\n## Rollback Plan\n\nRevert.\n\n---\n\n**Status:** Ready to implement\n";
    let report = check(
        &tree(&[(&format!("{I}/01-a-plan.md"), wp)]),
        &RuleConfig::default(),
        None,
    );
    let f: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.rule == "status-disagreement")
        .collect();
    assert_eq!(f.len(), 1);
    assert_eq!((f[0].line, f[0].level), (15, Level::Warning));
    assert_eq!(
        f[0].message,
        "the status here is `Ready to implement` (ready), but line 3 says `In Progress` (in-progress)"
    );
}

#[test]
fn statements_that_agree_or_cannot_be_read_are_not_a_disagreement() {
    // Same state in other words; an unknown value; an ADR's section and
    // header line that agree.
    let same = "# P\n\n**Status:** Ready\n\n## Success Criteria\n\n- [ ] x\n\n## Rollback Plan\n\nRevert.\n\n**Status:** Ready for implementation\n";
    let unknown = "# P\n\n**Status:** Ready\n\n## Success Criteria\n\n- [ ] x\n\n## Rollback Plan\n\nRevert.\n\n**Status:** Bogus\n";
    let adr = "# 1. A\n\n**Status:** Accepted\n\n## Status\n\nAccepted\n";
    let hits = rules_hit(&[
        (&format!("{I}/01-a-plan.md"), same),
        (&format!("{I}/02-b-plan.md"), unknown),
        ("artifacts/adr/0001-a.md", adr),
    ]);
    assert!(
        hits.iter().all(|(_, r, _)| *r != "status-disagreement"),
        "{hits:?}"
    );
}

#[test]
fn start_here_and_readme_that_disagree_are_reported_on_the_readme() {
    let hits = rules_hit(&[
        (
            &format!("{I}/START-HERE.md"),
            "# X\n\n**Status:** Complete\n",
        ),
        (
            &format!("{I}/README.md"),
            "# X\n\n**Status:** Implementation\n",
        ),
    ]);
    assert_eq!(hits, [("README.md".to_string(), "status-disagreement", 3)]);
    let agree = rules_hit(&[
        (
            &format!("{I}/START-HERE.md"),
            "# X\n\n**Status:** Complete\n",
        ),
        (
            &format!("{I}/README.md"),
            "# X\n\n**Status:** ✅ Complete\n",
        ),
    ]);
    assert_eq!(agree, []);
}

#[test]
fn duplicate_numbers_compare_one_kind_and_read_sub_numbers_whole() {
    let work_plan = "# Steps\n\n**Status:** Ready\n\n### ST1: First\n\n- **Dependencies**: none\n";
    let hits = rules_hit(&[
        (&format!("{I}/04-a-plan.md"), GOOD),
        (&format!("{I}/04-05-b-plan.md"), GOOD),
        (&format!("{I}/04-steps.md"), work_plan),
    ]);
    assert!(
        hits.iter().all(|(_, r, _)| *r != "duplicate-number"),
        "{hits:?}"
    );
    let twins = rules_hit(&[
        (&format!("{I}/04-05-a-plan.md"), GOOD),
        (&format!("{I}/04-05-b-plan.md"), GOOD),
    ]);
    assert_eq!(
        twins,
        [
            ("04-05-a-plan.md".to_string(), "duplicate-number", 1),
            ("04-05-b-plan.md".to_string(), "duplicate-number", 1),
        ]
    );
}

#[test]
fn bare_completion_records_and_complete_initiatives_contradict_open_work() {
    let ready = |title: &str| GOOD.replace("# Phase 01: Good", &format!("# {title}"));
    let draft = GOOD.replace("**Status:** Ready", "**Status:** Draft");
    // `02-COMPLETE.md` speaks for 02; as a completion record of the folder
    // it also makes the initiative complete, which 01 contradicts.
    let msgs = contradictions(&tree(&[
        (
            &format!("{I}/START-HERE.md"),
            "# X\n\n**Status:** Implementation\n",
        ),
        (&format!("{I}/01-a-plan.md"), &ready("A")),
        (&format!("{I}/02-b-plan.md"), &ready("B")),
        (&format!("{I}/02-COMPLETE.md"), "# Done\n"),
    ]));
    let msgs: Vec<(&str, &str)> = msgs.iter().map(|(p, m)| (p.as_str(), m.as_str())).collect();
    assert_eq!(
        msgs,
        [
            (
                "01-a-plan.md",
                "the initiative is complete (02-COMPLETE.md), but this work package is ready"
            ),
            (
                "02-b-plan.md",
                "02-COMPLETE.md says it is complete, but this work package is ready"
            ),
        ]
    );
    let whole = rules_hit(&[
        (&format!("{I}/01-a-plan.md"), &ready("A")),
        (&format!("{I}/02-b-plan.md"), &draft),
        (&format!("{I}/COMPLETE.md"), "# Done\n"),
    ]);
    assert_eq!(
        whole,
        [
            ("01-a-plan.md".to_string(), "status-contradiction", 3),
            ("02-b-plan.md".to_string(), "status-contradiction", 3),
        ]
    );
    // An initiative stated complete: draft and ready work packages
    // contradict it, one in progress or complete does not.
    let in_progress = GOOD.replace("**Status:** Ready", "**Status:** In Progress");
    let msgs = contradictions(&tree(&[
        (
            &format!("{I}/README.md"),
            "# X\n\n**Status:** ✅ Complete\n",
        ),
        (&format!("{I}/01-a-plan.md"), &draft),
        (&format!("{I}/02-b-plan.md"), &in_progress),
    ]));
    let msgs: Vec<(&str, &str)> = msgs.iter().map(|(p, m)| (p.as_str(), m.as_str())).collect();
    assert_eq!(
        msgs,
        [(
            "01-a-plan.md",
            "the initiative is complete (README.md), but this work package is draft"
        )]
    );
}

/// The `status-contradiction` findings of `tree`: file name and message.
fn contradictions(tree: &PlanTree) -> Vec<(String, String)> {
    check(tree, &RuleConfig::default(), None)
        .findings
        .iter()
        .filter(|f| f.rule == "status-contradiction")
        .map(|f| {
            (
                f.path.rsplit('/').next().unwrap_or("").to_string(),
                f.message.clone(),
            )
        })
        .collect()
}

/// The findings `after` has and `before` has not, by rule, path and
/// message, as `review` compares them.
fn introduced(before: &Report, after: &Report) -> Vec<(&'static str, String, String)> {
    let key = |f: &Finding| (f.rule, f.path.clone(), f.message.clone());
    let old: BTreeSet<_> = before.findings.iter().map(key).collect();
    after
        .findings
        .iter()
        .map(key)
        .filter(|k| !old.contains(k))
        .collect()
}

#[test]
fn the_ends_of_a_range_differ_in_their_findings_as_wholly_checked_ends_do() {
    // Unchanged at both ends: a plan with no rollback plan and an unknown
    // status (per-document findings), one that depends on 04 (removed by
    // the range: a whole-tree finding on an unchanged document) and one
    // whose dangling dependency is allowed with a reason.
    let lacking = "# P\n\n**Status:** Wobbly\n\n## Success Criteria\n\n- [ ] x\n";
    let dependent = GOOD.replace("**Estimated", "**Depends on:** 04\n**Estimated");
    let allowed = format!(
        "{}<!-- git-plan: allow dangling-dependency: 04 moves to another initiative -->\n",
        GOOD.replace("**Estimated", "**Depends on:** 04\n**Estimated")
    );
    let edited_before = GOOD.replace("Revert.", "Revert the change.");
    let edited_after = "# P\n\n**Status:** Draft\n\n## Success Criteria\n\n- [ ] x\n";
    let shared = [
        (format!("{I}/01-a-plan.md"), lacking.to_string()),
        (format!("{I}/02-b-plan.md"), dependent),
        (format!("{I}/05-e-plan.md"), allowed),
    ];
    let mut before_files = shared.to_vec();
    before_files.push((format!("{I}/03-c-plan.md"), edited_before));
    before_files.push((format!("{I}/04-d-plan.md"), GOOD.to_string()));
    let mut after_files = shared.to_vec();
    after_files.push((format!("{I}/03-c-plan.md"), edited_after.to_string()));
    after_files.push((format!("{I}/06-f-plan.md"), lacking.to_string()));
    let before = PlanTree::from_texts(&before_files);
    let after = PlanTree::from_texts(&after_files);
    let config = RuleConfig::default();

    let whole = (check(&before, &config, None), check(&after, &config, None));
    let ends = check_ends(&before, &after, &config);
    assert_eq!(introduced(&ends.0, &ends.1), introduced(&whole.0, &whole.1));
    assert_eq!(introduced(&ends.1, &ends.0), introduced(&whole.1, &whole.0));
    // What the range changed shows, and the unchanged documents' own
    // findings are not looked for.
    let rules_of = |r: &Report, file: &str| -> Vec<&'static str> {
        r.findings
            .iter()
            .filter(|f| f.path.ends_with(file))
            .map(|f| f.rule)
            .collect()
    };
    assert_eq!(rules_of(&ends.1, "/01-a-plan.md"), Vec::<&str>::new());
    assert_eq!(
        rules_of(&whole.1, "/01-a-plan.md"),
        ["missing-rollback-plan", "unknown-status"]
    );
    assert_eq!(
        rules_of(&ends.1, "/06-f-plan.md"),
        ["missing-rollback-plan", "unknown-status"]
    );
    assert_eq!(rules_of(&ends.1, "/02-b-plan.md"), ["dangling-dependency"]);
    assert_eq!(rules_of(&ends.1, "/05-e-plan.md"), Vec::<&str>::new());
    assert_eq!(
        rules_of(&ends.1, "/03-c-plan.md"),
        ["missing-rollback-plan"]
    );
    assert_eq!(rules_of(&ends.0, "/03-c-plan.md"), Vec::<&str>::new());
    // The opt-out of an unchanged document still silences its whole-tree
    // finding.
    assert!(ends
        .1
        .allowed
        .iter()
        .any(|a| a.path.ends_with("/05-e-plan.md") && a.silenced == 1));
    assert_eq!(ends.1.checked, 5);
}
