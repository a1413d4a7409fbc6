//! Decodes internally tagged enums (`{"type": "ready", "agents_online": true}`)
//! without serde's buffering, when the tag is the object's first key.
//!
//! serde's derive for `#[serde(tag = "...")]` reads the whole object into
//! its private `Content` tree before it knows the variant, then decodes the
//! variant from that tree: a second copy of every nested type's decoder in
//! the widget's Wasm (about 13 KB gzip of it, measured) and an allocation
//! per value. Everything Tandem decodes into such enums was written by
//! serde's derive, which always writes the tag first (the server's frames,
//! the knowledge base it serves, the widget's saved conversation). So the
//! decoder here reads the tag, then hands the rest of the object to the
//! variant's own decoder. An object that does not start with the tag is
//! refused with an error that says so, never misread.
//!
//! An enum keeps `#[derive(Serialize)]` with its `tag` attribute (the wire
//! format does not change) and implements [`TagFirst`] plus a one-line
//! `Deserialize` that calls [`deserialize`]. Its tests must decode every
//! variant it serialises, which holds the two halves together.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};

/// An internally tagged enum decoded tag first.
pub trait TagFirst: Sized {
    /// The tag's key, e.g. `"type"`.
    const TAG: &'static str;
    /// What the enum is, for errors: "a shopper event".
    const EXPECTING: &'static str;
    /// The variant names the tag may take, for the unknown-variant error.
    const VARIANTS: &'static [&'static str];

    /// Decodes the variant named `tag` from the rest of the object: usually
    /// [`rest`] into the variant's fields, then the variant. `None` when no
    /// variant has that name.
    fn variant<'de, A: MapAccess<'de>>(tag: &str, rest: A) -> Option<Result<Self, A::Error>>;
}

/// The body of `T`'s `Deserialize::deserialize`.
pub fn deserialize<'de, T: TagFirst, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(TagFirstVisitor(PhantomData))
}

/// The rest of the object (everything after the tag) as `P`, typically a
/// struct with the variant's fields, or the newtype variant's struct.
pub fn rest<'de, P: Deserialize<'de>, A: MapAccess<'de>>(rest: A) -> Result<P, A::Error> {
    P::deserialize(de::value::MapAccessDeserializer::new(rest))
}

struct TagFirstVisitor<T>(PhantomData<T>);

impl<'de, T: TagFirst> Visitor<'de> for TagFirstVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (an object whose first key is {:?})",
            T::EXPECTING,
            T::TAG
        )
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let first: Option<String> = map.next_key()?;
        match first {
            Some(key) if key == T::TAG => {}
            Some(key) => {
                return Err(de::Error::custom(format_args!(
                    "{} must start with {:?}, found {key:?} first",
                    T::EXPECTING,
                    T::TAG
                )));
            }
            None => return Err(de::Error::missing_field(T::TAG)),
        }
        let tag: String = map.next_value()?;
        T::variant(&tag, map).unwrap_or_else(|| Err(de::Error::unknown_variant(&tag, T::VARIANTS)))
    }
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};

    use super::*;

    #[derive(Debug, PartialEq, Serialize)]
    #[serde(tag = "kind", rename_all = "snake_case")]
    enum Shape {
        Circle { radius: u32 },
        Square(Side),
        Dot,
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Side {
        side: u32,
        #[serde(default)]
        label: Option<String>,
    }

    impl TagFirst for Shape {
        const TAG: &'static str = "kind";
        const EXPECTING: &'static str = "a shape";
        const VARIANTS: &'static [&'static str] = &["circle", "square", "dot"];

        fn variant<'de, A: MapAccess<'de>>(tag: &str, map: A) -> Option<Result<Self, A::Error>> {
            #[derive(Deserialize)]
            struct Circle {
                radius: u32,
            }
            #[derive(Deserialize)]
            struct Dot {}
            Some(match tag {
                "circle" => rest(map).map(|c: Circle| Shape::Circle { radius: c.radius }),
                "square" => rest(map).map(Shape::Square),
                "dot" => rest(map).map(|Dot {}| Shape::Dot),
                _ => return None,
            })
        }
    }

    impl<'de> Deserialize<'de> for Shape {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserialize(deserializer)
        }
    }

    fn decode(json: &str) -> Result<Shape, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn every_variant_round_trips_through_serdes_own_encoding() {
        let shapes = [
            Shape::Circle { radius: 3 },
            Shape::Square(Side {
                side: 2,
                label: Some("a".into()),
            }),
            Shape::Square(Side {
                side: 2,
                label: None,
            }),
            Shape::Dot,
        ];
        for shape in shapes {
            let json = serde_json::to_string(&shape).expect("serialises");
            assert!(
                json.starts_with(r#"{"kind":"#),
                "serde writes the tag first: {json}"
            );
            assert_eq!(decode(&json), Ok(shape), "{json}");
        }
    }

    #[test]
    fn inside_other_values_and_with_whitespace() {
        let shapes: Vec<Shape> =
            serde_json::from_str(r#"[ { "kind" : "dot" }, {"kind":"circle", "radius": 1} ]"#)
                .expect("decodes");
        assert_eq!(shapes, [Shape::Dot, Shape::Circle { radius: 1 }]);
    }

    #[test]
    fn refuses_what_it_cannot_read_and_says_why() {
        let refused = |json: &str| decode(json).expect_err(json);
        assert!(
            refused(r#"{"radius": 3, "kind": "circle"}"#)
                .contains(r#"a shape must start with "kind", found "radius" first"#)
        );
        assert!(refused(r#"{"kind": "hexagon"}"#).contains("unknown variant `hexagon`"));
        assert!(refused("{}").contains("missing field `kind`"));
        assert!(refused(r#"{"kind": "circle"}"#).contains("missing field `radius`"));
        assert!(refused(r#"{"kind": "circle", "radius": "big"}"#).contains("invalid type"));
        assert!(
            refused(r#""circle""#).contains(r#"a shape (an object whose first key is "kind")"#)
        );
        assert!(refused(r#"{"kind": 7}"#).contains("invalid type"));
    }
}
