//! The sample's ground truth: a seeded model of which postings a student would accept, and the interactions
//! it emits (hired, applied, relevant, not relevant). It is deliberately not the scorer's formula, it reads
//! what no record carries (the kind of work an opening really is, each student's hidden tastes), and nothing
//! in the engine reads it: only `matcher eval` compares methods against what it wrote.
//!
//! For a job-seeking student `s` and an opening `o` (docs/EVALUATION.md has the full description):
//!
//! ```text
//! feasible(s, o) = education ≥ o's minimum ∧ s's cohort may take o's kind ∧ o's place is one s accepts
//! U(s, o) = 2.0·[family(o) = family(s)] + 1.0·[family(o) = second(s)] + 0.6·[o names s's 专业类 or 不限]
//!         + kind_s(kind(o)) + pay_s·ln(pay(o) / expected(s)) − dist_s·km(home(s), o)/100
//!         + soe_s·[state-owned or government host] + ε,   ε ~ N(0, 0.5²)
//! ```
//!
//! `family(s)` is the work the student's major and stated intention point to; `second(s)` a hidden second
//! interest; `kind_s`, `pay_s`, `dist_s`, `soe_s` are drawn per student (low-income students weigh pay and
//! distance more). Each student looks at 20 feasible openings, drawn with weights growing with U (what a
//! platform's search would surface), and 4 openings they cannot take, among all openings (or, past 2,000,
//! a uniform sample of 2,000 per student and up to 2,000 of the student's own two families of work). A seen feasible opening with
//! U ≥ τ_s (a per-student pickiness) is relevant; the best three relevant ones are applied to, and the best
//! application is hired with probability ½ while the opening has places left. Everything else seen is not
//! relevant. Each interaction happens on a day between the opening's publication and the sample's day.

use std::collections::HashMap;
use std::fmt::Write as _;

use chrono::{Duration, NaiveDate};
use rand::seq::SliceRandom;
use rand::Rng;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::catalogue::{FAMILIES, SOES};
use super::opening::Opening;
use crate::eligibility::region_accepted;
use crate::eval::{Label, INTERACTION_COLUMNS};
use crate::model::{Cohort, EducationLevel, PostingKind, Student};
use crate::normalize::parse_education;
use crate::taxonomy::Taxonomy;

/// The interactions written beside the sample: `student,posting,label,day` per line.
pub const INTERACTIONS_FILE: &str = "interactions.csv";

/// Feasible openings a student looks at.
const SEEN_FEASIBLE: usize = 20;
/// Openings a student looks at and cannot take.
const SEEN_INFEASIBLE: usize = 4;
/// Openings a student could come across: with more, a uniform sample of this many and as many of their own
/// two kinds of work (bounds the work at a million postings to a few thousand utilities per student).
const POOL: usize = 2_000;
/// Applications per student, at most.
const APPLICATIONS: usize = 3;
/// Seeds the truth's own random stream (the other files do not change when the model does).
const SALT: u64 = 0x7275_7468;

/// One published opening: the opening and the `source:id` of its first record.
pub(crate) struct Published {
    pub opening: Opening,
    pub record: String,
}

/// What a student hides from every record: tastes the model draws once.
struct Tastes {
    second: usize,
    kind: HashMap<PostingKind, f64>,
    pay: f64,
    distance: f64,
    state_owned: f64,
    pickiness: f64,
}

/// A student as the model sees them: the family of work they lean to, their tastes, their 专业类's name.
struct Who {
    family: usize,
    tastes: Tastes,
    class: Option<String>,
}

/// Writes the interactions of every job-seeking student as CSV text.
pub(crate) fn interactions(
    taxonomy: &Taxonomy,
    seed: u64,
    day: NaiveDate,
    published: &[Published],
    students: &[(Student, usize)],
) -> String {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ SALT);
    let mut places_left: Vec<u32> = published.iter().map(|p| p.opening.headcount.unwrap_or(3)).collect();
    let educations: Vec<EducationLevel> =
        published.iter().map(|p| parse_education(&p.opening.education).unwrap_or(EducationLevel::Any)).collect();
    let mut by_family: Vec<Vec<usize>> = vec![Vec::new(); FAMILIES.len()];
    for (i, p) in published.iter().enumerate() {
        if let Some(family) = p.opening.family {
            by_family[family].push(i);
        }
    }
    let mut out = format!("{}\n", INTERACTION_COLUMNS.join(","));
    for (student, family) in students {
        if !student.intent.seeks_work() {
            continue;
        }
        let who = Who { family: *family, tastes: tastes(&mut rng, student), class: class_name(taxonomy, student) };
        let mut feasible = Vec::new();
        let mut infeasible = Vec::new();
        let pool: Vec<usize> = if published.len() <= POOL {
            (0..published.len()).collect()
        } else {
            // A uniform sample, and a sample of the student's own two kinds of work (what searching for
            // them would show): with a million postings nobody comes across more than a few thousand.
            let mut drawn = rand::seq::index::sample(&mut rng, published.len(), POOL).into_vec();
            let own: Vec<usize> =
                [who.family, who.tastes.second].iter().flat_map(|f| &by_family[*f]).copied().collect();
            let take = own.len().min(POOL);
            drawn.extend(rand::seq::index::sample(&mut rng, own.len(), take).into_iter().map(|i| own[i]));
            drawn.sort_unstable();
            drawn.dedup();
            drawn
        };
        for i in pool {
            let p = &published[i];
            if is_feasible(taxonomy, student, &p.opening, educations[i]) {
                let utility = utility(taxonomy, student, &who, &p.opening);
                feasible.push((i, utility, utility + normal(&mut rng) * 0.5));
            } else {
                infeasible.push(i);
            }
        }
        // Gumbel top-k: a weighted draw without replacement, weights exp(utility before noise).
        let mut keyed: Vec<(f64, usize, f64)> =
            feasible.iter().map(|&(i, u, noisy)| (u - (-rng.random::<f64>().max(1e-12).ln()).ln(), i, noisy)).collect();
        keyed.sort_by(|a, b| b.0.total_cmp(&a.0));
        keyed.truncate(SEEN_FEASIBLE);
        let mut relevant: Vec<(usize, f64)> =
            keyed.iter().filter(|(_, _, u)| *u >= who.tastes.pickiness).map(|&(_, i, u)| (i, u)).collect();
        relevant.sort_by(|a, b| b.1.total_cmp(&a.1));
        let mut labels: Vec<(usize, Label)> = Vec::new();
        for (rank, &(i, _)) in relevant.iter().enumerate() {
            let label = if rank == 0 && rng.random_bool(0.5) && places_left[i] > 0 {
                places_left[i] -= 1;
                Label::Hired
            } else if rank < APPLICATIONS {
                Label::Applied
            } else {
                Label::Relevant
            };
            labels.push((i, label));
        }
        for &(_, i, _) in &keyed {
            if !relevant.iter().any(|(r, _)| *r == i) {
                labels.push((i, Label::NotRelevant));
            }
        }
        infeasible.shuffle(&mut rng);
        labels.extend(infeasible.iter().take(SEEN_INFEASIBLE).map(|&i| (i, Label::NotRelevant)));
        labels.sort_by_key(|&(i, _)| i);
        for (i, label) in labels {
            let p = &published[i];
            let span = (day - p.opening.posted).num_days().max(0);
            let seen_on = p.opening.posted + Duration::days(rng.random_range(0..=span));
            let _ = writeln!(out, "{},{},{},{seen_on}", student.id, p.record, label.code());
        }
    }
    out
}

fn tastes(rng: &mut ChaCha8Rng, student: &Student) -> Tastes {
    let graduate = student.cohort != Cohort::Enrolled;
    let needy = if student.low_income { 1.0 } else { 0.0 };
    let mut kind = HashMap::new();
    for &k in PostingKind::ALL {
        let base = match (k, graduate) {
            (PostingKind::Job, true) => 0.6,
            (PostingKind::Traineeship, true) => 0.3,
            (PostingKind::Gig, true) => -0.4 + 0.2 * needy,
            (PostingKind::Volunteer, _) => -0.2 + normal(rng) * 0.8,
            (PostingKind::Internship, false) => 0.6,
            (PostingKind::Experience, false) => 0.1,
            (PostingKind::Practice, false) => -0.1,
            (PostingKind::Gig, false) => 0.3 * needy,
            _ => 0.0,
        };
        kind.insert(k, base + normal(rng) * 0.3);
    }
    Tastes {
        second: rng.random_range(0..FAMILIES.len()),
        kind,
        pay: if graduate { rng.random_range(0.5..1.5) * (1.0 + 0.5 * needy) } else { 0.3 },
        distance: rng.random_range(0.2..1.0) + 0.3 * needy,
        state_owned: 0.3 + normal(rng) * 0.3,
        pickiness: 1.2 + normal(rng) * 0.3,
    }
}

fn is_feasible(taxonomy: &Taxonomy, student: &Student, opening: &Opening, education: EducationLevel) -> bool {
    student.education >= education
        && opening.kind.default_cohorts().contains(&student.cohort)
        && region_accepted(&taxonomy.regions, student, opening.place.code)
}

/// The student's 专业类 as openings name it (计算机类 → 计算机).
fn class_name(taxonomy: &Taxonomy, student: &Student) -> Option<String> {
    taxonomy
        .majors
        .major(student.major.as_str())
        .and_then(|m| taxonomy.majors.group(m.class.as_str()))
        .map(|g| g.name.trim_end_matches('类').to_string())
}

fn utility(taxonomy: &Taxonomy, student: &Student, who: &Who, opening: &Opening) -> f64 {
    let (family, tastes) = (who.family, &who.tastes);
    let mut u = 0.0;
    if opening.family == Some(family) {
        u += 2.0;
    }
    if opening.family == Some(tastes.second) {
        u += 1.0;
    }
    if opening.majors.contains("不限") || who.class.as_deref().is_some_and(|c| opening.majors.contains(c)) {
        u += 0.6;
    }
    u += tastes.kind.get(&opening.kind).copied().unwrap_or(0.0);
    let expected = f64::from(student.expected_pay.min.unwrap_or(4000).max(1000));
    let pay = f64::from(opening.pay.0 + opening.pay.1) / 2.0;
    u += tastes.pay * if pay > 0.0 { (pay / expected).ln() } else { -0.5 };
    let km = taxonomy.regions.distance_km(student.home_region, opening.place.code).unwrap_or(300.0);
    u -= tastes.distance * km / 100.0;
    if opening.government || SOES.contains(&opening.employer.as_str()) {
        u += tastes.state_owned;
    }
    u
}

/// A standard normal draw (Box–Muller).
fn normal(rng: &mut ChaCha8Rng) -> f64 {
    let u1: f64 = rng.random::<f64>().max(1e-12);
    let u2: f64 = rng.random();
    (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
}
