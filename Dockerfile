# syntax=docker/dockerfile:1
# jwks-monitor: build stage compiles TypeScript and the better-sqlite3 addon; the runtime stage holds only the
# production dependencies, the compiled code and the migrations, and runs as the unprivileged `node` user.

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
# better-sqlite3 downloads a prebuilt addon when one matches; otherwise node-gyp compiles it with these.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# Dependencies first, so a source change does not reinstall them. Scripts are skipped here because `prepare`
# compiles src/, which is not copied yet; the one native addon is built explicitly.
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund \
  && npm rebuild better-sqlite3
# The rest of the context (.dockerignore keeps node_modules, dist and databases out of it).
COPY . .
# The dev dependencies (typescript, @types/node) are needed for the build, then dropped.
RUN npm run build \
  && npm prune --omit=dev --no-audit --no-fund
# What `files` in package.json ships; dashboard/ is optional (COPY would fail on a missing path, cp can test).
RUN mkdir -p /out \
  && cp -R package.json bin dist migrations node_modules /out/ \
  && if [ -d dashboard ]; then cp -R dashboard /out/; fi

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    DATABASE_PATH=/data/jwks-monitor.db \
    HOST=0.0.0.0 \
    PORT=8080
WORKDIR /app
# Code stays owned by root (read-only to the service); only /data is writable by `node` (uid 1000).
COPY --from=build /out ./
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 8080
# HOST=0.0.0.0 is not loopback: the service refuses to start without API_TOKEN (at least 16 characters).
# No curl in the slim image: node's built-in fetch asks /readyz (database open, migrations current, scheduler ticking).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/readyz',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.status===200?0:1),()=>process.exit(1))"]
# node is PID 1 and handles SIGTERM itself (graceful shutdown); SIGHUP reloads PROVIDERS_FILE.
# The flags are npm start's (test/deploy.test.ts holds them equal); README Troubleshooting says why the heap limit.
CMD ["node", "--max-old-space-size=1024", "bin/jwks-monitor.js", "serve"]
