//! The ingestion pipeline on arbitrary and on hand-made records: it never panics, every record read is
//! counted once, and each adapter maps its platform's peculiarities (piece rates, 0 = unstated pay, job
//! types, kinds without a source) as documented.

use matcher_core::{Format, Ingestor, PostingIndex, PostingKind, SearchQuery, Source, Taxonomy};
use proptest::prelude::*;

fn ingest_one(format: Format, text: &str) -> (matcher_core::IngestReport, Vec<matcher_core::SearchHit>) {
    let dir = tempfile::tempdir().unwrap();
    let index = PostingIndex::open_or_create(dir.path()).unwrap();
    let report = ingest_into(&index, format, text, "inline");
    let mut all = SearchQuery::new("");
    all.open_on = None;
    all.top = 1000;
    (report, index.search(&all).unwrap())
}

/// `text` read as `format` into `index` by an ingestor of its own, committed.
fn ingest_into(index: &PostingIndex, format: Format, text: &str, file: &str) -> matcher_core::IngestReport {
    let mut ingestor = Ingestor::new(Taxonomy::embedded(), index).unwrap();
    let report = ingestor.ingest_text(format, text, file).unwrap();
    ingestor.commit().unwrap();
    report
}

#[test]
fn xiaochi_converts_hourly_and_daily_pay_and_leaves_piece_rates_unstated() {
    let csv =
        "gig_id,title,employer,location,pay_amount,pay_unit,start_date,end_date,headcount,description,publish_date\n\
               X1,传单派发,长沙星辰商贸有限公司,岳麓区,20,小时,2026-10-05,,若干,派发传单,2026-10-01\n\
               X2,展会协助,长沙星辰会展有限公司,长沙 天心区,150,天,2026-10-05,2026-10-09,3,协助布展,2026-10-01\n\
               X3,问卷录入,长沙星辰数据有限公司,芙蓉区,2,次,2026-10-05,2026-10-30,5,录入问卷,2026-10-01\n\
               X4,发单,长沙星辰商贸有限公司,岳麓区,20,年代,2026-10-05,,1,x,2026-10-01\n";
    let (report, hits) = ingest_one(Format::Xiaochi, csv);
    // An unknown unit loses the pay, not the gig.
    assert_eq!((report.accepted, report.rejected, report.warnings), (4, 0, 1), "{:?}", report.rejects);
    assert_eq!(report.warning_list[0].field, "pay_unit");
    assert_eq!(report.warning_list[0].value, "年代");
    let by_id = |id: &str| hits.iter().find(|h| h.id.as_str() == id).unwrap();
    assert_eq!(by_id("xiaochi:X1").pay.min, Some(3480), "20 yuan × 8 h × 21.75 days");
    assert_eq!(by_id("xiaochi:X1").headcount, None, "若干");
    assert_eq!(by_id("xiaochi:X1").expires.unwrap().to_string(), "2026-10-05", "no end date: the start");
    assert_eq!(by_id("xiaochi:X2").pay.min, Some(3263));
    assert!(by_id("xiaochi:X3").pay.is_unknown(), "a piece rate has no monthly value");
    assert!(by_id("xiaochi:X4").pay.is_unknown());
    assert!(hits.iter().all(|h| h.kind == PostingKind::Gig), "小翅零工 publishes gigs only");
}

#[test]
fn national_reads_area_codes_and_zero_pay_as_unstated() {
    let json = r#"{"code":200,"data":{"list":[
        {"id":"N1","jobName":"会计实习生","recName":"湖南星辰会计师事务所","areaCode":"430104","jobContent":"协助审计","lowMonthPay":0,"highMonthPay":0,"headCount":2,"degreeName":"本科","publishDate":1761955200000},
        {"id":"N2","jobName":"数据分析实习生","recName":"湖南星辰数据有限公司","areaCode":"430100","jobContent":"整理数据","lowMonthPay":3000,"highMonthPay":2000,"publishDate":"2026-10-01"}
    ]}}"#;
    let (report, hits) = ingest_one(Format::National, json);
    // A pay range upside down loses the pay, not the posting.
    assert_eq!((report.accepted, report.rejected, report.warnings), (2, 0, 1));
    assert_eq!(report.warning_list[0].field, "lowMonthPay");
    assert_eq!(report.warning_list[0].record_id.as_deref(), Some("N2"));
    let n2 = hits.iter().find(|h| h.id.as_str() == "national:N2").unwrap();
    assert!(n2.pay.is_unknown());
    let n1 = hits.iter().find(|h| h.id.as_str() == "national:N1").unwrap();
    assert!(n1.pay.is_unknown());
    assert_eq!(n1.region.to_string(), "430104");
    assert_eq!(n1.kind, PostingKind::Internship);
    assert_eq!(n1.posted.to_string(), "2025-11-01", "epoch milliseconds");
    assert_eq!(n1.min_education, matcher_core::EducationLevel::Bachelor);
}

#[test]
fn tuantuan_job_types_and_generic_default_sources() {
    let json = r#"{"jobs":[
        {"jobId":"T1","jobTitle":"电工","companyName":"湖南星辰电力有限公司","workCity":"株洲市","jobDesc":"维护","jobType":"见习","publishTime":"2026-10-01 09:00:00"},
        {"jobId":"T2","jobTitle":"电工","companyName":"湖南星辰电力有限公司","workCity":"湘潭市","jobDesc":"维护","jobType":"外包","publishTime":"2026-10-01"}
    ]}"#;
    let (report, hits) = ingest_one(Format::Tuantuan, json);
    // An unknown job type is taken for a job, with a warning.
    assert_eq!((report.accepted, report.rejected, report.warnings), (2, 0, 1));
    assert_eq!(hits.iter().find(|h| h.id.as_str() == "tuantuan:T1").unwrap().kind, PostingKind::Traineeship);
    assert_eq!(hits.iter().find(|h| h.id.as_str() == "tuantuan:T2").unwrap().kind, PostingKind::Job);
    assert_eq!(report.warning_list[0].field, "jobType");

    let csv = "id,kind,title,employer,region,description,posted,track\n\
               G1,volunteer,西部计划志愿者（支教）,皮山县中心学校,新疆和田地区皮山县,支教,2026-10-01,乡村教育\n\
               G2,practice,社区实践岗,岳麓区社区居民委员会,岳麓区,社区服务,2026-10-01,\n";
    let (report, hits) = ingest_one(Format::Generic, csv);
    assert_eq!(report.accepted, 2, "{:?}", report.rejects);
    let g1 = hits.iter().find(|h| h.id.as_str() == "western_plan:G1").unwrap();
    assert_eq!(g1.sources[0].source, Source::WesternPlan);
    assert_eq!(g1.region.to_string(), "653223", "新疆和田地区皮山县, to the county");
    assert_eq!(g1.track, Some(matcher_core::VolunteerTrack::RuralEducation));
    assert!(!g1.cohorts.contains(&matcher_core::Cohort::Enrolled), "西部计划 is not for enrolled students");
    assert!(hits.iter().any(|h| h.id.as_str() == "community_practice:G2"));
}

#[test]
fn an_undated_posting_counts_from_the_reading_day_with_a_warning() {
    let csv = "id,kind,title,employer,region,description,posted\n\
               U1,job,会计,长沙星辰会计师事务所,岳麓区,记账,\n\
               U2,job,出纳,长沙星辰会计师事务所,岳麓区,收付款,下周一\n\
               U3,job,审计助理,长沙星辰会计师事务所,岳麓区,审计,2026-10-01\n";
    let dir = tempfile::tempdir().unwrap();
    let index = PostingIndex::open_or_create(dir.path()).unwrap();
    let mut ingestor = Ingestor::new(Taxonomy::embedded(), &index).unwrap();
    let day = chrono::NaiveDate::from_ymd_opt(2026, 9, 15).unwrap();
    ingestor.reading_on(day);
    let report = ingestor.ingest_text(Format::Generic, csv, "inline").unwrap();
    ingestor.commit().unwrap();
    drop(ingestor);
    // Kept, each with a warning naming the field and the day it counts from; the dated one as written.
    assert_eq!((report.accepted, report.rejected, report.warnings), (3, 0, 2), "{:?}", report.warning_list);
    for warning in &report.warning_list {
        assert_eq!(warning.field, "posted");
        assert!(warning.reason.contains("2026-09-15"), "{}", warning.reason);
    }
    let mut all = SearchQuery::new("");
    all.open_on = None;
    let hits = index.search(&all).unwrap();
    let posted = |id: &str| hits.iter().find(|h| h.id.as_str() == id).unwrap().posted.to_string();
    assert_eq!(posted("soe_order:U1"), "2026-09-15");
    assert_eq!(posted("soe_order:U2"), "2026-09-15");
    assert_eq!(posted("soe_order:U3"), "2026-10-01");
}

fn field() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "\\PC{0,12}",
        Just("长沙市岳麓区".to_string()),
        Just("1-1.5万/月".to_string()),
        Just("2026-10-01".to_string()),
        Just("本科及以上".to_string()),
        Just("计算机类".to_string()),
        Just("-3".to_string()),
        Just("企业实习".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn arbitrary_records_never_panic_and_are_all_counted(records in prop::collection::vec(prop::collection::vec(field(), 12), 1..8)) {
        let names = ["id", "type", "title", "org", "city", "desc", "major_req", "edu", "quota", "stipend", "publish_date", "deadline"];
        let lines: Vec<String> = records
            .iter()
            .map(|values| {
                let object: serde_json::Map<String, serde_json::Value> =
                    names.iter().zip(values).map(|(n, v)| (n.to_string(), serde_json::Value::String(v.clone()))).collect();
                serde_json::Value::Object(object).to_string()
            })
            .collect();
        let (report, hits) = ingest_one(Format::Yangfan, &lines.join("\n"));
        prop_assert_eq!(report.total, records.len());
        prop_assert_eq!(report.accepted + report.merged + report.rejected, report.total);
        prop_assert_eq!(report.rejects.len(), report.rejected);
        prop_assert!(hits.len() <= report.accepted);
        for reject in &report.rejects {
            prop_assert!(!reject.errors.is_empty());
        }
    }
}

#[test]
fn a_file_of_bad_lines_is_streamed_to_the_log_not_held() {
    let bad = "{}\n".repeat(2_500);
    let dir = tempfile::tempdir().unwrap();
    let index = PostingIndex::open_or_create(dir.path()).unwrap();
    let mut ingestor = Ingestor::new(Taxonomy::embedded(), &index).unwrap();
    let report = ingestor.ingest_text(Format::Yangfan, &bad, "bad.jsonl").unwrap();
    assert_eq!((report.total, report.rejected), (2_500, 2_500));
    assert_eq!(report.rejects.len(), matcher_core::REPORT_KEEPS, "the report keeps the first ones to show");
    ingestor.commit().unwrap();
    let logged = std::fs::read_to_string(dir.path().join(matcher_core::REJECTS_FILE)).unwrap();
    assert_eq!(logged.lines().count(), 2_500, "every one is in the log");
}

/// Two openings of one employer on two platforms (the second merges into the first), and a bad record.
const MERGED_AND_REJECTED: &str = "id,kind,title,employer,region,description,posted,source\n\
    M1,job,会计,长沙星辰会计师事务所,岳麓区,负责日常记账与报表编制,2026-10-01,yangfan\n\
    M1,job,会计,长沙星辰会计师事务所,岳麓区,负责日常记账与报表编制,2026-10-01,tuantuan\n\
    M2,job,出纳,长沙星辰会计师事务所,火星市,收付款,2026-10-01,yangfan\n";

fn log_lines(dir: &std::path::Path) -> Vec<usize> {
    [matcher_core::REJECTS_FILE, matcher_core::MERGES_FILE, matcher_core::WARNINGS_FILE]
        .iter()
        .map(|name| std::fs::read_to_string(dir.join(name)).map(|s| s.lines().count()).unwrap_or(0))
        .collect()
}

#[test]
fn the_logs_speak_only_of_committed_runs() {
    let dir = tempfile::tempdir().unwrap();
    let index = PostingIndex::open_or_create(dir.path()).unwrap();
    {
        // A run whose second file is not its format fails before its commit: nothing of it is kept, and
        // the logs must not say that its records were merged or rejected.
        let mut ingestor = Ingestor::new(Taxonomy::embedded(), &index).unwrap();
        let report = ingestor.ingest_text(Format::Generic, MERGED_AND_REJECTED, "a.csv").unwrap();
        assert_eq!((report.merged, report.rejected), (1, 1));
        assert!(ingestor.ingest_text(Format::Tuantuan, "id,title\nT1,会计\n", "b.json").is_err());
    }
    assert_eq!(log_lines(dir.path()), [0, 0, 0]);
    assert!(index.is_empty());
    let mut ingestor = Ingestor::new(Taxonomy::embedded(), &index).unwrap();
    ingestor.ingest_text(Format::Generic, MERGED_AND_REJECTED, "a.csv").unwrap();
    assert_eq!(log_lines(dir.path()), [0, 0, 0], "the lines wait for the commit");
    ingestor.commit().unwrap();
    assert_eq!(log_lines(dir.path())[..2], [1, 1], "one reject and one merge, each once");
    let names: Vec<String> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(!names.iter().any(|n| n.contains("pending")), "{names:?}");
}

/// Three openings of one employer, one of them published twice with a new title: into an empty index, the
/// second version replaces the first (an empty index adds postings without asking it to replace any, but a
/// posting staged before in the same run is still replaced).
const REPUBLISHED: &str = "id,kind,title,employer,region,description,posted\n\
    R1,job,会计,长沙星辰会计师事务所,岳麓区,记账,2026-10-01\n\
    R2,job,出纳,长沙星辰会计师事务所,岳麓区,收付款,2026-10-01\n\
    R1,job,总账会计,长沙星辰会计师事务所,岳麓区,记账与报表,2026-10-02\n\
    R3,job,审计助理,长沙星辰会计师事务所,岳麓区,审计底稿,2026-10-01\n";

#[test]
fn a_record_published_twice_in_one_file_is_one_posting_in_its_last_form() {
    let dir = tempfile::tempdir().unwrap();
    let index = PostingIndex::open_or_create(dir.path()).unwrap();
    let report = ingest_into(&index, Format::Generic, REPUBLISHED, "inline");
    assert_eq!((report.total, report.accepted, report.merged, report.rejected), (4, 4, 0, 0));
    assert_eq!(index.len(), 3);
    let id = "soe_order:R1".parse().unwrap();
    assert_eq!(index.get(&id).unwrap().unwrap().title, "总账会计");
}

#[test]
fn an_ingest_through_a_handle_opened_before_another_process_wrote_replaces_what_that_wrote() {
    let dir = tempfile::tempdir().unwrap();
    // Opened while the index is empty, and not read again before its ingestor is made.
    let early = PostingIndex::open_or_create(dir.path()).unwrap();
    let other = PostingIndex::open(dir.path()).unwrap();
    ingest_into(&other, Format::Generic, REPUBLISHED, "inline");
    assert_eq!(other.len(), 3);
    assert_eq!(early.len(), 0, "the early handle has not read the commit yet");
    ingest_into(&early, Format::Generic, REPUBLISHED, "inline");
    // The same three postings, not each written twice.
    assert_eq!(early.len(), 3);
    other.reload().unwrap();
    assert_eq!(other.len(), 3);
    let id = "soe_order:R1".parse().unwrap();
    assert_eq!(early.get(&id).unwrap().unwrap().title, "总账会计");
}

#[test]
fn a_later_file_adds_its_new_postings_and_replaces_the_ones_it_publishes_again() {
    let dir = tempfile::tempdir().unwrap();
    let index = PostingIndex::open_or_create(dir.path()).unwrap();
    ingest_into(&index, Format::Generic, REPUBLISHED, "first.csv");
    let later = "id,kind,title,employer,region,description,posted\n\
        R4,job,税务专员,长沙星辰会计师事务所,岳麓区,纳税申报,2026-10-05\n\
        R2,job,资金出纳,长沙星辰会计师事务所,岳麓区,收付款与对账,2026-10-05\n\
        R4,job,税务会计,长沙星辰会计师事务所,岳麓区,纳税申报与筹划,2026-10-06\n";
    let report = ingest_into(&index, Format::Generic, later, "later.csv");
    assert_eq!((report.total, report.accepted, report.merged, report.rejected), (3, 3, 0, 0));
    assert_eq!(index.len(), 4);
    let title = |id: &str| index.get(&id.parse().unwrap()).unwrap().unwrap().title;
    assert_eq!(title("soe_order:R1"), "总账会计");
    assert_eq!(title("soe_order:R2"), "资金出纳");
    assert_eq!(title("soe_order:R4"), "税务会计");
}

#[test]
fn a_commit_before_exit_keeps_every_posting_and_frees_the_index_for_the_next_writer() {
    let dir = tempfile::tempdir().unwrap();
    let index = PostingIndex::open_or_create(dir.path()).unwrap();
    let mut ingestor = Ingestor::new(Taxonomy::embedded(), &index).unwrap();
    ingestor.ingest_text(Format::Generic, REPUBLISHED, "first.csv").unwrap();
    ingestor.commit_before_exit().unwrap();
    assert_eq!(index.len(), 3, "searchable at once");
    // Another handle, as another process would, finds the commit and can take the writer: the lock went.
    let other = PostingIndex::open(dir.path()).unwrap();
    assert_eq!(other.len(), 3);
    let report = ingest_into(&other, Format::Generic, REPUBLISHED, "again.csv");
    assert_eq!(report.accepted, 4);
    assert_eq!(other.len(), 3);
}

#[test]
fn a_file_read_before_ingesting_reports_a_failed_read_with_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let index = PostingIndex::open_or_create(dir.path()).unwrap();
    let mut ingestor = Ingestor::new(Taxonomy::embedded(), &index).unwrap();
    let path = dir.path().join("missing.csv");
    let read = std::fs::read(&path);
    let error = ingestor
        .ingest_read(Format::Generic, &path, read, matcher_core::Encoding::Auto, &mut |_, _| {})
        .unwrap_err()
        .to_string();
    assert!(error.contains("missing.csv"), "{error}");
    let report = ingestor
        .ingest_read(
            Format::Generic,
            &path,
            Ok(REPUBLISHED.as_bytes().to_vec()),
            matcher_core::Encoding::Auto,
            &mut |_, _| {},
        )
        .unwrap();
    assert_eq!(report.accepted, 4);
}

#[test]
fn an_ingest_past_its_deadline_stops_and_keeps_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let index = PostingIndex::open_or_create(dir.path()).unwrap();
    {
        let mut ingestor = Ingestor::new(Taxonomy::embedded(), &index).unwrap();
        ingestor.until(std::time::Instant::now() - std::time::Duration::from_millis(1));
        let stopped = ingestor.ingest_text(Format::Generic, MERGED_AND_REJECTED, "a.csv").unwrap_err();
        assert!(matches!(stopped, matcher_core::Error::DeadlineExceeded { done: 0, .. }), "{stopped}");
        assert!(stopped.to_string().contains("records"), "{stopped}");
    }
    assert!(index.is_empty());
    assert_eq!(log_lines(dir.path()), [0, 0, 0]);
}

#[test]
fn a_flood_of_copies_is_merged_up_to_a_bound_and_the_rest_rejected_naming_the_posting() {
    let mut csv = String::from("id,kind,title,employer,region,description,posted\n");
    for i in 0..70 {
        csv.push_str(&format!("C{i},job,会计,长沙星辰会计师事务所,岳麓区,负责日常记账与报表编制,2026-10-01\n"));
    }
    let dir = tempfile::tempdir().unwrap();
    let index = PostingIndex::open_or_create(dir.path()).unwrap();
    let report = ingest_into(&index, Format::Generic, &csv, "copies.csv");
    let bound = matcher_core::MAX_SOURCES;
    assert_eq!((report.accepted, report.merged, report.rejected), (1, bound - 1, 70 - bound));
    let reject = &report.rejects[0];
    assert_eq!(reject.record_id.as_deref(), Some(format!("C{bound}").as_str()));
    assert!(reject.errors[0].reason.contains("already takes in"), "{reject}");
    assert!(reject.errors[0].reason.contains("C0"), "names the posting: {reject}");
}
