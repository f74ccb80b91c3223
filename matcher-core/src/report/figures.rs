//! What the monthly report holds: the figures of each breakdown row, the targets with their pace, the months,
//! the cadres out of touch, the students short of postings, and the postings collected. Serialised as the
//! report's JSON (`docs/REPORTS.md` defines every figure).

use chrono::NaiveDate;
use serde::Serialize;

use super::month::Month;
use crate::model::{EmploymentKind, PostingKind, Source};

/// The figures of one group of programme students (a row of a breakdown, or the province).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// 结对学生: in the programme on the report's day.
    pub paired: usize,
    /// 本月新结对: pairs that began in the report's month.
    pub new_pairs: usize,
    /// 尚无帮扶记录: paired, with nothing recorded yet.
    pub no_record: usize,
    /// 已推送≥2个岗位 (the definitions' number).
    pub sent_enough: usize,
    /// 近30天有联系 (the definitions' days).
    pub contacted: usize,
    /// 已投递: applied for at least one posting.
    pub applied: usize,
    /// 已面试: interviewed for at least one.
    pub interviewed: usize,
    /// 已落实去向: settled, any destination (employment, further study …).
    pub settled: usize,
    /// 已就业: settled in a destination that counts as employed.
    pub employed: usize,
    /// 本月新增就业: employed at the report's day, not at the end of the month before.
    pub new_employed: usize,
    /// 仍在求职.
    pub seeking: usize,
    /// 低收入家庭学生 among the paired, as released at the last month end (none when withheld: too few on
    /// either side, or too few changes since the last release).
    pub low_income: Option<usize>,
    /// 低收入家庭学生 among the employed, likewise.
    pub low_income_employed: Option<usize>,
}

/// One row of a breakdown (a city, a school, a college, a cadre).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// The group's code (a region code, a school code, `school/college`, a cadre id).
    pub key: String,
    /// Its name.
    pub name: String,
    /// The group it belongs to, by name (a school's city, a college's school, a cadre's school).
    pub within: String,
    /// Its figures.
    #[serde(flatten)]
    pub tally: Tally,
    /// A school's quota of pairs (指标), when a quota plan was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quota: Option<usize>,
}

/// A count of students by a trait.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Count {
    /// The trait's code.
    pub key: String,
    /// Its name.
    pub name: String,
    /// Students (none: withheld; the sensitive counts are as released at the last month end).
    pub students: Option<usize>,
}

/// Progress against one target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetProgress {
    /// The target's key in the targets file.
    pub key: &'static str,
    /// Its name.
    pub name: &'static str,
    /// The target.
    pub target: f64,
    /// Reached by the report's day (none: Jinqiao has no data for it yet).
    pub achieved: Option<f64>,
    /// Achieved ÷ target.
    pub share: Option<f64>,
    /// Full months left after the report's month up to the deadline's.
    pub months_left: u32,
    /// What each remaining month needs to bring to reach the target by the deadline.
    pub needed_per_month: Option<f64>,
    /// The mean of the last three months' gains.
    pub pace_per_month: Option<f64>,
    /// Achieved plus the pace for the months left.
    pub projected: Option<f64>,
    /// Projected reaches the target.
    pub on_track: Option<bool>,
    /// Why there is no figure, or how it was counted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One month of the year so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MonthRow {
    /// The month.
    pub month: Month,
    /// The last day counted (the month's last, or the report's day).
    pub until: NaiveDate,
    /// Pairs that began in the month.
    pub new_pairs: usize,
    /// In the programme at its end.
    pub paired: usize,
    /// Students contacted in the month.
    pub contacted: usize,
    /// Employed at its end, not at the end of the month before.
    pub new_employed: usize,
    /// Employed at its end.
    pub employed: usize,
    /// Low-income students employed at its end, as released there (none: withheld, or the month has not
    /// ended).
    pub low_income_employed: Option<usize>,
    /// Postings published in the month.
    pub postings_collected: usize,
    /// Distinct postings sent to students in the month.
    pub postings_sent: usize,
}

/// A cadre with seeking students not contacted in the last days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuietCadre {
    /// The cadre.
    pub cadre: String,
    /// Their name.
    pub name: String,
    /// Their school.
    pub school: String,
    /// Their students still seeking work.
    pub seeking: usize,
    /// Those not contacted in the last days, by id.
    pub not_contacted: Vec<String>,
    /// The last contact of any of their students.
    pub last_contact: Option<NaiveDate>,
}

/// Why a student still seeking work has been sent fewer postings than the plan asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ShortReason {
    /// Nothing recorded since the pair began.
    NoRecord,
    /// Paired in the last days: not yet behind.
    NewPair,
    /// No intention interview recorded: what they want is not known.
    NoIntention,
    /// Not contacted in the last days.
    NoContact,
    /// In touch, but too few postings sent: the list's shortfall says why.
    FewSent,
}

impl ShortReason {
    /// The reason's code.
    pub fn code(self) -> &'static str {
        match self {
            ShortReason::NoRecord => "no_record",
            ShortReason::NewPair => "new_pair",
            ShortReason::NoIntention => "no_intention",
            ShortReason::NoContact => "no_contact",
            ShortReason::FewSent => "few_sent",
        }
    }

    /// The reason and the next step, as a League office reads it.
    pub fn zh(self) -> &'static str {
        match self {
            ShortReason::NoRecord => "结对后尚无帮扶记录：请团干部尽快联系学生、摸清就业意向",
            ShortReason::NewPair => "新近结对：尚在摸清就业意向",
            ShortReason::NoIntention => "未记录意向访谈：先摸清就业意向，再推荐岗位",
            ShortReason::NoContact => "超过30天未联系：请团干部回访",
            ShortReason::FewSent => {
                "已联系但推送岗位不足：查看推荐清单的未推足原因（地区、学历、专业），或建议放宽意向"
            }
        }
    }
}

/// A student short of postings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShortStudent {
    /// The student, by id.
    pub student: String,
    /// Their cadre (empty when none).
    pub cadre: String,
    /// Their school.
    pub school: String,
    /// Distinct postings sent.
    pub sent: usize,
    /// Why.
    pub reason: ShortReason,
}

/// Postings published in the report's month, for one place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PostingsRow {
    /// A Hunan city's code, `430000` for Hunan without a city, `other` for other provinces.
    pub key: String,
    /// Its name.
    pub name: String,
    /// Distinct postings.
    pub collected: usize,
    /// By source, in [`Source::ALL`] order (a posting on two platforms counts for each).
    pub by_source: Vec<usize>,
    /// By kind, in [`PostingKind::ALL`] order.
    pub by_kind: Vec<usize>,
    /// Of these, sent to at least one student by the report's day.
    pub sent: usize,
}

/// Destinations of the settled students.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Destination {
    /// The kind.
    pub kind: EmploymentKind,
    /// Its name.
    pub name: &'static str,
    /// Counts as employed against the targets.
    pub counts_as_employed: bool,
    /// Students.
    pub students: usize,
}

/// The monthly progress report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProgressReport {
    /// The month reported.
    pub month: Month,
    /// The day the figures stand at.
    pub as_of: NaiveDate,
    /// The plan's year: first day.
    pub start: NaiveDate,
    /// The plan's deadline.
    pub deadline: NaiveDate,
    /// Progress against each target.
    pub targets: Vec<TargetProgress>,
    /// The province.
    pub totals: Tally,
    /// The paired by cohort, school tier, low income and nomination.
    pub composition: Vec<Count>,
    /// The month end the low-income and nomination counts stand at (they are released at month ends only;
    /// none before the year's first month has ended).
    pub low_income_as_of: Option<NaiveDate>,
    /// Where the settled went.
    pub destinations: Vec<Destination>,
    /// By 市州 of the school.
    pub by_city: Vec<Row>,
    /// By school.
    pub by_school: Vec<Row>,
    /// By college (学院) within its school.
    pub by_college: Vec<Row>,
    /// By cadre.
    pub by_cadre: Vec<Row>,
    /// The year's months up to this one.
    pub months: Vec<MonthRow>,
    /// Cadres with seeking students not contacted in the last days.
    pub quiet_cadres: Vec<QuietCadre>,
    /// Seeking students sent fewer postings than the plan asks.
    pub short: Vec<ShortStudent>,
    /// Postings collected in the month by place.
    pub postings: Vec<PostingsRow>,
    /// All postings collected in the month.
    pub postings_total: PostingsRow,
    /// Days a contact counts for.
    pub contact_days: u32,
    /// Postings each student should be sent.
    pub postings_per_student: usize,
}

/// The source names, in the order of [`PostingsRow::by_source`].
pub fn source_names() -> Vec<&'static str> {
    Source::ALL.iter().map(|s| s.zh()).collect()
}

/// The kind names, in the order of [`PostingsRow::by_kind`].
pub fn kind_names() -> Vec<&'static str> {
    PostingKind::ALL.iter().map(|k| k.zh()).collect()
}
