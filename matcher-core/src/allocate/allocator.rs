//! The allocation pass. Ranking each student alone sends everyone to the same few postings; here each
//! posting is offered to at most its cap of students, in the order of priority the caller gives (the
//! recommender gives the plan's groups, `people::Need`: low-income students of non-双一流 schools, previous-year
//! unemployed graduates, other low-income students, nominated students, the rest; ties by id):
//!
//! 1. Guarantee: in rounds up to the minimum, each student in priority order takes their best posting left.
//! 2. Repair: a student still short looks for an augmenting path (they take a full posting whose holder moves
//!    to another of the holder's suitable postings with room, and so on). This is Ford–Fulkerson on the
//!    student–posting graph (a student's demand capped at the minimum), so when it stops the number of
//!    guaranteed slots is the largest possible: every student has the minimum whenever any assignment of the
//!    batch could give it to all. No student ever loses a slot to a repair.
//! 3. Fill: further rounds up to the list length, again best posting left, in priority order.

use std::collections::VecDeque;

use rustc_hash::FxHashMap as HashMap;

/// One student's demand: their suitable postings, best first (entry, score).
pub(crate) type Demand<'a> = &'a [(u32, f32)];

/// Postings the repair search may visit for one student before it gives up (bounds the worst case).
const SEARCH_LIMIT: usize = 20_000;

/// Chooses postings for every student: positions into that student's `candidates`, ascending (best first).
/// `order` lists students in priority order; `capacity` gives a posting's cap.
pub(crate) fn allocate(
    demands: &[Demand<'_>],
    order: &[usize],
    capacity: &dyn Fn(u32) -> u32,
    minimum: usize,
    top: usize,
) -> Vec<Vec<usize>> {
    let mut state =
        State { demands, capacity, used: HashMap::default(), holders: HashMap::default(), chosen: Vec::new() };
    state.chosen = vec![Vec::new(); demands.len()];
    let guarantee = minimum.min(top);
    for _ in 0..guarantee {
        for &student in order {
            state.take_best(student);
        }
    }
    loop {
        let mut progress = false;
        for &student in order {
            while state.chosen[student].len() < guarantee && state.augment(student) {
                progress = true;
            }
        }
        if !progress {
            break;
        }
    }
    for _ in guarantee..top {
        for &student in order {
            state.take_best(student);
        }
    }
    for chosen in &mut state.chosen {
        chosen.sort_unstable();
    }
    state.chosen
}

struct State<'a> {
    demands: &'a [Demand<'a>],
    capacity: &'a dyn Fn(u32) -> u32,
    used: HashMap<u32, u32>,
    /// Posting → students holding it.
    holders: HashMap<u32, Vec<usize>>,
    /// Student → positions into their candidates.
    chosen: Vec<Vec<usize>>,
}

impl State<'_> {
    fn room(&self, posting: u32) -> bool {
        self.used.get(&posting).copied().unwrap_or(0) < (self.capacity)(posting)
    }

    fn holds(&self, student: usize, position: usize) -> bool {
        self.chosen[student].contains(&position)
    }

    fn give(&mut self, student: usize, position: usize) {
        let posting = self.demands[student][position].0;
        *self.used.entry(posting).or_default() += 1;
        self.holders.entry(posting).or_default().push(student);
        self.chosen[student].push(position);
    }

    fn take_best(&mut self, student: usize) -> bool {
        let found = (0..self.demands[student].len())
            .find(|&p| !self.holds(student, p) && self.room(self.demands[student][p].0));
        match found {
            Some(position) => {
                self.give(student, position);
                true
            }
            None => false,
        }
    }

    /// One augmenting path from `student`; true when the student gained a posting.
    fn augment(&mut self, student: usize) -> bool {
        if self.take_best(student) {
            return true;
        }
        // Breadth-first over full postings; `came` records how each posting was reached: (the posting the
        // mover gives up, the mover, the mover's position of this posting), or the start.
        let mut came: HashMap<u32, Option<(u32, usize, usize)>> = HashMap::default();
        let mut queue = VecDeque::new();
        for (position, &(posting, _)) in self.demands[student].iter().enumerate() {
            if !self.holds(student, position) && !came.contains_key(&posting) {
                came.insert(posting, None);
                queue.push_back((posting, position));
            }
        }
        let start_positions: HashMap<u32, usize> = queue.iter().copied().collect();
        while let Some((full, _)) = queue.pop_front() {
            if came.len() > SEARCH_LIMIT {
                return false;
            }
            let mut free = None;
            'holders: for &mover in self.holders.get(&full).map_or(&[][..], Vec::as_slice) {
                if mover == student {
                    continue;
                }
                for (position, &(next, _)) in self.demands[mover].iter().enumerate() {
                    if self.holds(mover, position) || came.contains_key(&next) {
                        continue;
                    }
                    came.insert(next, Some((full, mover, position)));
                    if self.room(next) {
                        free = Some(next);
                        break 'holders;
                    }
                    queue.push_back((next, position));
                }
            }
            if let Some(free) = free {
                self.apply(student, free, &came, &start_positions);
                return true;
            }
        }
        false
    }

    /// Moves every mover along the path ending at `free`, then gives the start posting to `student`.
    fn apply(
        &mut self,
        student: usize,
        free: u32,
        came: &HashMap<u32, Option<(u32, usize, usize)>>,
        start_positions: &HashMap<u32, usize>,
    ) {
        let mut posting = free;
        while let Some(Some((given_up, mover, position))) = came.get(&posting).copied() {
            // The mover takes `posting` and gives up `given_up`.
            self.give(mover, position);
            self.release(mover, given_up);
            posting = given_up;
        }
        let position = start_positions[&posting];
        self.give(student, position);
        // `given_up` postings were released and retaken, so only `free` gained a holder overall.
    }

    fn release(&mut self, student: usize, posting: u32) {
        if let Some(count) = self.used.get_mut(&posting) {
            *count -= 1;
        }
        if let Some(holders) = self.holders.get_mut(&posting) {
            if let Some(i) = holders.iter().position(|&h| h == student) {
                holders.swap_remove(i);
            }
        }
        let candidates = &self.demands[student];
        self.chosen[student].retain(|&p| candidates[p].0 != posting);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn demand(postings: &[u32]) -> Vec<(u32, f32)> {
        postings.iter().map(|&p| (p, 1.0 - p as f32 / 100.0)).collect()
    }

    fn slices(lists: &[Vec<(u32, f32)>]) -> Vec<Demand<'_>> {
        lists.iter().map(Vec::as_slice).collect()
    }

    #[test]
    fn a_student_with_alternatives_moves_so_that_another_gets_two() {
        // Student 0 comes first and likes 1 and 2; student 1 can only use 1 and 3. Each posting takes one.
        let lists = [demand(&[1, 2, 4]), demand(&[1, 3])];
        let demands = slices(&lists);
        let chosen = allocate(&demands, &[0, 1], &|_| 1, 2, 2);
        let postings = |s: usize| -> Vec<u32> { chosen[s].iter().map(|&p| demands[s][p].0).collect() };
        assert_eq!(postings(1), [1, 3]);
        assert_eq!(postings(0), [2, 4]);
    }

    #[test]
    fn priority_students_get_scarce_postings_first() {
        let lists = [demand(&[7, 8]), demand(&[7, 8])];
        let demands = slices(&lists);
        let chosen = allocate(&demands, &[1, 0], &|_| 1, 1, 2);
        assert_eq!(demands[1][chosen[1][0]].0, 7, "the first in order takes the best posting");
    }

    /// The most students that can each get `minimum`, by brute force over small instances.
    fn best_possible(demands: &[Demand<'_>], caps: &[u32], minimum: usize) -> usize {
        fn go(s: usize, demands: &[Demand<'_>], used: &mut Vec<u32>, caps: &[u32], minimum: usize) -> usize {
            if s == demands.len() {
                return 0;
            }
            let mut best = go(s + 1, demands, used, caps, minimum);
            let n = demands[s].len();
            for mask in 0u32..(1 << n) {
                if mask.count_ones() as usize != minimum {
                    continue;
                }
                let picks: Vec<u32> = (0..n).filter(|i| mask & (1 << i) != 0).map(|i| demands[s][i].0).collect();
                if picks.iter().all(|&p| used[p as usize] < caps[p as usize]) {
                    picks.iter().for_each(|&p| used[p as usize] += 1);
                    best = best.max(1 + go(s + 1, demands, used, caps, minimum));
                    picks.iter().for_each(|&p| used[p as usize] -= 1);
                }
            }
            best
        }
        go(0, demands, &mut vec![0; caps.len()], caps, minimum)
    }

    proptest! {
        #[test]
        fn caps_hold_and_as_many_students_as_possible_get_two(
            lists in prop::collection::vec(prop::collection::btree_set(0u32..6, 0..5), 1..6),
            caps in prop::collection::vec(1u32..3, 6),
            top in 2usize..4,
        ) {
            let owned: Vec<Vec<(u32, f32)>> = lists.iter().map(|set| demand(&set.iter().copied().collect::<Vec<_>>())).collect();
            let demands = slices(&owned);
            let order: Vec<usize> = (0..demands.len()).collect();
            let chosen = allocate(&demands, &order, &|p| caps[p as usize], 2, top);
            let mut used = [0u32; 6];
            for (s, positions) in chosen.iter().enumerate() {
                prop_assert!(positions.len() <= top);
                prop_assert!(positions.windows(2).all(|w| w[0] < w[1]), "distinct, best first");
                for &p in positions {
                    used[demands[s][p].0 as usize] += 1;
                }
            }
            for (p, &u) in used.iter().enumerate() {
                prop_assert!(u <= caps[p], "posting {} used {} times, cap {}", p, u, caps[p]);
            }
            // Whenever every student can have two at once, every student has two.
            let with_two = chosen.iter().filter(|c| c.len() >= 2).count();
            if best_possible(&demands, &caps, 2) == demands.len() {
                prop_assert_eq!(with_two, demands.len());
            }
        }
    }
}
