#!/usr/bin/env bash
# Moves the generated LiveKit event types to another version of the official schema:
#   proto/update.sh 1.1.30
# installs PyPI livekit-protocol==VERSION in a scratch venv, dumps its compiled descriptors to
# proto/livekit.binpb, records the version in proto/VERSION and regenerates the Rust code with
# `cargo run -p livekit-auth-protogen`. Review the diff, update the schema-size numbers in
# crates/protogen/tests/up_to_date.rs if they changed, and commit.
set -euo pipefail
version=${1:?usage: proto/update.sh VERSION}
root=$(cd "$(dirname "$0")/.." && pwd)
venv="$root/.interop/protogen-venv"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check "livekit-protocol==$version"
"$venv/bin/python" "$root/proto/dump_descriptors.py" "$root/proto/livekit.binpb"
echo "$version" > "$root/proto/VERSION"
cd "$root" && cargo run --quiet -p livekit-auth-protogen
