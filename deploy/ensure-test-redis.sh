#!/bin/sh
# The test suite uses the Redis at GPUBOT_TEST_REDIS_URL (default 127.0.0.1:6379, database 15).
# When nothing answers there, start a throw-away redis-server on that port that keeps nothing on disk.
set -eu
port="${GPUBOT_TEST_REDIS_PORT:-6379}"
if redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG; then
  exit 0
fi
echo "no Redis answers on 127.0.0.1:$port; starting one for the tests" >&2
redis-server --daemonize yes --bind 127.0.0.1 --port "$port" --save "" --appendonly no \
  --dir "${TMPDIR:-/tmp}" --logfile "${TMPDIR:-/tmp}/gpubot-test-redis.log"
for _ in $(seq 1 50); do
  redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG && exit 0
  sleep 0.1
done
echo "redis-server did not start; see ${TMPDIR:-/tmp}/gpubot-test-redis.log" >&2
exit 1
