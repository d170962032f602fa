import type { DataSource } from 'typeorm';
import { defineMeasureWriteSchema, MeasureCommands, withNudgeTimeout, type MeasureWriteSpec } from '@hkp/policy-model';
import type { SubgraphContext } from '@hkp/subgraph-kit';
import { snapshotToPolicyMeasure } from '../catalog/catalog-row';
import type { CatalogSync } from '../catalog/catalog-sync';
import { ProgrammeMeasure } from '../catalog/policy-measure.type';
import { programmeDetails, type ProgrammeMeasureDetailsInput } from './programme-measure.input';

/**
 * The command office's writes of its own measures: the same commands and GraphQL fields as every
 * department's (createProgrammeMeasure …), with the catalog nudged in process: its own feed is
 * drained by this service's CatalogSync directly.
 */
const programmeWriteSpec: MeasureWriteSpec<ProgrammeMeasureDetailsInput> = {
  department: 'PROGRAMME',
  service: 'programme',
  details: { shape: programmeDetails.shape, toDetails: programmeDetails.toDetails },
};

export const programmeWrites = defineMeasureWriteSchema({
  measureType: ProgrammeMeasure,
  typeName: 'ProgrammeMeasure',
  fieldPrefix: 'programme',
  service: 'programme',
  detailsInput: programmeDetails.input,
  // The catalog's view of the written measure (leadDepartment is resolved from the measure table).
  toResult: ({ snapshot }) => snapshotToPolicyMeasure(snapshot) as ProgrammeMeasure,
});

export function programmeMeasureCommands(dataSource: DataSource, base: SubgraphContext, catalogSync: () => CatalogSync): MeasureCommands {
  return new MeasureCommands(dataSource, programmeWriteSpec as MeasureWriteSpec<never>, {
    afterCommit: () => withNudgeTimeout(catalogSync().drainSource('programme'), base.logger),
  });
}
