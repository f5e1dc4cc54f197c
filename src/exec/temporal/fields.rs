//! Building temporal values from maps of components (`{year: 1984, week: 10, dayOfWeek: 3}`,
//! `{date: d, hour: 12}`, `{time: t, timezone: '+05:00'}`), and converting one temporal type
//! into another.
//!
//! Rules: a `date`, `time` or `datetime` entry supplies the starting components, which the
//! other entries override. The date is given in one of four styles: calendar (`year`,
//! `month`, `day`), week (`year` as week-year, `week`, `dayOfWeek`), ordinal (`year`,
//! `ordinalDay`) or quarter (`year`, `quarter`, `dayOfQuarter`). When the starting value
//! has a zone and `timezone` names another, the value is built in the starting zone and then
//! moved to the new one keeping the instant; otherwise `timezone` says where the local
//! date-time is. Without any zone the value is in UTC.

use super::{bad, err, get, now};
use crate::error::ExecError;
use crate::temporal::arith::approximate_checked;
use crate::temporal::parse::{calendar_date, week_date};
use crate::temporal::{Date, DateTime, Duration, LocalDateTime, LocalTime, NANOS_PER_SECOND, Temporal, Time, Zone, civil, parse};
use crate::value::{Map, Value};

/// The temporal type a constructor builds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Date,
    LocalTime,
    Time,
    LocalDateTime,
    DateTime,
    Duration,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Date => "date",
            Kind::LocalTime => "localtime",
            Kind::Time => "time",
            Kind::LocalDateTime => "localdatetime",
            Kind::DateTime => "datetime",
            Kind::Duration => "duration",
        }
    }
    fn has_date(self) -> bool {
        matches!(self, Kind::Date | Kind::LocalDateTime | Kind::DateTime)
    }
    fn has_time(self) -> bool {
        matches!(self, Kind::LocalTime | Kind::Time | Kind::LocalDateTime | Kind::DateTime)
    }
    fn has_zone(self) -> bool {
        matches!(self, Kind::Time | Kind::DateTime)
    }
}

/// Where a value is: a fixed offset or a region zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ZoneSpec {
    Offset(i32),
    Named(Zone),
}

impl ZoneSpec {
    pub fn at_instant(self, seconds: i64, nano: i64) -> DateTime {
        match self {
            ZoneSpec::Offset(o) => DateTime::at_instant_with_offset(seconds, nano, o),
            ZoneSpec::Named(z) => DateTime::at_instant_in_zone(seconds, nano, z),
        }
    }
    pub fn place(self, local: LocalDateTime) -> DateTime {
        match self {
            ZoneSpec::Offset(o) => DateTime::with_offset(local, o),
            ZoneSpec::Named(z) => DateTime::in_zone(local, z),
        }
    }
    /// The offset for a time of day without a date (a zone's offset now).
    pub fn offset_now(self) -> i32 {
        match self {
            ZoneSpec::Offset(o) => o,
            ZoneSpec::Named(z) => z.offset_at(now().0),
        }
    }
    pub fn of(t: Temporal) -> Option<ZoneSpec> {
        match t {
            Temporal::Time(t) => Some(ZoneSpec::Offset(t.offset)),
            Temporal::DateTime(d) => Some(d.zone.map_or(ZoneSpec::Offset(d.offset), ZoneSpec::Named)),
            _ => None,
        }
    }
}

/// A `timezone` value: an offset (`+01:00`, `Z`) or a zone name (`Europe/Stockholm`).
pub fn zone_spec(v: &Value) -> Result<ZoneSpec, ExecError> {
    let Value::String(s) = v else {
        return Err(bad(format!("a timezone must be a string, not {}", v.value_type())));
    };
    let s = s.trim();
    if s.starts_with(['+', '-', 'Z']) {
        let t = parse::parse_time(&format!("00:00{s}"), 0).map_err(|_| bad(format!("invalid time zone offset '{s}'")))?;
        return Ok(ZoneSpec::Offset(t.offset));
    }
    Zone::named(s).map(ZoneSpec::Named).ok_or_else(|| bad(format!("unknown time zone '{s}'")))
}

/// Converts a temporal value into `kind` (selecting its components); an error when the
/// value lacks what `kind` needs (a date from a time, for example).
pub fn convert_checked(kind: Kind, t: Temporal) -> Result<Temporal, ExecError> {
    let date = date_of(t);
    let time = time_of(t);
    let missing = || bad(format!("cannot build a {} from a {}", kind.name(), t.type_name()));
    Ok(match kind {
        Kind::Date => Temporal::Date(date.ok_or_else(missing)?),
        Kind::LocalTime => Temporal::LocalTime(time.ok_or_else(missing)?),
        Kind::Time => match t {
            Temporal::Time(x) => Temporal::Time(x),
            Temporal::DateTime(d) => Temporal::Time(Time { time: d.local.time, offset: d.offset }),
            _ => Temporal::Time(Time { time: time.ok_or_else(missing)?, offset: 0 }),
        },
        Kind::LocalDateTime => {
            Temporal::LocalDateTime(LocalDateTime { date: date.ok_or_else(missing)?, time: time.unwrap_or(LocalTime(0)) })
        }
        Kind::DateTime => match t {
            Temporal::DateTime(d) => Temporal::DateTime(d),
            _ => Temporal::DateTime(DateTime::with_offset(
                LocalDateTime { date: date.ok_or_else(missing)?, time: time.unwrap_or(LocalTime(0)) },
                0,
            )),
        },
        Kind::Duration => return Err(missing()),
    })
}

/// [`convert_checked`] for a source known to have every component.
pub fn convert(kind: Kind, t: Temporal) -> Temporal {
    convert_checked(kind, t).unwrap_or(t)
}

pub fn date_of(t: Temporal) -> Option<Date> {
    match t {
        Temporal::Date(d) => Some(d),
        Temporal::LocalDateTime(l) => Some(l.date),
        Temporal::DateTime(d) => Some(d.local.date),
        _ => None,
    }
}

pub fn time_of(t: Temporal) -> Option<LocalTime> {
    match t {
        Temporal::LocalTime(x) => Some(x),
        Temporal::Time(x) => Some(x.time),
        Temporal::LocalDateTime(l) => Some(l.time),
        Temporal::DateTime(d) => Some(d.local.time),
        _ => None,
    }
}

const DATE_KEYS: &[&str] = &["year", "month", "day", "week", "dayOfWeek", "ordinalDay", "quarter", "dayOfQuarter"];
const TIME_KEYS: &[&str] = &["hour", "minute", "second", "millisecond", "microsecond", "nanosecond"];

fn int_field(m: &Map, key: &str) -> Result<Option<i64>, ExecError> {
    match get(m, key) {
        None => Ok(None),
        Some(Value::Int(i)) => Ok(Some(*i)),
        Some(other) => Err(bad(format!("the component `{key}` must be an integer, not {}", other.value_type()))),
    }
}

fn temporal_field(m: &Map, key: &str) -> Result<Option<Temporal>, ExecError> {
    match get(m, key) {
        None => Ok(None),
        Some(Value::Temporal(t)) => Ok(Some(**t)),
        Some(other) => Err(bad(format!("the entry `{key}` must be a temporal value, not {}", other.value_type()))),
    }
}

fn in_range(v: i64, lo: i64, hi: i64, what: &str) -> Result<i64, ExecError> {
    if (lo..=hi).contains(&v) { Ok(v) } else { Err(bad(format!("{what} must be between {lo} and {hi}, not {v}"))) }
}

/// The date described by the date components of `m`, starting from `base`.
pub fn date_from_fields(base: Option<Date>, m: &Map) -> Result<Date, ExecError> {
    let f = |k| int_field(m, k);
    let year = f("year")?;
    if let Some(y) = year {
        in_range(y, -civil::MAX_YEAR, civil::MAX_YEAR, "year")?;
    }
    if base.is_none() && year.is_none() {
        return Err(bad("a date needs a `year` (or a `date` to start from)".to_owned()));
    }
    let invalid = || bad("the date components do not form a valid date".to_owned());
    let (week, dow) = (f("week")?, f("dayOfWeek")?);
    if week.is_some() || dow.is_some() {
        let (wy, w, d) = match base {
            Some(b) => {
                let (wy, w) = civil::iso_week(b.0);
                (wy, i64::from(w), i64::from(civil::day_of_week(b.0)))
            }
            None => (0, 1, 1),
        };
        return week_date(year.unwrap_or(wy), week.unwrap_or(w), dow.unwrap_or(d)).ok_or_else(invalid);
    }
    let by = base.map(|b| b.year()).unwrap_or(0);
    let y = year.unwrap_or(by);
    if let Some(ord) = f("ordinalDay")? {
        in_range(ord, 1, i64::from(civil::days_in_year(y)), "ordinalDay")?;
        return Ok(Date(civil::days_from_civil(y, 1, 1) + ord - 1));
    }
    let (q, dq) = (f("quarter")?, f("dayOfQuarter")?);
    if q.is_some() || dq.is_some() {
        let (bq, bdq) = base.map(|b| civil::quarter(b.0)).unwrap_or((1, 1));
        let q = in_range(q.unwrap_or(i64::from(bq)), 1, 4, "quarter")? as u32;
        let dq = in_range(dq.unwrap_or(i64::from(bdq)), 1, i64::from(civil::days_in_quarter(y, q)), "dayOfQuarter")?;
        return Ok(Date(civil::days_from_civil(y, (q - 1) * 3 + 1, 1) + dq - 1));
    }
    let (_, bm, bd) = base.map(|b| b.ymd()).unwrap_or((0, 1, 1));
    let month = f("month")?.unwrap_or(i64::from(bm));
    let day = f("day")?.unwrap_or(i64::from(bd));
    calendar_date(y, month, day).ok_or_else(invalid)
}

/// The time described by the time components of `m`, starting from `base`. Sub-second
/// components replace the base's fraction, except for those finer than `keep_finer_than`
/// (a truncation unit in nanoseconds), which add to it.
pub fn time_from_fields(base: Option<LocalTime>, m: &Map, keep_unit: Option<i64>) -> Result<LocalTime, ExecError> {
    let f = |k| int_field(m, k);
    let b = base.unwrap_or(LocalTime(0));
    let h = in_range(f("hour")?.unwrap_or(b.hour()), 0, 23, "hour")?;
    let mi = in_range(f("minute")?.unwrap_or(b.minute()), 0, 59, "minute")?;
    let s = in_range(f("second")?.unwrap_or(b.second()), 0, 59, "second")?;
    let (ms, us, ns) = (f("millisecond")?, f("microsecond")?, f("nanosecond")?);
    let nano = if ms.is_none() && us.is_none() && ns.is_none() {
        b.nano()
    } else if let Some(unit) = keep_unit {
        let kept = b.nano() / unit * unit;
        let ms = in_range(ms.unwrap_or(0), 0, 999, "millisecond")?;
        let us = in_range(us.unwrap_or(0), 0, 999_999, "microsecond")?;
        let ns = in_range(ns.unwrap_or(0), 0, 999_999_999, "nanosecond")?;
        kept + ms * 1_000_000 + us * 1000 + ns
    } else {
        let ms = in_range(ms.unwrap_or(0), 0, 999, "millisecond")?;
        let us_max = if ms != 0 || f("millisecond")?.is_some() { 999 } else { 999_999 };
        let us = in_range(us.unwrap_or(0), 0, us_max, "microsecond")?;
        let ns_max = if f("microsecond")?.is_some() {
            999
        } else if f("millisecond")?.is_some() {
            999_999
        } else {
            999_999_999
        };
        let ns = in_range(ns.unwrap_or(0), 0, ns_max, "nanosecond")?;
        ms * 1_000_000 + us * 1000 + ns
    };
    in_range(nano, 0, NANOS_PER_SECOND - 1, "the fraction of a second in nanoseconds")?;
    Ok(LocalTime::from_hms_nano(h, mi, s, nano))
}

fn check_keys(kind: Kind, m: &Map) -> Result<(), ExecError> {
    for k in m.keys() {
        let k: &str = k;
        let ok = (kind.has_date() && (DATE_KEYS.contains(&k) || k == "date"))
            || (kind.has_time() && (TIME_KEYS.contains(&k) || k == "time"))
            || (kind.has_zone() && k == "timezone")
            || (kind == Kind::DateTime && ["datetime", "epochSeconds", "epochMillis"].contains(&k))
            || (kind == Kind::LocalDateTime && k == "datetime");
        if !ok {
            return Err(bad(format!("{}() does not take the component `{k}`", kind.name())));
        }
    }
    Ok(())
}

/// Builds a value of `kind` from a map of components.
pub fn build(kind: Kind, m: &Map) -> Result<Temporal, ExecError> {
    check_keys(kind, m)?;
    let tz = get(m, "timezone").map(zone_spec).transpose()?;
    if kind == Kind::DateTime
        && let Some(dt) = from_epoch(m, tz)?
    {
        return Ok(Temporal::DateTime(dt));
    }
    let dt_base = temporal_field(m, "datetime")?;
    let date_base = match temporal_field(m, "date")? {
        Some(t) => Some(date_of(t).ok_or_else(|| bad(format!("`date` must have a date, not be a {}", t.type_name())))?),
        None => dt_base.and_then(date_of),
    };
    let time_entry = temporal_field(m, "time")?;
    let time_base = match time_entry {
        Some(t) => Some(time_of(t).ok_or_else(|| bad(format!("`time` must have a time, not be a {}", t.type_name())))?),
        None => dt_base.and_then(time_of),
    };
    let source = match time_entry {
        Some(t) => ZoneSpec::of(t),
        None => dt_base.and_then(ZoneSpec::of),
    };
    let time = if kind.has_time() { time_from_fields(time_base, m, None)? } else { LocalTime(0) };
    Ok(match kind {
        Kind::Date => Temporal::Date(date_from_fields(date_base, m)?),
        Kind::LocalTime => Temporal::LocalTime(time),
        Kind::Time => Temporal::Time(match (time_entry.or(dt_base).and_then(super::time_with_offset).map(|t| t.offset), tz) {
            (Some(from), Some(t)) => {
                let to = t.offset_now();
                Time { time: time.plus_nanos(i128::from(to - from) * i128::from(NANOS_PER_SECOND)), offset: to }
            }
            (Some(from), None) => Time { time, offset: from },
            (None, Some(t)) => Time { time, offset: t.offset_now() },
            (None, None) => Time { time, offset: 0 },
        }),
        Kind::LocalDateTime => Temporal::LocalDateTime(LocalDateTime { date: date_from_fields(date_base, m)?, time }),
        Kind::DateTime => {
            let local = LocalDateTime { date: date_from_fields(date_base, m)?, time };
            Temporal::DateTime(match (source, tz) {
                (Some(s), Some(t)) => {
                    let placed = s.place(local);
                    t.at_instant(placed.epoch_seconds(), placed.nano())
                }
                (Some(s), None) => s.place(local),
                (None, Some(t)) => t.place(local),
                (None, None) => DateTime::with_offset(local, 0),
            })
        }
        Kind::Duration => return Err(bad("duration() takes duration components".to_owned())),
    })
}

fn from_epoch(m: &Map, tz: Option<ZoneSpec>) -> Result<Option<DateTime>, ExecError> {
    let zone = tz.unwrap_or(ZoneSpec::Offset(0));
    let part = |k, mult: i128| Ok::<i128, ExecError>(i128::from(int_field(m, k)?.unwrap_or(0)) * mult);
    let sub = part("millisecond", 1_000_000)? + part("microsecond", 1000)? + part("nanosecond", 1)?;
    let total = match (int_field(m, "epochSeconds")?, int_field(m, "epochMillis")?) {
        (Some(s), _) => i128::from(s) * i128::from(NANOS_PER_SECOND) + sub,
        (None, Some(ms)) => i128::from(ms) * 1_000_000 + sub,
        (None, None) => return Ok(None),
    };
    let per = i128::from(NANOS_PER_SECOND);
    let secs = i64::try_from(total.div_euclid(per)).map_err(|_| bad("the epoch instant is out of range".to_owned()))?;
    Ok(Some(zone.at_instant(secs, total.rem_euclid(per) as i64)))
}

const DURATION_KEYS: &[(&str, usize, f64)] = &[
    ("years", 0, 12.0),
    ("months", 0, 1.0),
    ("weeks", 1, 7.0),
    ("days", 1, 1.0),
    ("hours", 2, 3600.0),
    ("minutes", 2, 60.0),
    ("seconds", 2, 1.0),
    ("milliseconds", 3, 1_000_000.0),
    ("microseconds", 3, 1000.0),
    ("nanoseconds", 3, 1.0),
];

/// A duration from `{years: .., months: .., weeks: .., days: .., hours: .., minutes: ..,
/// seconds: .., milliseconds: .., microseconds: .., nanoseconds: ..}` (integers or floats).
pub fn duration_from_map(m: &Map) -> Result<Duration, ExecError> {
    let mut exact = [0i64; 4];
    let mut approx = [0f64; 4];
    let mut fractional = false;
    for (k, v) in m.iter() {
        let Some(&(_, group, mult)) = DURATION_KEYS.iter().find(|(n, _, _)| **n == **k) else {
            return Err(bad(format!("duration() does not take the component `{k}`")));
        };
        match v {
            Value::Null => {}
            Value::Int(i) => {
                exact[group] = i
                    .checked_mul(mult as i64)
                    .and_then(|x| x.checked_add(exact[group]))
                    .ok_or_else(|| bad("the duration is too large".to_owned()))?;
                approx[group] += *i as f64 * mult;
            }
            Value::Float(f) => {
                fractional = true;
                approx[group] += f * mult;
            }
            other => return Err(bad(format!("the component `{k}` must be a number, not {}", other.value_type()))),
        }
    }
    if fractional {
        approximate_checked(approx[0], approx[1], approx[2], approx[3]).map_err(err)
    } else {
        Ok(Duration::new(exact[0], exact[1], exact[2], exact[3]))
    }
}
