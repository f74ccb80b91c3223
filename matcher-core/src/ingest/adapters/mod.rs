//! One adapter per source format; each reads its platform's own export into raw records.

mod common;
mod generic;

pub use generic::GENERIC_COLUMNS;
mod national;
mod tuantuan;
mod xiaochi;
mod yangfan;

use std::fmt;
use std::str::FromStr;

use super::container::{csv_rows, json_lines, json_list, to_reject, Record};
use super::fields::FieldMap;
use super::raw::RawPosting;
use super::record::RawRecord;
use super::reject::{FieldError, Reject};
use crate::error::Error;

/// A record read from a file: raw fields, or a reject.
pub(crate) type Parsed = Result<RawPosting, Reject>;

/// Where an adapter sends each record it reads; an error stops the reading.
pub(crate) type Sink<'a> = dyn FnMut(Parsed) -> Result<(), Error> + 'a;

/// The input formats, one per source platform, plus the generic CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// 扬帆潇湘 internships, JSON Lines.
    Yangfan,
    /// 小翅零工 gigs, CSV.
    Xiaochi,
    /// 团团微就业, JSON.
    Tuantuan,
    /// 全国大学生实习服务平台, JSON like its list API.
    National,
    /// Generic CSV with an explicit kind.
    Generic,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 5] =
        [Format::Yangfan, Format::Xiaochi, Format::Tuantuan, Format::National, Format::Generic];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Yangfan => "yangfan",
            Format::Xiaochi => "xiaochi",
            Format::Tuantuan => "tuantuan",
            Format::National => "national",
            Format::Generic => "generic",
        }
    }

    /// The file name of the format's sample in `data/sample/`.
    pub fn sample_file(self) -> &'static str {
        match self {
            Format::Yangfan => "yangfan.jsonl",
            Format::Xiaochi => "xiaochi.csv",
            Format::Tuantuan => "tuantuan.json",
            Format::National => "national.json",
            Format::Generic => "generic.csv",
        }
    }

    /// Reads `text` in this format, sending each record to `sink` as it is read.
    pub(crate) fn read(self, text: &str, file: &str, sink: &mut Sink<'_>) -> Result<(), Error> {
        let name = self.name();
        let mut emit = |record: Record| sink(self.parse(record, file));
        match self {
            Format::Yangfan => json_lines(text, file, name, &mut emit),
            Format::Xiaochi => csv_rows(text, file, name, xiaochi::REQUIRED, &mut emit),
            Format::Tuantuan => json_list(text, file, name, &["jobs"], &mut emit),
            Format::National => json_list(text, file, name, &["data", "list"], &mut emit),
            Format::Generic => csv_rows(text, file, name, generic::REQUIRED, &mut emit),
        }
    }

    /// One record of this format (from its container, or built by a typed caller) → raw fields or a reject;
    /// `origin` names where it came from in the reject.
    pub(crate) fn parse(self, record: Record, origin: &str) -> Parsed {
        let map_record: &dyn Fn(&FieldMap, usize, &mut Vec<FieldError>) -> RawPosting = match self {
            Format::Yangfan => &yangfan::raw,
            Format::Xiaochi => &xiaochi::raw,
            Format::Tuantuan => &tuantuan::raw,
            Format::National => &national::raw,
            Format::Generic => &generic::raw,
        };
        to_parsed(self.name(), origin, record, map_record)
    }
}

impl FromStr for Format {
    type Err = Error;
    fn from_str(raw: &str) -> Result<Self, Error> {
        Format::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(raw.trim()))
            .ok_or_else(|| Error::invalid("source", raw, "expected yangfan, xiaochi, tuantuan, national or generic"))
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Turns a container record into a raw posting with `map_record`. Errors in the fields a posting cannot do
/// without (id, title, employer, place) reject the record; errors in the others drop the field, the record
/// kept (the adapter gave each a fallback).
fn to_parsed(
    format: &str,
    file: &str,
    record: Record,
    map_record: &dyn Fn(&FieldMap, usize, &mut Vec<FieldError>) -> RawPosting,
) -> Parsed {
    let RawRecord { position: line, fields } = record.map_err(|(line, error)| to_reject(format, file, line, error))?;
    let mut errors = Vec::new();
    let mut raw = map_record(&fields, line, &mut errors);
    let names = raw.names;
    let essential = [names.id, names.title, names.employer, names.place, "(record)"];
    let (fatal, dropped): (Vec<FieldError>, Vec<FieldError>) =
        errors.into_iter().partition(|e| essential.contains(&e.field.as_str()));
    if fatal.is_empty() {
        raw.dropped.extend(dropped.into_iter().map(|e| {
            let value = fields.get(&e.field).unwrap_or_default();
            (e, value)
        }));
        return Ok(raw);
    }
    let mut errors = fatal;
    errors.extend(dropped);
    Err(Reject { source: format.to_string(), file: file.to_string(), line, record_id: raw.source_id, errors })
}
