// The Kubernetes manifests of deploy/k8s as committed, built the way Kustomize builds them (base and
// each overlay), against the Kubernetes schemas (kubernetes-models) and against what the services
// need: ports from the department manifest, probes on their routes, Secrets and ConfigMaps that
// exist, and NetworkPolicies that keep the subgraphs off the public network.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEPARTMENTS } from '@hkp/departments';
import { workspaceRoot } from '@hkp/util-env';
import { CONFIG_MAPS, GATEWAY_METRICS_PORT, MONITORING_NAMESPACE, PROBE_PATHS, PRODUCTION_REGISTRY } from './k8s-manifests';
import { loadKubernetesModels } from './kubernetes-models-loader';
import { buildKustomization, containersOf, type KubeObject } from './kustomize-lite';

const k8s = join(workspaceRoot(), 'deploy', 'k8s');
const builds = {
  base: buildKustomization(join(k8s, 'base')),
  development: buildKustomization(join(k8s, 'overlays', 'development')),
  // The real env files are the operator's; their committed examples hold the same keys.
  production: buildKustomization(join(k8s, 'overlays', 'production'), { readEnvFile: (path) => readFileSync(`${path}.example`, 'utf8') }),
};

type Labels = Record<string, string>;
interface Container {
  name: string;
  image: string;
  ports?: { name?: string; containerPort: number }[];
  env?: {
    name: string;
    value?: string;
    valueFrom?: { secretKeyRef?: { name: string; key: string }; configMapKeyRef?: { name: string; key: string } };
  }[];
  envFrom?: { configMapRef?: { name: string; optional?: boolean }; secretRef?: { name: string; optional?: boolean } }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  startupProbe?: Probe;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
}
interface Probe {
  httpGet?: { path: string; port: string | number };
}
interface Peer {
  podSelector?: { matchLabels?: Labels };
  namespaceSelector?: { matchLabels?: Labels };
}
interface PolicySpec {
  podSelector: { matchLabels?: Labels };
  policyTypes?: string[];
  ingress?: { from?: Peer[]; ports?: { port?: number | string }[] }[];
}

const ofKind = (objects: KubeObject[], kind: string) => objects.filter((o) => o.kind === kind);
const spec = <T>(object: KubeObject) => object['spec'] as T;
const templateLabels = (d: KubeObject) => spec<{ template: { metadata: { labels: Labels } } }>(d).template.metadata.labels;
const selects = (selector: Labels | undefined, labels: Labels) => Object.entries(selector ?? {}).every(([k, v]) => labels[k] === v);
const containers = (d: KubeObject) => containersOf(d) as unknown as Container[];

const SERVICES = [
  { name: 'gateway', port: 4000, component: 'gateway' as const },
  ...DEPARTMENTS.map((d) => ({ name: d.name, port: d.port, component: 'subgraph' as const })),
];

describe.each(Object.entries(builds))('deploy/k8s %s', (buildName, objects) => {
  const deployments = ofKind(objects, 'Deployment');
  const ours = (name: string) => deployments.find((d) => d.metadata.name === name);

  it('is valid against the Kubernetes schemas, object by object', async () => {
    const invalid: string[] = [];
    for (const object of objects) {
      const Model = (await loadKubernetesModels(object.apiVersion))[object.kind];
      if (!Model) invalid.push(`${object.kind} ${object.metadata.name}: no ${object.apiVersion} ${object.kind} in the Kubernetes API`);
      else {
        try {
          new Model(object).validate();
        } catch (error) {
          invalid.push(`${object.kind} ${object.metadata.name}: ${(error as Error).message}`);
        }
      }
    }
    expect(invalid).toEqual([]);
    expect(objects.length).toBeGreaterThan(SERVICES.length * 5);
  });

  it('runs the gateway and every department of the manifest, each with a disruption budget and an autoscaler', () => {
    for (const { name } of SERVICES) {
      expect(ours(name)).toBeDefined();
      const labels = templateLabels(ours(name)!);
      expect(
        ofKind(objects, 'PodDisruptionBudget').filter((p) =>
          selects(spec<{ selector: { matchLabels: Labels } }>(p).selector.matchLabels, labels),
        ),
      ).toHaveLength(1);
      const hpas = ofKind(objects, 'HorizontalPodAutoscaler').filter(
        (h) => spec<{ scaleTargetRef: { kind: string; name: string } }>(h).scaleTargetRef.name === name,
      );
      expect(hpas.map((h) => spec<{ scaleTargetRef: { kind: string } }>(h).scaleTargetRef.kind)).toEqual(['Deployment']);
    }
  });

  it("selects each Deployment's own pods and serves them through a Service on the manifest's port", () => {
    for (const deployment of deployments) {
      const labels = templateLabels(deployment);
      const selector = spec<{ selector: { matchLabels: Labels } }>(deployment).selector.matchLabels;
      expect(selects(selector, labels)).toBe(true);
      // No other Deployment's pods match its selector (a ReplicaSet would fight over them).
      expect(deployments.filter((d) => selects(selector, templateLabels(d))).map((d) => d.metadata.name)).toEqual([
        deployment.metadata.name,
      ]);
      const services = ofKind(objects, 'Service').filter((s) => selects(spec<{ selector: Labels }>(s).selector, labels));
      expect(services.map((s) => s.metadata.name)).toEqual([deployment.metadata.name]);
      const ports = containers(deployment).flatMap((c) => c.ports ?? []);
      for (const port of spec<{ ports: { port: number; targetPort: string | number }[] }>(services[0]!).ports) {
        const target = ports.find((p) => p.name === port.targetPort || p.containerPort === port.targetPort);
        expect(target?.containerPort).toBe(port.port);
      }
    }
    for (const { name, port } of SERVICES) {
      expect(containers(ours(name)!)[0]!.ports?.find((p) => p.name === 'http')?.containerPort).toBe(port);
    }
  });

  it('probes the routes each service serves, and bounds every container by requests and limits', () => {
    for (const { name, component } of SERVICES) {
      const [container] = containers(ours(name)!);
      const paths = [container!.startupProbe, container!.livenessProbe, container!.readinessProbe].map((p) => p?.httpGet?.path);
      expect(paths).toEqual(
        component === 'gateway'
          ? Array(3).fill(PROBE_PATHS.gateway.live)
          : [PROBE_PATHS.subgraph.live, PROBE_PATHS.subgraph.live, PROBE_PATHS.subgraph.ready],
      );
      for (const probe of [container!.startupProbe, container!.livenessProbe, container!.readinessProbe]) {
        expect(container!.ports?.map((p) => p.name)).toContain(probe!.httpGet!.port);
      }
      const { requests = {}, limits = {} } = container!.resources ?? {};
      expect(Object.keys(requests).sort()).toEqual(['cpu', 'memory']);
      expect(Object.keys(limits).sort()).toEqual(['cpu', 'memory']);
      expect(quantity(requests['memory']!)).toBeLessThan(quantity(limits['memory']!));
      expect(quantity(requests['cpu']!)).toBeLessThan(quantity(limits['cpu']!));
      // V8's heap stops growing below the memory limit, so the collector works before the kernel kills.
      const heapMb = Number(/--max-old-space-size=(\d+)/.exec(container!.env?.find((e) => e.name === 'NODE_OPTIONS')?.value ?? '')?.[1]);
      expect(heapMb * 2 ** 20).toBeLessThan(quantity(limits['memory']!) * 0.8);
    }
  });

  if (buildName === 'base') return;

  it('gives every pod the ConfigMaps and Secrets it reads, with the keys it reads', () => {
    const configMaps = new Map(ofKind(objects, 'ConfigMap').map((c) => [c.metadata.name, Object.keys((c['data'] ?? {}) as object)]));
    const secrets = new Map(ofKind(objects, 'Secret').map((s) => [s.metadata.name, Object.keys((s['data'] ?? {}) as object)]));
    for (const container of deployments.flatMap(containers)) {
      for (const source of container.envFrom ?? []) {
        if (source.configMapRef && !source.configMapRef.optional)
          expect([container.name, configMaps.has(source.configMapRef.name)]).toEqual([container.name, true]);
        if (source.secretRef && !source.secretRef.optional)
          expect([container.name, secrets.has(source.secretRef.name)]).toEqual([container.name, true]);
      }
      for (const { valueFrom } of container.env ?? []) {
        if (valueFrom?.secretKeyRef) expect(secrets.get(valueFrom.secretKeyRef.name)).toContain(valueFrom.secretKeyRef.key);
      }
    }
    // Every subgraph is told where each other subgraph is.
    expect(configMaps.get(CONFIG_MAPS.serviceUrls)?.sort()).toEqual(
      DEPARTMENTS.map((d) => `${d.name.toUpperCase().replace(/-/g, '_')}_URL`).sort(),
    );
    // Exactly one way to verify tokens (the services refuse two).
    expect(secrets.get('hkp-jwt')?.filter((key) => ['JWT_JWKS_URL', 'JWT_PUBLIC_KEY', 'JWT_SECRET'].includes(key))).toHaveLength(1);
    const urls = ofKind(objects, 'ConfigMap').find((c) => c.metadata.name === CONFIG_MAPS.serviceUrls)!['data'] as Labels;
    for (const d of DEPARTMENTS) expect(Object.values(urls)).toContain(`http://${d.name}:${d.port}/graphql`);
  });

  describe('network policies', () => {
    const namespace = objects[0]!.metadata.namespace!;
    const policies = ofKind(objects, 'NetworkPolicy').map((p) => spec<PolicySpec>(p));
    const podOf = (name: string) => ({ namespace, labels: templateLabels(ours(name)!) });
    const admits = (from: { namespace: string; labels: Labels }, to: string, port: number) => {
      const target = podOf(to).labels;
      const applying = policies.filter(
        (p) => selects(p.podSelector.matchLabels, target) && (p.policyTypes ?? ['Ingress']).includes('Ingress'),
      );
      if (applying.length === 0) return true;
      return applying.some((policy) =>
        (policy.ingress ?? []).some(
          (rule) =>
            (rule.ports === undefined || rule.ports.some((p) => p.port === port)) &&
            (rule.from === undefined ||
              rule.from.some((peer) => {
                const namespaceOk = peer.namespaceSelector
                  ? selects(peer.namespaceSelector.matchLabels, { 'kubernetes.io/metadata.name': from.namespace })
                  : from.namespace === namespace;
                return namespaceOk && (peer.podSelector === undefined || selects(peer.podSelector.matchLabels, from.labels));
              })),
        ),
      );
    };
    const office = DEPARTMENTS.find((d) => d.role === 'office')!;
    const departments = DEPARTMENTS.filter((d) => d.role === 'department');
    const outsider = { namespace: 'ingress-nginx', labels: { 'app.kubernetes.io/name': 'ingress-nginx' } };
    const strangerInNamespace = { namespace, labels: { run: 'debug' } };
    const monitoring = { namespace: MONITORING_NAMESPACE, labels: { 'app.kubernetes.io/name': 'prometheus' } };

    it.each(DEPARTMENTS.map((d) => [d.name, d] as const))(
      '%s has a policy of its own and is reached only by those who call it',
      (name, department) => {
        expect(
          policies.filter(
            (p) =>
              JSON.stringify(p.podSelector.matchLabels) ===
              JSON.stringify(spec<{ selector: { matchLabels: Labels } }>(ours(name)!).selector.matchLabels),
          ),
        ).toHaveLength(1);
        expect(admits(podOf('gateway'), name, department.port)).toBe(true);
        expect(admits(outsider, name, department.port)).toBe(false);
        expect(admits(strangerInNamespace, name, department.port)).toBe(false);
        expect(admits(monitoring, name, department.port)).toBe(true);
        for (const other of DEPARTMENTS.filter((d) => d.name !== name)) {
          // The office follows every department's change feed; every department nudges the office's catalog.
          const calls = (other.role === 'office') !== (department.role === 'office');
          expect([other.name, admits(podOf(other.name), name, department.port)]).toEqual([other.name, calls]);
        }
      },
    );

    it('lets anyone reach the gateway, and only the monitoring namespace its metrics', () => {
      expect(admits(outsider, 'gateway', 4000)).toBe(true);
      expect(admits(outsider, 'gateway', GATEWAY_METRICS_PORT)).toBe(false);
      expect(admits(monitoring, 'gateway', GATEWAY_METRICS_PORT)).toBe(true);
      expect(departments.every((d) => admits(podOf(d.name), office.name, office.port))).toBe(true);
    });
  });
});

describe('the overlays', () => {
  it('development: one replica each, development mode, a PostgreSQL of its own', () => {
    const objects = builds.development;
    expect(ofKind(objects, 'Deployment').every((d) => spec<{ replicas: number }>(d).replicas === 1)).toBe(true);
    expect(ofKind(objects, 'HorizontalPodAutoscaler').every((h) => spec<{ minReplicas: number }>(h).minReplicas === 1)).toBe(true);
    expect((objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === CONFIG_MAPS.runtime)!['data'] as Labels)['NODE_ENV']).toBe(
      'development',
    );
    expect(objects.find((o) => o.kind === 'Service' && o.metadata.name === 'postgres')).toBeDefined();
    expect(new Set(objects.map((o) => o.metadata.namespace))).toEqual(new Set(['hkp-dev']));
  });

  it('production: production mode, two replicas or more, images from the registry, HS256 nowhere', () => {
    const objects = builds.production;
    expect((objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === CONFIG_MAPS.runtime)!['data'] as Labels)['NODE_ENV']).toBe(
      'production',
    );
    expect(ofKind(objects, 'Deployment').every((d) => spec<{ replicas: number }>(d).replicas >= 2)).toBe(true);
    expect(
      ofKind(objects, 'Deployment')
        .flatMap(containers)
        .every((c) => c.image.startsWith(`${PRODUCTION_REGISTRY}/`) && c.image.includes(':')),
    ).toBe(true);
    expect(JSON.stringify(objects)).not.toContain('JWT_SECRET');
    // Behind the Ingress, clients are told apart by X-Forwarded-For, not by the proxy's address.
    expect(
      (objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === CONFIG_MAPS.runtime)!['data'] as Labels)['GATEWAY_TRUST_PROXY'],
    ).toBe('true');
    expect(new Set(objects.map((o) => o.metadata.namespace))).toEqual(new Set(['hkp']));
  });
});

/** `384Mi` → bytes, `200m` → cores. */
function quantity(value: string): number {
  const match = /^(\d+(?:\.\d+)?)(m|Ki|Mi|Gi)?$/.exec(value);
  if (!match) throw new Error(`Unreadable quantity ${value}`);
  const factor = { m: 1e-3, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30 }[match[2] as 'm'] ?? 1;
  return Number(match[1]) * factor;
}
