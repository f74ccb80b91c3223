//! The figures of the plan's other programmes for the monthly report: 西部计划 volunteers placed, 创业 projects
//! selected and the share of League branches paired for 社区实践, each computed by the same code as `matcher
//! western assign`, `matcher venture select` and `matcher community pair` from a folder holding their files
//! under the names `matcher generate` gives them. A programme whose files are absent is left without a figure.

use std::path::Path;

use chrono::Datelike;
use chrono::NaiveDate;
use matcher_core::{
    assign_volunteers, pair_communities, read_applications, read_branches, read_communities, read_projects,
    read_track_quotas, read_volunteer_posts, select_projects, volunteer_pipeline, AssignmentInput, CaseEvent,
    CommunityInput, ProgrammeFigures, Reject, SelectionInput, Targets, Taxonomy,
};

use super::read_text;

/// Where the programmes' files are: a folder with `western_posts.csv`, `western_quotas.csv`,
/// `western_applications.jsonl`, `branches.csv`, `communities.csv`, `projects.csv` (each optional), and the
/// venture budget (without it, no 创业 figure).
pub(super) struct Source<'a> {
    /// The folder.
    pub dir: &'a Path,
    /// The venture budget, yuan.
    pub venture_budget: Option<u64>,
}

/// The 西部计划 lottery's seed and a branch's distance, as the commands and the service default them.
use matcher_grpc::service::programmes::{DEFAULT_MAX_KM as COMMUNITY_MAX_KM, DEFAULT_SEED as WESTERN_SEED};

/// The figures, as of `as_of` (the venture rules' year; the 西部计划 volunteers from 推荐 to 期满, after the
/// stages `events` record); rejected records are added to `rejects`.
pub(super) fn figures(
    taxonomy: &Taxonomy,
    targets: &Targets,
    source: &Source<'_>,
    as_of: NaiveDate,
    events: &[CaseEvent],
    rejects: &mut Vec<Reject>,
) -> anyhow::Result<ProgrammeFigures> {
    let file = |name: &str| -> anyhow::Result<Option<(String, String)>> {
        let path = source.dir.join(name);
        if path.exists() {
            Ok(Some((read_text(&path)?, path.display().to_string())))
        } else {
            Ok(None)
        }
    };
    let mut figures = ProgrammeFigures::default();

    let posts = file("western_posts.csv")?;
    let applications = file("western_applications.jsonl")?;
    if let (Some((p, p_name)), Some((a, a_name))) = (posts, applications) {
        let (posts, bad) = read_volunteer_posts(taxonomy, &p, &p_name)?;
        rejects.extend(bad);
        let (applications, bad) = read_applications(taxonomy, &a, &a_name)?;
        rejects.extend(bad);
        let mut quotas = Default::default();
        if let Some((q, q_name)) = file("western_quotas.csv")? {
            let (read, bad) = read_track_quotas(&q, &q_name)?;
            super::western::refuse_open_quotas(&bad)?;
            quotas = read;
        }
        let input = AssignmentInput {
            posts: &posts,
            applications: &applications,
            track_quotas: &quotas,
            total: targets.western_plan_volunteers,
            seed: WESTERN_SEED,
        };
        let assignment = assign_volunteers(&input);
        let events: Vec<CaseEvent> = events.iter().filter(|e| e.day <= as_of).cloned().collect();
        figures.western_volunteers = Some(volunteer_pipeline(&applications, &assignment, &posts, &events).counted);
    }

    let branches = file("branches.csv")?;
    let communities = file("communities.csv")?;
    if let (Some((b, b_name)), Some((c, c_name))) = (branches, communities) {
        let (branches, bad) = read_branches(taxonomy, &b, &b_name)?;
        rejects.extend(bad);
        let (communities, bad) = read_communities(taxonomy, &c, &c_name)?;
        rejects.extend(bad);
        let input = CommunityInput {
            branches: &branches,
            communities: &communities,
            share: targets.community_branch_share,
            max_km: COMMUNITY_MAX_KM,
            nearest: super::community::NEAREST,
        };
        let pairing = pair_communities(&taxonomy.regions, &input);
        if pairing.branches > 0 {
            figures.community_share = Some(f64::from(pairing.paired) / f64::from(pairing.branches));
        }
    }

    let budget = source.venture_budget;
    if let (Some((text, name)), Some(budget)) = (file("projects.csv")?, budget) {
        let (projects, bad) = read_projects(taxonomy, &text, &name)?;
        rejects.extend(bad);
        let input = SelectionInput {
            projects: &projects,
            year: as_of.year() as u16,
            min_projects: targets.venture_projects,
            priority_share: 0.5,
            min_grant: 5000,
            budget,
            school_caps: &Default::default(),
        };
        // A plan no selection can meet funds nothing yet.
        figures.venture_funded = Some(select_projects(&input).map_or(0, |s| s.funded.len() as u32));
    }
    Ok(figures)
}
