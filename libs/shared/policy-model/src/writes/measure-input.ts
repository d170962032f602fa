import { Field, Float, ID, InputType, Int, type ClassType } from 'type-graphql';
import { MeasureLevel, TargetComparator } from '../graphql/measure-enums';

// The GraphQL input types of the write API. The shapes are checked by GraphQL; the rules (lengths,
// codes, years …) by measure-validation.ts, so that every problem comes back with its path.

@InputType('TargetBaselineInput', { description: 'Where a target starts from.' })
export class TargetBaselineInput {
  @Field(() => Float)
  value: number;

  @Field(() => Int, { nullable: true })
  year?: number | null;
}

@InputType('MeasureTargetInput', { description: 'A numeric goal of a measure.' })
export class MeasureTargetInput {
  @Field(() => ID, {
    nullable: true,
    description:
      'On an update: the id of an existing target of this measure, to keep it (and its observations) while changing its fields. Leave out for a new target.',
  })
  id?: string | null;

  @Field({ description: 'What is measured, e.g. 常住人口城镇化率.' })
  indicator: string;

  @Field(() => Float, { description: 'The goal value (1万亿元 → 10000 with unit 亿元; 75% → 75 with unit %).' })
  value: number;

  @Field({ description: '%, 个, 公里, 亿元 …' })
  unit: string;

  @Field(() => Int, { nullable: true, description: 'The year it is due.' })
  year?: number | null;

  @Field(() => TargetComparator, { nullable: true, defaultValue: TargetComparator.EXACTLY })
  comparator?: TargetComparator | null;

  @Field(() => TargetBaselineInput, { nullable: true })
  baseline?: TargetBaselineInput | null;

  @Field(() => ID, { nullable: true, description: 'Set when the target is for a narrower region than the measure.' })
  regionCode?: string | null;

  @Field(() => String, { nullable: true, description: 'The sentence that states it, as published.' })
  excerpt?: string | null;
}

@InputType('MeasureSourceInput', { description: 'The document a measure is taken from.' })
export class MeasureSourceInput {
  @Field({ description: 'The document: its name, number or address.' })
  document: string;

  @Field(() => String, { nullable: true, description: 'The passage the measure is taken from, as published.' })
  excerpt?: string | null;
}

@InputType('TargetObservationInput', { description: 'A value of a target as measured at a point in time.' })
export class TargetObservationInput {
  @Field(() => Float, { description: "The measured value, in the target's unit." })
  value: number;

  @Field({ description: 'When it was measured: YYYY, YYYY-MM or YYYY-MM-DD.' })
  observedOn: string;

  @Field(() => String, { nullable: true })
  note?: string | null;

  @Field(() => String, { nullable: true, description: 'Where the figure comes from.' })
  source?: string | null;
}

/** The common fields of a measure as a write gives them. */
export interface MeasureInputFields {
  title?: string;
  level?: MeasureLevel;
  issuer?: string;
  responsibleBody?: string;
  category?: string;
  periodStart?: number | null;
  periodEnd?: number | null;
  publishedOn?: string | null;
  regionCodes?: string[];
  points?: string[] | null;
  targets?: MeasureTargetInput[] | null;
  source?: MeasureSourceInput | null;
}

/**
 * `Create<Type>Input` and `Update<Type>Input` of a department: the common fields plus the
 * department's own (its `detailsInput` class, an `@InputType` no field refers to, all fields
 * nullable), inherited so they sit next to the common ones as on the output type.
 */
export function defineMeasureInputs<D extends object>(typeName: string, detailsInput: ClassType<D>) {
  const Base = detailsInput as unknown as ClassType<object>;
  const aType = `${/^[AEIOU]/.test(typeName) ? 'an' : 'a'} ${typeName}`;

  @InputType(`Create${typeName}Input`, {
    description: `A new ${typeName}. Titles are given as published; the Simplified title is derived.`,
  })
  class CreateInput extends Base implements MeasureInputFields {
    @Field({ description: 'The title as the department publishes it (Traditional or Simplified); 1–300 characters.' })
    title: string;

    @Field(() => MeasureLevel)
    level: MeasureLevel;

    @Field({ description: 'Who issued it, e.g. 广东省教育厅.' })
    issuer: string;

    @Field({ description: 'The body that runs it, e.g. 省教育厅.' })
    responsibleBody: string;

    @Field({ description: 'Theme: EDUCATION, CITY_PLAN, INSPECTION … (see data/curation/FORMAT.md).' })
    category: string;

    @Field(() => Int, { nullable: true })
    periodStart?: number | null;

    @Field(() => Int, { nullable: true })
    periodEnd?: number | null;

    @Field(() => String, { nullable: true, description: 'YYYY, YYYY-MM or YYYY-MM-DD.' })
    publishedOn?: string | null;

    @Field(() => [ID], { description: 'Guangdong division codes it applies to (1–50): 440000, 440600, 440604 …' })
    regionCodes: string[];

    @Field(() => [String], { nullable: true, description: 'The published points, in order (at most 100).' })
    points?: string[] | null;

    @Field(() => [MeasureTargetInput], { nullable: true, description: 'Numeric goals (at most 100).' })
    targets?: MeasureTargetInput[] | null;

    @Field(() => MeasureSourceInput, {
      nullable: true,
      description: 'Where it is published. Left out: the measure is marked as entered through the API by your token.',
    })
    source?: MeasureSourceInput | null;
  }

  @InputType(`Update${typeName}Input`, {
    description: `Changes to ${aType}: fields left out stay as they are, null clears an optional field. Targets, when given, replace the list (keep a target and its observations by passing its id).`,
  })
  class UpdateInput extends Base implements MeasureInputFields {
    @Field(() => String, { nullable: true })
    title?: string;

    @Field(() => MeasureLevel, { nullable: true })
    level?: MeasureLevel;

    @Field(() => String, { nullable: true })
    issuer?: string;

    @Field(() => String, { nullable: true })
    responsibleBody?: string;

    @Field(() => String, { nullable: true })
    category?: string;

    @Field(() => Int, { nullable: true })
    periodStart?: number | null;

    @Field(() => Int, { nullable: true })
    periodEnd?: number | null;

    @Field(() => String, { nullable: true })
    publishedOn?: string | null;

    @Field(() => [ID], { nullable: true })
    regionCodes?: string[];

    @Field(() => [String], { nullable: true })
    points?: string[] | null;

    @Field(() => [MeasureTargetInput], { nullable: true })
    targets?: MeasureTargetInput[] | null;

    @Field(() => MeasureSourceInput, { nullable: true })
    source?: MeasureSourceInput | null;
  }

  return {
    CreateInput: CreateInput as ClassType<D & MeasureInputFields>,
    UpdateInput: UpdateInput as ClassType<Partial<D> & MeasureInputFields>,
  };
}
