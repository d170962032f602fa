import 'reflect-metadata';
import { runSubgraph } from '@hkp/subgraph-kit';
import { healthSubgraph } from '@hkp/health';

void runSubgraph(healthSubgraph);
