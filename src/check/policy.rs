//! Policy pages carry a version and effective and review dates; a review
//! date that has passed means the published policy may no longer hold.

use super::{Caller, Subject, level};
use crate::error::{Diagnostic, Level};

pub(super) fn check(subject: &Subject<'_>, found: &mut Vec<Diagnostic>) {
    let caller = subject.caller;
    let warn_days = subject.inputs.config.check.review_warning_days;
    for page in &subject.inputs.content.pages {
        let Some(policy) = &page.source.meta.policy else {
            continue;
        };
        let source = &page.source;
        let at = |key: &str| source.key_position(key);
        let mut report = |code: &'static str, lvl: Level, key: &str, message: String, hint: &str| {
            let (line, col) = at(key);
            found.push(Diagnostic::new(lvl, code, &source.file, message).at(line, col).hint(hint));
        };
        let missing: Vec<&str> = [
            ("version", policy.version.is_none()),
            ("effective", policy.effective.is_none()),
            ("review", policy.review.is_none()),
        ]
        .into_iter()
        .filter_map(|(k, m)| m.then_some(k))
        .collect();
        if !missing.is_empty() {
            report(
                "policy-dates",
                level(caller, Level::Warning, Level::Error),
                "policy",
                format!("the policy “{}” has no {} in its [policy] table", page.title, missing.join(", ")),
                "policy pages need version, effective and review, such as review = 2027-11-01",
            );
        }
        if caller == Caller::Check && policy.owner.as_deref().is_none_or(|o| o.trim().is_empty()) {
            report(
                "policy-owner",
                Level::Warning,
                "policy",
                format!("the policy “{}” names no owner", page.title),
                "add owner = \"…\" (the role or team that answers for it) to its [policy] table",
            );
        }
        if let (Some(effective), Some(review)) = (policy.effective, policy.review)
            && effective > review
        {
            report(
                "policy-dates",
                level(caller, Level::Warning, Level::Error),
                "effective",
                format!("the policy “{}” takes effect on {effective}, after its review date {review}", page.title),
                "the review date must come after the effective date",
            );
        }
        let Some(review) = policy.review else {
            continue;
        };
        let days = subject.today.days_until(review);
        if days < 0 {
            report(
                "review-overdue",
                level(caller, Level::Warning, Level::Error),
                "review",
                format!("the policy “{}” was due for review on {review}", page.title),
                "review the policy, then set a new `review` date (and `updated`) in its front matter",
            );
        } else if caller == Caller::Check && days <= warn_days {
            report(
                "review-soon",
                Level::Warning,
                "review",
                format!("the policy “{}” is due for review on {review}, in {days} days", page.title),
                "plan the review; the date is set by `review` in the front matter",
            );
        }
    }
}
