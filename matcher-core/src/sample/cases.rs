//! The sample's case files: a year of what cadres recorded for their paired students (pairing by the plan's
//! rules, an intention interview, contacts every few weeks, the postings the ground truth says a student
//! found relevant sent to them, applications, interviews, hires, destinations found outside the index, a few
//! students seeking again, many still seeking at the end). Drawn from its own random stream: the other
//! files do not change with it.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};
use rand::seq::IndexedRandom;
use rand::Rng;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::case::{Author, CaseEvent, Event, IntentionUpdate};
use crate::model::{Cadre, EmploymentKind, PostingId, RegionCode, Student, StudentId};
use crate::people::{propose_pairings, PairingInput};
use crate::taxonomy::Taxonomy;

/// The case events written beside the sample.
pub const CASE_EVENTS_FILE: &str = "case_events.jsonl";

const SALT: u64 = 0xca5e_f11e;
/// Days the sample's case files span, ending the day before the sample's day.
const YEAR: i64 = 330;

const GUIDANCE: &[&str] =
    &["简历修改", "模拟面试", "就业政策解读", "职业规划咨询", "求职心理疏导", "签约与权益保护讲解"];
const NOTES: &[&str] =
    &["电话回访，仍在求职", "微信联系，了解投递进展", "学生暂未回复，下周再联系", "走访宿舍，鼓励多投递"];
const TRADES: &[&str] = &["科技", "物流", "商贸", "建设", "教育咨询", "医疗器械", "食品"];
/// Where students settled outside the index, with weights.
const ELSEWHERE: &[(EmploymentKind, u32)] = &[
    (EmploymentKind::LabourContract, 30),
    (EmploymentKind::Flexible, 20),
    (EmploymentKind::Agreement, 15),
    (EmploymentKind::FurtherStudy, 8),
    (EmploymentKind::PublicSector, 8),
    (EmploymentKind::WesternPlan, 5),
    (EmploymentKind::Grassroots, 5),
    (EmploymentKind::Military, 4),
    (EmploymentKind::SelfEmployed, 5),
];

/// One interaction of the ground truth.
struct Seen {
    posting: PostingId,
    label: String,
    day: NaiveDate,
}

/// The case events of the sample's paired students as JSON Lines, in the order they were recorded.
pub(crate) fn case_events(
    taxonomy: &Taxonomy,
    seed: u64,
    base_date: NaiveDate,
    students: &[Student],
    cadres: &[Cadre],
    interactions: &str,
) -> String {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ SALT);
    let mut seen: BTreeMap<StudentId, Vec<Seen>> = BTreeMap::new();
    for line in interactions.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        let (Some(student), Some(posting), Some(label), Some(day)) =
            (cells.first(), cells.get(1), cells.get(2), cells.get(3))
        else {
            continue;
        };
        if let (Ok(student), Ok(posting), Ok(day)) = (student.parse(), posting.parse(), day.parse()) {
            seen.entry(student).or_default().push(Seen { posting, label: label.to_string(), day });
        }
    }
    let proposal = propose_pairings(&PairingInput::new(students, cadres, &taxonomy.schools));
    let by_id: BTreeMap<&StudentId, &Student> = students.iter().map(|s| (&s.id, s)).collect();
    let first = base_date - Duration::days(YEAR);
    let last = base_date - Duration::days(1);
    let mut events = Vec::new();
    for pairing in &proposal.pairings {
        let author = Author::Cadre(pairing.cadre.clone());
        for id in &pairing.students {
            let Some(student) = by_id.get(id) else { continue };
            let mut file = Vec::new();
            let mut at = |day: NaiveDate, event: Event| {
                file.push(CaseEvent { student: id.clone(), day, author: author.clone(), event });
            };
            let paired_on = first + Duration::days(rng.random_range(0..45));
            let text = format!("了解求职意向：{}", student.intention);
            // One interview in five finds the student would also take work in 长沙.
            let update = if rng.random_bool(0.2) && !student.accepted_regions.contains(&RegionCode::changsha()) {
                let mut regions = student.accepted_regions.clone();
                regions.push(RegionCode::changsha());
                IntentionUpdate { accepted_regions: Some(regions), ..IntentionUpdate::default() }
            } else {
                IntentionUpdate::default()
            };
            at(paired_on, Event::IntentionInterview { update, text });
            let mut interactions = seen.remove(id).unwrap_or_default();
            interactions.sort_by_key(|s| s.day);
            // Half of the hires the ground truth knows happen within the year; the rest are still in talks.
            let hire = interactions.iter().find(|s| s.label == "hired").filter(|_| rng.random_bool(0.5));
            let settled_on = match hire {
                Some(hire) => Some(hire.day.min(last)),
                None if rng.random_bool(0.22) => Some(first + Duration::days(rng.random_range(150..YEAR))),
                None => None,
            };
            let until = settled_on.unwrap_or(last);
            // Contacts every three to seven weeks.
            let mut day = paired_on + Duration::days(rng.random_range(14..35));
            while day < until {
                let event = if rng.random_bool(0.6) {
                    Event::Guidance { text: GUIDANCE.choose(&mut rng).copied().unwrap_or("就业指导").to_string() }
                } else {
                    Event::Note { text: NOTES.choose(&mut rng).copied().unwrap_or("回访").to_string() }
                };
                at(day, event);
                day += Duration::days(rng.random_range(21..50));
            }
            // What the student found relevant was sent to them a few days before they dealt with it.
            let hired_posting = hire.map(|h| &h.posting);
            for s in interactions.iter().filter(|s| s.label != "not_relevant" && s.day <= until) {
                if Some(&s.posting) == hired_posting {
                    continue;
                }
                let sent = (s.day - Duration::days(rng.random_range(1..6))).max(paired_on);
                at(sent, Event::PostingsSent { postings: vec![s.posting.clone()] });
                if s.label == "applied" || s.label == "hired" {
                    at(s.day, Event::Applied { posting: s.posting.clone() });
                }
            }
            match (hire, settled_on) {
                (Some(hire), Some(day)) => {
                    // Sent, applied, interviewed, hired: in that order, over about two weeks.
                    let before = |days: i64| (day - Duration::days(days)).max(paired_on);
                    at(before(12), Event::PostingsSent { postings: vec![hire.posting.clone()] });
                    at(before(9), Event::Applied { posting: hire.posting.clone() });
                    at(before(4), Event::Interviewed { posting: hire.posting.clone() });
                    let employment =
                        if rng.random_bool(0.7) { EmploymentKind::Agreement } else { EmploymentKind::LabourContract };
                    at(day, Event::Hired { posting: hire.posting.clone(), employment });
                }
                (None, Some(day)) => {
                    let kind = pick(&mut rng);
                    let place = student.accepted_regions.first().copied().unwrap_or(student.home_region);
                    let city = taxonomy.regions.get(place).map_or("湖南", |r| r.name.as_str());
                    let employer = match kind {
                        EmploymentKind::FurtherStudy => "（录取院校）".to_string(),
                        EmploymentKind::Military => format!("{city}人民武装部（应征入伍）"),
                        EmploymentKind::WesternPlan => "西部计划项目办".to_string(),
                        EmploymentKind::SelfEmployed => format!("{city}个体经营"),
                        _ => format!("{city}某{}有限公司", TRADES.choose(&mut rng).copied().unwrap_or("商贸")),
                    };
                    at(day, Event::EmployedElsewhere { employer, place: Some(place), employment: kind });
                    // A few lose that job and look again.
                    if rng.random_bool(0.08) && day + Duration::days(60) < last {
                        at(day + Duration::days(60), Event::SeekingAgain { text: "试用期结束未留用".to_string() });
                    }
                }
                _ => {}
            }
            events.append(&mut file);
        }
    }
    let mut text = String::new();
    for event in &events {
        if let Ok(line) = serde_json::to_string(event) {
            text.push_str(&line);
            text.push('\n');
        }
    }
    text
}

fn pick(rng: &mut ChaCha8Rng) -> EmploymentKind {
    let total: u32 = ELSEWHERE.iter().map(|(_, w)| w).sum();
    let mut roll = rng.random_range(0..total);
    for (kind, weight) in ELSEWHERE {
        if roll < *weight {
            return *kind;
        }
        roll -= weight;
    }
    EmploymentKind::Agreement
}
