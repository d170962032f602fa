// No Docker engine runs here, so the image recipe and the compose file are kept correct by
// construction: they must name the apps, ports and commands the workspace really has.
import { readFileSync } from 'node:fs';
import { envPrefixOf } from '@hkp/departments';
import { join } from 'node:path';
import { SERVICE_PORTS, workspaceRoot } from '@hkp/util-env';
import { compiledEntry } from './build';

const root = workspaceRoot();
const dockerfile = readFileSync(join(root, 'docker', 'Dockerfile'), 'utf8');
const compose = readFileSync(join(root, 'docker', 'compose.yaml'), 'utf8');
const apps = Object.keys(SERVICE_PORTS) as (keyof typeof SERVICE_PORTS)[];

describe('docker/Dockerfile', () => {
  it('compiles with the same build as npm start and runs the compiled entry of its APP', () => {
    expect(dockerfile).toMatch(/^RUN npm run build$/m);
    expect(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts.build).toBeDefined();
    const cmd = /^CMD \[.*"exec node ([^"]+)"\]$/m.exec(dockerfile)?.[1];
    expect(cmd?.replace('${APP}', 'education')).toBe(compiledEntry('education'));
  });

  it('puts into the running image what the compiled services read from the workspace root', () => {
    const runStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    for (const needed of ['nx.json', 'supergraph.graphql', 'data/generated', 'data/regions', 'dist'])
      expect(runStage).toMatch(new RegExp(`^COPY .*${needed}`, 'm'));
    expect(runStage).toMatch(/npm ci --omit=dev/);
  });

  it('accepts any app the build compiled, exposes every service port and defaults to production', () => {
    // A department added to the manifest needs no edit here: APP is checked against dist/apps.
    expect(dockerfile).toContain('[ ! -f "dist/apps/$APP/src/main.js" ]');
    const [, low, high] = /^EXPOSE (\d+)-(\d+)$/m.exec(dockerfile) ?? [];
    for (const app of apps) {
      expect(SERVICE_PORTS[app]).toBeGreaterThanOrEqual(Number(low));
      expect(SERVICE_PORTS[app]).toBeLessThanOrEqual(Number(high));
    }
    expect(dockerfile).toMatch(/^ENV .*NODE_ENV=production/m);
  });
});

describe('docker/compose.yaml', () => {
  it.each(apps)('builds and checks %s on its own port', (app) => {
    const port = SERVICE_PORTS[app];
    expect(compose).toContain(`args: { APP: ${app} }`);
    expect(compose).toContain(`fetch('http://127.0.0.1:${port}/${app === 'gateway' ? 'readiness' : 'health/ready'}')`);
    if (app !== 'gateway') expect(compose).toContain(`${envPrefixOf(app)}_URL: http://${app}:${port}/graphql`);
  });

  it('ships no signing secret and publishes the gateway on this machine only', () => {
    // Unset is refused; empty is allowed for a key-pair setup (JWT_PUBLIC_KEY).
    expect(compose).toMatch(/JWT_SECRET: \$\{JWT_SECRET\?/);
    expect(compose).toContain('"127.0.0.1:4000:4000"');
  });
});
