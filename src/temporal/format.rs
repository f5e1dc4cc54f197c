//! ISO 8601 text of temporal values, the form `toString` returns: `2015-07-21`,
//! `21:40:32.142`, `21:40+01:00`, `2015-07-21T21:40:32.142+02:00[Europe/Stockholm]`,
//! `P14DT16H12M`. Fractions of a second print in groups of three digits for times and
//! without trailing zeros for durations.

use std::fmt::{self, Write};

use super::{Date, DateTime, Duration, LocalDateTime, LocalTime, NANOS_PER_SECOND, Temporal, Time};

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        if (0..=9999).contains(&y) {
            write!(f, "{y:04}")?;
        } else if y < 0 {
            write!(f, "-{:04}", -y)?;
        } else {
            write!(f, "+{y}")?;
        }
        write!(f, "-{m:02}-{d:02}")
    }
}

impl fmt::Display for LocalTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour(), self.minute())?;
        let (s, n) = (self.second(), self.nano());
        if s != 0 || n != 0 {
            write!(f, ":{s:02}")?;
            if n != 0 {
                if n % 1_000_000 == 0 {
                    write!(f, ".{:03}", n / 1_000_000)?;
                } else if n % 1000 == 0 {
                    write!(f, ".{:06}", n / 1000)?;
                } else {
                    write!(f, ".{n:09}")?;
                }
            }
        }
        Ok(())
    }
}

/// `Z`, `+01:00` or `-02:05:07`.
pub fn write_offset(offset: i32, f: &mut impl Write) -> fmt::Result {
    if offset == 0 {
        return f.write_char('Z');
    }
    let sign = if offset < 0 { '-' } else { '+' };
    let a = offset.unsigned_abs();
    write!(f, "{sign}{:02}:{:02}", a / 3600, a / 60 % 60)?;
    if !a.is_multiple_of(60) {
        write!(f, ":{:02}", a % 60)?;
    }
    Ok(())
}

/// The offset as `+01:00`, with `+00:00` rather than `Z` (the `offset` component).
pub fn offset_text(offset: i32) -> String {
    let mut s = String::new();
    if offset == 0 {
        s.push_str("+00:00");
    } else {
        let _ = write_offset(offset, &mut s);
    }
    s
}

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.time)?;
        write_offset(self.offset, f)
    }
}

impl fmt::Display for LocalDateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}T{}", self.date, self.time)
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.local)?;
        write_offset(self.offset, f)?;
        if let Some(z) = self.zone {
            write!(f, "[{z}]")?;
        }
        Ok(())
    }
}

fn part(f: &mut fmt::Formatter<'_>, n: i64, unit: char) -> fmt::Result {
    if n != 0 { write!(f, "{n}{unit}") } else { Ok(()) }
}

fn fraction(f: &mut fmt::Formatter<'_>, n: i64) -> fmt::Result {
    let digits = format!("{:09}", n.abs());
    write!(f, ".{}", digits.trim_end_matches('0'))
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if *self == Duration::ZERO {
            return f.write_str("PT0S");
        }
        f.write_char('P')?;
        part(f, self.months / 12, 'Y')?;
        part(f, self.months % 12, 'M')?;
        part(f, self.days, 'D')?;
        if self.seconds != 0 || self.nanos != 0 {
            let (mut s, mut n) = (self.seconds, self.nanos);
            if s < 0 && n != 0 {
                s += 1;
                n -= NANOS_PER_SECOND;
            }
            f.write_char('T')?;
            part(f, s / 3600, 'H')?;
            part(f, s % 3600 / 60, 'M')?;
            let s = s % 60;
            if s != 0 {
                write!(f, "{s}")?;
                if n != 0 {
                    fraction(f, n)?;
                }
                f.write_char('S')?;
            } else if n != 0 {
                f.write_str(if n < 0 { "-0" } else { "0" })?;
                fraction(f, n)?;
                f.write_char('S')?;
            }
        }
        Ok(())
    }
}

impl fmt::Display for Temporal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Temporal::Date(x) => x.fmt(f),
            Temporal::LocalTime(x) => x.fmt(f),
            Temporal::Time(x) => x.fmt(f),
            Temporal::LocalDateTime(x) => x.fmt(f),
            Temporal::DateTime(x) => x.fmt(f),
            Temporal::Duration(x) => x.fmt(f),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_print_like_iso() {
        let s = |d: Duration| d.to_string();
        assert_eq!(s(Duration::new(0, 0, -2, 1_000_000)), "PT-1.999S");
        assert_eq!(s(Duration::new(0, 0, -60, -1_000_000)), "PT-1M-0.001S");
        assert_eq!(s(Duration::new(149, -14, 16 * 3600, 0)), "P12Y5M-14DT16H");
        assert_eq!(s(Duration::new(0, 1, 0, -1_000_000)), "P1DT-0.001S");
    }

    #[test]
    fn times_print_fractions_in_groups_of_three() {
        assert_eq!(LocalTime::from_hms_nano(12, 31, 14, 645_000_000).to_string(), "12:31:14.645");
        assert_eq!(LocalTime::from_hms_nano(12, 31, 14, 3).to_string(), "12:31:14.000000003");
        assert_eq!(LocalTime::from_hms_nano(12, 0, 0, 0).to_string(), "12:00");
        assert_eq!(Date::from_ymd(28, 11, 11).to_string(), "0028-11-11");
    }
}
