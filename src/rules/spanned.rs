//! A value with the byte range it was written at in its rule file, readable from TOML and from the
//! compact form the build script stores the built-in rule files in (see `built_in`).
//!
//! `toml::Spanned` only learns its span from the TOML deserializer, and serializes without it, so
//! a rule file read back from any other format would lose the positions its errors are reported
//! at. This type reads TOML through `toml::Spanned` (same spans, same error messages) and, in a
//! compact format (one that is not human-readable, such as postcard), writes and reads the span
//! as two numbers before the value.

use serde::de::{Deserialize, Deserializer};
use serde::ser::{Serialize, Serializer};
use std::ops::Range;

/// A value and the byte range of its text in the rule file. Compared, ordered and hashed by value
/// alone, as `toml::Spanned` is.
#[derive(Debug, Clone)]
pub struct Spanned<T> {
    span: Range<usize>,
    value: T,
}

impl<T> Spanned<T> {
    pub fn new(span: Range<usize>, value: T) -> Spanned<T> {
        Spanned { span, value }
    }

    /// The byte range of the value's text in its file.
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    pub fn get_ref(&self) -> &T {
        &self.value
    }

    pub fn into_inner(self) -> T {
        self.value
    }
}

impl<T: PartialEq> PartialEq for Spanned<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<T: Eq> Eq for Spanned<T> {}

impl<T: PartialOrd> PartialOrd for Spanned<T> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        self.value.partial_cmp(&other.value)
    }
}

impl<T: Ord> Ord for Spanned<T> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.value.cmp(&other.value)
    }
}

impl<T: std::hash::Hash> std::hash::Hash for Spanned<T> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.value.hash(state);
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if deserializer.is_human_readable() {
            // TOML: `toml::Spanned` asks the TOML deserializer for the value's position.
            let spanned = toml::Spanned::<T>::deserialize(deserializer)?;
            Ok(Spanned::new(spanned.span(), spanned.into_inner()))
        } else {
            let (start, end, value) = <(usize, usize, T)>::deserialize(deserializer)?;
            Ok(Spanned::new(start..end, value))
        }
    }
}

impl<T: Serialize> Serialize for Spanned<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            // As `toml::Spanned` does: a span is where the value was read, not part of it.
            self.value.serialize(serializer)
        } else {
            (self.span.start, self.span.end, &self.value).serialize(serializer)
        }
    }
}
