import type { DataSource } from 'typeorm';
import { MeasureCommands, withNudgeTimeout, type MeasureWriteSpec } from '@hkp/policy-model';
import type { SubgraphContext } from '@hkp/subgraph-kit';
import type { CatalogSync } from '../catalog/catalog-sync';
import { programmeFields } from './programme-measure.fields';

/**
 * The command office's writes of its own measures: the same commands as every department's, with
 * the catalog nudged in process: its own feed is drained by this service's CatalogSync directly.
 */
const programmeWriteSpec: MeasureWriteSpec<object> = {
  department: 'PROGRAMME',
  service: 'programme',
  details: { shape: programmeFields.writeShape, toDetails: (input, current) => programmeFields.toDetails(input, current) },
};

export function programmeMeasureCommands(dataSource: DataSource, base: SubgraphContext, catalogSync: () => CatalogSync): MeasureCommands {
  return new MeasureCommands(dataSource, programmeWriteSpec as MeasureWriteSpec<never>, {
    afterCommit: () => withNudgeTimeout(catalogSync().drainSource('programme'), base.logger),
  });
}
