//! The monthly progress report (每月汇总报送): the 结对帮扶 programme against the plan's targets, by city, school,
//! college and cadre, month over month, with the cadres out of touch, the students short of postings and the
//! postings collected, computed from the people, the pairings, the case files and the postings' facts only.
//! `docs/REPORTS.md` defines every figure.

mod compute;
mod figures;
mod follow;
mod month;
mod release;
mod sensitive;
mod targets;

pub use compute::{progress_report, PostingFacts, ProgrammeFigures, ReportInput};
pub use figures::{
    kind_names, source_names, Count, Destination, MonthRow, PostingsRow, ProgressReport, QuietCadre, Row, ShortReason,
    ShortStudent, Tally, TargetProgress,
};
pub use month::{check_report_day, Month};
pub use targets::{Targets, DEFAULT_TARGETS};

#[cfg(test)]
mod tests;
