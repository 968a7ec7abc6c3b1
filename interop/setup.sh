#!/usr/bin/env bash
# Installs the pinned official LiveKit SDKs: Python packages into .interop/venv, Node packages
# into interop/node_modules. Idempotent; used by the fixture scripts and the live interop run.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
venv="$root/.interop/venv"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check -r "$root/interop/requirements.txt"
(cd "$root/interop" && npm install --no-audit --no-fund --silent)
