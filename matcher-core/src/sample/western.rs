//! The sample's 西部计划 recruitment: service posts with capacities (`western_posts.csv`), the track quotas
//! (`western_quotas.csv`) and applications (`western_applications.jsonl`) from the sample's students:
//! graduating students who lean to the programme, a few 推免生 for 研究生支教团, and some who cannot be
//! placed (an enrolled student, a student the school did not select, a school still selecting, a post that
//! does not exist), so that every rule shows on the sample.

use std::fmt::Write as _;

use rand::seq::{IndexedRandom, SliceRandom};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::catalogue::{TOWNS, WESTERN_AREAS, WESTERN_BUREAUS};
use crate::model::{Cohort, Intent, Student};
use crate::taxonomy::Taxonomy;

/// The post file's name.
pub const WESTERN_POSTS_FILE: &str = "western_posts.csv";
/// The track quota file's name.
pub const WESTERN_QUOTAS_FILE: &str = "western_quotas.csv";
/// The application file's name.
pub const WESTERN_APPLICATIONS_FILE: &str = "western_applications.jsonl";

/// The three files' texts: (posts, quotas, applications).
pub(crate) fn western_files(taxonomy: &Taxonomy, seed: u64, students: &[Student]) -> (String, String, String) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x00c0_ffee);
    // Posts: one per area and host unit, a few volunteers each; the special tracks where they serve.
    let mut posts = String::from("id,track,place,capacity,title\n");
    let mut ids = Vec::new();
    for (province, area) in WESTERN_AREAS {
        for (bureau, base_track, _) in WESTERN_BUREAUS.choose_multiple(&mut rng, 2) {
            let track = match *province {
                "新疆" if rng.random_bool(0.5) => "服务新疆专项",
                "西藏" if rng.random_bool(0.5) => "服务西藏专项",
                "湖南" => "芙蓉花开地方项目",
                _ => base_track,
            };
            let place = if *province == "湖南" { area.to_string() } else { format!("{province}{area}") };
            if crate::normalize::resolve_place(&taxonomy.regions, &place).is_err() {
                continue;
            }
            let town = TOWNS.choose(&mut rng).copied().unwrap_or(TOWNS[0]);
            let id = format!("XB{:03}", ids.len() + 1);
            let _ = writeln!(posts, "{id},{track},{place},{},{area}{town}{bureau}", rng.random_range(1..=3));
            ids.push(id);
        }
    }
    for (i, (place, title)) in
        [("贵州省黔东南苗族侗族自治州", "从江县中学"), ("西藏自治区山南市", "错那县中学")].iter().enumerate()
    {
        let id = format!("ZJ{:02}", i + 1);
        let _ = writeln!(posts, "{id},研究生支教团,{place},2,{title}（研究生支教团）");
        ids.push(id);
    }
    let quotas = format!(
        "track,quota\n服务新疆专项,{}\n服务西藏专项,{}\n“青马工程”专项,1\n",
        rng.random_range(2..=4),
        rng.random_range(1..=3)
    );

    // Applicants: some graduating job seekers, some 推免生 (going on to study), and a few who cannot be placed.
    let mut applications = String::new();
    let mut pool: Vec<&Student> = students.iter().collect();
    pool.shuffle(&mut rng);
    let mut written = 0;
    for student in pool {
        let exempt = student.cohort == Cohort::Graduating && student.intent == Intent::FurtherStudy;
        let seeking = matches!(student.intent, Intent::Employment | Intent::Undecided);
        let odd_one = written % 17 == 16;
        let wanted = student.cohort == Cohort::Graduating && (seeking || exempt) || odd_one;
        if !wanted || !rng.random_bool(if exempt { 0.3 } else { 0.15 }) {
            continue;
        }
        written += 1;
        let mut preferences: Vec<String> = if exempt {
            ids.iter().filter(|id| id.starts_with("ZJ")).cloned().collect()
        } else {
            ids.iter().filter(|id| id.starts_with("XB")).cloned().collect()
        };
        preferences.shuffle(&mut rng);
        preferences.truncate(rng.random_range(1..=4));
        if written % 23 == 0 {
            preferences.push("XB999".to_string());
        }
        let selection = match rng.random_range(0..20) {
            0 => serde_json::json!("未通过"),
            1 => serde_json::json!("待选拔"),
            2..=4 => serde_json::json!("通过"),
            _ => serde_json::json!(f64::from(rng.random_range(600..=980)) / 10.0),
        };
        let record = serde_json::json!({
            "id": student.id,
            "school": student.school,
            "cohort": student.cohort.code(),
            "exempt_admission": exempt,
            "preferences": preferences,
            "selection": selection,
        });
        let _ = writeln!(applications, "{record}");
    }
    (posts, quotas, applications)
}
