import type { IDeployment } from 'kubernetes-models/apps/v1';
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import type { INetworkPolicy, INetworkPolicyPeer } from 'kubernetes-models/networking.k8s.io/v1';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1';
import type { IConfigMap, IContainer, IProbe, IService } from 'kubernetes-models/v1';
import { inClusterUrl, internalCallersOf, type DeployedSubgraph, type DeploymentModel } from './deployment-model';
import { GATEWAY_RESOURCES, SCALING, SUBGRAPH_RESOURCES } from './k8s-resources';

/** A file of deploy/k8s: Kubernetes objects or a kustomization, with a comment on what it is for. */
export interface KubernetesFile {
  /** Relative to deploy/k8s. */
  readonly path: string;
  readonly comment: string;
  readonly documents: readonly object[];
}

/** Where the services' probes point: the routes libs/gateway and libs/shared/subgraph-kit serve. */
export const PROBE_PATHS = {
  gateway: { live: '/healthcheck' },
  subgraph: { live: '/health/live', ready: '/health/ready' },
} as const;

export const GATEWAY_METRICS_PORT = 9464;
/** Prometheus runs in this namespace; it may scrape /metrics. */
export const MONITORING_NAMESPACE = 'monitoring';

export const SECRETS = {
  /** JWT_JWKS_URL or JWT_PUBLIC_KEY (production), JWT_SECRET (development only). */
  jwt: 'hkp-jwt',
  /** `<PREFIX>_DATABASE_URL` for each subgraph (one database, a schema per subgraph, or one each). */
  database: 'hkp-database',
  /** REDIS_URL for the gateway's shared rate limits and response cache; optional. */
  redis: 'hkp-redis',
} as const;
export const CONFIG_MAPS = { serviceUrls: 'hkp-service-urls', runtime: 'hkp-runtime' } as const;

export const databaseUrlKey = (subgraph: DeployedSubgraph) => `${subgraph.envPrefix}_DATABASE_URL`;

type Component = 'gateway' | 'subgraph';

export function selectorOf(name: string): Record<string, string> {
  return { 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': 'hkp' };
}
const labelsOf = (name: string, component: Component) => ({ ...selectorOf(name), 'app.kubernetes.io/component': component });

const httpGet = (path: string, periodSeconds: number, failureThreshold: number): IProbe => ({
  httpGet: { path, port: 'http' },
  periodSeconds,
  timeoutSeconds: 3,
  failureThreshold,
});

interface ServiceSpec {
  name: string;
  component: Component;
  port: number;
  resources: typeof GATEWAY_RESOURCES | typeof SUBGRAPH_RESOURCES;
  scaling: { minReplicas: number; maxReplicas: number };
  container: Pick<IContainer, 'env' | 'envFrom' | 'startupProbe' | 'livenessProbe' | 'readinessProbe'> & {
    extraPorts?: IContainer['ports'];
  };
}

function deployment(spec: ServiceSpec): IDeployment {
  const { name, component, port, resources } = spec;
  const { extraPorts = [], env = [], ...probesAndEnv } = spec.container;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: labelsOf(name, component) },
    spec: {
      replicas: spec.scaling.minReplicas,
      revisionHistoryLimit: 5,
      selector: { matchLabels: selectorOf(name) },
      // A new pod is ready before an old one goes: a rollout never lowers capacity.
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: {
        metadata: { labels: labelsOf(name, component) },
        spec: {
          automountServiceAccountToken: false,
          // Drain delay (5 s) + shutdown timeout (15 s gateway, 10 s subgraphs) fit inside it.
          terminationGracePeriodSeconds: 30,
          securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } },
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey: 'kubernetes.io/hostname',
              whenUnsatisfiable: 'ScheduleAnyway',
              labelSelector: { matchLabels: selectorOf(name) },
            },
          ],
          containers: [
            {
              name,
              image: `hkp/${name}`,
              ports: [{ name: 'http', containerPort: port, protocol: 'TCP' }, ...extraPorts],
              env: [...env, { name: 'NODE_OPTIONS', value: `--max-old-space-size=${resources.maxOldSpaceMb}` }],
              ...probesAndEnv,
              resources: { requests: { ...resources.requests }, limits: { ...resources.limits } },
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
              volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
            },
          ],
          volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }],
        },
      },
    },
  };
}

function service({ name, component, port }: ServiceSpec): IService {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, labels: labelsOf(name, component) },
    spec: { type: 'ClusterIP', selector: selectorOf(name), ports: [{ name: 'http', port, targetPort: 'http', protocol: 'TCP' }] },
  };
}

function disruptionBudget({ name, component }: ServiceSpec): IPodDisruptionBudget {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name, labels: labelsOf(name, component) },
    // One pod at a time, whatever the replica count: a node drain never empties a service.
    spec: { maxUnavailable: 1, selector: { matchLabels: selectorOf(name) } },
  };
}

function autoscaler({ name, component, scaling }: ServiceSpec): IHorizontalPodAutoscaler {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name, labels: labelsOf(name, component) },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
      minReplicas: scaling.minReplicas,
      maxReplicas: scaling.maxReplicas,
      metrics: [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: SCALING.targetCpuUtilization } } },
      ],
    },
  };
}

const fromPods = (name: string): INetworkPolicyPeer => ({ podSelector: { matchLabels: selectorOf(name) } });
const fromMonitoring: INetworkPolicyPeer = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': MONITORING_NAMESPACE } } };

function networkPolicy(name: string, component: Component, ingress: NonNullable<INetworkPolicy['spec']>['ingress']): INetworkPolicy {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, labels: labelsOf(name, component) },
    spec: { podSelector: { matchLabels: selectorOf(name) }, policyTypes: ['Ingress'], ingress },
  };
}

const envFrom = (...extra: NonNullable<IContainer['envFrom']>) => [
  { configMapRef: { name: CONFIG_MAPS.runtime } },
  { configMapRef: { name: CONFIG_MAPS.serviceUrls } },
  { secretRef: { name: SECRETS.jwt } },
  ...extra,
];

function gatewaySpec(model: DeploymentModel): ServiceSpec {
  return {
    name: 'gateway',
    component: 'gateway',
    port: model.gatewayPort,
    resources: GATEWAY_RESOURCES,
    scaling: SCALING.gateway,
    container: {
      env: [{ name: 'GATEWAY_PORT', value: String(model.gatewayPort) }],
      envFrom: envFrom({ secretRef: { name: SECRETS.redis, optional: true } }),
      extraPorts: [{ name: 'metrics', containerPort: GATEWAY_METRICS_PORT, protocol: 'TCP' }],
      // /healthcheck, not /readiness, decides whether a gateway takes traffic: /readiness is 503
      // while any one subgraph is down, and would take every gateway out of the Service at once,
      // where the gateway still answers everything but that subgraph's fields (docs/deployment.md).
      startupProbe: httpGet(PROBE_PATHS.gateway.live, 2, 30),
      livenessProbe: httpGet(PROBE_PATHS.gateway.live, 10, 3),
      readinessProbe: httpGet(PROBE_PATHS.gateway.live, 5, 2),
    },
  };
}

function subgraphSpec(subgraph: DeployedSubgraph): ServiceSpec {
  return {
    name: subgraph.name,
    component: 'subgraph',
    port: subgraph.port,
    resources: SUBGRAPH_RESOURCES,
    scaling: SCALING.subgraph,
    container: {
      env: [{ name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: SECRETS.database, key: databaseUrlKey(subgraph) } } }],
      envFrom: envFrom(),
      // The first start migrates (under an advisory lock) and loads seed data: up to 5 minutes.
      startupProbe: httpGet(PROBE_PATHS.subgraph.live, 5, 60),
      livenessProbe: httpGet(PROBE_PATHS.subgraph.live, 10, 3),
      // 503 while its database is unreachable or it drains: out of the Service, not restarted.
      readinessProbe: httpGet(PROBE_PATHS.subgraph.ready, 5, 2),
    },
  };
}

function configMaps(model: DeploymentModel): IConfigMap[] {
  return [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: CONFIG_MAPS.serviceUrls },
      // The supergraph names 127.0.0.1:<port>; in the cluster each subgraph is its Service.
      data: Object.fromEntries(model.subgraphs.map((s) => [`${s.envPrefix}_URL`, inClusterUrl(s)])),
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: CONFIG_MAPS.runtime },
      data: {
        NODE_ENV: 'production',
        LOG_LEVEL: 'info',
        HOST: '0.0.0.0',
        // Keep serving while the endpoints drop a terminating pod, then drain.
        GATEWAY_DRAIN_DELAY_MS: '5000',
        SUBGRAPH_DRAIN_DELAY_MS: '5000',
        GATEWAY_SHUTDOWN_TIMEOUT_MS: '15000',
        SUBGRAPH_SHUTDOWN_TIMEOUT_MS: '10000',
        // Metrics on a port of their own, which only the monitoring namespace may reach.
        GATEWAY_METRICS_PORT: String(GATEWAY_METRICS_PORT),
      },
    },
  ];
}

function baseFiles(model: DeploymentModel): KubernetesFile[] {
  const gateway = gatewaySpec(model);
  const perService = (spec: ServiceSpec) => [deployment(spec), service(spec), disruptionBudget(spec), autoscaler(spec)];
  const files: KubernetesFile[] = [
    {
      path: 'base/config.yaml',
      comment: 'Where the services find each other, and the settings every pod shares.',
      documents: configMaps(model),
    },
    {
      path: 'base/network-policies.yaml',
      comment: 'No pod takes a connection unless a policy below or in its own file allows it.',
      documents: [
        {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'NetworkPolicy',
          metadata: { name: 'default-deny-ingress' },
          spec: { podSelector: {}, policyTypes: ['Ingress'] },
        } satisfies INetworkPolicy,
      ],
    },
    {
      path: 'base/gateway.yaml',
      comment: 'The gateway: the only service clients reach. Resources: tools/deploy/src/k8s-resources.ts.',
      documents: [
        ...perService(gateway),
        networkPolicy('gateway', 'gateway', [
          { ports: [{ port: model.gatewayPort, protocol: 'TCP' }] },
          { from: [fromMonitoring], ports: [{ port: GATEWAY_METRICS_PORT, protocol: 'TCP' }] },
        ]),
      ],
    },
    ...model.subgraphs.map((subgraph): KubernetesFile => {
      const callers = internalCallersOf(model, subgraph);
      return {
        path: `base/${subgraph.name}.yaml`,
        comment:
          `The ${subgraph.name} subgraph (${subgraph.body}). Reached by the gateway and ${callers.map((c) => c.name).join(', ') || 'no other service'}` +
          (subgraph.role === 'office' ? ' (catalog nudges after their writes)' : ' (the catalog following its change feed)') +
          ', and by Prometheus for /metrics; by nothing else.',
        documents: [
          ...perService(subgraphSpec(subgraph)),
          networkPolicy(subgraph.name, 'subgraph', [
            { from: [fromPods('gateway'), ...callers.map((c) => fromPods(c.name))], ports: [{ port: subgraph.port, protocol: 'TCP' }] },
            { from: [fromMonitoring], ports: [{ port: subgraph.port, protocol: 'TCP' }] },
          ]),
        ],
      };
    }),
  ];
  files.unshift({
    path: 'base/kustomization.yaml',
    comment: 'Production-shaped defaults; the overlays add the namespace, images and Secrets.',
    documents: [
      {
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        resources: files.map((f) => f.path.replace(/^base\//, '')),
      },
    ],
  });
  return files;
}

const DEV_DATABASE_URL = 'postgres://hkp:hkp@postgres:5432/hkp';

function developmentFiles(model: DeploymentModel): KubernetesFile[] {
  const names = ['gateway', ...model.subgraphs.map((s) => s.name)];
  const postgresLabels = selectorOf('postgres');
  return [
    {
      path: 'overlays/development/kustomization.yaml',
      comment:
        'A local cluster (kind, minikube, k3d): one replica each, development mode, a throwaway PostgreSQL, ' +
        'and placeholder credentials that are not secrets (HS256 is refused under NODE_ENV=production).',
      documents: [
        {
          apiVersion: 'kustomize.config.k8s.io/v1beta1',
          kind: 'Kustomization',
          namespace: 'hkp-dev',
          resources: ['../../base', 'postgres.yaml'],
          replicas: names.map((name) => ({ name, count: 1 })),
          patches: [{ path: 'runtime.yaml' }, { path: 'autoscaling.yaml', target: { kind: 'HorizontalPodAutoscaler' } }],
          secretGenerator: [
            // Sign tokens with the same value: JWT_SECRET=<it> npm run token -- --scope education:write
            { name: SECRETS.jwt, literals: ['JWT_SECRET=development-only-placeholder-not-a-secret'] },
            { name: SECRETS.database, literals: model.subgraphs.map((s) => `${databaseUrlKey(s)}=${DEV_DATABASE_URL}`) },
          ],
        },
      ],
    },
    {
      path: 'overlays/development/runtime.yaml',
      comment: 'Development mode: explorer and introspection on, HS256 tokens allowed.',
      documents: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: CONFIG_MAPS.runtime }, data: { NODE_ENV: 'development' } }],
    },
    {
      path: 'overlays/development/autoscaling.yaml',
      comment: 'Applied to every HorizontalPodAutoscaler: start from one replica.',
      documents: [
        { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'every-autoscaler' }, spec: { minReplicas: 1 } },
      ],
    },
    {
      path: 'overlays/development/postgres.yaml',
      comment: 'PostgreSQL for a local cluster only: its data is lost with the pod. UTF-8 with a UTF-8 ctype (search in Chinese needs it).',
      documents: [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'postgres', labels: postgresLabels },
          spec: {
            replicas: 1,
            strategy: { type: 'Recreate' },
            selector: { matchLabels: postgresLabels },
            template: {
              metadata: { labels: postgresLabels },
              spec: {
                automountServiceAccountToken: false,
                containers: [
                  {
                    name: 'postgres',
                    image: 'postgres:17',
                    ports: [{ name: 'postgres', containerPort: 5432, protocol: 'TCP' }],
                    env: [
                      { name: 'POSTGRES_USER', value: 'hkp' },
                      { name: 'POSTGRES_PASSWORD', value: 'hkp' },
                      { name: 'POSTGRES_DB', value: 'hkp' },
                      { name: 'POSTGRES_INITDB_ARGS', value: '--encoding=UTF8 --locale=C.UTF-8' },
                      { name: 'LANG', value: 'C.UTF-8' },
                    ],
                    readinessProbe: { exec: { command: ['pg_isready', '-U', 'hkp', '-d', 'hkp'] }, periodSeconds: 2 },
                    resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '1Gi' } },
                    volumeMounts: [{ name: 'data', mountPath: '/var/lib/postgresql/data' }],
                  },
                ],
                volumes: [{ name: 'data', emptyDir: {} }],
              },
            },
          },
        } satisfies IDeployment,
        {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: 'postgres', labels: postgresLabels },
          spec: { selector: postgresLabels, ports: [{ name: 'postgres', port: 5432, targetPort: 'postgres', protocol: 'TCP' }] },
        } satisfies IService,
        {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'NetworkPolicy',
          metadata: { name: 'postgres', labels: postgresLabels },
          spec: {
            podSelector: { matchLabels: postgresLabels },
            policyTypes: ['Ingress'],
            ingress: [
              {
                from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/part-of': 'hkp', 'app.kubernetes.io/component': 'subgraph' } } }],
                ports: [{ port: 5432, protocol: 'TCP' }],
              },
            ],
          },
        } satisfies INetworkPolicy,
      ],
    },
  ];
}

/** Example registry; replace it with yours (docs/deployment.md). */
export const PRODUCTION_REGISTRY = 'registry.example.org/hkp';

function productionFiles(model: DeploymentModel): KubernetesFile[] {
  const names = ['gateway', ...model.subgraphs.map((s) => s.name)];
  return [
    {
      path: 'overlays/production/kustomization.yaml',
      comment:
        'Production: the base as it is (2 replicas each, autoscaled), your images, and Secrets from files you provide next to this one ' +
        '(jwt.env, database.env, redis.env; git-ignored; see the *.env.example files). kubectl apply -k deploy/k8s/overlays/production',
      documents: [
        {
          apiVersion: 'kustomize.config.k8s.io/v1beta1',
          kind: 'Kustomization',
          namespace: 'hkp',
          resources: ['../../base'],
          patches: [{ path: 'runtime.yaml' }],
          images: names.map((name) => ({ name: `hkp/${name}`, newName: `${PRODUCTION_REGISTRY}/${name}`, newTag: '0.1.0' })),
          secretGenerator: [
            { name: SECRETS.jwt, envs: ['jwt.env'] },
            { name: SECRETS.database, envs: ['database.env'] },
            { name: SECRETS.redis, envs: ['redis.env'] },
          ],
        },
      ],
    },
    {
      path: 'overlays/production/runtime.yaml',
      comment:
        'Clients reach the gateway through your Ingress controller or load balancer, which sets X-Forwarded-For: ' +
        'without this every client would share the proxy address and its rate limit. Remove it if clients reach the gateway directly.',
      documents: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: CONFIG_MAPS.runtime }, data: { GATEWAY_TRUST_PROXY: 'true' } }],
    },
  ];
}

/** Plain files of the production overlay: what to provide, and git ignoring it. */
export function productionExampleFiles(model: DeploymentModel): { path: string; lines: string[] }[] {
  return [
    {
      path: 'overlays/production/.gitignore',
      lines: [
        '# The real credentials stay out of git; the *.env.example files show what they hold.',
        'jwt.env',
        'database.env',
        'redis.env',
      ],
    },
    {
      path: 'overlays/production/jwt.env.example',
      lines: [
        '# How every service verifies tokens: exactly one of these (JWT_SECRET is refused under NODE_ENV=production).',
        '# A PEM public key spans lines, which an env file cannot hold: for JWT_PUBLIC_KEY replace `envs: [jwt.env]`',
        '# in kustomization.yaml with `files: [JWT_PUBLIC_KEY=jwt-public-key.pem]`.',
        'JWT_JWKS_URL=https://login.example.org/.well-known/jwks.json',
      ],
    },
    {
      path: 'overlays/production/database.env.example',
      lines: [
        '# Each subgraph migrates and uses its own schema; one database for all, or a user (or database) each.',
        ...model.subgraphs.map((s) => `${databaseUrlKey(s)}=postgres://hkp_${s.name.replace(/-/g, '_')}:CHANGE_ME@db.example.org:5432/hkp`),
      ],
    },
    {
      path: 'overlays/production/redis.env.example',
      lines: [
        '# Shared by the gateway replicas: rate limits and response-cache invalidation hold across them.',
        '# Leave the file empty to run without (each replica then counts and caches on its own).',
        'REDIS_URL=redis://:CHANGE_ME@redis.example.org:6379',
      ],
    },
  ];
}

/** Every Kubernetes file of deploy/k8s, from the deployment model. */
export function kubernetesFiles(model: DeploymentModel): KubernetesFile[] {
  return [...baseFiles(model), ...developmentFiles(model), ...productionFiles(model)];
}
