import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { AuthInfo } from '@hkp/subgraph-kit';
import { MeasureEntity, TargetEntity } from '../entities/measure.entity';
import type { DepartmentCode } from '../generated-measure';
import { AuditAction } from '../graphql/measure-audit.type';
import { API_CONTENT_HASH_PREFIX } from '../measure-seed';
import type { MeasureSnapshot } from '../measure-snapshot';
import { appendMeasureEvent, loadSnapshot } from '../measure-writer';
import { appendAuditEntry, readAuditTrail, type AuditRecord } from './audit-log';
import { claimIdempotencyKey, parseIdempotencyKey, requestHashOf, retryOnKeyRace } from './idempotency';
import { measureDiff, type FieldChanges } from './measure-diff';
import {
  checkPatchAgainstStored,
  commonFields,
  contentHashOf,
  normaliseTitle,
  ownFieldsOf,
  type MeasureInputData,
} from './measure-columns';
import { addObservation, findTarget, replaceTargets, targetRows, type RecordedObservation } from './measure-targets';
import {
  createInputSchema,
  expectedVersionSchema,
  observationInputSchema,
  parseInput,
  updateInputSchema,
  type DetailsShape,
} from './measure-validation';
import { lockMeasureForChange, updateMeasureAtVersion } from './versioned-update';
import { actorOf, assertScopes, writeScopesOf } from './write-access';

// Kept importable from here: the write schema and the departments name them through this module.
export type { AuditRecord } from './audit-log';
export type { RecordedObservation } from './measure-targets';
export { stableStringify } from './stable-json';

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

export interface MeasureCommandOptions {
  /** Runs after a write committed (the catalog nudge); resolves to whether the catalog confirmed. */
  afterCommit?: (result: Omit<MeasureWriteResult, 'catalogUpdated'>) => Promise<boolean>;
}

type Outcome = Omit<MeasureWriteResult, 'catalogUpdated'>;

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

/**
 * The write side of a department's measures: create, update, archive and observations. Each
 * checks the caller's scopes (write-access.ts) and validates its input before it opens a
 * transaction; in the transaction it claims the idempotency key (idempotency.ts), locks and
 * replaces the measure at the expected version (versioned-update.ts), writes the targets
 * (measure-targets.ts), and appends the outbox event (measure-writer.ts) and the audit entry with
 * its diff (audit-log.ts, measure-diff.ts). Any refusal or failure rolls all of it back. The
 * catalog nudge (`afterCommit`) runs only once the transaction committed.
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

  async create(auth: AuthInfo, input: unknown, idempotencyKey?: string | null): Promise<MeasureWriteResult> {
    const actor = assertScopes(auth, this.scopes);
    const key = parseIdempotencyKey(idempotencyKey);
    const data = parseInput(this.schemas.create, input, 'input') as MeasureInputData;
    const title = normaliseTitle(data.title as string);
    const claim = key === null ? null : { actor, key, requestHash: requestHashOf(data) };

    const outcome = await retryOnKeyRace(key, () =>
      this.dataSource.transaction(async (manager): Promise<Outcome> => {
        const id = `${this.spec.service}-${randomUUID()}`;
        const earlier = claim ? await claimIdempotencyKey(manager, claim, id) : null;
        if (earlier !== null) return this.replay(manager, earlier);

        const measure = Object.assign(new MeasureEntity(), {
          id,
          version: 1,
          department: this.spec.department,
          ...title,
          ...commonFields(data, actor),
          details: this.spec.details.toDetails(ownFieldsOf(this.spec.details.shape, data) as never, {}),
          archivedAt: null,
          updatedAt: new Date(),
        });
        const targets = targetRows(id, data.targets ?? [], new Set());
        measure.contentHash = contentHashOf(measure, targets);
        await manager.getRepository(MeasureEntity).insert(measure as QueryDeepPartialEntity<MeasureEntity>);
        if (targets.length > 0) await manager.getRepository(TargetEntity).insert(targets);
        return this.record(manager, auth, AuditAction.CREATE, measure, measureDiff(null, { measure, targets }));
      }),
    );
    return this.finish(outcome);
  }

  async update(auth: AuthInfo, id: string, expectedVersion: number, input: unknown): Promise<MeasureWriteResult> {
    const actor = assertScopes(auth, this.scopes);
    const version = parseInput(expectedVersionSchema, expectedVersion, 'expectedVersion');
    const patch = parseInput(this.schemas.update, input, 'input') as MeasureInputData;
    const outcome = await this.dataSource.transaction(async (manager): Promise<Outcome> => {
      const current = await lockMeasureForChange(manager, {
        id,
        department: this.spec.department,
        expectedVersion: version,
        verb: 'changed',
      });
      const currentTargets = await manager.getRepository(TargetEntity).find({ where: { measureId: id } });
      checkPatchAgainstStored(patch, current, currentTargets);

      const next = Object.assign(new MeasureEntity(), current, patch.title !== undefined ? normaliseTitle(patch.title) : {});
      Object.assign(next, commonFields(patch, actor, current));
      next.details = this.spec.details.toDetails(ownFieldsOf(this.spec.details.shape, patch) as never, { ...current.details });
      const nextTargets =
        patch.targets === undefined ? currentTargets : targetRows(id, patch.targets ?? [], new Set(currentTargets.map((t) => t.id)));

      const changes = measureDiff({ measure: current, targets: currentTargets }, { measure: next, targets: nextTargets });
      if (Object.keys(changes).length === 0) {
        return { measure: current, snapshot: await loadSnapshot(manager, current), replayed: false, changed: false, observation: null };
      }
      next.version = current.version + 1;
      next.updatedAt = new Date();
      next.contentHash = contentHashOf(next, nextTargets);
      await updateMeasureAtVersion(manager, next, version);
      if (patch.targets !== undefined) await replaceTargets(manager, id, nextTargets);
      return this.record(manager, auth, AuditAction.UPDATE, next, changes);
    });
    return this.finish(outcome);
  }

  async archive(auth: AuthInfo, id: string, expectedVersion: number): Promise<MeasureWriteResult> {
    assertScopes(auth, this.scopes);
    const version = parseInput(expectedVersionSchema, expectedVersion, 'expectedVersion');
    const outcome = await this.dataSource.transaction(async (manager): Promise<Outcome> => {
      const current = await lockMeasureForChange(manager, {
        id,
        department: this.spec.department,
        expectedVersion: version,
        verb: 'archived again',
      });
      const now = new Date();
      const next = Object.assign(new MeasureEntity(), current, {
        version: current.version + 1,
        archivedAt: now,
        updatedAt: now,
        // An archive is the department's own decision: a later seed import must not revive it.
        contentHash: current.contentHash.startsWith(API_CONTENT_HASH_PREFIX)
          ? current.contentHash
          : `${API_CONTENT_HASH_PREFIX}${current.contentHash}`,
      });
      await updateMeasureAtVersion(manager, next, version);
      return this.record(manager, auth, AuditAction.ARCHIVE, next, { archived: { before: false, after: true } });
    });
    return this.finish(outcome);
  }

  async recordObservation(auth: AuthInfo, targetId: string, input: unknown): Promise<MeasureWriteResult> {
    const actor = assertScopes(auth, this.scopes);
    const data = parseInput(observationInputSchema, input, 'input');
    const outcome = await this.dataSource.transaction(async (manager): Promise<Outcome> => {
      const { measureId } = await findTarget(manager, targetId);
      const current = await lockMeasureForChange(manager, {
        id: measureId,
        department: this.spec.department,
        expectedVersion: null,
        verb: 'given new observations',
      });
      // The target may have been removed by an update that committed while we waited for the lock.
      const target = await findTarget(manager, targetId);
      const observation = await addObservation(manager, target, data, actor);
      const next = Object.assign(new MeasureEntity(), current, { version: current.version + 1, updatedAt: new Date() });
      await updateMeasureAtVersion(manager, next, current.version);
      const { recordedAt: _recordedAt, ...recorded } = observation;
      const outcome = await this.record(manager, auth, AuditAction.OBSERVE, next, { observation: { before: null, after: recorded } });
      return { ...outcome, observation };
    });
    return this.finish(outcome);
  }

  async auditTrail(
    auth: AuthInfo,
    measureId: string,
    options: { first?: number | null; after?: string | null } = {},
  ): Promise<AuditRecord[]> {
    assertScopes(auth, this.scopes);
    return readAuditTrail(this.dataSource, measureId, options);
  }

  /** The answer to a create retried with its idempotency key: the measure it made, as it is now. */
  private async replay(manager: EntityManager, measureId: string): Promise<Outcome> {
    const measure = await manager.getRepository(MeasureEntity).findOneBy({ id: measureId });
    if (!measure) throw new Error(`measure ${measureId} of an idempotency key is missing`);
    return { measure, snapshot: await loadSnapshot(manager, measure), replayed: true, changed: false, observation: null };
  }

  /** Every committed change: one outbox event at the new version and one audit entry, in its transaction. */
  private async record(
    manager: EntityManager,
    auth: AuthInfo,
    action: AuditAction,
    measure: MeasureEntity,
    changes: FieldChanges,
  ): Promise<Outcome> {
    const snapshot = await appendMeasureEvent(manager, measure, action === AuditAction.ARCHIVE ? 'ARCHIVE' : 'UPSERT');
    await appendAuditEntry(manager, {
      actor: actorOf(auth),
      scopes: auth.scopes,
      action,
      measureId: measure.id,
      version: measure.version,
      changes,
    });
    return { measure, snapshot, replayed: false, changed: true, observation: null };
  }

  /** After the commit: the catalog nudge, whose answer only says whether search already shows the change. */
  private async finish(outcome: Outcome): Promise<MeasureWriteResult> {
    const catalogUpdated = this.options.afterCommit ? await this.options.afterCommit(outcome) : false;
    return { ...outcome, catalogUpdated };
  }
}
