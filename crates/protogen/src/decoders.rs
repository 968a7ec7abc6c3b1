//! The direct proto3-JSON decoders (`livekit.decode.rs`): for every message a key → field table
//! and a `match` that reads each field in place through `crate::proto::decode::Reader`, and for
//! every enum its value names. Rust names follow prost-build's rules, so the output refers to
//! the structs prost-build writes; a field shape the runtime has no reader for is an error here,
//! not a silent gap.

use std::fmt::Write as _;

use heck::{ToSnakeCase, ToUpperCamelCase};
use prost_types::field_descriptor_proto::{Label, Type};
use prost_types::{DescriptorProto, EnumDescriptorProto, FieldDescriptorProto, FileDescriptorSet};

use crate::GenError;

/// prost-build's identifier escaping.
fn sanitize(ident: String) -> String {
    const RAW: &[&str] = &[
        "as", "break", "const", "continue", "else", "enum", "false", "fn", "for", "if", "impl",
        "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "static",
        "struct", "trait", "true", "type", "unsafe", "use", "where", "while", "dyn", "abstract",
        "become", "box", "do", "final", "macro", "override", "priv", "typeof", "unsized",
        "virtual", "yield", "async", "await", "try", "gen",
    ];
    if RAW.contains(&ident.as_str()) {
        format!("r#{ident}")
    } else if matches!(
        ident.as_str(),
        "_" | "super" | "self" | "Self" | "extern" | "crate"
    ) {
        format!("{ident}_")
    } else if ident.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{ident}")
    } else {
        ident
    }
}

fn snake(name: &str) -> String {
    sanitize(name.to_snake_case())
}

fn camel(name: &str) -> String {
    sanitize(name.to_upper_camel_case())
}

/// The Rust path, relative to the module of package `livekit`, of a fully qualified type name.
fn rust_path(type_name: &str) -> Result<String, GenError> {
    let rest = type_name
        .strip_prefix(".livekit.")
        .ok_or_else(|| GenError(format!("{type_name} is outside package livekit")))?;
    let mut parts: Vec<&str> = rest.split('.').collect();
    let last = parts.pop().unwrap_or_default();
    let mut path: Vec<String> = parts.iter().map(|p| snake(p)).collect();
    path.push(camel(last));
    Ok(path.join("::"))
}

/// Generates the decoders of every message and enum in `set` (already pruned).
pub(crate) fn generate(set: &FileDescriptorSet) -> Result<String, GenError> {
    let types = crate::index_types(set);
    let mut out = String::new();
    for file in &set.file {
        let prefix = format!(".{}", file.package());
        for e in &file.enum_type {
            enum_names(&format!("{prefix}.{}", e.name()), &mut out)?;
        }
        for msg in &file.message_type {
            message(&prefix, msg, &types, &mut out)?;
        }
    }
    Ok(out)
}

fn enum_names(full: &str, out: &mut String) -> Result<(), GenError> {
    let path = rust_path(full)?;
    let _ = writeln!(
        out,
        "impl crate::proto::decode::EnumNames for {path} {{\n    \
         fn number(name: &str) -> ::core::option::Option<i32> {{\n        \
         Self::from_str_name(name).map(|v| v as i32)\n    }}\n}}"
    );
    Ok(())
}

/// How one field is read: the reader call, given `self.<field>` as the place.
fn reader_call(
    field: &FieldDescriptorProto,
    types: &std::collections::HashMap<String, crate::TypeDef<'_>>,
    place: &str,
    context: &str,
) -> Result<String, GenError> {
    let unsupported = || {
        GenError(format!(
            "{context}: field type {:?} ({:?}) has no proto3-JSON reader; extend \
             crates/protogen/src/decoders.rs and proto/decode.rs",
            field.r#type(),
            field.label()
        ))
    };
    let repeated = field.label() == Label::Repeated;
    let number = |ty: &str| {
        if repeated {
            format!("r.numbers::<{ty}>(&mut {place})")
        } else {
            format!("r.number::<{ty}>(&mut {place})")
        }
    };
    Ok(match field.r#type() {
        Type::Double => number("f64"),
        Type::Int64 | Type::Sint64 | Type::Sfixed64 => number("i64"),
        Type::Uint64 | Type::Fixed64 => number("u64"),
        Type::Int32 | Type::Sint32 | Type::Sfixed32 => number("i32"),
        Type::Uint32 | Type::Fixed32 => number("u32"),
        Type::Bool if repeated => format!("r.booleans(&mut {place})"),
        Type::Bool => format!("r.boolean(&mut {place})"),
        Type::String if repeated => format!("r.strings(&mut {place})"),
        Type::String => format!("r.string(&mut {place})"),
        Type::Enum => {
            let path = rust_path(field.type_name())?;
            if repeated {
                format!("r.enumerations::<{path}>(&mut {place})")
            } else {
                format!("r.enumeration::<{path}>(&mut {place})")
            }
        }
        Type::Message => {
            let map_entry = match types.get(field.type_name()) {
                Some(crate::TypeDef::Message(m)) => m
                    .options
                    .as_ref()
                    .is_some_and(|o| o.map_entry())
                    .then_some(*m),
                _ => return Err(unsupported()),
            };
            match map_entry {
                Some(entry) => {
                    let string_map = entry.field.len() == 2
                        && entry.field.iter().all(|f| f.r#type() == Type::String);
                    if !string_map {
                        return Err(unsupported());
                    }
                    format!("r.string_map(&mut {place})")
                }
                None if repeated => format!("r.messages(&mut {place})"),
                None => format!("r.message(&mut {place})"),
            }
        }
        Type::Float | Type::Bytes | Type::Group => return Err(unsupported()),
    })
}

fn message(
    prefix: &str,
    msg: &DescriptorProto,
    types: &std::collections::HashMap<String, crate::TypeDef<'_>>,
    out: &mut String,
) -> Result<(), GenError> {
    let full = format!("{prefix}.{}", msg.name());
    for nested in &msg.nested_type {
        message(&full, nested, types, out)?;
    }
    for e in &msg.enum_type {
        enum_names(&format!("{full}.{}", e.name()), out)?;
    }
    if msg.options.as_ref().is_some_and(|o| o.map_entry()) {
        // Read as maps by the field that holds them.
        return Ok(());
    }
    if msg.field.len() > 64 {
        return Err(GenError(format!(
            "{full} has {} fields; the decoder tracks at most 64 per message",
            msg.field.len()
        )));
    }
    let path = rust_path(&full)?;
    let module = snake(msg.name());
    let oneof_type = |index: usize| -> String {
        let name = msg.oneof_decl[index].name();
        let conflict = msg
            .nested_type
            .iter()
            .map(DescriptorProto::name)
            .chain(msg.enum_type.iter().map(EnumDescriptorProto::name))
            .any(|n| camel(n) == camel(name));
        let suffix = if conflict { "OneOf" } else { "" };
        format!("{module}::{}{suffix}", camel(name))
    };

    let mut names = String::new();
    let mut keys = String::new();
    let mut arms = String::new();
    for (number, field) in msg.field.iter().enumerate() {
        let context = format!("{full}.{}", field.name());
        let json = field.json_name().to_owned();
        let _ = write!(names, "{json:?}, ");
        if json == field.name() {
            let _ = writeln!(keys, "            {json:?} => {number},");
        } else {
            let _ = writeln!(
                keys,
                "            {json:?} | {:?} => {number},",
                field.name()
            );
        }
        // prost makes a proto3 `optional` field an `Option`: for a message that is any message
        // field; a scalar is read into a temporary and stored when set.
        let optional = field.proto3_optional();
        let rust_field = snake(field.name());
        let arm = match field.oneof_index.filter(|_| !optional) {
            _ if optional && field.r#type() != Type::Message => {
                let call = reader_call(field, types, "v", &context)?;
                format!(
                    "{{\n                let mut v = ::core::default::Default::default();\n                \
                     let set = {call}?;\n                if set {{ self.{rust_field} = Some(v); }}\n                \
                     Ok(set)\n            }}"
                )
            }
            None => reader_call(field, types, &format!("self.{rust_field}"), &context)?,
            Some(index) => {
                let index = usize::try_from(index).map_err(|e| GenError(e.to_string()))?;
                let oneof = snake(msg.oneof_decl[index].name());
                let variant = format!("{}::{}", oneof_type(index), camel(field.name()));
                let call = reader_call(field, types, "v", &context)?;
                let (init, store) = if field.r#type() == Type::Message {
                    ("None", format!("self.{oneof} = v.map({variant});"))
                } else {
                    (
                        "::core::default::Default::default()",
                        format!("if set {{ self.{oneof} = Some({variant}(v)); }}"),
                    )
                };
                format!(
                    "{{\n                if self.{oneof}.is_some() {{ return Err(r.duplicate()); }}\n                \
                     let mut v = {init};\n                let set = {call}?;\n                \
                     {store}\n                Ok(set)\n            }}"
                )
            }
        };
        let _ = writeln!(arms, "            {number} => {arm},");
    }
    let (key_param, field_param, reader_param) = if msg.field.is_empty() {
        ("_key", "_field", "_r")
    } else {
        ("key", "field", "r")
    };
    let field_fn = if msg.field.is_empty() {
        "        None".to_owned()
    } else {
        format!(
            "        Some(match {key_param} {{\n{keys}            _ => return None,\n        }})"
        )
    };
    let read_fn = if msg.field.is_empty() {
        "        Ok(false)".to_owned()
    } else {
        format!("        match {field_param} {{\n{arms}            _ => Ok(false),\n        }}")
    };
    let _ = writeln!(
        out,
        "impl crate::proto::decode::Fields for {path} {{\n    \
         const NAMES: &'static [&'static str] = &[{names}];\n    \
         fn field({key_param}: &str) -> ::core::option::Option<u8> {{\n{field_fn}\n    }}\n    \
         fn read_field(&mut self, {field_param}: u8, {reader_param}: &mut crate::proto::decode::Reader<'_>) \
         -> ::core::result::Result<bool, crate::proto::DecodeError> {{\n{read_fn}\n    }}\n}}"
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{camel, rust_path, snake};

    #[test]
    fn names_follow_prost() {
        assert_eq!(
            rust_path(".livekit.EgressInfo").ok().as_deref(),
            Some("EgressInfo")
        );
        assert_eq!(
            rust_path(".livekit.StreamInfo.Status").ok().as_deref(),
            Some("stream_info::Status")
        );
        assert_eq!(
            rust_path(".livekit.AliOSSUpload").ok().as_deref(),
            Some("AliOssUpload")
        );
        assert!(rust_path(".google.protobuf.Duration").is_err());
        assert_eq!(snake("type"), "r#type");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("createdAt"), "created_at");
        assert_eq!(camel("room_composite"), "RoomComposite");
    }
}
