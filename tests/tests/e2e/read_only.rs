//! An index its user may read but not write (a read-only mount, a copy another user owns, a backup): searching
//! and recommending from it work as from one's own, and ingesting into it says that the folder cannot be
//! written, once and by its path. Run as another user when the tests run as root (whom no folder refuses),
//! otherwise on a folder made read-only.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::{Command, Output};

use jinqiao_tests::{ingest_sample, matcher_bin, matcher_ok, sample, temp};

/// The user `nobody`, whom a root-owned folder with mode 0755 does not let write.
const NOBODY: u32 = 65534;

/// Sets the mode of `path` and everything below it: `dir` for folders, `file` for files.
fn set_modes(path: &Path, dir: u32, file: u32) {
    let mode = if path.is_dir() { dir } else { file };
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    if path.is_dir() {
        for entry in std::fs::read_dir(path).unwrap() {
            set_modes(&entry.unwrap().path(), dir, file);
        }
    }
}

/// Runs the matcher binary as a user who may read `index` but not write it.
struct Reader {
    /// The binary as that user runs it (a copy in a folder they may read, when the user is another).
    bin: std::path::PathBuf,
    as_nobody: bool,
}

impl Reader {
    fn new(dir: &Path, index: &Path) -> Reader {
        let probe = dir.join("probe");
        std::fs::write(&probe, b"").unwrap();
        let as_nobody = std::fs::metadata(&probe).unwrap().uid() == 0;
        // util-linux's setpriv is on every Debian machine; a root without it cannot run this test as another.
        assert!(!as_nobody || Command::new("setpriv").arg("--version").output().is_ok(), "setpriv is needed as root");
        set_modes(dir, 0o755, 0o644);
        if !as_nobody {
            set_modes(index, 0o555, 0o444);
            return Reader { bin: matcher_bin().to_path_buf(), as_nobody };
        }
        // The test binary's folder may be root's only; the copy is in the test's own folder.
        let bin = dir.join("matcher");
        std::fs::copy(matcher_bin(), &bin).unwrap();
        std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).unwrap();
        Reader { bin, as_nobody }
    }

    fn run(&self, args: &[&str]) -> Output {
        let mut command = if self.as_nobody {
            let mut command = Command::new("setpriv");
            let (uid, gid) = (format!("--reuid={NOBODY}"), format!("--regid={NOBODY}"));
            command.args([uid.as_str(), gid.as_str(), "--clear-groups"]).arg(&self.bin);
            command
        } else {
            Command::new(&self.bin)
        };
        command.args(args).env("RUST_LOG", "warn").output().expect("run matcher")
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Makes a folder writable again when the test ends, passed or failed, so that it can be removed.
struct Writable<'a>(&'a Path);

impl Drop for Writable<'_> {
    fn drop(&mut self) {
        set_modes(self.0, 0o755, 0o644);
    }
}

#[test]
fn an_index_that_cannot_be_written_is_searched_and_recommended_from_and_ingest_says_it_cannot_write_it() {
    let dir = temp();
    let _writable = Writable(dir.path());
    let index = dir.path().join("index");
    ingest_sample(&index);
    let index_arg = index.to_str().unwrap();
    let search = ["search", "--index", index_arg, "--as-of", "2026-11-01", "--json", "--top", "10", "软件开发"];
    let own: serde_json::Value = serde_json::from_str(&matcher_ok(&search)).unwrap();
    for file in ["students.jsonl", "cadres.jsonl", "tuantuan.json"] {
        std::fs::copy(sample(file), dir.path().join(file)).unwrap();
    }
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let reader = Reader::new(dir.path(), &index);
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o777)).unwrap();
    let before = std::fs::read_dir(&index).unwrap().count();

    let searched = reader.run(&search);
    assert!(searched.status.success(), "search failed: {}", text(&searched.stderr));
    let hits: serde_json::Value = serde_json::from_slice(&searched.stdout).unwrap();
    assert!(!hits.as_array().unwrap().is_empty());
    assert_eq!(hits, own, "the same hits as the index's owner gets");

    let (students, cadres) = (dir.path().join("students.jsonl"), dir.path().join("cadres.jsonl"));
    let lists = out.join("lists");
    let recommended = reader.run(&[
        "recommend",
        "--index",
        index_arg,
        "--students",
        students.to_str().unwrap(),
        "--cadres",
        cadres.to_str().unwrap(),
        "--day",
        "2026-11-01",
        "--out",
        lists.to_str().unwrap(),
        "--formats",
        "json",
    ]);
    assert!(recommended.status.success(), "recommend failed: {}", text(&recommended.stderr));
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(lists.join("recommendations.json")).unwrap()).unwrap();
    assert!(written.to_string().contains("tuantuan:"), "the lists name postings of the index");

    let tuantuan = dir.path().join("tuantuan.json");
    let ingested = reader.run(&["ingest", "--index", index_arg, "--source", "tuantuan", tuantuan.to_str().unwrap()]);
    let stderr = text(&ingested.stderr);
    assert_eq!(ingested.status.code(), Some(2), "a usage error, not a crash: {stderr}");
    assert!(stderr.contains(index_arg) && stderr.contains("cannot be written"), "{stderr}");
    assert_eq!(stderr.matches("ermission denied").count() + stderr.matches("ead-only").count(), 1, "once: {stderr}");
    assert_eq!(std::fs::read_dir(&index).unwrap().count(), before, "nothing was added to the index's folder");
}
