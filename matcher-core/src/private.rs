//! Files that hold personal data are readable by their owner only: folders 0700, files 0600, created so
//! from the start (never written wider and narrowed after, which would leave a moment to read them). The
//! process also narrows its umask, so that what libraries create (the index's segments, the store) is
//! private too.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

/// Mode of private files.
#[cfg(unix)]
const FILE_MODE: u32 = 0o600;
/// Mode of private folders.
#[cfg(unix)]
const DIR_MODE: u32 = 0o700;

/// Makes everything this process creates from now on readable by its owner only (umask 077).
pub fn restrict_umask() {
    #[cfg(unix)]
    // SAFETY: umask only sets the process's file-creation mask; it cannot fail.
    unsafe {
        libc::umask(0o077);
    }
}

/// Creates (or truncates) a private file.
pub fn create(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, FILE_MODE);
    let file = options.open(path).map_err(|e| at(path, e))?;
    narrow_file(&file, path)?;
    Ok(file)
}

/// Creates a new private file; fails if it exists.
pub fn create_new(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, FILE_MODE);
    options.open(path).map_err(|e| at(path, e))
}

/// Writes a private file whole.
pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    create(path)?.write_all(bytes).map_err(|e| at(path, e))
}

/// Replaces `path` with a private file of `bytes` only once they are all written: they go to a new file
/// beside it, renamed over it at the end, so that an interrupted or failed write leaves the file there as it
/// was (a file a person both reads and writes, such as the pairings, is never lost half-way), and a link at
/// `path` is replaced rather than written through.
/// The new file is `.<name>.<process>.<n>.tmp`, a name of its own even when threads replace the same file.
pub fn replace(path: &Path, bytes: &[u8]) -> io::Result<()> {
    static WRITING: AtomicU64 = AtomicU64::new(0);
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let number = WRITING.fetch_add(1, Ordering::Relaxed);
    let temp = path.with_file_name(format!(".{name}.{}.{number}.tmp", std::process::id()));
    // Left by a process of the same number that stopped while writing.
    let _ = std::fs::remove_file(&temp);
    let written = create_new(&temp).and_then(|mut file| file.write_all(bytes).map_err(|e| at(&temp, e)));
    let renamed = written.and_then(|()| std::fs::rename(&temp, path).map_err(|e| at(path, e)));
    if renamed.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    renamed
}

/// Creates a private folder and its missing parents, and narrows the folder itself if it existed wider.
pub fn create_dir_all(path: &Path) -> io::Result<()> {
    make_dir_all(path)?;
    narrow_folder(path)
}

/// A folder a person named for a command's outputs: made private, with its missing parents, when absent. One
/// that exists keeps its permissions (it may be shared on purpose, or be `.` or `/tmp`); the files and the
/// folders written in it are private.
pub fn output_dir(path: &Path) -> io::Result<()> {
    if path.is_dir() {
        return Ok(());
    }
    make_dir_all(path)
}

fn make_dir_all(path: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, DIR_MODE);
    builder.create(path).map_err(|e| at(path, e))
}

/// The error with the path it happened at.
fn at(path: &Path, error: io::Error) -> io::Error {
    io::Error::new(error.kind(), format!("{}: {error}", path.display()))
}

/// An existing file wider than private is narrowed (a file kept from an older release), through its open
/// handle (a look-up of its path less for each of the thousands of pages a run writes).
fn narrow_file(file: &File, path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = file.metadata().map_err(|e| at(path, e))?.permissions().mode();
        if mode & 0o077 != 0 {
            let narrowed = std::fs::Permissions::from_mode(mode & !0o077 | (FILE_MODE & 0o700));
            file.set_permissions(narrowed).map_err(|e| at(path, e))?;
        }
    }
    #[cfg(not(unix))]
    let _ = (file, path);
    Ok(())
}

/// An existing folder wider than private is narrowed (a folder made by hand).
fn narrow_folder(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).map_err(|e| at(path, e))?.permissions().mode();
        if mode & 0o077 != 0 {
            let narrowed = std::fs::Permissions::from_mode(mode & !0o077 | (DIR_MODE & 0o700));
            std::fs::set_permissions(path, narrowed).map_err(|e| at(path, e))?;
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn files_and_folders_are_the_owners_only_even_when_they_existed_wider() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("a/b");
        create_dir_all(&folder).unwrap();
        assert_eq!(mode(&folder), 0o700);
        std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
        create_dir_all(&folder).unwrap();
        assert_eq!(mode(&folder), 0o700);
        let file = folder.join("f.json");
        std::fs::write(&file, b"old").unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        write(&file, b"new").unwrap();
        assert_eq!(mode(&file), 0o600);
        assert!(create_new(&file).is_err());
        create_new(&folder.join("token")).unwrap();
        assert_eq!(mode(&folder.join("token")), 0o600);
    }

    #[test]
    fn a_replaced_file_is_whole_private_and_a_link_is_replaced_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let (target, link) = (dir.path().join("elsewhere"), dir.path().join("pairings.jsonl"));
        std::fs::write(&target, b"not ours").unwrap();
        std::os::unix::fs::symlink(&target, &link).unwrap();
        replace(&link, b"new").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"not ours");
        assert_eq!(std::fs::read(&link).unwrap(), b"new");
        assert_eq!(mode(&link), 0o600);
        // A write that cannot finish (the place is a folder) leaves nothing behind.
        let folder = dir.path().join("folder");
        std::fs::create_dir(&folder).unwrap();
        assert!(replace(&folder, b"x").is_err());
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name()).collect();
        assert_eq!(left.len(), 3, "{left:?}");
    }

    #[test]
    fn an_output_folder_is_made_private_but_an_existing_one_keeps_its_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let made = dir.path().join("new/out");
        output_dir(&made).unwrap();
        assert_eq!(mode(&made), 0o700);
        let shared = dir.path().join("shared");
        std::fs::create_dir(&shared).unwrap();
        std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o1777)).unwrap();
        output_dir(&shared).unwrap();
        assert_eq!(std::fs::metadata(&shared).unwrap().permissions().mode() & 0o7777, 0o1777);
        std::fs::write(dir.path().join("file"), b"").unwrap();
        assert!(output_dir(&dir.path().join("file")).is_err(), "a file is not a folder");
    }
}
