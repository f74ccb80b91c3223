//! Text as people should see it: control characters, invisible characters (zero-width spaces, byte-order
//! marks) and bidirectional overrides (which can make a line read backwards on a screen) are never kept in a
//! posting or a profile, and never echoed raw to a terminal.

use std::borrow::Cow;

use crate::invisible::is_invisible;

/// One line of text (a title, an employer, a name): controls become spaces, invisibles are dropped, runs of
/// spaces become one, and the ends are trimmed.
pub fn clean_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if is_invisible(c) {
            continue;
        }
        if c.is_control() || c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    out
}

/// Running text (a description, an intention): line breaks (`\r\n`, `\r`, `\n`) become `\n` and tabs stay;
/// other controls and invisibles are dropped; the ends are trimmed.
pub fn clean_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\n' | '\t' => out.push(c),
            _ if c.is_control() || is_invisible(c) => {}
            _ => out.push(c),
        }
    }
    out.trim().to_string()
}

/// Text safe to print to a terminal: controls and invisibles written as `\u{…}` escapes, so that input
/// echoed in a message can neither move the cursor, recolour the screen nor reverse a line.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c.is_control() || is_invisible(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() || is_invisible(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn lines_lose_controls_and_invisibles() {
        assert_eq!(clean_line("  会计\t助理\r\n（长沙）\u{0} "), "会计 助理 （长沙）");
        assert_eq!(clean_line("\u{200b}\u{feff}\u{202e}"), "", "zero-width only is nothing");
        assert_eq!(clean_line("销售\u{202e}理经"), "销售理经");
    }

    #[test]
    fn running_text_keeps_its_lines() {
        assert_eq!(
            clean_text("职责：\r\n1. 检测\r2. 整理\u{7}\n\t3. 其他\u{202e} "),
            "职责：\n1. 检测\n2. 整理\n\t3. 其他"
        );
    }

    #[test]
    fn printing_escapes_terminal_controls() {
        assert_eq!(printable("ok"), "ok");
        assert_eq!(printable("\u{1b}[2J标题\u{202e}"), "\\u{1b}[2J标题\\u{202e}");
    }

    proptest! {
        #[test]
        fn cleaned_text_has_no_control_or_invisible(text in "\\PC*|[\\x00-\\x1f\\u{200b}-\\u{202e}a-z长沙 ]{0,40}") {
            let line = clean_line(&text);
            prop_assert!(!line.chars().any(|c| c.is_control() || is_invisible(c)));
            prop_assert_eq!(line.trim(), line.as_str());
            let running = clean_text(&text);
            prop_assert!(!running.chars().any(|c| (c.is_control() && c != '\n' && c != '\t') || is_invisible(c)));
            prop_assert!(!printable(&text).chars().any(|c| c.is_control() || is_invisible(c)));
        }
    }
}
