//! Shared fixtures of the end-to-end tests: the `matcher` binary, the committed sample, temporary folders.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// A file of the committed sample (`data/sample/NAME`).
pub fn sample(name: &str) -> PathBuf {
    root().join("data").join("sample").join(name)
}

/// The `matcher` binary, built from the current sources on first use. `cargo test` builds only the
/// binary's unit-test harness, so a binary left in target/ may be stale: cargo is asked every time (a
/// no-op when nothing changed).
pub fn matcher_bin() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let exe = std::env::current_exe().expect("test executable path");
        let profile_dir = exe.parent().and_then(Path::parent).expect("target/<profile> folder");
        let release = profile_dir.file_name().is_some_and(|name| name == "release");
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
        let mut build = Command::new(cargo);
        build.args(["build", "--locked", "--quiet", "-p", "matcher-grpc", "--bin", "matcher"]).current_dir(root());
        if release {
            build.arg("--release");
        }
        let status = build.status().expect("run cargo build");
        assert!(status.success(), "building the matcher binary failed");
        profile_dir.join(format!("matcher{}", std::env::consts::EXE_SUFFIX))
    })
}

/// Runs `matcher ARGS`, returning its output whatever the exit status.
pub fn matcher(args: &[&str]) -> Output {
    Command::new(matcher_bin()).args(args).env("RUST_LOG", "warn").output().expect("run matcher")
}

/// Runs `matcher ARGS` and returns its stdout, failing the test with stderr when it fails.
pub fn matcher_ok(args: &[&str]) -> String {
    let output = matcher(args);
    assert!(
        output.status.success(),
        "matcher {args:?} failed ({}):\n{}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("stdout is UTF-8")
}

/// The last line of `matcher ingest --json` output, parsed.
pub fn summary(stdout: &str) -> serde_json::Value {
    let last = stdout.lines().last().unwrap_or("");
    serde_json::from_str(last).unwrap_or_else(|e| panic!("last line `{last}` is not JSON: {e}"))
}

/// The sample files with their source names, in the order a user would ingest them.
pub const SAMPLE_SOURCES: [(&str, &str); 5] = [
    ("yangfan", "yangfan.jsonl"),
    ("xiaochi", "xiaochi.csv"),
    ("tuantuan", "tuantuan.json"),
    ("national", "national.json"),
    ("generic", "generic.csv"),
];

/// Ingests the whole committed sample into `index`; returns the summaries by source.
pub fn ingest_sample(index: &Path) -> Vec<(String, serde_json::Value)> {
    let index = index.to_str().expect("UTF-8 path");
    SAMPLE_SOURCES
        .iter()
        .map(|(source, file)| {
            let path = sample(file);
            let out =
                matcher_ok(&["ingest", "--index", index, "--source", source, "--json", path.to_str().expect("path")]);
            ((*source).to_string(), summary(&out))
        })
        .collect()
}

/// A fresh temporary folder.
pub fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("temporary folder")
}
