//! Calendar dates (`2026-11-01`) as used in front matter and review cycles.
//!
//! Dates here are plain civil dates without time zones: a policy takes effect
//! on a day, not at an instant. "Today" is injectable (`BELEID_TODAY`), so that
//! review-date checks give the same answer in tests whatever the calendar says.

use std::fmt;
use std::str::FromStr;

use serde::Deserialize;

/// A valid proleptic Gregorian calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

/// The environment variable that overrides today's date (`YYYY-MM-DD`).
pub(crate) const TODAY_VAR: &str = "BELEID_TODAY";

impl Date {
    /// A date from its parts, if it exists on the calendar.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// The year.
    pub(crate) fn year(self) -> i32 {
        self.year
    }

    /// The month, 1 to 12.
    pub(crate) fn month(self) -> u8 {
        self.month
    }

    /// The day of the month, 1 to 31.
    pub(crate) fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01 (negative before).
    pub(crate) fn to_days(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` days after 1970-01-01.
    pub(crate) fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// This date plus (or minus) a number of days.
    #[cfg(test)]
    pub(crate) fn add_days(self, days: i64) -> Date {
        Date::from_days(self.to_days() + days)
    }

    /// The same day `years` years later; 29 February becomes 28 February in
    /// a year that has no leap day.
    pub(crate) fn add_years(self, years: i32) -> Date {
        let year = self.year + years;
        let day = self.day.min(days_in_month(year, self.month));
        Date { year, month: self.month, day }
    }

    /// Whole days from `self` to `other` (positive when `other` is later).
    pub(crate) fn days_until(self, other: Date) -> i64 {
        other.to_days() - self.to_days()
    }

    /// Today in UTC, or the date in `BELEID_TODAY` when that is set.
    ///
    /// # Errors
    /// When `BELEID_TODAY` is set but is not a valid date.
    pub(crate) fn today() -> Result<Date, String> {
        match std::env::var(TODAY_VAR) {
            Ok(value) => value.parse().map_err(|e| format!("{TODAY_VAR}={value:?} is not a date: {e}")),
            Err(_) => {
                let secs =
                    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
                Ok(Date::from_days((secs / 86_400) as i64))
            }
        }
    }

    /// RFC 3339 timestamp at midnight UTC, as Atom feeds want.
    pub(crate) fn rfc3339(self) -> String {
        format!("{self}T00:00:00Z")
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl FromStr for Date {
    type Err = String;

    /// Parses `YYYY-MM-DD`; a time part (`T10:00:00Z` or ` 10:00`) is accepted
    /// and ignored.
    fn from_str(s: &str) -> Result<Date, String> {
        let s = s.trim();
        let date_part = s.split(['T', 't', ' ']).next().unwrap_or("");
        let mut parts = date_part.split('-');
        let (Some(y), Some(m), Some(d), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
            return Err(format!("expected a date like 2026-11-01, found {s:?}"));
        };
        let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
        if !digits(y, 4) || !digits(m, 2) || !digits(d, 2) {
            return Err(format!("expected a date like 2026-11-01, found {s:?}"));
        }
        let (year, month, day) = (y.parse().unwrap_or(0), m.parse().unwrap_or(0), d.parse().unwrap_or(0));
        Date::new(year, month, day).ok_or_else(|| format!("{date_part} is not a day on the calendar"))
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        deserializer.deserialize_any(DateVisitor)
    }
}

struct DateVisitor;

impl<'de> serde::de::Visitor<'de> for DateVisitor {
    type Value = Date;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a date like 2026-11-01")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Date, E> {
        v.parse().map_err(E::custom)
    }

    // A TOML date literal reaches serde as toml's own `Datetime` (a map, in
    // serde's data model); toml has already checked that the day exists.
    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Date, A::Error> {
        let datetime = toml::value::Datetime::deserialize(serde::de::value::MapAccessDeserializer::new(map))
            .map_err(|_| serde::de::Error::custom("expected a date like 2026-11-01, found a table"))?;
        let Some(date) = datetime.date else {
            return Err(serde::de::Error::custom(format!(
                "expected a date like 2026-11-01, found {:?}",
                datetime.to_string()
            )));
        };
        Date::new(i32::from(date.year), date.month, date.day)
            .ok_or_else(|| serde::de::Error::custom(format!("{date} is not a day on the calendar")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_validates() {
        assert_eq!("2024-02-29".parse(), Ok(Date::new(2024, 2, 29).unwrap()));
        assert_eq!("2026-11-01T10:00:00Z".parse(), Ok(Date::new(2026, 11, 1).unwrap()));
        for bad in ["2024-02-30", "2023-02-29", "2024-13-01", "2024-1-01", "tomorrow", ""] {
            assert!(bad.parse::<Date>().is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn day_arithmetic_round_trips() {
        for days in [-800_000, -1, 0, 1, 19_000, 20_500, 2_000_000] {
            assert_eq!(Date::from_days(days).to_days(), days);
        }
        let d = Date::new(2026, 12, 31).unwrap();
        assert_eq!(d.add_days(1).to_string(), "2027-01-01");
        assert_eq!(d.days_until(Date::new(2027, 1, 30).unwrap()), 30);
        assert_eq!(Date::new(2024, 2, 29).unwrap().add_years(1).to_string(), "2025-02-28");
    }

    #[test]
    fn deserializes_from_toml_literal_and_string() {
        #[derive(serde::Deserialize)]
        struct T {
            a: Date,
            b: Date,
        }
        let t: T = toml::from_str("a = 2026-11-01\nb = \"2027-01-02\"").unwrap();
        assert_eq!((t.a.to_string(), t.b.to_string()), ("2026-11-01".into(), "2027-01-02".into()));
        // TOML itself rejects impossible dates; strings are checked by us.
        let err = toml::from_str::<T>("a = 2024-02-30\nb = 2024-01-01").err().unwrap();
        assert!(err.to_string().contains("invalid date"), "{err}");
        let err = toml::from_str::<T>("a = \"2023-02-29\"\nb = 2024-01-01").err().unwrap();
        assert!(err.to_string().contains("not a day on the calendar"), "{err}");
        // A local date-time keeps its day; a time of day alone is no date.
        let t: T = toml::from_str("a = 2026-11-01T10:00:00\nb = 2026-11-02 10:00:00Z").unwrap();
        assert_eq!((t.a.to_string(), t.b.to_string()), ("2026-11-01".into(), "2026-11-02".into()));
        let err = toml::from_str::<T>("a = 10:00:00\nb = 2024-01-01").err().unwrap();
        assert!(err.to_string().contains("expected a date like 2026-11-01, found \"10:00:00\""), "{err}");
        // Any other table is refused, whichever format it came from.
        let err = serde_yaml_ng::from_str::<T>("a: {x: 2026-11-01}\nb: 2024-01-01").err().unwrap();
        assert!(err.to_string().contains("found a table"), "{err}");
    }
}
