//! The query path of beleid's src/search/, linked in by scripts/probe-search-wasm.
pub mod tokenize;
pub mod vocabulary;
pub mod query;
pub mod index;
