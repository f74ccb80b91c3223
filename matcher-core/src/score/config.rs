//! `ScoringConfig`: weights, thresholds, allocation limits and campaigns, read from TOML and validated (unknown
//! keys and values out of range are refused with the key named), with a built-in default.

use serde::{Deserialize, Serialize};

use super::campaign::{Campaign, RawCampaign};
use crate::error::Error;
use crate::taxonomy::Taxonomy;

/// The built-in configuration, as a commented TOML file (also what `matcher config` would print).
pub const DEFAULT_CONFIG: &str = include_str!("default_config.toml");

/// Weights of the scored features; the score is their weighted mean plus any campaign boost.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Weights {
    /// Major fit.
    pub major: f32,
    /// Intended-field fit (industries and occupations the student named).
    pub field: f32,
    /// Region fit.
    pub region: f32,
    /// Text relevance of the student's intention and skills.
    pub text: f32,
    /// Freshness of the posting.
    pub freshness: f32,
    /// Pay against the student's expectation.
    pub pay: f32,
}

impl Weights {
    /// The weights' names (their keys in `[weights]`), in feature order.
    pub const NAMES: [&'static str; 6] = ["major", "field", "region", "text", "freshness", "pay"];

    /// The weights in feature order: major, field, region, text, freshness, pay.
    pub fn as_array(&self) -> [f32; 6] {
        [self.major, self.field, self.region, self.text, self.freshness, self.pay]
    }

    /// Weights from an array in feature order (the inverse of `as_array`).
    pub fn from_array(w: [f32; 6]) -> Weights {
        Weights { major: w[0], field: w[1], region: w[2], text: w[3], freshness: w[4], pay: w[5] }
    }
}

/// Thresholds and shapes of the features.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    /// Least score of a suitable posting, in [0, 1].
    pub suitable: f32,
    /// BM25 score at which text relevance reaches one half.
    pub text_saturation: f32,
    /// Text relevance (in [0, 1]) below which shared words alone do not make a posting related.
    pub text_related: f32,
    /// A title match weighs this many description matches.
    pub title_boost: f32,
    /// Days after which freshness halves.
    pub freshness_half_life_days: f32,
    /// Distance (km) over which region fit decays by 1/e inside Hunan.
    pub distance_decay_km: f32,
    /// Newest postings read from each candidate list (a place × cohort × signal); bounds the work per
    /// student at a million postings. Lists shorter than this are read whole.
    pub list_depth: usize,
}

/// Limits of the global allocation pass.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllocationConfig {
    /// Suitable postings every student should get (the programme says at least 2).
    pub min_per_student: usize,
    /// A posting is recommended to at most ceil(headcount × this) students.
    pub exposure_factor: f32,
    /// Headcount assumed when a posting says 若干.
    pub unspecified_headcount: u32,
    /// Best suitable postings per student the allocation chooses from.
    pub candidates_per_student: usize,
}

impl AllocationConfig {
    /// How many students a posting with this headcount may be recommended to: ⌈headcount × factor⌉, at
    /// least 1 (若干 counts as `unspecified_headcount`).
    pub fn cap(&self, headcount: Option<u32>) -> u32 {
        let headcount = headcount.unwrap_or(self.unspecified_headcount);
        (headcount as f32 * self.exposure_factor).ceil().max(1.0) as u32
    }
}

/// Puts `over`'s keys into `base`: tables merge key by key, anything else replaces.
fn overlay(base: &mut toml::Table, over: toml::Table) {
    for (key, value) in over {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(inner)), toml::Value::Table(more)) => overlay(inner, more),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    weights: Weights,
    thresholds: Thresholds,
    allocation: AllocationConfig,
    #[serde(default)]
    campaigns: Vec<RawCampaign>,
}

/// The validated configuration.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoringConfig {
    /// Feature weights.
    pub weights: Weights,
    /// Thresholds.
    pub thresholds: Thresholds,
    /// Allocation limits.
    pub allocation: AllocationConfig,
    /// Themed campaigns (专场活动).
    pub campaigns: Vec<Campaign>,
}

impl ScoringConfig {
    /// The built-in configuration: the four campaigns of the plan and weights chosen on the sample.
    pub fn builtin() -> ScoringConfig {
        // The default file is part of the build and checked by a test; a failure here is a bug.
        ScoringConfig::from_toml(Taxonomy::embedded(), DEFAULT_CONFIG, "built-in default")
            .unwrap_or_else(|e| panic!("the built-in configuration is invalid: {e}"))
    }

    /// Reads and validates a TOML configuration; `file` names it in errors.
    /// A configuration file may give only the keys it changes: they are merged over the built-in ones (tables
    /// key by key; a value or a list, such as `campaigns`, replaces the built-in one whole).
    pub fn from_toml(taxonomy: &Taxonomy, text: &str, file: &str) -> Result<ScoringConfig, Error> {
        let error = |reason: String| Error::Config { file: file.to_string(), reason };
        let given: toml::Table = toml::from_str(text).map_err(|e| error(e.to_string().trim_end().to_string()))?;
        let mut merged: toml::Table = toml::from_str(DEFAULT_CONFIG)
            .map_err(|e| error(format!("the built-in configuration: {}", e.to_string().trim_end())))?;
        overlay(&mut merged, given);
        let raw = RawConfig::deserialize(toml::Value::Table(merged))
            .map_err(|e| error(e.to_string().trim_end().to_string()))?;
        let weights = raw.weights.as_array();
        for (name, weight) in Weights::NAMES.iter().zip(weights) {
            in_range(&format!("weights.{name}"), weight, 0.0, 1.0).map_err(error)?;
        }
        if weights.iter().sum::<f32>() <= 0.0 {
            return Err(error("weights: at least one weight must be above 0".into()));
        }
        let t = &raw.thresholds;
        in_range("thresholds.suitable", t.suitable, 0.0, 1.0).map_err(error)?;
        in_range("thresholds.text_saturation", t.text_saturation, 0.01, 1000.0).map_err(error)?;
        in_range("thresholds.text_related", t.text_related, 0.0, 1.0).map_err(error)?;
        in_range("thresholds.title_boost", t.title_boost, 0.0, 100.0).map_err(error)?;
        in_range("thresholds.freshness_half_life_days", t.freshness_half_life_days, 1.0, 3650.0).map_err(error)?;
        in_range("thresholds.distance_decay_km", t.distance_decay_km, 1.0, 5000.0).map_err(error)?;
        if !(10..=10_000_000).contains(&t.list_depth) {
            return Err(error(format!("thresholds.list_depth = {} is outside 10..=10000000", t.list_depth)));
        }
        let a = &raw.allocation;
        if !(1..=20).contains(&a.min_per_student) {
            return Err(error(format!("allocation.min_per_student = {} is outside 1..=20", a.min_per_student)));
        }
        in_range("allocation.exposure_factor", a.exposure_factor, 0.1, 1000.0).map_err(error)?;
        if !(1..=10_000).contains(&a.unspecified_headcount) {
            return Err(error(format!(
                "allocation.unspecified_headcount = {} is outside 1..=10000",
                a.unspecified_headcount
            )));
        }
        if !(a.min_per_student..=10_000).contains(&a.candidates_per_student) {
            return Err(error(format!(
                "allocation.candidates_per_student = {} must be at least min_per_student ({}) and at most 10000",
                a.candidates_per_student, a.min_per_student
            )));
        }
        let mut campaigns = Vec::with_capacity(raw.campaigns.len());
        for (i, campaign) in raw.campaigns.into_iter().enumerate() {
            let checked = Campaign::validate(taxonomy, campaign).map_err(|e| error(format!("campaigns[{i}]: {e}")))?;
            if campaigns.iter().any(|c: &Campaign| c.name == checked.name) {
                return Err(error(format!("campaigns[{i}]: the name `{}` is used twice", checked.name)));
            }
            campaigns.push(checked);
        }
        if campaigns.len() > 8 {
            return Err(error(format!("{} campaigns: at most 8 are supported", campaigns.len())));
        }
        Ok(ScoringConfig { weights: raw.weights, thresholds: raw.thresholds, allocation: raw.allocation, campaigns })
    }

    /// The campaign with this name (Chinese name or code name).
    pub fn campaign(&self, name: &str) -> Option<(usize, &Campaign)> {
        self.campaigns.iter().enumerate().find(|(_, c)| c.name == name || c.code == name)
    }
}

fn in_range(key: &str, value: f32, low: f32, high: f32) -> Result<(), String> {
    if value.is_finite() && (low..=high).contains(&value) {
        Ok(())
    } else {
        Err(format!("{key} = {value} is outside [{low}, {high}]"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<ScoringConfig, Error> {
        ScoringConfig::from_toml(Taxonomy::embedded(), text, "test.toml")
    }

    #[test]
    fn the_builtin_configuration_is_valid_and_has_the_four_campaigns() {
        let config = ScoringConfig::builtin();
        let names: Vec<&str> = config.campaigns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["新消费产业", "科技创新", "乡村振兴", "智能制造"]);
        assert_eq!(config.allocation.min_per_student, 2);
    }

    #[test]
    fn unknown_keys_and_out_of_range_values_are_refused_with_the_key_named() {
        let typo = DEFAULT_CONFIG.replace("major = ", "majr = ");
        let message = parse(&typo).unwrap_err().to_string();
        assert!(message.starts_with("test.toml: ") && message.contains("majr"), "{message}");
        let negative = DEFAULT_CONFIG.replace("suitable = 0.", "suitable = -0.");
        let message = parse(&negative).unwrap_err().to_string();
        assert!(message.contains("thresholds.suitable = -0."), "{message}");
        let zero = DEFAULT_CONFIG.replace("min_per_student = 2", "min_per_student = 0");
        assert!(parse(&zero).unwrap_err().to_string().contains("allocation.min_per_student = 0"));
        let bad_month = DEFAULT_CONFIG.replace("start = \"02-01\"", "start = \"02-30\"");
        let message = parse(&bad_month).unwrap_err().to_string();
        assert!(message.contains("campaigns[0]") && message.contains("02-30"), "{message}");
        let bad_industry = DEFAULT_CONFIG.replace("industries = [\"F\"", "industries = [\"Z9\"");
        assert!(parse(&bad_industry).unwrap_err().to_string().contains("Z9"));
        assert!(parse("weights = 3").is_err());
    }

    #[test]
    fn a_partial_file_is_merged_over_the_builtin_configuration() {
        let config = parse("[weights]\nmajor = 0.5\n").unwrap();
        let builtin = ScoringConfig::builtin();
        assert_eq!(config.weights.major, 0.5);
        assert_eq!(config.weights.text, builtin.weights.text);
        assert_eq!(config.thresholds, builtin.thresholds);
        assert_eq!(config.campaigns, builtin.campaigns);
        let none = parse("campaigns = []\n[allocation]\nmin_per_student = 3\n").unwrap();
        assert!(none.campaigns.is_empty());
        assert_eq!(none.allocation.min_per_student, 3);
        assert_eq!(parse("").unwrap(), builtin);
        let message = parse("[weights]\nmajr = 0.5\n").unwrap_err().to_string();
        assert!(message.contains("majr"), "{message}");
    }
}
