//! When a sensitive count (low-income students, those of them employed, students nominated for help) may be
//! shown, and which value: counts are released as of month ends only, never as of the report's day, and a
//! group's count is released only when what changed since its last release cannot point at a person.
//!
//! A count shown every day, or whenever it changes, tells whoever sees who was hired (or paired) that day
//! whether that student is low-income: 31 on Monday, 32 on Tuesday after one hire. So a group's count at a
//! month's end is shown only when
//! - both the students it counts and the others of its group number at least `min` (a count of one, or all
//!   but one, points at a person), and
//! - the students who entered or left the group's base since the count was last shown (hired, paired,
//!   released) hold at least `min` who are counted and `min` who are not, or none at all: a month of a few
//!   hires shows nothing new, and its changes are released with a later month's.
//!
//! Counts of groups that add up (a city is the sum of its schools, the province of its cities) are then
//! withheld together: no count that is not shown can be worked out as a whole less its other parts, or as
//! the sum of its parts. A group of no students counts as known (it is zero).

use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::follow::Follow;

/// Groups of students, the sums between them, and the rule of release.
pub(super) struct Groups<'g> {
    /// Each group's students, as indices into the followed students.
    pub members: &'g [Vec<usize>],
    /// Each group's key: the order in which a smallest group is chosen to be withheld among equals.
    pub keys: &'g [String],
    /// Sums: the group `whole` holds exactly the groups `parts`.
    pub sums: &'g [(usize, Vec<usize>)],
    /// The least count on either side of a release.
    pub min: usize,
}

/// A count: the students of a group it is taken among on a day (in the programme, employed), and which of
/// them it counts (low-income, nominated).
pub(super) struct Count<'c> {
    pub among: &'c dyn Fn(&Follow, NaiveDate) -> bool,
    pub counts: &'c dyn Fn(&Follow) -> bool,
}

/// The count of each group released at each of `ends` (month ends, in order): `[end][group]`, `None` where
/// it is withheld.
pub(super) fn released(
    follows: &[Follow],
    groups: &Groups,
    count: &Count,
    ends: &[NaiveDate],
) -> Vec<Vec<Option<usize>>> {
    let n = groups.members.len();
    // What each group's count was last released on: the students it was taken among.
    let mut last: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); n];
    let mut out = Vec::with_capacity(ends.len());
    for &end in ends {
        let among: Vec<BTreeSet<usize>> = groups
            .members
            .iter()
            .map(|members| members.iter().copied().filter(|&i| (count.among)(&follows[i], end)).collect())
            .collect();
        let counted = |set: &BTreeSet<usize>| set.iter().filter(|&&i| (count.counts)(&follows[i])).count();
        let values: Vec<usize> = among.iter().map(counted).collect();
        let mut shown: Vec<bool> = (0..n)
            .map(|g| {
                let both_sides = |counted: usize, total: usize| counted >= groups.min && total - counted >= groups.min;
                let changed: BTreeSet<usize> = among[g].symmetric_difference(&last[g]).copied().collect();
                both_sides(values[g], among[g].len())
                    && (changed.is_empty() || both_sides(counted(&changed), changed.len()))
            })
            .collect();
        let empty: Vec<bool> = among.iter().map(BTreeSet::is_empty).collect();
        withhold_together(groups, &among, &empty, &mut shown);
        for g in (0..n).filter(|&g| shown[g]) {
            last[g] = among[g].clone();
        }
        out.push((0..n).map(|g| shown[g].then_some(values[g])).collect());
    }
    out
}

/// Withholds more groups until no sum has exactly one count unknown (which would be the sum less the others,
/// or the sum of the parts): the smallest part that shows, or, when no other part shows, the whole.
fn withhold_together(groups: &Groups, among: &[BTreeSet<usize>], empty: &[bool], shown: &mut [bool]) {
    let known = |g: usize, shown: &[bool]| shown[g] || empty[g];
    loop {
        let mut more = None;
        for (whole, parts) in groups.sums {
            let cells: Vec<usize> = std::iter::once(*whole).chain(parts.iter().copied()).collect();
            let unknown: Vec<usize> = cells.iter().copied().filter(|&g| !known(g, shown)).collect();
            if unknown.len() != 1 {
                continue;
            }
            let smallest = parts
                .iter()
                .copied()
                .filter(|&g| shown[g] && !empty[g])
                .min_by(|&a, &b| (among[a].len(), &groups.keys[a]).cmp(&(among[b].len(), &groups.keys[b])));
            more = smallest.or_else(|| shown[*whole].then_some(*whole));
            if more.is_some() {
                break;
            }
        }
        match more {
            Some(g) => shown[g] = false,
            None => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The province (0) of three cities: 株洲 (1) with one school (4), 常德 (2) with one school (5), 长沙 (3)
    /// with two (6, 7).
    type Sums = Vec<(usize, Vec<usize>)>;

    fn tree() -> (Vec<Vec<usize>>, Vec<String>, Sums) {
        let sizes = [102, 20, 12, 70, 20, 12, 40, 30];
        let members: Vec<Vec<usize>> = sizes.iter().map(|&n| (0..n).collect()).collect();
        let keys = (0..8).map(|g| format!("g{g}")).collect();
        let sums = vec![(0, vec![1, 2, 3]), (1, vec![4]), (2, vec![5]), (3, vec![6, 7])];
        (members, keys, sums)
    }

    fn withheld_after(hidden: &[usize]) -> Vec<usize> {
        let (members, keys, sums) = tree();
        let groups = Groups { members: &members, keys: &keys, sums: &sums, min: 5 };
        let among: Vec<BTreeSet<usize>> = members.iter().map(|m| m.iter().copied().collect()).collect();
        let empty = vec![false; 8];
        let mut shown: Vec<bool> = (0..8).map(|g| !hidden.contains(&g)).collect();
        withhold_together(&groups, &among, &empty, &mut shown);
        for (whole, parts) in &sums {
            let unknown = std::iter::once(whole).chain(parts).filter(|&&g| !shown[g]).count();
            assert_ne!(unknown, 1, "the sum of {whole} gives a withheld count away: {shown:?}");
        }
        (0..8).filter(|&g| !shown[g]).collect()
    }

    #[test]
    fn a_withheld_count_is_never_a_whole_less_its_parts_nor_the_sum_of_its_parts() {
        // 株洲's only school withheld: the city is that school, so it goes too, and then the province less the
        // other cities would give it: the smallest other city (常德) goes, and with it its only school.
        assert_eq!(withheld_after(&[4]), [1, 2, 4, 5]);
        // A city withheld while its schools show: the sum of its schools would give it, so its smaller school
        // goes; and the province less the other cities: the smallest other city goes, with its only school.
        assert_eq!(withheld_after(&[3]), [2, 3, 5, 7]);
        // One of 长沙's two schools: the other goes with it; the city may show.
        assert_eq!(withheld_after(&[7]), [6, 7]);
        assert!(withheld_after(&[]).is_empty());
    }
}
