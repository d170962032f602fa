import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import type { RegionRef } from '@hkp/policy-model';
import { ProgrammeRegion } from '../region.ref';

@ObjectType('FactSource', { description: 'The article and the passage a programme fact is taken from.' })
export class FactSource {
  @Field({ deprecationReason: 'An internal seed file id; use article (its id, label, publisher, date).' })
  document: string;

  @Field({ description: 'The passage as published (scraping noise removed, script unchanged).' })
  excerpt: string;

  /** The article's public id, resolved by the article field. */
  articleId?: string;
}

@ObjectType('Milestone', { description: 'A goal of the provincial decision for a year (2025, 2027, 2035).' })
export class Milestone {
  @Field(() => ID)
  id: string;

  @Field(() => Int)
  year: number;

  @Field()
  goal: string;

  @Field(() => FactSource)
  source: FactSource;
}

@ObjectType('KeyFigure', { description: 'A number the documents give about the project (122 counties, 156 assisting units …).' })
export class KeyFigure {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field(() => Float)
  value: number;

  @Field()
  unit: string;

  @Field(() => ProgrammeRegion, {
    nullable: true,
    description: 'The region the figure describes (广东省 for the 122 counties, 广州市 for its 48 work points).',
  })
  region: RegionRef | null;

  @Field(() => FactSource)
  source: FactSource;
}

@ObjectType('Meeting', { description: 'A meeting in the project timeline.' })
export class Meeting {
  @Field(() => ID)
  id: string;

  @Field({ description: 'YYYY-MM-DD (or YYYY-MM where the day is not given).' })
  date: string;

  @Field()
  title: string;

  @Field()
  summary: string;

  @Field(() => ProgrammeRegion, { nullable: true })
  region: RegionRef | null;

  @Field(() => FactSource)
  source: FactSource;
}

@ObjectType('InspectionRound', { description: 'A round of provincial inspections (巡视) of the project.' })
export class InspectionRound {
  @Field(() => ID)
  id: string;

  @Field(() => String, { nullable: true, description: 'When it started (YYYY, YYYY-MM); null when only planned.' })
  startedOn: string | null;

  @Field(() => Int, { nullable: true })
  teams: number | null;

  @Field(() => Int, { nullable: true })
  cities: number | null;

  @Field(() => Int, { nullable: true })
  counties: number | null;

  @Field()
  focus: string;

  @Field(() => FactSource)
  source: FactSource;
}

@ObjectType('AssistancePairing', { description: 'An assistance scheme: who helps which counties, for how long.' })
export class AssistancePairing {
  @Field(() => ID)
  id: string;

  @Field({ description: 'VERTICAL (provincial units help counties) or COUNTERPART (Pearl River Delta cities help others).' })
  scheme: string;

  @Field()
  helpers: string;

  @Field(() => [ProgrammeRegion])
  helpedRegions: RegionRef[];

  @Field(() => Int, { nullable: true })
  units: number | null;

  @Field(() => Int, { nullable: true })
  cadres: number | null;

  @Field(() => Int, { nullable: true })
  periodStart: number | null;

  @Field(() => Int, { nullable: true })
  periodEnd: number | null;

  @Field(() => FactSource)
  source: FactSource;
}

@ObjectType('Programme', { description: '百县千镇万村高质量发展工程: its goals, key figures and timeline.' })
export class Programme {
  @Field()
  name: string;

  @Field()
  shortName: string;
}
