# syntax=docker/dockerfile:1
# One image for every Basil process: ring nodes run `basil node`, the operator `basil operator`.
# Build: docker build -t basil:0.1.0 .
ARG NODE_IMAGE=node:22-bookworm-slim

# --- dependencies, with native TensorFlow ------------------------------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
# tfjs-node fetches a prebuilt binding and libtensorflow; the toolchain is its fallback when no
# prebuilt binding matches this Node ABI.
RUN apt-get update \
  && apt-get install -y --no-install-recommends ca-certificates python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# Install scripts stay off for every package except the two that need theirs: tfjs-node (native
# TensorFlow, so pods train at native speed) and esbuild (the TypeScript loader's compiler).
RUN npm ci --omit=dev --ignore-scripts \
  && npm rebuild esbuild @tensorflow/tfjs-node \
  && node -e "require('@tensorflow/tfjs-node')" \
  && npm cache clean --force

# --- runtime ------------------------------------------------------------------------------------
FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    HOME=/tmp
WORKDIR /app
# Everything is owned by root and read-only to the process, which runs as an unprivileged user.
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY bin/ ./bin/
COPY proto/ ./proto/
COPY services/ ./services/
USER 10001:10001
# gRPC (ring nodes), metrics (ring nodes), HTTP (operator: /metrics, /healthz, /readyz).
EXPOSE 50051 9464 8080
# Node runs as PID 1 here, where an unhandled SIGTERM is ignored: the services stop on SIGTERM
# through their own handlers.
ENTRYPOINT ["node", "bin/basil.mjs"]
CMD ["node"]
