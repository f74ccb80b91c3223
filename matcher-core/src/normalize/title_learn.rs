//! The title models learned together from the labelled titles and the classification's names: one over the
//! 细类 and one each over the 小类 and the 中类 alone (the heads), a 细类's score the sum of its three.

use super::title_model::{grams, Example, TitleModel, Training};
use crate::model::OccupationCode;
use crate::taxonomy::occupation_prefix;

/// The model with the codes its classes stand for.
#[derive(Debug)]
pub(super) struct Learned {
    pub(super) model: TitleModel,
    pub(super) classes: Vec<OccupationCode>,
    /// Models of the 中类 and of the 小类 alone, learned from the same examples.
    pub(super) heads: [Head; 2],
}

/// A model of the codes' prefixes at one level.
#[derive(Debug)]
pub(super) struct Head {
    pub(super) model: TitleModel,
    /// The head's class of each class of the full model.
    pub(super) of_class: Vec<u32>,
}

impl Learned {
    /// Trains the models on the examples (title characters, code, weight); the classes are the codes they
    /// carry, in sorted order. The heads learn on threads of their own while the 细类 model learns on the
    /// caller's (not on the pool: its workers may be the ones waiting for this model); where no thread can be
    /// had, one after the other. Deterministic either way.
    pub(super) fn learn(examples: &[(Vec<char>, OccupationCode, f32)]) -> Learned {
        let mut classes: Vec<OccupationCode> = examples.iter().map(|(_, code, _)| code.clone()).collect();
        classes.sort();
        classes.dedup();
        let examples: Vec<Example> = examples
            .iter()
            .map(|(chars, code, weight)| Example {
                chars: chars.clone(),
                class: classes.binary_search(code).unwrap_or(0) as u32,
                weight: *weight,
            })
            .collect();
        let head = |level: u8| Head::learn(&classes, &examples, level);
        let (model, heads) = std::thread::scope(|scope| {
            let spawn = |level: u8| {
                let name = format!("title-head-{level}");
                std::thread::Builder::new().name(name).spawn_scoped(scope, move || head(level))
            };
            let (middle, small) = (spawn(2), spawn(3));
            let model = TitleModel::train(&examples, classes.len(), Training::default());
            let join = |spawned: std::io::Result<std::thread::ScopedJoinHandle<'_, Head>>, level: u8| match spawned {
                Ok(handle) => handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                Err(_) => head(level),
            };
            (model, [join(middle, 2), join(small, 3)])
        });
        Learned { model, classes, heads }
    }

    /// The likeliest code of a title's job words and how sure of it the models are (0.1..=0.95); `None`
    /// when they know none of its n-grams.
    pub(super) fn best(&self, chars: &[char]) -> Option<(&OccupationCode, f32)> {
        let grams = grams(chars);
        if !self.model.knows(&grams) {
            return None;
        }
        // A 细类's score adds its 小类's and its 中类's: a code is likely when its groups are too.
        let mut scores = self.model.scores(&grams);
        for head in &self.heads {
            let group_scores = head.model.scores(&grams);
            for (class, score) in scores.iter_mut().enumerate() {
                *score += group_scores[head.of_class[class] as usize];
            }
        }
        let mut best = (0usize, f32::MIN);
        let mut second = f32::MIN;
        for (class, score) in scores.iter().enumerate() {
            if *score > best.1 {
                second = best.1;
                best = (class, *score);
            } else if *score > second {
                second = *score;
            }
        }
        let margin = if second == f32::MIN { best.1 } else { best.1 - second };
        let confidence = (0.3 + 0.5 * margin).clamp(0.1, 0.95);
        Some((&self.classes[best.0], confidence))
    }
}

impl Head {
    /// The model of the codes' prefixes at `level` (2: 中类, 3: 小类).
    fn learn(classes: &[OccupationCode], examples: &[Example], level: u8) -> Head {
        let mut names: Vec<&str> = classes.iter().map(|c| occupation_prefix(c.as_str(), level)).collect();
        names.sort_unstable();
        names.dedup();
        let of_class: Vec<u32> = classes
            .iter()
            .map(|c| names.binary_search(&occupation_prefix(c.as_str(), level)).unwrap_or(0) as u32)
            .collect();
        let examples: Vec<Example> =
            examples.iter().map(|e| Example { class: of_class[e.class as usize], ..e.clone() }).collect();
        Head { model: TitleModel::train(&examples, names.len(), Training::default()), of_class }
    }
}
