//! Track quotas (专项名额) from the 项目管理办公室's allocation: a file of `track,quota` rows (CSV, or JSON
//! Lines with those keys), the track in any form platforms write. A track listed twice keeps its first row.

use std::collections::BTreeMap;

use crate::error::Error;
use crate::ingest::{parse_track, FieldError, Reject};
use crate::model::VolunteerTrack;
use crate::people::records::{read_people, Fields};

const REQUIRED: &[&str] = &["track", "quota"];
/// More volunteers than the province sends in years.
pub const MAX_TRACK_QUOTA: u32 = 100_000;

/// Reads a track quota file: the quota of each track listed, and a reject for each bad row.
pub fn read_track_quotas(text: &str, file: &str) -> Result<(BTreeMap<VolunteerTrack, u32>, Vec<Reject>), Error> {
    let (rows, mut rejects) = read_people(text, file, "track quotas", REQUIRED, &|map, errors| {
        let mut f = Fields { map, errors };
        let track = f.required("track", parse_track);
        let quota = f.required("quota", |t| match t.trim().parse::<u32>() {
            Ok(n) if n <= MAX_TRACK_QUOTA => Ok(n),
            _ => Err(format!("`{}` is not a number of volunteers from 0 to {MAX_TRACK_QUOTA}", t.trim())),
        });
        Some((track?, quota?))
    })?;
    let mut quotas = BTreeMap::new();
    let mut lines = BTreeMap::new();
    for (line, (track, quota)) in rows {
        if let Some(earlier) = lines.get(&track) {
            rejects.push(Reject {
                source: "track quotas".to_string(),
                file: file.to_string(),
                line,
                record_id: Some(track.code().to_string()),
                errors: vec![FieldError::new(
                    "track",
                    format!("listed before at line {earlier}; the first row is kept"),
                )],
            });
            continue;
        }
        lines.insert(track, line);
        quotas.insert(track, quota);
    }
    Ok((quotas, rejects))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_quotas_by_track_as_written() {
        let csv = "track,quota\n服务新疆专项,120\n服务西藏,40\n海外,7\n乡村教育,many\n";
        let (quotas, rejects) = read_track_quotas(csv, "q.csv").unwrap();
        assert_eq!(quotas.get(&VolunteerTrack::Xinjiang), Some(&120));
        assert_eq!(quotas.get(&VolunteerTrack::Tibet), Some(&40));
        let fields: Vec<(usize, &str)> = rejects.iter().map(|r| (r.line, r.errors[0].field.as_str())).collect();
        assert_eq!(fields, [(4, "track"), (5, "quota")]);
    }
}
