//! Dates for history lines and saved answers, in UTC, without a date crate: the only calendar work
//! needed is turning a Unix time into `YYYY-MM-DD` and `YYYY-MM-DDTHH:MM:SSZ`.

use std::time::{SystemTime, UNIX_EPOCH};

/// A moment, as seconds since the Unix epoch (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Timestamp(pub i64);

impl Timestamp {
    pub fn now() -> Timestamp {
        let seconds = match SystemTime::now().duration_since(UNIX_EPOCH) {
            Ok(elapsed) => elapsed.as_secs() as i64,
            Err(before) => -(before.duration().as_secs() as i64),
        };
        Timestamp(seconds)
    }

    /// `2026-12-01`.
    pub fn date(self) -> String {
        let (year, month, day) = civil_from_days(self.0.div_euclid(86_400));
        format!("{year:04}-{month:02}-{day:02}")
    }

    /// `2026-12-01T10:51:35Z` (RFC 3339).
    pub fn date_time(self) -> String {
        let seconds = self.0.rem_euclid(86_400);
        format!(
            "{}T{:02}:{:02}:{:02}Z",
            self.date(),
            seconds / 3600,
            seconds / 60 % 60,
            seconds % 60
        )
    }

    /// `20261201-105135`, for file names that sort by time.
    pub fn compact(self) -> String {
        let seconds = self.0.rem_euclid(86_400);
        format!(
            "{}-{:02}{:02}{:02}",
            self.date().replace('-', ""),
            seconds / 3600,
            seconds / 60 % 60,
            seconds % 60
        )
    }
}

/// Year, month (1-12) and day (1-31) of a count of days since 1970-01-01, in the proleptic
/// Gregorian calendar (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_index + 2) / 5 + 1) as u32;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_match_known_days() {
        assert_eq!(Timestamp(0).date_time(), "1970-01-01T00:00:00Z");
        // 2000-02-29 (a leap day in a century year) and the day after.
        assert_eq!(Timestamp(951_782_400).date(), "2000-02-29");
        assert_eq!(Timestamp(951_868_800).date(), "2000-03-01");
        assert_eq!(Timestamp(1_796_122_295).date_time(), "2026-12-01T10:51:35Z");
        assert_eq!(Timestamp(1_796_122_295).compact(), "20261201-105135");
        assert_eq!(Timestamp(-1).date_time(), "1969-12-31T23:59:59Z");
    }
}
