//! `CampaignMarks`: which campaigns favour a posting, for every posting of a catalog. Every campaign's
//! keywords are found in one pass over the title and the description (an Aho–Corasick automaton), where
//! one search per keyword and campaign took a tenth of a catalog's load; the industry's lineage is worked
//! out once, not once per campaign. The same marks as [`Campaign::favours`] gives (a test holds them equal).

use aho_corasick::{AhoCorasick, AhoCorasickKind};

use super::campaign::Campaign;
use crate::model::IndustryCode;
use crate::taxonomy::Taxonomy;

/// Campaigns a posting can be marked with (one bit each in `Entry::campaigns`).
const MARKED: usize = 8;

/// The campaigns of a configuration, ready to mark postings.
pub(crate) struct CampaignMarks<'c> {
    campaigns: &'c [Campaign],
    /// Every keyword of every campaign; `None` when the automaton could not be built (then each keyword is
    /// searched on its own).
    words: Option<AhoCorasick>,
    /// The campaign bit of each keyword, by pattern id.
    bit_of: Vec<u8>,
}

impl<'c> CampaignMarks<'c> {
    pub(crate) fn new(campaigns: &'c [Campaign]) -> CampaignMarks<'c> {
        let campaigns = &campaigns[..campaigns.len().min(MARKED)];
        let (mut patterns, mut bit_of) = (Vec::new(), Vec::new());
        for (i, campaign) in campaigns.iter().enumerate() {
            for keyword in &campaign.keywords {
                patterns.push(keyword.as_str());
                bit_of.push(1u8 << i);
            }
        }
        // A DFA: a few dozen keywords make a small one, and an overlapping search through it is the fastest.
        let dfa = AhoCorasick::builder().kind(Some(AhoCorasickKind::DFA)).build(&patterns);
        let words = if patterns.is_empty() { None } else { dfa.ok() };
        CampaignMarks { campaigns, words, bit_of }
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
        let marks = CampaignMarks::new(&campaigns);
        let index = crate::test_support::sample_index();
        let mut postings: Vec<Posting> =
            index.snapshot().map_postings(|p| p).unwrap().into_iter().map(|(_, p)| p).collect();
        let template = postings[0].clone();
        for (title, description) in [
            ("电商直播带货主播", ""),
            ("农业电商运营", "负责助农直播"),
            ("行政助理", "参与芯片研发项目"),
            ("商直营店店员", ""),
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
            marked += usize::from(expected != 0);
        }
        assert!(marked > 50, "the sample has postings some campaign favours: {marked}");
        let none = CampaignMarks::new(&[]);
        let first = &postings[0];
        assert_eq!(none.of(taxonomy, first.industry.as_ref(), &first.title, &first.description), 0);
    }
}
