import { Field, ID, InputType, Int } from 'type-graphql';
import { RegionScope } from '@hkp/policy-model';
import { RegionLevel } from './measure-facets.type';
import { Department, MeasureLevel } from './policy-measure.type';

@InputType('MeasureFilter', { description: 'All given conditions must hold.' })
export class MeasureFilter {
  @Field(() => Department, { nullable: true })
  department?: Department;

  @Field(() => [Department], { nullable: true, description: 'Any of these departments.' })
  departments?: Department[];

  @Field(() => MeasureLevel, { nullable: true })
  level?: MeasureLevel;

  @Field(() => [String], { nullable: true, description: 'Any of these categories (CITY_PLAN, EDUCATION …).' })
  categories?: string[];

  @Field(() => Int, { nullable: true, description: 'Measures whose period covers this year or that have a target due in it.' })
  year?: number;

  @Field(() => RegionLevel, {
    nullable: true,
    description: 'Measures for at least one region of this level (PROVINCE: province-wide measures; COUNTY: measures naming a county …).',
  })
  regionLevel?: RegionLevel;

  @Field(() => ID, {
    nullable: true,
    description:
      'Measures this region selects under `scope`; by default (WITHIN) those for this region or any region below it (a city includes its counties, towns and villages; 440000 includes everything).',
  })
  regionCode?: string;

  @Field(() => RegionScope, {
    nullable: true,
    defaultValue: RegionScope.WITHIN,
    description:
      'How regionCode selects: WITHIN (this region or below it), APPLIES (what applies to someone living there: this region, the regions above it and the whole province) or AT (exactly this region). Without regionCode it changes nothing.',
  })
  scope?: RegionScope;

  @Field({
    nullable: true,
    description:
      'Text search in titles, points, issuers and target indicators; Simplified or Traditional Chinese; words separated by spaces must all occur.',
  })
  q?: string;
}

@InputType('RegionMeasureFilter', { description: 'Like MeasureFilter, within the region the field is on.' })
export class RegionMeasureFilter {
  @Field(() => Department, { nullable: true })
  department?: Department;

  @Field(() => [Department], { nullable: true })
  departments?: Department[];

  @Field(() => MeasureLevel, { nullable: true })
  level?: MeasureLevel;

  @Field(() => [String], { nullable: true })
  categories?: string[];

  @Field(() => Int, { nullable: true })
  year?: number;

  @Field(() => RegionLevel, { nullable: true })
  regionLevel?: RegionLevel;

  @Field({ nullable: true })
  q?: string;

  @Field(() => RegionScope, {
    nullable: true,
    defaultValue: RegionScope.WITHIN,
    description:
      'Which measures of the region: WITHIN (for it or a region below it), APPLIES (for it, the regions above it and the whole province) or AT (for exactly it).',
  })
  scope?: RegionScope;
}
