//! Temporal values: dates, times with and without an offset, date-times with and without a
//! time zone, and durations. This module is pure computation (no query values): the types,
//! their order, calendar math ([`civil`]), time zones ([`zone`]), parsing of ISO 8601 text
//! ([`parse`]), rendering ([`format`]) and arithmetic ([`arith`]). The query-facing
//! constructors and accessors live in `exec::temporal`.

pub mod arith;
pub mod civil;
pub mod format;
pub mod parse;
pub mod zone;

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

pub use zone::Zone;

pub const NANOS_PER_SECOND: i64 = 1_000_000_000;
pub const SECONDS_PER_DAY: i64 = 86_400;
pub const NANOS_PER_DAY: i64 = NANOS_PER_SECOND * SECONDS_PER_DAY;
/// Largest offset from UTC accepted, in seconds (±18:00).
pub const MAX_OFFSET: i32 = 18 * 3600;

/// A calendar date, as days since 1970-01-01.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Date(pub i64);

/// A time of day without offset, as nanoseconds since midnight (`0..NANOS_PER_DAY`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct LocalTime(pub i64);

/// A time of day with an offset from UTC (seconds, east positive).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Time {
    pub time: LocalTime,
    pub offset: i32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct LocalDateTime {
    pub date: Date,
    pub time: LocalTime,
}

/// A date-time with its offset and, when it was given one, its region time zone (the
/// offset is then the zone's offset at that instant).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DateTime {
    pub local: LocalDateTime,
    pub offset: i32,
    pub zone: Option<Zone>,
}

/// An amount of time in months, days and seconds, which do not convert into each other;
/// `nanos` is always in `0..NANOS_PER_SECOND` (the sign lives in `seconds`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Duration {
    pub months: i64,
    pub days: i64,
    pub seconds: i64,
    pub nanos: i64,
}

/// Any temporal value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Temporal {
    Date(Date),
    LocalTime(LocalTime),
    Time(Time),
    LocalDateTime(LocalDateTime),
    DateTime(DateTime),
    Duration(Duration),
}

impl Date {
    pub fn from_ymd(year: i64, month: u32, day: u32) -> Date {
        Date(civil::days_from_civil(year, month, day))
    }
    pub fn ymd(self) -> (i64, u32, u32) {
        civil::civil_from_days(self.0)
    }
    pub fn year(self) -> i64 {
        self.ymd().0
    }
}

impl LocalTime {
    pub fn from_hms_nano(h: i64, m: i64, s: i64, nano: i64) -> LocalTime {
        LocalTime(((h * 60 + m) * 60 + s) * NANOS_PER_SECOND + nano)
    }
    pub fn hour(self) -> i64 {
        self.0 / (3600 * NANOS_PER_SECOND)
    }
    pub fn minute(self) -> i64 {
        self.0 / (60 * NANOS_PER_SECOND) % 60
    }
    pub fn second(self) -> i64 {
        self.0 / NANOS_PER_SECOND % 60
    }
    pub fn nano(self) -> i64 {
        self.0 % NANOS_PER_SECOND
    }
    /// The time `nanos` later, wrapping around midnight.
    pub fn plus_nanos(self, nanos: i128) -> LocalTime {
        LocalTime((i128::from(self.0) + nanos).rem_euclid(i128::from(NANOS_PER_DAY)) as i64)
    }
}

impl Time {
    /// Nanoseconds since midnight UTC (may fall outside one day), the basis of its order.
    pub fn utc_nanos(self) -> i64 {
        self.time.0 - i64::from(self.offset) * NANOS_PER_SECOND
    }
}

impl LocalDateTime {
    /// Seconds since 1970-01-01T00:00 (as if local time were UTC) and the nanosecond.
    pub fn epoch_seconds(self) -> i64 {
        self.date.0 * SECONDS_PER_DAY + self.time.0 / NANOS_PER_SECOND
    }
    pub fn from_epoch(seconds: i64, nano: i64) -> LocalDateTime {
        LocalDateTime {
            date: Date(seconds.div_euclid(SECONDS_PER_DAY)),
            time: LocalTime(seconds.rem_euclid(SECONDS_PER_DAY) * NANOS_PER_SECOND + nano),
        }
    }
    /// Total nanoseconds since 1970-01-01T00:00 local.
    pub fn epoch_nanos(self) -> i128 {
        i128::from(self.date.0) * i128::from(NANOS_PER_DAY) + i128::from(self.time.0)
    }
    pub fn from_epoch_nanos(n: i128) -> LocalDateTime {
        let day = i128::from(NANOS_PER_DAY);
        LocalDateTime { date: Date(n.div_euclid(day) as i64), time: LocalTime(n.rem_euclid(day) as i64) }
    }
}

impl DateTime {
    /// A date-time at a fixed offset.
    pub fn with_offset(local: LocalDateTime, offset: i32) -> DateTime {
        DateTime { local, offset, zone: None }
    }

    /// A local date-time placed in a region zone (gaps move the local time forward).
    pub fn in_zone(local: LocalDateTime, zone: Zone) -> DateTime {
        let (offset, secs) = zone.resolve_local(local.epoch_seconds());
        DateTime { local: LocalDateTime::from_epoch(secs, local.time.nano()), offset, zone: Some(zone) }
    }

    /// The same instant seen in a region zone.
    pub fn at_instant_in_zone(epoch_seconds: i64, nano: i64, zone: Zone) -> DateTime {
        let offset = zone.offset_at(epoch_seconds);
        DateTime { local: LocalDateTime::from_epoch(epoch_seconds.saturating_add(i64::from(offset)), nano), offset, zone: Some(zone) }
    }

    pub fn at_instant_with_offset(epoch_seconds: i64, nano: i64, offset: i32) -> DateTime {
        DateTime { local: LocalDateTime::from_epoch(epoch_seconds.saturating_add(i64::from(offset)), nano), offset, zone: None }
    }

    /// Seconds since 1970-01-01T00:00Z.
    pub fn epoch_seconds(self) -> i64 {
        self.local.epoch_seconds() - i64::from(self.offset)
    }

    pub fn nano(self) -> i64 {
        self.local.time.nano()
    }

    /// Nanoseconds since 1970-01-01T00:00Z.
    pub fn epoch_nanos(self) -> i128 {
        self.local.epoch_nanos() - i128::from(self.offset) * i128::from(NANOS_PER_SECOND)
    }
}

impl Duration {
    /// A duration with seconds and nanoseconds normalised (nanos in `0..1e9`).
    pub fn new(months: i64, days: i64, seconds: i64, nanos: i64) -> Duration {
        Duration { months, days, seconds: seconds + nanos.div_euclid(NANOS_PER_SECOND), nanos: nanos.rem_euclid(NANOS_PER_SECOND) }
    }

    pub const ZERO: Duration = Duration { months: 0, days: 0, seconds: 0, nanos: 0 };

    /// Rough length in nanoseconds (a month as 1/12 of 365.2425 days), used only to order
    /// durations in ORDER BY.
    fn approx_nanos(self) -> i128 {
        i128::from(self.months) * 2_629_746 * i128::from(NANOS_PER_SECOND)
            + i128::from(self.days) * i128::from(NANOS_PER_DAY)
            + i128::from(self.seconds) * i128::from(NANOS_PER_SECOND)
            + i128::from(self.nanos)
    }
}

impl Temporal {
    /// The value itself when its date lies within the supported years (±999,999,999).
    pub fn checked(self) -> Result<Temporal, TemporalError> {
        let date = match self {
            Temporal::Date(d) => Some(d),
            Temporal::LocalDateTime(l) => Some(l.date),
            Temporal::DateTime(d) => Some(d.local.date),
            _ => None,
        };
        match date {
            Some(d) if !civil::in_range(d.0) => {
                Err(TemporalError(format!("the date is outside the supported years -{0}..{0}", civil::MAX_YEAR)))
            }
            _ => Ok(self),
        }
    }

    /// The type name used in messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Temporal::Date(_) => "Date",
            Temporal::LocalTime(_) => "LocalTime",
            Temporal::Time(_) => "Time",
            Temporal::LocalDateTime(_) => "LocalDateTime",
            Temporal::DateTime(_) => "DateTime",
            Temporal::Duration(_) => "Duration",
        }
    }

    /// Position among the temporal types in ORDER BY.
    pub fn order_rank(&self) -> u8 {
        match self {
            Temporal::DateTime(_) => 0,
            Temporal::LocalDateTime(_) => 1,
            Temporal::Date(_) => 2,
            Temporal::Time(_) => 3,
            Temporal::LocalTime(_) => 4,
            Temporal::Duration(_) => 5,
        }
    }

    /// Comparison for `<` and friends: `None` across types and for durations.
    pub fn partial_cmp_same(&self, other: &Temporal) -> Option<Ordering> {
        match (self, other) {
            (Temporal::Duration(_), _) | (_, Temporal::Duration(_)) => None,
            _ if self.order_rank() == other.order_rank() => Some(self.total_cmp(other)),
            _ => None,
        }
    }

    /// The total order of ORDER BY (types by [`Self::order_rank`]).
    pub fn total_cmp(&self, other: &Temporal) -> Ordering {
        match (self, other) {
            (Temporal::Date(a), Temporal::Date(b)) => a.cmp(b),
            (Temporal::LocalTime(a), Temporal::LocalTime(b)) => a.cmp(b),
            (Temporal::Time(a), Temporal::Time(b)) => a.utc_nanos().cmp(&b.utc_nanos()).then(a.offset.cmp(&b.offset)),
            (Temporal::LocalDateTime(a), Temporal::LocalDateTime(b)) => a.cmp(b),
            (Temporal::DateTime(a), Temporal::DateTime(b)) => a
                .epoch_nanos()
                .cmp(&b.epoch_nanos())
                .then(a.local.cmp(&b.local))
                .then_with(|| a.zone.map(|z| z.name()).cmp(&b.zone.map(|z| z.name()))),
            (Temporal::Duration(a), Temporal::Duration(b)) => a
                .approx_nanos()
                .cmp(&b.approx_nanos())
                .then(a.months.cmp(&b.months))
                .then(a.days.cmp(&b.days))
                .then(a.seconds.cmp(&b.seconds))
                .then(a.nanos.cmp(&b.nanos)),
            _ => self.order_rank().cmp(&other.order_rank()),
        }
    }
}

/// A temporal value that cannot be built: bad text, a component out of range, an unknown
/// time zone, or an overflow.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct TemporalError(pub String);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_survive_serialization() {
        let Some(z) = Zone::named("Europe/Stockholm") else { return };
        let dt = Temporal::DateTime(DateTime::in_zone(LocalDateTime { date: Date::from_ymd(1984, 10, 11), time: LocalTime(0) }, z));
        let json = serde_json::to_string(&dt).unwrap_or_default();
        let back: Option<Temporal> = serde_json::from_str(&json).ok();
        assert_eq!(back, Some(dt));
        assert!(json.contains("Europe/Stockholm"));
    }

    #[test]
    fn times_order_by_instant() {
        let t = |h, offset| Temporal::Time(Time { time: LocalTime::from_hms_nano(h, 0, 0, 0), offset });
        // the same instant: the larger local time (larger offset) sorts later
        assert_eq!(t(10, 3600).partial_cmp_same(&t(9, 0)), Some(Ordering::Greater));
        assert_eq!(t(10, 3600).total_cmp(&t(9, -1)), Ordering::Less);
        assert_eq!(t(10, 0).partial_cmp_same(&Temporal::Duration(Duration::ZERO)), None);
    }
}
