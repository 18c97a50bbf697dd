#!/bin/sh
# The benchmark on a supported Node.js LTS (bench/run-bench.ts says what it measures). The worker
# runs from dist/, compiled first, as a deployment runs it.
set -eu
cd "$(dirname "$0")/.."
sh deploy/ensure-deps.sh
. deploy/use-node.sh
sh deploy/ensure-test-redis.sh
npx tsc -p tsconfig.build.json
exec node --import tsx bench/run-bench.ts "$@"
