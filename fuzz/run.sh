#!/usr/bin/env bash
# Seeds the corpora from the test fixtures and runs every fuzz target for SECONDS (default 60).
# Needs cargo-fuzz (`cargo install cargo-fuzz`); libFuzzer's instrumentation needs nightly
# features, enabled on the stable toolchain with RUSTC_BOOTSTRAP=1.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
seconds=${1:-60}
export RUSTC_BOOTSTRAP=1
command -v cargo-fuzz >/dev/null || cargo install --quiet --locked cargo-fuzz

python3 "$here/seed_corpus.py" "$root" "$here/corpus"
cd "$here"
status=0
for target in webhook_receive token_verify event_json token_request; do
  echo "=== $target (${seconds}s)"
  log=$(mktemp)
  if cargo fuzz run "$target" "corpus/$target" -- -max_total_time="$seconds" -rss_limit_mb=2048 >"$log" 2>&1; then
    grep -E '^Done [0-9]+ runs' "$log" || tail -n 3 "$log"
  else
    # A crash: show libFuzzer's report and the reproducer path, fail the run.
    grep -E '^(==[0-9]+==|SUMMARY|thread .* panicked|artifact_prefix|Test unit written)' "$log" || tail -n 40 "$log"
    status=1
  fi
  rm -f "$log"
done
exit $status
