//! A student's interest in 西部计划 volunteer service, read from what they wrote (intention and skills): for a
//! student who asked for it, the volunteer posts of the places they accept are candidates and match their
//! intention (意向相符), fully in a track they named. Anyone else meets a volunteer post only as any posting,
//! through their words, major and place. A mention turned down in words (不想参加西部计划, 西部计划不考虑, 不去西藏:
//! `said.rs`) asks for nothing; a student who only turns the programme down is offered none of its posts, and
//! one who turns it down but asks for one of its projects (芙蓉花开) only that project's.

use super::said::{read, said_in, Said};
use crate::model::{Cohort, Student, VolunteerTrack};

/// Words that ask for 西部计划 service as a whole.
const PROGRAMME: [&str; 3] = ["西部计划", "西部志愿", "志愿服务西部"];
/// Words that ask for one of its projects: 研究生支教团, Hunan's 芙蓉花开, the 青马工程 专项.
const PROJECTS: [(&str, VolunteerTrack); 3] = [
    ("支教团", VolunteerTrack::GraduateTeaching),
    ("芙蓉花开", VolunteerTrack::Furong),
    ("青马工程", VolunteerTrack::YouthMarxism),
];

/// True when a text (as [`read`]) holds a word of [`PROGRAMME`] or [`PROJECTS`]: without one, every word asked
/// of it is [`Said::Not`] (track names are asked only of a student who asked for the programme).
fn names_any(text: &str) -> bool {
    let asking = PROGRAMME.iter().copied().chain(PROJECTS.iter().map(|(word, _)| *word));
    text.char_indices().any(|(at, c)| {
        let rest = &text[at..];
        FIRST_CHARS.contains(&c) && asking.clone().any(|word| rest.starts_with(word))
    })
}

/// The first characters of the words of [`PROGRAMME`] and [`PROJECTS`].
const FIRST_CHARS: [char; 5] = ['西', '志', '支', '芙', '青'];

/// A 推免生: graduating and admitted to postgraduate study without exam (研究生支教团 recruits them).
pub(crate) fn exempt(student: &Student) -> bool {
    student.exempt_admission && student.cohort == Cohort::Graduating
}

/// What a student asked for.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct VolunteerInterest {
    /// The student asked for 西部计划 service at all.
    pub asked: bool,
    /// Tracks the student named (none: any track).
    pub tracks: Vec<VolunteerTrack>,
    /// The student turned 西部计划 down in words and asked for it nowhere: no volunteer post is offered.
    pub refused: bool,
    /// The student turned the programme down but asked for some of its projects (想参加芙蓉花开，不想参加西部计划):
    /// only posts of the tracks they named are offered.
    pub only_named: bool,
}

impl VolunteerInterest {
    pub(crate) fn of(student: &Student) -> VolunteerInterest {
        // Built for every student a batch scores (twice: to score and to explain): each text is read once,
        // and a student who names no word of the programme or its projects (and is no 推免生) asks for nothing.
        let (intention, skills) = (read(&student.intention), read(&student.skills));
        let exempt = exempt(student);
        if !exempt && !names_any(&intention) && !names_any(&skills) {
            return VolunteerInterest::default();
        }
        VolunteerInterest::from_words(exempt, |word| said_in(&intention, word).max(said_in(&skills, word)))
    }

    /// The interest of a student whose texts say each word as `says` tells (a 推免生 when `exempt`).
    fn from_words(exempt: bool, says: impl Fn(&str) -> Said) -> VolunteerInterest {
        let programme = PROGRAMME.iter().map(|word| says(word)).max().unwrap_or(Said::Not);
        let projects: Vec<(VolunteerTrack, Said)> = PROJECTS.iter().map(|(word, track)| (*track, says(word))).collect();
        let asked_for = projects.iter().map(|(_, s)| *s).max().unwrap_or(Said::Not).max(programme);
        // A 推免生 is taken to ask unless they turned the programme down in words.
        let asked = asked_for == Said::Asked || (exempt && asked_for == Said::Not);
        if !asked {
            return VolunteerInterest { refused: asked_for == Said::Refused, ..VolunteerInterest::default() };
        }
        let named = |track: &VolunteerTrack| {
            let name = track.zh();
            // 服务新疆 is asked for as 新疆 too; 乡村教育 as itself.
            says(name) == Said::Asked || name.strip_prefix("服务").is_some_and(|short| says(short) == Said::Asked)
        };
        let mut tracks: Vec<VolunteerTrack> = VolunteerTrack::ALL.iter().copied().filter(named).collect();
        for (track, said) in &projects {
            if *said == Said::Asked && !tracks.contains(track) {
                tracks.push(*track);
            }
        }
        // A 推免生 is taken to ask for the track made for them.
        let teaching = projects.iter().find(|(t, _)| *t == VolunteerTrack::GraduateTeaching).map(|(_, s)| *s);
        if exempt && teaching != Some(Said::Refused) && !tracks.contains(&VolunteerTrack::GraduateTeaching) {
            tracks.push(VolunteerTrack::GraduateTeaching);
        }
        let only_named = programme == Said::Refused && !tracks.is_empty();
        VolunteerInterest { asked, tracks, refused: false, only_named }
    }

    /// Whether a volunteer post of `track` is never offered: the student turned 西部计划 down, or turned the
    /// programme down and named other tracks than this one.
    pub(crate) fn excludes(&self, track: Option<VolunteerTrack>) -> bool {
        self.refused || (self.only_named && !track.is_some_and(|t| self.tracks.contains(&t)))
    }

    /// How well a volunteer post of `track` meets the intention: 1 in a track the student named (or when they
    /// named none, or the post names none), 0.8 in another track, 0 when the student did not ask.
    pub(crate) fn fit(&self, track: Option<VolunteerTrack>) -> f32 {
        match track {
            _ if !self.asked => 0.0,
            Some(track) if !self.tracks.is_empty() && !self.tracks.contains(&track) => 0.8,
            _ => 1.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::sample_people;

    /// What [`VolunteerInterest::of`] gave before it read each text once and passed over texts naming no
    /// word: every word asked of both texts as they are, each lower-cased on its own.
    fn of_every_word(student: &Student) -> VolunteerInterest {
        use super::super::said::said;
        VolunteerInterest::from_words(exempt(student), |word| {
            said(&student.intention, word).max(said(&student.skills, word))
        })
    }

    #[test]
    fn every_asking_word_begins_with_a_first_character() {
        for word in PROGRAMME.iter().copied().chain(PROJECTS.iter().map(|(w, _)| *w)) {
            assert!(FIRST_CHARS.contains(&word.chars().next().unwrap()), "{word}");
        }
    }

    proptest::proptest! {
        /// Whatever a student writes (the programme's words, its tracks, refusals, English capitals, in any
        /// order, in either text), and whether or not they are a 推免生, the interest is what asking every
        /// word of both texts gives.
        #[test]
        fn reading_once_and_passing_over_changes_nothing(
            intention in proptest::collection::vec(proptest::sample::select(PIECES.to_vec()), 0..6),
            skills in proptest::collection::vec(proptest::sample::select(PIECES.to_vec()), 0..4),
            exempt_admission: bool,
            graduating: bool,
        ) {
            let mut s = sample_people().0[0].clone();
            s.intention = intention.concat();
            s.skills = skills.concat();
            s.exempt_admission = exempt_admission;
            s.cohort = if graduating { Cohort::Graduating } else { Cohort::PreviousUnemployed };
            proptest::prop_assert_eq!(VolunteerInterest::of(&s), of_every_word(&s));
        }
    }

    const PIECES: [&str; 24] = [
        "西部计划",
        "西部",
        "计划",
        "西部志愿",
        "志愿服务西部",
        "支教团",
        "支教",
        "芙蓉花开",
        "青马工程",
        "服务新疆",
        "新疆",
        "西藏",
        "乡村教育",
        "不想参加",
        "不考虑",
        "不去",
        "Don't ",
        "NOT ",
        "希望从事销售相关工作",
        "，",
        "以外",
        "不想错过",
        "Excel",
        "想参加",
    ];

    fn wrote(intention: &str) -> VolunteerInterest {
        let mut s = sample_people().0[0].clone();
        s.intention = intention.to_string();
        s.skills = String::new();
        VolunteerInterest::of(&s)
    }

    #[test]
    fn only_a_student_who_asked_is_interested_and_named_tracks_come_first() {
        assert_eq!(wrote("希望从事会计相关工作"), VolunteerInterest::default());
        assert_eq!(wrote("乡村教育").fit(Some(VolunteerTrack::RuralEducation)), 0.0, "a theme alone is not asking");
        let any = wrote("想参加西部计划");
        assert!(any.asked && any.tracks.is_empty());
        assert_eq!(any.fit(Some(VolunteerTrack::Tibet)), 1.0);
        let named = wrote("西部计划志愿者 乡村社会治理，愿去新疆");
        assert_eq!(named.tracks, [VolunteerTrack::RuralGovernance, VolunteerTrack::Xinjiang]);
        assert_eq!(named.fit(Some(VolunteerTrack::Xinjiang)), 1.0);
        assert_eq!(named.fit(Some(VolunteerTrack::RuralEducation)), 0.8);
        assert_eq!(named.fit(None), 1.0);
        assert!(wrote("报名研究生支教团").tracks.contains(&VolunteerTrack::GraduateTeaching));
    }

    #[test]
    fn a_programme_or_a_place_turned_down_in_words_is_not_asked_for() {
        for refused in ["不想参加西部计划", "西部计划暂不考虑", "对西部计划没兴趣"] {
            assert!(!wrote(refused).asked && wrote(refused).refused, "{refused}");
            assert!(wrote(refused).excludes(Some(VolunteerTrack::Xinjiang)));
        }
        assert!(!wrote("想在长沙做会计").refused, "not mentioning it is not refusing");
        let places = wrote("想参加西部计划，愿去新疆，不去西藏");
        assert_eq!(places.tracks, [VolunteerTrack::Xinjiang], "西藏 turned down");
        // The programme turned down, one of its projects asked for: that project's posts only.
        for text in ["想参加芙蓉花开，不想参加西部计划", "不想参加西部计划，但芙蓉花开可以考虑"]
        {
            let furong = wrote(text);
            assert!(furong.asked && furong.only_named, "{text}");
            assert!(!furong.excludes(Some(VolunteerTrack::Furong)), "{text}");
            assert!(furong.excludes(Some(VolunteerTrack::Tibet)) && furong.excludes(None), "{text}");
        }
        // A 推免生 is taken to ask, unless they said no.
        let mut s = sample_people().0[0].clone();
        (s.exempt_admission, s.cohort, s.skills) = (true, Cohort::Graduating, String::new());
        s.intention = "读研".to_string();
        assert!(VolunteerInterest::of(&s).asked);
        s.intention = "读研，不参加研究生支教团".to_string();
        assert!(!VolunteerInterest::of(&s).asked);
        s.intention = "想参加西部计划，不去研究生支教团".to_string();
        assert!(!VolunteerInterest::of(&s).tracks.contains(&VolunteerTrack::GraduateTeaching));
    }
}
