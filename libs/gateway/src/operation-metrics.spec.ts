import { createSchema, createYoga, type Plugin } from 'graphql-yoga';
import { GraphQLError } from 'graphql';
import { Registry, type MetricObjectWithValues, type MetricValue } from 'prom-client';
import useMeshPrometheus from '@graphql-mesh/plugin-prometheus';
import { useOperationMetrics } from './operation-metrics';

// Our operation metrics must be Hive's Prometheus plugin's, as the gateway configured it before:
// the same requests through a server with the library and through one with ours give the same
// metric names, help texts, types, label sets and counts (durations differ with the clock).

const schema = createSchema({
  typeDefs: /* GraphQL */ `
    type Query {
      hello: String
      boom: String
    }
    type Mutation {
      bump: Int
    }
    type Subscription {
      ticks: Int
    }
  `,
  resolvers: {
    Query: {
      hello: () => 'world',
      boom: () => {
        throw new GraphQLError('boom', { extensions: { code: 'BOOM' } });
      },
    },
    Mutation: { bump: () => 1 },
    Subscription: {
      ticks: {
        subscribe: async function* () {
          yield { ticks: 1 };
          yield { ticks: 2 };
        },
      },
    },
  },
});

function serverWith(plugin: Plugin) {
  return createYoga({
    schema,
    plugins: [plugin],
    logging: false,
    context: ({ request }) => {
      if (request.headers.get('x-fail-context')) throw new GraphQLError('no context', { extensions: { code: 'NO_CONTEXT' } });
      return {};
    },
  });
}

const REQUESTS: { query: string; operationName?: string; headers?: Record<string, string> }[] = [
  { query: '{ hello }' },
  { query: '{ hello }' },
  { query: 'query Named { hello }' },
  { query: 'query Named { hello }', operationName: 'Named' },
  { query: '{ nope }' },
  { query: '{ hello ' },
  { query: '{ hello ' },
  { query: '{ boom }' },
  { query: 'query Both { boom hello }' },
  { query: 'fragment F on Query { hello } query Q { ...F }' },
  { query: 'fragment F on Query { hello } query Q { ...F }', operationName: 'Q' },
  { query: 'query A { hello } query B { hello }' },
  { query: 'query A { hello } query B { hello }', operationName: 'B' },
  { query: 'mutation { bump }' },
  { query: 'mutation Bump { bump }' },
  { query: '{ hello }', headers: { 'x-fail-context': '1' } },
];

async function exercise(plugin: Plugin): Promise<void> {
  const yoga = serverWith(plugin);
  for (const { query, operationName, headers } of REQUESTS) {
    const response = await yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, operationName }),
    });
    await response.text();
  }
  const stream = await yoga.fetch(`http://localhost/graphql?query=${encodeURIComponent('subscription Ticks { ticks }')}`, {
    headers: { accept: 'text/event-stream' },
  });
  expect(await stream.text()).toContain('"ticks":2');
  await (await yoga.fetch('http://localhost/graphql?query=%7Bhello%7D')).text();
}

type SubgraphHook = (
  payload: object,
) => ((done: { result: unknown }) => { onNext?: (p: object) => void; onEnd?: () => void } | void) | void;
type FetchHook = (payload: object) => ((done: { response: Response }) => void) | void;

/** Subgraph calls and fetches as the gateway runtime reports them to a plugin's hooks. */
function callSubgraphs(plugin: { onSubgraphExecute?: unknown; onFetch?: unknown }): void {
  const execute = plugin.onSubgraphExecute as SubgraphHook;
  const call = (subgraphName: string, operationName: string | undefined, operationType: string | undefined, result: unknown) => {
    const done = execute({ subgraphName, executionRequest: { operationName, operationType, context: {} } });
    return done?.({ result });
  };
  call('civil-affairs', 'Regions', 'query', { data: {} });
  call('civil-affairs', undefined, undefined, { data: {} });
  call('health', 'Regions', 'query', { errors: [new GraphQLError('a'), new GraphQLError('b')] });
  const stream = (async function* () {})();
  const streaming = call('programme', 'Changes', 'subscription', stream);
  streaming?.onNext?.({ result: { errors: [new GraphQLError('c')] } });
  streaming?.onNext?.({ result: { data: {} } });
  streaming?.onEnd?.();

  const fetch = plugin.onFetch as FetchHook;
  for (const [status, statusText] of [
    [200, 'OK'],
    [200, 'OK'],
    [503, 'Service Unavailable'],
  ] as const) {
    fetch({ url: 'http://subgraph/graphql', options: { method: 'POST' }, context: {} })?.({
      response: new Response('', { status, statusText }),
    });
  }
}

/** Everything but durations: histograms and summaries by their counts, counters by their values. */
function comparable(metrics: MetricObjectWithValues<MetricValue<string>>[]) {
  const durationsDropped = (value: MetricValue<string> & { metricName?: string }) =>
    !value.metricName?.endsWith('_bucket') && !value.metricName?.endsWith('_sum') && !('quantile' in value.labels);
  return metrics
    .filter((metric) => !metric.name.startsWith('process_') && !metric.name.startsWith('nodejs_'))
    .map((metric) => ({
      name: metric.name,
      help: metric.help,
      type: metric.type,
      values: metric.values
        .filter(durationsDropped)
        .map((value) => ({ name: (value as { metricName?: string }).metricName ?? metric.name, labels: value.labels, value: value.value }))
        .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

describe.each([false, true])('operation metrics, operation names as labels: %s', (operationNameLabels) => {
  it('are those of Hive’s Prometheus plugin as configured before: names, help, types, label sets and counts', async () => {
    const libraryRegistry = new Registry();
    const library = useMeshPrometheus({
      registry: libraryRegistry,
      endpoint: false,
      labels: { url: false, path: false, operationName: operationNameLabels },
      metrics: { graphql_envelop_deprecated_field: false },
    } as Parameters<typeof useMeshPrometheus>[0]);
    await exercise(library as unknown as Plugin);
    callSubgraphs(library);

    const oursRegistry = new Registry();
    const ours = useOperationMetrics({ registry: oursRegistry, operationNameLabels });
    await exercise(ours as unknown as Plugin);
    callSubgraphs(ours);

    const expected = comparable(await libraryRegistry.getMetricsAsJSON());
    const actual = comparable(await oursRegistry.getMetricsAsJSON());
    // The run counted something in every metric the gateway's operations touch.
    for (const name of [
      'graphql_envelop_request',
      'graphql_envelop_phase_parse',
      'graphql_envelop_phase_validate',
      'graphql_envelop_phase_context',
      'graphql_envelop_phase_execute',
      'graphql_envelop_phase_subscribe',
      'graphql_envelop_request_duration',
      'graphql_envelop_request_time_summary',
      'graphql_envelop_error_result',
      'graphql_envelop_schema_change',
      'graphql_yoga_http_duration',
      'graphql_gateway_subgraph_execute_duration',
      'graphql_gateway_subgraph_execute_errors',
      'graphql_gateway_fetch_duration',
    ]) {
      expect({ name, counted: (expected.find((m) => m.name === name)?.values.length ?? 0) > 0 }).toEqual({ name, counted: true });
    }
    expect(actual).toEqual(expected);
    // And the exposition's help and type lines.
    const headers = (text: string) =>
      text
        .split('\n')
        .filter((line) => line.startsWith('# '))
        .sort();
    expect(headers(await oursRegistry.metrics())).toEqual(headers(await libraryRegistry.metrics()));
  });
});
