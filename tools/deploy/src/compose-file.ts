import { inClusterUrl, type DeploymentModel, type DeployedSubgraph } from './deployment-model';
import { generatedHeader } from './generated-header';

const readyTest = (port: number, path: string) =>
  `['CMD', 'node', '-e', "fetch('http://127.0.0.1:${port}${path}').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]`;

const subgraphService = (s: DeployedSubgraph) => `
  ${s.name}:
    <<: *subgraph
    build: { context: .., dockerfile: docker/Dockerfile, args: { APP: ${s.name} } }
    image: hkp/${s.name}
    healthcheck:
      <<: *ready
      test:
        ${readyTest(s.port, '/health/ready')}
`;

/** docker/compose.yaml: PostgreSQL, every subgraph of the manifest and the gateway. */
export function renderComposeFile(model: DeploymentModel): string {
  const { subgraphs, gatewayPort } = model;
  return `${generatedHeader('tools/deploy/src/compose-file.ts')}

# The whole federation in containers: PostgreSQL, every subgraph of the manifest and the gateway.
#   JWT_SECRET=$(openssl rand -hex 32) docker compose -f docker/compose.yaml up --build
# then http://localhost:${gatewayPort}/graphql. Every app is the same image (docker/Dockerfile) built with
# its APP argument; the services keep their default ports inside the network.
name: hkp

# Every service finds the others by name: the catalog (programme) follows the departments' change
# feeds, departments nudge the catalog after a write, and the gateway calls them all.
x-service-urls: &service-urls
${subgraphs.map((s) => `  ${s.envPrefix}_URL: ${inClusterUrl(s)}`).join('\n')}

# A local multi-container run, so development mode (the image defaults to production). Gateway and
# subgraphs must verify tokens with the same key. There is no default: choose a secret (HS256, for
# local runs only; refused under NODE_ENV=production) and sign tokens with the same one:
#   export JWT_SECRET=$(openssl rand -hex 32)
#   docker compose -f docker/compose.yaml up --build
#   JWT_SECRET=$JWT_SECRET npm run token -- --scope education:write
# For a deployment set NODE_ENV=production, JWT_JWKS_URL or JWT_PUBLIC_KEY, and JWT_SECRET= (empty).
x-auth: &auth
  NODE_ENV: \${NODE_ENV:-development}
  # \`?\` (not \`:?\`): unset is refused, set but empty is allowed (JWT_PUBLIC_KEY or JWT_JWKS_URL then).
  JWT_SECRET: \${JWT_SECRET?Set JWT_SECRET (for example export JWT_SECRET=$(openssl rand -hex 32)), or JWT_SECRET= (empty) with JWT_PUBLIC_KEY}
  JWT_PUBLIC_KEY: \${JWT_PUBLIC_KEY:-}
  JWT_JWKS_URL: \${JWT_JWKS_URL:-}

x-subgraph: &subgraph
  init: true
  restart: unless-stopped
  depends_on:
    postgres:
      condition: service_healthy
  environment:
    <<: [*service-urls, *auth]
    DATABASE_URL: postgres://hkp:hkp@postgres:5432/hkp
    LOG_LEVEL: \${LOG_LEVEL:-info}

# Readiness = answers and reaches its database. The slim image has no curl; node's fetch does it.
x-ready: &ready
  interval: 5s
  timeout: 3s
  retries: 5
  # First start migrates and loads seed data.
  start_period: 120s
  start_interval: 2s

services:
  postgres:
    image: postgres:17
    environment:
      POSTGRES_USER: hkp
      POSTGRES_PASSWORD: hkp
      POSTGRES_DB: hkp
      # UTF-8 with a UTF-8 ctype: under the C ctype pg_trgm finds no Chinese words.
      POSTGRES_INITDB_ARGS: --encoding=UTF8 --locale=C.UTF-8
      LANG: C.UTF-8
    volumes:
      - pgdata:/var/lib/postgresql/data
    healthcheck:
      test: ['CMD-SHELL', 'pg_isready -U hkp -d hkp']
      interval: 2s
      timeout: 3s
      retries: 30
${subgraphs.map(subgraphService).join('')}
  gateway:
    build: { context: .., dockerfile: docker/Dockerfile, args: { APP: gateway } }
    image: hkp/gateway
    init: true
    restart: unless-stopped
    environment:
      # The supergraph names 127.0.0.1:<port>; inside the network each subgraph is its service.
      <<: [*service-urls, *auth]
      GATEWAY_PORT: ${gatewayPort}
      LOG_LEVEL: \${LOG_LEVEL:-info}
    # Published on this machine only; put a TLS-terminating proxy in front to open it further.
    ports:
      - '127.0.0.1:${gatewayPort}:${gatewayPort}'
    depends_on:
${subgraphs.map((s) => `      ${s.name}: { condition: service_healthy }`).join('\n')}
    healthcheck:
      <<: *ready
      start_period: 30s
      test: ${readyTest(gatewayPort, '/readiness')}

volumes:
  pgdata:
`;
}
