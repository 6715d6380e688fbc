//! beleid: a static site generator for organisations that publish policy and
//! documentation pages in several languages.
//!
//! The pipeline runs one way: [`config`] → [`content`] → [`markdown`] →
//! [`templates`] → [`site`] (every output file in memory) → [`output`]
//! (written atomically). [`inputs`] loads the first stages together;
//! [`check`] (links, anchors, review dates) and [`search`] (the index) read
//! what it loaded and rendered, and [`site`] runs both: a build's own
//! checks decide whether it writes anything, and `beleid check` runs them
//! all. [`serve`], [`init`] and [`cli`] sit on top; the library prints
//! nothing, [`cli`] does.
//!
//! # Layers
//!
//! A module uses only modules on lower layers, never one on its own layer
//! or above, so dependencies point one way and form no cycle
//! (`tests/module_graph.rs` checks this list against the code):
//!
//! 1. [`error`], [`text`], [`date`], [`fingerprint`], [`urls`], [`timing`], [`csp`] — foundations that use no other module
//! 2. [`files`], [`inline`], [`highlight`] — files on disk, inline Markdown, code highlighting
//! 3. [`config`] — `beleid.toml`
//! 4. [`content`], [`theme`] — pages and the theme, as read from disk
//! 5. [`markdown`], [`templates`], [`i18n`] — rendering bodies, templates, UI strings
//! 6. [`inputs`], [`versions`] — everything loaded for a build; policy versions
//! 7. [`check`], [`search`] — the checks and the search index over what was loaded and rendered
//! 8. [`site`] — every output file of a build, in memory
//! 9. [`output`], [`serve`], [`init`] — writing a build, serving it, starting a site
//! 10. [`cli`] — the command line, the one place that prints

pub mod check;
pub mod cli;
pub mod config;
pub mod content;
pub mod csp;
pub mod date;
pub mod error;
pub mod files;
pub mod fingerprint;
pub mod highlight;
pub mod i18n;
pub mod init;
pub mod inline;
pub mod inputs;
pub mod markdown;
pub mod output;
pub mod search;
pub mod serve;
pub mod site;
pub mod templates;
pub mod text;
pub mod theme;
pub mod timing;
pub mod urls;
pub mod versions;

pub use error::{Diagnostic, Error, Level, Result};
