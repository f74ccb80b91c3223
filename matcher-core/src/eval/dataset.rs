//! A dataset to judge methods on: the students whose interactions are judged, the postings relevant to
//! each, the postings each already dealt with in the other fold (left out of every method's list), and
//! what popularity learns from.

use std::collections::{HashMap, HashSet};

use super::interactions::Interaction;
use crate::ingest::{FieldError, Reject};
use crate::model::{Student, StudentId};

/// Students with what they are judged against; posting numbers are catalog positions.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    /// The judged students (job seekers with at least one judged interaction), in file order. Each one's
    /// `declined` lists the postings it dealt with in the learned fold.
    pub students: Vec<Student>,
    /// Postings relevant to each student (hired, applied, relevant) in the judged fold.
    pub relevant: Vec<HashSet<u32>>,
    /// Postings each student dealt with in the learned fold: no method may recommend them again.
    pub excluded: Vec<HashSet<u32>>,
    /// Positive learned interactions per posting (popularity's only input).
    pub popularity: Vec<u32>,
}

impl Dataset {
    /// Builds a dataset: `judged` interactions define relevance, `learned` ones popularity and what each
    /// student already dealt with. Interactions naming an unknown student or posting are rejected (once).
    pub(crate) fn build(
        students: &[Student],
        judged: &[Interaction],
        learned: &[Interaction],
        postings: usize,
        resolve: &dyn Fn(&str) -> Option<u32>,
        file: &str,
    ) -> (Dataset, Vec<Reject>) {
        let by_id: HashMap<&StudentId, usize> = students.iter().enumerate().map(|(i, s)| (&s.id, i)).collect();
        let mut rejects = Vec::new();
        let mut located = |interaction: &Interaction| {
            let student = by_id.get(&interaction.student).copied();
            let posting = resolve(&interaction.posting);
            let mut errors = Vec::new();
            if student.is_none() {
                errors.push(FieldError::new("student", format!("no student `{}`", interaction.student)));
            } else if student.is_some_and(|s| !students[s].intent.seeks_work()) {
                errors.push(FieldError::new("student", "the student is not seeking work (升学, 出国 or 已就业)"));
            }
            if posting.is_none() {
                errors.push(FieldError::new(
                    "posting",
                    format!("no posting in the index has id `{}`", interaction.posting),
                ));
            }
            if !errors.is_empty() {
                rejects.push(Reject {
                    source: "interactions".into(),
                    file: file.to_string(),
                    line: interaction.line,
                    record_id: Some(format!("{},{}", interaction.student, interaction.posting)),
                    errors,
                });
                return None;
            }
            Some((student?, posting?))
        };
        let mut judged_by: Vec<Option<HashSet<u32>>> = vec![None; students.len()];
        for interaction in judged {
            if let Some((s, p)) = located(interaction) {
                let relevant = judged_by[s].get_or_insert_with(HashSet::new);
                if interaction.label.is_positive() {
                    relevant.insert(p);
                }
            }
        }
        let mut dealt: Vec<HashSet<u32>> = vec![HashSet::new(); students.len()];
        let mut popularity = vec![0u32; postings];
        for interaction in learned {
            if let Some((s, p)) = located(interaction) {
                dealt[s].insert(p);
                if interaction.label.is_positive() {
                    popularity[p as usize] += 1;
                }
            }
        }
        let mut data = Dataset { popularity, ..Dataset::default() };
        for (s, relevant) in judged_by.into_iter().enumerate() {
            if let Some(relevant) = relevant {
                data.students.push(students[s].clone());
                data.relevant.push(relevant);
                data.excluded.push(std::mem::take(&mut dealt[s]));
            }
        }
        (data, rejects)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::interactions::Label;
    use crate::test_support::sample_people;

    #[test]
    fn a_rejected_row_counts_nowhere() {
        let (students, _) = sample_people();
        let seeker = students.iter().find(|s| s.intent.seeks_work()).unwrap();
        let not_seeking = students.iter().find(|s| !s.intent.seeks_work()).unwrap();
        let row = |student: &Student, posting: &str, label: Label| Interaction {
            student: student.id.clone(),
            posting: posting.to_string(),
            label,
            day: crate::normalize::parse_date("2026-10-01").unwrap(),
            line: 2,
        };
        let resolve = |key: &str| (key == "generic:G1").then_some(0);
        let judged = [
            row(seeker, "generic:G1", Label::Hired),
            row(not_seeking, "generic:G1", Label::Hired),
            row(seeker, "generic:NOPE", Label::Applied),
        ];
        let learned = [row(not_seeking, "generic:G1", Label::Applied)];
        let (data, rejects) = Dataset::build(&students, &judged, &learned, 1, &resolve, "t.csv");
        let fields: Vec<&str> = rejects.iter().map(|r| r.errors[0].field.as_str()).collect();
        assert_eq!(fields, ["student", "posting", "student"]);
        // Only the seeker's good row is judged; the student who is not seeking work teaches nothing.
        let judged_ids: Vec<&StudentId> = data.students.iter().map(|s| &s.id).collect();
        assert_eq!(judged_ids, [&seeker.id]);
        assert_eq!(data.relevant, [HashSet::from([0])]);
        assert_eq!(data.popularity, [0]);
    }
}
