//! The sample's 社区实践 registers: the League branches of the sample's schools (`branches.csv`: one or two
//! per college) and community League organisations in and around their cities
//! (`communities.csv`), none in one city, so that a shortfall shows.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::model::{RegionCode, Student};
use crate::taxonomy::{RegionLevel, Taxonomy};

/// The branch register's file name.
pub const BRANCHES_FILE: &str = "branches.csv";
/// The community register's file name.
pub const COMMUNITIES_FILE: &str = "communities.csv";

const THEMES: [&str; 6] = ["助老", "支教", "文明实践", "乡村振兴", "环保", "法治宣传"];
const COMMUNITY_KINDS: [&str; 4] = ["街道团工委", "社区团支部", "村团支部", "乡镇团委"];

/// The two registers' texts: (branches, communities).
pub(crate) fn community_files(taxonomy: &Taxonomy, seed: u64, students: &[Student]) -> (String, String) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x0c0f_fee5);
    let mut colleges: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for s in students {
        colleges.entry(s.school.as_str()).or_default().insert(s.college.as_str());
    }
    let mut branches = String::from("id,school,college,members,place,themes\n");
    let mut cities: BTreeSet<RegionCode> = BTreeSet::new();
    let mut n = 0;
    for (school, names) in &colleges {
        let Some(city) = school.parse().ok().and_then(|code| taxonomy.schools.get(&code)).map(|s| s.city) else {
            continue;
        };
        cities.insert(city.prefecture());
        for college in names {
            // One or two branches a college (the sample's colleges are few students each).
            for _ in 0..rng.random_range(1..=2) {
                n += 1;
                let theme = if rng.random_bool(0.4) { THEMES.choose(&mut rng).copied().unwrap_or("") } else { "" };
                let _ = writeln!(branches, "TZB{n:04},{school},{college},{},{city},{theme}", rng.random_range(25..=45));
            }
        }
    }
    // Communities in the counties of the schools' cities; the last city has none.
    let counties = taxonomy.regions.hunan(RegionLevel::County);
    let mut communities = String::from("id,name,place,capacity,themes\n");
    let mut m = 0;
    let last = cities.iter().next_back().copied();
    for city in &cities {
        let here: Vec<_> = counties.iter().filter(|c| c.code.prefecture() == *city).collect();
        let count = if Some(*city) == last { 0 } else { rng.random_range(5..=9) };
        for county in here.choose_multiple(&mut rng, count) {
            m += 1;
            let kind = COMMUNITY_KINDS.choose(&mut rng).copied().unwrap_or(COMMUNITY_KINDS[0]);
            let wanted = rng.random_range(0..=2);
            let themes: Vec<&str> = THEMES.choose_multiple(&mut rng, wanted).copied().collect();
            let _ = writeln!(
                communities,
                "SQ{m:03},{}{kind},{},{},{}",
                county.name,
                county.code,
                rng.random_range(3..=8),
                themes.join("、")
            );
        }
    }
    (branches, communities)
}
