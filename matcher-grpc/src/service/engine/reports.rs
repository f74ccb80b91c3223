//! Reports: the monthly progress report from the stored people, pairings and case files and the index's
//! postings (`matcher_core::progress_report`); nothing is written.

use std::sync::Arc;

use chrono::NaiveDate;
use matcher_core::{progress_report, PostingFacts, ProgressReport, Quotas, ReportInput, Targets};

use super::super::error::ServiceError;
use super::state::State;

/// The reports domain.
pub struct Reports {
    state: Arc<State>,
}

impl Reports {
    pub(crate) fn new(state: Arc<State>) -> Reports {
        Reports { state }
    }

    /// The report for the month of `as_of`, with figures as of the end of that day.
    pub fn report(
        &self,
        as_of: NaiveDate,
        targets: &Targets,
        quotas: Option<&Quotas>,
    ) -> Result<ProgressReport, ServiceError> {
        let state = &self.state;
        let students = state.store.students()?;
        let cadres = state.store.cadres()?;
        let pairs = state.store.pairs()?;
        let events: Vec<_> = state.store.all_case_events()?.into_values().flatten().collect();
        let postings: Vec<PostingFacts> =
            state.index.snapshot().map_postings(|p| PostingFacts::of(&p))?.into_iter().map(|(_, f)| f).collect();
        let input = ReportInput {
            taxonomy: state.taxonomy,
            students: &students,
            cadres: &cadres,
            pairs: &pairs,
            events: &events,
            quotas,
            postings: &postings,
            targets,
        };
        Ok(progress_report(&input, as_of))
    }
}
