//! 西部计划 service posts (服务岗位) with their capacities, as the 项目管理办公室's allocation gives them: a
//! file of `id,track,place,capacity[,title]` rows (CSV, or JSON Lines with those keys). The track in any of
//! the forms platforms write (`服务新疆专项`, `“青马工程”专项`, `芙蓉花开地方项目`, the code name); the place as
//! a GB/T 2260 code or names. Bad rows are rejected with line, field and reason; a post id listed twice keeps
//! its first row.

use crate::error::Error;
use crate::ingest::{parse_track, FieldError, Reject};
use crate::model::{RegionCode, VolunteerPostId, VolunteerTrack};
use crate::normalize::{clean_line, resolve_place};
use crate::people::records::{first_rows, read_people, Fields};
use crate::taxonomy::Taxonomy;

const REQUIRED: &[&str] = &["id", "track", "place", "capacity"];
/// More volunteers than any one post takes (the whole province sends 700 a year).
pub const MAX_POST_CAPACITY: u32 = 10_000;

/// One service post and how many volunteers it takes.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct VolunteerPost {
    /// The post's id.
    pub id: VolunteerPostId,
    /// Its 专项 (track).
    pub track: VolunteerTrack,
    /// Where the volunteer serves.
    pub region: RegionCode,
    /// Volunteers it takes (0: closed).
    pub capacity: u32,
    /// What the post is (服务单位、岗位), when given.
    pub title: String,
}

/// Reads a post file: the valid posts in file order, and a reject for each bad row.
pub fn read_volunteer_posts(
    taxonomy: &Taxonomy,
    text: &str,
    file: &str,
) -> Result<(Vec<VolunteerPost>, Vec<Reject>), Error> {
    let (rows, rejects) = read_people(text, file, "volunteer posts", REQUIRED, &|map, errors| {
        let mut f = Fields { map, errors };
        let id = f.required("id", |t| t.parse::<VolunteerPostId>().map_err(|e| e.to_string()));
        let track = f.required("track", parse_track);
        let region = f.required("place", |t| resolve_place(&taxonomy.regions, t));
        let capacity = f.required("capacity", |t| match t.trim().parse::<u32>() {
            Ok(n) if n <= MAX_POST_CAPACITY => Ok(n),
            _ => Err(format!("`{}` is not a number of volunteers from 0 to {MAX_POST_CAPACITY}", t.trim())),
        });
        let title = f.optional("title", |t| Ok(clean_line(t)));
        // 服务新疆 serves in 新疆, 服务西藏 in 西藏, 芙蓉花开 (Hunan's own project) in Hunan.
        if let (Some(track), Some(region)) = (track, region) {
            let province = match track {
                VolunteerTrack::Xinjiang => Some(("650000", "新疆")),
                VolunteerTrack::Tibet => Some(("540000", "西藏")),
                VolunteerTrack::Furong => Some(("430000", "湖南")),
                _ => None,
            };
            if let Some((code, name)) = province {
                if region.province().to_string() != code {
                    let reason = format!(
                        "a {} post serves in {name}, not in {}",
                        track.zh(),
                        taxonomy.regions.path_name(region)
                    );
                    f.errors.push(FieldError::new("place", reason));
                }
            }
        }
        Some(VolunteerPost {
            id: id?,
            track: track?,
            region: region?,
            capacity: capacity?,
            title: title?.unwrap_or_default(),
        })
    })?;
    Ok(first_rows(rows, rejects, file, "volunteer posts", |p: &VolunteerPost| p.id.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tracks_and_places_as_written_and_rejects_bad_rows() {
        let csv = "id,track,place,capacity,title\n\
                   P1,服务新疆专项,新疆维吾尔自治区阿克苏地区,3,阿克苏地区乡村学校\n\
                   P2,“青马工程”专项,540102,1,\n\
                   P3,乡村教育,湘西土家族苗族自治州,-1,\n\
                   P1,芙蓉花开地方项目,430100,2,\n\
                   P4,海外,430100,2,\n\
                   P5,服务新疆,湖南省长沙市,2,\n";
        let (posts, rejects) = read_volunteer_posts(Taxonomy::embedded(), csv, "posts.csv").unwrap();
        assert_eq!(posts.len(), 2, "{rejects:?}");
        assert_eq!(posts[0].track, VolunteerTrack::Xinjiang);
        assert_eq!(posts[0].region.prefecture().to_string(), "652900");
        assert_eq!(posts[1].track, VolunteerTrack::YouthMarxism);
        let fields: Vec<(usize, &str)> = rejects.iter().map(|r| (r.line, r.errors[0].field.as_str())).collect();
        assert_eq!(fields, [(4, "capacity"), (6, "track"), (7, "place"), (5, "id")]);
        assert!(rejects[3].errors[0].reason.contains("line 2"), "{:?}", rejects[3]);
    }
}
