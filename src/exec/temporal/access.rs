//! Components of temporal values, read as properties: `d.year`, `d.week`, `t.offset`,
//! `dt.epochMillis`, `dur.minutesOfHour`, ... An unknown component is an error naming the
//! ones the type has.

use super::bad;
use crate::error::ExecError;
use crate::temporal::format::write_offset;
use crate::temporal::{Date, Duration, LocalTime, NANOS_PER_SECOND, Temporal, civil};
use crate::value::Value;

fn date_part(d: Date, key: &str) -> Option<Value> {
    let (y, m, day) = d.ymd();
    Some(Value::Int(match key {
        "year" => y,
        "month" => i64::from(m),
        "day" => i64::from(day),
        "quarter" => i64::from(civil::quarter(d.0).0),
        "dayOfQuarter" => i64::from(civil::quarter(d.0).1),
        "week" => i64::from(civil::iso_week(d.0).1),
        "weekYear" => civil::iso_week(d.0).0,
        "ordinalDay" => i64::from(civil::ordinal_day(d.0)),
        "weekDay" | "dayOfWeek" => i64::from(civil::day_of_week(d.0)),
        _ => return None,
    }))
}

fn time_part(t: LocalTime, key: &str) -> Option<Value> {
    Some(Value::Int(match key {
        "hour" => t.hour(),
        "minute" => t.minute(),
        "second" => t.second(),
        "millisecond" => t.nano() / 1_000_000,
        "microsecond" => t.nano() / 1000,
        "nanosecond" => t.nano(),
        _ => return None,
    }))
}

fn offset_part(offset: i32, zone: Option<&str>, key: &str) -> Option<Value> {
    let text = || {
        let mut s = String::new();
        let _ = write_offset(offset, &mut s);
        s
    };
    Some(match key {
        "timezone" => Value::from(zone.map_or_else(text, str::to_owned)),
        "offset" => Value::from(text()),
        "offsetMinutes" => Value::Int(i64::from(offset / 60)),
        "offsetSeconds" => Value::Int(i64::from(offset)),
        _ => return None,
    })
}

fn duration_part(d: Duration, key: &str) -> Option<Value> {
    let (m, days, s, n) = (d.months, d.days, d.seconds, d.nanos);
    Some(Value::Int(match key {
        "years" => m / 12,
        "quarters" => m / 3,
        "months" => m,
        "monthsOfYear" => m % 12,
        "monthsOfQuarter" => m % 3,
        "quartersOfYear" => m / 3 % 4,
        "weeks" => days / 7,
        "days" => days,
        "daysOfWeek" => days % 7,
        "hours" => s / 3600,
        "minutes" => s / 60,
        "seconds" => s,
        "minutesOfHour" => s / 60 % 60,
        "secondsOfMinute" => s % 60,
        "milliseconds" => s.saturating_mul(1000).saturating_add(n / 1_000_000),
        "microseconds" => s.saturating_mul(1_000_000).saturating_add(n / 1000),
        "nanoseconds" => s.saturating_mul(NANOS_PER_SECOND).saturating_add(n),
        "millisecondsOfSecond" => n / 1_000_000,
        "microsecondsOfSecond" => n / 1000,
        "nanosecondsOfSecond" => n,
        _ => return None,
    }))
}

/// The component `key` of `t`.
pub fn component(t: &Temporal, key: &str) -> Result<Value, ExecError> {
    let found = match *t {
        Temporal::Date(d) => date_part(d, key),
        Temporal::LocalTime(x) => time_part(x, key),
        Temporal::Time(x) => time_part(x.time, key).or_else(|| offset_part(x.offset, None, key)),
        Temporal::LocalDateTime(l) => date_part(l.date, key).or_else(|| time_part(l.time, key)),
        Temporal::DateTime(d) => date_part(d.local.date, key)
            .or_else(|| time_part(d.local.time, key))
            .or_else(|| offset_part(d.offset, d.zone.as_ref().map(|z| z.name()), key))
            .or_else(|| match key {
                "epochSeconds" => Some(Value::Int(d.epoch_seconds())),
                "epochMillis" => Some(Value::Int(d.epoch_seconds().saturating_mul(1000).saturating_add(d.nano() / 1_000_000))),
                _ => None,
            }),
        Temporal::Duration(d) => duration_part(d, key),
    };
    found.ok_or_else(|| bad(format!("a {} has no component `{key}`", t.type_name())))
}
