import { Client } from 'pg';
import type { SubgraphModule } from '@hkp/subgraph-kit';
import { ALL_SUBGRAPHS } from '@hkp/subgraphs';
import { graphqlRequest, startTestFederation, type TestFederation } from '@hkp/testing';
import { GATEWAY_BENCH_ENV } from './stack';

export interface SubgraphCost {
  requests: number;
  sql: number;
}

export interface OperationCost {
  perSubgraph: Record<string, SubgraphCost>;
  requests: number;
  sql: number;
  /** Bytes of the JSON answer. */
  bytes: number;
  errors: string[];
}

export interface CapturedStatement {
  subgraph: string;
  sql: string;
  parameters: unknown[];
}

type Counters = Record<string, SubgraphCost>;

/**
 * What one operation costs each subgraph, read from the services' own counters: every subgraph
 * and the gateway in this process (startTestFederation, on the benchmark's database), each
 * operation run once, and `database.queries.total` / `graphqlRequests()` compared before and
 * after. The catalog's feed follower is stopped first, so nothing else sends statements while
 * an operation is counted.
 */
export class CostProbe {
  private capturing: CapturedStatement[] | null = null;

  private constructor(private readonly federation: TestFederation) {}

  static async start(databaseUrl: string): Promise<CostProbe> {
    let stopSync: (() => Promise<void>) | undefined;
    const modules: SubgraphModule[] = ALL_SUBGRAPHS.map((module) => {
      const startBackground = module.startBackground;
      if (!startBackground) return module;
      return {
        ...module,
        startBackground: (dataSource, logger) => {
          const stop = startBackground(dataSource, logger);
          stopSync = stop;
          return stop;
        },
      };
    });
    const previous = process.env['LOG_LEVEL'];
    process.env['LOG_LEVEL'] = 'error';
    let federation: TestFederation;
    try {
      federation = await startTestFederation(modules, databaseUrl, { gatewayEnv: GATEWAY_BENCH_ENV });
    } finally {
      if (previous === undefined) delete process.env['LOG_LEVEL'];
      else process.env['LOG_LEVEL'] = previous;
    }
    // The catalog is already complete (the benchmark's own programme process follows the feeds).
    await stopSync?.();
    const probe = new CostProbe(federation);
    probe.hookStatements();
    return probe;
  }

  /** Records the SQL text and parameters of every statement while `capturing` is set. */
  private hookStatements(): void {
    for (const [name, subgraph] of Object.entries(this.federation.subgraphs)) {
      const counter = subgraph.database.queries as unknown as { logQuery: (query: string, parameters?: unknown[]) => void };
      const original = counter.logQuery.bind(counter);
      counter.logQuery = (query: string, parameters?: unknown[]) => {
        this.capturing?.push({ subgraph: name, sql: query, parameters: parameters ?? [] });
        original(query, parameters);
      };
    }
  }

  private counters(): Counters {
    return Object.fromEntries(
      Object.entries(this.federation.subgraphs).map(([name, s]) => [
        name,
        { requests: s.graphqlRequests(), sql: s.database.queries.total },
      ]),
    );
  }

  /** True when nothing is sent while nothing is asked (no background work left running). */
  async isQuiet(ms = 500): Promise<boolean> {
    const before = JSON.stringify(this.counters());
    await new Promise((resolve) => setTimeout(resolve, ms));
    return JSON.stringify(this.counters()) === before;
  }

  async measure(query: string): Promise<OperationCost> {
    return (await this.measureWithData(query)).cost;
  }

  /** The cost of one run of `query`, with the data it answered. */
  async measureWithData(query: string): Promise<{ cost: OperationCost; data: unknown }> {
    const before = this.counters();
    const { status, body } = await graphqlRequest(this.federation.gatewayUrl, query);
    const after = this.counters();
    const perSubgraph: Record<string, SubgraphCost> = {};
    let requests = 0;
    let sql = 0;
    for (const name of Object.keys(after)) {
      const cost = { requests: after[name]!.requests - before[name]!.requests, sql: after[name]!.sql - before[name]!.sql };
      if (cost.requests === 0 && cost.sql === 0) continue;
      perSubgraph[name] = cost;
      requests += cost.requests;
      sql += cost.sql;
    }
    const errors = status !== 200 || !body.data ? [`HTTP ${status}`] : [];
    for (const error of body.errors ?? []) errors.push(error.message);
    return { cost: { perSubgraph, requests, sql, bytes: Buffer.byteLength(JSON.stringify(body)), errors }, data: body.data };
  }

  /** Runs an operation and answers every statement the given subgraph sent for it. */
  async capture(subgraph: string, query: string): Promise<CapturedStatement[]> {
    this.capturing = [];
    try {
      await graphqlRequest(this.federation.gatewayUrl, query);
      return this.capturing.filter((s) => s.subgraph === subgraph);
    } finally {
      this.capturing = null;
    }
  }

  stop(): Promise<void> {
    return this.federation.stop();
  }
}

export interface ExplainedStatement {
  probe: string;
  sql: string;
  parameters: unknown[];
  plan: string;
  executionMs: number | null;
  /** Tables read with a sequential scan, with the rows the scan removed by filter. */
  seqScans: { table: string; rowsRemoved: number | null }[];
}

/** `EXPLAIN (ANALYZE, BUFFERS)` of a captured statement, with the subgraph's search_path. */
export async function explain(
  databaseUrl: string,
  schema: string,
  probe: string,
  statement: CapturedStatement,
): Promise<ExplainedStatement> {
  const client = new Client({ connectionString: databaseUrl, options: `-c search_path=${schema},public` });
  await client.connect();
  try {
    // Warm the cache once so the plan shows steady-state buffers, as under load.
    await client.query(statement.sql, statement.parameters);
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${statement.sql}`, statement.parameters);
    const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
    return {
      probe,
      sql: statement.sql,
      parameters: statement.parameters,
      plan,
      executionMs: executionTimeOf(plan),
      seqScans: seqScansOf(plan),
    };
  } finally {
    await client.end();
  }
}

export function executionTimeOf(plan: string): number | null {
  const match = /Execution Time: ([\d.]+) ms/.exec(plan);
  return match ? Number(match[1]) : null;
}

/** `Seq Scan on catalog_measures c` lines of a text plan, with the `Rows Removed by Filter` of that node. */
export function seqScansOf(plan: string): { table: string; rowsRemoved: number | null }[] {
  const lines = plan.split('\n');
  const scans: { table: string; rowsRemoved: number | null }[] = [];
  lines.forEach((line, i) => {
    const match = /Seq Scan on (\w+)/.exec(line);
    if (!match) return;
    let rowsRemoved: number | null = null;
    // The node's details follow until the next node (a line with "->").
    for (let j = i + 1; j < lines.length && !lines[j]!.includes('->'); j += 1) {
      const removed = /Rows Removed by Filter: (\d+)/.exec(lines[j]!);
      if (removed) rowsRemoved = Number(removed[1]);
    }
    scans.push({ table: match[1]!, rowsRemoved });
  });
  return scans;
}
