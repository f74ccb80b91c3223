//! The catalog's rows kept beside the index: the rows of a file are those the store gives, under every change
//! that could make them stale, and a file that cannot be trusted is never used.

use super::catalog_build::read_rows;
use super::config::ScoringConfig;
use super::row::Row;
use super::row_cache::{fingerprint, RowCache, FOLDER, HEADER};
use crate::index::{DocRef, PostingIndex};
use crate::ingest::{Encoding, Format, Ingestor};
use crate::model::{Cohort, EducationLevel, MajorCode, MajorRequirement, PostingKind, RegionCode, VolunteerTrack};
use crate::taxonomy::Taxonomy;

// The crate's fixtures build catalogs themselves: this folder's files may not use them (no cycle between
// folders), so these tests make their own index.

/// The committed sample's file of `format` ingested into `index` and committed: a segment of its own.
fn ingest_sample(index: &PostingIndex, format: Format) {
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/sample");
    let mut ingestor = Ingestor::new(Taxonomy::embedded(), index).expect("ingestor");
    ingestor.reading_on(chrono::NaiveDate::from_ymd_opt(2026, 11, 1).expect("day"));
    let file = sample.join(format.sample_file());
    ingestor.ingest_file(format, &file, Encoding::Auto, &mut |_, _| {}).expect("ingest");
    ingestor.commit().expect("commit");
}

/// The sample's tuantuan and generic postings in a fresh index (a segment each), their files of rows written,
/// then every `step`-th posting deleted. The folder lives as long as the guard.
fn index_with_deletions(step: usize) -> (tempfile::TempDir, PostingIndex) {
    let dir = tempfile::tempdir().expect("dir");
    let index = PostingIndex::open_or_create(dir.path()).expect("index");
    for format in [Format::Tuantuan, Format::Generic] {
        ingest_sample(&index, format);
    }
    let config = ScoringConfig::builtin();
    let (rows, _) = read_rows(Taxonomy::embedded(), &index.snapshot(), &config, None).expect("rows");
    let ids: Vec<_> = rows.iter().step_by(step).map(|(_, row)| row.id.clone()).collect();
    assert!(index.delete(&ids).expect("delete") > 10, "postings deleted");
    assert!(index.snapshot().segment_sizes().len() >= 2, "several segments");
    (dir, index)
}

/// Rows with where their documents are, as a build reads them.
type Rows = Vec<(DocRef, Row)>;

/// The rows as the store gives them (no file read or written), and as a build reads them, with how many
/// segments came from their files.
fn both(index: &PostingIndex, config: &ScoringConfig) -> (Rows, Rows, usize) {
    let taxonomy = Taxonomy::embedded();
    let (stored, none) = read_rows(taxonomy, &index.snapshot().without_dir(), config, None).expect("store");
    assert_eq!(none, 0, "an index without a folder keeps no file");
    let (built, kept) = read_rows(taxonomy, &index.snapshot(), config, None).expect("rows");
    (stored, built, kept)
}

fn files(index: &PostingIndex) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = match std::fs::read_dir(index.dir().join(FOLDER)) {
        Ok(entries) => entries.flatten().map(|e| e.path()).collect(),
        Err(_) => Vec::new(),
    };
    files.sort();
    files
}

#[test]
fn a_segments_rows_come_from_its_file_and_are_those_of_the_store_after_deletions() {
    // Reading the rows to choose what to delete wrote every segment's file; the deletions came after.
    let (_dir, index) = index_with_deletions(7);
    let config = ScoringConfig::builtin();
    let segments = index.snapshot().segment_sizes().len();
    let (stored, built, kept) = both(&index, &config);
    assert_eq!(kept, segments, "every segment's rows came from its file");
    assert!(stored.len() > 100, "{}", stored.len());
    assert_eq!(built, stored, "the deleted postings stay out");
    #[cfg(unix)]
    for file in files(&index) {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).expect("file").permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{} is readable by its owner only", file.display());
    }

    // More deleted since, and a new segment: its rows are read from the store, the others' from their files.
    let (_, built, _) = both(&index, &config);
    let ids: Vec<_> = built.iter().step_by(5).map(|(_, row)| row.id.clone()).collect();
    assert!(index.delete(&ids).expect("delete") > 10);
    let before = index.snapshot().segment_ids();
    ingest_sample(&index, Format::Yangfan);
    let after = index.snapshot().segment_ids();
    let segments = after.len();
    let old = after.iter().filter(|s| before.contains(s)).count();
    assert!(old < segments, "the ingest made a segment");
    let (stored, built, kept) = both(&index, &config);
    assert_eq!(kept, old, "the new segments have no file yet");
    assert_eq!(built, stored);
    let (stored, built, kept) = both(&index, &config);
    assert_eq!((kept, built == stored), (segments, true), "now it has");
}

#[test]
fn a_file_made_under_other_campaigns_is_not_used_and_is_made_anew() {
    let (_dir, index) = index_with_deletions(9);
    let segments = index.snapshot().segment_sizes().len();
    let builtin = both(&index, &ScoringConfig::builtin()).0;
    let mut config = ScoringConfig::builtin();
    config.campaigns[0].keywords.push("销售".into());
    let (stored, built, kept) = both(&index, &config);
    assert_eq!(kept, 0, "the files were made under the built-in campaigns");
    assert_eq!(built, stored);
    assert_ne!(
        stored.iter().map(|(_, row)| row.campaigns).collect::<Vec<_>>(),
        builtin.iter().map(|(_, row)| row.campaigns).collect::<Vec<_>>(),
        "a new keyword marks other postings: a stale file would be seen"
    );
    let (stored, built, kept) = both(&index, &config);
    assert_eq!((kept, built == stored), (segments, true));
}

#[test]
fn a_broken_file_is_a_miss_and_is_written_anew() {
    let (_dir, index) = index_with_deletions(11);
    let config = ScoringConfig::builtin();
    let segments = index.snapshot().segment_sizes().len();
    // Made after the deletions, so that a file written anew is the same.
    std::fs::remove_dir_all(index.dir().join(FOLDER)).expect("remove");
    assert_eq!(both(&index, &config).2, 0);
    let file = files(&index).into_iter().next().expect("a file");
    let good = std::fs::read(&file).expect("read");
    let mut flipped = good.clone();
    let last = flipped.len() - 1;
    flipped[last] ^= 0x20;
    let mut other_size = good.clone();
    other_size[16] ^= 1;
    let breakages: [(&str, Vec<u8>); 5] = [
        ("a flipped bit", flipped),
        ("cut short", good[..good.len() / 2].to_vec()),
        ("empty", Vec::new()),
        ("another segment size", other_size),
        ("not a row file", b"JQROWS01 and then nothing of the kind".to_vec()),
    ];
    for (what, bytes) in breakages {
        std::fs::write(&file, &bytes).expect("write");
        let (stored, built, kept) = both(&index, &config);
        assert_eq!((kept, built == stored), (segments - 1, true), "{what}");
        assert_eq!(std::fs::read(&file).expect("read"), good, "{what}: written anew");
    }

    // A folder that cannot be written costs time only.
    std::fs::remove_dir_all(index.dir().join(FOLDER)).expect("remove");
    std::fs::write(index.dir().join(FOLDER), b"in the way").expect("a file where the folder goes");
    let (stored, built, kept) = both(&index, &config);
    assert_eq!((kept, built == stored), (0, true));
}

#[test]
fn rows_of_any_shape_decode_as_written_and_damage_never_panics() {
    let taxonomy = Taxonomy::embedded();
    let dir = tempfile::tempdir().expect("dir");
    let config = ScoringConfig::builtin();
    let cache = RowCache::new(dir.path(), taxonomy, &config.campaigns);
    let plain = Row {
        id: "generic:X-1".parse().expect("id"),
        region: RegionCode::nationwide(),
        cohorts: Vec::new(),
        min_education: EducationLevel::ALL[0],
        industry: None,
        industry_section: 0,
        occupation: None,
        majors: Vec::new(),
        preferred_majors: Vec::new(),
        headcount: None,
        pay_min: 0,
        pay_max: 0,
        posted: i32::MIN,
        expires: i32::MAX,
        campaigns: 0,
        kind: PostingKind::ALL[0],
        track: None,
    };
    let full = Row {
        id: "扬帆潇湘:岗位-７".parse().expect("id"),
        region: "431202".parse().expect("region"),
        cohorts: Cohort::ALL.to_vec(),
        min_education: *EducationLevel::ALL.last().expect("levels"),
        industry: Some("6510".into()),
        industry_section: b'I',
        occupation: Some("2-02-10-03".into()),
        majors: vec![
            MajorRequirement::Major(MajorCode("080901".into())),
            MajorRequirement::Class(MajorCode("0809".into())),
        ],
        preferred_majors: vec![MajorRequirement::Category(MajorCode("08".into()))],
        headcount: Some(0),
        pay_min: u32::MAX,
        pay_max: 1,
        posted: -1,
        expires: 0,
        campaigns: 0b111,
        kind: *PostingKind::ALL.last().expect("kinds"),
        track: VolunteerTrack::ALL.last().copied(),
    };
    let segment = crate::index::SegmentId::generate_random();
    let rows = vec![(DocRef { segment: 3, doc: 0 }, plain), (DocRef { segment: 3, doc: 41 }, full)];
    cache.write(segment, 42, &rows);
    let none_deleted = |_| false;
    let read = cache.read(segment, 3, 42, 2, &none_deleted).expect("read back");
    assert_eq!(read, rows);
    assert!(cache.read(segment, 3, 42, 3, &none_deleted).is_none(), "a live document the file lacks");
    let read = cache.read(segment, 3, 42, 1, &|doc| doc == 0).expect("one deleted");
    assert_eq!(read, rows[1..]);

    // Damage that keeps the checksum right (a bug, or a file made on purpose): a miss or rows, never a panic.
    let path = std::fs::read_dir(dir.path().join(FOLDER)).expect("folder").flatten().next().expect("file").path();
    let good = std::fs::read(&path).expect("file");
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let header = HEADER;
    let mut misses = 0;
    for _ in 0..3000 {
        let mut bytes = good.clone();
        for _ in 0..1 + next() % 3 {
            let at = header + (next() as usize) % (bytes.len() - header);
            bytes[at] = next() as u8;
        }
        let checksum = crc32fast::hash(&bytes[header..]).to_le_bytes();
        bytes[32..36].copy_from_slice(&checksum);
        std::fs::write(&path, &bytes).expect("write");
        if cache.read(segment, 3, 42, 2, &none_deleted).is_none() {
            misses += 1;
        }
    }
    assert!(misses > 1000, "most damage is seen: {misses}");

    // Not a plain file: never read (a pipe there would block the read for ever).
    std::fs::remove_file(&path).expect("remove");
    std::fs::create_dir(&path).expect("a folder where the file goes");
    assert!(cache.read(segment, 3, 42, 2, &none_deleted).is_none());
}

#[test]
fn files_of_segments_merged_away_are_removed() {
    let (_dir, index) = index_with_deletions(13);
    let config = ScoringConfig::builtin();
    let before = files(&index);
    assert!(before.len() >= 2, "{before:?}");
    index.compact().expect("merge");
    let (stored, built, kept) = both(&index, &config);
    assert_eq!((kept, built == stored), (0, true));
    let after = files(&index);
    assert_eq!(after.len(), 1, "only the merged segment's: {after:?}");
    assert!(!before.contains(&after[0]));
}

#[test]
fn the_fingerprint_follows_the_industries_table_and_every_campaign_field_rows_depend_on() {
    let taxonomy = Taxonomy::embedded();
    let config = ScoringConfig::builtin();
    let base = fingerprint(taxonomy, &config.campaigns);
    assert_eq!(base, fingerprint(taxonomy, &ScoringConfig::builtin().campaigns), "the same inputs, the same file");
    let mut other = taxonomy.clone();
    let text = include_str!("../../../data/reference/industry_gbt4754_2017_full.csv").replacen("\n65,2,", "\n65,3,", 1);
    other.industries = crate::taxonomy::IndustryTable::load(&text).expect("table");
    assert_ne!(base, fingerprint(&other, &config.campaigns), "another industries table");
    let changes: [fn(&mut super::Campaign); 4] = [
        |c| c.industries.push("M".into()),
        |c| c.keywords.push("销售".into()),
        |c| c.code.push('x'),
        |c| c.keywords.clear(),
    ];
    for change in changes {
        let mut campaigns = config.campaigns.clone();
        change(&mut campaigns[0]);
        assert_ne!(base, fingerprint(taxonomy, &campaigns));
    }
    let mut boosted = config.campaigns.clone();
    boosted[0].boost += 1.0;
    boosted[0].name.push('x');
    assert_eq!(base, fingerprint(taxonomy, &boosted), "a boost or a name does not change a row");
}

#[test]
fn two_configurations_keep_their_own_files_and_a_segment_keeps_a_few() {
    let (_dir, index) = index_with_deletions(17);
    let segments = index.snapshot().segment_sizes().len();
    let builtin = ScoringConfig::builtin();
    let mut configs = Vec::new();
    for word in ["销售", "客服", "会计", "教师", "护士"] {
        let mut config = ScoringConfig::builtin();
        config.campaigns[0].keywords.push(word.into());
        configs.push(config);
    }
    both(&index, &builtin);
    both(&index, &configs[0]);
    assert_eq!(both(&index, &builtin).2, segments, "the built-in campaigns' files stay beside the others'");
    assert_eq!(both(&index, &configs[0]).2, segments);
    for config in &configs {
        both(&index, config);
    }
    assert_eq!(files(&index).len(), 4 * segments, "four files a segment at most: {:?}", files(&index));
}
