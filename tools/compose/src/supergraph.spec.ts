import { DEPARTMENT_NAMES } from '@hkp/departments';
import { composeFromSubgraphs, readCommittedSupergraph, STALE_SUPERGRAPH } from './compose';

// The same check as `compose --check`, as a test of the compose project: supergraph.graphql is one of
// the project's test inputs (project.json), so `nx affected` runs this when the file or any subgraph changes.
describe('supergraph.graphql', () => {
  it('is what the subgraphs compose to now (else run "npm run compose" and commit the result)', async () => {
    const { subgraphs, supergraph } = await composeFromSubgraphs();
    expect(subgraphs.map((s) => s.name).sort()).toEqual([...DEPARTMENT_NAMES].sort());
    // A failure names the remedy instead of printing two schemas of thousands of lines.
    if (readCommittedSupergraph() !== supergraph) {
      throw new Error(STALE_SUPERGRAPH);
    }
  });
});
