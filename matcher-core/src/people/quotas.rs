//! The quota plan (指标方案): how many students each school is to pair, as a file of `school,pairs` rows
//! (CSV, or JSON Lines `{"school":…,"pairs":…}`); the school by its 学校标识码 or its name. Bad rows are
//! rejected with line, field and reason; a school listed twice keeps its first row.

use std::collections::BTreeMap;

use super::records::{read_people, values, Fields};
use crate::error::Error;
use crate::ingest::Reject;
use crate::model::SchoolCode;
use crate::taxonomy::Taxonomy;

const REQUIRED: &[&str] = &["school", "pairs"];
/// More students than any school has.
const MAX_PAIRS: usize = 100_000;

/// Students to pair per school.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Quotas {
    by_school: BTreeMap<SchoolCode, usize>,
}

impl Quotas {
    /// Quotas from (school, pairs).
    pub fn new(quotas: impl IntoIterator<Item = (SchoolCode, usize)>) -> Quotas {
        let mut by_school = BTreeMap::new();
        for (school, pairs) in quotas {
            by_school.entry(school).or_insert(pairs);
        }
        Quotas { by_school }
    }

    /// Reads a quota file.
    pub fn read(taxonomy: &Taxonomy, text: &str, file: &str) -> Result<(Quotas, Vec<Reject>), Error> {
        let (rows, rejects) = values(read_people(text, file, "quotas", REQUIRED, &|map, errors| {
            let mut f = Fields { map, errors };
            let school = f.required("school", |t| Quotas::school(taxonomy, t));
            let pairs = f.required("pairs", |t| match t.trim().parse::<usize>() {
                Ok(n) if n <= MAX_PAIRS => Ok(n),
                _ => Err(format!("`{}` is not a number of students from 0 to {MAX_PAIRS}", t.trim())),
            });
            Some((school?, pairs?))
        })?);
        Ok((Quotas::new(rows), rejects))
    }

    /// A school named by its 学校标识码 or its name, as quota plans write it.
    pub fn school(taxonomy: &Taxonomy, text: &str) -> Result<SchoolCode, String> {
        let text = text.trim();
        let by_code = text.parse::<SchoolCode>().ok().and_then(|code| taxonomy.schools.get(&code));
        by_code
            .or_else(|| taxonomy.schools.named(text))
            .map(|s| s.code.clone())
            .ok_or_else(|| format!("`{text}` is neither a Hunan school's code nor its name"))
    }

    /// The school's quota, if it has one.
    pub fn get(&self, school: &SchoolCode) -> Option<usize> {
        self.by_school.get(school).copied()
    }

    /// The schools with a quota.
    pub fn schools(&self) -> impl Iterator<Item = &SchoolCode> {
        self.by_school.keys()
    }

    /// (school, pairs), by school code.
    pub fn iter(&self) -> impl Iterator<Item = (&SchoolCode, usize)> {
        self.by_school.iter().map(|(school, pairs)| (school, *pairs))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schools_by_code_or_name_and_bad_rows_reported_alone() {
        let csv = "school,pairs\n4143010531,12\n湖南科技学院,8\n不存在学院,3\n4143010531,x\n";
        let (quotas, rejects) = Quotas::read(Taxonomy::embedded(), csv, "q.csv").unwrap();
        assert_eq!(quotas.get(&"4143010531".parse().unwrap()), Some(12));
        assert_eq!(quotas.iter().count(), 2, "{quotas:?}");
        assert_eq!(rejects.len(), 2, "{rejects:?}");
        let text: Vec<String> = rejects.iter().map(|r| r.to_string()).collect();
        assert!(text[0].contains("school") && text[0].contains("不存在学院"), "{text:?}");
        assert!(text[1].contains("pairs"), "{text:?}");
    }
}
