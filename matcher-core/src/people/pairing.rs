//! Proposing pairings (结对帮扶) by the plan's rules: who may be paired (job-seeking graduates of this year
//! and unemployed graduates of earlier years; never enrolled students, the employed, or 升学/出国), who comes
//! first when cadres or the school's quota are scarce ([`Need`]), 3–5 students per cadre of the student's
//! own school, their own college where loads allow. Re-pairing is stable: pairs already made are kept while
//! the student still needs help and the cadre is still there; only students without a cadre are placed;
//! students who found work are released (their case files stay). Every student left out has a reason.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use super::priority::Need;
use super::quotas::Quotas;
use crate::model::{Cadre, CadreId, CadreLevel, Cohort, Intent, SchoolCode, Student, StudentId};
use crate::taxonomy::SchoolTable;

/// Fewest students a cadre is paired with, where the school has enough students to pair.
pub const MIN_PER_CADRE: usize = 3;
/// Most students a cadre is paired with.
pub const MAX_PER_CADRE: usize = 5;

/// One cadre and the students paired with them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pairing {
    /// The cadre.
    pub cadre: CadreId,
    /// The students, by id: never in the order they were served, which would tell who came first (the
    /// low-income students, when cadres are scarce).
    pub students: Vec<StudentId>,
}

impl Pairing {
    /// A cadre's pairing, its students in id order (each once).
    pub fn new(cadre: CadreId, mut students: Vec<StudentId>) -> Pairing {
        students.sort();
        students.dedup();
        Pairing { cadre, students }
    }
}

/// Why a student has no cadre.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unpaired {
    /// 在校生 or 在职研究生: 结对帮扶 serves graduates.
    NotGraduate,
    /// 升学 or 出国: not a job seeker.
    NotJobSeeking,
    /// Already employed (or settled otherwise: a case file says so).
    Employed,
    /// The school has no cadre.
    NoCadreAtSchool,
    /// Every cadre of the school already has five students.
    CadresFull,
    /// The school's quota (指标方案) is reached.
    QuotaReached,
}

impl Unpaired {
    /// The reason as cadres and analysts read it.
    pub fn zh(self) -> &'static str {
        match self {
            Unpaired::NotGraduate => "在校生或在职研究生，结对帮扶面向毕业生",
            Unpaired::NotJobSeeking => "升学或出国，不参与结对",
            Unpaired::Employed => "已就业",
            Unpaired::NoCadreAtSchool => "本校无团干部",
            Unpaired::CadresFull => "本校团干部均已结对5名学生",
            Unpaired::QuotaReached => "本校结对指标已完成",
        }
    }

    /// The reason's code name.
    pub fn code(self) -> &'static str {
        match self {
            Unpaired::NotGraduate => "not_graduate",
            Unpaired::NotJobSeeking => "not_job_seeking",
            Unpaired::Employed => "employed",
            Unpaired::NoCadreAtSchool => "no_cadre",
            Unpaired::CadresFull => "cadres_full",
            Unpaired::QuotaReached => "quota_reached",
        }
    }
}

/// Why a pair made earlier was not kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Released {
    /// The student found work (or further study, a volunteer post …): follow-up ends, the case file stays.
    Employed,
    /// The student no longer seeks work (升学, 出国) or is no longer a graduate in the records.
    NoLongerEligible,
    /// The student's record is gone.
    StudentGone,
    /// The cadre's record is gone: the student is placed again with the school's other cadres.
    CadreGone,
}

impl Released {
    /// The reason as cadres and analysts read it.
    pub fn zh(self) -> &'static str {
        match self {
            Released::Employed => "已就业，结束结对（帮扶记录保留）",
            Released::NoLongerEligible => "不再求职，结束结对",
            Released::StudentGone => "学生信息已删除",
            Released::CadreGone => "原团干部已不在，重新结对",
        }
    }

    /// The reason's code name.
    pub fn code(self) -> &'static str {
        match self {
            Released::Employed => "employed",
            Released::NoLongerEligible => "no_longer_eligible",
            Released::StudentGone => "student_gone",
            Released::CadreGone => "cadre_gone",
        }
    }
}

/// A school's quota (指标方案) against what pairing reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuotaProgress {
    /// The school.
    pub school: SchoolCode,
    /// Students to pair.
    pub quota: usize,
    /// Students paired now (kept and new).
    pub paired: usize,
    /// Why the quota is not reached, when it is not.
    pub short: Option<QuotaShort>,
}

/// Why a school's quota is not reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QuotaShort {
    /// Fewer students who may be paired than the quota.
    TooFewStudents,
    /// Too few cadres (five students each).
    TooFewCadres,
}

impl QuotaShort {
    /// The reason as League offices read it.
    pub fn zh(self) -> &'static str {
        match self {
            QuotaShort::TooFewStudents => "符合条件的学生不足",
            QuotaShort::TooFewCadres => "团干部不足（每人至多5名）",
        }
    }
}

/// What pairing starts from.
#[derive(Debug, Clone, Copy)]
pub struct PairingInput<'a> {
    /// Every student known.
    pub students: &'a [Student],
    /// Every cadre known.
    pub cadres: &'a [Cadre],
    /// The schools (for the 双一流 flag).
    pub schools: &'a SchoolTable,
    /// Pairs made earlier, as (student, cadre): kept while the student needs help and the cadre is there.
    pub existing: &'a [(StudentId, CadreId)],
    /// Students whose case files say they are settled (employed, further study, a volunteer post …).
    pub settled: &'a BTreeSet<StudentId>,
    /// Students to pair per school; schools without a quota are limited by their cadres only.
    pub quotas: Option<&'a Quotas>,
}

impl<'a> PairingInput<'a> {
    /// Fresh pairing of these people: nothing kept, nobody settled, no quota.
    pub fn new(students: &'a [Student], cadres: &'a [Cadre], schools: &'a SchoolTable) -> PairingInput<'a> {
        static NONE: BTreeSet<StudentId> = BTreeSet::new();
        PairingInput { students, cadres, schools, existing: &[], settled: &NONE, quotas: None }
    }
}

/// The proposal: pairings, every student left out with the reason, the pairs released, the quotas.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PairingProposal {
    /// Cadres with their students, by cadre id (pairs kept and new together).
    pub pairings: Vec<Pairing>,
    /// Students without a cadre, by student id.
    pub unpaired: Vec<(StudentId, Unpaired)>,
    /// Pairs made earlier and not kept, by student id.
    pub released: Vec<(StudentId, CadreId, Released)>,
    /// Pairs kept from earlier.
    pub kept: usize,
    /// Pairs made now.
    pub new: usize,
    /// Each quota'd school's progress, by school code.
    pub quotas: Vec<QuotaProgress>,
}

/// Why a student may not be paired now, if not.
pub fn ineligible(student: &Student, settled: &BTreeSet<StudentId>) -> Option<Unpaired> {
    if matches!(student.cohort, Cohort::Enrolled | Cohort::InServicePostgraduate) {
        Some(Unpaired::NotGraduate)
    } else if student.intent == Intent::Employed || settled.contains(&student.id) {
        Some(Unpaired::Employed)
    } else if !student.intent.seeks_work() {
        Some(Unpaired::NotJobSeeking)
    } else {
        None
    }
}

/// Proposes pairings. Deterministic: ties are broken by id.
pub fn propose_pairings(input: &PairingInput) -> PairingProposal {
    let mut proposal = PairingProposal::default();
    let students: HashMap<&StudentId, &Student> = input.students.iter().map(|s| (&s.id, s)).collect();
    let cadres: HashMap<&CadreId, &Cadre> = input.cadres.iter().map(|c| (&c.id, c)).collect();
    // Pairs kept, by cadre; a student listed twice keeps the first.
    let mut loads: BTreeMap<&CadreId, Vec<StudentId>> = BTreeMap::new();
    let mut placed: BTreeSet<&StudentId> = BTreeSet::new();
    for (student_id, cadre_id) in input.existing {
        let Some(student) = students.get(student_id) else {
            proposal.released.push((student_id.clone(), cadre_id.clone(), Released::StudentGone));
            continue;
        };
        if placed.contains(student_id) {
            continue;
        }
        let release = match ineligible(student, input.settled) {
            Some(Unpaired::Employed) => Some(Released::Employed),
            Some(_) => Some(Released::NoLongerEligible),
            None if !cadres.contains_key(cadre_id) => Some(Released::CadreGone),
            None => None,
        };
        match release {
            Some(reason) => proposal.released.push((student_id.clone(), cadre_id.clone(), reason)),
            None => {
                placed.insert(&student.id);
                let cadre: &Cadre = cadres[cadre_id];
                loads.entry(&cadre.id).or_default().push(student.id.clone());
            }
        }
    }
    proposal.kept = placed.len();
    let mut by_school: BTreeMap<&SchoolCode, Vec<&Student>> = BTreeMap::new();
    for student in input.students {
        if placed.contains(&student.id) {
            continue;
        }
        match ineligible(student, input.settled) {
            Some(reason) => proposal.unpaired.push((student.id.clone(), reason)),
            None => by_school.entry(&student.school).or_default().push(student),
        }
    }
    let mut school_cadres: BTreeMap<&SchoolCode, Vec<&Cadre>> = BTreeMap::new();
    for cadre in input.cadres {
        school_cadres.entry(&cadre.school).or_default().push(cadre);
    }
    let mut kept_at: BTreeMap<&SchoolCode, usize> = BTreeMap::new();
    for (cadre, students) in &loads {
        *kept_at.entry(&cadres[cadre].school).or_default() += students.len();
    }
    let mut schools: BTreeSet<&SchoolCode> = by_school.keys().copied().collect();
    if let Some(quotas) = input.quotas {
        schools.extend(quotas.schools());
    }
    for school in schools {
        let mut seekers = by_school.remove(school).unwrap_or_default();
        seekers.sort_by_cached_key(|s| (Need::of(s, input.schools), s.id.clone()));
        let kept = kept_at.get(school).copied().unwrap_or(0);
        let quota = input.quotas.and_then(|q| q.get(school));
        let quota_left = quota.map(|q| q.saturating_sub(kept));
        let mut school_cadres = school_cadres.remove(school).unwrap_or_default();
        school_cadres.sort_by(|a, b| a.id.cmp(&b.id));
        let new = if school_cadres.is_empty() {
            proposal.unpaired.extend(seekers.iter().map(|s| (s.id.clone(), Unpaired::NoCadreAtSchool)));
            0
        } else {
            pair_school(&seekers, &school_cadres, quota_left, &mut loads, &mut proposal.unpaired)
        };
        proposal.new += new;
        if let Some(quota) = quota {
            let paired = kept + new;
            let short = (paired < quota).then(|| {
                if paired < kept + seekers.len() {
                    QuotaShort::TooFewCadres
                } else {
                    QuotaShort::TooFewStudents
                }
            });
            proposal.quotas.push(QuotaProgress { school: school.clone(), quota, paired, short });
        }
    }
    proposal.pairings = loads
        .into_iter()
        .filter(|(_, students)| !students.is_empty())
        .map(|(cadre, students)| Pairing::new(cadre.clone(), students))
        .collect();
    proposal.unpaired.sort();
    proposal.released.sort();
    proposal
}

/// Places a school's students without a cadre (in priority order) with its cadres: first with cadres who
/// have fewer than three, then with as many more cadres as can each take three, loads balanced, own college
/// first where that keeps them balanced. Returns how many were placed.
fn pair_school<'c>(
    seekers: &[&Student],
    cadres: &[&'c Cadre],
    quota_left: Option<usize>,
    loads: &mut BTreeMap<&'c CadreId, Vec<StudentId>>,
    unpaired: &mut Vec<(StudentId, Unpaired)>,
) -> usize {
    let load = |loads: &BTreeMap<&CadreId, Vec<StudentId>>, cadre: &Cadre| loads.get(&cadre.id).map_or(0, Vec::len);
    let room: usize = cadres.iter().map(|c| MAX_PER_CADRE.saturating_sub(load(loads, c))).sum();
    let limit = quota_left.unwrap_or(usize::MAX);
    let served = seekers.len().min(room).min(limit);
    let left_out = if limit < room { Unpaired::QuotaReached } else { Unpaired::CadresFull };
    let serving = &seekers[..served];
    // Cadres already serving someone stay active; more are taken, each for at least three students.
    let mut active: Vec<&Cadre> = cadres.iter().copied().filter(|c| load(loads, c) > 0).collect();
    let to_top_up: usize = active.iter().map(|c| MIN_PER_CADRE.saturating_sub(load(loads, c))).sum();
    let beyond = served.saturating_sub(to_top_up);
    let idle: Vec<&Cadre> = cadres.iter().copied().filter(|c| load(loads, c) == 0).collect();
    let mut wanted = (beyond / MIN_PER_CADRE).min(idle.len());
    if active.is_empty() && served > 0 {
        wanted = wanted.max(1);
    }
    // Beyond three each, the active cadres' room may not take everyone: take idle cadres until it does.
    let active_room: usize = active.iter().map(|c| MAX_PER_CADRE - load(loads, c).min(MAX_PER_CADRE)).sum();
    while wanted < idle.len() && active_room + wanted * MAX_PER_CADRE < served {
        wanted += 1;
    }
    let in_college =
        |college: &Option<String>| college.as_ref().map_or(0, |c| serving.iter().filter(|s| &s.college == c).count());
    let mut idle = idle;
    idle.sort_by(|a, b| in_college(&b.college).cmp(&in_college(&a.college)).then_with(|| a.id.cmp(&b.id)));
    active.extend(idle.into_iter().take(wanted));
    // Each active cadre's load, kept here as students are placed (looked up in `loads` for every cadre
    // at every student, it was most of a proposal's time at 20,000 students). A cadre listed twice is one
    // cadre: both places show its load.
    let mut first_of: HashMap<&CadreId, usize> = HashMap::with_capacity(active.len());
    let same: Vec<usize> = active.iter().enumerate().map(|(i, c)| *first_of.entry(&c.id).or_insert(i)).collect();
    let mut loads_of: Vec<usize> = active.iter().map(|c| load(loads, c)).collect();
    let mut sizes: Vec<usize> = Vec::with_capacity(active.len());
    let mut placed = 0;
    for student in serving {
        sizes.clear();
        sizes.extend(same.iter().map(|&first| loads_of[first]));
        let least = sizes.iter().copied().min().unwrap_or(0);
        let own_college = (0..active.len()).find(|&i| {
            active[i].level == CadreLevel::College
                && active[i].college.as_deref() == Some(student.college.as_str())
                && sizes[i] <= least
                && sizes[i] < MAX_PER_CADRE
        });
        let chosen =
            own_college.or_else(|| (0..active.len()).filter(|&i| sizes[i] < MAX_PER_CADRE).min_by_key(|&i| sizes[i]));
        match chosen {
            Some(i) => {
                loads.entry(&active[i].id).or_default().push(student.id.clone());
                loads_of[same[i]] += 1;
                placed += 1;
            }
            None => unpaired.push((student.id.clone(), Unpaired::CadresFull)),
        }
    }
    unpaired.extend(seekers[served..].iter().map(|s| (s.id.clone(), left_out)));
    placed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::people::{read_cadres, read_students};
    use crate::taxonomy::Taxonomy;
    use std::collections::HashSet;

    fn sample() -> (Vec<Student>, Vec<Cadre>) {
        let t = Taxonomy::embedded();
        let students = read_students(t, include_str!("../../../data/sample/students.jsonl"), "s").unwrap().0;
        let cadres = read_cadres(t, include_str!("../../../data/sample/cadres.jsonl"), "c").unwrap().0;
        (students, cadres)
    }

    fn propose(students: &[Student], cadres: &[Cadre]) -> PairingProposal {
        propose_pairings(&PairingInput::new(students, cadres, &Taxonomy::embedded().schools))
    }

    fn pairs(proposal: &PairingProposal) -> Vec<(StudentId, CadreId)> {
        proposal.pairings.iter().flat_map(|p| p.students.iter().map(|s| (s.clone(), p.cadre.clone()))).collect()
    }

    fn need(student: &Student) -> Need {
        Need::of(student, &Taxonomy::embedded().schools)
    }

    #[test]
    fn a_cadre_listed_twice_is_one_cadre_whose_load_keeps_the_rules() {
        let (students, once) = sample();
        let cadres: Vec<Cadre> = once.iter().chain(&once).cloned().collect();
        let proposal = propose(&students, &cadres);
        let mut load: HashMap<&CadreId, usize> = HashMap::new();
        let mut seen = HashSet::new();
        for pairing in &proposal.pairings {
            *load.entry(&pairing.cadre).or_default() += pairing.students.len();
            assert!(pairing.students.iter().all(|id| seen.insert(id.clone())), "a student paired twice");
        }
        assert!(load.values().all(|&n| n <= MAX_PER_CADRE), "{load:?}");
        assert_eq!(seen.len() + proposal.unpaired.len(), students.len());
    }

    #[test]
    fn every_student_is_paired_once_or_has_a_reason_and_loads_keep_the_rules() {
        let (students, cadres) = sample();
        let proposal = propose(&students, &cadres);
        let mut seen = HashSet::new();
        for pairing in &proposal.pairings {
            assert!((1..=MAX_PER_CADRE).contains(&pairing.students.len()), "{pairing:?}");
            let cadre = cadres.iter().find(|c| c.id == pairing.cadre).unwrap();
            for id in &pairing.students {
                assert!(seen.insert(id.clone()), "{id} paired twice");
                let student = students.iter().find(|s| &s.id == id).unwrap();
                assert_eq!(student.school, cadre.school, "a cadre serves their own school");
            }
        }
        for (id, _) in &proposal.unpaired {
            assert!(seen.insert(id.clone()), "{id} both paired and unpaired");
        }
        assert_eq!(seen.len(), students.len(), "every student is accounted for");
        // Fewer than three only where the school has fewer than three students to pair.
        for pairing in proposal.pairings.iter().filter(|p| p.students.len() < MIN_PER_CADRE) {
            let school = &cadres.iter().find(|c| c.id == pairing.cadre).unwrap().school;
            let at_school: usize = proposal
                .pairings
                .iter()
                .filter(|p| &cadres.iter().find(|c| c.id == p.cadre).unwrap().school == school)
                .map(|p| p.students.len())
                .sum();
            assert_eq!(at_school, pairing.students.len(), "{pairing:?} shares a school that could give it three");
        }
        assert_eq!(propose(&students, &cadres).pairings, proposal.pairings, "deterministic");
        assert_eq!((proposal.kept, proposal.new), (0, seen.len() - proposal.unpaired.len()));
    }

    #[test]
    fn only_job_seeking_graduates_are_paired() {
        let (mut students, cadres) = sample();
        students[0].intent = Intent::Employed;
        let employed = students[0].id.clone();
        let proposal = propose(&students, &cadres);
        let paired: HashSet<StudentId> = pairs(&proposal).into_iter().map(|(s, _)| s).collect();
        for student in &students {
            let allowed = matches!(student.cohort, Cohort::Graduating | Cohort::PreviousUnemployed)
                && matches!(student.intent, Intent::Employment | Intent::Undecided);
            if !allowed {
                assert!(!paired.contains(&student.id), "{:?} {:?} paired", student.cohort, student.intent);
            }
        }
        let reason = |id: &StudentId| proposal.unpaired.iter().find(|(s, _)| s == id).map(|(_, r)| *r);
        assert_eq!(reason(&employed), Some(Unpaired::Employed));
        let enrolled = students.iter().find(|s| s.cohort == Cohort::Enrolled).unwrap();
        assert_eq!(reason(&enrolled.id), Some(Unpaired::NotGraduate));
        let abroad = students.iter().find(|s| s.cohort == Cohort::Graduating && s.intent == Intent::Abroad).unwrap();
        assert_eq!(reason(&abroad.id), Some(Unpaired::NotJobSeeking));
        // A case file that says the student is settled counts as employed.
        let settled: BTreeSet<StudentId> = paired.iter().take(3).cloned().collect();
        let input =
            PairingInput { settled: &settled, ..PairingInput::new(&students, &cadres, &Taxonomy::embedded().schools) };
        let again = propose_pairings(&input);
        for id in &settled {
            assert!(again.unpaired.contains(&(id.clone(), Unpaired::Employed)), "{id}");
        }
    }

    /// Where cadres are scarce, a student left out never has a more urgent need than one served at the school.
    fn assert_served_by_need(students: &[Student], cadres: &[Cadre], proposal: &PairingProposal) {
        let by_id: HashMap<&StudentId, &Student> = students.iter().map(|s| (&s.id, s)).collect();
        let school_of: HashMap<&CadreId, &SchoolCode> = cadres.iter().map(|c| (&c.id, &c.school)).collect();
        let mut worst_served: HashMap<&SchoolCode, Need> = HashMap::new();
        for (student, cadre) in pairs(proposal) {
            let need = need(by_id[&student]);
            let school = school_of[&cadre];
            let worst = worst_served.entry(school).or_insert(need);
            *worst = (*worst).max(need);
        }
        let mut left_out = 0;
        for (id, reason) in &proposal.unpaired {
            if matches!(reason, Unpaired::CadresFull | Unpaired::QuotaReached) {
                left_out += 1;
                let student = by_id[id];
                if let Some(worst) = worst_served.get(&student.school) {
                    assert!(
                        need(student) >= *worst,
                        "{id} ({:?}) waits while a {worst:?} student is served",
                        need(student)
                    );
                }
            }
        }
        assert!(left_out > 0, "the test means something only when someone is left out");
    }

    #[test]
    fn scarce_cadres_serve_low_income_students_of_ordinary_schools_first_then_last_years_graduates() {
        let (students, cadres) = sample();
        let mut one_each: Vec<Cadre> = Vec::new();
        for cadre in &cadres {
            if !one_each.iter().any(|c| c.school == cadre.school) {
                one_each.push(cadre.clone());
            }
        }
        let proposal = propose(&students, &one_each);
        assert_served_by_need(&students, &one_each, &proposal);
        // On the sample every low-income graduate of an ordinary school is paired when every cadre takes part.
        let full = propose(&students, &cadres);
        for (id, reason) in &full.unpaired {
            let student = students.iter().find(|s| &s.id == id).unwrap();
            if need(student) == Need::LowIncomeOrdinarySchool {
                assert!(!matches!(reason, Unpaired::CadresFull | Unpaired::QuotaReached), "{id} left out: {reason:?}");
            }
        }
    }

    #[test]
    fn priority_groups_follow_the_plan() {
        let (students, _) = sample();
        let t = Taxonomy::embedded();
        let mut s = students.iter().find(|s| !t.schools.get(&s.school).unwrap().double_first_class).unwrap().clone();
        let elite = t.schools.all().into_iter().find(|s| s.double_first_class).unwrap().code.clone();
        s.cohort = Cohort::Graduating;
        s.nominated = false;
        s.low_income = true;
        assert_eq!(need(&s), Need::LowIncomeOrdinarySchool);
        let ordinary = s.school.clone();
        s.school = elite;
        assert_eq!(need(&s), Need::LowIncome, "low-income at a 双一流 school comes after");
        s.cohort = Cohort::PreviousUnemployed;
        assert_eq!(need(&s), Need::PreviousUnemployed);
        s.low_income = false;
        s.school = ordinary;
        s.cohort = Cohort::Graduating;
        assert_eq!(need(&s), Need::Other);
        s.nominated = true;
        assert_eq!(need(&s), Need::Nominated);
        assert!(Need::LowIncomeOrdinarySchool < Need::PreviousUnemployed && Need::PreviousUnemployed < Need::LowIncome);
        assert!(Need::LowIncome < Need::Nominated && Need::Nominated < Need::Other);
    }

    #[test]
    fn pairing_again_keeps_pairs_releases_the_employed_and_places_only_the_unpaired() {
        let (students, cadres) = sample();
        let schools = &Taxonomy::embedded().schools;
        let first = propose(&students, &cadres);
        let before = pairs(&first);
        // A year later: some found work, a cadre left, the rest are last year's unemployed graduates, and new
        // graduates arrive (the enrolled students of before, now graduating).
        let settled: BTreeSet<StudentId> = before.iter().step_by(4).map(|(s, _)| s.clone()).collect();
        let gone = before[1].1.clone();
        let cadres_now: Vec<Cadre> = cadres.iter().filter(|c| c.id != gone).cloned().collect();
        let mut students_now = students.clone();
        for s in &mut students_now {
            match s.cohort {
                Cohort::Graduating => s.cohort = Cohort::PreviousUnemployed,
                Cohort::Enrolled => s.cohort = Cohort::Graduating,
                _ => {}
            }
        }
        let input = PairingInput {
            existing: &before,
            settled: &settled,
            ..PairingInput::new(&students_now, &cadres_now, schools)
        };
        let second = propose_pairings(&input);
        let after: HashMap<StudentId, CadreId> = pairs(&second).into_iter().collect();
        for (student, cadre) in &before {
            if settled.contains(student) {
                assert!(!after.contains_key(student), "{student} employed but still paired");
                assert!(second.released.contains(&(student.clone(), cadre.clone(), Released::Employed)));
            } else if *cadre == gone {
                assert!(second.released.contains(&(student.clone(), cadre.clone(), Released::CadreGone)));
            } else {
                assert_eq!(after.get(student), Some(cadre), "{student} moved");
            }
        }
        let kept = before.iter().filter(|(s, c)| !settled.contains(s) && *c != gone).count();
        assert_eq!(second.kept, kept);
        assert_eq!(second.new, after.len() - kept);
        assert!(second.new > 0, "new graduates are placed");
        assert!(second.pairings.iter().all(|p| p.students.len() <= MAX_PER_CADRE));
        assert!(second.pairings.iter().all(|p| p.cadre != gone));
        // Run once more with nothing changed: nothing moves.
        let now = pairs(&second);
        let third = propose_pairings(&PairingInput { existing: &now, ..input });
        assert_eq!(third.pairings, second.pairings);
        assert_eq!((third.kept, third.new), (now.len(), 0));
    }

    #[test]
    fn a_quota_limits_the_schools_pairs_and_is_reported_against() {
        let (students, cadres) = sample();
        let school = cadres[0].school.clone();
        let quotas = Quotas::new([(school.clone(), 4)]);
        let input = PairingInput {
            quotas: Some(&quotas),
            ..PairingInput::new(&students, &cadres, &Taxonomy::embedded().schools)
        };
        let proposal = propose_pairings(&input);
        let at_school = |p: &PairingProposal| {
            pairs(p).iter().filter(|(_, c)| cadres.iter().any(|k| &k.id == c && k.school == school)).count()
        };
        assert_eq!(at_school(&proposal), 4);
        assert_eq!(proposal.quotas, vec![QuotaProgress { school: school.clone(), quota: 4, paired: 4, short: None }]);
        assert!(proposal.unpaired.iter().any(|(_, r)| *r == Unpaired::QuotaReached));
        assert_served_by_need(&students, &cadres, &proposal);
        // Other schools are limited by their cadres only.
        assert!(pairs(&proposal).len() > 4);
        let big = Quotas::new([(school.clone(), 10_000)]);
        let input = PairingInput { quotas: Some(&big), ..input };
        let short = propose_pairings(&input);
        assert_eq!(short.quotas[0].paired, at_school(&short));
        assert!(short.quotas[0].short.is_some());
    }

    #[test]
    fn the_order_of_a_cadres_students_says_nothing_of_who_is_low_income() {
        let (students, cadres) = sample();
        let proposal = propose(&students, &cadres);
        let low_income: HashSet<&StudentId> = students.iter().filter(|s| s.low_income).map(|s| &s.id).collect();
        let paired: Vec<&StudentId> = proposal.pairings.iter().flat_map(|p| &p.students).collect();
        let base = paired.iter().filter(|id| low_income.contains(*id)).count() as f64 / paired.len() as f64;
        // An observer guesses from the position in a cadre's list: the share of low-income students at each
        // position must stay near the share among all paired students (served first, it was near 1 at the top).
        for position in 0..MIN_PER_CADRE {
            let at: Vec<&StudentId> = proposal.pairings.iter().filter_map(|p| p.students.get(position)).collect();
            let share = at.iter().filter(|id| low_income.contains(*id)).count() as f64 / at.len() as f64;
            assert!((share - base).abs() < 0.2, "position {position}: {share:.2} low-income against {base:.2}");
        }
        for pairing in &proposal.pairings {
            assert!(pairing.students.windows(2).all(|w| w[0] < w[1]), "by id: {pairing:?}");
        }
    }

    #[test]
    fn students_of_a_school_without_cadres_are_reported() {
        let (students, _) = sample();
        let proposal = propose(&students, &[]);
        assert!(proposal.pairings.is_empty());
        assert!(proposal.unpaired.iter().any(|(_, r)| *r == Unpaired::NoCadreAtSchool));
        assert!(proposal.unpaired.iter().any(|(_, r)| *r == Unpaired::NotJobSeeking));
    }
}
