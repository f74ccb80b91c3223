//! A student's interest in 西部计划 volunteer service, read from what they wrote (intention and skills): for a
//! student who asked for it, the volunteer posts of the places they accept are candidates and match their
//! intention (意向相符), fully in a track they named. Anyone else meets a volunteer post only as any posting,
//! through their words, major and place.

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
}

impl VolunteerInterest {
    pub(crate) fn of(student: &Student) -> VolunteerInterest {
        // Built for every student a batch scores: read both texts where they are, copying neither.
        let says = |word: &str| student.intention.contains(word) || student.skills.contains(word);
        let exempt = exempt(student);
        let asked = exempt || ASKED.iter().any(|word| says(word));
        if !asked {
            return VolunteerInterest::default();
        }
        let named = |track: &VolunteerTrack| {
            let name = track.zh();
            // 服务新疆 is asked for as 新疆 too; 乡村教育 as itself.
            says(name) || name.strip_prefix("服务").is_some_and(says)
        };
        let mut tracks: Vec<VolunteerTrack> = VolunteerTrack::ALL.iter().copied().filter(named).collect();
        // A 推免生 is taken to ask for the track made for them.
        if exempt && !tracks.contains(&VolunteerTrack::GraduateTeaching) {
            tracks.push(VolunteerTrack::GraduateTeaching);
        }
        VolunteerInterest { asked, tracks }
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
}
