# Portico's container image (README: "Container"). Docker: `docker build -t portico .`;
# Podman/Buildah: `podman build --format docker -t portico .` (the OCI format drops HEALTHCHECK).
#
# BASE is any Debian-like image: the official Node 24 slim image by default; CI builds on a bare
# Debian bookworm made with debootstrap (.ci/container-check.sh), which has no Node 24 of its own.
ARG BASE=docker.io/library/node:24-slim

# ---- build: dependencies, the console (vite), then the dev dependencies pruned ----
FROM ${BASE} AS build
WORKDIR /build
# A base without npm (plain Debian) gets Debian's, only to fetch what the build runs on (below).
RUN if ! command -v npm >/dev/null 2>&1; then \
      apt-get update \
      && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nodejs npm ca-certificates \
      && rm -rf /var/lib/apt/lists/*; \
    fi
COPY package.json package-lock.json ./
# Behind a TLS-inspecting proxy, pass its CA bundle as a build secret (never kept in the image):
#   --secret id=extra_ca,src=/etc/ssl/certs/ca-certificates.crt
# When the base's Node does not meet package.json's engines (Debian's is 18), Node 24 (the lockfile's
# node@24) and npm 11 come from the npm registry into /opt/bootstrap: the build runs on them, and the
# runtime stage gets the node@24 binary that `npm ci` installs (the devDependency). The official image's
# own Node and npm are used as they are.
RUN --mount=type=secret,id=extra_ca \
    if [ -s /run/secrets/extra_ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/extra_ca; fi \
    && if node -e "const [a, b] = process.versions.node.split('.').map(Number); \
           const [, x, y] = /(\d+)\.(\d+)/.exec(require('./package.json').engines.node).map(Number); \
           process.exit(a > x || (a === x && b >= y) ? 0 : 1)"; then \
         echo "Building and running on the base's Node $(node --version)"; \
       else \
         npm install --prefix /opt/bootstrap --no-save --no-audit --no-fund --loglevel=error \
           "node@$(node -p "require('./package-lock.json').packages['node_modules/node'].version")" npm@11; \
       fi
ENV PATH=/opt/bootstrap/node_modules/.bin:$PATH
RUN --mount=type=secret,id=extra_ca \
    if [ -s /run/secrets/extra_ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/extra_ca; fi \
    && npm ci --no-audit --no-fund
COPY . .
RUN npm run build:web
# Set the node@24 binary aside for the runtime when the base's Node was not enough, then drop the dev dependencies.
RUN mkdir -p /opt/portico-node \
    && if [ -d /opt/bootstrap ]; then cp node_modules/node/bin/node /opt/portico-node/node; fi \
    && npm prune --omit=dev --no-audit --no-fund

# ---- runtime: production dependencies, the server's sources and the built console ----
FROM ${BASE}
RUN groupadd --system --gid 10001 portico \
    && useradd --system --uid 10001 --gid portico --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin portico \
    && mkdir -p /data && chown portico:portico /data && chmod 0700 /data
COPY --from=build /opt/portico-node/ /usr/local/bin/
WORKDIR /app
COPY --from=build /build/package.json /build/package-lock.json ./
COPY --from=build /build/node_modules ./node_modules
COPY --from=build /build/src ./src
COPY --from=build /build/sim ./sim
COPY --from=build /build/web/dist ./web/dist

# The same PORTICO_* variables as `npm start` (README: "Configuration"); `-e` overrides any of them,
# and every other one (PORTICO_DATABASE_URL, PORTICO_MASTER_KEY, PORTICO_WORKERS, …) passes through.
# Demo mode is loopback-only, so it is off here: on its own the image runs on SQLite in /data.
ENV NODE_ENV=production \
    PORTICO_HOST=0.0.0.0 \
    PORTICO_PORT=3000 \
    PORTICO_DATA_DIR=/data \
    PORTICO_DEMO=false
VOLUME /data
EXPOSE 3000
USER portico:portico
# SIGTERM drains: /readyz answers 503, in-flight requests finish (PORTICO_SHUTDOWN_TIMEOUT_MS, 30 s), exit 0.
STOPSIGNAL SIGTERM
# Liveness through Node's fetch (slim images have no curl).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "const h = process.env.PORTICO_HOST; const host = !h || h === '0.0.0.0' || h === '::' ? '127.0.0.1' : h.includes(':') ? '[' + h + ']' : h; fetch('http://' + host + ':' + (process.env.PORTICO_PORT || 3000) + '/healthz', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "src/main.ts"]
