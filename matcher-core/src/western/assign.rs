//! Assignment of 西部计划 applicants to posts by student-proposing deferred acceptance.
//!
//! Who may be placed (the plan's rules, which no source's own cohorts widen): graduating students (应届毕业生)
//! and in-service postgraduates (在职研究生), selected by their school; the 研究生支教团 track takes 推免生 only
//! (for them, going on to study is no bar). A preference for a post that does not exist, or that the
//! applicant may not take, is dropped and reported.
//!
//! Capacities are nested: each post's own, its track's quota (专项名额, when given) and the provincial total
//! (700 in the plan). The programme chooses among the applicants who propose by priority: the selection
//! score, higher first (applicants passed without a score after every scored one), then a lottery drawn from
//! the seed and the applicant's id (so neither the file's order nor the id's spelling decides), then the id.
//! That choice is greedy over a laminar matroid, so it is substitutable and deferred acceptance gives the
//! applicant-optimal stable assignment and is strategy-proof for applicants (Hatfield and Milgrom, 2005):
//! no applicant gains by misstating their preferences. Proposals are made one at a time; when a proposal
//! overfills a post, a track or the total, the lowest-priority applicant held in the smallest overfilled set
//! is rejected and proposes to their next post (the matroid exchange), which ends with the same assignment
//! as rounds of simultaneous proposals in O(proposals × log applicants).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use super::application::{Application, Selection};
use super::post::VolunteerPost;
use crate::model::{Cohort, RegionCode, SchoolCode, StudentId, VolunteerPostId, VolunteerTrack};

/// What the assignment is given.
#[derive(Debug, Clone, Copy)]
pub struct AssignmentInput<'a> {
    /// The posts.
    pub posts: &'a [VolunteerPost],
    /// The applications.
    pub applications: &'a [Application],
    /// Quotas per track (专项名额); a track not listed is limited by its posts only.
    pub track_quotas: &'a BTreeMap<VolunteerTrack, u32>,
    /// The provincial total (the plan: 700).
    pub total: u32,
    /// The lottery's seed.
    pub seed: u64,
}

/// An applicant placed on a post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Placement {
    /// The applicant.
    pub applicant: StudentId,
    /// Their school.
    pub school: SchoolCode,
    /// The post.
    pub post: VolunteerPostId,
    /// Its track.
    pub track: VolunteerTrack,
    /// Where they serve.
    pub region: RegionCode,
    /// Which of their preferences as they wrote them it was (1: the first).
    pub choice: usize,
}

/// Which capacity was full when an applicant was turned away from a post.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Binding {
    /// The post's own places.
    Post,
    /// The track's quota.
    Track,
    /// The provincial total.
    Total,
}

/// Why an applicant was not placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NotPlaced {
    /// Neither graduating nor an in-service postgraduate.
    Cohort,
    /// Not selected by the school.
    NotSelected,
    /// The school has not reported its selection yet.
    SelectionPending,
    /// No preference left that names a post they may take.
    NoPreference,
    /// Every post they want was taken by applicants ranked before them; the widest capacity that was full at
    /// one of their preferences (post, then track, then the total).
    Outranked(Binding),
}

impl NotPlaced {
    /// The code name.
    pub fn code(self) -> &'static str {
        match self {
            NotPlaced::Cohort => "cohort",
            NotPlaced::NotSelected => "not_selected",
            NotPlaced::SelectionPending => "selection_pending",
            NotPlaced::NoPreference => "no_preference",
            NotPlaced::Outranked(Binding::Post) => "outranked_post_full",
            NotPlaced::Outranked(Binding::Track) => "outranked_track_full",
            NotPlaced::Outranked(Binding::Total) => "outranked_total_full",
        }
    }

    /// The reason as the 项目办 reads it.
    pub fn zh(self) -> &'static str {
        match self {
            NotPlaced::Cohort => "不是应届毕业生或在职研究生",
            NotPlaced::NotSelected => "未通过学校选拔",
            NotPlaced::SelectionPending => "学校尚未报送选拔结果",
            NotPlaced::NoPreference => "没有可报的志愿岗位",
            NotPlaced::Outranked(Binding::Post) => "所报岗位已由排序在前的志愿者占满",
            NotPlaced::Outranked(Binding::Track) => "所报专项名额已由排序在前的志愿者用完",
            NotPlaced::Outranked(Binding::Total) => "全省招募名额已由排序在前的志愿者用完",
        }
    }
}

/// Why a preference was dropped before the assignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Dropped {
    /// No post has that id.
    UnknownPost,
    /// A 研究生支教团 post, and the applicant is not a 推免生.
    NotExemptAdmitted,
    /// Listed before.
    Repeated,
    /// The post takes no volunteer (capacity 0).
    Closed,
}

impl Dropped {
    /// The reason as the 项目办 reads it.
    pub fn zh(self) -> &'static str {
        match self {
            Dropped::UnknownPost => "没有这个岗位（或该岗位记录有误被退回）",
            Dropped::NotExemptAdmitted => "研究生支教团只招募推免生",
            Dropped::Repeated => "重复填报",
            Dropped::Closed => "该岗位不招募（名额为0）",
        }
    }
}

/// A preference dropped before the assignment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DroppedPreference {
    /// The applicant.
    pub applicant: StudentId,
    /// The post they named.
    pub post: VolunteerPostId,
    /// Why it was dropped.
    pub reason: Dropped,
}

/// An applicant left unplaced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unplaced {
    /// The applicant.
    pub applicant: StudentId,
    /// Their school.
    pub school: SchoolCode,
    /// Why.
    pub reason: NotPlaced,
}

/// A track's places: its quota, its posts' capacity and what was used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrackUse {
    /// The track.
    pub track: VolunteerTrack,
    /// Its quota, when one was given.
    pub quota: Option<u32>,
    /// The sum of its posts' capacities.
    pub posts_capacity: u32,
    /// Volunteers placed.
    pub placed: u32,
}

/// A school's applicants and placements.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SchoolUse {
    /// The school.
    pub school: SchoolCode,
    /// Applications from it.
    pub applicants: u32,
    /// Applicants it selected.
    pub selected: u32,
    /// Its applicants placed.
    pub placed: u32,
}

/// The assignment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Assignment {
    /// Placements, by applicant id.
    pub placed: Vec<Placement>,
    /// Applicants not placed, by applicant id.
    pub unplaced: Vec<Unplaced>,
    /// Preferences dropped before the assignment, by applicant id.
    pub dropped: Vec<DroppedPreference>,
    /// Places per track, in the tracks' order.
    pub tracks: Vec<TrackUse>,
    /// Applicants and placements per school, by school code.
    pub schools: Vec<SchoolUse>,
    /// The provincial total.
    pub total: u32,
    /// Proposals made (a measure of the work done).
    pub proposals: usize,
}

/// May this applicant be placed at all (cohort and selection)?
pub(crate) fn admissible(application: &Application) -> Result<(), NotPlaced> {
    if !matches!(application.cohort, Cohort::Graduating | Cohort::InServicePostgraduate) {
        return Err(NotPlaced::Cohort);
    }
    match application.selection {
        Selection::Failed => Err(NotPlaced::NotSelected),
        Selection::Pending => Err(NotPlaced::SelectionPending),
        Selection::Scored(_) | Selection::Passed => Ok(()),
    }
}

/// The lottery number of an applicant: a 64-bit mix of the seed and the id (FNV-1a, then splitmix64).
pub(crate) fn lottery(seed: u64, applicant: &StudentId) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    for byte in applicant.as_str().bytes() {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    let mut z = hash ^ seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The priority key: smaller is placed first.
fn priority_key(application: &Application, seed: u64) -> (u8, u32, u64, &StudentId) {
    let (class, score) = match application.selection {
        Selection::Scored(s) => (0, s),
        _ => (1, 0),
    };
    (class, u32::MAX - score, lottery(seed, &application.applicant), &application.applicant)
}

/// Each admissible applicant's usable preferences (post positions), and the dropped ones.
pub(crate) fn usable_preferences(
    application: &Application,
    post_at: &HashMap<&VolunteerPostId, usize>,
    posts: &[VolunteerPost],
    dropped: &mut Vec<DroppedPreference>,
) -> Vec<usize> {
    let mut usable = Vec::with_capacity(application.preferences.len());
    let mut seen = BTreeSet::new();
    for post in &application.preferences {
        let reason = match post_at.get(post) {
            _ if !seen.insert(post) => Some(Dropped::Repeated),
            None => Some(Dropped::UnknownPost),
            Some(&at) if posts[at].track == VolunteerTrack::GraduateTeaching && !application.exempt_admission => {
                Some(Dropped::NotExemptAdmitted)
            }
            Some(&at) if posts[at].capacity == 0 => Some(Dropped::Closed),
            Some(&at) => {
                usable.push(at);
                None
            }
        };
        if let Some(reason) = reason {
            dropped.push(DroppedPreference { applicant: application.applicant.clone(), post: post.clone(), reason });
        }
    }
    usable
}

/// Runs the assignment.
pub fn assign_volunteers(input: &AssignmentInput<'_>) -> Assignment {
    let posts = input.posts;
    let post_at: HashMap<&VolunteerPostId, usize> = posts.iter().enumerate().map(|(i, p)| (&p.id, i)).collect();
    // Applicants in priority order; `rank` is their place in it.
    let mut order: Vec<usize> = (0..input.applications.len()).collect();
    order.sort_by(|&a, &b| {
        priority_key(&input.applications[a], input.seed).cmp(&priority_key(&input.applications[b], input.seed))
    });
    let mut dropped = Vec::new();
    let mut unplaced = Vec::new();
    let mut lists: Vec<Vec<usize>> = vec![Vec::new(); order.len()];
    for (rank, &a) in order.iter().enumerate() {
        let application = &input.applications[a];
        if let Err(reason) = admissible(application) {
            unplaced.push((rank, reason));
            continue;
        }
        lists[rank] = usable_preferences(application, &post_at, posts, &mut dropped);
        if lists[rank].is_empty() {
            unplaced.push((rank, NotPlaced::NoPreference));
        }
    }

    let mut state = Held::new(posts, input.track_quotas, input.total, order.len());
    let mut next = vec![0usize; order.len()];
    let mut proposals = 0usize;
    // Applicants propose in the file's order, not in priority order: a later, higher-ranked proposal displaces
    // an earlier one, and the result is the same whatever the order (a property test shuffles it).
    let mut rank_of = vec![0usize; order.len()];
    for (rank, &a) in order.iter().enumerate() {
        rank_of[a] = rank;
    }
    for start in rank_of {
        let mut proposer = Some(start);
        while let Some(rank) = proposer {
            let Some(&post) = lists[rank].get(next[rank]) else { break };
            next[rank] += 1;
            proposals += 1;
            proposer = state.propose(rank, post);
        }
    }

    // Applicants who ran out of preferences: the widest capacity that kept them out of one of their posts (the
    // total, when it was full before them, kept them out of all).
    for (rank, list) in lists.iter().enumerate() {
        if !list.is_empty() && state.post_of[rank].is_none() {
            let binding = list.iter().filter_map(|&post| state.binding(post, rank)).max().unwrap_or(Binding::Post);
            unplaced.push((rank, NotPlaced::Outranked(binding)));
        }
    }
    summarise(input, &order, &state, unplaced, dropped, proposals)
}

/// Who holds which post as the proposals go on.
pub(crate) struct Held<'a> {
    posts: &'a [VolunteerPost],
    track_quota: BTreeMap<VolunteerTrack, u32>,
    total: u32,
    by_post: Vec<BTreeSet<usize>>,
    by_track: BTreeMap<VolunteerTrack, BTreeSet<usize>>,
    all: BTreeSet<usize>,
    /// The post each applicant (by rank) holds.
    pub(crate) post_of: Vec<Option<usize>>,
}

impl<'a> Held<'a> {
    fn new(
        posts: &'a [VolunteerPost],
        track_quota: &BTreeMap<VolunteerTrack, u32>,
        total: u32,
        applicants: usize,
    ) -> Held<'a> {
        Held {
            posts,
            track_quota: track_quota.clone(),
            total,
            by_post: vec![BTreeSet::new(); posts.len()],
            by_track: BTreeMap::new(),
            all: BTreeSet::new(),
            post_of: vec![None; applicants],
        }
    }

    /// `rank` proposes to `post`; returns the applicant rejected (maybe the proposer), if any.
    fn propose(&mut self, rank: usize, post: usize) -> Option<usize> {
        let track = self.posts[post].track;
        self.by_post[post].insert(rank);
        self.by_track.entry(track).or_default().insert(rank);
        self.all.insert(rank);
        self.post_of[rank] = Some(post);
        // The smallest overfilled set holds the one circuit; its lowest-priority member leaves.
        let over_post = self.by_post[post].len() as u64 > u64::from(self.posts[post].capacity);
        let over_track =
            self.track_quota.get(&track).is_some_and(|q| self.by_track[&track].len() as u64 > u64::from(*q));
        let over_total = self.all.len() as u64 > u64::from(self.total);
        let last = |set: &BTreeSet<usize>| set.last().copied();
        let rejected = if over_post {
            last(&self.by_post[post])
        } else if over_track {
            last(&self.by_track[&track])
        } else if over_total {
            last(&self.all)
        } else {
            None
        }?;
        self.release(rejected);
        Some(rejected)
    }

    fn release(&mut self, rank: usize) {
        if let Some(post) = self.post_of[rank].take() {
            self.by_post[post].remove(&rank);
            if let Some(set) = self.by_track.get_mut(&self.posts[post].track) {
                set.remove(&rank);
            }
            self.all.remove(&rank);
        }
    }

    /// Which capacity keeps `rank` out of `post` now (counting only applicants ranked before them), or `None`
    /// when they would be taken.
    pub(crate) fn binding(&self, post: usize, rank: usize) -> Option<Binding> {
        let before = |set: &BTreeSet<usize>| set.range(..rank).count() as u64;
        let track = self.posts[post].track;
        if before(&self.by_post[post]) >= u64::from(self.posts[post].capacity) {
            return Some(Binding::Post);
        }
        if let Some(quota) = self.track_quota.get(&track) {
            if self.by_track.get(&track).map_or(0, before) >= u64::from(*quota) {
                return Some(Binding::Track);
            }
        }
        (before(&self.all) >= u64::from(self.total)).then_some(Binding::Total)
    }
}

fn summarise(
    input: &AssignmentInput<'_>,
    order: &[usize],
    state: &Held<'_>,
    unplaced: Vec<(usize, NotPlaced)>,
    mut dropped: Vec<DroppedPreference>,
    proposals: usize,
) -> Assignment {
    let posts = input.posts;
    let application = |rank: usize| &input.applications[order[rank]];
    let mut placed: Vec<Placement> = Vec::new();
    for (rank, post) in state.post_of.iter().enumerate() {
        let Some(post) = *post else { continue };
        let a = application(rank);
        let p = &posts[post];
        // Which of the preferences as the applicant wrote them (dropped ones counted too).
        let choice = a.preferences.iter().position(|q| *q == p.id).map_or(0, |i| i + 1);
        placed.push(Placement {
            applicant: a.applicant.clone(),
            school: a.school.clone(),
            post: p.id.clone(),
            track: p.track,
            region: p.region,
            choice,
        });
    }
    placed.sort_by(|a, b| a.applicant.cmp(&b.applicant));
    let mut unplaced: Vec<Unplaced> = unplaced
        .into_iter()
        .map(|(rank, reason)| Unplaced {
            applicant: application(rank).applicant.clone(),
            school: application(rank).school.clone(),
            reason,
        })
        .collect();
    unplaced.sort_by(|a, b| a.applicant.cmp(&b.applicant));
    dropped.sort_by(|a, b| a.applicant.cmp(&b.applicant));

    let mut tracks: BTreeMap<VolunteerTrack, TrackUse> = BTreeMap::new();
    for track in VolunteerTrack::ALL {
        let quota = input.track_quotas.get(track).copied();
        let posts_capacity: u32 = posts.iter().filter(|p| p.track == *track).map(|p| p.capacity).sum();
        if quota.is_some() || posts_capacity > 0 {
            tracks.insert(*track, TrackUse { track: *track, quota, posts_capacity, placed: 0 });
        }
    }
    for p in &placed {
        if let Some(t) = tracks.get_mut(&p.track) {
            t.placed += 1;
        }
    }
    let mut schools: BTreeMap<SchoolCode, SchoolUse> = BTreeMap::new();
    for a in input.applications {
        let row = schools.entry(a.school.clone()).or_insert(SchoolUse {
            school: a.school.clone(),
            applicants: 0,
            selected: 0,
            placed: 0,
        });
        row.applicants += 1;
        row.selected += u32::from(matches!(a.selection, Selection::Scored(_) | Selection::Passed));
    }
    for p in &placed {
        if let Some(row) = schools.get_mut(&p.school) {
            row.placed += 1;
        }
    }
    Assignment {
        placed,
        unplaced,
        dropped,
        // In the vocabulary's order.
        tracks: tracks.into_values().collect(),
        schools: schools.into_values().collect(),
        total: input.total,
        proposals,
    }
}
