//! Text as a spreadsheet cell holds it: every workbook Jinqiao writes cuts its text here, so that one long
//! field never stops a workbook for everyone.

use std::borrow::Cow;

/// Most UTF-16 units Excel holds in a cell is 32,767: longer text is cut with an ellipsis, never an error
/// that would stop the workbook for everyone.
const MAX_CELL_UNITS: usize = 32_000;

/// `text` cut to what a cell holds (counted as Excel counts, in UTF-16 units: a character outside the
/// basic plane, such as most emoji, takes two).
pub fn fitted(text: &str) -> Cow<'_, str> {
    // A UTF-16 unit is never longer than the UTF-8 bytes of its character.
    if text.len() <= MAX_CELL_UNITS {
        return Cow::Borrowed(text);
    }
    let mut units = 0;
    for (at, ch) in text.char_indices() {
        units += ch.len_utf16();
        if units > MAX_CELL_UNITS {
            return Cow::Owned(format!("{}…", &text[..at]));
        }
    }
    Cow::Borrowed(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_cut_to_what_a_cell_holds_counted_in_utf16_units() {
        let short = "岗".repeat(MAX_CELL_UNITS);
        assert_eq!(fitted(&short), short.as_str());
        let long = "岗".repeat(MAX_CELL_UNITS + 1);
        assert_eq!(fitted(&long).chars().count(), MAX_CELL_UNITS + 1, "cut, with the ellipsis");
        // Emoji take two units each: 20,000 of them are 40,000 units, more than a cell holds.
        let emoji = "😀".repeat(20_000);
        let cut = fitted(&emoji);
        assert!(cut.encode_utf16().count() <= MAX_CELL_UNITS + 1, "{}", cut.encode_utf16().count());
        assert!(cut.ends_with('…'));
    }
}
