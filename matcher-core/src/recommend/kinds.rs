//! Suitable means what the student needs (推荐至少 2 个符合实际需求的岗位信息): for a graduate, jobs,
//! traineeships (见习), state-owned enterprises' order positions and 西部计划 posts come first; gigs (零工) and
//! internships (实习, 实践, 体验) come after them unless the student asks for them (their intention names
//! 零工, 兼职, 灵活就业 … or 实习), and either way are marked. Enrolled students are served as before
//! (internships are what they need).

use serde::Serialize;

use crate::model::{Cohort, PostingKind, Student};

/// Why a gig or an internship is on a graduate's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KindNote {
    /// The student asked for this kind of work.
    Asked,
    /// Too few jobs, traineeships or order positions suit: it fills the list.
    NothingElse,
}

impl KindNote {
    /// The note's code.
    pub fn code(self) -> &'static str {
        match self {
            KindNote::Asked => "asked",
            KindNote::NothingElse => "nothing_else",
        }
    }

    /// The note as a cadre reads it, for a posting of `kind`.
    pub fn zh(self, kind: PostingKind) -> String {
        match self {
            KindNote::Asked => format!("学生意向中有{}，按需推荐", kind.zh()),
            KindNote::NothingElse => format!("暂无足够合适的全职、见习岗位，以{}作补充", kind.zh()),
        }
    }
}

/// Words in an intention that ask for gigs.
const GIG_WORDS: &[&str] = &["零工", "兼职", "灵活就业", "日结", "临时工", "小时工", "钟点工", "短期工"];
/// Words that ask for internships.
const INTERNSHIP_WORDS: &[&str] = &["实习", "实践"];

/// How a student's list treats the kinds of posting.
#[derive(Debug, Clone, Copy)]
pub(crate) struct KindPolicy {
    graduate: bool,
    gigs_asked: bool,
    internships_asked: bool,
}

impl KindPolicy {
    pub(crate) fn of(student: &Student) -> KindPolicy {
        let asks = |words: &[&str]| words.iter().any(|w| student.intention.contains(w));
        KindPolicy {
            graduate: matches!(student.cohort, Cohort::Graduating | Cohort::PreviousUnemployed),
            gigs_asked: asks(GIG_WORDS),
            internships_asked: asks(INTERNSHIP_WORDS),
        }
    }

    /// The note a posting of `kind` carries on this student's list (none for what the student needs first).
    pub(crate) fn note(&self, kind: PostingKind) -> Option<KindNote> {
        if !self.graduate {
            return None;
        }
        let asked = match kind {
            PostingKind::Gig => self.gigs_asked,
            PostingKind::Internship | PostingKind::Practice | PostingKind::Experience => self.internships_asked,
            PostingKind::Job | PostingKind::Traineeship | PostingKind::Volunteer => return None,
        };
        Some(if asked { KindNote::Asked } else { KindNote::NothingElse })
    }

    /// Moves the postings that only fill a list after every other one, each part in its order.
    pub(crate) fn reorder<T: Copy>(&self, suitable: &mut Vec<T>, kind_of: impl Fn(&T) -> PostingKind) {
        if !self.graduate {
            return;
        }
        let fills = |item: &T| self.note(kind_of(item)) == Some(KindNote::NothingElse);
        // Most lists are in order already (no filler, or fillers only at the end): nothing to move.
        let Some(first_fill) = suitable.iter().position(fills) else { return };
        if suitable[first_fill..].iter().all(fills) {
            return;
        }
        let (first, fill): (Vec<T>, Vec<T>) = suitable.iter().partition(|item| !fills(item));
        *suitable = first.into_iter().chain(fill).collect();
    }
}
