use super::*;

fn parse(text: &str) -> Document {
    let (doc, diags) = Document::parse("x.md", text.as_bytes()).unwrap();
    assert!(diags.is_empty(), "{diags:?}");
    doc
}

const WP: &str = "# Phase 4: Result Types\r\n\r\n**Date:** November 23, 2025  \r\n**Priority:** MEDIUM-HIGH (Foundation)  \r\n**Status:** Ready for Implementation  \r\n**Estimated Effort:** 2.5-3.5h agentic + 1h review\r\n\r\n---\r\n\r\n## Dependencies\r\n\r\n### Requires (Blockers)\r\n- [x] [Phase 3](03-observability-plan.md) complete\r\n\r\n### Enables (Unlocks)\r\n- [Phase 5](05-caching-plan.md)\r\n\r\n## Success Criteria\r\n\r\n- [ ] Result type exists\r\n- [x] Tests pass\r\n\r\n```markdown\r\n## Not A Heading\r\n- [ ] not an item\r\n**Status:** not metadata\r\n```\r\n\r\n**Status:** Ready for implementation\r\n";

#[test]
fn header_fields_with_spans() {
    let doc = parse(WP);
    let status = doc.field(STATUS_KEYS).unwrap();
    assert_eq!(status.value, "Ready for Implementation");
    assert_eq!(
        &doc.text[status.span.start..status.span.end],
        "Ready for Implementation"
    );
    assert_eq!(status.span.line, 5);
    assert_eq!(status.span.column, 13);
    assert_eq!(
        doc.field(EFFORT_KEYS).unwrap().value,
        "2.5-3.5h agentic + 1h review"
    );
    assert_eq!(doc.field(DATE_KEYS).unwrap().value, "November 23, 2025");
    // the closing status line is a second statement, after the header's
    let statements: Vec<_> = doc.fields.iter().filter(|f| f.name == "status").collect();
    assert_eq!(statements.len(), 2);
    assert_eq!(statements[1].value, "Ready for implementation");
    assert_eq!(statements[1].origin, FieldOrigin::Body);
    assert_eq!(doc.line_ending, LineEnding::Crlf);
    assert_eq!(doc.title.as_deref(), Some("Phase 4: Result Types"));
}

#[test]
fn headings_and_checklists_skip_code() {
    let doc = parse(WP);
    let texts: Vec<_> = doc.headings.iter().map(|h| h.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Phase 4: Result Types",
            "Dependencies",
            "Requires (Blockers)",
            "Enables (Unlocks)",
            "Success Criteria"
        ]
    );
    let (idx, _) = doc.section(&["success criteria"]).unwrap();
    let items: Vec<_> = doc
        .checklist_in(idx)
        .map(|c| (c.checked, c.text.as_str()))
        .collect();
    assert_eq!(items, [(false, "Result type exists"), (true, "Tests pass")]);
    assert_eq!(doc.checklist.len(), 3);
    let marker = &doc.checklist[0].marker;
    assert_eq!(&doc.text[marker.start..marker.end], "x");
}

#[test]
fn dependencies_from_requires_section_only() {
    let doc = parse(WP);
    let deps: Vec<_> = doc
        .dependencies()
        .into_iter()
        .map(|d| d.reference)
        .collect();
    assert_eq!(deps, ["03-observability-plan.md"]);
}

#[test]
fn depends_on_field() {
    let doc =
        parse("# T\n\n**Depends on:** 03, [result types](04-result-types-plan.md) and adr-0002\n");
    let deps: Vec<_> = doc
        .dependencies()
        .into_iter()
        .map(|d| d.reference)
        .collect();
    assert_eq!(deps, ["03", "04-result-types-plan.md", "adr-0002"]);
    let doc = parse("# T\n\n**Depends on:** None\n");
    assert!(doc.dependencies().is_empty());
}

#[test]
fn madr_status_section() {
    let doc = parse("# ADR-0049: X\n\n## Status\n\nAccepted\n\n## Context\n\nText\n");
    let f = doc.field(STATUS_KEYS).unwrap();
    assert_eq!(f.value, "Accepted");
    assert_eq!(f.origin, FieldOrigin::Section);
    assert_eq!(f.span.line, 5);
}

#[test]
fn front_matter_fields_come_first() {
    let doc = parse("+++\nstatus = \"in-progress\"\ndepends_on = [\"03\", \"05\"]\n+++\n# T\n\n**Status:** Draft\n");
    let f = doc.field(STATUS_KEYS).unwrap();
    assert_eq!(f.value, "in-progress");
    assert_eq!(f.origin, FieldOrigin::FrontMatter);
    assert_eq!(&doc.text[f.span.start..f.span.end], "\"in-progress\"");
    let deps: Vec<_> = doc
        .dependencies()
        .into_iter()
        .map(|d| d.reference)
        .collect();
    assert_eq!(deps, ["03", "05"]);
    assert_eq!(doc.title.as_deref(), Some("T"));
}

#[test]
fn malformed_front_matter_is_a_diagnostic_and_the_rest_is_read() {
    let (doc, diags) = Document::parse(
        "x.md",
        b"+++\nstatus = = 1\n+++\n# T\n\n**Status:** Draft\n",
    )
    .unwrap();
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].code, "malformed-front-matter");
    assert_eq!(diags[0].line, Some(2));
    assert_eq!(doc.field(STATUS_KEYS).unwrap().value, "Draft");
}

#[test]
fn not_utf8_names_the_line() {
    let err = Document::parse("a/b.md", b"# ok\n\nbad \xff byte\n").unwrap_err();
    assert_eq!(err.to_string(), "a/b.md:3: not valid UTF-8 (byte 10)");
}

#[test]
fn seed_000_subtasks() {
    let text = "# Work Plan\n\n## Subtasks\n\n### ST1: Add database migration\n- **Description**: Create migration\n- **Dependencies**: None\n- **Estimate**: Small\n\n### ST2: Implement session model\n- **Files**: src/session/model.rs\n- **Dependencies**: ST1\n- **Estimate**: Medium\n\n## Rollback Plan\n- Disable flag\n";
    let doc = parse(text);
    assert_eq!(doc.subtasks.len(), 2);
    assert_eq!(doc.subtasks[1].id, "ST2");
    assert_eq!(doc.subtasks[1].title, "Implement session model");
    assert_eq!(doc.subtasks[1].depends_on, ["ST1"]);
    assert!(doc.subtasks[0].depends_on.is_empty());
    assert_eq!(doc.subtasks[1].fields.len(), 3);
    assert!(doc.section(&["rollback plan", "rollback"]).is_some());
}

#[test]
fn success_and_rollback_sections_under_their_other_names() {
    use crate::document::sections::{ROLLBACK_PLAN, SUCCESS_CRITERIA};
    for heading in [
        "## Definition of Done",
        "## Success Metrics",
        "## Exit Criteria",
        "## 7. Success metrics (ship gates)",
    ] {
        let doc = parse(&format!("# P\n\n{heading}\n\n- [ ] a\n"));
        assert!(doc.section(SUCCESS_CRITERIA).is_some(), "{heading}");
    }
    for heading in [
        "## Rollback Procedure",
        "## Back-out Plan",
        "### 4. Rollback",
    ] {
        let doc = parse(&format!("# P\n\n{heading}\n\nRevert.\n"));
        assert!(doc.section(ROLLBACK_PLAN).is_some(), "{heading}");
    }
    // A section about something else is not one of them.
    let doc = parse("# P\n\n## Metrics\n\n## 2. Risks\n");
    assert!(doc.section(SUCCESS_CRITERIA).is_none());
    assert!(doc.section(ROLLBACK_PLAN).is_none());
}

#[test]
fn cr_only_line_endings_read_like_lf() {
    let lf = "# Phase 02: CR\n\n**Status:** Draft\n**Priority:** HIGH\n\n## Success Criteria\n\n- [ ] a\n\n## Rollback Plan\n\nRevert.\n";
    let cr = lf.replace('\n', "\r");
    let (a, b) = (parse(lf), parse(&cr));
    assert_eq!(b.line_ending, LineEnding::Cr);
    assert_eq!(b.title.as_deref(), Some("Phase 02: CR"));
    let values = |d: &Document| -> Vec<(String, String, usize)> {
        d.fields
            .iter()
            .map(|f| (f.name.clone(), f.value.clone(), f.span.line))
            .collect()
    };
    assert_eq!(values(&b), values(&a));
    let texts =
        |d: &Document| -> Vec<String> { d.checklist.iter().map(|c| c.text.clone()).collect() };
    assert_eq!(texts(&b), ["a"]);
    let (_, rollback) = b.section(&["rollback plan"]).unwrap();
    assert_eq!(b.section_body(rollback).trim(), "Revert.");
    // A fence closed by a line ending in a lone `\r` ends there (found by
    // the edit proptest: pulldown-cmark read the rest of the file as code).
    let fenced = parse("# P\r```\r**Status:** fenced\r```\r## Status\r\rAccepted\r\r## Context\r");
    assert_eq!(fenced.field(STATUS_KEYS).unwrap().value, "Accepted");
    assert_eq!(fenced.headings.len(), 3);
}

#[test]
fn a_byte_order_mark_does_not_hide_the_title() {
    let doc = parse("\u{feff}# Phase 03: BOM\n\n**Status:** In Progress\n");
    assert_eq!(doc.title.as_deref(), Some("Phase 03: BOM"));
    assert_eq!(doc.field(STATUS_KEYS).unwrap().value, "In Progress");
    assert_eq!(doc.headings[0].span.start, 3);
    let doc = parse("\u{feff}**Status:** Draft\n");
    assert_eq!(doc.field(STATUS_KEYS).unwrap().value, "Draft");
    let doc = parse("\u{feff}+++\nstatus = \"ready\"\n+++\n# T\n");
    assert_eq!(doc.field(STATUS_KEYS).unwrap().value, "ready");
    assert_eq!(doc.title.as_deref(), Some("T"));
}
