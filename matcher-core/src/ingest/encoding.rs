//! Text encodings of input files: UTF-8, or GBK (GB 18030) as Chinese platforms export, detected or declared.

use std::borrow::Cow;
use std::str::FromStr;

use crate::error::Error;

/// The encoding of an input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// UTF-8 when the bytes are valid UTF-8, GBK otherwise.
    #[default]
    Auto,
    /// UTF-8 (a byte-order mark is allowed).
    Utf8,
    /// GBK, read as its superset GB 18030.
    Gbk,
}

impl FromStr for Encoding {
    type Err = Error;
    fn from_str(raw: &str) -> Result<Self, Error> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "auto" => Ok(Encoding::Auto),
            "utf-8" | "utf8" => Ok(Encoding::Utf8),
            "gbk" | "gb2312" | "gb18030" => Ok(Encoding::Gbk),
            _ => Err(Error::invalid("encoding", raw, "expected auto, utf-8 or gbk")),
        }
    }
}

impl Encoding {
    /// Decodes `bytes`. A file is never lost for a few bad bytes (a truncated export, one corrupted byte):
    /// bytes that are not valid in the encoding become U+FFFD, which the normaliser refuses in the fields
    /// they fall in, so only the records holding them are rejected. `Auto` takes UTF-8 when the bytes are
    /// valid UTF-8, GBK when they are valid GBK, and otherwise whichever of the two reads more of them.
    /// Nothing of this fails; a file that is not text at all fails as its format (not JSON, no header).
    /// Valid UTF-8 is taken as written: a U+FFFD in it, which its source wrote, is no bad byte and never makes
    /// a file declared UTF-8 refused (the normaliser still drops the fields that hold one).
    pub fn decode<'a>(self, bytes: &'a [u8], file: &str) -> Result<Cow<'a, str>, Error> {
        let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
        // Valid UTF-8 (what nearly every file is) is taken as it is, checked at once with SIMD; a U+FFFD it
        // holds was written by its source, not put there for a bad byte.
        if self != Encoding::Gbk {
            if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
                return Ok(Cow::Borrowed(text));
            }
        }
        let decoded = match self {
            Encoding::Utf8 => String::from_utf8_lossy(bytes),
            Encoding::Gbk => gbk(bytes),
            Encoding::Auto => {
                // Not UTF-8 throughout. GBK reads most byte pairs as some character, so a UTF-8 file with one
                // bad byte would read as GBK gibberish without a replacement: UTF-8 wins whenever its characters
                // far outnumber its bad bytes, as they do in any UTF-8 text and in no GBK text.
                let as_utf8 = String::from_utf8_lossy(bytes);
                if mostly_readable(&as_utf8) {
                    as_utf8
                } else {
                    let as_gbk = gbk(bytes);
                    if replacements(&as_gbk) <= replacements(&as_utf8) {
                        as_gbk
                    } else {
                        as_utf8
                    }
                }
            }
        };
        let bad = replacements(&decoded);
        if self != Encoding::Auto && !mostly_readable(&decoded) {
            let name = if self == Encoding::Gbk { "gbk" } else { "utf-8" };
            let reason = format!("{bad} bytes are not {name}: is the encoding declared right? (try --encoding auto)");
            return Err(Error::BadFile { path: file.to_string(), format: name.to_string(), reason });
        }
        if bad > 0 {
            tracing::warn!(
                file,
                bytes = bad,
                "bytes that are not valid text were replaced; their records are rejected"
            );
        }
        Ok(decoded)
    }
}

fn gbk(bytes: &[u8]) -> Cow<'_, str> {
    encoding_rs::GB18030.decode_without_bom_handling(bytes).0
}

/// A few bad bytes in much text (a truncated or damaged export), not text of another encoding: its readable
/// characters far outnumber its bad bytes, as in any UTF-8 text read as UTF-8 and in no GBK text read so.
fn mostly_readable(text: &str) -> bool {
    let bad = replacements(text);
    let good = text.chars().filter(|&c| !c.is_ascii() && c != '\u{fffd}').count();
    bad * 10 <= good
}

fn replacements(text: &str) -> usize {
    text.matches('\u{fffd}').count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_utf8_and_gbk() {
        let (gbk, _, _) = encoding_rs::GBK.encode("岗位,长沙市");
        assert_eq!(Encoding::Auto.decode(&gbk, "f").unwrap(), "岗位,长沙市");
        assert_eq!(Encoding::Auto.decode("岗位".as_bytes(), "f").unwrap(), "岗位");
        assert_eq!(Encoding::Auto.decode("\u{feff}岗位".as_bytes(), "f").unwrap(), "岗位");
        assert!(Encoding::Utf8.decode(&gbk, "f").is_err(), "GBK declared UTF-8 is refused");
    }

    #[test]
    fn a_bad_byte_or_a_cut_character_costs_only_what_holds_it() {
        let lines: Vec<String> = (1..=12).map(|i| format!("{i},湖南星辰科技有限公司会计助理岗位{i}\n")).collect();
        let good = format!("id,title\n{}", lines.concat());
        let mut bytes = good.as_bytes().to_vec();
        let at = good.find("\n3,").unwrap() + 1;
        bytes.insert(at, 0xff);
        let text = Encoding::Auto.decode(&bytes, "f").unwrap();
        assert_eq!(text.lines().count(), 13);
        assert!(text.contains("会计助理岗位12"), "still read as UTF-8: {text:?}");
        assert_eq!(text.matches('\u{fffd}').count(), 1);
        // An export cut in the middle of a character keeps everything before it.
        let cut = &good.as_bytes()[..good.len() - 3];
        let text = Encoding::Auto.decode(cut, "f").unwrap();
        assert!(text.contains("会计助理岗位11\n12,湖南"), "{text:?}");
    }

    #[test]
    fn valid_utf8_is_read_as_written_even_with_replacement_characters_in_it() {
        // A source that once replaced bad bytes itself exports valid UTF-8 full of U+FFFD: its bytes are
        // all good, so the file is read, not refused as "not utf-8", and nothing is replaced again.
        let text = "id,title\n1,\u{fffd}\u{fffd}\u{fffd}\u{fffd}会计\n2,出纳\n";
        for encoding in [Encoding::Utf8, Encoding::Auto] {
            let decoded = encoding.decode(text.as_bytes(), "f").unwrap();
            assert!(matches!(decoded, Cow::Borrowed(_)), "{encoding:?}");
            assert_eq!(decoded, text);
        }
    }
}
