//! A case-file event (帮扶记录): what happened to a paired student, on which day, written by whom. The
//! serialised form is the events file's (one JSON object a line, the event's fields beside `kind`).

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::Error;
use crate::model::{
    CadreId, EmploymentKind, EventKind, IndustryCode, Intent, MonthlyPay, OccupationCode, PostingId, RegionCode,
    Student, StudentId, VolunteerPostId, VolunteerStage,
};

/// Who wrote an event: the platform's backend (or the service on its behalf), or a cadre.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Author {
    /// A backend, or the service itself (a list delivered through it).
    Backend,
    /// A cadre, writing about their own students.
    Cadre(CadreId),
}

impl fmt::Display for Author {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Author::Backend => f.write_str("backend"),
            Author::Cadre(id) => write!(f, "cadre:{id}"),
        }
    }
}

impl FromStr for Author {
    type Err = Error;
    fn from_str(text: &str) -> Result<Author, Error> {
        let text = text.trim();
        if text == "backend" {
            return Ok(Author::Backend);
        }
        match text.strip_prefix("cadre:") {
            Some(id) => Ok(Author::Cadre(id.parse()?)),
            None => Err(Error::invalid("author", text, "expected `backend` or `cadre:<cadre id>`")),
        }
    }
}

impl Serialize for Author {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Author {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Author, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// What an intention interview found; each field given replaces the student's, the others stay.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct IntentionUpdate {
    /// 就业, 未定, 升学 or 出国.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intent: Option<Intent>,
    /// The intention in the student's words (求职意向).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intention: Option<String>,
    /// Regions the student accepts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted_regions: Option<Vec<RegionCode>>,
    /// Intended occupations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intended_occupations: Option<Vec<OccupationCode>>,
    /// Intended industries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intended_industries: Option<Vec<IndustryCode>>,
    /// Expected pay.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_pay: Option<MonthlyPay>,
}

impl IntentionUpdate {
    /// True when the interview changed no field of the profile.
    pub fn is_empty(&self) -> bool {
        *self == IntentionUpdate::default()
    }

    /// The student with the fields found replaced. An employed student stays employed.
    pub fn apply(&self, student: &Student) -> Student {
        let mut next = student.clone();
        if let Some(intent) = self.intent {
            if next.intent != Intent::Employed {
                next.intent = intent;
            }
        }
        if let Some(intention) = &self.intention {
            next.intention.clone_from(intention);
        }
        if let Some(regions) = &self.accepted_regions {
            next.accepted_regions.clone_from(regions);
        }
        if let Some(occupations) = &self.intended_occupations {
            next.intended_occupations.clone_from(occupations);
        }
        if let Some(industries) = &self.intended_industries {
            next.intended_industries.clone_from(industries);
        }
        if let Some(pay) = self.expected_pay {
            next.expected_pay = pay;
        }
        next
    }
}

/// What happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Event {
    /// 摸清就业意向.
    IntentionInterview {
        /// The intention fields found.
        #[serde(flatten)]
        update: IntentionUpdate,
        /// What was said, briefly.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        text: String,
    },
    /// 推荐岗位: postings sent to the student.
    PostingsSent {
        /// The postings.
        postings: Vec<PostingId>,
    },
    /// 就业指导: a guidance session (résumé, interview practice, policy …).
    Guidance {
        /// What it was about.
        text: String,
    },
    /// The student applied.
    Applied {
        /// The posting.
        posting: PostingId,
    },
    /// The student was interviewed.
    Interviewed {
        /// The posting.
        posting: PostingId,
    },
    /// The student declined a posting: it is never recommended to them again.
    Declined {
        /// The posting.
        posting: PostingId,
    },
    /// Hired through a posting in the index (it takes one opening).
    Hired {
        /// The posting.
        posting: PostingId,
        /// The kind of employment.
        employment: EmploymentKind,
    },
    /// Settled outside the index: a job found elsewhere, further study, a volunteer post, the army ….
    EmployedElsewhere {
        /// The employer (or school, project, unit).
        employer: String,
        /// Where.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        place: Option<RegionCode>,
        /// The kind of employment.
        employment: EmploymentKind,
    },
    /// Looking for work again (a job ended, an offer fell through).
    SeekingAgain {
        /// Why.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        text: String,
    },
    /// A free note.
    Note {
        /// The note.
        text: String,
    },
    /// A 西部计划 volunteer's stage after the 派遣名单: 派遣 (dispatched), 在岗, 期满 or 退出. Dispatched, serving
    /// and completed settle the student (西部计划); 退出 changes no status by itself (重新求职 does).
    Volunteer {
        /// The stage reached (a recorded one: [`VolunteerStage::is_recorded`]).
        stage: VolunteerStage,
        /// The post, when the record names it (a dispatch to another post than the 派遣名单's).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        post: Option<VolunteerPostId>,
    },
}

impl Event {
    /// The event's kind.
    pub fn kind(&self) -> EventKind {
        match self {
            Event::IntentionInterview { .. } => EventKind::IntentionInterview,
            Event::PostingsSent { .. } => EventKind::PostingsSent,
            Event::Guidance { .. } => EventKind::Guidance,
            Event::Applied { .. } => EventKind::Applied,
            Event::Interviewed { .. } => EventKind::Interviewed,
            Event::Declined { .. } => EventKind::Declined,
            Event::Hired { .. } => EventKind::Hired,
            Event::EmployedElsewhere { .. } => EventKind::EmployedElsewhere,
            Event::SeekingAgain { .. } => EventKind::SeekingAgain,
            Event::Note { .. } => EventKind::Note,
            Event::Volunteer { .. } => EventKind::Volunteer,
        }
    }

    /// The posting an outcome event is about.
    pub fn posting(&self) -> Option<&PostingId> {
        match self {
            Event::Applied { posting }
            | Event::Interviewed { posting }
            | Event::Declined { posting }
            | Event::Hired { posting, .. } => Some(posting),
            _ => None,
        }
    }

    /// The student's record as this event changes it, if it does: an intention interview replaces the fields
    /// it found; a declined posting joins the declined list; a hire or a destination found elsewhere marks the
    /// student employed (no more lists); seeking again lifts that.
    pub fn apply_to(&self, student: &Student) -> Option<Student> {
        match self {
            Event::IntentionInterview { update, .. } if !update.is_empty() => Some(update.apply(student)),
            Event::Declined { posting } if !student.declined.contains(posting) => {
                let mut next = student.clone();
                next.declined.push(posting.clone());
                Some(next)
            }
            Event::Hired { .. } | Event::EmployedElsewhere { .. } if student.intent != Intent::Employed => {
                Some(Student { intent: Intent::Employed, ..student.clone() })
            }
            Event::Volunteer { .. } if self.settles().is_some() && student.intent != Intent::Employed => {
                Some(Student { intent: Intent::Employed, ..student.clone() })
            }
            Event::SeekingAgain { .. } if student.intent == Intent::Employed => {
                Some(Student { intent: Intent::Employment, ..student.clone() })
            }
            _ => None,
        }
    }

    /// Where the student went, when the event settles them.
    pub fn settles(&self) -> Option<EmploymentKind> {
        match self {
            Event::Hired { employment, .. } | Event::EmployedElsewhere { employment, .. } => Some(*employment),
            Event::Volunteer { stage, .. } if stage.counts() => Some(EmploymentKind::WesternPlan),
            _ => None,
        }
    }
}

/// One event of a student's case file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseEvent {
    /// The student.
    pub student: StudentId,
    /// The day it happened.
    pub day: NaiveDate,
    /// Who recorded it.
    pub author: Author,
    /// What happened.
    #[serde(flatten)]
    pub event: Event,
}

impl CaseEvent {
    /// True when the event is a contact of the student: any event a cadre records, and an intention
    /// interview, postings sent or guidance by anyone.
    pub fn is_contact(&self) -> bool {
        matches!(self.author, Author::Cadre(_))
            || matches!(
                self.event,
                Event::IntentionInterview { .. } | Event::PostingsSent { .. } | Event::Guidance { .. }
            )
    }
}
