//! `CampaignMarks`: which campaigns favour a posting, for every posting of a catalog. Every campaign's
//! keywords are found in one pass over the title and the description, where one search per keyword and
//! campaign took a tenth of a catalog's load; the industry's lineage is worked out once, not once per
//! campaign. The same marks as [`Campaign::favours`] gives (a test holds them equal).
//!
//! The pass: a SIMD multi-pattern searcher (aho-corasick's packed Teddy) finds each place where some keyword
//! begins, skipping the text between them many bytes at a time, and every keyword is compared there (the
//! searcher reports one keyword per place; another campaign's may begin at the same byte). Where no such
//! searcher can be built (too many keywords, no SIMD), an Aho–Corasick DFA walks every byte, reporting
//! overlapping matches. The DFA walk was 5% of the CPU of a `matcher recommend` at 100,000 postings.

use aho_corasick::packed::{self, Searcher};
use aho_corasick::{AhoCorasick, AhoCorasickKind, Span};

use super::campaign::Campaign;
use crate::model::IndustryCode;
use crate::taxonomy::Taxonomy;

/// Campaigns a posting can be marked with (one bit each in `Entry::campaigns`).
const MARKED: usize = 8;

/// The campaigns of a configuration, ready to mark postings.
pub(crate) struct CampaignMarks<'c> {
    campaigns: &'c [Campaign],
    /// Finds where keywords begin; `None` when it cannot be built (then `words` is walked).
    starts: Option<Searcher>,
    /// Every keyword of every campaign, when `starts` is `None`; `None` too when the automaton could not be
    /// built (then each keyword is searched on its own).
    words: Option<AhoCorasick>,
    /// Every keyword, by pattern id.
    keywords: Vec<&'c [u8]>,
    /// The campaign bit of each keyword, by pattern id.
    bit_of: Vec<u8>,
    /// Every campaign's bit: a text that has them all needs no further search.
    all: u8,
}

impl<'c> CampaignMarks<'c> {
    pub(crate) fn new(campaigns: &'c [Campaign]) -> CampaignMarks<'c> {
        CampaignMarks::built(campaigns, true)
    }

    /// The bits rows may carry under `campaigns`: one for each campaign marked (the first [`MARKED`]).
    pub(crate) fn bits(campaigns: &[Campaign]) -> u8 {
        ((1u16 << campaigns.len().min(MARKED)) - 1) as u8
    }

    /// Marks that walk the DFA over every byte (no SIMD searcher).
    #[cfg(test)]
    fn walking(campaigns: &'c [Campaign]) -> CampaignMarks<'c> {
        CampaignMarks::built(campaigns, false)
    }

    /// The marks, by the SIMD searcher when `simd` and it builds, else by the DFA (built only then).
    fn built(campaigns: &'c [Campaign], simd: bool) -> CampaignMarks<'c> {
        let campaigns = &campaigns[..campaigns.len().min(MARKED)];
        let (mut keywords, mut bit_of) = (Vec::new(), Vec::new());
        for (i, campaign) in campaigns.iter().enumerate() {
            for keyword in &campaign.keywords {
                keywords.push(keyword.as_bytes());
                bit_of.push(1u8 << i);
            }
        }
        // Keywords are never empty (the configuration refuses them); an empty one would begin everywhere.
        let starts = (simd && !keywords.is_empty() && keywords.iter().all(|k| !k.is_empty()))
            .then(|| {
                let mut config = packed::Config::new();
                config.match_kind(packed::MatchKind::LeftmostFirst);
                config.builder().extend(&keywords).build()
            })
            .flatten();
        // A DFA: a few dozen keywords make a small one, and an overlapping search through it is the fastest
        // of the automata.
        let words = match starts {
            None if !keywords.is_empty() => {
                AhoCorasick::builder().kind(Some(AhoCorasickKind::DFA)).build(&keywords).ok()
            }
            _ => None,
        };
        let all = bit_of.iter().fold(0u8, |all, bit| all | bit);
        CampaignMarks { campaigns, starts, words, keywords, bit_of, all }
    }

    /// The bits of the campaigns whose keywords `text` holds, added to `bits`.
    fn said(&self, starts: &Searcher, text: &str, mut bits: u8) -> u8 {
        let text = text.as_bytes();
        let mut at = 0;
        while at < text.len() && bits & self.all != self.all {
            let Some(found) = starts.find_in(text, Span::from(at..text.len())) else {
                break;
            };
            let here = &text[found.start()..];
            for (keyword, bit) in self.keywords.iter().zip(&self.bit_of) {
                if here.starts_with(keyword) {
                    bits |= bit;
                }
            }
            // The next place a keyword begins: one inside this one may belong to another campaign.
            at = found.start() + 1;
        }
        bits
    }

    /// Bit i set: campaign i favours the posting.
    pub(crate) fn of(
        &self,
        taxonomy: &Taxonomy,
        industry: Option<&IndustryCode>,
        title: &str,
        description: &str,
    ) -> u8 {
        let lineage = industry.map(|industry| taxonomy.industries.lineage(industry));
        let mut bits = 0u8;
        for (i, campaign) in self.campaigns.iter().enumerate() {
            let by_industry = lineage.as_ref().is_some_and(|lineage| {
                lineage.iter().any(|code| campaign.industries.iter().any(|c| c == code.as_str()))
            });
            if by_industry {
                bits |= 1 << i;
            }
        }
        if let Some(starts) = &self.starts {
            return self.said(starts, description, self.said(starts, title, bits));
        }
        match &self.words {
            Some(words) => {
                for text in [title, description] {
                    // Overlapping matches: a keyword inside another campaign's longer keyword still counts.
                    for found in words.find_overlapping_iter(text) {
                        bits |= self.bit_of[found.pattern().as_usize()];
                    }
                }
            }
            None => {
                for (i, campaign) in self.campaigns.iter().enumerate() {
                    let said = |k: &String| title.contains(k.as_str()) || description.contains(k.as_str());
                    if campaign.keywords.iter().any(said) {
                        bits |= 1 << i;
                    }
                }
            }
        }
        bits
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Posting;
    use crate::score::ScoringConfig;

    /// The marks of every sample posting, and of postings written to catch a one-pass search out (a keyword
    /// inside another's, keywords of two campaigns side by side, one only in the description), are what each
    /// campaign's own test says.
    #[test]
    fn marks_are_what_each_campaign_says() {
        let taxonomy = Taxonomy::embedded();
        let mut campaigns = ScoringConfig::builtin().campaigns;
        let mut nested = campaigns[0].clone();
        (nested.name, nested.code, nested.industries) = ("电商直播".into(), "nested".into(), Vec::new());
        nested.keywords = vec!["电商直播带货".into(), "商直".into()];
        campaigns.push(nested);
        // Keywords of another campaign that begin where a longer one does (工业 in 工业互联网), or inside it.
        let mut prefix = campaigns[0].clone();
        (prefix.name, prefix.code, prefix.industries) = ("工业".into(), "prefix".into(), Vec::new());
        prefix.keywords = vec!["工业".into(), "联网工作".into(), "PL".into()];
        campaigns.push(prefix);
        let marks = CampaignMarks::new(&campaigns);
        let walking = CampaignMarks::walking(&campaigns);
        // The SIMD searcher is what runs on this project's machines; the DFA is the fallback elsewhere.
        assert!(marks.starts.is_some() || !cfg!(target_arch = "x86_64"));
        let index = crate::test_support::sample_index();
        let mut postings: Vec<Posting> =
            index.snapshot().map_postings(|p| p).unwrap().into_iter().map(|(_, p)| p).collect();
        let template = postings[0].clone();
        for (title, description) in [
            ("电商直播带货主播", ""),
            ("农业电商运营", "负责助农直播"),
            ("行政助理", "参与芯片研发项目"),
            ("商直营店店员", ""),
            ("工业互联网工程师", ""),
            ("运维", "工业互联网工作，熟悉PLC"),
            ("直播直播直播直播直播直播直播直播直播直播直播直播直播直播直播直播直播直播直播直播直播直播工业", ""),
            ("P", "L"),
            ("", ""),
        ] {
            let mut posting = template.clone();
            (posting.title, posting.description, posting.industry) = (title.into(), description.into(), None);
            postings.push(posting);
        }
        let mut marked = 0;
        for posting in &postings {
            let expected = campaigns
                .iter()
                .enumerate()
                .filter(|(_, c)| c.favours(taxonomy, posting))
                .fold(0u8, |bits, (i, _)| bits | (1 << i));
            let got = marks.of(taxonomy, posting.industry.as_ref(), &posting.title, &posting.description);
            assert_eq!(got, expected, "{} / {}", posting.title, posting.description);
            let walked = walking.of(taxonomy, posting.industry.as_ref(), &posting.title, &posting.description);
            assert_eq!(walked, expected, "walking: {} / {}", posting.title, posting.description);
            marked += usize::from(expected != 0);
        }
        assert!(marked > 50, "the sample has postings some campaign favours: {marked}");
        let none = CampaignMarks::new(&[]);
        let first = &postings[0];
        assert_eq!(none.of(taxonomy, first.industry.as_ref(), &first.title, &first.description), 0);
    }

    fn with_prefix_campaign() -> Vec<Campaign> {
        let mut campaigns = ScoringConfig::builtin().campaigns;
        let mut prefix = campaigns[0].clone();
        (prefix.name, prefix.code, prefix.industries) = ("工业".into(), "prefix".into(), Vec::new());
        prefix.keywords = vec!["工业".into(), "联网工作".into(), "PL".into(), "播电".into()];
        campaigns.push(prefix);
        campaigns
    }

    proptest::proptest! {
        /// On any text made of the keywords' own characters (keywords repeated, overlapping, cut, side by
        /// side), the marks are those of searching each keyword on its own, by both passes.
        #[test]
        fn marks_are_each_keywords_own_search(
            title in "[工业互联网作PLC直播电商带货研发x，]{0,40}",
            description in "[工业互联网作PLC直播电商带货研发x，]{0,80}",
        ) {
            let taxonomy = Taxonomy::embedded();
            let campaigns = with_prefix_campaign();
            let expected = campaigns
                .iter()
                .enumerate()
                .filter(|(_, c)| c.keywords.iter().any(|k| title.contains(k.as_str()) || description.contains(k.as_str())))
                .fold(0u8, |bits, (i, _)| bits | (1 << i));
            let marks = CampaignMarks::new(&campaigns);
            proptest::prop_assert_eq!(marks.of(taxonomy, None, &title, &description), expected);
            let walking = CampaignMarks::walking(&campaigns);
            proptest::prop_assert_eq!(walking.of(taxonomy, None, &title, &description), expected);
        }
    }
}
