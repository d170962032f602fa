import { Field, ID, InputType } from 'type-graphql';
import { assertKnownRegionCode, regionPrefix, regionScope, RegionScope, type RegionScopeName } from '@hkp/policy-model';
import { Department } from '../catalog/policy-measure.type';
import type { CatalogChangeRecord } from './catalog-change-log';

@InputType('MeasureChangeFilter', { description: 'Which changes a subscription receives; all given conditions must hold.' })
export class MeasureChangeFilter {
  @Field(() => Department, { nullable: true })
  department?: Department;

  @Field(() => ID, {
    nullable: true,
    description: 'Changes to measures this region selects under `scope`, as the measure is after the change.',
  })
  regionCode?: string;

  @Field(() => RegionScope, {
    nullable: true,
    defaultValue: RegionScope.WITHIN,
    description:
      'As in MeasureFilter: WITHIN (this region or below it), APPLIES (this region, the regions above it and the province) or AT.',
  })
  scope?: RegionScope;
}

/** Whether a measure for `regionCodes` is selected by `code` under `scope` (the catalog's SQL, for one measure). */
export function regionSelects(scope: RegionScopeName, code: string, regionCodes: readonly string[]): boolean {
  switch (scope) {
    case 'AT':
      return regionCodes.includes(code);
    case 'APPLIES': {
      const applies = new Set(regionScope(code));
      return regionCodes.some((rc) => applies.has(rc));
    }
    case 'WITHIN': {
      const prefix = regionPrefix(code);
      return regionCodes.some((rc) => rc.startsWith(prefix));
    }
  }
}

/** The test a change must pass for a subscription with this filter; a region code is checked first. */
export function changeMatcher(filter: MeasureChangeFilter | undefined | null): (change: CatalogChangeRecord) => boolean {
  const department = filter?.department ?? null;
  const regionCode = filter?.regionCode?.trim() || null;
  if (regionCode) assertKnownRegionCode(regionCode, 'filter.regionCode');
  const scope = (filter?.scope ?? RegionScope.WITHIN) as RegionScopeName;
  return (change) =>
    (department === null || change.department === department) &&
    (regionCode === null || regionSelects(scope, regionCode, change.regionCodes));
}
