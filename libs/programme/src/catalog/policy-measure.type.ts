import { Directive, Field, Float, ID, Int, InterfaceType, ObjectType, registerEnumType, type ClassType } from 'type-graphql';
import { DEPARTMENTS, FEEDING_DEPARTMENTS, type DepartmentCode } from '@hkp/departments';
import { MeasureLevel, TargetComparator, TargetObservation, type RegionRef } from '@hkp/policy-model';
import { ProgrammeRegion } from '../region.ref';

/** The GraphQL `Department` enum: one value per manifest entry, in manifest order. */
export const Department = Object.fromEntries(DEPARTMENTS.map((d) => [d.code, d.code])) as { readonly [C in DepartmentCode]: C };
export type Department = DepartmentCode;
registerEnumType(Department, {
  name: 'Department',
  description:
    'The department (subgraph) that owns a measure. PROGRAMME is the command office 百千万工程指挥部办公室, which also holds measures of departments without a subgraph of their own.',
});

// Shared with the departments' write inputs (one registration per GraphQL enum).
export { MeasureLevel, TargetComparator };

@ObjectType('MeasurePeriod')
export class MeasurePeriod {
  @Field(() => Int, { nullable: true })
  startYear: number | null;

  @Field(() => Int, { nullable: true })
  endYear: number | null;
}

@ObjectType('Provenance', {
  description:
    'Where a fact comes from: the article (headline or label, publisher, date) and the passage quoted from it, as published and in Simplified Chinese.',
})
export class Provenance {
  @Field({
    description: 'The source document id (data/seeds/<document>.txt) for seeded measures; what the department gave for its own.',
    deprecationReason:
      'An internal file id for seeded measures; print article { label publisher publishedOn } (article.id is the public id).',
  })
  document: string;

  @Field({
    description: "The seed's first line, normalised (for an article without a headline, the start of its first sentence).",
    deprecationReason: 'Not a title for articles without a headline (a sentence fragment); print headline or label, or article.label.',
  })
  documentTitle: string;

  @Field({ description: 'The passage as published (scraping noise removed, script unchanged).' })
  excerpt: string;

  @Field({ description: 'The passage in Simplified Chinese (the same text where it was published in Simplified or in English).' })
  excerptSimplified: string;

  /** The public id of the article, resolved by the article field (absent for measures entered through the API). */
  articleId?: string;
}

@ObjectType('TargetBaseline')
export class TargetBaseline {
  @Field(() => Float)
  value: number;

  @Field(() => Int, { nullable: true })
  year: number | null;
}

@ObjectType('TargetProgress', { description: 'Where a target stands: its latest observation and how it compares with the goal.' })
export class TargetProgress {
  @Field(() => Float, { description: 'The value of the latest observation.' })
  latestValue: number;

  @Field({ description: 'When the latest observation was measured (YYYY, YYYY-MM or YYYY-MM-DD).' })
  observedOn: string;

  @Field(() => Float, {
    nullable: true,
    description:
      'latestValue divided by the target value (1 = reached) for AT_LEAST, EXACTLY and ABOUT targets; null where that is not meaningful: AT_MOST targets (a ceiling, not a goal to reach) and a target value of 0.',
  })
  ratio: number | null;
}

@ObjectType('Target', { description: 'A numeric goal of a measure, as data a portal can chart.' })
export class Target {
  @Field(() => ID)
  id: string;

  @Field({ description: 'What is measured, e.g. 常住人口城镇化率.' })
  indicator: string;

  @Field(() => Float)
  value: number;

  @Field()
  unit: string;

  @Field(() => Int, { nullable: true, description: 'The year it is due.' })
  year: number | null;

  @Field(() => TargetComparator)
  comparator: TargetComparator;

  @Field(() => TargetBaseline, { nullable: true })
  baseline: TargetBaseline | null;

  @Field(() => ProgrammeRegion, { nullable: true, description: 'Set when the target is for a narrower region than its measure.' })
  region: RegionRef | null;

  @Field({ description: 'The sentence that states it, as published.' })
  excerpt: string;

  @Field(() => Provenance, { description: 'The article and the sentence that states it (as published and in Simplified Chinese).' })
  source: Provenance;

  @Field(() => [TargetObservation], { description: 'Values measured so far, oldest first (by the date they were measured).' })
  observations: TargetObservation[];

  @Field(() => TargetProgress, {
    nullable: true,
    description: 'The latest observation against the goal; null before the first observation.',
  })
  progress: TargetProgress | null;
}

/** The fields every department's measure has; the catalog resolves them for all of them. */
@Directive('@key(fields: "id")')
@InterfaceType('PolicyMeasure', {
  description: 'A policy measure (政策措施) of the Hundred-Thousand Project, whichever department owns it.',
  resolveType: (value: { department?: string }) => TYPE_BY_DEPARTMENT[value.department as Department],
})
export abstract class PolicyMeasure {
  @Field(() => ID, { description: 'Stable identifier, e.g. education-action-plan-2023-2027.' })
  id: string;

  @Field({ description: 'Title in Simplified Chinese, without scraping noise (a translation where titleIsTranslation).' })
  title: string;

  @Field({ description: 'Title as published (Traditional or Simplified, or English for the English summary), without scraping noise.' })
  originalTitle: string;

  @Field({ description: 'The language originalTitle is published in, BCP 47: zh, or en for the two measures of the English summary.' })
  originalTitleLanguage: string;

  @Field({
    description:
      "True when title is a Chinese translation by the data's curators of a title published in another language (originalTitle, originalTitleLanguage); false when title is the published title in Simplified Chinese.",
  })
  titleIsTranslation: boolean;

  @Field(() => Department)
  department: Department;

  @Field({ description: 'The body that runs it, e.g. 省教育厅.' })
  responsibleBody: string;

  @Field({ description: 'Theme: EDUCATION, CITY_PLAN, INSPECTION … (see data/curation/FORMAT.md).' })
  category: string;

  @Field(() => MeasureLevel)
  level: MeasureLevel;

  @Field()
  issuer: string;

  @Field(() => MeasurePeriod)
  period: MeasurePeriod;

  @Field(() => String, { nullable: true, description: 'YYYY, YYYY-MM or YYYY-MM-DD where known.' })
  publishedOn: string | null;

  @Field(() => [ProgrammeRegion], { description: 'The regions it applies to.' })
  regions: RegionRef[];

  @Field(() => [String], { description: 'The published bullet points, as published.' })
  points: string[];

  @Field(() => [Target])
  targets: Target[];

  @Field(() => Provenance)
  source: Provenance;

  @Field(() => Int, { description: 'Increases with every change the owning department makes.' })
  version: number;

  @Field({ description: 'When the owning department last changed it.' })
  updatedAt: Date;

  @Field({
    description: 'True once the owning department archived it: it no longer appears in lists and search, but stays readable by id.',
  })
  archived: boolean;
}

function measureType(name: string, description: string): ClassType<PolicyMeasure> {
  @Directive('@key(fields: "id")')
  @ObjectType(name, { implements: PolicyMeasure, description })
  class ConcreteMeasure extends PolicyMeasure {}
  return ConcreteMeasure;
}

// The catalog declares every implementation of the entity interface (a composition rule);
// each department's subgraph adds its own fields to its type. Built once, as this module loads:
// type-graphql's metadata is global, so a second build would register the type twice. Built
// before ProgrammeMeasure is declared: registration order is the order of the types in the SDL.
const FEEDING_MEASURE_TYPES = FEEDING_DEPARTMENTS.map((d) => measureType(d.typeName, d.typeDescription ?? `A measure of ${d.body}.`));

@Directive('@key(fields: "id")')
@ObjectType('ProgrammeMeasure', {
  implements: PolicyMeasure,
  description:
    'A measure held by the command office: the provincial decision, city plans, inspections, assistance schemes and measures of departments without a subgraph.',
})
export class ProgrammeMeasure extends PolicyMeasure {
  @Field(() => String, { nullable: true, description: 'The department that leads it when it has no subgraph of its own (省自然资源厅 …).' })
  leadDepartment: string | null;
}

export const TYPE_BY_DEPARTMENT = Object.fromEntries(DEPARTMENTS.map((d) => [d.code, d.typeName])) as Record<Department, string>;

export const MEASURE_TYPES: ClassType<PolicyMeasure>[] = [...FEEDING_MEASURE_TYPES, ProgrammeMeasure];
