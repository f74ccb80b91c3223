//! `RowCache`: the catalog's rows of each index segment, kept in a file beside the index, so that a catalog is
//! built without reading, decompressing and parsing every stored posting again.
//!
//! Reading the rows from the document store was most of a catalog's load (~0.3 s of the 0.46 s of
//! `matcher recommend` at 100,000 postings, on both cores). A tantivy segment never changes once written
//! (deletions only mark its documents, and are read from the index), so its rows are read from the store
//! once and then from `catalog-rows/<segment>.<fingerprint>.rows` in the index's folder: a segment new since
//! the last run (an ingest) is the only one read from the store. A row also depends on the industries table
//! (its 门类 and the campaigns' industries), on the campaigns' words and industries and on the code that makes
//! it, which the fingerprint hashes: a service with its own campaigns and a command line run with the
//! built-in ones each find their own file.
//!
//! A file that cannot be used for any reason (missing, not a plain file, larger than its segment could
//! make, another layout, a segment of another size, a checksum that does not match, a row that does not
//! decode, a live document it lacks) is a miss: the segment is read from the store as before, and the file
//! written anew. Writing is best effort (a folder that cannot be written costs the next run the same read),
//! through a temporary file renamed into place, so that a reader never sees half a file. Each build removes
//! the files of segments no longer in its snapshot (merged away; a process holding an older snapshot may
//! remove a newer one's, which costs that one a read), all but the newest few of a segment, and temporary
//! files a stopped process left.
//!
//! Rows hold what postings say (places, codes, pay, dates), never anything about a student.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::campaign::Campaign;
use super::campaign_marks::CampaignMarks;
use super::row::Row;
use super::row_codec::{encode, Reader};
use crate::index::{DocRef, SegmentId};
use crate::private;
use crate::stable_hash::{fnv1a, fnv1a_part, EMPTY};
use crate::taxonomy::Taxonomy;

/// The folder, inside the index's, that holds the files.
pub(crate) const FOLDER: &str = "catalog-rows";
/// Begins every file; the last two bytes are the layout's version.
const MAGIC: &[u8; 8] = b"JQROWS01";
/// Magic, fingerprint, document slots, rows, payload length, payload checksum.
pub(crate) const HEADER: usize = 8 + 8 + 4 + 4 + 8 + 4;
/// The most bytes a row may take in a file (an id of 64 characters, 200 major requirements and the rest
/// take under 4 KiB): a file larger than its segment's slots allow is not read.
const MAX_ROW_BYTES: u64 = 64 << 10;
/// Files kept of one segment (one per fingerprint: configurations and builds), the newest.
const KEPT_PER_SEGMENT: usize = 4;

/// The code that makes, writes and reads rows (and the vocabularies' order, which their codes are; the ids'
/// and codes' checks; the stored layout): a change to any of it makes every file stale, with no version
/// number to remember to raise.
const MAKERS: [&str; 12] = [
    include_str!("row.rs"),
    include_str!("row_codec.rs"),
    include_str!("row_cache.rs"),
    include_str!("catalog_build.rs"),
    include_str!("catalog_fields.rs"),
    include_str!("campaign_marks.rs"),
    include_str!("entry.rs"),
    include_str!("../model/enums.rs"),
    include_str!("../model/ids.rs"),
    include_str!("../model/posting.rs"),
    include_str!("../index/snapshot.rs"),
    include_str!("../index/stored.rs"),
];

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
        RowCache {
            dir: index_dir.join(FOLDER),
            fingerprint: fingerprint(taxonomy, campaigns),
            campaign_bits: CampaignMarks::bits(campaigns),
        }
    }

    /// The file of `segment`'s rows under this fingerprint.
    fn path(&self, segment: SegmentId) -> PathBuf {
        self.dir.join(format!("{}.{:016x}.rows", segment.uuid_string(), self.fingerprint))
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
        let bytes = read_bounded(&path, HEADER as u64 + u64::from(slots) * MAX_ROW_BYTES)?;
        let rows = self.decode(&bytes, ordinal, slots, live, deleted);
        if rows.is_none() {
            tracing::debug!(file = %path.display(), "catalog rows not usable: the segment is read from the index");
        }
        rows
    }

    /// The rows of a file's bytes, checked against the segment as [`RowCache::read`] says.
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
        // Every live document must be there (a file written when more were live holds them all).
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

    /// The file's bytes, written to a temporary file that is then renamed to `path`.
    fn write_file(&self, path: &Path, slots: u32, rows: &[(DocRef, Row)]) -> std::io::Result<()> {
        let mut payload = Vec::with_capacity(rows.len() * 112);
        for (at, row) in rows {
            payload.extend_from_slice(&at.doc.to_le_bytes());
            encode(&mut payload, row).ok_or_else(|| std::io::Error::other("a value outside its vocabulary"))?;
        }
        let mut file = Vec::with_capacity(HEADER + payload.len());
        file.extend_from_slice(MAGIC);
        file.extend_from_slice(&self.fingerprint.to_le_bytes());
        file.extend_from_slice(&slots.to_le_bytes());
        file.extend_from_slice(&(rows.len() as u32).to_le_bytes());
        file.extend_from_slice(&(payload.len() as u64).to_le_bytes());
        file.extend_from_slice(&crc32fast::hash(&payload).to_le_bytes());
        file.extend_from_slice(&payload);
        private::create_dir_all(&self.dir)?;
        private::replace(path, &file)
    }

    /// Removes the files of segments not in `segments`, all but the [`KEPT_PER_SEGMENT`] newest of each
    /// segment, and temporary files an hour old or more (left by a process that stopped while writing).
    pub(crate) fn sweep(&self, segments: &[SegmentId]) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        let live: Vec<String> = segments.iter().map(|s| s.uuid_string()).collect();
        let mut kept: Vec<(usize, std::time::SystemTime, PathBuf)> = Vec::new();
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(name) = name.to_str() else {
                continue;
            };
            let modified = entry.metadata().and_then(|m| m.modified()).ok();
            if let Some(segment) = name.strip_suffix(".rows").and_then(|stem| stem.split('.').next()) {
                match live.iter().position(|s| s == segment) {
                    Some(at) => kept.push((at, modified.unwrap_or(std::time::UNIX_EPOCH), entry.path())),
                    None => remove(&entry.path()),
                }
            } else if name.starts_with('.') && name.ends_with(".tmp") {
                let age = modified.and_then(|t| t.elapsed().ok());
                if age.is_some_and(|age| age.as_secs() >= 3600) {
                    remove(&entry.path());
                }
            }
        }
        // Newest first within each segment.
        kept.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        for group in kept.chunk_by(|a, b| a.0 == b.0) {
            group.iter().skip(KEPT_PER_SEGMENT).for_each(|(_, _, path)| remove(path));
        }
    }
}

/// A file's bytes when it is a plain file of at most `limit` bytes (not a pipe, a device or a file that grows
/// while it is read).
fn read_bounded(path: &Path, limit: u64) -> Option<Vec<u8>> {
    let file = std::fs::File::open(path).ok()?;
    let metadata = file.metadata().ok()?;
    if !metadata.is_file() || metadata.len() > limit {
        return None;
    }
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    file.take(limit + 1).read_to_end(&mut bytes).ok()?;
    (bytes.len() as u64 <= limit).then_some(bytes)
}

/// Removes a file; one already gone (another process swept it) is no matter.
fn remove(path: &Path) {
    let _ = std::fs::remove_file(path);
}

/// What a row is made from besides its posting: the code above, the industries table and the campaigns.
pub(super) fn fingerprint(taxonomy: &Taxonomy, campaigns: &[Campaign]) -> u64 {
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
