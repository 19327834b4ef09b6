# Lantern's container image: the compiled server (dist/), the built web UI (web/dist/) and production dependencies
# only, run as an unprivileged user. Build: docker build -t lantern .   Run: see compose.yaml and the README's
# "Running in production".

# ---- build: install everything, compile, then drop the development dependencies
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# ---- runtime
FROM node:20-bookworm-slim
# Chromium renders the PDF reports (LANTERN_CHROMIUM names another binary); build with --build-arg CHROMIUM=0 for an
# image without it (the HTML reports work without; a PDF is then refused with a message saying so)
ARG CHROMIUM=1
RUN if [ "$CHROMIUM" = "1" ]; then \
      apt-get update && apt-get install -y --no-install-recommends chromium fonts-liberation \
      && rm -rf /var/lib/apt/lists/*; \
    fi
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    LANTERN_DATA_DIR=/data/db \
    LANTERN_SAMPLE_DATA=/sample
WORKDIR /app
COPY --from=build --chown=root:root /app/package.json /app/package-lock.json ./
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/bin ./bin
COPY --from=build --chown=root:root /app/dist ./dist
COPY --from=build --chown=root:root /app/web/dist ./web/dist
COPY --from=build --chown=root:root /app/drizzle ./drizzle
# the embedded database (when DATABASE_URL is not set), the NHS-number key and document files live under /data
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 3000
# ready: the database answers and every migration is applied (GET /api/health/ready)
HEALTHCHECK --interval=30s --timeout=5s --start-period=300s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/api/health/ready`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM stops it gracefully (LANTERN_SHUTDOWN_TIMEOUT_SECONDS, default 10 s: give docker stop a longer -t)
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "bin/lantern.js"]
CMD ["serve", "--no-sample"]
