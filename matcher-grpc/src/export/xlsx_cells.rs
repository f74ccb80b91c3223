//! The list sheet's rows as worksheet XML, written here straight into a buffer: text as inline strings,
//! escaped as Excel escapes it, numbers as they are, days as serial numbers in the date style. (Written cell
//! by cell through rust_xlsxwriter's constant-memory sheet, 62,700 rows took 0.7 s of one core; this writes
//! the same XML in pieces on every core.)

use std::io::Write;

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{ExcelDateTime, XlsxError};

use matcher_grpc::cell_text::fitted;

use super::rows::Cell;

/// A day as Excel stores it (a date, so that it sorts and filters as one).
pub fn excel_day(day: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(day.year().clamp(1900, 9999) as u16, day.month() as u8, day.day() as u8)
}

/// Writes rows of cells as `<row>` elements, numbered on from a first row.
pub struct RowWriter {
    /// Column names, A, B, …, for as many columns as a row has.
    columns: Vec<String>,
    /// The style of date cells (the workbook's `yyyy-mm-dd`).
    date_style: u32,
    /// The next row's number, 1-based as in the sheet's XML.
    next: u32,
}

impl RowWriter {
    /// Rows from `first` (1-based), days in style `date_style`.
    pub fn new(columns: usize, date_style: u32, first: u32) -> RowWriter {
        RowWriter { columns: (0..columns).map(column_name).collect(), date_style, next: first }
    }

    /// Appends one row; empty cells and empty text are left out, as rust_xlsxwriter leaves them. The XML is
    /// put together from its parts rather than formatted (formatting the opening tags of a run's 1.5
    /// million cells took ~0.1 s of CPU at 100,000 postings, of the workbook's ~0.6 s).
    pub fn write(&mut self, out: &mut Vec<u8>, row: &[Cell]) -> anyhow::Result<()> {
        let r = self.next;
        self.next += 1;
        let mut digits = [0u8; 10];
        let number = decimal(r, &mut digits);
        out.extend_from_slice(b"<row r=\"");
        out.extend_from_slice(number);
        out.extend_from_slice(b"\">");
        for (cell, column) in row.iter().zip(&self.columns) {
            let open = |out: &mut Vec<u8>| {
                out.extend_from_slice(b"<c r=\"");
                out.extend_from_slice(column.as_bytes());
                out.extend_from_slice(number);
                out.push(b'"');
            };
            match cell {
                Cell::Text(text) => text_cell(out, open, text),
                Cell::Number(n) if n.is_finite() => {
                    open(out);
                    write!(out, "><v>{n}</v></c>")?
                }
                Cell::Number(n) => text_cell(out, open, &n.to_string()),
                Cell::Date(day) => {
                    let serial = excel_day(*day)?.to_excel();
                    open(out);
                    write!(out, r#" s="{}"><v>{serial}</v></c>"#, self.date_style)?
                }
                Cell::Empty => {}
            }
        }
        out.extend_from_slice(b"</row>");
        Ok(())
    }
}

/// `n` in decimal, in the end of `digits`.
fn decimal(mut n: u32, digits: &mut [u8; 10]) -> &[u8] {
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            return &digits[at..];
        }
    }
}

/// A text cell, opened by `open` (`<c r="A2"`), its text fitted to a cell and escaped.
fn text_cell(out: &mut Vec<u8>, open: impl Fn(&mut Vec<u8>), text: &str) {
    let text = fitted(text);
    if text.is_empty() {
        return;
    }
    let space = [' ', '\t', '\n'];
    open(out);
    out.extend_from_slice(if text.starts_with(space) || text.ends_with(space) {
        br#" t="inlineStr"><is><t xml:space="preserve">"#
    } else {
        br#" t="inlineStr"><is><t>"#
    });
    escape(out, &text);
    out.extend_from_slice(b"</t></is></c>");
}

/// Text as cell XML: `&`, `<`, `>` as entities; control characters but tab and line feed as `_xHHHH_`, as
/// Excel writes them; and a literal `_xHHHH_` with its underscore escaped (`_x005F_xHHHH_`), so that it
/// reads back as written instead of as the character it names.
pub fn escape(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    let mut plain = 0;
    // Most text holds none of them: the bytes are tested against a table, and only those it marks are
    // looked at again.
    while let Some(found) = bytes[plain..].iter().position(|&b| MARKED[usize::from(b)]) {
        let at = plain + found;
        out.extend_from_slice(&bytes[plain..at]);
        plain = at + 1;
        match bytes[at] {
            b'&' => out.extend_from_slice(b"&amp;"),
            b'<' => out.extend_from_slice(b"&lt;"),
            b'>' => out.extend_from_slice(b"&gt;"),
            b'_' if is_escape(&bytes[at..]) => out.extend_from_slice(b"_x005F_"),
            b'_' => out.push(b'_'),
            b => {
                let _ = write!(out, "_x{b:04X}_");
            }
        }
    }
    out.extend_from_slice(&bytes[plain..]);
}

/// The bytes [`escape`] may replace: `&`, `<`, `>`, `_` and control characters but tab and line feed.
const MARKED: [bool; 256] = {
    let mut marked = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        marked[b] = b != b'\t' as usize && b != b'\n' as usize;
        b += 1;
    }
    marked[b'&' as usize] = true;
    marked[b'<' as usize] = true;
    marked[b'>' as usize] = true;
    marked[b'_' as usize] = true;
    marked
};

/// True when `bytes` start with an escape as Excel writes one: `_x`, four hex digits, `_`.
fn is_escape(bytes: &[u8]) -> bool {
    bytes.len() >= 7 && bytes[1] == b'x' && bytes[2..6].iter().all(u8::is_ascii_hexdigit) && bytes[6] == b'_'
}

/// A column's name: A … Z, AA … AZ, BA ….
pub fn column_name(index: usize) -> String {
    let mut name = Vec::new();
    let mut n = index + 1;
    while n > 0 {
        n -= 1;
        name.push(b'A' + (n % 26) as u8);
        n /= 26;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(text: &str) -> String {
        let mut out = Vec::new();
        escape(&mut out, text);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn text_is_escaped_as_excel_escapes_it() {
        assert_eq!(escaped("会计 & 出纳 <助理>"), "会计 &amp; 出纳 &lt;助理&gt;");
        assert_eq!(escaped("a\u{1}b\rc\td\ne"), "a_x0001_b_x000D_c\td\ne");
        assert_eq!(escaped("_x0041_ and _x00G1_ and _x12"), "_x005F_x0041_ and _x00G1_ and _x12");
        assert_eq!(escaped("_x00a1_"), "_x005F_x00a1_");
        assert_eq!(escaped(""), "");
    }

    /// The escape written a character at a time, as the rules say.
    fn escaped_by_the_rules(text: &str) -> String {
        let mut out = String::new();
        for (at, c) in text.char_indices() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '_' if is_escape(&text.as_bytes()[at..]) => out.push_str("_x005F_"),
                '\t' | '\n' => out.push(c),
                c if (c as u32) < 0x20 => out.push_str(&format!("_x{:04X}_", c as u32)),
                c => out.push(c),
            }
        }
        out
    }

    #[test]
    fn every_ascii_character_anywhere_is_escaped_by_the_rules() {
        for b in 0u8..0x80 {
            let c = char::from(b);
            for text in [format!("{c}"), format!("会{c}计"), format!("ab{c}"), format!("{c}{c}_x00{c}1_{c}_x0041_")] {
                assert_eq!(escaped(&text), escaped_by_the_rules(&text), "{text:?}");
            }
        }
    }

    #[test]
    fn row_numbers_are_written_in_decimal() {
        let mut digits = [0u8; 10];
        for n in [0, 7, 10, 99, 1_048_576, u32::MAX] {
            assert_eq!(decimal(n, &mut digits), n.to_string().as_bytes());
        }
    }

    #[test]
    fn columns_are_named_as_in_a_spreadsheet() {
        let names: Vec<String> = [0, 25, 26, 35, 51, 52, 701, 702].into_iter().map(column_name).collect();
        assert_eq!(names, ["A", "Z", "AA", "AJ", "AZ", "BA", "ZZ", "AAA"]);
    }

    #[test]
    fn a_row_leaves_out_empty_cells_and_keeps_spaces_at_the_ends() {
        let mut out = Vec::new();
        let mut rows = RowWriter::new(4, 7, 2);
        let day = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
        let cells = [Cell::Text(" 出纳".into()), Cell::Empty, Cell::Number(0.5), Cell::Date(day)];
        rows.write(&mut out, &cells).unwrap();
        rows.write(&mut out, &[Cell::Text("".into())]).unwrap();
        let xml = String::from_utf8(out).unwrap();
        assert_eq!(
            xml,
            concat!(
                r#"<row r="2"><c r="A2" t="inlineStr"><is><t xml:space="preserve"> 出纳</t></is></c>"#,
                r#"<c r="C2"><v>0.5</v></c><c r="D2" s="7"><v>46327</v></c></row><row r="3"></row>"#
            )
        );
    }
}
