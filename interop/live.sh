#!/usr/bin/env bash
# Live interop run: installs the pinned official SDKs (interop/setup.sh), builds
# livekit-auth-server, and checks both directions with Python and Node — tokens we mint verify in
# theirs with the same claims, theirs verify here; webhooks they sign are received here, ours are
# accepted by their receivers. Ends with `N passed, M failed`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
interop/setup.sh
cargo build --quiet -p livekit-auth-server
bin="$root/target/debug/livekit-auth-server"

status=0
py_out=$(.interop/venv/bin/python interop/live_python.py "$bin" interop) || status=1
echo "$py_out"
node_out=$(node interop/live_node.mjs "$bin") || status=1
echo "$node_out"

count() { echo "$1" | tail -n 1 | sed -E "s/^([0-9]+) passed, ([0-9]+) failed$/\\$2/"; }
passed=$(( $(count "$py_out" 1) + $(count "$node_out" 1) ))
failed=$(( $(count "$py_out" 2) + $(count "$node_out" 2) ))
echo "interop: $passed passed, $failed failed"
exit $status
