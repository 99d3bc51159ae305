use super::*;

const I: &str = "artifacts/planning/2026-01-02-x";

fn wp(status: &str, extra: &str) -> String {
    format!(
        "# Phase 02: Caching\n\n**Status:** {status}\n**Depends on:** 01\n\n## Success Criteria\n\n- [x] fast\n- [ ] correct\n\n## Rollback Plan\n\n1. Revert.\n{extra}"
    )
}

fn tree(files: &[(&str, String)]) -> PlanTree {
    PlanTree::from_texts(files)
}

fn index(t: &PlanTree, name: &str) -> DocIndex {
    t.indexed()
        .find(|(_, d)| d.file_name() == name)
        .map(|(i, _)| i)
        .unwrap()
}

/// Plans `verb` on the document named `name`.
fn plan_on(
    t: &PlanTree,
    name: &str,
    verb: Verb,
    force: bool,
) -> Result<Transition, TransitionError> {
    plan(t, &t.documents[index(t, name)], &verb, force)
}

fn base(status02: &str, status01: &str) -> PlanTree {
    tree(&[
        (&format!("{I}/START-HERE.md"), "# X\n\n**Status:** Scope Assessment\n\n## Checkpoints\n\n- [ ] 1. Scope assessment\n- [ ] 2. Planning folder setup\n".to_string()),
        (&format!("{I}/README.md"), "# X\n\n**Status:** Scope Assessment\n".to_string()),
        (&format!("{I}/01-first-plan.md"), format!("# One\n\n**Status:** {status01}\n")),
        (&format!("{I}/02-caching-plan.md"), wp(status02, "")),
        ("artifacts/adr/0001-a.md", "# 1. A\n\n**Status:** Accepted\n".to_string()),
        ("artifacts/adr/0002-b.md", "# 2. B\n\n**Status:** Proposed\n".to_string()),
    ])
}

fn after(t: &PlanTree, tr: &Transition, name: &str) -> String {
    let path = &t.documents[index(t, name)].path;
    tr.change
        .edits
        .iter()
        .find(|e| &e.path == path)
        .unwrap()
        .after
        .clone()
}

#[test]
fn start_rewrites_one_value_and_records_the_transition() {
    let t = base("Ready for Implementation", "✅ Complete");
    let tr = plan_on(&t, "02-caching-plan.md", Verb::Start, false).unwrap();
    assert_eq!(after(&t, &tr, "02-caching-plan.md"), wp("In Progress", ""));
    assert_eq!(
        tr.change.message.to_string(),
        "plan(2026-01-02-x/02): ready -> in-progress\n\nPlan-Id: 2026-01-02-x/02\nPlan-Transition: ready -> in-progress\n"
    );
}

#[test]
fn start_waits_for_dependencies_unless_forced() {
    let t = base("Ready", "In Progress");
    let err = plan_on(&t, "02-caching-plan.md", Verb::Start, false).unwrap_err();
    match &err {
        TransitionError::Guards { failures, .. } => assert_eq!(
            failures.iter().map(|f| f.guard).collect::<Vec<_>>(),
            [Guard::DependenciesComplete]
        ),
        other => panic!("{other}"),
    }
    assert_eq!(
        err.to_string(),
        "2026-01-02-x/02: cannot start: it depends on 2026-01-02-x/01 (in-progress) which is not complete"
    );
    let tr = plan_on(&t, "02-caching-plan.md", Verb::Start, true).unwrap();
    assert_eq!(tr.overrides, [Guard::DependenciesComplete]);
    assert!(tr
        .change
        .message
        .to_string()
        .ends_with("Plan-Override: dependencies-complete\n"));
}

#[test]
fn illegal_moves_list_the_allowed_ones() {
    let t = base("Draft", "Complete");
    let err = plan_on(&t, "02-caching-plan.md", Verb::Start, false).unwrap_err();
    assert_eq!(
        err.to_string(),
        "2026-01-02-x/02 cannot go from draft to in-progress; from draft it can go to: ready, deferred, cancelled"
    );
}

#[test]
fn done_needs_ticked_criteria_or_unverified() {
    let t = base("In Progress", "Complete");
    let err = plan_on(
        &t,
        "02-caching-plan.md",
        Verb::Done { unverified: false },
        false,
    )
    .unwrap_err();
    assert!(err.to_string().contains("line 9: correct"), "{err}");
    let tr = plan_on(
        &t,
        "02-caching-plan.md",
        Verb::Done { unverified: true },
        false,
    )
    .unwrap();
    assert_eq!(tr.to, "complete (unverified)");
    assert_eq!(
        after(&t, &tr, "02-caching-plan.md"),
        wp("Complete (unverified)", "")
    );
}

#[test]
fn ready_needs_criteria_and_rollback() {
    let ready = |text: &str| {
        let t = tree(&[(&format!("{I}/03-x-plan.md"), text.to_string())]);
        plan(
            &t,
            &t.documents[0],
            &Verb::Set {
                state: State::Ready,
            },
            false,
        )
        .map(|_| ())
        .map_err(|e| e.to_string())
    };
    let head = "# X\n\n**Status:** Draft\n\n## Success Criteria\n\n";
    assert_eq!(
        ready(&format!("{head}---\n\n## Rollback Plan\n\nRevert.\n")),
        Err(
            "2026-01-02-x/03: cannot become ready: its Success Criteria section (line 5) is empty"
                .to_string()
        )
    );
    // Both guards fail: one refusal names both, each as it is.
    assert_eq!(
        ready(&format!(
            "{head}- [ ] [Measurable outcome 1]\n\n## Rollback Plan\n\n<!-- later -->\n"
        )),
        Err("2026-01-02-x/03: cannot become ready: its Success Criteria section (line 5) holds only the template's placeholders; its Rollback Plan section (line 9) is empty".to_string())
    );
    assert_eq!(
        ready(&format!("{head}- [ ] p99 under 50 ms\n")),
        Err("2026-01-02-x/03: cannot become ready: it has no Rollback Plan section".to_string())
    );
    assert_eq!(
        ready(&format!(
            "{head}- [ ] p99 under 50 ms\n\n## Rollback Plan\n\nRevert.\n"
        )),
        Ok(())
    );
}

#[test]
fn block_writes_the_reason() {
    let t = base("In Progress", "Complete");
    let tr = plan_on(
        &t,
        "02-caching-plan.md",
        Verb::Block {
            reason: "waiting on\nvendor".into(),
        },
        false,
    )
    .unwrap();
    assert_eq!(
        after(&t, &tr, "02-caching-plan.md"),
        wp("Blocked (waiting on vendor)", "")
    );
    assert!(tr
        .change
        .message
        .to_string()
        .contains("Plan-Reason: waiting on vendor\n"));
}

#[test]
fn approve_moves_both_initiative_files_and_ticks_the_checkpoint() {
    let t = base("Draft", "Draft");
    let tr = plan_on(
        &t,
        "START-HERE.md",
        Verb::Approve { by: "Grace".into() },
        false,
    )
    .unwrap();
    assert_eq!(tr.id, "2026-01-02-x");
    assert_eq!(tr.to, "planning-folder");
    assert_eq!(
        after(&t, &tr, "START-HERE.md"),
        "# X\n\n**Status:** Planning Folder Setup\n\n## Checkpoints\n\n- [x] 1. Scope assessment\n- [ ] 2. Planning folder setup\n"
    );
    assert_eq!(
        after(&t, &tr, "README.md"),
        "# X\n\n**Status:** Planning Folder Setup\n"
    );
    assert!(tr
        .change
        .message
        .to_string()
        .contains("Plan-Approved-By: Grace\n"));
}

#[test]
fn set_moves_both_initiative_files_without_ticking() {
    let t = base("Draft", "Draft");
    let tr = plan_on(
        &t,
        "START-HERE.md",
        Verb::Set {
            state: State::PlanningFolder,
        },
        false,
    )
    .unwrap();
    assert_eq!(
        after(&t, &tr, "START-HERE.md"),
        "# X\n\n**Status:** Planning Folder Setup\n\n## Checkpoints\n\n- [ ] 1. Scope assessment\n- [ ] 2. Planning folder setup\n"
    );
    assert_eq!(
        after(&t, &tr, "README.md"),
        "# X\n\n**Status:** Planning Folder Setup\n"
    );
    assert!(!tr.change.message.to_string().contains("Plan-Approved-By"));
}

#[test]
fn supersede_links_both_adrs() {
    let t = base("Draft", "Draft");
    let by = index(&t, "0002-b.md");
    let tr = plan_on(&t, "0001-a.md", Verb::Supersede { by }, false).unwrap();
    assert_eq!(
        after(&t, &tr, "0001-a.md"),
        "# 1. A\n\n**Status:** Superseded by [ADR 0002](0002-b.md)\n"
    );
    assert_eq!(
        after(&t, &tr, "0002-b.md"),
        "# 2. B\n\n**Status:** Proposed\n**Supersedes:** [ADR 0001](0001-a.md)\n"
    );
    let reread = tree(&[("artifacts/adr/0001-a.md", after(&t, &tr, "0001-a.md"))]);
    assert_eq!(
        reread.documents[0].status.as_ref().unwrap().superseded_by,
        Some(2)
    );
}

#[test]
fn verbs_check_the_kind() {
    let t = base("Draft", "Draft");
    let err = plan_on(&t, "0002-b.md", Verb::Start, false).unwrap_err();
    assert_eq!(
        err.to_string(),
        "`git plan start` applies to work packages, and adr-0002 is an ADR"
    );
    let err = plan_on(
        &t,
        "0002-b.md",
        Verb::Set {
            state: State::Ready,
        },
        false,
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("`ready` is not a state of ADRs"),
        "{err}"
    );
}

#[test]
fn unknown_status_needs_set() {
    let t = base("✅ PASS", "Draft");
    let err = plan_on(&t, "02-caching-plan.md", Verb::Start, false).unwrap_err();
    assert!(matches!(err, TransitionError::UnknownStatus { .. }));
    let tr = plan_on(
        &t,
        "02-caching-plan.md",
        Verb::Set {
            state: State::Draft,
        },
        false,
    )
    .unwrap();
    assert_eq!(tr.from, "unknown");
}

#[test]
fn front_matter_status_gets_the_canonical_name() {
    let t = tree(&[(
        &format!("{I}/04-y-plan.md"),
        "+++\nstatus = \"ready\"\n+++\n# Y\n".to_string(),
    )]);
    let tr = plan(
        &t,
        &t.documents[0],
        &Verb::Set {
            state: State::Draft,
        },
        false,
    )
    .unwrap();
    assert_eq!(
        tr.change.edits[0].after,
        "+++\nstatus = \"draft\"\n+++\n# Y\n"
    );
}

#[test]
fn a_fresh_template_cannot_become_ready() {
    let text = crate::write::template::render(
        &crate::write::template::Loaded {
            text: crate::write::template::Template::WorkPackage
                .builtin()
                .to_string(),
            source_name: "wp".into(),
        },
        &[
            ("title", "T"),
            ("number", "05"),
            ("date", "2026-01-02"),
            ("priority", "HIGH"),
            ("status", "Draft"),
            ("effort", "1h"),
            ("depends_on", "None"),
            ("requires", "- None"),
        ],
    )
    .unwrap();
    let t = tree(&[(&format!("{I}/05-t-plan.md"), text)]);
    let err = plan(
        &t,
        &t.documents[0],
        &Verb::Set {
            state: State::Ready,
        },
        false,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "2026-01-02-x/05: cannot become ready: its Success Criteria section (line 51) holds only the template's placeholders; its Rollback Plan section (line 67) holds only the template's placeholders"
    );
}

#[test]
fn set_values_name_states_by_name_or_synonym() {
    let t = tree(&[
        (&format!("{I}/02-caching-plan.md"), wp("Draft", "")),
        ("notes.md", "# Notes\n".to_string()),
    ]);
    let doc = &t.documents[index(&t, "02-caching-plan.md")];
    let synonyms = crate::model::status::Synonyms::default();
    assert_eq!(state_named(doc, &synonyms, "ready"), Ok(State::Ready));
    assert_eq!(
        state_named(doc, &synonyms, " Ready for Implementation "),
        Ok(State::Ready)
    );
    let err = state_named(doc, &synonyms, "nonsense").unwrap_err();
    assert_eq!(
        err.to_string(),
        "`nonsense` is not a state of work packages"
    );
    assert!(
        matches!(&err, TransitionError::NotAState { allowed, .. } if allowed.contains(&"ready".to_string())),
        "{err:?}"
    );
    let notes = &t.documents[index(&t, "notes.md")];
    assert!(matches!(
        state_named(notes, &synonyms, "ready"),
        Err(TransitionError::NoLifecycle { .. })
    ));
}

/// What each verb does is exactly its moves in the lifecycle tables, which
/// its help is written from: from every state of its lifecycle, it moves
/// (guards passed with force) where `Move::target` says, and is refused
/// everywhere else.
#[test]
fn every_verb_moves_from_the_states_its_table_lists_and_no_others() {
    for mv in Move::ALL {
        let lifecycle = mv.lifecycle();
        for from in lifecycle.states() {
            let t = match lifecycle {
                Lifecycle::WorkPackage => base(from.label(), "✅ Complete"),
                Lifecycle::Initiative => tree(&[(
                    &format!("{I}/START-HERE.md"),
                    format!("# X\n\n**Status:** {}\n", from.label()),
                )]),
                Lifecycle::Adr => tree(&[
                    (
                        "artifacts/adr/0001-a.md",
                        format!("# 1. A\n\n**Status:** {}\n", from.label()),
                    ),
                    (
                        "artifacts/adr/0002-b.md",
                        "# 2. B\n\n**Status:** Proposed\n".to_string(),
                    ),
                ]),
            };
            let (name, verb) = match mv {
                Move::Start => ("02-caching-plan.md", Verb::Start),
                Move::Done => ("02-caching-plan.md", Verb::Done { unverified: false }),
                Move::Block => (
                    "02-caching-plan.md",
                    Verb::Block {
                        reason: "r".to_string(),
                    },
                ),
                Move::Reopen => ("02-caching-plan.md", Verb::Reopen),
                Move::Approve => (
                    "START-HERE.md",
                    Verb::Approve {
                        by: "Grace".to_string(),
                    },
                ),
                Move::Accept => ("0001-a.md", Verb::Accept),
                Move::Reject => ("0001-a.md", Verb::Reject),
                Move::Deprecate => ("0001-a.md", Verb::Deprecate),
                Move::Supersede => (
                    "0001-a.md",
                    Verb::Supersede {
                        by: index(&t, "0002-b.md"),
                    },
                ),
            };
            let got = plan_on(&t, name, verb, true).ok().map(|tr| tr.to);
            let want = mv.target(*from).map(|s| s.to_string());
            assert_eq!(got, want, "git plan {} from {from}", mv.name());
        }
    }
}

#[test]
fn start_on_a_complete_work_package_points_to_reopen() {
    let t = base("✅ Complete", "✅ Complete");
    let err = plan_on(&t, "02-caching-plan.md", Verb::Start, true).unwrap_err();
    assert_eq!(
        err.to_string(),
        "`git plan start` moves ready or blocked -> in-progress, and 2026-01-02-x/02 is complete"
    );
    assert!(matches!(
        err,
        TransitionError::OtherVerb {
            instead: Some("reopen"),
            ..
        }
    ));
}
