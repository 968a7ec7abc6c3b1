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
for target in webhook_receive token_verify event_json token_request; do
  echo "=== $target (${seconds}s)"
  cargo fuzz run "$target" "corpus/$target" -- -max_total_time="$seconds" -rss_limit_mb=2048 2>&1 |
    grep -E '^(#[0-9]+ +DONE|Done [0-9]+ runs|==[0-9]+==|SUMMARY|thread .* panicked)' || true
done
