//! Constant-time lookup of a feature key's row in the model.
//!
//! Feature keys are hashes in a 2^[`KEY_BITS`] space, so a bitmap over the
//! whole space with a running count per 64-bit word is a minimal perfect
//! hash: a key is present when its bit is set, and its row is the number of
//! set bits before it. One query touches a few hundred keys; a binary search
//! over tens of thousands of sorted keys cost about 15 unpredictable steps
//! each and was most of the classifier's time. The index takes 192 KiB
//! whatever the model's size, and is rebuilt from the keys on load (it is
//! never shipped).

use crate::features::KEY_BITS;

const WORDS: usize = (1 << KEY_BITS) / 64;

/// Maps each of a sorted, duplicate-free list of keys to its position.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct KeyIndex {
    /// Bit `k % 64` of word `k / 64` is set when key `k` is present.
    bits: Vec<u64>,
    /// Keys present before each word.
    before: Vec<u32>,
}

impl std::fmt::Debug for KeyIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyIndex")
            .field("keys", &self.len())
            .finish()
    }
}

impl KeyIndex {
    /// Indexes `keys`, which must be strictly increasing and below
    /// 2^[`KEY_BITS`] (the model decoder checks both).
    pub(crate) fn new(keys: &[u32]) -> Self {
        let mut bits = vec![0u64; WORDS];
        for &key in keys {
            debug_assert!(key >> KEY_BITS == 0, "key {key} outside the feature space");
            bits[(key >> 6) as usize] |= 1 << (key & 63);
        }
        let mut before = Vec::with_capacity(WORDS);
        let mut count = 0u32;
        for word in &bits {
            before.push(count);
            count += word.count_ones();
        }
        Self { bits, before }
    }

    /// The position of `key` in the indexed list, if present.
    #[inline]
    pub(crate) fn get(&self, key: u32) -> Option<usize> {
        let word = *self.bits.get((key >> 6) as usize)?;
        let bit = 1u64 << (key & 63);
        (word & bit != 0).then(|| {
            self.before[(key >> 6) as usize] as usize + (word & (bit - 1)).count_ones() as usize
        })
    }

    fn len(&self) -> usize {
        self.bits.iter().map(|w| w.count_ones() as usize).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_key_at_its_position_and_nothing_else() {
        let keys: Vec<u32> = (0..5000u32)
            .map(|i| i.wrapping_mul(2_654_435_761) >> (32 - KEY_BITS))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let index = KeyIndex::new(&keys);
        for (position, &key) in keys.iter().enumerate() {
            assert_eq!(index.get(key), Some(position), "key {key}");
        }
        let absent = (0..1u32 << KEY_BITS)
            .step_by(7)
            .filter(|k| keys.binary_search(k).is_err());
        for key in absent {
            assert_eq!(index.get(key), None, "key {key}");
        }
        assert_eq!(index.get(u32::MAX), None);
        assert_eq!(index.len(), keys.len());
    }

    #[test]
    fn the_edges_of_the_space_are_keys_like_any_other() {
        let keys = [0, 63, 64, (1 << KEY_BITS) - 1];
        let index = KeyIndex::new(&keys);
        assert_eq!(
            keys.map(|k| index.get(k)),
            [Some(0), Some(1), Some(2), Some(3)]
        );
        assert_eq!(index.get(1), None);
    }
}
