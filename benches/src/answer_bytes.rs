//! A gRPC codec for load generators: the request encoded as the service's message, the answer kept as the
//! bytes received. A load generator on the server's own machine that decoded every answer into messages
//! (about 14 kB of postings per Recommend answer at top 10: UTF-8 checks and a few hundred allocations) would
//! take CPU from the server it measures; it decodes a sample of the answers instead, to check them.

use bytes::{Buf, Bytes};
use tonic::codec::{Codec, DecodeBuf, Decoder, EncodeBuf, Encoder};
use tonic::Status;

/// Encodes `Request` with prost; decodes the answer as its bytes.
pub struct AnswerBytes<Request>(std::marker::PhantomData<Request>);

impl<Request> Default for AnswerBytes<Request> {
    fn default() -> Self {
        AnswerBytes(std::marker::PhantomData)
    }
}

impl<Request: prost::Message + Send + 'static> Codec for AnswerBytes<Request> {
    type Encode = Request;
    type Decode = Bytes;
    type Encoder = RequestEncoder<Request>;
    type Decoder = BytesDecoder;

    fn encoder(&mut self) -> Self::Encoder {
        RequestEncoder(std::marker::PhantomData)
    }

    fn decoder(&mut self) -> Self::Decoder {
        BytesDecoder
    }
}

/// Encodes a request message.
pub struct RequestEncoder<Request>(std::marker::PhantomData<Request>);

impl<Request: prost::Message> Encoder for RequestEncoder<Request> {
    type Item = Request;
    type Error = Status;

    fn encode(&mut self, item: Request, dst: &mut EncodeBuf<'_>) -> Result<(), Status> {
        item.encode(dst).map_err(|e| Status::internal(format!("encoding the request: {e}")))
    }
}

/// Keeps an answer's bytes.
pub struct BytesDecoder;

impl Decoder for BytesDecoder {
    type Item = Bytes;
    type Error = Status;

    fn decode(&mut self, src: &mut DecodeBuf<'_>) -> Result<Option<Bytes>, Status> {
        Ok(Some(src.copy_to_bytes(src.remaining())))
    }
}
