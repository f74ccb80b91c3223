//! 创业帮扶: the register of venture projects the schools put forward, and the exact selection of at least 100
//! to fund (half of them or more in 硬核科技 or 乡村振兴, each grant at least 5,000 yuan) within the budget.

mod caps;
mod field;
mod mentor;
mod project;
mod select;
#[cfg(test)]
mod tests;

pub use caps::{read_school_caps, school_caps_for, MAX_CAPPED_PROJECTS, MAX_SCHOOL_CAP};
pub use field::{Field, HARD_TECH_WORDS, RURAL_WORDS};
pub use mentor::{
    assign_mentors, read_mentors, Mentor, MentorAssignment, Mentoring, FIELD_MISMATCH_KM, MAX_MENTOR_CAPACITY,
};
pub use project::{read_projects, LeadStatus, Project, MAX_REQUEST};
pub use select::{
    select_projects, Funded, Infeasible, NotFunded, Rule, RuleCost, SelectionInput, VentureSelection, MAX_WORK,
};
