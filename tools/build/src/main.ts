// `npm run build`: compile the services to dist/ (what `npm start` and the Docker image run), then
// the portal's static files to dist/portal (when its sources changed). `--portal`: the portal only.
import { performance } from 'node:perf_hooks';
import { workspaceRoot } from '@hkp/util-env';
import { buildServices } from './build';
import { buildPortal, describePortalBuild } from './portal';

async function main(): Promise<void> {
  const root = workspaceRoot();
  if (!process.argv.includes('--portal')) {
    const { compiled, removed, total, outDir } = await buildServices(root);
    console.log(
      `Compiled ${compiled} of ${total} files to ${outDir} (${removed} stale removed) in ${(performance.now() / 1000).toFixed(1)} s.`,
    );
  }
  console.log(describePortalBuild(await buildPortal(root), root));
}

main().catch((error: Error) => {
  console.error(`Build failed: ${error.message}`);
  process.exit(1);
});
