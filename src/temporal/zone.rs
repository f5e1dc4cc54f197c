//! Named time zones, backed by the IANA tz database of the `chrono-tz` crate (the one module
//! that uses it): looking a zone up by name, and the zone's UTC offset at an instant or for a
//! local date-time (resolving gaps and overlaps the way ISO calendars do: a local time in a
//! gap moves forward by the gap's length, one in an overlap takes the earlier offset).

use std::fmt;
use std::str::FromStr;

use chrono::{NaiveDateTime, Offset, TimeZone};
use chrono_tz::Tz;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A region time zone such as `Europe/Stockholm`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Zone(Tz);

/// Seconds range chrono can represent comfortably (about ±260,000 years).
const MAX_CHRONO_SECONDS: i64 = 8_000_000_000_000;

fn naive(seconds: i64) -> NaiveDateTime {
    let s = seconds.clamp(-MAX_CHRONO_SECONDS, MAX_CHRONO_SECONDS);
    chrono::DateTime::from_timestamp(s, 0).map(|d| d.naive_utc()).unwrap_or_default()
}

impl Zone {
    /// The zone called `name` (exact spelling first, then ignoring case).
    pub fn named(name: &str) -> Option<Zone> {
        Tz::from_str(name).ok().or_else(|| Tz::from_str_insensitive(name).ok()).map(Zone)
    }

    pub fn name(&self) -> &'static str {
        self.0.name()
    }

    /// Offset from UTC, in seconds, at the instant `epoch_seconds`.
    pub fn offset_at(&self, epoch_seconds: i64) -> i32 {
        self.0.offset_from_utc_datetime(&naive(epoch_seconds)).fix().local_minus_utc()
    }

    /// Offset for a local date-time given as seconds since 1970-01-01T00:00 local, and the
    /// local seconds themselves after moving out of a gap.
    pub fn resolve_local(&self, local_seconds: i64) -> (i32, i64) {
        match self.0.offset_from_local_datetime(&naive(local_seconds)) {
            chrono::LocalResult::Single(o) => (o.fix().local_minus_utc(), local_seconds),
            chrono::LocalResult::Ambiguous(a, b) => {
                let (a, b) = (a.fix().local_minus_utc(), b.fix().local_minus_utc());
                (a.max(b), local_seconds)
            }
            chrono::LocalResult::None => {
                let before = self.offset_at(local_seconds - 86_400);
                let after = self.offset_at(local_seconds + 86_400);
                (after, local_seconds + i64::from(after - before))
            }
        }
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Zone {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for Zone {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        Zone::named(&name).ok_or_else(|| serde::de::Error::custom(format!("unknown time zone `{name}`")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stockholm_offsets() {
        let z = Zone::named("Europe/Stockholm").map(|z| z.name());
        assert_eq!(z, Some("Europe/Stockholm"));
        let Some(z) = Zone::named("europe/stockholm") else { return };
        // 1984-10-11T12:00 local is winter time (+01:00); 1984-07-20 is summer time.
        assert_eq!(z.resolve_local(466_344_000).0, 3600);
        assert_eq!(z.resolve_local(459_172_800).0, 7200);
    }
}
