//! The generated `matcher.v1` messages, servers and clients, and the descriptor set reflection serves.

#![allow(missing_docs, clippy::all, clippy::pedantic)]

mod posting;

pub use posting::Posting;

tonic::include_proto!("matcher.v1");

/// `Posting` as generated, its fields: what `Posting` shares (build.rs generates it from the same descriptor).
pub mod plain {
    include!(concat!(env!("OUT_DIR"), "/plain/matcher.v1.rs"));
}

/// The encoded file descriptor set of `matcher.v1`, for server reflection.
pub const FILE_DESCRIPTOR_SET: &[u8] = tonic::include_file_descriptor_set!("matcher_v1_descriptor");
