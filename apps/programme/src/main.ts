import 'reflect-metadata';
import { runSubgraph } from '@hkp/subgraph-kit';
import { programmeSubgraph } from '@hkp/programme';

void runSubgraph(programmeSubgraph);
