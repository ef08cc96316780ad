# The thetis image: `docker build -t thetis .`; every service runs `thetis <command>` from it
# (docker-compose.yml). TypeScript runs through tsx (a runtime dependency): no build step.

# --- dependencies (a compiler toolchain in case better-sqlite3 has no prebuilt binary) ---
FROM node:20-bookworm-slim AS deps
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# patches/: fixes to dependencies, applied by npm ci's postinstall (patch-package; see patches/README.md)
COPY patches ./patches
RUN npm ci --omit=dev && npm cache clean --force

# --- runtime: no toolchain, no npm cache, not root ---
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    THETIS_HEALTH_PORT=9464
WORKDIR /app
COPY --from=deps --chown=node:node /app/node_modules ./node_modules
COPY --chown=node:node package.json package-lock.json tsconfig.json ./
COPY --chown=node:node bin ./bin
COPY --chown=node:node src ./src
# out/: the sample market, reports and the embedded SQLite database are written here.
RUN mkdir -p /app/out && chown node:node /app/out
USER node
EXPOSE 9464
# Alive while the event loop runs (node 20 has fetch; the slim image has no curl or wget).
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.THETIS_HEALTH_PORT||9464)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Node flags: src/app/node-flags.ts (SERVICE_NODE_FLAGS: a larger young generation, fewer GC pauses in the order path).
ENTRYPOINT ["node", "--max-semi-space-size=64", "bin/thetis.js"]
CMD ["--help"]
