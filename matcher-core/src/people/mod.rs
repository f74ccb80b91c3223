//! People: reading students and cadres, and proposing pairings (结对帮扶).

mod cadres;
mod pairing;
mod pairings;
mod records;
mod students;

pub use cadres::{cadres_from_records, read_cadres};
pub use pairing::{propose_pairings, Pairing, PairingProposal, Unpaired, MAX_PER_CADRE, MIN_PER_CADRE};
pub use pairings::{pairings_from_records, read_pairings};
pub use students::{read_students, students_from_records};
