//! The temporal functions of the language, over query values: `date()`, `localtime()`,
//! `time()`, `localdatetime()`, `datetime()` and `duration()` from a map, a string or another
//! temporal value (with no argument, the current instant in UTC); `datetime.fromepoch`;
//! `duration.between` and friends. Component access (`d.year`) is in [`access`], truncation
//! (`date.truncate(...)`) in [`truncate`]. The calendar and zone rules live in
//! [`crate::temporal`].

pub mod access;
mod fields;
pub mod truncate;

use std::cell::Cell;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::error::ExecError;
use crate::store::Graph;
use crate::temporal::arith::{self, Between};
use crate::temporal::parse::parse_as;
use crate::temporal::{DateTime, NANOS_PER_SECOND, Temporal, TemporalError, Time};
use crate::value::{Map, Value};

pub use fields::Kind;

pub(crate) fn err(e: TemporalError) -> ExecError {
    ExecError::argument("InvalidArgumentValue", e.0)
}

pub(crate) fn bad(message: String) -> ExecError {
    ExecError::argument("InvalidArgumentValue", message)
}

fn system_now() -> (i64, i64) {
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(d) => (i64::try_from(d.as_secs()).unwrap_or(0), i64::from(d.subsec_nanos())),
        Err(_) => (0, 0),
    }
}

thread_local! {
    /// The instant the running statement started: every `date()`, `time()`, ... without
    /// arguments in one statement sees the same clock.
    static STATEMENT_CLOCK: Cell<Option<(i64, i64)>> = const { Cell::new(None) };
}

/// Reads the clock for a statement that starts now (called when its context is made).
pub fn start_statement_clock() {
    STATEMENT_CLOCK.with(|c| c.set(Some(system_now())));
}

/// The current instant (seconds, nanoseconds since 1970-01-01T00:00Z): the running
/// statement's clock.
pub(crate) fn now() -> (i64, i64) {
    STATEMENT_CLOCK.with(|c| c.get()).unwrap_or_else(system_now)
}

/// The current date-time in UTC, converted to `kind`.
fn current(kind: Kind, zone: Option<fields::ZoneSpec>) -> Temporal {
    let (s, n) = now();
    let dt = match zone {
        Some(z) => z.at_instant(s, n),
        None => DateTime::at_instant_with_offset(s, n, 0),
    };
    fields::convert(kind, Temporal::DateTime(dt))
}

fn construct(kind: Kind, args: &[Value]) -> Result<Value, ExecError> {
    let Some(arg) = args.first() else { return Ok(Value::temporal(current(kind, None))) };
    Ok(match arg {
        Value::Null => Value::Null,
        Value::String(s) => Value::temporal(parse_as(kind.name(), s, (0, None)).map_err(err)?),
        Value::Temporal(t) if kind == Kind::Duration => match **t {
            Temporal::Duration(_) => Value::Temporal(t.clone()),
            other => return Err(bad(format!("duration() cannot convert a {} into a Duration", other.type_name()))),
        },
        Value::Temporal(t) => Value::temporal(fields::convert_checked(kind, **t)?),
        Value::Map(m) if kind == Kind::Duration => Value::temporal(Temporal::Duration(fields::duration_from_map(m)?)),
        Value::Map(m) if m.len() == 1 && m.contains_key("timezone") => {
            Value::temporal(current(kind, Some(fields::zone_spec(m.get("timezone").unwrap_or(&Value::Null))?)))
        }
        Value::Map(m) => Value::temporal(fields::build(kind, m)?.checked().map_err(err)?),
        other => {
            return Err(ExecError::type_error(
                "InvalidArgumentType",
                format!("{}() needs a map, a string or a temporal value, not {}", kind.name(), other.value_type()),
            ));
        }
    })
}

pub fn f_date(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    construct(Kind::Date, args)
}
pub fn f_localtime(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    construct(Kind::LocalTime, args)
}
pub fn f_time(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    construct(Kind::Time, args)
}
pub fn f_localdatetime(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    construct(Kind::LocalDateTime, args)
}
pub fn f_datetime(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    construct(Kind::DateTime, args)
}
pub fn f_duration(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    construct(Kind::Duration, args)
}

/// `date.statement([timezone])` and the other clock functions: the current value of
/// `kind`, in UTC or in the given zone.
fn current_in(kind: Kind, args: &[Value]) -> Result<Value, ExecError> {
    match args.first() {
        None => Ok(Value::temporal(current(kind, None))),
        Some(Value::Null) => Ok(Value::Null),
        Some(tz) => Ok(Value::temporal(current(kind, Some(fields::zone_spec(tz)?)))),
    }
}

pub fn f_now_date(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    current_in(Kind::Date, args)
}
pub fn f_now_localtime(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    current_in(Kind::LocalTime, args)
}
pub fn f_now_time(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    current_in(Kind::Time, args)
}
pub fn f_now_localdatetime(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    current_in(Kind::LocalDateTime, args)
}
pub fn f_now_datetime(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    current_in(Kind::DateTime, args)
}

fn int(v: &Value, fname: &str) -> Result<i64, ExecError> {
    match v {
        Value::Int(i) => Ok(*i),
        Value::Float(f) if f.fract() == 0.0 && f.abs() < 9e18 => Ok(*f as i64),
        other => Err(ExecError::type_error("InvalidArgumentType", format!("{fname}() needs integers, not {}", other.value_type()))),
    }
}

/// `datetime.fromepoch(seconds, nanoseconds)`.
pub fn f_from_epoch(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    if args.iter().any(Value::is_null) {
        return Ok(Value::Null);
    }
    let s = int(&args[0], "datetime.fromepoch")?;
    let n = int(&args[1], "datetime.fromepoch")?;
    let total = i128::from(s) * i128::from(NANOS_PER_SECOND) + i128::from(n);
    let per = i128::from(NANOS_PER_SECOND);
    let secs = i64::try_from(total.div_euclid(per)).map_err(|_| bad("the epoch instant is out of range".to_owned()))?;
    let dt = DateTime::at_instant_with_offset(secs, total.rem_euclid(per) as i64, 0);
    Ok(Value::temporal(Temporal::DateTime(dt).checked().map_err(err)?))
}

/// `datetime.fromepochmillis(milliseconds)`.
pub fn f_from_epoch_millis(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    if args[0].is_null() {
        return Ok(Value::Null);
    }
    let ms = int(&args[0], "datetime.fromepochmillis")?;
    let dt = DateTime::at_instant_with_offset(ms.div_euclid(1000), ms.rem_euclid(1000) * 1_000_000, 0);
    Ok(Value::temporal(Temporal::DateTime(dt).checked().map_err(err)?))
}

fn between(args: &[Value], what: Between, fname: &str) -> Result<Value, ExecError> {
    match (&args[0], &args[1]) {
        (Value::Null, _) | (_, Value::Null) => Ok(Value::Null),
        (Value::Temporal(a), Value::Temporal(b)) => match arith::between(**a, **b, what) {
            Some(d) => Ok(Value::temporal(Temporal::Duration(d))),
            None => Err(bad(format!("{fname}() needs two instants (dates, times or date-times), not durations"))),
        },
        (a, b) => Err(ExecError::type_error(
            "InvalidArgumentType",
            format!("{fname}() needs two temporal values, not {} and {}", a.value_type(), b.value_type()),
        )),
    }
}

pub fn f_between(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    between(args, Between::All, "duration.between")
}
pub fn f_in_months(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    between(args, Between::Months, "duration.inMonths")
}
pub fn f_in_days(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    between(args, Between::Days, "duration.inDays")
}
pub fn f_in_seconds(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    between(args, Between::Seconds, "duration.inSeconds")
}

/// The duration a value holds, if it is one.
fn duration_of(v: &Value) -> Option<crate::temporal::Duration> {
    match v {
        Value::Temporal(t) => match **t {
            Temporal::Duration(d) => Some(d),
            _ => None,
        },
        _ => None,
    }
}

/// `a + b` when either side is temporal; `None` when neither is.
pub fn add(a: &Value, b: &Value) -> Option<Result<Value, ExecError>> {
    let (Value::Temporal(x), Value::Temporal(y)) = (a, b) else { return None };
    let (t, d) = match (**x, **y) {
        (t, Temporal::Duration(d)) => (t, d),
        (Temporal::Duration(d), t) => (t, d),
        _ => return None,
    };
    let out = match t {
        Temporal::Duration(x) => arith::add_durations(x, d).map(Temporal::Duration).map_err(err),
        _ => arith::plus(t, d).map_err(err),
    };
    Some(out.map(Value::temporal))
}

/// `a - b` when either side is temporal.
pub fn sub(a: &Value, b: &Value) -> Option<Result<Value, ExecError>> {
    let (Value::Temporal(t), Some(d)) = (a, duration_of(b)) else { return None };
    let neg = match arith::negate(d) {
        Ok(n) => n,
        Err(e) => return Some(Err(err(e))),
    };
    Some(match **t {
        Temporal::Duration(x) => arith::add_durations(x, neg).map(|d| Value::temporal(Temporal::Duration(d))).map_err(err),
        t => arith::plus(t, neg).map(Value::temporal).map_err(err),
    })
}

/// `-duration`.
pub fn neg(a: &Value) -> Option<Result<Value, ExecError>> {
    let d = duration_of(a)?;
    Some(arith::negate(d).map(|d| Value::temporal(Temporal::Duration(d))).map_err(err))
}

/// `duration * number` (either order).
pub fn mul(a: &Value, b: &Value) -> Option<Result<Value, ExecError>> {
    let (d, n) = match (duration_of(a), duration_of(b)) {
        (Some(d), _) => (d, b),
        (None, Some(d)) => (d, a),
        _ => return None,
    };
    let r = match n {
        Value::Int(i) => arith::scale_int(d, *i),
        Value::Float(f) => arith::scale(d, *f),
        _ => return None,
    };
    Some(r.map(|d| Value::temporal(Temporal::Duration(d))).map_err(err))
}

/// `duration / number`.
pub fn div(a: &Value, b: &Value) -> Option<Result<Value, ExecError>> {
    let d = duration_of(a)?;
    let f = b.as_f64()?;
    Some(arith::divide(d, f).map(|d| Value::temporal(Temporal::Duration(d))).map_err(err))
}

pub(crate) fn time_with_offset(t: Temporal) -> Option<Time> {
    match t {
        Temporal::Time(t) => Some(t),
        Temporal::DateTime(d) => Some(Time { time: d.local.time, offset: d.offset }),
        _ => None,
    }
}

pub(crate) fn get<'a>(m: &'a Map, key: &str) -> Option<&'a Value> {
    m.get(key).filter(|v| !v.is_null())
}
