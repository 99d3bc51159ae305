//! Foundations with no plan knowledge: text (line index, spans, words,
//! slugs) and the binary encoding of the caches.

pub mod codec;
pub mod text;
