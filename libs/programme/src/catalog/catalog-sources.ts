import type { DataSource } from 'typeorm';
import { departmentByName, FEEDING_DEPARTMENTS, type FeedingDepartment } from '@hkp/departments';
import { readMeasureFeed, type DepartmentCode, type MeasureChangedWire } from '@hkp/policy-model';
import { serviceGraphqlUrl } from '@hkp/util-env';
import type { FeedPage } from './catalog-apply';

/**
 * A page of a feed as it arrives, before the catalog reads its events (see readFeedChanges in
 * catalog-sync.ts): each snapshot is whatever the department sent, JSON text or parsed.
 */
export interface SourcePage extends Omit<FeedPage, 'changes'> {
  changes: MeasureChangedWire[];
}

/** Somewhere the catalog reads changes from: a department's feed, after a position. */
export interface ChangeSource {
  name: string;
  /** The department whose measures this feed carries; a snapshot of any other is not applied. */
  department: DepartmentCode;
  /** The changes after `after` (at most `first`), with the feed's id and latest seq. */
  fetch(after: string, first: number): Promise<SourcePage>;
}

interface RemoteChange {
  seq: string;
  measureId: string;
  version: number;
  kind: string;
  snapshot: string;
}

interface RemoteFeedPage {
  feedId: string;
  latestSeq: string;
  changes: RemoteChange[];
}

/** A department's feed over its subgraph's GraphQL endpoint (the field is hidden from the public graph). */
export function remoteSource(d: FeedingDepartment, timeoutMs = 5000): ChangeSource {
  const service = d.name;
  const field = `${d.fieldPrefix}MeasureChanges`;
  return {
    name: service,
    department: d.code,
    async fetch(after, first) {
      const response = await fetch(serviceGraphqlUrl(service), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': `catalog-sync-${service}` },
        body: JSON.stringify({
          query: `query Feed($after: String, $first: Int) { ${field}(after: $after, first: $first) { feedId latestSeq changes { seq measureId version kind snapshot } } }`,
          variables: { after, first },
        }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const body = (await response.json()) as { data?: Record<string, RemoteFeedPage>; errors?: { message: string }[] };
      if (!response.ok || body.errors?.length || !body.data?.[field]) {
        throw new Error(`${service} feed answered ${response.status}: ${body.errors?.map((e) => e.message).join('; ') ?? 'no data'}`);
      }
      // The snapshots stay JSON text here: the catalog's reader parses each and skips one it cannot read.
      return body.data[field];
    },
  };
}

/** A feed read straight from an outbox in a schema this data source reaches (its own, for the programme). */
export function outboxSource(dataSource: DataSource, name: string, department: DepartmentCode): ChangeSource {
  return {
    name,
    department,
    async fetch(after, first) {
      const { feedId, latestSeq, events } = await readMeasureFeed(dataSource, after, first);
      return {
        feedId,
        latestSeq,
        changes: events.map((e) => ({
          seq: String(e.seq),
          measureId: e.measureId,
          version: e.version,
          kind: e.kind,
          snapshot: e.snapshot,
        })),
      };
    },
  };
}

/** The command office's own measures: its outbox is in its own schema. */
export function localSource(dataSource: DataSource): ChangeSource {
  const office = departmentByName('programme');
  return outboxSource(dataSource, office.name, office.code);
}

/** The office's own feed, then every feeding department's over its endpoint, in manifest order. */
export function departmentSources(dataSource: DataSource): ChangeSource[] {
  return [localSource(dataSource), ...FEEDING_DEPARTMENTS.map((d) => remoteSource(d))];
}
