//! Importing regional price reports (xlsx, xls, csv): read the file, find the header and the
//! columns, check every row, then write the valid rows in one transaction as one batch.

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
}
