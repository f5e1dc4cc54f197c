//! Proleptic Gregorian calendar arithmetic on day numbers (days since 1970-01-01), valid for
//! any year an `i64` day count can hold: conversions between day numbers and calendar,
//! ordinal, ISO week and quarter dates.

/// Days from 1970-01-01 to the given calendar date (month 1..=12, day 1..=31).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Calendar date (year, month, day) of a day number.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

pub fn is_leap(year: i64) -> bool {
    year.rem_euclid(4) == 0 && (year.rem_euclid(100) != 0 || year.rem_euclid(400) == 0)
}

pub fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

pub fn days_in_year(year: i64) -> u32 {
    if is_leap(year) { 366 } else { 365 }
}

/// ISO day of week, Monday = 1 .. Sunday = 7.
pub fn day_of_week(days: i64) -> u32 {
    // 1970-01-01 was a Thursday.
    ((days + 3).rem_euclid(7) + 1) as u32
}

/// Day number of the Monday of ISO week 1 of `week_year`.
pub fn week_one_monday(week_year: i64) -> i64 {
    let jan4 = days_from_civil(week_year, 1, 4);
    jan4 - i64::from(day_of_week(jan4)) + 1
}

/// Number of ISO weeks (52 or 53) in `week_year`.
pub fn weeks_in_year(week_year: i64) -> u32 {
    ((week_one_monday(week_year + 1) - week_one_monday(week_year)) / 7) as u32
}

/// ISO week-based year and week number of a day number.
pub fn iso_week(days: i64) -> (i64, u32) {
    let (y, _, _) = civil_from_days(days);
    let mut wy = y + 1;
    while days < week_one_monday(wy) {
        wy -= 1;
    }
    (wy, ((days - week_one_monday(wy)) / 7 + 1) as u32)
}

/// Day of the year, 1-based.
pub fn ordinal_day(days: i64) -> u32 {
    let (y, _, _) = civil_from_days(days);
    (days - days_from_civil(y, 1, 1) + 1) as u32
}

/// Quarter (1..=4) and day of the quarter (1-based).
pub fn quarter(days: i64) -> (u32, u32) {
    let (y, m, _) = civil_from_days(days);
    let q = (m - 1) / 3 + 1;
    (q, (days - days_from_civil(y, (q - 1) * 3 + 1, 1) + 1) as u32)
}

/// Number of days in quarter `q` of `year`.
pub fn days_in_quarter(year: i64, q: u32) -> u32 {
    let first = days_from_civil(year, (q - 1) * 3 + 1, 1);
    let next = if q == 4 { days_from_civil(year + 1, 1, 1) } else { days_from_civil(year, q * 3 + 1, 1) };
    (next - first) as u32
}

/// Largest year (and, negated, smallest) a date may have.
pub const MAX_YEAR: i64 = 999_999_999;

/// Whether a day number falls within years `-MAX_YEAR..=MAX_YEAR`.
pub fn in_range(days: i64) -> bool {
    (days_from_civil(-MAX_YEAR, 1, 1)..=days_from_civil(MAX_YEAR, 12, 31)).contains(&days)
}

/// Adds whole months to a calendar date, clamping the day to the end of the target month;
/// `None` when the result leaves the supported years.
pub fn plus_months(days: i64, months: i64) -> Option<i64> {
    let (y, m, d) = civil_from_days(days);
    let total = (y * 12 + i64::from(m) - 1).checked_add(months)?;
    let ny = total.div_euclid(12);
    if ny.abs() > MAX_YEAR {
        return None;
    }
    let nm = (total.rem_euclid(12) + 1) as u32;
    Some(days_from_civil(ny, nm, d.min(days_in_month(ny, nm))))
}

/// Whole months from `a` to `b` (calendar dates), truncated toward zero.
pub fn months_until(a: i64, b: i64) -> i64 {
    let (y1, m1, d1) = civil_from_days(a);
    let (y2, m2, d2) = civil_from_days(b);
    let p1 = (y1 * 12 + i64::from(m1) - 1) * 32 + i64::from(d1);
    let p2 = (y2 * 12 + i64::from(m2) - 1) * 32 + i64::from(d2);
    (p2 - p1) / 32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_weeks() {
        for d in [-1_000_000i64, -719_468, -1, 0, 1, 5_000, 20_000, 2_000_000] {
            let (y, m, dd) = civil_from_days(d);
            assert_eq!(days_from_civil(y, m, dd), d);
        }
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        // 1984-01-01 is a Sunday in week 52 of 1983.
        let d = days_from_civil(1984, 1, 1);
        assert_eq!(day_of_week(d), 7);
        assert_eq!(iso_week(d), (1983, 52));
        assert_eq!(weeks_in_year(1818), 53);
        assert_eq!(plus_months(days_from_civil(2016, 1, 31), 1), Some(days_from_civil(2016, 2, 29)));
        assert_eq!(plus_months(0, i64::MAX), None);
        assert_eq!(months_until(days_from_civil(1984, 10, 11), days_from_civil(2015, 6, 24)), 368);
    }
}
