import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { workspaceRoot } from '@hkp/util-env';
import { deploymentModel } from './deployment-model';
import { generatedFiles, leftoverFiles, staleFiles } from './generated-files';

/**
 * Writes the deployment files from the department manifest: docker/compose.yaml, the Dockerfile's
 * EXPOSE line and deploy/k8s (Kustomize base and overlays). `--check` writes nothing and fails
 * while any of them is stale, naming them and the command that brings them up to date.
 */
async function main(): Promise<void> {
  const root = workspaceRoot();
  const model = deploymentModel();
  const files = await generatedFiles(model, root);
  const stale = staleFiles(files, root);
  const leftovers = leftoverFiles(files, root);
  if (process.argv.includes('--check')) {
    if (stale.length + leftovers.length > 0) {
      console.error(
        [
          'The deployment files do not match the department manifest (libs/shared/departments/src/departments.ts):',
          ...stale.map((path) => `  stale: ${path}`),
          ...leftovers.map((path) => `  no longer generated: ${path}`),
          'Run `npm run deploy:generate` and commit the result.',
        ].join('\n'),
      );
      process.exit(1);
    }
    console.log(`${files.length} deployment files are up to date with the ${model.subgraphs.length} subgraphs of the manifest.`);
    return;
  }
  for (const path of stale) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), files.find((f) => f.path === path)!.content);
  }
  for (const path of leftovers) rmSync(join(root, path));
  console.log(
    stale.length + leftovers.length === 0
      ? 'Deployment files already up to date.'
      : [...stale.map((p) => `Wrote ${p}`), ...leftovers.map((p) => `Removed ${p}`)].join('\n'),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
