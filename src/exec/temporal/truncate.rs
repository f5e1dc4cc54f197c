//! `date.truncate(unit, value[, map])` and the same for `localtime`, `time`,
//! `localdatetime` and `datetime`: the value cut down to the start of its millennium,
//! century, decade, year, week-year, quarter, month, week, day, hour, minute, second,
//! millisecond or microsecond, then adjusted by the components of the map (a `timezone`
//! there keeps the local date-time and changes the zone).

use super::fields::{Kind, ZoneSpec, date_from_fields, date_of, time_from_fields, time_of, zone_spec};
use super::{bad, get};
use crate::error::ExecError;
use crate::store::Graph;
use crate::temporal::{Date, DateTime, LocalDateTime, LocalTime, NANOS_PER_DAY, Temporal, Time, civil};
use crate::value::{Map, Value};

/// A truncation unit: how it cuts a date (None for time units) and a time (in nanoseconds).
fn cut_date(unit: &str, d: Date) -> Option<Date> {
    let (y, m, _) = d.ymd();
    let year_start = |y: i64| Date::from_ymd(y, 1, 1);
    Some(match unit {
        "millennium" => year_start(y.div_euclid(1000) * 1000),
        "century" => year_start(y.div_euclid(100) * 100),
        "decade" => year_start(y.div_euclid(10) * 10),
        "year" => year_start(y),
        "weekYear" => Date(civil::week_one_monday(civil::iso_week(d.0).0)),
        "quarter" => Date::from_ymd(y, (m - 1) / 3 * 3 + 1, 1),
        "month" => Date::from_ymd(y, m, 1),
        "week" => Date(d.0 - i64::from(civil::day_of_week(d.0)) + 1),
        "day" => d,
        _ => return None,
    })
}

fn time_unit(unit: &str) -> Option<i64> {
    Some(match unit {
        "hour" => 3_600_000_000_000,
        "minute" => 60_000_000_000,
        "second" => 1_000_000_000,
        "millisecond" => 1_000_000,
        "microsecond" => 1000,
        _ => return None,
    })
}

fn truncate(kind: Kind, args: &[Value]) -> Result<Value, ExecError> {
    let name = kind.name();
    let (unit, value) = match (&args[0], &args[1]) {
        (Value::Null, _) | (_, Value::Null) => return Ok(Value::Null),
        (Value::String(u), Value::Temporal(t)) => (u.as_ref(), **t),
        (u, v) => {
            return Err(ExecError::type_error(
                "InvalidArgumentType",
                format!("{name}.truncate() needs a unit string and a temporal value, not {} and {}", u.value_type(), v.value_type()),
            ));
        }
    };
    let empty = Map::new();
    let map = match args.get(2) {
        None | Some(Value::Null) => &empty,
        Some(Value::Map(m)) => m.as_ref(),
        Some(other) => return Err(bad(format!("{name}.truncate() takes a map of components, not {}", other.value_type()))),
    };
    let unknown = || bad(format!("{name}.truncate() cannot truncate to the unit '{unit}'"));
    let missing = || bad(format!("{name}.truncate() cannot truncate a {} to a {name}", value.type_name()));
    let tunit = time_unit(unit);
    if tunit.is_none() && cut_date(unit, Date(0)).is_none() {
        return Err(unknown());
    }
    // the truncated local date and time
    let (date, time) = match tunit {
        Some(n) => (date_of(value), LocalTime(time_of(value).ok_or_else(missing)?.0 / n * n)),
        None if matches!(kind, Kind::LocalTime | Kind::Time) && unit == "day" => (None, LocalTime(0)),
        None if matches!(kind, Kind::LocalTime | Kind::Time) => return Err(unknown()),
        None => (Some(cut_date(unit, date_of(value).ok_or_else(missing)?).ok_or_else(unknown)?), LocalTime(0)),
    };
    if kind == Kind::Date && tunit.is_some() {
        return Err(unknown());
    }
    let keep = Some(tunit.unwrap_or(NANOS_PER_DAY));
    let time = if time_is_adjusted(map) { time_from_fields(Some(time), map, keep)? } else { time };
    let date = match date {
        Some(d) if date_is_adjusted(map) => Some(date_from_fields(Some(d), map)?),
        other => other,
    };
    let zone = match get(map, "timezone") {
        Some(tz) => zone_spec(tz)?,
        None => ZoneSpec::of(value).unwrap_or(ZoneSpec::Offset(0)),
    };
    let local = || date.map(|date| LocalDateTime { date, time }).ok_or_else(missing);
    Ok(Value::temporal(match kind {
        Kind::Date => Temporal::Date(date.ok_or_else(missing)?),
        Kind::LocalTime => Temporal::LocalTime(time),
        Kind::Time => Temporal::Time(Time { time, offset: zone.offset_now() }),
        Kind::LocalDateTime => Temporal::LocalDateTime(local()?),
        Kind::DateTime => Temporal::DateTime(match zone {
            ZoneSpec::Offset(o) => DateTime::with_offset(local()?, o),
            ZoneSpec::Named(z) => DateTime::in_zone(local()?, z),
        }),
        Kind::Duration => return Err(unknown()),
    }))
}

fn date_is_adjusted(m: &Map) -> bool {
    ["year", "month", "day", "week", "dayOfWeek", "ordinalDay", "quarter", "dayOfQuarter"].iter().any(|k| get(m, k).is_some())
}

fn time_is_adjusted(m: &Map) -> bool {
    ["hour", "minute", "second", "millisecond", "microsecond", "nanosecond"].iter().any(|k| get(m, k).is_some())
}

pub fn f_date(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    truncate(Kind::Date, args)
}
pub fn f_localtime(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    truncate(Kind::LocalTime, args)
}
pub fn f_time(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    truncate(Kind::Time, args)
}
pub fn f_localdatetime(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    truncate(Kind::LocalDateTime, args)
}
pub fn f_datetime(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    truncate(Kind::DateTime, args)
}
