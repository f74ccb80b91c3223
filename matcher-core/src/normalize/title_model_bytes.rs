//! The learned title models as bytes: written once from the built-in labelled titles and occupation names (a
//! test keeps `data/models/title_models.bin` equal to what learning gives), read when the built-in classifier
//! first needs them instead of learning them again (~0.7 s of CPU that every `matcher ingest`, the service's
//! first upsert and every test process paid).
//!
//! Little-endian throughout: a magic word, the classes' codes, the 细类 model, then the two heads (each its map
//! of classes and its model). A model is its class count and its features in number order, each the n-gram,
//! its idf and its weights (class, value). Floats are kept as their bits: reading gives the very model
//! learning gives.

use rustc_hash::FxHashMap;

use super::title_learn::{Head, Learned};
use super::title_model::{TitleModel, Vocabulary};
use crate::model::OccupationCode;
use crate::taxonomy::is_occupation_code;

const MAGIC: &[u8; 8] = b"JQTITLE1";

/// The bytes of learned models (written by a test: `title.rs`, `built_title_models_are_what_learning_gives`).
#[cfg(test)]
pub(super) fn write(learned: &Learned) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(MAGIC);
    put_u32(&mut out, learned.classes.len() as u32);
    for code in &learned.classes {
        put_u32(&mut out, code.as_str().len() as u32);
        out.extend_from_slice(code.as_str().as_bytes());
    }
    write_model(&learned.model, &mut out);
    for head in &learned.heads {
        put_u32(&mut out, head.of_class.len() as u32);
        for class in &head.of_class {
            put_u32(&mut out, *class);
        }
        write_model(&head.model, &mut out);
    }
    out
}

/// The models of `bytes`; `None` when they are not whole and well-formed (a class, feature or weight out of
/// range, a code that is not one, bytes left over).
pub(super) fn read(bytes: &[u8]) -> Option<Learned> {
    let mut at = Reader(bytes);
    if at.take(MAGIC.len())? != MAGIC {
        return None;
    }
    let count = at.u32()? as usize;
    let mut classes = Vec::with_capacity(count.min(bytes.len()));
    for _ in 0..count {
        let len = at.u32()? as usize;
        let text = std::str::from_utf8(at.take(len)?).ok()?;
        classes.push(is_occupation_code(text).then(|| OccupationCode(text.to_string()))?);
    }
    let model = read_model(&mut at)?;
    if model.classes != classes.len() {
        return None;
    }
    let mut head = || -> Option<Head> {
        let count = at.u32()? as usize;
        if count != classes.len() {
            return None;
        }
        let of_class = (0..count).map(|_| at.u32()).collect::<Option<Vec<u32>>>()?;
        let model = read_model(&mut at)?;
        of_class.iter().all(|&c| (c as usize) < model.classes).then_some(Head { model, of_class })
    };
    let heads = [head()?, head()?];
    at.0.is_empty().then_some(Learned { model, classes, heads })
}

#[cfg(test)]
fn write_model(model: &TitleModel, out: &mut Vec<u8>) {
    let mut grams: Vec<(u32, u64)> = model.vocabulary.ids.iter().map(|(gram, id)| (*id, *gram)).collect();
    grams.sort_unstable();
    put_u32(out, model.classes as u32);
    put_u32(out, grams.len() as u32);
    for (id, gram) in grams {
        out.extend_from_slice(&gram.to_le_bytes());
        put_u32(out, model.vocabulary.idf[id as usize].to_bits());
        let weights = &model.weights[id as usize];
        put_u32(out, weights.len() as u32);
        for (class, value) in weights {
            put_u32(out, *class);
            put_u32(out, value.to_bits());
        }
    }
}

fn read_model(at: &mut Reader) -> Option<TitleModel> {
    let classes = at.u32()? as usize;
    let features = at.u32()? as usize;
    // Each feature takes at least 16 bytes: a count beyond what is left is not believed.
    if features > at.0.len() / 16 {
        return None;
    }
    let mut ids = FxHashMap::with_capacity_and_hasher(features, Default::default());
    let mut idf = Vec::with_capacity(features);
    let mut weights = Vec::with_capacity(features);
    for id in 0..features as u32 {
        let gram = u64::from_le_bytes(at.take(8)?.try_into().ok()?);
        if ids.insert(gram, id).is_some() {
            return None;
        }
        idf.push(f32::from_bits(at.u32()?));
        let count = at.u32()? as usize;
        if count > at.0.len() / 8 {
            return None;
        }
        let mut list = Vec::with_capacity(count);
        for _ in 0..count {
            let class = at.u32()?;
            if class as usize >= classes {
                return None;
            }
            list.push((class, f32::from_bits(at.u32()?)));
        }
        weights.push(list);
    }
    Some(TitleModel { vocabulary: Vocabulary { ids, idf }, weights, classes })
}

#[cfg(test)]
fn put_u32(out: &mut Vec<u8>, value: u32) {
    out.extend_from_slice(&value.to_le_bytes());
}

/// What is left to read.
struct Reader<'b>(&'b [u8]);

impl<'b> Reader<'b> {
    fn take(&mut self, n: usize) -> Option<&'b [u8]> {
        if self.0.len() < n {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn learned() -> Learned {
        let code = |c: &str| OccupationCode(c.to_string());
        let examples: Vec<(Vec<char>, OccupationCode, f32)> = [
            ("会计", "2-06-01-01"),
            ("财务会计", "2-06-01-01"),
            ("出纳", "4-04-01-02"),
            ("电焊工", "6-18-02-04"),
            ("氩弧焊工", "6-18-02-04"),
            ("软件工程师", "2-02-10-03"),
        ]
        .iter()
        .map(|(title, c)| (title.chars().collect(), code(c), 1.0))
        .collect();
        Learned::learn(&examples)
    }

    #[test]
    fn models_read_back_answer_as_the_learned_ones_and_write_the_same_bytes() {
        let learned = learned();
        let bytes = write(&learned);
        let read = read(&bytes).expect("well-formed");
        assert_eq!(write(&read), bytes);
        for title in ["成本会计", "二保焊工", "出纳员", "软件开发", "鱼"] {
            let chars: Vec<char> = title.chars().collect();
            assert_eq!(read.best(&chars), learned.best(&chars), "{title}");
        }
        assert!(read.best(&['焊', '工']).is_some());
    }

    #[test]
    fn cut_or_altered_bytes_are_refused_not_misread() {
        let bytes = write(&learned());
        for end in 0..bytes.len() {
            assert!(read(&bytes[..end]).is_none(), "cut at {end} of {}", bytes.len());
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(read(&longer).is_none(), "bytes left over");
        let mut other = bytes.clone();
        other[0] ^= 1;
        assert!(read(&other).is_none(), "magic");
        // Every single byte changed at once to 0xff: read without a panic, whatever it gives.
        for at in 0..bytes.len() {
            let mut altered = bytes.clone();
            altered[at] = 0xff;
            let _ = read(&altered);
        }
    }
}
