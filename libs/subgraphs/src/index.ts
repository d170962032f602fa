import type { SubgraphModule } from '@hkp/subgraph-kit';
import { civilAffairsSubgraph } from '@hkp/civil-affairs';

/** Every subgraph of the federation, in the order `npm start` starts them. */
export const ALL_SUBGRAPHS: SubgraphModule[] = [civilAffairsSubgraph];
