//! beleid: a static site generator for organisations that publish policy and
//! documentation pages in several languages.
//!
//! The pipeline runs one way: [`config`] → [`content`] → [`markdown`] →
//! [`templates`] → [`site`] (every output file in memory) → [`output`]
//! (written atomically). [`check`] and [`serve`] sit on top and reuse it.

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
