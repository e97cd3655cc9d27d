# kactor controller image: compiled JavaScript, production dependencies only, non-root.
# Build: docker build -t kactor:0.1.0 .   Run: see deploy/ (the entrypoint is `kactor run`).
FROM node:22-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:22-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /src/package.json ./package.json
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY bin ./bin
COPY deploy/crds ./deploy/crds
USER 65532:65532
EXPOSE 8080 8081
ENTRYPOINT ["node", "/app/bin/kactor.js", "run"]
