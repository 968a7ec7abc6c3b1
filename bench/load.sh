#!/usr/bin/env bash
# Server load comparison, one run, same machine, same load generator:
#   ours  = livekit-auth-server (release)
#   peer  = the same two routes on the official livekit-api crate (bench/peer-server)
#   seed  = OpenVidu's Flask tutorial server with the official Python SDK, under gunicorn
# Each server gets one worker pinned to CPU 0; wrk (1 thread, CONNECTIONS connections) runs on
# CPU 1 and drives POST /token, then POST /webhook (a signed ~0.9 KB participant_joined).
# ours and peer run ROUNDS times back to back, in alternating order; the table shows the median
# req/s of each, and ours/peer is the median of the per-round ratios, which cancels most of the
# drift of a shared machine. The seed runs once. Prints a Markdown table (req/s, p50/p99 latency,
# the server's CPU time per request split into user and kernel time, peak RSS, ratios) and writes
# it to bench/RESULTS.md; `bench/load.sh --readme` also puts it into
# README.md.
#
# Then, for ours only: RSS sampled over a longer webhook run (SOAK_SECONDS), to show memory
# stays flat. Installs what it needs (wrk from Debian, the seed's Python packages).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
. bench/lib.sh
DURATION=${DURATION:-5}
CONNECTIONS=${CONNECTIONS:-32}
SOAK_SECONDS=${SOAK_SECONDS:-60}
ROUNDS=${ROUNDS:-7}

apt_need wrk wrk
apt_need taskset util-linux
venv=.interop/bench-venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check -r bench/seed/requirements.txt
build_servers

setup_work

# family PID: the process and its children (gunicorn has a master and a worker), whose memory and
# CPU time are added up below.
family() { echo "$1" $(pgrep -P "$1" || true); }

# rss FIELD PID: VmHWM (peak) or VmRSS (now) in KiB of a process and its children.
rss() {
  local total=0 pid
  for pid in $(family "$2"); do
    total=$(( total + $(awk -v f="$1:" '$1 == f {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0) ))
  done
  echo "$total"
}

run_wrk() { drive "$1" "$2" "$work" "$3" "$CONNECTIONS" taskset -c 1; }

# cpu_ticks PID: "user system" CPU time, in clock ticks, of a process and its children.
cpu_ticks() {
  local user=0 system=0 pid t
  for pid in $(family "$1"); do
    read -r -a t <<< "$(awk '{print $14, $15}' "/proc/$pid/stat" 2>/dev/null || echo 0 0)"
    user=$(( user + t[0] )) system=$(( system + t[1] ))
  done
  echo "$user $system"
}

# cpu_per_request BEFORE AFTER REQUESTS: the server's user and kernel CPU µs per request.
cpu_per_request() {
  awk -v b="$1" -v a="$2" -v n="$3" -v hz="$(getconf CLK_TCK)" 'BEGIN {
    split(b, x, " "); split(a, y, " ")
    printf "user_us=%.2f sys_us=%.2f", (y[1] - x[1]) * 1e6 / hz / n, (y[2] - x[2]) * 1e6 / hz / n
  }'
}

declare -A R
bench_server() { # name port command...
  local name=$1 port=$2; shift 2
  SERVER_PORT=$port taskset -c 0 "$@" >/dev/null 2>&1 &
  local pid=$!
  wait_port "$port"
  for route in token webhook; do
    run_wrk "$port" "$route" 2 >/dev/null # warm-up
    local before line
    before=$(cpu_ticks "$pid")
    line=$(run_wrk "$port" "$route" "$DURATION")
    R[$name,$route]="$line $(cpu_per_request "$before" "$(cpu_ticks "$pid")" "$(field "$line" requests)")"
    if [ "$(field "$line" non2xx)" != 0 ] || [ "$(field "$line" socket_errors)" != 0 ]; then
      echo "$name $route: errors: $line" >&2
    fi
  done
  R[$name,rss]=$(rss VmHWM "$pid")
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

echo "benchmarking ours and peer ($ROUNDS rounds), then seed (${DURATION}s per route, $CONNECTIONS connections)..." >&2
for round in $(seq 1 "$ROUNDS"); do
  if [ $(( round % 2 )) = 1 ]; then
    bench_server "ours$round" 6180 "$ours_bin" --host 127.0.0.1
    bench_server "peer$round" 6181 "$peer_bin"
  else
    bench_server "peer$round" 6181 "$peer_bin"
    bench_server "ours$round" 6180 "$ours_bin" --host 127.0.0.1
  fi
done
bench_server seed 6182 "$venv/bin/gunicorn" --chdir bench/seed -w 1 -b 127.0.0.1:6182 app:app

# Per route: the median round of each server (by req/s), and the median of the per-round
# ours/peer ratios. Peak RSS is the highest of all rounds.
declare -A PAIR
for route in token webhook; do
  for name in ours peer; do
    best=$(for round in $(seq 1 "$ROUNDS"); do
      echo "$(field "${R[$name$round,$route]}" rps) ${R[$name$round,$route]}"
    done | sort -g | awk -v m=$(( (ROUNDS + 1) / 2 )) 'NR == m' | cut -d' ' -f2-)
    R[$name,$route]=$best
  done
  PAIR[$route]=$(for round in $(seq 1 "$ROUNDS"); do
    awk -v a="$(field "${R[ours$round,$route]}" rps)" -v b="$(field "${R[peer$round,$route]}" rps)" \
      'BEGIN { print a / b }'
  done | median)
  PAIR[$route,range]=$(for round in $(seq 1 "$ROUNDS"); do
    awk -v a="$(field "${R[ours$round,$route]}" rps)" -v b="$(field "${R[peer$round,$route]}" rps)" \
      'BEGIN { printf "%.2f\n", a / b }'
  done | sort -g | awk 'NR == 1 {low = $1} {high = $1} END {print low "–" high}')
done
for name in ours peer; do
  R[$name,rss]=0
  for round in $(seq 1 "$ROUNDS"); do
    [ "${R[$name$round,rss]}" -gt "${R[$name,rss]}" ] && R[$name,rss]=${R[$name$round,rss]}
  done
done

ms() { awk -v u="$1" 'BEGIN { printf "%.2f ms", u / 1000 }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f MiB", k / 1024 }'; }
{
  echo "| route | server | req/s | p50 | p99 | server CPU per request (user + kernel) | peak RSS | ours / this |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
  for route in token webhook; do
    ours_rps=$(field "${R[ours,$route]}" rps)
    for name in ours peer seed; do
      line=${R[$name,$route]}
      case $name in
        ours) label="livekit-auth-server"; vs="1.00×" ;;
        peer) label="livekit-api (Rust) peer"
              vs="$(awk -v r="${PAIR[$route]}" 'BEGIN { printf "%.2f×", r }') (rounds ${PAIR[$route,range]})" ;;
        seed) label="Flask seed (gunicorn)"; vs=$(ratio "$ours_rps" "$(field "$line" rps)") ;;
      esac
      echo "| /$route | $label | $(field "$line" rps) | $(ms "$(field "$line" p50_us)") | $(ms "$(field "$line" p99_us)") | $(field "$line" user_us) + $(field "$line" sys_us) µs | $(mib "${R[$name,rss]}") | $vs |"
    done
  done
} > "$work/table.md"

# Soak: ours under webhook load, RSS sampled every 10 s.
SERVER_PORT=6183 taskset -c 0 "$ours_bin" --host 127.0.0.1 >/dev/null 2>&1 &
soak_pid=$!
wait_port 6183
samples=()
for _ in $(seq 1 $(( SOAK_SECONDS / 10 ))); do
  run_wrk 6183 webhook 10 > "$work/soak.txt"
  samples+=("$(awk -v k="$(rss VmRSS "$soak_pid")" 'BEGIN { printf "%.1f", k / 1024 }')")
done
fds=$(ls "/proc/$soak_pid/fd" | wc -l)
kill "$soak_pid"; wait "$soak_pid" 2>/dev/null || true

{
  echo "Machine: $(machine), $(free -g | awk '/Mem:/ {print $2}') GiB; $(date -u +%Y-%m-%d)."
  echo "Command: \`DURATION=$DURATION CONNECTIONS=$CONNECTIONS ROUNDS=$ROUNDS bench/load.sh\` — each server one worker on CPU 0, wrk -t1 -c$CONNECTIONS on CPU 1, ${DURATION} s per route after a 2 s warm-up; the two Rust servers run $ROUNDS rounds back to back in alternating order: req/s is each one's median round, ours/peer the median of the per-round ratios (lowest–highest in brackets); /webhook posts a signed $(wc -c < "$work/webhook.json")-byte participant_joined."
  echo
  cat "$work/table.md"
  echo
  echo "Memory over a ${SOAK_SECONDS} s webhook soak of livekit-auth-server (RSS every 10 s, MiB): ${samples[*]}; open file descriptors at the end: $fds."
} > bench/RESULTS.md
publish load bench/RESULTS.md "${1:-}"
