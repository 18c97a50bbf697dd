# syntax=docker/dockerfile:1
# Build stage: compile TypeScript with the dev dependencies.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# Runtime stage: production dependencies only, non-root.
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    GPUBOT_STATE_DIR=/var/lib/gpubot \
    HOST=0.0.0.0
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force \
 && mkdir -p /var/lib/gpubot && chown node:node /var/lib/gpubot
COPY --from=build /app/dist ./dist
USER node
# Slack HTTP mode listens here (request URL path /slack/events).
EXPOSE 3000
# Set REDIS_URL, the chat platform and Alibaba Cloud credentials (see README).
CMD ["node", "dist/main.js"]
