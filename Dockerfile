# The bot's image: a build stage compiles src/ with the dev dependencies, the runtime stage holds only the production
# dependencies, dist/ and cards/, runs as the unprivileged `node` user, and keeps its embedded database in /data.
# test/container-recipe.test.ts performs these steps without a container engine; keep the two in step.
ARG NODE_VERSION=24.22.3

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:${NODE_VERSION}-bookworm-slim
# Non-secret defaults only: secrets (app password, client secret, tokens) come from the platform at run time.
ENV NODE_ENV=production PORT=3978 DATA_DIR=/data
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY cards ./cards
# `docker exec <container> backup-center cli …`: the package's command on PATH.
RUN ln -s /app/dist/bin.js /usr/local/bin/backup-center && mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 3978
# Liveness through node itself: slim images have no curl. /readyz (the store answers) is for the platform's probe.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 CMD ["node", "dist/bin.js", "health"]
# Exec form: node is PID 1 and gets SIGTERM itself, and drains before it exits.
CMD ["node", "dist/main.js"]
