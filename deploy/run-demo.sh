#!/bin/sh
# The console demo on a supported Node.js LTS: built-in emulator, private Redis, no credentials.
set -eu
cd "$(dirname "$0")/.."
sh deploy/ensure-deps.sh
. deploy/use-node.sh
exec node --import tsx src/main.ts "$@"
