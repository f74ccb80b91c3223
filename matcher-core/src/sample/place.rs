//! Where a generated opening is: its region and the names to write it in several ways.

use crate::model::RegionCode;

/// How an opening says where it is: the region, with its names for writing it in several ways.
#[derive(Debug, Clone)]
pub(crate) struct Place {
    pub code: RegionCode,
    pub prefecture: String,
    pub county: Option<String>,
    /// Text of a place outside the county table (西部计划 posts).
    pub text: Option<String>,
}
