//! Code generator for the LiveKit event types of `livekit-auth`.
//!
//! The input is `proto/livekit.binpb`: the compiled descriptors that the official
//! `livekit-protocol` wheel ships (dumped by `proto/dump_descriptors.py`, version pinned in
//! `proto/VERSION`). The schema is pruned to what a webhook receiver and the `roomConfig` claim
//! need — every type reachable from `livekit.WebhookEvent` and `livekit.RoomConfiguration` —
//! and then handed to prost-build (structs and protobuf binary) and pbjson-build (proto3 JSON
//! through serde), and to this crate's own decoder generator (proto3 JSON read straight from text).
//!
//! No `protoc` is involved, so the checked-in output can be regenerated and checked for
//! staleness on any machine with just cargo.

use std::collections::{BTreeSet, HashMap};

use prost::Message;
use prost_types::{DescriptorProto, FileDescriptorProto, FileDescriptorSet};

mod decoders;

/// Fully qualified names of the roots whose reachable types are generated.
pub const ROOTS: [&str; 2] = [".livekit.WebhookEvent", ".livekit.RoomConfiguration"];

/// Path of the descriptor set, relative to the workspace root.
pub const DESCRIPTORS: &str = "proto/livekit.binpb";
/// Path of the pinned schema version, relative to the workspace root.
pub const VERSION: &str = "proto/VERSION";
/// Where the prost structs go, relative to the workspace root.
pub const PROST_OUT: &str = "crates/livekit-auth/src/proto/livekit.rs";
/// Where the pbjson serde impls go, relative to the workspace root.
pub const SERDE_OUT: &str = "crates/livekit-auth/src/proto/livekit.serde.rs";
/// Where the direct proto3-JSON decoders go, relative to the workspace root.
pub const DECODE_OUT: &str = "crates/livekit-auth/src/proto/livekit.decode.rs";

/// The generated sources and what they contain.
#[derive(Debug)]
pub struct Generated {
    /// prost message and enum definitions.
    pub prost: String,
    /// pbjson `Serialize`/`Deserialize` impls.
    pub serde: String,
    /// Direct proto3-JSON decoders (`Fields` and `EnumNames` impls).
    pub decode: String,
    /// Counts of what is reachable from `livekit.WebhookEvent` alone.
    pub webhook_schema: SchemaStats,
}

/// Size of a schema subset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SchemaStats {
    /// Number of messages (nested ones and map entries included, as descriptors count them).
    pub messages: usize,
    /// Number of fields over those messages.
    pub fields: usize,
    /// Number of enums.
    pub enums: usize,
}

/// Error of the generator: a message for the operator.
#[derive(Debug)]
pub struct GenError(pub String);

impl std::fmt::Display for GenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for GenError {}

fn err(context: &str, e: impl std::fmt::Display) -> GenError {
    GenError(format!("{context}: {e}"))
}

/// One message or enum of the schema, by fully qualified name.
pub(crate) enum TypeDef<'a> {
    Message(&'a DescriptorProto),
    Enum,
}

pub(crate) fn index_types<'a>(set: &'a FileDescriptorSet) -> HashMap<String, TypeDef<'a>> {
    fn walk_message<'a>(
        prefix: &str,
        msg: &'a DescriptorProto,
        out: &mut HashMap<String, TypeDef<'a>>,
    ) {
        let name = format!("{prefix}.{}", msg.name());
        for nested in &msg.nested_type {
            walk_message(&name, nested, out);
        }
        for e in &msg.enum_type {
            out.insert(format!("{name}.{}", e.name()), TypeDef::Enum);
        }
        out.insert(name, TypeDef::Message(msg));
    }
    let mut out = HashMap::new();
    for file in &set.file {
        let prefix = format!(".{}", file.package());
        for msg in &file.message_type {
            walk_message(&prefix, msg, &mut out);
        }
        for e in &file.enum_type {
            out.insert(format!("{prefix}.{}", e.name()), TypeDef::Enum);
        }
    }
    out
}

/// Every type name reachable from `roots` through fields, and the stats of that closure.
///
/// With `with_parents`, the messages enclosing a reachable nested type are added too (and what
/// they reach): prost and pbjson generate a nested type inside its parent, so the parent must be
/// complete even when only its nested type is used elsewhere.
fn reachable(
    types: &HashMap<String, TypeDef<'_>>,
    roots: &[&str],
    with_parents: bool,
) -> Result<(BTreeSet<String>, SchemaStats), GenError> {
    let mut seen = BTreeSet::new();
    let mut stats = SchemaStats {
        messages: 0,
        fields: 0,
        enums: 0,
    };
    let mut stack: Vec<String> = roots.iter().map(|r| (*r).to_owned()).collect();
    while let Some(name) = stack.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        if let Some((parent, _)) = name.rsplit_once('.').filter(|_| with_parents)
            && matches!(types.get(parent), Some(TypeDef::Message(_)))
        {
            stack.push(parent.to_owned());
        }
        match types.get(&name) {
            None => {
                return Err(GenError(format!(
                    "type {name} is not in the descriptor set"
                )));
            }
            Some(TypeDef::Enum) => stats.enums += 1,
            Some(TypeDef::Message(msg)) => {
                stats.messages += 1;
                stats.fields += msg.field.len();
                for field in &msg.field {
                    if !field.type_name().is_empty() {
                        stack.push(field.type_name().to_owned());
                    }
                }
            }
        }
    }
    Ok((seen, stats))
}

/// Keeps the message if it is named in `keep`, with only the nested types named there.
fn prune_message(prefix: &str, msg: &mut DescriptorProto, keep: &BTreeSet<String>) -> bool {
    let name = format!("{prefix}.{}", msg.name());
    msg.nested_type
        .retain_mut(|nested| prune_message(&name, nested, keep));
    msg.enum_type
        .retain(|e| keep.contains(&format!("{name}.{}", e.name())));
    msg.extension.clear();
    keep.contains(&name)
}

fn prune(set: &FileDescriptorSet, keep: &BTreeSet<String>) -> FileDescriptorSet {
    let mut files: Vec<FileDescriptorProto> = Vec::new();
    for file in &set.file {
        let mut file = file.clone();
        let prefix = format!(".{}", file.package());
        file.message_type
            .retain_mut(|msg| prune_message(&prefix, msg, keep));
        file.enum_type
            .retain(|e| keep.contains(&format!("{prefix}.{}", e.name())));
        // Services, extensions and comments are not part of the event types.
        file.service.clear();
        file.extension.clear();
        file.source_code_info = None;
        if !file.message_type.is_empty() || !file.enum_type.is_empty() {
            files.push(file);
        }
    }
    let kept: BTreeSet<String> = files.iter().map(|f| f.name().to_owned()).collect();
    for file in &mut files {
        file.dependency.retain(|d| kept.contains(d));
        file.public_dependency.clear();
        file.weak_dependency.clear();
    }
    FileDescriptorSet { file: files }
}

/// protoc's JSON name of a field: underscores dropped, the letter after each one upper-cased,
/// everything else kept (`ali_OSS` → `aliOSS`, not `aliOss`).
fn protoc_json_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The Python runtime leaves `json_name` out of the descriptors it hands back; without it
/// pbjson derives names with its own camel-casing, which differs from proto3 JSON for names
/// like `ali_OSS`. Fill in what protoc would have written.
fn fill_json_names(set: &mut FileDescriptorSet) {
    fn walk(msg: &mut DescriptorProto) {
        for field in &mut msg.field {
            if field.json_name.is_none() {
                field.json_name = Some(protoc_json_name(field.name()));
            }
        }
        for nested in &mut msg.nested_type {
            walk(nested);
        }
    }
    for file in &mut set.file {
        for msg in &mut file.message_type {
            walk(msg);
        }
    }
}

/// Generates the Rust sources from an encoded `FileDescriptorSet` and the schema version.
pub fn generate(descriptors: &[u8], version: &str) -> Result<Generated, GenError> {
    let set = FileDescriptorSet::decode(descriptors).map_err(|e| err("decode descriptors", e))?;
    let types = index_types(&set);
    let (_, webhook_schema) = reachable(&types, &ROOTS[..1], false)?;
    let (keep, _) = reachable(&types, &ROOTS, true)?;
    let mut pruned = prune(&set, &keep);
    fill_json_names(&mut pruned);
    if pruned.file.iter().any(|f| f.package() != "livekit") {
        return Err(GenError(
            "types outside package livekit are reachable; map them with extern_path first".into(),
        ));
    }

    let requests = pruned
        .file
        .iter()
        .map(|f| {
            (
                prost_build::Module::from_protobuf_package_name(f.package()),
                f.clone(),
            )
        })
        .collect();
    let mut modules = prost_build::Config::new()
        .generate(requests)
        .map_err(|e| err("prost-build", e))?;
    let prost = modules
        .remove(&prost_build::Module::from_protobuf_package_name("livekit"))
        .ok_or_else(|| GenError("prost-build produced no livekit module".into()))?;

    let mut serde = Vec::new();
    let encoded = pruned.encode_to_vec();
    let mut builder = pbjson_build::Builder::new();
    builder
        .register_descriptors(&encoded)
        .map_err(|e| err("pbjson-build", e))?
        // Forward compatibility: newer servers add fields. Unknown enum values are handled by
        // the open-enum rewrite below.
        .ignore_unknown_fields();
    let writers = builder
        .generate(&[".livekit"], |_| Ok(Vec::new()))
        .map_err(|e| err("pbjson-build", e))?;
    for (_, w) in writers {
        serde.extend(w);
    }
    let serde = String::from_utf8(serde).map_err(|e| err("pbjson-build output", e))?;
    let serde = open_enums(&serde, enum_fields(&pruned))?;
    let serde = accept_null(&serde)?;
    let serde = fast_numbers(&serde)?;

    let header = format!(
        "// @generated by `cargo run -p livekit-auth-protogen` from {DESCRIPTORS}\n\
         // (official livekit-protocol {version}). Do not edit by hand.\n"
    );
    let decode = decoders::generate(&pruned)?;
    Ok(Generated {
        prost: format!("{header}{prost}"),
        serde: format!("{header}{serde}"),
        decode: format!("{header}{decode}"),
        webhook_schema,
    })
}

/// How many enum-typed fields of each shape the generated types have.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct EnumFields {
    singular: usize,
    repeated: usize,
    oneof: usize,
}

fn enum_fields(set: &FileDescriptorSet) -> EnumFields {
    use prost_types::field_descriptor_proto::{Label, Type};
    fn walk(msg: &DescriptorProto, out: &mut EnumFields) {
        let map_entry = msg.options.as_ref().is_some_and(|o| o.map_entry());
        for field in msg.field.iter().filter(|f| f.r#type() == Type::Enum) {
            if map_entry {
                // An enum as a map value would need its own rewrite; the schema has none.
                out.singular += 1000;
            } else if field.label() == Label::Repeated {
                out.repeated += 1;
            } else if field.oneof_index.is_some() && !field.proto3_optional() {
                out.oneof += 1;
            } else {
                out.singular += 1;
            }
        }
        for nested in &msg.nested_type {
            walk(nested, out);
        }
    }
    let mut out = EnumFields::default();
    for file in &set.file {
        for msg in &file.message_type {
            walk(msg, &mut out);
        }
    }
    out
}

/// Routes every enum field of pbjson's output through `crate::proto::open_enum`, so that unknown
/// enum names are ignored like unknown fields and unknown numbers are kept (proto3 open enums,
/// as the official decoders do), instead of failing or turning into the default value.
///
/// pbjson writes enum fields in a handful of fixed shapes; each is rewritten, and the number of
/// rewrites must equal the number of enum fields, so a change in pbjson's output is an error
/// here rather than a silent gap.
fn open_enums(serde: &str, expected: EnumFields) -> Result<String, GenError> {
    let path = r"([A-Za-z0-9_:]+)";
    let rewrite =
        |text: &str, pattern: &str, replacement: &str| -> Result<(String, usize), GenError> {
            let re = regex::Regex::new(pattern).map_err(|e| err("rewrite pattern", e))?;
            let count = re.find_iter(text).count();
            Ok((re.replace_all(text, replacement).into_owned(), count))
        };
    let (text, singular) = rewrite(
        serde,
        &format!(r"Some\(map_\.next_value::<{path}>\(\)\? as i32\)"),
        "map_.next_value::<crate::proto::open_enum::Open<$1>>()?.0",
    )?;
    let (text, repeated) = rewrite(
        &text,
        &format!(
            r"Some\(map_\.next_value::<Vec<{path}>>\(\)\?\.into_iter\(\)\.map\(\|x\| x as i32\)\.collect\(\)\)"
        ),
        "Some(map_.next_value::<Vec<crate::proto::open_enum::Open<$1>>>()?.into_iter().filter_map(|x| x.0).collect())",
    )?;
    let (text, oneof) = rewrite(
        &text,
        &format!(
            r"map_\.next_value::<::std::option::Option<{path}>>\(\)\?\.map\(\|x\| {path}\(x as i32\)\)"
        ),
        "map_.next_value::<crate::proto::open_enum::Open<$1>>()?.0.map($2)",
    )?;
    let (text, serialized) = rewrite(
        &text,
        &format!(
            r#"{path}::try_from\(([^()\n]+)\)\s*\.map_err\(\|_\| serde::ser::Error::custom\(format!\("Invalid variant \{{\}}", [^()\n]+\)\)\)"#
        ),
        "::std::result::Result::<_, S::Error>::Ok(crate::proto::open_enum::Named::<$1>::new($2))",
    )?;
    let found = EnumFields {
        singular,
        repeated,
        oneof,
    };
    let total = expected.singular + expected.repeated + expected.oneof;
    if found != expected || serialized != total {
        return Err(GenError(format!(
            "pbjson output changed shape: expected {expected:?} enum fields ({total} serialized), \
             rewrote {found:?} ({serialized} serialized); update open_enums in crates/protogen"
        )));
    }
    Ok(text)
}

/// Proto3 JSON accepts `null` for every field and reads it as the default value; pbjson accepts
/// it only for message fields. Every other field read, `Some(map_.next_value::<T>()?TAIL)`,
/// becomes a read of `Option<T>` mapped through `TAIL`, so `null` leaves the field unset.
fn accept_null(serde: &str) -> Result<String, GenError> {
    let re = regex::Regex::new(
        r"Some\(map_\.next_value(?:::<(?P<ty>.*?)>)?\(\)\?(?P<tail>[^;\n]*)\)(?P<ws>\s*);",
    )
    .map_err(|e| err("rewrite pattern", e))?;
    let text = re.replace_all(serde, |caps: &regex::Captures<'_>| {
        let ty = caps.name("ty").map_or("_", |m| m.as_str());
        let tail = caps.name("tail").map_or("", |m| m.as_str());
        let map = if tail.is_empty() {
            String::new()
        } else {
            format!(".map(|v| v{tail})")
        };
        let ws = caps.name("ws").map_or("", |m| m.as_str());
        format!("map_.next_value::<::std::option::Option<{ty}>>()?{map}{ws};")
    });
    if text.contains("Some(map_.next_value") {
        return Err(GenError(
            "pbjson output changed shape: a field read was not made null-tolerant; update \
             accept_null in crates/protogen"
                .into(),
        ));
    }
    Ok(text.into_owned())
}

/// pbjson reads numbers through an untagged enum, which buffers each value into serde's
/// `Content` and builds an error for the variant that does not match. `crate::proto::number`
/// reads the same inputs (a JSON number or a string holding one) through a single visitor.
fn fast_numbers(serde: &str) -> Result<String, GenError> {
    const PBJSON: &str = "::pbjson::private::NumberDeserialize<";
    if !serde.contains(PBJSON) {
        return Err(GenError(
            "pbjson output changed shape: no NumberDeserialize to replace; update fast_numbers \
             in crates/protogen"
                .into(),
        ));
    }
    Ok(serde.replace(PBJSON, "crate::proto::number::Number<"))
}

#[cfg(test)]
mod tests {
    use super::protoc_json_name;

    #[test]
    fn json_names_follow_protoc() {
        assert_eq!(protoc_json_name("ali_OSS"), "aliOSS");
        assert_eq!(protoc_json_name("created_at"), "createdAt");
        assert_eq!(protoc_json_name("sip_call_id"), "sipCallId");
        assert_eq!(protoc_json_name("layers"), "layers");
    }
}
