import { Field, Int, ObjectType, type ClassType } from 'type-graphql';
import type { AuthInfo } from '@hkp/subgraph-kit';
import type { MeasureEntity } from '../entities/measure.entity';
import { MeasureAuditEntry, MeasureFieldChange } from '../graphql/measure-audit.type';
import { TargetObservation } from '../graphql/target-observation.type';
import type { MeasureSnapshot } from '../measure-snapshot';
import { defineMeasureInputs } from './measure-input';
import type { AuditRecord, MeasureCommands, MeasureWriteResult, RecordedObservation } from './measure-commands';

/** What the write resolvers need in the request context. */
export interface MeasureWriteContext {
  auth: AuthInfo;
  measureWrites: MeasureCommands;
}

export interface MeasureWriteTypesOptions<T extends { id: string }, D extends object> {
  /** The measure type a write answers with. */
  measureType: ClassType<T>;
  /** Its GraphQL name, which names the types: `EducationMeasure` → `CreateEducationMeasureInput`. */
  typeName: string;
  /** The department's own input fields (an `@InputType` class no field refers to; all nullable). */
  detailsInput: ClassType<D>;
  /** The written measure as the department's type. */
  toResult: (written: { measure: MeasureEntity; snapshot: MeasureSnapshot }) => T;
}

export function toTargetObservation(observation: RecordedObservation): TargetObservation {
  return Object.assign(new TargetObservation(), { ...observation, recordedAt: new Date(observation.recordedAt) });
}

export function toAuditEntry(record: AuditRecord): MeasureAuditEntry {
  return Object.assign(new MeasureAuditEntry(), {
    ...record,
    changes: Object.entries(record.changes).map(([field, change]) =>
      Object.assign(new MeasureFieldChange(), {
        field,
        before: change.before === null || change.before === undefined ? null : JSON.stringify(change.before),
        after: change.after === null || change.after === undefined ? null : JSON.stringify(change.after),
      }),
    ),
  });
}

/**
 * The GraphQL types of one department's write API: `Create<Type>Input`, `Update<Type>Input` and
 * `<Type>MutationResult`, and the write result as that payload. The mutations themselves are
 * declared by the department's resolver (see MeasureResolverSupport).
 */
export function defineMeasureWriteTypes<T extends { id: string }, D extends object>(options: MeasureWriteTypesOptions<T, D>) {
  const { measureType, toResult } = options;
  const graphqlName = options.typeName;
  const aType = `${/^[AEIOU]/.test(graphqlName) ? 'an' : 'a'} ${graphqlName}`;
  const { CreateInput, UpdateInput } = defineMeasureInputs(graphqlName, options.detailsInput);

  @ObjectType(`${graphqlName}MutationResult`, { description: `The outcome of a write to ${aType}.` })
  class MutationResult {
    @Field(() => measureType, { description: 'The measure after the write.' })
    measure: T;

    @Field(() => Int, { description: 'Its version now: send it as expectedVersion with your next change.' })
    version: number;

    @Field()
    archived: boolean;

    @Field({ description: 'True when an earlier create with the same idempotencyKey answered; nothing new was written.' })
    replayed: boolean;

    @Field({
      description:
        'True when the cross-department catalog (`measures` search) confirmed it already shows this change; otherwise it will within its sync interval.',
    })
    catalogUpdated: boolean;

    @Field(() => TargetObservation, {
      nullable: true,
      description: `The observation recorded (record${graphqlName}TargetObservation only).`,
    })
    observation: TargetObservation | null;
  }

  const toPayload = (result: MeasureWriteResult): MutationResult =>
    Object.assign(new MutationResult(), {
      measure: toResult(result),
      version: result.measure.version,
      archived: result.measure.archivedAt !== null,
      replayed: result.replayed,
      catalogUpdated: result.catalogUpdated,
      observation: result.observation ? toTargetObservation(result.observation) : null,
    });

  return { CreateInput, UpdateInput, MutationResult: MutationResult as ClassType<MeasureMutationResult<T>>, toPayload };
}

/** What every write mutation answers with (`<Type>MutationResult`). */
export interface MeasureMutationResult<T> {
  measure: T;
  version: number;
  archived: boolean;
  replayed: boolean;
  catalogUpdated: boolean;
  observation: TargetObservation | null;
}
