//! The methods the harness compares: four baselines and the engine with and without its allocation pass.

use serde::Serialize;

/// A way of choosing postings for students.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Open postings in a seeded random order.
    Random,
    /// Open postings by how many train interactions were positive for them (the same list for everyone).
    Popularity,
    /// BM25 of the student's intention and skills through the index, nothing else.
    Bm25,
    /// Rules only: postings in a region the student accepts, at their education, asking for their major,
    /// its 专业类 or 门类 (or any major); those naming the major or class first, then nearer, then newer.
    Rules,
    /// The engine, each student ranked alone (no caps, no priority).
    #[serde(rename = "full_no_allocation")]
    FullWithoutAllocation,
    /// The engine as it serves: scored, then allocated across the batch.
    Full,
}

impl Method {
    /// Every method, baselines first.
    pub const ALL: [Method; 6] =
        [Method::Random, Method::Popularity, Method::Bm25, Method::Rules, Method::FullWithoutAllocation, Method::Full];

    /// The code name used in files and on the command line.
    pub fn code(self) -> &'static str {
        match self {
            Method::Random => "random",
            Method::Popularity => "popularity",
            Method::Bm25 => "bm25",
            Method::Rules => "rules",
            Method::FullWithoutAllocation => "full_no_allocation",
            Method::Full => "full",
        }
    }

    /// The name in tables and plots.
    pub fn label(self) -> &'static str {
        match self {
            Method::Random => "random",
            Method::Popularity => "popularity",
            Method::Bm25 => "BM25 text only",
            Method::Rules => "rules only",
            Method::FullWithoutAllocation => "engine, no allocation",
            Method::Full => "engine (full)",
        }
    }
}

impl std::str::FromStr for Method {
    type Err = crate::error::Error;

    fn from_str(text: &str) -> Result<Method, Self::Err> {
        Method::ALL.into_iter().find(|m| m.code() == text.trim()).ok_or_else(|| {
            let known: Vec<&str> = Method::ALL.iter().map(|m| m.code()).collect();
            crate::error::Error::invalid("method", text, format!("expected one of {}", known.join(", ")))
        })
    }
}
