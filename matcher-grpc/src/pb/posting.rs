//! `pb::Posting`: the message `matcher.v1.Posting`, shared. A posting's listed message is made once and then
//! sent in many answers (every student it is recommended to, kept lists asked for again): the posting cache
//! keeps it as the bytes it encodes to (`Posting::encoded`), and an answer clones the handle and copies those
//! bytes, instead of copying two dozen strings for each answer and encoding them again. A message made of
//! fields (`Posting::new`: a search hit, GetPosting) is encoded from them as generated code would. On the
//! wire it is the generated message; clients read its fields through `Deref` (`posting.title`) and take them
//! to change them (`into_fields`). Reading the fields of a message kept as bytes decodes them and keeps them
//! beside the bytes: the service never reads the postings it keeps so.

use std::fmt;
use std::ops::Deref;
use std::sync::{Arc, OnceLock};

use prost::bytes::{Buf, BufMut, Bytes};
use prost::encoding::{DecodeContext, WireType};
use prost::{DecodeError, Message};

use super::plain;

/// A shared `matcher.v1.Posting`.
#[derive(Clone, Default)]
pub struct Posting(Arc<Shared>);

/// The fields, the bytes they encode to, or both: a message made of fields is encoded from them; one kept as
/// bytes is decoded when its fields are first read (neither set is the empty message).
#[derive(Clone, Default)]
struct Shared {
    fields: OnceLock<plain::Posting>,
    encoded: Option<Bytes>,
}

impl Shared {
    fn fields(&self) -> &plain::Posting {
        self.fields.get_or_init(|| self.decoded())
    }

    /// The fields of the bytes. Bytes are only ever kept as encoded here, so they decode; were they not, the
    /// message would be empty.
    fn decoded(&self) -> plain::Posting {
        self.encoded.as_ref().and_then(|bytes| plain::Posting::decode(bytes.clone()).ok()).unwrap_or_default()
    }

    fn take_fields(&mut self) -> plain::Posting {
        match self.fields.take() {
            Some(fields) => fields,
            None => self.decoded(),
        }
    }
}

impl Posting {
    /// The message of these fields.
    pub fn new(fields: plain::Posting) -> Posting {
        Posting(Arc::new(Shared { fields: OnceLock::from(fields), encoded: None }))
    }

    /// The message of these fields kept as its bytes alone, for a message kept to be sent many times (its
    /// fields are decoded again if read).
    pub fn encoded(fields: &plain::Posting) -> Posting {
        Posting(Arc::new(Shared { fields: OnceLock::new(), encoded: Some(Bytes::from(fields.encode_to_vec())) }))
    }

    /// Its fields, owned.
    pub fn into_fields(self) -> plain::Posting {
        Arc::try_unwrap(self.0).map_or_else(|shared| shared.fields().clone(), |mut shared| shared.take_fields())
    }
}

impl From<plain::Posting> for Posting {
    fn from(fields: plain::Posting) -> Posting {
        Posting::new(fields)
    }
}

impl Deref for Posting {
    type Target = plain::Posting;

    fn deref(&self) -> &plain::Posting {
        self.0.fields()
    }
}

impl PartialEq for Posting {
    fn eq(&self, other: &Posting) -> bool {
        self.0.fields() == other.0.fields()
    }
}

impl fmt::Debug for Posting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fields().fmt(f)
    }
}

impl Message for Posting {
    fn encode_raw(&self, buf: &mut impl BufMut) {
        match &self.0.encoded {
            Some(bytes) => buf.put_slice(bytes),
            None => self.0.fields().encode_raw(buf),
        }
    }

    fn merge_field(
        &mut self,
        tag: u32,
        wire_type: WireType,
        buf: &mut impl Buf,
        ctx: DecodeContext,
    ) -> Result<(), DecodeError> {
        // The fields merged into (decoded first if kept as bytes); the bytes no longer hold the message.
        let shared = Arc::make_mut(&mut self.0);
        let mut fields = shared.take_fields();
        let merged = fields.merge_field(tag, wire_type, buf, ctx);
        *shared = Shared { fields: OnceLock::from(fields), encoded: None };
        merged
    }

    fn encoded_len(&self) -> usize {
        match &self.0.encoded {
            Some(bytes) => bytes.len(),
            None => self.0.fields().encoded_len(),
        }
    }

    fn clear(&mut self) {
        *self = Posting::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> plain::Posting {
        plain::Posting {
            id: "TT-1".into(),
            sources: vec!["tuantuan:1".into(), "yangfan:9".into()],
            title: "会计助理".into(),
            description: "负责凭证录入".into(),
            headcount: Some(3),
            pay_min: 4_000,
            ..Default::default()
        }
    }

    #[test]
    fn a_shared_posting_is_on_the_wire_what_the_generated_message_is() {
        let shared = Posting::new(fields());
        assert_eq!(shared.encode_to_vec(), fields().encode_to_vec());
        assert_eq!(shared.encoded_len(), fields().encoded_len());
        let read = Posting::decode(fields().encode_to_vec().as_slice()).expect("decodes");
        assert_eq!(*read, fields());
        // Inside another message too (a recommendation's posting, field 3).
        let listed = super::super::Recommendation { rank: 1, posting: Some(shared.clone()), ..Default::default() };
        let back = super::super::Recommendation::decode(listed.encode_to_vec().as_slice()).expect("decodes");
        assert_eq!(back.posting.as_deref(), Some(&fields()));
    }

    #[test]
    fn a_posting_kept_as_bytes_reads_and_sends_as_its_fields() {
        let kept = Posting::encoded(&fields());
        assert_eq!(*kept, fields(), "its fields are read back from the bytes");
        assert_eq!(kept.encode_to_vec(), fields().encode_to_vec());
        assert_eq!(kept, Posting::new(fields()));
        assert_eq!(kept.clone().into_fields(), fields());
        // A kept posting decoded over: its fields are merged, and it is no longer sent as the bytes kept.
        let mut merged = Posting::encoded(&fields());
        merged
            .merge(plain::Posting { title: "出纳".into(), ..Default::default() }.encode_to_vec().as_slice())
            .expect("merges");
        let read = Posting::decode(merged.encode_to_vec().as_slice()).expect("decodes");
        assert_eq!((read.title.as_str(), read.id.as_str()), ("出纳", "TT-1"));
    }

    #[test]
    fn a_posting_decoded_over_another_is_sent_as_decoded() {
        let mut posting = Posting::new(fields());
        let sent = posting.encode_to_vec();
        // Decoding merges fields into the message: the bytes encoded before are not sent again.
        let changed = plain::Posting { title: "出纳".into(), ..Default::default() };
        posting.merge(changed.encode_to_vec().as_slice()).expect("merges");
        assert_eq!(posting.title, "出纳");
        assert_eq!(posting.id, "TT-1", "the other fields are kept");
        let read = Posting::decode(posting.encode_to_vec().as_slice()).expect("decodes");
        assert_eq!(read.title, "出纳");
        assert_ne!(posting.encode_to_vec(), sent);
        let mut cleared = posting.clone();
        cleared.clear();
        assert_eq!(cleared.encoded_len(), 0);
    }
}
