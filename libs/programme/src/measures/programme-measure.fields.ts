import { defineMeasureFields, fields, type CuratedDetails } from '@hkp/policy-model/fields';

/**
 * ProgrammeMeasure's own fields as the office writes and curates them. The type the API shows is
 * the catalog's ProgrammeMeasure (catalog/policy-measure.type.ts), which carries every common field.
 */
export const programmeFields = defineMeasureFields('programme', {
  leadDepartment: fields.text({
    maxLength: 100,
    description: 'The department that leads it when it has no subgraph of its own (省自然资源厅 …).',
  }),
});

declare module '@hkp/policy-model/fields' {
  interface CuratedDetailsByDepartment {
    PROGRAMME: CuratedDetails<typeof programmeFields>;
  }
}
