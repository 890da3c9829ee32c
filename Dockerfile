# syntax=docker/dockerfile:1
# The aegis-authz image the Helm chart deploys (image.repository aegis/authz). Documentation
# of how to build it: no image is built or published from this repository's CI, and this
# file has not been built here (no container runtime on the development machines).
#   docker build -t REGISTRY/aegis/authz:0.1.0 .
# The chart runs it as uid 10001 with a read-only root filesystem and an emptyDir at /tmp;
# its preStop hook runs `sleep`, which this base image has.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts, then the one native dependency built on purpose: re2 (the linear-time
# regex engine for tenant patterns) downloads its prebuilt binding, or compiles it when the
# download is not possible (that needs python3, make and g++ in this stage).
RUN npm ci --no-audit --no-fund --ignore-scripts && npm rebuild re2
COPY tsconfig.json ./
COPY ext-authz/src ext-authz/src
RUN npx tsc -p tsconfig.json && npm prune --omit=dev --ignore-scripts

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist/ext-authz ./dist/ext-authz
# Loaded at run time by @grpc/proto-loader, found next to package.json.
COPY protos ./protos
USER 10001:10001
# gRPC ext_authz (AEGIS_GRPC_PORT) and admin HTTP (PORT): health and metrics.
EXPOSE 9191 8081
ENTRYPOINT ["node", "dist/ext-authz/src/main.js"]
