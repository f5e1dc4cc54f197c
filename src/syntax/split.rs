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
    let mut lexer = Lexer::default();
    for (i, b) in script.bytes().enumerate() {
        if lexer.step(b) == Class::Terminator {
            push(&mut out, script, start, i, true);
            start = i + 1;
        }
    }
    if lexer.in_block_comment() {
        // not blank: the parser reports the comment that is never closed
        out.push(StatementText { text: &script[start..], offset: start, terminated: false });
    } else {
        push(&mut out, script, start, script.len(), false);
    }
    out
}

/// A statement found by [`Splitter`], owned (the input it came from is gone).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statement {
    /// The text without its terminating `;`.
    pub text: String,
    /// Byte offset of `text` in everything fed so far.
    pub offset: usize,
    /// 1-based line and column (in characters) where `text` starts.
    pub line: usize,
    pub column: usize,
}

/// Splits input that arrives piece by piece (a pipe, a terminal): feed it text as it comes
/// and take each statement as soon as its `;` has arrived. State carries across pieces, so
/// a string, name or comment may span them. Only the unfinished statement is kept.
#[derive(Debug)]
pub struct Splitter {
    lexer: Lexer,
    /// Text of the unfinished statement.
    pending: String,
    /// How many bytes of `pending` the lexer has seen.
    scanned: usize,
    /// Offset, line and column of `pending`'s start in the whole input.
    offset: usize,
    line: usize,
    column: usize,
}

impl Default for Splitter {
    fn default() -> Self {
        Splitter { lexer: Lexer::default(), pending: String::new(), scanned: 0, offset: 0, line: 1, column: 1 }
    }
}

impl Splitter {
    pub fn new() -> Self {
        Self::default()
    }

    /// Bytes of the statement not finished yet.
    pub fn pending_len(&self) -> usize {
        self.pending.len()
    }

    /// Adds input.
    pub fn feed(&mut self, text: &str) {
        self.pending.push_str(text);
    }

    /// The next complete, non-blank statement, if its terminating `;` has arrived.
    pub fn next_statement(&mut self) -> Option<Statement> {
        while self.scanned < self.pending.len() {
            let i = self.scanned;
            self.scanned += 1;
            if self.lexer.step(self.pending.as_bytes()[i]) == Class::Terminator {
                let st = self.take(i, i + 1);
                if let Some(st) = st {
                    return Some(st);
                }
            }
        }
        None
    }

    /// What is left after the last `;` (the end of the input has been reached), unless it
    /// is blank.
    pub fn finish(&mut self) -> Option<Statement> {
        while self.next_statement().is_some() {}
        let end = self.pending.len();
        // a comment never closed is not blank: the parser reports it
        let open = self.lexer.in_block_comment();
        self.cut(end, end, open)
    }

    /// Cuts `pending[..end]` as a statement and drops `pending[..resume]`.
    fn take(&mut self, end: usize, resume: usize) -> Option<Statement> {
        self.cut(end, resume, false)
    }

    /// [`Splitter::take`], keeping a blank statement too when `keep_blank`.
    fn cut(&mut self, end: usize, resume: usize, keep_blank: bool) -> Option<Statement> {
        let text = self.pending[..end].to_string();
        let st = Statement { text, offset: self.offset, line: self.line, column: self.column };
        for c in self.pending[..resume].chars() {
            if c == '\n' {
                self.line += 1;
                self.column = 1;
            } else {
                self.column += 1;
            }
        }
        self.offset += resume;
        self.pending.drain(..resume);
        self.scanned -= resume.min(self.scanned);
        let piece = StatementText { text: &st.text, offset: 0, terminated: true };
        if piece.is_blank() && !keep_blank { None } else { Some(st) }
    }
}

fn push<'a>(out: &mut Vec<StatementText<'a>>, script: &'a str, start: usize, end: usize, terminated: bool) {
    let piece = StatementText { text: &script[start..end], offset: start, terminated };
    if !piece.is_blank() {
        out.push(piece);
    }
}

/// The text with comments replaced by spaces (byte offsets are kept).
pub fn strip_comments(text: &str) -> String {
    let mut out = text.as_bytes().to_vec();
    let mut lexer = Lexer::default();
    for (i, b) in text.bytes().enumerate() {
        let class = lexer.step(b);
        if class == Class::CommentStart {
            // the `/` before was the comment's first byte
            out[i - 1] = b' ';
        }
        if matches!(class, Class::Comment | Class::CommentStart) && b != b'\n' {
            out[i] = b' ';
        }
    }
    // Blanking whole comments keeps UTF-8 valid: every byte of a character inside a
    // comment is replaced, and code bytes are untouched.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// What one byte of input is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    /// Code, including the contents of strings and quoted names.
    Code,
    /// A top-level `;`.
    Terminator,
    /// Inside a comment (or its closing `*/`).
    Comment,
    /// The second byte of `//` or `/*`: this byte and the one before open a comment.
    CommentStart,
}

/// A byte-at-a-time lexer that knows just enough to find top-level `;`: quotes (with `\`
/// escapes in strings, not in backquoted names) and comments. All the bytes it looks for
/// are ASCII, so the bytes of multi-byte characters never confuse it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Lexer {
    #[default]
    Code,
    /// A `/` that may open a comment.
    Slash,
    Quote(u8),
    Escape(u8),
    LineComment,
    BlockComment,
    /// A `*` inside a block comment, which may close it.
    BlockStar,
}

impl Lexer {
    /// Whether the input so far ends inside a `/* … */` comment.
    fn in_block_comment(&self) -> bool {
        matches!(self, Lexer::BlockComment | Lexer::BlockStar)
    }

    fn step(&mut self, b: u8) -> Class {
        match *self {
            Lexer::Slash if b == b'/' => {
                *self = Lexer::LineComment;
                Class::CommentStart
            }
            Lexer::Slash if b == b'*' => {
                *self = Lexer::BlockComment;
                Class::CommentStart
            }
            Lexer::Slash | Lexer::Code => {
                *self = Lexer::Code;
                match b {
                    b';' => Class::Terminator,
                    b'\'' | b'"' | b'`' => {
                        *self = Lexer::Quote(b);
                        Class::Code
                    }
                    b'/' => {
                        *self = Lexer::Slash;
                        Class::Code
                    }
                    _ => Class::Code,
                }
            }
            Lexer::Quote(q) => {
                if b == b'\\' && q != b'`' {
                    *self = Lexer::Escape(q);
                } else if b == q {
                    *self = Lexer::Code;
                }
                Class::Code
            }
            Lexer::Escape(q) => {
                *self = Lexer::Quote(q);
                Class::Code
            }
            Lexer::LineComment => {
                if b == b'\n' {
                    *self = Lexer::Code;
                    return Class::Code;
                }
                Class::Comment
            }
            Lexer::BlockComment | Lexer::BlockStar => {
                *self = match (b, *self) {
                    (b'/', Lexer::BlockStar) => Lexer::Code,
                    (b'*', _) => Lexer::BlockStar,
                    _ => Lexer::BlockComment,
                };
                Class::Comment
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
    fn splitter_agrees_with_split_statements_whatever_the_pieces() {
        let script = "RETURN 'a;b' AS x; // c;\nMATCH (n) /* ; */ RETURN `q;` ;\n\n RETURN '한;국'; RETURN 4";
        let whole: Vec<(String, usize)> = split_statements(script).iter().map(|p| (p.text.to_string(), p.offset)).collect();
        for chunk in [1, 2, 3, 7, 100] {
            let mut sp = Splitter::new();
            let mut got = Vec::new();
            let mut rest = script;
            while !rest.is_empty() {
                let mut cut = chunk.min(rest.len());
                while !rest.is_char_boundary(cut) {
                    cut += 1;
                }
                sp.feed(&rest[..cut]);
                rest = &rest[cut..];
                got.extend(std::iter::from_fn(|| sp.next_statement()).map(|s| (s.text, s.offset)));
            }
            got.extend(sp.finish().map(|s| (s.text, s.offset)));
            assert_eq!(got, whole, "pieces of {chunk} bytes");
        }
    }

    #[test]
    fn splitter_yields_a_statement_as_soon_as_its_semicolon_arrives() {
        let mut sp = Splitter::new();
        sp.feed("CREATE (:A);\nRETURN");
        let first = sp.next_statement().unwrap();
        assert_eq!((first.text.as_str(), first.line), ("CREATE (:A)", 1));
        assert_eq!(sp.next_statement(), None);
        sp.feed(" 1;");
        let second = sp.next_statement().unwrap();
        assert_eq!((second.text.trim(), second.line, second.column), ("RETURN 1", 1, 13));
        assert_eq!(sp.finish(), None);
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
