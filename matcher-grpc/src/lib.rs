//! The gRPC edge of Jinqiao: the `matcher.v1` protocol (generated in [`pb`]), the service over
//! matcher-core, its configuration and its embedded store. The `matcher` binary's `serve` runs it.

pub mod cell_text;
pub mod community;
pub mod pb;
/// Owner-only files and folders (in the core, which writes files too).
pub use matcher_core::private;
pub mod progress;
pub mod sample_data;
pub mod service;
pub mod tables;
pub mod telemetry;
pub mod venture;
pub mod web;
pub mod western;
