//! A student's interest in 西部计划 volunteer service, read from what they wrote (intention and skills): for a
//! student who asked for it, the volunteer posts of the places they accept are candidates and match their
//! intention (意向相符), fully in a track they named. Anyone else meets a volunteer post only as any posting,
//! through their words, major and place. A mention turned down in words (不想参加西部计划, 西部计划不考虑, 不去西藏)
//! asks for nothing: a negation before it in its clause, or a refusal right after it.

use crate::model::{Cohort, Student, VolunteerTrack};

/// Words that say a student wants 西部计划 service (the programme, its national tracks or Hunan's project).
const ASKED: [&str; 6] = ["西部计划", "西部志愿", "志愿服务西部", "支教团", "芙蓉花开", "青马工程"];

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
}

/// How a text speaks of a word: not at all, only to turn it down (不想参加西部计划, 西部计划不考虑), or asking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Said {
    Not,
    Refused,
    Asked,
}

/// Clause breaks: a negation before one does not reach past it.
const BREAKS: &[char] =
    &['，', ',', '。', '；', ';', '！', '!', '？', '?', '\n', '、', '：', ':', ' ', '（', '）', '(', ')'];
/// Words before a mention, in its clause and at most this many characters back, that turn it down.
const BEFORE: [&str; 8] = ["不", "没", "无意", "拒绝", "放弃", "别", "除了", "勿"];
/// Words that contain 不 but turn nothing down (不限地区, 不论, 不管, 不错).
const NOT_NEGATIONS: [&str; 6] = ["不限", "不论", "不管", "不错", "不仅", "不但"];
/// Words right after a mention that turn it down.
const AFTER: [&str; 8] = ["不考虑", "不参加", "不去", "不想", "就算了", "除外", "免谈", "不感兴趣"];
/// How far back a negation reaches, in characters.
const REACH: usize = 6;

fn said(text: &str, word: &str) -> Said {
    let mut best = Said::Not;
    for (at, _) in text.match_indices(word) {
        let start = text[..at].rfind(BREAKS).map_or(0, |i| i + text[i..].chars().next().map_or(1, char::len_utf8));
        let before: String = text[start..at].chars().rev().take(REACH).collect::<Vec<_>>().into_iter().rev().collect();
        let mut cleaned = before.clone();
        for word in NOT_NEGATIONS {
            cleaned = cleaned.replace(word, "");
        }
        let rest = &text[at + word.len()..];
        let end = rest.find(BREAKS).unwrap_or(rest.len());
        let after = &rest[..end];
        let refused = BEFORE.iter().any(|n| cleaned.contains(n)) || AFTER.iter().any(|n| after.starts_with(n));
        best = best.max(if refused { Said::Refused } else { Said::Asked });
    }
    best
}

impl VolunteerInterest {
    pub(crate) fn of(student: &Student) -> VolunteerInterest {
        // Built for every student a batch scores: read both texts where they are.
        let says = |word: &str| said(&student.intention, word).max(said(&student.skills, word));
        let asked_for = ASKED.iter().map(|word| says(word)).max().unwrap_or(Said::Not);
        // A 推免生 is taken to ask unless they turned the programme down in words.
        let exempt = exempt(student);
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
        // A 推免生 is taken to ask for the track made for them.
        if exempt && says("支教团") != Said::Refused && !tracks.contains(&VolunteerTrack::GraduateTeaching) {
            tracks.push(VolunteerTrack::GraduateTeaching);
        }
        VolunteerInterest { asked, tracks, refused: false }
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
        for refused in [
            "不想参加西部计划",
            "我不太想去西部计划",
            "西部计划不考虑",
            "暂不考虑西部计划，想在长沙做会计",
            "没有报名西部计划的打算",
        ] {
            assert!(!wrote(refused).asked, "{refused}");
        }
        for asked in [
            "工作地点不限，想参加西部计划",
            "不限地区西部计划也可以",
            "不管在哪都愿意参加西部计划",
            "不想做销售，想参加西部计划",
        ] {
            assert!(wrote(asked).asked, "{asked}");
        }
        let places = wrote("想参加西部计划，愿去新疆，不去西藏");
        assert_eq!(places.tracks, [VolunteerTrack::Xinjiang], "西藏 turned down");
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
