//! The register of venture projects (创业项目) the schools' League committees put forward: a file of rows with
//! `id`, `name`, `school` (code or name), `lead_status` (the team lead: `应届毕业生`/graduating, `在校生`/enrolled,
//! or the year they graduated, `2025届` or `2025`), `field` (硬核科技, 乡村振兴, 其他; absent: read from `industry`
//! and the words, see [`Field::classify`]), `industry` (GB/T 4754 code or name), `summary`, `stage` (创意,
//! 初创, 成长), `request` (support asked, yuan), `score` (the review score, 0–100) and `competitions` (挑战杯,
//! 创青春 … as a list) and `place` (where it operates). An id listed twice keeps its first row.

use serde::Serialize;

use super::field::Field;
use crate::error::Error;
use crate::ingest::Reject;
use crate::model::{RegionCode, SchoolCode};
use crate::normalize::{clean_line, resolve_place};
use crate::people::records::{first_rows, plain_id, read_people, Fields};
use crate::people::Quotas;
use crate::taxonomy::Taxonomy;

const REQUIRED: &[&str] = &["id", "name", "school", "lead_status", "request", "score"];
/// More support than one project is given.
pub const MAX_REQUEST: u64 = 10_000_000;

/// Who leads the team.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LeadStatus {
    /// Graduating this year (the plan's 2023届 in its own year).
    Graduating,
    /// An enrolled student.
    Enrolled,
    /// Of this class (届): graduated that year, or graduating or enrolled when the year is the plan's or later.
    Graduated(u16),
}

impl LeadStatus {
    /// Reads a lead's status as schools write it.
    pub fn parse(text: &str) -> Result<LeadStatus, String> {
        let t = text.trim();
        match t.to_lowercase().as_str() {
            "应届毕业生" | "应届" | "graduating" => return Ok(LeadStatus::Graduating),
            "在校生" | "在校大学生" | "在校" | "enrolled" => return Ok(LeadStatus::Enrolled),
            _ => {}
        }
        let year = t.trim_end_matches("届").trim_end_matches("年毕业").trim_end_matches('年');
        match year.parse::<u16>() {
            Ok(y) if (1950..=2100).contains(&y) => Ok(LeadStatus::Graduated(y)),
            _ => Err(format!("`{t}` is neither 应届毕业生, 在校生 nor a graduation year (2025届)")),
        }
    }

    /// Whether the plan funds a project so led in `year`: graduating (the year's own class, 届), enrolled (a
    /// later class), or graduated within the two years before.
    pub fn eligible(self, year: u16) -> bool {
        match self {
            LeadStatus::Graduating | LeadStatus::Enrolled => true,
            LeadStatus::Graduated(y) => u32::from(y) + 2 >= u32::from(year),
        }
    }
}

/// One venture project.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Project {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The school that put it forward.
    pub school: SchoolCode,
    /// Its team lead.
    pub lead: LeadStatus,
    /// Its field.
    pub field: Field,
    /// Whether the field was stated (rather than read from the industry and words).
    pub field_stated: bool,
    /// Its stage (创意, 初创, 成长), when given.
    pub stage: String,
    /// Support asked, yuan.
    pub request: u64,
    /// The review score in hundredths of a point (0 to 10,000).
    pub score: u32,
    /// Its competition record (挑战杯, 创青春 …).
    pub competitions: Vec<String>,
    /// Where it operates, when given (a mentor is sought near it; else near its school).
    pub region: Option<RegionCode>,
}

/// Reads a project register: the valid projects in file order, and a reject for each bad row.
pub fn read_projects(taxonomy: &Taxonomy, text: &str, file: &str) -> Result<(Vec<Project>, Vec<Reject>), Error> {
    let (rows, rejects) = read_people(text, file, "projects", REQUIRED, &|map, errors| {
        let mut f = Fields { map, errors };
        let id = f.required("id", plain_id);
        let name = f.required("name", |t| Ok(clean_line(t)));
        let school = f.required("school", |t| Quotas::school(taxonomy, t));
        let lead = f.required("lead_status", LeadStatus::parse);
        let stated = f.optional("field", Field::parse);
        let industry = f.optional("industry", |t| taxonomy.industries.resolve(t));
        let summary = f.text("summary");
        let stage = f.optional("stage", |t| match t.trim() {
            "创意" | "创意阶段" | "idea" => Ok("创意".to_string()),
            "初创" | "初创期" | "startup" => Ok("初创".to_string()),
            "成长" | "成长期" | "growth" => Ok("成长".to_string()),
            other => Err(format!("`{other}` is not 创意, 初创 or 成长")),
        });
        let request = f.required("request", |t| {
            let t = t.trim().trim_end_matches('元');
            let yuan = match t.strip_suffix('万') {
                Some(wan) => wan.trim().parse::<f64>().map(|w| (w * 10_000.0).round()),
                None => t.parse::<f64>(),
            };
            match yuan {
                Ok(y) if y > 0.0 && y <= MAX_REQUEST as f64 => Ok(y as u64),
                _ => Err(format!("`{t}` is not an amount of yuan from 1 to {MAX_REQUEST}")),
            }
        });
        let score = f.required("score", |t| match t.trim().parse::<f64>() {
            Ok(s) if (0.0..=100.0).contains(&s) => Ok((s * 100.0).round() as u32),
            _ => Err(format!("`{}` is not a review score from 0 to 100", t.trim())),
        });
        let competitions = f.list("competitions", |t| Ok(clean_line(t)));
        let region = f.optional("place", |t| resolve_place(&taxonomy.regions, t));
        let (name, stated, industry, summary) = (name?, stated?, industry?, summary?);
        let field = stated
            .unwrap_or_else(|| Field::classify(industry.as_ref().map(|c| c.as_str()), &format!("{name} {summary}")));
        Some(Project {
            id: id?,
            name,
            school: school?,
            lead: lead?,
            field,
            field_stated: stated.is_some(),
            stage: stage?.unwrap_or_default(),
            request: request?,
            score: score?,
            competitions: competitions?,
            region: region?,
        })
    })?;
    Ok(first_rows(rows, rejects, file, "projects", |p: &Project| p.id.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leads_are_checked_against_the_plans_year() {
        assert!(LeadStatus::parse("应届毕业生").unwrap().eligible(2026));
        assert!(LeadStatus::parse("2024届").unwrap().eligible(2026), "graduated within two years");
        assert!(!LeadStatus::parse("2023").unwrap().eligible(2026));
        assert!(LeadStatus::parse("2026届").unwrap().eligible(2026), "the plan's year's own class is 应届");
        assert!(LeadStatus::parse("2027届").unwrap().eligible(2026), "a later class is still enrolled");
        assert!(LeadStatus::parse("校友").is_err());
    }

    #[test]
    fn reads_rows_with_fields_read_or_stated_and_names_bad_ones() {
        let csv = "id,name,school,lead_status,field,industry,summary,request,score,competitions\n\
                   V1,智能分拣机器人,4143010531,在校生,,,,2万,88.5,挑战杯国赛银奖\n\
                   V2,湘西腊肉电商,4143010531,2025届,,,助农直播,3000,80,\n\
                   V3,校园咖啡,4143010531,2025届,乡村振兴,,,8000,75,\n\
                   V4,无名,4143010531,2025届,,,,-5,75,\n";
        let (projects, rejects) = read_projects(Taxonomy::embedded(), csv, "p.csv").unwrap();
        assert_eq!(projects.len(), 3, "{rejects:?}");
        assert_eq!((projects[0].field, projects[0].request, projects[0].score), (Field::HardTech, 20_000, 8850));
        assert_eq!(projects[1].field, Field::Rural);
        assert!(projects[2].field_stated && projects[2].field == Field::Rural);
        assert_eq!((rejects[0].line, rejects[0].errors[0].field.as_str()), (5, "request"));
    }
}
