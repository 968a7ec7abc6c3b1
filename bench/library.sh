#!/usr/bin/env bash
# Library speed against the official livekit-api crate, same inputs, one run:
# runs `cargo bench -p livekit-auth --bench ratio` (alternating batches, median ratio), writes
# bench/LIBRARY.md; `bench/library.sh --readme` also puts it into README.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
. bench/lib.sh
table=$(cargo bench --quiet -p livekit-auth --bench ratio 2>/dev/null | grep '^|')
{
  echo "Machine: $(machine); $(date -u +%Y-%m-%d). Command: \`bench/library.sh\` (\`cargo bench -p livekit-auth --bench ratio\`; criterion curves: \`cargo bench -p livekit-auth --bench compare\`)."
  echo
  echo "$table"
} > bench/LIBRARY.md
publish library bench/LIBRARY.md "${1:-}"
