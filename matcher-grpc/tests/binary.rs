//! The `matcher` binary as installed: it names the product and its version, and a usage error exits 2.
//!
//! Being an integration test of this package, it also makes `cargo test --workspace` build the binary with
//! everything else (cargo builds a package's binaries for its integration tests), so the end-to-end tests in
//! `tests/` find it built instead of compiling it themselves, alone on the cores, at their first use.

use std::process::Command;

fn matcher(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_matcher")).args(args).output().expect("run the matcher binary")
}

#[test]
fn help_names_the_product_and_version_its_release() {
    let help = matcher(&["--help"]);
    assert!(help.status.success());
    let text = String::from_utf8_lossy(&help.stdout);
    assert!(text.contains("Jinqiao") && text.contains("金桥"), "{text}");
    let version = matcher(&["--version"]);
    assert_eq!(String::from_utf8_lossy(&version.stdout).trim(), format!("matcher {}", env!("CARGO_PKG_VERSION")));
}

#[test]
fn an_unknown_command_is_a_usage_error() {
    let output = matcher(&["recomend"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("recommend"), "clap suggests the command meant");
}
