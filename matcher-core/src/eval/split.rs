//! Train/test splits of interactions: by student (a seeded, stable share of students is held out whole) or
//! by time (everything from a day on is the test).

use std::str::FromStr;

use chrono::NaiveDate;
use serde::Serialize;

use super::interactions::Interaction;
use crate::error::Error;
use crate::normalize::parse_date;

/// How interactions are divided.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "by")]
pub enum Split {
    /// Hold out this share of students (chosen by a seeded hash of their id).
    Student {
        /// Share of students in the test fold, in (0, 1).
        test_share: f64,
        /// Seed of the choice.
        seed: u64,
    },
    /// Interactions on or after this day are the test.
    Time {
        /// First day of the test.
        from: NaiveDate,
    },
}

impl Default for Split {
    fn default() -> Split {
        Split::Student { test_share: 0.5, seed: 2023 }
    }
}

impl FromStr for Split {
    type Err = Error;

    /// `student`, `student:0.3`, `time:2026-10-15`.
    fn from_str(text: &str) -> Result<Split, Error> {
        let invalid =
            |reason: &str| Error::InvalidValue { what: "split", value: text.to_string(), reason: reason.into() };
        let (kind, value) = text.split_once(':').unwrap_or((text, ""));
        match kind {
            "student" if value.is_empty() => Ok(Split::default()),
            "student" => match value.parse::<f64>() {
                Ok(share) if share > 0.0 && share < 1.0 => Ok(Split::Student { test_share: share, seed: 2023 }),
                _ => Err(invalid("the test share must be a number between 0 and 1, e.g. student:0.5")),
            },
            "time" => parse_date(value).map(|from| Split::Time { from }).map_err(|e| invalid(&e)),
            _ => Err(invalid("expected student, student:SHARE or time:YYYY-MM-DD")),
        }
    }
}

/// Interactions divided.
#[derive(Debug, Clone, Default)]
pub struct Folds {
    /// What methods may learn from (popularity counts it; the engine ignores it).
    pub train: Vec<Interaction>,
    /// What they are judged on.
    pub test: Vec<Interaction>,
}

impl Split {
    /// Divides the interactions.
    pub fn apply(&self, interactions: &[Interaction]) -> Folds {
        let (test, train) = interactions.iter().cloned().partition(|i| match *self {
            Split::Student { test_share, seed } => held_out(i.student.as_str(), seed, test_share),
            Split::Time { from } => i.day >= from,
        });
        Folds { train, test }
    }
}

/// A stable choice (FNV-1a of the id and seed), the same on every machine and in every version.
fn held_out(id: &str, seed: u64, share: f64) -> bool {
    let mut hash = 0xcbf2_9ce4_8422_2325u64 ^ seed;
    for byte in id.bytes() {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    (hash % 10_000) as f64 / 10_000.0 < share
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::interactions::Label;

    fn interaction(student: &str, day: &str) -> Interaction {
        Interaction {
            student: student.parse().unwrap(),
            posting: "generic:G1".into(),
            label: Label::Applied,
            day: parse_date(day).unwrap(),
            line: 2,
        }
    }

    #[test]
    fn a_student_split_keeps_each_student_whole_and_holds_out_about_the_share() {
        let all: Vec<Interaction> = (1..=400)
            .flat_map(|i| {
                [interaction(&format!("S{i:07}"), "2026-10-01"), interaction(&format!("S{i:07}"), "2026-10-20")]
            })
            .collect();
        let folds = Split::default().apply(&all);
        let test: std::collections::HashSet<_> = folds.test.iter().map(|i| &i.student).collect();
        assert!(folds.train.iter().all(|i| !test.contains(&i.student)));
        assert!((160..=240).contains(&test.len()), "{} students held out", test.len());
        assert_eq!(folds.test.len(), test.len() * 2);
    }

    #[test]
    fn a_time_split_cuts_on_the_day_and_bad_specs_are_refused() {
        let all = vec![interaction("S0000001", "2026-10-01"), interaction("S0000001", "2026-10-20")];
        let folds: Folds = "time:2026-10-20".parse::<Split>().unwrap().apply(&all);
        assert_eq!((folds.train.len(), folds.test.len()), (1, 1));
        assert_eq!("student:0.3".parse::<Split>().unwrap(), Split::Student { test_share: 0.3, seed: 2023 });
        for bad in ["student:1.5", "time:2026-02-30", "month", "student:x"] {
            let message = bad.parse::<Split>().unwrap_err().to_string();
            assert!(message.contains("split") && message.contains(bad), "{message}");
        }
    }
}
