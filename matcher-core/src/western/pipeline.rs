//! Where each 西部计划 applicant stands: 报名 → 选拔 → 推荐 → 派遣 → 在岗 → 期满, or 退出. The first three follow
//! from the registers (an application; the school's selection) and the assignment (the 派遣名单); the rest are
//! case-file events ([`Event::Volunteer`]) read in the order of their days. A recorded stage that does not
//! follow from where the applicant stands (a dispatch of someone not on the 派遣名单, 在岗 before 派遣, anything
//! after 期满 or 退出) is not applied and is reported with its reason. The year's volunteers, counted against
//! the plan's 700, are the applicants from 推荐 to 期满: a withdrawal takes one off the count.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use serde::Serialize;

use super::application::{Application, Selection};
use super::assign::Assignment;
use super::post::VolunteerPost;
use crate::case::{in_order, CaseEvent, Event};
use crate::model::{SchoolCode, StudentId, VolunteerPostId, VolunteerStage};

/// One applicant's stage now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VolunteerProgress {
    /// The applicant.
    pub applicant: StudentId,
    /// Their school.
    pub school: SchoolCode,
    /// The stage reached.
    pub stage: VolunteerStage,
    /// The post: the 派遣名单's, or the one a dispatch named.
    pub post: Option<VolunteerPostId>,
    /// The day of the recorded stage (none for the stages the registers give).
    pub since: Option<NaiveDate>,
}

/// A recorded stage that was not applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StageIssue {
    /// The applicant (or the student the event was recorded for).
    pub applicant: StudentId,
    /// The event's day.
    pub day: NaiveDate,
    /// The stage recorded.
    pub stage: VolunteerStage,
    /// Why it was not applied.
    pub reason: String,
}

/// Every applicant's stage, the count at each stage and the year's volunteers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pipeline {
    /// Each applicant, in the applications' order.
    pub applicants: Vec<VolunteerProgress>,
    /// How many stand at each stage, in the stages' order.
    pub stages: Vec<(VolunteerStage, u32)>,
    /// The year's volunteers: from 推荐 to 期满.
    pub counted: u32,
    /// Recorded stages not applied.
    pub issues: Vec<StageIssue>,
}

/// Whether an applicant at `current` may be recorded at `next`; the reason when not.
pub fn next_stage(current: VolunteerStage, next: VolunteerStage) -> Result<(), String> {
    use VolunteerStage::*;
    let allowed = match next {
        Dispatched => current == Recommended,
        Serving => current == Dispatched,
        Completed => matches!(current, Dispatched | Serving),
        Withdrawn => !matches!(current, Completed | Withdrawn),
        Applied | Selected | Recommended => {
            return Err(format!("「{}」由报名表、学校选拔和分配结果确定，不在台账中记录", next.zh()))
        }
    };
    if allowed {
        return Ok(());
    }
    Err(match (current, next) {
        (Applied | Selected, Dispatched) => "不在派遣名单上：只有派遣名单上的志愿者才能派遣".to_string(),
        (Completed, _) => "服务已期满".to_string(),
        (Withdrawn, _) => "已退出".to_string(),
        (current, next) => format!("「{}」不能接在「{}」之后", next.zh(), current.zh()),
    })
}

/// The pipeline of `applications` under `assignment`, with the volunteer events among `events` (events of
/// students who did not apply, and dispatches to a post that is not among `posts`, are reported, not applied).
pub fn volunteer_pipeline(
    applications: &[Application],
    assignment: &Assignment,
    posts: &[VolunteerPost],
    events: &[CaseEvent],
) -> Pipeline {
    let known: HashSet<&VolunteerPostId> = posts.iter().map(|p| &p.id).collect();
    let placed: HashMap<&StudentId, &VolunteerPostId> =
        assignment.placed.iter().map(|p| (&p.applicant, &p.post)).collect();
    let mut applicants: Vec<VolunteerProgress> = applications
        .iter()
        .map(|a| {
            let post = placed.get(&a.applicant).map(|p| (*p).clone());
            let stage = if post.is_some() {
                VolunteerStage::Recommended
            } else if matches!(a.selection, Selection::Scored(_) | Selection::Passed) {
                VolunteerStage::Selected
            } else {
                VolunteerStage::Applied
            };
            VolunteerProgress { applicant: a.applicant.clone(), school: a.school.clone(), stage, post, since: None }
        })
        .collect();
    let index: HashMap<StudentId, usize> =
        applicants.iter().enumerate().map(|(i, p)| (p.applicant.clone(), i)).collect();
    let mut issues = Vec::new();
    for event in in_order(events) {
        let Event::Volunteer { stage, post } = &event.event else { continue };
        let issue =
            |reason: String| StageIssue { applicant: event.student.clone(), day: event.day, stage: *stage, reason };
        let Some(&i) = index.get(&event.student) else {
            issues.push(issue("该学生没有西部计划报名记录".to_string()));
            continue;
        };
        let progress = &mut applicants[i];
        if progress.stage == *stage {
            // Recorded twice: the first record stands; naming another post is a change it cannot make.
            if let Some(other) = post.as_ref().filter(|p| progress.post.as_ref() != Some(*p)) {
                let current = progress.post.as_ref().map_or_else(String::new, ToString::to_string);
                issues.push(issue(format!("已「{}」至岗位 {current}，不能再改为岗位 {other}", stage.zh())));
            }
            continue;
        }
        if let Some(post) = post.as_ref().filter(|p| !known.contains(p)) {
            issues.push(issue(format!("岗位 {post} 不在岗位表中")));
            continue;
        }
        match next_stage(progress.stage, *stage) {
            Ok(()) => {
                progress.stage = *stage;
                progress.since = Some(event.day);
                if let Some(post) = post {
                    progress.post = Some(post.clone());
                }
            }
            Err(reason) => issues.push(issue(reason)),
        }
    }
    let stages =
        VolunteerStage::ALL.iter().map(|s| (*s, applicants.iter().filter(|a| a.stage == *s).count() as u32)).collect();
    let counted = applicants.iter().filter(|a| a.stage.counts()).count() as u32;
    Pipeline { applicants, stages, counted, issues }
}
