//! Generated employers: a pool of made-up company names, reused so that an employer publishes several roles.

use std::collections::HashMap;

use rand::seq::IndexedRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::catalogue::{Family, COMPANY_SUFFIXES, NAME_WORDS};
use super::opening::Place;

/// Employers by (prefecture, industry word), so a company hires in its own city and trade.
#[derive(Default)]
pub(crate) struct EmployerPool {
    by_key: HashMap<(String, &'static str), Vec<String>>,
}

impl EmployerPool {
    pub(crate) fn pick(&mut self, rng: &mut ChaCha8Rng, place: &Place, family: &Family) -> String {
        let key = (place.prefecture.clone(), family.employer_word);
        let existing = self.by_key.entry(key).or_default();
        if !existing.is_empty() && rng.random_bool(0.6) {
            if let Some(name) = existing.choose(rng) {
                return name.clone();
            }
        }
        let city = place.prefecture.trim_end_matches('市');
        let city = city.chars().take(2).collect::<String>();
        // One trade word while the city's trade is small, two once it grows: names stay plausible and
        // a large sample does not run out of distinct employers.
        let words: Vec<&str> =
            NAME_WORDS.choose_multiple(rng, if existing.len() < 12 { 1 } else { 2 }).copied().collect();
        let word = words.concat();
        let suffix = COMPANY_SUFFIXES.choose(rng).copied().unwrap_or(COMPANY_SUFFIXES[0]);
        let name = format!("{city}{word}{}{suffix}", family.employer_word);
        if !existing.contains(&name) {
            existing.push(name.clone());
        }
        name
    }
}
