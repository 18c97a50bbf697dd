#!/bin/sh
# Makes a fresh clone runnable: installs the locked npm dependencies and, when missing,
# Debian's redis-server (the demo starts a private one; tests start one if none answers).
# With the argument `tests`, also kubectl (Debian's kubernetes-client), which the tests use to
# render the Kubernetes manifests.
set -eu
cd "$(dirname "$0")/.."

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

# ensure_command <command> <Debian package> <what to do otherwise>
ensure_command() {
  command -v "$1" >/dev/null 2>&1 && return 0
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "installing $2 from Debian's packages..." >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
  elif command -v apt-get >/dev/null 2>&1 && command -v sudo >/dev/null 2>&1; then
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
  else
    echo "$3" >&2
    exit 1
  fi
}

ensure_command redis-server redis-server \
  "gpubot needs redis-server: install it (Debian/Ubuntu: apt-get install redis-server, macOS: brew install redis) or set REDIS_URL"

if [ "${1:-}" = tests ]; then
  ensure_command kubectl kubernetes-client \
    "the tests render deploy/kubernetes with kubectl: install it (Debian/Ubuntu: apt-get install kubernetes-client)"
fi
