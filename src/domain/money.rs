//! Whole đồng, as an integer: money is never a float anywhere in dvk.

use serde::Serialize;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Sub};

/// An amount of money in whole đồng.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Money(i64);

impl Money {
    pub const ZERO: Money = Money(0);

    pub const fn from_dong(dong: i64) -> Self {
        Money(dong)
    }

    pub const fn dong(self) -> i64 {
        self.0
    }

    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.0.checked_add(other.0).map(Money)
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money(self.0.saturating_add(rhs.0))
    }
}

impl AddAssign for Money {
    fn add_assign(&mut self, rhs: Money) {
        *self = *self + rhs;
    }
}

impl Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        Money(self.0.saturating_sub(rhs.0))
    }
}

impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, Add::add)
    }
}

/// The unit a money cell is written in, from its header or a unit line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MoneyUnit {
    Dong,
    ThousandDong,
    MillionDong,
    BillionDong,
}

impl MoneyUnit {
    /// How many đồng one unit is.
    pub const fn dong_per_unit(self) -> i64 {
        match self {
            MoneyUnit::Dong => 1,
            MoneyUnit::ThousandDong => 1_000,
            MoneyUnit::MillionDong => 1_000_000,
            MoneyUnit::BillionDong => 1_000_000_000,
        }
    }

    /// The unit's Vietnamese name, as in "(triệu đồng)".
    pub const fn name(self) -> &'static str {
        match self {
            MoneyUnit::Dong => "đồng",
            MoneyUnit::ThousandDong => "nghìn đồng",
            MoneyUnit::MillionDong => "triệu đồng",
            MoneyUnit::BillionDong => "tỷ đồng",
        }
    }
}
