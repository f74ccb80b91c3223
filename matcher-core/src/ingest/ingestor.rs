//! The ingestion pipeline: read a file in its source's format, normalise every record in parallel, then in
//! file order update, merge or add each posting; rejects and merges are reported and logged beside the index.

use foldhash::{HashMap, HashMapExt};
use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;
use tantivy::IndexWriter;

use super::adapters::{Format, Parsed, Sink};
use super::compose::{contribute, contribution_of};
use super::encoding::Encoding;
use super::logs::Logs;
use super::normaliser::Normaliser;
use super::record::RawRecord;
use super::reject::{FieldError, Reject, Warning};
use crate::dedup::{block_key, Deduper, Fingerprint, MinHash};
use crate::error::Error;
use crate::index::PostingIndex;
use crate::model::{Posting, PostingId};
use crate::normalize::TitleClassifier;
use crate::taxonomy::Taxonomy;

/// The rejects log, one JSON object per line, beside the index.
pub const REJECTS_FILE: &str = "rejects.jsonl";
/// The warnings log (fields dropped from kept records), one JSON object per line, beside the index.
pub const WARNINGS_FILE: &str = "warnings.jsonl";
/// The merges log, one JSON object per line, beside the index.
pub const MERGES_FILE: &str = "merges.jsonl";
/// Postings staged before an automatic commit, bounding memory on large files.
const COMMIT_EVERY: usize = 50_000;
/// Most records one posting takes in as merged duplicates: a posting lists every source and what each
/// contributed, and a flood of copies (10,000 made one answer 521 KB and each further merge 17 ms) must not grow
/// it without bound. A copy beyond it is rejected, naming the posting.
pub const MAX_SOURCES: usize = 64;
/// Records normalised together: enough to keep both cores busy, few enough to hold little memory.
const CHUNK: usize = 10_000;
/// Rejects and merges a report keeps to show (all are streamed to the logs, which take them at the commit),
/// unless it keeps every record's outcome for a caller that answers per record.
pub const REPORT_KEEPS: usize = 1_000;

/// A record folded into a posting that another record (or platform) had already published.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Merge {
    /// The merged record's `source:source_id`.
    pub source_ref: String,
    /// The posting it was merged into.
    pub into: PostingId,
    /// Why the two were taken for one opening.
    pub reason: String,
}

/// What one ingest did. `accepted + merged + rejected == total`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct IngestReport {
    /// Records read.
    pub total: usize,
    /// Records that became a new posting or updated the posting they had created before.
    pub accepted: usize,
    /// Records merged into a posting of another record.
    pub merged: usize,
    /// Records rejected.
    pub rejected: usize,
    /// Fields dropped from kept records (each reported as a warning).
    pub warnings: usize,
    /// The first rejects (all of them when the ingestor keeps what became of each record), with source,
    /// file, line, field and reason; every one is in the rejects log.
    #[serde(skip)]
    pub rejects: Vec<Reject>,
    /// The first merges (all of them when the ingestor keeps what became of each record); every one is in the
    /// merges log.
    #[serde(skip)]
    pub merges: Vec<Merge>,
    /// The first warnings (all of them when the ingestor keeps what became of each record); every one is in
    /// the warnings log.
    #[serde(skip)]
    pub warning_list: Vec<Warning>,
    /// What became of each record that was not rejected, by its position, in input order; kept only after
    /// [`Ingestor::keep_placed`], so that large files do not hold it.
    #[serde(skip)]
    pub placed: Vec<(usize, Placed)>,
}

/// What became of a record that was not rejected.
#[derive(Debug, Clone, PartialEq)]
pub enum Placed {
    /// Stored (new, or updating its earlier version) under this id.
    Accepted(PostingId),
    /// Merged into another posting.
    Merged(Merge),
}

impl IngestReport {
    /// Adds another report's figures and lists to this one.
    pub fn absorb(&mut self, other: IngestReport) {
        self.total += other.total;
        self.accepted += other.accepted;
        self.merged += other.merged;
        self.rejected += other.rejected;
        self.warnings += other.warnings;
        self.warning_list.extend(other.warning_list);
        self.rejects.extend(other.rejects);
        self.merges.extend(other.merges);
        self.placed.extend(other.placed);
    }
}

/// Ingests files into an index. Holds the index's only writer until dropped; call [`Ingestor::commit`]
/// before dropping, or what was staged since the last commit is not kept.
pub struct Ingestor<'a> {
    taxonomy: &'a Taxonomy,
    classifier: TitleClassifier,
    minhash: MinHash,
    index: &'a PostingIndex,
    writer: IndexWriter,
    deduper: Deduper,
    /// Boxed: a posting is a score of strings and lists, and the map moves its values each time it grows.
    staged: HashMap<PostingId, Box<Posting>>,
    staged_refs: HashMap<String, PostingId>,
    /// The rejects, merges and warnings logs: their lines reach them when the records are committed.
    logs: Logs,
    /// How many of the running report's rejects, merges and warnings are in the logs' pending lines.
    logged: (usize, usize, usize),
    /// The day records are read (postings without a readable date count from it).
    today: chrono::NaiveDate,
    /// The committed index held nothing: no look-up in it can find anything.
    index_was_empty: bool,
    /// Whether reports list what became of every record.
    keep_placed: bool,
    /// Every posting written (added, updated or merged into), in order, across commits.
    touched: Vec<PostingId>,
    /// When placing records must stop (a service request's deadline): nothing staged since the last commit is
    /// kept then.
    deadline: Option<std::time::Instant>,
    /// Records the caller gave (0 when they are read from a file, as they are counted while read).
    given: usize,
}

impl<'a> Ingestor<'a> {
    /// An ingestor writing to `index`.
    pub fn new(taxonomy: &'a Taxonomy, index: &'a PostingIndex) -> Result<Ingestor<'a>, Error> {
        let classifier = TitleClassifier::new(&taxonomy.occupations);
        // Titles without an occupation need the learned model: learn it while the files are read.
        classifier.prepare_in_background();
        let writer = index.writer()?;
        // Holding the only writer, read the last commit, whoever made it: whether the index is empty decides
        // whether postings are looked up and whether a staged one must replace another.
        index.reload()?;
        let logs = Logs::open(index.dir(), REJECTS_FILE, MERGES_FILE, WARNINGS_FILE)?;
        Ok(Ingestor {
            taxonomy,
            classifier,
            minhash: MinHash::default(),
            writer,
            index,
            deduper: Deduper::default(),
            staged: HashMap::new(),
            staged_refs: HashMap::new(),
            logs,
            logged: (0, 0, 0),
            today: chrono::Local::now().date_naive(),
            index_was_empty: index.is_empty(),
            keep_placed: false,
            touched: Vec::new(),
            deadline: None,
            given: 0,
        })
    }

    /// Counts postings without a readable date from `day` instead of the day they are read.
    pub fn reading_on(&mut self, day: chrono::NaiveDate) {
        self.today = day;
    }

    /// Stops placing records once `deadline` passes, with [`Error::DeadlineExceeded`]: a request whose client
    /// has gone does not keep the writer (and the cores) for minutes.
    pub fn until(&mut self, deadline: std::time::Instant) {
        self.deadline = Some(deadline);
    }

    /// Makes reports list what became of each record (for answers per record, as the service gives).
    pub fn keep_placed(&mut self) {
        self.keep_placed = true;
    }

    /// Reads and ingests a file. `progress(done, total)` is called as records are placed.
    pub fn ingest_file(
        &mut self,
        format: Format,
        path: &Path,
        encoding: Encoding,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<IngestReport, Error> {
        self.ingest_read(format, path, std::fs::read(path), encoding, progress)
    }

    /// Ingests a file the caller has read already (`read` is what reading `path` gave, so that a failed read
    /// is reported as [`Ingestor::ingest_file`] reports it): a command can read its first file while it starts.
    pub fn ingest_read(
        &mut self,
        format: Format,
        path: &Path,
        read: std::io::Result<Vec<u8>>,
        encoding: Encoding,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<IngestReport, Error> {
        let bytes = read.map_err(|e| Error::io(path, e))?;
        let label = path.display().to_string();
        let text = encoding.decode(&bytes, &label)?;
        self.ingest(format, &text, &label, progress)
    }

    /// Ingests text already in memory; `file` names it in rejects.
    pub fn ingest_text(&mut self, format: Format, text: &str, file: &str) -> Result<IngestReport, Error> {
        self.ingest(format, text, file, &mut |_, _| {})
    }

    /// Ingests records a typed caller built (the service's requests) in `format`'s field names, exactly as if
    /// they had been read from a file of that format; `origin` names them in rejects. Results carry each
    /// record's own position.
    pub fn ingest_records(
        &mut self,
        format: Format,
        records: Vec<RawRecord>,
        origin: &str,
    ) -> Result<IngestReport, Error> {
        let mut records = records;
        self.given = records.len();
        self.run(format, origin, &mut |_, _| {}, &mut |sink| {
            for record in records.drain(..) {
                sink(format.parse(Ok(record), origin))?;
            }
            Ok(())
        })
    }

    /// Reads records as the format streams them and processes them in chunks: a large export is never
    /// held parsed in memory. `progress(done, 0)` is called after each chunk, `progress(total, total)` last.
    fn ingest(
        &mut self,
        format: Format,
        text: &str,
        file: &str,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<IngestReport, Error> {
        self.run(format, file, progress, &mut |sink| format.read(text, file, sink))
    }

    /// Processes what `read` sends to its sink in chunks, then logs rejects and merges.
    fn run(
        &mut self,
        format: Format,
        file: &str,
        progress: &mut dyn FnMut(usize, usize),
        read: &mut dyn FnMut(&mut Sink<'_>) -> Result<(), Error>,
    ) -> Result<IngestReport, Error> {
        let started = std::time::Instant::now();
        let mut report = IngestReport::default();
        self.logged = (0, 0, 0);
        let mut chunk: Vec<Parsed> = Vec::with_capacity(CHUNK);
        read(&mut |parsed| {
            chunk.push(parsed);
            if chunk.len() >= CHUNK {
                let batch = std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK));
                self.process(batch, format, file, &mut report)?;
                self.log(&mut report)?;
                progress(report.total, 0);
            }
            Ok(())
        })?;
        self.process(chunk, format, file, &mut report)?;
        self.log(&mut report)?;
        progress(report.total, report.total);
        tracing::debug!(
            format = format.name(),
            records = report.total,
            elapsed_ms = started.elapsed().as_millis() as u64,
            "ingested"
        );
        Ok(report)
    }

    /// Appends the rejects and merges not logged yet to the logs' pending lines, then lets the report keep
    /// only the first ones unless every record's outcome is kept: a file of a million bad lines is streamed
    /// to the log, never held.
    fn log(&mut self, report: &mut IngestReport) -> Result<(), Error> {
        let logged = self.logged;
        self.logs.rejects.append(&report.rejects[logged.0..])?;
        self.logs.merges.append(&report.merges[logged.1..])?;
        self.logs.warnings.append(&report.warning_list[logged.2..])?;
        if !self.keep_placed {
            report.rejects.truncate(REPORT_KEEPS);
            report.merges.truncate(REPORT_KEEPS);
            report.warning_list.truncate(REPORT_KEEPS);
        }
        self.logged = (report.rejects.len(), report.merges.len(), report.warning_list.len());
        Ok(())
    }

    /// Normalises a chunk in parallel, then places its records in file order.
    fn process(
        &mut self,
        batch: Vec<Parsed>,
        format: Format,
        file: &str,
        report: &mut IngestReport,
    ) -> Result<(), Error> {
        let normaliser = Normaliser { taxonomy: self.taxonomy, classifier: &self.classifier, today: self.today };
        let minhash = &self.minhash;
        type Normalised = Result<(usize, Posting, Fingerprint, Vec<Warning>), Reject>;
        let normalised: Vec<Normalised> = batch
            .into_par_iter()
            .map(|record| {
                let record = record?;
                let position = record.line;
                let (posting, warnings) = normaliser.normalise(record, format.name(), file)?;
                let fingerprint = Fingerprint::of(&posting, minhash);
                Ok((position, posting, fingerprint, warnings))
            })
            .collect();
        let placed_before = report.total;
        report.total += normalised.len();
        for (i, item) in normalised.into_iter().enumerate() {
            if self.deadline.is_some_and(|deadline| std::time::Instant::now() >= deadline) {
                let total = self.given.max(report.total);
                return Err(Error::DeadlineExceeded { done: placed_before + i, total, what: "records" });
            }
            match item {
                Err(reject) => {
                    report.rejected += 1;
                    report.rejects.push(reject);
                }
                Ok((position, posting, fingerprint, warnings)) => {
                    report.warnings += warnings.len();
                    report.warning_list.extend(warnings);
                    self.place(position, posting, fingerprint, (format.name(), file), report)?
                }
            }
            if self.staged.len() >= COMMIT_EVERY {
                // The lines of the records placed so far go to the logs with them.
                self.log(report)?;
                self.commit()?;
            }
        }
        Ok(())
    }

    /// Updates the posting this record created before, refreshes what it gave a posting it was merged into,
    /// merges it into a duplicate, or adds it. Reading the same records again changes nothing.
    fn place(
        &mut self,
        position: usize,
        posting: Posting,
        fingerprint: Fingerprint,
        (format, file): (&str, &str),
        report: &mut IngestReport,
    ) -> Result<(), Error> {
        let source = posting.sources[0].clone();
        let key = source.key();
        if let Some(mut existing) = self.known_by_ref(&key)? {
            if existing.id.as_str() != key {
                // A record merged into another posting, read again: its contribution is refreshed and the
                // posting recomposed; the posting's own record still decides its title, employer and text.
                contribute(&mut existing, contribution_of(&posting, key.clone()));
                let into = existing.id.clone();
                self.stage(existing, false)?;
                let reason = "merged before: its fields refreshed".to_string();
                self.merged(position, Merge { source_ref: key, into, reason }, report);
                return Ok(());
            }
            // A re-published record replaces what it said before; other platforms' references and what they
            // contributed stay.
            let sources = std::mem::take(&mut existing.sources);
            let contributions = std::mem::take(&mut existing.contributions);
            let mut updated = Posting { id: existing.id.clone(), contributions, ..posting };
            for other in sources {
                updated.add_source(other);
            }
            if !updated.contributions.is_empty() {
                let own = contribution_of(&updated, key);
                contribute(&mut updated, own);
            }
            self.deduper.forget(&block_key(&existing), &updated.id);
            // Same text as the record's own fingerprint, computed in parallel: only the id changes.
            self.deduper.remember(fingerprint.with_id(updated.id.clone()));
            self.accept(position, updated, false, report)?;
            return Ok(());
        }
        self.load_block(&fingerprint.block)?;
        if let Some((into, reason)) = self.deduper.find(&fingerprint) {
            let mut target = self.posting(&into)?;
            if target.sources.len() >= MAX_SOURCES {
                let why =
                    format!("the same opening as {into}, which already takes in {MAX_SOURCES} records: not merged");
                report.rejected += 1;
                report.rejects.push(Reject {
                    source: format.to_string(),
                    file: file.to_string(),
                    line: position,
                    record_id: Some(source.source_id),
                    errors: vec![FieldError::new("(record)", why)],
                });
                return Ok(());
            }
            target.add_source(source);
            contribute(&mut target, contribution_of(&posting, key.clone()));
            self.stage(target, false)?;
            self.merged(position, Merge { source_ref: key, into, reason: reason.to_string() }, report);
            return Ok(());
        }
        self.deduper.remember(fingerprint);
        // No posting, staged or committed, names this record as a source, so none has its id (a posting's
        // id is the key of the record that made it, which stays among its sources).
        let absent = posting.id.as_str() == key;
        self.accept(position, posting, absent, report)
    }

    fn merged(&mut self, position: usize, merge: Merge, report: &mut IngestReport) {
        report.merged += 1;
        if self.keep_placed {
            report.placed.push((position, Placed::Merged(merge.clone())));
        }
        report.merges.push(merge);
    }

    fn accept(
        &mut self,
        position: usize,
        posting: Posting,
        absent: bool,
        report: &mut IngestReport,
    ) -> Result<(), Error> {
        if self.keep_placed {
            report.placed.push((position, Placed::Accepted(posting.id.clone())));
        }
        self.stage(posting, absent)?;
        report.accepted += 1;
        Ok(())
    }

    /// Every posting this ingestor wrote (added, updated or merged into), each once: what a catalog made
    /// before must take in ([`crate::Catalog::apply`]).
    pub fn touched(&self) -> Vec<PostingId> {
        let mut ids = self.touched.clone();
        ids.sort();
        ids.dedup();
        ids
    }

    /// Makes everything staged durable and searchable.
    pub fn commit(&mut self) -> Result<(), Error> {
        self.commit_staged()?;
        self.staged.clear();
        self.staged_refs.clear();
        self.index_was_empty = self.index.is_empty();
        Ok(())
    }

    /// Commits and frees the writer, then leaks the rest of the ingestor's memory on purpose: only for a
    /// process that exits next. What it holds (the postings staged, the fingerprints of every block read, the
    /// maps between them) is left to the process's end instead of being freed allocation by allocation, which
    /// took ~50 ms after a file of 39,000 records in `matcher ingest`. A long-lived caller uses `commit`.
    pub fn commit_before_exit(mut self) -> Result<(), Error> {
        self.commit_staged()?;
        let Ingestor { writer, staged, staged_refs, deduper, touched, .. } = self;
        // The writer is dropped: that waits for its threads and frees the index's lock.
        drop(writer);
        std::mem::forget((staged, staged_refs, deduper, touched));
        Ok(())
    }

    fn commit_staged(&mut self) -> Result<(), Error> {
        let started = std::time::Instant::now();
        self.writer.commit()?;
        tracing::debug!(commit_ms = started.elapsed().as_millis() as u64, "committed");
        self.index.reload()?;
        self.logs.publish()
    }

    /// Hands the posting to the index writer at once, so that tokenising runs beside the placing of the
    /// next records; a later version of the same id replaces it (tantivy applies deletes in order). A
    /// posting the caller knows `absent` from the index and not staged since the last commit is simply
    /// added: a delete by id would be kept until the commit and looked up in every segment there.
    fn stage(&mut self, posting: Posting, absent: bool) -> Result<(), Error> {
        if absent && !self.staged.contains_key(&posting.id) {
            self.index.stage_new(&self.writer, &posting)?;
        } else {
            self.index.stage_upsert(&self.writer, &posting)?;
        }
        self.touched.push(posting.id.clone());
        for source in &posting.sources {
            self.staged_refs.insert(source.key(), posting.id.clone());
        }
        self.staged.insert(posting.id.clone(), Box::new(posting));
        Ok(())
    }

    fn known_by_ref(&self, key: &str) -> Result<Option<Posting>, Error> {
        if let Some(id) = self.staged_refs.get(key) {
            return Ok(self.staged.get(id).map(|p| Posting::clone(p)));
        }
        if self.index_was_empty {
            return Ok(None);
        }
        self.index.find_by_source_ref(key)
    }

    fn posting(&self, id: &PostingId) -> Result<Posting, Error> {
        if let Some(posting) = self.staged.get(id) {
            return Ok(Posting::clone(posting));
        }
        self.index.get(id)?.ok_or_else(|| Error::NotFound { what: "posting", id: id.to_string() })
    }

    fn load_block(&mut self, block: &str) -> Result<(), Error> {
        if !self.deduper.needs_load(block) {
            return Ok(());
        }
        if self.index_was_empty {
            self.deduper.mark_loaded(block);
            return Ok(());
        }
        for posting in self.index.block(block)? {
            if !self.staged.contains_key(&posting.id) {
                self.deduper.remember(Fingerprint::of(&posting, &self.minhash));
            }
        }
        self.deduper.mark_loaded(block);
        Ok(())
    }
}
