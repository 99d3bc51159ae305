//! Foundations with no plan knowledge: text (line index, spans, words,
//! slugs) and the binary encoding of the caches.

pub mod codec;
#[cfg(test)]
pub(crate) mod test_repo;
pub mod text;
