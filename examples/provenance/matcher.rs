//! Finds where a document names an entity, for the generated `MENTIONS` relationships of
//! the bundled graph.
//!
//! Text and names are cut into words: runs of letters or digits, split again where letters
//! meet digits (so the footnote mark of `Kim1)` does not hide `Kim`, and `R&D`, `R & D` and
//! `R&D` all read `R D`). A name matches a run of words, ignoring case unless the name has
//! no lower-case letter (`AI`, `US`, `MS` are acronyms: the pronoun "us" is not the United
//! States). Lines are scanned from the top, words from the left, and at every word the
//! longest name that starts there wins and consumes its words: "Memorial Sloan-Kettering
//! Cancer Center" is a mention of the hospital, not of cancer, and "Korean" never reads as
//! "Korea". A name may run past the end of a line into the start of the next non-blank
//! line, or of the two after it: the text of a two-column page interleaves the columns line
//! by line, so the rest of a sentence is often two lines further down.

use std::collections::{BTreeMap, BTreeSet, HashMap};

/// How many following non-blank lines a name broken at a line end may continue on.
const CONTINUATION_LINES: usize = 3;

/// The words of `text`, in order.
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut last_digit = None;
    for c in text.chars() {
        if !c.is_alphanumeric() {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            last_digit = None;
            continue;
        }
        let digit = c.is_numeric();
        if last_digit.is_some_and(|d| d != digit) && !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
        word.push(c);
        last_digit = Some(digit);
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// One spelling of an entity's name.
struct Name {
    entity: String,
    words: Vec<String>,
    /// Compare exactly (acronyms); otherwise the words are lower-cased.
    exact: bool,
}

/// The names of every entity, indexed by their first word (lower-cased).
pub struct Matcher {
    names: Vec<Name>,
    by_first: HashMap<String, Vec<usize>>,
}

/// A place in a document: (line index, word index in that line).
type At = (usize, usize);

impl Matcher {
    /// `names` are (entity id, spelling) pairs; spellings without a word are ignored.
    pub fn new<'a>(names: impl IntoIterator<Item = (&'a str, &'a str)>) -> Matcher {
        let mut m = Matcher { names: Vec::new(), by_first: HashMap::new() };
        let mut seen = BTreeSet::new();
        for (entity, spelling) in names {
            let exact = !spelling.chars().any(char::is_lowercase) && spelling.chars().any(char::is_uppercase);
            let mut words = words(spelling);
            if words.is_empty() {
                continue;
            }
            if !exact {
                words = words.iter().map(|w| w.to_lowercase()).collect();
            }
            if !seen.insert((entity.to_string(), words.clone(), exact)) {
                continue;
            }
            m.by_first.entry(words[0].to_lowercase()).or_default().push(m.names.len());
            m.names.push(Name { entity: entity.to_string(), words, exact });
        }
        m
    }

    /// For every entity named in `text`, the 1-based numbers of the lines that name it.
    pub fn find(&self, text: &str) -> BTreeMap<String, BTreeSet<usize>> {
        let lines: Vec<Vec<String>> = text.split('\n').map(|l| words(l.strip_suffix('\r').unwrap_or(l))).collect();
        let lower: Vec<Vec<String>> = lines.iter().map(|l| l.iter().map(|w| w.to_lowercase()).collect()).collect();
        let mut used: BTreeSet<At> = BTreeSet::new();
        let mut found: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
        for l in 0..lines.len() {
            let mut w = 0;
            while w < lines[l].len() {
                if used.contains(&(l, w)) {
                    w += 1;
                    continue;
                }
                // the longest spelling that starts here, with every entity spelled that way
                let mut best: Option<(Vec<At>, Vec<&str>)> = None;
                for &i in self.by_first.get(&lower[l][w]).into_iter().flatten() {
                    let name = &self.names[i];
                    let Some(span) = self.match_at(name, &lines, &lower, &used, (l, w)) else { continue };
                    match &mut best {
                        Some((s, entities)) if s.len() == span.len() => entities.push(&name.entity),
                        Some((s, _)) if s.len() > span.len() => {}
                        _ => best = Some((span, vec![&name.entity])),
                    }
                }
                let Some((span, entities)) = best else {
                    w += 1;
                    continue;
                };
                let cited: BTreeSet<usize> = span.iter().map(|&(line, _)| line + 1).collect();
                for e in entities {
                    found.entry(e.to_string()).or_default().extend(&cited);
                }
                used.extend(span.iter().copied());
                w += 1;
            }
        }
        found
    }

    /// The words `name` covers when it starts at `start`, if it does.
    fn match_at(&self, name: &Name, lines: &[Vec<String>], lower: &[Vec<String>], used: &BTreeSet<At>, start: At) -> Option<Vec<At>> {
        let mut span = Vec::with_capacity(name.words.len());
        if self.continue_match(name, 0, start, lines, lower, used, &mut span) { Some(span) } else { None }
    }

    /// Matches `name.words[k..]` from `at`, breaking onto a following line at a line end.
    #[allow(clippy::too_many_arguments)]
    fn continue_match(
        &self,
        name: &Name,
        k: usize,
        at: At,
        lines: &[Vec<String>],
        lower: &[Vec<String>],
        used: &BTreeSet<At>,
        span: &mut Vec<At>,
    ) -> bool {
        if k == name.words.len() {
            return true;
        }
        let (l, w) = at;
        if w == lines[l].len() {
            // the line ends inside the name: try the start of the next non-blank lines
            if k == 0 {
                return false;
            }
            let next = (l + 1..lines.len()).filter(|&n| !lines[n].is_empty()).take(CONTINUATION_LINES);
            for n in next.collect::<Vec<_>>() {
                let keep = span.len();
                if self.continue_match(name, k, (n, 0), lines, lower, used, span) {
                    return true;
                }
                span.truncate(keep);
            }
            return false;
        }
        if used.contains(&at) {
            return false;
        }
        let text = if name.exact { &lines[l][w] } else { &lower[l][w] };
        if *text != name.words[k] {
            return false;
        }
        span.push(at);
        self.continue_match(name, k + 1, (l, w + 1), lines, lower, used, span)
    }
}
