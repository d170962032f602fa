import type { DataSource } from 'typeorm';
import { MeasureEventEntity, type DepartmentCode, type MeasureSnapshot } from '@hkp/policy-model';
import { serviceGraphqlUrl, type ServiceName } from '@hkp/util-env';
import type { FeedChange } from './catalog-apply';

/** Somewhere the catalog reads changes from: a department's feed, after a position. */
export interface ChangeSource {
  name: string;
  /** The department whose measures this feed carries; a snapshot of any other is not applied. */
  department: DepartmentCode;
  fetch(after: string, first: number): Promise<FeedChange[]>;
}

interface RemoteChange {
  seq: string;
  measureId: string;
  version: number;
  kind: string;
  snapshot: string;
}

/** A department's feed over its subgraph's GraphQL endpoint (the field is hidden from the public graph). */
export function remoteSource(
  service: Exclude<ServiceName, 'gateway' | 'programme'>,
  department: DepartmentCode,
  fieldPrefix: string,
  timeoutMs = 5000,
): ChangeSource {
  const field = `${fieldPrefix}MeasureChanges`;
  return {
    name: service,
    department,
    async fetch(after, first) {
      const response = await fetch(serviceGraphqlUrl(service), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': `catalog-sync-${service}` },
        body: JSON.stringify({
          query: `query Feed($after: String, $first: Int) { ${field}(after: $after, first: $first) { seq measureId version kind snapshot } }`,
          variables: { after, first },
        }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const body = (await response.json()) as { data?: Record<string, RemoteChange[]>; errors?: { message: string }[] };
      if (!response.ok || body.errors?.length || !body.data?.[field]) {
        throw new Error(`${service} feed answered ${response.status}: ${body.errors?.map((e) => e.message).join('; ') ?? 'no data'}`);
      }
      return body.data[field].map((c) => ({ ...c, snapshot: JSON.parse(c.snapshot) as MeasureSnapshot }));
    },
  };
}

/** The command office's own measures: its outbox is in its own schema. */
export function localSource(dataSource: DataSource): ChangeSource {
  return {
    name: 'programme',
    department: 'PROGRAMME',
    async fetch(after, first) {
      const events = await dataSource
        .getRepository(MeasureEventEntity)
        .createQueryBuilder('e')
        .where('e.seq > :after', { after })
        .orderBy('e.seq', 'ASC')
        .take(first)
        .getMany();
      return events.map((e) => ({ seq: String(e.seq), measureId: e.measureId, version: e.version, kind: e.kind, snapshot: e.snapshot as unknown as MeasureSnapshot }));
    },
  };
}

export function departmentSources(dataSource: DataSource): ChangeSource[] {
  return [
    localSource(dataSource),
    remoteSource('education', 'EDUCATION', 'education'),
    remoteSource('health', 'HEALTH', 'health'),
    remoteSource('transport', 'TRANSPORT', 'transport'),
    remoteSource('finance', 'FINANCE', 'finance'),
    remoteSource('civil-affairs', 'CIVIL_AFFAIRS', 'civilAffairs'),
  ];
}
