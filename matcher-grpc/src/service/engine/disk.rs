//! Sizes on disk, for the service's vitals.

use std::path::Path;

/// How deep [`folder_bytes`] looks below the folder it is given (the index keeps one folder of its own,
/// `catalog-rows/`; a deeper tree is not the service's).
const DEPTH: usize = 3;

/// The bytes of the plain files in `folder` and its folders, `DEPTH` levels down. Symbolic links are not
/// followed and folders themselves count nothing; what cannot be read counts nothing.
pub fn folder_bytes(folder: &Path) -> u64 {
    bytes_below(folder, DEPTH)
}

fn bytes_below(folder: &Path, depth: usize) -> u64 {
    let Ok(entries) = std::fs::read_dir(folder) else { return 0 };
    entries
        .flatten()
        .map(|entry| match entry.file_type() {
            Ok(kind) if kind.is_file() => entry.metadata().map_or(0, |m| m.len()),
            Ok(kind) if kind.is_dir() && depth > 0 => bytes_below(&entry.path(), depth - 1),
            _ => 0,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_files_of_a_folder_and_its_folders_are_counted_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("meta.json"), [0u8; 100]).unwrap();
        std::fs::create_dir(dir.path().join("catalog-rows")).unwrap();
        std::fs::write(dir.path().join("catalog-rows").join("a.rows"), [0u8; 5_000]).unwrap();
        std::fs::create_dir(dir.path().join("empty")).unwrap();
        assert_eq!(folder_bytes(dir.path()), 5_100, "the nested file is counted, the folders are not");
        #[cfg(unix)]
        {
            let elsewhere = tempfile::tempdir().unwrap();
            std::fs::write(elsewhere.path().join("big"), [0u8; 7_000]).unwrap();
            std::os::unix::fs::symlink(elsewhere.path(), dir.path().join("link")).unwrap();
            std::os::unix::fs::symlink(elsewhere.path().join("big"), dir.path().join("file-link")).unwrap();
            assert_eq!(folder_bytes(dir.path()), 5_100, "links are not followed");
        }
        assert_eq!(folder_bytes(&dir.path().join("absent")), 0);
    }
}
