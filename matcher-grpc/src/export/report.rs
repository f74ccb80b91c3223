//! `Report`: a run laid out as cadres read it: each cadre, their students, each student's postings in full.

use std::collections::HashMap;

use matcher_core::{Batch, Cadre, Posting, PostingId, Student, StudentResult, Summary, Taxonomy};

use super::json_doc::{CadreDoc, UnpairedDoc};
use super::pieces::{self, Piece};
use rayon::prelude::*;

/// A whole run, ready to write.
pub struct Report<'a> {
    /// Reference tables, for names.
    pub taxonomy: &'a Taxonomy,
    /// Cadres with their students, by cadre id.
    pub cadres: Vec<CadreSection<'a>>,
    /// Students without a cadre and why.
    pub unpaired: Vec<(&'a Student, String)>,
    /// Every posting recommended, in full, with what the outputs show of it.
    pub postings: HashMap<&'a PostingId, Listed<'a>>,
    /// The run's figures.
    pub summary: &'a Summary,
}

/// One cadre's page.
pub struct CadreSection<'a> {
    /// The cadre.
    pub cadre: &'a Cadre,
    /// Their students, in pairing order.
    pub students: Vec<StudentSection<'a>>,
}

/// One student with their list.
pub struct StudentSection<'a> {
    /// The student.
    pub student: &'a Student,
    /// Their list.
    pub result: &'a StudentResult,
}

impl<'a> Report<'a> {
    /// Lays out `batch` by the pairings.
    pub fn new(
        taxonomy: &'a Taxonomy,
        pairings: &[matcher_core::Pairing],
        cadres: &'a [Cadre],
        students: &'a [Student],
        batch: &'a Batch,
        unpaired: Vec<(&'a Student, String)>,
        postings: &'a HashMap<PostingId, Posting>,
    ) -> Report<'a> {
        let cadre_by_id: HashMap<_, _> = cadres.iter().map(|c| (&c.id, c)).collect();
        let results: HashMap<_, _> = batch.students.iter().map(|r| (&r.student, r)).collect();
        let student_by_id: HashMap<_, _> = students.iter().map(|s| (&s.id, s)).collect();
        let sections = pairings
            .iter()
            .filter_map(|pairing| {
                let cadre = *cadre_by_id.get(&pairing.cadre)?;
                let students = pairing
                    .students
                    .iter()
                    .filter_map(|id| Some(StudentSection { student: student_by_id.get(id)?, result: results.get(id)? }))
                    .collect();
                Some(CadreSection { cadre, students })
            })
            .collect();
        let postings = postings.par_iter().map(|(id, posting)| (id, Listed::new(taxonomy, posting))).collect();
        Report { taxonomy, cadres: sections, unpaired, postings, summary: &batch.summary }
    }

    /// The school's name.
    pub fn school_name(&self, code: &matcher_core::SchoolCode) -> String {
        self.taxonomy.schools.get(code).map_or_else(|| code.to_string(), |s| s.name.clone())
    }

    /// The student's major's name.
    pub fn major_name(&self, student: &Student) -> String {
        self.taxonomy.majors.major(student.major.as_str()).map_or_else(|| student.major.to_string(), |m| m.name.clone())
    }

    /// The student's shortfall reason, if any, in Chinese.
    pub fn shortfall_text(&self, section: &StudentSection) -> Option<String> {
        section.result.shortfall.as_ref().map(|s| format!("{}。下一步：{}", s.zh(section.student), s.next_step()))
    }

    /// Writes the run as one JSON document, its cadres in pieces serialised on every core and written in
    /// order (a batch of 100,000 students never exists as one tree or one text in memory).
    pub fn write_json(&self, out: &mut (dyn std::io::Write + Send)) -> anyhow::Result<()> {
        out.write_all(b"{\n\"summary\": ")?;
        serde_json::to_writer(&mut *out, self.summary)?;
        out.write_all(b",\n\"cadres\": [")?;
        let render = |piece: &Piece, text: &mut Vec<u8>| {
            for (i, section) in (piece.first_section..).zip(piece.sections) {
                text.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
                serde_json::to_writer(&mut *text, &CadreDoc::new(self, section))?;
            }
            Ok(())
        };
        pieces::render_in_order(&pieces::pieces(&self.cadres), render, |text| Ok(out.write_all(text)?))?;
        let unpaired: Vec<UnpairedDoc> = self.unpaired.iter().map(|(s, reason)| UnpairedDoc::new(s, reason)).collect();
        out.write_all(b"\n],\n\"unpaired\": ")?;
        serde_json::to_writer(&mut *out, &unpaired)?;
        out.write_all(b"\n}\n")?;
        Ok(())
    }
}

/// A posting recommended, with what every output shows of it, made once per run (a posting recommended to
/// several students was described again for every row of every format). It reads as the posting.
pub struct Listed<'a> {
    pub posting: &'a Posting,
    /// Where it is, most general first without the province for Hunan (长沙市岳麓区).
    pub place: String,
    /// Its pay as people write it (`pay_text`).
    pub pay: String,
    /// The platforms it is published on.
    pub platforms: String,
    /// How to apply: on which platform, under which id.
    pub how_to_apply: String,
    /// Its sources' keys (`platform:id`).
    pub sources: Vec<String>,
}

impl<'a> Listed<'a> {
    fn new(taxonomy: &Taxonomy, posting: &'a Posting) -> Listed<'a> {
        let path = taxonomy.regions.path_name(posting.region);
        let place = path.strip_prefix("湖南省").filter(|rest| !rest.is_empty()).map_or(path.clone(), str::to_string);
        Listed {
            posting,
            place,
            pay: pay_text(posting),
            platforms: posting.platforms(),
            how_to_apply: posting.how_to_apply(),
            sources: posting.sources.iter().map(|s| s.key()).collect(),
        }
    }
}

impl std::ops::Deref for Listed<'_> {
    type Target = Posting;

    fn deref(&self) -> &Posting {
        self.posting
    }
}

/// Pay as people write it: 4000-6000元/月, 4000元/月起, 面议.
pub fn pay_text(posting: &Posting) -> String {
    match (posting.pay.min, posting.pay.max) {
        (Some(min), Some(max)) if min == max => format!("{min}元/月"),
        (Some(min), Some(max)) => format!("{min}-{max}元/月"),
        (Some(min), None) => format!("{min}元/月起"),
        (None, Some(max)) => format!("最高{max}元/月"),
        (None, None) => "面议".to_string(),
    }
}
