#!/usr/bin/env bash
# Server load comparison, one run, same machine, same load generator:
#   ours  = livekit-auth-server (release)
#   peer  = the same two routes on the official livekit-api crate (bench/peer-server)
#   seed  = OpenVidu's Flask tutorial server with the official Python SDK, under gunicorn
# Each server gets one worker pinned to CPU 0; wrk (1 thread, CONNECTIONS connections) runs on
# CPU 1 and drives POST /token, then POST /webhook (a signed ~0.9 KB participant_joined).
# ours and peer run ROUNDS times, alternating, and the median round is reported (the machine is
# shared and drifts); the seed runs once. Prints a Markdown table (req/s, p50/p99 latency, peak
# RSS, ratios) and writes it to bench/RESULTS.md; `bench/load.sh --readme` also puts it into
# README.md.
#
# Then, for ours only: RSS sampled over a longer webhook run (SOAK_SECONDS), to show memory
# stays flat. Installs what it needs (wrk from Debian, the seed's Python packages).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-32}
SOAK_SECONDS=${SOAK_SECONDS:-60}
ROUNDS=${ROUNDS:-3}
KEY=APIloadbench
SECRET=load-bench-secret-that-is-long-enough-0123
export LIVEKIT_API_KEY=$KEY LIVEKIT_API_SECRET=$SECRET SERVER_WORKERS=1 RUST_LOG=info

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
command -v taskset >/dev/null || { apt-get update -qq && apt-get install -y -qq util-linux; }
venv=.interop/bench-venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check -r bench/seed/requirements.txt

echo "building servers..." >&2
cargo build --release --quiet -p livekit-auth-server
CARGO_TARGET_DIR="$root/target/peer" cargo build --release --quiet --manifest-path bench/peer-server/Cargo.toml
ours_bin=target/release/livekit-auth-server
peer_bin=target/peer/release/livekit-api-peer-server

work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
printf '{"roomName":"load-room","participantName":"load-user"}' > "$work/token.json"
python3 - "$work/webhook.json" <<'PY'
import json, sys
doc = json.load(open("interop/event.json"))["participant_joined"]
open(sys.argv[1], "w").write(json.dumps(doc, separators=(",", ":"), ensure_ascii=False))
PY

wait_port() {
  for _ in $(seq 1 200); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.05
  done
  echo "port $1 did not open" >&2; return 1
}

# rss FIELD PID: VmHWM (peak) or VmRSS (now) in KiB of a process and its children (gunicorn has a
# master and a worker).
rss() {
  local total=0 pid
  for pid in $2 $(pgrep -P "$2" || true); do
    total=$(( total + $(awk -v f="$1:" '$1 == f {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0) ))
  done
  echo "$total"
}

# run_wrk PORT PATH BODY CONTENT_TYPE AUTH SECONDS -> RESULT line
run_wrk() {
  BODY_FILE=$3 CONTENT_TYPE=$4 AUTH=$5 taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${6}s" \
    -s bench/wrk/post.lua "http://127.0.0.1:$1$2" | grep '^RESULT'
}

field() { echo "$1" | tr ' ' '\n' | awk -F= -v k="$2" '$1 == k {print $2}'; }

declare -A R
bench_server() { # name port command...
  local name=$1 port=$2; shift 2
  SERVER_PORT=$port taskset -c 0 "$@" >/dev/null 2>&1 &
  local pid=$!
  wait_port "$port"
  # Warm up, then measure.
  run_wrk "$port" /token "$work/token.json" application/json "" 2 >/dev/null
  R[$name,token]=$(run_wrk "$port" /token "$work/token.json" application/json "" "$DURATION")
  local auth
  auth=$("$ours_bin" sign-webhook --api-key "$KEY" --api-secret "$SECRET" "$work/webhook.json")
  run_wrk "$port" /webhook "$work/webhook.json" application/webhook+json "$auth" 2 >/dev/null
  R[$name,webhook]=$(run_wrk "$port" /webhook "$work/webhook.json" application/webhook+json "$auth" "$DURATION")
  R[$name,rss]=$(rss VmHWM "$pid")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  for route in token webhook; do
    local line=${R[$name,$route]}
    if [ "$(field "$line" non2xx)" != 0 ] || [ "$(field "$line" socket_errors)" != 0 ]; then
      echo "$name $route: errors: $line" >&2
    fi
  done
}

echo "benchmarking ours and peer ($ROUNDS rounds), then seed (${DURATION}s per route, $CONNECTIONS connections)..." >&2
for round in $(seq 1 "$ROUNDS"); do
  bench_server "ours$round" 6180 "$ours_bin" --host 127.0.0.1
  bench_server "peer$round" 6181 "$peer_bin"
done
bench_server seed 6182 "$venv/bin/gunicorn" --chdir bench/seed -w 1 -b 127.0.0.1:6182 app:app

# The median round of each (by req/s), per route; peak RSS is the highest of all rounds.
for name in ours peer; do
  for route in token webhook; do
    best=$(for round in $(seq 1 "$ROUNDS"); do
      echo "$(field "${R[$name$round,$route]}" rps) ${R[$name$round,$route]}"
    done | sort -n | awk -v m=$(( (ROUNDS + 1) / 2 )) 'NR == m' | cut -d' ' -f2-)
    R[$name,$route]=$best
  done
  R[$name,rss]=0
  for round in $(seq 1 "$ROUNDS"); do
    [ "${R[$name$round,rss]}" -gt "${R[$name,rss]}" ] && R[$name,rss]=${R[$name$round,rss]}
  done
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f×", a / b }'; }
ms() { awk -v u="$1" 'BEGIN { printf "%.2f ms", u / 1000 }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f MiB", k / 1024 }'; }
{
  echo "| route | server | req/s | p50 | p99 | peak RSS | ours / this |"
  echo "| --- | --- | --- | --- | --- | --- | --- |"
  for route in token webhook; do
    ours_rps=$(field "${R[ours,$route]}" rps)
    for name in ours peer seed; do
      line=${R[$name,$route]}
      case $name in
        ours) label="livekit-auth-server" ;;
        peer) label="livekit-api (Rust) peer" ;;
        seed) label="Flask seed (gunicorn)" ;;
      esac
      rps=$(field "$line" rps)
      echo "| /$route | $label | $rps | $(ms "$(field "$line" p50_us)") | $(ms "$(field "$line" p99_us)") | $(mib "${R[$name,rss]}") | $(ratio "$ours_rps" "$rps") |"
    done
  done
} > "$work/table.md"

# Soak: ours under webhook load, RSS sampled every 10 s.
SERVER_PORT=6183 taskset -c 0 "$ours_bin" --host 127.0.0.1 >/dev/null 2>&1 &
soak_pid=$!
wait_port 6183
auth=$("$ours_bin" sign-webhook --api-key "$KEY" --api-secret "$SECRET" "$work/webhook.json")
samples=()
for _ in $(seq 1 $(( SOAK_SECONDS / 10 ))); do
  run_wrk 6183 /webhook "$work/webhook.json" application/webhook+json "$auth" 10 > "$work/soak.txt"
  samples+=("$(awk -v k="$(rss VmRSS "$soak_pid")" 'BEGIN { printf "%.1f", k / 1024 }')")
done
soak_requests=$(field "$(cat "$work/soak.txt")" requests)
fds=$(ls "/proc/$soak_pid/fd" | wc -l)
kill "$soak_pid"; wait "$soak_pid" 2>/dev/null || true

{
  echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(free -g | awk '/Mem:/ {print $2}') GiB; $(date -u +%Y-%m-%d)."
  echo "Command: \`DURATION=$DURATION CONNECTIONS=$CONNECTIONS ROUNDS=$ROUNDS bench/load.sh\` — each server one worker on CPU 0, wrk -t1 -c$CONNECTIONS on CPU 1, ${DURATION} s per route after a 2 s warm-up, median of $ROUNDS alternating rounds for the two Rust servers; /webhook posts a signed $(wc -c < "$work/webhook.json")-byte participant_joined."
  echo
  cat "$work/table.md"
  echo
  echo "Memory over a ${SOAK_SECONDS} s webhook soak of livekit-auth-server (RSS every 10 s, MiB): ${samples[*]}; open file descriptors at the end: $fds."
} > bench/RESULTS.md
cat bench/RESULTS.md

if [ "${1:-}" = "--readme" ]; then
  python3 bench/splice_readme.py load bench/RESULTS.md
fi
