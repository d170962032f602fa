import type { DataSource } from 'typeorm';
import { departmentMeasureLoader, readGeneratedMeasures, type DepartmentContext, type GeneratedMeasure } from '@hkp/policy-model';
import { LoaderRegistry, type AuthInfo } from '@hkp/subgraph-kit';
import { silentLogger, startIsolatedSubgraph, type IsolatedSubgraph } from '@hkp/testing';
import { financeSubgraph } from '../finance.subgraph';
import { loadFundingLines } from './funding-seed';

// A re-import after curation removed facts, against real PostgreSQL: seeded measures that left the
// data set are archived with an ARCHIVE outbox event (the catalog drops them), measures the
// department wrote through the API stay, and funding lines that left the data set are deleted
// (unless their measure stays as the department edited it).

const EDITOR: AuthInfo = { authenticated: true, subject: 'editor@czt', scopes: new Set(['finance:write']) };
const REMOVED = 'finance-financial-support-plan-2023'; // seeded, with one funding line
const EDITED = 'finance-tax-support-measures'; // seeded, then changed through the API

let isolated: IsolatedSubgraph;
let dataSource: DataSource;
const all = readGeneratedMeasures();
const without = (...ids: string[]): GeneratedMeasure[] => all.filter((m) => !ids.includes(m.id));

beforeAll(async () => {
  isolated = await startIsolatedSubgraph(financeSubgraph, 'finance_seed');
  dataSource = isolated.subgraph.database.dataSource;
}, 120_000);

afterAll(() => isolated?.stop());

const row = async (id: string) =>
  (
    (await dataSource.query(`SELECT version, archived_at IS NOT NULL AS archived FROM measures WHERE id = $1`, [id])) as {
      version: number;
      archived: boolean;
    }[]
  )[0];
const events = async (id: string) =>
  (await dataSource.query(`SELECT version, kind, snapshot->>'id' AS "snapshotId" FROM measure_events WHERE measure_id = $1 ORDER BY seq`, [
    id,
  ])) as {
    version: number;
    kind: string;
    snapshotId: string;
  }[];
const fundingLineIds = async () =>
  ((await dataSource.query(`SELECT id FROM funding_lines ORDER BY id`)) as { id: string }[]).map((r) => r.id);

describe('re-importing seed measures after curation removed some', () => {
  it('archives a seeded measure that left the data set, with an ARCHIVE event, and leaves the API-edited one alone', async () => {
    const context = financeSubgraph.createContext(dataSource, {
      requestId: 'test',
      logger: silentLogger(),
      loaders: new LoaderRegistry(),
      auth: EDITOR,
    }) as DepartmentContext;
    await context.measureWrites.update(EDITOR, EDITED, 1, { instruments: ['税收优惠', '减税降费'] });
    expect(await row(REMOVED)).toEqual({ version: 1, archived: false });

    await departmentMeasureLoader('FINANCE', () => without(REMOVED, EDITED))(dataSource, silentLogger());

    expect(await row(REMOVED)).toEqual({ version: 2, archived: true });
    expect(await events(REMOVED)).toEqual([
      { version: 1, kind: 'UPSERT', snapshotId: REMOVED },
      { version: 2, kind: 'ARCHIVE', snapshotId: REMOVED },
    ]);
    expect(await row(EDITED)).toEqual({ version: 2, archived: false });
    expect((await events(EDITED)).map((e) => e.kind)).toEqual(['UPSERT', 'UPSERT']);
    // The other seeded measures are untouched.
    expect(await row('finance-guangzhou-financial-resources-2024')).toEqual({ version: 1, archived: false });
  });

  it('does nothing more when run again with the same data set', async () => {
    await dataSource.query(`UPDATE seed_state SET checksum = 'changed' WHERE dataset = 'measures'`);
    await departmentMeasureLoader('FINANCE', () => without(REMOVED, EDITED))(dataSource, silentLogger());
    expect(await row(REMOVED)).toEqual({ version: 2, archived: true });
    expect(await events(REMOVED)).toHaveLength(2);
  });

  it('brings the measure back, as a new version, when the curation lists it again', async () => {
    await departmentMeasureLoader('FINANCE', () => all)(dataSource, silentLogger());
    expect(await row(REMOVED)).toEqual({ version: 3, archived: false });
    expect((await events(REMOVED)).map((e) => e.kind)).toEqual(['UPSERT', 'ARCHIVE', 'UPSERT']);
    expect(await row(EDITED)).toEqual({ version: 2, archived: false });
  });
});

describe('re-importing funding lines', () => {
  it('deletes the lines that left the data set and keeps the others', async () => {
    const before = await fundingLineIds();
    expect(before).toContain(`${REMOVED}:f1`);
    await loadFundingLines(dataSource, silentLogger(), without(REMOVED));
    expect(await fundingLineIds()).toEqual(before.filter((id) => !id.startsWith(`${REMOVED}:`)));

    await loadFundingLines(dataSource, silentLogger(), all);
    expect(await fundingLineIds()).toEqual(before);
  });

  it('keeps the lines of a measure edited through the API that left the curation, until it is archived', async () => {
    const before = await fundingLineIds();
    const context = financeSubgraph.createContext(dataSource, {
      requestId: 'test',
      logger: silentLogger(),
      loaders: new LoaderRegistry(),
      auth: EDITOR,
    }) as DepartmentContext;
    const { version } = (await row(REMOVED))!;
    await context.measureWrites.update(EDITOR, REMOVED, version, { instruments: ['专项资金'] });

    await departmentMeasureLoader('FINANCE', () => without(REMOVED))(dataSource, silentLogger());
    expect(await row(REMOVED)).toEqual({ version: version + 1, archived: false });
    await loadFundingLines(dataSource, silentLogger(), without(REMOVED));
    expect(await fundingLineIds()).toEqual(before);

    // Once the measure is archived its lines go with the next import.
    await dataSource.query(`UPDATE measures SET archived_at = now() WHERE id = $1`, [REMOVED]);
    await dataSource.query(`UPDATE seed_state SET checksum = 'changed' WHERE dataset = 'funding-lines'`);
    await loadFundingLines(dataSource, silentLogger(), without(REMOVED));
    expect(await fundingLineIds()).toEqual(before.filter((id) => !id.startsWith(`${REMOVED}:`)));
  });
});

describe('a seed import while another replica writes through the API', () => {
  it("waits for the API write's row lock and then keeps the department's edit instead of archiving over it", async () => {
    const RACED = 'finance-guangzhou-financial-resources-2024'; // seeded, untouched so far
    const { version } = (await row(RACED))!;
    // Another replica's API write: it holds the row lock (as MeasureCommands does) while the seed starts.
    const writer = dataSource.createQueryRunner();
    await writer.connect();
    try {
      await writer.startTransaction();
      await writer.query(`SELECT version FROM measures WHERE id = $1 FOR UPDATE`, [RACED]);
      await writer.query(
        `UPDATE measures SET version = version + 1, title = '部门改过的标题', content_hash = 'api:' || content_hash WHERE id = $1`,
        [RACED],
      );

      await dataSource.query(`UPDATE seed_state SET checksum = 'changed' WHERE dataset = 'measures'`);
      let settled = false;
      const seeding = departmentMeasureLoader('FINANCE', () => without(RACED))(dataSource, silentLogger()).finally(() => (settled = true));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(settled).toBe(false); // the seed waits for the row
      await writer.commitTransaction();
      await seeding;
    } finally {
      if (writer.isTransactionActive) await writer.rollbackTransaction();
      await writer.release();
    }
    expect(await row(RACED)).toEqual({ version: version + 1, archived: false });
    expect(await dataSource.query(`SELECT title FROM measures WHERE id = $1`, [RACED])).toEqual([{ title: '部门改过的标题' }]);
    expect((await events(RACED)).map((e) => e.kind)).not.toContain('ARCHIVE');
  });
});
