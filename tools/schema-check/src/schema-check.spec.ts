import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workspaceRoot } from '@hkp/util-env';
import { readApprovals, writeApprovals } from './approvals';
import { checkSchemas } from './check';
import { releaseSchemas } from './release';
import { formatReport } from './report';
import { documentHash } from '@hkp/schema-usage';
import { readCurrent, schemaSources } from './schemas';

// A scratch workspace: the released schemas and the current ones of this repository, and a README
// whose example selects Region.areaName (the operation a portal developer copied).
const DEPARTMENTS = ['civil-affairs'];
let root: string;

const civilAffairsSchema = () => join(root, 'libs', 'civil-affairs', 'schema.graphql');
function editCivilAffairs(edit: (sdl: string) => string): void {
  writeFileSync(civilAffairsSchema(), edit(readFileSync(civilAffairsSchema(), 'utf8')));
}
const AREA_NAME = '  """The economic area in Chinese: 珠三角, 粤东, 粤西 or 粤北."""\n  areaName: String\n';

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'schema-check-'));
  const repo = workspaceRoot();
  cpSync(join(repo, 'schema', 'released'), join(root, 'schema', 'released'), { recursive: true });
  cpSync(join(repo, 'supergraph.graphql'), join(root, 'supergraph.graphql'));
  cpSync(join(repo, 'schema', 'events'), join(root, 'schema', 'events'), { recursive: true });
  mkdirSync(join(root, 'libs', 'civil-affairs'), { recursive: true });
  // The released schema stands for "now": each test changes it as a department would.
  cpSync(join(repo, 'schema', 'released', 'civil-affairs.graphql'), civilAffairsSchema());
  writeFileSync(
    join(root, 'README.md'),
    '# Portal\n\n```graphql\nquery CityCard {\n  region(code: "440600") { name areaName }\n}\n```\n\n```graphql\nquery Names { regions(level: CITY) { nodes { name } } }\n```\n',
  );
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('npm run schema:check', () => {
  it('passes when nothing changed since the release', async () => {
    const report = await checkSchemas(root, DEPARTMENTS);
    expect(report.changes).toEqual([]);
    expect(report.failed).toBe(false);
    expect(report.operationsKnown).toBe(2);
  });

  it('fails on a removed field that a known operation selects, naming the field, the change and the operation', async () => {
    expect(readFileSync(civilAffairsSchema(), 'utf8')).toContain(AREA_NAME);
    editCivilAffairs((sdl) => sdl.replace(AREA_NAME, ''));
    const report = await checkSchemas(root, DEPARTMENTS);
    expect(report.failed).toBe(true);
    const removed = report.changes.find((c) => c.coordinate === 'Region.areaName')!;
    expect(removed).toMatchObject({ schema: 'civil-affairs', type: 'FIELD_REMOVED', verdict: 'blocked' });
    expect(removed.operations.map((o) => `${o.name} ${o.client} ${o.source}`)).toEqual(['CityCard repository README.md:3']);
    const printed = formatReport(report);
    expect(printed).toContain('civil-affairs: Region.areaName: FIELD_REMOVED');
    expect(printed).toContain('used by CityCard (repository, README.md:3)');
    expect(printed).toMatch(/Schema check failed/);
  });

  it('passes the same removal once its department approves it with a reason', async () => {
    editCivilAffairs((sdl) => sdl.replace(AREA_NAME, ''));
    writeApprovals(root, [
      {
        coordinate: 'Region.areaName',
        change: 'FIELD_REMOVED',
        reason: 'The area is answered by Region.area (an enum); areaName repeated it in Chinese.',
        department: 'civil-affairs',
        approvedOn: '2026-12-02',
      },
    ]);
    const report = await checkSchemas(root, DEPARTMENTS);
    expect(report.failed).toBe(false);
    expect(report.changes.find((c) => c.coordinate === 'Region.areaName')).toMatchObject({ verdict: 'approved' });
  });

  it('refuses an approvals file without a reason or from an unknown department', async () => {
    writeFileSync(
      join(root, 'schema', 'approvals.json'),
      JSON.stringify([
        { coordinate: 'Region.areaName', change: 'FIELD_REMOVED', reason: '', department: 'agriculture', approvedOn: '2026-12-02' },
      ]),
    );
    await expect(checkSchemas(root, DEPARTMENTS)).rejects.toThrow(/approvals.json is not valid:[\s\S]*reason[\s\S]*department/);
  });

  it("checks each contract's API like the whole one: a field removed from the public contract breaks the operations that select it", async () => {
    const repo = workspaceRoot();
    cpSync(join(repo, 'schema', 'contracts.json'), join(root, 'schema', 'contracts.json'));
    cpSync(join(repo, 'supergraph.public.graphql'), join(root, 'supergraph.public.graphql'));
    const publicApi = schemaSources(root, DEPARTMENTS).find((s) => s.name === 'api-public')!;
    expect(publicApi.releasedPath).toBe(join(root, 'schema', 'released', 'api-public.graphql'));
    // Released as it is now, then a department drops the field from the contract (tags it internal).
    writeFileSync(publicApi.releasedPath, readCurrent(publicApi)!);
    const contract = readFileSync(publicApi.currentPath, 'utf8');
    const areaName = /^ {2}areaName: String @join__field\(graph: CIVIL_AFFAIRS\)$/m;
    expect(contract).toMatch(areaName);
    writeFileSync(publicApi.currentPath, contract.replace(areaName, '  areaName: String @join__field(graph: CIVIL_AFFAIRS) @inaccessible'));

    const report = await checkSchemas(root, DEPARTMENTS);
    expect(report.failed).toBe(true);
    const removed = report.changes.filter((c) => c.coordinate === 'Region.areaName');
    expect(removed.map((c) => `${c.schema} ${c.type} ${c.verdict}`)).toEqual(['api-public FIELD_REMOVED blocked']);
    expect(removed[0].operations.map((o) => o.name)).toEqual(['CityCard']);
  });

  it('calls an added nullable field safe', async () => {
    editCivilAffairs((sdl) => sdl.replace(AREA_NAME, `${AREA_NAME}\n  """Its name in pinyin."""\n  pinyinName: String\n`));
    const report = await checkSchemas(root, DEPARTMENTS);
    expect(report.changes).toContainEqual(
      expect.objectContaining({ coordinate: 'Region.pinyinName', type: 'FIELD_ADDED', verdict: 'safe' }),
    );
    expect(report.changes.every((c) => c.verdict === 'safe')).toBe(true);
    expect(report.failed).toBe(false);
  });

  it('warns while a deprecated field is still used, and lets it go with a notice once no known operation uses it', async () => {
    editCivilAffairs((sdl) => sdl.replace('  areaName: String\n', '  areaName: String @deprecated(reason: "Use area.")\n'));
    const deprecated = await checkSchemas(root, DEPARTMENTS);
    expect(deprecated.failed).toBe(false);
    expect(deprecated.deprecatedInUse.map((d) => [d.coordinate, d.operations.map((o) => o.name)])).toEqual([
      ['Region.areaName', ['CityCard']],
    ]);
    expect(formatReport(deprecated)).toContain('warning: Region.areaName is deprecated ("Use area.") and still used by CityCard');

    // The portal moved off the field; the department removes it.
    writeFileSync(join(root, 'README.md'), '```graphql\nquery CityCard { region(code: "440600") { name area } }\n```\n');
    editCivilAffairs((sdl) => sdl.replace(/  """The economic area[^\n]*\n  areaName: String[^\n]*\n/, ''));
    const removed = await checkSchemas(root, DEPARTMENTS);
    expect(removed.failed).toBe(false);
    expect(removed.changes.find((c) => c.coordinate === 'Region.areaName')).toMatchObject({ verdict: 'unused', operations: [] });
    expect(formatReport(removed)).toContain('breaking, no known operation uses it (ships with a notice)');
  });

  it('counts the operations of persisted-document manifests, under the client that ships them', async () => {
    mkdirSync(join(root, 'schema', 'usage'), { recursive: true });
    writeFileSync(
      join(root, 'schema', 'usage', 'portal.persisted.json'),
      JSON.stringify({ abc123: 'query Breadcrumb { region(code: "441226") { areaName } }' }),
    );
    editCivilAffairs((sdl) => sdl.replace(AREA_NAME, ''));
    const report = await checkSchemas(root, DEPARTMENTS);
    const removed = report.changes.find((c) => c.coordinate === 'Region.areaName')!;
    expect(removed.operations.map((o) => `${o.name} ${o.client} ${o.source}`)).toContain(
      'Breadcrumb portal schema/usage/portal.persisted.json#abc123',
    );
  });

  it("counts a portal operation once when its sources and its build's manifest both hold it, under the client", async () => {
    // The portal's source as written, and the same document as its build reprints it into the manifest (sorted, on one line).
    const source = (fields: string) =>
      `import { graphql } from '../gql';\n\nexport const BreadcrumbQuery = graphql(\`\n  query Breadcrumb($code: ID!) {\n    region(code: $code) {\n${fields}    }\n  }\n\`);\n`;
    mkdirSync(join(root, 'apps', 'portal', 'src'), { recursive: true });
    writeFileSync(join(root, 'apps', 'portal', 'src', 'operations.tsx'), source('      name\n      areaName\n      ancestors { code }\n'));
    mkdirSync(join(root, 'schema', 'usage'), { recursive: true });
    writeFileSync(
      join(root, 'schema', 'usage', 'portal.persisted.json'),
      JSON.stringify({ abc123: 'query Breadcrumb($code: ID!) { region(code: $code) { ancestors { code } areaName name } }' }),
    );
    editCivilAffairs((sdl) => sdl.replace(AREA_NAME, ''));
    const once = await checkSchemas(root, DEPARTMENTS);
    expect(once.operationsKnown).toBe(3); // CityCard and Names of the README, Breadcrumb
    const users = (report: typeof once) =>
      report.changes.find((c) => c.coordinate === 'Region.areaName')!.operations.map((o) => `${o.name} ${o.client} ${o.source}`);
    expect(users(once)).toEqual(['Breadcrumb portal schema/usage/portal.persisted.json#abc123', 'CityCard repository README.md:3']);

    // Edited since the last build: the manifest no longer holds what the source sends, so both are known.
    writeFileSync(join(root, 'apps', 'portal', 'src', 'operations.tsx'), source('      name\n      areaName\n      level\n'));
    const edited = await checkSchemas(root, DEPARTMENTS);
    expect(edited.operationsKnown).toBe(4);
    expect(users(edited)).toEqual([
      'Breadcrumb portal schema/usage/portal.persisted.json#abc123',
      'CityCard repository README.md:3',
      'Breadcrumb repository apps/portal/src/operations.tsx:3',
    ]);
  });
});

describe('usage reports the gateway exported', () => {
  // The check runs on 2026-12-02; the default deprecation period is 30 days.
  const now = new Date('2026-12-02T09:00:00Z');
  const CITY_MAP = 'query CityMap {\n  region(code: "440600") {\n    name\n    areaName\n  }\n}';
  const NAMES = 'query Names {\n  region(code: "440600") {\n    name\n  }\n}';

  function writeReport(dir: string, file: string, to: string, operations: { client: string; document: string; count?: number }[]) {
    mkdirSync(dir, { recursive: true });
    const report = {
      from: new Date(new Date(to).getTime() - 86_400_000).toISOString(),
      to,
      operations: operations.map(({ client, document, count }) => ({
        client,
        name: /query (\w+)/.exec(document)![1]!,
        hash: documentHash(document),
        document,
        count: count ?? 10,
        coordinates: [],
      })),
    };
    writeFileSync(join(dir, file), JSON.stringify(report));
  }
  const usageDir = () => join(root, 'schema', 'usage');
  const removeAreaName = () => editCivilAffairs((sdl) => sdl.replace(/  """The economic area[^\n]*\n  areaName: String[^\n]*\n/, ''));

  beforeEach(() => {
    // The repository's own examples no longer select areaName: only the reports can hold it back.
    writeFileSync(join(root, 'README.md'), '```graphql\nquery Names { region(code: "440600") { name } }\n```\n');
  });

  it('fails a removal that a report of the last 30 days shows used, naming the client and the report', async () => {
    writeReport(usageDir(), '2026-11-27.usage.json', '2026-11-27T00:00:00.000Z', [
      { client: 'portal@2.3.1', document: CITY_MAP },
      { client: 'partner-foshan', document: NAMES },
    ]);
    removeAreaName();
    const report = await checkSchemas(root, DEPARTMENTS, { now });
    expect(report.failed).toBe(true);
    const removed = report.changes.find((c) => c.coordinate === 'Region.areaName')!;
    expect(removed.verdict).toBe('blocked');
    expect(removed.operations.map((o) => `${o.name} ${o.client} ${o.lastSeen}`)).toEqual(['CityMap portal@2.3.1 2026-11-27T00:00:00.000Z']);
    const printed = formatReport(report);
    expect(printed).toContain(
      `used by CityMap (portal@2.3.1, schema/usage/2026-11-27.usage.json#${documentHash(CITY_MAP).slice(0, 12)}, last seen 2026-11-27)`,
    );
    expect(printed).toContain('usage reports of the last 30 days show it used');
  });

  it('warns while reports show a deprecated field used, and lets it go once the last report using it is older than the period', async () => {
    writeReport(usageDir(), '2026-10-20.usage.json', '2026-10-20T00:00:00.000Z', [{ client: 'portal@2.2.0', document: CITY_MAP }]);
    writeReport(usageDir(), '2026-11-25.usage.json', '2026-11-25T00:00:00.000Z', [{ client: 'portal@2.3.1', document: NAMES }]);
    editCivilAffairs((sdl) => sdl.replace('  areaName: String\n', '  areaName: String @deprecated(reason: "Use area.")\n'));
    // On 2026-11-01 the October report is within the period: the field is still used.
    const deprecated = await checkSchemas(root, DEPARTMENTS, { now: new Date('2026-11-01T00:00:00Z') });
    expect(deprecated.deprecatedInUse.map((d) => [d.coordinate, d.operations.map((o) => o.client)])).toEqual([
      ['Region.areaName', ['portal@2.2.0']],
    ]);

    removeAreaName();
    const early = await checkSchemas(root, DEPARTMENTS, { now: new Date('2026-11-01T00:00:00Z') });
    expect(early.failed).toBe(true);

    // 43 days after the last report that used it, no report of the last 30 days does.
    const removed = await checkSchemas(root, DEPARTMENTS, { now });
    expect(removed.failed).toBe(false);
    const change = removed.changes.find((c) => c.coordinate === 'Region.areaName')!;
    expect(change).toMatchObject({ verdict: 'unused', operations: [] });
    expect(change.formerOperations.map((o) => o.client)).toEqual(['portal@2.2.0']);
    expect(formatReport(removed)).toContain('last used by CityMap (portal@2.2.0) on 2026-10-20, before the 30-day period');

    // A longer period, from the policy file or the command line, holds it back again.
    writeFileSync(join(root, 'schema', 'usage-policy.json'), JSON.stringify({ deprecationPeriodDays: 60 }));
    expect((await checkSchemas(root, DEPARTMENTS, { now })).failed).toBe(true);
    expect((await checkSchemas(root, DEPARTMENTS, { now, deprecationPeriodDays: 30 })).failed).toBe(false);
  });

  it('reads the reports of another folder too (--usage), merging every replica’s report of an operation', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'usage-reports-'));
    try {
      writeReport(elsewhere, 'replica-a.usage.json', '2026-12-01T00:00:00.000Z', [
        { client: 'portal@2.3.1', document: CITY_MAP, count: 7 },
      ]);
      writeReport(elsewhere, 'replica-b.usage.json', '2026-12-01T06:00:00.000Z', [
        { client: 'portal@2.3.1', document: CITY_MAP, count: 5 },
      ]);
      removeAreaName();
      expect((await checkSchemas(root, DEPARTMENTS, { now })).failed).toBe(false);
      const report = await checkSchemas(root, DEPARTMENTS, { now, usageDirs: [elsewhere] });
      expect(report.failed).toBe(true);
      const [operation] = report.changes.find((c) => c.coordinate === 'Region.areaName')!.operations;
      expect(operation).toMatchObject({ client: 'portal@2.3.1', count: 12, lastSeen: '2026-12-01T06:00:00.000Z' });
      expect(operation!.source).toContain('replica-b.usage.json');
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('refuses a report that is not one, naming the file', async () => {
    mkdirSync(usageDir(), { recursive: true });
    writeFileSync(join(usageDir(), '2026-12-01.usage.json'), JSON.stringify({ from: '2026-11-30', operations: [] }));
    await expect(checkSchemas(root, DEPARTMENTS, { now })).rejects.toThrow(/schema\/usage\/2026-12-01.usage.json is not a usage report/);
  });
});

describe('npm run schema:release', () => {
  it('fixes the current schemas, writes a changelog entry with the approval, and drops the approval it used', async () => {
    editCivilAffairs((sdl) => sdl.replace(AREA_NAME, ''));
    const approval = {
      coordinate: 'Region.areaName',
      change: 'FIELD_REMOVED',
      reason: 'The area is answered by Region.area (an enum); areaName repeated it in Chinese.',
      department: 'civil-affairs',
      approvedOn: '2026-12-02',
    };
    writeApprovals(root, [approval]);
    const report = await releaseSchemas(root, '2026-12-03', DEPARTMENTS);
    expect(report.failed).toBe(false);
    expect(readFileSync(join(root, 'schema', 'released', 'civil-affairs.graphql'), 'utf8')).not.toContain('areaName');
    expect(readApprovals(root)).toEqual([]);
    const changelog = readFileSync(join(root, 'schema', 'CHANGELOG.md'), 'utf8');
    expect(changelog).toContain('## 2026-12-03');
    expect(changelog).toContain('`Region.areaName` FIELD_REMOVED');
    expect(changelog).toContain('approved by civil-affairs: The area is answered by Region.area');
    expect((await checkSchemas(root, DEPARTMENTS)).changes).toEqual([]);
  });

  it('releases nothing while a breaking change is not approved', async () => {
    editCivilAffairs((sdl) => sdl.replace(AREA_NAME, ''));
    const before = readFileSync(join(root, 'schema', 'released', 'civil-affairs.graphql'), 'utf8');
    const report = await releaseSchemas(root, '2026-12-03', DEPARTMENTS);
    expect(report.failed).toBe(true);
    expect(readFileSync(join(root, 'schema', 'released', 'civil-affairs.graphql'), 'utf8')).toBe(before);
  });
});
