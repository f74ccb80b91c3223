//! The web workspace: a cadre signs in with a token, sees only their own students (ids of another cadre's
//! students typed into a URL or a form are refused), reads a list with platform, how to apply and reasons,
//! records a destination found outside the index, and the status and the office's figures follow; forms
//! without the CSRF token are refused; what a backend sent (a posting's title) shows as text, never markup.

use jinqiao_tests::http::{field, Browser};
use jinqiao_tests::server::{Clients, Server, BACKEND, CADRE, CADRE_ID};
use jinqiao_tests::temp;
use matcher_grpc::pb;

fn sign_in(web: &str, token: &str) -> Browser {
    let mut browser = Browser::new(web);
    let page = browser.get("/");
    assert_eq!(page.status, 200);
    let csrf = field(&page.body, "csrf").expect("the sign-in form's CSRF token");
    let answer = browser.post("/signin", &[("csrf", &csrf), ("token", token)]);
    assert_eq!(answer.status, 303, "{}", answer.body);
    browser
}

/// The number after a label in the office's summary line (`已就业 <strong>N</strong>`).
fn figure(page: &str, label: &str) -> u64 {
    let at = page.find(&format!("{label} <strong>")).unwrap_or_else(|| panic!("{label} in the office page"));
    let rest = &page[at + label.len() + 9..];
    rest[..rest.find('<').unwrap()].parse().unwrap()
}

#[tokio::test]
async fn a_cadre_works_on_their_own_students_only_and_the_office_sees_the_result() {
    let dir = temp();
    let server = Server::start(dir.path());
    let web = server.web.clone().expect("the workspace's address");
    let mut backend = Clients::new(server.channel().await, Some(BACKEND));

    // Signing in: an unknown token, or a form without the sign-in page's CSRF cookie, is refused.
    let mut stranger = Browser::new(&web);
    let page = stranger.get("/");
    let csrf = field(&page.body, "csrf").unwrap();
    assert_eq!(stranger.post("/signin", &[("csrf", &csrf), ("token", "not-a-token-at-all-xyz")]).status, 401);
    let mut no_cookie = Browser::new(&web);
    assert_eq!(no_cookie.post("/signin", &[("csrf", &csrf), ("token", CADRE)]).status, 403);
    assert_eq!(no_cookie.get("/students").status, 303, "no session: back to sign-in");

    let mut cadre = sign_in(&web, CADRE);
    let list = cadre.get("/students");
    assert_eq!(list.status, 200);
    assert_eq!(list.header("cache-control"), Some("no-store"));
    assert!(list.header("content-security-policy").unwrap().contains("default-src 'none'"));
    let pairings = backend.people.get_pairings(pb::GetPairingsRequest::default()).await.unwrap().into_inner().pairings;
    let mine: Vec<String> =
        pairings.iter().filter(|p| p.cadre_id == CADRE_ID).flat_map(|p| p.student_ids.clone()).collect();
    let other = pairings.iter().find(|p| p.cadre_id != CADRE_ID).unwrap().student_ids[0].clone();
    for id in &mine {
        assert!(list.body.contains(&format!("/students/{id}")), "{id} listed");
    }
    assert!(!list.body.contains(&other));
    let seeking = jinqiao_tests::server::seeking_students(&mut backend, CADRE_ID).await;
    let own = seeking.first().expect("a student of the cadre still seeking").clone();
    let page = cadre.get(&format!("/students/{own}"));
    assert_eq!(page.status, 200);
    for shown in ["推荐岗位", "匹配度", "发布平台：", "申请方式：在", "推荐理由：", "帮扶台账"]
    {
        assert!(page.body.contains(shown), "{shown} on the student's page");
    }
    assert!(page.body.len() < 100_000, "the page weighs {} bytes", page.body.len());
    let csrf = field(&page.body, "csrf").unwrap();

    // Another cadre's student, by URL or by form: refused, and nothing of them shown or written; the answer is
    // the one a student who does not exist gets, so that it does not tell who is in the programme.
    let foreign = cadre.get(&format!("/students/{other}"));
    assert_eq!(foreign.status, 404);
    let nobody = cadre.get("/students/S9999999");
    assert_eq!((nobody.status, nobody.body.replace(&other, "")), (404, foreign.body.replace(&other, "")));
    let name = backend.people.get_student(pb::GetStudentRequest { id: other.clone() }).await.unwrap().into_inner().name;
    assert!(name.is_empty() || !foreign.body.contains(&name));
    let note = [("csrf", csrf.as_str()), ("kind", "note"), ("text", "不该写入")];
    assert_eq!(cadre.post(&format!("/students/{other}/events"), &note).status, 404);
    assert_eq!(cadre.post("/students/S9999999/events", &note).status, 404);
    let file =
        backend.cases.list_events(pb::ListEventsRequest { student_id: other.clone() }).await.unwrap().into_inner();
    assert!(file.events.iter().all(|e| e.text != "不该写入"));
    // Without the CSRF token (or with another session's): refused.
    assert_eq!(cadre.post(&format!("/students/{own}/events"), &[("kind", "note"), ("text", "x")]).status, 403);
    assert_eq!(
        cadre
            .post(&format!("/students/{own}/events"), &[("csrf", "0123456789abcdef0123456789abcdef"), ("kind", "note")])
            .status,
        403
    );
    // The office's pages are not a cadre's.
    assert_eq!(cadre.get("/office").status, 403);

    // The office before the hire.
    let mut office = sign_in(&web, BACKEND);
    let before = office.get("/office");
    assert_eq!(before.status, 200);
    assert_eq!(before.body.matches("<svg").count(), 3, "targets, months, cities");
    let (employed, seeking_before) = (figure(&before.body, "已就业"), figure(&before.body, "仍在求职"));

    // A job found outside the index, recorded in a few taps: the status and the office's figures follow.
    let hire = [
        ("csrf", csrf.as_str()),
        ("kind", "employed_elsewhere"),
        ("employer", "湘潭某物流公司"),
        ("employment", "flexible"),
        ("place", "湘潭市"),
    ];
    let answer = cadre.post(&format!("/students/{own}/events"), &hire);
    assert_eq!(answer.status, 303, "{}", answer.body);
    let page = cadre.get(&format!("/students/{own}"));
    assert!(page.body.contains("已落实去向（灵活就业）"), "the status follows");
    assert!(page.body.contains("湘潭某物流公司"));
    let after = office.get("/office");
    assert_eq!(figure(&after.body, "已就业"), employed + 1);
    assert_eq!(figure(&after.body, "仍在求职"), seeking_before - 1);
    let file = backend.cases.list_events(pb::ListEventsRequest { student_id: own.clone() }).await.unwrap().into_inner();
    let last = file.events.last().unwrap();
    assert_eq!((last.kind.as_str(), last.author.clone()), ("employed_elsewhere", format!("cadre:{CADRE_ID}")));

    // Signing out ends the session; its cookie no longer opens anything.
    let signout = cadre.post("/signout", &[("csrf", &csrf)]);
    assert_eq!(signout.status, 303);
    assert_eq!(cadre.get("/students").status, 303);
}

#[tokio::test]
async fn markup_a_backend_sent_shows_as_text() {
    let dir = temp();
    let server = Server::start(dir.path());
    let web = server.web.clone().unwrap();
    let mut backend = Clients::new(server.channel().await, Some(BACKEND));
    let own = jinqiao_tests::server::seeking_students(&mut backend, CADRE_ID).await.remove(0);
    let mut cadre = sign_in(&web, CADRE);
    let page = cadre.get(&format!("/students/{own}"));
    let posting = field(&page.body, "posting").expect("a listed posting's actions");
    // The backend renames that posting (same source and id: an update) with markup in its title.
    let p = backend.postings.get_posting(pb::GetPostingRequest { id: posting.clone() }).await.unwrap().into_inner();
    let (source, id) = posting.split_once(':').unwrap();
    let title = format!("<script>alert(1)</script>{}", p.title);
    let input = pb::PostingInput {
        source: source.into(),
        id: id.into(),
        kind: p.kind.clone(),
        title: title.clone(),
        employer: p.employer.clone(),
        region: p.region_code.clone(),
        description: p.description.clone(),
        industry: p.industry.clone(),
        occupation: p.occupation.clone(),
        education: p.min_education.clone(),
        cohorts: p.cohorts.clone(),
        headcount: p.headcount,
        pay: format!("{}-{}元/月", p.pay_min, p.pay_max),
        posted: p.posted.clone(),
        expires: p.expires.clone(),
        ..Default::default()
    };
    let stream = tokio_stream::iter(vec![input]);
    let answer = backend.postings.upsert_postings(stream).await.unwrap().into_inner();
    assert_eq!(answer.accepted + answer.merged, 1, "{:?}", answer.results);
    let page = cadre.get(&format!("/students/{own}"));
    assert!(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the title shows as text");
    assert!(!page.body.contains("<script>"), "no markup from data reaches the page");
    // A note with markup, recorded through the form, shows as text in the case file too.
    let csrf = field(&page.body, "csrf").unwrap();
    let note = [("csrf", csrf.as_str()), ("kind", "note"), ("text", "<img src=x onerror=alert(2)>回访")];
    assert_eq!(cadre.post(&format!("/students/{own}/events"), &note).status, 303);
    let page = cadre.get(&format!("/students/{own}"));
    assert!(page.body.contains("&lt;img src=x onerror=alert(2)&gt;回访"));
    assert!(!page.body.contains("<img"));
}
