// The portal's Vite build: static files in dist/portal, relative asset paths so any web server
// (or a sub-path such as /portal/) can serve them. Preact through esbuild-style JSX (Oxc in Vite 8):
// no framework plugin needed. `npm run build` and `npm start` run it through tools/build/src/portal.ts.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: './',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: join(here, '..', '..', 'dist', 'portal'),
    emptyOutDir: true,
    target: 'es2022',
    // Budgets are checked by the build step on gzip sizes; this only silences Vite's raw-size warning.
    chunkSizeWarningLimit: 1200,
  },
  // `vite` in apps/portal during development: the gateway of `npm start` answers /graphql.
  server: { proxy: { '/graphql': process.env.GATEWAY_URL ?? 'http://127.0.0.1:4000' } },
});
