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
///
/// A cache may start from a shared, read-only *seed* of ids known before the read (the units
/// and posts that later files refer to): every thread then finds those in one table, and
/// interns nothing for them. The seed may carry the known *people* in a table of their own
/// ([`IdCache::with_people`]): a column naming people ([`IdCache::get_person_in`]) looks
/// there first and counts the values it does not find, so a reader learns whether every
/// person a file names is known without a second lookup per row.
#[derive(Default)]
pub struct IdCache {
    /// Ids every reader knows, looked up before this cache's own tables.
    seed: Option<std::sync::Arc<IdCache>>,
    /// The people every reader knows ([`IdCache::get_person_in`]).
    people: Option<std::sync::Arc<IdCache>>,
    /// Values of people columns not found in `people`.
    unknown_people: usize,
    /// The last short id read in each of the first columns ([`IdCache::get_in`]).
    recent: [(u64, Option<Id>); RECENT_COLUMNS],
    tiny: KeyTable<Id>,
    short: rustc_hash::FxHashMap<u128, Id>,
    long: rustc_hash::FxHashMap<&'static str, Id>,
}

/// Columns whose last id [`IdCache::get_in`] keeps.
const RECENT_COLUMNS: usize = 32;

impl IdCache {
    /// A cache that looks in `seed` first (and in the seed's people for people columns).
    pub fn with_seed(seed: std::sync::Arc<IdCache>) -> IdCache {
        IdCache {
            people: seed.people.clone(),
            seed: Some(seed),
            ..IdCache::default()
        }
    }

    /// This cache (to be shared as a seed) with `people`, the ids of every known person.
    pub fn with_people(self, people: IdCache) -> IdCache {
        IdCache {
            people: Some(std::sync::Arc::new(people)),
            ..self
        }
    }

    /// The id for `text` read in column `column`, which names people: as
    /// [`IdCache::get_in`], looking first among the known people and counting a value not
    /// found there ([`IdCache::unknown_people`]; every value counts without known people).
    pub fn get_person_in(&mut self, column: usize, text: &str) -> Id {
        let b = text.as_bytes();
        if (1..=7).contains(&b.len()) && column < RECENT_COLUMNS {
            let key = tiny_key(b);
            // Only known people are kept as the column's last value.
            if let (k, Some(id)) = self.recent[column] {
                if k == key {
                    return id;
                }
            }
            if let Some(id) = self.people.as_ref().and_then(|p| p.tiny.get(key)) {
                self.recent[column] = (key, Some(id));
                return id;
            }
        } else if let Some(id) = self.people.as_ref().and_then(|p| p.find(text)) {
            return id;
        }
        self.unknown_people += 1;
        self.get(text)
    }

    /// Values read by [`IdCache::get_person_in`] that were not among the known people.
    pub fn unknown_people(&self) -> usize {
        self.unknown_people
    }

    /// A cache holding `ids` (to be shared as a seed).
    pub fn of(ids: impl IntoIterator<Item = Id>) -> IdCache {
        let mut cache = IdCache::default();
        for id in ids {
            cache.find_or_insert(id.as_str(), || id);
        }
        cache
    }

    /// The id for `text` read in column `column` of a file: as [`IdCache::get`], but a value
    /// equal to the column's last one (a person's consecutive rows, a categorical column) is
    /// answered without the map.
    pub fn get_in(&mut self, column: usize, text: &str) -> Id {
        let b = text.as_bytes();
        let Some(slot) = self
            .recent
            .get(column)
            .filter(|_| (1..=7).contains(&b.len()))
        else {
            return self.get(text);
        };
        let key = tiny_key(b);
        if let (k, Some(id)) = *slot {
            if k == key {
                return id;
            }
        }
        let id = match self.seed.as_ref().and_then(|seed| seed.tiny.get(key)) {
            Some(id) => id,
            None => self.tiny.get_or_insert_with(key, || Id::new(text)),
        };
        self.recent[column] = (key, Some(id));
        id
    }

    /// Asks for the memory that [`IdCache::get_person_in`] of `text` will read (a hint: the
    /// lookup is a cache miss in a table of a few hundred thousand people, which a reader can
    /// start some rows before it needs the answer).
    #[inline]
    pub fn prefetch_person(&self, text: &str) {
        let b = text.as_bytes();
        if (1..=7).contains(&b.len()) {
            (self.people.as_deref())
                .or(self.seed.as_deref())
                .unwrap_or(self)
                .tiny
                .prefetch(tiny_key(b));
        }
    }

    /// The id for `text`, interning it on first sight.
    pub fn get(&mut self, text: &str) -> Id {
        match self.seed.as_ref().and_then(|seed| seed.find(text)) {
            Some(id) => id,
            None => self.find_or_insert(text, || Id::new(text)),
        }
    }

    /// The id for `text` in this cache's own tables (not the seed), if there.
    fn find(&self, text: &str) -> Option<Id> {
        let b = text.as_bytes();
        match b.len() {
            0 => Some(Id::default()),
            1..=7 => self.tiny.get(tiny_key(b)),
            8..=15 => self.short.get(&short_key(b)).copied(),
            _ => self.long.get(text).copied(),
        }
    }

    /// The id for `text` in this cache's own tables, storing `make()` first if absent.
    fn find_or_insert(&mut self, text: &str, make: impl FnOnce() -> Id) -> Id {
        let b = text.as_bytes();
        match b.len() {
            0 => Id::default(),
            1..=7 => self.tiny.get_or_insert_with(tiny_key(b), make),
            8..=15 => *self.short.entry(short_key(b)).or_insert_with(make),
            _ => {
                if let Some(&id) = self.long.get(text) {
                    return id;
                }
                let id = make();
                self.long.insert(id.as_str(), id);
                id
            }
        }
    }
}

/// Text of up to 7 bytes and its length in a `u64` (0 only for the empty text): the bytes
/// in little-endian order, read as two overlapping words rather than copied byte by byte.
#[inline]
pub(crate) fn tiny_key(b: &[u8]) -> u64 {
    debug_assert!(b.len() <= 7);
    let n = b.len();
    let u16_at = |i: usize| u64::from(u16::from_le_bytes([b[i], b[i + 1]]));
    let u32_at = |i: usize| u64::from(u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]));
    let bytes = match n {
        0 => 0,
        1 => u64::from(b[0]),
        2..=3 => u16_at(0) | u16_at(n - 2) << (8 * (n - 2)),
        _ => u32_at(0) | u32_at(n - 4) << (8 * (n - 4)),
    };
    bytes | (n as u64) << 56
}

/// Text of 8 to 15 bytes and its length in a `u128`.
fn short_key(b: &[u8]) -> u128 {
    u128::from_le_bytes(packed(b)) | (b.len() as u128) << 120
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
pub(crate) struct IdNumbers(KeyTable<u32>);

impl IdNumbers {
    /// Numbers `ids` `0, 1, 2 …` in order.
    pub(crate) fn new(ids: impl ExactSizeIterator<Item = Id>) -> IdNumbers {
        let mut table = KeyTable::with_capacity(ids.len());
        for (i, id) in ids.enumerate() {
            table.insert(id.addr() as u64, i as u32);
        }
        IdNumbers(table)
    }

    /// Asks for the memory a lookup of `id` reads (see [`IdCache::prefetch`]).
    #[inline]
    pub(crate) fn prefetch(&self, id: Id) {
        self.0.prefetch(id.addr() as u64);
    }

    /// Whether `id` was given.
    #[inline]
    pub(crate) fn contains(&self, id: Id) -> bool {
        self.get(id).is_some()
    }

    /// The number of `id`, if it was given.
    #[inline]
    pub(crate) fn get(&self, id: Id) -> Option<u32> {
        self.0.get(id.addr() as u64)
    }
}

/// Rows (records, lines) between a prefetch for a row's id and its lookup: enough for the
/// memory to answer while the rows before are parsed or checked.
pub(crate) const PREFETCH_AHEAD: usize = 8;

/// Asks the processor to bring the cache line of `p` in (a hint, with no effect on any
/// value; nothing on targets other than x86_64).
#[inline]
fn prefetch<T>(p: &T) {
    prefetch_addr((p as *const T).cast());
}

/// [`prefetch`] of every cache line of the record at `p` (which may span several lines).
#[inline]
pub(crate) fn prefetch_lines<T>(p: *const T) {
    let (p, size) = (p.cast::<u8>(), std::mem::size_of::<T>());
    for off in (0..size).step_by(64) {
        prefetch_addr(p.wrapping_add(off));
    }
    if size > 1 {
        prefetch_addr(p.wrapping_add(size - 1));
    }
}

/// Asks the processor to bring the cache line of address `p` in.
#[inline]
fn prefetch_addr(p: *const u8) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch reads nothing and never faults, whatever the address, and SSE is in
    // the baseline of every x86_64 target.
    unsafe {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        _mm_prefetch::<_MM_HINT_T0>(p.cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// An open-addressed table (linear probing) from non-zero `u64` keys to small values, each
/// slot holding its key and value side by side: a lookup in a large table reads one cache
/// line, where a `HashMap` reads its control bytes and then its slot, two misses. At most 7/8
/// full, as a `HashMap` at its fullest. Key 0 marks an empty slot and is never stored.
pub(crate) struct KeyTable<V> {
    slots: Vec<(u64, V)>,
    /// `64 - log2(slots.len())`: a slot index is the top bits of the mixed key.
    shift: u32,
    len: usize,
}

impl<V: Copy + Default> Default for KeyTable<V> {
    fn default() -> Self {
        KeyTable::with_capacity(0)
    }
}

impl<V: Copy + Default> KeyTable<V> {
    /// A table for `n` keys before it grows.
    pub(crate) fn with_capacity(n: usize) -> Self {
        let n_slots = (n + n / 7 + 1).next_power_of_two().max(8);
        KeyTable {
            slots: vec![(0, V::default()); n_slots],
            shift: 64 - n_slots.trailing_zeros(),
            len: 0,
        }
    }

    #[inline]
    fn slot_of(&self, key: u64) -> usize {
        // Two multiplications, so that every bit of the key (text packed in bytes, or an
        // address) reaches the top bits that pick the slot.
        let h = key.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        ((h ^ h >> 32).wrapping_mul(0xD6E8_FEB8_6659_FD93) >> self.shift) as usize
    }

    /// The slot holding `key`, or the empty slot where it would go.
    #[inline]
    fn find(&self, key: u64) -> usize {
        let mask = self.slots.len() - 1;
        let mut s = self.slot_of(key);
        loop {
            let k = self.slots[s].0;
            if k == key || k == 0 {
                return s;
            }
            s = (s + 1) & mask;
        }
    }

    /// Asks for the slot where a lookup of `key` starts.
    #[inline]
    pub(crate) fn prefetch(&self, key: u64) {
        prefetch(&self.slots[self.slot_of(key)]);
    }

    /// The value of `key`, if stored.
    #[inline]
    pub(crate) fn get(&self, key: u64) -> Option<V> {
        let (k, v) = self.slots[self.find(key)];
        (k != 0 && k == key).then_some(v)
    }

    /// Stores `value` for `key` (replacing an earlier value). `key` must not be 0.
    pub(crate) fn insert(&mut self, key: u64, value: V) {
        debug_assert_ne!(key, 0, "key 0 marks an empty slot");
        let s = self.find(key);
        if self.slots[s].0 == 0 {
            if (self.len + 1) * 8 > self.slots.len() * 7 {
                self.grow();
                return self.insert(key, value);
            }
            self.len += 1;
        }
        self.slots[s] = (key, value);
    }

    /// The value of `key`, storing `make()` first if there is none. `key` must not be 0.
    #[inline]
    pub(crate) fn get_or_insert_with(&mut self, key: u64, make: impl FnOnce() -> V) -> V {
        let (k, v) = self.slots[self.find(key)];
        if k == key && k != 0 {
            return v;
        }
        let v = make();
        self.insert(key, v);
        v
    }

    fn grow(&mut self) {
        let old = std::mem::take(&mut self.slots);
        *self = KeyTable::with_capacity(old.len());
        for (k, v) in old {
            if k != 0 {
                self.insert(k, v);
            }
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
    fn a_seeded_cache_finds_the_seed_and_keeps_new_ids_to_itself() {
        let long = "an-id-longer-than-fifteen-bytes";
        let seed = std::sync::Arc::new(IdCache::of(
            ["P1", "P0000001", long].into_iter().map(Id::new),
        ));
        let mut cache = IdCache::with_seed(seed.clone());
        for text in ["P1", "P0000001", long, "NEW", "NEW-EIGHT", ""] {
            assert_eq!(cache.get(text), text);
            assert_eq!(cache.get_in(3, text), text);
            cache.prefetch_person(text);
        }
        assert_eq!(seed.find("P1"), Some(Id::new("P1")));
        assert_eq!(seed.find(long), Some(Id::new(long)));
        assert_eq!(seed.find("NEW"), None, "the seed is not written");
        assert_eq!(cache.find("NEW"), Some(Id::new("NEW")));
        assert_eq!(cache.find("P1"), None, "seed ids are not copied");
    }

    #[test]
    fn people_columns_count_the_values_not_among_the_known_people() {
        let long = "a-person-id-longer-than-fifteen-bytes";
        let people = IdCache::of(["P1", "P0000001", long].into_iter().map(Id::new));
        let seed = IdCache::of(["U1"].into_iter().map(Id::new)).with_people(people);
        let mut cache = IdCache::with_seed(std::sync::Arc::new(seed));
        // Known people, each twice (the second time as the column's last value).
        for text in ["P1", "P1", "P0000001", long, long] {
            assert_eq!(cache.get_person_in(1, text), text);
        }
        assert_eq!(cache.unknown_people(), 0);
        // A unit id, a new id, and the new one again: each counts.
        for text in ["U1", "P2", "P2", "ANOTHER-LONG-PERSON-ID"] {
            cache.prefetch_person(text);
            assert_eq!(cache.get_person_in(1, text), text);
        }
        assert_eq!(cache.unknown_people(), 4);
        assert_eq!(cache.get_person_in(1, "P1"), "P1");
        assert_eq!(cache.unknown_people(), 4);
        // Without known people every value counts.
        let mut plain = IdCache::default();
        assert_eq!(plain.get_person_in(0, "P1"), "P1");
        assert_eq!(plain.get_person_in(0, "P1"), "P1");
        assert_eq!(plain.unknown_people(), 2);
    }

    #[test]
    fn a_tiny_key_is_the_text_packed_with_its_length() {
        for text in [
            "", "a", "ab", "abc", "P001", "P0001", "P00001", "P000001", "\0\0\0",
        ] {
            let b = text.as_bytes();
            assert_eq!(
                tiny_key(b),
                u64::from_le_bytes(packed(b)) | (b.len() as u64) << 56
            );
        }
    }

    #[test]
    fn the_key_table_grows_replaces_and_misses_like_a_map() {
        let mut table = KeyTable::<u32>::default();
        let mut map = std::collections::HashMap::new();
        // Keys as packed short ids (`P000001` …), as addresses, and sequential numbers.
        let keys = (0..60_000u64)
            .map(|i| tiny_key(format!("P{i:06}").as_bytes()))
            .chain((1..20_000u64).map(|i| 0x7f00_0000_0000 + i * 16))
            .chain(1..20_000u64);
        for (i, k) in keys.enumerate() {
            table.insert(k, i as u32);
            map.insert(k, i as u32);
        }
        table.insert(5, 7);
        map.insert(5, 7);
        assert_eq!(table.len, map.len());
        assert!(map.iter().all(|(&k, &v)| table.get(k) == Some(v)));
        assert_eq!(table.get(tiny_key(b"Q000001")), None);
        assert_eq!(table.get(u64::MAX), None);
        assert_eq!(table.get_or_insert_with(u64::MAX, || 9), 9);
        assert_eq!(table.get_or_insert_with(u64::MAX, || 10), 9);
        assert_eq!(KeyTable::<u32>::default().get(1), None);
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
