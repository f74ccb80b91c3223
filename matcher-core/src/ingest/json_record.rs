//! `JsonRecord`: one record of a JSON source read straight into its [`FieldMap`], the way
//! [`FieldMap::from_json`] reads a parsed object (the same fields, texts and rejects), without building the
//! object first: parsing each record into a `serde_json::Value` and copying its keys and texts again took
//! most of the time of reading a file of students.

use std::fmt;

use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::fields::{json_text, FieldMap, FieldValue};

/// A record: an object's fields, or the kind of JSON value it was instead ("a list").
#[derive(Debug)]
pub(crate) enum JsonRecord {
    Fields(FieldMap),
    Not(&'static str),
}

impl<'de> Deserialize<'de> for JsonRecord {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<JsonRecord, D::Error> {
        deserializer.deserialize_any(RecordVisitor)
    }
}

struct RecordVisitor;

impl<'de> Visitor<'de> for RecordVisitor {
    type Value = JsonRecord;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON record")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<JsonRecord, A::Error> {
        let mut fields = FieldMap::with_capacity(map.size_hint().unwrap_or(16));
        while let Some(key) = map.next_key::<String>()? {
            // A key given twice keeps its last value, as a parsed object does (a last null or blank one
            // leaves the field absent).
            let FieldJson(value) = map.next_value()?;
            fields.set(key, value);
        }
        Ok(JsonRecord::Fields(fields))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<JsonRecord, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(JsonRecord::Not("a list"))
    }

    fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<JsonRecord, E> {
        Ok(JsonRecord::Not("a string"))
    }

    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<JsonRecord, E> {
        Ok(JsonRecord::Not("a boolean"))
    }

    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<JsonRecord, E> {
        Ok(JsonRecord::Not("a number"))
    }

    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<JsonRecord, E> {
        Ok(JsonRecord::Not("a number"))
    }

    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<JsonRecord, E> {
        Ok(JsonRecord::Not("a number"))
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<JsonRecord, E> {
        Ok(JsonRecord::Not("null"))
    }
}

/// One field's value as the record keeps it (`None`: absent).
struct FieldJson(Option<FieldValue>);

impl<'de> Deserialize<'de> for FieldJson {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<FieldJson, D::Error> {
        deserializer.deserialize_any(FieldVisitor).map(FieldJson)
    }
}

struct FieldVisitor;

impl FieldVisitor {
    fn other(value: Value, kind: &'static str) -> Option<FieldValue> {
        Some(FieldValue::Other { text: value.to_string(), kind })
    }
}

impl<'de> Visitor<'de> for FieldVisitor {
    type Value = Option<FieldValue>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Self::Value, E> {
        Ok(FieldValue::text(text.trim().to_string()))
    }

    fn visit_string<E: serde::de::Error>(self, text: String) -> Result<Self::Value, E> {
        Ok(FieldValue::text(text))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Value>()? {
            items.extend(json_text(&item));
        }
        Ok(FieldValue::list(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        let object = Value::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
        Ok(Self::other(object, super::fields::OBJECT))
    }

    fn visit_bool<E: serde::de::Error>(self, value: bool) -> Result<Self::Value, E> {
        Ok(Self::other(Value::Bool(value), "a boolean"))
    }

    fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<Self::Value, E> {
        Ok(Self::other(Value::from(value), "a number"))
    }

    fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<Self::Value, E> {
        Ok(Self::other(Value::from(value), "a number"))
    }

    fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<Self::Value, E> {
        Ok(Self::other(Value::from(value), "a number"))
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every shape a record's field can take reads as a parsed object reads: texts trimmed, blanks and nulls
    /// absent, lists of texts and numbers, numbers, booleans and objects kept as their JSON, a key given
    /// twice keeping its last value, escapes decoded.
    #[test]
    fn records_read_straight_are_the_fields_of_the_parsed_object() {
        let records = [
            r#"{"name": " 张三 ", "age": 22, "gpa": 3.50, "big": 18446744073709551615, "neg": -7, "exp": 1e3}"#,
            r#"{"majors": ["080901", " 会计学 ", "", null, 3, true, ["a", "b"], {"k": 1}], "none": [], "blank": "  "}"#,
            r#"{"ok": true, "no": false, "nothing": null, "nested": {"b": [1, 2], "a": "x"}, "empty": {}}"#,
            r#"{"twice": "first", "twice": "second", "gone": "here", "gone": null, "cleared": "x", "cleared": " "}"#,
            r#"{"escaped": "line\nbreak \"quoted\" \u5f20 \ud83d\ude00", "tab": "\t padded \t"}"#,
            r#"{}"#,
        ];
        for text in records {
            let object: serde_json::Map<String, Value> = serde_json::from_str(text).unwrap();
            let JsonRecord::Fields(read) = serde_json::from_str::<JsonRecord>(text).unwrap() else {
                panic!("{text} is an object")
            };
            assert_eq!(read, FieldMap::from_json(&object), "{text}");
        }
        for (text, kind) in [("[1, 2]", "a list"), ("\"x\"", "a string"), ("3", "a number"), ("null", "null")] {
            let read = serde_json::from_str::<JsonRecord>(text).unwrap();
            assert!(matches!(read, JsonRecord::Not(k) if k == kind), "{text}: {read:?}");
        }
        for broken in ["{\"a\": }", "{\"a\": 1", "{\"a\": 1} x", ""] {
            let straight = serde_json::from_str::<JsonRecord>(broken).unwrap_err().to_string();
            let parsed = serde_json::from_str::<Value>(broken).unwrap_err().to_string();
            assert_eq!(straight, parsed, "{broken}");
        }
    }
}
