//! Hard eligibility: which postings may be recommended to a student at all.

mod rules;

pub use rules::{check_eligibility, region_accepted, Ineligible};
