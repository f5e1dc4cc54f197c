//! Text measured in terminal columns (so Korean and other wide characters line up): cutting
//! to a width, wrapping, and showing control characters that would break a grid.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Terminal columns `s` takes.
pub fn width(s: &str) -> usize {
    s.width()
}

/// Newlines and tabs would break a grid: show them as escapes.
pub fn clean(s: &str) -> String {
    if s.contains(['\n', '\t', '\r']) { s.replace('\n', "\\n").replace('\t', "\\t").replace('\r', "\\r") } else { s.to_string() }
}

/// Cuts `s` to at most `max` terminal columns, marking the cut with `…`.
pub fn truncate(s: &str, max: usize) -> String {
    if s.width() <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw + 1 > max {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out
}

/// Splits `s` into lines of at most `max` terminal columns (at least one character a
/// line), breaking at line breaks in the text as well.
pub fn wrap(s: &str, max: usize) -> Vec<String> {
    let max = max.max(1);
    let mut lines = Vec::new();
    for part in s.split('\n') {
        let part = part.strip_suffix('\r').unwrap_or(part);
        let mut cur = String::new();
        let mut w = 0;
        for c in part.chars() {
            let c = if c == '\t' { ' ' } else { c };
            let cw = c.width().unwrap_or(0);
            if w + cw > max && !cur.is_empty() {
                lines.push(std::mem::take(&mut cur));
                w = 0;
            }
            cur.push(c);
            w += cw;
        }
        lines.push(cur);
    }
    lines
}

/// `n` with thousands separators: 1,234,567.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `1 row`, `2 rows`, `1,000 nodes`: a count with its noun in the right number.
pub fn count(n: u64, singular: &str, plural: &str) -> String {
    format!("{} {}", grouped(n), if n == 1 { singular } else { plural })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_marks_the_cut() {
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("한국어", 5), "한국…");
        assert_eq!(truncate("abc", 4), "abc");
    }

    #[test]
    fn wrapping_counts_columns() {
        assert_eq!(wrap("abcdef", 4), ["abcd", "ef"]);
        assert_eq!(wrap("한국어", 4), ["한국", "어"]);
        assert_eq!(wrap("a\nbc", 10), ["a", "bc"]);
        assert_eq!(wrap("", 3), [""]);
    }

    #[test]
    fn counts_read_well() {
        assert_eq!(count(1, "row", "rows"), "1 row");
        assert_eq!(count(0, "row", "rows"), "0 rows");
        assert_eq!(count(2_999_000, "row", "rows"), "2,999,000 rows");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
    }
}
