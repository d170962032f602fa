import { ApolloServer } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { createSubgraphMetrics, SUBGRAPH_METRIC_NAMES } from './metrics';
import { createMetricsPlugin, readSubgraphTracingConfig } from './metrics-plugin';

describe('createMetricsPlugin', () => {
  it('counts the errors of each response by extensions.code, as formatted for the client', async () => {
    const server = new ApolloServer({
      typeDefs: 'type Query { ok: String missing: String broken: String }',
      resolvers: {
        Query: {
          ok: () => 'yes',
          missing: () => {
            throw new GraphQLError('No such thing.', { extensions: { code: 'NOT_FOUND' } });
          },
          broken: () => {
            throw new Error('boom');
          },
        },
      },
      plugins: [createMetricsPlugin('metrics-plugin-spec')],
    });
    await server.start();
    try {
      await server.executeOperation({ query: '{ ok }' });
      await server.executeOperation({ query: '{ ok missing broken }' });
      await server.executeOperation({ query: '{ nope }' });
    } finally {
      await server.stop();
    }
    const text = await createSubgraphMetrics('metrics-plugin-spec').text();
    const count = (code: string) =>
      Number(
        text
          .split('\n')
          .find(
            (l) =>
              l.startsWith(`${SUBGRAPH_METRIC_NAMES.errors}{`) &&
              l.includes(`code="${code}"`) &&
              l.includes('service="metrics-plugin-spec"'),
          )
          ?.split(' ')
          .pop() ?? 0,
      );
    expect(count('NOT_FOUND')).toBe(1);
    expect(count('INTERNAL_SERVER_ERROR')).toBe(1);
    expect(count('GRAPHQL_VALIDATION_FAILED')).toBe(1);
  });
});

describe('readSubgraphTracingConfig', () => {
  it('follows the standard OTEL_* variables, named after the service', () => {
    expect(readSubgraphTracingConfig({}, 'health')).toBeUndefined();
    expect(readSubgraphTracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, 'health')).toEqual({
      exporter: 'otlp',
      endpoint: 'http://collector:4318/v1/traces',
      serviceName: 'health',
      samplingRatio: 1,
      scheduledDelayMillis: 5000,
    });
    expect(readSubgraphTracingConfig({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c' }, 'health')).toBeUndefined();
  });
});
