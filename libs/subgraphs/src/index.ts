// Generated from the department manifest (libs/shared/departments) by the department generator
// (npm run department:new); tools/workspace-plugin checks it. Do not edit by hand.
import { SUBGRAPH_START_ORDER, type DepartmentName } from '@hkp/departments';
import type { SubgraphModule } from '@hkp/subgraph-kit';
import { civilAffairsSubgraph } from '@hkp/civil-affairs';
import { educationSubgraph } from '@hkp/education';
import { financeSubgraph } from '@hkp/finance';
import { healthSubgraph } from '@hkp/health';
import { programmeSubgraph } from '@hkp/programme';
import { transportSubgraph } from '@hkp/transport';

/** Each department's subgraph; a department of the manifest missing here does not compile. */
export const SUBGRAPH_BY_DEPARTMENT: Readonly<Record<DepartmentName, SubgraphModule>> = {
  programme: programmeSubgraph,
  education: educationSubgraph,
  health: healthSubgraph,
  transport: transportSubgraph,
  finance: financeSubgraph,
  'civil-affairs': civilAffairsSubgraph,
};

/** Every subgraph of the federation in start order: civil-affairs (it owns Region, which all others extend) first. */
export const ALL_SUBGRAPHS: SubgraphModule[] = SUBGRAPH_START_ORDER.map((name) => SUBGRAPH_BY_DEPARTMENT[name]);
