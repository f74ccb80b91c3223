//! The stored posting read straight out of a stored document's bytes. tantivy reads a bytes value one byte
//! per call (its generic `Vec<T>` reader): a tenth of a catalog's load went there. The layout (tantivy's
//! document store, version 0.27) is a VInt count of values, then for each value its field (a little-endian
//! u32), a type code and the value: text and bytes as a VInt length and the bytes. Anything else answers
//! `None`, and the caller reads the document through tantivy instead, so a layout this does not know costs
//! speed, never a posting.

/// Type codes of the values a posting's document stores (`tantivy::schema::document::type_codes`).
const TEXT_CODE: u8 = 0;
const BYTES_CODE: u8 = 4;

/// The bytes value of `field` in a stored document, if the document is laid out as expected.
pub(crate) fn bytes_of(document: &[u8], field: u32) -> Option<&[u8]> {
    let mut at = 0;
    let count = vint(document, &mut at)?;
    for _ in 0..count {
        let id = u32::from_le_bytes(document.get(at..at + 4)?.try_into().ok()?);
        let code = *document.get(at + 4)?;
        at += 5;
        if code != TEXT_CODE && code != BYTES_CODE {
            return None;
        }
        let len = usize::try_from(vint(document, &mut at)?).ok()?;
        let value = document.get(at..at.checked_add(len)?)?;
        at += len;
        if id == field && code == BYTES_CODE {
            return Some(value);
        }
    }
    None
}

/// tantivy's VInt: seven bits a byte, least significant first, the last byte marked by its high bit.
fn vint(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let byte = *bytes.get(*at)?;
        *at += 1;
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 != 0 {
            return Some(value);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncated_or_unknown_layouts_answer_none_not_a_panic() {
        // Two values: text "ab" in field 0, bytes [1, 2, 3] in field 7.
        let document = [0x82, 0, 0, 0, 0, TEXT_CODE, 0x82, b'a', b'b', 7, 0, 0, 0, BYTES_CODE, 0x83, 1, 2, 3];
        assert_eq!(bytes_of(&document, 7), Some(&[1u8, 2, 3][..]));
        assert_eq!(bytes_of(&document, 0), None, "a text value is not the bytes asked for");
        assert_eq!(bytes_of(&document, 9), None);
        for cut in 0..document.len() {
            assert_eq!(bytes_of(&document[..cut], 7), None, "cut at {cut}");
        }
        let mut unknown = document;
        unknown[5] = 2;
        assert_eq!(bytes_of(&unknown, 7), None, "a value of another type: read through tantivy instead");
        assert_eq!(bytes_of(&[0xff; 16], 7), None, "a length that never ends");
    }
}
