//! `cargo run -p livekit-auth-protogen`: rewrites the checked-in event types of `livekit-auth`
//! from `proto/livekit.binpb`. Run `proto/update.sh VERSION` to move to a newer schema.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let root = workspace_root();
    let descriptors = std::fs::read(root.join(livekit_auth_protogen::DESCRIPTORS))?;
    let version = std::fs::read_to_string(root.join(livekit_auth_protogen::VERSION))?;
    let generated = livekit_auth_protogen::generate(&descriptors, version.trim())?;
    std::fs::write(
        root.join(livekit_auth_protogen::PROST_OUT),
        &generated.prost,
    )?;
    std::fs::write(
        root.join(livekit_auth_protogen::SERDE_OUT),
        &generated.serde,
    )?;
    std::fs::write(
        root.join(livekit_auth_protogen::DECODE_OUT),
        &generated.decode,
    )?;
    let s = generated.webhook_schema;
    println!(
        "livekit-protocol {}: WebhookEvent reaches {} messages, {} fields, {} enums",
        version.trim(),
        s.messages,
        s.fields,
        s.enums
    );
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("livekit-auth-protogen: {e}");
            ExitCode::FAILURE
        }
    }
}
