//! Progress of long work, for a caller to show (a bar on a terminal): the stage, how much of it is done and
//! its total. Work advances it from any thread; a reader polls it. It never changes the work's results.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

/// Where long work stands.
#[derive(Debug, Default)]
pub struct Progress {
    stage: Mutex<(u64, &'static str)>,
    done: AtomicU64,
    total: AtomicU64,
}

/// What a reader sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProgressView {
    /// Bumped at every new stage.
    pub stage_number: u64,
    /// The stage, in a few words.
    pub stage: &'static str,
    /// Units done in this stage.
    pub done: u64,
    /// Units in this stage (0: unknown).
    pub total: u64,
}

impl Progress {
    /// A new stage of `total` units (0 when unknown).
    pub fn start(&self, stage: &'static str, total: u64) {
        if let Ok(mut current) = self.stage.lock() {
            self.done.store(0, Ordering::Relaxed);
            self.total.store(total, Ordering::Relaxed);
            *current = (current.0 + 1, stage);
        }
    }

    /// `n` more units done.
    pub fn advance(&self, n: u64) {
        self.done.fetch_add(n, Ordering::Relaxed);
    }

    /// Where the work stands now.
    pub fn view(&self) -> ProgressView {
        let (stage_number, stage) = self.stage.lock().map_or((0, ""), |s| *s);
        ProgressView {
            stage_number,
            stage,
            done: self.done.load(Ordering::Relaxed),
            total: self.total.load(Ordering::Relaxed),
        }
    }
}

/// Advances `progress` when there is one.
pub(crate) fn tick(progress: Option<&Progress>, n: u64) {
    if let Some(progress) = progress {
        progress.advance(n);
    }
}

/// Starts a stage of `progress` when there is one.
pub(crate) fn stage(progress: Option<&Progress>, name: &'static str, total: usize) {
    if let Some(progress) = progress {
        progress.start(name, total as u64);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_stage_starts_from_nothing() {
        let p = Progress::default();
        p.start("scoring", 10);
        p.advance(4);
        assert_eq!(p.view(), ProgressView { stage_number: 1, stage: "scoring", done: 4, total: 10 });
        p.start("writing", 3);
        assert_eq!(p.view(), ProgressView { stage_number: 2, stage: "writing", done: 0, total: 3 });
    }
}
