//! LiveKit's protobuf types reachable from `livekit.WebhookEvent`, plus `RoomConfiguration`.
//!
//! Generated from the official schema (the descriptors shipped by the `livekit-protocol` wheel,
//! version in `proto/VERSION`) by `cargo run -p livekit-auth-protogen`; do not edit
//! the `livekit.*.rs` files by hand. Each type is a [`prost::Message`] (protobuf binary) and
//! implements serde's traits as proto3 JSON: lowerCamelCase names (snake_case accepted on
//! read), 64-bit integers as strings (numbers or integral floats accepted), enums as names
//! (numbers accepted), `null` for any field. Unknown fields are skipped, unknown enum names are
//! ignored and unknown enum numbers kept, so events from newer LiveKit servers still decode.
//!
//! Every message also implements [`FromJson`], which reads the same proto3 JSON straight from the
//! text, about 1.4–1.7× faster than going through serde; [`WebhookReceiver`](crate::WebhookReceiver)
//! uses it. Both decoders accept the same documents and produce the same values.
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
include!("livekit.decode.rs");

mod decode;
mod lexer;
mod number;
mod open_enum;

pub(crate) use decode::deserialize_message;
pub use decode::{DecodeError, DecodeErrorKind, FromJson};
