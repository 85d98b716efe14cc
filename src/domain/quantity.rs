//! Quantities of works (km of road, houses, bridges) kept exactly, in thousandths.

use serde::Serialize;
use std::ops::{Add, AddAssign};

/// A non-money amount in thousandths of its unit: each cell is rounded once,
/// half away from zero, when it is read (`normalise::cell::quantity_in`), so
/// sums are exact and "at most 3 decimals" holds by construction.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Quantity(i64);

impl Quantity {
    pub const ZERO: Quantity = Quantity(0);

    pub const fn from_milli(milli: i64) -> Self {
        Quantity(milli)
    }

    pub const fn from_whole(n: i64) -> Self {
        Quantity(n.saturating_mul(1000))
    }

    pub const fn milli(self) -> i64 {
        self.0
    }

    /// The value as a float, only for writing JSON numbers and spreadsheet cells.
    pub fn as_f64(self) -> f64 {
        self.0 as f64 / 1000.0
    }

    /// The whole part, when there is no fraction.
    pub fn as_whole(self) -> Option<i64> {
        (self.0 % 1000 == 0).then_some(self.0 / 1000)
    }
}

impl Add for Quantity {
    type Output = Quantity;
    fn add(self, rhs: Quantity) -> Quantity {
        Quantity(self.0.saturating_add(rhs.0))
    }
}

impl AddAssign for Quantity {
    fn add_assign(&mut self, rhs: Quantity) {
        *self = *self + rhs;
    }
}
