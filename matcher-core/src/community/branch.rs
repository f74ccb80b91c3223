//! The register of university League branches (团支部): a file of rows with `id`, `school` (code or name),
//! `college`, `members`, `place` (where the campus is: a code or names) and `themes` (what the branch would
//! do, e.g. 助老、文明实践; optional). An id listed twice keeps its first row.

use crate::error::Error;
use crate::ingest::Reject;
use crate::model::{BranchId, RegionCode, SchoolCode};
use crate::normalize::{clean_line, resolve_place};
use crate::people::records::{first_rows, read_people, Fields};
use crate::people::Quotas;
use crate::taxonomy::Taxonomy;

const REQUIRED: &[&str] = &["id", "school", "place"];
/// More members than any branch has.
const MAX_MEMBERS: u32 = 10_000;

/// A university League branch.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Branch {
    /// Its id.
    pub id: BranchId,
    /// Its school.
    pub school: SchoolCode,
    /// Its college (院系), when given.
    pub college: String,
    /// Members, when given.
    pub members: Option<u32>,
    /// Where its campus is.
    pub region: RegionCode,
    /// What it would do (none: anything).
    pub themes: Vec<String>,
}

/// Reads a branch register: the valid branches in file order, and a reject for each bad row.
pub fn read_branches(taxonomy: &Taxonomy, text: &str, file: &str) -> Result<(Vec<Branch>, Vec<Reject>), Error> {
    let (rows, rejects) = read_people(text, file, "branches", REQUIRED, &|map, errors| {
        let mut f = Fields { map, errors };
        let id = f.required("id", |t| t.parse::<BranchId>().map_err(|e| e.to_string()));
        let school = f.required("school", |t| Quotas::school(taxonomy, t));
        let college = f.optional("college", |t| Ok(clean_line(t)));
        let members = f.optional("members", |t| match t.trim().parse::<u32>() {
            Ok(n) if n <= MAX_MEMBERS => Ok(n),
            _ => Err(format!("`{}` is not a number of members from 0 to {MAX_MEMBERS}", t.trim())),
        });
        let region = f.required("place", |t| resolve_place(&taxonomy.regions, t));
        let themes = f.list("themes", |t| Ok(clean_line(t)));
        Some(Branch {
            id: id?,
            school: school?,
            college: college?.unwrap_or_default(),
            members: members?,
            region: region?,
            themes: themes?,
        })
    })?;
    Ok(first_rows(rows, rejects, file, "branches", |b: &Branch| b.id.to_string()))
}
