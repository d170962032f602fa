import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { DEPARTMENTS, departmentByName } from '@hkp/departments';
import {
  CreateMeasureFeed1764000100002,
  CreateMeasureTables1764000100000,
  CreateWriteTables1764000100001,
  departmentMeasureLoader,
  MeasureEntity,
  MeasureEventEntity,
  MeasureStore,
  TargetEntity,
  TargetObservationEntity,
} from '@hkp/policy-model';
import type { SubgraphModule } from '@hkp/subgraph-kit';
import { getEnvNum } from '@hkp/util-env';
import { catalogChangeStreamOf, catalogChangesContext } from './catalog-changes/catalog-changes';
import { MeasureChangedResolver } from './catalog-changes/measure-changed.resolver';
import { startCatalogKeyRebuild } from './catalog/catalog-key-rebuild';
import { CatalogRepository } from './catalog/catalog-repository';
import { departmentSources } from './catalog/catalog-sources';
import { CatalogSync, catalogSyncFor } from './catalog/catalog-sync';
import { CatalogSyncResolver } from './catalog/catalog-sync.resolver';
import { CatalogChangeResolver, MeasuresResolver, ProgrammeMeasureResolver, RegionMeasuresResolver } from './catalog/measures.resolver';
import { MeasureFacetsResolver } from './catalog/measure-facets.resolver';
import { MEASURE_TYPES, type PolicyMeasure } from './catalog/policy-measure.type';
import { ArticleResolver, FactSourceArticleResolver, ProvenanceArticleResolver } from './facts/article.resolver';
import { ProgrammeFactsRepository } from './facts/programme-facts.repository';
import { loadProgrammeFacts } from './facts/programme-facts.seed';
import { ProgrammeResolver, RegionKeyFiguresResolver } from './facts/programme.resolver';
import { CreateCatalog1764000300000 } from './migrations/1764000300000-create-catalog';
import { CreateProgrammeFacts1764000300001 } from './migrations/1764000300001-create-programme-facts';
import { AddFeedIdToCursors1764000300002 } from './migrations/1764000300002-add-feed-id-to-cursors';
import { AddCatalogKeyVersions1764000300003 } from './migrations/1764000300003-add-catalog-key-versions';
import { AddArticleFactKind1764000300004 } from './migrations/1764000300004-add-article-fact-kind';
import { CreateCatalogChangeFeed1764000300010 } from './migrations/1764000300010-create-catalog-change-feed';
import type { ProgrammeContext } from './programme.context';
import { ProgrammeRegion } from './region.ref';
import { programmeMeasureCommands } from './measures/programme-measure-writes';
import { ProgrammeMeasureWriteResolver, programmeWrites } from './measures/programme-measure.resolver';
import { ViewerResolver } from './viewer/viewer.resolver';

const office = departmentByName('programme');
const loadProgrammeMeasures = departmentMeasureLoader(office.code);

/** The catalog sync of a data source: the one the background loop runs, also reached by requests. */
function catalogSyncOf(dataSource: DataSource, logger: Logger): CatalogSync {
  return catalogSyncFor(
    dataSource,
    () =>
      new CatalogSync(
        dataSource,
        departmentSources(dataSource),
        logger,
        getEnvNum('CATALOG_SYNC_INTERVAL_MS', 1000, process.env, { min: 50 }),
      ),
  );
}

const resolveFromCatalog = {
  __resolveReference: (reference: { id: string }, ctx: ProgrammeContext): Promise<PolicyMeasure | null> => ctx.catalog.byId(reference.id),
};

/**
 * 百千万工程指挥部办公室, the command office: programme goals and timeline, its own measures
 * (city plans, inspections, assistance, departments without a subgraph), and the
 * cross-department catalog with search, fed by every department's change feed.
 */
export const programmeSubgraph: SubgraphModule = {
  name: office.name,
  databaseSchema: office.databaseSchema,
  defaultPort: office.port,
  entities: [MeasureEntity, TargetEntity, MeasureEventEntity, TargetObservationEntity],
  migrations: [
    CreateMeasureTables1764000100000,
    CreateWriteTables1764000100001,
    CreateMeasureFeed1764000100002,
    CreateCatalog1764000300000,
    CreateProgrammeFacts1764000300001,
    AddFeedIdToCursors1764000300002,
    AddCatalogKeyVersions1764000300003,
    AddArticleFactKind1764000300004,
    CreateCatalogChangeFeed1764000300010,
  ],
  extensions: ['pg_trgm'],
  resolvers: [
    MeasuresResolver,
    CatalogChangeResolver,
    ProgrammeMeasureResolver,
    RegionMeasuresResolver,
    MeasureFacetsResolver,
    ProgrammeResolver,
    RegionKeyFiguresResolver,
    ArticleResolver,
    ProvenanceArticleResolver,
    FactSourceArticleResolver,
    CatalogSyncResolver,
    ViewerResolver,
    ProgrammeMeasureWriteResolver,
    MeasureChangedResolver,
  ],
  orphanedTypes: [...MEASURE_TYPES, ProgrammeRegion, ...programmeWrites.orphanedTypes],
  referenceResolvers: {
    PolicyMeasure: resolveFromCatalog,
    ...Object.fromEntries(DEPARTMENTS.map((d) => [d.typeName, resolveFromCatalog])),
    Region: { __resolveReference: (reference: { code: string }) => reference },
  },
  loadSeedData: async (dataSource, logger) => {
    await loadProgrammeFacts(dataSource, logger);
    await loadProgrammeMeasures(dataSource, logger);
  },
  startBackground: (dataSource, logger) => {
    const sync = catalogSyncOf(dataSource, logger);
    sync.start();
    // Keys stored by an older version are rebuilt while the service answers from them.
    const keyRebuild = startCatalogKeyRebuild(dataSource, logger);
    const changes = catalogChangeStreamOf(dataSource, logger);
    const changesStarted = changes.start().catch((error: unknown) => logger.error({ err: error }, 'catalog change stream failed to start'));
    return async () => {
      await changesStarted;
      await changes.stop();
      await keyRebuild.stop();
      await sync.stop();
    };
  },
  createContext: (dataSource, base) => {
    const catalogSync = () => catalogSyncOf(dataSource, base.logger);
    return {
      measures: new MeasureStore(dataSource, base.loaders),
      measureWrites: programmeMeasureCommands(dataSource, base, catalogSync),
      catalog: new CatalogRepository(dataSource, base.loaders),
      facts: new ProgrammeFactsRepository(dataSource),
      catalogSync,
      ...catalogChangesContext(dataSource, base.logger),
    };
  },
};
