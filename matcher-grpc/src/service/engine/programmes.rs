//! The plan's other programmes over the registers the store keeps: 西部计划 recruitment, 社区实践 pairing and
//! 创业帮扶 selection, by the same core code as the commands. A run keeps its parameters and figures; reading a
//! result computes it again from the registers and those parameters (every programme is deterministic), so a
//! result and the report's figure always agree with the registers they stand for. A school sees its own rows.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use matcher_core::{
    assign_mentors, assign_volunteers, pair_communities, read_applications, read_branches, read_communities,
    read_mentors, read_projects, read_track_quotas, read_volunteer_posts, school_caps_for, select_projects,
    volunteer_pipeline, Application, Assignment, AssignmentInput, Branch, CaseEvent, Community, CommunityInput,
    CommunityPairing, Event, Mentor, MentorAssignment, Pipeline, ProgrammeFigures, Project, Reject, SchoolCode,
    SelectionInput, Targets, VentureSelection, VolunteerPost,
};
use serde::{Deserialize, Serialize};

use super::super::error::ServiceError;
use super::state::State;

/// A register the service keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegisterKind {
    /// 西部计划 service posts.
    WesternPosts,
    /// 专项 quotas.
    WesternQuotas,
    /// 西部计划 applications.
    WesternApplications,
    /// University League branches.
    Branches,
    /// Community League organisations.
    Communities,
    /// Venture projects.
    Projects,
    /// Venture mentors.
    Mentors,
}

impl RegisterKind {
    /// The register's name (the store's key, and the file named in its rejects).
    pub fn name(self) -> &'static str {
        match self {
            RegisterKind::WesternPosts => "western_posts",
            RegisterKind::WesternQuotas => "western_quotas",
            RegisterKind::WesternApplications => "western_applications",
            RegisterKind::Branches => "branches",
            RegisterKind::Communities => "communities",
            RegisterKind::Projects => "projects",
            RegisterKind::Mentors => "mentors",
        }
    }

    /// The programme that reads it.
    pub fn programme(self) -> ProgrammeKind {
        match self {
            RegisterKind::WesternPosts | RegisterKind::WesternQuotas | RegisterKind::WesternApplications => {
                ProgrammeKind::Western
            }
            RegisterKind::Branches | RegisterKind::Communities => ProgrammeKind::Community,
            RegisterKind::Projects | RegisterKind::Mentors => ProgrammeKind::Venture,
        }
    }
}

/// One of the programmes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProgrammeKind {
    /// 西部计划 recruitment.
    Western,
    /// 社区实践 pairing.
    Community,
    /// 创业帮扶 selection.
    Venture,
}

impl ProgrammeKind {
    /// The programme's code (the store's key).
    pub fn code(self) -> &'static str {
        match self {
            ProgrammeKind::Western => "western",
            ProgrammeKind::Community => "community",
            ProgrammeKind::Venture => "venture",
        }
    }
}

/// The parameters of a 西部计划 run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct WesternParams {
    /// The lottery's seed.
    pub seed: u64,
    /// The provincial total.
    pub total: u32,
}

/// The parameters of a 社区实践 run.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CommunityParams {
    /// How far a branch may travel, km.
    pub max_km: f64,
}

/// The parameters of a 创业帮扶 run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VentureParams {
    /// The budget, yuan.
    pub budget: u64,
    /// The plan's year.
    pub year: u16,
    /// Most projects per school, for every school.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_per_school: Option<u32>,
    /// Caps of named schools (before `max_per_school`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub school_caps: BTreeMap<SchoolCode, u32>,
}

/// A kept run: its parameters and the figure the report counts (out of `of`).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Run<P> {
    parameters: P,
    count: u32,
    of: u32,
}

/// The 西部计划 registers read and assigned: posts, applications, the assignment and the rows not read.
type Assigned = (Vec<VolunteerPost>, Vec<Application>, Assignment, Vec<Reject>);

/// A 西部计划 result.
#[derive(Debug, Clone)]
pub struct WesternResult {
    /// The parameters.
    pub parameters: WesternParams,
    /// The posts read.
    pub posts: Vec<VolunteerPost>,
    /// The applications read.
    pub applications: Vec<Application>,
    /// The assignment.
    pub assignment: Assignment,
    /// Every applicant's stage, the case files' volunteer events included.
    pub pipeline: Pipeline,
    /// The register rows not read.
    pub rejects: Vec<Reject>,
}

/// A 社区实践 result.
#[derive(Debug, Clone)]
pub struct CommunityResult {
    /// The parameters.
    pub parameters: CommunityParams,
    /// The branches read.
    pub branches: Vec<Branch>,
    /// The community organisations read.
    pub communities: Vec<Community>,
    /// The pairing.
    pub pairing: CommunityPairing,
    /// The register rows not read.
    pub rejects: Vec<Reject>,
}

/// A 创业帮扶 result.
#[derive(Debug, Clone)]
pub struct VentureOutcome {
    /// The parameters.
    pub parameters: VentureParams,
    /// The projects read.
    pub projects: Vec<Project>,
    /// The selection.
    pub selection: VentureSelection,
    /// The mentors and their assignment, when a mentor register is kept.
    pub mentors: Option<(Vec<Mentor>, MentorAssignment)>,
    /// The register rows not read.
    pub rejects: Vec<Reject>,
}

/// Held while a capped venture selection is solved.
static CAPPED: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// The 社区实践 defaults of `matcher community pair`: communities considered per branch.
pub const NEAREST: usize = 20;

/// The programmes domain.
pub struct Programmes {
    state: Arc<State>,
}

impl Programmes {
    pub(crate) fn new(state: Arc<State>) -> Programmes {
        Programmes { state }
    }

    /// Reads `text` as the register, keeps it (empty: removes it) and drops the run of the programme that reads
    /// it. Returns the rows read, the rows rejected and the runs dropped. A quota register with a bad row is
    /// refused whole.
    pub fn put_register(
        &self,
        kind: RegisterKind,
        text: &str,
    ) -> Result<(usize, Vec<Reject>, Vec<String>), ServiceError> {
        let (accepted, rejects) = if text.is_empty() { (0, Vec::new()) } else { self.read(kind, text)? };
        if kind == RegisterKind::WesternQuotas && !rejects.is_empty() {
            let fields = rejects
                .iter()
                .flat_map(|r| {
                    r.errors.iter().map(move |e| (format!("content.line {}.{}", r.line, e.field), e.reason.clone()))
                })
                .collect();
            return Err(ServiceError::Invalid(fields));
        }
        if !text.is_empty() && accepted == 0 {
            // A file with no row that can be read is no register (the wrong file, a broken export): the one kept
            // stays. Empty content removes it.
            let first = rejects.first().map(|r| format!("; first: {r}")).unwrap_or_default();
            let reason = format!(
                "no row of it could be read as {} ({} rejected{first}); the register kept is unchanged",
                kind.name(),
                rejects.len()
            );
            return Err(ServiceError::invalid("content", reason));
        }
        let dropped = self.state.store.put_register(kind.name(), text, &[kind.programme().code()])?;
        Ok((accepted, rejects, dropped))
    }

    /// The rows a register's text holds and its rejects.
    fn read(&self, kind: RegisterKind, text: &str) -> Result<(usize, Vec<Reject>), ServiceError> {
        let taxonomy = self.state.taxonomy;
        let file = kind.name();
        fn counted<R: IntoIterator>((rows, rejects): (R, Vec<Reject>)) -> (usize, Vec<Reject>) {
            (rows.into_iter().count(), rejects)
        }
        Ok(match kind {
            RegisterKind::WesternPosts => counted(read_volunteer_posts(taxonomy, text, file)?),
            RegisterKind::WesternQuotas => counted(read_track_quotas(text, file)?),
            RegisterKind::WesternApplications => counted(read_applications(taxonomy, text, file)?),
            RegisterKind::Branches => counted(read_branches(taxonomy, text, file)?),
            RegisterKind::Communities => counted(read_communities(taxonomy, text, file)?),
            RegisterKind::Projects => counted(read_projects(taxonomy, text, file)?),
            RegisterKind::Mentors => counted(read_mentors(taxonomy, text, file)?),
        })
    }

    /// A kept register's text; a register never given is FAILED_PRECONDITION naming it.
    fn register(&self, kind: RegisterKind) -> Result<String, ServiceError> {
        self.state.store.register(kind.name())?.ok_or_else(|| {
            ServiceError::FailedPrecondition(format!("no {} register is kept: PutRegister it first", kind.name()))
        })
    }

    fn kept_run<P: serde::de::DeserializeOwned>(
        &self,
        programme: ProgrammeKind,
    ) -> Result<Option<Run<P>>, ServiceError> {
        match self.state.store.run(programme.code())? {
            Some(value) => serde_json::from_value(value)
                .map(Some)
                .map_err(|e| ServiceError::Corrupt(format!("run of {}: {e}", programme.code()))),
            None => Ok(None),
        }
    }

    /// The parameters given, or else the kept run's; and whether they are the kept run's (nothing to keep).
    fn parameters<P: serde::de::DeserializeOwned>(
        &self,
        given: Option<P>,
        programme: ProgrammeKind,
    ) -> Result<(P, bool), ServiceError> {
        match given {
            Some(parameters) => Ok((parameters, false)),
            None => {
                let run = self.kept_run::<P>(programme)?.ok_or_else(|| Self::never_run(programme))?;
                Ok((run.parameters, true))
            }
        }
    }

    fn never_run(programme: ProgrammeKind) -> ServiceError {
        ServiceError::FailedPrecondition(format!(
            "{} has not been run on the kept registers (or a register changed since): run it first",
            programme.code()
        ))
    }

    /// Keeps a run computed from the registers at `version`; refused when a register was replaced meanwhile.
    fn keep<P: Serialize>(
        &self,
        programme: ProgrammeKind,
        parameters: P,
        (count, of): (u32, u32),
        version: u64,
    ) -> Result<(), ServiceError> {
        let run =
            serde_json::to_value(Run { parameters, count, of }).map_err(|e| ServiceError::Internal(e.to_string()))?;
        if self.state.store.put_run(programme.code(), &run, version)? {
            Ok(())
        } else {
            Err(ServiceError::FailedPrecondition(format!(
                "a register was replaced while {} ran: its result would not stand for the registers; run it again",
                programme.code()
            )))
        }
    }

    /// 西部计划 on the kept registers with `parameters` (none: the kept run's). A new run is kept.
    pub fn western(&self, parameters: Option<WesternParams>) -> Result<WesternResult, ServiceError> {
        let (parameters, kept) = self.parameters(parameters, ProgrammeKind::Western)?;
        let version = self.state.store.register_version(ProgrammeKind::Western.code())?;
        let events = self.state.store.case_events_shared()?;
        let result = self.western_with(parameters, &events)?;
        if !kept {
            let of = result.applications.len() as u32;
            self.keep(ProgrammeKind::Western, parameters, (result.pipeline.counted, of), version)?;
        }
        Ok(result)
    }

    fn western_with(&self, parameters: WesternParams, events: &[CaseEvent]) -> Result<WesternResult, ServiceError> {
        let (posts, applications, assignment, rejects) = self.western_assignment(parameters)?;
        let pipeline = volunteer_pipeline(&applications, &assignment, &posts, events);
        Ok(WesternResult { parameters, posts, applications, assignment, pipeline, rejects })
    }

    /// The kept registers read and assigned with `parameters`.
    fn western_assignment(&self, parameters: WesternParams) -> Result<Assigned, ServiceError> {
        let taxonomy = self.state.taxonomy;
        let posts_text = self.register(RegisterKind::WesternPosts)?;
        let applications_text = self.register(RegisterKind::WesternApplications)?;
        let (posts, mut rejects) = read_volunteer_posts(taxonomy, &posts_text, RegisterKind::WesternPosts.name())?;
        let (applications, bad) =
            read_applications(taxonomy, &applications_text, RegisterKind::WesternApplications.name())?;
        rejects.extend(bad);
        let track_quotas = match self.state.store.register(RegisterKind::WesternQuotas.name())? {
            Some(text) => read_track_quotas(&text, RegisterKind::WesternQuotas.name())?.0,
            None => Default::default(),
        };
        let input = AssignmentInput {
            posts: &posts,
            applications: &applications,
            track_quotas: &track_quotas,
            total: parameters.total,
            seed: parameters.seed,
        };
        let assignment = assign_volunteers(&input);
        Ok((posts, applications, assignment, rejects))
    }

    /// Refuses a case file's 西部计划 stage that does not follow from where the applicant stands in the kept
    /// assignment, and every stage while no assignment is kept (before the first run, or after a register was
    /// replaced): a stage nobody could judge would still settle the student.
    pub fn check_volunteer_event(&self, event: &CaseEvent) -> Result<(), ServiceError> {
        let Event::Volunteer { stage, .. } = &event.event else {
            return Ok(());
        };
        let Some(run) = self.kept_run::<WesternParams>(ProgrammeKind::Western)? else {
            return Err(ServiceError::FailedPrecondition(
                "no 西部计划 assignment is kept (never run, or a register was replaced since): run AssignVolunteers \
                 before recording 派遣, 在岗, 期满 or 退出"
                    .to_string(),
            ));
        };
        let mut events: Vec<CaseEvent> = self
            .state
            .store
            .case_events(&event.student)?
            .into_iter()
            .filter(|e| matches!(e.event, Event::Volunteer { .. }))
            .collect();
        // One assignment, the student's stages judged with and without the new one.
        let (posts, applications, assignment, _) = self.western_assignment(run.parameters)?;
        let before = volunteer_pipeline(&applications, &assignment, &posts, &events).issues.len();
        events.push(event.clone());
        let after = volunteer_pipeline(&applications, &assignment, &posts, &events).issues;
        if after.len() > before {
            let reason = after.iter().rev().find(|i| i.stage == *stage).or(after.last()).map(|i| i.reason.clone());
            return Err(ServiceError::FailedPrecondition(format!(
                "西部计划 stage of {}: {}",
                event.student,
                reason.unwrap_or_default()
            )));
        }
        Ok(())
    }

    /// 社区实践 on the kept registers with `parameters` (none: the kept run's). A new run is kept.
    pub fn community(&self, parameters: Option<CommunityParams>) -> Result<CommunityResult, ServiceError> {
        let (parameters, kept) = self.parameters(parameters, ProgrammeKind::Community)?;
        let version = self.state.store.register_version(ProgrammeKind::Community.code())?;
        let taxonomy = self.state.taxonomy;
        let (branches, mut rejects) =
            read_branches(taxonomy, &self.register(RegisterKind::Branches)?, RegisterKind::Branches.name())?;
        let (communities, bad) =
            read_communities(taxonomy, &self.register(RegisterKind::Communities)?, RegisterKind::Communities.name())?;
        rejects.extend(bad);
        let input = CommunityInput {
            branches: &branches,
            communities: &communities,
            share: self.targets().community_branch_share,
            max_km: parameters.max_km,
            nearest: NEAREST,
        };
        let pairing = pair_communities(&taxonomy.regions, &input);
        if !kept {
            self.keep(ProgrammeKind::Community, parameters, (pairing.paired, pairing.branches), version)?;
        }
        Ok(CommunityResult { parameters, branches, communities, pairing, rejects })
    }

    /// 创业帮扶 on the kept registers with `parameters` (none: the kept run's). A new run is kept; a plan no
    /// selection meets is FAILED_PRECONDITION naming the rules (and keeps nothing).
    pub fn venture(&self, parameters: Option<VentureParams>) -> Result<VentureOutcome, ServiceError> {
        let (parameters, kept) = self.parameters(parameters, ProgrammeKind::Venture)?;
        let version = self.state.store.register_version(ProgrammeKind::Venture.code())?;
        let taxonomy = self.state.taxonomy;
        let (projects, mut rejects) =
            read_projects(taxonomy, &self.register(RegisterKind::Projects)?, RegisterKind::Projects.name())?;
        let school_caps = school_caps_for(&projects, parameters.max_per_school, &parameters.school_caps);
        // A capped selection is an integer program of up to 4 × 5 s and a few hundred MB: one at a time, so
        // that concurrent calls cannot multiply its memory (a call whose client left still finishes its bound).
        let _solving = if school_caps.is_empty() {
            None
        } else {
            match CAPPED.try_lock() {
                Ok(guard) => Some(guard),
                Err(std::sync::TryLockError::Poisoned(poisoned)) => Some(poisoned.into_inner()),
                Err(std::sync::TryLockError::WouldBlock) => {
                    return Err(ServiceError::TooLarge(
                        "another capped venture selection is being solved (one at a time): try again shortly".into(),
                    ))
                }
            }
        };
        let input = SelectionInput {
            projects: &projects,
            year: parameters.year,
            min_projects: self.targets().venture_projects,
            priority_share: 0.5,
            min_grant: 5000,
            budget: parameters.budget,
            school_caps: &school_caps,
        };
        let selection = select_projects(&input).map_err(|e| ServiceError::FailedPrecondition(e.to_string()))?;
        let mentors = match self.state.store.register(RegisterKind::Mentors.name())? {
            Some(text) => {
                let (mentors, bad) = read_mentors(taxonomy, &text, RegisterKind::Mentors.name())?;
                rejects.extend(bad);
                let assignment = assign_mentors(taxonomy, &selection.funded, &projects, &mentors);
                Some((mentors, assignment))
            }
            None => None,
        };
        if !kept {
            let figure = (selection.funded.len() as u32, projects.len() as u32);
            self.keep(ProgrammeKind::Venture, parameters.clone(), figure, version)?;
        }
        Ok(VentureOutcome { parameters, projects, selection, mentors, rejects })
    }

    /// The report's figures: every programme with a kept run (the 西部计划 volunteers after the case files'
    /// stages recorded up to `as_of`).
    pub fn figures(&self, events: &[CaseEvent], as_of: chrono::NaiveDate) -> Result<ProgrammeFigures, ServiceError> {
        let mut figures = ProgrammeFigures::default();
        if let Some(run) = self.kept_run::<WesternParams>(ProgrammeKind::Western)? {
            let events: Vec<CaseEvent> = events
                .iter()
                .filter(|e| e.day <= as_of && matches!(e.event, Event::Volunteer { .. }))
                .cloned()
                .collect();
            figures.western_volunteers = Some(self.western_with(run.parameters, &events)?.pipeline.counted);
        }
        if let Some(run) = self.kept_run::<CommunityParams>(ProgrammeKind::Community)? {
            if run.of > 0 {
                figures.community_share = Some(f64::from(run.count) / f64::from(run.of));
            }
        }
        if let Some(run) = self.kept_run::<VentureParams>(ProgrammeKind::Venture)? {
            figures.venture_funded = Some(run.count);
        }
        Ok(figures)
    }

    fn targets(&self) -> Targets {
        Targets::builtin()
    }
}

impl WesternResult {
    /// The result as `school` may read it: its applicants' rows, its school row, the province's track quotas;
    /// the pipeline's counts recounted over its applicants.
    pub fn for_school(mut self, school: &SchoolCode) -> WesternResult {
        let own: HashSet<_> =
            self.applications.iter().filter(|a| &a.school == school).map(|a| a.applicant.clone()).collect();
        self.applications.retain(|a| &a.school == school);
        let a = &mut self.assignment;
        a.placed.retain(|p| &p.school == school);
        a.unplaced.retain(|u| &u.school == school);
        a.dropped.retain(|d| own.contains(&d.applicant));
        a.schools.retain(|s| &s.school == school);
        let p = &mut self.pipeline;
        p.applicants.retain(|x| &x.school == school);
        p.issues.retain(|i| own.contains(&i.applicant));
        for (stage, n) in &mut p.stages {
            *n = p.applicants.iter().filter(|x| x.stage == *stage).count() as u32;
        }
        p.counted = p.applicants.iter().filter(|x| x.stage.counts()).count() as u32;
        self.rejects.clear();
        self
    }
}

impl CommunityResult {
    /// The result as `school` may read it: its branches and pairs, its coverage row, and the community
    /// organisations its branches are paired with, each counting its branches only (how many of other schools'
    /// an organisation took is theirs to know); every total is the school's own.
    pub fn for_school(mut self, school: &SchoolCode) -> CommunityResult {
        self.branches.retain(|b| &b.school == school);
        let p = &mut self.pairing;
        p.pairs.retain(|x| &x.school == school);
        p.schools.retain(|s| &s.school == school);
        p.branches = self.branches.len() as u32;
        p.paired = p.pairs.len() as u32;
        p.total_km = p.pairs.iter().map(|x| x.km).sum();
        let pairs = &p.pairs;
        p.communities.retain_mut(|c| {
            c.paired = pairs.iter().filter(|x| x.community == c.community).count() as u32;
            c.paired > 0
        });
        let paired_with: HashSet<_> = p.communities.iter().map(|c| c.community.clone()).collect();
        self.communities.retain(|c| paired_with.contains(&c.id));
        self.rejects.clear();
        self
    }
}

impl VentureOutcome {
    /// The result as `school` may read it: its projects, funded or not, and their mentors, with totals of its
    /// own; the rules' costs (the province's selection) as they are.
    pub fn for_school(mut self, school: &SchoolCode) -> VentureOutcome {
        let own: HashSet<String> = self.projects.iter().filter(|p| &p.school == school).map(|p| p.id.clone()).collect();
        self.projects.retain(|p| &p.school == school);
        let s = &mut self.selection;
        s.funded.retain(|f| &f.school == school);
        s.not_funded.retain(|(id, _)| own.contains(id));
        // The totals are the school's own, like the rows they sum.
        s.granted = s.funded.iter().map(|f| f.grant).sum();
        s.priority = s.funded.iter().filter(|f| f.field.is_priority()).count() as u32;
        s.total_score = (s.funded.iter().map(|f| f.score).sum::<f64>() * 100.0).round() / 100.0;
        if let Some((_, assignment)) = &mut self.mentors {
            assignment.assigned.retain(|m| own.contains(&m.project));
            assignment.without.retain(|id| own.contains(id));
        }
        self.rejects.clear();
        self
    }
}
