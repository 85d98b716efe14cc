//! The exit codes of `dvk`, documented in one place.
//!
//! | code | meaning |
//! |---|---|
//! | 0 | done, no error |
//! | 1 | done, but some file or row had an error: outputs are written and say the figures are incomplete (or, when a place was given twice, counted twice) |
//! | 2 | could not run: bad arguments, no input found, output not writable |

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    Done = 0,
    DoneWithErrors = 1,
    CouldNotRun = 2,
}

impl ExitCode {
    pub const fn code(self) -> i32 {
        self as i32
    }
}
