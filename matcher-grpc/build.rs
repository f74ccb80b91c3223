//! Generates the matcher.v1 server and client code and the descriptor set that reflection serves.
//!
//! `Posting` is generated twice: inside the other messages it is `crate::pb::Posting` (`src/pb/posting.rs`),
//! a shared handle on a posting's message encoded once, because the same posting is listed in many answers;
//! its fields are the plain generated message `pb::plain::Posting`, made from the same descriptor.

use prost::Message;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed=proto");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=PROTOC");
    // No system protoc is needed: the vendored one is used unless $PROTOC names another.
    if std::env::var_os("PROTOC").is_none() {
        std::env::set_var("PROTOC", protoc_bin_vendored::protoc_bin_path()?);
    }
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR")?);
    let descriptors = out.join("matcher_v1_descriptor.bin");
    tonic_prost_build::configure()
        .file_descriptor_set_path(&descriptors)
        .extern_path(".matcher.v1.Posting", "crate::pb::Posting")
        .compile_protos(&["proto/matcher/v1/matcher.proto"], &["proto"])?;

    // The plain `Posting`: the same file's descriptor holding that message alone.
    let mut set = prost_types::FileDescriptorSet::decode(std::fs::read(&descriptors)?.as_slice())?;
    set.file.retain(|file| file.name() == "matcher/v1/matcher.proto");
    for file in &mut set.file {
        let at = file.message_type.iter().position(|message| message.name() == "Posting");
        file.message_type.retain(|message| message.name() == "Posting");
        file.enum_type.clear();
        file.service.clear();
        file.dependency.clear();
        file.public_dependency.clear();
        file.weak_dependency.clear();
        // Its comments, located by its index among the file's messages (path 4, index, …): now the first.
        if let (Some(info), Some(at)) = (file.source_code_info.as_mut(), at) {
            info.location.retain(|l| l.path.len() >= 2 && l.path[0] == 4 && l.path[1] == at as i32);
            info.location.iter_mut().for_each(|l| l.path[1] = 0);
        }
    }
    let Some(posting) = set.file.first().and_then(|file| file.message_type.first()) else {
        return Err("matcher.proto no longer defines the message Posting".into());
    };
    // Alone in its file, it can only name scalar types (an enum or message field would refer to types the
    // filtered file no longer holds).
    if let Some(field) = posting.field.iter().find(|field| field.type_name.is_some()) {
        let reason = format!("Posting.{} is an enum or a message: build.rs generates Posting alone", field.name());
        return Err(reason.into());
    }
    let plain = out.join("plain");
    std::fs::create_dir_all(&plain)?;
    tonic_prost_build::configure().build_server(false).build_client(false).out_dir(&plain).compile_fds(set)?;
    Ok(())
}
