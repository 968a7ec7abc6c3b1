//! LiveKit's protobuf types reachable from `livekit.WebhookEvent`, plus `RoomConfiguration`.
//!
//! Generated from the official schema (the descriptors shipped by the `livekit-protocol` wheel,
//! version in `proto/VERSION`) by `cargo run -p livekit-auth-protogen`; do not edit
//! `livekit.rs` or `livekit.serde.rs` by hand. Each type is a [`prost::Message`] (protobuf binary)
//! and implements serde's traits as proto3 JSON: lowerCamelCase names (snake_case accepted on
//! read), 64-bit integers as strings (numbers accepted), enums as names (numbers accepted),
//! bytes as base64. Unknown fields are skipped and unknown enum values read as the enum's
//! default, so events from newer LiveKit servers still decode.
#![allow(
    missing_docs,
    deprecated,
    unreachable_pub,
    clippy::all,
    clippy::pedantic,
    rustdoc::all
)]

include!("livekit.rs");
include!("livekit.serde.rs");

mod number;
mod open_enum;
