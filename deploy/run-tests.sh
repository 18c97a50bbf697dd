#!/bin/sh
# The whole suite: type-check (sources and tests), then every test file with Node's test runner.
set -eu
cd "$(dirname "$0")/.."
sh deploy/ensure-deps.sh
sh deploy/ensure-test-redis.sh
npx tsc --noEmit -p .
npx prettier --check . >/dev/null || { echo "formatting differs: run npm run format" >&2; exit 1; }
# shellcheck disable=SC2046
exec node --import tsx --test --test-concurrency=2 --test-timeout=180000 $(find test -name '*.test.ts' | sort) "$@"
