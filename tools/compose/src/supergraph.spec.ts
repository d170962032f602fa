import { DEPARTMENT_NAMES } from '@hkp/departments';
import { composeFromSubgraphs, staleFiles, staleMessage } from './compose';

// The same check as `compose --check`, as a test of the compose project: supergraph.graphql is one of
// the project's test inputs (project.json), so `nx affected` runs this when the file or any subgraph changes.
describe('supergraph.graphql and libs/<department>/schema.graphql', () => {
  it('are what the subgraphs print and compose to now (else run "npm run compose" and commit the result)', async () => {
    const composed = await composeFromSubgraphs();
    expect(composed.subgraphs.map((s) => s.name).sort()).toEqual([...DEPARTMENT_NAMES].sort());
    // A failure names the files and the remedy instead of printing two schemas of thousands of lines.
    const stale = staleFiles(composed);
    if (stale.length > 0) throw new Error(staleMessage(stale));
  });
});
