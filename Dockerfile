# Plaza: one image for every role (PLAZA_ROLE=web, worker or all).
# Build: docker build -t plaza .      Run with PostgreSQL: see docker-compose.yml and docs/OPERATING.md.
FROM node:22-bookworm-slim

ENV NODE_ENV=production \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false

WORKDIR /app

# Dependencies first, so that a code change does not reinstall them.  Only runtime dependencies:
# tsx runs the TypeScript sources directly, there is no build step.  The `node` package among them
# downloads its own Node.js 22 binary (used by `npm run …`); the server itself runs on the image's node.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force

# tsconfig.json is needed at run time: tsx reads the JSX settings (hono/jsx) from it.
COPY tsconfig.json ./
COPY migrations ./migrations
COPY src ./src

# The code stays owned by root (read-only for the server); the server writes only to /data:
# the embedded database when DATABASE_URL is unset, and uploaded files later.
RUN mkdir -p /data && chown node:node /data
ENV PLAZA_DATA_DIR=/data \
    HOST=0.0.0.0 \
    PORT=3000
VOLUME ["/data"]

USER node
EXPOSE 3000

# NodeInfo answers only when the server is up and its database reachable.  Slim images have no curl;
# node's fetch does the request.  A worker (PLAZA_ROLE=worker) serves no HTTP: docker-compose.yml
# replaces this check for it.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/nodeinfo/2.1').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# node directly rather than `npm start`: npm does not pass SIGTERM on to the server, so
# `docker stop` would kill it without its orderly shutdown.
CMD ["node", "--import", "tsx", "src/main.ts"]
