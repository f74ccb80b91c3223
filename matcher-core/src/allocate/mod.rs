//! Who gets which scarce posting? The global pass over a batch: exposure caps, priority groups first, and at
//! least the minimum of suitable postings for every student the data allow.

mod allocator;

pub(crate) use allocator::{allocate, Demand};
