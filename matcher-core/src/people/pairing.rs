//! Proposing pairings (结对帮扶) where none are given: each cadre takes 3–5 job-seeking students of their
//! own school, their own college where possible, low-income students first, loads balanced. Students left
//! unpaired are reported with the reason.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::{Cadre, CadreId, CadreLevel, Cohort, Intent, SchoolCode, Student, StudentId};

/// Fewest students a cadre is paired with, where the school has enough job seekers.
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unpaired {
    /// 升学 or 出国: not a job seeker.
    NotJobSeeking,
    /// The school has no cadre in the file.
    NoCadreAtSchool,
    /// Every cadre of the school already has five students.
    CadresFull,
}

impl Unpaired {
    /// The reason as cadres and analysts read it.
    pub fn zh(self) -> &'static str {
        match self {
            Unpaired::NotJobSeeking => "升学或出国，不参与结对",
            Unpaired::NoCadreAtSchool => "本校无团干部",
            Unpaired::CadresFull => "本校团干部均已结对5名学生",
        }
    }
}

/// The proposal: pairings, and every student left out with the reason.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PairingProposal {
    /// Cadres with their students, by cadre id.
    pub pairings: Vec<Pairing>,
    /// Students without a cadre, by student id.
    pub unpaired: Vec<(StudentId, Unpaired)>,
}

/// Proposes pairings. Deterministic: ties are broken by id.
pub fn propose_pairings(students: &[Student], cadres: &[Cadre]) -> PairingProposal {
    let mut proposal = PairingProposal::default();
    let mut by_school: BTreeMap<&SchoolCode, Vec<&Student>> = BTreeMap::new();
    for student in students {
        if matches!(student.intent, Intent::FurtherStudy | Intent::Abroad) {
            proposal.unpaired.push((student.id.clone(), Unpaired::NotJobSeeking));
        } else {
            by_school.entry(&student.school).or_default().push(student);
        }
    }
    for (school, mut seekers) in by_school {
        let school_cadres: Vec<&Cadre> = cadres.iter().filter(|c| &c.school == school).collect();
        if school_cadres.is_empty() {
            proposal.unpaired.extend(seekers.iter().map(|s| (s.id.clone(), Unpaired::NoCadreAtSchool)));
            continue;
        }
        seekers.sort_by_key(|s| (priority(s), s.id.clone()));
        pair_school(&seekers, &school_cadres, &mut proposal);
    }
    proposal.pairings.sort_by(|a, b| a.cadre.cmp(&b.cadre));
    proposal.unpaired.sort();
    proposal
}

/// Low-income students first, then last year's unemployed graduates, then this year's, then the rest.
fn priority(student: &Student) -> (bool, u8) {
    let cohort = match student.cohort {
        Cohort::PreviousUnemployed => 0,
        Cohort::Graduating => 1,
        _ => 2,
    };
    (!student.low_income, cohort)
}

fn pair_school(seekers: &[&Student], cadres: &[&Cadre], proposal: &mut PairingProposal) {
    let capacity = cadres.len() * MAX_PER_CADRE;
    let served = seekers.len().min(capacity);
    // Use only as many cadres as can each have three students: 3–5 per cadre is the programme's rule.
    let active_count = (served / MIN_PER_CADRE).clamp(1, cadres.len());
    let mut ranked: Vec<&Cadre> = cadres.to_vec();
    let seekers_in = |college: &Option<String>| {
        college.as_ref().map_or(0, |c| seekers[..served].iter().filter(|s| &s.college == c).count())
    };
    ranked.sort_by(|a, b| seekers_in(&b.college).cmp(&seekers_in(&a.college)).then_with(|| a.id.cmp(&b.id)));
    let active = &ranked[..active_count];
    let mut loads: Vec<Vec<StudentId>> = vec![Vec::new(); active.len()];
    for student in &seekers[..served] {
        let least = loads.iter().map(Vec::len).min().unwrap_or(0);
        let own_college = (0..active.len()).find(|i| {
            active[*i].level == CadreLevel::College
                && active[*i].college.as_deref() == Some(student.college.as_str())
                && loads[*i].len() <= least
                && loads[*i].len() < MAX_PER_CADRE
        });
        let chosen = own_college
            .or_else(|| (0..active.len()).filter(|i| loads[*i].len() < MAX_PER_CADRE).min_by_key(|i| loads[*i].len()));
        match chosen {
            Some(index) => loads[index].push(student.id.clone()),
            None => proposal.unpaired.push((student.id.clone(), Unpaired::CadresFull)),
        }
    }
    proposal.unpaired.extend(seekers[served..].iter().map(|s| (s.id.clone(), Unpaired::CadresFull)));
    for (cadre, students) in active.iter().zip(loads) {
        if !students.is_empty() {
            proposal.pairings.push(Pairing::new(cadre.id.clone(), students));
        }
    }
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

    #[test]
    fn every_student_is_paired_once_or_has_a_reason_and_loads_keep_the_rules() {
        let (students, cadres) = sample();
        let proposal = propose_pairings(&students, &cadres);
        let mut seen = HashSet::new();
        for pairing in &proposal.pairings {
            assert!((1..=MAX_PER_CADRE).contains(&pairing.students.len()), "{pairing:?}");
            let cadre = cadres.iter().find(|c| c.id == pairing.cadre).unwrap();
            for id in &pairing.students {
                assert!(seen.insert(id.clone()), "{id} paired twice");
                let student = students.iter().find(|s| &s.id == id).unwrap();
                assert_eq!(student.school, cadre.school, "a cadre serves their own school");
                assert!(!matches!(student.intent, Intent::FurtherStudy | Intent::Abroad));
            }
        }
        for (id, _) in &proposal.unpaired {
            assert!(seen.insert(id.clone()), "{id} both paired and unpaired");
        }
        assert_eq!(seen.len(), students.len(), "every student is accounted for");
        // Fewer than three only where the school has fewer than three job seekers to serve.
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
        assert_eq!(propose_pairings(&students, &cadres).pairings, proposal.pairings, "deterministic");
    }

    #[test]
    fn the_order_of_a_cadres_students_says_nothing_of_who_is_low_income() {
        let (students, cadres) = sample();
        let proposal = propose_pairings(&students, &cadres);
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
    fn scarce_cadres_serve_low_income_students_first() {
        let (students, cadres) = sample();
        let school = cadres[0].school.clone();
        let one_cadre: Vec<Cadre> = cadres.iter().filter(|c| c.school == school).take(1).cloned().collect();
        let seekers: Vec<Student> = students
            .iter()
            .filter(|s| s.school == school && matches!(s.intent, Intent::Employment | Intent::Undecided))
            .cloned()
            .collect();
        // The test means something only when one cadre cannot take every job seeker of both groups.
        assert!(seekers.len() > MAX_PER_CADRE, "{} job seekers", seekers.len());
        assert!(seekers.iter().any(|s| s.low_income) && seekers.iter().any(|s| !s.low_income));
        let proposal = propose_pairings(&seekers, &one_cadre);
        let paired = &proposal.pairings[0].students;
        let low_income_left =
            proposal.unpaired.iter().filter(|(id, _)| seekers.iter().any(|s| &s.id == id && s.low_income)).count();
        let paired_others = paired.iter().filter(|id| seekers.iter().any(|s| &s.id == *id && !s.low_income)).count();
        assert!(low_income_left == 0 || paired_others == 0, "a low-income student waits while another is served");
        assert!(proposal.unpaired.iter().all(|(_, r)| *r == Unpaired::CadresFull || paired.len() < MAX_PER_CADRE));
    }

    #[test]
    fn students_of_a_school_without_cadres_are_reported() {
        let (students, _) = sample();
        let proposal = propose_pairings(&students, &[]);
        assert!(proposal.pairings.is_empty());
        assert!(proposal.unpaired.iter().any(|(_, r)| *r == Unpaired::NoCadreAtSchool));
        assert!(proposal.unpaired.iter().any(|(_, r)| *r == Unpaired::NotJobSeeking));
    }
}
