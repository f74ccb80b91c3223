//! Pairing files (结对名单): one row per cadre–student pair, JSON Lines (`{"cadre":"C1","student":"S1"}`) or
//! CSV (`cadre,student`). Each row is checked against the cadres and students read: both must exist, be of
//! the same school, the student paired once, the cadre with at most five students; bad rows are rejected
//! with line, field and reason, good ones kept.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};

use super::pairing::{Pairing, MAX_PER_CADRE};
use super::records::{people_from_records, read_people, Fields, MapRecord, Read};
use crate::error::Error;
use crate::ingest::fields::FieldMap;
use crate::ingest::{FieldError, RawRecord, Reject};
use crate::model::{Cadre, CadreId, SchoolCode, Student, StudentId};

const REQUIRED: &[&str] = &["cadre", "student"];

/// Reads pairings; returns them by cadre id (students by id) and a reject for each bad row.
pub fn read_pairings(
    text: &str,
    file: &str,
    cadres: &[Cadre],
    students: &[Student],
) -> Result<(Vec<Pairing>, Vec<Reject>), Error> {
    let checker = Checker::new(cadres, students, &[]);
    let (pairs, rejects) = read_people(text, file, "pairings", REQUIRED, &|map, errors| checker.check(map, errors))?;
    let mut by_cadre: BTreeMap<CadreId, Vec<StudentId>> = BTreeMap::new();
    for (_, (cadre, student)) in pairs {
        by_cadre.entry(cadre).or_default().push(student);
    }
    let pairings = by_cadre.into_iter().map(|(cadre, students)| Pairing::new(cadre, students)).collect();
    Ok((pairings, rejects))
}

/// Checks pairing rows a typed caller built (fields `cadre` and `student`) against the cadres, the students
/// and the pairs that stay (`existing`, as (student, cadre): they count toward five per cadre and a student
/// paired once, without being checked again); returns the good rows as (position, (cadre, student)) and a
/// reject for each bad one.
pub fn pairings_from_records(
    records: Vec<RawRecord>,
    origin: &str,
    cadres: &[Cadre],
    students: &[Student],
    existing: &[(StudentId, CadreId)],
) -> Read<(CadreId, StudentId)> {
    let checker = Checker::new(cadres, students, existing);
    let map: &MapRecord<'_, (CadreId, StudentId)> = &|map, errors| checker.check(map, errors);
    people_from_records(records, origin, "pairings", map)
}

/// The rules every pairing row is checked by, with the rows accepted so far.
struct Checker<'a> {
    cadre_school: HashMap<&'a CadreId, &'a SchoolCode>,
    student_school: HashMap<&'a StudentId, &'a SchoolCode>,
    /// Students paired so far, and students per cadre.
    seen: RefCell<(HashSet<StudentId>, HashMap<CadreId, usize>)>,
}

impl<'a> Checker<'a> {
    fn new(cadres: &'a [Cadre], students: &'a [Student], existing: &[(StudentId, CadreId)]) -> Checker<'a> {
        let mut seen = (HashSet::new(), HashMap::new());
        for (student, cadre) in existing {
            seen.0.insert(student.clone());
            *seen.1.entry(cadre.clone()).or_default() += 1;
        }
        Checker {
            cadre_school: cadres.iter().map(|c| (&c.id, &c.school)).collect(),
            student_school: students.iter().map(|s| (&s.id, &s.school)).collect(),
            seen: RefCell::new(seen),
        }
    }

    fn check(&self, map: &FieldMap, errors: &mut Vec<FieldError>) -> Option<(CadreId, StudentId)> {
        let mut f = Fields { map, errors };
        let cadre: Option<CadreId> = f.required("cadre", |t| t.parse().map_err(|e: Error| e.to_string()));
        let student: Option<StudentId> = f.required("student", |t| t.parse().map_err(|e: Error| e.to_string()));
        let (cadre, student) = (cadre?, student?);
        let Some(&school) = self.cadre_school.get(&cadre) else {
            f.errors.push(FieldError::new("cadre", format!("no cadre `{cadre}` in the cadre file")));
            return None;
        };
        let Some(&own_school) = self.student_school.get(&student) else {
            f.errors.push(FieldError::new("student", format!("no student `{student}` in the student file")));
            return None;
        };
        if school != own_school {
            let reason = format!("student `{student}` is of school {own_school}, cadre `{cadre}` of {school}");
            f.errors.push(FieldError::new("student", reason));
            return None;
        }
        let mut state = self.seen.borrow_mut();
        if !state.0.insert(student.clone()) {
            f.errors.push(FieldError::new("student", format!("student `{student}` is already paired")));
            return None;
        }
        let count = state.1.entry(cadre.clone()).or_default();
        if *count >= MAX_PER_CADRE {
            state.0.remove(&student);
            let reason = format!("cadre `{cadre}` already has {MAX_PER_CADRE} students (每位团干部结对3-5名学生)");
            f.errors.push(FieldError::new("cadre", reason));
            return None;
        }
        *count += 1;
        Some((cadre, student))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::taxonomy::Taxonomy;

    #[test]
    fn good_rows_are_kept_and_bad_ones_named() {
        let taxonomy = Taxonomy::embedded();
        let (students, _) =
            crate::people::read_students(taxonomy, include_str!("../../../data/sample/students.jsonl"), "s").unwrap();
        let (cadres, _) =
            crate::people::read_cadres(taxonomy, include_str!("../../../data/sample/cadres.jsonl"), "c").unwrap();
        let cadre = &cadres[0];
        let mates: Vec<&Student> = students.iter().filter(|s| s.school == cadre.school).take(7).collect();
        let stranger = students.iter().find(|s| s.school != cadre.school).unwrap();
        let mut csv = String::from("cadre,student\n");
        for student in &mates {
            csv.push_str(&format!("{},{}\n", cadre.id, student.id));
        }
        csv.push_str(&format!("{},{}\n{},{}\nC404,{}\n", cadre.id, mates[0].id, cadre.id, stranger.id, mates[1].id));
        let (pairings, rejects) = read_pairings(&csv, "p.csv", &cadres, &students).unwrap();
        assert_eq!(pairings.len(), 1);
        assert_eq!(pairings[0].students.len(), 5, "five kept, two over the limit rejected");
        let reasons: Vec<(usize, &str, &str)> =
            rejects.iter().map(|r| (r.line, r.errors[0].field.as_str(), r.errors[0].reason.as_str())).collect();
        assert_eq!(reasons.len(), 5, "{reasons:?}");
        assert!(reasons[0].2.contains("already has 5") && reasons[0].0 == 7, "{reasons:?}");
        assert!(reasons[2].2.contains("already paired"), "{reasons:?}");
        assert!(reasons[3].2.contains("of school"), "{reasons:?}");
        assert!(reasons[4].1 == "cadre" && reasons[4].2.contains("C404"), "{reasons:?}");
    }
}
