#!/bin/sh
# Makes a fresh clone runnable: installs the locked npm dependencies and, when missing,
# Debian's redis-server and redis-cli (the demo starts a private server; tests start one if none
# answers, and their own Redis Cluster and Sentinel, which redis-cli sets up).
set -eu
cd "$(dirname "$0")/.."

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

# redis-cli comes in Debian's redis-tools, which redis-server depends on; ask for both anyway.
if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "installing redis-server and redis-cli from Debian's packages..." >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server redis-tools >/dev/null
  elif command -v apt-get >/dev/null 2>&1 && command -v sudo >/dev/null 2>&1; then
    sudo DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server redis-tools >/dev/null
  else
    echo "gpubot needs redis-server and redis-cli: install them (Debian/Ubuntu: apt-get install redis-server redis-tools, macOS: brew install redis) or set REDIS_URL" >&2
    exit 1
  fi
fi
