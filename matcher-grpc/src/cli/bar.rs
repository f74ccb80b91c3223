//! A progress bar on stderr for long commands (generate, recommend, eval, tune): it follows a core
//! [`Progress`] from a thread of its own, with the stage, a bar with the total and the time left when the total
//! is known, a spinner when it is not; nothing at all when stderr is not a terminal.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use matcher_core::Progress;

/// The bar; cleared when dropped.
pub struct Bar {
    progress: Arc<Progress>,
    stop: Arc<AtomicBool>,
    thread: Mutex<Option<JoinHandle<()>>>,
}

impl Bar {
    /// A bar following a new [`Progress`] (drawn only on a terminal).
    pub fn new() -> Bar {
        let progress = Arc::new(Progress::default());
        let stop = Arc::new(AtomicBool::new(false));
        let thread = std::io::stderr().is_terminal().then(|| {
            let (progress, stop) = (progress.clone(), stop.clone());
            std::thread::spawn(move || draw(&progress, &stop))
        });
        Bar { progress, stop, thread: Mutex::new(thread) }
    }

    /// The progress the work advances.
    pub fn progress(&self) -> &Progress {
        &self.progress
    }

    /// A stage the command itself runs (writing outputs, say).
    pub fn stage(&self, stage: &'static str, total: usize) {
        self.progress.start(stage, total as u64);
    }
}

impl Default for Bar {
    fn default() -> Self {
        Bar::new()
    }
}

impl Bar {
    /// Clears the bar (before printing results); the work may still advance the progress, unseen.
    pub fn finish(&self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.lock().ok().and_then(|mut t| t.take()) {
            let _ = thread.join();
        }
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        self.finish();
    }
}

fn draw(progress: &Progress, stop: &AtomicBool) {
    let bar = ProgressBar::new(0);
    let known = ProgressStyle::with_template("{msg:28} [{bar:30}] {pos}/{len} ({per_sec}, {eta} left)")
        .map(|s| s.progress_chars("=> "))
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    let unknown = ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
        .unwrap_or_else(|_| ProgressStyle::default_spinner());
    let mut stage = u64::MAX;
    while !stop.load(Ordering::Relaxed) {
        let view = progress.view();
        if view.stage_number != stage {
            stage = view.stage_number;
            bar.reset();
            bar.set_style(if view.total > 0 { known.clone() } else { unknown.clone() });
            bar.set_length(view.total);
            bar.set_message(view.stage);
        }
        if view.total > 0 {
            bar.set_position(view.done.min(view.total));
        } else {
            bar.tick();
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    bar.finish_and_clear();
}
