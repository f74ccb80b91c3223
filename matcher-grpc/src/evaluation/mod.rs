//! Writing an evaluation for analysts: tables (terminal and Markdown), JSON, long-format CSV and SVG plots.

mod files;
mod plots;
mod table;

pub use files::{write_all, Setup};
pub use table::{table, verdict, Verdict};
