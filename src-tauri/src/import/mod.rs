//! Everything the user keeps in a spreadsheet comes in here: `read` turns a file (xlsx, xls,
//! csv in any common encoding) into rows, `engine` finds the header and checks every row
//! against a kind's schema, and each kind (`prices`, `campaigns`) hands its plain inputs to its
//! area's store module, which writes them as one batch in one transaction.

pub mod campaigns;
pub mod engine;
pub mod parse;
pub mod prices;
pub mod read;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

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
    pub fn check(&self) -> crate::error::AppResult<()> {
        if self.is_cancelled() {
            Err(crate::error::AppError::Cancelled)
        } else {
            Ok(())
        }
    }
}
