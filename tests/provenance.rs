//! The generated provenance files of the bundled graph: the name matcher behind
//! `MENTIONS` (examples/provenance/matcher.rs) on small texts, the mistakes an audit found
//! in earlier MENTIONS rows, and, when the source documents are at hand (`IEUM_SEEDS_DIR`
//! or `IEUM_DOCUMENTS`), that `MENTIONS.csv` and `lines.csv` are exactly what
//! `cargo run --example provenance -- DIR` writes from them.

#[path = "../examples/provenance/generate.rs"]
mod generate;
#[path = "../examples/provenance/matcher.rs"]
mod matcher;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use matcher::{Matcher, words};

fn found(names: &[(&str, &str)], text: &str) -> BTreeMap<String, Vec<usize>> {
    Matcher::new(names.iter().copied()).find(text).into_iter().map(|(e, l)| (e, l.into_iter().collect())).collect()
}

fn lines(v: &[usize]) -> Vec<usize> {
    v.to_vec()
}

#[test]
fn words_split_at_punctuation_and_between_letters_and_digits() {
    assert_eq!(words("Han-hae Kim1), Sung-han Nam2)1)"), ["Han", "hae", "Kim", "1", "Sung", "han", "Nam", "2", "1"]);
    assert_eq!(words("U.S.FDA’s R&D (COVID-19)"), ["U", "S", "FDA", "s", "R", "D", "COVID", "19"]);
    assert_eq!(words("셀트리온의 램시마"), ["셀트리온의", "램시마"]);
    assert!(words(" — ").is_empty());
}

#[test]
fn the_longest_name_at_a_place_wins() {
    let names = [("cancer", "Cancer"), ("mskcc", "Memorial Sloan-Kettering Cancer Center"), ("mskcc", "MSKCC")];
    let f = found(&names, "Its tutors came from Memorial Sloan-Kettering Cancer Center (MSKCC).\nCancer is a focus elsewhere.");
    assert_eq!(f["mskcc"], lines(&[1]));
    assert_eq!(f["cancer"], lines(&[2]), "the hospital's name is not a mention of cancer");
}

#[test]
fn a_name_broken_at_a_line_end_is_found_on_both_lines() {
    let names = [("cancer", "Cancer"), ("mskcc", "Memorial Sloan-Kettering Cancer Center")];
    let f = found(&names, "its tutors: Memorial Sloan-Kettering Cancer\nCenter (MSKCC), New York");
    assert_eq!(f["mskcc"], lines(&[1, 2]));
    assert!(!f.contains_key("cancer"), "{f:?}");
}

#[test]
fn a_name_may_continue_past_the_other_column_of_an_interleaved_page() {
    // two columns interleaved line by line: the rest of "The Human" is two lines down
    let names = [("genomics", "Genome"), ("hgp", "Human Genome Project"), ("uk", "100,000 Genome Project")];
    let text = "left column: long ago the Human\n\nright column: other words\n\nGenome Project was finished\n\nleft again: the UK funds the 100,000\n\nright again: unrelated\n\nGenome Project every year\n\nareas: genome (3%)";
    let f = found(&names, text);
    assert_eq!(f["hgp"], lines(&[1, 5]));
    assert_eq!(f["uk"], lines(&[7, 11]));
    assert_eq!(f["genomics"], lines(&[13]), "the projects' names are not mentions of genomics");
    // no further than three non-blank lines down
    let far = found(&names, "The Human\na\nb\nc\nGenome Project");
    assert!(!far.contains_key("hgp") && far["genomics"] == lines(&[5]), "{far:?}");
}

#[test]
fn a_name_is_not_found_inside_a_longer_word() {
    let names = [("korea", "Korea"), ("korea", "South Korea")];
    let f = found(&names, "Translated by machine; the Korean original governs.\nSouth Korea's firms");
    assert_eq!(f["korea"], lines(&[2]));
}

#[test]
fn acronyms_match_only_in_capitals_and_other_names_in_any_case() {
    let names = [("us", "US"), ("us", "United States"), ("ms", "MS"), ("bio", "Bio industry")];
    let f = found(&names, "let us talk\nthe united states and US\nMS, AWS and others\nThe BIO INDUSTRY");
    assert_eq!(f["us"], lines(&[2]));
    assert_eq!(f["ms"], lines(&[3]));
    assert_eq!(f["bio"], lines(&[4]));
}

#[test]
fn footnote_marks_do_not_hide_a_name() {
    let f = found(&[("kim", "Han-hae Kim")], "Han-hae Kim1), Sung-han Nam2)1)");
    assert_eq!(f["kim"], lines(&[1]));
}

#[test]
fn entities_sharing_a_spelling_are_all_found() {
    let f = found(&[("a", "Core Lab"), ("b", "core lab")], "the Core Lab of Ansan");
    assert_eq!(f.keys().collect::<Vec<_>>(), ["a", "b"]);
}

/// The bundled MENTIONS rows: (document id, entity id) -> (lines, evidence).
fn bundled_mentions() -> BTreeMap<(String, String), (BTreeSet<usize>, String)> {
    let (_, rels) = ieum::bundled::files();
    let (_, text) = rels.iter().find(|(p, _)| p.ends_with("/MENTIONS.csv")).expect("MENTIONS.csv is bundled");
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    let col = |n: &str| header.iter().position(|h| h == n).unwrap_or_else(|| panic!("MENTIONS.csv lacks {n}"));
    let (s, e, l, ev) = (col(":START_ID"), col(":END_ID"), col("lines:int[]"), col("evidence"));
    rdr.records()
        .map(|r| {
            let r = r.unwrap();
            let lines = r[l].split(';').map(|n| n.parse().unwrap()).collect();
            ((r[s].to_string(), r[e].to_string()), (lines, r[ev].to_string()))
        })
        .collect()
}

#[test]
fn bundled_mentions_avoid_the_audited_mistakes() {
    let m = bundled_mentions();
    let get = |d: &str, e: &str| m.get(&(d.to_string(), e.to_string())).map(|(l, ev)| (l.clone(), ev.clone()));
    let cited = |d: &str, e: &str| get(d, e).map(|(l, _)| l).unwrap_or_default();
    // "Memorial Sloan-Kettering Cancer Center" (003:618-619) is the hospital
    assert!(cited("doc-003", "cancer").is_disjoint(&[618, 619].into()), "{:?}", cited("doc-003", "cancer"));
    assert_eq!(cited("doc-003", "mskcc"), [618, 619].into());
    // "genome" alone names the R&D area (200, 874); the Genome Project names do not (639, 1359)
    let genomics = cited("doc-003", "genomics");
    assert!(genomics.contains(&200) && genomics.contains(&874), "{genomics:?}");
    assert!(genomics.is_disjoint(&[639, 1359].into()), "{genomics:?}");
    assert_eq!(cited("doc-003", "human-genome-project"), [635, 639].into());
    assert_eq!(cited("doc-003", "uk-100000-genomes-project"), [1355, 1359].into());
    // "original Korean text" (004:88) is not South Korea
    let korea = cited("doc-004", "south-korea");
    assert!(!korea.is_empty() && !korea.contains(&88), "{korea:?}");
    // M&A in the U.S. models (441, 484, 505, 515) is not the strategy recommended for Korea
    let (ma, evidence) = get("doc-003", "m-and-a-strategy").expect("the recommendation is mentioned");
    assert!(ma.is_disjoint(&[441, 484, 505, 515].into()), "{ma:?}");
    assert_eq!(evidence, "inferred", "the strategy is named only by description");
}

/// The source documents' directory, from `IEUM_SEEDS_DIR` or `IEUM_DOCUMENTS`.
fn seeds_dir(test: &str) -> Option<PathBuf> {
    let dir = ["IEUM_SEEDS_DIR", "IEUM_DOCUMENTS"].iter().find_map(std::env::var_os).filter(|d| !d.is_empty()).map(PathBuf::from);
    if dir.is_none() {
        println!("IEUM_SEEDS_DIR and IEUM_DOCUMENTS unset: skipped {test} (it reads the source documents)");
    }
    dir
}

#[test]
fn generated_files_are_up_to_date_with_the_documents() {
    let Some(seeds) = seeds_dir("generated_files_are_up_to_date_with_the_documents") else { return };
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("graph-data");
    let g = generate::read(&dir).unwrap_or_else(|e| panic!("{e}"));
    let docs = generate::documents(&g, &seeds).unwrap_or_else(|e| panic!("{e}"));
    let mentions = generate::mentions(&g, &docs);
    let want = generate::mentions_csv(&mentions).unwrap();
    let have = std::fs::read_to_string(dir.join("relationships/MENTIONS.csv")).unwrap();
    assert!(have == want, "MENTIONS.csv is stale: run cargo run --example provenance -- {}", seeds.display());
    let want = generate::lines_csv(&g, &mentions, &docs).unwrap();
    let have = std::fs::read_to_string(dir.join("lines.csv")).unwrap();
    assert!(have == want, "lines.csv is stale: run cargo run --example provenance -- {}", seeds.display());
    // and the descriptive rows say so
    assert!(mentions.iter().any(|m| m.descriptive && m.entity == "m-and-a-strategy"));
    assert!(generate::mentions_csv(&mentions).unwrap().contains(generate::DESCRIPTIVE));
}
