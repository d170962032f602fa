import 'reflect-metadata';
import { runSubgraph } from '@hkp/subgraph-kit';
import { transportSubgraph } from '@hkp/transport';

void runSubgraph(transportSubgraph);
