//! Normalisation of the free text platforms publish into codes and numbers. Every function here takes any
//! string without panicking and gives either a value or a reason that names what was wrong.

mod clean;
mod date;
mod education;
mod headcount;
mod majors;
mod pay;
mod place;
mod text;
mod title;
mod title_clean;
mod title_learn;
mod title_model;
mod title_model_bytes;
mod title_rules;

pub use clean::{clean_line, clean_text, printable};
pub use date::{parse_date, parse_expiry, parse_posted};
pub use education::parse_education;
pub use headcount::parse_headcount;
pub use majors::{parse_major_requirements, MajorRequirements};
pub use pay::{monthly_from_amount, parse_pay, PayPeriod, HOURS_PER_DAY, WORKING_DAYS_PER_MONTH};
pub use place::resolve_place;
pub use text::{bigram_similarity, is_word_char, normalize_employer, normalize_title, push_lowercase};
pub use title::{LabelledTitle, TitleClassifier, TitleMatch};
