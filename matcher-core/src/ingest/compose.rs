//! A merged posting composed from its sources: the fields of the record whose id it carries, each gap filled
//! by the first other source that has it. Each source's contribution is kept, so that reading any record of it
//! again (the same export twice, or a crash and a re-run) recomposes the same posting instead of overwriting
//! it with whichever record was read last.

use crate::model::{Contribution, Posting};

/// What `posting` says itself of the fields a merge may fill, as source `source`.
pub(crate) fn contribution_of(posting: &Posting, source: String) -> Contribution {
    Contribution {
        source,
        industry: posting.industry.clone(),
        occupation: posting.occupation.clone(),
        occupation_inferred: posting.occupation_inferred,
        pay: posting.pay,
        headcount: posting.headcount,
        expires: posting.expires,
        majors: posting.majors.clone(),
    }
}

/// Sets (or replaces) the contribution of `part.source` in `target`, keeping the order sources came in; a
/// posting that had none yet first gets its own, from what it says now.
pub(crate) fn contribute(target: &mut Posting, part: Contribution) {
    if target.contributions.is_empty() {
        let own = contribution_of(target, target.id.as_str().to_string());
        target.contributions.push(own);
    }
    match target.contributions.iter_mut().find(|c| c.source == part.source) {
        Some(slot) => *slot = part,
        None => target.contributions.push(part),
    }
    recompose(target);
}

/// The fillable fields from the contributions: the posting's own source first, then the others in order, each
/// filling only what is still missing.
pub(crate) fn recompose(target: &mut Posting) {
    let Some(own) = target.contributions.iter().position(|c| c.source == target.id.as_str()) else { return };
    let first = target.contributions[own].clone();
    target.industry = first.industry;
    target.occupation = first.occupation;
    target.occupation_inferred = first.occupation_inferred;
    target.pay = first.pay;
    target.headcount = first.headcount;
    target.expires = first.expires;
    target.majors = first.majors;
    for (at, other) in target.contributions.clone().iter().enumerate() {
        if at == own {
            continue;
        }
        if target.industry.is_none() {
            target.industry.clone_from(&other.industry);
        }
        if target.occupation.is_none()
            || (target.occupation_inferred && !other.occupation_inferred && other.occupation.is_some())
        {
            target.occupation.clone_from(&other.occupation);
            target.occupation_inferred = other.occupation_inferred;
        }
        if target.pay.is_unknown() {
            target.pay = other.pay;
        }
        if target.headcount.is_none() {
            target.headcount = other.headcount;
        }
        if target.expires.is_none() {
            target.expires = other.expires;
        }
        if target.majors.is_empty() {
            target.majors.clone_from(&other.majors);
        }
    }
}
