#!/usr/bin/env bash
# What the root package.json's scripts run first, so `npm start` and `npm test` work from a shell that has only
# the system's Node (Debian's 20) and no pnpm: puts Node 24 and pnpm on PATH (toolchain.sh, installing them once
# per machine), installs the workspace's dependencies when the lockfile says they are missing or stale, then
# hands over to pnpm with the given arguments. Under Node 24 with pnpm already installed it costs a file compare.
set -euo pipefail
cd "$(dirname "$0")/.."

# npm, when it runs this, puts its own Node's bin directory and helpers first; toolchain.sh decides by `node`.
source scripts/toolchain.sh

# pnpm keeps a copy of the lockfile it installed from; when both match, node_modules is what the lockfile says.
if ! cmp -s pnpm-lock.yaml node_modules/.pnpm/lock.yaml; then
  echo "bootstrap: installing dependencies (pnpm install --frozen-lockfile)" >&2
  pnpm install --frozen-lockfile >&2
fi

exec pnpm "$@"
