import 'reflect-metadata';
import { runSubgraph } from '@hkp/subgraph-kit';
import { educationSubgraph } from '@hkp/education';

void runSubgraph(educationSubgraph);
