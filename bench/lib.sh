# Shared by the bench scripts (sourced, not run): the two Rust servers, the request bodies, and
# small helpers. Expects the repository root as the current directory.

KEY=APIloadbench
SECRET=load-bench-secret-that-is-long-enough-0123
export LIVEKIT_API_KEY=$KEY LIVEKIT_API_SECRET=$SECRET SERVER_WORKERS=1 RUST_LOG=info

ours_bin=target/release/livekit-auth-server
peer_bin=target/peer/release/livekit-api-peer-server

# apt_need COMMAND PACKAGE: installs PACKAGE from Debian if COMMAND is missing.
apt_need() {
  command -v "$1" >/dev/null || { apt-get update -qq && apt-get install -y -qq "$2"; }
}

build_servers() {
  echo "building servers..." >&2
  cargo build --release --quiet -p livekit-auth-server
  CARGO_TARGET_DIR="$PWD/target/peer" cargo build --release --quiet \
    --manifest-path bench/peer-server/Cargo.toml
}

# setup_work: a scratch directory $work holding the request bodies; on exit it is removed and
# background jobs (servers) are stopped.
setup_work() {
  work=$(mktemp -d)
  trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
  make_bodies "$work"
}

# make_bodies DIR: DIR/token.json (the seed's request) and DIR/webhook.json (the compact
# participant_joined of the interop run, ~0.9 KB).
make_bodies() {
  printf '{"roomName":"load-room","participantName":"load-user"}' > "$1/token.json"
  python3 - "$1/webhook.json" <<'PY'
import json, sys
doc = json.load(open("interop/event.json"))["participant_joined"]
open(sys.argv[1], "w").write(json.dumps(doc, separators=(",", ":"), ensure_ascii=False))
PY
}

# webhook_auth FILE: the Authorization header LiveKit would send with FILE.
webhook_auth() {
  "$ours_bin" sign-webhook --api-key "$KEY" --api-secret "$SECRET" "$1"
}

wait_port() {
  for _ in $(seq 1 400); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.05
  done
  echo "port $1 did not open" >&2
  return 1
}

# drive PORT ROUTE DIR SECONDS CONNECTIONS [wrk prefix...]: POSTs the route's body for SECONDS
# and prints wrk's RESULT line (bench/wrk/post.lua).
drive() {
  local port=$1 route=$2 dir=$3 seconds=$4 connections=$5
  shift 5
  local body type auth=""
  if [ "$route" = token ]; then
    body=$dir/token.json type=application/json
  else
    body=$dir/webhook.json type=application/webhook+json auth=$(webhook_auth "$dir/webhook.json")
  fi
  BODY_FILE=$body CONTENT_TYPE=$type AUTH=$auth "$@" wrk -t1 -c"$connections" -d"${seconds}s" \
    -s bench/wrk/post.lua "http://127.0.0.1:$port/$route" | grep '^RESULT'
}

# field LINE KEY: the value of KEY=value in a RESULT line.
field() { echo "$1" | tr ' ' '\n' | awk -F= -v k="$2" '$1 == k {print $2}'; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f×", a / b }'; }

# median: the middle of the numbers on stdin.
median() { sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

# machine: this machine's core count and CPU model, for the results' header line.
machine() {
  echo "$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'))"
}

# publish NAME FILE [--readme]: prints FILE; with --readme also puts it into README.md between
# the NAME markers.
publish() {
  cat "$2"
  if [ "${3:-}" = "--readme" ]; then
    python3 bench/splice_readme.py "$1" "$2"
  fi
}
