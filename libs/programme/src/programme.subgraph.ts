import {
  CreateMeasureTables1764000100000,
  departmentMeasureLoader,
  MeasureEntity,
  MeasureEventEntity,
  MeasureStore,
  TargetEntity,
} from '@hkp/policy-model';
import type { SubgraphModule } from '@hkp/subgraph-kit';
import { getEnvNum, SERVICE_PORTS } from '@hkp/util-env';
import { CatalogRepository } from './catalog/catalog-repository';
import { departmentSources } from './catalog/catalog-sources';
import { CatalogSync } from './catalog/catalog-sync';
import { CatalogChangeResolver, MeasuresResolver, ProgrammeMeasureResolver, RegionMeasuresResolver } from './catalog/measures.resolver';
import { MEASURE_TYPES, TYPE_BY_DEPARTMENT, type PolicyMeasure } from './catalog/policy-measure.type';
import { ProgrammeFactsRepository } from './facts/programme-facts.repository';
import { loadProgrammeFacts } from './facts/programme-facts.seed';
import { ProgrammeResolver } from './facts/programme.resolver';
import { CreateCatalog1764000300000 } from './migrations/1764000300000-create-catalog';
import { CreateProgrammeFacts1764000300001 } from './migrations/1764000300001-create-programme-facts';
import type { ProgrammeContext } from './programme.context';
import { ProgrammeRegion } from './region.ref';

const loadProgrammeMeasures = departmentMeasureLoader('PROGRAMME');

const resolveFromCatalog = {
  __resolveReference: (reference: { id: string }, ctx: ProgrammeContext): Promise<PolicyMeasure | null> => ctx.catalog.byId(reference.id),
};

/**
 * 百千万工程指挥部办公室, the command office: programme goals and timeline, its own measures
 * (city plans, inspections, assistance, departments without a subgraph), and the
 * cross-department catalog with search, fed by every department's change feed.
 */
export const programmeSubgraph: SubgraphModule = {
  name: 'programme',
  databaseSchema: 'programme',
  defaultPort: SERVICE_PORTS.programme,
  entities: [MeasureEntity, TargetEntity, MeasureEventEntity],
  migrations: [CreateMeasureTables1764000100000, CreateCatalog1764000300000, CreateProgrammeFacts1764000300001],
  extensions: ['pg_trgm'],
  resolvers: [MeasuresResolver, CatalogChangeResolver, ProgrammeMeasureResolver, RegionMeasuresResolver, ProgrammeResolver],
  orphanedTypes: [...MEASURE_TYPES, ProgrammeRegion],
  referenceResolvers: {
    PolicyMeasure: resolveFromCatalog,
    ...Object.fromEntries(Object.values(TYPE_BY_DEPARTMENT).map((typeName) => [typeName, resolveFromCatalog])),
    Region: { __resolveReference: (reference: { code: string }) => reference },
  },
  loadSeedData: async (dataSource, logger) => {
    await loadProgrammeFacts(dataSource, logger);
    await loadProgrammeMeasures(dataSource, logger);
  },
  startBackground: (dataSource, logger) => {
    const sync = new CatalogSync(dataSource, departmentSources(dataSource), logger, getEnvNum('CATALOG_SYNC_INTERVAL_MS', 1000, process.env, { min: 50 }));
    sync.start();
    return () => sync.stop();
  },
  createContext: (dataSource, base) => ({
    measures: new MeasureStore(dataSource, base.loaders),
    catalog: new CatalogRepository(dataSource, base.loaders),
    facts: new ProgrammeFactsRepository(dataSource),
  }),
};
