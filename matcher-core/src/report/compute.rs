//! The monthly report computed from the people, the pairings, the case files and the postings' facts; nothing
//! else (no scores, no lists), so that a reviewer can recount every figure from the same files.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Duration, NaiveDate};

use super::figures::{
    Count, Destination, MonthRow, PostingsRow, ProgressReport, QuietCadre, Row, ShortReason, ShortStudent, Tally,
    TargetProgress,
};
use super::follow::Follow;
use super::month::Month;
use super::sensitive::{city_group, month_ends, school_group, Sensitive, NON_DFC_GROUP, PROVINCE_GROUP};
use super::targets::Targets;
use crate::case::{CaseEvent, Status};
use crate::model::{
    Cadre, CadreId, Cohort, EmploymentKind, Posting, PostingId, PostingKind, RegionCode, SchoolCode, Source, Student,
    StudentId,
};
use crate::people::Quotas;
use crate::taxonomy::Taxonomy;

/// What the report needs of a posting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostingFacts {
    /// The posting.
    pub id: PostingId,
    /// The platforms it was published on.
    pub sources: Vec<Source>,
    /// Its kind.
    pub kind: PostingKind,
    /// Its place.
    pub region: RegionCode,
    /// The day it was published.
    pub posted: NaiveDate,
}

impl PostingFacts {
    /// The facts of a posting.
    pub fn of(posting: &Posting) -> PostingFacts {
        let mut sources: Vec<Source> = posting.sources.iter().map(|s| s.source).collect();
        sources.sort();
        sources.dedup();
        PostingFacts {
            id: posting.id.clone(),
            sources,
            kind: posting.kind,
            region: posting.region,
            posted: posting.posted,
        }
    }
}

/// Everything a report is computed from.
pub struct ReportInput<'a> {
    /// The reference tables (schools and their cities, region names).
    pub taxonomy: &'a Taxonomy,
    /// The students.
    pub students: &'a [Student],
    /// The cadres.
    pub cadres: &'a [Cadre],
    /// The pairs now.
    pub pairs: &'a [(StudentId, CadreId)],
    /// Every case event.
    pub events: &'a [CaseEvent],
    /// The quota plan, if any.
    pub quotas: Option<&'a Quotas>,
    /// The postings' facts.
    pub postings: &'a [PostingFacts],
    /// The targets and definitions.
    pub targets: &'a Targets,
    /// The other programmes' figures, from their own registers and results.
    pub programmes: ProgrammeFigures,
}

/// Where the plan's other programmes stand, from their own registers and results (none: not given): counted
/// against the targets as they are on the report's day, without a monthly pace.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct ProgrammeFigures {
    /// 西部计划 volunteers of the year: on the 派遣名单 of `matcher western assign`, dispatched, serving or
    /// completed by the case files' records, not withdrawn.
    pub western_volunteers: Option<u32>,
    /// 创业 projects selected for funding (`matcher venture select`).
    pub venture_funded: Option<u32>,
    /// Share of university League branches paired for 社区实践 (`matcher community pair`).
    pub community_share: Option<f64>,
}

/// The report for the month of `as_of`, with figures as of the end of that day, made on `today`: the sensitive
/// counts stand at the last month end that is over by `today` (on a month's last day, events of that day may
/// still come, and a count shown then could change again the same day).
pub fn progress_report(input: &ReportInput, as_of: NaiveDate, today: NaiveDate) -> ProgressReport {
    let t = input.targets;
    let (start, deadline) = t.period(as_of);
    let month = Month::of(as_of);
    let started = std::time::Instant::now();
    let follows = follows(input);
    let now: Vec<&Follow> = follows.iter().filter(|f| f.in_programme(as_of)).collect();
    let followed = started.elapsed();
    let ctx = Ctx { input, as_of, month_start: month.first_day(), year_start: start };
    let employed = |f: &Follow, day: NaiveDate| ctx.employed_on(f, day);
    let ends: Vec<NaiveDate> = month_ends(start, as_of).into_iter().filter(|end| *end < today).collect();
    let sensitive = Sensitive::new(&follows, input.taxonomy, t.low_income_min_count, ends, &employed);

    let mut totals = ctx.tally(&now);
    totals.low_income = sensitive.low_income(PROVINCE_GROUP);
    totals.low_income_employed = sensitive.low_income_employed(PROVINCE_GROUP);
    let schools = &input.taxonomy.schools;
    let school_name = |code: &SchoolCode| schools.get(code).map_or_else(|| code.to_string(), |s| s.name.clone());
    let city_of = |code: &SchoolCode| schools.get(code).map(|s| s.city);
    let city_name = |city: Option<RegionCode>| match city {
        Some(city) => input.taxonomy.regions.display_name(city),
        None => "（学校不在名录）".to_string(),
    };

    let mut by_city: BTreeMap<String, (String, Vec<&Follow>)> = BTreeMap::new();
    let mut by_school: BTreeMap<String, (String, String, Vec<&Follow>)> = BTreeMap::new();
    let mut by_college: BTreeMap<String, (String, String, Vec<&Follow>)> = BTreeMap::new();
    let mut by_cadre: BTreeMap<String, (String, String, Vec<&Follow>)> = BTreeMap::new();
    let cadres: BTreeMap<&CadreId, &Cadre> = input.cadres.iter().map(|c| (&c.id, c)).collect();
    if let Some(quotas) = input.quotas {
        for (school, _) in quotas.iter() {
            let city = city_of(school);
            by_city.entry(city_key(city)).or_insert_with(|| (city_name(city), Vec::new()));
            by_school.entry(school.to_string()).or_insert_with(|| (school_name(school), city_name(city), Vec::new()));
        }
    }
    for f in &now {
        let school = &f.student.school;
        let city = city_of(school);
        by_city.entry(city_key(city)).or_insert_with(|| (city_name(city), Vec::new())).1.push(f);
        by_school
            .entry(school.to_string())
            .or_insert_with(|| (school_name(school), city_name(city), Vec::new()))
            .2
            .push(f);
        let college = if f.student.college.trim().is_empty() { "（未填学院）" } else { f.student.college.trim() };
        by_college
            .entry(format!("{school}/{college}"))
            .or_insert_with(|| (college.to_string(), school_name(school), Vec::new()))
            .2
            .push(f);
        let (key, name, within) = match &f.cadre {
            Some(id) => match cadres.get(id) {
                Some(c) => (id.to_string(), c.name.clone(), school_name(&c.school)),
                None => (id.to_string(), "（已删除的团干部）".to_string(), String::new()),
            },
            None => (String::new(), "（无团干部）".to_string(), school_name(school)),
        };
        by_cadre.entry(key).or_insert_with(|| (name, within, Vec::new())).2.push(f);
    }
    let province = input.taxonomy.regions.display_name(RegionCode::hunan());
    let city_rows: Vec<Row> = by_city
        .into_iter()
        .map(|(key, (name, group))| {
            let mut row = ctx.row(key, name, province.clone(), &group, None);
            row.tally.low_income = sensitive.low_income(&city_group(&row.key));
            row.tally.low_income_employed = sensitive.low_income_employed(&city_group(&row.key));
            row
        })
        .collect();
    let school_rows: Vec<Row> = by_school
        .into_iter()
        .map(|(key, (name, within, group))| {
            let quota = input.quotas.and_then(|q| key.parse().ok().and_then(|code: SchoolCode| q.get(&code)));
            let mut row = ctx.row(key, name, within, &group, quota);
            row.tally.low_income = sensitive.low_income(&school_group(&row.key));
            row.tally.low_income_employed = sensitive.low_income_employed(&school_group(&row.key));
            row
        })
        .collect();
    // Colleges and cadres never show a low-income count: too small to show safely.
    let plain = |map: BTreeMap<String, (String, String, Vec<&Follow>)>| -> Vec<Row> {
        map.into_iter().map(|(key, (name, within, group))| ctx.row(key, name, within, &group, None)).collect()
    };
    let by_college = plain(by_college);
    let by_cadre = plain(by_cadre);

    let grouped = started.elapsed();
    let mut months = ctx.months(&follows, start);
    for (row, (_, released)) in months.iter_mut().zip(sensitive.province_low_income_employed()) {
        row.low_income_employed = released;
    }
    let targets = target_progress(t, input.programmes, &totals, &months, &sensitive, as_of, deadline);
    let monthly = started.elapsed();
    let (postings, postings_total) = ctx.postings(&follows);
    tracing::debug!(
        follows_ms = followed.as_secs_f64() * 1e3,
        rows_ms = (grouped - followed).as_secs_f64() * 1e3,
        months_ms = (monthly - grouped).as_secs_f64() * 1e3,
        postings_ms = (started.elapsed() - monthly).as_secs_f64() * 1e3,
        "progress report"
    );
    ProgressReport {
        month,
        as_of,
        start,
        deadline,
        targets,
        composition: composition(&now, input.taxonomy, &sensitive),
        low_income_as_of: sensitive.as_of(),
        destinations: EmploymentKind::ALL
            .iter()
            .map(|&kind| Destination {
                kind,
                name: kind.zh(),
                counts_as_employed: t.counts(kind),
                students: now.iter().filter(|f| f.status_on(as_of) == Status::Settled(kind)).count(),
            })
            .collect(),
        totals,
        by_city: city_rows,
        by_school: school_rows,
        by_college,
        by_cadre,
        months,
        quiet_cadres: ctx.quiet_cadres(&now, &cadres, &school_name),
        short: ctx.short(&now, &school_name),
        postings,
        postings_total,
        contact_days: t.contact_days,
        postings_per_student: t.postings_per_student,
    }
}

/// The programme's students: paired now, or with a case file; by id.
fn follows<'a>(input: &'a ReportInput) -> Vec<Follow<'a>> {
    let pairs: BTreeMap<&StudentId, &CadreId> = input.pairs.iter().map(|(s, c)| (s, c)).collect();
    let mut files: BTreeMap<&StudentId, Vec<&CaseEvent>> = BTreeMap::new();
    for event in input.events {
        files.entry(&event.student).or_default().push(event);
    }
    let mut students: Vec<&Student> = input.students.iter().collect();
    students.sort_by(|a, b| a.id.cmp(&b.id));
    students.dedup_by(|a, b| a.id == b.id);
    students
        .into_iter()
        .filter_map(|s| {
            let events = files.remove(&s.id).unwrap_or_default();
            let paired = pairs.get(&s.id).copied();
            (paired.is_some() || !events.is_empty()).then(|| Follow::new(s, events, paired))
        })
        .collect()
}

fn city_key(city: Option<RegionCode>) -> String {
    city.map_or_else(|| "unknown".to_string(), |c| c.to_string())
}

struct Ctx<'a, 'b> {
    input: &'a ReportInput<'b>,
    as_of: NaiveDate,
    month_start: NaiveDate,
    /// The plan's year's first day: a student employed before it counts toward an earlier year's target.
    year_start: NaiveDate,
}

impl Ctx<'_, '_> {
    /// In the programme and employed on `day`, and not already employed when the plan's year began (a student
    /// hired last year and still at work counts toward last year's target, not this one's).
    fn employed_on(&self, f: &Follow, day: NaiveDate) -> bool {
        let counted = |on: NaiveDate| matches!(f.status_on(on), Status::Settled(k) if self.input.targets.counts(k));
        f.in_programme(day) && counted(day) && !counted(self.year_start - Duration::days(1))
    }

    /// The figures of a group; its low-income counts are the caller's to set (see [`Sensitive`]).
    fn tally(&self, group: &[&Follow]) -> Tally {
        let t = self.input.targets;
        let day = self.as_of;
        let before = self.month_start - Duration::days(1);
        let count = |test: &dyn Fn(&Follow) -> bool| group.iter().filter(|f| test(f)).count();
        let employed = |f: &Follow| self.employed_on(f, day);
        Tally {
            paired: group.len(),
            new_pairs: count(&|f| f.paired_on().is_some_and(|d| d >= self.month_start && d <= day)),
            no_record: count(&|f| f.paired_on().is_none()),
            sent_enough: count(&|f| f.sent_by(day) >= t.postings_per_student),
            contacted: count(&|f| f.contacted_within(day, t.contact_days)),
            applied: count(&|f| f.applied_by(day)),
            interviewed: count(&|f| f.interviewed_by(day)),
            settled: count(&|f| f.status_on(day).is_settled()),
            employed: count(&employed),
            new_employed: count(&|f| employed(f) && !self.employed_on(f, before)),
            seeking: count(&|f| !f.status_on(day).is_settled()),
            low_income: None,
            low_income_employed: None,
        }
    }

    fn row(&self, key: String, name: String, within: String, group: &[&Follow], quota: Option<usize>) -> Row {
        Row { key, name, within, tally: self.tally(group), quota }
    }

    fn months(&self, follows: &[Follow], start: NaiveDate) -> Vec<MonthRow> {
        let last = Month::of(self.as_of);
        let mut month = Month::of(start).min(last);
        let mut rows = Vec::new();
        loop {
            let from = month.first_day();
            let until = month.last_day().min(self.as_of);
            let before = from - Duration::days(1);
            let in_programme: Vec<&Follow> = follows.iter().filter(|f| f.in_programme(until)).collect();
            let employed: Vec<&&Follow> = in_programme.iter().filter(|f| self.employed_on(f, until)).collect();
            let sent: BTreeSet<&PostingId> = follows.iter().flat_map(|f| f.sent_between(from, until)).collect();
            rows.push(MonthRow {
                month,
                until,
                new_pairs: in_programme.iter().filter(|f| f.paired_on().is_some_and(|d| d >= from)).count(),
                paired: in_programme.len(),
                contacted: in_programme.iter().filter(|f| f.contacted_between(from, until)).count(),
                new_employed: employed.iter().filter(|f| !self.employed_on(f, before)).count(),
                employed: employed.len(),
                // Set by the caller: only as released at the month's end.
                low_income_employed: None,
                postings_collected: self
                    .input
                    .postings
                    .iter()
                    .filter(|p| p.posted >= from && p.posted <= until)
                    .count(),
                postings_sent: sent.len(),
            });
            if month >= last {
                break;
            }
            month = month.next();
        }
        rows
    }

    fn quiet_cadres(
        &self,
        now: &[&Follow],
        cadres: &BTreeMap<&CadreId, &Cadre>,
        school_name: &dyn Fn(&SchoolCode) -> String,
    ) -> Vec<QuietCadre> {
        let days = self.input.targets.contact_days;
        let mut by_cadre: BTreeMap<&CadreId, Vec<&Follow>> = BTreeMap::new();
        for f in now {
            if let Some(cadre) = &f.cadre {
                by_cadre.entry(cadre).or_default().push(f);
            }
        }
        by_cadre
            .into_iter()
            .filter_map(|(id, students)| {
                let seeking: Vec<&&Follow> =
                    students.iter().filter(|f| !f.status_on(self.as_of).is_settled()).collect();
                let not_contacted: Vec<String> = seeking
                    .iter()
                    .filter(|f| !f.contacted_within(self.as_of, days))
                    .map(|f| f.student.id.to_string())
                    .collect();
                if not_contacted.is_empty() {
                    return None;
                }
                let cadre = cadres.get(id);
                Some(QuietCadre {
                    cadre: id.to_string(),
                    name: cadre.map_or_else(String::new, |c| c.name.clone()),
                    school: cadre.map_or_else(String::new, |c| school_name(&c.school)),
                    seeking: seeking.len(),
                    not_contacted,
                    last_contact: students.iter().filter_map(|f| f.last_contact(self.as_of)).max(),
                })
            })
            .collect()
    }

    fn short(&self, now: &[&Follow], school_name: &dyn Fn(&SchoolCode) -> String) -> Vec<ShortStudent> {
        let t = self.input.targets;
        let day = self.as_of;
        let mut short: Vec<ShortStudent> = now
            .iter()
            .filter(|f| !f.status_on(day).is_settled())
            .filter_map(|f| {
                let sent = f.sent_by(day);
                if sent >= t.postings_per_student {
                    return None;
                }
                let reason = match f.paired_on() {
                    None => ShortReason::NoRecord,
                    Some(d) if (day - d).num_days() < i64::from(t.new_pair_days) => ShortReason::NewPair,
                    Some(_) if !f.interviewed_for_intention_by(day) => ShortReason::NoIntention,
                    Some(_) if !f.contacted_within(day, t.contact_days) => ShortReason::NoContact,
                    Some(_) => ShortReason::FewSent,
                };
                Some(ShortStudent {
                    student: f.student.id.to_string(),
                    cadre: f.cadre.as_ref().map_or_else(String::new, |c| c.to_string()),
                    school: school_name(&f.student.school),
                    sent,
                    reason,
                })
            })
            .collect();
        short.sort_by(|a, b| (&a.cadre, &a.student).cmp(&(&b.cadre, &b.student)));
        short
    }

    /// Postings published in the report's month by place, and in all; with how many were sent to students.
    fn postings(&self, follows: &[Follow]) -> (Vec<PostingsRow>, PostingsRow) {
        let regions = &self.input.taxonomy.regions;
        let sent: BTreeSet<&PostingId> =
            follows.iter().flat_map(|f| f.sent_between(NaiveDate::MIN, self.as_of)).collect();
        let empty = |key: String, name: String| PostingsRow {
            key,
            name,
            collected: 0,
            by_source: vec![0; Source::ALL.len()],
            by_kind: vec![0; PostingKind::ALL.len()],
            sent: 0,
        };
        let mut rows: BTreeMap<String, PostingsRow> = BTreeMap::new();
        let mut total = empty("total".to_string(), "合计".to_string());
        for p in self.input.postings.iter().filter(|p| p.posted >= self.month_start && p.posted <= self.as_of) {
            let (key, name) = if regions.is_hunan(p.region) {
                let city = p.region.prefecture();
                if city.is_province() {
                    (city.to_string(), "湖南省（未注明市州）".to_string())
                } else {
                    (city.to_string(), regions.display_name(city))
                }
            } else {
                ("other".to_string(), "省外".to_string())
            };
            let row = rows.entry(key.clone()).or_insert_with(|| empty(key, name));
            for row in [row, &mut total] {
                row.collected += 1;
                for source in &p.sources {
                    if let Some(i) = Source::ALL.iter().position(|s| s == source) {
                        row.by_source[i] += 1;
                    }
                }
                if let Some(i) = PostingKind::ALL.iter().position(|k| *k == p.kind) {
                    row.by_kind[i] += 1;
                }
                if sent.contains(&p.id) {
                    row.sent += 1;
                }
            }
        }
        (rows.into_values().collect(), total)
    }
}

fn composition(now: &[&Follow], taxonomy: &Taxonomy, sensitive: &Sensitive) -> Vec<Count> {
    let count = |key: &str, name: &str, test: &dyn Fn(&Student) -> bool| Count {
        key: key.to_string(),
        name: name.to_string(),
        students: Some(now.iter().filter(|f| test(f.student)).count()),
    };
    let released = |key: &str, name: &str, students: Option<usize>| Count {
        key: key.to_string(),
        name: name.to_string(),
        students,
    };
    let dfc = |s: &Student| taxonomy.schools.get(&s.school).is_some_and(|school| school.double_first_class);
    let mut counts: Vec<Count> =
        Cohort::ALL.iter().map(|c| count(c.code(), c.zh(), &|s: &Student| s.cohort == *c)).collect();
    counts.push(count("non_double_first_class", "非“双一流”高校", &|s: &Student| !dfc(s)));
    counts.push(count("double_first_class", "“双一流”高校", &|s: &Student| dfc(s)));
    // The sensitive ones as released at the last month end.
    counts.push(released("low_income", "低收入家庭学生", sensitive.low_income(PROVINCE_GROUP)));
    counts.push(released(
        "low_income_non_double_first_class",
        "其中非“双一流”高校低收入家庭学生",
        sensitive.low_income(NON_DFC_GROUP),
    ));
    counts.push(released("nominated", "学校推荐", sensitive.nominated()));
    counts
}

/// Progress toward the low-income target as released at month ends: the last release, the months left after
/// it, and the pace of the releases of the last three months (from the year's start, at zero, when none is
/// older).
fn low_income_target(target: f64, sensitive: &Sensitive, deadline: NaiveDate) -> TargetProgress {
    let series = sensitive.province_low_income_employed();
    let shown: Vec<(usize, NaiveDate, usize)> =
        series.iter().enumerate().filter_map(|(i, (end, value))| value.map(|v| (i, *end, v))).collect();
    let (key, name) = ("low_income_employed", "结对帮扶低收入家庭学生就业（人）");
    let Some(&(last_index, last_end, achieved)) = shown.last() else {
        return TargetProgress {
            key,
            name,
            target,
            achieved: None,
            share: None,
            months_left: Month::of(series.last().map_or(deadline, |(end, _)| *end)).months_until(Month::of(deadline)),
            needed_per_month: None,
            pace_per_month: None,
            projected: None,
            on_track: None,
            note: Some(LOW_INCOME_WITHHELD.to_string()),
        };
    };
    let achieved = achieved as f64;
    let months_left = Month::of(last_end).months_until(Month::of(deadline));
    // The baseline: the latest release at least three months before the last, else the year's start (zero).
    let (base_index, base_value) =
        shown.iter().rev().find(|(i, _, _)| i + 3 <= last_index).map_or((-1, 0.0), |&(i, _, v)| (i as i64, v as f64));
    let span = (last_index as i64 - base_index) as f64;
    let pace = (achieved - base_value) / span;
    let note = Some(format!("{LOW_INCOME_RELEASED}{last_end}"));
    measured(key, name, target, achieved, Some(pace), months_left, note)
}

/// Progress of a target counted month by month: what is left spread over the months left, and where the pace
/// leads by the deadline.
fn measured(
    key: &'static str,
    name: &'static str,
    target: f64,
    achieved: f64,
    pace: Option<f64>,
    months_left: u32,
    note: Option<String>,
) -> TargetProgress {
    let projected = pace.map(|p| achieved + p * f64::from(months_left));
    TargetProgress {
        key,
        name,
        target,
        achieved: Some(achieved),
        share: (target > 0.0).then(|| achieved / target),
        months_left,
        needed_per_month: Some((target - achieved).max(0.0) / f64::from(months_left.max(1))),
        pace_per_month: pace,
        projected,
        on_track: projected.map(|p| p >= target),
        note,
    }
}

/// The low-income target's note when a release stands.
const LOW_INCOME_RELEASED: &str =
    "低收入家庭学生数按月末发布（变动过少的月份不单独发布，计入之后的月份，以免指向个人），截至";
/// The low-income target's note when none does.
const LOW_INCOME_WITHHELD: &str =
    "本年度尚无可发布的低收入家庭学生数：按月末发布，人数或当月变动过少时不发布，以免指向个人";

/// The note of a programme's target without a result.
const NO_RESULT: &str =
    "暂无该计划的结果：命令行报表未给出该计划的登记表（--programmes），或服务尚未运行该计划（登记表更换后须重新运行）";

fn target_progress(
    t: &Targets,
    programmes: ProgrammeFigures,
    totals: &Tally,
    months: &[MonthRow],
    sensitive: &Sensitive,
    as_of: NaiveDate,
    deadline: NaiveDate,
) -> Vec<TargetProgress> {
    let months_left = Month::of(as_of).months_until(Month::of(deadline));
    let recent = &months[months.len().saturating_sub(3)..];
    let pace = |gain: &dyn Fn(usize) -> f64| -> Option<f64> {
        (!recent.is_empty()).then(|| (0..recent.len()).map(gain).sum::<f64>() / recent.len() as f64)
    };
    let employed_gain = |i: usize| recent[i].new_employed as f64;
    // A figure as it stands, without a monthly pace: on track when already reached.
    let snapshot = |key, name, target: f64, achieved: f64, note: &str| TargetProgress {
        on_track: Some(achieved >= target),
        ..measured(key, name, target, achieved, None, months_left, Some(note.to_string()))
    };
    let unmeasured = |key, name, target: f64| TargetProgress {
        key,
        name,
        target,
        achieved: None,
        share: None,
        months_left,
        needed_per_month: None,
        pace_per_month: None,
        projected: None,
        on_track: None,
        note: Some(NO_RESULT.to_string()),
    };
    // A programme's figure as it stands, or none when its files were not given.
    let programme = |key, name, target: f64, achieved: Option<f64>, note| match achieved {
        Some(achieved) => snapshot(key, name, target, achieved, note),
        None => unmeasured(key, name, target),
    };
    vec![
        measured(
            "employed",
            "帮助大学生就业（人）",
            f64::from(t.employed),
            totals.employed as f64,
            pace(&employed_gain),
            months_left,
            None,
        ),
        low_income_target(f64::from(t.low_income_employed), sensitive, deadline),
        programme(
            "western_plan_volunteers",
            "西部计划志愿者（人）",
            f64::from(t.western_plan_volunteers),
            programmes.western_volunteers.map(f64::from),
            "按派遣名单及台账中的派遣、在岗、期满计（退出者不计），非逐月累计",
        ),
        programme(
            "venture_projects",
            "创业帮扶项目（个）",
            f64::from(t.venture_projects),
            programmes.venture_funded.map(f64::from),
            "按创业项目遴选结果（推报名单）计，非逐月累计",
        ),
        programme(
            "community_branch_share",
            "参与社区实践的高校团支部占比",
            t.community_branch_share,
            programmes.community_share,
            "按团支部结对结果计，非逐月累计",
        ),
    ]
}
