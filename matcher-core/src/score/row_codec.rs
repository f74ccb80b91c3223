//! A catalog row as bytes, for a segment's file of rows (`row_cache.rs`): little-endian numbers, text as its
//! length and UTF-8, a vocabulary's value as its place in `ALL`. Reading checks every length against the bytes
//! left and every value against its type: bytes that are not a row are `None`, never a panic or an
//! allocation larger than the bytes.

use super::row::Row;
use crate::model::{
    Cohort, EducationLevel, MajorCode, MajorRequirement, PostingId, PostingKind, RegionCode, VolunteerTrack,
};

/// Appends `row` to `out`; `None` (and `out` partly written) when a value is not in its vocabulary's `ALL`.
pub(crate) fn encode(out: &mut Vec<u8>, row: &Row) -> Option<()> {
    text(out, row.id.as_str());
    out.extend_from_slice(&row.region.get().to_le_bytes());
    out.extend_from_slice(&(row.cohorts.len() as u32).to_le_bytes());
    for cohort in &row.cohorts {
        out.push(position(Cohort::ALL, cohort)?);
    }
    out.push(position(EducationLevel::ALL, &row.min_education)?);
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
    out.push(position(PostingKind::ALL, &row.kind)?);
    out.push(match row.track {
        Some(track) => position(VolunteerTrack::ALL, &track)?.checked_add(1)?,
        None => 0,
    });
    Some(())
}

/// The place of `value` in `all`, as a byte.
fn position<T: PartialEq>(all: &[T], value: &T) -> Option<u8> {
    all.iter().position(|v| v == value).and_then(|at| u8::try_from(at).ok())
}

/// Text as its length (4 bytes) and its UTF-8.
fn text(out: &mut Vec<u8>, text: &str) {
    out.extend_from_slice(&(text.len() as u32).to_le_bytes());
    out.extend_from_slice(text.as_bytes());
}

/// A byte 0 for none, or 1 and the text.
fn optional_text(out: &mut Vec<u8>, value: Option<&str>) {
    match value {
        Some(value) => {
            out.push(1);
            text(out, value);
        }
        None => out.push(0),
    }
}

/// Reads what [`encode`] and a file's header wrote; `None` at the first thing out of place.
pub(crate) struct Reader<'a> {
    /// The bytes not read yet.
    pub(crate) bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    /// The next `n` bytes.
    pub(crate) fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, rest) = self.bytes.split_at_checked(n)?;
        self.bytes = rest;
        Some(head)
    }

    /// The next byte.
    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }

    /// The next 4 bytes as a number.
    pub(crate) fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    /// The next 4 bytes as a signed number.
    fn i32(&mut self) -> Option<i32> {
        Some(i32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    /// The next 8 bytes as a number.
    pub(crate) fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    /// A count of items of at least `smallest` bytes each, when the bytes left can hold that many.
    fn count(&mut self, smallest: usize) -> Option<usize> {
        let count = self.u32()? as usize;
        (count <= self.bytes.len() / smallest).then_some(count)
    }

    /// Text written by `text`.
    fn text(&mut self) -> Option<&'a str> {
        let length = self.u32()? as usize;
        std::str::from_utf8(self.take(length)?).ok()
    }

    /// Text written by `optional_text`.
    fn optional_text(&mut self) -> Option<Option<String>> {
        match self.u8()? {
            0 => Some(None),
            1 => Some(Some(self.text()?.to_string())),
            _ => None,
        }
    }

    /// A vocabulary's value by its place in `all`.
    fn one_of<T: Copy>(&mut self, all: &[T]) -> Option<T> {
        all.get(usize::from(self.u8()?)).copied()
    }

    /// Major requirements: a count, then a level byte and a code each.
    fn majors(&mut self) -> Option<Vec<MajorRequirement>> {
        let count = self.count(5)?;
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

    /// The next row; its id and place are checked as when they are read from a posting.
    pub(crate) fn row(&mut self) -> Option<Row> {
        let id: PostingId = self.text()?.parse().ok()?;
        let region = RegionCode::from_number(self.u32()?)?;
        let cohorts = (0..self.count(1)?).map(|_| self.one_of(Cohort::ALL)).collect::<Option<Vec<_>>>()?;
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
        // Fields are read in the order they are written: a struct expression evaluates them in order.
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
