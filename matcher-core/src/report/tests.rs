//! The report's definitions on a small programme whose every figure is counted by hand, and the withholding
//! of small low-income counts.

use chrono::NaiveDate;

use super::*;
use crate::case::{Author, CaseEvent, Event, IntentionUpdate};
use crate::model::{CadreId, EmploymentKind, PostingId, StudentId};
use crate::taxonomy::Taxonomy;
use crate::test_support::sample_people;

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn event(student: &StudentId, on: &str, cadre: &str, event: Event) -> CaseEvent {
    CaseEvent { student: student.clone(), day: day(on), author: Author::Cadre(cadre.parse().unwrap()), event }
}

fn interview() -> Event {
    Event::IntentionInterview { update: IntentionUpdate::default(), text: String::new() }
}

fn posting(id: &str) -> PostingId {
    id.parse().unwrap()
}

#[test]
fn every_figure_follows_its_definition() {
    let (students, cadres) = sample_people();
    let mut four: Vec<_> = students.into_iter().take(4).collect();
    for (i, s) in four.iter_mut().enumerate() {
        s.low_income = i == 0;
    }
    let [a, b, c, d] = [0, 1, 2, 3].map(|i| four[i].id.clone());
    let c2: CadreId = "C00002".parse().unwrap();
    let events = vec![
        event(&a, "2026-09-01", "C00002", interview()),
        event(
            &a,
            "2026-09-05",
            "C00002",
            Event::PostingsSent { postings: vec![posting("tuantuan:T1"), posting("tuantuan:T2")] },
        ),
        event(&a, "2026-09-10", "C00002", Event::Applied { posting: posting("tuantuan:T1") }),
        event(&a, "2026-09-20", "C00002", Event::Interviewed { posting: posting("tuantuan:T1") }),
        event(
            &a,
            "2026-10-03",
            "C00002",
            Event::Hired { posting: posting("tuantuan:T1"), employment: EmploymentKind::Agreement },
        ),
        event(&b, "2026-10-20", "C00002", interview()),
        event(
            &b,
            "2026-10-25",
            "C00002",
            Event::EmployedElsewhere {
                employer: "某大学".into(),
                place: None,
                employment: EmploymentKind::FurtherStudy,
            },
        ),
        // Released after settling in May, seeking again in August: still followed, by the cadre who wrote last.
        event(&c, "2026-03-01", "C00003", interview()),
        event(
            &c,
            "2026-05-01",
            "C00003",
            Event::EmployedElsewhere {
                employer: "某公司".into(), place: None, employment: EmploymentKind::Flexible
            },
        ),
        event(&c, "2026-08-01", "C00003", Event::SeekingAgain { text: String::new() }),
    ];
    let pairs = vec![(a.clone(), c2.clone()), (b.clone(), c2.clone()), (d.clone(), c2.clone())];
    let postings = vec![PostingFacts {
        id: posting("tuantuan:T1"),
        sources: vec![crate::model::Source::Tuantuan],
        kind: crate::model::PostingKind::Job,
        region: "430100".parse().unwrap(),
        posted: day("2026-10-02"),
    }];
    let targets = Targets::builtin();
    let input = ReportInput {
        taxonomy: Taxonomy::embedded(),
        students: &four,
        cadres: &cadres,
        pairs: &pairs,
        events: &events,
        quotas: None,
        postings: &postings,
        targets: &targets,
        programmes: Default::default(),
    };
    let report = progress_report(&input, day("2026-10-31"), day("2026-11-01"));
    let t = &report.totals;
    assert_eq!((t.paired, t.new_pairs, t.no_record), (4, 1, 1));
    assert_eq!((t.sent_enough, t.contacted, t.applied, t.interviewed), (1, 2, 1, 1));
    assert_eq!((t.settled, t.employed, t.new_employed, t.seeking), (2, 1, 1, 2), "升学 is settled, not employed");
    assert_eq!((t.low_income, t.low_income_employed), (None, None), "one low-income student of four: withheld");
    for row in report.by_city.iter().chain(&report.by_school) {
        assert_eq!(row.tally.low_income, None, "{}: a count under five is withheld", row.name);
    }
    for row in report.by_college.iter().chain(&report.by_cadre) {
        assert_eq!((row.tally.low_income, row.tally.low_income_employed), (None, None));
    }
    assert_eq!(
        report.by_cadre.iter().map(|r| (r.key.as_str(), r.tally.paired)).collect::<Vec<_>>(),
        [("C00002", 3), ("C00003", 1)]
    );
    let month = |m: &str| report.months.iter().find(|r| r.month.to_string() == m).unwrap();
    assert_eq!(report.months.first().map(|m| m.month.to_string()), Some("2026-01".to_string()));
    assert_eq!((month("2026-05").new_employed, month("2026-05").employed), (1, 1));
    assert_eq!(month("2026-08").employed, 0, "seeking again ends the count");
    assert_eq!((month("2026-10").new_employed, month("2026-10").employed, month("2026-10").new_pairs), (1, 1, 1));
    assert_eq!(month("2026-09").postings_sent, 2);
    assert_eq!(month("2026-10").postings_collected, 1);
    let short: Vec<(String, ShortReason)> = report.short.iter().map(|s| (s.student.clone(), s.reason)).collect();
    assert_eq!(short, [(d.to_string(), ShortReason::NoRecord), (c.to_string(), ShortReason::NoContact)]);
    let quiet: Vec<(&str, &Vec<String>)> =
        report.quiet_cadres.iter().map(|q| (q.cadre.as_str(), &q.not_contacted)).collect();
    assert_eq!(quiet, [("C00002", &vec![d.to_string()]), ("C00003", &vec![c.to_string()])]);
    assert_eq!((report.postings_total.collected, report.postings_total.sent), (1, 1));
    let employed = &report.targets[0];
    assert_eq!((employed.achieved, employed.months_left), (Some(1.0), 2));
    assert!(report.targets[2].achieved.is_none(), "no 西部计划 data: no figure, not a zero");

    // As of September, the October pair and hire are not there yet.
    let september = progress_report(&input, day("2026-09-30"), day("2026-10-01"));
    assert_eq!((september.totals.paired, september.totals.employed), (3, 0));
}

/// Thirty students of one school paired on 5 January, fifteen of them low-income; `hires` says who is hired
/// when (by position: the first fifteen are the low-income ones).
fn programme(hires: &[(usize, &str)]) -> (Vec<crate::model::Student>, Vec<crate::model::Cadre>, Vec<CaseEvent>) {
    let (students, cadres) = sample_people();
    let school = students[0].school.clone();
    let mut thirty: Vec<_> = students.into_iter().filter(|s| s.school == school).take(30).collect();
    assert_eq!(thirty.len(), 30, "the sample has thirty students of its first school");
    for (i, s) in thirty.iter_mut().enumerate() {
        s.low_income = i < 15;
        s.nominated = false;
    }
    let mut events: Vec<CaseEvent> = thirty.iter().map(|s| event(&s.id, "2026-01-05", "C00002", interview())).collect();
    for &(i, on) in hires {
        let hired = Event::Hired { posting: posting("tuantuan:T1"), employment: EmploymentKind::Agreement };
        events.push(event(&thirty[i].id, on, "C00002", hired));
    }
    (thirty, cadres, events)
}

/// Runs `check` on the report input of [`programme`]'s students, all paired with one cadre.
fn with_programme(hires: &[(usize, &str)], check: &dyn Fn(&ReportInput)) {
    let (students, cadres, events) = programme(hires);
    let pairs: Vec<(StudentId, CadreId)> = students.iter().map(|s| (s.id.clone(), "C00002".parse().unwrap())).collect();
    let targets = Targets::builtin();
    check(&ReportInput {
        taxonomy: Taxonomy::embedded(),
        students: &students,
        cadres: &cadres,
        pairs: &pairs,
        events: &events,
        quotas: None,
        postings: &[],
        targets: &targets,
        programmes: Default::default(),
    });
}

#[test]
fn one_hire_never_moves_a_shown_low_income_count_whatever_the_day() {
    // February: five low-income and five other students hired; 10 March: one low-income student hired; May:
    // five and five more.
    let mut hires: Vec<(usize, &str)> = (0..5).map(|i| (i, "2026-02-10")).collect();
    hires.extend((15..20).map(|i| (i, "2026-02-12")));
    hires.push((5, "2026-03-10"));
    hires.extend((6..11).map(|i| (i, "2026-05-06")));
    hires.extend((20..25).map(|i| (i, "2026-05-07")));
    with_programme(&hires, &|input| {
        let mut seen = Vec::new();
        let mut day = day("2026-01-01");
        while day <= self::day("2026-06-15") {
            // Made on the day it stands at: a month end is released the day after.
            let report = progress_report(input, day, day);
            let shown = report.totals.low_income_employed;
            let school = report.by_school.first().and_then(|r| r.tally.low_income_employed);
            let target = report.targets.iter().find(|t| t.key == "low_income_employed").unwrap().achieved;
            if day >= self::day("2026-03-10") && day < self::day("2026-06-01") {
                // The hire of 10 March is a change of one: no day's report may show it.
                assert_ne!(shown, Some(6), "{day}: the lone hire shows");
                assert_ne!(school, Some(6), "{day}: the lone hire shows in the school's row");
                assert_ne!(target, Some(6.0), "{day}: the lone hire shows in the target");
            }
            if seen.last() != Some(&shown) {
                seen.push(shown);
            }
            day = day.succ_opt().unwrap();
        }
        // Nothing before January ends; five and five at February's end; withheld at March's end (a change of one);
        // nothing new in April; eleven changes, six low-income, by May's end.
        assert_eq!(seen, [None, Some(5), None, Some(11)]);
        let june = progress_report(input, self::day("2026-06-15"), self::day("2026-06-15"));
        assert_eq!(june.low_income_as_of, Some(self::day("2026-05-31")));
        let months: Vec<Option<usize>> = june.months.iter().map(|m| m.low_income_employed).collect();
        assert_eq!(months, [None, Some(5), None, None, Some(11), None], "June has not ended");
        let target = june.targets.iter().find(|t| t.key == "low_income_employed").unwrap();
        assert_eq!(target.achieved, Some(11.0));
        // From February's release (three months before May's): six in three months.
        assert_eq!(target.pace_per_month, Some(2.0));
        assert!(target.note.as_deref().is_some_and(|n| n.ends_with("2026-05-31")), "{:?}", target.note);
    });
}

#[test]
fn a_hire_of_last_year_counts_toward_last_years_target_only() {
    let hires: Vec<(usize, &str)> = (0..30).map(|i| (i, "2026-11-20")).collect();
    with_programme(&hires, &|input| {
        let december = progress_report(input, day("2026-12-31"), day("2027-01-01"));
        assert_eq!((december.totals.employed, december.totals.low_income_employed), (30, Some(15)));
        let january = progress_report(input, day("2027-01-31"), day("2027-02-01"));
        assert_eq!(january.totals.employed, 0, "2026's hires are not 2027's");
        let target = january.targets.iter().find(|t| t.key == "low_income_employed").unwrap();
        assert_ne!(target.pace_per_month, Some(15.0), "January's pace counted last year's hires");
    });
}
