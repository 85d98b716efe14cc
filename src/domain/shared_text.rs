//! Text that many records hold alike: a file's name on each of its
//! problems, the same sentence for the same mistake, a province's name on
//! every one of its hamlets. Held once and shared, so a nation's summary
//! grows with what is different, not with how often it repeats.

use foldhash::HashSet;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// One allocation, shared by every holder of the same text.
pub type SharedText = Arc<str>;

/// Texts seen so far; equal ones given out are one allocation.
#[derive(Debug, Default)]
pub struct TextSet(HashSet<SharedText>);

impl TextSet {
    /// Points `text` at the held equal one, keeping it if none is held.
    pub fn share(&mut self, text: &mut SharedText) {
        match self.0.get(text) {
            Some(held) => *text = Arc::clone(held),
            None => {
                self.0.insert(Arc::clone(text));
            }
        }
    }
}

/// A [`TextSet`] for the threads of one run.
#[derive(Debug, Default)]
pub struct TextPool(Mutex<TextSet>);

impl TextPool {
    /// The set, for as long as the guard lives: take it once per file.
    pub fn lock(&self) -> MutexGuard<'_, TextSet> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_texts_become_one_allocation_and_keep_their_content() {
        let mut set = TextSet::default();
        let mut first: SharedText = "Quảng Ngãi".into();
        let mut second: SharedText = "Quảng Ngãi".into();
        let mut other: SharedText = "Quảng Nam".into();
        assert!(!Arc::ptr_eq(&first, &second));
        set.share(&mut first);
        set.share(&mut second);
        set.share(&mut other);
        assert!(Arc::ptr_eq(&first, &second));
        assert!(!Arc::ptr_eq(&first, &other));
        assert_eq!((&*second, &*other), ("Quảng Ngãi", "Quảng Nam"));
    }
}
