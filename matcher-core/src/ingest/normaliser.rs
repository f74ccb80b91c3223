//! RawPosting → Posting: every field validated and normalised to codes. A record is rejected only when it
//! cannot be a usable posting (no id, title, employer or place: all their errors reported); any other field
//! that cannot be read is dropped from the posting with a warning, the posting kept.

use chrono::NaiveDate;

use super::raw::{RawPay, RawPosting};
use super::reject::{FieldError, Reject, Warning};
use crate::model::{Cohort, EducationLevel, IndustryCode, Posting, PostingId, PostingKind, SourceRef, VolunteerTrack};
use crate::normalize::{
    clean_line, clean_text, parse_education, parse_expiry, parse_headcount, parse_major_requirements, parse_pay,
    parse_posted, resolve_place, MajorRequirements, TitleClassifier,
};
use crate::taxonomy::Taxonomy;

/// Longest title kept; longer ones are an error (a description pasted into the title field).
const MAX_TITLE_CHARS: usize = 100;
/// Longest description kept.
const MAX_DESCRIPTION_CHARS: usize = 20_000;
/// Below this confidence an inferred occupation is left empty rather than guessed.
const MIN_OCCUPATION_CONFIDENCE: f32 = 0.09;

pub(crate) struct Normaliser<'a> {
    pub taxonomy: &'a Taxonomy,
    pub classifier: &'a TitleClassifier,
    /// The day records are read: a posting without a readable date counts from it.
    pub today: NaiveDate,
}

impl Normaliser<'_> {
    /// A posting, with a warning for every field that could not be read and was dropped; a reject only when
    /// it cannot be a usable posting: no id, no title, no employer, no place.
    pub(crate) fn normalise(
        &self,
        raw: RawPosting,
        format: &str,
        file: &str,
    ) -> Result<(Posting, Vec<Warning>), Reject> {
        let mut raw = raw;
        let mut fatal = Collector::default();
        let mut dropped = Collector::default();
        bound_fields(&mut raw, &mut dropped);
        let names = raw.names;
        let value = |name: &str, raw: &RawPosting| raw_value(raw, name);
        let source_id = raw.source_id.clone().unwrap_or_default();
        let source_ref = raw.source.map(|source| SourceRef { source, source_id: source_id.clone() });
        let id = match &source_ref {
            Some(r) if !source_id.trim().is_empty() => {
                fatal.take(names.id, r.key().parse::<PostingId>().map_err(|e| e.to_string()))
            }
            _ => fatal.take::<PostingId>(names.id, Err("missing".to_string())),
        };
        let line = |text: Option<&str>| text.map(clean_line);
        let title = fatal.take(names.title, required_text(line(raw.title.as_deref()), MAX_TITLE_CHARS));
        let employer = fatal.take(names.employer, required_text(line(raw.employer.as_deref()), MAX_TITLE_CHARS));
        let region = fatal.take(names.place, resolve_place(&self.taxonomy.regions, raw.place.as_deref().unwrap_or("")));
        // Everything else: what cannot be read is dropped, with a warning.
        let description = match raw.description.as_deref().map(clean_text) {
            None => String::new(),
            Some(text) => {
                let count = text.chars().count();
                if count > MAX_DESCRIPTION_CHARS {
                    let reason = format!("{count} characters: cut to {MAX_DESCRIPTION_CHARS}");
                    dropped.push(names.description, reason);
                    text.chars().take(MAX_DESCRIPTION_CHARS).collect()
                } else {
                    text
                }
            }
        };
        let texts = [
            (names.title, title.as_deref()),
            (names.employer, employer.as_deref()),
            (names.description, Some(&description)),
        ];
        for (name, text) in texts {
            if text.is_some_and(|t| t.contains('\u{fffd}')) {
                dropped.push(
                    name,
                    "holds � (U+FFFD): bytes that are not valid UTF-8 or GBK, here or where the source got them",
                );
            }
        }
        let industry = raw.industry.as_deref().and_then(|t| dropped.take(names.industry, self.industry(t)));
        let given_occupation = raw
            .occupation
            .as_deref()
            .and_then(|t| dropped.take(names.occupation, self.taxonomy.occupations.resolve(t)));
        let min_education = raw
            .education
            .as_deref()
            .and_then(|t| dropped.take(names.education, parse_education(t)))
            .unwrap_or(EducationLevel::Any);
        let majors = raw
            .majors
            .as_deref()
            .and_then(|pieces| dropped.take(names.majors, self.majors(pieces)))
            .unwrap_or_default();
        let headcount =
            raw.headcount.as_deref().and_then(|t| dropped.take(names.headcount, parse_headcount(t))).flatten();
        let pay = match &raw.pay {
            RawPay::Missing => Default::default(),
            RawPay::Monthly(pay) => *pay,
            RawPay::Text(text) => dropped.take(names.pay, parse_pay(text)).unwrap_or_default(),
        };
        let posted = match raw.posted.as_deref() {
            None => {
                dropped.push(names.posted, format!("missing: counted from the day it was read, {}", self.today));
                self.today
            }
            Some(text) => match parse_posted(text, self.today) {
                Ok(day) => day,
                Err(reason) => {
                    dropped.push(names.posted, format!("{reason}: counted from the day it was read, {}", self.today));
                    self.today
                }
            },
        };
        let mut expires =
            raw.expires.as_deref().and_then(|t| dropped.take(names.expires, parse_expiry(t, self.today))).flatten();
        if let Some(e) = expires.filter(|e| *e < posted) {
            dropped.push(names.expires, format!("{e} is before the posting date {posted}"));
            expires = None;
        }
        let kind = raw.kind.unwrap_or(PostingKind::Job);
        let cohorts = raw
            .cohorts
            .as_deref()
            .and_then(|pieces| dropped.take(names.cohorts, each_piece(pieces, parse_cohorts)))
            .map(|mut cohorts| {
                cohorts.sort();
                cohorts
            })
            .unwrap_or_else(|| kind.default_cohorts().to_vec());
        let cohorts = match kind {
            PostingKind::Volunteer => volunteer_cohorts(cohorts, &mut dropped, names.cohorts),
            _ => cohorts,
        };
        let track = raw.track.as_deref().and_then(|t| dropped.take(names.track, parse_track(t)));
        let url = raw.url.as_ref().and_then(|(name, text)| dropped.take(name, apply_url(text)));
        let contact = raw.contact.as_ref().and_then(|(name, text)| dropped.take(name, contact_text(text)));
        let Some(((id, source_ref), ((title, employer), region))) =
            id.zip(source_ref).zip(title.zip(employer).zip(region))
        else {
            // Every field that failed is named: those it cannot do without, then the others.
            let mut errors = fatal.0;
            errors.extend(raw.dropped.iter().map(|(e, _)| e.clone()));
            errors.extend(dropped.0);
            let record_id = raw.source_id.clone();
            return Err(Reject {
                source: format.to_string(),
                file: file.to_string(),
                line: raw.line,
                record_id,
                errors,
            });
        };
        let inferred = match &given_occupation {
            Some(_) => None,
            None => self.classifier.classify(&title).filter(|m| m.confidence >= MIN_OCCUPATION_CONFIDENCE),
        };
        let mut warnings: Vec<Warning> = raw
            .dropped
            .iter()
            .map(|(error, value)| warning(format, file, &raw, &error.field, value, &error.reason))
            .collect();
        for error in &dropped.0 {
            warnings.push(warning(format, file, &raw, &error.field, &value(&error.field, &raw), &error.reason));
        }
        let posting = Posting {
            id,
            sources: vec![source_ref],
            kind,
            occupation_inferred: inferred.is_some(),
            occupation: given_occupation.or(inferred.map(|m| m.code)),
            title,
            employer,
            description,
            region,
            industry,
            min_education,
            majors: majors.required,
            preferred_majors: majors.preferred,
            cohorts,
            headcount,
            pay,
            posted,
            expires,
            track,
            url,
            contact,
            contributions: Vec::new(),
        };
        Ok((posting, warnings))
    }

    /// An industry as a code, an official name, or a label as job sites write it (计算机软件, 互联网/电子商务,
    /// 移动互联网,O2O: the first label that names one).
    fn industry(&self, text: &str) -> Result<IndustryCode, String> {
        let industries = &self.taxonomy.industries;
        let first_error = match industries.resolve(text) {
            Ok(code) => return Ok(code),
            Err(reason) => reason,
        };
        for label in text.split(['/', '／', ',', '，', '、', '|', ';', '；']).map(str::trim).filter(|l| !l.is_empty())
        {
            if let Ok(code) = industries.resolve(label) {
                return Ok(code);
            }
            if let Some(code) = industries.label(label) {
                return Ok(code);
            }
        }
        match industries.label(text.trim()) {
            Some(code) => Ok(code),
            None => Err(first_error),
        }
    }

    /// Majors of every piece, required and preferred.
    fn majors(&self, pieces: &[String]) -> Result<MajorRequirements, String> {
        let mut all = MajorRequirements::default();
        for piece in pieces {
            let found = parse_major_requirements(&self.taxonomy.majors, piece)?;
            all.required.extend(found.required);
            all.preferred.extend(found.preferred);
        }
        for list in [&mut all.required, &mut all.preferred] {
            list.sort();
            list.dedup();
        }
        Ok(all)
    }
}

/// A warning about one field of a kept record.
fn warning(format: &str, file: &str, raw: &RawPosting, field: &str, value: &str, reason: &str) -> Warning {
    Warning {
        source: format.to_string(),
        file: file.to_string(),
        line: raw.line,
        record_id: raw.source_id.clone(),
        field: field.to_string(),
        value: value.chars().take(200).collect(),
        reason: reason.to_string(),
    }
}

/// The raw text of a field, by its source name.
fn raw_value(raw: &RawPosting, name: &str) -> String {
    let names = raw.names;
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    let pieces = |value: &Option<Vec<String>>| value.as_deref().map(|p| p.join("、")).unwrap_or_default();
    match name {
        n if n == names.industry => text(&raw.industry),
        n if n == names.occupation => text(&raw.occupation),
        n if n == names.education => text(&raw.education),
        n if n == names.majors => pieces(&raw.majors),
        n if n == names.cohorts => pieces(&raw.cohorts),
        n if n == names.headcount => text(&raw.headcount),
        n if n == names.posted => text(&raw.posted),
        n if n == names.expires => text(&raw.expires),
        n if n == names.track => text(&raw.track),
        n if n == names.description => text(&raw.description),
        n if n == names.title => text(&raw.title),
        n if n == names.employer => text(&raw.employer),
        n if n == names.pay => match &raw.pay {
            RawPay::Text(t) => t.clone(),
            _ => String::new(),
        },
        n => [&raw.url, &raw.contact]
            .into_iter()
            .flatten()
            .find(|(field, _)| *field == n)
            .map(|(_, text)| text.clone())
            .unwrap_or_default(),
    }
}

/// Longest link to apply.
const MAX_URL_CHARS: usize = 500;
/// Longest contact (a phone, an e-mail, a name).
const MAX_CONTACT_CHARS: usize = 100;

/// A link to apply: http or https, no spaces or characters a page would have to escape; anything else (a
/// `javascript:` link, a path, prose) is dropped with the reason.
fn apply_url(text: &str) -> Result<String, String> {
    let url = text.trim();
    let lower = url.to_ascii_lowercase();
    if !(lower.starts_with("http://") || lower.starts_with("https://")) {
        return Err("not an http or https link".to_string());
    }
    if url.chars().count() > MAX_URL_CHARS {
        return Err(format!("{} characters, at most {MAX_URL_CHARS} allowed", url.chars().count()));
    }
    if url.len() <= 8 || url.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '`'))
    {
        return Err("not a link: it holds spaces or characters a link cannot have".to_string());
    }
    Ok(url.to_string())
}

/// A contact to apply through, cleaned to one line.
fn contact_text(text: &str) -> Result<String, String> {
    let contact = crate::normalize::clean_line(text);
    match contact.chars().count() {
        0 => Err("empty".to_string()),
        n if n > MAX_CONTACT_CHARS => Err(format!("{n} characters, at most {MAX_CONTACT_CHARS} allowed")),
        _ => Ok(contact),
    }
}

/// Longest text of a field holding a code, a date, a number or a short phrase (a place, pay, education).
const MAX_SHORT_FIELD_CHARS: usize = 200;
/// Longest majors text (a list of majors under headings can be long).
const MAX_MAJORS_CHARS: usize = 2_000;

/// Every field of a record has a bound: a field over it is dropped unread (parsing a megabyte of "place"
/// would cost time for nothing); a place or id over it then rejects the record. Title, employer and
/// description have their own bounds.
fn bound_fields(raw: &mut RawPosting, errors: &mut Collector) {
    let names = raw.names;
    let mut check = |name: &str, value: &mut Option<String>, max: usize| {
        let count = value.as_deref().map_or(0, |t| t.chars().count());
        if count > max {
            errors.push(name, format!("{count} characters, at most {max} allowed"));
            *value = None;
        }
    };
    check(names.id, &mut raw.source_id, crate::model::MAX_ID_LEN);
    check(names.place, &mut raw.place, MAX_SHORT_FIELD_CHARS);
    check(names.industry, &mut raw.industry, MAX_SHORT_FIELD_CHARS);
    check(names.occupation, &mut raw.occupation, MAX_SHORT_FIELD_CHARS);
    check(names.education, &mut raw.education, MAX_SHORT_FIELD_CHARS);
    check(names.headcount, &mut raw.headcount, MAX_SHORT_FIELD_CHARS);
    check(names.posted, &mut raw.posted, MAX_SHORT_FIELD_CHARS);
    check(names.expires, &mut raw.expires, MAX_SHORT_FIELD_CHARS);
    check(names.track, &mut raw.track, MAX_SHORT_FIELD_CHARS);
    if let RawPay::Text(text) = &raw.pay {
        let count = text.chars().count();
        if count > MAX_SHORT_FIELD_CHARS {
            errors.push(names.pay, format!("{count} characters, at most {MAX_SHORT_FIELD_CHARS} allowed"));
            raw.pay = RawPay::Missing;
        }
    }
    for (name, pieces, max) in
        [(names.majors, &mut raw.majors, MAX_MAJORS_CHARS), (names.cohorts, &mut raw.cohorts, MAX_SHORT_FIELD_CHARS)]
    {
        let count: usize = pieces.iter().flatten().map(|p| p.chars().count()).sum();
        if count > max {
            errors.push(name, format!("{count} characters, at most {max} allowed"));
            *pieces = None;
        }
    }
}

/// Collects the field errors of one record: the first error of each field (a field too long to read is not
/// also reported missing).
#[derive(Default)]
struct Collector(Vec<FieldError>);

impl Collector {
    fn take<T>(&mut self, field: &str, result: Result<T, String>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(reason) => {
                self.push(field, reason);
                None
            }
        }
    }

    fn push(&mut self, field: &str, reason: impl Into<String>) {
        if !self.0.iter().any(|e| e.field == field) {
            self.0.push(FieldError::new(field, reason));
        }
    }
}

/// Cleaned text that must be there: not empty (nothing visible is missing) and not too long (a description
/// pasted into a title).
fn required_text(text: Option<String>, max_chars: usize) -> Result<String, String> {
    let text = text.unwrap_or_default();
    if text.is_empty() {
        return Err("missing".to_string());
    }
    let count = text.chars().count();
    if count > max_chars {
        return Err(format!("{count} characters, at most {max_chars} allowed"));
    }
    Ok(text)
}

/// Parses every piece of a field (a list's items, or its one text) and joins the values, each once, in order.
fn each_piece<T: PartialEq>(
    pieces: &[String],
    parse: impl Fn(&str) -> Result<Vec<T>, String>,
) -> Result<Vec<T>, String> {
    let mut all = Vec::new();
    for piece in pieces {
        for value in parse(piece)? {
            if !all.contains(&value) {
                all.push(value);
            }
        }
    }
    Ok(all)
}

/// The cohorts a 西部计划 post is open to: the plan recruits graduating students and in-service postgraduates
/// (应届毕业生或在职研究生) and a source's own list must not widen that. What the source adds beyond it is
/// dropped with a note; a list naming none of them gives the plan's.
fn volunteer_cohorts(cohorts: Vec<Cohort>, dropped: &mut Collector, field: &str) -> Vec<Cohort> {
    let allowed = PostingKind::Volunteer.default_cohorts();
    let kept: Vec<Cohort> = cohorts.iter().copied().filter(|c| allowed.contains(c)).collect();
    if kept.len() < cohorts.len() {
        let wider: Vec<&str> = cohorts.iter().filter(|c| !allowed.contains(c)).map(|c| c.zh()).collect();
        let reason =
            "a 西部计划 post is open to graduating students and in-service postgraduates only (应届毕业生或在职研究生)";
        dropped.push(field, format!("{reason}: {} not kept", wider.join("、")));
    }
    if kept.is_empty() {
        allowed.to_vec()
    } else {
        kept
    }
}

/// A 西部计划 track as platforms write it: `乡村教育`, `服务新疆专项`, `“青马工程”专项`, `青马工程 专项`,
/// `西部计划研究生支教团`, `芙蓉花开地方项目`, `（服务新疆）`, `新疆专项`, or the code name.
pub(crate) fn parse_track(text: &str) -> Result<VolunteerTrack, String> {
    let mut key: String =
        text.chars().filter(|c| !c.is_whitespace() && !"“”\"'‘’「」《》（）()【】[]".contains(*c)).collect();
    for prefix in ["大学生志愿服务西部计划", "西部计划"] {
        if let Some(rest) = key.strip_prefix(prefix) {
            key = rest.to_string();
        }
    }
    for suffix in ["地方项目", "专项", "项目", "计划"] {
        if let Some(rest) = key.strip_suffix(suffix) {
            key = rest.to_string();
        }
    }
    key.parse::<VolunteerTrack>().or_else(|_| text.parse::<VolunteerTrack>()).map_err(|e| e.to_string())
}

fn parse_cohorts(text: &str) -> Result<Vec<Cohort>, String> {
    let mut cohorts = Vec::new();
    for piece in text.split(['、', ',', '，', ';', '；', '|', '/']).map(str::trim).filter(|p| !p.is_empty()) {
        let cohort = piece.parse::<Cohort>().map_err(|e| e.to_string())?;
        if !cohorts.contains(&cohort) {
            cohorts.push(cohort);
        }
    }
    if cohorts.is_empty() {
        return Err("no cohort named".to_string());
    }
    cohorts.sort();
    Ok(cohorts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracks_are_read_in_the_forms_platforms_write() {
        let cases = [
            ("乡村教育", VolunteerTrack::RuralEducation),
            ("服务新疆专项", VolunteerTrack::Xinjiang),
            ("“青马工程”专项", VolunteerTrack::YouthMarxism),
            ("青马工程 专项", VolunteerTrack::YouthMarxism),
            ("西部计划研究生支教团", VolunteerTrack::GraduateTeaching),
            ("研究生支教团", VolunteerTrack::GraduateTeaching),
            ("芙蓉花开地方项目", VolunteerTrack::Furong),
            ("“芙蓉花开”", VolunteerTrack::Furong),
            ("rural_governance", VolunteerTrack::RuralGovernance),
            ("大学生志愿服务西部计划健康乡村专项", VolunteerTrack::RuralHealth),
            ("（服务新疆）", VolunteerTrack::Xinjiang),
            ("新疆专项", VolunteerTrack::Xinjiang),
            ("【西藏专项】", VolunteerTrack::Tibet),
        ];
        for (text, track) in cases {
            assert_eq!(parse_track(text), Ok(track), "{text}");
        }
        assert!(parse_track("海外志愿").unwrap_err().contains("expected one of"));
    }

    #[test]
    fn a_sources_cohorts_never_widen_who_a_western_plan_post_is_for() {
        let mut notes = Collector::default();
        let wide = vec![Cohort::Graduating, Cohort::Enrolled, Cohort::PreviousUnemployed];
        assert_eq!(volunteer_cohorts(wide, &mut notes, "cohorts"), [Cohort::Graduating]);
        assert_eq!(notes.0.len(), 1);
        let mut notes = Collector::default();
        assert_eq!(
            volunteer_cohorts(vec![Cohort::Enrolled], &mut notes, "cohorts"),
            PostingKind::Volunteer.default_cohorts()
        );
        let mut notes = Collector::default();
        let plan = PostingKind::Volunteer.default_cohorts().to_vec();
        assert_eq!(volunteer_cohorts(plan.clone(), &mut notes, "cohorts"), plan);
        assert!(notes.0.is_empty());
    }
    use proptest::prelude::*;

    #[test]
    fn cohort_lists() {
        assert_eq!(parse_cohorts("应届毕业生、往届").unwrap(), [Cohort::Graduating, Cohort::PreviousUnemployed]);
        assert!(parse_cohorts("老人").is_err());
    }

    proptest! {
        #[test]
        fn headcount_never_panics(text in "\\PC{0,12}") {
            let _ = parse_headcount(&text);
        }
    }
}
