#!/usr/bin/env bash
# Soak: livekit-auth-server (release) under a sustained mix of valid and invalid requests on
# /token, /webhook and an unknown route (bench/wrk/mix.lua) for SECONDS (default 180, at most
# 240 so the webhook signature stays valid), loopback only. Reports status classes (5xx must be
# 0), socket errors, and RSS and open file descriptors sampled every 10 s; writes bench/SOAK.md,
# and with --readme puts it into README.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
SECONDS_TOTAL=${1:-180}
[ "$SECONDS_TOTAL" = "--readme" ] && SECONDS_TOTAL=180
readme=no
for arg in "$@"; do [ "$arg" = "--readme" ] && readme=yes; done
[ "$SECONDS_TOTAL" -le 240 ] || { echo "at most 240 s (webhook tokens live 5 min)" >&2; exit 2; }
KEY=APIsoak
SECRET=soak-secret-that-is-long-enough-0123456789
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
cargo build --release --quiet -p livekit-auth-server
bin=target/release/livekit-auth-server
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
python3 -c 'import json,sys; print(json.dumps(json.load(open("interop/event.json"))["participant_joined"], separators=(",", ":"), ensure_ascii=False), end="")' > "$work/body.json"

LIVEKIT_API_KEY=$KEY LIVEKIT_API_SECRET=$SECRET SERVER_PORT=6184 RUST_LOG=warn \
  taskset -c 0 "$bin" --host 127.0.0.1 >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 100); do (exec 3<>/dev/tcp/127.0.0.1/6184) 2>/dev/null && break; sleep 0.05; done
auth=$("$bin" sign-webhook --api-key "$KEY" --api-secret "$SECRET" "$work/body.json")

sample() { echo "$(awk '/VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$pid/status") MiB/$(ls "/proc/$pid/fd" | wc -l) fds"; }
start=$(sample)
(
  while sleep 10; do sample; done
) > "$work/samples.txt" &
sampler=$!
result=$(BODY_FILE="$work/body.json" AUTH=$auth taskset -c 1 \
  wrk -t1 -c64 -d"${SECONDS_TOTAL}s" -s bench/wrk/mix.lua http://127.0.0.1:6184 | grep '^SOAK')
kill "$sampler"
under_load=$(paste -sd' ' "$work/samples.txt" | sed 's/ MiB/MiB/g')
end=$(sample)
kill -TERM "$pid"
wait "$pid" && exit_line="server exited 0 after SIGTERM"
{
  echo "Command: \`bench/soak.sh $SECONDS_TOTAL\` — $(date -u +%Y-%m-%d), livekit-auth-server on CPU 0, wrk -t1 -c64 on CPU 1 for ${SECONDS_TOTAL} s, requests in turn: /token ok, /token 400, /webhook ok, /webhook 401 (garbage token), /webhook 401 (tampered body), 404."
  echo
  echo "- ${result#SOAK }"
  echo "- RSS/fds at start (idle): $start; every 10 s under load: $under_load; after the load: $end"
  echo "- $exit_line"
} > bench/SOAK.md
cat bench/SOAK.md
if [ "$readme" = yes ]; then
  python3 bench/splice_readme.py soak bench/SOAK.md
fi
