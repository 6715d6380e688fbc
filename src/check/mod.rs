//! Checks over the loaded and rendered site: broken links and anchors,
//! policy review dates, and (for `beleid check`) everything that would
//! embarrass a published policy.
//!
//! One set of checks serves two callers. A build runs the checks that
//! decide whether the output is correct (a broken link fails it) and warns
//! about an overdue review; `beleid check` runs them all, with the stricter
//! levels a pre-publication check wants.

mod clauses;
mod extra;
mod links;
mod policy;
pub(crate) mod published;
mod readers;
mod strings;
mod translations;

pub(crate) use extra::template_extra_keys;

use std::collections::BTreeSet;

use crate::date::Date;
use crate::error::{Diagnostic, Level};
use crate::inputs::Inputs;
use crate::markdown::Rendered;

/// Who runs the checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Caller {
    /// `beleid build` / `serve`: correctness checks only.
    Build,
    /// `beleid check`: everything.
    Check,
}

/// What the checks look at.
pub(crate) struct Subject<'a> {
    /// The loaded site.
    pub(crate) inputs: &'a Inputs,
    /// Every page's rendered body, by page id.
    pub(crate) rendered: &'a [std::sync::Arc<Rendered>],
    /// Every file the build writes (`en/faq/index.html`, `style.css`).
    pub(crate) outputs: &'a BTreeSet<String>,
    /// The date review deadlines are judged against.
    pub(crate) today: Date,
    /// Who is asking.
    pub(crate) caller: Caller,
}

/// Runs the checks for the caller and drops silenced diagnostics.
pub(crate) fn run(subject: &Subject<'_>) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    links::check(subject, &mut found);
    policy::check(subject, &mut found);
    if subject.caller == Caller::Check {
        translations::check(subject, &mut found);
        clauses::check(subject, &mut found);
        readers::check(subject, &mut found);
        strings::check(subject, &mut found);
        extra::check(subject, &mut found);
    }
    found.retain(|d| !is_silenced(subject, d));
    found
}

/// A check code is silenced in `[check] ignore` or in the page's own
/// `ignore_checks`.
fn is_silenced(subject: &Subject<'_>, d: &Diagnostic) -> bool {
    let config = &subject.inputs.config.check;
    if config.ignore.iter().any(|c| c == d.code) {
        return true;
    }
    subject
        .inputs
        .content
        .pages
        .iter()
        .find(|p| p.source.file == d.path)
        .is_some_and(|p| p.source.meta.ignore_checks.iter().any(|c| c == d.code))
}

/// The level a check reports at: `beleid check` may be stricter than a build.
fn level(caller: Caller, build: Level, check: Level) -> Level {
    match caller {
        Caller::Build => build,
        Caller::Check => check,
    }
}
