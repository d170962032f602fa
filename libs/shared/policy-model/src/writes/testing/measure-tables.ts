import type { GraphQLError } from 'graphql';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { createSubgraphDataSource, initialiseAndMigrate } from '@hkp/persistence';
import { MeasureEntity, MeasureEventEntity, TargetEntity, TargetObservationEntity } from '../../entities/measure.entity';
import { CreateMeasureTables1764000100000 } from '../../migrations/1764000100000-create-measure-tables';
import { CreateWriteTables1764000100001 } from '../../migrations/1764000100001-create-write-tables';
import { CreateMeasureFeed1764000100002 } from '../../migrations/1764000100002-create-measure-feed';

// For the write path's specs: a department's measure and write tables, migrated as a department
// service migrates them, on the database the spec made (createTestDatabase in @hkp/testing).

const SCHEMA = 'department';

export async function openMeasureTables(url: string): Promise<DataSource> {
  const { dataSource } = createSubgraphDataSource({
    url,
    schema: SCHEMA,
    entities: [MeasureEntity, TargetEntity, MeasureEventEntity, TargetObservationEntity],
    migrations: [CreateMeasureTables1764000100000, CreateWriteTables1764000100001, CreateMeasureFeed1764000100002],
    applicationName: 'write-path-spec',
  });
  await initialiseAndMigrate(dataSource, SCHEMA);
  return dataSource;
}

/** A stored measure of the education department, version 1, with the given columns changed. */
export function sampleMeasure(overrides: Partial<MeasureEntity> = {}): MeasureEntity {
  return Object.assign(new MeasureEntity(), {
    id: `education-${randomUUID()}`,
    version: 1,
    department: 'EDUCATION',
    responsibleBody: '省教育厅',
    category: 'EDUCATION',
    level: 'PROVINCE',
    issuer: '广东省教育厅',
    title: '广东省县域普通高中振兴行动计划',
    originalTitle: '广东省县域普通高中振兴行动计划',
    points: ['扩大县域优质高中学位供给。'],
    pointsNormalised: ['扩大县域优质高中学位供给。'],
    periodStart: 2024,
    periodEnd: 2027,
    publishedOn: '2024-03',
    regionCodes: ['440000'],
    details: { stages: ['基础教育'] },
    source: { document: 'api', documentTitle: 'Entered through the API by editor@gdedu', excerpt: '' },
    contentHash: 'api:sample',
    archivedAt: null,
    updatedAt: new Date('2025-01-01T00:00:00Z'),
    ...overrides,
  });
}

/** A target of `measureId` at `position` (0-based), id `<measure>:t<position + 1>` unless given. */
export function sampleTarget(measureId: string, position = 0, overrides: Partial<TargetEntity> = {}): TargetEntity {
  return Object.assign(new TargetEntity(), {
    id: `${measureId}:t${position + 1}`,
    measureId,
    position,
    indicator: '县域普通高中优质学位',
    value: 10,
    unit: '万个',
    year: 2027,
    comparator: 'AT_LEAST',
    baselineValue: null,
    baselineYear: null,
    regionCode: null,
    excerpt: '',
    ...overrides,
  });
}

/** Stores the measure (and targets) as they are, outside the write path. */
export async function storeMeasure(dataSource: DataSource, measure: MeasureEntity, targets: TargetEntity[] = []): Promise<void> {
  await dataSource.getRepository(MeasureEntity).insert(measure as QueryDeepPartialEntity<MeasureEntity>);
  if (targets.length > 0) await dataSource.getRepository(TargetEntity).insert(targets);
}

/** The error a write was refused with; fails the test when the write went through. */
export async function refusal(promise: Promise<unknown>): Promise<GraphQLError> {
  try {
    await promise;
  } catch (error) {
    return error as GraphQLError;
  }
  throw new Error('expected the write to be refused');
}
