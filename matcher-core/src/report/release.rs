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
    // Each student is asked once, not once per group holding them (the province, a city, a school, a tier).
    let counts: Vec<bool> = follows.iter().map(|f| (count.counts)(f)).collect();
    for &end in ends {
        let in_base: Vec<bool> = follows.iter().map(|f| (count.among)(f, end)).collect();
        let among: Vec<BTreeSet<usize>> =
            groups.members.iter().map(|members| members.iter().copied().filter(|&i| in_base[i]).collect()).collect();
        let counted = |set: &BTreeSet<usize>| set.iter().filter(|&&i| counts[i]).count();
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

/// Withholds more groups until no withheld count follows from the shown ones through the sums, solved together
/// (a school is in its city's sum and its tier's: a city less a tier can be one school, though neither sum has a
/// single unknown). While some do, one more count shown in a sum that holds one of them is withheld: not the
/// province while another will do, then the one that leaves the fewest determined, then the smallest.
fn withhold_together(groups: &Groups, among: &[BTreeSet<usize>], empty: &[bool], shown: &mut [bool]) {
    loop {
        let exposed = determined(groups, empty, shown);
        if exposed.is_empty() {
            return;
        }
        let holds = |g: &usize| exposed.contains(g);
        let mut candidates: Vec<usize> = groups
            .sums
            .iter()
            .filter(|(whole, parts)| holds(whole) || parts.iter().any(holds))
            .flat_map(|(whole, parts)| parts.iter().copied().chain(std::iter::once(*whole)))
            .filter(|&g| shown[g] && !empty[g])
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        // Not the whole of everything (the province, which the target is measured by) while another will do;
        // then the one whose withholding leaves the fewest counts determined; then the smallest.
        let top = |g: usize| !groups.sums.iter().any(|(_, parts)| parts.contains(&g));
        let more = candidates.into_iter().min_by_key(|&g| {
            let mut trial = shown.to_vec();
            trial[g] = false;
            (top(g), determined(groups, empty, &trial).len(), among[g].len(), groups.keys[g].clone())
        });
        match more {
            Some(g) => shown[g] = false,
            None => return,
        }
    }
}

/// The withheld counts that the shown ones determine through the sums: the sums, over the unknown counts only,
/// brought to reduced row echelon form; a row with a single non-zero entry fixes that count.
fn determined(groups: &Groups, empty: &[bool], shown: &[bool]) -> Vec<usize> {
    let unknown: Vec<usize> = (0..shown.len()).filter(|&g| !shown[g] && !empty[g]).collect();
    let column = |g: usize| unknown.binary_search(&g).ok();
    let mut rows: Vec<Vec<f64>> = groups
        .sums
        .iter()
        .map(|(whole, parts)| {
            let mut row = vec![0.0; unknown.len()];
            if let Some(c) = column(*whole) {
                row[c] += 1.0;
            }
            for &part in parts {
                if let Some(c) = column(part) {
                    row[c] -= 1.0;
                }
            }
            row
        })
        .filter(|row| row.iter().any(|v| *v != 0.0))
        .collect();
    // Gauss-Jordan elimination; the entries stay small integers and halves, so a tolerance is enough.
    let tiny = 1e-9;
    let mut pivot_row = 0;
    for c in 0..unknown.len() {
        let Some(found) = (pivot_row..rows.len()).find(|&r| rows[r][c].abs() > tiny) else { continue };
        rows.swap(pivot_row, found);
        let pivot = rows[pivot_row][c];
        for v in rows[pivot_row].iter_mut() {
            *v /= pivot;
        }
        for r in 0..rows.len() {
            if r != pivot_row && rows[r][c].abs() > tiny {
                let factor = rows[r][c];
                let (source, target) = if r < pivot_row {
                    let (low, high) = rows.split_at_mut(pivot_row);
                    (&high[0], &mut low[r])
                } else {
                    let (low, high) = rows.split_at_mut(r);
                    (&low[pivot_row], &mut high[0])
                };
                for (t, s) in target.iter_mut().zip(source) {
                    *t -= factor * s;
                }
            }
        }
        pivot_row += 1;
    }
    rows.iter()
        .filter_map(|row| {
            let mut non_zero = row.iter().enumerate().filter(|(_, v)| v.abs() > tiny);
            match (non_zero.next(), non_zero.next()) {
                (Some((c, _)), None) => Some(unknown[c]),
                _ => None,
            }
        })
        .collect()
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
        assert!(determined(&groups, &empty, &shown).is_empty(), "a withheld count follows from the shown: {shown:?}");
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

    #[test]
    fn a_count_in_two_sums_is_not_a_city_less_a_tier() {
        // City A (1) holds schools 3, 4 (双一流) and 5; city B (2) holds 6 and 7; the 双一流 tier (8) is exactly
        // {3, 4}, the other tier (9) is {5, 6, 7}. Every school withheld, the cities and tiers shown: no sum has
        // one unknown, yet school 5 is city A less the 双一流 tier.
        let sizes = [100, 50, 50, 10, 10, 30, 25, 25, 20, 80];
        let members: Vec<Vec<usize>> = sizes.iter().map(|&n| (0..n).collect()).collect();
        let keys: Vec<String> = (0..10).map(|g| format!("g{g}")).collect();
        let sums = vec![
            (0, vec![1, 2]),
            (0, vec![8, 9]),
            (1, vec![3, 4, 5]),
            (2, vec![6, 7]),
            (8, vec![3, 4]),
            (9, vec![5, 6, 7]),
        ];
        let groups = Groups { members: &members, keys: &keys, sums: &sums, min: 5 };
        let among: Vec<BTreeSet<usize>> = members.iter().map(|m| m.iter().copied().collect()).collect();
        let empty = vec![false; 10];
        let mut shown: Vec<bool> = (0..10).map(|g| !(3..=7).contains(&g)).collect();
        assert_eq!(determined(&groups, &empty, &shown), [5], "school 5 = city A - the 双一流 tier");
        withhold_together(&groups, &among, &empty, &mut shown);
        assert!(determined(&groups, &empty, &shown).is_empty(), "{shown:?}");
        assert!((3..=7).all(|g| !shown[g]), "the schools stay withheld");
    }
}
