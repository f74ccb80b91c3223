//! RawPosting → Posting: every field validated and normalised to codes; all field errors of a record reported.

use super::raw::{RawPay, RawPosting};
use super::reject::{FieldError, Reject};
use crate::model::{Cohort, EducationLevel, Posting, PostingId, SourceRef, VolunteerTrack};
use crate::normalize::{
    clean_line, clean_text, parse_date, parse_education, parse_major_requirements, parse_pay, resolve_place,
    TitleClassifier,
};
use crate::taxonomy::Taxonomy;

/// Longest title kept; longer ones are an error (a description pasted into the title field).
const MAX_TITLE_CHARS: usize = 100;
/// Longest description kept.
const MAX_DESCRIPTION_CHARS: usize = 20_000;
/// Most openings one posting may declare.
const MAX_HEADCOUNT: u32 = 100_000;
/// Below this confidence an inferred occupation is left empty rather than guessed.
const MIN_OCCUPATION_CONFIDENCE: f32 = 0.09;

pub(crate) struct Normaliser<'a> {
    pub taxonomy: &'a Taxonomy,
    pub classifier: &'a TitleClassifier,
}

impl Normaliser<'_> {
    pub(crate) fn normalise(&self, raw: RawPosting, format: &str, file: &str) -> Result<Posting, Reject> {
        let mut errors = Collector::default();
        let mut raw = raw;
        bound_fields(&mut raw, &mut errors);
        let names = raw.names;
        let source_id = raw.source_id.clone().unwrap_or_default();
        let source_ref = raw.source.map(|source| SourceRef { source, source_id: source_id.clone() });
        let id = source_ref
            .as_ref()
            .and_then(|r| errors.take(names.id, r.key().parse::<PostingId>().map_err(|e| e.to_string())));
        let line = |text: Option<&str>| text.map(clean_line);
        let title = errors.take(names.title, bounded_text(line(raw.title.as_deref()), MAX_TITLE_CHARS));
        let employer = errors.take(names.employer, bounded_text(line(raw.employer.as_deref()), MAX_TITLE_CHARS));
        let description = errors
            .take(names.description, bounded_text(raw.description.as_deref().map(clean_text), MAX_DESCRIPTION_CHARS));
        let region =
            errors.take(names.place, resolve_place(&self.taxonomy.regions, raw.place.as_deref().unwrap_or("")));
        let industry =
            raw.industry.as_deref().and_then(|t| errors.take(names.industry, self.taxonomy.industries.resolve(t)));
        let given_occupation =
            raw.occupation.as_deref().and_then(|t| errors.take(names.occupation, self.taxonomy.occupations.resolve(t)));
        let min_education = raw
            .education
            .as_deref()
            .map_or(Some(EducationLevel::Any), |t| errors.take(names.education, parse_education(t)));
        let majors = raw.majors.as_deref().map_or(Some(Vec::new()), |pieces| {
            let parsed = each_piece(pieces, |t| parse_major_requirements(&self.taxonomy.majors, t));
            errors.take(names.majors, parsed).map(|mut majors| {
                majors.sort();
                majors
            })
        });
        let headcount =
            raw.headcount.as_deref().and_then(|t| errors.take(names.headcount, parse_headcount(t))).flatten();
        let pay = match &raw.pay {
            RawPay::Missing => Some(Default::default()),
            RawPay::Monthly(pay) => Some(*pay),
            RawPay::Text(text) => errors.take(names.pay, parse_pay(text)),
        };
        let posted = errors.take(names.posted, parse_date(raw.posted.as_deref().unwrap_or("")));
        let expires = raw.expires.as_deref().and_then(|t| errors.take(names.expires, parse_date(t)));
        if let (Some(p), Some(e)) = (posted, expires) {
            if e < p {
                errors.take(names.expires, Err::<(), _>(format!("{e} is before the posting date {p}")));
            }
        }
        let cohorts = match (&raw.cohorts, raw.kind) {
            (Some(pieces), _) => errors.take(names.cohorts, each_piece(pieces, parse_cohorts)).map(|mut cohorts| {
                cohorts.sort();
                cohorts
            }),
            (None, Some(kind)) => Some(kind.default_cohorts().to_vec()),
            (None, None) => None,
        };
        let track = raw
            .track
            .as_deref()
            .and_then(|t| errors.take(names.track, t.parse::<VolunteerTrack>().map_err(|e| e.to_string())));

        let reject = |errors: Vec<FieldError>| Reject {
            source: format.to_string(),
            file: file.to_string(),
            line: raw.line,
            record_id: raw.source_id.clone(),
            errors,
        };
        let (Some(id), Some(source_ref), Some(kind), Some(title), Some(employer), Some(description)) =
            (id, source_ref, raw.kind, title, employer, description)
        else {
            return Err(reject(errors.0));
        };
        let (Some(region), Some(min_education), Some(majors), Some(pay), Some(posted), Some(cohorts)) =
            (region, min_education, majors, pay, posted, cohorts)
        else {
            return Err(reject(errors.0));
        };
        if !errors.0.is_empty() {
            return Err(reject(errors.0));
        }
        let inferred = match &given_occupation {
            Some(_) => None,
            None => self.classifier.classify(&title).filter(|m| m.confidence >= MIN_OCCUPATION_CONFIDENCE),
        };
        Ok(Posting {
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
            majors,
            cohorts,
            headcount,
            pay,
            posted,
            expires,
            track,
            contributions: Vec::new(),
        })
    }
}

/// Longest text of a field holding a code, a date, a number or a short phrase (a place, pay, education).
const MAX_SHORT_FIELD_CHARS: usize = 200;
/// Longest majors text (a list of majors under headings can be long).
const MAX_MAJORS_CHARS: usize = 2_000;

/// Every field of a record has a bound: a field over it is an error and is not parsed (parsing a megabyte of
/// "place" would cost time for nothing). Title, employer and description have their own bounds.
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

/// Cleaned text that must be there: not empty (nothing visible is missing), not too long, and readable (a
/// replacement character marks bytes that were not valid UTF-8 or GBK).
fn bounded_text(text: Option<String>, max_chars: usize) -> Result<String, String> {
    let text = text.unwrap_or_default();
    if text.is_empty() {
        return Err("missing".to_string());
    }
    let count = text.chars().count();
    if count > max_chars {
        return Err(format!("{count} characters, at most {max_chars} allowed"));
    }
    if text.contains('\u{fffd}') {
        return Err("holds bytes that are not valid UTF-8 or GBK".to_string());
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

/// 若干 (several) and 不限 leave the headcount unspecified.
fn parse_headcount(text: &str) -> Result<Option<u32>, String> {
    let trimmed = text.trim().trim_end_matches(['人', '名']);
    if matches!(trimmed, "若干" | "不限" | "") {
        return Ok(None);
    }
    match trimmed.parse::<i64>() {
        Ok(n) if n >= 1 && n <= i64::from(MAX_HEADCOUNT) => Ok(Some(n as u32)),
        Ok(n) => Err(format!("{n} is not between 1 and {MAX_HEADCOUNT}")),
        Err(_) => Err(format!("`{}` is not a whole number", text.trim())),
    }
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
    use proptest::prelude::*;

    #[test]
    fn headcounts() {
        assert_eq!(parse_headcount("3").unwrap(), Some(3));
        assert_eq!(parse_headcount("5人").unwrap(), Some(5));
        assert_eq!(parse_headcount("若干").unwrap(), None);
        assert!(parse_headcount("0").is_err());
        assert!(parse_headcount("-2").is_err());
        assert!(parse_headcount("三").is_err());
    }

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
