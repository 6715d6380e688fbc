//! A policy's status on a given day, computed from its dates: not yet in
//! force before `effective`, in force, and review overdue after `review`.
//!
//! The build renders the status it sees on its own day; the theme's script
//! recomputes it in the reader's browser from the same dates, so a site that
//! was not rebuilt still says the right thing.

use serde::Serialize;

use super::PolicyMeta;
use crate::date::Date;

/// Where a policy stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Status {
    /// Before its `effective` date.
    NotYetInForce,
    /// In force, review date not passed.
    InForce,
    /// In force, but its `review` date has passed.
    ReviewOverdue,
}

impl Status {
    /// The status's name in exports and CSS classes (`in-force`).
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Status::NotYetInForce => "not-yet-in-force",
            Status::InForce => "in-force",
            Status::ReviewOverdue => "review-overdue",
        }
    }
}

impl PolicyMeta {
    /// The policy's status on `day`. A policy without an effective date is
    /// taken to be in force; the review date is the last day before it is
    /// overdue.
    pub(crate) fn status(&self, day: Date) -> Status {
        match (self.effective, self.review) {
            (Some(effective), _) if day < effective => Status::NotYetInForce,
            (_, Some(review)) if day > review => Status::ReviewOverdue,
            _ => Status::InForce,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn status_follows_the_dates() {
        let meta =
            PolicyMeta { effective: Some(d("2026-03-01")), review: Some(d("2027-03-01")), ..PolicyMeta::default() };
        let cases = [
            ("2026-02-28", Status::NotYetInForce),
            ("2026-03-01", Status::InForce),
            ("2027-03-01", Status::InForce),
            ("2027-03-02", Status::ReviewOverdue),
        ];
        for (day, want) in cases {
            assert_eq!(meta.status(d(day)), want, "{day}");
        }
        assert_eq!(PolicyMeta::default().status(d("2026-01-01")), Status::InForce);
        assert_eq!(Status::ReviewOverdue.as_str(), "review-overdue");
    }
}
