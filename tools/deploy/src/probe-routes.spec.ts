// The probes of deploy/k8s point at routes the services really serve: started here as in
// production, each probe path answers 200 (and a path nobody serves does not).
import { join } from 'node:path';
import { SUBGRAPH_BY_DEPARTMENT } from '@hkp/subgraphs';
import { baseUrlOf, startIsolatedSubgraph, startTestGateway, type IsolatedSubgraph } from '@hkp/testing';
import { workspaceRoot } from '@hkp/util-env';
import type { RunningGateway } from '@hkp/gateway';
import { PROBE_PATHS } from './k8s-manifests';

const status = async (base: string, path: string) => (await fetch(`${base}${path}`)).status;

describe('the probes of deploy/k8s', () => {
  let gateway: RunningGateway | undefined;
  let subgraph: IsolatedSubgraph | undefined;
  afterAll(async () => {
    await gateway?.stop();
    await subgraph?.stop();
  });

  it("point at the gateway's liveness route", async () => {
    gateway = await startTestGateway(join(workspaceRoot(), 'supergraph.graphql'));
    const base = baseUrlOf(gateway.url);
    expect(await status(base, PROBE_PATHS.gateway.live)).toBe(200);
    expect(await status(base, '/health/nothing-here')).not.toBe(200);
  });

  it("point at a subgraph's liveness and readiness routes (one server for every subgraph: subgraph-kit)", async () => {
    subgraph = await startIsolatedSubgraph(SUBGRAPH_BY_DEPARTMENT.finance, 'deploy_probes');
    const base = baseUrlOf(subgraph.subgraph.url);
    expect(await status(base, PROBE_PATHS.subgraph.live)).toBe(200);
    expect(await status(base, PROBE_PATHS.subgraph.ready)).toBe(200);
    expect(await status(base, '/health/nothing-here')).not.toBe(200);
  });
});
