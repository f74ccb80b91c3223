//! Jinqiao (金桥) matcher core: the job–student matching engine of the Hunan Communist Youth League's
//! graduate employment programme.
//!
//! Postings arrive in each platform's own format, are validated and normalised to real codes, merged across
//! platforms, and indexed with Chinese analysis:
//!
//! ```
//! use matcher_core::{Format, Ingestor, PostingIndex, SearchQuery, Taxonomy};
//!
//! let dir = tempfile::tempdir()?;
//! let index = PostingIndex::open_or_create(dir.path())?;
//! let mut ingestor = Ingestor::new(Taxonomy::embedded(), &index)?;
//! let jsonl = r#"{"id":"YF1","type":"企业实习","title":"客户经理助理","org":"中国农业发展银行湖南省分行","city":"长沙市天心区","desc":"协助客户经理开展农业信贷业务","edu":"本科及以上","major_req":"金融学类","quota":2,"stipend":"150元/天","publish_date":"2023-03-01","deadline":"2023-06-30"}"#;
//! let report = ingestor.ingest_text(Format::Yangfan, jsonl, "inline.jsonl")?;
//! assert_eq!(report.accepted, 1);
//! ingestor.commit()?;
//!
//! let mut query = SearchQuery::new("农业");
//! query.open_on = None; // this example's posting expired long ago
//! let hits = index.search(&query)?;
//! assert_eq!(hits[0].employer, "中国农业发展银行湖南省分行");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

mod allocate;
mod case;
mod community;
mod dedup;
mod eligibility;
mod error;
mod eval;
mod flow;
mod index;
mod ingest;
mod invisible;
mod memo;
mod model;
mod normalize;
mod people;
pub mod private;
mod progress;
mod recommend;
mod report;
mod sample;
mod score;
mod stable_hash;
mod taxonomy;
#[cfg(test)]
mod test_support;
mod venture;
mod western;

pub use case::{
    events_from_ticks, in_order, settled_students, timeline, Author, CaseEvent, CaseSummary, Event, EventReader,
    IntentionUpdate, Status, StatusChange, Table, CADRE_COLUMN, DATE_COLUMN, POSTING_COLUMN, STUDENT_COLUMN,
    TICK_COLUMNS,
};
pub use community::{
    pair_communities, read_branches, read_communities, Branch, BranchPair, Community, CommunityInput, CommunityPairing,
    CommunityUse, CoverageShort, SchoolCoverage, MAX_COMMUNITY_CAPACITY,
};
pub use dedup::{MinHash, MinHashSignature};
pub use eligibility::{check_eligibility, region_accepted, Ineligible};
pub use error::{Error, ErrorKind, Result};
pub use eval::{
    at_k, bootstrap_interval, congestion, coverage, gini, lorenz, read_interactions, rewrite_weights, tune, AtK,
    Dataset, Folds, GroupMetrics, Harness, Interaction, Label, Method, MethodReport, Metrics, Split, Trial, Tuning,
    INTERACTION_COLUMNS, KS, MIN_GROUP,
};
pub use index::{chinese_analyzer, terms, DocRef, IndexSnapshot, PostingIndex, SearchHit, SearchQuery, ANALYZER};
pub use ingest::{
    Encoding, FieldError, Format, IngestReport, Ingestor, Merge, Placed, RawRecord, Reject, Warning, GENERIC_COLUMNS,
    MAX_SOURCES, MERGES_FILE, REJECTS_FILE, REPORT_KEEPS, WARNINGS_FILE,
};
pub use model::*;
pub use normalize::*;
pub use people::{
    cadres_from_records, ineligible, pairings_from_records, propose_pairings, read_cadres, read_pairings,
    read_students, students_from_records, Need, Pairing, PairingInput, PairingProposal, QuotaProgress, QuotaShort,
    Quotas, Released, Unpaired, MAX_PER_CADRE, MIN_PER_CADRE,
};
pub use progress::{Progress, ProgressView};
pub use recommend::{
    Batch, Breakdown, KindNote, MatchLevel, Part, RecommendOptions, Recommendation, Recommender, Shortfall,
    StudentResult, Summary, MAX_TOP,
};
pub use report::{
    check_report_day, kind_names, progress_report, source_names, Count, Destination, Month, MonthRow, PostingFacts,
    PostingsRow, ProgrammeFigures, ProgressReport, QuietCadre, ReportInput, Row, ShortReason, ShortStudent, Tally,
    TargetProgress, Targets, DEFAULT_TARGETS,
};
pub use sample::{
    SampleConfig, SampleGenerator, SampleSet, BRANCHES_FILE, CASE_EVENTS_FILE, COMMUNITIES_FILE, DUPLICATES_FILE,
    INTERACTIONS_FILE, MENTORS_FILE, PROJECTS_FILE, WESTERN_APPLICATIONS_FILE, WESTERN_POSTS_FILE, WESTERN_QUOTAS_FILE,
};
pub use score::{AllocationConfig, Campaign, Catalog, ScoringConfig, TextCache, Thresholds, Weights, DEFAULT_CONFIG};
pub use taxonomy::*;
pub use venture::{
    assign_mentors, read_mentors, read_projects, read_school_caps, school_caps_for, select_projects, Field, Funded,
    Infeasible, LeadStatus, Mentor, MentorAssignment, Mentoring, NotFunded, Project, Rule, RuleCost, SelectionInput,
    VentureSelection, FIELD_MISMATCH_KM, HARD_TECH_WORDS, MAX_CAPPED_PROJECTS, MAX_MENTOR_CAPACITY, MAX_REQUEST,
    MAX_SCHOOL_CAP, MAX_WORK, RURAL_WORDS,
};
pub use western::{
    assign_volunteers, next_stage, read_applications, read_track_quotas, read_volunteer_posts, volunteer_pipeline,
    Application, Assignment, AssignmentInput, Binding, Dropped, DroppedPreference, NotPlaced, Pipeline, Placement,
    SchoolUse, Selection, StageIssue, TrackUse, Unplaced, VolunteerPost, VolunteerProgress, MAX_POST_CAPACITY,
    MAX_TRACK_QUOTA,
};
