import { Directive, Field, ID, InputType, Int, ObjectType, type ClassType } from 'type-graphql';
import { z } from 'zod';
import { departmentByName, type DepartmentEntry, type DepartmentName } from '@hkp/departments';
import type { MeasureEntity } from '../entities/measure.entity';
import { count, nameList, text } from '../writes/measure-validation';

// A department's own fields, declared once. Each field knows its GraphQL output and input types,
// its write rule (with the messages and paths the write API answers with), how a stored row
// holds it, and how a curation file gives it; defineMeasureFields derives the rest.

/** A GraphQL type as type-graphql takes it: a class, a registered enum, a scalar, or a list of one. */
type GraphQLTypeRef = object;

interface FieldOptions<Optional extends boolean = boolean> {
  /** Shown on the output field and, unless `inputDescription` says otherwise, on the input field. */
  description?: string;
  /** Shown on the input field instead of `description`. */
  inputDescription?: string;
  /** A curation file may leave it out (by default each curated measure of the department gives it). */
  optional?: Optional;
}

/** A curated value: `undefined` too when the field is optional in curation files. */
type Curated<Optional extends boolean, C> = Optional extends true ? C | undefined : C;

export interface MeasureField<Output = unknown, Input = unknown, Curated = unknown> {
  readonly graphqlType: () => GraphQLTypeRef;
  readonly graphqlInputType: () => GraphQLTypeRef;
  readonly description: string | undefined;
  readonly inputDescription: string | undefined;
  /** The rule for a written value (null and absence are handled around it); `label` is its path in the input. */
  write(label: string): z.ZodType<Input>;
  /** The stored value (absent when the row lacks it) → the value the API shows. */
  readonly stored: z.ZodType<Output>;
  /** The value as a curation file gives it (undefined when it may leave it out). */
  readonly curation: z.ZodType<Curated>;
  /** The written value as it is stored. */
  toStored(value: Input): unknown;
}

/** Non-empty trimmed text, as curation files give names. */
const curatedText = z.string().trim().min(1);

function field<Output, Input, Curated>(
  options: FieldOptions,
  kind: Omit<MeasureField<Output, Input, Curated>, 'description' | 'inputDescription' | 'toStored'> &
    Partial<Pick<MeasureField<Output, Input, Curated>, 'toStored'>>,
): MeasureField<Output, Input, Curated> {
  return {
    toStored: (value) => value,
    ...kind,
    curation: options.optional ? (kind.curation.optional() as z.ZodType<Curated>) : kind.curation,
    description: options.description,
    inputDescription: options.inputDescription ?? options.description,
  };
}

/** A list of short names (stages, instruments …): `[String!]`, shown as `[]` when none. */
function nameListField<O extends boolean = false>(
  options: FieldOptions<O> & { maxItems: number; maxLength: number },
): MeasureField<string[], string[], Curated<O, string[]>> {
  return field(
    {
      ...options,
      // The input states its limit; the output does not.
      inputDescription: options.inputDescription ?? (options.description && `${options.description} (at most ${options.maxItems}).`),
    },
    {
      graphqlType: () => [String],
      graphqlInputType: () => [String],
      write: (label) => nameList(label, { maxItems: options.maxItems, maxLength: options.maxLength }),
      stored: z
        .array(z.string())
        .nullish()
        .transform((names) => names ?? []),
      curation: z.array(curatedText) as z.ZodType<Curated<O, string[]>>,
    },
  );
}

/** A whole number from 0 to `max`: `Int`, null when not given. */
function countField<O extends boolean = false>(
  options: FieldOptions<O> & { max: number },
): MeasureField<number | null, number, Curated<O, number>> {
  return field(options, {
    graphqlType: () => Int,
    graphqlInputType: () => Int,
    write: (label) => count(label, options.max),
    stored: z
      .number()
      .int()
      .nullish()
      .transform((value) => value ?? null),
    curation: z.number().int().nonnegative() as z.ZodType<Curated<O, number>>,
  });
}

/** A short text: `String`, null when not given; curation files give it or null. */
function textField<O extends boolean = false>(
  options: FieldOptions<O> & { maxLength: number },
): MeasureField<string | null, string, Curated<O, string | null>> {
  return field(options, {
    graphqlType: () => String,
    graphqlInputType: () => String,
    write: (label) => text(label, options.maxLength),
    stored: z
      .string()
      .nullish()
      .transform((value) => value ?? null),
    curation: curatedText.nullable() as z.ZodType<Curated<O, string | null>>,
  });
}

/**
 * A set of values of a registered GraphQL enum (`registerEnumType`): `[Enum!]`, each value at
 * most once, shown as `[]` when none. `each` names one value in messages (`each mode must be …`).
 */
function enumListField<E extends Record<string, string>, O extends boolean = false>(
  values: E,
  options: FieldOptions<O> & { each: string },
): MeasureField<E[keyof E][], E[keyof E][], Curated<O, E[keyof E][]>> {
  const allowed = Object.values(values) as [E[keyof E], ...E[keyof E][]];
  const member = z.enum(allowed);
  return field(options, {
    graphqlType: () => [values],
    graphqlInputType: () => [values],
    write: (label) =>
      z
        .array(z.enum(allowed, { error: `each ${options.each} must be one of ${allowed.join(', ')}.` }))
        .refine((list) => new Set(list).size === list.length, { error: `${label} lists a ${options.each} twice.` }),
    stored: z
      .array(member)
      .nullish()
      .transform((list) => list ?? []),
    curation: z.array(member) as z.ZodType<Curated<O, E[keyof E][]>>,
  });
}

export type FieldsShape = Record<string, MeasureField>;

/** The values a field shows / takes / is curated as. */
type OutputOf<F extends MeasureField> = z.output<F['stored']>;
type InputOf<F extends MeasureField> = z.output<ReturnType<F['write']>>;
type CuratedOf<F extends MeasureField> = z.output<F['curation']>;

export type MeasureFieldsOutput<S extends FieldsShape> = { [K in keyof S]: OutputOf<S[K]> };
/** What a write gives of the fields: each may be left out (unchanged) or null (cleared). */
export type MeasureFieldsInput<S extends FieldsShape> = { [K in keyof S]?: InputOf<S[K]> | null };
/** Keys whose value may be undefined become optional (a curation file may leave them out). */
type OptionalWhenUndefined<T> = { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & {
  [K in keyof T as undefined extends T[K] ? K : never]?: T[K];
};
export type MeasureFieldsCurated<S extends FieldsShape> = OptionalWhenUndefined<{ [K in keyof S]: CuratedOf<S[K]> }>;

/** Adds each field to a class as a nullable GraphQL field, in declaration order. */
function addFields(target: ClassType<object>, shape: FieldsShape, side: 'output' | 'input'): void {
  for (const [name, spec] of Object.entries(shape)) {
    const description = side === 'output' ? spec.description : spec.inputDescription;
    const type = side === 'output' ? spec.graphqlType : spec.graphqlInputType;
    Field(type, { nullable: true, ...(description ? { description } : {}) })(target.prototype, name);
  }
}

function curationShape(shape: FieldsShape): Record<string, z.ZodType> {
  return Object.fromEntries(Object.entries(shape).map(([name, spec]) => [name, spec.curation]));
}

/**
 * A group of fields shown as the object type `name` and written as `<name>Input` (`description`
 * describes both types; `inputDescription` the input field). A write replaces the whole object
 * (null removes it), and its parts left out or null are not stored.
 */
function objectField<S extends FieldsShape, O extends boolean = false>(
  name: string,
  shape: S,
  options: FieldOptions<O>,
): MeasureField<MeasureFieldsOutput<S> | null, MeasureFieldsInput<S>, Curated<O, MeasureFieldsCurated<S>>> {
  const typeOptions = options.description ? { description: options.description } : {};
  class Output {}
  ObjectType(name, typeOptions)(Output);
  addFields(Output, shape, 'output');
  class Input {}
  InputType(`${name}Input`, typeOptions)(Input);
  addFields(Input, shape, 'input');
  const stored = z.object(Object.fromEntries(Object.entries(shape).map(([key, spec]) => [key, spec.stored])));
  return field(
    { inputDescription: options.inputDescription, optional: options.optional },
    {
      graphqlType: () => Output,
      graphqlInputType: () => Input,
      write: (label) =>
        z.object(
          Object.fromEntries(Object.entries(shape).map(([key, spec]) => [key, spec.write(`${label}.${key}`).nullish()])),
        ) as unknown as z.ZodType<MeasureFieldsInput<S>>,
      stored: stored.nullish().transform((value) => (value ? (Object.assign(new Output(), value) as MeasureFieldsOutput<S>) : null)),
      curation: z.strictObject(curationShape(shape)) as unknown as z.ZodType<Curated<O, MeasureFieldsCurated<S>>>,
      toStored: (value) => Object.fromEntries(Object.entries(value).filter(([, part]) => part !== undefined && part !== null)),
    },
  );
}

/** The kinds of a department's own fields. */
export const fields = {
  nameList: nameListField,
  count: countField,
  text: textField,
  enumList: enumListField,
  object: objectField,
};

export interface MeasureFieldsOptions {
  /** The measure type's description; by default `A measure of <body>. Common fields come from the PolicyMeasure interface.` */
  description?: string;
  /**
   * Parts of `details` that only curation files give (finance's funding lines): checked on
   * import, kept through writes, not in the department's GraphQL type.
   */
  curatedOnly?: Record<string, z.ZodType>;
}

/** A department's own fields and everything derived from them. */
export interface MeasureFields<S extends FieldsShape, C extends Record<string, z.ZodType> = Record<never, z.ZodType>> {
  readonly department: DepartmentEntry;
  readonly shape: S;
  /** `<Type>`: `id` and the fields, `@key(fields: "id")`. */
  readonly MeasureType: ClassType<{ id: string } & MeasureFieldsOutput<S>>;
  /** `<Type>DetailsInput`: the fields a write sets; the create and update inputs extend it (it is never emitted itself). */
  readonly DetailsInput: ClassType<MeasureFieldsInput<S>>;
  /** A stored measure as the department's type; a row whose details do not fit is an internal error naming the measure. */
  toMeasure(entity: Pick<MeasureEntity, 'id' | 'details'>): { id: string } & MeasureFieldsOutput<S>;
  /** The write rules per field (nullish: left out keeps, null clears), for the write commands. */
  readonly writeShape: Record<keyof S & string, z.ZodType>;
  /** The written fields merged into the stored `details`: left out keeps, null removes; other keys (curated only) are kept. */
  toDetails(input: MeasureFieldsInput<S>, current: Record<string, unknown>): Record<string, unknown>;
  /** `details` of a curation file's measure of this department (strict). */
  readonly curation: z.ZodType<MeasureFieldsCurated<S> & OptionalWhenUndefined<{ [K in keyof C]: z.output<C[K]> }>>;
}

/**
 * Declares department `name`'s own fields (`name` is its manifest name: the type is named after
 * the manifest's typeName). Call once per department, at module load: the GraphQL types are
 * registered with type-graphql then.
 */
export function defineMeasureFields<S extends FieldsShape, C extends Record<string, z.ZodType> = Record<never, z.ZodType>>(
  name: DepartmentName,
  shape: S,
  options: MeasureFieldsOptions & { curatedOnly?: C } = {},
): MeasureFields<S, C> {
  const department: DepartmentEntry = departmentByName(name);
  const { typeName } = department;
  const entries = Object.entries(shape);
  const description =
    options.description ??
    `${'typeDescription' in department ? department.typeDescription : `A measure of ${department.body}.`} Common fields come from the PolicyMeasure interface.`;

  @Directive('@key(fields: "id")')
  @ObjectType(typeName, { description })
  class Measure {
    @Field(() => ID)
    id: string;
  }
  addFields(Measure, shape, 'output');

  class DetailsInput {}
  InputType(`${typeName}DetailsInput`)(DetailsInput);
  addFields(DetailsInput, shape, 'input');

  const stored = z.object(Object.fromEntries(entries.map(([key, spec]) => [key, spec.stored])));

  return {
    department,
    shape,
    MeasureType: Measure as ClassType<{ id: string } & MeasureFieldsOutput<S>>,
    DetailsInput: DetailsInput as ClassType<MeasureFieldsInput<S>>,
    toMeasure(entity) {
      const parsed = stored.safeParse(entity.details);
      if (!parsed.success) {
        const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(details)'}: ${issue.message}`);
        throw new Error(`Measure ${entity.id}: its stored details do not fit ${typeName} (${problems.join('; ')}).`);
      }
      return Object.assign(new Measure(), parsed.data, { id: entity.id }) as { id: string } & MeasureFieldsOutput<S>;
    },
    writeShape: Object.fromEntries(entries.map(([key, spec]) => [key, spec.write(key).nullish()])) as Record<string, z.ZodType> as Record<
      keyof S & string,
      z.ZodType
    >,
    toDetails(input, current) {
      const details = { ...current };
      for (const [key, spec] of entries) {
        const value = input[key];
        if (value === undefined) continue;
        if (value === null) delete details[key];
        else details[key] = spec.toStored(value);
      }
      return details;
    },
    // Strict, so that a misspelt field fails the import instead of silently dropping a fact.
    curation: z.strictObject({ ...curationShape(shape), ...options.curatedOnly }) as unknown as MeasureFields<S, C>['curation'],
  };
}

/** `details` of a department's measure as a curation file gives it. */
export type CuratedDetails<F extends { curation: z.ZodType }> = z.output<F['curation']>;

/**
 * Each department's curated `details` by its code, for typing curation files. Empty here: each
 * department's fields file adds its entry (`declare module '@hkp/policy-model/fields'`), so the
 * departments' list is never repeated.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by each department's fields file
export interface CuratedDetailsByDepartment {}
