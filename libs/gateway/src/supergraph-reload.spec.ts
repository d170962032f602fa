import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRoot } from '@hkp/util-env';
import { readSupergraphReloadConfig, supergraphProblem } from './supergraph-reload';

const committed = readFileSync(join(workspaceRoot(), 'supergraph.graphql'), 'utf8');
const civilAffairs = readFileSync(join(workspaceRoot(), 'libs', 'civil-affairs', 'schema.graphql'), 'utf8');

describe('what a new supergraph must be before the gateway serves it', () => {
  it('accepts the committed supergraph', () => {
    expect(supergraphProblem(committed)).toBeNull();
  });

  it('names why a file cannot be served', () => {
    expect(supergraphProblem(committed.slice(0, committed.length / 2))).toMatch(/^it is not GraphQL: Syntax Error/);
    expect(supergraphProblem(civilAffairs)).toMatch(/^it is not a supergraph/);
    expect(supergraphProblem('')).toMatch(/^it is not GraphQL/);
    // A field whose type no subgraph defines: the schema does not build.
    const dangling = committed.replace(/type Query\s*(@[^{]*)?\{/, (head) => `${head}\n  broken: NoSuchType\n`);
    expect(supergraphProblem(dangling)).toMatch(/NoSuchType/);
  });
});

describe('SUPERGRAPH_URL and SUPERGRAPH_POLL_INTERVAL_MS', () => {
  it('polls a file every second and a URL every ten by default', () => {
    expect(readSupergraphReloadConfig({})).toEqual({ url: undefined, pollIntervalMs: 1000, drainTimeoutMs: 30_000 });
    expect(readSupergraphReloadConfig({ SUPERGRAPH_URL: 'https://registry.internal/supergraph.graphql' })).toMatchObject({
      url: 'https://registry.internal/supergraph.graphql',
      pollIntervalMs: 10_000,
    });
  });

  it('refuses a URL that is not http(s)', () => {
    expect(() => readSupergraphReloadConfig({ SUPERGRAPH_URL: '/srv/supergraph.graphql' })).toThrow(
      /SUPERGRAPH_URL must be an http\(s\) URL/,
    );
  });
});
