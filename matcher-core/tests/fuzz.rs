//! Fuzzing by property: every input format and every normaliser takes any input without panicking, and
//! every record read is accounted for. `JINQIAO_FUZZ_CASES` sets the number of cases (CI runs thousands for a
//! bounded time; the default keeps `cargo test` quick). Inputs are arbitrary strings and bytes, and the
//! committed sample mutated (bytes flipped, cut, repeated, spliced), which reaches deeper than random text.

use std::path::Path;
use std::sync::OnceLock;

use matcher_core::{
    clean_line, clean_text, normalize_employer, normalize_title, parse_date, parse_education, parse_major_requirements,
    parse_pay, printable, read_cadres, read_students, resolve_place, Encoding, Format, Ingestor, PostingIndex,
    Taxonomy, TitleClassifier,
};
use proptest::prelude::*;

fn cases(default: u32) -> u32 {
    std::env::var("JINQIAO_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn sample(name: &str) -> &'static [u8] {
    static FILES: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    let files = FILES.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/sample");
        [
            "yangfan.jsonl",
            "xiaochi.csv",
            "tuantuan.json",
            "national.json",
            "generic.csv",
            "students.jsonl",
            "cadres.jsonl",
        ]
        .iter()
        .map(|name| {
            let bytes = std::fs::read(dir.join(name)).unwrap();
            // Fuzz on the first 40 records' worth: long enough for structure, short enough to be quick.
            let cut =
                bytes.iter().enumerate().filter(|(_, b)| **b == b'\n').nth(40).map_or(bytes.len(), |(i, _)| i + 1);
            (name.to_string(), bytes[..cut].to_vec())
        })
        .collect()
    });
    files.iter().find(|(n, _)| n == name).map(|(_, b)| b.as_slice()).unwrap()
}

/// A mutation of some bytes: flips, cuts, insertions of structural characters, repeats.
#[derive(Debug, Clone)]
enum Mutation {
    Flip(usize, u8),
    Cut(usize),
    Insert(usize, Vec<u8>),
    Repeat(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let structural = prop::sample::select(vec![
        b"\"".to_vec(),
        b",".to_vec(),
        b"\n".to_vec(),
        b"\r\n".to_vec(),
        b"{".to_vec(),
        b"}".to_vec(),
        b"[".to_vec(),
        b"\\".to_vec(),
        vec![0],
        vec![0xff, 0xfe],
        "\u{202e}".as_bytes().to_vec(),
        "长沙市".as_bytes().to_vec(),
        b"null".to_vec(),
        b"1e999".to_vec(),
    ]);
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Mutation::Flip(at, b)),
        any::<usize>().prop_map(Mutation::Cut),
        (any::<usize>(), structural).prop_map(|(at, b)| Mutation::Insert(at, b)),
        (any::<usize>(), 1usize..200).prop_map(|(at, n)| Mutation::Repeat(at, n)),
    ]
}

fn mutate(bytes: &[u8], mutations: &[Mutation]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    for m in mutations {
        if out.is_empty() {
            break;
        }
        match m {
            Mutation::Flip(at, b) => {
                let i = at % out.len();
                out[i] = *b;
            }
            Mutation::Cut(at) => out.truncate(at % out.len()),
            Mutation::Insert(at, bytes) => {
                let i = at % out.len();
                out.splice(i..i, bytes.iter().copied());
            }
            Mutation::Repeat(at, n) => {
                let i = at % out.len();
                let end = (i + n).min(out.len());
                let piece = out[i..end].to_vec();
                out.splice(end..end, piece);
            }
        }
    }
    out
}

/// One index for every case: ingestors write to it and are dropped without committing.
fn index() -> &'static PostingIndex {
    static INDEX: OnceLock<(tempfile::TempDir, PostingIndex)> = OnceLock::new();
    &INDEX
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let index = PostingIndex::open_or_create(dir.path()).unwrap();
            (dir, index)
        })
        .1
}

/// Reads bytes as `format`: never a panic; either a whole-file error or every record accounted for.
fn read_as(format: Format, bytes: &[u8]) -> Result<(), TestCaseError> {
    let Ok(text) = Encoding::Auto.decode(bytes, "fuzz") else { return Ok(()) };
    // The index has one writer at a time: cases of the parallel test threads take turns.
    static TURN: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _turn = TURN.lock().unwrap_or_else(|e| e.into_inner());
    let mut ingestor = Ingestor::new(Taxonomy::embedded(), index()).unwrap();
    if let Ok(report) = ingestor.ingest_text(format, &text, "fuzz") {
        prop_assert_eq!(report.accepted + report.merged + report.rejected, report.total);
        for reject in &report.rejects {
            prop_assert!(!reject.errors.is_empty());
            let shown = reject.to_string();
            prop_assert!(!shown.chars().any(|c| c.is_control() && c != '\n'), "{shown:?}");
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(48), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_format_takes_mutated_exports(
        which in 0usize..5,
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        let format = Format::ALL[which];
        let bytes = mutate(sample(format.sample_file()), &mutations);
        read_as(format, &bytes)?;
    }

    #[test]
    fn every_format_takes_arbitrary_bytes(which in 0usize..5, bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        read_as(Format::ALL[which], &bytes)?;
    }

    #[test]
    fn people_files_take_mutated_records(mutations in prop::collection::vec(mutation(), 1..6), students in any::<bool>()) {
        let taxonomy = Taxonomy::embedded();
        let name = if students { "students.jsonl" } else { "cadres.jsonl" };
        let bytes = mutate(sample(name), &mutations);
        let text = String::from_utf8_lossy(&bytes);
        if students {
            if let Ok((good, rejects)) = read_students(taxonomy, &text, "s") {
                prop_assert!(rejects.iter().all(|r| !r.errors.is_empty()));
                prop_assert!(good.iter().all(|s| s.intention.chars().count() <= 2_000));
            }
        } else {
            let _ = read_cadres(taxonomy, &text, "c");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(48) * 8, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_normaliser_takes_any_text(text in "\\PC{0,40}|[\\x00-\\x7f]{0,40}|[0-9一二三万千元月年日/\\-~至以上下.、，,（）()kK薪·]{0,30}") {
        let taxonomy = Taxonomy::embedded();
        let _ = parse_date(&text);
        if let Ok(pay) = parse_pay(&text) {
            if let (Some(lo), Some(hi)) = (pay.min, pay.max) {
                prop_assert!(lo <= hi, "{text}: {lo} > {hi}");
            }
        }
        let _ = parse_education(&text);
        let _ = parse_major_requirements(&taxonomy.majors, &text);
        if let Ok(code) = resolve_place(&taxonomy.regions, &text) {
            prop_assert!(taxonomy.regions.get(code).is_some(), "{text} → unknown {code}");
        }
        let _ = taxonomy.industries.resolve(&text);
        let _ = taxonomy.occupations.resolve(&text);
        let _ = normalize_employer(&text);
        let _ = normalize_title(&text);
        let line = clean_line(&text);
        prop_assert!(!line.chars().any(char::is_control));
        let _ = clean_text(&text);
        prop_assert!(!printable(&text).chars().any(char::is_control));
        static CLASSIFIER: OnceLock<TitleClassifier> = OnceLock::new();
        let classifier = CLASSIFIER.get_or_init(|| TitleClassifier::new(&Taxonomy::embedded().occupations));
        if let Some(found) = classifier.classify(&text) {
            prop_assert!(found.confidence.is_finite());
        }
    }
}
