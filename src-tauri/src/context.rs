//! What a piece of work runs in, passed in rather than read from globals: the day it is
//! (`Clock`: the wall clock, or a fixed day for tests and `--today`) and the flag that
//! cancels long work (`CancelToken`). The language is passed the same way (`i18n::Lang`).

use crate::error::{AppError, AppResult};
use chrono::NaiveDate;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Where "today" comes from. Every rule that depends on the day (overdue work, the week,
/// the dashboard's windows, a document's date) asks the core's clock, never the wall clock.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Clock {
    #[default]
    System,
    /// A fixed day: tests, and `marketdesk --today YYYY-MM-DD` for reproducible output.
    Fixed(NaiveDate),
}

impl Clock {
    pub fn today(self) -> NaiveDate {
        match self {
            Clock::System => chrono::Local::now().date_naive(),
            Clock::Fixed(d) => d,
        }
    }
}

/// Shared flag for cancelling long work from another thread (the UI's Cancel button).
#[derive(Debug, Clone, Default)]
pub struct CancelToken(Arc<AtomicBool>);

impl CancelToken {
    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
    pub fn reset(&self) {
        self.0.store(false, Ordering::Relaxed);
    }
    /// `Err(Cancelled)` once cancelled: `token.check()?` between the steps of long work.
    pub fn check(&self) -> AppResult<()> {
        if self.is_cancelled() {
            Err(AppError::Cancelled)
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_clock_is_the_day_it_was_given() {
        let d = NaiveDate::from_ymd_opt(2026, 4, 20).unwrap();
        assert_eq!(Clock::Fixed(d).today(), d);
        assert_eq!(Clock::System.today(), chrono::Local::now().date_naive());
    }
}
