// The promise of `npm run department:new`: in a copy of this workspace, one command adds the
// department `agriculture`, touching only its folders, the manifest and what is generated from
// it; then, with no hand edit, `npm start` (tools/dev/run.js) serves its subgraph, the gateway
// composes it, a token with the scope agriculture:write creates a measure through the gateway, and
// cross-department search and the region pages find that measure.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestDatabase, createTestTokenIssuer, freePort, graphqlRequest, type TestDatabase } from '@hkp/testing';
import { workspaceRoot } from '@hkp/util-env';
import { MANIFEST_PATH } from './generator';
import { readManifest } from './manifest-source';
import { copyWorkspace, launch, type Launched, type ScratchWorkspace } from './scratch-workspace';

const BODY = '广东省农业农村厅';
/** A phrase no seeded measure contains, so search finds the new measure and only it. */
const PHRASE = '宜机化改造';
const TITLE = `粤北丘陵山区高标准农田${PHRASE}试点方案`;
const COUNTY = '440604'; // 禅城区, in 佛山市 440600

/**
 * What the generator may change: the new department's folders, the manifest, and files generated
 * from them (the supergraph, each subgraph's schema.graphql, deployment files). Two more are
 * registrations it still has to edit by hand-written list: the lib's import path in
 * tsconfig.base.json and the subgraph list in libs/subgraphs (see docs/departments.md).
 */
const MAY_CHANGE = [
  /^libs\/agriculture\//,
  /^apps\/agriculture\//,
  new RegExp(`^${MANIFEST_PATH.replace(/\./g, '\\.')}$`),
  /^supergraph(\.[a-z]+)?\.graphql$/,
  /^schema\/public\.graphql$/,
  /^libs\/[a-z-]+\/schema\.graphql$/,
  /^(docker|deploy)\//,
  /^tsconfig\.base\.json$/,
  /^libs\/subgraphs\/src\/index\.ts$/,
];

let scratch: ScratchWorkspace;
let generatorOutput: string;

beforeAll(() => {
  scratch = copyWorkspace(workspaceRoot());
  generatorOutput = scratch.run('npm', ['run', 'department:new', '--', 'agriculture', '--body', BODY, '--no-interactive'], {
    ...process.env,
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
  });
}, 120_000);

afterAll(() => scratch?.remove());

describe('npm run department:new -- agriculture --body 广东省农业农村厅', () => {
  it('touches only the new department, the manifest and the files generated from them', () => {
    const changed = scratch.changedPaths();
    expect(changed.filter((path) => !MAY_CHANGE.some((allowed) => allowed.test(path)))).toEqual([]);
    expect(changed).toEqual(
      expect.arrayContaining([
        MANIFEST_PATH,
        'supergraph.graphql',
        'libs/agriculture/project.json',
        'libs/agriculture/schema.graphql',
        'apps/agriculture/project.json',
        'apps/agriculture/src/main.ts',
      ]),
    );
    // The import path is one added line, the manifest one appended entry.
    expect(scratch.run('git', ['diff', '--numstat', '--', 'tsconfig.base.json']).trim()).toBe('1\t0\ttsconfig.base.json');
    expect(scratch.run('git', ['diff', '--numstat', '--', MANIFEST_PATH]).trim()).toMatch(/^\d+\t0\t/);
  });

  it('registers the department in the manifest with everything derived from its name', () => {
    const manifest = readManifest(readFileSync(join(scratch.root, MANIFEST_PATH), 'utf8'));
    const highestBefore = Math.max(...manifest.slice(0, -1).map((d) => d.port));
    expect(manifest.at(-1)).toEqual({
      name: 'agriculture',
      code: 'AGRICULTURE',
      body: BODY,
      port: highestBefore + 1,
      databaseSchema: 'agriculture',
      fieldPrefix: 'agriculture',
      typeName: 'AgricultureMeasure',
      theme: 'RURAL_REVITALISATION',
      role: 'department',
    });
    expect(generatorOutput).toContain('Theme: RURAL_REVITALISATION (no theme named AGRICULTURE)');
  });

  it('leaves the generated files and the seed data current (compose:check, deploy:check, import:seeds --check)', () => {
    expect(scratch.run('npm', ['run', '--silent', 'compose:check'])).toMatch(/up to date/);
    const { scripts } = JSON.parse(readFileSync(join(scratch.root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    if (scripts['deploy:check']) scratch.run('npm', ['run', '--silent', 'deploy:check']);
    // The seed data set and the curation schema accept the new department's code (it has no measures yet).
    scratch.run('npm', ['run', '--silent', 'import:seeds', '--', '--check']);
  });

  it("passes the workspace's own checks: the department manifest against the workspace, typecheck and lint", () => {
    const bin = (request: string) => require.resolve(request, { paths: [scratch.root] });
    scratch.run(process.execPath, [bin('jest/bin/jest'), '--ci', 'tools/test/src/departments.spec.ts']);
    // The app's tsconfig reaches the new lib and everything it imports.
    scratch.run(process.execPath, [bin('typescript/bin/tsc'), '-p', 'apps/agriculture/tsconfig.json', '--noEmit']);
    scratch.run(process.execPath, [
      join(bin('eslint/package.json'), '..', 'bin', 'eslint.js'),
      'libs/agriculture',
      'apps/agriculture',
      'libs/subgraphs',
    ]);
  });

  describe('then npm start', () => {
    const issuer = createTestTokenIssuer('editor@gdagri');
    let db: TestDatabase;
    let federation: Launched;
    let gatewayUrl: string;

    beforeAll(async () => {
      db = await createTestDatabase('department_generator');
      const manifest = readManifest(readFileSync(join(scratch.root, MANIFEST_PATH), 'utf8'));
      // Every port moved to a free one, so a running `npm start` or another test does not collide.
      // As from a shell: no ports or URLs of services another test set, not Jest's NODE_ENV.
      const env: NodeJS.ProcessEnv = Object.fromEntries(
        Object.entries(process.env).filter(([key]) => !/_(PORT|URL)$/.test(key) && key !== 'NODE_ENV'),
      );
      for (const d of manifest) env[`${d.name.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_PORT`] = String(await freePort());
      const gatewayPort = await freePort();
      Object.assign(env, {
        GATEWAY_PORT: String(gatewayPort),
        DATABASE_URL: db.url,
        JWT_PUBLIC_KEY: issuer.publicKey,
        // The catalog's own poll waits a minute: only the department's nudge after a write can bring its measure in sooner.
        CATALOG_SYNC_INTERVAL_MS: '60000',
      });
      gatewayUrl = `http://127.0.0.1:${gatewayPort}/graphql`;
      federation = await launch(scratch.root, 'tools/dev/run.js', env, /Everything is ready/, 150_000);
    }, 180_000);

    afterAll(async () => {
      await federation?.stop();
      await db?.drop();
    }, 30_000);

    const createMeasure = (authorization?: string) =>
      graphqlRequest(
        gatewayUrl,
        `mutation Create($input: CreateAgricultureMeasureInput!) {
          createAgricultureMeasure(input: $input) { measure { id programmes } version }
        }`,
        {
          input: {
            title: TITLE,
            level: 'PROVINCE',
            issuer: BODY,
            responsibleBody: BODY,
            category: 'RURAL_REVITALISATION',
            regionCodes: [COUNTY],
            programmes: ['高标准农田建设'],
          },
        },
        authorization ? { authorization } : {},
      );

    const search = () =>
      graphqlRequest<{ measures: { nodes: { id: string; __typename: string; department: string }[] } }>(
        gatewayUrl,
        `query Search($q: String!) { measures(filter: { q: $q }, first: 100) { nodes { id __typename department } } }`,
        { q: PHRASE },
      );

    it('serves the new subgraph through the gateway, writable only with agriculture:write, found by search and by region', async () => {
      expect((await search()).body.data).toEqual({ measures: { nodes: [] } });

      const anonymous = await createMeasure();
      expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      const otherDepartment = await createMeasure(`Bearer ${await issuer.token(['transport:write'])}`);
      expect(otherDepartment.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

      const created = await createMeasure(`Bearer ${await issuer.token(['agriculture:write'])}`);
      expect(created.body.errors).toBeUndefined();
      const id = created.body.data.createAgricultureMeasure.measure.id as string;
      expect(created.body.data.createAgricultureMeasure).toEqual({ measure: { id, programmes: ['高标准农田建设'] }, version: 1 });
      expect(id).toMatch(/^agriculture-/);

      // The department nudges the catalog after the commit; the catalog then reads its feed.
      let found = await search();
      for (const deadline = Date.now() + 10_000; found.body.data?.measures.nodes.length === 0 && Date.now() < deadline;) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        found = await search();
      }
      expect(found.body.data).toEqual({ measures: { nodes: [{ id, __typename: 'AgricultureMeasure', department: 'AGRICULTURE' }] } });

      const regions = await graphqlRequest(
        gatewayUrl,
        `query Regions($county: ID!) {
          county: region(code: $county) { agricultureMeasures { id } measures(filter: { department: AGRICULTURE }) { nodes { id } } }
          city: region(code: "440600") { measures(filter: { q: "${PHRASE}" }) { nodes { id } } }
        }`,
        { county: COUNTY },
      );
      expect(regions.body.errors).toBeUndefined();
      expect(regions.body.data).toEqual({
        county: { agricultureMeasures: [{ id }], measures: { nodes: [{ id }] } },
        city: { measures: { nodes: [{ id }] } },
      });
    });
  });
});
