/**
 * Compares two JSON Schemas of an event (the subset zod's toJSONSchema writes: objects with
 * properties and required, arrays, enums, primitives, nullable as anyOf with null) and says, for
 * each change, which side of the feed it breaks. No JSON-Schema differ is installed (the kept
 * ones, such as json-schema-diff, are not dependencies here), and the question is narrower than a
 * general differ answers: what can a reader of one version and a writer of the other still agree on.
 *
 * An old reader (a catalog still on the previous release) meets events the new code writes; an old
 * writer (a department still on the previous release) produces events the new code reads. Readers
 * ignore fields they do not know and default missing optional ones, so adding an optional field or
 * removing one breaks nobody.
 */

export type EventSide = 'old readers' | 'old writers';

export interface EventSchemaChange {
  /** `FIELD_REMOVED` … */
  type: string;
  /** The field's path: `snapshot.targets[].comparator`. */
  coordinate: string;
  message: string;
  /** Who cannot cope with the change; empty when it is safe. */
  breaks: EventSide[];
}

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  'x-schema-version'?: number;
}

interface Shape {
  /** `object`, `array`, `string`, `integer`, `number`, `boolean`, or a union's description. */
  type: string;
  nullable: boolean;
  values?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: Set<string>;
  items?: JsonSchema;
}

function shapeOf(schema: JsonSchema): Shape {
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) {
    const others = variants.filter((v) => v.type !== 'null');
    const nullable = others.length < variants.length;
    if (others.length === 1) return { ...shapeOf(others[0]!), nullable: nullable || shapeOf(others[0]!).nullable };
    return { type: `one of ${others.map((o) => shapeOf(o).type).join(' | ')}`, nullable };
  }
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  const nullable = types.includes('null');
  const type = types.filter((t) => t !== 'null').join(' | ') || (schema.const !== undefined ? typeof schema.const : 'any');
  const values = schema.enum ?? (schema.const !== undefined ? [schema.const] : undefined);
  return {
    type,
    nullable,
    values,
    properties: schema.properties,
    required: schema.required ? new Set(schema.required) : undefined,
    items: schema.items,
  };
}

const show = (s: Shape) =>
  `${s.values ? `${s.type} (${s.values.map((v) => JSON.stringify(v)).join(', ')})` : s.type}${s.nullable ? ' or null' : ''}`;

function compare(before: JsonSchema, after: JsonSchema, path: string, out: EventSchemaChange[]): void {
  const was = shapeOf(before);
  const is = shapeOf(after);
  const at = path || '(event)';
  if (was.type !== is.type || Boolean(was.values) !== Boolean(is.values)) {
    out.push({
      type: 'FIELD_TYPE_CHANGED',
      coordinate: at,
      message: `${at} changed from ${show(was)} to ${show(is)}`,
      breaks: ['old readers', 'old writers'],
    });
    return;
  }
  if (!was.nullable && is.nullable) {
    out.push({ type: 'FIELD_MADE_NULLABLE', coordinate: at, message: `${at} may now be null`, breaks: ['old readers'] });
  }
  if (was.nullable && !is.nullable) {
    out.push({ type: 'FIELD_MADE_NON_NULLABLE', coordinate: at, message: `${at} may no longer be null`, breaks: ['old writers'] });
  }
  if (was.values && is.values) {
    const key = (v: unknown) => JSON.stringify(v);
    const before = new Set(was.values.map(key));
    const after = new Set(is.values.map(key));
    for (const value of is.values.filter((v) => !before.has(key(v)))) {
      out.push({ type: 'ENUM_VALUE_ADDED', coordinate: at, message: `${at} may now be ${key(value)}`, breaks: ['old readers'] });
    }
    for (const value of was.values.filter((v) => !after.has(key(v)))) {
      out.push({ type: 'ENUM_VALUE_REMOVED', coordinate: at, message: `${at} may no longer be ${key(value)}`, breaks: ['old writers'] });
    }
  }
  if (was.type === 'array' && was.items && is.items) compare(was.items, is.items, `${path}[]`, out);
  if (was.type === 'object') compareFields(was, is, path, out);
}

function compareFields(was: Shape, is: Shape, path: string, out: EventSchemaChange[]): void {
  const before = was.properties ?? {};
  const after = is.properties ?? {};
  const wasRequired = was.required ?? new Set<string>();
  const isRequired = is.required ?? new Set<string>();
  for (const name of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const at = path ? `${path}.${name}` : name;
    const inBefore = name in before;
    const inAfter = name in after;
    if (inBefore && !inAfter) {
      out.push(
        wasRequired.has(name)
          ? { type: 'FIELD_REMOVED', coordinate: at, message: `required field ${at} was removed`, breaks: ['old readers'] }
          : { type: 'OPTIONAL_FIELD_REMOVED', coordinate: at, message: `optional field ${at} was removed`, breaks: [] },
      );
    } else if (!inBefore && inAfter) {
      out.push(
        isRequired.has(name)
          ? { type: 'REQUIRED_FIELD_ADDED', coordinate: at, message: `required field ${at} was added`, breaks: ['old writers'] }
          : { type: 'FIELD_ADDED', coordinate: at, message: `optional field ${at} was added`, breaks: [] },
      );
    } else {
      if (wasRequired.has(name) && !isRequired.has(name)) {
        out.push({ type: 'FIELD_MADE_OPTIONAL', coordinate: at, message: `${at} is no longer required`, breaks: ['old readers'] });
      }
      if (!wasRequired.has(name) && isRequired.has(name)) {
        out.push({ type: 'FIELD_MADE_REQUIRED', coordinate: at, message: `${at} is now required`, breaks: ['old writers'] });
      }
      compare(before[name]!, after[name]!, at, out);
    }
  }
}

/** Every change from the released event schema to the current one, in field order. */
export function diffEventSchemas(released: object, current: object): EventSchemaChange[] {
  const out: EventSchemaChange[] = [];
  const was = (released as JsonSchema)['x-schema-version'];
  const is = (current as JsonSchema)['x-schema-version'];
  if (was !== is) {
    out.push({
      type: 'SCHEMA_VERSION_CHANGED',
      coordinate: 'schemaVersion',
      message: `the major version changed from ${was} to ${is}: readers of ${was} skip the new events until they are upgraded`,
      breaks: ['old readers'],
    });
  }
  compare(released as JsonSchema, current as JsonSchema, '', out);
  return out;
}
