//! Characters that change how text is shown without being seen, which neither a shown text nor an id may hold.

/// Zero-width characters, the byte-order mark, and the bidirectional marks, embeddings, overrides and isolates
/// (a right-to-left override can make a line read backwards on a screen).
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}
