//! The register of community League organisations (城乡基层团组织) that take university branches for 社区实践:
//! a file of rows with `id`, `name`, `place` (a code or names), `capacity` (branches it takes) and `themes`
//! (its needs, e.g. 助老、文明实践; optional). An id listed twice keeps its first row.

use crate::error::Error;
use crate::ingest::Reject;
use crate::model::{CommunityId, RegionCode};
use crate::normalize::{clean_line, resolve_place};
use crate::people::records::{first_rows, read_people, Fields};
use crate::taxonomy::Taxonomy;

const REQUIRED: &[&str] = &["id", "name", "place", "capacity"];
/// More branches than one community can take.
pub const MAX_COMMUNITY_CAPACITY: u32 = 1_000;

/// A community League organisation.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Community {
    /// Its id.
    pub id: CommunityId,
    /// Its name (e.g. 岳麓区望月湖街道团工委).
    pub name: String,
    /// Where it is.
    pub region: RegionCode,
    /// Branches it takes.
    pub capacity: u32,
    /// Its needs (none: anything).
    pub themes: Vec<String>,
}

/// Reads a community register: the valid organisations in file order, and a reject for each bad row.
pub fn read_communities(taxonomy: &Taxonomy, text: &str, file: &str) -> Result<(Vec<Community>, Vec<Reject>), Error> {
    let (rows, rejects) = read_people(text, file, "communities", REQUIRED, &|map, errors| {
        let mut f = Fields { map, errors };
        let id = f.required("id", |t| t.parse::<CommunityId>().map_err(|e| e.to_string()));
        let name = f.required("name", |t| Ok(clean_line(t)));
        let region = f.required("place", |t| resolve_place(&taxonomy.regions, t));
        let capacity = f.required("capacity", |t| match t.trim().parse::<u32>() {
            Ok(n) if n <= MAX_COMMUNITY_CAPACITY => Ok(n),
            _ => Err(format!("`{}` is not a number of branches from 0 to {MAX_COMMUNITY_CAPACITY}", t.trim())),
        });
        let themes = f.list("themes", |t| Ok(clean_line(t)));
        Some(Community { id: id?, name: name?, region: region?, capacity: capacity?, themes: themes? })
    })?;
    Ok(first_rows(rows, rejects, file, "communities", |c: &Community| c.id.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::community::read_branches;

    #[test]
    fn registers_read_places_and_themes_and_name_bad_fields() {
        let branches = "id,school,college,members,place,themes\n\
                        B1,4143010531,文学院,32,长沙市岳麓区,助老、文明实践\n\
                        B2,4143010531,,many,长沙市岳麓区,\n\
                        B1,4143010531,,30,长沙市,\n";
        let (kept, rejects) = read_branches(Taxonomy::embedded(), branches, "b.csv").unwrap();
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].themes, ["助老", "文明实践"]);
        assert_eq!(kept[0].region.to_string(), "430104");
        let lines: Vec<(usize, &str)> = rejects.iter().map(|r| (r.line, r.errors[0].field.as_str())).collect();
        assert_eq!(lines, [(3, "members"), (4, "id")]);

        let communities = "id,name,place,capacity,themes\nC1,望月湖街道团工委,430104,2,助老\nC2,某村团支部,火星,1,\n";
        let (kept, rejects) = read_communities(Taxonomy::embedded(), communities, "c.csv").unwrap();
        assert_eq!((kept.len(), rejects[0].line, rejects[0].errors[0].field.as_str()), (1, 3, "place"));
    }
}
