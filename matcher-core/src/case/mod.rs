//! The case file (帮扶台账) of each paired student: dated events with their author (intention interviews,
//! postings sent, guidance, applications, interviews, hires, destinations found outside the index, notes),
//! read from files, typed callers or a filled-in list's tick columns, and the status over time they give.

mod event;
mod read;
mod status;
mod ticks;

pub use event::{Author, CaseEvent, Event, IntentionUpdate};
pub use read::EventReader;
pub use status::{in_order, settled_students, timeline, CaseSummary, Status, StatusChange};
pub use ticks::{events_from_ticks, Table, CADRE_COLUMN, DATE_COLUMN, POSTING_COLUMN, STUDENT_COLUMN, TICK_COLUMNS};

#[cfg(test)]
mod tests;
