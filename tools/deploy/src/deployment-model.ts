import { DEPARTMENTS, envPrefixOf, type DepartmentManifestEntry } from '@hkp/departments';
import { SERVICE_PORTS } from '@hkp/util-env';

/** A subgraph as the deployment files need it: read from the department manifest. */
export interface DeployedSubgraph {
  readonly name: string;
  readonly port: number;
  /** `CIVIL_AFFAIRS`: its `<PREFIX>_URL` tells the others where it is. */
  readonly envPrefix: string;
  readonly role: DepartmentManifestEntry['role'];
  readonly body: string;
}

export interface DeploymentModel {
  readonly gatewayPort: number;
  /** In manifest order. */
  readonly subgraphs: readonly DeployedSubgraph[];
}

export function deploymentModel(departments: readonly DepartmentManifestEntry[] = DEPARTMENTS): DeploymentModel {
  return {
    gatewayPort: SERVICE_PORTS.gateway,
    subgraphs: departments.map((d) => ({ name: d.name, port: d.port, envPrefix: envPrefixOf(d.name), role: d.role, body: d.body })),
  };
}

/** `http://education:4002/graphql`: the subgraph's Service (Kubernetes) or service (compose) name. */
export function inClusterUrl(subgraph: DeployedSubgraph): string {
  return `http://${subgraph.name}:${subgraph.port}/graphql`;
}

/**
 * The services, besides the gateway, that call a subgraph: the office's catalog follows every
 * department's change feed (libs/programme/src/catalog/catalog-sources.ts), and every department
 * nudges the office's catalog after a write (libs/shared/policy-model/src/writes/catalog-nudge.ts).
 * No department calls another department.
 */
export function internalCallersOf(model: DeploymentModel, subgraph: DeployedSubgraph): DeployedSubgraph[] {
  return subgraph.role === 'office'
    ? model.subgraphs.filter((s) => s.role === 'department')
    : model.subgraphs.filter((s) => s.role === 'office');
}
