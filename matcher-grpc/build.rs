//! Generates the matcher.v1 server and client code and the descriptor set that reflection serves.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed=proto");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=PROTOC");
    // No system protoc is needed: the vendored one is used unless $PROTOC names another.
    if std::env::var_os("PROTOC").is_none() {
        std::env::set_var("PROTOC", protoc_bin_vendored::protoc_bin_path()?);
    }
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR")?);
    tonic_prost_build::configure()
        .file_descriptor_set_path(out.join("matcher_v1_descriptor.bin"))
        .compile_protos(&["proto/matcher/v1/matcher.proto"], &["proto"])?;
    Ok(())
}
