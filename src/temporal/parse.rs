//! Parsing of ISO 8601 text into temporal values. Dates: calendar (`2015-07-21`,
//! `20150721`, `2015-07`), week (`2015-W30-2`, `2015W302`, `2015-W30`), ordinal
//! (`2015-202`) and year-only (`2015`, `+999999999`) forms. Times: `21`, `21:40`, `2140`,
//! `21:40:32.142`, with an offset (`Z`, `+01`, `+0100`, `+01:00`, `+02:05:59`) and/or a
//! region zone in brackets (`[Europe/Stockholm]`). Durations: `P1Y2M3W4DT5H6M7.5S` (any
//! component may be signed or fractional) and `P2012-02-02T14:37:21.545`.

use super::arith::approximate;
use super::{Date, DateTime, Duration, LocalDateTime, LocalTime, MAX_OFFSET, NANOS_PER_SECOND, Temporal, TemporalError, Time, Zone, civil};

type Result<T> = std::result::Result<T, TemporalError>;

struct Cursor<'a> {
    text: &'a str,
    s: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str) -> Self {
        Cursor { text, s: text.as_bytes(), pos: 0 }
    }
    fn peek(&self) -> Option<u8> {
        self.s.get(self.pos).copied()
    }
    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }
    fn done(&self) -> bool {
        self.pos >= self.s.len()
    }
    fn digit_run(&self) -> usize {
        self.s[self.pos..].iter().take_while(|c| c.is_ascii_digit()).count()
    }
    /// Exactly `n` digits as a number.
    fn digits(&mut self, n: usize, what: &str) -> Result<i64> {
        if self.digit_run() < n {
            return Err(self.error(&format!("expected {n} digits for the {what}")));
        }
        let v = self.s[self.pos..self.pos + n].iter().fold(0i64, |a, c| a * 10 + i64::from(c - b'0'));
        self.pos += n;
        Ok(v)
    }
    fn error(&self, what: &str) -> TemporalError {
        TemporalError(format!("cannot parse '{}' as a temporal value: {what} at character {}", self.text, self.pos + 1))
    }
    fn end(&self) -> Result<()> {
        if self.done() { Ok(()) } else { Err(self.error("unexpected text")) }
    }
}

fn check(ok: bool, c: &Cursor<'_>, what: &str) -> Result<()> {
    if ok { Ok(()) } else { Err(c.error(what)) }
}

fn date(c: &mut Cursor<'_>) -> Result<Date> {
    let year = match c.peek() {
        Some(sign @ (b'+' | b'-')) => {
            c.pos += 1;
            let n = c.digit_run();
            check((1..=9).contains(&n), c, "expected the digits of a signed year")?;
            let y = c.digits(n, "year")?;
            if sign == b'-' { -y } else { y }
        }
        _ => c.digits(4, "year")?,
    };
    let extended = c.eat(b'-');
    if c.done() || c.peek() == Some(b'T') {
        check(!extended, c, "expected a month, week or day after '-'")?;
        return Ok(Date::from_ymd(year, 1, 1));
    }
    if c.eat(b'W') {
        let week = c.digits(2, "week")?;
        let dash = extended && c.eat(b'-');
        let dow = if dash || (!extended && c.peek().is_some_and(|b| b.is_ascii_digit())) { c.digits(1, "day of week")? } else { 1 };
        return week_date(year, week, dow)
            .ok_or_else(|| TemporalError(format!("cannot parse '{}' as a date: week {week}, day {dow} of {year} does not exist", c.text)));
    }
    let run = c.digit_run();
    if run == 3 || (run == 7 && !extended) {
        let ord = c.digits(3, "day of year")?;
        check(ord >= 1 && ord <= i64::from(civil::days_in_year(year)), c, "invalid day of year")?;
        return Ok(Date(civil::days_from_civil(year, 1, 1) + ord - 1));
    }
    let month = c.digits(2, "month")?;
    let day = if extended {
        if c.eat(b'-') { c.digits(2, "day")? } else { 1 }
    } else if c.digit_run() >= 2 {
        c.digits(2, "day")?
    } else {
        1
    };
    calendar_date(year, month, day)
        .ok_or_else(|| TemporalError(format!("cannot parse '{}' as a date: {year}-{month:02}-{day:02} does not exist", c.text)))
}

/// A calendar date when the month and day exist.
pub fn calendar_date(year: i64, month: i64, day: i64) -> Option<Date> {
    if !(1..=12).contains(&month) {
        return None;
    }
    let m = month as u32;
    if day < 1 || day > i64::from(civil::days_in_month(year, m)) {
        return None;
    }
    Some(Date::from_ymd(year, m, day as u32))
}

/// The date of ISO week `week`, day `dow` (1 = Monday) of `week_year`.
pub fn week_date(week_year: i64, week: i64, dow: i64) -> Option<Date> {
    if week < 1 || week > i64::from(civil::weeks_in_year(week_year)) || !(1..=7).contains(&dow) {
        return None;
    }
    Some(Date(civil::week_one_monday(week_year) + (week - 1) * 7 + dow - 1))
}

fn local_time(c: &mut Cursor<'_>) -> Result<LocalTime> {
    let h = c.digits(2, "hour")?;
    let mut m = 0;
    let mut s = 0;
    let mut nano = 0;
    let extended = c.peek() == Some(b':');
    let more = |c: &mut Cursor<'_>| if extended { c.eat(b':') } else { c.digit_run() >= 2 };
    if more(c) {
        m = c.digits(2, "minute")?;
        if more(c) {
            s = c.digits(2, "second")?;
            if c.eat(b'.') || c.eat(b',') {
                let n = c.digit_run();
                check((1..=9).contains(&n), c, "expected 1 to 9 digits of a fraction of a second")?;
                nano = c.digits(n, "fraction")? * 10i64.pow((9 - n) as u32);
            }
        }
    }
    if h >= 24 || m >= 60 || s >= 60 {
        return Err(TemporalError(format!("cannot parse '{}' as a time: {h:02}:{m:02}:{s:02} does not exist", c.text)));
    }
    Ok(LocalTime::from_hms_nano(h, m, s, nano))
}

/// An offset and/or a bracketed zone after a time; `None` for each that is absent.
fn zone_part(c: &mut Cursor<'_>) -> Result<(Option<i32>, Option<Zone>)> {
    let offset = match c.peek() {
        Some(b'Z') => {
            c.pos += 1;
            Some(0)
        }
        Some(sign @ (b'+' | b'-')) => {
            c.pos += 1;
            let h = c.digits(2, "offset hours")?;
            let extended = c.eat(b':');
            let m = if extended || c.digit_run() >= 2 { c.digits(2, "offset minutes")? } else { 0 };
            let s = if (extended && c.eat(b':')) || (!extended && c.digit_run() >= 2) { c.digits(2, "offset seconds")? } else { 0 };
            let total = (h * 3600 + m * 60 + s) as i32;
            check(m < 60 && s < 60 && total <= MAX_OFFSET, c, "invalid offset")?;
            Some(if sign == b'-' { -total } else { total })
        }
        _ => None,
    };
    let zone = if c.eat(b'[') {
        let start = c.pos;
        while c.peek().is_some_and(|b| b != b']') {
            c.pos += 1;
        }
        let name = &c.text[start..c.pos];
        check(c.eat(b']'), c, "expected ']' after the zone name")?;
        Some(Zone::named(name).ok_or_else(|| TemporalError(format!("unknown time zone '{name}'")))?)
    } else {
        None
    };
    Ok((offset, zone))
}

pub fn parse_date(text: &str) -> Result<Date> {
    let mut c = Cursor::new(text.trim());
    let d = date(&mut c)?;
    c.end()?;
    Ok(d)
}

pub fn parse_local_time(text: &str) -> Result<LocalTime> {
    let mut c = Cursor::new(text.trim());
    let t = local_time(&mut c)?;
    c.end()?;
    Ok(t)
}

/// A time; without an offset it is at `default_offset`.
pub fn parse_time(text: &str, default_offset: i32) -> Result<Time> {
    let mut c = Cursor::new(text.trim());
    let time = local_time(&mut c)?;
    let (offset, zone) = zone_part(&mut c)?;
    c.end()?;
    let offset = match (offset, zone) {
        (Some(o), _) => o,
        (None, Some(z)) => z.offset_at(0),
        (None, None) => default_offset,
    };
    Ok(Time { time, offset })
}

fn local_date_time(c: &mut Cursor<'_>) -> Result<LocalDateTime> {
    let date = date(c)?;
    let time = if c.eat(b'T') { local_time(c)? } else { LocalTime(0) };
    Ok(LocalDateTime { date, time })
}

pub fn parse_local_datetime(text: &str) -> Result<LocalDateTime> {
    let mut c = Cursor::new(text.trim());
    let v = local_date_time(&mut c)?;
    c.end()?;
    Ok(v)
}

/// A date-time; without offset or zone it is in `default` (a fixed offset or a zone).
pub fn parse_datetime(text: &str, default: (i32, Option<Zone>)) -> Result<DateTime> {
    let mut c = Cursor::new(text.trim());
    let local = local_date_time(&mut c)?;
    let (offset, zone) = zone_part(&mut c)?;
    c.end()?;
    Ok(match (offset, zone, default) {
        (_, Some(z), _) => DateTime::in_zone(local, z),
        (Some(o), None, _) => DateTime::with_offset(local, o),
        (None, None, (_, Some(z))) => DateTime::in_zone(local, z),
        (None, None, (o, None)) => DateTime::with_offset(local, o),
    })
}

/// One number of a duration: its integer part and, when it had one, its fraction.
struct Num {
    int: i64,
    frac: Option<f64>,
    /// The fraction as nanoseconds, exact for up to 9 digits (for seconds).
    frac_nanos: i64,
}

fn number(c: &mut Cursor<'_>) -> Result<Num> {
    let neg = c.eat(b'-');
    if !neg {
        c.eat(b'+');
    }
    let n = c.digit_run();
    check(n > 0 && n <= 18, c, "expected a number")?;
    let int = c.digits(n, "number")?;
    let (mut frac, mut frac_nanos) = (None, 0);
    if c.eat(b'.') || c.eat(b',') {
        let start = c.pos;
        let n = c.digit_run();
        check(n > 0, c, "expected digits after the decimal point")?;
        let digits = &c.text[start..start + n];
        c.pos += n;
        frac = format!("0.{digits}").parse::<f64>().ok();
        let nine: String = digits.chars().chain(std::iter::repeat('0')).take(9).collect();
        frac_nanos = nine.parse::<i64>().unwrap_or(0);
    }
    let sign = if neg { -1 } else { 1 };
    Ok(Num { int: sign * int, frac: frac.map(|f| f * sign as f64), frac_nanos: sign * frac_nanos })
}

pub fn parse_duration(text: &str) -> Result<Duration> {
    let t = text.trim();
    let mut c = Cursor::new(t);
    let negate = c.eat(b'-');
    check(c.eat(b'P') || c.eat(b'p'), &c, "a duration starts with 'P'")?;
    let d = if c.s.get(c.pos..c.pos + 5).is_some_and(|w| w[..4].iter().all(u8::is_ascii_digit) && w[4] == b'-') {
        alternative_duration(&mut c)?
    } else {
        unit_duration(&mut c)?
    };
    c.end()?;
    if negate { super::arith::negate(d) } else { Ok(d) }
}

fn alternative_duration(c: &mut Cursor<'_>) -> Result<Duration> {
    let ldt = local_date_time(c)?;
    let (y, m, d) = ldt.date.ymd();
    let t = ldt.time;
    Ok(Duration::new(y * 12 + i64::from(m), i64::from(d), t.0 / NANOS_PER_SECOND, t.nano()))
}

fn unit_duration(c: &mut Cursor<'_>) -> Result<Duration> {
    // months, days, seconds as floats, plus exact integer sums and nanoseconds
    let (mut fm, mut fd, mut fs) = (0f64, 0f64, 0f64);
    let (mut im, mut id, mut is, mut nanos) = (0i64, 0i64, 0i64, 0i64);
    let mut fractional = false;
    let mut in_time = false;
    let mut any = false;
    while !c.done() {
        if c.eat(b'T') {
            check(!in_time, c, "a second 'T'")?;
            in_time = true;
            continue;
        }
        let n = number(c)?;
        let unit = c.peek().ok_or_else(|| c.error("expected a unit after the number"))?;
        c.pos += 1;
        let value = n.int as f64 + n.frac.unwrap_or(0.0);
        let (mult, target): (i64, u8) = match (in_time, unit.to_ascii_uppercase()) {
            (false, b'Y') => (12, b'm'),
            (false, b'M') => (1, b'm'),
            (false, b'W') => (7, b'd'),
            (false, b'D') => (1, b'd'),
            (true, b'H') => (3600, b's'),
            (true, b'M') => (60, b's'),
            (true, b'S') => (1, b'S'),
            _ => return Err(c.error("unknown duration unit")),
        };
        any = true;
        match target {
            b'm' => {
                fm += value * mult as f64;
                im = im.saturating_add(n.int.saturating_mul(mult));
            }
            b'd' => {
                fd += value * mult as f64;
                id = id.saturating_add(n.int.saturating_mul(mult));
            }
            b's' => {
                fs += value * mult as f64;
                is = is.saturating_add(n.int.saturating_mul(mult));
            }
            _ => {
                fs += n.int as f64;
                is = is.saturating_add(n.int);
                nanos += n.frac_nanos;
                continue;
            }
        }
        fractional |= n.frac.is_some();
    }
    check(any, c, "expected at least one component")?;
    if fractional { Ok(approximate(fm, fd, fs, nanos as f64)) } else { Ok(Duration::new(im, id, is, nanos)) }
}

/// Parses text as the temporal type `kind` names ("date", "time", ...).
pub fn parse_as(kind: &str, text: &str, default: (i32, Option<Zone>)) -> Result<Temporal> {
    Ok(match kind {
        "date" => Temporal::Date(parse_date(text)?),
        "localtime" => Temporal::LocalTime(parse_local_time(text)?),
        "time" => Temporal::Time(parse_time(text, default.0)?),
        "localdatetime" => Temporal::LocalDateTime(parse_local_datetime(text)?),
        "datetime" => Temporal::DateTime(parse_datetime(text, default)?),
        _ => Temporal::Duration(parse_duration(text)?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(kind: &str, text: &str) -> String {
        parse_as(kind, text, (0, None)).map(|t| t.to_string()).unwrap_or_else(|e| e.0)
    }

    #[test]
    fn dates_in_every_form() {
        assert_eq!(s("date", "2015W302"), "2015-07-21");
        assert_eq!(s("date", "2015-202"), "2015-07-21");
        assert_eq!(s("date", "201507"), "2015-07-01");
        assert_eq!(s("date", "2015-W30"), "2015-07-20");
        assert_eq!(s("date", "+999999999-12-31"), "+999999999-12-31");
    }

    #[test]
    fn times_and_zones() {
        assert_eq!(s("time", "2140-02"), "21:40-02:00");
        assert_eq!(s("time", "214032.142Z"), "21:40:32.142Z");
        assert_eq!(s("datetime", "2015-W30T2140-00:00"), "2015-07-20T21:40Z");
        assert_eq!(s("datetime", "1818-07-21T21:40:32.142[Europe/Stockholm]"), "1818-07-21T21:40:32.142+00:53:28[Europe/Stockholm]");
    }

    #[test]
    fn durations() {
        assert_eq!(s("duration", "P5M1.5D"), "P5M1DT12H");
        assert_eq!(s("duration", "PT0.75M"), "PT45S");
        assert_eq!(s("duration", "P2012-02-02T14:37:21.545"), "P2012Y2M2DT14H37M21.545S");
        assert_eq!(s("duration", "P12Y5M14DT16H12M70S"), "P12Y5M14DT16H13M10S");
    }

    #[test]
    fn every_prefix_parses_or_errors_and_results_round_trip() {
        let samples = [
            "2015-W30-2T21:40:32.142+01:00[Europe/Stockholm]",
            "+999999999-12-31T23:59:59.999999999-18:00",
            "2015202T21+18:00",
            "P12Y5M14DT16H12M70.5S",
            "P2012-02-02T14:37:21.545",
            "-P1W-2DT-3.25H",
        ];
        for sample in samples {
            for end in 0..=sample.len() {
                let text = &sample[..end];
                for kind in ["date", "localtime", "time", "localdatetime", "datetime", "duration"] {
                    if let Ok(v) = parse_as(kind, text, (0, None)) {
                        assert_eq!(parse_as(kind, &v.to_string(), (0, None)), Ok(v), "{kind}('{text}')");
                    }
                }
            }
        }
    }
}
