// `npm run build`: compile the services to dist/ (what `npm start` and the Docker image run).
import { performance } from 'node:perf_hooks';
import { workspaceRoot } from '@hkp/util-env';
import { buildServices } from './build';

buildServices(workspaceRoot())
  .then(({ compiled, removed, total, outDir }) => {
    console.log(
      `Compiled ${compiled} of ${total} files to ${outDir} (${removed} stale removed) in ${(performance.now() / 1000).toFixed(1)} s.`,
    );
  })
  .catch((error: Error) => {
    console.error(`Build failed: ${error.message}`);
    process.exit(1);
  });
