#!/bin/sh
# The benchmark on a supported Node.js LTS (see bench/run-bench.ts for what it measures).
set -eu
cd "$(dirname "$0")/.."
sh deploy/ensure-deps.sh
. deploy/use-node.sh
sh deploy/ensure-test-redis.sh
exec node --import tsx bench/run-bench.ts "$@"
