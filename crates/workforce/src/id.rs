//! [`Id`]: interned text, eight bytes and `Copy`.
//!
//! The model's shared values are `Id`s: the ids of people, org units and posts, and
//! categorical text (job family, grade, gender, an absence's reason …). The text is stored once
//! in a process-wide table ([`ustr`]), so a council's 11 million case allocations hold a
//! pointer for their person instead of a heap string, equality is a pointer comparison and
//! hashing reads a precomputed hash. Interned text is never freed: the table grows with the
//! number of *distinct* values ever seen, which re-reading the same council does not change.
//!
//! An `Id` reads as a `&str` (`Deref`), prints as its text, orders by its text and serialises as
//! a plain string.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::cmp::Ordering;
use std::fmt;
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::ops::Deref;
use ustr::Ustr;

/// Interned text: an id or a categorical value (see the [module docs](self)).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Id(Ustr);

impl Id {
    /// Intern `text` (or find it already interned).
    pub fn new(text: &str) -> Id {
        Id(Ustr::from(text))
    }

    /// The id for `text` if it has been interned before, without interning it: a lookup of
    /// text that may be unknown (a user's query) then adds nothing to the table.
    pub fn existing(text: &str) -> Option<Id> {
        Ustr::from_existing(text).map(Id)
    }

    /// The text.
    pub fn as_str(&self) -> &'static str {
        self.0.as_str()
    }

    /// The hash computed once when the text was interned.
    pub fn precomputed_hash(&self) -> u64 {
        self.0.precomputed_hash()
    }

    /// The address of the interned text: equal ids have equal addresses (interning keeps one
    /// copy of each text), and reading it does not touch the text.
    #[inline]
    pub(crate) fn addr(self) -> usize {
        self.0.as_char_ptr() as usize
    }
}

impl Default for Id {
    fn default() -> Id {
        Id::new("")
    }
}

impl Deref for Id {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Id {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Hash for Id {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.precomputed_hash());
    }
}

impl Ord for Id {
    fn cmp(&self, other: &Id) -> Ordering {
        if self == other {
            Ordering::Equal
        } else {
            self.as_str().cmp(other.as_str())
        }
    }
}

impl PartialOrd for Id {
    fn partial_cmp(&self, other: &Id) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl From<&str> for Id {
    fn from(text: &str) -> Id {
        Id::new(text)
    }
}

impl From<&String> for Id {
    fn from(text: &String) -> Id {
        Id::new(text)
    }
}

impl From<String> for Id {
    fn from(text: String) -> Id {
        Id::new(&text)
    }
}

impl From<Id> for String {
    fn from(id: Id) -> String {
        id.as_str().to_owned()
    }
}

impl PartialEq<str> for Id {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Id {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Id {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<Id> for str {
    fn eq(&self, other: &Id) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Id> for &str {
    fn eq(&self, other: &Id) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<Id> for String {
    fn eq(&self, other: &Id) -> bool {
        self == other.as_str()
    }
}

impl Serialize for Id {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Id, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Id;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an id string")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Id, E> {
                Ok(Id::new(v))
            }
        }
        d.deserialize_str(Visitor)
    }
}

/// A local front to the process-wide table for one reader: text seen before is found in a
/// private map (no lock, no shared cache lines), so interning the ids of a large file costs
/// about one hash lookup a row. Keep one per thread.
///
/// Text of up to 15 bytes (nearly every id) is keyed by its bytes packed with its length into
/// an integer, so a lookup compares the key in the map itself rather than following a pointer
/// to the text; text of up to 7 bytes into a `u64`, which halves the map's memory (ids such as
/// `P000001` are looked up once a row in the largest files, and the map's cache misses are
/// most of the cost).
#[derive(Default)]
pub struct IdCache {
    /// The last short id read in each of the first columns ([`IdCache::get_in`]).
    recent: [(u64, Option<Id>); RECENT_COLUMNS],
    tiny: rustc_hash::FxHashMap<u64, Id>,
    short: rustc_hash::FxHashMap<u128, Id>,
    long: rustc_hash::FxHashMap<&'static str, Id>,
}

/// Columns whose last id [`IdCache::get_in`] keeps.
const RECENT_COLUMNS: usize = 32;

impl IdCache {
    /// The id for `text` read in column `column` of a file: as [`IdCache::get`], but a value
    /// equal to the column's last one (a person's consecutive rows, a categorical column) is
    /// answered without the map.
    pub fn get_in(&mut self, column: usize, text: &str) -> Id {
        let b = text.as_bytes();
        let Some(slot) = self.recent.get(column).filter(|_| b.len() <= 7) else {
            return self.get(text);
        };
        let key = tiny_key(b);
        if let (k, Some(id)) = *slot {
            if k == key {
                return id;
            }
        }
        let id = *self.tiny.entry(key).or_insert_with(|| Id::new(text));
        self.recent[column] = (key, Some(id));
        id
    }

    /// The id for `text`, interning it on first sight.
    pub fn get(&mut self, text: &str) -> Id {
        let b = text.as_bytes();
        if b.len() <= 7 {
            *self
                .tiny
                .entry(tiny_key(b))
                .or_insert_with(|| Id::new(text))
        } else if b.len() <= 15 {
            let key = u128::from_le_bytes(packed(b)) | (b.len() as u128) << 120;
            *self.short.entry(key).or_insert_with(|| Id::new(text))
        } else {
            if let Some(&id) = self.long.get(text) {
                return id;
            }
            let id = Id::new(text);
            self.long.insert(id.as_str(), id);
            id
        }
    }
}

/// Text of up to 7 bytes and its length in a `u64`.
fn tiny_key(b: &[u8]) -> u64 {
    u64::from_le_bytes(packed(b)) | (b.len() as u64) << 56
}

/// `b` (shorter than `N`) followed by zeros; the caller adds the length in the last byte.
fn packed<const N: usize>(b: &[u8]) -> [u8; N] {
    let mut buf = [0u8; N];
    buf[..b.len()].copy_from_slice(b);
    buf
}

/// A hasher for [`Id`] keys that passes the precomputed hash through.
#[derive(Default, Clone, Copy)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        // Only `write_u64` is expected (from `Id::hash`); fold anything else in case.
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A `HashMap` keyed by [`Id`], hashing with the precomputed hash.
pub type IdMap<V> = std::collections::HashMap<Id, V, BuildHasherDefault<IdHasher>>;
/// A `HashSet` of [`Id`], hashing with the precomputed hash.
pub type IdSet = std::collections::HashSet<Id, BuildHasherDefault<IdHasher>>;

/// Dense numbers of ids (`0..n` in the order given), found by the ids' addresses: a lookup
/// hashes the address and reads one slot of an open-addressed table, without reading the
/// interned text (whose precomputed hash [`IdMap`] reads, a cache miss of its own on large
/// tables). When an id is given more than once, the last number wins, as with inserts into a
/// map.
pub(crate) struct IdNumbers {
    /// `(address, number)`; address 0 marks an empty slot (interned text is never at 0).
    slots: Vec<(usize, u32)>,
    /// `64 - log2(slots.len())`: a slot index is the top bits of the multiplied address.
    shift: u32,
}

impl IdNumbers {
    /// Numbers `ids` `0, 1, 2 …` in order.
    pub(crate) fn new(ids: impl ExactSizeIterator<Item = Id>) -> IdNumbers {
        // At most 7/8 full, as a std `HashMap` of the same ids at its fullest, in less memory:
        // 16 bytes a slot (4 a cache line) against its 16 and a control byte.
        let n = ids.len();
        let n_slots = (n + n / 7 + 1).next_power_of_two().max(2);
        let mut table = IdNumbers {
            slots: vec![(0, 0); n_slots],
            shift: 64 - n_slots.trailing_zeros(),
        };
        for (i, id) in ids.enumerate() {
            let key = id.addr();
            let mask = table.slots.len() - 1;
            let mut s = table.slot_of(key);
            loop {
                let slot = &mut table.slots[s];
                if slot.0 == 0 || slot.0 == key {
                    *slot = (key, i as u32);
                    break;
                }
                s = (s + 1) & mask;
            }
        }
        table
    }

    #[inline]
    fn slot_of(&self, key: usize) -> usize {
        // Fibonacci hashing: the top bits of the product depend on every bit of the address.
        ((key as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    /// Whether `id` was given.
    #[inline]
    pub(crate) fn contains(&self, id: Id) -> bool {
        self.get(id).is_some()
    }

    /// The number of `id`, if it was given.
    #[inline]
    pub(crate) fn get(&self, id: Id) -> Option<u32> {
        let key = id.addr();
        let mask = self.slots.len() - 1;
        let mut s = self.slot_of(key);
        loop {
            let (k, v) = self.slots[s];
            if k == key {
                return Some(v);
            }
            if k == 0 {
                return None;
            }
            s = (s + 1) & mask;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interned_ids_compare_order_and_hash_by_text() {
        let a = Id::new("P001");
        let b = Id::from(String::from("P001"));
        assert_eq!(a, b);
        assert_eq!(a, "P001");
        assert!(Id::new("P002") > a);
        assert!(Id::new("A") < Id::new("B"));
        let mut m = IdMap::default();
        m.insert(a, 1);
        assert_eq!(m.get(&b), Some(&1));
        assert_eq!(a.to_string(), "P001");
        assert_eq!(format!("{a:?}"), "\"P001\"");
        assert_eq!(serde_json::to_string(&a).unwrap(), "\"P001\"");
        let back: Id = serde_json::from_str("\"P001\"").unwrap();
        assert_eq!(back, a);
        assert!(Id::existing("never-interned-id-zz9").is_none());
        assert_eq!(Id::existing("P001"), Some(a));
        assert_eq!(std::mem::size_of::<Option<Id>>(), 8);
        let mut cache = IdCache::default();
        assert_eq!(cache.get("P001"), a);
        assert_eq!(cache.get("P001"), a);
        assert_eq!(cache.get("P003"), "P003");
        let long = "a-very-long-identifier-of-40-characters!";
        assert_eq!(cache.get(long), Id::new(long));
        assert_eq!(cache.get(long), long);
        // Short keys carry their length: text that differs only by trailing NULs, and text
        // of exactly 15 and 16 bytes, are told apart.
        assert_eq!(cache.get("a"), "a");
        assert_eq!(cache.get("a\0"), "a\0");
        assert_eq!(cache.get("a"), "a");
        assert_eq!(cache.get("fifteen-bytes-x"), "fifteen-bytes-x");
        assert_eq!(cache.get("sixteen-bytes-xy"), "sixteen-bytes-xy");
        assert_eq!(cache.get("fifteen-bytes-x"), "fifteen-bytes-x");
        assert_eq!(cache.get(""), "");
        for text in [
            "seven_7",
            "eight_88",
            "seven\0\0",
            "seven\0",
            "\0\0\0\0\0\0\0",
        ] {
            assert_eq!(cache.get(text), text);
            assert_eq!(cache.get(text), text);
        }
    }

    #[test]
    fn ids_are_numbered_by_address() {
        let ids: Vec<Id> = (0..1000).map(|i| Id::new(&format!("num-{i}"))).collect();
        let numbers = IdNumbers::new(ids.iter().copied());
        for (i, &id) in ids.iter().enumerate() {
            assert_eq!(numbers.get(id), Some(i as u32));
            // The same text interned again is the same id.
            assert_eq!(numbers.get(Id::new(&format!("num-{i}"))), Some(i as u32));
        }
        assert_eq!(numbers.get(Id::new("num-1000")), None);
        assert_eq!(numbers.get(Id::default()), None);
        // A repeated id keeps its last number; nothing given, nothing found.
        let a = Id::new("num-1");
        let repeated = IdNumbers::new([a, Id::new("num-2"), a].into_iter());
        assert_eq!(repeated.get(a), Some(2));
        assert_eq!(repeated.get(Id::new("num-2")), Some(1));
        assert_eq!(IdNumbers::new(std::iter::empty()).get(a), None);
    }
}
