//! Generated employers: a pool of made-up company names, reused so that an employer publishes several
//! roles, but each role once per city (an employer does not open the same role twice in one city).

use std::collections::{HashMap, HashSet};

use rand::seq::IndexedRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::catalogue::{Family, COMPANY_SUFFIXES, NAME_WORDS};
use super::place::Place;
use crate::normalize::normalize_employer;

struct Employer {
    name: String,
    roles: HashSet<String>,
}

/// The employers of one city and trade, with the normal forms of their names.
#[derive(Default)]
struct Trade {
    employers: Vec<Employer>,
    taken: HashSet<String>,
}

/// Employers by (prefecture, trade word), so a company hires in its own city and trade.
#[derive(Default)]
pub(crate) struct EmployerPool {
    by_key: HashMap<(String, &'static str), Trade>,
}

/// Existing employers looked at before a new one is made: keeps each pick O(1) in a large sample.
const LOOKS: usize = 8;

impl EmployerPool {
    /// An employer of the family's trade in the place's city that has not yet opened `role` there.
    pub(crate) fn pick(&mut self, rng: &mut ChaCha8Rng, place: &Place, family: &Family, role: &str) -> String {
        let key = (place.prefecture.clone(), family.employer_word);
        let trade = self.by_key.entry(key).or_default();
        let mut chosen = None;
        if !trade.employers.is_empty() && rng.random_bool(0.6) {
            for _ in 0..LOOKS {
                let index = rng.random_range(0..trade.employers.len());
                if !trade.employers[index].roles.contains(role) {
                    chosen = Some(index);
                    break;
                }
            }
        }
        let index = match chosen {
            Some(index) => index,
            None => {
                let name = new_name(rng, place, family, trade);
                trade.taken.insert(normalize_employer(&name));
                trade.employers.push(Employer { name, roles: HashSet::new() });
                trade.employers.len() - 1
            }
        };
        trade.employers[index].roles.insert(role.to_string());
        trade.employers[index].name.clone()
    }
}

/// A name whose normal form no employer of the trade has: one trade word while the trade is small, more
/// as it grows, so that a large sample never runs out of names.
fn new_name(rng: &mut ChaCha8Rng, place: &Place, family: &Family, trade: &Trade) -> String {
    let city: String = place.prefecture.trim_end_matches('市').chars().take(2).collect();
    let mut words = if trade.employers.len() < 12 { 1 } else { 2 };
    loop {
        let chosen: Vec<&str> = NAME_WORDS.choose_multiple(rng, words).copied().collect();
        let suffix = COMPANY_SUFFIXES.choose(rng).copied().unwrap_or(COMPANY_SUFFIXES[0]);
        let name = format!("{city}{}{}{suffix}", chosen.concat(), family.employer_word);
        if !trade.taken.contains(&normalize_employer(&name)) {
            return name;
        }
        words = (words + 1).min(4);
    }
}
