import { Client } from 'pg';
import { readGeneratedMeasures } from '@hkp/policy-model';
import { ALL_SUBGRAPHS } from '@hkp/subgraphs';
import {
  bearerHeaders,
  createTestTokenIssuer,
  graphqlData,
  startIsolatedFederation,
  waitUntil,
  type IsolatedFederation,
} from '@hkp/testing';
import { FAST_CATALOG_SYNC, waitForCatalogTotal } from './support/catalog-sync';
import { foshanEducationMeasure } from './support/education-measure';

// The bulk exports as a spreadsheet user or a partner downloads them: through the real gateway over
// HTTP, on real PostgreSQL, compared with what paging the `measures` list through the same gateway
// returns. Each request names its own client address (X-Forwarded-For, trusted here), so the rate
// limit of one test does not spend another's allowance.

const MEASURES = readGeneratedMeasures();
const issuer = createTestTokenIssuer('exports-writer');

// Small pages (every export is many pages) and a cost that lets a client make two exports a window.
const RATE_LIMIT_POINTS = 400;
const EXPORT_COST = 190;
const EXPORT_PAGE_SIZE = 5;

let federation: IsolatedFederation;
let origin: string;

beforeAll(async () => {
  federation = await startIsolatedFederation('exports_e2e', ALL_SUBGRAPHS, {
    env: FAST_CATALOG_SYNC,
    trustedIssuer: issuer,
    gatewayEnv: {
      GATEWAY_TRUST_PROXY: 'true',
      RATE_LIMIT_POINTS: String(RATE_LIMIT_POINTS),
      GATEWAY_EXPORT_COST: String(EXPORT_COST),
      GATEWAY_EXPORT_PAGE_SIZE: String(EXPORT_PAGE_SIZE),
    },
  });
  origin = new URL(federation.gatewayUrl).origin;
  await waitForCatalogTotal(federation.gatewayUrl, MEASURES.length);
}, 180_000);

afterAll(async () => {
  await federation?.stop();
});

let clients = 0;
/** A client address of its own (TEST-NET-3), for one test's requests. */
const newClient = () => `203.0.113.${(clients += 1)}`;

function download(path: string, client: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Response> {
  return fetch(`${origin}${path}`, { method, headers: { 'x-forwarded-for': client, ...headers } });
}

// ---------------------------------------------------------------------------------------------
// The API, paged as a client pages it (a page size of its own, unlike the export's)

/** The fields docs/exports.md says a line of measures.ndjson holds, in its order. */
const MEASURE_SELECTION = `__typename id title originalTitle department responsibleBody category level issuer
  period { startYear endYear } publishedOn regions { code name } points
  targets { id indicator value unit year comparator baseline { value year } region { code name } excerpt progress { latestValue observedOn ratio } }
  source { excerpt excerptSimplified headline label publisher article { id } }
  version updatedAt archived
  funding { id amount unit year purpose region { code name } excerpt }
  ... on CivilAffairsMeasure { beneficiaries }
  ... on EducationMeasure { stages pairedInstitutions pairedCounties }
  ... on FinanceMeasure { instruments }
  ... on HealthMeasure { structure { overallGoals projects subProjects } programmes }
  ... on ProgrammeMeasure { leadDepartment }
  ... on TransportMeasure { modes }`;

interface ApiTarget {
  id: string;
  indicator: string;
  value: number;
  unit: string;
  year: number | null;
  comparator: string;
  baseline: { value: number; year: number | null } | null;
  region: { code: string; name: string } | null;
  excerpt: string;
  progress: { latestValue: number; observedOn: string; ratio: number | null } | null;
}
interface ApiMeasure {
  id: string;
  title: string;
  department: string;
  version: number;
  targets: ApiTarget[];
  [field: string]: unknown;
}

async function pageTheApi(): Promise<ApiMeasure[]> {
  const measures: ApiMeasure[] = [];
  let after: string | null = null;
  for (;;) {
    const page: { measures: { nodes: ApiMeasure[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } = await graphqlData(
      federation.gatewayUrl,
      `query Page($after: String) { measures(first: 20, after: $after) { pageInfo { hasNextPage endCursor } nodes { ${MEASURE_SELECTION} } } }`,
      { after },
    );
    measures.push(...page.measures.nodes);
    if (!page.measures.pageInfo.hasNextPage) return measures;
    after = page.measures.pageInfo.endCursor;
  }
}

// ---------------------------------------------------------------------------------------------
// The files as a user reads them

function ndjsonLines(text: string): unknown[] {
  expect(text.endsWith('\n')).toBe(true);
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => JSON.parse(line) as unknown);
}

/** RFC 4180: records end in CRLF, fields are quoted when they hold a comma, quote or line break, quotes doubled. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 1;
    } else field += c;
  }
  expect({ unterminatedRecord: record, field, quoted }).toEqual({ unterminatedRecord: [], field: '', quoted: false });
  return records;
}

/** The columns docs/exports.md documents for targets.csv, in order. */
const CSV_COLUMNS = [
  'measure_id',
  'measure_title',
  'department',
  'target_id',
  'indicator',
  'value',
  'unit',
  'comparator',
  'year',
  'baseline_value',
  'baseline_year',
  'region_code',
  'region_name',
  'progress_latest_value',
  'progress_observed_on',
  'progress_ratio',
  'source_excerpt',
];

const text = (value: string | number | null | undefined) => (value === null || value === undefined ? '' : String(value));

/** The rows targets.csv should hold for these measures, as text (numbers as JavaScript prints them). */
function expectedTargetRows(measures: ApiMeasure[]): string[][] {
  return measures.flatMap((m) =>
    m.targets.map((t) =>
      [
        m.id,
        m.title,
        m.department,
        t.id,
        t.indicator,
        t.value,
        t.unit,
        t.comparator,
        t.year,
        t.baseline?.value,
        t.baseline?.year,
        t.region?.code,
        t.region?.name,
        t.progress?.latestValue,
        t.progress?.observedOn,
        t.progress?.ratio,
        t.excerpt,
      ].map(text),
    ),
  );
}

async function readCsv(response: Response): Promise<{ bom: boolean; records: string[][] }> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  // TextDecoder drops a leading BOM by default; the file's bytes were checked above.
  return { bom, records: parseCsv(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) };
}

// ---------------------------------------------------------------------------------------------

describe('measures.ndjson', () => {
  it('holds every measure the API lists, one JSON object per line, with the values paging the API returns', async () => {
    const client = newClient();
    const response = await download('/export/measures.ndjson', client);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    const lines = ndjsonLines(await response.text());
    const api = await pageTheApi();
    expect(api.map((m) => m.id).sort()).toEqual(MEASURES.map((m) => m.id).sort());
    expect(lines).toEqual(api);
    // Department fields came through their inline fragments.
    expect(lines.filter((m) => (m as ApiMeasure)['__typename'] === 'EducationMeasure').some((m) => (m as ApiMeasure)['stages'])).toBe(true);
  });
});

describe('targets.csv', () => {
  it('begins with the UTF-8 BOM and the documented header, parses, and holds every target the API lists', async () => {
    const response = await download('/export/targets.csv', newClient());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    const { bom, records } = await readCsv(response);
    expect(bom).toBe(true);
    expect(records[0]).toEqual(CSV_COLUMNS);
    const api = await pageTheApi();
    const expected = expectedTargetRows(api);
    expect(expected.length).toBe(MEASURES.reduce((n, m) => n + m.targets.length, 0));
    expect(records.slice(1)).toEqual(expected);
  });
});

describe('validators', () => {
  it('gives an ETag and Last-Modified, and answers a revalidation 304 without a body', async () => {
    const client = newClient();
    for (const path of ['/export/measures.ndjson', '/export/targets.csv']) {
      const head = await download(path, client, {}, 'HEAD');
      expect(head.status).toBe(200);
      const etag = head.headers.get('etag')!;
      const lastModified = head.headers.get('last-modified')!;
      expect(etag).toMatch(/^W\/"[\w-]+"$/);
      expect(new Date(lastModified).getTime()).toBeGreaterThan(Date.parse('2024-01-01'));
      expect(await head.text()).toBe('');

      const again = await download(path, client, { 'if-none-match': etag });
      expect(again.status).toBe(304);
      expect(again.headers.get('etag')).toBe(etag);
      expect(await again.text()).toBe('');

      const since = await download(path, client, { 'if-modified-since': lastModified });
      expect(since.status).toBe(304);
      expect(await since.text()).toBe('');

      // Another tag, or a date before the change: the whole file.
      const other = await download(path, client, { 'if-none-match': 'W/"something-else"' });
      expect(other.status).toBe(200);
      expect((await other.text()).length).toBeGreaterThan(1000);
    }
  });

  it('changes after a write through the API, and the export includes the change', async () => {
    const client = newClient();
    const before = await download('/export/measures.ndjson', client, {}, 'HEAD');
    const beforeCsv = await download('/export/targets.csv', client, {}, 'HEAD');
    const token = await issuer.token(['education:write'], { subject: 'exports-writer' });
    const indicator = '新增"高中"学位, 含扩建';
    const created = await graphqlData<{ createEducationMeasure: { measure: { id: string } } }>(
      federation.gatewayUrl,
      `mutation Create($input: CreateEducationMeasureInput!) { createEducationMeasure(input: $input) { measure { id } } }`,
      {
        input: foshanEducationMeasure('佛山市新增高中学位行动方案', {
          stages: ['高中'],
          targets: [{ indicator, value: 2.5, unit: '万个', year: 2026, comparator: 'AT_LEAST', baseline: { value: 1, year: 2023 } }],
        }),
      },
      bearerHeaders(token),
    );
    const id = created.createEducationMeasure.measure.id;
    await waitForCatalogTotal(federation.gatewayUrl, MEASURES.length + 1);

    let etag: string | null = null;
    await waitUntil(
      async () => {
        etag = (await download('/export/measures.ndjson', client, {}, 'HEAD')).headers.get('etag');
        return etag !== before.headers.get('etag');
      },
      () => `the ETag to change after the write (still ${etag})`,
    );
    const stale = await download('/export/measures.ndjson', client, { 'if-none-match': before.headers.get('etag')! });
    expect(stale.status).toBe(200);
    const lines = ndjsonLines(await stale.text()) as ApiMeasure[];
    const api = await pageTheApi();
    expect(lines).toEqual(api);
    expect(lines.find((m) => m.id === id)).toMatchObject({ title: '佛山市新增高中学位行动方案', stages: ['高中'], version: 1 });
    expect(Date.parse(stale.headers.get('last-modified')!)).toBeGreaterThanOrEqual(Date.parse(before.headers.get('last-modified')!));

    const csv = await download('/export/targets.csv', client, { 'if-none-match': beforeCsv.headers.get('etag')! });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('etag')).not.toBe(beforeCsv.headers.get('etag'));
    const { records } = await readCsv(csv);
    expect(records.slice(1)).toEqual(expectedTargetRows(api));
    // The quotes and the comma of the indicator survived the CSV quoting.
    expect(records.find((r) => r[0] === id)).toEqual(
      expect.arrayContaining([id, indicator, '2.5', '万个', 'AT_LEAST', '2026', '1', '2023']),
    );
  });
});

describe('validators on a restored or replaced programme database', () => {
  /** Runs SQL in the programme service's schema of this federation's database. */
  async function programmeSql<T>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    const schema = ALL_SUBGRAPHS.find((m) => m.name === 'programme')!.databaseSchema;
    const client = new Client({ connectionString: federation.database.url, options: `-c search_path=${schema}` });
    await client.connect();
    try {
      return (await client.query(sql, parameters)).rows as T[];
    } finally {
      await client.end();
    }
  }
  const validatorsOf = async (client: string) => {
    const head = await download('/export/measures.ndjson', client, {}, 'HEAD');
    return { etag: head.headers.get('etag')!, lastModified: head.headers.get('last-modified')! };
  };

  it('change when the change feed is shorter (an older backup) or another (its id changed), and come back with the feed', async () => {
    const client = newClient();
    const seen = await validatorsOf(client);
    // An older backup: the latest change is not in it (kept aside, exactly, to put it back).
    await programmeSql(
      'CREATE TABLE export_e2e_held_change AS SELECT * FROM catalog_changes WHERE seq = (SELECT max(seq) FROM catalog_changes)',
    );
    await programmeSql('DELETE FROM catalog_changes WHERE seq IN (SELECT seq FROM export_e2e_held_change)');
    const shorter = await validatorsOf(client);
    expect(shorter.etag).not.toBe(seen.etag);
    expect(Date.parse(shorter.lastModified)).toBeLessThanOrEqual(Date.parse(seen.lastModified));
    expect((await download('/export/measures.ndjson', client, { 'if-none-match': seen.etag }, 'HEAD')).status).toBe(200);

    // The change back as it was: the same position, the same validators.
    await programmeSql('INSERT INTO catalog_changes SELECT * FROM export_e2e_held_change');
    await programmeSql('DROP TABLE export_e2e_held_change');
    expect((await validatorsOf(client)).etag).toBe(seen.etag);

    // Another feed (a recreated catalog) with the same changes: positions are not comparable, the tag changes.
    const [{ feed_id: feedId }] = await programmeSql<{ feed_id: string }>('SELECT feed_id::text FROM catalog_change_feed');
    await programmeSql('UPDATE catalog_change_feed SET feed_id = gen_random_uuid()');
    try {
      const replaced = await validatorsOf(client);
      expect(replaced.etag).not.toBe(seen.etag);
      expect(replaced.lastModified).toBe(seen.lastModified);
    } finally {
      await programmeSql('UPDATE catalog_change_feed SET feed_id = $1', [feedId]);
    }
    expect((await validatorsOf(client)).etag).toBe(seen.etag);
  });
});

describe('compression and browsers', () => {
  it('sends each file with brotli or gzip as Accept-Encoding prefers, the same file and validators as sent plain', async () => {
    // A client of its own for each download: an export costs about half a client's allowance here.
    for (const path of ['/export/measures.ndjson', '/export/targets.csv']) {
      const client = newClient();
      const plain = await download(path, client, { 'accept-encoding': 'identity' });
      expect(plain.headers.get('content-encoding')).toBeNull();
      const text = await plain.text();
      for (const coding of ['br', 'gzip']) {
        // fetch decodes the body; the header says how it was sent.
        const compressed = await download(path, newClient(), { 'accept-encoding': coding });
        expect(compressed.status).toBe(200);
        expect(compressed.headers.get('content-encoding')).toBe(coding);
        expect(compressed.headers.get('vary')).toMatch(/accept-encoding/i);
        expect(compressed.headers.get('etag')).toBe(plain.headers.get('etag'));
        expect(await compressed.text()).toBe(text);
      }
      const revalidated = await download(path, client, { 'accept-encoding': 'br', 'if-none-match': plain.headers.get('etag')! });
      expect(revalidated.status).toBe(304);
      expect(revalidated.headers.get('vary')).toMatch(/accept-encoding/i);
    }
  });

  it('lets a portal on another origin read the ETag and Last-Modified it revalidates with', async () => {
    const response = await download('/export/targets.csv', newClient(), { origin: 'https://portal.example.org' }, 'HEAD');
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const exposed = (response.headers.get('access-control-expose-headers') ?? '').split(',').map((h) => h.trim().toLowerCase());
    // Last-Modified is readable by every page (a CORS-safelisted response header); the ETag only when exposed.
    expect(exposed).toContain('etag');
    expect(response.headers.get('etag')).toMatch(/^W\/"[\w-]+"$/);
  });
});

describe('limits', () => {
  it('charges an export its cost of the rate limit, not one point per page it reads', async () => {
    const client = newClient();
    // 63 measures in pages of 5: counted per page, the second export would run out of points.
    for (let i = 0; i < 2; i += 1) {
      const response = await download('/export/measures.ndjson', client);
      expect(response.status).toBe(200);
      expect(ndjsonLines(await response.text()).length).toBeGreaterThanOrEqual(MEASURES.length);
    }
    const refused = await download('/export/targets.csv', client);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await refused.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe('RATE_LIMITED');
    expect(body.errors[0]!.message).toContain(`An export counts as ${EXPORT_COST} requests`);
    // Another client is not affected.
    expect((await download('/export/targets.csv', newClient(), {}, 'HEAD')).status).toBe(200);
  });

  it('serves the export routes with GET and HEAD only', async () => {
    const response = await download('/export/measures.ndjson', newClient(), {}, 'POST');
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
    expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('BAD_REQUEST');
  });
});
