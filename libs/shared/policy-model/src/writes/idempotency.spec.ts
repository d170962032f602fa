import { randomUUID } from 'node:crypto';
import type { GraphQLError } from 'graphql';
import type { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@hkp/testing';
import { claimIdempotencyKey, parseIdempotencyKey, requestHashOf, retryOnKeyRace, type IdempotencyClaim } from './idempotency';
import { openMeasureTables, refusal } from './testing/measure-tables';

// Idempotency keys of creates on real PostgreSQL: the first create claims the key, a retry with
// the same input finds the measure it made, another input is refused, and a key is the caller's.

let db: TestDatabase;
let dataSource: DataSource;

beforeAll(async () => {
  db = await createTestDatabase('idempotency');
  dataSource = await openMeasureTables(db.url);
});

afterAll(async () => {
  if (dataSource?.isInitialized) await dataSource.destroy();
  await db?.drop();
});

const claimOf = (overrides: Partial<IdempotencyClaim> = {}): IdempotencyClaim => ({
  actor: 'editor@gdedu',
  key: randomUUID(),
  requestHash: requestHashOf({ title: '幂等创建' }),
  ...overrides,
});
const claim = (c: IdempotencyClaim, measureId: string) => dataSource.transaction((manager) => claimIdempotencyKey(manager, c, measureId));
const keyRows = async (c: IdempotencyClaim) =>
  dataSource.query(`SELECT measure_id FROM idempotency_keys WHERE actor = $1 AND key = $2`, [c.actor, c.key]) as Promise<
    { measure_id: string }[]
  >;

it('lets the first create claim a key, and answers a retry with the same input with the measure it made', async () => {
  const first = claimOf();
  expect(await claim(first, 'education-first')).toBeNull();
  expect(await claim({ ...first }, 'education-second')).toBe('education-first');
  expect(await keyRows(first)).toEqual([{ measure_id: 'education-first' }]);
});

it('refuses the same key with another input: CONFLICT naming the measure the key made', async () => {
  const first = claimOf();
  await claim(first, 'education-made');
  const error = await refusal(claim({ ...first, requestHash: requestHashOf({ title: '另一个措施' }) }, 'education-other'));
  expect(error.extensions).toEqual({ code: 'CONFLICT', measureId: 'education-made' });
  expect(error.message).toBe(
    `The idempotencyKey "${first.key}" was already used for a different create (it made measure education-made). Retry with exactly the same input, or use a new key for a new measure.`,
  );
  expect(await keyRows(first)).toEqual([{ measure_id: 'education-made' }]);
});

it("treats another caller's same key as another create", async () => {
  const mine = claimOf();
  await claim(mine, 'education-mine');
  expect(await claim({ ...mine, actor: 'office@bqw' }, 'education-theirs')).toBeNull();
});

it('frees the key of a create that rolled back, and makes a concurrent retry wait for the first to finish', async () => {
  const c = claimOf();
  // A create that fails after claiming (its transaction rolls back) leaves the key free.
  await expect(
    dataSource.transaction(async (manager) => {
      await claimIdempotencyKey(manager, c, 'education-failed');
      throw new Error('a later step failed');
    }),
  ).rejects.toThrow('a later step failed');
  expect(await keyRows(c)).toEqual([]);

  // The first holds its claim uncommitted; the retry waits, then replays once the first commits.
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  try {
    expect(await claimIdempotencyKey(runner.manager, c, 'education-winner')).toBeNull();
    let settled = false;
    const retry = claim(c, 'education-retry').finally(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(settled).toBe(false);
    await runner.commitTransaction();
    expect(await retry).toBe('education-winner');
  } finally {
    await runner.release();
  }
});

describe('requestHashOf', () => {
  it('hashes the same input the same whatever its key order and left-out members, and any change differently', () => {
    const input = { title: '措施', regionCodes: ['440000'], targets: [{ indicator: '学位', value: 10, unit: '万个' }] };
    const same = { targets: [{ unit: '万个', value: 10, indicator: '学位', year: null }], regionCodes: ['440000'], title: '措施' };
    expect(requestHashOf(same)).toBe(requestHashOf(input));
    expect(requestHashOf({ ...input, regionCodes: ['440600'] })).not.toBe(requestHashOf(input));
    expect(requestHashOf({ ...input, targets: [{ ...input.targets[0], value: 11 }] })).not.toBe(requestHashOf(input));
  });
});

describe('parseIdempotencyKey', () => {
  it('takes a printable key, none for null or undefined, and refuses others with BAD_USER_INPUT at idempotencyKey', () => {
    expect(parseIdempotencyKey('3b0f6a1e-1c4b-4f7e-9a57-0d5f2b1c9e10')).toBe('3b0f6a1e-1c4b-4f7e-9a57-0d5f2b1c9e10');
    expect(parseIdempotencyKey(null)).toBeNull();
    expect(parseIdempotencyKey(undefined)).toBeNull();
    for (const bad of ['', 'with space', 'x'.repeat(201)]) {
      let error: GraphQLError | undefined;
      try {
        parseIdempotencyKey(bad);
      } catch (e) {
        error = e as GraphQLError;
      }
      expect(error?.extensions['code']).toBe('BAD_USER_INPUT');
      expect(new Set((error?.extensions['fields'] as { path: string }[]).map((f) => f.path))).toEqual(new Set(['idempotencyKey']));
    }
  });
});

describe('retryOnKeyRace', () => {
  it('runs a keyed create again after a unique violation on the key, and nothing else again', async () => {
    const race = Object.assign(new Error('duplicate key'), { code: '23505', constraint: 'idempotency_keys_pkey' });
    let attempts = 0;
    expect(
      await retryOnKeyRace('k', async () => {
        attempts += 1;
        if (attempts === 1) throw race;
        return 'replayed';
      }),
    ).toBe('replayed');
    expect(attempts).toBe(2);

    attempts = 0;
    await expect(
      retryOnKeyRace(null, async () => {
        attempts += 1;
        throw race;
      }),
    ).rejects.toBe(race);
    const other = Object.assign(new Error('duplicate key'), { code: '23505', constraint: 'measures_pkey' });
    await expect(
      retryOnKeyRace('k', async () => {
        attempts += 1;
        throw other;
      }),
    ).rejects.toBe(other);
    expect(attempts).toBe(2);
  });
});
