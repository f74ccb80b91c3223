//! People: reading students and cadres, the plan's priority groups and quotas, and proposing pairings (结对帮扶).

mod cadres;
mod pairing;
mod pairings;
mod priority;
mod quotas;
pub(crate) mod records;
mod students;

pub use cadres::{cadres_from_records, read_cadres};
pub use pairing::{
    ineligible, propose_pairings, Pairing, PairingInput, PairingProposal, QuotaProgress, QuotaShort, Released,
    Unpaired, MAX_PER_CADRE, MIN_PER_CADRE,
};
pub use pairings::{pairings_from_records, read_pairings};
pub use priority::Need;
pub use quotas::Quotas;
pub(crate) use students::expected_pay;
pub use students::{read_students, students_from_records};
