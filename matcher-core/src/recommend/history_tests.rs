//! Lists depend on which postings there are, never on how the index came to hold them: after any sequence
//! of ingests, re-ingests, deletions and expiries, recommending gives exactly the lists of a fresh index of
//! the surviving postings; and reading the same files again changes no posting.

use std::path::Path;

use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;
use crate::index::PostingIndex;
use crate::ingest::{Encoding, Format, Ingestor};
use crate::model::{Posting, PostingId};
use crate::score::{Catalog, ScoringConfig};
use crate::taxonomy::Taxonomy;
use crate::test_support::{ingest_sample as ingest, sample_people};

fn day(text: &str) -> NaiveDate {
    crate::normalize::parse_date(text).unwrap()
}

#[derive(Debug, Clone)]
enum Op {
    Ingest(Format),
    Delete { share_percent: u8, seed: u64 },
    Expire(NaiveDate),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => prop::sample::select(Format::ALL.to_vec()).prop_map(Op::Ingest),
        2 => (1u8..=20, any::<u64>()).prop_map(|(share_percent, seed)| Op::Delete { share_percent, seed }),
        1 => (0i64..60).prop_map(|d| Op::Expire(day("2026-10-01") + chrono::Duration::days(d))),
    ]
}

fn all_postings(index: &PostingIndex) -> Vec<Posting> {
    let mut postings: Vec<Posting> =
        index.snapshot().map_postings(|p| p).unwrap().into_iter().map(|(_, p)| p).collect();
    postings.sort_by(|a, b| a.id.cmp(&b.id));
    postings
}

/// A student's list as (posting, score bits), and their shortfall.
type Listed = (String, Vec<(PostingId, u32)>, Option<String>);

/// The configuration of these tests: candidate lists read only 4 deep, so that a list out of order shows
/// (the sample's lists are short).
fn config() -> ScoringConfig {
    let mut config = ScoringConfig::builtin();
    config.thresholds.list_depth = 4;
    config
}

/// Every list and every shortfall.
fn lists(index: &PostingIndex) -> Vec<Listed> {
    lists_of(&Catalog::build(Taxonomy::embedded(), index.snapshot(), &config()).unwrap())
}

/// Every list and every shortfall of a catalog.
fn lists_of(catalog: &Catalog) -> Vec<Listed> {
    let config = config();
    let (students, _) = sample_people();
    let options = RecommendOptions { day: day("2026-11-01"), top: 5, campaign: None, allocate: true };
    let batch = Recommender::new(Taxonomy::embedded(), catalog, &config).recommend(&students, &options).unwrap();
    batch
        .students
        .iter()
        .map(|s| {
            let list = s.recommendations.iter().map(|r| (r.posting.clone(), r.score.to_bits())).collect();
            (s.student.to_string(), list, s.shortfall.as_ref().map(|f| f.code().to_string()))
        })
        .collect()
}

/// FNV-1a of the text, from a seed.
fn seeded_hash(text: &str, seed: u64) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325 ^ seed, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x100_0000_01b3))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    #[test]
    fn any_history_gives_the_lists_of_a_fresh_index(ops in prop::collection::vec(op(), 1..7)) {
        let dir = tempfile::tempdir().unwrap();
        let index = PostingIndex::open_or_create(dir.path()).unwrap();
        // Every file once first, so that deletions have something to delete.
        for format in Format::ALL {
            ingest(&index, format);
        }
        for op in &ops {
            match op {
                Op::Ingest(format) => {
                    ingest(&index, *format);
                }
                Op::Delete { share_percent, seed } => {
                    let ids: Vec<PostingId> = all_postings(&index)
                        .into_iter()
                        .map(|p| p.id)
                        .filter(|id| seeded_hash(id.as_str(), *seed) % 100 < u64::from(*share_percent))
                        .collect();
                    index.delete(&ids).unwrap();
                }
                Op::Expire(day) => {
                    index.delete_expired(*day).unwrap();
                }
            }
        }
        let surviving = all_postings(&index);
        let fresh_dir = tempfile::tempdir().unwrap();
        let fresh = PostingIndex::open_or_create(fresh_dir.path()).unwrap();
        let writer = fresh.writer().unwrap();
        // In reverse id order: the fresh index's layout differs from the history's too.
        for posting in surviving.iter().rev() {
            fresh.stage_upsert(&writer, posting).unwrap();
        }
        let mut writer = writer;
        writer.commit().unwrap();
        fresh.reload().unwrap();
        prop_assert_eq!(all_postings(&fresh), surviving);
        prop_assert_eq!(lists(&index), lists(&fresh));
    }
}

/// `catalog` with what changed in `index` applied (built anew when it cannot be applied).
fn updated(catalog: &Catalog, index: &PostingIndex, upserted: &[PostingId], removed: &[PostingId]) -> Catalog {
    let config = config();
    let snapshot = index.snapshot();
    let upserted: Vec<(Posting, crate::index::DocRef)> = upserted
        .iter()
        .filter_map(|id| snapshot.locate(id).unwrap().map(|at| (snapshot.load(at).unwrap(), at)))
        .collect();
    catalog
        .apply(Taxonomy::embedded(), &config, snapshot, upserted, removed)
        .unwrap()
        .unwrap_or_else(|| Catalog::build(Taxonomy::embedded(), index.snapshot(), &config).unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    #[test]
    fn a_catalog_updated_in_place_gives_the_lists_of_a_fresh_build(ops in prop::collection::vec(op(), 1..7)) {
        let dir = tempfile::tempdir().unwrap();
        let index = PostingIndex::open_or_create(dir.path()).unwrap();
        let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/sample");
        for format in [Format::Yangfan, Format::Xiaochi, Format::Tuantuan] {
            ingest(&index, format);
        }
        let mut catalog = Catalog::build(Taxonomy::embedded(), index.snapshot(), &config()).unwrap();
        for op in &ops {
            match op {
                Op::Ingest(format) => {
                    let mut ingestor = Ingestor::new(Taxonomy::embedded(), &index).unwrap();
                    let file = sample.join(format.sample_file());
                    ingestor.ingest_file(*format, &file, Encoding::Auto, &mut |_, _| {}).unwrap();
                    ingestor.commit().unwrap();
                    let touched = ingestor.touched();
                    drop(ingestor);
                    catalog = updated(&catalog, &index, &touched, &[]);
                }
                Op::Delete { share_percent, seed } => {
                    let ids: Vec<PostingId> = all_postings(&index)
                        .into_iter()
                        .map(|p| p.id)
                        .filter(|id| seeded_hash(id.as_str(), *seed) % 100 < u64::from(*share_percent))
                        .collect();
                    index.delete(&ids).unwrap();
                    catalog = updated(&catalog, &index, &[], &ids);
                }
                Op::Expire(day) => {
                    let ids = index.delete_expired(*day).unwrap();
                    catalog = updated(&catalog, &index, &[], &ids);
                }
            }
        }
        prop_assert_eq!(catalog.live(), index.len() as usize);
        prop_assert_eq!(lists_of(&catalog), lists(&index));
    }
}

/// An update told nothing of a posting the index holds (as when a merge made it visible late) does not
/// patch the catalog into one that misses it: the catalog is built anew and lists what a fresh build does.
#[test]
fn a_posting_no_update_reported_is_not_missed() {
    let dir = tempfile::tempdir().unwrap();
    let index = PostingIndex::open_or_create(dir.path()).unwrap();
    ingest(&index, Format::Yangfan);
    let config = config();
    let catalog = Catalog::build(Taxonomy::embedded(), index.snapshot(), &config).unwrap();
    // A posting of another file written behind the catalog's back.
    let other_dir = tempfile::tempdir().unwrap();
    let other = PostingIndex::open_or_create(other_dir.path()).unwrap();
    ingest(&other, Format::Xiaochi);
    let unreported = all_postings(&other).into_iter().next().unwrap();
    let mut writer = index.writer().unwrap();
    index.stage_upsert(&writer, &unreported).unwrap();
    writer.commit().unwrap();
    drop(writer);
    index.reload().unwrap();
    let patched = catalog.apply(Taxonomy::embedded(), &config, index.snapshot(), Vec::new(), &[]).unwrap();
    assert!(patched.is_none(), "a catalog one posting short of its index");
    let rebuilt = updated(&catalog, &index, &[], &[]);
    assert_eq!(rebuilt.live(), index.len() as usize);
    assert!(rebuilt.position(&unreported.id).is_some());
    assert_eq!(lists_of(&rebuilt), lists(&index));
}

#[test]
fn reading_the_same_files_again_changes_no_posting() {
    let dir = tempfile::tempdir().unwrap();
    let index = PostingIndex::open_or_create(dir.path()).unwrap();
    let first: Vec<_> = Format::ALL.iter().map(|&f| ingest(&index, f)).collect();
    let once = all_postings(&index);
    assert!(once.iter().any(|p| !p.contributions.is_empty()), "the sample has merged postings");
    // The same files again, in the same order and in reverse: nothing changes, and each is counted as before.
    let again: Vec<_> = Format::ALL.iter().map(|&f| ingest(&index, f)).collect();
    assert_eq!(all_postings(&index), once);
    for (a, b) in first.iter().zip(&again) {
        assert_eq!((a.total, a.accepted, a.merged, a.rejected), (b.total, b.accepted, b.merged, b.rejected));
    }
    for &format in Format::ALL.iter().rev() {
        ingest(&index, format);
    }
    assert_eq!(all_postings(&index), once);
}

#[test]
fn kept_text_look_ups_gain_the_postings_an_update_adds() {
    let dir = tempfile::tempdir().unwrap();
    let index = PostingIndex::open_or_create(dir.path()).unwrap();
    for format in Format::ALL {
        ingest(&index, format);
    }
    let config = config();
    let mut catalog = Catalog::build(Taxonomy::embedded(), index.snapshot(), &config).unwrap();
    catalog.keep_text_lookups(64);
    let words = vec!["无人机".to_string(), "植保".to_string()];
    let before = crate::score::text_hits(&catalog, &config, std::iter::once(words.as_slice())).unwrap();
    let csv = "id,kind,title,employer,region,description,posted,expires\n\
               UAV-1,job,无人机植保飞手,湖南飞翔农业科技有限公司,长沙市长沙县,负责无人机植保作业与维护,2026-10-30,2027-03-01\n";
    let mut ingestor = Ingestor::new(Taxonomy::embedded(), &index).unwrap();
    ingestor.ingest_text(Format::Generic, csv, "new.csv").unwrap();
    ingestor.commit().unwrap();
    let touched = ingestor.touched();
    drop(ingestor);
    let updated = updated(&catalog, &index, &touched, &[]);
    let new_index = updated.position(&"soe_order:UAV-1".parse().unwrap()).unwrap();
    let bucket = updated.slot_bucket[usize::from(updated.gates[new_index as usize].slot)];
    // Answered from the kept look-up, which the update patched.
    let after = crate::score::text_hits(&updated, &config, std::iter::once(words.as_slice())).unwrap();
    assert!(after[&words].score(bucket, new_index) > 0.0, "the new posting is a text hit of the kept look-up");
    assert_eq!(before[&words].score(bucket, new_index), 0.0);
    let fresh = Catalog::build(Taxonomy::embedded(), index.snapshot(), &config).unwrap();
    let fresh_hits = crate::score::text_hits(&fresh, &config, std::iter::once(words.as_slice())).unwrap();
    let fresh_index = fresh.position(&"soe_order:UAV-1".parse().unwrap()).unwrap();
    let fresh_bucket = fresh.slot_bucket[usize::from(fresh.gates[fresh_index as usize].slot)];
    assert_eq!(after[&words].score(bucket, new_index), fresh_hits[&words].score(fresh_bucket, fresh_index));
}
