//! Random secrets and how they are stored: agent session tokens and shopper
//! conversation tokens are random hex from the OS generator, and only their
//! BLAKE2b hash reaches the database, so a leaked database hands out no
//! live session or conversation.

use argon2::password_hash::rand_core::{OsRng, RngCore as _};
use blake2::{Blake2b512, Digest as _};

/// `bytes` random bytes from the OS generator, as lower-case hex.
pub fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    OsRng.fill_bytes(&mut buf);
    hex(&buf)
}

/// Hex of the BLAKE2b-512 hash of a token: the form stored in the database.
pub fn token_hash(token: &str) -> String {
    hex(&Blake2b512::digest(token.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_fresh_and_hashes_fixed_length() {
        let (a, b) = (random_hex(32), random_hex(32));
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_eq!(token_hash(&a).len(), 128);
        assert_eq!(token_hash(&a), token_hash(&a));
    }
}
