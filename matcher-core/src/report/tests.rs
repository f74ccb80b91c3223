//! The report's definitions on a small programme whose every figure is counted by hand, and the withholding
//! of small low-income counts.

use chrono::NaiveDate;

use super::compute::{withhold, Raw};
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
    let report = progress_report(&input, day("2026-10-31"));
    let t = &report.totals;
    assert_eq!((t.paired, t.new_pairs, t.no_record), (4, 1, 1));
    assert_eq!((t.sent_enough, t.contacted, t.applied, t.interviewed), (1, 2, 1, 1));
    assert_eq!((t.settled, t.employed, t.new_employed, t.seeking), (2, 1, 1, 2), "升学 is settled, not employed");
    assert_eq!((t.low_income, t.low_income_employed), (Some(1), Some(1)), "the province's counts always show");
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
    let september = progress_report(&input, day("2026-09-30"));
    assert_eq!((september.totals.paired, september.totals.employed), (3, 0));
}

#[test]
fn a_lone_withheld_row_takes_the_smallest_shown_one_with_it() {
    let row = |key: &str, paired: usize, li: usize| {
        let tally = Tally { paired, low_income: Some(li), ..Tally::default() };
        (
            Row { key: key.into(), name: key.into(), within: "湖南".into(), tally, quota: None },
            Raw { low_income: li, low_income_employed: 0 },
        )
    };
    let mut rows = vec![row("a", 40, 20), row("b", 30, 10), row("c", 4, 2), row("d", 12, 6)];
    withhold(&mut rows, 5);
    let shown: Vec<Option<usize>> = rows.iter().map(|(r, _)| r.tally.low_income).collect();
    assert_eq!(shown, [Some(20), Some(10), None, None], "c withheld, d withheld with it");
    let mut rows = vec![row("a", 40, 20), row("b", 30, 30)];
    withhold(&mut rows, 5);
    assert_eq!(
        rows.iter().map(|(r, _)| r.tally.low_income).collect::<Vec<_>>(),
        [None, None],
        "all low-income is withheld too"
    );
}
