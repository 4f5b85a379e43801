//! The progress line on standard error (`[done/total] files`).

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A progress line for jobs of at least `min_total` files, redrawn at most
/// ten times a second.
pub struct Progress {
    min_total: usize,
    total: AtomicUsize,
    done: AtomicUsize,
    last_draw: Mutex<Option<Instant>>,
}

impl Progress {
    pub fn new(min_total: usize) -> Progress {
        Progress {
            min_total,
            total: AtomicUsize::new(0),
            done: AtomicUsize::new(0),
            last_draw: Mutex::new(None),
        }
    }

    /// Adds files to the job's total.
    pub fn add_total(&self, n: usize) {
        self.total.fetch_add(n, Ordering::Relaxed);
    }

    /// One more file done.
    pub fn tick(&self) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        let total = self.total.load(Ordering::Relaxed);
        if total < self.min_total {
            return;
        }
        let Ok(mut last) = self.last_draw.try_lock() else {
            return;
        };
        let now = Instant::now();
        if done < total && last.is_some_and(|t| now - t < Duration::from_millis(100)) {
            return;
        }
        *last = Some(now);
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r[{done}/{total}] files");
        let _ = err.flush();
    }

    /// Erases the progress line, if one was drawn.
    pub fn finish(&self) {
        if self.last_draw.lock().map(|l| l.is_some()).unwrap_or(false) {
            eprint!("\r\x1b[K");
        }
    }
}
