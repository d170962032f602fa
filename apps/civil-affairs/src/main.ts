import 'reflect-metadata';
import { runSubgraph } from '@hkp/subgraph-kit';
import { civilAffairsSubgraph } from '@hkp/civil-affairs';

void runSubgraph(civilAffairsSubgraph);
