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
    /// Decodes `bytes`; invalid bytes for the chosen encoding are an error naming the file.
    pub fn decode<'a>(self, bytes: &'a [u8], file: &str) -> Result<Cow<'a, str>, Error> {
        let utf8 = || std::str::from_utf8(bytes).map(|s| Cow::Borrowed(s.trim_start_matches('\u{feff}')));
        match self {
            Encoding::Utf8 => {
                utf8().map_err(|e| bad(file, "utf-8", format!("invalid UTF-8 at byte {}", e.valid_up_to())))
            }
            Encoding::Gbk => decode_gbk(bytes, file),
            Encoding::Auto => match utf8() {
                Ok(text) => Ok(text),
                Err(_) => decode_gbk(bytes, file)
                    .map_err(|_| bad(file, "text", "neither UTF-8 nor GBK: is it a binary file?".to_string())),
            },
        }
    }
}

fn decode_gbk<'a>(bytes: &'a [u8], file: &str) -> Result<Cow<'a, str>, Error> {
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(bad(file, "gbk", "bytes that are not GBK".to_string()));
    }
    Ok(text)
}

fn bad(file: &str, format: &str, reason: String) -> Error {
    Error::BadFile { path: file.to_string(), format: format.to_string(), reason }
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
        assert!(Encoding::Utf8.decode(&gbk, "f").is_err());
        assert!(Encoding::Auto.decode(&[0xff, 0xff, 0x00, 0x81], "f").is_err());
    }
}
