# syntax=docker/dockerfile:1
# Lead vs Manage: build with `docker build -t lead-vs-manage .`, run with
#   docker run --env-file .env -p 3000:3000 -v lead-vs-manage-data:/data lead-vs-manage
# The store is a JSON file written by rename, so mount a directory (/data), never a single file.

# ---- build: compile TypeScript to dist/ ------------------------------------------------------------------------
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json ./
COPY src ./src
RUN npm run build

# ---- runtime: production dependencies, compiled code, prompts ----------------------------------------------------
FROM node:22-bookworm-slim
ENV NODE_ENV=production
# tini is PID 1: it forwards SIGTERM to node (so the store can flush) and reaps zombies.
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY prompts ./prompts

# The image's unprivileged `node` user (uid 1000) owns the data directory; a named volume inherits that owner.
RUN mkdir -p /data && chown node:node /data
ENV DB_FILE=/data/lead-vs-manage.json
VOLUME /data
USER node

ENV PORT=3000
EXPOSE 3000
# No curl in slim images: node's own fetch probes the app's /healthz.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then(r => process.exit(r.ok ? 0 : 1)).catch(() => process.exit(1))"

ENTRYPOINT ["/usr/bin/tini", "--"]
# node directly, not `npm start`: npm's prestart would rebuild, and a shell in between swallows SIGTERM.
CMD ["node", "dist/app.js"]
