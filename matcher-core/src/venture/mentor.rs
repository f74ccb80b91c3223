//! 创业导师: mentors for the funded projects ("为项目配备创业导师"), by field and place. The mentor register is a
//! file of rows with `id`, `name`, `fields` (硬核科技, 乡村振兴, 其他; absent: any), `place` (a code or names) and
//! `capacity` (projects they take). Each funded project gets one mentor: as many projects as the mentors'
//! capacities allow, and among those assignments the cheapest, a mentor of the project's field counting as
//! 1,000 km nearer than one of another field (a minimum-cost maximum flow). Projects left without a mentor
//! are listed.

use serde::Serialize;

use super::field::Field;
use super::project::Project;
use super::select::Funded;
use crate::error::Error;
use crate::flow::Network;
use crate::ingest::Reject;
use crate::model::RegionCode;
use crate::normalize::{clean_line, resolve_place};
use crate::people::records::{first_rows, plain_id, read_people, Fields};
use crate::taxonomy::Taxonomy;

const REQUIRED: &[&str] = &["id", "name", "place", "capacity"];
/// More projects than one mentor takes.
pub const MAX_MENTOR_CAPACITY: u32 = 100;
/// A mentor of another field counts as this much farther, km.
pub const FIELD_MISMATCH_KM: f64 = 1000.0;
/// Mentors considered per project, cheapest first.
const NEAREST: usize = 50;

/// A mentor.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mentor {
    /// Their id.
    pub id: String,
    /// Their name.
    pub name: String,
    /// Fields they advise (none: any).
    pub fields: Vec<Field>,
    /// Where they are.
    pub region: RegionCode,
    /// Projects they take.
    pub capacity: u32,
}

/// A project's mentor.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mentoring {
    /// The project.
    pub project: String,
    /// The mentor.
    pub mentor: String,
    /// Whether the mentor advises the project's field.
    pub field_match: bool,
    /// Distance between the project (or its school) and the mentor, km.
    pub km: f64,
}

/// Mentors for the funded projects.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MentorAssignment {
    /// Projects with their mentor, by project id.
    pub assigned: Vec<Mentoring>,
    /// Funded projects left without a mentor (the mentors' capacity ran out), by id.
    pub without: Vec<String>,
}

/// Reads a mentor register.
pub fn read_mentors(taxonomy: &Taxonomy, text: &str, file: &str) -> Result<(Vec<Mentor>, Vec<Reject>), Error> {
    let (rows, rejects) = read_people(text, file, "mentors", REQUIRED, &|map, errors| {
        let mut f = Fields { map, errors };
        let id = f.required("id", plain_id);
        let name = f.required("name", |t| Ok(clean_line(t)));
        let fields = f.list("fields", Field::parse);
        let region = f.required("place", |t| resolve_place(&taxonomy.regions, t));
        let capacity = f.required("capacity", |t| match t.trim().parse::<u32>() {
            Ok(n) if n <= MAX_MENTOR_CAPACITY => Ok(n),
            _ => Err(format!("`{}` is not a number of projects from 0 to {MAX_MENTOR_CAPACITY}", t.trim())),
        });
        Some(Mentor { id: id?, name: name?, fields: fields?, region: region?, capacity: capacity? })
    })?;
    Ok(first_rows(rows, rejects, file, "mentors", |m: &Mentor| m.id.clone()))
}

/// Assigns mentors to the funded projects.
pub fn assign_mentors(
    taxonomy: &Taxonomy,
    funded: &[Funded],
    projects: &[Project],
    mentors: &[Mentor],
) -> MentorAssignment {
    let regions: std::collections::HashMap<&str, Option<RegionCode>> =
        projects.iter().map(|p| (p.id.as_str(), p.region)).collect();
    let place = |f: &Funded| {
        let project = regions.get(f.project.as_str()).copied().flatten();
        project.or_else(|| taxonomy.schools.get(&f.school).map(|s| s.city))
    };
    let (source, sink) = (0, 1);
    let project_node = |i: usize| 2 + i;
    let mentor_node = |j: usize| 2 + funded.len() + j;
    let mut net = Network::new(2 + funded.len() + mentors.len());
    let mut arcs = Vec::new();
    for (i, f) in funded.iter().enumerate() {
        net.add(source, project_node(i), 1, 0);
        let here = place(f);
        let mut options: Vec<(usize, f64, bool, i64)> = mentors
            .iter()
            .enumerate()
            .filter(|(_, m)| m.capacity > 0)
            .map(|(j, m)| {
                let km = here
                    .and_then(|h| if h == m.region { Some(0.0) } else { taxonomy.regions.distance_km(h, m.region) })
                    .unwrap_or(FIELD_MISMATCH_KM);
                let km = (km * 10.0).round() / 10.0;
                let field_match = m.fields.is_empty() || m.fields.contains(&f.field);
                let cost = ((km + if field_match { 0.0 } else { FIELD_MISMATCH_KM }) * 10.0).round() as i64;
                (j, km, field_match, cost)
            })
            .collect();
        options.sort_by_key(|o| (o.3, o.0));
        options.truncate(NEAREST);
        for (j, km, field_match, cost) in options {
            arcs.push((i, j, km, field_match, net.add(project_node(i), mentor_node(j), 1, cost)));
        }
    }
    for (j, m) in mentors.iter().enumerate() {
        net.add(mentor_node(j), sink, m.capacity, 0);
    }
    net.run(source, sink);
    let mut has = vec![false; funded.len()];
    let mut assigned = Vec::new();
    for &(i, j, km, field_match, arc) in &arcs {
        if net.flow(arc) > 0 {
            has[i] = true;
            assigned.push(Mentoring {
                project: funded[i].project.clone(),
                mentor: mentors[j].id.clone(),
                field_match,
                km,
            });
        }
    }
    assigned.sort_by(|a, b| a.project.cmp(&b.project));
    let without = funded.iter().zip(&has).filter(|(_, h)| !**h).map(|(f, _)| f.project.clone()).collect();
    MentorAssignment { assigned, without }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SchoolCode;

    fn mentor(id: &str, fields: &[Field], place: &str, capacity: u32) -> Mentor {
        Mentor { id: id.into(), name: id.into(), fields: fields.to_vec(), region: place.parse().unwrap(), capacity }
    }

    fn funded(id: &str, field: Field) -> Funded {
        Funded {
            project: id.into(),
            school: "4143010531".parse::<SchoolCode>().unwrap(),
            field,
            score: 80.0,
            grant: 5000,
        }
    }

    #[test]
    fn a_mentor_of_the_field_first_then_the_nearest_and_capacity_respected() {
        let taxonomy = Taxonomy::embedded();
        let school_city = taxonomy.schools.get(&"4143010531".parse().unwrap()).unwrap().city;
        let here = school_city.to_string();
        let mentors = vec![
            mentor("M1", &[Field::Rural], &here, 1),
            mentor("M2", &[Field::HardTech], "433101", 1),
            mentor("M3", &[], &here, 1),
        ];
        let projects = vec![
            funded("A", Field::HardTech),
            funded("B", Field::Rural),
            funded("C", Field::Other),
            funded("D", Field::Other),
        ];
        let result = assign_mentors(taxonomy, &projects, &[], &mentors);
        let pairs: Vec<(&str, &str)> =
            result.assigned.iter().map(|m| (m.project.as_str(), m.mentor.as_str())).collect();
        // A takes the far 硬核科技 mentor (field first), B the near 乡村振兴 one, C or D the near any-field one.
        assert_eq!(pairs.len(), 3);
        assert!(pairs.contains(&("A", "M2")) && pairs.contains(&("B", "M1")), "{pairs:?}");
        assert_eq!(result.without.len(), 1, "capacity: three places for four projects");
        assert!(result.assigned.iter().all(|m| m.field_match));
    }
}
