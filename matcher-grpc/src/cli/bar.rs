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
    let known = ProgressStyle::with_template("{msg:28} [{bar:30}] {human_pos}/{human_len} ({eta} left)")
        .map(|s| s.progress_chars("=> "))
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    let unknown = ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
        .unwrap_or_else(|_| ProgressStyle::default_spinner());
    let mut stage = 0;
    let mut bar: Option<ProgressBar> = None;
    while !stop.load(Ordering::Relaxed) {
        let view = progress.view();
        // A new stage gets a bar of its own (its rate and time left start afresh); none before the first.
        if view.stage_number != stage {
            stage = view.stage_number;
            if let Some(old) = bar.take() {
                old.finish_and_clear();
            }
            let next = if view.total > 0 {
                ProgressBar::new(view.total).with_style(known.clone())
            } else {
                ProgressBar::new_spinner().with_style(unknown.clone())
            };
            next.set_message(view.stage);
            bar = Some(next);
        }
        if let Some(bar) = &bar {
            if view.total > 0 {
                bar.set_position(view.done.min(view.total));
            } else {
                bar.tick();
            }
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
}
