import { CriticalityLevel, diff } from '@graphql-inspector/core';
import { approvalFor, readApprovals, type Approval } from './approvals';
import { coordinatesOf } from '@hkp/schema-usage';
import { knownOperations, type KnownOperation } from './known-operations';
import { buildComparable, readCurrent, readReleased, schemaSources } from './schemas';
import { diffEventSchemas, type EventSide } from './event-diff';
import { EVENT_SCHEMAS, readCurrentEventSchema, readReleasedEventSchema, staleEventSchemas, type EventSchemaSource } from './event-schemas';
import { readUsagePolicy, reportedOperations, USAGE_REPORTS_DIR } from './usage-reports';

export type Verdict =
  /**
   * Breaks an operation a client is known to send (or, for an event, a reader or writer of the
   * previous release), and no department approved it: the check fails.
   */
  | 'blocked'
  /** Breaking, approved in schema/approvals.json. */
  | 'approved'
  /** Breaking, but no known operation uses what it changes: ships with a notice in the changelog. */
  | 'unused'
  | 'dangerous'
  | 'safe';

export interface SchemaChange {
  schema: string;
  /** `FIELD_REMOVED` … (graphql-inspector's change types). */
  type: string;
  /** `Region.areaName` */
  coordinate: string;
  message: string;
  verdict: Verdict;
  /** Known operations that use what the change touches. */
  operations: KnownOperation[];
  /** For an event: who of the previous release cannot cope with it (empty when safe). */
  breaks?: EventSide[];
  /** Operations of usage reports older than the deprecation period that used it: they no longer hold it back. */
  formerOperations: KnownOperation[];
  approval?: Approval;
}

export interface DeprecatedInUse {
  coordinate: string;
  reason: string;
  operations: KnownOperation[];
}

export interface CheckReport {
  changes: SchemaChange[];
  /** Schemas with no released snapshot yet (a new department): everything in them is new. */
  unreleased: string[];
  /** Committed event schemas (schema/events/) that differ from what the code describes. */
  stale: string[];
  /** Deprecated fields that known operations still select: they cannot go yet. */
  deprecatedInUse: DeprecatedInUse[];
  operationsKnown: number;
  /** How long the usage reports must show a field unused before it may go. */
  deprecationPeriodDays: number;
  failed: boolean;
}

export interface CheckOptions {
  /** Folders of usage reports besides schema/usage (`--usage <dir>`). */
  usageDirs?: readonly string[];
  /** Instead of schema/usage-policy.json's deprecationPeriodDays (`--deprecation-days`). */
  deprecationPeriodDays?: number;
  /** The day the period is counted back from. */
  now?: Date;
  /** The events to check instead of the repository's (EVENT_SCHEMAS). */
  eventSchemas?: readonly EventSchemaSource[];
}

/**
 * What an operation must use for a change to break it: the changed coordinate itself, or, when
 * something required was added (an argument, an input field), what it was added to.
 */
function affected(type: string, coordinate: string): string[] {
  const added = type === 'FIELD_ARGUMENT_ADDED' || type === 'INPUT_FIELD_ADDED';
  return added ? [coordinate, coordinate.split('.').slice(0, -1).join('.')] : [coordinate];
}

/**
 * Compares every schema with its released snapshot (graphql-inspector's diff and criticality) and
 * weighs each breaking change against the operations clients are known to send.
 */
export async function checkSchemas(root: string, departments?: readonly string[], options: CheckOptions = {}): Promise<CheckReport> {
  const approvals = readApprovals(root);
  const deprecationPeriodDays = options.deprecationPeriodDays ?? readUsagePolicy(root).deprecationPeriodDays;
  // Usage reports count only while recent: what clients sent before the period is history.
  const reported = reportedOperations(
    root,
    [USAGE_REPORTS_DIR, ...(options.usageDirs ?? [])],
    options.now ?? new Date(),
    deprecationPeriodDays,
  );
  const operations = [...knownOperations(root), ...reported.recent];
  const report: CheckReport = {
    changes: [],
    unreleased: [],
    stale: staleEventSchemas(root, options.eventSchemas ?? EVENT_SCHEMAS),
    deprecatedInUse: [],
    operationsKnown: operations.length,
    deprecationPeriodDays,
    failed: false,
  };

  for (const source of schemaSources(root, departments)) {
    const released = readReleased(source);
    const current = readCurrent(source);
    if (released === null) {
      if (current !== null) report.unreleased.push(source.name);
      continue;
    }
    const before = buildComparable(released);
    const after = current === null ? buildComparable('scalar Retired') : buildComparable(current);
    // Operations are read against the released schema: that is what clients wrote them for.
    const usage = operations.map((operation) => ({ operation, used: coordinatesOf(operation.document, before) }));
    const pastUsage = reported.past.map((operation) => ({ operation, used: coordinatesOf(operation.document, before) }));
    for (const change of await diff(before, after)) {
      const coordinate = change.path ?? '';
      const touches = ({ used }: { used: Set<string> }) => affected(change.type, coordinate).some((c) => used.has(c));
      const users = usage.filter(touches).map((u) => u.operation);
      const formerOperations = pastUsage.filter(touches).map((u) => u.operation);
      const base = { schema: source.name, type: change.type, coordinate, message: change.message, operations: users, formerOperations };
      if (change.criticality.level === CriticalityLevel.Breaking) {
        const approval = approvalFor(approvals, base);
        const verdict: Verdict = approval ? 'approved' : users.length > 0 ? 'blocked' : 'unused';
        report.changes.push({ ...base, verdict, approval });
      } else {
        report.changes.push({ ...base, verdict: change.criticality.level === CriticalityLevel.Dangerous ? 'dangerous' : 'safe' });
      }
    }
    if (current !== null) {
      for (const found of deprecatedInUse(after, usage)) {
        if (!report.deprecatedInUse.some((d) => d.coordinate === found.coordinate)) report.deprecatedInUse.push(found);
      }
    }
  }
  checkEventSchemas(root, options.eventSchemas ?? EVENT_SCHEMAS, approvals, report);
  report.failed = report.changes.some((c) => c.verdict === 'blocked') || report.stale.length > 0;
  return report;
}

/**
 * Compares each event's committed JSON Schema with its released one. No client operation reads an
 * event: a change is breaking when a reader or a writer of the previous release cannot cope with
 * it (see event-diff.ts), and then fails the check unless approved.
 */
function checkEventSchemas(root: string, sources: readonly EventSchemaSource[], approvals: Approval[], report: CheckReport): void {
  for (const source of sources) {
    const released = readReleasedEventSchema(root, source.name);
    const current = readCurrentEventSchema(root, source.name);
    if (released === null) {
      if (current !== null) report.unreleased.push(source.name);
      continue;
    }
    for (const change of diffEventSchemas(released, current ?? { type: 'object', properties: {} })) {
      const base = { schema: source.name, ...change, operations: [], formerOperations: [] };
      if (change.breaks.length === 0) {
        report.changes.push({ ...base, verdict: 'safe' });
        continue;
      }
      const approval = approvalFor(approvals, base);
      report.changes.push({ ...base, verdict: approval ? 'approved' : 'blocked', approval });
    }
  }
}

function deprecatedInUse(
  schema: ReturnType<typeof buildComparable>,
  usage: { operation: KnownOperation; used: Set<string> }[],
): DeprecatedInUse[] {
  const found: DeprecatedInUse[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || !('getFields' in type)) continue;
    for (const field of Object.values(type.getFields()) as { name: string; deprecationReason?: string | null }[]) {
      if (!field.deprecationReason) continue;
      const coordinate = `${type.name}.${field.name}`;
      const operations = usage.filter(({ used }) => used.has(coordinate)).map((u) => u.operation);
      if (operations.length > 0) found.push({ coordinate, reason: field.deprecationReason, operations });
    }
  }
  return found;
}
