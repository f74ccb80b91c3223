//! `RowCache`: the catalog's rows of each index segment, kept in a file beside the index, so that a catalog is
//! built without reading, decompressing and parsing every stored posting again.
//!
//! Reading the rows from the document store was most of a catalog's load (~0.3 s of the 0.46 s of
//! `matcher recommend` at 100,000 postings, on both cores). A tantivy segment never changes once written
//! (deletions only mark its documents), so its rows are read from the store once and then from
//! `catalog-rows/<segment>.rows` in the index's folder: a segment new since the last run (an ingest) is the
//! only one read from the store. A row also depends on the industries table (its 门类 and the campaigns'
//! industries), on the campaigns' words and industries and on the code that makes it: a file made under
//! others is not used, and is replaced.
//!
//! A file that cannot be used for any reason (missing, another version, another configuration, a segment of
//! another size, a checksum that does not match, a row that does not decode, a live document it lacks) is
//! a miss: the segment is read from the store as before, and the file written anew. Writing is best effort
//! (a folder that cannot be written costs the next run the same read), through a temporary file renamed
//! into place, so that a reader never sees half a file. Files of segments no longer in the index are
//! removed when one is written.
//!
//! Rows hold what postings say (places, codes, pay, dates), never anything about a student.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::index::SegmentId;

use super::campaign::Campaign;
use super::catalog_build::Row;
use crate::index::DocRef;
use crate::model::{
    Cohort, EducationLevel, MajorCode, MajorRequirement, PostingId, PostingKind, RegionCode, VolunteerTrack,
};
use crate::stable_hash::{fnv1a, fnv1a_part, EMPTY};
use crate::taxonomy::Taxonomy;

/// The folder, inside the index's, that holds the files.
pub(crate) const FOLDER: &str = "catalog-rows";
/// Begins every file; the last two bytes are the layout's version.
const MAGIC: &[u8; 8] = b"JQROWS01";
/// Magic, fingerprint, document slots, rows, payload length, payload checksum.
const HEADER: usize = 8 + 8 + 4 + 4 + 8 + 4;
/// The largest file read (a segment of 1,000,000 postings makes ~150 MB).
const MAX_FILE: u64 = 4 << 30;
/// Temporary files made by this process, numbered so that threads never share one.
static TEMPORARY: AtomicU64 = AtomicU64::new(0);

/// The row files of one index's folder, for one taxonomy and set of campaigns.
pub(crate) struct RowCache {
    dir: PathBuf,
    fingerprint: u64,
    /// The campaign bits a row may carry (one per campaign marked).
    campaign_bits: u8,
}

impl RowCache {
    /// The files in `index_dir`'s folder, for rows made under `taxonomy` and `campaigns`.
    pub(crate) fn new(index_dir: &Path, taxonomy: &Taxonomy, campaigns: &[Campaign]) -> RowCache {
        let marked = campaigns.len().min(super::campaign_marks::MARKED);
        let campaign_bits = ((1u16 << marked) - 1) as u8;
        RowCache { dir: index_dir.join(FOLDER), fingerprint: fingerprint(taxonomy, campaigns), campaign_bits }
    }

    fn path(&self, segment: SegmentId) -> PathBuf {
        self.dir.join(format!("{}.rows", segment.uuid_string()))
    }

    /// The rows of the live documents of `segment` (ordinal `ordinal`, `slots` documents of which `live` are
    /// live, `deleted` telling which), when its file holds every one of them; `None` otherwise.
    pub(crate) fn read(
        &self,
        segment: SegmentId,
        ordinal: u32,
        slots: u32,
        live: u32,
        deleted: &dyn Fn(u32) -> bool,
    ) -> Option<Vec<(DocRef, Row)>> {
        let path = self.path(segment);
        let size = std::fs::metadata(&path).ok()?.len();
        if size > MAX_FILE {
            return None;
        }
        let bytes = std::fs::read(&path).ok()?;
        let rows = self.decode(&bytes, ordinal, slots, live, deleted);
        if rows.is_none() {
            tracing::debug!(file = %path.display(), "catalog rows not usable: the segment is read from the index");
        }
        rows
    }

    fn decode(
        &self,
        bytes: &[u8],
        ordinal: u32,
        slots: u32,
        live: u32,
        deleted: &dyn Fn(u32) -> bool,
    ) -> Option<Vec<(DocRef, Row)>> {
        let mut header = Reader { bytes: bytes.get(..HEADER)? };
        if header.take(8)? != MAGIC || header.u64()? != self.fingerprint || header.u32()? != slots {
            return None;
        }
        let count = header.u32()?;
        let length = usize::try_from(header.u64()?).ok()?;
        let checksum = header.u32()?;
        let payload = bytes.get(HEADER..)?;
        if payload.len() != length || crc32fast::hash(payload) != checksum || count > slots {
            return None;
        }
        let mut reader = Reader { bytes: payload };
        let mut rows = Vec::with_capacity(live as usize);
        let mut next = 0u32;
        for _ in 0..count {
            let doc = reader.u32()?;
            if doc < next || doc >= slots {
                return None;
            }
            next = doc + 1;
            let row = reader.row()?;
            if row.campaigns & !self.campaign_bits != 0 {
                return None;
            }
            if !deleted(doc) {
                rows.push((DocRef { segment: ordinal, doc }, row));
            }
        }
        // Documents only ever become deleted: a file written when more were live still holds every live one.
        (reader.bytes.is_empty() && rows.len() == live as usize).then_some(rows)
    }

    /// Writes the rows of `segment` (of `slots` documents), replacing its file; an error is logged, not
    /// returned (the file only saves time).
    pub(crate) fn write(&self, segment: SegmentId, slots: u32, rows: &[(DocRef, Row)]) {
        let path = self.path(segment);
        if let Err(error) = self.write_file(&path, slots, rows) {
            tracing::debug!(file = %path.display(), %error, "catalog rows not kept");
        }
    }

    fn write_file(&self, path: &Path, slots: u32, rows: &[(DocRef, Row)]) -> std::io::Result<()> {
        let mut payload = Vec::with_capacity(rows.len() * 96);
        for (at, row) in rows {
            payload.extend_from_slice(&at.doc.to_le_bytes());
            encode(&mut payload, row);
        }
        let mut file = Vec::with_capacity(HEADER + payload.len());
        file.extend_from_slice(MAGIC);
        file.extend_from_slice(&self.fingerprint.to_le_bytes());
        file.extend_from_slice(&slots.to_le_bytes());
        file.extend_from_slice(&(rows.len() as u32).to_le_bytes());
        file.extend_from_slice(&(payload.len() as u64).to_le_bytes());
        file.extend_from_slice(&crc32fast::hash(&payload).to_le_bytes());
        file.extend_from_slice(&payload);
        std::fs::create_dir_all(&self.dir)?;
        let number = TEMPORARY.fetch_add(1, Ordering::Relaxed);
        let temporary = self.dir.join(format!(".{}.{number}.tmp", std::process::id()));
        let written = owner_only(&temporary).and_then(|mut out| out.write_all(&file));
        match written.and_then(|()| std::fs::rename(&temporary, path)) {
            Ok(()) => Ok(()),
            Err(error) => {
                let _ = std::fs::remove_file(&temporary);
                Err(error)
            }
        }
    }

    /// Removes the files of segments not in `segments` (merged away or deleted whole), and temporary files
    /// left by a process that stopped while writing (an hour old or more).
    pub(crate) fn sweep(&self, segments: &[SegmentId]) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        let kept: Vec<String> = segments.iter().map(|s| format!("{}.rows", s.uuid_string())).collect();
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(name) = name.to_str() else {
                continue;
            };
            let stale = if name.ends_with(".rows") {
                !kept.iter().any(|k| k == name)
            } else if name.starts_with('.') && name.ends_with(".tmp") {
                let age = entry.metadata().and_then(|m| m.modified()).ok().and_then(|t| t.elapsed().ok());
                age.is_some_and(|age| age.as_secs() >= 3600)
            } else {
                false
            };
            if stale {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// A new file readable and writable by its owner only.
fn owner_only(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// The code that makes, writes and reads rows (and the vocabularies' order, which their codes are): a change
/// to any of it makes every file stale, with no version number to remember to raise.
const MAKERS: [&str; 7] = [
    include_str!("catalog_build.rs"),
    include_str!("catalog_fields.rs"),
    include_str!("campaign_marks.rs"),
    include_str!("entry.rs"),
    include_str!("row_cache.rs"),
    include_str!("../model/enums.rs"),
    include_str!("../taxonomy/industries.rs"),
];

/// What a row is made from besides its posting: the code above, the industries table and the campaigns.
fn fingerprint(taxonomy: &Taxonomy, campaigns: &[Campaign]) -> u64 {
    let mut hash = fnv1a(EMPTY, MAGIC);
    hash = MAKERS.iter().fold(hash, |hash, source| fnv1a_part(hash, source));
    hash = fnv1a(hash, &taxonomy.industries.fingerprint().to_le_bytes());
    hash = fnv1a(hash, &(campaigns.len() as u64).to_le_bytes());
    for campaign in campaigns {
        hash = fnv1a_part(hash, &campaign.code);
        for part in [&campaign.industries, &campaign.keywords] {
            hash = fnv1a(hash, &(part.len() as u64).to_le_bytes());
            hash = part.iter().fold(hash, |hash, text| fnv1a_part(hash, text));
        }
    }
    hash
}

/// A row's fields, in order: text as a length and UTF-8, a vocabulary as its place in `ALL`.
fn encode(out: &mut Vec<u8>, row: &Row) {
    text(out, row.id.as_str());
    out.extend_from_slice(&row.region.get().to_le_bytes());
    out.push(row.cohorts.len().min(255) as u8);
    out.extend(row.cohorts.iter().take(255).map(|c| position(Cohort::ALL, c)));
    out.push(position(EducationLevel::ALL, &row.min_education));
    optional_text(out, row.industry.as_deref());
    out.push(row.industry_section);
    optional_text(out, row.occupation.as_deref());
    for majors in [&row.majors, &row.preferred_majors] {
        out.extend_from_slice(&(majors.len() as u32).to_le_bytes());
        for requirement in majors {
            let (level, code) = match requirement {
                MajorRequirement::Major(code) => (0, code),
                MajorRequirement::Class(code) => (1, code),
                MajorRequirement::Category(code) => (2, code),
            };
            out.push(level);
            text(out, code.as_str());
        }
    }
    match row.headcount {
        Some(n) => {
            out.push(1);
            out.extend_from_slice(&n.to_le_bytes());
        }
        None => out.push(0),
    }
    for n in [row.pay_min, row.pay_max] {
        out.extend_from_slice(&n.to_le_bytes());
    }
    for day in [row.posted, row.expires] {
        out.extend_from_slice(&day.to_le_bytes());
    }
    out.push(row.campaigns);
    out.push(position(PostingKind::ALL, &row.kind));
    out.push(row.track.map_or(0, |t| position(VolunteerTrack::ALL, &t) + 1));
}

fn position<T: PartialEq>(all: &[T], value: &T) -> u8 {
    all.iter().position(|v| v == value).unwrap_or(0) as u8
}

fn text(out: &mut Vec<u8>, text: &str) {
    out.extend_from_slice(&(text.len() as u32).to_le_bytes());
    out.extend_from_slice(text.as_bytes());
}

fn optional_text(out: &mut Vec<u8>, value: Option<&str>) {
    match value {
        Some(value) => {
            out.push(1);
            text(out, value);
        }
        None => out.push(0),
    }
}

/// Reads what [`encode`] wrote; `None` at the first thing out of place (never a panic).
struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, rest) = self.bytes.split_at_checked(n)?;
        self.bytes = rest;
        Some(head)
    }

    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn i32(&mut self) -> Option<i32> {
        Some(i32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    fn text(&mut self) -> Option<&'a str> {
        let length = self.u32()? as usize;
        std::str::from_utf8(self.take(length)?).ok()
    }

    fn optional_text(&mut self) -> Option<Option<String>> {
        match self.u8()? {
            0 => Some(None),
            1 => Some(Some(self.text()?.to_string())),
            _ => None,
        }
    }

    fn one_of<T: Copy>(&mut self, all: &[T]) -> Option<T> {
        all.get(usize::from(self.u8()?)).copied()
    }

    fn majors(&mut self) -> Option<Vec<MajorRequirement>> {
        let count = self.u32()? as usize;
        // Each takes five bytes at least: a count larger than the bytes left is a broken file.
        if count > self.bytes.len() / 5 {
            return None;
        }
        let mut majors = Vec::with_capacity(count);
        for _ in 0..count {
            let level = self.u8()?;
            let code = MajorCode(self.text()?.to_string());
            majors.push(match level {
                0 => MajorRequirement::Major(code),
                1 => MajorRequirement::Class(code),
                2 => MajorRequirement::Category(code),
                _ => return None,
            });
        }
        Some(majors)
    }

    fn row(&mut self) -> Option<Row> {
        let id: PostingId = self.text()?.parse().ok()?;
        let region = RegionCode::from_number(self.u32()?)?;
        let cohorts = (0..self.u8()?).map(|_| self.one_of(Cohort::ALL)).collect::<Option<Vec<_>>>()?;
        let min_education = self.one_of(EducationLevel::ALL)?;
        let industry = self.optional_text()?;
        let industry_section = self.u8()?;
        let occupation = self.optional_text()?;
        let majors = self.majors()?;
        let preferred_majors = self.majors()?;
        let headcount = match self.u8()? {
            0 => None,
            1 => Some(self.u32()?),
            _ => return None,
        };
        Some(Row {
            id,
            region,
            cohorts,
            min_education,
            industry,
            industry_section,
            occupation,
            majors,
            preferred_majors,
            headcount,
            pay_min: self.u32()?,
            pay_max: self.u32()?,
            posted: self.i32()?,
            expires: self.i32()?,
            campaigns: self.u8()?,
            kind: self.one_of(PostingKind::ALL)?,
            track: match self.u8()? {
                0 => None,
                n => Some(*VolunteerTrack::ALL.get(usize::from(n) - 1)?),
            },
        })
    }
}
