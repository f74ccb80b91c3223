//! Outputs written in pieces: the cadres' sections cut into pieces of about a thousand rows, rendered on
//! every core and written in order, a window of pieces at a time, so that what is held in memory is a few
//! pieces, never a whole file. (Written as one stream each, the JSON and the CSV kept one core each busy
//! while the other waited.) A piece's buffers are used again for a later piece once it is written: made
//! afresh, each grew by copying and each page of it was new memory the system zeroed (page zeroing was 13%
//! of the outputs' CPU samples in a profile at 100,000 postings, 5% once the buffers were used again; the
//! outputs' median time fell from 0.835 to 0.73 s).

use std::sync::Mutex;

use rayon::prelude::*;

use super::report::CadreSection;
use super::rows;

/// Rows a piece closes at, at most (a megabyte or two of any output) and at least: a piece holds whole
/// cadres and closes with the first that takes it to its size, so it may hold a few rows more.
const PIECE_ROWS: (usize, usize) = (256, 1_024);
/// Pieces a run is cut into when that keeps them within `PIECE_ROWS`: enough for every core to take some.
const PIECES: usize = 16;

/// A run of consecutive cadres' sections.
pub struct Piece<'r, 'a> {
    pub sections: &'r [CadreSection<'a>],
    /// The index of its first section among all.
    pub first_section: usize,
    /// The rows (as the CSV and the workbook count them) before it.
    pub rows_before: usize,
    /// Its rows.
    pub rows: usize,
}

/// The sections in pieces of whole sections, of a sixteenth of the rows each, within `PIECE_ROWS` (none
/// when there is no section).
pub fn pieces<'r, 'a>(sections: &'r [CadreSection<'a>]) -> Vec<Piece<'r, 'a>> {
    let sizes: Vec<usize> = sections.iter().map(rows::rows_of).collect();
    let (least, most) = PIECE_ROWS;
    let size = (sizes.iter().sum::<usize>() / PIECES).clamp(least, most);
    let mut pieces = Vec::new();
    let (mut start, mut before, mut rows) = (0, 0, 0);
    for (i, section) in sizes.iter().enumerate() {
        rows += section;
        if rows >= size || i + 1 == sections.len() {
            pieces.push(Piece { sections: &sections[start..=i], first_section: start, rows_before: before, rows });
            before += rows;
            (start, rows) = (i + 1, 0);
        }
    }
    pieces
}

/// What a piece is rendered into: buffers that keep their memory when emptied for the next piece.
pub trait Rendering: Default + Send {
    /// Empties it, keeping what it has allocated.
    fn clear(&mut self);
}

impl Rendering for Vec<u8> {
    fn clear(&mut self) {
        Vec::clear(self);
    }
}

/// Renders every piece with `render`, in parallel, and hands the renderings to `write` in the pieces'
/// order. Pieces are rendered a window at a time (twice as many pieces as there are threads) while the
/// window before is being written, so that writing never leaves the other cores waiting: at most two windows
/// are held. `render` is given a rendering emptied by its `clear` (a written one's when there is one). An
/// error stops it: of different windows, the earlier window's; within a window, whichever came first.
pub fn render_in_order<P, T>(
    pieces: &[P],
    render: impl Fn(&P, &mut T) -> anyhow::Result<()> + Sync,
    mut write: impl FnMut(&T) -> anyhow::Result<()> + Send,
) -> anyhow::Result<()>
where
    P: Sync,
    T: Rendering,
{
    let window = 2 * rayon::current_num_threads().max(1);
    let spare: Mutex<Vec<T>> = Mutex::new(Vec::new());
    let take = || spare.lock().map(|mut spare| spare.pop()).ok().flatten().unwrap_or_default();
    let mut written = |mut rendering: T| -> anyhow::Result<()> {
        write(&rendering)?;
        rendering.clear();
        if let Ok(mut spare) = spare.lock() {
            spare.push(rendering);
        }
        Ok(())
    };
    let mut ready: Vec<T> = Vec::new();
    for group in pieces.chunks(window) {
        let (rendered, done) = rayon::join(
            || {
                let rendered = group.par_iter().map(|piece| {
                    let mut rendering = take();
                    render(piece, &mut rendering).map(|()| rendering)
                });
                rendered.collect::<anyhow::Result<Vec<T>>>()
            },
            || ready.drain(..).try_for_each(&mut written),
        );
        done?;
        ready = rendered?;
    }
    ready.into_iter().try_for_each(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renderings_are_written_in_the_order_of_the_pieces() {
        let pieces: Vec<usize> = (0..1000).collect();
        let mut written = Vec::new();
        render_in_order(
            &pieces,
            |&n, text: &mut Vec<u8>| {
                assert!(text.is_empty(), "a rendering is given empty");
                text.extend_from_slice(format!("{},", n * 2).as_bytes());
                Ok(())
            },
            |text| {
                written.extend_from_slice(text);
                Ok(())
            },
        )
        .unwrap();
        let expected: String = (0..1000).map(|n| format!("{},", n * 2)).collect();
        assert_eq!(String::from_utf8(written).unwrap(), expected);
        let failed = render_in_order(
            &pieces,
            |&n, _: &mut Vec<u8>| {
                anyhow::ensure!(n != 500, "piece {n}");
                Ok(())
            },
            |_| Ok(()),
        );
        assert_eq!(failed.unwrap_err().to_string(), "piece 500");
    }

    #[test]
    fn buffers_are_used_again_once_written() {
        // Far more pieces than two windows: buffers are taken from written pieces, so the number made is
        // bounded by the windows held, not by the pieces.
        let pieces: Vec<usize> = (0..500).collect();
        let made = std::sync::atomic::AtomicUsize::new(0);
        render_in_order(
            &pieces,
            |&n, text: &mut Vec<u8>| {
                if text.capacity() == 0 {
                    made.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                }
                text.resize(100 + n, b'x');
                Ok(())
            },
            |_| Ok(()),
        )
        .unwrap();
        let window = 2 * rayon::current_num_threads().max(1);
        let made = made.into_inner();
        assert!(made <= 2 * window, "{made} buffers made for 500 pieces, windows of {window}");
    }
}
