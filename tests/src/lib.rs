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

/// The `matcher` binary, built from the current sources on first use. A binary left in target/ may be
/// stale, so cargo is asked every time, with the very build `cargo test --workspace` makes (it builds the
/// binary for matcher-grpc's own integration tests): a no-op within that run. A plain `cargo build -p
/// matcher-grpc` would resolve features without the workspace's dev-dependencies and compile a second
/// variant of the binary and its crates before the first test could start.
pub fn matcher_bin() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let exe = std::env::current_exe().expect("test executable path");
        let profile_dir = exe.parent().and_then(Path::parent).expect("target/<profile> folder");
        let release = profile_dir.file_name().is_some_and(|name| name == "release");
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
        let mut build = Command::new(cargo);
        build.args(["test", "--workspace", "--no-run", "--locked", "--quiet"]).current_dir(root());
        // What cargo sets for running this test (CARGO_PKG_NAME, CARGO_MANIFEST_DIR …) is not the build's
        // environment: ring's build script reruns when they change, and with them rustls, tonic and
        // matcher-grpc were compiled again (40 s) at every run's first test.
        for (key, _) in std::env::vars_os() {
            let key = key.to_string_lossy();
            let set_for_the_run =
                ["CARGO_PKG_", "CARGO_BIN_", "CARGO_CRATE_NAME", "CARGO_MANIFEST_", "CARGO_PRIMARY_PACKAGE"]
                    .iter()
                    .any(|prefix| key.starts_with(prefix))
                    || key == "CARGO_TARGET_TMPDIR"
                    || key == "CARGO_MAKEFLAGS";
            if set_for_the_run {
                build.env_remove(key.as_ref());
            }
        }
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

/// `matcher … --json` output (one JSON document), parsed.
pub fn summary(stdout: &str) -> serde_json::Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("stdout `{stdout}` is not one JSON document: {e}"))
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
    SAMPLE_SOURCES.iter().map(|(source, file)| ((*source).to_string(), ingest(index, source, &sample(file)))).collect()
}

/// Every file `matcher generate` writes.
pub const GENERATED_FILES: [&str; 16] = [
    "yangfan.jsonl",
    "xiaochi.csv",
    "tuantuan.json",
    "national.json",
    "generic.csv",
    "students.jsonl",
    "cadres.jsonl",
    "duplicates_truth.csv",
    "interactions.csv",
    "western_posts.csv",
    "western_quotas.csv",
    "western_applications.jsonl",
    "branches.csv",
    "communities.csv",
    "projects.csv",
    "mentors.csv",
];

/// `matcher ingest --json` of one file; returns the summary. Exit code 1 (some records rejected, the rest
/// kept) is a success here: the sample holds rejects on purpose.
pub fn ingest(index: &Path, source: &str, file: &Path) -> serde_json::Value {
    let (index, file) = (index.to_str().expect("UTF-8 path"), file.to_str().expect("UTF-8 path"));
    summary(&matcher_usable(&["ingest", "--index", index, "--source", source, "--json", file]))
}

/// Runs `matcher ARGS`: its exit code, stdout and stderr.
pub fn matcher_run(args: &[&str]) -> (i32, String, String) {
    let output = matcher(args);
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    (output.status.code().unwrap_or(-1), text(&output.stdout), text(&output.stderr))
}

/// Runs `matcher ARGS` and returns its stdout, failing the test unless it exits 0 (all good) or 1 (some records
/// rejected, the rest used).
pub fn matcher_usable(args: &[&str]) -> String {
    let output = matcher(args);
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "matcher {args:?} failed ({}):\n{}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("stdout is UTF-8")
}

/// Every posting `matcher search --json` lists with no words, with `extra` options (e.g. `--include-expired`).
pub fn listing(index: &Path, extra: &[&str]) -> Vec<serde_json::Value> {
    let mut args = vec!["search", "--index", index.to_str().expect("UTF-8 path"), "--json", "--top", "100000"];
    args.extend_from_slice(extra);
    args.push("");
    serde_json::from_str(&matcher_ok(&args)).expect("search --json prints a JSON array")
}

/// A fresh temporary folder.
pub fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("temporary folder")
}

pub mod http;
pub mod server;

/// The postings the sample's case files record hires on (they have fewer openings left than published).
pub fn sample_hired_postings() -> std::collections::HashSet<String> {
    std::fs::read_to_string(sample("case_events.jsonl"))
        .expect("the sample's case files")
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|event| event["kind"] == "hired")
        .filter_map(|event| event["posting"].as_str().map(str::to_string))
        .collect()
}
