import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as prettier from 'prettier';
import { stringify } from 'yaml';
import { workspaceRoot } from '@hkp/util-env';
import { renderComposeFile } from './compose-file';
import type { DeploymentModel } from './deployment-model';
import { generatedHeader, GENERATED_MARK } from './generated-header';
import { kubernetesFiles, productionExampleFiles, type KubernetesFile } from './k8s-manifests';

export const K8S_DIR = join('deploy', 'k8s');
export const COMPOSE_FILE = join('docker', 'compose.yaml');
export const DOCKERFILE = join('docker', 'Dockerfile');

export interface GeneratedFile {
  /** Relative to the workspace root. */
  readonly path: string;
  readonly content: string;
}

/** `# ` before each line, wrapped at about 100 characters. */
function commentLines(text: string): string {
  const lines: string[] = [];
  let line = '#';
  for (const word of text.split(' ')) {
    if (line.length + word.length + 1 > 100 && line !== '#') {
      lines.push(line);
      line = '#';
    }
    line += ` ${word}`;
  }
  return [...lines, line].join('\n');
}

function renderKubernetesFile(file: KubernetesFile): string {
  const documents = file.documents.map((d) => stringify(d, { lineWidth: 0 }));
  return `${generatedHeader('tools/deploy/src/k8s-manifests.ts')}\n${commentLines(file.comment)}\n${documents.join('---\n')}`;
}

async function formatted(root: string, path: string, content: string): Promise<string> {
  const filepath = join(root, path);
  const options = await prettier.resolveConfig(filepath);
  return prettier.format(content, { ...options, filepath });
}

/** The Dockerfile's EXPOSE line: the gateway's and every department's port. */
export function exposeLine(model: DeploymentModel): string {
  const ports = [model.gatewayPort, ...model.subgraphs.map((s) => s.port)].sort((a, b) => a - b);
  const contiguous = ports.every((port, i) => i === 0 || port === ports[i - 1]! + 1);
  return `EXPOSE ${contiguous ? `${ports[0]}-${ports[ports.length - 1]}` : ports.join(' ')}`;
}

/** The Dockerfile as it is, with its EXPOSE line derived from the manifest. */
export function dockerfileWithPorts(dockerfile: string, model: DeploymentModel): string {
  if (!/^EXPOSE .*$/m.test(dockerfile)) throw new Error(`${DOCKERFILE} has no EXPOSE line to keep in step with the manifest.`);
  return dockerfile.replace(/^EXPOSE .*$/m, exposeLine(model));
}

/** Every file this tool writes, as it should read now. */
export async function generatedFiles(model: DeploymentModel, root: string = workspaceRoot()): Promise<GeneratedFile[]> {
  const files: GeneratedFile[] = [
    { path: COMPOSE_FILE, content: await formatted(root, COMPOSE_FILE, renderComposeFile(model)) },
    { path: DOCKERFILE, content: dockerfileWithPorts(readFileSync(join(root, DOCKERFILE), 'utf8'), model) },
  ];
  for (const file of kubernetesFiles(model)) {
    const path = join(K8S_DIR, file.path);
    files.push({ path, content: await formatted(root, path, renderKubernetesFile(file)) });
  }
  for (const file of productionExampleFiles(model)) {
    files.push({
      path: join(K8S_DIR, file.path),
      content: `${generatedHeader('tools/deploy/src/k8s-manifests.ts')}\n${file.lines.join('\n')}\n`,
    });
  }
  return files;
}

/** Files under deploy/k8s that this tool wrote once and no longer writes (a retired department's). */
export function leftoverFiles(files: readonly GeneratedFile[], root: string = workspaceRoot()): string[] {
  const wanted = new Set(files.map((f) => f.path));
  const walk = (dir: string): string[] =>
    existsSync(dir)
      ? readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]))
      : [];
  return walk(join(root, K8S_DIR))
    .map((abs) => relative(root, abs))
    .filter((path) => !wanted.has(path) && readFileSync(join(root, path), 'utf8').includes(GENERATED_MARK));
}

/** The generated files whose committed text differs from what the manifest gives now. */
export function staleFiles(files: readonly GeneratedFile[], root: string = workspaceRoot()): string[] {
  return files.filter((f) => !existsSync(join(root, f.path)) || readFileSync(join(root, f.path), 'utf8') !== f.content).map((f) => f.path);
}
