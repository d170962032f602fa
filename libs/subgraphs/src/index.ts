import type { SubgraphModule } from '@hkp/subgraph-kit';
import { civilAffairsSubgraph } from '@hkp/civil-affairs';
import { educationSubgraph } from '@hkp/education';
import { financeSubgraph } from '@hkp/finance';
import { healthSubgraph } from '@hkp/health';
import { programmeSubgraph } from '@hkp/programme';
import { transportSubgraph } from '@hkp/transport';

/** Every subgraph of the federation. civil-affairs first: it owns Region, which all others extend. */
export const ALL_SUBGRAPHS: SubgraphModule[] = [
  civilAffairsSubgraph,
  programmeSubgraph,
  educationSubgraph,
  healthSubgraph,
  transportSubgraph,
  financeSubgraph,
];
