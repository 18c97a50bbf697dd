#!/bin/sh
# The whole suite on a supported Node.js LTS: type-check (sources and tests), formatting, lint,
# then every test file with Node's test runner.
set -eu
cd "$(dirname "$0")/.."
sh deploy/ensure-deps.sh tests
. deploy/use-node.sh
sh deploy/ensure-test-redis.sh
echo "testing on Node.js $(node --version)" >&2
npx tsc --noEmit -p .
npx prettier --check . >/dev/null || { echo "formatting differs: run npm run format" >&2; exit 1; }
npx eslint . --max-warnings=0
# The fault suite (test/faults) appends its figures here; they are printed once every test has run.
GPUBOT_FAULT_FIGURES="$(mktemp)"
export GPUBOT_FAULT_FIGURES
status=0
# shellcheck disable=SC2046
node --import tsx --test --test-concurrency=2 --test-timeout=180000 $(find test -name '*.test.ts' | sort) "$@" || status=$?
node --import tsx test/faults/support/print-figures.ts "$GPUBOT_FAULT_FIGURES" || true
rm -f "$GPUBOT_FAULT_FIGURES"
exit "$status"
