//! A forgiving tokenizer for text being typed: it never fails, and an unterminated string
//! or comment simply runs to the end. Highlighting and completion read its tokens; the real
//! parser (in `syntax`) is not involved.

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A name or keyword.
    Word,
    /// A `` `quoted name` ``.
    Quoted,
    /// A string literal (single or double quotes).
    Str,
    Number,
    Comment,
    /// `$name`.
    Param,
    Space,
    /// Any other single character: brackets, operators, `;`, `:`, `.`.
    Punct,
}

/// One token: its kind and byte range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
    /// False for a string, quoted name or block comment still open at the end of the text.
    pub closed: bool,
}

impl Token {
    pub fn text<'t>(&self, src: &'t str) -> &'t str {
        &src[self.start..self.end]
    }
}

pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The tokens of `src`, covering it from start to end.
pub fn tokens(src: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut chars = src.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let mut closed = true;
        let kind = match c {
            '\'' | '"' | '`' => {
                closed = false;
                while let Some((_, d)) = chars.next() {
                    if d == '\\' && c != '`' {
                        chars.next();
                    } else if d == c {
                        closed = true;
                        break;
                    }
                }
                if c == '`' { Kind::Quoted } else { Kind::Str }
            }
            '/' if matches!(chars.peek(), Some((_, '/'))) => {
                while chars.next_if(|&(_, d)| d != '\n').is_some() {}
                Kind::Comment
            }
            '/' if matches!(chars.peek(), Some((_, '*'))) => {
                chars.next();
                closed = false;
                let mut prev = ' ';
                for (_, d) in chars.by_ref() {
                    if prev == '*' && d == '/' {
                        closed = true;
                        break;
                    }
                    prev = d;
                }
                Kind::Comment
            }
            '$' => {
                while chars.next_if(|&(_, d)| is_word_char(d)).is_some() {}
                Kind::Param
            }
            c if c.is_ascii_digit() => {
                while chars.next_if(|&(_, d)| d.is_ascii_alphanumeric() || d == '_').is_some() {}
                // a fraction, unless it is the start of a range `1..3`
                let mut ahead = src[start..].char_indices().skip_while(|(_, d)| d.is_ascii_alphanumeric() || *d == '_');
                if let (Some((_, '.')), Some((_, d))) = (ahead.next(), ahead.next())
                    && d.is_ascii_digit()
                {
                    chars.next();
                    while chars.next_if(|&(_, d)| d.is_ascii_alphanumeric() || d == '_').is_some() {}
                }
                Kind::Number
            }
            c if is_word_char(c) => {
                while chars.next_if(|&(_, d)| is_word_char(d)).is_some() {}
                Kind::Word
            }
            c if c.is_whitespace() => {
                while chars.next_if(|&(_, d)| d.is_whitespace()).is_some() {}
                Kind::Space
            }
            _ => Kind::Punct,
        };
        let end = chars.peek().map_or(src.len(), |&(i, _)| i);
        out.push(Token { kind, start, end, closed });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<(Kind, &str)> {
        tokens(src).iter().filter(|t| t.kind != Kind::Space).map(|t| (t.kind, t.text(src))).collect()
    }

    #[test]
    fn splits_a_query() {
        assert_eq!(
            kinds("MATCH (n:`A b`) WHERE n.x > 1.5 // c\nRETURN 'it\\'s', $p, 1..3"),
            vec![
                (Kind::Word, "MATCH"),
                (Kind::Punct, "("),
                (Kind::Word, "n"),
                (Kind::Punct, ":"),
                (Kind::Quoted, "`A b`"),
                (Kind::Punct, ")"),
                (Kind::Word, "WHERE"),
                (Kind::Word, "n"),
                (Kind::Punct, "."),
                (Kind::Word, "x"),
                (Kind::Punct, ">"),
                (Kind::Number, "1.5"),
                (Kind::Comment, "// c"),
                (Kind::Word, "RETURN"),
                (Kind::Str, "'it\\'s'"),
                (Kind::Punct, ","),
                (Kind::Param, "$p"),
                (Kind::Punct, ","),
                (Kind::Number, "1"),
                (Kind::Punct, "."),
                (Kind::Punct, "."),
                (Kind::Number, "3"),
            ]
        );
    }

    #[test]
    fn unterminated_pieces_run_to_the_end() {
        let t = tokens("RETURN '한국; /* x");
        assert_eq!(t.last().map(|t| (t.kind, t.closed)), Some((Kind::Str, false)));
        let t = tokens("RETURN 1 /* open");
        assert_eq!(t.last().map(|t| (t.kind, t.closed)), Some((Kind::Comment, false)));
        assert_eq!(tokens("").len(), 0);
    }
}
