//! Properties of the assignment: the same as serial dictatorship in priority order (what deferred acceptance
//! must give when every post ranks applicants alike), stable, within every capacity, independent of the
//! files' order, and strategy-proof for applicants.

use std::collections::BTreeMap;

use proptest::prelude::*;

use super::assign::{admissible, lottery};
use super::*;
use crate::model::{Cohort, RegionCode, SchoolCode, StudentId, VolunteerPostId, VolunteerTrack};

const TRACKS: [VolunteerTrack; 3] =
    [VolunteerTrack::Xinjiang, VolunteerTrack::RuralEducation, VolunteerTrack::GraduateTeaching];

fn post(i: usize, track: VolunteerTrack, capacity: u32) -> VolunteerPost {
    VolunteerPost {
        id: format!("P{i}").parse().unwrap(),
        track,
        region: "650100".parse::<RegionCode>().unwrap(),
        capacity,
        title: String::new(),
    }
}

fn application(i: usize, preferences: &[usize], selection: Selection, cohort: Cohort, exempt: bool) -> Application {
    Application {
        applicant: format!("S{i:02}").parse().unwrap(),
        school: format!("41430{}", i % 3).parse::<SchoolCode>().unwrap(),
        cohort,
        exempt_admission: exempt,
        preferences: preferences.iter().map(|p| format!("P{p}").parse().unwrap()).collect(),
        selection,
    }
}

/// Serial dictatorship: applicants in priority order each take their first usable post with room in the post,
/// its track and the total. The oracle.
fn serial_dictatorship(input: &AssignmentInput<'_>) -> BTreeMap<StudentId, VolunteerPostId> {
    let mut order: Vec<&Application> = input.applications.iter().collect();
    let key = |a: &Application| {
        let (class, score) = match a.selection {
            Selection::Scored(s) => (0, u32::MAX - s),
            _ => (1, u32::MAX),
        };
        (class, score, lottery(input.seed, &a.applicant), a.applicant.clone())
    };
    order.sort_by_key(|a| key(a));
    let mut post_used = vec![0u32; input.posts.len()];
    let mut track_used: BTreeMap<VolunteerTrack, u32> = BTreeMap::new();
    let mut total = 0u32;
    let mut out = BTreeMap::new();
    for a in order {
        if admissible(a).is_err() {
            continue;
        }
        let mut seen = Vec::new();
        for wanted in &a.preferences {
            if seen.contains(&wanted) {
                continue;
            }
            seen.push(wanted);
            let Some(p) = input.posts.iter().position(|p| &p.id == wanted) else { continue };
            let track = input.posts[p].track;
            if track == VolunteerTrack::GraduateTeaching && !a.exempt_admission {
                continue;
            }
            let track_room =
                input.track_quotas.get(&track).is_none_or(|q| track_used.get(&track).copied().unwrap_or(0) < *q);
            if post_used[p] < input.posts[p].capacity && track_room && total < input.total {
                post_used[p] += 1;
                *track_used.entry(track).or_default() += 1;
                total += 1;
                out.insert(a.applicant.clone(), wanted.clone());
                break;
            }
        }
    }
    out
}

fn placed(assignment: &Assignment) -> BTreeMap<StudentId, VolunteerPostId> {
    assignment.placed.iter().map(|p| (p.applicant.clone(), p.post.clone())).collect()
}

#[derive(Debug, Clone)]
struct Instance {
    posts: Vec<VolunteerPost>,
    applications: Vec<Application>,
    quotas: BTreeMap<VolunteerTrack, u32>,
    total: u32,
    seed: u64,
}

impl Instance {
    fn input(&self) -> AssignmentInput<'_> {
        AssignmentInput {
            posts: &self.posts,
            applications: &self.applications,
            track_quotas: &self.quotas,
            total: self.total,
            seed: self.seed,
        }
    }
}

fn instance() -> impl Strategy<Value = Instance> {
    let posts = prop::collection::vec((0usize..3, 0u32..3), 1..7);
    let selection = prop_oneof![
        6 => (0u32..4).prop_map(|s| Selection::Scored(s * 1000)),
        2 => Just(Selection::Passed),
        1 => Just(Selection::Failed),
        1 => Just(Selection::Pending),
    ];
    let cohort = prop_oneof![
        8 => Just(Cohort::Graduating),
        1 => Just(Cohort::InServicePostgraduate),
        1 => Just(Cohort::Enrolled),
    ];
    let applicant = (prop::collection::vec(0usize..8, 0..5), selection, cohort, any::<bool>());
    (
        posts,
        prop::collection::vec(applicant, 0..14),
        prop::collection::vec(prop::option::of(0u32..4), 3),
        0u32..12,
        any::<u64>(),
    )
        .prop_map(|(posts, applicants, quotas, total, seed)| Instance {
            posts: posts.iter().enumerate().map(|(i, (t, c))| post(i, TRACKS[*t], *c)).collect(),
            applications: applicants
                .iter()
                .enumerate()
                .map(|(i, (prefs, sel, cohort, exempt))| application(i, prefs, *sel, *cohort, *exempt))
                .collect(),
            quotas: TRACKS.iter().zip(quotas).filter_map(|(t, q)| q.map(|q| (*t, q))).collect(),
            total,
            seed,
        })
}

/// Would `applicant` be taken at `post` by the programme's choice over the final assignment plus them?
fn blocks(instance: &Instance, assignment: &Assignment, applicant: &Application, post: &VolunteerPost) -> bool {
    let before = |other: &StudentId| {
        let a = instance.applications.iter().find(|a| &a.applicant == other).unwrap();
        let key = |a: &Application| {
            let s = match a.selection {
                Selection::Scored(s) => (0, u32::MAX - s),
                _ => (1, u32::MAX),
            };
            (s, lottery(instance.seed, &a.applicant), a.applicant.clone())
        };
        key(a) < key(applicant)
    };
    let ahead: Vec<&Placement> = assignment.placed.iter().filter(|p| before(&p.applicant)).collect();
    let at_post = ahead.iter().filter(|p| p.post == post.id).count() as u32;
    let in_track = ahead.iter().filter(|p| p.track == post.track).count() as u32;
    at_post < post.capacity
        && instance.quotas.get(&post.track).is_none_or(|q| in_track < *q)
        && (ahead.len() as u32) < instance.total
}

proptest! {
    #[test]
    fn equals_serial_dictatorship_and_is_stable_within_capacities(instance in instance()) {
        let assignment = assign_volunteers(&instance.input());
        prop_assert_eq!(placed(&assignment), serial_dictatorship(&instance.input()));

        // Capacities.
        prop_assert!(assignment.placed.len() as u32 <= instance.total);
        for p in &instance.posts {
            prop_assert!(assignment.placed.iter().filter(|x| x.post == p.id).count() as u32 <= p.capacity);
        }
        for (track, quota) in &instance.quotas {
            prop_assert!(assignment.placed.iter().filter(|x| x.track == *track).count() as u32 <= *quota);
        }
        // Everyone is accounted for once.
        prop_assert_eq!(assignment.placed.len() + assignment.unplaced.len(), instance.applications.len());

        // Stability: no applicant would be taken at a post they prefer to their own.
        for a in &instance.applications {
            if admissible(a).is_err() {
                prop_assert!(!assignment.placed.iter().any(|p| p.applicant == a.applicant));
                continue;
            }
            let own = assignment.placed.iter().find(|p| p.applicant == a.applicant).map(|p| p.post.clone());
            for wanted in &a.preferences {
                if Some(wanted) == own.as_ref() {
                    break;
                }
                let Some(p) = instance.posts.iter().find(|p| &p.id == wanted) else { continue };
                if p.track == VolunteerTrack::GraduateTeaching && !a.exempt_admission {
                    continue;
                }
                prop_assert!(!blocks(&instance, &assignment, a, p), "{} blocks with {}", a.applicant, p.id);
            }
        }
    }

    #[test]
    fn the_files_order_changes_nothing(instance in instance(), rotate in 0usize..14) {
        let first = assign_volunteers(&instance.input());
        let mut turned = instance.clone();
        let n = turned.applications.len();
        turned.applications.rotate_left(rotate % n.max(1));
        turned.applications.reverse();
        turned.posts.reverse();
        prop_assert_eq!(assign_volunteers(&turned.input()), first);
    }

    #[test]
    fn no_applicant_gains_by_misstating(instance in instance(), who in 0usize..14, lie in prop::collection::vec(0usize..8, 0..5)) {
        prop_assume!(!instance.applications.is_empty());
        let who = who % instance.applications.len();
        let truth = instance.applications[who].clone();
        let rank_of = |post: Option<&VolunteerPostId>| {
            post.and_then(|p| truth.preferences.iter().position(|x| x == p)).unwrap_or(usize::MAX)
        };
        let honest = placed(&assign_volunteers(&instance.input()));
        let mut lying = instance.clone();
        lying.applications[who].preferences = lie.iter().map(|p| format!("P{p}").parse().unwrap()).collect();
        let gamed = placed(&assign_volunteers(&lying.input()));
        prop_assert!(rank_of(gamed.get(&truth.applicant)) >= rank_of(honest.get(&truth.applicant)));
    }
}

#[test]
fn rules_of_the_plan_and_reasons() {
    let posts = vec![
        post(1, VolunteerTrack::Xinjiang, 1),
        post(2, VolunteerTrack::GraduateTeaching, 2),
        post(3, VolunteerTrack::Xinjiang, 5),
    ];
    let applications = vec![
        application(1, &[1, 3], Selection::Scored(9000), Cohort::Graduating, false),
        application(2, &[1], Selection::Scored(8000), Cohort::Graduating, false),
        application(3, &[2], Selection::Passed, Cohort::Graduating, true),
        application(4, &[2, 9, 2], Selection::Passed, Cohort::Graduating, false),
        application(5, &[1], Selection::Scored(9900), Cohort::Enrolled, false),
        application(6, &[1], Selection::Failed, Cohort::Graduating, false),
        application(7, &[3], Selection::Scored(7000), Cohort::InServicePostgraduate, false),
        application(8, &[3], Selection::Pending, Cohort::Graduating, false),
    ];
    let quotas = BTreeMap::from([(VolunteerTrack::Xinjiang, 1)]);
    let input =
        AssignmentInput { posts: &posts, applications: &applications, track_quotas: &quotas, total: 700, seed: 1 };
    let result = assign_volunteers(&input);
    let got: Vec<(&str, &str, usize)> =
        result.placed.iter().map(|p| (p.applicant.as_str(), p.post.as_str(), p.choice)).collect();
    // S01 takes the one Xinjiang place by score; S03 is a 推免生 and takes 研究生支教团.
    assert_eq!(got, [("S01", "P1", 1), ("S03", "P2", 1)]);
    let reasons: Vec<(&str, &str)> = result.unplaced.iter().map(|u| (u.applicant.as_str(), u.reason.code())).collect();
    assert_eq!(
        reasons,
        [
            ("S02", "outranked_post_full"),
            ("S04", "no_preference"),
            ("S05", "cohort"),
            ("S06", "not_selected"),
            ("S07", "outranked_track_full"),
            ("S08", "selection_pending"),
        ]
    );
    let dropped: Vec<(&str, &str, Dropped)> =
        result.dropped.iter().map(|d| (d.applicant.as_str(), d.post.as_str(), d.reason)).collect();
    assert_eq!(
        dropped,
        [
            ("S04", "P2", Dropped::NotExemptAdmitted),
            ("S04", "P9", Dropped::UnknownPost),
            ("S04", "P2", Dropped::Repeated)
        ]
    );
    let xinjiang = result.tracks.iter().find(|t| t.track == VolunteerTrack::Xinjiang).unwrap();
    assert_eq!((xinjiang.quota, xinjiang.posts_capacity, xinjiang.placed), (Some(1), 6, 1));
}

#[test]
fn the_total_is_a_hard_cap_and_ties_go_to_the_seeded_lottery() {
    let posts = vec![post(1, VolunteerTrack::RuralEducation, 50)];
    let applications: Vec<Application> =
        (0..20).map(|i| application(i, &[1], Selection::Passed, Cohort::Graduating, false)).collect();
    let quotas = BTreeMap::new();
    let run = |seed| {
        let input =
            AssignmentInput { posts: &posts, applications: &applications, track_quotas: &quotas, total: 5, seed };
        assign_volunteers(&input)
    };
    let (a, b) = (run(1), run(2));
    assert_eq!(a.placed.len(), 5);
    assert!(a.unplaced.iter().all(|u| u.reason == NotPlaced::Outranked(Binding::Total)));
    assert_eq!(run(1), a, "the same seed draws the same lottery");
    assert_ne!(placed(&a), placed(&b), "another seed draws another lottery");
    let first_ids: Vec<&str> = a.placed.iter().map(|p| p.applicant.as_str()).collect();
    assert_ne!(first_ids, ["S00", "S01", "S02", "S03", "S04"], "the id alone does not decide");
}

mod pipeline {
    use chrono::NaiveDate;

    use super::*;
    use crate::case::{Author, CaseEvent, Event};
    use crate::model::VolunteerStage::{self, *};

    fn volunteer(student: &str, day: &str, stage: VolunteerStage) -> CaseEvent {
        CaseEvent {
            student: student.parse().unwrap(),
            day: day.parse::<NaiveDate>().unwrap(),
            author: Author::Backend,
            event: Event::Volunteer { stage, post: None },
        }
    }

    /// S00 scored and placed, S01 placed, S02 passed but no room, S03 not selected.
    fn recruited() -> (Vec<Application>, Assignment, Vec<VolunteerPost>) {
        let posts = vec![post(1, VolunteerTrack::Xinjiang, 2)];
        let applications = vec![
            application(0, &[1], Selection::Scored(9000), Cohort::Graduating, false),
            application(1, &[1], Selection::Scored(8000), Cohort::Graduating, false),
            application(2, &[1], Selection::Passed, Cohort::Graduating, false),
            application(3, &[1], Selection::Failed, Cohort::Graduating, false),
        ];
        let quotas = BTreeMap::new();
        let input =
            AssignmentInput { posts: &posts, applications: &applications, track_quotas: &quotas, total: 700, seed: 1 };
        let assignment = assign_volunteers(&input);
        (applications, assignment, posts)
    }

    fn stage_of(p: &Pipeline, id: &str) -> VolunteerStage {
        p.applicants.iter().find(|a| a.applicant.as_str() == id).unwrap().stage
    }

    #[test]
    fn registers_give_the_first_stages_and_the_placed_count_against_the_total() {
        let (applications, assignment, posts) = recruited();
        let p = volunteer_pipeline(&applications, &assignment, &posts, &[]);
        assert_eq!(
            [stage_of(&p, "S00"), stage_of(&p, "S01"), stage_of(&p, "S02"), stage_of(&p, "S03")],
            [Recommended, Recommended, Selected, Applied]
        );
        assert_eq!(p.counted, 2);
        assert_eq!(p.stages.iter().map(|(_, n)| n).sum::<u32>(), 4);
        assert!(p.issues.is_empty());
    }

    #[test]
    fn recorded_stages_move_forward_in_day_order_and_a_withdrawal_leaves_the_count() {
        let (applications, assignment, posts) = recruited();
        // Given out of order: the days decide.
        let events = vec![
            volunteer("S00", "2026-09-01", Serving),
            volunteer("S00", "2026-08-01", Dispatched),
            volunteer("S01", "2026-08-01", Dispatched),
            volunteer("S01", "2026-10-01", Withdrawn),
            volunteer("S00", "2026-08-01", Dispatched), // the same again: nothing changes
        ];
        let p = volunteer_pipeline(&applications, &assignment, &posts, &events);
        assert_eq!(stage_of(&p, "S00"), Serving);
        assert_eq!(stage_of(&p, "S01"), Withdrawn);
        assert_eq!(p.counted, 1);
        assert!(p.issues.is_empty(), "{:?}", p.issues);
        // Dispatched again to another post: reported, the first dispatch stands.
        let mut moved = events.clone();
        moved.push(CaseEvent {
            event: Event::Volunteer { stage: Dispatched, post: Some("P1".parse().unwrap()) },
            ..volunteer("S01", "2026-08-02", Dispatched)
        });
        let mut two_posts = posts.clone();
        two_posts.push(post(2, VolunteerTrack::Xinjiang, 1));
        moved.push(CaseEvent {
            event: Event::Volunteer { stage: Dispatched, post: Some("P2".parse().unwrap()) },
            ..volunteer("S00", "2026-08-03", Dispatched)
        });
        let p = volunteer_pipeline(&applications, &assignment, &two_posts, &moved);
        let reported: Vec<&str> = p.issues.iter().map(|i| i.applicant.as_str()).collect();
        assert_eq!(reported, ["S00"], "{:?}", p.issues);
        let post_of = |id: &str| p.applicants.iter().find(|a| a.applicant.as_str() == id).unwrap().post.clone();
        assert_eq!(post_of("S00"), Some("P1".parse().unwrap()));
        let since = p.applicants.iter().find(|a| a.applicant.as_str() == "S00").unwrap().since;
        assert_eq!(since, Some("2026-09-01".parse().unwrap()));
    }

    #[test]
    fn stages_that_do_not_follow_are_reported_not_applied() {
        let (applications, assignment, posts) = recruited();
        let events = vec![
            volunteer("S02", "2026-08-01", Dispatched), // not on the 派遣名单
            volunteer("S00", "2026-08-01", Serving),    // 在岗 before 派遣
            volunteer("S01", "2026-08-01", Dispatched),
            volunteer("S01", "2026-08-02", Withdrawn),
            volunteer("S01", "2026-08-03", Serving),    // after 退出
            volunteer("S99", "2026-08-01", Dispatched), // never applied
            CaseEvent {
                event: Event::Volunteer { stage: Dispatched, post: Some("NOPE".parse().unwrap()) },
                ..volunteer("S00", "2026-08-04", Dispatched)
            }, // a post that does not exist
        ];
        let p = volunteer_pipeline(&applications, &assignment, &posts, &events);
        assert_eq!([stage_of(&p, "S00"), stage_of(&p, "S01"), stage_of(&p, "S02")], [Recommended, Withdrawn, Selected]);
        let reported: Vec<&str> = p.issues.iter().map(|i| i.applicant.as_str()).collect();
        assert_eq!(reported, ["S02", "S00", "S99", "S01", "S00"]);
        assert!(p.issues.iter().all(|i| !i.reason.is_empty()));
        assert_eq!(p.counted, 1);
    }

    #[test]
    fn only_forward_steps_are_allowed() {
        for current in VolunteerStage::ALL {
            for next in VolunteerStage::ALL {
                let allowed = next_stage(*current, *next).is_ok();
                let expected = matches!(
                    (current, next),
                    (Recommended, Dispatched)
                        | (Dispatched, Serving)
                        | (Dispatched | Serving, Completed)
                        | (Applied | Selected | Recommended | Dispatched | Serving, Withdrawn)
                );
                assert_eq!(allowed, expected, "{current:?} → {next:?}");
            }
        }
    }
}
