//! Which outputs a run writes: `--formats json,csv,xlsx,html` (all by default). The summary is always written.

use std::fmt;

/// One kind of output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// `recommendations.json`: every cadre's lists, for backends.
    Json,
    /// `recommendations.csv`: one row per recommendation, UTF-8 with a byte-order mark.
    Csv,
    /// `recommendations.xlsx`: the same rows with tick columns, the shortfalls and a summary sheet.
    Xlsx,
    /// `index.html` and one printable page per cadre in `cadres/`.
    Html,
}

impl Format {
    /// Every format, in the order they are listed.
    pub const ALL: [Format; 4] = [Format::Json, Format::Csv, Format::Xlsx, Format::Html];

    /// The file (or the index page) this format writes.
    pub fn file(self) -> &'static str {
        match self {
            Format::Json => super::JSON_FILE,
            Format::Csv => super::CSV_FILE,
            Format::Xlsx => super::XLSX_FILE,
            Format::Html => super::INDEX_PAGE,
        }
    }
}

impl fmt::Display for Format {
    /// The name `--formats` takes (clap's, from the variant).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let value = clap::ValueEnum::to_possible_value(self).ok_or(fmt::Error)?;
        f.write_str(value.get_name())
    }
}

/// A set of formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Formats(u8);

impl Formats {
    /// Every output.
    pub fn all() -> Formats {
        Formats::of(&Format::ALL)
    }

    /// These formats (repeats are harmless).
    pub fn of(formats: &[Format]) -> Formats {
        Formats(formats.iter().fold(0, |bits, &f| bits | 1 << f as u8))
    }

    /// Whether `format` is asked for.
    pub fn has(self, format: Format) -> bool {
        self.0 & (1 << format as u8) != 0
    }

    /// The formats asked for, in their listed order.
    pub fn listed(self) -> impl Iterator<Item = Format> {
        Format::ALL.into_iter().filter(move |&f| self.has(f))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_holds_exactly_what_it_was_given() {
        let some = Formats::of(&[Format::Xlsx, Format::Json, Format::Xlsx]);
        assert_eq!(some.listed().collect::<Vec<_>>(), [Format::Json, Format::Xlsx]);
        assert!(!some.has(Format::Csv) && !some.has(Format::Html));
        assert_eq!(Formats::all().listed().count(), 4);
    }
}
