//! Search: the index, built at build time from every document's search records, and what
//! the index and the browser's queries share ([`normalize`]).

// Diagnostics are the cold path and are collected, not propagated in hot loops; boxing them
// would only add noise at every call site.
#![allow(clippy::result_large_err)]

pub mod hunspell;
pub mod index;
pub mod lexicon;
pub mod normalize;

/// A fast hasher for the index's many small maps of words and pointers (the Fx hash of
/// rustc: a multiply and a rotate per word). The keys are the site's own words, so the
/// flooding attacks a keyed hash guards against do not apply.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().unwrap_or([0; 8])));
        }
        // The last 1 to 7 bytes in one or two loads (overlapping when need be), without
        // the call to memcpy a copy of a variable length costs.
        let rest = chunks.remainder();
        let n = rest.len();
        if n >= 4 {
            let low = u32::from_le_bytes([rest[0], rest[1], rest[2], rest[3]]);
            let high = u32::from_le_bytes([rest[n - 4], rest[n - 3], rest[n - 2], rest[n - 1]]);
            self.add(u64::from(low) | u64::from(high) << 32);
        } else if n > 0 {
            self.add(
                u64::from(rest[0]) | u64::from(rest[n / 2]) << 8 | u64::from(rest[n - 1]) << 16,
            );
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

pub(crate) type FastMap<K, V> =
    std::collections::HashMap<K, V, std::hash::BuildHasherDefault<FxHasher>>;
