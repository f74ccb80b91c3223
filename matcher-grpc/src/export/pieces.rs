//! Outputs written in pieces: the cadres' sections cut into pieces of a few thousand rows, rendered on
//! every core and written in order, a window of pieces at a time, so that what is held in memory is a few
//! pieces, never a whole file. (Written as one stream each, the JSON and the CSV kept one core each busy
//! while the other waited.)

use rayon::prelude::*;

use super::report::CadreSection;
use super::rows;

/// Rows in a piece, at most (a few megabytes of any output) and at least.
const PIECE_ROWS: (usize, usize) = (256, 4_096);
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

/// Renders every piece with `render`, in parallel, and hands the renderings to `write` in the pieces'
/// order. Pieces are rendered a window at a time (twice as many pieces as there are threads) while the
/// window before is being written, so that writing never leaves the other cores waiting: at most two windows
/// are held. The first error, in the pieces' order, stops it.
pub fn render_in_order<P, T>(
    pieces: &[P],
    render: impl Fn(&P) -> anyhow::Result<T> + Sync,
    mut write: impl FnMut(T) -> anyhow::Result<()> + Send,
) -> anyhow::Result<()>
where
    P: Sync,
    T: Send,
{
    let window = 2 * rayon::current_num_threads().max(1);
    let mut ready: Vec<T> = Vec::new();
    for group in pieces.chunks(window) {
        let (rendered, written) = rayon::join(
            || group.par_iter().map(&render).collect::<anyhow::Result<Vec<T>>>(),
            || ready.drain(..).try_for_each(&mut write),
        );
        written?;
        ready = rendered?;
    }
    ready.into_iter().try_for_each(write)
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
            |&n| Ok(n * 2),
            |n| {
                written.push(n);
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(written, (0..1000).map(|n| n * 2).collect::<Vec<_>>());
        let failed = render_in_order(
            &pieces,
            |&n| {
                anyhow::ensure!(n != 500, "piece {n}");
                Ok(())
            },
            |()| Ok(()),
        );
        assert_eq!(failed.unwrap_err().to_string(), "piece 500");
    }
}
