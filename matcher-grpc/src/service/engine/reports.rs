//! Reports: the monthly progress report from the stored people, pairings and case files and the index's
//! postings (`matcher_core::progress_report`); nothing is written. The postings' facts are kept for as long as
//! the live catalog they were read with (any change of postings replaces it), since reading every posting of a
//! large index costs more than the rest of the report; the last report is kept for as long as neither the store
//! (its write generation) nor the catalog changed, so that an office reading it again gets it at once.

use std::sync::{Arc, Mutex, Weak};

use chrono::NaiveDate;
use matcher_core::{progress_report, PostingFacts, ProgressReport, Quotas, ReportInput, Targets};

use super::super::error::ServiceError;
use super::live::Live;
use super::programmes::Programmes;
use super::state::State;

/// The postings' facts with the live catalog they were read with.
type KeptFacts = Option<(Weak<Live>, Arc<Vec<PostingFacts>>)>;

/// What a kept report was made from and for.
struct KeptReport {
    generation: u64,
    live: Weak<Live>,
    as_of: NaiveDate,
    /// The day it was made: a month end's sensitive counts are released once that day is over.
    made_on: NaiveDate,
    targets: Targets,
    quotas: Option<Quotas>,
    report: Arc<ProgressReport>,
}

/// The reports domain.
pub struct Reports {
    state: Arc<State>,
    /// The other programmes, whose kept runs the report counts.
    programmes: Arc<Programmes>,
    /// The postings' facts and the live catalog they belong to.
    facts: Mutex<KeptFacts>,
    /// The last report made.
    last: Mutex<Option<KeptReport>>,
}

impl Reports {
    pub(crate) fn new(state: Arc<State>, programmes: Arc<Programmes>) -> Reports {
        Reports { state, programmes, facts: Mutex::new(None), last: Mutex::new(None) }
    }

    /// The postings' facts, read again only when the live catalog changed.
    fn postings(&self) -> Result<Arc<Vec<PostingFacts>>, ServiceError> {
        let live = self.state.catalog()?;
        if let Ok(cache) = self.facts.lock() {
            if let Some((of, facts)) = cache.as_ref() {
                if of.upgrade().is_some_and(|kept| Arc::ptr_eq(&kept, &live)) {
                    return Ok(facts.clone());
                }
            }
        }
        let snapshot = self.state.index.snapshot();
        let facts: Vec<PostingFacts> =
            snapshot.map_postings(|p| PostingFacts::of(&p))?.into_iter().map(|(_, f)| f).collect();
        let facts = Arc::new(facts);
        if let Ok(mut cache) = self.facts.lock() {
            *cache = Some((Arc::downgrade(&live), facts.clone()));
        }
        Ok(facts)
    }

    /// The report for the month of `as_of`, with figures as of the end of that day.
    pub fn report(
        &self,
        as_of: NaiveDate,
        targets: &Targets,
        quotas: Option<&Quotas>,
    ) -> Result<Arc<ProgressReport>, ServiceError> {
        let state = &self.state;
        // Read before anything else: a write that starts later moves it, and the report is not kept as current.
        let generation = state.store.generation();
        let today = chrono::Local::now().date_naive();
        let live = state.catalog()?;
        if let Ok(last) = self.last.lock() {
            if let Some(kept) = last.as_ref() {
                let same_catalog = kept.live.upgrade().is_some_and(|l| Arc::ptr_eq(&l, &live));
                if kept.generation == generation
                    && same_catalog
                    && kept.as_of == as_of
                    && kept.made_on == today
                    && kept.targets == *targets
                    && kept.quotas.as_ref() == quotas
                {
                    return Ok(kept.report.clone());
                }
            }
        }
        let started = std::time::Instant::now();
        let postings = self.postings()?;
        // Decoded again only where a write changed them: after a note is recorded, that note.
        let students = state.store.students_shared()?;
        let cadres = state.store.cadres_shared()?;
        let pairs = state.store.pairs()?;
        let events = state.store.case_events_shared()?;
        let programmes = self.programmes.figures(&events, as_of)?;
        let input = ReportInput {
            taxonomy: state.taxonomy,
            students: &students,
            cadres: &cadres,
            pairs: &pairs,
            events: &events,
            quotas,
            postings: &postings,
            targets,
            programmes,
        };
        let read = started.elapsed();
        let report = Arc::new(progress_report(&input, as_of, today));
        tracing::debug!(
            read_ms = read.as_secs_f64() * 1e3,
            compute_ms = (started.elapsed() - read).as_secs_f64() * 1e3,
            "report made"
        );
        if let Ok(mut last) = self.last.lock() {
            *last = Some(KeptReport {
                generation,
                live: Arc::downgrade(&live),
                as_of,
                made_on: today,
                targets: targets.clone(),
                quotas: quotas.cloned(),
                report: report.clone(),
            });
        }
        Ok(report)
    }
}
