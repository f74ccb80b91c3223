//! A deterministic, seeded generator of realistic sample data: postings in every source's native format
//! (with openings repeated across platforms and a few malformed records), students and cadres.

mod cases;
mod catalogue;
mod community;
mod employers;
mod opening;
mod people;
mod place;
mod records;
mod truth;
mod venture;
mod western;

use std::collections::HashSet;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use rand::seq::IndexedRandom;
use rand::Rng;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::Serialize;
use serde_json::{Map, Value};

pub use self::cases::CASE_EVENTS_FILE;
pub use self::community::{BRANCHES_FILE, COMMUNITIES_FILE};
use self::employers::EmployerPool;
use self::opening::{Opening, OpeningMaker};
use self::records::{corrupt, record, republish, GENERIC_HEADER, XIAOCHI_HEADER};
use self::truth::Published;
pub use self::truth::INTERACTIONS_FILE;
pub use self::venture::{MENTORS_FILE, PROJECTS_FILE};
pub use self::western::{WESTERN_APPLICATIONS_FILE, WESTERN_POSTS_FILE, WESTERN_QUOTAS_FILE};
use crate::error::Error;
use crate::ingest::Format;
use crate::model::{PostingKind, School};
use crate::normalize::{normalize_employer, normalize_title};
use crate::progress::{stage, tick, Progress};
use crate::taxonomy::{Catalogue, RegionLevel, Taxonomy};

/// The ground truth of de-duplication written beside the sample: `repeat,first` per line.
pub const DUPLICATES_FILE: &str = "duplicates_truth.csv";

/// What to generate.
#[derive(Debug, Clone, Serialize)]
pub struct SampleConfig {
    /// Seed: the same seed and sizes always give the same files.
    pub seed: u64,
    /// Distinct openings (each written once, some twice on another platform).
    pub postings: usize,
    /// Students (cadres follow: one per four job-seeking students of a school).
    pub students: usize,
    /// Share of openings published on a second platform as well.
    pub duplicate_rate: f64,
    /// Share of records followed by a malformed copy.
    pub malformed_rate: f64,
    /// Postings are published in the 60 days before this date.
    pub base_date: NaiveDate,
}

impl Default for SampleConfig {
    fn default() -> Self {
        SampleConfig {
            seed: 2023,
            postings: 600,
            students: 400,
            duplicate_rate: 0.1,
            malformed_rate: 0.03,
            base_date: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap_or_default(),
        }
    }
}

/// What was written.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SampleSet {
    /// Posting files by format, with the records each holds.
    pub files: Vec<(String, PathBuf, usize)>,
    /// Distinct openings.
    pub openings: usize,
    /// Records that repeat an opening on another platform.
    pub duplicates: usize,
    /// Malformed records.
    pub malformed: usize,
    /// Ground truth of de-duplication: (repeat's `source:id`, first publication's `source:id`).
    pub duplicate_pairs: Vec<(String, String)>,
    /// Students file.
    pub students: Option<PathBuf>,
    /// Cadres file.
    pub cadres: Option<PathBuf>,
    /// Ground-truth interactions of the job seekers (`interactions.csv`).
    pub interactions: Option<PathBuf>,
    /// A year of the paired students' case files (`case_events.jsonl`).
    pub case_events: Option<PathBuf>,
    /// The other programmes' files: 西部计划 posts, track quotas and applications; 社区实践 branches and
    /// communities; 创业帮扶 projects.
    pub programmes: Vec<PathBuf>,
}

/// The generator.
pub struct SampleGenerator<'a> {
    taxonomy: &'a Taxonomy,
    config: SampleConfig,
    progress: Option<&'a Progress>,
}

/// Students per participating school in generated samples.
const STUDENTS_PER_SCHOOL: usize = 25;

/// Tries to draw an opening unlike every earlier one; past this a repeat is written (and may be merged).
const MAX_ATTEMPTS: usize = 40;

const KIND_WEIGHTS: &[(PostingKind, u32)] = &[
    (PostingKind::Job, 35),
    (PostingKind::Internship, 30),
    (PostingKind::Gig, 15),
    (PostingKind::Traineeship, 8),
    (PostingKind::Volunteer, 4),
    (PostingKind::Practice, 5),
    (PostingKind::Experience, 3),
];

impl<'a> SampleGenerator<'a> {
    /// A generator over the taxonomies.
    pub fn new(taxonomy: &'a Taxonomy, config: SampleConfig) -> SampleGenerator<'a> {
        SampleGenerator { taxonomy, config, progress: None }
    }

    /// Reports progress (openings, then students, then the ground truth) to `progress`.
    pub fn with_progress(mut self, progress: &'a Progress) -> SampleGenerator<'a> {
        self.progress = Some(progress);
        self
    }

    /// Writes `yangfan.jsonl`, `xiaochi.csv` (GBK, as that platform exports), `tuantuan.json`,
    /// `national.json`, `generic.csv`, `students.jsonl`, `cadres.jsonl`, the ground truth
    /// (`duplicates_truth.csv`, `interactions.csv`), the case files (`case_events.jsonl`) and the 西部计划
    /// recruitment (`western_posts.csv`, `western_quotas.csv`, `western_applications.jsonl`) and the 社区实践
    /// registers (`branches.csv`, `communities.csv`) and the 创业帮扶 registers (`projects.csv`, `mentors.csv`) into
    /// `dir`.
    pub fn write(&self, dir: &Path) -> Result<SampleSet, Error> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let (mut set, published) = self.write_postings(dir)?;
        let (students, cadres) = self.write_people(dir, &mut set)?;
        stage(self.progress, "writing interactions and case files", 0);
        let text = truth::interactions(self.taxonomy, self.config.seed, self.config.base_date, &published, &students);
        let path = dir.join(INTERACTIONS_FILE);
        std::fs::write(&path, &text).map_err(|e| Error::io(&path, e))?;
        set.interactions = Some(path);
        let people: Vec<crate::model::Student> = students.into_iter().map(|(s, _)| s).collect();
        let events =
            cases::case_events(self.taxonomy, self.config.seed, self.config.base_date, &people, &cadres, &text);
        let path = dir.join(CASE_EVENTS_FILE);
        std::fs::write(&path, events).map_err(|e| Error::io(&path, e))?;
        set.case_events = Some(path);
        let (posts, quotas, applications) = western::western_files(self.taxonomy, self.config.seed, &people);
        for (name, text) in
            [(WESTERN_POSTS_FILE, posts), (WESTERN_QUOTAS_FILE, quotas), (WESTERN_APPLICATIONS_FILE, applications)]
        {
            let path = dir.join(name);
            std::fs::write(&path, text).map_err(|e| Error::io(&path, e))?;
            set.programmes.push(path);
        }
        let (branches, communities) = community::community_files(self.taxonomy, self.config.seed, &people);
        let projects = venture::projects_file(self.config.seed, &people, self.config.base_date.year() as u16);
        let mentors = venture::mentors_file(self.config.seed);
        let files = [
            (BRANCHES_FILE, branches),
            (COMMUNITIES_FILE, communities),
            (PROJECTS_FILE, projects),
            (MENTORS_FILE, mentors),
        ];
        for (name, text) in files {
            let path = dir.join(name);
            std::fs::write(&path, text).map_err(|e| Error::io(&path, e))?;
            set.programmes.push(path);
        }
        Ok(set)
    }

    fn write_postings(&self, dir: &Path) -> Result<(SampleSet, Vec<Published>), Error> {
        let mut rng = ChaCha8Rng::seed_from_u64(self.config.seed);
        let maker = OpeningMaker::new(self.taxonomy, self.config.base_date);
        let mut employers = EmployerPool::default();
        let mut writers = Writers::open(dir)?;
        let mut set = SampleSet::default();
        let mut next_id = 100_000u64;
        let mut seen = HashSet::new();
        let mut published = Vec::with_capacity(self.config.postings);
        stage(self.progress, "writing openings", self.config.postings);
        for _ in 0..self.config.postings {
            tick(self.progress, 1);
            let planned = pick_kind(&mut rng);
            // Distinct openings never share employer, title and place: only deliberate repeats do.
            let mut opening = maker.make(&mut rng, planned, &mut employers);
            let mut attempts = 0;
            while !seen.insert(identity(&opening)) && attempts < MAX_ATTEMPTS {
                attempts += 1;
                // A kind with few hosts (西部计划) runs out of distinct openings at scale: publish a job instead.
                let fallback = if attempts > MAX_ATTEMPTS / 2 { PostingKind::Job } else { planned };
                opening = maker.make(&mut rng, fallback, &mut employers);
            }
            let (primary, secondary) = formats_for(&mut rng, opening.kind);
            next_id += 1;
            let first = writers.write(primary, &opening, next_id, &mut rng, self.config.malformed_rate, &mut set)?;
            if let Some(second) = secondary.filter(|_| rng.random_bool(self.config.duplicate_rate)) {
                next_id += 1;
                let copy = republish(&opening, &mut rng);
                let repeat = writers.write(second, &copy, next_id, &mut rng, 0.0, &mut set)?;
                set.duplicates += 1;
                set.duplicate_pairs.push((repeat, first.clone()));
            }
            set.openings += 1;
            published.push(Published { opening, record: first });
        }
        set.files = writers.finish()?;
        let truth = dir.join(DUPLICATES_FILE);
        let mut out = create(&truth)?;
        let mut text = String::from("repeat,first\n");
        for (repeat, first) in &set.duplicate_pairs {
            text.push_str(&format!("{repeat},{first}\n"));
        }
        out.write_all(text.as_bytes()).and_then(|()| out.flush()).map_err(|e| Error::io(&truth, e))?;
        Ok((set, published))
    }

    /// Writes students and cadres; returns the students with the index of the family of work they lean to, and
    /// the cadres.
    #[allow(clippy::type_complexity)]
    fn write_people(
        &self,
        dir: &Path,
        set: &mut SampleSet,
    ) -> Result<(Vec<(crate::model::Student, usize)>, Vec<crate::model::Cadre>), Error> {
        let mut rng = ChaCha8Rng::seed_from_u64(self.config.seed ^ 0x5eed);
        // A programme works with some schools, not all: about 25 students a school, mostly non-双一流
        // (the priority), one 双一流 school for comparison.
        let all_schools = self.taxonomy.schools.all();
        let wanted = (self.config.students / STUDENTS_PER_SCHOOL).max(4).min(all_schools.len());
        let priority: Vec<&School> = all_schools.iter().copied().filter(|s| !s.double_first_class).collect();
        let mut schools: Vec<&School> = priority.choose_multiple(&mut rng, wanted.saturating_sub(1)).copied().collect();
        schools.extend(all_schools.iter().copied().filter(|s| s.double_first_class).take(1));
        let counties = self.taxonomy.regions.hunan(RegionLevel::County);
        let majors: Vec<(Catalogue, Vec<&crate::taxonomy::Major>)> =
            [Catalogue::Undergraduate, Catalogue::VocationalAssociate]
                .into_iter()
                .map(|c| (c, self.taxonomy.majors.majors().into_iter().filter(|m| m.catalogue == c).collect()))
                .collect();
        let base_year = self.config.base_date.year() as u16;
        let students_path = dir.join("students.jsonl");
        let mut out = create(&students_path)?;
        let mut seekers: Vec<(&School, String)> = Vec::new();
        let mut written = Vec::with_capacity(self.config.students);
        stage(self.progress, "writing students", self.config.students);
        for index in 1..=self.config.students {
            tick(self.progress, 1);
            let Some((student, family)) =
                people::student(&mut rng, self.taxonomy, index, &schools, &counties, &majors, base_year)
            else {
                continue;
            };
            if matches!(student.intent, crate::model::Intent::Employment | crate::model::Intent::Undecided) {
                if let Some(school) = self.taxonomy.schools.get(&student.school) {
                    seekers.push((school, student.college.clone()));
                }
            }
            write_json_line(&mut out, &student, &students_path)?;
            written.push((student, family));
        }
        out.flush().map_err(|e| Error::io(&students_path, e))?;
        let cadres_path = dir.join("cadres.jsonl");
        let mut out = create(&cadres_path)?;
        seekers.sort_by(|a, b| a.0.code.cmp(&b.0.code).then_with(|| a.1.cmp(&b.1)));
        let mut index = 0;
        let mut cadres = Vec::new();
        // One cadre for every four job seekers of a school, serving the college of those four.
        for school_group in seekers.chunk_by(|a, b| a.0.code == b.0.code) {
            for four in school_group.chunks(4) {
                index += 1;
                let college = rng.random_bool(0.8).then(|| four[0].1.clone());
                if let Some(cadre) = people::cadre(&mut rng, index, four[0].0, college) {
                    write_json_line(&mut out, &cadre, &cadres_path)?;
                    cadres.push(cadre);
                }
            }
        }
        out.flush().map_err(|e| Error::io(&cadres_path, e))?;
        set.students = Some(students_path);
        set.cadres = Some(cadres_path);
        Ok((written, cadres))
    }
}

/// What makes two generated openings the same: employer, role and prefecture (an employer offers one
/// opening per role in a city; near-identical titles there would rightly be merged as one).
fn identity(opening: &Opening) -> String {
    let role = if opening.role.is_empty() { normalize_title(&opening.title) } else { opening.role.clone() };
    format!("{}|{}|{}", normalize_employer(&opening.employer), role, opening.place.code.prefecture())
}

fn pick_kind(rng: &mut ChaCha8Rng) -> PostingKind {
    let total: u32 = KIND_WEIGHTS.iter().map(|(_, w)| w).sum();
    let mut roll = rng.random_range(0..total);
    for (kind, weight) in KIND_WEIGHTS {
        if roll < *weight {
            return *kind;
        }
        roll -= weight;
    }
    PostingKind::Job
}

/// Where an opening of a kind is published first, and where a repeat may appear.
fn formats_for(rng: &mut ChaCha8Rng, kind: PostingKind) -> (Format, Option<Format>) {
    match kind {
        PostingKind::Job if rng.random_bool(0.75) => (Format::Tuantuan, Some(Format::Generic)),
        PostingKind::Job => (Format::Generic, Some(Format::Tuantuan)),
        PostingKind::Internship => match rng.random_range(0..10) {
            0..=4 => (Format::Yangfan, Some(Format::National)),
            5..=8 => (Format::National, Some(Format::Yangfan)),
            _ => (Format::Tuantuan, Some(Format::Yangfan)),
        },
        PostingKind::Gig if rng.random_bool(0.8) => (Format::Xiaochi, Some(Format::Tuantuan)),
        PostingKind::Gig => (Format::Tuantuan, Some(Format::Xiaochi)),
        PostingKind::Traineeship => (Format::Generic, Some(Format::Tuantuan)),
        _ => (Format::Generic, None),
    }
}

/// One open file per format, each written in its container.
struct Writers {
    dir: PathBuf,
    outputs: Vec<(Format, BufWriter<File>, usize)>,
    malformed: Vec<Format>,
}

impl Writers {
    fn open(dir: &Path) -> Result<Writers, Error> {
        let mut outputs = Vec::new();
        for format in Format::ALL {
            let path = dir.join(format.sample_file());
            let mut out = create(&path)?;
            let head = match format {
                Format::Tuantuan => "{\"jobs\":[\n".to_string(),
                Format::National => "{\"code\":200,\"msg\":\"success\",\"data\":{\"list\":[\n".to_string(),
                Format::Xiaochi => format!("{}\n", XIAOCHI_HEADER.join(",")),
                Format::Generic => format!("{}\n", GENERIC_HEADER.join(",")),
                Format::Yangfan => String::new(),
            };
            write_text(&mut out, format, &head, &path)?;
            outputs.push((format, out, 0));
        }
        Ok(Writers { dir: dir.to_path_buf(), outputs, malformed: Vec::new() })
    }

    /// Writes an opening, sometimes followed by a broken copy; returns the record's `source:id`.
    fn write(
        &mut self,
        format: Format,
        opening: &Opening,
        id: u64,
        rng: &mut ChaCha8Rng,
        malformed_rate: f64,
        set: &mut SampleSet,
    ) -> Result<String, Error> {
        let prefix = match format {
            Format::Yangfan => "YF",
            Format::Xiaochi => "XC",
            Format::Tuantuan => "TT",
            Format::National => "NI",
            Format::Generic => "GN",
        };
        let fields = record(format, opening, &format!("{prefix}{id}"), rng);
        // Every file gets at least one malformed record when any are asked for, so each adapter's
        // reject path is exercised by the sample.
        let first_break_due = malformed_rate > 0.0 && self.malformed_in(format) == 0 && self.records_in(format) == 4;
        let broken = (first_break_due || (malformed_rate > 0.0 && rng.random_bool(malformed_rate)))
            .then(|| corrupt(format, fields.clone(), &format!("{prefix}{id}X"), rng).0);
        self.emit(format, &fields)?;
        if let Some(bad) = broken {
            self.emit(format, &bad)?;
            self.malformed.push(format);
            set.malformed += 1;
        }
        let source = fields.get("source").and_then(Value::as_str).unwrap_or(match format {
            Format::National => "national",
            other => other.name(),
        });
        Ok(format!("{source}:{prefix}{id}"))
    }

    fn records_in(&self, format: Format) -> usize {
        self.outputs.iter().find(|(f, _, _)| *f == format).map_or(0, |(_, _, count)| *count)
    }

    fn malformed_in(&self, format: Format) -> usize {
        self.malformed.iter().filter(|f| **f == format).count()
    }

    fn emit(&mut self, format: Format, fields: &Map<String, Value>) -> Result<(), Error> {
        let path = self.dir.join(format.sample_file());
        let Some((_, out, count)) = self.outputs.iter_mut().find(|(f, _, _)| *f == format) else {
            return Ok(());
        };
        let json = Value::Object(fields.clone()).to_string();
        let line = match format {
            Format::Yangfan => format!("{json}\n"),
            Format::Tuantuan | Format::National => {
                format!("{}{json}", if *count > 0 { ",\n" } else { "" })
            }
            Format::Xiaochi => csv_line(XIAOCHI_HEADER, fields),
            Format::Generic => csv_line(GENERIC_HEADER, fields),
        };
        write_text(out, format, &line, &path)?;
        *count += 1;
        Ok(())
    }

    fn finish(self) -> Result<Vec<(String, PathBuf, usize)>, Error> {
        let mut files = Vec::new();
        for (format, mut out, count) in self.outputs {
            let path = self.dir.join(format.sample_file());
            let tail = match format {
                Format::Tuantuan => "\n]}\n".to_string(),
                Format::National => format!("\n],\"total\":{count}}}}}\n"),
                _ => String::new(),
            };
            write_text(&mut out, format, &tail, &path)?;
            out.flush().map_err(|e| Error::io(&path, e))?;
            files.push((format.name().to_string(), path, count));
        }
        Ok(files)
    }
}

fn csv_line(header: &[&str], fields: &Map<String, Value>) -> String {
    let mut writer = csv::WriterBuilder::new().has_headers(false).from_writer(Vec::new());
    let row: Vec<String> = header
        .iter()
        .map(|h| match fields.get(*h) {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Null) | None => String::new(),
            Some(other) => other.to_string(),
        })
        .collect();
    // Writing to memory cannot fail.
    let _ = writer.write_record(&row);
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// 小翅零工 exports GBK; every other format is UTF-8.
fn write_text(out: &mut BufWriter<File>, format: Format, text: &str, path: &Path) -> Result<(), Error> {
    let result = if format == Format::Xiaochi {
        let (bytes, _, _) = encoding_rs::GBK.encode(text);
        out.write_all(&bytes)
    } else {
        out.write_all(text.as_bytes())
    };
    result.map_err(|e| Error::io(path, e))
}

fn create(path: &Path) -> Result<BufWriter<File>, Error> {
    File::create(path).map(BufWriter::new).map_err(|e| Error::io(path, e))
}

fn write_json_line<T: Serialize>(out: &mut BufWriter<File>, value: &T, path: &Path) -> Result<(), Error> {
    serde_json::to_writer(&mut *out, value).map_err(|e| Error::CorruptDocument(e.to_string()))?;
    out.write_all(b"\n").map_err(|e| Error::io(path, e))
}
