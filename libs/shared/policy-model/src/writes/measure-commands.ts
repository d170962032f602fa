import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { DataSource, EntityManager } from 'typeorm';
import { stripScrapingNoise, toDisplayText } from '@hkp/chinese-text';
import { checksumOf } from '@hkp/persistence';
import { notFoundError, userInputError, type AuthInfo } from '@hkp/subgraph-kit';
import { MeasureEntity, TargetEntity } from '../entities/measure.entity';
import type { DepartmentCode } from '../generated-measure';
import { AuditAction } from '../graphql/measure-audit.type';
import { API_CONTENT_HASH_PREFIX } from '../measure-seed';
import type { MeasureSnapshot, SnapshotObservation } from '../measure-snapshot';
import { appendMeasureEvent, loadSnapshot } from '../measure-writer';
import {
  createInputSchema,
  expectedVersionSchema,
  idempotencyKeySchema,
  observationInputSchema,
  parseInput,
  updateInputSchema,
  validationError,
  type DetailsShape,
  type FieldProblem,
  type TargetInputData,
} from './measure-validation';
import { assertScopes, conflictError, writeScopesOf } from './write-access';

/** A department's own fields: how they are checked and how they become the measure's `details`. */
export interface MeasureDetailsSpec<D extends object = Record<string, unknown>> {
  /** zod rules of the department's input fields; each optional (left out: unchanged on an update). */
  shape: DetailsShape;
  /**
   * The department's validated fields → the measure's `details`. Fields left out (undefined) keep
   * their current value, null clears; `current` is `{}` on a create. Keys it does not know
   * (finance's seeded fundingLines) must be kept.
   */
  toDetails(input: Partial<D>, current: Record<string, unknown>): Record<string, unknown>;
}

export interface MeasureWriteSpec<D extends object = Record<string, unknown>> {
  department: DepartmentCode;
  /** The service, e.g. `civil-affairs`: new ids start with it, its write scope is `<service>:write`, its feed is named after it. */
  service: string;
  details: MeasureDetailsSpec<D>;
}

export interface RecordedObservation extends SnapshotObservation {
  targetId: string;
}

export interface MeasureWriteResult {
  /** The measure as stored after the write (or as found, for a replay or a change that changed nothing). */
  measure: MeasureEntity;
  /** The same measure as the change feed carries it (targets with observations). */
  snapshot: MeasureSnapshot;
  /** True when an earlier create with the same idempotency key answered; nothing was written. */
  replayed: boolean;
  /** False when the update changed nothing (no version, no audit, no event). */
  changed: boolean;
  observation: RecordedObservation | null;
  /** Whether the catalog confirmed it read the change at once (see catalog-nudge.ts). */
  catalogUpdated: boolean;
}

export interface AuditRecord {
  id: string;
  at: Date;
  actor: string;
  scopes: string[];
  action: AuditAction;
  measureId: string;
  version: number;
  changes: Record<string, { before: unknown; after: unknown }>;
}

export interface MeasureCommandOptions {
  /** Runs after a write committed (the catalog nudge); resolves to whether the catalog confirmed. */
  afterCommit?: (result: Omit<MeasureWriteResult, 'catalogUpdated'>) => Promise<boolean>;
}

interface Schemas {
  create: ReturnType<typeof createInputSchema>;
  update: ReturnType<typeof updateInputSchema>;
}
const schemaCache = new WeakMap<MeasureDetailsSpec<never>, Schemas>();

function schemasOf(details: MeasureDetailsSpec<never>): Schemas {
  let schemas = schemaCache.get(details);
  if (!schemas) {
    schemas = { create: createInputSchema(details.shape), update: updateInputSchema(details.shape) };
    schemaCache.set(details, schemas);
  }
  return schemas;
}

type CommonInput = {
  title?: string;
  level?: string;
  issuer?: string;
  responsibleBody?: string;
  category?: string;
  periodStart?: number | null;
  periodEnd?: number | null;
  publishedOn?: string | null;
  regionCodes?: string[];
  points?: string[] | null;
  targets?: TargetInputData[] | null;
  source?: { document: string; excerpt?: string | null } | null;
} & Record<string, unknown>;

/** JSON with sorted keys, without null/undefined members: the same request always hashes the same. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : stableStringify(v))).join(',')}]`;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && v !== null)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  const e = error as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  return (e.code ?? e.driverError?.code) === '23505' && (e.constraint ?? e.driverError?.constraint) === constraint;
}

/** Rows of an UPDATE … RETURNING, whatever shape the driver wrapper gives them in. */
function returnedRows(result: unknown): unknown[] {
  if (Array.isArray(result) && Array.isArray(result[0])) return result[0] as unknown[];
  return Array.isArray(result) ? result : [];
}

/** The measure as its writers see it (input field names), for the audit's before/after. */
function fieldView(measure: MeasureEntity, targets: TargetEntity[]): Record<string, unknown> {
  return {
    title: measure.originalTitle,
    level: measure.level,
    issuer: measure.issuer,
    responsibleBody: measure.responsibleBody,
    category: measure.category,
    periodStart: measure.periodStart,
    periodEnd: measure.periodEnd,
    publishedOn: measure.publishedOn,
    regionCodes: measure.regionCodes,
    points: measure.points,
    targets: [...targets]
      .sort((a, b) => a.position - b.position)
      .map((t) => ({
        id: t.id,
        indicator: t.indicator,
        value: t.value,
        unit: t.unit,
        year: t.year,
        comparator: t.comparator,
        baseline: t.baselineValue === null ? null : { value: t.baselineValue, year: t.baselineYear },
        regionCode: t.regionCode,
        excerpt: t.excerpt,
      })),
    source: measure.source,
    ...measure.details,
  };
}

function diff(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, { before: unknown; after: unknown }> {
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  for (const field of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const a = before[field] ?? null;
    const b = after[field] ?? null;
    if (!isDeepStrictEqual(a, b)) changes[field] = { before: a, after: b };
  }
  return changes;
}

/**
 * The write side of a department's measures: create, update, archive and observations, each in
 * one transaction with optimistic versioning, the audit log, idempotency keys (create) and the
 * outbox event. Checks the caller's scopes itself and validates every input before it writes.
 */
export class MeasureCommands {
  readonly scopes: string[];
  private readonly schemas: Schemas;

  constructor(
    private readonly dataSource: DataSource,
    private readonly spec: MeasureWriteSpec<never>,
    private readonly options: MeasureCommandOptions = {},
  ) {
    this.scopes = writeScopesOf(spec.service);
    this.schemas = schemasOf(spec.details);
  }

  // -------------------------------------------------------------------------------------------
  // create

  async create(auth: AuthInfo, input: unknown, idempotencyKey?: string | null): Promise<MeasureWriteResult> {
    const actor = assertScopes(auth, this.scopes);
    const key =
      idempotencyKey === undefined || idempotencyKey === null ? null : parseInput(idempotencyKeySchema, idempotencyKey, 'idempotencyKey');
    const data = parseInput(this.schemas.create, input, 'input') as CommonInput;
    const title = this.normaliseTitle(data.title as string);
    const requestHash = key ? checksumOf(stableStringify(data)) : null;

    const attempt = () =>
      this.dataSource.transaction(async (manager) => {
        const id = `${this.spec.service}-${randomUUID()}`;
        if (key) {
          // The primary key (actor, key) decides: a concurrent retry waits here for the first to
          // commit and then finds its row.
          const claimed = returnedRows(
            await manager.query(
              `INSERT INTO idempotency_keys (actor, key, request_hash, measure_id) VALUES ($1, $2, $3, $4)
               ON CONFLICT (actor, key) DO NOTHING RETURNING measure_id`,
              [actor, key, requestHash, id],
            ),
          );
          if (claimed.length === 0) return this.replay(manager, actor, key, requestHash as string);
        }
        const now = new Date();
        const measure = Object.assign(new MeasureEntity(), {
          id,
          version: 1,
          department: this.spec.department,
          ...title,
          ...this.commonFields(data, actor),
          details: this.spec.details.toDetails(this.detailsOf(data) as never, {}),
          archivedAt: null,
          updatedAt: now,
        });
        const targets = this.targetRows(id, data.targets ?? [], new Set());
        measure.contentHash = this.contentHash(measure, targets);
        await manager.getRepository(MeasureEntity).insert(measure as never);
        if (targets.length > 0) await manager.getRepository(TargetEntity).insert(targets);
        const snapshot = await appendMeasureEvent(manager, measure, 'UPSERT');
        await this.audit(manager, auth, actor, AuditAction.CREATE, measure, diff({}, fieldView(measure, targets)));
        return { measure, snapshot, replayed: false, changed: true, observation: null };
      });

    let outcome;
    try {
      outcome = await attempt();
    } catch (error) {
      // Only reachable if the key row appeared between ON CONFLICT's check and the insert; the
      // second attempt finds it.
      if (!key || !isUniqueViolation(error, 'idempotency_keys_pkey')) throw error;
      outcome = await attempt();
    }
    return this.finish(outcome);
  }

  private async replay(manager: EntityManager, actor: string, key: string, requestHash: string) {
    const [earlier] = (await manager.query(`SELECT request_hash, measure_id FROM idempotency_keys WHERE actor = $1 AND key = $2`, [
      actor,
      key,
    ])) as {
      request_hash: string;
      measure_id: string;
    }[];
    if (!earlier) throw new Error(`idempotency key "${key}" conflicted but cannot be read`);
    if (earlier.request_hash !== requestHash) {
      throw conflictError(
        `The idempotencyKey "${key}" was already used for a different create (it made measure ${earlier.measure_id}). Retry with exactly the same input, or use a new key for a new measure.`,
        { measureId: earlier.measure_id },
      );
    }
    const measure = await manager.getRepository(MeasureEntity).findOneBy({ id: earlier.measure_id });
    if (!measure) throw new Error(`measure ${earlier.measure_id} of idempotency key "${key}" is missing`);
    return { measure, snapshot: await loadSnapshot(manager, measure), replayed: true, changed: false, observation: null };
  }

  // -------------------------------------------------------------------------------------------
  // update

  async update(auth: AuthInfo, id: string, expectedVersion: number, input: unknown): Promise<MeasureWriteResult> {
    const actor = assertScopes(auth, this.scopes);
    const version = parseInput(expectedVersionSchema, expectedVersion, 'expectedVersion');
    const patch = parseInput(this.schemas.update, input, 'input') as CommonInput;
    const outcome = await this.dataSource.transaction(async (manager) => {
      const current = await this.lockForChange(manager, id, version, 'changed');
      const currentTargets = await manager.getRepository(TargetEntity).find({ where: { measureId: id } });
      this.checkAgainstStored(patch, current, currentTargets);

      const next = Object.assign(new MeasureEntity(), current);
      if (patch.title !== undefined) Object.assign(next, this.normaliseTitle(patch.title));
      Object.assign(next, this.commonFields(patch, actor, current));
      next.details = this.spec.details.toDetails(this.detailsOf(patch) as never, { ...current.details });
      const nextTargets =
        patch.targets === undefined ? currentTargets : this.targetRows(id, patch.targets ?? [], new Set(currentTargets.map((t) => t.id)));

      const changes = diff(fieldView(current, currentTargets), fieldView(next, nextTargets));
      if (Object.keys(changes).length === 0) {
        return { measure: current, snapshot: await loadSnapshot(manager, current), replayed: false, changed: false, observation: null };
      }
      next.version = current.version + 1;
      next.updatedAt = new Date();
      next.contentHash = this.contentHash(next, nextTargets);
      await this.writeRow(manager, next, version);
      if (patch.targets !== undefined) {
        // Targets kept by id keep their observations; the others (and theirs) go.
        const keep = nextTargets.map((t) => t.id);
        await manager.query(`DELETE FROM targets WHERE measure_id = $1 AND NOT (id = ANY($2::text[]))`, [id, keep]);
        if (nextTargets.length > 0) await manager.getRepository(TargetEntity).upsert(nextTargets, ['id']);
      }
      const snapshot = await appendMeasureEvent(manager, next, 'UPSERT');
      await this.audit(manager, auth, actor, AuditAction.UPDATE, next, changes);
      return { measure: next, snapshot, replayed: false, changed: true, observation: null };
    });
    return this.finish(outcome);
  }

  /** Rules that need the stored measure: the period with the stored bound, targets kept by id. */
  private checkAgainstStored(patch: CommonInput, current: MeasureEntity, currentTargets: TargetEntity[]): void {
    const problems: FieldProblem[] = [];
    const start = patch.periodStart !== undefined ? patch.periodStart : current.periodStart;
    const end = patch.periodEnd !== undefined ? patch.periodEnd : current.periodEnd;
    if (start != null && end != null && end < start) {
      const path = patch.periodEnd !== undefined ? 'input.periodEnd' : 'input.periodStart';
      problems.push({ path, message: `periodEnd (${end}) must not be before periodStart (${start}); the other bound is the stored one.` });
    }
    const own = new Set(currentTargets.map((t) => t.id));
    (patch.targets ?? []).forEach((target, index) => {
      if (target.id && !own.has(target.id)) {
        problems.push({
          path: `input.targets.${index}.id`,
          message: `"${target.id}" is not a target of measure ${current.id}; leave id out for a new target.`,
        });
      }
    });
    if (problems.length > 0) throw validationError(problems);
  }

  // -------------------------------------------------------------------------------------------
  // archive

  async archive(auth: AuthInfo, id: string, expectedVersion: number): Promise<MeasureWriteResult> {
    const actor = assertScopes(auth, this.scopes);
    const version = parseInput(expectedVersionSchema, expectedVersion, 'expectedVersion');
    const outcome = await this.dataSource.transaction(async (manager) => {
      const current = await this.lockForChange(manager, id, version, 'archived again');
      const now = new Date();
      const next = Object.assign(new MeasureEntity(), current, {
        version: current.version + 1,
        archivedAt: now,
        updatedAt: now,
        contentHash: current.contentHash.startsWith(API_CONTENT_HASH_PREFIX)
          ? current.contentHash
          : `${API_CONTENT_HASH_PREFIX}${current.contentHash}`,
      });
      await this.writeRow(manager, next, version);
      const snapshot = await appendMeasureEvent(manager, next, 'ARCHIVE');
      await this.audit(manager, auth, actor, AuditAction.ARCHIVE, next, { archived: { before: false, after: true } });
      return { measure: next, snapshot, replayed: false, changed: true, observation: null };
    });
    return this.finish(outcome);
  }

  // -------------------------------------------------------------------------------------------
  // observations

  async recordObservation(auth: AuthInfo, targetId: string, input: unknown): Promise<MeasureWriteResult> {
    const actor = assertScopes(auth, this.scopes);
    const data = parseInput(observationInputSchema, input, 'input');
    const outcome = await this.dataSource.transaction(async (manager) => {
      const target = await this.findTarget(manager, targetId);
      const current = await this.lockForChange(manager, target.measureId, null, 'given new observations');
      // The target may have been removed by an update that committed while we waited for the lock.
      await this.findTarget(manager, targetId);
      const observation: RecordedObservation = {
        id: randomUUID(),
        targetId,
        value: data.value,
        observedOn: data.observedOn,
        note: data.note ?? null,
        source: data.source ?? null,
        recordedAt: new Date().toISOString(),
      };
      await manager.query(
        `INSERT INTO target_observations (id, target_id, measure_id, value, observed_on, note, source, recorded_by, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          observation.id,
          targetId,
          current.id,
          observation.value,
          observation.observedOn,
          observation.note,
          observation.source,
          actor,
          observation.recordedAt,
        ],
      );
      const next = Object.assign(new MeasureEntity(), current, { version: current.version + 1, updatedAt: new Date() });
      await this.writeRow(manager, next, current.version);
      const snapshot = await appendMeasureEvent(manager, next, 'UPSERT');
      const { recordedAt: _recordedAt, ...recorded } = observation;
      await this.audit(manager, auth, actor, AuditAction.OBSERVE, next, { observation: { before: null, after: recorded } });
      return { measure: next, snapshot, replayed: false, changed: true, observation };
    });
    return this.finish(outcome);
  }

  private async findTarget(manager: EntityManager, targetId: string): Promise<TargetEntity> {
    const target =
      typeof targetId === 'string' && targetId.length <= 300 ? await manager.getRepository(TargetEntity).findOneBy({ id: targetId }) : null;
    if (!target) throw notFoundError(`No target "${targetId}" among this department's measures.`);
    return target;
  }

  // -------------------------------------------------------------------------------------------
  // audit log

  async auditTrail(
    auth: AuthInfo,
    measureId: string,
    options: { first?: number | null; after?: string | null } = {},
  ): Promise<AuditRecord[]> {
    assertScopes(auth, this.scopes);
    const first = options.first ?? 100;
    if (!Number.isInteger(first) || first < 1 || first > 500) throw userInputError('"first" must be between 1 and 500.', 'first');
    if (options.after != null && !/^\d{1,18}$/.test(options.after))
      throw userInputError('"after" must be the id of an audit entry.', 'after');
    const [exists] = (await this.dataSource.query(`SELECT 1 FROM measures WHERE id = $1`, [measureId])) as unknown[];
    if (!exists) throw notFoundError(`No measure "${measureId}" in this department.`);
    const rows = (await this.dataSource.query(
      `SELECT id, at, actor, scopes, action, measure_id, version, changes FROM audit_log
        WHERE measure_id = $1 AND id > $2 ORDER BY id LIMIT $3`,
      [measureId, options.after ?? '0', first],
    )) as {
      id: string;
      at: Date;
      actor: string;
      scopes: string[];
      action: AuditAction;
      measure_id: string;
      version: number;
      changes: AuditRecord['changes'];
    }[];
    return rows.map((r) => ({
      id: String(r.id),
      at: r.at,
      actor: r.actor,
      scopes: r.scopes,
      action: r.action,
      measureId: r.measure_id,
      version: r.version,
      changes: r.changes,
    }));
  }

  // -------------------------------------------------------------------------------------------
  // shared steps

  /**
   * Locks the measure for the rest of the transaction and checks it may change: it exists, is
   * not archived and (unless `expected` is null) is at the version the caller read.
   */
  private async lockForChange(manager: EntityManager, id: string, expected: number | null, verb: string): Promise<MeasureEntity> {
    const current =
      typeof id === 'string' && id.length <= 300
        ? await manager.getRepository(MeasureEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } })
        : null;
    if (!current || current.department !== this.spec.department) throw notFoundError(`No measure "${id}" in this department.`);
    if (current.archivedAt !== null) {
      throw conflictError(`Measure ${id} is archived (version ${current.version}) and cannot be ${verb}.`, {
        currentVersion: current.version,
        archived: true,
      });
    }
    if (expected !== null && current.version !== expected) {
      throw conflictError(
        `Measure ${id} is at version ${current.version}, not ${expected}: it changed since you read it. Read it again, reapply your change and send expectedVersion ${current.version}.`,
        { currentVersion: current.version },
      );
    }
    return current;
  }

  /** The optimistic write itself: only the version the caller read is replaced. */
  private async writeRow(manager: EntityManager, next: MeasureEntity, expected: number): Promise<void> {
    const updated = returnedRows(
      await manager.query(
        `UPDATE measures SET version = $3, responsible_body = $4, category = $5, level = $6, issuer = $7, title = $8,
           original_title = $9, points = $10, points_normalised = $11, period_start = $12, period_end = $13,
           published_on = $14, region_codes = $15, details = $16, source = $17, content_hash = $18, archived_at = $19,
           updated_at = $20
         WHERE id = $1 AND version = $2
         RETURNING version`,
        [
          next.id,
          expected,
          next.version,
          next.responsibleBody,
          next.category,
          next.level,
          next.issuer,
          next.title,
          next.originalTitle,
          JSON.stringify(next.points),
          JSON.stringify(next.pointsNormalised),
          next.periodStart,
          next.periodEnd,
          next.publishedOn,
          next.regionCodes,
          JSON.stringify(next.details),
          JSON.stringify(next.source),
          next.contentHash,
          next.archivedAt,
          next.updatedAt,
        ],
      ),
    );
    if (updated.length !== 1) {
      const [row] = (await manager.query(`SELECT version FROM measures WHERE id = $1`, [next.id])) as { version: number }[];
      throw conflictError(`Measure ${next.id} changed while this write was prepared; read it again.`, {
        currentVersion: row?.version ?? null,
      });
    }
  }

  private async audit(
    manager: EntityManager,
    auth: AuthInfo,
    actor: string,
    action: AuditAction,
    measure: MeasureEntity,
    changes: Record<string, { before: unknown; after: unknown }>,
  ): Promise<void> {
    await manager.query(`INSERT INTO audit_log (actor, scopes, action, measure_id, version, changes) VALUES ($1, $2, $3, $4, $5, $6)`, [
      actor,
      [...auth.scopes].sort(),
      action,
      measure.id,
      measure.version,
      JSON.stringify(changes),
    ]);
  }

  private async finish(outcome: Omit<MeasureWriteResult, 'catalogUpdated'>): Promise<MeasureWriteResult> {
    const catalogUpdated = this.options.afterCommit ? await this.options.afterCommit(outcome) : false;
    return { ...outcome, catalogUpdated };
  }

  private normaliseTitle(title: string): { title: string; originalTitle: string } {
    const originalTitle = stripScrapingNoise(title).trim();
    if (!originalTitle)
      throw validationError([
        { path: 'input.title', message: 'title has no text left once scraping noise (pinyin glosses, HTML residue) is removed.' },
      ]);
    return { originalTitle, title: toDisplayText(originalTitle) };
  }

  /** The common columns from an input; on an update (`current` given) only the fields it names. */
  private commonFields(data: CommonInput, actor: string, current?: MeasureEntity): Partial<MeasureEntity> {
    const fields: Partial<MeasureEntity> = {};
    const given = (key: keyof CommonInput) => data[key] !== undefined || !current;
    if (given('level')) fields.level = data.level as string;
    if (given('issuer')) fields.issuer = data.issuer as string;
    if (given('responsibleBody')) fields.responsibleBody = data.responsibleBody as string;
    if (given('category')) fields.category = data.category as string;
    if (given('periodStart')) fields.periodStart = data.periodStart ?? null;
    if (given('periodEnd')) fields.periodEnd = data.periodEnd ?? null;
    if (given('publishedOn')) fields.publishedOn = data.publishedOn ?? null;
    if (given('regionCodes')) fields.regionCodes = data.regionCodes as string[];
    if (given('points')) {
      const points = (data.points ?? []).map((p) => stripScrapingNoise(p));
      fields.points = points;
      fields.pointsNormalised = points.map(toDisplayText);
    }
    if (given('source')) {
      fields.source = data.source
        ? { document: data.source.document, documentTitle: data.source.document, excerpt: data.source.excerpt ?? '' }
        : { document: 'api', documentTitle: `Entered through the API by ${actor}`, excerpt: '' };
    }
    return fields;
  }

  private detailsOf(data: CommonInput): Record<string, unknown> {
    return Object.fromEntries(
      Object.keys(this.spec.details.shape)
        .filter((key) => data[key] !== undefined)
        .map((key) => [key, data[key]]),
    );
  }

  /** Target rows in input order; an input id keeps that target (it must be in `own`), others get new ids. */
  private targetRows(measureId: string, targets: TargetInputData[], own: Set<string>): TargetEntity[] {
    return targets.map((t, position) =>
      Object.assign(new TargetEntity(), {
        id: t.id && own.has(t.id) ? t.id : own.size === 0 ? `${measureId}:t${position + 1}` : `${measureId}:t-${randomUUID().slice(0, 8)}`,
        measureId,
        position,
        indicator: toDisplayText(t.indicator),
        value: t.value,
        unit: t.unit,
        year: t.year ?? null,
        comparator: t.comparator ?? 'EXACTLY',
        baselineValue: t.baseline?.value ?? null,
        baselineYear: t.baseline?.year ?? null,
        regionCode: t.regionCode ?? null,
        excerpt: t.excerpt ?? '',
      }),
    );
  }

  /** Marks the measure as the department's own edit, which a later seed import leaves alone. */
  private contentHash(measure: MeasureEntity, targets: TargetEntity[]): string {
    return `${API_CONTENT_HASH_PREFIX}${checksumOf(stableStringify(fieldView(measure, targets)))}`;
  }
}
