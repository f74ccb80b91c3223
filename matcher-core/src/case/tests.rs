//! The case file: events read with their rules, the status over time after every kind of event, and a
//! filled-in list's ticks.

use chrono::NaiveDate;

use super::*;
use crate::model::{EmploymentKind, EventKind, Intent};
use crate::taxonomy::Taxonomy;

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn reader(author: &Author) -> EventReader<'_> {
    EventReader { taxonomy: Taxonomy::embedded(), today: day("2026-11-30"), author }
}

fn read(lines: &str) -> (Vec<CaseEvent>, Vec<crate::Reject>) {
    reader(&Author::Backend).read(lines, "events.jsonl").unwrap()
}

#[test]
fn every_kind_of_event_reads_and_bad_records_are_rejected_alone() {
    let text = r#"{"student":"S1","day":"2026-03-01","kind":"intention_interview","intent":"就业","intention":"想做会计","accepted_regions":["长沙市"],"expected_pay":"4000-6000元/月","author":"cadre:C00001"}
{"student":"S1","day":"2026-03-05","kind":"postings_sent","postings":["tuantuan:TT1","other:GN2"]}
{"student":"S1","day":"2026-03-06","kind":"guidance","text":"简历修改"}
{"student":"S1","day":"2026-03-10","kind":"已投递","posting":"tuantuan:TT1"}
{"student":"S1","day":"2026-03-20","kind":"interviewed","posting":"tuantuan:TT1"}
{"student":"S1","day":"2026-03-21","kind":"declined","posting":"other:GN2"}
{"student":"S1","day":"2026-04-01","kind":"hired","posting":"tuantuan:TT1"}
{"student":"S1","day":"2026-07-01","kind":"seeking_again","text":"试用期未通过"}
{"student":"S1","day":"2026-08-01","kind":"employed_elsewhere","employer":"湘潭某物流公司","place":"湘潭","employment":"灵活就业"}
{"student":"S1","day":"2026-08-02","kind":"note","text":"每周回访"}
{"student":"S1","day":"2026-08-03","kind":"西部计划","stage":"派遣","post":"P1"}
{"student":"S2","day":"2027-01-01","kind":"note","text":"未来"}
{"student":"S2","day":"2026-01-01","kind":"employed_elsewhere","employment":"参军"}
{"student":"S2","day":"2026-01-01","kind":"guidance"}
{"student":"S2","day":"2026-01-01","kind":"hired","posting":"tuantuan:TT1","employment":"外包"}
{"student":"S2","day":"2026-01-01","kind":"chat"}
{"student":"S2","day":"2026-01-01","kind":"postings_sent"}
{"student":"S2","day":"2026-01-01","kind":"volunteer","stage":"推荐"}
"#;
    let (events, rejects) = read(text);
    let kinds: Vec<EventKind> = events.iter().map(|e| e.event.kind()).collect();
    assert_eq!(kinds.len(), 11, "{rejects:?}");
    for kind in EventKind::ALL {
        assert!(kinds.contains(kind), "{kind:?} not read");
    }
    assert_eq!(events[0].author, Author::Cadre("C00001".parse().unwrap()));
    assert_eq!(events[1].author, Author::Backend, "the caller's author where the record names none");
    let Event::IntentionInterview { update, .. } = &events[0].event else { panic!() };
    assert_eq!(update.intent, Some(Intent::Employment));
    assert_eq!(update.accepted_regions.as_ref().map(Vec::len), Some(1));
    assert_eq!(update.expected_pay.and_then(|p| p.min), Some(4000));
    assert_eq!(update.intended_occupations, None, "a field not given is left as it was");
    let Event::Hired { employment, .. } = &events[6].event else { panic!() };
    assert_eq!(*employment, EmploymentKind::Agreement, "a hire is 协议就业 unless it says otherwise");
    let reasons: Vec<String> = rejects.iter().map(|r| r.to_string()).collect();
    assert_eq!(rejects.len(), 7, "{reasons:#?}");
    for (reject, field) in rejects.iter().zip(["day", "employer", "text", "employment", "kind", "postings", "stage"]) {
        assert!(reject.errors.iter().any(|e| e.field == field), "{reject}");
    }
    // Written and read again, events are the same.
    let written: String = events.iter().map(|e| serde_json::to_string(e).unwrap() + "\n").collect();
    assert_eq!(read(&written).0, events);
}

#[test]
fn the_status_follows_every_kind_of_event() {
    let events = |lines: &[&str]| read(&lines.join("\n")).0;
    let s = |e: &[CaseEvent]| timeline(e).into_iter().map(|c| (c.day.to_string(), c.status)).collect::<Vec<_>>();
    let base = r#"{"student":"S1","day":"2026-03-01","kind":"intention_interview"}"#;
    assert_eq!(s(&events(&[base])), vec![("2026-03-01".into(), Status::Seeking)]);
    for line in [
        r#"{"student":"S1","day":"2026-03-02","kind":"postings_sent","posting":"other:GN2"}"#,
        r#"{"student":"S1","day":"2026-03-02","kind":"guidance","text":"模拟面试"}"#,
        r#"{"student":"S1","day":"2026-03-02","kind":"applied","posting":"other:GN2"}"#,
        r#"{"student":"S1","day":"2026-03-02","kind":"interviewed","posting":"other:GN2"}"#,
        r#"{"student":"S1","day":"2026-03-02","kind":"declined","posting":"other:GN2"}"#,
        r#"{"student":"S1","day":"2026-03-02","kind":"note","text":"电话未接通"}"#,
        r#"{"student":"S1","day":"2026-03-02","kind":"seeking_again"}"#,
    ] {
        assert_eq!(s(&events(&[base, line])), vec![("2026-03-01".into(), Status::Seeking)], "{line}");
    }
    let hired =
        r#"{"student":"S1","day":"2026-04-01","kind":"hired","posting":"other:GN2","employment":"labour_contract"}"#;
    let again = r#"{"student":"S1","day":"2026-06-01","kind":"seeking_again","text":"离职"}"#;
    let army =
        r#"{"student":"S1","day":"2026-09-01","kind":"employed_elsewhere","employer":"某部","employment":"参军"}"#;
    let study =
        r#"{"student":"S1","day":"2026-09-01","kind":"employed_elsewhere","employer":"湖南大学","employment":"升学"}"#;
    assert_eq!(
        s(&events(&[base, hired, again, army])),
        vec![
            ("2026-03-01".into(), Status::Seeking),
            ("2026-04-01".into(), Status::Settled(EmploymentKind::LabourContract)),
            ("2026-06-01".into(), Status::Seeking),
            ("2026-09-01".into(), Status::Settled(EmploymentKind::Military)),
        ]
    );
    assert_eq!(s(&events(&[base, study]))[1].1, Status::Settled(EmploymentKind::FurtherStudy));
    // A dispatched 西部计划 volunteer is settled; a withdrawal alone changes no status (重新求职 does).
    let dispatched = r#"{"student":"S1","day":"2026-08-01","kind":"volunteer","stage":"派遣"}"#;
    let withdrawn = r#"{"student":"S1","day":"2026-10-01","kind":"volunteer","stage":"退出"}"#;
    assert_eq!(
        s(&events(&[base, dispatched, withdrawn])),
        vec![
            ("2026-03-01".into(), Status::Seeking),
            ("2026-08-01".into(), Status::Settled(EmploymentKind::WesternPlan))
        ]
    );
    assert_eq!(s(&events(&[base, withdrawn])), vec![("2026-03-01".into(), Status::Seeking)]);
    // Events count by their day, whatever order they were recorded in.
    let late_first = events(&[army, base, hired]);
    assert_eq!(timeline(&late_first).last().unwrap().status, Status::Settled(EmploymentKind::Military));
    let summary = CaseSummary::of(&events(&[base, hired, again]));
    assert_eq!((summary.status, summary.since), (Status::Seeking, Some(day("2026-06-01"))));
    assert_eq!(summary.last_contact, Some(day("2026-03-01")), "an outcome from the backend is not a contact");
    assert_eq!(CaseSummary::of(&[]).status, Status::Seeking);
}

#[test]
fn an_intention_interview_changes_only_what_it_found() {
    let students = crate::people::read_students(
        Taxonomy::embedded(),
        include_str!("../../../data/sample/students.jsonl"),
        "students.jsonl",
    )
    .unwrap()
    .0;
    let student = &students[1];
    let (events, _) = read(&format!(
        r#"{{"student":"{}","day":"2026-03-01","kind":"intention_interview","intention":"想去长沙做电商运营","intended_occupations":["4-01-02-01"]}}"#,
        student.id
    ));
    let Event::IntentionInterview { update, .. } = &events[0].event else { panic!("{events:?}") };
    let next = update.apply(student);
    assert_eq!(next.intention, "想去长沙做电商运营");
    assert_eq!(next.intended_occupations.len(), 1);
    assert_eq!(
        (next.accepted_regions.clone(), next.expected_pay, next.intent),
        (student.accepted_regions.clone(), student.expected_pay, student.intent)
    );
}

#[test]
fn ticks_of_a_filled_in_list_become_events_and_bad_rows_are_reported() {
    let csv = "\u{feff}团干部编号,学生编号,岗位编号,岗位名称,已推送,已投递,已面试,已录用,跟进日期\n\
               C00001,S0000002,tuantuan:TT1,会计,✓,√,,,2026-11-02\n\
               C00001,S0000002,other:GN2,出纳,是,是,是,是,\n\
               C00001,S0000003,,,,,,,\n\
               C00001,S0000003,other:GN3,文员,maybe,,,,\n\
               C00001,S0000004,,,✓,,,,\n\
               C00001,S0000005,other:GN5,文员,✓,,,,2027-01-01\n\
               C00001,S0000006,other:GN6,文员,☐,×,,,\n";
    let table = Table::from_csv(csv, "list.csv").unwrap();
    let author = Author::Cadre("C00001".parse().unwrap());
    let (events, rejects) = events_from_ticks(&table, "list.csv", None, day("2026-11-30")).unwrap();
    let got: Vec<(usize, EventKind, String)> =
        events.iter().map(|(line, e)| (*line, e.event.kind(), e.day.to_string())).collect();
    assert_eq!(
        got,
        vec![
            (2, EventKind::PostingsSent, "2026-11-02".into()),
            (2, EventKind::Applied, "2026-11-02".into()),
            (3, EventKind::PostingsSent, "2026-11-30".into()),
            (3, EventKind::Applied, "2026-11-30".into()),
            (3, EventKind::Interviewed, "2026-11-30".into()),
            (3, EventKind::Hired, "2026-11-30".into()),
        ]
    );
    assert!(events.iter().all(|(_, e)| e.author == author), "the row's cadre writes its events");
    let bad: Vec<(usize, String)> = rejects.iter().map(|r| (r.line, r.errors[0].field.clone())).collect();
    assert_eq!(bad, vec![(5, "已推送".into()), (6, "岗位编号".into()), (7, "跟进日期".into())]);
    let no_ticks = Table::from_csv("学生编号,岗位编号\nS1,other:GN1\n", "x.csv").unwrap();
    assert!(events_from_ticks(&no_ticks, "x.csv", Some(&author), day("2026-11-30")).is_err());
    // Imported as someone else, every event is theirs.
    let (events, _) = events_from_ticks(&table, "list.csv", Some(&Author::Backend), day("2026-11-30")).unwrap();
    assert!(events.iter().all(|(_, e)| e.author == Author::Backend));
}
