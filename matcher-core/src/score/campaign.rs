//! Themed campaigns (专场活动) of the plan: industries and keywords that a campaign favours, the days of the
//! year it runs, and the boost its postings get while it runs.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::model::Posting;
use crate::taxonomy::Taxonomy;

/// A campaign as written in the configuration file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCampaign {
    name: String,
    code: String,
    start: String,
    end: String,
    #[serde(default)]
    industries: Vec<String>,
    #[serde(default)]
    keywords: Vec<String>,
    boost: f32,
}

/// A validated campaign.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Campaign {
    /// Chinese name (新消费产业).
    pub name: String,
    /// Code name (new_consumption).
    pub code: String,
    /// First day of the year it runs, (month, day).
    pub start: (u32, u32),
    /// Last day of the year it runs, (month, day); before `start` means it runs over the new year.
    pub end: (u32, u32),
    /// GB/T 4754 codes (门类 letters or digit prefixes) it favours.
    pub industries: Vec<String>,
    /// Words in a title or description that it favours.
    pub keywords: Vec<String>,
    /// Added to the score of a posting it favours.
    pub boost: f32,
}

impl Campaign {
    pub(crate) fn validate(taxonomy: &Taxonomy, raw: RawCampaign) -> Result<Campaign, String> {
        if raw.name.trim().is_empty() || raw.code.trim().is_empty() {
            return Err("name and code must not be empty".into());
        }
        let start = month_day(&raw.start).ok_or_else(|| format!("start `{}` is not a day MM-DD", raw.start))?;
        let end = month_day(&raw.end).ok_or_else(|| format!("end `{}` is not a day MM-DD", raw.end))?;
        if !(raw.boost.is_finite() && (0.0..=1.0).contains(&raw.boost)) {
            return Err(format!("boost = {} is outside [0, 1]", raw.boost));
        }
        for code in &raw.industries {
            if taxonomy.industries.get(code).is_none() {
                return Err(format!("industry `{code}` is not a GB/T 4754-2017 code"));
            }
        }
        if raw.industries.is_empty() && raw.keywords.is_empty() {
            return Err("a campaign needs industries or keywords".into());
        }
        if raw.keywords.iter().any(|k| k.trim().is_empty()) {
            return Err("keywords must not be empty".into());
        }
        Ok(Campaign {
            name: raw.name,
            code: raw.code,
            start,
            end,
            industries: raw.industries,
            keywords: raw.keywords,
            boost: raw.boost,
        })
    }

    /// True when the campaign runs on `day`.
    pub fn runs_on(&self, day: NaiveDate) -> bool {
        let today = (day.month(), day.day());
        if self.start <= self.end {
            self.start <= today && today <= self.end
        } else {
            today >= self.start || today <= self.end
        }
    }

    /// True when the campaign favours the posting: its industry falls under one of the campaign's codes, or
    /// a keyword is in its title or description.
    pub fn favours(&self, taxonomy: &Taxonomy, posting: &Posting) -> bool {
        if let Some(industry) = &posting.industry {
            let lineage = taxonomy.industries.lineage(industry);
            if lineage.iter().any(|code| self.industries.iter().any(|c| c == code.as_str())) {
                return true;
            }
        }
        self.keywords.iter().any(|k| posting.title.contains(k.as_str()) || posting.description.contains(k.as_str()))
    }
}

fn month_day(text: &str) -> Option<(u32, u32)> {
    let (month, day) = text.trim().split_once('-')?;
    let (month, day): (u32, u32) = (month.parse().ok()?, day.parse().ok()?);
    // 2024 is a leap year, so 02-29 is accepted.
    NaiveDate::from_ymd_opt(2024, month, day).map(|_| (month, day))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::ScoringConfig;

    fn day(text: &str) -> NaiveDate {
        crate::normalize::parse_date(text).unwrap()
    }

    #[test]
    fn campaigns_run_in_their_months() {
        let config = ScoringConfig::builtin();
        let running = |d: &str| -> Vec<&str> {
            config.campaigns.iter().filter(|c| c.runs_on(day(d))).map(|c| c.name.as_str()).collect()
        };
        assert_eq!(running("2027-02-11"), ["新消费产业"]);
        assert_eq!(running("2027-05-20"), ["科技创新"]);
        assert_eq!(running("2027-07-01"), ["乡村振兴"]);
        assert_eq!(running("2027-09-30"), ["智能制造"]);
        assert!(running("2026-11-01").is_empty());
        let mut winter = config.campaigns[0].clone();
        (winter.start, winter.end) = ((12, 1), (1, 31));
        assert!(winter.runs_on(day("2026-12-24")) && winter.runs_on(day("2027-01-05")));
        assert!(!winter.runs_on(day("2027-02-01")));
    }
}
