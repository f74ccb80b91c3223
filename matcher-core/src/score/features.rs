//! The feature vector of a (student, posting) pair, each feature in [0, 1], with what each value rests on
//! (which requirement matched, which intention, which place) so that it can be explained.

use super::catalog::Catalog;
use super::codes::{ShortCode, NONE};
use super::config::ScoringConfig;
use super::entry::{Entry, ReqLevel, Signal};
use super::profile::{Place, Profile};
use crate::model::PostingKind;

/// How the student's major meets the posting.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum MajorMatch {
    /// The posting names the student's major.
    Exact,
    /// The posting names the student's 专业类.
    InClass,
    /// The posting names another major of the student's 专业类.
    SameClass,
    /// The posting names the student's 门类 as a whole.
    InCategory,
    /// Related by learned affinity; `open` when the posting takes any major.
    Related {
        share: f32,
        open: bool,
    },
    None,
}

impl MajorMatch {
    /// Levels of a direct match, as candidate lists record them (0: none).
    pub(crate) const EXACT: u8 = 4;
    pub(crate) const IN_CLASS: u8 = 3;
    pub(crate) const SAME_CLASS: u8 = 2;
    pub(crate) const IN_CATEGORY: u8 = 1;

    /// The major fit of a direct match at `level` (0 for none).
    pub(crate) fn fit_of_level(level: u8) -> f32 {
        MajorMatch::from_level(level).0
    }

    fn from_level(level: u8) -> (f32, MajorMatch) {
        match level {
            MajorMatch::EXACT => (1.0, MajorMatch::Exact),
            MajorMatch::IN_CLASS => (0.9, MajorMatch::InClass),
            MajorMatch::SAME_CLASS => (0.7, MajorMatch::SameClass),
            MajorMatch::IN_CATEGORY => (0.5, MajorMatch::InCategory),
            _ => (0.0, MajorMatch::None),
        }
    }
}

/// How the posting meets an intention the student stated.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum FieldMatch {
    /// The posting's industry is (under) an intended industry; the index of that intention.
    Industry(usize, bool),
    /// The posting's occupation is (under) an intended occupation; the flag says exact (else near).
    Occupation(usize, bool),
    /// A 西部计划 post for a student who asked for one.
    Volunteer,
    None,
}

/// Features of one pair, with their grounds.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Features {
    pub values: [f32; 6],
    pub campaign: f32,
    pub campaign_index: Option<u8>,
    pub major: MajorMatch,
    pub field: FieldMatch,
    pub place: Place,
    pub age_days: i32,
    /// The text relevance is strong enough to relate the posting by itself.
    pub text_related: bool,
}

impl Features {
    /// True when the posting relates to the student at all (major, intention or words); a posting that does
    /// not is never suitable, however near or well paid.
    pub(crate) fn relevant(&self) -> bool {
        self.values[0] > 0.0 || self.values[1] > 0.0 || self.text_related
    }
}

/// Major fit of a posting related by affinity, per unit of share: open to any major, or asking for others.
pub(crate) const RELATED_OPEN: f32 = 0.6;
const RELATED_CLOSED: f32 = 0.3;

/// Text relevance in [0, 1] of a BM25 score: one half at `saturation` (1 only where f32 rounds a score ten
/// million times the saturation up to it).
#[inline]
pub(crate) fn text_relevance(bm25: f32, saturation: f32) -> f32 {
    // Without a branch (a bound takes it for every candidate, many of them text hits): no score is 0 / s.
    let bm25 = bm25.max(0.0);
    bm25 / (bm25 + saturation)
}

/// The features of a pair. `major_level` is the direct major match when the caller knows it from the candidate
/// lists (`MajorMatch::EXACT` …, 0 for none); `None` reads the posting's requirements instead.
pub(crate) fn compute(
    catalog: &Catalog,
    config: &ScoringConfig,
    profile: &Profile,
    entry: &Entry,
    bm25: f32,
    major_level: Option<u8>,
) -> Features {
    let level = major_level.unwrap_or_else(|| direct_major_level(catalog, profile, entry));
    let (major_fit, major) = major_fit(profile, entry, level);
    let (field_fit, field) = field_fit(profile, entry);
    let slot = profile.slots[usize::from(entry.slot)];
    let text = text_relevance(bm25, config.thresholds.text_saturation);
    let age_days = (profile.day - entry.posted).max(0);
    let freshness = freshness(age_days, config.thresholds.freshness_half_life_days);
    let pay = pay_fit(profile.expected_pay, offered_pay(entry));
    let running = entry.campaigns & profile.campaigns;
    let campaign_index = (running != 0).then(|| running.trailing_zeros() as u8);
    let campaign = campaign_index.and_then(|i| config.campaigns.get(usize::from(i))).map_or(0.0, |c| c.boost);
    // A student who turned 西部计划 down in words is offered no volunteer post, however their words match it.
    let refused = entry.kind == PostingKind::Volunteer && profile.volunteer.excludes(entry.track);
    Features {
        values: if refused { [0.0; 6] } else { [major_fit, field_fit, slot.fit, text, freshness, pay] },
        campaign,
        campaign_index,
        major,
        field,
        place: slot.place,
        age_days,
        text_related: !refused && text >= config.thresholds.text_related && text > 0.0,
    }
}

/// The best direct match between the student's major and the posting's requirements (0: none). Another class
/// of the same 门类 is no match: 门类 are too broad (工学 holds 机械类 and 计算机类).
pub(crate) fn direct_major_level(catalog: &Catalog, profile: &Profile, entry: &Entry) -> u8 {
    let mut best = 0;
    for r in catalog.requirements_of(entry) {
        let level = match r.level {
            ReqLevel::Major if r.code == profile.major && r.code != NONE => MajorMatch::EXACT,
            ReqLevel::Class if r.code == profile.class && r.code != NONE => MajorMatch::IN_CLASS,
            ReqLevel::Major if r.class == profile.class && r.class != NONE => MajorMatch::SAME_CLASS,
            ReqLevel::Category if r.code == profile.category && r.code != NONE => MajorMatch::IN_CATEGORY,
            _ => 0,
        };
        best = best.max(level);
    }
    best
}

fn major_fit(profile: &Profile, entry: &Entry, level: u8) -> (f32, MajorMatch) {
    if level > 0 {
        return MajorMatch::from_level(level);
    }
    let share = profile
        .related
        .iter()
        .filter(|(group, _)| *group == Signal::Occupation(entry.occupation_group))
        .map(|(_, share)| *share)
        .fold(0.0f32, f32::max);
    if share <= 0.0 || entry.occupation_group == NONE {
        return (0.0, MajorMatch::None);
    }
    let open = entry.open;
    let scale = if open { RELATED_OPEN } else { RELATED_CLOSED };
    (scale * share.min(1.0), MajorMatch::Related { share, open })
}

fn field_fit(profile: &Profile, entry: &Entry) -> (f32, FieldMatch) {
    let mut best = (0.0f32, FieldMatch::None);
    for (i, wanted) in profile.industries.iter().enumerate() {
        let fit = industry_fit(wanted, entry);
        if fit > best.0 {
            best = (fit, FieldMatch::Industry(i, fit >= 0.9));
        }
    }
    for (i, wanted) in profile.occupations.iter().enumerate() {
        let fit = occupation_fit(wanted, &entry.occupation);
        if fit > best.0 {
            best = (fit, FieldMatch::Occupation(i, fit >= 1.0));
        }
    }
    if entry.kind == PostingKind::Volunteer {
        let fit = profile.volunteer.fit(entry.track);
        if fit > best.0 {
            best = (fit, FieldMatch::Volunteer);
        }
    }
    best
}

/// An intended industry (门类 letter or 2–4 digits) against the posting's.
fn industry_fit(wanted: &ShortCode, entry: &Entry) -> f32 {
    if entry.industry.is_empty() || wanted.is_empty() {
        return 0.0;
    }
    let first = wanted.as_str().as_bytes()[0];
    if first.is_ascii_alphabetic() {
        return if first.to_ascii_uppercase() == entry.industry_section { 0.7 } else { 0.0 };
    }
    if wanted.covers(&entry.industry) {
        return if wanted.len() >= 3 { 1.0 } else { 0.9 };
    }
    match wanted.shared(&entry.industry) {
        3.. => 0.7,
        2 => 0.5,
        _ => 0.0,
    }
}

/// An intended occupation (any level) against the posting's: the same 细类 or under the named group is a full
/// match; the same 小类 0.8; the same 中类 only 0.4 (2-08 holds every kind of teacher, 2-02 every engineer).
fn occupation_fit(wanted: &ShortCode, posting: &ShortCode) -> f32 {
    if posting.is_empty() || wanted.is_empty() {
        return 0.0;
    }
    if wanted.covers(posting) {
        return 1.0;
    }
    match wanted.shared(posting) {
        7.. => 0.8,
        4..=6 => 0.4,
        _ => 0.0,
    }
}

/// Freshness of a posting `age_days` old: one half every `half_life` days.
#[inline]
pub(crate) fn freshness(age_days: i32, half_life: f32) -> f32 {
    (-(age_days as f32) * std::f32::consts::LN_2 / half_life).exp()
}

/// The most a posting pays, as its pay fit reads it (0: unknown).
pub(crate) fn offered_pay(entry: &Entry) -> u32 {
    entry.pay_max.max(entry.pay_min)
}

/// Pay `offered` against the least the student expects: unknown on either side is neutral (0.5); meeting it
/// is 1; below it falls with the square of the ratio.
#[inline]
pub(crate) fn pay_fit(expected: u32, offered: u32) -> f32 {
    // Without a branch on the pay (a bound takes it for every candidate): a ratio of at least 1 is 1, and the
    // conversions keep the order of the two numbers, so meeting the expectation is exactly 1.
    let ratio = (offered as f32 / expected.max(1) as f32).min(1.0);
    // 0.5 when either is unknown, chosen by mask: a compiler branches on `if`, and postings without pay are
    // many and mixed with the rest.
    let known = u32::from(expected != 0 && offered != 0).wrapping_neg();
    f32::from_bits(((ratio * ratio).to_bits() & known) | (0.5f32.to_bits() & !known))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pay: unknown on either side is 0.5, meeting the expectation 1 (however far above, however large the
    /// numbers), below it the square of the ratio.
    #[test]
    fn pay_fit_reads_as_its_rule() {
        assert_eq!(pay_fit(0, 5_000), 0.5);
        assert_eq!(pay_fit(5_000, 0), 0.5);
        assert_eq!(pay_fit(0, 0), 0.5);
        for (expected, offered) in
            [(5_000, 5_000), (5_000, 9_000), (1, u32::MAX), (u32::MAX, u32::MAX), (16_777_217, 16_777_217)]
        {
            assert_eq!(pay_fit(expected, offered), 1.0, "{expected} {offered}");
        }
        assert_eq!(pay_fit(4_000, 2_000), 0.25);
        assert_eq!(pay_fit(5_000, 4_000), (4_000.0f32 / 5_000.0).powi(2));
        assert!(pay_fit(u32::MAX, 1) > 0.0 && pay_fit(u32::MAX, 1) < 1e-12);
    }

    /// Text relevance: none without a positive score, one half at the saturation, never above 1.
    #[test]
    fn text_relevance_reads_as_its_rule() {
        for none in [0.0, -3.0, f32::NAN, f32::NEG_INFINITY] {
            assert_eq!(text_relevance(none, 12.0).to_bits(), 0.0f32.to_bits(), "{none}");
        }
        assert_eq!(text_relevance(12.0, 12.0), 0.5);
        assert_eq!(text_relevance(36.0, 12.0), 0.75);
        assert!(text_relevance(1e30, 0.01) <= 1.0);
    }
}
