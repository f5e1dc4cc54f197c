//! Splitting a script into statements at top-level `;`, skipping those inside strings,
//! quoted names and comments.

/// One statement's text and where it starts in the script.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StatementText<'a> {
    /// The text without its terminating `;` (may hold comments and blank space).
    pub text: &'a str,
    /// Byte offset of `text` in the script.
    pub offset: usize,
    /// Whether a `;` ended it (false only for the last piece of a script).
    pub terminated: bool,
}

impl StatementText<'_> {
    /// True when the text holds nothing but white space and comments.
    pub fn is_blank(&self) -> bool {
        strip_comments(self.text).trim().is_empty()
    }
}

/// Splits `script` at every `;` that is not inside a string, a backquoted name or a comment.
/// Pieces that hold only white space and comments are dropped.
pub fn split_statements(script: &str) -> Vec<StatementText<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut scan = Scanner::new(script);
    while let Some((i, c)) = scan.next_code_char() {
        if c == ';' {
            push(&mut out, script, start, i, true);
            start = i + 1;
        }
    }
    push(&mut out, script, start, script.len(), false);
    out
}

fn push<'a>(out: &mut Vec<StatementText<'a>>, script: &'a str, start: usize, end: usize, terminated: bool) {
    let piece = StatementText { text: &script[start..end], offset: start, terminated };
    if !piece.is_blank() {
        out.push(piece);
    }
}

/// The text with comments replaced by spaces (byte offsets are kept).
pub fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut scan = Scanner::new(text);
    let mut last = 0;
    while let Some((i, c)) = scan.next_code_char() {
        // everything between `last` and `i` that was skipped was a comment: blank it
        for ch in text[last..i].chars() {
            out.push(if ch == '\n' { '\n' } else { ' ' });
        }
        out.push(c);
        last = i + c.len_utf8();
    }
    for ch in text[last..].chars() {
        out.push(if ch == '\n' { '\n' } else { ' ' });
    }
    out
}

/// Walks text yielding the characters that are code: string and name contents are yielded
/// (they are code), comment contents are skipped. Quotes are tracked so that a `;` or `//`
/// inside a string is not mistaken for a terminator or a comment.
struct Scanner<'a> {
    chars: std::iter::Peekable<std::str::CharIndices<'a>>,
    quote: Option<char>,
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str) -> Self {
        Scanner { chars: text.char_indices().peekable(), quote: None }
    }

    /// The next character outside comments, with its offset; inside quotes returns the
    /// character but a `;` there is reported as a space so callers never split on it.
    fn next_code_char(&mut self) -> Option<(usize, char)> {
        loop {
            let (i, c) = self.chars.next()?;
            if let Some(q) = self.quote {
                if c == '\\' && q != '`' {
                    // keep the escaped character inside the string
                    if let Some(&(_, next)) = self.chars.peek() {
                        let _ = next;
                        self.chars.next();
                    }
                    return Some((i, '\\'));
                }
                if c == q {
                    self.quote = None;
                }
                return Some((i, if c == ';' { ' ' } else { c }));
            }
            match c {
                '\'' | '"' | '`' => {
                    self.quote = Some(c);
                    return Some((i, c));
                }
                '/' if matches!(self.chars.peek(), Some((_, '/'))) => {
                    for (_, c) in self.chars.by_ref() {
                        if c == '\n' {
                            break;
                        }
                    }
                }
                '/' if matches!(self.chars.peek(), Some((_, '*'))) => {
                    self.chars.next();
                    let mut prev = ' ';
                    for (_, c) in self.chars.by_ref() {
                        if prev == '*' && c == '/' {
                            break;
                        }
                        prev = c;
                    }
                }
                _ => return Some((i, c)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<&str> {
        split_statements(s).into_iter().map(|p| p.text.trim()).collect()
    }

    #[test]
    fn splits_at_top_level_semicolons_only() {
        assert_eq!(texts("RETURN 1; RETURN ';' // x;\n; RETURN `a;b`"), vec!["RETURN 1", "RETURN ';' // x;", "RETURN `a;b`"]);
    }

    #[test]
    fn drops_comment_only_pieces_and_keeps_offsets() {
        let parts = split_statements("/* c; */\nRETURN 1;\n// end;\n");
        assert_eq!(parts.len(), 1);
        assert_eq!(parts[0].offset, 0);
        assert!(parts[0].terminated);
    }

    #[test]
    fn escaped_quote_does_not_end_a_string() {
        assert_eq!(texts(r"RETURN 'it\'s; fine'; RETURN 2"), vec![r"RETURN 'it\'s; fine'", "RETURN 2"]);
    }

    #[test]
    fn strip_comments_keeps_offsets() {
        let s = "RETURN 1 // c\n/* x */ + 2";
        let t = strip_comments(s);
        assert_eq!(t.len(), s.len());
        assert!(t.contains("RETURN 1"));
        assert!(!t.contains("//"));
    }
}
