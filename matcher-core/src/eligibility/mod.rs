//! Hard eligibility: which postings may be recommended to a student at all.

mod rules;

pub(crate) use rules::region_accepted_with;
pub use rules::{check_eligibility, region_accepted, Ineligible};
