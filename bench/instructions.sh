#!/usr/bin/env bash
# CPU work per request, free of the machine's noise: each Rust server (ours and the livekit-api
# peer, as in bench/load.sh) runs under valgrind's callgrind while wrk drives one route for a
# short and a long run; instructions per request = (instructions of the long run - of the short
# run) / (requests of the long run - of the short run), so start-up and shutdown cancel out.
# Prints a Markdown table, writes it to bench/INSTRUCTIONS.md; `--readme` also puts it into
# README.md.
#
# Caveat: valgrind does not emulate the CPU's SHA extensions, so SHA-256 runs in software here
# and weighs more than on the real machine (on both servers alike).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
. bench/lib.sh
SHORT=${SHORT:-2}
LONG=${LONG:-6}

apt_need wrk wrk
apt_need valgrind valgrind
build_servers

setup_work

# count PORT ROUTE SECONDS COMMAND...: "requests instructions" of one run under callgrind.
count() {
  local port=$1 route=$2 seconds=$3
  shift 3
  SERVER_PORT=$port valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" \
    >/dev/null 2>"$work/valgrind.txt" &
  local pid=$!
  wait_port "$port"
  local line
  line=$(drive "$port" "$route" "$work" "$seconds" 4)
  kill -INT "$pid"
  wait "$pid" 2>/dev/null || true
  echo "$(field "$line" requests) $(grep -o 'Collected : [0-9]*' "$work/valgrind.txt" | grep -o '[0-9]*$')"
}

# per_request PORT ROUTE COMMAND...: instructions per request.
per_request() {
  local port=$1 route=$2
  shift 2
  local short long
  read -r -a short <<< "$(count "$port" "$route" "$SHORT" "$@")"
  read -r -a long <<< "$(count "$port" "$route" "$LONG" "$@")"
  echo $(( (long[1] - short[1]) / (long[0] - short[0]) ))
}

{
  echo "| route | livekit-auth-server | livekit-api (Rust) peer | peer / ours |"
  echo "| --- | --- | --- | --- |"
  for route in token webhook; do
    ours=$(per_request 6186 "$route" "$ours_bin" --host 127.0.0.1)
    peer=$(per_request 6187 "$route" "$peer_bin")
    echo "| /$route | $ours | $peer | $(ratio "$peer" "$ours") |"
  done
  # The same webhook run with livekit-auth-server's per-event log line filtered out, to show
  # what that line costs (the peer prints its shorter line with eprintln! in both cases).
  quiet=$(RUST_LOG=warn per_request 6186 webhook "$ours_bin" --host 127.0.0.1)
  echo "| /webhook, RUST_LOG=warn (no event log line) | $quiet | $peer | $(ratio "$peer" "$quiet") |"
} > "$work/table.md"

{
  echo "Instructions per request (callgrind), $(date -u +%Y-%m-%d). Command: \`bench/instructions.sh\` — each server under valgrind, wrk -t1 -c4 for ${SHORT} s and ${LONG} s per route; /webhook posts the same signed participant_joined as bench/load.sh. SHA-256 runs in software under valgrind, on both servers."
  echo
  cat "$work/table.md"
} > bench/INSTRUCTIONS.md
publish instructions bench/INSTRUCTIONS.md "${1:-}"
