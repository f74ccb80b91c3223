//! `pb::Posting`: the message `matcher.v1.Posting`, shared. A posting's message is made once, encoded the first
//! time it is sent, and then listed in many answers (search hits, every student it is recommended to, kept
//! lists asked for again): cloning it shares it, and encoding it copies the bytes encoded the first time,
//! instead of copying two dozen strings for each answer and encoding them again. On the wire it is the
//! generated message; clients read its fields through `Deref` (`posting.title`) and may change them through
//! `DerefMut`, which forgets the encoded bytes.

use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::{Arc, OnceLock};

use prost::bytes::{Buf, BufMut, Bytes};
use prost::encoding::{DecodeContext, WireType};
use prost::{DecodeError, Message};

use super::plain;

/// A shared `matcher.v1.Posting`.
#[derive(Clone, Default)]
pub struct Posting(Arc<Shared>);

#[derive(Clone, Default)]
struct Shared {
    fields: plain::Posting,
    /// The fields encoded, the first time the message is encoded (forgotten when they change).
    encoded: OnceLock<Bytes>,
}

impl Shared {
    fn encoded(&self) -> &Bytes {
        self.encoded.get_or_init(|| Bytes::from(self.fields.encode_to_vec()))
    }
}

impl Posting {
    /// The message of these fields.
    pub fn new(fields: plain::Posting) -> Posting {
        Posting(Arc::new(Shared { fields, encoded: OnceLock::new() }))
    }

    /// Its fields, owned.
    pub fn into_fields(self) -> plain::Posting {
        Arc::try_unwrap(self.0).map_or_else(|shared| shared.fields.clone(), |shared| shared.fields)
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
        &self.0.fields
    }
}

impl DerefMut for Posting {
    fn deref_mut(&mut self) -> &mut plain::Posting {
        let shared = Arc::make_mut(&mut self.0);
        shared.encoded = OnceLock::new();
        &mut shared.fields
    }
}

impl PartialEq for Posting {
    fn eq(&self, other: &Posting) -> bool {
        self.0.fields == other.0.fields
    }
}

impl fmt::Debug for Posting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fields.fmt(f)
    }
}

impl Message for Posting {
    fn encode_raw(&self, buf: &mut impl BufMut) {
        buf.put_slice(self.0.encoded());
    }

    fn merge_field(
        &mut self,
        tag: u32,
        wire_type: WireType,
        buf: &mut impl Buf,
        ctx: DecodeContext,
    ) -> Result<(), DecodeError> {
        self.deref_mut().merge_field(tag, wire_type, buf, ctx)
    }

    fn encoded_len(&self) -> usize {
        self.0.encoded().len()
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
    fn a_changed_copy_is_encoded_as_changed_and_the_original_is_not() {
        let original = Posting::new(fields());
        let mut changed = original.clone();
        changed.title = "出纳".into();
        let read = Posting::decode(changed.encode_to_vec().as_slice()).expect("decodes");
        assert_eq!(read.title, "出纳", "the bytes encoded first are not sent for a changed message");
        assert_eq!(original.title, "会计助理");
        assert_eq!(original.encode_to_vec(), fields().encode_to_vec());
        let mut cleared = original.clone();
        cleared.clear();
        assert_eq!(cleared.encoded_len(), 0);
    }
}
