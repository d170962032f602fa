import type { StartedSubgraph } from '@hkp/subgraph-kit';
import { baseUrlOf, createTestDatabase, graphqlRequest, silentLogger, startTestSubgraph, type TestDatabase } from '@hkp/testing';
import { civilAffairsSubgraph } from '../civil-affairs.subgraph';
import { AddRegionNameKey1764000000001 } from '../migrations/1764000000001-add-region-name-key';
import { AddRegionPinyin1764000000002 } from '../migrations/1764000000002-add-region-pinyin';
import { SEARCH_KEY_VERSION } from '@hkp/chinese-text';
import { readRegionRows } from '@hkp/region-data';
import { readRegionDataset } from './region-dataset';
import { regionNameKey, regionPinyinOf, type RegionPinyin } from './region-name-key';
import { loadRegions, regionSeedChecksum } from './region-seed';

const TSV_ROWS = readRegionRows();
const rowsAt = (level: string) => TSV_ROWS.filter((row) => row.level === level);

let db: TestDatabase;
let started: StartedSubgraph;
let url: string;

beforeAll(async () => {
  db = await createTestDatabase('civil_affairs_regions');
  started = await startTestSubgraph(civilAffairsSubgraph, db.url);
  url = started.url;
});

afterAll(async () => {
  await started?.stop();
  await db?.drop();
});

async function rowCount(): Promise<number> {
  const [{ count }] = (await started.database.dataSource.query('SELECT count(*)::int AS count FROM regions')) as { count: number }[];
  return count;
}

describe('region(code:)', () => {
  it('answers 佛山市 with exactly its five districts, its province and its area', async () => {
    const { status, body } = await graphqlRequest(
      url,
      `{ region(code: "440600") { code name level depth area areaName parent { code name } children { code name level } } }`,
    );
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.region).toEqual({
      code: '440600',
      name: '佛山市',
      level: 'CITY',
      depth: 1,
      area: 'PEARL_RIVER_DELTA',
      areaName: '珠三角',
      parent: { code: '440000', name: '广东省' },
      children: [
        { code: '440604', name: '禅城区', level: 'COUNTY' },
        { code: '440605', name: '南海区', level: 'COUNTY' },
        { code: '440606', name: '顺德区', level: 'COUNTY' },
        { code: '440607', name: '三水区', level: 'COUNTY' },
        { code: '440608', name: '高明区', level: 'COUNTY' },
      ],
    });
  });

  it('puts the towns of 东莞 directly under the city, with no county level between', async () => {
    const { body } = await graphqlRequest(url, `{ region(code: "441900") { name level children { code level depth parent { code } } } }`);
    expect(body.errors).toBeUndefined();
    const dongguan = body.data.region;
    expect(dongguan.name).toBe('东莞市');
    const expected = TSV_ROWS.filter((row) => row.parentCode === '441900').map((row) => row.code);
    expect(expected.length).toBeGreaterThan(20);
    expect(dongguan.children.map((c: { code: string }) => c.code)).toEqual(expected);
    for (const child of dongguan.children) {
      expect(child).toMatchObject({ level: 'TOWN', depth: 2, parent: { code: '441900' } });
    }
  });

  it('gives a village its ancestors from the province down and its full name', async () => {
    const { body } = await graphqlRequest(url, `{ region(code: "440605011001") { name level depth ancestors { code name } fullName } }`);
    expect(body.errors).toBeUndefined();
    expect(body.data.region).toEqual({
      name: '桂一社区居委会',
      level: 'VILLAGE',
      depth: 4,
      ancestors: [
        { code: '440000', name: '广东省' },
        { code: '440600', name: '佛山市' },
        { code: '440605', name: '南海区' },
        { code: '440605011', name: '桂城街道' },
      ],
      fullName: '广东省 佛山市 南海区 桂城街道 桂一社区居委会',
    });
  });

  it('rejects a malformed code as BAD_USER_INPUT naming the expected format', async () => {
    for (const code of ['4406', 'abcdef', '4406000', '']) {
      const { status, body } = await graphqlRequest(url, `query($code: ID!) { region(code: $code) { name } }`, { code });
      expect(status).toBe(200);
      expect(body.data).toEqual({ region: null });
      expect(body.errors).toHaveLength(1);
      expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(body.errors?.[0]?.message).toMatch(/6 digits.*9.*12/);
      expect(body.errors?.[0]?.extensions).not.toHaveProperty('stacktrace');
    }
  });

  it('answers null without an error for a well-formed code that no region has', async () => {
    for (const code of ['449999', '440605999', '440605011999']) {
      const { body } = await graphqlRequest(url, `query($code: ID!) { region(code: $code) { name } }`, { code });
      expect(body).toEqual({ data: { region: null } });
    }
  });
});

interface Page {
  totalCount: number;
  nodes: { code: string }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null };
}

describe('regions(...)', () => {
  it('counts every level of the committed data set', async () => {
    const { body } = await graphqlRequest(
      url,
      `{
        province: regions(level: PROVINCE, first: 0) { totalCount }
        city: regions(level: CITY, first: 0) { totalCount }
        county: regions(level: COUNTY, first: 0) { totalCount }
        town: regions(level: TOWN, first: 0) { totalCount }
        village: regions(level: VILLAGE, first: 0) { totalCount }
      }`,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({
      province: { totalCount: 1 },
      city: { totalCount: 21 },
      county: { totalCount: 122 },
      town: { totalCount: rowsAt('TOWN').length },
      village: { totalCount: rowsAt('VILLAGE').length },
    });
    expect(rowsAt('TOWN').length).toBeGreaterThan(1000);
    expect(rowsAt('VILLAGE').length).toBeGreaterThan(20000);
  });

  it('finds 南海区 first when searching for 南海', async () => {
    const { body } = await graphqlRequest(url, `{ regions(name: "南海", first: 5) { totalCount nodes { code name } } }`);
    expect(body.errors).toBeUndefined();
    expect(body.data.regions.nodes[0]).toEqual({ code: '440605', name: '南海区' });
    expect(body.data.regions.totalCount).toBe(TSV_ROWS.filter((row) => row.name.includes('南海')).length);
    for (const node of body.data.regions.nodes) expect(node.name).toContain('南海');
  });

  it('finds the same regions for a name in Traditional as in Simplified (南海區 = 南海区)', async () => {
    const query = `query($name: String!) { regions(name: $name, first: 100) { totalCount nodes { code name } } }`;
    const simplified = await graphqlRequest(url, query, { name: '南海区' });
    const traditional = await graphqlRequest(url, query, { name: '南海區' });
    const mixed = await graphqlRequest(url, query, { name: ' 佛山市南海區 ' });
    expect(traditional.body.errors).toBeUndefined();
    expect(simplified.body.data.regions.totalCount).toBeGreaterThan(0);
    expect(traditional.body.data).toEqual(simplified.body.data);
    expect(traditional.body.data.regions.nodes[0]).toEqual({ code: '440605', name: '南海区' });
    expect(mixed.body.data.regions.totalCount).toBe(TSV_ROWS.filter((row) => row.name.includes('佛山市南海区')).length);
  });

  it('finds names whose Simplified spelling is not what conversion gives (乾务镇 from 乾務鎮 or 乾务镇)', async () => {
    const query = `query($name: String!) { regions(name: $name) { nodes { name } } }`;
    for (const name of ['乾務鎮', '乾务镇']) {
      const { body } = await graphqlRequest(url, query, { name });
      expect(body.errors).toBeUndefined();
      expect(body.data.regions.nodes[0]).toEqual({ name: '乾务镇' });
    }
  });

  it('finds a region by its name in pinyin, with or without spaces, tones or capitals, and by its initials', async () => {
    const query = `query($name: String!) { regions(name: $name, first: 3) { totalCount nodes { code name pinyin } } }`;
    const first = async (name: string) => {
      const { body } = await graphqlRequest(url, query, { name });
      expect(body.errors).toBeUndefined();
      return body.data.regions.nodes[0];
    };
    const foshan = { code: '440600', name: '佛山市', pinyin: 'Fóshān Shì' };
    for (const name of ['foshan', 'fo shan', 'Foshan', 'Fóshān', 'foshanshi', 'fss'])
      expect([name, await first(name)]).toEqual([name, foshan]);
    const deqing = { code: '441226', name: '德庆县', pinyin: 'Déqìng Xiàn' };
    for (const name of ['deqing', 'de qing xian', 'dqx']) expect([name, await first(name)]).toEqual([name, deqing]);
    // Read as the curated overrides say, not as pinyin-pro would.
    const names = async (name: string) =>
      ((await graphqlRequest(url, query, { name })).body.data.regions.nodes as { name: string; pinyin: string }[]).map((n) => n.name);
    expect((await names('dabuxian'))[0]).toBe('大埔县');
    expect(await names('dapuxian')).not.toContain('大埔县');
    expect(await first('guancheng')).toEqual({ code: '441900006', name: '莞城街道', pinyin: 'Guǎnchéng Jiēdào' });
    expect(await names('wancheng')).not.toContain('莞城街道');
  });

  it('counts every region whose pinyin or initials contain the search, and no other', async () => {
    const { body } = await graphqlRequest(url, `{ regions(name: "shawan", first: 100) { totalCount nodes { name pinyin } } }`);
    expect(body.errors).toBeUndefined();
    const [{ count }] = (await started.database.dataSource.query(
      `SELECT count(*)::int AS count FROM regions WHERE pinyin_key LIKE '%shawan%' OR pinyin_initials LIKE '%shawan%'`,
    )) as { count: number }[];
    expect(body.data.regions.totalCount).toBe(count);
    expect(count).toBeGreaterThan(1);
    // Each one's pinyin, without tones and spaces, says shawan (沙湾, 沙湾镇 …).
    for (const node of body.data.regions.nodes as { pinyin: string }[])
      expect(
        node.pinyin
          .normalize('NFD')
          .replace(/[\u0300-\u036f' ]/g, '')
          .toLowerCase(),
      ).toContain('shawan');
  });

  it('rejects a name that is empty once normalised', async () => {
    const { body } = await graphqlRequest(url, `{ regions(name: "  ") { totalCount } }`);
    expect(body.data).toEqual({ regions: null });
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('gives regions loaded before the name key existed their keys when migrating', async () => {
    const migration = new AddRegionNameKey1764000000001();
    const runner = started.database.dataSource.createQueryRunner();
    try {
      await migration.down(runner);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    const rows = (await started.database.dataSource.query(`SELECT name, name_key FROM regions`)) as { name: string; name_key: string }[];
    expect(rows).toHaveLength(TSV_ROWS.length);
    expect(rows.filter((row) => row.name_key !== regionNameKey(row.name))).toEqual([]);
    const { body } = await graphqlRequest(url, `{ regions(name: "南海區", first: 1) { nodes { code } } }`);
    expect(body.data.regions.nodes).toEqual([{ code: '440605' }]);
  });

  it('gives regions loaded before the pinyin existed their pinyin and keys when migrating', async () => {
    const migration = new AddRegionPinyin1764000000002();
    const runner = started.database.dataSource.createQueryRunner();
    try {
      await migration.down(runner);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    const rows = (await started.database.dataSource.query(
      `SELECT name, pinyin, pinyin_key AS "pinyinKey", pinyin_initials AS "pinyinInitials" FROM regions`,
    )) as ({ name: string } & RegionPinyin)[];
    expect(rows).toHaveLength(TSV_ROWS.length);
    expect(rows.filter(({ name, ...pinyin }) => JSON.stringify(pinyin) !== JSON.stringify(regionPinyinOf(name)))).toEqual([]);
    const { body } = await graphqlRequest(url, `{ regions(name: "fss", first: 1) { nodes { code pinyin } } }`);
    expect(body.data.regions.nodes).toEqual([{ code: '440600', pinyin: 'Fóshān Shì' }]);
  });

  it('filters by economic area, by ancestor and by level together', async () => {
    const { body } = await graphqlRequest(
      url,
      `{
        delta: regions(area: PEARL_RIVER_DELTA, level: CITY, first: 20) { totalCount nodes { name areaName } }
        foshanTowns: regions(withinCode: "440600", level: TOWN, first: 0) { totalCount }
        foshanAll: regions(withinCode: "440600", first: 0) { totalCount }
      }`,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.delta.nodes.map((n: { name: string }) => n.name)).toEqual([
      '广州市',
      '深圳市',
      '珠海市',
      '佛山市',
      '江门市',
      '肇庆市',
      '惠州市',
      '东莞市',
      '中山市',
    ]);
    expect(body.data.delta.totalCount).toBe(9);
    const underFoshan = TSV_ROWS.filter((row) => row.code.startsWith('4406') && row.code !== '440600');
    expect(body.data.foshanTowns.totalCount).toBe(underFoshan.filter((row) => row.level === 'TOWN').length);
    expect(body.data.foshanAll.totalCount).toBe(underFoshan.length);
  });

  it('treats % and _ in a name search as text, not as wildcards', async () => {
    const { body } = await graphqlRequest(
      url,
      `{ percent: regions(name: "%") { totalCount } underscore: regions(name: "_") { totalCount } }`,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ percent: { totalCount: 0 }, underscore: { totalCount: 0 } });
  });

  it('walks all pages with first/after without overlap or gaps, with a stable totalCount', async () => {
    const query = `query($after: String) {
      regions(parentCode: "440605", first: 4, after: $after) {
        totalCount
        nodes { code }
        pageInfo { hasNextPage hasPreviousPage endCursor }
      }
    }`;
    const expected = TSV_ROWS.filter((row) => row.parentCode === '440605').map((row) => row.code);
    expect(expected.length).toBeGreaterThan(4);
    const fetchPage = async (after: string | null): Promise<Page> => {
      const { body } = await graphqlRequest<{ regions: Page }>(url, query, { after });
      expect(body.errors).toBeUndefined();
      return body.data!.regions;
    };
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 50; page += 1) {
      const connection = await fetchPage(after);
      expect(connection.totalCount).toBe(expected.length);
      expect(connection.pageInfo.hasPreviousPage).toBe(page > 0);
      seen.push(...connection.nodes.map((n) => n.code));
      if (!connection.pageInfo.hasNextPage) break;
      expect(connection.nodes).toHaveLength(4);
      after = connection.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected);
  });

  it('keeps the name-search order stable across pages', async () => {
    const query = `query($after: String) { regions(name: "南海", first: 3, after: $after) { nodes { code } pageInfo { hasNextPage endCursor } } }`;
    const all = await graphqlRequest(url, `{ regions(name: "南海", first: 100) { nodes { code } } }`);
    const fetchPage = async (after: string | null): Promise<Page> =>
      (await graphqlRequest<{ regions: Page }>(url, query, { after })).body.data!.regions;
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page = await fetchPage(after);
      seen.push(...page.nodes.map((n) => n.code));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(all.body.data.regions.nodes.map((n: { code: string }) => n.code));
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('rejects more than 100 per page as BAD_USER_INPUT', async () => {
    const { body } = await graphqlRequest(url, `{ regions(first: 101) { totalCount } }`);
    // Root fields of one department are nullable (one subgraph's error leaves the rest of an answer).
    expect(body.data).toEqual({ regions: null });
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(body.errors?.[0]?.message).toMatch(/100/);
    const ok = await graphqlRequest(url, `{ regions(first: 100) { nodes { code } } }`);
    expect(ok.body.data.regions.nodes).toHaveLength(100);
  });

  it('rejects a cursor it did not give out as BAD_USER_INPUT', async () => {
    for (const after of [
      'garbage',
      Buffer.from('{"v":1,"o":-5}').toString('base64url'),
      Buffer.from('{"v":2,"o":3}').toString('base64url'),
    ]) {
      const { body } = await graphqlRequest(url, `query($after: String) { regions(first: 2, after: $after) { totalCount } }`, { after });
      expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(body.errors?.[0]?.message).toMatch(/cursor/);
    }
  });
});

describe('_entities (what the gateway sends for Region references)', () => {
  const ENTITIES = `query($representations: [_Any!]!) {
    _entities(representations: $representations) { ... on Region { code name parent { code } } }
  }`;

  async function resolve(codes: string[]) {
    const before = started.database.queries.total;
    const { body } = await graphqlRequest(url, ENTITIES, { representations: codes.map((code) => ({ __typename: 'Region', code })) });
    return { body, statements: started.database.queries.total - before };
  }

  it('resolves hundreds of references, duplicates included, in order and with as many statements as for two', async () => {
    const towns = rowsAt('TOWN').map((row) => row.code);
    // 300 references to 120 distinct towns, shuffled deterministically.
    const codes = Array.from({ length: 300 }, (_, i) => towns[(i * 37) % 120]);
    const small = await resolve(codes.slice(0, 2));
    const large = await resolve(codes);

    expect(small.body.errors).toBeUndefined();
    expect(large.body.errors).toBeUndefined();
    expect(large.body.data._entities).toHaveLength(300);
    expect(large.body.data._entities.map((e: { code: string }) => e.code)).toEqual(codes);
    const byCode = new Map(TSV_ROWS.map((row) => [row.code, row]));
    for (const entity of large.body.data._entities) {
      expect(entity.name).toBe(byCode.get(entity.code)?.name);
      expect(entity.parent.code).toBe(byCode.get(entity.code)?.parentCode);
    }
    expect(small.statements).toBeGreaterThan(0);
    expect(large.statements).toBe(small.statements);
  });

  it('answers null for a reference to an unknown region', async () => {
    const { body } = await resolve(['440605', '449999']);
    expect(body.errors).toBeUndefined();
    expect(body.data._entities).toEqual([{ code: '440605', name: '南海区', parent: { code: '440600' } }, null]);
  });
});

describe('seed data', () => {
  it('holds exactly the rows of the data file, however often it is loaded', async () => {
    expect(await rowCount()).toBe(TSV_ROWS.length);

    // A second load of the same file (what every restart does).
    await civilAffairsSubgraph.loadSeedData?.(started.database.dataSource, silentLogger());
    expect(await rowCount()).toBe(TSV_ROWS.length);

    // A load that really runs (as after a changed data file) upserts instead of duplicating.
    await started.database.dataSource.query(`DELETE FROM seed_state WHERE dataset = 'regions'`);
    await civilAffairsSubgraph.loadSeedData?.(started.database.dataSource, silentLogger());
    expect(await rowCount()).toBe(TSV_ROWS.length);

    // A second replica started on the same database migrates and seeds nothing twice.
    const replica = await startTestSubgraph(civilAffairsSubgraph, db.url);
    try {
      const { body } = await graphqlRequest(replica.url, `{ regions(level: CITY, first: 0) { totalCount } }`);
      expect(body.data.regions.totalCount).toBe(21);
    } finally {
      await replica.stop();
    }
    expect(await rowCount()).toBe(TSV_ROWS.length);
  });

  it('rebuilds the stored name keys when the search-key version changes, though the data file did not', async () => {
    const dataSource = started.database.dataSource;
    // Keys as an older normalisation made them (here: not simplified).
    await dataSource.query(
      `UPDATE regions SET name_key = 'stale ' || name, pinyin = 'stale', pinyin_key = 'stale', pinyin_initials = 'stale' WHERE code IN ('440605', '440600')`,
    );
    const stale = async () =>
      ((await dataSource.query(`SELECT count(*)::int AS count FROM regions WHERE name_key LIKE 'stale %'`)) as { count: number }[])[0]!
        .count;

    // The same file and the same key version: nothing is loaded.
    await loadRegions(dataSource, silentLogger());
    expect(await stale()).toBe(2);

    // The normalisation changed (its version was bumped): every key is computed again.
    await loadRegions(dataSource, silentLogger(), SEARCH_KEY_VERSION + 1);
    expect(await stale()).toBe(0);
    const rows = (await dataSource.query(`SELECT name, name_key FROM regions`)) as { name: string; name_key: string }[];
    expect(rows.filter((row) => row.name_key !== regionNameKey(row.name))).toEqual([]);
    // The pinyin too (a new pinyin-pro or override also bumps the version).
    const pinyin = (await dataSource.query(
      `SELECT name, pinyin, pinyin_key AS "pinyinKey", pinyin_initials AS "pinyinInitials" FROM regions WHERE code IN ('440605', '440600') ORDER BY code`,
    )) as { name: string }[];
    expect(pinyin).toEqual([
      { name: '佛山市', ...regionPinyinOf('佛山市') },
      { name: '南海区', ...regionPinyinOf('南海区') },
    ]);
    expect(await rowCount()).toBe(TSV_ROWS.length);
    // Back to the current version (loads once more, then is steady).
    await loadRegions(dataSource, silentLogger());
    const [{ checksum }] = (await dataSource.query(`SELECT checksum FROM seed_state WHERE dataset = 'regions'`)) as { checksum: string }[];
    expect(checksum).toBe(regionSeedChecksum(readRegionDataset().checksum));
  });
});

describe('HTTP endpoints', () => {
  it('reports live and ready', async () => {
    const base = baseUrlOf(url);
    const ready = await fetch(`${base}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', service: 'civil-affairs', database: true });
    const live = await fetch(`${base}/health/live`);
    expect(live.status).toBe(200);
    expect(await live.json()).toMatchObject({ status: 'ok' });
  });

  it('answers an unknown path with 404 JSON', async () => {
    const response = await fetch(`${baseUrlOf(url)}/nothing-here`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    expect((await response.json()).errors[0].extensions).toEqual({ code: 'NOT_FOUND' });
  });

  it('answers a malformed JSON body with 400 and no stack trace', async () => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": "{ region(code: \\"440600\\") { name } }"',
    });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).not.toMatch(/stacktrace|\bat .+\.(ts|js):\d+/i);
    expect(text).not.toMatch(/node_modules/);
    expect(JSON.parse(text).errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('echoes a given request id and makes one up otherwise', async () => {
    const given = await graphqlRequest(url, '{ __typename }', undefined, { 'x-request-id': 'test-123' });
    expect(given.headers.get('x-request-id')).toBe('test-123');
    const made = await graphqlRequest(url, '{ __typename }');
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
