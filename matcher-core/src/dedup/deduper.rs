//! Cross-source de-duplication: the same opening published on several platforms becomes one posting.
//! Candidates share a block (normalised employer + prefecture); inside a block two postings are the same
//! opening when they are of the same kind, in compatible places, and either their normalised titles are
//! equal or their titles are alike and their descriptions near-duplicates. The same employer with another
//! role or in another city stays apart.

use foldhash::{HashMap, HashSet};

use super::minhash::{similarity, MinHash, MinHashSignature};
use crate::model::{Posting, PostingId, PostingKind, RegionCode};
use crate::normalize::{bigram_similarity, normalize_employer, normalize_title};

/// Titles at least this alike (character bigram Jaccard) may merge on their descriptions.
pub const TITLE_SIMILARITY: f64 = 0.5;
/// Descriptions at least this alike (MinHash estimate of Jaccard) are near-duplicates.
pub const DESCRIPTION_SIMILARITY: f64 = 0.7;

/// What de-duplication remembers of a posting.
#[derive(Debug, Clone)]
pub(crate) struct Fingerprint {
    pub id: PostingId,
    pub block: String,
    kind: PostingKind,
    title: String,
    region: RegionCode,
    signature: MinHashSignature,
}

impl Fingerprint {
    pub(crate) fn of(posting: &Posting, minhash: &MinHash) -> Fingerprint {
        Fingerprint {
            id: posting.id.clone(),
            block: block_key(posting),
            kind: posting.kind,
            title: normalize_title(&posting.title),
            region: posting.region,
            signature: minhash.signature(&posting.description),
        }
    }
}

impl Fingerprint {
    /// The same fingerprint under another posting id (a record updating the posting it created).
    pub(crate) fn with_id(self, id: PostingId) -> Fingerprint {
        Fingerprint { id, ..self }
    }
}

/// The block a posting is compared within: normalised employer and prefecture.
pub(crate) fn block_key(posting: &Posting) -> String {
    format!("{}|{}", normalize_employer(&posting.employer), posting.region.prefecture())
}

/// Why two records were taken for the same opening.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum MatchReason {
    SameTitle,
    NearDuplicate { title: f64, description: f64 },
}

impl std::fmt::Display for MatchReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MatchReason::SameTitle => f.write_str("same employer, title and place"),
            MatchReason::NearDuplicate { title, description } => {
                write!(f, "same employer and place, similar title ({title:.2}) and description ({description:.2})")
            }
        }
    }
}

/// The fingerprints of every posting seen, by block; blocks already in the index are loaded on demand.
#[derive(Debug, Default)]
pub(crate) struct Deduper {
    blocks: HashMap<String, Vec<Fingerprint>>,
    loaded: HashSet<String>,
}

impl Deduper {
    /// True when the block's postings in the index have not been read yet.
    pub(crate) fn needs_load(&self, block: &str) -> bool {
        !self.loaded.contains(block)
    }

    pub(crate) fn mark_loaded(&mut self, block: &str) {
        self.loaded.insert(block.to_string());
    }

    /// Adds or replaces a posting's fingerprint.
    pub(crate) fn remember(&mut self, fingerprint: Fingerprint) {
        let entries = self.blocks.entry(fingerprint.block.clone()).or_default();
        entries.retain(|f| f.id != fingerprint.id);
        entries.push(fingerprint);
    }

    /// Forgets a posting of a block (its record was re-published, perhaps under another block).
    pub(crate) fn forget(&mut self, block: &str, id: &PostingId) {
        if let Some(entries) = self.blocks.get_mut(block) {
            entries.retain(|f| &f.id != id);
        }
    }

    /// The posting this one duplicates, if any; the best match by description wins, ties by id.
    pub(crate) fn find(&self, candidate: &Fingerprint) -> Option<(PostingId, MatchReason)> {
        let entries = self.blocks.get(&candidate.block)?;
        let mut best: Option<(f64, &Fingerprint, MatchReason)> = None;
        for other in entries {
            if other.id == candidate.id
                || other.kind != candidate.kind
                || !places_compatible(other.region, candidate.region)
            {
                continue;
            }
            let description = similarity(&other.signature, &candidate.signature);
            let reason = if other.title == candidate.title {
                MatchReason::SameTitle
            } else {
                let title = bigram_similarity(&other.title, &candidate.title);
                if title < TITLE_SIMILARITY || description < DESCRIPTION_SIMILARITY {
                    continue;
                }
                MatchReason::NearDuplicate { title, description }
            };
            let better =
                best.as_ref().is_none_or(|(d, f, _)| description > *d || (description == *d && other.id < f.id));
            if better {
                best = Some((description, other, reason));
            }
        }
        best.map(|(_, f, reason)| (f.id.clone(), reason))
    }
}

/// The same county, or one place holding the other (a prefecture-level posting and a county in it).
fn places_compatible(a: RegionCode, b: RegionCode) -> bool {
    a == b || (a.is_prefecture() && b.prefecture() == a) || (b.is_prefecture() && a.prefecture() == b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EducationLevel, MonthlyPay, Source, SourceRef};
    use chrono::NaiveDate;

    fn posting(id: &str, employer: &str, title: &str, region: &str, description: &str) -> Posting {
        Posting {
            id: id.parse().unwrap(),
            sources: vec![SourceRef { source: Source::Other, source_id: id.to_string() }],
            kind: PostingKind::Job,
            title: title.into(),
            employer: employer.into(),
            description: description.into(),
            region: region.parse().unwrap(),
            industry: None,
            occupation: None,
            occupation_inferred: false,
            min_education: EducationLevel::Any,
            majors: vec![],
            preferred_majors: vec![],
            cohorts: vec![],
            headcount: Some(1),
            pay: MonthlyPay::default(),
            posted: NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
            expires: None,
            track: None,
            url: None,
            contact: None,
            contributions: Vec::new(),
        }
    }

    const DESC: &str =
        "负责客户开发与维护，完成部门下达的销售任务，收集市场信息并及时反馈，要求沟通能力强，有团队精神。";

    #[test]
    fn merges_copies_and_keeps_near_misses_apart() {
        let m = MinHash::default();
        let mut d = Deduper::default();
        d.remember(Fingerprint::of(&posting("a:1", "湖南星辰科技有限公司", "销售代表", "430104", DESC), &m));
        let copy = posting("b:1", "星辰科技（湖南）有限责任公司", "【急招】销售代表", "430100", DESC);
        assert_eq!(d.find(&Fingerprint::of(&copy, &m)).map(|(id, _)| id.to_string()), Some("a:1".into()));
        let reworded = posting(
            "c:1",
            "湖南星辰科技有限公司",
            "销售代表（长沙）",
            "430104",
            &DESC.replace("有团队精神", "有团队合作精神"),
        );
        assert!(d.find(&Fingerprint::of(&reworded, &m)).is_some());
        let other_role = posting(
            "d:1",
            "湖南星辰科技有限公司",
            "Java开发工程师",
            "430104",
            "负责后端服务的设计与开发，熟悉Java与MySQL。",
        );
        assert!(d.find(&Fingerprint::of(&other_role, &m)).is_none());
        let other_city = posting("e:1", "湖南星辰科技有限公司", "销售代表", "430202", DESC);
        assert!(d.find(&Fingerprint::of(&other_city, &m)).is_none());
        let other_county = posting("f:1", "湖南星辰科技有限公司", "销售代表", "430102", DESC);
        assert!(d.find(&Fingerprint::of(&other_county, &m)).is_none());
    }
}
