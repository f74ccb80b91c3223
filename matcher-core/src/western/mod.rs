//! 西部计划 recruitment (大学生志愿服务西部计划): posts with capacities, applications with ranked preferences
//! and the school's selection, and the assignment of applicants to posts by student-proposing deferred
//! acceptance within every post's places, each track's quota and the provincial total.

mod application;
mod assign;
mod pipeline;
mod post;
mod quota;
#[cfg(test)]
mod tests;

pub use application::{read_applications, Application, Selection};
pub use assign::{
    assign_volunteers, Assignment, AssignmentInput, Binding, Dropped, DroppedPreference, NotPlaced, Placement,
    SchoolUse, TrackUse, Unplaced,
};
pub use pipeline::{next_stage, volunteer_pipeline, Pipeline, StageIssue, VolunteerProgress};
pub use post::{read_volunteer_posts, VolunteerPost, MAX_POST_CAPACITY};
pub use quota::{read_track_quotas, MAX_TRACK_QUOTA};
