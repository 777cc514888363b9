# Kontor connector image. Build: docker build -t kontor .
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/data-sets ./data-sets
COPY package.json ./
USER node
EXPOSE 8181 8282
ENTRYPOINT ["node", "dist/connector/cli/kontor.js"]
CMD ["start"]
