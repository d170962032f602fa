import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** A Kubernetes object as the build handles it. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

interface Kustomization {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  resources?: string[];
  replicas?: { name: string; count: number }[];
  images?: { name: string; newName?: string; newTag?: string }[];
  patches?: { path: string; target?: { kind?: string; name?: string } }[];
  secretGenerator?: { name: string; literals?: string[]; envs?: string[] }[];
}

const SUPPORTED = new Set(['apiVersion', 'kind', 'namespace', 'resources', 'replicas', 'images', 'patches', 'secretGenerator']);

export interface BuildOptions {
  /** The text of a secretGenerator's env file; by default read from disk. */
  readEnvFile?: (path: string) => string;
}

/**
 * What `kubectl kustomize <dir>` gives for the kustomizations of deploy/k8s, for the checks in
 * npm test (kustomize itself is not installed here). It knows only the fields those files use and
 * refuses any other, so it cannot quietly differ from Kustomize. Unlike Kustomize it does not add
 * the content hash to a generated Secret's name (nor rewrite the references to it).
 */
export function buildKustomization(dir: string, options: BuildOptions = {}): KubeObject[] {
  const kustomization = readDocuments(join(dir, 'kustomization.yaml'))[0] as unknown as Kustomization;
  const unknown = Object.keys(kustomization).filter((key) => !SUPPORTED.has(key));
  if (unknown.length > 0)
    throw new Error(`${dir}/kustomization.yaml: ${unknown.join(', ')} not supported by this build; run kubectl kustomize.`);

  const objects = (kustomization.resources ?? []).flatMap((resource) => {
    const path = join(dir, resource);
    return statSync(path).isDirectory() ? buildKustomization(path, options) : (readDocuments(path) as KubeObject[]);
  });
  const readEnvFile = options.readEnvFile ?? ((path: string) => readFileSync(path, 'utf8'));
  for (const generator of kustomization.secretGenerator ?? []) {
    const pairs = [...(generator.literals ?? []), ...(generator.envs ?? []).flatMap((file) => envLines(readEnvFile(join(dir, file))))];
    const data = Object.fromEntries(
      pairs.map((pair) => {
        const at = pair.indexOf('=');
        if (at < 1) throw new Error(`${dir}: secretGenerator ${generator.name}: "${pair}" is not KEY=value.`);
        return [pair.slice(0, at), Buffer.from(pair.slice(at + 1)).toString('base64')];
      }),
    );
    objects.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: generator.name }, type: 'Opaque', data });
  }
  for (const patch of kustomization.patches ?? []) {
    for (const document of readDocuments(join(dir, patch.path)) as KubeObject[]) {
      const matches = objects.filter((o) =>
        patch.target
          ? (patch.target.kind === undefined || o.kind === patch.target.kind) &&
            (patch.target.name === undefined || o.metadata.name === patch.target.name)
          : o.kind === document.kind && o.metadata.name === document.metadata.name,
      );
      if (matches.length === 0) throw new Error(`${dir}: patch ${patch.path} matches no object.`);
      for (const target of matches) {
        const { metadata, ...rest } = strategicMerge(
          target,
          patch.target ? { ...document, metadata: target.metadata } : document,
        ) as KubeObject;
        Object.assign(target, { ...rest, metadata });
      }
    }
  }
  for (const { name, count } of kustomization.replicas ?? []) {
    const target = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === name);
    if (!target) throw new Error(`${dir}: replicas for ${name}, which is no Deployment.`);
    (target['spec'] as { replicas?: number }).replicas = count;
  }
  for (const image of kustomization.images ?? []) {
    let used = false;
    for (const container of objects.flatMap(containersOf)) {
      const [name, tag] = splitImage(container.image);
      if (name !== image.name) continue;
      container.image = `${image.newName ?? name}${(image.newTag ?? tag) ? `:${image.newTag ?? tag}` : ''}`;
      used = true;
    }
    if (!used) throw new Error(`${dir}: image ${image.name} is in no container.`);
  }
  if (kustomization.namespace) for (const object of objects) object.metadata.namespace = kustomization.namespace;
  return objects;
}

function readDocuments(path: string): Record<string, unknown>[] {
  if (!existsSync(path)) throw new Error(`${path} is missing.`);
  return parseAllDocuments(readFileSync(path, 'utf8')).map((document) => {
    if (document.errors.length > 0) throw new Error(`${path}: ${document.errors[0]!.message}`);
    return document.toJS() as Record<string, unknown>;
  });
}

function envLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

function splitImage(image: string): [string, string | undefined] {
  const at = image.lastIndexOf(':');
  return at > image.lastIndexOf('/') ? [image.slice(0, at), image.slice(at + 1)] : [image, undefined];
}

export function containersOf(object: KubeObject): { name: string; image: string; [field: string]: unknown }[] {
  if (object.kind !== 'Deployment') return [];
  const spec = (object['spec'] as { template: { spec: { containers: []; initContainers?: [] } } }).template.spec;
  return [...spec.containers, ...(spec.initContainers ?? [])];
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Strategic merge as Kustomize applies it to these files: maps merge, lists of named items merge by name, other lists are replaced. */
export function strategicMerge(target: unknown, patch: unknown): unknown {
  if (isRecord(target) && isRecord(patch)) {
    const merged: Record<string, unknown> = { ...target };
    for (const [key, value] of Object.entries(patch)) merged[key] = key in target ? strategicMerge(target[key], value) : value;
    return merged;
  }
  if (
    Array.isArray(target) &&
    Array.isArray(patch) &&
    [...target, ...patch].every((item) => isRecord(item) && typeof item['name'] === 'string')
  ) {
    const merged = target.map((item: Record<string, unknown>) => {
      const update = (patch as Record<string, unknown>[]).find((p) => p['name'] === item['name']);
      return update ? strategicMerge(item, update) : item;
    });
    return [
      ...merged,
      ...(patch as Record<string, unknown>[]).filter((p) => !target.some((t: Record<string, unknown>) => t['name'] === p['name'])),
    ];
  }
  return patch;
}
