//! Arithmetic on temporal values: durations added to or subtracted from instants, sums and
//! differences of durations, durations scaled by numbers (fractions of a month or day
//! cascade into smaller units, a month being 1/12 of 365.2425 days), and the duration
//! between two instants (`duration.between`, `inMonths`, `inDays`, `inSeconds`).

use super::{
    Date, DateTime, Duration, LocalDateTime, LocalTime, NANOS_PER_DAY, NANOS_PER_SECOND, SECONDS_PER_DAY, Temporal, TemporalError, Time,
    Zone, civil,
};

type Result<T> = std::result::Result<T, TemporalError>;

/// Average length of a month in seconds (365.2425 days / 12).
const SECONDS_PER_MONTH: f64 = 2_629_746.0;

fn overflow() -> TemporalError {
    TemporalError("the duration is too large".to_owned())
}

fn to_long(f: f64) -> Result<i64> {
    if f.is_finite() && f.abs() < 9.2e18 { Ok(f as i64) } else { Err(overflow()) }
}

/// A duration from fractional months, days, seconds and nanoseconds: the fraction of each
/// unit is carried into the next smaller one.
pub fn approximate(months: f64, days: f64, seconds: f64, nanos: f64) -> Duration {
    approximate_checked(months, days, seconds, nanos).unwrap_or(Duration::ZERO)
}

pub fn approximate_checked(months: f64, mut days: f64, mut seconds: f64, mut nanos: f64) -> Result<Duration> {
    let nanos_per_month = SECONDS_PER_MONTH * NANOS_PER_SECOND as f64;
    let nanos_per_day = NANOS_PER_DAY as f64;
    let m = to_long(months)?;
    days += (nanos_per_month * months - nanos_per_month * m as f64) / nanos_per_day;
    let d = to_long(days)?;
    seconds += (nanos_per_day * days - nanos_per_day * d as f64) / NANOS_PER_SECOND as f64;
    let s = to_long(seconds)?;
    nanos += NANOS_PER_SECOND as f64 * seconds - NANOS_PER_SECOND as f64 * s as f64;
    Ok(Duration::new(m, d, s, to_long(nanos)?))
}

/// `-d`; an error when a component is the most negative integer.
pub fn negate(d: Duration) -> Result<Duration> {
    let f = |x: i64| x.checked_neg().ok_or_else(overflow);
    Ok(Duration::new(f(d.months)?, f(d.days)?, f(d.seconds)?, -d.nanos))
}

pub fn add_durations(a: Duration, b: Duration) -> Result<Duration> {
    let f = |x: i64, y: i64| x.checked_add(y).ok_or_else(overflow);
    Ok(Duration::new(f(a.months, b.months)?, f(a.days, b.days)?, f(a.seconds, b.seconds)?, a.nanos + b.nanos))
}

/// A duration multiplied by a number.
pub fn scale(d: Duration, factor: f64) -> Result<Duration> {
    approximate_checked(d.months as f64 * factor, d.days as f64 * factor, d.seconds as f64 * factor, d.nanos as f64 * factor)
}

/// A duration multiplied by an integer, exactly.
pub fn scale_int(d: Duration, factor: i64) -> Result<Duration> {
    let f = |x: i64| x.checked_mul(factor).ok_or_else(overflow);
    Ok(Duration::new(f(d.months)?, f(d.days)?, f(d.seconds)?, f(d.nanos)?))
}

/// A duration divided by a number.
pub fn divide(d: Duration, divisor: f64) -> Result<Duration> {
    if divisor == 0.0 {
        return Err(TemporalError("cannot divide a duration by zero".to_owned()));
    }
    approximate_checked(d.months as f64 / divisor, d.days as f64 / divisor, d.seconds as f64 / divisor, d.nanos as f64 / divisor)
}

fn time_nanos(d: Duration) -> i128 {
    i128::from(d.seconds) * i128::from(NANOS_PER_SECOND) + i128::from(d.nanos)
}

fn out_of_range() -> TemporalError {
    TemporalError("the result is outside the supported range of dates".to_owned())
}

/// The date `d.months` and then `d.days` after `date`.
fn plus_calendar(date: Date, d: Duration) -> Result<Date> {
    let moved = civil::plus_months(date.0, d.months).and_then(|x| x.checked_add(d.days)).ok_or_else(out_of_range)?;
    if civil::in_range(moved) { Ok(Date(moved)) } else { Err(out_of_range()) }
}

/// `t + d` (a date moves by whole days only; times wrap around midnight).
pub fn plus(t: Temporal, d: Duration) -> Result<Temporal> {
    let out = match t {
        Temporal::Date(x) => {
            let date = plus_calendar(x, d)?;
            Temporal::Date(Date(date.0.checked_add(d.seconds / SECONDS_PER_DAY).ok_or_else(out_of_range)?))
        }
        Temporal::LocalTime(x) => Temporal::LocalTime(x.plus_nanos(time_nanos(d))),
        Temporal::Time(x) => Temporal::Time(Time { time: x.time.plus_nanos(time_nanos(d)), offset: x.offset }),
        Temporal::LocalDateTime(x) => {
            let moved = LocalDateTime { date: plus_calendar(x.date, d)?, time: x.time };
            Temporal::LocalDateTime(LocalDateTime::from_epoch_nanos(moved.epoch_nanos() + time_nanos(d)))
        }
        Temporal::DateTime(x) => {
            let moved = LocalDateTime { date: plus_calendar(x.local.date, d)?, time: x.local.time };
            let base = match x.zone {
                Some(z) => DateTime::in_zone(moved, z),
                None => DateTime::with_offset(moved, x.offset),
            };
            let n = base.epoch_nanos() + time_nanos(d);
            let per = i128::from(NANOS_PER_SECOND);
            let secs = i64::try_from(n.div_euclid(per)).map_err(|_| out_of_range())?;
            let nano = n.rem_euclid(per) as i64;
            Temporal::DateTime(match x.zone {
                Some(z) => DateTime::at_instant_in_zone(secs, nano, z),
                None => DateTime::at_instant_with_offset(secs, nano, x.offset),
            })
        }
        Temporal::Duration(x) => Temporal::Duration(add_durations(x, d)?),
    };
    out.checked()
}

/// Which part of the duration between two instants to compute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Between {
    All,
    Months,
    Days,
    Seconds,
}

/// One side of a `between`: its local date (if it has one), local time, and zone.
struct Side {
    date: Option<Date>,
    time: LocalTime,
    offset: Option<i32>,
    zone: Option<Zone>,
}

fn side(t: Temporal) -> Option<Side> {
    Some(match t {
        Temporal::Date(d) => Side { date: Some(d), time: LocalTime(0), offset: None, zone: None },
        Temporal::LocalTime(t) => Side { date: None, time: t, offset: None, zone: None },
        Temporal::Time(t) => Side { date: None, time: t.time, offset: Some(t.offset), zone: None },
        Temporal::LocalDateTime(l) => Side { date: Some(l.date), time: l.time, offset: None, zone: None },
        Temporal::DateTime(d) => Side { date: Some(d.local.date), time: d.local.time, offset: Some(d.offset), zone: d.zone },
        Temporal::Duration(_) => return None,
    })
}

/// Places a local date-time in a side's zone (or offset), giving instant nanoseconds.
fn instant(local: LocalDateTime, offset: Option<i32>, zone: Option<Zone>) -> i128 {
    match (zone, offset) {
        (Some(z), _) => DateTime::in_zone(local, z).epoch_nanos(),
        (None, Some(o)) => DateTime::with_offset(local, o).epoch_nanos(),
        (None, None) => local.epoch_nanos(),
    }
}

fn local_at(nanos: i128, offset: Option<i32>, zone: Option<Zone>) -> LocalDateTime {
    let off = match (zone, offset) {
        (Some(z), _) => z.offset_at(nanos.div_euclid(i128::from(NANOS_PER_SECOND)) as i64),
        (None, Some(o)) => o,
        (None, None) => 0,
    };
    LocalDateTime::from_epoch_nanos(nanos + i128::from(off) * i128::from(NANOS_PER_SECOND))
}

/// Whole months (or days) from `a` to `b`, on local date-times, truncated toward zero.
fn local_until(a: LocalDateTime, b: LocalDateTime, months: bool) -> i64 {
    let mut end = b.date.0;
    if end > a.date.0 && b.time < a.time {
        end -= 1;
    } else if end < a.date.0 && b.time > a.time {
        end += 1;
    }
    if months { civil::months_until(a.date.0, end) } else { end - a.date.0 }
}

/// The duration from `a` to `b`; `None` when either is not an instant-like value.
pub fn between(a: Temporal, b: Temporal, what: Between) -> Option<Duration> {
    let (sa, sb) = (side(a)?, side(b)?);
    let both_dates = sa.date.is_some() && sb.date.is_some();
    // A side without a zone is read in the other side's zone; without a date, on its date.
    let (offset, zone) = if sa.offset.is_some() { (sa.offset, sa.zone) } else { (sb.offset, sb.zone) };
    let (boff, bzone) = if sb.offset.is_some() { (sb.offset, sb.zone) } else { (offset, zone) };
    let da = sa.date.or(sb.date).unwrap_or(Date(0));
    let db = sb.date.or(sa.date).unwrap_or(Date(0));
    let la = LocalDateTime { date: da, time: sa.time };
    let lb = LocalDateTime { date: db, time: sb.time };
    let ia = instant(la, offset, zone);
    let ib = instant(lb, boff, bzone);
    if !both_dates {
        return Some(match what {
            Between::All | Between::Seconds => nanos_duration(ib - ia),
            _ => Duration::ZERO,
        });
    }
    // b seen in a's zone, for the calendar parts
    let lb_in_a = if offset.is_some() { local_at(ib, offset, zone) } else { lb };
    match what {
        Between::Seconds => Some(nanos_duration(ib - ia)),
        Between::Days => Some(Duration::new(0, local_until(la, lb_in_a, false), 0, 0)),
        Between::Months => Some(Duration::new(local_until(la, lb_in_a, true), 0, 0, 0)),
        Between::All => {
            let months = local_until(la, lb_in_a, true);
            let after_months = LocalDateTime { date: Date(civil::plus_months(la.date.0, months)?), time: la.time };
            let days = local_until(after_months, lb_in_a, false);
            let after_days = LocalDateTime { date: Date(after_months.date.0 + days), time: la.time };
            let rest = ib - instant(after_days, offset, zone);
            let d = nanos_duration(rest);
            Some(Duration::new(months, days, d.seconds, d.nanos))
        }
    }
}

fn nanos_duration(n: i128) -> Duration {
    let per = i128::from(NANOS_PER_SECOND);
    Duration::new(0, 0, n.div_euclid(per) as i64, n.rem_euclid(per) as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::temporal::parse::parse_as;

    fn t(kind: &str, s: &str) -> Temporal {
        parse_as(kind, s, (0, None)).unwrap_or(Temporal::Duration(Duration::ZERO))
    }

    #[test]
    fn fractions_cascade() {
        assert_eq!(approximate(0.75, 0.0, 0.0, 0.0).to_string(), "P22DT19H51M49.5S");
        assert_eq!(approximate(0.0, 17.5, 0.0, 0.0).to_string(), "P17DT12H");
    }

    #[test]
    fn between_dates_and_times() {
        let d = |a, b| between(a, b, Between::All).map(|d| d.to_string()).unwrap_or_default();
        assert_eq!(d(t("date", "1984-10-11"), t("date", "2015-06-24")), "P30Y8M13D");
        assert_eq!(d(t("time", "14:30"), t("time", "16:30+0100")), "PT1H");
        assert_eq!(d(t("datetime", "2014-07-21T21:40:36.143+0200"), t("datetime", "2015-07-21T21:40:32.142+0100")), "P1YT59M55.999S");
        assert_eq!(d(t("localdatetime", "2015-07-21T21:40:32.142"), t("date", "2015-06-24")), "P-27DT-21H-40M-32.142S");
    }
}
