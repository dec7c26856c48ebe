# Convergences — the identity provider's production image.
# Its steps are the commands .ci/run runs from a clean clone (it reads the `RUN pnpm install` and `CMD`
# lines below and runs them), so what this file does is tested without a Docker daemon.
#   docker build -t convergences .        docker compose up -d (docker-compose.yml)

# --- build: every dependency from the lockfile, then the server, the console and the runtime tree ---
FROM node:22-bookworm-slim AS build
RUN npm install -g pnpm@12.21.0
WORKDIR /src
COPY . .
RUN pnpm install --frozen-lockfile && pnpm build && pnpm run assemble /app

# --- run: only what runs (built JavaScript, production dependencies, migrations, the console) ---
FROM node:22-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data
COPY --from=build /app /app
# Owned by root, read-only for the server; its only writable place is DATA_DIR (mounted as a volume).
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
WORKDIR /app
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/readyz').then((r) => process.exit(r.status === 200 ? 0 : 1), () => process.exit(1))"]
# Memory option measured in BENCHMARKS.md (scripts/node-options.mjs: the same for pnpm start).
CMD ["node", "--max-semi-space-size=4", "apps/idp/dist/main.js"]
