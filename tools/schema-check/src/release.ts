import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readApprovals, writeApprovals } from './approvals';
import { checkSchemas, type CheckOptions, type CheckReport, type SchemaChange } from './check';
import { API_SCHEMA, isApiSchema, readCurrent, releasedDir, schemaSources } from './schemas';
import { EVENT_SCHEMAS, eventSchemaPath, isEventSchema, releasedEventSchemaPath } from './event-schemas';

export const changelogPath = (root: string) => join(root, 'schema', 'CHANGELOG.md');

const HEADER =
  "# Schema changelog\n\nEvery release of the public API and the departments' schemas (`npm run schema:release`), newest first.\n";

function entryLine(change: SchemaChange): string {
  const note =
    change.verdict === 'approved'
      ? ` **Breaking**, approved by ${change.approval!.department}: ${change.approval!.reason}`
      : change.verdict === 'unused'
        ? ' **Breaking**; no known operation used it.'
        : change.verdict === 'dangerous'
          ? ' (may change how existing clients behave)'
          : '';
  return `- \`${change.coordinate}\` ${change.type}: ${change.message}.${note}`;
}

function schemaHeading(schema: string): string {
  if (schema === API_SCHEMA) return 'API (gateway)';
  if (isEventSchema(schema)) return `Event ${schema.slice('events/'.length)} (schema/${schema}.json)`;
  if (isApiSchema(schema))
    return `API, ${schema.slice(API_SCHEMA.length + 1)} contract (schema/${schema.slice(API_SCHEMA.length + 1)}.graphql)`;
  return schema;
}

/** The changelog entry of a release: the client-facing API's changes first, then each department's. */
export function changelogEntry(report: CheckReport, date: string): string {
  const bySchema = new Map<string, SchemaChange[]>();
  for (const change of report.changes) bySchema.set(change.schema, [...(bySchema.get(change.schema) ?? []), change]);
  const sections = [...bySchema].map(([schema, changes]) => `### ${schemaHeading(schema)}\n\n${changes.map(entryLine).join('\n')}\n`);
  if (report.unreleased.length > 0) sections.push(`### First released\n\n${report.unreleased.map((s) => `- ${s}`).join('\n')}\n`);
  return `## ${date}\n\n${sections.length > 0 ? sections.join('\n') : 'No change.\n'}`;
}

/**
 * Fixes the current schemas as released: writes schema/released/, adds a changelog entry, and drops
 * the approvals it used (the changelog keeps their reasons). Refuses while the check fails.
 */
export async function releaseSchemas(
  root: string,
  date = new Date().toISOString().slice(0, 10),
  departments?: readonly string[],
  options: CheckOptions = {},
): Promise<CheckReport> {
  const report = await checkSchemas(root, departments, options);
  if (report.failed) return report;
  mkdirSync(releasedDir(root), { recursive: true });
  for (const source of schemaSources(root, departments)) {
    const current = readCurrent(source);
    if (current === null) rmSync(source.releasedPath, { force: true });
    else writeFileSync(source.releasedPath, current);
  }
  // Events: the committed JSON Schema as it is (the check refused a stale one).
  for (const source of options.eventSchemas ?? EVENT_SCHEMAS) {
    const current = eventSchemaPath(root, source.name);
    const released = releasedEventSchemaPath(root, source.name);
    mkdirSync(dirname(released), { recursive: true });
    if (existsSync(current)) copyFileSync(current, released);
    else rmSync(released, { force: true });
  }
  const used = new Set(report.changes.flatMap((c) => (c.approval ? [c.approval] : [])));
  writeApprovals(
    root,
    readApprovals(root).filter((a) => ![...used].some((u) => JSON.stringify(u) === JSON.stringify(a))),
  );
  const previous = existsSync(changelogPath(root)) ? readFileSync(changelogPath(root), 'utf8').slice(HEADER.length) : '';
  writeFileSync(changelogPath(root), `${HEADER}\n${changelogEntry(report, date)}${previous ? `\n${previous.replace(/^\n/, '')}` : ''}`);
  return report;
}
