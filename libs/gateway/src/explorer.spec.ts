import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRoot } from '@hkp/util-env';
import { EXPLORER_DEFAULT_QUERY, explorerOptions, explorerTabs } from './explorer';

describe('explorer', () => {
  it('opens one tab per query example of the README, headed by the sentence introducing it, and none for writes', () => {
    const readme = [
      '# API',
      '',
      '**A portal developer**: every measure',
      'of a city.',
      '',
      '```graphql',
      '{ region(code: "441200") { name } }',
      '```',
      '',
      '```graphql',
      'mutation { createEducationMeasure(input: {}) { version } }',
      '```',
      '',
      '```graphql',
      'query Copy($after: String) { measures(after: $after) { nodes { id } } }',
      '```',
    ].join('\n');
    expect(explorerTabs(readme)).toEqual([
      { query: '# A portal developer: every measure of a city.\n{ region(code: "441200") { name } }\n' },
      { query: 'query Copy($after: String) { measures(after: $after) { nodes { id } } }\n' },
    ]);
  });

  it("is built from this repository's README, and falls back to one query without it", () => {
    const readme = readFileSync(join(workspaceRoot(), 'README.md'), 'utf8');
    const options = explorerOptions();
    expect(options.defaultTabs?.length).toBeGreaterThan(2);
    for (const tab of options.defaultTabs ?? []) expect(readme).toContain(tab.query.replace(/^# .*\n/, ''));
    expect(explorerOptions('/nonexistent/README.md')).toEqual({ title: expect.any(String), defaultQuery: EXPLORER_DEFAULT_QUERY });
  });
});
