//! The function table: every built-in function of the language with its arity, a one-line
//! description, and (for scalar functions) its implementation, in one static array.
//!
//! Aggregate functions (`count`, `sum`, `collect`, ...) are listed so that the planner can
//! recognise them, but they are computed by the aggregation operator, not here.
//!
//! Conventions, following the openCypher TCK:
//! - a null argument gives a null result (except `coalesce`, `nullIf`, `valueType` and the
//!   functions without arguments);
//! - an argument of a type the function does not accept is a TypeError
//!   `InvalidArgumentValue` (TypeConversion1–4, Graph3 [9], Graph4 [6]);
//! - a number outside the accepted range is an ArgumentError `NumberOutOfRange` (List11 [4]);
//! - `range()` with a non-integer argument is an ArgumentError `InvalidArgumentType`
//!   (List11 [5]);
//! - reading labels, keys or properties of an entity deleted by the running statement is an
//!   EntityNotFound `DeletedEntityAccess` (Return2 [15]–[17]); its id, type and end nodes
//!   stay readable (Return2 [14]).
//!
//! Strings are counted in Unicode code points (`size`, `substring`, `left`, `right`).

use std::cell::Cell;
use std::collections::HashMap;
use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::{Arc, OnceLock};
use std::time::{SystemTime, UNIX_EPOCH};

use super::operators::{node_rec, number_text, rel_rec, type_phrase};
use super::temporal as tv;
use crate::error::{Category, ExecError};
use crate::store::Graph;
use crate::value::{Map, Value};

type Imp = fn(&[Value], &Graph) -> Result<Value, ExecError>;

/// One built-in function.
#[derive(Clone, Copy, Debug)]
pub struct FunctionInfo {
    /// Canonical spelling (camelCase); lookups ignore case.
    pub name: &'static str,
    pub min_args: usize,
    /// `usize::MAX` for a variadic function.
    pub max_args: usize,
    /// Computed by the aggregation operator over groups of rows, not by [`call`].
    pub aggregate: bool,
    /// False for functions whose result may differ between two calls with the same
    /// arguments (`rand`, `randomUUID`, `timestamp`): never fold them into constants.
    pub deterministic: bool,
    /// How a call is written, e.g. `substring(string, start[, length])`.
    pub signature: &'static str,
    pub description: &'static str,
    imp: Option<Imp>,
}

impl FunctionInfo {
    /// Calls a scalar function after checking the number of arguments.
    pub fn call(&self, args: &[Value], graph: &Graph) -> Result<Value, ExecError> {
        if args.len() < self.min_args || args.len() > self.max_args {
            return Err(ExecError::new(
                Category::SyntaxError,
                "InvalidNumberOfArguments",
                format!("{}() takes {}, but was given {}", self.name, self.arity_text(), args.len()),
            ));
        }
        match self.imp {
            Some(f) => f(args, graph),
            None => Err(ExecError::new(
                Category::SyntaxError,
                "InvalidAggregation",
                format!("the aggregate function {}() cannot be used here", self.name),
            )),
        }
    }

    /// "1 argument", "1 or 2 arguments", "at least 1 argument", ...
    pub fn arity_text(&self) -> String {
        let plural = |n: usize| if n == 1 { "argument" } else { "arguments" };
        match (self.min_args, self.max_args) {
            (a, b) if a == b => format!("{a} {}", plural(a)),
            (a, usize::MAX) => format!("at least {a} {}", plural(a)),
            (a, b) if b == a + 1 => format!("{a} or {b} {}", plural(b)),
            (a, b) => format!("{a} to {b} arguments"),
        }
    }
}

const fn scalar(
    name: &'static str,
    min_args: usize,
    max_args: usize,
    signature: &'static str,
    description: &'static str,
    imp: Imp,
) -> FunctionInfo {
    FunctionInfo { name, min_args, max_args, aggregate: false, deterministic: true, signature, description, imp: Some(imp) }
}

const fn volatile(name: &'static str, signature: &'static str, description: &'static str, imp: Imp) -> FunctionInfo {
    FunctionInfo { name, min_args: 0, max_args: 0, aggregate: false, deterministic: false, signature, description, imp: Some(imp) }
}

/// A temporal constructor: without arguments it reads the clock, so it is never folded.
const fn clock(
    name: &'static str,
    min_args: usize,
    max_args: usize,
    signature: &'static str,
    description: &'static str,
    imp: Imp,
) -> FunctionInfo {
    FunctionInfo { name, min_args, max_args, aggregate: false, deterministic: false, signature, description, imp: Some(imp) }
}

const fn aggregate(name: &'static str, args: usize, signature: &'static str, description: &'static str) -> FunctionInfo {
    FunctionInfo { name, min_args: args, max_args: args, aggregate: true, deterministic: true, signature, description, imp: None }
}

const VARIADIC: usize = usize::MAX;

/// Longest list `range()` builds.
pub const MAX_RANGE_LEN: usize = 10_000_000;

static FUNCTIONS: &[FunctionInfo] = &[
    // ----- aggregates (computed by the aggregation operator) -----
    aggregate("count", 1, "count(expression) | count(*)", "Number of non-null values (or of rows, with *)"),
    aggregate("sum", 1, "sum(number)", "Sum of the non-null numbers"),
    aggregate("avg", 1, "avg(number)", "Average of the non-null numbers"),
    aggregate("min", 1, "min(value)", "Smallest non-null value"),
    aggregate("max", 1, "max(value)", "Largest non-null value"),
    aggregate("collect", 1, "collect(value)", "List of the non-null values"),
    aggregate("stDev", 1, "stDev(number)", "Sample standard deviation"),
    aggregate("stDevP", 1, "stDevP(number)", "Population standard deviation"),
    aggregate("percentileDisc", 2, "percentileDisc(number, percentile)", "Percentile, as one of the values"),
    aggregate("percentileCont", 2, "percentileCont(number, percentile)", "Percentile, interpolated between values"),
    // ----- scalar -----
    scalar("coalesce", 1, VARIADIC, "coalesce(value, ...)", "First argument that is not null", f_coalesce),
    scalar("nullIf", 2, 2, "nullIf(value, other)", "Null when the two are equal, else the first", f_null_if),
    scalar("head", 1, 1, "head(list)", "First element of a list", f_head),
    scalar("last", 1, 1, "last(list)", "Last element of a list", f_last),
    scalar("size", 1, 1, "size(list | string)", "Number of elements of a list or characters of a string", f_size),
    scalar("length", 1, 1, "length(path)", "Number of relationships of a path", f_length),
    scalar("char_length", 1, 1, "char_length(string)", "Number of characters of a string", f_char_length),
    scalar("character_length", 1, 1, "character_length(string)", "Number of characters of a string", f_char_length),
    scalar("isEmpty", 1, 1, "isEmpty(list | string | map)", "Whether a list, string or map is empty", f_is_empty),
    scalar("id", 1, 1, "id(node | relationship)", "Id of a node or relationship", f_id),
    scalar("elementId", 1, 1, "elementId(node | relationship)", "Id of a node or relationship, as a string", f_element_id),
    scalar("type", 1, 1, "type(relationship)", "Type of a relationship", f_type),
    scalar("startNode", 1, 1, "startNode(relationship)", "Start node of a relationship", f_start_node),
    scalar("endNode", 1, 1, "endNode(relationship)", "End node of a relationship", f_end_node),
    scalar("labels", 1, 1, "labels(node)", "Labels of a node", f_labels),
    scalar("keys", 1, 1, "keys(node | relationship | map)", "Property keys of an entity, or keys of a map", f_keys),
    scalar("properties", 1, 1, "properties(node | relationship | map)", "Properties of an entity as a map", f_properties),
    scalar("nodes", 1, 1, "nodes(path)", "Nodes of a path", f_nodes),
    scalar("relationships", 1, 1, "relationships(path)", "Relationships of a path", f_relationships),
    scalar("valueType", 1, 1, "valueType(value)", "Name of the type of a value, e.g. 'INTEGER NOT NULL'", f_value_type),
    // ----- conversion -----
    scalar(
        "toBoolean",
        1,
        1,
        "toBoolean(value)",
        "Boolean from a boolean, string or integer; null when a string is not a boolean",
        f_to_boolean,
    ),
    scalar("toBooleanOrNull", 1, 1, "toBooleanOrNull(value)", "Like toBoolean, but null for any other type", f_to_boolean_or_null),
    scalar(
        "toInteger",
        1,
        1,
        "toInteger(value)",
        "Integer from a number, string or boolean; null when a string is not a number",
        f_to_integer,
    ),
    scalar("toIntegerOrNull", 1, 1, "toIntegerOrNull(value)", "Like toInteger, but null for any other type", f_to_integer_or_null),
    scalar("toFloat", 1, 1, "toFloat(value)", "Float from a number or string; null when a string is not a number", f_to_float),
    scalar("toFloatOrNull", 1, 1, "toFloatOrNull(value)", "Like toFloat, but null for any other type", f_to_float_or_null),
    scalar("toString", 1, 1, "toString(value)", "String form of a number, boolean, string or temporal value", f_to_string),
    scalar("toStringOrNull", 1, 1, "toStringOrNull(value)", "Like toString, but null for any other type", f_to_string_or_null),
    scalar("toBooleanList", 1, 1, "toBooleanList(list)", "toBooleanOrNull of every element", f_to_boolean_list),
    scalar("toIntegerList", 1, 1, "toIntegerList(list)", "toIntegerOrNull of every element", f_to_integer_list),
    scalar("toFloatList", 1, 1, "toFloatList(list)", "toFloatOrNull of every element", f_to_float_list),
    scalar("toStringList", 1, 1, "toStringList(list)", "toStringOrNull of every element", f_to_string_list),
    // ----- lists -----
    scalar("range", 2, 3, "range(start, end[, step])", "Integers from start to end inclusive, by step", f_range),
    scalar("reverse", 1, 1, "reverse(list | string)", "Elements or characters in reverse order", f_reverse),
    scalar("tail", 1, 1, "tail(list)", "All elements but the first", f_tail),
    // ----- strings -----
    scalar("left", 2, 2, "left(string, length)", "First characters of a string", f_left),
    scalar("right", 2, 2, "right(string, length)", "Last characters of a string", f_right),
    scalar("substring", 2, 3, "substring(string, start[, length])", "Part of a string, from a 0-based character position", f_substring),
    scalar("toUpper", 1, 1, "toUpper(string)", "String in upper case", f_upper),
    scalar("toLower", 1, 1, "toLower(string)", "String in lower case", f_lower),
    scalar("upper", 1, 1, "upper(string)", "String in upper case", f_upper),
    scalar("lower", 1, 1, "lower(string)", "String in lower case", f_lower),
    scalar(
        "normalize",
        1,
        2,
        "normalize(string[, NFC | NFD | NFKC | NFKD])",
        "String in a Unicode normal form (NFC by default)",
        f_normalize,
    ),
    scalar("trim", 1, 1, "trim(string)", "String without leading and trailing whitespace", f_trim),
    scalar("ltrim", 1, 2, "ltrim(string[, characters])", "String without leading whitespace (or the given characters)", f_ltrim),
    scalar("rtrim", 1, 2, "rtrim(string[, characters])", "String without trailing whitespace (or the given characters)", f_rtrim),
    scalar(
        "btrim",
        1,
        2,
        "btrim(string[, characters])",
        "String without leading and trailing whitespace (or the given characters)",
        f_btrim,
    ),
    scalar("replace", 3, 3, "replace(string, search, replacement)", "String with every occurrence of search replaced", f_replace),
    scalar("split", 2, 2, "split(string, delimiter | delimiters)", "Parts of a string between delimiters", f_split),
    // ----- mathematics -----
    scalar("abs", 1, 1, "abs(number)", "Absolute value", f_abs),
    scalar("ceil", 1, 1, "ceil(number)", "Smallest integral float not below the number", f_ceil),
    scalar("floor", 1, 1, "floor(number)", "Largest integral float not above the number", f_floor),
    scalar("round", 1, 3, "round(number[, precision[, mode]])", "Number rounded (half up), optionally to a number of decimals", f_round),
    scalar("sign", 1, 1, "sign(number)", "-1, 0 or 1", f_sign),
    scalar("sqrt", 1, 1, "sqrt(number)", "Square root", f_sqrt),
    scalar("exp", 1, 1, "exp(number)", "e raised to the number", f_exp),
    scalar("log", 1, 1, "log(number)", "Natural logarithm", f_log),
    scalar("log10", 1, 1, "log10(number)", "Base-10 logarithm", f_log10),
    scalar("e", 0, 0, "e()", "Euler's number", f_e),
    scalar("pi", 0, 0, "pi()", "The number π", f_pi),
    volatile("rand", "rand()", "Random float in [0, 1)", f_rand),
    scalar("sin", 1, 1, "sin(radians)", "Sine", f_sin),
    scalar("cos", 1, 1, "cos(radians)", "Cosine", f_cos),
    scalar("tan", 1, 1, "tan(radians)", "Tangent", f_tan),
    scalar("cot", 1, 1, "cot(radians)", "Cotangent", f_cot),
    scalar("sinh", 1, 1, "sinh(number)", "Hyperbolic sine", f_sinh),
    scalar("cosh", 1, 1, "cosh(number)", "Hyperbolic cosine", f_cosh),
    scalar("tanh", 1, 1, "tanh(number)", "Hyperbolic tangent", f_tanh),
    scalar("coth", 1, 1, "coth(number)", "Hyperbolic cotangent", f_coth),
    scalar("asin", 1, 1, "asin(number)", "Arcsine, in radians", f_asin),
    scalar("acos", 1, 1, "acos(number)", "Arccosine, in radians", f_acos),
    scalar("atan", 1, 1, "atan(number)", "Arctangent, in radians", f_atan),
    scalar("atan2", 2, 2, "atan2(y, x)", "Angle of the point (x, y), in radians", f_atan2),
    scalar("degrees", 1, 1, "degrees(radians)", "Radians converted to degrees", f_degrees),
    scalar("radians", 1, 1, "radians(degrees)", "Degrees converted to radians", f_radians),
    scalar("haversin", 1, 1, "haversin(radians)", "Half of the versine", f_haversin),
    scalar("isNaN", 1, 1, "isNaN(number)", "Whether a number is NaN", f_is_nan),
    // ----- temporal -----
    clock("date", 0, 1, "date([map | string | temporal])", "A date; the current date without argument", tv::f_date),
    clock("localtime", 0, 1, "localtime([map | string | temporal])", "A time without offset", tv::f_localtime),
    clock("time", 0, 1, "time([map | string | temporal])", "A time with an offset", tv::f_time),
    clock("localdatetime", 0, 1, "localdatetime([map | string | temporal])", "A date-time without zone", tv::f_localdatetime),
    clock("datetime", 0, 1, "datetime([map | string | temporal])", "A date-time with an offset or zone", tv::f_datetime),
    scalar("duration", 1, 1, "duration(map | string)", "An amount of months, days, seconds and nanoseconds", tv::f_duration),
    clock("date.statement", 0, 1, "date.statement([timezone])", "The current date", tv::f_now_date),
    clock("date.transaction", 0, 1, "date.transaction([timezone])", "The current date", tv::f_now_date),
    clock("date.realtime", 0, 1, "date.realtime([timezone])", "The current date", tv::f_now_date),
    clock("localtime.statement", 0, 1, "localtime.statement([timezone])", "The current local time", tv::f_now_localtime),
    clock("localtime.transaction", 0, 1, "localtime.transaction([timezone])", "The current local time", tv::f_now_localtime),
    clock("localtime.realtime", 0, 1, "localtime.realtime([timezone])", "The current local time", tv::f_now_localtime),
    clock("time.statement", 0, 1, "time.statement([timezone])", "The current time", tv::f_now_time),
    clock("time.transaction", 0, 1, "time.transaction([timezone])", "The current time", tv::f_now_time),
    clock("time.realtime", 0, 1, "time.realtime([timezone])", "The current time", tv::f_now_time),
    clock("localdatetime.statement", 0, 1, "localdatetime.statement([timezone])", "The current local date-time", tv::f_now_localdatetime),
    clock(
        "localdatetime.transaction",
        0,
        1,
        "localdatetime.transaction([timezone])",
        "The current local date-time",
        tv::f_now_localdatetime,
    ),
    clock("localdatetime.realtime", 0, 1, "localdatetime.realtime([timezone])", "The current local date-time", tv::f_now_localdatetime),
    clock("datetime.statement", 0, 1, "datetime.statement([timezone])", "The current date-time", tv::f_now_datetime),
    clock("datetime.transaction", 0, 1, "datetime.transaction([timezone])", "The current date-time", tv::f_now_datetime),
    clock("datetime.realtime", 0, 1, "datetime.realtime([timezone])", "The current date-time", tv::f_now_datetime),
    scalar("date.truncate", 2, 3, "date.truncate(unit, temporal[, map])", "A date cut down to a unit", tv::truncate::f_date),
    scalar(
        "localtime.truncate",
        2,
        3,
        "localtime.truncate(unit, temporal[, map])",
        "A local time cut down to a unit",
        tv::truncate::f_localtime,
    ),
    scalar("time.truncate", 2, 3, "time.truncate(unit, temporal[, map])", "A time cut down to a unit", tv::truncate::f_time),
    scalar(
        "localdatetime.truncate",
        2,
        3,
        "localdatetime.truncate(unit, temporal[, map])",
        "A local date-time cut down to a unit",
        tv::truncate::f_localdatetime,
    ),
    scalar(
        "datetime.truncate",
        2,
        3,
        "datetime.truncate(unit, temporal[, map])",
        "A date-time cut down to a unit",
        tv::truncate::f_datetime,
    ),
    scalar(
        "datetime.fromepoch",
        2,
        2,
        "datetime.fromepoch(seconds, nanoseconds)",
        "The UTC date-time at an epoch instant",
        tv::f_from_epoch,
    ),
    scalar(
        "datetime.fromepochmillis",
        1,
        1,
        "datetime.fromepochmillis(milliseconds)",
        "The UTC date-time at an epoch instant in milliseconds",
        tv::f_from_epoch_millis,
    ),
    scalar("duration.between", 2, 2, "duration.between(from, to)", "The duration from one instant to another", tv::f_between),
    scalar("duration.inMonths", 2, 2, "duration.inMonths(from, to)", "Whole months from one instant to another", tv::f_in_months),
    scalar("duration.inDays", 2, 2, "duration.inDays(from, to)", "Whole days from one instant to another", tv::f_in_days),
    scalar("duration.inSeconds", 2, 2, "duration.inSeconds(from, to)", "Seconds from one instant to another", tv::f_in_seconds),
    // ----- other -----
    volatile("timestamp", "timestamp()", "Milliseconds since 1970-01-01 UTC", f_timestamp),
    volatile("randomUUID", "randomUUID()", "A random (version 4) UUID string", f_random_uuid),
];

fn by_lowercase_name() -> &'static HashMap<String, &'static FunctionInfo> {
    static INDEX: OnceLock<HashMap<String, &'static FunctionInfo>> = OnceLock::new();
    INDEX.get_or_init(|| FUNCTIONS.iter().map(|f| (f.name.to_ascii_lowercase(), f)).collect())
}

/// The function called `name`, ignoring case.
pub fn lookup(name: &str) -> Option<&'static FunctionInfo> {
    let index = by_lowercase_name();
    match index.get(name) {
        Some(f) => Some(f),
        None if name.bytes().any(|b| b.is_ascii_uppercase()) => index.get(&name.to_ascii_lowercase()).copied(),
        None => None,
    }
}

/// Every function, aggregates included, in table order.
pub fn all() -> &'static [FunctionInfo] {
    FUNCTIONS
}

/// Calls the scalar function `name_lowercase` (other spellings are accepted too).
pub fn call(name_lowercase: &str, args: &[Value], graph: &Graph) -> Result<Value, ExecError> {
    match lookup(name_lowercase) {
        Some(f) => f.call(args, graph),
        None => Err(ExecError::new(Category::SyntaxError, "UnknownFunction", unknown_message(name_lowercase))),
    }
}

/// "unknown function `lenght`; did you mean `length`?"
pub fn unknown_message(name: &str) -> String {
    match suggest(name) {
        Some(s) => format!("unknown function `{name}`; did you mean `{s}`?"),
        None => format!("unknown function `{name}`"),
    }
}

/// The known function closest to `name` (ignoring case), if it is close enough to be a
/// likely misspelling: edit distance (adjacent transpositions count one) at most 2, and at
/// most 1 for names of up to four characters. A name of four or more characters that begins
/// a known name (`toInt`, `substr`) is taken as an abbreviation of the shortest such name,
/// unless a name at edit distance 1 exists.
pub fn suggest(name: &str) -> Option<&'static str> {
    let wanted: Vec<char> = name.to_lowercase().chars().collect();
    let limit = match wanted.len() {
        0 | 1 => return None,
        2..=4 => 1,
        _ => 2,
    };
    let mut best: Option<(usize, &'static str)> = None;
    let mut prefix_of: Option<&'static str> = None;
    for f in FUNCTIONS {
        let cand: Vec<char> = f.name.to_lowercase().chars().collect();
        if wanted.len() >= 4 && cand.len() > wanted.len() && cand.starts_with(&wanted) && prefix_of.is_none_or(|p| p.len() > f.name.len()) {
            prefix_of = Some(f.name);
        }
        if cand.len().abs_diff(wanted.len()) > limit {
            continue;
        }
        let d = crate::suggest::distance(name, f.name);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, f.name));
        }
    }
    match (best, prefix_of) {
        (Some((d, n)), _) if d <= 1 => Some(n),
        (_, Some(p)) => Some(p),
        (b, None) => b.map(|(_, n)| n),
    }
}

// ----- helpers -----------------------------------------------------------------------------

/// TypeError `InvalidArgumentValue`: `fname` does not accept a value of this type.
fn invalid(fname: &str, arg: &Value, expected: &str) -> ExecError {
    ExecError::type_error("InvalidArgumentValue", format!("{fname}() expects {expected}, but got {}", type_phrase(arg.value_type())))
}

fn out_of_range(message: String) -> ExecError {
    ExecError::argument("NumberOutOfRange", message)
}

fn any_null(args: &[Value]) -> bool {
    args.iter().any(Value::is_null)
}

fn int_arg(fname: &str, v: &Value, what: &str) -> Result<i64, ExecError> {
    match v {
        Value::Int(i) => Ok(*i),
        other => Err(invalid(fname, other, &format!("an Integer {what}"))),
    }
}

fn str_arg<'a>(fname: &str, v: &'a Value, what: &str) -> Result<&'a str, ExecError> {
    match v {
        Value::String(s) => Ok(s),
        other => Err(invalid(fname, other, &format!("a String {what}"))),
    }
}

fn num_arg(fname: &str, v: &Value) -> Result<f64, ExecError> {
    v.as_f64().ok_or_else(|| invalid(fname, v, "a number"))
}

fn list_of(items: impl IntoIterator<Item = Value>) -> Value {
    Value::list(items.into_iter().collect())
}

fn names_list(graph: &Graph, syms: impl Iterator<Item = crate::store::Sym>) -> Value {
    list_of(syms.map(|s| Value::String(Arc::clone(graph.name(s)))))
}

/// Byte offset of the `n`th character of `s` (the length when `s` is shorter).
fn char_offset(s: &str, n: usize) -> usize {
    s.char_indices().nth(n).map_or(s.len(), |(i, _)| i)
}

/// A non-negative length or position argument.
fn count_arg(fname: &str, v: &Value, what: &str) -> Result<usize, ExecError> {
    let i = int_arg(fname, v, what)?;
    if i < 0 {
        return Err(out_of_range(format!("{fname}(): the {what} must not be negative, but was {i}")));
    }
    Ok(usize::try_from(i).unwrap_or(usize::MAX))
}

// ----- scalar functions --------------------------------------------------------------------

fn f_coalesce(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    Ok(args.iter().find(|v| !v.is_null()).cloned().unwrap_or(Value::Null))
}

fn f_null_if(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    Ok(if args[0].cypher_eq(&args[1]) == Some(true) { Value::Null } else { args[0].clone() })
}

fn f_head(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    match &args[0] {
        Value::Null => Ok(Value::Null),
        Value::List(l) => Ok(l.first().cloned().unwrap_or(Value::Null)),
        other => Err(invalid("head", other, "a List")),
    }
}

fn f_last(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    match &args[0] {
        Value::Null => Ok(Value::Null),
        Value::List(l) => Ok(l.last().cloned().unwrap_or(Value::Null)),
        other => Err(invalid("last", other, "a List")),
    }
}

fn f_size(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    match &args[0] {
        Value::Null => Ok(Value::Null),
        Value::List(l) => Ok(Value::Int(l.len() as i64)),
        Value::String(s) => Ok(Value::Int(s.chars().count() as i64)),
        other => Err(invalid("size", other, "a List or a String")),
    }
}

fn f_length(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    match &args[0] {
        Value::Null => Ok(Value::Null),
        Value::Path(p) => Ok(Value::Int(p.rels.len() as i64)),
        // Tolerated for compatibility with older Cypher: the same as size().
        Value::List(l) => Ok(Value::Int(l.len() as i64)),
        Value::String(s) => Ok(Value::Int(s.chars().count() as i64)),
        other => Err(invalid("length", other, "a Path")),
    }
}

fn f_char_length(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    match &args[0] {
        Value::Null => Ok(Value::Null),
        Value::String(s) => Ok(Value::Int(s.chars().count() as i64)),
        other => Err(invalid("char_length", other, "a String")),
    }
}

fn f_is_empty(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    match &args[0] {
        Value::Null => Ok(Value::Null),
        Value::List(l) => Ok(Value::Bool(l.is_empty())),
        Value::String(s) => Ok(Value::Bool(s.is_empty())),
        Value::Map(m) => Ok(Value::Bool(m.is_empty())),
        other => Err(invalid("isEmpty", other, "a List, a String or a Map")),
    }
}

fn f_id(args: &[Value], graph: &Graph) -> Result<Value, ExecError> {
    match &args[0] {
        Value::Null => Ok(Value::Null),
        Value::Node(n) => Ok(Value::Int(graph.node_public(*n) as i64)),
        Value::Rel(r) => Ok(Value::Int(graph.rel_public(*r) as i64)),
        other => Err(invalid("id", other, "a Node or a Relationship")),
    }
}

fn f_element_id(args: &[Value], graph: &Graph) -> Result<Value, ExecError> {
    match &args[0] {
        Value::Null => Ok(Value::Null),
        Value::Node(n) => Ok(Value::from(graph.node_public(*n).to_string())),
        Value::Rel(r) => Ok(Value::from(graph.rel_public(*r).to_string())),
        other => Err(invalid("elementId", other, "a Node or a Relationship")),
    }
}

fn f_type(args: &[Value], graph: &Graph) -> Result<Value, ExecError> {
    match &args[0] {
        Value::Null => Ok(Value::Null),
        // Also of a relationship deleted by this statement (Return2 [14]).
        Value::Rel(r) => match graph.rel_any(*r) {
            Some(rec) => Ok(Value::String(Arc::clone(graph.name(rec.rel_type())))),
            None => Err(super::operators::deleted_entity("the type")),
        },
        other => Err(invalid("type", other, "a Relationship")),
    }
}

fn rel_end(fname: &str, args: &[Value], graph: &Graph, start: bool) -> Result<Value, ExecError> {
    match &args[0] {
        Value::Null => Ok(Value::Null),
        Value::Rel(r) => match graph.rel_ends(*r) {
            Some((a, b)) => Ok(Value::Node(if start { a } else { b })),
            None => Err(super::operators::deleted_entity("the end nodes")),
        },
        other => Err(invalid(fname, other, "a Relationship")),
    }
}

fn f_start_node(args: &[Value], graph: &Graph) -> Result<Value, ExecError> {
    rel_end("startNode", args, graph, true)
}

fn f_end_node(args: &[Value], graph: &Graph) -> Result<Value, ExecError> {
    rel_end("endNode", args, graph, false)
}

fn f_labels(args: &[Value], graph: &Graph) -> Result<Value, ExecError> {
    match &args[0] {
        Value::Null => Ok(Value::Null),
        Value::Node(id) => {
            let n = node_rec(graph, *id, "the labels")?;
            Ok(names_list(graph, n.labels().iter().copied()))
        }
        other => Err(invalid("labels", other, "a Node")),
    }
}

fn f_keys(args: &[Value], graph: &Graph) -> Result<Value, ExecError> {
    match &args[0] {
        Value::Null => Ok(Value::Null),
        Value::Node(id) => Ok(names_list(graph, node_rec(graph, *id, "the keys")?.keys())),
        Value::Rel(id) => Ok(names_list(graph, rel_rec(graph, *id, "the keys")?.keys())),
        Value::Map(m) => Ok(list_of(m.keys().map(|k| Value::String(Arc::clone(k))))),
        other => Err(invalid("keys", other, "a Node, a Relationship or a Map")),
    }
}

fn props_map<'g>(graph: &Graph, props: impl Iterator<Item = (crate::store::Sym, crate::store::PropRef<'g>)>) -> Value {
    let m: Map = props.map(|(k, v)| (Arc::clone(graph.name(k)), v.to_value())).collect();
    Value::map(m)
}

fn f_properties(args: &[Value], graph: &Graph) -> Result<Value, ExecError> {
    match &args[0] {
        Value::Null => Ok(Value::Null),
        Value::Node(id) => Ok(props_map(graph, node_rec(graph, *id, "the properties")?.props())),
        Value::Rel(id) => Ok(props_map(graph, rel_rec(graph, *id, "the properties")?.props())),
        m @ Value::Map(_) => Ok(m.clone()),
        other => Err(invalid("properties", other, "a Node, a Relationship or a Map")),
    }
}

fn f_nodes(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    match &args[0] {
        Value::Null => Ok(Value::Null),
        Value::Path(p) => Ok(list_of(p.nodes.iter().map(|n| Value::Node(*n)))),
        other => Err(invalid("nodes", other, "a Path")),
    }
}

fn f_relationships(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    match &args[0] {
        Value::Null => Ok(Value::Null),
        Value::Path(p) => Ok(list_of(p.rels.iter().map(|r| Value::Rel(*r)))),
        other => Err(invalid("relationships", other, "a Path")),
    }
}

/// The type name of a value in the style of GQL: `INTEGER NOT NULL`, `LIST<STRING> NOT NULL`.
fn type_name(v: &Value) -> String {
    match v {
        Value::Null => "NULL".to_owned(),
        Value::List(items) => format!("LIST<{}> NOT NULL", element_type_name(items)),
        other => format!("{} NOT NULL", super::type_check::base_name(other).unwrap_or("ANY")),
    }
}

fn element_type_name(items: &[Value]) -> String {
    if items.is_empty() {
        return "NOTHING".to_owned();
    }
    let has_null = items.iter().any(Value::is_null);
    let mut names: Vec<String> = Vec::new();
    for v in items.iter().filter(|v| !v.is_null()) {
        let mut n = type_name(v);
        if has_null {
            n.truncate(n.len() - " NOT NULL".len());
        }
        if !names.contains(&n) {
            names.push(n);
        }
    }
    if names.is_empty() {
        return "NULL".to_owned();
    }
    names.sort();
    names.join(" | ")
}

fn f_value_type(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    Ok(Value::from(type_name(&args[0])))
}

// ----- conversion --------------------------------------------------------------------------

/// Parses a float written as a number (digits, sign, point, exponent) or as `NaN`,
/// `Infinity`, `-Infinity`, after trimming whitespace.
fn parse_float(s: &str) -> Option<f64> {
    let t = s.trim();
    match t {
        "NaN" => return Some(f64::NAN),
        "Infinity" | "+Infinity" => return Some(f64::INFINITY),
        "-Infinity" => return Some(f64::NEG_INFINITY),
        _ => {}
    }
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-')) {
        return None;
    }
    t.parse::<f64>().ok()
}

/// 2^63, the first float above every i64.
const TWO_POW_63: f64 = 9_223_372_036_854_775_808u64 as f64;

/// The integer part of `f` when it fits in an i64.
fn float_to_int(f: f64) -> Option<i64> {
    let t = f.trunc();
    (t.is_finite() && (-TWO_POW_63..TWO_POW_63).contains(&t)).then_some(t as i64)
}

fn parse_int(s: &str) -> Option<i64> {
    let t = s.trim();
    t.parse::<i64>().ok().or_else(|| parse_float(t).and_then(float_to_int))
}

fn parse_bool(s: &str) -> Option<bool> {
    let t = s.trim();
    if t.eq_ignore_ascii_case("true") {
        Some(true)
    } else if t.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// Outcome of a conversion: a value (possibly null), or "this type cannot be converted".
type Converted = Result<Value, ()>;

fn conv_boolean(v: &Value) -> Converted {
    match v {
        Value::Null => Ok(Value::Null),
        Value::Bool(b) => Ok(Value::Bool(*b)),
        Value::String(s) => Ok(parse_bool(s).into()),
        Value::Int(i) => Ok(Value::Bool(*i != 0)),
        _ => Err(()),
    }
}

fn conv_integer(v: &Value) -> Result<Converted, ExecError> {
    Ok(match v {
        Value::Null => Ok(Value::Null),
        Value::Int(i) => Ok(Value::Int(*i)),
        Value::Float(f) => match float_to_int(*f) {
            Some(i) => Ok(Value::Int(i)),
            None => {
                return Err(ExecError::argument(
                    "IntegerOverflow",
                    format!("toInteger(): {} cannot be represented as an Integer", number_text(v).unwrap_or_default()),
                ));
            }
        },
        Value::String(s) => Ok(parse_int(s).map_or(Value::Null, Value::Int)),
        Value::Bool(b) => Ok(Value::Int(i64::from(*b))),
        _ => Err(()),
    })
}

fn conv_float(v: &Value) -> Converted {
    match v {
        Value::Null => Ok(Value::Null),
        Value::Float(f) => Ok(Value::Float(*f)),
        Value::Int(i) => Ok(Value::Float(*i as f64)),
        Value::String(s) => Ok(parse_float(s).map_or(Value::Null, Value::Float)),
        _ => Err(()),
    }
}

fn conv_string(v: &Value) -> Converted {
    match v {
        Value::Null => Ok(Value::Null),
        Value::String(_) => Ok(v.clone()),
        Value::Int(_) | Value::Float(_) => Ok(Value::from(number_text(v).unwrap_or_default())),
        Value::Bool(b) => Ok(Value::str(if *b { "true" } else { "false" })),
        Value::Temporal(t) => Ok(Value::from(t.to_string())),
        _ => Err(()),
    }
}

fn f_to_boolean(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    conv_boolean(&args[0]).map_err(|()| invalid("toBoolean", &args[0], "a Boolean, a String or an Integer"))
}

fn f_to_boolean_or_null(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    Ok(conv_boolean(&args[0]).unwrap_or(Value::Null))
}

fn f_to_integer(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    conv_integer(&args[0])?.map_err(|()| invalid("toInteger", &args[0], "a number, a String or a Boolean"))
}

fn f_to_integer_or_null(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    Ok(conv_integer(&args[0]).ok().and_then(Result::ok).unwrap_or(Value::Null))
}

fn f_to_float(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    conv_float(&args[0]).map_err(|()| invalid("toFloat", &args[0], "a number or a String"))
}

fn f_to_float_or_null(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    Ok(conv_float(&args[0]).unwrap_or(Value::Null))
}

fn f_to_string(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    conv_string(&args[0]).map_err(|()| invalid("toString", &args[0], "a number, a Boolean, a String or a temporal value"))
}

fn f_to_string_or_null(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    Ok(conv_string(&args[0]).unwrap_or(Value::Null))
}

fn convert_list(fname: &str, v: &Value, f: fn(&[Value], &Graph) -> Result<Value, ExecError>, graph: &Graph) -> Result<Value, ExecError> {
    match v {
        Value::Null => Ok(Value::Null),
        Value::List(items) => {
            let mut out = Vec::with_capacity(items.len());
            for x in items.iter() {
                out.push(f(std::slice::from_ref(x), graph)?);
            }
            Ok(Value::list(out))
        }
        other => Err(invalid(fname, other, "a List")),
    }
}

fn f_to_boolean_list(args: &[Value], g: &Graph) -> Result<Value, ExecError> {
    convert_list("toBooleanList", &args[0], f_to_boolean_or_null, g)
}

fn f_to_integer_list(args: &[Value], g: &Graph) -> Result<Value, ExecError> {
    convert_list("toIntegerList", &args[0], f_to_integer_or_null, g)
}

fn f_to_float_list(args: &[Value], g: &Graph) -> Result<Value, ExecError> {
    convert_list("toFloatList", &args[0], f_to_float_or_null, g)
}

fn f_to_string_list(args: &[Value], g: &Graph) -> Result<Value, ExecError> {
    convert_list("toStringList", &args[0], f_to_string_or_null, g)
}

// ----- lists -------------------------------------------------------------------------------

fn f_range(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    let names = ["start", "end", "step"];
    let mut ints = [0i64, 0, 1];
    for (i, v) in args.iter().enumerate() {
        ints[i] = match v {
            Value::Int(x) => *x,
            Value::Null => return Ok(Value::Null),
            other => {
                return Err(ExecError::argument(
                    "InvalidArgumentType",
                    format!("range() expects an Integer {}, but got {}", names[i], type_phrase(other.value_type())),
                ));
            }
        };
    }
    let [start, end, step] = ints.map(i128::from);
    if step == 0 {
        return Err(out_of_range("range(): the step must not be zero".to_owned()));
    }
    let count = if (step > 0 && end >= start) || (step < 0 && end <= start) { (end - start) / step + 1 } else { 0 };
    if count > MAX_RANGE_LEN as i128 {
        return Err(out_of_range(format!("range() would produce {count} elements; at most {MAX_RANGE_LEN} are allowed")));
    }
    super::budget::check("range()", (count as usize).saturating_mul(super::budget::SLOT))?;
    // Every element lies between start and end, so it fits in an i64.
    Ok(list_of((0..count).map(|k| Value::Int((start + k * step) as i64))))
}

fn f_reverse(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    match &args[0] {
        Value::Null => Ok(Value::Null),
        Value::String(s) => Ok(Value::from(s.chars().rev().collect::<String>())),
        Value::List(l) => Ok(list_of(l.iter().rev().cloned())),
        other => Err(invalid("reverse", other, "a List or a String")),
    }
}

fn f_tail(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    match &args[0] {
        Value::Null => Ok(Value::Null),
        Value::List(l) => Ok(list_of(l.iter().skip(1).cloned())),
        other => Err(invalid("tail", other, "a List")),
    }
}

// ----- strings -----------------------------------------------------------------------------

fn f_left(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    if any_null(args) {
        return Ok(Value::Null);
    }
    let s = str_arg("left", &args[0], "string")?;
    let n = count_arg("left", &args[1], "length")?;
    Ok(Value::str(&s[..char_offset(s, n)]))
}

fn f_right(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    if any_null(args) {
        return Ok(Value::Null);
    }
    let s = str_arg("right", &args[0], "string")?;
    let n = count_arg("right", &args[1], "length")?;
    let total = s.chars().count();
    Ok(Value::str(&s[char_offset(s, total.saturating_sub(n))..]))
}

fn f_substring(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    if any_null(args) {
        return Ok(Value::Null);
    }
    let s = str_arg("substring", &args[0], "string")?;
    let start = count_arg("substring", &args[1], "start")?;
    let from = char_offset(s, start);
    let rest = &s[from..];
    match args.get(2) {
        None => Ok(Value::str(rest)),
        Some(len) => {
            let n = count_arg("substring", len, "length")?;
            Ok(Value::str(&rest[..char_offset(rest, n)]))
        }
    }
}

fn string_map(fname: &str, args: &[Value], f: impl FnOnce(&str) -> String) -> Result<Value, ExecError> {
    match &args[0] {
        Value::Null => Ok(Value::Null),
        Value::String(s) => Ok(Value::from(f(s))),
        other => Err(invalid(fname, other, "a String")),
    }
}

fn f_upper(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    string_map("toUpper", args, str::to_uppercase)
}

fn f_lower(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    string_map("toLower", args, str::to_lowercase)
}

fn f_normalize(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    use unicode_normalization::UnicodeNormalization;
    if any_null(args) {
        return Ok(Value::Null);
    }
    let s = str_arg("normalize", &args[0], "string")?;
    let form = match args.get(1) {
        Some(f) => str_arg("normalize", f, "normal form")?.to_ascii_uppercase(),
        None => "NFC".to_owned(),
    };
    let out: String = match form.as_str() {
        "NFC" => s.nfc().collect(),
        "NFD" => s.nfd().collect(),
        "NFKC" => s.nfkc().collect(),
        "NFKD" => s.nfkd().collect(),
        other => {
            return Err(ExecError::new(
                Category::ArgumentError,
                "InvalidArgumentValue",
                format!("normalize() takes the form NFC, NFD, NFKC or NFKD, not {other}"),
            ));
        }
    };
    Ok(Value::from(out))
}

fn f_trim(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    string_map("trim", args, |s| s.trim().to_owned())
}

/// Shared body of ltrim/rtrim/btrim: whitespace, or the characters of the second argument.
fn trim_with(fname: &str, args: &[Value], start: bool, end: bool) -> Result<Value, ExecError> {
    if any_null(args) {
        return Ok(Value::Null);
    }
    let s = str_arg(fname, &args[0], "string")?;
    let chars: Option<Vec<char>> = match args.get(1) {
        None => None,
        Some(v) => Some(str_arg(fname, v, "of characters to trim")?.chars().collect()),
    };
    let strip = |c: char| chars.as_ref().map_or(c.is_whitespace(), |set| set.contains(&c));
    let mut t: &str = s;
    if start {
        t = t.trim_start_matches(strip);
    }
    if end {
        t = t.trim_end_matches(strip);
    }
    Ok(Value::str(t))
}

fn f_ltrim(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    trim_with("ltrim", args, true, false)
}

fn f_rtrim(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    trim_with("rtrim", args, false, true)
}

fn f_btrim(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    trim_with("btrim", args, true, true)
}

fn f_replace(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    if any_null(args) {
        return Ok(Value::Null);
    }
    let s = str_arg("replace", &args[0], "string")?;
    let search = str_arg("replace", &args[1], "search string")?;
    let replacement = str_arg("replace", &args[2], "replacement")?;
    if replacement.len() > search.len() {
        // an empty search matches between every two characters, and at both ends
        let hits = if search.is_empty() { s.chars().count() + 1 } else { s.matches(search).count() };
        let grown = hits.saturating_mul(replacement.len() - search.len());
        super::budget::check("replace()", s.len().saturating_add(grown))?;
    }
    Ok(Value::from(s.replace(search, replacement)))
}

fn f_split(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    if any_null(args) {
        return Ok(Value::Null);
    }
    let s = str_arg("split", &args[0], "string")?;
    let delims: Vec<&str> = match &args[1] {
        Value::String(d) => vec![d],
        Value::List(items) => {
            let mut out = Vec::with_capacity(items.len());
            for v in items.iter() {
                match v {
                    Value::Null => return Ok(Value::Null),
                    other => out.push(str_arg("split", other, "delimiter")?),
                }
            }
            out
        }
        other => {
            return Err(invalid("split", other, "a String delimiter or a List of them"));
        }
    };
    let delims: Vec<&str> = delims.into_iter().filter(|d| !d.is_empty()).collect();
    if delims.is_empty() {
        // No delimiter to look for: every character on its own.
        return Ok(list_of(s.chars().map(|c| Value::from(c.to_string()))));
    }
    let mut parts = Vec::new();
    let mut piece_start = 0;
    let mut i = 0;
    while i < s.len() {
        if let Some(d) = delims.iter().find(|d| s[i..].starts_with(**d)) {
            parts.push(Value::str(&s[piece_start..i]));
            i += d.len();
            piece_start = i;
        } else {
            i += s[i..].chars().next().map_or(1, char::len_utf8);
        }
    }
    parts.push(Value::str(&s[piece_start..]));
    Ok(Value::list(parts))
}

// ----- mathematics -------------------------------------------------------------------------

fn math1(fname: &str, args: &[Value], f: fn(f64) -> f64) -> Result<Value, ExecError> {
    match &args[0] {
        Value::Null => Ok(Value::Null),
        v => Ok(Value::Float(f(num_arg(fname, v)?))),
    }
}

fn f_abs(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    match &args[0] {
        Value::Null => Ok(Value::Null),
        Value::Int(i) => i
            .checked_abs()
            .map(Value::Int)
            .ok_or_else(|| ExecError::argument("IntegerOverflow", format!("abs({i}) does not fit in a 64-bit integer"))),
        Value::Float(f) => Ok(Value::Float(f.abs())),
        other => Err(invalid("abs", other, "a number")),
    }
}

fn f_ceil(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    math1("ceil", args, f64::ceil)
}

fn f_floor(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    math1("floor", args, f64::floor)
}

/// Rounds to the nearest integer, halves toward positive infinity (as `round(-2.5)` = -2.0).
fn round_half_up(x: f64) -> f64 {
    if !x.is_finite() {
        return x;
    }
    let f = x.floor();
    // Exact for every finite double: x and floor(x) are within 1 of each other.
    if x - f >= 0.5 { f + 1.0 } else { f }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum RoundingMode {
    Up,
    Down,
    Ceiling,
    Floor,
    HalfUp,
    HalfDown,
    HalfEven,
}

impl RoundingMode {
    fn parse(s: &str) -> Option<Self> {
        Some(match s.to_ascii_uppercase().as_str() {
            "UP" => RoundingMode::Up,
            "DOWN" => RoundingMode::Down,
            "CEILING" => RoundingMode::Ceiling,
            "FLOOR" => RoundingMode::Floor,
            "HALF_UP" => RoundingMode::HalfUp,
            "HALF_DOWN" => RoundingMode::HalfDown,
            "HALF_EVEN" => RoundingMode::HalfEven,
            _ => return None,
        })
    }
}

/// Rounds `x` to `precision` decimal places, working on the shortest decimal representation
/// of `x` (so 2.675 rounds to 2.68 with HALF_UP, as a person reading "2.675" expects).
fn round_decimal(x: f64, precision: i64, mode: RoundingMode) -> f64 {
    if !x.is_finite() || x == 0.0 {
        return x;
    }
    let negative = x < 0.0;
    // "d.ddddde±N": digits D = d1 d2 ..., value = 0.D × 10^(N+1).
    let sci = format!("{:e}", x.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i64 = exp.parse().unwrap_or(0);
    let digits: Vec<u8> = mantissa.bytes().filter(u8::is_ascii_digit).map(|b| b - b'0').collect();
    let precision = precision.clamp(-400, 400);
    // Number of leading digits that lie at or above 10^-precision.
    let keep = exp + 1 + precision;
    if keep >= digits.len() as i64 {
        return x;
    }
    let (kept, first_dropped, rest_nonzero) = if keep < 0 {
        (&digits[..0], 0u8, true)
    } else {
        let k = keep as usize;
        (&digits[..k], digits[k], digits[k + 1..].iter().any(|d| *d != 0))
    };
    let any_dropped = first_dropped != 0 || rest_nonzero;
    let last_odd = kept.last().is_some_and(|d| d % 2 == 1);
    let increment = match mode {
        RoundingMode::Up => any_dropped,
        RoundingMode::Down => false,
        RoundingMode::Ceiling => any_dropped && !negative,
        RoundingMode::Floor => any_dropped && negative,
        RoundingMode::HalfUp => first_dropped >= 5,
        RoundingMode::HalfDown => first_dropped > 5 || (first_dropped == 5 && rest_nonzero),
        RoundingMode::HalfEven => first_dropped > 5 || (first_dropped == 5 && (rest_nonzero || last_odd)),
    };
    let mut out: Vec<u8> = kept.to_vec();
    if increment {
        let mut i = out.len();
        loop {
            if i == 0 {
                out.insert(0, 1);
                break;
            }
            i -= 1;
            if out[i] == 9 {
                out[i] = 0;
            } else {
                out[i] += 1;
                break;
            }
        }
    }
    if out.is_empty() {
        return if negative { -0.0 } else { 0.0 };
    }
    let text: String = out.iter().map(|d| char::from(b'0' + d)).collect();
    let magnitude: f64 = format!("{text}e{}", -precision).parse().unwrap_or(f64::NAN);
    if negative { -magnitude } else { magnitude }
}

fn f_round(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    if any_null(args) {
        return Ok(Value::Null);
    }
    let x = num_arg("round", &args[0])?;
    if args.len() == 1 {
        return Ok(Value::Float(round_half_up(x)));
    }
    let precision = int_arg("round", &args[1], "precision")?;
    let mode = match args.get(2) {
        None => RoundingMode::HalfUp,
        Some(v) => {
            let name = str_arg("round", v, "rounding mode")?;
            RoundingMode::parse(name).ok_or_else(|| {
                ExecError::argument(
                    "InvalidArgumentValue",
                    format!("round(): unknown rounding mode '{name}' (expected UP, DOWN, CEILING, FLOOR, HALF_UP, HALF_DOWN or HALF_EVEN)"),
                )
            })?
        }
    };
    Ok(Value::Float(round_decimal(x, precision, mode)))
}

fn f_sign(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    match &args[0] {
        Value::Null => Ok(Value::Null),
        Value::Int(i) => Ok(Value::Int(i.signum())),
        Value::Float(f) => Ok(Value::Int(if *f > 0.0 {
            1
        } else if *f < 0.0 {
            -1
        } else {
            0
        })),
        other => Err(invalid("sign", other, "a number")),
    }
}

fn f_sqrt(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    math1("sqrt", args, f64::sqrt)
}

fn f_exp(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    math1("exp", args, f64::exp)
}

fn f_log(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    math1("log", args, f64::ln)
}

fn f_log10(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    math1("log10", args, f64::log10)
}

fn f_e(_: &[Value], _: &Graph) -> Result<Value, ExecError> {
    Ok(Value::Float(std::f64::consts::E))
}

fn f_pi(_: &[Value], _: &Graph) -> Result<Value, ExecError> {
    Ok(Value::Float(std::f64::consts::PI))
}

fn f_sin(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    math1("sin", args, f64::sin)
}

fn f_cos(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    math1("cos", args, f64::cos)
}

fn f_tan(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    math1("tan", args, f64::tan)
}

fn f_cot(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    math1("cot", args, |x| 1.0 / x.tan())
}

fn f_sinh(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    math1("sinh", args, f64::sinh)
}

fn f_cosh(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    math1("cosh", args, f64::cosh)
}

fn f_tanh(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    math1("tanh", args, f64::tanh)
}

fn f_coth(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    math1("coth", args, |x| 1.0 / x.tanh())
}

fn f_asin(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    math1("asin", args, f64::asin)
}

fn f_acos(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    math1("acos", args, f64::acos)
}

fn f_atan(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    math1("atan", args, f64::atan)
}

fn f_atan2(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    if any_null(args) {
        return Ok(Value::Null);
    }
    Ok(Value::Float(num_arg("atan2", &args[0])?.atan2(num_arg("atan2", &args[1])?)))
}

fn f_degrees(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    math1("degrees", args, f64::to_degrees)
}

fn f_radians(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    math1("radians", args, f64::to_radians)
}

fn f_haversin(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    math1("haversin", args, |x| (1.0 - x.cos()) / 2.0)
}

fn f_is_nan(args: &[Value], _: &Graph) -> Result<Value, ExecError> {
    match &args[0] {
        Value::Null => Ok(Value::Null),
        Value::Int(_) => Ok(Value::Bool(false)),
        Value::Float(f) => Ok(Value::Bool(f.is_nan())),
        other => Err(invalid("isNaN", other, "a number")),
    }
}

// ----- randomness and time -----------------------------------------------------------------

thread_local! {
    static RNG_STATE: Cell<u64> = Cell::new(seed());
}

/// A per-thread seed from the standard library's randomly keyed hasher and the clock.
fn seed() -> u64 {
    let mut h = RandomState::new().build_hasher();
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    h.write_u128(nanos);
    h.finish()
}

/// splitmix64: small, fast, and good enough for `rand()` and UUIDs (not for cryptography).
fn next_random() -> u64 {
    RNG_STATE.with(|s| {
        let x = s.get().wrapping_add(0x9E37_79B9_7F4A_7C15);
        s.set(x);
        let mut z = x;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    })
}

fn f_rand(_: &[Value], _: &Graph) -> Result<Value, ExecError> {
    // 53 random bits scaled into [0, 1).
    Ok(Value::Float((next_random() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)))
}

fn f_random_uuid(_: &[Value], _: &Graph) -> Result<Value, ExecError> {
    let hi = (next_random() & !0xF000) | 0x4000; // version 4
    let lo = (next_random() & !(0b11 << 62)) | (0b10 << 62); // RFC 4122 variant
    let bits = (u128::from(hi) << 64) | u128::from(lo);
    let hex = format!("{bits:032x}");
    Ok(Value::from(format!("{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])))
}

fn f_timestamp(_: &[Value], _: &Graph) -> Result<Value, ExecError> {
    let ms = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis());
    Ok(Value::Int(i64::try_from(ms).unwrap_or(i64::MAX)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::{NodeId, PathValue, RelId};

    fn int(i: i64) -> Value {
        Value::Int(i)
    }
    fn flt(f: f64) -> Value {
        Value::Float(f)
    }
    fn s(x: &str) -> Value {
        Value::str(x)
    }
    fn list(items: Vec<Value>) -> Value {
        Value::list(items)
    }
    fn ints(items: &[i64]) -> Value {
        list(items.iter().map(|i| int(*i)).collect())
    }
    fn call0(name: &str, args: Vec<Value>) -> Result<Value, ExecError> {
        call(&name.to_lowercase(), &args, &Graph::new())
    }
    fn ok(name: &str, args: Vec<Value>) -> Value {
        call0(name, args).unwrap_or_else(|e| panic!("{name}: {e}"))
    }
    fn err(name: &str, args: Vec<Value>) -> (Category, &'static str) {
        let e = call0(name, args).expect_err(name);
        (e.category, e.code)
    }
    fn is_float(v: &Value, expected: f64) -> bool {
        matches!(v, Value::Float(f) if f.to_bits() == expected.to_bits())
    }
    fn map(pairs: &[(&str, Value)]) -> Value {
        Value::map(pairs.iter().map(|(k, v)| (Arc::from(*k), v.clone())).collect())
    }

    /// A graph with (a:Foo:Bar {name: 'Popeye', level: 9001})-[:T {num: 1}]->(b).
    fn sample() -> (Graph, NodeId, NodeId, RelId) {
        let mut g = Graph::new();
        let (foo, bar) = (g.intern("Foo"), g.intern("Bar"));
        let (name, level, num) = (g.intern("name"), g.intern("level"), g.intern("num"));
        let t = g.intern("T");
        let a = g.add_node(&[foo, bar], [(name, s("Popeye")), (level, int(9001))].to_vec()).unwrap();
        let b = g.add_node(&[], Vec::new()).unwrap();
        let r = g.add_rel(t, a, b, [(num, int(1))].to_vec()).unwrap();
        (g, a, b, r)
    }

    #[test]
    fn table_is_consistent() {
        let mut seen = std::collections::HashSet::new();
        for f in all() {
            assert!(seen.insert(f.name.to_lowercase()), "duplicate {}", f.name);
            assert!(f.min_args <= f.max_args, "{}", f.name);
            assert_eq!(f.aggregate, f.imp.is_none(), "{}", f.name);
            assert!(f.signature.starts_with(f.name), "{}", f.name);
            assert!(!f.description.is_empty());
        }
        assert_eq!(lookup("TOUPPER").unwrap().name, "toUpper");
        assert_eq!(lookup("tointeger").unwrap().name, "toInteger");
        assert!(lookup("collect").unwrap().aggregate);
        assert!(lookup("percentiledisc").unwrap().aggregate);
        assert!(!lookup("rand").unwrap().deterministic);
        assert!(lookup("nope").is_none());
    }

    #[test]
    fn call_checks_arity_and_names() {
        let g = Graph::new();
        let e = call("substring", &[s("a")], &g).unwrap_err();
        assert_eq!(e.code, "InvalidNumberOfArguments");
        assert!(e.message.contains("2 or 3 arguments"), "{}", e.message);
        assert_eq!(call("frobnicate", &[], &g).unwrap_err().code, "UnknownFunction");
        assert_eq!(call("count", &[int(1)], &g).unwrap_err().code, "InvalidAggregation");
        assert_eq!(call("coalesce", &[Value::Null, Value::Null, int(3), int(4)], &g).unwrap(), int(3));
        assert_eq!(call("toUpper", &[s("a")], &g).unwrap(), s("A"));
    }

    #[test]
    fn suggestions() {
        assert_eq!(suggest("lenght"), Some("length"));
        assert_eq!(suggest("toInt"), Some("toInteger"));
        assert_eq!(suggest("substr"), Some("substring"));
        assert_eq!(suggest("toFloa"), Some("toFloat"));
        assert_eq!(suggest("toupper"), Some("toUpper"));
        assert_eq!(suggest("tolowr"), Some("toLower"));
        assert_eq!(suggest("cout"), Some("count"));
        assert_eq!(suggest("x"), None);
        assert_eq!(suggest("completelydifferent"), None);
        assert!(unknown_message("lenght").contains("did you mean `length`"));
    }

    #[test]
    fn to_boolean() {
        assert_eq!(ok("toBoolean", vec![Value::Bool(true)]), Value::Bool(true));
        assert_eq!(ok("toBoolean", vec![s("true")]), Value::Bool(true));
        assert_eq!(ok("toBoolean", vec![s("FALSE")]), Value::Bool(false));
        // TypeConversion1 [4]
        for v in [Value::Null, s(""), s(" tru "), s("f alse")] {
            assert!(ok("toBoolean", vec![v]).is_null());
        }
        assert_eq!(ok("toBoolean", vec![int(0)]), Value::Bool(false));
        assert_eq!(ok("toBoolean", vec![int(7)]), Value::Bool(true));
        // TypeConversion1 [5]
        let (g, a, _, r) = sample();
        let path = Value::Path(Arc::new(PathValue { nodes: vec![a], rels: vec![] }));
        for v in [list(vec![]), map(&[]), flt(1.0), Value::Node(a), Value::Rel(r), path] {
            let e = call("toboolean", std::slice::from_ref(&v), &g).unwrap_err();
            assert_eq!((e.category, e.code), (Category::TypeError, "InvalidArgumentValue"), "{v}");
            assert!(call("tobooleanornull", &[v], &g).unwrap().is_null());
        }
    }

    #[test]
    fn to_integer() {
        // TypeConversion2
        assert_eq!(ok("toInteger", vec![flt(82.9)]), int(82));
        assert_eq!(ok("toInteger", vec![flt(-2.9)]), int(-2));
        assert!(ok("toInteger", vec![s("foo")]).is_null());
        assert!(ok("toInteger", vec![s("")]).is_null());
        assert_eq!(ok("toInteger", vec![s("1.7")]), int(1));
        assert_eq!(ok("toInteger", vec![s("42")]), int(42));
        assert_eq!(ok("toInteger", vec![s(" -42 ")]), int(-42));
        assert_eq!(ok("toInteger", vec![s("9223372036854775807")]), int(i64::MAX));
        assert_eq!(ok("toInteger", vec![s("1e3")]), int(1000));
        assert!(ok("toInteger", vec![s("1e30")]).is_null());
        assert_eq!(ok("toInteger", vec![Value::Bool(true)]), int(1));
        assert!(ok("toInteger", vec![Value::Null]).is_null());
        assert_eq!(err("toInteger", vec![flt(1e30)]), (Category::ArgumentError, "IntegerOverflow"));
        assert_eq!(err("toInteger", vec![flt(f64::NAN)]), (Category::ArgumentError, "IntegerOverflow"));
        assert!(ok("toIntegerOrNull", vec![flt(f64::INFINITY)]).is_null());
        assert_eq!(err("toInteger", vec![list(vec![])]), (Category::TypeError, "InvalidArgumentValue"));
        assert_eq!(err("toInteger", vec![map(&[])]), (Category::TypeError, "InvalidArgumentValue"));
        assert!(ok("toIntegerOrNull", vec![map(&[])]).is_null());
    }

    #[test]
    fn to_float() {
        // TypeConversion3
        assert!(is_float(&ok("toFloat", vec![int(3)]), 3.0));
        assert!(is_float(&ok("toFloat", vec![flt(3.4)]), 3.4));
        assert!(is_float(&ok("toFloat", vec![s("5")]), 5.0));
        assert!(is_float(&ok("toFloat", vec![s("-1.5e2")]), -150.0));
        assert!(ok("toFloat", vec![s("foo")]).is_null());
        assert!(ok("toFloat", vec![s("")]).is_null());
        assert!(ok("toFloat", vec![s("inf")]).is_null());
        assert!(is_float(&ok("toFloat", vec![s("Infinity")]), f64::INFINITY));
        assert_eq!(err("toFloat", vec![Value::Bool(true)]), (Category::TypeError, "InvalidArgumentValue"));
        assert_eq!(err("toFloat", vec![list(vec![])]), (Category::TypeError, "InvalidArgumentValue"));
        assert!(ok("toFloatOrNull", vec![Value::Bool(true)]).is_null());
    }

    #[test]
    fn to_string() {
        // TypeConversion4
        assert_eq!(ok("toString", vec![int(42)]), s("42"));
        assert_eq!(ok("toString", vec![Value::Bool(true)]), s("true"));
        assert_eq!(ok("toString", vec![flt(2.3)]), s("2.3"));
        assert_eq!(ok("toString", vec![flt(1.0)]), s("1.0"));
        assert_eq!(ok("toString", vec![flt(-0.0)]), s("-0.0"));
        assert_eq!(ok("toString", vec![s("apa")]), s("apa"));
        assert!(ok("toString", vec![Value::Null]).is_null());
        assert_eq!(err("toString", vec![list(vec![])]), (Category::TypeError, "InvalidArgumentValue"));
        assert_eq!(err("toString", vec![map(&[])]), (Category::TypeError, "InvalidArgumentValue"));
        assert!(ok("toStringOrNull", vec![list(vec![])]).is_null());
    }

    #[test]
    fn list_conversions() {
        assert_eq!(
            ok("toIntegerList", vec![list(vec![s("1"), s("x"), flt(2.5), Value::Null, list(vec![])])]),
            list(vec![int(1), Value::Null, int(2), Value::Null, Value::Null])
        );
        assert_eq!(ok("toStringList", vec![list(vec![int(1), Value::Bool(false)])]), list(vec![s("1"), s("false")]));
        assert_eq!(ok("toBooleanList", vec![list(vec![s("true"), flt(1.0)])]), list(vec![Value::Bool(true), Value::Null]));
        assert_eq!(ok("toFloatList", vec![list(vec![int(1)])]), list(vec![flt(1.0)]));
        assert!(ok("toFloatList", vec![Value::Null]).is_null());
        assert_eq!(err("toFloatList", vec![int(1)]), (Category::TypeError, "InvalidArgumentValue"));
    }

    #[test]
    fn range_edge_cases() {
        // List11 [1], [2]
        assert_eq!(ok("range", vec![int(-1236), int(-1234)]), ints(&[-1236, -1235, -1234]));
        assert_eq!(ok("range", vec![int(0), int(-123)]), ints(&[]));
        assert_eq!(ok("range", vec![int(0), int(0)]), ints(&[0]));
        assert_eq!(ok("range", vec![int(1381), int(-3412), int(-1298)]), ints(&[1381, 83, -1215, -2513]));
        assert_eq!(ok("range", vec![int(0), int(1), int(2)]), ints(&[0]));
        assert_eq!(ok("range", vec![int(0), int(0), int(-1)]), ints(&[0]));
        assert_eq!(ok("range", vec![int(0), int(1), int(-1)]), ints(&[]));
        assert_eq!(ok("range", vec![int(-10), int(10), int(3)]), ints(&[-10, -7, -4, -1, 2, 5, 8]));
        assert_eq!(ok("range", vec![int(i64::MAX - 1), int(i64::MAX)]), ints(&[i64::MAX - 1, i64::MAX]));
        assert_eq!(ok("range", vec![int(i64::MIN), int(i64::MAX), int(i64::MAX)]), ints(&[i64::MIN, -1, i64::MAX - 1]));
        // List11 [4]
        for (a, b) in [(0, 0), (2, 8), (-2, 8), (2, -8)] {
            assert_eq!(err("range", vec![int(a), int(b), int(0)]), (Category::ArgumentError, "NumberOutOfRange"));
        }
        // List11 [5]
        for args in [
            vec![Value::Bool(true), int(1), int(1)],
            vec![int(0), flt(-0.0), int(1)],
            vec![int(0), int(1), flt(1.1)],
            vec![s("xyz"), int(1), int(1)],
            vec![int(0), ints(&[1]), int(1)],
            vec![int(0), int(1), map(&[("step", int(1))])],
        ] {
            assert_eq!(err("range", args), (Category::ArgumentError, "InvalidArgumentType"));
        }
        assert_eq!(err("range", vec![int(0), int(i64::MAX)]), (Category::ArgumentError, "NumberOutOfRange"));
        assert!(ok("range", vec![Value::Null, int(1)]).is_null());
    }

    #[test]
    fn list_functions() {
        let l = ints(&[1, 2, 3]);
        assert_eq!(ok("head", vec![l.clone()]), int(1));
        assert_eq!(ok("last", vec![l.clone()]), int(3));
        assert_eq!(ok("tail", vec![l.clone()]), ints(&[2, 3]));
        assert_eq!(ok("tail", vec![ints(&[])]), ints(&[]));
        assert!(ok("head", vec![ints(&[])]).is_null());
        assert!(ok("last", vec![ints(&[])]).is_null());
        assert!(ok("head", vec![Value::Null]).is_null());
        assert_eq!(ok("reverse", vec![l.clone()]), ints(&[3, 2, 1]));
        assert_eq!(ok("size", vec![l.clone()]), int(3));
        assert!(ok("size", vec![Value::Null]).is_null());
        assert_eq!(ok("isEmpty", vec![ints(&[])]), Value::Bool(true));
        assert_eq!(ok("isEmpty", vec![s("a")]), Value::Bool(false));
        assert_eq!(ok("isEmpty", vec![map(&[])]), Value::Bool(true));
        assert_eq!(err("head", vec![int(1)]), (Category::TypeError, "InvalidArgumentValue"));
        assert_eq!(err("size", vec![int(1)]), (Category::TypeError, "InvalidArgumentValue"));
        assert_eq!(ok("coalesce", vec![Value::Null, Value::Null]), Value::Null);
        assert!(ok("nullIf", vec![int(1), flt(1.0)]).is_null());
        assert_eq!(ok("nullIf", vec![int(1), int(2)]), int(1));
    }

    #[test]
    fn strings_count_characters() {
        assert_eq!(ok("substring", vec![s("0123456789"), int(1)]), s("123456789"));
        assert_eq!(ok("substring", vec![s("0123456789"), int(1), int(3)]), s("123"));
        assert_eq!(ok("substring", vec![s("한국어 텍스트"), int(1), int(2)]), s("국어"));
        assert_eq!(ok("substring", vec![s("ab"), int(5)]), s(""));
        assert_eq!(ok("substring", vec![s("ab"), int(1), int(50)]), s("b"));
        assert_eq!(ok("substring", vec![s("ab"), int(0), int(0)]), s(""));
        assert_eq!(err("substring", vec![s("ab"), int(-1)]), (Category::ArgumentError, "NumberOutOfRange"));
        assert_eq!(err("substring", vec![s("ab"), int(0), int(-1)]), (Category::ArgumentError, "NumberOutOfRange"));
        assert_eq!(err("substring", vec![s("ab"), flt(1.0)]), (Category::TypeError, "InvalidArgumentValue"));
        assert!(ok("substring", vec![Value::Null, int(1)]).is_null());
        assert_eq!(ok("left", vec![s("héllo"), int(2)]), s("hé"));
        assert_eq!(ok("left", vec![s("hi"), int(10)]), s("hi"));
        assert_eq!(ok("right", vec![s("héllo"), int(4)]), s("éllo"));
        assert_eq!(ok("right", vec![s("hi"), int(10)]), s("hi"));
        assert_eq!(err("left", vec![s("hi"), int(-1)]), (Category::ArgumentError, "NumberOutOfRange"));
        assert_eq!(ok("size", vec![s("Malmö 🎉")]), int(7));
        assert_eq!(ok("char_length", vec![s("Malmö")]), int(5));
        assert_eq!(ok("reverse", vec![s("raksO")]), s("Oskar"));
        assert_eq!(ok("reverse", vec![s("añb")]), s("bña"));
    }

    #[test]
    fn string_functions() {
        assert_eq!(ok("toUpper", vec![s("München")]), s("MÜNCHEN"));
        assert_eq!(ok("lower", vec![s("ÅB")]), s("åb"));
        assert_eq!(ok("trim", vec![s(" \t a b \n")]), s("a b"));
        assert_eq!(ok("ltrim", vec![s("  a  ")]), s("a  "));
        assert_eq!(ok("rtrim", vec![s("  a  ")]), s("  a"));
        assert_eq!(ok("btrim", vec![s("xxaxx"), s("x")]), s("a"));
        assert_eq!(ok("replace", vec![s("hello"), s("l"), s("L")]), s("heLLo"));
        assert!(ok("replace", vec![s("hello"), Value::Null, s("L")]).is_null());
        assert_eq!(ok("split", vec![s("one1two"), s("1")]), list(vec![s("one"), s("two")]));
        assert_eq!(ok("split", vec![s("a,b,"), s(",")]), list(vec![s("a"), s("b"), s("")]));
        assert_eq!(ok("split", vec![s("a,b;c"), list(vec![s(","), s(";")])]), list(vec![s("a"), s("b"), s("c")]));
        assert_eq!(ok("split", vec![s("añ"), s("")]), list(vec![s("a"), s("ñ")]));
        assert_eq!(ok("split", vec![s("한,국"), s(",")]), list(vec![s("한"), s("국")]));
        assert!(ok("split", vec![s("a"), Value::Null]).is_null());
        assert_eq!(err("toUpper", vec![int(1)]), (Category::TypeError, "InvalidArgumentValue"));
        assert_eq!(err("split", vec![s("a"), int(1)]), (Category::TypeError, "InvalidArgumentValue"));
    }

    #[test]
    fn math_functions() {
        assert_eq!(ok("abs", vec![int(-1)]), int(1));
        assert!(is_float(&ok("abs", vec![flt(-1.5)]), 1.5));
        assert_eq!(err("abs", vec![int(i64::MIN)]), (Category::ArgumentError, "IntegerOverflow"));
        assert!(is_float(&ok("sqrt", vec![flt(12.96)]), 3.6));
        assert!(is_float(&ok("ceil", vec![flt(1.7)]), 2.0));
        assert!(is_float(&ok("ceil", vec![int(1)]), 1.0));
        assert!(is_float(&ok("floor", vec![flt(-1.5)]), -2.0));
        assert_eq!(ok("sign", vec![int(-5)]), int(-1));
        assert_eq!(ok("sign", vec![flt(0.0)]), int(0));
        assert_eq!(ok("sign", vec![flt(2.5)]), int(1));
        assert!(is_float(&ok("exp", vec![int(0)]), 1.0));
        assert!(is_float(&ok("log", vec![ok("e", vec![])]), 1.0));
        assert!(is_float(&ok("log10", vec![int(1000)]), 3.0));
        assert!(is_float(&ok("pi", vec![]), std::f64::consts::PI));
        assert!(is_float(&ok("degrees", vec![ok("pi", vec![])]), 180.0));
        assert!(is_float(&ok("radians", vec![int(180)]), std::f64::consts::PI));
        assert!(is_float(&ok("atan2", vec![int(0), int(1)]), 0.0));
        assert!(is_float(&ok("haversin", vec![int(0)]), 0.0));
        assert!(is_float(&ok("cot", vec![int(0)]), f64::INFINITY));
        assert_eq!(ok("isNaN", vec![flt(f64::NAN)]), Value::Bool(true));
        assert_eq!(ok("isNaN", vec![int(1)]), Value::Bool(false));
        assert!(matches!(ok("sqrt", vec![int(-1)]), Value::Float(f) if f.is_nan()));
        assert!(ok("sin", vec![Value::Null]).is_null());
        assert_eq!(err("sqrt", vec![s("4")]), (Category::TypeError, "InvalidArgumentValue"));
        assert_eq!(err("sign", vec![Value::Bool(true)]), (Category::TypeError, "InvalidArgumentValue"));
    }

    #[test]
    fn rounding() {
        let r1 = |x: f64| ok("round", vec![flt(x)]);
        assert!(is_float(&r1(2.5), 3.0));
        assert!(is_float(&r1(-2.5), -2.0));
        assert!(is_float(&r1(-2.6), -3.0));
        assert!(is_float(&r1(0.499_999_999_999_999_94), 0.0));
        assert!(is_float(&r1(1e300), 1e300));
        assert!(is_float(&ok("round", vec![int(3)]), 3.0));
        let r = |x: f64, p: i64| ok("round", vec![flt(x), int(p)]);
        assert!(is_float(&r(1.234_567, 3), 1.235));
        assert!(is_float(&r(2.675, 2), 2.68));
        assert!(is_float(&r(-1.55, 1), -1.6));
        assert!(is_float(&r(1234.5, -2), 1200.0));
        assert!(is_float(&r(9.99, 1), 10.0));
        assert!(is_float(&r(0.0004, 2), 0.0));
        assert!(is_float(&r(1.5, 5), 1.5));
        let rm = |x: f64, p: i64, m: &str| ok("round", vec![flt(x), int(p), s(m)]);
        assert!(is_float(&rm(1.25, 1, "HALF_EVEN"), 1.2));
        assert!(is_float(&rm(1.35, 1, "half_even"), 1.4));
        assert!(is_float(&rm(1.25, 1, "HALF_DOWN"), 1.2));
        assert!(is_float(&rm(1.21, 1, "UP"), 1.3));
        assert!(is_float(&rm(-1.21, 1, "UP"), -1.3));
        assert!(is_float(&rm(-1.29, 1, "DOWN"), -1.2));
        assert!(is_float(&rm(-1.21, 1, "CEILING"), -1.2));
        assert!(is_float(&rm(-1.21, 1, "FLOOR"), -1.3));
        assert!(is_float(&rm(0.0004, 2, "UP"), 0.01));
        assert_eq!(err("round", vec![flt(1.0), int(1), s("SIDEWAYS")]), (Category::ArgumentError, "InvalidArgumentValue"));
    }

    #[test]
    fn random_values() {
        for _ in 0..1000 {
            let Value::Float(x) = ok("rand", vec![]) else { panic!() };
            assert!((0.0..1.0).contains(&x));
        }
        let Value::String(u) = ok("randomUUID", vec![]) else { panic!() };
        assert_eq!(u.len(), 36);
        assert_eq!(u.as_bytes()[14], b'4');
        assert!(matches!(u.as_bytes()[19], b'8' | b'9' | b'a' | b'b'));
        assert_ne!(ok("randomUUID", vec![]), Value::String(u));
        let Value::Int(t) = ok("timestamp", vec![]) else { panic!() };
        assert!(t > 1_600_000_000_000);
    }

    #[test]
    fn value_types() {
        assert_eq!(ok("valueType", vec![int(1)]), s("INTEGER NOT NULL"));
        assert_eq!(ok("valueType", vec![Value::Null]), s("NULL"));
        assert_eq!(ok("valueType", vec![ints(&[])]), s("LIST<NOTHING> NOT NULL"));
        assert_eq!(ok("valueType", vec![ints(&[1, 2])]), s("LIST<INTEGER NOT NULL> NOT NULL"));
        assert_eq!(ok("valueType", vec![list(vec![int(1), Value::Null])]), s("LIST<INTEGER> NOT NULL"));
        assert_eq!(ok("valueType", vec![list(vec![int(1), s("a")])]), s("LIST<INTEGER NOT NULL | STRING NOT NULL> NOT NULL"));
    }

    #[test]
    fn graph_functions() {
        let (mut g, a, b, r) = sample();
        let c = |name: &str, v: Value, g: &Graph| call(&name.to_lowercase(), &[v], g);
        assert_eq!(c("labels", Value::Node(a), &g).unwrap(), list(vec![s("Foo"), s("Bar")]));
        assert_eq!(c("labels", Value::Node(b), &g).unwrap(), list(vec![]));
        assert!(c("labels", Value::Null, &g).unwrap().is_null());
        assert_eq!(c("type", Value::Rel(r), &g).unwrap(), s("T"));
        assert_eq!(c("id", Value::Node(b), &g).unwrap(), int(b.0 as i64));
        assert_eq!(c("elementId", Value::Rel(r), &g).unwrap(), s(&r.0.to_string()));
        assert_eq!(c("startNode", Value::Rel(r), &g).unwrap(), Value::Node(a));
        assert_eq!(c("endNode", Value::Rel(r), &g).unwrap(), Value::Node(b));
        assert_eq!(c("keys", Value::Node(a), &g).unwrap(), list(vec![s("name"), s("level")]));
        assert_eq!(c("keys", Value::Rel(r), &g).unwrap(), list(vec![s("num")]));
        // Map3 [4]: keys with null values are keys
        assert_eq!(c("keys", map(&[("k", Value::Null), ("l", int(1))]), &g).unwrap(), list(vec![s("k"), s("l")]));
        assert_eq!(c("properties", Value::Node(a), &g).unwrap(), map(&[("name", s("Popeye")), ("level", int(9001))]));
        assert_eq!(c("properties", Value::Rel(r), &g).unwrap(), map(&[("num", int(1))]));
        assert_eq!(c("properties", map(&[("x", int(1))]), &g).unwrap(), map(&[("x", int(1))]));
        let p = Value::Path(Arc::new(PathValue { nodes: vec![a, b], rels: vec![r] }));
        assert_eq!(c("nodes", p.clone(), &g).unwrap(), list(vec![Value::Node(a), Value::Node(b)]));
        assert_eq!(c("relationships", p.clone(), &g).unwrap(), list(vec![Value::Rel(r)]));
        assert_eq!(c("length", p.clone(), &g).unwrap(), int(1));
        assert!(c("nodes", Value::Null, &g).unwrap().is_null());

        // Graph3 [9], Graph4 [6], Graph9
        let type_err = (Category::TypeError, "InvalidArgumentValue");
        let code = |r: Result<Value, ExecError>| r.map_err(|e| (e.category, e.code)).unwrap_err();
        assert_eq!(code(c("labels", int(1), &g)), type_err);
        assert_eq!(code(c("labels", p.clone(), &g)), type_err);
        for v in [int(0), flt(1.0), Value::Bool(true), s(""), list(vec![]), Value::Node(a)] {
            assert_eq!(code(c("type", v, &g)), type_err);
        }
        assert_eq!(code(c("properties", int(1), &g)), type_err);
        assert_eq!(code(c("length", Value::Node(a), &g)), type_err);
        assert_eq!(code(c("keys", s("x"), &g)), type_err);

        // Return2 [14]–[17]: after DELETE, type() still works; labels and properties do not.
        g.set_node_deleted(a, true);
        g.set_rel_deleted(r, true);
        let gone = (Category::EntityNotFound, "DeletedEntityAccess");
        assert_eq!(c("type", Value::Rel(r), &g).unwrap(), s("T"));
        assert_eq!(c("id", Value::Node(a), &g).unwrap(), int(a.0 as i64));
        assert_eq!(c("startNode", Value::Rel(r), &g).unwrap(), Value::Node(a));
        assert_eq!(code(c("labels", Value::Node(a), &g)), gone);
        assert_eq!(code(c("keys", Value::Node(a), &g)), gone);
        assert_eq!(code(c("properties", Value::Rel(r), &g)), gone);
    }
}
