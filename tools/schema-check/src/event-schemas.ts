import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MEASURE_CHANGED_EVENT, measureChangedJsonSchema } from '@hkp/policy-model/events';

/** An event between services whose schema is checked and released like a GraphQL schema. */
export interface EventSchemaSource {
  /** `events/measure-changed`: the schema name the check, the approvals and the changelog use. */
  name: string;
  /** The event's JSON Schema, from the code that defines it. */
  generate: () => object;
}

/** The events of this repository: the outbox event every department writes and the catalog reads. */
export const EVENT_SCHEMAS: readonly EventSchemaSource[] = [
  { name: `events/${MEASURE_CHANGED_EVENT}`, generate: measureChangedJsonSchema },
];

export const isEventSchema = (name: string) => name.startsWith('events/');

/** The committed file of an event schema: schema/events/<event>.json. */
export const eventSchemaPath = (root: string, name: string) => join(root, 'schema', `${name}.json`);

/** Its released snapshot: schema/released/events/<event>.json. */
export const releasedEventSchemaPath = (root: string, name: string) => join(root, 'schema', 'released', `${name}.json`);

/** The text committed for an event schema (generated: byte for byte what the code describes). */
export function eventSchemaText(source: EventSchemaSource): string {
  return `${JSON.stringify(source.generate(), null, 2)}\n`;
}

const readJson = (path: string): object | null => (existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as object) : null);

export const readCurrentEventSchema = (root: string, name: string) => readJson(eventSchemaPath(root, name));
export const readReleasedEventSchema = (root: string, name: string) => readJson(releasedEventSchemaPath(root, name));

/** The committed event schemas that are missing or differ from what the code describes (paths from the root). */
export function staleEventSchemas(root: string, sources: readonly EventSchemaSource[] = EVENT_SCHEMAS): string[] {
  return sources
    .filter((source) => {
      const path = eventSchemaPath(root, source.name);
      return !existsSync(path) || readFileSync(path, 'utf8') !== eventSchemaText(source);
    })
    .map((source) => `schema/${source.name}.json`);
}

/** Writes schema/events/ from the code (`npm run schema:check -- --write-events`); answers the files it changed. */
export function writeEventSchemas(root: string, sources: readonly EventSchemaSource[] = EVENT_SCHEMAS): string[] {
  const stale = staleEventSchemas(root, sources);
  for (const source of sources) {
    const path = eventSchemaPath(root, source.name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, eventSchemaText(source));
  }
  return stale;
}
