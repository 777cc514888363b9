# Kontor image: one image for the authority, the connectors and `kontor dataspace bootstrap`.
# Build: docker build -t kontor:local .   (docker-compose.yml builds it once, as kontor:local)
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
# The data folder: keys, the SQLite store when no PostgreSQL is configured, training artifacts. Created here and
# owned by the unprivileged user, so that a named volume mounted on it starts with that owner (Docker copies it).
# KONTOR_STORE_PATH is not set: given with KONTOR_STORE_KIND=postgres it is refused (a SQLite-only setting), so the
# default ./data/kontor.db is used instead, ./data (/app/data) being a link to the data folder.
ENV NODE_ENV=production \
    KONTOR_KEY_FILE=/var/lib/kontor/keys.json \
    KONTOR_TRAINING_ARTIFACT_DIR=/var/lib/kontor/artifacts
RUN mkdir -p /var/lib/kontor && chown node:node /var/lib/kontor && chmod 0700 /var/lib/kontor
RUN ln -s /var/lib/kontor /app/data
# The development CA's folder (`kontor dev-ca` in docker-compose.yml), a named volume shared read-only by the services.
RUN mkdir -p /var/lib/kontor-tls && chown node:node /var/lib/kontor-tls && chmod 0700 /var/lib/kontor-tls
# Application files stay owned by root: the process can read them, not change them.
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/data-sets ./data-sets
COPY --from=build /app/examples/compose ./examples/compose
COPY package.json ./
USER node:node
EXPOSE 8181 8282
ENTRYPOINT ["node", "dist/connector/cli/kontor.js"]
CMD ["start"]
