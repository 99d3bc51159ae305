//! `Document::parse` on arbitrary bytes, and the header-only status reader
//! the history uses on the same text: neither may panic, and every span the
//! parser reports lies inside the text, on character boundaries.
#![no_main]

use git_plan::document::{Document, STATUS_KEYS};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok((doc, _diagnostics)) = Document::parse("fuzz.md", data) else {
        return;
    };
    let text = doc.text.as_str();
    let inside = |start: usize, end: usize| {
        start <= end
            && end <= text.len()
            && text.is_char_boundary(start)
            && text.is_char_boundary(end)
    };
    for f in &doc.fields {
        assert!(inside(f.span.start, f.span.end), "field {f:?}");
    }
    for h in &doc.headings {
        assert!(inside(h.span.start, h.span.end), "heading {h:?}");
        assert!(inside(h.span.start, h.section_end), "section of {h:?}");
        let _ = doc.section_body(h);
    }
    for c in &doc.checklist {
        assert!(inside(c.marker.start, c.marker.end), "item {c:?}");
    }
    for (i, _) in doc.headings.iter().enumerate() {
        let _ = doc.checklist_in(i).count();
    }
    let _ = doc.dependencies();
    let _ = doc.field(STATUS_KEYS);
    // The status reader of the history, the same one the work tree uses.
    let _ = git_plan::document::status_of(text);
});
